package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestCluster: CLUSTER rewrites the table with the rows in the index's
// order, keeps what an open snapshot still reads (after them), rebuilds
// the indexes, and is undone by ROLLBACK.
func TestCluster(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE ct (k int PRIMARY KEY, v int, pad text)", "(CREATE TABLE)")
	expect(t, a, "CREATE INDEX ct_v ON ct (v DESC)", "(CREATE INDEX)")
	// v is a permutation of k: the file's order and the index's differ.
	expect(t, a, "INSERT INTO ct SELECT g, (g * 7919) % 3001, repeat('c', 100) FROM generate_series(1, 3000) g", "(INSERT 0 3000)")
	expect(t, a, "DELETE FROM ct WHERE k <= 1000", "(DELETE 1000)")
	expect(t, b, "BEGIN ISOLATION LEVEL REPEATABLE READ", "(BEGIN)")
	// The snapshot is taken without touching ct, whose lock would keep
	// CLUSTER waiting.
	expect(t, b, "SELECT 1", "?column?:integer\n1\n(SELECT 1)")
	expect(t, a, "DELETE FROM ct WHERE k > 2000", "(DELETE 1000)")
	// An update leaves a heap-only version in the old file.
	expect(t, a, "UPDATE ct SET pad = 'u' WHERE k = 1500", "(UPDATE 1)")

	expect(t, a, "CLUSTER ct USING ct_v", "(CLUSTER)")
	// The live rows come first, by v descending.
	expect(t, a, "SELECT count(*) FROM (SELECT v, lag(v) OVER (ORDER BY ctid) AS prev FROM ct) x WHERE v > prev",
		"count:bigint\n0\n(SELECT 1)")
	expect(t, a, "SELECT ctid, v = (SELECT max(v) FROM ct) AS top FROM ct ORDER BY ctid LIMIT 1",
		"ctid:tid|top:boolean\n(0,1)|t\n(SELECT 1)")
	// b's snapshot still finds the rows deleted after it began.
	expect(t, b, "SELECT count(*), min(k), max(k) FROM ct", "count:bigint|min:integer|max:integer\n2000|1001|3000\n(SELECT 1)")
	expect(t, b, "SELECT pad FROM ct WHERE k = 1500", "pad:text\n"+repeatC(100)+"\n(SELECT 1)")
	expect(t, b, "COMMIT", "(COMMIT)")
	expect(t, a, "SELECT indexrelid::regclass, indisclustered FROM pg_index WHERE indrelid = 'ct'::regclass ORDER BY 1",
		"indexrelid:regclass|indisclustered:boolean\nct_pkey|f\nct_v|t\n(SELECT 2)")
	for _, p := range []string{"SET enable_indexscan = off; SET enable_bitmapscan = off", "SET enable_seqscan = off; SET enable_bitmapscan = off"} {
		a.MustRun(p)
		expect(t, a, "SELECT count(*), sum(k) FROM ct WHERE k > 0", "count:bigint|sum:bigint\n1000|1500500\n(SELECT 1)")
		expect(t, a, "SELECT count(*) FROM ct WHERE v >= 0", "count:bigint\n1000\n(SELECT 1)")
		a.MustRun("RESET ALL")
	}
	expect(t, a, "INSERT INTO ct VALUES (1500, 0, 'dup')", "ERROR 23505: duplicate key value violates unique constraint \"ct_pkey\"\nDETAIL Key (k)=(1500) already exists.")

	// CLUSTER without USING takes the marked index; inside a block it
	// sees the block's own rows, and a rollback undoes it all.
	file := scalar(t, a, "SELECT pg_relation_filenode('ct')")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "INSERT INTO ct VALUES (5000, 5000, 'new')", "(INSERT 0 1)")
	expect(t, a, "CLUSTER ct", "(CLUSTER)")
	expect(t, a, "SELECT k FROM ct ORDER BY ctid LIMIT 1", "k:integer\n5000\n(SELECT 1)")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	if got := scalar(t, a, "SELECT pg_relation_filenode('ct')"); got != file {
		t.Fatalf("after ROLLBACK the table's file is %s, want %s", got, file)
	}
	expect(t, a, "SELECT count(*) FROM ct", "count:bigint\n1000\n(SELECT 1)")

	// CLUSTER alone does every table with a clustered index, not in a
	// block.
	expect(t, a, "ALTER TABLE ct CLUSTER ON ct_pkey", "(ALTER TABLE)")
	expect(t, a, "CLUSTER", "(CLUSTER)")
	expect(t, a, "SELECT count(*) FROM (SELECT k, lag(k) OVER (ORDER BY ctid) AS prev FROM ct) x WHERE k < prev",
		"count:bigint\n0\n(SELECT 1)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "CLUSTER", "ERROR 25001: CLUSTER cannot run inside a transaction block")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
}

func repeatC(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'c'
	}
	return string(b)
}
