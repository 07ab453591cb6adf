package waitevent

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

func TestNames(t *testing.T) {
	for _, c := range []struct {
		ev             Event
		typ, name      string
		class          Event
		lockTagTypeNum uint32
	}{
		{0, "", "", 0, 0},
		{ClientRead, "Client", "ClientRead", ClassClient, 0},
		{PgSleep, "Timeout", "PgSleep", ClassTimeout, 0},
		{CheckpointerMain, "Activity", "CheckpointerMain", ClassActivity, 0},
		{BgWriterHibernate, "Activity", "BgWriterHibernate", ClassActivity, 0},
		{WalWriterMain, "Activity", "WalWriterMain", ClassActivity, 0},
		{AutoVacuumMain, "Activity", "AutoVacuumMain", ClassActivity, 0},
		{LWLockLockManager, "LWLock", "LockManager", ClassLWLock, 0},
		{IOWALSync, "IO", "WALSync", ClassIO, 0},
		{LWLockWALInsert, "LWLock", "WALInsert", ClassLWLock, 0},
		{IODataFileRead, "IO", "DataFileRead", ClassIO, 0},
		{BackendTermination, "IPC", "BackendTermination", ClassIPC, 0},
		{BufferIO, "IPC", "BufferIO", ClassIPC, 0},
		{BufferPin, "BufferPin", "BufferPin", ClassBufferPin, 0},
		// A lock wait's name is the lock tag type's, which lmgr knows.
		{Lock(5), "Lock", "", ClassLock, 5},
		{ClassIPC + 999, "IPC", "unknown wait event", ClassIPC, 999},
	} {
		if c.ev.TypeName() != c.typ || c.ev.Name() != c.name || c.ev.Class() != c.class {
			t.Errorf("%#x: %q/%q class %#x, want %q/%q class %#x", uint32(c.ev), c.ev.TypeName(), c.ev.Name(), uint32(c.ev.Class()), c.typ, c.name, uint32(c.class))
		}
		if c.lockTagTypeNum != 0 && c.ev.ID() != c.lockTagTypeNum {
			t.Errorf("%#x: id %d, want %d", uint32(c.ev), c.ev.ID(), c.lockTagTypeNum)
		}
	}
}

func TestStartEndSwapRestore(t *testing.T) {
	o := &shmem.Owner{}
	Start(o, ClientRead)
	if Current(o) != ClientRead {
		t.Fatalf("after Start: %#x", uint32(Current(o)))
	}
	prev := Swap(o, IODataFileRead)
	if prev != ClientRead || Current(o) != IODataFileRead {
		t.Fatalf("Swap returned %#x, current %#x", uint32(prev), uint32(Current(o)))
	}
	Restore(o, prev)
	if Current(o) != ClientRead {
		t.Fatalf("after Restore: %#x", uint32(Current(o)))
	}
	End(o)
	if Current(o) != 0 {
		t.Fatalf("after End: %#x", uint32(Current(o)))
	}
	// A process without a slot publishes nothing and does not fail.
	Start(nil, PgSleep)
	End(nil)
	Restore(nil, Swap(nil, PgSleep))
}
