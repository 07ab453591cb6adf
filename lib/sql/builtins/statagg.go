// This file implements the statistical aggregates: variance and standard
// deviation (numeric accumulators for integer and numeric input as
// numeric.c's numeric_accum and numeric_stddev_internal, float8 ones with
// the Youngs-Cramer updates of float.c's float8_accum), the two-variable
// regression aggregates (float8_regr_accum and its final functions) and
// bit_xor.

package builtins

import (
	"math"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// newStatAcc returns the accumulator of a statistical aggregate by its
// transition and final functions' prosrc, nil if it is not one.
func newStatAcc(trans, final string) func() AggAcc {
	switch trans {
	case "int2_accum", "int4_accum", "int8_accum", "numeric_accum":
		variance, sample, ok := numericStatFinal(final)
		if !ok {
			return nil
		}
		integer := trans != "numeric_accum"
		return func() AggAcc { return &numVarAcc{integer: integer, variance: variance, sample: sample} }
	case "float4_accum", "float8_accum":
		f4 := trans == "float4_accum"
		switch final {
		case "float8_var_pop", "float8_var_samp", "float8_stddev_pop", "float8_stddev_samp":
			return func() AggAcc { return &floatVarAcc{f4: f4, final: final} }
		}
	case "float8_regr_accum":
		return func() AggAcc { return &regrAcc{final: final} }
	case "int8inc_float8_float8":
		return func() AggAcc { return &regrCountAcc{} }
	case "int2xor", "int4xor", "int8xor":
		return func() AggAcc { return &xorAcc{} }
	}
	return nil
}

// numericStatFinal decodes numeric_{var,stddev}_{pop,samp} and their
// numeric_poly_ twins.
func numericStatFinal(final string) (variance, sample, ok bool) {
	switch final {
	case "numeric_var_pop", "numeric_poly_var_pop":
		return true, false, true
	case "numeric_var_samp", "numeric_poly_var_samp":
		return true, true, true
	case "numeric_stddev_pop", "numeric_poly_stddev_pop":
		return false, false, true
	case "numeric_stddev_samp", "numeric_poly_stddev_samp":
		return false, true, true
	}
	return false, false, false
}

// numVarAcc sums the inputs and their squares exactly.
type numVarAcc struct {
	integer, variance, sample bool
	n, nan, inf               int64
	sumX, sumX2               apd.Decimal
}

func (a *numVarAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	var x *apd.Decimal
	if a.integer {
		x = apd.New(v.Int(), 0)
	} else {
		x = v.Numeric()
		switch x.Form {
		case apd.NaN, apd.NaNSignaling:
			a.nan++
			return nil
		case apd.Infinite:
			a.inf++
			return nil
		}
	}
	a.n++
	var sq apd.Decimal
	sq.Coeff.Mul(&x.Coeff, &x.Coeff)
	sq.Exponent = 2 * x.Exponent
	exactSum(&a.sumX, x)
	exactSum(&a.sumX2, &sq)
	return nil
}

// exactSum adds x to sum without rounding, keeping the larger display
// scale.
func exactSum(sum, x *apd.Decimal) {
	e := min(sum.Exponent, x.Exponent)
	var s, y apd.BigInt
	s.Mul(&sum.Coeff, pow10Big(int64(sum.Exponent)-int64(e)))
	if sum.Negative {
		s.Neg(&s)
	}
	y.Mul(&x.Coeff, pow10Big(int64(x.Exponent)-int64(e)))
	if x.Negative {
		y.Neg(&y)
	}
	s.Add(&s, &y)
	sum.Negative = s.Sign() < 0
	sum.Coeff.Abs(&s)
	sum.Exponent = e
}

func pow10Big(n int64) *apd.BigInt {
	var b apd.BigInt
	return b.Exp(apd.NewBigInt(10), apd.NewBigInt(n), nil)
}

func (a *numVarAcc) Result(*expr.EvalContext) (types.Datum, error) {
	total := a.n + a.nan + a.inf
	if total == 0 || (a.sample && total <= 1) {
		return types.Null, nil
	}
	if a.nan > 0 || a.inf > 0 {
		return types.Numeric(&apd.Decimal{Form: apd.NaN}), nil
	}
	return types.NumericVariance(a.n, &a.sumX, &a.sumX2, a.variance, a.sample)
}

// floatVarAcc is float8_accum's transition state: N, Sx and Sxx.
type floatVarAcc struct {
	f4         bool
	final      string
	n, sx, sxx float64
}

func (a *floatVarAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	v := args[0]
	if v.IsNull() {
		return nil
	}
	x := v.Float8()
	if a.f4 {
		x = float64(v.Float4())
	}
	oldN, oldSx := a.n, a.sx
	a.n++
	a.sx += x
	if oldN > 0 {
		tmp := x*a.n - a.sx
		a.sxx += tmp * tmp / (a.n * oldN)
		if math.IsInf(a.sx, 0) || math.IsInf(a.sxx, 0) {
			if !math.IsInf(oldSx, 0) && !math.IsInf(x, 0) {
				return errFloatOverflow()
			}
			a.sxx = math.NaN()
		}
	} else if math.IsNaN(x) || math.IsInf(x, 0) {
		a.sxx = math.NaN()
	}
	return nil
}

func (a *floatVarAcc) Result(*expr.EvalContext) (types.Datum, error) {
	switch a.final {
	case "float8_var_pop", "float8_stddev_pop":
		if a.n == 0 {
			return types.Null, nil
		}
		r := a.sxx / a.n
		if a.final == "float8_stddev_pop" {
			r = math.Sqrt(r)
		}
		return types.Float8(r), nil
	}
	if a.n <= 1 {
		return types.Null, nil
	}
	r := a.sxx / (a.n - 1)
	if a.final == "float8_stddev_samp" {
		r = math.Sqrt(r)
	}
	return types.Float8(r), nil
}

// regrAcc is float8_regr_accum's state over (Y, X) pairs.
type regrAcc struct {
	final                    string
	n, sx, sxx, sy, syy, sxy float64
}

func (a *regrAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if args[0].IsNull() || args[1].IsNull() {
		return nil
	}
	y, x := args[0].Float8(), args[1].Float8()
	oldN, oldSx, oldSy := a.n, a.sx, a.sy
	a.n++
	a.sx += x
	a.sy += y
	if oldN > 0 {
		tmpX := x*a.n - a.sx
		tmpY := y*a.n - a.sy
		scale := 1.0 / (a.n * oldN)
		a.sxx += tmpX * tmpX * scale
		a.syy += tmpY * tmpY * scale
		a.sxy += tmpX * tmpY * scale
		inf := math.IsInf
		if inf(a.sx, 0) || inf(a.sxx, 0) || inf(a.sy, 0) || inf(a.syy, 0) || inf(a.sxy, 0) {
			if ((inf(a.sx, 0) || inf(a.sxx, 0)) && !inf(oldSx, 0) && !inf(x, 0)) ||
				((inf(a.sy, 0) || inf(a.syy, 0)) && !inf(oldSy, 0) && !inf(y, 0)) ||
				(inf(a.sxy, 0) && !inf(oldSx, 0) && !inf(x, 0) && !inf(oldSy, 0) && !inf(y, 0)) {
				return errFloatOverflow()
			}
			if inf(a.sxx, 0) {
				a.sxx = math.NaN()
			}
			if inf(a.syy, 0) {
				a.syy = math.NaN()
			}
			if inf(a.sxy, 0) {
				a.sxy = math.NaN()
			}
		}
	} else {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			a.sxx, a.sxy = math.NaN(), math.NaN()
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			a.syy, a.sxy = math.NaN(), math.NaN()
		}
	}
	return nil
}

func (a *regrAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.n < 1 {
		return types.Null, nil
	}
	switch a.final {
	case "float8_regr_sxx":
		return types.Float8(a.sxx), nil
	case "float8_regr_syy":
		return types.Float8(a.syy), nil
	case "float8_regr_sxy":
		return types.Float8(a.sxy), nil
	case "float8_regr_avgx":
		return types.Float8(a.sx / a.n), nil
	case "float8_regr_avgy":
		return types.Float8(a.sy / a.n), nil
	case "float8_covar_pop":
		return types.Float8(a.sxy / a.n), nil
	case "float8_covar_samp":
		if a.n < 2 {
			return types.Null, nil
		}
		return types.Float8(a.sxy / (a.n - 1)), nil
	case "float8_corr":
		if a.sxx == 0 || a.syy == 0 {
			return types.Null, nil
		}
		return types.Float8(a.sxy / math.Sqrt(a.sxx*a.syy)), nil
	case "float8_regr_r2":
		if a.sxx == 0 {
			return types.Null, nil
		}
		if a.syy == 0 {
			return types.Float8(1), nil
		}
		return types.Float8((a.sxy * a.sxy) / (a.sxx * a.syy)), nil
	case "float8_regr_slope":
		if a.sxx == 0 {
			return types.Null, nil
		}
		return types.Float8(a.sxy / a.sxx), nil
	case "float8_regr_intercept":
		if a.sxx == 0 {
			return types.Null, nil
		}
		return types.Float8((a.sy - a.sx*a.sxy/a.sxx) / a.n), nil
	}
	return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "aggregate final function %s is not implemented", a.final)
}

// regrCountAcc is regr_count: the rows where both arguments are not NULL.
type regrCountAcc struct{ n int64 }

func (a *regrCountAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if !args[0].IsNull() && !args[1].IsNull() {
		a.n++
	}
	return nil
}

func (a *regrCountAcc) Result(*expr.EvalContext) (types.Datum, error) { return types.Int(a.n), nil }

// xorAcc is bit_xor over integers.
type xorAcc struct {
	have bool
	v    int64
}

func (a *xorAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	if args[0].IsNull() {
		return nil
	}
	a.v ^= args[0].Int()
	a.have = true
	return nil
}

func (a *xorAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if !a.have {
		return types.Null, nil
	}
	return types.Int(a.v), nil
}
