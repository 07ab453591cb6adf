// Reading the shared counts as stats_fetch_consistency says: "none"
// reads the shared table at every call, "cache" keeps each entry read
// until the transaction ends, "snapshot" copies all entries of the
// database at the first read (pgstat_fetch_entry, pgstat_build_snapshot).

package pgstat

import "time"

type fetchState struct {
	cache map[Key]cachedEntry
	// snapshot: cache holds every entry of the database, taken at
	// snapshotAt.
	snapshot   bool
	snapshotAt time.Time
}

type cachedEntry struct {
	e     sharedEntry
	found bool
}

func (f *fetchState) clear() {
	if f.cache != nil {
		clear(f.cache)
	}
	f.snapshot = false
	f.snapshotAt = time.Time{}
}

// ClearSnapshot forgets what was read (pg_stat_clear_snapshot); the
// transaction's end does it too.
func (b *Backend) ClearSnapshot() {
	if b != nil {
		b.fetch.clear()
	}
}

// SnapshotTime is when the statistics snapshot was taken; zero unless
// stats_fetch_consistency is snapshot and one was
// (pg_stat_get_snapshot_timestamp).
func (b *Backend) SnapshotTime() time.Time {
	if b == nil || !b.fetch.snapshot {
		return time.Time{}
	}
	return b.fetch.snapshotAt
}

func (b *Backend) consistency() string {
	if b.settings == nil {
		return "cache"
	}
	return b.settings.Enum("stats_fetch_consistency")
}

func (b *Backend) fetchEntry(k Key) (sharedEntry, bool) {
	switch b.consistency() {
	case "none":
		return b.sh.lookupCopy(b.owner, k)
	case "snapshot":
		if !b.fetch.snapshot {
			b.fetch.cache = b.sh.snapshotDatabase(b.owner, b.db)
			b.fetch.snapshot = true
			b.fetch.snapshotAt = time.Now()
		}
		c, ok := b.fetch.cache[k]
		return c.e, ok && c.found
	}
	if c, ok := b.fetch.cache[k]; ok {
		return c.e, c.found
	}
	e, found := b.sh.lookupCopy(b.owner, k)
	if b.fetch.cache == nil {
		b.fetch.cache = make(map[Key]cachedEntry)
	}
	b.fetch.cache[k] = cachedEntry{e: e, found: found}
	return e, found
}

// FetchTable returns the counters of relation oid of the process's
// database, or of the shared relation oid (pgstat_fetch_stat_tabentry).
func (b *Backend) FetchTable(oid uint32) (TableStats, bool) {
	if b == nil {
		return TableStats{}, false
	}
	if e, ok := b.fetchEntry(Key{KindRelation, b.db, oid}); ok {
		return *e.table(), true
	}
	if e, ok := b.fetchEntry(Key{KindRelation, 0, oid}); ok {
		return *e.table(), true
	}
	return TableStats{}, false
}

// FetchDatabase returns database db's counters (0: the shared objects).
func (b *Backend) FetchDatabase(db uint32) (DatabaseStats, bool) {
	if b == nil {
		return DatabaseStats{}, false
	}
	if e, ok := b.fetchEntry(Key{KindDatabase, db, 0}); ok {
		return *e.database(), true
	}
	return DatabaseStats{}, false
}

// FetchFunction returns function oid's counters.
func (b *Backend) FetchFunction(oid uint32) (FunctionStats, bool) {
	if b == nil {
		return FunctionStats{}, false
	}
	if e, ok := b.fetchEntry(Key{KindFunction, b.db, oid}); ok {
		return *e.function(), true
	}
	return FunctionStats{}, false
}

// ---- reports that go straight to the shared table ----

// ReportVacuum records a finished VACUUM of relation oid (shared: a
// shared catalog): its live and dead tuple counts replace the table's,
// the inserts since vacuum restart, and last_vacuum (last_autovacuum in
// an autovacuum worker) becomes now (pgstat_report_vacuum).
func (b *Backend) ReportVacuum(oid uint32, shared bool, liveTuples, deadTuples int64) {
	auto := b != nil && b.autovacuum
	if b == nil || !b.trackCounts() {
		return
	}
	db := b.db
	if shared {
		db = 0
	}
	now := time.Now().UnixMicro()
	sh := b.sh
	sh.hdr.lock.Lock(b.owner)
	defer sh.hdr.lock.Unlock(b.owner)
	e := sh.findOrCreate(Key{KindRelation, db, oid})
	if e == nil {
		return
	}
	t := e.table()
	t.LiveTuples, t.DeadTuples = liveTuples, deadTuples
	// Even a VACUUM that skipped pages restarts the count, as
	// PostgreSQL's does.
	t.InsertsSinceVacuum = 0
	if auto {
		t.AutovacuumTime = now
		t.AutovacuumCount++
	} else {
		t.VacuumTime = now
		t.VacuumCount++
	}
	if auto {
		if d := sh.findOrCreate(Key{KindDatabase, b.db, 0}); d != nil {
			d.database().LastAutovacTime = now
		}
	}
}

// ReportAnalyze records a finished ANALYZE of relation oid: the live and
// dead tuple counts it saw replace the table's, less the changes of the
// open transaction that its end will report; with resetChanges the
// changes since analyze restart; last_analyze (last_autoanalyze in an
// autovacuum worker) becomes now (pgstat_report_analyze).
func (b *Backend) ReportAnalyze(oid uint32, shared bool, liveTuples, deadTuples int64, resetChanges bool) {
	auto := b != nil && b.autovacuum
	if b == nil || !b.trackCounts() {
		return
	}
	if r := b.rels[oid]; r != nil {
		// ANALYZE counted this transaction's own inserts as live and its
		// deletes as dead; the transaction's end counts them again.
		for t := r.trans; t != nil; t = t.upper {
			liveTuples -= t.inserted - t.deleted
			deadTuples -= t.updated + t.deleted
		}
		// Rows of savepoints already rolled back are counted dead at
		// the flush.
		deadTuples -= r.Counts.DeltaDead
		liveTuples, deadTuples = max(liveTuples, 0), max(deadTuples, 0)
	}
	db := b.db
	if shared {
		db = 0
	}
	now := time.Now().UnixMicro()
	sh := b.sh
	sh.hdr.lock.Lock(b.owner)
	defer sh.hdr.lock.Unlock(b.owner)
	e := sh.findOrCreate(Key{KindRelation, db, oid})
	if e == nil {
		return
	}
	t := e.table()
	t.LiveTuples, t.DeadTuples = liveTuples, deadTuples
	if resetChanges {
		t.ChangesSinceAnalyze = 0
	}
	if auto {
		t.AutoanalyzeTime = now
		t.AutoanalyzeCount++
	} else {
		t.AnalyzeTime = now
		t.AnalyzeCount++
	}
}
