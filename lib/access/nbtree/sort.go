// Building an index from entries in key order, bottom up (nbtsort.c's
// _bt_load, _bt_buildadd, _bt_uppershutdown): leaf pages are filled to
// the fill factor left to right; when a page is full its last item moves
// to a new page and becomes (truncated) the full page's high key, and
// the full page's low key goes up into the level above, built the same
// way. The metapage is written last. Every page is WAL-logged whole
// (log_newpage: an XLOG_FPI record) when the index needs WAL.
//
// Unlike nbtsort.c, which writes pages with smgrextend and fsyncs the
// file at the end, pages go through the shared buffer pool: each block
// is allocated (ExtendRelation) when its page is started, in the same
// order as PostgreSQL numbers them, and written into its buffer, marked
// dirty and logged when the page is complete. Checkpoints then write
// and fsync them like any other dirty page, so a crash after the
// creating transaction commits keeps the index (its pages are in the WAL
// before the commit record).

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

// levelState is one level's page being filled (BTPageState).
type levelState struct {
	pg      page.Page // private copy of the page
	blk     storage.BlockNumber
	buf     buffer.Buffer // the block's buffer, pinned, not locked
	lowKey  itup          // the page's low key: what goes up to the parent
	lastOff page.OffsetNumber
	level   uint32
	full    int // free space below which the page is full (btps_full)
	next    *levelState
}

// BuildState collects the entries of a new index in key order.
type BuildState struct {
	e       *Env
	ix      *Index
	s       *searcher
	meta    buffer.Buffer
	leaf    *levelState
	n       int
	prev    []types.Datum // the previous entry, to check the order
	prevTID TID
	live    []types.Datum // the last live entry, for unique indexes
	liveTID TID
	hasLive bool
	done    bool
	// formScratch and itupScratch are where each entry is formed (Add):
	// the page takes a copy. sparePage is a written page's private copy,
	// kept for the next new page.
	formScratch []byte
	itupScratch itup
	sparePage   page.Page
}

// DuplicateKey is the error of building a unique index over a table with
// two live rows of equal keys: PostgreSQL's 23505 "could not create
// unique index". The caller adds the DETAIL ("Key (a)=(1) is
// duplicated.").
type DuplicateKey struct {
	Index string
	TIDs  [2]TID
}

func (d *DuplicateKey) Error() string {
	return fmt.Sprintf("could not create unique index \"%s\"", d.Index)
}

// PgError is the error as PostgreSQL reports it, SQLSTATE 23505.
func (d *DuplicateKey) PgError() *pgerr.Error { return pgerr.New(pgerr.UniqueViolation, d.Error()) }

// NewBuild starts building ix, whose main fork must exist and be empty.
// The metapage's block is allocated at once, as block 0.
func NewBuild(e *Env, ix *Index) (*BuildState, error) {
	if e.Files != nil {
		nb, err := e.Files.NBlocks(ix.Locator, storage.MainFork)
		if err != nil {
			return nil, err
		}
		if nb != 0 {
			return nil, pgerr.Newf(pgerr.InternalError, "index \"%s\" already contains data", ix.Name)
		}
	}
	buf, blk, err := e.Pool.ExtendRelation(ix.Locator, storage.MainFork)
	if err != nil {
		return nil, err
	}
	e.Pool.LockBuffer(buf, buffer.Unlock)
	if blk != MetaBlock {
		e.Pool.Release(buf)
		return nil, pgerr.Newf(pgerr.InternalError, "index \"%s\" already contains data", ix.Name)
	}
	return &BuildState{e: e, ix: ix, s: newSearcher(e, ix), meta: buf}, nil
}

// Build builds ix from next, which yields entries in index order (the
// caller sorts; equal keys in heap TID order) and reports false at the
// end. live says whether an entry's row counts for a unique index's
// check (PostgreSQL leaves recently dead rows out of it).
func Build(e *Env, ix *Index, next func() (values []types.Datum, htid TID, live bool, ok bool, err error)) error {
	b, err := NewBuild(e, ix)
	if err != nil {
		return err
	}
	for {
		vals, tid, live, ok, err := next()
		if err == nil && ok {
			err = b.Add(vals, tid, live)
		}
		if err != nil {
			b.Abort()
			return err
		}
		if !ok {
			return b.Finish()
		}
	}
}

// Add appends the next entry. Entries must come in index order: an
// entry not after the previous one is an error.
func (b *BuildState) Add(values []types.Datum, htid TID, live bool) error {
	e, ix := b.e, b.ix
	if err := e.interrupt(); err != nil {
		return err
	}
	if len(values) != ix.natts() {
		return pgerr.Newf(pgerr.InternalError, "index \"%s\" has %d columns, got %d values", ix.Name, ix.natts(), len(values))
	}
	if b.n > 0 {
		c := b.ix.CompareKeys(b.prev, values)
		if c == 0 {
			c = compareTID(b.prevTID, htid)
		}
		if c >= 0 {
			return pgerr.Newf(pgerr.InternalError, "index build input for \"%s\" is not in index order at heap tuple %s", ix.Name, htid)
		}
	}
	if ix.Unique && live {
		hasNull := false
		for _, v := range values[:ix.nkeys()] {
			hasNull = hasNull || v.IsNull()
		}
		if b.hasLive && (!hasNull || ix.NullsNotDistinct) && b.ix.CompareKeys(b.live, values) == 0 {
			return &DuplicateKey{Index: ix.Name, TIDs: [2]TID{b.liveTID, htid}}
		}
		b.live = append(b.live[:0], values...)
		b.liveTID = htid
		b.hasLive = true
	}
	b.prev = append(b.prev[:0], values...)
	b.prevTID = htid
	b.n++
	t, err := ix.formTupleWith(&b.formScratch, &b.itupScratch, values, htid)
	if err != nil {
		return err
	}
	if t.size() > MaxItemSize {
		return errRowTooBig(ix, t.size(), htid)
	}
	if b.leaf == nil {
		if b.leaf, err = b.newLevel(0); err != nil {
			return err
		}
	}
	return b.add(b.leaf, t)
}

// newLevel is _bt_pagestate: a level's first page, with its block.
func (b *BuildState) newLevel(level uint32) (*levelState, error) {
	ff := b.ix.fillFactor()
	if level > 0 {
		ff = nonLeafFillFactor
	}
	st := &levelState{level: level, lastOff: pHikey, full: page.Size * (100 - ff) / 100}
	if err := b.newPage(st); err != nil {
		return nil, err
	}
	return st, nil
}

// newPage is _bt_blnewpage plus the block allocation: an empty page whose
// line pointer 1 is reserved for the high key.
func (b *BuildState) newPage(st *levelState) error {
	buf, blk, err := b.e.Pool.ExtendRelation(b.ix.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	b.e.Pool.LockBuffer(buf, buffer.Unlock)
	st.buf, st.blk = buf, blk
	if b.sparePage != nil {
		st.pg, b.sparePage = b.sparePage, nil
		clear(st.pg)
	} else {
		st.pg = page.Page(make([]byte, page.Size))
	}
	initPage(st.pg)
	o := opaqueOf(st.pg)
	if st.level == 0 {
		o.setFlags(BTPLeaf)
	}
	o.setLevel(st.level)
	st.pg.SetLower(st.pg.Lower() + 4)
	return nil
}

// sortAddTup is _bt_sortaddtup: the first data item of an internal page
// is stored as minus infinity.
func sortAddTup(p page.Page, t itup, off page.OffsetNumber, newFirstDataItem bool) error {
	if newFirstDataItem {
		t = minusInfinity(t.downlink())
	}
	if p.AddItem(t, off, false, false) == page.InvalidOffset {
		return pgerr.New(pgerr.InternalError, "failed to add item to the index page")
	}
	return nil
}

// add is _bt_buildadd.
func (b *BuildState) add(st *levelState, t itup) error {
	ix := b.ix
	isLeaf := st.level == 0
	extra := 0
	if isLeaf {
		extra = page.MaxAlign
	}
	free := st.pg.FreeSpace()
	if free < len(t)+extra || (free < st.full && st.lastOff > pFirstKey) {
		// The page is full: its last item moves to a new page and becomes
		// its high key.
		opg, oblk, obuf := st.pg, st.blk, st.buf
		if err := b.newPage(st); err != nil {
			return err
		}
		last := st.lastOff
		oitem := append(itup(nil), itemAt(opg, last)...)
		if err := sortAddTup(st.pg, oitem, pFirstKey, !isLeaf); err != nil {
			return err
		}
		// Line pointer 1 takes the last item; the last line pointer goes.
		opg.SetItemId(pHikey, opg.ItemId(last))
		opg.SetItemId(last, 0)
		opg.SetLower(opg.Lower() - 4)
		hikey := oitem
		if isLeaf {
			lastLeft := itemAt(opg, last-1)
			lv := make([]types.Datum, ix.natts())
			rv := make([]types.Datum, ix.natts())
			if _, err := b.s.dec.decode(lastLeft, lv, true); err != nil {
				return err
			}
			if _, err := b.s.dec.decode(oitem, rv, true); err != nil {
				return err
			}
			var err error
			if hikey, err = ix.truncate(lastLeft, oitem, lv, rv); err != nil {
				return err
			}
			// PageIndexTupleOverwrite of the high key, which is the item
			// at pd_upper (it was added last): it shrinks, or grows by the
			// heap TID the room check above kept space for.
			id := opg.ItemId(pHikey)
			upper := opg.Upper() + page.MaxAlignUp(id.Len()) - page.MaxAlignUp(len(hikey))
			if upper < opg.Lower() {
				return pgerr.New(pgerr.InternalError, "no room for the high key on the index page")
			}
			copy(opg[upper:], hikey)
			opg.SetUpper(upper)
			opg.SetItemId(pHikey, page.MakeItemId(upper, page.LPNormal, len(hikey)))
		}
		// The full page's low key goes up, pointing at it.
		if st.next == nil {
			var err error
			if st.next, err = b.newLevel(st.level + 1); err != nil {
				return err
			}
		}
		st.lowKey.setDownlink(oblk)
		if err := b.add(st.next, st.lowKey); err != nil {
			return err
		}
		st.lowKey = append(itup(nil), hikey...)
		opaqueOf(opg).setNext(st.blk)
		opaqueOf(st.pg).setPrev(oblk)
		if err := b.writePage(opg, oblk, obuf); err != nil {
			return err
		}
		b.sparePage = opg
		st.lastOff = pFirstKey
	}
	if st.lastOff == pHikey {
		// The first item of the level: its low key is minus infinity.
		st.lowKey = minusInfinity(0)
	}
	st.lastOff++
	return sortAddTup(st.pg, t, st.lastOff, !isLeaf && st.lastOff == pFirstKey)
}

// writePage is _bt_blwritepage: the page goes into its buffer, which is
// marked dirty and logged whole (log_newpage) in a critical section.
func (b *BuildState) writePage(pg page.Page, blk storage.BlockNumber, buf buffer.Buffer) error {
	e, ix := b.e, b.ix
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	e.Owner.EnterCritical()
	dst := e.page(buf)
	copy(dst, pg)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(ix) {
		rb := e.record(xlog.RmgrXLOG, xlog.InfoFPI)
		rb.RegisterBuffer(0, ix.Locator, storage.MainFork, blk, dst, xlog.RegBufForceImage|xlog.RegBufStandard)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		dst.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(buf)
	return nil
}

// Finish is _bt_uppershutdown: the last page of each level goes into
// its parent (the top one becomes the root), then the metapage is
// written, pointing at the root (or at none for an empty index).
func (b *BuildState) Finish() error {
	if b.done {
		return nil
	}
	b.done = true
	root, level := pNone, uint32(0)
	for st := b.leaf; st != nil; st = st.next {
		o := opaqueOf(st.pg)
		if st.next == nil {
			o.setFlags(o.flags() | BTPRoot)
			root, level = st.blk, st.level
		} else {
			st.lowKey.setDownlink(st.blk)
			if err := b.add(st.next, st.lowKey); err != nil {
				b.abortFrom(st)
				return err
			}
		}
		slideLeft(st.pg)
		buf := st.buf
		st.buf = buffer.InvalidBuffer
		if err := b.writePage(st.pg, st.blk, buf); err != nil {
			b.abortFrom(st.next)
			return err
		}
	}
	meta := page.Page(make([]byte, page.Size))
	initMetaPage(meta, root, level, b.ix.AllEqualImage)
	buf := b.meta
	b.meta = buffer.InvalidBuffer
	return b.writePage(meta, MetaBlock, buf)
}

// slideLeft is _bt_slideleft: the rightmost page of a level has no high
// key, so its items move down one line pointer.
func slideLeft(p page.Page) {
	maxOff := p.MaxOffset()
	if maxOff < pFirstKey {
		return
	}
	for off := pFirstKey; off <= maxOff; off++ {
		p.SetItemId(off-1, p.ItemId(off))
	}
	// The last line pointer stays behind in the free space, as in
	// PostgreSQL (whose pages we match byte for byte).
	p.SetLower(p.Lower() - 4)
}

// Abort lets go of the buffers of a build that failed; the caller drops
// the index's file.
func (b *BuildState) Abort() {
	b.done = true
	b.abortFrom(b.leaf)
	if valid(b.meta) {
		b.e.Pool.Release(b.meta)
		b.meta = buffer.InvalidBuffer
	}
}

func (b *BuildState) abortFrom(st *levelState) {
	for ; st != nil; st = st.next {
		if valid(st.buf) {
			b.e.Pool.Release(st.buf)
			st.buf = buffer.InvalidBuffer
		}
	}
}
