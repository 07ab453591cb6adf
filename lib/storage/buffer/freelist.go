// Victim selection by clock sweep and the hand-off to the background
// writer (PostgreSQL's freelist.c). There is no free list: a buffer that
// is invalidated keeps usage count 0 and no pins, so the next pass of the
// hand takes it first.

package buffer

import (
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// clockSweep picks a victim (StrategyGetBuffer): the first buffer under the
// advancing hand with no pins and usage count 0, decrementing usage counts
// of unpinned buffers it passes. It returns with the victim's header
// spinlock held and its state. When a whole lap finds only pinned buffers
// it fails, as PostgreSQL does.
func (s *Shared) clockSweep(o *shmem.Owner) (int32, uint32, error) {
	h := s.hdr
	atomic.AddUint32(&h.numAllocs, 1)
	atomic.AddUint64(&h.stats[statAlloc], 1)
	if atomic.LoadUint32(&h.bgwWaiting) != 0 && atomic.CompareAndSwapUint32(&h.bgwWaiting, 1, 0) {
		atomic.AddUint32(&h.bgwSeq, 1)
		futexWakeAll(&h.bgwSeq)
	}
	n := uint64(s.nbuffers)
	tries := s.nbuffers
	for {
		id := int32((atomic.AddUint64(&h.nextVictim, 1) - 1) % n)
		d := &s.descs[id]
		// Look before locking: a pinned buffer is passed over without
		// touching its header (the locked check below decides).
		if refcount(atomic.LoadUint32(&d.state)) == 0 {
			st := lockHdr(o, d)
			if refcount(st) == 0 {
				if usageCount(st) == 0 {
					return id, st, nil
				}
				unlockHdr(o, d, st-usageOne)
				tries = s.nbuffers
				continue
			}
			unlockHdr(o, d, st)
		}
		if tries--; tries == 0 {
			return -1, 0, pgerr.New(pgerr.InternalError, "no unpinned buffers available")
		}
	}
}

// strategySyncStart tells the background writer where the hand is: the
// next victim, the completed passes, and the allocations since its last
// call (StrategySyncStart).
func (s *Shared) strategySyncStart() (next int, passes uint32, recentAlloc uint32) {
	v := atomic.LoadUint64(&s.hdr.nextVictim)
	n := uint64(s.nbuffers)
	return int(v % n), uint32(v / n), atomic.SwapUint32(&s.hdr.numAllocs, 0)
}

// WaitForAllocation is the background writer's hibernation: it sleeps
// until some process allocates a buffer or the timeout passes, and reports
// whether it was woken by an allocation (StrategyNotifyBgWriter plus the
// latch wait).
func (s *Shared) WaitForAllocation(timeout time.Duration) bool {
	h := s.hdr
	seq := atomic.LoadUint32(&h.bgwSeq)
	atomic.StoreUint32(&h.bgwWaiting, 1)
	if atomic.LoadUint32(&h.numAllocs) != 0 {
		atomic.StoreUint32(&h.bgwWaiting, 0)
		return true
	}
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			atomic.StoreUint32(&h.bgwWaiting, 0)
			return false
		}
		futexWait(&h.bgwSeq, seq, left)
		if atomic.LoadUint32(&h.bgwSeq) != seq {
			return true
		}
	}
}
