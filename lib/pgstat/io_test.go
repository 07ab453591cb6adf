package pgstat

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// TestIOFlushAndFile: a Backend's flush and FlushIO add a process's
// counts to its backend type's and zero them; types pg_stat_io does not
// show are dropped; the counts and stats_reset survive the statistics
// file; ResetIO zeroes them and moves stats_reset; a version 1 file
// (before pg_stat_io) is still read.
func TestIOFlushAndFile(t *testing.T) {
	sh, o := newTestShared(t)
	created := sh.IO(o).StatsReset
	if created.IsZero() {
		t.Fatal("no stats_reset for a new table")
	}
	rel, normal := storage.IOObjectRelation, storage.IOContextNormal

	var client storage.IOCounts
	b := sh.NewBackend(o, nil, 5)
	b.SetIOCounts(&client, BackendClient)
	client.Count(rel, normal, storage.IOOpRead, 3, 2*time.Millisecond)
	client.Counts[rel][normal][storage.IOOpHit] += 7
	b.AtEOXact(true)
	b.Flush(true)
	if !client.IsZero() {
		t.Fatalf("counts left after a flush: %+v", client.Counts[rel][normal])
	}

	var ckpt, walwriter storage.IOCounts
	ckpt.Count(rel, normal, storage.IOOpWrite, 4, 0)
	ckpt.Count(rel, normal, storage.IOOpFsync, 1, 0)
	sh.FlushIO(o, BackendCheckpointer, &ckpt)
	walwriter.Count(rel, normal, storage.IOOpWrite, 9, 0)
	sh.FlushIO(o, BackendWalWriter, &walwriter)
	if !ckpt.IsZero() || !walwriter.IsZero() {
		t.Fatal("FlushIO left counts")
	}

	check := func(what string, st *IOStats) {
		t.Helper()
		c := st.Counts[BackendClient][rel][normal]
		if c[storage.IOOpRead] != 3 || c[storage.IOOpHit] != 7 || st.Times[BackendClient][rel][normal][storage.IOOpRead] != 2*time.Millisecond {
			t.Fatalf("%s: client backend %v", what, c)
		}
		k := st.Counts[BackendCheckpointer][rel][normal]
		if k[storage.IOOpWrite] != 4 || k[storage.IOOpFsync] != 1 {
			t.Fatalf("%s: checkpointer %v", what, k)
		}
		if st.Counts[BackendWalWriter] != st.Counts[BackendInvalid] {
			t.Fatalf("%s: counts kept for the walwriter", what)
		}
		if !st.StatsReset.Equal(created) {
			t.Fatalf("%s: stats_reset %v, want %v", what, st.StatsReset, created)
		}
	}
	check("flushed", sh.IO(o))

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
	check("read back", sh2.IO(o2))

	sh2.ResetIO(o2)
	st := sh2.IO(o2)
	if st.Counts != (IOStats{}).Counts || !st.StatsReset.After(created) {
		t.Fatalf("after ResetIO: stats_reset %v (created %v), counts zero %v", st.StatsReset, created, st.Counts == (IOStats{}).Counts)
	}

	// A version 1 file: a header and the end marker.
	var v1 [9]byte
	binary.LittleEndian.PutUint32(v1[0:], fileMagic)
	binary.LittleEndian.PutUint32(v1[4:], 1)
	v1[8] = endMarker
	if err := os.WriteFile(filepath.Join(dir, StatsFile), v1[:], 0o600); err != nil {
		t.Fatal(err)
	}
	sh3, o3 := newTestShared(t)
	if err := sh3.ReadFile(o3, dir); err != nil {
		t.Fatalf("version 1 file: %v", err)
	}
}

// TestTracksIOOpRules spot-checks pgstat_io.c's rules that the view's
// NULL cells come from.
func TestTracksIOOpRules(t *testing.T) {
	rel, temp := storage.IOObjectRelation, storage.IOObjectTempRelation
	normal, vacuum, bulkread := storage.IOContextNormal, storage.IOContextVacuum, storage.IOContextBulkRead
	for _, c := range []struct {
		bt   BackendType
		obj  storage.IOObject
		ctx  storage.IOContext
		op   storage.IOOp
		want bool
	}{
		{BackendClient, rel, normal, storage.IOOpHit, true},
		{BackendClient, rel, normal, storage.IOOpReuse, false},
		{BackendClient, rel, vacuum, storage.IOOpReuse, true},
		{BackendClient, rel, vacuum, storage.IOOpFsync, false},
		{BackendClient, rel, bulkread, storage.IOOpExtend, false},
		{BackendClient, temp, normal, storage.IOOpFsync, false},
		{BackendClient, temp, normal, storage.IOOpWriteback, false},
		{BackendClient, temp, vacuum, storage.IOOpRead, false},
		{BackendCheckpointer, rel, normal, storage.IOOpRead, false},
		{BackendCheckpointer, rel, normal, storage.IOOpWrite, true},
		{BackendCheckpointer, rel, normal, storage.IOOpExtend, false},
		{BackendCheckpointer, rel, vacuum, storage.IOOpWrite, false},
		{BackendAutovacuumWorker, temp, normal, storage.IOOpRead, false},
		{BackendAutovacuumWorker, rel, storage.IOContextBulkWrite, storage.IOOpWrite, false},
		{BackendAutovacuumLauncher, rel, vacuum, storage.IOOpRead, false},
		{BackendStartup, rel, normal, storage.IOOpExtend, true},
		{BackendWalWriter, rel, normal, storage.IOOpWrite, false},
	} {
		if got := TracksIOOp(c.bt, c.obj, c.ctx, c.op); got != c.want {
			t.Errorf("TracksIOOp(%s, %s, %s, %d) = %v, want %v", c.bt, IOObjectNames[c.obj], IOContextNames[c.ctx], c.op, got, c.want)
		}
	}
}
