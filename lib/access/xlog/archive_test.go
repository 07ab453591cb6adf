// Archiving tests: .ready files for finished segments, the removal rule
// (no segment leaves pg_wal before its .done exists), XLOG_SWITCH's
// return value.

package xlog

import (
	"os"
	"path/filepath"
	"testing"
)

func statusFiles(t *testing.T, c *testCluster) map[string]bool {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(c.dir, ArchiveStatusDir))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range entries {
		out[e.Name()] = true
	}
	return out
}

func TestArchiveRemovalRule(t *testing.T) {
	c := newCluster(t, "archive_mode", "on", "wal_init_zero", "off", "min_wal_size", "32MB", "max_wal_size", "64MB")
	w, _ := c.start()
	if !w.ArchivingActive() {
		t.Fatal("archiving not active")
	}
	fillTo(t, w, 5)
	if err := w.Flush(w.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	st := statusFiles(t, c)
	for seg := uint64(1); seg <= 4; seg++ {
		if !st[FileName(1, seg)+".ready"] {
			t.Fatalf("no .ready for finished segment %d: %v", seg, st)
		}
	}
	if st[FileName(1, 5)+".ready"] {
		t.Fatalf("the current segment is marked ready: %v", st)
	}
	if names, err := ReadyFiles(c.dir); err != nil || len(names) != 4 || names[0] != FileName(1, 1) || names[3] != FileName(1, 4) {
		t.Fatalf("ReadyFiles = %v, %v", names, err)
	}

	redo, _ := onlineCheckpoint(t, w)
	removed, recycled, err := w.RemoveOldSegments(redo, 0)
	if err != nil || removed+recycled != 0 {
		t.Fatalf("removed %d, recycled %d unarchived segments (%v)", removed, recycled, err)
	}
	if got := segmentFiles(t, c); len(got) < 5 || got[0] != 1 {
		t.Fatalf("segments after a checkpoint without archiving: %v", got)
	}

	// Segments 1 and 2 archived; 3 lost its .ready (a crash): it must get
	// it back and stay.
	for _, seg := range []uint64{1, 2} {
		if err := ArchiveDone(c.dir, FileName(1, seg)); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(c.dir, ArchiveStatusDir, FileName(1, 3)+".ready"))
	removed, recycled, err = w.RemoveOldSegments(redo, 0)
	if err != nil || removed+recycled != 2 {
		t.Fatalf("removed %d, recycled %d (%v), want 2 in all", removed, recycled, err)
	}
	got := segmentFiles(t, c)
	if got[0] != 3 {
		t.Fatalf("segments after archiving 1 and 2: %v", got)
	}
	st = statusFiles(t, c)
	for _, n := range []string{FileName(1, 1) + ".done", FileName(1, 2) + ".done", FileName(1, 1) + ".ready"} {
		if st[n] {
			t.Fatalf("status file %s left behind: %v", n, st)
		}
	}
	if !st[FileName(1, 3)+".ready"] || !st[FileName(1, 4)+".ready"] {
		t.Fatalf(".ready files of unarchived segments: %v", st)
	}
	c.checkOwnersClean()
}

func TestNoStatusFilesWithoutArchiving(t *testing.T) {
	c := newCluster(t, "wal_init_zero", "off")
	w, _ := c.start()
	if w.ArchivingActive() {
		t.Fatal("archiving active with archive_mode off")
	}
	fillTo(t, w, 3)
	if err := w.Flush(w.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	if st := statusFiles(t, c); len(st) != 0 {
		t.Fatalf("status files with archive_mode off: %v", st)
	}
	if tm, lsn := w.LastSegmentSwitch(); tm.IsZero() || lsn != SegmentStart(3) {
		t.Fatalf("last segment switch %v at %s", tm, lsn)
	}
	// wal_level = minimal disables archiving even with archive_mode on.
	if ArchivingEnabled(testSettings(t, "archive_mode", "on", "wal_level", "minimal")) {
		t.Fatal("archiving enabled with wal_level minimal")
	}
}

func TestSwitchSegmentReturn(t *testing.T) {
	c := newCluster(t, "archive_mode", "on", "wal_init_zero", "off")
	w, _ := c.start()
	if _, err := w.Insert(noopRecord(tagged(0, 1, 100))); err != nil {
		t.Fatal(err)
	}
	at := w.CurrentInsertLSN()
	got, err := w.SwitchSegment()
	if err != nil {
		t.Fatal(err)
	}
	if got != at+RecordHeaderSize {
		t.Fatalf("switch returned %s, record at %s", got, at)
	}
	if next := w.CurrentInsertLSN(); next != SegmentStart(2)+LongPageHeaderSize {
		t.Fatalf("insert position after the switch %s", next)
	}
	if w.FlushedLSN() < SegmentStart(2) {
		t.Fatalf("switch not flushed: %s", w.FlushedLSN())
	}
	if !statusFiles(t, c)[FileName(1, 1)+".ready"] {
		t.Fatal("switched-out segment not ready")
	}
	// At a boundary nothing is written and the boundary is returned.
	if again, err := w.SwitchSegment(); err != nil || again != SegmentStart(2) {
		t.Fatalf("second switch: %s, %v", again, err)
	}
	if _, err := w.Insert(noopRecord(tagged(0, 2, 100))); err != nil {
		t.Fatal(err)
	}
	// Recovery reads across the switch into the next segment.
	w.Flush(w.InsertEndLSN())
	r := NewReader(c.walDir(), at, ReaderOptions{SystemID: w.SystemID(), Timeline: 1})
	defer r.Close()
	rec, err := r.ReadRecord()
	if err != nil || rec.Header.Rmid != RmgrXLOG || rec.Header.Info&XLRRmgrInfoMask != InfoSwitch {
		t.Fatalf("switch record: %+v, %v", rec, err)
	}
	if rec, err = r.ReadRecord(); err != nil || rec.LSN != SegmentStart(2)+LongPageHeaderSize {
		t.Fatalf("record after the switch: %+v, %v", rec, err)
	}
}
