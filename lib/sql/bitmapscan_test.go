package sql_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestBitmapScanLossy: with work_mem at its smallest the bitmap of a
// condition matching rows on most of a big table's pages turns pages
// lossy; every row of those pages is tested again (Rows Removed by
// Index Recheck) and the answers are those of a sequential scan, for a
// single index, a BitmapOr and a BitmapAnd, also for rows the statement
// must not see (deleted ones) and under UPDATE.
func TestBitmapScanLossy(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	// About 30 rows a page: 1700 pages, more than the 1024 a 64kB
	// bitmap keeps exact.
	a.MustRun("CREATE TABLE lossy (id int, a int, b int, pad text)")
	a.MustRun("INSERT INTO lossy SELECT g, (g * 7919) % 1000, (g * 10007) % 500, repeat('x', 200) FROM generate_series(1, 50000) g")
	a.MustRun("CREATE INDEX lossy_a ON lossy (a)")
	a.MustRun("CREATE INDEX lossy_b ON lossy (b)")
	a.MustRun("DELETE FROM lossy WHERE id % 7 = 0")
	a.MustRun("ANALYZE lossy")

	queries := []string{
		"SELECT count(*), sum(id) FROM lossy WHERE a < 300",
		"SELECT count(*), sum(id) FROM lossy WHERE a < 300 OR b < 20",
		"SELECT count(*), sum(id) FROM lossy WHERE a < 400 AND b < 200",
		"SELECT count(*), sum(id) FROM lossy WHERE a IN (1, 2, 3, 400, 401) OR b < 300",
	}
	// The answers read sequentially.
	a.MustRun("SET enable_bitmapscan = off; SET enable_indexscan = off")
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = a.Run(q)
	}
	a.MustRun("RESET enable_bitmapscan; RESET enable_indexscan; SET enable_seqscan = off")

	removed := regexp.MustCompile(`Rows Removed by Index Recheck: (\d+)`)
	blocks := regexp.MustCompile(`Heap Blocks: exact=(\d+) lossy=(\d+)`)
	for _, mem := range []string{"4MB", "64kB"} {
		a.MustRun("SET work_mem = '" + mem + "'")
		for i, q := range queries {
			if got := a.Run(q); got != want[i] {
				t.Fatalf("work_mem %s: %s gives\n%s\nwant\n%s", mem, q, got, want[i])
			}
			plan := a.Run("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + q)
			if !strings.Contains(plan, "Bitmap Heap Scan on lossy") {
				t.Fatalf("%s is not read through a bitmap:\n%s", q, plan)
			}
			m, b := removed.FindStringSubmatch(plan), blocks.FindStringSubmatch(plan)
			if mem == "4MB" {
				if m != nil || b != nil || !strings.Contains(plan, "Heap Blocks: exact=") {
					t.Fatalf("work_mem %s: pages lossy or rows rechecked away:\n%s", mem, plan)
				}
				continue
			}
			if m == nil || b == nil {
				t.Fatalf("work_mem %s: no lossy pages or no rows removed by the recheck:\n%s", mem, plan)
			}
			if n, _ := strconv.Atoi(m[1]); n == 0 {
				t.Fatalf("no row removed by the recheck:\n%s", plan)
			}
		}
	}
	// An UPDATE through a lossy bitmap changes exactly the matching rows.
	a.MustRun("SET work_mem = '64kB'")
	plan := a.Run("EXPLAIN (COSTS OFF) UPDATE lossy SET b = b + 1000 WHERE a < 300")
	if !strings.Contains(plan, "Bitmap Heap Scan on lossy") {
		t.Fatalf("UPDATE is not read through a bitmap:\n%s", plan)
	}
	n := strings.Split(want[0], "\n")[1]
	n = n[:strings.Index(n, "|")]
	expect(t, a, "UPDATE lossy SET b = b + 1000 WHERE a < 300", "(UPDATE "+n+")")
	a.MustRun("RESET enable_seqscan")
	expect(t, a, "SELECT count(*) FROM lossy WHERE b >= 1000 AND a >= 300", "count:bigint\n0\n(SELECT 1)")
}
