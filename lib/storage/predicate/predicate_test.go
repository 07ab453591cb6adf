// The table's own rules without the SQL layer: dangerous structures with
// the reason codes PostgreSQL gives, release of aborted and no longer
// needed committed transactions, and the bounded table (53200).

package predicate

import (
	"context"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

func newTable(t *testing.T) *Shared {
	t.Helper()
	s := config.New()
	if err := s.Set("max_connections", "2", config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	// pg_serial's files go to a directory of the test's.
	if err := s.Set("data_directory", t.TempDir(), config.ContextPostmaster, config.SourceCommandLine); err != nil {
		t.Fatal(err)
	}
	seg, err := shmem.Create(int64(ShmemSize(s) + 4096))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	sh, err := CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return sh
}

// begin registers a serializable transaction as a process of its own.
func begin(t *testing.T, sh *Shared, procIndex int, readOnly bool) *Backend {
	t.Helper()
	b := sh.NewBackend(&shmem.Owner{Pid: int32(1000 + procIndex)}, procIndex)
	if err := b.Register(context.Background(), Transaction{Database: 5, Pid: int32(1000 + procIndex), ReadOnly: readOnly, TakeSnapshot: func() (uint32, error) { return 3, nil }}); err != nil {
		t.Fatal(err)
	}
	return b
}

func wantReason(t *testing.T, err error, reason string) {
	t.Helper()
	pe := pgerr.As(err)
	if pe == nil || pe.Code != pgerr.TRSerializationFailure || pe.Detail != "Reason code: "+reason {
		t.Fatalf("got %v, want 40001 with reason %q", err, reason)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteSkewDoomsThePivot(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	const rel = 16384
	must(t, a.ReadRelation(rel))
	must(t, b.ReadRelation(rel))
	must(t, a.WriteRelation(rel, 100))
	must(t, b.WriteRelation(rel, 101))
	must(t, a.PreCommit())
	a.Release(true)
	// b is the pivot a's commit doomed: its next read fails, as would
	// its commit.
	wantReason(t, b.ReadRelation(rel+1), "Canceled on identification as a pivot, during conflict out checking.")
	wantReason(t, b.PreCommit(), "Canceled on identification as a pivot, during commit attempt.")
	b.Release(false)
	if n := sh.InUse(&shmem.Owner{}); n != 0 {
		t.Fatalf("%d transactions left recorded", n)
	}
}

func TestReaderWriterCommit(t *testing.T) {
	sh := newTable(t)
	const rel = 16384
	r, w := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, r.ReadRelation(rel))
	must(t, w.WriteRelation(rel, 7))
	must(t, w.PreCommit())
	w.Release(true)
	// w stays recorded while r, which overlaps it, runs.
	if n := sh.InUse(&shmem.Owner{}); n != 2 {
		t.Fatalf("%d transactions recorded, want 2", n)
	}
	must(t, r.PreCommit())
	r.Release(true)
	if n := sh.InUse(&shmem.Owner{}); n != 0 {
		t.Fatalf("%d transactions left recorded", n)
	}
}

func TestDisjointRelationsDoNotConflict(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.ReadRelation(16384))
	must(t, b.ReadRelation(16385))
	must(t, a.WriteRelation(16384, 1))
	must(t, b.WriteRelation(16385, 2))
	must(t, a.PreCommit())
	a.Release(true)
	must(t, b.PreCommit())
	b.Release(true)
}

func TestTableFullIsOutOfSharedMemory(t *testing.T) {
	sh := newTable(t)
	var open []*Backend
	for i := range sh.slots {
		open = append(open, begin(t, sh, i, false))
	}
	b := sh.NewBackend(&shmem.Owner{}, 0)
	err := b.Register(context.Background(), Transaction{TakeSnapshot: func() (uint32, error) { t.Fatal("snapshot taken without a slot"); return 0, nil }})
	if pe := pgerr.As(err); pe == nil || pe.Code != pgerr.OutOfMemory || pe.Message != "out of shared memory" || !strings.Contains(pe.Hint, "max_connections") {
		t.Fatalf("got %v, want 53200 out of shared memory", err)
	}
	// An aborted transaction frees its slot at once.
	open[0].Release(false)
	begin(t, sh, 0, false)
}

// conflicted reports whether reader has an rw-conflict out to writer.
func conflicted(sh *Shared, reader, writer *Backend) bool {
	return bitTest(sh.set(sh.out, reader.my), writer.my)
}

func TestTupleLocksConflictOnlyOnOverlap(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.Read(TupleTarget(16384, 0, 1)))
	must(t, b.Read(TupleTarget(16384, 0, 2)))
	must(t, a.Write(TupleTarget(16384, 0, 1), 1))
	must(t, b.Write(TupleTarget(16384, 0, 2), 2))
	if conflicted(sh, a, b) || conflicted(sh, b, a) {
		t.Fatal("different tuples conflicted")
	}
	// A write of a's tuple, before or after a reads it, is found.
	must(t, b.Write(TupleTarget(16384, 0, 1), 2))
	if !conflicted(sh, a, b) {
		t.Fatal("write of a read tuple: no rw-conflict")
	}
	must(t, b.Read(PageTarget(16384, 0)))
	if !conflicted(sh, b, a) {
		t.Fatal("page read over a written tuple: no rw-conflict")
	}
}

func TestPromotion(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	for off := uint16(1); off <= 3; off++ {
		must(t, a.Read(TupleTarget(16384, 7, off)))
	}
	st := sh.Status(&shmem.Owner{})
	if len(st) != 1 || st[0].Target != PageTarget(16384, 7) {
		t.Fatalf("three tuple locks on a page: %+v, want one page lock", st)
	}
	// The page lock covers a tuple a never read.
	must(t, b.Write(TupleTarget(16384, 7, 40), 2))
	if !conflicted(sh, a, b) {
		t.Fatal("promoted page lock missed a write")
	}
	perRelation, _ := a.limits()
	for blk := uint32(100); blk <= 100+uint32(perRelation); blk++ {
		must(t, a.Read(PageTarget(16385, blk)))
	}
	st = sh.Status(&shmem.Owner{})
	if len(st) != 2 || st[0].Target != RelationTarget(16385) {
		t.Fatalf("many page locks: %+v, want a relation lock", st)
	}
}

func TestPageSplitAndCombineCarryLocks(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.Read(PageTarget(20000, 1)))
	sh.PageSplit(&shmem.Owner{}, 5, 20000, 1, 2)
	must(t, b.Write(PageTarget(20000, 2), 2))
	if !conflicted(sh, a, b) {
		t.Fatal("insertion into the split's new page missed the reader")
	}
	c := begin(t, sh, 2, false)
	must(t, c.Read(PageTarget(20001, 5)))
	sh.PageCombine(&shmem.Owner{}, 5, 20001, 5, 6)
	st := sh.Status(&shmem.Owner{})
	found := false
	for _, l := range st {
		if l.Target == PageTarget(20001, 5) {
			t.Fatal("the deleted page kept its lock")
		}
		found = found || l.Target == PageTarget(20001, 6)
	}
	if !found {
		t.Fatalf("the right sibling did not get the lock: %+v", st)
	}
}

func TestLockTableFull(t *testing.T) {
	sh := newTable(t)
	a := begin(t, sh, 0, false)
	var err error
	// Tuples one per page of many relations: no promotion helps.
	for rel := uint32(16384); err == nil && rel < 16384+uint32(len(sh.entries))+1; rel++ {
		err = a.Read(TupleTarget(rel, 0, 1))
	}
	pe := pgerr.As(err)
	if pe == nil || pe.Code != pgerr.OutOfMemory || pe.Hint != "You might need to increase max_pred_locks_per_transaction." {
		t.Fatalf("got %v, want 53200", err)
	}
	a.Release(false)
	if sh.hdr.free == 0 {
		t.Fatal("an aborted transaction kept its locks")
	}
}

func TestIndexPageAndNewTupleWrites(t *testing.T) {
	sh := newTable(t)
	a, w := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.Read(PageTarget(30000, 1)))
	must(t, w.WriteIndexPage(PageTarget(30000, 1), 9))
	if !conflicted(sh, a, w) {
		t.Fatal("insertion into a scanned leaf: no rw-conflict")
	}
	// The insertion is not recorded: a later reader of the leaf finds
	// the entry's row instead, if its scan reaches it.
	c := begin(t, sh, 2, false)
	must(t, w.WriteIndexPage(PageTarget(30000, 2), 9))
	must(t, c.Read(PageTarget(30000, 2)))
	if conflicted(sh, c, w) {
		t.Fatal("a leaf read conflicted with an earlier insertion it never came across")
	}
	// A new row meets readers of the whole table only...
	d := begin(t, sh, 3, false)
	must(t, d.Read(PageTarget(30001, 4)))
	must(t, w.WriteNewTuple(TupleTarget(30001, 4, 7), 9))
	if conflicted(sh, d, w) {
		t.Fatal("a page lock met a new row")
	}
	must(t, c.Read(RelationTarget(30001)))
	if !conflicted(sh, c, w) {
		t.Fatal("a table read missed a new row")
	}
	// ...and a reader that comes across it without seeing it.
	e := begin(t, sh, 4, false)
	must(t, e.ReadInvisible(TupleTarget(30001, 4, 7)))
	if !conflicted(sh, e, w) {
		t.Fatal("an invisible new row: no rw-conflict")
	}
	if st := sh.Status(&shmem.Owner{}); len(st) != 4 {
		t.Fatalf("locks %+v: an invisible row took a lock", st)
	}
}

func TestRewriteTransfersToRelation(t *testing.T) {
	sh := newTable(t)
	a, w := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.Read(TupleTarget(31000, 2, 3)))
	must(t, a.Read(PageTarget(31000, 5)))
	sh.TransferToRelation(&shmem.Owner{}, 5, 31000)
	st := sh.Status(&shmem.Owner{})
	if len(st) != 1 || st[0].Target != RelationTarget(31000) {
		t.Fatalf("after a rewrite: %+v, want one relation lock", st)
	}
	// Any tuple of the new file meets it.
	must(t, w.Write(TupleTarget(31000, 9, 1), 4))
	if !conflicted(sh, a, w) {
		t.Fatal("the relation lock missed a write")
	}
}

func TestRetiredIndexLocksMoveToHeap(t *testing.T) {
	sh := newTable(t)
	a, w := begin(t, sh, 0, false), begin(t, sh, 1, false)
	must(t, a.Read(PageTarget(32001, 3))) // a leaf of index 32001 on table 32000
	must(t, a.Read(TupleTarget(32000, 1, 4)))
	sh.TransferIndexToHeap(&shmem.Owner{}, 5, 32001, 32000)
	st := sh.Status(&shmem.Owner{})
	if len(st) != 1 || st[0].Target != RelationTarget(32000) {
		t.Fatalf("after the index went: %+v, want one lock on the table", st)
	}
	// An insertion into the table now meets the reader.
	must(t, w.WriteNewTuple(TupleTarget(32000, 8, 1), 4))
	if !conflicted(sh, a, w) {
		t.Fatal("the table lock missed an insertion")
	}
}
