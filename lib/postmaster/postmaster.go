// Start-up, the server loop, and the state machine for shutdown and crash
// restart.

package postmaster

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"golang.org/x/sys/unix"
)

// Options is what the gpostgres command line gives the postmaster.
type Options struct {
	DataDir string
	// Settings from -c name=value and the short flags (-p, -k, -h, -B, -N),
	// applied with command-line priority over the configuration file.
	Settings []proc.Setting
	// CommandLine is the full command line, recorded in postmaster.opts.
	CommandLine []string
}

// Version is what "starting PostgreSQL ..." and version() report.
const Version = "15.18 (gpostgres 0.1)"

type pmState int

const (
	stateStartup pmState = iota // the startup process is recovering
	stateRun
	stateWaitBackends
	stateShutdownCheckpoint
	stateWaitDeadEnd
	stateCrashWait
	stateImmediate
)

// Postmaster is the running server's parent process.
type Postmaster struct {
	opts     Options
	dataDir  string
	exe      string
	settings *config.Settings
	// childSettings is settings as every child starts with them
	// (config.EncodeExport), refreshed at each load. Children import it
	// instead of re-reading postgresql.conf, which may have changed since
	// (not yet reloaded, or broken), as PostgreSQL's forked children
	// inherit the postmaster's state. Read by the spawner thread.
	childSettings atomic.Pointer[exportedSettings]
	// reloadGen counts reloads; shared memory's ReloadGeneration mirrors
	// it (and is set again when shared memory is made anew).
	reloadGen uint64
	log       *elog.Logger

	seg     *shmem.Segment
	procs   *proc.Array
	shared  *SharedState
	storage *engine.Shared
	// owner records the postmaster's own LWLock holds while it cleans up
	// after a dead child; it lives in private memory because the
	// postmaster's death ends every process anyway.
	owner shmem.Owner

	lifeRead, lifeWrite *os.File
	loggerRead          *os.File
	listeners           []net.Listener
	socketLocks         []string

	children      map[int]*child
	spawnRequests chan spawnRequest
	exits         chan exitEvent
	accepts       chan acceptEvent
	spawned       chan spawnedEvent
	returned      chan returnedEvent
	pool          []*child // idle pre-started backends
	poolPending   int      // pre-started backends being started

	state        pmState
	shutdownMode string // "smart", "fast", "immediate" once requested
	killDeadline time.Time
	bgRestartAt  map[proc.Role]time.Time
	// avStarting is the pid of the autovacuum worker started for the
	// launcher's pending request, until it exits or takes the request.
	avStarting int
	startedAt  time.Time
	// confLoadedAt is when the configuration files were last read
	// (pg_conf_load_time).
	confLoadedAt time.Time
	lastRecheck  time.Time
	lastTouch    time.Time
	// crashRecovery is set while recovering after a crash restart, for
	// the message refused clients get.
	crashRecovery bool
	exitCode      int
}

// Run starts the server and returns its exit code when it has shut down.
func Run(opts Options) int {
	pm := &Postmaster{
		opts:          opts,
		log:           elog.New(os.Stderr),
		children:      make(map[int]*child),
		spawnRequests: make(chan spawnRequest),
		exits:         make(chan exitEvent, 16),
		accepts:       make(chan acceptEvent, 16),
		spawned:       make(chan spawnedEvent, 16),
		returned:      make(chan returnedEvent, 16),
		bgRestartAt:   make(map[proc.Role]time.Time),
	}
	if err := pm.start(); err != nil {
		pe := pgerr.As(err)
		if pe.Severity == pgerr.SeverityError {
			pe.Severity = pgerr.SeverityFatal
		}
		pm.log.Report(pe, "")
		pm.cleanup()
		return 1
	}
	pm.loop()
	pm.cleanup()
	return pm.exitCode
}

func (pm *Postmaster) start() error {
	var err error
	if pm.dataDir, err = datadir.CheckDataDir(pm.opts.DataDir); err != nil {
		return err
	}
	// A data directory from a gpostgres older than the relation mapper
	// has no map: refuse it here rather than fail every connection.
	if mapFile := filepath.Join(pm.dataDir, "global", relmap.FileName); !fileExists(mapFile) {
		return pgerr.Fatalf(pgerr.ObjectNotInPrerequisiteState, "database files are incompatible with server").
			WithDetail("File \"%s\" is missing: the data directory was initialized by an earlier gpostgres, without a relation map.", mapFile).
			WithHint("It looks like you need to initdb.")
	}
	if pm.exe, err = resolveExecutable(); err != nil {
		return err
	}
	settings, msgs, err := loadSettings(pm.dataDir, pm.opts.Settings)
	for _, m := range msgs {
		pm.log.Logf(elog.Log, "%s", m.Message)
	}
	if err != nil {
		return err
	}
	pm.settings = settings
	pm.confLoadedAt = time.Now()
	pm.exportSettings()
	configureLogger(pm.log, settings)
	if err := refuseRecoverySignals(pm.dataDir); err != nil {
		return err
	}
	if settings.Enum("archive_mode") != "off" && settings.Enum("wal_level") == "minimal" {
		return pgerr.New(pgerr.InternalError, "WAL archival cannot be enabled when wal_level is \"minimal\"")
	}
	if settings.Enum("wal_level") == "logical" {
		// It promises logical decoding: the extra WAL it needs and the
		// slots that read it, none of which exists here.
		return pgerr.New(pgerr.FeatureNotSupported, "wal_level \"logical\" is not supported").
			WithHint("Set wal_level to \"replica\" or \"minimal\".")
	}

	if err := datadir.CreatePidFile(pm.dataDir, datadir.PidInfo{
		PID: os.Getpid(), DataDir: pm.dataDir, StartTime: time.Now().Unix(),
		Port: int(settings.Int("port")), Status: datadir.StatusStarting,
	}); err != nil {
		return err
	}
	pm.startedAt = time.Now()
	pm.lastRecheck, pm.lastTouch = pm.startedAt, pm.startedAt
	if err := datadir.WritePostmasterOpts(pm.dataDir, pm.opts.CommandLine); err != nil {
		return err
	}
	if err := pm.createSharedMemory(); err != nil {
		return err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	pm.lifeRead, pm.lifeWrite = r, w
	go pm.spawner()

	pm.log.Log("starting PostgreSQL %s on x86_64-pc-linux-gnu, compiled by %s, 64-bit", Version, goVersion())
	if err := pm.listen(); err != nil {
		return err
	}
	if settings.Bool("logging_collector") {
		if err := pm.startLogger(); err != nil {
			return err
		}
	}
	pm.removeTempFiles()
	// Temporary files of backends that ran before are garbage
	// (RemovePgTempFiles).
	tempfile.RemoveStale(pm.dataDir, pm.log.Log)
	return pm.startStartupProcess()
}

// removeTempFiles removes the files of temporary relations that sessions
// left behind by crashing (RemovePgTempFiles): nobody can use them now.
func (pm *Postmaster) removeTempFiles() {
	for _, err := range smgr.RemoveTempRelationFiles(pm.dataDir) {
		pm.log.Log("could not remove temporary relation file: %v", err)
	}
}

// startStartupProcess runs recovery in its own child, as PostgreSQL's
// startup process; the postmaster goes on once it exits successfully.
func (pm *Postmaster) startStartupProcess() error {
	pm.state = stateStartup
	if _, err := pm.startChild(proc.RoleStartup, nil, nil); err != nil {
		return err
	}
	return nil
}

// startupDone moves to normal operation after recovery succeeded.
func (pm *Postmaster) startupDone() {
	pm.state = stateRun
	pm.crashRecovery = false
	pm.startBackgroundProcesses()
	if err := datadir.SetPidStatus(pm.dataDir, datadir.StatusReady); err != nil {
		pm.log.Report(err, "")
	}
	pm.log.Log("database system is ready to accept connections")
	pm.fillPool()
}

func (pm *Postmaster) createSharedMemory() error {
	maxBackends := int(pm.settings.Int("max_connections"))
	size := int64(proc.ArraySize(maxBackends, int(pm.settings.Int("autovacuum_max_workers")))) + int64(engine.ShmemSize(pm.settings)) + 1<<20
	seg, err := shmem.Create(size)
	if err != nil {
		return pgerr.Wrap(err, pgerr.OutOfMemory, "could not create shared memory segment")
	}
	pm.seg = seg
	return pm.allocateRegions()
}

// allocateRegions lays out shared memory; it runs at start and after every
// crash restart.
func (pm *Postmaster) allocateRegions() error {
	var err error
	if pm.procs, err = proc.CreateArrayWithWorkers(pm.seg, int(pm.settings.Int("max_connections")), int(pm.settings.Int("autovacuum_max_workers"))); err != nil {
		return err
	}
	if pm.shared, err = createShared(pm.seg, pm.reloadGen, pm.startedAt, pm.confLoadedAt); err != nil {
		return err
	}
	if pm.storage, err = engine.CreateShared(pm.seg, pm.settings, pm.dataDir); err != nil {
		return err
	}
	return nil
}

var backgroundRoles = []proc.Role{proc.RoleCheckpointer, proc.RoleBgWriter, proc.RoleWalWriter, proc.RoleAutovacuumLauncher}

// autovacuumActive is AutoVacuumingActive: the launcher runs only with
// autovacuum and track_counts on (PostgreSQL warns at start otherwise).
func (pm *Postmaster) autovacuumActive() bool {
	return pm.settings.Bool("autovacuum") && pm.settings.Bool("track_counts")
}

// wanted reports whether background role should be running now.
func (pm *Postmaster) wanted(role proc.Role) bool {
	return role != proc.RoleAutovacuumLauncher || pm.autovacuumActive()
}

// startAutovacuumWorker starts a worker for the launcher's pending
// request (StartAutovacWorker), unless autovacuum_max_workers are busy
// or one started for it has not yet taken it.
func (pm *Postmaster) startAutovacuumWorker() {
	if pm.state != stateRun || pm.shutdownMode != "" || atomic.LoadUint32(&pm.shared.AutovacuumDatabase) == 0 {
		return
	}
	if pm.avStarting != 0 {
		if _, alive := pm.children[pm.avStarting]; alive {
			return
		}
		pm.avStarting = 0
	}
	if pm.countRole(proc.RoleAutovacuumWorker) >= int(pm.settings.Int("autovacuum_max_workers")) {
		return
	}
	c, err := pm.startChild(proc.RoleAutovacuumWorker, nil, nil)
	if err != nil {
		pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not fork autovacuum worker process"), "")
		return
	}
	pm.avStarting = c.pid
}

// archiving reports whether the archiver runs: archive_mode on or always
// (both archive on a primary; this server is never a standby) and a
// wal_level above minimal, fixed at start (PgArchStartupAllowed).
func (pm *Postmaster) archiving() bool {
	return pm.settings.Enum("archive_mode") != "off" && pm.settings.Enum("wal_level") != "minimal"
}

func (pm *Postmaster) startBackgroundProcesses() {
	roles := backgroundRoles
	if pm.archiving() {
		roles = append(roles[:len(roles):len(roles)], proc.RoleArchiver)
	}
	for _, role := range roles {
		if pm.findRole(role) != nil || !pm.wanted(role) {
			continue
		}
		if _, err := pm.startChild(role, nil, nil); err != nil {
			pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not start %s", role.Title()), "")
			pm.bgRestartAt[role] = time.Now().Add(time.Second)
		}
	}
}

func (pm *Postmaster) findRole(role proc.Role) *child {
	for _, c := range pm.children {
		if c.role == role {
			return c
		}
	}
	return nil
}

func (pm *Postmaster) countRole(role proc.Role) int {
	n := 0
	for _, c := range pm.children {
		if c.role == role {
			n++
		}
	}
	return n
}

func (pm *Postmaster) loop() {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGPIPE)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case sig := <-sigs:
			pm.handleSignal(sig.(syscall.Signal))
		case a := <-pm.accepts:
			pm.handleAccept(a)
		case e := <-pm.exits:
			pm.handleExit(e)
		case ev := <-pm.spawned:
			pm.handleSpawned(ev)
		case ev := <-pm.returned:
			pm.handleReturned(ev)
		case <-tick.C:
			pm.periodic()
		}
		if pm.advance() {
			return
		}
	}
}

func (pm *Postmaster) handleSignal(sig syscall.Signal) {
	switch sig {
	case syscall.SIGHUP:
		pm.reload()
	case syscall.SIGTERM:
		if pm.shutdownMode == "" {
			pm.log.Log("received smart shutdown request")
			pm.beginShutdown("smart")
		}
	case syscall.SIGINT:
		if pm.shutdownMode == "" || pm.shutdownMode == "smart" {
			pm.log.Log("received fast shutdown request")
			pm.beginShutdown("fast")
		}
	case syscall.SIGQUIT:
		if pm.shutdownMode != "immediate" {
			pm.log.Log("received immediate shutdown request")
			pm.beginShutdown("immediate")
		}
	case syscall.SIGUSR1:
		// gpctl logrotate and promote leave a file and send SIGUSR1.
		rotate := filepath.Join(pm.dataDir, datadir.LogRotateSignalFile)
		if _, err := os.Stat(rotate); err == nil {
			os.Remove(rotate)
			if lg := pm.findRole(proc.RoleLogger); lg != nil {
				unix.Kill(lg.pid, syscall.SIGUSR1)
			}
		}
		// Not a standby: a promote request has nothing to do.
		os.Remove(filepath.Join(pm.dataDir, datadir.PromoteSignalFile))
		// The autovacuum launcher asks for a worker.
		pm.startAutovacuumWorker()
	}
}

func (pm *Postmaster) reload() {
	pm.log.Log("received SIGHUP, reloading configuration files")
	msgs, err := reloadSettings(pm.settings, pm.dataDir)
	for _, m := range msgs {
		pm.log.Logf(elog.Log, "%s", m.Message)
	}
	if err != nil {
		pm.log.Report(err, "")
	}
	// A child started from here on has the new settings; one started
	// before either gets the SIGHUP or, if it arrived before the child
	// could handle it, sees the new generation (Child.CatchUpReload).
	pm.reloadGen++
	pm.confLoadedAt = time.Now()
	atomic.StoreInt64(&pm.shared.ConfLoadTime, pm.confLoadedAt.UnixMicro())
	atomic.StoreUint64(&pm.shared.ReloadGeneration, pm.reloadGen)
	pm.exportSettings()
	configureLogger(pm.log, pm.settings)
	pm.signalChildren(syscall.SIGHUP, func(*child) bool { return true })
	// autovacuum turned on starts the launcher; turned off, the launcher
	// exits by itself when it reads the new setting.
	if pm.state == stateRun && pm.shutdownMode == "" && pm.autovacuumActive() && pm.findRole(proc.RoleAutovacuumLauncher) == nil {
		if _, err := pm.startChild(proc.RoleAutovacuumLauncher, nil, nil); err != nil {
			pm.log.Report(err, "")
		}
	}
}

// refuseRecoverySignals refuses to start where the administrator asked for
// archive recovery or standby mode, which gpostgres does not implement yet:
// starting anyway would replay only pg_wal and open a primary where a
// restore from the archive or a standby was wanted.
func refuseRecoverySignals(dataDir string) error {
	for _, f := range []struct{ file, what string }{
		{datadir.StandbySignalFile, "standby mode"},
		{datadir.RecoverySignalFile, "archive recovery"},
	} {
		if _, err := os.Stat(filepath.Join(dataDir, f.file)); err == nil {
			return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported", f.what).
				WithDetail("The file \"%s\" was found in the data directory.", f.file).
				WithHint("Remove it to start the server with crash recovery from pg_wal only.")
		}
	}
	return nil
}

// exportSettings records the settings children start with.
func (pm *Postmaster) exportSettings() {
	pm.childSettings.Store(&exportedSettings{
		encoded:    config.EncodeExport(pm.settings.Export()),
		generation: pm.reloadGen,
	})
}

// exportedSettings are the settings children start with and the reload
// generation they include.
type exportedSettings struct {
	encoded    string
	generation uint64
}

func (pm *Postmaster) beginShutdown(mode string) {
	if pm.state == stateStartup {
		// Recovery cannot be finished cleanly: stop it; the next start
		// recovers again.
		mode = "immediate"
	}
	pm.shutdownMode = mode
	atomic.StoreInt32(&pm.shared.ShuttingDown, 1)
	if mode != "immediate" {
		pm.emptyPool(syscall.SIGTERM)
		// Autovacuum workers stop at once in every mode, as PostgreSQL's
		// do: they are not clients to wait for.
		pm.signalChildren(syscall.SIGTERM, isAutovacuumWorker)
	}
	datadir.SetPidStatus(pm.dataDir, datadir.StatusStopping)
	switch mode {
	case "smart":
		pm.state = stateWaitBackends
	case "fast":
		pm.log.Log("aborting any active transactions")
		pm.signalChildren(syscall.SIGTERM, isBackend)
		pm.state = stateWaitBackends
	case "immediate":
		atomic.StoreInt32(&pm.shared.QuitReason, QuitImmediateShutdown)
		pm.signalChildren(syscall.SIGQUIT, func(c *child) bool { return c.role != proc.RoleLogger })
		pm.killDeadline = time.Now().Add(5 * time.Second)
		pm.state = stateImmediate
	}
}

func isBackend(c *child) bool { return c.role == proc.RoleBackend }

func isAutovacuumWorker(c *child) bool { return c.role == proc.RoleAutovacuumWorker }

func (pm *Postmaster) signalChildren(sig syscall.Signal, which func(*child) bool) {
	for _, c := range pm.children {
		if which(c) {
			if sig != syscall.SIGHUP {
				c.signaled = true
			}
			unix.Kill(c.pid, sig)
		}
	}
}

// advance moves the shutdown and crash-restart state machine forward; it
// returns true when the postmaster may exit.
func (pm *Postmaster) advance() bool {
	switch pm.state {
	case stateWaitBackends:
		if pm.countRole(proc.RoleBackend) > 0 || pm.countRole(proc.RoleAutovacuumWorker) > 0 {
			return false
		}
		// Clients are gone: stop the helpers, then the checkpointer writes
		// the shutdown checkpoint and exits.
		pm.signalChildren(syscall.SIGTERM, func(c *child) bool {
			return c.role == proc.RoleBgWriter || c.role == proc.RoleWalWriter || c.role == proc.RoleAutovacuumLauncher
		})
		if ckpt := pm.findRole(proc.RoleCheckpointer); ckpt != nil {
			ckpt.signaled = true
			atomic.StoreInt32(&pm.shared.ShuttingDown, 2)
			unix.Kill(ckpt.pid, syscall.SIGUSR2)
		} else if err := pm.writeShutdownState(); err != nil {
			pm.log.Report(err, "")
		}
		pm.state = stateShutdownCheckpoint
	case stateShutdownCheckpoint:
		if pm.findRole(proc.RoleCheckpointer) == nil {
			// The shutdown checkpoint is written, and with it the last
			// segment's WAL: the archiver does one more round, archiving
			// what is ready, and exits (PM_SHUTDOWN_2).
			if a := pm.findRole(proc.RoleArchiver); a != nil && !a.signaled {
				a.signaled = true
				unix.Kill(a.pid, syscall.SIGUSR2)
			}
		}
		for _, c := range pm.children {
			if c.role != proc.RoleLogger {
				return false
			}
		}
		return true
	case stateImmediate:
		for _, c := range pm.children {
			if c.role != proc.RoleLogger {
				return false
			}
		}
		pm.log.Log("database system is shut down")
		return true
	case stateCrashWait:
		for _, c := range pm.children {
			if c.role != proc.RoleLogger {
				return false
			}
		}
		if pm.shutdownMode != "" {
			// A crash during shutdown: stop here; the next start recovers.
			pm.log.Log("database system is shut down")
			return true
		}
		if !pm.settings.Bool("restart_after_crash") {
			pm.log.Log("shutting down because restart_after_crash is off")
			pm.exitCode = 1
			return true
		}
		pm.log.Log("all server processes terminated; reinitializing")
		if pm.settings.Bool("remove_temp_files_after_crash") {
			tempfile.RemoveStale(pm.dataDir, pm.log.Log)
			pm.removeTempFiles()
		}
		pm.seg.Reset()
		if err := pm.allocateRegions(); err != nil {
			pm.log.Report(err, "")
			return true
		}
		if err := pm.startStartupProcess(); err != nil {
			pm.log.Report(err, "")
			return true
		}
	}
	return false
}

// writeShutdownState marks the control file cleanly shut down when no
// checkpointer is alive to do it.
func (pm *Postmaster) writeShutdownState() error {
	cf, err := datadir.ReadControlFile(pm.dataDir)
	if err != nil {
		return err
	}
	cf.State = datadir.DBShutdowned
	cf.Time = time.Now().Unix()
	return datadir.WriteControlFile(pm.dataDir, cf)
}

func (pm *Postmaster) periodic() {
	now := time.Now()
	// Once a minute, make sure the data directory is still ours, as
	// PostgreSQL does: if postmaster.pid was removed or replaced, someone
	// deleted the directory or started another server on it.
	if now.Sub(pm.lastRecheck) > time.Minute && pm.shutdownMode == "" {
		pm.lastRecheck = now
		if !datadir.RecheckPidFile(pm.dataDir, os.Getpid()) {
			pm.log.Log("performing immediate shutdown because data directory lock file is invalid")
			pm.beginShutdown("immediate")
		}
	}
	// Keep the socket lock files from being cleaned out of /tmp.
	if now.Sub(pm.lastTouch) > 58*time.Minute {
		pm.lastTouch = now
		for _, l := range pm.socketLocks {
			datadir.TouchSocketLock(l)
		}
	}
	if !pm.killDeadline.IsZero() && now.After(pm.killDeadline) {
		// Children that ignored SIGQUIT for five seconds get SIGKILL, as
		// PostgreSQL's SIGKILL_CHILDREN_AFTER_SECS.
		pm.signalChildren(syscall.SIGKILL, func(c *child) bool { return c.role != proc.RoleLogger })
		pm.killDeadline = time.Time{}
	}
	if pm.state == stateRun {
		pm.trimPool(now)
		pm.fillPool()
		pm.startAutovacuumWorker()
		for role, at := range pm.bgRestartAt {
			if now.After(at) {
				delete(pm.bgRestartAt, role)
				if pm.findRole(role) == nil && pm.wanted(role) {
					if _, err := pm.startChild(role, nil, nil); err != nil {
						pm.log.Report(err, "")
						pm.bgRestartAt[role] = now.Add(time.Second)
					}
				}
			}
		}
	}
	if pm.settings.Bool("logging_collector") && pm.loggerRead != nil && pm.findRole(proc.RoleLogger) == nil {
		pm.startChild(proc.RoleLogger, pm.loggerRead, nil)
	}
}

func (pm *Postmaster) handleExit(e exitEvent) {
	c := e.c
	delete(pm.children, c.pid)
	if c.role == proc.RoleLogger {
		// The logger is restarted by periodic(); it holds no shared state.
		return
	}
	if c.handoff != nil {
		// A pooled backend died waiting for a client, or a busy one
		// ended its session by exiting: either way its socketpair goes.
		if c.pooled {
			pm.dropFromPool(c, 0)
		} else {
			c.handoff.Close()
			c.handoff = nil
		}
	}
	slot := pm.procs.FindByPid(int32(c.pid))
	if c.role == proc.RoleArchiver && pm.storage != nil {
		pm.storage.WAL.ClearArchiverPID(c.pid)
	}
	if c.role == proc.RoleStartup && pm.state == stateStartup {
		if slot != nil {
			slot.Release()
		}
		if e.state != nil && e.state.Exited() && e.state.ExitCode() == 0 {
			pm.startupDone()
			return
		}
		pm.log.Log("startup process (PID %d) %s", c.pid, describeExit(e.state))
		pm.log.Log("aborting startup due to startup process failure")
		pm.exitCode = 1
		pm.beginShutdown("immediate")
		return
	}
	if pm.state == stateImmediate || pm.state == stateCrashWait {
		// Everything is being torn down and shared memory reset.
		if slot != nil {
			slot.Release()
		}
		return
	}
	code := -1
	if e.state != nil && e.state.Exited() {
		code = e.state.ExitCode()
	}
	if c.pid == pm.avStarting {
		pm.avStarting = 0
	}
	// A backend (or an autovacuum worker) exits with 1 after a FATAL
	// error, as PostgreSQL's do.
	worker := c.role == proc.RoleBackend || c.role == proc.RoleAutovacuumWorker
	clean := code == 0 || (worker && code == 1)
	expected := clean || (c.signaled && pm.shutdownMode != "")
	if !expected {
		what := "server process"
		if c.role != proc.RoleBackend {
			what = c.role.Title() + " process"
		}
		pm.log.Log("%s (PID %d) %s", what, c.pid, describeExit(e.state))
	}
	if c.role == proc.RoleBackend && !clean {
		// A backend that died alone leaves its temporary files behind.
		tempfile.RemoveForPID(pm.dataDir, c.pid)
	}
	if slot != nil {
		if slot.Owner.InCriticalState() {
			// It may have left shared memory half-written.
			pm.crashRestart()
			return
		}
		// Safe to clean up alone: drop its pins and locks, abort its
		// transaction, free its slot; everyone else carries on.
		if err := pm.storage.CleanupDeadProcess(&pm.owner, pm.procs.Index(slot)); err != nil {
			pm.log.Report(err, "")
			pm.crashRestart()
			return
		}
		// Its transaction ended: so did the snapshots it exported.
		for _, err := range engine.RemoveExportedSnapshotsOfBackend(pm.dataDir, int32(pm.procs.Index(slot))+1) {
			pm.log.Log("%v", err)
		}
		slot.Release()
	}
	if !c.signaled && !worker && pm.state == stateRun && pm.wanted(c.role) {
		// Restart it at once, or after a second if it died young, so a
		// process that cannot start does not spin.
		at := time.Now()
		if time.Since(c.started) < time.Second {
			at = at.Add(time.Second)
		}
		pm.bgRestartAt[c.role] = at
	}
}

// crashRestart is PostgreSQL's HandleChildCrash followed by a reinitialisation.
func (pm *Postmaster) crashRestart() {
	pm.log.Log("terminating any other active server processes")
	pm.emptyPool(syscall.SIGQUIT)
	atomic.StoreInt32(&pm.shared.QuitReason, QuitCrashRestart)
	pm.signalChildren(syscall.SIGQUIT, func(c *child) bool { return c.role != proc.RoleLogger })
	pm.killDeadline = time.Now().Add(5 * time.Second)
	pm.state = stateCrashWait
	pm.crashRecovery = true
	datadir.SetPidStatus(pm.dataDir, datadir.StatusStarting)
}

func describeExit(ps *os.ProcessState) string {
	if ps == nil {
		return "exited"
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		desc := ws.Signal().String()
		if desc != "" {
			desc = strings.ToUpper(desc[:1]) + desc[1:]
		}
		return fmt.Sprintf("was terminated by signal %d: %s", int(ws.Signal()), desc)
	}
	return fmt.Sprintf("exited with exit code %d", ps.ExitCode())
}

func (pm *Postmaster) cleanup() {
	for _, l := range pm.listeners {
		l.Close()
	}
	for _, p := range pm.socketLocks {
		os.Remove(p)
	}
	pm.stopLogger()
	if pm.dataDir != "" && pm.startedAt != (time.Time{}) {
		datadir.RemovePidFile(pm.dataDir)
	}
}

func encodeConnInfo(c *proc.ConnInfo) string {
	b, _ := json.Marshal(c)
	return string(b)
}

// fileExists reports whether path names an existing file.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
