// Package rawsys makes the short system calls of a backend's hot paths
// (reading and writing data and WAL pages, fdatasync, file sizes, futex
// wake-ups and bounded futex waits) as raw system calls, without the Go
// runtime's entersyscall/exitsyscall.
//
// Why: a backend runs one goroutine on one P (GOMAXPROCS=1) and goes
// idle between its client's statements. The runtime's sysmon thread then
// sleeps, and the first ordinary system call of the next statement wakes
// it (entersyscall_sysmon); woken, it polls every 20µs for a millisecond
// or more, and retakes the P from any call longer than that, handing it
// to another thread that finds nothing to run. Measured on pgbench's
// TPC-B-like load: about 11 of sysmon's nanosleeps and 6 futex calls per
// transaction on top of the backend's own system calls, and a fifth of
// its CPU time in the scheduler. The client socket already avoids this
// (lib/backend's rawSocket).
//
// The cost of a raw call: while it blocks, the goroutine keeps its P, so
// the process's other goroutines (signal delivery, timers, a test's other
// sessions) and a stop-the-world of the garbage collector wait for it.
// So only calls that finish by themselves belong here: file I/O on local
// files, fdatasync and lseek, and futex wake-ups. A futex wait only with
// a bound (FutexWaitBounded): the waker may be another goroutine of the
// same process, which needs the P to run.
package rawsys

import (
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Pread is pread(2); it retries on EINTR.
func Pread(fd int, p []byte, off int64) (int, error) {
	return positionalIO(unix.SYS_PREAD64, fd, p, off)
}

// Pwrite is pwrite(2); it retries on EINTR.
func Pwrite(fd int, p []byte, off int64) (int, error) {
	return positionalIO(unix.SYS_PWRITE64, fd, p, off)
}

// positionalIO makes the pread64 or pwrite64 call trap of p at off,
// again while it is interrupted.
func positionalIO(trap uintptr, fd int, p []byte, off int64) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	for {
		r, _, e := unix.RawSyscall6(trap, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(off), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(r), nil
	}
}

// Fdatasync is fdatasync(2); EINTR is returned to the caller, which
// decides whether a retry is honest.
func Fdatasync(fd int) error {
	_, _, e := unix.RawSyscall(unix.SYS_FDATASYNC, uintptr(fd), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// Fsync is fsync(2); EINTR is returned to the caller.
func Fsync(fd int) error {
	_, _, e := unix.RawSyscall(unix.SYS_FSYNC, uintptr(fd), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// FileSize is the size of the open file fd (lseek to its end, as
// PostgreSQL's FileSize); it retries on EINTR.
func FileSize(fd int) (int64, error) {
	for {
		r, _, e := unix.RawSyscall(unix.SYS_LSEEK, uintptr(fd), 0, uintptr(unix.SEEK_END))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int64(r), nil
	}
}

// FutexWaitBounded sleeps while *addr == val (FUTEX_WAIT, shared between
// processes), for at most waitBound, as a raw system call. For waits
// that end by themselves (lightweight locks, a WAL write in progress):
// should the waker be a goroutine of this process that has no P to run
// on, the bound ends the wait and the P is handed over (Gosched) before
// the caller waits again, so the process never deadlocks; meanwhile its
// signals and timers wait at most that long. Returns early on wake-ups,
// signals and a changed word: callers loop and re-check.
func FutexWaitBounded(addr *uint32, val uint32) {
	ts := unix.NsecToTimespec(int64(waitBound))
	_, _, e := unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWait, uintptr(val), uintptr(unsafe.Pointer(&ts)), 0, 0)
	if e == unix.ETIMEDOUT {
		runtime.Gosched()
	}
}

// waitBound is the longest one FutexWaitBounded sleeps: long enough that
// a process waiting minutes for a lock wakes rarely, short enough that a
// signal or timer waiting for the P is late by little.
const waitBound = 10 * time.Millisecond

const futexWait = 0 // FUTEX_WAIT without FUTEX_PRIVATE_FLAG

// Futex is futex(2) with no timeout, for FUTEX_WAKE (with or without
// FUTEX_PRIVATE_FLAG); see the package comment before waiting with it.
// Its result is not reported: waiters loop and re-check the word.
func Futex(addr *uint32, op int, val uint32) {
	unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), uintptr(op), uintptr(val), 0, 0, 0)
}
