// The session's catalog rows for built-in functions that read system
// catalogs themselves.

package expr

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// CatalogScanner is implemented by the catalog access of sessions with
// storage: functions that read system catalog rows themselves (index
// and access method properties, object identities) scan them through
// the reader, under the session's catalog snapshot.
type CatalogScanner interface {
	CatalogReader() catalog.Reader
}

// LogRotator is implemented by the sessions of a server whose
// postmaster can have the logging collector switch files.
type LogRotator interface {
	// RotateLogfile is pg_rotate_logfile: whether a rotation was asked
	// for (false, with a WARNING, without the logging collector).
	RotateLogfile() (bool, error)
}

// ServerFiles is implemented by the catalog access of sessions of a
// server: functions that read the data directory (the control file,
// tablespace sizes, current_logfiles) find it here, and send their
// WARNINGs through Warn.
type ServerFiles interface {
	// DataDir is the server's data directory.
	DataDir() string
	// Warn sends e to the client as a WARNING (or NOTICE, as its severity
	// says).
	Warn(e *pgerr.Error)
}
