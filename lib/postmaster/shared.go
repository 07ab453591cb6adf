// Postmaster state that children read from shared memory.

package postmaster

import (
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Why the postmaster sent SIGQUIT, so a backend can tell its client the
// right thing (PostgreSQL's GetQuitSignalReason).
const (
	QuitNone int32 = iota
	QuitImmediateShutdown
	QuitCrashRestart
)

// Checkpoint request flags (PostgreSQL's CHECKPOINT_* bits that matter here).
const (
	CheckpointImmediate uint32 = 1 << iota
	CheckpointForce
	CheckpointWait
)

// SharedState is the postmaster's region of shared memory.
type SharedState struct {
	QuitReason int32
	// ShuttingDown is set once a shutdown has begun; a backend started
	// then refuses its client.
	ShuttingDown int32
	// ReloadGeneration counts configuration reloads. A child knows the
	// generation of the settings it started with; one that missed a
	// SIGHUP while starting catches up (Child.CatchUpReload).
	ReloadGeneration uint64
	// StartTime is when the postmaster started and ConfLoadTime when it
	// last read the configuration files, in microseconds since the Unix
	// epoch (PgStartTime and PgReloadTime, which PostgreSQL hands to
	// EXEC_BACKEND children); both survive a crash restart.
	StartTime    int64
	ConfLoadTime int64
	// RecoveryPrefetchReset is when pg_stat_reset_shared('recovery_prefetch')
	// last ran (Unix microseconds), 0 if never: pg_stat_recovery_prefetch's
	// stats_reset, StartTime until then (nothing is ever prefetched).
	RecoveryPrefetchReset int64

	// Checkpoint requests, PostgreSQL's CheckpointerShmem: a requester bumps
	// CkptRequests (with its flags OR'd into CkptFlags) and signals the
	// checkpointer; CkptStarted and CkptDone count checkpoints begun and
	// finished, CkptFailed those that failed.
	CkptFlags        uint32
	CkptRequests     uint64
	CkptStarted      uint64
	CkptDone         uint64
	CkptFailed       uint64
	CheckpointerPID  int32
	CheckpointsTimed uint64
	CheckpointsReq   uint64
	CkptWriteTimeMs  uint64
	CkptSyncTimeMs   uint64

	// AutovacuumDatabase is the database the autovacuum launcher wants a
	// worker for (AutoVacuumShmem's av_startingWorker): the launcher sets
	// it when it is 0 and sends SIGUSR1 to the postmaster, which starts a
	// worker; the worker takes it (swaps in 0) as it starts.
	AutovacuumDatabase uint32
}

// RequestAutovacuumWorker asks the postmaster for an autovacuum worker
// for database db; false when a request is still pending.
func (s *SharedState) RequestAutovacuumWorker(db uint32) bool {
	return atomic.CompareAndSwapUint32(&s.AutovacuumDatabase, 0, db)
}

// TakeAutovacuumDatabase is the starting worker's side: the database it
// is for, 0 if none is pending.
func (s *SharedState) TakeAutovacuumDatabase() uint32 {
	return atomic.SwapUint32(&s.AutovacuumDatabase, 0)
}

const sharedRegion = "postmaster state"

func createShared(seg *shmem.Segment, reloadGen uint64, started, confLoaded time.Time) (*SharedState, error) {
	b, err := seg.Alloc(sharedRegion, int(unsafe.Sizeof(SharedState{})))
	if err != nil {
		return nil, err
	}
	s := shmem.At[SharedState](b, 0)
	atomic.StoreUint64(&s.ReloadGeneration, reloadGen)
	atomic.StoreInt64(&s.StartTime, started.UnixMicro())
	atomic.StoreInt64(&s.ConfLoadTime, confLoaded.UnixMicro())
	return s, nil
}

func attachShared(seg *shmem.Segment) *SharedState {
	return shmem.At[SharedState](seg.MustLookup(sharedRegion), 0)
}

// IsShuttingDown reports whether the postmaster has begun a shutdown.
func (s *SharedState) IsShuttingDown() bool { return atomic.LoadInt32(&s.ShuttingDown) != 0 }

// Quit returns why SIGQUIT was sent.
func (s *SharedState) Quit() int32 { return atomic.LoadInt32(&s.QuitReason) }
