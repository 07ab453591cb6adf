// The session's transaction: its block state (idle, implicit, BEGIN block,
// failed block), its savepoint stack, and what each level did (xid, commit
// and abort actions, relation locks), ended in PostgreSQL's order.

package xact

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// Config is what a session gives its transaction.
type Config struct {
	// Engine is the process's storage handles.
	Engine *engine.Engine
	// Database is the connected database (relation locks are taken in it).
	Database uint32
	// Settings, when not nil, follow the transaction: SET made in it is
	// undone by its abort, SET LOCAL by its end, and a savepoint is a
	// nest level of its own (PostgreSQL's AtEOXact_GUC, AtEOSubXact_GUC).
	Settings *config.Settings
	// SynchronousCommit says whether a commit waits for its WAL flush; nil
	// reads synchronous_commit from Settings (every value but off waits).
	SynchronousCommit func() bool
	// Panic is called when a commit or abort fails after its outcome may be
	// half recorded (the error has severity PANIC): only recovery can tell
	// what happened, so the process must end at once. Nil returns the
	// error to the caller.
	Panic func(err error)
	// Warn, when not nil, receives the WARNINGs of xid assignment near
	// wraparound.
	Warn func(*pgerr.Error)
	// AtEnd, when not nil, runs after every top-level transaction end,
	// once its locks are released (the backend forgets plans made under
	// settings the end undid).
	AtEnd func(committed bool)
}

// blockState is the transaction block state: PostgreSQL's TBlockState,
// folded to what the protocol and the statements distinguish.
type blockState uint8

const (
	// blockNone: no transaction (TBLOCK_DEFAULT).
	blockNone blockState = iota
	// blockImplicit: a transaction for the statements of one Query
	// message or one extended-protocol batch up to Sync (TBLOCK_STARTED,
	// TBLOCK_IMPLICIT_INPROGRESS).
	blockImplicit
	// blockInProgress: inside BEGIN ... COMMIT (TBLOCK_INPROGRESS,
	// TBLOCK_SUBINPROGRESS).
	blockInProgress
	// blockFailed: an error ended the innermost level of a block; only
	// ROLLBACK, COMMIT (which rolls back) and ROLLBACK TO SAVEPOINT are
	// accepted (TBLOCK_ABORT, TBLOCK_SUBABORT).
	blockFailed
)

// level is one entry of the transaction stack: the top-level transaction
// (index 0) or a savepoint's subtransaction.
type level struct {
	// name is the savepoint's name ("" for the top level).
	name string
	// xid is the level's transaction id, assigned on first write.
	xid transam.TransactionId
	// children are the xids of committed (released) subtransactions of
	// this level and of their own children.
	children []transam.TransactionId
	// aborted is set once the level's storage side has been rolled back
	// (an error inside it); it stays on the stack until ROLLBACK TO or
	// ROLLBACK removes it.
	aborted bool
	// gucLevel is the settings nest level the level opened (0: none).
	gucLevel int
	// onCommit and onAbort run when the level's fate is decided: at the
	// top level's commit or abort; a released savepoint hands both to its
	// parent, a rolled-back one runs its onAbort.
	onCommit []func()
	onAbort  []func()
	// locks are the transaction-level lock acquisitions made at this
	// level (relations, advisory locks; the lock manager counts them),
	// released if the level is rolled back.
	locks []heldLock
	// newFiles are the relation files (relfilenodes) made at this level
	// or by its released savepoints: a table created or truncated here
	// (rd_createSubid, rd_newRelfilenodeSubid), which COPY FREEZE needs.
	newFiles map[uint32]bool
}

type heldLock struct {
	tag  lmgr.LockTag
	mode lmgr.LockMode
}

// Transaction is one session's transaction state. It is not safe for
// concurrent use: a session runs one statement at a time.
type Transaction struct {
	cfg   Config
	block blockState
	// stack[0] is the top level while a transaction is open.
	stack []*level
	cid   uint32
	// snapshot is the current statement's (under REPEATABLE READ the
	// transaction's first, kept as xactSnapshot).
	snapshot *transam.Snapshot
	// isolation is the transaction's isolation level, fixed when it
	// takes its first snapshot (firstSnapshotSet, PostgreSQL's
	// FirstSnapshotSet); after that transaction_isolation cannot change.
	isolation        IsolationLevel
	firstSnapshotSet bool
	// xactSnapshot is a REPEATABLE READ transaction's snapshot, which
	// every statement uses (nil under READ COMMITTED); latest replaces
	// it while a referential integrity query must see what committed
	// since (WithLatestSnapshot). isolation.go.
	xactSnapshot *transam.Snapshot
	latest       *transam.Snapshot
	// serializableErr is why a SERIALIZABLE transaction could not
	// register (isolation.go): every read, write and the commit fail
	// with it.
	serializableErr error
	start           time.Time
	// stableLatest is what age(xid) measures from in this transaction
	// (GetStableLatestTransactionId), once it was asked; invalid before.
	stableLatest transam.TransactionId
	// ctx is the running statement's context: lock waits obey its
	// cancellation.
	ctx context.Context
	// catalog is the session's catalog cache, once it has one: the
	// transaction's catalog invalidations are sent at commit and undone
	// at abort, level by level.
	catalog *catalog.Cache
	// preCommit are the session's pre-commit hooks by name (precommit.go).
	preCommit map[string]func() error
	// snapshotsHeld, when set, reports whether the session holds
	// snapshots beyond the statement's (open cursors): the process's
	// xmin then stays between statements.
	snapshotsHeld func() bool
	// triggers is the SQL layer's after-trigger state of the open
	// transaction (triggerstate.go).
	triggers TriggerState
	// implicitBlock: the implicit transaction spans several statements
	// of one Query message (SetImplicitBlock).
	implicitBlock bool
	// vxid is the open transaction's virtual id, whose lock lets other
	// sessions wait for its end (lmgr's vxid.go).
	vxid lmgr.VirtualXid
	// exported are the paths of the snapshot files the transaction wrote
	// (pg_export_snapshot, snapshotexport.go): while there are any, it
	// keeps advertising its xmin, and its end removes them.
	exported []string
	// accessedTemp: the transaction touched the session's temporary
	// objects (XACT_FLAGS_ACCESSEDTEMPNAMESPACE), which PREPARE
	// TRANSACTION refuses.
	accessedTemp bool
}

// New returns the transaction state of a session; no transaction is open.
func New(cfg Config) *Transaction {
	x := &Transaction{cfg: cfg}
	if cfg.Settings != nil {
		cfg.Settings.TransactionState = x.settingsState
	}
	if cfg.Engine != nil && cfg.Engine.Heap != nil {
		cfg.Engine.Heap.MultiXactLimit = x.checkMultiXactLimit
	}
	return x
}

// Engine is the process's storage handles.
func (x *Transaction) Engine() *engine.Engine { return x.cfg.Engine }

// DatabaseOID is the connected database.
func (x *Transaction) DatabaseOID() uint32 { return x.cfg.Database }

// SetCatalog gives the transaction the session's catalog cache (made on
// the session's first catalog access). The cache queues the invalidations
// of the session's catalog changes; the transaction applies them at each
// end: sent to every backend at commit, discarded at abort, and kept per
// savepoint level (PostgreSQL's AtEOXact_Inval and AtEOSubXact_Inval).
func (x *Transaction) SetCatalog(c *catalog.Cache) { x.catalog = c }

// SetContext sets the running statement's context (nil between
// statements); lock waits end when it is canceled.
func (x *Transaction) SetContext(ctx context.Context) { x.ctx = ctx }

// Context is the running statement's context, nil between statements.
func (x *Transaction) Context() context.Context { return x.ctx }

func (x *Transaction) lockContext() context.Context {
	if x.ctx == nil {
		return context.Background()
	}
	return x.ctx
}

// ---- block state ----

// Open reports whether a transaction is open (implicit or a block).
func (x *Transaction) Open() bool { return x != nil && x.block != blockNone }

// InBlock reports whether a BEGIN block is open (failed or not).
func (x *Transaction) InBlock() bool {
	return x != nil && x.block == blockInProgress || x.block == blockFailed
}

// SetImplicitBlock says whether the implicit transaction spans several
// statements of one Query message (PostgreSQL's
// TBLOCK_IMPLICIT_INPROGRESS): the commands that refuse to run inside
// a transaction block refuse that too.
func (x *Transaction) SetImplicitBlock(on bool) { x.implicitBlock = on }

// InTransactionBlock is PostgreSQL's IsTransactionBlock: a BEGIN block,
// failed or not, or an implicit transaction over several statements.
func (x *Transaction) InTransactionBlock() bool {
	return x.InBlock() || x != nil && x.block == blockImplicit && x.implicitBlock
}

// Failed reports whether the block is failed: statements other than
// ROLLBACK, COMMIT and ROLLBACK TO SAVEPOINT get 25P02.
func (x *Transaction) Failed() bool { return x != nil && x.block == blockFailed }

// The state queries (Open, InBlock, Failed, Status) and the aborts
// (AbortCurrent, AbortAll) accept a nil *Transaction: a session that has
// no storage yet has no transaction.

// Status is the transaction status ReadyForQuery reports: 'I' idle, 'T'
// in a block, 'E' in a failed block.
func (x *Transaction) Status() byte {
	if x == nil {
		return 'I'
	}
	switch x.block {
	case blockInProgress:
		return 'T'
	case blockFailed:
		return 'E'
	}
	return 'I'
}

// Start is the transaction's start time: now(), current_timestamp and
// 'now' read it. Between transactions it is the last one's.
func (x *Transaction) Start() time.Time {
	if x == nil {
		return time.Time{}
	}
	return x.start
}

// ErrFailed is the error a statement gets in a failed block.
func ErrFailed() *pgerr.Error {
	return pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// StartCommand opens an implicit transaction unless one is open
// (StartTransactionCommand): it lasts until EndImplicit, unless BEGIN
// turns it into a block.
func (x *Transaction) StartCommand() {
	if x.block == blockNone {
		x.startTop(blockImplicit)
	}
}

func (x *Transaction) startTop(b blockState) {
	x.block = b
	x.stack = append(x.stack[:0], &level{})
	x.cid = 0
	x.snapshot = nil
	x.forgetTransactionSnapshot()
	x.start = time.Now()
	x.stableLatest = transam.InvalidTransactionId
	x.accessedTemp = false
	if x.cfg.Settings != nil {
		x.cfg.Settings.BeginTransaction()
	}
	if e := x.cfg.Engine; e != nil && e.Locker != nil {
		// A failure (the lock table full) leaves the id published but
		// unlocked: a waiter then polls until the transaction ends.
		x.vxid, _ = e.Locker.BeginVirtualTransaction()
	}
}

// VirtualXid is the open transaction's virtual id (zero when none).
func (x *Transaction) VirtualXid() lmgr.VirtualXid { return x.vxid }

// CommitAndStart commits the implicit transaction of the running
// statement and opens a new one for the rest of it
// (CommitTransactionCommand then StartTransactionCommand): the commands
// that work in several transactions, CREATE INDEX CONCURRENTLY and its
// kin, which refuse to run inside a block. Session locks stay held.
func (x *Transaction) CommitAndStart() error {
	if x.block != blockImplicit || len(x.stack) != 1 {
		return pgerr.New(pgerr.InternalError, "a transaction can be committed in the middle of a statement only outside a transaction block")
	}
	if err := x.endTop(true); err != nil {
		return err
	}
	x.startTop(blockImplicit)
	return nil
}

// EndImplicit ends the implicit transaction at the end of a Query message
// or at Sync: it commits if commit is set, else rolls back. A block stays
// open.
func (x *Transaction) EndImplicit(commit bool) error {
	if x.block != blockImplicit {
		return nil
	}
	return x.endTop(commit)
}

// AbortAll rolls back whatever transaction is open, block or not: the
// session is ending (or the backend recovers from an error outside any
// statement).
func (x *Transaction) AbortAll() error {
	if x == nil || x.block == blockNone {
		return nil
	}
	return x.endTop(false)
}

// Begin is BEGIN / START TRANSACTION: the implicit transaction of the
// statement becomes a block. Inside a block it only warns.
func (x *Transaction) Begin() (warning *pgerr.Error) {
	if x.InBlock() {
		return pgerr.New(pgerr.ActiveSqlTransaction, "there is already a transaction in progress").WithSeverity(pgerr.SeverityWarning)
	}
	if x.block == blockNone {
		x.startTop(blockInProgress)
	}
	x.block = blockInProgress
	return nil
}

// Commit is COMMIT / END. It returns the command tag: "ROLLBACK" when the
// block had failed. Outside a block it only warns.
func (x *Transaction) Commit() (tag string, warning *pgerr.Error, err error) {
	switch x.block {
	case blockInProgress:
		return "COMMIT", nil, x.endTop(true)
	case blockFailed:
		return "ROLLBACK", nil, x.endTop(false)
	}
	return "COMMIT", noTransaction(), nil
}

// Rollback is ROLLBACK / ABORT. Outside a block it only warns.
func (x *Transaction) Rollback() (warning *pgerr.Error, err error) {
	if !x.InBlock() {
		return noTransaction(), nil
	}
	return nil, x.endTop(false)
}

// MarkAccessedTemp records that the transaction used a temporary
// relation or the temporary schema; a rolled-back savepoint does not
// undo it, as in PostgreSQL (the flag is the top level's).
func (x *Transaction) MarkAccessedTemp() {
	if x != nil && x.block != blockNone {
		x.accessedTemp = true
	}
}

// Prepare is PREPARE TRANSACTION. gpostgres has no two-phase commit, so
// a block that PostgreSQL would prepare is rolled back and the statement
// fails (0A000), as PostgreSQL's fails when preparing is impossible: the
// transaction is gone either way. One that touched temporary objects
// gets PostgreSQL's own refusal, which it checks first. A failed block
// is rolled back (tag ROLLBACK); outside a block it only warns.
func (x *Transaction) Prepare() (tag string, warning *pgerr.Error, err error) {
	switch {
	case x.block == blockFailed:
		return "ROLLBACK", nil, x.endTop(false)
	case x.block == blockInProgress:
		return "", nil, x.failPrepare()
	case x.block == blockImplicit && x.implicitBlock:
		// Several statements of one Query message: PostgreSQL warns
		// and prepares them.
		return "", noTransaction(), x.failPrepare()
	}
	return "ROLLBACK", noTransaction(), nil
}

// failPrepare rolls back the transaction PREPARE TRANSACTION was to
// prepare and returns the statement's error.
func (x *Transaction) failPrepare() error {
	temp := x.accessedTemp
	if err := x.endTop(false); err != nil {
		return err
	}
	if temp {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot PREPARE a transaction that has operated on temporary objects")
	}
	return pgerr.New(pgerr.FeatureNotSupported, "PREPARE TRANSACTION is not supported")
}

func noTransaction() *pgerr.Error {
	return pgerr.New(pgerr.NoActiveSqlTransaction, "there is no transaction in progress").WithSeverity(pgerr.SeverityWarning)
}

// AbortCurrent is called when a statement failed
// (AbortCurrentTransaction). Outside a block the transaction ends;
// inside one, the innermost level's work is rolled back at once — its
// locks released, its xid marked aborted — and the block waits, failed,
// for ROLLBACK or ROLLBACK TO SAVEPOINT.
func (x *Transaction) AbortCurrent() error {
	if x == nil {
		return nil
	}
	switch x.block {
	case blockNone:
		return nil
	case blockImplicit:
		return x.endTop(false)
	}
	x.block = blockFailed
	x.snapshot = nil
	if len(x.stack) == 1 {
		// Only ROLLBACK can follow: the transaction's snapshot is of no
		// further use. A savepoint's rollback keeps it (ROLLBACK TO goes
		// on reading under it).
		x.xactSnapshot, x.latest = nil, nil
		return x.abortTopStorage()
	}
	lv := x.stack[len(x.stack)-1]
	if lv.aborted {
		return nil
	}
	return x.abortSub(lv)
}

// ---- what statements use ----

// Xid returns the current level's transaction id, assigning one on first
// use (and its parents' first): a transaction that only reads never gets
// one. It takes the lock on the new id that lets others wait for it.
func (x *Transaction) Xid() (transam.TransactionId, error) {
	if len(x.stack) == 0 {
		return 0, pgerr.New(pgerr.InternalError, "no transaction is open")
	}
	return x.assign(len(x.stack) - 1)
}

func (x *Transaction) assign(i int) (transam.TransactionId, error) {
	lv := x.stack[i]
	if lv.xid.IsValid() {
		return lv.xid, nil
	}
	e := x.cfg.Engine
	if err := x.checkWraparound(); err != nil {
		return 0, err
	}
	var xid transam.TransactionId
	var err error
	if i == 0 {
		xid, err = e.Xact.AssignTransactionId(e.Owner, e.ProcIndex)
	} else {
		var parent transam.TransactionId
		if parent, err = x.assign(i - 1); err != nil {
			return 0, err
		}
		xid, err = assignSub(e, parent)
	}
	if err != nil {
		return 0, err
	}
	if err := e.Locker.XactLockTableInsert(uint32(xid)); err != nil {
		return 0, err
	}
	lv.xid = xid
	return xid, nil
}

// checkWraparound is GetNewTransactionId's check of the wraparound
// limits: past the stop limit no xid is assigned (54000), past the
// warning limit each one warns.
func (x *Transaction) checkWraparound() error {
	e := x.cfg.Engine
	st := e.Xact.Wraparound()
	if !st.Stop && !st.Warn {
		return nil
	}
	where := databaseForMessage(e.DataDir, st.Database)
	const more = "You might also need to commit or roll back old prepared transactions, or drop stale replication slots."
	if st.Stop {
		return pgerr.Newf(pgerr.ProgramLimitExceeded, "database is not accepting commands to avoid wraparound data loss in %s", where).
			WithHint("Stop the postmaster and vacuum that database in single-user mode.\n%s", more)
	}
	if x.cfg.Warn != nil {
		x.cfg.Warn(pgerr.Newf(pgerr.Warning, "%s must be vacuumed within %d transactions", where, st.Remaining).
			WithSeverity(pgerr.SeverityWarning).
			WithHint("To avoid a database shutdown, execute a database-wide VACUUM in that database.\n%s", more))
	}
	return nil
}

// databaseForMessage names a database in a wraparound message:
// `database "name"`, or by OID when it cannot be read.
func databaseForMessage(dataDir string, oid uint32) string {
	if dbs, err := catalog.Databases(dataDir); err == nil {
		for _, d := range dbs {
			if d.OID == oid {
				return fmt.Sprintf("database \"%s\"", d.Name)
			}
		}
	}
	return fmt.Sprintf("database with OID %d", oid)
}

// checkMultiXactLimit is GetNewMultiXactId's check of the multixact
// wraparound limits, made before a multixact of n members is created:
// past the stop limit none is (54000), past the warning limit each one
// warns, and so does one whose members come near the end of member
// space.
func (x *Transaction) checkMultiXactLimit(n int) error {
	e := x.cfg.Engine
	st := e.Xact.MultiXactWraparound(e.Owner)
	if st.Stop {
		return st.StopError(databaseForMessage(e.DataDir, st.Database))
	}
	if x.cfg.Warn == nil {
		return nil
	}
	if st.Warn {
		x.cfg.Warn(st.WarnError(databaseForMessage(e.DataDir, st.Database)))
	}
	if w := e.Xact.MultiXactMembersWarning(e.Owner, n); w != nil {
		x.cfg.Warn(w)
	}
	return nil
}

// TopXidAssign returns the top-level transaction's id, assigning one if
// needed (GetTopTransactionId): a change outside the transaction's
// visibility rules, such as a sequence's, still makes its commit flush
// the WAL.
func (x *Transaction) TopXidAssign() (transam.TransactionId, error) {
	if len(x.stack) == 0 {
		return 0, pgerr.New(pgerr.InternalError, "no transaction is open")
	}
	return x.assign(0)
}

// CurrentXids are the ids the transaction recognises as its own
// (TransactionIdIsCurrentTransactionId): the top-level xid, the xids of
// the savepoints still open and of those released into them; not those
// of rolled-back savepoints.
func (x *Transaction) CurrentXids() transam.CurrentXids {
	if len(x.stack) == 0 {
		return transam.CurrentXids{}
	}
	cur := transam.CurrentXids{Top: x.stack[0].xid}
	if len(x.stack) == 1 && len(x.stack[0].children) == 0 {
		return cur
	}
	for i, lv := range x.stack {
		if lv.aborted {
			break
		}
		if i > 0 && lv.xid.IsValid() {
			cur.Subs = append(cur.Subs, lv.xid)
		}
		cur.Subs = append(cur.Subs, lv.children...)
	}
	slices.Sort(cur.Subs)
	return cur
}

// TopXid is the top-level transaction's id without assigning one
// (InvalidTransactionId if it has none).
func (x *Transaction) TopXid() transam.TransactionId {
	if len(x.stack) == 0 {
		return transam.InvalidTransactionId
	}
	return x.stack[0].xid
}

// StableLatestXid is GetStableLatestTransactionId, the id age(xid)
// counts from: the top-level id if the transaction has one when first
// asked, else the next id to assign; the same answer for the rest of the
// transaction, so that age() is stable within it.
func (x *Transaction) StableLatestXid() transam.TransactionId {
	if !x.stableLatest.IsValid() {
		x.stableLatest = x.TopXid()
		if !x.stableLatest.IsValid() {
			x.stableLatest = x.cfg.Engine.Xact.ReadNextFullTransactionId().Xid()
		}
	}
	return x.stableLatest
}

// CommandID is the current command's id: a statement does not see its own
// changes and sees those of the commands before it.
func (x *Transaction) CommandID() uint32 { return x.cid }

// CommandCounterIncrement starts the next command.
func (x *Transaction) CommandCounterIncrement() { x.cid++ }

// Snapshot is the statement's MVCC snapshot (GetTransactionSnapshot),
// taken at its first use: under READ COMMITTED once per statement, under
// REPEATABLE READ once per transaction (isolation.go).
func (x *Transaction) Snapshot() *transam.Snapshot {
	if x.latest != nil {
		return x.latest
	}
	if x.xactSnapshot != nil {
		return x.xactSnapshot
	}
	if x.snapshot == nil {
		if !x.firstSnapshotSet && x.settingsIsolation() == Serializable {
			x.takeSerializableSnapshot()
		} else {
			x.snapshot = x.CatalogSnapshot()
		}
		x.noteFirstSnapshot()
	}
	return x.snapshot
}

// ForgetSnapshot drops the statement's snapshot without ending the
// statement: the next read takes a fresh one. Each statement of a SQL
// procedure's body reads under its own snapshot, as fmgr_sql takes
// GetTransactionSnapshot for each under READ COMMITTED (under REPEATABLE
// READ that is the transaction's, which stays). The transaction keeps
// advertising the older xmin until the statement ends.
func (x *Transaction) ForgetSnapshot() { x.snapshot = nil }

// CatalogSnapshot takes a fresh snapshot.
func (x *Transaction) CatalogSnapshot() *transam.Snapshot {
	e := x.cfg.Engine
	return e.Xact.GetSnapshot(e.Owner, e.ProcIndex)
}

// ReleaseXmin stops advertising the process's xmin unless a statement
// snapshot is held (SnapshotResetXmin): the catalog reads made since the
// last one need none. CREATE INDEX CONCURRENTLY calls it before each
// wait, so that other sessions' waits for older snapshots do not wait
// for it.
func (x *Transaction) ReleaseXmin() {
	if x.snapshot == nil && x.xactSnapshot == nil && !x.holdsSnapshots() {
		e := x.cfg.Engine
		e.Xact.ResetXmin(e.ProcIndex)
	}
}

// SetInVacuum marks the process as running a lazy VACUUM of one table
// (PROC_IN_VACUUM), so that others' pruning horizons pass over its
// xmin, or unmarks it. Unmarking also drops the xmin, unless a
// statement snapshot is held: others may have pruned rows it still
// covered, so the next read must take a fresh snapshot. The mark also
// ends with the transaction.
func (x *Transaction) SetInVacuum(on bool) {
	e := x.cfg.Engine
	e.Xact.SetInVacuum(e.Owner, e.ProcIndex, on)
	if !on {
		x.ReleaseXmin()
	}
}

// EndStatement forgets the statement's snapshot, so that the next
// statement sees what committed meanwhile, and starts the next command.
func (x *Transaction) EndStatement() {
	if x.snapshot != nil {
		x.snapshot = nil
		if !x.TopXid().IsValid() && x.xactSnapshot == nil && !x.holdsSnapshots() {
			e := x.cfg.Engine
			e.Xact.ResetXmin(e.ProcIndex)
		}
	}
	x.cid++
}

// SetSnapshotsHeld installs f, which reports whether the session holds
// snapshots of earlier statements still in use (an open cursor reads
// under its DECLARE's snapshot, PostgreSQL's registered snapshots):
// while it does, the end of a statement keeps the process's xmin, which
// is no newer than theirs, so that no row they see is pruned.
func (x *Transaction) SetSnapshotsHeld(f func() bool) { x.snapshotsHeld = f }

// holdsSnapshots reports whether snapshots beyond the statement's keep
// the process's xmin: an exported one (held to the transaction's end)
// or the session's open cursors'.
func (x *Transaction) holdsSnapshots() bool {
	return len(x.exported) > 0 || x.snapshotsHeld != nil && x.snapshotsHeld()
}

// LockRelation takes a heavyweight lock on a relation of the current
// database until the transaction ends, or until the savepoint level that
// took it is rolled back (the lock manager counts acquisitions, so a lock
// an outer level also took stays held). The wait obeys the statement's
// context (cancel, statement_timeout) and lock_timeout.
func (x *Transaction) LockRelation(relOID uint32, mode lmgr.LockMode) error {
	if err := x.cfg.Engine.Locker.LockRelationOid(x.lockContext(), x.cfg.Database, relOID, mode); err != nil {
		return err
	}
	x.rememberLock(lmgr.RelationTag(x.cfg.Database, relOID), mode)
	return nil
}

// rememberLock records a lock acquisition made inside a savepoint, which
// rolling the savepoint back releases.
func (x *Transaction) rememberLock(tag lmgr.LockTag, mode lmgr.LockMode) {
	if len(x.stack) > 1 {
		lv := x.stack[len(x.stack)-1]
		lv.locks = append(lv.locks, heldLock{tag, mode})
	}
}

// LockObject takes tag in mode until the transaction ends, or until the
// savepoint level that took it is rolled back, as LockRelation does for
// any lock tag (pg_advisory_xact_lock). With dontWait it reports false
// instead of waiting when the lock is not free.
func (x *Transaction) LockObject(tag lmgr.LockTag, mode lmgr.LockMode, dontWait bool) (bool, error) {
	ok, err := x.cfg.Engine.Locker.LockAcquire(x.lockContext(), tag, mode, dontWait)
	if err != nil || !ok {
		return false, err
	}
	x.rememberLock(tag, mode)
	return true, nil
}

// LockSession takes tag in mode for the session, across the ends of
// transactions (pg_advisory_lock); the wait obeys the statement's
// context and lock_timeout like LockRelation's. With dontWait it reports
// false instead of waiting when the lock is not free.
func (x *Transaction) LockSession(tag lmgr.LockTag, mode lmgr.LockMode, dontWait bool) (bool, error) {
	l := x.cfg.Engine.Locker
	if dontWait {
		return l.ConditionalLockAcquireSession(tag, mode)
	}
	if err := l.LockAcquireSession(x.lockContext(), tag, mode); err != nil {
		return false, err
	}
	return true, nil
}

// ConditionalLockRelation is LockRelation without waiting: it reports
// false when the lock is not free (LOCK ... NOWAIT).
func (x *Transaction) ConditionalLockRelation(relOID uint32, mode lmgr.LockMode) (bool, error) {
	ok, err := x.cfg.Engine.Locker.ConditionalLockRelationOid(x.cfg.Database, relOID, mode)
	if err != nil || !ok {
		return false, err
	}
	x.rememberLock(lmgr.RelationTag(x.cfg.Database, relOID), mode)
	return true, nil
}

// AtCommit registers f to run when the transaction commits, and AtAbort
// when it (or the savepoint level current now) rolls back. Both run after
// the outcome is recorded and before the level's locks are released: a
// backend waiting for one of them finds their effects (invalidation
// messages, removed files) when it gets the lock. Actions run in
// registration order.
func (x *Transaction) AtCommit(f func()) {
	lv := x.stack[len(x.stack)-1]
	lv.onCommit = append(lv.onCommit, f)
}

// AtAbort: see AtCommit.
func (x *Transaction) AtAbort(f func()) {
	lv := x.stack[len(x.stack)-1]
	lv.onAbort = append(lv.onAbort, f)
}

// ---- ending the top level ----

// endTop commits or aborts the whole transaction, savepoints included.
// A failure to make a commit durable is a PANIC (Config.Panic).
func (x *Transaction) endTop(commit bool) error {
	var err error
	if commit {
		err = x.commitTop()
	} else {
		if len(x.stack) > 0 && !x.stack[0].aborted {
			err = x.abortTopStorage()
		}
	}
	committed := commit && err == nil
	x.removeExportedSnapshots()
	// The transaction's row changes become live and dead tuples, and it
	// counts as committed or rolled back (AtEOXact_PgStat).
	x.cfg.Engine.Stats.AtEOXact(committed)
	if x.cfg.Settings != nil {
		x.cfg.Settings.AtTransactionEnd(committed)
	}
	x.block = blockNone
	x.stack = x.stack[:0]
	x.snapshot = nil
	x.forgetTransactionSnapshot()
	x.triggers = nil
	x.cid = 0
	if x.cfg.AtEnd != nil {
		x.cfg.AtEnd(committed)
	}
	return err
}

// commitTop is CommitTransaction: the commit record (with the committed
// subtransactions), the commit log and proc array, then the commit
// actions, then the locks.
func (x *Transaction) commitTop() error {
	e := x.cfg.Engine
	// Savepoints still open commit with the transaction.
	for len(x.stack) > 1 {
		x.releaseSub()
	}
	top := x.stack[0]
	if err := x.runPreCommit(); err != nil {
		x.abortTopStorage()
		return err
	}
	// Last, as it can still fail: after it the transaction counts as
	// prepared for the other serializable transactions.
	if err := x.preCommitSerializable(); err != nil {
		x.abortTopStorage()
		return err
	}
	_, err := commitTransaction(e, top.xid, top.children, x.syncCommit())
	if err != nil {
		x.panicIfNeeded(err)
		// The commit failed before anything was logged: roll back.
		if x.catalog != nil {
			x.catalog.AtAbort()
		}
		x.runActions(top.onAbort)
		x.releaseAll(false)
		return err
	}
	if x.catalog != nil {
		x.catalog.AtCommit()
	}
	x.runActions(top.onCommit)
	x.releaseAll(true)
	return nil
}

// abortTopStorage is AbortTransaction: every level still open is rolled
// back, then the top level; the abort actions run before the locks go.
// The stack stays (a failed block still needs ROLLBACK).
func (x *Transaction) abortTopStorage() error {
	e := x.cfg.Engine
	var firstErr error
	for i := len(x.stack) - 1; i > 0; i-- {
		if lv := x.stack[i]; !lv.aborted {
			if err := x.abortSub(lv); err != nil && firstErr == nil {
				firstErr = err
			}
		}
	}
	top := x.stack[0]
	err := abortTransaction(e, top.xid, top.children)
	x.panicIfNeeded(err)
	top.aborted = true
	if x.catalog != nil {
		x.catalog.AtAbort()
	}
	x.runActions(top.onAbort)
	top.onAbort, top.onCommit = nil, nil
	x.releaseAll(false)
	if firstErr == nil {
		firstErr = err
	}
	return firstErr
}

func (x *Transaction) runActions(actions []func()) {
	for _, f := range actions {
		f()
	}
}

// releaseAll ends the process's transaction-local state and releases
// its locks (ProcReleaseLocks): at a commit the session locks stay; an
// abort releases them too but for the session-level advisory locks, as
// PostgreSQL's does.
func (x *Transaction) releaseAll(commit bool) {
	e := x.cfg.Engine
	e.Heap.EndTransaction()
	// The transaction's end is visible in the proc array: its
	// serializable state ends (ProcReleaseLocks' ReleasePredicateLocks).
	e.Predicate.Release(commit)
	e.Locker.EndVirtualTransaction()
	x.vxid = lmgr.VirtualXid{}
	if commit {
		e.Locker.ReleaseTransactionLocks()
	} else {
		e.Locker.ReleaseAbortedTransactionLocks()
	}
}

func (x *Transaction) panicIfNeeded(err error) {
	if pe := pgerr.As(err); pe != nil && pe.Severity == pgerr.SeverityPanic && x.cfg.Panic != nil {
		x.cfg.Panic(err)
	}
}

func (x *Transaction) syncCommit() bool {
	if x.cfg.SynchronousCommit != nil {
		return x.cfg.SynchronousCommit()
	}
	if x.cfg.Settings != nil {
		return !strings.EqualFold(x.cfg.Settings.String("synchronous_commit"), "off")
	}
	return true
}
