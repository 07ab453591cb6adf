// Selectivity of a scan key from the statistics ANALYZE left in
// pg_statistic (PostgreSQL's selfuncs.c eqsel, var_eq_const,
// var_eq_non_const and scalarineqsel, simplified): most common values
// and their frequencies, the number of distinct values, the fraction of
// NULLs and the histogram of the other values. Without statistics the
// defaults of selfuncs.h apply.

package plan

import (
	"math"
	"sort"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// distinctOf is the estimated number of distinct non-NULL values.
func distinctOf(st *catalog.ColumnStats, tuples float64) float64 {
	switch {
	case st.Distinct > 0:
		return st.Distinct
	case st.Distinct < 0:
		return math.Max(1, -st.Distinct*tuples)
	}
	return 0
}

// constArg is a scan key's value when known at planning (a constant).
func constArg(e expr.Expr) (types.Datum, bool) {
	if rl, ok := e.(*expr.RelabelType); ok {
		e = rl.Arg
	}
	if c, ok := e.(*expr.Const); ok {
		return c.Value, true
	}
	return types.Null, false
}

// eqSelectivity is the fraction of rows whose column equals arg.
func eqSelectivity(st *catalog.ColumnStats, colType uint32, arg expr.Expr, tuples float64) float64 {
	if st == nil {
		return defaultEqSel
	}
	v, known := constArg(arg)
	if known && v.IsNull() {
		return 0
	}
	nd := distinctOf(st, tuples)
	sumMCV := 0.0
	for _, f := range st.MCVFreqs {
		sumMCV += f
	}
	if known {
		for i, m := range st.MCV {
			if i < len(st.MCVFreqs) && types.Compare(colType, m, v) == 0 {
				return st.MCVFreqs[i]
			}
		}
		// Not a common value: the other values share what is left.
		if nd > 0 {
			others := nd - float64(len(st.MCV))
			rest := 1 - st.NullFrac - sumMCV
			if others > 0 && rest > 0 {
				sel := rest / others
				if len(st.MCVFreqs) > 0 {
					sel = math.Min(sel, st.MCVFreqs[len(st.MCVFreqs)-1])
				}
				return sel
			}
			if len(st.MCV) > 0 {
				return 0
			}
		}
	}
	if nd > 0 {
		return (1 - st.NullFrac) / nd
	}
	return defaultEqSel
}

// ineqSelectivity is the fraction of rows whose column compares with arg
// as strategy says (<, <=, >, >=).
func ineqSelectivity(st *catalog.ColumnStats, colType uint32, strategy nbtree.Strategy, arg expr.Expr) float64 {
	v, known := constArg(arg)
	if st == nil || !known {
		return defaultIneqSel
	}
	if v.IsNull() {
		return 0
	}
	less := strategy == nbtree.Less || strategy == nbtree.LessEqual
	satisfies := func(x types.Datum) bool {
		c := types.Compare(colType, x, v)
		switch strategy {
		case nbtree.Less:
			return c < 0
		case nbtree.LessEqual:
			return c <= 0
		case nbtree.Greater:
			return c > 0
		}
		return c >= 0
	}
	mcvSel, sumMCV := 0.0, 0.0
	for i, m := range st.MCV {
		if i >= len(st.MCVFreqs) {
			break
		}
		sumMCV += st.MCVFreqs[i]
		if satisfies(m) {
			mcvSel += st.MCVFreqs[i]
		}
	}
	rest := math.Max(0, 1-st.NullFrac-sumMCV)
	histSel := defaultIneqSel
	if h := st.Histogram; len(h) >= 2 {
		// The fraction of the histogram's bins below v, interpolated in
		// the bin v falls in for the integer types.
		n := len(h)
		i := sort.Search(n, func(i int) bool { return types.Compare(colType, h[i], v) >= 0 })
		var below float64
		switch {
		case i == 0:
			below = 0
		case i >= n:
			below = 1
		default:
			frac := 0.5
			if types.ComparesAsInt(colType) && colType != types.OidMoney {
				// (convert_to_scalar has no case for money: the middle
				// of the bin, as for the types it cannot place.)
				lo, hi := float64(h[i-1].Int()), float64(h[i].Int())
				if hi > lo {
					frac = (float64(v.Int()) - lo) / (hi - lo)
				}
			}
			below = (float64(i-1) + frac) / float64(n-1)
		}
		below = math.Min(1, math.Max(0, below))
		if less {
			histSel = below
		} else {
			histSel = 1 - below
		}
	}
	return mcvSel + histSel*rest
}

// keySelectivity is the fraction of rows a column's scan keys select.
func keySelectivity(st *catalog.ColumnStats, colType uint32, keys []keyCandidate, tuples float64) float64 {
	var lo, hi float64 = -1, -1
	sel, notNull := 1.0, 1.0
	for _, k := range keys {
		switch k.strategy {
		case nbtree.IsNull, nbtree.IsNotNull:
			// nulltestsel: the column's fraction of NULLs.
			nf := defaultEqSel
			if st != nil {
				nf = st.NullFrac
			}
			if k.strategy == nbtree.IsNull {
				sel = math.Min(sel, nf)
			} else {
				notNull = 1 - nf
			}
		case nbtree.Equal:
			sel = math.Min(sel, eqSelectivity(st, colType, k.arg, tuples))
		case nbtree.Less, nbtree.LessEqual:
			s := ineqSelectivity(st, colType, k.strategy, k.arg)
			if hi < 0 || s < hi {
				hi = s
			}
		default:
			s := ineqSelectivity(st, colType, k.strategy, k.arg)
			if lo < 0 || s < lo {
				lo = s
			}
		}
	}
	switch {
	case lo >= 0 && hi >= 0:
		// A range: clauselist_selectivity's pairing of the two sides.
		r := lo + hi - 1
		if st == nil || r <= 0 {
			r = math.Max(r, defaultRangeIneqSel)
		}
		sel = math.Min(sel, r)
	case lo >= 0:
		sel = math.Min(sel, lo)
	case hi >= 0:
		sel = math.Min(sel, hi)
	}
	return sel * notNull
}
