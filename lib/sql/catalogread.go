// The session's catalog reader for built-in functions that scan system
// catalogs themselves (expr.CatalogScanner).

package sql

import "github.com/gpostgres/gpostgres/lib/catalog"

// CatalogReader implements expr.CatalogScanner.
func (n names) CatalogReader() catalog.Reader { return n.s }
