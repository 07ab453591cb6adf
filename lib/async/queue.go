// The shared notification queue: a byte ring of variable-length entries
// in shared memory (PostgreSQL's AsyncQueueControl and its SLRU pages),
// with one listener slot per proc array slot.

package async

import (
	"encoding/binary"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// QueueSize is the ring's capacity in bytes. PostgreSQL's queue may grow
// to 8 GB on disk; this one is bounded in memory and does not spill.
const QueueSize = 8 << 20

// Limits PostgreSQL enforces (NOTIFY_PAYLOAD_MAX_LENGTH, NAMEDATALEN).
const (
	// MaxPayload is the longest payload accepted, in bytes.
	MaxPayload = 7999
	// MaxChannel is the longest channel name accepted, in bytes.
	MaxChannel = 63
)

// entryHeaderSize is the fixed part of an entry: its total length
// (padded), database, sender pid, channel length and payload length.
const entryHeaderSize = 16

// entryAlign keeps every entry on an 8-byte boundary.
const entryAlign = 8

// EntrySize is the bytes a notification takes in the queue.
func EntrySize(channel, payload string) uint64 {
	n := uint64(entryHeaderSize + len(channel) + len(payload))
	return (n + entryAlign - 1) &^ (entryAlign - 1)
}

// Notification is one delivered notification.
type Notification struct {
	Channel   string
	Payload   string
	SenderPid int32
	// Database is the OID of the sender's database.
	Database uint32
}

// header is the queue's shared state. lock protects everything; head is
// also read without it (HasNew), so it is written atomically.
type header struct {
	lock   shmem.LWLock
	nProcs int32
	_      int32
	head   uint64 // position the next entry is written at
	tail   uint64 // oldest position some listener still needs
	// lastFillWarning is when a notifier last warned that the queue is
	// half full (unix nanoseconds), to warn at most every
	// fillWarningInterval.
	lastFillWarning int64
}

// listenerState is one proc slot's place in the queue (QueueBackendStatus).
// pid is non-zero while the slot's process listens; pos is the next
// position it reads. Both are changed under the lock; pos is also read
// without it by its owner.
type listenerState struct {
	pid int32
	db  uint32
	pos uint64
}

// Queue is a process's view of the shared queue.
type Queue struct {
	hdr       *header
	listeners []listenerState
	ring      []byte
}

const regionName = "notify queue"

func numProcs(s *config.Settings) int {
	return proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

func alignUp(n uintptr) uintptr { return (n + 63) &^ 63 }

func layout(nprocs int) (listenersOff, ringOff, total uintptr) {
	listenersOff = alignUp(unsafe.Sizeof(header{}))
	ringOff = alignUp(listenersOff + uintptr(nprocs)*unsafe.Sizeof(listenerState{}))
	total = ringOff + QueueSize
	return
}

// ShmemSize is the number of shared memory bytes the queue needs.
func ShmemSize(s *config.Settings) int {
	_, _, total := layout(numProcs(s))
	return int(total) + 64
}

// CreateShared allocates the queue (postmaster, at start and after a
// crash restart), with one listener slot per proc array slot.
func CreateShared(seg *shmem.Segment, s *config.Settings) (*Queue, error) {
	return create(seg, numProcs(s))
}

func create(seg *shmem.Segment, nprocs int) (*Queue, error) {
	_, _, total := layout(nprocs)
	b, err := seg.Alloc(regionName, int(total))
	if err != nil {
		return nil, err
	}
	shmem.At[header](b, 0).nProcs = int32(nprocs)
	return attach(b), nil
}

// AttachShared finds the queue the postmaster created.
func AttachShared(seg *shmem.Segment) *Queue { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *Queue {
	h := shmem.At[header](b, 0)
	listenersOff, ringOff, total := layout(int(h.nProcs))
	return &Queue{
		hdr:       h,
		listeners: unsafe.Slice(shmem.At[listenerState](b, listenersOff), h.nProcs),
		ring:      b[ringOff:total:total],
	}
}

// Register makes the process at procIndex a listener of database db
// (asyncQueueRegister). It reads only what is appended from now on.
func (q *Queue) Register(o *shmem.Owner, procIndex int, db uint32) {
	h := q.hdr
	h.lock.Lock(o)
	l := &q.listeners[procIndex]
	atomic.StoreUint64(&l.pos, h.head)
	l.db = db
	atomic.StoreInt32(&l.pid, o.Pid)
	h.lock.Unlock(o)
}

// Detach removes the process at procIndex from the listeners
// (asyncQueueUnregister), releasing whatever it had not read. The
// postmaster calls it for a backend that died.
func (q *Queue) Detach(o *shmem.Owner, procIndex int) {
	h := q.hdr
	h.lock.Lock(o)
	l := &q.listeners[procIndex]
	if atomic.LoadInt32(&l.pid) != 0 {
		atomic.StoreInt32(&l.pid, 0)
		q.advanceTail()
	}
	h.lock.Unlock(o)
}

// advanceTail moves the tail to the slowest listener (or the head when
// nobody listens), freeing what everyone has read. Lock held.
func (q *Queue) advanceTail() {
	h := q.hdr
	tail := h.head
	for i := range q.listeners {
		l := &q.listeners[i]
		if atomic.LoadInt32(&l.pid) != 0 && l.pos < tail {
			tail = l.pos
		}
	}
	h.tail = tail
}

// Fits reports whether n more bytes of entries fit in the queue. A
// caller holding the notification lock (see the package comment) can rely
// on the answer until it appends: nobody else appends meanwhile.
func (q *Queue) Fits(o *shmem.Owner, n uint64) bool {
	h := q.hdr
	h.lock.Lock(o)
	ok := h.head-h.tail+n <= QueueSize
	h.lock.Unlock(o)
	return ok
}

// fillWarningInterval is how often the half-full warning may be given
// (QUEUE_FULL_WARN_INTERVAL).
const fillWarningInterval = 5 * time.Second

// FillWarning is asyncQueueFillWarning: when the queue is at least half
// full, and no warning was given in the last fillWarningInterval, it
// reports the fraction in use and the pid of a listener holding the tail
// (0 when none does), for the WARNING a notifier sends.
func (q *Queue) FillWarning(o *shmem.Owner, now time.Time) (fill float64, slowestPid int32, warn bool) {
	h := q.hdr
	h.lock.Lock(o)
	defer h.lock.Unlock(o)
	fill = float64(h.head-h.tail) / QueueSize
	if fill < 0.5 || now.UnixNano()-h.lastFillWarning < int64(fillWarningInterval) {
		return fill, 0, false
	}
	h.lastFillWarning = now.UnixNano()
	for i := range q.listeners {
		l := &q.listeners[i]
		if pid := atomic.LoadInt32(&l.pid); pid != 0 && l.pos == h.tail {
			slowestPid = pid
			break
		}
	}
	return fill, slowestPid, true
}

// Append writes the notifications of a committed transaction of database
// db, sent by process senderPid, and returns the pids of the other
// listeners to wake up (SignalBackends): those of db, and those of other
// databases that lag behind (they must read past the new entries to free
// them). A listener of another database that had read everything is
// moved past the new entries instead, as PostgreSQL does. The caller has
// checked with Fits that they fit.
func (q *Queue) Append(o *shmem.Owner, db uint32, senderPid int32, ns []Notification) []int32 {
	if len(ns) == 0 {
		return nil
	}
	h := q.hdr
	h.lock.Lock(o)
	oldHead := h.head
	pos := oldHead
	var buf []byte
	for _, n := range ns {
		size := EntrySize(n.Channel, n.Payload)
		if pos+size-h.tail > QueueSize {
			// Fits was not honoured: keep what fits rather than
			// overwrite entries a listener has not read.
			break
		}
		buf = buf[:0]
		buf = binary.LittleEndian.AppendUint32(buf, uint32(size))
		buf = binary.LittleEndian.AppendUint32(buf, db)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(senderPid))
		buf = binary.LittleEndian.AppendUint16(buf, uint16(len(n.Channel)))
		buf = binary.LittleEndian.AppendUint16(buf, uint16(len(n.Payload)))
		buf = append(buf, n.Channel...)
		buf = append(buf, n.Payload...)
		for uint64(len(buf)) < size {
			buf = append(buf, 0)
		}
		q.write(pos, buf)
		pos += size
	}
	// Publish the new head only after the entries are in place: HasNew
	// reads it without the lock.
	atomic.StoreUint64(&h.head, pos)
	var wake []int32
	for i := range q.listeners {
		l := &q.listeners[i]
		pid := atomic.LoadInt32(&l.pid)
		if pid == 0 {
			continue
		}
		if l.db != db && l.pos == oldHead {
			atomic.StoreUint64(&l.pos, pos)
			continue
		}
		if pid != senderPid {
			wake = append(wake, pid)
		}
	}
	q.advanceTail()
	h.lock.Unlock(o)
	return wake
}

// readChunk bounds the bytes one Read copies under the lock.
const readChunk = 64 << 10

// Read returns the notifications of its own database that the listener at
// procIndex has not read yet, oldest first, up to about readChunk bytes
// of them; more says whether further entries are waiting. The space read
// is freed once every listener has read it.
func (q *Queue) Read(o *shmem.Owner, procIndex int) (ns []Notification, more bool) {
	h := q.hdr
	l := &q.listeners[procIndex]
	h.lock.Lock(o)
	defer h.lock.Unlock(o)
	if atomic.LoadInt32(&l.pid) != o.Pid {
		return nil, false
	}
	pos, head := l.pos, h.head
	var hdr [entryHeaderSize]byte
	for pos < head && pos-l.pos < readChunk {
		q.read(pos, hdr[:])
		size := uint64(binary.LittleEndian.Uint32(hdr[0:]))
		db := binary.LittleEndian.Uint32(hdr[4:])
		if db == l.db {
			chanLen := int(binary.LittleEndian.Uint16(hdr[12:]))
			payloadLen := int(binary.LittleEndian.Uint16(hdr[14:]))
			body := make([]byte, chanLen+payloadLen)
			q.read(pos+entryHeaderSize, body)
			ns = append(ns, Notification{
				Channel:   string(body[:chanLen]),
				Payload:   string(body[chanLen:]),
				SenderPid: int32(binary.LittleEndian.Uint32(hdr[8:])),
				Database:  db,
			})
		}
		pos += size
	}
	wasTail := l.pos == h.tail
	atomic.StoreUint64(&l.pos, pos)
	if wasTail {
		q.advanceTail()
	}
	return ns, pos < head
}

// HasNew reports, without the lock, whether entries were appended that
// the listener at procIndex has not read.
func (q *Queue) HasNew(procIndex int) bool {
	l := &q.listeners[procIndex]
	return atomic.LoadInt32(&l.pid) != 0 && atomic.LoadUint64(&l.pos) != atomic.LoadUint64(&q.hdr.head)
}

// Usage is pg_notification_queue_usage(): the fraction of the queue
// holding entries some listener has not read.
func (q *Queue) Usage(o *shmem.Owner) float64 {
	h := q.hdr
	h.lock.Lock(o)
	used := h.head - h.tail
	h.lock.Unlock(o)
	return float64(used) / QueueSize
}

// write copies b into the ring at pos, wrapping at its end.
func (q *Queue) write(pos uint64, b []byte) {
	off := pos % QueueSize
	n := copy(q.ring[off:], b)
	copy(q.ring, b[n:])
}

// read copies len(b) bytes of the ring at pos into b, wrapping at its end.
func (q *Queue) read(pos uint64, b []byte) {
	off := pos % QueueSize
	n := copy(b, q.ring[off:])
	copy(b[n:], q.ring)
}
