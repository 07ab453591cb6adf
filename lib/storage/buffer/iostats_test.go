package buffer

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// TestIOCounts: the pool counts pg_stat_io's operations of shared
// buffers under 'relation' and of local buffers under 'temp relation',
// all in context 'normal': a miss is a read, a find a hit, a valid page
// taken for another an eviction, a dirty one written first a write, a
// new page an extension.
func TestIOCounts(t *testing.T) {
	e := newTestEnv(t, 16, 1)
	files := newMemFiles()
	files.create(relA, storage.MainFork, 20, nil)
	p := e.pool(t, 0, Config{Files: files})
	p.SetLocalBuffersSize(func() int { return 3 })
	p.SetBackendID(1)
	read := func(blk int) {
		t.Helper()
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		p.Release(buf)
	}
	rel := func() [storage.NumIOOps]int64 {
		return p.IOCounts().Counts[storage.IOObjectRelation][storage.IOContextNormal]
	}
	for blk := 0; blk < 16; blk++ {
		read(blk)
	}
	if c := rel(); c[storage.IOOpRead] != 16 || c[storage.IOOpHit] != 0 || c[storage.IOOpEvict] != 0 {
		t.Fatalf("after 16 misses: %v", c)
	}
	// Found again, and dirtied: 16 hits.
	for blk := 0; blk < 16; blk++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		p.LockBuffer(buf, Exclusive)
		p.MarkDirty(buf)
		p.UnlockRelease(buf)
	}
	if c := rel(); c[storage.IOOpRead] != 16 || c[storage.IOOpHit] != 16 || c[storage.IOOpWrite] != 0 {
		t.Fatalf("after 16 hits: %v", c)
	}
	// Four more blocks through the full pool: four dirty pages are
	// written and evicted.
	for blk := 16; blk < 20; blk++ {
		read(blk)
	}
	if c := rel(); c[storage.IOOpRead] != 20 || c[storage.IOOpHit] != 16 || c[storage.IOOpEvict] != 4 || c[storage.IOOpWrite] != 4 {
		t.Fatalf("after four evictions: %v", c)
	}
	buf, _, err := p.ExtendRelation(relA, storage.MainFork)
	if err != nil {
		t.Fatal(err)
	}
	p.UnlockRelease(buf)
	if c := rel(); c[storage.IOOpExtend] != 1 || c[storage.IOOpEvict] != 5 {
		t.Fatalf("after an extension: %v", c)
	}

	// Five new temporary pages, dirtied, through three local buffers:
	// two are written out to make room.
	temp := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 900, Backend: 1}
	for i := 0; i < 5; i++ {
		buf, _, err := p.ExtendRelation(temp, storage.MainFork)
		if err != nil {
			t.Fatal(err)
		}
		p.MarkDirty(buf)
		p.UnlockRelease(buf)
	}
	tc := p.IOCounts().Counts[storage.IOObjectTempRelation][storage.IOContextNormal]
	if tc[storage.IOOpExtend] != 5 || tc[storage.IOOpEvict] != 2 || tc[storage.IOOpWrite] != 2 {
		t.Fatalf("temporary relation: %v", tc)
	}
	buf, err = p.ReadBuffer(temp, storage.MainFork, 4)
	if err != nil {
		t.Fatal(err)
	}
	p.Release(buf)
	buf, err = p.ReadBuffer(temp, storage.MainFork, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Release(buf)
	tc = p.IOCounts().Counts[storage.IOObjectTempRelation][storage.IOContextNormal]
	if tc[storage.IOOpHit] != 1 || tc[storage.IOOpRead] != 1 || tc[storage.IOOpEvict] != 3 {
		t.Fatalf("temporary relation after a hit and a read: %v", tc)
	}
	for ctx := storage.IOContext(0); ctx < storage.NumIOContexts; ctx++ {
		if ctx != storage.IOContextNormal && p.IOCounts().Counts[storage.IOObjectRelation][ctx] != [storage.NumIOOps]int64{} {
			t.Fatalf("counts in context %d without strategies", ctx)
		}
	}
}
