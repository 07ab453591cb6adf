// Crash tests: damaged WAL tails (zeros, bad CRC, torn and stale
// continuation pages, garbage) and missing segments end recovery at the
// last valid record, and the log continues from there.

package xlog

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// patchWAL overwrites the WAL at lsn with data.
func patchWAL(t *testing.T, c *testCluster, lsn LSN, data []byte) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(c.walDir(), FileName(1, SegNo(lsn))), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, int64(segOffset(lsn))); err != nil {
		t.Fatal(err)
	}
}

// fillWAL inserts n tagged records of the given sizes and flushes them.
func fillWAL(t *testing.T, w *WAL, n int, size func(i int) int) []LSN {
	t.Helper()
	var ends []LSN
	for i := 0; i < n; i++ {
		end, err := w.Insert(noopRecord(tagged(0, i, size(i))))
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, end)
	}
	if err := w.Flush(ends[len(ends)-1]); err != nil {
		t.Fatal(err)
	}
	return ends
}

// crash drops every handle and shared memory, as a crash restart does,
// and recovers.
func (c *testCluster) crash() (*WAL, *RecoveryResult) {
	c.t.Helper()
	c.createShared()
	c.owners = nil
	return c.start()
}

func TestCrashTails(t *testing.T) {
	cases := []struct {
		name string
		// damage breaks the WAL given the records' start LSNs and ends;
		// it returns how many records survive and the LOG message.
		damage func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string)
	}{
		{"zeroed tail", func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string) {
			// The last three records never reached the disk.
			k := len(starts) - 3
			patchWAL(t, c, starts[k], make([]byte, int(ends[len(ends)-1]-starts[k])))
			return k, "invalid record length at " + starts[k].String() + ": wanted 24, got 0"
		}},
		{"bad CRC in last record", func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string) {
			k := len(starts) - 1
			patchWAL(t, c, starts[k]+30, []byte{0xFF, 0xEE})
			return k, "incorrect resource manager data checksum in record at " + starts[k].String()
		}},
		{"torn multi-page record", func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string) {
			// The record's first page was written, its continuation page
			// was not (the segment was zero-filled).
			k := len(starts) - 1
			next := pageStart(starts[k]) + PageSize
			patchWAL(t, c, next, make([]byte, PageSize))
			return k, "invalid magic number 0000 in log segment 000000010000000000000001, offset " + itoa(int(segOffset(next)))
		}},
		{"stale continuation page", func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string) {
			// The continuation page is an old one: no contrecord flag.
			k := len(starts) - 1
			next := pageStart(starts[k]) + PageSize
			pg := make([]byte, PageSize)
			initPage(pg, next, 1, 0, true)
			patchWAL(t, c, next, pg)
			return k, "there is no contrecord flag at " + starts[k].String()
		}},
		{"garbage after the end", func(t *testing.T, c *testCluster, starts, ends []LSN) (int, string) {
			// Bytes of an old, unrelated record after the last one: a
			// header with a wrong prev-link.
			k := len(starts) - 1
			rec := make([]byte, 40)
			copy(rec, bytes.Repeat([]byte{0x5A}, 40))
			rec[0], rec[1], rec[2], rec[3] = 40, 0, 0, 0
			rec[17] = 0 // rmid XLOG
			patchWAL(t, c, starts[k], rec)
			return k, "record with incorrect prev-link 5A5A5A5A/5A5A5A5A at " + starts[k].String()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCluster(t)
			w, res0 := c.start()
			var starts, ends []LSN
			for i := 0; i < 30; i++ {
				size := 100
				if i == 29 {
					size = 12000 // the last record spans pages
				}
				end, err := w.Insert(noopRecord(tagged(0, i, size)))
				if err != nil {
					t.Fatal(err)
				}
				starts = append(starts, w.LastRecPtr())
				ends = append(ends, end)
			}
			if err := w.Flush(ends[len(ends)-1]); err != nil {
				t.Fatal(err)
			}
			keep, msg := tc.damage(t, c, starts, ends)
			w2, res := c.crash()
			if !res.Replayed || res.Records != keep {
				t.Fatalf("replayed %v, %d records, want %d", res.Replayed, res.Records, keep)
			}
			wantLast, wantEnd := res0.CheckpointLSN, res0.EndOfLog
			if keep > 0 {
				wantLast, wantEnd = starts[keep-1], ends[keep-1]
			}
			if res.LastRecord != wantLast || res.EndOfLog != wantEnd {
				t.Fatalf("recovery ended at %s (end %s), want %s (end %s)", res.LastRecord, res.EndOfLog, wantLast, wantEnd)
			}
			log := c.logBuf.String()
			for _, want := range []string{
				"LOG:  database system was interrupted; last known up at ",
				"LOG:  database system was not properly shut down; automatic recovery in progress",
				"LOG:  redo starts at " + starts[0].String(),
				"LOG:  " + msg + "\n",
				"LOG:  redo done at " + wantLast.String() + " system usage: CPU: user: ",
			} {
				if !strings.Contains(log, want) {
					t.Fatalf("log lacks %q:\n%s", want, log)
				}
			}
			// New records continue after the last valid one, overwriting
			// whatever the crash left.
			var newEnds []LSN
			for i := 0; i < 5; i++ {
				end, err := w2.Insert(noopRecord(tagged(1, i, 3000)))
				if err != nil {
					t.Fatal(err)
				}
				newEnds = append(newEnds, end)
			}
			if err := w2.Flush(newEnds[4]); err != nil {
				t.Fatal(err)
			}
			recs, err := readAll(t, c.dir, res0.CheckpointLSN)
			if !errors.Is(err, ErrEndOfWAL) || len(recs) != 1+keep+5 {
				t.Fatalf("%d records after restart, want %d (%v)", len(recs), 1+keep+5, err)
			}
			if recs[1+keep].LSN != wantEnd || recs[1+keep].Header.Prev != wantLast {
				t.Fatalf("first new record at %s prev %s", recs[1+keep].LSN, recs[1+keep].Header.Prev)
			}
			for i, r := range recs[1:] {
				wr, seq, err := checkTagged(r.MainData)
				if err != nil || (i < keep && (wr != 0 || seq != i)) || (i >= keep && (wr != 1 || seq != i-keep)) {
					t.Fatalf("record %d: writer %d seq %d %v", i, wr, seq, err)
				}
			}
			// The end of the new WAL is clean: the next header is zero.
			var ie *InvalidRecordError
			if !errors.As(err, &ie) || !strings.Contains(ie.Message, "wanted 24, got 0") {
				t.Fatalf("new WAL ends with %v", err)
			}
			// A second crash now recovers all of it.
			_, res3 := c.crash()
			if res3.EndOfLog != newEnds[4] {
				t.Fatalf("second recovery ends at %s, want %s", res3.EndOfLog, newEnds[4])
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestMissingSegmentEndsWAL(t *testing.T) {
	// Fill segment 1 and spill into segment 2, then lose segment 2: the
	// WAL ends quietly at the last record of segment 1 (a missing file is
	// the normal end and is not logged).
	c := newCluster(t)
	w, _ := c.start()
	var starts, ends []LSN
	for SegNo(w.CurrentInsertLSN()) < 2 || len(starts) < 2 || SegNo(starts[len(starts)-1]) < 2 {
		end, err := w.Insert(noopRecord(tagged(0, len(starts), 60000)))
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, w.LastRecPtr())
		ends = append(ends, end)
	}
	if err := w.Flush(ends[len(ends)-1]); err != nil {
		t.Fatal(err)
	}
	// The last record of segment 1 that ends inside it.
	k := 0
	for i := range starts {
		if SegNo(ends[i]-1) == 1 {
			k = i + 1
		}
	}
	if err := os.Remove(filepath.Join(c.walDir(), FileName(1, 2))); err != nil {
		t.Fatal(err)
	}
	_, res := c.crash()
	if res.Records != k || res.EndOfLog != ends[k-1] {
		t.Fatalf("replayed %d records to %s; want %d to %s", res.Records, res.EndOfLog, k, ends[k-1])
	}
	var ie *InvalidRecordError
	if !errors.As(res.EndReason, &ie) || !ie.MissingSegment {
		t.Fatalf("end reason %v", res.EndReason)
	}
	if strings.Contains(c.logBuf.String(), "could not open file") {
		t.Fatalf("missing segment was logged:\n%s", c.logBuf)
	}
}

// TestReaderSurvivesCorruption flips random bytes of a valid WAL and reads
// it: the reader must never panic, and must return exactly the records
// before the first damaged one (everything it returns is intact).
func TestReaderSurvivesCorruption(t *testing.T) {
	c := newCluster(t)
	w, res := c.start()
	sizes := []int{10, 300, 9000, 50, 20000, 8, 700}
	var starts []LSN
	for i := 0; i < 40; i++ {
		end, err := w.Insert(noopRecord(tagged(0, i, sizes[i%len(sizes)])))
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, w.LastRecPtr())
		w.Flush(end)
	}
	f, err := os.OpenFile(filepath.Join(c.walDir(), FileName(1, 1)), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	endOff := int64(segOffset(w.InsertEndLSN()))
	rng := rand.New(rand.NewSource(7))
	for iter := 0; iter < 1500; iter++ {
		off := rng.Int63n(endOff)
		orig := make([]byte, 1+rng.Intn(4))
		f.ReadAt(orig, off)
		bad := make([]byte, len(orig))
		for i := range bad {
			bad[i] = orig[i] ^ byte(1+rng.Intn(255))
		}
		f.WriteAt(bad, off)
		recs, err := readAll(t, c.dir, res.CheckpointLSN)
		f.WriteAt(orig, off)
		if err == nil {
			t.Fatal("reader ended without error")
		}
		if len(recs) == 0 {
			continue // the checkpoint record itself was hit
		}
		for i, r := range recs[1:] {
			if r.LSN != starts[i] {
				t.Fatalf("iter %d: record %d at %s, want %s", iter, i, r.LSN, starts[i])
			}
			if _, _, err := checkTagged(r.MainData); err != nil {
				t.Fatalf("iter %d: damaged record returned: %v", iter, err)
			}
		}
	}
}
