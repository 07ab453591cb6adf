// Package smgr is the storage manager: PostgreSQL's smgr.c, md.c and
// sync.c. It maps (relation, fork, block) to 8 kB blocks in files, and
// makes sure every write reaches the disk before the checkpoint that
// covers it completes.
//
// # Layers
//
//   - Files. A fork is base/<db>/<relfilenode>[_fsm|_vm|_init] (global/ for
//     the global tablespace), cut into 1 GB segments of 131072 blocks named
//     <file>, <file>.1, <file>.2, ... (storage.RelFileLocator.Path). Every
//     segment before the last active one is exactly full; segment files of
//     size zero after it are inactive leftovers of a truncation.
//   - Manager, one per process (like md.c's state in each backend). It keeps
//     the open segments of each fork and a bounded LRU cache of descriptors
//     (fd.c's virtual file descriptors): at most SetMaxOpenFiles are open,
//     others are closed and transparently reopened. Read, Write, Extend,
//     ZeroExtend, NBlocks, Truncate, Create, Exists, Unlink, ImmediateSync,
//     Close, CloseAll.
//   - SyncQueue, in shared memory (ShmemSize, CreateShared, AttachShared):
//     a bounded ring of fsync requests under one shmem.LWLock. A writer that
//     dirtied a segment queues (rel, fork, segment); when the queue is full
//     and compaction frees nothing, the writer fsyncs the segment itself, as
//     register_dirty_segment does. Those fsyncs, and the checkpointer's in
//     SyncAll, count in the process's pg_stat_io counts (SetIOCounts).
//   - PendingSyncs, the checkpointer's private table. Absorb moves queued
//     requests into it; a checkpoint calls PreCheckpoint, writes its buffers,
//     SyncAll (fsync everything registered before SyncAll began), writes the
//     checkpoint record, then PostCheckpoint (remove the main-fork files
//     dropped before the checkpoint began).
//
// # Lifecycle
//
// The postmaster calls CreateShared at start and after every crash restart.
// Every child calls AttachShared, SetOwner with its proc slot's Owner, and
// New(dataDir, queue). The checkpointer also makes NewPendingSyncs(queue)
// and passes it to its Manager's SetPending, so its own writes skip the
// queue. A single-process program (gpinitdb, tests) calls New(dataDir, nil)
// and syncs Pending() itself.
//
// # Compatibility
//
// Error texts and SQLSTATEs are PostgreSQL 15's md.c ones, with paths
// relative to the data directory as PostgreSQL prints them, e.g. `could not
// read block 3 in file "base/5/16384": read only 0 of 8192 bytes` (XX001),
// `could not extend file "base/5/16384": No space left on device` (53100,
// HINT "Check free disk space."), `could not fsync file "%s": %m` at PANIC
// (data_sync_retry = off). The on-disk layout is PostgreSQL's, so files
// written by PostgreSQL 15 read here.
//
// # Caveats
//
//   - Only the default and global tablespaces exist (no pg_tblspc links).
//   - Extend and ZeroExtend insist that the new block is the fork's current
//     end; PostgreSQL only asserts it. A failed extension is cut back, so no
//     partial block stays (PostgreSQL leaves that to the next extension).
//   - A cached descriptor does not notice another process truncating or
//     removing a relation: that process must make the others call Close (the
//     smgr invalidation of PostgreSQL's sinval). Likewise a Manager is told
//     about recovery with SetInRecovery.
//   - Forget and unlink requests cannot be dropped: when the queue is full
//     Unlink waits (10 ms naps) for the checkpointer to absorb, as
//     PostgreSQL does. Wire SyncQueue.OnHalfFull to wake the checkpointer.
//   - Writers skip queueing a segment they queued already in the same
//     SyncAll cycle (a shared counter bumped when SyncAll starts and ends);
//     PostgreSQL queues every write and compacts when full.
package smgr
