package builtins

import (
	"math"
	"testing"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Every window function of pg_proc is found by name and implemented.
func TestWindowFuncsImplemented(t *testing.T) {
	names := []string{"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
		"lag", "lead", "first_value", "last_value", "nth_value"}
	n := 0
	for _, name := range names {
		fs, err := WindowFuncs(catalog.Syscache{}, name)
		if err != nil || len(fs) == 0 {
			t.Fatalf("%s: %v, %v", name, fs, err)
		}
		for _, f := range fs {
			n++
			if !WindowImplemented(f.Src) {
				t.Errorf("%s (%s) is not implemented", name, f.Src)
			}
		}
	}
	if n != 15 {
		t.Errorf("found %d window functions, PostgreSQL 15 has 15", n)
	}
}

// in_range at the edges: sums beyond the type's range, NaN and infinite
// floats, negative offsets.
func TestInRange(t *testing.T) {
	ec := &expr.EvalContext{}
	i8 := func(v int64) types.Datum { return types.Int(v) }
	f8 := types.Float8
	for _, c := range []struct {
		col, off          uint32
		val, base, offset types.Datum
		sub, less, want   bool
	}{
		{types.OidInt8, types.OidInt8, i8(5), i8(math.MaxInt64 - 1), i8(10), false, true, true},
		{types.OidInt8, types.OidInt8, i8(5), i8(math.MaxInt64 - 1), i8(10), false, false, false},
		{types.OidInt8, types.OidInt8, i8(5), i8(math.MinInt64 + 1), i8(10), true, false, true},
		{types.OidInt4, types.OidInt2, i8(7), i8(5), i8(2), false, true, true},
		{types.OidInt4, types.OidInt2, i8(8), i8(5), i8(2), false, true, false},
		{types.OidFloat8, types.OidFloat8, f8(math.NaN()), f8(1), f8(1), false, true, false},
		{types.OidFloat8, types.OidFloat8, f8(math.NaN()), f8(math.NaN()), f8(1), false, true, true},
		{types.OidFloat8, types.OidFloat8, f8(-5), f8(math.Inf(1)), f8(math.Inf(1)), true, false, true},
		{types.OidFloat8, types.OidFloat8, f8(3), f8(1), f8(math.Inf(1)), false, true, true},
	} {
		fn := InRange(c.col, c.off)
		if fn == nil {
			t.Fatalf("no in_range for %d, %d", c.col, c.off)
		}
		got, err := fn(ec, c.val, c.base, c.offset, c.sub, c.less)
		if err != nil || got != c.want {
			t.Errorf("in_range(%v, %v, %v, sub=%v, less=%v) = %v, %v; want %v", c.val, c.base, c.offset, c.sub, c.less, got, err, c.want)
		}
	}
	_, err := InRange(types.OidInt4, types.OidInt4)(ec, i8(1), i8(1), i8(-1), true, false)
	if pgerr.CodeOf(err) != pgerr.InvalidPrecedingOrFollowingSize {
		t.Errorf("negative offset: %v", err)
	}
	if InRange(types.OidText, types.OidText) != nil || InRangeOffsetTypes(types.OidText) != nil {
		t.Error("text has no in_range")
	}
}
