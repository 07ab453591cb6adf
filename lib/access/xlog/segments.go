// Removing, recycling and preallocating segment files
// (RemoveOldXlogFiles, RemoveXlogFile, XLOGfileslop, KeepLogSeg,
// PreallocXlogFiles, RemoveTempXlogFiles of xlog.c).
//
// After a checkpoint, segments wholly before the redo point are no longer
// needed for crash recovery. As many as the recent checkpoint distance
// suggests (bounded by min_wal_size and max_wal_size) are renamed to
// future segment names, so that the WAL writer finds them already
// allocated; the rest are deleted. With archiving active, a segment not
// yet archived (no .done status file) is skipped, whatever its age
// (archive.go). Renames never replace an existing file,
// so this needs no lock against writers creating segments.

package xlog

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// RemoveOldSegments removes or recycles every segment before the one
// holding redo (the new checkpoint's redo point), keeping in addition
// wal_keep_size worth of segments behind the insert position and every
// segment from keep on, when keep is not 0 (the oldest LSN a replication
// slot or backup still needs). It returns how many files it deleted and
// how many it renamed for reuse.
func (w *WAL) RemoveOldSegments(redo, keep LSN) (removed, recycled int, err error) {
	cutoff := SegNo(redo)
	if keep != 0 && SegNo(keep) < cutoff {
		cutoff = SegNo(keep)
	}
	insert := w.CurrentInsertLSN()
	cur := SegNo(insert)
	if w.walKeepSize > 0 {
		keepSegs := uint64(w.walKeepSize / SegmentSize)
		lim := uint64(1)
		if cur > keepSegs {
			lim = cur - keepSegs
		}
		if lim < cutoff {
			cutoff = lim
		}
	}
	if cutoff > cur {
		cutoff = cur
	}
	recycleLimit := w.recycleSegNo(redo)
	next := cur // names to recycle into start at the current segment
	entries, err := os.ReadDir(w.walDir)
	if err != nil {
		return 0, 0, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open directory \"%s\": %s", datadir.WALDir, datadir.Strerror(err))
	}
	for _, e := range entries {
		_, segno, ok := ParseFileName(e.Name())
		if !ok || segno >= cutoff || !e.Type().IsRegular() {
			continue
		}
		if !w.archiveCheckDone(e.Name()) {
			// Not archived yet: it stays, however much pg_wal grows.
			continue
		}
		path := filepath.Join(w.walDir, e.Name())
		done := false
		for w.recycle && next <= recycleLimit && !done {
			target := filepath.Join(w.walDir, FileName(w.Timeline(), next))
			err := renameNoReplace(path, target)
			switch {
			case err == nil:
				recycled++
				done = true
				w.archiveCleanup(e.Name())
				w.logf(debugLevel, "recycled write-ahead log file \"%s\"", e.Name())
			case errors.Is(err, os.ErrExist):
			default:
				return removed, recycled, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not rename file \"%s\": %s",
					filepath.Join(datadir.WALDir, e.Name()), datadir.Strerror(err))
			}
			next++
		}
		if done {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, recycled, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not remove file \"%s\": %s",
				filepath.Join(datadir.WALDir, e.Name()), datadir.Strerror(err))
		}
		removed++
		w.archiveCleanup(e.Name())
		w.logf(debugLevel, "removing write-ahead log file \"%s\"", e.Name())
	}
	if removed+recycled > 0 {
		if err := w.syncWALDir(); err != nil {
			return removed, recycled, err
		}
	}
	return removed, recycled, nil
}

// recycleSegNo is XLOGfileslop: the highest segment number worth
// preallocating by recycling, given the checkpoint distance estimate,
// between min_wal_size and max_wal_size past the redo point.
func (w *WAL) recycleSegNo(redo LSN) uint64 {
	h := w.h
	h.controlLock.Lock(w.owner)
	estimate := h.ckptDistEstimate
	h.controlLock.Unlock(w.owner)
	base := SegNo(redo)
	minSeg := base + uint64(w.minWalSize/SegmentSize) - 1
	maxSeg := base + uint64(w.maxWalSize/SegmentSize) - 1
	distance := (1.0 + w.ckptTarget) * estimate * 1.10
	seg := uint64(math.Ceil((float64(redo) + distance) / SegmentSize))
	if seg < minSeg {
		seg = minSeg
	}
	if seg > maxSeg {
		seg = maxSeg
	}
	return seg
}

// PreallocateSegments creates the next segment ahead of need when the
// insert position is past three quarters of the current one
// (PreallocXlogFiles), so that a backend rarely pays for creating one.
// It reports whether it created a file.
func (w *WAL) PreallocateSegments() (bool, error) {
	end := w.InsertEndLSN()
	if end == 0 {
		return false, nil
	}
	seg := prevSegNo(end)
	if segOffset(end-1) < SegmentSize/4*3 {
		return false, nil
	}
	name := FileName(w.Timeline(), seg+1)
	if _, err := os.Stat(filepath.Join(w.walDir, name)); err == nil {
		return false, nil
	}
	if err := createSegmentFile(w.dir, name, w.initZero, w.enableFsync, nil); err != nil {
		return false, err
	}
	return true, nil
}

// removeTempFiles deletes temporary files a crashed process left in pg_wal
// (RemoveTempXlogFiles).
func (w *WAL) removeTempFiles() {
	entries, err := os.ReadDir(w.walDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "xlogtemp.") {
			os.Remove(filepath.Join(w.walDir, e.Name()))
		}
	}
}
