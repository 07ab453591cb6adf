// The system calls the storage manager makes, behind an interface so that
// tests can inject failures (a full disk, a failing fsync, short writes).

package smgr

import (
	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

// sysOps is the file system as md.c sees it through fd.c. Paths are
// absolute; errors are syscall.Errno values.
type sysOps interface {
	open(path string, flags int, mode uint32) (int, error)
	pread(fd int, p []byte, off int64) (int, error)
	pwrite(fd int, p []byte, off int64) (int, error)
	fsync(fd int) error
	ftruncate(fd int, size int64) error
	fsize(fd int) (int64, error)
	close(fd int) error
	truncate(path string, size int64) error
	unlink(path string) error
	mkdir(path string, mode uint32) error
}

// osOps is the real thing. Every call is retried on EINTR, which the Go
// runtime's signals (preemption) can cause.
type osOps struct{}

func retry[T any](f func() (T, error)) (T, error) {
	for {
		v, err := f()
		if err != unix.EINTR {
			return v, err
		}
	}
}

func retry0(f func() error) error {
	_, err := retry(func() (struct{}, error) { return struct{}{}, f() })
	return err
}

func (osOps) open(path string, flags int, mode uint32) (int, error) {
	return retry(func() (int, error) { return unix.Open(path, flags|unix.O_CLOEXEC, mode) })
}

// pread reads once (PostgreSQL's FileRead): a short count is reported as
// such, not retried, so that the caller can say "read only %d of %d bytes".
func (osOps) pread(fd int, p []byte, off int64) (int, error) {
	return rawsys.Pread(fd, p, off)
}

func (osOps) pwrite(fd int, p []byte, off int64) (int, error) {
	return rawsys.Pwrite(fd, p, off)
}

func (osOps) fsync(fd int) error { return retry0(func() error { return unix.Fsync(fd) }) }

func (osOps) ftruncate(fd int, size int64) error {
	return retry0(func() error { return unix.Ftruncate(fd, size) })
}

func (osOps) fsize(fd int) (int64, error) {
	return rawsys.FileSize(fd)
}

func (osOps) close(fd int) error { return unix.Close(fd) }

func (osOps) truncate(path string, size int64) error {
	return retry0(func() error { return unix.Truncate(path, size) })
}

func (osOps) unlink(path string) error { return retry0(func() error { return unix.Unlink(path) }) }

func (osOps) mkdir(path string, mode uint32) error {
	return retry0(func() error { return unix.Mkdir(path, mode) })
}
