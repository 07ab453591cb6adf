package sql_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestMergeJoinResults: merge joins of every kind give the rows a hash
// join or a nested loop gives, on keys repeated on both sides (each
// outer row of a key reads that key's inner rows again), NULL keys on
// both sides, two keys, int4 against int8, text, and a join filter that
// rejects some pairs of a group (whose inner rows a FULL JOIN must still
// return unmatched).
func TestMergeJoinResults(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("CREATE TABLE ml (a int, b int8, s text, n int)")
	s.MustRun("INSERT INTO ml SELECT g % 40, g % 7, 's' || (g % 13), g FROM generate_series(1, 1200) g")
	s.MustRun("INSERT INTO ml VALUES (NULL, 1, NULL, -1), (NULL, NULL, 's1', -2), (3, NULL, 's3', -3), (45, 1, 's45', -4)")
	s.MustRun("CREATE TABLE mr (a int8, b int, s text, n int)")
	s.MustRun("INSERT INTO mr SELECT g % 50, g % 5, 's' || (g % 11), g FROM generate_series(1, 900) g")
	s.MustRun("INSERT INTO mr VALUES (NULL, 1, NULL, -1), (NULL, NULL, 's2', -2), (4, NULL, NULL, -3), (-7, 2, 's-7', -4)")
	s.MustRun("ANALYZE ml; ANALYZE mr")

	joins := []string{
		"ml JOIN mr ON ml.a = mr.a",
		"ml LEFT JOIN mr ON ml.a = mr.a",
		"mr LEFT JOIN ml ON ml.a = mr.a",
		"ml RIGHT JOIN mr ON ml.a = mr.a",
		"ml FULL JOIN mr ON ml.a = mr.a",
		"ml FULL JOIN mr ON ml.a = mr.a AND ml.b = mr.b",
		"ml JOIN mr ON ml.a = mr.a AND ml.n < mr.n",
		"ml LEFT JOIN mr ON ml.a = mr.a AND ml.n < mr.n",
		"ml FULL JOIN mr ON ml.s = mr.s",
		"ml FULL JOIN mr ON ml.b = mr.a",
	}
	query := func(j string) string {
		return "SELECT ml.n, mr.n FROM " + j + " ORDER BY 1, 2"
	}
	want := make([]string, len(joins))
	s.MustRun("SET enable_mergejoin = off")
	for i, j := range joins {
		if plan := s.Run("EXPLAIN (COSTS OFF) " + query(j)); strings.Contains(plan, "Merge") {
			t.Fatalf("%s: a merge join with enable_mergejoin off:\n%s", j, plan)
		}
		want[i] = s.Run(query(j))
	}
	s.MustRun("RESET enable_mergejoin; SET enable_hashjoin = off; SET enable_nestloop = off")
	for i, j := range joins {
		plan := s.Run("EXPLAIN (COSTS OFF) " + query(j))
		if !strings.Contains(plan, "Merge") || !strings.Contains(plan, "Merge Cond") {
			t.Fatalf("%s is not a merge join:\n%s", j, plan)
		}
		if got := s.Run(query(j)); got != want[i] {
			t.Errorf("%s by merge join:\n%s\nwant\n%s", j, got, want[i])
		}
	}
}

// TestMergeJoinRereadCounts: under EXPLAIN ANALYZE the inner rows of a
// key read again for each further outer row of that key count on the
// inner node as PostgreSQL's fetches after restoring its mark do, and
// the outer side is read only until the inner side ends (at its first
// NULL key). The numbers are PostgreSQL 15's on the same data.
func TestMergeJoinRereadCounts(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("CREATE TABLE a (x int, y int8, s text, n int)")
	s.MustRun("CREATE TABLE b (x int8, y int, s text, n int)")
	s.MustRun("INSERT INTO a SELECT g % 50, g % 7, 'v' || (g % 13), g FROM generate_series(1, 400) g")
	s.MustRun("INSERT INTO a VALUES (null, 1, null, -1), (null, null, 'v1', -2), (3, null, 'v3', -3)")
	s.MustRun("INSERT INTO b SELECT g % 60, g % 5, 'v' || (g % 11), g FROM generate_series(1, 300) g")
	s.MustRun("INSERT INTO b VALUES (null, 1, null, -1), (null, null, 'v2', -2), (4, null, null, -3)")
	s.MustRun("ANALYZE a; ANALYZE b; SET enable_hashjoin = off; SET enable_nestloop = off")
	plan := s.Run("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM a JOIN b ON a.x = b.x")
	for _, line := range []string{
		"Merge Join (actual rows=2013 loops=1)",
		"Merge Cond: (b.x = a.x)",
		"->  Sort (actual rows=252 loops=1)",
		"->  Sort (actual rows=2014 loops=1)",
	} {
		if !strings.Contains(plan, line) {
			t.Fatalf("no %q in\n%s", line, plan)
		}
	}
}

// TestMergeJoinCancel: a merge join pairing the rows of one huge key
// (16 million pairs from two sorted inputs already read, all rejected by
// its join filter, so that no row leaves it) stops when its
// statement is canceled: the join's own loop checks for interrupts.
func TestMergeJoinCancel(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("CREATE TABLE dup1 AS SELECT 1 AS k, g AS n FROM generate_series(1, 4000) g")
	s.MustRun("CREATE TABLE dup2 AS SELECT 1 AS k, g AS n FROM generate_series(1, 4000) g")
	s.MustRun("ANALYZE dup1; ANALYZE dup2; SET enable_hashjoin = off; SET enable_nestloop = off")
	q := "SELECT count(*) FROM dup1 JOIN dup2 ON dup1.k = dup2.k AND dup1.n + dup2.n < 0"
	if plan := s.Run("EXPLAIN (COSTS OFF) " + q); !strings.Contains(plan, "Merge Join") {
		t.Fatalf("not a merge join:\n%s", plan)
	}
	s.Timeout = 200 * time.Millisecond
	start := time.Now()
	res := s.Exec(q)
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Fatalf("the merge join ran %v past its statement's cancel", elapsed)
	}
	if len(res) == 0 || res[len(res)-1].Err == nil {
		t.Fatalf("the merge join was not canceled: %v", res)
	}
}
