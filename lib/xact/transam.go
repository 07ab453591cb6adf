// The calls into the commit/abort core of lib/access/transam.

package xact

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func commitTransaction(e *engine.Engine, xid transam.TransactionId, children []transam.TransactionId, sync bool) (storage.LSN, error) {
	return e.Xact.CommitTransaction(e.Owner, e.ProcIndex, xid, children, sync)
}

func abortTransaction(e *engine.Engine, xid transam.TransactionId, children []transam.TransactionId) error {
	return e.Xact.AbortTransaction(e.Owner, e.ProcIndex, xid, children)
}

func abortSubTransaction(e *engine.Engine, xid transam.TransactionId, children []transam.TransactionId) error {
	return e.Xact.AbortSubTransaction(e.Owner, e.ProcIndex, xid, children)
}

func assignSub(e *engine.Engine, parent transam.TransactionId) (transam.TransactionId, error) {
	return e.Xact.AssignSubTransactionId(e.Owner, e.ProcIndex, parent)
}
