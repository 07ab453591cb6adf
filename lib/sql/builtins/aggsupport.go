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
