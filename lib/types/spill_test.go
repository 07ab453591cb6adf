package types

import (
	"testing"
)

// TestSpillRoundTrip checks that every kind of value comes back from its
// spill encoding with the same text form (display scale, bounds, ...).
func TestSpillRoundTrip(t *testing.T) {
	desc := &RowDesc{Names: []string{"a", "b", "c"}, Types: []uint32{OidInt4, OidText, OidNumeric}, Mods: []int32{-1, -1, -1}}
	cases := []struct {
		oid  uint32
		text string
	}{
		{OidInt4, "-42"},
		{OidInt8, "-9223372036854775808"},
		{OidInt8, "9223372036854775807"},
		{OidInt2, "7"},
		{OidBool, "true"},
		{OidFloat8, "NaN"},
		{OidFloat8, "-1.5e+300"},
		{OidFloat4, "3.25"},
		{OidText, ""},
		{OidText, "héllo wörld"},
		{OidVarchar, "abc"},
		{OidBpchar, "ab  "},
		{OidBytea, `\x00ff10`},
		{OidNumeric, "1.5000"},
		{OidNumeric, "-123456789012345678901234567890.000000001"},
		{OidNumeric, "NaN"},
		{OidNumeric, "Infinity"},
		{OidNumeric, "-Infinity"},
		{OidNumeric, "0.00"},
		{OidInterval, "1 year 2 mons 3 days 04:05:06.789"},
		{OidDate, "2024-02-29"},
		{OidTimestamptz, "2024-02-29 12:34:56.789+00"},
		{OidInt4Array, "{{1,2},{3,NULL}}"},
		{OidInt4Array, "[0:1]={5,6}"},
		{OidInt4Array, "{}"},
		{OidTextArray, `{a,"b c",NULL,""}`},
		{OidJSONB, `{"a": [1, 2.50, null, true, "x"], "b": {"c": -1e3}}`},
		{OidJSON, `{"a" :  1}`},
		{OidUUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
	}
	var side SpillSide
	var buf []byte
	var ds []Datum
	var oids []uint32
	for _, c := range cases {
		d, err := ParseText(c.oid, -1, c.text, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		ds = append(ds, d, Null)
		oids = append(oids, c.oid, c.oid)
	}
	rec, err := ParseRecord("(1,x,1.50)", desc, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, rec)
	oids = append(oids, OidRecord)
	for i, d := range ds {
		buf = AppendSpill(buf, oids[i], d, &side)
	}
	out := make([]Datum, len(ds))
	if err := DecodeSpill(out, append([]byte(nil), buf...), &side); err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		if d.IsNull() != out[i].IsNull() {
			t.Fatalf("value %d: NULL %v became %v", i, d.IsNull(), out[i].IsNull())
		}
		if d.IsNull() {
			continue
		}
		want, got := FormatText(oids[i], d, nil), FormatText(oids[i], out[i], nil)
		if want != got {
			t.Errorf("value %d (type %d): wrote %q, read %q", i, oids[i], want, got)
		}
		if oids[i] != OidJSON && Compare(oids[i], d, out[i]) != 0 {
			t.Errorf("value %d (type %d): not equal after round trip", i, oids[i])
		}
	}
	if out[len(out)-1].Record().Desc != desc {
		t.Errorf("record descriptor not kept")
	}
	// Truncated input is reported, not misread.
	if err := DecodeSpill(out, buf[:len(buf)-3], &side); err == nil {
		t.Errorf("truncated input decoded without error")
	}
}

// TestSpillUnknownTypeStaysInMemory checks that a value of a type the
// encoding does not know is kept beside the file.
func TestSpillUnknownTypeStaysInMemory(t *testing.T) {
	var side SpillSide
	path := JSONPathDatum(&JSONPath{})
	buf := AppendSpill(nil, OidJSONPath, path, &side)
	out := make([]Datum, 1)
	if err := DecodeSpill(out, buf, &side); err != nil {
		t.Fatal(err)
	}
	if out[0] != path {
		t.Errorf("jsonpath value not returned as kept")
	}
}
