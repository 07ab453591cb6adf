package types

import "testing"

func TestUUIDText(t *testing.T) {
	want := "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
	for _, in := range []string{want, "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "A0EEBC999C0B4EF8BB6D6BB9BD380A11",
		"a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"} {
		d, err := ParseText(OidUUID, -1, in, nil)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := FormatText(OidUUID, d, nil); got != want {
			t.Errorf("%s: printed %s", in, got)
		}
		b, err := AppendBinary(nil, OidUUID, d)
		if err != nil || len(b) != UUIDLen {
			t.Fatalf("%s: binary %x %v", in, b, err)
		}
		back, err := ParseBinary(OidUUID, -1, b)
		if err != nil || Compare(OidUUID, back, d) != 0 {
			t.Fatalf("%s: binary round trip %v", in, err)
		}
	}
	for _, in := range []string{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x",
		"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999-c0b-4ef8-bb6d-6bb9bd380a11", "", "-a0eebc999c0b4ef8bb6d6bb9bd380a11"} {
		if _, err := ParseText(OidUUID, -1, in, nil); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	r, err := RandomUUID()
	if err != nil {
		t.Fatal(err)
	}
	s := FormatText(OidUUID, r, nil)
	if len(s) != 36 || s[14] != '4' || (s[19] != '8' && s[19] != '9' && s[19] != 'a' && s[19] != 'b') {
		t.Errorf("random uuid %s is not version 4", s)
	}
}
