// Package storage holds the identifiers every storage subsystem shares:
// which relation file (RelFileLocator), which fork, which block, which
// WAL position (LSN); and the per-process counters the subsystems add to
// (BufferUsage for EXPLAIN (BUFFERS), IOCounts for pg_stat_io). The
// subsystems themselves live in the packages below it (page, smgr,
// buffer, lmgr, predicate for SERIALIZABLE, tempfile for the executor's
// temporary files) and in lib/access; docs/storage.md states
// how they fit together and the ordering rules they all obey.
package storage
