// The element statistics of array columns (utils/adt/array_typanalyze.c,
// compute_array_stats): the most common elements by Lossy Counting
// (Manku and Motwani) and a histogram of the number of distinct elements
// per array, added to the scalar statistics of the whole arrays.

package stats

import (
	"slices"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Statistic kinds of array elements (catalog/pg_statistic.h).
const (
	KindMCElem  int16 = 4
	KindDECHist int16 = 5
)

// ArrayWidthThreshold is ARRAY_WIDTH_THRESHOLD: arrays wider than this
// once expanded are left out of the element statistics.
const ArrayWidthThreshold = 0x10000

// Elements describes the elements of an array column whose element type
// has "=", a btree comparison and a hash function (array_typanalyze's
// conditions).
type Elements struct {
	// Type is the element type: the MCELEM slot's values are of it.
	Type uint32
	// Key is an equality key of a non-NULL element (types.AppendKey).
	Key func(d types.Datum) string
	// Compare orders two non-NULL elements.
	Compare func(a, b types.Datum) int
}

// elementItem is a tracked element (TrackItem).
type elementItem struct {
	value         types.Datum
	frequency     int
	delta         int
	lastContainer int
}

// computeArrayElements is the element part of compute_array_stats,
// appending the MCELEM and DECHIST slots to r. Array values marked Huge
// (wider than ArrayWidthThreshold) are left out.
func computeArrayElements(col Column, vals []Value, r *Result, check Interrupt) error {
	el := col.Elements
	numMCElem := col.Target * 10
	bucketWidth := numMCElem * 1000 / 7
	tracked := map[string]*elementItem{}
	counts := map[int]int{} // distinct elements per array -> arrays
	bCurrent := 1
	elementNo := 0
	nullElemCnt, analyzedRows := 0, 0
	for arrayNo, v := range vals {
		if arrayNo%checkEvery == 0 {
			if err := check(); err != nil {
				return err
			}
		}
		if v.Null || v.Huge {
			continue
		}
		analyzedRows++
		prev := elementNo
		nullPresent := false
		for _, e := range v.Datum.Array().Elems {
			if e.IsNull() {
				nullPresent = true
				continue
			}
			key := el.Key(e)
			if item, ok := tracked[key]; ok {
				// Each distinct element counts once per array.
				if item.lastContainer == arrayNo {
					continue
				}
				item.frequency++
				item.lastContainer = arrayNo
			} else {
				tracked[key] = &elementItem{value: e, frequency: 1, delta: bCurrent - 1, lastContainer: arrayNo}
			}
			elementNo++
			if elementNo%bucketWidth == 0 {
				// Prune D after each bucket.
				for k, item := range tracked {
					if item.frequency+item.delta <= bCurrent {
						delete(tracked, k)
					}
				}
				bCurrent++
			}
		}
		if nullPresent {
			nullElemCnt++
		}
		counts[elementNo-prev]++
	}
	if analyzedRows == 0 {
		return nil
	}
	nonnull := float64(analyzedRows)

	// The elements meeting the cutoff frequency (s - epsilon) * N.
	cutoff := 9 * elementNo / bucketWidth
	var items []*elementItem
	minfreq, maxfreq := elementNo, 0
	for _, item := range tracked {
		if item.frequency > cutoff {
			items = append(items, item)
			minfreq = min(minfreq, item.frequency)
			maxfreq = max(maxfreq, item.frequency)
		}
	}
	if numMCElem < len(items) {
		// The most frequent ones; PostgreSQL breaks ties by its hash
		// table's order, here they are broken by value.
		slices.SortFunc(items, func(a, b *elementItem) int {
			if a.frequency != b.frequency {
				return b.frequency - a.frequency
			}
			return el.Compare(a.value, b.value)
		})
		items = items[:numMCElem]
		minfreq = items[numMCElem-1].frequency
	}
	if len(items) > 0 {
		slices.SortFunc(items, func(a, b *elementItem) int { return el.Compare(a.value, b.value) })
		s := Slot{Kind: KindMCElem, ValueType: el.Type, Values: make([]types.Datum, len(items)),
			Numbers: make([]float32, 0, len(items)+3)}
		for i, item := range items {
			s.Values[i] = item.value
			s.Numbers = append(s.Numbers, float32(float64(item.frequency)/nonnull))
		}
		s.Numbers = append(s.Numbers, float32(float64(minfreq)/nonnull), float32(float64(maxfreq)/nonnull),
			float32(float64(nullElemCnt)/nonnull))
		r.Slots = append(r.Slots, s)
	}

	// The histogram of distinct element counts, then their average.
	if len(counts) > 0 {
		numHist := max(col.Target, 2)
		type countItem struct{ count, frequency int }
		sorted := make([]countItem, 0, len(counts))
		for c, f := range counts {
			sorted = append(sorted, countItem{c, f})
		}
		slices.SortFunc(sorted, func(a, b countItem) int { return a.count - b.count })
		hist := make([]float32, numHist+1)
		hist[numHist] = float32(float64(elementNo) / nonnull)
		delta := int64(analyzedRows - 1)
		j := 0
		frac := int64(sorted[0].frequency) * int64(numHist-1)
		for i := range numHist {
			for frac <= 0 {
				j++
				frac += int64(sorted[j].frequency) * int64(numHist-1)
			}
			hist[i] = float32(sorted[j].count)
			frac -= delta
		}
		r.Slots = append(r.Slots, Slot{Kind: KindDECHist, Numbers: hist})
	}
	return nil
}
