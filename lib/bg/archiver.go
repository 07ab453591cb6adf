// The archiver: runs archive_command for every finished WAL segment, in
// order (PostgreSQL's pgarch.c and shell_archive.c).

package bg

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// PostgreSQL's pgarch.c constants.
const (
	// archiveAutowake is how often the archiver scans archive_status even
	// when nobody woke it (PGARCH_AUTOWAKE_INTERVAL).
	archiveAutowake = 60 * time.Second
	// archiveRetries is how many times a round tries one file before it
	// gives up until the next round (NUM_ARCHIVE_RETRIES).
	archiveRetries = 3
	// filesPerScan is how many ready files one scan of archive_status
	// hands out before the next scan (NUM_FILES_PER_DIRECTORY_SCAN): a
	// long backlog is not rescanned for every file.
	filesPerScan = 64
	// orphanRetries bounds attempts to delete a .ready whose segment is
	// gone (NUM_ORPHAN_CLEANUP_RETRIES).
	orphanRetries = 3
	// termGrace is how long the archiver lingers after a SIGTERM that the
	// postmaster did not send before it exits anyway, so a stray SIGTERM
	// cannot stop archiving for good.
	termGrace = 60 * time.Second
)

// archiverSignals are the archiver's own: unlike the other background
// processes it tells SIGTERM (stop starting commands) from SIGUSR2 (the
// postmaster's "one last round, then exit").
type archiverSignals struct {
	reload, term, stop, wake chan os.Signal
}

func notifyArchiver() *archiverSignals {
	s := &archiverSignals{
		reload: make(chan os.Signal, 1),
		term:   make(chan os.Signal, 1),
		stop:   make(chan os.Signal, 1),
		wake:   make(chan os.Signal, 1),
	}
	signal.Notify(s.reload, syscall.SIGHUP)
	signal.Notify(s.term, syscall.SIGTERM)
	signal.Notify(s.stop, syscall.SIGUSR2)
	signal.Notify(s.wake, syscall.SIGUSR1)
	signal.Ignore(syscall.SIGINT, syscall.SIGPIPE)
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	go func() {
		<-quit
		os.Exit(2)
	}()
	return s
}

// RunArchiver is the archiver process's main function.
func RunArchiver(c *postmaster.Child) int {
	sigs := notifyArchiver()
	if c.ReloadMissed() {
		sigs.reload <- syscall.SIGHUP
	}
	// archive_command must not inherit shared memory or the postmaster's
	// life pipe.
	for _, fd := range []int{proc.FdShmem, proc.FdPostmasterLife, proc.FdExtra} {
		syscall.CloseOnExec(fd)
	}
	return runWithEngine(c, func(slot *proc.Slot, e *engine.Engine) int {
		a := &archiver{c: c, w: e.WALH, sigs: sigs, owner: &slot.Owner}
		e.WALH.SetArchiverPID(os.Getpid())
		defer e.WALH.SetArchiverPID(0)
		a.setTitle("")
		return a.run()
	})
}

type archiver struct {
	c        *postmaster.Child
	w        *xlog.WAL
	sigs     *archiverSignals
	termTime time.Time // when SIGTERM arrived; zero if it did not
	stopping bool      // SIGUSR2: this round is the last
	// owner is the proc slot's, where the archiver publishes its wait
	// events.
	owner *shmem.Owner
}

func (a *archiver) setTitle(activity string) {
	if a.c.Title == nil {
		return
	}
	title := proc.RoleArchiver.Title()
	if activity != "" {
		title += " " + activity
	}
	a.c.Title.Set("gpostgres:", title)
}

// poll takes in the signals that arrived without blocking.
func (a *archiver) poll() {
	for {
		select {
		case <-a.sigs.reload:
			a.c.Reload()
		case <-a.sigs.term:
			if a.termTime.IsZero() {
				a.termTime = time.Now()
			}
		case <-a.sigs.stop:
			a.stopping = true
		default:
			return
		}
	}
}

// run is pgarch_MainLoop: a round at start (files left from before a
// restart or crash), then one whenever woken, at least every minute, and
// a last one when the postmaster asks for it at shutdown.
func (a *archiver) run() int {
	for {
		a.poll()
		last := a.stopping
		if !a.termTime.IsZero() && time.Since(a.termTime) >= termGrace {
			return 0
		}
		a.copyLoop()
		if last {
			return 0
		}
		if a.stopping {
			// SIGUSR2 arrived during the round: do the last one now.
			continue
		}
		t := time.NewTimer(archiveAutowake)
		waitevent.Start(a.owner, waitevent.ArchiverMain)
		select {
		case <-t.C:
		case <-a.sigs.wake:
		case <-a.sigs.reload:
			a.c.Reload()
		case <-a.sigs.term:
			if a.termTime.IsZero() {
				a.termTime = time.Now()
			}
		case <-a.sigs.stop:
			a.stopping = true
		}
		waitevent.End(a.owner)
		t.Stop()
	}
}

// interrupted reports whether no further command may start: after
// SIGTERM, as in PostgreSQL, to finish before init's SIGKILL. (Postmaster
// death ends the process at once: see postmaster.AttachChild.)
func (a *archiver) interrupted() bool {
	a.poll()
	return !a.termTime.IsZero()
}

// copyLoop archives every ready file, oldest first, and returns when none
// is left, when one failed archiveRetries times, or when interrupted
// (pgarch_ArchiverCopyLoop).
func (a *archiver) copyLoop() {
	for {
		if a.interrupted() {
			return
		}
		ready, err := xlog.ReadyFiles(a.c.DataDir)
		if err != nil {
			a.c.Log.Report(pgerr.As(err).WithSeverity(pgerr.SeverityWarning), "")
			return
		}
		if len(ready) == 0 {
			return
		}
		if len(ready) > filesPerScan {
			ready = ready[:filesPerScan]
		}
		for _, name := range ready {
			if _, err := os.Stat(filepath.Join(a.c.DataDir, xlog.ArchiveStatusDir, name+".ready")); err != nil {
				continue // done meanwhile, or its segment was removed
			}
			if !a.archiveOne(name) {
				return
			}
		}
	}
}

// archiveOne archives name, retrying; it reports whether the round may go
// on with the next file.
func (a *archiver) archiveOne(name string) bool {
	failures, orphanFailures := 0, 0
	for {
		if a.interrupted() {
			return false
		}
		command := a.c.Settings.String("archive_command")
		if command == "" {
			a.c.Log.Warning("archive_mode enabled, yet archiving is not configured")
			return false
		}
		// Status files are not removed durably: after a crash a .ready
		// may outlive its segment. Drop it and go on.
		if _, err := os.Stat(filepath.Join(a.c.DataDir, datadir.WALDir, name)); errors.Is(err, os.ErrNotExist) {
			ready := filepath.Join(xlog.ArchiveStatusDir, name+".ready")
			if err := os.Remove(filepath.Join(a.c.DataDir, ready)); err == nil || errors.Is(err, os.ErrNotExist) {
				a.c.Log.Warning("removed orphan archive status file \"%s\"", ready)
				return true
			}
			if orphanFailures++; orphanFailures >= orphanRetries {
				a.c.Log.Warning("removal of orphan archive status file \"%s\" failed too many times, will try again later", ready)
				return false
			}
			a.pause(time.Second)
			continue
		}
		if a.runCommand(command, name) {
			if err := xlog.ArchiveDone(a.c.DataDir, name); err != nil {
				a.c.Log.Report(pgerr.As(err).WithSeverity(pgerr.SeverityWarning), "")
			}
			a.w.ReportArchived(name, false)
			return true
		}
		a.w.ReportArchived(name, true)
		if failures++; failures >= archiveRetries {
			a.c.Log.Warning("archiving write-ahead log file \"%s\" failed too many times, will try again later", name)
			return false
		}
		a.pause(time.Second)
	}
}

// pause sleeps d, cut short by SIGTERM (the next check stops the round).
func (a *archiver) pause(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-a.sigs.term:
		if a.termTime.IsZero() {
			a.termTime = time.Now()
		}
	}
}

// ArchiveCommand is archive_command with %p (the segment's path relative
// to the data directory), %f (its file name) and %% replaced; any other %
// stays as it is (shell_archive.c).
func ArchiveCommand(template, name string) string {
	var b strings.Builder
	path := filepath.Join(datadir.WALDir, name)
	for i := 0; i < len(template); i++ {
		ch := template[i]
		if ch == '%' && i+1 < len(template) {
			switch template[i+1] {
			case 'p':
				b.WriteString(path)
				i++
				continue
			case 'f':
				b.WriteString(name)
				i++
				continue
			case '%':
				b.WriteByte('%')
				i++
				continue
			}
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// runCommand runs archive_command for name through /bin/sh in the data
// directory and reports whether it succeeded. A command killed by a
// signal, or one the shell could not run (exit status above 125), ends
// the archiver with FATAL, as in PostgreSQL: such a signal was probably
// meant for us too, and the postmaster starts a new archiver.
func (a *archiver) runCommand(template, name string) bool {
	command := ArchiveCommand(template, name)
	a.c.Log.Logf(elog.Debug3, "executing archive command \"%s\"", command)
	a.setTitle("archiving " + name)
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Dir = a.c.DataDir
	cmd.Env = commandEnv()
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	// Should the archiver be killed, its command goes too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	waitevent.Start(a.owner, waitevent.ArchiveCommand)
	err := cmd.Run()
	waitevent.End(a.owner)
	if err == nil {
		a.c.Log.Logf(elog.Debug1, "archived write-ahead log file \"%s\"", name)
		a.setTitle("last was " + name)
		return true
	}
	severity := pgerr.SeverityLog
	var msg string
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		ws, _ := ee.Sys().(syscall.WaitStatus)
		switch {
		case ws.Signaled():
			severity = pgerr.SeverityFatal
			msg = "archive command was terminated by signal " + strconv.Itoa(int(ws.Signal())) + ": " + signalDescription(ws.Signal())
		case ws.Exited():
			if ws.ExitStatus() > 125 {
				severity = pgerr.SeverityFatal
			}
			msg = "archive command failed with exit code " + strconv.Itoa(ws.ExitStatus())
		default:
			msg = "archive command exited with unrecognized status " + strconv.Itoa(int(ws))
		}
	default:
		msg = "could not execute archive command: " + err.Error()
	}
	e := pgerr.New(pgerr.SuccessfulCompletion, msg).WithSeverity(severity).
		WithDetail("The failed archive command was: %s", command)
	if severity == pgerr.SeverityFatal {
		e.Code = pgerr.InternalError
		a.c.Log.Report(e, "")
		os.Exit(1)
	}
	a.c.Log.Report(e, "")
	a.setTitle("failed on " + name)
	return false
}

// commandEnv is the archiver's environment without the variables that
// make a gpostgres executable believe it is a child of the postmaster.
func commandEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GPOSTGRES_") {
			env = append(env, kv)
		}
	}
	return env
}

func signalDescription(s syscall.Signal) string {
	d := s.String()
	if d != "" {
		d = strings.ToUpper(d[:1]) + d[1:]
	}
	return d
}
