// This file holds the math functions of PostgreSQL's float.c and
// numeric.c beyond the basic ones: trigonometry in degrees with exact
// results at the standard angles, hyperbolic functions, cot, width_bucket,
// factorial, and the larger/smaller functions behind max and min.

package builtins

import (
	"math"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// radiansPerDegree is PostgreSQL's RADIANS_PER_DEGREE.
const radiansPerDegree = 0.0174532925199432957692

// The constants PostgreSQL computes once (init_degree_constants) so that
// the degree functions give exact answers at 30, 45, 60 and 90 degrees.
// The products are computed in float64 at run time, as C does, not as
// exact Go constants.
var (
	rpd           = float64(radiansPerDegree)
	sin30         = cSin(30 * rpd)
	oneMinusCos60 = 1.0 - cCos(60*rpd)
	asin05        = cAsin(0.5)
	acos05        = cAcos(0.5)
	atan1         = cAtan(1.0)
	tan45         = sindQ1(45) / cosdQ1(45)
	cot45         = cosdQ1(45) / sindQ1(45)
)

func sind0to30(x float64) float64 { return (cSin(x*radiansPerDegree) / sin30) / 2.0 }

func cosd0to60(x float64) float64 {
	return 1.0 - ((1.0 - cCos(x*radiansPerDegree)) / oneMinusCos60 / 2.0)
}

// sindQ1 and cosdQ1 take an angle in [0, 90].
func sindQ1(x float64) float64 {
	if x <= 30.0 {
		return sind0to30(x)
	}
	return cosd0to60(90.0 - x)
}

func cosdQ1(x float64) float64 {
	if x <= 60.0 {
		return cosd0to60(x)
	}
	return sind0to30(90.0 - x)
}

func asindQ1(x float64) float64 {
	if x <= 0.5 {
		return (cAsin(x) / asin05) * 30.0
	}
	return 90.0 - (cAcos(x)/acos05)*60.0
}

func acosdQ1(x float64) float64 {
	if x <= 0.5 {
		return 90.0 - (cAsin(x)/asin05)*30.0
	}
	return (cAcos(x) / acos05) * 60.0
}

func errInputOutOfRange() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "input is out of range")
}

// degreeArg reduces an angle in degrees to [0, 180] by fmod and symmetry,
// reporting infinity as out of range; odd says whether the function's
// sign flips for a negative angle and for one past 180.
func degreeArg(a float64, odd bool) (float64, float64, error) {
	if math.IsInf(a, 0) {
		return 0, 0, errInputOutOfRange()
	}
	sign := 1.0
	a = math.Mod(a, 360.0)
	if a < 0 {
		a = -a
		if odd {
			sign = -sign
		}
	}
	if a > 180.0 {
		a = 360.0 - a
		if odd {
			sign = -sign
		}
	}
	return a, sign, nil
}

func addMathImpls(m map[string]implEntry) {
	nanOr := func(f func(a float64) (float64, error)) implEntry {
		return floatUnary(func(a float64) (float64, error) {
			if math.IsNaN(a) {
				return a, nil
			}
			return f(a)
		})
	}
	m["dsind"] = nanOr(func(a float64) (float64, error) {
		a, sign, err := degreeArg(a, true)
		if err != nil {
			return 0, err
		}
		if a > 90.0 {
			a = 180.0 - a
		}
		return sign * sindQ1(a), nil
	})
	m["dcosd"] = nanOr(func(a float64) (float64, error) {
		a, sign, err := degreeArg(a, false)
		if err != nil {
			return 0, err
		}
		if a > 90.0 {
			a, sign = 180.0-a, -sign
		}
		return sign * cosdQ1(a), nil
	})
	tanOrCot := func(cot bool) implEntry {
		return nanOr(func(a float64) (float64, error) {
			a, sign, err := degreeArg(a, true)
			if err != nil {
				return 0, err
			}
			if a > 90.0 {
				a, sign = 180.0-a, -sign
			}
			var r float64
			if cot {
				r = sign * ((cosdQ1(a) / sindQ1(a)) / cot45)
			} else {
				r = sign * ((sindQ1(a) / cosdQ1(a)) / tan45)
			}
			if r == 0 {
				r = 0 // no minus zero
			}
			return r, nil
		})
	}
	m["dtand"] = tanOrCot(false)
	m["dcotd"] = tanOrCot(true)
	m["dasind"] = nanOr(func(a float64) (float64, error) {
		if a < -1 || a > 1 {
			return 0, errInputOutOfRange()
		}
		if a >= 0 {
			return asindQ1(a), nil
		}
		return -asindQ1(-a), nil
	})
	m["dacosd"] = nanOr(func(a float64) (float64, error) {
		if a < -1 || a > 1 {
			return 0, errInputOutOfRange()
		}
		if a >= 0 {
			return acosdQ1(a), nil
		}
		return 90.0 + asindQ1(-a), nil
	})
	m["datand"] = nanOr(func(a float64) (float64, error) { return (cAtan(a) / atan1) * 45.0, nil })
	m["datan2d"] = floatBinary(func(a, b float64, _ uint32) (types.Datum, error) {
		if math.IsNaN(a) || math.IsNaN(b) {
			return types.Float8(math.NaN()), nil
		}
		return types.Float8((cAtan2(a, b) / atan1) * 45.0), nil
	})
	m["dcot"] = nanOr(func(a float64) (float64, error) {
		if math.IsInf(a, 0) {
			return 0, errInputOutOfRange()
		}
		return 1.0 / cTan(a), nil
	})
	// The hyperbolic functions: an overflow of sinh and cosh is infinity,
	// not an error, as PostgreSQL maps ERANGE.
	m["dsinh"] = floatUnary(func(a float64) (float64, error) { return cSinh(a), nil })
	m["dcosh"] = floatUnary(func(a float64) (float64, error) { return cCosh(a), nil })
	m["dtanh"] = floatUnary(func(a float64) (float64, error) { return cTanh(a), nil })
	m["dasinh"] = floatUnary(func(a float64) (float64, error) { return cAsinh(a), nil })
	m["dacosh"] = floatUnary(func(a float64) (float64, error) {
		if a < 1 {
			return 0, errInputOutOfRange()
		}
		return cAcosh(a), nil
	})
	m["datanh"] = floatUnary(func(a float64) (float64, error) {
		switch {
		case a < -1 || a > 1:
			return 0, errInputOutOfRange()
		case a == -1:
			return math.Inf(-1), nil
		case a == 1:
			return math.Inf(1), nil
		}
		return cAtanh(a), nil
	})

	m["width_bucket_float8"] = textN(func(a []types.Datum) (types.Datum, error) {
		return widthBucketFloat(a[0].Float8(), a[1].Float8(), a[2].Float8(), a[3].Int())
	})
	m["width_bucket_numeric"] = textN(func(a []types.Datum) (types.Datum, error) {
		return widthBucketNumeric(a[0].Numeric(), a[1].Numeric(), a[2].Numeric(), a[3].Int())
	})
	m["numeric_fac"] = textN(func(a []types.Datum) (types.Datum, error) { return factorial(a[0].Int()) })

	// larger and smaller as the type's btree order has them.
	extreme := func(larger bool) implEntry {
		return implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
			t := argTypes[0]
			return func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				// The first argument only when strictly beyond the
				// second: equal numerics keep the second's scale.
				c := types.Compare(t, a[0], a[1])
				if larger && c > 0 || !larger && c < 0 {
					return a[0], nil
				}
				return a[1], nil
			}
		}}
	}
	for _, name := range []string{"int2", "int4", "int8", "float4", "float8", "oid"} {
		m[name+"larger"], m[name+"smaller"] = extreme(true), extreme(false)
	}
	for _, name := range []string{"numeric", "text", "bpchar", "date", "time", "timestamp", "timestamptz", "interval"} {
		m[name+"_larger"], m[name+"_smaller"] = extreme(true), extreme(false)
	}
}

func errWidthBucket(msg string) error {
	return pgerr.New(pgerr.InvalidArgumentForWidthBucketFunction, msg)
}

// widthBucketFloat is width_bucket_float8.
func widthBucketFloat(operand, b1, b2 float64, count int64) (types.Datum, error) {
	if count <= 0 {
		return types.Null, errWidthBucket("count must be greater than zero")
	}
	if math.IsNaN(operand) || math.IsNaN(b1) || math.IsNaN(b2) {
		return types.Null, errWidthBucket("operand, lower bound, and upper bound cannot be NaN")
	}
	if math.IsInf(b1, 0) || math.IsInf(b2, 0) {
		return types.Null, errWidthBucket("lower and upper bounds must be finite")
	}
	var r float64
	switch {
	case b1 < b2:
		switch {
		case operand < b1:
			r = 0
		case operand >= b2:
			return bucketPastEnd(count)
		default:
			r = float64(count)*(operand-b1)/(b2-b1) + 1
		}
	case b1 > b2:
		switch {
		case operand > b1:
			r = 0
		case operand <= b2:
			return bucketPastEnd(count)
		default:
			r = float64(count)*(b1-operand)/(b1-b2) + 1
		}
	default:
		return types.Null, errWidthBucket("lower bound cannot equal upper bound")
	}
	return types.Int(int64(int32(r))), nil
}

// bucketPastEnd is count + 1, the bucket of operands past the upper bound.
func bucketPastEnd(count int64) (types.Datum, error) {
	if count+1 > math.MaxInt32 {
		return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
	}
	return types.Int(count + 1), nil
}

// widthBucketNumeric is width_bucket_numeric, computed exactly.
func widthBucketNumeric(operand, b1, b2 *apd.Decimal, count int64) (types.Datum, error) {
	if count <= 0 {
		return types.Null, errWidthBucket("count must be greater than zero")
	}
	isNaN := func(x *apd.Decimal) bool { return x.Form == apd.NaN || x.Form == apd.NaNSignaling }
	if isNaN(operand) || isNaN(b1) || isNaN(b2) {
		return types.Null, errWidthBucket("operand, lower bound, and upper bound cannot be NaN")
	}
	if b1.Form == apd.Infinite || b2.Form == apd.Infinite {
		return types.Null, errWidthBucket("lower and upper bounds must be finite")
	}
	bucket := func(num, den *apd.Decimal) (types.Datum, error) {
		// floor(num * count / den) + 1, at most count.
		c := apd.BaseContext.WithPrecision(uint32(num.NumDigits()+den.NumDigits()) + 40)
		var prod, quo apd.Decimal
		if _, err := c.Mul(&prod, num, apd.New(count, 0)); err != nil {
			return types.Null, err
		}
		c.Rounding = apd.RoundDown
		if _, err := c.QuoInteger(&quo, &prod, den); err != nil {
			return types.Null, err
		}
		q, err := quo.Int64()
		if err != nil || q >= count {
			return types.Int(count), nil
		}
		return types.Int(q + 1), nil
	}
	var num, den apd.Decimal
	switch types.NumericCmp(b1, b2) {
	case 0:
		return types.Null, errWidthBucket("lower bound cannot equal upper bound")
	case -1:
		switch {
		case types.NumericCmp(operand, b1) < 0:
			return types.Int(0), nil
		case types.NumericCmp(operand, b2) >= 0:
			return bucketPastEnd(count)
		}
		apd.BaseContext.Sub(&num, operand, b1)
		apd.BaseContext.Sub(&den, b2, b1)
	default:
		switch {
		case types.NumericCmp(operand, b1) > 0:
			return types.Int(0), nil
		case types.NumericCmp(operand, b2) <= 0:
			return bucketPastEnd(count)
		}
		apd.BaseContext.Sub(&num, b1, operand)
		apd.BaseContext.Sub(&den, b1, b2)
	}
	return bucket(&num, &den)
}

// maxFactorial is the largest n whose factorial fits numeric's 131072
// digits before the decimal point.
const maxFactorial = 32177

// factorial is numeric_fac.
func factorial(n int64) (types.Datum, error) {
	if n < 0 {
		return types.Null, pgerr.New(pgerr.InvalidParameterValue, "factorial of a negative number is undefined")
	}
	if n <= 1 {
		return types.NumericFromInt(1), nil
	}
	if n > maxFactorial {
		return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	var acc apd.BigInt
	acc.SetInt64(1)
	var k apd.BigInt
	for i := int64(2); i <= n; i++ {
		k.SetInt64(i)
		acc.Mul(&acc, &k)
	}
	return types.Numeric(apd.NewWithBigInt(&acc, 0)), nil
}
