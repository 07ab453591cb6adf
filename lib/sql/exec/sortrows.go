package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// insertionRun is the length of the runs mergeSort sorts by insertion
// before merging: short runs cost fewer moves that way.
const insertionRun = 24

// sortItem is a row being sorted with its first sort key beside it
// (PostgreSQL's SortTuple.datum1): most comparisons are decided by that
// key alone, without following the row pointer to memory that is not in
// the cache.
type sortItem struct {
	first types.Datum
	row   []types.Datum
	idx   int // in the rows sorted
}

// rowSorter compares sortItems on a sort's keys.
type rowSorter struct {
	keys []plan.SortKey
	typs []uint32
}

// less orders a before b: the first key, then the other keys.
func (s *rowSorter) less(a, b *sortItem) bool {
	k := s.keys[0]
	c := compareKey(a.first, b.first, k, s.typs[k.Target])
	if c == 0 && len(s.keys) > 1 {
		c = compareRows(a.row, b.row, s.keys[1:], s.typs)
	}
	return c < 0
}

// compareKey orders two values of one sort key; NULLs sort as the key
// asks.
func compareKey(x, y types.Datum, k plan.SortKey, typ uint32) int {
	switch xn, yn := x.IsNull(), y.IsNull(); {
	case xn && yn:
		return 0
	case xn:
		if k.NullsFirst {
			return -1
		}
		return 1
	case yn:
		if k.NullsFirst {
			return 1
		}
		return -1
	}
	c := types.Compare(typ, x, y)
	if k.Desc {
		c = -c
	}
	return c
}

// mergeSort sorts s stably on less. It is a bottom-up merge sort with a
// scratch slice as long as s: n log n comparisons and moves, where the
// standard library's stable sort (in-place rotations) moves elements
// n log² n times, which dominated sorts of a million rows. less may panic
// to abandon the sort (cancellation); s then holds every element still,
// in some order.
func mergeSort[T any](s []T, less func(a, b *T) bool) {
	n := len(s)
	for lo := 0; lo < n; lo += insertionRun {
		hi := min(lo+insertionRun, n)
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && less(&s[j], &s[j-1]); j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	}
	if n <= insertionRun {
		return
	}
	src, dst := s, make([]T, n)
	// A panic while the sorted elements are in the scratch slice must
	// still leave every element in s.
	defer func() {
		if &src[0] != &s[0] {
			copy(s, src)
		}
	}()
	for width := insertionRun; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			mergeRuns(dst[lo:hi], src[lo:mid], src[mid:hi], less)
		}
		src, dst = dst, src
	}
}

// mergeRuns merges the sorted runs a and b into out, taking from a on
// ties (stability).
func mergeRuns[T any](out, a, b []T, less func(a, b *T) bool) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if less(&b[j], &a[i]) {
			out[k] = b[j]
			j++
		} else {
			out[k] = a[i]
			i++
		}
		k++
	}
	k += copy(out[k:], a[i:])
	copy(out[k:], b[j:])
}

// keyedIndex stands for the row at index idx of the rows being sorted
// when their first key compares as a signed integer
// (types.ComparesAsInt), key being that value as radixSort orders it
// (orderedKey). The items hold no pointer, so the garbage collector
// neither scans them nor slows their moves with write barriers.
type keyedIndex struct {
	key uint64
	idx int32
}

// sortIntKey returns the stable order of rows on keys whose first is of
// a type that compares as a signed integer: the rows with a NULL first
// key go first or last in input order, the others are radix sorted on it
// (a stable sort), and then each range of rows equal on the first key is
// merge sorted on the other keys with lessRest.
func sortIntKey(ec *expr.EvalContext, rows [][]types.Datum, keys []plan.SortKey, lessRest func(a, b *keyedIndex) bool) ([]keyedIndex, error) {
	k := keys[0]
	n := len(rows)
	nulls := 0
	for _, row := range rows {
		if row[k.Target].IsNull() {
			nulls++
		}
	}
	items := make([]keyedIndex, n)
	vals, nullItems := items[:n-nulls], items[n-nulls:]
	if k.NullsFirst {
		nullItems, vals = items[:nulls], items[nulls:]
	}
	v, z := 0, 0
	for i, row := range rows {
		if d := row[k.Target]; d.IsNull() {
			nullItems[z] = keyedIndex{idx: int32(i)}
			z++
		} else {
			vals[v] = keyedIndex{key: orderedKey(d.Int(), k.Desc), idx: int32(i)}
			v++
		}
	}
	if err := radixSort(ec, vals, make([]keyedIndex, len(vals)), func(x *keyedIndex) uint64 { return x.key }); err != nil {
		return nil, err
	}
	if len(keys) > 1 {
		mergeSort(nullItems, lessRest)
		for lo := 0; lo < len(vals); {
			hi := lo + 1
			for hi < len(vals) && vals[hi].key == vals[lo].key {
				hi++
			}
			if hi-lo > 1 {
				mergeSort(vals[lo:hi], lessRest)
			}
			lo = hi
		}
	}
	return items, nil
}
