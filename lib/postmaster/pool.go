// Pre-started and pooled backends: backend processes waiting for a
// connection, so that a new connection is served by a process whose
// runtime, settings and parser are already warm (design.md measured ~2 ms
// for exec and runtime start and ~150 µs for a hand-off). The postmaster
// sends the accepted socket over a socketpair with SCM_RIGHTS and starts a
// replacement in the background.
//
// The socketpair stays open for the backend's life. When a session ends
// cleanly, the backend resets itself (lib/backend's reuse.go) and writes
// proc.ReadyMessage on it with the database its catalog cache is warm
// for; the postmaster then puts it back in the pool, up to
// gpostgres.max_pooled_backends idle ones, and hands it the next
// connection, preferring a backend warm for the database the client asks
// for. A backend that is not reusable simply exits, as before.

package postmaster

import (
	"bytes"
	"encoding/binary"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"golang.org/x/sys/unix"
)

// poolSetting names the custom parameter for the number of fresh
// pre-started backends kept waiting; like an extension's settings it has
// a prefix, so it cannot clash with PostgreSQL's.
const poolSetting = "gpostgres.prestarted_backends"

// poolMaxSetting names the custom parameter bounding how many backends
// whose sessions ended stay in the pool for reuse (0: none is reused).
const poolMaxSetting = "gpostgres.max_pooled_backends"

const (
	defaultPoolSize    = 2
	defaultPoolMaxSize = 16
	// poolIdleTrim is how long a pool larger than its target keeps an
	// idle backend before stopping it: after a burst, the pool shrinks
	// back.
	poolIdleTrim = time.Minute
)

type spawnedEvent struct {
	res     spawnResult
	handoff *os.File
}

// returnedEvent is a backend's ReadyMessage: its session ended and it can
// take another connection.
type returnedEvent struct {
	c        *child
	database string
}

// intSetting reads a custom integer parameter, def when unset or invalid.
func (pm *Postmaster) intSetting(name string, def int) int {
	v, err := pm.settings.Show(name)
	if err != nil {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return def
	}
	return n
}

// poolTarget is how many idle backends to keep by starting new ones.
func (pm *Postmaster) poolTarget() int {
	return min(pm.intSetting(poolSetting, defaultPoolSize), pm.procs.MaxBackends())
}

// reuseEnabled reports whether backends go back to the pool after their
// sessions (gpostgres.max_pooled_backends above 0).
func (pm *Postmaster) reuseEnabled() bool {
	return pm.intSetting(poolMaxSetting, defaultPoolMaxSize) > 0
}

// poolMax is how many idle backends, fresh and reused together, may wait
// in the pool.
func (pm *Postmaster) poolMax() int {
	return min(max(pm.intSetting(poolMaxSetting, defaultPoolMaxSize), pm.poolTarget()), pm.procs.MaxBackends())
}

// fillPool starts pre-started backends up to the target, without waiting
// for them: the spawner's replies arrive as spawnedEvents.
func (pm *Postmaster) fillPool() {
	if pm.state != stateRun || pm.shutdownMode != "" {
		return
	}
	for len(pm.pool)+pm.poolPending < pm.poolTarget() {
		parentEnd, childEnd, err := newHandoffPair()
		if err != nil {
			pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not create socket pair for a pre-started backend"), "")
			return
		}
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

// newHandoffPair makes a backend's hand-off socketpair. The postmaster's
// end is read through the runtime's poller (watchReturn), so that a
// hundred busy backends do not hold a hundred threads.
func newHandoffPair() (parentEnd, childEnd *os.File, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	unix.SetNonblock(fds[0], true)
	return os.NewFile(uintptr(fds[0]), "handoff"), os.NewFile(uintptr(fds[1]), "handoff"), nil
}

// startReusableBackend starts a backend for a connection no pooled
// backend could take (a burst larger than the pool), with a hand-off
// socketpair besides the client socket, so that it too joins the pool
// after a clean session end.
func (pm *Postmaster) startReusableBackend(conn *os.File, info *proc.ConnInfo) {
	parentEnd, childEnd, err := newHandoffPair()
	if err != nil {
		pm.log.Report(pgerr.Wrap(err, pgerr.InternalError, "could not create socket pair for a backend"), "")
		if _, err := pm.startChild(proc.RoleBackend, conn, info); err != nil {
			pm.log.Report(err, "")
		}
		return
	}
	c, err := pm.startChildWith(spawnRequest{role: proc.RoleBackend, extra: conn, conn: info, handoff: childEnd})
	childEnd.Close()
	if err != nil {
		parentEnd.Close()
		pm.log.Report(err, "")
		return
	}
	c.handoff = parentEnd
	go pm.watchReturn(c, parentEnd)
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
		c.pooled = true
		pm.dropFromPool(c, syscall.SIGTERM)
		return
	}
	pm.addToPool(c, "")
}

func (pm *Postmaster) addToPool(c *child, database string) {
	c.pooled, c.poolDB, c.idleSince = true, database, time.Now()
	pm.pool = append(pm.pool, c)
}

// pickPooled chooses the backend for a connection to database ("" when
// the start-up packet had not arrived yet): the most recently idle one
// warm for that database, else a fresh one, else the most recently idle
// one of all (which then discards its catalog cache). With the database
// unknown, the most recently idle one is the best guess.
func (pm *Postmaster) pickPooled(database string) int {
	if database == "" {
		return len(pm.pool) - 1
	}
	fresh, any := -1, -1
	for i := len(pm.pool) - 1; i >= 0; i-- {
		c := pm.pool[i]
		if database != "" && c.poolDB == database {
			return i
		}
		if c.poolDB == "" && fresh < 0 {
			fresh = i
		}
		if any < 0 {
			any = i
		}
	}
	if fresh >= 0 {
		return fresh
	}
	return any
}

// handOff gives an accepted connection to a pooled backend; false when
// none could take it.
func (pm *Postmaster) handOff(conn *os.File, info *proc.ConnInfo) bool {
	database := peekDatabase(conn)
	for len(pm.pool) > 0 {
		i := pm.pickPooled(database)
		c := pm.pool[i]
		pm.pool = append(pm.pool[:i], pm.pool[i+1:]...)
		c.pooled = false
		err := proc.SendConnection(c.handoff, *info, conn)
		if err == nil {
			go pm.watchReturn(c, c.handoff)
			pm.fillPool()
			return true
		}
		// It died meanwhile; its exit is reaped as usual.
		c.handoff.Close()
		c.handoff = nil
	}
	pm.fillPool()
	return false
}

// watchReturn waits for a busy backend's ReadyMessage. The read ends with
// an error when the backend exits or the postmaster closes its end.
func (pm *Postmaster) watchReturn(c *child, sock *os.File) {
	buf := make([]byte, 256)
	n, err := sock.Read(buf)
	if err != nil || !bytes.HasPrefix(buf[:n], []byte(proc.ReadyMessage)) {
		return
	}
	pm.returned <- returnedEvent{c: c, database: string(buf[len(proc.ReadyMessage):n])}
}

// handleReturned puts a backend whose session ended back in the pool, or
// lets it go when the pool is full or the server is stopping.
func (pm *Postmaster) handleReturned(ev returnedEvent) {
	c := ev.c
	if pm.children[c.pid] != c || c.handoff == nil || c.pooled {
		return // it exited meanwhile
	}
	if pm.state != stateRun || pm.shutdownMode != "" || !pm.reuseEnabled() || len(pm.pool) >= pm.poolMax() {
		c.pooled = true
		pm.dropFromPool(c, syscall.SIGTERM)
		return
	}
	pm.addToPool(c, ev.database)
}

// trimPool stops the longest idle backend of a pool above its target
// once it has waited poolIdleTrim, so that the pool shrinks after a burst.
func (pm *Postmaster) trimPool(now time.Time) {
	if len(pm.pool) <= pm.poolTarget() {
		return
	}
	oldest := pm.pool[0]
	for _, c := range pm.pool {
		if c.idleSince.Before(oldest.idleSince) {
			oldest = c
		}
	}
	if now.Sub(oldest.idleSince) > poolIdleTrim {
		pm.dropFromPool(oldest, syscall.SIGTERM)
	}
}

// dropFromPool removes an idle backend from the pool and signals it.
func (pm *Postmaster) dropFromPool(c *child, sig syscall.Signal) {
	for i, p := range pm.pool {
		if p == c {
			pm.pool = append(pm.pool[:i], pm.pool[i+1:]...)
			break
		}
	}
	c.pooled = false
	if c.handoff != nil {
		c.handoff.Close()
		c.handoff = nil
	}
	c.signaled = true
	unix.Kill(c.pid, sig)
}

// emptyPool stops every idle backend (shutdown, crash restart).
func (pm *Postmaster) emptyPool(sig syscall.Signal) {
	for len(pm.pool) > 0 {
		pm.dropFromPool(pm.pool[0], sig)
	}
}

// peekDatabase reads, without consuming and without waiting, the
// database a connection's start-up packet asks for (the user name when
// it names none, as PostgreSQL defaults it). It returns "" when the
// packet has not fully arrived or is not a protocol 3 StartupMessage (an
// SSL or cancel request comes first, say): the choice of backend is only
// a preference, the backend reads the packet itself.
func peekDatabase(conn *os.File) string {
	rc, err := conn.SyscallConn()
	if err != nil {
		return ""
	}
	var buf [1024]byte
	n := 0
	rc.Control(func(fd uintptr) {
		n, _, err = unix.Recvfrom(int(fd), buf[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
	})
	if err != nil || n < 8 {
		return ""
	}
	length := int(binary.BigEndian.Uint32(buf[:4]))
	if length > n || length < 8 || binary.BigEndian.Uint32(buf[4:8]) != 3<<16 {
		return ""
	}
	fields := bytes.Split(buf[8:length], []byte{0})
	var user, database string
	for i := 0; i+1 < len(fields); i += 2 {
		switch string(fields[i]) {
		case "user":
			user = string(fields[i+1])
		case "database":
			database = string(fields[i+1])
		}
	}
	if database == "" {
		database = user
	}
	return database
}
