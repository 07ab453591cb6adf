// Keeping a catalog cache from one session to the next in a pooled
// backend process (lib/backend's pool reuse): the cache survives the
// session, its invalidation reader does not. Between sessions the reader
// is suspended at its place in the shared queue; the next session of the
// same database resumes it in that session's proc slot and replays what
// other backends invalidated meanwhile, or discards everything if the
// queue moved on too far.

package catalog

import (
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
)

// Suspend ends the session's use of the cache: it detaches the
// invalidation reader, remembering its place, and forgets the session's
// temporary schema. ok is false when the cache cannot be kept: it still
// has invalidations of an unfinished transaction queued, or no reader.
func (c *Cache) Suspend() (pos sinval.Position, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inval == nil || len(c.cmd) > 0 || len(c.xact) > 0 || len(c.outer) > 0 {
		return sinval.Position{}, false
	}
	pos = c.inval.Suspend()
	c.inval = nil
	// pg_temp_N belonged to the session's backend id; the next session
	// finds (or makes) its own, as a new backend does.
	c.temp = TempState{}
	c.smgrHooks = map[string]func(storage.RelFileLocator){}
	return pos, true
}

// Resume gives the cache the next session's invalidation reader
// (sinval.Queue.Resume at the position Suspend returned). The reader's
// messages, or its reset, are applied at the next Accept.
func (c *Cache) Resume(inval *sinval.Backend) {
	c.mu.Lock()
	c.inval = inval
	c.mu.Unlock()
}
