// Acquiring and releasing heavyweight locks, waiting in FIFO queues,
// lock_timeout and cancellation (PostgreSQL's lock.c and the lock-wait
// half of proc.c: LockAcquireExtended, ProcSleep, ProcLockWakeup,
// RemoveFromWaitQueue, LockRelease, LockReleaseAll).

package lmgr

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// Locker is one process's handle on the lock table: its proc index, its
// Owner (for the partition LWLocks) and a private count of how many times
// it acquired each (tag, mode), so that repeated acquisitions cost no
// shared-memory work (PostgreSQL's LOCALLOCK table). A Locker is used by
// one goroutine at a time.
type Locker struct {
	lt        *LockTable
	o         *shmem.Owner
	procIndex int

	// LockTimeout aborts a wait that lasts longer (lock_timeout; 0
	// waits forever).
	LockTimeout time.Duration
	// DeadlockTimeout is how long a wait lasts before the deadlock check
	// runs (deadlock_timeout).
	DeadlockTimeout time.Duration
	// XidInProgress tells XactLockTableWait whether a transaction is
	// still running (transam's TransactionIdIsInProgress). Without it,
	// XactLockTableWait waits for the transaction's lock only once.
	XidInProgress func(xid uint32) (bool, error)
	// XidTopmost maps a subtransaction id to its top-level transaction's
	// (transam's SubTransGetTopmostTransaction): XactLockTableWait waits
	// for that one when a subtransaction's lock is gone but it still
	// counts as running. Without it, the same xid is waited for again.
	XidTopmost func(xid uint32) (uint32, error)

	local map[localKey]int
	// session counts the acquisitions held across transactions
	// (session.go): ReleaseTransactionLocks keeps them.
	session map[localKey]int
}

type localKey struct {
	tag  LockTag
	mode LockMode
}

// NewLocker binds the calling process (its proc slot's Owner and index) to
// the lock table. Anything the slot's previous occupant left behind is
// released first.
func (lt *LockTable) NewLocker(o *shmem.Owner, procIndex int) *Locker {
	if procIndex < 0 || procIndex >= len(lt.procs) {
		panic("lmgr: proc index out of range")
	}
	lt.LockReleaseAll(o, procIndex)
	pe := &lt.procs[procIndex]
	atomic.StoreInt32(&pe.pid, o.Pid)
	atomic.StoreUint32(&pe.waitStatus, waitOK)
	return &Locker{
		lt: lt, o: o, procIndex: procIndex,
		DeadlockTimeout: time.Second,
		local:           map[localKey]int{},
		session:         map[localKey]int{},
	}
}

// Configure reads lock_timeout and deadlock_timeout from the process's
// settings; call it again after SET.
func (l *Locker) Configure(s *config.Settings) {
	l.LockTimeout = max(0, s.Duration("lock_timeout"))
	l.DeadlockTimeout = s.Duration("deadlock_timeout")
}

// ProcIndex is the proc slot index the Locker acts for.
func (l *Locker) ProcIndex() int { return l.procIndex }

// LockHeldByMe reports whether this process holds tag in mode.
func (l *Locker) LockHeldByMe(tag LockTag, mode LockMode) bool {
	return l.local[localKey{tag, mode}] > 0
}

// grantLock records a granted mode (GrantLock).
func (lt *LockTable) grantLock(lk *lockEnt, pr int32, mode LockMode) {
	lk.nGranted++
	lk.granted[mode]++
	lk.grantMask |= bit(mode)
	if lk.granted[mode] == lk.requested[mode] {
		lk.waitMask &^= bit(mode)
	}
	lt.procLock(pr).holdMask |= bit(mode)
}

// unGrantLock undoes one granted mode and reports whether waiters might
// now be grantable (UnGrantLock).
func (lt *LockTable) unGrantLock(lk *lockEnt, mode LockMode, pr int32) bool {
	lk.nRequested--
	lk.requested[mode]--
	lk.nGranted--
	lk.granted[mode]--
	if lk.granted[mode] == 0 {
		lk.grantMask &^= bit(mode)
	}
	lt.procLock(pr).holdMask &^= bit(mode)
	return conflictTab[mode]&lk.waitMask != 0
}

// lockCheckConflicts reports whether mode conflicts with modes granted to
// other processes (the requester's own holdings never conflict).
func (lt *LockTable) lockCheckConflicts(lk *lockEnt, mode LockMode, pr int32) bool {
	cm := conflictTab[mode]
	if cm&lk.grantMask == 0 {
		return false
	}
	mine := lt.procLock(pr).holdMask
	for m := AccessShareLock; m <= MaxLockMode; m++ {
		if cm&bit(m) == 0 {
			continue
		}
		n := lk.granted[m]
		if mine&bit(m) != 0 {
			n--
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// cleanUpLock frees the process entry if it holds nothing and the lock if
// nobody wants it, else wakes whoever can now be granted (CleanUpLock).
func (lt *LockTable) cleanUpLock(o *shmem.Owner, r, pr int32, wakeup bool) {
	if lt.procLock(pr).holdMask == 0 {
		lt.removeProcLock(o, pr)
	}
	if lt.lock(r).nRequested == 0 {
		lt.removeLock(o, r)
	} else if wakeup {
		lt.procLockWakeup(r)
	}
}

// procLockWakeup grants the lock to waiters in queue order: a waiter is
// granted if its mode conflicts neither with granted modes nor with the
// modes of waiters still ahead of it (ProcLockWakeup).
func (lt *LockTable) procLockWakeup(r int32) {
	lk := lt.lock(r)
	var ahead lockMask
	for q := lk.waitHead; q != 0; {
		pe := &lt.procs[q-1]
		next := pe.waitNext
		mode := pe.waitMode
		if conflictTab[mode]&ahead == 0 && !lt.lockCheckConflicts(lk, mode, pe.waitProcLock) {
			lt.grantLock(lk, pe.waitProcLock, mode)
			lt.queueRemove(lk, int(q-1))
			pe.waitLock, pe.waitProcLock = 0, 0
			lt.wake(int(q-1), waitOK)
		} else {
			ahead |= bit(mode)
		}
		q = next
	}
}

func (lt *LockTable) wake(procIndex int, status uint32) {
	pe := &lt.procs[procIndex]
	atomic.StoreUint32(&pe.waitStatus, status)
	atomic.AddUint32(&pe.sem, 1)
	futexWake(&pe.sem)
}

// removeFromWaitQueue takes a waiting process out of its lock's queue,
// undoing its request, and wakes those it was holding up
// (RemoveFromWaitQueue). The lock's partition must be held.
func (lt *LockTable) removeFromWaitQueue(o *shmem.Owner, procIndex int) {
	pe := &lt.procs[procIndex]
	r, pr, mode := pe.waitLock, pe.waitProcLock, pe.waitMode
	lk := lt.lock(r)
	lt.queueRemove(lk, procIndex)
	lk.nRequested--
	lk.requested[mode]--
	if lk.granted[mode] == lk.requested[mode] {
		lk.waitMask &^= bit(mode)
	}
	pe.waitLock, pe.waitProcLock = 0, 0
	lt.wake(procIndex, waitError)
	lt.cleanUpLock(o, r, pr, true)
}

// LockAcquire takes tag in mode for the calling process's transaction
// (LockAcquire). If another process holds a conflicting mode, or an
// earlier waiter wants one, it waits in FIFO order, unless dontWait: then
// it returns false at once. A wait ends with an error when ctx is done
// (57014, or the *pgerr.Error given as ctx's cause), when LockTimeout
// passes (55P03 "canceling statement due to lock timeout") or when the
// deadlock check finds this process in a cycle (40P01 "deadlock
// detected"); the request is then gone from the queue, and waiters it was
// holding up are woken. A lock granted in the same instant is kept and
// reported as acquired. The table being full is 53200 "out of shared
// memory".
func (l *Locker) LockAcquire(ctx context.Context, tag LockTag, mode LockMode, dontWait bool) (bool, error) {
	if mode <= NoLock || mode > MaxLockMode {
		return false, pgerr.Newf(pgerr.InternalError, "unrecognized lock mode: %d", mode)
	}
	key := localKey{tag, mode}
	if n := l.local[key]; n > 0 {
		l.local[key] = n + 1
		return true, nil
	}
	lt, o := l.lt, l.o
	h := tag.hash()
	part := partitionOf(h)
	pl := lt.partLock(part)
	pl.Lock(o)
	r, err := lt.findOrCreateLock(o, tag, h)
	if err != nil {
		pl.Unlock(o)
		return false, err
	}
	lk := lt.lock(r)
	pr := lt.findProcLock(l.procIndex, part, r)
	if pr == 0 {
		if pr, err = lt.createProcLock(o, l.procIndex, part, r); err != nil {
			if lk.nRequested == 0 {
				lt.removeLock(o, r)
			}
			pl.Unlock(o)
			return false, err
		}
	}
	lk.nRequested++
	lk.requested[mode]++
	conflict := conflictTab[mode]&lk.waitMask != 0 || lt.lockCheckConflicts(lk, mode, pr)
	if !conflict {
		lt.grantLock(lk, pr, mode)
		pl.Unlock(o)
		l.local[key] = 1
		return true, nil
	}
	if dontWait {
		lk.nRequested--
		lk.requested[mode]--
		lt.cleanUpLock(o, r, pr, false)
		pl.Unlock(o)
		return false, nil
	}
	granted, err := l.sleep(ctx, r, pr, mode, part)
	if err != nil {
		return false, err
	}
	if granted {
		l.local[key] = 1
	}
	return granted, nil
}

// sleep queues the process on lock r and waits (ProcSleep). Called with
// the partition held; returns with it released.
func (l *Locker) sleep(ctx context.Context, r, pr int32, mode LockMode, part int) (bool, error) {
	lt, o := l.lt, l.o
	pl := lt.partLock(part)
	lk := lt.lock(r)
	me := &lt.procs[l.procIndex]
	myHeld := lt.procLock(pr).holdMask
	var before int32
	early := -1
	if myHeld != 0 {
		// We already hold modes on this lock: go ahead of the first waiter
		// that wants a mode conflicting with them, or it would wait for us
		// while we wait for it. If that waiter holds something we conflict
		// with, it is a deadlock already.
		var ahead lockMask
		for q := lk.waitHead; q != 0; q = lt.procs[q-1].waitNext {
			qe := &lt.procs[q-1]
			if conflictTab[qe.waitMode]&myHeld != 0 {
				if conflictTab[mode]&qe.heldLocks != 0 {
					early = int(q - 1)
					break
				}
				if conflictTab[mode]&ahead == 0 && !lt.lockCheckConflicts(lk, mode, pr) {
					lt.grantLock(lk, pr, mode)
					pl.Unlock(o)
					return true, nil
				}
				before = q
				break
			}
			ahead |= bit(qe.waitMode)
		}
	}
	me.heldLocks = myHeld
	lt.queueInsertBefore(lk, l.procIndex, before)
	lk.waitMask |= bit(mode)
	me.waitLock, me.waitProcLock, me.waitMode = r, pr, mode
	atomic.StoreInt64(&me.waitStart, time.Now().UnixMicro())
	atomic.StoreInt32(&me.pid, l.o.Pid)
	atomic.StoreUint32(&me.waitStatus, waitWaiting)
	if early >= 0 {
		other := &lt.procs[early]
		cycle := []deadlockInfo{
			{tag: lk.tag, mode: mode, pid: me.pid},
			{tag: lt.lock(other.waitLock).tag, mode: other.waitMode, pid: other.pid},
		}
		lt.removeFromWaitQueue(o, l.procIndex)
		pl.Unlock(o)
		return false, deadlockError(cycle)
	}
	tagType := lk.tag.Type
	pl.Unlock(o)
	return l.waitForGrant(ctx, part, tagType)
}

// waitForGrant sleeps on the process's futex word until it is granted
// the lock or gives up. Meanwhile pg_stat_activity shows the process
// waiting for a lock of tagType.
func (l *Locker) waitForGrant(ctx context.Context, part int, tagType LockTagType) (bool, error) {
	me := &l.lt.procs[l.procIndex]
	waitevent.Start(l.o, waitevent.Lock(uint8(tagType)))
	defer func() {
		waitevent.End(l.o)
		atomic.StoreInt64(&me.waitStart, 0)
	}()
	start := time.Now()
	var lockDeadline time.Time
	if l.LockTimeout > 0 {
		lockDeadline = start.Add(l.LockTimeout)
	}
	deadlockAt := start.Add(l.DeadlockTimeout)
	checked := false
	stop := context.AfterFunc(ctx, func() {
		atomic.AddUint32(&me.sem, 1)
		futexWake(&me.sem)
	})
	defer stop()
	for {
		seq := atomic.LoadUint32(&me.sem)
		switch atomic.LoadUint32(&me.waitStatus) {
		case waitOK:
			return true, nil
		case waitError:
			// Someone else withdrew the request (LockReleaseAll for this
			// process index): the caller must not count on the lock.
			return false, pgerr.New(pgerr.InternalError, "lock request was withdrawn by another process")
		}
		if ctx.Err() != nil {
			return l.abandonWait(part, cancelError(ctx))
		}
		now := time.Now()
		if !lockDeadline.IsZero() && !now.Before(lockDeadline) {
			return l.abandonWait(part, pgerr.New(pgerr.LockNotAvailable, "canceling statement due to lock timeout"))
		}
		if !checked && !now.Before(deadlockAt) {
			checked = true
			if err := l.checkDeadlock(); err != nil {
				return false, err
			}
			continue
		}
		wait := time.Duration(-1)
		if !checked {
			wait = deadlockAt.Sub(now)
		}
		if !lockDeadline.IsZero() {
			if d := lockDeadline.Sub(now); wait < 0 || d < wait {
				wait = d
			}
		}
		futexWait(&me.sem, seq, wait)
	}
}

// abandonWait leaves the wait queue after a timeout or cancel, unless
// the lock was granted in the meantime.
func (l *Locker) abandonWait(part int, cause error) (bool, error) {
	lt, o := l.lt, l.o
	pl := lt.partLock(part)
	pl.Lock(o)
	switch atomic.LoadUint32(&lt.procs[l.procIndex].waitStatus) {
	case waitOK:
		pl.Unlock(o)
		return true, nil
	case waitError:
		pl.Unlock(o)
		return false, cause
	}
	lt.removeFromWaitQueue(o, l.procIndex)
	pl.Unlock(o)
	return false, cause
}

func cancelError(ctx context.Context) error {
	var pe *pgerr.Error
	if errors.As(context.Cause(ctx), &pe) {
		return pe
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
}

// LockRelease releases one acquisition of tag in mode. It reports false
// when the process does not hold it (PostgreSQL warns "you don't own a
// lock of type ...").
func (l *Locker) LockRelease(tag LockTag, mode LockMode) bool {
	key := localKey{tag, mode}
	n := l.local[key]
	if n == 0 {
		return false
	}
	if n > 1 {
		l.local[key] = n - 1
		return true
	}
	delete(l.local, key)
	lt, o := l.lt, l.o
	h := tag.hash()
	part := partitionOf(h)
	pl := lt.partLock(part)
	pl.Lock(o)
	defer pl.Unlock(o)
	r := lt.findLock(tag, h)
	if r == 0 {
		return false
	}
	pr := lt.findProcLock(l.procIndex, part, r)
	if pr == 0 || lt.procLock(pr).holdMask&bit(mode) == 0 {
		return false
	}
	wake := lt.unGrantLock(lt.lock(r), mode, pr)
	lt.cleanUpLock(o, r, pr, wake)
	return true
}

// LockReleaseAll releases every lock the process holds, at transaction
// end.
func (l *Locker) LockReleaseAll() {
	l.lt.LockReleaseAll(l.o, l.procIndex)
	clear(l.local)
	clear(l.session)
}

// LockReleaseAll releases every lock held by the process at procIndex and
// withdraws its pending request, waking the waiters this unblocks. The
// postmaster calls it (with its own Owner) for a backend that died
// outside any critical state, after transam's ClearProc.
func (lt *LockTable) LockReleaseAll(o *shmem.Owner, procIndex int) {
	// A dead process's virtual transaction is over: nobody may wait
	// for it any more (WaitVirtualXact polls while the id is published).
	atomic.StoreUint32(&lt.procs[procIndex].vxidLocal, 0)
	lt.releaseAll(o, procIndex, nil)
}

// releaseAll is LockReleaseAll keeping the modes keep counts (the
// session locks of the process).
func (lt *LockTable) releaseAll(o *shmem.Owner, procIndex int, keep map[localKey]int) {
	pe := &lt.procs[procIndex]
	if r := atomic.LoadInt32(&pe.waitLock); r != 0 {
		part := int(atomic.LoadInt32(&lt.lock(r).partition))
		pl := lt.partLock(part)
		pl.Lock(o)
		if pe.waitLock == r && lt.lock(r).partition == int32(part) && atomic.LoadUint32(&pe.waitStatus) == waitWaiting {
			lt.removeFromWaitQueue(o, procIndex)
		}
		pl.Unlock(o)
	}
	for part := 0; part < NumLockPartitions; part++ {
		if atomic.LoadInt32(&pe.myProcLocks[part]) == 0 {
			continue
		}
		pl := lt.partLock(part)
		pl.Lock(o)
		for pr := pe.myProcLocks[part]; pr != 0; {
			ple := lt.procLock(pr)
			next := ple.procNext
			r := ple.lock
			lk := lt.lock(r)
			wake := false
			for m := AccessShareLock; m <= MaxLockMode; m++ {
				if ple.holdMask&bit(m) == 0 || keep[localKey{lk.tag, m}] > 0 {
					continue
				}
				if lt.unGrantLock(lk, m, pr) {
					wake = true
				}
			}
			lt.cleanUpLock(o, r, pr, wake)
			pr = next
		}
		pl.Unlock(o)
	}
}
