// Multi-process test: the test binary re-executes itself (HEAP_TEST_CHILD
// set) so that several OS processes map one memfd segment, as the
// postmaster's children do, and run transactions on the same rows.

package heap

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/types"
)

const mpSharedRows = 3

// childReport is what a child prints when it is done.
type childReport struct {
	Increments [mpSharedRows]int // committed increments per shared row
	Inserted   []int             // keys of its own rows, committed
	Deleted    []int             // keys of its own rows deleted, committed
	Retries    int               // EvalPlanQual rounds
	Marked     int               // pages it marked all-visible
	Error      string
}

func childMain(mode string) int {
	rep := runChild(mode)
	json.NewEncoder(os.Stdout).Encode(rep)
	if rep.Error != "" {
		fmt.Fprintf(os.Stderr, "child %d: %s\n", os.Getpid(), rep.Error)
		return 1
	}
	return 0
}

func runChild(mode string) (rep childReport) {
	var b *backend
	fail := func(err error) childReport {
		rep.Error = err.Error()
		if b != nil {
			// As transaction abort would: let the others go on.
			b.pool.Close()
			b.locks.LockReleaseAll()
		}
		return rep
	}
	seg, err := shmem.Attach(os.NewFile(proc.FdShmem, "shmem"))
	if err != nil {
		return fail(err)
	}
	f := strings.Fields(os.Getenv(envArgs))
	iters, _ := strconv.Atoi(f[0])
	worker, _ := strconv.Atoi(f[1])
	dir := os.Getenv(envDir)
	s := config.New()
	for _, kv := range [][2]string{{"max_connections", "12"}, {"fsync", "off"}, {"data_directory", dir}} {
		s.Set(kv[0], kv[1], config.ContextPostmaster, config.SourceCommandLine)
	}
	b, err = attachBackend(nil, seg, dir, s, int32(os.Getpid()), true, false)
	if err != nil {
		return fail(err)
	}
	// k is the key: increments of v do not conflict with FOR KEY SHARE.
	b.rel.KeyAttrs = []int{0}
	defer b.slot.Release()
	rng := rand.New(rand.NewPCG(uint64(worker), 42))
	next := 0
	var mine []int // own committed rows still there
	epq := epqRetries.Load()
	for i := 0; i < iters; i++ {
		// Now and then, as VACUUM would (never mind whether the page
		// really is all-visible: nothing here reads the map), mark a page,
		// racing with the others' changes, which must clear the bits.
		if rng.IntN(6) == 0 {
			if err := markRandomPage(b, rng); err != nil {
				return fail(err)
			}
			rep.Marked++
		}
		xid, err := b.xact.AssignTransactionId(b.owner, b.idx)
		if err != nil {
			return fail(err)
		}
		if err := b.locks.XactLockTableInsert(uint32(xid)); err != nil {
			return fail(err)
		}
		b.xid, b.cid = xid, FirstCommandId
		snap := b.snap()
		var inc = -1
		var ins, del = -1, -1
		switch op := rng.IntN(100); {
		case op < 70 || len(mine) == 0 && op >= 85:
			inc = rng.IntN(mpSharedRows)
			if op < 25 {
				// Share-lock another shared row first, as a foreign key
				// check would: lockers of other processes meet in
				// multixacts, which updates of non-key columns pass.
				err = shareLockRow(b, snap, xid, rng.IntN(mpSharedRows), LockTupleMode(rng.IntN(2)))
			}
			if err == nil {
				err = incrementRow(b.env, b.rel, snap, xid, b.cid, inc)
			}
		case op < 85:
			ins = 1000*(worker+1) + next
			next++
			_, err = Insert(b.env, b.rel, []types.Datum{types.Int(int64(ins)), types.Int(int64(worker)), types.Text(randomText(10+rng.IntN(3000), uint64(ins)))}, xid, b.cid)
		default:
			j := rng.IntN(len(mine))
			del = mine[j]
			rows, serr := scanRows(b.env, b.rel, snap)
			err = serr
			for _, r := range rows {
				if r.k == del {
					var res TMResult
					res, _, err = Delete(ctx(), b.env, b.rel, r.tid, transam.CurrentXids{Top: xid}, xid, b.cid, nil, true)
					if err == nil && res != TMOk {
						err = fmt.Errorf("delete of own row %d: %v", del, res)
					}
				}
			}
		}
		if err != nil {
			var pe *pgerr.Error
			if errors.As(err, &pe) && pe.Code == pgerr.TRDeadlockDetected {
				b.xact.AbortTransaction(b.owner, b.idx, xid, nil)
				b.endXact()
				continue
			}
			return fail(err)
		}
		if rng.IntN(10) == 0 {
			if err := b.xact.AbortTransaction(b.owner, b.idx, xid, nil); err != nil {
				return fail(err)
			}
			b.endXact()
			continue
		}
		if _, err := b.xact.CommitTransaction(b.owner, b.idx, xid, nil, true); err != nil {
			return fail(err)
		}
		b.endXact()
		switch {
		case inc >= 0:
			rep.Increments[inc]++
		case ins >= 0:
			rep.Inserted = append(rep.Inserted, ins)
			mine = append(mine, ins)
		case del >= 0:
			rep.Deleted = append(rep.Deleted, del)
			mine = slices.DeleteFunc(mine, func(k int) bool { return k == del })
		}
	}
	rep.Retries = int(epqRetries.Load() - epq)
	if n := b.pool.Close(); n != 0 {
		return fail(fmt.Errorf("%d buffer pins leaked", n))
	}
	if b.owner.LocksHeld != 0 || b.owner.CritSections != 0 {
		return fail(fmt.Errorf("ends with %d LWLocks held", b.owner.LocksHeld))
	}
	return rep
}

// markRandomPage marks a random page of the table all-visible (and,
// half the time, all-frozen) through SetVisible, pinning the map page
// before locking the heap page.
func markRandomPage(b *backend, rng *rand.Rand) error {
	n, err := b.files.NBlocks(b.rel.Locator, 0)
	if err != nil || n == 0 {
		return err
	}
	blk := storage.BlockNumber(rng.IntN(int(n)))
	flags := VMAllVisible
	if rng.IntN(2) == 0 {
		flags |= VMAllFrozen
	}
	var vmbuf buffer.Buffer
	if err := VisibilityMapPin(b.env, b.rel, blk, &vmbuf); err != nil {
		return err
	}
	defer b.pool.Release(vmbuf)
	buf, err := b.pool.ReadBuffer(b.rel.Locator, 0, blk)
	if err != nil {
		return err
	}
	b.pool.LockBuffer(buf, buffer.Exclusive)
	defer b.pool.UnlockRelease(buf)
	return SetVisible(b.env, b.rel, buf, vmbuf, blk, 0, flags)
}

func TestMultiProcessTransactions(t *testing.T) {
	c := newCluster(t, "deadlock_timeout", "100ms")
	setup := c.backend()
	setup.begin()
	for k := 0; k < mpSharedRows; k++ {
		setup.insert(k, 0, "shared")
	}
	setup.commit()

	const children = 3
	iters := 150
	if testing.Short() {
		iters = 40
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cmds []*exec.Cmd
	var outs []*bufio.Reader
	for w := 0; w < children; w++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=worker", envDir+"="+c.dir, fmt.Sprintf("%s=%d %d", envArgs, iters, w))
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
	var want [mpSharedRows]int
	own := map[int]bool{}
	retries, marked := 0, 0
	for w, cmd := range cmds {
		var rep childReport
		if err := json.NewDecoder(outs[w]).Decode(&rep); err != nil {
			t.Fatalf("child %d: %v", w, err)
		}
		if err := cmd.Wait(); err != nil || rep.Error != "" {
			t.Fatalf("child %d: %v %s", w, err, rep.Error)
		}
		for k, n := range rep.Increments {
			want[k] += n
		}
		for _, k := range rep.Inserted {
			own[k] = true
		}
		for _, k := range rep.Deleted {
			delete(own, k)
		}
		retries += rep.Retries
		marked += rep.Marked
	}
	if marked == 0 {
		t.Fatal("no page was marked all-visible")
	}
	nextMulti, _ := setup.xact.ReadNextMultiXactId(setup.owner)
	t.Logf("increments %v, %d own rows, %d EvalPlanQual rounds, %d multixacts", want, len(own), retries, nextMulti-1)

	check := func(when string) {
		b := c.backend()
		b.begin()
		rows := b.scanAll(b.snap())
		b.commit()
		seen := map[int]bool{}
		for _, r := range rows {
			if seen[r.k] {
				t.Fatalf("%s: key %d visible twice", when, r.k)
			}
			seen[r.k] = true
			switch {
			case r.k < mpSharedRows:
				if r.v != int64(want[r.k]) {
					t.Fatalf("%s: row %d counts %d, %d increments committed", when, r.k, r.v, want[r.k])
				}
			case !own[r.k]:
				t.Fatalf("%s: row %d should not exist", when, r.k)
			}
		}
		if len(rows) != mpSharedRows+len(own) {
			t.Fatalf("%s: %d rows, want %d", when, len(rows), mpSharedRows+len(own))
		}
		// Map bits only on pages with PD_ALL_VISIBLE: every change that
		// cleared the flag cleared the bits, in every process, and redo
		// did the same.
		pages := b.pages(testLoc)
		st := b.vmStatus(len(pages))
		set := 0
		for blk, p := range pages {
			if st[blk] != 0 {
				set++
				if !p.IsAllVisible() {
					t.Fatalf("%s: block %d has map bits %d without PD_ALL_VISIBLE", when, blk, st[blk])
				}
			}
		}
		t.Logf("%s: %d of %d pages marked in the map", when, set, len(pages))
	}
	check("after the children")

	// And the same state after a crash and recovery from the WAL.
	if err := c.wal.Flush(c.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := newReplayer(sb)
		sb.xact.SetInRecovery(true)
		RegisterRedo(table, rp.src)
		for _, id := range []xlog.RmgrID{xlog.RmgrXact, xlog.RmgrCLOG, xlog.RmgrMultiXact} {
			table.Register(xlog.Rmgr{ID: id, Redo: rp.apply})
		}
		return table
	})
	check("after crash recovery")
}

// shareLockRow locks shared row k FOR KEY SHARE or FOR SHARE (mode),
// following it to its newest version.
func shareLockRow(b *backend, snap *Snapshot, xid transam.TransactionId, k int, mode LockTupleMode) error {
	rows, err := scanRows(b.env, b.rel, snap)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.k != k {
			continue
		}
		lr, err := LockTuple(ctx(), b.env, b.rel, r.tid, transam.CurrentXids{Top: xid}, xid, b.cid, mode, LockWaitBlock, LockFlagFindLastVersion)
		if err != nil {
			return err
		}
		if lr.Result != TMOk {
			return fmt.Errorf("%v lock of shared row %d: %v", mode, k, lr.Result)
		}
		return nil
	}
	return fmt.Errorf("shared row %d not found", k)
}
