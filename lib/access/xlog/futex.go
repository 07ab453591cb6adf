// A futex wait/wake pair for the insertion slots' progress words. shmem
// keeps its own futex helper private; this is the same non-private
// FUTEX_WAIT/FUTEX_WAKE, so it works across processes.

package xlog

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

const (
	futexWaitOp = 0
	futexWakeOp = 1
)

// futexWait sleeps while *addr == val (returns at once if it differs, and
// spuriously on signals: callers re-check).
// An ordinary system call: the writer waited for may be another
// goroutine of this process, which needs the runtime to run.
func futexWait(addr *uint32, val uint32) {
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp, uintptr(val), 0, 0, 0)
}

// futexWakeAll wakes every waiter on addr. A wake never blocks: a raw
// system call (lib/rawsys).
func futexWakeAll(addr *uint32) {
	rawsys.Futex(addr, futexWakeOp, 1<<30)
}
