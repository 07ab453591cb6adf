// Tests of the lock manager with goroutines standing in for processes:
// the conflict table, grants and releases, FIFO queues, release of a dead
// process's locks, lock_timeout, cancellation, deadlocks, capacity.

package lmgr

import (
	"context"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestConflictTableMatchesPostgres(t *testing.T) {
	// The table of "Conflicting Lock Modes" in PostgreSQL's documentation
	// (explicit-locking.html), rows and columns AccessShare..AccessExclusive.
	want := []string{
		".......X",
		"......XX",
		"....XXXX",
		"...XXXXX",
		"..XX.XXX",
		"..XXXXXX",
		".XXXXXXX",
		"XXXXXXXX",
	}
	for a := AccessShareLock; a <= MaxLockMode; a++ {
		for b := AccessShareLock; b <= MaxLockMode; b++ {
			if got := Conflicts(a, b); got != (want[a-1][b-1] == 'X') {
				t.Errorf("Conflicts(%v, %v) = %v", a, b, got)
			}
		}
	}
	if Conflicts(NoLock, AccessExclusiveLock) {
		t.Error("NoLock conflicts")
	}
	if m, ok := LockModeByName("ShareRowExclusiveLock"); !ok || m != 6 || m.String() != "ShareRowExclusiveLock" {
		t.Error("mode names")
	}
}

func TestTagDescriptions(t *testing.T) {
	for tag, want := range map[LockTag]string{
		RelationTag(5, 16384):        "relation 16384 of database 5",
		TransactionTag(731):          "transaction 731",
		TupleTag(5, 16384, 3, 7):     "tuple (3,7) of relation 16384 of database 5",
		PageTag(5, 16384, 3):         "page 3 of relation 16384 of database 5",
		RelationExtendTag(5, 16384):  "extension of relation 16384 of database 5",
		ObjectTag(5, 1259, 16384, 0): "object 16384 of class 1259 of database 5",
		AdvisoryTag(5, 0, 42, 1):     "advisory lock [5,0,42,1]",
		VirtualTransactionTag(3, 9):  "virtual transaction 3/9",
	} {
		if got := tag.String(); got != want {
			t.Errorf("%+v: %q, want %q", tag, got, want)
		}
	}
	if LockTagTransaction.String() != "transactionid" || LockTagRelation.String() != "relation" {
		t.Error("locktype names")
	}
}

func TestTableCapacityFormula(t *testing.T) {
	e := newEnv(t)
	locks, procLocks := e.lt.Capacity()
	// 64 * (10 + 3 + 1 + 8 + 10)
	if locks != 64*32 || procLocks != 2*64*32 {
		t.Fatalf("capacity %d/%d", locks, procLocks)
	}
}

func TestAcquireRelease(t *testing.T) {
	e := newEnv(t)
	a, b, c := e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 100)
	for _, l := range []*Locker{a, b} {
		if ok, err := l.LockAcquire(ctx, rel, RowExclusiveLock, false); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if ok, err := c.LockAcquire(ctx, rel, ShareLock, true); ok || err != nil {
		t.Fatalf("conflicting nowait request: %v %v", ok, err)
	}
	// A compatible mode of the same lock.
	if ok, _ := c.LockAcquire(ctx, rel, AccessShareLock, true); !ok {
		t.Fatal("AccessShare refused next to RowExclusive")
	}
	// Re-acquisition is counted privately.
	a.LockAcquire(ctx, rel, RowExclusiveLock, false)
	a.LockRelease(rel, RowExclusiveLock)
	if !a.LockHeldByMe(rel, RowExclusiveLock) {
		t.Fatal("released after one of two acquisitions")
	}
	if n := len(e.lt.Status(e.pm)); n != 3 {
		t.Fatalf("%d pg_locks rows, want 3", n)
	}
	a.LockRelease(rel, RowExclusiveLock)
	if a.LockRelease(rel, RowExclusiveLock) {
		t.Fatal("released a lock not held")
	}
	b.LockReleaseAll()
	c.LockReleaseAll()
	if ok, _ := c.LockAcquire(ctx, rel, AccessExclusiveLock, true); !ok {
		t.Fatal("AccessExclusive refused on a free relation")
	}
	c.LockReleaseAll()
	if l, pl := e.lt.InUse(e.pm); l != 0 || pl != 0 {
		t.Fatalf("entries still in use: %d locks, %d proclocks", l, pl)
	}
}

type result struct {
	ok  bool
	err error
}

func acquireAsync(l *Locker, ctx context.Context, tag LockTag, mode LockMode) chan result {
	ch := make(chan result, 1)
	go func() {
		ok, err := l.LockAcquire(ctx, tag, mode, false)
		ch <- result{ok, err}
	}()
	return ch
}

func expectPending(t *testing.T, ch chan result, what string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("%s: returned early: %v %v", what, r.ok, r.err)
	case <-time.After(30 * time.Millisecond):
	}
}

func expectGranted(t *testing.T, ch chan result, what string) {
	t.Helper()
	select {
	case r := <-ch:
		if !r.ok || r.err != nil {
			t.Fatalf("%s: %v %v", what, r.ok, r.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: not granted", what)
	}
}

func TestFIFOQueue(t *testing.T) {
	e := newEnv(t)
	a, b, c, d := e.locker(t), e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 200)
	a.LockAcquire(ctx, rel, AccessShareLock, false)
	bw := acquireAsync(b, ctx, rel, AccessExclusiveLock)
	waitUntil(t, "b waiting", func() bool { return e.waiting(b.procIndex, rel) })
	// c's AccessShare is compatible with the holder but not with b, who
	// came first: c queues behind b.
	cw := acquireAsync(c, ctx, rel, AccessShareLock)
	waitUntil(t, "c waiting", func() bool { return e.waiting(c.procIndex, rel) })
	if ok, _ := d.LockAcquire(ctx, rel, AccessShareLock, true); ok {
		t.Fatal("nowait AccessShare jumped the queue")
	}
	a.LockReleaseAll()
	expectGranted(t, bw, "b after a released")
	expectPending(t, cw, "c while b holds AccessExclusive")
	b.LockReleaseAll()
	expectGranted(t, cw, "c after b released")
	c.LockReleaseAll()
}

func TestReleaseAllOfDeadProcessWakesWaiters(t *testing.T) {
	e := newEnv(t)
	dead, b, c := e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	r1, r2 := RelationTag(1, 301), RelationTag(1, 302)
	dead.LockAcquire(ctx, r1, AccessExclusiveLock, false)
	dead.LockAcquire(ctx, r2, ShareLock, false)
	bw := acquireAsync(b, ctx, r1, AccessShareLock)
	cw := acquireAsync(c, ctx, r2, RowExclusiveLock)
	waitUntil(t, "waiters", func() bool { return e.waiting(b.procIndex, r1) && e.waiting(c.procIndex, r2) })
	// The postmaster cleans up after the dead process with its own Owner.
	e.lt.LockReleaseAll(e.pm, dead.procIndex)
	expectGranted(t, bw, "b")
	expectGranted(t, cw, "c")
	if e.pm.LocksHeld != 0 {
		t.Fatal("postmaster owner leaked")
	}
	// A dead process that was itself waiting leaves the queue too.
	w := e.locker(t)
	ww := acquireAsync(w, ctx, r1, AccessExclusiveLock)
	waitUntil(t, "w waiting", func() bool { return e.waiting(w.procIndex, r1) })
	e.lt.LockReleaseAll(e.pm, w.procIndex)
	if r := <-ww; r.ok {
		// the goroutine stands for the dead process; it is woken with an
		// error status and must not think it got the lock
		t.Fatal("withdrawn request reported as granted")
	}
	b.LockReleaseAll()
	c.LockReleaseAll()
	if l, pl := e.lt.InUse(e.pm); l != 0 || pl != 0 {
		t.Fatalf("entries still in use: %d, %d", l, pl)
	}
}

func TestLockTimeout(t *testing.T) {
	e := newEnv(t)
	a, b, d := e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 400)
	a.LockAcquire(ctx, rel, AccessShareLock, false)
	b.LockTimeout = 60 * time.Millisecond
	start := time.Now()
	ok, err := b.LockAcquire(ctx, rel, AccessExclusiveLock, false)
	el := time.Since(start)
	pe := pgerr.As(err)
	if ok || pe == nil || pe.Code != pgerr.LockNotAvailable || pe.Message != "canceling statement due to lock timeout" {
		t.Fatalf("got %v %v", ok, err)
	}
	if el < 60*time.Millisecond || el > 2*time.Second {
		t.Fatalf("timed out after %v", el)
	}
	// Nothing of b's request remains: a compatible request is not held up
	// by a phantom waiter.
	if ok, _ := d.LockAcquire(ctx, rel, AccessShareLock, true); !ok {
		t.Fatal("phantom waiter left in the queue")
	}
	for _, s := range e.lt.Status(e.pm) {
		if !s.Granted {
			t.Fatalf("waiter left: %+v", s)
		}
	}
}

func TestCancelWakesThoseBehind(t *testing.T) {
	e := newEnv(t)
	a, b, c := e.locker(t), e.locker(t), e.locker(t)
	rel := RelationTag(1, 500)
	bg := context.Background()
	a.LockAcquire(bg, rel, RowExclusiveLock, false)
	bctx, cancel := context.WithCancelCause(bg)
	bw := acquireAsync(b, bctx, rel, ShareLock)
	waitUntil(t, "b waiting", func() bool { return e.waiting(b.procIndex, rel) })
	cw := acquireAsync(c, bg, rel, RowExclusiveLock) // behind b
	waitUntil(t, "c waiting", func() bool { return e.waiting(c.procIndex, rel) })
	cancel(pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout"))
	r := <-bw
	if r.ok || pgerr.As(r.err).Message != "canceling statement due to statement timeout" {
		t.Fatalf("canceled wait: %v %v", r.ok, r.err)
	}
	expectGranted(t, cw, "c once b left the queue")

	// A plain cancel is a user request.
	ctx2, cancel2 := context.WithCancel(bg)
	dw := acquireAsync(b, ctx2, rel, AccessExclusiveLock)
	waitUntil(t, "b waiting again", func() bool { return e.waiting(b.procIndex, rel) })
	cancel2()
	r = <-dw
	if pe := pgerr.As(r.err); r.ok || pe.Code != pgerr.QueryCanceled || pe.Message != "canceling statement due to user request" {
		t.Fatalf("user cancel: %v %v", r.ok, r.err)
	}
}

func TestDeadlockDetected(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	r1, r2 := RelationTag(1, 601), RelationTag(1, 602)
	a.LockAcquire(ctx, r1, AccessExclusiveLock, false)
	b.LockAcquire(ctx, r2, AccessExclusiveLock, false)
	a.DeadlockTimeout = 50 * time.Millisecond
	b.DeadlockTimeout = time.Hour
	aw := acquireAsync(a, ctx, r2, AccessExclusiveLock)
	waitUntil(t, "a waiting", func() bool { return e.waiting(a.procIndex, r2) })
	start := time.Now()
	bw := acquireAsync(b, ctx, r1, ShareLock)
	var r result
	select {
	case r = <-aw:
	case <-time.After(5 * time.Second):
		t.Fatal("deadlock not detected")
	}
	pe := pgerr.As(r.err)
	if r.ok || pe == nil || pe.Code != pgerr.TRDeadlockDetected || pe.Message != "deadlock detected" ||
		pe.Hint != "See server log for query details." {
		t.Fatalf("got %v %v", r.ok, r.err)
	}
	want := "Process 0 waits for AccessExclusiveLock on relation 602 of database 1; blocked by process 1.\n" +
		"Process 1 waits for ShareLock on relation 601 of database 1; blocked by process 0."
	want = strings.NewReplacer("Process 0", "Process "+itoa(a.pid()), "process 0", "process "+itoa(a.pid()),
		"Process 1", "Process "+itoa(b.pid()), "process 1", "process "+itoa(b.pid())).Replace(want)
	if pe.Detail != want {
		t.Fatalf("detail:\n%s\nwant:\n%s", pe.Detail, want)
	}
	if time.Since(start) > 3*time.Second {
		t.Fatal("detection took too long")
	}
	// The victim's transaction aborts: the survivor proceeds.
	expectPending(t, bw, "b before a aborts")
	a.LockReleaseAll()
	expectGranted(t, bw, "b after a aborted")
	b.LockReleaseAll()
}

func itoa(v int32) string { return strconv.Itoa(int(v)) }

func TestNoFalseDeadlock(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 650)
	a.LockAcquire(ctx, rel, AccessExclusiveLock, false)
	b.DeadlockTimeout = 10 * time.Millisecond
	bw := acquireAsync(b, ctx, rel, AccessShareLock)
	expectPending(t, bw, "plain wait after the deadlock check ran")
	a.LockReleaseAll()
	expectGranted(t, bw, "b")
	b.LockReleaseAll()
}

func TestLockUpgradeDeadlockIsImmediate(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 700)
	a.LockAcquire(ctx, rel, AccessShareLock, false)
	b.LockAcquire(ctx, rel, AccessShareLock, false)
	aw := acquireAsync(a, ctx, rel, AccessExclusiveLock)
	waitUntil(t, "a waiting", func() bool { return e.waiting(a.procIndex, rel) })
	b.DeadlockTimeout = time.Hour
	start := time.Now()
	ok, err := b.LockAcquire(ctx, rel, AccessExclusiveLock, false)
	if ok || pgerr.CodeOf(err) != pgerr.TRDeadlockDetected || time.Since(start) > time.Second {
		t.Fatalf("upgrade deadlock: %v %v after %v", ok, err, time.Since(start))
	}
	if !strings.HasPrefix(pgerr.As(err).Detail, "Process "+itoa(b.pid())+" waits for AccessExclusiveLock on relation 700 of database 1; blocked by process "+itoa(a.pid())+".") {
		t.Fatalf("detail %q", pgerr.As(err).Detail)
	}
	b.LockReleaseAll()
	expectGranted(t, aw, "a after b aborted")
	a.LockReleaseAll()
}

func TestHolderGoesAheadOfConflictingWaiter(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 800)
	a.LockAcquire(ctx, rel, AccessShareLock, false)
	bw := acquireAsync(b, ctx, rel, AccessExclusiveLock)
	waitUntil(t, "b waiting", func() bool { return e.waiting(b.procIndex, rel) })
	// a already holds a lock b waits for; making a queue behind b would
	// deadlock, so a's RowExclusive is granted at once.
	done := make(chan result, 1)
	go func() { ok, err := a.LockAcquire(ctx, rel, RowExclusiveLock, false); done <- result{ok, err} }()
	expectGranted(t, done, "a's second mode")
	a.LockReleaseAll()
	expectGranted(t, bw, "b")
	b.LockReleaseAll()
}

func TestOutOfSharedMemory(t *testing.T) {
	e := newEnv(t, "max_locks_per_transaction", "10", "max_connections", "2",
		"autovacuum_max_workers", "1", "max_worker_processes", "0", "max_wal_senders", "0")
	l := e.locker(t)
	n, _ := e.lt.Capacity()
	if n != 10*(2+1+1) {
		t.Fatalf("capacity %d", n)
	}
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if ok, err := l.LockAcquire(ctx, RelationTag(1, uint32(i)), AccessShareLock, false); !ok || err != nil {
			t.Fatalf("lock %d: %v", i, err)
		}
	}
	_, err := l.LockAcquire(ctx, RelationTag(1, uint32(n)), AccessShareLock, false)
	pe := pgerr.As(err)
	if pe == nil || pe.Code != pgerr.OutOfMemory || pe.Message != "out of shared memory" ||
		pe.Hint != "You might need to increase max_locks_per_transaction." {
		t.Fatalf("got %v", err)
	}
	l.LockReleaseAll()
	if used, pl := e.lt.InUse(e.pm); used != 0 || pl != 0 {
		t.Fatalf("in use after release: %d %d", used, pl)
	}
	if ok, _ := l.LockAcquire(ctx, RelationTag(1, uint32(n)), AccessShareLock, false); !ok {
		t.Fatal("table not reusable")
	}
}

func TestXactLockTableWait(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	var running atomic.Bool
	running.Store(true)
	b.XidInProgress = func(xid uint32) (bool, error) { return xid == 900 && running.Load(), nil }
	if err := a.XactLockTableInsert(900); err != nil {
		t.Fatal(err)
	}
	if done, _ := b.ConditionalXactLockTableWait(900); done {
		t.Fatal("conditional wait says a running transaction ended")
	}
	ch := make(chan error, 1)
	go func() { ch <- b.XactLockTableWait(context.Background(), 900) }()
	waitUntil(t, "b waiting for xid", func() bool { return e.waiting(b.procIndex, TransactionTag(900)) })
	select {
	case err := <-ch:
		t.Fatalf("returned while the transaction runs: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	// Transaction end: out of the proc array, then locks released.
	running.Store(false)
	a.LockReleaseAll()
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
	if done, _ := b.ConditionalXactLockTableWait(900); !done {
		t.Fatal("conditional wait after the end")
	}
	if b.LockHeldByMe(TransactionTag(900), ShareLock) {
		t.Fatal("waiter kept the ShareLock")
	}
}

// TestXactLockTableWaitSubtransaction: a subtransaction (901, child of
// 900) whose lock is gone while it still counts as running makes the
// waiter wait for the top-level transaction's lock instead.
func TestXactLockTableWaitSubtransaction(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	var running atomic.Bool
	running.Store(true)
	b.XidInProgress = func(xid uint32) (bool, error) { return (xid == 900 || xid == 901) && running.Load(), nil }
	var asked atomic.Int32
	b.XidTopmost = func(xid uint32) (uint32, error) {
		asked.Add(1)
		if xid == 901 {
			return 900, nil
		}
		return xid, nil
	}
	if err := a.XactLockTableInsert(900); err != nil {
		t.Fatal(err)
	}
	if err := a.XactLockTableInsert(901); err != nil {
		t.Fatal(err)
	}
	a.XactLockTableDelete(901)
	if done, _ := b.ConditionalXactLockTableWait(901); done {
		t.Fatal("conditional wait says a running subtransaction ended")
	}
	ch := make(chan error, 1)
	go func() { ch <- b.XactLockTableWait(context.Background(), 901) }()
	waitUntil(t, "b waiting for the top-level xid", func() bool { return e.waiting(b.procIndex, TransactionTag(900)) })
	select {
	case err := <-ch:
		t.Fatalf("returned while the transaction runs: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	running.Store(false)
	a.LockReleaseAll()
	if err := <-ch; err != nil {
		t.Fatal(err)
	}
	if asked.Load() == 0 {
		t.Fatal("topmost transaction never looked up")
	}
	if done, err := b.ConditionalXactLockTableWait(901); !done || err != nil {
		t.Fatalf("conditional wait after the end: %v %v", done, err)
	}
}

func TestStressMutualExclusion(t *testing.T) {
	e := newEnv(t, "max_connections", "20")
	const workers, rounds = 12, 400
	tags := []LockTag{RelationTag(1, 1), RelationTag(1, 2), TransactionTag(77)}
	// holders[t][m] counts current holders of mode m on tag t.
	var holders [3][MaxLockMode + 1]atomic.Int32
	var wg sync.WaitGroup
	var failed atomic.Bool
	for w := 0; w < workers; w++ {
		l := e.locker(t)
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for i := 0; i < rounds && !failed.Load(); i++ {
				ti := rng.Intn(len(tags))
				mode := LockMode(1 + rng.Intn(int(MaxLockMode)))
				l.LockTimeout = 0
				if rng.Intn(10) == 0 {
					l.LockTimeout = time.Millisecond
				}
				ok, err := l.LockAcquire(context.Background(), tags[ti], mode, rng.Intn(5) == 0)
				if err != nil && pgerr.CodeOf(err) != pgerr.LockNotAvailable {
					t.Error(err)
					failed.Store(true)
					return
				}
				if !ok {
					continue
				}
				h := holders[ti][mode].Add(1)
				for m := AccessShareLock; m <= MaxLockMode; m++ {
					n := holders[ti][m].Load()
					if m == mode {
						n = h - 1
					}
					if n > 0 && Conflicts(mode, m) {
						t.Errorf("%v granted while %d hold %v", mode, n, m)
						failed.Store(true)
					}
				}
				if rng.Intn(3) == 0 {
					time.Sleep(time.Duration(rng.Intn(200)) * time.Microsecond)
				}
				holders[ti][mode].Add(-1)
				l.LockRelease(tags[ti], mode)
			}
		}(int64(w))
	}
	wg.Wait()
	if used, pl := e.lt.InUse(e.pm); used != 0 || pl != 0 {
		t.Fatalf("entries in use after stress: %d %d", used, pl)
	}
}
