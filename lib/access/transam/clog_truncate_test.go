// Tests of the commit log's truncation: which segments go and which
// stay, the CLOG_TRUNCATE record written before the removal and its
// redo, pg_xact_status of truncated ids, and TruncateFrozen's limits.

package transam

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// clogSegmentXacts is how many xids one pg_xact segment holds.
const clogSegmentXacts = ClogXactsPerPage * slruPagesPerSegment

// fillCLOGSegments makes pg_xact hold segments 0 to n-1, with xid
// first+k*clogSegmentXacts committed in each (first page of segment 0
// from BootStrapCLOG), and writes them out. It returns those xids.
func fillCLOGSegments(t *testing.T, e *testEnv, o *shmem.Owner, first TransactionId, n int) []TransactionId {
	t.Helper()
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	var xids []TransactionId
	for k := range n {
		x := first + TransactionId(k*clogSegmentXacts)
		if k > 0 {
			if err := e.m.ZeroCLOGPageFor(o, x); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.m.TransactionIdSetStatus(o, x, StatusCommitted, 0); err != nil {
			t.Fatal(err)
		}
		xids = append(xids, x)
	}
	last := xids[n-1]
	e.m.SetNextXid(o, FullTransactionId(last+1))
	e.m.StartupCLOG(o)
	if err := e.m.CheckPointCLOG(o); err != nil {
		t.Fatal(err)
	}
	return xids
}

func clogSegments(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "pg_xact"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ent := range ents {
		names = append(names, ent.Name())
	}
	return names
}

func TestTruncateCLOG(t *testing.T) {
	e := newEnv(t, "")
	w := &fakeWAL{}
	e.m.SetWAL(w)
	o, _ := e.backend(t)
	xids := fillCLOGSegments(t, e, o, 100, 4)
	if got := clogSegments(t, e.dir); !slices.Equal(got, []string{"0000", "0001", "0002", "0003"}) {
		t.Fatalf("segments before truncation: %v", got)
	}
	// The oldest datfrozenxid lies in segment 2, past its first page:
	// segments 0 and 1 go; 2 (holding the cutoff) and 3 stay.
	cutoff := TransactionId(2*clogSegmentXacts + 5*ClogXactsPerPage + 17)
	if err := e.m.TruncateCLOG(o, cutoff, 5); err != nil {
		t.Fatal(err)
	}
	if got := clogSegments(t, e.dir); !slices.Equal(got, []string{"0002", "0003"}) {
		t.Fatalf("segments after truncation at %d: %v", cutoff, got)
	}
	recs := w.records(RmgrCLOG)
	last := recs[len(recs)-1]
	if last.info != CLOGTruncate || DescribeCLOG(last.info, last.data) != "page 69; oldestXact 2261009" {
		t.Fatalf("truncate record: %#x %q", last.info, DescribeCLOG(last.info, last.data))
	}
	if r, _ := decodeCLOGTruncate(last.data); r.oldestDB != 5 || len(last.data) != sizeOfCLOGTruncate {
		t.Fatalf("truncate record %+v, %d bytes", r, len(last.data))
	}
	// Flushed before the files went.
	if w.flushed < last.lsn {
		t.Fatalf("WAL flushed to %x, truncate record ends at %x", w.flushed, last.lsn)
	}
	if got, db := e.m.OldestClogXid(o); got != cutoff || db != 5 {
		t.Fatalf("oldestClogXid %d in %d, want %d in 5", got, db, cutoff)
	}
	// The statuses kept still read, from buffers and from disk.
	for _, x := range xids[2:] {
		if ok, err := AttachShared(e.seg).TransactionIdDidCommit(o, x); err != nil || !ok {
			t.Fatalf("kept xid %d: %v %v", x, ok, err)
		}
	}
	// pg_xact_status: a removed id, and one before the cutoff in the
	// segment kept, are too old to tell; a kept one is committed.
	for _, x := range []TransactionId{xids[0], xids[1], cutoff - 1} {
		if st, ok, err := e.m.XactStatus(o, FullTransactionId(x)); err != nil || ok {
			t.Fatalf("pg_xact_status(%d) = %q %v %v, want NULL", x, st, ok, err)
		}
	}
	if st, ok, err := e.m.XactStatus(o, FullTransactionId(xids[3])); err != nil || !ok || st != "committed" {
		t.Fatalf("pg_xact_status(%d) = %q %v %v", xids[3], st, ok, err)
	}
	// Nothing more to remove: no record.
	n := len(w.records(RmgrCLOG))
	if err := e.m.TruncateCLOG(o, cutoff+10, 5); err != nil {
		t.Fatal(err)
	}
	if len(w.records(RmgrCLOG)) != n {
		t.Fatal("a truncation with nothing to remove was logged")
	}
	// A cutoff at a segment's first xid keeps that segment.
	if err := e.m.TruncateCLOG(o, TransactionId(3*clogSegmentXacts), 5); err != nil {
		t.Fatal(err)
	}
	if got := clogSegments(t, e.dir); !slices.Equal(got, []string{"0003"}) {
		t.Fatalf("segments after truncation at segment 3's start: %v", got)
	}
	if o.LocksHeld != 0 {
		t.Fatal("locks leaked")
	}
}

// TestRedoCLOGTruncate replays a CLOG_TRUNCATE record over a directory
// whose segments a crash left behind (the record flushed, the files not
// yet removed): redo removes them and moves oldestClogXid.
func TestRedoCLOGTruncate(t *testing.T) {
	e := newEnv(t, "")
	w := &fakeWAL{}
	e.m.SetWAL(w)
	o, _ := e.backend(t)
	fillCLOGSegments(t, e, o, 100, 3)
	if err := e.m.TruncateCLOG(o, TransactionId(2*clogSegmentXacts+40), 7); err != nil {
		t.Fatal(err)
	}
	recs := w.records(RmgrCLOG)
	rec := recs[len(recs)-1]

	r := newEnv(t, "")
	ro, _ := r.backend(t)
	fillCLOGSegments(t, r, ro, 100, 3)
	// Recovery starts from a checkpoint whose nextXid is older than the
	// segments redo will see (the SLRU's latest page lags behind).
	r.m.SetNextXid(ro, FullTransactionId(200))
	r.m.StartupCLOG(ro)
	r.m.SetOldestClogXid(ro, FirstNormalTransactionId, 1)
	r.m.SetInRecovery(true)
	if err := r.m.RedoCLOG(ro, rec.info, rec.data); err != nil {
		t.Fatal(err)
	}
	r.m.SetInRecovery(false)
	if got := clogSegments(t, r.dir); !slices.Equal(got, []string{"0002"}) {
		t.Fatalf("segments after redo: %v", got)
	}
	if got, db := r.m.OldestClogXid(ro); got != TransactionId(2*clogSegmentXacts+40) || db != 7 {
		t.Fatalf("oldestClogXid after redo: %d in %d", got, db)
	}
	// Replaying it again (a second crash) is harmless.
	r.m.SetInRecovery(true)
	if err := r.m.RedoCLOG(ro, rec.info, rec.data); err != nil {
		t.Fatal(err)
	}
	if err := r.m.RedoCLOG(ro, CLOGTruncate, rec.data[:8]); err == nil {
		t.Fatal("a short truncate record was replayed")
	}
}

// TestTruncateFrozen truncates pg_xact from the oldest datfrozenxid
// and sets the xid limits from it, leaving multixacts alone when none
// is named.
func TestTruncateFrozen(t *testing.T) {
	e := newEnv(t, "")
	o, _ := e.backend(t)
	fillCLOGSegments(t, e, o, 100, 3)
	oldest := TransactionId(clogSegmentXacts + 1000)
	e.m.LockWrapLimits(o)
	err := e.m.TruncateFrozen(o, FrozenLimits{OldestXid: oldest, OldestXidDB: 16384, FreezeMaxAge: 200000000})
	e.m.UnlockWrapLimits(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := clogSegments(t, e.dir); !slices.Equal(got, []string{"0001", "0002"}) {
		t.Fatalf("segments: %v", got)
	}
	if e.m.OldestXid() != oldest || e.m.OldestXidDB() != 16384 {
		t.Fatalf("limits from %d in %d", e.m.OldestXid(), e.m.OldestXidDB())
	}
	if got := TransactionId(e.m.vars.xidVacLimit); got != oldest+200000000 {
		t.Fatalf("vacuum limit %d", got)
	}
}
