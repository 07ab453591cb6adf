// COPY FREEZE's bulk insertion marks the pages it fills all-visible and
// all-frozen, on the page and in the visibility map, including pages a
// later batch continues; an unfrozen batch marks nothing.

package heap

import (
	"runtime"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

func TestFrozenBulkInsertMarksPages(t *testing.T) {
	for _, frozen := range []bool{true, false} {
		c := newCluster(t)
		b := c.backend()
		b.begin()
		bi := NewBulkInsert(b.env, b.rel, b.xid, b.cid)
		if frozen {
			bi.Freeze()
		}
		// Three batches that end mid-page, the last of a single row, so
		// that every batch after the first starts on a page the previous
		// one left half full.
		k := 0
		for _, n := range []int{700, 333, 1} {
			for i := 0; i < n; i++ {
				if err := bi.Add(row(k, int64(i), strings.Repeat("f", k%70))); err != nil {
					t.Fatal(err)
				}
				k++
			}
			if err := bi.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		nb, err := b.files.NBlocks(b.rel.Locator, storage.MainFork)
		if err != nil || nb < 3 {
			t.Fatalf("frozen=%v: %d blocks, %v", frozen, nb, err)
		}
		var vmbuf buffer.Buffer
		for blk := storage.BlockNumber(0); blk < nb; blk++ {
			st, err := VisibilityMapGetStatus(b.env, b.rel, blk, &vmbuf)
			if err != nil {
				t.Fatal(err)
			}
			buf, err := b.pool.ReadBuffer(b.rel.Locator, storage.MainFork, blk)
			if err != nil {
				t.Fatal(err)
			}
			pageFlag := page.Page(b.pool.Page(buf)).IsAllVisible()
			b.pool.Release(buf)
			want := uint8(0)
			if frozen {
				want = VMAllVisible | VMAllFrozen
			}
			if st != want || pageFlag != frozen {
				t.Fatalf("frozen=%v: block %d has map bits %#x and PD_ALL_VISIBLE %v, want %#x", frozen, blk, st, pageFlag, want)
			}
		}
		if vmbuf.Valid() {
			b.pool.Release(vmbuf)
		}
		b.commit()
		if got := len(b.scanAll(b.snap())); got != k {
			t.Fatalf("frozen=%v: %d rows, want %d", frozen, got, k)
		}
	}
}

// TestBulkInsertOneRowAllocatesLittle: most INSERTs store one row
// through a BulkInsert, and a batch's arena (a quarter of a megabyte,
// zeroed) made for each of them cost single-row INSERTs a fifth of their
// throughput. The rows of a batch still go into the arena.
func TestBulkInsertOneRowAllocatesLittle(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	b.begin()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 20; i++ {
		bi := NewBulkInsert(b.env, b.rel, b.xid, b.cid)
		if err := bi.Add(row(i, int64(i), "x")); err != nil {
			t.Fatal(err)
		}
		if err := bi.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 20; per > 16<<10 {
		t.Fatalf("a one-row bulk insertion allocated %d bytes", per)
	}
	bi := NewBulkInsert(b.env, b.rel, b.xid, b.cid)
	for i := 0; i < 3; i++ {
		if err := bi.Add(row(100+i, int64(i), "y")); err != nil {
			t.Fatal(err)
		}
	}
	if len(bi.arena) == 0 || cap(bi.arena) > 16<<10 {
		t.Fatalf("after three rows the arena holds %d of %d bytes", len(bi.arena), cap(bi.arena))
	}
	if err := bi.Flush(); err != nil {
		t.Fatal(err)
	}
	b.commit()
	if got := len(b.scanAll(b.snap())); got != 23 {
		t.Fatalf("%d rows, want 23", got)
	}
}
