package exec

import (
	"os"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestCursorRowStore adds rows beyond a tiny work_mem while reading
// back, forward and backward, rows already added (as a scrollable
// cursor does between fetches), and checks every row read is the one
// added at its number, and that Close removes the file.
func TestCursorRowStore(t *testing.T) {
	files, dir := testSpillFiles(t, 4<<10)
	rows, typs := spillTestRows(3000)
	st := NewRowStore(files.mem, typs)
	check := func(i int64) {
		t.Helper()
		row, err := st.Row(i)
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if row[3].Int() != i || types.FormatText(types.OidText, row[1], nil) != types.FormatText(types.OidText, rows[i][1], nil) {
			t.Fatalf("row %d: got row %d", i, row[3].Int())
		}
	}
	for i, row := range rows {
		if err := st.Add(row); err != nil {
			t.Fatal(err)
		}
		n := int64(i)
		check(n)
		if i%7 == 0 {
			check(n / 2)
		}
		if i%11 == 0 && i > 20 {
			for k := n; k > n-20; k-- {
				check(k)
			}
		}
	}
	if st.Len() != int64(len(rows)) || !st.Spilled() {
		t.Fatalf("%d rows, spilled %v", st.Len(), st.Spilled())
	}
	for i := int64(len(rows)) - 1; i >= 0; i -= 3 {
		check(i)
	}
	if made, _ := os.ReadDir(dir + "/base/pgsql_tmp"); len(made) == 0 {
		t.Fatal("the store spilled, but no file is there")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir + "/base/pgsql_tmp"); len(left) > 0 {
		t.Fatalf("files left: %v", left)
	}
}

// TestSupportsBackwardScan checks the plans PostgreSQL could scan
// backwards, and some it could not.
func TestSupportsBackwardScan(t *testing.T) {
	seq := &plan.TableScan{}
	for _, c := range []struct {
		name string
		n    plan.Node
		want bool
	}{
		{"seq scan", &plan.Project{Input: &plan.Filter{Input: seq}}, true},
		{"sort", &plan.Trim{Input: &plan.Sort{Input: seq}}, true},
		{"incremental sort", &plan.Sort{Input: seq, Presorted: 1}, false},
		{"limit", &plan.Limit{Input: seq}, true},
		{"result", &plan.Project{Input: &plan.Result{}}, false},
		{"values", &plan.ValuesScan{}, true},
		{"union all", &plan.HashSetOp{Op: plan.Union, All: true, Left: seq, Right: &plan.FunctionScan{}}, true},
		{"union", &plan.HashSetOp{Op: plan.Union, Left: seq, Right: seq}, false},
		{"aggregate", &plan.Agg{Input: seq}, false},
		{"hash join", &plan.HashJoin{Outer: seq, Inner: seq}, false},
		{"bitmap scan", &plan.TableScan{Bitmap: &plan.BitmapHeap{}}, false},
		{"sample scan", &plan.TableScan{Sample: &plan.TableSample{}}, false},
	} {
		if got := SupportsBackwardScan(c.n); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
