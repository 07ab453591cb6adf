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
// any step of the teardown, a server shutting down. Its death while it
// serves a reused session is handled by the postmaster like any
// backend's.

package backend

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
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
	for {
		var info proc.ConnInfo
		var conn *os.File
		if first != nil {
			info, conn, first = first.info, first.conn, nil
		} else {
			// A pooled process that waits a while gives back what its
			// last session left on the heap, as an idle session does.
			release := time.AfterFunc(idleMemoryRelease, releaseMemory)
			var ok bool
			info, conn, ok = p.waitForConnection()
			release.Stop()
			if !ok {
				return 0
			}
		}
		status, next := runSession(child, conn, info, warm, true)
		if next == nil {
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
