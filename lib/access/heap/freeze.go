// Freezing (PostgreSQL 15's heapam.c: heap_prepare_freeze_tuple,
// heap_execute_freeze_tuple, heap_xlog_freeze_page): VACUUM replaces the
// transaction ids of old tuples, which would otherwise seem to come from
// the future once the 32-bit counter wraps around, by marks that need no
// commit log: an xmin older than the freeze limit gets HEAP_XMIN_FROZEN
// (both XMIN hint bits; the raw xmin stays for forensics, as PostgreSQL
// keeps it), and an xmax older than it (a lock, or an aborted updater)
// is cleared, as is a multixact xmax that is over (multiGone). A page's freezing is logged as XLOG_HEAP2_FREEZE_PAGE.
//
// What is not frozen limits the table's new relfrozenxid: the oldest
// xid left in any tuple, which VACUUM records in pg_class.

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

// prepareFreeze is heap_prepare_freeze_tuple (a multixact xmax is kept
// unless all of it is over, see multiGone): the plan, whether it changes anything, whether the
// tuple is then totally frozen, and the oldest xid it keeps lowers
// *relfrozen.
func (e *Env) prepareFreeze(h tuple.Header, off page.OffsetNumber, cutoff transam.TransactionId, relfrozen *transam.TransactionId) (freezePlan, bool, bool, error) {
	plan := freezePlan{xmax: h.Xmax(), offset: off, infomask2: h.Infomask2(), infomask: h.Infomask()}
	changed := false
	lower := func(x transam.TransactionId) {
		if transam.TransactionIdPrecedes(x, *relfrozen) {
			*relfrozen = x
		}
	}
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
			lower(xmin)
		}
	}
	xmaxDone := false
	m := h.Infomask()
	switch xmax := rawXmax(h); {
	case m&tuple.XmaxIsMulti != 0:
		// A multixact (FreezeMultiXactId, simplified): one already hinted
		// invalid, or with no member running and no update that counts
		// (committed or running), is cleared; otherwise the tuple keeps
		// it, and its members' xids hold relfrozenxid back.
		gone := m&tuple.XmaxInvalid != 0
		if !gone {
			var err error
			if gone, err = e.multiGone(h, transam.MultiXactId(xmax)); err != nil {
				return plan, false, false, err
			}
		}
		if gone {
			plan.xmax = 0
			plan.infomask = plan.infomask&^heapXmaxBits | tuple.XmaxInvalid
			plan.infomask2 &^= tuple.HotUpdated | tuple.KeysUpdated
			changed, xmaxDone = true, true
			break
		}
		members, err := e.members(transam.MultiXactId(xmax))
		if err != nil {
			return plan, false, false, err
		}
		for _, mb := range members {
			if mb.Xid.IsNormal() {
				lower(mb.Xid)
			}
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
			plan.xmax = 0
			plan.infomask = plan.infomask&^heapXmaxBits | tuple.XmaxInvalid
			plan.infomask2 &^= tuple.HotUpdated | tuple.KeysUpdated
			changed, xmaxDone = true, true
		} else {
			lower(xmax)
		}
	case m&tuple.XmaxInvalid != 0 || !xmax.IsValid():
		xmaxDone = true
	}
	return plan, changed, xminFrozenNow && xmaxDone, nil
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
