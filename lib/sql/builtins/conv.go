// This file implements the cast functions between built-in types that are
// not plain I/O conversions: integer widening and narrowing, float and
// numeric conversions, and the "char", name and bool conversions.

package builtins

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func fn1(f func(d types.Datum) (types.Datum, error)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) { return f(args[0]) }}
}

// toIntChecked converts to an integer type with a range check.
func toIntChecked(ret uint32) implEntry {
	return fn1(func(d types.Datum) (types.Datum, error) { return checkInt(ret, d.Int(), false) })
}

// floatToInt is dtoi4 and friends: round to nearest even, then check the
// range.
func floatToInt(ret uint32, single bool) implEntry {
	return fn1(func(d types.Datum) (types.Datum, error) {
		f := d.Float8()
		if single {
			f = float64(d.Float4())
		}
		f = math.RoundToEven(f)
		lo, hi := intBounds(ret)
		// The bounds test mirrors FLOAT8_FITS_IN_INT64: hi+1 is exact.
		if math.IsNaN(f) || f < float64(lo) || f >= -float64(lo) || (ret != types.OidInt8 && f > float64(hi)) {
			return types.Null, types.ErrIntOutOfRange(ret)
		}
		return types.Int(int64(f)), nil
	})
}

func addConvImpls(m map[string]implEntry) {
	same := fn1(func(d types.Datum) (types.Datum, error) { return d, nil })
	m["i2toi4"], m["int28"], m["int48"] = same, same, same
	m["i4toi2"], m["int82"] = toIntChecked(types.OidInt2), toIntChecked(types.OidInt2)
	m["int84"] = toIntChecked(types.OidInt4)
	toF8 := fn1(func(d types.Datum) (types.Datum, error) { return types.Float8(float64(d.Int())), nil })
	toF4 := fn1(func(d types.Datum) (types.Datum, error) { return types.Float4(float32(d.Int())), nil })
	m["i2tod"], m["i4tod"], m["i8tod"] = toF8, toF8, toF8
	m["i2tof"], m["i4tof"], m["i8tof"] = toF4, toF4, toF4
	m["ftod"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Float8(float64(d.Float4())), nil })
	m["dtof"] = fn1(func(d types.Datum) (types.Datum, error) {
		f := d.Float8()
		r := float32(f)
		if math.IsInf(float64(r), 0) && !math.IsInf(f, 0) {
			return types.Null, errFloatOverflow()
		}
		if r == 0 && f != 0 {
			return types.Null, errFloatUnderflow()
		}
		return types.Float4(r), nil
	})
	m["dtoi2"], m["dtoi4"], m["dtoi8"] = floatToInt(types.OidInt2, false), floatToInt(types.OidInt4, false), floatToInt(types.OidInt8, false)
	m["ftoi2"], m["ftoi4"], m["ftoi8"] = floatToInt(types.OidInt2, true), floatToInt(types.OidInt4, true), floatToInt(types.OidInt8, true)
	intToNum := fn1(func(d types.Datum) (types.Datum, error) { return types.NumericFromInt(d.Int()), nil })
	m["int2_numeric"], m["int4_numeric"], m["int8_numeric"] = intToNum, intToNum, intToNum
	m["float8_numeric"] = fn1(func(d types.Datum) (types.Datum, error) { return types.NumericFromFloat(d.Float8(), 64) })
	m["float4_numeric"] = fn1(func(d types.Datum) (types.Datum, error) { return types.NumericFromFloat(float64(d.Float4()), 32) })
	numToInt := func(ret uint32) implEntry {
		return fn1(func(d types.Datum) (types.Datum, error) {
			v, err := types.NumericToInt(d.Numeric(), ret)
			return types.Int(v), err
		})
	}
	m["numeric_int2"], m["numeric_int4"], m["numeric_int8"] = numToInt(types.OidInt2), numToInt(types.OidInt4), numToInt(types.OidInt8)
	m["numeric_float8"] = fn1(func(d types.Datum) (types.Datum, error) {
		f, err := types.NumericToFloat(d.Numeric(), 64)
		return types.Float8(f), err
	})
	m["numeric_float4"] = fn1(func(d types.Datum) (types.Datum, error) {
		f, err := types.NumericToFloat(d.Numeric(), 32)
		return types.Float4(float32(f)), err
	})
	m["i8tooid"] = fn1(func(d types.Datum) (types.Datum, error) {
		v := d.Int()
		if v < 0 || v > math.MaxUint32 {
			return types.Null, types.ErrIntOutOfRange(types.OidOid)
		}
		return types.Int(v), nil
	})
	m["oidtoi8"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Int(int64(uint32(d.Int()))), nil })
	m["int4_bool"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Bool(d.Int() != 0), nil })
	m["bool_int4"] = fn1(func(d types.Datum) (types.Datum, error) {
		if d.Bool() {
			return types.Int(1), nil
		}
		return types.Int(0), nil
	})
	m["chartoi4"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Int(int64(int8(d.Int()))), nil })
	m["i4tochar"] = fn1(func(d types.Datum) (types.Datum, error) {
		v := d.Int()
		if v < math.MinInt8 || v > math.MaxInt8 {
			return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "\"char\" out of range")
		}
		return types.Int(int64(uint8(int8(v)))), nil
	})
	m["text_char"] = fn1(func(d types.Datum) (types.Datum, error) {
		s := d.Text()
		if s == "" {
			return types.Int(0), nil
		}
		return types.Int(int64(s[0])), nil
	})
	charText := fn1(func(d types.Datum) (types.Datum, error) {
		c := byte(d.Int())
		if c == 0 {
			return types.Text(""), nil
		}
		return types.Text(string([]byte{c})), nil
	})
	m["char_text"], m["char_bpchar"] = charText, charText
	m["name_text"], m["name_bpchar"] = same, same
	m["text_name"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Text(types.TruncateIdentifier(d.Text())), nil })
	m["bpchar_name"] = fn1(func(d types.Datum) (types.Datum, error) {
		return types.Text(types.TruncateIdentifier(types.BpcharTrimmed(d.Text()))), nil
	})
	m["booltext"] = fn1(func(d types.Datum) (types.Datum, error) {
		if d.Bool() {
			return types.Text("true"), nil
		}
		return types.Text("false"), nil
	})
	// Length coercion functions, when called by name.
	typmodFn := func(typ uint32) implEntry {
		return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			explicit := len(args) > 2 && args[2].Bool()
			return expr.ApplyTypmod(typ, int32(args[1].Int()), args[0], explicit)
		}}
	}
	m["varchar"] = typmodFn(types.OidVarchar)
	m["bpchar"] = typmodFn(types.OidBpchar)
	m["numeric"] = typmodFn(types.OidNumeric)
	m["timestamp_scale"] = typmodFn(types.OidTimestamp)
	m["timestamptz_scale"] = typmodFn(types.OidTimestamptz)
	m["time_scale"] = typmodFn(types.OidTime)
	m["interval_scale"] = typmodFn(types.OidInterval)
}
