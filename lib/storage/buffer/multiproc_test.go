// Multi-process tests: the test binary re-executes itself (BUFFER_TEST_CHILD
// set) so that several OS processes map one memfd segment, as the
// postmaster's children do, and work on one pool over real files.

package buffer

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

const (
	envChild = "BUFFER_TEST_CHILD"
	envDir   = "BUFFER_TEST_DIR"
	envIters = "BUFFER_TEST_ITERS"
	envSeed  = "BUFFER_TEST_SEED"

	mpBlocks   = 96 // blocks of relA the hammers update
	mpBuffers  = 32
	testRegion = "buffer test"
)

// Layout of the test's own shared region.
type testShared struct {
	flushed    uint64 // the fake WAL's flushed LSN
	nextLSN    uint64 // the fake WAL's insert position
	violations uint32 // pages written with LSN > flushed
	stop       uint32 // tells the checkpointer child to finish
}

func TestMain(m *testing.M) {
	if mode := os.Getenv(envChild); mode != "" {
		os.Exit(childMain(mode))
	}
	os.Exit(m.Run())
}

// hammerResult is what a hammer child reports on stdout.
type hammerResult struct {
	Index    int
	Counts   map[int]int // increments per block of relA
	Extended []uint32    // blocks of relB it added
	Written  int         // checkpointer: buffers written
}

type childCtx struct {
	seg   *shmem.Segment
	procs *proc.Array
	slot  *proc.Slot
	sh    *Shared
	ts    *testShared
	pool  *Pool
}

func attachChild(role proc.Role) (*childCtx, error) {
	seg, err := shmem.Attach(os.NewFile(proc.FdShmem, "shmem"))
	if err != nil {
		return nil, err
	}
	c := &childCtx{seg: seg, procs: proc.AttachArray(seg), sh: AttachShared(seg)}
	pid := int32(os.Getpid())
	if role == proc.RoleBackend {
		c.slot, _ = c.procs.ClaimBackend(pid)
	} else {
		c.slot = c.procs.ClaimAux(pid, role)
	}
	if c.slot == nil {
		return nil, fmt.Errorf("no proc slot")
	}
	c.ts = shmem.At[testShared](seg.MustLookup(testRegion), 0)
	files := &fileFiles{dir: os.Getenv(envDir), flushed: &c.ts.flushed, violations: &c.ts.violations}
	c.pool, err = c.sh.NewPool(&c.slot.Owner, c.procs.Index(c.slot), Config{
		Files: files, WAL: sharedWAL{&c.ts.flushed}, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum,
	})
	return c, err
}

func childMain(mode string) int {
	role := proc.RoleBackend
	if mode == "checkpointer" {
		role = proc.RoleCheckpointer
	}
	c, err := attachChild(role)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	if err := runChild(mode, c); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

func runChild(mode string, c *childCtx) error {
	p := c.pool
	idx := c.procs.Index(c.slot)
	res := hammerResult{Index: idx, Counts: map[int]int{}}
	switch mode {
	case "hammer":
		iters, _ := strconv.Atoi(os.Getenv(envIters))
		seed, _ := strconv.ParseUint(os.Getenv(envSeed), 10, 32)
		x := uint32(seed)
		for i := 0; i < iters; i++ {
			x = x*1664525 + 1013904223
			blk := int(x>>8) % mpBlocks
			switch x >> 28 {
			case 0: // add a page to relB
				buf, nb, err := p.ExtendRelation(relB, storage.MainFork)
				if err != nil {
					return err
				}
				page := p.Page(buf)
				binary.LittleEndian.PutUint32(page[64:], uint32(idx)+1)
				binary.LittleEndian.PutUint32(page[68:], uint32(nb))
				p.MarkDirty(buf)
				SetPageLSN(page, storage.LSN(atomic.AddUint64(&c.ts.nextLSN, 1)))
				p.UnlockRelease(buf)
				res.Extended = append(res.Extended, uint32(nb))
			case 1, 2, 3: // read under a share lock
				buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
				if err != nil {
					return err
				}
				p.LockBuffer(buf, Share)
				got := binary.LittleEndian.Uint64(p.Page(buf)[64+8*idx:])
				p.UnlockRelease(buf)
				if int(got) != res.Counts[blk] {
					return fmt.Errorf("block %d: my counter reads %d, I made %d increments", blk, got, res.Counts[blk])
				}
			default: // increment my counter in the page
				buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
				if err != nil {
					return err
				}
				p.LockBuffer(buf, Exclusive)
				page := p.Page(buf)
				off := 64 + 8*idx
				binary.LittleEndian.PutUint64(page[off:], binary.LittleEndian.Uint64(page[off:])+1)
				p.MarkDirty(buf)
				SetPageLSN(page, storage.LSN(atomic.AddUint64(&c.ts.nextLSN, 1)))
				p.UnlockRelease(buf)
				res.Counts[blk]++
			}
		}
	case "checkpointer":
		for atomic.LoadUint32(&c.ts.stop) == 0 {
			n, err := p.BufferSync(0, nil)
			if err != nil {
				return err
			}
			res.Written += n
			if _, err := p.BgBufferSync(); err != nil {
				return err
			}
			time.Sleep(time.Millisecond)
		}
	case "pinner", "locker":
		for b := 0; b < 5; b++ {
			buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(b))
			if err != nil {
				return err
			}
			if b == 0 {
				p.IncrPin(buf)
			}
			if mode == "locker" && b == 4 {
				p.LockBuffer(buf, Exclusive)
			}
		}
		fmt.Println("ready")
		time.Sleep(time.Hour) // wait to be killed
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	if n := p.Close(); n != 0 {
		return fmt.Errorf("%d pins leaked", n)
	}
	c.slot.Release()
	return json.NewEncoder(os.Stdout).Encode(res)
}

// mpEnv is the parent's side: segment, proc array, pool, test region and
// the data directory.
type mpEnv struct {
	seg   *shmem.Segment
	procs *proc.Array
	sh    *Shared
	ts    *testShared
	dir   string
	files *fileFiles
}

func newMPEnv(t *testing.T) *mpEnv {
	if testing.Short() {
		t.Skip("multi-process test")
	}
	const maxBackends = 6
	nprocs := maxBackends + proc.AuxSlots
	seg, err := shmem.Create(int64(proc.ArraySize(maxBackends, 0)+layout(mpBuffers, nprocs).total) + 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { seg.Close() })
	e := &mpEnv{seg: seg, dir: t.TempDir()}
	if e.procs, err = proc.CreateArray(seg, maxBackends); err != nil {
		t.Fatal(err)
	}
	if e.sh, err = createShared(seg, mpBuffers, e.procs.Len()); err != nil {
		t.Fatal(err)
	}
	region, err := seg.Alloc(testRegion, 64)
	if err != nil {
		t.Fatal(err)
	}
	e.ts = shmem.At[testShared](region, 0)
	e.files = &fileFiles{dir: e.dir, flushed: &e.ts.flushed, violations: &e.ts.violations}
	for _, rel := range []storage.RelFileLocator{relA, relB} {
		fh, err := e.files.file(rel, storage.MainFork)
		if err != nil {
			t.Fatal(err)
		}
		if rel == relA {
			if err := fh.Truncate(mpBlocks * storage.BlockSize); err != nil {
				t.Fatal(err)
			}
		}
	}
	return e
}

func (e *mpEnv) child(t *testing.T, mode string, iters int, seed int) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envChild+"="+mode, envDir+"="+e.dir,
		envIters+"="+strconv.Itoa(iters), envSeed+"="+strconv.Itoa(seed))
	cmd.ExtraFiles = []*os.File{e.seg.File()}
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return cmd
}

func (e *mpEnv) parentPool(t *testing.T) (*Pool, *proc.Slot) {
	slot, _ := e.procs.ClaimBackend(int32(os.Getpid()))
	if slot == nil {
		t.Fatal("no slot for the parent")
	}
	p, err := e.sh.NewPool(&slot.Owner, e.procs.Index(slot), Config{
		Files: e.files, WAL: sharedWAL{&e.ts.flushed}, SetChecksum: setChecksum, VerifyChecksum: verifyChecksum,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, slot
}

func TestMultiProcess(t *testing.T) {
	e := newMPEnv(t)
	const hammers, iters = 4, 20000

	ckpt := e.child(t, "checkpointer", 0, 0)
	ckptOut, _ := ckpt.StdoutPipe()
	if err := ckpt.Start(); err != nil {
		t.Fatal(err)
	}
	type result struct {
		res hammerResult
		err error
	}
	results := make(chan result, hammers)
	start := time.Now()
	for i := 0; i < hammers; i++ {
		cmd := e.child(t, "hammer", iters, 12345+i*977)
		go func() {
			out, err := cmd.Output()
			var r hammerResult
			if err == nil {
				err = json.Unmarshal(out, &r)
			}
			results <- result{r, err}
		}()
	}
	var all []hammerResult
	for i := 0; i < hammers; i++ {
		r := <-results
		if r.err != nil {
			t.Fatalf("hammer child: %v", r.err)
		}
		all = append(all, r.res)
	}
	atomic.StoreUint32(&e.ts.stop, 1)
	var ck hammerResult
	if err := json.NewDecoder(ckptOut).Decode(&ck); err != nil {
		t.Fatalf("checkpointer output: %v", err)
	}
	if err := ckpt.Wait(); err != nil {
		t.Fatalf("checkpointer: %v", err)
	}
	t.Logf("%d processes × %d operations in %v; checkpointer wrote %d buffers; stats %+v",
		hammers, iters, time.Since(start), ck.Written, e.sh.Stats())

	if v := atomic.LoadUint32(&e.ts.violations); v != 0 {
		t.Fatalf("%d pages written ahead of their WAL", v)
	}
	p, slot := e.parentPool(t)
	defer slot.Release()
	defer p.Close()

	// Every increment of every process is in the pool...
	checkCounts := func(page []byte, blk int) {
		for _, r := range all {
			if got := binary.LittleEndian.Uint64(page[64+8*r.Index:]); got != uint64(r.Counts[blk]) {
				t.Fatalf("block %d, process %d: counter %d, want %d", blk, r.Index, got, r.Counts[blk])
			}
		}
	}
	for blk := 0; blk < mpBlocks; blk++ {
		buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
		if err != nil {
			t.Fatal(err)
		}
		checkCounts(p.Page(buf), blk)
		p.Release(buf)
	}
	// ...each extension got its own block, all of them consecutive...
	var ext []uint32
	for _, r := range all {
		ext = append(ext, r.Extended...)
	}
	slices.Sort(ext)
	for i, b := range ext {
		if b != uint32(i) {
			t.Fatalf("extensions got blocks %v", ext)
		}
	}
	if n, _ := e.files.NBlocks(relB, storage.MainFork); int(n) != len(ext) {
		t.Fatalf("relB has %d blocks for %d extensions", n, len(ext))
	}
	// ...and after a checkpoint everything is on disk with valid checksums.
	if _, err := p.BufferSync(CheckpointFlushAll, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(e.dir, fmt.Sprintf("%d_%d_%d_%d", relA.Spc, relA.DB, relA.Rel, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for blk := 0; blk < mpBlocks; blk++ {
		page := raw[blk*storage.BlockSize : (blk+1)*storage.BlockSize]
		if !isZeroPage(page) && !checksumOK(page, storage.BlockNumber(blk)) {
			t.Fatalf("block %d on disk fails its checksum", blk)
		}
		checkCounts(page, blk)
	}
	raw, err = os.ReadFile(filepath.Join(e.dir, fmt.Sprintf("%d_%d_%d_%d", relB.Spc, relB.DB, relB.Rel, 0)))
	if err != nil {
		t.Fatal(err)
	}
	for blk := range ext {
		page := raw[blk*storage.BlockSize : (blk+1)*storage.BlockSize]
		if binary.LittleEndian.Uint32(page[68:]) != uint32(blk) || binary.LittleEndian.Uint32(page[64:]) == 0 {
			t.Fatalf("relB block %d on disk: %x", blk, page[64:72])
		}
	}
	for b := 1; b <= mpBuffers; b++ {
		if info := p.Inspect(Buffer(b)); info.PinCount != 0 || info.Dirty {
			t.Fatalf("buffer %d after the run: %+v", b, info)
		}
	}
	for i := range e.procs.Slots() {
		if s := &e.procs.Slots()[i]; s != slot && s.Owner.Pid != 0 {
			t.Fatalf("slot %d still claimed by %d", i, s.Owner.Pid)
		}
	}
}

// TestKilledProcess kills children with SIGKILL, as a crash would: one that
// held only pins can be cleaned up alone; one that held a content lock
// shows a critical state, which means a full restart.
func TestKilledProcess(t *testing.T) {
	e := newMPEnv(t)
	for _, mode := range []string{"pinner", "locker"} {
		cmd := e.child(t, mode, 0, 0)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || line != "ready\n" {
			t.Fatalf("%s child said %q: %v", mode, line, err)
		}
		slot := e.procs.FindByPid(int32(cmd.Process.Pid))
		if slot == nil {
			t.Fatal("child has no slot")
		}
		cmd.Process.Kill()
		cmd.Wait()
		if mode == "locker" {
			if !slot.Owner.InCriticalState() {
				t.Fatal("a process killed holding a content lock does not show a critical state")
			}
			// The postmaster would now restart everything; release the
			// slot here by hand so the test can go on.
			continue
		}
		if slot.Owner.InCriticalState() {
			t.Fatalf("a process killed holding only pins shows a critical state: %+v", slot.Owner)
		}
		if n := e.sh.ReleaseAllPins(e.procs.Index(slot)); n != 5 {
			t.Fatalf("released %d pins, want 5", n)
		}
		slot.Release()
		p, pslot := e.parentPool(t)
		for b := 1; b <= mpBuffers; b++ {
			if info := p.Inspect(Buffer(b)); info.PinCount != 0 {
				t.Fatalf("buffer %d still pinned after cleanup: %+v", b, info)
			}
		}
		// The pool is fully usable: every buffer can be evicted.
		for blk := 0; blk < mpBlocks; blk++ {
			buf, err := p.ReadBuffer(relA, storage.MainFork, storage.BlockNumber(blk))
			if err != nil {
				t.Fatal(err)
			}
			p.Release(buf)
		}
		p.Close()
		pslot.Release()
	}
}
