// Advisory locks between sessions (pg_advisory_lock and friends): a
// conflicting request waits for the holder's unlock, commit or session
// end; the try_ forms answer false instead; waits end with lock_timeout,
// statement_timeout or the deadlock check, as in PostgreSQL.

package sql_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

const (
	voidLock   = "pg_advisory_lock:void\n\"\"\n(SELECT 1)"
	voidShared = "pg_advisory_lock_shared:void\n\"\"\n(SELECT 1)"
	unlocked   = "pg_advisory_unlock:boolean\nt\n(SELECT 1)"
)

func tryLock(call string, got bool) string {
	v := "f"
	if got {
		v = "t"
	}
	return fmt.Sprintf("%s:boolean\n%s\n(SELECT 1)", call, v)
}

func TestAdvisoryLockWaitsForHolder(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b, d := c.NewSession(t), c.NewSession(t), c.NewSession(t)

	// A session lock: b waits until a unlocks.
	expect(t, a, "SELECT pg_advisory_lock(1)", voidLock)
	ch := async(b, "SELECT pg_advisory_lock(1)")
	blocked(t, ch)
	expect(t, a, "SELECT pg_advisory_unlock(1)", unlocked)
	wait(t, ch, voidLock)
	expect(t, b, "SELECT pg_advisory_unlock(1)", unlocked)

	// Re-entrant: two acquisitions need two unlocks.
	expect(t, a, "SELECT pg_advisory_lock(1, 1)", voidLock)
	expect(t, a, "SELECT pg_advisory_lock(1, 1)", voidLock)
	ch = async(b, "SELECT pg_advisory_lock(1, 1)")
	blocked(t, ch)
	expect(t, a, "SELECT pg_advisory_unlock(1, 1)", unlocked)
	blocked(t, ch)
	expect(t, a, "SELECT pg_advisory_unlock(1, 1)", unlocked)
	wait(t, ch, voidLock)
	expect(t, b, "SELECT pg_advisory_unlock(1, 1)", unlocked)

	// Shared holders do not block each other; an exclusive request waits
	// for all of them, and a later shared request queues behind it.
	expect(t, a, "SELECT pg_advisory_lock_shared(2)", voidShared)
	expect(t, b, "SELECT pg_advisory_lock_shared(2)", voidShared)
	ex := async(d, "SELECT pg_advisory_lock(2)")
	blocked(t, ex)
	expect(t, a, "SELECT pg_advisory_unlock_shared(2)", "pg_advisory_unlock_shared:boolean\nt\n(SELECT 1)")
	blocked(t, ex)
	sh := async(a, "SELECT pg_advisory_lock_shared(2)")
	blocked(t, sh)
	expect(t, b, "SELECT pg_advisory_unlock_all()", "pg_advisory_unlock_all:void\n\"\"\n(SELECT 1)")
	wait(t, ex, voidLock)
	blocked(t, sh)
	expect(t, d, "SELECT pg_advisory_unlock(2)", unlocked)
	wait(t, sh, voidShared)
	expect(t, a, "SELECT pg_advisory_unlock_all()", "pg_advisory_unlock_all:void\n\"\"\n(SELECT 1)")

	// A transaction-level lock is held to the commit or rollback.
	for _, end := range []string{"COMMIT", "ROLLBACK"} {
		expect(t, a, "BEGIN", "(BEGIN)")
		expect(t, a, "SELECT pg_advisory_xact_lock(3)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
		ch = async(b, "SELECT pg_advisory_lock(3)")
		blocked(t, ch)
		expect(t, a, "SELECT pg_advisory_unlock(3)",
			"NOTICE 01000: you don't own a lock of type ExclusiveLock\npg_advisory_unlock:boolean\nf\n(SELECT 1)")
		blocked(t, ch)
		expect(t, a, end, "("+end+")")
		wait(t, ch, voidLock)
		expect(t, b, "SELECT pg_advisory_unlock(3)", unlocked)
	}

	// A session lock taken in a transaction that fails stays; the
	// transaction's own lock goes.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT pg_advisory_lock(4)", voidLock)
	expect(t, a, "SELECT pg_advisory_xact_lock(5)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	expect(t, a, "SELECT 1/0", "ERROR 22012: division by zero")
	expect(t, a, "ROLLBACK", "(ROLLBACK)")
	expect(t, b, "SELECT pg_try_advisory_lock(4)", tryLock("pg_try_advisory_lock", false))
	expect(t, b, "SELECT pg_try_advisory_lock(5)", tryLock("pg_try_advisory_lock", true))
	expect(t, a, "SELECT pg_advisory_unlock(4)", unlocked)
	expect(t, b, "SELECT pg_try_advisory_lock(4)", tryLock("pg_try_advisory_lock", true))
	expect(t, b, "SELECT pg_advisory_unlock_all()", "pg_advisory_unlock_all:void\n\"\"\n(SELECT 1)")

	// Rolling back a savepoint releases the transaction-level locks taken
	// in it while the transaction goes on.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SAVEPOINT s", "(SAVEPOINT)")
	expect(t, a, "SELECT pg_advisory_xact_lock(6)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	expect(t, b, "SELECT pg_try_advisory_xact_lock(6)", tryLock("pg_try_advisory_xact_lock", false))
	expect(t, a, "ROLLBACK TO SAVEPOINT s", "(ROLLBACK)")
	expect(t, b, "SELECT pg_try_advisory_xact_lock(6)", tryLock("pg_try_advisory_xact_lock", true))
	expect(t, a, "COMMIT", "(COMMIT)")
}

func TestAdvisoryTryLock(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "SELECT pg_advisory_lock(10)", voidLock)
	expect(t, b, "SELECT pg_try_advisory_lock(10)", tryLock("pg_try_advisory_lock", false))
	expect(t, b, "SELECT pg_try_advisory_lock_shared(10)", tryLock("pg_try_advisory_lock_shared", false))
	expect(t, b, "SELECT pg_try_advisory_xact_lock(10)", tryLock("pg_try_advisory_xact_lock", false))
	expect(t, b, "SELECT pg_try_advisory_xact_lock_shared(10)", tryLock("pg_try_advisory_xact_lock_shared", false))
	// The bigint key 10 and the int4 pair (0, 10) are different locks.
	expect(t, b, "SELECT pg_try_advisory_lock(0, 10)", tryLock("pg_try_advisory_lock", true))
	// A refused try leaves nothing behind: no unlock succeeds.
	expect(t, b, "SELECT pg_advisory_unlock(10)",
		"NOTICE 01000: you don't own a lock of type ExclusiveLock\npg_advisory_unlock:boolean\nf\n(SELECT 1)")
	expect(t, a, "SELECT pg_advisory_unlock(10)", unlocked)
	expect(t, b, "SELECT pg_try_advisory_lock(10)", tryLock("pg_try_advisory_lock", true))

	// Shared against shared succeeds, against exclusive not.
	expect(t, a, "SELECT pg_advisory_lock_shared(11)", voidShared)
	expect(t, b, "SELECT pg_try_advisory_lock_shared(11)", tryLock("pg_try_advisory_lock_shared", true))
	expect(t, b, "SELECT pg_try_advisory_lock(11)", tryLock("pg_try_advisory_lock", false))

	// A try inside a transaction, held to its end.
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT pg_try_advisory_xact_lock(12)", tryLock("pg_try_advisory_xact_lock", true))
	expect(t, b, "SELECT pg_try_advisory_lock(12)", tryLock("pg_try_advisory_lock", false))
	expect(t, a, "COMMIT", "(COMMIT)")
	expect(t, b, "SELECT pg_try_advisory_lock(12)", tryLock("pg_try_advisory_lock", true))
}

// TestAdvisoryDeadlock: two sessions each holding one lock and asking
// for the other's. The one whose deadlock check runs (b: a short
// deadlock_timeout) fails with 40P01 and keeps its session lock, so a
// still waits until b lets it go.
func TestAdvisoryDeadlock(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "SET deadlock_timeout = '60s'", "(SET)")
	expect(t, b, "SET deadlock_timeout = '100ms'", "(SET)")
	expect(t, a, "SELECT pg_advisory_lock(1)", voidLock)
	expect(t, b, "SELECT pg_advisory_lock(2)", voidLock)
	ch := async(a, "SELECT pg_advisory_lock(2)")
	blocked(t, ch)
	start := time.Now()
	detail := fmt.Sprintf("Process %d waits for ExclusiveLock on advisory lock [5,0,1,1]; blocked by process %d.\n"+
		"Process %d waits for ExclusiveLock on advisory lock [5,0,2,1]; blocked by process %d.",
		b.BackendPID(), a.BackendPID(), a.BackendPID(), b.BackendPID())
	expect(t, b, "SELECT pg_advisory_lock(1)",
		"ERROR 40P01: deadlock detected\nDETAIL "+detail+"\nHINT See server log for query details.")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("deadlock reported after %v, before deadlock_timeout", d)
	}
	blocked(t, ch)
	expect(t, b, "SELECT pg_advisory_unlock(2)", unlocked)
	wait(t, ch, voidLock)
	// The same between transaction-level locks: the failed transaction's
	// locks go with it, and the other proceeds.
	expect(t, a, "SELECT pg_advisory_unlock_all()", "pg_advisory_unlock_all:void\n\"\"\n(SELECT 1)")
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT pg_advisory_xact_lock(3)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	expect(t, b, "SELECT pg_advisory_xact_lock(4)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	ch = async(a, "SELECT pg_advisory_xact_lock(4)")
	blocked(t, ch)
	if r := b.Run("SELECT pg_advisory_xact_lock(3)"); r[:len("ERROR 40P01")] != "ERROR 40P01" {
		t.Fatalf("expected a deadlock, got %s", r)
	}
	// The error aborted b's transaction at once (its block waits for
	// ROLLBACK, holding nothing), as PostgreSQL's AbortTransaction does.
	wait(t, ch, "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	expect(t, a, "COMMIT", "(COMMIT)")
}

// TestAdvisoryLocksEndWithSession: a session's end releases its
// session-level locks and its open transaction's, and wakes a waiter.
func TestAdvisoryLocksEndWithSession(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b := c.NewSession(t), c.NewSession(t)
	expect(t, a, "SELECT pg_advisory_lock(1)", voidLock)
	expect(t, a, "SELECT pg_advisory_lock_shared(2)", voidShared)
	expect(t, a, "BEGIN", "(BEGIN)")
	expect(t, a, "SELECT pg_advisory_xact_lock(3)", "pg_advisory_xact_lock:void\n\"\"\n(SELECT 1)")
	ch := async(b, "SELECT pg_advisory_lock(1)")
	blocked(t, ch)
	a.Close()
	wait(t, ch, voidLock)
	expect(t, b, "SELECT pg_try_advisory_lock(2)", tryLock("pg_try_advisory_lock", true))
	expect(t, b, "SELECT pg_try_advisory_lock(3)", tryLock("pg_try_advisory_lock", true))
}

// TestAdvisoryLockWaitTimeouts: lock_timeout (55P03) and
// statement_timeout (57014) end a wait and leave the queue clean.
func TestAdvisoryLockWaitTimeouts(t *testing.T) {
	c := sqltest.NewCluster(t)
	a, b, d := c.NewSession(t), c.NewSession(t), c.NewSession(t)
	expect(t, a, "SELECT pg_advisory_lock(1)", voidLock)
	expect(t, b, "SET lock_timeout = '100ms'", "(SET)")
	start := time.Now()
	expect(t, b, "SELECT pg_advisory_lock(1)", "ERROR 55P03: canceling statement due to lock timeout")
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Fatalf("lock_timeout fired after %v", el)
	}
	expect(t, b, "BEGIN", "(BEGIN)")
	expect(t, b, "SELECT pg_advisory_xact_lock_shared(1)", "ERROR 55P03: canceling statement due to lock timeout")
	expect(t, b, "ROLLBACK", "(ROLLBACK)")
	expect(t, b, "RESET lock_timeout", "(RESET)")
	b.Timeout = 100 * time.Millisecond
	expect(t, b, "SELECT pg_advisory_lock(1)", "ERROR 57014: canceling statement due to statement timeout")
	b.Timeout = time.Minute
	// The abandoned requests are gone: d queues behind nobody but a, and
	// b took nothing.
	ch := async(d, "SELECT pg_advisory_lock(1)")
	blocked(t, ch)
	expect(t, a, "SELECT pg_advisory_unlock(1)", unlocked)
	wait(t, ch, voidLock)
	expect(t, b, "SELECT pg_advisory_unlock(1)",
		"NOTICE 01000: you don't own a lock of type ExclusiveLock\npg_advisory_unlock:boolean\nf\n(SELECT 1)")
}
