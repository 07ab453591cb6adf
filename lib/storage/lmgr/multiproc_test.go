// Multi-process tests: the test binary re-executes itself (childMain) with
// the segment's memfd as fd 3, and each child is one process of the lock
// table, driven line by line over its stdin and stdout.

package lmgr

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/shmem"
)

type child struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
	idx   int
	pid   int
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
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, lines: make(chan string, 16)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(func() {
		c.in.Close()
		c.cmd.Process.Kill()
		c.cmd.Wait()
	})
	f := strings.Fields(c.next(t, 10*time.Second))
	if len(f) != 3 || f[0] != "ready" {
		t.Fatalf("child said %v", f)
	}
	c.idx, _ = strconv.Atoi(f[1])
	c.pid, _ = strconv.Atoi(f[2])
	return c
}

func (c *child) send(t *testing.T, format string, args ...any) {
	t.Helper()
	if _, err := fmt.Fprintf(c.in, format+"\n", args...); err != nil {
		t.Fatal(err)
	}
}

func (c *child) next(t *testing.T, d time.Duration) string {
	t.Helper()
	select {
	case l, ok := <-c.lines:
		if !ok {
			t.Fatalf("child %d exited", c.pid)
		}
		return l
	case <-time.After(d):
		t.Fatalf("child %d: no reply within %v", c.pid, d)
	}
	return ""
}

func (c *child) expect(t *testing.T, want string) {
	t.Helper()
	if got := c.next(t, 10*time.Second); got != want {
		t.Fatalf("child %d: %q, want %q", c.pid, got, want)
	}
}

// silent checks that the child has not answered (it is blocked).
func (c *child) silent(t *testing.T) {
	t.Helper()
	select {
	case l := <-c.lines:
		t.Fatalf("child %d answered %q while it should wait", c.pid, l)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestMultiProcessLocking(t *testing.T) {
	e := newEnv(t)
	a, b, c := startChild(t, e.seg), startChild(t, e.seg), startChild(t, e.seg)
	rel := func(n uint32) LockTag { return RelationTag(1, n) }

	// Conflicts across processes, NOWAIT and lock_timeout.
	a.send(t, "lock 1 AccessExclusiveLock")
	a.expect(t, "granted")
	b.send(t, "lock 1 AccessShareLock nowait")
	b.expect(t, "notavail")
	start := time.Now()
	b.send(t, "lock 1 AccessShareLock timeout=100")
	b.expect(t, "error 55P03 canceling statement due to lock timeout")
	b.expect(t, `detail ""`)
	if el := time.Since(start); el < 100*time.Millisecond {
		t.Fatalf("lock_timeout fired after %v", el)
	}
	a.send(t, "releaseall")
	a.expect(t, "ok")

	// FIFO: b's AccessExclusive request queues behind a's AccessShare; c's
	// AccessShare queues behind b although a's lock would allow it.
	a.send(t, "lock 2 AccessShareLock")
	a.expect(t, "granted")
	b.send(t, "lock 2 AccessExclusiveLock")
	waitUntil(t, "b waiting", func() bool { return e.waiting(b.idx, rel(2)) })
	c.send(t, "lock 2 AccessShareLock")
	waitUntil(t, "c waiting", func() bool { return e.waiting(c.idx, rel(2)) })
	a.send(t, "releaseall")
	a.expect(t, "ok")
	b.expect(t, "granted")
	c.silent(t)
	if !e.waiting(c.idx, rel(2)) {
		t.Fatal("c no longer waiting while b holds AccessExclusive")
	}
	b.send(t, "releaseall")
	b.expect(t, "ok")
	c.expect(t, "granted")
	c.send(t, "releaseall")
	c.expect(t, "ok")

	// A killed holder: the postmaster releases its locks and the waiter
	// proceeds.
	a.send(t, "lock 3 AccessExclusiveLock")
	a.expect(t, "granted")
	b.send(t, "lock 3 RowExclusiveLock")
	waitUntil(t, "b waiting on 3", func() bool { return e.waiting(b.idx, rel(3)) })
	a.cmd.Process.Signal(syscall.SIGKILL)
	a.cmd.Wait()
	slot := &e.procs.Slots()[a.idx]
	if slot.Owner.InCriticalState() {
		t.Fatal("idle child died holding an LWLock")
	}
	b.silent(t)
	e.lt.LockReleaseAll(e.pm, a.idx)
	slot.Release()
	b.expect(t, "granted")
	b.send(t, "releaseall")
	b.expect(t, "ok")
	if used, pl := e.lt.InUse(e.pm); used != 0 || pl != 0 {
		t.Fatalf("entries in use: %d %d", used, pl)
	}
}

func TestMultiProcessDeadlock(t *testing.T) {
	e := newEnv(t)
	a, b := startChild(t, e.seg), startChild(t, e.seg)
	a.send(t, "lock 10 AccessExclusiveLock")
	a.expect(t, "granted")
	b.send(t, "lock 11 ShareLock")
	b.expect(t, "granted")
	a.send(t, "lock 11 ExclusiveLock deadlock=100")
	waitUntil(t, "a waiting", func() bool { return e.waiting(a.idx, RelationTag(1, 11)) })
	b.send(t, "lock 10 AccessShareLock deadlock=60000")
	a.expect(t, "error 40P01 deadlock detected")
	want := fmt.Sprintf("Process %d waits for ExclusiveLock on relation 11 of database 1; blocked by process %d.\n"+
		"Process %d waits for AccessShareLock on relation 10 of database 1; blocked by process %d.", a.pid, b.pid, b.pid, a.pid)
	a.expect(t, "detail "+strconv.Quote(want))
	b.silent(t)
	// The victim aborts; the other transaction gets its lock.
	a.send(t, "releaseall")
	a.expect(t, "ok")
	b.expect(t, "granted")
}
