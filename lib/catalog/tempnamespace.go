// Temporary schemas (namespace.c's pg_temp_N naming): each backend that
// creates a temporary object gets the schema pg_temp_N and its TOAST
// schema pg_toast_temp_N, N being its backend id. The names are how any
// backend tells whose temporary relation a pg_class row is.

package catalog

import (
	"strconv"
	"strings"
)

// TempNamespaceName is the temporary schema of backend id.
func TempNamespaceName(backend int32) string {
	return "pg_temp_" + strconv.Itoa(int(backend))
}

// TempToastNamespaceName is the TOAST schema of backend id's temporary
// tables.
func TempToastNamespaceName(backend int32) string {
	return "pg_toast_temp_" + strconv.Itoa(int(backend))
}

// TempNamespaceBackend returns the backend id of a temporary schema or
// temporary TOAST schema name (GetTempNamespaceBackendId), false for any
// other name.
func TempNamespaceBackend(name string) (int32, bool) {
	var rest string
	switch {
	case strings.HasPrefix(name, "pg_temp_"):
		rest = name[len("pg_temp_"):]
	case strings.HasPrefix(name, "pg_toast_temp_"):
		rest = name[len("pg_toast_temp_"):]
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 32)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != rest {
		return 0, false
	}
	return int32(n), true
}

// OnCommitAction is what a temporary table's ON COMMIT clause asks for at
// the end of each transaction (PostgreSQL's OnCommitAction).
type OnCommitAction byte

const (
	// OnCommitDeleteRows empties the table at every commit.
	OnCommitDeleteRows OnCommitAction = 'd'
	// OnCommitDrop drops the table when its creating transaction commits.
	OnCommitDrop OnCommitAction = 'D'
)

// TempState is the session's temporary schema (namespace.c's
// myTempNamespace and myTempToastNamespace) and the ON COMMIT actions of
// its temporary tables (tablecmds.c's on_commits). It lives as long as
// the backend; the SQL layer keeps it.
type TempState struct {
	// Namespace and ToastNamespace are the OIDs of pg_temp_N and
	// pg_toast_temp_N once the session used them, else 0.
	Namespace, ToastNamespace uint32
	// OnCommit holds the tables with ON COMMIT DELETE ROWS or DROP.
	OnCommit map[uint32]OnCommitAction
}

// Temp is the session's temporary-schema state. Cache resets leave it
// alone: it is the session's, not a copy of catalog rows.
func (c *Cache) Temp() *TempState { return &c.temp }

// RelationNamesVersion counts the relation-name invalidations this cache
// applied (a relation created, dropped or renamed, here or in another
// session): a plan of a query sent as text is stale once it changed,
// because PostgreSQL resolves such a query's names afresh each time, and
// a temporary table may now hide the table a name meant.
func (c *Cache) RelationNamesVersion() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.namesGen
}

// MyTempNamespace is the session's temporary schema (pg_temp in a
// qualified function name), 0 before its first use or without storage.
func (s Syscache) MyTempNamespace() uint32 {
	if s.c == nil {
		return 0
	}
	return s.c.Temp().Namespace
}

// IsTempNamespace reports whether nsp is a temporary schema, the
// session's or another's: an unqualified function name never finds a
// function there (PostgreSQL leaves pg_temp out of the function search
// path, so that a temporary function cannot capture a call).
func (s Syscache) IsTempNamespace(nsp uint32) (bool, error) {
	if s.c == nil || nsp == PgCatalogNamespace || nsp == PublicNamespace {
		return false, nil
	}
	name, ok, err := s.c.NamespaceName(s.r, nsp)
	if err != nil || !ok {
		return false, err
	}
	_, temp := TempNamespaceBackend(name)
	return temp, nil
}
