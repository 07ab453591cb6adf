// The background writer, walwriter and autovacuum launcher loops.

package bg

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/postmaster"
)

// runLoop claims the process's slot and runs round every interval until
// the postmaster asks it to stop.
func runLoop(c *postmaster.Child, interval func() time.Duration, round func()) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	sigs := postmaster.NotifyAux()
	for {
		switch sigs.Sleep(interval()) {
		case sigs.Shutdown:
			return 0
		case sigs.Reload:
			c.Reload()
		}
		round()
	}
}

// RunBgWriter is the background writer's main function. It wakes every
// bgwriter_delay; with no shared buffers yet, a round has nothing to write.
func RunBgWriter(c *postmaster.Child) int {
	return runLoop(c, func() time.Duration { return c.Settings.Duration("bgwriter_delay") }, func() {})
}

// RunWalWriter is the walwriter's main function. It wakes every
// wal_writer_delay; with no WAL yet, a round has nothing to flush.
func RunWalWriter(c *postmaster.Child) int {
	return runLoop(c, func() time.Duration { return c.Settings.Duration("wal_writer_delay") }, func() {})
}

// RunAutovacuumLauncher is the autovacuum launcher's main function. It
// wakes every autovacuum_naptime; with no tables yet, there is nothing to
// vacuum.
func RunAutovacuumLauncher(c *postmaster.Child) int {
	return runLoop(c, func() time.Duration { return c.Settings.Duration("autovacuum_naptime") }, func() {})
}
