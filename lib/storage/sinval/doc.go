// Package sinval is the shared cache invalidation queue (PostgreSQL's
// storage/ipc/sinvaladt.c and sinval.c): a ring of 16-byte messages in
// shared memory through which a backend that changed the catalogs tells
// every other backend which cached catalog rows, relation descriptors
// and relation files are stale.
//
// Lifecycle: the postmaster sizes the queue with ShmemSize and creates it
// with CreateShared (with one reader slot per proc array slot); every
// process finds it with AttachShared; a backend becomes a reader with
// Queue.Attach (it receives what is inserted from then on) and leaves
// with Backend.Close, or the postmaster calls Queue.Detach for a backend
// that died. Writers call Insert at commit; readers call Receive at
// transaction start and after taking a relation lock (lib/catalog's
// Cache.Accept does both), cheaply when nothing is new (HasMessages reads
// one shared counter without a lock).
//
// Overflow: the queue holds MaxMessages. When a writer finds it full, the
// readers furthest behind are marked for reset and stop holding the queue
// back; their next Receive reports the reset, and they must discard
// everything they cache. PostgreSQL also signals the slowest backend to
// catch up before that happens; here an idle backend is simply reset.
package sinval
