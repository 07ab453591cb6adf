// Package lmgr is gpostgres's heavyweight lock manager: locks on
// relations, transaction ids, tuples and other objects, held until the end
// of a transaction, with PostgreSQL's eight lock modes and conflict table,
// FIFO wait queues, lock_timeout, cancellation and deadlock detection. It
// corresponds to PostgreSQL 15's storage/lmgr/lock.c and lmgr.c, the
// lock-wait half of proc.c and a simplified deadlock.c.
//
// # Layers
//
//   - modes.go, tag.go: LockMode, the conflict table, LockTag and its
//     constructors and descriptions (DescribeLockTag's texts).
//   - shared.go: the lock table in shared memory — lock entries and
//     (process, lock) entries in fixed arrays with free lists, a hash table
//     split into 16 partitions each guarded by a shmem.RWLock, and per
//     process the lists of its entries per partition.
//   - lock.go: Locker, a process's handle with its private counts of held
//     locks; acquire, wait, release, release-all.
//   - deadlock.go: the wait-for graph search.
//   - lmgr.go: relation and transaction-id helpers (XactLockTableWait).
//   - vxid.go: virtual transaction ids — each transaction holds
//     ExclusiveLock on its own from start to end — LockConflicts
//     (GetLockConflicts) and WaitVirtualXact (VirtualXactLock).
//   - session.go: session locks, kept across commits
//     (LockRelationIdForSession, released by an abort) and session-level
//     advisory locks (kept across aborts too, until unlocked or the
//     session ends).
//   - status.go: pg_locks, and pg_blocking_pids (BlockingPids: the
//     holders of conflicting modes and the conflicting waiters queued
//     ahead, as PostgreSQL's GetBlockerStatusData reports them).
//
// # Lifecycle
//
// The postmaster calls CreateShared, every child AttachShared, then
// NewLocker with its proc slot's Owner and index (lib/proc Array.Index),
// and Configure with its settings (again after SET lock_timeout). A
// transaction takes locks with LockAcquire and releases them all with
// LockReleaseAll at its end, after leaving the proc array (transam's
// CommitTransaction/AbortTransaction). The postmaster calls the table's
// LockReleaseAll(owner, procIndex) for a backend that died outside any
// critical state, after transam's ClearProc. A transaction's first act
// is BeginVirtualTransaction; at its end EndVirtualTransaction, then
// ReleaseTransactionLocks at a commit (session locks stay) or
// ReleaseAbortedTransactionLocks at an abort (only the advisory session
// locks stay). A backend ending its session calls LockReleaseAll.
//
// Waiting: a process that must wait puts itself in the lock's queue,
// releases the partition lock and sleeps on its own futex word in shared
// memory (no polling); meanwhile its proc slot shows the wait event Lock
// with the lock tag type (lib/waitevent), as pg_stat_activity's
// wait_event_type and wait_event. Whoever releases a lock grants it to the waiters
// that have become compatible, in queue order, and wakes them. After
// deadlock_timeout the waiter checks for a deadlock once; lock_timeout and
// the caller's context end the wait with an error, leaving the queue
// clean.
//
// # Compatibility
//
// Mode numbers and names, the conflict table, LOCKTAG fields and types,
// the capacity formula (max_locks_per_transaction × (MaxBackends +
// max_prepared_transactions) locks, twice as many process-lock entries),
// the queueing rules (a request that conflicts with an earlier waiter
// waits too; a process already holding a mode that an earlier waiter
// conflicts with goes ahead of it), and the error texts and SQLSTATEs
// (55P03 lock timeout, 57014 cancel, 40P01 deadlock with PostgreSQL's
// DETAIL and HINT, 53200 out of shared memory) are PostgreSQL's.
//
// # Caveats
//
//   - No fast-path locks: every lock, even AccessShareLock on a relation,
//     goes through a partition of the shared table.
//   - Deadlock detection treats "soft" edges (a waiter ahead in the queue)
//     like hard ones: PostgreSQL first tries to reorder queues to break a
//     cycle made only of soft edges; here such a cycle is a deadlock. The
//     DETAIL lists each process's wait but not the query texts PostgreSQL
//     adds to the server log, and autovacuum is not cancelled.
//   - No lock groups (parallel query), no log_lock_waits
//     messages.
//   - A Locker is not safe for concurrent use; one per process.
package lmgr
