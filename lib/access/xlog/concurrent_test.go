// Concurrency tests with goroutines, each with its own Owner and handle on
// one shared segment: buffer wrap-around, flush promises, full-page
// images racing with moving redo points.

package xlog

import (
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// verifyWriters checks that recs (after the bootstrap checkpoint) hold
// every writer's records 0..n-1 in order, with intact payloads.
func verifyWriters(t *testing.T, recs []*DecodedRecord, writers, perWriter int) {
	t.Helper()
	next := make([]int, writers)
	count := 0
	for _, rec := range recs {
		if rec.Header.Rmid != RmgrXLOG || rec.Header.Info != InfoNoop {
			continue
		}
		wr, seq, err := checkTagged(rec.MainData)
		if err != nil {
			t.Fatalf("record at %s: %v", rec.LSN, err)
		}
		if wr < 0 || wr >= writers || seq != next[wr] {
			t.Fatalf("record at %s: writer %d seq %d, want seq %d", rec.LSN, wr, seq, next[wr])
		}
		next[wr]++
		count++
	}
	for i, n := range next {
		if n != perWriter {
			t.Fatalf("writer %d: %d records read back, want %d", i, n, perWriter)
		}
	}
}

func TestConcurrentInsertSmallBuffers(t *testing.T) {
	// 4 WAL buffer pages (32 kB): inserters constantly evict pages, and the
	// largest records are bigger than all the buffers together.
	c := newCluster(t, "wal_buffers", "32kB")
	w0, res := c.start()
	if c.sh.BufferPages() != 4 {
		t.Fatalf("%d buffer pages", c.sh.BufferPages())
	}
	const writers, perWriter = 8, 400
	ws := make([]*WAL, writers)
	for i := range ws {
		ws[i] = c.open(nil)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	ends := make([]LSN, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(i)))
			w := ws[i]
			b := NewRecord(RmgrXLOG, InfoNoop)
			for j := 0; j < perWriter; j++ {
				n := 8 + rng.Intn(300)
				switch rng.Intn(50) {
				case 0:
					n = 40000 + rng.Intn(20000) // larger than wal_buffers
				case 1, 2, 3:
					n = 3000 + rng.Intn(9000) // spans pages
				}
				b.Reset(RmgrXLOG, InfoNoop)
				b.SetMainData(tagged(i, j, n))
				end, err := w.Insert(b)
				if err != nil {
					errs <- err
					return
				}
				if end <= ends[i] {
					errs <- errors.New("end LSNs not increasing")
					return
				}
				ends[i] = end
				if j%37 == 0 {
					if err := w.Flush(end); err != nil {
						errs <- err
						return
					}
					if w.FlushedLSN() < end {
						errs <- errors.New("Flush returned before its LSN was flushed")
						return
					}
					// What Flush promised is in the file now.
					r := NewReader(c.walDir(), w.LastRecPtr(), ReaderOptions{})
					rec, err := r.ReadRecord()
					r.Close()
					if err != nil {
						errs <- fmt.Errorf("reading back a flushed record: %w", err)
						return
					}
					if wr, seq, err := checkTagged(rec.MainData); err != nil || wr != i || seq != j || rec.EndLSN != end {
						errs <- fmt.Errorf("flushed record read back as writer %d seq %d end %s: %v", wr, seq, rec.EndLSN, err)
						return
					}
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	end := w0.InsertEndLSN()
	if err := w0.Flush(end); err != nil {
		t.Fatal(err)
	}
	recs, err := readAll(t, c.dir, res.CheckpointLSN)
	if !errors.Is(err, ErrEndOfWAL) {
		t.Fatalf("reading stopped with %v", err)
	}
	if len(recs) != 1+writers*perWriter {
		t.Fatalf("%d records read, want %d (stopped: %v)", len(recs), 1+writers*perWriter, err)
	}
	if last := recs[len(recs)-1]; last.EndLSN != end {
		t.Fatalf("last record ends at %s, insert end %s", last.EndLSN, end)
	}
	verifyWriters(t, recs, writers, perWriter)
	st := w0.Stats()
	if st.Records != writers*perWriter || st.BuffersFull == 0 || st.Write == 0 || st.Sync == 0 {
		t.Fatalf("stats %+v", st)
	}
	var bytes uint64
	for _, r := range recs[1:] {
		bytes += uint64(r.EndLSN - r.LSN)
	}
	if st.Bytes > bytes || st.Bytes < bytes/2 {
		// wal_bytes counts the reserved (aligned) sizes, without the page
		// headers a record's span includes.
		t.Fatalf("wal_bytes %d for %d bytes of records", st.Bytes, bytes)
	}
	c.checkOwnersClean()
}

func TestConcurrentInsertWithCheckpoints(t *testing.T) {
	// Inserters register pages while a "checkpointer" keeps moving the
	// redo point: every record positioned after a redo point must carry
	// an image of a page last logged before it.
	c := newCluster(t, "wal_buffers", "64kB")
	w0, res := c.start()
	const writers, perWriter = 4, 1000
	var wg sync.WaitGroup
	stop := make(chan struct{})
	ckpt := c.open(nil)
	redos := []LSN{w0.RedoPoint()}
	var ckCount atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if r := ckpt.BeginCheckpoint(); r != redos[len(redos)-1] {
				redos = append(redos, r)
			}
			ckCount.Add(1)
			runtime.Gosched()
		}
	}()
	var iwg sync.WaitGroup
	ws := make([]*WAL, writers)
	for i := range ws {
		ws[i] = c.open(nil)
	}
	for i := 0; i < writers; i++ {
		iwg.Add(1)
		go func(i int) {
			defer iwg.Done()
			w := ws[i]
			page := testPage(0, 64, 8000, byte(i))
			b := NewRecord(RmgrXLOG, InfoNoop)
			for j := 0; j < perWriter; j++ {
				b.Reset(RmgrXLOG, InfoNoop)
				b.RegisterBuffer(0, testRel, 0, blockNo(1000+i), page, RegBufStandard)
				b.RegisterBufData(0, []byte("change"))
				b.SetMainData(tagged(i, j, 16))
				end, err := w.Insert(b)
				if err != nil {
					t.Error(err)
					return
				}
				setPageLSN(page, end) // as the caller sets pd_lsn
				if j%16 == 0 {
					// Let the checkpointer move the redo point at least
					// once every 16 records, whatever the scheduler does.
					for seen := ckCount.Load(); ckCount.Load() < seen+2; {
						runtime.Gosched()
					}
				}
			}
		}(i)
	}
	iwg.Wait()
	close(stop)
	wg.Wait()
	if err := w0.Flush(w0.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	recs, _ := readAll(t, c.dir, res.CheckpointLSN)
	verifyWriters(t, recs, writers, perWriter)
	// Rule 3 of docs/storage.md: a record without an image is only
	// allowed if no redo point was set between the block's previous
	// record (whose end was the page LSN) and this record.
	images := 0
	prevEnd := map[storage.BlockNumber]LSN{}
	for _, r := range recs[1:] {
		blk := r.Block(0)
		if blk == nil {
			t.Fatalf("record at %s has no block", r.LSN)
		}
		if blk.HasImage {
			images++
		} else {
			if string(blk.Data) != "change" {
				t.Fatalf("record at %s without image lacks data", r.LSN)
			}
			pl := prevEnd[blk.Block]
			i := sort.Search(len(redos), func(i int) bool { return redos[i] >= pl })
			if i < len(redos) && redos[i] <= r.LSN {
				t.Fatalf("record at %s has no image although redo point %s lies between the page LSN %s and it", r.LSN, redos[i], pl)
			}
		}
		prevEnd[blk.Block] = r.EndLSN
	}
	if images <= 2*writers || len(redos) < perWriter/16 {
		t.Fatalf("%d images for %d redo points", images, len(redos))
	}
	t.Logf("%d records, %d images, %d redo points", len(recs)-1, images, len(redos))
	c.checkOwnersClean()
}

func blockNo(i int) storage.BlockNumber { return storage.BlockNumber(i) }
