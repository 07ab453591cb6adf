// Writing and flushing the WAL (XLogWrite, XLogFlush,
// XLogBackgroundFlush, issue_xlog_fsync) and the segment files they write
// to (XLogFileInit, XLogFileOpen, InstallXLogFileSegment).
//
// All writing happens under writeLock (WALWriteLock), which is held across
// the write and the fsync: whoever holds it writes everything inserted so
// far, so commits waiting behind it usually find their record already
// flushed when they get it (group commit). That lock is the one LWLock
// held across I/O, as in PostgreSQL; waiters sleep in the kernel.

package xlog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/waitevent"
	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/rawsys"
)

// fileHandle is an open segment file.
type fileHandle struct {
	f *os.File
}

// WrittenLSN is how far the WAL has been written to the kernel
// (LogwrtResult.Write).
func (w *WAL) WrittenLSN() LSN { return LSN(atomic.LoadUint64(&w.h.writePos)) }

// FlushedLSN is how far the WAL is known to be on disk (GetFlushRecPtr).
func (w *WAL) FlushedLSN() LSN { return LSN(atomic.LoadUint64(&w.h.flushPos)) }

// NeedsFlush reports whether WAL up to lsn is not yet on disk
// (XLogNeedsFlush).
func (w *WAL) NeedsFlush(lsn LSN) bool { return lsn > w.FlushedLSN() }

// Flush makes sure WAL up to lsn is on disk (XLogFlush). Concurrent
// callers share the work: the one that gets the write lock writes and
// syncs everything inserted so far, while the others sleep until it is
// done and then usually find their LSN flushed, without queueing for the
// lock one after another. An error is PANIC severity: the WAL's state on
// disk is unknown and the process must exit.
func (w *WAL) Flush(lsn LSN) error {
	h := w.h
	if lsn <= LSN(atomic.LoadUint64(&h.flushPos)) {
		return nil
	}
	if atomic.LoadUint32(&h.ready) == 0 {
		return nil // during recovery nothing new is written
	}
	if end := w.reservedEnd(); lsn > end {
		w.logf(logLevel, "request to flush past end of generated WAL; request %s, current position %s", lsn, end)
		lsn = end
	}
	w.waitInsertions(lsn)
	for {
		if lsn <= LSN(atomic.LoadUint64(&h.flushPos)) {
			return nil
		}
		seq := atomic.LoadUint32(&h.writeSeq)
		if !h.writeLock.TryLock(w.owner) {
			// Someone is writing; it may well take our record along.
			atomic.AddUint32(&h.writeWaiters, 1)
			prev := waitevent.Swap(w.owner, waitevent.LWLockWALWrite)
			futexWait(&h.writeSeq, seq)
			waitevent.Restore(w.owner, prev)
			atomic.AddUint32(&h.writeWaiters, ^uint32(0))
			continue
		}
		if lsn <= LSN(atomic.LoadUint64(&h.flushPos)) {
			w.releaseWriteLock()
			return nil
		}
		// Group commit: take in everything copied so far, not only ours.
		target := w.finishedUpTo()
		if target < lsn {
			target = lsn
		}
		err := w.writeUpTo(target, true)
		w.releaseWriteLock()
		return err
	}
}

// acquireWriteLock takes writeLock (for writers that must write, not
// flushers hoping to be served by someone else).
func (w *WAL) acquireWriteLock() {
	w.h.writeLock.LockNamed(w.owner, uint32(waitevent.LWLockWALWrite))
}

// releaseWriteLock releases writeLock and wakes the flushers waiting for
// the write in progress to end.
func (w *WAL) releaseWriteLock() {
	h := w.h
	h.writeLock.Unlock(w.owner)
	atomic.AddUint32(&h.writeSeq, 1)
	if atomic.LoadUint32(&h.writeWaiters) != 0 {
		futexWakeAll(&h.writeSeq)
	}
}

// BackgroundFlush writes and flushes whatever has been completely inserted
// and not flushed yet (XLogBackgroundFlush, for the walwriter; with
// synchronous_commit = off this bounds the loss window to
// wal_writer_delay). It reports whether it did anything.
func (w *WAL) BackgroundFlush() (bool, error) {
	h := w.h
	if atomic.LoadUint32(&h.ready) == 0 {
		return false, nil
	}
	target := w.finishedUpTo()
	if target <= LSN(atomic.LoadUint64(&h.flushPos)) {
		return false, nil
	}
	w.acquireWriteLock()
	defer w.releaseWriteLock()
	if target <= LSN(atomic.LoadUint64(&h.flushPos)) {
		return false, nil
	}
	if t := w.finishedUpTo(); t > target {
		target = t
	}
	return true, w.writeUpTo(target, true)
}

// writeUpTo writes buffer pages up to target and, with flush, syncs them
// (XLogWrite). The caller holds writeLock and every insertion below target
// has finished. Pages are always written whole; a partly filled last page
// is written again, fuller, next time.
func (w *WAL) writeUpTo(target LSN, flush bool) error {
	h := w.h
	written := LSN(atomic.LoadUint64(&h.writePos))
	if written < target {
		p := pageStart(written)
		endPage := (target + PageSize - 1) &^ (PageSize - 1)
		for p < endPage {
			idx := w.bufIndex(p)
			if got := LSN(atomic.LoadUint64(&w.xlblocks[idx])); got != p+PageSize {
				return pgerr.Newf(pgerr.InternalError, "xlog write request %s is past end of log %s", target, got).
					WithSeverity(pgerr.SeverityPanic)
			}
			segEnd := SegmentStart(SegNo(p) + 1)
			n := uint64(1)
			for {
				next := p + LSN(n*PageSize)
				if next >= endPage || next >= segEnd || idx+n >= w.nbuf ||
					LSN(atomic.LoadUint64(&w.xlblocks[idx+n])) != next+PageSize {
					break
				}
				n++
			}
			if err := w.openSegment(SegNo(p)); err != nil {
				return err
			}
			if err := w.pwrite(w.pages[idx*PageSize:(idx+n)*PageSize], segOffset(p)); err != nil {
				return err
			}
			p += LSN(n * PageSize)
			if p == segEnd && segEnd <= target {
				// A finished segment is synced at once, so that a flush
				// later only ever needs to sync the last segment.
				if err := w.syncSegment(); err != nil {
					return err
				}
				if LSN(atomic.LoadUint64(&h.flushPos)) < segEnd {
					atomic.StoreUint64(&h.flushPos, uint64(segEnd))
				}
				w.segmentFinished(SegNo(p) - 1)
			}
		}
		atomic.StoreUint64(&h.writePos, uint64(target))
	}
	if flush && LSN(atomic.LoadUint64(&h.flushPos)) < target {
		if w.needsExplicitSync() {
			if err := w.openSegment(prevSegNo(target)); err != nil {
				return err
			}
			if err := w.syncSegment(); err != nil {
				return err
			}
		}
		atomic.StoreUint64(&h.flushPos, uint64(target))
	}
	return nil
}

func (w *WAL) needsExplicitSync() bool {
	return w.enableFsync && (w.syncMethod == syncFsync || w.syncMethod == syncFdatasync)
}

// pwrite writes b at off of the open segment.
func (w *WAL) pwrite(b []byte, off uint32) error {
	var start time.Time
	if w.trackIOTiming {
		start = time.Now()
	}
	fd := int(w.file.f.Fd())
	prev := waitevent.Swap(w.owner, waitevent.IOWALWrite)
	defer waitevent.Restore(w.owner, prev)
	done := 0
	for done < len(b) {
		n, err := rawsys.Pwrite(fd, b[done:], int64(off)+int64(done))
		if err == unix.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = unix.ENOSPC
		}
		if err != nil {
			return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to log file %s at offset %d, length %d: %s",
				FileName(w.Timeline(), w.fileSeg), int(off)+done, len(b)-done, datadir.Strerror(err)).WithSeverity(pgerr.SeverityPanic)
		}
		done += n
	}
	atomic.AddUint64(&w.h.statWrite, 1)
	if w.trackIOTiming {
		atomic.AddUint64(&w.h.statWriteTimeNs, uint64(time.Since(start)))
	}
	return nil
}

// syncSegment syncs the open segment with wal_sync_method
// (issue_xlog_fsync). A failure is a PANIC: after a failed fsync the
// kernel may have dropped the dirty pages, so retrying would lie.
func (w *WAL) syncSegment() error {
	if !w.needsExplicitSync() {
		return nil
	}
	if w.syncHook != nil {
		w.syncHook()
	}
	start := time.Now()
	fd := int(w.file.f.Fd())
	var err error
	msg := "could not fdatasync file \"%s\": %s"
	prev := waitevent.Swap(w.owner, waitevent.IOWALSync)
	for {
		if w.syncMethod == syncFsync {
			msg = "could not fsync file \"%s\": %s"
			err = rawsys.Fsync(fd)
		} else {
			err = rawsys.Fdatasync(fd)
		}
		if err != unix.EINTR {
			break
		}
	}
	waitevent.Restore(w.owner, prev)
	if err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), msg, FileName(w.Timeline(), w.fileSeg), datadir.Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	atomic.AddUint64(&w.h.statSync, 1)
	if w.trackIOTiming {
		atomic.AddUint64(&w.h.statSyncTimeNs, uint64(time.Since(start)))
	}
	return nil
}

// openSegment makes segno this process's open segment, creating the file
// if it does not exist yet (XLogFileInit).
func (w *WAL) openSegment(segno uint64) error {
	if w.file.f != nil && w.fileSeg == segno {
		return nil
	}
	w.closeSegment()
	name := FileName(w.Timeline(), segno)
	path := filepath.Join(w.walDir, name)
	flags := os.O_RDWR | syscall.O_CLOEXEC
	if w.enableFsync {
		switch w.syncMethod {
		case syncOpenSync:
			flags |= syscall.O_SYNC
		case syncOpenDatasync:
			flags |= syscall.O_DSYNC
		}
	}
	f, err := os.OpenFile(path, flags, 0)
	if errors.Is(err, os.ErrNotExist) {
		if err = w.createSegment(segno); err != nil {
			return err
		}
		f, err = os.OpenFile(path, flags, 0)
	}
	if err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\": %s", filepath.Join(datadir.WALDir, name), datadir.Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	w.file = fileHandle{f: f}
	w.fileSeg = segno
	return nil
}

func (w *WAL) closeSegment() error {
	if w.file.f == nil {
		return nil
	}
	err := w.file.f.Close()
	w.file = fileHandle{}
	return err
}

// createSegment creates segment segno of the current timeline
// (XLogFileInit's creation branch).
func (w *WAL) createSegment(segno uint64) error {
	return createSegmentFile(w.dir, FileName(w.Timeline(), segno), w.initZero, w.enableFsync, nil)
}

// createSegmentFile creates pg_wal/name, zero-filled (or, with initZero
// off, of full length without writing it), with firstPage (if any) as its
// first page, synced, and renamed into place from a temporary file; the
// directory is synced too. If the name appeared meanwhile (a checkpoint
// recycled a segment into it), the new file is dropped: the existing one
// is just as good.
func createSegmentFile(dataDir, name string, initZero, doSync bool, firstPage []byte) error {
	walDir := filepath.Join(dataDir, datadir.WALDir)
	perms := datadir.DirPerms(dataDir)
	tmp, err := os.CreateTemp(walDir, fmt.Sprintf("xlogtemp.%d.", os.Getpid()))
	if err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create file \"%s\": %s", filepath.Join(datadir.WALDir, "xlogtemp"), datadir.Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	tmpPath := tmp.Name()
	rel := filepath.Join(datadir.WALDir, filepath.Base(tmpPath))
	fail := func(format string, err error) error {
		tmp.Close()
		os.Remove(tmpPath)
		return pgerr.Newf(pgerr.CodeForFileAccess(err), format, rel, datadir.Strerror(err)).WithSeverity(pgerr.SeverityPanic)
	}
	if err := tmp.Chmod(perms.File); err != nil {
		return fail("could not change permissions of file \"%s\": %s", err)
	}
	if initZero {
		zeros := make([]byte, 1<<20)
		for off := int64(0); off < SegmentSize; off += int64(len(zeros)) {
			if _, err := tmp.WriteAt(zeros, off); err != nil {
				return fail("could not write to file \"%s\": %s", err)
			}
		}
	} else if _, err := tmp.WriteAt([]byte{0}, SegmentSize-1); err != nil {
		return fail("could not write to file \"%s\": %s", err)
	}
	if firstPage != nil {
		if _, err := tmp.WriteAt(firstPage, 0); err != nil {
			return fail("could not write to file \"%s\": %s", err)
		}
	}
	if doSync {
		if err := tmp.Sync(); err != nil {
			return fail("could not fsync file \"%s\": %s", err)
		}
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmpPath)
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not close file \"%s\": %s", rel, datadir.Strerror(err)).WithSeverity(pgerr.SeverityPanic)
	}
	path := filepath.Join(walDir, name)
	if err := renameNoReplace(tmpPath, path); err != nil {
		os.Remove(tmpPath)
		if errors.Is(err, os.ErrExist) {
			return nil
		}
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not rename file \"%s\" to \"%s\": %s", rel,
			filepath.Join(datadir.WALDir, name), datadir.Strerror(err)).WithSeverity(pgerr.SeverityPanic)
	}
	if doSync {
		if err := datadir.SyncDir(walDir); err != nil {
			return pgerr.Newf(pgerr.IoError, "%s", err.Error()).WithSeverity(pgerr.SeverityPanic)
		}
	}
	return nil
}

func (w *WAL) syncWALDir() error {
	if !w.enableFsync {
		return nil
	}
	if err := datadir.SyncDir(w.walDir); err != nil {
		return pgerr.Newf(pgerr.IoError, "%s", err.Error()).WithSeverity(pgerr.SeverityPanic)
	}
	return nil
}

// renameNoReplace renames oldPath to newPath unless newPath exists
// (os.ErrExist then). Two processes installing the same segment name can
// therefore never clobber each other, without a lock.
func renameNoReplace(oldPath, newPath string) error {
	err := unix.Renameat2(unix.AT_FDCWD, oldPath, unix.AT_FDCWD, newPath, unix.RENAME_NOREPLACE)
	if err == unix.EINVAL || err == unix.ENOSYS {
		// File systems without RENAME_NOREPLACE: link fails if the
		// target exists, which is just as exclusive.
		if err = unix.Link(oldPath, newPath); err == nil {
			err = unix.Unlink(oldPath)
		}
	}
	if err == unix.EEXIST {
		return os.ErrExist
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: oldPath, New: newPath, Err: err}
	}
	return nil
}
