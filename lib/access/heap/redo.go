// WAL redo of the heap's records (heapam.c's heap_redo: heap_xlog_insert,
// heap_xlog_delete, heap_xlog_update, heap_xlog_lock, heap_xlog_visible,
// with the visibility map bits the records say were cleared cleared
// again, and nearly full pages told to the free space map), and a source of
// pages for redo over the shared buffer pool (xlogutils.c's
// XLogReadBufferExtended).
//
// Redo is idempotent: xlog.ReadBufferForRedo restores a full-page image
// when the record carries one, and otherwise skips a page whose LSN shows
// it already has the change. Replayed tuples get cmin/cmax
// FirstCommandId, since command ids mean nothing after the transaction.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// RegisterRedo enters the Heap and Heap2 resource managers (ids 10 and
// 9) in t, replaying into the pages src supplies from the startup
// process's pool, heap pages and their visibility map and free space
// map pages.
func RegisterRedo(t *xlog.RmgrTable, src *buffer.RedoSource) error {
	if err := t.Register(xlog.Rmgr{
		ID:       xlog.RmgrHeap2,
		Name:     "Heap2",
		Redo:     func(rec *xlog.DecodedRecord) error { return RedoHeap2(rec, src) },
		Identify: IdentifyHeap2,
	}); err != nil {
		return err
	}
	return t.Register(xlog.Rmgr{
		ID:       xlog.RmgrHeap,
		Name:     "Heap",
		Redo:     func(rec *xlog.DecodedRecord) error { return Redo(rec, src) },
		Identify: Identify,
	})
}

// RedoHeap2 replays one Heap2 record (heap2_redo).
func RedoHeap2(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	switch rec.Info() & XLogHeapOpmask {
	case XLogHeap2MultiInsert:
		return redoMultiInsert(rec, src)
	case XLogHeap2Prune:
		return redoRecordFree(rec, src, redoPrune)
	case XLogHeap2Vacuum:
		return redoRecordFree(rec, src, redoVacuum)
	case XLogHeap2LockUpdated:
		return redoLockUpdated(rec, src)
	case XLogHeap2Visible:
		return redoVisible(rec, src)
	case XLogHeap2FreezePage:
		return redoFreezePage(rec, src)
	}
	return pgerr.Newf(pgerr.InternalError, "heap2_redo: unknown op code %d", rec.Info()).WithSeverity(pgerr.SeverityPanic)
}

// redoRecordFree runs a pruning or vacuum redo, then tells the free
// space map the page's room, as heap_xlog_prune and heap_xlog_vacuum
// do (XLogRecordPageWithFreeSpace): the map is not WAL-logged, so
// without this a crash would leave it ignorant of the room freed.
func redoRecordFree(rec *xlog.DecodedRecord, src *buffer.RedoSource, redo func(*xlog.DecodedRecord, xlog.RedoBufferSource) error) error {
	if err := redo(rec, src); err != nil {
		return err
	}
	blk := rec.Block(0)
	if blk == nil {
		return nil
	}
	rb, err := src.ReadForRedo(blk.Rel, blk.Fork, blk.Block, false)
	if err != nil || rb == nil {
		return err
	}
	free := page.Page(rb.Page()).HeapFreeSpace()
	rb.Release()
	m := freespace.Map{Pool: src.Pool, Files: src.Files}
	return m.RecordPageWithFreeSpace(blk.Rel, blk.Block, free)
}

// Redo replays one Heap record.
func Redo(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	switch rec.Info() & XLogHeapOpmask {
	case XLogHeapInsert:
		return redoInsert(rec, src)
	case XLogHeapDelete:
		return redoDelete(rec, src)
	case XLogHeapUpdate:
		return redoUpdate(rec, src, false)
	case XLogHeapHotUpdate:
		return redoUpdate(rec, src, true)
	case XLogHeapLock:
		return redoLock(rec, src)
	case XLogHeapInplace:
		return redoInplace(rec, src)
	}
	return pgerr.Newf(pgerr.InternalError, "heap_redo: unknown op code %d", rec.Info()).WithSeverity(pgerr.SeverityPanic)
}

func redoPanic(format string, args ...any) error {
	return pgerr.Newf(pgerr.DataCorrupted, format, args...).WithSeverity(pgerr.SeverityPanic)
}

// redoTuple returns the tuple at off on a page being redone.
func redoTuple(p page.Page, off page.OffsetNumber) (tuple.Header, error) {
	if off < page.FirstOffset || off > p.MaxOffset() || !p.ItemId(off).IsNormal() {
		return nil, redoPanic("invalid lp")
	}
	return tuple.Header(p.Item(off)), nil
}

// buildTuple reconstructs a tuple from a record's block data
// (xl_heap_header + bitmap and data), with xmin, cmin, xmax and ctid.
func buildTuple(data []byte, xmin uint32, xmax uint32, self TID) ([]byte, error) {
	xh, err := decodeHeapHeader(data)
	if err != nil {
		return nil, err
	}
	body := data[sizeOfHeapHeader:]
	if tuple.HeaderSize+len(body) > MaxHeapTupleSize {
		return nil, redoPanic("heap redo: tuple of %d bytes too long", tuple.HeaderSize+len(body))
	}
	tup := make([]byte, tuple.HeaderSize+len(body))
	copy(tup[tuple.HeaderSize:], body)
	return finishTuple(tup, xh, xmin, xmax, self), nil
}

func finishTuple(tup []byte, xh xlHeapHeader, xmin, xmax uint32, self TID) []byte {
	h := tuple.Header(tup)
	h.SetInfomask2(xh.infomask2)
	h.SetInfomask(xh.infomask)
	h[22] = xh.hoff
	h.SetXmin(xmin)
	h.SetCid(uint32(FirstCommandId))
	h.SetXmax(xmax)
	setCtid(h, self)
	return tup
}

func redoInsert(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	x, err := decodeInsert(rec.MainData)
	if err != nil {
		return err
	}
	if err := redoClearVMOf(rec, 0, src, x.flags&xlhInsertAllVisibleCleared != 0, VMValidBits); err != nil {
		return err
	}
	blk, rb, err := insertRedoPage(rec, src, "heap insert")
	if err != nil || rb == nil {
		return err
	}
	p := page.Page(rb.Page())
	if p.MaxOffset()+1 < x.offnum {
		rb.Release()
		return redoPanic("invalid max offset number")
	}
	tup, err := buildTuple(blk.Data, rec.Header.XID, 0, TID{Block: blk.Block, Offset: x.offnum})
	if err != nil {
		rb.Release()
		return err
	}
	if p.AddItem(tup, x.offnum, true, true) == page.InvalidOffset {
		rb.Release()
		return redoPanic("failed to add tuple")
	}
	finishInsertRedo(rec, rb, x.flags)
	free := p.HeapFreeSpace()
	rb.Release()
	return redoRecordNearlyFull(src, blk, free)
}

// redoRecordNearlyFull tells the free space map about a page an insert
// or update replay left with less than a fifth free (heap_xlog_insert's
// XLogRecordPageWithFreeSpace): the map is not WAL-logged, and a
// promoted standby or a crashed server would otherwise keep offering
// the page. Emptier pages are left for VACUUM.
func redoRecordNearlyFull(src *buffer.RedoSource, blk *xlog.BlockRef, free int) error {
	if free >= storage.BlockSize/5 {
		return nil
	}
	m := freespace.Map{Pool: src.Pool, Files: src.Files}
	return m.RecordPageWithFreeSpace(blk.Rel, blk.Block, free)
}

// redoClearVMOf clears flags in the visibility map of the heap block of
// rec's block reference id when cleared says the record's change
// cleared them. Redo does it before, and regardless of, the heap page's
// own replay, as heap_xlog_* do: the map page has no LSN tying it to the
// heap page, so a bit set later than the heap page was written must
// still go.
func redoClearVMOf(rec *xlog.DecodedRecord, id uint8, src *buffer.RedoSource, cleared bool, flags uint8) error {
	if !cleared {
		return nil
	}
	blk := rec.Block(id)
	if blk == nil {
		return redoPanic("heap record without block reference %d", id)
	}
	mapBlock, mapByte, mapOffset := vmLocation(blk.Block)
	buf, err := freespace.ReadMapBuffer(src.Pool, src.Files, blk.Rel, storage.VisibilityMapFork, mapBlock, false)
	if err != nil || !buf.Valid() {
		return err // no map page: no bits to clear
	}
	src.Pool.LockBuffer(buf, buffer.Exclusive)
	bitmap := vmBitmap(src.Pool.Page(buf))
	if mask := flags << mapOffset; bitmap[mapByte]&mask != 0 {
		bitmap[mapByte] &^= mask
		src.Pool.MarkDirty(buf)
	}
	src.Pool.UnlockRelease(buf)
	return nil
}

// redoVisible is heap_xlog_visible: PD_ALL_VISIBLE on the heap page (if
// it still exists and lacks the record), the free space map told of the
// page, then the map bits, set unless the map page already has the
// record.
func redoVisible(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	x, err := decodeVisible(rec.MainData)
	if err != nil {
		return err
	}
	hblk := rec.Block(1)
	if hblk == nil || rec.Block(0) == nil {
		return redoPanic("heap visible record without its block references")
	}
	action, rb, err := xlog.ReadBufferForRedo(rec, 1, src)
	if err != nil {
		return err
	}
	if rb != nil {
		p := page.Page(rb.Page())
		if action == xlog.BlockNeedsRedo {
			// The heap page's LSN moves only when hint changes are
			// logged (then the record may hold its image); otherwise the
			// flag is a hint that needs no interlock.
			p.SetAllVisible(true)
			if src.Pool.HintsNeedWAL() {
				p.SetLSN(rec.EndLSN)
			}
			rb.MarkDirty()
		}
		free := p.FreeSpace()
		rb.Release()
		// A standby's map goes stale; VACUUM, once promoted, skips
		// all-visible pages, so tell the map now.
		if x.flags&VMValidBits != 0 {
			m := freespace.Map{Pool: src.Pool, Files: src.Files}
			if err := m.RecordPageWithFreeSpace(hblk.Rel, hblk.Block, free); err != nil {
				return err
			}
		}
	}
	vaction, vb, err := readMapForRedo(rec, 0, src)
	if err != nil || vb == nil {
		return err
	}
	defer vb.Release()
	if vaction != xlog.BlockNeedsRedo {
		return nil
	}
	vp := page.Page(vb.Page())
	if vp.IsNew() {
		vp.Init(0)
	}
	_, mapByte, mapOffset := vmLocation(hblk.Block)
	bitmap := vmBitmap(vp)
	if x.flags != bitmap[mapByte]>>mapOffset&VMValidBits {
		bitmap[mapByte] |= x.flags << mapOffset
		vp.SetLSN(rec.EndLSN)
		vb.MarkDirty()
	}
	return nil
}

// readMapForRedo reads rec's block reference id, a map page, for redo
// (XLogReadBufferForRedoExtended with RBM_ZERO_ON_ERROR): restored from
// its image if the record has one to apply, else read with a damaged
// page zeroed and the fork extended to it if needed, and BlockDone if
// its LSN shows it has the record already.
func readMapForRedo(rec *xlog.DecodedRecord, id uint8, src *buffer.RedoSource) (xlog.RedoAction, xlog.RedoBuffer, error) {
	blk := rec.Block(id)
	if blk.HasImage && blk.ApplyImage {
		return xlog.ReadBufferForRedo(rec, id, src)
	}
	rb, err := src.ReadZeroOnError(blk.Rel, blk.Fork, blk.Block)
	if err != nil {
		return 0, nil, err
	}
	if rec.EndLSN <= page.Page(rb.Page()).LSN() {
		return xlog.BlockDone, rb, nil
	}
	return xlog.BlockNeedsRedo, rb, nil
}

// insertRedoPage gets the page an insert record (what names it) puts its
// tuples on: rb is nil when there is nothing to redo (the relation is
// gone, or the page already has the change); else the caller releases
// it.
func insertRedoPage(rec *xlog.DecodedRecord, src xlog.RedoBufferSource, what string) (*xlog.BlockRef, xlog.RedoBuffer, error) {
	blk := rec.Block(0)
	if blk == nil {
		return nil, nil, redoPanic("%s record without block reference", what)
	}
	action, rb, err := redoBlockZero(rec, src)
	if err != nil || rb == nil {
		return nil, nil, err
	}
	if action != xlog.BlockNeedsRedo {
		rb.Release()
		return nil, nil, nil
	}
	return blk, rb, nil
}

// finishInsertRedo ends the redo of an insert on rb's page: its LSN, and
// its all-visible flag as the record's flags say.
func finishInsertRedo(rec *xlog.DecodedRecord, rb xlog.RedoBuffer, flags uint8) {
	p := page.Page(rb.Page())
	p.SetLSN(rec.EndLSN)
	if flags&xlhInsertAllVisibleCleared != 0 {
		p.SetAllVisible(false)
	}
	if flags&xlhInsertAllFrozenSet != 0 {
		p.SetAllVisible(true)
	}
	rb.MarkDirty()
}

// redoBlockZero gets block reference 0 of a record for redo: initialised
// afresh when the record says XLOG_HEAP_INIT_PAGE, else read (or restored
// from its image). rb is nil when the relation is gone.
func redoBlockZero(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) (xlog.RedoAction, xlog.RedoBuffer, error) {
	if rec.Info()&XLogHeapInitPage == 0 {
		return xlog.ReadBufferForRedo(rec, 0, src)
	}
	rb, err := xlog.InitBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return 0, nil, err
	}
	page.Page(rb.Page()).Init(0)
	return xlog.BlockNeedsRedo, rb, nil
}

// redoMultiInsert is heap_xlog_multi_insert.
func redoMultiInsert(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	init := rec.Info()&XLogHeapInitPage != 0
	x, offs, err := decodeMultiInsert(rec.MainData, init)
	if err != nil {
		return err
	}
	if err := redoClearVMOf(rec, 0, src, x.flags&xlhInsertAllVisibleCleared != 0, VMValidBits); err != nil {
		return err
	}
	blk, rb, err := insertRedoPage(rec, src, "heap multi-insert")
	if err != nil || rb == nil {
		return err
	}
	released := false
	defer func() {
		if !released {
			rb.Release()
		}
	}()
	p := page.Page(rb.Page())
	data := blk.Data
	pos := 0
	for i := 0; i < int(x.ntuples); i++ {
		off := page.FirstOffset + page.OffsetNumber(i)
		if !init {
			off = page.OffsetNumber(le.Uint16(offs[2*i:]))
		}
		if p.MaxOffset()+1 < off {
			return redoPanic("invalid max offset number")
		}
		pos += pos % 2 // SHORTALIGN
		if pos+sizeOfMultiInsertTuple > len(data) {
			return redoPanic("heap multi-insert: tuple %d beyond the block data", i)
		}
		n := int(le.Uint16(data[pos:]))
		xh := xlHeapHeader{infomask2: le.Uint16(data[pos+2:]), infomask: le.Uint16(data[pos+4:]), hoff: data[pos+6]}
		pos += sizeOfMultiInsertTuple
		if pos+n > len(data) || tuple.HeaderSize+n > MaxHeapTupleSize {
			return redoPanic("heap multi-insert: tuple %d of %d bytes beyond the block data", i, n)
		}
		tup := make([]byte, tuple.HeaderSize+n)
		copy(tup[tuple.HeaderSize:], data[pos:pos+n])
		pos += n
		finishTuple(tup, xh, rec.Header.XID, 0, TID{Block: blk.Block, Offset: off})
		if p.AddItem(tup, off, true, true) == page.InvalidOffset {
			return redoPanic("failed to add tuple")
		}
	}
	if pos != len(data) {
		return redoPanic("total tuple length mismatch")
	}
	finishInsertRedo(rec, rb, x.flags)
	free := p.HeapFreeSpace()
	rb.Release()
	released = true
	return redoRecordNearlyFull(src, blk, free)
}

func redoDelete(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	x, err := decodeDelete(rec.MainData)
	if err != nil {
		return err
	}
	if err := redoClearVMOf(rec, 0, src, x.flags&xlhDeleteAllVisibleCleared != 0, VMValidBits); err != nil {
		return err
	}
	return redoOneTuple(rec, src, "heap delete", x.offnum, func(p page.Page, h tuple.Header, blk *xlog.BlockRef) error {
		h.SetInfomask(h.Infomask() &^ (heapXmaxBits | heapMoved))
		h.SetInfomask2(h.Infomask2() &^ (tuple.KeysUpdated | tuple.HotUpdated))
		fixInfomaskFromInfobits(x.infobits, h)
		if x.flags&xlhDeleteIsSuper == 0 {
			h.SetXmax(x.xmax)
		} else {
			h.SetXmin(0)
		}
		setCmax(h, FirstCommandId, false)
		setPrunable(p, transam.TransactionId(rec.Header.XID))
		if x.flags&xlhDeleteAllVisibleCleared != 0 {
			p.SetAllVisible(false)
		}
		if x.flags&xlhDeleteIsPartitionMove != 0 {
			// HeapTupleHeaderSetMovedPartitions
			h.SetCtid(uint32(storage.InvalidBlock), movedPartitionsOffset)
		} else {
			setCtid(h, TID{Block: blk.Block, Offset: x.offnum})
		}
		return nil
	})
}

// redoOneTuple replays a record that changes the tuple at off on its
// block 0 (what names it: a delete, a lock, an in-place update): change
// runs when the page does not have the record yet, and the page then
// gets the record's LSN.
func redoOneTuple(rec *xlog.DecodedRecord, src xlog.RedoBufferSource, what string, off page.OffsetNumber,
	change func(p page.Page, h tuple.Header, blk *xlog.BlockRef) error) error {
	blk := rec.Block(0)
	if blk == nil {
		return redoPanic("%s record without block reference", what)
	}
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	p := page.Page(rb.Page())
	h, err := redoTuple(p, off)
	if err != nil {
		return err
	}
	if err := change(p, h, blk); err != nil {
		return err
	}
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}

// movedPartitionsOffset is MovedPartitionsOffsetNumber.
const movedPartitionsOffset = 0xfffd

func redoUpdate(rec *xlog.DecodedRecord, src *buffer.RedoSource, hot bool) error {
	x, err := decodeUpdate(rec.MainData)
	if err != nil {
		return err
	}
	nblk := rec.Block(0)
	if nblk == nil {
		return redoPanic("heap update record without block reference")
	}
	newBlock := nblk.Block
	oldBlock := newBlock
	oldID := uint8(0)
	if ob := rec.Block(1); ob != nil {
		oldBlock, oldID = ob.Block, 1
	}
	newtid := TID{Block: newBlock, Offset: x.newOffnum}
	xid := rec.Header.XID
	if err := redoClearVMOf(rec, oldID, src, x.flags&xlhUpdateOldAllVisibleCleared != 0, VMValidBits); err != nil {
		return err
	}

	// The old version. During replay nobody else updates, but the old
	// page stays locked until the new tuple is in, as in PostgreSQL.
	oaction, obuf, err := xlog.ReadBufferForRedo(rec, oldID, src)
	if err != nil {
		return err
	}
	oldReleased := false
	if obuf != nil {
		defer func() {
			if !oldReleased {
				obuf.Release()
			}
		}()
	}
	var oldTup tuple.Header
	if oaction == xlog.BlockNeedsRedo {
		p := page.Page(obuf.Page())
		h, err := redoTuple(p, x.oldOffnum)
		if err != nil {
			return err
		}
		oldTup = h
		h.SetInfomask(h.Infomask() &^ (heapXmaxBits | heapMoved))
		m2 := h.Infomask2() &^ (tuple.KeysUpdated | tuple.HotUpdated)
		if hot {
			m2 |= tuple.HotUpdated
		}
		h.SetInfomask2(m2)
		fixInfomaskFromInfobits(x.oldInfobits, h)
		h.SetXmax(x.oldXmax)
		setCmax(h, FirstCommandId, false)
		setCtid(h, newtid)
		setPrunable(p, transam.TransactionId(xid))
		if x.flags&xlhUpdateOldAllVisibleCleared != 0 {
			p.SetAllVisible(false)
		}
		p.SetLSN(rec.EndLSN)
		obuf.MarkDirty()
	}

	// The new version's page.
	// The new page's bits go before the new page is read.
	if oldBlock != newBlock {
		if err := redoClearVMOf(rec, 0, src, x.flags&xlhUpdateNewAllVisibleCleared != 0, VMValidBits); err != nil {
			return err
		}
	}
	var naction xlog.RedoAction
	var nbuf xlog.RedoBuffer
	switch {
	case oldBlock == newBlock:
		naction, nbuf = oaction, obuf
	case rec.Info()&XLogHeapInitPage != 0:
		nbuf, err = xlog.InitBufferForRedo(rec, 0, src)
		if err != nil {
			return err
		}
		if nbuf != nil {
			page.Page(nbuf.Page()).Init(0)
			naction = xlog.BlockNeedsRedo
		}
	default:
		naction, nbuf, err = xlog.ReadBufferForRedo(rec, 0, src)
		if err != nil {
			return err
		}
	}
	newReleased := false
	if nbuf != nil && nbuf != obuf {
		defer func() {
			if !newReleased {
				nbuf.Release()
			}
		}()
	}
	if nbuf == nil || naction != xlog.BlockNeedsRedo {
		return nil
	}
	p := page.Page(nbuf.Page())
	if p.MaxOffset()+1 < x.newOffnum {
		return redoPanic("invalid max offset number")
	}
	data := nblk.Data
	var prefixLen, suffixLen int
	if x.flags&xlhUpdatePrefixFromOld != 0 {
		if len(data) < 2 {
			return errShortRecord("update prefix", len(data))
		}
		prefixLen = int(le.Uint16(data))
		data = data[2:]
	}
	if x.flags&xlhUpdateSuffixFromOld != 0 {
		if len(data) < 2 {
			return errShortRecord("update suffix", len(data))
		}
		suffixLen = int(le.Uint16(data))
		data = data[2:]
	}
	xh, err := decodeHeapHeader(data)
	if err != nil {
		return err
	}
	data = data[sizeOfHeapHeader:]
	if (prefixLen > 0 || suffixLen > 0) && oldTup == nil {
		return redoPanic("heap update redo: prefix or suffix from an old tuple that was not replayed")
	}
	tup := make([]byte, tuple.HeaderSize, tuple.HeaderSize+len(data)+prefixLen+suffixLen)
	if prefixLen > 0 {
		// bitmap [+ padding] from the record, prefix from the old tuple,
		// then the rest from the record
		bm := int(xh.hoff) - tuple.HeaderSize
		if bm < 0 || bm > len(data) || oldTup.Hoff()+prefixLen > len(oldTup) {
			return redoPanic("heap update redo: bad prefix")
		}
		tup = append(tup, data[:bm]...)
		tup = append(tup, oldTup[oldTup.Hoff():oldTup.Hoff()+prefixLen]...)
		tup = append(tup, data[bm:]...)
	} else {
		tup = append(tup, data...)
	}
	if suffixLen > 0 {
		if suffixLen > len(oldTup) {
			return redoPanic("heap update redo: bad suffix")
		}
		tup = append(tup, oldTup[len(oldTup)-suffixLen:]...)
	}
	if len(tup) > MaxHeapTupleSize {
		return redoPanic("heap update redo: tuple of %d bytes too long", len(tup))
	}
	finishTuple(tup, xh, xid, x.newXmax, newtid)
	if p.AddItem(tup, x.newOffnum, true, true) == page.InvalidOffset {
		return redoPanic("failed to add tuple")
	}
	if x.flags&xlhUpdateNewAllVisibleCleared != 0 {
		p.SetAllVisible(false)
	}
	p.SetLSN(rec.EndLSN)
	nbuf.MarkDirty()
	if hot {
		return nil
	}
	// Both pages are released before the free space map is told.
	free := p.HeapFreeSpace()
	if nbuf != obuf {
		nbuf.Release()
		newReleased = true
	}
	if obuf != nil {
		obuf.Release()
		oldReleased = true
	}
	return redoRecordNearlyFull(src, nblk, free)
}

func redoLock(rec *xlog.DecodedRecord, src *buffer.RedoSource) error {
	x, err := decodeLock(rec.MainData)
	if err != nil {
		return err
	}
	if err := redoClearVMOf(rec, 0, src, x.flags&xlhLockAllFrozenCleared != 0, VMAllFrozen); err != nil {
		return err
	}
	return redoOneTuple(rec, src, "heap lock", x.offnum, func(_ page.Page, h tuple.Header, blk *xlog.BlockRef) error {
		h.SetInfomask(h.Infomask() &^ (heapXmaxBits | heapMoved))
		h.SetInfomask2(h.Infomask2() &^ tuple.KeysUpdated)
		fixInfomaskFromInfobits(x.infobits, h)
		if xmaxIsLockedOnly(h.Infomask()) {
			h.SetInfomask2(h.Infomask2() &^ tuple.HotUpdated)
			setCtid(h, TID{Block: blk.Block, Offset: x.offnum})
		}
		h.SetXmax(x.lockingXid)
		setCmax(h, FirstCommandId, false)
		return nil
	})
}
