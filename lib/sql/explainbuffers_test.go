package sql_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// bufferCounts reads the counts of the first "Buffers: shared ..." line
// of an EXPLAIN's text after the line holding node.
func bufferCounts(t *testing.T, plan, node string) map[string]int {
	t.Helper()
	i := strings.Index(plan, node)
	if i < 0 {
		t.Fatalf("no %q in\n%s", node, plan)
	}
	m := regexp.MustCompile(`Buffers: shared([a-z= 0-9]*)`).FindStringSubmatch(plan[i:])
	if m == nil {
		t.Fatalf("no shared buffers after %q in\n%s", node, plan)
	}
	counts := map[string]int{}
	for _, kv := range strings.Fields(m[1]) {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("%q in\n%s", kv, plan)
		}
		counts[k] = n
	}
	return counts
}

// TestExplainBuffers: EXPLAIN (ANALYZE, BUFFERS) counts the pages each
// node touched: a sequential scan every page of its table, hit in the
// pool or read from disk when the pool is too small to keep them; a key
// lookup the index's pages on the way down and the heap page.
func TestExplainBuffers(t *testing.T) {
	// 256 buffers: the table below does not fit. track_io_timing is
	// the buffer pool's (the process's) setting here.
	c := sqltest.NewCluster(t, "shared_buffers", "2MB", "track_io_timing", "on")
	a := c.NewSession(t)
	a.MustRun("CREATE TABLE eb (id int PRIMARY KEY, pad text); INSERT INTO eb SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g; ANALYZE eb")
	pages, err := strconv.Atoi(strings.Split(a.MustRun("SELECT pg_relation_size('eb') / 8192")[0].Text(), "\n")[1])
	if err != nil || pages < 400 {
		t.Fatalf("pages %d, %v", pages, err)
	}
	scan := "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM eb"
	for round := 0; round < 2; round++ {
		plan := a.MustRun(scan)[0].Text()
		// Pages read from disk were timed.
		if !strings.Contains(plan, "I/O Timings: shared read=") {
			t.Fatalf("round %d: no read time in\n%s", round, plan)
		}
		got := bufferCounts(t, plan, "Seq Scan on eb")
		if got["hit"]+got["read"] != pages || got["read"] < pages-256 {
			t.Fatalf("round %d: %d pages, counts %v in\n%s", round, pages, got, plan)
		}
		// The Aggregate above counts what its input touched.
		if top := bufferCounts(t, plan, "Aggregate"); top["hit"] != got["hit"] || top["read"] != got["read"] {
			t.Fatalf("aggregate %v, scan %v", top, got)
		}
	}
	for _, id := range []string{"1", "12345", "20000"} {
		plan := a.MustRun("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM eb WHERE id = " + id)[0].Text()
		got := bufferCounts(t, plan, "Index Scan using eb_pkey on eb")
		if n := got["hit"] + got["read"]; n < 2 || n > 4 {
			t.Fatalf("key lookup touched %d pages:\n%s", n, plan)
		}
	}
	// A range reads the rows of one heap page under one pin: 51 rows
	// of about 36 a page cost a few pages, not one per row.
	plan := a.MustRun("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM eb WHERE id BETWEEN 1000 AND 1050")[0].Text()
	if got := bufferCounts(t, plan, "Index Scan using eb_pkey on eb"); got["hit"]+got["read"] > 8 {
		t.Fatalf("range scan:\n%s", plan)
	}
	// Changes dirty pages; a new table's first page is an extension,
	// counted as written (with dirty victims this process wrote to make
	// room in the small pool).
	a.MustRun("CREATE TABLE eb2 (v int)")
	plan = a.MustRun("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) INSERT INTO eb2 VALUES (1)")[0].Text()
	if got := bufferCounts(t, plan, "Insert on eb2"); got["dirtied"] != 1 || got["written"] < 1 {
		t.Fatalf("insert into a new table:\n%s", plan)
	}
	// Temporary tables are in local buffers.
	a.MustRun("CREATE TEMP TABLE ebt AS SELECT g AS v FROM generate_series(1, 1000) g")
	plan = a.MustRun("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM ebt")[0].Text()
	if !strings.Contains(plan, "Seq Scan on ebt (actual rows=1000 loops=1)\"\n\"        Buffers: local hit=5\"") {
		t.Fatalf("temporary table:\n%s", plan)
	}
	// Without ANALYZE nothing runs: no per-node lines.
	if txt := a.MustRun("EXPLAIN (BUFFERS, COSTS OFF) SELECT count(*) FROM eb")[0].Text(); strings.Contains(txt, "Buffers: shared") {
		t.Fatal(txt)
	}
}
