// Sleeping and spinning across processes: futex calls on words in the
// shared segment, and the back-off used while a buffer header spinlock is
// busy (PostgreSQL's s_lock.c perform_spin_delay).

package buffer

import (
	"math"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

// Non-private futex operations, so they work between processes mapping the
// same memory (x/sys/unix names only the private ones).
const (
	futexWaitOp = 0
	futexWakeOp = 1
)

// waitSlice bounds one futex sleep: sleepers re-check their condition at
// least this often, so a lost wake-up (which the protocol should never
// produce) costs latency, never a hang.
const waitSlice = time.Second

// futexWait sleeps while *addr == val, for at most d. EINTR, EAGAIN and
// ETIMEDOUT all just return: callers re-check their condition.
func futexWait(addr *uint32, val uint32, d time.Duration) {
	ts := unix.NsecToTimespec(int64(d))
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitOp, uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
}

// futexWakeAll wakes every process sleeping on addr.
// A wake-up never blocks: a raw system call (lib/rawsys). The waits
// above stay ordinary calls, since a cleanup lock may wait for a pin for
// as long as a cursor keeps it.
func futexWakeAll(addr *uint32) {
	rawsys.Futex(addr, futexWakeOp, math.MaxInt32)
}

// spinDelay backs off while a header spinlock is held by another process.
// Holds are a few instructions long, but the holder may have been
// descheduled (these machines have two cores), so after a short spin yield
// the CPU, then sleep in growing steps up to a millisecond.
func spinDelay(spins int) {
	switch {
	case spins < 32:
		// busy spin
	case spins < 128:
		unix.Syscall(unix.SYS_SCHED_YIELD, 0, 0, 0)
	default:
		d := time.Duration(spins-127) * time.Microsecond
		if d > time.Millisecond {
			d = time.Millisecond
		}
		time.Sleep(d)
	}
}
