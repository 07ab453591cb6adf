// Pre-started backends: a few backend processes started ahead of need, so
// that a new connection is served by a process whose runtime, settings and
// parser are already warm (design.md measured ~2 ms for exec and runtime
// start and ~150 µs for a hand-off). The postmaster sends the accepted
// socket over a socketpair with SCM_RIGHTS and starts a replacement in the
// background.

package postmaster

import (
	"os"
	"strconv"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"golang.org/x/sys/unix"
)

// poolSetting names the custom parameter for the pool size; like an
// extension's settings it has a prefix, so it cannot clash with
// PostgreSQL's.
const poolSetting = "gpostgres.prestarted_backends"

const defaultPoolSize = 2

type spawnedEvent struct {
	res     spawnResult
	handoff *os.File
}

// poolTarget is how many idle pre-started backends to keep.
func (pm *Postmaster) poolTarget() int {
	v, err := pm.settings.Show(poolSetting)
	if err != nil {
		return defaultPoolSize
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return defaultPoolSize
	}
	return min(n, pm.procs.MaxBackends())
}

// fillPool starts pre-started backends up to the target, without waiting
// for them: the spawner's replies arrive as spawnedEvents.
func (pm *Postmaster) fillPool() {
	if pm.state != stateRun || pm.shutdownMode != "" {
		return
	}
	for len(pm.pool)+pm.poolPending < pm.poolTarget() {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not create socket pair for a pre-started backend"), "")
			return
		}
		parentEnd, childEnd := os.NewFile(uintptr(fds[0]), "handoff"), os.NewFile(uintptr(fds[1]), "handoff")
		pm.poolPending++
		go func() {
			reply := make(chan spawnResult, 1)
			pm.spawnRequests <- spawnRequest{role: proc.RoleBackend, extra: childEnd, prestarted: true, reply: reply}
			res := <-reply
			childEnd.Close()
			pm.spawned <- spawnedEvent{res: res, handoff: parentEnd}
		}()
	}
}

// handleSpawned adds a freshly started backend to the pool.
func (pm *Postmaster) handleSpawned(ev spawnedEvent) {
	pm.poolPending--
	if ev.res.cmd.Process == nil {
		ev.handoff.Close()
		pm.log.Report(pgerr.Newf(pgerr.InternalError, "could not fork new process for connection: %v", ev.res.cmd.Err), "")
		return
	}
	c := pm.track(ev.res.cmd, proc.RoleBackend)
	c.handoff = ev.handoff
	if pm.state != stateRun || pm.shutdownMode != "" {
		pm.dropFromPool(c, syscall.SIGTERM)
		return
	}
	pm.pool = append(pm.pool, c)
}

// handOff gives an accepted connection to a pre-started backend; false
// when none could take it.
func (pm *Postmaster) handOff(conn *os.File, info *proc.ConnInfo) bool {
	for len(pm.pool) > 0 {
		c := pm.pool[0]
		pm.pool = pm.pool[1:]
		err := proc.SendConnection(c.handoff, *info, conn)
		c.handoff.Close()
		c.handoff = nil
		if err == nil {
			pm.fillPool()
			return true
		}
		// It died meanwhile; its exit is reaped as usual.
	}
	pm.fillPool()
	return false
}

// dropFromPool removes an idle pre-started backend and signals it.
func (pm *Postmaster) dropFromPool(c *child, sig syscall.Signal) {
	for i, p := range pm.pool {
		if p == c {
			pm.pool = append(pm.pool[:i], pm.pool[i+1:]...)
			break
		}
	}
	if c.handoff != nil {
		c.handoff.Close()
		c.handoff = nil
	}
	c.signaled = true
	unix.Kill(c.pid, sig)
}

// emptyPool stops every idle pre-started backend (shutdown, crash restart).
func (pm *Postmaster) emptyPool(sig syscall.Signal) {
	for len(pm.pool) > 0 {
		pm.dropFromPool(pm.pool[0], sig)
	}
}
