// Flush tests: group commit under a slow fsync, background flushing,
// flushing past the insert position, every wal_sync_method.

package xlog

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestGroupCommit(t *testing.T) {
	c := newCluster(t)
	w0, _ := c.start()
	// A slow disk: each fsync takes 3 ms, so commits pile up behind the
	// one in progress and the next leader takes them all.
	var syncedUpTo atomic.Uint64
	const committers, rounds = 16, 10
	ws := make([]*WAL, committers)
	for i := range ws {
		ws[i] = c.open(nil)
		ws[i].syncHook = func() {
			// Everything written so far is what this sync makes durable.
			written := uint64(w0.WrittenLSN())
			time.Sleep(3 * time.Millisecond)
			for {
				old := syncedUpTo.Load()
				if written <= old || syncedUpTo.CompareAndSwap(old, written) {
					break
				}
			}
		}
	}
	before := w0.Stats()
	var wg sync.WaitGroup
	var flushes atomic.Int64
	for i := 0; i < committers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			w := ws[i]
			for j := 0; j < rounds; j++ {
				end, err := w.Insert(noopRecord(tagged(i, j, 64)))
				if err != nil {
					t.Error(err)
					return
				}
				if err := w.Flush(end); err != nil {
					t.Error(err)
					return
				}
				flushes.Add(1)
				if w.FlushedLSN() < end {
					t.Errorf("Flush(%s) returned with flush position %s", end, w.FlushedLSN())
				}
				if LSN(syncedUpTo.Load()) < end {
					t.Errorf("Flush(%s) returned but the last sync covered only %s", end, LSN(syncedUpTo.Load()))
				}
			}
		}(i)
	}
	wg.Wait()
	st := w0.Stats()
	syncs := st.Sync - before.Sync
	t.Logf("%d flushes, %d fsyncs, %d writes", flushes.Load(), syncs, st.Write-before.Write)
	if syncs == 0 || syncs > uint64(flushes.Load())/3 {
		t.Fatalf("%d fsyncs for %d flushes: no group commit", syncs, flushes.Load())
	}
	c.checkOwnersClean()
}

func TestFlushBeyondInsertAndBackground(t *testing.T) {
	c := newCluster(t)
	w, _ := c.start()
	var end LSN
	for i := 0; i < 10; i++ {
		var err error
		if end, err = w.Insert(noopRecord(tagged(0, i, 500))); err != nil {
			t.Fatal(err)
		}
	}
	if w.FlushedLSN() >= end || !w.NeedsFlush(end) {
		t.Fatal("records flushed without being asked")
	}
	did, err := w.BackgroundFlush()
	if err != nil || !did || w.FlushedLSN() != end || w.WrittenLSN() != end {
		t.Fatalf("background flush: %v %v, flushed %s want %s", did, err, w.FlushedLSN(), end)
	}
	if did, _ := w.BackgroundFlush(); did {
		t.Fatal("second background flush had work")
	}
	// Asking for more than was inserted flushes what there is.
	if err := w.Flush(end + 100000); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.logBuf.String(), "request to flush past end of generated WAL; request ") {
		t.Fatalf("log: %s", c.logBuf)
	}
	// WAL written by a non-flushing write (buffer eviction) is made
	// durable by a later flush from another handle.
	w2 := c.open(nil)
	end2, _ := w2.Insert(noopRecord(tagged(1, 0, 100)))
	if err := w.Flush(end2); err != nil || w2.FlushedLSN() != end2 {
		t.Fatalf("flush by another handle: %v", err)
	}
}

func TestSyncMethods(t *testing.T) {
	for _, m := range []string{"fsync", "fdatasync", "open_sync", "open_datasync"} {
		t.Run(m, func(t *testing.T) {
			c := newCluster(t, "wal_sync_method", m)
			w, res := c.start()
			before := w.Stats().Sync
			end, err := w.Insert(noopRecord(tagged(0, 0, 100)))
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(end); err != nil {
				t.Fatal(err)
			}
			synced := w.Stats().Sync - before
			if (m == "fsync" || m == "fdatasync") != (synced == 1) {
				t.Fatalf("%s: %d explicit syncs", m, synced)
			}
			recs, _ := readAll(t, c.dir, res.CheckpointLSN)
			if len(recs) != 2 {
				t.Fatalf("%d records", len(recs))
			}
		})
	}
}
