package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestIndexOnlyScanChecksHeapVisibility: an index-only scan takes its
// values from the index, but whether a row is seen comes from the heap
// (no page is known all-visible): the entries of rows other
// transactions deleted or updated stay in the index, and must be
// skipped once those transactions commit, and shown while they have
// not; rows a transaction wrote itself are seen by it alone. Entries of
// rows dead to everyone are marked LP_DEAD as an index scan marks them.
func TestIndexOnlyScanChecksHeapVisibility(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE io (k int, v int)", "(CREATE TABLE)")
	expect(t, a, "CREATE INDEX io_k ON io (k)", "(CREATE INDEX)")
	expect(t, a, "INSERT INTO io SELECT g, g FROM generate_series(1, 5) g", "(INSERT 0 5)")
	for _, s := range []*sqltest.Session{a, b} {
		expect(t, s, "SET enable_seqscan = off", "(SET)")
		expect(t, s, "SET enable_bitmapscan = off", "(SET)")
		// Hint bits, which the test of "surely dead" reads, wait for
		// the commit record to be flushed.
		expect(t, s, "SET synchronous_commit = on", "(SET)")
	}
	const query = "SELECT k FROM io WHERE k > 0"
	plan := a.Run("EXPLAIN (COSTS OFF) " + query)
	if !strings.Contains(plan, "Index Only Scan using io_k on io") {
		t.Fatalf("the test needs an index-only scan, got:\n%s", plan)
	}
	all := "k:integer\n1\n2\n3\n4\n5\n(SELECT 5)"
	expect(t, a, query, all)

	// Deleted and updated by b, not committed: a still sees the rows.
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "DELETE FROM io WHERE k = 2", "(DELETE 1)")
	expect(t, b, "UPDATE io SET k = 40 WHERE k = 4", "(UPDATE 1)")
	expect(t, b, query, "k:integer\n1\n3\n5\n40\n(SELECT 4)")
	expect(t, a, query, all)
	expect(t, b, "COMMIT", "(COMMIT)")
	// Committed: the old entries are still in the index, their rows gone.
	after := "k:integer\n1\n3\n5\n40\n(SELECT 4)"
	expect(t, a, query, after)
	expect(t, a, "SELECT k FROM io WHERE k > 0 ORDER BY k DESC LIMIT 10", "k:integer\n40\n5\n3\n1\n(SELECT 4)")

	// Rows a transaction inserts: its own, until it commits.
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "INSERT INTO io VALUES (6, 6)", "(INSERT 0 1)")
	expect(t, b, query, "k:integer\n1\n3\n5\n6\n40\n(SELECT 5)")
	expect(t, a, query, after)
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, query, after)
	expect(t, b, query, after)

	// Each entry was checked in the heap; the scans since the commit
	// marked the entries of the deleted row, of the old version of the
	// updated one and of the rolled-back insert dead.
	if n := checkIntIndex(t, a, "io_k").DeadTuples; n != 3 {
		t.Fatalf("%d entries marked dead, want 3", n)
	}
	analyze := a.Run("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)
	if !strings.Contains(analyze, "Heap Fetches: 4") {
		t.Fatalf("want the 4 live entries fetched from the heap (the dead ones skipped), got:\n%s", analyze)
	}
}

// TestIndexOnlyScanStoppedEarlyKeepsNoPin: an index-only scan that its
// plan stops before the end (LIMIT, max(), a sublink, a semi join) holds
// no buffer pin afterwards. A pin left behind would keep VACUUM waiting
// for the leaf's cleanup lock for as long as the session lasts; the
// session's end checks that none is left.
func TestIndexOnlyScanStoppedEarlyKeepsNoPin(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE iosp (k int PRIMARY KEY, v int)")
	a.MustRun("CREATE INDEX iosp_v ON iosp (v DESC)")
	a.MustRun("INSERT INTO iosp SELECT g, g FROM generate_series(1, 3000) g")
	a.MustRun("VACUUM iosp")
	for _, q := range []string{
		"SELECT max(v) FROM iosp",
		"SELECT k FROM iosp ORDER BY k LIMIT 1",
		"SELECT k FROM iosp WHERE k > 5 ORDER BY k LIMIT 2",
		"SELECT (SELECT k FROM iosp ORDER BY k LIMIT 1)",
		"SELECT (SELECT k FROM iosp WHERE k >= g ORDER BY k LIMIT 1) FROM generate_series(1, 50) g",
		"SELECT * FROM generate_series(1, 50) g, LATERAL (SELECT k FROM iosp WHERE k >= g ORDER BY k LIMIT 1) s",
	} {
		if !strings.Contains(a.Run("EXPLAIN "+q), "Index Only Scan") {
			t.Fatalf("%s: not an index-only scan:\n%s", q, a.Run("EXPLAIN "+q))
		}
		a.MustRun(q)
		if n := a.PinnedBuffers(); n != 0 {
			t.Fatalf("%s: %d buffer pins left after the statement", q, n)
		}
	}
	// VACUUM of the index takes every leaf's cleanup lock: it must not
	// wait for the idle session.
	b.MustRun("DELETE FROM iosp WHERE k <= 10")
	b.MustRun("SET statement_timeout = '20s'")
	expect(t, b, "VACUUM iosp", "(VACUUM)")
}
