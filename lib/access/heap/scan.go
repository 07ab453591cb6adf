// Sequential scans (heapgettup_pagemode and heapgetpage of heapam.c), and
// bitmap heap scans, which read only the blocks a bitmap names
// (SetBlocks): the blocks that existed when the scan started are read in
// order; on each,
// under a share content lock, every tuple is checked against the
// snapshot and the visible ones are decoded into Datums at once, the
// bytes those point to copied out, so the lock and the pin are held for
// one page only and no Datum points into a shared buffer. TOASTed values
// are fetched after the page's lock is released.

package heap

import (
	"slices"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Scan is a sequential scan of one relation under one snapshot. It is
// used by one goroutine, with its Env.
type Scan struct {
	env  *Env
	rel  *Relation
	snap *Snapshot

	started bool
	nblocks storage.BlockNumber
	next    storage.BlockNumber // next block to read
	// strategy is the bulk-read ring a sequential scan of a relation
	// larger than a quarter of the pool reads through (initscan), nil
	// otherwise.
	strategy *buffer.Strategy

	// The visible tuples of the current page, decoded under the page's
	// lock: their TIDs, columns (natts per row) and headers (HeaderSize
	// bytes per row, for Header). Reused page after page; the bytes the
	// Datums point to are copies in arena, which is never reused.
	tids    []TID
	rows    []types.Datum
	headers []byte
	pos     int
	arena   tuple.Arena
	toasted []tuple.Toasted // readPage's scratch: values to expand
	toastAt []int           // the row of each
	// Next's rows are carved from larger allocations.
	datumsFree []types.Datum
	detoast    tuple.Detoaster
	skip       func(tuple.Header) bool
	deformer   *tuple.Deformer
	noHeaders  bool // KeepHeaders(false)
	// lend: the copies of a page's values are made in the same memory
	// page after page (LendValues).
	lend bool
	err  error

	// sampleBlock and sampleTuple restrict a sample scan (SetSample).
	sampleBlock func(storage.BlockNumber) bool
	sampleTuple func(storage.BlockNumber, page.OffsetNumber) bool
	// nextBlock, when set, chooses the blocks read (SetBlocks).
	nextBlock func() (storage.BlockNumber, bool, error)
	// pruneHorizon, when set, lets the scan prune the pages it reads.
	pruneHorizon func() transam.TransactionId
	// byRoot: sampleTuple is asked about a tuple's HOT chain root;
	// rootTIDs: the root is also the TID returned.
	byRoot, rootTIDs bool
}

// SetBlocks makes the scan a bitmap heap scan (heapam_scan_bitmap_next_block):
// it reads the blocks next returns, in that order, until next reports no
// more, and of their visible tuples returns those for which tuple
// returns true (all when tuple is nil). Blocks past the relation's end
// when the scan starts are passed over.
//
// The offsets tuple is asked about are those of the index entries: a
// heap-only tuple is tested by its HOT chain's root, which the entry
// names (heapam_scan_bitmap_next_block follows each chain).
func (s *Scan) SetBlocks(next func() (storage.BlockNumber, bool, error), tuple func(storage.BlockNumber, page.OffsetNumber) bool) {
	s.nextBlock, s.sampleTuple, s.byRoot = next, tuple, tuple != nil
}

// ReportRootTIDs makes the scan return, for a heap-only tuple, the TID
// of its HOT chain's root instead of its own: what an index entry for
// the row holds (an index build's table_index_build_scan).
func (s *Scan) ReportRootTIDs() { s.byRoot, s.rootTIDs = true, true }

// SetPruneHorizon makes the scan prune the pages it reads that are due
// for it (PruneOpt), with the vacuum horizon horizon returns when first
// needed.
func (s *Scan) SetPruneHorizon(horizon func() transam.TransactionId) { s.pruneHorizon = horizon }

// SetSample makes the scan a TABLESAMPLE scan (heapam_scan_sample_next_block
// and _tuple): it reads only the blocks for which block returns true and
// returns, of their visible tuples, those for which tuple does.
func (s *Scan) SetSample(block func(storage.BlockNumber) bool, tuple func(storage.BlockNumber, page.OffsetNumber) bool) {
	s.sampleBlock, s.sampleTuple = block, tuple
}

// SetSkip makes the scan pass over the rows for which skip returns true
// without checking their visibility, copying or decoding them (skip is a
// cheap test of the raw tuple, such as a catalog row's OID).
func (s *Scan) SetSkip(skip func(tuple.Header) bool) { s.skip = skip }

// SetColumns limits the columns the scan decodes to those with
// need[i] set (attribute i of the relation); the others read as NULL. A
// nil need, the default, decodes every column. Call it before the first
// Next.
func (s *Scan) SetColumns(need []bool) { s.deformer = tuple.NewDeformer(s.rel.Desc, need) }

// LendValues lets the scan copy each page's values into the memory the
// previous page's copies took: the values of the rows Next returned stay
// valid only until the next page is read. For a consumer that copies the
// values it keeps (a bounded sort, which keeps few of many rows); it
// spares the garbage of a copy of every value read.
func (s *Scan) LendValues() { s.lend = true }

// KeepHeaders says whether Header is called: without, the tuple
// headers are not kept. The default keeps them.
func (s *Scan) KeepHeaders(keep bool) { s.noHeaders = !keep }

// BeginScan starts a sequential scan of rel with snapshot snap
// (heap_beginscan). The relation's length is taken at the first Next:
// rows added to later blocks afterwards are not seen (they are not
// visible to the snapshot anyway).
func BeginScan(env *Env, rel *Relation, snap *Snapshot) *Scan {
	return &Scan{env: env, rel: rel, snap: snap}
}

// Next returns the next visible row: its TID and its columns, decoded
// into Datums that belong to the caller (they point into private copies,
// never into shared buffers, and stay valid after further calls). ok is
// false at the end of the relation or after an error.
func (s *Scan) Next() (tid TID, values []types.Datum, ok bool, err error) {
	values = carve(&s.datumsFree, len(s.rel.Desc.Attrs), scanChunkBytes/16)
	tid, ok, err = s.NextInto(values)
	return tid, values, ok, err
}

// NextInto is Next decoding the row's columns into values (at least as
// long as the relation's attributes) instead of a slice of the scan's:
// a caller that is done with each row before the next reuses one slice.
// The Datums themselves stay valid after further calls, as Next's do.
func (s *Scan) NextInto(values []types.Datum) (tid TID, ok bool, err error) {
	if s.err != nil {
		return TID{}, false, s.err
	}
	if !s.started {
		s.started = true
		if s.nblocks, s.err = s.env.Files.NBlocks(s.rel.Locator, storage.MainFork); s.err != nil {
			return TID{}, false, s.err
		}
		if s.nextBlock == nil && s.sampleBlock == nil && !s.rel.Locator.IsTemp() && s.nblocks > s.env.Pool.BulkReadThreshold() {
			s.strategy = s.env.Pool.NewBulkReadStrategy()
		}
	}
	for s.pos >= len(s.tids) {
		if s.nextBlock != nil {
			blk, ok, err := s.nextBlock()
			if err != nil || !ok {
				s.err = err
				return TID{}, false, err
			}
			if blk >= s.nblocks {
				continue
			}
			s.next = blk
		}
		if s.next >= s.nblocks {
			return TID{}, false, nil
		}
		if s.sampleBlock != nil && !s.sampleBlock(s.next) {
			s.next++
			continue
		}
		if s.err = s.readPage(s.next); s.err != nil {
			return TID{}, false, s.err
		}
		s.next++
	}
	i := s.pos
	s.pos++
	n := len(s.rel.Desc.Attrs)
	copy(values[:n], s.rows[i*n:(i+1)*n])
	return s.tids[i], true, nil
}

// SmallCopies makes the scan copy values into allocations of about a
// kilobyte instead of 64 kB: for a caller that keeps a few values of
// the many rows a page holds (the catalog cache keeps names and
// expressions), which would otherwise hold a whole 64 kB each.
func (s *Scan) SmallCopies() { s.arena.ChunkSize = 1 << 10 }

// readPage collects the visible tuples of block blk (heapgetpage).
func (s *Scan) readPage(blk storage.BlockNumber) error {
	if s.lend {
		s.arena.Reset()
	}
	s.tids, s.rows, s.headers, s.pos = s.tids[:0], s.rows[:0], s.headers[:0], 0
	s.toasted, s.toastAt = s.toasted[:0], s.toastAt[:0]
	if err := s.decodePage(blk); err != nil {
		return err
	}
	if len(s.toasted) == 0 {
		return nil
	}
	// TOASTed values are fetched with the page's lock released, as
	// heapam does: the TOAST relation's buffers are locked in turn.
	if s.detoast == nil {
		s.detoast = s.env.detoaster(s.rel, s.snap.Cur)
	}
	n := len(s.rel.Desc.Attrs)
	for k, t := range s.toasted {
		p, err := s.detoast(t.Attr, t.Stored)
		if err != nil {
			return err
		}
		d, err := tuple.DecodeAttr(s.rel.Desc, t.Attr, p)
		if err != nil {
			return err
		}
		s.rows[s.toastAt[k]*n+t.Attr] = d
	}
	return nil
}

// decodePage decodes the visible tuples of block blk under a share lock
// on its buffer, leaving TOASTed values in s.toasted.
func (s *Scan) decodePage(blk storage.BlockNumber) error {
	e := s.env
	if s.deformer == nil {
		s.deformer = tuple.NewDeformer(s.rel.Desc, nil)
	}
	buf, err := e.Pool.ReadBufferWith(s.rel.Locator, storage.MainFork, blk, s.strategy)
	if err != nil {
		return err
	}
	if s.pruneHorizon != nil {
		// heapgetpage prunes the page first if it is due.
		if err := PruneOpt(e, s.rel, buf, s.pruneHorizon); err != nil {
			e.Pool.Release(buf)
			return err
		}
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return nil
	}
	n := len(s.rel.Desc.Attrs)
	var roots []page.OffsetNumber
	if s.byRoot {
		roots = e.rootOffsets(p)
	}
	// Room for every tuple of the page at once: growing per tuple cost a
	// third of the decoding of a small, busy table's page.
	maxOff := int(p.MaxOffset())
	if len(s.tids) == 0 {
		s.tids = slices.Grow(s.tids, maxOff)
		s.rows = slices.Grow(s.rows, maxOff*n)
		if !s.noHeaders {
			s.headers = slices.Grow(s.headers, maxOff*tuple.HeaderSize)
		}
	}
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() {
			continue
		}
		at := off
		if roots != nil {
			if at = roots[off]; at == page.InvalidOffset {
				continue // a heap-only tuple whose chain is broken: no entry names it
			}
		}
		if s.sampleTuple != nil && !s.sampleTuple(blk, at) {
			continue
		}
		if !s.rootTIDs {
			at = off
		}
		h := tuple.Header(p.Item(off))
		if s.skip != nil && s.skip(h) {
			continue
		}
		ok, err := e.satisfiesMVCC(h, buf, s.snap)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		row := len(s.tids)
		s.tids = append(s.tids, TID{Block: blk, Offset: at})
		if !s.noHeaders {
			s.headers = append(s.headers, h[:tuple.HeaderSize]...)
		}
		s.rows = slices.Grow(s.rows, n)[:len(s.rows)+n]
		toasted := len(s.toasted)
		if err := s.deformer.Copy(h, s.rows[row*n:], &s.arena, &s.toasted); err != nil {
			return err
		}
		for range s.toasted[toasted:] {
			s.toastAt = append(s.toastAt, row)
		}
	}
	return nil
}

// scanChunkBytes is the size of the allocations Next carves its rows'
// Datums from.
const scanChunkBytes = 64 << 10

// carve returns n fresh elements from the front of *free, allocating a
// new chunk of max(n, chunk) elements when *free is too short.
func carve[T any](free *[]T, n, chunk int) []T {
	if n > len(*free) {
		*free = make([]T, max(n, chunk))
	}
	r := (*free)[:n:n]
	*free = (*free)[n:]
	return r
}

// Close ends the scan (heap_endscan). A scan holds no buffer between
// calls, so this only forgets its state.
func (s *Scan) Close() {
	s.tids, s.rows, s.headers, s.arena = nil, nil, nil, tuple.Arena{}
	s.err = errScanClosed
}

var errScanClosed = pgerr.New(pgerr.InternalError, "heap scan used after Close")

// Header is the tuple header of the row Next returned last (for the system
// columns xmin, xmax, cmin, cmax); valid until the next call to Next.
func (s *Scan) Header() tuple.Header {
	if s.pos == 0 || s.pos > len(s.tids) || s.noHeaders {
		return nil
	}
	i := s.pos - 1
	return tuple.Header(s.headers[i*tuple.HeaderSize : (i+1)*tuple.HeaderSize])
}
