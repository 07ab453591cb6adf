// Finding room for a new tuple and placing it (PostgreSQL's hio.c:
// RelationGetBufferForTuple and RelationPutHeapTuple): the candidates
// are the relation's cached insertion target, the pages the free space
// map suggests, and its last block; when none has room the relation is
// extended. The visibility map pages of all-visible candidates are
// pinned before the heap pages are locked.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

func (e *Env) target(loc storage.RelFileLocator) storage.BlockNumber {
	if b, ok := e.targets[loc]; ok {
		return b
	}
	return storage.InvalidBlock
}

func (e *Env) setTarget(loc storage.RelFileLocator, b storage.BlockNumber) {
	if e.targets == nil {
		e.targets = map[storage.RelFileLocator]storage.BlockNumber{}
	}
	e.targets[loc] = b
}

// errRowTooBig is hio.c's error for a tuple no page can hold; n is the
// MAXALIGNed length, as PostgreSQL reports it.
func errRowTooBig(n int) error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "row is too big: size %d, maximum size %d", n, MaxHeapTupleSize)
}

// lockPair takes the exclusive content locks of buf and other (which may
// be InvalidBuffer or the same buffer), lower block number first, the
// order every process uses so that two updaters cannot deadlock.
func (e *Env) lockPair(buf, other buffer.Buffer) {
	switch {
	case !other.Valid() || other == buf:
		e.Pool.LockBuffer(buf, buffer.Exclusive)
	case e.Pool.BlockNumber(other) < e.Pool.BlockNumber(buf):
		e.Pool.LockBuffer(other, buffer.Exclusive)
		e.Pool.LockBuffer(buf, buffer.Exclusive)
	default:
		e.Pool.LockBuffer(buf, buffer.Exclusive)
		e.Pool.LockBuffer(other, buffer.Exclusive)
	}
}

// getBufferForTuple returns a pinned buffer, locked exclusively, whose
// page has room for a tuple of n bytes (RelationGetBufferForTuple). If
// other is valid (UPDATE's old page, pinned but not locked), it is locked
// too, in block order, and may itself be returned. A new page found or
// made is initialised (and marked dirty, but not WAL-logged: the first
// insertion logs it with XLOG_HEAP_INIT_PAGE).
//
// Candidates, in order: the relation's cached target block, else the
// free space map's choice, else the last block; a candidate that turns
// out too full is recorded as such in the free space map, which offers
// the next one; when it has none, the relation is extended. The new
// block is kept as the target but not entered in the map (VACUUM does
// that), as PostgreSQL does.
//
// *vmbuf (and *vmbufOther, for other) end up pinning the visibility map
// page of the returned page (and of other) when that page is
// all-visible, so the caller can clear its bits without reading a map
// page while holding the heap lock; pins they already hold are reused or
// swapped. The caller releases them.
func (e *Env) getBufferForTuple(rel *Relation, n int, other buffer.Buffer, vmbuf, vmbufOther *buffer.Buffer) (buffer.Buffer, error) {
	n = page.MaxAlignUp(n) // the item takes its MAXALIGNed size on the page
	if n > MaxHeapTupleSize {
		return buffer.InvalidBuffer, errRowTooBig(n)
	}
	need := targetFreeSpace(rel, n)
	loc := rel.Locator
	var otherBlock storage.BlockNumber = storage.InvalidBlock
	if other.Valid() {
		otherBlock = e.Pool.BlockNumber(other)
	}
	target := e.target(loc)
	if target == storage.InvalidBlock {
		// No cached target: ask the free space map first.
		blk, err := e.fsm().GetPageWithFreeSpace(loc, need)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		target = blk
	}
	if target == storage.InvalidBlock {
		// The map knows nothing: try the last page before extending.
		nblocks, err := e.Files.NBlocks(loc, storage.MainFork)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		if nblocks > 0 {
			target = nblocks - 1
		}
	}
	for {
		for target != storage.InvalidBlock {
			buf, free, err := e.tryTarget(rel, target, need, other, otherBlock, vmbuf, vmbufOther)
			if err != nil || buf.Valid() {
				return buf, err
			}
			if free < 0 {
				break // the block no longer exists
			}
			// Too full: say so, and take the map's next suggestion.
			if target, err = e.fsm().RecordAndGetPageWithFreeSpace(loc, target, free, need); err != nil {
				return buffer.InvalidBuffer, err
			}
		}
		buf, blk, err := e.extendForTuple(rel, n, other, otherBlock, vmbuf, vmbufOther)
		if err != nil || buf.Valid() {
			return buf, err
		}
		// Someone used the new page while we had it unlocked: try it
		// like any other candidate.
		target = blk
	}
}

// targetFreeSpace is the room a page must have to take a tuple of n
// bytes (RelationGetBufferForTuple's targetFreeSpace): n plus what the
// table's fillfactor keeps free, except that a tuple that would then fit
// only a nearly empty page asks for no more than that (so it is not put
// off every page that already holds something).
func targetFreeSpace(rel *Relation, n int) int {
	save := page.Size * (100 - rel.fillFactor()) / 100
	nearlyEmpty := MaxHeapTupleSize - page.MaxHeapTuplesPerPage/8*4
	if n+save > nearlyEmpty {
		return max(n, nearlyEmpty)
	}
	return n + save
}

// extendForTuple adds a page to the relation for a tuple of n bytes,
// returning it locked (with other locked too, if valid). It returns
// InvalidBuffer, and the new block, if others filled the page while it
// had to be unlocked to lock other in block order.
func (e *Env) extendForTuple(rel *Relation, n int, other buffer.Buffer, otherBlock storage.BlockNumber, vmbuf, vmbufOther *buffer.Buffer) (buffer.Buffer, storage.BlockNumber, error) {
	buf, blk, err := e.Pool.ExtendRelationWith(rel.Locator, storage.MainFork, e.extendStrategy)
	if err != nil {
		return buffer.InvalidBuffer, 0, err
	}
	p := page.Page(e.Pool.Page(buf))
	if !p.IsNew() {
		e.Pool.UnlockRelease(buf)
		return buffer.InvalidBuffer, 0, pgerr.Newf(pgerr.InternalError, "page %d of relation \"%s\" should be empty but is not", blk, rel.Name)
	}
	p.Init(0)
	e.Pool.MarkDirty(buf)
	if other.Valid() {
		// The new block is the highest: strictly other should be locked
		// first, but that would let others fill our page; try, and fall
		// back to the right order if we must wait.
		if !e.Pool.ConditionalLockBuffer(other) {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			e.Pool.LockBuffer(other, buffer.Exclusive)
			e.Pool.LockBuffer(buf, buffer.Exclusive)
		}
		// Either lock may have been let go meanwhile (here, or to pin a
		// map page): other may have become all-visible, and the new page
		// used by someone else.
		if err := e.visibilityMapPins(rel, other, buf, otherBlock, blk, vmbufOther, vmbuf); err != nil {
			return buffer.InvalidBuffer, 0, err
		}
		if n > p.HeapFreeSpace() {
			e.Pool.LockBuffer(other, buffer.Unlock)
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, blk, nil
		}
	}
	e.setTarget(rel.Locator, blk)
	return buf, blk, nil
}

// tryTarget looks for room in block target, locking it (and other, in
// block order). It returns the locked buffer if the page has n bytes free;
// otherwise it lets go of it (other stays pinned and unlocked) and
// returns the page's free space, or -1 if the block no longer exists.
func (e *Env) tryTarget(rel *Relation, target storage.BlockNumber, n int, other buffer.Buffer, otherBlock storage.BlockNumber, vmbuf, vmbufOther *buffer.Buffer) (buffer.Buffer, int, error) {
	loc := rel.Locator
	var buf buffer.Buffer
	if target == otherBlock {
		buf = other
	} else {
		b, err := e.Pool.ReadBufferWith(loc, storage.MainFork, target, e.extendStrategy)
		if err != nil {
			// A stale target (the relation was truncated meanwhile): forget
			// it and extend instead.
			e.ForgetRelation(loc)
			if nb, nerr := e.Files.NBlocks(loc, storage.MainFork); nerr == nil && target >= nb {
				return buffer.InvalidBuffer, -1, nil
			}
			return buffer.InvalidBuffer, 0, err
		}
		buf = b
	}
	// An all-visible page needs its map page pinned before it is locked
	// (the caller clears the bits); the unlocked look is rechecked below.
	if page.Page(e.Pool.Page(buf)).IsAllVisible() {
		if err := VisibilityMapPin(e, rel, target, vmbuf); err != nil {
			if buf != other {
				e.Pool.Release(buf)
			}
			return buffer.InvalidBuffer, 0, err
		}
	}
	e.lockPair(buf, other)
	var err error
	if !other.Valid() || target <= otherBlock {
		err = e.visibilityMapPins(rel, buf, other, target, otherBlock, vmbuf, vmbufOther)
	} else {
		err = e.visibilityMapPins(rel, other, buf, otherBlock, target, vmbufOther, vmbuf)
	}
	if err != nil {
		if buf != other {
			e.Pool.Release(buf)
		}
		return buffer.InvalidBuffer, 0, err
	}
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		// Extended by someone whose insertion failed, or before a crash.
		p.Init(0)
		e.Pool.MarkDirty(buf)
	}
	free := p.HeapFreeSpace()
	if n <= free {
		e.setTarget(loc, target)
		return buf, free, nil
	}
	// No room: let go.
	e.Pool.LockBuffer(buf, buffer.Unlock)
	if buf != other {
		if other.Valid() {
			e.Pool.LockBuffer(other, buffer.Unlock)
		}
		e.Pool.Release(buf)
	}
	return buffer.InvalidBuffer, free, nil
}

// visibilityMapPins makes sure that, for each of buf1 and buf2 (locked
// exclusively, buf1 the lower block; buf2 may be invalid or buf1) that
// is all-visible, *vm1 / *vm2 pin its visibility map page
// (GetVisibilityMapPins). Pinning may read a page, so both locks are let
// go meanwhile and taken again, in block order; the caller must then
// check again what the locks protected.
func (e *Env) visibilityMapPins(rel *Relation, buf1, buf2 buffer.Buffer, blk1, blk2 storage.BlockNumber, vm1, vm2 *buffer.Buffer) error {
	for {
		need1 := page.Page(e.Pool.Page(buf1)).IsAllVisible() && !VisibilityMapPinOK(e, blk1, *vm1)
		need2 := buf2.Valid() && page.Page(e.Pool.Page(buf2)).IsAllVisible() && !VisibilityMapPinOK(e, blk2, *vm2)
		if !need1 && !need2 {
			return nil
		}
		e.Pool.LockBuffer(buf1, buffer.Unlock)
		if buf2.Valid() && buf2 != buf1 {
			e.Pool.LockBuffer(buf2, buffer.Unlock)
		}
		var err error
		if need1 {
			err = VisibilityMapPin(e, rel, blk1, vm1)
		}
		if need2 && err == nil {
			err = VisibilityMapPin(e, rel, blk2, vm2)
		}
		e.Pool.LockBuffer(buf1, buffer.Exclusive)
		if buf2.Valid() && buf2 != buf1 {
			e.Pool.LockBuffer(buf2, buffer.Exclusive)
		}
		if err != nil {
			e.Pool.LockBuffer(buf1, buffer.Unlock)
			if buf2.Valid() && buf2 != buf1 {
				e.Pool.LockBuffer(buf2, buffer.Unlock)
			}
			return err
		}
		// Having pinned only one, the other may have become all-visible
		// meanwhile: look again.
		if !buf2.Valid() || buf1 == buf2 || (need1 && need2) {
			return nil
		}
	}
}

// putHeapTuple adds tup to the page of buf and sets its t_ctid to its own
// address (RelationPutHeapTuple). The caller is in a critical section with
// the buffer locked exclusively and knows the tuple fits, so a failure
// means a corrupt page: PANIC.
func (e *Env) putHeapTuple(buf buffer.Buffer, tup []byte) (TID, error) {
	p := page.Page(e.Pool.Page(buf))
	off := p.AddItem(tup, page.InvalidOffset, false, true)
	if off == page.InvalidOffset {
		return TID{}, pgerr.New(pgerr.InternalError, "failed to add tuple to page").WithSeverity(pgerr.SeverityPanic)
	}
	tid := TID{Block: e.Pool.BlockNumber(buf), Offset: off}
	setCtid(p.Item(off), tid)
	return tid, nil
}
