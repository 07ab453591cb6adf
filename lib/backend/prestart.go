// A pre-started backend's wait for its client.

package backend

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
)

type handOff struct {
	info proc.ConnInfo
	conn *os.File
	err  error
}

// waitForConnection warms the process up, then waits on the socketpair in
// child.Extra for the postmaster to hand it a client socket, which replaces
// child.Extra. It returns false when no client will come: the postmaster
// asked it to exit (SIGTERM, SIGQUIT) or went away.
func waitForConnection(child *postmaster.Child) (proc.ConnInfo, bool) {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGINT, syscall.SIGHUP)
	defer signal.Stop(sigs)
	child.CatchUpReload()
	child.Title.Set("gpostgres:", "pre-started backend")
	// What a fresh backend would pay on its first query, paid now.
	sql.Parse("SELECT 1")

	got := make(chan handOff, 1)
	sock := child.Extra
	go func() {
		info, conn, err := proc.ReceiveConnection(sock)
		got <- handOff{info, conn, err}
	}()
	for {
		select {
		case h := <-got:
			sock.Close()
			if h.err != nil {
				return proc.ConnInfo{}, false
			}
			// A signal may have arrived together with the connection; the
			// select above could have picked either. SIGTERM and SIGQUIT
			// still win: the postmaster is shutting down or restarting.
			for {
				select {
				case sig := <-sigs:
					if sig == syscall.SIGHUP {
						child.Reload()
						continue
					}
					if sig == syscall.SIGTERM || sig == syscall.SIGQUIT {
						h.conn.Close()
						return proc.ConnInfo{}, false
					}
					continue
				default:
				}
				break
			}
			child.Extra = h.conn
			return h.info, true
		case sig := <-sigs:
			switch sig {
			case syscall.SIGHUP:
				// Start the session with the current configuration.
				child.Reload()
			case syscall.SIGINT:
				// No statement to cancel.
			default:
				return proc.ConnInfo{}, false
			}
		}
	}
}
