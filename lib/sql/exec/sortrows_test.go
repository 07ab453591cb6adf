package exec

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestSortRowsStable sorts rows of (key1, key2, original position) on
// two keys with NULLs, descending and NULLS FIRST variants, and checks
// the order against the standard library's stable sort on compareRows,
// for lengths around the insertion runs and merge widths.
func TestSortRowsStable(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	ec := &expr.EvalContext{}
	typs := []uint32{types.OidInt8, types.OidText, types.OidInt8}
	keySets := [][]plan.SortKey{
		{{Target: 0}},
		{{Target: 0, Desc: true, NullsFirst: true}, {Target: 1}},
		{{Target: 1, Desc: true}, {Target: 0, NullsFirst: true}},
	}
	texts := []string{"a", "b", "ab", ""}
	for _, n := range []int{0, 1, 2, insertionRun - 1, insertionRun, insertionRun + 1, 100, 1000, 4097} {
		for _, keys := range keySets {
			rows := make([][]types.Datum, n)
			for i := range rows {
				rows[i] = []types.Datum{types.Int(r.Int63n(int64(n/4 + 1))), types.Text(texts[r.Intn(len(texts))]), types.Int(int64(i))}
				if r.Intn(10) == 0 {
					rows[i][r.Intn(2)] = types.Datum{}
				}
			}
			want := slices.Clone(rows)
			slices.SortStableFunc(want, func(a, b []types.Datum) int { return compareRows(a, b, keys, typs) })
			if err := sortRows(ec, rows, keys, typs); err != nil {
				t.Fatal(err)
			}
			for i := range rows {
				if rows[i][2].Int() != want[i][2].Int() {
					t.Fatalf("n=%d keys=%v: row %d is original row %d, want %d", n, keys, i, rows[i][2].Int(), want[i][2].Int())
				}
			}
		}
	}
}

// TestMergeSortPanicKeepsElements abandons sorts at each comparison count
// and checks that the slice still holds every element.
func TestMergeSortPanicKeepsElements(t *testing.T) {
	const n = 300
	for stopAt := 1; stopAt < 3000; stopAt += 97 {
		s := make([]int, n)
		for i := range s {
			s[i] = (i * 7919) % n
		}
		calls := 0
		func() {
			defer func() { recover() }()
			mergeSort(s, func(a, b *int) bool {
				if calls++; calls == stopAt {
					panic("stop")
				}
				return *a < *b
			})
		}()
		seen := make([]bool, n)
		for _, v := range s {
			seen[v] = true
		}
		for v, ok := range seen {
			if !ok {
				t.Fatalf("stop at %d: value %d lost", stopAt, v)
			}
		}
	}
}
