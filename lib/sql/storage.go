// What statements on tables need from their session: the transaction and
// the process's storage handles. The backend implements these interfaces;
// an Env without storage (tests of expressions, the first milestone's
// table-less SELECT) returns nil from Storage.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
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
	// Catalog is the process's catalog cache, made once per backend with
	// catalog.NewCache(database, the backend's sinval reader).
	Catalog() *catalog.Cache
	// CreateRelationStorage creates the main fork of a new relation and
	// WAL-logs its creation (engine.Engine.CreateRelationStorage).
	CreateRelationStorage(rel storage.RelFileLocator) error
	// DropRelationStorage drops a relation's buffers and removes its
	// files, WAL-logged (engine.Engine.DropRelationStorage). Statements
	// call it from AtCommit (DROP, TRUNCATE) or AtAbort (CREATE).
	DropRelationStorage(rel storage.RelFileLocator) error
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
	// fate is decided and BEFORE its locks are released: the catalog
	// cache sends its invalidation messages from there, and a backend
	// waiting for one of the transaction's locks must find them when it
	// gets the lock. DROP TABLE removes files at commit, CREATE TABLE
	// removes its new file at abort (so a rolled-back CREATE leaves
	// nothing behind). Actions run in registration order.
	AtCommit(func())
	AtAbort(func())
}

// Notifier is optionally implemented by an Env that can send NOTICE and
// WARNING messages to the client (DROP TABLE IF EXISTS, CREATE TABLE IF
// NOT EXISTS).
type Notifier interface {
	Notice(e *pgerr.Error)
}
