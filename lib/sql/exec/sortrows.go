package exec

import "github.com/gpostgres/gpostgres/lib/types"

// insertionRun is the length of the runs mergeSortRows sorts by insertion
// before merging: short runs cost fewer moves that way.
const insertionRun = 24

// mergeSortRows sorts rows stably on less. It is a bottom-up merge sort
// with a scratch slice as long as rows: n log n comparisons and moves of
// row headers, where the standard library's stable sort (in-place
// rotations) moves rows n log² n times, which dominated sorts of a
// million rows. less may panic to abandon the sort (cancellation); rows
// then holds every row still, in some order.
func mergeSortRows(rows [][]types.Datum, less func(a, b []types.Datum) bool) {
	n := len(rows)
	for lo := 0; lo < n; lo += insertionRun {
		hi := min(lo+insertionRun, n)
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && less(rows[j], rows[j-1]); j-- {
				rows[j], rows[j-1] = rows[j-1], rows[j]
			}
		}
	}
	if n <= insertionRun {
		return
	}
	src, dst := rows, make([][]types.Datum, n)
	// A panic while the sorted rows are in the scratch slice must still
	// leave every row in rows.
	defer func() {
		if &src[0] != &rows[0] {
			copy(rows, src)
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
func mergeRuns(out, a, b [][]types.Datum, less func(a, b []types.Datum) bool) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if less(b[j], a[i]) {
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
