// The background writer and the walwriter, and the autovacuum launcher's
// schedule.

package bg

import (
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// RunBgWriter is the background writer's main function: every
// bgwriter_delay it writes dirty buffers just ahead of the clock sweep, so
// backends rarely have to write a page themselves; when there is nothing to
// do it hibernates until a backend allocates a buffer.
func RunBgWriter(c *postmaster.Child) int {
	return runWithEngine(c, func(slot *proc.Slot, e *engine.Engine) int {
		sigs := c.NotifyAux()
		for {
			hibernate, err := e.Pool.BgBufferSync()
			// Its writes show in pg_stat_io (pgstat_report_bgwriter flushes
			// them each round too).
			e.FlushIO()
			if postmaster.IsPanic(err) {
				c.Panic(err, slot)
			} else if err != nil {
				c.Log.Report(err, "")
			}
			delay := c.Settings.Duration("bgwriter_delay")
			if hibernate {
				// Sleep long, but wake when a backend allocates a buffer.
				done := make(chan struct{})
				go func() {
					e.Buffers.WaitForAllocation(50 * delay)
					close(done)
				}()
				waitevent.Start(&slot.Owner, waitevent.BgWriterHibernate)
				select {
				case <-done:
				case <-sigs.Shutdown:
					return 0
				case <-sigs.Reload:
					c.Reload()
				}
				waitevent.End(&slot.Owner)
				continue
			}
			waitevent.Start(&slot.Owner, waitevent.BgWriterMain)
			woken := sigs.Sleep(delay)
			waitevent.End(&slot.Owner)
			switch woken {
			case sigs.Shutdown:
				return 0
			case sigs.Reload:
				c.Reload()
			}
		}
	})
}

// RunWalWriter is the walwriter's main function: every wal_writer_delay it
// writes and flushes WAL that asynchronous commits (synchronous_commit =
// off) left in the buffers, and keeps the next segment preallocated.
func RunWalWriter(c *postmaster.Child) int {
	return runWithEngine(c, func(slot *proc.Slot, e *engine.Engine) int {
		sigs := c.NotifyAux()
		for {
			if _, err := e.WALH.BackgroundFlush(); err != nil {
				// A failed WAL write is PANIC: the postmaster restarts everyone.
				c.Panic(err, slot)
			}
			if _, err := e.WALH.PreallocateSegments(); err != nil {
				// Only an optimisation failed: a backend will try again when
				// it really needs the segment.
				w := pgerr.As(err)
				c.Log.Report(pgerr.New(w.Code, w.Message).WithSeverity(pgerr.SeverityWarning), "")
			}
			waitevent.Start(&slot.Owner, waitevent.WalWriterMain)
			woken := sigs.Sleep(c.Settings.Duration("wal_writer_delay"))
			waitevent.End(&slot.Owner)
			switch woken {
			case sigs.Shutdown:
				// The checkpointer flushes the last WAL with the shutdown
				// checkpoint.
				return 0
			case sigs.Reload:
				c.Reload()
				e.WALH.ReloadSettings(c.Settings)
			}
		}
	})
}

// RunAutovacuumLauncher is the autovacuum launcher's main function
// (autovacuum.c's AutoVacLauncherMain): it visits the databases that
// accept connections in turn, one every autovacuum_naptime divided by
// their number, asking the postmaster for a worker for each
// (gpostgres: autovacuum worker), at most one per database at a time and
// autovacuum_max_workers in all; the worker decides which tables need
// VACUUM or ANALYZE. It exits when a reload turns autovacuum off.
func RunAutovacuumLauncher(c *postmaster.Child) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	sigs := c.NotifyAux()
	waitevent.Start(&slot.Owner, waitevent.AutoVacuumMain)
	next := 0
	for {
		dbs := connectableDatabases(c, &slot.Owner)
		wait := c.Settings.Duration("autovacuum_naptime")
		if len(dbs) > 0 {
			wait /= time.Duration(len(dbs))
		}
		switch sigs.Sleep(max(wait, 100*time.Millisecond)) {
		case sigs.Shutdown:
			return 0
		case sigs.Reload:
			c.Reload()
			if !c.Settings.Bool("autovacuum") || !c.Settings.Bool("track_counts") {
				return 0
			}
			continue
		case nil:
		default:
			continue
		}
		if len(dbs) == 0 {
			continue
		}
		next %= len(dbs)
		db := dbs[next]
		next++
		if autovacuumWorkers(c, db) {
			continue // one worker per database at a time
		}
		if c.Shared.RequestAutovacuumWorker(db) {
			syscall.Kill(c.PostmasterPID, syscall.SIGUSR1)
		}
	}
}

// connectableDatabases are the databases autovacuum visits: those that
// accept connections, and the others (template0) only when their
// datfrozenxid is older than autovacuum_freeze_max_age (or datminmxid
// than autovacuum_multixact_freeze_max_age, lowered while multixact member
// space fills), for an anti-wraparound
// vacuum. Those in danger come first.
func connectableDatabases(c *postmaster.Child, owner *shmem.Owner) []uint32 {
	dbs, err := catalog.Databases(c.DataDir)
	if err != nil {
		c.Log.Report(err, "")
		return nil
	}
	next := c.Storage.Xact.ReadNextFullTransactionId().Xid()
	maxAge := c.Settings.Int("autovacuum_freeze_max_age")
	nextMulti, _ := c.Storage.Xact.ReadNextMultiXactId(owner)
	multiMaxAge := c.Storage.Xact.MultiXactMemberFreezeThreshold(owner, c.Settings.Int("autovacuum_multixact_freeze_max_age"))
	var urgent, out []uint32
	for _, d := range dbs {
		frozen := transam.TransactionId(d.FrozenXid)
		minMulti := transam.MultiXactId(d.MinMxid)
		wraparound := frozen.IsNormal() && int64(int32(uint32(next)-uint32(frozen))) > maxAge ||
			minMulti.IsValid() && int64(int32(uint32(nextMulti)-uint32(minMulti))) > multiMaxAge
		switch {
		case wraparound:
			urgent = append(urgent, d.OID)
		case d.AllowConn:
			out = append(out, d.OID)
		}
	}
	return append(urgent, out...)
}

// autovacuumWorkers reports whether a worker is busy in database db.
func autovacuumWorkers(c *postmaster.Child, db uint32) bool {
	for i := range c.Procs.Slots() {
		sl := &c.Procs.Slots()[i]
		if sl.Role == proc.RoleAutovacuumWorker && atomic.LoadInt32(&sl.Owner.Pid) != 0 && atomic.LoadUint32(&sl.DatabaseOID) == db {
			return true
		}
	}
	return false
}
