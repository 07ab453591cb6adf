package types

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestRecordTextRoundTrip(t *testing.T) {
	desc := &RowDesc{Names: []string{"a", "b", "c"}, Types: []uint32{OidInt4, OidText, OidNumeric}, Mods: []int32{-1, -1, -1}}
	cases := []struct{ in, out string }{
		{"(1,x,1.5)", "(1,x,1.5)"},
		{"(,,)", "(,,)"},
		{`(1,  "a b" ,2)`, `(1,"  a b ",2)`},
		{`(1,"q""r\\s",)`, `(1,"q""r\\s",)`},
		{` (1,"()",0) `, `(1,"()",0)`},
		{`(1,a\,b,0)`, `(1,"a,b",0)`},
	}
	for _, c := range cases {
		d, err := ParseRecord(c.in, desc, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if got := FormatText(OidRecord, d, nil); got != c.out {
			t.Errorf("%s: got %s, want %s", c.in, got, c.out)
		}
	}
}

func TestRecordParseErrors(t *testing.T) {
	desc := &RowDesc{Names: []string{"a", "b"}, Types: []uint32{OidInt4, OidText}, Mods: []int32{-1, -1}}
	cases := []struct{ in, detail string }{
		{"1,a", "Missing left parenthesis."},
		{"(1)", "Too few columns."},
		{"(1,a,b)", "Too many columns."},
		{"(1,a) x", "Junk after right parenthesis."},
		{`(1,"a`, "Unexpected end of input."},
		{"(1,a", "Unexpected end of input."},
		{`(1,a\`, "Unexpected end of input."},
	}
	for _, c := range cases {
		_, err := ParseRecord(c.in, desc, nil)
		if err == nil || !strings.Contains(err.Error(), "malformed record literal") {
			t.Errorf("%s: got %v", c.in, err)
			continue
		}
		if pe, ok := err.(*pgerr.Error); !ok || pe.Detail != c.detail {
			t.Errorf("%s: %v: want detail %q", c.in, err, c.detail)
		}
	}
	if _, err := ParseRecord("(x,a)", desc, nil); err == nil || !strings.Contains(err.Error(), "invalid input syntax for type integer") {
		t.Errorf("bad field: %v", err)
	}
}

func TestRecordCompare(t *testing.T) {
	desc := &RowDesc{Types: []uint32{OidInt4, OidText}, Mods: []int32{-1, -1}}
	rec := func(vals ...Datum) Datum { return RecordDatum(&Record{Desc: desc, Values: vals}) }
	a, b, n := rec(Int(1), Text("a")), rec(Int(1), Text("b")), rec(Int(1), Null)
	if Compare(OidRecord, a, b) >= 0 || Compare(OidRecord, b, n) >= 0 || Compare(OidRecord, n, n) != 0 {
		t.Error("record order: NULL fields sort last and equal each other")
	}
	if string(AppendKey(nil, OidRecord, a)) == string(AppendKey(nil, OidRecord, b)) {
		t.Error("different records share a hash key")
	}
	other := RecordDatum(&Record{Desc: &RowDesc{Types: []uint32{OidInt8, OidText}, Mods: []int32{-1, -1}}, Values: []Datum{Int(1), Text("a")}})
	if _, err := CompareRecordChecked(a.Record(), other.Record(), true); err == nil || !strings.Contains(err.Error(), "dissimilar column types integer and bigint at record column 1") {
		t.Errorf("dissimilar types: %v", err)
	}
}

// compositeTypes answers for composite type 90100 (a int, b text) and
// its array type 90101, and for 90102 (p 90100, ps 90101).
type compositeTypes struct{ fakeUserTypes }

func (compositeTypes) UserType(oid uint32) (byte, uint32, uint32) {
	switch oid {
	case 90100, 90102:
		return 'c', 0, 0
	case 90101:
		return 'b', 90100, 0
	}
	return 0, 0, 0
}

func (compositeTypes) RowDesc(oid uint32) (*RowDesc, error) {
	switch oid {
	case 90100:
		return &RowDesc{Names: []string{"a", "b"}, Types: []uint32{OidInt4, OidText}, Mods: []int32{-1, -1}}, nil
	case 90102:
		return &RowDesc{Names: []string{"p", "ps"}, Types: []uint32{90100, 90101}, Mods: []int32{-1, -1}}, nil
	}
	return nil, nil
}

func TestRecordBinaryRoundTrip(t *testing.T) {
	ut := compositeTypes{}
	opts := &FormatOptions{UserTypes: ut}
	for _, in := range []string{`("(1,x)","{""(2,y)"",NULL,""(,)""}")`, `(,)`, `("(,)",{})`} {
		d, err := ParseText(90102, -1, in, opts)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		b, err := AppendBinary(nil, 90102, d)
		if err != nil {
			t.Fatalf("%s: send: %v", in, err)
		}
		back, err := ParseBinaryUser(90102, -1, b, ut)
		if err != nil {
			t.Fatalf("%s: recv: %v", in, err)
		}
		if got := FormatText(90102, back, opts); got != in {
			t.Errorf("round trip of %s gave %s", in, got)
		}
	}
	// record_recv's checks: the column count and each column's type.
	d, _ := ParseText(90100, -1, "(1,x)", opts)
	b, _ := AppendBinary(nil, 90100, d)
	if _, err := ParseBinaryUser(90102, -1, b, ut); pgerr.CodeOf(err) != pgerr.DatatypeMismatch ||
		!strings.Contains(err.Error(), "wrong data type: 23, expected 90100") {
		t.Errorf("wrong column type: %v", err)
	}
	if _, err := ParseBinaryUser(90100, -1, b[:len(b)-1], ut); pgerr.CodeOf(err) != pgerr.InvalidBinaryRepresentation {
		t.Errorf("short input: %v", err)
	}
	if _, err := ParseBinaryUser(90100, -1, append(append([]byte(nil), b[:3]...), 3), ut); pgerr.CodeOf(err) != pgerr.DatatypeMismatch {
		t.Errorf("wrong column count: %v", err)
	}
}
