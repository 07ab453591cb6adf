package plan

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestIndexCovers: an index scan may be index-only when every user
// column its plan reads is a plain key or INCLUDE column of the index,
// and it reads no system column.
func TestIndexCovers(t *testing.T) {
	cols := []Column{{Name: "a", TypeOID: types.OidInt4}, {Name: "b", TypeOID: types.OidInt4},
		{Name: "c", TypeOID: types.OidText}, {Name: ""}} // the last one dropped
	tab := &Table{Name: "t", Columns: cols}
	// (a) INCLUDE (b), and (a, a + 1) whose second column is an expression.
	incl := &TableIndex{Name: "t_a_incl", Columns: []int{0, 1}, Index: &nbtree.Index{Keys: make([]nbtree.KeyColumn, 1)}}
	withExpr := &TableIndex{Name: "t_expr", Columns: []int{0, -1}, Index: &nbtree.Index{Keys: make([]nbtree.KeyColumn, 2)}}
	wide := &TableIndex{Name: "t_abc", Columns: []int{0, 1, 2}, Index: &nbtree.Index{Keys: make([]nbtree.KeyColumn, 3)}}
	for _, tc := range []struct {
		name  string
		index *TableIndex
		need  []bool
		sys   bool
		want  bool
	}{
		{"key", incl, []bool{true, false, false, false}, false, true},
		{"include", incl, []bool{true, true, false, false}, false, true},
		{"include-only", incl, []bool{false, true, false, false}, false, true},
		{"missing", incl, []bool{true, false, true, false}, false, false},
		{"every-column", incl, nil, false, false},
		{"every-column-held", wide, nil, false, true},
		{"expression-gives-nothing", withExpr, []bool{false, true, false, false}, false, false},
		{"system-column", incl, []bool{true, false, false, false, true, false, false, false, false, false}, true, false},
		{"system-unread", incl, []bool{true, false, false, false, false, false, false, false, false, false}, true, true},
		{"every-column-and-system", wide, nil, true, false},
	} {
		s := &TableScan{Table: tab, Need: tc.need, Sys: tc.sys, Index: &IndexPath{Index: tc.index}}
		if got := indexCovers(s); got != tc.want {
			t.Errorf("%s: indexCovers = %v, want %v", tc.name, got, tc.want)
		}
	}
	s := &TableScan{Table: tab, Need: []bool{true, false, false, false}, Index: &IndexPath{Index: incl}}
	markIndexOnly(s, PlannerOptions{NoIndexOnlyScan: true})
	if s.IndexOnly {
		t.Errorf("enable_indexonlyscan off: the scan was made index-only")
	}
	markIndexOnly(s, PlannerOptions{})
	if !s.IndexOnly {
		t.Errorf("the scan was not made index-only")
	}
	s.Bitmap = &BitmapHeap{}
	if indexCovers(s) {
		t.Errorf("a bitmap heap scan was made index-only")
	}
}

// TestHeapIOCostAllVisible: an index-only scan's heap pages are those
// the visibility map does not show all-visible (cost_index with
// allvisfrac), rounded up; with none all-visible it costs what the
// index scan costs.
func TestHeapIOCostAllVisible(t *testing.T) {
	for _, tc := range []struct {
		correlation, allVisFrac, want float64
	}{
		// 500 rows at random among 100 pages touch all 100 (Mackert and
		// Lohman), at random_page_cost.
		{0, 0, 400},
		{0, 0.5, 200},
		{0, 0.75, 100},
		{0, 1, 0},
		// In order: ceil(0.05 * 100) = 5 pages, the first at random.
		{1, 0, 8},
		{1, 0.5, 6},
	} {
		if got := heapIOCost(100, 500, 0.05, tc.correlation, 1, tc.allVisFrac); got != tc.want {
			t.Errorf("correlation %v, allvisfrac %v: %v, want %v", tc.correlation, tc.allVisFrac, got, tc.want)
		}
	}
}

// TestImpliedByPredicate: a condition a partial index's predicate
// implies holds for every row of the index.
func TestImpliedByPredicate(t *testing.T) {
	intOp := func(name string, oid uint32) *expr.Operator {
		return &expr.Operator{OID: oid, Name: name, Left: types.OidInt4, Right: types.OidInt4, Result: types.OidBool}
	}
	gt, eq := intOp(">", 521), intOp("=", 96)
	cmp := func(op *expr.Operator, col, v int) expr.Expr {
		return &expr.FuncExpr{Op: op, Args: []expr.Expr{&expr.Var{Index: col, Typ: types.OidInt4, Mod: -1},
			&expr.Const{Typ: types.OidInt4, Value: types.Int(int64(v))}}, Typ: types.OidBool}
	}
	// The predicate "k > 90" over the table's row (k its column 1); the
	// conditions over a query level where the table starts at 2.
	pred := cmp(gt, 1, 90)
	for _, tc := range []struct {
		name string
		q    expr.Expr
		want bool
	}{
		{"same", cmp(gt, 3, 90), true},
		{"wider", cmp(gt, 3, 80), true},
		{"narrower", cmp(gt, 3, 95), false},
		{"equality", cmp(eq, 3, 95), false},
		{"other-column", cmp(gt, 2, 90), false},
		{"not-null", &expr.NullTest{Arg: &expr.Var{Index: 3, Typ: types.OidInt4, Mod: -1}, IsNot: true}, true},
		{"is-null", &expr.NullTest{Arg: &expr.Var{Index: 3, Typ: types.OidInt4, Mod: -1}}, false},
	} {
		if got := ImpliedByPredicate(tc.q, pred, 2); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
