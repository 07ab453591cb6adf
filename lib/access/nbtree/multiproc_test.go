// Multi-process test: the test binary re-executes itself (NBTREE_TEST_CHILD
// set) so that several OS processes map one memfd segment, as the
// postmaster's children do, and insert into the same indexes at once:
// plain entries into one, and one key per round into a unique index,
// where the heap TID's block is the inserting transaction's xid (so that
// any process can tell the "row's" state from the commit log).

package nbtree

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/types"
)

const (
	envChild = "NBTREE_TEST_CHILD"
	envDir   = "NBTREE_TEST_DIR"
	envArgs  = "NBTREE_TEST_ARGS"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

type childReport struct {
	Inserted  int   // plain entries
	Committed []int // unique keys this child committed
	Error     string
}

func childMain() int {
	rep := runChild()
	json.NewEncoder(os.Stdout).Encode(rep)
	if rep.Error != "" {
		fmt.Fprintf(os.Stderr, "child %d: %s\n", os.Getpid(), rep.Error)
		return 1
	}
	return 0
}

// xidCheck is the HeapAccess of a child: the row's inserter is the
// TID's block.
func xidCheck(b *backend) *HeapAccess {
	return &HeapAccess{
		Check: func(tid TID) (HeapState, uint32, error) { return b.inserterState(transam.TransactionId(tid.Block)) },
		Wait:  func(xid uint32) error { return b.locks.XactLockTableWait(context.Background(), xid) },
	}
}

func runChild() (rep childReport) {
	seg, err := shmem.Attach(os.NewFile(proc.FdShmem, "shmem"))
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	f := strings.Fields(os.Getenv(envArgs))
	n, _ := strconv.Atoi(f[0])
	worker, _ := strconv.Atoi(f[1])
	rounds, _ := strconv.Atoi(f[2])
	dir := os.Getenv(envDir)
	s := config.New()
	for _, kv := range [][2]string{{"max_connections", "24"}, {"fsync", "off"}, {"data_directory", dir}, {"deadlock_timeout", "100ms"}} {
		s.Set(kv[0], kv[1], config.ContextPostmaster, config.SourceCommandLine)
	}
	b, err := attachBackend(nil, seg, dir, s, int32(os.Getpid()))
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	defer b.slot.Release()
	fail := func(err error) childReport {
		rep.Error = err.Error()
		b.pool.Close()
		b.locks.LockReleaseAll()
		return rep
	}
	plain := pairIndex(testLocs[0])
	uniq := intIndex(testLocs[1], false, false)
	uniq.Unique = true
	rng := rand.New(rand.NewPCG(uint64(worker), 17))
	for i := 0; i < n; i++ {
		k := types.Int(int64(rng.IntN(2000)))
		s := types.Text(fmt.Sprintf("w%d-%05d%s", worker, rng.IntN(100000), strings.Repeat("p", rng.IntN(100))))
		tid := TID{Block: storage.BlockNumber(1000 + worker), Offset: 0}
		tid.Offset = tidOf(i).Offset
		tid.Block += storage.BlockNumber(i/200) * 100
		if err := Insert(b.env, plain, []types.Datum{k, s}, tid, nil); err != nil {
			return fail(err)
		}
		rep.Inserted++
		if i%(n/rounds) != 0 {
			continue
		}
		r := i / (n / rounds)
		xid, err := b.xact.AssignTransactionId(b.owner, b.idx)
		if err == nil {
			err = b.locks.XactLockTableInsert(uint32(xid))
		}
		if err != nil {
			return fail(err)
		}
		b.xid = xid
		err = Insert(b.env, uniq, []types.Datum{types.Int(int64(r))}, TID{Block: storage.BlockNumber(xid), Offset: 1}, xidCheck(b))
		var uv *UniqueViolation
		switch {
		case err == nil && worker != 0:
			if _, err := b.xact.CommitTransaction(b.owner, b.idx, xid, nil, true); err != nil {
				return fail(err)
			}
			rep.Committed = append(rep.Committed, r)
		case err == nil || errors.As(err, &uv):
			if err := b.xact.AbortTransaction(b.owner, b.idx, xid, nil); err != nil {
				return fail(err)
			}
		default:
			return fail(err)
		}
		b.locks.LockReleaseAll()
		b.xid = 0
	}
	if n := b.pool.Close(); n != 0 {
		return fail(fmt.Errorf("%d buffer pins leaked", n))
	}
	if b.owner.LocksHeld != 0 || b.owner.CritSections != 0 {
		return fail(fmt.Errorf("ends with %d LWLocks held", b.owner.LocksHeld))
	}
	return rep
}

func TestMultiProcessInserts(t *testing.T) {
	c := newCluster(t)
	setup := c.backend()
	plain := pairIndex(testLocs[0])
	uniq := intIndex(testLocs[1], false, false)
	uniq.Unique = true
	createEmpty(t, setup.env, plain)
	createEmpty(t, setup.env, uniq)
	const children, n, rounds = 4, 8000, 100
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cmds []*exec.Cmd
	var outs []*bufio.Reader
	for w := 0; w < children; w++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=1", envDir+"="+c.dir, fmt.Sprintf("%s=%d %d %d", envArgs, n, w, rounds))
		cmd.ExtraFiles = []*os.File{c.seg.File()}
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
		outs = append(outs, bufio.NewReader(stdout))
	}
	total := 0
	committed := map[int]int{}
	for w, cmd := range cmds {
		var rep childReport
		if err := json.NewDecoder(outs[w]).Decode(&rep); err != nil {
			t.Fatalf("child %d: %v", w, err)
		}
		if err := cmd.Wait(); err != nil || rep.Error != "" {
			t.Fatalf("child %d: %v %s", w, err, rep.Error)
		}
		total += rep.Inserted
		for _, r := range rep.Committed {
			committed[r]++
		}
	}
	if res := mustCheck(t, setup.env, plain); res.LeafTuples != total || total != children*n {
		t.Fatalf("%+v, %d inserted", res, total)
	}
	for r := 0; r < rounds; r++ {
		if committed[r] != 1 {
			t.Fatalf("unique key %d committed %d times", r, committed[r])
		}
	}
	mustCheck(t, setup.env, uniq)
	// Every live entry of the unique index is a committed one.
	live := 0
	for _, tid := range scanTIDs(t, setup.env, uniq, nil, Forward) {
		if ok, _ := setup.xact.TransactionIdDidCommit(setup.owner, transam.TransactionId(tid.Block)); ok {
			live++
		}
	}
	if live != rounds {
		t.Fatalf("%d committed entries in the unique index, want %d", live, rounds)
	}

	// A crash: the buffers are lost, recovery replays the WAL, and both
	// indexes are whole again.
	want := scanTIDs(t, setup.env, plain, nil, Forward)
	if err := c.wal.Flush(c.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := &replayer{src: &buffer.RedoSource{Pool: sb.pool, Files: sb.files}, b: sb}
		sb.xact.SetInRecovery(true)
		if err := RegisterRedo(table, rp.src); err != nil {
			t.Fatal(err)
		}
		for _, id := range []xlog.RmgrID{xlog.RmgrXLOG, xlog.RmgrXact, xlog.RmgrCLOG} {
			table.Register(xlog.Rmgr{ID: id, Redo: rp.apply})
		}
		return table
	})
	after := c.backend()
	if res := mustCheck(t, after.env, plain); res.LeafTuples != total {
		t.Fatalf("after recovery: %+v, %d inserted", res, total)
	}
	if d := diffTIDs(scanTIDs(t, after.env, plain, nil, Forward), want); d != "" {
		t.Fatalf("after recovery: %s", d)
	}
	mustCheck(t, after.env, uniq)
	live = 0
	for _, tid := range scanTIDs(t, after.env, uniq, nil, Forward) {
		if ok, _ := after.xact.TransactionIdDidCommit(after.owner, transam.TransactionId(tid.Block)); ok {
			live++
		}
	}
	if live != rounds {
		t.Fatalf("after recovery: %d committed entries in the unique index, want %d", live, rounds)
	}
}
