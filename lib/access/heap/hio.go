// Finding room for a new tuple and placing it (PostgreSQL's hio.c:
// RelationGetBufferForTuple and RelationPutHeapTuple), without a free
// space map: the candidates are the relation's cached insertion target
// and its last block; when neither has room the relation is extended.

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
func (e *Env) getBufferForTuple(rel *Relation, n int, other buffer.Buffer) (buffer.Buffer, error) {
	n = page.MaxAlignUp(n) // the item takes its MAXALIGNed size on the page
	if n > MaxHeapTupleSize {
		return buffer.InvalidBuffer, errRowTooBig(n)
	}
	loc := rel.Locator
	var otherBlock storage.BlockNumber = storage.InvalidBlock
	if other.Valid() {
		otherBlock = e.Pool.BlockNumber(other)
	}
	target := e.target(loc)
	if target == storage.InvalidBlock {
		nblocks, err := e.Files.NBlocks(loc, storage.MainFork)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		if nblocks > 0 {
			target = nblocks - 1
		}
	}
	if target != storage.InvalidBlock {
		buf, ok, err := e.tryTarget(rel, target, n, other, otherBlock)
		if err != nil || ok {
			return buf, err
		}
	}

	for {
		buf, blk, err := e.Pool.ExtendRelation(loc, storage.MainFork)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		unlockedTarget := false
		if other.Valid() {
			// The new block is the highest: strictly we should lock other
			// first, but that would let others fill our page; try, and
			// fall back to the right order if we must wait.
			if !e.Pool.ConditionalLockBuffer(other) {
				unlockedTarget = true
				e.Pool.LockBuffer(buf, buffer.Unlock)
				e.Pool.LockBuffer(other, buffer.Exclusive)
				e.Pool.LockBuffer(buf, buffer.Exclusive)
			}
		}
		p := page.Page(e.Pool.Page(buf))
		if p.IsNew() {
			p.Init(0)
			e.Pool.MarkDirty(buf)
		} else if !unlockedTarget {
			e.Pool.UnlockRelease(buf)
			if other.Valid() {
				e.Pool.LockBuffer(other, buffer.Unlock)
			}
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "page %d of relation \"%s\" should be empty but is not", blk, rel.Name)
		}
		if n > p.HeapFreeSpace() {
			// Only possible if another process used the page while we
			// had it unlocked: extend again.
			e.Pool.UnlockRelease(buf)
			if other.Valid() {
				e.Pool.LockBuffer(other, buffer.Unlock)
			}
			continue
		}
		e.setTarget(loc, blk)
		return buf, nil
	}
}

// tryTarget looks for room in block target, locking it (and other, in
// block order). It returns the locked buffer if the tuple fits; otherwise
// it lets go of it (other stays pinned and unlocked).
func (e *Env) tryTarget(rel *Relation, target storage.BlockNumber, n int, other buffer.Buffer, otherBlock storage.BlockNumber) (buffer.Buffer, bool, error) {
	loc := rel.Locator
	var buf buffer.Buffer
	if target == otherBlock {
		buf = other
		e.Pool.LockBuffer(buf, buffer.Exclusive)
	} else {
		b, err := e.Pool.ReadBuffer(loc, storage.MainFork, target)
		if err != nil {
			// A stale target (the relation was truncated meanwhile): forget
			// it and extend instead.
			e.ForgetRelation(loc)
			if nb, nerr := e.Files.NBlocks(loc, storage.MainFork); nerr == nil && target >= nb {
				return buffer.InvalidBuffer, false, nil
			}
			return buffer.InvalidBuffer, false, err
		}
		buf = b
		e.lockPair(buf, other)
	}
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		// Extended by someone whose insertion failed, or before a crash.
		p.Init(0)
		e.Pool.MarkDirty(buf)
	}
	if n <= p.HeapFreeSpace() {
		e.setTarget(loc, target)
		return buf, true, nil
	}
	// No room: let go (there is no free space map to ask for another page).
	e.Pool.LockBuffer(buf, buffer.Unlock)
	if buf != other {
		if other.Valid() {
			e.Pool.LockBuffer(other, buffer.Unlock)
		}
		e.Pool.Release(buf)
	}
	return buffer.InvalidBuffer, false, nil
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
