// This file binds the numeric functions and operators to the arbitrary
// precision arithmetic in lib/types.

package builtins

import (
	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func num2(f func(a, b *apd.Decimal) (types.Datum, error)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return f(args[0].Numeric(), args[1].Numeric())
	}}
}

func num1(f func(a *apd.Decimal) (types.Datum, error)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return f(args[0].Numeric())
	}}
}

func addNumericImpls(m map[string]implEntry) {
	m["numeric_add"] = num2(types.NumericAdd)
	m["numeric_sub"] = num2(types.NumericSub)
	m["numeric_mul"] = num2(types.NumericMul)
	m["numeric_div"] = num2(types.NumericDiv)
	m["numeric_div_trunc"] = num2(types.NumericDivTrunc)
	m["numeric_mod"] = num2(types.NumericMod)
	m["numeric_power"] = num2(types.NumericPower)
	m["numeric_log"] = num2(types.NumericLog)
	m["numeric_sqrt"] = num1(types.NumericSqrt)
	m["numeric_exp"] = num1(types.NumericExp)
	m["numeric_ln"] = num1(types.NumericLn)
	m["numeric_abs"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericAbs(a), nil })
	m["numeric_uminus"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericNeg(a), nil })
	m["numeric_uplus"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.Numeric(a), nil })
	m["numeric_sign"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericSign(a), nil })
	m["numeric_ceil"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericCeilFloor(a, true) })
	m["numeric_floor"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericCeilFloor(a, false) })
	ten := apd.New(10, 0)
	m["sql_log_1741"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericLog(ten, a) })
	m["sql_log10_1481"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericLog(ten, a) })
	m["sql_round_1708"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericRound(a, 0, false) })
	m["sql_trunc_1710"] = num1(func(a *apd.Decimal) (types.Datum, error) { return types.NumericRound(a, 0, true) })
	m["numeric_round"] = implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return types.NumericRound(args[0].Numeric(), args[1].Int(), false)
	}}
	m["numeric_trunc"] = implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return types.NumericRound(args[0].Numeric(), args[1].Int(), true)
	}}
	m["numeric_scale"] = implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		x := args[0].Numeric()
		if x.Form != apd.Finite {
			return types.Null, nil
		}
		return types.Int(int64(types.NumericScale(x))), nil
	}}
	m["numeric_min_scale"] = implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		x := args[0].Numeric()
		if x.Form != apd.Finite {
			return types.Null, nil
		}
		return types.Int(int64(minScale(x))), nil
	}}
	m["numeric_trim_scale"] = num1(func(a *apd.Decimal) (types.Datum, error) {
		if a.Form != apd.Finite {
			return types.Numeric(a), nil
		}
		return types.NumericRound(a, int64(minScale(a)), true)
	})
	m["numeric_gcd"] = num2(numericGCD(false))
	m["numeric_lcm"] = num2(numericGCD(true))
}

// minScale is the smallest scale that represents x exactly.
func minScale(x *apd.Decimal) int32 {
	var r apd.Decimal
	r.Reduce(x)
	if r.Exponent >= 0 {
		return 0
	}
	return -r.Exponent
}

// numericGCD computes gcd or lcm of two numerics with the larger scale.
func numericGCD(lcm bool) func(a, b *apd.Decimal) (types.Datum, error) {
	return func(a, b *apd.Decimal) (types.Datum, error) {
		if a.Form != apd.Finite || b.Form != apd.Finite {
			return types.Numeric(&apd.Decimal{Form: apd.NaN}), nil
		}
		scale := max(types.NumericScale(a), types.NumericScale(b))
		var x, y apd.BigInt
		x.Mul(&a.Coeff, pow10big(int64(scale-types.NumericScale(a))))
		y.Mul(&b.Coeff, pow10big(int64(scale-types.NumericScale(b))))
		x.Abs(&x)
		y.Abs(&y)
		var g apd.BigInt
		g.GCD(nil, nil, &x, &y)
		res := &apd.Decimal{Exponent: -scale}
		if lcm {
			if x.Sign() == 0 || y.Sign() == 0 {
				res.Coeff.SetInt64(0)
			} else {
				res.Coeff.Mul(&x, &y)
				res.Coeff.Quo(&res.Coeff, &g)
			}
		} else {
			res.Coeff.Set(&g)
		}
		return types.NumericDatum(res)
	}
}

func pow10big(n int64) *apd.BigInt {
	var r apd.BigInt
	return r.Exp(apd.NewBigInt(10), apd.NewBigInt(n), nil)
}
