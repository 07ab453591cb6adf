package plan

import (
	"fmt"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// costText prints an estimate as EXPLAIN does.
func costText(e Estimate) string {
	return fmt.Sprintf("cost=%.2f..%.2f rows=%.0f width=%d", e.Startup, e.Total, e.Rows, e.Width)
}

// TestScanEstimates checks the estimates of simple scans against
// costsize.c's formulas worked by hand (the same numbers PostgreSQL 15
// prints for such a table).
func TestScanEstimates(t *testing.T) {
	cols := []Column{{Name: "a", TypeOID: types.OidInt4, TypeMod: -1}, {Name: "b", TypeOID: types.OidInt4, TypeMod: -1},
		{Name: "c", TypeOID: types.OidText, TypeMod: -1}}
	pkey := &TableIndex{Name: "t_pkey", Columns: []int{0}, Unique: true, Primary: true,
		Index: &nbtree.Index{Keys: make([]nbtree.KeyColumn, 1), Unique: true}, Pages: 30, TreeHeight: 1}
	tab := &Table{Name: "t", Columns: cols, Pages: 100, Tuples: 10000, Indexes: []*TableIndex{pkey}}
	rte := &RTE{Kind: RTETable, Table: tab, Columns: cols}
	eq := &expr.Operator{OID: 96, Name: "=", Left: types.OidInt4, Right: types.OidInt4, Result: types.OidBool, JoinEquality: true}
	aEq5 := &expr.FuncExpr{Op: eq, Args: []expr.Expr{&expr.Var{Index: 0, Typ: types.OidInt4, Mod: -1},
		&expr.Const{Typ: types.OidInt4, Value: types.Int(5)}}, Typ: types.OidBool}
	bEq5 := &expr.FuncExpr{Op: eq, Args: []expr.Expr{&expr.Var{Index: 1, Typ: types.OidInt4, Mod: -1},
		&expr.Const{Typ: types.OidInt4, Value: types.Int(5)}}, Typ: types.OidBool}
	for _, tc := range []struct {
		name string
		scan *TableScan
		want string
	}{
		// relpages * seq_page_cost + reltuples * cpu_tuple_cost; the
		// width of two int4 and a text of unknown width (32).
		{"seq", &TableScan{Table: tab, Level: 3, RTE: rte}, "cost=0.00..200.00 rows=10000 width=40"},
		// Only the columns read count.
		{"seq-need", &TableScan{Table: tab, Level: 3, RTE: rte, Need: []bool{true, false, false}}, "cost=0.00..200.00 rows=10000 width=4"},
		// A filter: cpu_operator_cost a row, DEFAULT_EQ_SEL of the rows.
		{"seq-filter", &TableScan{Table: tab, Level: 3, RTE: rte, Quals: []expr.Expr{bEq5}}, "cost=0.00..225.00 rows=50 width=40"},
		// A unique key: one index page and one heap page at
		// random_page_cost, the descent's startup cost.
		{"index", &TableScan{Table: tab, Level: 3, RTE: rte, Quals: []expr.Expr{aEq5},
			Index: &IndexPath{Index: pkey, Keys: []IndexKey{{Column: 0, Strategy: nbtree.Equal, Arg: aEq5.Args[1]}}}},
			"cost=0.29..8.30 rows=1 width=40"},
	} {
		got := costText(Estimates(tc.scan, nil, 0)[tc.scan])
		if got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// A Sort above a scan: 2 * cpu_operator_cost * N * log2(N) before
	// the first row, cpu_operator_cost a row after.
	scan := &TableScan{Table: tab, Level: 3, RTE: rte}
	sort := &Sort{Input: scan, Keys: []SortKey{{Target: 0}}}
	if got, want := costText(Estimates(sort, nil, 0)[sort]), "cost=864.39..889.39 rows=10000 width=40"; got != want {
		t.Errorf("sort: %s, want %s", got, want)
	}
	// An aggregate without groups: one row after all input rows.
	agg := &Agg{Input: scan, Aggs: []*expr.Aggref{{Typ: types.OidInt8, Star: true}}}
	if got, want := costText(Estimates(agg, nil, 0)[agg]), "cost=225.00..225.01 rows=1 width=8"; got != want {
		t.Errorf("agg: %s, want %s", got, want)
	}
}

// TestHashBatchEstimates checks ExecChooseHashTableSize's batches
// against PostgreSQL 15's choices: a hash table of 100000 rows of width
// 41 needs two batches in 4MB × 2, 20000 rows of width 14 one.
func TestHashBatchEstimates(t *testing.T) {
	if b := hashBatches(100000, 41, 0); b != 2 {
		t.Errorf("hash of 100000 rows: %v batches, want 2", b)
	}
	if b := hashBatches(20000, 14, 0); b != 1 {
		t.Errorf("hash of 20000 rows: %v batches, want 1", b)
	}
}
