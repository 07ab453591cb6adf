// Package pgstat is the cumulative statistics system (PostgreSQL 15's
// utils/activity/pgstat*.c): the counts behind pg_stat_all_tables,
// pg_statio_*, pg_stat_database and friends, and the progress reports
// behind pg_stat_progress_*.
//
// Layers:
//
//   - Shared (shared.go) is a fixed-size hash table in shared memory, one
//     entry per database, relation and function, under one reader/writer
//     lock. There is no collector process: every process adds its own
//     counts.
//   - Backend (backend.go) is one process's pending counts. The executor
//     counts scans, rows and buffer accesses into a *Relation it looked up
//     once per scan; row changes are kept per (sub)transaction level and
//     turned into live and dead tuple counts when the level ends, as
//     pgstat_relation.c does. Flush adds everything to the shared table,
//     at most once per MinInterval at the end of a transaction, after
//     IdleInterval when the session stays idle, and at exit.
//   - Reads (fetch.go) follow stats_fetch_consistency: each entry read is
//     kept until the transaction ends ("cache"), all are copied at the
//     first read ("snapshot"), or none is kept ("none").
//     pg_stat_clear_snapshot forgets them.
//   - ReportVacuum and ReportAnalyze write a table's live and dead tuple
//     counts and its last vacuum or analyze straight into the shared
//     table.
//   - I/O per backend type (io.go): each process's buffer pool and smgr
//     count reads, writes, extends, hits, evictions and fsyncs in a
//     storage.IOCounts; flushes add them to the table's header, one row
//     per backend type, object and context, for PostgreSQL 16's
//     pg_stat_io.
//   - The progress API (progress.go) writes the running command's
//     parameters into the process's proc slot.
//   - The file (file.go): at a clean shutdown the checkpointer writes the
//     table to pg_stat/pgstat.stat; the startup process reads it back and
//     removes it. After a crash (an immediate stop included) the file is
//     removed unread and every count starts from zero.
package pgstat
