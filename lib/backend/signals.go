// Interrupts: signals recorded by a goroutine and acted on by the session.

package backend

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
)

var (
	errCanceled  = pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	errTimeout   = pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	errTerminate = pgerr.Fatalf(pgerr.AdminShutdown, "terminating connection due to administrator command")
)

func (s *session) installSignalHandlers() {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE)
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
			case syscall.SIGQUIT:
				s.quickDie()
			}
		}
	}()
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
