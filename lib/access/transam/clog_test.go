// Tests of the commit log: bit layout on disk, eviction and reading back,
// WAL-before-clog for asynchronous commits, page extension and its WAL
// record, trimming and I/O errors.

package transam

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

func TestCLOGBuffers(t *testing.T) {
	for _, c := range []struct {
		sb   string
		want int
	}{{"128MB", 32}, {"1MB", 4}, {"1GB", 128}, {"16MB", 4}, {"64MB", 16}} {
		s := testSettings(t, t.TempDir(), "shared_buffers", c.sb)
		if got := CLOGBuffers(s); got != c.want {
			t.Errorf("shared_buffers=%s: %d clog buffers, want %d", c.sb, got, c.want)
		}
	}
}

func TestCLOGBitLayoutOnDisk(t *testing.T) {
	e := newEnv(t, "")
	o, _ := e.backend(t)
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	set := map[TransactionId]XidStatus{3: StatusCommitted, 4: StatusAborted, 5: StatusSubCommitted, 9: StatusCommitted, 32767: StatusAborted}
	for x, st := range set {
		if err := e.m.TransactionIdSetStatus(o, x, st, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.m.CheckPointCLOG(o); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(e.dir, "pg_xact", "0000"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 8192 {
		t.Fatalf("segment 0000 is %d bytes, want one page", len(b))
	}
	// xid 3: byte 0, bits 6-7; xid 4,5: byte 1 bits 0-1, 2-3; xid 9: byte 2 bits 2-3.
	if b[0] != 0x40 || b[1] != 0x02|0x0C || b[2] != 0x04 || b[8191] != 0x80 {
		t.Fatalf("bytes %#x %#x %#x ... %#x", b[0], b[1], b[2], b[8191])
	}
	for x, st := range set {
		got, _, err := e.m.TransactionIdGetStatus(o, x)
		if err != nil || got != st {
			t.Fatalf("xid %d: %v %v, want %v", x, got, err, st)
		}
	}
	// Committed cannot become aborted.
	err = e.m.TransactionIdSetStatus(o, 3, StatusAborted, 0)
	if err == nil || pgerr.CodeOf(err) != pgerr.InternalError {
		t.Fatalf("committed -> aborted accepted: %v", err)
	}
	if o.LocksHeld != 0 {
		t.Fatalf("locks held after operations: %d", o.LocksHeld)
	}
}

func TestCLOGEvictionReadBackAndGroupLSN(t *testing.T) {
	e := newEnv(t, "", "shared_buffers", "1MB") // 4 clog buffers
	if n := len(e.m.clog.slots); n != 4 {
		t.Fatalf("%d clog buffers", n)
	}
	w := &fakeWAL{}
	e.m.SetWAL(w)
	o, _ := e.backend(t)
	const pages = 12
	var lsns []storage.LSN
	for p := 0; p < pages; p++ {
		first := TransactionId(p*ClogXactsPerPage) + 3
		if err := e.m.extendCLOG(o, TransactionId(p*ClogXactsPerPage)); err != nil {
			t.Fatal(err)
		}
		// An asynchronous commit: the clog page carries the record's LSN.
		lsn, _ := w.Insert(RmgrXact, XLogXactCommit, uint32(first), make([]byte, 8))
		lsns = append(lsns, lsn)
		if err := e.m.TransactionIdSetStatus(o, first, StatusCommitted, lsn); err != nil {
			t.Fatal(err)
		}
		if err := e.m.TransactionIdSetStatus(o, first+1, StatusAborted, 0); err != nil {
			t.Fatal(err)
		}
		st, gl, err := e.m.TransactionIdGetStatus(o, first)
		if err != nil || st != StatusCommitted || gl != lsn {
			t.Fatalf("page %d: status %v lsn %v err %v", p, st, gl, err)
		}
	}
	// With 4 buffers, at least pages 0..7 were written out, each after WAL
	// was flushed past its commit.
	if w.flushed < lsns[pages-5] {
		t.Fatalf("WAL flushed to %v, but page %d (lsn %v) was evicted", w.flushed, pages-5, lsns[pages-5])
	}
	for p := 0; p < pages; p++ {
		first := TransactionId(p*ClogXactsPerPage) + 3
		for x, want := range map[TransactionId]XidStatus{first: StatusCommitted, first + 1: StatusAborted, first + 2: StatusInProgress} {
			st, _, err := e.m.TransactionIdGetStatus(o, x)
			if err != nil || st != want {
				t.Fatalf("xid %d read back: %v %v, want %v", x, st, err, want)
			}
		}
	}
	if err := e.m.CheckPointCLOG(o); err != nil {
		t.Fatal(err)
	}
	if w.flushed < lsns[pages-1] {
		t.Fatal("checkpoint wrote a page before flushing WAL to its group LSN")
	}
	fi, err := os.Stat(filepath.Join(e.dir, "pg_xact", "0000"))
	if err != nil || fi.Size() != pages*8192 {
		t.Fatalf("segment size %v %v", fi, err)
	}
	if o.LocksHeld != 0 || o.CritSections != 0 {
		t.Fatalf("owner left with %d locks, %d critical sections", o.LocksHeld, o.CritSections)
	}
}

func TestExtendCLOGWritesZeroPageRecord(t *testing.T) {
	e := newEnv(t, "")
	w := &fakeWAL{}
	e.m.SetWAL(w)
	o, idx := e.backend(t)
	e.m.SetNextXid(o, FullTransactionId(ClogXactsPerPage-1))
	for i := 0; i < 3; i++ {
		x, err := e.m.AssignTransactionId(o, idx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.m.CommitTransaction(o, idx, x, nil, true); i > 0 && err != nil {
			t.Fatal(err)
		} else if i == 0 && err == nil {
			// Page 0 was never created in this data directory.
			t.Fatal("commit on a page that does not exist succeeded")
		}
		if i == 0 {
			if o.CritSections != 1 {
				t.Fatal("failed clog update did not leave the critical section open")
			}
			o.CritSections = 0
			e.m.EndTransaction(o, idx, x, false)
		}
	}
	recs := w.records(RmgrCLOG)
	if len(recs) != 1 || recs[0].info != CLOGZeroPage || binary.LittleEndian.Uint32(recs[0].data) != 1 || len(recs[0].data) != 4 {
		t.Fatalf("clog records %+v, want one ZEROPAGE of page 1", recs)
	}

	// Its redo on a fresh directory writes the page.
	e2 := newEnv(t, "")
	o2, _ := e2.backend(t)
	e2.m.SetInRecovery(true)
	if err := e2.m.RedoCLOG(o2, recs[0].info, recs[0].data); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(e2.dir, "pg_xact", "0000"))
	if err != nil || fi.Size() != 2*8192 {
		t.Fatalf("after redo of zeropage 1: %v %v", fi, err)
	}
}

func TestCLOGMissingSegment(t *testing.T) {
	e := newEnv(t, "")
	o, _ := e.backend(t)
	xid := TransactionId(40 * ClogXactsPerPage) // segment 0001
	_, _, err := e.m.TransactionIdGetStatus(o, xid)
	pe := pgerr.As(err)
	if err == nil || pe.Code != pgerr.UndefinedFile || pe.Message != "could not access status of transaction 1310720" ||
		!strings.HasSuffix(pe.Detail, "pg_xact/0001\": No such file or directory.") {
		t.Fatalf("got %v (%s / %s)", err, pe.Code, pe.Detail)
	}
	// The failed read left no buffer stuck in I/O.
	for i := range e.m.clog.slots {
		if st := e.m.clog.slots[i].status; st == pageReadInProgress {
			t.Fatal("buffer left read-in-progress")
		}
	}
	// In recovery a missing segment reads as zeroes.
	e.m.SetInRecovery(true)
	st, _, err := e.m.TransactionIdGetStatus(o, xid)
	if err != nil || st != StatusInProgress {
		t.Fatalf("in recovery: %v %v", st, err)
	}
	if o.LocksHeld != 0 {
		t.Fatal("locks leaked on error path")
	}
}

func TestTrimCLOG(t *testing.T) {
	e := newEnv(t, "")
	o, _ := e.backend(t)
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	for x := TransactionId(10); x <= 40; x++ {
		if err := e.m.TransactionIdSetStatus(o, x, StatusAborted, 0); err != nil {
			t.Fatal(err)
		}
	}
	e.m.SetNextXid(o, 14)
	if err := e.m.TrimCLOG(o); err != nil {
		t.Fatal(err)
	}
	for x := TransactionId(10); x <= 40; x++ {
		st, _, _ := e.m.TransactionIdGetStatus(o, x)
		want := StatusAborted
		if x >= 14 {
			want = StatusInProgress
		}
		if st != want {
			t.Fatalf("xid %d after trim: %v, want %v", x, st, want)
		}
	}
}
