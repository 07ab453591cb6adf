// The standard statistics of one column over a sample of rows
// (std_typanalyze and its compute_*_stats routines).

package stats

import (
	"math"
	"slices"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Statistic kinds of pg_statistic.stakindN (catalog/pg_statistic.h).
const (
	KindMCV         int16 = 1
	KindHistogram   int16 = 2
	KindCorrelation int16 = 3
)

// WidthThreshold is WIDTH_THRESHOLD: variable-length values wider than
// this once expanded are left out of the distinct-value, MCV and
// histogram computations (they count only for the null fraction, the
// width and, as distinct, for n_distinct).
const WidthThreshold = 1024

// Value is one sampled value of a column.
type Value struct {
	Datum types.Datum
	Null  bool
	// Width is the value's size as PostgreSQL counts it for avg_width:
	// the stored (possibly compressed or TOAST pointer) varlena size for
	// variable-length types, strlen+1 for cstrings; unused for
	// fixed-length types.
	Width int
	// TooWide marks a variable-length value wider than WidthThreshold
	// once expanded; Datum is then not set, except for arrays of columns
	// with Elements up to ArrayWidthThreshold.
	TooWide bool
	// Huge marks an array wider than ArrayWidthThreshold: not decoded.
	Huge bool
}

// Column describes how to analyze one column.
type Column struct {
	// Target is the statistics target (attstattarget, or
	// default_statistics_target for -1): the MCV list and histogram
	// have at most this many entries (the histogram one more).
	Target int
	// Len is the type's typlen: > 0 fixed, -1 varlena, -2 cstring.
	Len int16
	// Less orders two non-NULL values as the type's default btree "<"
	// operator does; nil when the type has none.
	Less func(a, b types.Datum) int
	// Equal compares as the type's default "=" operator; nil when the
	// type has none (only the null fraction and width are computed).
	Equal func(a, b types.Datum) bool
	// Elements is set for arrays whose elements get statistics of their
	// own (array_typanalyze).
	Elements *Elements
}

// Slot is one pg_statistic slot: stakindN with stanumbersN and
// stavaluesN (either may be empty). Its operator is the column's "="
// for an MCV list and its "<" for a histogram or correlation.
type Slot struct {
	Kind    int16
	Numbers []float32
	Values  []types.Datum
	// ValueType is the type of Values when it is not the column's (the
	// elements of an array column).
	ValueType uint32
}

// Result is what ANALYZE stores for a column.
type Result struct {
	// Valid is false when the sample had no rows at all: nothing is
	// stored (stats_valid).
	Valid    bool
	NullFrac float32
	Width    int32
	Distinct float32
	Slots    []Slot
}

// Interrupt is called now and then during long loops; a non-nil error
// stops the computation and is returned.
type Interrupt func() error

// checkEvery is how many values pass between interrupt checks.
const checkEvery = 4096

// Compute computes the statistics of a column from its sampled values
// (one per sampled row, in the rows' physical order) and the estimated
// number of rows in the table (std_typanalyze's choice of
// compute_scalar_stats, compute_distinct_stats or compute_trivial_stats).
func Compute(col Column, vals []Value, totalrows float64, check Interrupt) (Result, error) {
	var r Result
	var err error
	switch {
	case col.Equal != nil && col.Less != nil:
		r, err = computeScalar(col, vals, totalrows, check)
	case col.Equal != nil:
		r, err = computeDistinct(col, vals, totalrows, check)
	default:
		r, err = computeTrivial(col, vals, check)
	}
	if err == nil && col.Elements != nil {
		err = computeArrayElements(col, vals, &r, check)
	}
	return r, err
}

// widthOf is stawidth: the average width of the non-null values for
// variable-width types, typlen otherwise.
func widthOf(col Column, totalWidth float64, nonnull int) int32 {
	if col.Len < 0 {
		return int32(totalWidth / float64(nonnull))
	}
	return int32(col.Len)
}

// allNull is the result for a sample whose values were all NULL.
func allNull(col Column) Result {
	r := Result{Valid: true, NullFrac: 1.0}
	if col.Len > 0 {
		r.Width = int32(col.Len)
	}
	return r
}

// tally is what the first pass over a column's sample counts.
type tally struct {
	nulls, nonnull, toowide int
	totalWidth              float64
}

// count makes the first pass over the sample: NULLs, non-NULL values and
// their widths, too-wide values; keep is called with each value the
// statistics are computed from (non-NULL and not too wide).
func count(col Column, vals []Value, check Interrupt, keep func(d types.Datum)) (tally, error) {
	var t tally
	for i, v := range vals {
		if i%checkEvery == 0 {
			if err := check(); err != nil {
				return t, err
			}
		}
		if v.Null {
			t.nulls++
			continue
		}
		t.nonnull++
		if col.Len < 0 {
			t.totalWidth += float64(v.Width)
			if v.TooWide {
				t.toowide++
				continue
			}
		}
		keep(v.Datum)
	}
	return t, nil
}

// base is the null fraction and width of a sample with non-NULL values.
func (t tally) base(col Column, samplerows int) Result {
	return Result{Valid: true, NullFrac: float32(float64(t.nulls) / float64(samplerows)),
		Width: widthOf(col, t.totalWidth, t.nonnull)}
}

func computeTrivial(col Column, vals []Value, check Interrupt) (Result, error) {
	t, err := count(col, vals, check, func(types.Datum) {})
	switch {
	case err != nil:
		return Result{}, err
	case t.nonnull > 0:
		return t.base(col, len(vals)), nil
	case t.nulls > 0:
		return allNull(col), nil
	}
	return Result{}, nil
}

// haasStokes is the Duj1 estimator of Haas and Stokes (IBM Research
// Report RJ 10025), n*d / (n - f1 + f1*n/N), over the non-null values:
// n sampled of N in the table, d distinct in the sample, f1 of them seen
// once. The result is clamped to [d, N] and rounded.
func haasStokes(n, N float64, d, f1 int) float64 {
	est := 0.0
	if N > 0 {
		est = (n * float64(d)) / ((n - float64(f1)) + float64(f1)*n/N)
	}
	if est < float64(d) {
		est = float64(d)
	}
	if est > N {
		est = N
	}
	return math.Floor(est + 0.5)
}

// estimateDistinct is haasStokes over the non-null values of a sample of
// samplerows rows with nulls NULLs, of a table of totalrows rows with a
// null fraction of nullfrac.
func estimateDistinct(samplerows, nulls int, totalrows float64, nullfrac float32, d, f1 int) float64 {
	return haasStokes(float64(samplerows-nulls), totalrows*(1.0-float64(nullfrac)), d, f1)
}

// mcvCount is how many of the most common values seen (their counts,
// most common first) make the MCV list: all of them when the list holds
// every value of the sample and they fit in target, else as many as
// AnalyzeMCVList keeps of the first target.
func mcvCount(counts []int, complete bool, target int, r Result, samplerows int, totalrows float64) int {
	if complete && r.Distinct > 0 && len(counts) <= target {
		return len(counts)
	}
	n := min(target, len(counts))
	if n == 0 {
		return 0
	}
	return AnalyzeMCVList(counts[:n], float64(r.Distinct), float64(r.NullFrac), samplerows, totalrows)
}

// scaleDistinct makes an estimate above 10% of the rows a negative
// fraction of them: n_distinct then scales with the table.
func scaleDistinct(d float32, totalrows float64) float32 {
	if float64(d) > 0.1*totalrows {
		return float32(-(float64(d) / totalrows))
	}
	return d
}

// AnalyzeMCVList is analyze_mcv_list: of the counts of the most common
// values in the sample (most common first), how many are significantly
// more common than the values not in the list, by the lower end of a
// continuity-corrected Wald interval of the hypergeometric distribution.
func AnalyzeMCVList(counts []int, stadistinct, stanullfrac float64, samplerows int, totalrows float64) int {
	num := len(counts)
	if float64(samplerows) == totalrows || totalrows <= 1.0 {
		return num
	}
	ndistinctTable := stadistinct
	if ndistinctTable < 0 {
		ndistinctTable = -ndistinctTable * totalrows
	}
	sumcount := 0.0
	for i := 0; i < num-1; i++ {
		sumcount += float64(counts[i])
	}
	for num > 0 {
		selec := 1.0 - sumcount/float64(samplerows) - stanullfrac
		selec = max(0.0, min(1.0, selec))
		if other := ndistinctTable - float64(num-1); other > 1 {
			selec /= other
		}
		N, n := totalrows, float64(samplerows)
		K := N * float64(counts[num-1]) / n
		variance := n * K * (N - K) * (N - n) / (N * N * (N - 1))
		stddev := math.Sqrt(variance)
		if float64(counts[num-1]) > selec*float64(samplerows)+2*stddev+0.5 {
			break
		}
		num--
		if num == 0 {
			break
		}
		sumcount -= float64(counts[num-1])
	}
	return num
}

// computeDistinct is compute_distinct_stats: for types with "=" but no
// "<", the most common values are tracked by brute force in a list of
// at most 2*target values ordered by count.
func computeDistinct(col Column, vals []Value, totalrows float64, check Interrupt) (Result, error) {
	type trackItem struct {
		value types.Datum
		count int
	}
	numMCV := col.Target
	trackMax := max(2*numMCV, 10)
	track := make([]trackItem, 0, trackMax)
	t, err := count(col, vals, check, func(value types.Datum) {
		match := false
		firstcount1 := len(track)
		j := 0
		for j = 0; j < len(track); j++ {
			if col.Equal(value, track[j].value) {
				match = true
				break
			}
			if j < firstcount1 && track[j].count == 1 {
				firstcount1 = j
			}
		}
		if match {
			track[j].count++
			for j > 0 && track[j].count > track[j-1].count {
				track[j], track[j-1] = track[j-1], track[j]
				j--
			}
			return
		}
		// Insert at the head of the count-1 part, dropping the oldest
		// singleton when the list is full.
		if len(track) < trackMax {
			track = append(track, trackItem{})
		}
		for j = len(track) - 1; j > firstcount1; j-- {
			track[j] = track[j-1]
		}
		if firstcount1 < len(track) {
			track[firstcount1] = trackItem{value: value, count: 1}
		}
	})
	switch {
	case err != nil:
		return Result{}, err
	case t.nonnull == 0 && t.nulls > 0:
		return allNull(col), nil
	case t.nonnull == 0:
		return Result{}, nil
	}
	nulls, nonnull, toowide := t.nulls, t.nonnull, t.toowide
	r := t.base(col, len(vals))
	nmultiple, summultiple := 0, 0
	for nmultiple = 0; nmultiple < len(track); nmultiple++ {
		if track[nmultiple].count == 1 {
			break
		}
		summultiple += track[nmultiple].count
	}
	switch {
	case nmultiple == 0:
		// No repeated values: unique, discounting the nulls.
		r.Distinct = float32(-1.0 * (1.0 - float64(r.NullFrac)))
	case len(track) < trackMax && toowide == 0 && nmultiple == len(track):
		// Every value seen is in the list and appeared more than once.
		r.Distinct = float32(len(track))
	default:
		f1 := nonnull - summultiple
		r.Distinct = float32(estimateDistinct(len(vals), nulls, totalrows, r.NullFrac, f1+nmultiple, f1))
	}
	r.Distinct = scaleDistinct(r.Distinct, totalrows)

	counts := make([]int, len(track))
	for i := range track {
		counts[i] = track[i].count
	}
	numMCV = mcvCount(counts, len(track) < trackMax && toowide == 0, numMCV, r, len(vals), totalrows)
	if numMCV > 0 {
		s := Slot{Kind: KindMCV, Numbers: make([]float32, numMCV), Values: make([]types.Datum, numMCV)}
		for i := range numMCV {
			s.Values[i] = track[i].value
			s.Numbers[i] = float32(float64(track[i].count) / float64(len(vals)))
		}
		r.Slots = append(r.Slots, s)
	}
	return r, nil
}

// scalarItem is a sampled value with its position among the sortable
// values, the tie-breaker of the sort (ScalarItem).
type scalarItem struct {
	value types.Datum
	tupno int
}

// mcvItem is a run of equal values in the sorted sample (ScalarMCVItem).
type mcvItem struct {
	count int
	first int
}

// sortCanceled carries an interrupt out of a sort's comparison.
type sortCanceled struct{ err error }

// sortItems sorts the values by col.Less and then position, checking
// for interrupts every checkEvery comparisons.
func sortItems(col Column, items []scalarItem, check Interrupt) (err error) {
	defer func() {
		if r := recover(); r != nil {
			c, ok := r.(sortCanceled)
			if !ok {
				panic(r)
			}
			err = c.err
		}
	}()
	n := 0
	slices.SortFunc(items, func(a, b scalarItem) int {
		n++
		if n%checkEvery == 0 {
			if err := check(); err != nil {
				panic(sortCanceled{err})
			}
		}
		if c := col.Less(a.value, b.value); c != 0 {
			return c
		}
		return a.tupno - b.tupno
	})
	return nil
}

// computeScalar is compute_scalar_stats: the values are sorted, runs of
// equal values give n_distinct and the MCV list, the rest evenly spaced
// the histogram, and the sorted positions against the physical ones the
// correlation.
func computeScalar(col Column, vals []Value, totalrows float64, check Interrupt) (Result, error) {
	numMCV, numBins := col.Target, col.Target
	items := make([]scalarItem, 0, len(vals))
	t, err := count(col, vals, check, func(d types.Datum) {
		items = append(items, scalarItem{value: d, tupno: len(items)})
	})
	if err != nil {
		return Result{}, err
	}
	samplerows := len(vals)
	nulls, toowide := t.nulls, t.toowide
	if len(items) == 0 {
		switch {
		case t.nonnull > 0:
			// Only too-wide values: assume they are all distinct.
			r := t.base(col, samplerows)
			r.Distinct = float32(-1.0 * (1.0 - float64(r.NullFrac)))
			return r, nil
		case nulls > 0:
			return allNull(col), nil
		}
		return Result{}, nil
	}
	if err := sortItems(col, items, check); err != nil {
		return Result{}, err
	}

	// Runs of equal values, the MCV candidates and the correlation sum.
	var track []mcvItem
	corrXY := 0.0
	ndistinct, nmultiple, dups := 0, 0, 0
	for i := range items {
		if i%checkEvery == 0 {
			if err := check(); err != nil {
				return Result{}, err
			}
		}
		corrXY += float64(i) * float64(items[i].tupno)
		dups++
		if i+1 < len(items) && col.Less(items[i].value, items[i+1].value) == 0 {
			continue
		}
		// End of a run of duplicates.
		ndistinct++
		if dups > 1 {
			nmultiple++
			if len(track) < numMCV || dups > track[len(track)-1].count {
				if len(track) < numMCV {
					track = append(track, mcvItem{})
				}
				j := len(track) - 1
				for ; j > 0; j-- {
					if dups <= track[j-1].count {
						break
					}
					track[j] = track[j-1]
				}
				track[j] = mcvItem{count: dups, first: i + 1 - dups}
			}
		}
		dups = 0
	}

	r := t.base(col, samplerows)
	switch {
	case nmultiple == 0:
		r.Distinct = float32(-1.0 * (1.0 - float64(r.NullFrac)))
	case toowide == 0 && nmultiple == ndistinct:
		r.Distinct = float32(ndistinct)
	default:
		// Too-wide values are assumed distinct.
		f1 := ndistinct - nmultiple + toowide
		r.Distinct = float32(estimateDistinct(samplerows, nulls, totalrows, r.NullFrac, f1+nmultiple, f1))
	}
	r.Distinct = scaleDistinct(r.Distinct, totalrows)

	counts := make([]int, len(track))
	for i := range track {
		counts[i] = track[i].count
	}
	numMCV = mcvCount(counts, len(track) == ndistinct && toowide == 0, numMCV, r, samplerows, totalrows)
	if numMCV > 0 {
		s := Slot{Kind: KindMCV, Numbers: make([]float32, numMCV), Values: make([]types.Datum, numMCV)}
		for i := range numMCV {
			s.Values[i] = items[track[i].first].value
			s.Numbers[i] = float32(float64(track[i].count) / float64(samplerows))
		}
		r.Slots = append(r.Slots, s)
	}

	// A histogram of the values not in the MCV list, if at least two
	// distinct ones are left.
	numHist := ndistinct - numMCV
	if numHist > numBins {
		numHist = numBins + 1
	}
	if numHist >= 2 {
		mcvs := slices.Clone(track[:numMCV])
		slices.SortFunc(mcvs, func(a, b mcvItem) int { return a.first - b.first })
		rest := items
		if numMCV > 0 {
			rest = make([]scalarItem, 0, len(items))
			src, j := 0, 0
			for src < len(items) {
				if j < numMCV {
					if src >= mcvs[j].first {
						src = mcvs[j].first + mcvs[j].count
						j++
						continue
					}
					rest = append(rest, items[src:mcvs[j].first]...)
					src = mcvs[j].first
				} else {
					rest = append(rest, items[src:]...)
					src = len(items)
				}
			}
		}
		nvals := len(rest)
		hist := make([]types.Datum, numHist)
		delta := (nvals - 1) / (numHist - 1)
		deltafrac := (nvals - 1) % (numHist - 1)
		pos, posfrac := 0, 0
		for i := range numHist {
			hist[i] = rest[pos].value
			pos += delta
			posfrac += deltafrac
			if posfrac >= numHist-1 {
				pos++
				posfrac -= numHist - 1
			}
		}
		r.Slots = append(r.Slots, Slot{Kind: KindHistogram, Values: hist})
	}

	if n := len(items); n > 1 {
		nf := float64(n)
		xsum := (nf - 1) * nf / 2.0
		x2sum := (nf - 1) * nf * (2*nf - 1) / 6.0
		corr := (nf*corrXY - xsum*xsum) / (nf*x2sum - xsum*xsum)
		r.Slots = append(r.Slots, Slot{Kind: KindCorrelation, Numbers: []float32{float32(corr)}})
	}
	return r, nil
}
