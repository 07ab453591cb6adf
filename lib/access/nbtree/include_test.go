// Indexes with INCLUDE columns: the extra attributes ride in leaf entries
// only; order, pivots and uniqueness come from the key columns.

package nbtree

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// includeIndex is (k int4) INCLUDE (s text).
func includeIndex(loc storage.RelFileLocator) *Index {
	return &Index{Locator: loc, Name: "i_incl", HeapName: "t",
		Desc: &tuple.Desc{Attrs: []tuple.Attr{tuple.AttrFor("k", types.OidInt4, -1), tuple.AttrFor("s", types.OidText, -1)}},
		Keys: []KeyColumn{{Compare: intCmp}}}
}

// TestIncludeColumns: inserted and built indexes with an INCLUDE column
// and many equal keys stay consistent, scans return entries in key and
// heap TID order with their included values, and no pivot tuple (high
// key or downlink) carries the included column.
func TestIncludeColumns(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	n, nk := 20000, 40
	rng := rand.New(rand.NewPCG(11, 11))
	es := make([]entry, n)
	for i := range es {
		s := types.Text(fmt.Sprintf("v%d %s", rng.IntN(1000), strings.Repeat("y", rng.IntN(120))))
		es[i] = entry{vals: []types.Datum{types.Int(int64(rng.IntN(nk))), s}, tid: tidOf(i)}
	}
	ins := includeIndex(testLocs[0])
	createEmpty(t, b.env, ins)
	insertAll(t, b.env, ins, es)
	built := includeIndex(testLocs[1])
	sorted := sortedCopy(built, es)
	buildFrom(t, b.env, built, sorted)
	for _, ix := range []*Index{ins, built} {
		if res := mustCheck(t, b.env, ix); res.LeafTuples != n || res.Levels < 2 {
			t.Fatalf("%s: %+v", ix.Locator, res)
		}
		checkScans(t, b.env, ix, sorted, rand.New(rand.NewPCG(12, 12)), nk, 30)
		// The included values come back with each entry.
		byTID := map[TID]string{}
		for _, en := range es {
			byTID[en.tid] = en.vals[1].Text()
		}
		sc, err := BeginScan(b.env, ix, []ScanKey{{Column: 0, Strategy: Equal, Arg: types.Int(7)}}, Forward)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for {
			tid, ok, err := sc.Next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			vals, err := sc.Values()
			if err != nil {
				t.Fatal(err)
			}
			if len(vals) != 2 || vals[0].Int() != 7 || vals[1].Text() != byTID[tid] {
				t.Fatalf("entry %v: values %v, want 7 and %q", tid, vals, byTID[tid])
			}
			count++
		}
		sc.Close()
		if count == 0 {
			t.Fatal("no entry with key 7")
		}
		// Pivots hold key attributes only.
		pivots := 0
		for blk, p := range b.pages(ix.Locator) {
			o := opaqueOf(p)
			if blk == 0 {
				continue
			}
			first := o.firstDataKey()
			for off := first - 1; off <= p.MaxOffset(); off++ {
				if off < 1 || o.isLeaf() && off >= first || !o.isLeaf() && off == first {
					continue
				}
				if o.isRightmost() && off == pHikey {
					continue
				}
				it := itemAt(p, off)
				if !it.isPivot() || it.natts(ix) > len(ix.Keys) {
					t.Fatalf("block %d item %d: pivot %v with %d attributes", blk, off, it.isPivot(), it.natts(ix))
				}
				// Nothing beyond its attributes and heap TID: formed
				// again from its values, it is as long.
				vals := make([]types.Datum, ix.natts())
				dec := decoder{ix: ix}
				na, err := dec.decode(it, vals, true)
				if err != nil {
					t.Fatal(err)
				}
				if na > 0 {
					again, err := ix.formTuple(vals[:na], TID{})
					if err != nil {
						t.Fatal(err)
					}
					want := again.size()
					if _, has := it.heapTID(); has {
						want += 8
					}
					if it.size() != want {
						t.Fatalf("block %d item %d: pivot of %d bytes, its %d attributes need %d", blk, off, it.size(), na, want)
					}
				}
				pivots++
			}
		}
		if pivots == 0 {
			t.Fatal("no pivot tuples checked")
		}
	}
}
