// Incomplete splits: recovery that ends between a split and the
// insertion of its downlink (the inserter's process died) leaves the
// left page flagged BTP_INCOMPLETE_SPLIT; the next insertion passing by
// finishes the split (_bt_finish_split), including a root split that
// never got its new root.

package nbtree

import (
	"math/rand/v2"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/types"
)

func testIncompleteSplit(t *testing.T, before uint8) {
	a := newCluster(t)
	start := a.wal.CurrentInsertLSN()
	ab := a.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, ab.env, ix)
	rng := rand.New(rand.NewPCG(1, 2))
	var es []entry
	for i := 0; i < 40000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(rng.IntN(100000)))}, tid: tidOf(i)})
	}
	insertAll(t, ab.env, ix, es)
	if err := ab.wal.Flush(ab.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	recs := readRecords(t, a.dir, start)
	// The last split followed by the record that completes it.
	cut := -1
	for i := len(recs) - 2; i >= 0; i-- {
		info := recs[i].Info() & 0xF0
		if recs[i].Rmid() == xlog.RmgrBtree && (info == XLogBtreeSplitL || info == XLogBtreeSplitR) &&
			recs[i+1].Rmid() == xlog.RmgrBtree && recs[i+1].Info()&0xF0 == before {
			cut = i + 1
			break
		}
	}
	if cut < 0 {
		t.Fatalf("no split followed by %s", Identify(before))
	}
	b := newCluster(t)
	bb := b.backend()
	rp := &replayer{src: &buffer.RedoSource{Pool: bb.pool, Files: bb.files}}
	leaves := 0
	for _, rec := range recs[:cut] {
		if err := rp.apply(rec); err != nil {
			t.Fatal(err)
		}
		if rec.Rmid() == xlog.RmgrBtree && rec.Info()&0xF0 == XLogBtreeInsertLeaf {
			leaves++
		}
		if rec.Rmid() == xlog.RmgrBtree && rec.Info()&0xF0 == XLogBtreeSplitL && rec.Block(3) == nil {
			leaves++ // a leaf split's new item
		}
		if rec.Rmid() == xlog.RmgrBtree && rec.Info()&0xF0 == XLogBtreeSplitR && rec.Block(3) == nil {
			leaves++
		}
	}
	incomplete := func() int {
		n := 0
		for _, p := range bb.pages(ix.Locator)[1:] {
			if opaqueOf(p).incompleteSplit() {
				n++
			}
		}
		return n
	}
	if n := incomplete(); n != 1 {
		t.Fatalf("%d pages with an incomplete split after partial replay", n)
	}
	// Scans follow right links: every entry is there already.
	if got := scanTIDs(t, bb.env, ix, nil, Forward); len(got) != leaves {
		t.Fatalf("%d entries after partial replay, %d were inserted", len(got), leaves)
	}
	// Insertions finish the split on their way.
	for i := 0; i < 2000; i++ {
		if err := Insert(bb.env, ix, []types.Datum{types.Int(int64(i * 50))}, tidOf(100000+i), nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := incomplete(); n != 0 {
		t.Fatalf("%d incomplete splits left", n)
	}
	if res := mustCheck(t, bb.env, ix); res.LeafTuples != leaves+2000 {
		t.Fatalf("%+v, want %d entries", res, leaves+2000)
	}
}

func TestIncompleteSplitFinished(t *testing.T)     { testIncompleteSplit(t, XLogBtreeInsertUpper) }
func TestIncompleteRootSplitFinished(t *testing.T) { testIncompleteSplit(t, XLogBtreeNewroot) }
