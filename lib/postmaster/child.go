// What a child process sets up before it does its job: shared memory, its
// settings, its log, and the watch on the postmaster.

package postmaster

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Child is the environment of a process started by the postmaster.
type Child struct {
	Role          proc.Role
	DataDir       string
	Seg           *shmem.Segment
	Procs         *proc.Array
	Shared        *SharedState
	Storage       *engine.Shared
	Settings      *config.Settings
	Log           *elog.Logger
	Title         *proc.Title
	PostmasterPID int
	// Extra is the descriptor passed at FdExtra: a backend's client socket,
	// the logger's pipe. Nil for other roles.
	Extra *os.File
	// Handoff is the descriptor passed at FdHandoff: the socketpair of a
	// backend started for a connection, on which it may offer itself for
	// more (lib/backend's reuse). Nil otherwise.
	Handoff *os.File
	// configGen is the reload generation Settings include.
	configGen uint64
	// confLoadedAt is when the settings were last read: the postmaster's
	// time when the child started, then the child's own reloads'.
	confLoadedAt time.Time
	// sessionBase is the settings a session starts from (the
	// postmaster's export as imported, then as reloaded), untouched by
	// any session, and baseGen the reload generation it includes:
	// ResetSettings gives a pooled backend's next session a clone.
	sessionBase *config.Settings
	baseGen     uint64
}

// AttachChild builds a child's environment from what the postmaster passed.
func AttachChild() (*Child, error) {
	roleName, _ := proc.ChildRole()
	role, ok := proc.RoleByTitle(roleName)
	if !ok {
		return nil, fmt.Errorf("unknown child role %q", roleName)
	}
	c := &Child{
		Role:          role,
		DataDir:       os.Getenv(proc.EnvDataDir),
		PostmasterPID: proc.PostmasterPID(),
		Log:           elog.New(os.Stderr),
	}
	c.configGen, _ = strconv.ParseUint(os.Getenv(proc.EnvConfigGen), 10, 64)
	// Exit as soon as the postmaster is gone; Pdeathsig is the first line,
	// this the second.
	proc.WatchPostmaster(func() { os.Exit(1) })

	title, err := proc.OpenTitle()
	if err == nil {
		c.Title = title
	}
	seg, err := shmem.Attach(os.NewFile(proc.FdShmem, "shmem"))
	if err != nil {
		return nil, err
	}
	c.Seg = seg
	c.Procs = proc.AttachArray(seg)
	c.Shared = attachShared(seg)
	c.confLoadedAt = time.UnixMicro(atomic.LoadInt64(&c.Shared.ConfLoadTime))
	c.Storage = engine.AttachShared(seg)
	if f := os.NewFile(proc.FdExtra, "extra"); f != nil {
		if _, err := f.Stat(); err == nil {
			c.Extra = f
		}
	}
	if role == proc.RoleBackend {
		if f := os.NewFile(proc.FdHandoff, "handoff"); f != nil {
			if _, err := f.Stat(); err == nil {
				c.Handoff = f
			}
		}
	}
	// The postmaster's settings as they are now, not postgresql.conf as it
	// is now: an edit not yet reloaded, or a broken one, must not reach a
	// new session, and a parameter that needs a restart keeps the value
	// the server started with.
	exported, err := config.DecodeExport(os.Getenv(proc.EnvOptions))
	if err != nil {
		return nil, err
	}
	settings := config.New()
	settings.SetUnderPostmaster(true)
	if err := settings.Import(exported); err != nil {
		return nil, err
	}
	c.Settings = settings
	c.sessionBase, c.baseGen = settings.Clone(), c.configGen
	c.ConfigureLog()
	return c, nil
}

// ResetSettings gives a pooled backend's next session the settings a
// new backend would start with: a clone of those the process started
// with, with the configuration files re-read if the postmaster reloaded
// them since. Nothing a session SET, RESET or sent in its start-up
// packet survives: not even the reset values RESET ALL would go back to,
// which are the session's own.
func (c *Child) ResetSettings() error {
	fresh := c.sessionBase.Clone()
	if gen := atomic.LoadUint64(&c.Shared.ReloadGeneration); gen != c.baseGen {
		if _, err := reloadSettings(fresh, c.DataDir); err != nil {
			c.Log.Report(err, "")
		}
		c.sessionBase, c.baseGen = fresh.Clone(), gen
		c.confLoadedAt = time.Now()
	}
	c.Settings = fresh
	c.configGen = c.baseGen
	c.ConfigureLog()
	return nil
}

// Reload re-reads the configuration files after SIGHUP, as every
// PostgreSQL process does itself. Only the postmaster logs what changed.
func (c *Child) Reload() {
	// Read before the files: a reload the postmaster makes meanwhile
	// leaves this child behind, to catch up again.
	c.configGen = atomic.LoadUint64(&c.Shared.ReloadGeneration)
	if _, err := reloadSettings(c.Settings, c.DataDir); err != nil {
		c.Log.Report(err, "")
	}
	c.confLoadedAt = time.Now()
	c.ConfigureLog()
}

// PostmasterStartTime is pg_postmaster_start_time().
func (c *Child) PostmasterStartTime() time.Time {
	return time.UnixMicro(atomic.LoadInt64(&c.Shared.StartTime))
}

// ConfLoadTime is pg_conf_load_time(): when the postmaster last read the
// configuration files before starting this process, or this process's own
// last reload since (PostgreSQL's PgReloadTime, inherited, then set by
// each process's reload).
func (c *Child) ConfLoadTime() time.Time { return c.confLoadedAt }

// ReloadMissed reports whether the postmaster reloaded the configuration
// since this child's settings were read: a SIGHUP that came before the
// child handled SIGHUP (package sighup) was lost.
func (c *Child) ReloadMissed() bool {
	return atomic.LoadUint64(&c.Shared.ReloadGeneration) != c.configGen
}

// CatchUpReload reloads if a reload was missed; a child calls it once
// its SIGHUP handler is in place.
func (c *Child) CatchUpReload() {
	if c.ReloadMissed() {
		c.Reload()
	}
}

// ConfigureLog applies the log_* settings to the process's logger.
func (c *Child) ConfigureLog() { configureLogger(c.Log, c.Settings) }

// OpenEngine builds the process's storage handles once it holds slot.
func (c *Child) OpenEngine(slot *proc.Slot) (*engine.Engine, error) {
	e, err := c.Storage.Open(c.DataDir, c.Settings, c.Log, &slot.Owner, c.Procs.Index(slot))
	if err != nil {
		return nil, err
	}
	e.BackendType = pgstat.BackendTypeOf(c.Role)
	return e, nil
}

// ClaimAuxSlot takes the proc slot of a background process.
func (c *Child) ClaimAuxSlot() (*proc.Slot, error) {
	slot := c.Procs.ClaimAux(int32(os.Getpid()), c.Role)
	if slot == nil {
		return nil, fmt.Errorf("no free auxiliary process slot for %s", c.Role.Title())
	}
	return slot, nil
}

// AuxSignals is the usual signal set of a background process.
type AuxSignals struct {
	Reload   chan os.Signal // SIGHUP
	Shutdown chan os.Signal // SIGTERM, SIGUSR2: finish up and exit
	Wakeup   chan os.Signal // SIGINT, SIGUSR1: a request is waiting in shared memory
}

// NotifyAux installs the background-process signal handlers. SIGQUIT (the
// postmaster's immediate shutdown or crash restart) exits at once with
// status 2, as PostgreSQL's quickdie does.
func (c *Child) NotifyAux() *AuxSignals {
	s := &AuxSignals{
		Reload:   make(chan os.Signal, 1),
		Shutdown: make(chan os.Signal, 1),
		Wakeup:   make(chan os.Signal, 1),
	}
	signal.Notify(s.Reload, syscall.SIGHUP)
	signal.Notify(s.Shutdown, syscall.SIGTERM, syscall.SIGUSR2)
	signal.Notify(s.Wakeup, syscall.SIGINT, syscall.SIGUSR1)
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	go func() {
		<-quit
		os.Exit(2)
	}()
	if c.ReloadMissed() {
		// A SIGHUP came before this handler: deliver it now.
		select {
		case s.Reload <- syscall.SIGHUP:
		default:
		}
	}
	return s
}

// Sleep waits for d or a signal; it returns the channel that fired (nil on
// timeout) so loops can act on it.
func (s *AuxSignals) Sleep(d time.Duration) chan os.Signal {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-s.Reload:
		return s.Reload
	case <-s.Shutdown:
		return s.Shutdown
	case <-s.Wakeup:
		return s.Wakeup
	}
}

// RequestCheckpoint asks the checkpointer for a checkpoint with flags and,
// when wait is set, waits until one that started after the request has
// finished (PostgreSQL's RequestCheckpoint).
func (c *Child) RequestCheckpoint(ctx context.Context, flags uint32, wait bool) error {
	sh := c.Shared
	failedBefore := atomic.LoadUint64(&sh.CkptFailed)
	atomic.OrUint32(&sh.CkptFlags, flags)
	target := atomic.AddUint64(&sh.CkptRequests, 1)
	// The checkpointer may be starting (just after start-up or a crash
	// restart) or restarting: try for two seconds, as PostgreSQL does.
	for tries := 0; ; tries++ {
		pid := atomic.LoadInt32(&sh.CheckpointerPID)
		if pid != 0 && unix.Kill(int(pid), syscall.SIGINT) == nil {
			break
		}
		if tries >= 20 {
			msg := "could not signal for checkpoint: checkpointer is not running"
			if !wait {
				c.Log.Log("%s", msg)
				return nil
			}
			return pgerr.New(pgerr.InternalError, msg)
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if !wait {
		return nil
	}
	for atomic.LoadUint64(&sh.CkptDone) < target {
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if atomic.LoadUint64(&sh.CkptFailed) != failedBefore {
		return pgerr.New(pgerr.InternalError, "checkpoint request failed").
			WithHint("Consult recent messages in the server log for details.")
	}
	return nil
}

// Panic ends the process after an error PostgreSQL would report as PANIC
// (a failed WAL write or fsync, a failure inside a critical section): it
// logs the error, marks the process's slot as inside a critical section and
// exits, so that the postmaster restarts every process and recovery
// decides what is durable. It does not return.
func (c *Child) Panic(err error, slot *proc.Slot) {
	pe := pgerr.As(err)
	pe.Severity = pgerr.SeverityPanic
	c.Log.Report(pe, "")
	if slot != nil {
		slot.Owner.EnterCritical()
	}
	os.Exit(2)
}

// IsPanic reports whether err has PANIC severity.
func IsPanic(err error) bool {
	return err != nil && pgerr.As(err).Severity == pgerr.SeverityPanic
}
