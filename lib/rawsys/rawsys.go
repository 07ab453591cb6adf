// Package rawsys makes the short system calls of a backend's hot paths
// (reading and writing data and WAL pages, fdatasync, file sizes and
// futex wake-ups) as raw system calls, without the
// Go runtime's entersyscall/exitsyscall.
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
// files, fdatasync and lseek, and futex wake-ups. A futex wait does not:
// the waker may be another goroutine of the same process, which could
// then never run.
package rawsys

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Pread is pread(2); it retries on EINTR.
func Pread(fd int, p []byte, off int64) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	for {
		r, _, e := unix.RawSyscall6(unix.SYS_PREAD64, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(off), 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(r), nil
	}
}

// Pwrite is pwrite(2); it retries on EINTR.
func Pwrite(fd int, p []byte, off int64) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	for {
		r, _, e := unix.RawSyscall6(unix.SYS_PWRITE64, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(off), 0, 0)
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

// Futex is futex(2) with no timeout, for FUTEX_WAKE (with or without
// FUTEX_PRIVATE_FLAG); see the package comment before waiting with it.
// Its result is not reported: waiters loop and re-check the word.
func Futex(addr *uint32, op int, val uint32) {
	unix.RawSyscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), uintptr(op), uintptr(val), 0, 0, 0)
}
