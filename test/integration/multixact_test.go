// Multixacts with real sessions: foreign key checks from many sessions
// on one parent row, an UPDATE of the parent's other columns beside
// them, an UPDATE of its key waiting for them, locks of a transaction
// kept across a rolled-back savepoint, and multixacts surviving a crash.

package integration

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestForeignKeysShareParentRow: inserts referencing the same parent row
// from several sessions hold FOR KEY SHARE locks on it together; an
// UPDATE of a non-key column of the parent proceeds beside them; an
// UPDATE of a key column waits until they end.
func TestForeignKeysShareParentRow(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	setup := c.connect()
	mustExec(t, setup, "CREATE TABLE parent (id int PRIMARY KEY, code int UNIQUE, note text)")
	mustExec(t, setup, "CREATE TABLE child (id int, pid int REFERENCES parent)")
	mustExec(t, setup, "INSERT INTO parent VALUES (1, 100, 'a'), (2, 200, 'b')")

	const sessions = 5
	conns := make([]*pgx.Conn, sessions)
	for i := range conns {
		conns[i] = c.connect()
		mustExec(t, conns[i], "BEGIN")
	}
	// Each insert locks parent 1 FOR KEY SHARE; none waits for another.
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i, conn := range conns {
		wg.Add(1)
		go func(i int, conn *pgx.Conn) {
			defer wg.Done()
			_, err := conn.Exec(ctx, "INSERT INTO child VALUES ($1, 1)", i)
			errs <- err
		}(i, conn)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("foreign key checks on one parent row waited for each other")
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var members int
	if err := setup.QueryRow(ctx, "SELECT count(*) FROM parent p, pg_get_multixact_members(p.xmax) m WHERE p.id = 1 AND m.mode = 'keysh'").Scan(&members); err != nil || members != sessions {
		t.Fatalf("key-share members of the parent row: %d %v", members, err)
	}

	// Not a key column: no waiting for the foreign key checks.
	upd := c.connect()
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := upd.Exec(tctx, "UPDATE parent SET note = 'changed' WHERE id = 1"); err != nil {
		t.Fatalf("non-key UPDATE beside foreign key checks: %v", err)
	}
	// A key column (of a unique index): waits for every checker.
	ch := make(chan error, 1)
	go func() {
		_, err := upd.Exec(ctx, "UPDATE parent SET code = 101 WHERE id = 1")
		ch <- err
	}()
	for i, conn := range conns {
		select {
		case err := <-ch:
			t.Fatalf("key UPDATE finished with %d checkers still running: %v", sessions-i, err)
		case <-time.After(150 * time.Millisecond):
		}
		mustExec(t, conn, "COMMIT")
	}
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
	var code int
	var note string
	if err := setup.QueryRow(ctx, "SELECT code, note FROM parent WHERE id = 1").Scan(&code, &note); err != nil || code != 101 || note != "changed" {
		t.Fatalf("parent after the updates: %d %q %v", code, note, err)
	}
	var children int
	if err := setup.QueryRow(ctx, "SELECT count(*) FROM child WHERE pid = 1").Scan(&children); err != nil || children != sessions {
		t.Fatalf("children: %d %v", children, err)
	}

	// The other way round: a check on a parent row that a running
	// transaction updates (not its key) does not wait for it either; it
	// locks the new version too, so a delete of that must wait for it.
	mustExec(t, upd, "BEGIN")
	mustExec(t, upd, "UPDATE parent SET note = 'again' WHERE id = 2")
	checker := conns[0]
	mustExec(t, checker, "BEGIN")
	cctx, ccancel := context.WithTimeout(ctx, 5*time.Second)
	defer ccancel()
	if _, err := checker.Exec(cctx, "INSERT INTO child VALUES (100, 2)"); err != nil {
		t.Fatalf("foreign key check beside a non-key UPDATE: %v", err)
	}
	mustExec(t, upd, "COMMIT")
	go func() {
		_, err := upd.Exec(ctx, "DELETE FROM parent WHERE id = 2")
		ch <- err
	}()
	select {
	case err := <-ch:
		t.Fatalf("DELETE of the updated parent row did not wait for the check: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	mustExec(t, checker, "COMMIT")
	if err := <-ch; pgCode(err) != "23503" {
		t.Fatalf("DELETE of a referenced row after the check committed: %v", err)
	}
}

// TestSavepointRollbackKeepsOuterLock: a row locked by the transaction
// and then updated or locked again inside a savepoint keeps the outer
// lock when the savepoint is rolled back (both ids are in a multixact).
func TestSavepointRollbackKeepsOuterLock(t *testing.T) {
	c := newCluster(t)
	c.start()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct VALUES (1, 1), (2, 2)")
	for _, inner := range []string{
		"UPDATE acct SET v = v + 1 WHERE id = 1",
		"SELECT * FROM acct WHERE id = 1 FOR UPDATE",
		"DELETE FROM acct WHERE id = 1",
	} {
		mustExec(t, a, "BEGIN")
		mustExec(t, a, "SELECT * FROM acct WHERE id = 1 FOR SHARE")
		mustExec(t, a, "SAVEPOINT s")
		mustExec(t, a, inner)
		mustExec(t, a, "ROLLBACK TO s")
		if _, err := rowsOf(b, "SELECT id, v FROM acct WHERE id = 1 FOR UPDATE NOWAIT"); pgCode(err) != "55P03" {
			t.Fatalf("after %s and ROLLBACK TO: the outer FOR SHARE lock is gone: %v", inner, err)
		}
		if got, err := rowsOf(b, "SELECT id, v FROM acct WHERE id = 1 FOR SHARE NOWAIT"); err != nil || fmt.Sprint(got) != "[1:1]" {
			t.Fatalf("after %s and ROLLBACK TO: %v %v", inner, got, err)
		}
		mustExec(t, a, "COMMIT")
	}
	if got, err := rowsOf(b, "SELECT id, v FROM acct WHERE id = 1 FOR UPDATE NOWAIT"); err != nil || fmt.Sprint(got) != "[1:1]" {
		t.Fatalf("after the transaction: %v %v", got, err)
	}
}

// TestMultixactsSurviveCrash: multixacts created before a SIGKILL are
// replayed from their CREATE_ID records (and pages from ZERO_*_PAGE):
// their members are readable after restart, new ones get new ids, and
// the rows locked by the dead transactions are free.
func TestMultixactsSurviveCrash(t *testing.T) {
	c := newCluster(t)
	c.start()
	ctx := context.Background()
	a, b := c.connect(), c.connect()
	mustExec(t, a, "CREATE TABLE acct (id int PRIMARY KEY, v int)")
	mustExec(t, a, "INSERT INTO acct SELECT g, g FROM generate_series(1, 3000) g")
	mustExec(t, a, "CHECKPOINT")
	// Many multixacts (more than an offsets page holds), committed: a
	// holds all rows, b's transactions each share one row with it.
	mustExec(t, a, "BEGIN")
	mustExec(t, a, "SELECT count(*) FROM (SELECT id FROM acct FOR SHARE) s")
	for id := 1; id <= 2200; id++ {
		mustExec(t, b, "BEGIN")
		mustExec(t, b, "SELECT * FROM acct WHERE id = $1 FOR KEY SHARE", id)
		mustExec(t, b, "COMMIT")
	}
	mustExec(t, a, "COMMIT")
	// What the committed multixacts were (their records are flushed with
	// the commits).
	var before int64
	if err := a.QueryRow(ctx, "SELECT mxid_age('1'::xid)").Scan(&before); err != nil || before < 2200 {
		t.Fatalf("multixacts made: %d %v", before, err)
	}
	var wantMembers string
	if err := a.QueryRow(ctx, "SELECT string_agg(m.xid || ' ' || m.mode, ',' ORDER BY m.xid::text) FROM acct, pg_get_multixact_members(acct.xmax) m WHERE id = 2100").Scan(&wantMembers); err != nil {
		t.Fatal(err)
	}
	// And some in flight when the server dies (lost with the WAL not yet
	// flushed, or replayed: either way their lockers are gone).
	mustExec(t, a, "BEGIN")
	mustExec(t, b, "BEGIN")
	mustExec(t, a, "SELECT count(*) FROM (SELECT id FROM acct WHERE id <= 100 FOR SHARE) s")
	mustExec(t, b, "SELECT count(*) FROM (SELECT id FROM acct WHERE id <= 100 FOR SHARE) s")
	pm := c.postmasterPID()
	for _, pid := range append([]int{pm}, c.processes()...) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	waitGone(t, pm)
	c.waitNoProcesses(2 * time.Second)
	c.start()
	conn := c.connect()
	var after int64
	if err := conn.QueryRow(ctx, "SELECT mxid_age('1'::xid)").Scan(&after); err != nil || after < before {
		t.Fatalf("next multixact after redo: age of 1 is %d, was %d (%v)", after, before, err)
	}
	var gotMembers string
	if err := conn.QueryRow(ctx, "SELECT string_agg(m.xid || ' ' || m.mode, ',' ORDER BY m.xid::text) FROM acct, pg_get_multixact_members(acct.xmax) m WHERE id = 2100").Scan(&gotMembers); err != nil || gotMembers != wantMembers {
		t.Fatalf("members after redo: %q %v, want %q", gotMembers, err, wantMembers)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM (SELECT id FROM acct WHERE id <= 200 FOR UPDATE NOWAIT) s").Scan(&n); err != nil || n != 200 {
		t.Fatalf("rows of the dead lockers: %d %v", n, err)
	}
	// New multixacts after recovery are new ids with their own members.
	mustExec(t, conn, "BEGIN")
	mustExec(t, conn, "SELECT * FROM acct WHERE id = 3000 FOR SHARE")
	other := c.connect()
	mustExec(t, other, "BEGIN")
	mustExec(t, other, "SELECT * FROM acct WHERE id = 3000 FOR SHARE")
	if err := other.QueryRow(ctx, "SELECT count(*) FROM acct, pg_get_multixact_members(acct.xmax) m WHERE id = 3000").Scan(&n); err != nil || n != 2 {
		t.Fatalf("a multixact made after recovery: %d members %v", n, err)
	}
	mustExec(t, conn, "COMMIT")
	mustExec(t, other, "COMMIT")
	c.stop("fast")
}
