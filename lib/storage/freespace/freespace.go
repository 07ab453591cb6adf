// The free space map of a relation (PostgreSQL's
// storage/freespace/freespace.c): the `_fsm` fork, a tree of FSM pages
// three levels deep. A bottom-level page holds one category per heap
// block; a page above holds, per child page, the largest category
// found there. Categories are the free bytes divided by 32 (the last
// one, 255, meaning a page that can take the largest tuple), one byte
// each, so the map is about 1/4000 of the heap.
//
// The map is only a hint. Nothing here is WAL-logged: pages are marked
// dirty as hints (with data checksums, MarkDirtyHint logs their image
// once per checkpoint), read with torn or corrupt pages zeroed rather
// than failing, initialised when found zeroed, and repaired when a
// parent promises more than its children hold.

package freespace

import (
	"errors"
	"syscall"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// Categories (FSM_CATEGORIES, FSM_CAT_STEP, MaxFSMRequestSize).
const (
	Categories = 256
	CatStep    = storage.BlockSize / Categories // 32 bytes per category
	// MaxRequestSize is MaxFSMRequestSize, MaxHeapTupleSize: a page with
	// at least this much room is in the top category.
	MaxRequestSize = storage.BlockSize - 32
)

// Tree shape: FSM_TREE_DEPTH levels, enough for 2^32 heap blocks with
// 4069 slots per page.
const (
	treeDepth   = 3
	rootLevel   = treeDepth - 1
	bottomLevel = 0
)

// address is a logical FSM page: its level and its number among the
// pages of that level (FSMAddress).
type address struct {
	level     int
	logPageNo uint32
}

var rootAddress = address{level: rootLevel}

// AvailToCategory is fsm_space_avail_to_cat: the category recorded for a
// page with avail free bytes (rounded down, so a page is never promised
// more than it has).
func AvailToCategory(avail int) uint8 {
	if avail >= MaxRequestSize {
		return 255
	}
	return uint8(min(avail/CatStep, 254))
}

// CategoryToAvail is fsm_space_cat_to_avail: the free space a category
// stands for, at least.
func CategoryToAvail(cat uint8) int {
	if cat == 255 {
		return MaxRequestSize
	}
	return int(cat) * CatStep
}

// neededToCategory is fsm_space_needed_to_cat: the smallest category
// whose pages surely hold needed bytes (rounded up; 0 bytes still need
// category 1, since 0 means "nothing known").
func neededToCategory(needed int) (uint8, error) {
	if needed > MaxRequestSize || needed < 0 {
		return 0, pgerr.Newf(pgerr.InternalError, "invalid FSM request size %d", needed)
	}
	if needed == 0 {
		return 1, nil
	}
	return uint8(min((needed+CatStep-1)/CatStep, 255)), nil
}

// location is fsm_get_location: the bottom page and slot of a heap block.
func location(heapBlk storage.BlockNumber) (address, int) {
	return address{level: bottomLevel, logPageNo: uint32(heapBlk) / SlotsPerPage}, int(uint32(heapBlk) % SlotsPerPage)
}

// heapBlock is fsm_get_heap_blk: the heap block of a bottom page's slot.
func heapBlock(addr address, slot int) storage.BlockNumber {
	return storage.BlockNumber(addr.logPageNo*SlotsPerPage + uint32(slot))
}

// parent is fsm_get_parent: the page above addr and addr's slot in it.
func parent(addr address) (address, int) {
	return address{level: addr.level + 1, logPageNo: addr.logPageNo / SlotsPerPage}, int(addr.logPageNo % SlotsPerPage)
}

// child is fsm_get_child.
func child(addr address, slot int) address {
	return address{level: addr.level - 1, logPageNo: addr.logPageNo*SlotsPerPage + uint32(slot)}
}

// physical is fsm_logical_to_physical: pages are stored depth-first,
// each upper page before its children, so the block of a page is the
// number of pages that precede it in that order.
func physical(addr address) storage.BlockNumber {
	// The first leaf page under addr, and how many pages precede it at
	// each level (including the ancestors of that leaf, once each).
	leaf := uint64(addr.logPageNo)
	for l := 0; l < addr.level; l++ {
		leaf *= SlotsPerPage
	}
	var pages uint64
	for l := 0; l < treeDepth; l++ {
		pages += leaf + 1
		leaf /= SlotsPerPage
	}
	// Those counts included the levels below addr, which come after it.
	pages -= uint64(addr.level)
	return storage.BlockNumber(pages - 1)
}

// Files is what the map needs of the storage manager; *smgr.Manager and
// buffer.RedoFiles provide it. Create with isRedo opens the fork if
// another process created it first.
type Files interface {
	NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error)
	Create(rel storage.RelFileLocator, fork storage.ForkNumber, isRedo bool) error
}

// Truncater is what truncation needs besides Files: *smgr.Manager.
type Truncater interface {
	Truncate(rel storage.RelFileLocator, fork storage.ForkNumber, nblocks storage.BlockNumber) error
}

// WAL inserts records; *xlog.WAL provides it.
type WAL interface {
	Insert(b *xlog.RecordBuilder) (storage.LSN, error)
}

// Map is one process's access to free space maps: its buffer pool and
// storage manager. It holds no state of its own, so a process may build
// one whenever it needs it.
type Map struct {
	Pool  *buffer.Pool
	Files Files
	// WAL logs the image of a page changed by truncation when data
	// checksums or wal_log_hints are on (nil: never).
	WAL WAL
}

// isMissing reports whether err says the fork's file does not exist.
func isMissing(err error) bool { return errors.Is(err, syscall.ENOENT) }

// nblocks is the length of rel's map; a missing fork has none.
func (m *Map) nblocks(rel storage.RelFileLocator) (storage.BlockNumber, bool, error) {
	return ForkBlocks(m.Files, rel, storage.FSMFork)
}

// Exists reports whether rel has a free space map fork.
func (m *Map) Exists(rel storage.RelFileLocator) (bool, error) {
	_, ok, err := m.nblocks(rel)
	return ok, err
}

// readBuf pins the page at addr (fsm_readbuf).
func (m *Map) readBuf(rel storage.RelFileLocator, addr address, extend bool) (buffer.Buffer, error) {
	return ReadMapBuffer(m.Pool, m.Files, rel, storage.FSMFork, physical(addr), extend)
}

// ForkBlocks is the length of a map fork (FSM or visibility map) and
// whether it exists at all: maps are made when first needed, so a
// missing one is normal and has no blocks.
func ForkBlocks(files Files, rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, bool, error) {
	n, err := files.NBlocks(rel, fork)
	if err != nil {
		if isMissing(err) {
			return 0, false, nil
		}
		return 0, false, err
	}
	return n, true, nil
}

// ReadMapBuffer pins block blk of a map fork, the free space map's or
// the visibility map's (fsm_readbuf, vm_readbuf). A block beyond the end
// of the fork is made (with every block before it, and the fork itself
// if missing) when extend is set, and otherwise reported as
// InvalidBuffer. A page that fails verification reads as zeroes, and a
// zeroed page is initialised: a map is never allowed to stop its
// relation from being used (a lost visibility map bit only costs heap
// fetches; a lost free space entry some space).
func ReadMapBuffer(pool *buffer.Pool, files Files, rel storage.RelFileLocator, fork storage.ForkNumber, blk storage.BlockNumber, extend bool) (buffer.Buffer, error) {
	n, exists, err := ForkBlocks(files, rel, fork)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	if blk >= n {
		if !extend {
			return buffer.InvalidBuffer, nil
		}
		if err := extendFork(pool, files, rel, fork, blk+1, exists); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
	buf, err := pool.ReadBufferExtended(rel, fork, blk, buffer.ZeroOnError)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	if p := page.Page(pool.Page(buf)); p.IsNew() {
		// Initialising is a change like any other: under the exclusive
		// lock, checking again. Not marked dirty: an all-zero page on disk
		// reads the same.
		pool.LockBuffer(buf, buffer.Exclusive)
		if p.IsNew() {
			initPage(p)
		}
		pool.LockBuffer(buf, buffer.Unlock)
	}
	return buf, nil
}

// extendFork makes the fork at least nblocks long (fsm_extend,
// vm_extend), creating it first if needed; creation is not WAL-logged
// (a map lost in a crash is made again). The new pages are zeroes,
// initialised when read. The buffer pool's relation extension lock
// serialises extenders; one that loses a race at worst adds a page that
// would have been needed next.
func extendFork(pool *buffer.Pool, files Files, rel storage.RelFileLocator, fork storage.ForkNumber, nblocks storage.BlockNumber, exists bool) error {
	if !exists {
		if err := files.Create(rel, fork, true); err != nil {
			return err
		}
	}
	for {
		n, err := files.NBlocks(rel, fork)
		if err != nil {
			return err
		}
		if n >= nblocks {
			return nil
		}
		buf, _, err := pool.ExtendRelation(rel, fork)
		if err != nil {
			return err
		}
		pool.UnlockRelease(buf)
	}
}

// GetPageWithFreeSpace returns a heap block the map says has at least
// spaceNeeded free bytes, or InvalidBlock (GetPageWithFreeSpace).
// Successive calls move on through the relation rather than all
// returning the same block.
func (m *Map) GetPageWithFreeSpace(rel storage.RelFileLocator, spaceNeeded int) (storage.BlockNumber, error) {
	minCat, err := neededToCategory(spaceNeeded)
	if err != nil {
		return storage.InvalidBlock, err
	}
	return m.search(rel, minCat)
}

// RecordAndGetPageWithFreeSpace records that oldPage has oldSpaceAvail
// free bytes (a page that turned out too full) and returns another
// block with at least spaceNeeded, or InvalidBlock
// (RecordAndGetPageWithFreeSpace). A block on the same map page is
// preferred, found while that page is locked anyway.
func (m *Map) RecordAndGetPageWithFreeSpace(rel storage.RelFileLocator, oldPage storage.BlockNumber, oldSpaceAvail, spaceNeeded int) (storage.BlockNumber, error) {
	searchCat, err := neededToCategory(spaceNeeded)
	if err != nil {
		return storage.InvalidBlock, err
	}
	addr, slot := location(oldPage)
	found, err := m.setAndSearch(rel, addr, slot, AvailToCategory(oldSpaceAvail), searchCat)
	if err != nil {
		return storage.InvalidBlock, err
	}
	if found != -1 {
		return heapBlock(addr, found), nil
	}
	return m.search(rel, searchCat)
}

// RecordPageWithFreeSpace records heapBlk's free space
// (RecordPageWithFreeSpace). The upper levels learn of it only when
// FreeSpaceMapVacuum runs, or when a search finds them wrong.
func (m *Map) RecordPageWithFreeSpace(rel storage.RelFileLocator, heapBlk storage.BlockNumber, spaceAvail int) error {
	addr, slot := location(heapBlk)
	_, err := m.setAndSearch(rel, addr, slot, AvailToCategory(spaceAvail), 0)
	return err
}

// GetRecordedFreeSpace returns the free space recorded for heapBlk
// (GetRecordedFreeSpace; pg_freespacemap's figure): a multiple of 32,
// or 0 when nothing is recorded.
func (m *Map) GetRecordedFreeSpace(rel storage.RelFileLocator, heapBlk storage.BlockNumber) (int, error) {
	addr, slot := location(heapBlk)
	buf, err := m.readBuf(rel, addr, false)
	if err != nil || !buf.Valid() {
		return 0, err
	}
	m.Pool.LockBuffer(buf, buffer.Share)
	cat := fsmPage(m.Pool.Page(buf)).avail(slot)
	m.Pool.UnlockRelease(buf)
	return CategoryToAvail(cat), nil
}

// setAndSearch sets slot of the page at addr to newValue and, if minValue
// is not 0, searches that page for a slot with at least minValue
// (fsm_set_and_search), under one exclusive lock.
func (m *Map) setAndSearch(rel storage.RelFileLocator, addr address, slot int, newValue, minValue uint8) (int, error) {
	buf, err := m.readBuf(rel, addr, true)
	if err != nil {
		return -1, err
	}
	m.Pool.LockBuffer(buf, buffer.Exclusive)
	p := fsmPage(m.Pool.Page(buf))
	if p.setAvail(slot, newValue) {
		m.Pool.MarkDirtyHint(buf)
	}
	found := -1
	if minValue != 0 {
		found = p.search(minValue, addr.level == bottomLevel, true, nil, func() { m.Pool.MarkDirtyHint(buf) })
	}
	m.Pool.UnlockRelease(buf)
	return found, nil
}

// maxRestarts bounds fsm_search's restarts: each one fixes an upper
// entry, so this many means a map changing faster than we read it.
const maxRestarts = 10000

// search descends from the root to a heap block of category minCat or
// more (fsm_search). An upper entry that promised more than the page
// below holds is corrected from that page, and the search starts over.
func (m *Map) search(rel storage.RelFileLocator, minCat uint8) (storage.BlockNumber, error) {
	restarts := 0
	addr := rootAddress
	for {
		buf, err := m.readBuf(rel, addr, false)
		if err != nil {
			return storage.InvalidBlock, err
		}
		slot := -1
		var maxAvail uint8
		if buf.Valid() {
			m.Pool.LockBuffer(buf, buffer.Share)
			p := fsmPage(m.Pool.Page(buf))
			slot = p.search(minCat, addr.level == bottomLevel, false,
				func() {
					m.Pool.LockBuffer(buf, buffer.Unlock)
					m.Pool.LockBuffer(buf, buffer.Exclusive)
				},
				func() { m.Pool.MarkDirtyHint(buf) })
			if slot == -1 {
				maxAvail = p.maxAvail()
			}
			m.Pool.UnlockRelease(buf)
		}
		switch {
		case slot != -1:
			if addr.level == bottomLevel {
				return heapBlock(addr, slot), nil
			}
			addr = child(addr, slot)
		case addr.level == rootLevel:
			return storage.InvalidBlock, nil
		default:
			// The parent led us here for nothing: tell it what this page
			// really has, and start again from the root.
			up, upSlot := parent(addr)
			if _, err := m.setAndSearch(rel, up, upSlot, maxAvail, 0); err != nil {
				return storage.InvalidBlock, err
			}
			if restarts++; restarts > maxRestarts {
				return storage.InvalidBlock, nil
			}
			addr = rootAddress
		}
	}
}

// Vacuum brings the upper levels of rel's map up to date with the bottom
// level (FreeSpaceMapVacuum), after VACUUM recorded the free space of
// the pages it cleaned. check, if not nil, is called between pages and
// stops the walk with its error (an interrupt).
func (m *Map) Vacuum(rel storage.RelFileLocator, check func() error) error {
	_, _, err := m.vacuumPage(rel, rootAddress, 0, storage.InvalidBlock, check)
	return err
}

// VacuumRange is Vacuum restricted to the entries covering heap blocks
// start to end-1 (FreeSpaceMapVacuumRange); end InvalidBlock means to
// the end of the relation.
func (m *Map) VacuumRange(rel storage.RelFileLocator, start, end storage.BlockNumber, check func() error) error {
	if end <= start {
		return nil
	}
	_, _, err := m.vacuumPage(rel, rootAddress, start, end, check)
	return err
}

// vacuumPage is fsm_vacuum_page: it fixes, on the page at addr, the
// entries for its children that cover heap blocks [start, end), each
// from a recursive visit of that child, and returns the page's maximum.
// eof reports that the page does not exist, and so neither do any after
// it.
func (m *Map) vacuumPage(rel storage.RelFileLocator, addr address, start, end storage.BlockNumber, check func() error) (uint8, bool, error) {
	buf, err := m.readBuf(rel, addr, false)
	if err != nil {
		return 0, false, err
	}
	if !buf.Valid() {
		return 0, true, nil
	}
	p := fsmPage(m.Pool.Page(buf))
	if addr.level > bottomLevel {
		// The slots of this page covering start and end-1.
		first, firstSlot := location(start)
		last, lastSlot := location(end - 1)
		for first.level < addr.level {
			first, firstSlot = parent(first)
			last, lastSlot = parent(last)
		}
		var startSlot, endSlot int
		switch {
		case first.logPageNo == addr.logPageNo:
			startSlot = firstSlot
		case first.logPageNo > addr.logPageNo:
			startSlot = SlotsPerPage
		}
		switch {
		case last.logPageNo == addr.logPageNo:
			endSlot = lastSlot
		case last.logPageNo > addr.logPageNo:
			endSlot = SlotsPerPage - 1
		default:
			endSlot = -1
		}
		eof := false
		for slot := startSlot; slot <= endSlot; slot++ {
			if check != nil {
				if err := check(); err != nil {
					m.Pool.Release(buf)
					return 0, false, err
				}
			}
			// Past the end of the fork, the remaining entries are cleared.
			var childAvail uint8
			if !eof {
				childAvail, eof, err = m.vacuumPage(rel, child(addr, slot), start, end, check)
				if err != nil {
					m.Pool.Release(buf)
					return 0, false, err
				}
			}
			m.Pool.LockBuffer(buf, buffer.Share)
			same := p.avail(slot) == childAvail
			m.Pool.LockBuffer(buf, buffer.Unlock)
			if !same {
				m.Pool.LockBuffer(buf, buffer.Exclusive)
				p.setAvail(slot, childAvail)
				m.Pool.MarkDirtyHint(buf)
				m.Pool.LockBuffer(buf, buffer.Unlock)
			}
		}
	}
	m.Pool.LockBuffer(buf, buffer.Share)
	maxAvail := p.maxAvail()
	// Searches start again from the first page, which favours low block
	// numbers and so lets a later VACUUM truncate the relation.
	p.setNextSlot(0)
	m.Pool.UnlockRelease(buf)
	return maxAvail, false, nil
}

// PrepareTruncateRel clears the entries of heap blocks from nblocks on
// and returns the length the fork must be cut to, or InvalidBlock if it
// needs no cutting (FreeSpaceMapPrepareTruncateRel). The caller then
// truncates the fork (TruncateRel does both). The entries of the last
// page kept are cleared in place; with data checksums or wal_log_hints
// the page is logged as a full-page image, since its change must not be
// torn while the truncation record that would redo it comes later.
// inRedo is set when replaying that truncation record.
func (m *Map) PrepareTruncateRel(rel storage.RelFileLocator, nblocks storage.BlockNumber, inRedo bool) (storage.BlockNumber, error) {
	n, exists, err := m.nblocks(rel)
	if err != nil || !exists {
		return storage.InvalidBlock, err
	}
	first, firstSlot := location(nblocks)
	if firstSlot == 0 {
		// The first removed block starts a map page: cut that page off.
		keep := physical(first)
		if n <= keep {
			return storage.InvalidBlock, nil
		}
		return keep, nil
	}
	buf, err := m.readBuf(rel, first, false)
	if err != nil || !buf.Valid() {
		return storage.InvalidBlock, err
	}
	m.Pool.LockBuffer(buf, buffer.Exclusive)
	p := m.Pool.Page(buf)
	owner := m.Pool.Owner()
	owner.EnterCritical()
	fsmPage(p).truncateAvail(firstSlot)
	m.Pool.MarkDirty(buf)
	if !inRedo && m.WAL != nil && !rel.IsTemp() && m.Pool.HintsNeedWAL() {
		if err := logPageImage(m.WAL, rel, storage.FSMFork, physical(first), p, false); err != nil {
			return storage.InvalidBlock, err
		}
	}
	owner.ExitCritical()
	m.Pool.UnlockRelease(buf)
	return physical(first) + 1, nil
}

// TruncateRel cuts rel's map to cover heap blocks 0 to nblocks-1, when
// the heap is truncated to nblocks (the free space map's share of
// RelationTruncate and of the redo of its record): the entries past the
// end are cleared, the fork's buffers past its new end dropped, the fork
// truncated, and the upper levels fixed (the cut pages were likely
// empty, and searches would keep choosing them).
func (m *Map) TruncateRel(files Truncater, rel storage.RelFileLocator, nblocks storage.BlockNumber, inRedo bool) error {
	newBlocks, err := m.PrepareTruncateRel(rel, nblocks, inRedo)
	if err != nil || newBlocks == storage.InvalidBlock {
		return err
	}
	if err := m.Pool.DropRelationBuffers(rel, storage.FSMFork, newBlocks); err != nil {
		return err
	}
	if err := files.Truncate(rel, storage.FSMFork, newBlocks); err != nil {
		return err
	}
	return m.VacuumRange(rel, nblocks, storage.InvalidBlock, nil)
}

// logPageImage writes page as an XLOG_FPI record and stamps it with the
// record's end (log_newpage_buffer). A failure is a PANIC: the caller is
// in a critical section. std says the page has a standard layout whose
// hole may be left out; map pages keep their data in the hole.
func logPageImage(w WAL, rel storage.RelFileLocator, fork storage.ForkNumber, blk storage.BlockNumber, p []byte, std bool) error {
	flags := uint8(xlog.RegBufForceImage)
	if std {
		flags |= xlog.RegBufStandard
	}
	rb := xlog.NewRecord(xlog.RmgrXLOG, xlog.InfoFPI)
	rb.RegisterBuffer(0, rel, fork, blk, p, flags)
	lsn, err := w.Insert(rb)
	if err != nil {
		pe := *pgerr.As(err)
		pe.Severity = pgerr.SeverityPanic
		return &pe
	}
	page.Page(p).SetLSN(lsn)
	return nil
}

// LogPageImage is logPageImage for the visibility map's truncation,
// which follows the same rule (visibilitymap_prepare_truncate).
func LogPageImage(w WAL, rel storage.RelFileLocator, fork storage.ForkNumber, blk storage.BlockNumber, p []byte) error {
	return logPageImage(w, rel, fork, blk, p, false)
}
