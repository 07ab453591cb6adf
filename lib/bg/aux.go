// What every background process does first.

package bg

import (
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/postmaster"
	"github.com/gpostgres/gpostgres/lib/proc"
)

// runWithEngine claims the process's auxiliary slot, opens its storage
// handles and runs main with them; both are released when main returns.
// A failure to start is logged and exits with status 1.
func runWithEngine(c *postmaster.Child, main func(slot *proc.Slot, e *engine.Engine) int) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	e, err := c.OpenEngine(slot)
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer e.Close()
	return main(slot, e)
}
