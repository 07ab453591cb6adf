// Page deletion (nbtpage.c's _bt_pagedel, _bt_mark_page_halfdead,
// _bt_lock_subtree_parent, _bt_unlink_halfdead_page; nbtxlog.c's
// btree_xlog_mark_page_halfdead and btree_xlog_unlink_page): VACUUM
// takes an empty leaf out of the tree in two atomic actions. The first
// removes the downlink of the leaf, or of the topmost ancestor that
// would be left without children (the "subtree"), and marks the leaf
// half-dead, its high key pointing to that ancestor; the second, once
// per page of the subtree from the top down, unlinks the page from its
// siblings and marks it deleted with the next full transaction id
// (safexid). A deleted page keeps its sibling links, so a scan that read
// a link to it before the deletion moves right through it; it is
// recycled only when no transaction running then can still be running
// (see vacuum.go and allocBuf).
//
// Lock order, as the nbtree README requires: pages of a level left to
// right, lower levels before upper ones, the metapage last; VACUUM is
// the only deleter of an index at a time (it holds ShareUpdateExclusive
// on the table), so a half-dead page cannot come back to life.

package nbtree

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Sizes of the page deletion records (SizeOfBtreeMarkPageHalfDead,
// SizeOfBtreeUnlinkPage, SizeOfBtreeReusePage).
const (
	// poffset u16 (padded to 4), leafblk, leftblk, rightblk, topparent.
	sizeOfBtreeMarkPageHalfDead = 20
	// leftsib, rightsib, level (u32 each, padded to 16), safexid u64,
	// leafleftsib, leafrightsib, leaftopparent.
	sizeOfBtreeUnlinkPage = 36
	// RelFileNode (12 bytes), block (padded to 16), latestRemovedFullXid.
	sizeOfBtreeReusePage = 24
)

// firstNormalFullXid is FirstNormalFullTransactionId: the safexid of a
// deleted page that has none (pg_upgrade'd from before version 14).
const firstNormalFullXid = 3

// setDeleted is BTPageSetDeleted: the page becomes a tombstone holding
// safexid (BTDeletedPageData) right after the page header.
func setDeleted(p page.Page, safexid uint64) {
	o := opaqueOf(p)
	o.setFlags(o.flags()&^BTPHalfDead | BTPDeleted | BTPHasFullXid)
	p.SetLower(page.HeaderSize + 8)
	p.SetUpper(p.Special())
	le.PutUint64(p[page.HeaderSize:], safexid)
}

// deleteXid is BTPageGetDeleteXid.
func deleteXid(p page.Page) uint64 {
	if opaqueOf(p).flags()&BTPHasFullXid == 0 {
		return firstNormalFullXid
	}
	return le.Uint64(p[page.HeaderSize:])
}

// isDeleted is P_ISDELETED; isHalfDead is P_ISHALFDEAD.
func (o opaque) isDeleted() bool  { return o.flags()&BTPDeleted != 0 }
func (o opaque) isHalfDead() bool { return o.flags()&BTPHalfDead != 0 }

// pageRecyclable is BTPageIsRecyclable: a page never initialised (an
// extension whose WAL record was lost), or deleted so long ago that no
// running transaction can still hold a link to it.
func (e *Env) pageRecyclable(p page.Page) bool {
	if p.IsNew() {
		return true
	}
	o := opaqueOf(p)
	return o.isDeleted() && e.removableFullXid(deleteXid(p))
}

func (e *Env) nextFullXid() uint64 {
	if e.NextFullXid == nil {
		return 0
	}
	return e.NextFullXid()
}

func (e *Env) removableFullXid(fxid uint64) bool {
	return e.RemovableFullXid != nil && e.RemovableFullXid(fxid)
}

// pageDel is _bt_pagedel: try to delete leafbuf, a leaf VACUUM holds
// with a cleanup lock and found empty (or half-dead, left so by an
// interrupted VACUUM), then its right sibling while that is empty too
// (it may have been kept as the rightmost child of a parent that the
// first deletion emptied). leafbuf is released. Deletions of pages at
// or left of the leaf's block are counted in res.PagesNewlyDeleted.
func (e *Env) pageDel(s *searcher, leafbuf buffer.Buffer, res *BulkDeleteResult) error {
	ix := s.ix
	scanBlk := e.Pool.BlockNumber(leafbuf)
	// st leads (approximately) to the leaf; once set, the current leaf
	// is known not to be the right half of an incomplete split.
	var st *stack
	for {
		p := e.page(leafbuf)
		o := opaqueOf(p)
		if !o.isLeaf() || o.isDeleted() {
			e.Pool.UnlockRelease(leafbuf)
			return nil
		}
		// Never the rightmost page of a level nor the root, nor a page
		// that got entries meanwhile or whose split is incomplete.
		if o.isRightmost() || o.isRoot() || o.firstDataKey() <= p.MaxOffset() || o.incompleteSplit() {
			e.Pool.UnlockRelease(leafbuf)
			return nil
		}
		if !o.isHalfDead() {
			if st == nil {
				// Find the parent by searching for the high key, with the
				// leaf unlocked (a descent must not wait for it). Then
				// relock it and check everything again.
				hikey := append(itup(nil), itemAt(p, pHikey)...)
				leftsib, leafBlk := o.prev(), e.Pool.BlockNumber(leafbuf)
				e.Pool.LockBuffer(leafbuf, buffer.Unlock)
				split, err := e.leftsibSplitFlag(ix, leftsib, leafBlk)
				if err != nil || split {
					e.Pool.Release(leafbuf)
					return err
				}
				key, err := s.pivotSearchKey(hikey)
				if err != nil {
					e.Pool.Release(leafbuf)
					return err
				}
				sbuf, stk, err := s.search(key, false)
				if err != nil {
					e.Pool.Release(leafbuf)
					return err
				}
				if valid(sbuf) {
					e.Pool.UnlockRelease(sbuf)
				}
				if stk == nil {
					// The descent started at the leaf level: the leaf
					// is alone there, so it is the root or rightmost.
					e.Pool.Release(leafbuf)
					return nil
				}
				st = stk
				e.Pool.LockBuffer(leafbuf, buffer.Exclusive)
				continue
			}
			ok, err := e.markHalfDead(s, leafbuf, st)
			if err != nil || !ok {
				e.Pool.UnlockRelease(leafbuf)
				return err
			}
		}
		// Unlink the subtree's top page, then the next one down, until
		// the leaf itself is deleted.
		rightsibEmpty := false
		for opaqueOf(e.page(leafbuf)).isHalfDead() {
			ok, empty, err := e.unlinkHalfDead(ix, leafbuf, scanBlk, res)
			if err != nil || !ok {
				return err // leafbuf was released
			}
			rightsibEmpty = empty
		}
		rightsib := opaqueOf(e.page(leafbuf)).next()
		e.Pool.UnlockRelease(leafbuf)
		if err := e.interrupt(); err != nil {
			return err
		}
		if !rightsibEmpty {
			return nil
		}
		var err error
		if leafbuf, err = e.getBuf(ix, rightsib, buffer.Exclusive); err != nil {
			return err
		}
	}
}

// pivotSearchKey is the insertion scan key of a high key with
// pivotsearch set: the search ends at the leftmost leaf whose high key
// equals it, not right of it.
func (s *searcher) pivotSearchKey(hikey itup) (*scanKey, error) {
	out := make([]types.Datum, s.ix.natts())
	n, err := s.dec.decode(hikey, out, true)
	if err != nil {
		return nil, err
	}
	n = min(n, s.ix.nkeys())
	key := &scanKey{vals: out[:n], pivotSearch: true}
	if htid, ok := hikey.heapTID(); ok {
		key.tid = &htid
	}
	return key, nil
}

// leftsibSplitFlag is _bt_leftsib_splitflag: whether target's left
// sibling is the left half of a split whose downlink is missing (then
// target has no downlink and cannot be deleted yet).
func (e *Env) leftsibSplitFlag(ix *Index, leftsib, target storage.BlockNumber) (bool, error) {
	if leftsib == pNone {
		return false, nil
	}
	buf, err := e.getBuf(ix, leftsib, buffer.Share)
	if err != nil {
		return false, err
	}
	o := opaqueOf(e.page(buf))
	r := o.next() == target && o.incompleteSplit()
	e.Pool.UnlockRelease(buf)
	return r, nil
}

// rightsibHalfDead is _bt_rightsib_halfdeadflag: a half-dead right
// sibling has no downlink, which the parent check would trip over.
func (e *Env) rightsibHalfDead(ix *Index, rightsib storage.BlockNumber) (bool, error) {
	if rightsib == pNone {
		return false, nil
	}
	buf, err := e.getBuf(ix, rightsib, buffer.Share)
	if err != nil {
		return false, err
	}
	r := opaqueOf(e.page(buf)).isHalfDead()
	e.Pool.UnlockRelease(buf)
	return r, nil
}

// markHalfDead is _bt_mark_page_halfdead, the first stage: leafbuf
// (locked exclusively, empty) loses its downlink, or the subtree above
// it does, and becomes half-dead. false: it cannot be deleted now.
func (e *Env) markHalfDead(s *searcher, leafbuf buffer.Buffer, st *stack) (bool, error) {
	ix := s.ix
	lp := e.page(leafbuf)
	lo := opaqueOf(lp)
	leafBlk := e.Pool.BlockNumber(leafbuf)
	leafRightsib := lo.next()
	if hd, err := e.rightsibHalfDead(ix, leafRightsib); err != nil || hd {
		return false, err
	}
	topParent, topParentRightsib := leafBlk, leafRightsib
	pbuf, poff, ok, err := e.lockSubtreeParent(s, leafBlk, st, &topParent, &topParentRightsib)
	if err != nil || !ok {
		return false, err
	}
	pp := e.page(pbuf)
	next := poff + 1
	if next > pp.MaxOffset() || itemAt(pp, poff).downlink() != topParent {
		e.Pool.UnlockRelease(pbuf)
		return false, pgerr.Newf(pgerr.IndexCorrupted, "downlink to block %d not found at offset %d of block %d in index \"%s\"",
			topParent, poff, e.Pool.BlockNumber(pbuf), ix.Name)
	}
	if d := itemAt(pp, next).downlink(); d != topParentRightsib {
		e.Pool.UnlockRelease(pbuf)
		return false, pgerr.Newf(pgerr.IndexCorrupted, "right sibling %d of block %d is not next child %d of block %d in index \"%s\"",
			topParentRightsib, topParent, d, e.Pool.BlockNumber(pbuf), ix.Name)
	}
	topLink := storage.InvalidBlock
	if topParent != leafBlk {
		topLink = topParent
	}

	// Insertions that would have gone to the leaf go to its right
	// sibling from now on: so do the predicate locks on it.
	if e.PredicateLocks != nil {
		e.PredicateLocks.PageCombine(ix, leafBlk, leafRightsib)
	}
	e.Owner.EnterCritical()
	// The pivot that led to the subtree now leads to its right sibling,
	// whose own pivot goes: the key space moves right.
	itemAt(pp, poff).setDownlink(topParentRightsib)
	if err := pageIndexTupleDelete(pp, next); err != nil {
		return false, walPanic(err)
	}
	lo.setFlags(lo.flags() | BTPHalfDead)
	// The high key becomes a dummy pivot pointing to the subtree's top.
	if err := pageIndexTupleDelete(lp, pHikey); err != nil {
		return false, walPanic(err)
	}
	if lp.AddItem(minusInfinity(topLink), pHikey, false, false) == page.InvalidOffset {
		return false, pgerr.Newf(pgerr.InternalError, "could not overwrite high key in half-dead page").WithSeverity(pgerr.SeverityPanic)
	}
	e.Pool.MarkDirty(pbuf)
	e.Pool.MarkDirty(leafbuf)
	if e.needsWAL(ix) {
		rb := e.record(xlog.RmgrBtree, XLogBtreeMarkPageHalf)
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, leafBlk, lp, xlog.RegBufWillInit)
		rb.RegisterBuffer(1, ix.Locator, storage.MainFork, e.Pool.BlockNumber(pbuf), pp, xlog.RegBufStandard)
		main := make([]byte, sizeOfBtreeMarkPageHalfDead)
		le.PutUint16(main[0:], uint16(poff))
		le.PutUint32(main[4:], uint32(leafBlk))
		le.PutUint32(main[8:], uint32(lo.prev()))
		le.PutUint32(main[12:], uint32(lo.next()))
		le.PutUint32(main[16:], uint32(topLink))
		rb.SetMainData(main)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return false, walPanic(err)
		}
		pp.SetLSN(lsn)
		lp.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(pbuf)
	return true, nil
}

// lockSubtreeParent is _bt_lock_subtree_parent: lock the parent of
// child exclusively if child is not its rightmost child; if child is
// its only child (and the parent is not rightmost on its level), the
// parent goes too, so look one level up (topParent and its right
// sibling follow). false: nothing can be deleted.
func (e *Env) lockSubtreeParent(s *searcher, child storage.BlockNumber, st *stack, topParent, topParentRightsib *storage.BlockNumber) (buffer.Buffer, page.OffsetNumber, bool, error) {
	if st == nil {
		return buffer.InvalidBuffer, 0, false, nil
	}
	pbuf, err := s.getStackBuf(st, child)
	if err != nil || !valid(pbuf) {
		// A missing downlink means corruption; VACUUM goes on without
		// deleting (PostgreSQL logs it).
		return buffer.InvalidBuffer, 0, false, err
	}
	parent, poff := st.blkno, st.offset
	p := e.page(pbuf)
	o := opaqueOf(p)
	if poff < p.MaxOffset() {
		return pbuf, poff, true, nil
	}
	if poff != o.firstDataKey() || o.isRightmost() {
		e.Pool.UnlockRelease(pbuf)
		return buffer.InvalidBuffer, 0, false, nil
	}
	*topParent, *topParentRightsib = parent, o.next()
	leftsibParent := o.prev()
	// Letting go of the parent is safe: it gains entries only when a
	// child splits, and the leaf below is locked.
	e.Pool.UnlockRelease(pbuf)
	if split, err := e.leftsibSplitFlag(s.ix, leftsibParent, parent); err != nil || split {
		return buffer.InvalidBuffer, 0, false, err
	}
	return e.lockSubtreeParent(s, parent, st.parent, topParent, topParentRightsib)
}

// unlinkHalfDead is _bt_unlink_halfdead_page, the second stage: unlink
// the top page of leafbuf's half-dead subtree (the leaf itself at last)
// from its siblings and mark it deleted. leafbuf is locked exclusively
// on entry and on a true return; on false or an error it is released.
// rightsibEmpty tells whether the target's right sibling is empty.
func (e *Env) unlinkHalfDead(ix *Index, leafbuf buffer.Buffer, scanBlk storage.BlockNumber, res *BulkDeleteResult) (ok, rightsibEmpty bool, err error) {
	leafBlk := e.Pool.BlockNumber(leafbuf)
	lp := e.page(leafbuf)
	lo := opaqueOf(lp)
	target := itemAt(lp, pHikey).downlink()
	leafLeftsib, leafRightsib := lo.prev(), lo.next()
	e.Pool.LockBuffer(leafbuf, buffer.Unlock)
	if err := e.interrupt(); err != nil {
		e.Pool.Release(leafbuf)
		return false, false, err
	}

	var buf buffer.Buffer
	var leftsib storage.BlockNumber
	var targetLevel uint32
	if target == storage.InvalidBlock {
		target, buf, leftsib = leafBlk, leafbuf, leafLeftsib
	} else {
		if buf, err = e.getBuf(ix, target, buffer.Share); err != nil {
			e.Pool.Release(leafbuf)
			return false, false, err
		}
		to := opaqueOf(e.page(buf))
		leftsib, targetLevel = to.prev(), to.level()
		e.Pool.LockBuffer(buf, buffer.Unlock)
	}
	// From here on: leafbuf locked (if not the target), buf pinned.
	releaseTarget := func() {
		if target != leafBlk {
			e.Pool.Release(buf)
			e.Pool.UnlockRelease(leafbuf)
		} else {
			e.Pool.Release(leafbuf)
		}
	}
	if target != leafBlk {
		e.Pool.LockBuffer(leafbuf, buffer.Exclusive)
	}
	// The left sibling, found moving right from the one remembered
	// (it may have split meanwhile).
	lbuf := buffer.InvalidBuffer
	if leftsib != pNone {
		if lbuf, err = e.getBuf(ix, leftsib, buffer.Exclusive); err != nil {
			releaseTarget()
			return false, false, err
		}
		for {
			o := opaqueOf(e.page(lbuf))
			if !o.isDeleted() && o.next() == target {
				break
			}
			leftsibValid := !(o.isRightmost() || o.isDeleted() || leftsib == o.next())
			leftsib = o.next()
			e.Pool.UnlockRelease(lbuf)
			if !leftsibValid {
				releaseTarget()
				// PostgreSQL logs this and VACUUM goes on.
				return false, false, nil
			}
			if err := e.interrupt(); err != nil {
				releaseTarget()
				return false, false, err
			}
			if lbuf, err = e.getBuf(ix, leftsib, buffer.Exclusive); err != nil {
				releaseTarget()
				return false, false, err
			}
		}
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	tp := e.page(buf)
	to := opaqueOf(tp)
	fail := func(err error) (bool, bool, error) {
		if valid(lbuf) {
			e.Pool.UnlockRelease(lbuf)
		}
		if target != leafBlk {
			e.Pool.UnlockRelease(buf)
		}
		e.Pool.UnlockRelease(leafbuf)
		return false, false, err
	}
	if to.isRightmost() || to.isRoot() || to.isDeleted() {
		return fail(pgerr.Newf(pgerr.InternalError, "target page changed status unexpectedly in block %d of index \"%s\"", target, ix.Name))
	}
	if to.prev() != leftsib {
		return fail(pgerr.Newf(pgerr.IndexCorrupted, "target page left link unexpectedly changed from %d to %d in block %d of index \"%s\"",
			leftsib, to.prev(), target, ix.Name))
	}
	leafTopParent := storage.InvalidBlock
	if target == leafBlk {
		if to.firstDataKey() <= tp.MaxOffset() || !to.isLeaf() || !to.isHalfDead() {
			return fail(pgerr.Newf(pgerr.InternalError, "target leaf page changed status unexpectedly in block %d of index \"%s\"", target, ix.Name))
		}
	} else {
		if to.firstDataKey() != tp.MaxOffset() || to.isLeaf() {
			return fail(pgerr.Newf(pgerr.InternalError, "target internal page on level %d changed status unexpectedly in block %d of index \"%s\"",
				targetLevel, target, ix.Name))
		}
		// The next page down the subtree, unless that is the leaf.
		if leafTopParent = itemAt(tp, to.firstDataKey()).downlink(); leafTopParent == leafBlk {
			leafTopParent = storage.InvalidBlock
		}
	}
	rightsib := to.next()
	rbuf, err := e.getBuf(ix, rightsib, buffer.Exclusive)
	if err != nil {
		return fail(err)
	}
	rp := e.page(rbuf)
	ro := opaqueOf(rp)
	if ro.prev() != target {
		e.Pool.UnlockRelease(rbuf)
		return fail(pgerr.Newf(pgerr.IndexCorrupted, "right sibling's left-link doesn't match: block %d links to %d instead of expected %d in index \"%s\"",
			rightsib, ro.prev(), target, ix.Name))
	}
	rightsibEmpty = ro.firstDataKey() > rp.MaxOffset()
	// Deleting the next-to-last page of a level leaves the right
	// sibling alone there: a candidate for the fast root.
	metabuf := buffer.InvalidBuffer
	var md Meta
	if leftsib == pNone && ro.isRightmost() {
		if metabuf, err = e.getBuf(ix, MetaBlock, buffer.Exclusive); err != nil {
			e.Pool.UnlockRelease(rbuf)
			return fail(err)
		}
		if md = readMeta(e.page(metabuf)); md.FastLevel > targetLevel+1 {
			e.Pool.UnlockRelease(metabuf)
			metabuf = buffer.InvalidBuffer
		}
	}

	// A scan holding a stale link to the target advertises an xmin no
	// later than this, so the page stays a tombstone until every such
	// transaction is gone.
	safexid := e.nextFullXid()
	e.Owner.EnterCritical()
	var lpage page.Page
	if valid(lbuf) {
		lpage = e.page(lbuf)
		opaqueOf(lpage).setNext(rightsib)
	}
	ro.setPrev(leftsib)
	if target != leafBlk {
		itemAt(lp, pHikey).setDownlink(leafTopParent)
	}
	setDeleted(tp, safexid)
	to.setCycleID(0)
	var metapg page.Page
	if valid(metabuf) {
		metapg = e.page(metabuf)
		md.FastRoot, md.FastLevel = rightsib, targetLevel
		writeMeta(metapg, md)
		e.Pool.MarkDirty(metabuf)
	}
	e.Pool.MarkDirty(rbuf)
	e.Pool.MarkDirty(buf)
	if valid(lbuf) {
		e.Pool.MarkDirty(lbuf)
	}
	if target != leafBlk {
		e.Pool.MarkDirty(leafbuf)
	}
	if e.needsWAL(ix) {
		info := uint8(XLogBtreeUnlinkPage)
		if valid(metabuf) {
			info = XLogBtreeUnlinkPageMeta
		}
		rb := e.record(xlog.RmgrBtree, info)
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, target, tp, xlog.RegBufWillInit)
		if valid(lbuf) {
			rb.RegisterBuffer(1, ix.Locator, storage.MainFork, leftsib, lpage, xlog.RegBufStandard)
		}
		rb.RegisterBuffer(2, ix.Locator, storage.MainFork, rightsib, rp, xlog.RegBufStandard)
		if target != leafBlk {
			rb.RegisterBuffer(3, ix.Locator, storage.MainFork, leafBlk, lp, xlog.RegBufWillInit)
		}
		main := make([]byte, sizeOfBtreeUnlinkPage)
		le.PutUint32(main[0:], uint32(leftsib))
		le.PutUint32(main[4:], uint32(rightsib))
		le.PutUint32(main[8:], targetLevel)
		le.PutUint64(main[16:], safexid)
		le.PutUint32(main[24:], uint32(leafLeftsib))
		le.PutUint32(main[28:], uint32(leafRightsib))
		le.PutUint32(main[32:], uint32(leafTopParent))
		rb.SetMainData(main)
		if valid(metabuf) {
			rb.RegisterBuffer(4, ix.Locator, storage.MainFork, MetaBlock, metapg, xlog.RegBufWillInit|xlog.RegBufStandard)
			rb.RegisterBufData(4, encodeMetadata(make([]byte, 0, sizeOfBtreeMetadata), md))
		}
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return false, false, walPanic(err)
		}
		tp.SetLSN(lsn)
		rp.SetLSN(lsn)
		if lpage != nil {
			lpage.SetLSN(lsn)
		}
		if target != leafBlk {
			lp.SetLSN(lsn)
		}
		if metapg != nil {
			metapg.SetLSN(lsn)
		}
	}
	e.Owner.ExitCritical()
	if valid(metabuf) {
		e.Pool.UnlockRelease(metabuf)
		delete(e.roots, ix.Locator)
	}
	if valid(lbuf) {
		e.Pool.UnlockRelease(lbuf)
	}
	e.Pool.UnlockRelease(rbuf)
	if target != leafBlk {
		e.Pool.UnlockRelease(buf)
	}
	// Pages right of the block VACUUM is at are counted when it gets
	// there (pages_newly_deleted's rule).
	if target <= scanBlk {
		res.PagesNewlyDeleted++
	}
	return true, rightsibEmpty, nil
}

// redoMarkPageHalfDead is btree_xlog_mark_page_halfdead: the parent
// loses the pivot after the subtree's downlink (which takes its
// downlink), and the leaf is rebuilt half-dead.
func redoMarkPageHalfDead(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	d := rec.MainData
	if len(d) < sizeOfBtreeMarkPageHalfDead {
		return errShortRecord("mark page halfdead", len(d))
	}
	poff := page.OffsetNumber(le.Uint16(d[0:]))
	left, right := storage.BlockNumber(le.Uint32(d[8:])), storage.BlockNumber(le.Uint32(d[12:]))
	topParent := storage.BlockNumber(le.Uint32(d[16:]))
	action, pb, err := xlog.ReadBufferForRedo(rec, 1, src)
	if err != nil {
		return err
	}
	if pb != nil {
		if action == xlog.BlockNeedsRedo {
			p := page.Page(pb.Page())
			if poff+1 > p.MaxOffset() {
				pb.Release()
				return redoPanic("btree mark page halfdead: offset %d beyond the parent's items", poff+1)
			}
			rightsib := itemAt(p, poff+1).downlink()
			itemAt(p, poff).setDownlink(rightsib)
			if err := pageIndexTupleDelete(p, poff+1); err != nil {
				pb.Release()
				return err
			}
			p.SetLSN(rec.EndLSN)
			pb.MarkDirty()
		}
		pb.Release()
	}
	lb, err := xlog.InitBufferForRedo(rec, 0, src)
	if err != nil || lb == nil {
		return err
	}
	defer lb.Release()
	p := page.Page(lb.Page())
	initHalfDeadLeaf(p, left, right, topParent)
	p.SetLSN(rec.EndLSN)
	lb.MarkDirty()
	return nil
}

// initHalfDeadLeaf builds a half-dead leaf from scratch: its links and a
// dummy high key pointing to the subtree's top (InvalidBlock: itself).
func initHalfDeadLeaf(p page.Page, left, right, topParent storage.BlockNumber) {
	initPage(p)
	o := opaqueOf(p)
	o.setPrev(left)
	o.setNext(right)
	o.setLevel(0)
	o.setFlags(BTPHalfDead | BTPLeaf)
	o.setCycleID(0)
	p.AddItem(minusInfinity(topParent), pHikey, false, false)
}

// redoUnlinkPage is btree_xlog_unlink_page: left sibling's right link,
// the target rebuilt as a deleted page, right sibling's left link, the
// half-dead leaf rebuilt with its next top parent, the metapage.
func redoUnlinkPage(rec *xlog.DecodedRecord, src xlog.RedoBufferSource, withMeta bool) error {
	d := rec.MainData
	if len(d) < sizeOfBtreeUnlinkPage {
		return errShortRecord("unlink page", len(d))
	}
	leftsib, rightsib := storage.BlockNumber(le.Uint32(d[0:])), storage.BlockNumber(le.Uint32(d[4:]))
	level := le.Uint32(d[8:])
	safexid := le.Uint64(d[16:])
	leafLeft, leafRight := storage.BlockNumber(le.Uint32(d[24:])), storage.BlockNumber(le.Uint32(d[28:]))
	leafTop := storage.BlockNumber(le.Uint32(d[32:]))
	setLink := func(id uint8, f func(o opaque)) error {
		action, b, err := xlog.ReadBufferForRedo(rec, id, src)
		if err != nil || b == nil {
			return err
		}
		defer b.Release()
		if action == xlog.BlockNeedsRedo {
			p := page.Page(b.Page())
			f(opaqueOf(p))
			p.SetLSN(rec.EndLSN)
			b.MarkDirty()
		}
		return nil
	}
	if leftsib != pNone {
		if err := setLink(1, func(o opaque) { o.setNext(rightsib) }); err != nil {
			return err
		}
	}
	tb, err := xlog.InitBufferForRedo(rec, 0, src)
	if err != nil {
		return err
	}
	if tb != nil {
		p := page.Page(tb.Page())
		initPage(p)
		o := opaqueOf(p)
		o.setPrev(leftsib)
		o.setNext(rightsib)
		o.setLevel(level)
		setDeleted(p, safexid)
		if level == 0 {
			o.setFlags(o.flags() | BTPLeaf)
		}
		o.setCycleID(0)
		p.SetLSN(rec.EndLSN)
		tb.MarkDirty()
		tb.Release()
	}
	if err := setLink(2, func(o opaque) { o.setPrev(leftsib) }); err != nil {
		return err
	}
	if rec.Block(3) != nil {
		lb, err := xlog.InitBufferForRedo(rec, 3, src)
		if err != nil {
			return err
		}
		if lb != nil {
			p := page.Page(lb.Page())
			initHalfDeadLeaf(p, leafLeft, leafRight, leafTop)
			p.SetLSN(rec.EndLSN)
			lb.MarkDirty()
			lb.Release()
		}
	}
	if withMeta {
		return restoreMeta(rec, 4, src)
	}
	return nil
}

// describeMarkPageHalfDead and describeUnlinkPage are btree_desc's.
func describeMarkPageHalfDead(d []byte) string {
	if len(d) < sizeOfBtreeMarkPageHalfDead {
		return ""
	}
	return fmt.Sprintf("topparent %d; leaf %d; left %d; right %d", le.Uint32(d[16:]), le.Uint32(d[4:]), le.Uint32(d[8:]), le.Uint32(d[12:]))
}

func describeUnlinkPage(d []byte) string {
	if len(d) < sizeOfBtreeUnlinkPage {
		return ""
	}
	safexid := le.Uint64(d[16:])
	return fmt.Sprintf("left %d; right %d; level %d; safexid %d:%d; leafleft %d; leafright %d; leaftopparent %d",
		le.Uint32(d[0:]), le.Uint32(d[4:]), le.Uint32(d[8:]), uint32(safexid>>32), uint32(safexid),
		le.Uint32(d[24:]), le.Uint32(d[28:]), le.Uint32(d[32:]))
}

func describeReusePage(d []byte) string {
	if len(d) < sizeOfBtreeReusePage {
		return ""
	}
	x := le.Uint64(d[16:])
	return fmt.Sprintf("rel %d/%d/%d; latestRemovedXid %d:%d", le.Uint32(d[0:]), le.Uint32(d[4:]), le.Uint32(d[8:]), uint32(x>>32), uint32(x))
}
