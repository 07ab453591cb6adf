// This file implements float4 and float8 arithmetic and the
// double-precision math functions, with PostgreSQL's overflow, underflow
// and domain errors.

package builtins

import (
	"math"
	"strconv"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func errFloatOverflow() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
}

func errFloatUnderflow() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: underflow")
}

// floatResult checks r as float_overflow_error/float_underflow_error do:
// an infinite result from finite inputs overflowed, a zero result from
// non-zero inputs underflowed (only for multiplication and division).
func floatResult(ret uint32, r float64, inputsInf bool, checkUnder bool, inputsZero bool) (types.Datum, error) {
	if ret == types.OidFloat4 {
		f := float32(r)
		if math.IsInf(float64(f), 0) && !inputsInf {
			return types.Null, errFloatOverflow()
		}
		if checkUnder && f == 0 && !inputsZero {
			return types.Null, errFloatUnderflow()
		}
		return types.Float4(f), nil
	}
	if math.IsInf(r, 0) && !inputsInf {
		return types.Null, errFloatOverflow()
	}
	if checkUnder && r == 0 && !inputsZero {
		return types.Null, errFloatUnderflow()
	}
	return types.Float8(r), nil
}

func floatBinary(op func(a, b float64, ret uint32) (types.Datum, error)) implEntry {
	return implEntry{bind: func(argTypes []uint32, ret uint32) expr.Impl {
		lt, rt := argTypes[0], argTypes[1]
		return func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			return op(asFloat(lt, args[0]), asFloat(rt, args[1]), ret)
		}
	}}
}

// floatUnary wraps a float8 -> float8 function; float4 versions compute in
// double and round, as PostgreSQL's float4 functions cast to double.
func floatUnary(op func(a float64) (float64, error)) implEntry {
	return implEntry{bind: func(argTypes []uint32, ret uint32) expr.Impl {
		at := argTypes[0]
		return func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			r, err := op(asFloat(at, args[0]))
			if err != nil {
				return types.Null, err
			}
			if ret == types.OidFloat4 {
				return types.Float4(float32(r)), nil
			}
			return types.Float8(r), nil
		}
	}}
}

func isInf(f float64) bool { return math.IsInf(f, 0) }

func addFloatImpls(m map[string]implEntry) {
	// In float4 op float4 the arithmetic happens in single precision.
	pl := floatBinary(func(a, b float64, ret uint32) (types.Datum, error) {
		if ret == types.OidFloat4 {
			return floatResult(ret, float64(float32(a)+float32(b)), isInf(a) || isInf(b), false, false)
		}
		return floatResult(ret, a+b, isInf(a) || isInf(b), false, false)
	})
	mi := floatBinary(func(a, b float64, ret uint32) (types.Datum, error) {
		if ret == types.OidFloat4 {
			return floatResult(ret, float64(float32(a)-float32(b)), isInf(a) || isInf(b), false, false)
		}
		return floatResult(ret, a-b, isInf(a) || isInf(b), false, false)
	})
	mul := floatBinary(func(a, b float64, ret uint32) (types.Datum, error) {
		r := a * b
		if ret == types.OidFloat4 {
			r = float64(float32(a) * float32(b))
		}
		return floatResult(ret, r, isInf(a) || isInf(b), true, a == 0 || b == 0)
	})
	div := floatBinary(func(a, b float64, ret uint32) (types.Datum, error) {
		if b == 0 && !math.IsNaN(a) {
			return types.Null, types.ErrDivisionByZero()
		}
		r := a / b
		if ret == types.OidFloat4 {
			r = float64(float32(a) / float32(b))
		}
		return floatResult(ret, r, isInf(a), true, a == 0 || isInf(b))
	})
	for _, t := range []string{"float4", "float48", "float84", "float8"} {
		m[t+"pl"], m[t+"mi"], m[t+"mul"], m[t+"div"] = pl, mi, mul, div
	}
	for _, t := range []string{"float4", "float8"} {
		m[t+"um"] = floatUnary(func(a float64) (float64, error) { return -a, nil })
		m[t+"up"] = floatUnary(func(a float64) (float64, error) { return a, nil })
		m[t+"abs"] = floatUnary(func(a float64) (float64, error) { return math.Abs(a), nil })
	}
	m["dround"] = floatUnary(func(a float64) (float64, error) { return math.RoundToEven(a), nil })
	m["dtrunc"] = floatUnary(func(a float64) (float64, error) { return math.Trunc(a), nil })
	m["dceil"] = floatUnary(func(a float64) (float64, error) { return math.Ceil(a), nil })
	m["dfloor"] = floatUnary(func(a float64) (float64, error) { return math.Floor(a), nil })
	m["dsign"] = floatUnary(func(a float64) (float64, error) {
		switch {
		case a > 0:
			return 1, nil
		case a < 0:
			return -1, nil
		}
		return 0, nil
	})
	m["dsqrt"] = floatUnary(func(a float64) (float64, error) {
		if a < 0 {
			return 0, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
		}
		return math.Sqrt(a), nil
	})
	m["dcbrt"] = floatUnary(func(a float64) (float64, error) { return cCbrt(a), nil })
	m["dexp"] = floatUnary(func(a float64) (float64, error) {
		r := cExp(a)
		if math.IsInf(r, 0) && !math.IsInf(a, 0) {
			return 0, errFloatOverflow()
		}
		if r == 0 && !math.IsInf(a, 0) {
			return 0, errFloatUnderflow()
		}
		return r, nil
	})
	logf := func(f func(float64) float64) implEntry {
		return floatUnary(func(a float64) (float64, error) {
			if a == 0 {
				return 0, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
			}
			if a < 0 {
				return 0, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
			}
			return f(a), nil
		})
	}
	m["dlog1"] = logf(cLog)
	m["dlog10"] = logf(cLog10)
	m["dpow"] = floatBinary(func(a, b float64, _ uint32) (types.Datum, error) {
		// NaN ^ 0 and 1 ^ NaN are 1, other NaN inputs give NaN without
		// an error (POSIX pow, as dpow spells out).
		if math.IsNaN(a) || math.IsNaN(b) {
			if (math.IsNaN(a) && b == 0) || (math.IsNaN(b) && a == 1) {
				return types.Float8(1), nil
			}
			return types.Float8(math.NaN()), nil
		}
		if a == 0 && b < 0 {
			return types.Null, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
		}
		if a < 0 && math.Floor(b) != b && !math.IsInf(b, 0) {
			return types.Null, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
		}
		r := cPow(a, b)
		if math.IsInf(r, 0) && !isInf(a) && !isInf(b) {
			return types.Null, errFloatOverflow()
		}
		if r == 0 && a != 0 && !isInf(a) && !isInf(b) {
			return types.Null, errFloatUnderflow()
		}
		return types.Float8(r), nil
	})
	m["dpi"] = implEntry{impl: func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Float8(math.Pi), nil }}
	// As PostgreSQL: degrees divides by RADIANS_PER_DEGREE, radians
	// multiplies by it, with float8div's and float8mul's range checks.
	m["degrees"] = floatUnary(func(a float64) (float64, error) {
		d, err := floatResult(types.OidFloat8, a/radiansPerDegree, isInf(a), true, a == 0)
		return d.Float8(), err
	})
	m["radians"] = floatUnary(func(a float64) (float64, error) {
		d, err := floatResult(types.OidFloat8, a*radiansPerDegree, isInf(a), true, a == 0)
		return d.Float8(), err
	})
	trig := func(f func(float64) float64, domain func(float64) bool) implEntry {
		return floatUnary(func(a float64) (float64, error) {
			if domain != nil && !domain(a) && !math.IsNaN(a) {
				return 0, pgerr.New(pgerr.NumericValueOutOfRange, "input is out of range")
			}
			return f(a), nil
		})
	}
	finite := func(a float64) bool { return !math.IsInf(a, 0) }
	unit := func(a float64) bool { return a >= -1 && a <= 1 }
	m["dsin"] = trig(cSin, finite)
	m["dcos"] = trig(cCos, finite)
	m["dtan"] = trig(cTan, finite)
	m["dasin"] = trig(cAsin, unit)
	m["dacos"] = trig(cAcos, unit)
	m["datan"] = trig(cAtan, nil)
	m["datan2"] = floatBinary(func(a, b float64, _ uint32) (types.Datum, error) { return types.Float8(cAtan2(a, b)), nil })
	m["drandom"] = implEntry{impl: func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return types.Float8(ec.Session.Random().Float64()), nil
	}}
	m["setseed"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		seed := a[0].Float8()
		if seed < -1 || seed > 1 || math.IsNaN(seed) {
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "setseed parameter %s is out of allowed range [-1,1]", cFormatG(seed))
		}
		ec.Session.Random().SeedFloat(seed)
		return types.Null, nil
	}}
}

// cFormatG is C's %g as PostgreSQL's snprintf prints it: six significant
// digits, NaN and Infinity spelled out.
func cFormatG(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// cFormatG02 is C's %02g: cFormatG padded with zeros to two characters.
func cFormatG02(f float64) string {
	g := cFormatG(f)
	if len(g) < 2 {
		g = "0" + g
	}
	return g
}
