// The background writer and the walwriter, and the autovacuum launcher's
// schedule.

package bg

import (
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
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

// RunAutovacuumLauncher is the autovacuum launcher's main function. It
// wakes every autovacuum_naptime; VACUUM itself arrives with a later issue,
// so it launches no workers yet.
func RunAutovacuumLauncher(c *postmaster.Child) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	sigs := c.NotifyAux()
	// It only ever sleeps, so it always shows its idle event.
	waitevent.Start(&slot.Owner, waitevent.AutoVacuumMain)
	for {
		switch sigs.Sleep(c.Settings.Duration("autovacuum_naptime")) {
		case sigs.Shutdown:
			return 0
		case sigs.Reload:
			c.Reload()
		}
	}
}
