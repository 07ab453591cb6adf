package types

import (
	"encoding/binary"
	"testing"
)

func TestXid8Input(t *testing.T) {
	for in, want := range map[string]string{
		"42": "42", "0x1F": "31", " 017": "15", "12 ": "12", "-1": "18446744073709551615",
		"18446744073709551616": "18446744073709551615", "junk": "0", "0x": "0", "": "0",
	} {
		d, err := ParseText(OidXid8, -1, in, nil)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := FormatText(OidXid8, d, nil); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}

func TestSnapshotIO(t *testing.T) {
	for in, want := range map[string]string{
		"1:5:2,3": "1:5:2,3", "1:5:": "1:5:", "1:5:3,3,4": "1:5:3,4", " 1: 5: 2, 3": "1:5:2,3", "7:7:": "7:7:",
	} {
		d, err := ParseText(OidPgSnapshot, -1, in, nil)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if got := FormatText(OidTxidSnapshot, d, nil); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
		b, err := AppendBinary(nil, OidPgSnapshot, d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseBinary(OidPgSnapshot, -1, b)
		if err != nil || FormatText(OidPgSnapshot, back, nil) != want {
			t.Errorf("%q: binary round trip gave %v, %v", in, back, err)
		}
	}
	for _, in := range []string{"5:1:", "1:5:2,1", "0:5:", "1:5:5", "1:5:,", "1:5", "1:5:3;", ""} {
		if _, err := ParseText(OidPgSnapshot, -1, in, nil); err == nil || err.Error() != `invalid input syntax for type pg_snapshot: "`+in+`"` {
			t.Errorf("%q: got %v", in, err)
		}
	}
	bad := binary.BigEndian.AppendUint32(nil, 1)
	bad = binary.BigEndian.AppendUint64(bad, 5)
	bad = binary.BigEndian.AppendUint64(bad, 9)
	bad = binary.BigEndian.AppendUint64(bad, 2) // below xmin
	if _, err := ParseBinary(OidPgSnapshot, -1, bad); err == nil || err.Error() != "invalid external pg_snapshot data" {
		t.Errorf("binary xip below xmin: got %v", err)
	}
}

func TestSnapshotVisible(t *testing.T) {
	s := Snapshot{Xmin: 2, Xmax: 10, Xip: []uint64{3, 5}}
	for x, want := range map[uint64]bool{1: true, 2: true, 3: false, 4: true, 5: false, 9: true, 10: false, 11: false} {
		if got := s.Visible(x); got != want {
			t.Errorf("Visible(%d) = %v", x, got)
		}
	}
}
