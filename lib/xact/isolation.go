// Isolation levels: READ COMMITTED takes a snapshot per statement,
// REPEATABLE READ and SERIALIZABLE one per transaction, at its first
// statement that needs one (snapmgr.c's GetTransactionSnapshot with
// IsolationUsesXactSnapshot). The level is read from
// transaction_isolation when that first snapshot is taken; the setting
// refuses to change afterwards (check_XactIsoLevel, through
// config.Settings.TransactionState). SERIALIZABLE registers the
// transaction with lib/storage/predicate as it takes that snapshot
// (GetSerializableTransactionSnapshot), which may wait for a safe
// snapshot (READ ONLY DEFERRABLE) or fail.

package xact

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
)

// IsolationLevel is a transaction's isolation level as far as snapshots
// go: READ UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL.
type IsolationLevel uint8

const (
	// ReadCommitted: each statement sees what committed before it began.
	ReadCommitted IsolationLevel = iota
	// RepeatableRead: every statement sees what committed before the
	// transaction's first snapshot.
	RepeatableRead
	// Serializable: REPEATABLE READ's snapshot, plus Serializable
	// Snapshot Isolation (lib/storage/predicate): a transaction that
	// could make the outcome differ from every serial order of the
	// serializable transactions fails with 40001.
	Serializable
)

// settingsIsolation is the level transaction_isolation asks for.
func (x *Transaction) settingsIsolation() IsolationLevel {
	if x.cfg.Settings == nil {
		return ReadCommitted
	}
	switch x.cfg.Settings.String("transaction_isolation") {
	case "repeatable read":
		return RepeatableRead
	case "serializable":
		return Serializable
	}
	return ReadCommitted
}

// Isolation is the transaction's isolation level once its first
// snapshot is taken (READ COMMITTED before).
func (x *Transaction) Isolation() IsolationLevel { return x.isolation }

// takeSerializableSnapshot registers the transaction as serializable and
// takes its snapshot. A failure (no room in the table, a canceled wait
// for a safe snapshot) still leaves a snapshot, so that Snapshot keeps
// its contract; the error is kept and every later read of a table,
// write and the commit return it: the transaction cannot go on
// unprotected.
func (x *Transaction) takeSerializableSnapshot() {
	e := x.cfg.Engine
	if e == nil || e.Predicate == nil {
		x.serializableErr = pgerr.New(pgerr.FeatureNotSupported, "transaction isolation level SERIALIZABLE is not supported in this session")
		x.snapshot = x.CatalogSnapshot()
		return
	}
	s := x.cfg.Settings
	deferrable := s.Bool("transaction_read_only") && s.Bool("transaction_deferrable")
	err := e.Predicate.Register(x.lockContext(), predicateTransaction(x, deferrable, func() (uint32, error) {
		x.snapshot = x.CatalogSnapshot()
		return uint32(x.snapshot.Xmin), nil
	}))
	if err != nil {
		x.serializableErr = err
		if x.snapshot == nil {
			x.snapshot = x.CatalogSnapshot()
		}
	}
}

// predicateTransaction describes the transaction to the predicate lock
// manager's Register, which calls takeSnapshot under its lock.
func predicateTransaction(x *Transaction, deferrable bool, takeSnapshot func() (uint32, error)) predicate.Transaction {
	return predicate.Transaction{
		Database:     x.cfg.Database,
		Vxid:         x.vxid,
		Pid:          x.cfg.Engine.Owner.Pid,
		ReadOnly:     x.readOnly(),
		Deferrable:   deferrable,
		TakeSnapshot: takeSnapshot,
	}
}

// PredicateRead is called before the transaction reads a table under
// its snapshot (a scan of any kind, a fetch by tid, a referential
// integrity check): under SERIALIZABLE it takes a SIREAD lock on the
// relation and records rw-conflicts out to the concurrent serializable
// transactions that wrote it. Outside SERIALIZABLE it does nothing.
func (x *Transaction) PredicateRead(relOID uint32) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.ReadRelation(relOID)
}

// PredicateWrite is called before the transaction inserts, updates or
// deletes rows of a table or truncates it: under SERIALIZABLE the
// concurrent serializable transactions holding a SIREAD lock on it get
// an rw-conflict into this one.
func (x *Transaction) PredicateWrite(relOID uint32) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.WriteRelation(relOID, uint32(x.TopXid()))
}

// PredicateReadTarget is PredicateRead for a page or tuple of a table or
// index (predicate.Target): a read that knows what it depends on.
func (x *Transaction) PredicateReadTarget(t predicate.Target) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.Read(t)
}

// PredicateWriteTarget is PredicateWrite for one tuple of a table, or
// one leaf of an index an entry goes into.
func (x *Transaction) PredicateWriteTarget(t predicate.Target) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	if len(x.stack) > 1 {
		return x.cfg.Engine.Predicate.Write(t, uint32(x.TopXid()))
	}
	return x.cfg.Engine.Predicate.WriteTopLevel(t, uint32(x.TopXid()))
}

// PredicateWriteNew reports a row version the transaction created
// (inserted, or the new version of an update) at tuple target t:
// readers of the whole table conflict, and later readers that come
// across it find it.
func (x *Transaction) PredicateWriteNew(t predicate.Target) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.WriteNewTuple(t, uint32(x.TopXid()))
}

// PredicateWriteIndexPage is called as an entry goes into index page t:
// the transactions that scanned the page's key range conflict.
func (x *Transaction) PredicateWriteIndexPage(t predicate.Target) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.WriteIndexPage(t, uint32(x.TopXid()))
}

// PredicateReadInvisible is called for a row version at tuple target t
// that a read came across and its snapshot does not see: its concurrent
// writers get an rw-conflict from this transaction.
func (x *Transaction) PredicateReadInvisible(t predicate.Target) error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.ReadInvisible(t)
}

// PredicateActive reports whether reads and writes are reported to SSI
// now (a serializable transaction that still takes SIREAD locks), so
// that callers can skip preparing them.
// A transaction whose registration failed counts as active: its next
// report returns the failure.
func (x *Transaction) PredicateActive() bool {
	return x.serializableErr != nil || x.isolation == Serializable && x.cfg.Engine.Predicate.Active()
}

// preCommitSerializable is the last check of a serializable
// transaction's commit (PreCommit_CheckForSerializationFailure).
func (x *Transaction) preCommitSerializable() error {
	if x.serializableErr != nil {
		return x.serializableErr
	}
	if x.isolation != Serializable {
		return nil
	}
	return x.cfg.Engine.Predicate.PreCommit()
}

// noteFirstSnapshot is called when the transaction takes a statement
// snapshot: the first one fixes the isolation level and, under
// REPEATABLE READ, becomes the transaction's snapshot.
func (x *Transaction) noteFirstSnapshot() {
	if x.firstSnapshotSet {
		return
	}
	x.firstSnapshotSet = true
	x.isolation = x.settingsIsolation()
	if x.isolation != ReadCommitted {
		x.xactSnapshot = x.snapshot
	}
}

func (x *Transaction) forgetTransactionSnapshot() {
	x.firstSnapshotSet = false
	x.isolation = ReadCommitted
	x.xactSnapshot, x.latest = nil, nil
	x.serializableErr = nil
}

// TakeSnapshot is called before a statement runs that PostgreSQL runs
// under a snapshot (all but LOCK, SET, SHOW, transaction control and a
// few others): it fixes the isolation level, and under REPEATABLE READ
// and SERIALIZABLE the transaction's first such statement takes the
// snapshot that every later one sees, even if it reads no table. Under
// READ COMMITTED the statement's snapshot is still taken at its first
// use, after the statement's relation locks: a statement that waited
// for a lock sees what the transaction it waited for committed. The
// error is a SERIALIZABLE transaction's failure to register (out of
// shared memory, a canceled wait for a safe snapshot).
func (x *Transaction) TakeSnapshot() error {
	if x.firstSnapshotSet {
		return nil
	}
	if x.settingsIsolation() != ReadCommitted {
		x.Snapshot()
		if err := x.serializableErr; err != nil {
			// As in PostgreSQL, which sets FirstSnapshotSet only once the
			// serializable snapshot is taken: the transaction's next
			// statement (after ROLLBACK TO SAVEPOINT) tries again.
			x.forgetTransactionSnapshot()
			x.snapshot = nil
			x.ReleaseXmin()
			return err
		}
		return nil
	}
	x.firstSnapshotSet, x.isolation = true, ReadCommitted
	return nil
}

// UsesTransactionSnapshot reports whether the transaction runs under
// REPEATABLE READ with its snapshot taken (IsolationUsesXactSnapshot once
// FirstSnapshotSet): a row another transaction changed after that
// snapshot cannot be updated, deleted or locked — the statement fails
// with 40001 rather than follow the row to its newest version as READ
// COMMITTED does.
func (x *Transaction) UsesTransactionSnapshot() bool { return x.xactSnapshot != nil }

// WithLatestSnapshot runs f, a referential integrity query that must see
// rows committed after the transaction's snapshot (ri_PerformCheck with
// detectNewRows), under a fresh snapshot. Under READ COMMITTED that
// snapshot stays the statement's afterwards; under REPEATABLE READ the
// transaction's comes back when f returns, and while f runs Crosscheck
// returns it, so that f's updates and deletes refuse rows it cannot see.
func (x *Transaction) WithLatestSnapshot(f func() error) error {
	if !x.firstSnapshotSet {
		x.Snapshot()
	}
	if x.xactSnapshot == nil {
		x.snapshot = nil
		return f()
	}
	saved := x.latest
	x.latest = x.CatalogSnapshot()
	defer func() { x.latest = saved }()
	return f()
}

// Crosscheck is the snapshot that updates and deletes must also see a
// row in (the executor's es_crosscheck_snapshot): the transaction's,
// while WithLatestSnapshot runs a query under REPEATABLE READ; nil
// otherwise.
func (x *Transaction) Crosscheck() *transam.Snapshot {
	if x.latest != nil {
		return x.xactSnapshot
	}
	return nil
}

// settingsState is config.Settings.TransactionState: whether the open
// transaction has taken its first snapshot and whether a savepoint is
// open.
func (x *Transaction) settingsState() (snapshotTaken, inSubtransaction bool) {
	if x.block == blockNone {
		return false, false
	}
	return x.firstSnapshotSet, len(x.stack) > 1
}
