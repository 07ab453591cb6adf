// LP_DEAD hints from scans, scans of empty and temporary indexes.

package nbtree

import (
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Entries a scan reports dead are marked LP_DEAD when it leaves their
// page, without WAL, and later scans skip them; a page changed since it
// was read is left alone.
func TestKillPrior(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	var es []entry
	for i := 0; i < 5000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i % 1000))}, tid: tidOf(i)})
	}
	insertAll(t, b.env, ix, es)
	before := c.wal.InsertEndLSN()
	sc, err := BeginScan(b.env, ix, []ScanKey{{0, GreaterEqual, types.Int(100)}, {0, Less, types.Int(600)}}, Forward)
	if err != nil {
		t.Fatal(err)
	}
	killed := map[TID]bool{}
	for n := 0; ; n++ {
		tid, ok, err := sc.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if n%3 == 0 {
			sc.KillPrior()
			killed[tid] = true
		}
	}
	sc.Close()
	if after := c.wal.InsertEndLSN(); after != before {
		t.Fatalf("LP_DEAD hints wrote WAL: %v -> %v", before, after)
	}
	res := mustCheck(t, b.env, ix)
	if res.DeadTuples != len(killed) || len(killed) < 800 {
		t.Fatalf("%d entries killed, checker counts %d dead", len(killed), res.DeadTuples)
	}
	var want []TID
	for _, en := range sortedCopy(ix, es) {
		if !killed[en.tid] {
			want = append(want, en.tid)
		}
	}
	if d := diffTIDs(scanTIDs(t, b.env, ix, nil, Forward), want); d != "" {
		t.Fatalf("after kills: %s", d)
	}
	slices.Reverse(want)
	if d := diffTIDs(scanTIDs(t, b.env, ix, nil, Backward), want); d != "" {
		t.Fatalf("after kills, backward: %s", d)
	}

	// A kill on a page that changed before the scan left it is dropped.
	sc, _ = BeginScan(b.env, ix, []ScanKey{{0, Equal, types.Int(999)}}, Forward)
	tid, ok, err := sc.Next()
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	sc.KillPrior()
	if err := Insert(b.env, ix, []types.Datum{types.Int(999)}, tidOf(99999), nil); err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if got := scanTIDs(t, b.env, ix, []ScanKey{{0, Equal, types.Int(999)}}, Forward); !slices.Contains(got, tid) {
		t.Fatalf("entry %v killed on a page that changed: %v", tid, got)
	}
}

func TestEmptyIndex(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	if res := mustCheck(t, b.env, ix); res.Levels != 0 {
		t.Fatalf("%+v", res)
	}
	for _, dir := range []Direction{Forward, Backward} {
		if got := scanTIDs(t, b.env, ix, nil, dir); len(got) != 0 {
			t.Fatal(got)
		}
		if got := scanTIDs(t, b.env, ix, []ScanKey{{0, Equal, types.Int(1)}}, dir); len(got) != 0 {
			t.Fatal(got)
		}
	}
	if err := Build(b.env, ix, func() ([]types.Datum, TID, bool, bool, error) { return nil, TID{}, false, false, nil }); err == nil {
		t.Fatal("building over an existing index succeeded")
	}
}

// A temporary index lives in local buffers and writes no WAL.
func TestTemporaryIndex(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	b.pool.SetBackendID(3)
	loc := storage.RelFileLocator{Spc: storage.DefaultTablespace, DB: 5, Rel: 16500, Backend: 3}
	m := smgr.New(c.dir, nil)
	if err := m.Create(loc, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	m.CloseAll()
	ix := intIndex(loc, false, false)
	ix.Unique = true
	before := c.wal.InsertEndLSN()
	createEmpty(t, b.env, ix)
	var es []entry
	for i := 0; i < 20000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i * 7919 % 20000))}, tid: tidOf(i)})
	}
	uc := &HeapAccess{Check: func(TID) (HeapState, uint32, error) { return HeapLive, 0, nil }}
	for _, en := range es {
		if err := Insert(b.env, ix, en.vals, en.tid, uc); err != nil {
			t.Fatal(err)
		}
	}
	if err := Insert(b.env, ix, es[5].vals, tidOf(30000), uc); err == nil {
		t.Fatal("duplicate accepted")
	}
	recs := readRecords(t, c.dir, before)
	for _, rec := range recs {
		if rec.Rmid() == xlog.RmgrBtree || rec.Rmid() == xlog.RmgrXLOG && rec.Info() == xlog.InfoFPI {
			t.Fatalf("temporary index logged %s", Identify(rec.Info()))
		}
	}
	mustCheck(t, b.env, ix)
	mustScanAll(t, b.env, ix, es)
}

// Long loops give way to a cancel request (Env.Interrupt): a build, a
// scan crossing pages and the checker stop with its error and let go of
// their buffers.
func TestInterrupt(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	var es []entry
	for i := 0; i < 20000; i++ {
		es = append(es, entry{vals: []types.Datum{types.Int(int64(i))}, tid: tidOf(i)})
	}
	buildFrom(t, b.env, ix, es)
	canceled := pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
	calls := 0
	b.env.Interrupt = func() error {
		if calls++; calls > 3 {
			return canceled
		}
		return nil
	}
	defer func() { b.env.Interrupt = nil }()
	sc, err := BeginScan(b.env, ix, nil, Forward)
	if err != nil {
		t.Fatal(err)
	}
	var serr error
	for {
		_, ok, err := sc.Next()
		if err != nil || !ok {
			serr = err
			break
		}
	}
	sc.Close()
	if serr != canceled {
		t.Fatalf("scan: %v", serr)
	}
	calls = 0
	if _, err := Check(b.env, ix); err != canceled {
		t.Fatalf("check: %v", err)
	}
	calls = 0
	other := intIndex(testLocs[1], false, false)
	i := 0
	err = Build(b.env, other, func() ([]types.Datum, TID, bool, bool, error) {
		i++
		return []types.Datum{types.Int(int64(i))}, tidOf(i), true, true, nil
	})
	if err != canceled {
		t.Fatalf("build: %v", err)
	}
	if n := b.pool.Close(); n != 0 {
		t.Fatalf("%d pins left", n)
	}
}
