// The per-process context of the heap access method (Env), the relation
// and tuple-address types its callers pass around, snapshots with the
// current transaction's identity, and the results of tuple modifications
// (PostgreSQL's tableam.h TM_Result / TM_FailureData).

package heap

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// CommandId numbers the commands of a transaction (PostgreSQL's
// CommandId): a tuple inserted by command c is invisible to the
// transaction's own commands before c+1.
type CommandId uint32

const (
	// FirstCommandId is the first command of a transaction.
	FirstCommandId CommandId = 0
	// InvalidCommandId means "no command id".
	InvalidCommandId CommandId = 0xFFFFFFFF
)

// TID is a tuple's address, PostgreSQL's ItemPointerData: block number
// and line pointer (from 1). It never changes while the tuple exists.
type TID struct {
	Block  storage.BlockNumber
	Offset page.OffsetNumber
}

// IsValid reports whether t names a line pointer at all.
func (t TID) IsValid() bool { return t.Offset != page.InvalidOffset }

// String prints the TID as PostgreSQL prints a ctid: "(0,1)".
func (t TID) String() string { return fmt.Sprintf("(%d,%d)", t.Block, t.Offset) }

// Relation is what the heap needs to know about a table: its OID (for
// heavyweight tuple locks and TOAST pointers), its files, its row type,
// its name (for messages) and its TOAST table, if it has one.
type Relation struct {
	OID     uint32
	Locator storage.RelFileLocator
	Desc    *tuple.Desc
	Name    string
	// Toast is the TOAST table (pg_class.reltoastrelid), a heap with
	// ToastDesc's columns, or nil. Without one, long values are only
	// compressed, and a row that still does not fit in a page is an error.
	Toast *Relation
	// ChunkIndex is, on a TOAST table, its B-tree on (chunk_id,
	// chunk_seq), pg_toast_<table>_index (ToastIndex describes it):
	// chunks are entered in it as they are stored, and a value's chunks
	// are found through it. nil: chunks are found by scanning the TOAST
	// table (one made before TOAST tables had their index).
	ChunkIndex *nbtree.Index
	// HotAttrs are the columns (0-based) that some index of the table
	// reads, in its keys, expressions or predicate; an UPDATE that changes
	// none of them, and fits on the old version's page, is heap-only.
	// nil (not an empty list) means HOT updates are not allowed.
	HotAttrs []int
	// KeyAttrs are the columns (0-based) of the table's unique indexes
	// without expressions or predicate, those a foreign key may reference
	// (RelationGetIndexAttrBitmap's INDEX_ATTR_BITMAP_KEY). An UPDATE
	// changing none of them locks the old version FOR NO KEY UPDATE, which
	// foreign key checks' FOR KEY SHARE does not conflict with; one that
	// changes one takes FOR UPDATE and sets HEAP_KEYS_UPDATED. nil (not
	// an empty list) means unknown: every update counts as changing a key.
	KeyAttrs []int
	// FillFactor is the table's fillfactor storage parameter (10 to
	// 100; 0 means the default, 100): pruning on access starts when a
	// page has less room than it keeps free.
	FillFactor int
	// ToastTupleTarget is the table's toast_tuple_target storage
	// parameter (128 to 8160; 0 means the default TOAST_TUPLE_TARGET):
	// a row over the threshold has values compressed and moved out until
	// it fits this.
	ToastTupleTarget int
	// Unlogged says the table is unlogged (relpersistence 'u', its TOAST
	// table too): changes to its main fork are not WAL-logged; crash
	// recovery replaces it with its empty init fork.
	Unlogged bool
}

// toastTupleTarget is RelationGetToastTupleTarget with the default.
func (r *Relation) toastTupleTarget() int {
	if r.ToastTupleTarget <= 0 {
		return toast.TupleTarget
	}
	return r.ToastTupleTarget
}

// fillFactor is RelationGetFillFactor with heap's default.
func (r *Relation) fillFactor() int {
	if r.FillFactor <= 0 {
		return 100
	}
	return r.FillFactor
}

// ToastDesc is the row type of a TOAST table: chunk_id oid, chunk_seq
// int4, chunk_data bytea, all with storage PLAIN so that a TOAST table
// is never itself toasted (create_toast_table).
func ToastDesc() *tuple.Desc {
	attrs := []tuple.Attr{
		tuple.AttrFor("chunk_id", types.OidOid, -1),
		tuple.AttrFor("chunk_seq", types.OidInt4, -1),
		tuple.AttrFor("chunk_data", types.OidBytea, -1),
	}
	for i := range attrs {
		attrs[i].Storage = 'p'
		attrs[i].NotNull = true
	}
	return &tuple.Desc{Attrs: attrs}
}

// WAL is what the heap needs of the write-ahead log; *xlog.WAL provides
// it. Insert returns the end of the record (what pd_lsn is set to);
// NeedsFlush reports whether WAL up to lsn is not yet durable, which keeps
// hint bits from being set for a commit whose record could still be lost.
type WAL interface {
	Insert(b *xlog.RecordBuilder) (storage.LSN, error)
	NeedsFlush(lsn storage.LSN) bool
}

// Files is what the heap needs of the storage manager beyond the buffer
// pool: the length of a relation (RelationGetNumberOfBlocks), and
// making and cutting the forks of its visibility map and free space map.
// *smgr.Manager provides it.
type Files interface {
	NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error)
	Create(rel storage.RelFileLocator, fork storage.ForkNumber, isRedo bool) error
	Truncate(rel storage.RelFileLocator, fork storage.ForkNumber, nblocks storage.BlockNumber) error
}

// Env is one process's view of everything the heap uses, built once per
// process (a backend, the startup process) and used by one goroutine at a
// time. The exported fields are set by the caller; the rest is private
// per-process state: the combo command id map of the current transaction,
// each relation's insertion target block, its handle on free space
// maps, and TOAST caches.
type Env struct {
	Pool      *buffer.Pool     // the process's handle on the shared buffers
	Files     Files            // relation sizes (smgr)
	Xact      *transam.Manager // commit log, proc array, OIDs for TOAST values
	Locks     *lmgr.Locker     // heavyweight tuple and transaction locks
	WAL       WAL              // nil: changes are not WAL-logged (bootstrap)
	Btree     *nbtree.Env      // TOAST tables' chunk indexes (Relation.ChunkIndex)
	Owner     *shmem.Owner     // the process's lock owner (critical sections)
	ProcIndex int              // the process's proc slot index

	combo   comboCids
	targets map[storage.RelFileLocator]storage.BlockNumber
	fsmap   freespace.Map
	rec     *xlog.RecordBuilder
	toast   toastCaches
	// Scratch space of multiInsert, reused: the offsets placed on the
	// current page and the record's main and block data.
	multiOffs []page.OffsetNumber
	multiMain []byte
	multiData []byte
	// extendStrategy is the ring new pages come from while a bulk
	// insertion that has one stores rows (BulkInsert.UseBulkWriteRing).
	extendStrategy *buffer.Strategy
	// lastUpdateHOT tells UpdateRow whether the update just made was
	// heap-only.
	lastUpdateHOT bool
	// Reclaimed, when set, is told how many dead tuples an on-access
	// pruning of rel reclaimed (not counting those left LP_DEAD for
	// VACUUM): the cumulative statistics lower n_dead_tup by as many
	// (pgstat_update_heap_dead_tuples).
	Reclaimed func(rel *Relation, n int)
	// MultiXactLimit, when set, is called before a multixact of n
	// members is created: it refuses past the multixact stop limit and
	// warns past the warning limits, naming the database
	// (GetNewMultiXactId's checks; lib/xact).
	MultiXactLimit func(n int) error
	// ToastCompression, when set, gives default_toast_compression, the
	// method (toast.MethodPGLZ or toast.MethodLZ4) of the values of
	// columns that name none; nil: pglz.
	ToastCompression func() int
}

// EndTransaction forgets what belonged to the transaction that just
// ended (commit or abort): its combo command ids (AtEOXact_ComboCid).
// Call it after every transaction.
func (e *Env) EndTransaction() {
	e.combo.reset()
}

// ForgetRelation drops the cached insertion target of a relation whose
// file was truncated or replaced (PostgreSQL does this on the smgr
// invalidation of a relation).
func (e *Env) ForgetRelation(loc storage.RelFileLocator) {
	delete(e.targets, loc)
}

// needsWAL reports whether changes to rel are WAL-logged
// (RelationNeedsWAL): not without a WAL, nor for a temporary relation,
// whose files do not survive a crash, nor for an unlogged one, which
// crash recovery empties.
func (e *Env) needsWAL(rel *Relation) bool {
	return e.WAL != nil && !rel.Locator.IsTemp() && !rel.Unlogged
}

// record starts a Heap record in the process's reused builder.
func (e *Env) record(info uint8) *xlog.RecordBuilder { return e.recordOf(xlog.RmgrHeap, info) }

func (e *Env) recordOf(rmid xlog.RmgrID, info uint8) *xlog.RecordBuilder {
	if e.rec == nil {
		e.rec = xlog.NewRecord(rmid, info)
	} else {
		e.rec.Reset(rmid, info)
	}
	return e.rec
}

// Snapshot is an MVCC snapshot as a scan uses it: which transactions
// count as running (the transam snapshot), plus who is looking: the
// current transaction's own ids (its xid and its live subtransactions'
// ids; zero if it has none) and command id, which decide the visibility
// of the transaction's own changes (PostgreSQL's snapshot->curcid and
// TransactionIdIsCurrentTransactionId).
type Snapshot struct {
	*transam.Snapshot
	Cur    transam.CurrentXids
	CurCid CommandId
}

// TMResult is the outcome of a tuple modification (TM_Result).
type TMResult int

const (
	// TMOk: the change (or lock) was made.
	TMOk TMResult = iota
	// TMInvisible: the tuple is not visible to the command at all.
	TMInvisible
	// TMSelfModified: the current transaction changed it in a later
	// command (or this one).
	TMSelfModified
	// TMUpdated: a committed (or, without wait, running) transaction
	// updated it; FailureData.Ctid is the newer version.
	TMUpdated
	// TMDeleted: a committed transaction deleted it.
	TMDeleted
	// TMBeingModified: a running transaction changes or locks it and the
	// caller did not want to wait.
	TMBeingModified
	// TMWouldBlock: lock not obtained with the SKIP LOCKED policy.
	TMWouldBlock
)

var tmNames = [...]string{"TM_Ok", "TM_Invisible", "TM_SelfModified", "TM_Updated", "TM_Deleted", "TM_BeingModified", "TM_WouldBlock"}

func (r TMResult) String() string {
	if int(r) < len(tmNames) {
		return tmNames[r]
	}
	return fmt.Sprintf("TMResult(%d)", int(r))
}

// FailureData says why a modification did not happen (TM_FailureData):
// the failed tuple's t_ctid (its successor after an update, itself after
// a delete), the xid that changed it and, for TMSelfModified, the command
// that did. Traversed is set by LockTuple when it followed the update
// chain to a newer version.
type FailureData struct {
	Ctid      TID
	Xmax      transam.TransactionId
	Cmax      CommandId
	Traversed bool
	// Xmin is the tuple's inserter when LockTuple reports TMInvisible
	// (PostgreSQL's callers read it from the slot table_tuple_lock
	// fills), so ON CONFLICT DO UPDATE can tell a row its own command
	// inserted.
	Xmin transam.TransactionId
}

// LockTupleMode is the strength of a row lock (LockTupleMode).
type LockTupleMode int

const (
	LockTupleKeyShare       LockTupleMode = iota // SELECT ... FOR KEY SHARE
	LockTupleShare                               // SELECT ... FOR SHARE
	LockTupleNoKeyExclusive                      // SELECT ... FOR NO KEY UPDATE, UPDATE not touching keys
	LockTupleExclusive                           // SELECT ... FOR UPDATE, DELETE, key UPDATE
)

// lockModeFor is tupleLockExtraInfo[mode].hwlock: the heavyweight tuple
// lock mode a waiter takes to queue for the tuple.
func (m LockTupleMode) hwLock() lmgr.LockMode {
	switch m {
	case LockTupleKeyShare:
		return lmgr.AccessShareLock
	case LockTupleShare:
		return lmgr.RowShareLock
	case LockTupleNoKeyExclusive:
		return lmgr.ExclusiveLock
	}
	return lmgr.AccessExclusiveLock
}

// WaitPolicy says what LockTuple does when the row is locked by another
// transaction (LockWaitPolicy).
type WaitPolicy int

const (
	LockWaitBlock WaitPolicy = iota // wait
	LockWaitSkip                    // SKIP LOCKED: return TMWouldBlock
	LockWaitError                   // NOWAIT: error 55P03
)

// Lock flags (TUPLE_LOCK_FLAG_*).
const (
	// LockFlagLockUpdateInProgress makes a FOR KEY SHARE lock of a row
	// being updated without a key change (or so updated after the
	// snapshot) also lock the row's newer versions instead of waiting
	// (SELECT ... FOR ..., foreign key checks: ExecLockRows).
	LockFlagLockUpdateInProgress = 1 << 0
	// LockFlagFindLastVersion makes LockTuple follow the update chain of a
	// row updated by a committed transaction and lock its newest version
	// (READ COMMITTED's EvalPlanQual).
	LockFlagFindLastVersion = 1 << 1
)
