// Append runs (InsertAppending): the same pages as Insert one entry at a
// time, uniqueness still enforced, the leaf let go on every way out, and
// the full-page images that end the runs replay to the same index.

package nbtree

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// appendWorkload is ascending keys with, now and then, a lower key (which
// ends the run and goes in by Insert), the runs ended every batch
// entries as a bulk insertion's batches end them.
func appendWorkload(n, batch int) []entry {
	var es []entry
	for i := 0; i < n; i++ {
		k := int64(i)
		if i%997 == 5 {
			k = -int64(i) // below every key so far
		}
		es = append(es, entry{vals: []types.Datum{types.Int(k)}, tid: tidOf(i)})
	}
	return es
}

func TestAppendRunsMatchInsert(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	start := c.wal.CurrentInsertLSN()
	appended, plain := intIndex(testLocs[0], false, false), intIndex(testLocs[1], false, false)
	appended.Unique, plain.Unique = true, true
	createEmpty(t, b.env, appended)
	createEmpty(t, b.env, plain)
	checks := 0
	heap := &HeapAccess{Check: func(TID) (HeapState, uint32, error) { checks++; return HeapLive, 0, nil }}
	const n, batch = 60000, 150
	es := appendWorkload(n, batch)
	for i, en := range es {
		if err := InsertAppending(b.env, appended, en.vals, en.tid, heap); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if i%batch == batch-1 {
			if err := b.env.EndAppendRun(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := b.env.EndAppendRun(); err != nil {
		t.Fatal(err)
	}
	if checks != 0 {
		t.Fatalf("%d uniqueness callbacks for distinct keys", checks)
	}
	insertAll(t, b.env, plain, es)
	res := mustCheck(t, b.env, appended)
	if res.Levels < 2 || res.LeafTuples != n {
		t.Fatalf("%+v", res)
	}
	mustScanAll(t, b.env, appended, es)
	if d := comparePages(withoutLSNs(b.pages(plain.Locator)), withoutLSNs(b.pages(appended.Locator))); d != "" {
		t.Fatalf("append runs and Insert differ: %s", d)
	}

	// A duplicate of the last key, in the middle of a run: the run ends,
	// the uniqueness check finds the live row.
	for i := 0; i < 10; i++ {
		if err := InsertAppending(b.env, appended, []types.Datum{types.Int(int64(n + i))}, tidOf(n+i), heap); err != nil {
			t.Fatal(err)
		}
	}
	if !valid(b.env.run.buf) {
		t.Fatal("no append run open after ascending keys")
	}
	err := InsertAppending(b.env, appended, []types.Datum{types.Int(int64(n + 9))}, tidOf(2*n), heap)
	if _, ok := AsUniqueViolation(err); !ok || checks != 1 {
		t.Fatalf("duplicate in a run: %v, %d checks", err, checks)
	}
	if valid(b.env.run.buf) {
		t.Fatal("the run's leaf is still held after the error")
	}
	// Insert ends an open run before it looks for its leaf.
	if err := InsertAppending(b.env, appended, []types.Datum{types.Int(int64(n + 10))}, tidOf(n+10), heap); err != nil {
		t.Fatal(err)
	}
	if err := Insert(b.env, appended, []types.Datum{types.Int(int64(n + 11))}, tidOf(n+11), heap); err != nil {
		t.Fatal(err)
	}
	if valid(b.env.run.buf) {
		t.Fatal("Insert left the run's leaf held")
	}
	if b.owner.LocksHeld != 0 || b.owner.CritSections != 0 {
		t.Fatalf("%d locks, %d critical sections held", b.owner.LocksHeld, b.owner.CritSections)
	}
	mustCheck(t, b.env, appended)

	// The WAL rebuilds the same index: each run's leaf is one XLOG_FPI.
	if err := b.wal.Flush(b.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	want := b.pages(appended.Locator)
	recs := readRecords(t, c.dir, start)
	fpis, leafInserts := 0, 0
	for _, rec := range recs {
		if rec.Rmid() == xlog.RmgrXLOG && rec.Info() == xlog.InfoFPI {
			fpis++
		}
		if rec.Rmid() == xlog.RmgrBtree && Identify(rec.Info()) == "INSERT_LEAF" {
			leafInserts++
		}
	}
	// Insert logged the plain index's n entries; the appended one's
	// mostly went in by runs.
	if fpis < n/batch || leafInserts > n+n/4 {
		t.Fatalf("%d XLOG_FPI and %d INSERT_LEAF records", fpis, leafInserts)
	}
	r := newCluster(t)
	rp := &replayer{src: &buffer.RedoSource{Pool: r.backend().pool, Files: r.backend().files}}
	for _, rec := range recs {
		if err := rp.apply(rec); err != nil {
			t.Fatalf("redo at %v: %v", rec.LSN, err)
		}
	}
	rb := r.backend()
	if d := comparePages(want, rb.pages(appended.Locator)); d != "" {
		t.Fatalf("after redo: %s", d)
	}
	mustCheck(t, rb.env, appended)
}

// withoutLSNs clears copies of the pages' LSNs: two indexes built side by
// side differ only there.
func withoutLSNs(ps []page.Page) []page.Page {
	out := make([]page.Page, len(ps))
	for i, p := range ps {
		out[i] = append(page.Page(nil), p...)
		clear(out[i][:8])
	}
	return out
}

// A lower key, an empty index and a tree whose root is its only leaf all
// go in by Insert; nothing stays held.
func TestAppendRunFallbacks(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	for i := 0; i < 100; i++ {
		if err := InsertAppending(b.env, ix, []types.Datum{types.Int(int64(100 - i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
		if valid(b.env.run.buf) {
			t.Fatalf("entry %d: a run on a one-page tree", i)
		}
	}
	err := InsertAppending(b.env, ix, []types.Datum{types.Int(1), types.Int(2)}, tidOf(1000), nil)
	if err == nil || valid(b.env.run.buf) {
		t.Fatalf("two values for a one-column index: %v", err)
	}
	if err := b.env.EndAppendRun(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, b.env, ix)
}
