// The session's catalog rows for built-in functions that read system
// catalogs themselves.

package expr

import "github.com/gpostgres/gpostgres/lib/catalog"

// CatalogScanner is implemented by the catalog access of sessions with
// storage: functions that read system catalog rows themselves (index
// and access method properties, object identities) scan them through
// the reader, under the session's catalog snapshot.
type CatalogScanner interface {
	CatalogReader() catalog.Reader
}
