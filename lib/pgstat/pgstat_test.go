package pgstat

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func newTestShared(t *testing.T) (*Shared, *shmem.Owner) {
	t.Helper()
	seg, err := shmem.Create(int64(ShmemSize(nil)) + 1<<16)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	sh, err := CreateShared(seg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sh, &shmem.Owner{Pid: int32(os.Getpid())}
}

// flushed flushes b and returns the shared counts of relation oid.
func flushed(t *testing.T, b *Backend, oid uint32) TableStats {
	t.Helper()
	b.Flush(true)
	ts, _ := b.sh.Table(b.owner, b.db, oid)
	return ts
}

// TestTransactionalCounts follows pgstat_relation.c's rules: a committed
// insert is live, an aborted one dead; updates and deletes leave dead
// tuples; a rolled-back savepoint's rows are dead while a released one's
// count with its parent; a committed TRUNCATE restarts the live and dead
// counts, a rolled-back one is forgotten.
func TestTransactionalCounts(t *testing.T) {
	sh, o := newTestShared(t)
	b := sh.NewBackend(o, nil, 5)
	const oid = 16400
	rel := func() *Relation { return b.Relation(oid, false, storage.RelFileLocator{}) }

	rel().CountInsert(10)
	rel().CountUpdate(false)
	rel().CountDelete()
	b.AtEOXact(true)
	if got := flushed(t, b, oid); got.LiveTuples != 9 || got.DeadTuples != 2 || got.TuplesInserted != 10 ||
		got.ChangesSinceAnalyze != 12 || got.InsertsSinceVacuum != 10 {
		t.Fatalf("after a commit: %+v", got)
	}

	rel().CountInsert(4)
	b.AtEOXact(false)
	if got := flushed(t, b, oid); got.LiveTuples != 9 || got.DeadTuples != 6 || got.TuplesInserted != 14 || got.ChangesSinceAnalyze != 12 {
		t.Fatalf("after a rollback: %+v", got)
	}

	// BEGIN; INSERT 2; SAVEPOINT a; INSERT 3; DELETE 1; ROLLBACK TO a;
	// SAVEPOINT b; DELETE 1; RELEASE b; COMMIT.
	rel().CountInsert(2)
	b.AtSubStart(1)
	rel().CountInsert(3)
	rel().CountDelete()
	b.AtSubEnd(1, false)
	b.AtSubStart(1)
	rel().CountDelete()
	b.AtSubEnd(1, true)
	if c := rel().PendingInXact(); c.TuplesInserted != 5 || c.TuplesDeleted != 2 {
		t.Fatalf("pending in the transaction: %+v", c)
	}
	b.AtEOXact(true)
	if got := flushed(t, b, oid); got.LiveTuples != 10 || got.DeadTuples != 10 || got.TuplesDeleted != 3 {
		t.Fatalf("after savepoints: %+v", got)
	}

	// BEGIN; TRUNCATE; INSERT 1; COMMIT.
	rel().CountTruncate()
	rel().CountInsert(1)
	b.AtEOXact(true)
	if got := flushed(t, b, oid); got.LiveTuples != 1 || got.DeadTuples != 0 || got.InsertsSinceVacuum != 1 {
		t.Fatalf("after a truncate: %+v", got)
	}

	// BEGIN; INSERT 1; SAVEPOINT x; TRUNCATE; INSERT 2; ROLLBACK TO x;
	// COMMIT: the rollback brings back the savepoint's counts from
	// before the TRUNCATE (none), so the two rows count nowhere, as in
	// PostgreSQL.
	rel().CountInsert(1)
	b.AtSubStart(1)
	rel().CountTruncate()
	rel().CountInsert(2)
	b.AtSubEnd(1, false)
	b.AtEOXact(true)
	if got := flushed(t, b, oid); got.LiveTuples != 2 || got.DeadTuples != 0 || got.TuplesInserted != 21 {
		t.Fatalf("after a rolled-back truncate: %+v", got)
	}

	// ANALYZE inside a transaction that inserted 5: the commit adds them.
	rel().CountInsert(5)
	b.ReportAnalyze(oid, false, 7, 0, true)
	b.AtEOXact(true)
	if got := flushed(t, b, oid); got.LiveTuples != 7 || got.ChangesSinceAnalyze != 5 || got.AnalyzeCount != 1 || got.AnalyzeTime == 0 {
		t.Fatalf("after an analyze in a transaction: %+v", got)
	}

	b.ReportVacuum(oid, false, 3, 1)
	if got := flushed(t, b, oid); got.LiveTuples != 3 || got.DeadTuples != 1 || got.InsertsSinceVacuum != 0 || got.VacuumCount != 1 || got.AutovacuumCount != 0 {
		t.Fatalf("after a vacuum: %+v", got)
	}
	av := sh.NewBackend(o, nil, 5)
	av.SetAutovacuumWorker()
	av.ReportVacuum(oid, false, 3, 0)
	if got := flushed(t, b, oid); got.AutovacuumCount != 1 || got.VacuumCount != 1 || got.AutovacuumTime == 0 {
		t.Fatalf("after an autovacuum: %+v", got)
	}
	counts := sh.DatabaseTables(o, 5)
	if len(counts) != 1 || counts[0].OID != oid || counts[0].DeadTuples != 0 || counts[0].LastVacuum == 0 {
		t.Fatalf("DatabaseTables: %+v", counts)
	}

	if d, ok := sh.Database(o, 5); !ok || d.XactCommit != 5 || d.XactRollback != 1 || d.TuplesInserted != 26 {
		t.Fatalf("database: %+v %v", d, ok)
	}
}

// TestFlushInterval: counts wait for MinInterval after a flush unless
// forced, and pg_stat_force_next_flush forces the next one.
func TestFlushInterval(t *testing.T) {
	sh, o := newTestShared(t)
	b := sh.NewBackend(o, nil, 5)
	b.Relation(16400, false, storage.RelFileLocator{}).CountScan()
	if wait := b.Flush(false); wait != 0 {
		t.Fatalf("first flush held back (%v)", wait)
	}
	b.Relation(16400, false, storage.RelFileLocator{}).CountScan()
	if wait := b.Flush(false); wait != IdleInterval {
		t.Fatalf("second flush within MinInterval: wait %v, want %v", wait, IdleInterval)
	}
	if ts, _ := sh.Table(o, 5, 16400); ts.NumScans != 1 {
		t.Fatalf("held-back scan was flushed: %+v", ts)
	}
	b.ForceNextFlush()
	if wait := b.Flush(false); wait != 0 {
		t.Fatalf("forced flush held back (%v)", wait)
	}
	if ts, _ := sh.Table(o, 5, 16400); ts.NumScans != 2 {
		t.Fatalf("after the forced flush: %+v", ts)
	}
}

// TestBufferAccounting: pages read through a relation's file count for
// it; a built-in catalog's by its file number; other files not at all.
func TestBufferAccounting(t *testing.T) {
	sh, o := newTestShared(t)
	b := sh.NewBackend(o, nil, 5)
	loc := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 20000}
	b.Relation(16500, false, loc)
	b.CountBufferAccess(loc, true)
	b.CountBufferAccess(loc, false)
	b.CountBufferAccess(storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 1259}, true)
	b.CountBufferAccess(storage.RelFileLocator{Spc: 1664, DB: 0, Rel: 1262}, true)
	b.CountBufferAccess(storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 30000}, true)
	b.Flush(true)
	if ts, _ := sh.Table(o, 5, 16500); ts.BlocksFetched != 2 || ts.BlocksHit != 1 {
		t.Fatalf("table: %+v", ts)
	}
	if ts, _ := sh.Table(o, 5, 1259); ts.BlocksHit != 1 {
		t.Fatalf("pg_class: %+v", ts)
	}
	if ts, ok := sh.Table(o, 0, 1262); !ok || ts.BlocksHit != 1 {
		t.Fatalf("pg_database (shared): %+v", ts)
	}
	if _, ok := sh.Table(o, 5, 30000); ok {
		t.Fatal("an unregistered file got an entry")
	}
	if d, _ := sh.Database(o, 5); d.BlocksFetched != 3 || d.BlocksHit != 2 {
		t.Fatalf("database: %+v", d)
	}
}

// TestTableChurn: entries removed and added again many times stay
// reachable (tombstones, rehashing), and the table refuses entries
// beyond its load limit rather than overflowing.
func TestTableChurn(t *testing.T) {
	sh, o := newTestShared(t)
	b := sh.NewBackend(o, nil, 5)
	for round := 0; round < 4; round++ {
		for i := uint32(0); i < Capacity/2; i++ {
			b.Relation(100000+i, false, storage.RelFileLocator{}).CountScan()
		}
		b.Flush(true)
		for i := uint32(0); i < Capacity/2; i += 2 {
			b.DropRelation(100000+i, false)
		}
		for i := uint32(1); i < Capacity/2; i += 2 {
			if ts, ok := sh.Table(o, 5, 100000+i); !ok || ts.NumScans != int64(round+1) {
				t.Fatalf("round %d: relation %d: %+v %v", round, i, ts, ok)
			}
		}
	}
	for i := uint32(0); i < Capacity; i++ {
		b.Relation(200000+i, false, storage.RelFileLocator{}).CountScan()
	}
	b.Flush(true)
	if !sh.Full() {
		t.Fatal("the table took more entries than its capacity allows")
	}
}

func TestStatsFile(t *testing.T) {
	sh, o := newTestShared(t)
	b := sh.NewBackend(o, nil, 5)
	b.Relation(16400, false, storage.RelFileLocator{}).CountInsert(3)
	b.AtEOXact(true)
	b.Flush(true)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, StatsDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := sh.WriteFile(o, dir); err != nil {
		t.Fatal(err)
	}
	sh2, o2 := newTestShared(t)
	if err := sh2.ReadFile(o2, dir); err != nil {
		t.Fatal(err)
	}
	if ts, ok := sh2.Table(o2, 5, 16400); !ok || ts.LiveTuples != 3 || ts.TuplesInserted != 3 {
		t.Fatalf("read back: %+v %v", ts, ok)
	}
	if d, ok := sh2.Database(o2, 5); !ok || d.XactCommit != 1 {
		t.Fatalf("database read back: %+v %v", d, ok)
	}
	if _, err := os.Stat(filepath.Join(dir, StatsFile)); !os.IsNotExist(err) {
		t.Fatalf("file not removed after reading: %v", err)
	}
	// A damaged file is reported and dropped.
	if err := os.WriteFile(filepath.Join(dir, StatsFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	sh3, o3 := newTestShared(t)
	if err := sh3.ReadFile(o3, dir); err == nil {
		t.Fatal("a damaged statistics file was accepted")
	}
	if _, ok := sh3.Database(o3, 5); ok {
		t.Fatal("a damaged file left entries")
	}
}

// BenchmarkReadOnlyTransaction is what a one-row index lookup in its own
// transaction adds (pgbench -S): two relation lookups, the counts, a few
// buffer accesses, the transaction's end and a (held back) flush.
func BenchmarkReadOnlyTransaction(b *testing.B) {
	seg, err := shmem.Create(int64(ShmemSize(nil)) + 1<<16)
	if err != nil {
		b.Fatal(err)
	}
	defer seg.Close()
	sh, _ := CreateShared(seg, nil)
	be := sh.NewBackend(&shmem.Owner{Pid: int32(os.Getpid())}, nil, 5)
	tloc := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 20000}
	iloc := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 20001}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix := be.Relation(20001, false, iloc)
		be.Relation(20000, false, tloc)
		ix.CountIndexScan()
		ix.Counts.TuplesReturned++
		ix.Counts.TuplesFetched++
		be.CountBufferAccess(iloc, true)
		be.CountBufferAccess(iloc, true)
		be.CountBufferAccess(tloc, true)
		be.AtEOXact(true)
		be.Flush(false)
	}
}
