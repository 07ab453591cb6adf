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
// in between. The taking process's own xid is never in Xip (its changes
// are recognised as its own first).
type Snapshot struct {
	Xmin TransactionId
	Xmax TransactionId
	Xip  []TransactionId // sorted numerically
}

// GetSnapshot takes a snapshot for the process at procIndex
// (GetSnapshotData): xmax is latestCompletedXid+1, xip every other
// process's running xid below xmax, xmin the oldest of those (or xmax).
// If the process has no xmin yet, the snapshot's xmin becomes its xmin,
// holding back GetOldestXmin until ResetXmin or the end of the
// transaction.
func (m *Manager) GetSnapshot(o *shmem.Owner, procIndex int) *Snapshot {
	m.checkProc(procIndex)
	v := m.vars
	snap := &Snapshot{}
	xip := make([]TransactionId, 0, 8)
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
		xid := TransactionId(atomic.LoadUint32(&m.procs[i].xid))
		if !xid.IsNormal() || !TransactionIdPrecedes(xid, xmax) {
			continue
		}
		if TransactionIdPrecedes(xid, xmin) {
			xmin = xid
		}
		xip = append(xip, xid)
	}
	me := &m.procs[procIndex]
	if atomic.LoadUint32(&me.xmin) == 0 {
		atomic.StoreUint32(&me.xmin, uint32(xmin))
	}
	v.procArrayLock.RUnlock(o)
	slices.Sort(xip)
	snap.Xmin, snap.Xmax, snap.Xip = xmin, xmax, xip
	return snap
}

// XidInMVCCSnapshot reports whether xid must be treated as still in
// progress under snap. It does not know the snapshot taker's own xid:
// check that first.
func XidInMVCCSnapshot(xid TransactionId, snap *Snapshot) bool {
	if TransactionIdPrecedes(xid, snap.Xmin) {
		return false
	}
	if TransactionIdFollowsOrEquals(xid, snap.Xmax) {
		return true
	}
	_, found := slices.BinarySearch(snap.Xip, xid)
	return found
}

// ResetXmin forgets the process's xmin once it holds no snapshot any
// more (at the end of each statement in READ COMMITTED).
func (m *Manager) ResetXmin(procIndex int) {
	m.checkProc(procIndex)
	atomic.StoreUint32(&m.procs[procIndex].xmin, 0)
}

// MyXid returns the xid published for the process at procIndex, or
// InvalidTransactionId.
func (m *Manager) MyXid(procIndex int) TransactionId {
	m.checkProc(procIndex)
	return TransactionId(atomic.LoadUint32(&m.procs[procIndex].xid))
}

// EndTransaction removes the process's xid from the proc array and clears
// its xmin (ProcArrayEndTransaction): snapshots taken afterwards no longer
// see xid as running, so its status must already be in the commit log.
// latestCompletedXid advances to xid if it is newer. xid is
// InvalidTransactionId for a transaction that never had one. committed
// only feeds the commit/rollback counters.
func (m *Manager) EndTransaction(o *shmem.Owner, procIndex int, xid TransactionId, committed bool) {
	m.checkProc(procIndex)
	v := m.vars
	p := &m.procs[procIndex]
	if committed {
		atomic.AddUint64(&v.xactCommit, 1)
	} else {
		atomic.AddUint64(&v.xactRollback, 1)
	}
	if !xid.IsValid() {
		// No xid: nobody else's snapshot depends on us.
		atomic.StoreUint32(&p.xmin, 0)
		return
	}
	v.procArrayLock.Lock(o)
	atomic.StoreUint32(&p.xid, 0)
	atomic.StoreUint32(&p.xmin, 0)
	latest := FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid))
	if TransactionIdPrecedes(latest.Xid(), xid) {
		full := fullXidRelativeTo(FullTransactionId(atomic.LoadUint64(&v.nextXid)), xid)
		atomic.StoreUint64(&v.latestCompletedXid, uint64(full))
	}
	v.procArrayLock.Unlock(o)
}

// TransactionIdIsInProgress reports whether xid belongs to a running
// transaction (not the caller's own: check that first).
func (m *Manager) TransactionIdIsInProgress(o *shmem.Owner, xid TransactionId) bool {
	if !xid.IsNormal() {
		return false
	}
	v := m.vars
	v.procArrayLock.RLock(o)
	defer v.procArrayLock.RUnlock(o)
	// An id after latestCompletedXid has not finished yet.
	if TransactionIdPrecedes(FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid)).Xid(), xid) {
		return true
	}
	for i := range m.procs {
		if TransactionId(atomic.LoadUint32(&m.procs[i].xid)) == xid {
			return true
		}
	}
	return false
}

// GetOldestXmin returns the oldest xid any running transaction or live
// snapshot may still consider running: tuples deleted by transactions
// that committed before it are dead to everyone (for VACUUM).
func (m *Manager) GetOldestXmin(o *shmem.Owner) TransactionId {
	v := m.vars
	v.procArrayLock.RLock(o)
	defer v.procArrayLock.RUnlock(o)
	oldest := FullTransactionId(atomic.LoadUint64(&v.latestCompletedXid)).Advance().Xid()
	for i := range m.procs {
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
// (unless the log already says committed: it died after its commit
// became durable) and removed from the proc array. The postmaster calls
// it with its own Owner before releasing the dead process's heavyweight
// locks, so that lock waiters find the transaction over. The proc array
// entry is cleared even if the commit log cannot be read; the transaction
// then stays "in progress" in the log, which readers treat as aborted
// since it is not running.
func (m *Manager) ClearProc(o *shmem.Owner, procIndex int) error {
	m.checkProc(procIndex)
	xid := TransactionId(atomic.LoadUint32(&m.procs[procIndex].xid))
	if !xid.IsNormal() {
		atomic.StoreUint32(&m.procs[procIndex].xid, 0)
		atomic.StoreUint32(&m.procs[procIndex].xmin, 0)
		return nil
	}
	st, _, err := m.TransactionIdGetStatus(o, xid)
	if err == nil && st != StatusCommitted && st != StatusAborted {
		err = m.TransactionIdSetStatus(o, xid, StatusAborted, 0)
	}
	m.EndTransaction(o, procIndex, xid, err == nil && st == StatusCommitted)
	return err
}
