package sql_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// A SQL function whose body runs statement by statement is prepared by
// each execution of the statement calling it, so a prepared statement
// runs the body the function has now.
func TestStatementBodyFollowsReplacement(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE sf_t (a int)")
	a.MustRun("CREATE FUNCTION sf(x int) RETURNS bigint LANGUAGE sql AS 'INSERT INTO sf_t VALUES (x); SELECT count(*) FROM sf_t'")
	sel := b.Prepare("SELECT sf($1)")
	if r := b.ExecPrepared(sel, "1"); r.Text() != "sf:bigint\n1\n(SELECT 1)" {
		t.Fatal(r.Text())
	}
	a.MustRun("CREATE OR REPLACE FUNCTION sf(x int) RETURNS bigint LANGUAGE sql AS 'INSERT INTO sf_t VALUES (x); SELECT sum(a) FROM sf_t'")
	if r := b.ExecPrepared(sel, "5"); r.Text() != "sf:bigint\n6\n(SELECT 1)" {
		t.Fatal(r.Text())
	}
}

// Recursion stops at the depth max_stack_depth allows, with
// PostgreSQL's error and the setting in its hint.
func TestSQLFunctionRecursionDepth(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE FUNCTION sf_deep(n int) RETURNS int LANGUAGE sql AS 'SELECT 1; SELECT CASE WHEN n <= 0 THEN 0 ELSE 1 + sf_deep(n - 1) END'")
	expect(t, a, "SELECT sf_deep(150)", "sf_deep:integer\n150\n(SELECT 1)")
	a.MustRun("SET max_stack_depth = '100kB'")
	r := a.Run("SELECT sf_deep(300)")
	if !strings.HasPrefix(r, "ERROR 54001: stack depth limit exceeded") || !strings.Contains(r, `(currently 100kB)`) {
		t.Fatal(r)
	}
	expect(t, a, "SELECT sf_deep(150)", "sf_deep:integer\n150\n(SELECT 1)")
}

// pg_get_functiondef refuses what it cannot print as PostgreSQL does
// rather than returning NULL.
func TestFunctionDefRefusals(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE FUNCTION sf_atom(x int) RETURNS int LANGUAGE sql RETURN x + 1")
	expect(t, a, "SELECT pg_get_functiondef('sf_atom'::regproc)",
		"pg_get_functiondef:text\n\"CREATE OR REPLACE FUNCTION public.sf_atom(x integer)\\n RETURNS integer\\n LANGUAGE sql\\nRETURN (x + 1)\\n\"\n(SELECT 1)")
	// INSERT prints as PostgreSQL prints it; a body with a statement
	// the deparser cannot print yet is refused by CREATE, naming what
	// it cannot print when it can tell.
	a.MustRun("CREATE TABLE sf_rows (x int PRIMARY KEY)")
	a.MustRun("CREATE PROCEDURE sf_ins(x int) LANGUAGE sql BEGIN ATOMIC INSERT INTO sf_rows VALUES (x); END")
	expect(t, a, "SELECT pg_get_function_sqlbody('sf_ins'::regproc)",
		"pg_get_function_sqlbody:text\n\"BEGIN ATOMIC\\n INSERT INTO sf_rows (x)\\n   VALUES (sf_ins.x);\\nEND\"\n(SELECT 1)")
	expect(t, a, "CREATE PROCEDURE sf_upsert(x int) LANGUAGE sql BEGIN ATOMIC INSERT INTO sf_rows VALUES (x) ON CONFLICT ((x + 0)) DO NOTHING; END",
		"ERROR 0A000: ON CONFLICT on an index expression, a collation, an operator class or WHERE is not supported in a SQL-standard function body yet")
	expect(t, a, "CREATE FUNCTION sf_rollup() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM sf_rows GROUP BY ROLLUP (x); END",
		"ERROR 0A000: a SQL-standard function body that pg_get_functiondef cannot print is not supported yet")
	expect(t, a, "SELECT count(*) FROM pg_proc WHERE proname IN ('sf_upsert', 'sf_rollup')", "count:bigint\n0\n(SELECT 1)")
	// Built-in functions print too, but not those whose definition
	// gpostgres's catalog does not hold (system_functions.sql's).
	expect(t, a, "SELECT pg_get_functiondef('int4pl'::regproc)",
		"pg_get_functiondef:text\n\"CREATE OR REPLACE FUNCTION pg_catalog.int4pl(integer, integer)\\n RETURNS integer\\n LANGUAGE internal\\n IMMUTABLE PARALLEL SAFE STRICT\\nAS $function$int4pl$function$\\n\"\n(SELECT 1)")
	expect(t, a, "SELECT pg_get_functiondef('obj_description(oid, name)'::regprocedure)",
		"ERROR 0A000: pg_get_functiondef of built-in functions with a SQL-standard body is not supported yet")
	expect(t, a, "SELECT pg_get_functiondef('parse_ident'::regproc)",
		"ERROR 0A000: pg_get_functiondef of this built-in function is not supported yet")
	expect(t, a, "SELECT sf_atom(1)", "sf_atom:integer\n2\n(SELECT 1)")
}

// SQL functions calling each other more deeply than bodies are expanded
// run the deeper bodies when called.
func TestDeeplyNestedSQLFunctions(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE FUNCTION nf0(x int) RETURNS int LANGUAGE sql AS 'SELECT x'")
	for i := 1; i <= 40; i++ {
		a.MustRun(fmt.Sprintf("CREATE FUNCTION nf%d(x int) RETURNS int LANGUAGE sql AS 'SELECT nf%d(x) + 1'", i, i-1))
	}
	expect(t, a, "SELECT nf40(2)", "nf40:integer\n42\n(SELECT 1)")
}
