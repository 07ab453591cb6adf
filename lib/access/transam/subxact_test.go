// Tests of subtransactions: pg_subtrans, the proc-array subxid cache and
// its overflow, snapshots and the in-progress test, commit and abort
// records with subtransactions, the commit-log tree update, redo, and
// cleanup after a dead process.

package transam

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

func assignSub(t *testing.T, m *Manager, o *shmem.Owner, idx int, parent TransactionId) TransactionId {
	t.Helper()
	x, err := m.AssignSubTransactionId(o, idx, parent)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func status(t *testing.T, m *Manager, x TransactionId) XidStatus {
	t.Helper()
	st, _, err := m.TransactionIdGetStatus(&shmem.Owner{Pid: 1}, x)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSubTransParentsOnDisk(t *testing.T) {
	e, _ := bootEnv(t)
	o, idx := e.backend(t)
	if _, err := e.m.AssignSubTransactionId(o, idx, 3); err == nil {
		t.Fatal("subtransaction id assigned to a process without an xid")
	}
	top, _ := e.m.AssignTransactionId(o, idx)
	s1 := assignSub(t, e.m, o, idx, top)
	s2 := assignSub(t, e.m, o, idx, s1)
	s3 := assignSub(t, e.m, o, idx, s2)
	s4 := assignSub(t, e.m, o, idx, top)
	if s1 != top+1 || s4 != top+4 {
		t.Fatalf("ids %d %d %d %d %d", top, s1, s2, s3, s4)
	}
	for x, want := range map[TransactionId]TransactionId{top: 0, s1: top, s2: s1, s3: s2, s4: top, FrozenTransactionId: 0} {
		if p, err := e.m.SubTransGetParent(o, x); err != nil || p != want {
			t.Errorf("parent of %d: %d %v, want %d", x, p, err, want)
		}
	}
	for _, x := range []TransactionId{top, s1, s2, s3, s4} {
		if got, err := e.m.SubTransGetTopmostTransaction(o, x); err != nil || got != top {
			t.Errorf("topmost of %d: %d %v", x, got, err)
		}
	}
	// A parent that is not one of ours (or an id later than ours) is refused.
	if _, err := e.m.AssignSubTransactionId(o, idx, top-1); err == nil {
		t.Fatal("parent before the transaction's own id accepted")
	}
	// The file layout: a 4-byte little-endian parent per xid.
	if err := e.m.CheckPointSUBTRANS(o); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(e.dir, "pg_subtrans", "0000"))
	if err != nil || len(b) != 8192 {
		t.Fatalf("pg_subtrans/0000: %d bytes, %v", len(b), err)
	}
	for x, want := range map[TransactionId]TransactionId{top: 0, s2: s1, s3: s2, s4: top} {
		if got := TransactionId(binary.LittleEndian.Uint32(b[4*x:])); got != want {
			t.Errorf("on disk, parent of %d is %d, want %d", x, got, want)
		}
	}
	// A corrupt entry (a parent after its child) is an error, not a loop.
	if err := e.m.subTransSetParent(o, s4, s4+7); err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.SubTransGetTopmostTransaction(o, s4); pgerr.CodeOf(err) != pgerr.DataCorrupted {
		t.Fatalf("corrupt pg_subtrans entry: %v", err)
	}
	if o.LocksHeld != 0 {
		t.Fatal("locks leaked")
	}
}

func TestSubxidCacheSnapshotsAndInProgress(t *testing.T) {
	e, _ := bootEnv(t)
	oa, a := e.backend(t)
	ob, b := e.backend(t)
	top, _ := e.m.AssignTransactionId(oa, a)
	s1 := assignSub(t, e.m, oa, a, top)
	s2 := assignSub(t, e.m, oa, a, s1)
	s3 := assignSub(t, e.m, oa, a, top)
	// Something completes after them, so they are below xmax.
	xb, _ := e.m.AssignTransactionId(ob, b)
	if _, err := e.m.CommitTransaction(ob, b, xb, nil, true); err != nil {
		t.Fatal(err)
	}
	snap := e.m.GetSnapshot(ob, b)
	e.m.ResetXmin(b)
	if snap.Suboverflowed || !slices.Equal(snap.Xip, []TransactionId{top}) || !slices.Equal(snap.Subxip, []TransactionId{s1, s2, s3}) {
		t.Fatalf("snapshot %+v", snap)
	}
	for _, x := range []TransactionId{top, s1, s2, s3} {
		if !xidInSnap(t, e.m, x, snap) || !inProgress(t, e.m, ob, x) {
			t.Errorf("%d not running", x)
		}
	}
	if xidInSnap(t, e.m, xb, snap) {
		t.Error("committed xid running")
	}
	// The taker's own subtransactions are not in its snapshot.
	if own := e.m.GetSnapshot(oa, a); len(own.Xip) != 0 || len(own.Subxip) != 0 || own.Xmin != top {
		t.Fatalf("own snapshot %+v", own)
	}
	e.m.ResetXmin(a)

	// ROLLBACK TO the savepoint of s1 (with its child s2): they leave
	// the cache, are aborted, and no longer in progress; s3 and top run on.
	if err := e.m.AbortSubTransaction(oa, a, s1, []TransactionId{s2}); err != nil {
		t.Fatal(err)
	}
	if err := e.m.AbortSubTransaction(oa, a, top, nil); err == nil {
		t.Fatal("AbortSubTransaction of the top-level xid accepted")
	}
	snap2 := e.m.GetSnapshot(ob, b)
	e.m.ResetXmin(b)
	if !slices.Equal(snap2.Subxip, []TransactionId{s3}) || snap2.Xmax <= s2 {
		t.Fatalf("snapshot after the subtransaction abort %+v (xmax must pass the aborted ids)", snap2)
	}
	for x, want := range map[TransactionId]bool{top: true, s1: false, s2: false, s3: true} {
		if got := inProgress(t, e.m, ob, x); got != want {
			t.Errorf("in progress(%d) = %v", x, got)
		}
	}
	if ab, _ := e.m.TransactionIdDidAbort(ob, s2); !ab {
		t.Error("child of the rolled-back savepoint not aborted")
	}
	// The old snapshot is unchanged.
	if !xidInSnap(t, e.m, s1, snap) {
		t.Error("old snapshot changed")
	}
	// Aborting the newest id moves latestCompletedXid past it: it is
	// then neither running for new snapshots nor in progress.
	s4 := assignSub(t, e.m, oa, a, top)
	if !inProgress(t, e.m, ob, s4) {
		t.Fatal("new subtransaction not in progress")
	}
	if err := e.m.AbortSubTransaction(oa, a, s4, nil); err != nil {
		t.Fatal(err)
	}
	if snap4 := e.m.GetSnapshot(ob, b); xidInSnap(t, e.m, s4, snap4) || inProgress(t, e.m, ob, s4) {
		t.Fatalf("aborted newest subtransaction %d running for %+v", s4, snap4)
	}
	e.m.ResetXmin(b)

	// Commit with the surviving subtransaction.
	if _, err := e.m.CommitTransaction(oa, a, top, []TransactionId{s3}, true); err != nil {
		t.Fatal(err)
	}
	if p, sc := e.m.procs[a], e.m.subx[a]; p.xid != 0 || sc.nsubxids != 0 || sc.overflowed != 0 || sc.lastSubxid != 0 {
		t.Fatalf("proc entry after commit: %+v %+v", p, sc)
	}
	snap3 := e.m.GetSnapshot(ob, b)
	e.m.ResetXmin(b)
	for _, x := range []TransactionId{top, s3} {
		if xidInSnap(t, e.m, x, snap3) || inProgress(t, e.m, ob, x) {
			t.Errorf("%d still running after commit", x)
		}
		if ok, _ := e.m.TransactionIdDidCommit(ob, x); !ok {
			t.Errorf("%d not committed", x)
		}
	}
	if ok, _ := e.m.TransactionIdDidCommit(ob, s1); ok {
		t.Error("rolled-back subtransaction committed with its parent")
	}
}

// TestSubxidCacheOverflow: past 64 subtransactions the cache overflows;
// snapshots and the in-progress test then find the rest through
// pg_subtrans.
func TestSubxidCacheOverflow(t *testing.T) {
	e, _ := bootEnv(t)
	oa, a := e.backend(t)
	ob, b := e.backend(t)
	oc, c := e.backend(t)
	top, _ := e.m.AssignTransactionId(oa, a)
	var subs []TransactionId
	parent := top
	for i := 0; i < PGProcMaxCachedSubxids+6; i++ {
		x := assignSub(t, e.m, oa, a, parent)
		subs = append(subs, x)
		if i%2 == 0 {
			parent = x // a mix of nesting and siblings
		}
	}
	if n := e.m.subx[a].nsubxids; n != PGProcMaxCachedSubxids || e.m.subx[a].overflowed == 0 {
		t.Fatalf("cache holds %d, overflowed %d", n, e.m.subx[a].overflowed)
	}
	// A transaction that has no overflow, running alongside.
	xc, _ := e.m.AssignTransactionId(oc, c)
	sc := assignSub(t, e.m, oc, c, xc)
	xb, _ := e.m.AssignTransactionId(ob, b)
	e.m.CommitTransaction(ob, b, xb, nil, true)

	snap := e.m.GetSnapshot(ob, b)
	e.m.ResetXmin(b)
	if !snap.Suboverflowed || !slices.Equal(snap.Xip, []TransactionId{top, xc}) {
		t.Fatalf("snapshot: overflowed %v xip %v", snap.Suboverflowed, snap.Xip)
	}
	last := subs[len(subs)-1]
	for _, x := range append(slices.Clone(subs), sc) {
		if !xidInSnap(t, e.m, x, snap) {
			t.Fatalf("subtransaction %d not running in an overflowed snapshot", x)
		}
		if !inProgress(t, e.m, ob, x) {
			t.Fatalf("subtransaction %d not in progress", x)
		}
	}
	if xidInSnap(t, e.m, xb, snap) || inProgress(t, e.m, oc, xb) {
		t.Fatal("committed xid running")
	}
	// Abort an uncached subtransaction: not running any more, although
	// its top-level transaction is and its cache still overflows.
	if err := e.m.AbortSubTransaction(oa, a, last, nil); err != nil {
		t.Fatal(err)
	}
	if inProgress(t, e.m, ob, last) {
		t.Fatal("aborted uncached subtransaction in progress")
	}
	if n := e.m.subx[a].nsubxids; n != PGProcMaxCachedSubxids {
		t.Fatalf("cache lost entries: %d", n)
	}
	// Abort a cached one: it leaves the cache.
	if err := e.m.AbortSubTransaction(oa, a, subs[3], nil); err != nil {
		t.Fatal(err)
	}
	if n := e.m.subx[a].nsubxids; n != PGProcMaxCachedSubxids-1 {
		t.Fatalf("cache holds %d after removing one", n)
	}
	committed := slices.DeleteFunc(slices.Clone(subs), func(x TransactionId) bool { return x == last || x == subs[3] })
	if _, err := e.m.CommitTransaction(oa, a, top, committed, false); err != nil {
		t.Fatal(err)
	}
	snap2 := e.m.GetSnapshot(ob, b)
	e.m.ResetXmin(b)
	if snap2.Suboverflowed || !slices.Equal(snap2.Subxip, []TransactionId{sc}) || TransactionIdFollowsOrEquals(last, snap2.Xmax) {
		t.Fatalf("snapshot after commit: %+v", snap2)
	}
	for _, x := range committed {
		if ok, _ := e.m.TransactionIdDidCommit(ob, x); !ok || inProgress(t, e.m, ob, x) || xidInSnap(t, e.m, x, snap2) {
			t.Fatalf("subtransaction %d not committed and visible", x)
		}
	}
	for _, x := range []TransactionId{last, subs[3]} {
		if ok, _ := e.m.TransactionIdDidCommit(ob, x); ok {
			t.Fatalf("aborted subtransaction %d committed", x)
		}
	}
}

func TestCommitAndAbortRecordsWithSubxacts(t *testing.T) {
	e, w := bootEnv(t)
	o, idx := e.backend(t)
	top, _ := e.m.AssignTransactionId(o, idx)
	s1 := assignSub(t, e.m, o, idx, top)
	s2 := assignSub(t, e.m, o, idx, s1)
	s3 := assignSub(t, e.m, o, idx, top)
	// ROLLBACK TO s1's savepoint: an abort record for s1 listing s2.
	if err := e.m.AbortSubTransaction(o, idx, s1, []TransactionId{s2}); err != nil {
		t.Fatal(err)
	}
	lsn, err := e.m.CommitTransaction(o, idx, top, []TransactionId{s3}, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := w.records(RmgrXact)
	if len(recs) != 2 {
		t.Fatalf("%d xact records", len(recs))
	}
	ab, cm := recs[0], recs[1]
	if ab.info != XLogXactAbort|XLogXactHasInfo || ab.xid != uint32(s1) {
		t.Fatalf("subtransaction abort record: info %#x xid %d", ab.info, ab.xid)
	}
	if cm.info != XLogXactCommit|XLogXactHasInfo || cm.xid != uint32(top) || cm.lsn != lsn {
		t.Fatalf("commit record: info %#x xid %d", cm.info, cm.xid)
	}
	// xl_xact_commit{xact_time} xl_xact_xinfo{HAS_SUBXACTS} xl_xact_subxacts{1, s3}
	if len(cm.data) != 8+4+4+4 || binary.LittleEndian.Uint32(cm.data[8:]) != xinfoHasSubxacts ||
		binary.LittleEndian.Uint32(cm.data[12:]) != 1 || binary.LittleEndian.Uint32(cm.data[16:]) != uint32(s3) {
		t.Fatalf("commit main data % x", cm.data)
	}
	for _, c := range []struct {
		r    walRec
		subs []TransactionId
	}{{ab, []TransactionId{s2}}, {cm, []TransactionId{s3}}} {
		rec, err := DecodeXactRecord(c.r.info, c.r.data)
		if err != nil || rec.XInfo != xinfoHasSubxacts || !slices.Equal(rec.Subxacts, c.subs) {
			t.Fatalf("decoded %+v %v, want subxacts %v", rec, err, c.subs)
		}
	}
	for x, want := range map[TransactionId]XidStatus{top: StatusCommitted, s1: StatusAborted, s2: StatusAborted, s3: StatusCommitted} {
		if st := status(t, e.m, x); st != want {
			t.Errorf("status of %d: %v, want %v", x, st, want)
		}
	}
	// AbortTransaction with subtransactions lists and aborts them all.
	top2, _ := e.m.AssignTransactionId(o, idx)
	t1 := assignSub(t, e.m, o, idx, top2)
	t2 := assignSub(t, e.m, o, idx, t1)
	if err := e.m.AbortTransaction(o, idx, top2, []TransactionId{t1, t2}); err != nil {
		t.Fatal(err)
	}
	last := w.records(RmgrXact)[2]
	rec, _ := DecodeXactRecord(last.info, last.data)
	if last.info != XLogXactAbort|XLogXactHasInfo || last.xid != uint32(top2) || !slices.Equal(rec.Subxacts, []TransactionId{t1, t2}) {
		t.Fatalf("abort record %+v %+v", last, rec)
	}
	for _, x := range []TransactionId{top2, t1, t2} {
		if st := status(t, e.m, x); st != StatusAborted {
			t.Errorf("status of %d: %v", x, st)
		}
	}
	if e.m.MyXid(idx) != 0 || e.m.subx[idx].nsubxids != 0 {
		t.Fatal("proc entry not cleared")
	}
	// Subtransaction ids without a top-level id are refused.
	if _, err := e.m.CommitTransaction(o, idx, InvalidTransactionId, []TransactionId{t1}, true); err == nil {
		t.Fatal("commit of subxids without an xid accepted")
	}
}

// TestCommitTreeAcrossCLOGPages: subtransactions on another clog page are
// marked sub-committed before the top-level id is marked committed. The
// top's page is made unreadable, so the commit stops right after that
// first step; DidCommit of a sub-committed id follows its parent.
func TestCommitTreeAcrossCLOGPages(t *testing.T) {
	e := newEnv(t, "", "shared_buffers", "1MB") // 4 clog buffers
	o, idx := e.backend(t)
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	// Pages 2, 3, 4, then 1: page 0 (the top's) is evicted to disk.
	for _, p := range []int{2, 3, 4, 1} {
		if err := e.m.extendCLOG(o, TransactionId(p*ClogXactsPerPage)); err != nil {
			t.Fatal(err)
		}
	}
	if e.m.clog.findValid(0) >= 0 {
		t.Fatal("page 0 still buffered")
	}
	top := TransactionId(100)
	subs := []TransactionId{ClogXactsPerPage + 5, ClogXactsPerPage + 9, 101}
	e.m.SetNextXid(o, FullTransactionId(top))
	if err := e.m.StartupSUBTRANS(o, top); err != nil {
		t.Fatal(err)
	}
	e.m.extendSUBTRANS(o, ClogXactsPerPage) // pg_subtrans page 16
	for _, s := range subs {
		if err := e.m.subTransSetParent(o, s, top); err != nil {
			t.Fatal(err)
		}
	}
	// Every page clean, so that no eviction recreates the segment file.
	if err := e.m.CheckPointCLOG(o); err != nil {
		t.Fatal(err)
	}
	seg := filepath.Join(e.dir, "pg_xact", "0000")
	saved, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(seg)
	// The commit fails at the top's page: a PANIC in a critical section.
	if _, err := e.m.CommitTransaction(o, idx, top, subs, true); pgerr.As(err) == nil || pgerr.As(err).Severity != pgerr.SeverityPanic {
		t.Fatalf("commit with an unreadable clog page: %v", err)
	}
	r, _ := e.backend(t)
	os.WriteFile(seg, saved, 0o600)
	if st := status(t, e.m, top); st != StatusInProgress {
		t.Fatalf("top-level id %v", st)
	}
	if st := status(t, e.m, subs[2]); st != StatusInProgress {
		t.Fatalf("subtransaction on the top's page %v", st)
	}
	for _, s := range subs[:2] {
		if st, _, _ := e.m.TransactionIdGetStatus(r, s); st != StatusSubCommitted {
			t.Fatalf("subtransaction %d on another page: %v, want sub-committed", s, st)
		}
		// Its parent is not committed: neither is it.
		if ok, err := e.m.TransactionIdDidCommit(r, s); ok || err != nil {
			t.Fatalf("sub-committed %d counts as committed (%v)", s, err)
		}
	}
	// The top committed: the sub-committed ids resolve to committed
	// through pg_subtrans.
	if err := e.m.TransactionIdSetStatus(r, top, StatusCommitted, 0); err != nil {
		t.Fatal(err)
	}
	for _, s := range subs[:2] {
		if ok, err := e.m.TransactionIdDidCommit(r, s); !ok || err != nil {
			t.Fatalf("sub-committed %d of a committed parent: %v %v", s, ok, err)
		}
		if ab, _ := e.m.TransactionIdDidAbort(r, s); ab {
			t.Fatalf("sub-committed %d of a committed parent aborted", s)
		}
	}
	// An aborted parent makes its sub-committed child aborted.
	if err := e.m.TransactionIdSetStatus(r, 102, StatusAborted, 0); err != nil {
		t.Fatal(err)
	}
	e.m.subTransSetParent(r, 103, 102)
	e.m.TransactionIdSetStatus(r, 103, StatusSubCommitted, 0)
	if ok, _ := e.m.TransactionIdDidCommit(r, 103); ok {
		t.Fatal("child of an aborted parent committed")
	}
	if ab, _ := e.m.TransactionIdDidAbort(r, 103); !ab {
		t.Fatal("child of an aborted parent not aborted")
	}
	// A complete commit across pages ends with every id committed.
	top2 := TransactionId(ClogXactsPerPage - 3)
	subs2 := []TransactionId{ClogXactsPerPage - 2, ClogXactsPerPage + 40, 3*ClogXactsPerPage + 1}
	for _, p := range []TransactionId{ClogXactsPerPage - SubtransXactsPerPage, 3 * ClogXactsPerPage} {
		e.m.extendSUBTRANS(r, p)
	}
	for _, s := range subs2 {
		e.m.subTransSetParent(r, s, top2)
	}
	o2, idx2 := e.backend(t)
	if _, err := e.m.CommitTransaction(o2, idx2, top2, subs2, false); err != nil {
		t.Fatal(err)
	}
	for _, x := range append(subs2, top2) {
		if st, _, _ := e.m.TransactionIdGetStatus(r, x); st != StatusCommitted {
			t.Fatalf("%d after a commit across pages: %v", x, st)
		}
	}
}

func TestRedoSubtransactionRecords(t *testing.T) {
	e, w := bootEnv(t)
	o, idx := e.backend(t)
	top, _ := e.m.AssignTransactionId(o, idx)
	s1 := assignSub(t, e.m, o, idx, top)
	s2 := assignSub(t, e.m, o, idx, s1)
	s3 := assignSub(t, e.m, o, idx, top)
	e.m.AbortSubTransaction(o, idx, s1, []TransactionId{s2})
	e.m.CommitTransaction(o, idx, top, []TransactionId{s3}, true)
	recs := w.records(RmgrXact)

	// Replay into a fresh cluster whose nextXid is behind.
	e2 := newEnv(t, "")
	o2, _ := e2.backend(t)
	e2.m.BootStrapCLOG(o2)
	e2.m.SetInRecovery(true)
	for _, r := range recs {
		if err := e2.m.RedoXact(o2, r.info, TransactionId(r.xid), r.data, r.lsn); err != nil {
			t.Fatal(err)
		}
	}
	e2.m.SetInRecovery(false)
	for x, want := range map[TransactionId]XidStatus{top: StatusCommitted, s1: StatusAborted, s2: StatusAborted, s3: StatusCommitted} {
		if st := status(t, e2.m, x); st != want {
			t.Errorf("after redo %d is %v, want %v", x, st, want)
		}
	}
	if got := e2.m.ReadNextFullTransactionId(); got != FullTransactionId(s3+1) {
		t.Fatalf("nextXid after redo %d, want %d", got, s3+1)
	}
	// The abort record alone moves nextXid past its newest child.
	e3 := newEnv(t, "")
	o3, _ := e3.backend(t)
	e3.m.BootStrapCLOG(o3)
	e3.m.SetInRecovery(true)
	if err := e3.m.RedoXact(o3, recs[0].info, TransactionId(recs[0].xid), recs[0].data, recs[0].lsn); err != nil {
		t.Fatal(err)
	}
	if got := e3.m.ReadNextFullTransactionId(); got != FullTransactionId(s2+1) {
		t.Fatalf("nextXid after subtransaction abort redo %d, want %d", got, s2+1)
	}
}

func TestTruncateSUBTRANS(t *testing.T) {
	e, _ := bootEnv(t)
	o, _ := e.backend(t)
	// 100 pages: segments 0000..0003 (32 pages each).
	for p := 1; p < 100; p++ {
		if err := e.m.extendSUBTRANS(o, TransactionId(p*SubtransXactsPerPage)); err != nil {
			t.Fatal(err)
		}
	}
	child := TransactionId(80*SubtransXactsPerPage + 7)
	if err := e.m.subTransSetParent(o, child, child-3); err != nil {
		t.Fatal(err)
	}
	if err := e.m.subTransSetParent(o, 10, 9); err != nil {
		t.Fatal(err)
	}
	if err := e.m.CheckPointSUBTRANS(o); err != nil {
		t.Fatal(err)
	}
	segs := func() []string {
		ents, _ := os.ReadDir(filepath.Join(e.dir, "pg_subtrans"))
		var out []string
		for _, d := range ents {
			out = append(out, d.Name())
		}
		return out
	}
	if got := segs(); !slices.Equal(got, []string{"0000", "0001", "0002", "0003"}) {
		t.Fatalf("segments %v", got)
	}
	// The oldest xmin on page 70: segments 0 (pages 0-31) and 1 (32-63)
	// go, segment 2 holds page 70 and stays.
	if err := e.m.TruncateSUBTRANS(o, TransactionId(70*SubtransXactsPerPage+5)); err != nil {
		t.Fatal(err)
	}
	if got := segs(); !slices.Equal(got, []string{"0002", "0003"}) {
		t.Fatalf("segments after truncation %v", got)
	}
	for i := range e.m.subtrans.slots {
		if sl := &e.m.subtrans.slots[i]; sl.status != pageEmpty && sl.pageno < 70 {
			t.Fatalf("page %d still buffered", sl.pageno)
		}
	}
	// Below the horizon nothing is read; above it the entries are there.
	if p, err := e.m.SubTransGetParent(o, 10); p != 0 || err != nil {
		t.Fatalf("parent of a truncated id: %d %v", p, err)
	}
	if p, err := e.m.SubTransGetParent(o, child); p != child-3 || err != nil {
		t.Fatalf("parent after truncation: %d %v", p, err)
	}
	// The horizon does not move back.
	e.m.TruncateSUBTRANS(o, 50)
	if h := e.m.subtransHorizon(); h != TransactionId(70*SubtransXactsPerPage+5) {
		t.Fatalf("horizon %d", h)
	}
	// Startup after a restart zeroes the current page: an old entry is gone.
	e.m.SetNextXid(o, FullTransactionId(child+1))
	if err := e.m.StartupSUBTRANS(o, InvalidTransactionId); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.m.SubTransGetParent(o, child); p != 0 {
		t.Fatalf("parent %d survived startup", p)
	}
	if o.LocksHeld != 0 {
		t.Fatal("locks leaked")
	}
}

func TestClearProcWithSubtransactions(t *testing.T) {
	e, _ := bootEnv(t)
	oa, a := e.backend(t)
	ob, b := e.backend(t)
	or, r := e.backend(t)
	pm := &shmem.Owner{Pid: 1}

	// a: a few cached subtransactions, one already rolled back.
	xa, _ := e.m.AssignTransactionId(oa, a)
	a1 := assignSub(t, e.m, oa, a, xa)
	a2 := assignSub(t, e.m, oa, a, a1)
	a3 := assignSub(t, e.m, oa, a, xa)
	e.m.AbortSubTransaction(oa, a, a3, nil)
	// b: an overflowed cache.
	xb, _ := e.m.AssignTransactionId(ob, b)
	var bs []TransactionId
	for i := 0; i < PGProcMaxCachedSubxids+3; i++ {
		bs = append(bs, assignSub(t, e.m, ob, b, xb))
	}
	// r keeps an overflowed transaction running, so that the in-progress
	// test must consult pg_subtrans for b's uncached ids.
	xr, _ := e.m.AssignTransactionId(or, r)
	for i := 0; i < PGProcMaxCachedSubxids+1; i++ {
		assignSub(t, e.m, or, r, xr)
	}

	if err := e.m.ClearProc(pm, a); err != nil {
		t.Fatal(err)
	}
	for _, x := range []TransactionId{xa, a1, a2, a3} {
		if st := status(t, e.m, x); st != StatusAborted {
			t.Errorf("%d after ClearProc: %v", x, st)
		}
		if inProgress(t, e.m, pm, x) {
			t.Errorf("%d in progress after ClearProc", x)
		}
	}
	if err := e.m.ClearProc(pm, b); err != nil {
		t.Fatal(err)
	}
	uncached := bs[PGProcMaxCachedSubxids:]
	for _, x := range bs {
		if inProgress(t, e.m, pm, x) {
			t.Fatalf("%d of a dead process in progress", x)
		}
		if ok, _ := e.m.TransactionIdDidCommit(pm, x); ok {
			t.Fatalf("%d of a dead process committed", x)
		}
	}
	// Cached ids are marked; uncached ones stay "in progress" in the log
	// but count as aborted (not running, not committed).
	if st := status(t, e.m, bs[0]); st != StatusAborted {
		t.Fatalf("cached subxid %v", st)
	}
	if st := status(t, e.m, uncached[0]); st != StatusInProgress {
		t.Fatalf("uncached subxid %v", st)
	}
	// latestCompletedXid passed b's newest id, even uncached.
	snap := e.m.GetSnapshot(or, r)
	if !TransactionIdPrecedes(bs[len(bs)-1], snap.Xmax) || xidInSnap(t, e.m, bs[len(bs)-1], snap) {
		t.Fatalf("snapshot %v/%v still treats the dead process's ids as running", snap.Xmin, snap.Xmax)
	}
	if pm.LocksHeld != 0 {
		t.Fatal("postmaster leaked locks")
	}
}

// TestConcurrentSubtransactionAssignment: processes assigning top-level
// and subtransaction ids concurrently across pg_xact and pg_subtrans page
// boundaries get unique ids with their parents recorded, and commit them.
func TestConcurrentSubtransactionAssignment(t *testing.T) {
	e, _ := bootEnv(t)
	o0, _ := e.backend(t)
	start := FullTransactionId(ClogXactsPerPage - 300)
	e.m.SetNextXid(o0, start)
	if err := e.m.StartupSUBTRANS(o0, InvalidTransactionId); err != nil {
		t.Fatal(err)
	}
	const workers, per, depth = 4, 150, 5
	var mu sync.Mutex
	seen := map[TransactionId]bool{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		o, idx := e.backend(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				top, err := e.m.AssignTransactionId(o, idx)
				if err != nil {
					t.Error(err)
					return
				}
				ids := []TransactionId{top}
				for d := 0; d < depth; d++ {
					x, err := e.m.AssignSubTransactionId(o, idx, ids[len(ids)-1])
					if err != nil {
						t.Error(err)
						return
					}
					ids = append(ids, x)
				}
				for d := 1; d < len(ids); d++ {
					if p, err := e.m.SubTransGetParent(o, ids[d]); err != nil || p != ids[d-1] {
						t.Errorf("parent of %d: %d %v, want %d", ids[d], p, err, ids[d-1])
						return
					}
				}
				if top2, err := e.m.SubTransGetTopmostTransaction(o, ids[depth]); err != nil || top2 != top {
					t.Errorf("topmost of %d: %d %v", ids[depth], top2, err)
					return
				}
				if i%4 == 0 {
					err = e.m.AbortTransaction(o, idx, top, ids[1:])
				} else {
					_, err = e.m.CommitTransaction(o, idx, top, ids[1:], i%2 == 0)
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, x := range ids {
					if seen[x] {
						t.Errorf("xid %d assigned twice", x)
					}
					seen[x] = true
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != workers*per*(depth+1) {
		t.Fatalf("%d distinct ids", len(seen))
	}
	for x := range seen {
		if st := status(t, e.m, x); st != StatusCommitted && st != StatusAborted {
			t.Fatalf("%d ended %v", x, st)
		}
	}
	if got := e.m.ReadNextFullTransactionId(); got != start+workers*per*(depth+1) {
		t.Fatalf("nextXid %d", got)
	}
}
