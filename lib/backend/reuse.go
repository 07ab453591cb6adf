// Reuse of a backend process for another session (issue 10: connections
// faster than PostgreSQL's). A pre-started backend whose session ended
// cleanly does not exit: it tears the session down exactly as an exit
// would, resets what the process itself keeps, and offers itself to the
// postmaster again (proc.ReadyMessage on its hand-off socketpair).
//
// What a session leaves and how it goes:
//   - its transaction, temporary objects (pg_temp_N emptied), advisory
//     locks, LISTEN registrations, temporary files, statistics and
//     buffer pins: closeStorage, closeNotify and closeTempFiles, the
//     same calls as at exit;
//   - its proc slot (and with it pg_stat_activity's row, wait event,
//     cancel key, database and user, xmin): released as at exit and
//     claimed anew at the next start-up, which draws a new cancel key
//     and a new backend_start;
//   - prepared statements, portals, cursors, the parse cache, sequences'
//     currval/lastval, random()'s seed: they live in the session and
//     engine values, which are made anew;
//   - settings: Child.ResetSettings builds them afresh from the
//     postmaster's export, so neither SET nor the start-up packet's
//     values (which RESET ALL would return to) survive; session
//     authorization and role are settings too;
//   - the process title and the log's session fields.
//
// The catalog cache is kept, for the same database only: its
// invalidation reader is suspended at its place in the shared queue and
// resumed in the next session's slot, which replays what other backends
// invalidated meanwhile or discards the whole cache if the queue moved on
// too far (sinval.Queue.Resume). Its session part (the temporary schema)
// is forgotten.
//
// The process exits instead of being reused whenever the end was not
// clean: no Terminate message (EOF, lost client), a FATAL error or
// pg_terminate_backend, a transaction block still open, a failure in
// any step of the teardown, a server shutting down; and after a big
// session that left the process's private memory much above what it
// started with (retirement, below). Its death while it serves a reused
// session is handled by the postmaster like any backend's.

package backend

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
)

// warmState is what one session leaves the next in the same process.
type warmState struct {
	cache        *catalog.Cache
	database     uint32
	databaseName string
	position     sinval.Position
}

// serve runs a backend that may serve several sessions: it serves first
// (the connection it was started for, if any), then waits for a
// connection from the postmaster, and goes back to the pool while
// sessions end cleanly.
func (p *pooledProcess) serve(first *handOff) int {
	child := p.child
	var warm *warmState
	retire := newRetirement()
	for {
		var info proc.ConnInfo
		var conn *os.File
		if first != nil {
			info, conn, first = first.info, first.conn, nil
		} else {
			// A pooled process that waits a while gives back what its
			// last session left on the heap, as an idle session does.
			release := time.AfterFunc(idleMemoryRelease, func() {
				releaseMemory()
				retire.released()
			})
			var ok bool
			info, conn, ok = p.waitForConnection()
			release.Stop()
			if !ok {
				return 0
			}
		}
		status, next := runSession(child, conn, info, warm, true)
		if next == nil || retire.grown() {
			return status
		}
		warm = next
		if next.cache == nil {
			warm = nil
		}
		// Between sessions, the process holds no proc slot: a
		// shutdown begun meanwhile would not wait for it.
		if child.Shared.IsShuttingDown() || child.Shared.Quit() != postmaster.QuitNone {
			return status
		}
		if err := child.ResetSettings(); err != nil {
			child.Log.Report(err, "")
			return status
		}
		releaseSessionMemory()
		database := ""
		if warm != nil {
			database = warm.databaseName
		}
		if err := proc.SendReady(p.handoff, database); err != nil {
			return status
		}
	}
}

// pooledHeapLimit is the heap a backend may keep while it waits in the
// pool; a session that left more (a big sort, a large result) has it
// collected and returned to the system, as an exiting process would.
const pooledHeapLimit = 64 << 20

// releaseSessionMemory returns what the last session's work left on the
// heap to the system when it is large.
func releaseSessionMemory() {
	// Objects (dead ones not yet swept included), room in spans in use,
	// and free spans not yet returned to the system.
	sample := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(sample)
	var held uint64
	for _, m := range sample {
		held += m.Value.Uint64()
	}
	if held > pooledHeapLimit {
		debug.FreeOSMemory()
	}
}

// cleanEnd reports whether the session ended in a state another session
// may follow: the client said goodbye (Terminate), nothing terminated or
// lost it, and no transaction block is open (a COPY in progress, an
// error in a critical place or a FATAL error end the loop otherwise).
func (s *session) cleanEnd() bool {
	if !s.terminated || s.terminating.Load() || s.clientLost.Load() {
		return false
	}
	if s.eng == nil || s.xact == nil || s.xact.Open() {
		return false
	}
	return s.slot != nil && !s.slot.Owner.InCriticalState()
}

// end tears the session down as a backend's exit does. With reuse it
// also keeps the catalog cache for the next session and returns what
// that session starts with; nil when the process must exit after all.
func (s *session) end(reuse bool) *warmState {
	ok := s.closeTempFiles()
	s.closeNotify()
	kept, stored := s.closeStorage(reuse)
	ok = ok && stored
	if reuse && ok && s.slot != nil && s.slot.Owner.InCriticalState() {
		// Something below left an LWLock held or a critical section
		// open: only an exit lets the postmaster judge it.
		ok = false
	}
	s.releaseSlot()
	if !reuse || !ok {
		return nil
	}
	if kept == nil {
		kept = &warmState{}
	}
	return kept
}

// takeWarmCache gives the session the catalog cache its process kept
// from the previous session if it is for the same database, resuming its
// invalidation reader in this session's slot. Otherwise the kept cache is
// dropped and Catalog makes a new one.
func (s *session) takeWarmCache() {
	w := s.warm
	s.warm = nil
	if w == nil || w.cache == nil || w.database != s.dbOID {
		return
	}
	w.cache.Resume(s.eng.ResumeInval(w.position))
	s.catalog = w.cache
	s.catalog.OnSmgrInvalidation("smgr", s.eng.Smgr.Close)
}

// A pooled backend's private memory grows with its sessions even though
// its live heap hardly does: the Go runtime keeps, for the life of the
// process, the span sets of its free lists for every size class and sweep
// state a session used, partly used spans, GC bitmaps
// (docs/benchmarks.md, idle_memory). PostgreSQL's backends exit after
// each session. So a backend that has allocated retireCheckAllocs since
// it last measured itself (in one big session, or over many short ones)
// measures itself at the session's end, after collecting and returning
// its free heap, and exits instead of going back to the pool when its
// private memory grew by more than 1.5 MB since it started: a fresh
// pre-started backend takes its place. Sessions are not measured each:
// the check costs a collection, which a connection per transaction would
// pay every time. Measured: pgbench
// sessions of 5 s left their backends at 4.8-5.2 MB where a fresh one
// idles at 2.7 MB (3.1 MB after its first query).
const (
	retireCheckAllocs   = 64 << 20
	defaultRetireGrowth = 3 << 19 // 1.5 MB
)

// retirement is serve's record for the check.
type retirement struct {
	// base is the least private dirty memory the process was seen with
	// since it started serving (at the start, and after each release
	// while it waited in the pool), 0 if it could not be read (no check
	// then). The release timer's goroutine updates it.
	base atomic.Uint64
	// growth is how much is too much: defaultRetireGrowth, or for developers
	// and tests GPOSTGRES_RETIRE_GROWTH (bytes).
	growth uint64
	// allocsAtCheck is the heap allocated when the process last
	// measured itself (or started).
	allocsAtCheck uint64
}

func newRetirement() *retirement {
	r := &retirement{growth: defaultRetireGrowth}
	if v, err := strconv.ParseUint(os.Getenv("GPOSTGRES_RETIRE_GROWTH"), 10, 64); err == nil {
		r.growth = v
	}
	r.base.Store(privateDirty())
	r.allocsAtCheck = heapAllocated()
	return r
}

// released records the memory the process holds just after giving its
// free heap back in the pool.
func (r *retirement) released() {
	now := privateDirty()
	if b := r.base.Load(); b != 0 && now != 0 && now < b {
		r.base.Store(now)
	}
}

// grown reports whether the process should exit after its session instead
// of going back to the pool.
func (r *retirement) grown() bool {
	now := heapAllocated()
	if r.base.Load() == 0 || now-r.allocsAtCheck < retireCheckAllocs {
		return false
	}
	r.allocsAtCheck = now
	runtime.GC()
	debug.FreeOSMemory()
	return retireDecision(r.base.Load(), privateDirty(), r.growth)
}

// retireDecision compares the private memory measured at the start and
// now; 0 means unknown.
func retireDecision(base, now, growth uint64) bool {
	return base != 0 && now != 0 && now > base+growth
}

// heapAllocated is the bytes the process has allocated on its heap in
// all.
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// privateDirty is the process's private dirty memory in bytes as the
// kernel counts it (what bench/run.sh's idle_memory reports), 0 if
// /proc/self/smaps_rollup cannot be read.
func privateDirty() uint64 {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte("Private_Dirty:"))
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
