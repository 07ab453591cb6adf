// The session's side of the set-returning functions behind the system
// views that show a server's processes and settings (pg_stat_activity,
// pg_locks, pg_settings, ...).

package expr

import "github.com/gpostgres/gpostgres/lib/types"

// ProcessState is implemented by the sessions of a server backend
// (EvalContext.Session). The functions that pg_catalog's views call to
// show process state (pg_show_all_settings, pg_stat_get_activity,
// pg_lock_status, pg_cursor, pg_prepared_statement, pg_timezone_names,
// pg_stat_get_wal, pg_stat_get_archiver and the pg_stat_get_bgwriter_*
// family) read their rows from it, and fail with feature_not_supported
// without it.
type ProcessState interface {
	// ProcessStateRows returns the rows of set, in the column order of
	// the function of that name as pg_proc declares its OUT
	// parameters; "pg_stat_bgwriter" is the one row of the view of that
	// name, whose columns the scalar pg_stat_get_bgwriter_* functions
	// give one each.
	ProcessStateRows(set string) ([][]types.Datum, error)
}
