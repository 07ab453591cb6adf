// The shared fsync request queue: PostgreSQL's CheckpointerShmem request
// array (checkpointer.c's ForwardSyncRequest, AbsorbSyncRequests and
// CompactCheckpointerRequestQueue). Every process that dirties a segment
// puts a request here; the checkpointer absorbs them into its private
// PendingSyncs.

package smgr

import (
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// SyncKind is what a SyncRequest asks for (sync.h's SyncRequestType).
type SyncKind uint8

const (
	// SyncFile: fsync the segment before the next checkpoint completes.
	SyncFile SyncKind = iota + 1
	// SyncForget: cancel a pending SyncFile of the segment (it is being
	// removed).
	SyncForget
	// SyncFilterDB: cancel everything pending for database Rel.DB (DROP
	// DATABASE).
	SyncFilterDB
	// SyncUnlink: remove the fork's first segment after the next checkpoint.
	SyncUnlink
	// SyncDir: fsync the directory of database Rel.DB in tablespace
	// Rel.Spc, or the tablespace's own directory (base/, global/) when
	// Rel.DB is 0, because a file or directory was created in it.
	SyncDir
)

// SyncRequest is one queued request (PostgreSQL's CheckpointerRequest:
// a FileTag and a type). It lives in shared memory: fixed-size fields only.
type SyncRequest struct {
	Rel   storage.RelFileLocator
	Fork  storage.ForkNumber
	Kind  SyncKind
	_     [2]byte
	Segno uint32
}

// fileTag names one segment file (sync.h's FileTag).
type fileTag struct {
	Rel   storage.RelFileLocator
	Fork  storage.ForkNumber
	Segno uint32
}

func (r SyncRequest) tag() fileTag { return fileTag{r.Rel, r.Fork, r.Segno} }

// queueHeader starts the shared region; the requests follow it.
type queueHeader struct {
	lock     shmem.LWLock
	capacity uint32
	head     uint32 // oldest request
	count    uint32
	_        uint32
	// cycle is bumped by SyncAll when it starts and when it ends: odd
	// while one runs. Writers use it to skip queueing a segment they
	// queued already (see Manager.registerDirty).
	cycle       atomic.Uint64
	ownFsyncs   atomic.Uint64 // writers that fsynced themselves: queue full
	absorbed    atomic.Uint64
	compactions atomic.Uint64
}

const regionName = "smgr sync queue"

var (
	headerSize  = int(unsafe.Sizeof(queueHeader{}))
	requestSize = int(unsafe.Sizeof(SyncRequest{}))
)

// QueueCapacity is the number of requests the queue holds: one per shared
// buffer, as PostgreSQL sizes its checkpointer request array.
func QueueCapacity(settings *config.Settings) int {
	return min(max(int(settings.Int("shared_buffers")), 16), 10_000_000)
}

// ShmemSize is the shared memory the queue needs.
func ShmemSize(settings *config.Settings) int { return queueSize(QueueCapacity(settings)) }

func queueSize(capacity int) int { return headerSize + capacity*requestSize }

// SyncQueue is a process's handle on the shared queue. Set the owner (the
// process's proc slot Owner) with SetOwner before using it.
type SyncQueue struct {
	hdr     *queueHeader
	entries []SyncRequest
	owner   *shmem.Owner

	// OnHalfFull, if set, is called after a Register that left the queue
	// at least half full: wire it to wake the checkpointer so that it
	// absorbs before writers have to fsync by themselves.
	OnHalfFull func()
}

// CreateShared allocates the queue in seg (postmaster only).
func CreateShared(seg *shmem.Segment, settings *config.Settings) (*SyncQueue, error) {
	return createQueue(seg, QueueCapacity(settings))
}

func createQueue(seg *shmem.Segment, capacity int) (*SyncQueue, error) {
	region, err := seg.Alloc(regionName, queueSize(capacity))
	if err != nil {
		return nil, err
	}
	shmem.At[queueHeader](region, 0).capacity = uint32(capacity)
	return queueFrom(region), nil
}

// AttachShared finds the queue the postmaster created.
func AttachShared(seg *shmem.Segment) *SyncQueue {
	return queueFrom(seg.MustLookup(regionName))
}

func queueFrom(region []byte) *SyncQueue {
	hdr := shmem.At[queueHeader](region, 0)
	n := int(hdr.capacity)
	entries := unsafe.Slice(shmem.At[SyncRequest](region, uintptr(headerSize)), n)
	return &SyncQueue{hdr: hdr, entries: entries}
}

// SetOwner sets the Owner that the queue's lock acquisitions are counted in.
func (q *SyncQueue) SetOwner(o *shmem.Owner) { q.owner = o }

func (q *SyncQueue) lock() {
	if q.owner == nil {
		panic("smgr: SyncQueue used before SetOwner")
	}
	q.hdr.lock.Lock(q.owner)
}

func (q *SyncQueue) unlock() { q.hdr.lock.Unlock(q.owner) }

// Cap is the queue's capacity.
func (q *SyncQueue) Cap() int { return len(q.entries) }

// Len is the number of requests waiting (a snapshot).
func (q *SyncQueue) Len() int {
	q.lock()
	defer q.unlock()
	return int(q.hdr.count)
}

// Register queues req (ForwardSyncRequest). It returns false when the
// queue is full even after removing duplicates: the caller then fsyncs
// the file itself (for SyncFile) or waits and retries (for the others).
func (q *SyncQueue) Register(req SyncRequest) bool {
	h := q.hdr
	q.lock()
	if h.count >= h.capacity && !q.compact() {
		q.unlock()
		return false
	}
	q.entries[(h.head+h.count)%h.capacity] = req
	h.count++
	halfFull := h.count >= h.capacity/2
	q.unlock()
	if halfFull && q.OnHalfFull != nil {
		q.OnHalfFull()
	}
	return true
}

// compact removes every request that an identical later one makes
// redundant (CompactCheckpointerRequestQueue). Keeping the later copy
// keeps the order of a forget relative to the syncs after it. It holds
// the lock and reports whether it freed anything.
func (q *SyncQueue) compact() bool {
	h := q.hdr
	n := int(h.count)
	last := make(map[SyncRequest]int, n)
	skip := make([]bool, n)
	removed := 0
	for i := 0; i < n; i++ {
		r := q.entries[(int(h.head)+i)%len(q.entries)]
		if j, ok := last[r]; ok {
			skip[j] = true
			removed++
		}
		last[r] = i
	}
	if removed == 0 {
		return false
	}
	kept := make([]SyncRequest, 0, n-removed)
	for i := 0; i < n; i++ {
		if !skip[i] {
			kept = append(kept, q.entries[(int(h.head)+i)%len(q.entries)])
		}
	}
	copy(q.entries, kept)
	h.head, h.count = 0, uint32(len(kept))
	h.compactions.Add(1)
	return true
}

// Absorb moves every queued request into the checkpointer's table
// (AbsorbSyncRequests). The lock is held only to copy them out.
func (q *SyncQueue) Absorb(into *PendingSyncs) {
	into.absorbMu.Lock()
	defer into.absorbMu.Unlock()
	h := q.hdr
	q.lock()
	n := int(h.count)
	buf := into.scratch[:0]
	for i := 0; i < n; i++ {
		buf = append(buf, q.entries[(int(h.head)+i)%len(q.entries)])
	}
	h.head, h.count = 0, 0
	q.unlock()
	h.absorbed.Add(uint64(n))
	into.scratch = buf[:0]
	for _, r := range buf {
		into.Remember(r)
	}
}

// cycle reads the SyncAll cycle counter (odd while a SyncAll runs).
func (q *SyncQueue) cycle() uint64 { return q.hdr.cycle.Load() }

func (q *SyncQueue) bumpCycle() { q.hdr.cycle.Add(1) }

func (q *SyncQueue) countOwnFsync() { q.hdr.ownFsyncs.Add(1) }

// QueueStats are the queue's counters since the postmaster created it.
type QueueStats struct {
	// OwnFsyncs counts segments that writers fsynced themselves because
	// the queue was full (pg_stat_bgwriter.buffers_backend_fsync).
	OwnFsyncs   uint64
	Absorbed    uint64
	Compactions uint64
}

// Stats returns the queue's counters.
func (q *SyncQueue) Stats() QueueStats {
	return QueueStats{
		OwnFsyncs:   q.hdr.ownFsyncs.Load(),
		Absorbed:    q.hdr.absorbed.Load(),
		Compactions: q.hdr.compactions.Load(),
	}
}
