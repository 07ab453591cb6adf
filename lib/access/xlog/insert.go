// Inserting records into the WAL buffers (XLogInsert, XLogInsertRecord,
// ReserveXLogInsertLocation, CopyXLogRecordToWAL, GetXLogBuffer,
// AdvanceXLInsertBuffer and WaitXLogInsertionsToFinish of xlog.c).
//
// An insertion takes one of the eight insertion slots, reserves its bytes
// under insertPosLock (a few instructions), and copies the record into the
// buffer pages with only its slot held, so that several processes copy at
// once. The slot's insertingAt tells a flusher how far the holder has
// got; see README.md for the full argument.

package xlog

import (
	"runtime"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// Insert writes the record b describes into the WAL buffers and returns
// its end LSN, the value to set the changed pages' pd_lsn to and to pass
// to Flush. It decides full-page images itself (see RecordBuilder).
//
// Call it inside the caller's critical section, with the registered pages
// locked. An error returned after space was reserved (only a failed write
// of an old buffer page, PANIC severity) leaves the insertion slot held:
// the process must exit so that the postmaster reinitializes shared memory.
func (w *WAL) Insert(b *RecordBuilder) (LSN, error) {
	h := w.h
	if atomic.LoadUint32(&h.ready) == 0 {
		return 0, pgerr.New(pgerr.InternalError, "cannot make new WAL entries during recovery")
	}
	a := &w.scratch
	for {
		redo := LSN(atomic.LoadUint64(&h.redoRecPtr))
		fpw := atomic.LoadUint32(&h.fullPageWrites) != 0
		if err := b.assemble(a, redo, fpw); err != nil {
			return 0, err
		}
		end, ok, err := w.insertRecord(a, redo, fpw, b.rmid == RmgrXLOG && b.info&XLRRmgrInfoMask == InfoSwitch)
		if err != nil || ok {
			return end, err
		}
		// The redo point moved (or full_page_writes was turned on) while we
		// assembled, and a page now needs an image: assemble again.
	}
}

// LastRecPtr is the start of the last record this handle inserted
// (ProcLastRecPtr).
func (w *WAL) LastRecPtr() LSN { return w.lastRecPtr }

// insertRecord positions and copies an assembled record. ok is false when
// the record must be assembled again.
func (w *WAL) insertRecord(a *assembled, redo LSN, fpw bool, isSwitch bool) (end LSN, ok bool, err error) {
	h := w.h
	slot := w.slot
	slot.lock.LockNamed(w.owner, uint32(waitevent.LWLockWALInsert))

	size := maxAlignUp(uint64(a.totLen))
	h.insertPosLock.Lock(w.owner)
	curRedo := LSN(h.redoRecPtr)
	curFPW := h.fullPageWrites != 0
	if curFPW && (!fpw || (a.fpwLSN != 0 && a.fpwLSN <= curRedo)) {
		h.insertPosLock.Unlock(w.owner)
		slot.lock.Unlock(w.owner)
		return 0, false, nil
	}
	startPos := h.currBytePos
	endPos := startPos + size
	if isSwitch {
		// XLOG_SWITCH consumes the rest of the segment
		// (ReserveXLogSwitch); at a segment boundary there is nothing to
		// switch and no record is written.
		if segOffset(bytePosToEndRecPtr(startPos)) == 0 {
			h.insertPosLock.Unlock(w.owner)
			slot.lock.Unlock(w.owner)
			return bytePosToEndRecPtr(startPos), true, nil
		}
		endLSN := bytePosToEndRecPtr(endPos)
		if segOffset(endLSN) != 0 {
			endLSN = SegmentStart(SegNo(endLSN) + 1)
			endPos = recPtrToBytePos(endLSN)
		}
	}
	prevPos := h.prevBytePos
	h.currBytePos = endPos
	h.prevBytePos = startPos
	start := bytePosToRecPtr(startPos)
	w.setInsertingAt(slot, advertised(start))
	atomic.AddUint64(&h.statRecords, 1)
	atomic.AddUint64(&h.statFPI, uint64(a.nFPI))
	atomic.AddUint64(&h.statBytes, endPos-startPos)
	h.insertPosLock.Unlock(w.owner)
	atomic.AddInt64(&w.usage.Records, 1)
	atomic.AddInt64(&w.usage.FPI, int64(a.nFPI))
	atomic.AddInt64(&w.usage.Bytes, int64(endPos-startPos))

	a.finish(bytePosToRecPtr(prevPos))
	end = bytePosToEndRecPtr(endPos)
	if err := w.copyRecord(a, start, end, isSwitch); err != nil {
		return 0, false, err // slot left held on purpose: see Insert
	}
	w.setInsertingAt(slot, 0)
	slot.lock.Unlock(w.owner)
	w.lastRecPtr = start
	return end, true, nil
}

// advertised is the position an inserter may advertise when its next byte
// goes to ptr: everything before it is done. Just after a page header the
// page start is advertised instead, since the page might not be
// initialized yet and nobody may write it out before it is.
func advertised(ptr LSN) LSN {
	off := int(uint64(ptr) % PageSize)
	if off == pageHeaderSizeAt(pageStart(ptr)) {
		return pageStart(ptr)
	}
	return ptr
}

// setInsertingAt publishes the slot holder's progress and wakes waiters.
func (w *WAL) setInsertingAt(slot *insertSlot, v LSN) {
	atomic.StoreUint64(&slot.insertingAt, uint64(v))
	atomic.AddUint32(&slot.seq, 1)
	if atomic.LoadUint32(&slot.waiters) != 0 {
		futexWakeAll(&slot.seq)
	}
}

// copyRecord copies a into the buffers from start (CopyXLogRecordToWAL),
// writing continuation headers on each page it enters.
func (w *WAL) copyRecord(a *assembled, start, end LSN, isSwitch bool) error {
	ptr := start
	page, err := w.getBuffer(ptr)
	if err != nil {
		return err
	}
	off := int(uint64(ptr) % PageSize)
	remaining := a.totLen
	write := func(src []byte) error {
		for len(src) > 0 {
			if off == PageSize {
				// Enter the next page: ptr is its start.
				w.setInsertingAt(w.slot, ptr)
				if page, err = w.getBuffer(ptr); err != nil {
					return err
				}
				setContRecord(page, remaining)
				off = pageHeaderSizeAt(ptr)
				ptr += LSN(off)
			}
			n := copy(page[off:], src)
			src = src[n:]
			off += n
			ptr += LSN(n)
			remaining -= uint32(n)
		}
		return nil
	}
	if err := write(a.hdr); err != nil {
		return err
	}
	for _, c := range a.chunks {
		if err := write(c); err != nil {
			return err
		}
	}
	if isSwitch {
		// Fill the rest of the segment with zero pages, one at a time so
		// that a small wal_buffers cannot deadlock against itself. Like
		// PostgreSQL, zero their headers too: nobody reads past a switch.
		p := pageStart(ptr) + PageSize
		for p < end {
			w.setInsertingAt(w.slot, p)
			pg, err := w.getBuffer(p)
			if err != nil {
				return err
			}
			clear(pg[:ShortPageHeaderSize])
			p += PageSize
		}
	}
	return nil
}

// bufIndex is the buffer page that holds WAL page p (XLogRecPtrToBufIdx).
func (s *Shared) bufIndex(p LSN) uint64 { return (uint64(p) / PageSize) % s.nbuf }

func (s *Shared) bufPage(idx uint64) []byte {
	return s.pages[idx*PageSize : (idx+1)*PageSize : (idx+1)*PageSize]
}

// getBuffer returns the buffer page holding ptr, initializing it (and any
// page before it) first if needed (GetXLogBuffer). The caller's slot must
// advertise a position at or before ptr's page that is at least the start
// of any of its own bytes not yet copied.
func (w *WAL) getBuffer(ptr LSN) ([]byte, error) {
	p := pageStart(ptr)
	idx := w.bufIndex(p)
	if atomic.LoadUint64(&w.xlblocks[idx]) == uint64(p)+PageSize {
		return w.bufPage(idx), nil
	}
	if err := w.advanceInsertBuffer(p); err != nil {
		return nil, err
	}
	return w.bufPage(idx), nil
}

// advanceInsertBuffer initializes buffer pages up to and including the one
// for WAL page upto (AdvanceXLInsertBuffer). A buffer whose old page has
// not been written yet is written first: that is "wal_buffers_full".
func (w *WAL) advanceInsertBuffer(upto LSN) error {
	h := w.h
	h.bufMappingLock.LockNamed(w.owner, uint32(waitevent.LWLockWALBufMapping))
	for LSN(h.initializedUpTo) <= upto {
		p := LSN(h.initializedUpTo)
		idx := w.bufIndex(p)
		oldEnd := LSN(atomic.LoadUint64(&w.xlblocks[idx]))
		if oldEnd > LSN(atomic.LoadUint64(&h.writePos)) {
			// The old page must reach the kernel before its buffer is
			// reused. Never wait while holding the mapping lock.
			h.bufMappingLock.Unlock(w.owner)
			atomic.AddUint64(&h.statBuffersFull, 1)
			w.waitInsertions(oldEnd)
			w.acquireWriteLock()
			var err error
			if LSN(atomic.LoadUint64(&h.writePos)) < oldEnd {
				err = w.writeUpTo(oldEnd, false)
			}
			w.releaseWriteLock()
			if err != nil {
				return err
			}
			h.bufMappingLock.LockNamed(w.owner, uint32(waitevent.LWLockWALBufMapping))
			continue
		}
		initPage(w.bufPage(idx), p, h.timeline, h.sysid, true)
		atomic.StoreUint64(&w.xlblocks[idx], uint64(p)+PageSize)
		h.initializedUpTo = uint64(p) + PageSize
	}
	h.bufMappingLock.Unlock(w.owner)
	return nil
}

// reservedEnd is the end of all space reserved so far.
func (w *WAL) reservedEnd() LSN {
	h := w.h
	h.insertPosLock.Lock(w.owner)
	pos := h.currBytePos
	h.insertPosLock.Unlock(w.owner)
	return bytePosToEndRecPtr(pos)
}

// waitInsertions waits until every byte before upto has been copied into
// the buffers (WaitXLogInsertionsToFinish). upto must not be beyond
// reservedEnd. The caller must not hold an insertion slot advertising a
// position below upto.
func (w *WAL) waitInsertions(upto LSN) {
	for i := range w.h.slots {
		s := &w.h.slots[i]
		for spins := 0; ; spins++ {
			seq := atomic.LoadUint32(&s.seq)
			at := LSN(atomic.LoadUint64(&s.insertingAt))
			if at == 0 || at >= upto {
				break
			}
			if spins < 50 {
				runtime.Gosched()
				continue
			}
			atomic.AddUint32(&s.waiters, 1)
			prev := waitevent.Swap(w.owner, waitevent.LWLockWALInsert)
			futexWait(&s.seq, seq)
			waitevent.Restore(w.owner, prev)
			atomic.AddUint32(&s.waiters, ^uint32(0))
		}
	}
}

// finishedUpTo is how far all insertions have been copied, without waiting:
// the lowest position a slot advertises, or the reserved end.
func (w *WAL) finishedUpTo() LSN {
	done := w.reservedEnd()
	for i := range w.h.slots {
		at := LSN(atomic.LoadUint64(&w.h.slots[i].insertingAt))
		if at != 0 && at < done {
			done = at
		}
	}
	return done
}

// CurrentInsertLSN is where the next record will start
// (GetXLogInsertRecPtr).
func (w *WAL) CurrentInsertLSN() LSN {
	h := w.h
	h.insertPosLock.Lock(w.owner)
	pos := h.currBytePos
	h.insertPosLock.Unlock(w.owner)
	return bytePosToRecPtr(pos)
}

// InsertEndLSN is the end of the last reserved record
// (GetXLogInsertEndRecPtr).
func (w *WAL) InsertEndLSN() LSN { return w.reservedEnd() }

// RedoPoint is the redo pointer full-page-image decisions compare page
// LSNs with (RedoRecPtr): the redo point of the checkpoint in progress or
// last completed.
func (w *WAL) RedoPoint() LSN { return LSN(atomic.LoadUint64(&w.h.redoRecPtr)) }

// SetRedoPoint sets the redo pointer. Records positioned after this call
// take full-page images of pages whose LSN is at or before lsn.
func (w *WAL) SetRedoPoint(lsn LSN) {
	h := w.h
	h.insertPosLock.Lock(w.owner)
	atomic.StoreUint64(&h.redoRecPtr, uint64(lsn))
	h.insertPosLock.Unlock(w.owner)
}

// BeginCheckpoint makes the current insert position the redo point, as
// CreateCheckPoint does at the start of a checkpoint, and returns it:
// replay from there will see every change made after this call. The
// position is where the next record will start, so a record always
// begins at a redo point.
func (w *WAL) BeginCheckpoint() LSN {
	h := w.h
	h.insertPosLock.Lock(w.owner)
	redo := bytePosToRecPtr(h.currBytePos)
	atomic.StoreUint64(&h.redoRecPtr, uint64(redo))
	h.insertPosLock.Unlock(w.owner)
	return redo
}

// SetFullPageWrites changes full_page_writes for every process (the
// checkpointer calls it after a reload, as UpdateFullPageWrites).
func (w *WAL) SetFullPageWrites(on bool) {
	h := w.h
	v := uint32(0)
	if on {
		v = 1
	}
	h.insertPosLock.Lock(w.owner)
	atomic.StoreUint32(&h.fullPageWrites, v)
	h.insertPosLock.Unlock(w.owner)
}

// FullPageWrites reports the shared full_page_writes flag.
func (w *WAL) FullPageWrites() bool { return atomic.LoadUint32(&w.h.fullPageWrites) != 0 }

// DataWriter adapts a WAL handle for callers whose records carry only main
// data (transam's commit, abort and clog records): its Insert and Flush
// match the interface lib/access/transam declares. Like the WAL handle it
// wraps, it is not safe for concurrent use.
type DataWriter struct {
	w *WAL
	b RecordBuilder
}

// DataWriter returns the adapter for w.
func (w *WAL) DataWriter() *DataWriter { return &DataWriter{w: w} }

// Insert logs a record of resource manager rmgr with xl_info info, xl_xid
// xid and main data data, and returns its end LSN.
func (d *DataWriter) Insert(rmgr, info uint8, xid uint32, data []byte) (LSN, error) {
	d.b.Reset(RmgrID(rmgr), info)
	d.b.SetXID(xid)
	d.b.SetMainData(data)
	return d.w.Insert(&d.b)
}

// Flush is WAL.Flush.
func (d *DataWriter) Flush(lsn LSN) error { return d.w.Flush(lsn) }
