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
}

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
		l.sleep(s)
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
		l.sleep(s)
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
func (l *RWLock) sleep(seen uint32) {
	atomic.AddUint32(&l.waiters, 1)
	futex(&l.state, futexWait, seen)
	atomic.AddUint32(&l.waiters, ^uint32(0))
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
