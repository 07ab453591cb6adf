// The shared notification queue: a stream of variable-length entries
// (PostgreSQL's AsyncQueueControl and its SLRU pages), with one listener
// slot per proc array slot. Its newest RingSize bytes are a ring in
// shared memory; what older entries a listener has not read yet are
// written, as the ring wraps over them, to segment files in pg_notify/,
// and read back from there. The queue holds up to MaxQueueSize bytes.

package async

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// RingSize is the part of the queue kept in shared memory.
const RingSize = 8 << 20

// MaxQueueSize is the queue's capacity: PostgreSQL's 8 GB of pg_notify
// pages.
const MaxQueueSize = 8 << 30

// segmentSize is the size of a pg_notify/ file (an SLRU segment of 32
// pages).
const segmentSize = 32 * 8192

// Dir is the queue's directory in the data directory.
const Dir = "pg_notify"

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
	// spilled is the end of what was written to pg_notify/ (every
	// position from the tail up to it that is older than the ring is
	// there); dir is the directory, a NUL-padded path.
	spilled uint64
	// removedBelow: the pg_notify/ segments before it are removed.
	removedBelow uint64
	// ringSize and maxSize: RingSize and MaxQueueSize (smaller in tests).
	ringSize, maxSize uint64
	dir               [512]byte
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
	dir       string
	// spillErr is the first error writing or reading pg_notify/ met,
	// reported by the next call that can.
	spillErr error
}

const regionName = "notify queue"

func numProcs(s *config.Settings) int {
	return proc.NumSlots(s.Int("max_connections"), s.Int("autovacuum_max_workers"))
}

func alignUp(n uintptr) uintptr { return (n + 63) &^ 63 }

func layout(nprocs int, ringSize uint64) (listenersOff, ringOff, total uintptr) {
	listenersOff = alignUp(unsafe.Sizeof(header{}))
	ringOff = alignUp(listenersOff + uintptr(nprocs)*unsafe.Sizeof(listenerState{}))
	total = ringOff + uintptr(ringSize)
	return
}

// ShmemSize is the number of shared memory bytes the queue needs.
func ShmemSize(s *config.Settings) int {
	_, _, total := layout(numProcs(s), RingSize)
	return int(total) + 64
}

// CreateShared allocates the queue (postmaster, at start and after a
// crash restart), with one listener slot per proc array slot, and
// empties dataDir's pg_notify/, as AsyncShmemInit does: notifications do
// not survive a restart.
func CreateShared(seg *shmem.Segment, s *config.Settings, dataDir string) (*Queue, error) {
	return create(seg, numProcs(s), filepath.Join(dataDir, Dir), RingSize, MaxQueueSize)
}

func create(seg *shmem.Segment, nprocs int, dir string, ringSize, maxSize uint64) (*Queue, error) {
	_, _, total := layout(nprocs, ringSize)
	b, err := seg.Alloc(regionName, int(total))
	if err != nil {
		return nil, err
	}
	h := shmem.At[header](b, 0)
	h.nProcs = int32(nprocs)
	h.ringSize, h.maxSize = ringSize, maxSize
	copy(h.dir[:], dir)
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return attach(b), nil
}

// AttachShared finds the queue the postmaster created.
func AttachShared(seg *shmem.Segment) *Queue { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *Queue {
	h := shmem.At[header](b, 0)
	listenersOff, ringOff, total := layout(int(h.nProcs), h.ringSize)
	dir := string(h.dir[:])
	if i := strings.IndexByte(dir, 0); i >= 0 {
		dir = dir[:i]
	}
	return &Queue{
		hdr:       h,
		listeners: unsafe.Slice(shmem.At[listenerState](b, listenersOff), h.nProcs),
		ring:      b[ringOff:total:total],
		dir:       dir,
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
	q.truncateSpill()
}

// Fits reports whether n more bytes of entries fit in the queue. A
// caller holding the notification lock (see the package comment) can rely
// on the answer until it appends: nobody else appends meanwhile.
func (q *Queue) Fits(o *shmem.Owner, n uint64) bool {
	h := q.hdr
	h.lock.Lock(o)
	ok := h.head-h.tail+n <= h.maxSize
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
	fill = float64(h.head-h.tail) / float64(h.maxSize)
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
		if pos+size-h.tail > h.maxSize {
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
		if size < entryHeaderSize || pos+size > head {
			// Unreadable (a pg_notify/ file that could not be read): skip
			// the rest rather than loop; the error is reported.
			if q.spillErr == nil {
				q.spillErr = pgerr.Newf(pgerr.DataCorrupted, "invalid notification queue entry at position %d", pos)
			}
			pos = head
			break
		}
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
	return float64(used) / float64(h.maxSize)
}

// SpillError returns, once, the first error met writing or reading
// pg_notify/ in this process.
func (q *Queue) SpillError() error {
	err := q.spillErr
	q.spillErr = nil
	return err
}

// write copies b into the ring at pos, wrapping at its end. What the
// ring held there and a listener still needs goes to pg_notify/ first.
// Lock held.
func (q *Queue) write(pos uint64, b []byte) {
	ring := q.hdr.ringSize
	if end := pos + uint64(len(b)); end > ring {
		q.spill(end - ring)
	}
	off := pos % ring
	n := copy(q.ring[off:], b)
	copy(q.ring, b[n:])
}

// read copies len(b) bytes of the queue at pos into b: from the ring, or
// from pg_notify/ for what the ring no longer holds. Lock held.
func (q *Queue) read(pos uint64, b []byte) {
	head, ring := q.hdr.head, q.hdr.ringSize
	if head > ring && pos < head-ring {
		inFiles := min(uint64(len(b)), head-ring-pos)
		q.readSpilled(pos, b[:inFiles])
		pos += inFiles
		b = b[inFiles:]
	}
	if len(b) == 0 {
		return
	}
	off := pos % ring
	n := copy(b, q.ring[off:])
	copy(b[n:], q.ring)
}

// spill writes to pg_notify/ the ring's bytes of positions up to upTo
// (exclusive) that some listener still needs and are not written yet,
// before the ring is overwritten there (the SLRU's page write-out).
func (q *Queue) spill(upTo uint64) {
	h := q.hdr
	from := max(h.spilled, h.tail)
	if upTo <= from {
		if upTo > h.spilled {
			h.spilled = upTo
		}
		return
	}
	for from < upTo {
		seg := from / segmentSize
		n := min(upTo, (seg+1)*segmentSize) - from
		chunk := make([]byte, n)
		off := from % h.ringSize
		c := copy(chunk, q.ring[off:])
		copy(chunk[c:], q.ring)
		if err := q.writeSegment(seg, from%segmentSize, chunk); err != nil && q.spillErr == nil {
			q.spillErr = err
		}
		from += n
	}
	h.spilled = upTo
}

func (q *Queue) segmentPath(seg uint64) string {
	return filepath.Join(q.dir, strings.ToUpper(strconv.FormatUint(seg, 16)))
}

func (q *Queue) writeSegment(seg, off uint64, b []byte) error {
	if err := os.MkdirAll(q.dir, 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(q.segmentPath(seg), os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteAt(b, int64(off))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// readSpilled reads positions from pg_notify/. A read error leaves
// zeroes, which decode as an empty entry list; it is reported by the
// next Fits.
func (q *Queue) readSpilled(pos uint64, b []byte) {
	for len(b) > 0 {
		seg := pos / segmentSize
		n := min(uint64(len(b)), (seg+1)*segmentSize-pos)
		f, err := os.Open(q.segmentPath(seg))
		if err == nil {
			_, err = f.ReadAt(b[:n], int64(pos%segmentSize))
			f.Close()
		}
		if err != nil && q.spillErr == nil {
			q.spillErr = err
		}
		pos += n
		b = b[n:]
	}
}

// truncateSpill removes the pg_notify/ segments wholly before the tail
// (asyncQueueAdvanceTail's SimpleLruTruncate). Lock held.
func (q *Queue) truncateSpill() {
	h := q.hdr
	if h.spilled == 0 {
		return
	}
	first := h.tail / segmentSize
	for seg := h.removedBelow; seg < first && seg*segmentSize < h.spilled; seg++ {
		os.Remove(q.segmentPath(seg))
	}
	if first > h.removedBelow {
		h.removedBelow = first
	}
}
