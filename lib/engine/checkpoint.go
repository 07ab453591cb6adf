// Checkpoints and crash recovery.

package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
	"github.com/gpostgres/gpostgres/lib/storage/smgr"
)

// Checkpoint request flags, PostgreSQL's CHECKPOINT_* values (the buffer
// manager's subset plus the reasons logged).
const (
	CkptShutdown      = buffer.CheckpointIsShutdown
	CkptEndOfRecovery = buffer.CheckpointEndOfRecovery
	CkptImmediate     = buffer.CheckpointImmediate
	CkptForce         = buffer.CheckpointForce
	CkptWait          = 0x0020
	CkptCauseXlog     = 0x0080
	CkptCauseTime     = 0x0100
)

// Checkpointer is the state a process that performs checkpoints keeps
// between them: the segments other processes asked it to fsync.
type Checkpointer struct {
	e       *Engine
	pending *smgr.PendingSyncs
	lastRedo,
	prevDistance uint64
}

// NewCheckpointer prepares this process to perform checkpoints (the
// checkpointer, and the startup process for the end-of-recovery one).
func (e *Engine) NewCheckpointer() *Checkpointer {
	p := smgr.NewPendingSyncs(e.Sync)
	e.Smgr.SetPending(p)
	return &Checkpointer{e: e, pending: p, lastRedo: uint64(e.WALH.RedoPoint())}
}

// Absorb moves queued fsync requests into the checkpointer's table, so the
// shared queue does not fill between checkpoints.
func (c *Checkpointer) Absorb() { c.pending.Absorb() }

// CheckpointStats describe one checkpoint for the log and pg_stat_bgwriter.
type CheckpointStats struct {
	Buffers                     int
	Removed, Recycled           int
	Write, Sync, Total, Longest time.Duration
	SyncFiles                   int
}

// Run performs a checkpoint with PostgreSQL's ordering (CreateCheckPoint):
// take the redo point, write the commit log and every dirty buffer (pace
// may sleep between buffers to spread the writes), fsync everything that
// was written, write the checkpoint record and pg_control, then remove WAL
// no longer needed. The shutdown and end-of-recovery kinds require that no
// other process is writing WAL.
func (c *Checkpointer) Run(flags int, pace func(progress float64)) (CheckpointStats, error) {
	e := c.e
	var st CheckpointStats
	start := time.Now()
	if e.Settings.Bool("log_checkpoints") {
		e.Log.Log("checkpoint starting:%s", describeFlags(flags))
	}
	kind := xlog.CheckpointOnline
	switch {
	case flags&CkptShutdown != 0:
		kind = xlog.CheckpointShutdown
	case flags&CkptEndOfRecovery != 0:
		kind = xlog.CheckpointEndOfRecovery
	}
	// Requests queued before this checkpoint belong to it (the
	// checkpointer absorbs before CreateCheckPoint in PostgreSQL): files
	// dropped before it are removed after it.
	c.pending.Absorb()
	c.pending.PreCheckpoint()
	var redo xlog.LSN
	if kind == xlog.CheckpointOnline {
		redo = e.WALH.BeginCheckpoint()
	}
	// Map updates logged before the redo pointer reach their files
	// before this checkpoint counts (CheckPointRelationMap).
	if err := relmap.CheckPoint(e.DataDir); err != nil {
		return st, err
	}
	if err := e.Xact.CheckPointCLOG(e.Owner); err != nil {
		return st, err
	}
	if err := e.Xact.CheckPointSUBTRANS(e.Owner); err != nil {
		return st, err
	}
	if err := e.Xact.CheckPointMultiXact(e.Owner); err != nil {
		return st, err
	}
	// pg_serial before the oldest running serializable transaction
	// (CheckPointPredicate).
	if err := e.Pred.CheckPoint(e.Owner); err != nil {
		return st, err
	}
	if pace == nil {
		pace = func(float64) {}
	}
	n, err := e.Pool.BufferSync(flags&(CkptShutdown|CkptEndOfRecovery|CkptImmediate|CkptForce), pace)
	if err != nil {
		return st, err
	}
	st.Buffers = n
	writeDone := time.Now()
	if err := c.pending.SyncAll(e.Smgr); err != nil {
		return st, err
	}
	sync := c.pending.LastSync()
	st.SyncFiles, st.Longest = sync.Files, sync.Longest
	syncDone := time.Now()

	shutdown := kind != xlog.CheckpointOnline
	nextMulti, nextMultiOffset := e.Xact.ReadNextMultiXactId(e.Owner)
	oldestMulti, oldestMultiDB := e.Xact.OldestMultiXact(e.Owner)
	if oldestMultiDB == 0 {
		oldestMultiDB = datadir.Template1OID
	}
	cp := datadir.CheckPoint{
		Redo:            datadir.LSN(redo),
		NextXID:         uint64(e.Xact.ReadNextFullTransactionId()),
		NextOID:         e.Xact.CheckpointNextOid(e.Owner, shutdown),
		NextMulti:       uint32(nextMulti),
		NextMultiOffset: uint32(nextMultiOffset),
		OldestXID:       uint32(e.Xact.OldestXid()),
		OldestXIDDB:     oldestXidDB(e),
		OldestMulti:     uint32(oldestMulti),
		OldestMultiDB:   oldestMultiDB,
	}
	oldest := e.Xact.GetOldestXminConsideredRunning(e.Owner)
	if oldest != transam.InvalidTransactionId {
		cp.OldestActiveXID = uint32(oldest)
	}
	lsn, err := e.WALH.LogCheckpoint(kind, cp)
	if err != nil {
		return st, err
	}
	// pg_subtrans before the oldest xmin is never asked about again
	// (PostgreSQL truncates it here, outside recovery).
	if !e.recovering {
		if err := e.Xact.TruncateSUBTRANS(e.Owner, oldest); err != nil {
			e.Log.Report(err, "")
		}
	}
	for _, w := range c.pending.PostCheckpoint(e.Smgr) {
		e.Log.Report(w, "")
	}
	if kind != xlog.CheckpointOnline {
		redo = lsn
	}
	st.Removed, st.Recycled, err = e.WALH.RemoveOldSegments(redo, 0)
	if err != nil {
		e.Log.Report(err, "")
	}
	st.Write, st.Sync, st.Total = writeDone.Sub(start), syncDone.Sub(writeDone), time.Since(start)
	if e.Settings.Bool("log_checkpoints") {
		c.logComplete(st, uint64(redo))
	}
	return st, nil
}

func describeFlags(flags int) string {
	var b strings.Builder
	for _, f := range []struct {
		bit  int
		name string
	}{
		{CkptShutdown, "shutdown"}, {CkptEndOfRecovery, "end-of-recovery"}, {CkptImmediate, "immediate"},
		{CkptForce, "force"}, {CkptWait, "wait"}, {CkptCauseXlog, "wal"}, {CkptCauseTime, "time"},
	} {
		if flags&f.bit != 0 {
			b.WriteString(" " + f.name)
		}
	}
	return b.String()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func (c *Checkpointer) logComplete(st CheckpointStats, redo uint64) {
	nbuffers := c.e.Buffers.NBuffers()
	avg := time.Duration(0)
	if st.SyncFiles > 0 {
		avg = st.Sync / time.Duration(st.SyncFiles)
	}
	distance := uint64(0)
	if c.lastRedo != 0 && redo > c.lastRedo {
		distance = redo - c.lastRedo
	}
	c.lastRedo = redo
	if c.prevDistance == 0 {
		c.prevDistance = distance
	} else {
		c.prevDistance = (c.prevDistance*9 + distance) / 10
	}
	c.e.Log.Logf(elog.Log, "checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, %d removed, %d recycled; write=%s, sync=%s, total=%s; sync files=%d, longest=%s, average=%s; distance=%d kB, estimate=%d kB",
		st.Buffers, 100*float64(st.Buffers)/float64(nbuffers), st.Removed, st.Recycled,
		secs(st.Write), secs(st.Sync), secs(st.Total), st.SyncFiles, secs(st.Longest), secs(avg),
		distance/1024, c.prevDistance/1024)
}

// Recover is the startup process's work: replay the WAL from the last
// checkpoint, restore the transaction counters, and — when anything was
// replayed — write the end-of-recovery checkpoint, so that the cluster is
// consistent on disk before the first connection is accepted.
func (e *Engine) Recover(ctx context.Context) (*xlog.RecoveryResult, error) {
	if err := e.RegisterRedo(); err != nil {
		return nil, err
	}
	ckpt := e.NewCheckpointer()
	// Redo writes pg_multixact pages: the directories must exist.
	if err := e.Xact.StartupMultiXact(e.Owner); err != nil {
		return nil, err
	}
	state := e.WALH.ControlFile().State
	cleanShutdown := state == datadir.DBShutdowned || state == datadir.DBShutdownedInRecovery
	e.syncDataDirectory()
	// No transaction that exported a snapshot survived the stop or the
	// crash.
	for _, err := range RemoveAllExportedSnapshots(e.DataDir) {
		e.Log.Logf(elog.Log, "%s", err)
	}
	// The commit log keeps statuses from the checkpoint's oldest
	// datfrozenxid on; CLOG_TRUNCATE records replayed move it further.
	startCkpt := e.WALH.ControlFile().CheckPointCopy
	e.Xact.SetOldestClogXid(e.Owner, transam.TransactionId(startCkpt.OldestXID), startCkpt.OldestXIDDB)
	// After a crash, unlogged relations lose everything but their init
	// forks before redo, and get them copied to their main forks after
	// (StartupXLOG's ResetUnloggedRelations calls).
	if !cleanShutdown {
		if err := e.ResetUnloggedRelations(false); err != nil {
			return nil, err
		}
	}
	e.Smgr.SetInRecovery(true)
	e.Xact.SetInRecovery(true)
	e.recovering = true
	res, err := e.WALH.Recover(ctx)
	e.recovering = false
	e.Smgr.SetInRecovery(false)
	e.Xact.SetInRecovery(false)
	if err != nil {
		return nil, err
	}
	if !cleanShutdown {
		if err := e.ResetUnloggedRelations(true); err != nil {
			return nil, err
		}
	}
	o := e.Owner
	e.Xact.SetNextXid(o, transam.FullTransactionId(res.NextFullXID))
	e.Xact.SetNextOid(o, res.NextOID)
	jumped, err := e.testJumpNextXid()
	if err != nil {
		return nil, err
	}
	freezeMaxAge := int64(200000000)
	if e.Settings != nil {
		freezeMaxAge = e.Settings.Int("autovacuum_freeze_max_age")
	}
	// From the oldest datfrozenxid: the checkpoint's, or a pg_xact
	// truncation's replayed after it (so the next checkpoint records
	// no xid whose status is gone).
	oldestXid, oldestXidDB := transam.TransactionId(res.Checkpoint.OldestXID), res.Checkpoint.OldestXIDDB
	if x, db := e.Xact.OldestClogXid(o); transam.TransactionIdPrecedes(oldestXid, x) {
		oldestXid, oldestXidDB = x, db
	}
	e.Xact.SetTransactionIdLimit(oldestXid, oldestXidDB, freezeMaxAge)
	// The multixact counters: the checkpoint's, unless redo of CREATE_ID
	// and later checkpoint records moved them further.
	cp := res.Checkpoint
	e.Xact.MultiXactAdvanceNextMXact(o, transam.MultiXactId(cp.NextMulti), transam.MultiXactOffset(cp.NextMultiOffset))
	e.Xact.MultiXactAdvanceOldest(o, transam.MultiXactId(cp.OldestMulti), cp.OldestMultiDB)
	multiFreezeMaxAge := int64(400000000)
	if e.Settings != nil {
		multiFreezeMaxAge = e.Settings.Int("autovacuum_multixact_freeze_max_age")
	}
	// From the oldest multixact kept: the checkpoint's, or a truncation's
	// replayed after it.
	oldestMulti, oldestMultiDB := e.Xact.OldestMultiXact(o)
	e.Xact.SetMultiXactIdLimit(o, oldestMulti, oldestMultiDB, multiFreezeMaxAge)
	jumpedMulti, err := e.testJumpNextMulti()
	if err != nil {
		return nil, err
	}
	jumped = jumped || jumpedMulti
	jumpedOffset, err := e.testJumpNextMultiOffset()
	if err != nil {
		return nil, err
	}
	jumped = jumped || jumpedOffset
	e.Xact.StartupCLOG(o)
	// No prepared transactions: the oldest active xid is nextXid.
	if err := e.Xact.StartupSUBTRANS(o, transam.InvalidTransactionId); err != nil {
		return nil, err
	}
	if err := e.Xact.TrimCLOG(o); err != nil {
		return nil, err
	}
	if err := e.Xact.TrimMultiXact(o); err != nil {
		return nil, err
	}
	if res.Replayed || jumped {
		if _, err := ckpt.Run(CkptEndOfRecovery|CkptImmediate|CkptWait, nil); err != nil {
			return nil, err
		}
	}
	// The cumulative statistics a clean shutdown saved come back; after
	// a crash they may be wrong and start from zero, as in PostgreSQL.
	if cleanShutdown {
		if err := e.Shared.Stats.ReadFile(o, e.DataDir); err != nil {
			e.Log.Logf(elog.Log, "%s", err)
		}
	} else if err := pgstat.DiscardFile(e.DataDir); err != nil {
		e.Log.Logf(elog.Log, "could not unlink permanent statistics file \"%s\": %s", filepath.Join(e.DataDir, pgstat.StatsFile), err)
	}
	return res, nil
}

// TestNextXidEnv names the environment variable through which tests move
// the transaction id counter forward at start-up, as pg_resetwal -x
// does, to reach wraparound without spending two billion transactions.
// It only ever moves forward; the commit log page of the new counter is
// created (and WAL-logged), and a checkpoint records the new value.
const TestNextXidEnv = "GPOSTGRES_TEST_NEXT_XID"

func (e *Engine) testJumpNextXid() (bool, error) {
	v := os.Getenv(TestNextXidEnv)
	if v == "" {
		return false, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "invalid %s: %s", TestNextXidEnv, v)
	}
	next := transam.FullTransactionId(n)
	if uint64(next) <= uint64(e.Xact.ReadNextFullTransactionId()) {
		return false, nil
	}
	e.Xact.SetNextXid(e.Owner, next)
	if err := e.Xact.ZeroCLOGPageFor(e.Owner, next.Xid()); err != nil {
		return false, err
	}
	e.Log.Logf(elog.Log, "transaction id counter moved to %d for a test", next.Xid())
	return true, nil
}

// TestNextMultiEnv names the environment variable through which tests
// move the multixact id counter forward at start-up, as pg_resetwal -m
// does, to reach multixact wraparound without creating two billion
// multixacts. It only ever moves forward.
const TestNextMultiEnv = "GPOSTGRES_TEST_NEXT_MULTI"

// TestNextMultiOffsetEnv names the environment variable through which
// tests move the multixact members counter forward at start-up, as
// pg_resetwal -O does, to fill member space without creating billions of
// members. The offset must start a members page; it only moves forward.
const TestNextMultiOffsetEnv = "GPOSTGRES_TEST_NEXT_MULTI_OFFSET"

func (e *Engine) testJumpNextMultiOffset() (bool, error) {
	v := os.Getenv(TestNextMultiOffsetEnv)
	if v == "" {
		return false, nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n%transam.MultiXactMembersPerPage != 0 {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "invalid %s: %s", TestNextMultiOffsetEnv, v)
	}
	jumped, err := e.Xact.SetNextMultiOffsetForTest(e.Owner, transam.MultiXactOffset(n))
	if err != nil || !jumped {
		return false, err
	}
	e.Log.Logf(elog.Log, "multixact offset counter moved to %d for a test", n)
	return true, nil
}

func (e *Engine) testJumpNextMulti() (bool, error) {
	v := os.Getenv(TestNextMultiEnv)
	if v == "" {
		return false, nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n == 0 {
		return false, pgerr.Newf(pgerr.InvalidParameterValue, "invalid %s: %s", TestNextMultiEnv, v)
	}
	jumped, err := e.Xact.SetNextMultiXactIdForTest(e.Owner, transam.MultiXactId(n))
	if err != nil || !jumped {
		return false, err
	}
	e.Log.Logf(elog.Log, "multixact id counter moved to %d for a test", n)
	return true, nil
}

// syncDataDirectory is PostgreSQL's SyncDataDirectory: after a crash, the
// files the previous server wrote may still sit unsynced in the kernel,
// and their fsync requests died with it. The end-of-recovery checkpoint
// syncs only what redo writes, then lets the WAL that could rebuild the
// rest be removed; so every file is synced first (recovery_init_sync_method
// = fsync), or every file system that holds the data directory (syncfs).
// Failures are logged, not fatal, as in PostgreSQL.
func (e *Engine) syncDataDirectory() {
	switch e.WALH.ControlFile().State {
	case datadir.DBShutdowned, datadir.DBShutdownedInRecovery:
		return
	}
	if !e.Settings.Bool("fsync") {
		return
	}
	if e.Settings.Enum("recovery_init_sync_method") == "syncfs" {
		for _, dir := range []string{e.DataDir, filepath.Join(e.DataDir, "pg_wal")} {
			if err := syncfs(dir); err != nil {
				e.Log.Logf(elog.Log, "could not synchronize file system for file \"%s\": %s", dir, datadir.Strerror(err))
			}
		}
		return
	}
	if err := datadir.FsyncTree(e.DataDir); err != nil {
		e.Log.Logf(elog.Log, "%s", err)
	}
}

func syncfs(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// oldestXidDB is the database holding the oldest datfrozenxid, template1
// until VACUUM has named one.
func oldestXidDB(e *Engine) uint32 {
	if db := e.Xact.OldestXidDB(); db != 0 {
		return db
	}
	return datadir.Template1OID
}
