// The startup process: crash recovery before the server accepts clients.

package bg

import (
	"context"

	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
)

// RunStartup is the startup process's main function. It replays the WAL
// (when the last shutdown was not clean), writes the end-of-recovery
// checkpoint, and exits 0 so that the postmaster opens for connections.
func RunStartup(c *postmaster.Child) int {
	c.NotifyAux()
	return runWithEngine(c, func(_ *proc.Slot, e *engine.Engine) int {
		if _, err := e.Recover(context.Background()); err != nil {
			c.Log.Report(fatal(err), "")
			return 1
		}
		return 0
	})
}
