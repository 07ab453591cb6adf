// The WAL's shared memory (XLogCtlData and XLogCtlInsert of xlog.c): the
// insertion position, the insertion slots, the WAL buffer pages and their
// addresses, the write and flush positions, statistics, and the shared
// copy of pg_control. ShmemSize, CreateShared and AttachShared follow the
// pattern of docs/storage.md; Open gives one process (or, in tests, one
// goroutine) its handle.

package xlog

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// numInsertSlots is NUM_XLOGINSERT_LOCKS: how many processes can copy
// records into the WAL buffers at the same time.
const numInsertSlots = 8

// insertSlot is one WAL insertion lock (WALInsertLock). insertingAt is 0
// while the holder has not yet reserved space; otherwise every byte the
// holder reserved below insertingAt has been copied. seq changes whenever
// insertingAt does, so that waiters can sleep on it with a futex.
type insertSlot struct {
	lock        shmem.LWLock
	seq         uint32
	waiters     uint32
	insertingAt uint64
	_           [40]byte
}

// sharedHeader is the fixed part of the region. Groups of fields written
// by different parties are kept on separate cache lines.
type sharedHeader struct {
	// Insertion position, protected by insertPosLock (the spinlock
	// insertpos_lck of PostgreSQL). redoRecPtr and fullPageWrites are
	// written under it and read atomically.
	insertPosLock  shmem.LWLock
	currBytePos    uint64
	prevBytePos    uint64
	redoRecPtr     uint64
	fullPageWrites uint32
	slotCounter    uint32
	statRecords    uint64
	statFPI        uint64
	statBytes      uint64

	slots [numInsertSlots]insertSlot

	// Buffer page initialization, protected by bufMappingLock
	// (WALBufMappingLock).
	bufMappingLock  shmem.LWLock
	initializedUpTo uint64
	_               [48]byte

	// Writing and flushing, serialized by writeLock (WALWriteLock);
	// writePos and flushPos are read atomically by anyone. writeSeq is
	// bumped each time writeLock is released, so that flushers can sleep
	// until the current write is over without queueing for the lock
	// (LWLockAcquireOrWait).
	writeLock    shmem.LWLock
	writePos     uint64
	flushPos     uint64
	writeSeq     uint32
	writeWaiters uint32
	_            [32]byte

	// pg_stat_wal counters kept outside the insertion lock (atomics).
	statBuffersFull uint64
	statWrite       uint64
	statSync        uint64
	statWriteTimeNs uint64
	statSyncTimeNs  uint64
	statsReset      int64

	// Set once at creation or at the end of recovery.
	nbuffers uint64
	sysid    uint64
	timeline uint32
	ready    uint32 // 1 once insertion may begin

	// Archiving (archive.go). archiving is fixed at creation;
	// archiverPID is published by the archiver; the last segment switch
	// (time in unix nanoseconds, start of the next segment) is written by
	// the writer under writeLock and read atomically; archStats is
	// protected by archStatLock.
	archiving         uint32
	archiverPID       int32
	lastSegSwitchTime int64
	lastSegSwitchLSN  uint64
	archStatLock      shmem.LWLock
	archStats         archiverStats

	// The shared copy of pg_control. controlLock protects the copy and is
	// held only to read or change it; controlWriteLock serializes the
	// processes that write the file (the startup process, then the
	// checkpointer), and is held across the write.
	controlLock      shmem.LWLock
	controlWriteLock shmem.LWLock
	controlValid     uint32
	ckptDistEstimate float64
	prevCkptDistance float64
	control          datadir.ControlFile
}

const regionName = "xlog"

// walBuffersPages is the number of WAL buffer pages the settings ask for:
// wal_buffers, with -1 meaning 1/32 of shared_buffers (XLOGChooseNumBuffers).
func walBuffersPages(settings *config.Settings) int {
	n := settings.Int("wal_buffers")
	if n == -1 {
		n = config.WalBuffersFor(settings.Int("shared_buffers"))
	}
	if n < 4 {
		n = 4
	}
	return int(n)
}

func regionLayout(nbuf int) (blocksOff, pagesOff, size int) {
	blocksOff = int(unsafe.Sizeof(sharedHeader{}))
	blocksOff = (blocksOff + 63) &^ 63
	pagesOff = blocksOff + nbuf*8
	pagesOff = (pagesOff + 4095) &^ 4095
	size = pagesOff + nbuf*PageSize + 4096 // slack: the region itself is only 64-aligned
	return
}

// ShmemSize is the shared memory the WAL needs (XLOGShmemSize).
func ShmemSize(settings *config.Settings) int {
	_, _, size := regionLayout(walBuffersPages(settings))
	return size
}

// Shared is one process's mapping of the WAL's shared state.
type Shared struct {
	h        *sharedHeader
	xlblocks []uint64 // end LSN+1 of the page in each buffer (xlblocks)
	pages    []byte
	nbuf     uint64
}

// CreateShared allocates and initializes the WAL's shared memory
// (postmaster only, at start and after a crash restart). Insertion is not
// possible until Recover has set the insert position.
func CreateShared(seg *shmem.Segment, settings *config.Settings) (*Shared, error) {
	nbuf := walBuffersPages(settings)
	_, _, size := regionLayout(nbuf)
	region, err := seg.Alloc(regionName, size)
	if err != nil {
		return nil, err
	}
	s := sharedFrom(region, nbuf)
	s.h.nbuffers = uint64(nbuf)
	if settings.Bool("full_page_writes") {
		s.h.fullPageWrites = 1
	}
	s.h.statsReset = time.Now().UnixMicro()
	s.h.archStats.statsReset = s.h.statsReset
	if ArchivingEnabled(settings) {
		s.h.archiving = 1
	}
	return s, nil
}

// ArchivingEnabled is XLogArchivingActive for settings: archive_mode on
// or always, with wal_level above minimal (the postmaster refuses to start
// with archive_mode on and wal_level minimal).
func ArchivingEnabled(settings *config.Settings) bool {
	return settings.Enum("archive_mode") != "off" && settings.Enum("wal_level") != "minimal"
}

// AttachShared finds the WAL's shared memory in a child process.
func AttachShared(seg *shmem.Segment) *Shared {
	region := seg.MustLookup(regionName)
	h := shmem.At[sharedHeader](region, 0)
	return sharedFrom(region, int(h.nbuffers))
}

func sharedFrom(region []byte, nbuf int) *Shared {
	blocksOff, pagesOff, _ := regionLayout(nbuf)
	// Align the pages to 4 kB within the region.
	base := uintptr(unsafe.Pointer(&region[0]))
	adj := int((4096 - (base+uintptr(pagesOff))%4096) % 4096)
	return &Shared{
		h:        shmem.At[sharedHeader](region, 0),
		xlblocks: unsafe.Slice((*uint64)(unsafe.Pointer(&region[blocksOff])), nbuf),
		pages:    region[pagesOff+adj : pagesOff+adj+nbuf*PageSize : pagesOff+adj+nbuf*PageSize],
		nbuf:     uint64(nbuf),
	}
}

// BufferPages is the number of WAL buffer pages (wal_buffers in pages).
func (s *Shared) BufferPages() int { return int(s.nbuf) }

// Options configure one process's WAL handle.
type Options struct {
	// DataDir is the data directory; segments live in DataDir/pg_wal.
	DataDir string
	// Owner is the process's lock owner, from its proc slot.
	Owner *shmem.Owner
	// Settings supply wal_sync_method, fsync, wal_init_zero, wal_recycle,
	// min_wal_size, max_wal_size, wal_keep_size,
	// checkpoint_completion_target and track_wal_io_timing. nil means the
	// defaults.
	Settings *config.Settings
	// Logger receives LOG messages (recovery progress); nil discards them.
	Logger *elog.Logger
	// Rmgrs is the resource manager table recovery dispatches to; nil
	// means an empty table (each process builds its own: lib/engine).
	Rmgrs *RmgrTable
	// LogTimezone formats times in log messages (log_timezone); nil is UTC.
	LogTimezone *time.Location
}

// Sync methods (wal_sync_method).
const (
	syncFsync = iota
	syncFdatasync
	syncOpenSync
	syncOpenDatasync
)

// WAL is one process's handle on the write-ahead log: it inserts records,
// flushes, reads back and recovers. It caches the open segment file, so it
// is not safe for concurrent use; goroutines each Open their own.
type WAL struct {
	*Shared
	owner  *shmem.Owner
	dir    string // data directory
	walDir string
	log    *elog.Logger
	rmgrs  *RmgrTable
	loc    *time.Location

	// Settings, read at Open and by ReloadSettings.
	syncMethod    int
	enableFsync   bool
	initZero      bool
	recycle       bool
	minWalSize    int64 // bytes
	maxWalSize    int64
	walKeepSize   int64
	ckptTarget    float64
	trackIOTiming bool

	slot *insertSlot

	// usage counts the records this process inserted (pgWalUsage).
	usage Usage

	// The segment this process has open for writing (openLogFile).
	file    fileHandle
	fileSeg uint64

	scratch    assembled
	lastRecPtr LSN    // start of the last record this process inserted (ProcLastRecPtr)
	syncHook   func() // tests: called before each WAL fsync
}

// Open returns a handle on the WAL for one process.
func (s *Shared) Open(o Options) *WAL {
	w := &WAL{
		Shared: s,
		owner:  o.Owner,
		dir:    o.DataDir,
		walDir: filepath.Join(o.DataDir, datadir.WALDir),
		log:    o.Logger,
		rmgrs:  o.Rmgrs,
		loc:    o.LogTimezone,
	}
	if w.loc == nil {
		w.loc = time.UTC
	}
	if w.owner == nil {
		w.owner = &shmem.Owner{}
	}
	if w.rmgrs == nil {
		// Without a table only XLOG's own records can be replayed.
		w.rmgrs = NewRmgrTable()
	}
	settings := o.Settings
	if settings == nil {
		settings = config.New()
	}
	w.ReloadSettings(settings)
	i := atomic.AddUint32(&s.h.slotCounter, 1) % numInsertSlots
	w.slot = &s.h.slots[i]
	return w
}

// ReloadSettings re-reads the settings this process uses (after SIGHUP).
func (w *WAL) ReloadSettings(settings *config.Settings) {
	switch settings.Enum("wal_sync_method") {
	case "fsync":
		w.syncMethod = syncFsync
	case "open_sync":
		w.syncMethod = syncOpenSync
	case "open_datasync":
		w.syncMethod = syncOpenDatasync
	default:
		w.syncMethod = syncFdatasync
	}
	w.enableFsync = settings.Bool("fsync")
	w.initZero = settings.Bool("wal_init_zero")
	w.recycle = settings.Bool("wal_recycle")
	w.minWalSize = settings.Bytes("min_wal_size")
	w.maxWalSize = settings.Bytes("max_wal_size")
	w.walKeepSize = settings.Bytes("wal_keep_size")
	w.ckptTarget = settings.Real("checkpoint_completion_target")
	w.trackIOTiming = settings.Bool("track_wal_io_timing")
	if w.file.f != nil {
		// The sync method decides the open flags.
		w.closeSegment()
	}
}

// Close releases the process's open segment file.
func (w *WAL) Close() error {
	return w.closeSegment()
}

// logf writes a LOG-level message when a logger is set.
func (w *WAL) logf(level elog.Level, format string, args ...any) {
	if w.log != nil {
		w.log.Logf(level, format, args...)
	}
}

// Timeline is the current timeline (ThisTimeLineID).
func (w *WAL) Timeline() uint32 { return atomic.LoadUint32(&w.h.timeline) }

// SystemID is the cluster's system identifier.
func (w *WAL) SystemID() uint64 { return atomic.LoadUint64(&w.h.sysid) }

// String describes the handle for diagnostics.
func (w *WAL) String() string {
	return fmt.Sprintf("xlog(insert %s, write %s, flush %s)", w.CurrentInsertLSN(), w.WrittenLSN(), w.FlushedLSN())
}

// logLevel is the level of the LOG messages this package writes.
const logLevel = elog.Log

// debugLevel is the level of the DEBUG messages (segment removal).
const debugLevel = elog.Debug2
