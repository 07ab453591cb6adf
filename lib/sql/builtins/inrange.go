// This file implements the in_range support functions of the btree
// operator families (PostgreSQL's in_range_int4_int8, in_range_float8_float8,
// in_range_numeric_numeric, in_range_timestamp_interval, ...), which a
// window frame in RANGE mode with an offset uses to decide which rows
// are within offset of the current row.

package builtins

import (
	"math"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// InRangeFunc reports whether val <= base +/- offset (less) or
// val >= base +/- offset (!less), subtracting when sub is set. Values
// are never NULL.
type InRangeFunc func(ec *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error)

// InRangeOffsetTypes lists the offset types the in_range functions of a
// sort column type accept, in the order of PostgreSQL's catalog
// (pg_amproc by right type OID); nil when the type has none.
func InRangeOffsetTypes(colType uint32) []uint32 {
	switch colType {
	case types.OidInt2, types.OidInt4:
		return []uint32{types.OidInt8, types.OidInt2, types.OidInt4}
	case types.OidInt8:
		return []uint32{types.OidInt8}
	case types.OidFloat4, types.OidFloat8:
		return []uint32{types.OidFloat8}
	case types.OidNumeric:
		return []uint32{types.OidNumeric}
	case types.OidDate, types.OidTime, types.OidTimestamp, types.OidTimestamptz, types.OidInterval, types.OidTimetz:
		return []uint32{types.OidInterval}
	}
	return nil
}

func errInRangeSize() error {
	return pgerr.New(pgerr.InvalidPrecedingOrFollowingSize, "invalid preceding or following size in window function")
}

// InRange returns the in_range function for a sort column of colType and
// an offset of offsetType, nil when there is none.
func InRange(colType, offsetType uint32) InRangeFunc {
	switch colType {
	case types.OidInt2, types.OidInt4, types.OidInt8:
		if offsetType == types.OidInt2 || offsetType == types.OidInt4 || offsetType == types.OidInt8 {
			return inRangeInt
		}
	case types.OidFloat4, types.OidFloat8:
		if offsetType == types.OidFloat8 {
			f4 := colType == types.OidFloat4
			return func(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
				v, b := val.Float8(), base.Float8()
				if f4 {
					v, b = float64(val.Float4()), float64(base.Float4())
				}
				return inRangeFloat(v, b, offset.Float8(), sub, less)
			}
		}
	case types.OidNumeric:
		if offsetType == types.OidNumeric {
			return inRangeNumeric
		}
	case types.OidDate, types.OidTimestamp, types.OidTimestamptz:
		if offsetType == types.OidInterval {
			date, withTZ := colType == types.OidDate, colType == types.OidTimestamptz
			return func(ec *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
				return inRangeTimestamp(ec, val, base, offset, sub, less, date, withTZ)
			}
		}
	case types.OidInterval:
		if offsetType == types.OidInterval {
			return inRangeInterval
		}
	case types.OidTimetz:
		if offsetType == types.OidInterval {
			return inRangeTimeTZ
		}
	case types.OidTime:
		if offsetType == types.OidInterval {
			return func(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
				// Only the time part of the offset counts, and the sum
				// does not wrap around midnight.
				off := offset.Interval().Micros
				if off < 0 {
					return false, errInRangeSize()
				}
				sum := base.Int() + off
				if sub {
					sum = base.Int() - off
				}
				if less {
					return val.Int() <= sum, nil
				}
				return val.Int() >= sum, nil
			}
		}
	}
	return nil
}

func inRangeInt(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
	off := offset.Int()
	if off < 0 {
		return false, errInRangeSize()
	}
	if sub {
		off = -off
	}
	sum, overflow := addOverflows(base.Int(), off)
	if overflow {
		// The true sum is beyond every value: above them when adding,
		// below them when subtracting.
		if sub {
			return !less, nil
		}
		return less, nil
	}
	if less {
		return val.Int() <= sum, nil
	}
	return val.Int() >= sum, nil
}

func inRangeFloat(val, base, offset float64, sub, less bool) (bool, error) {
	if math.IsNaN(offset) || offset < 0 {
		return false, errInRangeSize()
	}
	// NaN sorts after every other value.
	if math.IsNaN(val) {
		if math.IsNaN(base) {
			return true, nil
		}
		return !less, nil
	}
	if math.IsNaN(base) {
		return less, nil
	}
	// base +/- offset would be NaN: every value is in range.
	if math.IsInf(offset, 0) && math.IsInf(base, 0) && ((sub && base > 0) || (!sub && base < 0)) {
		return true, nil
	}
	sum := base + offset
	if sub {
		sum = base - offset
	}
	if less {
		return val <= sum, nil
	}
	return val >= sum, nil
}

func inRangeNumeric(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
	v, b, o := val.Numeric(), base.Numeric(), offset.Numeric()
	if o.Form == apd.NaN || o.Form == apd.NaNSignaling || o.Negative && !o.IsZero() {
		return false, errInRangeSize()
	}
	vNaN := v.Form == apd.NaN || v.Form == apd.NaNSignaling
	bNaN := b.Form == apd.NaN || b.Form == apd.NaNSignaling
	switch {
	case vNaN:
		return bNaN || !less, nil
	case bNaN:
		return less, nil
	case o.Form == apd.Infinite:
		if (sub && b.Form == apd.Infinite && !b.Negative) || (!sub && b.Form == apd.Infinite && b.Negative) {
			return true, nil
		}
		if sub {
			// base - inf is -inf.
			return !less || (v.Form == apd.Infinite && v.Negative), nil
		}
		return less || (v.Form == apd.Infinite && !v.Negative), nil
	}
	var sum types.Datum
	var err error
	if sub {
		sum, err = types.NumericSub(b, o)
	} else {
		sum, err = types.NumericAdd(b, o)
	}
	if err != nil {
		return false, err
	}
	c := types.NumericCmp(v, sum.Numeric())
	if less {
		return c <= 0, nil
	}
	return c >= 0, nil
}

// negativeInterval reports whether an interval is less than zero as
// interval comparison orders them.
func negativeInterval(iv types.Interval) bool {
	return types.Compare(types.OidInterval, types.IntervalDatum(iv), types.IntervalDatum(types.Interval{})) < 0
}

func inRangeTimestamp(ec *expr.EvalContext, val, base, offset types.Datum, sub, less, date, withTZ bool) (bool, error) {
	iv := offset.Interval()
	if negativeInterval(iv) {
		return false, errInRangeSize()
	}
	v, b := val.Int(), base.Int()
	if date {
		var err error
		if v, err = dateToTS(v); err != nil {
			return false, err
		}
		if b, err = dateToTS(b); err != nil {
			return false, err
		}
	}
	if sub {
		var err error
		if iv, err = negInterval(iv); err != nil {
			return false, err
		}
	}
	sum, err := addInterval(ec, b, iv, withTZ)
	if err != nil {
		return false, err
	}
	if less {
		return v <= sum, nil
	}
	return v >= sum, nil
}

func inRangeInterval(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
	iv := offset.Interval()
	if negativeInterval(iv) {
		return false, errInRangeSize()
	}
	if sub {
		var err error
		if iv, err = negInterval(iv); err != nil {
			return false, err
		}
	}
	sum, err := ivAdd(base.Interval(), iv)
	if err != nil {
		return false, err
	}
	c := types.Compare(types.OidInterval, val, types.IntervalDatum(sum))
	if less {
		return c <= 0, nil
	}
	return c >= 0, nil
}

// inRangeTimeTZ is in_range_timetz_interval: like time's, the offset's
// time part moves the base without wrapping around midnight, in the
// base's zone.
func inRangeTimeTZ(_ *expr.EvalContext, val, base, offset types.Datum, sub, less bool) (bool, error) {
	off := offset.Interval().Micros
	if off < 0 {
		return false, errInRangeSize()
	}
	sum := types.TimeTZOf(base)
	if sub {
		sum.Time -= off
	} else {
		sum.Time += off
	}
	c := types.CompareTimeTZ(types.TimeTZOf(val), sum)
	if less {
		return c <= 0, nil
	}
	return c >= 0, nil
}

// inRangeCall is an in_range function called directly:
// in_range(val, base, offset, sub, less), for the argument types of the
// call's pg_proc row.
func inRangeCall(argTypes []uint32, _ uint32) expr.Impl {
	if len(argTypes) != 5 {
		return nil
	}
	f := InRange(argTypes[0], argTypes[2])
	if f == nil {
		return nil
	}
	return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ok, err := f(ec, a[0], a[1], a[2], a[3].Bool(), a[4].Bool())
		if err != nil {
			return types.Null, err
		}
		return types.Bool(ok), nil
	}
}

func addInRangeImpls(m map[string]implEntry) {
	for _, src := range []string{"in_range_date_interval", "in_range_float4_float8", "in_range_float8_float8",
		"in_range_int2_int2", "in_range_int2_int4", "in_range_int2_int8", "in_range_int4_int2", "in_range_int4_int4",
		"in_range_int4_int8", "in_range_int8_int8", "in_range_interval_interval", "in_range_numeric_numeric",
		"in_range_time_interval", "in_range_timestamp_interval", "in_range_timestamptz_interval", "in_range_timetz_interval"} {
		if _, done := m[src]; !done {
			m[src] = implEntry{bind: inRangeCall}
		}
	}
}
