// Inserting one index tuple (nbtinsert.c): _bt_doinsert, the uniqueness
// check (_bt_check_unique), _bt_findinsertloc, _bt_insertonpg, page
// splits (_bt_split; the split point is chosen in splitloc.go), the downlink
// insertion into the parent (_bt_insert_parent, _bt_getstackbuf,
// _bt_finish_split) and new roots (_bt_newroot, and nbtpage.c's
// _bt_getroot for an empty index).

package nbtree

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// HeapState is what the caller's uniqueness callback says about the heap
// row an equal index entry points to (what PostgreSQL learns with
// SnapshotDirty in _bt_check_unique).
type HeapState int

const (
	// HeapDead: no version of the row is live or can become live (every
	// version dead to all): no conflict, and the entry is marked LP_DEAD.
	HeapDead HeapState = iota
	// HeapLive: a committed live row, or one the inserting transaction
	// itself inserted: a unique violation.
	HeapLive
	// HeapInProgress: a running transaction (the xid returned) inserted
	// or deleted the row: Insert lets go of its locks, calls Wait and
	// starts over.
	HeapInProgress
	// HeapNotLive: the row is not live (deleted by a committed
	// transaction, say) but may still be visible to some snapshot: no
	// conflict, and the entry is left alone.
	HeapNotLive
)

// HeapAccess is what Insert may ask of the table. For a unique index,
// Check is called with the leaf page locked and must not wait for
// anything; Wait is called with no page locked (XactLockTableWait).
// DeleteHorizon, if set, lets an insertion that finds its leaf full first
// remove the entries marked LP_DEAD (_bt_delitems_delete): given their
// heap TIDs, it returns the latest xid among the removed rows' deleters
// (the snapshot conflict horizon a hot standby needs); without it, dead
// entries stay until VACUUM.
type HeapAccess struct {
	Check         func(htid TID) (state HeapState, xid uint32, err error)
	Wait          func(xid uint32) error
	DeleteHorizon func(htids []TID) (xid uint32, err error)
	// ConflictIn, if set, is called with the leaf the entry goes into,
	// locked, before it goes in (CheckForSerializableConflictIn on the
	// index page): the serializable readers of the leaf's key range meet
	// the insertion. An error abandons the insertion.
	ConflictIn func(leaf storage.BlockNumber) error
}

// UniqueViolation is Insert's error when an equal key's row is live:
// PostgreSQL's 23505 "duplicate key value violates unique constraint".
// Conflict is the live row's heap TID. The caller adds the DETAIL
// ("Key (a)=(1) already exists."), which needs the columns' names and
// output functions.
type UniqueViolation struct {
	Index    string
	Conflict TID
}

func (u *UniqueViolation) Error() string {
	return fmt.Sprintf("duplicate key value violates unique constraint \"%s\"", u.Index)
}

// PgError is the violation as a PostgreSQL error, SQLSTATE 23505.
func (u *UniqueViolation) PgError() *pgerr.Error {
	return pgerr.New(pgerr.UniqueViolation, u.Error())
}

// AsUniqueViolation is errors.As for a *UniqueViolation. Without an
// error it allocates nothing (errors.As's target escapes), which matters
// on the path of every inserted row.
func AsUniqueViolation(err error) (*UniqueViolation, bool) {
	if err == nil {
		return nil, false
	}
	var uv *UniqueViolation
	ok := errors.As(err, &uv)
	return uv, ok
}

// walPanic turns a failure inside a critical section into a PANIC (see
// lib/access/heap): the critical section stays open.
func walPanic(err error) error {
	pe := *pgerr.As(err)
	pe.Severity = pgerr.SeverityPanic
	return &pe
}

// Insert adds the entry (values, htid) to the index (btinsert,
// _bt_doinsert). values has one Datum per attribute (the key columns,
// then the INCLUDE ones). With heap.Check
// (and Index.Unique) it first checks that no live row has an equal key,
// unless a key is NULL and the index is not NULLS NOT DISTINCT; the leaf
// page stays locked from that check to the insertion, so of two
// concurrent inserters of one key the second sees the first's entry.
func Insert(e *Env, ix *Index, values []types.Datum, htid TID, heap *HeapAccess) error {
	if len(values) != ix.natts() {
		return pgerr.Newf(pgerr.InternalError, "index \"%s\" has %d columns, got %d values", ix.Name, ix.natts(), len(values))
	}
	if valid(e.run.buf) {
		// An append run's leaf is let go before anything else reaches
		// for a page.
		if err := e.EndAppendRun(); err != nil {
			return err
		}
	}
	s := e.inserter(ix)
	t, err := s.formInsertTuple(values, htid)
	if err != nil {
		return err
	}
	if t.size() > MaxItemSize {
		return errRowTooBig(ix, t.size(), htid)
	}
	keys := values[:ix.nkeys()]
	s.insertTID = htid
	s.insertKey = scanKey{vals: keys, tid: &s.insertTID}
	key := &s.insertKey
	defer func() { s.insertKey.vals = nil }()
	checking := ix.Unique && heap != nil && heap.Check != nil
	if checking && !ix.NullsNotDistinct {
		for _, v := range keys {
			if v.IsNull() {
				checking = false
			}
		}
	}
	for {
		if checking {
			key.tid = nil
		}
		buf, st, err := s.searchInsert(key, len(t))
		if err != nil {
			return err
		}
		if checking {
			xwait, err := s.checkUnique(key, buf, heap)
			if _, isUV := AsUniqueViolation(err); isUV && heap.ConflictIn != nil {
				// A serializable transaction whose snapshot does not
				// see the duplicate may have read the key's absence:
				// the rw-conflict is reported first, as a serialization
				// failure explains the violation.
				if cerr := heap.ConflictIn(e.Pool.BlockNumber(buf)); cerr != nil {
					err = cerr
				}
			}
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return err
			}
			if xwait != 0 {
				e.Pool.UnlockRelease(buf)
				if heap.Wait == nil {
					return pgerr.Newf(pgerr.InternalError, "cannot wait for transaction %d without HeapAccess.Wait", xwait)
				}
				if err := heap.Wait(xwait); err != nil {
					return err
				}
				continue
			}
			key.tid = &s.insertTID
		}
		buf, off, err := s.findInsertLoc(key, buf, st, checking, len(t), heap)
		if err != nil {
			return err
		}
		if heap != nil && heap.ConflictIn != nil {
			if err := heap.ConflictIn(e.Pool.BlockNumber(buf)); err != nil {
				e.Pool.UnlockRelease(buf)
				return err
			}
		}
		return s.insertOnPage(buf, buffer.InvalidBuffer, st, t, off, false)
	}
}

// fastpathMinLevel is BTREE_FASTPATH_MIN_LEVEL: the cached rightmost
// leaf is used only in trees this tall. PostgreSQL waits for level 2;
// here the descent through a level-1 root (a lock, a binary search of up
// to several hundred downlinks, a second buffer) costs measurably more
// than the fastpath's checks, which COPY of ascending keys passes for
// all but the first leaf's rows (about a fifth of a million-row load's
// rows arrive while the root is at level 1). The cached leaf is never
// the root, and it is checked before use, so the level only decides
// when the fastpath starts.
const fastpathMinLevel = 1

// searchInsert is _bt_search_insert: the leaf for an insertion, locked
// exclusively. The rightmost leaf cached by the last insertion is used
// without a descent (and with no stack) when it can be locked at once,
// is still the rightmost leaf, has room for the entry without a split,
// and its first entry is below the key; otherwise the tree is searched.
func (s *searcher) searchInsert(key *scanKey, itemSize int) (buffer.Buffer, *stack, error) {
	e, ix := s.e, s.ix
	if blk := s.target; blk != pNone {
		s.target = pNone
		if buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk); err == nil {
			if e.Pool.ConditionalLockBuffer(buf) {
				p := e.page(buf)
				o := opaqueOf(p)
				use := false
				if e.checkPage(ix, buf) == nil && o.isRightmost() && o.isLeaf() && !o.ignore() &&
					p.FreeSpace() > itemSize && p.MaxOffset() >= pHikey {
					r, err := s.compare(key, p, pHikey)
					if err != nil {
						e.Pool.UnlockRelease(buf)
						return buffer.InvalidBuffer, nil, err
					}
					use = r > 0
				}
				if use {
					s.target = blk
					e.fastpathHits++
					return buf, nil, nil
				}
				e.Pool.UnlockRelease(buf)
			} else {
				e.Pool.Release(buf)
			}
		}
	}
	return s.search(key, true)
}

// setItemDead marks an item LP_DEAD keeping its storage, holding only a
// share lock (a hint, like heap hint bits): one atomic store of the line
// pointer, then BTP_HAS_GARBAGE and MarkDirtyHint.
func (e *Env) setItemDead(buf buffer.Buffer, off page.OffsetNumber) {
	p := e.page(buf)
	id := p.ItemId(off)
	if id.IsDead() {
		return
	}
	nid := page.MakeItemId(id.Off(), page.LPDead, id.Len())
	atomic.StoreUint32((*uint32)(unsafe.Pointer(&p[page.HeaderSize+4*(int(off)-1)])), uint32(nid))
	o := opaqueOf(p)
	if o.flags()&BTPHasGarbage == 0 {
		o.setFlags(o.flags() | BTPHasGarbage)
	}
	e.Pool.MarkDirtyHint(buf)
}

// checkUnique is _bt_check_unique: visit every entry equal to key (which
// has no heap TID) from its first position on the locked leaf buf,
// stepping right (share locks, buf kept) while the high key is equal.
// It returns the xid to wait for, or a *UniqueViolation.
//
// When no entry on buf has the key, the offset found is saved in
// s.bounds: it is also where the entry with its heap TID goes.
func (s *searcher) checkUnique(key *scanKey, buf buffer.Buffer, heap *HeapAccess) (uint32, error) {
	e, ix := s.e, s.ix
	s.bounds.valid = false
	off, err := s.binsrch(key, e.page(buf))
	if err != nil {
		return 0, err
	}
	// noEqual: nothing examined so far equals the key.
	noEqual := func(off page.OffsetNumber) {
		s.bounds = boundsCache{valid: true, buf: buf, off: off}
	}
	first := off
	nbuf := buffer.InvalidBuffer
	defer func() {
		if valid(nbuf) {
			e.Pool.UnlockRelease(nbuf)
		}
	}()
	cur := buf
	for {
		p := e.page(cur)
		o := opaqueOf(p)
		if off <= p.MaxOffset() {
			if !p.ItemId(off).IsDead() {
				r, err := s.compare(key, p, off)
				if err != nil {
					return 0, err
				}
				if r != 0 {
					if cur == buf && off == first {
						noEqual(first)
					}
					return 0, nil
				}
				htid, _ := itemAt(p, off).heapTID()
				state, xid, err := heap.Check(htid)
				if err != nil {
					return 0, err
				}
				switch state {
				case HeapInProgress:
					return xid, nil
				case HeapLive:
					return 0, &UniqueViolation{Index: ix.Name, Conflict: htid}
				case HeapDead:
					e.setItemDead(cur, off)
				}
			}
			off++
			continue
		}
		if o.isRightmost() {
			if cur == buf && off == first {
				noEqual(first)
			}
			return 0, nil
		}
		r, err := s.compare(key, p, pHikey)
		if err != nil {
			return 0, err
		}
		if r != 0 {
			if cur == buf && off == first {
				noEqual(first)
			}
			return 0, nil
		}
		for {
			next := o.next()
			if nbuf, err = e.relAndGetBuf(ix, nbuf, next, buffer.Share); err != nil {
				return 0, err
			}
			o = opaqueOf(e.page(nbuf))
			if !o.ignore() {
				break
			}
			if o.isRightmost() {
				return 0, pgerr.Newf(pgerr.InternalError, "fell off the end of index \"%s\"", ix.Name)
			}
		}
		cur = nbuf
		off = o.firstDataKey()
	}
}

// findInsertLoc is _bt_findinsertloc: the offset for the new entry on
// buf, or on a page to its right after a uniqueness check (which started
// at the first page an equal key could be on). A page without room for
// the entry first loses its LP_DEAD entries, if the caller can tell their
// horizon. buf stays locked.
func (s *searcher) findInsertLoc(key *scanKey, buf buffer.Buffer, st *stack, checking bool, itemSize int, heap *HeapAccess) (buffer.Buffer, page.OffsetNumber, error) {
	e, ix := s.e, s.ix
	fail := func(err error) (buffer.Buffer, page.OffsetNumber, error) {
		e.Pool.UnlockRelease(buf)
		return buffer.InvalidBuffer, 0, err
	}
	if checking {
		for {
			o := opaqueOf(e.page(buf))
			if o.isRightmost() {
				break
			}
			r, err := s.compare(key, e.page(buf), pHikey)
			if err != nil {
				return fail(err)
			}
			if r <= 0 {
				break
			}
			// _bt_stepright: lock the right sibling before letting go.
			rblk := o.next()
			rbuf := buffer.InvalidBuffer
			for {
				if rbuf, err = e.relAndGetBuf(ix, rbuf, rblk, buffer.Exclusive); err != nil {
					return fail(err)
				}
				ro := opaqueOf(e.page(rbuf))
				if ro.incompleteSplit() {
					if err := s.finishSplit(rbuf, st); err != nil {
						return fail(err)
					}
					rbuf = buffer.InvalidBuffer
					continue
				}
				if !ro.ignore() {
					break
				}
				if ro.isRightmost() {
					e.Pool.UnlockRelease(rbuf)
					return fail(pgerr.Newf(pgerr.InternalError, "fell off the end of index \"%s\"", ix.Name))
				}
				rblk = ro.next()
			}
			e.Pool.UnlockRelease(buf)
			buf = rbuf
		}
	}
	p := e.page(buf)
	bounds := s.bounds
	s.bounds.valid = false
	if p.FreeSpace() < itemSize && heap != nil && heap.DeleteHorizon != nil {
		bounds.valid = false
		if err := s.deleteDeadItems(buf, heap.DeleteHorizon); err != nil {
			return fail(err)
		}
	}
	if checking && bounds.valid && bounds.buf == buf {
		// The uniqueness check's search of this page found no entry
		// with the key: the entry with its heap TID goes where the key
		// would.
		return buf, bounds.off, nil
	}
	off, err := s.binsrch(key, p)
	if err != nil {
		return fail(err)
	}
	if off <= p.MaxOffset() {
		r, err := s.compare(key, p, off)
		if err != nil {
			return fail(err)
		}
		if r == 0 {
			return fail(pgerr.Newf(pgerr.InternalError, "index \"%s\" already has an entry for heap tuple %s", ix.Name, key.tid))
		}
	}
	return buf, off, nil
}

// insertOnPage is _bt_insertonpg: put t at off on buf (locked
// exclusively), splitting the page if it is full. cbuf, when valid, is
// the left child whose split this downlink completes: its
// BTP_INCOMPLETE_SPLIT flag is cleared in the same atomic action. Both
// buffers are released. splitOnly says cbuf was alone on its level
// before it split: buf may then become the fast root (the metapage is
// updated in the same record, XLOG_BTREE_INSERT_META).
func (s *searcher) insertOnPage(buf, cbuf buffer.Buffer, st *stack, t itup, off page.OffsetNumber, splitOnly bool) error {
	e, ix := s.e, s.ix
	p := e.page(buf)
	o := opaqueOf(p)
	if p.FreeSpace() < len(t) {
		isRoot := o.isRoot()
		isOnly := o.isLeftmost() && o.isRightmost()
		rbuf, err := s.split(buf, cbuf, off, t)
		if err != nil {
			return err
		}
		if o.isLeaf() && e.PredicateLocks != nil {
			e.PredicateLocks.PageSplit(ix, e.Pool.BlockNumber(buf), e.Pool.BlockNumber(rbuf))
		}
		return s.insertParent(buf, rbuf, st, isRoot, isOnly)
	}
	metabuf := buffer.InvalidBuffer
	var md Meta
	if splitOnly {
		var err error
		if metabuf, err = e.getBuf(ix, MetaBlock, buffer.Exclusive); err != nil {
			e.Pool.UnlockRelease(buf)
			if valid(cbuf) {
				e.Pool.UnlockRelease(cbuf)
			}
			return err
		}
		if md = readMeta(e.page(metabuf)); md.FastLevel >= o.level() {
			e.Pool.UnlockRelease(metabuf)
			metabuf = buffer.InvalidBuffer
		}
	}
	isLeaf := o.isLeaf()
	// The rightmost leaf (not the root) is worth remembering for the
	// next insertion of a higher key.
	if isLeaf && o.isRightmost() && !o.isRoot() && s.rootLevel >= fastpathMinLevel {
		s.target = e.Pool.BlockNumber(buf)
	}
	e.Owner.EnterCritical()
	if p.AddItem(t, off, false, false) == page.InvalidOffset {
		return pgerr.Newf(pgerr.InternalError, "failed to add new item to block %d in index \"%s\"", e.Pool.BlockNumber(buf), ix.Name).WithSeverity(pgerr.SeverityPanic)
	}
	var cpage page.Page
	if valid(cbuf) {
		cpage = e.page(cbuf)
		co := opaqueOf(cpage)
		co.setFlags(co.flags() &^ BTPIncompleteSplit)
		e.Pool.MarkDirty(cbuf)
	}
	var metapg page.Page
	if valid(metabuf) {
		metapg = e.page(metabuf)
		md.FastRoot, md.FastLevel = e.Pool.BlockNumber(buf), o.level()
		writeMeta(metapg, md)
		e.Pool.MarkDirty(metabuf)
	}
	e.Pool.MarkDirty(buf)
	if e.needsWAL(ix) {
		info := uint8(XLogBtreeInsertLeaf)
		rb := e.record(xlog.RmgrBtree, info)
		main := s.insertMain[:]
		le.PutUint16(main, uint16(off))
		rb.SetMainData(main)
		if !isLeaf {
			upper := uint8(XLogBtreeInsertUpper)
			if metapg != nil {
				upper = XLogBtreeInsertMeta
			}
			rb.Reset(xlog.RmgrBtree, upper)
			rb.SetMainData(main)
			rb.RegisterBuffer(1, ix.Locator, storage.MainFork, e.Pool.BlockNumber(cbuf), cpage, xlog.RegBufStandard)
		}
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, xlog.RegBufStandard)
		if metapg != nil {
			rb.RegisterBuffer(2, ix.Locator, storage.MainFork, MetaBlock, metapg, xlog.RegBufWillInit|xlog.RegBufStandard)
			rb.RegisterBufData(2, encodeMetadata(make([]byte, 0, sizeOfBtreeMetadata), md))
		}
		rb.RegisterBufData(0, t)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		p.SetLSN(lsn)
		if cpage != nil {
			cpage.SetLSN(lsn)
		}
		if metapg != nil {
			metapg.SetLSN(lsn)
		}
	}
	e.Owner.ExitCritical()
	if valid(metabuf) {
		e.Pool.UnlockRelease(metabuf)
	}
	e.Pool.UnlockRelease(buf)
	if valid(cbuf) {
		e.Pool.UnlockRelease(cbuf)
	}
	return nil
}

// splitItem is one data item of a page being split, in order, with the
// new item merged in: its tuple and its offset on the original page (0
// for the new item).
type splitItem struct {
	t    itup
	orig page.OffsetNumber
}

// split is _bt_split: move the upper part of buf's items, with the new
// item t at off, to a new page to its right. The left half is built in
// private memory and copied over the original inside the critical
// section; the right half goes straight into the new buffer. The left
// page keeps BTP_INCOMPLETE_SPLIT until the parent has the downlink.
// buf stays locked; the new right page is returned locked; cbuf (for an
// internal page, the child whose split this insertion completes) is
// released. On error every buffer is released.
func (s *searcher) split(buf, cbuf buffer.Buffer, newOff page.OffsetNumber, t itup) (buffer.Buffer, error) {
	e, ix := s.e, s.ix
	release := func() {
		e.Pool.UnlockRelease(buf)
		if valid(cbuf) {
			e.Pool.UnlockRelease(cbuf)
		}
	}
	orig := e.page(buf)
	oo := opaqueOf(orig)
	origBlk := e.Pool.BlockNumber(buf)
	isLeaf := oo.isLeaf()
	isRightmost := oo.isRightmost()

	items := s.splitItems[:0]
	defer func() {
		// Keep the space, not the tuples.
		clear(items)
		s.splitItems = items[:0]
	}()
	maxOff := orig.MaxOffset()
	for off := oo.firstDataKey(); off <= maxOff+1; off++ {
		if off == newOff {
			items = append(items, splitItem{t: t})
		}
		if off <= maxOff {
			items = append(items, splitItem{t: itemAt(orig, off), orig: off})
		}
	}
	firstRightOff, newItemOnLeft, err := s.findSplitLoc(orig, newOff, t)
	if err != nil {
		release()
		return buffer.InvalidBuffer, err
	}
	// k: where the right page starts in items.
	k := -1
	for i, it := range items {
		if it.orig == firstRightOff || it.orig == 0 && !newItemOnLeft && firstRightOff == newOff {
			k = i
			break
		}
	}
	if k <= 0 {
		release()
		return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "invalid split point %d for block %d of index \"%s\"", firstRightOff, origBlk, ix.Name)
	}

	// The left half's high key.
	var hikey itup
	if isLeaf {
		if len(s.splitLV) != ix.natts() {
			s.splitLV, s.splitRV = make([]types.Datum, ix.natts()), make([]types.Datum, ix.natts())
		}
		lv, rv := s.splitLV, s.splitRV
		defer func() {
			clear(lv)
			clear(rv)
		}()
		if _, err := s.dec.decode(items[k-1].t, lv, true); err != nil {
			release()
			return buffer.InvalidBuffer, err
		}
		if _, err := s.dec.decode(items[k].t, rv, true); err != nil {
			release()
			return buffer.InvalidBuffer, err
		}
		if hikey, err = ix.truncate(items[k-1].t, items[k].t, lv, rv); err != nil {
			release()
			return buffer.InvalidBuffer, err
		}
	} else {
		hikey = append(itup(nil), items[k].t...)
	}

	left := page.Page(make([]byte, page.Size))
	initPage(left)
	lo := opaqueOf(left)
	flags := oo.flags() &^ (BTPRoot | BTPSplitEnd | BTPHasGarbage)
	lo.setFlags(flags | BTPIncompleteSplit)
	lo.setPrev(oo.prev())
	lo.setLevel(oo.level())
	// The original's LSN, which decides whether the WAL record must carry
	// an image of the page.
	left.SetLSN(orig.LSN())
	if left.AddItem(hikey, pHikey, false, false) == page.InvalidOffset {
		release()
		return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "failed to add high key to the left sibling while splitting block %d of index \"%s\"", origBlk, ix.Name)
	}
	for _, it := range items[:k] {
		if left.AddItem(it.t, left.MaxOffset()+1, false, false) == page.InvalidOffset {
			release()
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "failed to add item to the left sibling while splitting block %d of index \"%s\"", origBlk, ix.Name)
		}
	}

	rbuf, rblk, err := e.allocBuf(ix)
	if err != nil {
		release()
		return buffer.InvalidBuffer, err
	}
	right := e.page(rbuf)
	initPage(right)
	ro := opaqueOf(right)
	ro.setFlags(flags)
	ro.setPrev(origBlk)
	ro.setNext(oo.next())
	ro.setLevel(oo.level())
	lo.setNext(rblk)
	failRight := func(err error) (buffer.Buffer, error) {
		clear(right) // leave a new page behind, as PostgreSQL does
		e.Pool.UnlockRelease(rbuf)
		release()
		return buffer.InvalidBuffer, err
	}
	if !isRightmost {
		if right.AddItem(itemAt(orig, pHikey), pHikey, false, false) == page.InvalidOffset {
			return failRight(pgerr.Newf(pgerr.InternalError, "failed to add high key to the right sibling while splitting block %d of index \"%s\"", origBlk, ix.Name))
		}
	}
	for i, it := range items[k:] {
		item := it.t
		if !isLeaf && i == 0 {
			item = minusInfinity(it.t.downlink())
		}
		if right.AddItem(item, right.MaxOffset()+1, false, false) == page.InvalidOffset {
			return failRight(pgerr.Newf(pgerr.InternalError, "failed to add item to the right sibling while splitting block %d of index \"%s\"", origBlk, ix.Name))
		}
	}

	sbuf := buffer.InvalidBuffer
	if !isRightmost {
		if sbuf, err = e.getBuf(ix, oo.next(), buffer.Exclusive); err != nil {
			return failRight(err)
		}
		if sp := opaqueOf(e.page(sbuf)).prev(); sp != origBlk {
			e.Pool.UnlockRelease(sbuf)
			return failRight(pgerr.Newf(pgerr.IndexCorrupted, "right sibling's left-link doesn't match: block %d links to %d instead of expected %d in index \"%s\"",
				oo.next(), sp, origBlk, ix.Name))
		}
	}

	e.Owner.EnterCritical()
	copy(orig, left)
	var spage, cpage page.Page
	if valid(sbuf) {
		spage = e.page(sbuf)
		opaqueOf(spage).setPrev(rblk)
		e.Pool.MarkDirty(sbuf)
	}
	e.Pool.MarkDirty(buf)
	e.Pool.MarkDirty(rbuf)
	if !isLeaf {
		cpage = e.page(cbuf)
		co := opaqueOf(cpage)
		co.setFlags(co.flags() &^ BTPIncompleteSplit)
		e.Pool.MarkDirty(cbuf)
	}
	if e.needsWAL(ix) {
		info := uint8(XLogBtreeSplitR)
		if newItemOnLeft {
			info = XLogBtreeSplitL
		}
		rb := e.record(xlog.RmgrBtree, info)
		var main [sizeOfBtreeSplit]byte
		rb.SetMainData(xlBtreeSplit{level: oo.level(), firstRightOff: firstRightOff, newItemOff: newOff}.encode(main[:0]))
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, origBlk, orig, xlog.RegBufStandard)
		rb.RegisterBuffer(1, ix.Locator, storage.MainFork, rblk, right, xlog.RegBufWillInit)
		if valid(sbuf) {
			rb.RegisterBuffer(2, ix.Locator, storage.MainFork, e.Pool.BlockNumber(sbuf), spage, xlog.RegBufStandard)
		}
		if !isLeaf {
			rb.RegisterBuffer(3, ix.Locator, storage.MainFork, e.Pool.BlockNumber(cbuf), cpage, xlog.RegBufStandard)
		}
		if newItemOnLeft {
			rb.RegisterBufData(0, t)
		}
		rb.RegisterBufData(0, orig.Item(pHikey))
		rb.RegisterBufData(1, right[right.Upper():right.Special()])
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return buffer.InvalidBuffer, walPanic(err)
		}
		orig.SetLSN(lsn)
		right.SetLSN(lsn)
		if spage != nil {
			spage.SetLSN(lsn)
		}
		if cpage != nil {
			cpage.SetLSN(lsn)
		}
	}
	e.Owner.ExitCritical()
	if valid(sbuf) {
		e.Pool.UnlockRelease(sbuf)
	}
	if valid(cbuf) {
		e.Pool.UnlockRelease(cbuf)
	}
	return rbuf, nil
}

// insertParent is _bt_insert_parent: after buf split into buf and rbuf
// (both locked), insert the downlink to rbuf into the parent, or make a
// new root if buf was the root. Releases both.
func (s *searcher) insertParent(buf, rbuf buffer.Buffer, st *stack, isRoot, isOnly bool) error {
	e, ix := s.e, s.ix
	if isRoot {
		rootbuf, err := s.newRoot(buf, rbuf)
		if valid(rootbuf) {
			e.Pool.UnlockRelease(rootbuf)
		}
		e.Pool.UnlockRelease(rbuf)
		e.Pool.UnlockRelease(buf)
		return err
	}
	lp := e.page(buf)
	lblk, rblk := e.Pool.BlockNumber(buf), e.Pool.BlockNumber(rbuf)
	if st == nil {
		// The descent began at a root that has split since: find the
		// parent level's leftmost page and search from there.
		pbuf, err := e.getEndpoint(ix, opaqueOf(lp).level()+1, false, buffer.Share)
		if err == nil && !valid(pbuf) {
			err = pgerr.Newf(pgerr.InternalError, "no parent level above block %d in index \"%s\"", lblk, ix.Name)
		}
		if err != nil {
			e.Pool.UnlockRelease(rbuf)
			e.Pool.UnlockRelease(buf)
			return err
		}
		st = &stack{blkno: e.Pool.BlockNumber(pbuf), offset: page.InvalidOffset}
		e.Pool.UnlockRelease(pbuf)
	}
	downlink := append(itup(nil), itemAt(lp, pHikey)...)
	downlink.setDownlink(rblk)
	pbuf, err := s.getStackBuf(st, lblk)
	e.Pool.UnlockRelease(rbuf)
	if err == nil && !valid(pbuf) {
		err = pgerr.Newf(pgerr.InternalError, "failed to re-find parent key in index \"%s\" for split pages %d/%d", ix.Name, lblk, rblk)
	}
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return err
	}
	return s.insertOnPage(pbuf, buf, st.parent, downlink, st.offset+1, isOnly)
}

// getStackBuf is _bt_getstackbuf: lock exclusively the parent page that
// holds the downlink to child, starting where the descent found it and
// moving right; st.offset is updated. InvalidBuffer if not found.
func (s *searcher) getStackBuf(st *stack, child storage.BlockNumber) (buffer.Buffer, error) {
	e, ix := s.e, s.ix
	blk := st.blkno
	start := st.offset
	for {
		buf, err := e.getBuf(ix, blk, buffer.Exclusive)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		p := e.page(buf)
		o := opaqueOf(p)
		if o.incompleteSplit() {
			if err := s.finishSplit(buf, st.parent); err != nil {
				return buffer.InvalidBuffer, err
			}
			continue
		}
		if !o.ignore() {
			minOff, maxOff := o.firstDataKey(), p.MaxOffset()
			if start < minOff {
				start = minOff
			}
			if start > maxOff {
				start = maxOff + 1
			}
			for off := start; off <= maxOff; off++ {
				if itemAt(p, off).downlink() == child {
					st.blkno, st.offset = blk, off
					return buf, nil
				}
			}
			for off := start - 1; off >= minOff; off-- {
				if itemAt(p, off).downlink() == child {
					st.blkno, st.offset = blk, off
					return buf, nil
				}
			}
		}
		if o.isRightmost() {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, nil
		}
		blk = o.next()
		start = page.InvalidOffset
		e.Pool.UnlockRelease(buf)
		if err := e.interrupt(); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
}

// finishSplit is _bt_finish_split: lbuf (locked exclusively) split but
// its parent never got the downlink to the right half (the inserter
// died, or recovery ended between the two records): insert it now, or
// make the new root. Releases lbuf.
func (s *searcher) finishSplit(lbuf buffer.Buffer, st *stack) error {
	e, ix := s.e, s.ix
	lo := opaqueOf(e.page(lbuf))
	rbuf, err := e.getBuf(ix, lo.next(), buffer.Exclusive)
	if err != nil {
		e.Pool.UnlockRelease(lbuf)
		return err
	}
	md, err := e.getMeta(ix)
	if err != nil {
		e.Pool.UnlockRelease(rbuf)
		e.Pool.UnlockRelease(lbuf)
		return err
	}
	wasOnly := lo.isLeftmost() && opaqueOf(e.page(rbuf)).isRightmost()
	return s.insertParent(lbuf, rbuf, st, md.Root == e.Pool.BlockNumber(lbuf), wasOnly)
}

// newRoot is _bt_newroot: the root lbuf split into lbuf and rbuf; make
// a root above them (minus infinity leading to lbuf, lbuf's high key
// leading to rbuf) and point the metapage at it. Returns the new root,
// locked.
func (s *searcher) newRoot(lbuf, rbuf buffer.Buffer) (buffer.Buffer, error) {
	e, ix := s.e, s.ix
	lp := e.page(lbuf)
	lo := opaqueOf(lp)
	lblk, rblk := e.Pool.BlockNumber(lbuf), e.Pool.BlockNumber(rbuf)
	rootbuf, rootBlk, err := e.allocBuf(ix)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	metabuf, err := e.getBuf(ix, MetaBlock, buffer.Exclusive)
	if err != nil {
		return rootbuf, err
	}
	leftItem := minusInfinity(lblk)
	rightItem := append(itup(nil), itemAt(lp, pHikey)...)
	rightItem.setDownlink(rblk)

	e.Owner.EnterCritical()
	metapg := e.page(metabuf)
	md := readMeta(metapg)
	md.Root, md.Level = rootBlk, lo.level()+1
	md.FastRoot, md.FastLevel = md.Root, md.Level
	writeMeta(metapg, md)
	rp := e.page(rootbuf)
	initPage(rp)
	ro := opaqueOf(rp)
	ro.setFlags(BTPRoot)
	ro.setLevel(md.Level)
	if rp.AddItem(leftItem, pHikey, false, false) == page.InvalidOffset ||
		rp.AddItem(rightItem, pFirstKey, false, false) == page.InvalidOffset {
		return rootbuf, pgerr.Newf(pgerr.InternalError, "failed to add items to the new root page of index \"%s\"", ix.Name).WithSeverity(pgerr.SeverityPanic)
	}
	lo.setFlags(lo.flags() &^ BTPIncompleteSplit)
	e.Pool.MarkDirty(lbuf)
	e.Pool.MarkDirty(rootbuf)
	e.Pool.MarkDirty(metabuf)
	if err := e.logNewroot(ix, md, rp, metapg, lblk, lp); err != nil {
		return rootbuf, err
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(metabuf)
	return rootbuf, nil
}

// createRoot gives an empty index its first page, a leaf that is the
// root (_bt_getroot's path for btm_root == P_NONE), logged as NEWROOT at
// level 0. Returns the root's block.
func (e *Env) createRoot(ix *Index) (storage.BlockNumber, error) {
	metabuf, err := e.getBuf(ix, MetaBlock, buffer.Exclusive)
	if err != nil {
		return pNone, err
	}
	metapg := e.page(metabuf)
	md := readMeta(metapg)
	if md.Root != pNone {
		// Someone else made it meanwhile.
		e.Pool.UnlockRelease(metabuf)
		return md.FastRoot, nil
	}
	rootbuf, rootBlk, err := e.allocBuf(ix)
	if err != nil {
		e.Pool.UnlockRelease(metabuf)
		return pNone, err
	}
	e.Owner.EnterCritical()
	rp := e.page(rootbuf)
	initPage(rp)
	opaqueOf(rp).setFlags(BTPLeaf | BTPRoot)
	md.Root, md.Level, md.FastRoot, md.FastLevel = rootBlk, 0, rootBlk, 0
	writeMeta(metapg, md)
	e.Pool.MarkDirty(rootbuf)
	e.Pool.MarkDirty(metabuf)
	if err := e.logNewroot(ix, md, rp, metapg, pNone, nil); err != nil {
		return pNone, err
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(rootbuf)
	e.Pool.UnlockRelease(metabuf)
	return rootBlk, nil
}

// logNewroot logs a NEWROOT record (inside the caller's critical
// section) and stamps the pages: the new root rp, the metapage pointing
// at it (md), and the left child lp whose split it completes (nil for
// the first root leaf of an empty index).
func (e *Env) logNewroot(ix *Index, md Meta, rp, metapg page.Page, lblk storage.BlockNumber, lp page.Page) error {
	if !e.needsWAL(ix) {
		return nil
	}
	rb := e.record(xlog.RmgrBtree, XLogBtreeNewroot)
	var main [sizeOfBtreeNewroot]byte
	var mdata [sizeOfBtreeMetadata]byte
	rb.SetMainData(xlBtreeNewroot{rootBlk: md.Root, level: md.Level}.encode(main[:0]))
	rb.RegisterBuffer(0, ix.Locator, storage.MainFork, md.Root, rp, xlog.RegBufWillInit)
	if lp != nil {
		rb.RegisterBuffer(1, ix.Locator, storage.MainFork, lblk, lp, xlog.RegBufStandard)
		rb.RegisterBufData(0, rp[rp.Upper():rp.Special()])
	}
	rb.RegisterBuffer(2, ix.Locator, storage.MainFork, MetaBlock, metapg, xlog.RegBufWillInit|xlog.RegBufStandard)
	rb.RegisterBufData(2, encodeMetadata(mdata[:0], md))
	lsn, err := e.WAL.Insert(rb)
	if err != nil {
		return walPanic(err)
	}
	rp.SetLSN(lsn)
	metapg.SetLSN(lsn)
	if lp != nil {
		lp.SetLSN(lsn)
	}
	return nil
}

// allocBuf is _bt_allocbuf (_bt_getbuf with P_NEW): a page for a split
// or a new root, locked exclusively and initialised empty. A page the
// free space map offers is taken if it can be locked without waiting
// (the caller may hold it, or another process) and is still
// recyclable, since the map may be stale; otherwise the file grows.
func (e *Env) allocBuf(ix *Index) (buffer.Buffer, storage.BlockNumber, error) {
	for e.FSM != nil {
		if err := e.interrupt(); err != nil {
			return buffer.InvalidBuffer, pNone, err
		}
		// GetFreeIndexPage: any page at least half free, then marked used.
		blk, err := e.FSM.GetPageWithFreeSpace(ix.Locator, storage.BlockSize/2)
		if err != nil {
			return buffer.InvalidBuffer, pNone, err
		}
		if blk == storage.InvalidBlock {
			break
		}
		if err := e.FSM.RecordPageWithFreeSpace(ix.Locator, blk, 0); err != nil {
			return buffer.InvalidBuffer, pNone, err
		}
		buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
		if err != nil {
			return buffer.InvalidBuffer, pNone, err
		}
		if !e.Pool.ConditionalLockBuffer(buf) {
			e.Pool.Release(buf)
			continue
		}
		p := e.page(buf)
		if p.IsNew() || e.pageRecyclable(p) {
			if !p.IsNew() && e.needsWAL(ix) {
				if err := e.logReusePage(ix, blk, deleteXid(p)); err != nil {
					e.Pool.UnlockRelease(buf)
					return buffer.InvalidBuffer, pNone, err
				}
			}
			initPage(p)
			return buf, blk, nil
		}
		e.Pool.UnlockRelease(buf)
	}
	return e.Pool.ExtendRelation(ix.Locator, storage.MainFork)
}

// logReusePage is _bt_log_reuse_page: XLOG_BTREE_REUSE_PAGE tells a hot
// standby that a page deleted with safexid is being reused, so queries
// whose snapshots could still follow a link to it must be cancelled.
func (e *Env) logReusePage(ix *Index, blk storage.BlockNumber, safexid uint64) error {
	rb := e.record(xlog.RmgrBtree, XLogBtreeReusePage)
	main := make([]byte, sizeOfBtreeReusePage)
	le.PutUint32(main[0:], ix.Locator.Spc)
	le.PutUint32(main[4:], ix.Locator.DB)
	le.PutUint32(main[8:], ix.Locator.Rel)
	le.PutUint32(main[12:], uint32(blk))
	le.PutUint64(main[16:], safexid)
	rb.SetMainData(main)
	_, err := e.WAL.Insert(rb)
	return err
}
