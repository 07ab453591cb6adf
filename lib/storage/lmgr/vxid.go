// Virtual transaction ids (PostgreSQL's VirtualTransactionId and
// lmgr.c's VirtualXactLock, GetLockConflicts): every transaction, even
// one that never gets an xid, holds ExclusiveLock on its own virtual id
// from its start to its end, so that another process can wait for it to
// end. CREATE INDEX CONCURRENTLY waits so for the transactions that hold
// a conflicting lock on its table or an old snapshot.

package lmgr

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// VirtualXid names a transaction by its process's backend id (proc slot
// index + 1, as lib/engine numbers backends) and a local id the slot
// never repeats. The zero value is no transaction.
type VirtualXid struct {
	BackendID int32
	LocalXid  uint32
}

// IsValid reports whether v names a transaction.
func (v VirtualXid) IsValid() bool { return v.LocalXid != 0 }

// String is v as pg_locks shows it: "3/17".
func (v VirtualXid) String() string { return fmt.Sprintf("%d/%d", v.BackendID, v.LocalXid) }

func (v VirtualXid) tag() LockTag { return VirtualTransactionTag(v.BackendID, v.LocalXid) }

// BeginVirtualTransaction gives the process's new transaction its
// virtual id, takes ExclusiveLock on it and publishes it
// (VirtualXactLockTableInsert). The lock is released with the
// transaction's others; EndVirtualTransaction unpublishes the id.
func (l *Locker) BeginVirtualTransaction() (VirtualXid, error) {
	pe := &l.lt.procs[l.procIndex]
	lxid := atomic.AddUint32(&pe.nextLxid, 1)
	if lxid == 0 {
		lxid = atomic.AddUint32(&pe.nextLxid, 1)
	}
	v := VirtualXid{BackendID: int32(l.procIndex) + 1, LocalXid: lxid}
	// Published before the lock is taken: a waiter that finds the id
	// published but the lock free polls until the id is gone
	// (WaitVirtualXact), so it never returns early.
	atomic.StoreUint32(&pe.vxidLocal, lxid)
	if _, err := l.LockAcquire(context.Background(), v.tag(), ExclusiveLock, false); err != nil {
		return v, err
	}
	return v, nil
}

// EndVirtualTransaction unpublishes the process's virtual id; the
// transaction's end releases its lock.
func (l *Locker) EndVirtualTransaction() {
	atomic.StoreUint32(&l.lt.procs[l.procIndex].vxidLocal, 0)
}

// VirtualXidOf is the virtual transaction the process at procIndex runs,
// the zero value between its transactions.
func (lt *LockTable) VirtualXidOf(procIndex int) VirtualXid {
	lxid := atomic.LoadUint32(&lt.procs[procIndex].vxidLocal)
	if lxid == 0 {
		return VirtualXid{}
	}
	return VirtualXid{BackendID: int32(procIndex) + 1, LocalXid: lxid}
}

// VirtualXidOf is the table's VirtualXidOf.
func (l *Locker) VirtualXidOf(procIndex int) VirtualXid { return l.lt.VirtualXidOf(procIndex) }

// NumProcs is the number of proc slots the table has entries for.
func (l *Locker) NumProcs() int { return len(l.lt.procs) }

// LockConflicts lists the virtual transactions of the other processes
// that hold a mode of tag conflicting with mode (GetLockConflicts): once
// each of them has ended, nobody holds such a lock that took it before
// the call. A holder between transactions (only session locks) has no
// virtual id and is left out, as in PostgreSQL.
func (l *Locker) LockConflicts(tag LockTag, mode LockMode) []VirtualXid {
	lt, o := l.lt, l.o
	h := tag.hash()
	part := partitionOf(h)
	pl := lt.partLock(part)
	pl.RLock(o)
	defer pl.RUnlock(o)
	r := lt.findLock(tag, h)
	if r == 0 {
		return nil
	}
	var out []VirtualXid
	for pr := lt.lock(r).procLocks; pr != 0; pr = lt.procLock(pr).lockNext {
		ple := lt.procLock(pr)
		proc := int(ple.proc) - 1
		if proc == l.procIndex || ple.holdMask&conflictTab[mode] == 0 {
			continue
		}
		if v := lt.VirtualXidOf(proc); v.IsValid() {
			out = append(out, v)
		}
	}
	return out
}

// WaitVirtualXact waits until the transaction v has ended
// (VirtualXactLock with wait): it takes ShareLock on v's id, which its
// owner holds exclusively until its end, and lets go at once. The wait
// obeys ctx, lock_timeout and the deadlock check like any lock wait.
func (l *Locker) WaitVirtualXact(ctx context.Context, v VirtualXid) error {
	if !v.IsValid() {
		return nil
	}
	procIndex := int(v.BackendID) - 1
	if procIndex < 0 || procIndex >= len(l.lt.procs) {
		return nil
	}
	for l.lt.VirtualXidOf(procIndex) == v {
		if _, err := l.LockAcquire(ctx, v.tag(), ShareLock, false); err != nil {
			return err
		}
		l.LockRelease(v.tag(), ShareLock)
		if l.lt.VirtualXidOf(procIndex) != v {
			return nil
		}
		// Published but not locked: its owner is between the two
		// steps of BeginVirtualTransaction, or could not take the
		// lock (the table was full). Poll.
		select {
		case <-ctx.Done():
			return cancelError(ctx)
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}
