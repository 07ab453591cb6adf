package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestHashedExistsFitsHashMem: a correlated EXISTS on one equality runs
// as a hashed subquery only while its rows are expected to fit in
// work_mem × hash_mem_multiplier (8MB by default), as PostgreSQL hashes
// a subplan; beyond that it runs for every row. (Under an OR: at the top
// of WHERE it would be a semi join.)
func TestHashedExistsFitsHashMem(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun(`CREATE TABLE ho (id int, k int); CREATE TABLE hi (id int, k int); CREATE TABLE hb (id int, k int);
		INSERT INTO ho SELECT g, g FROM generate_series(1, 200) g;
		INSERT INTO hi SELECT g, g * 2 FROM generate_series(1, 20000) g;
		INSERT INTO hb SELECT g, g * 2 FROM generate_series(1, 400000) g;
		ANALYZE ho; ANALYZE hi; ANALYZE hb`)
	plan := func(q string) string { return a.MustRun("EXPLAIN (COSTS OFF) " + q)[0].Text() }
	const small = "SELECT count(*) FROM ho WHERE ho.id < 0 OR EXISTS (SELECT 1 FROM hi WHERE hi.k = ho.k)"
	if p := plan(small); !strings.Contains(p, "hashed SubPlan 1") {
		t.Fatalf("EXISTS not hashed:\n%s", p)
	}
	expect(t, a, small, "count:bigint\n100\n(SELECT 1)")
	// 400,000 rows of 32 bytes: beyond 8MB.
	const big = "SELECT count(*) FROM ho WHERE ho.id < 0 OR EXISTS (SELECT 1 FROM hb WHERE hb.k = ho.k)"
	if p := plan(big); strings.Contains(p, "hashed") || !strings.Contains(p, "SubPlan 1") {
		t.Fatalf("EXISTS hashed beyond hash_mem:\n%s", p)
	}
}
