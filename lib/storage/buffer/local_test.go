package buffer

import (
	"encoding/binary"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// A temporary relation's pages go through the process's local buffers:
// negative buffer numbers, no shared buffer taken, written back (with
// their checksum) only to make room, and dropped without a write.
func TestLocalBuffers(t *testing.T) {
	e := newTestEnv(t, 16, 2)
	files := newMemFiles()
	p := e.pool(t, 0, Config{Files: files, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum})
	p.SetLocalBuffersSize(func() int { return 3 })
	p.SetBackendID(3)
	if p.LocalBuffers() != 0 {
		t.Fatal("local buffers made before the first access")
	}
	rel := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 900, Backend: 3}
	if got := rel.Path(storage.MainFork, 0); got != "base/5/t3_900" {
		t.Fatalf("temporary path %s", got)
	}
	// Five pages through three buffers: two are written out on the way.
	for blk := 0; blk < 5; blk++ {
		buf, nb, err := p.ExtendRelation(rel, storage.MainFork)
		if err != nil {
			t.Fatal(err)
		}
		if buf >= 0 || int(nb) != blk {
			t.Fatalf("extension gave buffer %d block %d", buf, nb)
		}
		pg := p.Page(buf)
		binary.LittleEndian.PutUint32(pg[100:], uint32(blk)+42)
		p.MarkDirty(buf)
		p.UnlockRelease(buf)
	}
	if p.LocalBuffers() != 3 || p.PinnedBuffers() != 0 {
		t.Fatalf("%d local buffers, %d pinned", p.LocalBuffers(), p.PinnedBuffers())
	}
	for blk := 0; blk < 5; blk++ {
		buf, err := p.ReadBuffer(rel, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		if v := binary.LittleEndian.Uint32(p.Page(buf)[100:]); v != uint32(blk)+42 {
			t.Fatalf("block %d reads %d", blk, v)
		}
		p.Release(buf)
	}
	if d := files.disk(rel, storage.MainFork, 0); binary.LittleEndian.Uint32(d[100:]) != 42 || !checksumOK(d, 0) {
		t.Fatal("block 0 was not written back with its checksum")
	}
	other := rel
	other.Backend = 4
	if _, err := p.ReadBuffer(other, storage.MainFork, 0); err == nil || err.Error() != "cannot access temporary tables of other sessions" {
		t.Fatalf("read of another backend's temporary relation: %v", err)
	}
	// No shared buffer was used.
	for i := 1; i <= 16; i++ {
		if p.Inspect(Buffer(i)).TagValid {
			t.Fatalf("shared buffer %d holds %v", i, p.Inspect(Buffer(i)).Tag)
		}
	}
	// Every buffer pinned: the next block has nowhere to go.
	var pinned []Buffer
	for blk := 0; blk < 3; blk++ {
		buf, err := p.ReadBuffer(rel, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		pinned = append(pinned, buf)
	}
	if _, err := p.ReadBuffer(rel, storage.MainFork, 4); err == nil || err.Error() != "no empty local buffer available" {
		t.Fatalf("read with every local buffer pinned: %v", err)
	}
	if err := p.DropRelationBuffers(rel, storage.MainFork, 0); err == nil {
		t.Fatal("dropped pinned local buffers")
	}
	// Abort releases the pins; dropping writes nothing.
	if n := p.ReleaseAll(); n != 3 {
		t.Fatalf("ReleaseAll released %d", n)
	}
	_ = pinned
	buf, err := p.ReadBuffer(rel, storage.MainFork, 4)
	if err != nil {
		t.Fatal(err)
	}
	binary.LittleEndian.PutUint32(p.Page(buf)[100:], 7)
	p.MarkDirty(buf)
	p.Release(buf)
	files.takeEvents()
	if err := p.DropRelationBuffers(rel, storage.MainFork, 0); err != nil {
		t.Fatal(err)
	}
	if ev := files.takeEvents(); len(ev) != 0 {
		t.Fatalf("dropping local buffers wrote %v", ev)
	}
}
