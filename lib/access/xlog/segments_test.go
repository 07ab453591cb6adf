// Segment file tests: removal and recycling after checkpoints,
// wal_keep_size and slots, preallocation, XLOG_SWITCH.

package xlog

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/gpostgres/gpostgres/lib/datadir"
)

func segmentFiles(t *testing.T, c *testCluster) []uint64 {
	t.Helper()
	entries, err := os.ReadDir(c.walDir())
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	for _, e := range entries {
		if _, segno, ok := ParseFileName(e.Name()); ok {
			out = append(out, segno)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// fillTo inserts large records until the insert position reaches segment seg.
func fillTo(t *testing.T, w *WAL, seg uint64) int {
	t.Helper()
	n := 0
	for SegNo(w.CurrentInsertLSN()) < seg {
		if _, err := w.Insert(noopRecord(tagged(0, n, 200000))); err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

func onlineCheckpoint(t *testing.T, w *WAL) (redo, lsn LSN) {
	t.Helper()
	redo = w.BeginCheckpoint()
	cp := w.ControlFile().CheckPointCopy
	cp.Redo = datadir.LSN(redo)
	lsn, err := w.LogCheckpoint(CheckpointOnline, cp)
	if err != nil {
		t.Fatal(err)
	}
	return redo, lsn
}

func TestRemoveAndRecycleSegments(t *testing.T) {
	c := newCluster(t, "wal_init_zero", "off", "min_wal_size", "32MB", "max_wal_size", "64MB")
	w, res := c.start()
	n := fillTo(t, w, 7)
	redo, _ := onlineCheckpoint(t, w)
	if SegNo(redo) != 7 {
		t.Fatalf("redo in segment %d", SegNo(redo))
	}
	if got := segmentFiles(t, c); len(got) != 7 || got[0] != 1 || got[6] != 7 {
		t.Fatalf("segments before removal: %v", got)
	}
	// Estimate: one checkpoint distance of ~6 segments; recycling is
	// capped by max_wal_size (4 segments past the redo segment: 8..10).
	removed, recycled, err := w.RemoveOldSegments(redo, 0)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 3 || recycled != 3 {
		t.Fatalf("removed %d, recycled %d", removed, recycled)
	}
	if got := segmentFiles(t, c); len(got) != 4 || got[0] != 7 || got[3] != 10 {
		t.Fatalf("segments after removal: %v", got)
	}
	// Writing goes on into the recycled files, which still hold old pages.
	n2 := fillTo(t, w, 9)
	end, err := w.Insert(noopRecord(tagged(0, n+n2, 100)))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(end); err != nil {
		t.Fatal(err)
	}
	recs, rerr := readAll(t, c.dir, redo)
	if !errors.Is(rerr, ErrEndOfWAL) || recs[len(recs)-1].EndLSN != end {
		t.Fatalf("reading from redo: %d records, ended by %v", len(recs), rerr)
	}
	// The old content of a recycled segment ends the WAL cleanly.
	_, res2 := c.crash()
	if res2.EndOfLog != end {
		t.Fatalf("recovered to %s, want %s (%v)", res2.EndOfLog, end, res2.EndReason)
	}
	if _, err := os.Stat(filepath.Join(c.walDir(), FileName(1, 1))); !os.IsNotExist(err) {
		t.Fatal("segment 1 still there")
	}
	_ = res
}

func TestRemoveSegmentsKeeps(t *testing.T) {
	c := newCluster(t, "wal_init_zero", "off", "wal_recycle", "off", "wal_keep_size", "48MB")
	w, _ := c.start()
	fillTo(t, w, 6)
	redo, _ := onlineCheckpoint(t, w)
	// wal_keep_size keeps 3 segments behind the current one (3, 4, 5).
	removed, recycled, err := w.RemoveOldSegments(redo, 0)
	if err != nil || recycled != 0 || removed != 2 {
		t.Fatalf("removed %d recycled %d: %v", removed, recycled, err)
	}
	if got := segmentFiles(t, c); got[0] != 3 {
		t.Fatalf("segments %v", got)
	}
	// A slot's LSN keeps more; with wal_recycle off nothing is renamed.
	w.walKeepSize = 0
	removed, _, err = w.RemoveOldSegments(redo, SegmentStart(4)+100)
	if err != nil || removed != 1 {
		t.Fatalf("removed %d: %v", removed, err)
	}
	if got := segmentFiles(t, c); got[0] != 4 || got[len(got)-1] != 6 {
		t.Fatalf("segments %v", got)
	}
	removed, _, _ = w.RemoveOldSegments(redo, 0)
	if got := segmentFiles(t, c); removed != 2 || len(got) != 1 || got[0] != 6 {
		t.Fatalf("removed %d, segments %v", removed, got)
	}
}

func TestPreallocateSegments(t *testing.T) {
	c := newCluster(t, "wal_init_zero", "off")
	w, _ := c.start()
	if made, err := w.PreallocateSegments(); err != nil || made {
		t.Fatalf("preallocated at the start of a segment: %v %v", made, err)
	}
	for segOffset(w.CurrentInsertLSN()) < SegmentSize*3/4+PageSize {
		if _, err := w.Insert(noopRecord(tagged(0, 0, 300000))); err != nil {
			t.Fatal(err)
		}
	}
	made, err := w.PreallocateSegments()
	if err != nil || !made {
		t.Fatalf("no segment preallocated: %v", err)
	}
	st, err := os.Stat(filepath.Join(c.walDir(), FileName(1, 2)))
	if err != nil || st.Size() != SegmentSize {
		t.Fatalf("preallocated segment: %v", err)
	}
	if made, _ := w.PreallocateSegments(); made {
		t.Fatal("preallocated twice")
	}
	// The writer uses the preallocated file.
	fillTo(t, w, 3)
	if err := w.Flush(w.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	if got := segmentFiles(t, c); len(got) != 3 {
		t.Fatalf("segments %v", got)
	}
	for _, e := range must(os.ReadDir(c.walDir())) {
		if e.Name() != "archive_status" && len(e.Name()) != 24 {
			t.Fatalf("stray file %s", e.Name())
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestSwitchSegment(t *testing.T) {
	c := newCluster(t)
	w, res := c.start()
	w.Insert(noopRecord(tagged(0, 0, 100)))
	end, err := w.Insert(NewRecord(RmgrXLOG, InfoSwitch))
	if err != nil {
		t.Fatal(err)
	}
	if end != SegmentStart(2) {
		t.Fatalf("switch ends at %s", end)
	}
	// At a segment boundary a switch does nothing.
	if end2, err := w.Insert(NewRecord(RmgrXLOG, InfoSwitch)); err != nil || end2 != end {
		t.Fatalf("second switch: %s %v", end2, err)
	}
	end3, _ := w.Insert(noopRecord(tagged(0, 1, 100)))
	if w.LastRecPtr() != SegmentStart(2)+LongPageHeaderSize {
		t.Fatalf("next record at %s", w.LastRecPtr())
	}
	if err := w.Flush(end3); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, c.dir, res.CheckpointLSN)
	if len(recs) != 4 || recs[3].Header.Prev != recs[2].LSN || recs[2].EndLSN != SegmentStart(2) {
		t.Fatalf("%d records", len(recs))
	}
	_, res2 := c.crash()
	if res2.EndOfLog != end3 || res2.Records != 3 {
		t.Fatalf("recovery across the switch: %+v", res2)
	}
}
