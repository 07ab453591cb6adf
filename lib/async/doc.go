// Package async is LISTEN, NOTIFY and UNLISTEN (PostgreSQL's
// commands/async.c): a queue of notifications in shared memory that
// every listening backend reads, and each session's listening state.
//
// Layers: Queue (queue.go) is the shared ring and the per-proc-slot
// listener table; Session (session.go) is one backend's channels, its
// transaction's pending LISTEN/UNLISTEN actions and pending
// notifications, and the reading of the queue. lib/backend wires a
// Session to the session's transaction (pre-commit, commit and end
// hooks) and delivers what it reads as NotificationResponse messages.
//
// Lifecycle: the postmaster sizes the queue with ShmemSize and creates it
// with CreateShared (lib/engine does both); every process finds it with
// AttachShared. A backend registers as a listener when its first LISTEN
// commits and unregisters when it listens to nothing any more or exits;
// the postmaster calls Queue.Detach for a backend that died, so that a
// vanished listener never holds the queue back.
//
// Commit order: a transaction with notifications takes the heavyweight
// lock PostgreSQL takes (AccessExclusiveLock on the pg_database object 0)
// before its commit record and appends its notifications after the
// commit, before the lock is released; so notifications are queued in
// commit order and never for a transaction that rolled back. The lock
// also makes the queue-full check in pre-commit stay true until the
// append: only the lock holder appends, readers only free space.
//
// Spilling: the queue is a stream of entries whose newest RingSize bytes
// are a ring in shared memory; as the ring wraps over entries a listener
// has not read, they are written to pg_notify/ (segment files of 256 kB,
// removed once every listener has passed them), and read back from there,
// as PostgreSQL's SLRU pages are. The files are emptied when shared memory
// is created (start, crash restart): notifications do not survive a
// restart. The queue holds up to MaxQueueSize (8 GB, PostgreSQL's limit);
// a transaction whose notifications do not fit fails at commit with
// "too many notifications in the NOTIFY queue" (54000), and from half
// full on notifiers are warned, as in PostgreSQL.
// pg_notification_queue_usage() is the fraction of the 8 GB in use. The
// files' layout is a byte stream, not PostgreSQL's pages (nothing reads
// them but this package).
package async
