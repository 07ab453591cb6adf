// Concurrent insertion and scanning by several backends, and the
// uniqueness check with real transactions.

package nbtree

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Several backends insert overlapping random keys at once while others
// scan both ways; afterwards the tree is sound and holds exactly the
// entries inserted.
func TestConcurrentInserts(t *testing.T) {
	c := newCluster(t)
	setup := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, setup.env, ix)
	const workers, per, nk = 6, 6000, 3000
	var wg sync.WaitGroup
	errs := make(chan error, workers+2)
	all := make([][]entry, workers)
	var stop atomic.Bool
	for w := 0; w < workers; w++ {
		b := c.backend()
		wix := intIndex(testLocs[0], false, false) // each process has its own relcache entry
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for i := 0; i < per; i++ {
				en := entry{vals: []types.Datum{types.Int(int64(rng.IntN(nk)))}, tid: tidOf(w*per + i)}
				if err := Insert(b.env, wix, en.vals, en.tid, nil); err != nil {
					errs <- err
					return
				}
				all[w] = append(all[w], en)
			}
		}(w)
	}
	// Readers: every scan must return keys in order, both ways.
	var scans atomic.Int64
	var rwg sync.WaitGroup
	for r := 0; r < 2; r++ {
		b := c.backend()
		rix := intIndex(testLocs[0], false, false)
		rwg.Add(1)
		go func(dir Direction) {
			defer rwg.Done()
			rng := rand.New(rand.NewPCG(uint64(dir), 77))
			for !stop.Load() {
				// Full scans and range scans (whose descents move right).
				var keys []ScanKey
				lo := int64(rng.IntN(nk))
				if rng.IntN(2) == 0 {
					keys = []ScanKey{{0, GreaterEqual, types.Int(lo)}, {0, Less, types.Int(lo + 300)}}
				}
				sc, err := BeginScan(b.env, rix, keys, dir)
				if err != nil {
					errs <- err
					return
				}
				var prev *entry
				for {
					tid, ok, err := sc.Next()
					if err != nil {
						errs <- err
						return
					}
					if !ok {
						break
					}
					v, err := sc.Values()
					if err != nil {
						errs <- err
						return
					}
					cur := entry{vals: v, tid: tid}
					if keys != nil && (v[0].Int() < lo || v[0].Int() >= lo+300) {
						errs <- errors.New("range scan returned " + cur.String())
						return
					}
					if prev != nil && (dir == Forward) != less(rix, *prev, cur) {
						errs <- errors.New("scan out of order: " + prev.String() + " then " + cur.String())
						return
					}
					prev = &cur
				}
				sc.Close()
				scans.Add(1)
			}
		}(Direction(r))
	}
	wg.Wait()
	stop.Store(true)
	rwg.Wait()
	es := gather(t, errs, all)
	res := mustCheck(t, setup.env, ix)
	if res.LeafTuples != workers*per {
		t.Fatalf("%d leaf entries, want %d", res.LeafTuples, workers*per)
	}
	sorted := sortedCopy(ix, es)
	checkScans(t, setup.env, ix, sorted, rand.New(rand.NewPCG(1, 1)), nk, 30)
	t.Logf("%+v, %d concurrent scans", res, scans.Load())
}

// fakeHeap stands for the table: which transaction inserted each row.
type fakeHeap struct {
	mu   sync.Mutex
	rows map[TID]transam.TransactionId
}

func (h *fakeHeap) add(tid TID, xid transam.TransactionId) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rows == nil {
		h.rows = map[TID]transam.TransactionId{}
	}
	h.rows[tid] = xid
}

// check is the HeapAccess a backend gives Insert: the row's inserter
// decides (no deletes here). waiting, if set, hears of every wait.
func (h *fakeHeap) check(b *backend, waiting chan<- uint32) *HeapAccess {
	return &HeapAccess{
		Check: func(tid TID) (HeapState, uint32, error) {
			h.mu.Lock()
			xid, ok := h.rows[tid]
			h.mu.Unlock()
			if !ok {
				return HeapDead, 0, nil
			}
			return b.inserterState(xid)
		},
		Wait: func(xid uint32) error {
			if waiting != nil {
				waiting <- xid
			}
			return b.locks.XactLockTableWait(context.Background(), xid)
		},
	}
}

// insertRow inserts a heap row's entry as b's transaction.
func (h *fakeHeap) insertRow(b *backend, ix *Index, k types.Datum, tid TID, waiting chan<- uint32) error {
	h.add(tid, b.xid)
	return Insert(b.env, ix, []types.Datum{k}, tid, h.check(b, waiting))
}

func TestUniqueChecks(t *testing.T) {
	c := newCluster(t)
	a, b := c.backend(), c.backend()
	ix := intIndex(testLocs[0], false, false)
	ix.Unique = true
	createEmpty(t, a.env, ix)
	h := &fakeHeap{}
	one := types.Int(1)

	// A committed row conflicts.
	a.begin()
	if err := h.insertRow(a, ix, one, tidOf(1), nil); err != nil {
		t.Fatal(err)
	}
	a.commit()
	b.begin()
	err := h.insertRow(b, ix, one, tidOf(2), nil)
	var uv *UniqueViolation
	if !errors.As(err, &uv) || uv.Conflict != tidOf(1) || uv.PgError().Code != "23505" ||
		err.Error() != `duplicate key value violates unique constraint "i_int"` {
		t.Fatalf("second insert of 1: %v", err)
	}
	b.abort()

	// An aborted row does not, and its entry is marked dead.
	a.begin()
	if err := h.insertRow(a, ix, types.Int(2), tidOf(3), nil); err != nil {
		t.Fatal(err)
	}
	a.abort()
	b.begin()
	if err := h.insertRow(b, ix, types.Int(2), tidOf(4), nil); err != nil {
		t.Fatalf("insert over an aborted row: %v", err)
	}
	b.commit()
	if res := mustCheck(t, a.env, ix); res.DeadTuples != 1 || res.LeafTuples != 3 {
		// tidOf(2) never got in; tidOf(3)'s entry (aborted) is dead
		t.Fatalf("after the aborted inserts: %+v", res)
	}
	if got := scanTIDs(t, a.env, ix, nil, Forward); len(got) != 2 || got[0] != tidOf(1) || got[1] != tidOf(4) {
		t.Fatalf("scan skips dead entries: %v", got)
	}

	// NULLs never conflict, unless NULLS NOT DISTINCT.
	a.begin()
	for i := 10; i < 13; i++ {
		if err := h.insertRow(a, ix, types.Null, tidOf(i), nil); err != nil {
			t.Fatalf("NULL %d: %v", i, err)
		}
	}
	a.commit()
	nnd := intIndex(testLocs[1], false, false)
	nnd.Unique, nnd.NullsNotDistinct = true, true
	createEmpty(t, a.env, nnd)
	a.begin()
	if err := Insert(a.env, nnd, []types.Datum{types.Null}, tidOf(10), h.check(a, nil)); err != nil {
		t.Fatal(err)
	}
	if err := Insert(a.env, nnd, []types.Datum{types.Null}, tidOf(11), h.check(a, nil)); !errors.As(err, &uv) {
		t.Fatalf("second NULL with NULLS NOT DISTINCT: %v", err)
	}
	a.commit()

	// A concurrent inserter of the same key waits for the first one's
	// transaction: its abort lets the second in, its commit makes the
	// second fail.
	for _, commitFirst := range []bool{false, true} {
		k := types.Int(100)
		if commitFirst {
			k = types.Int(101)
		}
		a.begin()
		if err := h.insertRow(a, ix, k, tidOf(200), nil); err != nil {
			t.Fatal(err)
		}
		waiting := make(chan uint32, 4)
		done := make(chan error, 1)
		b.begin()
		go func() { done <- h.insertRow(b, ix, k, tidOf(201), waiting) }()
		select {
		case xid := <-waiting:
			if xid != uint32(a.xid) {
				t.Fatalf("waits for %d, not %d", xid, a.xid)
			}
		case err := <-done:
			t.Fatalf("second inserter did not wait: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("second inserter neither waits nor ends")
		}
		time.Sleep(20 * time.Millisecond)
		select {
		case err := <-done:
			t.Fatalf("second inserter went on while the first runs: %v", err)
		default:
		}
		if commitFirst {
			a.commit()
		} else {
			a.abort()
		}
		err := <-done
		if commitFirst != errors.As(err, &uv) || (!commitFirst && err != nil) {
			t.Fatalf("first commits %v: second gets %v", commitFirst, err)
		}
		b.commit()
		h.add(tidOf(201), 0)
	}
	mustCheck(t, a.env, ix)
}

// Many backends race to insert one key: exactly one committed entry
// remains live, whatever order they run in, some aborting after their
// insert succeeded.
func TestUniqueRace(t *testing.T) {
	c := newCluster(t)
	setup := c.backend()
	ix := intIndex(testLocs[0], false, false)
	ix.Unique = true
	createEmpty(t, setup.env, ix)
	h := &fakeHeap{}
	// Some filler so the key's page splits now and then.
	for i := 0; i < 3000; i++ {
		if err := Insert(setup.env, ix, []types.Datum{types.Int(int64(i * 2))}, tidOf(100000+i), nil); err != nil {
			t.Fatal(err)
		}
	}
	const workers, rounds = 8, 30
	var committed [rounds]atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		b := c.backend()
		wix := intIndex(testLocs[0], false, false)
		wix.Unique = true
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				b.begin()
				err := h.insertRow(b, wix, types.Int(int64(2*r+1)), tidOf(w*rounds+r), nil)
				var uv *UniqueViolation
				switch {
				case err == nil && w%3 == 0:
					b.abort()
				case err == nil:
					b.commit()
					committed[r].Add(1)
				case errors.As(err, &uv):
					b.abort()
				default:
					b.abort()
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for r := range committed {
		if n := committed[r].Load(); n != 1 {
			t.Fatalf("key %d: %d committed inserts", 2*r+1, n)
		}
	}
	mustCheck(t, setup.env, ix)
}

// Entries of one key spread over several leaf pages (rows of aborted
// transactions): the uniqueness check steps right through all of them
// and finds the live one at the end, and marks the dead ones LP_DEAD.
func TestUniqueCheckSpansPages(t *testing.T) {
	c := newCluster(t)
	a := c.backend()
	ix := pairIndex(testLocs[0])
	ix.Unique = true
	createEmpty(t, a.env, ix)
	h := &fakeHeap{}
	long := types.Text(strings.Repeat("q", 300)) // about 25 entries a page
	insert := func(i int) error {
		h.add(tidOf(i), a.xid)
		return Insert(a.env, ix, []types.Datum{types.Int(7), long}, tidOf(i), h.check(a, nil))
	}
	for _, k := range []int64{6, 8} { // neighbours on both sides
		a.begin()
		if err := Insert(a.env, ix, []types.Datum{types.Int(k), long}, tidOf(int(k)+50000), h.check(a, nil)); err != nil {
			t.Fatal(err)
		}
		a.commit()
	}
	for i := 0; i < 200; i++ {
		a.begin()
		if err := insert(i); err != nil {
			t.Fatal(err)
		}
		a.abort()
	}
	a.begin()
	if err := insert(1000); err != nil {
		t.Fatal(err)
	}
	a.commit()
	res := mustCheck(t, a.env, ix)
	if res.Pages < 8 || res.DeadTuples != 200 {
		t.Fatalf("%+v: want the key over several pages, 200 entries dead", res)
	}
	a.begin()
	err := insert(2000)
	var uv *UniqueViolation
	if !errors.As(err, &uv) || uv.Conflict != tidOf(1000) {
		t.Fatalf("insert over a live row behind %d dead ones: %v", res.DeadTuples, err)
	}
	a.abort()
}

// Wide keys make a tall, narrow tree whose root splits often while
// several backends insert: descents that began at a root that has split
// since must find the new parent level (_bt_insert_parent without a
// stack entry), and the tree stays sound.
func TestConcurrentRootSplits(t *testing.T) {
	c := newCluster(t)
	setup := c.backend()
	ix := pairIndex(testLocs[0])
	createEmpty(t, setup.env, ix)
	const workers, per = 6, 400
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	all := make([][]entry, workers)
	for w := 0; w < workers; w++ {
		b := c.backend()
		wix := pairIndex(testLocs[0])
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 21))
			for i := 0; i < per; i++ {
				en := entry{vals: []types.Datum{types.Int(int64(rng.IntN(50))), types.Text(randomLetters(rng, 700))}, tid: tidOf(w*per + i)}
				if err := Insert(b.env, wix, en.vals, en.tid, nil); err != nil {
					errs <- err
					return
				}
				all[w] = append(all[w], en)
			}
		}(w)
	}
	wg.Wait()
	es := gather(t, errs, all)
	res := mustCheck(t, setup.env, ix)
	if res.LeafTuples != len(es) || res.Levels < 4 {
		t.Fatalf("%+v", res)
	}
	mustScanAll(t, setup.env, ix, es)
	t.Logf("%+v", res)
}
