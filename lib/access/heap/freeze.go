// Freezing (PostgreSQL 15's heapam.c: heap_prepare_freeze_tuple,
// heap_execute_freeze_tuple, heap_xlog_freeze_page): VACUUM replaces the
// transaction ids of old tuples, which would otherwise seem to come from
// the future once the 32-bit counter wraps around, by marks that need no
// commit log: an xmin older than the freeze limit gets HEAP_XMIN_FROZEN
// (both XMIN hint bits; the raw xmin stays for forensics, as PostgreSQL
// keeps it), and an xmax older than it (a lock, or an aborted updater)
// is cleared. A multixact xmax older than the multixact cutoff (or with
// a member older than the xid cutoff) is rewritten as FreezeMultiXactId
// does: replaced by its updater's xid, by a new multixact of the members
// still running, or cleared. A page's freezing is logged as
// XLOG_HEAP2_FREEZE_PAGE, whose plans carry the new xmax and infomask
// bits, so redo needs no multixact of its own.
//
// What is not frozen limits the table's new relfrozenxid and relminmxid:
// the oldest xid and multixact left in any tuple, which VACUUM records
// in pg_class.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// freezePlan is xl_heap_freeze_tuple: a tuple's header fields after
// freezing.
type freezePlan struct {
	xmax       uint32
	offset     page.OffsetNumber
	infomask2  uint16
	infomask   uint16
	freezeFlag uint8
}

// sizeOfFreezePlan is sizeof(xl_heap_freeze_tuple), padding included.
const sizeOfFreezePlan = 12

// sizeOfHeapFreezePage is SizeOfHeapFreezePage: cutoff_xid u32, ntuples
// u16.
const sizeOfHeapFreezePage = 6

// freezeTrack is what freezing leaves behind, lowering the table's new
// relfrozenxid and relminmxid (heap_prepare_freeze_tuple's
// relfrozenxid_out and relminmxid_out): the oldest xid and the oldest
// multixact any tuple still holds.
type freezeTrack struct {
	xid   transam.TransactionId
	multi transam.MultiXactId
}

func (t *freezeTrack) lowerXid(x transam.TransactionId) {
	if x.IsNormal() && transam.TransactionIdPrecedes(x, t.xid) {
		t.xid = x
	}
}

func (t *freezeTrack) lowerMulti(m transam.MultiXactId) {
	if m.IsValid() && t.multi.IsValid() && transam.MultiXactIdPrecedes(m, t.multi) {
		t.multi = m
	}
}

// prepareFreeze is heap_prepare_freeze_tuple: the plan, whether it
// changes anything, and whether the tuple is then totally frozen; what
// it keeps lowers track. An xmin older than cut.FreezeLimit is frozen;
// a plain xmax older than it is cleared; a multixact xmax goes through
// freezeMulti (cut.MultiCutoff invalid: multixacts are only looked at).
func (e *Env) prepareFreeze(h tuple.Header, off page.OffsetNumber, cut VacuumCutoffs, track *freezeTrack) (freezePlan, bool, bool, error) {
	cutoff := cut.FreezeLimit
	plan := freezePlan{xmax: h.Xmax(), offset: off, infomask2: h.Infomask2(), infomask: h.Infomask()}
	changed := false
	xminFrozenNow := xminFrozen(h)
	if xmin := rawXmin(h); xmin.IsNormal() && !xminFrozenNow {
		if transam.TransactionIdPrecedes(xmin, cutoff) {
			committed := xminCommitted(h)
			if !committed {
				var err error
				if committed, err = e.didCommit(xmin); err != nil {
					return plan, false, false, err
				}
			}
			if !committed {
				return plan, false, false, pgerr.Newf(pgerr.DataCorrupted, "uncommitted xmin %d from before xid cutoff %d needs to be frozen", xmin, cutoff)
			}
			plan.infomask |= tuple.XminFrozen
			changed, xminFrozenNow = true, true
		} else {
			track.lowerXid(xmin)
		}
	}
	invalidateXmax := func() {
		plan.xmax = 0
		plan.infomask = plan.infomask&^heapXmaxBits | tuple.XmaxInvalid
		plan.infomask2 &^= tuple.HotUpdated | tuple.KeysUpdated
	}
	xmaxDone := false
	m := h.Infomask()
	switch xmax := rawXmax(h); {
	case m&tuple.XmaxIsMulti != 0:
		// The XMAX_INVALID hint is not trusted here, as in PostgreSQL:
		// the multixact's members decide.
		res, err := e.freezeMulti(h, transam.MultiXactId(xmax), cut, track)
		if err != nil {
			return plan, false, false, err
		}
		switch res.action {
		case freezeMultiInvalidate:
			invalidateXmax()
			changed, xmaxDone = true, true
		case freezeMultiToXid:
			// The updater alone is left: a plain xid xmax, which is an
			// update (no lock bits). KEYS_UPDATED in infomask2 stays.
			plan.infomask &^= heapXmaxBits
			plan.xmax = uint32(res.xid)
			if res.committed {
				plan.infomask |= tuple.XmaxCommitted
			}
			track.lowerXid(res.xid)
			changed = true
		case freezeMultiToMulti:
			bits, bits2, err := e.multiHintBits(res.multi)
			if err != nil {
				return plan, false, false, err
			}
			plan.infomask = plan.infomask&^heapXmaxBits | bits
			plan.infomask2 = plan.infomask2&^tuple.KeysUpdated | bits2
			plan.xmax = uint32(res.multi)
			track.lowerMulti(res.multi)
			changed = true
		}
	case xmax.IsNormal():
		if transam.TransactionIdPrecedes(xmax, cutoff) {
			if !xmaxIsLockedOnly(m) {
				committed, err := e.didCommit(xmax)
				if err != nil {
					return plan, false, false, err
				}
				if committed {
					return plan, false, false, pgerr.Newf(pgerr.DataCorrupted, "cannot freeze committed xmax %d", xmax)
				}
			}
			invalidateXmax()
			changed, xmaxDone = true, true
		} else {
			track.lowerXid(xmax)
		}
	case m&tuple.XmaxInvalid != 0 || !xmax.IsValid():
		xmaxDone = true
	}
	return plan, changed, xminFrozenNow && xmaxDone, nil
}

// What freezeMulti decides for a multixact xmax (FreezeMultiXactId's
// FRM_* flags).
const (
	freezeMultiKeep       = iota // FRM_NOOP: the multixact stays
	freezeMultiInvalidate        // FRM_INVALIDATE_XMAX: nothing of it matters
	freezeMultiToXid             // FRM_RETURN_IS_XID: only its updater is left
	freezeMultiToMulti           // FRM_RETURN_IS_MULTI: a new, smaller one
)

type freezeMultiResult struct {
	action    int
	xid       transam.TransactionId // freezeMultiToXid: the updater
	committed bool                  // ... which committed
	multi     transam.MultiXactId   // freezeMultiToMulti: the new multixact
}

// freezeMulti is FreezeMultiXactId: what becomes of a tuple's multixact
// xmax when freezing with cut. A multixact older than cut.MultiCutoff,
// or holding a member older than cut.FreezeLimit, must go: it is
// replaced by its updater's xid when no locker is left, by a new
// multixact of the members that still matter (running lockers, a
// running or committed updater) otherwise, or cleared when none does.
// A newer one stays, and its members hold back the table's relfrozenxid
// and it the relminmxid. The cutoff never passes a multixact a running
// transaction belongs to (GetOldestMultiXactId), where PostgreSQL
// reports one found running as corruption; should one be found, it is
// rebuilt from its live members like a newer one.
func (e *Env) freezeMulti(h tuple.Header, multi transam.MultiXactId, cut VacuumCutoffs, track *freezeTrack) (freezeMultiResult, error) {
	lockedOnly := xmaxIsLockedOnly(h.Infomask())
	if !multi.IsValid() {
		return freezeMultiResult{action: freezeMultiInvalidate}, nil
	}
	if cut.RelMinMxid.IsValid() && transam.MultiXactIdPrecedes(multi, cut.RelMinMxid) {
		return freezeMultiResult{}, pgerr.Newf(pgerr.DataCorrupted, "found multixact %d from before relminmxid %d", uint32(multi), uint32(cut.RelMinMxid))
	}
	members, err := e.members(multi)
	if err != nil {
		return freezeMultiResult{}, err
	}
	if !cut.MultiCutoff.IsValid() {
		// Only looking: what it holds counts.
		for _, mb := range members {
			track.lowerXid(mb.Xid)
		}
		track.lowerMulti(multi)
		return freezeMultiResult{action: freezeMultiKeep}, nil
	}
	needReplace := transam.MultiXactIdPrecedes(multi, cut.MultiCutoff)
	if needReplace {
		running, err := e.multiIsRunning(multi, transam.CurrentXids{})
		if err != nil {
			return freezeMultiResult{}, err
		}
		if !running {
			if lockedOnly {
				return freezeMultiResult{action: freezeMultiInvalidate}, nil
			}
			upd, err := e.multiUpdateXid(multi)
			if err != nil {
				return freezeMultiResult{}, err
			}
			if !upd.IsValid() {
				return freezeMultiResult{action: freezeMultiInvalidate}, nil
			}
			if transam.TransactionIdPrecedes(upd, cut.FreezeLimit) {
				committed, err := e.didCommit(upd)
				if err != nil {
					return freezeMultiResult{}, err
				}
				if committed {
					return freezeMultiResult{}, pgerr.Newf(pgerr.DataCorrupted, "cannot freeze committed update xid %d", upd)
				}
				return freezeMultiResult{action: freezeMultiInvalidate}, nil
			}
			return freezeMultiResult{action: freezeMultiToXid, xid: upd}, nil
		}
	}
	if len(members) == 0 {
		return freezeMultiResult{action: freezeMultiInvalidate}, nil
	}
	if lockedOnly && !needReplace {
		// Locks of transactions all over are worth nothing
		// (GetMultiXactIdMembers answers none for a lock-only multixact
		// older than the looking backend's oldest visible one; gpostgres
		// asks whether a member still runs).
		running, err := e.multiIsRunning(multi, transam.CurrentXids{})
		if err != nil {
			return freezeMultiResult{}, err
		}
		if !running {
			return freezeMultiResult{action: freezeMultiInvalidate}, nil
		}
	}
	oldest := track.xid
	for _, mb := range members {
		if transam.TransactionIdPrecedes(mb.Xid, cut.FreezeLimit) {
			needReplace = true
			break
		}
		if transam.TransactionIdPrecedes(mb.Xid, oldest) {
			oldest = mb.Xid
		}
	}
	if !needReplace {
		track.lowerXid(oldest)
		track.lowerMulti(multi)
		return freezeMultiResult{action: freezeMultiKeep}, nil
	}
	// Keep what still matters.
	var keep []transam.MultiXactMember
	var upd transam.TransactionId
	updCommitted, hasLockers := false, false
	for _, mb := range members {
		running, err := e.inProgress(mb.Xid)
		if err != nil {
			return freezeMultiResult{}, err
		}
		if mb.Status.IsUpdate() {
			switch {
			case running:
				upd = mb.Xid
			default:
				committed, err := e.didCommit(mb.Xid)
				if err != nil {
					return freezeMultiResult{}, err
				}
				if !committed {
					continue // an aborted updater leaves nothing
				}
				upd, updCommitted = mb.Xid, true
			}
			if transam.TransactionIdPrecedes(upd, cut.FreezeLimit) {
				return freezeMultiResult{}, pgerr.Newf(pgerr.DataCorrupted, "found update xid %d from before xid cutoff %d", upd, cut.FreezeLimit)
			}
			keep = append(keep, mb)
		} else if running {
			keep = append(keep, mb)
			hasLockers = true
		}
	}
	switch {
	case len(keep) == 0:
		return freezeMultiResult{action: freezeMultiInvalidate}, nil
	case upd.IsValid() && !hasLockers:
		return freezeMultiResult{action: freezeMultiToXid, xid: upd, committed: updCommitted}, nil
	}
	newMulti, err := e.createMulti(transam.InvalidTransactionId, keep)
	if err != nil {
		return freezeMultiResult{}, err
	}
	for _, mb := range keep {
		track.lowerXid(mb.Xid)
	}
	return freezeMultiResult{action: freezeMultiToMulti, multi: newMulti}, nil
}

// applyFreeze is heap_execute_freeze_tuple.
func applyFreeze(h tuple.Header, plan freezePlan) {
	h.SetXmax(plan.xmax)
	h.SetInfomask(plan.infomask)
	h.SetInfomask2(plan.infomask2)
}

// freezePage applies plans to p (buf locked exclusively, cleanup lock
// held) and logs XLOG_HEAP2_FREEZE_PAGE.
func (e *Env) freezePage(rel *Relation, buf buffer.Buffer, p page.Page, cutoff transam.TransactionId, plans []freezePlan) error {
	e.Owner.EnterCritical()
	for _, pl := range plans {
		applyFreeze(tuple.Header(p.Item(pl.offset)), pl)
	}
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		rb := e.recordOf(xlog.RmgrHeap2, XLogHeap2FreezePage)
		var main [sizeOfHeapFreezePage]byte
		le.PutUint32(main[0:], uint32(cutoff))
		le.PutUint16(main[4:], uint16(len(plans)))
		rb.SetMainData(main[:])
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, xlog.RegBufStandard)
		data := make([]byte, sizeOfFreezePlan*len(plans))
		for i, pl := range plans {
			b := data[i*sizeOfFreezePlan:]
			le.PutUint32(b[0:], pl.xmax)
			le.PutUint16(b[4:], uint16(pl.offset))
			le.PutUint16(b[6:], pl.infomask2)
			le.PutUint16(b[8:], pl.infomask)
			b[10] = pl.freezeFlag
		}
		rb.RegisterBufData(0, data)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	return nil
}

// redoFreezePage is heap_xlog_freeze_page.
func redoFreezePage(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfHeapFreezePage {
		return redoPanic("heap2 freeze record is too short")
	}
	n := int(le.Uint16(rec.MainData[4:]))
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	data := rec.Block(0).Data
	if len(data) < n*sizeOfFreezePlan {
		return redoPanic("heap2 freeze record has %d bytes of plans for %d tuples", len(data), n)
	}
	p := page.Page(rb.Page())
	for i := 0; i < n; i++ {
		b := data[i*sizeOfFreezePlan:]
		pl := freezePlan{xmax: le.Uint32(b[0:]), offset: page.OffsetNumber(le.Uint16(b[4:])), infomask2: le.Uint16(b[6:]), infomask: le.Uint16(b[8:]), freezeFlag: b[10]}
		h, err := redoTuple(p, pl.offset)
		if err != nil {
			return err
		}
		applyFreeze(h, pl)
	}
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}
