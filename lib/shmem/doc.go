// Package shmem is the shared memory segment that the postmaster creates and
// every child process maps, and the locks that live in it.
//
// It plays the part of PostgreSQL's storage/ipc (shmem.c, ipci.c) and
// storage/lmgr/lwlock.c, built on Linux primitives measured in design.md:
//
//   - The segment is an anonymous memfd (memfd_create + ftruncate), mapped
//     MAP_SHARED. The postmaster hands its descriptor to each child through
//     exec.Cmd.ExtraFiles; the child maps it again with Attach. Nothing in it
//     has a name in the file system, so nothing is left behind after a crash.
//
//   - The segment starts with a header and a table of named regions. The
//     postmaster allocates every region once, at start-up and after a crash
//     restart, before any child exists; children only look regions up by
//     name. Regions never move and never grow, so an offset taken once stays
//     valid for the life of the segment.
//
//   - Structures in the segment hold no Go pointers, only fixed-size values
//     and offsets: each process maps the segment at a different address, and
//     the garbage collector does not know the memory.
//
//   - LWLock is a futex lock word (0 free, 1 held, 2 held with waiters) using
//     the non-private FUTEX_WAIT/FUTEX_WAKE so it works across processes. It
//     records the holder's pid, and every acquisition is counted in the
//     holder's Owner, which lives in the holder's proc slot: a process that
//     dies while its count is non-zero may have left shared state half
//     written, and the postmaster must then restart the whole family.
//
//   - A process's Owner also holds its wait event (lib/waitevent), what
//     pg_stat_activity shows it waiting for. An RWLock given a name with
//     SetWaitEvent publishes it while a process sleeps for it (PostgreSQL's
//     LWLock tranche names: LockManager, BufferMapping, BufferContent,
//     ProcArray); an LWLock, whose size the cache-line layouts around it
//     depend on, is named by the caller of LockNamed instead (WALInsert,
//     WALWrite, WALBufMapping, XidGen). The fast paths never touch it.
//
// Caveats: hold an LWLock only for a few instructions; never block on I/O, a
// channel or another process while holding one; there is no deadlock
// detection between LWLocks, so take them in a fixed order.
package shmem
