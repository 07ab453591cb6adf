package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestRefreshConcurrently: REFRESH ... CONCURRENTLY needs a unique index
// without a predicate (PostgreSQL's error names it); with one it applies
// the difference in place under ExclusiveLock, so that another session's
// SELECT goes on while the refreshing transaction is open (and sees the
// old contents), another refresh waits, and a row the refresh does not
// change keeps its ctid and xmin.
func TestRefreshConcurrently(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE rc (id int PRIMARY KEY, v int)")
	a.MustRun("INSERT INTO rc SELECT g, g FROM generate_series(1, 10) g")
	a.MustRun("CREATE MATERIALIZED VIEW rcv AS SELECT id, v FROM rc")
	a.MustRun("CREATE UNIQUE INDEX rcv_part ON rcv (id) WHERE id > 3")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rcv",
		"ERROR 55000: cannot refresh materialized view \"public.rcv\" concurrently\nHINT Create a unique index with no WHERE clause on one or more columns of the materialized view.")
	a.MustRun("CREATE UNIQUE INDEX rcv_id ON rcv (id)")
	const kept = "SELECT ctid, xmin::text FROM rcv WHERE id = 5"
	before := a.Run(kept)
	if !strings.Contains(before, "(0,5)") {
		t.Fatalf("unexpected row 5 before the refresh: %s", before)
	}
	const moved = "SELECT ctid FROM rcv WHERE id = 3"
	expect(t, a, moved, "ctid:tid\n(0,3)\n(SELECT 1)")
	a.MustRun("UPDATE rc SET v = 30 WHERE id = 3")
	a.MustRun("DELETE FROM rc WHERE id = 4")
	a.MustRun("INSERT INTO rc VALUES (11, 11)")
	const contents = "SELECT count(*), sum(v) FROM rcv"
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rcv", "(REFRESH MATERIALIZED VIEW)")
	// The refresh's transaction is open: a reader is not blocked and
	// sees what was committed.
	wait(t, async(b, contents), "count:bigint|sum:bigint\n10|55\n(SELECT 1)")
	expect(t, a, contents, "count:bigint|sum:bigint\n10|89\n(SELECT 1)")
	expect(t, a, kept, before)
	expect(t, a, moved, "ctid:tid\n(0,11)\n(SELECT 1)")
	expect(t, a, "SELECT id FROM rcv WHERE id IN (4, 11) ORDER BY id", "id:integer\n11\n(SELECT 1)")
	// A second refresh waits for the first (ExclusiveLock conflicts with
	// itself).
	second := async(b, "REFRESH MATERIALIZED VIEW CONCURRENTLY rcv")
	blocked(t, second)
	expect(t, a, "COMMIT", "(COMMIT)")
	wait(t, second, "(REFRESH MATERIALIZED VIEW)")
	expect(t, b, contents, "count:bigint|sum:bigint\n10|89\n(SELECT 1)")
	expect(t, b, kept, before)
	// The indexes follow the deletes and inserts.
	b.MustRun("SET enable_seqscan = off")
	expect(t, b, "SELECT v FROM rcv WHERE id = 3", "v:integer\n30\n(SELECT 1)")
	expect(t, b, "SELECT v FROM rcv WHERE id = 4", "v:integer\n(SELECT 0)")
	// Duplicates without a NULL refuse the refresh and leave the old
	// contents.
	a.MustRun("CREATE TABLE rd (a int, b int)")
	a.MustRun("INSERT INTO rd VALUES (1, 1), (2, NULL)")
	a.MustRun("CREATE MATERIALIZED VIEW rdv AS SELECT a, b FROM rd")
	a.MustRun("CREATE UNIQUE INDEX rdv_b ON rdv (b)")
	a.MustRun("INSERT INTO rd VALUES (1, 1), (2, NULL)")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rdv",
		"ERROR 21000: new data for materialized view \"rdv\" contains duplicate rows without any null columns\nDETAIL Row: (1,1)")
	expect(t, a, "SELECT count(*) FROM rdv", "count:bigint\n2\n(SELECT 1)")
	a.MustRun("DELETE FROM rd WHERE b = 1")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rdv", "(REFRESH MATERIALIZED VIEW)")
	expect(t, a, "SELECT a, b FROM rdv ORDER BY a", "a:integer|b:integer\n2|NULL\n2|NULL\n(SELECT 2)")
}
