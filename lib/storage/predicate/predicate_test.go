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
	if err := b.Register(context.Background(), Transaction{Database: 5, Pid: int32(1000 + procIndex), ReadOnly: readOnly, TakeSnapshot: func() {}}); err != nil {
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
	err := b.Register(context.Background(), Transaction{TakeSnapshot: func() { t.Fatal("snapshot taken without a slot") }})
	if pe := pgerr.As(err); pe == nil || pe.Code != pgerr.OutOfMemory || pe.Message != "out of shared memory" || !strings.Contains(pe.Hint, "max_connections") {
		t.Fatalf("got %v, want 53200 out of shared memory", err)
	}
	// An aborted transaction frees its slot at once.
	open[0].Release(false)
	begin(t, sh, 0, false)
}

func TestManyRelationsCountAsAll(t *testing.T) {
	sh := newTable(t)
	a, b := begin(t, sh, 0, false), begin(t, sh, 1, false)
	for rel := uint32(16384); rel < 16384+uint32(sh.hdr.relsPerSlot)+5; rel++ {
		must(t, a.ReadRelation(rel))
	}
	if !sh.has(a.my, flagReadAll) {
		t.Fatal("a full read list did not promote to every relation")
	}
	// A relation beyond the list still conflicts.
	must(t, b.WriteRelation(99999, 3))
	if !bitTest(sh.set(sh.out, a.my), b.my) {
		t.Fatal("no rw-conflict from the promoted reader")
	}
}
