// VACUUM's pass over an index (nbtree.c's btbulkdelete and
// btvacuumcleanup, btvacuumscan, btvacuumpage; nbtpage.c's
// _bt_delitems_vacuum, _bt_vacuum_needs_cleanup, _bt_set_cleanup_info):
// every leaf entry whose heap row VACUUM is about to free is removed,
// logged as XLOG_BTREE_VACUUM; a leaf left empty is deleted
// (pagedel.go); deleted pages old enough are recorded in the index's
// free space map for splits to reuse.
//
// PostgreSQL reads the index in physical order and uses a vacuum cycle
// id in each page to find entries that a concurrent page split moved
// to a page already read. This pass walks the leaf level from left to
// right along the right-links instead: a split only ever moves entries
// to a new page right of the old one, which the walk has not reached,
// and a page is read under a cleanup lock, so no entry is missed
// however the tree changes meanwhile. After a page deletion attempt
// (which lets go of the leaf) the walk goes on from the leaf's right
// link as it is then. Deleted pages are out of the sibling chains, so a
// second pass reads every block in physical order to count them and
// find the recyclable ones (PostgreSQL does both in its one physical
// pass). "Newly deleted" counts, as PostgreSQL does, only the pages at
// or left of the block of the leaf whose deletion took them.
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

// BulkDeleteResult is IndexBulkDeleteResult: the index's size, what the
// passes removed and kept, and its deleted pages.
type BulkDeleteResult struct {
	// Pages is the index's size in pages (num_pages).
	Pages storage.BlockNumber
	// Tuples counts the leaf entries that remain (num_index_tuples);
	// Removed, those taken out by every pass so far (tuples_removed).
	Tuples, Removed int64
	// EstimatedCount: Tuples comes from a cleanup-only pass.
	EstimatedCount bool
	// PagesNewlyDeleted counts the pages the passes deleted;
	// PagesDeleted the deleted pages now in the index, of which
	// PagesFree may be recycled (and are in the free space map).
	PagesNewlyDeleted, PagesDeleted, PagesFree storage.BlockNumber
}

// sizeOfBtreeVacuum is SizeOfBtreeVacuum: xl_btree_vacuum's ndeleted
// u16, nupdated u16; the deleted offsets are block 0's data.
const sizeOfBtreeVacuum = 4

// BulkDelete removes from ix every leaf entry whose heap TID dead
// reports and deletes the leaves left empty (btbulkdelete). stats
// carries the totals of earlier passes of the same VACUUM (nil: the
// first); the result is the updated stats.
func BulkDelete(e *Env, ix *Index, dead func(TID) bool, stats *BulkDeleteResult) (*BulkDeleteResult, error) {
	if stats == nil {
		stats = &BulkDeleteResult{}
	}
	return stats, e.vacuumScan(ix, dead, stats)
}

// Cleanup is btvacuumcleanup, VACUUM's last call per index: without a
// BulkDelete pass (stats nil) it scans the index only when the deleted
// pages the last VACUUM could not recycle exceed 5% of it
// (_bt_vacuum_needs_cleanup), and returns nil when it did not scan. It
// records in the metapage how many deleted pages remain unrecyclable,
// and caps the entry count at the heap's when that is exact.
func Cleanup(e *Env, ix *Index, stats *BulkDeleteResult, numHeapTuples float64, heapEstimated bool) (*BulkDeleteResult, error) {
	if stats == nil {
		need, err := e.vacuumNeedsCleanup(ix)
		if err != nil || !need {
			return nil, err
		}
		stats = &BulkDeleteResult{}
		if err := e.vacuumScan(ix, nil, stats); err != nil {
			return nil, err
		}
		stats.EstimatedCount = true
	}
	if err := e.setCleanupInfo(ix, uint32(stats.PagesDeleted-stats.PagesFree)); err != nil {
		return nil, err
	}
	if !heapEstimated && float64(stats.Tuples) > numHeapTuples {
		stats.Tuples = int64(numHeapTuples)
	}
	return stats, nil
}

// vacuumScan is btvacuumscan: the leaves are walked left to right,
// each cleaned of the entries dead reports (none with dead nil) and
// deleted when left empty; then every page is looked at in physical
// order to count the deleted pages and record the recyclable ones in
// the free space map.
func (e *Env) vacuumScan(ix *Index, dead func(TID) bool, stats *BulkDeleteResult) error {
	stats.EstimatedCount = false
	stats.Tuples, stats.PagesDeleted, stats.PagesFree = 0, 0, 0
	s := newSearcher(e, ix)
	buf, err := e.getEndpoint(ix, 0, false, buffer.Share)
	if err != nil {
		return err
	}
	if valid(buf) {
		blk := e.Pool.BlockNumber(buf)
		e.Pool.UnlockRelease(buf)
		for blk != pNone {
			if err := e.interrupt(); err != nil {
				return err
			}
			if blk, err = e.vacuumLeaf(s, blk, dead, stats); err != nil {
				return err
			}
		}
	}
	nblocks, err := e.Files.NBlocks(ix.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	for blk := MetaBlock + 1; blk < nblocks; blk++ {
		if err := e.interrupt(); err != nil {
			return err
		}
		if err := e.countDeletedPage(ix, blk, stats); err != nil {
			return err
		}
		if blk+1 == nblocks {
			// Pages added meanwhile are looked at too.
			if nblocks, err = e.Files.NBlocks(ix.Locator, storage.MainFork); err != nil {
				return err
			}
		}
	}
	stats.Pages = nblocks
	if stats.PagesFree > 0 && e.FSM != nil {
		// IndexFreeSpaceMapVacuum: let searches find the pages.
		return e.FSM.Vacuum(ix.Locator, e.Interrupt)
	}
	return nil
}

// countDeletedPage is btvacuumpage for a page that is not a live leaf:
// a deleted page counts, and is recorded free when it may be recycled
// (RecordFreeIndexPage), as is a page never initialised.
func (e *Env) countDeletedPage(ix *Index, blk storage.BlockNumber, stats *BulkDeleteResult) error {
	buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
	if err != nil {
		return err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	p := e.page(buf)
	if !p.IsNew() {
		if err := e.checkPage(ix, buf); err != nil {
			e.Pool.UnlockRelease(buf)
			return err
		}
	}
	recyclable := e.pageRecyclable(p)
	deleted := !p.IsNew() && opaqueOf(p).isDeleted()
	e.Pool.UnlockRelease(buf)
	switch {
	case recyclable:
		if e.FSM != nil {
			if err := e.FSM.RecordPageWithFreeSpace(ix.Locator, blk, storage.BlockSize-1); err != nil {
				return err
			}
		}
		stats.PagesDeleted++
		stats.PagesFree++
	case deleted:
		stats.PagesDeleted++
	}
	return nil
}

// vacuumLeaf is btvacuumpage for one leaf of the walk: remove the dead
// entries, delete the page if it is left empty (or finish the deletion
// of a half-dead page), and return the block to go on with: the page's
// right link as it is afterwards, so that a page split off meanwhile is
// not missed.
func (e *Env) vacuumLeaf(s *searcher, blk storage.BlockNumber, dead func(TID) bool, res *BulkDeleteResult) (storage.BlockNumber, error) {
	ix := s.ix
	buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
	if err != nil {
		return pNone, err
	}
	// A cleanup lock on every leaf, entries to remove or not (see the
	// file comment); page deletion needs the page locked exclusively.
	if err := e.Pool.LockBufferForCleanup(buf); err != nil {
		e.Pool.Release(buf)
		return pNone, err
	}
	if err := e.checkPage(ix, buf); err != nil {
		e.Pool.UnlockRelease(buf)
		return pNone, err
	}
	p := e.page(buf)
	o := opaqueOf(p)
	next := o.next()
	if o.isDeleted() || !o.isLeaf() {
		e.Pool.UnlockRelease(buf)
		return next, nil
	}
	if o.isHalfDead() {
		// Left so by an interrupted VACUUM: finish the deletion.
		if err := e.pageDel(s, buf, res); err != nil {
			return pNone, err
		}
		return e.rightLink(ix, blk)
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
	if len(offs) > 0 {
		if err := e.vacuumItems(ix, buf, offs); err != nil {
			return pNone, err
		}
		res.Removed += int64(len(offs))
	}
	if kept > 0 {
		e.Pool.UnlockRelease(buf)
		return next, nil
	}
	if err := e.pageDel(s, buf, res); err != nil {
		return pNone, err
	}
	return e.rightLink(ix, blk)
}

// rightLink reads blk's right link.
func (e *Env) rightLink(ix *Index, blk storage.BlockNumber) (storage.BlockNumber, error) {
	buf, err := e.getBuf(ix, blk, buffer.Share)
	if err != nil {
		return pNone, err
	}
	next := opaqueOf(e.page(buf)).next()
	e.Pool.UnlockRelease(buf)
	return next, nil
}

// vacuumItems is _bt_delitems_vacuum: remove the entries at offs from
// the leaf buf (cleanup-locked), logged as XLOG_BTREE_VACUUM.
func (e *Env) vacuumItems(ix *Index, buf buffer.Buffer, offs []page.OffsetNumber) error {
	p := e.page(buf)
	o := opaqueOf(p)
	e.Owner.EnterCritical()
	if err := pageIndexMultiDelete(p, offs); err != nil {
		return walPanic(err)
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

// vacuumNeedsCleanup is _bt_vacuum_needs_cleanup.
func (e *Env) vacuumNeedsCleanup(ix *Index) (bool, error) {
	md, err := e.getMeta(ix)
	if err != nil {
		return false, err
	}
	nblocks, err := e.Files.NBlocks(ix.Locator, storage.MainFork)
	if err != nil {
		return false, err
	}
	prev := md.LastCleanupNumDelPages
	return prev > 0 && storage.BlockNumber(prev) > nblocks/20, nil
}

// setCleanupInfo is _bt_set_cleanup_info: the metapage remembers how
// many deleted pages VACUUM left unrecyclable, logged as
// XLOG_BTREE_META_CLEANUP; nothing is written when it is unchanged.
func (e *Env) setCleanupInfo(ix *Index, numDelPages uint32) error {
	metabuf, err := e.getBuf(ix, MetaBlock, buffer.Share)
	if err != nil {
		return err
	}
	if readMeta(e.page(metabuf)).LastCleanupNumDelPages == numDelPages {
		e.Pool.UnlockRelease(metabuf)
		return nil
	}
	e.Pool.LockBuffer(metabuf, buffer.Unlock)
	e.Pool.LockBuffer(metabuf, buffer.Exclusive)
	metapg := e.page(metabuf)
	md := readMeta(metapg)
	md.LastCleanupNumDelPages = numDelPages
	md.LastCleanupNumHeapTuples = -1
	e.Owner.EnterCritical()
	writeMeta(metapg, md)
	e.Pool.MarkDirty(metabuf)
	if e.needsWAL(ix) {
		rb := e.record(xlog.RmgrBtree, XLogBtreeMetaCleanup)
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, MetaBlock, metapg, xlog.RegBufWillInit|xlog.RegBufStandard)
		rb.RegisterBufData(0, encodeMetadata(make([]byte, 0, sizeOfBtreeMetadata), md))
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		metapg.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(metabuf)
	return nil
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
