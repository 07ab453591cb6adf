package integration

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// execAsync runs sql on conn in a goroutine; its error (nil on success)
// arrives on the channel.
func execAsync(conn *pgx.Conn, sql string) chan error {
	ch := make(chan error, 1)
	go func() {
		_, err := conn.Exec(context.Background(), sql)
		ch <- err
	}()
	return ch
}

func stillWaiting(t *testing.T, ch chan error, what string) {
	t.Helper()
	select {
	case err := <-ch:
		t.Fatalf("%s did not wait: %v", what, err)
	case <-time.After(300 * time.Millisecond):
	}
}

func finished(t *testing.T, ch chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("%s still waiting", what)
		return nil
	}
}

func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code + ": " + pe.Message
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}

func backendPID(t *testing.T, conn *pgx.Conn) int {
	t.Helper()
	var pid int
	if err := conn.QueryRow(context.Background(), "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestAdvisoryLocksAcrossBackends: advisory locks between server
// processes — a waiter shows in pg_locks and gets the lock when the
// holder's connection closes or drops or its process is killed; lock_timeout,
// pg_cancel_backend and the deadlock check end a wait with PostgreSQL's
// errors.
func TestAdvisoryLocksAcrossBackends(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	watcher := c.connect()

	// The holder's session lock outlives its statements; the waiter's
	// request shows in pg_locks, not granted, until the holder's
	// connection closes.
	holder, waiter := c.connect(), c.connect()
	holderPID, waiterPID := backendPID(t, holder), backendPID(t, waiter)
	mustExec(t, holder, "SELECT pg_advisory_lock(42)")
	ch := execAsync(waiter, "SELECT pg_advisory_lock(42)")
	stillWaiting(t, ch, "pg_advisory_lock of a held key")
	rows, err := watcher.Query(ctx, `SELECT pid, granted, virtualtransaction, classid::text, objid::text, objsubid
		FROM pg_locks WHERE locktype = 'advisory' ORDER BY granted DESC`)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for rows.Next() {
		var pid, subid int
		var granted bool
		var vxid, classid, objid string
		if err := rows.Scan(&pid, &granted, &vxid, &classid, &objid, &subid); err != nil {
			t.Fatal(err)
		}
		who := "holder"
		if pid == waiterPID {
			who = "waiter"
		} else if pid != holderPID {
			who = "other"
		}
		// Between its statements the holder has no transaction: its
		// virtual transaction shows as "<backend id>/0".
		if who == "holder" && !regexp.MustCompile(`^\d+/0$`).MatchString(vxid) {
			t.Errorf("idle holder's virtualtransaction is %q", vxid)
		}
		seen = append(seen, who+" "+classid+"/"+objid+"/"+itoa(subid)+" "+map[bool]string{true: "granted", false: "waiting"}[granted])
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if got := strings.Join(seen, ", "); got != "holder 0/42/1 granted, waiter 0/42/1 waiting" {
		t.Fatalf("pg_locks shows %s", got)
	}
	holder.Close(ctx)
	if err := finished(t, ch, "the waiter"); err != nil {
		t.Fatalf("waiter: %v", err)
	}

	// lock_timeout.
	other := c.connect()
	mustExec(t, other, "SET lock_timeout = '100ms'")
	if _, err := other.Exec(ctx, "SELECT pg_advisory_lock(42)"); sqlState(err) != "55P03: canceling statement due to lock timeout" {
		t.Fatalf("lock_timeout: %s", sqlState(err))
	}
	mustExec(t, other, "RESET lock_timeout")

	// pg_cancel_backend ends a wait.
	otherPID := backendPID(t, other)
	ch = execAsync(other, "SELECT pg_advisory_xact_lock_shared(42)")
	stillWaiting(t, ch, "pg_advisory_xact_lock_shared of a held key")
	mustExec(t, watcher, "SELECT pg_cancel_backend($1)", otherPID)
	if err := finished(t, ch, "the canceled waiter"); sqlState(err) != "57014: canceling statement due to user request" {
		t.Fatalf("cancel: %s", sqlState(err))
	}
	var tried bool
	if err := other.QueryRow(ctx, "SELECT pg_try_advisory_lock(42)").Scan(&tried); err != nil || tried {
		t.Fatalf("pg_try_advisory_lock of a held key: %v %v", tried, err)
	}

	// A deadlock between two sessions each holding one lock: the one
	// whose check runs fails with 40P01, naming both processes.
	mustExec(t, other, "SET deadlock_timeout = '100ms'")
	mustExec(t, waiter, "SET deadlock_timeout = '60s'")
	mustExec(t, other, "SELECT pg_advisory_lock(43)")
	ch = execAsync(waiter, "SELECT pg_advisory_lock(43)")
	stillWaiting(t, ch, "pg_advisory_lock(43)")
	_, err = other.Exec(ctx, "SELECT pg_advisory_lock(42)")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "40P01" || pe.Message != "deadlock detected" ||
		!strings.Contains(pe.Detail, "Process "+itoa(otherPID)+" waits for ExclusiveLock on advisory lock [5,0,42,1]; blocked by process "+itoa(waiterPID)+".") ||
		!strings.Contains(pe.Detail, "Process "+itoa(waiterPID)+" waits for ExclusiveLock on advisory lock [5,0,43,1]; blocked by process "+itoa(otherPID)+".") {
		t.Fatalf("deadlock: %v (detail %q)", err, pe.Detail)
	}
	// other keeps its session lock on 43: the waiter still waits.
	stillWaiting(t, ch, "pg_advisory_lock(43) after the deadlock")

	// Killing other's process releases what it held.
	syscall.Kill(otherPID, syscall.SIGKILL)
	if err := finished(t, ch, "the waiter behind a killed holder"); err != nil {
		t.Fatalf("waiter: %v", err)
	}
	if n := count(t, watcher, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "+itoa(otherPID)); n != 0 {
		t.Fatalf("the killed backend still holds %d advisory locks", n)
	}
	if n := count(t, watcher, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "+itoa(waiterPID)); n != 2 {
		t.Fatalf("the waiter holds %d advisory locks, want 2", n)
	}

	// A client that vanishes without a Terminate message (its socket
	// closed) ends its session and its locks all the same.
	dropper := c.connect()
	mustExec(t, dropper, "SELECT pg_advisory_lock_shared(44)")
	ch = execAsync(waiter, "SELECT pg_advisory_lock(44)")
	stillWaiting(t, ch, "pg_advisory_lock(44)")
	dropper.PgConn().Conn().Close()
	if err := finished(t, ch, "the waiter behind a vanished client"); err != nil {
		t.Fatalf("waiter: %v", err)
	}
}
