package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// Functions users create reach the other sessions through the
// invalidation queue when their transaction commits, like tables.
func TestFunctionsReachOtherSessions(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	missing := "ERROR 42883: function f(integer) does not exist\nPOSITION 8\n" +
		"HINT No function matches the given name and argument types. You might need to add explicit type casts."
	expect(t, b, "SELECT f(1)", missing)
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 10'", "(CREATE FUNCTION)")
	expect(t, a, "SELECT f(1)", "f:integer\n10\n(SELECT 1)")
	// Uncommitted: b does not see it.
	expect(t, b, "SELECT f(1)", missing)
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "SELECT f(1)", "f:integer\n10\n(SELECT 1)")
	expect(t, a, "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 100'", "(CREATE FUNCTION)")
	expect(t, b, "SELECT f(1)", "f:integer\n100\n(SELECT 1)")
	// A rolled-back DROP leaves the function.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "DROP FUNCTION f(int)", "(DROP FUNCTION)")
	expect(t, a, "SELECT f(1)", missing)
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "SELECT f(2)", "f:integer\n200\n(SELECT 1)")
	expect(t, b, "SELECT f(2)", "f:integer\n200\n(SELECT 1)")
	expect(t, a, "DROP FUNCTION f(int)", "(DROP FUNCTION)")
	expect(t, b, "SELECT f(1)", missing)
}

// A prepared statement that calls a function users created is analyzed
// again when the function is replaced or dropped, as PostgreSQL's plan
// cache does.
func TestPreparedPlanFollowsFunctionChanges(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'")
	sel := b.Prepare("SELECT g($1)")
	if r := b.ExecPrepared(sel, "1"); r.Text() != "g:integer\n2\n(SELECT 1)" {
		t.Fatal(r.Text())
	}
	a.MustRun("CREATE OR REPLACE FUNCTION g(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1000'")
	if r := b.ExecPrepared(sel, "1"); r.Text() != "g:integer\n1001\n(SELECT 1)" {
		t.Fatal(r.Text())
	}
	a.MustRun("DROP FUNCTION g(int)")
	want := "ERROR 42883: function g(integer) does not exist\nPOSITION 8\n" +
		"HINT No function matches the given name and argument types. You might need to add explicit type casts."
	if r := b.ExecPrepared(sel, "1"); r.Text() != want {
		t.Fatal(r.Text())
	}
}
