// Shared-memory layout of the storage subsystems and per-process handles.

package engine

import (
	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/async"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
)

// Shared is every storage subsystem's shared state.
type Shared struct {
	Sync    *smgr.SyncQueue
	Buffers *buffer.Shared
	WAL     *xlog.Shared
	Xact    *transam.Manager
	Locks   *lmgr.LockTable
	Inval   *sinval.Queue
	// Notify is the LISTEN/NOTIFY queue (lib/async).
	Notify *async.Queue
	// Stats is the cumulative statistics table (lib/pgstat).
	Stats *pgstat.Shared
	// Pred is the table of serializable transactions and their SIREAD
	// locks (lib/storage/predicate).
	Pred *predicate.Shared
}

// ShmemSize is the shared memory the storage subsystems need.
func ShmemSize(s *config.Settings) int {
	return smgr.ShmemSize(s) + buffer.ShmemSize(s) + xlog.ShmemSize(s) + transam.ShmemSize(s) + lmgr.ShmemSize(s) + sinval.ShmemSize(s) + async.ShmemSize(s) + pgstat.ShmemSize(s) + predicate.ShmemSize(s)
}

// CreateShared allocates every subsystem's regions and loads the data
// directory's pg_control into shared memory (postmaster only, before any
// child starts).
func CreateShared(seg *shmem.Segment, s *config.Settings, dataDir string) (*Shared, error) {
	var sh Shared
	var err error
	if sh.Sync, err = smgr.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.Buffers, err = buffer.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.WAL, err = xlog.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if err = sh.WAL.LoadControlFile(dataDir); err != nil {
		return nil, err
	}
	if sh.Xact, err = transam.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.Locks, err = lmgr.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.Inval, err = sinval.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.Notify, err = async.CreateShared(seg, s, dataDir); err != nil {
		return nil, err
	}
	if sh.Stats, err = pgstat.CreateShared(seg, s); err != nil {
		return nil, err
	}
	if sh.Pred, err = predicate.CreateShared(seg, s); err != nil {
		return nil, err
	}
	return &sh, nil
}

// AttachShared finds the regions CreateShared made.
func AttachShared(seg *shmem.Segment) *Shared {
	return &Shared{
		Sync:    smgr.AttachShared(seg),
		Buffers: buffer.AttachShared(seg),
		WAL:     xlog.AttachShared(seg),
		Xact:    transam.AttachShared(seg),
		Locks:   lmgr.AttachShared(seg),
		Inval:   sinval.AttachShared(seg),
		Notify:  async.AttachShared(seg),
		Stats:   pgstat.AttachShared(seg),
		Pred:    predicate.AttachShared(seg),
	}
}

// CleanupDeadProcess releases what a process that died outside every
// critical section still held: its buffer pins, its heavyweight locks and
// its transaction (which then counts as aborted). The postmaster calls it
// with its own owner; the dead process's proc slot is released afterwards.
func (sh *Shared) CleanupDeadProcess(o *shmem.Owner, procIndex int) error {
	sh.Buffers.ReleaseAllPins(procIndex)
	// Abort first, then release the xid lock: a waiter woken by the
	// release must find the transaction already ended.
	err := sh.Xact.ClearProc(o, procIndex)
	sh.Locks.LockReleaseAll(o, procIndex)
	// Its serializable transaction aborted with it.
	sh.Pred.ReleaseDeadProcess(o, procIndex)
	// Its place in the invalidation queue must not hold the queue back.
	sh.Inval.Detach(o, procIndex)
	// Nor its place in the notification queue (a listener that died).
	sh.Notify.Detach(o, procIndex)
	return err
}

// Engine is one process's handles on the storage subsystems.
type Engine struct {
	*Shared
	DataDir   string
	Settings  *config.Settings
	Log       *elog.Logger
	Owner     *shmem.Owner
	ProcIndex int

	Smgr   *smgr.Manager
	WALH   *xlog.WAL
	Pool   *buffer.Pool
	Locker *lmgr.Locker
	// Predicate is the process's serializable transaction
	// (lib/storage/predicate).
	Predicate *predicate.Backend
	Rmgrs     *xlog.RmgrTable
	Heap      *heap.Env
	// Btree is the process's B-tree access (lib/access/nbtree).
	Btree *nbtree.Env
	// Sequences is the process's sequence access and its session's
	// nextval state.
	Sequences *sequence.Env
	redo      *buffer.RedoSource // pages for redo (startup process)
	// recovering is true while this process replays the WAL, when no
	// record may be inserted (logHint).
	recovering bool
	// Invals reads the shared invalidation queue; set by AttachInval in
	// processes that cache catalog contents (backends).
	Invals *sinval.Backend
	// Stats is the process's cumulative statistics: nil until
	// StartStats (processes connected to a database).
	Stats *pgstat.Backend
	// BackendType is the pg_stat_io row the process's I/O counts go to:
	// a client backend unless the opener says otherwise
	// (postmaster.Child.OpenEngine sets it from the process's role).
	BackendType pgstat.BackendType
}

// StartStats starts counting the process's activity in database db for
// the cumulative statistics (pgstat_initialize): its buffer accesses,
// and what the SQL layer and the transaction code report.
func (e *Engine) StartStats(db uint32) *pgstat.Backend {
	e.Stats = e.Shared.Stats.NewBackend(e.Owner, e.Settings, db)
	e.Pool.SetAccessCounter(e.Stats.CountBufferAccess)
	e.Pool.SetChecksumFailureCounter(e.Stats.ReportChecksumFailure)
	e.Stats.SetBufferUsage(e.Pool.Usage())
	e.Stats.SetIOCounts(e.Pool.IOCounts(), e.BackendType)
	stats := e.Stats
	e.Heap.Reclaimed = func(rel *heap.Relation, n int) { stats.CountReclaimed(rel.OID, rel.Locator, n) }
	e.Stats.SetWarnFull(func() {
		e.Log.Report(pgerr.Newf(pgerr.OutOfMemory, "the cumulative statistics table is full (%d entries): counts of further objects are not kept", pgstat.Capacity).WithSeverity(pgerr.SeverityWarning), "")
	})
	return e.Stats
}

// Open builds the process's handles. owner and procIndex come from the
// process's proc slot.
func (sh *Shared) Open(dataDir string, settings *config.Settings, log *elog.Logger, owner *shmem.Owner, procIndex int) (*Engine, error) {
	e := &Engine{Shared: sh, DataDir: dataDir, Settings: settings, Log: log, Owner: owner, ProcIndex: procIndex,
		BackendType: pgstat.BackendClient}
	sh.Sync.SetOwner(owner)
	if procIndex >= 0 && procIndex < sh.Xact.NumProcs() {
		// A new occupant of the slot counts in every database's vacuum
		// horizon until it names its own (SetProcDatabase).
		sh.Xact.SetProcDatabase(procIndex, 0)
	}
	e.Smgr = smgr.New(dataDir, sh.Sync)
	e.Smgr.SetWaitOwner(owner)
	e.Rmgrs = xlog.NewRmgrTable()
	e.WALH = sh.WAL.Open(xlog.Options{DataDir: dataDir, Owner: owner, Settings: settings, Logger: log, Rmgrs: e.Rmgrs})
	sh.Xact.SetWAL(e.WALH.DataWriter())
	// Valid in every process: the postmaster loaded pg_control into shared
	// memory before starting any (CreateShared).
	checksums := e.WALH.ControlFile().DataChecksumVersion != 0
	verify := page.VerifyFlags(0)
	if checksums {
		verify = page.VerifyChecksums
	}
	cfg := buffer.Config{
		Files: e.Smgr,
		WAL:   e.WALH,
		VerifyChecksum: func(p []byte, blk storage.BlockNumber) (bool, *pgerr.Error) {
			flags := verify
			if checksums && settings.Bool("ignore_checksum_failure") {
				flags |= page.IgnoreChecksumFailure
			}
			return page.Page(p).Verify(blk, flags)
		},
		Settings: settings,
		Warn:     func(w *pgerr.Error) { log.Report(w, "") },
		Unlogged: e.Smgr.HasInitFork,
	}
	if checksums {
		cfg.SetChecksum = func(p []byte, blk storage.BlockNumber) { page.Page(p).SetChecksum(blk) }
	}
	if checksums || settings.Bool("wal_log_hints") {
		cfg.LogHint = e.logHint
	}
	pool, err := sh.Buffers.NewPool(owner, procIndex, cfg)
	if err != nil {
		return nil, err
	}
	e.Pool = pool
	// The segment fsyncs this process does count with its buffer I/O.
	e.Smgr.SetIOCounts(pool.IOCounts(), func() bool { return settings.Bool("track_io_timing") })
	// Temporary relations' pages: temp_buffers of them, made at the first
	// access, after which the setting is fixed for the session.
	pool.SetLocalBuffersSize(func() int { return int(settings.Int("temp_buffers")) })
	pool.SetBackendID(e.BackendID())
	settings.LocalBuffers = func() int64 { return int64(pool.LocalBuffers()) }
	e.Locker = sh.Locks.NewLocker(owner, procIndex)
	e.Locker.Configure(settings)
	e.Predicate = sh.Pred.NewBackend(owner, procIndex)
	e.Predicate.Settings = settings
	// Waiting for a transaction re-checks whether it is still running
	// (XactLockTableWait's loop), which needs the proc array, and goes on
	// with the top-level transaction of a subtransaction (pg_subtrans).
	e.Locker.XidInProgress = func(xid uint32) (bool, error) {
		return sh.Xact.TransactionIdIsInProgress(owner, transam.TransactionId(xid))
	}
	e.Locker.XidTopmost = func(xid uint32) (uint32, error) {
		top, err := sh.Xact.SubTransGetTopmostTransaction(owner, transam.TransactionId(xid))
		return uint32(top), err
	}
	e.Heap = &heap.Env{Pool: e.Pool, Files: e.Smgr, Xact: sh.Xact, Locks: e.Locker, WAL: e.WALH, Owner: owner, ProcIndex: procIndex}
	if settings != nil {
		e.Heap.ToastCompression = func() int {
			if settings.Enum("default_toast_compression") == "lz4" {
				return toast.MethodLZ4
			}
			return toast.MethodPGLZ
		}
	}
	e.Btree = &nbtree.Env{Pool: e.Pool, Files: e.Smgr, WAL: e.WALH, Owner: owner,
		FSM:         e.Heap.FreeSpaceMap(),
		NextFullXid: func() uint64 { return uint64(sh.Xact.ReadNextFullTransactionId()) },
		// GlobalVisCheckRemovableFullXid: older than every xmin and xid
		// in the proc array, whatever the database.
		RemovableFullXid: func(fxid uint64) bool {
			oldest := transam.FullXidRelativeTo(sh.Xact.ReadNextFullTransactionId(), sh.Xact.GetOldestXmin(owner))
			return fxid < uint64(oldest)
		}}
	e.Btree.PredicateLocks = btreePredicateLocks{pred: sh.Pred, owner: owner}
	// The heap's own B-tree access, for TOAST tables' chunk indexes:
	// lib/sql sets Btree's Interrupt for each statement that uses it, so
	// it may belong to a statement that has ended; the heap's has none
	// (one chunk's insertion or lookup is short, and the statement
	// checks for interrupts between rows).
	heapBtree := *e.Btree
	e.Heap.Btree = &heapBtree
	e.Sequences = &sequence.Env{Pool: e.Pool, WAL: e.WALH, Owner: owner}
	return e, nil
}

// btreePredicateLocks carries serializable transactions' locks on
// B-tree leaves through splits and page deletions (nbtree.PredicateLocks).
type btreePredicateLocks struct {
	pred  *predicate.Shared
	owner *shmem.Owner
}

func (b btreePredicateLocks) PageSplit(ix *nbtree.Index, old, new storage.BlockNumber) {
	if ix.OID != 0 {
		b.pred.PageSplit(b.owner, ix.Locator.DB, ix.OID, uint32(old), uint32(new))
	}
}

func (b btreePredicateLocks) PageCombine(ix *nbtree.Index, old, new storage.BlockNumber) {
	if ix.OID != 0 {
		b.pred.PageCombine(b.owner, ix.Locator.DB, ix.OID, uint32(old), uint32(new))
	}
}

// BackendID is the process's backend id as PostgreSQL numbers backends
// (MyBackendId, from 1): its proc slot's index plus one. It names the
// session's temporary schema pg_temp_N and its temporary relations' files.
func (e *Engine) BackendID() int32 { return int32(e.ProcIndex) + 1 }

// FlushIO adds the process's I/O counts not flushed yet to pg_stat_io
// (pgstat_flush_io). Processes with a Backend flush them with the rest
// of their counts; the checkpointer and the background writer call this
// after their rounds, and Close calls it for everyone.
func (e *Engine) FlushIO() {
	e.Shared.Stats.FlushIO(e.Owner, e.BackendType, e.Pool.IOCounts())
}

// AttachInval makes this process a reader of the shared invalidation
// queue (a backend, which caches catalog rows).
func (e *Engine) AttachInval() *sinval.Backend {
	e.Invals = e.Inval.Attach(e.Owner, e.ProcIndex)
	return e.Invals
}

// ResumeInval is AttachInval for a catalog cache kept from an earlier
// session of this process (a pooled backend): the reader starts where
// that session's reader was suspended (sinval.Queue.Resume).
func (e *Engine) ResumeInval(pos sinval.Position) *sinval.Backend {
	e.Invals = e.Inval.Resume(e.Owner, e.ProcIndex, pos)
	return e.Invals
}

// Close releases the process's pins and open files.
func (e *Engine) Close() {
	e.FlushIO()
	if e.Invals != nil {
		e.Invals.Close()
	}
	e.Pool.Close()
	e.WALH.Close()
	e.Smgr.CloseAll()
}

// logHint is the buffer pool's Config.LogHint with data checksums or
// wal_log_hints on (XLogSaveBufferForHint): an XLOG_FPI_FOR_HINT record
// with an image of the page if it has not been logged since the redo
// point. Heap, catalog and index pages have the standard layout, so the
// image leaves out the hole; free space map pages keep their tree in
// what would be the hole and are logged whole (MarkBufferDirtyHint with
// buffer_std false). During recovery nothing may be logged, so the page
// is not dirtied (PostgreSQL does the same).
func (e *Engine) logHint(tag buffer.BufferTag, p []byte) (storage.LSN, bool, error) {
	if e.recovering {
		return 0, false, nil
	}
	if buffer.PageLSN(p) > storage.LSN(e.WALH.RedoPoint()) {
		return 0, true, nil
	}
	if tag.Fork != storage.InitFork && e.Smgr.HasInitFork(tag.Rel) {
		// A page of an unlogged relation needs no image: crash recovery
		// replaces the relation anyway. (Its buffers are not permanent,
		// so this is asked only of one loaded before the relation's
		// init fork existed: an unlogged index being built.)
		return 0, true, nil
	}
	rec := xlog.NewRecord(xlog.RmgrXLOG, xlog.InfoFPIForHint)
	flags := uint8(xlog.RegBufForceImage | xlog.RegBufStandard)
	if tag.Fork == storage.FSMFork {
		flags = xlog.RegBufForceImage
	}
	rec.RegisterBuffer(0, tag.Rel, tag.Fork, tag.Block, p, flags)
	lsn, err := e.WALH.Insert(rec)
	if err != nil {
		return 0, false, err
	}
	return storage.LSN(lsn), true, nil
}
