// Append runs: a bulk load's ascending keys (COPY into a table with a
// serial or sorted primary key) go to the end of the index's rightmost
// leaf one after another. InsertAppending keeps that leaf locked from one
// entry to the next and logs it once, as a full-page image, when the run
// ends, instead of a buffer lookup, a lock and an XLOG_BTREE_INSERT_LEAF
// record per entry. The page's contents are exactly those Insert would
// have produced; only the WAL differs (PostgreSQL logs each insertion).

package nbtree

import (
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// appendRun is the leaf an append run holds: pinned, locked exclusively,
// changed since it was last WAL-logged when added > 0, and inside a
// critical section from its first change until EndAppendRun logs it
// (a process that dies meanwhile forces crash recovery, as any death
// holding a buffer lock does).
type appendRun struct {
	s     *searcher
	buf   buffer.Buffer
	added int
}

// InsertAppending is Insert for a caller that inserts many entries into
// ix and does nothing between two of them that could read or change ix,
// wait for a lock, or run user code (COPY into a table whose only index
// is ix, with plain key columns): when the entry's key is above every key
// in the index and the rightmost leaf has room, the entry is appended to
// it and the leaf stays locked for the next entry. Otherwise any run is
// ended and the entry goes in by Insert. The caller must call
// EndAppendRun when its entries are in, and before anything else, on
// every path (errors included).
//
// A key above the last entry of the rightmost leaf is above every key in
// the index, so it has no equal and the uniqueness check has nothing to
// visit; while the leaf stays locked no other inserter can add a higher
// key, so this holds for the whole run.
func InsertAppending(e *Env, ix *Index, values []types.Datum, htid TID, heap *HeapAccess) error {
	r := &e.run
	if valid(r.buf) && r.s.ix != ix {
		if err := e.EndAppendRun(); err != nil {
			return err
		}
	}
	if len(values) != ix.natts() || (heap != nil && heap.ConflictIn != nil) {
		if err := e.EndAppendRun(); err != nil {
			return err
		}
		return Insert(e, ix, values, htid, heap)
	}
	// fail ends the run before reporting err: the caller may not end it.
	fail := func(err error) error {
		if endErr := e.EndAppendRun(); endErr != nil {
			return endErr
		}
		return err
	}
	s := e.inserter(ix)
	t, err := s.formInsertTuple(values, htid)
	if err != nil {
		return fail(err)
	}
	if t.size() > MaxItemSize {
		return fail(errRowTooBig(ix, t.size(), htid))
	}
	s.insertKey = scanKey{vals: values[:ix.nkeys()]}
	defer func() { s.insertKey.vals = nil }()
	if !valid(r.buf) {
		buf := s.appendLeaf(len(t))
		if !valid(buf) {
			return Insert(e, ix, values, htid, heap)
		}
		r.s, r.buf, r.added = s, buf, 0
	}
	p := e.page(r.buf)
	maxOff := p.MaxOffset()
	fits := p.FreeSpace() >= len(t) && maxOff >= pHikey
	if fits {
		c, err := s.compare(&s.insertKey, p, maxOff)
		if err != nil {
			return fail(err)
		}
		fits = c > 0
	}
	if !fits {
		if err := e.EndAppendRun(); err != nil {
			return err
		}
		return Insert(e, ix, values, htid, heap)
	}
	if r.added == 0 {
		e.Owner.EnterCritical()
	}
	if p.AddItem(t, maxOff+1, false, false) == page.InvalidOffset {
		return pgerr.Newf(pgerr.InternalError, "failed to add new item to block %d in index \"%s\"", e.Pool.BlockNumber(r.buf), ix.Name).WithSeverity(pgerr.SeverityPanic)
	}
	r.added++
	e.Pool.MarkDirty(r.buf)
	// Insert reads the leaf once per entry: the statistics count it so.
	e.Pool.CountHit(ix.Locator, r.buf)
	e.fastpathHits++
	return nil
}

// appendLeaf is the cached rightmost leaf (searchInsert's fastpath
// target), pinned and locked exclusively, when it can start an append
// run for entries of itemSize bytes: still the rightmost leaf, not the
// root, not empty, and with room for enough entries that logging them
// one by one would take about as much WAL as the page's image
// (runLogsLess). The caller checks room and key order. InvalidBuffer
// otherwise.
func (s *searcher) appendLeaf(itemSize int) buffer.Buffer {
	e, ix := s.e, s.ix
	blk := s.target
	if blk == pNone || blk == s.noRunLeaf {
		return buffer.InvalidBuffer
	}
	buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
	if err != nil {
		return buffer.InvalidBuffer
	}
	if !e.Pool.ConditionalLockBuffer(buf) {
		e.Pool.Release(buf)
		return buffer.InvalidBuffer
	}
	p := e.page(buf)
	o := opaqueOf(p)
	if e.checkPage(ix, buf) != nil || !o.isRightmost() || !o.isLeaf() || o.ignore() || o.isRoot() || p.MaxOffset() < pHikey {
		e.Pool.UnlockRelease(buf)
		return buffer.InvalidBuffer
	}
	if !runLogsLess(p.FreeSpace(), itemSize) {
		// Its room only shrinks: it is not tried again.
		s.noRunLeaf = blk
		e.Pool.UnlockRelease(buf)
		return buffer.InvalidBuffer
	}
	return buf
}

// runLogsLess says whether filling free bytes of a leaf with entries of
// itemSize bytes, each logged by its own XLOG_BTREE_INSERT_LEAF record
// (about 56 bytes of headers besides the entry, and a 4-byte line
// pointer on the page), would write at least as much WAL as one image
// of the whole page: a run that starts on a leaf with less room writes
// more WAL than Insert would.
func runLogsLess(free, itemSize int) bool {
	const recordOverhead, linePointer = 56, 4
	return free*(recordOverhead+itemSize) >= page.Size*(itemSize+linePointer)
}

// EndAppendRun ends InsertAppending's run, if one is open: the leaf, if
// it changed, is logged whole (an XLOG_FPI record, as Build logs its
// pages) and let go, and stays the fastpath's target.
func (e *Env) EndAppendRun() error {
	r := &e.run
	if !valid(r.buf) {
		return nil
	}
	s, buf, added := r.s, r.buf, r.added
	r.s, r.buf, r.added = nil, buffer.InvalidBuffer, 0
	if added > 0 {
		if e.needsWAL(s.ix) {
			p := e.page(buf)
			rb := e.record(xlog.RmgrXLOG, xlog.InfoFPI)
			rb.RegisterBuffer(0, s.ix.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, xlog.RegBufForceImage|xlog.RegBufStandard)
			lsn, err := e.WAL.Insert(rb)
			if err != nil {
				return walPanic(err)
			}
			p.SetLSN(lsn)
		}
		e.Owner.ExitCritical()
	}
	s.target = e.Pool.BlockNumber(buf)
	e.Pool.UnlockRelease(buf)
	return nil
}
