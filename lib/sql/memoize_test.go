package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// TestMemoizeChoice: a nested loop over an inner index scan searched
// with few distinct outer values gets a Memoize, as PostgreSQL's planner
// gives it one; a volatile condition on the inner side keeps it out (a
// kept row would skip the condition's next evaluation), and so does
// enable_memoize = off. The answers are the same either way.
func TestMemoizeChoice(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun(`CREATE TABLE mb (id int PRIMARY KEY, grp int);
		INSERT INTO mb SELECT g, g % 1000 FROM generate_series(1, 50000) g;
		CREATE TABLE mf (id int, b int);
		INSERT INTO mf SELECT g, (g % 100) * 7 + 1 FROM generate_series(1, 5000) g;
		ANALYZE mb; ANALYZE mf`)
	const q = "SELECT count(*), sum(mb.grp) FROM mf JOIN mb ON mb.id = mf.b"
	plan := func(query string) string {
		return a.MustRun("EXPLAIN (COSTS OFF) " + query)[0].Text()
	}
	if p := plan(q); !strings.Contains(p, "Memoize") || !strings.Contains(p, "Cache Key: mf.b") {
		t.Fatalf("no Memoize:\n%s", p)
	}
	const answer = "count:bigint|sum:bigint\n5000|1737500\n(SELECT 1)"
	expect(t, a, q, answer)
	if p := plan(q + " WHERE mb.grp >= random() * 0"); strings.Contains(p, "Memoize") {
		t.Fatalf("Memoize over a volatile condition:\n%s", p)
	}
	a.MustRun("SET enable_memoize = off")
	if p := plan(q); strings.Contains(p, "Memoize") {
		t.Fatalf("Memoize with enable_memoize off:\n%s", p)
	}
	expect(t, a, q, answer)
}

// TestNestLoopInnerUnique: EXPLAIN VERBOSE marks a nested loop whose
// inner table a primary key, fixed by the join's equality, lets match
// once at most, as PostgreSQL marks it; a join on a column that is not
// unique is not marked.
func TestNestLoopInnerUnique(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun(`CREATE TABLE nb (id int PRIMARY KEY, grp int);
		INSERT INTO nb SELECT g, g % 1000 FROM generate_series(1, 50000) g;
		CREATE TABLE ns (id int, b int);
		INSERT INTO ns SELECT g, g * 3 FROM generate_series(1, 10) g;
		ANALYZE nb; ANALYZE ns;
		SET enable_mergejoin = off; SET enable_hashjoin = off`)
	unique := a.MustRun("EXPLAIN (VERBOSE, COSTS OFF) SELECT ns.id, nb.grp FROM ns JOIN nb ON nb.id = ns.b")[0].Text()
	if !strings.Contains(unique, "Nested Loop") || !strings.Contains(unique, "Inner Unique: true") {
		t.Fatalf("no Inner Unique on the nested loop over nb's primary key:\n%s", unique)
	}
	other := a.MustRun("EXPLAIN (VERBOSE, COSTS OFF) SELECT ns.id, nb.grp FROM ns JOIN nb ON nb.grp = ns.b")[0].Text()
	if strings.Contains(other, "Inner Unique") {
		t.Fatalf("Inner Unique on a join by a column that is not unique:\n%s", other)
	}
}
