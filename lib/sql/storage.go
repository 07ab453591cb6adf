// What statements on tables need from their session: the transaction and
// the process's storage handles. The backend implements these interfaces;
// an Env without storage (tests of expressions, the first milestone's
// table-less SELECT) returns nil from Storage.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// StorageEnv is optionally implemented by an Env whose session has tables.
type StorageEnv interface {
	// Storage returns the session's storage access, or nil.
	Storage() Storage
}

// Storage gives statements the current transaction and the process's
// access to relations.
type Storage interface {
	// DatabaseOID is the connected database.
	DatabaseOID() uint32
	// Txn is the current transaction (implicit or explicit block).
	Txn() Transaction
	// Heap is the process's per-process heap access context; its concrete
	// type is *heap.Env (lib/access/heap), kept as any here so that this
	// package does not depend on the heap package's construction.
	Heap() any
}

// Transaction is the current transaction as statements see it, PostgreSQL's
// xact.c interface to the executor.
type Transaction interface {
	// Xid returns the transaction's id, assigning one on first use: a
	// transaction that only reads never gets one.
	Xid() (transam.TransactionId, error)
	// CommandID is the current command's id; a statement's changes are
	// invisible to itself and visible to the commands after it.
	CommandID() uint32
	// CommandCounterIncrement starts the next command (after each
	// statement that wrote, and between the steps of DDL that must see its
	// own catalog changes).
	CommandCounterIncrement()
	// Snapshot is the current statement's MVCC snapshot (READ COMMITTED:
	// taken at the start of each statement).
	Snapshot() *transam.Snapshot
	// CatalogSnapshot is a fresh snapshot for catalog lookups.
	CatalogSnapshot() *transam.Snapshot
	// LockRelation takes a heavyweight lock on a relation of the current
	// database until the transaction ends (honouring lock_timeout and
	// statement cancellation).
	LockRelation(relOID uint32, mode lmgr.LockMode) error
	// AtCommit and AtAbort register actions run after the transaction's
	// fate is decided: DROP TABLE removes files at commit, CREATE TABLE
	// removes its new file at abort (so a rolled-back CREATE leaves
	// nothing behind). Actions run in registration order.
	AtCommit(func())
	AtAbort(func())
}
