// VACUUM FULL's and CLUSTER's copy of a table into a new file
// (PostgreSQL 15's cluster.c copy_table_data and rewriteheap.c): in the
// old file's order (RewriteHeap), or with the rows an ordering yields
// first (RewriteHeapOrdered, CLUSTER). Every row version some
// transaction may still see is copied with its transaction fields, so
// that the new file answers every snapshot as the old one did; versions
// dead to all are left behind, and xmins older than the freeze limit
// are frozen on the way. Pages are filled in memory and written whole,
// each logged as a full-page image (log_newpage), as rewriteheap.c does.
//
// Update chains are not carried over: each copy's t_ctid points at
// itself and its HOT flags are cleared. The caller holds
// AccessExclusiveLock, so nobody follows a chain meanwhile, and the
// indexes are rebuilt afterwards (each version its own entry). A
// transaction whose snapshot still sees an old version finds it updated
// or deleted by a committed transaction either way, which under
// REPEATABLE READ is the same serialization failure.

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

// RewriteResult is what RewriteHeap copied and left.
type RewriteResult struct {
	// Pages is the new file's size; Tuples the versions copied, of which
	// RecentlyDead are dead but still visible to some snapshot; Removed
	// the versions left behind.
	Pages                         storage.BlockNumber
	Tuples, RecentlyDead, Removed int64
	// OldestXid is the oldest xid left in a copied tuple (the new
	// relfrozenxid), the horizon if none is older; OldestMulti the
	// oldest multixact (the new relminmxid), the cutoffs' OldestMxact if
	// none is older.
	OldestXid   transam.TransactionId
	OldestMulti transam.MultiXactId
}

// RewriteProgress, when not nil, is told as a rewrite goes how many
// blocks of the old file it has read, and how many tuples it has looked
// at and written (pg_stat_progress_cluster).
type RewriteProgress func(blocksScanned, tuplesScanned, tuplesWritten int64)

// RewriteHeap copies old's visible-to-someone tuples into dest, a new
// empty file of the same relation. interrupt is checked between pages,
// and progress told after each.
func RewriteHeap(env *Env, old, dest *Relation, cut VacuumCutoffs, interrupt func() error, progress RewriteProgress) (RewriteResult, error) {
	return RewriteHeapOrdered(env, old, dest, cut, nil, interrupt, progress)
}

// rewriteSource reads block blk of old and returns private copies of
// its tuples to keep, frozen as far as the cutoffs allow. skip, when
// set, names the tuples already copied (by RewriteHeapOrdered's first
// pass), which are passed over.
func (e *Env) rewriteSource(old *Relation, blk storage.BlockNumber, cut VacuumCutoffs, res *RewriteResult, skip func(page.OffsetNumber) bool) ([][]byte, error) {
	buf, err := e.Pool.ReadBuffer(old.Locator, storage.MainFork, blk)
	if err != nil {
		return nil, err
	}
	// Hint bits may be set: an exclusive lock (nobody else reads the
	// table anyway).
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return nil, nil
	}
	var out [][]byte
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() || (skip != nil && skip(off)) {
			continue
		}
		c, keep, err := e.rewriteTuple(p, off, buf, cut, res)
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, c)
		}
	}
	return out, nil
}

// rewriteTuple decides about the normal tuple at off of page p (in buf,
// locked exclusively): a private copy, frozen as far as the cutoffs
// allow, if some snapshot may still see it; keep false if it is dead to
// all. res counts it either way.
func (e *Env) rewriteTuple(p page.Page, off page.OffsetNumber, buf buffer.Buffer, cut VacuumCutoffs, res *RewriteResult) (tuple.Header, bool, error) {
	h := tuple.Header(p.Item(off))
	st, err := e.htsv(h, buf, cut.Horizon)
	if err != nil {
		return nil, false, err
	}
	if st == HTSVDead {
		res.Removed++
		return nil, false, nil
	}
	if st == HTSVRecentlyDead {
		res.RecentlyDead++
	}
	c := tuple.Header(append([]byte(nil), h...))
	if cut.FreezeLimit.IsValid() {
		track := freezeTrack{xid: res.OldestXid, multi: res.OldestMulti}
		plan, changed, _, err := e.prepareFreeze(c, off, cut, &track)
		res.OldestXid, res.OldestMulti = track.xid, track.multi
		if err != nil {
			return nil, false, err
		}
		if changed {
			applyFreeze(c, plan)
		}
	}
	c.SetInfomask2(c.Infomask2() &^ (tuple.HotUpdated | tuple.OnlyTuple))
	res.Tuples++
	return c, true, nil
}

// RewriteHeapOrdered is RewriteHeap in an order (CLUSTER's copy in
// index order, PostgreSQL's copy_table_data with an index): first the
// tuples order yields, by TID, in its order — the rows a snapshot sees,
// sorted by the index's key — then every other tuple the cutoffs keep
// (recently dead versions, rows the ordering's snapshot did not see), in
// the old file's order. Each tuple is copied once: a TID order yields
// again, or that does not hold a normal tuple, is an error. order runs
// while the new file is written and may read the old one. Without
// order, it is RewriteHeap: every tuple kept, in file order.
func RewriteHeapOrdered(env *Env, old, dest *Relation, cut VacuumCutoffs, order func(yield func(TID) error) error, interrupt func() error, progress RewriteProgress) (RewriteResult, error) {
	e := env
	res := RewriteResult{OldestXid: cut.Horizon, OldestMulti: cut.OldestMxact}
	nblocks, err := e.Files.NBlocks(old.Locator, storage.MainFork)
	if err != nil {
		return res, err
	}
	w := &rewriter{e: e, dest: dest}
	var skip func(blk storage.BlockNumber) func(page.OffsetNumber) bool
	if order != nil {
		// One bit per line pointer of each block: the tuples copied by
		// the first pass (0.5% of the table's size).
		const words = (page.MaxHeapTuplesPerPage + 1 + 63) / 64
		copied := make([]uint64, int(nblocks)*words)
		isCopied := func(blk storage.BlockNumber, off page.OffsetNumber) bool {
			return copied[int(blk)*words+int(off)/64]&(1<<(uint(off)%64)) != 0
		}
		skip = func(blk storage.BlockNumber) func(page.OffsetNumber) bool {
			return func(off page.OffsetNumber) bool { return isCopied(blk, off) }
		}
		err = order(func(tid TID) error {
			if err := interrupt(); err != nil {
				return err
			}
			if tid.Block >= nblocks || tid.Offset < page.FirstOffset || int(tid.Offset) > page.MaxHeapTuplesPerPage || isCopied(tid.Block, tid.Offset) {
				return pgerr.Newf(pgerr.InternalError, "ordered rewrite of relation \"%s\" got tuple %s twice or out of range", old.Name, tid)
			}
			copied[int(tid.Block)*words+int(tid.Offset)/64] |= 1 << (uint(tid.Offset) % 64)
			c, keep, err := e.rewriteOne(old, tid, cut, &res)
			if err != nil || !keep {
				return err
			}
			if progress != nil && res.Tuples%64 == 1 {
				progress(int64(nblocks), res.Tuples+res.Removed, res.Tuples)
			}
			return w.add(c)
		})
		if err != nil {
			return res, err
		}
	}
	for blk := storage.BlockNumber(0); blk < nblocks; blk++ {
		if err := interrupt(); err != nil {
			return res, err
		}
		var skipBlock func(page.OffsetNumber) bool
		if skip != nil {
			skipBlock = skip(blk)
		}
		tups, err := e.rewriteSource(old, blk, cut, &res, skipBlock)
		if err != nil {
			return res, err
		}
		for _, t := range tups {
			if err := w.add(t); err != nil {
				return res, err
			}
		}
		if progress != nil {
			// With an order, the sort has read every block already.
			scanned := int64(blk) + 1
			if order != nil {
				scanned = int64(nblocks)
			}
			progress(scanned, res.Tuples+res.Removed, res.Tuples)
		}
	}
	if err := w.flush(); err != nil {
		return res, err
	}
	res.Pages = w.blk
	return res, nil
}

// rewriteOne is rewriteTuple for the tuple at tid of old.
func (e *Env) rewriteOne(old *Relation, tid TID, cut VacuumCutoffs, res *RewriteResult) (tuple.Header, bool, error) {
	buf, err := e.Pool.ReadBuffer(old.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return nil, false, err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return nil, false, pgerr.Newf(pgerr.InternalError, "ordered rewrite of relation \"%s\": no tuple at %s", old.Name, tid)
	}
	return e.rewriteTuple(p, tid.Offset, buf, cut, res)
}

// rewriter fills the new file's pages in memory, in order.
type rewriter struct {
	e    *Env
	dest *Relation
	pg   page.Page
	blk  storage.BlockNumber // the page being filled, or the count written
}

// add places tuple t on the page being filled, writing that page and
// starting a new one when it is full.
func (w *rewriter) add(t tuple.Header) error {
	if w.pg == nil {
		w.pg = page.Page(make([]byte, page.Size))
		w.pg.Init(0)
	}
	off := w.pg.MaxOffset() + 1
	setCtid(t, TID{Block: w.blk, Offset: off})
	if page.MaxAlignUp(len(t)) > w.pg.HeapFreeSpace() || w.pg.AddItem(t, page.InvalidOffset, false, true) == page.InvalidOffset {
		if err := w.flush(); err != nil {
			return err
		}
		w.pg = page.Page(make([]byte, page.Size))
		w.pg.Init(0)
		setCtid(t, TID{Block: w.blk, Offset: page.FirstOffset})
		if w.pg.AddItem(t, page.InvalidOffset, false, true) == page.InvalidOffset {
			return errRowTooBig(len(t))
		}
	}
	return nil
}

// flush writes the page being filled as the next block of the new file
// and logs it whole.
func (w *rewriter) flush() error {
	if w.pg == nil || w.pg.MaxOffset() == 0 {
		return nil
	}
	e := w.e
	buf, blk, err := e.Pool.ExtendRelation(w.dest.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	if blk != w.blk {
		e.Pool.UnlockRelease(buf)
		return pgerr.Newf(pgerr.InternalError, "new file of relation \"%s\" grew to block %d, expected %d", w.dest.Name, blk, w.blk)
	}
	e.Owner.EnterCritical()
	dst := page.Page(e.Pool.Page(buf))
	copy(dst, w.pg)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(w.dest) {
		rb := e.recordOf(xlog.RmgrXLOG, xlog.InfoFPI)
		rb.RegisterBuffer(0, w.dest.Locator, storage.MainFork, blk, dst, xlog.RegBufForceImage|xlog.RegBufStandard)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		dst.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	e.Pool.UnlockRelease(buf)
	w.pg = nil
	w.blk++
	return nil
}
