// The gpctl program: start, stop, restart, reload, status, promote,
// logrotate, kill and init, with the behaviour, messages and exit codes of
// PostgreSQL 15's pg_ctl (src/bin/pg_ctl/pg_ctl.c).

package pgctl

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/cli"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"golang.org/x/sys/unix"
)

// Prog is the program name used in messages.
const Prog = "gpctl"

// ServerProg and InitdbProg are the programs gpctl runs, looked up in its
// own directory.
const (
	ServerProg = "gpostgres"
	InitdbProg = "gpinitdb"
)

// Exit codes of "gpctl status", from the LSB init script conventions that
// pg_ctl follows.
const (
	StatusRunning    = 0
	StatusNotRunning = 3
	StatusNoDataDir  = 4
)

// waitsPerSec is how often per second gpctl polls while waiting.
const waitsPerSec = 10

// Options are gpctl's command-line options.
type Options struct {
	Command string // start, stop, restart, reload, status, promote, logrotate, kill, init, initdb

	DataDir     string   // -D; PGDATA when empty
	LogFile     string   // -l
	PostOpts    []string // -o, each occurrence; joined with spaces as pg_ctl does
	PostOptsSet bool     // whether -o was given (restart reuses postmaster.opts otherwise)
	NoWait      bool     // -W
	Timeout     string   // -t, seconds; atoi semantics, default 60
	Mode        string   // -m: smart, fast (default) or immediate
	Silent      bool     // -s
	ExecPath    string   // -p: the server executable
	CoreFiles   bool     // -c

	KillSignal, KillPID string // for "kill SIGNALNAME PID"

	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// ctl is one gpctl invocation.
type ctl struct {
	o         Options
	out, errw io.Writer
	pgdata    string // canonical data directory, as messages show it
	pgdataOpt []string
	postOpts  string
	execPath  string
	timeout   time.Duration
	sig       syscall.Signal
	startTime time.Time
}

// Run executes one gpctl command and returns nil or a *cli.ExitError (or a
// *cli.UsageError for a command-line mistake).
func Run(o Options) error {
	c := &ctl{o: o, out: o.Stdout, errw: o.Stderr, startTime: time.Now()}
	if c.out == nil {
		c.out = os.Stdout
	}
	if c.errw == nil {
		c.errw = os.Stderr
	}
	if c.o.Getenv == nil {
		c.o.Getenv = os.Getenv
	}
	return c.run()
}

func (c *ctl) printf(format string, args ...any) {
	if !c.o.Silent {
		fmt.Fprintf(c.out, format, args...)
	}
}

func (c *ctl) errf(format string, args ...any) {
	fmt.Fprintf(c.errw, format, args...)
}

// fail prints "gpctl: <msg>" on stderr and returns exit code 1.
func (c *ctl) fail(format string, args ...any) error {
	c.errf("%s: %s\n", Prog, fmt.Sprintf(format, args...))
	return cli.Exit(1)
}

func (c *ctl) run() error {
	o := &c.o
	if o.Mode != "" {
		switch o.Mode {
		case "s", "smart":
			c.sig = unix.SIGTERM
		case "f", "fast":
			c.sig = unix.SIGINT
		case "i", "immediate":
			c.sig = unix.SIGQUIT
		default:
			return cli.Usagef("unrecognized shutdown mode \"%s\"", o.Mode)
		}
	} else {
		c.sig = unix.SIGINT // fast is the default since PostgreSQL 9.5
	}
	secs := 60
	if o.Timeout != "" {
		secs = atoi(o.Timeout)
	}
	c.timeout = time.Duration(secs) * time.Second
	c.postOpts = strings.Join(o.PostOpts, " ")

	switch o.Command {
	case "":
		return cli.Usagef("no operation specified")
	case "kill":
		return c.doKill()
	case "start", "stop", "restart", "reload", "status", "promote", "logrotate", "init", "initdb":
	default:
		return cli.Usagef("unrecognized operation mode \"%s\"", o.Command)
	}

	// The data directory: -D, else PGDATA. pg_ctl puts -D into PGDATA for
	// the programs it runs and also passes it as -D, "for clearer
	// postmaster 'ps' display".
	if o.DataDir != "" {
		c.pgdata = canonicalizePath(o.DataDir)
		c.pgdataOpt = []string{"-D", c.pgdata}
	} else if env := o.Getenv("PGDATA"); env != "" {
		c.pgdata = canonicalizePath(env)
	}
	if c.pgdata == "" && o.Command != "init" && o.Command != "initdb" {
		return cli.Usagef("no database directory specified and environment variable PGDATA unset")
	}

	switch o.Command {
	case "init", "initdb":
		return c.doInit()
	case "start":
		return c.doStart(false)
	case "stop":
		return c.doStop()
	case "restart":
		return c.doRestart()
	case "reload":
		return c.doReload()
	case "status":
		return c.doStatus()
	case "promote":
		return c.doPromote()
	case "logrotate":
		return c.doLogRotate()
	}
	return nil
}

// atoi is C's atoi: leading blanks and sign, digits up to the first
// non-digit, 0 when there are none.
func atoi(s string) int {
	s = strings.TrimLeft(s, " \t\n")
	end := 0
	if end < len(s) && (s[end] == '-' || s[end] == '+') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

// canonicalizePath is PostgreSQL's canonicalize_path for Unix paths.
func canonicalizePath(p string) string {
	abs := strings.HasPrefix(p, "/")
	var parts []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			parts = append(parts, c)
		}
	}
	s := strings.Join(parts, "/")
	if abs {
		return "/" + s
	}
	if s == "" {
		return "."
	}
	return s
}

func (c *ctl) pidFile() string  { return filepath.Join(c.pgdata, datadir.PidFileName) }
func (c *ctl) optsFile() string { return filepath.Join(c.pgdata, datadir.OptsFileName) }

// getPid is pg_ctl's get_pgpid: it returns the PID in postmaster.pid (0
// when there is none; negative for a single-user backend) or exits with
// pg_ctl's messages when the directory is missing or not a data directory
// (exit code 4 for status, as LSB asks, 1 otherwise) or the file is
// unreadable.
func (c *ctl) getPid(isStatus bool) (int, error) {
	code := 1
	if isStatus {
		code = StatusNoDataDir
	}
	if _, err := os.Stat(c.pgdata); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			c.errf("%s: directory \"%s\" does not exist\n", Prog, c.pgdata)
		} else {
			c.errf("%s: could not access directory \"%s\": %s\n", Prog, c.pgdata, datadir.Strerror(err))
		}
		return 0, cli.Exit(code)
	}
	if _, err := os.Stat(filepath.Join(c.pgdata, datadir.VersionFile)); errors.Is(err, syscall.ENOENT) {
		c.errf("%s: directory \"%s\" is not a database cluster directory\n", Prog, c.pgdata)
		return 0, cli.Exit(code)
	}
	info, err := datadir.ReadPidFile(c.pgdata)
	switch {
	case err == nil:
		return info.PID, nil
	case errors.Is(err, syscall.ENOENT):
		return 0, nil
	case errors.Is(err, datadir.ErrPidFileEmpty):
		return 0, c.fail("the PID file \"%s\" is empty", c.pidFile())
	case errors.Is(err, datadir.ErrPidFileInvalid):
		return 0, c.fail("invalid data in PID file \"%s\"", c.pidFile())
	default:
		return 0, c.fail("could not open PID file \"%s\": %s", c.pidFile(), datadir.Strerror(err))
	}
}

// postmasterIsAlive is pg_ctl's test: kill(pid, 0) succeeds, and the PID
// is neither ours nor our parent's (a recycled PID after a reboot).
func postmasterIsAlive(pid int) bool {
	if pid == os.Getpid() || pid == os.Getppid() {
		return false
	}
	return unix.Kill(pid, 0) == nil
}

func (c *ctl) doStatus() error {
	pid, err := c.getPid(true)
	if err != nil {
		return err
	}
	if pid < 0 {
		if postmasterIsAlive(-pid) {
			fmt.Fprintf(c.out, "%s: single-user server is running (PID: %d)\n", Prog, -pid)
			return nil
		}
	} else if pid > 0 && postmasterIsAlive(pid) {
		fmt.Fprintf(c.out, "%s: server is running (PID: %d)\n", Prog, pid)
		if b, err := os.ReadFile(c.optsFile()); err == nil {
			for _, line := range strings.SplitAfter(string(b), "\n") {
				if line != "" {
					fmt.Fprintln(c.out, strings.TrimSuffix(line, "\n"))
				}
			}
		}
		return nil
	}
	fmt.Fprintf(c.out, "%s: no server running\n", Prog)
	return cli.Exit(StatusNotRunning)
}

func (c *ctl) doStart(restarting bool) error {
	if !restarting {
		old, err := c.getPid(false)
		if err != nil {
			return err
		}
		if old != 0 {
			c.errf("%s: another server might be running; trying to start server anyway\n", Prog)
		}
	}
	args, err := c.serverArgs(restarting)
	if err != nil {
		return err
	}
	pid, exited, err := c.startPostmaster(args)
	if err != nil {
		return err
	}
	if c.o.NoWait {
		c.printf("server starting\n")
		return nil
	}
	c.printf("waiting for server to start...")
	switch c.waitForStart(pid, exited) {
	case pmReady:
		c.printf(" done\n")
		c.printf("server started\n")
		return nil
	case pmStillStarting:
		c.printf(" stopped waiting\n")
		return c.fail("server did not start in time")
	default:
		c.printf(" stopped waiting\n")
		c.errf("%s: could not start server\nExamine the log output.\n", Prog)
		return cli.Exit(1)
	}
}

// serverArgs returns the server's command line after its path: -D (unless
// restarting) and the -o options, or for a restart without -o the options
// recorded in postmaster.opts (whose program also replaces the default
// executable unless -p was given).
func (c *ctl) serverArgs(restarting bool) ([]string, error) {
	post := c.postOpts
	if !c.o.PostOptsSet && restarting {
		line, prog, _, err := datadir.ReadPostmasterOpts(c.pgdata)
		if err != nil {
			if errors.Is(err, datadir.ErrOptsFileLines) {
				return nil, c.fail("option file \"%s\" must have exactly one line", c.optsFile())
			}
			return nil, c.fail("could not read file \"%s\"", c.optsFile())
		}
		if _, rest, ok := strings.Cut(line, " \""); ok {
			post = "\"" + rest
		}
		if c.o.ExecPath == "" {
			c.execPath = prog
		}
	}
	var args []string
	if !restarting {
		args = append(args, c.pgdataOpt...)
	}
	words, err := datadir.SplitArgs(post)
	if err != nil {
		return nil, c.fail("invalid server options \"%s\": %s", post, err)
	}
	return append(args, words...), nil
}

// findProgram returns the path of a sibling program of gpctl (pg_ctl's
// find_other_exec): gpctl's own directory, symbolic links resolved.
func (c *ctl) findProgram(name string) (string, error) {
	self, err := os.Executable()
	if err == nil {
		if resolved, rerr := filepath.EvalSymlinks(self); rerr == nil {
			self = resolved
		}
		p := filepath.Join(filepath.Dir(self), name)
		if st, serr := os.Stat(p); serr == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0 {
			return p, nil
		}
	} else {
		self = Prog
	}
	c.errf("The program \"%s\" is needed by %s but was not found in the\nsame directory as \"%s\".\nCheck your installation.\n", name, Prog, self)
	return "", cli.Exit(1)
}

// startPostmaster launches the server detached, as pg_ctl's
// start_postmaster: a new session (so that the terminal's signals do not
// reach it), standard input from /dev/null, standard output and error
// appended to the log file or, without -l, gpctl's own. It returns the
// server's PID and a channel closed when it exits.
func (c *ctl) startPostmaster(args []string) (int, <-chan struct{}, error) {
	if c.execPath == "" {
		if c.o.ExecPath != "" {
			c.execPath = c.o.ExecPath
		} else {
			p, err := c.findProgram(ServerProg)
			if err != nil {
				return 0, nil, err
			}
			c.execPath = p
		}
	}
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return 0, nil, c.fail("could not open file \"%s\": %s", os.DevNull, datadir.Strerror(err))
	}
	defer devnull.Close()
	var outFile *os.File
	if c.o.LogFile != "" {
		mode := datadir.DirPerms(c.pgdata).File
		f, err := os.OpenFile(c.o.LogFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, mode)
		if err != nil {
			return 0, nil, c.fail("could not open log file \"%s\": %s", c.o.LogFile, datadir.Strerror(err))
		}
		defer f.Close()
		outFile = f
	}
	cmd := exec.Command(c.execPath, args...)
	cmd.Stdin = devnull
	if outFile != nil {
		cmd.Stdout, cmd.Stderr = outFile, outFile
	} else {
		// Like "2>&1" in pg_ctl's shell command: both to our stdout.
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	// PGDATA for a server started without -D; PG_GRANDPARENT_PID so that
	// the server does not mistake our parent shell's PID, recorded in a
	// stale lock file, for a live postmaster.
	cmd.Env = append(os.Environ(),
		"PGDATA="+c.pgdata,
		"PG_GRANDPARENT_PID="+strconv.Itoa(os.Getppid()))
	if c.o.CoreFiles {
		var rl unix.Rlimit
		if unix.Getrlimit(unix.RLIMIT_CORE, &rl) == nil {
			rl.Cur = rl.Max
			unix.Setrlimit(unix.RLIMIT_CORE, &rl)
		}
	}
	if err := cmd.Start(); err != nil {
		return 0, nil, c.fail("could not start server: %s", datadir.Strerror(err))
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	return cmd.Process.Pid, exited, nil
}

type startResult int

const (
	pmReady startResult = iota
	pmStillStarting
	pmFailed
)

// waitForStart is pg_ctl's wait_for_postmaster_start: postmaster.pid must
// name our child, have been written after we started (2 seconds of slack
// for clock skew), and say "ready" or "standby" in line 8. A dot is
// printed each second.
func (c *ctl) waitForStart(pid int, exited <-chan struct{}) startResult {
	n := int(c.timeout / time.Second * waitsPerSec)
	for i := 0; i < n; i++ {
		if info, err := datadir.ReadPidFile(c.pgdata); err == nil &&
			info.Status != "" && info.PID == pid && info.StartTime >= c.startTime.Unix()-2 && info.IsReady() {
			return pmReady
		}
		select {
		case <-exited:
			return pmFailed
		default:
		}
		if i%waitsPerSec == 0 {
			c.printf(".")
		}
		select {
		case <-exited:
			// Look once more: the server may have become ready and then
			// exited; pg_ctl would notice the exit on its next poll.
			return pmFailed
		case <-time.After(time.Second / waitsPerSec):
		}
	}
	return pmStillStarting
}

// waitForStop is pg_ctl's wait_for_postmaster_stop: until postmaster.pid
// is gone, or the process is (a crash that left the file behind).
func (c *ctl) waitForStop() (bool, error) {
	n := int(c.timeout / time.Second * waitsPerSec)
	for i := 0; i < n; i++ {
		pid, err := c.getPid(false)
		if err != nil {
			return false, err
		}
		if pid == 0 {
			return true, nil
		}
		if unix.Kill(abs(pid), 0) != nil {
			pid, err := c.getPid(false)
			if err != nil {
				return false, err
			}
			return pid == 0, nil
		}
		if i%waitsPerSec == 0 {
			c.printf(".")
		}
		time.Sleep(time.Second / waitsPerSec)
	}
	return false, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// noPidFile reports the usual "PID file does not exist" failure.
func (c *ctl) noPidFile() error {
	c.errf("%s: PID file \"%s\" does not exist\nIs server running?\n", Prog, c.pidFile())
	return cli.Exit(1)
}

func (c *ctl) shutdownFailed() error {
	c.printf(" failed\n")
	c.errf("%s: server does not shut down\n", Prog)
	if c.sig == unix.SIGTERM {
		c.errf("HINT: The \"-m fast\" option immediately disconnects sessions rather than\nwaiting for session-initiated disconnection.\n")
	}
	return cli.Exit(1)
}

func (c *ctl) doStop() error {
	pid, err := c.getPid(false)
	if err != nil {
		return err
	}
	if pid == 0 {
		return c.noPidFile()
	}
	if pid < 0 {
		return c.fail("cannot stop server; single-user server is running (PID: %d)", -pid)
	}
	if err := unix.Kill(pid, c.sig); err != nil {
		return c.fail("could not send stop signal (PID: %d): %s", pid, datadir.Strerror(err))
	}
	if c.o.NoWait {
		c.printf("server shutting down\n")
		return nil
	}
	c.printf("waiting for server to shut down...")
	ok, err := c.waitForStop()
	if err != nil {
		return err
	}
	if !ok {
		return c.shutdownFailed()
	}
	c.printf(" done\n")
	c.printf("server stopped\n")
	return nil
}

func (c *ctl) doRestart() error {
	pid, err := c.getPid(false)
	if err != nil {
		return err
	}
	if pid == 0 {
		c.errf("%s: PID file \"%s\" does not exist\nIs server running?\ntrying to start server anyway\n", Prog, c.pidFile())
		return c.doStart(true)
	}
	if pid < 0 {
		if postmasterIsAlive(-pid) {
			c.errf("%s: cannot restart server; single-user server is running (PID: %d)\nPlease terminate the single-user server and try again.\n", Prog, -pid)
			return cli.Exit(1)
		}
		pid = -pid
	}
	if postmasterIsAlive(pid) {
		if err := unix.Kill(pid, c.sig); err != nil {
			return c.fail("could not send stop signal (PID: %d): %s", pid, datadir.Strerror(err))
		}
		c.printf("waiting for server to shut down...")
		// A restart always waits for the old server to go, even with -W.
		ok, err := c.waitForStop()
		if err != nil {
			return err
		}
		if !ok {
			return c.shutdownFailed()
		}
		c.printf(" done\n")
		c.printf("server stopped\n")
	} else {
		c.errf("%s: old server process (PID: %d) seems to be gone\nstarting server anyway\n", Prog, pid)
	}
	return c.doStart(true)
}

func (c *ctl) doReload() error {
	pid, err := c.getPid(false)
	if err != nil {
		return err
	}
	if pid == 0 {
		return c.noPidFile()
	}
	if pid < 0 {
		c.errf("%s: cannot reload server; single-user server is running (PID: %d)\nPlease terminate the single-user server and try again.\n", Prog, -pid)
		return cli.Exit(1)
	}
	if err := unix.Kill(pid, unix.SIGHUP); err != nil {
		return c.fail("could not send reload signal (PID: %d): %s", pid, datadir.Strerror(err))
	}
	c.printf("server signaled\n")
	return nil
}

// controlState reads the cluster state from the control file, as pg_ctl's
// get_control_dbstate.
func (c *ctl) controlState() (datadir.DBState, error) {
	cf, ok, err := datadir.ReadControlFileState(c.pgdata)
	if err != nil {
		return 0, c.fail("could not open file \"%s\" for reading: %s", filepath.Join(c.pgdata, datadir.ControlFilePath), datadir.Strerror(err))
	}
	if !ok {
		return 0, c.fail("control file appears to be corrupt")
	}
	return cf.State, nil
}

// doPromote asks a standby to become a primary: a "promote" file in the
// data directory and SIGUSR1. Only a server in archive recovery can be
// promoted.
func (c *ctl) doPromote() error {
	pid, err := c.getPid(false)
	if err != nil {
		return err
	}
	if pid == 0 {
		return c.noPidFile()
	}
	if pid < 0 {
		return c.fail("cannot promote server; single-user server is running (PID: %d)", -pid)
	}
	state, err := c.controlState()
	if err != nil {
		return err
	}
	if state != datadir.DBInArchiveRecovery {
		return c.fail("cannot promote server; server is not in standby mode")
	}
	if err := c.signalWithFile(pid, datadir.PromoteSignalFile, "promote"); err != nil {
		return err
	}
	if c.o.NoWait {
		c.printf("server promoting\n")
		return nil
	}
	c.printf("waiting for server to promote...")
	n := int(c.timeout / time.Second * waitsPerSec)
	for i := 0; i < n; i++ {
		state, err := c.controlState()
		if err != nil {
			return err
		}
		if state == datadir.DBInProduction {
			c.printf(" done\n")
			c.printf("server promoted\n")
			return nil
		}
		if i%waitsPerSec == 0 {
			c.printf(".")
		}
		time.Sleep(time.Second / waitsPerSec)
	}
	c.printf(" stopped waiting\n")
	return c.fail("server did not promote in time")
}

// doLogRotate asks the logging collector to switch files: a "logrotate"
// file and SIGUSR1.
func (c *ctl) doLogRotate() error {
	pid, err := c.getPid(false)
	if err != nil {
		return err
	}
	if pid == 0 {
		return c.noPidFile()
	}
	if pid < 0 {
		c.errf("%s: cannot rotate log file; single-user server is running (PID: %d)\nPlease terminate the single-user server and try again.\n", Prog, -pid)
		return cli.Exit(1)
	}
	if err := c.signalWithFile(pid, datadir.LogRotateSignalFile, "log rotation"); err != nil {
		return err
	}
	c.printf("server signaled to rotate log file\n")
	return nil
}

// signalWithFile leaves the request file name in the data directory and
// sends the server SIGUSR1, as pg_ctl does for promote and logrotate; the
// file is removed again when the signal cannot be sent. what names the
// request in the messages ("promote", "log rotation").
func (c *ctl) signalWithFile(pid int, name, what string) error {
	file := filepath.Join(c.pgdata, name)
	f, err := os.Create(file)
	if err != nil {
		return c.fail("could not create %s signal file \"%s\": %s", what, file, datadir.Strerror(err))
	}
	if err := f.Close(); err != nil {
		return c.fail("could not write %s signal file \"%s\": %s", what, file, datadir.Strerror(err))
	}
	if err := unix.Kill(pid, unix.SIGUSR1); err != nil {
		c.errf("%s: could not send %s signal (PID: %d): %s\n", Prog, what, pid, datadir.Strerror(err))
		if rerr := os.Remove(file); rerr != nil {
			c.errf("%s: could not remove %s signal file \"%s\": %s\n", Prog, what, file, datadir.Strerror(rerr))
		}
		return cli.Exit(1)
	}
	return nil
}

// killSignals are the names "gpctl kill" accepts.
var killSignals = map[string]syscall.Signal{
	"ABRT": unix.SIGABRT, "HUP": unix.SIGHUP, "INT": unix.SIGINT, "KILL": unix.SIGKILL,
	"QUIT": unix.SIGQUIT, "TERM": unix.SIGTERM, "USR1": unix.SIGUSR1, "USR2": unix.SIGUSR2,
}

// doKill sends a signal to a PID, for platforms without kill(1) in
// pg_ctl's case; kept for compatibility. PID 0 and negative PIDs are
// refused: pg_ctl would signal its own process group.
func (c *ctl) doKill() error {
	sig, ok := killSignals[c.o.KillSignal]
	if !ok {
		return cli.Usagef("unrecognized signal name \"%s\"", c.o.KillSignal)
	}
	pid := atoi(c.o.KillPID)
	if pid <= 0 {
		return c.fail("invalid PID \"%s\"", c.o.KillPID)
	}
	if err := unix.Kill(pid, sig); err != nil {
		return c.fail("could not send signal %d (PID: %d): %s", int(sig), pid, datadir.Strerror(err))
	}
	return nil
}

// doInit runs gpinitdb with -D and the -o options.
func (c *ctl) doInit() error {
	path := c.o.ExecPath
	if path == "" {
		p, err := c.findProgram(InitdbProg)
		if err != nil {
			return err
		}
		path = p
	}
	words, err := datadir.SplitArgs(c.postOpts)
	if err != nil {
		return c.fail("invalid options \"%s\": %s", c.postOpts, err)
	}
	cmd := exec.Command(path, append(append([]string{}, c.pgdataOpt...), words...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, c.out, c.errw
	if c.o.Silent {
		cmd.Stdout = io.Discard
	}
	if c.pgdata != "" {
		cmd.Env = append(os.Environ(), "PGDATA="+c.pgdata)
	}
	if err := cmd.Run(); err != nil {
		return c.fail("database system initialization failed")
	}
	return nil
}
