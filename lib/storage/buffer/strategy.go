// Buffer access strategies (PostgreSQL's BufferAccessStrategy, freelist.c):
// a bulk operation takes its buffers from a small ring it reuses instead
// of from the whole pool, so that loading a big table neither pushes
// everyone else's pages out nor touches every buffer of shared memory
// (each first touch of a shared page by a process is a page fault).
// The rings are PostgreSQL's: BAS_BULKWRITE (COPY FROM, CREATE TABLE
// AS), BAS_BULKREAD (sequential scans of tables larger than a quarter of
// the pool) and BAS_VACUUM (VACUUM and ANALYZE).

package buffer

import (
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// GetAccessStrategy's ring sizes.
const (
	bulkWriteRingBytes = 16 << 20
	bulkReadRingBytes  = 256 << 10
	vacuumRingBytes    = 256 << 10
)

// Strategy is a ring of buffers one process reuses for a bulk operation.
// It is private to the process and used by one goroutine.
type Strategy struct {
	ring []int32 // buffer ids; -1 for a slot not filled yet
	// current is the slot of the buffer last handed out.
	current int
	// bulkRead is BAS_BULKREAD, which gives up a dirty buffer of its
	// ring whose write would first have to flush WAL (StrategyRejectBuffer):
	// a scan should not wait for WAL at every page it reads.
	bulkRead bool
}

// newStrategy makes a ring of ringBytes of buffers, at most an eighth of
// the pool, as GetAccessStrategy sizes it.
func (p *Pool) newStrategy(ringBytes int) *Strategy {
	n := min(ringBytes/storage.BlockSize, int(p.sh.nbuffers)/8)
	n = max(n, 1)
	s := &Strategy{ring: make([]int32, n), current: n - 1}
	for i := range s.ring {
		s.ring[i] = -1
	}
	return s
}

// NewBulkWriteStrategy returns a bulk-write ring: 16 MB of buffers.
func (p *Pool) NewBulkWriteStrategy() *Strategy { return p.newStrategy(bulkWriteRingBytes) }

// NewBulkReadStrategy returns a bulk-read ring (256 kB) for a sequential
// scan of a relation of more than BulkReadThreshold blocks.
func (p *Pool) NewBulkReadStrategy() *Strategy {
	s := p.newStrategy(bulkReadRingBytes)
	s.bulkRead = true
	return s
}

// NewVacuumStrategy returns the ring VACUUM and ANALYZE read through
// (256 kB).
func (p *Pool) NewVacuumStrategy() *Strategy { return p.newStrategy(vacuumRingBytes) }

// BulkReadThreshold is the length in blocks above which a sequential
// scan reads through a bulk-read ring (initscan: a quarter of the pool).
func (p *Pool) BulkReadThreshold() storage.BlockNumber {
	return storage.BlockNumber(p.sh.nbuffers / 4)
}

// walFlushChecker is what the WAL offers to tell whether writing a page
// would first have to flush it (XLogNeedsFlush).
type walFlushChecker interface {
	NeedsFlush(lsn storage.LSN) bool
}

// rejectDirty is StrategyRejectBuffer: whether a bulk-read ring gives up
// buffer id, which came from the ring, is dirty and whose page has LSN
// lsn, rather than flush WAL to write it; its slot is then refilled by
// the clock sweep.
func (p *Pool) rejectDirty(s *Strategy, lsn storage.LSN) bool {
	if s == nil || !s.bulkRead || p.cfg.WAL == nil || lsn == 0 {
		return false
	}
	if w, ok := p.cfg.WAL.(walFlushChecker); ok && !w.NeedsFlush(lsn) {
		return false
	}
	s.ring[s.current] = -1
	return true
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
func (p *Pool) victim(s *Strategy) (id int32, st uint32, fromRing bool, err error) {
	if s != nil {
		if id, st := p.fromRing(s); id >= 0 {
			return id, st, true, nil
		}
	}
	id, st, err = p.sh.clockSweep(p.owner)
	if err == nil && s != nil {
		s.ring[s.current] = id
	}
	return id, st, false, err
}
