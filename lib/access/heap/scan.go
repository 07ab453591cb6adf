// Sequential scans (heapgettup_pagemode and heapgetpage of heapam.c): the
// blocks that existed when the scan started are read in order; on each,
// under a share content lock, every tuple is checked against the
// snapshot and the visible ones are copied out, so the lock and the pin
// are held for one page only. Rows are then decoded (and detoasted) one
// by one, with no buffer lock held.

package heap

import (
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

	// The visible tuples of the current page: copies in one arena.
	tids   []TID
	tups   [][]byte
	pos    int
	arena  []byte
	datums []types.Datum // the current page's rows' columns, one block
	// Unused tails of the last allocations, carved for the next pages:
	// one allocation per several pages rather than two per page.
	arenaFree  []byte
	datumsFree []types.Datum
	visible    []page.OffsetNumber // readPage's scratch
	detoast    tuple.Detoaster
	skip       func(tuple.Header) bool
	err        error

	// sampleBlock and sampleTuple restrict a sample scan (SetSample).
	sampleBlock func(storage.BlockNumber) bool
	sampleTuple func(storage.BlockNumber, page.OffsetNumber) bool
}

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
	if s.err != nil {
		return TID{}, nil, false, s.err
	}
	if !s.started {
		s.started = true
		if s.nblocks, s.err = s.env.Files.NBlocks(s.rel.Locator, storage.MainFork); s.err != nil {
			return TID{}, nil, false, s.err
		}
	}
	for s.pos >= len(s.tups) {
		if s.next >= s.nblocks {
			return TID{}, nil, false, nil
		}
		if s.sampleBlock != nil && !s.sampleBlock(s.next) {
			s.next++
			continue
		}
		if s.err = s.readPage(s.next); s.err != nil {
			return TID{}, nil, false, s.err
		}
		s.next++
	}
	i := s.pos
	s.pos++
	n := len(s.rel.Desc.Attrs)
	values = s.datums[i*n : (i+1)*n : (i+1)*n]
	if s.detoast == nil {
		s.detoast = s.env.detoaster(s.rel, s.snap.Cur)
	}
	if s.err = tuple.DeformDetoast(s.rel.Desc, s.tups[i], values, s.detoast); s.err != nil {
		return TID{}, nil, false, s.err
	}
	return s.tids[i], values, true, nil
}

// readPage collects the visible tuples of block blk (heapgetpage).
func (s *Scan) readPage(blk storage.BlockNumber) error {
	e := s.env
	s.tids, s.tups, s.pos = s.tids[:0], s.tups[:0], 0
	buf, err := e.Pool.ReadBuffer(s.rel.Locator, storage.MainFork, blk)
	if err != nil {
		return err
	}
	e.Pool.LockBuffer(buf, buffer.Share)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		return nil
	}
	visible := s.visible[:0]
	total := 0
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() {
			continue
		}
		if s.sampleTuple != nil && !s.sampleTuple(blk, off) {
			continue
		}
		h := tuple.Header(p.Item(off))
		if s.skip != nil && s.skip(h) {
			continue
		}
		ok, err := e.satisfiesMVCC(h, buf, s.snap)
		if err != nil {
			return err
		}
		if ok {
			visible = append(visible, off)
			total += len(h)
		}
	}
	s.visible = visible
	// Fresh memory for each page: the Datums of earlier rows keep
	// pointing into the old.
	s.arena = carve(&s.arenaFree, total, scanChunkBytes)[:0]
	for _, off := range visible {
		item := p.Item(off)
		start := len(s.arena)
		s.arena = append(s.arena, item...)
		s.tids = append(s.tids, TID{Block: blk, Offset: off})
		s.tups = append(s.tups, s.arena[start:len(s.arena):len(s.arena)])
	}
	s.datums = carve(&s.datumsFree, len(visible)*len(s.rel.Desc.Attrs), scanChunkBytes/16)
	return nil
}

// scanChunkBytes is the size of the allocations a scan carves its pages'
// tuple copies and Datums from.
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
	s.tids, s.tups, s.arena = nil, nil, nil
	s.err = errScanClosed
}

var errScanClosed = pgerr.New(pgerr.InternalError, "heap scan used after Close")

// Header is the tuple header of the row Next returned last (for the system
// columns xmin, xmax, cmin, cmax); valid until the next call to Next.
func (s *Scan) Header() tuple.Header {
	if s.pos == 0 || s.pos > len(s.tups) {
		return nil
	}
	return tuple.Header(s.tups[s.pos-1])
}
