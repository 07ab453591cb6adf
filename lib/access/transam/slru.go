// A simple LRU cache of 8 kB pages in shared memory backed by segment
// files of 32 pages: PostgreSQL 15's slru.c, used here for pg_xact.

package transam

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

const (
	slruPageSize        = storage.BlockSize
	slruPagesPerSegment = 32
	maxSyncPending      = 64
	maxDirLen           = 1024
)

// Page buffer states (SlruPageStatus).
const (
	pageEmpty int32 = iota
	pageReadInProgress
	pageValid
	pageWriteInProgress
)

// slruHeader is the start of an SLRU's region.
type slruHeader struct {
	// ctl is the control lock (PostgreSQL's XactSLRULock): it protects
	// every slot's status, page number and dirty flag, the page contents
	// and group LSNs (except while a slot is being read), latestPage and
	// curLRU. Lookups that only read take it shared.
	ctl shmem.RWLock
	// syncLock protects the pending-fsync list.
	syncLock shmem.LWLock

	nslots     int32
	groups     int32
	curLRU     int32
	latestPage int32
	nSync      int32
	syncSegs   [maxSyncPending]int32
	dirLen     int32
	dir        [maxDirLen]byte

	// stats are pg_stat_slru's counters (SlruStat order), counted since
	// statsReset (Unix microseconds): updated atomically, without ctl.
	stats      [SlruStatCount]uint64
	statsReset int64
}

// Positions of pg_stat_slru's counters in SlruStats, in the view's
// column order.
const (
	SlruBlksZeroed = iota
	SlruBlksHit
	SlruBlksRead
	SlruBlksWritten
	SlruBlksExists
	SlruFlushes
	SlruTruncates
	SlruStatCount
)

// SlruStats is one SLRU's pg_stat_slru row: its name (PostgreSQL's),
// counters and the time they were last reset.
type SlruStats struct {
	Name   string
	Counts [SlruStatCount]uint64
	Reset  time.Time
}

func (s *slru) count(i int) { atomic.AddUint64(&s.hdr.stats[i], 1) }

// statsSnapshot reads the SLRU's counters.
func (s *slru) statsSnapshot() SlruStats {
	st := SlruStats{Name: s.name, Reset: time.UnixMicro(atomic.LoadInt64(&s.hdr.statsReset))}
	for i := range st.Counts {
		st.Counts[i] = atomic.LoadUint64(&s.hdr.stats[i])
	}
	return st
}

// resetStats zeroes the counters (pg_stat_reset_slru).
func (s *slru) resetStats() {
	for i := range s.hdr.stats {
		atomic.StoreUint64(&s.hdr.stats[i], 0)
	}
	atomic.StoreInt64(&s.hdr.statsReset, time.Now().UnixMicro())
}

// slruSlot is one page buffer's state. io is held by the process doing
// the buffer's read or write for the duration of the system call, so that
// others can wait for it (PostgreSQL's buffer_locks).
type slruSlot struct {
	io     shmem.LWLock
	status int32
	dirty  int32
	pageno int32
	lru    int32
}

// slru is one process's view of an SLRU.
type slru struct {
	name  string
	hdr   *slruHeader
	slots []slruSlot
	pages []byte
	lsns  []uint64 // groups per slot; written under ctl exclusive
	dir   string

	pagePrecedes func(a, b int32) bool
	// flush makes WAL durable up to an LSN before a page whose group LSNs
	// reach it is written (WAL before data).
	flush      func(storage.LSN) error
	inRecovery func() bool
	// noSync: the files are never fsynced (pg_subtrans, whose contents
	// are not needed after a crash: PostgreSQL's SYNC_HANDLER_NONE).
	noSync bool
}

func slruLayout(nslots, groups int) (slotsOff, pagesOff, lsnsOff, total uintptr) {
	slotsOff = alignUp(unsafe.Sizeof(slruHeader{}))
	pagesOff = alignUp(slotsOff + uintptr(nslots)*unsafe.Sizeof(slruSlot{}))
	lsnsOff = pagesOff + uintptr(nslots*slruPageSize)
	total = lsnsOff + uintptr(nslots*groups*8)
	return
}

func slruSize(nslots, groups int) int {
	_, _, _, total := slruLayout(nslots, groups)
	return int(total)
}

func initSlru(b []byte, nslots, groups int, dir string) {
	h := shmem.At[slruHeader](b, 0)
	h.nslots, h.groups = int32(nslots), int32(groups)
	h.dirLen = int32(copy(h.dir[:], dir))
	h.statsReset = time.Now().UnixMicro()
}

func attachSlru(b []byte, name string, precedes func(a, b int32) bool) *slru {
	h := shmem.At[slruHeader](b, 0)
	n, g := int(h.nslots), int(h.groups)
	slotsOff, pagesOff, lsnsOff, _ := slruLayout(n, g)
	s := &slru{
		name:         name,
		hdr:          h,
		slots:        unsafe.Slice(shmem.At[slruSlot](b, slotsOff), n),
		pages:        b[pagesOff : pagesOff+uintptr(n*slruPageSize)],
		dir:          string(h.dir[:h.dirLen]),
		pagePrecedes: precedes,
		inRecovery:   func() bool { return false },
	}
	if g > 0 {
		s.lsns = unsafe.Slice(shmem.At[uint64](b, lsnsOff), n*g)
	}
	return s
}

func (s *slru) page(slot int) []byte {
	return s.pages[slot*slruPageSize : (slot+1)*slruPageSize : (slot+1)*slruPageSize]
}

func (s *slru) groupLSNs(slot int) []uint64 {
	g := int(s.hdr.groups)
	return s.lsns[slot*g : (slot+1)*g]
}

func (s *slru) segPath(segno int32) string {
	return filepath.Join(s.dir, fmt.Sprintf("%04X", segno))
}

// recentlyUsed marks a slot as most recently used. It may run under the
// shared control lock: the counters are only a replacement hint.
func (s *slru) recentlyUsed(slot int) {
	cur := atomic.LoadInt32(&s.hdr.curLRU)
	if cur != atomic.LoadInt32(&s.slots[slot].lru) {
		cur++
		atomic.StoreInt32(&s.hdr.curLRU, cur)
		atomic.StoreInt32(&s.slots[slot].lru, cur)
	}
}

// waitIO waits for the I/O in progress on slot. Called and returns with
// ctl held exclusive; releases it meanwhile.
func (s *slru) waitIO(o *shmem.Owner, slot int) {
	sl := &s.slots[slot]
	s.hdr.ctl.Unlock(o)
	sl.io.Lock(o)
	sl.io.Unlock(o)
	s.hdr.ctl.Lock(o)
	// An I/O state with nobody holding the I/O lock was abandoned: reset
	// it so the page is read or written again.
	if st := sl.status; st == pageReadInProgress || st == pageWriteInProgress {
		if sl.io.TryLock(o) {
			if sl.status == pageReadInProgress {
				sl.status = pageEmpty
			} else if sl.status == pageWriteInProgress {
				sl.status = pageValid
				sl.dirty = 1
			}
			sl.io.Unlock(o)
		}
	}
}

// selectLRUPage returns the slot holding pageno, or an empty or clean
// slot that may be reused for it, writing out a dirty victim if needed.
// Called and returns with ctl held exclusive.
func (s *slru) selectLRUPage(o *shmem.Owner, pageno int32) (int, error) {
	for {
		for i := range s.slots {
			if s.slots[i].pageno == pageno && s.slots[i].status != pageEmpty {
				return i, nil
			}
		}
		cur := atomic.AddInt32(&s.hdr.curLRU, 1) - 1
		bestValid, bestInvalid := -1, -1
		var bestValidDelta, bestInvalidDelta int32 = -1, -1
		var bestValidPage, bestInvalidPage int32
		for i := range s.slots {
			sl := &s.slots[i]
			if sl.status == pageEmpty {
				return i, nil
			}
			delta := cur - atomic.LoadInt32(&sl.lru)
			if delta < 0 {
				atomic.StoreInt32(&sl.lru, cur)
				delta = 0
			}
			if sl.pageno == s.hdr.latestPage {
				continue
			}
			if sl.status == pageValid {
				if delta > bestValidDelta || (delta == bestValidDelta && s.pagePrecedes(sl.pageno, bestValidPage)) {
					bestValid, bestValidDelta, bestValidPage = i, delta, sl.pageno
				}
			} else if delta > bestInvalidDelta || (delta == bestInvalidDelta && s.pagePrecedes(sl.pageno, bestInvalidPage)) {
				bestInvalid, bestInvalidDelta, bestInvalidPage = i, delta, sl.pageno
			}
		}
		if bestValid < 0 {
			if bestInvalid < 0 {
				return -1, pgerr.Newf(pgerr.InternalError, "no free %s buffer", s.name)
			}
			s.waitIO(o, bestInvalid)
			continue
		}
		if s.slots[bestValid].dirty == 0 {
			return bestValid, nil
		}
		if err := s.writePage(o, bestValid, InvalidTransactionId); err != nil {
			return -1, err
		}
	}
}

// zeroPage puts an all-zero page pageno in a buffer, marks it dirty and
// makes it the latest page. Called with ctl held exclusive.
func (s *slru) zeroPage(o *shmem.Owner, pageno int32) (int, error) {
	for {
		slot, err := s.selectLRUPage(o, pageno)
		if err != nil {
			return -1, err
		}
		sl := &s.slots[slot]
		if sl.pageno == pageno && (sl.status == pageReadInProgress || sl.status == pageWriteInProgress) {
			s.waitIO(o, slot)
			continue
		}
		sl.pageno = pageno
		sl.status = pageValid
		sl.dirty = 1
		s.recentlyUsed(slot)
		clear(s.page(slot))
		if s.lsns != nil {
			for i := range s.groupLSNs(slot) {
				atomic.StoreUint64(&s.groupLSNs(slot)[i], 0)
			}
		}
		s.hdr.latestPage = pageno
		s.count(SlruBlksZeroed)
		return slot, nil
	}
}

// readPage returns the slot holding pageno, reading it from its segment
// file if necessary. With writeOK a page being written out is returned
// too (its contents may be changed meanwhile: the change redirties it).
// xid only names the transaction in error messages. Called and returns
// with ctl held exclusive.
func (s *slru) readPage(o *shmem.Owner, pageno int32, writeOK bool, xid TransactionId) (int, error) {
	for {
		slot, err := s.selectLRUPage(o, pageno)
		if err != nil {
			return -1, err
		}
		sl := &s.slots[slot]
		if sl.pageno == pageno && sl.status != pageEmpty {
			if sl.status == pageReadInProgress || (sl.status == pageWriteInProgress && !writeOK) {
				s.waitIO(o, slot)
				continue
			}
			s.recentlyUsed(slot)
			s.count(SlruBlksHit)
			return slot, nil
		}
		s.count(SlruBlksRead)
		sl.pageno = pageno
		sl.status = pageReadInProgress
		sl.dirty = 0
		sl.io.Lock(o)
		s.hdr.ctl.Unlock(o)

		ioerr := s.physicalRead(pageno, s.page(slot))
		if s.lsns != nil {
			for i := range s.groupLSNs(slot) {
				atomic.StoreUint64(&s.groupLSNs(slot)[i], 0)
			}
		}

		s.hdr.ctl.Lock(o)
		if ioerr == nil {
			sl.status = pageValid
		} else {
			sl.status = pageEmpty
		}
		sl.io.Unlock(o)
		if ioerr != nil {
			return -1, ioerr.report(xid)
		}
		s.recentlyUsed(slot)
		return slot, nil
	}
}

// findValid looks for pageno among the buffers for a reader holding ctl
// in either mode: a valid page, or one being written (its contents are
// current).
func (s *slru) findValid(pageno int32) int {
	for i := range s.slots {
		sl := &s.slots[i]
		if sl.pageno == pageno && (sl.status == pageValid || sl.status == pageWriteInProgress) {
			return i
		}
	}
	return -1
}

// writePage writes slot out if it is dirty. Called and returns with ctl
// held exclusive (released during the write).
func (s *slru) writePage(o *shmem.Owner, slot int, xid TransactionId) error {
	sl := &s.slots[slot]
	pageno := sl.pageno
	for sl.status == pageWriteInProgress && sl.pageno == pageno {
		s.waitIO(o, slot)
	}
	if sl.dirty == 0 || sl.status != pageValid || sl.pageno != pageno {
		return nil
	}
	sl.status = pageWriteInProgress
	sl.dirty = 0
	sl.io.Lock(o)
	s.hdr.ctl.Unlock(o)

	err := s.physicalWrite(o, pageno, slot)

	s.hdr.ctl.Lock(o)
	if err != nil {
		sl.dirty = 1
	}
	sl.status = pageValid
	sl.io.Unlock(o)
	if err != nil {
		return err.report(xid)
	}
	return nil
}

// writeAll writes every dirty page (SimpleLruWriteAll), then fsyncs every
// segment file written since the last call and the directory.
func (s *slru) writeAll(o *shmem.Owner) error {
	s.count(SlruFlushes)
	s.hdr.ctl.Lock(o)
	for i := range s.slots {
		if err := s.writePage(o, i, InvalidTransactionId); err != nil {
			s.hdr.ctl.Unlock(o)
			return err
		}
	}
	s.hdr.ctl.Unlock(o)
	if s.noSync {
		return nil
	}
	return s.syncPending(o)
}

func (s *slru) syncPending(o *shmem.Owner) error {
	s.hdr.syncLock.Lock(o)
	segs := append([]int32(nil), s.hdr.syncSegs[:s.hdr.nSync]...)
	s.hdr.nSync = 0
	s.hdr.syncLock.Unlock(o)
	for i, seg := range segs {
		path := s.segPath(seg)
		if err := fsyncFile(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed by truncation since
			}
			for _, rest := range segs[i:] {
				s.registerSync(o, rest, nil)
			}
			return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not fsync file \"%s\": %s", path, datadir.Strerror(err)).
				WithSeverity(pgerr.SeverityPanic)
		}
	}
	if err := fsyncFile(s.dir); err != nil {
		return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not fsync file \"%s\": %s", s.dir, datadir.Strerror(err)).
			WithSeverity(pgerr.SeverityPanic)
	}
	return nil
}

func fsyncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// registerSync remembers that segment seg must be fsynced at the next
// checkpoint. When the list is full the caller fsyncs f itself.
func (s *slru) registerSync(o *shmem.Owner, seg int32, f *os.File) error {
	if s.noSync {
		return nil
	}
	h := s.hdr
	h.syncLock.Lock(o)
	for _, x := range h.syncSegs[:h.nSync] {
		if x == seg {
			h.syncLock.Unlock(o)
			return nil
		}
	}
	if h.nSync < maxSyncPending {
		h.syncSegs[h.nSync] = seg
		h.nSync++
		h.syncLock.Unlock(o)
		return nil
	}
	h.syncLock.Unlock(o)
	if f == nil {
		return nil
	}
	return f.Sync()
}

// I/O failure causes (SlruErrorCause).
const (
	errOpen = iota
	errRead
	errWrite
	errFsync
	errClose
	errFlush
)

type slruIOError struct {
	cause  int
	path   string
	offset int64
	err    error
}

func (e *slruIOError) report(xid TransactionId) *pgerr.Error {
	if e.cause == errFlush {
		if pe, ok := e.err.(*pgerr.Error); ok {
			return pe
		}
		return pgerr.Wrap(e.err, pgerr.InternalError, "could not flush WAL before writing \"%s\"", e.path)
	}
	var errno syscall.Errno
	hasErrno := errors.As(e.err, &errno)
	code := pgerr.InternalError
	if hasErrno {
		code = pgerr.CodeForFileAccess(e.err)
	}
	pe := pgerr.Wrap(nil, code, "could not access status of transaction %d", uint32(xid))
	m := datadir.Strerror(e.err)
	switch e.cause {
	case errOpen:
		pe.WithDetail("Could not open file \"%s\": %s.", e.path, m)
	case errRead:
		if hasErrno {
			pe.WithDetail("Could not read from file \"%s\" at offset %d: %s.", e.path, e.offset, m)
		} else {
			pe.WithDetail("Could not read from file \"%s\" at offset %d: read too few bytes.", e.path, e.offset)
		}
	case errWrite:
		if hasErrno {
			pe.WithDetail("Could not write to file \"%s\" at offset %d: %s.", e.path, e.offset, m)
		} else {
			pe.WithDetail("Could not write to file \"%s\" at offset %d: wrote too few bytes.", e.path, e.offset)
		}
	case errFsync:
		pe.WithDetail("Could not fsync file \"%s\": %s.", e.path, m).WithSeverity(pgerr.SeverityPanic)
	case errClose:
		pe.WithDetail("Could not close file \"%s\": %s.", e.path, m)
	}
	return pe
}

func (s *slru) physicalRead(pageno int32, buf []byte) *slruIOError {
	seg := pageno / slruPagesPerSegment
	offset := int64(pageno%slruPagesPerSegment) * slruPageSize
	path := s.segPath(seg)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && s.inRecovery() {
			// PostgreSQL logs "file ... doesn't exist, reading as zeroes".
			clear(buf)
			return nil
		}
		return &slruIOError{cause: errOpen, path: path, offset: offset, err: err}
	}
	defer f.Close()
	n, err := f.ReadAt(buf, offset)
	if n != len(buf) {
		if err == io.EOF {
			err = errors.New("short read")
		}
		return &slruIOError{cause: errRead, path: path, offset: offset, err: err}
	}
	return nil
}

func (s *slru) physicalWrite(o *shmem.Owner, pageno int32, slot int) *slruIOError {
	seg := pageno / slruPagesPerSegment
	offset := int64(pageno%slruPagesPerSegment) * slruPageSize
	path := s.segPath(seg)
	s.count(SlruBlksWritten)
	if s.lsns != nil && s.flush != nil {
		var maxLSN uint64
		for i := range s.groupLSNs(slot) {
			maxLSN = max(maxLSN, atomic.LoadUint64(&s.groupLSNs(slot)[i]))
		}
		if maxLSN != 0 {
			if err := s.flush(storage.LSN(maxLSN)); err != nil {
				return &slruIOError{cause: errFlush, path: path, err: err}
			}
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return &slruIOError{cause: errOpen, path: path, offset: offset, err: err}
	}
	n, err := f.WriteAt(s.page(slot), offset)
	if n != slruPageSize {
		f.Close()
		if err == nil {
			err = errors.New("short write")
		}
		return &slruIOError{cause: errWrite, path: path, offset: offset, err: err}
	}
	if err := s.registerSync(o, seg, f); err != nil {
		f.Close()
		return &slruIOError{cause: errFsync, path: path, offset: offset, err: err}
	}
	if err := f.Close(); err != nil {
		return &slruIOError{cause: errClose, path: path, offset: offset, err: err}
	}
	return nil
}

// deleteSegmentRange removes segments start, start+1, ... up to but not
// including end, wrapping after lastSeg (PerformMembersTruncation's loop
// of SlruDeleteSegment). Unlike truncate it never compares page numbers
// modulo the wrap, which goes wrong once more than half the space is in
// use, as multixact member space may be. Buffered pages of those
// segments are dropped; their contents die with the files.
func (s *slru) deleteSegmentRange(o *shmem.Owner, start, end, lastSeg int32) error {
	if start == end {
		return nil
	}
	inRange := func(seg int32) bool {
		if start < end {
			return seg >= start && seg < end
		}
		return seg >= start || seg < end
	}
	s.hdr.ctl.Lock(o)
restart:
	for i := range s.slots {
		sl := &s.slots[i]
		if sl.status == pageEmpty || !inRange(sl.pageno/slruPagesPerSegment) {
			continue
		}
		if sl.status == pageValid {
			sl.status, sl.dirty = pageEmpty, 0
			continue
		}
		s.waitIO(o, i)
		goto restart
	}
	s.hdr.ctl.Unlock(o)
	for seg := start; seg != end; {
		path := s.segPath(seg)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not remove file \"%s\": %s", path, datadir.Strerror(err))
		}
		if seg == lastSeg {
			seg = 0
		} else {
			seg++
		}
	}
	return nil
}

// truncate drops every buffered page before cutoff and removes the
// segment files that hold only such pages (SimpleLruTruncate). A dirty
// page about to be dropped is written first, as slru.c does, so that no
// write in progress races with the removal of its file. Nothing is done
// when the latest page itself precedes cutoff (an apparent wraparound).
func (s *slru) truncate(o *shmem.Owner, cutoff int32) error {
	s.count(SlruTruncates)
	s.hdr.ctl.Lock(o)
	if s.pagePrecedes(s.hdr.latestPage, cutoff) {
		s.hdr.ctl.Unlock(o)
		return nil
	}
restart:
	for i := range s.slots {
		sl := &s.slots[i]
		if sl.status == pageEmpty || !s.pagePrecedes(sl.pageno, cutoff) {
			continue
		}
		if sl.status == pageValid && sl.dirty == 0 {
			sl.status = pageEmpty
			continue
		}
		if sl.status == pageValid {
			if err := s.writePage(o, i, InvalidTransactionId); err != nil {
				s.hdr.ctl.Unlock(o)
				return err
			}
		} else {
			s.waitIO(o, i)
		}
		goto restart
	}
	s.hdr.ctl.Unlock(o)

	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not open directory \"%s\": %s", s.dir, datadir.Strerror(err))
	}
	for _, ent := range entries {
		seg, ok := parseSegmentName(ent.Name())
		if !ok {
			continue
		}
		if s.mayDeleteSegment(seg, cutoff) {
			path := s.segPath(seg)
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not remove file \"%s\": %s", path, datadir.Strerror(err))
			}
		}
	}
	return nil
}

// mayDeleteSegment is SlruMayDeleteSegment: do all of segment seg's
// pages precede cutoff? Its first and last page are compared, so that a
// segment straddling the cutoff (or seeming to, across wraparound)
// stays.
func (s *slru) mayDeleteSegment(seg, cutoff int32) bool {
	first := seg * slruPagesPerSegment
	return s.pagePrecedes(first, cutoff) && s.pagePrecedes(first+slruPagesPerSegment-1, cutoff)
}

// hasSegmentBefore reports whether truncating at cutoff would remove a
// segment file (SlruScanDirCbReportPresence), so that a truncation with
// nothing to do logs nothing.
func (s *slru) hasSegmentBefore(cutoff int32) (bool, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return false, pgerr.Wrap(nil, pgerr.CodeForFileAccess(err), "could not open directory \"%s\": %s", s.dir, datadir.Strerror(err))
	}
	for _, ent := range entries {
		if seg, ok := parseSegmentName(ent.Name()); ok && s.mayDeleteSegment(seg, cutoff) {
			return true, nil
		}
	}
	return false, nil
}

// parseSegmentName accepts the upper-case hex digit names segment files
// have: four digits, more for the segments of pg_serial's high xids
// (SlruScanDirectory accepts four to six).
func parseSegmentName(name string) (int32, bool) {
	if len(name) < 4 || len(name) > 6 {
		return 0, false
	}
	var v int32
	for _, c := range []byte(name) {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int32(c-'0')
		case c >= 'A' && c <= 'F':
			v = v<<4 | int32(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
