// The shared invalidation queue: a ring of fixed-size messages in shared
// memory that every backend reads (PostgreSQL's sinvaladt.c), with one
// read position per proc slot.

package sinval

import (
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// MaxMessages is the capacity of the ring (MAXNUMMESSAGES).
const MaxMessages = 4096

// cleanupMin and cleanupQuantum set when Insert looks for lagging readers
// (CLEANUP_MIN, CLEANUP_QUANTUM).
const (
	cleanupMin     = MaxMessages / 2
	cleanupQuantum = MaxMessages / 16
)

// writeQuantum is how many messages Insert writes per acquisition of the
// lock (WRITE_QUANTUM), so that a big transaction does not hold it long.
const writeQuantum = 64

// Kind says what a message invalidates.
type Kind int8

// Message kinds. PostgreSQL numbers catcache messages by cache id and uses
// negative ids for the others; here the catalog OID travels in the message
// instead of a cache id.
const (
	// KindCatcache invalidates the cached rows of catalog ID whose
	// lookup key hashes to Hash (SHAREDINVALCATCACHE_ID).
	KindCatcache Kind = 1
	// KindCatalog invalidates every cached row of catalog ID
	// (SHAREDINVALCATALOG_ID).
	KindCatalog Kind = 2
	// KindRelcache invalidates the descriptor of relation ID, or of
	// every relation of the database when ID is 0
	// (SHAREDINVALRELCACHE_ID).
	KindRelcache Kind = 3
	// KindSmgr says the files of relfilenode ID in tablespace Hash
	// changed (SHAREDINVALSMGR_ID): close cached descriptors.
	KindSmgr Kind = 4
	// KindRelmap says the relation map of database DB (0: the shared
	// one) changed on disk: read it again (SHAREDINVALRELMAP_ID).
	KindRelmap Kind = 5
)

func (k Kind) String() string {
	switch k {
	case KindCatcache:
		return "catcache"
	case KindCatalog:
		return "catalog"
	case KindRelcache:
		return "relcache"
	case KindSmgr:
		return "smgr"
	case KindRelmap:
		return "relmap"
	}
	return fmt.Sprintf("kind(%d)", int8(k))
}

// Message is one invalidation message (SharedInvalidationMessage): 16
// bytes, no pointers.
type Message struct {
	Kind Kind
	_    [3]byte
	// DB is the database the message concerns, 0 for shared catalogs.
	DB   uint32
	ID   uint32
	Hash uint32
}

// header is the shared state (SISeg). maxMsgNum is read without the lock
// by backends that check for new messages; everything else is changed
// only under lock.
type header struct {
	lock      shmem.RWLock
	nProcs    int32
	_         int32
	minMsgNum uint64 // oldest message a backend may still need
	maxMsgNum uint64 // number of the next message to be written (atomic)
	// nextThreshold is the queue length at which Insert cleans up even
	// when there is room, so that lagging backends are found early.
	nextThreshold uint64
	resets        uint64 // backends reset since start, for tests and stats
}

// procState is one proc slot's reader state (ProcState). pid is non-zero
// while a process is attached. nextMsgNum and resetState belong to the
// attached process (changed by it under the shared lock) except that
// cleanup, under the exclusive lock, may reset them.
type procState struct {
	pid        int32
	resetState uint32
	nextMsgNum uint64
}

// Queue is a process's view of the shared queue.
type Queue struct {
	hdr   *header
	procs []procState
	msgs  []Message
}

const regionName = "sinval queue"

func numProcs(s *config.Settings) int {
	return proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

func alignUp(n uintptr) uintptr { return (n + 63) &^ 63 }

func layout(nprocs int) (procsOff, msgsOff, total uintptr) {
	procsOff = alignUp(unsafe.Sizeof(header{}))
	msgsOff = alignUp(procsOff + uintptr(nprocs)*unsafe.Sizeof(procState{}))
	total = msgsOff + MaxMessages*unsafe.Sizeof(Message{})
	return
}

// ShmemSize is the number of shared memory bytes the queue needs.
func ShmemSize(s *config.Settings) int {
	_, _, total := layout(numProcs(s))
	return int(total) + 64
}

// CreateShared allocates the queue (postmaster, at start and after a
// crash restart), with one reader slot per proc array slot.
func CreateShared(seg *shmem.Segment, s *config.Settings) (*Queue, error) {
	return create(seg, numProcs(s))
}

func create(seg *shmem.Segment, nprocs int) (*Queue, error) {
	_, _, total := layout(nprocs)
	b, err := seg.Alloc(regionName, int(total))
	if err != nil {
		return nil, err
	}
	h := shmem.At[header](b, 0)
	h.nProcs = int32(nprocs)
	h.nextThreshold = cleanupMin
	return attach(b), nil
}

// AttachShared finds the queue the postmaster created.
func AttachShared(seg *shmem.Segment) *Queue { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *Queue {
	h := shmem.At[header](b, 0)
	procsOff, msgsOff, _ := layout(int(h.nProcs))
	return &Queue{
		hdr:   h,
		procs: unsafe.Slice(shmem.At[procState](b, procsOff), h.nProcs),
		msgs:  unsafe.Slice(shmem.At[Message](b, msgsOff), MaxMessages),
	}
}

// Backend is one process's reader of the queue (its ProcState and the
// private state of sinval.c's ReceiveSharedInvalidMessages). It is used
// by one goroutine at a time.
type Backend struct {
	q         *Queue
	o         *shmem.Owner
	procIndex int
	closed    bool
}

// Attach makes the process at procIndex a reader
// (SharedInvalBackendInit): it will receive every message inserted from
// now on. Whatever a previous occupant of the slot left is discarded.
func (q *Queue) Attach(o *shmem.Owner, procIndex int) *Backend {
	if procIndex < 0 || procIndex >= len(q.procs) {
		panic("sinval: proc index out of range")
	}
	h := q.hdr
	h.lock.Lock(o)
	p := &q.procs[procIndex]
	p.nextMsgNum = atomic.LoadUint64(&h.maxMsgNum)
	p.resetState = 0
	atomic.StoreInt32(&p.pid, o.Pid)
	h.lock.Unlock(o)
	return &Backend{q: q, o: o, procIndex: procIndex}
}

// Detach removes the process at procIndex from the readers
// (CleanupInvalidationState). The postmaster calls it for a backend that
// died; a backend calls Backend.Close.
func (q *Queue) Detach(o *shmem.Owner, procIndex int) {
	h := q.hdr
	h.lock.Lock(o)
	p := &q.procs[procIndex]
	atomic.StoreInt32(&p.pid, 0)
	p.resetState = 0
	h.lock.Unlock(o)
}

// Close detaches the backend.
func (b *Backend) Close() {
	if !b.closed {
		b.closed = true
		b.q.Detach(b.o, b.procIndex)
	}
}

// Insert appends messages to the queue (SIInsertDataEntries), making room
// by resetting the readers that lag furthest behind when it is full.
func (b *Backend) Insert(msgs []Message) { b.q.Insert(b.o, msgs) }

// Insert appends messages on behalf of the process owning o.
func (q *Queue) Insert(o *shmem.Owner, msgs []Message) {
	h := q.hdr
	for len(msgs) > 0 {
		n := min(len(msgs), writeQuantum)
		h.lock.Lock(o)
		for {
			used := h.maxMsgNum - h.minMsgNum
			if used+uint64(n) <= MaxMessages && used < h.nextThreshold {
				break
			}
			q.cleanup(uint64(n))
		}
		max := h.maxMsgNum
		for i := 0; i < n; i++ {
			q.msgs[(max+uint64(i))%MaxMessages] = msgs[i]
		}
		// Publish only after the messages are in place: readers check
		// maxMsgNum without the lock.
		atomic.StoreUint64(&h.maxMsgNum, max+uint64(n))
		h.lock.Unlock(o)
		msgs = msgs[n:]
	}
}

// cleanup is SICleanupQueue with the exclusive lock held: readers so far
// behind that fewer than minFree slots would be free are reset (they lose
// their messages and must discard their caches), minMsgNum advances to
// the slowest remaining reader, and the next threshold is set.
func (q *Queue) cleanup(minFree uint64) {
	h := q.hdr
	max := h.maxMsgNum
	var lowbound uint64
	if max+minFree > MaxMessages {
		lowbound = max + minFree - MaxMessages
	}
	min := max
	for i := range q.procs {
		p := &q.procs[i]
		if atomic.LoadInt32(&p.pid) == 0 || atomic.LoadUint32(&p.resetState) != 0 {
			continue
		}
		if p.nextMsgNum < lowbound {
			atomic.StoreUint32(&p.resetState, 1)
			h.resets++
			continue
		}
		if p.nextMsgNum < min {
			min = p.nextMsgNum
		}
	}
	h.minMsgNum = min
	if n := max - min; n < cleanupMin {
		h.nextThreshold = cleanupMin
	} else {
		h.nextThreshold = (n/cleanupQuantum + 1) * cleanupQuantum
	}
}

// HasMessages reports, without taking the lock, whether there may be
// messages this backend has not read (or a reset to process).
func (b *Backend) HasMessages() bool {
	p := &b.q.procs[b.procIndex]
	return atomic.LoadUint64(&b.q.hdr.maxMsgNum) != p.nextMsgNum || atomic.LoadUint32(&p.resetState) != 0
}

// Receive copies up to len(buf) unread messages into buf
// (SIGetDataEntries). reset reports that the backend fell so far behind
// that messages were lost: it must discard everything it caches (and n
// is 0). Call it until it returns 0 and no reset.
func (b *Backend) Receive(buf []Message) (n int, reset bool) {
	if !b.HasMessages() {
		return 0, false
	}
	q, h := b.q, b.q.hdr
	p := &q.procs[b.procIndex]
	h.lock.RLock(b.o)
	max := atomic.LoadUint64(&h.maxMsgNum)
	if atomic.LoadUint32(&p.resetState) != 0 {
		// Everything up to max is lost; carry on from there.
		p.nextMsgNum = max
		atomic.StoreUint32(&p.resetState, 0)
		h.lock.RUnlock(b.o)
		return 0, true
	}
	for n < len(buf) && p.nextMsgNum < max {
		buf[n] = q.msgs[p.nextMsgNum%MaxMessages]
		p.nextMsgNum++
		n++
	}
	h.lock.RUnlock(b.o)
	return n, false
}

// Resets is the number of times a reader was reset because the queue
// overflowed.
func (q *Queue) Resets(o *shmem.Owner) uint64 {
	q.hdr.lock.RLock(o)
	defer q.hdr.lock.RUnlock(o)
	return q.hdr.resets
}

// Suspend detaches the backend but remembers where it was in the queue,
// so that a pooled backend process keeps its catalog cache between
// sessions: Queue.Resume attaches it again at that message, replaying
// what arrived meanwhile, or resets it if the queue no longer holds
// those messages. Unread messages stay unread. The reader is closed
// afterwards.
func (b *Backend) Suspend() Position {
	if b.closed {
		return Position{}
	}
	h := b.q.hdr
	h.lock.Lock(b.o)
	p := &b.q.procs[b.procIndex]
	pos := Position{next: p.nextMsgNum, valid: atomic.LoadUint32(&p.resetState) == 0}
	atomic.StoreInt32(&p.pid, 0)
	p.resetState = 0
	h.lock.Unlock(b.o)
	b.closed = true
	return pos
}

// Position is a suspended reader's place in the queue; the zero value
// means lost (the reader resumes with a reset).
type Position struct {
	next  uint64
	valid bool
}

// Resume attaches the process at procIndex as a reader starting at pos
// (a position from Suspend, possibly taken in another proc slot). While
// the reader was detached, cleanup did not wait for it: if messages it
// has not read may have been overwritten (pos is older than the oldest
// message still kept), it starts with a reset, and its owner discards
// everything it caches, as after an overflow.
func (q *Queue) Resume(o *shmem.Owner, procIndex int, pos Position) *Backend {
	if procIndex < 0 || procIndex >= len(q.procs) {
		panic("sinval: proc index out of range")
	}
	h := q.hdr
	h.lock.Lock(o)
	p := &q.procs[procIndex]
	max := atomic.LoadUint64(&h.maxMsgNum)
	if pos.valid && pos.next >= h.minMsgNum && pos.next <= max {
		// Messages numbered minMsgNum and up are never overwritten
		// (Insert keeps max-minMsgNum within the ring).
		p.nextMsgNum = pos.next
		p.resetState = 0
	} else {
		p.nextMsgNum = max
		p.resetState = 1
	}
	atomic.StoreInt32(&p.pid, o.Pid)
	h.lock.Unlock(o)
	return &Backend{q: q, o: o, procIndex: procIndex}
}
