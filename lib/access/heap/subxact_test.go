// Subtransactions seen from the heap: a transaction's own rows written by
// savepoints that were released or rolled back, other transactions'
// view of them, and waiting for a row changed by a subtransaction.

package heap

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
)

func TestOwnSubtransactionRows(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()

	a.begin()
	a.insert(1, 10, "top")
	s1 := a.savepoint()
	tid2 := a.insert(2, 20, "in s1")
	a.next()
	if got := keysOf(a.scanAll(a.snap())); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("own rows inside the savepoint: %v", got)
	}
	if h := a.headerAt(tid2); transam.TransactionId(h.Xmin()) != s1 {
		t.Fatalf("row written in the savepoint has xmin %d, want the subtransaction's %d", h.Xmin(), s1)
	}
	// ROLLBACK TO: the savepoint's row is gone for its own transaction.
	a.rollbackTo()
	if got := keysOf(a.scanAll(a.snap())); !slices.Equal(got, []int{1}) {
		t.Fatalf("own rows after ROLLBACK TO: %v", got)
	}
	if m := a.infomaskAt(tid2); m&tuple.XminInvalid == 0 {
		t.Fatalf("rolled-back subtransaction's row not hinted invalid: %#x", m)
	}
	// A released savepoint's row stays the transaction's own.
	a.savepoint()
	tid3 := a.insert(3, 30, "in s2")
	// A nested savepoint deletes the top's row 1, then is released.
	a.savepoint()
	rows := a.scanAll(a.snap())
	if len(rows) != 2 {
		t.Fatalf("rows in the nested savepoint: %v", rows)
	}
	if res, _, err := Delete(ctx(), a.env, a.rel, rows[0].tid, a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete in nested savepoint: %v %v", res, err)
	}
	a.release()
	a.release()
	if got := keysOf(a.scanAll(a.snap())); !slices.Equal(got, []int{3}) {
		t.Fatalf("own rows after RELEASE: %v", got)
	}

	// Others see none of it while the transaction runs, from snapshots
	// and from the in-progress test.
	o.begin()
	if got := keysOf(o.scanAll(o.snap())); len(got) != 0 {
		t.Fatalf("others see uncommitted subtransaction rows: %v", got)
	}
	if _, _, visible, d, err := o.env.fetchDirty(o.rel, tid3, o.cur()); err != nil || !visible || d.xmin != transam.TransactionId(a.headerAt(tid3).Xmin()) {
		t.Fatalf("dirty fetch of a running subtransaction's row: visible %v xmin %d err %v", visible, d.xmin, err)
	}
	before := o.snap()
	a.commit()
	if got := keysOf(o.scanAll(before)); len(got) != 0 {
		t.Fatalf("old snapshot sees the commit: %v", got)
	}
	if got := keysOf(o.scanAll(o.snap())); !slices.Equal(got, []int{3}) {
		t.Fatalf("after commit others see %v, want [3] (1 deleted, 2 rolled back)", got)
	}
	o.commit()
}

// TestOwnDeleteInRolledBackSavepoint: a row deleted by a savepoint that
// is rolled back is live again for its transaction, and its xmax is
// hinted invalid.
func TestOwnDeleteInRolledBackSavepoint(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	a.begin()
	tid := a.insert(1, 1, "v")
	a.next()
	a.savepoint()
	if res, _, err := Delete(ctx(), a.env, a.rel, tid, a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete: %v %v", res, err)
	}
	a.next()
	if got := keysOf(a.scanAll(a.snap())); len(got) != 0 {
		t.Fatalf("deleted row still visible inside the savepoint: %v", got)
	}
	a.rollbackTo()
	if got := keysOf(a.scanAll(a.snap())); !slices.Equal(got, []int{1}) {
		t.Fatalf("row deleted by a rolled-back savepoint: %v", got)
	}
	if m := a.infomaskAt(tid); m&tuple.XmaxInvalid == 0 {
		t.Fatalf("xmax of the rolled-back delete not hinted invalid: %#x", m)
	}
	// And it can be updated again by the transaction.
	if res, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, "v2"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("update after ROLLBACK TO: %v %v", res, err)
	}
	a.commit()
}

// TestWaitForSubtransactionUpdater: a row updated by another
// transaction's savepoint makes an updater wait; rolling the savepoint
// back (its lock released, its xid aborted) lets the waiter through
// while the other transaction still runs.
func TestWaitForSubtransactionUpdater(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "v")
	a.commit()

	a.begin()
	a.savepoint()
	if res, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, "by a's savepoint"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("update in savepoint: %v %v", res, err)
	}
	b.begin()
	ch := b.updateAsync(ctx(), tid, []any{1, int64(3), "by b"})
	expectBlocked(t, ch)
	a.rollbackTo()
	r := <-ch
	if r.err != nil || r.res != TMOk {
		t.Fatalf("b after a's ROLLBACK TO: %+v", r)
	}
	b.commit()
	a.commit()
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 1 || rows[0].s != "by b" {
		t.Fatalf("rows %v", rows)
	}
	b.commit()

	// A released savepoint's update: the waiter waits for the whole
	// transaction, and then finds the row updated.
	a.begin()
	rows := a.scanAll(a.snap())
	a.savepoint()
	if res, _, _, err := Update(ctx(), a.env, a.rel, rows[0].tid, row(1, 4, "by a"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("update in savepoint: %v %v", res, err)
	}
	a.release()
	b.begin()
	ch = b.updateAsync(ctx(), rows[0].tid, []any{1, int64(5), "by b again"})
	expectBlocked(t, ch)
	a.commit()
	if r := <-ch; r.err != nil || r.res != TMUpdated {
		t.Fatalf("b after a's commit: %+v", r)
	}
	b.commit()
}

// TestPgWaldumpReadsSubtransactionRecords: PostgreSQL 15's pg_waldump
// reads our commit and subtransaction-abort records with their
// subtransaction lists (xl_xact_xinfo + xl_xact_subxacts).
func TestPgWaldumpReadsSubtransactionRecords(t *testing.T) {
	bin := "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("pg_waldump not installed")
	}
	c := newCluster(t)
	start := c.wal.CurrentInsertLSN()
	a := c.backend()
	a.begin()
	a.insert(1, 1, "top")
	s1 := a.savepoint()
	a.insert(2, 2, "s1")
	s2 := a.savepoint()
	a.insert(3, 3, "s2")
	a.release()
	a.rollbackTo() // aborts s1 with its child s2
	s3 := a.savepoint()
	a.insert(4, 4, "s3")
	a.release()
	s4 := a.savepoint()
	a.insert(5, 5, "s4")
	a.release()
	top := a.top
	a.commit()

	out, _ := exec.Command(bin, "-p", filepath.Join(c.dir, "pg_wal"), "-s", start.String(), "-r", "Transaction").Output()
	line := regexp.MustCompile(`^rmgr: Transaction .*, tx:\s+(\d+), lsn: .*, desc: (COMMIT|ABORT) (.*)$`)
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			_, tail, _ := strings.Cut(m[3], ";")
			got = append(got, m[1]+" "+m[2]+";"+tail)
		}
	}
	want := []string{
		fmt.Sprintf("%d ABORT; subxacts: %d", s1, s2),
		fmt.Sprintf("%d COMMIT; subxacts: %d %d", top, s3, s4),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pg_waldump shows\n%s\nwant\n%s\n(output: %s)", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
}

// TestCrashRecoveryWithSubtransactions: after a crash, redo of the commit
// and subtransaction-abort records leaves exactly the committed rows of
// released savepoints; a transaction open at the crash is gone with its
// subtransactions; and savepoints work again after the restart
// (pg_subtrans is started afresh).
func TestCrashRecoveryWithSubtransactions(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	a.insert(1, 1, "top")
	a.savepoint()
	a.insert(2, 2, "rolled back")
	a.rollbackTo()
	a.savepoint()
	a.insert(3, 3, "released")
	a.release()
	a.savepoint()
	a.insert(4, 4, "open at commit")
	a.commit()
	b.begin()
	b.insert(10, 10, "crashed top")
	b.savepoint()
	b.insert(11, 11, "crashed savepoint")
	b.release()
	if err := b.wal.Flush(b.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}

	res := c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := newReplayer(sb)
		sb.xact.SetInRecovery(true)
		if err := RegisterRedo(table, rp.src); err != nil {
			t.Fatal(err)
		}
		for _, id := range []xlog.RmgrID{xlog.RmgrXact, xlog.RmgrCLOG} {
			table.Register(xlog.Rmgr{ID: id, Redo: rp.apply})
		}
		return table
	})
	if !res.Replayed {
		t.Fatal("nothing replayed")
	}
	r := c.backend()
	r.begin()
	if got := keysOf(r.scanAll(r.snap())); !slices.Equal(got, []int{1, 3, 4}) {
		t.Fatalf("rows after recovery %v, want [1 3 4]", got)
	}
	r.savepoint()
	r.insert(20, 20, "after restart")
	r.release()
	r.commit()
	o := c.backend()
	o.begin()
	if got := keysOf(o.scanAll(o.snap())); !slices.Equal(got, []int{1, 3, 4, 20}) {
		t.Fatalf("rows after a savepoint after the restart: %v", got)
	}
	o.commit()
}

// TestDeadBackendWithOverflowedSubtransactions: a backend with more
// subtransactions than its proc-array cache holds deletes a row in an
// uncached one; others find the row being modified (through pg_subtrans)
// while it runs, and once the postmaster has cleaned up after its death
// the uncached subtransactions, left "in progress" in the commit log,
// count as aborted: their rows are invisible and the row is free.
func TestDeadBackendWithOverflowedSubtransactions(t *testing.T) {
	c := newCluster(t)
	a, o := c.backend(), c.backend()
	a.begin()
	tid := a.insert(0, 0, "old")
	a.commit()

	a.begin()
	for i := 1; i <= transam.PGProcMaxCachedSubxids+6; i++ {
		a.savepoint()
		a.insert(i, int64(i), "sub")
		a.release()
	}
	last := a.savepoint()
	if res, _, err := Delete(ctx(), a.env, a.rel, tid, a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("delete in an uncached subtransaction: %v %v", res, err)
	}
	o.begin()
	if res, _, _, err := Update(ctx(), o.env, o.rel, tid, row(0, 1, "by o"), o.cur(), o.xid, o.cid, nil, false); err != nil || res != TMBeingModified {
		t.Fatalf("update of a row deleted by a running uncached subtransaction: %v %v", res, err)
	}
	if got := keysOf(o.scanAll(o.snap())); !slices.Equal(got, []int{0}) {
		t.Fatalf("others see %v while the subtransactions run", got)
	}

	// a dies; the postmaster aborts what it can see and frees its locks.
	if err := a.xact.ClearProc(c.pm, a.idx); err != nil {
		t.Fatal(err)
	}
	a.endXact()
	if st, _, _ := o.xact.TransactionIdGetStatus(o.owner, last); st != transam.StatusInProgress {
		t.Fatalf("uncached subtransaction %d marked %v", last, st)
	}
	if res, _, _, err := Update(ctx(), o.env, o.rel, tid, row(0, 1, "by o"), o.cur(), o.xid, o.cid, nil, false); err != nil || res != TMOk {
		t.Fatalf("update after the deleter died: %v %v", res, err)
	}
	o.next()
	rows := o.scanAll(o.snap())
	if len(rows) != 1 || rows[0].s != "by o" {
		t.Fatalf("rows after the death: %v", rows)
	}
	o.commit()
}
