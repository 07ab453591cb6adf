package types

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func arrayText(t *testing.T, a *Array) string {
	t.Helper()
	return string(AppendText(nil, OidInt4Array, ArrayDatum(a), &FormatOptions{}))
}

func parseIntArray(t *testing.T, s string) *Array {
	t.Helper()
	d, err := ParseText(OidInt4Array, -1, s, &FormatOptions{})
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return d.Array()
}

func TestArraySlice(t *testing.T) {
	for _, c := range []struct {
		in     string
		bounds []SliceBound
		want   string
	}{
		{"{1,2,3,4,5}", []SliceBound{{Lower: 2, Upper: 3, HasLower: true, HasUpper: true}}, "{2,3}"},
		{"{1,2,3,4,5}", []SliceBound{{Upper: 2, HasUpper: true}}, "{1,2}"},
		{"{1,2,3,4,5}", []SliceBound{{Lower: 4, HasLower: true}}, "{4,5}"},
		{"{1,2,3,4,5}", []SliceBound{{Lower: 0, Upper: 10, HasLower: true, HasUpper: true}}, "{1,2,3,4,5}"},
		{"{1,2,3,4,5}", []SliceBound{{Lower: 3, Upper: 2, HasLower: true, HasUpper: true}}, "{}"},
		{"[0:2]={1,2,3}", []SliceBound{{Lower: 0, Upper: 1, HasLower: true, HasUpper: true}}, "{1,2}"},
		{"{{1,2,3},{4,5,6},{7,8,9}}", []SliceBound{{Lower: 1, Upper: 2, HasLower: true, HasUpper: true}, {Lower: 2, Upper: 3, HasLower: true, HasUpper: true}}, "{{2,3},{5,6}}"},
		{"{{1,2,3},{4,5,6}}", []SliceBound{{Lower: 2, HasLower: true}}, "{{4,5,6}}"},
		{"{1,2}", []SliceBound{{}, {}}, "{}"},
	} {
		if got := arrayText(t, ArraySlice(parseIntArray(t, c.in), c.bounds)); got != c.want {
			t.Errorf("%s%v = %s, want %s", c.in, c.bounds, got, c.want)
		}
	}
}

func TestArraySetElement(t *testing.T) {
	for _, c := range []struct {
		in   string
		idx  []int32
		want string
		err  string
	}{
		{"{1,2,3}", []int32{2}, "{1,9,3}", ""},
		{"{1,2,3}", []int32{5}, "{1,2,3,NULL,9}", ""},
		{"{1,2,3}", []int32{-1}, "[-1:3]={9,NULL,1,2,3}", ""},
		{"{}", []int32{3}, "[3:3]={9}", ""},
		{"{}", []int32{1, 2}, "[1:1][2:2]={{9}}", ""},
		{"{{1,2},{3,4}}", []int32{2, 1}, "{{1,2},{9,4}}", ""},
		{"{{1,2},{3,4}}", []int32{3, 1}, "", "array subscript out of range"},
		{"{{1,2},{3,4}}", []int32{1}, "", "wrong number of array subscripts"},
	} {
		in := parseIntArray(t, c.in)
		before := arrayText(t, in)
		out, err := ArraySetElement(in, c.idx, Int(9))
		if c.err != "" {
			if pe := pgerr.As(err); pe == nil || pe.Message != c.err {
				t.Errorf("%s%v: error %v, want %s", c.in, c.idx, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s%v: %v", c.in, c.idx, err)
		}
		if got := arrayText(t, out); got != c.want {
			t.Errorf("%s%v = %s, want %s", c.in, c.idx, got, c.want)
		}
		if arrayText(t, in) != before {
			t.Errorf("%s%v changed its input", c.in, c.idx)
		}
	}
}

func TestArraySetSlice(t *testing.T) {
	src := parseIntArray(t, "{7,8,9}")
	for _, c := range []struct {
		in     string
		bounds []SliceBound
		want   string
		err    string
	}{
		{"{1,2,3}", []SliceBound{{Lower: 1, Upper: 2, HasLower: true, HasUpper: true}}, "{7,8,3}", ""},
		{"{1,2,3}", []SliceBound{{Lower: 5, Upper: 6, HasLower: true, HasUpper: true}}, "{1,2,3,NULL,7,8}", ""},
		{"{1,2,3}", []SliceBound{{Upper: 1, HasUpper: true}}, "{7,2,3}", ""},
		{"{}", []SliceBound{{Lower: 2, Upper: 3, HasLower: true, HasUpper: true}}, "[2:3]={7,8}", ""},
		{"{}", []SliceBound{{Upper: 3, HasUpper: true}}, "", "array slice subscript must provide both boundaries"},
		{"{1,2,3}", []SliceBound{{Lower: 1, Upper: 5, HasLower: true, HasUpper: true}}, "", "source array too small"},
		{"{1,2,3}", []SliceBound{{Lower: 3, Upper: 2, HasLower: true, HasUpper: true}}, "", "upper bound cannot be less than lower bound"},
		{"{{1,2},{3,4}}", []SliceBound{{Lower: 2, Upper: 2, HasLower: true, HasUpper: true}}, "{{1,2},{7,8}}", ""},
		{"{{1,2},{3,4}}", []SliceBound{{Lower: 2, Upper: 3, HasLower: true, HasUpper: true}}, "", "array subscript out of range"},
	} {
		out, err := ArraySetSlice(parseIntArray(t, c.in), c.bounds, src)
		if c.err != "" {
			if pe := pgerr.As(err); pe == nil || pe.Message != c.err {
				t.Errorf("%s%v: error %v, want %s", c.in, c.bounds, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s%v: %v", c.in, c.bounds, err)
		}
		if got := arrayText(t, out); got != c.want {
			t.Errorf("%s%v = %s, want %s", c.in, c.bounds, got, c.want)
		}
	}
}

// TestArrayBinaryDims checks that the binary format keeps dimensions
// and lower bounds.
func TestArrayBinaryDims(t *testing.T) {
	for _, s := range []string{"[0:1][3:5]={{1,2,3},{4,NULL,6}}", "{{{1}},{{2}}}", "{}", "[-2:-1]={1,2}"} {
		a := parseIntArray(t, s)
		b, err := AppendBinary(nil, OidInt4Array, ArrayDatum(a))
		if err != nil {
			t.Fatal(err)
		}
		d, err := ParseBinary(OidInt4Array, -1, b)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := arrayText(t, d.Array()); got != s {
			t.Errorf("binary round trip of %s gave %s", s, got)
		}
	}
}

func TestArrayBoundsChecked(t *testing.T) {
	_, err := ParseText(OidInt4Array, -1, "[2147483647:2147483647]={1}", &FormatOptions{})
	if pe := pgerr.As(err); pe == nil || pe.Message != "array lower bound is too large: 2147483647" {
		t.Errorf("got %v", err)
	}
	if _, err := ArrayNItems([]int32{100000, 100000}); err == nil {
		t.Error("ArrayNItems accepted 10^10 elements")
	}
}
