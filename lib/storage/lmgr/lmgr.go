// Convenience routines over LockAcquire (PostgreSQL's lmgr.c): relation
// locks by OID and the transaction-id locks through which one transaction
// waits for another to finish.

package lmgr

import (
	"context"
	"time"
)

// LockRelationOid takes a relation lock, waiting as needed.
func (l *Locker) LockRelationOid(ctx context.Context, db, rel uint32, mode LockMode) error {
	_, err := l.LockAcquire(ctx, RelationTag(db, rel), mode, false)
	return err
}

// ConditionalLockRelationOid takes a relation lock only if it is free.
func (l *Locker) ConditionalLockRelationOid(db, rel uint32, mode LockMode) (bool, error) {
	return l.LockAcquire(context.Background(), RelationTag(db, rel), mode, true)
}

// UnlockRelationOid releases one acquisition of a relation lock.
func (l *Locker) UnlockRelationOid(db, rel uint32, mode LockMode) bool {
	return l.LockRelease(RelationTag(db, rel), mode)
}

// XactLockTableInsert takes ExclusiveLock on the transaction's own xid;
// it is held until the transaction ends (LockReleaseAll), so that others
// can wait for the transaction with XactLockTableWait. Call it right after
// the xid is assigned, before the xid can appear in any tuple. Nobody else
// can hold a conflicting lock on a fresh xid, so it never waits.
func (l *Locker) XactLockTableInsert(xid uint32) error {
	_, err := l.LockAcquire(context.Background(), TransactionTag(xid), ExclusiveLock, false)
	return err
}

// XactLockTableDelete releases the lock on an xid before the end of the
// top-level transaction (a subtransaction's abort).
func (l *Locker) XactLockTableDelete(xid uint32) {
	l.LockRelease(TransactionTag(xid), ExclusiveLock)
}

// XactLockTableWait waits until transaction xid has ended: it takes and
// releases ShareLock on the xid, which the transaction holds exclusively
// for its whole life, then checks that the transaction is really over
// (this is how the second UPDATE of a row waits for the first). A
// subtransaction's lock can be gone while its top-level transaction still
// runs; then the wait goes on for the top-level transaction, as
// PostgreSQL 15 does. The wait obeys ctx, lock_timeout and the deadlock
// check.
func (l *Locker) XactLockTableWait(ctx context.Context, xid uint32) error {
	first := true
	for {
		tag := TransactionTag(xid)
		if _, err := l.LockAcquire(ctx, tag, ShareLock, false); err != nil {
			return err
		}
		l.LockRelease(tag, ShareLock)
		if l.XidInProgress == nil {
			return nil
		}
		running, err := l.XidInProgress(xid)
		if err != nil || !running {
			return err
		}
		// A subtransaction whose lock is gone (or a transaction seen in
		// the proc array before its lock was taken, or still there after
		// a dead process's locks were released): wait for the top-level
		// transaction, after a short sleep from the second round on
		// (PostgreSQL sleeps 1 ms).
		if !first {
			select {
			case <-ctx.Done():
				return cancelError(ctx)
			case <-time.After(time.Millisecond):
			}
		}
		first = false
		if l.XidTopmost != nil {
			top, err := l.XidTopmost(xid)
			if err != nil {
				return err
			}
			if top != 0 {
				xid = top
			}
		}
	}
}

// ConditionalXactLockTableWait reports whether transaction xid has ended,
// without waiting for its lock; like XactLockTableWait, a subtransaction
// whose lock is gone but which still counts as running is answered by its
// top-level transaction.
func (l *Locker) ConditionalXactLockTableWait(xid uint32) (bool, error) {
	first := true
	for {
		tag := TransactionTag(xid)
		ok, err := l.LockAcquire(context.Background(), tag, ShareLock, true)
		if !ok || err != nil {
			return false, err
		}
		l.LockRelease(tag, ShareLock)
		if l.XidInProgress == nil {
			return true, nil
		}
		running, err := l.XidInProgress(xid)
		if err != nil || !running {
			return err == nil, err
		}
		if !first {
			time.Sleep(time.Millisecond)
		}
		first = false
		if l.XidTopmost != nil {
			top, err := l.XidTopmost(xid)
			if err != nil {
				return false, err
			}
			if top != 0 {
				xid = top
			}
		}
	}
}
