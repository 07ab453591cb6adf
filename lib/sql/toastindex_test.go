// Tests of TOAST tables' indexes at the SQL level: what DDL and DML may
// do to a TOAST table and its index, and who waits for a REINDEX of it.

package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestToastIndexProtected(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "CREATE TABLE tp (k int, v text)", "(CREATE TABLE)")
	expect(t, a, "INSERT INTO tp SELECT 1, string_agg(md5(x::text), '') FROM generate_series(1, 200) x", "(INSERT 0 1)")
	toast := scalar(t, a, "SELECT reltoastrelid::regclass FROM pg_class WHERE relname = 'tp'")
	name := strings.TrimPrefix(toast, "pg_toast.")
	for _, q := range []struct{ sql, want string }{
		{"DROP INDEX " + toast + "_index", `permission denied: "` + name + `_index" is a system catalog`},
		{"ALTER INDEX " + toast + "_index RENAME TO x", `permission denied: "` + name + `_index" is a system catalog`},
		{"CREATE INDEX ON " + toast + " (chunk_seq)", `permission denied: "` + name + `" is a system catalog`},
		{"INSERT INTO " + toast + " VALUES (1, 1, 'x')", `cannot change TOAST relation "` + name + `"`},
		{"DELETE FROM " + toast, `cannot change TOAST relation "` + name + `"`},
	} {
		if got := a.Run(q.sql); !strings.Contains(got, q.want) {
			t.Fatalf("%s\nwant an error containing %q, got:\n%s", q.sql, q.want, got)
		}
	}
	// REINDEX of the TOAST index keeps the table's writers and readers
	// out until it commits.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "REINDEX INDEX "+toast+"_index", "(REINDEX)")
	ch := async(b, "INSERT INTO tp SELECT 2, string_agg(md5(x::text || 'b'), '') FROM generate_series(1, 200) x")
	blocked(t, ch)
	expect(t, a, "COMMIT", "(COMMIT)")
	if got := <-ch; got != "(INSERT 0 1)" {
		t.Fatalf("insert after the REINDEX: %s", got)
	}
	expect(t, b, "SELECT count(*), sum(length(v)) FROM tp", "count:bigint|sum:bigint\n2|12800\n(SELECT 1)")
}
