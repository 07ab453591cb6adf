// Single-process tests of the buffer manager against the in-memory fakes.

package buffer

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

var relA = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16384}
var relB = storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16385}

// stamp writes a recognisable pattern for (rel, block) into a page.
func stamp(page []byte, rel uint32, blk int) {
	binary.LittleEndian.PutUint32(page[100:], rel)
	binary.LittleEndian.PutUint32(page[104:], uint32(blk))
	binary.LittleEndian.PutUint32(page[8188:], uint32(blk)*7+1)
}

func checkStamp(t *testing.T, page []byte, rel uint32, blk int) {
	t.Helper()
	if binary.LittleEndian.Uint32(page[100:]) != rel || binary.LittleEndian.Uint32(page[104:]) != uint32(blk) ||
		binary.LittleEndian.Uint32(page[8188:]) != uint32(blk)*7+1 {
		t.Fatalf("page of block %d of %d holds rel %d block %d", blk, rel,
			binary.LittleEndian.Uint32(page[100:]), binary.LittleEndian.Uint32(page[104:]))
	}
}

func TestLayout(t *testing.T) {
	if s := unsafe.Sizeof(bufferDesc{}); s != 64 {
		t.Errorf("bufferDesc is %d bytes, want one cache line", s)
	}
	// PostgreSQL's 20 bytes plus the locator's backend id (always 0 in
	// shared buffers: temporary relations use local buffers).
	if s := unsafe.Sizeof(BufferTag{}); s != 24 {
		t.Errorf("BufferTag is %d bytes", s)
	}
	if s := unsafe.Sizeof(partLock{}); s != 64 {
		t.Errorf("partLock is %d bytes", s)
	}
	if unsafe.Offsetof(procPins{}.entries)%64 != 0 {
		t.Errorf("pin entries not cache-aligned")
	}
	// The state word layout is PostgreSQL's.
	if bmLocked != 1<<22 || bmPermanent != 1<<31 || usageMask != 0x003C0000 || refcountMask != 0x3FFFF {
		t.Error("state word bits differ from buf_internals.h")
	}
	e := newTestEnv(t, 16, 4)
	if uintptr(unsafe.Pointer(&e.sh.pages[0]))%osPageSize != 0 {
		t.Error("page array is not page-aligned")
	}
	if len(e.sh.buckets) != NumPartitions || e.sh.NBuffers() != 16 || e.sh.Procs() != 4 {
		t.Errorf("buckets %d nbuffers %d procs %d", len(e.sh.buckets), e.sh.NBuffers(), e.sh.Procs())
	}
	// Attaching through a second mapping sees the same pool.
	sh2 := AttachShared(e.seg)
	if sh2.NBuffers() != 16 || &sh2.descs[3] != &e.sh.descs[3] {
		t.Error("AttachShared disagrees")
	}
}

func TestShmemSizeFromSettings(t *testing.T) {
	s := config.New()
	if err := s.Set("shared_buffers", "1MB", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	if n := NBuffersFor(s); n != 128 {
		t.Fatalf("NBuffers for 1MB = %d", n)
	}
	size := ShmemSize(s)
	if size < 128*storage.BlockSize || size > 128*storage.BlockSize+1<<20 {
		t.Fatalf("ShmemSize %d", size)
	}
}

func TestHitAndMiss(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 4, func(b int, p []byte) { stamp(p, relA.Rel, b) })
	p := e.pool(t, 0, Config{Files: files})

	buf, err := p.ReadBuffer(relA, storage.MainFork, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkStamp(t, p.Page(buf), relA.Rel, 2)
	if p.BlockNumber(buf) != 2 || p.Tag(buf) != NewTag(relA, storage.MainFork, 2) {
		t.Fatalf("tag %v", p.Tag(buf))
	}
	info := p.Inspect(buf)
	if !info.Valid || !info.TagValid || info.PinCount != 1 || info.UsageCount != 1 || info.Dirty {
		t.Fatalf("after first read: %+v", info)
	}
	p.Release(buf)
	if p.Inspect(buf).PinCount != 0 {
		t.Fatal("pin not released")
	}
	buf2, err := p.ReadBuffer(relA, storage.MainFork, 2)
	if err != nil {
		t.Fatal(err)
	}
	if buf2 != buf || files.reads.Load() != 1 {
		t.Fatalf("second read: buffer %d (first %d), %d reads", buf2, buf, files.reads.Load())
	}
	if u := p.Inspect(buf).UsageCount; u != 2 {
		t.Fatalf("usage count %d after two pins", u)
	}
	// A second pin by the same process is counted privately.
	p.IncrPin(buf2)
	if info := p.Inspect(buf2); info.PinCount != 1 || info.UsageCount != 2 {
		t.Fatalf("IncrPin touched the shared state: %+v", info)
	}
	p.Release(buf2)
	p.Release(buf2)
	// Another process hits the same buffer.
	q := e.pool(t, 1, Config{Files: files})
	buf3, err := q.ReadBuffer(relA, storage.MainFork, 2)
	if err != nil || buf3 != buf || files.reads.Load() != 1 {
		t.Fatalf("other process: %v %d reads", err, files.reads.Load())
	}
	q.Release(buf3)
	// Reading past the end is the file manager's error.
	if _, err := p.ReadBuffer(relA, storage.MainFork, 9); err == nil || !strings.Contains(err.Error(), "read only 0") {
		t.Fatalf("read beyond EOF: %v", err)
	}
	if p.Close() != 0 || q.Close() != 0 {
		t.Fatal("pins leaked")
	}
}

// dirtyBlock modifies a block under the exclusive lock, gives it an LSN
// and marks it dirty, as a WAL-logged change would.
func dirtyBlock(t *testing.T, p *Pool, rel storage.RelFileLocator, blk int, lsn storage.LSN, val uint32) {
	t.Helper()
	buf, err := p.ReadBuffer(rel, storage.MainFork, storage.BlockNumber(blk))
	if err != nil {
		t.Fatal(err)
	}
	p.LockBuffer(buf, Exclusive)
	page := p.Page(buf)
	binary.LittleEndian.PutUint32(page[200:], val)
	p.MarkDirty(buf)
	SetPageLSN(page, lsn)
	p.UnlockRelease(buf)
}

func TestEvictionWritesWALFirst(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	wal := newFakeWAL()
	wal.files, files.wal = files, wal
	const nblocks = 50 // over three times the pool
	files.create(relA, storage.MainFork, nblocks, func(b int, p []byte) {
		stamp(p, relA.Rel, b)
		setChecksum(p, storage.BlockNumber(b))
	})
	p := e.pool(t, 0, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum})
	for b := 0; b < nblocks; b++ {
		dirtyBlock(t, p, relA, b, storage.LSN(0x1_0000_0000+uint64(b)*100), uint32(b)+1000)
	}
	// Every write was preceded by a flush covering the page LSN.
	var flushed storage.LSN
	writes := 0
	for _, ev := range files.takeEvents() {
		switch ev.op {
		case "flush":
			flushed = max(flushed, ev.lsn)
		case "write":
			writes++
			if ev.lsn == 0 || ev.lsn > flushed {
				t.Fatalf("block %d written with LSN %v, WAL flushed only to %v", ev.tag.Block, ev.lsn, flushed)
			}
		}
	}
	if writes < nblocks-16 || files.walViolations.Load() != 0 {
		t.Fatalf("%d writes for %d dirtied blocks in 16 buffers; %d violations", writes, nblocks, files.walViolations.Load())
	}
	// The WAL was asked for exactly the page LSNs.
	wal.mu.Lock()
	for _, l := range wal.calls {
		if (uint64(l)-0x1_0000_0000)%100 != 0 {
			t.Fatalf("Flush(%v) is no page's LSN", l)
		}
	}
	wal.mu.Unlock()
	if st := e.sh.Stats(); st.BuffersBackend != int64(writes) || st.BuffersAlloc < nblocks {
		t.Fatalf("stats %+v after %d writes", st, writes)
	}
	// Everything reads back intact, through more evictions, with checksums
	// verified on every read.
	for round := 0; round < 2; round++ {
		for b := 0; b < nblocks; b++ {
			buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
			if err != nil {
				t.Fatal(err)
			}
			page := p.Page(buf)
			checkStamp(t, page, relA.Rel, b)
			if v := binary.LittleEndian.Uint32(page[200:]); v != uint32(b)+1000 {
				t.Fatalf("block %d: value %d", b, v)
			}
			p.Release(buf)
		}
	}
	// The checksum is set on the copy written, never in shared memory.
	buf, err := p.ReadBuffer(relA, storage.MainFork, 7)
	if err != nil {
		t.Fatal(err)
	}
	p.LockBuffer(buf, Exclusive)
	page := p.Page(buf)
	binary.LittleEndian.PutUint16(page[8:], 0)
	binary.LittleEndian.PutUint32(page[200:], 4242)
	p.MarkDirty(buf)
	if err := p.FlushBuffer(buf); err != nil {
		t.Fatal(err)
	}
	if c := binary.LittleEndian.Uint16(page[8:]); c != 0 {
		t.Fatalf("checksum %d set in shared memory", c)
	}
	p.UnlockRelease(buf)
	disk := files.disk(relA, storage.MainFork, 7)
	if !checksumOK(disk, 7) || binary.LittleEndian.Uint32(disk[200:]) != 4242 {
		t.Fatal("page on disk lacks the change or a valid checksum")
	}
}

func TestChecksumFailure(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 4, func(b int, p []byte) {
		if b == 2 {
			return // all zeroes: a valid new page
		}
		stamp(p, relA.Rel, b)
		setChecksum(p, storage.BlockNumber(b))
	})
	var warnings []*pgerr.Error
	p := e.pool(t, 0, Config{Files: files, VerifyChecksum: verifyChecksum, Warn: func(w *pgerr.Error) { warnings = append(warnings, w) }})
	for _, b := range []storage.BlockNumber{0, 2} {
		buf, err := p.ReadBuffer(relA, storage.MainFork, b)
		if err != nil {
			t.Fatalf("block %d: %v", b, err)
		}
		p.Release(buf)
	}
	// Corrupt block 3 on disk.
	files.mu.Lock()
	files.forks[forkKey{relA, storage.MainFork}][3][5000] ^= 0x40
	files.mu.Unlock()
	for try := 0; try < 2; try++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, 3)
		if buf != InvalidBuffer || err == nil {
			t.Fatal("corrupt page accepted")
		}
		pe := pgerr.As(err)
		if pe.Code != pgerr.DataCorrupted || pe.Message != "invalid page in block 3 of relation base/5/16384" {
			t.Fatalf("error %s %q", pe.Code, pe.Message)
		}
	}
	if files.reads.Load() != 4 {
		t.Fatalf("%d reads: a failed page must be read again by the next reader", files.reads.Load())
	}
	if p.PinnedBuffers() != 0 {
		t.Fatal("failed read left a pin")
	}
	// ZeroOnError returns a zeroed page with a warning.
	buf, err := p.ReadBufferExtended(relA, storage.MainFork, 3, ZeroOnError)
	if err != nil {
		t.Fatal(err)
	}
	// Every read of the bad page reported the checksum mismatch (as
	// PostgreSQL's PageIsVerifiedExtended does), the last one also the
	// zeroing.
	if !isZeroPage(p.Page(buf)) || len(warnings) != 4 ||
		warnings[3].Message != "invalid page in block 3 of relation base/5/16384; zeroing out page" || warnings[3].Severity != pgerr.SeverityWarning {
		t.Fatalf("ZeroOnError: warnings %v", warnings)
	}
	for _, w := range warnings[:3] {
		if w.Message != "page verification failed" {
			t.Fatalf("checksum mismatch warnings: %v", warnings)
		}
	}
	p.Release(buf)
}

func TestReadErrorRetried(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 2, func(b int, p []byte) { stamp(p, relA.Rel, b) })
	fail := true
	files.readErr = func(BufferTag) error {
		if fail {
			return errInjected
		}
		return nil
	}
	p := e.pool(t, 0, Config{Files: files})
	if _, err := p.ReadBuffer(relA, storage.MainFork, 1); !errors.Is(err, errInjected) {
		t.Fatalf("got %v", err)
	}
	id := e.sh.lookupForTest(NewTag(relA, storage.MainFork, 1))
	if id < 0 {
		t.Fatal("failed buffer lost its tag")
	}
	if info := p.Inspect(Buffer(id + 1)); info.Valid || !info.IOError || info.PinCount != 0 {
		t.Fatalf("after failed read: %+v", info)
	}
	fail = false
	buf, err := p.ReadBuffer(relA, storage.MainFork, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkStamp(t, p.Page(buf), relA.Rel, 1)
	if info := p.Inspect(buf); !info.Valid || info.IOError {
		t.Fatalf("after retry: %+v", info)
	}
	p.Release(buf)
}

func (s *Shared) lookupForTest(tag BufferTag) int32 {
	var o shmem.Owner
	h := tag.hash()
	s.partition(h).RLock(&o)
	defer s.partition(h).RUnlock(&o)
	return s.lookup(&tag, h)
}

func TestWriteErrorKeepsDirty(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 40, nil)
	var failing atomic.Bool
	files.writeErr = func(BufferTag) error {
		if failing.Load() {
			return errInjected
		}
		return nil
	}
	var warnings []*pgerr.Error
	p := e.pool(t, 0, Config{Files: files, Warn: func(w *pgerr.Error) { warnings = append(warnings, w) }})
	for b := 0; b < 16; b++ {
		dirtyBlock(t, p, relA, b, 0, uint32(b)+1)
	}
	failing.Store(true)
	// The pool is full of dirty pages: the next read must write one, and
	// fails. Each failure leaves the victim dirty and marked BM_IO_ERROR;
	// once the hand comes round to a buffer that failed before, the
	// failure is reported as repeated.
	for i := 0; i < 17; i++ {
		if _, err := p.ReadBuffer(relA, storage.MainFork, 20); !errors.Is(err, errInjected) {
			t.Fatalf("attempt %d: got %v", i, err)
		}
		if (len(warnings) != 0) != (i == 16) {
			t.Fatalf("attempt %d: warnings %v", i, warnings)
		}
	}
	if warnings[0].Detail != "Multiple failures --- write error might be permanent." ||
		warnings[0].Message != "could not write block 0 of base/5/16384" {
		t.Fatalf("warning %+v", warnings[0])
	}
	if info := p.Inspect(1); !info.IOError || !info.Dirty || !info.Valid {
		t.Fatalf("after failed writes: %+v", info)
	}
	dirty := 0
	for b := 1; b <= 16; b++ {
		if p.Inspect(Buffer(b)).Dirty {
			dirty++
		}
	}
	if dirty != 16 || p.PinnedBuffers() != 0 {
		t.Fatalf("%d dirty buffers after failed writes (want 16), %d pins", dirty, p.PinnedBuffers())
	}
	failing.Store(false)
	for b := 16; b < 40; b++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
		if err != nil {
			t.Fatal(err)
		}
		p.Release(buf)
	}
	for b := 0; b < 16; b++ {
		if v := binary.LittleEndian.Uint32(files.disk(relA, storage.MainFork, b)[200:]); v != uint32(b)+1 {
			t.Fatalf("block %d on disk: %d", b, v)
		}
	}
}

func TestWALFlushErrorBlocksWrite(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 17, nil)
	wal := newFakeWAL()
	p := e.pool(t, 0, Config{Files: files, WAL: wal})
	for b := 0; b < 16; b++ {
		dirtyBlock(t, p, relA, b, storage.LSN(100+b), 1)
	}
	wal.err = errInjected
	if _, err := p.ReadBuffer(relA, storage.MainFork, 16); !errors.Is(err, errInjected) {
		t.Fatalf("got %v", err)
	}
	if files.writes.Load() != 0 {
		t.Fatal("a page was written although its WAL could not be flushed")
	}
}

func TestAllPinned(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 17, nil)
	p := e.pool(t, 0, Config{Files: files})
	for b := 0; b < 16; b++ {
		if _, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b)); err != nil {
			t.Fatal(err)
		}
	}
	_, err := p.ReadBuffer(relA, storage.MainFork, 16)
	if err == nil || err.Error() != "no unpinned buffers available" {
		t.Fatalf("got %v", err)
	}
	if n := p.ReleaseAll(); n != 16 {
		t.Fatalf("ReleaseAll released %d", n)
	}
}

func TestPinLimit(t *testing.T) {
	e := newTestEnv(t, MaxPinnedBuffers+8, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, MaxPinnedBuffers+1, nil)
	p := e.pool(t, 0, Config{Files: files})
	for b := 0; b < MaxPinnedBuffers; b++ {
		if _, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.ReadBuffer(relA, storage.MainFork, MaxPinnedBuffers); pgerr.CodeOf(err) != pgerr.InsufficientResources {
		t.Fatalf("got %v", err)
	}
	// Pinning an already pinned buffer still works.
	buf, err := p.ReadBuffer(relA, storage.MainFork, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Release(buf)
	p.ReleaseAll()
}

func TestExtend(t *testing.T) {
	e := newTestEnv(t, 16, 4)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 3, nil)
	p := e.pool(t, 0, Config{Files: files})
	q := e.pool(t, 1, Config{Files: files})
	buf, blk, err := p.ExtendRelation(relA, storage.MainFork)
	if err != nil || blk != 3 {
		t.Fatalf("extend: %v block %d", err, blk)
	}
	if !isZeroPage(p.Page(buf)) || files.extends.Load() != 1 || files.reads.Load() != 0 {
		t.Fatal("new page not a zero page written by Extend")
	}
	// Locked exclusively: another process cannot lock it.
	qb, err := q.ReadBuffer(relA, storage.MainFork, 3)
	if err != nil {
		t.Fatal(err)
	}
	if qb != buf || q.ConditionalLockBuffer(qb) {
		t.Fatal("extended page not locked")
	}
	stamp(p.Page(buf), relA.Rel, 3)
	p.MarkDirty(buf)
	p.UnlockRelease(buf)
	q.LockBuffer(qb, Share)
	checkStamp(t, q.Page(qb), relA.Rel, 3)
	q.UnlockRelease(qb)

	// P_NEW through ReadBufferExtended, unlocked in Normal mode.
	buf, err = p.ReadBufferExtended(relA, storage.MainFork, storage.InvalidBlock, Normal)
	if err != nil || p.BlockNumber(buf) != 4 || p.lockMode(buf) != Unlock {
		t.Fatalf("P_NEW: %v", err)
	}
	p.Release(buf)

	// Concurrent extenders get distinct, consecutive blocks.
	var mu sync.Mutex
	var got []storage.BlockNumber
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var pool *Pool
			switch i {
			case 0:
				pool = p
			case 1:
				pool = q
			default:
				pool = e.pool(t, i, Config{Files: files})
			}
			for j := 0; j < 25; j++ {
				buf, blk, err := pool.ExtendRelation(relA, storage.MainFork)
				if err != nil {
					t.Error(err)
					return
				}
				binary.LittleEndian.PutUint32(pool.Page(buf)[300:], uint32(blk))
				pool.MarkDirty(buf)
				pool.UnlockRelease(buf)
				mu.Lock()
				got = append(got, blk)
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	slices.Sort(got)
	for i, b := range got {
		if b != storage.BlockNumber(5+i) {
			t.Fatalf("extension %d got block %d", i, b)
		}
	}
	if n, _ := files.NBlocks(relA, storage.MainFork); n != 105 {
		t.Fatalf("relation has %d blocks", n)
	}
	for b := 5; b < 105; b++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
		if err != nil {
			t.Fatal(err)
		}
		if v := binary.LittleEndian.Uint32(p.Page(buf)[300:]); v != uint32(b) {
			t.Fatalf("block %d holds %d", b, v)
		}
		p.Release(buf)
	}
}

func TestExtendReusesLeftoverBuffer(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 2, nil)
	p := e.pool(t, 0, Config{Files: files})
	// A buffer for block 2 beyond EOF, left by ZeroAndLock (redo of a
	// page not yet on disk) — valid and zero.
	buf, err := p.ReadBufferExtended(relA, storage.MainFork, 2, ZeroAndLock)
	if err != nil {
		t.Fatal(err)
	}
	if files.reads.Load() != 0 || p.lockMode(buf) != Exclusive {
		t.Fatal("ZeroAndLock read the page or did not lock it")
	}
	p.UnlockRelease(buf)
	buf2, blk, err := p.ExtendRelation(relA, storage.MainFork)
	if err != nil || blk != 2 || buf2 != buf {
		t.Fatalf("extend over leftover: %v block %d buffer %d/%d", err, blk, buf2, buf)
	}
	stamp(p.Page(buf2), 1, 2)
	p.MarkDirty(buf2)
	p.UnlockRelease(buf2)
	// Data beyond EOF is refused.
	files.mu.Lock()
	files.forks[forkKey{relA, storage.MainFork}] = files.forks[forkKey{relA, storage.MainFork}][:2]
	files.mu.Unlock()
	_, _, err = p.ExtendRelation(relA, storage.MainFork)
	if pe := pgerr.As(err); pe == nil || pe.Message != "unexpected data beyond EOF in block 2 of relation base/5/16384" {
		t.Fatalf("got %v", err)
	}
}

func TestDropRelationBuffers(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 6, func(b int, p []byte) { stamp(p, relA.Rel, b) })
	files.create(relB, storage.MainFork, 2, func(b int, p []byte) { stamp(p, relB.Rel, b) })
	p := e.pool(t, 0, Config{Files: files})
	for b := 0; b < 6; b++ {
		dirtyBlock(t, p, relA, b, 0, 99)
	}
	dirtyBlock(t, p, relB, 0, 0, 98)
	if err := p.DropRelationBuffers(relA, storage.MainFork, 3); err != nil {
		t.Fatal(err)
	}
	if files.writes.Load() != 0 {
		t.Fatal("dropped buffers were written")
	}
	for b := 0; b < 6; b++ {
		id := e.sh.lookupForTest(NewTag(relA, storage.MainFork, storage.BlockNumber(b)))
		if (id >= 0) != (b < 3) {
			t.Fatalf("block %d mapped=%v after drop from 3", b, id >= 0)
		}
	}
	// Block 4 now reads its old content from disk.
	buf, err := p.ReadBuffer(relA, storage.MainFork, 4)
	if err != nil {
		t.Fatal(err)
	}
	if binary.LittleEndian.Uint32(p.Page(buf)[200:]) != 0 {
		t.Fatal("dropped change survived")
	}
	// Dropping a buffer we pin is an error.
	if err := p.DropRelationBuffers(relA, storage.MainFork, 0); err == nil || !strings.Contains(err.Error(), "pinned") {
		t.Fatalf("got %v", err)
	}
	p.Release(buf)
	if err := p.DropDatabaseBuffers(5); err != nil {
		t.Fatal(err)
	}
	for id := range e.sh.descs {
		if info := p.Inspect(Buffer(id + 1)); info.TagValid || info.Valid || info.Dirty {
			t.Fatalf("buffer %d survived DropDatabaseBuffers: %+v", id+1, info)
		}
	}
	// A dropped pool still works.
	buf, err = p.ReadBuffer(relB, storage.MainFork, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkStamp(t, p.Page(buf), relB.Rel, 1)
	p.Release(buf)
}

func TestDropWaitsForOtherPins(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, nil)
	p := e.pool(t, 0, Config{Files: files})
	q := e.pool(t, 1, Config{Files: files})
	buf, err := q.ReadBuffer(relA, storage.MainFork, 0)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- p.DropRelationBuffers(relA, storage.MainFork, 0) }()
	select {
	case <-done:
		t.Fatal("drop did not wait for another process's pin")
	case <-time.After(50 * time.Millisecond):
	}
	q.Release(buf)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if e.sh.lookupForTest(NewTag(relA, storage.MainFork, 0)) >= 0 {
		t.Fatal("buffer still mapped")
	}
}

func TestFlushRelationBuffers(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 3, nil)
	files.create(relA, storage.FSMFork, 1, nil)
	files.create(relB, storage.MainFork, 3, nil)
	wal := newFakeWAL()
	p := e.pool(t, 0, Config{Files: files, WAL: wal})
	for b := 0; b < 3; b++ {
		dirtyBlock(t, p, relA, b, storage.LSN(10+b), 7)
		dirtyBlock(t, p, relB, b, storage.LSN(20+b), 8)
	}
	buf, err := p.ReadBuffer(relA, storage.FSMFork, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.LockBuffer(buf, Exclusive)
	p.MarkDirty(buf)
	p.UnlockRelease(buf)
	if err := p.FlushRelationBuffers(relA); err != nil {
		t.Fatal(err)
	}
	var written []BufferTag
	for _, ev := range files.takeEvents() {
		if ev.op == "write" {
			written = append(written, ev.tag)
		}
	}
	if len(written) != 4 {
		t.Fatalf("wrote %v", written)
	}
	for _, tag := range written {
		if tag.Rel != relA {
			t.Fatalf("wrote %v", tag)
		}
	}
	if wal.flushedLSN() != 12 {
		t.Fatalf("WAL flushed to %v", wal.flushedLSN())
	}
	if st := e.sh.Stats(); st.BuffersBackend != 4 {
		t.Fatalf("buffers_backend %d", st.BuffersBackend)
	}
}

func TestBufferSync(t *testing.T) {
	e := newTestEnv(t, 32, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 10, nil)
	files.create(relB, storage.MainFork, 10, nil)
	wal := newFakeWAL()
	p := e.pool(t, 0, Config{Files: files, WAL: wal})
	// Dirty in a scrambled order across two relations.
	for _, b := range []int{7, 2, 9, 0, 5} {
		dirtyBlock(t, p, relB, b, storage.LSN(500+b), 1)
		dirtyBlock(t, p, relA, b, storage.LSN(400+b), 1)
	}
	files.takeEvents()
	ckpt := e.pool(t, 1, Config{Files: files, WAL: wal})
	var progress []float64
	n, err := ckpt.BufferSync(0, func(f float64) { progress = append(progress, f) })
	if err != nil || n != 10 {
		t.Fatalf("BufferSync wrote %d: %v", n, err)
	}
	if len(progress) != 10 || progress[9] != 1 || !slices.IsSorted(progress) {
		t.Fatalf("pace calls %v", progress)
	}
	var order []BufferTag
	for _, ev := range files.takeEvents() {
		if ev.op == "write" {
			order = append(order, ev.tag)
		}
	}
	if !slices.IsSortedFunc(order, func(a, b BufferTag) int {
		if a.Rel.Rel != b.Rel.Rel {
			return int(a.Rel.Rel) - int(b.Rel.Rel)
		}
		return int(a.Block) - int(b.Block)
	}) || len(order) != 10 {
		t.Fatalf("checkpoint write order %v", order)
	}
	if wal.flushedLSN() < 509 {
		t.Fatalf("WAL flushed to %v", wal.flushedLSN())
	}
	for id := range e.sh.descs {
		if info := p.Inspect(Buffer(id + 1)); info.Dirty {
			t.Fatalf("buffer %d dirty after checkpoint", id+1)
		}
	}
	if st := e.sh.Stats(); st.BuffersCheckpoint != 10 {
		t.Fatalf("buffers_checkpoint %d", st.BuffersCheckpoint)
	}
	// Nothing dirty: nothing written, no pacing.
	progress = nil
	if n, err := ckpt.BufferSync(CheckpointIsShutdown, func(f float64) { progress = append(progress, f) }); n != 0 || err != nil || progress != nil {
		t.Fatalf("second checkpoint: %d %v %v", n, err, progress)
	}
}

func TestCheckpointSkipsBuffersWrittenMeanwhile(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 4, nil)
	p := e.pool(t, 0, Config{Files: files})
	for b := 0; b < 4; b++ {
		dirtyBlock(t, p, relA, b, 0, 1)
	}
	ckpt := e.pool(t, 1, Config{Files: files})
	calls := 0
	n, err := ckpt.BufferSync(0, func(float64) {
		calls++
		if calls == 1 {
			// A backend writes block 3 while the checkpoint runs.
			if err := p.FlushRelationBuffers(relA); err != nil {
				t.Error(err)
			}
		}
	})
	if err != nil || n != 1 || calls != 4 {
		t.Fatalf("checkpoint wrote %d with %d pace calls: %v", n, calls, err)
	}
}

func TestBgBufferSync(t *testing.T) {
	e := newTestEnv(t, 64, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 200, nil)
	settings := config.New()
	p := e.pool(t, 0, Config{Files: files})
	bgw := e.pool(t, 1, Config{Files: files, Settings: settings})
	if hib, err := bgw.BgBufferSync(); err != nil || hib {
		t.Fatalf("first round: hibernate=%v %v", hib, err)
	}
	// Dirty pages, then let the clock sweep pass over them so their
	// usage counts drop to zero: they are what the bgwriter cleans.
	for b := 0; b < 64; b++ {
		dirtyBlock(t, p, relA, b, 0, 1)
	}
	for b := 64; b < 80; b++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
		if err != nil {
			t.Fatal(err)
		}
		p.Release(buf)
	}
	backendWrites := files.writes.Load()
	if _, err := bgw.BgBufferSync(); err != nil {
		t.Fatal(err)
	}
	st := e.sh.Stats()
	if st.BuffersClean == 0 || files.writes.Load()-backendWrites != st.BuffersClean {
		t.Fatalf("bgwriter cleaned %d, files saw %d writes", st.BuffersClean, files.writes.Load()-backendWrites)
	}
	// With bgwriter_lru_maxpages = 1 a round writes one page and counts
	// that it stopped early.
	if err := settings.Set("bgwriter_lru_maxpages", "1", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	for b := 80; b < 200; b++ {
		dirtyBlock(t, p, relA, b, 0, 2)
	}
	before := e.sh.Stats()
	if _, err := bgw.BgBufferSync(); err != nil {
		t.Fatal(err)
	}
	after := e.sh.Stats()
	if after.BuffersClean-before.BuffersClean != 1 || after.MaxWrittenClean-before.MaxWrittenClean != 1 {
		t.Fatalf("maxpages 1: clean %d→%d maxwritten %d→%d", before.BuffersClean, after.BuffersClean, before.MaxWrittenClean, after.MaxWrittenClean)
	}
	// Idle: eventually the bgwriter laps the hand and may hibernate. The
	// minimum progress per round is NBuffers / (120 s / bgwriter_delay);
	// with 64 buffers that needs a long delay to be non-zero.
	if err := settings.Set("bgwriter_delay", "10s", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	hib := false
	for i := 0; i < 200 && !hib; i++ {
		var err error
		if hib, err = bgw.BgBufferSync(); err != nil {
			t.Fatal(err)
		}
	}
	if !hib {
		t.Fatal("idle bgwriter never allowed to hibernate")
	}
	// Hibernation ends at the next allocation.
	woke := make(chan bool)
	go func() { woke <- e.sh.WaitForAllocation(5 * time.Second) }()
	time.Sleep(20 * time.Millisecond)
	buf, err := p.ReadBuffer(relA, storage.MainFork, 0) // long evicted: a miss
	if err != nil {
		t.Fatal(err)
	}
	p.Release(buf)
	start := time.Now()
	if !<-woke || time.Since(start) > time.Second {
		t.Fatal("allocation did not wake the bgwriter")
	}
	if e.sh.WaitForAllocation(10*time.Millisecond) != true {
		t.Fatal("pending allocation not reported") // numAllocs not yet consumed by a round
	}
	if _, err := bgw.BgBufferSync(); err != nil {
		t.Fatal(err)
	}
	if e.sh.WaitForAllocation(10 * time.Millisecond) {
		t.Fatal("woken without an allocation")
	}
	e.sh.ResetStats()
	if st := e.sh.Stats(); st.BuffersClean != 0 || st.BuffersAlloc != 0 || time.Since(st.StatsReset) > time.Minute {
		t.Fatalf("after reset %+v", st)
	}
}

func TestConcurrentReadersReadOnce(t *testing.T) {
	e := newTestEnv(t, 16, 4)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, func(b int, p []byte) { stamp(p, relA.Rel, b) })
	files.readHook = func(BufferTag) { time.Sleep(30 * time.Millisecond) }
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		p := e.pool(t, i, Config{Files: files})
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf, err := p.ReadBuffer(relA, storage.MainFork, 0)
			if err != nil {
				t.Error(err)
				return
			}
			p.LockBuffer(buf, Share)
			checkStamp(t, p.Page(buf), relA.Rel, 0)
			p.UnlockRelease(buf)
		}()
	}
	wg.Wait()
	if n := files.reads.Load(); n != 1 {
		t.Fatalf("%d reads of one block by four concurrent readers", n)
	}
}

func TestCleanupLock(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, nil)
	p := e.pool(t, 0, Config{Files: files})
	q := e.pool(t, 1, Config{Files: files})
	pb, _ := p.ReadBuffer(relA, storage.MainFork, 0)
	qb, _ := q.ReadBuffer(relA, storage.MainFork, 0)
	if q.ConditionalLockBufferForCleanup(qb) {
		t.Fatal("cleanup lock granted while another process pins the buffer")
	}
	got := make(chan error)
	go func() { got <- q.LockBufferForCleanup(qb) }()
	select {
	case <-got:
		t.Fatal("LockBufferForCleanup did not wait")
	case <-time.After(50 * time.Millisecond):
	}
	// The waiter shows BufferPin in its slot (pg_stat_activity).
	if ev := waitevent.Current(q.owner); ev != waitevent.BufferPin {
		t.Fatalf("waiting for the cleanup lock shows %q/%q", ev.TypeName(), ev.Name())
	}
	p.Release(pb)
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(waitSlice / 2):
		// Sleepers re-check every waitSlice anyway: only a real wake-up
		// is this fast.
		t.Fatal("LockBufferForCleanup not woken by the last other unpin")
	}
	if q.lockMode(qb) != Exclusive {
		t.Fatal("no exclusive lock")
	}
	if ev := waitevent.Current(q.owner); ev != 0 {
		t.Fatalf("after the wait the slot still shows %q/%q", ev.TypeName(), ev.Name())
	}
	q.UnlockRelease(qb)
	qb, _ = q.ReadBuffer(relA, storage.MainFork, 0)
	if !q.ConditionalLockBufferForCleanup(qb) {
		t.Fatal("cleanup lock refused to the only pinner")
	}
	q.UnlockRelease(qb)
}

func TestReleaseAllPinsOfDeadProcess(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 5, nil)
	p := e.pool(t, 0, Config{Files: files})
	for b := 0; b < 5; b++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
		if err != nil {
			t.Fatal(err)
		}
		if b%2 == 0 {
			p.IncrPin(buf)
		}
	}
	other := e.pool(t, 1, Config{Files: files})
	ob, _ := other.ReadBuffer(relA, storage.MainFork, 0)
	// Process 0 "dies" holding no lock: the postmaster cleans up.
	if e.owners[0].InCriticalState() {
		t.Fatal("a process holding only pins is in a critical state")
	}
	if n := e.sh.ReleaseAllPins(0); n != 5 {
		t.Fatalf("released %d pins", n)
	}
	for b := 1; b <= 5; b++ {
		want := 0
		if Buffer(b) == ob {
			want = 1
		}
		if info := other.Inspect(Buffer(b)); info.PinCount != want {
			t.Fatalf("buffer %d pin count %d", b, info.PinCount)
		}
	}
	other.Release(ob)
	// The slot can be reused.
	if _, err := e.sh.NewPool(&e.owners[0], 0, Config{Files: files}); err != nil {
		t.Fatal(err)
	}
	// A slot with leftover pins cannot.
	other.ReadBuffer(relA, storage.MainFork, 1)
	if _, err := e.sh.NewPool(&e.owners[1], 1, Config{Files: files}); err == nil {
		t.Fatal("slot with pins reused")
	}
}

func TestReleaseAllPinsFailsDeadIO(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, func(b int, p []byte) { stamp(p, relA.Rel, b) })
	p := e.pool(t, 0, Config{Files: files})
	// Process 0 dies in the middle of reading block 0 in.
	tag := NewTag(relA, storage.MainFork, 0)
	id, found, err := p.bufferAlloc(&tag, nil)
	if err != nil || found {
		t.Fatal("expected to own the read")
	}
	q := e.pool(t, 1, Config{Files: files})
	done := make(chan Buffer)
	go func() {
		b, err := q.ReadBuffer(relA, storage.MainFork, 0)
		if err != nil {
			t.Error(err)
		}
		done <- b
	}()
	time.Sleep(20 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("reader did not wait for the I/O in progress")
	default:
	}
	e.sh.ReleaseAllPins(0)
	b := <-done
	if b != Buffer(id+1) || files.reads.Load() != 1 {
		t.Fatalf("waiter got buffer %d after %d reads", b, files.reads.Load())
	}
	checkStamp(t, q.Page(b), relA.Rel, 0)
	q.Release(b)
}

func TestConcurrentGoroutines(t *testing.T) {
	const workers, iters, nblocks = 4, 3000, 48
	e := newTestEnv(t, 16, workers+1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, nblocks, nil)
	wal := newFakeWAL()
	files.wal = wal
	var lsn atomic.Uint64
	counts := make([][nblocks]int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		p := e.pool(t, w, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum})
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			seed := uint32(w*7919 + 1)
			for i := 0; i < iters; i++ {
				seed = seed*1664525 + 1013904223
				blk := int(seed>>8) % nblocks
				buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
				if err != nil {
					t.Error(err)
					return
				}
				if seed&3 == 0 {
					p.LockBuffer(buf, Share)
					_ = binary.LittleEndian.Uint64(p.Page(buf)[64:])
					p.UnlockRelease(buf)
					continue
				}
				p.LockBuffer(buf, Exclusive)
				page := p.Page(buf)
				off := 64 + 8*w
				binary.LittleEndian.PutUint64(page[off:], binary.LittleEndian.Uint64(page[off:])+1)
				p.MarkDirty(buf)
				SetPageLSN(page, storage.LSN(lsn.Add(1)))
				p.UnlockRelease(buf)
				counts[w][blk]++
			}
			if n := p.Close(); n != 0 {
				t.Errorf("worker %d leaked %d pins", w, n)
			}
		}(w)
	}
	wg.Wait()
	if files.walViolations.Load() != 0 {
		t.Fatalf("%d pages written ahead of their WAL", files.walViolations.Load())
	}
	// Every process must agree on checksums: the checker's evictions
	// write pages too.
	p := e.pool(t, workers, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum})
	check := func(page []byte, blk int) {
		for w := 0; w < workers; w++ {
			if got := binary.LittleEndian.Uint64(page[64+8*w:]); got != uint64(counts[w][blk]) {
				t.Fatalf("block %d worker %d: %d increments, want %d", blk, w, got, counts[w][blk])
			}
		}
	}
	for blk := 0; blk < nblocks; blk++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		check(p.Page(buf), blk)
		p.Release(buf)
	}
	if _, err := p.BufferSync(CheckpointFlushAll, nil); err != nil {
		t.Fatal(err)
	}
	for blk := 0; blk < nblocks; blk++ {
		check(files.disk(relA, storage.MainFork, blk), blk)
	}
	for id := range e.sh.descs {
		if info := p.Inspect(Buffer(id + 1)); info.PinCount != 0 || info.Dirty {
			t.Fatalf("buffer %d after the run: %+v", id+1, info)
		}
	}
	for i := range e.owners {
		if e.owners[i].InCriticalState() {
			t.Fatalf("owner %d still counts locks or critical sections: %+v", i, e.owners[i])
		}
	}
}

func BenchmarkReadBufferHit(b *testing.B) {
	e := newTestEnv(b, 64, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 32, nil)
	p := e.pool(b, 0, Config{Files: files})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(i&31))
		if err != nil {
			b.Fatal(err)
		}
		p.LockBuffer(buf, Share)
		p.UnlockRelease(buf)
	}
}

func BenchmarkReadBufferMiss(b *testing.B) {
	e := newTestEnv(b, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 64, nil)
	p := e.pool(b, 0, Config{Files: files})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(i&63))
		if err != nil {
			b.Fatal(err)
		}
		p.Release(buf)
	}
}

func TestHashSpreadsBlocks(t *testing.T) {
	var counts [NumPartitions]int
	for b := 0; b < 128*100; b++ {
		tag := NewTag(relA, storage.MainFork, storage.BlockNumber(b))
		counts[partitionOf(tag.hash())]++
	}
	for p, n := range counts {
		if n < 50 || n > 150 {
			t.Fatalf("partition %d got %d of 12800 consecutive blocks", p, n)
		}
	}
	a, b := NewTag(relA, storage.MainFork, 1), NewTag(relA, storage.FSMFork, 1)
	if a.hash() == b.hash() {
		t.Fatal("fork not hashed")
	}
}

// TestCheckpointLeavesUnloggedBuffers: pages of a relation Config.Unlogged
// names (other than its init fork's) are not permanent: a regular
// checkpoint leaves them dirty and their writes flush no WAL; the
// shutdown checkpoint writes them.
func TestCheckpointLeavesUnloggedBuffers(t *testing.T) {
	e := newTestEnv(t, 32, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 4, nil)
	files.create(relB, storage.MainFork, 4, nil)
	files.create(relB, storage.InitFork, 1, nil)
	wal := newFakeWAL()
	unlogged := func(rel storage.RelFileLocator) bool { return rel == relB }
	p := e.pool(t, 0, Config{Files: files, WAL: wal, Unlogged: unlogged})
	for b := 0; b < 4; b++ {
		dirtyBlock(t, p, relA, b, storage.LSN(100+b), 1)
		dirtyBlock(t, p, relB, b, storage.LSN(900+b), 1)
	}
	buf, err := p.ReadBuffer(relB, storage.InitFork, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.LockBuffer(buf, Exclusive)
	p.MarkDirty(buf)
	SetPageLSN(p.Page(buf), 200)
	p.UnlockRelease(buf)
	files.takeEvents()
	ckpt := e.pool(t, 1, Config{Files: files, WAL: wal, Unlogged: unlogged})
	n, err := ckpt.BufferSync(0, func(float64) {})
	if err != nil || n != 5 {
		t.Fatalf("checkpoint wrote %d buffers (want relA's 4 and relB's init fork page): %v", n, err)
	}
	for _, ev := range files.takeEvents() {
		if ev.op == "write" && ev.tag.Rel == relB && ev.tag.Fork != storage.InitFork {
			t.Fatalf("checkpoint wrote unlogged page %v", ev.tag)
		}
	}
	if got := wal.flushedLSN(); got >= 900 {
		t.Fatalf("WAL flushed to %v for unlogged pages", got)
	}
	n, err = ckpt.BufferSync(CheckpointIsShutdown, func(float64) {})
	if err != nil || n != 4 {
		t.Fatalf("shutdown checkpoint wrote %d buffers, want relB's 4: %v", n, err)
	}
	if got := wal.flushedLSN(); got >= 900 {
		t.Fatalf("WAL flushed to %v for unlogged pages", got)
	}
}
