// Package transam is gpostgres's transaction manager core: transaction ids
// and their assignment, the commit log (pg_xact), the proc array of
// running transactions with MVCC snapshots, and the commit and abort
// protocol with its WAL records. It corresponds to PostgreSQL 15's
// access/transam (varsup.c, clog.c, slru.c, transam.c, the commit/abort
// core of xact.c) and storage/ipc/procarray.c.
//
// # Layers
//
//   - Ids (xid.go): 32-bit TransactionId compared modulo 2^32 with the
//     special ids Invalid 0, Bootstrap 1, Frozen 2; FullTransactionId
//     (epoch<<32 | xid) for nextXid; OID ranges.
//   - Assignment (varsup.go): nextXid under XidGenLock, nextOid under
//     OidGenLock with a NEXTOID WAL record every 8192 OIDs.
//   - Commit log (clog.go over slru.go): 2 bits per xid in 8 kB pages, a
//     fixed set of page buffers in shared memory with LRU replacement,
//     segment files of 32 pages named %04X under pg_xact/.
//   - Proc array (procarray.go): each process's xid and xmin in a dense
//     shared array indexed by its proc slot index (lib/proc Array.Index);
//     snapshots; the VACUUM horizon; cleanup after a dead process.
//   - Commit and abort (xact.go): docs/storage.md rule 4, and redo.
//
// # Lifecycle
//
// The postmaster calls CreateShared (at start and after a crash restart),
// every child AttachShared; each process then calls SetWAL with its WAL
// (the startup process also SetInRecovery). gpinitdb calls BootStrapCLOG.
// At startup, SetNextXid and SetNextOid restore pg_control's values, then
// StartupCLOG; after recovery, TrimCLOG. The checkpointer calls
// CheckPointCLOG before writing a checkpoint record and CheckpointNextOid
// for the record. A backend's transaction: AssignTransactionId when it
// first writes (then lmgr's XactLockTableInsert), GetSnapshot per
// statement (ResetXmin after it), CommitTransaction or AbortTransaction,
// then release its heavyweight locks. The postmaster calls ClearProc for a
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
// record main data (xl_xact_commit/xl_xact_abort with optional xinfo,
// dbinfo and subxacts when decoding), CLOG_ZEROPAGE (4-byte page number)
// and XLOG_NEXTOID (4-byte OID) are PostgreSQL 15's, so the files and
// records are what PostgreSQL would write for the same transactions.
// Error texts and SQLSTATEs of pg_xact I/O failures follow slru.c.
//
// # Caveats
//
//   - No subtransactions: SUB_COMMITTED is stored and replayed but
//     TransactionIdDidCommit does not chase parents (no pg_subtrans).
//   - No wraparound protection (xidVacLimit/xidStopLimit) and no
//     TruncateCLOG: pg_xact grows forever; nothing freezes yet.
//   - pg_stat_database counters are cluster-wide, not per database.
//   - Prepared transactions, hot standby (KnownAssignedXids) and the
//     group clog update optimisation are not implemented.
//   - A missing pg_xact segment in recovery reads as zeroes without the
//     LOG line PostgreSQL writes.
//   - Snapshots are plain heap values; GetSnapshot allocates.
package transam
