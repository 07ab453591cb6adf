// pg_serial: entries read back within the range of running serializable
// transactions, read as 0 outside it, the checkpoint's truncation, and
// the reset when shared memory is created again.

package transam

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

func newSerial(t *testing.T, dir string) *Serial {
	t.Helper()
	s := testSettings(t, dir)
	seg, err := shmem.Create(int64(SerialShmemSize() + 4096))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	sr, err := CreateSerial(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return sr
}

func serialFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "pg_serial"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestSerialEntriesAndTruncation(t *testing.T) {
	dir := t.TempDir()
	sr := newSerial(t, dir)
	o := &shmem.Owner{}
	const tail = TransactionId(1000)
	sr.SetActiveXmin(o, tail)
	// Xids over 40 segments' worth of pages: more pages than buffers,
	// so pages are written out as they are evicted.
	step := TransactionId(serialEntriesPerPage * slruPagesPerSegment / 2)
	last := tail
	for x := tail; x < tail+80*step; x += step {
		if err := sr.Add(o, x, uint64(x)*2); err != nil {
			t.Fatal(err)
		}
		last = x
	}
	for _, x := range []TransactionId{tail, tail + 7*step, last} {
		if v, err := sr.MinConflictCommitSeqNo(o, x); err != nil || v != uint64(x)*2 {
			t.Fatalf("xid %d: %d, %v", x, v, err)
		}
	}
	// Never added within the range: a zeroed entry. Outside: 0 too.
	for _, x := range []TransactionId{tail + 1, tail - 1, last + 1} {
		if v, err := sr.MinConflictCommitSeqNo(o, x); err != nil || v != 0 {
			t.Fatalf("xid %d: %d, %v; want 0", x, v, err)
		}
	}
	if err := sr.CheckPoint(o); err != nil {
		t.Fatal(err)
	}
	if n := len(serialFiles(t, dir)); n < 40 {
		t.Fatalf("%d segment files after a checkpoint, want the 40 written", n)
	}
	// The oldest running transaction moves on: earlier segments go.
	sr.SetActiveXmin(o, tail+60*step)
	if err := sr.CheckPoint(o); err != nil {
		t.Fatal(err)
	}
	if n := len(serialFiles(t, dir)); n > 11 {
		t.Fatalf("%d segment files after the tail moved, want 10 or 11", n)
	}
	if v, err := sr.MinConflictCommitSeqNo(o, last); err != nil || v != uint64(last)*2 {
		t.Fatalf("xid %d after truncation: %d, %v", last, v, err)
	}
	if v, _ := sr.MinConflictCommitSeqNo(o, tail); v != 0 {
		t.Fatalf("xid %d before the tail: %d, want 0", tail, v)
	}
	// No serializable transaction runs: nothing is valid any more.
	sr.SetActiveXmin(o, InvalidTransactionId)
	if v, _ := sr.MinConflictCommitSeqNo(o, last); v != 0 {
		t.Fatalf("xid %d with none running: %d, want 0", last, v)
	}
	if err := sr.CheckPoint(o); err != nil {
		t.Fatal(err)
	}
	if n := len(serialFiles(t, dir)); n > 1 {
		t.Fatalf("%d segment files with none running, want the head's at most", n)
	}
	// A new server life starts empty.
	newSerial(t, dir)
	if n := len(serialFiles(t, dir)); n != 0 {
		t.Fatalf("%d segment files after a restart", n)
	}
}
