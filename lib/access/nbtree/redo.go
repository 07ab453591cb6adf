// WAL redo of the B-tree's records (nbtxlog.c: btree_xlog_insert,
// btree_xlog_split, btree_xlog_newroot, _bt_restore_page,
// _bt_restore_meta, _bt_clear_incomplete_split). Pages are rebuilt
// exactly as the original operations built them (items added in offset
// order), so a replayed page equals the original byte for byte, except
// for LP_DEAD hints and the checksum.

package nbtree

import (
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// RegisterRedo enters the Btree resource manager (id 11) in t, replaying
// into the pages src supplies. Build's XLOG_FPI records belong to the
// XLOG resource manager (xlog.RedoFPI).
func RegisterRedo(t *xlog.RmgrTable, src xlog.RedoBufferSource) error {
	return t.Register(xlog.Rmgr{
		ID:       xlog.RmgrBtree,
		Name:     "Btree",
		Redo:     func(rec *xlog.DecodedRecord) error { return Redo(rec, src) },
		Identify: Identify,
	})
}

// Redo replays one Btree record.
func Redo(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	switch info := rec.Info() & 0xF0; info {
	case XLogBtreeInsertLeaf:
		return redoInsert(rec, src, true, false)
	case XLogBtreeInsertUpper:
		return redoInsert(rec, src, false, false)
	case XLogBtreeInsertMeta:
		return redoInsert(rec, src, false, true)
	case XLogBtreeSplitL:
		return redoSplit(rec, src, true)
	case XLogBtreeSplitR:
		return redoSplit(rec, src, false)
	case XLogBtreeNewroot:
		return redoNewroot(rec, src)
	case XLogBtreeDelete:
		return redoDelete(rec, src)
	case XLogBtreeVacuum:
		return redoVacuum(rec, src)
	case XLogBtreeMarkPageHalf:
		return redoMarkPageHalfDead(rec, src)
	case XLogBtreeUnlinkPage:
		return redoUnlinkPage(rec, src, false)
	case XLogBtreeUnlinkPageMeta:
		return redoUnlinkPage(rec, src, true)
	case XLogBtreeReusePage:
		// Only a hot standby acts on it (cancelling queries whose
		// snapshots could still see the page); there is none.
		return nil
	case XLogBtreeMetaCleanup:
		return restoreMeta(rec, 0, src)
	default:
		return pgerr.Newf(pgerr.InternalError, "btree_redo: unknown op code %d", info).WithSeverity(pgerr.SeverityPanic)
	}
}

func redoPanic(format string, args ...any) error {
	return pgerr.Newf(pgerr.DataCorrupted, format, args...).WithSeverity(pgerr.SeverityPanic)
}

// restorePage is _bt_restore_page: items logged as a page's tail (from
// pd_upper to the special space, so in reverse offset order) are added
// back in offset order, giving the same physical layout.
func restorePage(p page.Page, data []byte) error {
	var items [][]byte
	for len(data) > 0 {
		if len(data) < itupHeaderSize {
			return redoPanic("_bt_restore_page: truncated item")
		}
		n := page.MaxAlignUp(itup(data).size())
		if n == 0 || n > len(data) {
			return redoPanic("_bt_restore_page: bad item size %d", n)
		}
		items = append(items, data[:n])
		data = data[n:]
	}
	for i := len(items) - 1; i >= 0; i-- {
		off := page.OffsetNumber(len(items) - i)
		if p.AddItem(items[i], off, false, false) == page.InvalidOffset {
			return redoPanic("_bt_restore_page: cannot add item to page")
		}
	}
	return nil
}

// restoreMeta is _bt_restore_meta: the metapage rebuilt from block
// reference id's xl_btree_metadata.
func restoreMeta(rec *xlog.DecodedRecord, id uint8, src xlog.RedoBufferSource) error {
	blk := rec.Block(id)
	if blk == nil {
		return redoPanic("btree record without metapage reference")
	}
	md, err := decodeMetadata(blk.Data)
	if err != nil {
		return err
	}
	rb, err := xlog.InitBufferForRedo(rec, id, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	p := page.Page(rb.Page())
	initPage(p)
	writeMeta(p, md)
	opaqueOf(p).setFlags(BTPMeta)
	p.SetLower(metaOff + metaDataSize)
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}

// clearIncompleteSplit is _bt_clear_incomplete_split on block id.
func clearIncompleteSplit(rec *xlog.DecodedRecord, id uint8, src xlog.RedoBufferSource) error {
	action, rb, err := xlog.ReadBufferForRedo(rec, id, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action == xlog.BlockNeedsRedo {
		p := page.Page(rb.Page())
		o := opaqueOf(p)
		o.setFlags(o.flags() &^ BTPIncompleteSplit)
		p.SetLSN(rec.EndLSN)
		rb.MarkDirty()
	}
	return nil
}

func redoInsert(rec *xlog.DecodedRecord, src xlog.RedoBufferSource, isLeaf, isMeta bool) error {
	if len(rec.MainData) < sizeOfBtreeInsert {
		return errShortRecord("insert", len(rec.MainData))
	}
	off := page.OffsetNumber(le.Uint16(rec.MainData))
	if !isLeaf {
		if err := clearIncompleteSplit(rec, 1, src); err != nil {
			return err
		}
	}
	blk := rec.Block(0)
	if blk == nil {
		return redoPanic("btree insert record without block reference")
	}
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil {
		return err
	}
	if rb != nil {
		if action == xlog.BlockNeedsRedo {
			p := page.Page(rb.Page())
			if p.AddItem(blk.Data, off, false, false) == page.InvalidOffset {
				rb.Release()
				return redoPanic("failed to add new item")
			}
			p.SetLSN(rec.EndLSN)
			rb.MarkDirty()
		}
		rb.Release()
	}
	if isMeta {
		return restoreMeta(rec, 2, src)
	}
	return nil
}

func redoSplit(rec *xlog.DecodedRecord, src xlog.RedoBufferSource, newItemOnLeft bool) error {
	x, err := decodeSplit(rec.MainData)
	if err != nil {
		return err
	}
	if x.postingOff != 0 {
		return redoPanic("btree split with a posting list split is not supported")
	}
	isLeaf := x.level == 0
	lref, rref := rec.Block(0), rec.Block(1)
	if lref == nil || rref == nil {
		return redoPanic("btree split record without its pages")
	}
	sblk := pNone
	if sref := rec.Block(2); sref != nil {
		sblk = sref.Block
	}
	if !isLeaf {
		if err := clearIncompleteSplit(rec, 3, src); err != nil {
			return err
		}
	}

	// The right page, from scratch.
	rbuf, err := xlog.InitBufferForRedo(rec, 1, src)
	if err != nil {
		return err
	}
	if rbuf != nil {
		defer rbuf.Release()
		rp := page.Page(rbuf.Page())
		initPage(rp)
		ro := opaqueOf(rp)
		ro.setPrev(lref.Block)
		ro.setNext(sblk)
		ro.setLevel(x.level)
		if isLeaf {
			ro.setFlags(BTPLeaf)
		}
		if err := restorePage(rp, rref.Data); err != nil {
			return err
		}
		rp.SetLSN(rec.EndLSN)
		rbuf.MarkDirty()
	}

	// The left page: rebuilt in item order on a copy.
	action, lbuf, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil {
		return err
	}
	if lbuf != nil {
		defer lbuf.Release()
	}
	if action == xlog.BlockNeedsRedo {
		orig := page.Page(lbuf.Page())
		oo := opaqueOf(orig)
		data := lref.Data
		var newItem []byte
		if newItemOnLeft {
			if len(data) < itupHeaderSize {
				return redoPanic("btree split: no new item")
			}
			n := page.MaxAlignUp(itup(data).size())
			if n > len(data) {
				return redoPanic("btree split: bad new item")
			}
			newItem, data = data[:n], data[n:]
		}
		if len(data) < itupHeaderSize || page.MaxAlignUp(itup(data).size()) != len(data) {
			return redoPanic("btree split: bad left high key")
		}
		left := page.Page(make([]byte, page.Size))
		initPage(left)
		copy(opaqueOf(left), oo)
		if left.AddItem(data, pHikey, false, false) == page.InvalidOffset {
			return redoPanic("failed to add high key to left page after split")
		}
		add := func(item []byte) error {
			if left.AddItem(item, left.MaxOffset()+1, false, false) == page.InvalidOffset {
				return redoPanic("failed to add item to left page after split")
			}
			return nil
		}
		off := oo.firstDataKey()
		for ; off < x.firstRightOff; off++ {
			if newItemOnLeft && off == x.newItemOff {
				if err := add(newItem); err != nil {
					return err
				}
			}
			if err := add(orig.Item(off)); err != nil {
				return err
			}
		}
		if newItemOnLeft && off == x.newItemOff {
			if err := add(newItem); err != nil {
				return err
			}
		}
		lo := opaqueOf(left)
		flags := BTPIncompleteSplit
		if isLeaf {
			flags |= BTPLeaf
		}
		lo.setFlags(flags)
		lo.setNext(rref.Block)
		lo.setCycleID(0)
		copy(orig, left)
		orig.SetLSN(rec.EndLSN)
		lbuf.MarkDirty()
	}

	// The old right sibling's left link.
	if sblk != pNone {
		action, sbuf, err := xlog.ReadBufferForRedo(rec, 2, src)
		if err != nil {
			return err
		}
		if sbuf != nil {
			if action == xlog.BlockNeedsRedo {
				sp := page.Page(sbuf.Page())
				opaqueOf(sp).setPrev(rref.Block)
				sp.SetLSN(rec.EndLSN)
				sbuf.MarkDirty()
			}
			sbuf.Release()
		}
	}
	return nil
}

func redoNewroot(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	x, err := decodeNewroot(rec.MainData)
	if err != nil {
		return err
	}
	ref := rec.Block(0)
	if ref == nil {
		return redoPanic("btree newroot record without block reference")
	}
	rb, err := xlog.InitBufferForRedo(rec, 0, src)
	if err != nil {
		return err
	}
	if rb != nil {
		p := page.Page(rb.Page())
		initPage(p)
		o := opaqueOf(p)
		flags := BTPRoot
		if x.level == 0 {
			flags |= BTPLeaf
		}
		o.setFlags(flags)
		o.setLevel(x.level)
		if x.level > 0 {
			if err := restorePage(p, ref.Data); err != nil {
				rb.Release()
				return err
			}
			if err := clearIncompleteSplit(rec, 1, src); err != nil {
				rb.Release()
				return err
			}
		}
		p.SetLSN(rec.EndLSN)
		rb.MarkDirty()
		rb.Release()
	}
	return restoreMeta(rec, 2, src)
}
