// A futex wait/wake pair for the insertion slots' progress words. shmem
// keeps its own futex helper private; this is the same non-private
// FUTEX_WAIT/FUTEX_WAKE, so it works across processes.

package xlog

import (
	"github.com/gpostgres/gpostgres/lib/rawsys"
)

const (
	futexWaitOp = 0
	futexWakeOp = 1
)

// futexWait sleeps while *addr == val (returns at once if it differs, and
// spuriously on signals: callers re-check).
// A raw system call with a bound (lib/rawsys FutexWaitBounded): the
// writer waited for may be another goroutine of this process, which
// needs the P to run.
func futexWait(addr *uint32, val uint32) {
	rawsys.FutexWaitBounded(addr, val)
}

// futexWakeAll wakes every waiter on addr. A wake never blocks: a raw
// system call (lib/rawsys).
func futexWakeAll(addr *uint32) {
	rawsys.Futex(addr, futexWakeOp, 1<<30)
}
