// One process's pending counts: what its scans, row changes, buffer
// accesses and transactions add, kept in process memory and added to
// the shared table in batches (PostgreSQL's pgstat.c, pgstat_relation.c,
// pgstat_database.c and pgstat_xact.c).

package pgstat

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/shmem"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// Flush intervals, PostgreSQL's PGSTAT_MIN_INTERVAL, PGSTAT_MAX_INTERVAL
// and PGSTAT_IDLE_INTERVAL: a session flushes at most once per
// MinInterval at the end of a transaction; counts held back that way are
// flushed after IdleInterval if the session stays idle, and at the end
// of the next transaction once they are MaxInterval old.
const (
	MinInterval  = time.Second
	MaxInterval  = 60 * time.Second
	IdleInterval = 10 * time.Second
)

// firstNormalOID: relations below it are built-in catalogs, whose file
// number is their OID (there is no relation mapper).
const firstNormalOID = 16384

// RelationCounts are one relation's counts not yet flushed
// (PgStat_TableCounts). The executor adds to them directly.
type RelationCounts struct {
	NumScans         int64
	TuplesReturned   int64
	TuplesFetched    int64
	TuplesInserted   int64
	TuplesUpdated    int64
	TuplesDeleted    int64
	TuplesHotUpdated int64
	// Truncated: a committed TRUNCATE emptied the table, so the shared
	// live and dead counts restart from the deltas.
	Truncated     bool
	DeltaLive     int64
	DeltaDead     int64
	Changed       int64
	BlocksFetched int64
	BlocksHit     int64
}

// xactCounts are a relation's row changes in one (sub)transaction level
// whose fate is not known yet (PgStat_TableXactStatus).
type xactCounts struct {
	level                      int
	inserted, updated, deleted int64
	truncated                  bool
	insPre, updPre, delPre     int64
	upper                      *xactCounts
}

// Relation is one relation's pending counts in a process
// (PgStat_TableStatus). A nil *Relation counts nothing: track_counts was
// off when the relation was opened.
type Relation struct {
	b      *Backend
	OID    uint32
	Shared bool
	Counts RelationCounts
	trans  *xactCounts
}

// Backend is one process's statistics state. It is used from the
// session's goroutine only.
type Backend struct {
	sh       *Shared
	owner    *shmem.Owner
	settings *config.Settings
	db       uint32
	slot     *proc.Slot
	// client: a client backend, whose session times and ends are counted.
	client bool
	// autovacuum: an autovacuum worker, whose vacuums and analyzes count
	// as automatic.
	autovacuum bool

	rels      map[uint32]*Relation
	byLocator map[storage.RelFileLocator]*Relation
	lastLoc   storage.RelFileLocator
	lastRel   *Relation
	// pending is set once anything was counted since the last flush.
	pending     bool
	pendingFrom time.Time
	lastFlush   time.Time
	forceNext   bool

	// level is the transaction nesting level (0: top level).
	level int
	// inXact are the relations with row changes of the open transaction.
	inXact []*Relation

	// db holds the database-wide counts not yet flushed; blocks and
	// tuples are added from the relations at flush.
	dbCounts DatabaseStats
	// shared: the blocks of shared catalogs, counted under database 0.
	sharedBlocksFetched, sharedBlocksHit int64

	// Session time accounting (pgstat_report_activity's counters).
	lastSessionReport time.Time
	state             int32
	stateSince        time.Time
	activeTime        time.Duration
	idleInXactTime    time.Duration

	// usage is the process's buffer usage, whose read and write times
	// (track_io_timing) become blk_read_time and blk_write_time;
	// usageSeen is what was counted of them so far.
	usage               *storage.BufferUsage
	readSeen, writeSeen time.Duration

	// io are the process's pg_stat_io counts (its buffer pool's), added
	// at each flush to those of backend type ioType.
	io     *storage.IOCounts
	ioType BackendType

	fetch fetchState
	// warnFull logs once that the shared table is full.
	warnFull func()
}

// NewBackend makes the statistics state of a process connected to
// database db (0 for a process without one). settings gives track_counts
// and stats_fetch_consistency.
func (sh *Shared) NewBackend(owner *shmem.Owner, settings *config.Settings, db uint32) *Backend {
	return &Backend{sh: sh, owner: owner, settings: settings, db: db,
		rels: make(map[uint32]*Relation), byLocator: make(map[storage.RelFileLocator]*Relation)}
}

// Shared returns the shared table.
func (b *Backend) Shared() *Shared { return b.sh }

// Owner is the process's lock owner, for the Shared methods.
func (b *Backend) Owner() *shmem.Owner { return b.owner }

// Database is the database the process counts for.
func (b *Backend) Database() uint32 { return b.db }

// SetWarnFull sets what to do the first time counts are lost because
// the shared table is full.
func (b *Backend) SetWarnFull(f func()) { b.warnFull = f }

// trackCounts is track_counts.
func (b *Backend) trackCounts() bool { return b.settings == nil || b.settings.Bool("track_counts") }

// Relation returns the pending counts of relation oid (a table or an
// index; shared for the shared catalogs), nil when track_counts is off
// (pgstat_init_relation). loc, when not zero, is its file: the buffer
// accesses of that file count for it.
func (b *Backend) Relation(oid uint32, shared bool, loc storage.RelFileLocator) *Relation {
	if b == nil || !b.trackCounts() {
		return nil
	}
	b.markPending()
	r := b.rels[oid]
	if r == nil {
		r = &Relation{b: b, OID: oid, Shared: shared}
		b.rels[oid] = r
	}
	if loc.Rel != 0 {
		if old, ok := b.byLocator[loc]; !ok || old != r {
			b.byLocator[loc] = r
			b.lastRel = nil
		}
	}
	return r
}

func (b *Backend) markPending() {
	if !b.pending {
		b.pending = true
		b.pendingFrom = time.Now()
	}
}

// CountBufferAccess counts a page read through the buffer manager: hit
// when it was found in a buffer (pgstat_count_buffer_read/hit). The
// page's relation is the one registered for its file; the built-in
// catalogs are found by file number.
func (b *Backend) CountBufferAccess(loc storage.RelFileLocator, hit bool) {
	r := b.lastRel
	if r == nil || loc != b.lastLoc {
		r = b.byLocator[loc]
		if r == nil {
			if loc.Rel >= firstNormalOID || loc.Backend != 0 || !b.trackCounts() {
				return
			}
			r = b.Relation(loc.Rel, loc.DB == 0, loc)
		}
		b.lastLoc, b.lastRel = loc, r
	}
	r.Counts.BlocksFetched++
	if hit {
		r.Counts.BlocksHit++
	}
}

// CountReclaimed lowers the dead tuple count of relation oid (file loc)
// by the n tuples an on-access pruning reclaimed, whatever becomes of
// the transaction (pgstat_update_heap_dead_tuples).
func (b *Backend) CountReclaimed(oid uint32, loc storage.RelFileLocator, n int) {
	if b == nil {
		return
	}
	r := b.rels[oid]
	if r == nil {
		r = b.Relation(oid, loc.DB == 0 && loc.Backend == 0, loc)
	}
	if r != nil {
		r.Counts.DeltaDead -= int64(n)
	}
}

// CountScan counts a sequential scan's start (or restart).
func (r *Relation) CountScan() {
	if r != nil {
		r.Counts.NumScans++
	}
}

// CountIndexScan counts an index scan's start on the index r.
func (r *Relation) CountIndexScan() {
	if r != nil {
		r.Counts.NumScans++
	}
}

// CountReturned counts rows a sequential scan returned, or index
// entries an index scan returned.
func (r *Relation) CountReturned(n int64) {
	if r != nil {
		r.Counts.TuplesReturned += n
	}
}

// CountFetched counts live rows fetched through an index (r is the
// index) or by a bitmap heap scan (r is the table).
func (r *Relation) CountFetched(n int64) {
	if r != nil {
		r.Counts.TuplesFetched += n
	}
}

// xactLevel returns the relation's counts for the current transaction
// level, making them if needed (ensure_tabstat_xact_level).
func (r *Relation) xactLevel() *xactCounts {
	b := r.b
	if r.trans == nil || r.trans.level != b.level {
		if r.trans == nil {
			b.inXact = append(b.inXact, r)
		}
		r.trans = &xactCounts{level: b.level, upper: r.trans}
	}
	return r.trans
}

// CountInsert counts n rows inserted.
func (r *Relation) CountInsert(n int64) {
	if r != nil {
		r.xactLevel().inserted += n
	}
}

// CountUpdate counts a row updated; hot when the new version is a
// heap-only tuple.
func (r *Relation) CountUpdate(hot bool) {
	if r != nil {
		r.xactLevel().updated++
		if hot {
			r.Counts.TuplesHotUpdated++
		}
	}
}

// CountDelete counts a row deleted.
func (r *Relation) CountDelete() {
	if r != nil {
		r.xactLevel().deleted++
	}
}

// saveBeforeTruncate keeps the level's counts from before its first
// TRUNCATE, which an abort of the level brings back.
func (t *xactCounts) saveBeforeTruncate() {
	if !t.truncated {
		t.insPre, t.updPre, t.delPre = t.inserted, t.updated, t.deleted
		t.truncated = true
	}
}

func (t *xactCounts) restoreTruncated() {
	if t.truncated {
		t.inserted, t.updated, t.deleted = t.insPre, t.updPre, t.delPre
	}
}

// CountTruncate counts a TRUNCATE of the table: the level's row changes
// are forgotten, and at commit the live and dead counts restart
// (pgstat_count_truncate).
func (r *Relation) CountTruncate() {
	if r != nil {
		t := r.xactLevel()
		t.saveBeforeTruncate()
		t.inserted, t.updated, t.deleted = 0, 0, 0
	}
}

// PendingInXact returns the relation's counts of the open transaction,
// for pg_stat_get_xact_*: the pending counts plus the row changes of the
// transaction's levels.
func (r *Relation) PendingInXact() RelationCounts {
	c := r.Counts
	for t := r.trans; t != nil; t = t.upper {
		c.TuplesInserted += t.inserted
		c.TuplesUpdated += t.updated
		c.TuplesDeleted += t.deleted
	}
	return c
}

// PendingRelation returns the process's counts of relation oid not yet
// flushed, nil if it has none.
func (b *Backend) PendingRelation(oid uint32) *Relation {
	if b == nil {
		return nil
	}
	return b.rels[oid]
}

// ---- transaction ends (AtEOXact_PgStat, AtEOSubXact_PgStat) ----

// AtSubStart notes that a savepoint level begins; level is its depth
// (the top level is 0).
func (b *Backend) AtSubStart(level int) {
	if b != nil {
		b.level = level
	}
}

// AtSubEnd ends savepoint level level: committed (RELEASE) into its
// parent, or rolled back.
func (b *Backend) AtSubEnd(level int, commit bool) {
	if b == nil {
		return
	}
	for _, r := range b.inXact {
		for r.trans != nil && r.trans.level >= level {
			t := r.trans
			if commit {
				up := t.upper
				if up != nil && up.level == level-1 {
					if t.truncated {
						up.saveBeforeTruncate()
						up.inserted, up.updated, up.deleted = t.inserted, t.updated, t.deleted
					} else {
						up.inserted += t.inserted
						up.updated += t.updated
						up.deleted += t.deleted
					}
					r.trans = up
				} else {
					// No record at the parent level: this one moves up.
					t.level = level - 1
					break
				}
			} else {
				t.restoreTruncated()
				r.Counts.TuplesInserted += t.inserted
				r.Counts.TuplesUpdated += t.updated
				r.Counts.TuplesDeleted += t.deleted
				// Rows inserted are dead; rows deleted stay alive.
				r.Counts.DeltaDead += t.inserted + t.updated
				r.trans = t.upper
			}
		}
	}
	b.level = level - 1
	b.compactXact()
}

func (b *Backend) compactXact() {
	n := 0
	for _, r := range b.inXact {
		if r.trans != nil {
			b.inXact[n] = r
			n++
		}
	}
	clear(b.inXact[n:])
	b.inXact = b.inXact[:n]
}

// AtEOXact ends the top-level transaction: its row changes become live
// and dead tuple counts, and the transaction counts for the database.
func (b *Backend) AtEOXact(commit bool) {
	if b == nil {
		return
	}
	if commit {
		b.dbCounts.XactCommit++
	} else {
		b.dbCounts.XactRollback++
	}
	b.markPending()
	for _, r := range b.inXact {
		// Savepoints still open end with the transaction, innermost
		// first.
		for r.trans != nil && r.trans.upper != nil {
			t := r.trans
			up := t.upper
			if commit {
				if t.truncated {
					up.saveBeforeTruncate()
					up.inserted, up.updated, up.deleted = t.inserted, t.updated, t.deleted
				} else {
					up.inserted += t.inserted
					up.updated += t.updated
					up.deleted += t.deleted
				}
			} else {
				t.restoreTruncated()
				r.Counts.TuplesInserted += t.inserted
				r.Counts.TuplesUpdated += t.updated
				r.Counts.TuplesDeleted += t.deleted
				r.Counts.DeltaDead += t.inserted + t.updated
			}
			r.trans = up
		}
		t := r.trans
		if t == nil {
			continue
		}
		c := &r.Counts
		if !commit {
			t.restoreTruncated()
		}
		// Attempted changes count whatever the outcome.
		c.TuplesInserted += t.inserted
		c.TuplesUpdated += t.updated
		c.TuplesDeleted += t.deleted
		if commit {
			if t.truncated {
				c.Truncated = true
				c.DeltaLive, c.DeltaDead = 0, 0
			}
			c.DeltaLive += t.inserted - t.deleted
			c.DeltaDead += t.updated + t.deleted
			c.Changed += t.inserted + t.updated + t.deleted
		} else {
			c.DeltaDead += t.inserted + t.updated
		}
		r.trans = nil
	}
	clear(b.inXact)
	b.inXact = b.inXact[:0]
	b.level = 0
	b.fetch.clear()
}

// ---- database-wide events ----

// ReportConnect counts a new session (pgstat_report_connect).
func (b *Backend) ReportConnect(slot *proc.Slot, now time.Time) {
	if b == nil {
		return
	}
	b.slot = slot
	b.client = true
	b.lastSessionReport = now
	b.state, b.stateSince = proc.StateStarting, now
	b.dbCounts.Sessions++
	b.markPending()
}

// SetAutovacuumWorker marks the process as an autovacuum worker: its
// ReportVacuum and ReportAnalyze set last_autovacuum and
// last_autoanalyze (IsAutoVacuumWorkerProcess).
func (b *Backend) SetAutovacuumWorker() {
	if b != nil {
		b.autovacuum = true
	}
}

// SetSlot gives the process's proc slot (progress reporting) to a
// process that is not a client backend.
func (b *Backend) SetSlot(slot *proc.Slot) {
	if b != nil {
		b.slot = slot
	}
}

// SessionEnd is why a session ended (SessionEndType).
type SessionEnd int

const (
	SessionNormal SessionEnd = iota
	SessionClientEOF
	SessionFatal
	SessionKilled
)

// ReportDisconnect counts the session's end and flushes everything
// (pgstat_report_disconnect and the shutdown hook).
func (b *Backend) ReportDisconnect(how SessionEnd) {
	if b == nil {
		return
	}
	if b.client {
		b.ReportState(proc.StateStarting, time.Now())
		switch how {
		case SessionClientEOF:
			b.dbCounts.SessionsAbandoned++
		case SessionFatal:
			b.dbCounts.SessionsFatal++
		case SessionKilled:
			b.dbCounts.SessionsKilled++
		}
		b.markPending()
	}
	b.Flush(true)
}

// ReportState accumulates the time spent active and idle in a
// transaction as the session changes state (pgstat_report_activity).
func (b *Backend) ReportState(state int32, now time.Time) {
	if b == nil || !b.client || state == b.state {
		return
	}
	d := now.Sub(b.stateSince)
	switch b.state {
	case proc.StateActive:
		b.activeTime += d
	case proc.StateIdleInTransaction, proc.StateIdleInTransactionAborted:
		b.idleInXactTime += d
	}
	b.state, b.stateSince = state, now
}

// ReportDeadlock counts a deadlock this process detected.
func (b *Backend) ReportDeadlock() {
	if b != nil && b.trackCounts() {
		b.dbCounts.Deadlocks++
		b.markPending()
	}
}

// ReportTempFile counts a temporary file of size bytes
// (pgstat_report_tempfile).
func (b *Backend) ReportTempFile(size int64) {
	if b != nil && b.trackCounts() {
		b.dbCounts.TempFiles++
		b.dbCounts.TempBytes += size
		b.markPending()
	}
}

// SetBufferUsage gives the process's buffer usage counters, whose page
// read and write times (measured under track_io_timing) count as the
// database's blk_read_time and blk_write_time.
func (b *Backend) SetBufferUsage(u *storage.BufferUsage) {
	if b != nil {
		b.usage = u
		b.readSeen, b.writeSeen = u.ReadTime, u.WriteTime
	}
}

// SetIOCounts gives the process's I/O counts (the buffer pool's), which
// each flush adds to pg_stat_io's row of backend type t.
func (b *Backend) SetIOCounts(c *storage.IOCounts, t BackendType) {
	if b != nil {
		b.io, b.ioType = c, t
	}
}

// ReportChecksumFailure counts a page of database db whose checksum did
// not match, at once in the shared table, with its time
// (pgstat_report_checksum_failures_in_db).
func (b *Backend) ReportChecksumFailure(db uint32) {
	if b == nil || !b.trackCounts() {
		return
	}
	sh := b.sh
	sh.hdr.lock.Lock(b.owner)
	defer sh.hdr.lock.Unlock(b.owner)
	if e := sh.findOrCreate(Key{KindDatabase, db, 0}); e != nil {
		d := e.database()
		d.ChecksumFailures++
		d.LastChecksumFailure = time.Now().UnixMicro()
	}
}

// ForceNextFlush makes the next Flush happen whatever the interval
// (pg_stat_force_next_flush).
func (b *Backend) ForceNextFlush() {
	if b != nil {
		b.forceNext = true
	}
}

// ---- flushing ----

// Flush adds the pending counts to the shared table when force is set,
// pg_stat_force_next_flush was called, the last flush is MinInterval
// old, or counts have waited MaxInterval (pgstat_report_stat). It
// returns how long the caller, when idle, should wait before calling it
// again with force (0: nothing is left pending).
func (b *Backend) Flush(force bool) time.Duration {
	if b == nil || !b.pending {
		return 0
	}
	now := time.Now()
	if b.forceNext {
		force, b.forceNext = true, false
	}
	if !force && now.Sub(b.pendingFrom) < MaxInterval && now.Sub(b.lastFlush) < MinInterval {
		return IdleInterval
	}
	b.flushNow(now)
	return 0
}

func (b *Backend) flushNow(now time.Time) {
	if b.client {
		d := now.Sub(b.lastSessionReport)
		b.lastSessionReport = now
		b.dbCounts.SessionTime += d.Microseconds()
		// Time of the current state counts up to now too.
		if b.state == proc.StateActive {
			b.activeTime += now.Sub(b.stateSince)
			b.stateSince = now
		} else if b.state == proc.StateIdleInTransaction || b.state == proc.StateIdleInTransactionAborted {
			b.idleInXactTime += now.Sub(b.stateSince)
			b.stateSince = now
		}
		b.dbCounts.ActiveTime += b.activeTime.Microseconds()
		b.dbCounts.IdleInTransactionTime += b.idleInXactTime.Microseconds()
		b.activeTime, b.idleInXactTime = 0, 0
	}
	if u := b.usage; u != nil {
		b.dbCounts.BlockReadTime += (u.ReadTime - b.readSeen).Microseconds()
		b.dbCounts.BlockWriteTime += (u.WriteTime - b.writeSeen).Microseconds()
		b.readSeen, b.writeSeen = u.ReadTime, u.WriteTime
	}
	var sharedDB DatabaseStats
	sh := b.sh
	sh.hdr.lock.Lock(b.owner)
	lost := false
	for oid, r := range b.rels {
		c := &r.Counts
		if *c == (RelationCounts{}) {
			continue
		}
		db, dbc := b.db, &b.dbCounts
		if r.Shared {
			db, dbc = 0, &sharedDB
		}
		e := sh.findOrCreate(Key{KindRelation, db, oid})
		if e == nil {
			lost = true
		} else {
			t := e.table()
			t.NumScans += c.NumScans
			t.TuplesReturned += c.TuplesReturned
			t.TuplesFetched += c.TuplesFetched
			t.TuplesInserted += c.TuplesInserted
			t.TuplesUpdated += c.TuplesUpdated
			t.TuplesDeleted += c.TuplesDeleted
			t.TuplesHotUpdated += c.TuplesHotUpdated
			if c.Truncated {
				t.LiveTuples, t.DeadTuples, t.InsertsSinceVacuum = 0, 0, 0
			}
			t.LiveTuples = max(t.LiveTuples+c.DeltaLive, 0)
			t.DeadTuples = max(t.DeadTuples+c.DeltaDead, 0)
			t.ChangesSinceAnalyze += c.Changed
			t.InsertsSinceVacuum += c.TuplesInserted
			t.BlocksFetched += c.BlocksFetched
			t.BlocksHit += c.BlocksHit
		}
		dbc.TuplesReturned += c.TuplesReturned
		dbc.TuplesFetched += c.TuplesFetched
		dbc.TuplesInserted += c.TuplesInserted
		dbc.TuplesUpdated += c.TuplesUpdated
		dbc.TuplesDeleted += c.TuplesDeleted
		dbc.BlocksFetched += c.BlocksFetched
		dbc.BlocksHit += c.BlocksHit
		*c = RelationCounts{}
	}
	if b.db != 0 || b.client {
		if e := sh.findOrCreate(Key{KindDatabase, b.db, 0}); e != nil {
			addDatabase(e.database(), &b.dbCounts)
		} else {
			lost = true
		}
	}
	if sharedDB != (DatabaseStats{}) {
		if e := sh.findOrCreate(Key{KindDatabase, 0, 0}); e != nil {
			addDatabase(e.database(), &sharedDB)
		}
	}
	if b.io != nil && !b.io.IsZero() {
		if TracksIOBackendType(b.ioType) {
			sh.addIO(b.ioType, b.io)
		} else {
			*b.io = storage.IOCounts{}
		}
	}
	sh.hdr.lock.Unlock(b.owner)
	b.dbCounts = DatabaseStats{}
	b.pending = false
	b.lastFlush = now
	if lost && b.warnFull != nil {
		b.warnFull()
		b.warnFull = nil
	}
	// Relations dropped or no longer used need not stay registered: a
	// session that touches many relations keeps only those of the
	// current transaction.
	if len(b.rels) > 1024 {
		for oid, r := range b.rels {
			if r.trans == nil {
				delete(b.rels, oid)
			}
		}
		clear(b.byLocator)
		b.lastRel = nil
	}
}

func addDatabase(d, c *DatabaseStats) {
	d.XactCommit += c.XactCommit
	d.XactRollback += c.XactRollback
	d.BlocksFetched += c.BlocksFetched
	d.BlocksHit += c.BlocksHit
	d.TuplesReturned += c.TuplesReturned
	d.TuplesFetched += c.TuplesFetched
	d.TuplesInserted += c.TuplesInserted
	d.TuplesUpdated += c.TuplesUpdated
	d.TuplesDeleted += c.TuplesDeleted
	d.TempFiles += c.TempFiles
	d.TempBytes += c.TempBytes
	d.Deadlocks += c.Deadlocks
	d.ChecksumFailures += c.ChecksumFailures
	d.BlockReadTime += c.BlockReadTime
	d.BlockWriteTime += c.BlockWriteTime
	d.Sessions += c.Sessions
	d.SessionTime += c.SessionTime
	d.ActiveTime += c.ActiveTime
	d.IdleInTransactionTime += c.IdleInTransactionTime
	d.SessionsAbandoned += c.SessionsAbandoned
	d.SessionsFatal += c.SessionsFatal
	d.SessionsKilled += c.SessionsKilled
}

// DropRelation forgets the counts of a relation whose DROP committed
// (pgstat_drop_relation): its shared entry, and the process's pending
// counts, which are never flushed.
func (b *Backend) DropRelation(oid uint32, shared bool) {
	if b == nil {
		return
	}
	db := b.db
	if shared {
		db = 0
	}
	b.sh.DropObject(b.owner, KindRelation, db, oid)
	if r := b.rels[oid]; r != nil {
		delete(b.rels, oid)
		for loc, lr := range b.byLocator {
			if lr == r {
				delete(b.byLocator, loc)
			}
		}
		b.lastRel = nil
	}
}
