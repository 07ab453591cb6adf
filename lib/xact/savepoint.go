// Savepoints: SAVEPOINT, RELEASE SAVEPOINT and ROLLBACK TO SAVEPOINT,
// each savepoint a subtransaction with an xid of its own (assigned on its
// first write), as PostgreSQL's DefineSavepoint, ReleaseSavepoint,
// RollbackToSavepoint, CommitSubTransaction and AbortSubTransaction.

package xact

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// blockOnly is the error for a savepoint command outside a block
// (RequireTransactionBlock).
func blockOnly(command string) *pgerr.Error {
	return pgerr.Newf(pgerr.NoActiveSqlTransaction, "%s can only be used in transaction blocks", command)
}

func noSuchSavepoint(name string) *pgerr.Error {
	return pgerr.Newf(pgerr.SEInvalidSpecification, "savepoint \"%s\" does not exist", name)
}

// Savepoint is SAVEPOINT name: a new subtransaction level.
func (x *Transaction) Savepoint(name string) error {
	switch x.block {
	case blockFailed:
		return ErrFailed()
	case blockInProgress:
	default:
		return blockOnly("SAVEPOINT")
	}
	lv := &level{name: name}
	if x.cfg.Settings != nil {
		lv.gucLevel = x.cfg.Settings.NewNestLevel()
	}
	if x.catalog != nil {
		x.catalog.SubStart()
	}
	x.stack = append(x.stack, lv)
	x.cfg.Engine.Stats.AtSubStart(len(x.stack) - 1)
	return nil
}

// find returns the stack index of the innermost savepoint named name, or
// 0 when there is none (index 0 is the top level, never a savepoint).
func (x *Transaction) find(name string) int {
	for i := len(x.stack) - 1; i > 0; i-- {
		if x.stack[i].name == name {
			return i
		}
	}
	return 0
}

// Release is RELEASE [SAVEPOINT] name: the named savepoint and every one
// after it commit into their parent.
func (x *Transaction) Release(name string) error {
	switch x.block {
	case blockFailed:
		return ErrFailed()
	case blockInProgress:
	default:
		return blockOnly("RELEASE SAVEPOINT")
	}
	i := x.find(name)
	if i == 0 {
		return noSuchSavepoint(name)
	}
	for len(x.stack) > i {
		x.releaseSub()
	}
	return nil
}

// RollbackTo is ROLLBACK TO [SAVEPOINT] name: the work of the named
// savepoint and every one after it is rolled back, and the savepoint
// starts again (it stays defined). It also ends a failed state.
func (x *Transaction) RollbackTo(name string) error {
	switch x.block {
	case blockFailed, blockInProgress:
	default:
		return blockOnly("ROLLBACK TO SAVEPOINT")
	}
	i := x.find(name)
	if i == 0 {
		return noSuchSavepoint(name)
	}
	var firstErr error
	for len(x.stack) > i {
		lv := x.stack[len(x.stack)-1]
		if !lv.aborted {
			if err := x.abortSub(lv); err != nil && firstErr == nil {
				firstErr = err
			}
		}
		x.stack = x.stack[:len(x.stack)-1]
	}
	x.block = blockInProgress
	x.snapshot = nil
	if err := x.Savepoint(name); err != nil && firstErr == nil {
		firstErr = err
	}
	return firstErr
}

// releaseSub commits the innermost savepoint level into its parent
// (CommitSubTransaction): its xid and its children become children of the
// parent, its actions and locks pass to the parent, and its xid's lock is
// released (a waiter then waits for the parent, through pg_subtrans).
func (x *Transaction) releaseSub() {
	n := len(x.stack)
	lv, parent := x.stack[n-1], x.stack[n-2]
	x.cfg.Engine.Stats.AtSubEnd(n-1, true)
	x.stack = x.stack[:n-1]
	// The subtransaction's commands are done.
	x.cid++
	if lv.xid.IsValid() {
		parent.children = append(parent.children, lv.xid)
		parent.children = append(parent.children, lv.children...)
		x.cfg.Engine.Locker.XactLockTableDelete(uint32(lv.xid))
	}
	parent.onCommit = append(parent.onCommit, lv.onCommit...)
	parent.onAbort = append(parent.onAbort, lv.onAbort...)
	parent.locks = append(parent.locks, lv.locks...)
	for node := range lv.newFiles {
		if parent.newFiles == nil {
			parent.newFiles = map[uint32]bool{}
		}
		parent.newFiles[node] = true
	}
	if x.catalog != nil {
		x.catalog.SubCommit()
	}
	if x.cfg.Settings != nil && lv.gucLevel > 0 {
		x.cfg.Settings.AtEndOfNestLevel(true, lv.gucLevel)
	}
}

// abortSub rolls back one savepoint level's storage side
// (AbortSubTransaction): its xid and its committed children are marked
// aborted (an abort record lists them), its abort actions run, the
// transaction-level locks it took are released, and the settings it changed are
// undone. The level stays on the stack, marked aborted.
func (x *Transaction) abortSub(lv *level) error {
	e := x.cfg.Engine
	var err error
	if lv.xid.IsValid() {
		err = abortSubTransaction(e, lv.xid, lv.children)
		x.panicIfNeeded(err)
	}
	lv.aborted = true
	for i := len(x.stack) - 1; i > 0; i-- {
		if x.stack[i] == lv {
			x.cfg.Engine.Stats.AtSubEnd(i, false)
			break
		}
	}
	if x.catalog != nil {
		x.catalog.SubAbort()
	}
	x.runActions(lv.onAbort)
	lv.onAbort, lv.onCommit = nil, nil
	for _, l := range lv.locks {
		e.Locker.LockRelease(l.tag, l.mode)
	}
	lv.locks = nil
	if lv.xid.IsValid() {
		e.Locker.XactLockTableDelete(uint32(lv.xid))
	}
	if x.cfg.Settings != nil && lv.gucLevel > 0 {
		x.cfg.Settings.AtEndOfNestLevel(false, lv.gucLevel)
		lv.gucLevel = 0
	}
	return err
}

// NoteNewRelFile records that relation file node was made in the current
// subtransaction.
func (x *Transaction) NoteNewRelFile(node uint32) {
	if len(x.stack) == 0 {
		return
	}
	lv := x.stack[len(x.stack)-1]
	if lv.newFiles == nil {
		lv.newFiles = map[uint32]bool{}
	}
	lv.newFiles[node] = true
}

// RelFileNewInSubtransaction reports whether relation file node was made
// in the current subtransaction (or a savepoint of it since released):
// no other transaction can see it before this one commits.
func (x *Transaction) RelFileNewInSubtransaction(node uint32) bool {
	return len(x.stack) > 0 && x.stack[len(x.stack)-1].newFiles[node]
}
