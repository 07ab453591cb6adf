// Column statistics (pg_statistic, what ANALYZE stores) as the planner
// reads them: read once per relation cache entry, which ANALYZE's
// update of the relation's pg_class row invalidates.

package catalog

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

// ColumnStats are a column's statistics: the fraction of NULLs, the
// number of distinct values, the most common values with their
// frequencies and the histogram of the other values (the slots of
// STATISTIC_KIND_MCV and STATISTIC_KIND_HISTOGRAM).
type ColumnStats struct {
	NullFrac float64
	// Distinct is stadistinct: > 0 a number of values, < 0 minus a
	// fraction of the rows, 0 unknown.
	Distinct  float64
	MCV       []types.Datum
	MCVFreqs  []float64
	Histogram []types.Datum
	// Width is stawidth, the average width of the non-NULL values.
	Width int32
	// Correlation is the statistical correlation between the column's
	// order and the rows' physical order (STATISTIC_KIND_CORRELATION),
	// 0 when unknown.
	Correlation float64
}

// pg_statistic's slot kinds read here.
const (
	statisticKindMCV         = 1
	statisticKindHistogram   = 2
	statisticKindCorrelation = 3
)

// Statistics returns the statistics of rel's columns by attribute
// number (none for columns never analyzed, or whose values ANALYZE kept
// as text).
func (c *Cache) Statistics(r Reader, rel *Relation) (map[int16]*ColumnStats, error) {
	c.mu.Lock()
	if rel.statsLoaded {
		st := rel.stats
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	var out map[int16]*ColumnStats
	err := r.ScanCatalog(&catalogs[idxPgStatistic], func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgStatisticStarelid-1]) != rel.OID || row[AnumPgStatisticStainherit-1].Bool() {
			return true, nil
		}
		attnum := int16(row[AnumPgStatisticStaattnum-1].Int())
		if attnum < 1 || int(attnum) > len(rel.Attrs) {
			return true, nil
		}
		typ := types.DomainBase(rel.Attrs[attnum-1].Type)
		st := &ColumnStats{NullFrac: float64(row[AnumPgStatisticStanullfrac-1].Float4()),
			Distinct: float64(row[AnumPgStatisticStadistinct-1].Float4()), Width: int32(row[AnumPgStatisticStawidth-1].Int())}
		for slot := 0; slot < 5; slot++ {
			kind := row[AnumPgStatisticStakind1-1+slot].Int()
			nums, vals := row[AnumPgStatisticStanumbers1-1+slot], row[AnumPgStatisticStavalues1-1+slot]
			if kind == statisticKindCorrelation && !nums.IsNull() && len(nums.Array().Elems) > 0 {
				st.Correlation = float64(nums.Array().Elems[0].Float4())
				continue
			}
			if vals.IsNull() || vals.Array().Elem != typ {
				continue
			}
			switch kind {
			case statisticKindMCV:
				if nums.IsNull() {
					continue
				}
				st.MCV = vals.Array().Elems
				st.MCVFreqs = st.MCVFreqs[:0]
				for _, f := range nums.Array().Elems {
					st.MCVFreqs = append(st.MCVFreqs, float64(f.Float4()))
				}
			case statisticKindHistogram:
				st.Histogram = vals.Array().Elems
			}
		}
		if out == nil {
			out = map[int16]*ColumnStats{}
		}
		out[attnum] = st
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	rel.stats, rel.statsLoaded = out, true
	c.mu.Unlock()
	return out, nil
}
