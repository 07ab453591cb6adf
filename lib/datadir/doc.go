// Package datadir owns the on-disk layout of a gpostgres data directory and
// the small files that several programs share: the version file PG_VERSION,
// the lock files postmaster.pid and .s.PGSQL.<port>.lock, postmaster.opts,
// and the control file global/pg_control. The system catalogs themselves
// are heap files written by lib/catalog.
//
// It plays the part of PostgreSQL's src/common/controldata_utils.c,
// src/backend/utils/init/miscinit.c (lock files, checkDataDir) and
// src/include/catalog/pg_control.h. Four programs use it:
//
//   - gpinitdb creates the directory tree, PG_VERSION files, the control file
//     (state "shut down").
//   - gpostgres validates the directory (CheckDataDir, ValidateVersion),
//     takes the data directory lock (CreatePidFile) and the socket locks
//     (CreateSocketLock), reports its progress in line 8 of postmaster.pid
//     (SetPidStatus), records its command line (WritePostmasterOpts) and
//     reads and updates the control file.
//   - gpctl reads postmaster.pid (ReadPidFile), postmaster.opts (restart,
//     status) and the control file state (promote).
//   - gpbasebackup (later) copies the directory following Layout.
//
// Compatibility: every file format here is PostgreSQL 15's, byte for byte,
// where PostgreSQL's tools read it: postmaster.pid (pg_ctl, monitoring
// scripts), postmaster.opts (pg_ctl restart) and pg_control (its layout is
// PostgreSQL 15's ControlFileData on x86-64, so pg_controldata can inspect a
// gpostgres cluster). Messages are PostgreSQL's texts, returned as
// *pgerr.Error values with PostgreSQL's severities and SQLSTATEs.
//
// See README.md for the invariants (who writes which file when).
package datadir
