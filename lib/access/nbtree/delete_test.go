// An insertion that finds its leaf full removes the entries marked
// LP_DEAD first (XLOG_BTREE_DELETE) instead of splitting, and the page
// layout after deleting matches PostgreSQL's rules.

package nbtree

import (
	"bytes"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// killRange marks the entries with keys in [lo, hi) dead through a scan,
// every other one when half is set.
func killRange(t *testing.T, e *Env, ix *Index, lo, hi int64, half bool) int {
	t.Helper()
	i := 0
	return killWhere(t, e, ix, []ScanKey{{0, GreaterEqual, types.Int(lo)}, {0, Less, types.Int(hi)}}, func(TID) bool {
		i++
		return !half || i%2 == 1
	})
}

// killWhere scans ix with keys and reports dead (KillPrior) the entries
// kill picks, in scan order; it returns how many.
func killWhere(t *testing.T, e *Env, ix *Index, keys []ScanKey, kill func(TID) bool) int {
	t.Helper()
	sc, err := BeginScan(e, ix, keys, Forward)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	n := 0
	for {
		tid, ok, err := sc.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return n
		}
		if kill(tid) {
			sc.KillPrior()
			n++
		}
	}
}

func TestInsertDeletesDeadEntries(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	var es []entry
	for i := 0; i < 20000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i * 2))}, tid: tidOf(i)})
	}
	insertAll(t, b.env, ix, es)
	before := mustCheck(t, b.env, ix)
	killed := killRange(t, b.env, ix, 10000, 20000, true)
	var asked [][]TID
	heap := &HeapAccess{DeleteHorizon: func(tids []TID) (uint32, error) {
		asked = append(asked, slices.Clone(tids))
		return 1234, nil
	}}
	start := c.wal.CurrentInsertLSN()
	// Odd keys into the killed range: the pages make room instead of
	// splitting.
	var added []entry
	for i := 0; i < 2000; i++ {
		en := entry{vals: []types.Datum{types.Int(int64(10001 + i*4))}, tid: tidOf(50000 + i)}
		if err := Insert(b.env, ix, en.vals, en.tid, heap); err != nil {
			t.Fatal(err)
		}
		added = append(added, en)
	}
	after := mustCheck(t, b.env, ix)
	if after.Pages != before.Pages || len(asked) == 0 || after.LeafTuples != before.LeafTuples+len(added)-killed+after.DeadTuples {
		t.Fatalf("before %+v, after %+v, %d killed, %d deletions", before, after, killed, len(asked))
	}
	if err := b.wal.Flush(b.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	deletes := 0
	for _, rec := range readRecords(t, c.dir, start) {
		if rec.Rmid() == xlog.RmgrBtree && rec.Info()&0xF0 == XLogBtreeDelete {
			deletes++
			if le.Uint32(rec.MainData) != 1234 {
				t.Fatalf("latestRemovedXid %d", le.Uint32(rec.MainData))
			}
		}
	}
	if deletes != len(asked) {
		t.Fatalf("%d DELETE records, %d deletions", deletes, len(asked))
	}
	// What remains: the entries not killed, and the new ones.
	gone := map[TID]bool{}
	for _, ts := range asked {
		for _, tid := range ts {
			gone[tid] = true
		}
	}
	var want []entry
	for _, en := range append(es, added...) {
		if !gone[en.tid] {
			want = append(want, en)
		}
	}
	got := scanTIDs(t, b.env, ix, nil, Forward)
	// Killed entries not yet deleted are skipped by scans too.
	var live []TID
	for _, en := range sortedCopy(ix, want) {
		live = append(live, en.tid)
	}
	if len(got) != len(live)-after.DeadTuples {
		t.Fatalf("%d entries scanned, %d expected less %d dead", len(got), len(live), after.DeadTuples)
	}
}

// PageIndexMultiDelete and PageIndexTupleDelete keep the remaining items
// in order and in place as PostgreSQL does.
func TestPageIndexDelete(t *testing.T) {
	mk := func() page.Page {
		p := page.Page(make([]byte, page.Size))
		initPage(p)
		for i := 0; i < 10; i++ {
			item := bytes.Repeat([]byte{byte('a' + i)}, 8+8*(i%3))
			item[0] = byte(len(item)) // t_info
			if p.AddItem(item, p.MaxOffset()+1, false, false) == page.InvalidOffset {
				t.Fatal("add")
			}
		}
		return p
	}
	for _, offs := range [][]page.OffsetNumber{{3}, {2, 9}, {1, 4, 5, 10}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}} {
		p := mk()
		want := map[byte]bool{}
		for i := 0; i < 10; i++ {
			want[byte('a'+i)] = !slices.Contains(offs, page.OffsetNumber(i+1))
		}
		if err := pageIndexMultiDelete(p, offs); err != nil {
			t.Fatal(err)
		}
		if int(p.MaxOffset()) != 10-len(offs) {
			t.Fatalf("%v: %d items left", offs, p.MaxOffset())
		}
		prev := byte(0)
		used := 0
		for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
			item := p.Item(off)
			c := item[1]
			if !want[c] || c <= prev || !bytes.Equal(item[1:], bytes.Repeat([]byte{c}, len(item)-1)) {
				t.Fatalf("%v: item %d is %q", offs, off, item)
			}
			prev = c
			used += page.MaxAlignUp(len(item))
		}
		if p.Upper() != p.Special()-used {
			t.Fatalf("%v: pd_upper %d, %d bytes of items", offs, p.Upper(), used)
		}
	}
}
