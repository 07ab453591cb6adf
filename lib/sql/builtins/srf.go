// This file implements the set-returning functions usable in FROM:
// generate_series over integers, numerics and timestamps, unnest and
// generate_subscripts.

package builtins

import (
	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

type next = func() (types.Datum, bool, error)

func errStepZero() error {
	return pgerr.New(pgerr.InvalidParameterValue, "step size cannot equal zero")
}

func none() (types.Datum, bool, error) { return types.Null, false, nil }

func intSeries(bits int) expr.SRFImpl {
	return func(_ *expr.EvalContext, a []types.Datum) (next, error) {
		start, stop := a[0].Int(), a[1].Int()
		step := int64(1)
		if len(a) > 2 {
			step = a[2].Int()
		}
		if step == 0 {
			return nil, errStepZero()
		}
		cur, done := start, false
		lo, hi := intBounds(types.OidInt8)
		if bits == 32 {
			lo, hi = intBounds(types.OidInt4)
		}
		return func() (types.Datum, bool, error) {
			if done || (step > 0 && cur > stop) || (step < 0 && cur < stop) {
				return types.Null, false, nil
			}
			v := cur
			n, o := addOverflows(cur, step)
			if o || n > hi || n < lo {
				// The next value would overflow: this one is the last.
				done = true
			}
			cur = n
			return types.Int(v), true, nil
		}, nil
	}
}

func numericSeries(_ *expr.EvalContext, a []types.Datum) (next, error) {
	start, stop := a[0].Numeric(), a[1].Numeric()
	step := apd.New(1, 0)
	if len(a) > 2 {
		step = a[2].Numeric()
	}
	for i, x := range []*apd.Decimal{start, stop, step} {
		if x.Form == apd.NaN {
			names := []string{"start", "stop", "step size"}
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "%s value cannot be NaN", names[i])
		}
		if x.Form == apd.Infinite {
			names := []string{"start", "stop", "step size"}
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "%s value cannot be infinity", names[i])
		}
	}
	if step.IsZero() {
		return nil, errStepZero()
	}
	cur := types.Numeric(start)
	neg := step.Negative
	return func() (types.Datum, bool, error) {
		c := types.NumericCmp(cur.Numeric(), stop)
		if (!neg && c > 0) || (neg && c < 0) {
			return types.Null, false, nil
		}
		v := cur
		n, err := types.NumericAdd(cur.Numeric(), step)
		if err != nil {
			return types.Null, false, err
		}
		cur = n
		return v, true, nil
	}, nil
}

func timestampSeries(withTZ bool) expr.SRFImpl {
	return func(ec *expr.EvalContext, a []types.Datum) (next, error) {
		start, stop, step := a[0].Int(), a[1].Int(), a[2].Interval()
		// The step's sign decides the direction; zero is an error.
		zero := types.Interval{}
		c := types.CompareInterval(step, zero)
		if c == 0 {
			return nil, errStepZero()
		}
		cur := start
		done := false
		return func() (types.Datum, bool, error) {
			if done || (c > 0 && cur > stop) || (c < 0 && cur < stop) {
				return types.Null, false, nil
			}
			v := cur
			n, err := addInterval(ec, cur, step, withTZ)
			if err != nil {
				done = true
			}
			cur = n
			return types.Int(v), true, nil
		}, nil
	}
}

func unnest(_ *expr.EvalContext, a []types.Datum) (next, error) {
	arr := a[0].Array()
	i := 0
	return func() (types.Datum, bool, error) {
		if i >= len(arr.Elems) {
			return types.Null, false, nil
		}
		i++
		return arr.Elems[i-1], true, nil
	}, nil
}

func generateSubscripts(_ *expr.EvalContext, a []types.Datum) (next, error) {
	arr := a[0].Array()
	dim := int(a[1].Int())
	reverse := len(a) > 2 && !a[2].IsNull() && a[2].Bool()
	if dim < 1 || dim > len(arr.Dims) {
		return none, nil
	}
	lo := int64(arr.Lbound[dim-1])
	hi := lo + int64(arr.Dims[dim-1]) - 1
	cur := lo
	if reverse {
		cur = hi
	}
	return func() (types.Datum, bool, error) {
		if cur < lo || cur > hi {
			return types.Null, false, nil
		}
		v := cur
		if reverse {
			cur--
		} else {
			cur++
		}
		return types.Int(v), true, nil
	}, nil
}

func srfImpls() map[string]expr.SRFImpl {
	return map[string]expr.SRFImpl{
		"generate_series_int4":         intSeries(32),
		"generate_series_step_int4":    intSeries(32),
		"generate_series_int8":         intSeries(64),
		"generate_series_step_int8":    intSeries(64),
		"generate_series_numeric":      numericSeries,
		"generate_series_step_numeric": numericSeries,
		"generate_series_timestamp":    timestampSeries(false),
		"generate_series_timestamptz":  timestampSeries(true),
		"array_unnest":                 unnest,
		"generate_subscripts":          generateSubscripts,
		"generate_subscripts_nodir":    generateSubscripts,
		"pg_snapshot_xip":              snapshotXip,
		"pg_partition_ancestors":       partitionAncestors,
		"pg_listening_channels":        listeningChannels,
	}
}

// partitionAncestors is pg_partition_ancestors: the relation and the
// partitioned tables above it when it is a partition. Without
// partitioning no relation is one, and the answer is empty, as
// PostgreSQL's for a table that is not a partition (psql's \d asks it
// for the keys referencing a table).
func partitionAncestors(_ *expr.EvalContext, _ []types.Datum) (next, error) {
	return func() (types.Datum, bool, error) { return types.Null, false, nil }, nil
}
