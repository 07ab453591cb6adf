// Row locks shared through multixacts: the xmax a second locker leaves,
// what NOWAIT and SKIP LOCKED do beside shared locks, updates that do
// or do not change a key column beside FOR KEY SHARE, a subtransaction's
// lock kept with the outer one, and visibility of a tuple whose updater
// sits in a multixact.

package heap

import (
	"errors"
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
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

func (b *backend) lock(tid TID, mode LockTupleMode, policy WaitPolicy) (LockResult, error) {
	return LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, mode, policy, 0)
}

// membersOf returns the multixact in the tuple's xmax as "xid:status".
func (b *backend) membersOf(t *testing.T, tid TID) []transam.MultiXactMember {
	t.Helper()
	h := b.headerAt(tid)
	if h.Infomask()&tuple.XmaxIsMulti == 0 {
		t.Fatalf("xmax %d of %v is not a multixact (infomask %#x)", h.Xmax(), tid, h.Infomask())
	}
	m, err := b.xact.GetMultiXactIdMembers(b.owner, transam.MultiXactId(h.Xmax()))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSharedLocksMakeMultixact(t *testing.T) {
	c := newCluster(t)
	a, b, d := c.backend(), c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()

	a.begin()
	b.begin()
	if lr, err := a.lock(tid, LockTupleShare, LockWaitBlock); err != nil || lr.Result != TMOk {
		t.Fatalf("a FOR SHARE: %+v %v", lr, err)
	}
	// A second FOR SHARE joins, NOWAIT or not.
	if lr, err := b.lock(tid, LockTupleShare, LockWaitError); err != nil || lr.Result != TMOk {
		t.Fatalf("b FOR SHARE NOWAIT: %+v %v", lr, err)
	}
	want := []transam.MultiXactMember{{Xid: a.xid, Status: transam.MultiXactStatusForShare}, {Xid: b.xid, Status: transam.MultiXactStatusForShare}}
	if got := b.membersOf(t, tid); !slices.Equal(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	h := a.headerAt(tid)
	if m := h.Infomask(); m&heapLockMask != heapXmaxShrLock || m&tuple.XmaxLockOnly == 0 || h.Infomask2()&tuple.KeysUpdated != 0 {
		t.Fatalf("infomask %#x infomask2 %#x", m, h.Infomask2())
	}
	// Conflicting modes: refused under NOWAIT, skipped under SKIP LOCKED.
	d.begin()
	for _, mode := range []LockTupleMode{LockTupleNoKeyExclusive, LockTupleExclusive} {
		_, err := d.lock(tid, mode, LockWaitError)
		var pe *pgerr.Error
		if !errors.As(err, &pe) || pe.Code != pgerr.LockNotAvailable {
			t.Fatalf("%v NOWAIT: %v", mode, err)
		}
		if lr, err := d.lock(tid, mode, LockWaitSkip); err != nil || lr.Result != TMWouldBlock {
			t.Fatalf("%v SKIP LOCKED: %+v %v", mode, lr, err)
		}
	}
	// FOR KEY SHARE joins too: three members.
	if lr, err := d.lock(tid, LockTupleKeyShare, LockWaitSkip); err != nil || lr.Result != TMOk {
		t.Fatalf("d FOR KEY SHARE SKIP LOCKED: %+v %v", lr, err)
	}
	if got := d.membersOf(t, tid); len(got) != 3 || got[2] != (transam.MultiXactMember{Xid: d.xid, Status: transam.MultiXactStatusForKeyShare}) {
		t.Fatalf("members with the key-share locker: %v", got)
	}
	// An update waits for every share-locker, but not the key-share one.
	a.commit()
	e := c.backend()
	e.begin()
	e.rel.KeyAttrs = []int{0}
	ch := e.updateAsync(ctx(), tid, []any{1, int64(2), "e"})
	waitFor(t, "e waiting for b", func() bool { return c.waitingOn(e.idx, lmgr.LockTagTransaction) })
	b.commit()
	u := <-ch
	if u.err != nil || u.res != TMOk {
		t.Fatalf("update after the sharers: %+v", u)
	}
	// The old version's xmax: d's key-share lock and e's update; the new
	// version's: d's lock.
	old := e.membersOf(t, tid)
	if !slices.Contains(old, transam.MultiXactMember{Xid: d.xid, Status: transam.MultiXactStatusForKeyShare}) ||
		!slices.Contains(old, transam.MultiXactMember{Xid: e.xid, Status: transam.MultiXactStatusNoKeyUpdate}) || len(old) != 2 {
		t.Fatalf("old version's members %v", old)
	}
	nh := e.headerAt(u.tid)
	if nh.Infomask()&tuple.XmaxIsMulti != 0 {
		if got := e.membersOf(t, u.tid); !slices.Contains(got, transam.MultiXactMember{Xid: d.xid, Status: transam.MultiXactStatusForKeyShare}) {
			t.Fatalf("new version's lockers %v", got)
		}
	} else if rawXmax(nh) != d.xid || !xmaxIsKeyShrLocked(nh.Infomask()) {
		t.Fatalf("new version's xmax %d infomask %#x", nh.Xmax(), nh.Infomask())
	}
	// d still holds the new version: a key update (FOR UPDATE strength)
	// must wait for it.
	e.commit()
	e.begin()
	ch = e.updateAsync(ctx(), u.tid, []any{7, int64(2), "e"})
	waitFor(t, "key update waiting for d", func() bool { return c.waitingOn(e.idx, lmgr.LockTagTransaction) })
	d.commit()
	if u2 := <-ch; u2.err != nil || u2.res != TMOk {
		t.Fatalf("key update: %+v", u2)
	} else if h := e.headerAt(u.tid); h.Infomask2()&tuple.KeysUpdated == 0 {
		t.Fatalf("key update without HEAP_KEYS_UPDATED: infomask2 %#x", h.Infomask2())
	}
	e.commit()
	a.begin()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].k != 7 || rows[0].s != "e" {
		t.Fatalf("final rows %v", rows)
	}
	a.commit()
}

// A non-key update does not wait for a key-share locker holding the row
// alone (a plain xid), and the lock moves to the new version.
func TestNoKeyUpdateBesideKeyShare(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.rel.KeyAttrs, b.rel.KeyAttrs = []int{0}, []int{0}
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()
	a.begin()
	if lr, err := a.lock(tid, LockTupleKeyShare, LockWaitBlock); err != nil || lr.Result != TMOk {
		t.Fatal(lr, err)
	}
	b.begin()
	res, _, ntid, err := Update(ctx(), b.env, b.rel, tid, row(1, 2, "b"), b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("non-key update beside FOR KEY SHARE: %v %v", res, err)
	}
	if h := b.headerAt(ntid); rawXmax(h) != a.xid || !xmaxIsKeyShrLocked(h.Infomask()) {
		t.Fatalf("new version's xmax %d infomask %#x", h.Xmax(), h.Infomask())
	}
	// A delete is a key change: it waits for a.
	b.next()
	c2 := c.backend()
	c2.begin()
	ch := make(chan error, 1)
	go func() {
		_, _, err := Delete(ctx(), c2.env, c2.rel, tid, c2.cur(), c2.xid, c2.cid, nil, true)
		ch <- err
	}()
	waitFor(t, "delete waiting", func() bool { return c.waitingOn(c2.idx, lmgr.LockTagTransaction) })
	a.commit()
	b.commit()
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
	c2.abort()
}

// A savepoint's update of a row the outer transaction locked, rolled
// back, leaves the outer lock in place (a multixact of both ids).
func TestSubtransactionKeepsOuterLock(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()

	a.begin()
	if lr, err := a.lock(tid, LockTupleShare, LockWaitBlock); err != nil || lr.Result != TMOk {
		t.Fatal(lr, err)
	}
	outer := a.xid
	sub := a.savepoint()
	res, _, _, err := Update(ctx(), a.env, a.rel, tid, row(1, 5, "sub"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatalf("update in the savepoint: %v %v", res, err)
	}
	got := a.membersOf(t, tid)
	want := []transam.MultiXactMember{{Xid: outer, Status: transam.MultiXactStatusForShare}, {Xid: sub, Status: transam.MultiXactStatusUpdate}}
	if !slices.Equal(got, want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	a.rollbackTo()
	b.begin()
	if _, err := b.lock(tid, LockTupleExclusive, LockWaitError); pgerr.As(err).Code != pgerr.LockNotAvailable {
		t.Fatalf("FOR UPDATE NOWAIT after the savepoint's rollback: %v", err)
	}
	if lr, err := b.lock(tid, LockTupleShare, LockWaitError); err != nil || lr.Result != TMOk {
		t.Fatalf("FOR SHARE beside the outer lock: %+v %v", lr, err)
	}
	// The rolled-back update is invisible; the row as before.
	if rows := b.scanAll(b.snap()); len(rows) != 1 || rows[0].v != 1 {
		t.Fatalf("rows %v", rows)
	}
	a.commit()
	b.commit()
}

// A tuple updated by a multixact member: visible to snapshots that do not
// see the updater, HTSV says recently dead until the horizon passes it.
func TestMultixactUpdaterVisibility(t *testing.T) {
	c := newCluster(t)
	a, b, r := c.backend(), c.backend(), c.backend()
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()
	a.begin()
	if lr, err := a.lock(tid, LockTupleKeyShare, LockWaitBlock); err != nil || lr.Result != TMOk {
		t.Fatal(lr, err)
	}
	b.begin()
	b.rel.KeyAttrs = []int{0}
	res, _, _, err := Update(ctx(), b.env, b.rel, tid, row(1, 2, "b"), b.cur(), b.xid, b.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	r.begin()
	early := r.snap()
	if rows := r.scanAll(early); len(rows) != 1 || rows[0].v != 1 {
		t.Fatalf("before the updater commits: %v", rows)
	}
	st := c.htsvOf(r, tid, r.xact.GetOldestXmin(r.owner))
	if st != HTSVDeleteInProgress {
		t.Fatalf("HTSV while the updater runs: %v", st)
	}
	updater := b.xid
	b.commit()
	if rows := r.scanAll(early); len(rows) != 1 || rows[0].v != 1 {
		t.Fatalf("old snapshot after the update: %v", rows)
	}
	if rows := r.scanAll(r.snap()); len(rows) != 1 || rows[0].v != 2 {
		t.Fatalf("new snapshot: %v", rows)
	}
	if st := c.htsvOf(r, tid, updater); st != HTSVRecentlyDead {
		t.Fatalf("HTSV with an older horizon: %v", st)
	}
	r.commit()
	a.commit()
	if st := c.htsvOf(a, tid, a.xact.ReadNextFullTransactionId().Xid()); st != HTSVDead {
		t.Fatalf("HTSV past the horizon, lockers gone: %v", st)
	}
}

// htsvOf classifies the tuple at tid against horizon.
func (c *cluster) htsvOf(b *backend, tid TID, horizon transam.TransactionId) HTSV {
	c.t.Helper()
	buf, err := b.pool.ReadBuffer(b.rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		c.t.Fatal(err)
	}
	b.pool.LockBuffer(buf, buffer.Share)
	defer b.pool.UnlockRelease(buf)
	p := page.Page(b.pool.Page(buf))
	h, err := tupleAt(p, tid, b.rel)
	if err != nil {
		c.t.Fatal(err)
	}
	st, err := b.env.htsv(h, buf, horizon)
	if err != nil {
		c.t.Fatal(err)
	}
	return st
}

// pg_waldump (PostgreSQL 15) decodes the MultiXact records and the heap
// records whose xmax is a multixact as we describe them.
func TestPgWaldumpReadsMultiXactRecords(t *testing.T) {
	bin := "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("pg_waldump not installed")
	}
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	a.begin()
	var tids []TID
	for k := 0; k < 5; k++ {
		tids = append(tids, a.insert(k, int64(k), "x"))
	}
	a.commit()
	start := c.wal.CurrentInsertLSN()
	a.begin()
	b.begin()
	for _, tid := range tids {
		if lr, err := a.lock(tid, LockTupleKeyShare, LockWaitBlock); err != nil || lr.Result != TMOk {
			t.Fatal(lr, err)
		}
		if lr, err := b.lock(tid, LockTupleShare, LockWaitBlock); err != nil || lr.Result != TMOk {
			t.Fatal(lr, err)
		}
	}
	b.commit()
	// A savepoint's update beside the outer key-share lock, rolled back.
	a.savepoint()
	if res, _, _, err := Update(ctx(), a.env, a.rel, tids[0], row(0, 9, "sub"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	a.rollbackTo()
	a.rel.KeyAttrs = []int{0} // a non-key update
	if res, _, _, err := Update(ctx(), a.env, a.rel, tids[1], row(1, 9, "upd"), a.cur(), a.xid, a.cid, nil, true); err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	// A key-share lock following that update (XLOG_HEAP2_LOCK_UPDATED).
	b.begin()
	if lr, err := LockTuple(ctx(), b.env, b.rel, tids[1], b.cur(), b.xid, b.cid, LockTupleKeyShare, LockWaitBlock, LockFlagLockUpdateInProgress); err != nil || lr.Result != TMOk {
		t.Fatal(lr, err)
	}
	b.commit()
	a.commit()
	if err := c.wal.Flush(c.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	dumped := map[string]string{}
	for _, rmgr := range []string{"MultiXact", "Heap", "Heap2"} {
		out, _ := exec.Command(bin, "-p", filepath.Join(c.dir, "pg_wal"), "-s", start.String(), "-r", rmgr).Output()
		line := regexp.MustCompile(`^rmgr: ` + rmgr + ` .*, lsn: ([0-9A-F]+)/([0-9A-F]+), prev .*, desc: (.*)$`)
		for _, l := range strings.Split(string(out), "\n") {
			if m := line.FindStringSubmatch(l); m != nil {
				dumped[m[1]+"/"+m[2]] = m[3]
			}
		}
	}
	creates, lockUpdated, n := 0, 0, 0
	for _, rec := range readRecords(t, c.dir, start) {
		var want string
		switch rec.Rmid() {
		case xlog.RmgrMultiXact:
			want = transam.IdentifyMultiXact(rec.Info()) + " " + transam.DescribeMultiXact(rec.Info(), rec.MainData)
			if rec.Info()&0xF0 == transam.XLogMultiXactCreateID {
				creates++
			}
		case xlog.RmgrHeap:
			want = Identify(rec.Info()) + " " + Describe(rec.Info(), rec.MainData)
		case xlog.RmgrHeap2:
			want = IdentifyHeap2(rec.Info()) + " " + DescribeHeap2(rec.Info(), rec.MainData)
			if rec.Info()&XLogHeapOpmask == XLogHeap2LockUpdated {
				lockUpdated++
			}
		default:
			continue
		}
		n++
		desc, ok := dumped[fmt.Sprintf("%X/%08X", uint32(rec.LSN>>32), uint32(rec.LSN))]
		if !ok || !strings.HasPrefix(desc, want) {
			t.Fatalf("at %v pg_waldump says %q, we say %q", rec.LSN, desc, want)
		}
	}
	if creates < 2 || lockUpdated != 1 || len(dumped) != n {
		t.Fatalf("%d CREATE_ID, %d LOCK_UPDATED records; %d records, pg_waldump showed %d", creates, lockUpdated, n, len(dumped))
	}
}

// FOR KEY SHARE of a row being updated without a key change does not
// wait: it locks the version it found and, following the update chain
// (LockFlagLockUpdateInProgress), the newer one, which a later delete
// must then wait for.
func TestKeyShareFollowsUpdateChain(t *testing.T) {
	c := newCluster(t)
	a, b, d := c.backend(), c.backend(), c.backend()
	a.rel.KeyAttrs = []int{0}
	a.begin()
	tid := a.insert(1, 1, "x")
	a.commit()
	a.begin()
	res, _, ntid, err := Update(ctx(), a.env, a.rel, tid, row(1, 2, "a"), a.cur(), a.xid, a.cid, nil, true)
	if err != nil || res != TMOk {
		t.Fatal(res, err)
	}
	b.begin()
	lr, err := LockTuple(ctx(), b.env, b.rel, tid, b.cur(), b.xid, b.cid, LockTupleKeyShare, LockWaitError, LockFlagLockUpdateInProgress)
	if err != nil || lr.Result != TMOk || lr.Values[2].Text() != "x" {
		t.Fatalf("FOR KEY SHARE NOWAIT of a row being updated: %+v %v", lr, err)
	}
	old := b.membersOf(t, tid)
	if !slices.Equal(old, []transam.MultiXactMember{{Xid: a.xid, Status: transam.MultiXactStatusNoKeyUpdate}, {Xid: b.xid, Status: transam.MultiXactStatusForKeyShare}}) {
		t.Fatalf("old version's members %v", old)
	}
	if h := b.headerAt(ntid); rawXmax(h) != b.xid || !xmaxIsKeyShrLocked(h.Infomask()) || ctid(h) != ntid {
		t.Fatalf("new version: xmax %d infomask %#x ctid %v", h.Xmax(), h.Infomask(), ctid(h))
	}
	// The updater sees its own new version.
	a.next()
	if rows := a.scanAll(a.snap()); len(rows) != 1 || rows[0].s != "a" {
		t.Fatalf("updater's view: %v", rows)
	}
	a.commit()
	d.begin()
	ch := make(chan TMResult, 1)
	go func() {
		res, _, err := Delete(ctx(), d.env, d.rel, ntid, d.cur(), d.xid, d.cid, nil, true)
		if err != nil {
			t.Error(err)
		}
		ch <- res
	}()
	waitFor(t, "delete of the new version waiting for the key-share locker", func() bool { return c.waitingOn(d.idx, lmgr.LockTagTransaction) })
	b.commit()
	if res := <-ch; res != TMOk {
		t.Fatalf("delete after the locker: %v", res)
	}
	d.commit()
}
