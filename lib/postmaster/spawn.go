// Starting children: every child is exec'd from one locked OS thread.

package postmaster

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/proc"
)

type spawnRequest struct {
	role  proc.Role
	extra *os.File
	// handoff, for a backend started for a connection, is the child's end
	// of its hand-off socketpair (FdHandoff).
	handoff    *os.File
	conn       *proc.ConnInfo
	prestarted bool
	reply      chan spawnResult
}

type spawnResult struct {
	cmd *exec.Cmd
	err error
}

// child is the postmaster's record of a running child.
type child struct {
	pid     int
	role    proc.Role
	cmd     *exec.Cmd
	started time.Time
	// handoff is the postmaster's end of a pre-started backend's
	// socketpair, open for the backend's life (pool.go); nil for other
	// children.
	handoff *os.File
	// pooled is set while the backend waits in the pool for a
	// connection; poolDB is the database its catalog cache is warm for
	// ("" when fresh), idleSince when it joined the pool.
	pooled    bool
	poolDB    string
	idleSince time.Time
	// signaled records that the postmaster itself asked the child to exit,
	// so its death is no crash.
	signaled bool
}

type exitEvent struct {
	c     *child
	state *os.ProcessState
}

// spawner runs forever on its own locked OS thread: Pdeathsig is tied to the
// thread that forked, and this thread never ends while the postmaster lives.
func (pm *Postmaster) spawner() {
	runtime.LockOSThread()
	// Children inherit this thread's signal mask through fork and exec:
	// with SIGHUP blocked, a reload cannot kill a child before its C
	// constructor (package sighup) has set SIGHUP to be ignored. Signals
	// to the postmaster go to its other threads.
	var hup unix.Sigset_t
	hup.Val[0] = 1 << (uint(unix.SIGHUP) - 1)
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, &hup, nil); err != nil {
		pm.log.Report(fmt.Errorf("blocking SIGHUP on the spawner thread: %w", err), "")
	}
	for req := range pm.spawnRequests {
		req.reply <- spawnResult{cmd: pm.execChild(req)}
	}
}

func (pm *Postmaster) execChild(req spawnRequest) *exec.Cmd {
	args := []string{"gpostgres:", req.role.Title()}
	if req.role == proc.RoleBackend || req.role == proc.RoleArchiver || req.role == proc.RoleAutovacuumWorker {
		// Room for the titles they set at run time ("archiver last was
		// 000000010000000000000001").
		args = append(args, proc.Padding())
	}
	exported := pm.childSettings.Load()
	env := append(os.Environ(),
		proc.EnvRole+"="+req.role.Title(),
		proc.EnvDataDir+"="+pm.dataDir,
		proc.EnvPostmasterPID+"="+strconv.Itoa(os.Getpid()),
		proc.EnvOptions+"="+exported.encoded,
		proc.EnvConfigGen+"="+strconv.FormatUint(exported.generation, 10),
	)
	if req.conn != nil {
		env = append(env, proc.EnvState+"="+encodeConnInfo(req.conn))
	}
	if req.prestarted {
		env = append(env, proc.EnvPrestarted+"=1")
	}
	if os.Getenv("GOGC") == "" && req.role == proc.RoleBackend {
		// Measured on the bulk-insert benchmark: GOGC=200 takes ~20% off
		// an allocation-heavy statement's time for a few MB more heap at
		// peak; an idle backend allocates nothing, so it costs nothing.
		env = append(env, "GOGC=200")
	}
	if godebug, ok := childGODEBUG(); ok {
		env = append(env, "GODEBUG="+godebug)
	}
	if os.Getenv("GOMAXPROCS") == "" {
		// Every child does one thing at a time, like a PostgreSQL process:
		// one P keeps its thread count and memory down.
		env = append(env, "GOMAXPROCS=1")
	}
	cmd := &exec.Cmd{
		Path:   pm.exe,
		Args:   args,
		Env:    env,
		Stdout: os.Stderr,
		Stderr: os.Stderr,
		// Stdin stays nil: /dev/null.
		ExtraFiles: []*os.File{pm.seg.File(), pm.lifeRead, req.extra},
		SysProcAttr: &syscall.SysProcAttr{
			Pdeathsig: syscall.SIGKILL,
		},
	}
	if req.role == proc.RoleLogger {
		// The logger must outlive the postmaster's last words: it exits on
		// EOF of its pipe, not by Pdeathsig.
		cmd.SysProcAttr.Pdeathsig = 0
	}
	if req.handoff != nil {
		cmd.ExtraFiles = append(cmd.ExtraFiles, req.handoff)
	}
	if err := cmd.Start(); err != nil {
		return &exec.Cmd{Err: err}
	}
	return cmd
}

// startChild asks the spawner for a child and records it.
func (pm *Postmaster) startChild(role proc.Role, extra *os.File, conn *proc.ConnInfo) (*child, error) {
	return pm.startChildWith(spawnRequest{role: role, extra: extra, conn: conn})
}

// startChildWith is startChild for a prepared request.
func (pm *Postmaster) startChildWith(req spawnRequest) (*child, error) {
	role := req.role
	reply := make(chan spawnResult, 1)
	req.reply = reply
	pm.spawnRequests <- req
	res := <-reply
	if res.cmd.Process == nil {
		return nil, fmt.Errorf("could not fork %s process: %v", role.Title(), res.cmd.Err)
	}
	return pm.track(res.cmd, role), nil
}

// track records a started child and reaps it when it exits.
func (pm *Postmaster) track(cmd *exec.Cmd, role proc.Role) *child {
	c := &child{pid: cmd.Process.Pid, role: role, cmd: cmd, started: time.Now()}
	pm.children[c.pid] = c
	go func() {
		cmd.Wait()
		pm.exits <- exitEvent{c: c, state: cmd.ProcessState}
	}()
	return c
}

// resolveExecutable is the path children are exec'd from: the resolved
// binary, so that the kernel's comm for every child reads "gpostgres".
func resolveExecutable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(exe)
}

// childGODEBUG returns the GODEBUG a child runs with when it differs from
// the postmaster's: memory profiling off. A Go program samples one
// allocation per 512 kB into a profile whose hash table (1.4 MB) and
// buckets are never freed; each sampled call stack dirties a page of
// them, which in a backend that has served a few sessions came to about
// a megabyte of its idle private memory. The profile is only read with
// GPOSTGRES_MEMPROFILE (bench/README.md), which keeps it on, as does an
// explicit memprofilerate in GODEBUG.
func childGODEBUG() (string, bool) {
	godebug := os.Getenv("GODEBUG")
	if os.Getenv("GPOSTGRES_MEMPROFILE") != "" || strings.Contains(godebug, "memprofilerate=") {
		return "", false
	}
	if godebug != "" {
		godebug += ","
	}
	return godebug + "memprofilerate=0", true
}
