// Tests of when a prepared statement with parameters is planned: not when
// it is prepared, its first custom plan from the analysis made then, and
// its generic plan only when run or weighed (plancache.go).

package sql_test

import (
	"strconv"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

func TestDeferredPlanning(t *testing.T) {
	f := newFrontEnd()
	var rows [][]string
	for i := 1; i <= 20; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "name" + strconv.Itoa(i)})
	}
	f.relation("r", []column{{"a", types.OidInt4}, {"b", types.OidText}}, rows)
	const query = "SELECT a, b FROM r WHERE a = $1"
	check := func(p *sql.Plan, a int, wantGeneric, wantSpare bool, wantCounts [2]int64) {
		t.Helper()
		if got, want := runPlan(t, f, p, []types.Datum{types.Int(int64(a))}), strconv.Itoa(a)+"|name"+strconv.Itoa(a)+"\nSELECT 1"; got != want {
			t.Fatalf("a = %d: got\n%s\nwant\n%s", a, got, want)
		}
		if g, s := sql.DeferredPlanning(p); g != wantGeneric || s != wantSpare {
			t.Fatalf("a = %d: generic planned %v, spare analysis %v; want %v, %v", a, g, s, wantGeneric, wantSpare)
		}
		if g, c := p.PlanCounts(); g != wantCounts[0] || c != wantCounts[1] {
			t.Fatalf("a = %d: %d generic and %d custom plans, want %v", a, g, c, wantCounts)
		}
	}

	f.env.config["plan_cache_mode"] = "auto"
	p := prepare(t, f.env, query, nil)
	if g, s := sql.DeferredPlanning(p); g || !s {
		t.Fatalf("after Prepare: generic planned %v, spare analysis %v; want only the analysis", g, s)
	}
	// Five custom plans, the first from the analysis of Prepare; the
	// generic plan is made at the sixth execution, to weigh it.
	for i := 1; i <= 5; i++ {
		check(p, i, false, false, [2]int64{0, int64(i)})
	}
	check(p, 6, true, false, [2]int64{1, 5})
	check(p, 7, true, false, [2]int64{2, 5})

	// Forced generic: the generic plan takes the analysis of Prepare.
	f.env.config["plan_cache_mode"] = "force_generic_plan"
	g := prepare(t, f.env, query, nil)
	check(g, 3, true, false, [2]int64{1, 0})
	check(g, 4, true, false, [2]int64{2, 0})

	// Forced custom: never a generic plan.
	f.env.config["plan_cache_mode"] = "force_custom_plan"
	c := prepare(t, f.env, query, nil)
	for i := 1; i <= 7; i++ {
		check(c, i, false, false, [2]int64{0, int64(i)})
	}

	// Without parameters there is nothing to defer: planned at Prepare.
	f.env.config["plan_cache_mode"] = "auto"
	n := prepare(t, f.env, "SELECT a, b FROM r WHERE a = 9", nil)
	if g, s := sql.DeferredPlanning(n); !g || s {
		t.Fatalf("statement without parameters: generic planned %v, spare analysis %v; want planned", g, s)
	}
}
