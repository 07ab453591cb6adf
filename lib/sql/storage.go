// What statements on tables need from their session: its transaction
// (which carries the process's storage handles) and its catalog cache.
// The backend implements StorageEnv; an Env without storage (tests of
// expressions, the table-less SELECT) does not, or returns nil.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// StorageEnv is implemented by an Env whose session has tables.
type StorageEnv interface {
	// Transaction is the session's transaction (lib/xact), or nil when
	// the session has no storage. Statements take its xid, command id,
	// snapshots and relation locks, register commit and abort actions
	// with it, and reach the process's heap and relation files through
	// its Engine.
	Transaction() *xact.Transaction
	// Catalog is the process's catalog cache, made once per backend with
	// catalog.NewCache(database, the backend's sinval reader). The SQL
	// layer hands it to the transaction (xact.Transaction.SetCatalog),
	// which sends or undoes its invalidations at each end.
	Catalog() *catalog.Cache
}

// Notifier is optionally implemented by an Env that can send NOTICE and
// WARNING messages to the client (DROP TABLE IF EXISTS, CREATE TABLE IF
// NOT EXISTS).
type Notifier interface {
	Notice(e *pgerr.Error)
}
