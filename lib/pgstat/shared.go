// The shared part of the cumulative statistics: one hash table in shared
// memory holding an entry per database, relation and function that any
// process has reported counts for (PostgreSQL's pgstat_shmem.c, with a
// fixed-size table instead of dynamic shared memory).

package pgstat

import (
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/shmem"
)

// Kind is the kind of object an entry holds counts for.
type Kind uint32

const (
	kindNone Kind = iota
	// KindDatabase: one entry per database (OID 0), and one for the
	// shared relations (DB 0), as pg_stat_database's first row.
	KindDatabase
	// KindRelation: a table, index, TOAST table, materialized view or
	// sequence.
	KindRelation
	// KindFunction: a function (track_functions).
	KindFunction
)

// Key names one entry: shared relations use DB 0.
type Key struct {
	Kind Kind
	DB   uint32
	OID  uint32
}

// TableStats are one relation's counters as the shared table keeps them
// (PgStat_StatTabEntry). Timestamps are microseconds since the Unix
// epoch, 0 for never.
type TableStats struct {
	NumScans            int64
	TuplesReturned      int64
	TuplesFetched       int64
	TuplesInserted      int64
	TuplesUpdated       int64
	TuplesDeleted       int64
	TuplesHotUpdated    int64
	LiveTuples          int64
	DeadTuples          int64
	ChangesSinceAnalyze int64
	InsertsSinceVacuum  int64
	BlocksFetched       int64
	BlocksHit           int64
	VacuumTime          int64
	VacuumCount         int64
	AutovacuumTime      int64
	AutovacuumCount     int64
	AnalyzeTime         int64
	AnalyzeCount        int64
	AutoanalyzeTime     int64
	AutoanalyzeCount    int64
}

// DatabaseStats are one database's counters (PgStat_StatDBEntry). Times
// are in microseconds; timestamps in microseconds since the Unix epoch.
type DatabaseStats struct {
	XactCommit            int64
	XactRollback          int64
	BlocksFetched         int64
	BlocksHit             int64
	TuplesReturned        int64
	TuplesFetched         int64
	TuplesInserted        int64
	TuplesUpdated         int64
	TuplesDeleted         int64
	LastAutovacTime       int64
	ConflictTablespace    int64
	ConflictLock          int64
	ConflictSnapshot      int64
	ConflictBufferpin     int64
	ConflictDeadlock      int64
	TempFiles             int64
	TempBytes             int64
	Deadlocks             int64
	ChecksumFailures      int64
	LastChecksumFailure   int64
	BlockReadTime         int64
	BlockWriteTime        int64
	Sessions              int64
	SessionTime           int64
	ActiveTime            int64
	IdleInTransactionTime int64
	SessionsAbandoned     int64
	SessionsFatal         int64
	SessionsKilled        int64
	StatsReset            int64
}

// FunctionStats are one function's counters (PgStat_StatFuncEntry).
type FunctionStats struct {
	Calls     int64
	TotalTime int64 // microseconds
	SelfTime  int64
}

// payloadWords is the size of an entry's counters: the largest of the
// three kinds.
const payloadWords = 32

func init() {
	if unsafe.Sizeof(TableStats{}) > payloadWords*8 || unsafe.Sizeof(DatabaseStats{}) > payloadWords*8 {
		panic("pgstat: entry payload too small")
	}
}

// Entry states in the hash table (open addressing: a removed entry
// leaves a tombstone so that later entries of its probe chain stay
// reachable).
const (
	slotEmpty uint32 = iota
	slotUsed
	slotRemoved
)

type sharedEntry struct {
	key     Key
	state   uint32
	payload [payloadWords]int64
}

func (e *sharedEntry) table() *TableStats {
	return (*TableStats)(unsafe.Pointer(&e.payload))
}

func (e *sharedEntry) database() *DatabaseStats {
	return (*DatabaseStats)(unsafe.Pointer(&e.payload))
}

func (e *sharedEntry) function() *FunctionStats {
	return (*FunctionStats)(unsafe.Pointer(&e.payload))
}

// Capacity is the number of entries the shared table holds. Counts for
// objects beyond it are not kept (a WARNING is logged once per process);
// PostgreSQL grows its table in dynamic shared memory instead.
const Capacity = 16384

type header struct {
	lock shmem.RWLock
	// used counts entries in state slotUsed, removed tombstones.
	used, removed int32
	// full is set when an entry could not be added.
	full int32
	// io are pg_stat_io's counts (io.go).
	io ioShared
}

// Shared is the process's handle on the shared statistics table.
type Shared struct {
	hdr     *header
	entries []sharedEntry
}

const regionName = "cumulative statistics"

func regionSize() int {
	return int(unsafe.Sizeof(header{})) + 64 + Capacity*int(unsafe.Sizeof(sharedEntry{}))
}

// ShmemSize is the shared memory the statistics table needs.
func ShmemSize(*config.Settings) int { return regionSize() }

// CreateShared allocates the table, empty (postmaster only, at start and
// after a crash restart: the counts of a crashed server are discarded).
func CreateShared(seg *shmem.Segment, _ *config.Settings) (*Shared, error) {
	b, err := seg.Alloc(regionName, regionSize())
	if err != nil {
		return nil, err
	}
	sh := attach(b)
	// Counts start from zero at every start without a statistics file
	// (which, read, brings its own time back): pg_stat_io's stats_reset
	// is then now, as pgstat_reset_after_failure sets it.
	sh.hdr.io.statsReset = time.Now().UnixMicro()
	return sh, nil
}

// AttachShared finds the table CreateShared made.
func AttachShared(seg *shmem.Segment) *Shared { return attach(seg.MustLookup(regionName)) }

func attach(b []byte) *Shared {
	off := (unsafe.Sizeof(header{}) + 63) &^ 63
	return &Shared{
		hdr:     shmem.At[header](b, 0),
		entries: unsafe.Slice(shmem.At[sharedEntry](b, off), Capacity),
	}
}

func hashKey(k Key) uint32 {
	h := uint64(k.Kind)*0x9E3779B97F4A7C15 ^ uint64(k.DB)*0xC2B2AE3D27D4EB4F ^ uint64(k.OID)*0x165667B19E3779F9
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return uint32(h)
}

// find returns the entry of k, nil if there is none. The caller holds
// the lock in either mode.
func (sh *Shared) find(k Key) *sharedEntry {
	mask := uint32(len(sh.entries) - 1)
	for i, n := hashKey(k)&mask, 0; n < len(sh.entries); i, n = (i+1)&mask, n+1 {
		e := &sh.entries[i]
		switch e.state {
		case slotEmpty:
			return nil
		case slotUsed:
			if e.key == k {
				return e
			}
		}
	}
	return nil
}

// findOrCreate returns the entry of k, adding a zeroed one if needed;
// nil when the table is full. The caller holds the lock exclusively.
func (sh *Shared) findOrCreate(k Key) *sharedEntry {
	if e := sh.find(k); e != nil {
		return e
	}
	// Keep a quarter of the slots empty so that probe chains stay short
	// and a lookup always ends at an empty slot.
	if int(sh.hdr.used) >= len(sh.entries)*3/4 {
		atomic.StoreInt32(&sh.hdr.full, 1)
		return nil
	}
	mask := uint32(len(sh.entries) - 1)
	for i := hashKey(k) & mask; ; i = (i + 1) & mask {
		e := &sh.entries[i]
		if e.state == slotUsed {
			continue
		}
		if e.state == slotRemoved {
			sh.hdr.removed--
		}
		*e = sharedEntry{key: k, state: slotUsed}
		sh.hdr.used++
		return e
	}
}

// remove drops e, leaving a tombstone. The caller holds the lock
// exclusively.
func (sh *Shared) remove(e *sharedEntry) {
	*e = sharedEntry{state: slotRemoved}
	sh.hdr.used--
	sh.hdr.removed++
	if sh.hdr.removed > int32(len(sh.entries)/4) {
		sh.rehash()
	}
}

// rehash rebuilds the table in place without tombstones, so that
// lookups of absent keys keep ending early.
func (sh *Shared) rehash() {
	live := make([]sharedEntry, 0, sh.hdr.used)
	for i := range sh.entries {
		if sh.entries[i].state == slotUsed {
			live = append(live, sh.entries[i])
		}
	}
	clear(sh.entries)
	sh.hdr.used, sh.hdr.removed = 0, 0
	mask := uint32(len(sh.entries) - 1)
	for _, le := range live {
		for i := hashKey(le.key) & mask; ; i = (i + 1) & mask {
			if sh.entries[i].state == slotEmpty {
				sh.entries[i] = le
				sh.hdr.used++
				break
			}
		}
	}
}

// Full reports whether some counts were dropped for want of room.
func (sh *Shared) Full() bool { return atomic.LoadInt32(&sh.hdr.full) != 0 }

// each calls fn for every entry in use. The caller holds the lock.
func (sh *Shared) each(fn func(e *sharedEntry)) {
	for i := range sh.entries {
		if sh.entries[i].state == slotUsed {
			fn(&sh.entries[i])
		}
	}
}

// Table returns a copy of a relation's counters.
func (sh *Shared) Table(o *shmem.Owner, db, oid uint32) (TableStats, bool) {
	sh.hdr.lock.RLock(o)
	defer sh.hdr.lock.RUnlock(o)
	if e := sh.find(Key{KindRelation, db, oid}); e != nil {
		return *e.table(), true
	}
	return TableStats{}, false
}

// Database returns a copy of a database's counters.
func (sh *Shared) Database(o *shmem.Owner, db uint32) (DatabaseStats, bool) {
	sh.hdr.lock.RLock(o)
	defer sh.hdr.lock.RUnlock(o)
	if e := sh.find(Key{KindDatabase, db, 0}); e != nil {
		return *e.database(), true
	}
	return DatabaseStats{}, false
}

// TableCounts is what autovacuum reads of a table to decide whether it
// needs a vacuum or an analyze (PostgreSQL's relation_needs_vacanalyze).
type TableCounts struct {
	OID                 uint32
	LiveTuples          int64
	DeadTuples          int64
	ChangesSinceAnalyze int64
	InsertsSinceVacuum  int64
	LastVacuum          int64 // the later of the manual and automatic one, Unix microseconds
	LastAnalyze         int64
}

// DatabaseTables returns the counters autovacuum reads of every relation
// of database db that has an entry (db 0: the shared catalogs), in no
// particular order.
func (sh *Shared) DatabaseTables(o *shmem.Owner, db uint32) []TableCounts {
	sh.hdr.lock.RLock(o)
	defer sh.hdr.lock.RUnlock(o)
	var out []TableCounts
	sh.each(func(e *sharedEntry) {
		if e.key.Kind != KindRelation || e.key.DB != db {
			return
		}
		t := e.table()
		out = append(out, TableCounts{OID: e.key.OID, LiveTuples: t.LiveTuples, DeadTuples: t.DeadTuples,
			ChangesSinceAnalyze: t.ChangesSinceAnalyze, InsertsSinceVacuum: t.InsertsSinceVacuum,
			LastVacuum: max(t.VacuumTime, t.AutovacuumTime), LastAnalyze: max(t.AnalyzeTime, t.AutoanalyzeTime)})
	})
	return out
}

// snapshotDatabase copies every entry of database db and of the shared
// relations (stats_fetch_consistency = snapshot).
func (sh *Shared) snapshotDatabase(o *shmem.Owner, db uint32) map[Key]cachedEntry {
	sh.hdr.lock.RLock(o)
	defer sh.hdr.lock.RUnlock(o)
	out := make(map[Key]cachedEntry)
	sh.each(func(e *sharedEntry) {
		if e.key.DB == db || e.key.DB == 0 || e.key.Kind == KindDatabase {
			out[e.key] = cachedEntry{e: *e, found: true}
		}
	})
	return out
}

func (sh *Shared) lookupCopy(o *shmem.Owner, k Key) (sharedEntry, bool) {
	sh.hdr.lock.RLock(o)
	defer sh.hdr.lock.RUnlock(o)
	if e := sh.find(k); e != nil {
		return *e, true
	}
	return sharedEntry{}, false
}

// ---- resets and drops ----

// ResetDatabase zeroes the counters of every relation and function of
// database db and of the database itself, whose stats_reset becomes now
// (pg_stat_reset).
func (sh *Shared) ResetDatabase(o *shmem.Owner, db uint32) {
	now := time.Now().UnixMicro()
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	sh.each(func(e *sharedEntry) {
		if e.key.DB == db && e.key.Kind != KindDatabase {
			e.payload = [payloadWords]int64{}
		}
	})
	if e := sh.findOrCreate(Key{KindDatabase, db, 0}); e != nil {
		e.payload = [payloadWords]int64{}
		e.database().StatsReset = now
	}
}

// ResetObject zeroes one relation's or function's counters and sets the
// stats_reset of the database holding it (pg_stat_reset_single_table_counters,
// pg_stat_reset_single_function_counters): db is 0 for a shared relation.
func (sh *Shared) ResetObject(o *shmem.Owner, kind Kind, db, oid uint32) {
	now := time.Now().UnixMicro()
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	if e := sh.find(Key{kind, db, oid}); e != nil {
		e.payload = [payloadWords]int64{}
	}
	if e := sh.findOrCreate(Key{KindDatabase, db, 0}); e != nil {
		e.database().StatsReset = now
	}
}

// DropObject forgets a dropped relation's or function's counters.
func (sh *Shared) DropObject(o *shmem.Owner, kind Kind, db, oid uint32) {
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	if e := sh.find(Key{kind, db, oid}); e != nil {
		sh.remove(e)
	}
}

// DropDatabase forgets a dropped database's counters and those of its
// objects.
func (sh *Shared) DropDatabase(o *shmem.Owner, db uint32) {
	if db == 0 {
		return
	}
	sh.hdr.lock.Lock(o)
	defer sh.hdr.lock.Unlock(o)
	var drop []*sharedEntry
	sh.each(func(e *sharedEntry) {
		if e.key.DB == db {
			drop = append(drop, e)
		}
	})
	// Removing may rehash, moving entries: remove by key.
	keys := make([]Key, len(drop))
	for i, e := range drop {
		keys[i] = e.key
	}
	for _, k := range keys {
		if e := sh.find(k); e != nil {
			sh.remove(e)
		}
	}
}
