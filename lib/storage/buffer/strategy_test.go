package buffer

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// A bulk load through a bulk-write ring reuses the ring's buffers,
// writing each out itself, and leaves the rest of the pool alone; the
// same load without a ring takes over the whole pool.
func TestBulkWriteRing(t *testing.T) {
	const nbuffers = 64 // a ring of 8
	for _, withRing := range []bool{true, false} {
		e := newTestEnv(t, nbuffers, 2)
		files := newMemFiles()
		files.create(relA, storage.MainFork, 0, nil)
		files.create(relB, storage.MainFork, 4, nil)
		p := e.pool(t, 0, Config{Files: files, WAL: newFakeWAL()})
		// Someone else's pages, used once.
		for blk := storage.BlockNumber(0); blk < 4; blk++ {
			buf, err := p.ReadBuffer(relB, storage.MainFork, blk)
			if err != nil {
				t.Fatal(err)
			}
			p.Release(buf)
		}
		var s *Strategy
		if withRing {
			s = p.NewBulkWriteStrategy()
			if len(s.ring) != nbuffers/8 {
				t.Fatalf("ring of %d buffers, want %d", len(s.ring), nbuffers/8)
			}
		}
		used := map[Buffer]bool{}
		for blk := storage.BlockNumber(0); blk < 200; blk++ {
			buf, got, err := p.ExtendRelationWith(relA, storage.MainFork, s)
			if err != nil || got != blk {
				t.Fatalf("extend: block %d %v", got, err)
			}
			stamp(p.Page(buf), relA.Rel, int(blk))
			p.MarkDirty(buf)
			p.UnlockRelease(buf)
			// The load reads its page again, as the heap does when the
			// next rows go to the same page.
			again, err := p.ReadBufferWith(relA, storage.MainFork, blk, s)
			if err != nil || again != buf {
				t.Fatalf("re-read of block %d: %v", blk, err)
			}
			p.Release(again)
			used[buf] = true
		}
		kept := 0
		for blk := storage.BlockNumber(0); blk < 4; blk++ {
			if p.sh.lookup(&BufferTag{Rel: relB, Fork: storage.MainFork, Block: blk}, (&BufferTag{Rel: relB, Fork: storage.MainFork, Block: blk}).hash()) >= 0 {
				kept++
			}
		}
		if withRing {
			if len(used) > nbuffers/8 || kept != 4 {
				t.Fatalf("with a ring: %d buffers used, %d of 4 other pages kept", len(used), kept)
			}
			// The pages the ring gave up were written before reuse.
			for blk := storage.BlockNumber(0); blk < 200-nbuffers/8; blk++ {
				checkStamp(t, files.disk(relA, storage.MainFork, int(blk)), relA.Rel, int(blk))
			}
		} else if len(used) < nbuffers/2 {
			t.Fatalf("without a ring only %d buffers used", len(used))
		}
	}
}
