// Relation extension: adding a zeroed page at the end of a fork, under a
// per-relation extension lock so that two processes never pick the same
// new block (PostgreSQL's P_NEW path of ReadBuffer_common, with the
// heavyweight relation extension lock replaced by a small shared table of
// per-relation LWLocks).

package buffer

import (
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// ExtendRelation adds one page to the fork and returns its buffer, pinned
// and locked exclusively, and its block number. The page is all zeroes in
// the buffer and on disk (the file grew by a zero page); the caller
// initialises it, marks it dirty and WAL-logs that as usual. Concurrent
// extenders of the same relation (any fork) serialise on its extension
// lock, held until the new page exists on disk.
func (p *Pool) ExtendRelation(rel storage.RelFileLocator, fork storage.ForkNumber) (Buffer, storage.BlockNumber, error) {
	return p.ExtendRelationWith(rel, fork, nil)
}

// ExtendRelationWith is ExtendRelation taking the buffer from strategy's
// ring (nil: from the whole pool).
func (p *Pool) ExtendRelationWith(rel storage.RelFileLocator, fork storage.ForkNumber, strategy *Strategy) (Buffer, storage.BlockNumber, error) {
	// A new page counts as a page read, as ReadBuffer(P_NEW) does.
	if p.countAccess != nil {
		p.countAccess(rel, false)
	}
	if rel.IsTemp() {
		return p.localExtend(rel, fork)
	}
	return p.extend(rel, fork, true, strategy)
}

func (p *Pool) extend(rel storage.RelFileLocator, fork storage.ForkNumber, lock bool, strategy *Strategy) (Buffer, storage.BlockNumber, error) {
	slot := p.sh.lockExtension(p.owner, rel)
	defer p.sh.unlockExtension(p.owner, slot)

	nb, err := p.cfg.Files.NBlocks(rel, fork)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	if nb >= storage.InvalidBlock {
		return InvalidBuffer, 0, pgerr.Newf(pgerr.ProgramLimitExceeded, "cannot extend relation %s beyond %d blocks",
			rel.Path(fork, 0), uint32(storage.InvalidBlock))
	}
	tag := NewTag(rel, fork, nb)
	id, found, err := p.bufferAlloc(&tag, strategy)
	if err != nil {
		return InvalidBuffer, 0, err
	}
	page := p.sh.page(id)
	if !found {
		// ReadBuffer_common counts an extension as a block written.
		p.usage.SharedWritten++
	} else {
		p.usage.SharedHit++
		// A buffer for a block beyond the end of the file. A zero page can
		// be left by an extension whose write failed, or by a relation
		// truncated without its buffers being dropped: take it over. Data
		// there is a bug somewhere.
		if !isZeroPage(page) {
			p.unpin(id)
			return InvalidBuffer, 0, pgerr.Newf(pgerr.DataCorrupted, "unexpected data beyond EOF in block %d of relation %s",
				nb, rel.Path(fork, 0)).WithHint("This has been seen to occur with buggy kernels; consider updating your system.")
		}
		d := &p.sh.descs[id]
		for {
			st := lockHdr(p.owner, d)
			unlockHdr(p.owner, d, st&^bmValid)
			if p.startIO(id, true) {
				break
			}
		}
	}
	clear(page)
	p.settlePermanence(id, &tag)
	var start time.Time
	timing := p.settingBool("track_io_timing")
	if timing {
		start = time.Now()
	}
	if err := p.cfg.Files.Extend(rel, fork, nb, page, false); err != nil {
		p.abortIO(id)
		p.unpin(id)
		return InvalidBuffer, 0, err
	}
	var took time.Duration
	if timing {
		took = time.Since(start)
	}
	p.io.Count(storage.IOObjectRelation, storage.IOContextNormal, storage.IOOpExtend, 1, took)
	buf := Buffer(id + 1)
	if lock {
		p.LockBuffer(buf, Exclusive)
	}
	p.terminateIO(id, false, bmValid)
	return buf, nb, nil
}

// lockExtension takes rel's extension lock: it finds or assigns the
// relation's slot (users counts holders and waiters), then sleeps on the
// slot's LWLock. The whole dance is a critical section: dying in the
// middle would leak a slot user.
func (s *Shared) lockExtension(o *shmem.Owner, rel storage.RelFileLocator) *extSlot {
	for {
		o.EnterCritical()
		s.hdr.extGuard.Lock(o)
		var slot, free *extSlot
		for i := range s.ext {
			e := &s.ext[i]
			if e.users > 0 && e.rel == rel {
				slot = e
				break
			}
			if e.users == 0 && free == nil {
				free = e
			}
		}
		if slot == nil && free != nil {
			slot = free
			slot.rel = rel
		}
		if slot != nil {
			atomic.AddInt32(&slot.users, 1)
		}
		s.hdr.extGuard.Unlock(o)
		if slot != nil {
			slot.lock.Lock(o)
			o.ExitCritical()
			return slot
		}
		// Every slot busy: more relations being extended at once than
		// processes, which each hold or wait for at most one. Cannot
		// happen; wait rather than fail.
		o.ExitCritical()
		time.Sleep(time.Millisecond)
	}
}

func (s *Shared) unlockExtension(o *shmem.Owner, slot *extSlot) {
	o.EnterCritical()
	slot.lock.Unlock(o)
	s.hdr.extGuard.Lock(o)
	atomic.AddInt32(&slot.users, -1)
	s.hdr.extGuard.Unlock(o)
	o.ExitCritical()
}
