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
