// The session's catalog reader and data directory for built-in functions
// that scan system catalogs or read server files themselves
// (expr.CatalogScanner, expr.ServerFiles).

package sql

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// CatalogReader implements expr.CatalogScanner.
func (n names) CatalogReader() catalog.Reader { return n.s }

// DataDir implements expr.ServerFiles.
func (n names) DataDir() string { return n.s.eng.DataDir }

// Warn implements expr.ServerFiles: without a client to tell, the
// message is dropped, as a WARNING nobody receives is.
func (n names) Warn(e *pgerr.Error) {
	if nt, ok := n.s.env.(Notifier); ok {
		nt.Notice(e)
	}
}
