// Multi-process tests: the test binary re-executes itself (childMain) with
// the segment's memfd as fd 3, as the postmaster starts its children.

package transam

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
	idx int
}

func startChild(t *testing.T, seg *shmem.Segment) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.ExtraFiles = []*os.File{seg.File()}
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outp, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, out: bufio.NewScanner(outp)}
	t.Cleanup(func() {
		c.in.Close()
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	f := c.expect(t, "ready")
	c.idx, _ = strconv.Atoi(f[1])
	return c
}

func (c *child) send(t *testing.T, line string) {
	t.Helper()
	if _, err := fmt.Fprintln(c.in, line); err != nil {
		t.Fatal(err)
	}
}

// expect reads the next line and checks its first word.
func (c *child) expect(t *testing.T, word string) []string {
	t.Helper()
	if !c.out.Scan() {
		t.Fatalf("child %d: no reply (want %q): %v", c.cmd.Process.Pid, word, c.out.Err())
	}
	f := strings.Fields(c.out.Text())
	if len(f) == 0 || f[0] != word {
		t.Fatalf("child %d: got %q, want %q", c.cmd.Process.Pid, c.out.Text(), word)
	}
	return f
}

func TestMultiProcessXidAssignment(t *testing.T) {
	e, _ := bootEnv(t)
	e.m.SetWAL(nil)
	o, _ := e.backend(t)
	e.m.SetNextXid(o, FullTransactionId(ClogXactsPerPage-500))
	const nchild, per = 3, 2000
	kids := make([]*child, nchild)
	for i := range kids {
		kids[i] = startChild(t, e.seg)
	}
	results := make([][]TransactionId, nchild)
	var wg sync.WaitGroup
	for i, k := range kids {
		k.send(t, fmt.Sprintf("burst %d", per))
		wg.Add(1)
		go func(i int, k *child) {
			defer wg.Done()
			for k.out.Scan() {
				f := strings.Fields(k.out.Text())
				if f[0] == "ok" {
					return
				}
				if f[0] != "x" {
					t.Errorf("child: %s", k.out.Text())
					return
				}
				x, _ := strconv.ParseUint(f[1], 10, 32)
				results[i] = append(results[i], TransactionId(x))
			}
		}(i, k)
	}
	// The parent competes too, as one more backend.
	oc, pidx := e.backend(t)
	var mine []TransactionId
	for i := 0; i < per; i++ {
		x, err := e.m.AssignTransactionId(oc, pidx)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.m.AbortTransaction(oc, pidx, x, nil); err != nil {
			t.Fatal(err)
		}
		mine = append(mine, x)
	}
	wg.Wait()
	seen := map[TransactionId]bool{}
	for _, x := range mine {
		seen[x] = true
	}
	for i, r := range results {
		if len(r) != per {
			t.Fatalf("child %d reported %d xids", i, len(r))
		}
		for j, x := range r {
			if seen[x] {
				t.Fatalf("xid %d assigned twice", x)
			}
			seen[x] = true
			if j > 0 && !TransactionIdPrecedes(r[j-1], x) {
				t.Fatalf("child %d got %d after %d", i, x, r[j-1])
			}
			if ok, err := e.m.TransactionIdDidCommit(o, x); !ok || err != nil {
				t.Fatalf("child's xid %d not committed (%v)", x, err)
			}
		}
	}
	if len(seen) != (nchild+1)*per {
		t.Fatalf("%d distinct xids", len(seen))
	}
	if e.m.RunningXids(o) != nil {
		t.Fatal("xids still running")
	}
}

func TestMultiProcessSnapshotsAndDeath(t *testing.T) {
	e, _ := bootEnv(t)
	e.m.SetWAL(nil)
	o, me := e.backend(t)
	a := startChild(t, e.seg)
	b := startChild(t, e.seg)

	a.send(t, "assign")
	xa, _ := strconv.ParseUint(a.expect(t, "xid")[1], 10, 32)
	b.send(t, "assign")
	xb, _ := strconv.ParseUint(b.expect(t, "xid")[1], 10, 32)

	// Another process's open transaction is running for us.
	s1 := e.m.GetSnapshot(o, me)
	if !xidInSnap(t, e.m, TransactionId(xa), s1) || !inProgress(t, e.m, o, TransactionId(xa)) {
		t.Fatalf("child's xid %d not running in %+v", xa, s1)
	}
	// And ours for it, once we have one.
	x, _ := e.m.AssignTransactionId(o, me)
	if _, err := e.m.CommitTransaction(o, me, x, nil, true); err != nil {
		t.Fatal(err)
	}
	b.send(t, "snap")
	f := b.expect(t, "snap")
	xmax, _ := strconv.ParseUint(f[2], 10, 32)
	if TransactionId(xmax) != x+1 || !slices.Contains(f[3:], strconv.Itoa(int(xa))) || slices.Contains(f[3:], strconv.Itoa(int(xb))) {
		t.Fatalf("child snapshot %v: want xmax %d, xip with %d but not its own %d", f, x+1, xa, xb)
	}

	a.send(t, "commit")
	a.expect(t, "ok")
	if !xidInSnap(t, e.m, TransactionId(xa), s1) {
		t.Fatal("old snapshot changed")
	}
	if s2 := e.m.GetSnapshot(o, me); xidInSnap(t, e.m, TransactionId(xa), s2) {
		t.Fatalf("new snapshot %+v still sees %d running", s2, xa)
	}
	if ok, _ := e.m.TransactionIdDidCommit(o, TransactionId(xa)); !ok {
		t.Fatal("child's commit not in clog")
	}

	// b is killed with its transaction open; the postmaster's cleanup
	// aborts it.
	b.cmd.Process.Signal(syscall.SIGKILL)
	b.cmd.Wait()
	slot := &e.procs.Slots()[b.idx]
	if slot.Owner.InCriticalState() {
		t.Fatal("idle child died in a critical state")
	}
	if !inProgress(t, e.m, o, TransactionId(xb)) {
		t.Fatal("dead child's xid vanished before cleanup")
	}
	pm := &shmem.Owner{Pid: int32(os.Getpid())}
	if err := e.m.ClearProc(pm, b.idx); err != nil {
		t.Fatal(err)
	}
	slot.Release()
	if inProgress(t, e.m, o, TransactionId(xb)) {
		t.Fatal("dead child's xid still running after ClearProc")
	}
	if ab, _ := e.m.TransactionIdDidAbort(o, TransactionId(xb)); !ab {
		t.Fatal("dead child's xid not aborted")
	}
}

func TestCLOGPersistsAcrossReattach(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, dir, "shared_buffers", "1MB")
	o, _ := e.backend(t)
	if err := e.m.BootStrapCLOG(o); err != nil {
		t.Fatal(err)
	}
	// Pages 0..5 exist; the child sets statuses on all of them (more pages
	// than buffers, so some are written by eviction) and checkpoints.
	for p := 1; p < 6; p++ {
		if err := e.m.extendCLOG(o, TransactionId(p*ClogXactsPerPage)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[TransactionId]XidStatus{}
	c := startChild(t, e.seg)
	for p := 0; p < 6; p++ {
		for i, st := range []XidStatus{StatusCommitted, StatusAborted, StatusCommitted, StatusSubCommitted} {
			x := TransactionId(p*ClogXactsPerPage + 3 + i*977)
			want[x] = st
			c.send(t, fmt.Sprintf("set %d %d", x, st))
			c.expect(t, "ok")
		}
	}
	c.send(t, "checkpoint")
	c.expect(t, "ok")
	c.send(t, "exit")
	c.cmd.Wait()

	// A new segment (a restart) reads the same statuses from pg_xact.
	e.seg.Close()
	e2 := newEnv(t, dir, "shared_buffers", "1MB")
	o2, _ := e2.backend(t)
	for x, st := range want {
		got, _, err := e2.m.TransactionIdGetStatus(o2, x)
		if err != nil || got != st {
			t.Fatalf("xid %d after restart: %v %v, want %v", x, got, err, st)
		}
		if next, _, _ := e2.m.TransactionIdGetStatus(o2, x+1); next != StatusInProgress {
			t.Fatalf("xid %d after restart: %v", x+1, next)
		}
	}
	for _, name := range []string{"0000"} {
		if fi, err := os.Stat(dir + "/pg_xact/" + name); err != nil || fi.Size() != 6*8192 {
			t.Fatalf("segment %s: %v %v", name, fi, err)
		}
	}
}

func parseXids(t *testing.T, f []string) []TransactionId {
	t.Helper()
	var out []TransactionId
	for _, s := range f {
		x, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, TransactionId(x))
	}
	return out
}

// TestMultiProcessSubtransactions: other processes' subtransactions, cached
// and overflowed, as this process's snapshots and in-progress test see
// them; a rolled-back savepoint, a commit with subtransactions, and a
// process killed with subtransactions open.
func TestMultiProcessSubtransactions(t *testing.T) {
	e, _ := bootEnv(t)
	e.m.SetWAL(nil)
	o, me := e.backend(t)
	a := startChild(t, e.seg) // a few subtransactions
	b := startChild(t, e.seg) // more than the cache holds
	k := startChild(t, e.seg) // killed

	a.send(t, "assign")
	xa := parseXids(t, a.expect(t, "xid")[1:2])[0]
	a.send(t, "sub 3")
	as := parseXids(t, a.expect(t, "subs")[1:])
	b.send(t, "assign")
	xb := parseXids(t, b.expect(t, "xid")[1:2])[0]
	b.send(t, fmt.Sprintf("sub %d", PGProcMaxCachedSubxids+5))
	bs := parseXids(t, b.expect(t, "subs")[1:])
	k.send(t, "assign")
	xk := parseXids(t, k.expect(t, "xid")[1:2])[0]
	k.send(t, "sub 2")
	ks := parseXids(t, k.expect(t, "subs")[1:])
	// Something completes after all of them.
	x, _ := e.m.AssignTransactionId(o, me)
	if _, err := e.m.CommitTransaction(o, me, x, nil, true); err != nil {
		t.Fatal(err)
	}

	s1 := e.m.GetSnapshot(o, me)
	e.m.ResetXmin(me)
	if !s1.Suboverflowed || !slices.Equal(s1.Xip, []TransactionId{xa, xb, xk}) {
		t.Fatalf("snapshot xip %v overflowed %v", s1.Xip, s1.Suboverflowed)
	}
	all := append(append(append([]TransactionId{xa, xb, xk}, as...), bs...), ks...)
	for _, x := range all {
		if !xidInSnap(t, e.m, x, s1) || !inProgress(t, e.m, o, x) {
			t.Fatalf("%d not running", x)
		}
	}

	// a rolls back to its second subtransaction (and its child after it).
	a.send(t, fmt.Sprintf("rollbackto %d", as[1]))
	a.expect(t, "ok")
	for x, want := range map[TransactionId]bool{as[0]: true, as[1]: false, as[2]: false, xa: true} {
		if got := inProgress(t, e.m, o, x); got != want {
			t.Fatalf("after ROLLBACK TO, in progress(%d) = %v", x, got)
		}
	}
	// b rolls back its last (uncached) subtransaction.
	last := bs[len(bs)-1]
	b.send(t, fmt.Sprintf("rollbackto %d", last))
	b.expect(t, "ok")
	if inProgress(t, e.m, o, last) || !inProgress(t, e.m, o, bs[len(bs)-2]) {
		t.Fatal("b's uncached subtransactions after ROLLBACK TO")
	}

	a.send(t, "commit")
	a.expect(t, "ok")
	b.send(t, "commit")
	b.expect(t, "ok")
	s2 := e.m.GetSnapshot(o, me)
	e.m.ResetXmin(me)
	if s2.Suboverflowed || !slices.Equal(s2.Xip, []TransactionId{xk}) || !slices.Equal(s2.Subxip, ks) {
		t.Fatalf("snapshot after the commits %+v", s2)
	}
	for x, want := range map[TransactionId]bool{xa: true, as[0]: true, as[1]: false, as[2]: false, xb: true, bs[0]: true, bs[len(bs)-2]: true, last: false} {
		if ok, err := e.m.TransactionIdDidCommit(o, x); ok != want || err != nil {
			t.Fatalf("DidCommit(%d) = %v %v, want %v", x, ok, err, want)
		}
		if xidInSnap(t, e.m, x, s2) {
			t.Fatalf("%d still running after the commits", x)
		}
	}
	// The old snapshot still sees them all running.
	if !xidInSnap(t, e.m, bs[PGProcMaxCachedSubxids+1], s1) {
		t.Fatal("old overflowed snapshot changed")
	}

	// k dies with subtransactions open; the postmaster cleans up.
	k.cmd.Process.Signal(syscall.SIGKILL)
	k.cmd.Wait()
	pm := &shmem.Owner{Pid: int32(os.Getpid())}
	if err := e.m.ClearProc(pm, k.idx); err != nil {
		t.Fatal(err)
	}
	e.procs.Slots()[k.idx].Release()
	for _, x := range append([]TransactionId{xk}, ks...) {
		if inProgress(t, e.m, o, x) {
			t.Fatalf("%d of the dead process still running", x)
		}
		if ab, _ := e.m.TransactionIdDidAbort(o, x); !ab {
			t.Fatalf("%d of the dead process not aborted", x)
		}
	}
}
