// Tests of the shared fsync request queue and the checkpointer's pending
// table: registration, compaction, absorption across mappings, the
// queue-full fallback, SyncAll's cycle rule, forgotten and vanished files,
// PANIC on fsync failure, directories, and deferred unlinks.

package smgr

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func fileReq(rel uint32, segno uint32) SyncRequest {
	return SyncRequest{Rel: storage.RelFileLocator{Spc: 1663, DB: 5, Rel: rel}, Kind: SyncFile, Segno: segno}
}

func TestQueueRegisterCompactAbsorb(t *testing.T) {
	_, q := newTestQueue(t, 4)
	halfFull := 0
	q.OnHalfFull = func() { halfFull++ }
	for i := uint32(0); i < 4; i++ {
		if !q.Register(fileReq(100+i, 0)) {
			t.Fatalf("request %d refused", i)
		}
	}
	if halfFull != 3 { // after the 2nd, 3rd and 4th
		t.Fatalf("OnHalfFull called %d times", halfFull)
	}
	if q.Register(fileReq(200, 0)) {
		t.Fatal("full queue of distinct requests accepted one more")
	}
	p := NewPendingSyncs(q)
	p.Absorb()
	if p.Len() != 4 || q.Len() != 0 || q.Stats().Absorbed != 4 {
		t.Fatalf("pending %d queued %d", p.Len(), q.Len())
	}

	// Duplicates are compacted away when the queue is full; the later copy
	// of each is kept, so a forget stays after the sync it cancels.
	for _, r := range []SyncRequest{fileReq(1, 0), fileReq(2, 0), fileReq(1, 0), fileReq(2, 0)} {
		if !q.Register(r) {
			t.Fatal("refused")
		}
	}
	forget := SyncRequest{Rel: fileReq(1, 0).Rel, Kind: SyncForget}
	if !q.Register(forget) || q.Len() != 3 || q.Stats().Compactions != 1 {
		t.Fatalf("compaction: len %d compactions %d", q.Len(), q.Stats().Compactions)
	}
	p2 := NewPendingSyncs(q)
	p2.Absorb()
	if e := p2.entries[fileReq(1, 0).tag()]; e == nil || !e.canceled {
		t.Fatal("forget lost its place after the sync it cancels")
	}
	if e := p2.entries[fileReq(2, 0).tag()]; e == nil || e.canceled {
		t.Fatal("sync of rel 2 lost")
	}
}

func TestQueueAcrossMappings(t *testing.T) {
	seg, q := newTestQueue(t, 16)
	fd, err := syscall.Dup(int(seg.File().Fd()))
	if err != nil {
		t.Fatal(err)
	}
	seg2, err := shmem.Attach(os.NewFile(uintptr(fd), "dup"))
	if err != nil {
		t.Fatal(err)
	}
	defer seg2.Close()
	q2 := AttachShared(seg2)
	q2.SetOwner(&shmem.Owner{Pid: 2})
	if q2.Cap() != 16 {
		t.Fatalf("attached capacity %d", q2.Cap())
	}
	for i := uint32(0); i < 5; i++ {
		q2.Register(fileReq(i, i))
	}
	p := NewPendingSyncs(q)
	p.Absorb()
	if p.Len() != 5 {
		t.Fatalf("absorbed %d through the other mapping", p.Len())
	}
	var unset SyncQueue = *q2
	unset.owner = nil
	defer func() {
		if recover() == nil {
			t.Fatal("Register without an owner did not panic")
		}
	}()
	unset.Register(fileReq(9, 0))
}

// A backend manager on the queue and a checkpointer with its table.
func newQueuedManager(t *testing.T, capacity int) (*Manager, *faultSys, *SyncQueue, *PendingSyncs) {
	t.Helper()
	standalone, fs := newTestManager(t)
	_, q := newTestQueue(t, capacity)
	m := New(standalone.dataDir, q)
	m.sys = fs
	t.Cleanup(m.CloseAll)
	return m, fs, q, NewPendingSyncs(q)
}

func TestQueueFullWriterFsyncs(t *testing.T) {
	m, fs, q, p := newQueuedManager(t, 4)
	rel := func(i int) storage.RelFileLocator {
		return storage.RelFileLocator{Spc: 1663, DB: 5, Rel: uint32(40000 + i)}
	}
	// r0: its file, base/5 and base/; r1: its file (base/5 is queued already).
	for i := 0; i < 2; i++ {
		if err := m.Create(rel(i), storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
	}
	if q.Len() != 4 {
		t.Fatalf("queue holds %d", q.Len())
	}
	// The queue is full of distinct requests: r2's creator fsyncs it itself.
	if err := m.Create(rel(2), storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5/40002") != 1 || q.Stats().OwnFsyncs != 1 || m.Stats.OwnFsyncs.Load() != 1 {
		t.Fatalf("writer did not fsync itself: %d", fs.fsyncCount("base/5/40002"))
	}
	if err := m.Extend(rel(2), storage.MainFork, 0, block(2), false); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5/40002") != 2 {
		t.Fatal("second write not fsynced")
	}
	// Its failure is a PANIC.
	fs.onFsync = func(string) (error, bool) { return syscall.EIO, true }
	wantErr(t, m.Write(rel(2), storage.MainFork, 0, block(3), false),
		pgerr.IoError, pgerr.SeverityPanic, `could not fsync file "base/5/40002": Input/output error`)
	fs.onFsync = nil
	// Once the checkpointer absorbs, writers queue again.
	p.Absorb()
	if err := m.Write(rel(2), storage.MainFork, 0, block(3), false); err != nil || q.Len() != 1 || fs.fsyncCount("base/5/40002") != 3 {
		t.Fatalf("%v queue %d fsyncs %d", err, q.Len(), fs.fsyncCount("base/5/40002"))
	}
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5") != 1 || fs.fsyncCount("base") != 1 || fs.fsyncCount("base/5/40000") != 1 {
		t.Fatalf("fsyncs %v", fs.fsyncs)
	}
}

func TestRegistrationDedupAndCycles(t *testing.T) {
	m, fs, q, p := newQueuedManager(t, 64)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	p.Absorb()
	for i := 0; i < 100; i++ {
		if err := m.Extend(testRel, storage.MainFork, storage.BlockNumber(i), block(byte(i)), false); err != nil {
			t.Fatal(err)
		}
	}
	if q.Len() != 0 {
		t.Fatalf("%d requests queued for a segment already queued", q.Len())
	}
	// skipFsync registers nothing.
	p.Absorb()
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5/16384") != 1 || p.Len() != 0 {
		t.Fatalf("fsyncs %d pending %d", fs.fsyncCount("base/5/16384"), p.Len())
	}
	if err := m.Write(testRel, storage.MainFork, 3, block(9), true); err != nil {
		t.Fatal(err)
	}
	if q.Len() != 0 {
		t.Fatal("skipFsync write queued a request")
	}
	// After a SyncAll the segment must be queued again.
	if err := m.Write(testRel, storage.MainFork, 3, block(9), false); err != nil {
		t.Fatal(err)
	}
	if q.Len() != 1 {
		t.Fatalf("queue %d after SyncAll", q.Len())
	}
	if err := p.SyncAll(m); err != nil || fs.fsyncCount("base/5/16384") != 2 {
		t.Fatalf("%v fsyncs %d", err, fs.fsyncCount("base/5/16384"))
	}
	// Nothing pending: nothing synced.
	if err := p.SyncAll(m); err != nil || fs.fsyncCount("base/5/16384") != 2 || p.LastSync().Files != 0 {
		t.Fatalf("%v fsyncs %d", err, fs.fsyncCount("base/5/16384"))
	}
}

func TestSyncAllSkipsLaterRequests(t *testing.T) {
	m, fs, q, p := newQueuedManager(t, 64)
	other := storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 50000}
	for _, r := range []storage.RelFileLocator{testRel, other} {
		if err := m.Create(r, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
	}
	p.Absorb()
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if err := m.Extend(testRel, storage.MainFork, 0, block(1), false); err != nil {
		t.Fatal(err)
	}
	// While testRel is being fsynced, another process dirties `other` and
	// testRel again: neither is covered by this SyncAll.
	fs.onFsync = func(path string) (error, bool) {
		if path == "base/5/16384" {
			fs.onFsync = nil
			if err := m.Write(other, storage.MainFork, 0, block(2), false); err != nil {
				t.Error(err)
			}
			if err := m.Write(testRel, storage.MainFork, 0, block(3), false); err != nil {
				t.Error(err)
			}
			p.Absorb()
		}
		return nil, false
	}
	if err := m.Extend(other, storage.MainFork, 0, block(0), true); err != nil {
		t.Fatal(err)
	}
	base := fs.fsyncCount("base/5/50000")
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5/50000") != base {
		t.Fatal("a request made during SyncAll was synced by it")
	}
	if p.Len() != 2 || q.Len() != 0 {
		t.Fatalf("pending %d (want testRel again and other) queued %d", p.Len(), q.Len())
	}
	if err := p.SyncAll(m); err != nil || p.Len() != 0 || fs.fsyncCount("base/5/50000") != base+1 {
		t.Fatalf("%v pending %d", err, p.Len())
	}
}

func TestSyncAllForgottenAndVanished(t *testing.T) {
	m, fs, _, p := newQueuedManager(t, 64)
	if err := m.Create(testRel, storage.FSMFork, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	// Dropping the fork sends a forget before removing the file.
	if w := m.Unlink(testRel, storage.FSMFork, false); w != nil {
		t.Fatal(w)
	}
	if err := p.SyncAll(m); err != nil {
		t.Fatalf("SyncAll over an unlinked fork: %v", err)
	}
	if fs.fsyncCount("base/5/16384_fsm") != 0 {
		t.Fatal("fsynced a forgotten file")
	}
	// A file that vanishes with no forget request is a PANIC after one retry.
	if err := m.Write(testRel, storage.MainFork, 0, block(1), false); err != nil {
		t.Fatal(err)
	}
	m.Close(testRel)
	if err := os.Remove(filepath.Join(m.dataDir, "base/5/16384")); err != nil {
		t.Fatal(err)
	}
	wantErr(t, p.SyncAll(m), pgerr.UndefinedFile, pgerr.SeverityPanic,
		`could not fsync file "base/5/16384": No such file or directory`)
}

func TestSyncAllFsyncFailurePanics(t *testing.T) {
	m, fs := newTestManager(t) // standalone: a private table
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	fs.onFsync = func(path string) (error, bool) {
		if path == "base/5/16384" {
			return syscall.EIO, true
		}
		return nil, false
	}
	wantErr(t, m.Pending().SyncAll(m), pgerr.IoError, pgerr.SeverityPanic,
		`could not fsync file "base/5/16384": Input/output error`)
	// The entry is still pending: nothing was lost silently.
	if m.Pending().Len() != 1 {
		t.Fatal("failed fsync dropped from the table")
	}
	fs.onFsync = nil
	if err := m.Pending().SyncAll(m); err != nil || m.Pending().Len() != 0 {
		t.Fatal(err)
	}
}

func TestSyncAllDirectories(t *testing.T) {
	m, fs := newTestManager(t)
	if err := m.Create(testRel, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Pending().SyncAll(m); err != nil {
		t.Fatal(err)
	}
	// base/5 holds the new file, base/ the new directory.
	if fs.fsyncCount("base/5") != 1 || fs.fsyncCount("base") != 1 || fs.fsyncCount("base/5/16384") != 1 {
		t.Fatalf("fsyncs %v", fs.fsyncs)
	}
	if st := m.Pending().LastSync(); st.Files != 1 || st.Longest <= 0 || st.Total < st.Longest {
		t.Fatalf("stats %+v", st)
	}
	// A second relation in the same database: only base/5 again.
	if err := m.Create(storage.RelFileLocator{Spc: 1663, DB: 5, Rel: 99}, storage.MainFork, false); err != nil {
		t.Fatal(err)
	}
	if err := m.Pending().SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/5") != 2 || fs.fsyncCount("base") != 1 {
		t.Fatalf("fsyncs %v", fs.fsyncs)
	}
	if dirPath(dirTag{storage.GlobalTablespace, 0}) != "global" || dirPath(dirTag{1663, 7}) != "base/7" {
		t.Fatal("dirPath")
	}
}

func TestFilterDB(t *testing.T) {
	m, fs := newTestManager(t)
	other := storage.RelFileLocator{Spc: 1663, DB: 6, Rel: 1}
	for _, r := range []storage.RelFileLocator{testRel, other} {
		if err := m.Create(r, storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
	}
	p := m.Pending()
	p.PreCheckpoint()
	m.Unlink(other, storage.MainFork, false)
	p.Remember(SyncRequest{Rel: storage.RelFileLocator{Spc: 1663, DB: 6}, Kind: SyncFilterDB})
	if err := os.RemoveAll(filepath.Join(m.dataDir, "base/6")); err != nil { // DROP DATABASE
		t.Fatal(err)
	}
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	if fs.fsyncCount("base/6/1") != 0 || fs.fsyncCount("base/6") != 0 || fs.fsyncCount("base/5/16384") != 1 {
		t.Fatalf("fsyncs %v", fs.fsyncs)
	}
	if len(p.unlinks) != 0 {
		t.Fatal("unlink of the dropped database kept")
	}
}

// TestRequestDuringSyncIsNotCached: a segment queued while a SyncAll runs
// may be fsynced by that run before a later write to it, so that later
// write must be queued again, not skipped as "already queued".
func TestRequestDuringSyncIsNotCached(t *testing.T) {
	m, fs, _, p := newQueuedManager(t, 64)
	rel := func(n uint32) storage.RelFileLocator { return storage.RelFileLocator{Spc: 1663, DB: 5, Rel: n} }
	for _, n := range []uint32{100, 200, 300} {
		if err := m.Create(rel(n), storage.MainFork, false); err != nil {
			t.Fatal(err)
		}
		if err := m.Extend(rel(n), storage.MainFork, 0, block(1), true); err != nil {
			t.Fatal(err)
		}
	}
	p.Absorb()
	fs.onFsync = func(path string) (error, bool) {
		switch path {
		case "base/5/100": // B is dirtied and absorbed before its own fsync
			if err := m.Write(rel(200), storage.MainFork, 0, block(2), false); err != nil {
				t.Error(err)
			}
			p.Absorb()
		case "base/5/300": // B was fsynced already: this write needs a new one
			if err := m.Write(rel(200), storage.MainFork, 0, block(3), false); err != nil {
				t.Error(err)
			}
		}
		return nil, false
	}
	if err := p.SyncAll(m); err != nil {
		t.Fatal(err)
	}
	fs.onFsync = nil
	p.Absorb()
	if p.Len() != 1 {
		t.Fatalf("the write after B's fsync is not pending (pending %d)", p.Len())
	}
	if err := p.SyncAll(m); err != nil || fs.fsyncCount("base/5/200") != 2 {
		t.Fatalf("%v: B fsynced %d times", err, fs.fsyncCount("base/5/200"))
	}
}

func TestShmemSizing(t *testing.T) {
	settings := config.New()
	if got := QueueCapacity(settings); got != 16384 {
		t.Fatalf("capacity %d for the default shared_buffers", got)
	}
	// PostgreSQL's 20 bytes plus the locator's backend id.
	if requestSize != 24 || ShmemSize(settings) != headerSize+16384*24 {
		t.Fatalf("request %d bytes, region %d", requestSize, ShmemSize(settings))
	}
	seg, err := shmem.Create(int64(ShmemSize(settings)) + 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	q, err := CreateShared(seg, settings)
	if err != nil {
		t.Fatal(err)
	}
	q.SetOwner(&shmem.Owner{Pid: 1})
	if !q.Register(fileReq(1, 0)) || AttachShared(seg).Cap() != 16384 {
		t.Fatal("attach")
	}
	a := AttachShared(seg)
	a.SetOwner(&shmem.Owner{Pid: 2})
	if a.Len() != 1 {
		t.Fatal("attached queue does not see the request")
	}
}
