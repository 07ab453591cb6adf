// Virtual transaction ids and session locks: what CREATE INDEX
// CONCURRENTLY waits with.

package lmgr

import (
	"context"
	"testing"
	"time"
)

func TestVirtualXactWaitAndConflicts(t *testing.T) {
	e := newEnv(t)
	a, b, me := e.locker(t), e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 100)
	va, err := a.BeginVirtualTransaction()
	if err != nil {
		t.Fatal(err)
	}
	vb, _ := b.BeginVirtualTransaction()
	if va == vb || !va.IsValid() || a.VirtualXidOf(a.ProcIndex()) != va {
		t.Fatalf("virtual ids %v %v", va, vb)
	}
	a.LockAcquire(ctx, rel, RowExclusiveLock, false)
	b.LockAcquire(ctx, rel, AccessShareLock, false)
	me.BeginVirtualTransaction()
	me.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, false)
	// Only a's RowExclusiveLock conflicts with ShareLock; our own lock
	// never counts.
	if got := me.LockConflicts(rel, ShareLock); len(got) != 1 || got[0] != va {
		t.Fatalf("conflicts with ShareLock: %v, want [%v]", got, va)
	}
	if got := me.LockConflicts(rel, AccessExclusiveLock); len(got) != 2 {
		t.Fatalf("conflicts with AccessExclusiveLock: %v", got)
	}
	done := make(chan error, 1)
	go func() { done <- me.WaitVirtualXact(ctx, va) }()
	select {
	case err := <-done:
		t.Fatalf("returned while the transaction runs: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	a.EndVirtualTransaction()
	a.LockReleaseAll()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// An ended transaction is not waited for; a canceled wait fails.
	if err := me.WaitVirtualXact(ctx, va); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := me.WaitVirtualXact(cctx, vb); err == nil {
		t.Fatal("wait for a running transaction ended without error")
	}
}

func TestSessionLockOutlivesTransaction(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	rel := RelationTag(1, 100)
	if err := a.LockAcquireSession(ctx, rel, ShareUpdateExclusiveLock); err != nil {
		t.Fatal(err)
	}
	a.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, false)
	a.LockAcquire(ctx, RelationTag(1, 200), AccessExclusiveLock, false)
	a.ReleaseTransactionLocks()
	if ok, _ := b.LockAcquire(ctx, RelationTag(1, 200), AccessExclusiveLock, true); !ok {
		t.Fatal("a transaction lock survived the commit")
	}
	if ok, _ := b.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, true); ok {
		t.Fatal("the session lock was released at commit")
	}
	if ok, _ := b.LockAcquire(ctx, rel, RowExclusiveLock, true); !ok {
		t.Fatal("a writer conflicts with ShareUpdateExclusiveLock")
	}
	a.LockReleaseSession(rel, ShareUpdateExclusiveLock)
	if ok, _ := b.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, true); !ok {
		t.Fatal("the session lock outlived its release")
	}
	b.LockReleaseAll()
	// An abort releases session locks of the default method too.
	a.LockAcquireSession(ctx, rel, ShareUpdateExclusiveLock)
	a.ReleaseAbortedTransactionLocks()
	if ok, _ := b.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, true); !ok {
		t.Fatal("the session lock outlived an abort")
	}
}

// TestAdvisorySessionLocks: session-level advisory locks (the user lock
// method) survive an abort and are counted apart from the transaction's
// acquisitions of the same lock.
func TestAdvisorySessionLocks(t *testing.T) {
	e := newEnv(t)
	a, b := e.locker(t), e.locker(t)
	ctx := context.Background()
	adv := AdvisoryTag(5, 0, 1, 1)
	xactOnly := AdvisoryTag(5, 0, 2, 1)
	free := func(tag LockTag) bool {
		ok, err := b.LockAcquire(ctx, tag, ShareLock, true)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			b.LockRelease(tag, ShareLock)
		}
		return ok
	}
	if err := a.LockAcquireSession(ctx, adv, ExclusiveLock); err != nil {
		t.Fatal(err)
	}
	a.LockAcquire(ctx, adv, ExclusiveLock, false)
	a.LockAcquire(ctx, xactOnly, ExclusiveLock, false)
	a.ReleaseAbortedTransactionLocks()
	if free(adv) {
		t.Fatal("a session advisory lock did not survive an abort")
	}
	if !free(xactOnly) {
		t.Fatal("a transaction's advisory lock survived its abort")
	}
	// The transaction's acquisition is not the session's: one unlock, and
	// a second finds nothing.
	a.LockAcquire(ctx, adv, ExclusiveLock, false)
	if !a.LockReleaseSession(adv, ExclusiveLock) {
		t.Fatal("the session acquisition was not released")
	}
	if a.LockReleaseSession(adv, ExclusiveLock) {
		t.Fatal("a transaction's acquisition was released as a session one")
	}
	if free(adv) {
		t.Fatal("the transaction's acquisition went with the session's")
	}
	a.ReleaseTransactionLocks()
	if !free(adv) {
		t.Fatal("the lock outlived its last acquisition")
	}
	// LockReleaseSessionMethod releases every session acquisition of the
	// method, however often taken, and nothing else.
	a.LockAcquireSession(ctx, adv, ExclusiveLock)
	a.LockAcquireSession(ctx, adv, ExclusiveLock)
	a.LockAcquireSession(ctx, AdvisoryTag(5, 0, 3, 2), ShareLock)
	a.LockAcquire(ctx, xactOnly, ExclusiveLock, false)
	rel := RelationTag(5, 100)
	a.LockAcquireSession(ctx, rel, ShareUpdateExclusiveLock)
	a.LockReleaseSessionMethod(UserLockMethod)
	if !free(adv) || !free(AdvisoryTag(5, 0, 3, 2)) {
		t.Fatal("an advisory session lock outlived LockReleaseSessionMethod")
	}
	if free(xactOnly) {
		t.Fatal("LockReleaseSessionMethod released a transaction's lock")
	}
	if ok, _ := b.LockAcquire(ctx, rel, ShareUpdateExclusiveLock, true); ok {
		t.Fatal("LockReleaseSessionMethod released a lock of another method")
	}
	// A refused conditional session acquisition leaves nothing counted.
	if ok, err := b.ConditionalLockAcquireSession(xactOnly, ExclusiveLock); ok || err != nil {
		t.Fatalf("conditional acquisition of a held lock: %v %v", ok, err)
	}
	if b.LockReleaseSession(xactOnly, ExclusiveLock) {
		t.Fatal("a refused acquisition was counted")
	}
	// The session's end releases everything.
	a.LockAcquireSession(ctx, adv, ExclusiveLock)
	a.LockReleaseAll()
	if !free(adv) || !free(xactOnly) {
		t.Fatal("a lock outlived LockReleaseAll")
	}
}

// TestVirtualXactOfDeadProcess: the postmaster's cleanup of a dead
// process ends its virtual transaction, so a waiter returns.
func TestVirtualXactOfDeadProcess(t *testing.T) {
	e := newEnv(t)
	dead, me := e.locker(t), e.locker(t)
	v, err := dead.BeginVirtualTransaction()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() { done <- me.WaitVirtualXact(ctx, v) }()
	time.Sleep(50 * time.Millisecond)
	e.lt.LockReleaseAll(e.pm, dead.ProcIndex())
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if dead.VirtualXidOf(dead.ProcIndex()).IsValid() {
		t.Fatal("a dead process's virtual transaction is still published")
	}
}
