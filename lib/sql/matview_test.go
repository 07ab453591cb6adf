package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestRefreshConcurrentlyRefused: REFRESH ... CONCURRENTLY, not
// implemented, is refused as such on a view with a unique index it could
// match rows on; without one it gets PostgreSQL's error naming the index
// it needs (a partial index does not count).
func TestRefreshConcurrentlyRefused(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE TABLE rc (id int PRIMARY KEY, v int)")
	a.MustRun("INSERT INTO rc SELECT g, g FROM generate_series(1, 10) g")
	a.MustRun("CREATE MATERIALIZED VIEW rcv AS SELECT id, v FROM rc")
	a.MustRun("CREATE UNIQUE INDEX rcv_part ON rcv (id) WHERE id > 3")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rcv",
		"ERROR 55000: cannot refresh materialized view \"public.rcv\" concurrently\nHINT Create a unique index with no WHERE clause on one or more columns of the materialized view.")
	a.MustRun("CREATE UNIQUE INDEX rcv_id ON rcv (id)")
	expect(t, a, "REFRESH MATERIALIZED VIEW CONCURRENTLY rcv",
		"ERROR 0A000: REFRESH MATERIALIZED VIEW CONCURRENTLY is not supported yet\nHINT Use REFRESH MATERIALIZED VIEW without CONCURRENTLY.")
}
