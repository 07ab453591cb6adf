// Starting and stopping the logging collector.

package postmaster

import (
	"os"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"golang.org/x/sys/unix"
)

// startLogger creates the collector's pipe, starts the logger on its read
// end and points the postmaster's own standard error (and so every later
// child's) at the write end. The postmaster keeps the read end so a
// restarted logger finds what was written meanwhile.
func (pm *Postmaster) startLogger() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	pm.loggerRead = r
	if _, err := pm.startChild(proc.RoleLogger, r, nil); err != nil {
		return err
	}
	note := pgerr.New(pgerr.SuccessfulCompletion, "redirecting log output to logging collector process").
		WithHint("Future log output will appear in directory \"%s\".", pm.settings.String("log_directory"))
	note.Severity = pgerr.SeverityLog
	pm.log.Report(note, "")
	if err := unix.Dup2(int(w.Fd()), 2); err != nil {
		return err
	}
	w.Close()
	return nil
}

// stopLogger closes the postmaster's end of the pipe so the logger sees EOF
// once every writer is gone, then waits for it to drain and exit.
func (pm *Postmaster) stopLogger() {
	lg := pm.findRole(proc.RoleLogger)
	if lg == nil {
		return
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err == nil {
		unix.Dup2(int(devnull.Fd()), 2)
		devnull.Close()
	}
	pm.loggerRead.Close()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case e := <-pm.exits:
			delete(pm.children, e.c.pid)
			if e.c == lg {
				return
			}
		case <-deadline:
			unix.Kill(lg.pid, unix.SIGKILL)
			return
		}
	}
}
