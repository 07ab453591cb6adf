// I/O statistics per backend type: the counts behind pg_stat_io
// (PostgreSQL 16's pgstat_io.c). Each process counts its reads, writes,
// extensions, hits, evictions and fsyncs in a storage.IOCounts (the
// buffer pool's and smgr's plain fields) and adds them here, in the
// shared table's header under its lock, when it flushes.

package pgstat

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// BackendType is PostgreSQL 16's BackendType, in its order: pg_stat_io
// lists its rows in this order. Types gpostgres has no process for
// (background workers, walsenders, a standalone backend...) still get
// their rows, all zero, as a PostgreSQL 16 server without such
// processes shows them.
type BackendType uint8

const (
	BackendInvalid BackendType = iota
	BackendArchiver
	BackendAutovacuumLauncher
	BackendAutovacuumWorker
	BackendClient
	BackendBgWorker
	BackendBgWriter
	BackendCheckpointer
	BackendLogger
	BackendStandalone
	BackendStartup
	BackendWalReceiver
	BackendWalSender
	BackendWalWriter
	numBackendTypes
)

var backendTypeNames = [numBackendTypes]string{
	BackendInvalid:            "not initialized",
	BackendArchiver:           "archiver",
	BackendAutovacuumLauncher: "autovacuum launcher",
	BackendAutovacuumWorker:   "autovacuum worker",
	BackendClient:             "client backend",
	BackendBgWorker:           "background worker",
	BackendBgWriter:           "background writer",
	BackendCheckpointer:       "checkpointer",
	BackendLogger:             "logger",
	BackendStandalone:         "standalone backend",
	BackendStartup:            "startup",
	BackendWalReceiver:        "walreceiver",
	BackendWalSender:          "walsender",
	BackendWalWriter:          "walwriter",
}

// String is the name pg_stat_activity.backend_type and pg_stat_io show
// (GetBackendTypeDesc).
func (t BackendType) String() string { return backendTypeNames[t] }

// BackendTypeOf is the backend type of a process role.
func BackendTypeOf(r proc.Role) BackendType {
	switch r {
	case proc.RoleBackend:
		return BackendClient
	case proc.RoleCheckpointer:
		return BackendCheckpointer
	case proc.RoleBgWriter:
		return BackendBgWriter
	case proc.RoleWalWriter:
		return BackendWalWriter
	case proc.RoleAutovacuumLauncher:
		return BackendAutovacuumLauncher
	case proc.RoleLogger:
		return BackendLogger
	case proc.RoleStartup:
		return BackendStartup
	case proc.RoleArchiver:
		return BackendArchiver
	case proc.RoleAutovacuumWorker:
		return BackendAutovacuumWorker
	}
	return BackendInvalid
}

// IOObjectNames, IOContextNames and IOOpNames are pg_stat_io's spellings.
var (
	IOObjectNames  = [storage.NumIOObjects]string{"relation", "temp relation"}
	IOContextNames = [storage.NumIOContexts]string{"bulkread", "bulkwrite", "normal", "vacuum"}
)

// TracksIOBackendType reports whether processes of type t have I/O
// statistics (pgstat_tracks_io_bktype): the archiver, logger,
// walreceiver and walwriter do no relation I/O worth showing.
func TracksIOBackendType(t BackendType) bool {
	switch t {
	case BackendAutovacuumLauncher, BackendAutovacuumWorker, BackendClient, BackendBgWorker,
		BackendBgWriter, BackendCheckpointer, BackendStandalone, BackendStartup, BackendWalSender:
		return true
	}
	return false
}

// TracksIOObject reports whether pg_stat_io has a row for (t, obj, ctx)
// (pgstat_tracks_io_object).
func TracksIOObject(t BackendType, obj storage.IOObject, ctx storage.IOContext) bool {
	if !TracksIOBackendType(t) {
		return false
	}
	// Temporary relations are only read and written through local
	// buffers, which have no strategies.
	if obj == storage.IOObjectTempRelation && ctx != storage.IOContextNormal {
		return false
	}
	// Only processes running queries have local buffers (a background
	// worker may, for an extension's sake).
	if obj == storage.IOObjectTempRelation {
		switch t {
		case BackendAutovacuumLauncher, BackendBgWriter, BackendCheckpointer, BackendAutovacuumWorker,
			BackendStandalone, BackendStartup:
			return false
		}
	}
	strategy := ctx == storage.IOContextBulkRead || ctx == storage.IOContextBulkWrite || ctx == storage.IOContextVacuum
	if (t == BackendCheckpointer || t == BackendBgWriter) && strategy {
		return false
	}
	if t == BackendAutovacuumLauncher && ctx == storage.IOContextVacuum {
		return false
	}
	if (t == BackendAutovacuumWorker || t == BackendAutovacuumLauncher) && ctx == storage.IOContextBulkWrite {
		return false
	}
	return true
}

// TracksIOOp reports whether pg_stat_io counts op for (t, obj, ctx)
// (pgstat_tracks_io_op); where it does not, the column is NULL.
func TracksIOOp(t BackendType, obj storage.IOObject, ctx storage.IOContext, op storage.IOOp) bool {
	if !TracksIOObject(t, obj, ctx) {
		return false
	}
	if (t == BackendBgWriter || t == BackendCheckpointer) &&
		(op == storage.IOOpRead || op == storage.IOOpEvict || op == storage.IOOpHit) {
		return false
	}
	if (t == BackendAutovacuumLauncher || t == BackendBgWriter || t == BackendCheckpointer) && op == storage.IOOpExtend {
		return false
	}
	// Temporary relations are neither fsynced nor written back.
	if obj == storage.IOObjectTempRelation && (op == storage.IOOpFsync || op == storage.IOOpWriteback) {
		return false
	}
	if ctx == storage.IOContextBulkRead && op == storage.IOOpExtend {
		return false
	}
	strategy := ctx == storage.IOContextBulkRead || ctx == storage.IOContextBulkWrite || ctx == storage.IOContextVacuum
	// Reuses are of a strategy's ring buffers; fsyncs of writes made
	// through a strategy count under normal.
	if !strategy && op == storage.IOOpReuse {
		return false
	}
	if strategy && op == storage.IOOpFsync {
		return false
	}
	return true
}

// ioShared are the I/O counts of every backend type, in the shared
// table's header, under its lock. Times are in nanoseconds; statsReset
// in microseconds since the Unix epoch.
type ioShared struct {
	counts     [numBackendTypes][storage.NumIOObjects][storage.NumIOContexts][storage.NumIOOps]int64
	times      [numBackendTypes][storage.NumIOObjects][storage.NumIOContexts][storage.NumIOOps]int64
	statsReset int64
}

// addIO adds c to backend type t's shared counts and zeroes c. The
// caller holds the lock exclusively.
func (sh *Shared) addIO(t BackendType, c *storage.IOCounts) {
	io := &sh.hdr.io
	for obj := range c.Counts {
		for ctx := range c.Counts[obj] {
			for op, n := range c.Counts[obj][ctx] {
				io.counts[t][obj][ctx][op] += n
				io.times[t][obj][ctx][op] += int64(c.Times[obj][ctx][op])
			}
		}
	}
	*c = storage.IOCounts{}
}

// FlushIO adds a process's I/O counts to those of its backend type and
// zeroes them (pgstat_flush_io), for the processes without a Backend
// (the checkpointer, the background writer, the startup process).
// Counts of a type pg_stat_io does not show are dropped.
func (sh *Shared) FlushIO(o *shmem.Owner, t BackendType, c *storage.IOCounts) {
	if c == nil || c.IsZero() {
		return
	}
	if !TracksIOBackendType(t) {
		*c = storage.IOCounts{}
		return
	}
	sh.hdr.lock.Lock(o)
	sh.addIO(t, c)
	sh.hdr.lock.Unlock(o)
}

// IOStats are pg_stat_io's counts: per backend type, object, context
// and operation, with times.
type IOStats struct {
	Counts     [numBackendTypes][storage.NumIOObjects][storage.NumIOContexts][storage.NumIOOps]int64
	Times      [numBackendTypes][storage.NumIOObjects][storage.NumIOContexts][storage.NumIOOps]time.Duration
	StatsReset time.Time
}

// IO returns a copy of the shared I/O counts.
func (sh *Shared) IO(o *shmem.Owner) *IOStats {
	out := &IOStats{}
	sh.hdr.lock.RLock(o)
	io := &sh.hdr.io
	out.Counts = io.counts
	for t := range io.times {
		for obj := range io.times[t] {
			for ctx := range io.times[t][obj] {
				for op, ns := range io.times[t][obj][ctx] {
					out.Times[t][obj][ctx][op] = time.Duration(ns)
				}
			}
		}
	}
	reset := io.statsReset
	sh.hdr.lock.RUnlock(o)
	if reset != 0 {
		out.StatsReset = time.UnixMicro(reset)
	}
	return out
}

// ResetIO zeroes every backend type's I/O counts; stats_reset becomes
// now (pg_stat_reset_shared('io')). Counts processes have not flushed
// yet are kept and show up later, as in PostgreSQL.
func (sh *Shared) ResetIO(o *shmem.Owner) {
	now := time.Now().UnixMicro()
	sh.hdr.lock.Lock(o)
	sh.hdr.io = ioShared{statsReset: now}
	sh.hdr.lock.Unlock(o)
}

// BackendTypes lists every backend type in PostgreSQL 16's order, for
// the view's rows.
func BackendTypes() []BackendType {
	out := make([]BackendType, 0, numBackendTypes)
	for t := BackendInvalid; t < numBackendTypes; t++ {
		out = append(out, t)
	}
	return out
}
