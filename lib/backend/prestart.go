// A pre-started backend's wait for its client, and its return to the
// pool between sessions (reuse.go).

package backend

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
)

type handOff struct {
	info proc.ConnInfo
	conn *os.File
	err  error
}

// pooledProcess is a backend process that serves sessions one after
// another, each handed over on the socketpair it was started with.
type pooledProcess struct {
	child *postmaster.Child
	// handoff is the backend's end of the socketpair: connections come
	// in, proc.ReadyMessage goes out.
	handoff *os.File
	// sigs stays registered for the process's life, so that no signal
	// finds the process without a handler between sessions (SIGTERM's
	// default action would kill it, which the postmaster would take for
	// a crash). During a session the session's own handler acts and
	// this channel just fills up; waitForConnection drains it first.
	sigs chan os.Signal
}

func newPooledProcess(child *postmaster.Child, handoff *os.File) *pooledProcess {
	p := &pooledProcess{child: child, handoff: handoff, sigs: make(chan os.Signal, 8)}
	signal.Notify(p.sigs, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGINT, syscall.SIGHUP)
	return p
}

// waitForConnection waits on the socketpair for the postmaster to hand
// the process a client socket. It returns false when no client will come:
// the postmaster asked it to exit (SIGTERM, SIGQUIT), closed its end, or
// went away.
func (p *pooledProcess) waitForConnection() (proc.ConnInfo, *os.File, bool) {
	child := p.child
	// Signals that came during the last session: a termination still
	// counts; the rest were the session's business.
	for drained := false; !drained; {
		select {
		case sig := <-p.sigs:
			if sig == syscall.SIGTERM || sig == syscall.SIGQUIT {
				return proc.ConnInfo{}, nil, false
			}
		default:
			drained = true
		}
	}
	child.CatchUpReload()
	child.Log.SetSession(elog.Session{})
	child.Title.Set("gpostgres:", "pre-started backend")

	got := make(chan handOff, 1)
	sock := p.handoff
	go func() {
		info, conn, err := proc.ReceiveConnection(sock)
		got <- handOff{info, conn, err}
	}()
	for {
		select {
		case h := <-got:
			if h.err != nil {
				return proc.ConnInfo{}, nil, false
			}
			// A signal may have arrived together with the connection; the
			// select above could have picked either. SIGTERM and SIGQUIT
			// still win: the postmaster is shutting down or restarting.
			for {
				select {
				case sig := <-p.sigs:
					if sig == syscall.SIGHUP {
						child.Reload()
						continue
					}
					if sig == syscall.SIGTERM || sig == syscall.SIGQUIT {
						h.conn.Close()
						return proc.ConnInfo{}, nil, false
					}
					continue
				default:
				}
				break
			}
			return h.info, h.conn, true
		case sig := <-p.sigs:
			switch sig {
			case syscall.SIGHUP:
				// Start the session with the current configuration.
				child.Reload()
			case syscall.SIGINT:
				// No statement to cancel.
			default:
				// The receiving goroutine stays blocked; the process
				// exits.
				return proc.ConnInfo{}, nil, false
			}
		}
	}
}
