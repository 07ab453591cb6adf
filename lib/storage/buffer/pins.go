// Pins: a process's references to buffers, kept in its pin array in shared
// memory so that the postmaster can drop them if the process dies
// (PostgreSQL's PrivateRefCount plus the shared refcount in the state
// word). The shared refcount counts each pinning process once; the pin
// array counts how many times that process pinned the buffer.

package buffer

import (
	"fmt"
	"sync/atomic"
)

// findPin returns this process's entry for buffer id, or nil.
func (p *Pool) findPin(id int32) *pinEntry {
	pp := p.pins
	b := id + 1
	for i := int32(0); i < pp.nused; i++ {
		if pp.entries[i].buf == b {
			return &pp.entries[i]
		}
	}
	return nil
}

// freeEntry reserves a free entry (ReservePrivateRefCountEntry). Pinning
// while holding a header spinlock cannot fail, so the entry is found
// before. No unpin may happen between freeEntry and the use of its result
// (unpin may shrink nused below it).
func (p *Pool) freeEntry() (*pinEntry, error) {
	pp := p.pins
	for i := int32(0); i < pp.nused; i++ {
		if pp.entries[i].buf == 0 {
			return &pp.entries[i], nil
		}
	}
	if pp.nused == MaxPinnedBuffers {
		return nil, errTooManyPins()
	}
	pp.nused++
	return &pp.entries[pp.nused-1], nil
}

// entryFor is the entry to use for pinning id: the existing one if this
// process already pins it, else a free one.
func (p *Pool) entryFor(id int32) (*pinEntry, error) {
	if e := p.findPin(id); e != nil {
		return e, nil
	}
	return p.freeEntry()
}

// pin pins buffer id (PinBuffer) and reports whether it holds a valid
// page. The caller guarantees the buffer cannot be retagged meanwhile (it
// holds the tag's mapping partition lock). e is entryFor(id).
// A first pin by this process raises the usage count.
func (p *Pool) pin(id int32, e *pinEntry) bool { return p.pinWith(id, e, false) }

// pinWith is pin; for a strategy's access (PinBuffer with a strategy) the
// usage count only goes from 0 to 1.
func (p *Pool) pinWith(id int32, e *pinEntry, strategy bool) bool {
	d := &p.sh.descs[id]
	if e.buf != 0 {
		e.count++
		return atomic.LoadUint32(&d.state)&bmValid != 0
	}
	p.owner.EnterCritical()
	e.buf, e.count = id+1, 1
	var st uint32
	for {
		old := atomic.LoadUint32(&d.state)
		if old&bmLocked != 0 {
			old = waitHdrUnlocked(d)
		}
		st = old + refcountOne
		if u := usageCount(st); u < MaxUsageCount && (!strategy || u == 0) {
			st += usageOne
		}
		if atomic.CompareAndSwapUint32(&d.state, old, st) {
			break
		}
	}
	p.owner.ExitCritical()
	return st&bmValid != 0
}

// pinLocked pins buffer id whose header spinlock the caller holds with
// state st, and releases the spinlock (PinBuffer_Locked). It does not
// touch the usage count. reserved comes from freeEntry.
func (p *Pool) pinLocked(id int32, st uint32, reserved *pinEntry) {
	d := &p.sh.descs[id]
	if e := p.findPin(id); e != nil {
		e.count++
		unlockHdr(p.owner, d, st)
		return
	}
	// Still inside lockHdr's critical section: the entry and the refcount
	// change together as far as the postmaster can tell.
	reserved.buf, reserved.count = id+1, 1
	unlockHdr(p.owner, d, st+refcountOne)
}

// unpin drops one pin of buffer id (UnpinBuffer), waking a cleanup-lock
// waiter when only its own pin remains.
func (p *Pool) unpin(id int32) {
	e := p.findPin(id)
	if e == nil {
		panic(fmt.Sprintf("buffer: buffer %d is not pinned", id+1))
	}
	if e.count--; e.count > 0 {
		return
	}
	d := &p.sh.descs[id]
	p.owner.EnterCritical()
	var st uint32
	for {
		old := atomic.LoadUint32(&d.state)
		if old&bmLocked != 0 {
			old = waitHdrUnlocked(d)
		}
		st = old - refcountOne
		if atomic.CompareAndSwapUint32(&d.state, old, st) {
			break
		}
	}
	e.buf = 0
	pp := p.pins
	for pp.nused > 0 && pp.entries[pp.nused-1].buf == 0 {
		pp.nused--
	}
	p.owner.ExitCritical()
	if st&bmPinCountWaiter != 0 {
		st = lockHdr(p.owner, d)
		if st&bmPinCountWaiter != 0 && refcount(st) == 1 {
			st &^= bmPinCountWaiter
			atomic.StoreInt32(&d.pinWaiter, 0)
			unlockHdr(p.owner, d, st)
			wake(d)
			return
		}
		unlockHdr(p.owner, d, st)
	}
}
