// Checkpoint records and pg_control (the WAL side of CreateCheckPoint in
// xlog.c): the CheckPoint struct's on-disk form, writing a checkpoint
// record, and the shared copy of the control file that the startup
// process and the checkpointer update.
//
// The checkpointer's sequence (docs/storage.md, rule 5) is:
//
//	redo := w.BeginCheckpoint()          // new records now take full-page images
//	... write every dirty buffer, sync every registered segment ...
//	lsn, err := w.LogCheckpoint(xlog.CheckpointOnline, cp) // cp.Redo = redo
//	w.RemoveOldSegments(redo, 0)

package xlog

import (
	"encoding/binary"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// CheckPointSize is sizeof(CheckPoint): the main data of a checkpoint
// record.
const CheckPointSize = 88

// checkpointRecordSize is the xl_tot_len every checkpoint record has.
const checkpointRecordSize = RecordHeaderSize + mainDataShortHdrSize + CheckPointSize

// MarshalCheckPoint encodes cp as PostgreSQL's struct CheckPoint is laid
// out on x86-64 (the same layout pg_control embeds at offset 40).
func MarshalCheckPoint(cp *datadir.CheckPoint) []byte {
	b := make([]byte, CheckPointSize)
	le := binary.LittleEndian
	le.PutUint64(b[0:], uint64(cp.Redo))
	le.PutUint32(b[8:], cp.ThisTimeLineID)
	le.PutUint32(b[12:], cp.PrevTimeLineID)
	if cp.FullPageWrites {
		b[16] = 1
	}
	le.PutUint64(b[24:], cp.NextXID)
	le.PutUint32(b[32:], cp.NextOID)
	le.PutUint32(b[36:], cp.NextMulti)
	le.PutUint32(b[40:], cp.NextMultiOffset)
	le.PutUint32(b[44:], cp.OldestXID)
	le.PutUint32(b[48:], cp.OldestXIDDB)
	le.PutUint32(b[52:], cp.OldestMulti)
	le.PutUint32(b[56:], cp.OldestMultiDB)
	le.PutUint64(b[64:], uint64(cp.Time))
	le.PutUint32(b[72:], cp.OldestCommitTsXID)
	le.PutUint32(b[76:], cp.NewestCommitTsXID)
	le.PutUint32(b[80:], cp.OldestActiveXID)
	return b
}

// UnmarshalCheckPoint decodes a checkpoint record's main data.
func UnmarshalCheckPoint(b []byte) (datadir.CheckPoint, bool) {
	if len(b) != CheckPointSize {
		return datadir.CheckPoint{}, false
	}
	le := binary.LittleEndian
	return datadir.CheckPoint{
		Redo:              datadir.LSN(le.Uint64(b[0:])),
		ThisTimeLineID:    le.Uint32(b[8:]),
		PrevTimeLineID:    le.Uint32(b[12:]),
		FullPageWrites:    b[16] != 0,
		NextXID:           le.Uint64(b[24:]),
		NextOID:           le.Uint32(b[32:]),
		NextMulti:         le.Uint32(b[36:]),
		NextMultiOffset:   le.Uint32(b[40:]),
		OldestXID:         le.Uint32(b[44:]),
		OldestXIDDB:       le.Uint32(b[48:]),
		OldestMulti:       le.Uint32(b[52:]),
		OldestMultiDB:     le.Uint32(b[56:]),
		Time:              int64(le.Uint64(b[64:])),
		OldestCommitTsXID: le.Uint32(b[72:]),
		NewestCommitTsXID: le.Uint32(b[76:]),
		OldestActiveXID:   le.Uint32(b[80:]),
	}, true
}

// CheckpointKind selects the checkpoint record written.
type CheckpointKind int

const (
	// CheckpointOnline is a checkpoint taken while the system runs
	// (XLOG_CHECKPOINT_ONLINE); its redo point comes from BeginCheckpoint.
	CheckpointOnline CheckpointKind = iota
	// CheckpointShutdown is the last record before a clean shutdown
	// (XLOG_CHECKPOINT_SHUTDOWN, redo = the record itself); pg_control's
	// state becomes "shut down".
	CheckpointShutdown
	// CheckpointEndOfRecovery ends crash recovery: a shutdown-type record
	// after which pg_control's state becomes "in production".
	CheckpointEndOfRecovery
)

// LogCheckpoint writes a checkpoint record with cp as its content, flushes
// it, and records it in pg_control (checkPoint, checkPointCopy, state),
// which is written to disk. The timeline and full_page_writes fields are
// filled in here, and Time when zero. For an online checkpoint cp.Redo
// must be what BeginCheckpoint returned; for the shutdown kinds no other
// process may be inserting and the redo point is the record itself.
// It returns the record's LSN.
func (w *WAL) LogCheckpoint(kind CheckpointKind, cp datadir.CheckPoint) (LSN, error) {
	tli := w.Timeline()
	cp.ThisTimeLineID, cp.PrevTimeLineID = tli, tli
	cp.FullPageWrites = w.FullPageWrites()
	if cp.Time == 0 {
		cp.Time = time.Now().Unix()
	}
	shutdown := kind != CheckpointOnline
	info := uint8(InfoCheckpointOnline)
	if shutdown {
		info = InfoCheckpointShutdown
		cp.Redo = datadir.LSN(w.CurrentInsertLSN())
		w.SetRedoPoint(LSN(cp.Redo))
	} else if cp.Redo == 0 {
		return 0, pgerr.New(pgerr.InternalError, "online checkpoint without a redo point")
	}
	b := NewRecord(RmgrXLOG, info)
	b.SetMainData(MarshalCheckPoint(&cp))
	end, err := w.Insert(b)
	if err != nil {
		return 0, err
	}
	lsn := w.LastRecPtr()
	if shutdown && lsn != LSN(cp.Redo) {
		return 0, pgerr.New(pgerr.InternalError, "concurrent write-ahead log activity while database system is shutting down").
			WithSeverity(pgerr.SeverityPanic)
	}
	if err := w.Flush(end); err != nil {
		return 0, err
	}
	err = w.UpdateControlFile(func(c *datadir.ControlFile) {
		if prior := LSN(c.CheckPointCopy.Redo); prior != 0 && LSN(cp.Redo) > prior {
			w.updateDistanceEstimate(float64(LSN(cp.Redo) - prior))
		}
		switch kind {
		case CheckpointShutdown:
			c.State = datadir.DBShutdowned
		case CheckpointEndOfRecovery:
			c.State = datadir.DBInProduction
		}
		c.CheckPoint = datadir.LSN(lsn)
		c.CheckPointCopy = cp
		c.MinRecoveryPoint = 0
		c.MinRecoveryPointTLI = 0
	})
	return lsn, err
}

// updateDistanceEstimate is UpdateCheckPointDistanceEstimate: a moving
// average of the WAL written between checkpoints, which decides how many
// old segments are worth recycling. Called with controlLock held.
func (w *WAL) updateDistanceEstimate(nbytes float64) {
	h := w.h
	h.prevCkptDistance = nbytes
	if h.ckptDistEstimate < nbytes {
		h.ckptDistEstimate = nbytes
	} else {
		h.ckptDistEstimate = 0.90*h.ckptDistEstimate + 0.10*nbytes
	}
}

// loadControl installs cf as the shared copy of pg_control.
func (w *WAL) loadControl(cf *datadir.ControlFile) {
	h := w.h
	h.controlLock.Lock(w.owner)
	h.control = *cf
	h.controlValid = 1
	h.controlLock.Unlock(w.owner)
	atomic.StoreUint64(&h.sysid, cf.SystemIdentifier)
	tli := cf.CheckPointCopy.ThisTimeLineID
	if tli == 0 {
		tli = 1
	}
	atomic.StoreUint32(&h.timeline, tli)
}

// LoadControlFile reads dir/global/pg_control into the shared copy, as
// PostgreSQL's postmaster does (LocalProcessControlFile) before any child
// starts, so that every process, the startup process included, sees the
// cluster's fixed properties (data checksums above all) from its first
// page read on. Only the creator of the shared memory calls it, before
// any other process is attached: it takes no lock.
func (s *Shared) LoadControlFile(dir string) error {
	cf, err := datadir.ReadControlFile(dir)
	if err != nil {
		return err
	}
	s.h.control = *cf
	s.h.controlValid = 1
	return nil
}

// ControlFile returns a copy of the shared pg_control. It is loaded when
// the shared memory is created (LoadControlFile) and refreshed by Recover.
func (w *WAL) ControlFile() datadir.ControlFile {
	h := w.h
	h.controlLock.Lock(w.owner)
	c := h.control
	h.controlLock.Unlock(w.owner)
	return c
}

// UpdateControlFile applies fn to the shared copy of pg_control, stamps
// the time, and writes the file (UpdateControlFile). Writers are
// serialized; readers of the copy wait only for fn.
func (w *WAL) UpdateControlFile(fn func(*datadir.ControlFile)) error {
	h := w.h
	h.controlWriteLock.Lock(w.owner)
	defer h.controlWriteLock.Unlock(w.owner)
	h.controlLock.Lock(w.owner)
	if h.controlValid == 0 {
		h.controlLock.Unlock(w.owner)
		return pgerr.New(pgerr.InternalError, "control file not loaded")
	}
	fn(&h.control)
	h.control.Time = time.Now().Unix()
	c := h.control
	h.controlLock.Unlock(w.owner)
	return datadir.WriteControlFile(w.dir, &c)
}

// SetState records a new cluster state in pg_control (e.g.
// DBShutdowning when a shutdown checkpoint begins, DBInProduction once
// startup is over).
func (w *WAL) SetState(s datadir.DBState) error {
	return w.UpdateControlFile(func(c *datadir.ControlFile) { c.State = s })
}

// Usage counts the WAL one process generated (WalUsage): VACUUM
// VERBOSE reports the difference over its run.
type Usage struct {
	Records, FPI, Bytes int64
}

// Usage returns this process's WAL counters so far.
func (w *WAL) Usage() Usage {
	return Usage{
		Records: atomic.LoadInt64(&w.usage.Records),
		FPI:     atomic.LoadInt64(&w.usage.FPI),
		Bytes:   atomic.LoadInt64(&w.usage.Bytes),
	}
}

// Stats are the counters of pg_stat_wal.
type Stats struct {
	Records     uint64        // wal_records
	FPI         uint64        // wal_fpi
	Bytes       uint64        // wal_bytes
	BuffersFull uint64        // wal_buffers_full
	Write       uint64        // wal_write
	Sync        uint64        // wal_sync
	WriteTime   time.Duration // wal_write_time (with track_wal_io_timing)
	SyncTime    time.Duration // wal_sync_time (with track_wal_io_timing)
	StatsReset  time.Time     // stats_reset
}

// Stats returns the cluster-wide WAL counters.
func (w *WAL) Stats() Stats {
	h := w.h
	return Stats{
		Records:     atomic.LoadUint64(&h.statRecords),
		FPI:         atomic.LoadUint64(&h.statFPI),
		Bytes:       atomic.LoadUint64(&h.statBytes),
		BuffersFull: atomic.LoadUint64(&h.statBuffersFull),
		Write:       atomic.LoadUint64(&h.statWrite),
		Sync:        atomic.LoadUint64(&h.statSync),
		WriteTime:   time.Duration(atomic.LoadUint64(&h.statWriteTimeNs)),
		SyncTime:    time.Duration(atomic.LoadUint64(&h.statSyncTimeNs)),
		StatsReset:  time.UnixMicro(atomic.LoadInt64(&h.statsReset)),
	}
}

// ResetStats zeroes the counters (pg_stat_reset_shared('wal')).
func (w *WAL) ResetStats() {
	h := w.h
	for _, p := range []*uint64{&h.statRecords, &h.statFPI, &h.statBytes, &h.statBuffersFull,
		&h.statWrite, &h.statSync, &h.statWriteTimeNs, &h.statSyncTimeNs} {
		atomic.StoreUint64(p, 0)
	}
	atomic.StoreInt64(&h.statsReset, time.Now().UnixMicro())
}
