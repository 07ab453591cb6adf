// Tests of page deletion and recycling (pagedel.go, vacuum.go): empty
// leaves and emptied subtrees leave the tree, the fast root moves down,
// deleted pages are recycled only once their safexid is old enough,
// and scans and insertions running meanwhile miss nothing and see
// nothing twice.

package nbtree

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/types"
)

// withRecycling gives b's Env a free space map and a transaction horizon
// that lets pages be recycled when recyclable says so.
func withRecycling(b *backend, recyclable *atomic.Bool) {
	b.env.FSM = &freespace.Map{Pool: b.pool, Files: b.files}
	b.env.NextFullXid = func() uint64 { return 1000 }
	b.env.RemovableFullXid = func(uint64) bool { return recyclable.Load() }
}

// deleteAllButLast removes by VACUUM every entry of ix but the keep last
// ones in index order, lets the deleted pages be recycled, runs the
// cleanup that records them free, and grows the index again into the
// freed pages. It returns the entries now in ix.
func deleteAllButLast(t *testing.T, b *backend, ix *Index, es []entry, keep int) []entry {
	t.Helper()
	var recyclable atomic.Bool
	withRecycling(b, &recyclable)
	defer func() { b.env.FSM, b.env.NextFullXid, b.env.RemovableFullXid = nil, nil, nil }()
	sorted := sortedCopy(ix, es)
	dead := map[TID]bool{}
	for _, en := range sorted[:len(sorted)-keep] {
		dead[en.tid] = true
	}
	stats, err := BulkDelete(b.env, ix, func(tid TID) bool { return dead[tid] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Internal pages right of the leaf whose deletion took them are not
	// "newly deleted" (PostgreSQL counts them when its physical scan
	// reaches them), but they are deleted.
	if stats.Removed != int64(len(dead)) || stats.Tuples != int64(keep) || stats.PagesNewlyDeleted == 0 ||
		stats.PagesDeleted < stats.PagesNewlyDeleted || stats.PagesFree != 0 {
		t.Fatalf("bulk delete: %+v", *stats)
	}
	res := mustCheck(t, b.env, ix)
	if res.DeletedPages != int(stats.PagesDeleted) || res.LeafTuples != keep {
		t.Fatalf("check after deletion: %+v, stats %+v", res, *stats)
	}
	md, err := b.env.getMeta(ix)
	if err != nil {
		t.Fatal(err)
	}
	if md.FastLevel >= md.Level {
		t.Fatalf("fast root did not move down: %+v", md)
	}
	checkScans(t, b.env, ix, sorted[len(sorted)-keep:], rand.New(rand.NewPCG(1, 2)), 200, 5)
	if _, err := Cleanup(b.env, ix, stats, 1e9, true); err != nil {
		t.Fatal(err)
	}
	// The next VACUUM scans (the unrecyclable pages exceed 5%) and
	// finds them recyclable now.
	recyclable.Store(true)
	cs, err := Cleanup(b.env, ix, nil, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if cs == nil || cs.PagesFree != stats.PagesDeleted || cs.PagesNewlyDeleted != 0 || !cs.EstimatedCount {
		t.Fatalf("cleanup: %+v", cs)
	}
	before, _ := b.files.NBlocks(ix.Locator, storage.MainFork)
	more := longPairs(3000, 99)
	for j := range more {
		more[j].tid = tidOf(200000 + j)
	}
	insertAll(t, b.env, ix, more)
	after, _ := b.files.NBlocks(ix.Locator, storage.MainFork)
	res = mustCheck(t, b.env, ix)
	if after != before || res.DeletedPages >= int(stats.PagesDeleted) {
		t.Fatalf("%d blocks before inserting, %d after; %d deleted pages left of %d", before, after, res.DeletedPages, stats.PagesDeleted)
	}
	all := append(sorted[len(sorted)-keep:], more...)
	checkScans(t, b.env, ix, sortedCopy(ix, all), rand.New(rand.NewPCG(3, 4)), 200, 5)
	return all
}

// A tall index loses all but its last entries: leaves and whole
// subtrees are deleted, the fast root moves down, the pages are
// recycled by later splits and the file does not grow.
func TestPageDeletionAndReuse(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := pairIndex(testLocs[1])
	createEmpty(t, b.env, ix)
	gs := longPairs(8000, 21)
	insertAll(t, b.env, ix, gs)
	if res := mustCheck(t, b.env, ix); res.Levels < 3 {
		t.Fatalf("%d levels", res.Levels)
	}
	deleteAllButLast(t, b, ix, gs, 100)
}

// Pages are not recycled while a transaction that may hold a link to
// them can still be running: the FSM gets nothing, splits extend the
// file.
func TestDeletedPagesWaitForHorizon(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	var recyclable atomic.Bool
	withRecycling(b, &recyclable)
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	for i := 0; i < 20000; i++ {
		if err := Insert(b.env, ix, []types.Datum{types.Int(int64(i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	stats, err := BulkDelete(b.env, ix, func(tid TID) bool { return tid.Block < 90 }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.PagesNewlyDeleted == 0 || stats.PagesFree != 0 {
		t.Fatalf("%+v", *stats)
	}
	before, _ := b.files.NBlocks(ix.Locator, storage.MainFork)
	for i := 0; i < 5000; i++ {
		if err := Insert(b.env, ix, []types.Datum{types.Int(int64(100000 + i))}, tidOf(100000+i), nil); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := b.files.NBlocks(ix.Locator, storage.MainFork)
	res := mustCheck(t, b.env, ix)
	if after <= before || res.DeletedPages != int(stats.PagesDeleted) {
		t.Fatalf("blocks %d -> %d, %d deleted pages, stats %+v", before, after, res.DeletedPages, *stats)
	}
}

// VACUUM deletes pages while other backends scan forward and backward
// and insert into the ranges being emptied and at the right end: every
// entry that stays is found exactly once, in order, by every scan.
func TestPageDeletionConcurrentScansAndInserts(t *testing.T) {
	c := newCluster(t)
	vb := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, vb.env, ix)
	const n = 30000
	for i := 0; i < n; i++ {
		if err := Insert(vb.env, ix, []types.Datum{types.Int(int64(i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	// Every 1500th original entry stays; the others are dead.
	dead := func(tid TID) bool {
		i := int(tid.Block)*200 + int(tid.Offset) - 1
		return i < n && i%1500 != 0
	}
	var stable []int64
	for i := 0; i < n; i += 1500 {
		stable = append(stable, int64(i))
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	var inserted atomic.Int64
	// Inserters: into the emptied middle, and at the right end.
	for w := 0; w < 2; w++ {
		ib := c.backend()
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := 0; !stop.Load(); j++ {
				k := int64(n + j)
				if w == 0 {
					k = int64((j * 7919) % n)
				}
				if err := Insert(ib.env, ix, []types.Datum{types.Int(k)}, tidOf(n+1+w*1000000+j), nil); err != nil {
					errs <- err
					return
				}
				inserted.Add(1)
			}
		}(w)
	}
	// Scanners: each scan sees the stable keys exactly once, in order.
	var scans atomic.Int64
	for w := 0; w < 2; w++ {
		sb := c.backend()
		dir := Forward
		if w == 1 {
			dir = Backward
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				sc, err := BeginScan(sb.env, ix, nil, dir)
				if err != nil {
					errs <- err
					return
				}
				var keys []int64
				seen := map[TID]bool{}
				for {
					tid, ok, err := sc.Next()
					if err != nil {
						sc.Close()
						errs <- err
						return
					}
					if !ok {
						break
					}
					if seen[tid] {
						sc.Close()
						errs <- errorf("scan returned %v twice", tid)
						return
					}
					seen[tid] = true
					vals, err := sc.Values()
					if err != nil {
						sc.Close()
						errs <- err
						return
					}
					i := int(tid.Block)*200 + int(tid.Offset) - 1
					if i < n && i%1500 == 0 {
						keys = append(keys, vals[0].Int())
					}
				}
				sc.Close()
				if dir == Backward {
					slices.Reverse(keys)
				}
				if !slices.Equal(keys, stable) {
					errs <- errorf("%v scan found %d stable keys, want %d", dir, len(keys), len(stable))
					return
				}
				scans.Add(1)
			}
		}()
	}
	stats, err := BulkDelete(vb.env, ix, dead, nil)
	stop.Store(true)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	if err != nil {
		t.Fatal(err)
	}
	if stats.PagesNewlyDeleted == 0 {
		t.Fatalf("no page deleted: %+v", *stats)
	}
	res := mustCheck(t, vb.env, ix)
	if want := len(stable) + int(inserted.Load()); res.LeafTuples != want {
		t.Fatalf("%d entries, want %d", res.LeafTuples, want)
	}
	t.Logf("%d pages deleted, %d entries inserted, %d scans meanwhile", stats.PagesNewlyDeleted, inserted.Load(), scans.Load())
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
