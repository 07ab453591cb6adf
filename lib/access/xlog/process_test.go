// Multi-process tests: the test binary re-executes itself as children that
// attach the shared segment and insert concurrently; kill -9 of inserting
// processes followed by a crash restart.

package xlog

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Child processes: the test binary re-executes itself with GPWAL_CHILD set
// and the shared memory segment as fd 3, the way the postmaster starts its
// children.

const testRegion = "xlog test"

// testShared is the test's own region: per-child owners (as proc slots
// would hold them) and the last sequence number each child saw flushed.
type testShared struct {
	owners [16]shmem.Owner
	acked  [16]int64
	ready  int32
}

func TestMain(m *testing.M) {
	if os.Getenv("GPWAL_CHILD") != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

func childMain() int {
	idx, _ := strconv.Atoi(os.Getenv("GPWAL_CHILD_INDEX"))
	count, _ := strconv.Atoi(os.Getenv("GPWAL_CHILD_COUNT"))
	flushEvery, _ := strconv.Atoi(os.Getenv("GPWAL_CHILD_FLUSH"))
	seg, err := shmem.Attach(os.NewFile(3, "shmem"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	ts := shmem.At[testShared](seg.MustLookup(testRegion), 0)
	owner := &ts.owners[idx]
	owner.Pid = int32(os.Getpid())
	w := AttachShared(seg).Open(Options{DataDir: os.Getenv("GPWAL_CHILD_DIR"), Owner: owner})
	defer w.Close()
	for atomic.LoadInt32(&ts.ready) == 0 {
		time.Sleep(time.Millisecond)
	}
	rng := rand.New(rand.NewSource(int64(idx)))
	b := NewRecord(RmgrXLOG, InfoNoop)
	for j := 0; count == 0 || j < count; j++ {
		n := 8 + rng.Intn(200)
		if rng.Intn(40) == 0 {
			n = 5000 + rng.Intn(30000)
		}
		b.Reset(RmgrXLOG, InfoNoop)
		b.SetMainData(tagged(idx, j, n))
		end, err := w.Insert(b)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		if flushEvery > 0 && j%flushEvery == 0 {
			if err := w.Flush(end); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 5
			}
			atomic.StoreInt64(&ts.acked[idx], int64(j))
		}
	}
	if err := w.Flush(w.InsertEndLSN()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 6
	}
	return 0
}

func startChildren(t *testing.T, c *testCluster, n, count, flushEvery int) []*exec.Cmd {
	t.Helper()
	var cmds []*exec.Cmd
	for i := 0; i < n; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(),
			"GPWAL_CHILD=1",
			"GPWAL_CHILD_INDEX="+strconv.Itoa(i),
			"GPWAL_CHILD_COUNT="+strconv.Itoa(count),
			"GPWAL_CHILD_FLUSH="+strconv.Itoa(flushEvery),
			"GPWAL_CHILD_DIR="+c.dir)
		cmd.ExtraFiles = []*os.File{c.seg.File()}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}

func allocTestRegion(t *testing.T, c *testCluster) *testShared {
	r, err := c.seg.Alloc(testRegion, int(unsafe.Sizeof(testShared{})))
	if err != nil {
		t.Fatal(err)
	}
	return shmem.At[testShared](r, 0)
}

func TestMultiProcessInsert(t *testing.T) {
	c := newCluster(t, "wal_buffers", "64kB")
	ts := allocTestRegion(t, c)
	w, res := c.start()
	const children, perChild = 4, 1500
	cmds := startChildren(t, c, children, perChild, 50)
	atomic.StoreInt32(&ts.ready, 1)
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v", i, err)
		}
	}
	for i := 0; i < children; i++ {
		if ts.owners[i].LocksHeld != 0 {
			t.Fatalf("child %d exited holding %d locks", i, ts.owners[i].LocksHeld)
		}
	}
	if w.FlushedLSN() != w.InsertEndLSN() {
		t.Fatalf("flushed %s, inserted up to %s", w.FlushedLSN(), w.InsertEndLSN())
	}
	recs, err := readAll(t, c.dir, res.CheckpointLSN)
	if !errors.Is(err, ErrEndOfWAL) || len(recs) != 1+children*perChild {
		t.Fatalf("%d records, stopped by %v", len(recs), err)
	}
	verifyWriters(t, recs, children, perChild)
	if st := w.Stats(); st.Records != children*perChild || st.BuffersFull == 0 {
		t.Fatalf("stats %+v", st)
	}
}

// TestKillNine kills inserting processes with SIGKILL at a random moment,
// then does what the postmaster does after a crash: reinitialize shared
// memory and recover. Every record a child saw flushed must be back, and
// each child's records must form a gap-free prefix.
func TestKillNine(t *testing.T) {
	for round := 0; round < 3; round++ {
		c := newCluster(t, "wal_buffers", "64kB")
		ts := allocTestRegion(t, c)
		c.start()
		const children = 4
		// -1: nothing acknowledged. A child the loaded machine had not
		// even started before the kill must not count as having seq 0
		// flushed.
		for i := 0; i < children; i++ {
			atomic.StoreInt64(&ts.acked[i], -1)
		}
		cmds := startChildren(t, c, children, 0, 3)
		atomic.StoreInt32(&ts.ready, 1)
		time.Sleep(time.Duration(100+rand.Intn(200)) * time.Millisecond)
		for _, cmd := range cmds {
			cmd.Process.Signal(syscall.SIGKILL)
		}
		for _, cmd := range cmds {
			cmd.Wait()
		}
		acked := make([]int64, children)
		for i := range acked {
			acked[i] = atomic.LoadInt64(&ts.acked[i])
		}
		// Crash restart: fresh shared memory, recovery from pg_control.
		c.createShared()
		w, res := c.start()
		if !res.Replayed {
			t.Fatalf("round %d: no crash recovery after kill -9", round)
		}
		recs, err := readAll(t, c.dir, res.CheckpointLSN)
		if !errors.Is(err, ErrEndOfWAL) {
			t.Fatal(err)
		}
		if last := recs[len(recs)-1]; last.EndLSN != res.EndOfLog || last.LSN != res.LastRecord {
			t.Fatalf("recovery ended at %s/%s, reader at %s/%s", res.LastRecord, res.EndOfLog, last.LSN, last.EndLSN)
		}
		next := make([]int64, children)
		for _, rec := range recs[1:] {
			wr, seq, err := checkTagged(rec.MainData)
			if err != nil || int64(seq) != next[wr] {
				t.Fatalf("round %d: record at %s: writer %d seq %d, want %d (%v)", round, rec.LSN, wr, seq, next[wr], err)
			}
			next[wr]++
		}
		for i := range next {
			if next[i] <= acked[i] {
				t.Fatalf("round %d: child %d had seq %d acknowledged as flushed, only %d recovered", round, i, acked[i], next[i])
			}
		}
		// The log goes on from the end of the recovered WAL.
		end, err := w.Insert(noopRecord(tagged(9, 0, 30)))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(end); err != nil {
			t.Fatal(err)
		}
		recs2, _ := readAll(t, c.dir, res.CheckpointLSN)
		if len(recs2) != len(recs)+1 || recs2[len(recs)].Header.Prev != res.LastRecord {
			t.Fatalf("round %d: after recovery %d records (had %d); new record's prev %s", round, len(recs2), len(recs), recs2[len(recs2)-1].Header.Prev)
		}
		t.Logf("round %d: recovered %d records, acked %v, end %s", round, len(recs)-1, acked, res.EndOfLog)
	}
}
