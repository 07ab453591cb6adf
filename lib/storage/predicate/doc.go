// Package predicate is gpostgres's Serializable Snapshot Isolation (SSI):
// what makes SERIALIZABLE transactions behave as if they ran one at a
// time, on top of the snapshot REPEATABLE READ gives them. It corresponds
// to PostgreSQL 15's storage/lmgr/predicate.c (and README-SSI), at
// relation granularity.
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
// so that a later write can find its readers. gpostgres locks whole
// relations: every read of a table (a sequential, index, index-only,
// bitmap or sample scan, a fetch by tid, a referential integrity probe)
// locks the table, and every insert, update, delete or truncate of a
// table is a write of the table. Where PostgreSQL locks tuples and index
// pages, this locks more, so transactions touching different rows of one
// table conflict more often (false positives, never missed anomalies).
// max_pred_locks_per_relation and max_pred_locks_per_page bound finer
// locks before their promotion to a relation lock: every lock here is a
// relation lock already, so they never act.
//
// # Layers
//
//   - shared.go: the region — a header with the one LWLock guarding
//     everything and the commit sequence counter; a fixed table of
//     transaction slots (SERIALIZABLEXACT) with flags, snapshot and
//     commit sequence numbers; per slot bit sets over slots for
//     rw-conflicts in and out and for the read-write transactions a
//     read-only one waits to learn about; per slot lists of the relations
//     read (SIREAD locks) and written.
//   - backend.go: a process's handle (Backend) — Register with the
//     snapshot (and the wait of READ ONLY DEFERRABLE), ReadRelation
//     (PredicateLockRelation and CheckForSerializableConflictOut),
//     WriteRelation (CheckForSerializableConflictIn), PreCommit
//     (PreCommit_CheckForSerializationFailure), Release
//     (ReleasePredicateLocks); the dangerous-structure test of a new
//     rw-conflict (OnConflict_CheckForSerializationFailure).
//   - status.go: pg_locks' SIReadLock rows, pg_safe_snapshot_blocking_pids.
//
// # Lifecycle
//
// The postmaster calls CreateShared, every child AttachShared and
// NewBackend with its proc slot (lib/engine). lib/xact registers a
// SERIALIZABLE transaction when it takes its first snapshot, calls
// PreCommit last before the commit record and Release once the end is
// visible in the proc array, commit or abort; the SQL layer's table
// store calls ReadRelation and WriteRelation through lib/xact. The
// postmaster calls ReleaseDeadProcess for a backend that died alone.
//
// # Compatibility
//
// Behaviour and texts follow PostgreSQL 15, with these differences:
// relation granularity (above); no summarization of old committed
// transactions into pg_serial — when the table is full a new serializable
// transaction fails with 53200 "out of shared memory" instead; a
// transaction that reads or writes more relations than
// max_pred_locks_per_transaction counts as reading (or writing) every
// relation of its database, and pg_locks lists only the first ones.
// PREPARE TRANSACTION does not exist in gpostgres, nor hot standby.
package predicate
