// Package share embeds the installed data files of this directory
// (postgresql.conf.sample, pg_hba.conf.sample, pg_ident.conf.sample) into
// the binaries that need them, so that a gpinitdb copied anywhere still
// works. The files here are the source of truth: install.sh copies them to
// PREFIX/share/gpostgres, and gpinitdb prefers that installed copy (an
// administrator may have edited it) over the embedded one.
package share

import "embed"

// Files holds the sample files, by base name.
//
//go:embed *.sample
var Files embed.FS

// Sample file names.
const (
	PostgresqlConfSample = "postgresql.conf.sample"
	HBAConfSample        = "pg_hba.conf.sample"
	IdentConfSample      = "pg_ident.conf.sample"
)
