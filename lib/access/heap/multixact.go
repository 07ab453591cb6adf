// Row locks shared by several transactions: the heap's side of
// multixacts (heapam.c's compute_new_xmax_infomask, MultiXactIdWait,
// DoesMultiXactIdConflict, GetMultiXactIdHintBits, HeapTupleGetUpdateXid,
// and multixact.c's MultiXactIdExpand and MultiXactIdIsRunning). A tuple
// whose t_infomask has HEAP_XMAX_IS_MULTI holds a MultiXactId in xmax;
// its members (lib/access/transam) are the lockers and at most one
// updater.

package heap

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// lockModeOfStatus is TUPLOCK_from_mxstatus: the row lock strength a
// member holds.
func lockModeOfStatus(s transam.MultiXactStatus) LockTupleMode {
	switch s {
	case transam.MultiXactStatusForKeyShare:
		return LockTupleKeyShare
	case transam.MultiXactStatusForShare:
		return LockTupleShare
	case transam.MultiXactStatusForNoKeyUpdate, transam.MultiXactStatusNoKeyUpdate:
		return LockTupleNoKeyExclusive
	}
	return LockTupleExclusive
}

// statusForLock is get_mxact_status_for_lock: the member status that
// records a lock of mode, or an update of that strength.
func statusForLock(mode LockTupleMode, isUpdate bool) transam.MultiXactStatus {
	if isUpdate {
		if mode == LockTupleExclusive {
			return transam.MultiXactStatusUpdate
		}
		return transam.MultiXactStatusNoKeyUpdate
	}
	switch mode {
	case LockTupleKeyShare:
		return transam.MultiXactStatusForKeyShare
	case LockTupleShare:
		return transam.MultiXactStatusForShare
	case LockTupleNoKeyExclusive:
		return transam.MultiXactStatusForNoKeyUpdate
	}
	return transam.MultiXactStatusForUpdate
}

// lockModesConflict is DoLockModesConflict over the heavyweight modes
// that stand for row lock strengths (tupleLockExtraInfo).
func lockModesConflict(a, b LockTupleMode) bool { return lmgr.Conflicts(a.hwLock(), b.hwLock()) }

func xmaxIsMulti(m uint16) bool { return m&tuple.XmaxIsMulti != 0 }

// createMulti is MultiXactIdCreateFromMembers behind GetNewMultiXactId's
// wraparound check (MultiXactLimit, when set): xid is the creating
// transaction's, for the WAL record.
func (e *Env) createMulti(xid transam.TransactionId, members []transam.MultiXactMember) (transam.MultiXactId, error) {
	if e.MultiXactLimit != nil {
		if err := e.MultiXactLimit(len(members)); err != nil {
			return transam.InvalidMultiXactId, err
		}
	}
	return e.Xact.MultiXactIdCreate(e.Owner, xid, members)
}

// members reads a multixact's members through the process's cache.
func (e *Env) members(multi transam.MultiXactId) ([]transam.MultiXactMember, error) {
	return e.Xact.GetMultiXactIdMembers(e.Owner, multi)
}

// multiUpdateXid is MultiXactIdGetUpdateXid: the member that updated or
// deleted the row, InvalidTransactionId when all only lock it.
func (e *Env) multiUpdateXid(multi transam.MultiXactId) (transam.TransactionId, error) {
	members, err := e.members(multi)
	if err != nil {
		return transam.InvalidTransactionId, err
	}
	for _, mb := range members {
		if mb.Status.IsUpdate() {
			return mb.Xid, nil
		}
	}
	return transam.InvalidTransactionId, nil
}

// updateXidErr is HeapTupleHeaderGetUpdateXid: the transaction that
// updated or deleted the tuple — its raw xmax, or the updating member of
// a multixact xmax. A multixact that only locks has none
// (InvalidTransactionId).
func (e *Env) updateXidErr(h tuple.Header) (transam.TransactionId, error) {
	m := h.Infomask()
	if xmaxIsMulti(m) && m&tuple.XmaxInvalid == 0 {
		if xmaxIsLockedOnly(m) {
			return transam.InvalidTransactionId, nil
		}
		return e.multiUpdateXid(transam.MultiXactId(rawXmax(h)))
	}
	return rawXmax(h), nil
}

// updateXid is updateXidErr for callers that cannot report an error
// (following HOT chains while pruning): a multixact that cannot be read
// gives InvalidTransactionId, which matches no xmin and so ends a chain.
func (e *Env) updateXid(h tuple.Header) transam.TransactionId {
	xid, err := e.updateXidErr(h)
	if err != nil {
		return transam.InvalidTransactionId
	}
	return xid
}

// multiIsRunning is MultiXactIdIsRunning: is any member still running?
// The looking transaction's own ids count as running.
func (e *Env) multiIsRunning(multi transam.MultiXactId, cur transam.CurrentXids) (bool, error) {
	members, err := e.members(multi)
	if err != nil {
		return false, err
	}
	for _, mb := range members {
		if cur.Contains(mb.Xid) {
			return true, nil
		}
	}
	for _, mb := range members {
		running, err := e.inProgress(mb.Xid)
		if err != nil || running {
			return running, err
		}
	}
	return false, nil
}

// multiConflicts is DoesMultiXactIdConflict: does a member other than
// the looking transaction hold or have made something that conflicts
// with a lock of mode? Lockers count while they run, updaters unless
// they aborted. currentIsMember reports one of the looking transaction's
// ids among the members.
func (e *Env) multiConflicts(multi transam.MultiXactId, mode LockTupleMode, cur transam.CurrentXids) (conflict, currentIsMember bool, err error) {
	members, err := e.members(multi)
	if err != nil {
		return false, false, err
	}
	for _, mb := range members {
		if cur.Contains(mb.Xid) {
			currentIsMember = true
			continue
		}
		if conflict || !lockModesConflict(lockModeOfStatus(mb.Status), mode) {
			continue
		}
		if mb.Status.IsUpdate() {
			aborted, err := e.Xact.TransactionIdDidAbort(e.Owner, mb.Xid)
			if err != nil {
				return false, false, err
			}
			if aborted {
				continue
			}
		} else {
			running, err := e.inProgress(mb.Xid)
			if err != nil {
				return false, false, err
			}
			if !running {
				continue
			}
		}
		conflict = true
	}
	return conflict, currentIsMember, nil
}

// multiWait is Do_MultiXactIdWait: wait for every member that conflicts
// with status, except the looking transaction's own. With nowait it
// waits for none and reports false if one still runs. remain counts
// the members still running afterwards that did not conflict (and the
// looking transaction's own), which must be kept as lockers.
func (e *Env) multiWait(ctx context.Context, multi transam.MultiXactId, status transam.MultiXactStatus, cur transam.CurrentXids, nowait bool) (ok bool, remain int, err error) {
	members, err := e.members(multi)
	if err != nil {
		return false, 0, err
	}
	want := lockModeOfStatus(status)
	for _, mb := range members {
		if cur.Contains(mb.Xid) {
			remain++
			continue
		}
		if !lockModesConflict(lockModeOfStatus(mb.Status), want) {
			running, err := e.inProgress(mb.Xid)
			if err != nil {
				return false, 0, err
			}
			if running {
				remain++
			}
			continue
		}
		if nowait {
			done, err := e.Locks.ConditionalXactLockTableWait(uint32(mb.Xid))
			if err != nil || !done {
				return false, remain, err
			}
			continue
		}
		if err := e.xactWait(ctx, mb.Xid); err != nil {
			return false, remain, err
		}
	}
	return true, remain, nil
}

// multiHintBits is GetMultiXactIdHintBits: the infomask bits describing
// a multixact xmax — the strongest member's lock bits, LOCK_ONLY unless
// a member updated, KEYS_UPDATED if a member holds FOR UPDATE or made a
// key update.
func (e *Env) multiHintBits(multi transam.MultiXactId) (uint16, uint16, error) {
	members, err := e.members(multi)
	if err != nil {
		return 0, 0, err
	}
	bits, bits2 := uint16(tuple.XmaxIsMulti), uint16(0)
	hasUpdate := false
	strongest := transam.MultiXactStatusForKeyShare
	for _, mb := range members {
		strongest = max(strongest, mb.Status)
		switch mb.Status {
		case transam.MultiXactStatusForUpdate:
			bits2 |= tuple.KeysUpdated
		case transam.MultiXactStatusNoKeyUpdate:
			hasUpdate = true
		case transam.MultiXactStatusUpdate:
			bits2 |= tuple.KeysUpdated
			hasUpdate = true
		}
	}
	switch lockModeOfStatus(strongest) {
	case LockTupleExclusive, LockTupleNoKeyExclusive:
		bits |= tuple.XmaxExclLock
	case LockTupleShare:
		bits |= heapXmaxShrLock
	case LockTupleKeyShare:
		bits |= tuple.XmaxKeyShrLock
	}
	if !hasUpdate {
		bits |= tuple.XmaxLockOnly
	}
	return bits, bits2, nil
}

// multiExpand is MultiXactIdExpand: a multixact with multi's members that
// still matter (running ones, and a committed updater) plus xid with
// status.
func (e *Env) multiExpand(multi transam.MultiXactId, xid transam.TransactionId, status transam.MultiXactStatus) (transam.MultiXactId, error) {
	members, err := e.members(multi)
	if err != nil {
		return 0, err
	}
	for _, mb := range members {
		if mb.Xid == xid && mb.Status == status {
			return multi, nil
		}
	}
	keep := make([]transam.MultiXactMember, 0, len(members)+1)
	for _, mb := range members {
		running, err := e.inProgress(mb.Xid)
		if err != nil {
			return 0, err
		}
		if !running && mb.Status.IsUpdate() {
			if running, err = e.didCommit(mb.Xid); err != nil {
				return 0, err
			}
		}
		if running {
			keep = append(keep, mb)
		}
	}
	if status.IsUpdate() {
		for _, mb := range keep {
			if mb.Status.IsUpdate() {
				return 0, errUpdaterAppeared
			}
		}
	}
	keep = append(keep, transam.MultiXactMember{Xid: xid, Status: status})
	return e.createMulti(xid, keep)
}

// errUpdaterAppeared is what computeNewXmax reports to an update or
// delete that finds an updater among the members it would keep: the
// updater's end was seen between the caller's checks of the row and
// this one (it committed after looking not running). The caller checks
// the row again, which now tells it the row was updated.
var errUpdaterAppeared = errors.New("an updater of the row ended meanwhile")

// xmaxStatusOf is the member status a plain-xid xmax stands for (the
// old_status of compute_new_xmax_infomask); ok is false for a lock-only
// xmax carrying no strength (only pg_upgrade'd pages have those).
func xmaxStatusOf(m, m2 uint16) (transam.MultiXactStatus, bool) {
	if !xmaxIsLockedOnly(m) {
		return updateStatusOf(m2), true
	}
	switch {
	case xmaxIsKeyShrLocked(m):
		return transam.MultiXactStatusForKeyShare, true
	case m&heapLockMask == heapXmaxShrLock:
		return transam.MultiXactStatusForShare, true
	case m&heapLockMask == tuple.XmaxExclLock:
		if m2&tuple.KeysUpdated != 0 {
			return transam.MultiXactStatusForUpdate, true
		}
		return transam.MultiXactStatusForNoKeyUpdate, true
	}
	return 0, false
}

// updateStatusOf is the status of an updater: a key update when
// HEAP_KEYS_UPDATED is set.
func updateStatusOf(m2 uint16) transam.MultiXactStatus {
	if m2&tuple.KeysUpdated != 0 {
		return transam.MultiXactStatusUpdate
	}
	return transam.MultiXactStatusNoKeyUpdate
}

// isOnlyLocked is HeapTupleHeaderIsOnlyLocked: the xmax did not update
// the row, or its update aborted (a multixact's updater may have).
func (e *Env) isOnlyLocked(h tuple.Header, cur transam.CurrentXids) (bool, error) {
	m := h.Infomask()
	if m&(tuple.XmaxInvalid|tuple.XmaxLockOnly) != 0 || !rawXmax(h).IsValid() {
		return true, nil
	}
	if !xmaxIsMulti(m) {
		return false, nil
	}
	xmax, err := e.updateXidErr(h)
	if err != nil || !xmax.IsValid() {
		return err == nil, err
	}
	if cur.Contains(xmax) {
		return false, nil
	}
	running, committed, err := e.xidStatus(xmax)
	if err != nil {
		return false, err
	}
	return !running && !committed, nil
}

// newXmax is what compute_new_xmax_infomask decides to store.
type newXmax struct {
	xmax         uint32
	mask, mask2  uint16
	createdMulti bool
}

// computeNewXmax is compute_new_xmax_infomask: the xmax and infomask
// bits a tuple gets when transaction add (one of cur) locks it with mode
// or, with isUpdate, updates or deletes it, given its current xmax and
// infomask. Other running lockers, a committed updater, and the
// transaction's own other ids are kept by making a multixact. Must run
// outside a critical section: creating a multixact can fail.
func (e *Env) computeNewXmax(xmax transam.TransactionId, oldMask, oldMask2 uint16, add transam.TransactionId, mode LockTupleMode, isUpdate bool, cur transam.CurrentXids) (newXmax, error) {
	for {
		if oldMask&tuple.XmaxInvalid != 0 {
			r := newXmax{xmax: uint32(add)}
			if isUpdate {
				if mode == LockTupleExclusive {
					r.mask2 = tuple.KeysUpdated
				}
				return r, nil
			}
			r.mask, r.mask2 = lockInfomask(mode)
			return r, nil
		}
		if xmaxIsMulti(oldMask) {
			multi := transam.MultiXactId(xmax)
			running, err := e.multiIsRunning(multi, cur)
			if err != nil {
				return newXmax{}, err
			}
			if !running {
				// Gone: keep it only if it holds a committed update.
				gone := xmaxIsLockedOnly(oldMask)
				if !gone {
					upd, err := e.multiUpdateXid(multi)
					if err != nil {
						return newXmax{}, err
					}
					committed, err := e.didCommit(upd)
					if err != nil {
						return newXmax{}, err
					}
					gone = !committed
				}
				if gone {
					oldMask = oldMask&^tuple.XmaxIsMulti | tuple.XmaxInvalid
					continue
				}
			}
			nm, err := e.multiExpand(multi, add, statusForLock(mode, isUpdate))
			if err != nil {
				return newXmax{}, err
			}
			return e.multiXmax(nm)
		}
		if oldMask&tuple.XmaxCommitted != 0 {
			// A committed update stays recorded as the updater.
			return e.createMultiXmax(xmax, updateStatusOf(oldMask2), add, statusForLock(mode, isUpdate))
		}
		running, err := e.inProgress(xmax)
		if err != nil {
			return newXmax{}, err
		}
		if running {
			st, ok := xmaxStatusOf(oldMask, oldMask2)
			if !ok {
				oldMask |= tuple.XmaxInvalid
				continue
			}
			if xmax == add {
				// Our own lock, from this very (sub)transaction: keep the
				// stronger of the two as a plain xid.
				if old := lockModeOfStatus(st); mode < old {
					mode = old
				}
				oldMask |= tuple.XmaxInvalid
				continue
			}
			return e.createMultiXmax(xmax, st, add, statusForLock(mode, isUpdate))
		}
		if !xmaxIsLockedOnly(oldMask) {
			committed, err := e.didCommit(xmax)
			if err != nil {
				return newXmax{}, err
			}
			if committed {
				return e.createMultiXmax(xmax, updateStatusOf(oldMask2), add, statusForLock(mode, isUpdate))
			}
		}
		// The old xmax ended (or aborted) meanwhile: as if there were none.
		oldMask |= tuple.XmaxInvalid
	}
}

func (e *Env) createMultiXmax(old transam.TransactionId, oldStatus transam.MultiXactStatus, add transam.TransactionId, status transam.MultiXactStatus) (newXmax, error) {
	if oldStatus.IsUpdate() && status.IsUpdate() {
		return newXmax{}, errUpdaterAppeared
	}
	multi, err := e.createMulti(add, []transam.MultiXactMember{{Xid: old, Status: oldStatus}, {Xid: add, Status: status}})
	if err != nil {
		return newXmax{}, err
	}
	return e.multiXmax(multi)
}

func (e *Env) multiXmax(multi transam.MultiXactId) (newXmax, error) {
	mask, mask2, err := e.multiHintBits(multi)
	if err != nil {
		return newXmax{}, err
	}
	return newXmax{xmax: uint32(multi), mask: mask, mask2: mask2, createdMulti: true}, nil
}

// lockUpdatedChain is heap_lock_updated_tuple: having locked (or being
// about to lock) the version at self with mode, lock every newer version
// of the row from next on as well, so that a key-share lock also holds
// against whoever deletes or key-updates a later version. A version whose
// holders conflict with mode waits for them (whatever the wait policy, as
// in PostgreSQL); one a committed transaction changed in a conflicting
// way ends it with TMUpdated or TMDeleted. The caller holds no content
// lock.
func (e *Env) lockUpdatedChain(ctx context.Context, rel *Relation, self, next TID, cur transam.CurrentXids, xid transam.TransactionId, mode LockTupleMode) (TMResult, error) {
	if next == self {
		return TMOk, nil
	}
	tid := next
	var priorXmax transam.TransactionId
	for {
		nblocks, err := e.Files.NBlocks(rel.Locator, storage.MainFork)
		if err != nil {
			return 0, err
		}
		if tid.Block >= nblocks {
			return TMOk, nil // vacuumed away after its inserter aborted
		}
		buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
		if err != nil {
			return 0, err
		}
		var vmbuf buffer.Buffer
		res, done, err := e.lockChainMember(ctx, rel, buf, &vmbuf, &tid, &priorXmax, cur, xid, mode)
		e.releaseVM(vmbuf)
		e.Pool.Release(buf)
		if err != nil || done {
			return res, err
		}
	}
}

// lockChainMember locks the chain member at *tid on buf's page (pinned)
// and moves *tid and *priorXmax to the next member; done reports the end
// of the chain or a result other than TMOk.
func (e *Env) lockChainMember(ctx context.Context, rel *Relation, buf buffer.Buffer, vmbuf *buffer.Buffer, tid *TID, priorXmax *transam.TransactionId, cur transam.CurrentXids, xid transam.TransactionId, mode LockTupleMode) (TMResult, bool, error) {
	for {
		if err := ctx.Err(); err != nil {
			return 0, true, err
		}
		// A lock clears the page's all-frozen bit: pin the map page first.
		if err := e.lockPinningVM(rel, buf, tid.Block, vmbuf); err != nil {
			return 0, true, err
		}
		p := page.Page(e.Pool.Page(buf))
		if p.IsNew() || tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			return TMOk, true, nil // pruned away after its inserter aborted
		}
		h := tuple.Header(p.Item(tid.Offset))
		if priorXmax.IsValid() && rawXmin(h) != *priorXmax {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			return TMOk, true, nil // the end of the chain
		}
		// A frozen inserter committed, and its commit log page may be
		// gone (HeapTupleHeaderGetXmin reads FrozenTransactionId).
		aborted, err := false, error(nil)
		if !xminFrozen(h) {
			aborted, err = e.Xact.TransactionIdDidAbort(e.Owner, rawXmin(h))
		}
		if err != nil || aborted {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			return TMOk, true, err
		}
		oldMask, oldMask2, xmax := h.Infomask(), h.Infomask2(), rawXmax(h)
		skip := false
		if oldMask&tuple.XmaxInvalid == 0 {
			var holders []transam.MultiXactMember
			if xmaxIsMulti(oldMask) {
				if holders, err = e.members(transam.MultiXactId(xmax)); err != nil {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					return 0, true, err
				}
			} else {
				st, ok := xmaxStatusOf(oldMask, oldMask2)
				if !ok {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					return 0, true, pgerr.New(pgerr.InternalError, "invalid lock status in tuple")
				}
				holders = []transam.MultiXactMember{{Xid: xmax, Status: st}}
			}
			var waitFor transam.TransactionId
			for _, mb := range holders {
				res, wait, err := e.lockConflictOf(mb, mode, h, *tid, cur)
				if err != nil {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					return 0, true, err
				}
				if res == TMSelfModified {
					skip = true // locked by us already
					break
				}
				if wait {
					waitFor = mb.Xid
					break
				}
				if res != TMOk {
					e.Pool.LockBuffer(buf, buffer.Unlock)
					return res, true, nil
				}
			}
			if waitFor.IsValid() {
				e.Pool.LockBuffer(buf, buffer.Unlock)
				if err := e.xactWait(ctx, waitFor); err != nil {
					return 0, true, err
				}
				continue
			}
		}
		if !skip {
			nx, err := e.computeNewXmax(xmax, oldMask, oldMask2, xid, mode, false, cur)
			if err != nil {
				e.Pool.LockBuffer(buf, buffer.Unlock)
				return 0, true, err
			}
			e.Owner.EnterCritical()
			h.SetXmax(nx.xmax)
			h.SetInfomask(h.Infomask()&^heapXmaxBits | nx.mask)
			h.SetInfomask2(h.Infomask2()&^tuple.KeysUpdated | nx.mask2)
			lockFlags, err := e.clearAllFrozen(p, tid.Block, *vmbuf)
			if err != nil {
				return 0, true, err
			}
			e.Pool.MarkDirty(buf)
			if e.needsWAL(rel) {
				var main [sizeOfHeapLockUpdated]byte
				rb := e.recordOf(xlog.RmgrHeap2, XLogHeap2LockUpdated)
				rb.SetXID(uint32(xid))
				rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, xlog.RegBufStandard)
				rb.SetMainData(xlHeapLockUpdated{xmax: nx.xmax, offnum: tid.Offset, infobits: computeInfobits(nx.mask, nx.mask2), flags: lockFlags}.encode(main[:0]))
				lsn, err := e.WAL.Insert(rb)
				if err != nil {
					return 0, true, walPanic(err)
				}
				p.SetLSN(lsn)
			}
			e.Owner.ExitCritical()
		}
		// The end of the chain: not updated (any more), or deleted.
		onlyLocked, err := e.isOnlyLocked(h, cur)
		if err != nil || h.Infomask()&tuple.XmaxInvalid != 0 || ctid(h) == *tid || onlyLocked {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			return TMOk, true, err
		}
		upd, err := e.updateXidErr(h)
		*priorXmax, *tid = upd, ctid(h)
		e.Pool.LockBuffer(buf, buffer.Unlock)
		return TMOk, err != nil, err
	}
}

// lockConflictOf is test_lockmode_for_conflict: what a holder of a newer
// version means for a lock of mode on it. TMSelfModified: we hold it
// already; wait: a running holder whose mode conflicts; TMUpdated or
// TMDeleted: a committed conflicting update.
func (e *Env) lockConflictOf(mb transam.MultiXactMember, mode LockTupleMode, h tuple.Header, self TID, cur transam.CurrentXids) (TMResult, bool, error) {
	conflicts := lockModesConflict(lockModeOfStatus(mb.Status), mode)
	if cur.Contains(mb.Xid) {
		return TMSelfModified, false, nil
	}
	running, committed, err := e.xidStatus(mb.Xid)
	switch {
	case err != nil:
		return 0, false, err
	case running:
		return TMOk, conflicts, nil
	case committed && mb.Status.IsUpdate() && conflicts:
		return updatedOrDeleted(h, self), false, nil
	}
	return TMOk, false, nil
}

// xlHeapLockUpdated is xl_heap_lock_updated: xmax u32, offnum u16,
// infobits u8, flags u8 (XLOG_HEAP2_LOCK_UPDATED).
type xlHeapLockUpdated struct {
	xmax     uint32
	offnum   page.OffsetNumber
	infobits uint8
	flags    uint8
}

const sizeOfHeapLockUpdated = 8

func (x xlHeapLockUpdated) encode(b []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, x.xmax)
	b = binary.LittleEndian.AppendUint16(b, uint16(x.offnum))
	return append(b, x.infobits, x.flags)
}

func decodeLockUpdated(b []byte) (xlHeapLockUpdated, error) {
	if len(b) < sizeOfHeapLockUpdated {
		return xlHeapLockUpdated{}, errShortRecord("lock updated", len(b))
	}
	return xlHeapLockUpdated{xmax: binary.LittleEndian.Uint32(b), offnum: page.OffsetNumber(binary.LittleEndian.Uint16(b[4:])), infobits: b[6], flags: b[7]}, nil
}

// describeLockUpdated is heap2_desc's LOCK_UPDATED line.
func describeLockUpdated(data []byte) string {
	x, err := decodeLockUpdated(data)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("off %d: xmax %d: flags 0x%02X %s", x.offnum, x.xmax, x.flags, infobitsDesc(x.infobits))
}

// redoLockUpdated is heap_xlog_lock_updated: the new xmax of a newer
// version of a locked row.
func redoLockUpdated(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	x, err := decodeLockUpdated(rec.MainData)
	if err != nil {
		return err
	}
	if err := redoClearVMOf(rec, 0, src, x.flags&xlhLockAllFrozenCleared != 0, VMAllFrozen); err != nil {
		return err
	}
	return redoOneTuple(rec, src, "heap lock updated", x.offnum, func(_ page.Page, h tuple.Header, _ *xlog.BlockRef) error {
		h.SetInfomask(h.Infomask() &^ (heapXmaxBits | heapMoved))
		h.SetInfomask2(h.Infomask2() &^ tuple.KeysUpdated)
		fixInfomaskFromInfobits(x.infobits, h)
		h.SetXmax(x.xmax)
		return nil
	})
}
