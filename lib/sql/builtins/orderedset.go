// This file implements the ordered-set aggregates (percentile_cont,
// percentile_disc, mode: PostgreSQL's orderedsetaggs.c) and the
// hypothetical-set aggregates (rank, dense_rank, percent_rank, cume_dist
// WITHIN GROUP). The executor collects a group's input rows and sorts
// them on the WITHIN GROUP keys; these functions compute the result from
// the sorted rows and the direct arguments.

package builtins

import (
	"errors"
	"math"
	"strconv"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// OrderedSetAgg computes an ordered-set or hypothetical-set aggregate of
// one group: direct are the direct arguments' values, rows the aggregated
// arguments' values sorted on the WITHIN GROUP keys (read once, in
// order), and cmp that order. An ordered-set aggregate's rows hold no
// NULL (its transition skips them); a hypothetical-set aggregate's rows
// keep them.
type OrderedSetAgg func(ec *expr.EvalContext, direct []types.Datum, rows SortedRows, cmp func(a, b []types.Datum) int) (types.Datum, error)

// SortedRows are a group's rows in order: N of them, read once by Next,
// so that a group larger than memory is never held whole.
type SortedRows struct {
	N    int64
	Next func() (row []types.Datum, ok bool, err error)
}

// each calls f with every row and its position, checking for
// cancellation now and then.
func (r SortedRows) each(ec *expr.EvalContext, f func(i int64, row []types.Datum) error) error {
	for i := int64(0); ; i++ {
		if i&0xFFFF == 0 {
			if err := ec.CheckCancel(); err != nil {
				return err
			}
		}
		row, ok, err := r.Next()
		if err != nil || !ok {
			return err
		}
		if err := f(i, row); err != nil {
			return err
		}
	}
}

// at reads the rows and returns those at the given positions (0-based).
func (r SortedRows) at(ec *expr.EvalContext, want map[int64][]types.Datum) error {
	last := int64(-1)
	for p := range want {
		last = max(last, p)
	}
	if last < 0 {
		return nil
	}
	err := r.each(ec, func(i int64, row []types.Datum) error {
		if _, ok := want[i]; ok {
			want[i] = row
		}
		if i >= last {
			return errRowsRead
		}
		return nil
	})
	if err == errRowsRead {
		return nil
	}
	return err
}

// errRowsRead stops SortedRows.at's reading once the last wanted row
// has been read.
var errRowsRead = errors.New("rows read")

// NewOrderedSetAgg returns the implementation of ordered-set or
// hypothetical-set aggregate f (aggkind 'o' or 'h') for its direct and
// aggregated argument types, found by its final function's prosrc.
func NewOrderedSetAgg(f *expr.Func, directTypes, argTypes []uint32) (OrderedSetAgg, error) {
	if a := f.Agg; a != nil && (a.Kind == 'o' || a.Kind == 'h') && len(argTypes) > 0 {
		arg := argTypes[0]
		if t := types.ByOID(arg); t != nil {
			switch a.FinalFn {
			case "percentile_cont_float8_final":
				return percentileCont(arg, false), nil
			case "percentile_cont_interval_final":
				return percentileCont(arg, false), nil
			case "percentile_cont_float8_multi_final", "percentile_cont_interval_multi_final":
				return percentileCont(arg, true), nil
			case "percentile_disc_final":
				return percentileDisc(arg, false), nil
			case "percentile_disc_multi_final":
				if t.Array != 0 {
					return percentileDisc(arg, true), nil
				}
			case "mode_final":
				return modeFinal(arg), nil
			case "hypothetical_rank_final", "hypothetical_dense_rank_final", "hypothetical_percent_rank_final", "hypothetical_cume_dist_final":
				return hypothetical(a.FinalFn), nil
			}
		}
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "aggregate %s is not implemented", f.Name)
}

// checkPercentile refuses a fraction outside [0, 1].
func checkPercentile(p float64) error {
	if p < 0 || p > 1 || math.IsNaN(p) {
		return pgerr.Newf(pgerr.NumericValueOutOfRange, "percentile value %s is not between 0 and 1", formatCG(p))
	}
	return nil
}

// formatCG formats a float8 as PostgreSQL's snprintf does for %g.
func formatCG(f float64) string {
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

// percentiles reads the rows at the positions the fractions need (pos
// lists them for one fraction), then applies one to the single fraction
// or to every element of the array of fractions.
func percentiles(ec *expr.EvalContext, multi bool, direct types.Datum, elem uint32, rows SortedRows, pos func(p float64) []int64,
	one func(p float64, at map[int64][]types.Datum) (types.Datum, error)) (types.Datum, error) {
	if direct.IsNull() {
		return types.Null, nil
	}
	want := map[int64][]types.Datum{}
	fractions := []types.Datum{direct}
	if multi {
		fractions = direct.Array().Elems
	}
	for _, f := range fractions {
		if f.IsNull() {
			continue
		}
		if err := checkPercentile(f.Float8()); err != nil {
			return types.Null, err
		}
		for _, k := range pos(f.Float8()) {
			want[k] = nil
		}
	}
	if err := rows.at(ec, want); err != nil {
		return types.Null, err
	}
	return eachPercentile(multi, direct, elem, func(p float64) (types.Datum, error) { return one(p, want) })
}

// eachPercentile applies one to the single fraction or to every element
// of an array of fractions (keeping its shape, NULL elements giving NULL).
func eachPercentile(multi bool, direct types.Datum, elem uint32, one func(p float64) (types.Datum, error)) (types.Datum, error) {
	if direct.IsNull() {
		return types.Null, nil
	}
	if !multi {
		if err := checkPercentile(direct.Float8()); err != nil {
			return types.Null, err
		}
		return one(direct.Float8())
	}
	in := direct.Array()
	for _, e := range in.Elems {
		if !e.IsNull() {
			if err := checkPercentile(e.Float8()); err != nil {
				return types.Null, err
			}
		}
	}
	out := &types.Array{Elem: elem, Dims: in.Dims, Lbound: in.Lbound, Elems: make([]types.Datum, len(in.Elems))}
	for i, e := range in.Elems {
		if e.IsNull() {
			continue
		}
		v, err := one(e.Float8())
		if err != nil {
			return types.Null, err
		}
		out.Elems[i] = v
	}
	return types.ArrayDatum(out), nil
}

// percentileCont interpolates linearly between the two rows around the
// fraction (float8_lerp, interval_lerp).
func percentileCont(arg uint32, multi bool) OrderedSetAgg {
	return func(ec *expr.EvalContext, direct []types.Datum, rows SortedRows, _ func(a, b []types.Datum) int) (types.Datum, error) {
		if rows.N == 0 || direct[0].IsNull() {
			return types.Null, nil
		}
		n := float64(rows.N)
		pos := func(p float64) []int64 { return []int64{int64(math.Floor(p * (n - 1))), int64(math.Ceil(p * (n - 1)))} }
		return percentiles(ec, multi, direct[0], arg, rows, pos, func(p float64, at map[int64][]types.Datum) (types.Datum, error) {
			first := math.Floor(p * (n - 1))
			second := math.Ceil(p * (n - 1))
			lo := at[int64(first)][0]
			if first == second {
				return lo, nil
			}
			hi := at[int64(second)][0]
			proportion := p*(n-1) - first
			if arg == types.OidInterval {
				diff, err := ivSub(hi.Interval(), lo.Interval())
				if err != nil {
					return types.Null, err
				}
				m, err := mulInterval(diff, proportion)
				if err != nil {
					return types.Null, err
				}
				return ivResult(ivAdd(m, lo.Interval()))
			}
			l, h := lo.Float8(), hi.Float8()
			return types.Float8(l + (h-l)*proportion), nil
		})
	}
}

// percentileDisc returns the first row whose position reaches the
// fraction of the rows.
func percentileDisc(arg uint32, multi bool) OrderedSetAgg {
	return func(ec *expr.EvalContext, direct []types.Datum, rows SortedRows, _ func(a, b []types.Datum) int) (types.Datum, error) {
		if rows.N == 0 || direct[0].IsNull() {
			return types.Null, nil
		}
		n := float64(rows.N)
		pos := func(p float64) []int64 { return []int64{max(int64(math.Ceil(p*n)), 1) - 1} }
		return percentiles(ec, multi, direct[0], arg, rows, pos, func(p float64, at map[int64][]types.Datum) (types.Datum, error) {
			return at[pos(p)[0]][0], nil
		})
	}
}

// modeFinal returns the most frequent value, the first in sort order
// among equally frequent ones.
func modeFinal(arg uint32) OrderedSetAgg {
	return func(ec *expr.EvalContext, _ []types.Datum, rows SortedRows, _ func(a, b []types.Datum) int) (types.Datum, error) {
		var best, prev types.Datum
		bestFreq, freq := 0, 0
		err := rows.each(ec, func(i int64, r []types.Datum) error {
			if i > 0 && types.Compare(arg, r[0], prev) == 0 {
				freq++
			} else {
				freq = 1
			}
			prev = r[0]
			if freq > bestFreq {
				bestFreq, best = freq, r[0]
			}
			return nil
		})
		return best, err
	}
}

// hypothetical computes the rank the direct arguments' row would have
// among the input rows (hypothetical_rank_common and its callers).
func hypothetical(final string) OrderedSetAgg {
	return func(ec *expr.EvalContext, direct []types.Datum, rows SortedRows, cmp func(a, b []types.Datum) int) (types.Datum, error) {
		// before counts the rows sorting before the hypothetical row,
		// peers counts those equal to it, distinct the distinct rows
		// before it.
		before, peers, distinct := 0, 0, 0
		var prev []types.Datum
		err := rows.each(ec, func(i int64, r []types.Datum) error {
			switch c := cmp(r, direct); {
			case c < 0:
				before++
				if i == 0 || cmp(r, prev) != 0 {
					distinct++
				}
			case c == 0:
				peers++
			}
			prev = r
			return nil
		})
		if err != nil {
			return types.Null, err
		}
		n := int(rows.N)
		switch final {
		case "hypothetical_rank_final":
			return types.Int(int64(before + 1)), nil
		case "hypothetical_dense_rank_final":
			return types.Int(int64(distinct + 1)), nil
		case "hypothetical_percent_rank_final":
			if n == 0 {
				return types.Float8(0), nil
			}
			return types.Float8(float64(before) / float64(n)), nil
		}
		return types.Float8(float64(before+peers+1) / float64(n+1)), nil
	}
}

// ivSub is interval_mi.
func ivSub(a, b types.Interval) (types.Interval, error) {
	m := int64(a.Months) - int64(b.Months)
	d := int64(a.Days) - int64(b.Days)
	t := a.Micros - b.Micros
	if (a.Micros < 0) != (b.Micros < 0) && (t < 0) != (a.Micros < 0) || m > math.MaxInt32 || m < math.MinInt32 || d > math.MaxInt32 || d < math.MinInt32 {
		return a, errIntervalRange()
	}
	return types.Interval{Months: int32(m), Days: int32(d), Micros: t}, nil
}
