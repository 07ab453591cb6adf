// The shared memory of the buffer pool: its layout, creation and
// attachment (PostgreSQL's buf_init.c), the buffer descriptors and their
// state word (buf_internals.h), and the per-process pin arrays.

package buffer

import (
	"fmt"
	"math/bits"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

const (
	// NumPartitions is the number of buffer mapping partitions, each
	// guarded by its own RWLock (NUM_BUFFER_PARTITIONS).
	NumPartitions = 128
	// MaxPinnedBuffers is how many distinct buffers one process may have
	// pinned at once. The pins live in shared memory so the postmaster can
	// drop a dead process's pins; PostgreSQL has no such limit (it spills
	// to a private hash table), this is our documented one.
	MaxPinnedBuffers = 128
	// MaxUsageCount caps the usage count (BM_MAX_USAGE_COUNT).
	MaxUsageCount = 5

	regionName = "shared buffers"
	magic      = 0x67706266 // "gpbf"
	osPageSize = 4096
)

// The state word: refcount in the low 18 bits, usage count in the next 4,
// flags above, bit for bit PostgreSQL's buf_internals.h.
const (
	refcountOne  uint32 = 1
	refcountMask uint32 = 1<<18 - 1
	usageShift          = 18
	usageOne     uint32 = 1 << usageShift
	usageMask    uint32 = 0xF << usageShift
	flagMask     uint32 = 0xFFC00000

	bmLocked           uint32 = 1 << 22 // buffer header spinlock
	bmDirty            uint32 = 1 << 23 // data needs writing
	bmValid            uint32 = 1 << 24 // data is valid
	bmTagValid         uint32 = 1 << 25 // tag is assigned
	bmIOInProgress     uint32 = 1 << 26 // read or write in progress
	bmIOError          uint32 = 1 << 27 // previous I/O failed
	bmJustDirtied      uint32 = 1 << 28 // dirtied since write started
	bmPinCountWaiter   uint32 = 1 << 29 // someone waits for pin count 1
	bmCheckpointNeeded uint32 = 1 << 30 // must write for checkpoint
	bmPermanent        uint32 = 1 << 31 // permanent buffer (not unlogged)
)

func refcount(s uint32) uint32   { return s & refcountMask }
func usageCount(s uint32) uint32 { return (s & usageMask) >> usageShift }

// bufferDesc is a buffer's header (BufferDesc), one cache line.
type bufferDesc struct {
	// tag is written only with the header spinlock held, by a process that
	// is the buffer's only pinner (or when it has none); so it is stable
	// while the reader holds a pin or the spinlock.
	tag BufferTag
	// state is the atomic state word; see the constants above.
	state uint32
	// wakeSeq is bumped (and sleepers woken) whenever an I/O on the buffer
	// ends or a pin-count waiter must re-check; waiters counts the
	// processes sleeping on it.
	wakeSeq uint32
	waiters uint32
	// pinWaiter is the proc index + 1 of the process waiting in
	// LockBufferForCleanup (valid while bmPinCountWaiter is set).
	pinWaiter int32
	// content is the content lock: shared to read the page, exclusive to
	// change it.
	content shmem.RWLock
	_       [64 - 56]byte
}

// hashEntry is buffer id's entry in the mapping table: the tag it is
// entered under and the next buffer id in the bucket's chain (-1 ends it).
// Both fields belong to the partition lock of the tag's partition.
type hashEntry struct {
	tag  BufferTag
	next int32
}

// partLock is a mapping partition lock alone on its cache line.
type partLock struct {
	l shmem.RWLock
	_ [64 - unsafe.Sizeof(shmem.RWLock{})]byte
}

// pinEntry is one (buffer, count) pair of a process's pins: buf is the
// Buffer (id+1), 0 for a free entry; count is how many times the process
// pinned it. The shared refcount counts the process once.
type pinEntry struct {
	buf   int32
	count int32
}

// procPins is one process's pin array, written only by that process (and
// by the postmaster after the process died).
type procPins struct {
	// ioBuf is the Buffer whose I/O (bmIOInProgress) this process owns, 0
	// for none; set and cleared under the buffer's header spinlock.
	ioBuf int32
	// nused bounds the entries in use: entries[nused:] are all free.
	nused int32
	// delayCkpt is 1 while this process is between logging a hint-bit
	// full-page image and marking the buffer dirty (PostgreSQL's
	// DELAY_CHKPT_START); delayCkptDone counts the ends of such windows.
	// A checkpoint waits for windows open when it took its redo point, so
	// that its dirty-buffer scan cannot miss a page whose image lies
	// before that redo point. Both are atomics written by the owner only.
	delayCkpt     uint32
	delayCkptDone uint32
	_             [12]int32
	entries       [MaxPinnedBuffers]pinEntry
}

// extSlot is one relation extension lock, assigned to a relation while
// some process holds or waits for it.
type extSlot struct {
	rel   storage.RelFileLocator
	users int32 // holders and waiters; 0 means free (guarded by extGuard)
	lock  shmem.LWLock
	_     [32 - 24]byte
}

// statistic indexes in sharedHeader.stats (pg_stat_bgwriter).
const (
	statCheckpoint = iota
	statClean
	statMaxWrittenClean
	statBackend
	statBackendFsync
	statAlloc
	nStats
)

type sharedHeader struct {
	magic    uint32
	nbuffers int32
	nprocs   int32
	nbuckets int32

	// nextVictim counts clock-sweep ticks since start: the hand is
	// nextVictim % nbuffers, completed passes nextVictim / nbuffers.
	nextVictim uint64
	numAllocs  uint32 // allocations since the bgwriter last looked
	bgwWaiting uint32 // 1 while the bgwriter hibernates
	bgwSeq     uint32 // futex word the hibernating bgwriter sleeps on
	_          uint32

	stats      [nStats]uint64
	statsReset int64 // unix microseconds

	descOff, entryOff, bucketOff, partOff, pinOff, extOff, pageOff uint64

	extGuard shmem.LWLock
}

// Shared is one process's view of the buffer pool in shared memory. Its
// fields are slices over the segment, fixed at attach time.
type Shared struct {
	hdr      *sharedHeader
	descs    []bufferDesc
	entries  []hashEntry
	buckets  []int32
	parts    []partLock
	pins     []procPins
	ext      []extSlot
	pages    []byte
	nbuffers int32
}

type layoutInfo struct {
	descOff, entryOff, bucketOff, partOff, pinOff, extOff, pagesAt uint64
	nbuckets                                                       int
	total                                                          int
}

func align(n, a uint64) uint64 { return (n + a - 1) &^ (a - 1) }

func layout(nbuffers, nprocs int) layoutInfo {
	var l layoutInfo
	off := align(uint64(unsafe.Sizeof(sharedHeader{})), 64)
	l.descOff = off
	off = align(off+uint64(nbuffers)*uint64(unsafe.Sizeof(bufferDesc{})), 64)
	l.entryOff = off
	off = align(off+uint64(nbuffers)*uint64(unsafe.Sizeof(hashEntry{})), 64)
	l.nbuckets = 1 << bits.Len(uint(max(nbuffers, NumPartitions)-1))
	l.bucketOff = off
	off = align(off+uint64(l.nbuckets)*4, 64)
	l.partOff = off
	off += NumPartitions * uint64(unsafe.Sizeof(partLock{}))
	l.pinOff = off
	off = align(off+uint64(nprocs)*uint64(unsafe.Sizeof(procPins{})), 64)
	l.extOff = off
	off = align(off+uint64(nprocs)*uint64(unsafe.Sizeof(extSlot{})), 64)
	l.pagesAt = off
	// Slack so that the page array can start on an OS page boundary
	// whatever the region's address.
	l.total = int(off) + osPageSize + nbuffers*storage.BlockSize
	return l
}

// NBuffersFor is shared_buffers in pages.
func NBuffersFor(settings *config.Settings) int {
	return int(settings.Bytes("shared_buffers") / storage.BlockSize)
}

// procsFor is the number of proc slots, which index the pin arrays: the
// proc array has max_connections backend slots, autovacuum_max_workers
// worker slots and proc.AuxSlots (proc.NumSlots).
func procsFor(settings *config.Settings) int {
	return proc.NumSlots(settings.Int("max_connections"), settings.Int("autovacuum_max_workers"))
}

// ShmemSize is the bytes the buffer pool needs in the shared segment.
func ShmemSize(settings *config.Settings) int {
	return layout(NBuffersFor(settings), procsFor(settings)).total
}

// CreateShared allocates and initialises the buffer pool in seg (the
// postmaster, at start and after each crash restart).
func CreateShared(seg *shmem.Segment, settings *config.Settings) (*Shared, error) {
	return createShared(seg, NBuffersFor(settings), procsFor(settings))
}

func createShared(seg *shmem.Segment, nbuffers, nprocs int) (*Shared, error) {
	if nbuffers < 16 {
		return nil, fmt.Errorf("shared_buffers must be at least 16 pages, not %d", nbuffers)
	}
	if nbuffers > int(refcountMask) || nprocs > int(refcountMask) {
		return nil, fmt.Errorf("shared buffer pool too large: %d buffers for %d processes", nbuffers, nprocs)
	}
	l := layout(nbuffers, nprocs)
	region, err := seg.Alloc(regionName, l.total)
	if err != nil {
		return nil, err
	}
	h := shmem.At[sharedHeader](region, 0)
	h.nbuffers, h.nprocs, h.nbuckets = int32(nbuffers), int32(nprocs), int32(l.nbuckets)
	h.descOff, h.entryOff, h.bucketOff = l.descOff, l.entryOff, l.bucketOff
	h.partOff, h.pinOff, h.extOff = l.partOff, l.pinOff, l.extOff
	base := uint64(uintptr(unsafe.Pointer(&region[0])))
	h.pageOff = align(base+l.pagesAt, osPageSize) - base
	h.statsReset = time.Now().UnixMicro()
	s := sharedFrom(region, h)
	for i := range s.buckets {
		s.buckets[i] = -1
	}
	for i := range s.entries {
		s.entries[i].next = -1
	}
	for i := range s.descs {
		s.descs[i].content.SetWaitEvent(uint32(waitevent.LWLockBufferContent))
	}
	for i := range s.parts {
		s.parts[i].l.SetWaitEvent(uint32(waitevent.LWLockBufferMapping))
	}
	atomic.StoreUint32(&h.magic, magic)
	return s, nil
}

// AttachShared finds the buffer pool the postmaster created (every child).
func AttachShared(seg *shmem.Segment) *Shared {
	region := seg.MustLookup(regionName)
	h := shmem.At[sharedHeader](region, 0)
	if atomic.LoadUint32(&h.magic) != magic {
		panic("buffer: shared buffer pool is not initialised")
	}
	return sharedFrom(region, h)
}

func sharedFrom(region []byte, h *sharedHeader) *Shared {
	n := int(h.nbuffers)
	return &Shared{
		hdr:      h,
		nbuffers: h.nbuffers,
		descs:    unsafe.Slice(shmem.At[bufferDesc](region, uintptr(h.descOff)), n),
		entries:  unsafe.Slice(shmem.At[hashEntry](region, uintptr(h.entryOff)), n),
		buckets:  unsafe.Slice(shmem.At[int32](region, uintptr(h.bucketOff)), int(h.nbuckets)),
		parts:    unsafe.Slice(shmem.At[partLock](region, uintptr(h.partOff)), NumPartitions),
		pins:     unsafe.Slice(shmem.At[procPins](region, uintptr(h.pinOff)), int(h.nprocs)),
		ext:      unsafe.Slice(shmem.At[extSlot](region, uintptr(h.extOff)), int(h.nprocs)),
		pages:    region[h.pageOff : h.pageOff+uint64(n)*storage.BlockSize : h.pageOff+uint64(n)*storage.BlockSize],
	}
}

// NBuffers is the number of buffers in the pool.
func (s *Shared) NBuffers() int { return int(s.nbuffers) }

// Procs is the number of per-process pin arrays (valid proc indexes are
// 0..Procs()-1).
func (s *Shared) Procs() int { return len(s.pins) }

func (s *Shared) page(id int32) []byte {
	off := int(id) * storage.BlockSize
	return s.pages[off : off+storage.BlockSize : off+storage.BlockSize]
}

// ----- the buffer header spinlock -----

// lockHdr takes d's header spinlock (LockBufHdr) and returns the state
// word with bmLocked set. The hold counts as a critical section in o: a
// process that dies holding it has left the buffer locked for ever, which
// only a full restart repairs.
func lockHdr(o *shmem.Owner, d *bufferDesc) uint32 {
	o.EnterCritical()
	for spins := 0; ; spins++ {
		old := atomic.OrUint32(&d.state, bmLocked)
		if old&bmLocked == 0 {
			return old | bmLocked
		}
		spinDelay(spins)
	}
}

// unlockHdr stores the new state (which must carry bmLocked as returned by
// lockHdr) and releases the spinlock in the same store.
func unlockHdr(o *shmem.Owner, d *bufferDesc, state uint32) {
	atomic.StoreUint32(&d.state, state&^bmLocked)
	o.ExitCritical()
}

// waitHdrUnlocked spins until nobody holds d's header spinlock and returns
// the state it saw (WaitBufHdrUnlocked).
func waitHdrUnlocked(d *bufferDesc) uint32 {
	for spins := 0; ; spins++ {
		s := atomic.LoadUint32(&d.state)
		if s&bmLocked == 0 {
			return s
		}
		spinDelay(spins)
	}
}

// wake tells processes sleeping on d (for an I/O or a pin count) to look
// again.
func wake(d *bufferDesc) {
	atomic.AddUint32(&d.wakeSeq, 1)
	if atomic.LoadUint32(&d.waiters) != 0 {
		futexWakeAll(&d.wakeSeq)
	}
}

// sleepUntil returns once done(state) holds, sleeping on d.wakeSeq between
// looks. Every change that can make done true is followed by wake(d).
func sleepUntil(d *bufferDesc, done func(uint32) bool) uint32 {
	for {
		atomic.AddUint32(&d.waiters, 1)
		seq := atomic.LoadUint32(&d.wakeSeq)
		st := atomic.LoadUint32(&d.state)
		if done(st) {
			atomic.AddUint32(&d.waiters, ^uint32(0))
			return st
		}
		futexWait(&d.wakeSeq, seq, waitSlice)
		atomic.AddUint32(&d.waiters, ^uint32(0))
	}
}

// waitIO sleeps while an I/O is in progress on d (WaitIO), showing the
// wait as IPC / BufferIO in o's proc slot.
func waitIO(o *shmem.Owner, d *bufferDesc) {
	prev := waitevent.Swap(o, waitevent.BufferIO)
	sleepUntil(d, func(s uint32) bool { return s&bmIOInProgress == 0 })
	waitevent.Restore(o, prev)
}

// ----- mapping table (buf_table.c) -----

func partitionOf(hash uint32) int { return int(hash % NumPartitions) }

func (s *Shared) partition(hash uint32) *shmem.RWLock { return &s.parts[partitionOf(hash)].l }

// lookup finds the buffer holding tag; the caller holds tag's partition
// lock in either mode.
func (s *Shared) lookup(tag *BufferTag, hash uint32) int32 {
	for id := s.buckets[hash&uint32(len(s.buckets)-1)]; id >= 0; id = s.entries[id].next {
		if s.entries[id].tag == *tag {
			return id
		}
	}
	return -1
}

// insert enters buffer id under tag; the caller holds tag's partition lock
// exclusively and has checked that tag is absent.
func (s *Shared) insert(tag *BufferTag, hash uint32, id int32) {
	b := &s.buckets[hash&uint32(len(s.buckets)-1)]
	e := &s.entries[id]
	e.tag = *tag
	e.next = *b
	*b = id
}

// remove takes buffer id out of the chain of tag; the caller holds tag's
// partition lock exclusively.
func (s *Shared) remove(tag *BufferTag, hash uint32, id int32) {
	p := &s.buckets[hash&uint32(len(s.buckets)-1)]
	for *p >= 0 {
		if *p == id {
			*p = s.entries[id].next
			s.entries[id].next = -1
			return
		}
		p = &s.entries[*p].next
	}
	panic(fmt.Sprintf("buffer: mapping entry for buffer %d (%v) not found", id+1, *tag))
}

// ----- dead processes -----

// ReleaseAllPins drops every pin held by the process at procIndex and
// fails the I/O it had in progress, for the postmaster after that process
// died outside any critical state (its Owner shows no LWLock and no
// critical section: then its pin array and every state word it touched are
// consistent). It returns the number of buffers unpinned.
func (s *Shared) ReleaseAllPins(procIndex int) int {
	var o shmem.Owner
	pp := &s.pins[procIndex]
	if b := pp.ioBuf; b != 0 {
		d := &s.descs[b-1]
		st := lockHdr(&o, d)
		if st&bmIOInProgress != 0 {
			st = (st &^ bmIOInProgress) | bmIOError
		}
		pp.ioBuf = 0
		unlockHdr(&o, d, st)
		wake(d)
	}
	n := 0
	for i := range pp.entries[:pp.nused] {
		e := &pp.entries[i]
		if e.buf == 0 {
			continue
		}
		d := &s.descs[e.buf-1]
		st := lockHdr(&o, d)
		st -= refcountOne
		if st&bmPinCountWaiter != 0 && (refcount(st) == 1 || atomic.LoadInt32(&d.pinWaiter) == int32(procIndex)+1) {
			st &^= bmPinCountWaiter
			atomic.StoreInt32(&d.pinWaiter, 0)
		}
		unlockHdr(&o, d, st)
		wake(d)
		e.buf, e.count = 0, 0
		n++
	}
	pp.nused = 0
	return n
}
