package exec

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// TestMergeSortRowsStable sorts rows of (key, original position) on the
// key alone and checks the order against the standard library's stable
// sort, for lengths around the insertion runs and merge widths.
func TestMergeSortRowsStable(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	less := func(a, b []types.Datum) bool { return a[0].Int() < b[0].Int() }
	for _, n := range []int{0, 1, 2, insertionRun - 1, insertionRun, insertionRun + 1, 100, 1000, 4097} {
		rows := make([][]types.Datum, n)
		for i := range rows {
			rows[i] = []types.Datum{types.Int(r.Int63n(int64(n/4 + 1))), types.Int(int64(i))}
		}
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(a, b []types.Datum) int { return int(a[0].Int() - b[0].Int()) })
		mergeSortRows(rows, less)
		for i := range rows {
			if rows[i][1].Int() != want[i][1].Int() {
				t.Fatalf("n=%d: row %d is original row %d, want %d", n, i, rows[i][1].Int(), want[i][1].Int())
			}
		}
	}
}

// TestMergeSortRowsPanicKeepsRows abandons sorts at each comparison count
// and checks that rows still holds every row.
func TestMergeSortRowsPanicKeepsRows(t *testing.T) {
	const n = 300
	for stopAt := 1; stopAt < 3000; stopAt += 97 {
		rows := make([][]types.Datum, n)
		for i := range rows {
			rows[i] = []types.Datum{types.Int(int64((i * 7919) % n))}
		}
		calls := 0
		func() {
			defer func() { recover() }()
			mergeSortRows(rows, func(a, b []types.Datum) bool {
				if calls++; calls == stopAt {
					panic("stop")
				}
				return a[0].Int() < b[0].Int()
			})
		}()
		seen := make([]bool, n)
		for _, row := range rows {
			seen[row[0].Int()] = true
		}
		for v, ok := range seen {
			if !ok {
				t.Fatalf("stop at %d: value %d lost", stopAt, v)
			}
		}
	}
}
