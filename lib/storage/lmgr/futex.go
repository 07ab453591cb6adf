// The futex calls a waiting process sleeps and is woken with. Each process
// has its own word (procEnt.sem); the non-private operations work across
// processes sharing the mapping.

package lmgr

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

const (
	futexWaitOp = 0 // FUTEX_WAIT, without FUTEX_PRIVATE_FLAG
	futexWakeOp = 1 // FUTEX_WAKE
)

// futexWait sleeps while *addr == val, for at most d (forever if d < 0).
// It may return early (EINTR, EAGAIN, spurious wakeups): callers re-check.
func futexWait(addr *uint32, val uint32, d time.Duration) {
	if d < 0 {
		unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp, uintptr(val), 0, 0, 0)
		return
	}
	ts := unix.NsecToTimespec(d.Nanoseconds())
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp, uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
}

// futexWake wakes the process sleeping on addr. It never blocks, so it
// is a raw system call (lib/rawsys). The waits above stay ordinary
// calls: a lock wait may last, and its cancellation is delivered by
// another goroutine (context.AfterFunc), which needs the runtime.
func futexWake(addr *uint32) {
	rawsys.Futex(addr, futexWakeOp, 1)
}
