// RWLock: a shared/exclusive futex lock across processes, PostgreSQL's
// LWLock in LW_SHARED and LW_EXCLUSIVE modes.

package shmem

import (
	"sync/atomic"
)

const rwExclusive = 1 << 30

// RWLock is a reader/writer lock in shared memory. The zero value is free.
// Waiters sleep on the state word with FUTEX_WAIT and are all woken on
// release; there is no queue, so a steady stream of readers can delay a
// writer — keep shared holds short, as with any LWLock.
type RWLock struct {
	state   uint32 // rwExclusive, or the number of shared holders
	waiters uint32
	holder  int32 // last exclusive holder's pid, for diagnosis
	// waitEvent is what a process blocked on the lock publishes in its
	// Owner (SetWaitEvent; 0 publishes nothing).
	waitEvent uint32
}

// SetWaitEvent names the lock for pg_stat_activity: a process that has to
// sleep for it shows ev (a waitevent.Event of class LWLock: PostgreSQL's
// tranche name) while it sleeps. Set it when the lock is created, before
// anyone uses it; 0 (the zero value) shows nothing.
func (l *RWLock) SetWaitEvent(ev uint32) { atomic.StoreUint32(&l.waitEvent, ev) }

// RLock takes l in shared mode.
func (l *RWLock) RLock(o *Owner) {
	atomic.AddInt32(&o.LocksHeld, 1)
	for {
		s := atomic.LoadUint32(&l.state)
		if s&rwExclusive == 0 {
			if atomic.CompareAndSwapUint32(&l.state, s, s+1) {
				return
			}
			continue
		}
		l.sleep(o, s)
	}
}

// Lock takes l in exclusive mode.
func (l *RWLock) Lock(o *Owner) {
	atomic.AddInt32(&o.LocksHeld, 1)
	for {
		s := atomic.LoadUint32(&l.state)
		if s == 0 {
			if atomic.CompareAndSwapUint32(&l.state, 0, rwExclusive) {
				atomic.StoreInt32(&l.holder, o.Pid)
				return
			}
			continue
		}
		l.sleep(o, s)
	}
}

// TryLock takes l in exclusive mode if it is free.
func (l *RWLock) TryLock(o *Owner) bool {
	if atomic.CompareAndSwapUint32(&l.state, 0, rwExclusive) {
		atomic.AddInt32(&o.LocksHeld, 1)
		atomic.StoreInt32(&l.holder, o.Pid)
		return true
	}
	return false
}

// TryRLock takes l in shared mode if no one holds it exclusively.
func (l *RWLock) TryRLock(o *Owner) bool {
	for {
		s := atomic.LoadUint32(&l.state)
		if s&rwExclusive != 0 {
			return false
		}
		if atomic.CompareAndSwapUint32(&l.state, s, s+1) {
			atomic.AddInt32(&o.LocksHeld, 1)
			return true
		}
	}
}

// sleep waits until the state word is no longer seen. A release between
// the load and the wait makes FUTEX_WAIT return at once (EAGAIN).
func (l *RWLock) sleep(o *Owner, seen uint32) {
	// Publish the lock's wait event, if it has one, and put back the
	// one it replaces afterwards: another goroutine of the process may
	// have published one (a backend's main goroutine waiting for its
	// client).
	ev := atomic.LoadUint32(&l.waitEvent)
	var prev uint32
	if ev != 0 {
		prev = atomic.SwapUint32(&o.WaitEvent, ev)
	}
	atomic.AddUint32(&l.waiters, 1)
	futex(&l.state, futexWait, seen)
	atomic.AddUint32(&l.waiters, ^uint32(0))
	if ev != 0 {
		atomic.StoreUint32(&o.WaitEvent, prev)
	}
}

// RUnlock releases a shared hold.
func (l *RWLock) RUnlock(o *Owner) {
	if atomic.AddUint32(&l.state, ^uint32(0)) == 0 && atomic.LoadUint32(&l.waiters) != 0 {
		futex(&l.state, futexWake, 1<<30)
	}
	atomic.AddInt32(&o.LocksHeld, -1)
}

// Unlock releases an exclusive hold.
func (l *RWLock) Unlock(o *Owner) {
	atomic.StoreUint32(&l.state, 0)
	if atomic.LoadUint32(&l.waiters) != 0 {
		futex(&l.state, futexWake, 1<<30)
	}
	atomic.AddInt32(&o.LocksHeld, -1)
}

// HeldExclusive reports whether some process holds l exclusively.
func (l *RWLock) HeldExclusive() bool { return atomic.LoadUint32(&l.state)&rwExclusive != 0 }
