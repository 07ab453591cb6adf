// Heap tuple header bits and macros the access method needs beyond
// lib/access/tuple (htup_details.h): the xmax lock bits, the
// locked-only test, raw header access on a page, and hint-bit setting.

package heap

import (
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// t_infomask bits not named in lib/access/tuple.
const (
	heapMovedOff = 0x4000 // HEAP_MOVED_OFF (pre-9.0 VACUUM FULL)
	heapMovedIn  = 0x8000 // HEAP_MOVED_IN
	heapMoved    = heapMovedOff | heapMovedIn

	heapXmaxShrLock = tuple.XmaxExclLock | tuple.XmaxKeyShrLock // HEAP_XMAX_SHR_LOCK
	heapLockMask    = heapXmaxShrLock | tuple.XmaxExclLock | tuple.XmaxKeyShrLock

	// HEAP_XMAX_BITS: everything describing xmax.
	heapXmaxBits = tuple.XmaxCommitted | tuple.XmaxInvalid | tuple.XmaxIsMulti | heapLockMask | tuple.XmaxLockOnly

	// HEAP_XACT_MASK: the transaction bits of t_infomask.
	heapXactMask = 0xFFF0
	// HEAP2_XACT_MASK: the transaction bits of t_infomask2.
	heap2XactMask = 0xE000
)

// MaxHeapTupleSize is the largest tuple a heap page holds:
// BLCKSZ - MAXALIGN(SizeOfPageHeaderData + sizeof(ItemIdData)).
const MaxHeapTupleSize = page.Size - 32

// xmaxIsLockedOnly is HEAP_XMAX_IS_LOCKED_ONLY: xmax only locks the
// tuple, it did not delete or update it.
func xmaxIsLockedOnly(infomask uint16) bool {
	return infomask&tuple.XmaxLockOnly != 0 ||
		infomask&(tuple.XmaxIsMulti|heapLockMask) == tuple.XmaxExclLock
}

// xmaxIsKeyShrLocked is HEAP_XMAX_IS_KEYSHR_LOCKED.
func xmaxIsKeyShrLocked(infomask uint16) bool {
	return infomask&heapLockMask == tuple.XmaxKeyShrLock
}

func xminCommitted(h tuple.Header) bool { return h.Infomask()&tuple.XminCommitted != 0 }

func xminInvalid(h tuple.Header) bool {
	return h.Infomask()&(tuple.XminCommitted|tuple.XminInvalid) == tuple.XminInvalid
}

func xminFrozen(h tuple.Header) bool {
	return h.Infomask()&tuple.XminFrozen == tuple.XminFrozen
}

func rawXmin(h tuple.Header) transam.TransactionId { return transam.TransactionId(h.Xmin()) }
func rawXmax(h tuple.Header) transam.TransactionId { return transam.TransactionId(h.Xmax()) }

// ctid reads t_ctid.
func ctid(h tuple.Header) TID {
	b, o := h.Ctid()
	return TID{Block: storage.BlockNumber(b), Offset: page.OffsetNumber(o)}
}

func setCtid(h tuple.Header, t TID) { h.SetCtid(uint32(t.Block), uint16(t.Offset)) }

// xmaxInfomaskChanged is xmax_infomask_changed: did the kind of xmax
// change while we waited?
func xmaxInfomaskChanged(newMask, oldMask uint16) bool {
	const interesting = tuple.XmaxIsMulti | heapLockMask
	return newMask&interesting != oldMask&interesting
}

// orInfomask sets bits in t_infomask with an atomic OR of the aligned
// 32-bit word holding it (t_infomask and t_hoff), so that hint bits set
// concurrently by several processes under a share lock are never lost
// (PostgreSQL accepts losing one; this costs nothing). Tuples on a page
// start at MAXALIGN, so the word at offset 20 is aligned; a private copy
// that is not falls back to a plain store.
func orInfomask(h tuple.Header, bits uint16) {
	p := unsafe.Pointer(&h[20])
	if uintptr(p)%4 == 0 {
		atomic.OrUint32((*uint32)(p), uint32(bits))
		return
	}
	h.SetFlags(bits)
}

// setHintBits is SetHintBits: record the fate of xmin or xmax in the
// tuple so later readers need not consult the commit log. A commit hint
// is not set while the commit record may still be lost (asynchronous
// commit not yet flushed), unless the page's own LSN is already past it
// (then the page cannot reach disk before that WAL does). The caller
// holds the buffer's content lock in either mode.
func (e *Env) setHintBits(h tuple.Header, buf buffer.Buffer, bits uint16, xid transam.TransactionId) {
	// Only a permanent page could reach disk ahead of the commit record
	// (BufferIsPermanent); a local buffer's number is negative.
	if xid.IsValid() && e.WAL != nil && e.Xact != nil && buf > 0 {
		_, commitLSN, err := e.Xact.TransactionIdGetStatus(e.Owner, xid)
		if err != nil {
			return
		}
		if commitLSN != 0 && e.WAL.NeedsFlush(commitLSN) && e.Pool.PageLSN(buf) < commitLSN {
			return
		}
	}
	orInfomask(h, bits)
	e.Pool.MarkDirtyHint(buf)
}

// updateXmaxHintBits is UpdateXmaxHintBits: after waiting for xid, note
// in the tuple whether it updated (committed) or not. Exclusive lock held.
func (e *Env) updateXmaxHintBits(h tuple.Header, buf buffer.Buffer, xid transam.TransactionId) error {
	if h.Infomask()&(tuple.XmaxCommitted|tuple.XmaxInvalid) != 0 {
		return nil
	}
	if !xmaxIsLockedOnly(h.Infomask()) {
		committed, err := e.Xact.TransactionIdDidCommit(e.Owner, xid)
		if err != nil {
			return err
		}
		if committed {
			e.setHintBits(h, buf, tuple.XmaxCommitted, xid)
			return nil
		}
	}
	e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
	return nil
}

// computeInfobits is compute_infobits: the xmax-describing bits a WAL
// record carries (xl_heap_*.infobits_set).
func computeInfobits(infomask, infomask2 uint16) uint8 {
	var b uint8
	if infomask&tuple.XmaxIsMulti != 0 {
		b |= xlhlXmaxIsMulti
	}
	if infomask&tuple.XmaxLockOnly != 0 {
		b |= xlhlXmaxLockOnly
	}
	if infomask&tuple.XmaxExclLock != 0 {
		b |= xlhlXmaxExclLock
	}
	// HEAP_XMAX_SHR_LOCK is EXCL|KEYSHR: both bits come through.
	if infomask&tuple.XmaxKeyShrLock != 0 {
		b |= xlhlXmaxKeyShrLock
	}
	if infomask2&tuple.KeysUpdated != 0 {
		b |= xlhlKeysUpdated
	}
	return b
}

// fixInfomaskFromInfobits is fix_infomask_from_infobits (redo).
func fixInfomaskFromInfobits(infobits uint8, h tuple.Header) {
	m := h.Infomask() &^ (tuple.XmaxIsMulti | tuple.XmaxLockOnly | tuple.XmaxKeyShrLock | tuple.XmaxExclLock)
	m2 := h.Infomask2() &^ tuple.KeysUpdated
	if infobits&xlhlXmaxIsMulti != 0 {
		m |= tuple.XmaxIsMulti
	}
	if infobits&xlhlXmaxLockOnly != 0 {
		m |= tuple.XmaxLockOnly
	}
	if infobits&xlhlXmaxExclLock != 0 {
		m |= tuple.XmaxExclLock
	}
	if infobits&xlhlXmaxKeyShrLock != 0 {
		m |= tuple.XmaxKeyShrLock
	}
	if infobits&xlhlKeysUpdated != 0 {
		m2 |= tuple.KeysUpdated
	}
	h.SetInfomask(m)
	h.SetInfomask2(m2)
}

// setPrunable is PageSetPrunable: remember the oldest xid that may have
// left a dead tuple on the page.
func setPrunable(p page.Page, xid transam.TransactionId) {
	old := transam.TransactionId(p.PruneXid())
	if !old.IsValid() || transam.TransactionIdPrecedes(xid, old) {
		p.SetPruneXid(uint32(xid))
	}
}
