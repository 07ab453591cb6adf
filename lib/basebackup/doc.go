// Package basebackup will take online base backups of a running gpostgres
// server over the replication protocol (BASE_BACKUP), as PostgreSQL's
// pg_basebackup (src/bin/pg_basebackup), writing a plain data directory or
// tar files plus the WAL needed to make the copy consistent.
//
// Not implemented yet: the replication protocol comes with a later
// milestone. Until then Run reports that, and the command line is fixed so
// that scripts can be written against it.
package basebackup
