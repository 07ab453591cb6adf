// This file locks the rows SELECT ... FOR UPDATE / FOR SHARE returns
// (the executor's LockRows node) through heap.LockTuple, following a row
// a concurrent transaction updated to its newest version as READ
// COMMITTED requires (heapam_tuple_lock with
// TUPLE_LOCK_FLAG_FIND_LAST_VERSION).

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// LockRow implements exec.RowLocker.
func (ts *tableStore) LockRow(t *plan.Table, tid types.Datum, strength plan.RowLockStrength, wait plan.RowLockWait, values []types.Datum) (exec.RowLockResult, types.Datum, error) {
	s := ts.s
	if t.Heap == nil {
		return 0, types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "cannot lock rows in relation \"%s\"", t.Name)
	}
	xid, err := s.tx.Xid()
	if err != nil {
		return 0, types.Null, err
	}
	// READ COMMITTED locks the newest version of a row updated
	// meanwhile and tests it again; REPEATABLE READ fails instead
	// (ExecLockRows). Either way a key-share lock of a row updated
	// without a key change locks its newer versions too.
	flags := heap.LockFlagLockUpdateInProgress | heap.LockFlagFindLastVersion
	rr := s.tx.UsesTransactionSnapshot()
	if rr {
		flags = heap.LockFlagLockUpdateInProgress
	}
	lr, err := heap.LockTuple(s.ctx, s.heap, t.Heap, datumTID(tid), s.ownXids(), xid, s.outputCid(), heapLockMode(strength),
		heapWaitPolicy(wait), flags)
	if err != nil {
		return 0, types.Null, err
	}
	if rr && (lr.Result == heap.TMUpdated || lr.Result == heap.TMDeleted) {
		return 0, types.Null, errConcurrentUpdate()
	}
	switch lr.Result {
	case heap.TMOk:
	case heap.TMWouldBlock:
		return exec.RowNotLocked, types.Null, nil
	case heap.TMSelfModified, heap.TMUpdated, heap.TMDeleted:
		// Changed by this command (skipping it avoids locking a row
		// twice, as ExecLockRows does), or gone.
		return exec.RowGone, types.Null, nil
	case heap.TMInvisible:
		return 0, types.Null, pgerr.New(pgerr.InternalError, "attempted to lock invisible tuple")
	default:
		return 0, types.Null, pgerr.Newf(pgerr.InternalError, "unrecognized heap_lock_tuple status: %s", lr.Result)
	}
	if !lr.Failure.Traversed {
		return exec.RowLocked, tid, nil
	}
	copy(values, lr.Values)
	if err := s.fromStored(t, values); err != nil {
		return 0, types.Null, err
	}
	return exec.RowLockedNewer, tidDatum(lr.TID), nil
}

func heapLockMode(s plan.RowLockStrength) heap.LockTupleMode {
	switch s {
	case plan.ForKeyShare:
		return heap.LockTupleKeyShare
	case plan.ForShare:
		return heap.LockTupleShare
	case plan.ForNoKeyUpdate:
		return heap.LockTupleNoKeyExclusive
	}
	return heap.LockTupleExclusive
}

func heapWaitPolicy(w plan.RowLockWait) heap.WaitPolicy {
	switch w {
	case plan.RowLockSkip:
		return heap.LockWaitSkip
	case plan.RowLockError:
		return heap.LockWaitError
	}
	return heap.LockWaitBlock
}
