// The parent of a split page found without a stack entry (the descent
// began at a root that has split since, _bt_insert_parent's "concurrent
// ROOT page split" case): from the leftmost page of the level above,
// moving right to the page holding the downlink.

package nbtree

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/types"
)

func TestSplitWithoutStack(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := pairIndex(testLocs[0])
	createEmpty(t, b.env, ix)
	rng := rand.New(rand.NewPCG(5, 5))
	var es []entry
	for i := 0; i < 20000; i++ {
		s := fmt.Sprintf("%06d%s", rng.IntN(1000000), strings.Repeat("x", 300))
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i % 10)), types.Text(s)}, tid: tidOf(i)})
	}
	insertAll(t, b.env, ix, es)
	if res := mustCheck(t, b.env, ix); res.Levels < 3 {
		t.Fatalf("%+v", res)
	}
	// Fill the leaf holding an existing key with duplicates (later heap
	// TIDs) until one more entry splits it, then insert that entry with no
	// stack.
	vals := es[1234].vals
	s := newSearcher(b.env, ix)
	next := 0
	for {
		tid := tidOf(100000 + next)
		key := &scanKey{vals: vals, tid: &tid}
		buf, _, err := s.search(key, true)
		if err != nil {
			t.Fatal(err)
		}
		it, err := ix.formTuple(key.vals, tid)
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, entry{vals: key.vals, tid: tid})
		next++
		if b.env.page(buf).FreeSpace() >= len(it) {
			b.pool.UnlockRelease(buf)
			if err := Insert(b.env, ix, key.vals, tid, nil); err != nil {
				t.Fatal(err)
			}
			continue
		}
		buf, off, err := s.findInsertLoc(key, buf, nil, false, len(it), nil)
		if err != nil {
			t.Fatal(err)
		}
		blk := b.pool.BlockNumber(buf)
		if err := s.insertOnPage(buf, buffer.InvalidBuffer, nil, it, off, false); err != nil {
			t.Fatal(err)
		}
		t.Logf("split block %d without a stack after %d more entries", blk, next)
		break
	}
	mustCheck(t, b.env, ix)
	mustScanAll(t, b.env, ix, es)
}

// Ascending insertions go straight to the cached rightmost leaf once the
// tree has three levels (the fastpath); lower keys mixed in descend as
// usual, and the result is the same index.
func TestFastpath(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := twoColumnIndex(testLocs[0], "fp", false)
	createEmpty(t, b.env, ix)
	var es []entry
	for i := 0; i < 5000; i++ {
		// Wide pivots (the text decides within a k) make the tree tall.
		k, n := i/1000, i
		if i%50 == 7 {
			k, n = i/3000, i/3 // a lower key now and then
		}
		en := entry{vals: []types.Datum{types.Int(int64(k)), types.Text(fmt.Sprintf("%06d%s", n, strings.Repeat("y", 300)))}, tid: tidOf(i)}
		if err := Insert(b.env, ix, en.vals, en.tid, nil); err != nil {
			t.Fatal(err)
		}
		es = append(es, en)
	}
	res := mustCheck(t, b.env, ix)
	if res.Levels < 3 || b.env.fastpathHits < 3000 {
		t.Fatalf("%+v, %d insertions by the fastpath", res, b.env.fastpathHits)
	}
	mustScanAll(t, b.env, ix, es)
	// Another process's insertions into the same leaf, and its split,
	// leave this process's cached block stale: still correct.
	other := c.backend()
	for i := 0; i < 300; i++ {
		en := entry{vals: []types.Datum{types.Int(int64(100000 + i)), types.Text("other")}, tid: tidOf(10000 + i)}
		if err := Insert(other.env, ix, en.vals, en.tid, nil); err != nil {
			t.Fatal(err)
		}
		es = append(es, en)
	}
	en := entry{vals: []types.Datum{types.Int(99999), types.Text("mine")}, tid: tidOf(20000)}
	if err := Insert(b.env, ix, en.vals, en.tid, nil); err != nil {
		t.Fatal(err)
	}
	es = append(es, en)
	mustCheck(t, b.env, ix)
	mustScanAll(t, b.env, ix, es)
}
