// A process sleeping for a named RWLock publishes the lock's wait event
// in its Owner and puts back the previous one afterwards.

package shmem

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestRWLockPublishesWaitEvent(t *testing.T) {
	const ev, outer = 0x01000007, 0x06000000
	var l RWLock
	l.SetWaitEvent(ev)
	holder, sleeper := &Owner{Pid: 1}, &Owner{Pid: 2, WaitEvent: outer}
	l.Lock(holder)
	got := make(chan struct{})
	go func() {
		l.RLock(sleeper)
		close(got)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for atomic.LoadUint32(&sleeper.WaitEvent) != ev {
		if time.Now().After(deadline) {
			t.Fatalf("sleeper shows wait event %#x, want %#x", atomic.LoadUint32(&sleeper.WaitEvent), ev)
		}
		time.Sleep(time.Millisecond)
	}
	if holder.WaitEvent != 0 {
		t.Fatalf("holder shows wait event %#x", holder.WaitEvent)
	}
	l.Unlock(holder)
	<-got
	if w := atomic.LoadUint32(&sleeper.WaitEvent); w != outer {
		t.Fatalf("after the wait the sleeper shows %#x, want the previous %#x back", w, outer)
	}
	l.RUnlock(sleeper)

	// An unnamed lock publishes nothing.
	var plain RWLock
	plain.Lock(holder)
	done := make(chan struct{})
	go func() {
		plain.Lock(sleeper)
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	if w := atomic.LoadUint32(&sleeper.WaitEvent); w != outer {
		t.Fatalf("unnamed lock changed the wait event to %#x", w)
	}
	plain.Unlock(holder)
	<-done
	plain.Unlock(sleeper)
}

func TestLWLockLockNamedPublishesWaitEvent(t *testing.T) {
	const ev, outer = 0x01000009, 0x0A000001
	var l LWLock
	holder, sleeper := &Owner{Pid: 1}, &Owner{Pid: 2, WaitEvent: outer}
	l.LockNamed(holder, ev)
	if holder.WaitEvent != 0 {
		t.Fatalf("an uncontended LockNamed published %#x", holder.WaitEvent)
	}
	got := make(chan struct{})
	go func() {
		l.LockNamed(sleeper, ev)
		close(got)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for atomic.LoadUint32(&sleeper.WaitEvent) != ev {
		if time.Now().After(deadline) {
			t.Fatalf("sleeper shows wait event %#x, want %#x", atomic.LoadUint32(&sleeper.WaitEvent), ev)
		}
		time.Sleep(time.Millisecond)
	}
	l.Unlock(holder)
	<-got
	if w := atomic.LoadUint32(&sleeper.WaitEvent); w != outer {
		t.Fatalf("after the wait the sleeper shows %#x, want the previous %#x back", w, outer)
	}
	l.Unlock(sleeper)
}
