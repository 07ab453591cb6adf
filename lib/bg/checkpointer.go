// The checkpointer: timed and requested checkpoints, and the shutdown one.

package bg

import (
	"os"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/datadir"
	"github.com/gpostgres/gpostgres/lib/postmaster"
)

// RunCheckpointer is the checkpointer process's main function.
func RunCheckpointer(c *postmaster.Child) int {
	slot, err := c.ClaimAuxSlot()
	if err != nil {
		c.Log.Report(err, "")
		return 1
	}
	defer slot.Release()
	sh := c.Shared
	atomic.StoreInt32(&sh.CheckpointerPID, int32(os.Getpid()))
	sigs := postmaster.NotifyAux()
	last := time.Now()
	for {
		if atomic.LoadInt32(&sh.ShuttingDown) == 2 {
			return shutdownCheckpoint(c)
		}
		timeout := c.Settings.Duration("checkpoint_timeout")
		wait := time.Until(last.Add(timeout))
		if atomic.LoadUint64(&sh.CkptRequests) == atomic.LoadUint64(&sh.CkptDone) && wait > 0 {
			switch sigs.Sleep(wait) {
			case sigs.Reload:
				c.Reload()
				continue
			case sigs.Shutdown:
				// Orderly shutdown is signalled through ShuttingDown;
				// loop around to see it.
				continue
			}
		}
		requested := atomic.LoadUint64(&sh.CkptRequests)
		timed := requested == atomic.LoadUint64(&sh.CkptDone)
		if timed && time.Since(last) < timeout {
			continue
		}
		atomic.AddUint64(&sh.CkptStarted, 1)
		if err := checkpoint(c, false); err != nil {
			c.Log.Report(err, "")
			atomic.AddUint64(&sh.CkptFailed, 1)
		}
		if timed {
			atomic.AddUint64(&sh.CheckpointsTimed, 1)
		} else {
			atomic.AddUint64(&sh.CheckpointsReq, 1)
		}
		atomic.StoreUint64(&sh.CkptDone, requested)
		last = time.Now()
	}
}

// checkpoint makes the data directory's durable state current. There are
// no buffers or WAL yet, so it records the checkpoint in the control file.
func checkpoint(c *postmaster.Child, shutdown bool) error {
	cf, err := datadir.ReadControlFile(c.DataDir)
	if err != nil {
		return err
	}
	cf.Time = time.Now().Unix()
	if shutdown {
		cf.State = datadir.DBShutdowned
	}
	return datadir.WriteControlFile(c.DataDir, cf)
}

func shutdownCheckpoint(c *postmaster.Child) int {
	c.Log.Log("shutting down")
	if err := checkpoint(c, true); err != nil {
		c.Log.Report(err, "")
		return 1
	}
	c.Log.Log("database system is shut down")
	return 0
}
