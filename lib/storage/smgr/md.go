// The storage manager proper: PostgreSQL's smgr.c and md.c. Relation forks
// are files of 8 kB blocks split into 1 GB segments; a Manager opens them,
// reads, writes, extends, truncates and removes them, and tells the
// checkpointer which segments it dirtied.

package smgr

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// AllForks, as Unlink's fork, removes every fork (InvalidForkNumber).
const AllForks storage.ForkNumber = -1

// maxFork is MAX_FORKNUM.
const maxFork = storage.InitFork

const (
	blockSize     = storage.BlockSize
	segmentBlocks = storage.SegmentBlocks
)

// Behaviours of openFork and getSeg (md.c's EXTENSION_* flags).
const (
	extFail           = 1 << iota // error when the segment is missing
	extReturnNull                 // return nil when it is missing
	extCreate                     // create missing segments (extending)
	extCreateRecovery             // create missing segments in recovery
)

type forkKey struct {
	rel  storage.RelFileLocator
	fork storage.ForkNumber
}

// forkState is md.c's md_seg_fds for one fork: the open segments, from 0,
// consecutive. Segments past the last active one are never in it.
type forkState struct {
	segs []*vfd
}

// segRef names a segment that an operation dirtied, to register once the
// manager's lock is released.
type segRef struct {
	segno uint32
	v     *vfd
}

// maxRegistered bounds the memory of segments already queued for fsync.
const maxRegistered = 4096

// Stats counts a Manager's work since New.
type Stats struct {
	Reads, Writes, Extends atomic.Int64
	// OwnFsyncs counts segments this process had to fsync itself because
	// the sync queue was full (PostgreSQL's buffers_backend_fsync).
	OwnFsyncs atomic.Int64
}

// Manager is one process's storage manager. It is safe for use by several
// goroutines at once, for different blocks; as in PostgreSQL, operations
// that change a fork's size or existence (Extend, ZeroExtend, Truncate,
// Unlink, Create) must be serialised by the caller against other use of
// that fork (the relation extension lock, AccessExclusiveLock).
type Manager struct {
	dataDir  string
	queue    *SyncQueue
	pending  *PendingSyncs // when set, sync requests go straight here
	sys      sysOps
	fileMode uint32
	dirMode  uint32

	mu         sync.Mutex
	inRecovery bool
	forks      map[forkKey]*forkState
	lru        vfd // sentinel of the ring of vfds holding a descriptor
	nOpen      int
	maxOpen    int
	registered map[fileTag]uint64 // segment -> queue cycle it was queued in
	// unlogged caches HasInitFork's answers; Close, CloseAll and Unlink
	// forget them (a relfilenode's persistence never changes while it
	// names files: a new persistence means new files).
	unlogged map[storage.RelFileLocator]bool

	Stats Stats

	// waitOwner is where the process publishes its I/O waits for
	// pg_stat_activity (SetWaitOwner); nil publishes nothing.
	waitOwner *shmem.Owner

	// io, when set, counts the segment fsyncs this process does for
	// pg_stat_io (the buffer pool's counts: SetIOCounts); ioTiming says
	// whether track_io_timing is on.
	io       *storage.IOCounts
	ioTiming func() bool
}

// SetIOCounts makes the process's segment fsyncs count in c, timed when
// timing returns true (track_io_timing).
func (m *Manager) SetIOCounts(c *storage.IOCounts, timing func() bool) {
	m.io, m.ioTiming = c, timing
}

// countFsync counts one segment fsync that began at start
// (mdsyncfiletag's and register_dirty_segment's pgstat_count_io_op_time).
func (m *Manager) countFsync(start time.Time) {
	if m.io == nil {
		return
	}
	var took time.Duration
	if m.ioTiming != nil && m.ioTiming() {
		took = time.Since(start)
	}
	m.io.Count(storage.IOObjectRelation, storage.IOContextNormal, storage.IOOpFsync, 1, took)
}

// SetWaitOwner makes reads, writes, extensions and fsyncs show as IO wait
// events (DataFileRead...) in the proc slot that owns o.
func (m *Manager) SetWaitOwner(o *shmem.Owner) { m.waitOwner = o }

// New returns a storage manager for the data directory dataDir. Sync
// requests go to syncQueue, the shared queue the checkpointer absorbs.
// With a nil queue (a single-process tool such as gpinitdb, or tests) they
// collect in a private PendingSyncs, returned by Pending, which the caller
// syncs itself. The checkpointer passes the queue and then calls
// SetPending with its own PendingSyncs, so that its writes skip the queue.
func New(dataDir string, syncQueue *SyncQueue) *Manager {
	m := &Manager{
		dataDir:    dataDir,
		queue:      syncQueue,
		sys:        osOps{},
		fileMode:   0o600,
		dirMode:    0o700,
		forks:      map[forkKey]*forkState{},
		maxOpen:    DefaultMaxOpenFiles,
		registered: map[fileTag]uint64{},
	}
	m.lru.prev, m.lru.next = &m.lru, &m.lru
	// Group access, like PostgreSQL's: if the data directory is 0750,
	// files are 0640 and directories 0750.
	if st, err := os.Stat(dataDir); err == nil && st.Mode().Perm()&0o040 != 0 {
		m.fileMode, m.dirMode = 0o640, 0o750
	}
	if syncQueue == nil {
		m.pending = NewPendingSyncs(nil)
	}
	return m
}

// SetPending makes sync requests go straight into p instead of the shared
// queue (the checkpointer's own writes, PostgreSQL's RememberSyncRequest
// when AmCheckpointerProcess).
func (m *Manager) SetPending(p *PendingSyncs) { m.pending = p }

// Pending is where this manager's sync requests collect when they do not go
// through the shared queue, or nil.
func (m *Manager) Pending() *PendingSyncs { return m.pending }

// SetMaxOpenFiles bounds the descriptors kept open (at least 1).
func (m *Manager) SetMaxOpenFiles(n int) {
	m.mu.Lock()
	m.maxOpen = max(n, 1)
	m.makeRoom(m.maxOpen, nil)
	m.mu.Unlock()
}

// SetInRecovery switches md.c's InRecovery behaviour: reading past the end
// of a fork returns zeros, writing into a missing segment creates it, and
// truncating to beyond the end is silently ignored, so that WAL replay can
// go over changes to relations that were later truncated or dropped.
func (m *Manager) SetInRecovery(on bool) {
	m.mu.Lock()
	m.inRecovery = on
	m.mu.Unlock()
}

func (m *Manager) abs(rel string) string { return filepath.Join(m.dataDir, rel) }

// openFork opens segment 0 if it is not open (mdopenfork). With
// extReturnNull it returns nil, nil when the file does not exist.
func (m *Manager) openFork(key forkKey, behavior int) (*forkState, error) {
	if fs := m.forks[key]; fs != nil && len(fs.segs) > 0 {
		return fs, nil
	}
	path := key.rel.Path(key.fork, 0)
	m.makeRoom(m.maxOpen-1, nil)
	fd, err := m.sys.open(m.abs(path), unix.O_RDWR, 0)
	if err != nil {
		if behavior&extReturnNull != 0 && isNotExist(err) {
			return nil, nil
		}
		return nil, fileError(err, "could not open file \"%s\"", path)
	}
	fs := &forkState{segs: []*vfd{m.newVfd(path, fd)}}
	m.forks[key] = fs
	return fs, nil
}

// openSeg opens segment segno, the one after the last open one
// (_mdfd_openseg). The raw OS error is returned for the caller to word.
func (m *Manager) openSeg(key forkKey, fs *forkState, segno int, flags int) (*vfd, error) {
	path := key.rel.Path(key.fork, segno)
	m.makeRoom(m.maxOpen-1, nil)
	fd, err := m.sys.open(m.abs(path), unix.O_RDWR|flags, m.fileMode)
	if err != nil {
		return nil, err
	}
	v := m.newVfd(path, fd)
	fs.segs = append(fs.segs, v)
	return v, nil
}

// segBlocks is the number of whole blocks in a segment (_mdnblocks).
func (m *Manager) segBlocks(v *vfd) (storage.BlockNumber, error) {
	fd, err := m.fdOf(v)
	var size int64
	if err == nil {
		size, err = m.sys.fsize(fd)
	}
	if err != nil {
		return 0, fileError(err, "could not seek to end of file \"%s\"", v.path)
	}
	n := size / blockSize
	if n > segmentBlocks {
		return 0, pgerr.Fatalf(pgerr.InternalError, "segment too big")
	}
	return storage.BlockNumber(n), nil
}

// getSeg finds the segment holding blkno, opening the segments before it
// (_mdfd_getseg). Segments it had to pad with a zero block are returned in
// dirty for registration.
func (m *Manager) getSeg(key forkKey, blkno storage.BlockNumber, behavior int) (v *vfd, dirty []segRef, err error) {
	fs, err := m.openFork(key, behavior)
	if fs == nil || err != nil {
		return nil, nil, err
	}
	target := int(blkno / segmentBlocks)
	if target < len(fs.segs) {
		return fs.segs[target], nil, nil
	}
	v = fs.segs[len(fs.segs)-1]
	for next := len(fs.segs); next <= target; next++ {
		nblocks, err := m.segBlocks(v)
		if err != nil {
			return nil, dirty, err
		}
		flags := 0
		if behavior&extCreate != 0 || m.inRecovery && behavior&extCreateRecovery != 0 {
			// Keep every segment before the last active one full: pad it
			// with a zero block at its end.
			if nblocks < segmentBlocks {
				fd, err := m.fdOf(v)
				if err == nil {
					err = writeFull(m.sys, fd, zeroBlock[:], int64(segmentBlocks-1)*blockSize)
				}
				if err != nil {
					return nil, dirty, fileError(err, "could not extend file \"%s\"", v.path).WithHint(hintDiskSpace)
				}
				dirty = append(dirty, segRef{uint32(next - 1), v})
			}
			flags = unix.O_CREAT
		} else if nblocks < segmentBlocks {
			if behavior&extReturnNull != 0 {
				return nil, dirty, nil
			}
			return nil, dirty, pgerr.Newf(pgerr.InternalError,
				"could not open file \"%s\" (target block %d): previous segment is only %d blocks",
				key.rel.Path(key.fork, next), blkno, nblocks)
		}
		v, err = m.openSeg(key, fs, next, flags)
		if err != nil {
			if behavior&extReturnNull != 0 && isNotExist(err) {
				return nil, dirty, nil
			}
			return nil, dirty, fileError(err, "could not open file \"%s\" (target block %d)", key.rel.Path(key.fork, next), blkno)
		}
	}
	return v, dirty, nil
}

var zeroBlock [blockSize]byte

// writeFull writes all of p at off, for padding and zero-filling.
func writeFull(sys sysOps, fd int, p []byte, off int64) error {
	for len(p) > 0 {
		n, err := sys.pwrite(fd, p, off)
		if err != nil {
			return err
		}
		if n == 0 {
			return unix.ENOSPC // fd.c: a write that sets no errno means no space
		}
		p, off = p[n:], off+int64(n)
	}
	return nil
}

// registerAll registers the segments an operation dirtied, unless skipFsync.
func (m *Manager) registerAll(key forkKey, dirty []segRef, skipFsync bool) error {
	if skipFsync {
		return nil
	}
	for _, d := range dirty {
		if err := m.registerDirty(key, d.segno, d.v); err != nil {
			return err
		}
	}
	return nil
}

// registerDirty tells the checkpointer that a segment needs an fsync
// before the next checkpoint completes (register_dirty_segment). When the
// queue is full the segment is fsynced here and now.
func (m *Manager) registerDirty(key forkKey, segno uint32, v *vfd) error {
	if key.rel.IsTemp() {
		return nil // temporary files are never fsynced (SmgrIsTemp)
	}
	req := SyncRequest{Rel: key.rel, Fork: key.fork, Kind: SyncFile, Segno: segno}
	if m.queueRequest(req) {
		return nil
	}
	m.mu.Lock()
	fd, err := m.pin(v)
	m.mu.Unlock()
	if err == nil {
		start := time.Now()
		err = m.sys.fsync(fd)
		m.unpin(v)
		if err == nil {
			m.countFsync(start)
		}
	}
	if err != nil {
		return fsyncError(err, v.path)
	}
	return nil
}

// registerDir asks for an fsync of the directory a file or directory was
// created in, or does it now when the queue is full.
func (m *Manager) registerDir(spc, db uint32) error {
	req := SyncRequest{Rel: storage.RelFileLocator{Spc: spc, DB: db}, Kind: SyncDir}
	if m.queueRequest(req) {
		return nil
	}
	path := dirPath(dirTag{spc, db})
	if err := m.syncDir(path); err != nil {
		return fsyncError(err, path)
	}
	return nil
}

// queueRequest passes a SyncFile or SyncDir request on, and reports false
// when the queue is full and the caller must fsync by itself.
func (m *Manager) queueRequest(req SyncRequest) bool {
	if m.pending != nil {
		m.pending.Remember(req)
		return true
	}
	// A request queued while no SyncAll was running, with no SyncAll
	// started since, will be served by a SyncAll that starts after this
	// write: no need to queue it again. (SyncAll bumps the cycle when it
	// starts, before absorbing, and when it ends.)
	tag := req.tag()
	if req.Kind == SyncDir {
		tag.Fork = dirFork
	}
	cycle := m.queue.cycle()
	m.mu.Lock()
	c, seen := m.registered[tag]
	m.mu.Unlock()
	if seen && c == cycle {
		return true
	}
	if m.queue.Register(req) {
		if cycle&1 == 0 {
			m.mu.Lock()
			if len(m.registered) >= maxRegistered {
				clear(m.registered)
			}
			m.registered[tag] = cycle
			m.mu.Unlock()
		}
		return true
	}
	m.queue.countOwnFsync()
	m.Stats.OwnFsyncs.Add(1)
	return false
}

// dirFork marks a directory in the registered map.
const dirFork storage.ForkNumber = -2

// request sends a request that must not be lost (forget, unlink): when the
// queue is full it waits for the checkpointer to make room, as PostgreSQL's
// RegisterSyncRequest with retryOnError does.
func (m *Manager) request(req SyncRequest) {
	if m.pending != nil {
		m.pending.Remember(req)
		return
	}
	for !m.queue.Register(req) {
		time.Sleep(10 * time.Millisecond)
	}
}

// Create makes the file of a fork, and the database directory if it is
// missing (mdcreate, TablespaceCreateDbspace). The file must not exist,
// except in redo (isRedo), where an existing one is opened. The new file
// is registered for fsync, and its directory too, so that the next
// checkpoint makes its existence durable.
func (m *Manager) Create(rel storage.RelFileLocator, fork storage.ForkNumber, isRedo bool) error {
	key := forkKey{rel, fork}
	m.mu.Lock()
	if fs := m.forks[key]; fs != nil && len(fs.segs) > 0 {
		if isRedo {
			m.mu.Unlock()
			return nil // created and opened already
		}
		m.closeForkLocked(key) // a stale entry of a dropped relation
	}
	m.mu.Unlock()

	if err := m.createDbDir(rel, isRedo); err != nil {
		return err
	}
	path := rel.Path(fork, 0)
	fd, err := m.sys.open(m.abs(path), unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, m.fileMode)
	if err != nil && isRedo {
		var err2 error
		if fd, err2 = m.sys.open(m.abs(path), unix.O_RDWR, 0); err2 == nil {
			err = nil
		}
	}
	if err != nil {
		return fileError(err, "could not create file \"%s\"", path) // the error of create, not of open
	}
	m.mu.Lock()
	v := m.newVfd(path, fd)
	m.forks[key] = &forkState{segs: []*vfd{v}}
	if fork == storage.InitFork {
		// Pages loaded from now on are an unlogged relation's.
		delete(m.unlogged, rel)
	}
	m.mu.Unlock()
	if rel.IsTemp() {
		return nil // a temporary relation never outlives a crash: no fsync
	}
	if err := m.registerDirty(key, 0, v); err != nil {
		return err
	}
	return m.registerDir(rel.Spc, rel.DB)
}

// createDbDir creates base/<db> if it does not exist (the global
// tablespace's directory always does).
func (m *Manager) createDbDir(rel storage.RelFileLocator, isRedo bool) error {
	if rel.Spc == storage.GlobalTablespace {
		return nil
	}
	dir := filepath.Dir(rel.Path(storage.MainFork, 0))
	st, err := os.Stat(m.abs(dir))
	if err == nil {
		if !st.IsDir() {
			return pgerr.Newf(pgerr.WrongObjectType, "\"%s\" exists but is not a directory", dir)
		}
		return nil
	}
	if !os.IsNotExist(err) {
		return fileError(err, "could not stat directory \"%s\"", dir)
	}
	err = m.sys.mkdir(m.abs(dir), m.dirMode)
	if isNotExist(err) && isRedo {
		// Replay may meet a database whose directories are gone.
		err = m.sys.mkdir(m.abs(filepath.Dir(dir)), m.dirMode)
		if err == nil || err == unix.EEXIST {
			err = m.sys.mkdir(m.abs(dir), m.dirMode)
		}
	}
	if err != nil && err != unix.EEXIST {
		return fileError(err, "could not create directory \"%s\"", dir)
	}
	// The new directory's entry lives in base/: sync that too.
	return m.registerDir(rel.Spc, 0)
}

// Exists reports whether the fork's first segment exists (mdexists). It
// is true for a main fork unlinked but not yet removed (until the next
// checkpoint), as in PostgreSQL.
func (m *Manager) Exists(rel storage.RelFileLocator, fork storage.ForkNumber) (bool, error) {
	key := forkKey{rel, fork}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.inRecovery {
		m.closeForkLocked(key) // notice an unlink done by another process
	}
	fs, err := m.openFork(key, extReturnNull)
	return fs != nil, err
}

// Read reads block blkno into dst[:8192] (mdread). Reading a block past
// the end of the fork is an error ("could not read block %u in file
// \"%s\": read only %d of %d bytes", XX001), except in recovery, where
// the block reads as zeros. A block of zeros inside the file is returned
// as it is: the caller (page verification) decides what it means.
func (m *Manager) Read(rel storage.RelFileLocator, fork storage.ForkNumber, blkno storage.BlockNumber, dst []byte) error {
	dst = dst[:blockSize]
	key := forkKey{rel, fork}
	m.mu.Lock()
	v, dirty, err := m.getSeg(key, blkno, extFail|extCreateRecovery)
	fd := -1
	var pinErr error
	if err == nil {
		fd, pinErr = m.pin(v)
	}
	recovery := m.inRecovery
	m.mu.Unlock()
	if rerr := m.registerAll(key, dirty, false); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	m.Stats.Reads.Add(1)
	n := 0
	if pinErr == nil {
		prev := waitevent.Swap(m.waitOwner, waitevent.IODataFileRead)
		n, pinErr = m.sys.pread(fd, dst, int64(blkno%segmentBlocks)*blockSize)
		waitevent.Restore(m.waitOwner, prev)
		m.unpin(v)
	}
	if pinErr != nil {
		return fileError(pinErr, "could not read block %d in file \"%s\"", blkno, v.path)
	}
	if n != blockSize {
		if recovery {
			clear(dst)
			return nil
		}
		return pgerr.Newf(pgerr.DataCorrupted, "could not read block %d in file \"%s\": read only %d of %d bytes",
			blkno, v.path, n, blockSize)
	}
	return nil
}

// Write writes src[:8192] as block blkno, which should exist (mdwrite),
// and registers the segment for fsync unless skipFsync (the caller then
// syncs the fork itself with ImmediateSync, or the fork is unlogged or
// temporary).
func (m *Manager) Write(rel storage.RelFileLocator, fork storage.ForkNumber, blkno storage.BlockNumber, src []byte, skipFsync bool) error {
	src = src[:blockSize]
	key := forkKey{rel, fork}
	m.mu.Lock()
	v, dirty, err := m.getSeg(key, blkno, extFail|extCreateRecovery)
	fd := -1
	var pinErr error
	if err == nil {
		fd, pinErr = m.pin(v)
	}
	m.mu.Unlock()
	if rerr := m.registerAll(key, dirty, skipFsync); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	m.Stats.Writes.Add(1)
	n := 0
	if pinErr == nil {
		prev := waitevent.Swap(m.waitOwner, waitevent.IODataFileWrite)
		n, pinErr = m.sys.pwrite(fd, src, int64(blkno%segmentBlocks)*blockSize)
		waitevent.Restore(m.waitOwner, prev)
		m.unpin(v)
	}
	if pinErr != nil {
		return fileError(pinErr, "could not write block %d in file \"%s\"", blkno, v.path)
	}
	if n != blockSize {
		return pgerr.Newf(pgerr.DiskFull, "could not write block %d in file \"%s\": wrote only %d of %d bytes",
			blkno, v.path, n, blockSize).WithHint(hintDiskSpace)
	}
	if skipFsync {
		return nil
	}
	return m.registerDirty(key, uint32(blkno/segmentBlocks), v)
}

// checkExtend refuses block numbers that cannot exist and extensions that
// do not start at the end of the fork. It holds m.mu.
func (m *Manager) checkExtend(key forkKey, blkno storage.BlockNumber, n int) error {
	if uint64(blkno)+uint64(n) > uint64(storage.InvalidBlock) || blkno == storage.InvalidBlock {
		return pgerr.Newf(pgerr.ProgramLimitExceeded, "cannot extend file \"%s\" beyond %d blocks",
			key.rel.Path(key.fork, 0), storage.InvalidBlock)
	}
	cur, err := m.nblocksLocked(key)
	if err != nil {
		return err
	}
	if blkno != cur {
		return pgerr.Newf(pgerr.InternalError, "could not extend file \"%s\" at block %d: it has %d blocks",
			key.rel.Path(key.fork, 0), blkno, cur)
	}
	return nil
}

// Extend appends src[:8192] as block blkno, which must be the fork's
// current size (mdextend). On failure the file is cut back to its old
// size, so a half-written block never stays behind. A full disk is
// "could not extend file \"%s\": No space left on device" (or "wrote only
// %d of %d bytes at block %u"), SQLSTATE 53100, HINT "Check free disk
// space.".
func (m *Manager) Extend(rel storage.RelFileLocator, fork storage.ForkNumber, blkno storage.BlockNumber, src []byte, skipFsync bool) error {
	src = src[:blockSize]
	key := forkKey{rel, fork}
	m.mu.Lock()
	err := m.checkExtend(key, blkno, 1)
	var v *vfd
	var dirty []segRef
	fd := -1
	if err == nil {
		v, dirty, err = m.getSeg(key, blkno, extCreate)
	}
	var pinErr error
	if err == nil {
		fd, pinErr = m.pin(v)
	}
	m.mu.Unlock()
	if rerr := m.registerAll(key, dirty, skipFsync); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	m.Stats.Extends.Add(1)
	off := int64(blkno%segmentBlocks) * blockSize
	n := 0
	if pinErr == nil {
		prev := waitevent.Swap(m.waitOwner, waitevent.IODataFileExtend)
		n, pinErr = m.sys.pwrite(fd, src, off)
		waitevent.Restore(m.waitOwner, prev)
		if pinErr != nil || n != blockSize {
			m.sys.ftruncate(fd, off) // leave the file as it was
		}
		m.unpin(v)
	}
	if pinErr != nil {
		return fileError(pinErr, "could not extend file \"%s\"", v.path).WithHint(hintDiskSpace)
	}
	if n != blockSize {
		return pgerr.Newf(pgerr.DiskFull, "could not extend file \"%s\": wrote only %d of %d bytes at block %d",
			v.path, n, blockSize, blkno).WithHint(hintDiskSpace)
	}
	if skipFsync {
		return nil
	}
	return m.registerDirty(key, uint32(blkno/segmentBlocks), v)
}

// ZeroExtend appends n zero blocks starting at blkno, the fork's current
// size (mdzeroextend). On failure the fork is cut back to blkno blocks.
func (m *Manager) ZeroExtend(rel storage.RelFileLocator, fork storage.ForkNumber, blkno storage.BlockNumber, n int, skipFsync bool) error {
	if n <= 0 {
		return nil
	}
	key := forkKey{rel, fork}
	m.mu.Lock()
	err := m.checkExtend(key, blkno, n)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	cur, remaining := blkno, n
	for remaining > 0 {
		segStart := int(cur % segmentBlocks)
		num := min(remaining, segmentBlocks-segStart)
		m.mu.Lock()
		v, dirty, err := m.getSeg(key, cur, extCreate)
		fd := -1
		var pinErr error
		if err == nil {
			fd, pinErr = m.pin(v)
		}
		m.mu.Unlock()
		if rerr := m.registerAll(key, dirty, skipFsync); err == nil {
			err = rerr
		}
		if err != nil {
			m.rollbackExtend(key, blkno)
			return err
		}
		off := int64(segStart) * blockSize
		if pinErr == nil {
			for i := 0; i < num && pinErr == nil; i += len(zeroChunk) / blockSize {
				chunk := min(num-i, len(zeroChunk)/blockSize)
				pinErr = writeFull(m.sys, fd, zeroChunk[:chunk*blockSize], off+int64(i)*blockSize)
			}
			if pinErr != nil {
				m.sys.ftruncate(fd, off)
			}
			m.unpin(v)
		}
		if pinErr != nil {
			m.rollbackExtend(key, blkno)
			return fileError(pinErr, "could not extend file \"%s\"", v.path).WithHint(hintDiskSpace)
		}
		m.Stats.Extends.Add(int64(num))
		if !skipFsync {
			if err := m.registerDirty(key, uint32(cur/segmentBlocks), v); err != nil {
				return err
			}
		}
		cur += storage.BlockNumber(num)
		remaining -= num
	}
	return nil
}

var zeroChunk [8 * blockSize]byte

// rollbackExtend cuts a fork back to nblocks after a failed extension.
// The segment that failed was already cut back to where this extension
// began in it, so only whole blocks remain to remove.
func (m *Manager) rollbackExtend(key forkKey, nblocks storage.BlockNumber) {
	m.mu.Lock()
	dirty, _ := m.truncateLocked(key, nblocks)
	m.mu.Unlock()
	m.registerAll(key, dirty, false)
}

// NBlocks is the number of blocks in the fork (mdnblocks): full segments
// plus the whole blocks of the first one that is not full.
func (m *Manager) NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nblocksLocked(forkKey{rel, fork})
}

func (m *Manager) nblocksLocked(key forkKey) (storage.BlockNumber, error) {
	fs, err := m.openFork(key, extFail)
	if err != nil {
		return 0, err
	}
	segno := len(fs.segs) - 1
	v := fs.segs[segno]
	for {
		n, err := m.segBlocks(v)
		if err != nil {
			return 0, err
		}
		if n < segmentBlocks {
			return storage.BlockNumber(segno)*segmentBlocks + n, nil
		}
		segno++
		v, err = m.openSeg(key, fs, segno, 0)
		if err != nil {
			if isNotExist(err) {
				return storage.BlockNumber(segno) * segmentBlocks, nil
			}
			return 0, fileError(err, "could not open file \"%s\"", key.rel.Path(key.fork, segno))
		}
	}
}

// Truncate cuts the fork to nblocks blocks (mdtruncate). Segments past the
// new end are truncated to zero length but kept, because other processes
// may hold them open; segment files of size zero after the last active
// one are ignored everywhere. The caller must have dropped the fork's
// buffers past nblocks first, and other processes must Close the
// relation before using it again (PostgreSQL's smgr invalidation).
func (m *Manager) Truncate(rel storage.RelFileLocator, fork storage.ForkNumber, nblocks storage.BlockNumber) error {
	key := forkKey{rel, fork}
	m.mu.Lock()
	dirty, err := m.truncateLocked(key, nblocks)
	m.mu.Unlock()
	if rerr := m.registerAll(key, dirty, false); err == nil {
		err = rerr
	}
	return err
}

func (m *Manager) truncateLocked(key forkKey, nblocks storage.BlockNumber) ([]segRef, error) {
	cur, err := m.nblocksLocked(key)
	if err != nil {
		return nil, err
	}
	if nblocks > cur {
		if m.inRecovery {
			return nil, nil // a bogus request, but harmless in replay
		}
		return nil, pgerr.Newf(pgerr.InternalError, "could not truncate file \"%s\" to %d blocks: it's only %d blocks now",
			key.rel.Path(key.fork, 0), nblocks, cur)
	}
	if nblocks == cur {
		return nil, nil
	}
	fs := m.forks[key]
	var dirty []segRef
	for n := len(fs.segs); n > 0; n-- {
		v := fs.segs[n-1]
		prior := storage.BlockNumber(n-1) * segmentBlocks
		var size int64
		switch {
		case prior > nblocks:
			size = 0 // no longer active: empty it, keep it
		case prior+segmentBlocks > nblocks:
			size = int64(nblocks-prior) * blockSize // the last one kept
		default:
			return dirty, nil // this and earlier segments stay whole
		}
		fd, err := m.fdOf(v)
		if err == nil {
			err = m.sys.ftruncate(fd, size)
		}
		if err != nil {
			if size == 0 {
				return dirty, fileError(err, "could not truncate file \"%s\"", v.path)
			}
			return dirty, fileError(err, "could not truncate file \"%s\" to %d blocks", v.path, nblocks)
		}
		dirty = append(dirty, segRef{uint32(n - 1), v})
		if prior > nblocks {
			m.discard(v)
			fs.segs = fs.segs[:n-1]
		}
	}
	return dirty, nil
}

// Unlink removes a fork, or every fork with AllForks (mdunlink). A main
// fork's first segment is, outside redo, truncated to zero length now and
// removed only after the next checkpoint (PendingSyncs.PostCheckpoint), so
// that its relfilenode is not reused before then: a crash in between
// would otherwise replay the old relation's removal onto the new one.
// Other segments and forks go at once, after their pending fsyncs are
// cancelled. Failures are PostgreSQL's WARNINGs, returned for the caller
// to log: the transaction has committed by then. This process's cached
// descriptors for the relation are closed; other processes must Close it.
func (m *Manager) Unlink(rel storage.RelFileLocator, fork storage.ForkNumber, isRedo bool) []*pgerr.Error {
	forks := []storage.ForkNumber{fork}
	if fork == AllForks {
		forks = []storage.ForkNumber{storage.MainFork, storage.FSMFork, storage.VisibilityMapFork, storage.InitFork}
	}
	m.mu.Lock()
	for _, f := range forks {
		m.closeForkLocked(forkKey{rel, f})
	}
	delete(m.unlogged, rel)
	for tag := range m.registered {
		if tag.Rel == rel {
			delete(m.registered, tag)
		}
	}
	m.mu.Unlock()
	var warnings []*pgerr.Error
	warn := func(err error, format string, args ...any) {
		warnings = append(warnings, fileError(err, format, args...).WithSeverity(pgerr.SeverityWarning))
	}
	truncate := func(path string) error {
		err := m.sys.truncate(m.abs(path), 0)
		if err != nil && !isNotExist(err) {
			warn(err, "could not truncate file \"%s\"", path)
		}
		return err
	}
	for _, f := range forks {
		path := rel.Path(f, 0)
		err := truncate(path)
		if rel.IsTemp() {
			// Nothing was queued for fsync, and the relfilenode cannot be
			// reused by a relation that needs the file kept until the
			// next checkpoint: remove it now (mdunlinkfork).
			if err == nil || !isNotExist(err) {
				if uerr := m.sys.unlink(m.abs(path)); uerr != nil && !isNotExist(uerr) {
					warn(uerr, "could not remove file \"%s\"", path)
				}
			}
		} else if isRedo || f != storage.MainFork {
			m.request(SyncRequest{Rel: rel, Fork: f, Kind: SyncForget})
			if err == nil || !isNotExist(err) {
				if uerr := m.sys.unlink(m.abs(path)); uerr != nil && !isNotExist(uerr) {
					warn(uerr, "could not remove file \"%s\"", path)
				}
			}
		} else {
			m.request(SyncRequest{Rel: rel, Fork: f, Kind: SyncUnlink})
		}
		if err != nil && isNotExist(err) {
			continue
		}
		for segno := 1; ; segno++ {
			sp := rel.Path(f, segno)
			if terr := truncate(sp); terr != nil && isNotExist(terr) {
				break
			}
			if !rel.IsTemp() {
				m.request(SyncRequest{Rel: rel, Fork: f, Kind: SyncForget, Segno: uint32(segno)})
			}
			if uerr := m.sys.unlink(m.abs(sp)); uerr != nil {
				if !isNotExist(uerr) {
					warn(uerr, "could not remove file \"%s\"", sp)
				}
				break
			}
		}
	}
	return warnings
}

// ImmediateSync fsyncs every active segment of the fork now (mdimmedsync),
// for changes written with skipFsync. A failure is PANIC-level.
func (m *Manager) ImmediateSync(rel storage.RelFileLocator, fork storage.ForkNumber) error {
	key := forkKey{rel, fork}
	m.mu.Lock()
	if _, err := m.nblocksLocked(key); err != nil {
		m.mu.Unlock()
		return err
	}
	segs := append([]*vfd(nil), m.forks[key].segs...)
	fds := make([]int, len(segs))
	for i, v := range segs {
		fd, err := m.pin(v)
		if err != nil {
			for _, p := range segs[:i] {
				p.pins-- // not unpin: it takes the lock we hold
			}
			m.mu.Unlock()
			return fsyncError(err, v.path)
		}
		fds[i] = fd
	}
	m.mu.Unlock()
	var first error
	prev := waitevent.Swap(m.waitOwner, waitevent.IODataFileImmediateSync)
	defer waitevent.Restore(m.waitOwner, prev)
	for i, v := range segs {
		if err := m.sys.fsync(fds[i]); err != nil && first == nil {
			first = fsyncError(err, v.path)
		}
		m.unpin(v)
	}
	return first
}

// Close forgets the relation's open files, every fork (smgrclose). Call it
// when another process may have truncated or removed the relation.
func (m *Manager) Close(rel storage.RelFileLocator) {
	m.mu.Lock()
	for f := storage.MainFork; f <= maxFork; f++ {
		m.closeForkLocked(forkKey{rel, f})
	}
	delete(m.unlogged, rel)
	m.mu.Unlock()
}

// CloseAll closes every file (smgrcloseall).
func (m *Manager) CloseAll() {
	m.mu.Lock()
	for key := range m.forks {
		m.closeForkLocked(key)
	}
	m.unlogged = nil
	m.mu.Unlock()
}

// HasInitFork reports whether the relation has an init fork, that is,
// whether it is unlogged: the buffer pool asks when it loads one of its
// pages (BM_PERMANENT). The answer is cached until the relation's files
// are closed; an error of the lookup counts as "no" (the page is then
// treated as permanent, which only costs writes).
func (m *Manager) HasInitFork(rel storage.RelFileLocator) bool {
	if rel.IsTemp() {
		return false
	}
	m.mu.Lock()
	has, known := m.unlogged[rel]
	m.mu.Unlock()
	if known {
		return has
	}
	_, err := os.Stat(m.abs(rel.Path(storage.InitFork, 0)))
	has = err == nil
	m.mu.Lock()
	if m.unlogged == nil {
		m.unlogged = map[storage.RelFileLocator]bool{}
	}
	m.unlogged[rel] = has
	m.mu.Unlock()
	return has
}

func (m *Manager) closeForkLocked(key forkKey) {
	fs := m.forks[key]
	if fs == nil {
		return
	}
	for _, v := range fs.segs {
		m.discard(v)
	}
	delete(m.forks, key)
}

// OpenFiles is the number of descriptors the manager holds open.
func (m *Manager) OpenFiles() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nOpen
}

// syncTag fsyncs one segment for the checkpointer (mdsyncfiletag), through
// the open descriptor if there is one, else by opening the file.
func (m *Manager) syncTag(tag fileTag) (string, error) {
	prev := waitevent.Swap(m.waitOwner, waitevent.IODataFileSync)
	defer waitevent.Restore(m.waitOwner, prev)
	path := tag.Rel.Path(tag.Fork, int(tag.Segno))
	m.mu.Lock()
	if fs := m.forks[forkKey{tag.Rel, tag.Fork}]; fs != nil && int(tag.Segno) < len(fs.segs) {
		v := fs.segs[tag.Segno]
		fd, err := m.pin(v)
		m.mu.Unlock()
		if err != nil {
			return path, err
		}
		err = m.sys.fsync(fd)
		m.unpin(v)
		return path, err
	}
	m.mu.Unlock()
	fd, err := m.sys.open(m.abs(path), unix.O_RDWR, 0)
	if err != nil {
		return path, err
	}
	err = m.sys.fsync(fd)
	m.sys.close(fd)
	return path, err
}

// syncDir fsyncs a directory. File systems that cannot fsync directories
// (EINVAL) are ignored, as PostgreSQL's fsync_fname does.
func (m *Manager) syncDir(path string) error {
	fd, err := m.sys.open(m.abs(path), unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	err = m.sys.fsync(fd)
	m.sys.close(fd)
	if err == unix.EINVAL || err == unix.EBADF {
		err = nil
	}
	return err
}
