// Test doubles: an in-memory FileManager with counters and injectable
// errors, a file-backed one that works across processes, a WAL that
// records flushes, and a stand-in checksum.

package buffer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

type forkKey struct {
	rel  storage.RelFileLocator
	fork storage.ForkNumber
}

// event is one call seen by the fakes, in order.
type event struct {
	op    string // "read", "write", "extend", "flush"
	tag   BufferTag
	lsn   storage.LSN // page LSN written, or LSN flushed
	check uint16      // pd_checksum of the page written
}

// memFiles is an in-memory FileManager.
type memFiles struct {
	mu     sync.Mutex
	forks  map[forkKey][][]byte
	events []event
	wal    *fakeWAL // if set, writes check WAL-before-data against it

	reads, writes, extends atomic.Int64
	walViolations          atomic.Int64

	// Injected failures: return non-nil to fail the call.
	readErr  func(t BufferTag) error
	writeErr func(t BufferTag) error
	// readHook runs before a read completes (e.g. to slow it down).
	readHook func(t BufferTag)
}

func newMemFiles() *memFiles { return &memFiles{forks: map[forkKey][][]byte{}} }

func (m *memFiles) Read(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, dst []byte) error {
	t := NewTag(rel, fork, block)
	if m.readHook != nil {
		m.readHook(t)
	}
	m.reads.Add(1)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, event{op: "read", tag: t})
	if m.readErr != nil {
		if err := m.readErr(t); err != nil {
			return err
		}
	}
	pages := m.forks[forkKey{rel, fork}]
	if int(block) >= len(pages) {
		return fmt.Errorf("could not read block %d in file %q: read only 0 of 8192 bytes", block, rel.Path(fork, 0))
	}
	copy(dst, pages[block])
	return nil
}

func (m *memFiles) put(t BufferTag, src []byte, op string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	lsn := PageLSN(src)
	if m.wal != nil && lsn > m.wal.flushedLSN() {
		m.walViolations.Add(1)
	}
	m.events = append(m.events, event{op: op, tag: t, lsn: lsn, check: binary.LittleEndian.Uint16(src[8:])})
	if op == "write" && m.writeErr != nil {
		if err := m.writeErr(t); err != nil {
			return err
		}
	}
	k := forkKey{t.Rel, t.Fork}
	pages := m.forks[k]
	if op == "write" && int(t.Block) >= len(pages) {
		return fmt.Errorf("write beyond end of %s: block %d of %d", t.Rel.Path(t.Fork, 0), t.Block, len(pages))
	}
	for int(t.Block) >= len(pages) {
		pages = append(pages, make([]byte, storage.BlockSize))
	}
	copy(pages[t.Block], src)
	m.forks[k] = pages
	return nil
}

func (m *memFiles) Write(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, _ bool) error {
	m.writes.Add(1)
	return m.put(NewTag(rel, fork, block), src, "write")
}

func (m *memFiles) Extend(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, _ bool) error {
	m.extends.Add(1)
	return m.put(NewTag(rel, fork, block), src, "extend")
}

func (m *memFiles) NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return storage.BlockNumber(len(m.forks[forkKey{rel, fork}])), nil
}

// create makes a fork of n pages, page i filled by fill(i).
func (m *memFiles) create(rel storage.RelFileLocator, fork storage.ForkNumber, n int, fill func(blk int, page []byte)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pages := make([][]byte, n)
	for i := range pages {
		pages[i] = make([]byte, storage.BlockSize)
		if fill != nil {
			fill(i, pages[i])
		}
	}
	m.forks[forkKey{rel, fork}] = pages
}

// disk returns a copy of a page as stored.
func (m *memFiles) disk(rel storage.RelFileLocator, fork storage.ForkNumber, blk int) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.forks[forkKey{rel, fork}][blk]...)
}

func (m *memFiles) takeEvents() []event {
	m.mu.Lock()
	defer m.mu.Unlock()
	ev := m.events
	m.events = nil
	return ev
}

// fakeWAL records flushes; the flushed LSN can live in shared memory so
// several processes share it.
type fakeWAL struct {
	flushed *uint64
	mu      sync.Mutex
	calls   []storage.LSN
	files   *memFiles // if set, flushes are logged there too, in order with writes
	err     error
}

func newFakeWAL() *fakeWAL { return &fakeWAL{flushed: new(uint64)} }

func (w *fakeWAL) Flush(lsn storage.LSN) error {
	if w.err != nil {
		return w.err
	}
	for {
		cur := atomic.LoadUint64(w.flushed)
		if uint64(lsn) <= cur || atomic.CompareAndSwapUint64(w.flushed, cur, uint64(lsn)) {
			break
		}
	}
	w.mu.Lock()
	w.calls = append(w.calls, lsn)
	w.mu.Unlock()
	if w.files != nil {
		w.files.mu.Lock()
		w.files.events = append(w.files.events, event{op: "flush", lsn: lsn})
		w.files.mu.Unlock()
	}
	return nil
}

func (w *fakeWAL) flushedLSN() storage.LSN { return storage.LSN(atomic.LoadUint64(w.flushed)) }

// A stand-in for page.Set/page.Verify: FNV-1a over the page with the
// checksum field zeroed, mixed with the block number, never zero (as
// pg_checksum_page).
func testChecksum(page []byte, blk storage.BlockNumber) uint16 {
	h := fnv.New32a()
	h.Write(page[:8])
	h.Write([]byte{0, 0})
	h.Write(page[10:])
	return uint16((h.Sum32()^uint32(blk))%65535) + 1
}

func setChecksum(page []byte, blk storage.BlockNumber) {
	binary.LittleEndian.PutUint16(page[8:], testChecksum(page, blk))
}

func checksumOK(page []byte, blk storage.BlockNumber) bool {
	ok, _ := verifyChecksum(page, blk)
	return ok
}

func verifyChecksum(page []byte, blk storage.BlockNumber) (bool, *pgerr.Error) {
	if binary.LittleEndian.Uint16(page[8:]) == testChecksum(page, blk) {
		return true, nil
	}
	return false, pgerr.New(pgerr.DataCorrupted, "page verification failed").WithSeverity(pgerr.SeverityWarning)
}

// fileFiles is a FileManager over real files in a directory, usable by
// several processes at once (pread/pwrite of whole blocks). It checks
// WAL-before-data against a flushed LSN in shared memory.
type fileFiles struct {
	dir        string
	mu         sync.Mutex
	open       map[forkKey]*os.File
	flushed    *uint64 // shared: fake WAL's flushed LSN
	violations *uint32 // shared: writes of pages with LSN > flushed
}

func (f *fileFiles) file(rel storage.RelFileLocator, fork storage.ForkNumber) (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := forkKey{rel, fork}
	if fh := f.open[k]; fh != nil {
		return fh, nil
	}
	path := filepath.Join(f.dir, fmt.Sprintf("%d_%d_%d_%d", rel.Spc, rel.DB, rel.Rel, fork))
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if f.open == nil {
		f.open = map[forkKey]*os.File{}
	}
	f.open[k] = fh
	return fh, nil
}

func (f *fileFiles) Read(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, dst []byte) error {
	fh, err := f.file(rel, fork)
	if err != nil {
		return err
	}
	n, err := fh.ReadAt(dst, int64(block)*storage.BlockSize)
	if n != storage.BlockSize {
		return fmt.Errorf("could not read block %d: read only %d of 8192 bytes (%v)", block, n, err)
	}
	return nil
}

func (f *fileFiles) Write(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, _ bool) error {
	if f.flushed != nil && uint64(PageLSN(src)) > atomic.LoadUint64(f.flushed) {
		atomic.AddUint32(f.violations, 1)
	}
	fh, err := f.file(rel, fork)
	if err != nil {
		return err
	}
	_, err = fh.WriteAt(src, int64(block)*storage.BlockSize)
	return err
}

func (f *fileFiles) Extend(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, skip bool) error {
	return f.Write(rel, fork, block, src, skip)
}

func (f *fileFiles) NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error) {
	fh, err := f.file(rel, fork)
	if err != nil {
		return 0, err
	}
	st, err := fh.Stat()
	if err != nil {
		return 0, err
	}
	return storage.BlockNumber(st.Size() / storage.BlockSize), nil
}

// sharedWAL is a fake WAL whose state lives in shared memory.
type sharedWAL struct{ flushed *uint64 }

func (w sharedWAL) Flush(lsn storage.LSN) error {
	for {
		cur := atomic.LoadUint64(w.flushed)
		if uint64(lsn) <= cur || atomic.CompareAndSwapUint64(w.flushed, cur, uint64(lsn)) {
			return nil
		}
	}
}

// testEnv is a segment with a buffer pool and a set of owners.
type testEnv struct {
	seg    *shmem.Segment
	sh     *Shared
	owners []shmem.Owner
}

func newTestEnv(t testing.TB, nbuffers, nprocs int) *testEnv {
	t.Helper()
	seg, err := shmem.Create(int64(layout(nbuffers, nprocs).total) + 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	sh, err := createShared(seg, nbuffers, nprocs)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{seg: seg, sh: sh, owners: make([]shmem.Owner, nprocs)}
}

func (e *testEnv) pool(t testing.TB, idx int, cfg Config) *Pool {
	t.Helper()
	e.owners[idx].Pid = int32(1000 + idx)
	p, err := e.sh.NewPool(&e.owners[idx], idx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var errInjected = errors.New("injected I/O error")
