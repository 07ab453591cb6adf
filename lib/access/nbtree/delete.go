// Removing the entries marked LP_DEAD from a full leaf before splitting
// it (nbtinsert.c's _bt_delete_or_dedup_one_page and _bt_simpledel_pass,
// nbtpage.c's _bt_delitems_delete, bufpage.c's PageIndexMultiDelete and
// PageIndexTupleDelete), logged as XLOG_BTREE_DELETE.

package nbtree

import (
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// sizeOfBtreeDelete is SizeOfBtreeDelete: xl_btree_delete's
// latestRemovedXid u32, ndeleted u16, nupdated u16. The deleted offsets
// follow as block 0's data.
const sizeOfBtreeDelete = 8

// deleteDeadItems removes the LP_DEAD entries of the leaf buf (locked
// exclusively), asking horizon for the conflict horizon of their rows.
func (s *searcher) deleteDeadItems(buf buffer.Buffer, horizon func([]TID) (uint32, error)) error {
	e, ix := s.e, s.ix
	p := e.page(buf)
	o := opaqueOf(p)
	if !o.isLeaf() {
		return nil
	}
	var offs []page.OffsetNumber
	var tids []TID
	for off := o.firstDataKey(); off <= p.MaxOffset(); off++ {
		if p.ItemId(off).IsDead() {
			offs = append(offs, off)
			htid, _ := itemAt(p, off).heapTID()
			tids = append(tids, htid)
		}
	}
	if len(offs) == 0 {
		return nil
	}
	xid, err := horizon(tids)
	if err != nil {
		return err
	}
	e.Owner.EnterCritical()
	if err := pageIndexMultiDelete(p, offs); err != nil {
		return err
	}
	o.setFlags(o.flags() &^ BTPHasGarbage)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(ix) {
		rb := e.record(xlog.RmgrBtree, XLogBtreeDelete)
		var main [sizeOfBtreeDelete]byte
		le.PutUint32(main[0:], xid)
		le.PutUint16(main[4:], uint16(len(offs)))
		rb.SetMainData(main[:])
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, xlog.RegBufStandard)
		data := make([]byte, 2*len(offs))
		for i, off := range offs {
			le.PutUint16(data[2*i:], uint16(off))
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

// pageIndexMultiDelete is PageIndexMultiDelete: remove the items at
// offs (ascending) and close the gaps. A few items go one by one
// (PageIndexTupleDelete); more, by rebuilding the line pointer array and
// packing the remaining tuples against the special space in line pointer
// order (compactify_tuples). The result is PostgreSQL's, byte for byte
// outside the free space.
func pageIndexMultiDelete(p page.Page, offs []page.OffsetNumber) error {
	if len(offs) <= 2 {
		for i := len(offs) - 1; i >= 0; i-- {
			if err := pageIndexTupleDelete(p, offs[i]); err != nil {
				return err
			}
		}
		return nil
	}
	type kept struct {
		id  page.ItemId
		off int
	}
	var keep []kept
	next := 0
	maxOff := p.MaxOffset()
	for off := page.FirstOffset; off <= maxOff; off++ {
		id := p.ItemId(off)
		if id.Off() < p.Upper() || id.Off()+id.Len() > p.Special() || id.Off() != page.MaxAlignUp(id.Off()) {
			return corruptItem(id)
		}
		if next < len(offs) && off == offs[next] {
			next++
			continue
		}
		keep = append(keep, kept{id: id, off: id.Off()})
	}
	// Copy the tuples out first: they may overlap where they go.
	src := append([]byte(nil), p[p.Upper():p.Special()]...)
	base := p.Upper()
	upper := p.Special()
	for i, k := range keep {
		n := page.MaxAlignUp(k.id.Len())
		upper -= n
		copy(p[upper:upper+n], src[k.off-base:k.off-base+n])
		p.SetItemId(page.OffsetNumber(i+1), page.MakeItemId(upper, k.id.Flags(), k.id.Len()))
	}
	p.SetLower(page.HeaderSize + 4*len(keep))
	p.SetUpper(upper)
	return nil
}

// pageIndexTupleDelete is PageIndexTupleDelete: remove one item, moving
// the line pointers after it down one slot and the tuple data below it
// up by its size.
func pageIndexTupleDelete(p page.Page, off page.OffsetNumber) error {
	maxOff := p.MaxOffset()
	if off < page.FirstOffset || off > maxOff {
		return pgerr.Newf(pgerr.DataCorrupted, "invalid index offnum: %d", off).WithSeverity(pgerr.SeverityPanic)
	}
	id := p.ItemId(off)
	offset, size := id.Off(), page.MaxAlignUp(id.Len())
	if offset < p.Upper() || offset+size > p.Special() || offset != page.MaxAlignUp(offset) {
		return corruptItem(id)
	}
	pos := page.HeaderSize + 4*int(off-1)
	copy(p[pos:p.Lower()-4], p[pos+4:p.Lower()])
	upper := p.Upper()
	if offset > upper {
		copy(p[upper+size:offset+size], p[upper:offset])
	}
	p.SetUpper(upper + size)
	p.SetLower(p.Lower() - 4)
	for o := page.FirstOffset; o <= maxOff-1; o++ {
		if i := p.ItemId(o); i.Off() <= offset {
			p.SetItemId(o, page.MakeItemId(i.Off()+size, i.Flags(), i.Len()))
		}
	}
	return nil
}

func corruptItem(id page.ItemId) error {
	return pgerr.Newf(pgerr.DataCorrupted, "corrupted line pointer: offset = %d, size = %d", id.Off(), id.Len()).WithSeverity(pgerr.SeverityPanic)
}

// redoDelete is btree_xlog_delete (without hot standby, there are no
// queries to cancel for the horizon).
func redoDelete(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfBtreeDelete {
		return errShortRecord("delete", len(rec.MainData))
	}
	ndeleted := int(le.Uint16(rec.MainData[4:]))
	if le.Uint16(rec.MainData[6:]) != 0 {
		return redoPanic("btree delete record with posting list updates is not supported")
	}
	ref := rec.Block(0)
	if ref == nil {
		return redoPanic("btree delete record without block reference")
	}
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	if len(ref.Data) < 2*ndeleted {
		return errShortRecord("delete", len(ref.Data))
	}
	offs := make([]page.OffsetNumber, ndeleted)
	for i := range offs {
		offs[i] = page.OffsetNumber(le.Uint16(ref.Data[2*i:]))
	}
	p := page.Page(rb.Page())
	if err := pageIndexMultiDelete(p, offs); err != nil {
		return err
	}
	o := opaqueOf(p)
	o.setFlags(o.flags() &^ BTPHasGarbage)
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}
