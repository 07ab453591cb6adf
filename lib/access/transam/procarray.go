// The proc array: which transactions are running, snapshots for MVCC and
// the horizon below which no snapshot looks (PostgreSQL's procarray.c).

package transam

import (
	"slices"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Snapshot says which transactions a statement must treat as still
// running: every id at or after Xmax, none before Xmin, and those in Xip
// (top-level ids) or Subxip (their subtransactions' ids) in between. When
// Suboverflowed is set, some running transaction had more
// subtransactions than its proc-array cache holds: Subxip is then
// incomplete and XidInMVCCSnapshot maps an id to its top-level
// transaction through pg_subtrans instead. The taking process's own ids
// are never listed (its changes are recognised as its own first).
type Snapshot struct {
	Xmin          TransactionId
	Xmax          TransactionId
	Xip           []TransactionId // sorted numerically
	Subxip        []TransactionId // sorted numerically
	Suboverflowed bool
}

// GetSnapshot takes a snapshot for the process at procIndex
// (GetSnapshotData): xmax is latestCompletedXid+1, xip every other
// process's running xid below xmax, subxip the cached subtransaction ids
// of those processes (or suboverflowed), xmin the oldest running xid (or
// xmax). If the process has no xmin yet, the snapshot's xmin becomes its
// xmin, holding back GetOldestXmin until ResetXmin or the end of the
// transaction.
func (m *Manager) GetSnapshot(o *shmem.Owner, procIndex int) *Snapshot {
	m.checkProc(procIndex)
	v := m.vars
	snap := &Snapshot{}
	xip := make([]TransactionId, 0, 8)
	var subxip []TransactionId
	suboverflowed := false
	v.procArrayLock.RLock(o)
	xmax := FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid)).Advance().Xid()
	xmin := xmax
	if my := TransactionId(atomic.LoadUint32(&m.procs[procIndex].xid)); my.IsNormal() && TransactionIdPrecedes(my, xmin) {
		xmin = my
	}
	for i := range m.procs {
		if i == procIndex {
			continue
		}
		pe := &m.procs[i]
		xid := TransactionId(atomic.LoadUint32(&pe.xid))
		if !xid.IsNormal() || !TransactionIdPrecedes(xid, xmax) {
			continue
		}
		if TransactionIdPrecedes(xid, xmin) {
			xmin = xid
		}
		xip = append(xip, xid)
		if suboverflowed {
			continue
		}
		sc := &m.subx[i]
		if atomic.LoadUint32(&sc.overflowed) != 0 {
			suboverflowed = true
			continue
		}
		for j, n := 0, int(atomic.LoadUint32(&sc.nsubxids)); j < n; j++ {
			subxip = append(subxip, TransactionId(atomic.LoadUint32(&sc.subxids[j])))
		}
	}
	me := &m.procs[procIndex]
	if atomic.LoadUint32(&me.xmin) == 0 {
		atomic.StoreUint32(&me.xmin, uint32(xmin))
	}
	m.setOldestMember(procIndex)
	v.procArrayLock.RUnlock(o)
	slices.Sort(xip)
	slices.Sort(subxip)
	snap.Xmin, snap.Xmax, snap.Xip = xmin, xmax, xip
	snap.Subxip, snap.Suboverflowed = subxip, suboverflowed
	return snap
}

// XidInMVCCSnapshot reports whether xid must be treated as still in
// progress under snap (snapmgr.c's XidInMVCCSnapshot). It does not know
// the snapshot taker's own ids: check those first (CurrentXids). For a
// suboverflowed snapshot, an id between xmin and xmax is first mapped to
// its top-level transaction through pg_subtrans, which can fail with an
// I/O error.
func (m *Manager) XidInMVCCSnapshot(o *shmem.Owner, xid TransactionId, snap *Snapshot) (bool, error) {
	if TransactionIdPrecedes(xid, snap.Xmin) {
		return false, nil
	}
	if TransactionIdFollowsOrEquals(xid, snap.Xmax) {
		return true, nil
	}
	if !snap.Suboverflowed {
		if _, found := slices.BinarySearch(snap.Subxip, xid); found {
			return true, nil
		}
	} else {
		// Safe: ids before xmin were answered above, and pg_subtrans
		// keeps every id from the oldest xmin on.
		top, err := m.topmost(o, xid, snap.Xmin)
		if err != nil {
			return false, err
		}
		if TransactionIdPrecedes(top, snap.Xmin) {
			return false, nil
		}
		xid = top
	}
	_, found := slices.BinarySearch(snap.Xip, xid)
	return found, nil
}

// CurrentXids is the set of ids a transaction recognises as its own
// (TransactionIdIsCurrentTransactionId): its top-level xid and the xids of
// its subtransactions that are still alive, i.e. running or committed into
// an enclosing level, but not aborted (a rolled-back savepoint's changes
// are someone else's — an aborted transaction's — from then on). The zero
// value is a transaction without an xid. Subs must be sorted numerically.
type CurrentXids struct {
	Top  TransactionId
	Subs []TransactionId
}

// Contains reports whether xid is one of the transaction's own ids.
func (c CurrentXids) Contains(xid TransactionId) bool {
	if !xid.IsValid() {
		return false
	}
	if xid == c.Top {
		return true
	}
	_, found := slices.BinarySearch(c.Subs, xid)
	return found
}

// ResetXmin forgets the process's xmin once it holds no snapshot any
// more (at the end of each statement in READ COMMITTED).
func (m *Manager) ResetXmin(procIndex int) {
	m.checkProc(procIndex)
	p := &m.procs[procIndex]
	atomic.StoreUint32(&p.xmin, 0)
	if atomic.LoadUint32(&p.xid) == 0 {
		// Without an xid it belongs to no multixact, and without a
		// snapshot it looks at none.
		atomic.StoreUint32(&p.oldestMulti, 0)
	}
}

// MyXid returns the xid published for the process at procIndex, or
// InvalidTransactionId.
func (m *Manager) MyXid(procIndex int) TransactionId {
	m.checkProc(procIndex)
	return TransactionId(atomic.LoadUint32(&m.procs[procIndex].xid))
}

// EndTransaction removes the process's xid and its subtransactions' ids
// from the proc array and clears its xmin (ProcArrayEndTransaction):
// snapshots taken afterwards no longer see them as running, so their
// status must already be in the commit log. latestCompletedXid advances to
// the newest of them if it is newer. xid is InvalidTransactionId for a
// transaction that never had one. committed only feeds the
// commit/rollback counters.
func (m *Manager) EndTransaction(o *shmem.Owner, procIndex int, xid TransactionId, committed bool) {
	m.checkProc(procIndex)
	v := m.vars
	p := &m.procs[procIndex]
	if committed {
		atomic.AddUint64(&v.xactCommit, 1)
	} else {
		atomic.AddUint64(&v.xactRollback, 1)
	}
	atomic.StoreUint32(&p.oldestMulti, 0)
	if !xid.IsValid() {
		// No xid: nobody else's snapshot depends on us.
		atomic.StoreUint32(&p.xmin, 0)
		atomic.StoreUint32(&p.inVacuum, 0)
		return
	}
	// Every subtransaction id of ours is at most lastSubxid, and every
	// other process's running id below it is published.
	latest := xid
	sc := &m.subx[procIndex]
	if last := TransactionId(atomic.LoadUint32(&sc.lastSubxid)); last.IsValid() && TransactionIdPrecedes(latest, last) {
		latest = last
	}
	v.procArrayLock.Lock(o)
	atomic.StoreUint32(&p.xid, 0)
	atomic.StoreUint32(&p.xmin, 0)
	atomic.StoreUint32(&p.inVacuum, 0)
	sc.clear()
	m.advanceLatestCompleted(latest)
	v.procArrayLock.Unlock(o)
}

// advanceLatestCompleted moves latestCompletedXid to xid if it is newer
// (MaintainLatestCompletedXid). Called with ProcArrayLock exclusive.
func (m *Manager) advanceLatestCompleted(xid TransactionId) {
	v := m.vars
	latest := FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid))
	if TransactionIdPrecedes(latest.Xid(), xid) {
		full := FullXidRelativeTo(FullTransactionId(atomic.LoadUint64(&v.nextXid)), xid)
		atomic.StoreUint64(&v.latestCompletedXid, uint64(full))
	}
}

// xidCacheRemoveRunningXids takes an aborted subtransaction's id and its
// children's out of the process's subxid cache and advances
// latestCompletedXid past them (XidCacheRemoveRunningXids). Ids that are
// not cached (the cache overflowed) are only in pg_subtrans; their abort
// is in the commit log already.
func (m *Manager) xidCacheRemoveRunningXids(o *shmem.Owner, procIndex int, xid TransactionId, subxids []TransactionId) {
	sc := &m.subx[procIndex]
	latest := xid
	v := m.vars
	v.procArrayLock.Lock(o)
	remove := func(x TransactionId) {
		n := atomic.LoadUint32(&sc.nsubxids)
		for j := int(n) - 1; j >= 0; j-- {
			if TransactionId(atomic.LoadUint32(&sc.subxids[j])) == x {
				atomic.StoreUint32(&sc.subxids[j], atomic.LoadUint32(&sc.subxids[n-1]))
				atomic.StoreUint32(&sc.nsubxids, n-1)
				return
			}
		}
	}
	// Children first: they were assigned after xid, so they sit nearer
	// the end of the cache.
	for i := len(subxids) - 1; i >= 0; i-- {
		remove(subxids[i])
		if TransactionIdPrecedes(latest, subxids[i]) {
			latest = subxids[i]
		}
	}
	remove(xid)
	m.advanceLatestCompleted(latest)
	v.procArrayLock.Unlock(o)
}

// TransactionIdIsInProgress reports whether xid belongs to a running
// transaction, top-level or subtransaction (procarray.c's
// TransactionIdIsInProgress; not the caller's own: check that first). A
// subtransaction id is found in the subxid caches; when a running
// transaction's cache overflowed, an id that is not aborted is mapped to
// its top-level transaction through pg_subtrans, which can fail with an
// I/O error. An aborted subtransaction of a running transaction is not in
// progress.
func (m *Manager) TransactionIdIsInProgress(o *shmem.Owner, xid TransactionId) (bool, error) {
	if !xid.IsNormal() {
		return false, nil
	}
	v := m.vars
	var overflowed []TransactionId // running top-level ids with uncached children
	v.procArrayLock.RLock(o)
	// An id after latestCompletedXid has not finished yet.
	if TransactionIdPrecedes(FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid)).Xid(), xid) {
		v.procArrayLock.RUnlock(o)
		return true, nil
	}
	for i := range m.procs {
		pe := &m.procs[i]
		pxid := TransactionId(atomic.LoadUint32(&pe.xid))
		if !pxid.IsValid() {
			continue
		}
		if pxid == xid {
			v.procArrayLock.RUnlock(o)
			return true, nil
		}
		// A transaction's subtransactions are younger than it.
		if TransactionIdPrecedes(xid, pxid) {
			continue
		}
		sc := &m.subx[i]
		for j, n := 0, int(atomic.LoadUint32(&sc.nsubxids)); j < n; j++ {
			if TransactionId(atomic.LoadUint32(&sc.subxids[j])) == xid {
				v.procArrayLock.RUnlock(o)
				return true, nil
			}
		}
		if atomic.LoadUint32(&sc.overflowed) != 0 {
			overflowed = append(overflowed, pxid)
		}
	}
	v.procArrayLock.RUnlock(o)
	if len(overflowed) == 0 {
		return false, nil
	}
	// xid may be an uncached child of one of them. An aborted
	// subtransaction is not running even if its parent is.
	st, err := m.transactionLogFetch(o, xid)
	if err != nil {
		return false, err
	}
	if st == StatusAborted {
		return false, nil
	}
	floor := slices.MinFunc(overflowed, func(a, b TransactionId) int {
		if TransactionIdPrecedes(a, b) {
			return -1
		}
		if a == b {
			return 0
		}
		return 1
	})
	top, err := m.topmost(o, xid, floor)
	if err != nil {
		return false, err
	}
	return top != xid && slices.Contains(overflowed, top), nil
}

// GetOldestXmin returns the oldest xid any running transaction or live
// snapshot may still consider running, leaving out processes running a
// lazy VACUUM (ComputeXidHorizons' data horizon): tuples deleted by
// transactions that committed before it are dead to everyone that reads
// data, and may be pruned or vacuumed away. A VACUUM reads no table data
// through its snapshot (only catalogs, through fresh snapshots), so its
// xmin need not hold back others' pruning.
func (m *Manager) GetOldestXmin(o *shmem.Owner) TransactionId {
	return m.oldestXmin(o, false, 0)
}

// GetOldestXminForDatabase is GetOldestXmin for the relations of database
// db other than the shared catalogs (PostgreSQL 14's per-database
// data_oldest_nonremovable): processes connected to other databases can
// never read those relations, so their snapshots are passed over, and a
// long transaction in one database does not keep the dead rows of
// another. Processes that named no database count everywhere. db 0 is
// GetOldestXmin.
func (m *Manager) GetOldestXminForDatabase(o *shmem.Owner, db uint32) TransactionId {
	return m.oldestXmin(o, false, db)
}

// GetOldestXminConsideredRunning is GetOldestXmin counting lazy VACUUMs
// too (GetOldestTransactionIdConsideredRunning): the limit for
// truncating pg_subtrans, which any snapshot may still consult.
func (m *Manager) GetOldestXminConsideredRunning(o *shmem.Owner) TransactionId {
	return m.oldestXmin(o, true, 0)
}

// SetProcDatabase records the database the process at procIndex is
// connected to, before its first snapshot; ClearProc forgets it.
func (m *Manager) SetProcDatabase(procIndex int, db uint32) {
	m.checkProc(procIndex)
	atomic.StoreUint32(&m.procs[procIndex].db, db)
}

func (m *Manager) oldestXmin(o *shmem.Owner, withVacuum bool, db uint32) TransactionId {
	v := m.vars
	v.procArrayLock.RLock(o)
	defer v.procArrayLock.RUnlock(o)
	oldest := FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid)).Advance().Xid()
	for i := range m.procs {
		if !withVacuum && atomic.LoadUint32(&m.procs[i].inVacuum) != 0 {
			continue
		}
		if db != 0 {
			if pdb := atomic.LoadUint32(&m.procs[i].db); pdb != 0 && pdb != db {
				continue
			}
		}
		for _, x := range [2]TransactionId{
			TransactionId(atomic.LoadUint32(&m.procs[i].xid)),
			TransactionId(atomic.LoadUint32(&m.procs[i].xmin)),
		} {
			if x.IsNormal() && TransactionIdPrecedes(x, oldest) {
				oldest = x
			}
		}
	}
	return oldest
}

// SetInVacuum marks (or unmarks) the process at procIndex as running a
// lazy VACUUM (PROC_IN_VACUUM), under ProcArrayLock so that a horizon
// being computed sees it before or after, never halfway. A process
// unmarking itself must drop its xmin before taking a new snapshot
// (ResetXmin): others may have pruned past it meanwhile.
func (m *Manager) SetInVacuum(o *shmem.Owner, procIndex int, on bool) {
	m.checkProc(procIndex)
	var flag uint32
	if on {
		flag = 1
	}
	m.vars.procArrayLock.Lock(o)
	atomic.StoreUint32(&m.procs[procIndex].inVacuum, flag)
	m.vars.procArrayLock.Unlock(o)
}

// ProcInVacuum reports whether the process at procIndex runs a lazy
// VACUUM (SetInVacuum).
func (m *Manager) ProcInVacuum(procIndex int) bool {
	m.checkProc(procIndex)
	return atomic.LoadUint32(&m.procs[procIndex].inVacuum) != 0
}

// RunningXids lists every xid published in the proc array.
func (m *Manager) RunningXids(o *shmem.Owner) []TransactionId {
	var out []TransactionId
	m.vars.procArrayLock.RLock(o)
	for i := range m.procs {
		if x := TransactionId(atomic.LoadUint32(&m.procs[i].xid)); x.IsValid() {
			out = append(out, x)
		}
	}
	m.vars.procArrayLock.RUnlock(o)
	return out
}

// ClearProc cleans up after a process that died outside any critical
// state (its Owner held no LWLock and no critical section): its
// transaction, if it had an xid, is marked aborted in the commit log
// together with its cached subtransaction ids (unless the log already
// says committed: it died after its commit became durable) and removed
// from the proc array. Subtransaction ids that overflowed the cache stay
// "in progress" in the log: they are found not running (their top-level
// transaction is gone) and not committed, which every reader takes as
// aborted. The postmaster calls it with its own Owner before releasing
// the dead process's heavyweight locks, so that lock waiters find the
// transaction over. The proc array entry is cleared even if the commit
// log cannot be read or written.
func (m *Manager) ClearProc(o *shmem.Owner, procIndex int) error {
	m.checkProc(procIndex)
	pe := &m.procs[procIndex]
	xid := TransactionId(atomic.LoadUint32(&pe.xid))
	atomic.StoreUint32(&pe.oldestMulti, 0)
	atomic.StoreUint32(&pe.db, 0)
	if !xid.IsNormal() {
		m.vars.procArrayLock.Lock(o)
		atomic.StoreUint32(&pe.xid, 0)
		atomic.StoreUint32(&pe.xmin, 0)
		atomic.StoreUint32(&pe.inVacuum, 0)
		m.subx[procIndex].clear()
		m.vars.procArrayLock.Unlock(o)
		return nil
	}
	st, _, err := m.TransactionIdGetStatus(o, xid)
	if err == nil && st != StatusCommitted {
		sc := &m.subx[procIndex]
		n := int(atomic.LoadUint32(&sc.nsubxids))
		subs := make([]TransactionId, n)
		for j := range subs {
			subs[j] = TransactionId(atomic.LoadUint32(&sc.subxids[j]))
		}
		err = m.abortDeadTree(o, xid, subs)
	}
	m.EndTransaction(o, procIndex, xid, err == nil && st == StatusCommitted)
	return err
}

// abortDeadTree marks xid and subs aborted where the log shows them
// neither committed nor aborted.
func (m *Manager) abortDeadTree(o *shmem.Owner, xid TransactionId, subs []TransactionId) error {
	for _, x := range append(subs, xid) {
		st, _, err := m.TransactionIdGetStatus(o, x)
		if err != nil {
			return err
		}
		if st == StatusCommitted || st == StatusAborted {
			continue
		}
		if err := m.TransactionIdSetStatus(o, x, StatusAborted, 0); err != nil {
			return err
		}
	}
	return nil
}

// clear empties the cache. Called with ProcArrayLock exclusive.
func (sc *subxidCache) clear() {
	atomic.StoreUint32(&sc.nsubxids, 0)
	atomic.StoreUint32(&sc.overflowed, 0)
	atomic.StoreUint32(&sc.lastSubxid, 0)
}

// ProcXmin is the xmin the process at procIndex advertises: the oldest
// xid its snapshots may consider running, InvalidTransactionId when it
// holds none (GetCurrentVirtualXIDs reads it to find the transactions
// with snapshots older than a limit).
func (m *Manager) ProcXmin(procIndex int) TransactionId {
	m.checkProc(procIndex)
	return TransactionId(atomic.LoadUint32(&m.procs[procIndex].xmin))
}

// InstallImportedXmin makes xmin, the xmin of a snapshot another
// transaction exported, the xmin of the process at procIndex, provided
// the exporting transaction still runs and so still holds the horizon
// there (ProcArrayInstallImportedXmin): the process at sourceIndex must
// be connected to database db (or have named none), stillRunning (read under the lock, so
// it cannot change meanwhile) must still find the exporting transaction
// there, and that process's xmin must be at or before xmin. It reports
// false, changing nothing, otherwise.
//
// ProcArrayLock is taken exclusive: a horizon computed concurrently
// (under the shared lock) then either sees the source's xmin, which
// was at or before xmin, or sees ours. The source may clear its own
// xmin without the lock (ResetXmin, EndTransaction without an xid), but
// only after it stopped running the transaction stillRunning checks.
func (m *Manager) InstallImportedXmin(o *shmem.Owner, procIndex int, xmin TransactionId, sourceIndex int, db uint32, stillRunning func() bool) bool {
	m.checkProc(procIndex)
	if !xmin.IsNormal() || sourceIndex < 0 || sourceIndex >= len(m.procs) {
		return false
	}
	v := m.vars
	v.procArrayLock.Lock(o)
	defer v.procArrayLock.Unlock(o)
	src := &m.procs[sourceIndex]
	// A process that named no database holds back every database's
	// horizon (oldestXmin), so its xmin protects db's rows too.
	if srcDB := atomic.LoadUint32(&src.db); srcDB != 0 && srcDB != db || !stillRunning() {
		return false
	}
	srcXmin := TransactionId(atomic.LoadUint32(&src.xmin))
	if !srcXmin.IsNormal() || !TransactionIdPrecedesOrEquals(srcXmin, xmin) {
		return false
	}
	atomic.StoreUint32(&m.procs[procIndex].xmin, uint32(xmin))
	m.setOldestMember(procIndex)
	return true
}

// MaxSnapshotXidCount is how many top-level ids a snapshot can list
// (GetMaxSnapshotXidCount): one per proc slot.
func (m *Manager) MaxSnapshotXidCount() int { return len(m.procs) }

// MaxSnapshotSubxidCount is how many subtransaction ids a snapshot can
// list before it must be marked suboverflowed instead
// (GetMaxSnapshotSubxidCount): a full cache per proc slot, plus one.
func (m *Manager) MaxSnapshotSubxidCount() int {
	return len(m.procs) * (PGProcMaxCachedSubxids + 1)
}
