package buffer

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// readShared pins block blk of relA and takes its content lock in share
// mode, as a scan that sets hint bits does.
func readShared(t *testing.T, p *Pool, blk storage.BlockNumber) Buffer {
	t.Helper()
	buf, err := p.ReadBuffer(relA, storage.MainFork, blk)
	if err != nil {
		t.Fatal(err)
	}
	p.LockBuffer(buf, Share)
	return buf
}

func TestMarkDirtyHintWithoutChecksums(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, func(b int, pg []byte) { stamp(pg, relA.Rel, b) })
	p := e.pool(t, 0, Config{Files: files, WAL: newFakeWAL()})
	buf := readShared(t, p, 0)
	p.MarkDirtyHint(buf)
	if !p.Inspect(buf).Dirty {
		t.Fatal("without checksums a hint-bit change must dirty the page, so that it is kept")
	}
	p.UnlockRelease(buf)
}

func TestMarkDirtyHintLogsImageWithChecksums(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 3, func(b int, pg []byte) {
		stamp(pg, relA.Rel, b)
		SetPageLSN(pg, storage.LSN(100*b))
		setChecksum(pg, storage.BlockNumber(b))
	})
	wal := newFakeWAL()
	type call struct {
		tag   BufferTag
		image []byte
	}
	var calls []call
	redo := storage.LSN(150)
	recovering := false
	logHint := func(tag BufferTag, page []byte) (storage.LSN, bool, error) {
		if recovering {
			return 0, false, nil
		}
		if PageLSN(page) > redo {
			return 0, true, nil
		}
		calls = append(calls, call{tag, append([]byte(nil), page...)})
		return 900 + storage.LSN(tag.Block), true, nil
	}
	p := e.pool(t, 0, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum, LogHint: logHint})

	// Block 0 (LSN 0) and 1 (LSN 100) were last logged before the redo
	// point: each gets an image, and its LSN becomes the record's end.
	for _, blk := range []storage.BlockNumber{0, 1} {
		buf := readShared(t, p, blk)
		p.MarkDirtyHint(buf)
		if !p.Inspect(buf).Dirty {
			t.Fatalf("block %d: not dirty after a logged hint", blk)
		}
		if got, want := PageLSN(p.Page(buf)), 900+storage.LSN(blk); got != want {
			t.Fatalf("block %d: page LSN %v, want the image's record end %v", blk, got, want)
		}
		// Already dirty: no second image.
		p.MarkDirtyHint(buf)
		p.UnlockRelease(buf)
	}
	if len(calls) != 2 || calls[0].tag.Block != 0 || calls[1].tag.Block != 1 {
		t.Fatalf("images logged: %v", calls)
	}
	checkStamp(t, calls[1].image, relA.Rel, 1)
	// Block 2 (LSN 200) was logged after the redo point: no image.
	buf := readShared(t, p, 2)
	p.MarkDirtyHint(buf)
	if !p.Inspect(buf).Dirty || PageLSN(p.Page(buf)) != 200 || len(calls) != 2 {
		t.Fatalf("block 2: dirty %v, LSN %v, %d images", p.Inspect(buf).Dirty, PageLSN(p.Page(buf)), len(calls))
	}
	p.UnlockRelease(buf)

	// Writing flushes the WAL up to the image and writes a page that
	// verifies.
	if _, err := p.BufferSync(CheckpointIsShutdown, nil); err != nil {
		t.Fatal(err)
	}
	if wal.flushedLSN() < 901 {
		t.Fatalf("WAL flushed to %v before the pages were written", wal.flushedLSN())
	}
	for blk := 0; blk < 3; blk++ {
		if !checksumOK(files.disk(relA, storage.MainFork, blk), storage.BlockNumber(blk)) {
			t.Fatalf("block %d written with a wrong checksum", blk)
		}
	}

	// During recovery nothing may be logged: the page stays clean.
	e2 := newTestEnv(t, 16, 1)
	p2 := e2.pool(t, 0, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum, LogHint: logHint})
	recovering = true
	buf = readShared(t, p2, 0)
	p2.MarkDirtyHint(buf)
	if p2.Inspect(buf).Dirty {
		t.Fatal("a hint dirtied a page during recovery")
	}
	p2.UnlockRelease(buf)
}

// TestCheckpointWaitsForHintLogging: a checkpoint that took its redo point
// while a process was between logging a hint image and marking the buffer
// dirty must not scan the buffers before that process has marked it.
func TestCheckpointWaitsForHintLogging(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 1, func(b int, pg []byte) {
		stamp(pg, relA.Rel, b)
		setChecksum(pg, storage.BlockNumber(b))
	})
	wal := newFakeWAL()
	inside := make(chan struct{})
	proceed := make(chan struct{})
	logHint := func(tag BufferTag, page []byte) (storage.LSN, bool, error) {
		close(inside)
		<-proceed
		return 77, true, nil
	}
	hinter := e.pool(t, 0, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum, LogHint: logHint})
	ckpt := e.pool(t, 1, Config{Files: files, WAL: wal, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum})
	buf := readShared(t, hinter, 0)
	done := make(chan struct{})
	go func() {
		hinter.MarkDirtyHint(buf)
		hinter.UnlockRelease(buf)
		close(done)
	}()
	<-inside
	var written atomic.Int64
	synced := make(chan error)
	go func() {
		n, err := ckpt.BufferSync(0, nil)
		written.Store(int64(n))
		synced <- err
	}()
	select {
	case err := <-synced:
		t.Fatalf("checkpoint scanned while a hint image was being logged (err %v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(proceed)
	<-done
	if err := <-synced; err != nil {
		t.Fatal(err)
	}
	if written.Load() != 1 {
		t.Fatalf("checkpoint wrote %d buffers, want the hinted one", written.Load())
	}
}
