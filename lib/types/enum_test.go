package types

import (
	"bytes"
	"testing"
)

// fakeUserTypes answers for one enum type (oid 90000, labels a < c < b by
// sort order) and its array type (90001), as lib/sql does from the
// catalog.
type fakeUserTypes struct{ labels []*EnumLabel }

func (f fakeUserTypes) UserType(oid uint32) (byte, uint32, uint32) {
	switch oid {
	case 90000:
		return 'e', 0, 0
	case 90001:
		return 'b', 90000, 0
	}
	return 0, 0, 0
}

func (f fakeUserTypes) EnumLabel(typ uint32, label string) (*EnumLabel, error) {
	for _, l := range f.labels {
		if l.Label == label {
			return l, nil
		}
	}
	return nil, errBinaryLength()
}

func (f fakeUserTypes) EnumLabels(uint32) ([]*EnumLabel, error) { return f.labels, nil }
func (f fakeUserTypes) CheckEnumSafe(*EnumLabel) error          { return nil }
func (f fakeUserTypes) RowDesc(uint32) (*RowDesc, error)        { return nil, nil }

func TestEnumAndDomainDispatch(t *testing.T) {
	labels := []*EnumLabel{
		{OID: 90010, Type: 90000, Sort: 1, Label: "a"},
		{OID: 90014, Type: 90000, Sort: 1.5, Label: "c"},
		{OID: 90012, Type: 90000, Sort: 2, Label: "b"},
	}
	opts := &FormatOptions{ExtraFloatDigits: 1, UserTypes: fakeUserTypes{labels}}
	NoteUserArrayType(90001, 90000)
	NoteDomain(90002, OidInt4) // a domain over integer
	NoteDomain(90003, 90002)   // a domain over that domain
	NoteDomain(90004, OidText) // a domain over text
	NoteDomain(90005, 90000)   // a domain over the enum
	parse := func(oid uint32, s string) Datum {
		t.Helper()
		d, err := ParseText(oid, -1, s, opts)
		if err != nil {
			t.Fatalf("ParseText(%d, %q): %v", oid, s, err)
		}
		return d
	}
	for _, tc := range []struct {
		name   string
		oid    uint32
		a, b   string
		cmp    int
		outA   string
		sameKy bool
	}{
		{"enum by sort order, not OID", 90000, "c", "b", -1, "c", false},
		{"enum equal", 90000, "b", "b", 0, "b", true},
		{"enum first", 90000, "a", "c", -1, "a", false},
		{"enum array", 90001, "{a,b}", "{a,c}", 1, "{a,b}", false},
		{"enum array equal", 90001, "{c}", "{c}", 0, "{c}", true},
		{"domain over int", 90002, "10", "9", 1, "10", false},
		{"domain over domain", 90003, "-3", "-3", 0, "-3", true},
		{"domain over text", 90004, "abc", "abd", -1, "abc", false},
		{"domain over enum", 90005, "b", "a", 1, "b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := parse(tc.oid, tc.a), parse(tc.oid, tc.b)
			if got := Compare(tc.oid, a, b); got != tc.cmp {
				t.Errorf("Compare = %d, want %d", got, tc.cmp)
			}
			if got := FormatText(tc.oid, a, opts); got != tc.outA {
				t.Errorf("output %q, want %q", got, tc.outA)
			}
			ka, kb := AppendKey(nil, tc.oid, a), AppendKey(nil, tc.oid, b)
			if bytes.Equal(ka, kb) != tc.sameKy {
				t.Errorf("keys equal = %v, want %v", !tc.sameKy, tc.sameKy)
			}
			bin, err := AppendBinary(nil, tc.oid, a)
			if err != nil || len(bin) == 0 {
				t.Errorf("AppendBinary: %v %v", bin, err)
			}
		})
	}
	// An enum value carries its label's OID in the low half of its value
	// word: what a table stores for it, by value.
	if d := parse(90000, "c"); uint32(d.Int()) != 90014 || !d.IsEnum() || d.Enum().Label != "c" {
		t.Errorf("enum Datum: OID %d, IsEnum %v", uint32(d.Int()), d.IsEnum())
	}
	if _, err := ParseText(90000, -1, "zz", opts); err == nil {
		t.Error("unknown label accepted")
	}
	if ElemType(90001) != 90000 || ElemType(OidInt4Array) != OidInt4 || ElemType(OidInt4) != 0 {
		t.Error("ElemType")
	}
	if DomainBase(90003) != OidInt4 || DomainBase(OidText) != OidText {
		t.Error("DomainBase")
	}
}
