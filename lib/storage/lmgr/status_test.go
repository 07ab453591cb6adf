// Tests of what the lock table tells about waits: pg_blocking_pids and
// the wait event a waiter publishes.

package lmgr

import (
	"context"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/waitevent"
)

func TestBlockingPids(t *testing.T) {
	e := newEnv(t)
	a, b, c, d, x := e.locker(t), e.locker(t), e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 700)
	other := RelationTag(1, 701)
	// a and b share the relation; x holds an unrelated lock.
	a.LockAcquire(ctx, rel, AccessShareLock, false)
	b.LockAcquire(ctx, rel, RowShareLock, false)
	x.LockAcquire(ctx, other, AccessExclusiveLock, false)
	if got := e.lt.BlockingPids(e.pm, a.pid()); got != nil {
		t.Fatalf("a is not waiting, yet blocked by %v", got)
	}
	// d waits for AccessExclusive behind both holders.
	dw := acquireAsync(d, ctx, rel, AccessExclusiveLock)
	waitUntil(t, "d waiting", func() bool { return e.waiting(d.procIndex, rel) })
	if got, want := e.lt.BlockingPids(e.pm, d.pid()), []int32{a.pid(), b.pid()}; !slices.Equal(got, want) {
		t.Fatalf("d blocked by %v, want %v (holders, oldest first)", got, want)
	}
	// c's ShareLock conflicts with neither holder, only with d, queued
	// ahead of it.
	cw := acquireAsync(c, ctx, rel, ShareLock)
	waitUntil(t, "c waiting", func() bool { return e.waiting(c.procIndex, rel) })
	if got, want := e.lt.BlockingPids(e.pm, c.pid()), []int32{d.pid()}; !slices.Equal(got, want) {
		t.Fatalf("c blocked by %v, want %v (the conflicting waiter ahead)", got, want)
	}
	// The waiter behind does not block the one ahead.
	if got, want := e.lt.BlockingPids(e.pm, d.pid()), []int32{a.pid(), b.pid()}; !slices.Equal(got, want) {
		t.Fatalf("d blocked by %v, want %v", got, want)
	}
	// pg_locks shows when each wait began, and no time for granted modes.
	for _, s := range e.lt.Status(e.pm) {
		if s.Granted != (s.WaitStart == 0) {
			t.Fatalf("status %+v: granted %v with wait start %d", s, s.Granted, s.WaitStart)
		}
	}
	// Each waiter shows it waits for a relation lock.
	for _, l := range []*Locker{c, d} {
		ev := waitevent.Current(l.o)
		if ev.Class() != waitevent.ClassLock || LockTagType(ev.ID()) != LockTagRelation {
			t.Fatalf("pid %d shows wait event %#x", l.pid(), uint32(ev))
		}
	}
	if ev := waitevent.Current(a.o); ev != 0 {
		t.Fatalf("holder shows wait event %#x", uint32(ev))
	}
	a.LockReleaseAll()
	b.LockReleaseAll()
	expectGranted(t, dw, "d")
	if ev := waitevent.Current(d.o); ev != 0 {
		t.Fatalf("d still shows wait event %#x after the grant", uint32(ev))
	}
	if got, want := e.lt.BlockingPids(e.pm, c.pid()), []int32{d.pid()}; !slices.Equal(got, want) {
		t.Fatalf("c blocked by %v, want %v (now the holder)", got, want)
	}
	d.LockReleaseAll()
	expectGranted(t, cw, "c")
	c.LockReleaseAll()
	x.LockReleaseAll()
}

func TestWaitEventOfTransactionWait(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	xid := TransactionTag(1234)
	a.LockAcquire(ctx, xid, ExclusiveLock, false)
	bw := acquireAsync(b, ctx, xid, ShareLock)
	waitUntil(t, "b waiting", func() bool { return e.waiting(b.procIndex, xid) })
	ev := waitevent.Current(b.o)
	if ev.TypeName() != "Lock" || LockTagType(ev.ID()).String() != "transactionid" {
		t.Fatalf("b shows %q / %v", ev.TypeName(), LockTagType(ev.ID()))
	}
	a.LockReleaseAll()
	expectGranted(t, bw, "b")
	b.LockReleaseAll()
}
