// Inserting, deleting, updating, locking and fetching single tuples:
// PostgreSQL 15's heapam.c (heap_insert, heap_delete, heap_update,
// heap_lock_tuple, heap_fetch) and heapam_handler.c's heapam_tuple_lock,
// with plain transaction ids or multixacts (multixact.go) as xmax.
//
// Every change follows docs/storage.md rule 2: pin, exclusive content
// lock, critical section, change the page, MarkDirty, WAL record, pd_lsn,
// end the critical section, unlock. Waiting for another transaction
// (XactLockTableWait) is done with no buffer lock held, queued behind the
// heavyweight tuple lock so that waiters get the row in arrival order;
// see README.md.

package heap

import (
	"context"
	"errors"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// walPanic turns a failure inside a critical section into a PANIC: the
// page was changed and the change could not be logged, so the process
// must die and recovery must decide. The critical section is left open,
// which tells the postmaster this process must not be cleaned up alone.
func walPanic(err error) error {
	pe := *pgerr.As(err)
	pe.Severity = pgerr.SeverityPanic
	return &pe
}

// tupleAt returns the tuple at tid on page p, which must be a normal line
// pointer (the caller got tid from a scan or an update chain).
func tupleAt(p page.Page, tid TID, rel *Relation) (tuple.Header, error) {
	if tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return nil, pgerr.Newf(pgerr.InternalError, "tuple %s of relation \"%s\" does not exist", tid, rel.Name)
	}
	return tuple.Header(p.Item(tid.Offset)), nil
}

// tupleLockTag is the heavyweight lock of one tuple (LockTuple's tag).
func tupleLockTag(rel *Relation, tid TID) lmgr.LockTag {
	return lmgr.TupleTag(rel.Locator.DB, rel.OID, uint32(tid.Block), uint16(tid.Offset))
}

// tupleLock tracks the heavyweight tuple lock an operation may take while
// waiting (heap_acquire_tuplock), released when the operation ends.
type tupleLock struct {
	e    *Env
	tag  lmgr.LockTag
	mode lmgr.LockMode
	held bool
}

func (e *Env) newTupleLock(rel *Relation, tid TID, mode LockTupleMode) *tupleLock {
	return &tupleLock{e: e, tag: tupleLockTag(rel, tid), mode: mode.hwLock()}
}

// acquire takes the lock per policy: LockWaitBlock waits (obeying ctx and
// lock_timeout), LockWaitSkip reports false if it is taken, LockWaitError
// fails with 55P03.
func (l *tupleLock) acquire(ctx context.Context, policy WaitPolicy, rel *Relation) (bool, error) {
	if l.held {
		return true, nil
	}
	if l.e.Locks == nil {
		return false, pgerr.New(pgerr.InternalError, "cannot wait for a row lock without a lock manager")
	}
	ok, err := l.e.Locks.LockAcquire(ctx, l.tag, l.mode, policy != LockWaitBlock)
	if err != nil {
		return false, err
	}
	if !ok {
		if policy == LockWaitError {
			return false, errRowLockNotAvailable(rel)
		}
		return false, nil
	}
	l.held = true
	return true, nil
}

func (l *tupleLock) release() {
	if l.held {
		l.e.Locks.LockRelease(l.tag, l.mode)
		l.held = false
	}
}

func errRowLockNotAvailable(rel *Relation) error {
	return pgerr.Newf(pgerr.LockNotAvailable, "could not obtain lock on row in relation \"%s\"", rel.Name)
}

// xactWait waits for transaction xid to end (XactLockTableWait).
func (e *Env) xactWait(ctx context.Context, xid transam.TransactionId) error {
	if e.Locks == nil {
		return pgerr.New(pgerr.InternalError, "cannot wait for a transaction without a lock manager")
	}
	return e.Locks.XactLockTableWait(ctx, uint32(xid))
}

// failure fills FailureData from the tuple that could not be changed.
func (e *Env) failure(h tuple.Header, result TMResult) FailureData {
	fd := FailureData{Ctid: ctid(h), Xmax: e.updateXid(h), Cmax: InvalidCommandId}
	if result == TMSelfModified {
		fd.Cmax = e.cmax(h)
	}
	return fd
}

// clearAllVisible clears PD_ALL_VISIBLE of page p (block blk) and both
// of the block's visibility map bits, in vmbuf, which the caller pinned
// before locking the page; it reports whether the page was all-visible,
// for the record's *_ALL_VISIBLE_CLEARED flag. The caller is in a
// critical section: a failure is a PANIC.
func (e *Env) clearAllVisible(p page.Page, blk storage.BlockNumber, vmbuf buffer.Buffer) (bool, error) {
	if !p.IsAllVisible() {
		return false, nil
	}
	p.SetAllVisible(false)
	if _, err := e.visibilityMapClear(blk, vmbuf, VMValidBits); err != nil {
		return true, walPanic(err)
	}
	return true, nil
}

// clearAllFrozen clears only the ALL_FROZEN bit of an all-visible page
// whose tuple gets a lock-only xmax (heap_lock_tuple: the tuple stays
// visible to all, but is no longer frozen), reporting whether it was
// set, for XLH_LOCK_ALL_FROZEN_CLEARED. In a critical section.
func (e *Env) clearAllFrozen(p page.Page, blk storage.BlockNumber, vmbuf buffer.Buffer) (uint8, error) {
	if !p.IsAllVisible() {
		return 0, nil
	}
	cleared, err := e.visibilityMapClear(blk, vmbuf, VMAllFrozen)
	if err != nil {
		return 0, walPanic(err)
	}
	if cleared {
		return xlhLockAllFrozenCleared, nil
	}
	return 0, nil
}

// lockPinningVM takes buf's exclusive content lock, having first pinned
// the visibility map page of an all-visible page into *vmbuf: a change
// to the page clears the map bits, and reading the map page may need
// I/O, which must not happen while the heap page is locked. The look at
// PD_ALL_VISIBLE before locking is only a guess, checked again once
// locked.
func (e *Env) lockPinningVM(rel *Relation, buf buffer.Buffer, blk storage.BlockNumber, vmbuf *buffer.Buffer) error {
	if page.Page(e.Pool.Page(buf)).IsAllVisible() {
		if err := VisibilityMapPin(e, rel, blk, vmbuf); err != nil {
			return err
		}
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	_, err := e.repinVM(rel, buf, blk, vmbuf)
	return err
}

// repinVM handles a page, locked exclusively, that became all-visible
// while it was unlocked (or was not seen so before locking) and whose
// map page is not pinned: it unlocks, pins, locks again and returns true,
// telling the caller that what it checked under the lock must be checked
// again. On error the page is left unlocked.
func (e *Env) repinVM(rel *Relation, buf buffer.Buffer, blk storage.BlockNumber, vmbuf *buffer.Buffer) (bool, error) {
	if vmbuf.Valid() || !page.Page(e.Pool.Page(buf)).IsAllVisible() {
		return false, nil
	}
	e.Pool.LockBuffer(buf, buffer.Unlock)
	if err := VisibilityMapPin(e, rel, blk, vmbuf); err != nil {
		return false, err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	return true, nil
}

// releaseVM drops the pin of a visibility map page, if any.
func (e *Env) releaseVM(vmbuf buffer.Buffer) {
	if vmbuf.Valid() {
		e.Pool.Release(vmbuf)
	}
}

// ----- insert -----

// Insert adds a row to rel as transaction xid, command cid, and returns
// its TID (heap_insert). Values too long for a page are compressed and,
// if the relation has a TOAST table, moved out of line first.
func Insert(env *Env, rel *Relation, values []types.Datum, xid transam.TransactionId, cid CommandId) (TID, error) {
	tup, err := env.formTuple(rel, values, nil, transam.CurrentXids{}, xid, cid)
	if err != nil {
		return TID{}, err
	}
	return env.insertTuple(rel, tup, xid, cid, false)
}

// InsertFrozen is Insert of a row stored frozen (COPY FREEZE): see
// BulkInsert.Freeze for when that is allowed.
func InsertFrozen(env *Env, rel *Relation, values []types.Datum, xid transam.TransactionId, cid CommandId) (TID, error) {
	tup, err := env.formTuple(rel, values, nil, transam.CurrentXids{}, xid, cid)
	if err != nil {
		return TID{}, err
	}
	return env.insertTuple(rel, tup, xid, cid, true)
}

// insertTuple stamps a formed tuple with its inserter, places it and logs
// it (heap_prepare_insert and the body of heap_insert).
func (e *Env) insertTuple(rel *Relation, tup []byte, xid transam.TransactionId, cid CommandId, frozen bool) (TID, error) {
	stampInsert(tup, xid, cid, frozen)
	h := tuple.Header(tup)

	var vmbuf, noVM buffer.Buffer
	defer func() { e.releaseVM(vmbuf) }()
	buf, err := e.getBufferForTuple(rel, len(tup), buffer.InvalidBuffer, &vmbuf, &noVM)
	if err != nil {
		return TID{}, err
	}
	p := page.Page(e.Pool.Page(buf))

	e.Owner.EnterCritical()
	tid, err := e.putHeapTuple(buf, tup)
	if err != nil {
		return TID{}, err
	}
	var flags uint8
	if cleared, err := e.clearAllVisible(p, tid.Block, vmbuf); err != nil {
		return TID{}, err
	} else if cleared {
		flags |= xlhInsertAllVisibleCleared
	}
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		info := uint8(XLogHeapInsert)
		regFlags := uint8(xlog.RegBufStandard)
		// The single and first tuple on the page: redo can rebuild the
		// page from scratch instead of needing its image.
		if tid.Offset == page.FirstOffset && p.MaxOffset() == page.FirstOffset {
			info |= XLogHeapInitPage
			regFlags |= xlog.RegBufWillInit
		}
		var main [sizeOfHeapInsert]byte
		var hdr [sizeOfHeapHeader]byte
		rb := e.record(info)
		rb.SetXID(uint32(xid))
		rb.SetMainData(xlHeapInsert{offnum: tid.Offset, flags: flags}.encode(main[:0]))
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, regFlags)
		rb.RegisterBufData(0, xlHeapHeader{infomask2: h.Infomask2(), infomask: h.Infomask(), hoff: uint8(h.Hoff())}.encode(hdr[:0]))
		rb.RegisterBufData(0, tup[tuple.HeaderSize:])
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return TID{}, walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(buf)
	return tid, nil
}

// ----- delete -----

// Delete deletes the tuple at tid as transaction xid, command cid
// (heap_delete). If another transaction is changing the row and wait is
// set, it waits for that transaction to end (obeying ctx, lock_timeout
// and deadlock detection) and then deletes the row if that transaction
// aborted or only locked it, or reports TMUpdated (FailureData.Ctid is
// the new version, for EvalPlanQual) or TMDeleted. crosscheck, if not
// nil, is the transaction snapshot of REPEATABLE READ: a row it cannot
// see counts as TMUpdated. TMSelfModified means this transaction already
// changed the row in this or a later command.
func Delete(ctx context.Context, env *Env, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, crosscheck *Snapshot, wait bool) (TMResult, FailureData, error) {
	return env.delete(ctx, rel, tid, cur, xid, cid, crosscheck, wait)
}

func (e *Env) delete(ctx context.Context, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, crosscheck *Snapshot, wait bool) (TMResult, FailureData, error) {
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return 0, FailureData{}, err
	}
	tl := e.newTupleLock(rel, tid, LockTupleExclusive)
	defer tl.release()
	var vmbuf buffer.Buffer
	defer func() { e.releaseVM(vmbuf) }()
	if err := e.lockPinningVM(rel, buf, tid.Block, &vmbuf); err != nil {
		e.Pool.Release(buf)
		return 0, FailureData{}, err
	}
	p := page.Page(e.Pool.Page(buf))
	h, err := tupleAt(p, tid, rel)
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, err
	}

	var result TMResult
recheck:
	for {
		for {
			result, err = e.satisfiesUpdate(h, tid, buf, cur, cid)
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, err
			}
			if result == TMInvisible {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "attempted to delete invisible tuple")
			}
			if result != TMBeingModified || !wait {
				break
			}
			xwait, infomask := rawXmax(h), h.Infomask()
			if xmaxIsMulti(infomask) {
				// Wait for the members that conflict; our own ids among them
				// (a lock of ours, or of a subtransaction) are upgraded.
				multi := transam.MultiXactId(xwait)
				conflict, isMember, err := e.multiConflicts(multi, LockTupleExclusive, cur)
				if err != nil {
					e.Pool.UnlockRelease(buf)
					return 0, FailureData{}, err
				}
				if conflict {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					if !isMember {
						if _, err := tl.acquire(ctx, LockWaitBlock, rel); err != nil {
							e.Pool.Release(buf)
							return 0, FailureData{}, err
						}
					}
					if _, _, err := e.multiWait(ctx, multi, transam.MultiXactStatusUpdate, cur, false); err != nil {
						e.Pool.Release(buf)
						return 0, FailureData{}, err
					}
					e.Pool.LockBuffer(buf, buffer.Exclusive)
					if xmaxInfomaskChanged(h.Infomask(), infomask) || rawXmax(h) != xwait {
						continue
					}
				}
			} else if !cur.Contains(xwait) {
				e.Pool.LockBuffer(buf, buffer.Unlock)
				if _, err := tl.acquire(ctx, LockWaitBlock, rel); err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, err
				}
				if err := e.xactWait(ctx, xwait); err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, err
				}
				e.Pool.LockBuffer(buf, buffer.Exclusive)
				// If xwait had only locked the row, someone else may have
				// changed it since: look again.
				if xmaxInfomaskChanged(h.Infomask(), infomask) || rawXmax(h) != xwait {
					continue
				}
				if err := e.updateXmaxHintBits(h, buf, xwait); err != nil {
					e.Pool.UnlockRelease(buf)
					return 0, FailureData{}, err
				}
			}
			// We may overwrite if the previous xmax aborted, or if it
			// committed but only locked the row.
			onlyLocked, err := e.isOnlyLocked(h, cur)
			switch {
			case err != nil:
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, err
			case h.Infomask()&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(h.Infomask()) || onlyLocked:
				result = TMOk
			default:
				result = updatedOrDeleted(h, tid)
			}
			break
		}
		if crosscheck != nil && result == TMOk {
			visible, err := e.satisfiesMVCC(h, buf, crosscheck)
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, err
			}
			if !visible {
				result = TMUpdated
			}
		}
		if result != TMOk {
			fd := e.failure(h, result)
			e.Pool.UnlockRelease(buf)
			return result, fd, nil
		}
		// The page became all-visible while unlocked (waiting): pin its map
		// page, then check the row again.
		if again, err := e.repinVM(rel, buf, tid.Block, &vmbuf); err != nil {
			e.Pool.Release(buf)
			return 0, FailureData{}, err
		} else if again {
			continue recheck
		}
		break
	}

	// The deleter's xmax: our xid, or a multixact keeping lockers of our
	// own transaction's other levels (and running key-share lockers).
	nx, err := e.computeNewXmax(rawXmax(h), h.Infomask(), h.Infomask2(), xid, LockTupleExclusive, true, cur)
	if errors.Is(err, errUpdaterAppeared) {
		goto recheck // the row was updated after all: look again
	}
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, err
	}
	cmax, combo := e.adjustCmax(h, cur, cid)
	var old []byte
	if h.Infomask()&tuple.HasExternal != 0 {
		old = append([]byte(nil), h...)
	}

	e.Owner.EnterCritical()
	setPrunable(p, xid)
	var flags uint8
	if cleared, err := e.clearAllVisible(p, tid.Block, vmbuf); err != nil {
		return 0, FailureData{}, err
	} else if cleared {
		flags |= xlhDeleteAllVisibleCleared
	}
	h.SetInfomask(h.Infomask()&^(heapXmaxBits|heapMoved) | nx.mask)
	h.SetInfomask2(h.Infomask2()&^(tuple.KeysUpdated|tuple.HotUpdated) | nx.mask2)
	h.SetXmax(nx.xmax)
	setCmax(h, cmax, combo)
	setCtid(h, tid) // no forward link: this is a delete
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		var main [sizeOfHeapDelete]byte
		rb := e.record(XLogHeapDelete)
		rb.SetXID(uint32(xid))
		rb.SetMainData(xlHeapDelete{xmax: nx.xmax, offnum: tid.Offset, infobits: computeInfobits(h.Infomask(), h.Infomask2()), flags: flags}.encode(main[:0]))
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, xlog.RegBufStandard)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return 0, FailureData{}, walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.LockBuffer(buf, buffer.Unlock)

	// Out-of-line values go with the row.
	if old != nil {
		if err := e.toastDeleteExternals(rel, old, cur, xid, cid, false); err != nil {
			e.Pool.Release(buf)
			return 0, FailureData{}, err
		}
	}
	e.Pool.Release(buf)
	return TMOk, FailureData{}, nil
}

// AbortSpeculative kills the tuple at tid that the caller's transaction
// has just inserted and must take back (heap_abort_speculative, for
// INSERT ... ON CONFLICT finding a conflict only once its row is in):
// its xmin becomes InvalidTransactionId, which no snapshot sees and no
// uniqueness check waits for, WAL-logged as XLOG_HEAP_DELETE with
// XLH_DELETE_IS_SUPER. Its out-of-line values are deleted with it.
func AbortSpeculative(env *Env, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId) error {
	e := env
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	p := page.Page(e.Pool.Page(buf))
	if tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		e.Pool.UnlockRelease(buf)
		return pgerr.Newf(pgerr.InternalError, "no tuple at (%d,%d) to take back in \"%s\"", tid.Block, tid.Offset, rel.Name)
	}
	h := tuple.Header(p.Item(tid.Offset))
	if !cur.Contains(transam.TransactionId(h.Xmin())) {
		e.Pool.UnlockRelease(buf)
		return pgerr.New(pgerr.InternalError, "attempted to kill a tuple inserted by another transaction")
	}
	var old []byte
	if h.Infomask()&tuple.HasExternal != 0 {
		old = append([]byte(nil), h...)
	}
	e.Owner.EnterCritical()
	setPrunable(p, xid)
	h.SetInfomask(h.Infomask() &^ (heapXmaxBits | heapMoved))
	h.SetInfomask2(h.Infomask2() &^ (tuple.KeysUpdated | tuple.HotUpdated))
	h.SetXmin(0)
	setCmax(h, FirstCommandId, false)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		var main [sizeOfHeapDelete]byte
		rb := e.record(XLogHeapDelete)
		rb.SetXID(uint32(xid))
		rb.SetMainData(xlHeapDelete{xmax: 0, offnum: tid.Offset, infobits: computeInfobits(h.Infomask(), h.Infomask2()), flags: xlhDeleteIsSuper}.encode(main[:0]))
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, xlog.RegBufStandard)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.LockBuffer(buf, buffer.Unlock)
	if old != nil {
		if err := e.toastDeleteExternals(rel, old, cur, xid, cid, true); err != nil {
			e.Pool.Release(buf)
			return err
		}
	}
	e.Pool.Release(buf)
	return nil
}

// ----- update -----

// Update replaces the tuple at otid by a new version made of values, as
// transaction xid, command cid (heap_update), and returns the new
// version's TID. The waiting rules and results are Delete's; the old
// version gets xmax = xid and t_ctid pointing to the new one, the new one
// HEAP_UPDATED. The new version goes on the same page when it fits,
// otherwise on another. On the same page, when rel.HotAttrs is set and
// none of those columns changed, the update is heap-only (HOT): the old
// version is marked HEAP_HOT_UPDATED, the new one HEAP_ONLY_TUPLE, and
// the indexes need no entry for it (they reach it through the chain).
func Update(ctx context.Context, env *Env, rel *Relation, otid TID, values []types.Datum, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, crosscheck *Snapshot, wait bool) (TMResult, FailureData, TID, error) {
	return env.update(ctx, rel, otid, values, cur, xid, cid, crosscheck, wait)
}

// UpdateRow is Update that also reports whether the new version is a
// heap-only tuple, which must not get index entries.
func UpdateRow(ctx context.Context, env *Env, rel *Relation, otid TID, values []types.Datum, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, crosscheck *Snapshot, wait bool) (TMResult, FailureData, TID, bool, error) {
	env.lastUpdateHOT = false
	res, fd, tid, err := env.update(ctx, rel, otid, values, cur, xid, cid, crosscheck, wait)
	return res, fd, tid, env.lastUpdateHOT, err
}

func (e *Env) update(ctx context.Context, rel *Relation, otid TID, values []types.Datum, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, crosscheck *Snapshot, wait bool) (TMResult, FailureData, TID, error) {
	// The new row is formed before any lock is taken; if it needs TOAST
	// work, that is redone once the old version is locked.
	formed, err := tuple.Form(rel.Desc, values)
	if err != nil {
		return 0, FailureData{}, TID{}, err
	}
	newLen := len(formed)

	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, otid.Block)
	if err != nil {
		return 0, FailureData{}, TID{}, err
	}
	var vmbuf, vmbufNew buffer.Buffer
	defer func() { e.releaseVM(vmbuf); e.releaseVM(vmbufNew) }()
	if err := e.lockPinningVM(rel, buf, otid.Block, &vmbuf); err != nil {
		e.Pool.Release(buf)
		return 0, FailureData{}, TID{}, err
	}
	p := page.Page(e.Pool.Page(buf))
	h, err := tupleAt(p, otid, rel)
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, TID{}, err
	}
	// An UPDATE that leaves the key columns (those a foreign key may
	// reference) alone takes the weaker FOR NO KEY UPDATE strength, which
	// does not conflict with FOR KEY SHARE: foreign key checks and such
	// updates do not wait for each other. Without the list of key columns
	// (KeyAttrs nil) every update counts as changing a key.
	lockmode := LockTupleNoKeyExclusive
	if rel.KeyAttrs == nil || !tuple.SameStored(rel.Desc, h, formed, rel.KeyAttrs) {
		lockmode = LockTupleExclusive
	}
	keyIntact := lockmode == LockTupleNoKeyExclusive
	tl := e.newTupleLock(rel, otid, lockmode)
	defer tl.release()

	var result TMResult
	var checkedLockers, lockerRemains bool
recheck:
	for {
		checkedLockers, lockerRemains = false, false
		for {
			result, err = e.satisfiesUpdate(h, otid, buf, cur, cid)
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, TID{}, err
			}
			if result == TMInvisible {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, TID{}, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "attempted to update invisible tuple")
			}
			if result != TMBeingModified || !wait {
				break
			}
			xwait, infomask := rawXmax(h), h.Infomask()
			canContinue := false
			if xmaxIsMulti(infomask) {
				// Wait for the members our update conflicts with; the others
				// (key-share lockers when no key changes, our own ids) stay
				// as lockers of the new version.
				multi := transam.MultiXactId(xwait)
				conflict, isMember, err := e.multiConflicts(multi, lockmode, cur)
				if err != nil {
					e.Pool.UnlockRelease(buf)
					return 0, FailureData{}, TID{}, err
				}
				if conflict {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					if !isMember {
						if _, err := tl.acquire(ctx, LockWaitBlock, rel); err != nil {
							e.Pool.Release(buf)
							return 0, FailureData{}, TID{}, err
						}
					}
					_, remain, err := e.multiWait(ctx, multi, statusForLock(lockmode, true), cur, false)
					if err != nil {
						e.Pool.Release(buf)
						return 0, FailureData{}, TID{}, err
					}
					checkedLockers, lockerRemains = true, remain != 0
					e.Pool.LockBuffer(buf, buffer.Exclusive)
					if xmaxInfomaskChanged(h.Infomask(), infomask) || rawXmax(h) != xwait {
						continue
					}
				}
				// An update among the members must have aborted for us to go on.
				var updater transam.TransactionId
				if !xmaxIsLockedOnly(h.Infomask()) {
					if updater, err = e.updateXidErr(h); err != nil {
						e.Pool.UnlockRelease(buf)
						return 0, FailureData{}, TID{}, err
					}
				}
				canContinue = !updater.IsValid()
				if !canContinue {
					if canContinue, err = e.Xact.TransactionIdDidAbort(e.Owner, updater); err != nil {
						e.Pool.UnlockRelease(buf)
						return 0, FailureData{}, TID{}, err
					}
				}
			} else if cur.Contains(xwait) {
				// The only locker is ourselves (SELECT FOR UPDATE, or
				// LockTuple in EvalPlanQual): keep the lock on the new version.
				checkedLockers, lockerRemains, canContinue = true, true, true
			} else if xmaxIsKeyShrLocked(infomask) && keyIntact {
				// A key-share locker (a foreign key check) does not stop an
				// update of other columns; it stays a locker of the new version.
				checkedLockers, lockerRemains, canContinue = true, true, true
			} else {
				e.Pool.LockBuffer(buf, buffer.Unlock)
				if _, err := tl.acquire(ctx, LockWaitBlock, rel); err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, TID{}, err
				}
				if err := e.xactWait(ctx, xwait); err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, TID{}, err
				}
				checkedLockers = true
				e.Pool.LockBuffer(buf, buffer.Exclusive)
				if xmaxInfomaskChanged(h.Infomask(), infomask) || rawXmax(h) != xwait {
					continue
				}
				if err := e.updateXmaxHintBits(h, buf, xwait); err != nil {
					e.Pool.UnlockRelease(buf)
					return 0, FailureData{}, TID{}, err
				}
				canContinue = h.Infomask()&tuple.XmaxInvalid != 0
			}
			if canContinue {
				result = TMOk
			} else {
				result = updatedOrDeleted(h, otid)
			}
			break
		}
		if crosscheck != nil && result == TMOk {
			visible, err := e.satisfiesMVCC(h, buf, crosscheck)
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, TID{}, err
			}
			if !visible {
				result = TMUpdated
			}
		}
		if result != TMOk {
			fd := e.failure(h, result)
			e.Pool.UnlockRelease(buf)
			return result, fd, TID{}, nil
		}
		// The page became all-visible while unlocked (waiting): pin its map
		// page, then check the row again.
		if again, err := e.repinVM(rel, buf, otid.Block, &vmbuf); err != nil {
			e.Pool.Release(buf)
			return 0, FailureData{}, TID{}, err
		} else if again {
			continue recheck
		}
		break
	}

	// The old version's new xmax: ours, or a multixact with the lockers
	// that remain (computed before anything changes: creating a multixact
	// can fail).
	nx, err := e.computeNewXmax(rawXmax(h), h.Infomask(), h.Infomask2(), xid, lockmode, true, cur)
	if errors.Is(err, errUpdaterAppeared) {
		goto recheck // the row was updated after all: look again
	}
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, TID{}, err
	}
	// The new version's xmax: lockers that remain (only key-share ones can,
	// or our own) carry over; otherwise it starts out invalid.
	var xmaxNew transam.TransactionId
	infomaskNew, infomask2New := uint16(tuple.XmaxInvalid), uint16(0)
	if !(h.Infomask()&tuple.XmaxInvalid != 0 || (checkedLockers && !lockerRemains)) {
		xmaxNew = rawXmax(h)
		if xmaxIsMulti(h.Infomask()) {
			if infomaskNew, infomask2New, err = e.multiHintBits(transam.MultiXactId(xmaxNew)); err != nil {
				e.Pool.UnlockRelease(buf)
				return 0, FailureData{}, TID{}, err
			}
		} else {
			infomaskNew = tuple.XmaxKeyShrLock | tuple.XmaxLockOnly
		}
	}
	oldHasExternal := h.Infomask()&tuple.HasExternal != 0
	needToast := oldHasExternal || newLen > toastThreshold
	cmaxOld, combo := e.adjustCmax(h, cur, cid)

	var newtup []byte
	newbuf := buf
	pagefree := p.HeapFreeSpace()
	if needToast || page.MaxAlignUp(newLen) > pagefree {
		// The new version needs TOAST work or another page: both mean
		// letting go of the old page. Mark the old version locked by us
		// first (WAL-logged), so nobody else updates it meanwhile.
		lk, err := e.computeNewXmax(rawXmax(h), h.Infomask(), h.Infomask2(), xid, lockmode, false, cur)
		if err != nil {
			e.Pool.UnlockRelease(buf)
			return 0, FailureData{}, TID{}, err
		}
		old := append([]byte(nil), h...)
		e.Owner.EnterCritical()
		h.SetInfomask(h.Infomask()&^(heapXmaxBits|heapMoved) | lk.mask)
		h.SetInfomask2(h.Infomask2()&^(tuple.KeysUpdated|tuple.HotUpdated) | lk.mask2)
		h.SetXmax(lk.xmax)
		setCmax(h, cmaxOld, combo)
		setCtid(h, otid) // temporarily look not-updated, but locked
		// Still visible to all, but no longer frozen.
		lockFlags, err := e.clearAllFrozen(p, otid.Block, vmbuf)
		if err != nil {
			return 0, FailureData{}, TID{}, err
		}
		e.Pool.MarkDirty(buf)
		if err := e.logLock(rel, buf, p, otid, h, xid, lockFlags); err != nil {
			return 0, FailureData{}, TID{}, err
		}
		e.Owner.ExitCritical()
		e.Pool.LockBuffer(buf, buffer.Unlock)

		newtup = formed
		if needToast {
			newtup, err = e.formTuple(rel, values, old, cur, xid, cid)
		}
		if err != nil {
			e.Pool.Release(buf)
			return 0, FailureData{}, TID{}, err
		}
		for {
			if page.MaxAlignUp(len(newtup)) > pagefree {
				newbuf, err = e.getBufferForTuple(rel, len(newtup), buf, &vmbufNew, &vmbuf)
				if err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, TID{}, err
				}
				break
			}
			if !vmbuf.Valid() && p.IsAllVisible() {
				if err := VisibilityMapPin(e, rel, otid.Block, &vmbuf); err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, TID{}, err
				}
			}
			e.Pool.LockBuffer(buf, buffer.Exclusive)
			pagefree = p.HeapFreeSpace()
			if page.MaxAlignUp(len(newtup)) <= pagefree && (vmbuf.Valid() || !p.IsAllVisible()) {
				newbuf = buf
				break
			}
			// It does not fit any more, or the page just became
			// all-visible and its map page must be pinned first: unlock
			// and go round.
			e.Pool.LockBuffer(buf, buffer.Unlock)
		}
	} else {
		newtup = formed
	}

	nh := tuple.Header(newtup)
	nh.SetInfomask(nh.Infomask()&^heapXactMask | tuple.Updated | infomaskNew)
	nh.SetInfomask2(nh.Infomask2()&^heap2XactMask | infomask2New)
	nh.SetXmin(uint32(xid))
	nh.SetCid(uint32(cid))
	nh.SetXmax(uint32(xmaxNew))
	np := page.Page(e.Pool.Page(newbuf))
	hot := false
	if newbuf != buf {
		// A hint that the old page could use pruning (PageSetFull).
		p.SetFull(true)
	} else {
		// HeapDetermineColumnsInfo: heap-only if no indexed column's
		// stored bytes changed.
		hot = rel.HotAttrs != nil && tuple.SameStored(rel.Desc, h, newtup, rel.HotAttrs)
	}
	if hot {
		nh.SetInfomask2(nh.Infomask2() | tuple.OnlyTuple)
	}

	e.Owner.EnterCritical()
	setPrunable(p, xid)
	newtid, err := e.putHeapTuple(newbuf, newtup)
	if err != nil {
		return 0, FailureData{}, TID{}, err
	}
	h.SetInfomask(h.Infomask()&^(heapXmaxBits|heapMoved) | nx.mask)
	h.SetInfomask2(h.Infomask2()&^(tuple.KeysUpdated|tuple.HotUpdated) | nx.mask2)
	if hot {
		h.SetInfomask2(h.Infomask2() | tuple.HotUpdated)
	}
	h.SetXmax(nx.xmax)
	setCmax(h, cmaxOld, combo)
	setCtid(h, newtid)
	var flags uint8
	if cleared, err := e.clearAllVisible(p, otid.Block, vmbuf); err != nil {
		return 0, FailureData{}, TID{}, err
	} else if cleared {
		flags |= xlhUpdateOldAllVisibleCleared
	}
	if newbuf != buf {
		if cleared, err := e.clearAllVisible(np, newtid.Block, vmbufNew); err != nil {
			return 0, FailureData{}, TID{}, err
		} else if cleared {
			flags |= xlhUpdateNewAllVisibleCleared
		}
		e.Pool.MarkDirty(newbuf)
	}
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		info := uint8(XLogHeapUpdate)
		if hot {
			info = XLogHeapHotUpdate
		}
		regFlags := uint8(xlog.RegBufStandard)
		if newbuf != buf && newtid.Offset == page.FirstOffset && np.MaxOffset() == page.FirstOffset {
			info |= XLogHeapInitPage
			regFlags |= xlog.RegBufWillInit
		}
		var main [sizeOfHeapUpdate]byte
		var hdr [sizeOfHeapHeader]byte
		rb := e.record(info)
		rb.SetXID(uint32(xid))
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, newtid.Block, np, regFlags)
		if newbuf != buf {
			rb.RegisterBuffer(1, rel.Locator, storage.MainFork, otid.Block, p, xlog.RegBufStandard)
		}
		rb.SetMainData(xlHeapUpdate{
			oldXmax: h.Xmax(), oldOffnum: otid.Offset, oldInfobits: computeInfobits(h.Infomask(), h.Infomask2()), flags: flags,
			newXmax: nh.Xmax(), newOffnum: newtid.Offset,
		}.encode(main[:0]))
		rb.RegisterBufData(0, xlHeapHeader{infomask2: nh.Infomask2(), infomask: nh.Infomask(), hoff: uint8(nh.Hoff())}.encode(hdr[:0]))
		rb.RegisterBufData(0, newtup[tuple.HeaderSize:])
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return 0, FailureData{}, TID{}, walPanic(err)
		}
		if newbuf != buf {
			np.SetLSN(lsn)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	if newbuf != buf {
		e.Pool.UnlockRelease(newbuf)
	}
	e.Pool.UnlockRelease(buf)
	e.lastUpdateHOT = hot
	return TMOk, FailureData{}, newtid, nil
}

// logLock writes XLOG_HEAP_LOCK for the tuple at tid whose xmax was just
// set to a lock by xid (inside the caller's critical section).
func (e *Env) logLock(rel *Relation, buf buffer.Buffer, p page.Page, tid TID, h tuple.Header, xid transam.TransactionId, flags uint8) error {
	if !e.needsWAL(rel) {
		return nil
	}
	var main [sizeOfHeapLock]byte
	rb := e.record(XLogHeapLock)
	rb.SetXID(uint32(xid))
	rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, xlog.RegBufStandard)
	rb.SetMainData(xlHeapLock{lockingXid: h.Xmax(), offnum: tid.Offset, infobits: computeInfobits(h.Infomask(), h.Infomask2()), flags: flags}.encode(main[:0]))
	lsn, err := e.WAL.Insert(rb)
	if err != nil {
		return walPanic(err)
	}
	p.SetLSN(lsn)
	return nil
}

// ----- catalog-style wrappers -----

// SimpleDelete deletes a tuple that must not be changed concurrently
// (simple_heap_delete, for catalog code): anything but success is an
// error.
func SimpleDelete(env *Env, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId) error {
	res, _, err := env.delete(context.Background(), rel, tid, cur, xid, cid, nil, true)
	if err != nil {
		return err
	}
	return simpleResult(res, "heap_delete")
}

// SimpleUpdate is simple_heap_update: Update where anything but success
// is an error.
func SimpleUpdate(env *Env, rel *Relation, otid TID, values []types.Datum, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId) (TID, error) {
	res, _, tid, err := env.update(context.Background(), rel, otid, values, cur, xid, cid, nil, true)
	if err != nil {
		return TID{}, err
	}
	return tid, simpleResult(res, "heap_update")
}

func simpleResult(res TMResult, op string) error {
	switch res {
	case TMOk:
		return nil
	case TMSelfModified:
		return pgerr.New(pgerr.InternalError, "tuple already updated by self")
	case TMUpdated:
		return pgerr.New(pgerr.InternalError, "tuple concurrently updated")
	case TMDeleted:
		return pgerr.New(pgerr.InternalError, "tuple concurrently deleted")
	}
	return pgerr.Newf(pgerr.InternalError, "unrecognized %s status: %d", op, int(res))
}

// ----- fetch -----

// Fetch returns the columns of the tuple at tid if snap can see it
// (heap_fetch). A TID whose line pointer is unused, dead or beyond the
// page reads as not visible. The Datums are private to the caller.
func Fetch(env *Env, rel *Relation, tid TID, snap *Snapshot) ([]types.Datum, bool, error) {
	tup, visible, err := env.fetchCopy(rel, tid, snap)
	if err != nil || !visible {
		return nil, false, err
	}
	values, err := env.deform(rel, tup, snap.Cur)
	if err != nil {
		return nil, false, err
	}
	return values, true, nil
}

// InsertingXid returns the xid that inserted the tuple at tid (its raw
// xmin), or InvalidTransactionId when no normal tuple is there. ON
// CONFLICT under REPEATABLE READ asks it of a conflicting row its
// snapshot does not see: a row the transaction inserted itself is no
// serialization failure.
func InsertingXid(env *Env, rel *Relation, tid TID) (transam.TransactionId, error) {
	buf, err := env.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return transam.InvalidTransactionId, err
	}
	env.Pool.LockBuffer(buf, buffer.Share)
	defer env.Pool.UnlockRelease(buf)
	p := page.Page(env.Pool.Page(buf))
	if p.IsNew() || tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return transam.InvalidTransactionId, nil
	}
	return rawXmin(tuple.Header(p.Item(tid.Offset))), nil
}

// IndexedTuple is one row FetchIndexedRun read: a private copy of the
// tuple if the snapshot sees it, else whether it is dead to every
// transaction (heap_hot_search_buffer's all_dead): no normal tuple
// there, or HeapTupleIsSurelyDead by its hint bits with horizon, a
// GetOldestXmin the caller took, as the vacuum horizon, so that the
// index entry pointing to it can be marked LP_DEAD. horizon is called
// only for rows the snapshot does not see.
type IndexedTuple struct {
	tup              []byte
	Visible, AllDead bool
	// TID is where the visible version is: the entry's own TID, or a
	// later member of the HOT chain the entry's line pointer starts.
	TID TID
}

// FetchIndexedRun is FetchTuple for an index scan's entries whose rows
// are on one heap page, tids[0].Block: their tuples are checked and
// copied under one pin and share lock of the page, as an index scan
// keeps the buffer of the previous row when the next is on the same
// page (heapam_index_fetch_tuple's ReleaseAndReadBuffer), then deformed
// one by one by Values. The results are appended to out, tids[i]'s at
// len(out)+i.
func FetchIndexedRun(env *Env, rel *Relation, tids []TID, snap *Snapshot, horizon func() transam.TransactionId, out []IndexedTuple) ([]IndexedTuple, error) {
	e := env
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tids[0].Block)
	if err != nil {
		return out, err
	}
	// Prune the page first if it is due (heapam_index_fetch_tuple).
	if err := PruneOpt(e, rel, buf, horizon); err != nil {
		e.Pool.Release(buf)
		return out, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	for _, tid := range tids {
		if tid.Block != tids[0].Block {
			return out, pgerr.Newf(pgerr.InternalError, "index entries of blocks %d and %d fetched as one page", tids[0].Block, tid.Block)
		}
		found, tup, visible, allDead, err := e.hotSearch(buf, tid, snap, horizon)
		if err != nil {
			return out, err
		}
		out = append(out, IndexedTuple{tup: tup, Visible: visible, AllDead: allDead, TID: found})
	}
	return out, nil
}

// Values deforms a visible row FetchIndexedRun read: its values,
// private to the caller, and its header.
func (t IndexedTuple) Values(env *Env, rel *Relation, snap *Snapshot) ([]types.Datum, tuple.Header, error) {
	values, err := env.deform(rel, t.tup, snap.Cur)
	if err != nil {
		return nil, nil, err
	}
	return values, tuple.Header(t.tup), nil
}

// ConflictHorizon is what heap_index_delete_tuples computes for the
// index entries a simple deletion removes (entries marked LP_DEAD, whose
// rows are dead to every transaction): the latest xid among the rows'
// deleters (HeapTupleHeaderAdvanceConflictHorizon), the snapshot conflict
// horizon of the deletion's WAL record. Rows whose inserter aborted, or
// that their inserter deleted, add nothing.
func ConflictHorizon(env *Env, rel *Relation, tids []TID) (transam.TransactionId, error) {
	e := env
	var latest transam.TransactionId
	for _, tid := range tids {
		buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
		if err != nil {
			return 0, err
		}
		e.Pool.LockBuffer(buf, buffer.Share)
		p := page.Page(e.Pool.Page(buf))
		if !p.IsNew() && tid.Offset >= page.FirstOffset && tid.Offset <= p.MaxOffset() && p.ItemId(tid.Offset).IsNormal() {
			h := tuple.Header(p.Item(tid.Offset))
			xmin, xmax := rawXmin(h), e.updateXid(h)
			committed := xminCommitted(h)
			if !committed && !xminInvalid(h) {
				if committed, err = e.didCommit(xmin); err != nil {
					e.Pool.UnlockRelease(buf)
					return 0, err
				}
			}
			if committed && xmax != xmin && xmax.IsNormal() && (!latest.IsValid() || transam.TransactionIdFollows(xmax, latest)) {
				latest = xmax
			}
		}
		e.Pool.UnlockRelease(buf)
	}
	return latest, nil
}

// surelyDead is HeapTupleIsSurelyDead: by its hint bits alone (set
// moments ago by the visibility test), the tuple's inserter aborted, or
// its deleter committed before horizon.
func surelyDead(h tuple.Header, horizon func() transam.TransactionId) bool {
	if !xminCommitted(h) {
		return xminInvalid(h)
	}
	m := h.Infomask()
	if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) || m&tuple.XmaxIsMulti != 0 || m&tuple.XmaxCommitted == 0 {
		return false
	}
	return transam.TransactionIdPrecedes(rawXmax(h), horizon())
}

// fetchCopy checks tid against snap under a share lock and returns a
// private copy of a visible tuple.
func (e *Env) fetchCopy(rel *Relation, tid TID, snap *Snapshot) ([]byte, bool, error) {
	tup, visible, _, err := e.fetch(rel, tid, snap, nil)
	return tup, visible, err
}

// fetch is fetchCopy that, given a horizon, also says of a tuple snap
// does not see whether it is dead to everyone (FetchIndexedRun): no normal
// tuple there, or surelyDead.
func (e *Env) fetch(rel *Relation, tid TID, snap *Snapshot, horizon func() transam.TransactionId) (tup []byte, visible, allDead bool, err error) {
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return nil, false, false, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	return e.fetchLocked(buf, tid, snap, horizon)
}

// fetchLocked is fetch on buf, tid's page, which the caller pins and
// share-locks.
func (e *Env) fetchLocked(buf buffer.Buffer, tid TID, snap *Snapshot, horizon func() transam.TransactionId) (tup []byte, visible, allDead bool, err error) {
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() || tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return nil, false, horizon != nil, nil
	}
	h := tuple.Header(p.Item(tid.Offset))
	visible, err = e.satisfiesMVCC(h, buf, snap)
	if err != nil || !visible {
		return nil, false, err == nil && horizon != nil && surelyDead(h, horizon), err
	}
	return append([]byte(nil), h...), true, false, nil
}

// hotSearch is heap_hot_search_buffer: the version snap sees of the row
// whose index entry holds tid, following the HOT chain that starts at
// tid's line pointer (a redirect left by pruning, or the root tuple) on
// buf's page, which the caller pins and share-locks. It returns where the
// visible version is and a private copy of it; with a horizon, allDead
// reports that no member of the chain is visible to anyone (the entry
// may be marked LP_DEAD).
func (e *Env) hotSearch(buf buffer.Buffer, tid TID, snap *Snapshot, horizon func() transam.TransactionId) (found TID, tup []byte, visible, allDead bool, err error) {
	p := page.Page(e.Pool.Page(buf))
	allDead = horizon != nil
	if p.IsNew() {
		return tid, nil, false, allDead, nil
	}
	off := tid.Offset
	atStart := true
	var priorXmax transam.TransactionId
	for {
		if off < page.FirstOffset || off > p.MaxOffset() {
			break
		}
		id := p.ItemId(off)
		if !id.IsNormal() {
			if id.IsRedirect() && atStart {
				off, atStart = id.RedirectTarget(), false
				continue
			}
			break // the end of the chain
		}
		h := tuple.Header(p.Item(off))
		if atStart && h.Infomask2()&tuple.OnlyTuple != 0 {
			break // the slot was reused by another chain's member
		}
		if priorXmax.IsValid() && rawXmin(h) != priorXmax {
			break // a broken chain
		}
		ok, err := e.satisfiesMVCC(h, buf, snap)
		if err != nil {
			return tid, nil, false, false, err
		}
		if ok {
			return TID{Block: tid.Block, Offset: off}, append([]byte(nil), h...), true, false, nil
		}
		if allDead && !surelyDead(h, horizon) {
			allDead = false
		}
		if h.Infomask2()&tuple.HotUpdated == 0 {
			break
		}
		next := ctid(h)
		if next.Block != tid.Block {
			break
		}
		off, atStart, priorXmax = next.Offset, false, e.updateXid(h)
	}
	return tid, nil, false, allDead, nil
}

// FetchHot reads the version snap sees of the row an index entry at tid
// names, following its HOT chain (heap_hot_search): the version's TID
// and values.
func FetchHot(env *Env, rel *Relation, tid TID, snap *Snapshot) (TID, []types.Datum, bool, error) {
	e := env
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return tid, nil, false, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	found, tup, visible, _, err := e.hotSearch(buf, tid, snap, nil)
	e.Pool.UnlockRelease(buf)
	if err != nil || !visible {
		return found, nil, false, err
	}
	values, err := e.deform(rel, tup, snap.Cur)
	return found, values, err == nil, err
}

// fetchDirty reads the tuple at tid with SnapshotDirty (heap_fetch with
// keep_buf): exists reports a normal line pointer there; tup is a copy.
func (e *Env) fetchDirty(rel *Relation, tid TID, cur transam.CurrentXids) (tup []byte, exists, visible bool, d dirtyResult, err error) {
	nblocks, err := e.Files.NBlocks(rel.Locator, storage.MainFork)
	if err != nil || tid.Block >= nblocks {
		return nil, false, false, d, err
	}
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return nil, false, false, d, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() || tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return nil, false, false, d, nil
	}
	h := tuple.Header(p.Item(tid.Offset))
	visible, d, err = e.satisfiesDirty(h, buf, cur)
	if err != nil {
		return nil, false, false, d, err
	}
	return append([]byte(nil), h...), true, visible, d, nil
}

// ----- row locks -----

// LockResult is what LockTuple did.
type LockResult struct {
	Result  TMResult
	Failure FailureData
	// TID is the version that was locked: the one asked for, or a newer
	// one when LockFlagFindLastVersion followed the update chain.
	TID TID
	// Values are the locked version's columns (Result TMOk).
	Values []types.Datum
}

// LockTuple locks the row at tid for transaction xid (SELECT ... FOR
// UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE, and
// EvalPlanQual's re-fetch), heapam_tuple_lock over heap_lock_tuple. The
// lock is xmax = xid with HEAP_XMAX_LOCK_ONLY and the mode's bits; it ends
// with the transaction. With LockFlagFindLastVersion, a row updated by a
// committed transaction is followed to its newest version, which is
// locked and returned (Failure.Traversed set); otherwise that is
// TMUpdated.
//
// Locks that do not conflict are shared through a multixact in xmax
// (see lockTuple and README.md).
func LockTuple(ctx context.Context, env *Env, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, mode LockTupleMode, policy WaitPolicy, flags int) (LockResult, error) {
	e := env
	var traversed bool
	for {
		res, fd, tup, err := e.lockTuple(ctx, rel, tid, cur, xid, cid, mode, policy, flags&LockFlagLockUpdateInProgress != 0)
		if err != nil {
			return LockResult{}, err
		}
		fd.Traversed = traversed
		if res == TMOk {
			values, err := e.deform(rel, tup, cur)
			if err != nil {
				return LockResult{}, err
			}
			return LockResult{Result: TMOk, TID: tid, Values: values, Failure: FailureData{Traversed: traversed}}, nil
		}
		if res != TMUpdated || flags&LockFlagFindLastVersion == 0 {
			return LockResult{Result: res, Failure: fd, TID: tid}, nil
		}
		if fd.Ctid == tid {
			return LockResult{Result: TMDeleted, Failure: fd, TID: tid}, nil
		}
		// It was updated: find the newest version and try to lock that.
		tid, traversed = fd.Ctid, true
		priorXmax := fd.Xmax
		next, r, err := e.chaseUpdate(ctx, rel, tid, priorXmax, cur, cid, policy)
		if err != nil {
			return LockResult{}, err
		}
		if r.Result != TMOk {
			r.Failure.Traversed = true
			return r, nil
		}
		tid = next
	}
}

// chaseUpdate follows an update chain from tid (whose xmin must be
// priorXmax) to a live version, waiting for running updaters on the way
// (the loop of heapam_tuple_lock). Result TMOk returns that version's TID.
func (e *Env) chaseUpdate(ctx context.Context, rel *Relation, tid TID, priorXmax transam.TransactionId, cur transam.CurrentXids, cid CommandId, policy WaitPolicy) (TID, LockResult, error) {
	for {
		tup, exists, visible, d, err := e.fetchDirty(rel, tid, cur)
		if err != nil {
			return TID{}, LockResult{}, err
		}
		if !exists {
			return TID{}, LockResult{Result: TMDeleted, TID: tid}, nil
		}
		h := tuple.Header(tup)
		if rawXmin(h) != priorXmax {
			// The line pointer was reused: the row we followed is gone.
			return TID{}, LockResult{Result: TMDeleted, TID: tid}, nil
		}
		if visible {
			if d.xmin.IsValid() {
				return TID{}, LockResult{}, pgerr.Newf(pgerr.DataCorrupted, "t_xmin %d is uncommitted in tuple (%d,%d) to be updated in table \"%s\"",
					uint32(d.xmin), tid.Block, tid.Offset, rel.Name)
			}
			if d.xmax.IsValid() {
				// Being updated by another transaction: wait for it.
				switch policy {
				case LockWaitBlock:
					if err := e.xactWait(ctx, d.xmax); err != nil {
						return TID{}, LockResult{}, err
					}
				default:
					done, err := e.Locks.ConditionalXactLockTableWait(uint32(d.xmax))
					if err != nil {
						return TID{}, LockResult{}, err
					}
					if !done {
						if policy == LockWaitSkip {
							return TID{}, LockResult{Result: TMWouldBlock, TID: tid}, nil
						}
						return TID{}, LockResult{}, errRowLockNotAvailable(rel)
					}
				}
				continue
			}
			if cur.Contains(priorXmax) && e.cmin(h) >= cid {
				return TID{}, LockResult{Result: TMSelfModified, TID: tid, Failure: FailureData{Xmax: priorXmax, Cmax: e.cmin(h)}}, nil
			}
			return tid, LockResult{Result: TMOk}, nil
		}
		// Not visible: deleted or updated by a committed transaction or
		// by us. A delete ends the chain; an update continues it.
		next := ctid(h)
		if next == tid {
			return TID{}, LockResult{Result: TMDeleted, TID: tid}, nil
		}
		if priorXmax, err = e.updateXidErr(h); err != nil {
			return TID{}, LockResult{}, err
		}
		tid = next
	}
}

// lockTuple is heap_lock_tuple without following updates: it locks the
// tuple at tid or says why not, and returns a copy of the tuple when it
// succeeded. A lock that does not conflict with those already held
// (FOR SHARE with FOR SHARE, FOR KEY SHARE with anything but FOR UPDATE,
// FOR NO KEY UPDATE with FOR KEY SHARE) joins them in a multixact
// without waiting; otherwise it queues on the heavyweight tuple lock and
// waits for the conflicting transactions (every conflicting member of a
// multixact), or, per policy, skips the row or fails with 55P03.
func (e *Env) lockTuple(ctx context.Context, rel *Relation, tid TID, cur transam.CurrentXids, xid transam.TransactionId, cid CommandId, mode LockTupleMode, policy WaitPolicy, followUpdates bool) (TMResult, FailureData, []byte, error) {
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return 0, FailureData{}, nil, err
	}
	tl := e.newTupleLock(rel, tid, mode)
	defer tl.release()
	var vmbuf buffer.Buffer
	defer func() { e.releaseVM(vmbuf) }()
	if err := e.lockPinningVM(rel, buf, tid.Block, &vmbuf); err != nil {
		e.Pool.Release(buf)
		return 0, FailureData{}, nil, err
	}
	p := page.Page(e.Pool.Page(buf))
	h, err := tupleAt(p, tid, rel)
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, nil, err
	}
	fail := func(res TMResult) (TMResult, FailureData, []byte, error) {
		fd := e.failure(h, res)
		e.Pool.UnlockRelease(buf)
		return res, fd, nil, nil
	}
	failErr := func(err error) (TMResult, FailureData, []byte, error) {
		e.Pool.UnlockRelease(buf)
		return 0, FailureData{}, nil, err
	}
	held := func() (TMResult, FailureData, []byte, error) {
		tup := append([]byte(nil), h...)
		e.Pool.UnlockRelease(buf)
		return TMOk, FailureData{}, tup, nil
	}

	var result TMResult
	firstTime, skipTupleLock := true, false
recheck:
	for {
		result, err = e.satisfiesUpdate(h, tid, buf, cur, cid)
		if err != nil {
			return failErr(err)
		}
		if result == TMInvisible {
			xmin := transam.TransactionId(h.Xmin())
			e.Pool.UnlockRelease(buf)
			return TMInvisible, FailureData{Xmin: xmin}, nil, nil
		}
		if result != TMBeingModified && result != TMUpdated && result != TMDeleted {
			break
		}
		xwait, infomask, infomask2 := rawXmax(h), h.Infomask(), h.Infomask2()
		next := ctid(h)
		multi := transam.MultiXactId(xwait)
		isMulti := xmaxIsMulti(infomask)

		// A lock of our own transaction (any level) at least as strong
		// is the lock asked for: taking the tuple lock now could deadlock
		// with someone queued behind us for a stronger one.
		if firstTime {
			firstTime = false
			if isMulti {
				members, err := e.members(multi)
				if err != nil {
					return failErr(err)
				}
				for _, mb := range members {
					if !cur.Contains(mb.Xid) {
						continue
					}
					if lockModeOfStatus(mb.Status) >= mode {
						return held()
					}
					skipTupleLock = true
				}
			} else if cur.Contains(xwait) && heldLockMode(infomask, infomask2) >= mode {
				return held()
			}
		}

		// Whether the lock must wait for the current holders at all.
		requireSleep := true
		switch mode {
		case LockTupleKeyShare:
			// Anything but FOR UPDATE and a key update leaves room for a
			// key-share lock, even an update of other columns, running or
			// committed: its newer versions are then locked too, so that
			// the key cannot go away through them.
			if infomask2&tuple.KeysUpdated == 0 {
				updated := !xmaxIsLockedOnly(infomask)
				if followUpdates && updated {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					res, err := e.lockUpdatedChain(ctx, rel, tid, next, cur, xid, mode)
					e.Pool.LockBuffer(buf, buffer.Exclusive)
					if err != nil {
						return failErr(err)
					}
					if res != TMOk {
						return fail(res)
					}
					// Start over if it was key-updated meanwhile, or updated
					// when it was not (its new versions need locking).
					onlyLocked, err := e.isOnlyLocked(h, cur)
					if err != nil {
						return failErr(err)
					}
					if !onlyLocked && (h.Infomask2()&tuple.KeysUpdated != 0 || !updated) {
						continue
					}
				}
				requireSleep = false
			}
		case LockTupleShare:
			if xmaxIsLockedOnly(infomask) && infomask&heapLockMask != tuple.XmaxExclLock {
				requireSleep = false
			}
		case LockTupleNoKeyExclusive:
			if isMulti {
				conflict, _, err := e.multiConflicts(multi, mode, cur)
				if err != nil {
					return failErr(err)
				}
				requireSleep = conflict
			} else if xmaxIsKeyShrLocked(infomask) {
				requireSleep = false
			}
		}
		// Our own transaction as the only locker: whatever its strength,
		// nothing to wait for (the lock is recorded below).
		if requireSleep && !isMulti && cur.Contains(xwait) {
			requireSleep = false
		}
		if requireSleep && (result == TMUpdated || result == TMDeleted) {
			// Changed by a committed transaction: waiting cannot help.
			return fail(result)
		}
		if requireSleep {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			if !skipTupleLock {
				ok, err := tl.acquire(ctx, policy, rel)
				if err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, nil, err
				}
				if !ok {
					e.Pool.LockBuffer(buf, buffer.Exclusive)
					return fail(TMWouldBlock)
				}
			}
			if isMulti {
				ok, _, err := e.multiWait(ctx, multi, statusForLock(mode, false), cur, policy != LockWaitBlock)
				if err == nil && !ok {
					if policy == LockWaitSkip {
						e.Pool.LockBuffer(buf, buffer.Exclusive)
						return fail(TMWouldBlock)
					}
					err = errRowLockNotAvailable(rel)
				}
				if err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, nil, err
				}
			} else {
				switch policy {
				case LockWaitBlock:
					err = e.xactWait(ctx, xwait)
				default:
					var done bool
					done, err = e.Locks.ConditionalXactLockTableWait(uint32(xwait))
					if err == nil && !done {
						if policy == LockWaitError {
							err = errRowLockNotAvailable(rel)
						} else {
							e.Pool.LockBuffer(buf, buffer.Exclusive)
							return fail(TMWouldBlock)
						}
					}
				}
				if err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, nil, err
				}
			}
			// An update among them: lock the newer versions too.
			if followUpdates && !xmaxIsLockedOnly(infomask) {
				res, err := e.lockUpdatedChain(ctx, rel, tid, next, cur, xid, mode)
				if err != nil {
					e.Pool.Release(buf)
					return 0, FailureData{}, nil, err
				}
				if res != TMOk {
					e.Pool.LockBuffer(buf, buffer.Exclusive)
					return fail(res)
				}
			}
			e.Pool.LockBuffer(buf, buffer.Exclusive)
			// xwait is done, but if it only locked the row, another
			// transaction may have changed it since: look again.
			if xmaxInfomaskChanged(h.Infomask(), infomask) || rawXmax(h) != xwait {
				continue
			}
			if !isMulti {
				if err := e.updateXmaxHintBits(h, buf, xwait); err != nil {
					return failErr(err)
				}
			}
		}
		// We may lock if the previous xmax aborted, or only locked the
		// row, or we did not have to wait for it at all.
		onlyLocked, err := e.isOnlyLocked(h, cur)
		switch {
		case err != nil:
			return failErr(err)
		case !requireSleep || h.Infomask()&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(h.Infomask()) || onlyLocked:
			result = TMOk
		default:
			result = updatedOrDeleted(h, tid)
		}
		break
	}
	if result != TMOk {
		return fail(result)
	}
	// The page became all-visible while unlocked (waiting): pin its map
	// page, then check the row again.
	if again, err := e.repinVM(rel, buf, tid.Block, &vmbuf); err != nil {
		e.Pool.Release(buf)
		return 0, FailureData{}, nil, err
	} else if again {
		goto recheck
	}

	// The new xmax: our xid, or a multixact with the other holders
	// (computed before the critical section: creating one can fail).
	nx, err := e.computeNewXmax(rawXmax(h), h.Infomask(), h.Infomask2(), xid, mode, false, cur)
	if err != nil {
		return failErr(err)
	}
	e.Owner.EnterCritical()
	h.SetInfomask(h.Infomask()&^heapXmaxBits | nx.mask)
	m2 := h.Infomask2()&^tuple.KeysUpdated | nx.mask2
	lockOnly := xmaxIsLockedOnly(nx.mask)
	if lockOnly {
		// No update in xmax: the tuple no longer heads a HOT chain link.
		m2 &^= tuple.HotUpdated
	}
	h.SetInfomask2(m2)
	h.SetXmax(nx.xmax)
	if lockOnly {
		setCtid(h, tid) // no forward chain link for a mere lock
	}
	// A locked row is still visible to all, but no longer frozen.
	lockFlags, err := e.clearAllFrozen(p, tid.Block, vmbuf)
	if err != nil {
		return 0, FailureData{}, nil, err
	}
	e.Pool.MarkDirty(buf)
	if err := e.logLock(rel, buf, p, tid, h, xid, lockFlags); err != nil {
		return 0, FailureData{}, nil, err
	}
	e.Owner.ExitCritical()
	return held()
}

// lockInfomask is compute_new_xmax_infomask for a fresh lock-only xmax.
func lockInfomask(mode LockTupleMode) (uint16, uint16) {
	switch mode {
	case LockTupleKeyShare:
		return tuple.XmaxLockOnly | tuple.XmaxKeyShrLock, 0
	case LockTupleShare:
		return tuple.XmaxLockOnly | heapXmaxShrLock, 0
	case LockTupleNoKeyExclusive:
		return tuple.XmaxLockOnly | tuple.XmaxExclLock, 0
	}
	return tuple.XmaxLockOnly | tuple.XmaxExclLock, tuple.KeysUpdated
}

// heldLockMode is the mode a lock-only xmax holds (get_mxact_status's
// single-xid counterpart in heap_lock_tuple).
func heldLockMode(infomask, infomask2 uint16) LockTupleMode {
	switch infomask & heapLockMask {
	case tuple.XmaxExclLock:
		if infomask2&tuple.KeysUpdated != 0 {
			return LockTupleExclusive
		}
		return LockTupleNoKeyExclusive
	case heapXmaxShrLock:
		return LockTupleShare
	case tuple.XmaxKeyShrLock:
		return LockTupleKeyShare
	}
	return -1
}

// ----- uniqueness checks -----

// UniqueState is what an index's uniqueness check learns of the heap
// tuple an equal index entry points to (_bt_check_unique with
// SnapshotDirty).
type UniqueState int

const (
	// UniqueDead: the tuple's inserter aborted, or there is no tuple:
	// no conflict, and no snapshot can see it.
	UniqueDead UniqueState = iota
	// UniqueNotLive: the tuple was deleted by a committed transaction (or
	// by the caller's): no conflict, though an older snapshot may still
	// see it.
	UniqueNotLive
	// UniqueLive: the tuple is live (committed, or the caller's own): a
	// conflict.
	UniqueLive
	// UniqueInProgress: a running transaction (Wait) inserted or is
	// deleting the tuple: the caller waits for it and checks again.
	UniqueInProgress
)

// CheckUnique looks at the tuple at tid with SnapshotDirty for an index's
// uniqueness check: live, dead, or in the hands of a running transaction
// (its xid returned). A tuple not live is dead to everyone when its
// inserter aborted or, with horizon (a GetOldestXmin, asked for only
// then), HeapTupleIsSurelyDead finds its deleter committed before it
// (heap_hot_search_buffer's all_dead), so that the index entry can be
// marked LP_DEAD. The caller may hold an index page lock: this only
// takes the heap page's share lock.
func CheckUnique(env *Env, rel *Relation, tid TID, cur transam.CurrentXids, horizon func() transam.TransactionId) (UniqueState, transam.TransactionId, error) {
	tup, exists, visible, d, err := env.fetchDirty(rel, tid, cur)
	if err != nil || !exists {
		return UniqueDead, transam.InvalidTransactionId, err
	}
	if !visible {
		h := tuple.Header(tup)
		if h.Infomask()&tuple.XminFrozen == tuple.XminInvalid || horizon != nil && surelyDead(h, horizon) {
			return UniqueDead, transam.InvalidTransactionId, nil
		}
		return UniqueNotLive, transam.InvalidTransactionId, nil
	}
	if d.xmin != transam.InvalidTransactionId {
		return UniqueInProgress, d.xmin, nil
	}
	if d.xmax != transam.InvalidTransactionId {
		return UniqueInProgress, d.xmax, nil
	}
	return UniqueLive, transam.InvalidTransactionId, nil
}

// CheckUniqueChain is CheckUnique for the TID an index entry holds: the
// HOT chain starting there is followed (heap_hot_search_buffer with
// SnapshotDirty), and the state is that of the first member
// SnapshotDirty sees, returned with its TID; with none, UniqueDead when
// every member is dead to everyone, else UniqueNotLive.
func CheckUniqueChain(env *Env, rel *Relation, tid TID, cur transam.CurrentXids, horizon func() transam.TransactionId) (UniqueState, transam.TransactionId, TID, error) {
	e := env
	nblocks, err := e.Files.NBlocks(rel.Locator, storage.MainFork)
	if err != nil || tid.Block >= nblocks {
		return UniqueDead, transam.InvalidTransactionId, tid, err
	}
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return UniqueDead, transam.InvalidTransactionId, tid, err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return UniqueDead, transam.InvalidTransactionId, tid, nil
	}
	state := UniqueDead
	off, atStart := tid.Offset, true
	var priorXmax transam.TransactionId
	for off >= page.FirstOffset && off <= p.MaxOffset() {
		id := p.ItemId(off)
		if !id.IsNormal() {
			if id.IsRedirect() && atStart {
				off, atStart = id.RedirectTarget(), false
				continue
			}
			break
		}
		h := tuple.Header(p.Item(off))
		if atStart && h.Infomask2()&tuple.OnlyTuple != 0 || priorXmax.IsValid() && rawXmin(h) != priorXmax {
			break
		}
		visible, d, err := e.satisfiesDirty(h, buf, cur)
		if err != nil {
			return UniqueDead, transam.InvalidTransactionId, tid, err
		}
		found := TID{Block: tid.Block, Offset: off}
		if visible {
			switch {
			case d.xmin != transam.InvalidTransactionId:
				return UniqueInProgress, d.xmin, found, nil
			case d.xmax != transam.InvalidTransactionId:
				return UniqueInProgress, d.xmax, found, nil
			}
			return UniqueLive, transam.InvalidTransactionId, found, nil
		}
		if !(h.Infomask()&tuple.XminFrozen == tuple.XminInvalid || horizon != nil && surelyDead(h, horizon)) {
			state = UniqueNotLive
		}
		if h.Infomask2()&tuple.HotUpdated == 0 {
			break
		}
		next := ctid(h)
		if next.Block != tid.Block {
			break
		}
		off, atStart, priorXmax = next.Offset, false, e.updateXid(h)
	}
	return state, transam.InvalidTransactionId, tid, nil
}
