// Package buffer is the shared buffer pool: PostgreSQL's
// src/backend/storage/buffer (bufmgr.c, buf_table.c, freelist.c,
// buf_init.c) for gpostgres's process model, where every backend and
// background process is a separate OS process mapping one shared memory
// segment.
//
// # What it promises
//
//   - One copy of each disk block in memory at a time, shared by all
//     processes: NBuffers = shared_buffers / 8192 pages and their
//     descriptors live in the segment (ShmemSize, CreateShared,
//     AttachShared, as docs/storage.md requires of every shared subsystem).
//   - ReadBuffer returns a pinned buffer holding a valid page, read once
//     even if several processes ask for it at the same moment; a page
//     whose verification (checksum) fails is an ERROR, SQLSTATE XX001
//     "invalid page in block N of relation base/D/R" as PostgreSQL words
//     it, never silent garbage. An all-zero page is valid.
//   - WAL before data: a dirty page is written only after WAL.Flush up to
//     its pd_lsn has returned. Checksums are computed on a private copy at
//     write time (Config.SetChecksum), never stored into the shared page.
//   - Pinned buffers are never evicted; a pin is what keeps a Buffer
//     number meaning the same block. Pins are recorded per process in
//     shared memory, so Shared.ReleaseAllPins lets the postmaster drop the
//     pins of a process that died outside any critical state.
//   - Writers for others: BufferSync for checkpoints (sorted, paced through
//     a callback), BgBufferSync for the background writer (PostgreSQL's
//     LRU-ahead-of-the-clock algorithm), SyncOneBuffer, FlushRelationBuffers,
//     and the pg_stat_bgwriter counters (Stats).
//   - pg_stat_io's counts of this process (IOCounts): hits, reads,
//     extends, evictions and writes of shared (relation) and local (temp
//     relation) buffers, plain increments of the Pool's own fields.
//
// # Layers
//
// Shared is the pool as mapped by one process: buffer descriptors (tag,
// atomic state word, content lock), the page array (aligned to the OS
// page), the buffer mapping table (a fixed-capacity chained hash, one
// entry per buffer, split into NumPartitions partitions each guarded by a
// shmem.RWLock), the clock hand, per-process pin arrays, the relation
// extension locks and the statistics. Pool is one process's handle: its
// shmem.Owner (for lock and critical-section accounting), its proc index,
// its FileManager and WAL (interfaces declared here, implemented by
// lib/storage/smgr and lib/access/xlog) and its checksum functions.
//
// # Lifecycle of a buffer
//
//  1. Free: no tag, usage count 0, no pins. The clock sweep takes it at
//     its next pass.
//  2. Claimed: a process that missed in the mapping table pins a victim
//     (clock sweep: unpinned, usage count 0), writes it out if dirty (WAL
//     first), then, under the old and new partition locks, retags it and
//     moves its mapping entry. It now has BM_TAG_VALID but not BM_VALID.
//  3. Being read: the claiming process sets BM_IO_IN_PROGRESS, reads the
//     block, verifies it and sets BM_VALID. Other processes that find the
//     buffer meanwhile pin it and sleep until the I/O ends; if the read
//     failed (BM_IO_ERROR) the first of them to wake reads it again.
//  4. In use: processes pin it (usage count rises, up to MaxUsageCount),
//     take its content lock shared to read the page and exclusive to change
//     it, call MarkDirty after a change, and unpin it.
//  5. Written: the checkpointer, the bgwriter, or a backend evicting it
//     writes the page under a content lock (share, or exclusive when
//     evicting) with BM_IO_IN_PROGRESS set; dirty bits are cleared unless
//     it was dirtied again meanwhile (BM_JUST_DIRTIED).
//  6. Evicted (back to 2 for another block) or dropped
//     (DropRelationBuffers: back to 1, without writing).
//
// # Caveats
//
//   - A Pool belongs to one process and is used by one goroutine at a time.
//   - A process may hold at most MaxPinnedBuffers distinct pins (128): the
//     pins live in shared memory. Exceeding it is an ERROR (53000).
//   - A buffer is permanent (BM_PERMANENT) unless it holds a page of an
//     unlogged relation other than its init fork: the process that loads
//     or extends the page asks Config.Unlogged (smgr's HasInitFork, cached
//     per relation file) before the page becomes valid. Regular
//     checkpoints write only permanent buffers; the shutdown and
//     end-of-recovery checkpoints write all. A page loaded before its
//     relation's init fork existed (an unlogged index being built) stays
//     permanent: it is written by checkpoints, which costs writes only.
//   - Victims are flushed under a conditionally acquired *exclusive*
//     content lock (PostgreSQL takes it shared): shmem.RWLock has no
//     TryRLock. The effect is only that a victim read-locked by someone is
//     skipped.
//   - Relation extension locks are a shared table of per-relation LWLocks,
//     not heavyweight locks: they are held across the extension write, and
//     a process that dies holding one forces a full restart.
//   - The buffer access strategies (strategy.go) are the bulk-write ring
//     (COPY FROM, CREATE TABLE AS), the bulk-read ring (sequential scans
//     of tables larger than a quarter of the pool; it gives up a dirty
//     buffer whose write would flush WAL) and the vacuum ring, which only
//     ANALYZE uses so far: VACUUM's own page reads still go through the
//     whole pool. pg_stat_io counts all I/O under context 'normal'.
//   - With checksums on, MarkDirtyHint logs a full-page image through
//     Config.LogHint (XLogSaveBufferForHint) before the first hint-bit
//     change after a redo point dirties a page, and checkpoints wait for
//     processes between that record and the dirty flag (DELAY_CHKPT_START,
//     kept in the pin array rather than in PGPROC).
//   - Errors of the FileManager and WAL are returned unchanged.
//   - Programming errors (unpinning a buffer not pinned, unlocking a lock
//     not held, MarkDirty without the exclusive lock) panic: in a backend
//     that is a crash, and the postmaster restarts the family.
//
// See README.md for the invariants: who may change which field of a buffer
// header under which lock.
package buffer
