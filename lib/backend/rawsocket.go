// The client socket as the command loop reads and writes it.
//
// Go's net.Conn makes each read and write a system call through
// entersyscall, which wakes the runtime's sysmon thread whenever it
// sleeps: between two queries the backend waits in the netpoller, sysmon
// goes to sleep, and the first read of the next query wakes it again.
// Measured with perf on pgbench's SELECT 1, that was 4.5 context switches
// per query against PostgreSQL's 1.75, on a machine where each costs
// microseconds. The socket is non-blocking, so a read or write never
// waits in the kernel: rawSocket makes them raw system calls (no
// entersyscall), and waits for readiness in the netpoller as net.Conn
// does (syscall.RawConn), deadlines included, so SIGTERM's and the idle
// timeouts' wake-ups (SetReadDeadline) work unchanged.

package backend

import (
	"io"
	"net"
	"syscall"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// rawSocket reads and writes a connection's socket with raw system
// calls; conn is used when the connection has no file descriptor.
type rawSocket struct {
	conn net.Conn
	rc   syscall.RawConn
	// waitOwner, when set, shows Client / ClientWrite in the process's
	// proc slot while a write waits for the client to make room, as
	// PostgreSQL reports it only when the socket is full.
	waitOwner *shmem.Owner
}

func newRawSocket(c net.Conn) *rawSocket {
	s := &rawSocket{conn: c}
	if sc, ok := c.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			s.rc = rc
		}
	}
	return s
}

// Read reads what the socket has, waiting in the netpoller until it has
// something (or the read deadline passes).
func (s *rawSocket) Read(p []byte) (int, error) {
	if s.rc == nil || len(p) == 0 {
		return s.conn.Read(p)
	}
	var n int
	var rerr error
	err := s.rc.Read(func(fd uintptr) bool {
		for {
			r, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
			switch e {
			case 0:
				n = int(r)
				if n == 0 {
					rerr = io.EOF
				}
				return true
			case syscall.EINTR:
				continue
			case syscall.EAGAIN:
				return false
			default:
				rerr = e
				return true
			}
		}
	})
	if err != nil {
		return 0, err
	}
	return n, rerr
}

// Write writes all of p, waiting in the netpoller while the socket's
// buffer is full (or until the write deadline passes).
func (s *rawSocket) Write(p []byte) (int, error) {
	if s.rc == nil || len(p) == 0 {
		return s.conn.Write(p)
	}
	written := 0
	var werr error
	blocked := false
	var prev waitevent.Event
	err := s.rc.Write(func(fd uintptr) bool {
		for written < len(p) {
			r, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[written])), uintptr(len(p)-written))
			switch e {
			case 0:
				written += int(r)
			case syscall.EINTR:
			case syscall.EAGAIN:
				if !blocked {
					blocked = true
					prev = waitevent.Swap(s.waitOwner, waitevent.ClientWrite)
				}
				return false
			default:
				werr = e
				return true
			}
		}
		return true
	})
	if blocked {
		waitevent.Restore(s.waitOwner, prev)
	}
	if err != nil {
		return written, err
	}
	return written, werr
}
