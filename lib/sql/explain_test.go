package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestExplainPrepared: EXPLAIN through the extended protocol takes the
// parameters of the statement it explains, describes one text column
// "QUERY PLAN", and EXPLAIN ANALYZE runs the statement with them.
func TestExplainPrepared(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE TABLE ep (id int PRIMARY KEY, v text); INSERT INTO ep SELECT g, 'v' || g FROM generate_series(1, 5000) g; ANALYZE ep")
	p := a.Prepare("EXPLAIN (COSTS OFF) SELECT v FROM ep WHERE id = $1")
	if got := p.ParamTypes(); len(got) != 1 || got[0] != 23 {
		t.Fatalf("parameter types %v", got)
	}
	if cols := p.Columns(); len(cols) != 1 || cols[0].Name != "QUERY PLAN" || cols[0].TypeOID != 25 {
		t.Fatalf("columns %v", cols)
	}
	if r := a.ExecPrepared(p, "5"); r.Text() != "QUERY PLAN:text\nIndex Scan using ep_pkey on ep\n\"  Index Cond: (id = 5)\"\n(EXPLAIN)" {
		t.Fatal(r.Text())
	}
	del := a.Prepare("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM ep WHERE id <= $1")
	if r := a.ExecPrepared(del, "10"); !strings.Contains(r.Text(), "Delete on ep (actual rows=0 loops=1)") ||
		!strings.Contains(r.Text(), "Index Scan using ep_pkey on ep (actual rows=10 loops=1)") || !strings.Contains(r.Text(), "Index Cond: (id <= 10)") {
		t.Fatal(r.Text())
	}
	// A condition the index does not answer is a Filter, with its count.
	del = a.Prepare("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM ep WHERE v = $1")
	if r := a.ExecPrepared(del, "v4000"); !strings.Contains(r.Text(), "Seq Scan on ep (actual rows=1 loops=1)") || !strings.Contains(r.Text(), "Rows Removed by Filter: 4989") {
		t.Fatal(r.Text())
	}
	expect(t, a, "SELECT count(*) FROM ep", "count:bigint\n4989\n(SELECT 1)")
	// Timings are measured only when asked for.
	rs := a.MustRun("EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM ep")
	if txt := rs[0].Text(); !strings.Contains(txt, "actual time=") || !strings.Contains(txt, "Execution Time: ") {
		t.Fatal(txt)
	}
	expect(t, a, "EXPLAIN (TIMING) SELECT 1", "ERROR 22023: EXPLAIN option TIMING requires ANALYZE")
}
