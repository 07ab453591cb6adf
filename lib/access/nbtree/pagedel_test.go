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

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/page"
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

// horizon stands for the proc array in the concurrency test: every scan
// and insertion advertises an xmin while it runs, deleted pages get the
// next id as safexid, and a page is recyclable once its safexid is below
// every advertised xmin.
type horizon struct {
	mu      sync.Mutex
	next    uint64
	running map[uint64]int
}

func (h *horizon) begin() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	h.running[h.next]++
	return h.next
}

func (h *horizon) end(xmin uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.running[xmin]--; h.running[xmin] == 0 {
		delete(h.running, xmin)
	}
}

func (h *horizon) attach(b *backend) {
	b.env.FSM = &freespace.Map{Pool: b.pool, Files: b.files}
	b.env.NextFullXid = func() uint64 {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.next++
		return h.next
	}
	b.env.RemovableFullXid = func(fx uint64) bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		for x := range h.running {
			if x <= fx {
				return false
			}
		}
		return fx <= h.next
	}
}

// VACUUM deletes pages in rounds while other backends scan forward and
// backward and insert into the ranges being emptied and at the right
// end, splits taking recycled pages: every entry that stays is found
// exactly once, in order, by every scan.
func TestPageDeletionConcurrentScansAndInserts(t *testing.T) {
	c := newCluster(t)
	h := &horizon{running: map[uint64]int{}}
	vb := c.backend()
	h.attach(vb)
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, vb.env, ix)
	const n = 40000
	for i := 0; i < n; i++ {
		if err := Insert(vb.env, ix, []types.Datum{types.Int(int64(i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	// Every 1500th original entry stays; round r kills the others below
	// (r+1)*n/rounds.
	const rounds = 8
	deadBelow := func(limit int) func(TID) bool {
		return func(tid TID) bool {
			i := int(tid.Block)*200 + int(tid.Offset) - 1
			return i < n && i < limit && i%1500 != 0
		}
	}
	var stable []int64
	for i := 0; i < n; i += 1500 {
		stable = append(stable, int64(i))
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	var inserted atomic.Int64
	// Inserters: into the emptied ranges, and at the right end.
	for w := 0; w < 2; w++ {
		ib := c.backend()
		h.attach(ib)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := 0; !stop.Load(); j++ {
				k := int64(n + j)
				if w == 0 {
					k = int64((j * 7919) % (n / 4))
				}
				xmin := h.begin()
				err := Insert(ib.env, ix, []types.Datum{types.Int(k)}, tidOf(n+1+w*1000000+j), nil)
				h.end(xmin)
				if err != nil {
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
		h.attach(sb)
		dir := Forward
		if w == 1 {
			dir = Backward
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				xmin := h.begin()
				err := scanStable(sb.env, ix, dir, n, stable)
				h.end(xmin)
				if err != nil {
					errs <- err
					return
				}
				scans.Add(1)
			}
		}()
	}
	var stats *BulkDeleteResult
	var err error
	for r := 0; r < rounds && err == nil; r++ {
		stats, err = BulkDelete(vb.env, ix, deadBelow((r+1)*n/rounds), stats)
	}
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
	if err := scanStable(vb.env, ix, Forward, n, stable); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages deleted, %d recycled by the last round, %d entries inserted, %d scans meanwhile",
		stats.PagesNewlyDeleted, stats.PagesFree, inserted.Load(), scans.Load())
}

// scanStable scans ix whole in direction dir and checks that no entry
// comes twice, that keys come in order, and that the original entries
// (TIDs below n) that stay are exactly stable.
func scanStable(e *Env, ix *Index, dir Direction, n int, stable []int64) error {
	sc, err := BeginScan(e, ix, nil, dir)
	if err != nil {
		return err
	}
	defer sc.Close()
	var keys []int64
	seen := map[TID]bool{}
	last := int64(-1)
	if dir == Backward {
		last = 1 << 62
	}
	for {
		tid, ok, err := sc.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if seen[tid] {
			return errorf("%v scan returned %v twice", dir, tid)
		}
		seen[tid] = true
		vals, err := sc.Values()
		if err != nil {
			return err
		}
		k := vals[0].Int()
		if (dir == Forward && k < last) || (dir == Backward && k > last) {
			return errorf("%v scan returned %d after %d", dir, k, last)
		}
		last = k
		if i := int(tid.Block)*200 + int(tid.Offset) - 1; i < n && i%1500 == 0 {
			keys = append(keys, k)
		}
	}
	if dir == Backward {
		slices.Reverse(keys)
	}
	if !slices.Equal(keys, stable) {
		return errorf("%v scan found %d stable keys, want %d", dir, len(keys), len(stable))
	}
	return nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// A crash after pages were deleted and recycled: recovery replays the
// deletions, the checker finds the tree and its tombstones consistent,
// scans find the entries left, and the index takes more insertions.
func TestCrashRecoveryAfterPageDeletion(t *testing.T) {
	c := newCluster(t)
	ixs, ess := redoWorkload(t, c, nil, true)
	c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := &replayer{src: &buffer.RedoSource{Pool: sb.pool, Files: sb.files}}
		if err := RegisterRedo(table, rp.src); err != nil {
			t.Fatal(err)
		}
		table.Register(xlog.Rmgr{ID: xlog.RmgrXLOG, Name: "XLOG", Redo: rp.apply})
		return table
	})
	b := c.backend()
	grown := ixs[1]
	res := mustCheck(t, b.env, grown)
	if res.LeafTuples != len(ess[1]) || res.DeletedPages == 0 {
		t.Fatalf("after recovery: %+v, want %d entries and deleted pages", res, len(ess[1]))
	}
	checkScans(t, b.env, grown, sortedCopy(grown, ess[1]), rand.New(rand.NewPCG(7, 5)), 2000, 10)
	more := longPairs(2000, 15)
	for j := range more {
		more[j].tid = tidOf(300000 + j)
	}
	insertAll(t, b.env, grown, more)
	if res := mustCheck(t, b.env, grown); res.LeafTuples != len(ess[1])+len(more) {
		t.Fatalf("%d entries, want %d", res.LeafTuples, len(ess[1])+len(more))
	}
}

// A VACUUM interrupted after marking a leaf half-dead leaves it in the
// sibling chain without a downlink: scans skip it, the checker accepts
// it, and the next VACUUM finishes the deletion.
func TestHalfDeadPageFinishedByNextVacuum(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	for i := 0; i < 5000; i++ {
		if err := Insert(b.env, ix, []types.Datum{types.Int(int64(i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	// Empty the second leaf by hand, then run only the first stage.
	s := newSearcher(b.env, ix)
	first, err := b.env.getEndpoint(ix, 0, false, buffer.Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	second := opaqueOf(b.env.page(first)).next()
	b.env.Pool.UnlockRelease(first)
	buf, err := b.env.getBuf(ix, second, buffer.Exclusive)
	if err != nil {
		t.Fatal(err)
	}
	p := b.env.page(buf)
	var offs []page.OffsetNumber
	for off := opaqueOf(p).firstDataKey(); off <= p.MaxOffset(); off++ {
		offs = append(offs, off)
	}
	if err := b.env.vacuumItems(ix, buf, offs); err != nil {
		t.Fatal(err)
	}
	hikey := append(itup(nil), itemAt(p, pHikey)...)
	b.env.Pool.UnlockRelease(buf)
	key, err := s.pivotSearchKey(hikey)
	if err != nil {
		t.Fatal(err)
	}
	sbuf, st, err := s.search(key, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.env.Pool.BlockNumber(sbuf); got != second {
		t.Fatalf("pivot search found block %d, want %d", got, second)
	}
	b.env.Pool.UnlockRelease(sbuf)
	if buf, err = b.env.getBuf(ix, second, buffer.Exclusive); err != nil {
		t.Fatal(err)
	}
	ok, err := b.env.markHalfDead(s, buf, st)
	b.env.Pool.UnlockRelease(buf)
	if err != nil || !ok {
		t.Fatalf("mark half-dead: %v %v", ok, err)
	}
	res := mustCheck(t, b.env, ix)
	if res.HalfDeadPages != 1 || res.LeafTuples != 5000-len(offs) {
		t.Fatalf("%+v", res)
	}
	if got := len(scanTIDs(t, b.env, ix, nil, Backward)); got != 5000-len(offs) {
		t.Fatalf("backward scan found %d entries", got)
	}
	stats, err := BulkDelete(b.env, ix, func(TID) bool { return false }, nil)
	if err != nil {
		t.Fatal(err)
	}
	res = mustCheck(t, b.env, ix)
	if res.HalfDeadPages != 0 || res.DeletedPages != 1 || stats.PagesDeleted != 1 {
		t.Fatalf("after VACUUM: %+v, %+v", res, *stats)
	}
}
