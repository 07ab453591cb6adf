// Buffer access strategies (PostgreSQL's BufferAccessStrategy, freelist.c):
// a bulk operation takes its buffers from a small ring it reuses instead
// of from the whole pool, so that loading a big table neither pushes
// everyone else's pages out nor touches every buffer of shared memory
// (each first touch of a shared page by a process is a page fault).
// Only the bulk-write ring exists (BAS_BULKWRITE: COPY FROM and CREATE
// TABLE AS); bulk reads and VACUUM use the whole pool.

package buffer

import (
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// bulkWriteRingBytes is GetAccessStrategy's ring size for BAS_BULKWRITE.
const bulkWriteRingBytes = 16 << 20

// Strategy is a ring of buffers one process reuses for a bulk operation.
// It is private to the process and used by one goroutine.
type Strategy struct {
	ring []int32 // buffer ids; -1 for a slot not filled yet
	// current is the slot of the buffer last handed out.
	current int
}

// NewBulkWriteStrategy returns a bulk-write ring: 16 MB of buffers, at
// most an eighth of the pool, as PostgreSQL sizes it.
func (p *Pool) NewBulkWriteStrategy() *Strategy {
	n := min(bulkWriteRingBytes/storage.BlockSize, int(p.sh.nbuffers)/8)
	n = max(n, 1)
	s := &Strategy{ring: make([]int32, n), current: n - 1}
	for i := range s.ring {
		s.ring[i] = -1
	}
	return s
}

// fromRing is GetBufferFromRing: the next buffer of the ring, returned
// with its header locked, when nobody has it pinned and nobody else has
// used it since (usage count at most 1); otherwise -1, and the caller
// takes a victim from the clock sweep and puts it in this slot.
func (p *Pool) fromRing(s *Strategy) (int32, uint32) {
	s.current++
	if s.current >= len(s.ring) {
		s.current = 0
	}
	id := s.ring[s.current]
	if id < 0 {
		return -1, 0
	}
	d := &p.sh.descs[id]
	if refcount(atomic.LoadUint32(&d.state)) != 0 {
		return -1, 0
	}
	st := lockHdr(p.owner, d)
	if refcount(st) == 0 && usageCount(st) <= 1 {
		return id, st
	}
	unlockHdr(p.owner, d, st)
	return -1, 0
}

// victim picks the buffer to reuse: from the ring when there is one and
// its next buffer is free, else by the clock sweep (the buffer then
// joins the ring). The header is returned locked.
func (p *Pool) victim(s *Strategy) (int32, uint32, error) {
	if s != nil {
		if id, st := p.fromRing(s); id >= 0 {
			return id, st, nil
		}
	}
	id, st, err := p.sh.clockSweep(p.owner)
	if err == nil && s != nil {
		s.ring[s.current] = id
	}
	return id, st, err
}
