// Package transam is gpostgres's transaction manager core: transaction ids
// and their assignment, the commit log (pg_xact), the proc array of
// running transactions with MVCC snapshots, and the commit and abort
// protocol with its WAL records, and subtransactions (pg_subtrans and the
// proc array's subxid caches). It corresponds to PostgreSQL 15's
// access/transam (varsup.c, clog.c, subtrans.c, slru.c, transam.c, the
// commit/abort core of xact.c) and storage/ipc/procarray.c.
//
// # Layers
//
//   - Ids (xid.go): 32-bit TransactionId compared modulo 2^32 with the
//     special ids Invalid 0, Bootstrap 1, Frozen 2; FullTransactionId
//     (epoch<<32 | xid) for nextXid; OID ranges.
//   - Assignment (varsup.go): nextXid under XidGenLock, for top-level
//     transactions and subtransactions (AssignSubTransactionId), nextOid
//     under OidGenLock with a NEXTOID WAL record every 8192 OIDs.
//   - Commit log (clog.go over slru.go): 2 bits per xid in 8 kB pages, a
//     fixed set of page buffers in shared memory with LRU replacement,
//     segment files of 32 pages named %04X under pg_xact/, truncated by
//     VACUUM from the oldest datfrozenxid (clog_truncate.go:
//     TruncateCLOG, CLOG_TRUNCATE, oldestClogXid for pg_xact_status).
//   - Subtransaction parents (subtrans.go over slru.go): 4 bytes per xid
//     in pg_subtrans, not WAL-logged, zeroed at startup, truncated at
//     checkpoints; SubTransGetParent and SubTransGetTopmostTransaction.
//   - Multixacts (multixact.go over slru.go): sets of (xid, status)
//     members that share a row lock, in pg_multixact/offsets and
//     pg_multixact/members with PostgreSQL's layout; MultiXactIdCreate,
//     GetMultiXactIdMembers (cached per process), WAL-logged creation,
//     TruncateMultiXact (VACUUM's, from the oldest datminmxid) and the
//     wraparound limits (multixact_limits.go: SetMultiXactIdLimit, the
//     warnings and refusal, member space, the test hook's jump).
//   - Proc array (procarray.go): each process's xid, xmin and cache of up
//     to 64 subtransaction ids (then "overflowed") in a dense shared array
//     indexed by its proc slot index (lib/proc Array.Index); snapshots
//     with Xip, Subxip and Suboverflowed; XidInMVCCSnapshot; the
//     in-progress test; the VACUUM horizon; cleanup after a dead process;
//     CurrentXids, the set of a transaction's own ids.
//   - Commit and abort (xact.go): docs/storage.md rule 4, commit and abort
//     with subtransaction ids (the commit log set as a tree: SUB_COMMITTED
//     first across pages), the rollback of one subtransaction
//     (AbortSubTransaction), and redo.
//
// # Lifecycle
//
// The postmaster calls CreateShared (at start and after a crash restart),
// every child AttachShared; each process then calls SetWAL with its WAL
// (the startup process also SetInRecovery). gpinitdb calls BootStrapCLOG.
// At startup, SetNextXid and SetNextOid restore pg_control's values, then
// StartupCLOG and StartupSUBTRANS (and StartupMultiXact, which makes
// pg_multixact's directories); after recovery, the multixact counters
// from the checkpoint (MultiXactAdvanceNextMXact, MultiXactAdvanceOldest;
// redo of CREATE_ID and of checkpoint records moved them already),
// TrimCLOG and TrimMultiXact. The checkpointer calls CheckPointCLOG,
// CheckPointSUBTRANS and CheckPointMultiXact before writing a checkpoint
// record, CheckpointNextOid and ReadNextMultiXactId for the record, and
// TruncateSUBTRANS(GetOldestXminConsideredRunning) after it. Recovery
// starts with SetOldestClogXid from the checkpoint it begins at and sets
// the xid limits from the later of that checkpoint's oldest xid and
// OldestClogXid (a replayed truncation). VACUUM, having read every
// database's datfrozenxid and datminmxid under LockWrapLimits, calls
// TruncateFrozen: TruncateCLOG, TruncateMultiXact, then
// SetTransactionIdLimit and SetMultiXactIdLimit. A backend's transaction:
// AssignTransactionId when it first writes (then lmgr's
// XactLockTableInsert), AssignSubTransactionId for a savepoint's first
// write (likewise), GetSnapshot per statement (ResetXmin after it),
// AbortSubTransaction for ROLLBACK TO, CommitTransaction or
// AbortTransaction with the subtransaction ids, then release its
// heavyweight locks. The postmaster calls ClearProc for a
// backend that died outside any critical state, then lmgr's
// LockReleaseAll.
//
// Every method that takes shared locks takes the caller's *shmem.Owner
// (the Owner of its proc slot; the postmaster has its own), so a process
// that dies holding one is detected.
//
// # Compatibility
//
// Bit layout of pg_xact pages, file names and sizes, the commit/abort
// record main data (xl_xact_commit/xl_xact_abort, with xl_xact_xinfo and
// xl_xact_subxacts when there are subtransactions; dbinfo too when
// decoding), CLOG_ZEROPAGE (4-byte page number), CLOG_TRUNCATE
// (xl_clog_truncate: page, oldest xid, its database) and XLOG_NEXTOID
// (4-byte OID) are PostgreSQL 15's, so the files and records are what PostgreSQL
// would write for the same transactions (pg_waldump 15 shows the subxacts).
// pg_subtrans pages (4-byte parents, 2048 per page) are PostgreSQL's too,
// and so are pg_multixact's pages and the MultiXact records (rmgr 6:
// ZERO_OFF_PAGE, ZERO_MEM_PAGE, CREATE_ID, TRUNCATE_ID), which pg_waldump
// 15 describes as DescribeMultiXact does.
// Error texts and SQLSTATEs of pg_xact I/O failures follow slru.c.
//
// # Caveats
//
//   - No XLOG_XACT_ASSIGNMENT records (only hot standby needs them) and
//     no KnownAssignedXids.
//   - ClearProc marks a dead process's uncached (overflowed)
//     subtransaction ids nothing: they stay IN_PROGRESS in pg_xact and
//     read as aborted because their top-level transaction is gone.
//   - pg_stat_database counters are cluster-wide, not per database.
//   - Prepared transactions, hot standby (KnownAssignedXids) and the
//     group clog update optimisation are not implemented.
//   - A missing pg_xact segment in recovery reads as zeroes without the
//     LOG line PostgreSQL writes.
//   - Snapshots are plain heap values; GetSnapshot allocates.
//   - Multixacts: one per-process oldest multixact (recorded at a
//     transaction's first snapshot or xid) stands for PostgreSQL's
//     OldestMemberMXactId and OldestVisibleMXactId, so lock-only
//     multixacts older than every running transaction are still read
//     rather than skipped; autovacuum is not driven by member space
//     usage (MultiXactMemberFreezeThreshold), only by multixact age.
package transam
