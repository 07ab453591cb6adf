// Isolation levels: READ COMMITTED takes a snapshot per statement,
// REPEATABLE READ one per transaction, at its first statement that needs
// one (snapmgr.c's GetTransactionSnapshot with IsolationUsesXactSnapshot).
// The level is read from transaction_isolation when that first snapshot
// is taken; the setting refuses to change afterwards (check_XactIsoLevel,
// through config.Settings.TransactionState).

package xact

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
)

// IsolationLevel is a transaction's isolation level as far as snapshots
// go: READ UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL, and
// SERIALIZABLE is refused by lib/config.
type IsolationLevel uint8

const (
	// ReadCommitted: each statement sees what committed before it began.
	ReadCommitted IsolationLevel = iota
	// RepeatableRead: every statement sees what committed before the
	// transaction's first snapshot.
	RepeatableRead
)

// settingsIsolation is the level transaction_isolation asks for.
func (x *Transaction) settingsIsolation() IsolationLevel {
	if x.cfg.Settings != nil && x.cfg.Settings.String("transaction_isolation") == "repeatable read" {
		return RepeatableRead
	}
	return ReadCommitted
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
	if x.isolation == RepeatableRead {
		x.xactSnapshot = x.snapshot
	}
}

func (x *Transaction) forgetTransactionSnapshot() {
	x.firstSnapshotSet = false
	x.isolation = ReadCommitted
	x.xactSnapshot, x.latest = nil, nil
}

// TakeSnapshot is called before a statement runs that PostgreSQL runs
// under a snapshot (all but LOCK, SET, SHOW, transaction control and a
// few others): it fixes the isolation level, and under REPEATABLE READ
// the transaction's first such statement takes the snapshot that every
// later one sees, even if it reads no table. Under READ COMMITTED the
// statement's snapshot is still taken at its first use, after the
// statement's relation locks: a statement that waited for a lock sees
// what the transaction it waited for committed.
func (x *Transaction) TakeSnapshot() {
	if x.firstSnapshotSet {
		return
	}
	if x.settingsIsolation() == RepeatableRead {
		x.Snapshot()
		return
	}
	x.firstSnapshotSet, x.isolation = true, ReadCommitted
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
