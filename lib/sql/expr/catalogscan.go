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
