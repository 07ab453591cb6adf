// Package initdb implements gpinitdb, PostgreSQL's initdb for gpostgres:
// it creates a data directory with PostgreSQL 15's layout, configuration
// files from the share/ samples, the control file and the system catalogs
// (see lib/catalog).
//
// Compatibility: options, progress lines, messages and exit codes are
// initdb's (with gpinitdb and gpctl for initdb and pg_ctl), so that
// scripts and people used to initdb meet no surprise. Differences, each
// reported with its own message: only the UTF8 encoding and the libc locale
// provider exist; a C or POSIX locale gets UTF8 (PostgreSQL would pick
// SQL_ASCII); only 16 MB WAL segments; passwords (--pwfile, -W) are checked
// but not stored yet; the catalogs hold what PostgreSQL's bootstrap writes,
// without its post-bootstrap SQL scripts. gpinitdb may run as root, which
// initdb refuses.
package initdb
