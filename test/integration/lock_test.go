package integration

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestLockTableAndPgLocks: LOCK TABLE holds its mode to the end of the
// transaction, NOWAIT refuses a lock held elsewhere with 55P03, locking a
// view locks what it reads, and pg_locks shows who holds what.
func TestLockTableAndPgLocks(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE lt (x int)")
	mustExec(t, a, "CREATE VIEW lv AS SELECT x FROM lt")
	if _, err := a.Exec(ctx, "LOCK TABLE lt"); err == nil {
		t.Fatal("LOCK TABLE outside a transaction block was accepted")
	}
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "LOCK TABLE lv IN EXCLUSIVE MODE")
	var pidA int
	if err := a.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pidA); err != nil {
		t.Fatal(err)
	}
	mustExec(t, b, "BEGIN")
	_, err := b.Exec(ctx, "LOCK TABLE lt IN SHARE MODE NOWAIT")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" || pe.Message != `could not obtain lock on relation "lt"` {
		t.Fatalf("NOWAIT on a locked table: %v", err)
	}
	mustExec(t, b, "ROLLBACK")
	var mode string
	var granted bool
	var pid int
	if err := b.QueryRow(ctx, "SELECT mode, granted, pid FROM pg_locks WHERE locktype = 'relation' AND relation = 'lt'::regclass").
		Scan(&mode, &granted, &pid); err != nil {
		t.Fatal(err)
	}
	if mode != "ExclusiveLock" || !granted || pid != pidA {
		t.Fatalf("pg_locks shows %s granted=%v pid=%d, want ExclusiveLock held by %d", mode, granted, pid, pidA)
	}
	mustExec(t, a, "COMMIT")
	if n := count(t, b, "SELECT count(*) FROM pg_locks WHERE relation = 'lt'::regclass"); n != 0 {
		t.Fatalf("%d locks on lt after commit", n)
	}
	mustExec(t, b, "BEGIN")
	mustExec(t, b, "LOCK lt IN SHARE MODE NOWAIT")
	mustExec(t, b, "COMMIT")
}
