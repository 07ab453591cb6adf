package integration

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTempFunctions: functions and procedures created in pg_temp live in
// the session's temporary schema, are found only qualified with
// pg_temp, and go with the schema's other objects when the session ends
// or, for a killed session, when the next session takes the schema over.
func TestTempFunctions(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	const routines = "SELECT count(*) FROM pg_proc WHERE proname IN ('tf', 'tp')"

	a := c.connect()
	mustExec(t, a, "CREATE FUNCTION pg_temp.tf(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1'")
	mustExec(t, a, "CREATE PROCEDURE pg_temp.tp() LANGUAGE sql AS 'SELECT 1'")
	if n := count(t, a, "SELECT pg_temp.tf(41)"); n != 42 {
		t.Fatalf("pg_temp.tf(41) = %d", n)
	}
	mustExec(t, a, "CALL pg_temp.tp()")
	if _, err := a.Exec(ctx, "SELECT tf(1)"); err == nil || !strings.Contains(err.Error(), "function tf(integer) does not exist") {
		t.Fatalf("unqualified call of a temporary function: %v", err)
	}
	b := c.connect()
	if n := count(t, b, routines); n != 2 {
		t.Fatalf("another session sees %d pg_proc rows, want 2", n)
	}
	a.Close(ctx)
	waitFor(t, 5*time.Second, "the temporary routines dropped at session end", func() bool { return count(t, b, routines) == 0 })
	if n := count(t, b, "SELECT count(*) FROM pg_depend d WHERE classid = 'pg_proc'::regclass AND NOT EXISTS (SELECT FROM pg_proc p WHERE p.oid = d.objid)"); n != 0 {
		t.Fatalf("%d pg_depend rows of dropped routines left", n)
	}
	b.Close(ctx)

	// A killed session's routines are dropped by the next session that
	// takes over its temporary schema.
	k := c.connect()
	var pid int
	var schema string
	if err := k.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	mustExec(t, k, "CREATE FUNCTION pg_temp.tf(a int) RETURNS int LANGUAGE sql AS 'SELECT a'")
	mustExec(t, k, "CREATE PROCEDURE pg_temp.tp() LANGUAGE sql AS 'SELECT 1'")
	if err := k.QueryRow(ctx, "SELECT pg_my_temp_schema()::regnamespace::text").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	waitFor(t, 5*time.Second, "the killed backend to exit", func() bool { return syscall.Kill(pid, 0) != nil })
	n := c.connect()
	if got := count(t, n, routines); got != 2 {
		t.Fatalf("%d routines of the killed session left before the takeover, want 2", got)
	}
	mustExec(t, n, "CREATE TEMP TABLE fresh (x int)")
	var nSchema string
	if err := n.QueryRow(ctx, "SELECT pg_my_temp_schema()::regnamespace::text").Scan(&nSchema); err != nil {
		t.Fatal(err)
	}
	if nSchema != schema {
		t.Skipf("the new session got %s, not %s: takeover not exercised", nSchema, schema)
	}
	if got := count(t, n, routines); got != 0 {
		t.Fatalf("%d routines of the killed session left after %s was taken over", got, schema)
	}
	n.Close(ctx)
}
