// This file implements aggregate transition and final functions that
// users can call directly, over the states PostgreSQL's aggregates keep
// in SQL-visible types: count's int8inc_any and friends, bool_and and
// bool_or's state functions, sum's int2_sum/int4_sum/int8_sum, avg's
// int8[] {count, sum} state of int2 and int4 (int2_avg_accum and
// friends, int8_avg, int2int4_sum), and the range types' subdiff
// functions. Arithmetic wraps where PostgreSQL's C does not check it.

package builtins

import (
	"math"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// int8TransState reads avg's {count, sum} state: a one-dimensional
// two-element int8 array without NULLs.
func int8TransState(d types.Datum) (*types.Array, int64, int64, error) {
	a := d.Array()
	if len(a.Dims) != 1 || len(a.Elems) != 2 || a.Elems[0].IsNull() || a.Elems[1].IsNull() {
		return nil, 0, 0, pgerr.New(pgerr.InternalError, "expected 2-element int8 array")
	}
	return a, a.Elems[0].Int(), a.Elems[1].Int(), nil
}

// int8TransAccum is int2_avg_accum and friends: dir 1 adds the value,
// -1 removes it (the _inv forms).
func int8TransAccum(dir int64) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		arr, count, sum, err := int8TransState(a[0])
		if err != nil {
			return types.Null, err
		}
		out := &types.Array{Elem: types.OidInt8, Dims: arr.Dims, Lbound: arr.Lbound,
			Elems: []types.Datum{types.Int(count + dir), types.Int(sum + dir*a[1].Int())}}
		return types.ArrayDatum(out), nil
	})
}

func addAggSupportImpls(m map[string]implEntry) {
	m["booland_statefunc"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Bool(a[0].Bool() && a[1].Bool()), nil })
	m["boolor_statefunc"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Bool(a[0].Bool() || a[1].Bool()), nil })
	m["int8inc_any"], m["int8inc_float8_float8"] = m["int8inc"], m["int8inc"]
	m["int8dec_any"] = m["int8dec"]
	// sum's transitions: NULL state or value keep the other.
	intSum := textN(func(a []types.Datum) (types.Datum, error) {
		switch {
		case a[0].IsNull() && a[1].IsNull():
			return types.Null, nil
		case a[0].IsNull():
			return types.Int(a[1].Int()), nil
		case a[1].IsNull():
			return a[0], nil
		}
		return types.Int(a[0].Int() + a[1].Int()), nil
	})
	m["int2_sum"], m["int4_sum"] = intSum, intSum
	m["int8_sum"] = textN(func(a []types.Datum) (types.Datum, error) {
		switch {
		case a[0].IsNull() && a[1].IsNull():
			return types.Null, nil
		case a[0].IsNull():
			return types.NumericFromInt(a[1].Int()), nil
		case a[1].IsNull():
			return a[0], nil
		}
		return types.NumericAdd(a[0].Numeric(), apd.New(a[1].Int(), 0))
	})
	m["int2_avg_accum"], m["int4_avg_accum"] = int8TransAccum(1), int8TransAccum(1)
	m["int2_avg_accum_inv"], m["int4_avg_accum_inv"] = int8TransAccum(-1), int8TransAccum(-1)
	m["int4_avg_combine"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) {
		return types.Null, pgerr.New(pgerr.InternalError, "aggregate function called in non-aggregate context")
	})
	m["int8_avg"] = textN(func(a []types.Datum) (types.Datum, error) {
		_, count, sum, err := int8TransState(a[0])
		if err != nil || count == 0 {
			return types.Null, err
		}
		return types.NumericDiv(apd.New(sum, 0), apd.New(count, 0))
	})
	m["int2int4_sum"] = textN(func(a []types.Datum) (types.Datum, error) {
		_, count, sum, err := int8TransState(a[0])
		if err != nil || count == 0 {
			return types.Null, err
		}
		return types.Int(sum), nil
	})
	// The range types' subdiff: the difference as float8, computed in
	// float8 (numeric for numrange); timestamps' in seconds.
	floatDiff := textN(func(a []types.Datum) (types.Datum, error) {
		return types.Float8(float64(a[0].Int()) - float64(a[1].Int())), nil
	})
	m["int4range_subdiff"], m["int8range_subdiff"], m["daterange_subdiff"] = floatDiff, floatDiff, floatDiff
	secondsDiff := textN(func(a []types.Datum) (types.Datum, error) {
		return types.Float8((float64(a[0].Int()) - float64(a[1].Int())) / 1e6), nil
	})
	m["tsrange_subdiff"], m["tstzrange_subdiff"] = secondsDiff, secondsDiff
	m["numrange_subdiff"] = textN(func(a []types.Datum) (types.Datum, error) {
		d, err := types.NumericSub(a[0].Numeric(), a[1].Numeric())
		if err != nil {
			return types.Null, err
		}
		f, err := types.NumericToFloat(d.Numeric(), 64)
		return types.Float8(f), err
	})
}

// float8State reads a float8[] aggregate state of n elements
// (check_float8_array).
func float8State(d types.Datum, caller string, n int) ([]float64, error) {
	a := d.Array()
	if len(a.Dims) != 1 || len(a.Elems) != n || a.Elem != types.OidFloat8 {
		return nil, pgerr.Newf(pgerr.InternalError, "%s: expected %d-element float8 array", caller, n)
	}
	out := make([]float64, n)
	for i, e := range a.Elems {
		if e.IsNull() {
			return nil, pgerr.Newf(pgerr.InternalError, "%s: expected %d-element float8 array", caller, n)
		}
		out[i] = e.Float8()
	}
	return out, nil
}

func float8StateDatum(vals ...float64) types.Datum {
	elems := make([]types.Datum, len(vals))
	for i, v := range vals {
		elems[i] = types.Float8(v)
	}
	return types.ArrayDatum(types.NewArray1(types.OidFloat8, elems))
}

// float8Accum is float8_accum's Youngs-Cramer step: N, Sx and Sxx (the
// sum of squared differences from the mean) updated with v.
func float8Accum(state types.Datum, v float64, caller string) (types.Datum, error) {
	t, err := float8State(state, caller, 3)
	if err != nil {
		return types.Null, err
	}
	n, sx, sxx := t[0]+1, t[1]+v, t[2]
	if t[0] > 0 {
		d := v*n - sx
		sxx += d * d / (n * t[0])
		if math.IsInf(sx, 0) || math.IsInf(sxx, 0) {
			if !math.IsInf(t[1], 0) && !math.IsInf(v, 0) {
				return types.Null, errFloatOverflow()
			}
			sxx = math.NaN()
		}
	} else if math.IsNaN(v) || math.IsInf(v, 0) {
		sxx = math.NaN()
	}
	return float8StateDatum(n, sx, sxx), nil
}

// float8Final is a final function of the {N, Sx, Sxx} state: NULL when
// N is 0 (samp: at most 1, as the sample forms test), else f of it.
func float8Final(caller string, samp bool, f func(n, sx, sxx float64) float64) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		t, err := float8State(a[0], caller, 3)
		if err != nil || (!samp && t[0] == 0) || (samp && t[0] <= 1) {
			return types.Null, err
		}
		return types.Float8(f(t[0], t[1], t[2])), nil
	})
}

func addFloatAggSupportImpls(m map[string]implEntry) {
	m["float8_accum"] = textN(func(a []types.Datum) (types.Datum, error) { return float8Accum(a[0], a[1].Float8(), "float8_accum") })
	m["float4_accum"] = textN(func(a []types.Datum) (types.Datum, error) {
		return float8Accum(a[0], float64(a[1].Float4()), "float4_accum")
	})
	m["float8_combine"] = textN(func(a []types.Datum) (types.Datum, error) {
		t1, err := float8State(a[0], "float8_combine", 3)
		if err != nil {
			return types.Null, err
		}
		t2, err := float8State(a[1], "float8_combine", 3)
		if err != nil {
			return types.Null, err
		}
		switch {
		case t1[0] == 0:
			return float8StateDatum(t2...), nil
		case t2[0] == 0:
			return float8StateDatum(t1...), nil
		}
		n, sx := t1[0]+t2[0], t1[1]+t2[1]
		if math.IsInf(sx, 0) && !math.IsInf(t1[1], 0) && !math.IsInf(t2[1], 0) {
			return types.Null, errFloatOverflow()
		}
		d := t1[1]/t1[0] - t2[1]/t2[0]
		sxx := t1[2] + t2[2] + t1[0]*t2[0]*d*d/n
		if math.IsInf(sxx, 0) && !math.IsInf(t1[2], 0) && !math.IsInf(t2[2], 0) {
			return types.Null, errFloatOverflow()
		}
		return float8StateDatum(n, sx, sxx), nil
	})
	m["float8_avg"] = float8Final("float8_avg", false, func(n, sx, _ float64) float64 { return sx / n })
	m["float8_var_pop"] = float8Final("float8_var_pop", false, func(n, _, sxx float64) float64 { return sxx / n })
	m["float8_var_samp"] = float8Final("float8_var_samp", true, func(n, _, sxx float64) float64 { return sxx / (n - 1) })
	m["float8_stddev_pop"] = float8Final("float8_stddev_pop", false, func(n, _, sxx float64) float64 { return math.Sqrt(sxx / n) })
	m["float8_stddev_samp"] = float8Final("float8_stddev_samp", true, func(n, _, sxx float64) float64 { return math.Sqrt(sxx / (n - 1)) })
}

// regrAccum is float8_regr_accum: the {N, Sx, Sxx, Sy, Syy, Sxy} state
// of the regression aggregates updated with (y, x), Youngs-Cramer style.
func regrAccum(state types.Datum, y, x float64) (types.Datum, error) {
	t, err := float8State(state, "float8_regr_accum", 6)
	if err != nil {
		return types.Null, err
	}
	n, sx, sxx, sy, syy, sxy := t[0]+1, t[1]+x, t[2], t[3]+y, t[4], t[5]
	inf := func(f float64) bool { return math.IsInf(f, 0) }
	if t[0] > 0 {
		dx, dy := x*n-sx, y*n-sy
		scale := 1 / (n * t[0])
		sxx += dx * dx * scale
		syy += dy * dy * scale
		sxy += dx * dy * scale
		if inf(sx) || inf(sxx) || inf(sy) || inf(syy) || inf(sxy) {
			if ((inf(sx) || inf(sxx)) && !inf(t[1]) && !inf(x)) || ((inf(sy) || inf(syy)) && !inf(t[3]) && !inf(y)) ||
				(inf(sxy) && !inf(t[1]) && !inf(x) && !inf(t[3]) && !inf(y)) {
				return types.Null, errFloatOverflow()
			}
			if inf(sxx) {
				sxx = math.NaN()
			}
			if inf(syy) {
				syy = math.NaN()
			}
			if inf(sxy) {
				sxy = math.NaN()
			}
		}
	} else {
		if math.IsNaN(x) || inf(x) {
			sxx, sxy = math.NaN(), math.NaN()
		}
		if math.IsNaN(y) || inf(y) {
			syy, sxy = math.NaN(), math.NaN()
		}
	}
	return float8StateDatum(n, sx, sxx, sy, syy, sxy), nil
}

// regrCombine is float8_regr_combine.
func regrCombine(a, b types.Datum) (types.Datum, error) {
	t1, err := float8State(a, "float8_regr_combine", 6)
	if err != nil {
		return types.Null, err
	}
	t2, err := float8State(b, "float8_regr_combine", 6)
	if err != nil {
		return types.Null, err
	}
	switch {
	case t1[0] == 0:
		return float8StateDatum(t2...), nil
	case t2[0] == 0:
		return float8StateDatum(t1...), nil
	}
	inf := func(f float64) bool { return math.IsInf(f, 0) }
	n1, n2 := t1[0], t2[0]
	n := n1 + n2
	sum := func(x, y float64) (float64, error) {
		s := x + y
		if inf(s) && !inf(x) && !inf(y) {
			return 0, errFloatOverflow()
		}
		return s, nil
	}
	spread := func(s1, s2, d1, d2 float64) (float64, error) {
		s := s1 + s2 + n1*n2*d1*d2/n
		if inf(s) && !inf(s1) && !inf(s2) {
			return 0, errFloatOverflow()
		}
		return s, nil
	}
	sx, err := sum(t1[1], t2[1])
	if err != nil {
		return types.Null, err
	}
	dx := t1[1]/n1 - t2[1]/n2
	sxx, err := spread(t1[2], t2[2], dx, dx)
	if err != nil {
		return types.Null, err
	}
	sy, err := sum(t1[3], t2[3])
	if err != nil {
		return types.Null, err
	}
	dy := t1[3]/n1 - t2[3]/n2
	syy, err := spread(t1[4], t2[4], dy, dy)
	if err != nil {
		return types.Null, err
	}
	sxy, err := spread(t1[5], t2[5], dx, dy)
	if err != nil {
		return types.Null, err
	}
	return float8StateDatum(n, sx, sxx, sy, syy, sxy), nil
}

// regrFinal is a final function of the regression state: NULL with
// fewer than minN rows, else f of it (ok false: NULL).
func regrFinal(caller string, minN float64, f func(t []float64) (float64, bool)) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) {
		t, err := float8State(a[0], caller, 6)
		if err != nil || t[0] < minN {
			return types.Null, err
		}
		v, ok := f(t)
		if !ok {
			return types.Null, nil
		}
		return types.Float8(v), nil
	})
}

func addRegrImpls(m map[string]implEntry) {
	m["float8_regr_accum"] = textN(func(a []types.Datum) (types.Datum, error) { return regrAccum(a[0], a[1].Float8(), a[2].Float8()) })
	m["float8_regr_combine"] = textN(func(a []types.Datum) (types.Datum, error) { return regrCombine(a[0], a[1]) })
	const n, sx, sxx, sy, syy, sxy = 0, 1, 2, 3, 4, 5
	m["float8_regr_sxx"] = regrFinal("float8_regr_sxx", 1, func(t []float64) (float64, bool) { return t[sxx], true })
	m["float8_regr_syy"] = regrFinal("float8_regr_syy", 1, func(t []float64) (float64, bool) { return t[syy], true })
	m["float8_regr_sxy"] = regrFinal("float8_regr_sxy", 1, func(t []float64) (float64, bool) { return t[sxy], true })
	m["float8_regr_avgx"] = regrFinal("float8_regr_avgx", 1, func(t []float64) (float64, bool) { return t[sx] / t[n], true })
	m["float8_regr_avgy"] = regrFinal("float8_regr_avgy", 1, func(t []float64) (float64, bool) { return t[sy] / t[n], true })
	m["float8_covar_pop"] = regrFinal("float8_covar_pop", 1, func(t []float64) (float64, bool) { return t[sxy] / t[n], true })
	m["float8_covar_samp"] = regrFinal("float8_covar_samp", 2, func(t []float64) (float64, bool) { return t[sxy] / (t[n] - 1), true })
	m["float8_corr"] = regrFinal("float8_corr", 1, func(t []float64) (float64, bool) {
		if t[sxx] == 0 || t[syy] == 0 {
			return 0, false // a horizontal or vertical line
		}
		return t[sxy] / math.Sqrt(t[sxx]*t[syy]), true
	})
	m["float8_regr_r2"] = regrFinal("float8_regr_r2", 1, func(t []float64) (float64, bool) {
		if t[sxx] == 0 {
			return 0, false
		}
		if t[syy] == 0 {
			return 1, true
		}
		return t[sxy] * t[sxy] / (t[sxx] * t[syy]), true
	})
	m["float8_regr_slope"] = regrFinal("float8_regr_slope", 1, func(t []float64) (float64, bool) {
		if t[sxx] == 0 {
			return 0, false
		}
		return t[sxy] / t[sxx], true
	})
	m["float8_regr_intercept"] = regrFinal("float8_regr_intercept", 1, func(t []float64) (float64, bool) {
		if t[sxx] == 0 {
			return 0, false
		}
		return (t[sy] - t[sx]*t[sxy]/t[sxx]) / t[n], true
	})
}

// intervalState reads avg(interval)'s {sum, count} state: two intervals,
// the count in the second's microseconds.
func intervalState(d types.Datum) (types.Interval, types.Interval, error) {
	a := d.Array()
	for _, e := range a.Elems {
		if e.IsNull() {
			return types.Interval{}, types.Interval{}, pgerr.New(pgerr.NullValueNotAllowed, "null array element not allowed in this context")
		}
	}
	if len(a.Elems) != 2 {
		return types.Interval{}, types.Interval{}, pgerr.New(pgerr.InternalError, "expected 2-element interval array")
	}
	return a.Elems[0].Interval(), a.Elems[1].Interval(), nil
}

func intervalStateDatum(sum, n types.Datum) types.Datum {
	return types.ArrayDatum(types.NewArray1(types.OidInterval, []types.Datum{sum, n}))
}

func addIntervalAggImpls(m map[string]implEntry) {
	step := func(op string, dir int64) implEntry {
		return sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			sum, n, err := intervalState(a[0])
			if err != nil {
				return types.Null, err
			}
			s, err := m[op].impl(ec, []types.Datum{types.IntervalDatum(sum), a[1]})
			if err != nil {
				return types.Null, err
			}
			n.Micros += dir
			return intervalStateDatum(s, types.IntervalDatum(n)), nil
		})
	}
	m["interval_accum"], m["interval_accum_inv"] = step("interval_pl", 1), step("interval_mi", -1)
	m["interval_combine"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		sum1, n1, err := intervalState(a[0])
		if err != nil {
			return types.Null, err
		}
		sum2, n2, err := intervalState(a[1])
		if err != nil {
			return types.Null, err
		}
		s, err := m["interval_pl"].impl(ec, []types.Datum{types.IntervalDatum(sum1), types.IntervalDatum(sum2)})
		if err != nil {
			return types.Null, err
		}
		n1.Micros += n2.Micros
		return intervalStateDatum(s, types.IntervalDatum(n1)), nil
	})
	m["interval_avg"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		sum, n, err := intervalState(a[0])
		if err != nil || n.Micros == 0 {
			return types.Null, err
		}
		return m["interval_div"].impl(ec, []types.Datum{types.IntervalDatum(sum), types.Float8(float64(n.Micros))})
	})
}
