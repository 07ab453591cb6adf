// Tests of xid assignment, snapshots, the commit and abort protocol,
// cleanup after a dead process, redo, and OID assignment.

package transam

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func bootEnv(t *testing.T, kv ...string) (*testEnv, *fakeWAL) {
	e := newEnv(t, "", kv...)
	o, _ := e.backend(t)
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	if err := e.m.StartupSUBTRANS(o, InvalidTransactionId); err != nil {
		t.Fatal(err)
	}
	w := &fakeWAL{}
	e.m.SetWAL(w)
	return e, w
}

func TestConcurrentAssignUnique(t *testing.T) {
	e, _ := bootEnv(t)
	o0, _ := e.backend(t)
	// Start just below a page boundary so extension happens under load.
	start := FullTransactionId(ClogXactsPerPage - 100)
	e.m.SetNextXid(o0, start)
	const workers, per = 6, 1500
	var mu sync.Mutex
	seen := map[TransactionId]bool{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		o, idx := e.backend(t)
		wg.Add(1)
		go func(o *shmem.Owner, idx int) {
			defer wg.Done()
			for i := 0; i < per; i++ {
				x, err := e.m.AssignTransactionId(o, idx)
				if err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					err = e.m.AbortTransaction(o, idx, x, nil)
				} else {
					_, err = e.m.CommitTransaction(o, idx, x, nil, i%2 == 0)
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[x] {
					t.Errorf("xid %d assigned twice", x)
				}
				seen[x] = true
				mu.Unlock()
			}
		}(o, idx)
	}
	wg.Wait()
	if len(seen) != workers*per {
		t.Fatalf("%d distinct xids", len(seen))
	}
	if got := e.m.ReadNextFullTransactionId(); got != start+workers*per {
		t.Fatalf("nextXid %d, want %d", got, start+workers*per)
	}
	for x := range seen {
		st, _, err := e.m.TransactionIdGetStatus(o0, x)
		if err != nil || (st != StatusCommitted && st != StatusAborted) {
			t.Fatalf("xid %d ended as %v (%v)", x, st, err)
		}
	}
	if c, r := e.m.Counters(); c+r != workers*per || r != workers*(per/3) {
		t.Fatalf("counters commit %d rollback %d", c, r)
	}
	if x := e.m.RunningXids(o0); len(x) != 0 {
		t.Fatalf("running after all ended: %v", x)
	}
}

func TestSnapshotRules(t *testing.T) {
	e, _ := bootEnv(t)
	oa, a := e.backend(t)
	ob, b := e.backend(t)
	oc, c := e.backend(t)
	od, d := e.backend(t)

	xa, _ := e.m.AssignTransactionId(oa, a) // 3
	xb, _ := e.m.AssignTransactionId(ob, b) // 4
	xc, _ := e.m.AssignTransactionId(oc, c) // 5
	if xa != 3 || xb != 4 || xc != 5 {
		t.Fatalf("xids %d %d %d", xa, xb, xc)
	}
	// Nothing completed: xmax is 3 and every id counts as running.
	s0 := e.m.GetSnapshot(od, d)
	if s0.Xmax != 3 || s0.Xmin != 3 || len(s0.Xip) != 0 || !xidInSnap(t, e.m, xa, s0) {
		t.Fatalf("first snapshot %+v", s0)
	}
	e.m.ResetXmin(d)

	if _, err := e.m.CommitTransaction(oc, c, xc, nil, true); err != nil {
		t.Fatal(err)
	}
	s1 := e.m.GetSnapshot(od, d)
	if s1.Xmin != 3 || s1.Xmax != 6 || !slices.Equal(s1.Xip, []TransactionId{3, 4}) {
		t.Fatalf("snapshot after commit of 5: %+v", s1)
	}
	for x, want := range map[TransactionId]bool{2: false, 3: true, 4: true, 5: false, 6: true, 100: true} {
		if got := xidInSnap(t, e.m, x, s1); got != want {
			t.Errorf("XidInMVCCSnapshot(%d) = %v", x, got)
		}
	}
	// The snapshot's xmin became d's xmin and holds back the horizon.
	if got := e.m.GetOldestXmin(od); got != 3 {
		t.Fatalf("oldest xmin %d", got)
	}

	// Commit 3: the old snapshot still sees it running, a new one does not.
	if _, err := e.m.CommitTransaction(oa, a, xa, nil, true); err != nil {
		t.Fatal(err)
	}
	if !xidInSnap(t, e.m, xa, s1) {
		t.Fatal("old snapshot sees a commit that happened after it")
	}
	if inProgress(t, e.m, od, xa) {
		t.Fatal("committed xid still in progress")
	}
	if ok, _ := e.m.TransactionIdDidCommit(od, xa); !ok {
		t.Fatal("DidCommit false after commit")
	}
	s2 := e.m.GetSnapshot(od, d)
	if xidInSnap(t, e.m, xa, s2) || !slices.Equal(s2.Xip, []TransactionId{4}) || s2.Xmin != 4 {
		t.Fatalf("snapshot after commit of 3: %+v", s2)
	}
	// d kept its first xmin (3) until reset.
	if got := e.m.GetOldestXmin(od); got != 3 {
		t.Fatalf("oldest xmin %d, want 3 (d's xmin)", got)
	}
	// A lazy VACUUM's xmin holds back only pg_subtrans truncation, not
	// others' pruning (PROC_IN_VACUUM); the mark ends with it.
	e.m.SetInVacuum(od, d, true)
	if got := e.m.GetOldestXmin(od); got != 4 {
		t.Fatalf("oldest xmin %d with d in VACUUM, want 4 (b's xid)", got)
	}
	if got := e.m.GetOldestXminConsideredRunning(od); got != 3 {
		t.Fatalf("oldest xmin considered running %d, want 3 (d's xmin)", got)
	}
	e.m.SetInVacuum(od, d, false)
	if got := e.m.GetOldestXmin(od); got != 3 {
		t.Fatalf("oldest xmin %d after d's VACUUM, want 3 (d's xmin)", got)
	}
	e.m.SetInVacuum(od, d, true)
	e.m.EndTransaction(od, d, InvalidTransactionId, true)
	if e.m.procs[d].inVacuum != 0 {
		t.Fatal("d's VACUUM mark outlived its transaction")
	}
	if got := e.m.GetOldestXmin(od); got != 4 {
		t.Fatalf("oldest xmin %d after reset, want 4 (b's xid)", got)
	}
	// A process's own xid is not in its snapshot, but bounds its xmin.
	sb := e.m.GetSnapshot(ob, b)
	if slices.Contains(sb.Xip, xb) || sb.Xmin != 4 {
		t.Fatalf("own snapshot %+v", sb)
	}
	if !inProgress(t, e.m, od, xb) {
		t.Fatal("running xid not in progress")
	}
	if err := e.m.AbortTransaction(ob, b, xb, nil); err != nil {
		t.Fatal(err)
	}
	if ab, _ := e.m.TransactionIdDidAbort(od, xb); !ab || inProgress(t, e.m, od, xb) {
		t.Fatal("aborted xid not aborted")
	}
	if got := e.m.GetOldestXmin(od); got != 6 {
		t.Fatalf("oldest xmin %d with nothing running, want 6", got)
	}
	// Special ids.
	if ok, _ := e.m.TransactionIdDidCommit(od, FrozenTransactionId); !ok {
		t.Fatal("frozen xid not committed")
	}
	if ok, _ := e.m.TransactionIdDidCommit(od, InvalidTransactionId); ok {
		t.Fatal("invalid xid committed")
	}
}

func TestCommitRecordAndFlush(t *testing.T) {
	e, w := bootEnv(t)
	o, idx := e.backend(t)

	x, _ := e.m.AssignTransactionId(o, idx)
	before := time.Now()
	lsn, err := e.m.CommitTransaction(o, idx, x, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	recs := w.records(RmgrXact)
	if len(recs) != 1 {
		t.Fatalf("%d xact records", len(recs))
	}
	r := recs[0]
	if r.info != XLogXactCommit || r.xid != uint32(x) || len(r.data) != 8 || r.lsn != lsn {
		t.Fatalf("commit record %+v", r)
	}
	ts := TimeFromTimestampTz(int64(binary.LittleEndian.Uint64(r.data)))
	if ts.Before(before.Add(-time.Second)) || ts.After(time.Now().Add(time.Second)) {
		t.Fatalf("xact_time %v", ts)
	}
	if w.flushed < lsn {
		t.Fatal("synchronous commit not flushed")
	}
	if st, gl, _ := e.m.TransactionIdGetStatus(o, x); st != StatusCommitted || gl != 0 {
		t.Fatalf("status %v lsn %v", st, gl)
	}
	if e.m.MyXid(idx) != 0 {
		t.Fatal("xid still published after commit")
	}

	// Asynchronous commit: not flushed, the clog carries the LSN.
	x2, _ := e.m.AssignTransactionId(o, idx)
	flushed := w.flushed
	lsn2, err := e.m.CommitTransaction(o, idx, x2, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if w.flushed != flushed {
		t.Fatal("asynchronous commit flushed WAL")
	}
	if st, gl, _ := e.m.TransactionIdGetStatus(o, x2); st != StatusCommitted || gl != lsn2 {
		t.Fatalf("async status %v lsn %v, want %v", st, gl, lsn2)
	}
	// Writing the clog page must flush WAL first.
	if err := e.m.CheckPointCLOG(o); err != nil {
		t.Fatal(err)
	}
	if w.flushed < lsn2 {
		t.Fatal("clog page written before its commit record was flushed")
	}

	// Abort: record, no flush, aborted status.
	x3, _ := e.m.AssignTransactionId(o, idx)
	flushed = w.flushed
	if err := e.m.AbortTransaction(o, idx, x3, nil); err != nil {
		t.Fatal(err)
	}
	recs = w.records(RmgrXact)
	if last := recs[len(recs)-1]; last.info != XLogXactAbort || last.xid != uint32(x3) || len(last.data) != 8 {
		t.Fatalf("abort record %+v", last)
	}
	if w.flushed != flushed {
		t.Fatal("abort flushed WAL")
	}
	// Aborting a committed transaction is a PANIC.
	err = e.m.AbortTransaction(o, idx, x, nil)
	if pgerr.As(err) == nil || pgerr.As(err).Severity != pgerr.SeverityPanic {
		t.Fatalf("abort of committed xid: %v", err)
	}

	// A failed flush leaves the process in its critical section with a PANIC.
	x4, _ := e.m.AssignTransactionId(o, idx)
	w.failFlush = errors.New("disk on fire")
	_, err = e.m.CommitTransaction(o, idx, x4, nil, true)
	if pgerr.As(err).Severity != pgerr.SeverityPanic || !o.InCriticalState() {
		t.Fatalf("flush failure: %v, critical %v", err, o.InCriticalState())
	}
	if st, _, _ := e.m.TransactionIdGetStatus(o, x4); st != StatusInProgress {
		t.Fatal("clog updated although the commit record is not durable")
	}

	// No xid: nothing logged.
	n := len(w.recs)
	if _, err := e.m.CommitTransaction(o, idx, InvalidTransactionId, nil, true); err != nil || len(w.recs) != n {
		t.Fatal("read-only commit logged something")
	}
}

func TestClearProcAfterDeath(t *testing.T) {
	e, _ := bootEnv(t)
	oa, a := e.backend(t)
	ob, b := e.backend(t)
	pm := &shmem.Owner{Pid: 1}

	xa, _ := e.m.AssignTransactionId(oa, a)
	e.m.GetSnapshot(oa, a)
	// a dies holding an xid: it becomes aborted and leaves the proc array.
	if err := e.m.ClearProc(pm, a); err != nil {
		t.Fatal(err)
	}
	if inProgress(t, e.m, pm, xa) || e.m.MyXid(a) != 0 || e.m.GetOldestXmin(pm) != xa+1 {
		t.Fatal("dead process's transaction still visible as running")
	}
	if st, _, _ := e.m.TransactionIdGetStatus(pm, xa); st != StatusAborted {
		t.Fatalf("dead transaction status %v", st)
	}
	// b dies after its commit reached the clog, before leaving the proc
	// array: it stays committed.
	xb, _ := e.m.AssignTransactionId(ob, b)
	if err := e.m.TransactionIdSetStatus(ob, xb, StatusCommitted, 0); err != nil {
		t.Fatal(err)
	}
	if err := e.m.ClearProc(pm, b); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.m.TransactionIdDidCommit(pm, xb); !ok || inProgress(t, e.m, pm, xb) {
		t.Fatal("committed transaction of a dead process lost")
	}
	if pm.LocksHeld != 0 {
		t.Fatal("postmaster owner leaked locks")
	}
}

func TestRedoXact(t *testing.T) {
	e, _ := bootEnv(t)
	o, _ := e.backend(t)
	e.m.SetInRecovery(true)
	// A PostgreSQL commit record with xinfo: dbinfo and two subxacts.
	data := make([]byte, 0, 64)
	data = binary.LittleEndian.AppendUint64(data, 1234)
	data = binary.LittleEndian.AppendUint32(data, xinfoHasDBInfo|xinfoHasSubxacts)
	data = binary.LittleEndian.AppendUint32(data, 5)    // dbId
	data = binary.LittleEndian.AppendUint32(data, 1663) // tsId
	data = binary.LittleEndian.AppendUint32(data, 2)
	data = binary.LittleEndian.AppendUint32(data, 101)
	data = binary.LittleEndian.AppendUint32(data, 102)
	rec, err := DecodeXactRecord(XLogXactCommit|XLogXactHasInfo, data)
	if err != nil || rec.Time != 1234 || rec.DBID != 5 || !slices.Equal(rec.Subxacts, []TransactionId{101, 102}) {
		t.Fatalf("decoded %+v %v", rec, err)
	}
	if err := e.m.RedoXact(o, XLogXactCommit|XLogXactHasInfo, 100, data, 0x5000); err != nil {
		t.Fatal(err)
	}
	for _, x := range []TransactionId{100, 101, 102} {
		if st, lsn, _ := e.m.TransactionIdGetStatus(o, x); st != StatusCommitted || lsn != 0x5000 {
			t.Fatalf("xid %d after redo: %v %v", x, st, lsn)
		}
	}
	if got := e.m.ReadNextFullTransactionId(); got != 103 {
		t.Fatalf("nextXid after redo %d, want 103", got)
	}
	if _, rec := encodeXactRecord(0, nil); e.m.RedoXact(o, XLogXactAbort, 110, rec, 0x6000) != nil {
		t.Fatal(err)
	}
	if st, _, _ := e.m.TransactionIdGetStatus(o, 110); st != StatusAborted {
		t.Fatal("abort redo")
	}
	// Replaying the same commit twice is harmless.
	if err := e.m.RedoXact(o, XLogXactCommit|XLogXactHasInfo, 100, data, 0x5000); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeXactRecord(XLogXactCommit, data[:4]); err == nil {
		t.Fatal("short record accepted")
	}
	e.m.SetInRecovery(false)
	if _, _, err := e.m.TransactionIdGetStatus(o, 100); err != nil {
		t.Fatal(err)
	}
}

func TestGetNewObjectId(t *testing.T) {
	e, w := bootEnv(t)
	o, _ := e.backend(t)
	first, err := e.m.GetNewObjectId(o)
	if err != nil || first != FirstNormalObjectId {
		t.Fatalf("first oid %d %v", first, err)
	}
	nextOidRecs := func() []uint32 {
		var out []uint32
		for _, r := range w.records(RmgrXLOG) {
			if r.info == XLogNextOid {
				out = append(out, binary.LittleEndian.Uint32(r.data))
			}
		}
		return out
	}
	if got := nextOidRecs(); !slices.Equal(got, []uint32{FirstNormalObjectId + VarOidPrefetch}) {
		t.Fatalf("NEXTOID records %v", got)
	}
	if got := e.m.CheckpointNextOid(o, false); got != FirstNormalObjectId+VarOidPrefetch {
		t.Fatalf("online checkpoint nextOid %d", got)
	}
	if got := e.m.CheckpointNextOid(o, true); got != FirstNormalObjectId+1 {
		t.Fatalf("shutdown checkpoint nextOid %d", got)
	}
	for i := uint32(1); i < VarOidPrefetch; i++ {
		if oid, _ := e.m.GetNewObjectId(o); oid != first+i {
			t.Fatalf("oid %d, want %d", oid, first+i)
		}
	}
	if len(nextOidRecs()) != 1 {
		t.Fatal("NEXTOID logged before the prefetch ran out")
	}
	e.m.GetNewObjectId(o)
	if got := nextOidRecs(); len(got) != 2 || got[1] != FirstNormalObjectId+2*VarOidPrefetch {
		t.Fatalf("second NEXTOID %v", got)
	}
	// Wraparound skips the reserved range.
	e.m.SetNextOid(o, 0xFFFFFFFF)
	a, _ := e.m.GetNewObjectId(o)
	b, _ := e.m.GetNewObjectId(o)
	if a != 0xFFFFFFFF || b != FirstNormalObjectId {
		t.Fatalf("around wraparound: %d then %d", a, b)
	}
	if err := e.m.RedoNextOid(o, binary.LittleEndian.AppendUint32(nil, 50000)); err != nil {
		t.Fatal(err)
	}
	if oid, _ := e.m.GetNewObjectId(o); oid != 50000 {
		t.Fatalf("after redo %d", oid)
	}
}

// blockingFlushWAL is a fakeWAL whose Flush waits for a signal, holding a
// committer between its commit record and its commit-log update.
type blockingFlushWAL struct {
	*fakeWAL
	entered, release chan struct{}
}

func (w *blockingFlushWAL) Flush(upTo storage.LSN) error {
	close(w.entered)
	<-w.release
	return w.fakeWAL.Flush(upTo)
}

// TestCheckpointWaitsForCommitInFlight: a checkpoint that writes the commit
// log while a commit record is logged but not yet in the commit log must
// wait for it, or a crash after the checkpoint loses the commit (recovery
// starts after the record).
func TestCheckpointWaitsForCommitInFlight(t *testing.T) {
	e, fw := bootEnv(t)
	w := &blockingFlushWAL{fakeWAL: fw, entered: make(chan struct{}), release: make(chan struct{})}
	e.m.SetWAL(w)
	o, idx := e.backend(t)
	xid, err := e.m.AssignTransactionId(o, idx)
	if err != nil {
		t.Fatal(err)
	}
	committed := make(chan error)
	go func() {
		_, err := e.m.CommitTransaction(o, idx, xid, nil, true)
		committed <- err
	}()
	<-w.entered
	ckptOwner, _ := e.backend(t)
	checkpointed := make(chan error)
	go func() { checkpointed <- e.m.CheckPointCLOG(ckptOwner) }()
	select {
	case err := <-checkpointed:
		t.Fatalf("the commit log was checkpointed while a commit was in flight (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(w.release)
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if err := <-checkpointed; err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(e.dir, "pg_xact", "0000"))
	if err != nil {
		t.Fatal(err)
	}
	if st := page[xidToByte(xid)] >> (xidToBIndex(xid) * clogBitsPerXact) & 3; st != byte(StatusCommitted) {
		t.Fatalf("commit log on disk has status %d for the committed xid %d", st, xid)
	}
}
