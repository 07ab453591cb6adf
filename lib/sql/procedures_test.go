package sql_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// CALL prepared with parameters (the extended protocol's CALL p($1)):
// the parameters' types come from the procedure's, the output row is
// described when prepared, and a replaced procedure runs its new body.
func TestPreparedCall(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE PROCEDURE p(INOUT x int, y text DEFAULT 'd') LANGUAGE sql AS 'SELECT x * 2'")
	call := a.Prepare("CALL p($1)")
	if r := a.ExecPrepared(call, "21"); r.Text() != "x:integer\n42\n(CALL)" {
		t.Fatal(r.Text())
	}
	named := a.Prepare("CALL p(y => $2, x => $1)")
	if r := a.ExecPrepared(named, "5", "ignored"); r.Text() != "x:integer\n10\n(CALL)" {
		t.Fatal(r.Text())
	}
	a.MustRun("CREATE OR REPLACE PROCEDURE p(INOUT x int, y text DEFAULT 'd') LANGUAGE sql AS 'SELECT x * 3'")
	if r := a.ExecPrepared(call, "21"); r.Text() != "x:integer\n63\n(CALL)" {
		t.Fatal(r.Text())
	}
	a.MustRun("DROP PROCEDURE p")
	want := "ERROR 42883: procedure p(integer) does not exist\nPOSITION 6\n" +
		"HINT No procedure matches the given name and argument types. You might need to add explicit type casts."
	if r := a.ExecPrepared(call, "1"); r.Text() != want {
		t.Fatal(r.Text())
	}
}

// A prepared CALL whose procedure now has other output parameters is
// refused, as a cached plan whose result type changed.
func TestPreparedCallResultChange(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE PROCEDURE p(INOUT x int) LANGUAGE sql AS 'SELECT x'")
	call := a.Prepare("CALL p('1')")
	a.MustRun("DROP PROCEDURE p")
	a.MustRun("CREATE PROCEDURE p(INOUT x text) LANGUAGE sql AS 'SELECT x'")
	if r := a.ExecPrepared(call); r.Text() != "ERROR 0A000: cached plan must not change result type" {
		t.Fatal(r.Text())
	}
}

// A procedure that calls itself without end stops at the stack depth
// limit instead of exhausting the process; the session goes on.
func TestRecursiveCall(t *testing.T) {
	c := sqltest.NewCluster(t)
	a := c.NewSession(t)
	a.MustRun("CREATE PROCEDURE rec(n int) LANGUAGE sql AS 'CALL rec(n + 1)'")
	r := a.Run("CALL rec(1)")
	if !strings.HasPrefix(r, "ERROR 54001: stack depth limit exceeded") {
		t.Fatal(r)
	}
	if r := a.Run("SELECT 1 AS x"); r != "x:integer\n1\n(SELECT 1)" {
		t.Fatal(r)
	}
}

// Each statement of a procedure's body reads under a snapshot of its
// own (READ COMMITTED): a row another transaction committed while the
// first statement waited is seen by the second.
func TestProcedureStatementSnapshots(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE acct (id int, n int)")
	a.MustRun("CREATE TABLE seen (c bigint)")
	a.MustRun("INSERT INTO acct VALUES (1, 0)")
	a.MustRun(`CREATE PROCEDURE p() LANGUAGE sql AS $$
		INSERT INTO seen SELECT count(*) FROM acct;
		UPDATE acct SET n = n + 1 WHERE id = 1;
		INSERT INTO seen SELECT count(*) FROM acct
	$$`)
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "UPDATE acct SET n = 10 WHERE id = 1", "(UPDATE 1)")
	expect(t, b, "INSERT INTO acct VALUES (2, 0)", "(INSERT 0 1)")
	ch := async(a, "CALL p()")
	blocked(t, ch)
	expect(t, b, "COMMIT", "(COMMIT)")
	wait(t, ch, "(CALL)")
	expect(t, a, "SELECT c FROM seen", "c:bigint\n1\n2\n(SELECT 2)")
	expect(t, a, "SELECT n FROM acct WHERE id = 1", "n:integer\n11\n(SELECT 1)")
}

// The same without a wait: a row committed while the procedure sleeps.
func TestProcedureStatementSnapshotsSleep(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	a.MustRun("CREATE TABLE acct (id int)")
	a.MustRun("CREATE TABLE seen (c bigint)")
	a.MustRun(`CREATE PROCEDURE p() LANGUAGE sql AS $$
		INSERT INTO seen SELECT count(*) FROM acct;
		SELECT pg_sleep(1);
		INSERT INTO seen SELECT count(*) FROM acct
	$$`)
	ch := async(a, "CALL p()")
	time.Sleep(200 * time.Millisecond)
	expect(t, b, "INSERT INTO acct VALUES (1)", "(INSERT 0 1)")
	wait(t, ch, "(CALL)")
	expect(t, a, "SELECT c FROM seen", "c:bigint\n0\n1\n(SELECT 2)")
}
