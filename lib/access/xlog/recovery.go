// Crash recovery (StartupXLOG, InitWalRecovery, PerformWalRecovery and
// FinishWalRecovery of xlog.c and xlogrecovery.c): read pg_control, find
// the last checkpoint record, replay every valid record from its redo
// point through the resource managers, and leave the WAL ready for
// insertion right after the last valid record.

package xlog

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// RecoveryResult says what Recover found and did.
type RecoveryResult struct {
	State         datadir.DBState    // the state pg_control recorded
	CheckpointLSN LSN                // the checkpoint recovery started from
	Checkpoint    datadir.CheckPoint // its content
	WasShutdown   bool               // it was a shutdown checkpoint
	// Replayed is true when crash recovery ran: the caller must then
	// write an end-of-recovery checkpoint (LogCheckpoint with
	// CheckpointEndOfRecovery, after flushing the buffers) before
	// accepting connections, which also records the state "in
	// production". Without replay Recover records that state itself.
	Replayed   bool
	RedoStart  LSN // first record replayed, 0 when none
	LastRecord LSN // start of the last valid record
	EndOfLog   LSN // where insertion continues
	Records    int // records replayed
	// NextFullXID and NextOID are the counters as of the end of the log:
	// the checkpoint's, advanced past every xid seen in a record and by
	// replayed checkpoint and NEXTOID records.
	NextFullXID uint64
	NextOID     uint32
	// EndReason is why reading stopped (an *InvalidRecordError), nil when
	// nothing was replayed.
	EndReason error
}

// Recover reads pg_control, replays the WAL from the last checkpoint's
// redo point if the cluster was not shut down cleanly, and makes
// insertion possible from the end of the valid WAL, with the next record
// linked to the last valid one. It logs PostgreSQL's messages ("database
// system was interrupted; last known up at ...", "redo starts at ...",
// the reason the WAL ends, "redo done at ..."). Only the startup process
// calls it, before any other process uses the WAL.
func (w *WAL) Recover(ctx context.Context) (*RecoveryResult, error) {
	cf, err := datadir.ReadControlFile(w.dir)
	if err != nil {
		return nil, err
	}
	w.loadControl(cf)
	w.removeTempFiles()
	if err := w.ensureArchiveStatusDir(); err != nil {
		return nil, err
	}
	tli := w.Timeline()
	res := &RecoveryResult{State: cf.State, CheckpointLSN: LSN(cf.CheckPoint)}

	when := w.strTime(cf.Time)
	switch cf.State {
	case datadir.DBShutdowned:
		w.logf(logLevel, "database system was shut down at %s", when)
	case datadir.DBShutdownedInRecovery:
		w.logf(logLevel, "database system was shut down in recovery at %s", when)
	case datadir.DBShutdowning:
		w.logf(logLevel, "database system shutdown was interrupted; last known up at %s", when)
	case datadir.DBInCrashRecovery:
		w.report(pgerr.New(pgerr.SuccessfulCompletion, fmt.Sprintf("database system was interrupted while in recovery at %s", when)).
			WithSeverity(pgerr.SeverityLog).
			WithHint("This probably means that some data is corrupted and you will have to use the last backup for recovery."))
	case datadir.DBInArchiveRecovery:
		w.report(pgerr.New(pgerr.SuccessfulCompletion, fmt.Sprintf("database system was interrupted while in recovery at log time %s", when)).
			WithSeverity(pgerr.SeverityLog).
			WithHint("If this has occurred more than once some data might be corrupted and you might need to choose an earlier recovery target."))
	case datadir.DBInProduction:
		w.logf(logLevel, "database system was interrupted; last known up at %s", when)
	}

	r := NewReader(w.walDir, res.CheckpointLSN, ReaderOptions{SystemID: cf.SystemIdentifier, Timeline: tli})
	defer r.Close()
	rec, err := r.ReadRecord()
	if err == nil {
		switch {
		case rec.Header.Rmid != RmgrXLOG:
			err = errors.New("invalid resource manager ID in checkpoint record")
		case rec.Header.Info&^XLRInfoMask != InfoCheckpointShutdown && rec.Header.Info&^XLRInfoMask != InfoCheckpointOnline:
			err = errors.New("invalid xl_info in checkpoint record")
		case rec.Header.TotLen != checkpointRecordSize:
			err = errors.New("invalid length of checkpoint record")
		}
	} else if errors.Is(err, ErrEndOfWAL) {
		w.logf(logLevel, "%s", err.Error())
		err = errors.New("invalid checkpoint record")
	}
	if err != nil {
		var pe *pgerr.Error
		if errors.As(err, &pe) {
			return nil, err // an I/O failure, not a bad record
		}
		w.logf(logLevel, "%s", err.Error())
		return nil, pgerr.New(pgerr.InternalError, "could not locate a valid checkpoint record").WithSeverity(pgerr.SeverityPanic)
	}
	cp, _ := UnmarshalCheckPoint(rec.MainData)
	res.Checkpoint = cp
	res.WasShutdown = rec.Header.Info&^XLRInfoMask == InfoCheckpointShutdown
	w.logf(elog.Debug1, "checkpoint record is at %s", res.CheckpointLSN)
	w.logf(elog.Debug1, "redo record is at %s; shutdown %t", LSN(cp.Redo), res.WasShutdown)
	if LSN(cp.Redo) > res.CheckpointLSN {
		return nil, pgerr.New(pgerr.InternalError, "invalid redo in checkpoint record").WithSeverity(pgerr.SeverityPanic)
	}
	inRecovery := false
	if LSN(cp.Redo) < res.CheckpointLSN {
		if res.WasShutdown {
			return nil, pgerr.New(pgerr.InternalError, "invalid redo record in shutdown checkpoint").WithSeverity(pgerr.SeverityPanic)
		}
		inRecovery = true
	} else if cf.State != datadir.DBShutdowned {
		inRecovery = true
	}
	atomic.StoreUint64(&w.h.redoRecPtr, uint64(cp.Redo))
	res.NextFullXID, res.NextOID = cp.NextXID, cp.NextOID
	res.LastRecord, res.EndOfLog = res.CheckpointLSN, rec.EndLSN

	if inRecovery {
		res.Replayed = true
		w.logf(logLevel, "database system was not properly shut down; automatic recovery in progress")
		if err := w.SetState(datadir.DBInCrashRecovery); err != nil {
			return nil, err
		}
		if LSN(cp.Redo) < res.CheckpointLSN {
			r.Seek(LSN(cp.Redo))
		}
		if err := w.replay(ctx, r, res); err != nil {
			return nil, err
		}
		if res.LastRecord < res.CheckpointLSN {
			return nil, pgerr.Newf(pgerr.InternalError, "WAL ends before the checkpoint record at %s", res.CheckpointLSN).
				WithSeverity(pgerr.SeverityPanic)
		}
	}
	if err := w.startInsertion(res.EndOfLog, res.LastRecord, r); err != nil {
		return nil, err
	}
	if !inRecovery {
		// Nothing to replay: the system is in production from now on,
		// and a crash from here on must be recovered.
		if err := w.SetState(datadir.DBInProduction); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// replay is the redo loop (PerformWalRecovery).
func (w *WAL) replay(ctx context.Context, r *Reader, res *RecoveryResult) error {
	rec, err := r.ReadRecord()
	if err != nil && !errors.Is(err, ErrEndOfWAL) {
		return err
	}
	if rec == nil {
		w.logEndOfWAL(err)
		res.EndReason = err
		w.logf(logLevel, "redo is not required")
		return nil
	}
	res.RedoStart = rec.LSN
	w.logf(logLevel, "redo starts at %s", rec.LSN)
	ru0 := takeRusage()
	for rec != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		w.trackCounters(rec, res)
		if err := w.redo(rec); err != nil {
			return err
		}
		res.Records++
		res.LastRecord, res.EndOfLog = rec.LSN, rec.EndLSN
		rec, err = r.ReadRecord()
		if err != nil {
			if !errors.Is(err, ErrEndOfWAL) {
				return err
			}
			res.EndReason = err
			w.logEndOfWAL(err)
		}
	}
	w.logf(logLevel, "redo done at %s system usage: %s", res.LastRecord, takeRusage().since(ru0))
	return nil
}

// logEndOfWAL logs why valid WAL ends, as ReadRecord does at LOG level; a
// missing next segment is the normal end and is not reported.
func (w *WAL) logEndOfWAL(err error) {
	var ie *InvalidRecordError
	if errors.As(err, &ie) && !ie.MissingSegment {
		w.logf(logLevel, "%s", ie.Message)
	}
}

// trackCounters advances nextXid past the record's xid and applies the
// XLOG rmgr's effect on the counters (xlog_redo's bookkeeping).
func (w *WAL) trackCounters(rec *DecodedRecord, res *RecoveryResult) {
	if xid := rec.Header.XID; xid >= datadir.FirstNormalTransactionID {
		next := res.NextFullXID
		full := uint64(int64(next) + int64(int32(xid-uint32(next))))
		if full >= next {
			res.NextFullXID = full + 1
		}
	}
	if rec.Header.Rmid != RmgrXLOG {
		return
	}
	switch rec.Header.Info &^ XLRInfoMask {
	case InfoCheckpointShutdown:
		if cp, ok := UnmarshalCheckPoint(rec.MainData); ok {
			res.NextFullXID, res.NextOID = cp.NextXID, cp.NextOID
		}
	case InfoCheckpointOnline:
		if cp, ok := UnmarshalCheckPoint(rec.MainData); ok && cp.NextXID > res.NextFullXID {
			res.NextFullXID = cp.NextXID
		}
	case InfoNextOID:
		if len(rec.MainData) >= 4 {
			res.NextOID = uint32(rec.MainData[0]) | uint32(rec.MainData[1])<<8 | uint32(rec.MainData[2])<<16 | uint32(rec.MainData[3])<<24
		}
	}
}

// redo dispatches rec to its resource manager. XLOG records without a
// registered handler are bookkeeping only; any other rmgr must be
// registered.
func (w *WAL) redo(rec *DecodedRecord) error {
	m := w.rmgrs.Lookup(rec.Header.Rmid)
	if m == nil || m.Redo == nil {
		if rec.Header.Rmid == RmgrXLOG {
			return nil
		}
		return pgerr.Newf(pgerr.InternalError, "resource manager with ID %d not registered", rec.Header.Rmid).
			WithSeverity(pgerr.SeverityFatal).
			WithHint("Include the extension module that implements this resource manager in shared_preload_libraries.")
	}
	if err := m.Redo(rec); err != nil {
		pe := pgerr.As(err)
		out := *pe
		if out.Severity == pgerr.SeverityError {
			out.Severity = pgerr.SeverityFatal
		}
		where := fmt.Sprintf("WAL redo at %s for %s", rec.LSN, w.rmgrs.describe(rec))
		if out.Where != "" {
			out.Where += "\n" + where
		} else {
			out.Where = where
		}
		return &out
	}
	return nil
}

// startInsertion sets the shared insert state so that the next record
// starts at endOfLog with xl_prev = lastRec. The page holding endOfLog is
// loaded into its WAL buffer up to endOfLog and zeroed after it, so the
// garbage a crash left after the last valid record is overwritten when
// the page is next written.
func (w *WAL) startInsertion(endOfLog, lastRec LSN, r *Reader) error {
	h := w.h
	for i := range w.xlblocks {
		atomic.StoreUint64(&w.xlblocks[i], 0)
	}
	for i := range h.slots {
		atomic.StoreUint64(&h.slots[i].insertingAt, 0)
	}
	h.bufMappingLock.Lock(w.owner)
	if off := uint64(endOfLog) % PageSize; off != 0 {
		p := pageStart(endOfLog)
		page, err := r.pageBytes(p)
		if err != nil {
			h.bufMappingLock.Unlock(w.owner)
			return err
		}
		idx := w.bufIndex(p)
		buf := w.bufPage(idx)
		copy(buf[:off], page[:off])
		clear(buf[off:])
		atomic.StoreUint64(&w.xlblocks[idx], uint64(p)+PageSize)
		h.initializedUpTo = uint64(p) + PageSize
	} else {
		h.initializedUpTo = uint64(endOfLog)
	}
	h.bufMappingLock.Unlock(w.owner)

	h.insertPosLock.Lock(w.owner)
	h.currBytePos = recPtrToBytePos(endOfLog)
	h.prevBytePos = recPtrToBytePos(lastRec)
	h.insertPosLock.Unlock(w.owner)
	atomic.StoreUint64(&h.writePos, uint64(endOfLog))
	atomic.StoreUint64(&h.flushPos, uint64(endOfLog))
	// archive_timeout counts from here (StartupXLOG sets lastSegSwitch*).
	atomic.StoreInt64(&h.lastSegSwitchTime, time.Now().UnixNano())
	atomic.StoreUint64(&h.lastSegSwitchLSN, uint64(endOfLog))
	atomic.StoreUint32(&h.ready, 1)
	return nil
}

// strTime formats a pg_control time as PostgreSQL's str_time does.
func (w *WAL) strTime(sec int64) string {
	return time.Unix(sec, 0).In(w.loc).Format("2006-01-02 15:04:05 MST")
}

func (w *WAL) report(e *pgerr.Error) {
	if w.log != nil {
		w.log.Report(e, "")
	}
}

// rusage is the CPU and wall time used so far (pg_rusage).
type rusage struct {
	user, sys time.Duration
	wall      time.Time
}

func takeRusage() rusage {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return rusage{
		user: time.Duration(ru.Utime.Nano()),
		sys:  time.Duration(ru.Stime.Nano()),
		wall: time.Now(),
	}
}

// since formats the usage since r0 as pg_rusage_show does.
func (r rusage) since(r0 rusage) string {
	f := func(d time.Duration) string {
		cs := d.Milliseconds() / 10
		return fmt.Sprintf("%d.%02d s", cs/100, cs%100)
	}
	return fmt.Sprintf("CPU: user: %s, system: %s, elapsed: %s", f(r.user-r0.user), f(r.sys-r0.sys), f(r.wall.Sub(r0.wall)))
}
