package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestSemiAntiJoinMethods runs one EXISTS and one NOT EXISTS as each
// join method (merge groups of 10 duplicates): each gives every outer
// row with a match once, or each without one (a NULL key among them).
// test/integration's TestSemiJoinSpills runs them beyond work_mem.
func TestSemiAntiJoinMethods(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun(`CREATE TABLE so (id int, k int); CREATE TABLE si (id int, k int);
		INSERT INTO so SELECT g, g FROM generate_series(1, 2500) g;
		INSERT INTO so VALUES (0, NULL);
		INSERT INTO si SELECT g, g % 2000 FROM generate_series(1, 20000) g;
		INSERT INTO si VALUES (0, NULL);
		ANALYZE so; ANALYZE si`)
	const (
		semi = "SELECT count(*), sum(id) FROM so WHERE EXISTS (SELECT 1 FROM si WHERE si.k = so.k)"
		anti = "SELECT count(*), sum(id) FROM so WHERE NOT EXISTS (SELECT 1 FROM si WHERE si.k = so.k)"
	)
	methods := []struct{ name, settings, semiNode, antiNode string }{
		{"hash", "SET enable_nestloop = off; SET enable_mergejoin = off; SET enable_hashagg = off", "Hash Semi Join", "Hash Anti Join"},
		{"merge", "SET enable_nestloop = off; SET enable_hashjoin = off; SET enable_hashagg = off", "Merge Semi Join", "Merge Anti Join"},
		{"nestloop", "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_hashagg = off", "Nested Loop Semi Join", "Nested Loop Anti Join"},
	}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			a.MustRun("RESET enable_nestloop; RESET enable_hashjoin; RESET enable_mergejoin; RESET enable_hashagg; " + m.settings)
			for _, q := range []struct{ sql, node, want string }{
				{semi, m.semiNode, "count:bigint|sum:bigint\n1999|1999000\n(SELECT 1)"},
				{anti, m.antiNode, "count:bigint|sum:bigint\n502|1127250\n(SELECT 1)"},
			} {
				plan := a.MustRun("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + q.sql)[0].Text()
				if !strings.Contains(plan, q.node) {
					t.Fatalf("no %s:\n%s", q.node, plan)
				}
				expect(t, a, q.sql, q.want)
			}
		})
	}
}
