// Package predicate is gpostgres's Serializable Snapshot Isolation (SSI):
// what makes SERIALIZABLE transactions behave as if they ran one at a
// time, on top of the snapshot REPEATABLE READ gives them. It corresponds
// to PostgreSQL 15's storage/lmgr/predicate.c (and README-SSI).
//
// # Model
//
// A serializable transaction that reads, under its snapshot, something a
// concurrent serializable transaction writes has an rw-conflict (an
// rw-antidependency) to it: it appears to run before the writer. A cycle
// of dependencies needs a "dangerous structure" T0 → T1 → T2 of two
// consecutive rw-conflicts, whose pivot T1 has one in and one out; it is
// an anomaly only if T2 commits first (and, with T0 read-only, before
// T0's snapshot). SSI fails one transaction of every such structure with
// 40001, PostgreSQL's message and reason codes.
//
// Reads take SIREAD locks, which block nobody: they record what was read
// so that a later write can find its readers. As in PostgreSQL a lock
// covers a relation, a page or a tuple (Target): a sequential or sample
// scan and ON CONFLICT's arbiter probe lock the table; an index scan
// (and the referential integrity probe) and a bitmap scan's index scans
// lock each B-tree leaf they read (the key range, which is what catches
// phantoms; the whole index when it is empty); an index scan and a bitmap
// heap scan lock each row version they return (the bitmap heap scan also
// checks the writers of every version on a page it reads, without a
// lock: ReadInvisible of the page); an index-only scan locks the heap
// page of an entry whose row it does not visit; a fetch by tid locks the
// version it sees.
//
// Writes: an update or delete checks the SIREAD locks covering the old
// version (tuple, page, relation: CheckForSerializableConflictIn) and
// the writer's own lock on that tuple goes (outside subtransactions); an
// insertion, or an update's new version, checks the relation's whole-
// table locks; an index insertion checks the locks on the leaf it goes
// into; TRUNCATE, DROP and bulk loads write the whole table.
//
// Conflict out (a reader coming across a version a concurrent
// transaction made or deleted) is found differently from PostgreSQL,
// which looks up the version's xmin or xmax in SerializableXidHash:
// here each write of a heap tuple (old version, new version, inserted
// row) is recorded in the writer's slot as a write target, kept as long
// as its SIREAD locks, and a read checks the write targets its lock
// overlaps — a table read meets every write of the table, a tuple read
// the writes of that tuple. A version an index scan or fetch comes
// across and does not see is checked without a lock (ReadInvisible).
// Reads and writes meet under the table lock whichever comes first.
// Index insertions are not recorded (a reader finds the entry's row).
//
// Promotion (PredicateLockPromotionThreshold): more than
// max_pred_locks_per_page tuple locks on a page become a page lock, more
// than max_pred_locks_per_relation page and tuple locks in a relation (by
// default max_pred_locks_per_transaction/2 - 1) a relation lock; write
// targets promote the same way. A coarser lock removes the finer ones it
// covers. A B-tree leaf split copies the locks on the old leaf to the new
// one (PredicateLockPageSplit), a deleted leaf's locks move to its right
// sibling (PredicateLockPageCombine), and a relation given a new file
// (rewrite, VACUUM FULL, CLUSTER, REINDEX, TRUNCATE) has its page and
// tuple locks turned into relation locks (TransferToRelation); an index
// that stops receiving insertions (DROP INDEX, REINDEX CONCURRENTLY's
// retired copy) has its locks turned into locks on its table
// (TransferIndexToHeap), as no insertion will check them any more.
// Coarser locking only adds conflicts (false positives), never misses
// one: where in doubt, the code takes the coarser lock.
//
// # Layers
//
//   - shared.go: the region — a header with the one LWLock guarding
//     everything, the commit sequence counter and the lock table's free
//     list; a fixed table of transaction slots (SERIALIZABLEXACT) with
//     flags, snapshot and commit sequence numbers; per slot bit sets over
//     slots for rw-conflicts in and out and for the read-write
//     transactions a read-only one waits to learn about; the lock table,
//     one pool of entries (a Target each) linked into per slot lists of
//     SIREAD locks and of write targets.
//   - backend.go: a process's handle (Backend) — Register with the
//     snapshot (and the wait of READ ONLY DEFERRABLE), Read
//     (PredicateLockRelation/Page/TID and the conflict-out check),
//     ReadInvisible, Write, WriteTopLevel, WriteNewTuple and
//     WriteIndexPage (CheckForSerializableConflictIn), PreCommit
//     (PreCommit_CheckForSerializationFailure), Release
//     (ReleasePredicateLocks); the dangerous-structure test of a new
//     rw-conflict (OnConflict_CheckForSerializationFailure); PageSplit,
//     PageCombine and TransferToRelation, called by whatever process
//     changes the tree or the relation.
//   - summary.go: summarization of the oldest committed transaction
//     when the slots run out (SummarizeOldestCommittedSxact): its locks
//     and write targets join the summarized transactions' lists
//     (OldCommittedSxact), its conflicts become summary flags, its
//     earliest conflict out goes to pg_serial (lib/access/transam's
//     Serial, SerialAdd); the checks of reads and writes against the
//     summarized entries; their coarsening when the lock table is full;
//     CheckPoint (CheckPointPredicate).
//   - status.go: pg_locks' SIReadLock rows, pg_safe_snapshot_blocking_pids.
//
// # Lifecycle
//
// The postmaster calls CreateShared, every child AttachShared and
// NewBackend with its proc slot (lib/engine). lib/xact registers a
// SERIALIZABLE transaction when it takes its first snapshot, calls
// PreCommit last before the commit record and Release once the end is
// visible in the proc array, commit or abort; the SQL layer's table
// store and index scans report reads and writes through lib/xact
// (PredicateRead*, PredicateWrite*); lib/access/nbtree calls back, through
// nbtree.Env.PredicateLocks (set by lib/engine), on leaf splits and
// deletions. The postmaster calls ReleaseDeadProcess for a backend that
// died alone.
//
// # Compatibility
//
// Behaviour and texts follow PostgreSQL 15, with these differences:
// conflict out by recorded write targets (above), which also holds the
// write targets in the lock table (max_pred_locks_per_transaction ×
// (max_connections + autovacuum workers + max_prepared_transactions)
// entries, SIREAD locks and write targets together; full, a read or
// write fails with 53200 "out of shared memory", HINT "You might need to
// increase max_pred_locks_per_transaction."); ON CONFLICT locks the
// whole table (coarser than PostgreSQL, which takes no lock for the
// arbiter probe); a bitmap heap scan checks for conflicts out with the
// writers of its pages' every version (PostgreSQL, of those it
// examines). Summarized transactions keep their write targets
// (by writer xid, which pg_serial is then asked about) since no tuple
// header names the writer here; when the lock table is full these, and
// the summarized SIREAD locks, coarsen to pages and relations rather
// than fail. A summarized SIREAD lock still conflicts with a later write
// by a transaction concurrent with its commit (flagSummaryConflictIn):
// PostgreSQL 15 never flags a conflict from its dummy transaction's
// locks (its finishedBefore is invalid), so a write skew whose write
// comes after the reader was summarized commits there — an anomaly
// gpostgres refuses with 40001. Conversely a summarized writer counts
// only for transactions its commit is concurrent with, where PostgreSQL
// also flags those that merely came across its old versions.
// PREPARE TRANSACTION does not exist in gpostgres, nor hot standby.
package predicate
