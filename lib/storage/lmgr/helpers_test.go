// Test scaffolding: a segment with a proc array and the lock table,
// lockers for goroutines, and the re-executed child processes of the
// multi-process tests.

package lmgr

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

const childEnv = "GP_LMGR_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

type testEnv struct {
	seg     *shmem.Segment
	procs   *proc.Array
	lt      *LockTable
	pm      *shmem.Owner // the "postmaster"
	nextPid int32
}

func newEnv(t testing.TB, kv ...string) *testEnv {
	t.Helper()
	s := config.New()
	set := func(name, val string) {
		if err := s.Set(name, val, config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatal(err)
		}
	}
	set("max_connections", "10")
	for i := 0; i+1 < len(kv); i += 2 {
		set(kv[i], kv[i+1])
	}
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
	lt, err := CreateShared(seg, s)
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{seg: seg, procs: procs, lt: lt, pm: &shmem.Owner{Pid: 1}, nextPid: 2000}
}

// locker claims a proc slot (a fake process) and binds it to the table.
func (e *testEnv) locker(t testing.TB) *Locker {
	t.Helper()
	pid := atomic.AddInt32(&e.nextPid, 1)
	slot, _ := e.procs.ClaimBackend(pid)
	if slot == nil {
		t.Fatal("no free proc slot")
	}
	l := e.lt.NewLocker(&slot.Owner, e.procs.Index(slot))
	t.Cleanup(func() {
		if slot.Owner.LocksHeld != 0 || slot.Owner.CritSections != 0 {
			t.Errorf("pid %d left %d LWLocks held", pid, slot.Owner.LocksHeld)
		}
	})
	return l
}

func (l *Locker) pid() int32 { return l.o.Pid }

// waitUntil polls cond for up to five seconds.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// waiting reports whether the process at procIndex waits for tag.
func (e *testEnv) waiting(procIndex int, tag LockTag) bool {
	for _, s := range e.lt.Status(e.pm) {
		if s.ProcIndex == procIndex && s.Tag == tag && !s.Granted {
			return true
		}
	}
	return false
}

// childMain runs in a re-executed test binary with the segment as fd 3.
// It claims a proc slot, prints "ready <procIndex> <pid>", then obeys
// commands from stdin, one a line:
//
//	lock REL MODE [nowait] [timeout=MS] [deadlock=MS]
//	     -> "granted" | "notavail" | "error CODE MESSAGE" + "detail <quoted>"
//	release REL MODE -> "ok"
//	releaseall       -> "ok"
//	exit
func childMain() int {
	seg, err := shmem.Attach(os.NewFile(3, "shmem"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	procs := proc.AttachArray(seg)
	lt := AttachShared(seg)
	slot, _ := procs.ClaimBackend(int32(os.Getpid()))
	if slot == nil {
		fmt.Fprintln(os.Stderr, "no slot")
		return 3
	}
	l := lt.NewLocker(&slot.Owner, procs.Index(slot))
	out := bufio.NewWriter(os.Stdout)
	reply := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	reply("ready %d %d", l.ProcIndex(), os.Getpid())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "lock", "release":
			rel, _ := strconv.ParseUint(f[1], 10, 32)
			mode, ok := LockModeByName(f[2])
			if !ok {
				reply("error bad mode %s", f[2])
				continue
			}
			tag := RelationTag(1, uint32(rel))
			if f[0] == "release" {
				l.LockRelease(tag, mode)
				reply("ok")
				continue
			}
			nowait := false
			l.LockTimeout, l.DeadlockTimeout = 0, time.Second
			for _, opt := range f[3:] {
				switch {
				case opt == "nowait":
					nowait = true
				case strings.HasPrefix(opt, "timeout="):
					ms, _ := strconv.Atoi(opt[8:])
					l.LockTimeout = time.Duration(ms) * time.Millisecond
				case strings.HasPrefix(opt, "deadlock="):
					ms, _ := strconv.Atoi(opt[9:])
					l.DeadlockTimeout = time.Duration(ms) * time.Millisecond
				}
			}
			got, err := l.LockAcquire(context.Background(), tag, mode, nowait)
			switch {
			case err != nil:
				pe := pgerr.As(err)
				reply("error %s %s", pe.Code, pe.Message)
				reply("detail %q", pe.Detail)
			case got:
				reply("granted")
			default:
				reply("notavail")
			}
		case "releaseall":
			l.LockReleaseAll()
			reply("ok")
		case "exit":
			slot.Release()
			return 0
		}
	}
	return 0
}
