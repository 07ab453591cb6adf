// The checkpointer's table of pending fsyncs and unlinks: PostgreSQL's
// sync.c (RememberSyncRequest, ProcessSyncRequests, SyncPreCheckpoint,
// SyncPostCheckpoint).

package smgr

import (
	"cmp"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// absorbEvery is how many files SyncAll and PostCheckpoint handle between
// two absorptions of the queue (FSYNCS_PER_ABSORB, UNLINKS_PER_ABSORB), so
// that writers do not find it full during a long sync phase.
const absorbEvery = 10

type pendingEntry struct {
	cycle    uint64 // syncCycle when first requested
	canceled bool
	// syncing: SyncAll is fsyncing the segment; again: it was requested
	// once more meanwhile, so the fsync under way may miss that write and
	// the entry must stay for the next SyncAll.
	syncing, again bool
}

type pendingUnlink struct {
	tag   fileTag
	cycle uint64 // checkpointCycle when requested
}

type dirTag struct{ spc, db uint32 }

// SyncStats describe the last SyncAll, for the "checkpoint complete" log
// line (sync files=%d, longest=%.3f s, average=%.3f s).
type SyncStats struct {
	Files   int
	Longest time.Duration
	Total   time.Duration
}

// PendingSyncs is the checkpointer's private table of segments to fsync and
// files to unlink (pendingOps, pendingUnlinks). Remember may be called from
// several goroutines; SyncAll, PostCheckpoint and Absorb from one at a time.
type PendingSyncs struct {
	queue *SyncQueue

	mu              sync.Mutex
	entries         map[fileTag]*pendingEntry
	dirs            map[dirTag]uint64
	unlinks         []pendingUnlink
	syncCycle       uint64
	checkpointCycle uint64
	last            SyncStats

	absorbMu sync.Mutex // serialises absorptions, which share scratch
	scratch  []SyncRequest
}

// NewPendingSyncs returns an empty table. With a queue, SyncAll and
// PostCheckpoint absorb it as they go; the checkpointer also calls Absorb
// between checkpoints to keep the queue from filling.
func NewPendingSyncs(q *SyncQueue) *PendingSyncs {
	return &PendingSyncs{
		queue:   q,
		entries: map[fileTag]*pendingEntry{},
		dirs:    map[dirTag]uint64{},
	}
}

// Absorb moves the shared queue's requests into p (no-op without a queue).
func (p *PendingSyncs) Absorb() {
	if p.queue != nil {
		p.queue.Absorb(p)
	}
}

// Remember records one request (RememberSyncRequest).
func (p *PendingSyncs) Remember(r SyncRequest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch r.Kind {
	case SyncFile:
		e := p.entries[r.tag()]
		switch {
		case e == nil:
			p.entries[r.tag()] = &pendingEntry{cycle: p.syncCycle}
		case e.canceled:
			e.cycle, e.canceled = p.syncCycle, false
		case e.syncing:
			e.again = true
		}
		// Otherwise an entry with an older cycle stays old: it is due at
		// the SyncAll under way or the next one, after this write.
	case SyncForget:
		if e := p.entries[r.tag()]; e != nil {
			e.canceled = true
		}
	case SyncFilterDB:
		for t, e := range p.entries {
			if t.Rel.DB == r.Rel.DB {
				e.canceled = true
			}
		}
		for d := range p.dirs {
			if d.db == r.Rel.DB {
				delete(p.dirs, d)
			}
		}
		p.unlinks = slices.DeleteFunc(p.unlinks, func(u pendingUnlink) bool { return u.tag.Rel.DB == r.Rel.DB })
	case SyncUnlink:
		p.unlinks = append(p.unlinks, pendingUnlink{r.tag(), p.checkpointCycle})
	case SyncDir:
		d := dirTag{r.Rel.Spc, r.Rel.DB}
		if _, ok := p.dirs[d]; !ok {
			p.dirs[d] = p.syncCycle
		}
	}
}

// Len is the number of segments waiting for an fsync.
func (p *PendingSyncs) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.entries)
}

// LastSync describes the last SyncAll.
func (p *PendingSyncs) LastSync() SyncStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// PreCheckpoint marks the start of a checkpoint (SyncPreCheckpoint):
// unlink requests made from now on wait for the checkpoint after this one.
// Call it before the checkpoint's redo point is taken.
func (p *PendingSyncs) PreCheckpoint() {
	p.mu.Lock()
	p.checkpointCycle++
	p.mu.Unlock()
}

// SyncAll fsyncs every segment and directory registered before it started
// (ProcessSyncRequests); requests arriving meanwhile wait for the next
// call. A segment whose file is gone is skipped when a forget request for
// it arrives (the file was unlinked): on ENOENT the queue is absorbed
// again and the fsync retried once. Any other failure, or ENOENT twice, is
// returned as a PANIC-level error (data_sync_retry = off): the checkpoint
// must not complete, and the server must recover from WAL.
func (p *PendingSyncs) SyncAll(m *Manager) error {
	if p.queue != nil {
		// Odd while we run: writers stop trusting what they queued before.
		p.queue.bumpCycle()
		defer p.queue.bumpCycle()
	}
	p.Absorb()

	p.mu.Lock()
	p.syncCycle++
	cycle := p.syncCycle
	var todo []fileTag
	for t, e := range p.entries {
		switch {
		case e.canceled:
			delete(p.entries, t)
		case e.cycle != cycle:
			todo = append(todo, t)
		}
	}
	var dirs []dirTag
	for d, c := range p.dirs {
		if c != cycle {
			dirs = append(dirs, d)
		}
	}
	p.mu.Unlock()
	slices.SortFunc(todo, compareTags)

	var stats SyncStats
	for i, t := range todo {
		if i > 0 && i%absorbEvery == 0 {
			p.Absorb()
		}
		for failures := 0; ; failures++ {
			p.mu.Lock()
			e := p.entries[t]
			canceled := e == nil || e.canceled
			if !canceled {
				e.syncing, e.again = true, false
			}
			p.mu.Unlock()
			if canceled {
				break
			}
			start := time.Now()
			path, err := m.syncTag(t)
			if err == nil {
				m.countFsync(start)
				d := time.Since(start)
				stats.Files++
				stats.Total += d
				stats.Longest = max(stats.Longest, d)
				break
			}
			if failures > 0 || !isNotExist(err) {
				p.mu.Lock()
				e.syncing = false
				p.mu.Unlock()
				return fsyncError(err, path)
			}
			// Maybe unlinked since: a forget request should be queued.
			p.Absorb()
		}
		p.mu.Lock()
		if e := p.entries[t]; e != nil {
			if e.again && !e.canceled {
				e.syncing, e.again, e.cycle = false, false, cycle // due next time
			} else {
				delete(p.entries, t)
			}
		}
		p.mu.Unlock()
	}

	slices.SortFunc(dirs, func(a, b dirTag) int { return cmp.Or(cmp.Compare(a.spc, b.spc), cmp.Compare(a.db, b.db)) })
	for _, d := range dirs {
		path := dirPath(d)
		if err := m.syncDir(path); err != nil && !isNotExist(err) {
			return fsyncError(err, path)
		}
		p.mu.Lock()
		if c, ok := p.dirs[d]; ok && c != cycle {
			delete(p.dirs, d)
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.last = stats
	p.mu.Unlock()
	return nil
}

// PostCheckpoint removes the files whose unlink was requested before the
// last PreCheckpoint (SyncPostCheckpoint). Call it once the checkpoint
// record is durable. Failures are WARNINGs; a file already gone is fine.
func (p *PendingSyncs) PostCheckpoint(m *Manager) []*pgerr.Error {
	var warnings []*pgerr.Error
	for n := 0; ; n++ {
		if n > 0 && n%absorbEvery == 0 {
			p.Absorb()
		}
		p.mu.Lock()
		if len(p.unlinks) == 0 || p.unlinks[0].cycle == p.checkpointCycle {
			p.mu.Unlock()
			return warnings
		}
		u := p.unlinks[0]
		p.unlinks = p.unlinks[1:]
		p.mu.Unlock()
		path := u.tag.Rel.Path(u.tag.Fork, 0)
		if err := m.sys.unlink(m.abs(path)); err != nil && !isNotExist(err) {
			warnings = append(warnings, fileError(err, "could not remove file \"%s\"", path).WithSeverity(pgerr.SeverityWarning))
		}
	}
}

func compareTags(a, b fileTag) int {
	return cmp.Or(cmp.Compare(a.Rel.Spc, b.Rel.Spc), cmp.Compare(a.Rel.DB, b.Rel.DB), cmp.Compare(a.Rel.Rel, b.Rel.Rel),
		cmp.Compare(a.Fork, b.Fork), cmp.Compare(a.Segno, b.Segno))
}

// dirPath is the directory a SyncDir request names.
func dirPath(d dirTag) string {
	root := "base"
	if d.spc == storage.GlobalTablespace {
		root = "global"
	}
	if d.db == 0 || d.spc == storage.GlobalTablespace {
		return root
	}
	return filepath.Join(root, strconv.FormatUint(uint64(d.db), 10))
}
