// Package engine assembles the storage and transaction subsystems into one
// process's database engine: it lays them out in shared memory (the
// postmaster's job), attaches a child to them, and hands each process its
// private handles — the file manager (smgr), the WAL handle, the buffer
// pool, the transaction manager and the lock manager. The shared
// invalidation queue and the LISTEN/NOTIFY queue (lib/async) are laid out
// here too.
//
// Subsystems do not know each other's construction; engine is the one place
// that wires them (the transaction manager logs through the WAL, the buffer
// pool writes through smgr and flushes WAL before data, redo dispatches to
// every resource manager). See docs/storage.md for the contracts and
// ordering rules.
//
// # Lifecycle
//
//	postmaster: CreateShared(seg, settings) at start and after a crash restart
//	every child: AttachShared(seg), then Open(...) once its proc slot is known
//	startup process: Engine.Recover — after a crash, unlogged relations
//	    reset to their init forks (unlogged.go); redo, end-of-recovery checkpoint
//	checkpointer: Engine.Checkpoint
//	postmaster, after a child died outside any critical section:
//	    Shared.CleanupDeadProcess(procIndex)
package engine
