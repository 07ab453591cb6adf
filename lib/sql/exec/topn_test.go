package exec

import (
	"math/rand"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// rowsIter yields fixed rows.
type rowsIter struct{ rows [][]types.Datum }

func (r *rowsIter) Next() ([]types.Datum, bool, error) {
	if len(r.rows) == 0 {
		return nil, false, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, true, nil
}

// TestTopNMatchesFullSort checks that a bounded sort under LIMIT/OFFSET
// returns what the full stable sort returns, ties in input order, on
// inputs with many duplicate keys and NULLs.
func TestTopNMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	ec := &expr.EvalContext{}
	keys := []plan.SortKey{{Target: 0, Desc: true}}
	typs := []uint32{types.OidInt8, types.OidInt8}
	for _, n := range []int{0, 5, 100, 3000} {
		for _, distinct := range []int{1, 3, 50, 100000} {
			input := make([][]types.Datum, n)
			for i := range input {
				k := types.Int(r.Int63n(int64(distinct)))
				if r.Intn(20) == 0 {
					k = types.Datum{}
				}
				input[i] = []types.Datum{k, types.Int(int64(i))}
			}
			for _, lim := range [][2]int64{{1, 0}, {10, 0}, {10, 7}, {200, 50}, {5000, 0}} {
				full := &sortIter{ec: ec, in: &rowsIter{append([][]types.Datum(nil), input...)}, node: &plan.Sort{Keys: keys, Types: typs}}
				want := &limitIter{in: full, node: &plan.Limit{}, count: lim[0], offset: lim[1]}
				got := &limitIter{in: &sortIter{ec: ec, in: &rowsIter{append([][]types.Datum(nil), input...)}, node: &plan.Sort{Keys: keys, Types: typs}}, node: &plan.Limit{}, count: lim[0], offset: lim[1]}
				boundSort(got)
				if _, ok := got.in.(*topNIter); !ok {
					t.Fatal("limit over sort is not bounded")
				}
				for i := 0; ; i++ {
					w, wok, _ := want.Next()
					g, gok, _ := got.Next()
					if wok != gok {
						t.Fatalf("n=%d distinct=%d limit=%v: row %d present %v, want %v", n, distinct, lim, i, gok, wok)
					}
					if !wok {
						break
					}
					if w[1].Int() != g[1].Int() {
						t.Fatalf("n=%d distinct=%d limit=%v: row %d is input row %d, want %d", n, distinct, lim, i, g[1].Int(), w[1].Int())
					}
				}
			}
		}
	}
}
