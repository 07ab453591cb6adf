// The startup process: crash recovery before the server accepts clients.

package bg

import (
	"context"

	"github.com/gpostgres/gpostgres/lib/postmaster"
)

// RunStartup is the startup process's main function. It replays the WAL
// (when the last shutdown was not clean), writes the end-of-recovery
// checkpoint, and exits 0 so that the postmaster opens for connections.
func RunStartup(c *postmaster.Child) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	postmaster.NotifyAux()
	e, err := c.OpenEngine(slot)
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer e.Close()
	if _, err := e.Recover(context.Background()); err != nil {
		c.Log.Report(fatal(err), "")
		return 1
	}
	return 0
}
