// Summarization of committed transactions without the SQL layer: the
// table never fills with committed transactions while one stays open,
// and the dangerous structures involving summarized transactions are
// still found, through pg_serial and the summarized locks.

package predicate

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// summarizeAll summarizes every committed transaction, oldest first.
func summarizeAll(t *testing.T, sh *Shared) {
	t.Helper()
	o := &shmem.Owner{}
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	for {
		ok, err := sh.summarizeOldest(o)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
	}
}

func TestLongTransactionDoesNotFillTheTable(t *testing.T) {
	sh := newTable(t)
	long := begin(t, sh, 0, false)
	must(t, long.Read(TupleTarget(16384, 0, 1)))
	for i := range 3 * len(sh.slots) {
		s := begin(t, sh, 1, false)
		must(t, s.Read(TupleTarget(16385, uint32(i%7), 1)))
		must(t, s.Write(TupleTarget(16386, uint32(i), 1), uint32(1000+i)))
		must(t, s.PreCommit())
		s.Release(true)
	}
	if n := sh.InUse(&shmem.Owner{}); n != len(sh.slots) {
		t.Fatalf("%d slots in use, want all %d (committed ones summarized on demand)", n, len(sh.slots))
	}
	// The summarized reads merged per target; the writes, by writer.
	reads := 0
	for _, l := range sh.Status(&shmem.Owner{}) {
		if l.Pid == 0 {
			reads++
		}
	}
	if reads == 0 || reads > 7 {
		t.Fatalf("%d summarized SIREAD locks, want one per target read (7 at most)", reads)
	}
	long.Release(true)
	// Nothing overlaps what is left: all of it goes.
	if n := sh.InUse(&shmem.Owner{}); n != 0 || sh.hdr.oldReads != 0 || sh.hdr.oldWrites != 0 {
		t.Fatalf("%d slots and summarized lists %d/%d left", n, sh.hdr.oldReads, sh.hdr.oldWrites)
	}
}

func TestConflictOutToSummarizedPivot(t *testing.T) {
	sh := newTable(t)
	const x, y = 16384, 16385
	long := begin(t, sh, 0, false)
	pivot, t2 := begin(t, sh, 1, false), begin(t, sh, 2, false)
	// pivot → t2 (pivot read x, which t2 wrote), t2 commits first; then
	// pivot writes y and commits with a conflict out to t2.
	must(t, pivot.ReadRelation(x))
	must(t, t2.WriteRelation(x, 200))
	must(t, t2.PreCommit())
	t2.Release(true)
	must(t, pivot.WriteRelation(y, 201))
	must(t, pivot.PreCommit())
	pivot.Release(true)
	summarizeAll(t, sh)
	got, err := sh.serial.MinConflictCommitSeqNo(&shmem.Owner{}, 201)
	if err != nil || got == 0 || got == transam.SerialNoConflict {
		t.Fatalf("pg_serial for the pivot: %d, %v; want t2's commit", got, err)
	}
	if v, _ := sh.serial.MinConflictCommitSeqNo(&shmem.Owner{}, 200); v != transam.SerialNoConflict {
		t.Fatalf("pg_serial for t2: %d, want no conflict", v)
	}
	// long read y under a snapshot before pivot's commit: long → pivot →
	// t2 with t2 first.
	wantReason(t, long.ReadRelation(y), "Canceled on conflict out to old pivot 201.")
}

func TestSummarizedReadLocksStillConflict(t *testing.T) {
	sh := newTable(t)
	const x, y = 16384, 16385
	long := begin(t, sh, 0, false)
	short := begin(t, sh, 1, false)
	// Write skew: short reads x, writes y, commits and is summarized;
	// long, concurrent, writes x then reads y.
	must(t, short.Read(TupleTarget(x, 0, 1)))
	must(t, short.Write(TupleTarget(y, 0, 1), 300))
	must(t, short.PreCommit())
	short.Release(true)
	summarizeAll(t, sh)
	if sh.hdr.oldReads == 0 || sh.hdr.oldWrites == 0 {
		t.Fatal("nothing summarized")
	}
	must(t, long.Write(TupleTarget(x, 0, 1), 301))
	if !sh.has(long.my, flagSummaryConflictIn) {
		t.Fatal("the summarized SIREAD lock did not conflict")
	}
	wantReason(t, long.Read(TupleTarget(y, 0, 1)), "Canceled on identification as a pivot, with conflict out to old committed transaction 300.")
	long.Release(false)

	// The other order: read first, then the write meets the lock.
	long = begin(t, sh, 0, false)
	short = begin(t, sh, 1, false)
	must(t, short.Read(TupleTarget(x, 0, 2)))
	must(t, short.Write(TupleTarget(y, 0, 2), 302))
	must(t, short.PreCommit())
	short.Release(true)
	summarizeAll(t, sh)
	must(t, long.Read(TupleTarget(y, 0, 2)))
	if !sh.has(long.my, flagSummaryConflictOut) {
		t.Fatal("no conflict out to the summarized writer")
	}
	wantReason(t, long.Write(TupleTarget(x, 0, 2), 303), "Canceled on identification as a pivot, during write.")
	long.Release(false)

	// A transaction whose snapshot sees the summarized commit has no
	// conflict with it.
	keep := begin(t, sh, 2, false)
	short = begin(t, sh, 1, false)
	must(t, short.Read(TupleTarget(x, 0, 3)))
	must(t, short.Write(TupleTarget(y, 0, 3), 304))
	must(t, short.PreCommit())
	short.Release(true)
	summarizeAll(t, sh)
	later := begin(t, sh, 0, false)
	must(t, later.Read(TupleTarget(y, 0, 3)))
	must(t, later.Write(TupleTarget(x, 0, 3), 305))
	must(t, later.PreCommit())
	later.Release(true)
	keep.Release(true)
}

func TestCompactionMakesRoom(t *testing.T) {
	sh := newTable(t)
	long := begin(t, sh, 0, false)
	// Summarized write targets, one tuple each, until the lock table
	// is nearly full.
	for i := 0; sh.hdr.free != 0; i++ {
		s := begin(t, sh, 1, false)
		must(t, s.Write(TupleTarget(16384, uint32(i/4), uint16(i%4+1)), uint32(1000+i)))
		must(t, s.PreCommit())
		s.Release(true)
		summarizeAll(t, sh)
	}
	// A new lock finds room: the summarized tuples became pages.
	must(t, long.Read(TupleTarget(16385, 0, 1)))
	n := 0
	for e := sh.hdr.oldWrites; e != 0; e = sh.entries[e-1].next {
		if !sh.entries[e-1].target.isPage() {
			t.Fatalf("summarized write entry %+v after compaction", sh.entries[e-1].target)
		}
		n++
	}
	if n == 0 || n > len(sh.entries)/4+1 {
		t.Fatalf("%d summarized write entries after compaction", n)
	}
	// long, concurrent with all of them, reading one still conflicts.
	must(t, long.Read(TupleTarget(16384, 0, 2)))
	if !sh.has(long.my, flagSummaryConflictOut) {
		t.Fatal("the merged entries lost the conflict")
	}
}
