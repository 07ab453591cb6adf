// Concurrent modifications in READ COMMITTED: a second updater waits for
// the first (on its transaction lock, queued behind the tuple lock),
// then proceeds if it aborted or reports TMUpdated/TMDeleted with the new
// version for EvalPlanQual; lock_timeout, cancellation, row locks.

package heap

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

type updateResult struct {
	res TMResult
	fd  FailureData
	tid TID
	err error
}

func (b *backend) updateAsync(c context.Context, tid TID, vals []any) chan updateResult {
	ch := make(chan updateResult, 1)
	r := row(vals[0].(int), vals[1].(int64), vals[2].(string))
	go func() {
		res, fd, ntid, err := Update(c, b.env, b.rel, tid, r, b.cur(), b.xid, b.cid, nil, true)
		ch <- updateResult{res, fd, ntid, err}
	}()
	return ch
}

func expectBlocked(t *testing.T, ch chan updateResult) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("did not wait: %+v", r)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestUpdateWaitsForUpdaterThatCommits(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 100, "orig")
	a.commit()

	a.begin()
	res, _, atid, err := Update(ctx(), a.env, a.rel, tid, row(1, 101, "by a"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("a's update: %v %v", res, err)
	}
	b.begin()
	snap := b.snap()
	r, ok := b.find(snap, 1)
	if !ok || r.v != 100 || r.tid != tid {
		t.Fatalf("b sees %v", r)
	}
	ch := b.updateAsync(ctx(), r.tid, []any{1, int64(r.v + 1000), "by b"})
	expectBlocked(t, ch)
	waitFor(t, "b to wait for a's transaction", func() bool { return c.waitingOn(b.idx, lmgr.LockTagTransaction) })
	axid := a.xid
	a.commit()
	u := <-ch
	if u.err != nil || u.res != TMUpdated || u.fd.Ctid != atid || u.fd.Xmax != axid {
		t.Fatalf("b after a committed: %+v (a's version at %v)", u, atid)
	}
	// EvalPlanQual: lock the newest version, re-check it, update it.
	lr, err := LockTuple(ctx(), b.env, b.rel, r.tid, b.cur(), b.xid, b.cid, LockTupleExclusive, LockWaitBlock, LockFlagFindLastVersion)
	if err != nil || lr.Result != TMOk || lr.TID != atid || !lr.Failure.Traversed || lr.Values[1].Int() != 101 {
		t.Fatalf("LockTuple: %+v %v", lr, err)
	}
	res, _, btid, err := Update(ctx(), b.env, b.rel, lr.TID, row(1, lr.Values[1].Int()+1000, "by b"), b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("b's update of the new version: %v %v", res, err)
	}
	// Our own row lock carries over to the new version as a key-share
	// lock, as PostgreSQL does.
	if h := b.headerAt(btid); rawXmax(h) != b.xid || !xmaxIsLockedOnly(h.Infomask()) {
		t.Fatalf("new version's xmax %d infomask %#x", h.Xmax(), h.Infomask())
	}
	b.commit()
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 1 || rows[0].v != 1101 || rows[0].s != "by b" {
		t.Fatalf("final: %v", rows)
	}
	b.commit()
}

func TestUpdateWaitsForUpdaterThatAborts(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 100, "orig")
	a.commit()

	a.begin()
	if res, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 101, "by a"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("a's update: %v %v", res, err)
	}
	b.begin()
	ch := b.updateAsync(ctx(), tid, []any{1, int64(200), "by b"})
	expectBlocked(t, ch)
	a.abort()
	u := <-ch
	if u.err != nil || u.res != TMOk {
		t.Fatalf("b after a aborted: %+v", u)
	}
	b.commit()
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 1 || rows[0].v != 200 || rows[0].tid != u.tid {
		t.Fatalf("final: %v", rows)
	}
	b.commit()
}

func TestDeleteWaitsAndSeesDelete(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()

	a.begin()
	if res, _, err := Delete(ctx(), a.env, a.rel, tid, a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("a's delete: %v %v", res, err)
	}
	b.begin()
	// Without waiting: TMBeingModified at once.
	res, fd, err := Delete(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, nil, false)
	if err != nil || res != TMBeingModified || fd.Xmax != a.xid {
		t.Fatalf("nowait delete: %v %+v %v", res, fd, err)
	}
	ch := b.updateAsync(ctx(), tid, []any{1, int64(2), "y"})
	expectBlocked(t, ch)
	a.commit()
	u := <-ch
	if u.err != nil || u.res != TMDeleted || u.fd.Ctid != tid {
		t.Fatalf("update of a row deleted meanwhile: %+v", u)
	}
	// EvalPlanQual finds nothing to lock.
	lr, err := LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, LockTupleExclusive, LockWaitBlock, LockFlagFindLastVersion)
	if err != nil || lr.Result != TMDeleted {
		t.Fatalf("LockTuple of a deleted row: %+v %v", lr, err)
	}
	b.commit()
}

func TestLockTimeoutAndCancel(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()
	a.begin()
	if res, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, "a"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatalf("a: %v %v", res, err)
	}

	b.begin()
	b.locks.LockTimeout = 30 * time.Millisecond
	start := time.Now()
	_, _, _, err := Update(ctx(), b.env, b.rel, tid, row(1, 3, "b"), b.cur(), b.xid, b.cid, nil, true)
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.LockNotAvailable || pe.Message != "canceling statement due to lock timeout" {
		t.Fatalf("lock_timeout: %v", err)
	}
	if time.Since(start) < 25*time.Millisecond {
		t.Fatal("lock_timeout fired early")
	}
	b.abort()
	b.locks.LockTimeout = 0

	b.begin()
	cctx, cancel := context.WithCancel(ctx())
	ch := b.updateAsync(cctx, tid, []any{1, int64(3), "b"})
	expectBlocked(t, ch)
	cancel()
	u := <-ch
	if !errors.As(u.err, &pe) || pe.Code != pgerr.QueryCanceled {
		t.Fatalf("cancel: %+v", u)
	}
	b.abort()
	// Nothing is left locked by b: a can finish and the row is a's.
	a.commit()
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 1 || rows[0].v != 2 {
		t.Fatalf("final: %v", rows)
	}
	b.commit()
}

// Three updaters of one row: the second waits on the first's transaction
// while holding the tuple lock, the third queues on the tuple lock
// behind it, so the second goes first when the first commits.
func TestWaitersQueueOnTupleLock(t *testing.T) {
	c := newCluster(t)
	a, b, d := c.backend(), c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 0, "x")
	a.commit()

	a.begin()
	res, _, atid, err := Update(ctx(), a.env, a.rel, tid, row(1, 1, "a"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	b.begin()
	chB := b.updateAsync(ctx(), tid, []any{1, int64(2), "b"})
	waitFor(t, "b waiting for a", func() bool { return c.waitingOn(b.idx, lmgr.LockTagTransaction) })
	d.begin()
	chD := d.updateAsync(ctx(), tid, []any{1, int64(3), "d"})
	waitFor(t, "d waiting for the tuple lock", func() bool { return c.waitingOn(d.idx, lmgr.LockTagTuple) })
	a.commit()
	ub := <-chB
	if ub.err != nil || ub.res != TMUpdated || ub.fd.Ctid != atid {
		t.Fatalf("b: %+v", ub)
	}
	ud := <-chD
	if ud.err != nil || ud.res != TMUpdated || ud.fd.Ctid != atid {
		t.Fatalf("d: %+v", ud)
	}
	b.commit()
	d.commit()
}

func TestRowLocks(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()

	a.begin()
	lr, err := LockTuple(ctx(), a.env, a.rel, tid, a.cur(), a.xid, a.cid, LockTupleExclusive, LockWaitBlock, 0)
	if err != nil || lr.Result != TMOk || lr.Values[2].Text() != "x" {
		t.Fatalf("FOR UPDATE: %+v %v", lr, err)
	}
	h := a.headerAt(tid)
	if rawXmax(h) != a.xid || !xmaxIsLockedOnly(h.Infomask()) || h.Infomask2()&0x2000 == 0 {
		t.Fatalf("locked header: xmax %d infomask %#x infomask2 %#x", h.Xmax(), h.Infomask(), h.Infomask2())
	}
	// Locking again is a no-op; the row stays visible to everyone.
	if lr, err := LockTuple(ctx(), a.env, a.rel, tid, a.cur(), a.xid, a.cid, LockTupleShare, LockWaitBlock, 0); err != nil || lr.Result != TMOk {
		t.Fatalf("relock: %+v %v", lr, err)
	}
	b.begin()
	if rows := b.scanAll(b.snap()); len(rows) != 1 {
		t.Fatalf("locked row invisible: %v", rows)
	}
	// NOWAIT and SKIP LOCKED.
	_, err = LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, LockTupleExclusive, LockWaitError, 0)
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.LockNotAvailable || pe.Message != `could not obtain lock on row in relation "t"` {
		t.Fatalf("NOWAIT: %v", err)
	}
	if lr, err := LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, LockTupleExclusive, LockWaitSkip, 0); err != nil || lr.Result != TMWouldBlock {
		t.Fatalf("SKIP LOCKED: %+v %v", lr, err)
	}
	// A blocking locker waits; a's commit releases the row unchanged.
	ch := make(chan LockResult, 1)
	go func() {
		lr, err := LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, LockTupleNoKeyExclusive, LockWaitBlock, 0)
		if err != nil {
			t.Error(err)
		}
		ch <- lr
	}()
	waitFor(t, "b waiting for a", func() bool { return c.waitingOn(b.idx, lmgr.LockTagTransaction) })
	a.commit()
	if lr := <-ch; lr.Result != TMOk || lr.TID != tid {
		t.Fatalf("lock after a's commit: %+v", lr)
	}
	// b holds the lock now; its own update proceeds, a's must wait.
	a.begin()
	chA := a.updateAsync(ctx(), tid, []any{1, int64(5), "a"})
	expectBlocked(t, chA)
	res, _, ntid, err := Update(ctx(), b.env, b.rel, tid, row(1, 2, "b"), b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("update by the locker: %v %v", res, err)
	}
	b.commit()
	ua := <-chA
	if ua.err != nil || ua.res != TMUpdated || ua.fd.Ctid != ntid {
		t.Fatalf("a after b: %+v", ua)
	}
	a.commit()
	a.begin()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].v != 2 {
		t.Fatalf("final: %v", rows)
	}
	a.commit()
}

// Many goroutine backends increment counters in shared rows, chasing
// update chains as READ COMMITTED does; the sum must be exact.
func TestConcurrentIncrements(t *testing.T) {
	c := newCluster(t, "deadlock_timeout", "50ms")
	setup := c.backend()
	const rows, workers, iters = 4, 6, 60
	setup.begin()
	for k := 0; k < rows; k++ {
		setup.insert(k, 0, "counter")
	}
	setup.commit()

	type outcome struct {
		committed [rows]int
		err       error
	}
	out := make(chan outcome, workers)
	for w := 0; w < workers; w++ {
		b := c.backend()
		go func(w int) {
			var o outcome
			defer func() { out <- o }()
			for i := 0; i < iters; i++ {
				k := (w + i) % rows
				b.begin()
				err := incrementRow(b.env, b.rel, b.snap(), b.xid, b.cid, k)
				if err != nil {
					var pe *pgerr.Error
					if errors.As(err, &pe) && pe.Code == pgerr.TRDeadlockDetected {
						b.abort()
						continue
					}
					o.err = err
					b.abort()
					return
				}
				if i%7 == 3 {
					b.abort()
					continue
				}
				b.commit()
				o.committed[k]++
			}
		}(w)
	}
	var want [rows]int
	for w := 0; w < workers; w++ {
		o := <-out
		if o.err != nil {
			t.Fatal(o.err)
		}
		for k := range want {
			want[k] += o.committed[k]
		}
	}
	t.Logf("EvalPlanQual retries: %d", epqRetries.Load())
	setup.begin()
	got := setup.scanAll(setup.snap())
	if !slices.Equal(keysOf(got), []int{0, 1, 2, 3}) {
		t.Fatalf("rows: %v", got)
	}
	for _, r := range got {
		if r.v != int64(want[r.k]) {
			t.Fatalf("row %d counts %d, %d increments committed", r.k, r.v, want[r.k])
		}
	}
	setup.commit()
}

var epqRetries atomic.Int64

// incrementRow is "UPDATE t SET v = v + 1 WHERE k = $1" in READ
// COMMITTED: find the row with the statement's snapshot, update it, and
// on TMUpdated lock its newest version (EvalPlanQual) and update that.
func incrementRow(env *Env, rel *Relation, snap *Snapshot, xid transam.TransactionId, cid CommandId, k int) error {
	rows, err := scanRows(env, rel, snap)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.k != k {
			continue
		}
		tid, v := r.tid, r.v
		for {
			res, fd, _, err := Update(context.Background(), env, rel, tid, row(k, v+1, r.s), transam.CurrentXids{Top: xid}, xid, cid, nil, true)
			if err != nil {
				return err
			}
			switch res {
			case TMOk, TMDeleted:
				return nil
			case TMUpdated:
				epqRetries.Add(1)
				lr, err := LockTuple(context.Background(), env, rel, fd.Ctid, transam.CurrentXids{Top: xid}, xid, cid, LockTupleNoKeyExclusive, LockWaitBlock, LockFlagFindLastVersion)
				if err != nil {
					return err
				}
				if lr.Result != TMOk {
					return nil // deleted meanwhile
				}
				tid, v = lr.TID, lr.Values[1].Int()
			default:
				return pgerr.Newf(pgerr.InternalError, "unexpected %v", res)
			}
		}
	}
	return nil
}

// REPEATABLE READ passes its transaction snapshot as crosscheck: a row
// that snapshot cannot see counts as concurrently updated.
func TestCrosscheckSnapshot(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	old := a.insert(1, 1, "old")
	a.commit()
	b.begin()
	txnSnap := b.snap() // taken before a's next change
	a.begin()
	res, _, newer, err := Update(ctx(), a.env, a.rel, old, row(1, 2, "new"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	a.commit()
	// b found the new version with a fresh statement snapshot (as READ
	// COMMITTED would), but its transaction snapshot cannot see it.
	res, fd, err := Delete(ctx(), b.env, b.rel, newer, b.cur(), b.xid, b.cid, txnSnap, true)
	if err != nil || res != TMUpdated || fd.Ctid != newer {
		t.Fatalf("crosscheck: %v %+v %v", res, fd, err)
	}
	// Without it the delete goes through.
	res, _, err = Delete(ctx(), b.env, b.rel, newer, b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("without crosscheck: %v %v", res, err)
	}
	b.commit()
}

// Bulk insertions and single inserts into one table from several
// processes at once: every committed row is there once, the aborted
// ones are not, and the pages they shared replay to the same pages.
func TestConcurrentBulkInserts(t *testing.T) {
	c := newCluster(t)
	start := c.wal.CurrentInsertLSN()
	const workers, batches, perBatch = 4, 6, 700
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		b := c.backend()
		go func(w int) {
			errs <- func() error {
				for i := 0; i < batches; i++ {
					b.begin()
					k0 := (w*batches + i) * perBatch
					if w == 0 {
						// One process inserts a row at a time.
						for j := 0; j < perBatch; j++ {
							if _, err := Insert(b.env, b.rel, row(k0+j, int64(w), strings.Repeat("s", j%40)), b.xid, b.cid); err != nil {
								return err
							}
						}
					} else {
						bi := NewBulkInsert(b.env, b.rel, b.xid, b.cid)
						for j := 0; j < perBatch; j++ {
							if err := bi.Add(row(k0+j, int64(w), strings.Repeat("b", j%60))); err != nil {
								return err
							}
						}
						if err := bi.Flush(); err != nil {
							return err
						}
					}
					if i == 2 {
						b.abort()
						continue
					}
					b.commit()
				}
				return nil
			}()
		}(w)
	}
	for w := 0; w < workers; w++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	r := c.backend()
	r.begin()
	got := r.scanAll(r.snap())
	r.commit()
	var want []int
	for w := 0; w < workers; w++ {
		for i := 0; i < batches; i++ {
			if i == 2 {
				continue
			}
			for j := 0; j < perBatch; j++ {
				want = append(want, (w*batches+i)*perBatch+j)
			}
		}
	}
	if !slices.Equal(keysOf(got), want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	if err := r.wal.Flush(r.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	wantPages := r.pages(testLoc)
	replica := newCluster(t)
	rp := newReplayer(replica.backend())
	for _, rec := range readRecords(t, c.dir, start) {
		if err := rp.apply(rec); err != nil {
			t.Fatalf("redo at %v: %v", rec.LSN, err)
		}
	}
	if d := comparePages(wantPages, replica.backend().pages(testLoc)); d != "" {
		t.Fatal(d)
	}
}
