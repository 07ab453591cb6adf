// VACUUM's pass over an index (nbtree.c's btbulkdelete and
// btvacuumcleanup, btvacuumpage; nbtpage.c's _bt_delitems_vacuum):
// every leaf entry whose heap row VACUUM is about to free is removed,
// logged as XLOG_BTREE_VACUUM.
//
// PostgreSQL reads the index in physical order and uses a vacuum cycle
// id in each page to find entries that a concurrent page split moved
// to a page already read. This pass walks the leaf level from left to
// right along the right-links instead: a split only ever moves entries
// to a new page right of the old one, which the walk has not reached,
// and a page is read under a cleanup lock, so no entry is missed
// however the tree changes meanwhile. Empty pages are not deleted (no
// page deletion yet); they stay in the tree and are reused by later
// insertions into their key range.
//
// Each leaf is taken with a cleanup lock (no other pin on it), as in
// PostgreSQL. Scans here drop a leaf's pin once they have copied its
// matching entries, which is safe for MVCC snapshots as PostgreSQL
// argues (_bt_drop_lock_and_maybe_pin): a row that later takes a freed
// line pointer was inserted after the scan's snapshot and is invisible
// to it. Uniqueness checks hold the leaf locked while they look at the
// heap, so VACUUM cannot remove an entry under them.

package nbtree

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// BulkDeleteResult is IndexBulkDeleteResult: the index's size and what
// the pass removed and kept.
type BulkDeleteResult struct {
	// Pages is the index's size in pages.
	Pages storage.BlockNumber
	// Tuples counts the leaf entries that remain; Removed, those taken
	// out.
	Tuples, Removed int64
	// EmptyPages counts leaves left without entries (PostgreSQL would
	// delete them).
	EmptyPages int64
}

// sizeOfBtreeVacuum is SizeOfBtreeVacuum: xl_btree_vacuum's ndeleted
// u16, nupdated u16; the deleted offsets are block 0's data.
const sizeOfBtreeVacuum = 4

// BulkDelete removes from ix every leaf entry whose heap TID dead
// reports (btbulkdelete). With dead nil it only counts (btvacuumcleanup
// when no row was removed).
func BulkDelete(e *Env, ix *Index, dead func(TID) bool) (BulkDeleteResult, error) {
	var res BulkDeleteResult
	nblocks, err := e.Files.NBlocks(ix.Locator, storage.MainFork)
	if err != nil {
		return res, err
	}
	res.Pages = nblocks
	buf, err := e.getEndpoint(ix, 0, false, buffer.Share)
	if err != nil || !valid(buf) {
		return res, err
	}
	blk := e.Pool.BlockNumber(buf)
	e.Pool.UnlockRelease(buf)
	for blk != pNone {
		if err := e.interrupt(); err != nil {
			return res, err
		}
		next, err := e.vacuumLeaf(ix, blk, dead, &res)
		if err != nil {
			return res, err
		}
		blk = next
	}
	return res, nil
}

// vacuumLeaf is btvacuumpage for one leaf of the walk: it returns the
// right sibling to go on with.
func (e *Env) vacuumLeaf(ix *Index, blk storage.BlockNumber, dead func(TID) bool, res *BulkDeleteResult) (storage.BlockNumber, error) {
	buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
	if err != nil {
		return pNone, err
	}
	if dead != nil {
		if err := e.Pool.LockBufferForCleanup(buf); err != nil {
			e.Pool.Release(buf)
			return pNone, err
		}
	} else {
		e.Pool.LockBuffer(buf, buffer.Share)
	}
	defer e.Pool.UnlockRelease(buf)
	if err := e.checkPage(ix, buf); err != nil {
		return pNone, err
	}
	p := e.page(buf)
	o := opaqueOf(p)
	next := o.next()
	if o.ignore() || !o.isLeaf() {
		return next, nil
	}
	var offs []page.OffsetNumber
	kept := int64(0)
	for off := o.firstDataKey(); off <= p.MaxOffset(); off++ {
		htid, ok := itemAt(p, off).heapTID()
		if ok && dead != nil && dead(htid) {
			offs = append(offs, off)
		} else {
			kept++
		}
	}
	res.Tuples += kept
	if kept == 0 {
		res.EmptyPages++
	}
	if len(offs) == 0 {
		return next, nil
	}
	e.Owner.EnterCritical()
	if err := pageIndexMultiDelete(p, offs); err != nil {
		return pNone, walPanic(err)
	}
	// The entries marked LP_DEAD may all be gone; if some are left a
	// later insertion only finds nothing to delete (_bt_delitems_vacuum).
	o.setFlags(o.flags() &^ BTPHasGarbage)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(ix) {
		rb := e.record(xlog.RmgrBtree, XLogBtreeVacuum)
		var main [sizeOfBtreeVacuum]byte
		le.PutUint16(main[0:], uint16(len(offs)))
		rb.SetMainData(main[:])
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, blk, p, xlog.RegBufStandard)
		data := make([]byte, 2*len(offs))
		for i, off := range offs {
			le.PutUint16(data[2*i:], uint16(off))
		}
		rb.RegisterBufData(0, data)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return pNone, walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	res.Removed += int64(len(offs))
	return next, nil
}

// redoVacuum is btree_xlog_vacuum.
func redoVacuum(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfBtreeVacuum {
		return errShortRecord("vacuum", len(rec.MainData))
	}
	ndeleted := int(le.Uint16(rec.MainData[0:]))
	if le.Uint16(rec.MainData[2:]) != 0 {
		return redoPanic("btree vacuum record with posting list updates is not supported")
	}
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	data := rec.Block(0).Data
	if len(data) < 2*ndeleted {
		return errShortRecord("vacuum", len(data))
	}
	offs := make([]page.OffsetNumber, ndeleted)
	for i := range offs {
		offs[i] = page.OffsetNumber(le.Uint16(data[2*i:]))
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

// describeVacuum is btree_desc for XLOG_BTREE_VACUUM.
func describeVacuum(data []byte) string {
	if len(data) < sizeOfBtreeVacuum {
		return ""
	}
	return fmt.Sprintf("ndeleted %d; nupdated %d", le.Uint16(data), le.Uint16(data[2:]))
}
