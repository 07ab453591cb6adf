// Buffer I/O: the BM_IO_IN_PROGRESS protocol that lets one process read or
// write a page while others wait for it rather than repeat it
// (StartBufferIO, TerminateBufferIO, AbortBufferIO), and FlushBuffer, the
// one place a page goes to disk: WAL first, then the checksummed copy.

package buffer

import (
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// startIO claims the I/O of buffer id, which this process pins. It waits
// while another process has an I/O in progress on it, then returns false
// if there is nothing left to do (for input: the page became valid; for
// output: it is no longer dirty).
func (p *Pool) startIO(id int32, forInput bool) bool {
	d := &p.sh.descs[id]
	var st uint32
	for {
		st = lockHdr(p.owner, d)
		if st&bmIOInProgress == 0 {
			break
		}
		unlockHdr(p.owner, d, st)
		waitIO(p.owner, d)
	}
	if forInput && st&bmValid != 0 || !forInput && st&bmDirty == 0 {
		unlockHdr(p.owner, d, st)
		return false
	}
	// Recorded under the spinlock: if we die from here on, the postmaster
	// knows whose I/O to fail.
	p.pins.ioBuf = id + 1
	unlockHdr(p.owner, d, st|bmIOInProgress)
	return true
}

// terminateIO ends this process's I/O on buffer id successfully: it
// clears the dirty bits after a write unless the page was dirtied again
// meanwhile, sets setFlags (bmValid after a read), and wakes the waiters.
func (p *Pool) terminateIO(id int32, clearDirty bool, setFlags uint32) {
	d := &p.sh.descs[id]
	st := lockHdr(p.owner, d)
	st &^= bmIOInProgress | bmIOError
	if clearDirty && st&bmJustDirtied == 0 {
		st &^= bmDirty | bmCheckpointNeeded
	}
	st |= setFlags
	p.pins.ioBuf = 0
	unlockHdr(p.owner, d, st)
	wake(d)
}

// abortIO ends this process's I/O on buffer id after a failure: the page
// stays invalid (read) or dirty (write), bmIOError is set, and the next
// process to want the page tries again.
func (p *Pool) abortIO(id int32) {
	d := &p.sh.descs[id]
	st := lockHdr(p.owner, d)
	if st&bmIOInProgress == 0 {
		p.pins.ioBuf = 0
		unlockHdr(p.owner, d, st)
		return
	}
	repeated := st&bmValid != 0 && st&bmIOError != 0
	tag := d.tag
	st = (st &^ bmIOInProgress) | bmIOError
	p.pins.ioBuf = 0
	unlockHdr(p.owner, d, st)
	wake(d)
	if repeated {
		p.warn(pgerr.Newf(pgerr.IoError, "could not write block %d of %s", tag.Block, tag.Rel.Path(tag.Fork, 0)).
			WithDetail("Multiple failures --- write error might be permanent."))
	}
}

// flushBuffer writes buffer id if it is dirty (FlushBuffer). The caller
// pins it and holds its content lock in either mode, so the page cannot
// change except for hint bits. WAL is flushed up to the page LSN first;
// with checksums, the checksum is computed on a private copy, since share
// lockers may still set hint bits in the shared page. It reports whether
// it wrote.
func (p *Pool) flushBuffer(id int32) (bool, error) {
	if !p.startIO(id, false) {
		return false, nil
	}
	d := &p.sh.descs[id]
	page := p.sh.page(id)
	// pd_lsn is read under the spinlock because MarkDirtyHint-style
	// writers may set it holding only a share lock. Clearing JUST_DIRTIED
	// here lets terminateIO see a change made after this point.
	st := lockHdr(p.owner, d)
	lsn := PageLSN(page)
	st &^= bmJustDirtied
	unlockHdr(p.owner, d, st)
	tag := d.tag

	if st&bmPermanent != 0 && p.cfg.WAL != nil && lsn != 0 {
		if err := p.cfg.WAL.Flush(lsn); err != nil {
			p.abortIO(id)
			return false, err
		}
	}
	src := page
	if p.cfg.SetChecksum != nil {
		copy(p.scratch, page)
		p.cfg.SetChecksum(p.scratch, tag.Block)
		src = p.scratch
	}
	var start time.Time
	timing := p.settingBool("track_io_timing")
	if timing {
		start = time.Now()
	}
	if err := p.cfg.Files.Write(tag.Rel, tag.Fork, tag.Block, src, false); err != nil {
		p.abortIO(id)
		return false, err
	}
	var took time.Duration
	if timing {
		took = time.Since(start)
		p.usage.WriteTime += took
	}
	p.io.Count(storage.IOObjectRelation, storage.IOContextNormal, storage.IOOpWrite, 1, took)
	p.terminateIO(id, true, 0)
	p.usage.SharedWritten++
	return true, nil
}

// FlushBuffer writes a buffer this process pins and has content-locked, if
// it is dirty (FlushOneBuffer).
func (p *Pool) FlushBuffer(buf Buffer) error {
	if buf < 0 {
		if d := p.localDescOf(buf); d.dirty {
			return p.localWrite(d)
		}
		return nil
	}
	p.mustPin(buf)
	if p.lockMode(buf) == Unlock {
		panic("buffer: FlushBuffer without the content lock")
	}
	wrote, err := p.flushBuffer(buf.id())
	if wrote {
		atomic.AddUint64(&p.sh.hdr.stats[statBackend], 1)
	}
	return err
}
