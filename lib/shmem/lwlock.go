// LWLock: a futex lock word that works across processes.

package shmem

import (
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

// x/sys/unix names only the private futex operations; across processes the
// shared ones (without FUTEX_PRIVATE_FLAG) are required.
const (
	futexWait = 0
	futexWake = 1
)

// Owner counts the LWLocks a process holds and its critical sections. It
// lives in the process's proc slot, in shared memory, so that the postmaster
// can see it after the process has died. It also carries what the process
// is waiting for (lib/waitevent), since every layer that can block has the
// Owner at hand.
type Owner struct {
	Pid          int32
	LocksHeld    int32
	CritSections int32
	// WaitEvent is the process's current wait event (a waitevent.Event;
	// 0 when not waiting), written by the process itself with atomic
	// stores and read by pg_stat_activity — PGPROC's wait_event_info.
	WaitEvent uint32
}

// InCriticalState reports whether the owner died at a moment when shared
// memory may be inconsistent.
func (o *Owner) InCriticalState() bool {
	return atomic.LoadInt32(&o.LocksHeld) != 0 || atomic.LoadInt32(&o.CritSections) != 0
}

// EnterCritical and ExitCritical bracket a sequence of shared-memory writes
// that must not be abandoned half-done (PostgreSQL's START_CRIT_SECTION).
func (o *Owner) EnterCritical() { atomic.AddInt32(&o.CritSections, 1) }

// ExitCritical ends a critical section begun with EnterCritical.
func (o *Owner) ExitCritical() { atomic.AddInt32(&o.CritSections, -1) }

// LWLock is an exclusive lock in shared memory. The zero value is unlocked.
type LWLock struct {
	state  uint32 // 0 free, 1 held, 2 held and someone may be waiting
	holder int32  // pid of the holder, for diagnosis
}

// Lock acquires l, counting it in o.
func (l *LWLock) Lock(o *Owner) { l.LockNamed(o, 0) }

// LockNamed is Lock for a lock with a name in pg_stat_activity: should
// the process have to sleep, its Owner shows ev (a waitevent.Event of
// class LWLock, PostgreSQL's name for the lock) meanwhile, and the event
// it replaced afterwards. 0 publishes nothing. (An LWLock keeps no name
// of its own: its size is part of the cache-line layouts around it.)
func (l *LWLock) LockNamed(o *Owner, ev uint32) {
	// Count first: if we die between the CAS and the count, the postmaster
	// must still see that we may hold a lock.
	atomic.AddInt32(&o.LocksHeld, 1)
	if atomic.CompareAndSwapUint32(&l.state, 0, 1) {
		atomic.StoreInt32(&l.holder, o.Pid)
		return
	}
	slept := false
	var prev uint32
	for {
		// Announce a waiter, then sleep until woken while the word is 2.
		if atomic.SwapUint32(&l.state, 2) == 0 {
			atomic.StoreInt32(&l.holder, o.Pid)
			if slept {
				atomic.StoreUint32(&o.WaitEvent, prev)
			}
			return
		}
		if ev != 0 && !slept {
			prev, slept = atomic.SwapUint32(&o.WaitEvent, ev), true
		}
		futex(&l.state, futexWait, 2)
	}
}

// TryLock acquires l if it is free.
func (l *LWLock) TryLock(o *Owner) bool {
	atomic.AddInt32(&o.LocksHeld, 1)
	if atomic.CompareAndSwapUint32(&l.state, 0, 1) {
		atomic.StoreInt32(&l.holder, o.Pid)
		return true
	}
	atomic.AddInt32(&o.LocksHeld, -1)
	return false
}

// Unlock releases l.
func (l *LWLock) Unlock(o *Owner) {
	atomic.StoreInt32(&l.holder, 0)
	if atomic.SwapUint32(&l.state, 0) == 2 {
		futex(&l.state, futexWake, 1)
	}
	atomic.AddInt32(&o.LocksHeld, -1)
}

// Holder returns the pid recorded by the current holder, 0 when free.
func (l *LWLock) Holder() int32 { return atomic.LoadInt32(&l.holder) }

// futex calls FUTEX_WAIT or FUTEX_WAKE. EINTR and EAGAIN are expected: the
// callers loop and re-check the word. Both are raw system calls
// (lib/rawsys), a wait with a bound: the holder may be another goroutine
// of this process (the postmaster's, or a test's sessions), which needs
// the P to run.
func futex(addr *uint32, op int, val uint32) {
	if op == futexWake {
		rawsys.Futex(addr, op, val)
		return
	}
	rawsys.FutexWaitBounded(addr, val)
}
