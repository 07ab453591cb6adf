// Interrupts: signals recorded by a goroutine and acted on by the session.

package backend

import (
	"context"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql/expr"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

var (
	errCanceled  = pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	errTimeout   = pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	errTerminate = pgerr.Fatalf(pgerr.AdminShutdown, "terminating connection due to administrator command")
)

// installSignalHandlers routes the process's signals to the session
// until the returned function is called at the session's end.
func (s *session) installSignalHandlers() (stop func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE, syscall.SIGUSR1)
	if s.child.ReloadMissed() {
		// A SIGHUP came while the handler was being set up (between the
		// pre-started backend's and this one, say).
		s.reloadPending.Store(true)
	}
	go func() {
		for sig := range ch {
			switch sig {
			case syscall.SIGINT:
				if cancel := s.running.Load(); cancel != nil {
					(*cancel)(errCanceled)
				}
			case syscall.SIGTERM:
				s.terminating.Store(true)
				if cancel := s.running.Load(); cancel != nil {
					(*cancel)(errTerminate)
				} else {
					// Idle: wake the blocked read; the loop sees the flag.
					s.conn.SetReadDeadline(time.Now())
				}
			case syscall.SIGHUP:
				s.reloadPending.Store(true)
			case syscall.SIGUSR1:
				s.notifyInterrupt()
			case syscall.SIGQUIT:
				s.quickDie()
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(ch)
	}
}

// quickDie is PostgreSQL's quickdie: tell the client why, without waiting
// on anything that could block, and exit with status 2 — the postmaster is
// restarting everyone or stopping immediately.
func (s *session) quickDie() {
	var e *pgerr.Error
	switch s.child.Shared.Quit() {
	case postmaster.QuitCrashRestart:
		e = pgerr.New(pgerr.CrashShutdown, "terminating connection because of crash of another server process").
			WithDetail("The postmaster has commanded this server process to roll back the current transaction and exit, because another server process exited abnormally and possibly corrupted shared memory.").
			WithHint("In a moment you should be able to reconnect to the database and repeat your command.")
	default:
		e = pgerr.New(pgerr.AdminShutdown, "terminating connection due to immediate shutdown command")
	}
	e.Severity = pgerr.SeverityWarning
	if s.be != nil && s.writeMu.TryLock() {
		buf, err := (&noticeOrError{e}).encode()
		if err == nil {
			s.conn.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
			s.conn.Write(buf)
		}
	}
	os.Exit(2)
}

// SignalBackend is pg_signal_backend (expr.BackendSignaler): only client
// backends of this server may be signalled; a superuser's only by a
// superuser, others by a superuser or the same role. Membership in
// pg_signal_backend is not modelled yet (roles have no memberships).
func (s *session) SignalBackend(pid int32, terminate bool) (bool, error) {
	slot := s.child.Procs.FindByPid(pid)
	var snap proc.Snapshot
	ok := false
	if slot != nil {
		snap, ok = slot.Read()
	}
	if !ok || snap.Role != proc.RoleBackend && snap.Role != proc.RoleAutovacuumWorker {
		s.notice(pgerr.Newf(pgerr.Warning, "PID %d is not a PostgreSQL backend process", pid).WithSeverity(pgerr.SeverityWarning))
		return false, nil
	}
	targetSuper := atomic.LoadInt32(&slot.Superuser) != 0
	if targetSuper && !s.superuser {
		if terminate {
			return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a superuser to terminate superuser process")
		}
		return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a superuser to cancel superuser query")
	}
	if !s.superuser && snap.UserOID != s.userOID {
		if terminate {
			return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a member of the role whose process is being terminated or member of pg_signal_backend")
		}
		return false, pgerr.New(pgerr.InsufficientPrivilege, "must be a member of the role whose query is being canceled or member of pg_signal_backend")
	}
	if int(pid) == os.Getpid() {
		// Signalling oneself: act now, as PostgreSQL's handler runs
		// before the kill() returns, so that the statement that asked
		// reports the interrupt (Go delivers the signal later).
		if terminate {
			s.terminating.Store(true)
			if cancel := s.running.Load(); cancel != nil {
				(*cancel)(errTerminate)
			}
		} else if cancel := s.running.Load(); cancel != nil {
			(*cancel)(errCanceled)
		}
		return true, nil
	}
	sig := syscall.SIGINT
	if terminate {
		sig = syscall.SIGTERM
	}
	if err := syscall.Kill(int(pid), sig); err != nil {
		s.notice(pgerr.Newf(pgerr.Warning, "could not send signal to process %d: %v", pid, err).WithSeverity(pgerr.SeverityWarning))
		return false, nil
	}
	return true, nil
}

// WaitBackendExit is pg_wait_until_termination: it polls every 100 ms
// (PostgreSQL's interval) until pid is gone or timeout passes.
func (s *session) WaitBackendExit(ctx context.Context, pid int32, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)
	s.ReportWait(waitevent.BackendTermination)
	defer s.ReportWait(0)
	for {
		if err := syscall.Kill(int(pid), 0); err == syscall.ESRCH {
			return true, nil
		} else if err != nil && err != syscall.EPERM {
			return false, pgerr.Newf(pgerr.InternalError, "could not check the existence of the backend with PID %d: %v", pid, err)
		}
		// A child that exited but is not reaped yet is gone too.
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(int(pid)) + "/stat"); err == nil && zombie(b) {
			return true, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			s.notice(pgerr.Newf(pgerr.Warning, "backend with PID %d did not terminate within %d milliseconds", pid, timeout.Milliseconds()).WithSeverity(pgerr.SeverityWarning))
			return false, nil
		}
		t := time.NewTimer(min(left, 100*time.Millisecond))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return false, expr.Canceled(ctx)
		}
	}
}

// zombie reports whether /proc/pid/stat shows state Z.
func zombie(stat []byte) bool {
	i := strings.LastIndexByte(string(stat), ')')
	return i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}
