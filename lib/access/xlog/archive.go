// WAL archiving's status files and shared state (xlogarchive.c's
// XLogArchiveNotify, XLogArchiveCheckDone, XLogArchiveCleanup, the
// archiver's ready-file scan and the pg_stat_archiver counters).
//
// When archiving is active (archive_mode on or always, wal_level not
// minimal), every segment the writer finishes gets an empty file
// pg_wal/archive_status/NAME.ready and the archiver is woken (SIGUSR1 to
// the pid it publishes here). The archiver runs archive_command for the
// oldest .ready file and renames it to NAME.done on success. A checkpoint
// removes or recycles a segment only once its .done exists; a segment with
// neither file gets its .ready then (the notification may have been lost
// in a crash, or the segment predates archive_mode = on), so nothing
// leaves pg_wal unarchived. The status files are never trusted to say more
// than that: a .ready whose segment is gone is an orphan the archiver
// deletes.

package xlog

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"golang.org/x/sys/unix"
)

// ArchiveStatusDir is where the .ready and .done files live, relative to
// the data directory.
var ArchiveStatusDir = filepath.Join(datadir.WALDir, "archive_status")

// archiverStats are pg_stat_archiver's counters, written by the archiver
// under archStatLock; names are NUL-padded.
type archiverStats struct {
	archivedCount    uint64
	failedCount      uint64
	lastArchivedTime int64 // unix microseconds, 0 = never
	lastFailedTime   int64
	statsReset       int64
	lastArchivedWal  [64]byte
	lastFailedWal    [64]byte
}

// ArchivingActive reports whether completed segments must be archived
// before they may be removed (XLogArchivingActive). It is fixed when the
// postmaster creates shared memory: archive_mode and wal_level need a
// restart.
func (s *Shared) ArchivingActive() bool { return atomic.LoadUint32(&s.h.archiving) != 0 }

// SetArchiverPID publishes the archiver's pid so that writers finishing a
// segment can wake it; 0 when it exits.
func (s *Shared) SetArchiverPID(pid int) { atomic.StoreInt32(&s.h.archiverPID, int32(pid)) }

// ClearArchiverPID forgets pid as the archiver's (the postmaster calls it
// when the archiver died without doing so itself), so that no writer
// signals a process that later reuses the pid.
func (s *Shared) ClearArchiverPID(pid int) {
	atomic.CompareAndSwapInt32(&s.h.archiverPID, int32(pid), 0)
}

// statusPath is the path of segment name's status file with suffix
// (".ready" or ".done").
func (w *WAL) statusPath(name, suffix string) string {
	return filepath.Join(w.dir, ArchiveStatusDir, name+suffix)
}

// segmentFinished is called by the writer (under writeLock) once segment
// segno is completely written: it records the time for archive_timeout
// and, when archiving, marks the segment ready (XLogWrite's end-of-segment
// actions).
func (w *WAL) segmentFinished(segno uint64) {
	h := w.h
	atomic.StoreInt64(&h.lastSegSwitchTime, time.Now().UnixNano())
	atomic.StoreUint64(&h.lastSegSwitchLSN, uint64(SegmentStart(segno+1)))
	if w.ArchivingActive() {
		w.archiveNotify(FileName(w.Timeline(), segno))
	}
}

// LastSegmentSwitch is when a segment was last finished and where the next
// one starts (GetLastSegSwitchData); the zero time before the first.
func (w *WAL) LastSegmentSwitch() (time.Time, LSN) {
	h := w.h
	ns := atomic.LoadInt64(&h.lastSegSwitchTime)
	lsn := LSN(atomic.LoadUint64(&h.lastSegSwitchLSN))
	if ns == 0 {
		return time.Time{}, lsn
	}
	return time.Unix(0, ns), lsn
}

// archiveNotify creates name's .ready file and wakes the archiver
// (XLogArchiveNotify). A failure is only logged: the checkpoint that
// wants to remove the segment creates the file again.
func (w *WAL) archiveNotify(name string) {
	path := w.statusPath(name, ".ready")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|syscall.O_CLOEXEC, datadir.DirPerms(w.dir).File)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		w.logf(logLevel, "could not create archive status file \"%s\": %s",
			filepath.Join(ArchiveStatusDir, name+".ready"), datadir.Strerror(err))
		return
	}
	if pid := atomic.LoadInt32(&w.h.archiverPID); pid != 0 {
		unix.Kill(int(pid), syscall.SIGUSR1)
	}
}

// archiveCheckDone reports whether segment name may be removed as far as
// archiving is concerned (XLogArchiveCheckDone): always when archiving is
// off; otherwise only once its .done exists. A segment with neither a
// .done nor a .ready gets its .ready now.
func (w *WAL) archiveCheckDone(name string) bool {
	if !w.ArchivingActive() {
		return true
	}
	exists := func(suffix string) bool {
		_, err := os.Stat(w.statusPath(name, suffix))
		return err == nil
	}
	if exists(".done") {
		return true
	}
	if exists(".ready") {
		return false
	}
	// The archiver may have renamed .ready to .done between the checks.
	if exists(".done") {
		return true
	}
	w.archiveNotify(name)
	return false
}

// archiveCleanup removes name's status files once the segment is gone
// (XLogArchiveCleanup).
func (w *WAL) archiveCleanup(name string) {
	os.Remove(w.statusPath(name, ".done"))
	os.Remove(w.statusPath(name, ".ready"))
}

// ensureArchiveStatusDir creates pg_wal/archive_status if it is missing,
// as ValidateXLOGDirectoryStructure does at startup.
func (w *WAL) ensureArchiveStatusDir() error {
	dir := filepath.Join(w.dir, ArchiveStatusDir)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return nil
	}
	w.logf(logLevel, "creating missing WAL directory \"%s\"", ArchiveStatusDir)
	if err := os.Mkdir(dir, datadir.DirPerms(w.dir).Dir); err != nil && !errors.Is(err, os.ErrExist) {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not create missing directory \"%s\": %s", ArchiveStatusDir, datadir.Strerror(err)).
			WithSeverity(pgerr.SeverityFatal)
	}
	return nil
}

// ReadyFiles lists the files waiting to be archived, oldest first
// (pgarch_readyXlog): timeline history files before everything else,
// then by name, which orders segments by timeline and position.
func ReadyFiles(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, ArchiveStatusDir))
	if err != nil {
		return nil, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open archive status directory \"%s\": %s", ArchiveStatusDir, datadir.Strerror(err))
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".ready"); ok && n != "" {
			names = append(names, n)
		}
	}
	history := func(n string) bool { return strings.HasSuffix(n, ".history") }
	sort.Slice(names, func(i, j int) bool {
		if hi, hj := history(names[i]), history(names[j]); hi != hj {
			return hi
		}
		return names[i] < names[j]
	})
	return names, nil
}

// ArchiveDone marks name archived: its .ready becomes .done, durably
// (pgarch_archiveDone), so that a crash cannot make it be archived twice
// without need — archiving it twice is harmless, losing the .done is not
// worse than that.
func ArchiveDone(dataDir, name string) error {
	dir := filepath.Join(dataDir, ArchiveStatusDir)
	from, to := filepath.Join(dir, name+".ready"), filepath.Join(dir, name+".done")
	if err := os.Rename(from, to); err != nil {
		return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not rename file \"%s\" to \"%s\": %s",
			filepath.Join(ArchiveStatusDir, name+".ready"), filepath.Join(ArchiveStatusDir, name+".done"), datadir.Strerror(err))
	}
	if err := datadir.SyncDir(dir); err != nil {
		return pgerr.Newf(pgerr.IoError, "%s", err.Error())
	}
	return nil
}

// ArchiverStats are pg_stat_archiver's columns.
type ArchiverStats struct {
	ArchivedCount    uint64
	LastArchivedWal  string
	LastArchivedTime time.Time // zero when never
	FailedCount      uint64
	LastFailedWal    string
	LastFailedTime   time.Time
	StatsReset       time.Time
}

// ReportArchived counts one archive_command run for name
// (pgstat_report_archiver).
func (w *WAL) ReportArchived(name string, failed bool) {
	h := w.h
	now := time.Now().UnixMicro()
	h.archStatLock.Lock(w.owner)
	st := &h.archStats
	if failed {
		st.failedCount++
		st.lastFailedTime = now
		clear(st.lastFailedWal[:])
		copy(st.lastFailedWal[:len(st.lastFailedWal)-1], name)
	} else {
		st.archivedCount++
		st.lastArchivedTime = now
		clear(st.lastArchivedWal[:])
		copy(st.lastArchivedWal[:len(st.lastArchivedWal)-1], name)
	}
	h.archStatLock.Unlock(w.owner)
}

// ArchiverStats returns a consistent copy of the archiver's counters.
func (w *WAL) ArchiverStats() ArchiverStats {
	h := w.h
	h.archStatLock.Lock(w.owner)
	st := h.archStats
	h.archStatLock.Unlock(w.owner)
	micro := func(v int64) time.Time {
		if v == 0 {
			return time.Time{}
		}
		return time.UnixMicro(v)
	}
	str := func(b []byte) string {
		if i := strings.IndexByte(string(b), 0); i >= 0 {
			return string(b[:i])
		}
		return string(b)
	}
	return ArchiverStats{
		ArchivedCount: st.archivedCount, LastArchivedWal: str(st.lastArchivedWal[:]), LastArchivedTime: micro(st.lastArchivedTime),
		FailedCount: st.failedCount, LastFailedWal: str(st.lastFailedWal[:]), LastFailedTime: micro(st.lastFailedTime),
		StatsReset: micro(st.statsReset),
	}
}

// ResetArchiverStats zeroes the counters (pg_stat_reset_shared('archiver')).
func (w *WAL) ResetArchiverStats() {
	h := w.h
	h.archStatLock.Lock(w.owner)
	h.archStats = archiverStats{statsReset: time.Now().UnixMicro()}
	h.archStatLock.Unlock(w.owner)
}

// SwitchSegment writes an XLOG_SWITCH record, which ends the current
// segment, and flushes it with its padding so that the segment is
// complete and, with archiving, ready (RequestXLogSwitch). Like
// PostgreSQL it returns the end of the switch record itself, not of the
// padding; when the insert position is already at a segment boundary no
// record is written and that boundary is returned.
func (w *WAL) SwitchSegment() (LSN, error) {
	prev := w.lastRecPtr
	w.lastRecPtr = 0
	end, err := w.Insert(NewRecord(RmgrXLOG, InfoSwitch))
	if err != nil {
		w.lastRecPtr = prev
		return 0, err
	}
	start := w.lastRecPtr
	if start == 0 {
		w.lastRecPtr = prev
		return end, nil
	}
	if err := w.Flush(end); err != nil {
		return 0, err
	}
	recEnd := start + RecordHeaderSize
	if pageStart(start) != pageStart(recEnd) {
		// The record header was split: count the next page's header.
		recEnd += LSN(pageHeaderSizeAt(pageStart(recEnd)))
	}
	return recEnd, nil
}
