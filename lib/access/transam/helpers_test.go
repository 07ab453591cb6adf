// Test scaffolding: a segment holding a proc array and transam, a fake
// WAL, and the re-executed child processes of the multi-process tests.

package transam

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

const childEnv = "GP_TRANSAM_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(childMain(role))
	}
	os.Exit(m.Run())
}

func testSettings(t testing.TB, dataDir string, kv ...string) *config.Settings {
	s := config.New()
	set := func(name, val string) {
		if err := s.Set(name, val, config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s=%s: %v", name, val, err)
		}
	}
	set("max_connections", "10")
	set("data_directory", dataDir)
	for i := 0; i+1 < len(kv); i += 2 {
		set(kv[i], kv[i+1])
	}
	return s
}

type testEnv struct {
	seg      *shmem.Segment
	settings *config.Settings
	procs    *proc.Array
	m        *Manager
	dir      string
	nextPid  int32
}

// newEnv creates a segment with a proc array and transam regions over a
// data directory that has pg_xact and pg_subtrans.
func newEnv(t testing.TB, dir string, kv ...string) *testEnv {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	for _, sub := range []string{"/pg_xact", "/pg_subtrans"} {
		if err := os.MkdirAll(dir+sub, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	s := testSettings(t, dir, kv...)
	maxConn := int(s.Int("max_connections"))
	seg, err := shmem.Create(int64(proc.ArraySize(maxConn, 0) + ShmemSize(s) + 4096))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	procs, err := proc.CreateArray(seg, maxConn)
	if err != nil {
		t.Fatal(err)
	}
	m, err := CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{seg: seg, settings: s, procs: procs, m: m, dir: dir, nextPid: 1000}
}

// backend claims a proc slot and returns its Owner and index.
func (e *testEnv) backend(t testing.TB) (*shmem.Owner, int) {
	t.Helper()
	pid := atomic.AddInt32(&e.nextPid, 1)
	slot, _ := e.procs.ClaimBackend(pid)
	if slot == nil {
		t.Fatal("no free proc slot")
	}
	return &slot.Owner, e.procs.Index(slot)
}

// fakeWAL records what is inserted and flushed.
type fakeWAL struct {
	mu        sync.Mutex
	recs      []walRec
	end       storage.LSN
	flushed   storage.LSN
	failFlush error
}

type walRec struct {
	rmgr, info uint8
	xid        uint32
	data       []byte
	lsn        storage.LSN
}

func (w *fakeWAL) Insert(rmgr, info uint8, xid uint32, data []byte) (storage.LSN, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.end == 0 {
		w.end = 0x1000000
	}
	w.end += storage.LSN(24+len(data)+7) &^ 7
	w.recs = append(w.recs, walRec{rmgr, info, xid, append([]byte(nil), data...), w.end})
	return w.end, nil
}

func (w *fakeWAL) Flush(upTo storage.LSN) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failFlush != nil {
		return w.failFlush
	}
	if upTo > w.flushed {
		w.flushed = upTo
	}
	return nil
}

func (w *fakeWAL) records(rmgr uint8) []walRec {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []walRec
	for _, r := range w.recs {
		if r.rmgr == rmgr {
			out = append(out, r)
		}
	}
	return out
}

// childMain runs in a re-executed test binary. fd 3 is the segment. It
// claims a proc slot and obeys commands read from stdin, one a line,
// answering on stdout:
//
//	assign            -> "xid <xid> <procIndex>"
//	commit | abort    -> "ok"
//	burst N           -> N lines "x <xid>" (assign+commit each), then "ok"
//	snap              -> "snap <xmin> <xmax> <xip...>"
//	sub [N]           -> N (default 1) new subtransaction ids, the odd ones
//	                     children of the previous one, the even ones of the
//	                     top: "subs <xid>..."
//	rollbackto XID    -> aborts XID with the live subtransactions assigned
//	                     after it (AbortSubTransaction): "ok"
//	set XID STATUS    -> "ok" (TransactionIdSetStatus)
//	checkpoint        -> "ok" (CheckPointCLOG)
//	exit              -> exits 0
func childMain(role string) int {
	seg, err := shmem.Attach(os.NewFile(3, "shmem"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	procs := proc.AttachArray(seg)
	m := AttachShared(seg)
	slot, _ := procs.ClaimBackend(int32(os.Getpid()))
	if slot == nil {
		fmt.Fprintln(os.Stderr, "no slot")
		return 3
	}
	o, idx := &slot.Owner, procs.Index(slot)
	out := bufio.NewWriter(os.Stdout)
	in := bufio.NewScanner(os.Stdin)
	var xid TransactionId
	var subs []TransactionId // live subtransaction ids, ascending
	reply := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	fail := func(err error) int {
		reply("error %v", err)
		return 1
	}
	reply("ready %d", idx)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "assign":
			if xid, err = m.AssignTransactionId(o, idx); err != nil {
				return fail(err)
			}
			reply("xid %d %d", xid, idx)
		case "commit":
			if _, err := m.CommitTransaction(o, idx, xid, subs, true); err != nil {
				return fail(err)
			}
			subs = nil
			reply("ok")
		case "abort":
			if err := m.AbortTransaction(o, idx, xid, subs); err != nil {
				return fail(err)
			}
			subs = nil
			reply("ok")
		case "sub":
			n := 1
			if len(f) > 1 {
				n, _ = strconv.Atoi(f[1])
			}
			var b strings.Builder
			b.WriteString("subs")
			for i := 0; i < n; i++ {
				parent := xid
				if i%2 == 1 && len(subs) > 0 {
					parent = subs[len(subs)-1]
				}
				x, err := m.AssignSubTransactionId(o, idx, parent)
				if err != nil {
					return fail(err)
				}
				subs = append(subs, x)
				fmt.Fprintf(&b, " %d", x)
			}
			reply("%s", b.String())
		case "rollbackto":
			x, _ := strconv.ParseUint(f[1], 10, 32)
			i, found := slices.BinarySearch(subs, TransactionId(x))
			if !found {
				return fail(fmt.Errorf("%d is not a live subtransaction", x))
			}
			if err := m.AbortSubTransaction(o, idx, subs[i], slices.Clone(subs[i+1:])); err != nil {
				return fail(err)
			}
			subs = subs[:i]
			reply("ok")
		case "burst":
			n, _ := strconv.Atoi(f[1])
			for i := 0; i < n; i++ {
				x, err := m.AssignTransactionId(o, idx)
				if err != nil {
					return fail(err)
				}
				// Every snapshot must see our own id as not ours to
				// list, and every id below xmin as finished.
				s := m.GetSnapshot(o, idx)
				if in, _ := m.XidInMVCCSnapshot(o, x, s); in && !TransactionIdFollowsOrEquals(x, s.Xmax) {
					return fail(fmt.Errorf("own xid %d listed in snapshot", x))
				}
				if _, err := m.CommitTransaction(o, idx, x, nil, i%2 == 0); err != nil {
					return fail(err)
				}
				fmt.Fprintf(out, "x %d\n", x)
			}
			reply("ok")
		case "snap":
			s := m.GetSnapshot(o, idx)
			var b strings.Builder
			fmt.Fprintf(&b, "snap %d %d", s.Xmin, s.Xmax)
			for _, x := range s.Xip {
				fmt.Fprintf(&b, " %d", x)
			}
			reply("%s", b.String())
			m.ResetXmin(idx)
		case "set":
			x, _ := strconv.ParseUint(f[1], 10, 32)
			st, _ := strconv.Atoi(f[2])
			if err := m.TransactionIdSetStatus(o, TransactionId(x), XidStatus(st), 0); err != nil {
				return fail(err)
			}
			reply("ok")
		case "checkpoint":
			if err := m.CheckPointCLOG(o); err != nil {
				return fail(err)
			}
			reply("ok")
		case "exit":
			slot.Release()
			return 0
		}
	}
	return 0
}

// xidInSnap is XidInMVCCSnapshot failing the test on error.
func xidInSnap(t testing.TB, m *Manager, xid TransactionId, snap *Snapshot) bool {
	t.Helper()
	in, err := m.XidInMVCCSnapshot(&shmem.Owner{Pid: 1}, xid, snap)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// inProgress is TransactionIdIsInProgress failing the test on error.
func inProgress(t testing.TB, m *Manager, o *shmem.Owner, xid TransactionId) bool {
	t.Helper()
	in, err := m.TransactionIdIsInProgress(o, xid)
	if err != nil {
		t.Fatal(err)
	}
	return in
}
