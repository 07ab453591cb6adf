// The checkpointer: timed, requested and WAL-volume checkpoints, and the
// shutdown checkpoint.

package bg

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// RunCheckpointer is the checkpointer process's main function.
func RunCheckpointer(c *postmaster.Child) int {
	return runWithEngine(c, func(slot *proc.Slot, e *engine.Engine) int {
		sh := c.Shared
		atomic.StoreInt32(&sh.CheckpointerPID, int32(os.Getpid()))
		l := &checkpointer{c: c, e: e, slot: slot, ck: e.NewCheckpointer(), sigs: c.NotifyAux(),
			last: time.Now(), lastRedo: e.WALH.RedoPoint(), lastSwitch: time.Now()}
		return l.run()
	})
}

type checkpointer struct {
	c        *postmaster.Child
	slot     *proc.Slot
	e        *engine.Engine
	ck       *engine.Checkpointer
	sigs     *postmaster.AuxSignals
	last     time.Time
	lastRedo storage.LSN
	lastEnd  storage.LSN // insert position right after the last checkpoint
	// lastSwitch is when a segment was last finished, as far as
	// archive_timeout is concerned (last_xlog_switch_time).
	lastSwitch time.Time
}

func (l *checkpointer) shuttingDown() bool {
	return atomic.LoadInt32(&l.c.Shared.ShuttingDown) == 2
}

func (l *checkpointer) run() int {
	sh := l.c.Shared
	for {
		if l.shuttingDown() {
			return l.shutdown()
		}
		l.checkArchiveTimeout()
		flags := 0
		requested := atomic.LoadUint64(&sh.CkptRequests)
		switch {
		case requested != atomic.LoadUint64(&sh.CkptDone):
			flags = int(atomic.SwapUint32(&sh.CkptFlags, 0)) | engine.CkptForce
		case time.Since(l.last) >= l.c.Settings.Duration("checkpoint_timeout"):
			flags = engine.CkptCauseTime
		case l.walDistance() >= l.maxDistance():
			flags = engine.CkptCauseXlog
		}
		if flags == 0 {
			l.ck.Absorb()
			waitevent.Start(&l.slot.Owner, waitevent.CheckpointerMain)
			woken := l.sigs.Sleep(time.Second)
			waitevent.End(&l.slot.Owner)
			switch woken {
			case l.sigs.Reload:
				l.c.Reload()
			}
			continue
		}
		// A timed checkpoint with no WAL since the last one would change
		// nothing (PostgreSQL skips it too).
		if flags == engine.CkptCauseTime && l.e.WALH.CurrentInsertLSN() == l.lastEnd {
			l.last = time.Now()
			continue
		}
		started := time.Now()
		l.warnIfFrequent(flags, started)
		atomic.AddUint64(&sh.CkptStarted, 1)
		st, err := l.ck.Run(flags, l.pacer(flags))
		// Its writes and fsyncs show in pg_stat_io once the checkpoint
		// is over (pgstat_report_checkpointer).
		l.e.FlushIO()
		if postmaster.IsPanic(err) {
			l.c.Panic(err, l.slot)
		}
		if err != nil {
			l.c.Log.Report(err, "")
			atomic.AddUint64(&sh.CkptFailed, 1)
		} else {
			if flags&engine.CkptCauseTime != 0 {
				atomic.AddUint64(&sh.CheckpointsTimed, 1)
			} else {
				atomic.AddUint64(&sh.CheckpointsReq, 1)
			}
			atomic.AddUint64(&sh.CkptWriteTimeMs, uint64(st.Write.Milliseconds()))
			atomic.AddUint64(&sh.CkptSyncTimeMs, uint64(st.Sync.Milliseconds()))
			l.lastRedo = l.e.WALH.RedoPoint()
			l.lastEnd = l.e.WALH.CurrentInsertLSN()
		}
		atomic.StoreUint64(&sh.CkptDone, requested)
		// Like PostgreSQL's last_checkpoint_time: checkpoint_timeout and
		// checkpoint_warning count from the start of the last checkpoint.
		l.last = started
	}
}

// warnIfFrequent logs PostgreSQL's checkpoint_warning message when WAL
// volume forces checkpoints closer together than checkpoint_warning.
func (l *checkpointer) warnIfFrequent(flags int, now time.Time) {
	warn := l.c.Settings.Duration("checkpoint_warning")
	if flags&engine.CkptCauseXlog == 0 || warn <= 0 || l.last.IsZero() {
		return
	}
	secs := int(now.Sub(l.last).Seconds())
	if now.Sub(l.last) >= warn {
		return
	}
	msg := fmt.Sprintf("checkpoints are occurring too frequently (%d seconds apart)", secs)
	if secs == 1 {
		msg = "checkpoint occurred too frequently (1 second apart)"
	}
	l.c.Log.Report(pgerr.New(pgerr.SuccessfulCompletion, msg).WithSeverity(pgerr.SeverityLog).
		WithHint("Consider increasing the configuration parameter \"max_wal_size\"."), "")
}

// checkArchiveTimeout forces a segment switch when archive_timeout has
// passed since the last segment was finished and WAL was written since
// (CheckArchiveTimeout), so that archived WAL is never older than that on
// a server with little traffic. An idle server switches no more: nothing
// is written after the switch.
func (l *checkpointer) checkArchiveTimeout() {
	timeout := l.c.Settings.Duration("archive_timeout")
	if timeout <= 0 {
		return
	}
	now := time.Now()
	if now.Sub(l.lastSwitch) < timeout {
		return
	}
	w := l.e.WALH
	at, switchLSN := w.LastSegmentSwitch()
	if at.After(l.lastSwitch) {
		l.lastSwitch = at
	}
	if now.Sub(l.lastSwitch) < timeout {
		return
	}
	// Retry only after another timeout, busy or idle.
	l.lastSwitch = now
	before := w.InsertEndLSN()
	if before <= switchLSN {
		return
	}
	idleSinceCheckpoint := w.CurrentInsertLSN() == l.lastEnd
	end, err := w.SwitchSegment()
	if postmaster.IsPanic(err) {
		l.c.Panic(err, l.slot)
	}
	if err != nil {
		l.c.Log.Report(err, "")
		return
	}
	if end%xlog.SegmentSize != 0 {
		l.c.Log.Logf(elog.Debug1, "write-ahead log switch forced (archive_timeout=%d)", int(timeout/time.Second))
	}
	if idleSinceCheckpoint {
		// The switch is not worth a checkpoint of its own (PostgreSQL
		// marks it unimportant).
		l.lastEnd = w.CurrentInsertLSN()
	}
}

// walDistance is how much WAL was written since the last checkpoint's redo
// point.
func (l *checkpointer) walDistance() uint64 {
	cur := l.e.WALH.CurrentInsertLSN()
	if cur < l.lastRedo {
		return 0
	}
	return uint64(cur - l.lastRedo)
}

// maxDistance is PostgreSQL's CheckPointSegments in bytes: a checkpoint is
// due when max_wal_size / (1 + checkpoint_completion_target) has been
// written since the last one.
func (l *checkpointer) maxDistance() uint64 {
	target := l.c.Settings.Real("checkpoint_completion_target")
	return uint64(float64(l.c.Settings.Bytes("max_wal_size")) / (1 + target))
}

// pacer spreads a checkpoint's writes: with progress p done, it waits until
// p of checkpoint_completion_target × checkpoint_timeout has passed
// (PostgreSQL's CheckpointWriteDelay), unless the checkpoint is immediate,
// a shutdown or an immediate request arrives.
func (l *checkpointer) pacer(flags int) func(float64) {
	if flags&(engine.CkptImmediate|engine.CkptShutdown|engine.CkptEndOfRecovery) != 0 {
		return nil
	}
	start := time.Now()
	startLSN := l.e.WALH.CurrentInsertLSN()
	budget := time.Duration(float64(l.c.Settings.Duration("checkpoint_timeout")) * l.c.Settings.Real("checkpoint_completion_target"))
	sh := l.c.Shared
	return func(progress float64) {
		for {
			if l.shuttingDown() || atomic.LoadUint32(&sh.CkptFlags)&uint32(engine.CkptImmediate) != 0 {
				return
			}
			// WAL volume also sets the pace: the checkpoint must finish
			// before max_wal_size worth of WAL is written after it began
			// (IsCheckpointOnSchedule).
			walProgress := float64(l.e.WALH.CurrentInsertLSN()-startLSN) / float64(l.maxDistance())
			elapsed := float64(time.Since(start)) / float64(budget)
			if progress <= elapsed || progress <= walProgress {
				return
			}
			l.ck.Absorb()
			// A long spread checkpoint must not hold back archive_timeout.
			l.checkArchiveTimeout()
			waitevent.Start(&l.slot.Owner, waitevent.CheckpointWriteDelay)
			time.Sleep(100 * time.Millisecond)
			waitevent.End(&l.slot.Owner)
		}
	}
}

// shutdown writes the shutdown checkpoint once every backend has left.
func (l *checkpointer) shutdown() int {
	l.c.Log.Log("shutting down")
	if _, err := l.ck.Run(engine.CkptShutdown|engine.CkptImmediate, nil); err != nil {
		if postmaster.IsPanic(err) {
			l.c.Panic(err, l.slot)
		}
		l.c.Log.Report(err, "")
		return 1
	}
	l.e.FlushIO()
	// Every backend has flushed its counts and exited: the cumulative
	// statistics survive the clean shutdown in pg_stat/pgstat.stat
	// (pgstat_before_server_shutdown).
	if err := l.e.Shared.Stats.WriteFile(l.e.Owner, l.e.DataDir); err != nil {
		l.c.Log.Logf(elog.Log, "%s", err)
	}
	l.c.Log.Log("database system is shut down")
	return 0
}

func fatal(err error) *pgerr.Error {
	pe := pgerr.As(err)
	if pe.Severity == pgerr.SeverityError {
		pe.Severity = pgerr.SeverityFatal
	}
	return pe
}
