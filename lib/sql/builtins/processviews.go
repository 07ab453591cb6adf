// The set-returning functions behind pg_catalog's views of process state
// (PostgreSQL's pg_show_all_settings, pg_stat_get_activity,
// pg_lock_status, pg_cursor, pg_prepared_statement, pg_timezone_names,
// pg_stat_get_wal, pg_stat_get_archiver, pg_show_all_file_settings,
// pg_get_shmem_allocations, pg_stat_get_slru,
// pg_get_backend_memory_contexts, pg_stat_get_recovery_prefetch;
// pg_timezone_abbrevs needs no session) and the scalar
// pg_stat_get_bgwriter_* functions pg_stat_bgwriter reads. The session
// computes the rows (expr.ProcessState); these adapt them to the calls.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// processStateRows asks the session for the rows of set.
func processStateRows(ec *expr.EvalContext, fn, set string) ([][]types.Datum, error) {
	ps, ok := ec.Session.(expr.ProcessState)
	if !ok {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not available in this session", fn)
	}
	return ps.ProcessStateRows(set)
}

// rowsOf returns the next function over rows.
func rowsOf(rows [][]types.Datum) func() ([]types.Datum, bool, error) {
	i := 0
	return func() ([]types.Datum, bool, error) {
		if i >= len(rows) {
			return nil, false, nil
		}
		i++
		return rows[i-1], true, nil
	}
}

// processStateSRF is a function whose rows are the session's rows of
// the set of the same name.
func processStateSRF(name string) expr.RowSRFImpl {
	return func(ec *expr.EvalContext, _ []types.Datum) (func() ([]types.Datum, bool, error), error) {
		rows, err := processStateRows(ec, name, name)
		if err != nil {
			return nil, err
		}
		return rowsOf(rows), nil
	}
}

// activityPidColumn is pid's position among pg_stat_get_activity's
// columns.
const activityPidColumn = 1

// statGetActivity is pg_stat_get_activity(pid): every process (pid NULL
// or -1), or the one with that pid (none when there is no such process).
func statGetActivity(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	rows, err := processStateRows(ec, "pg_stat_get_activity", "pg_stat_get_activity")
	if err != nil {
		return nil, err
	}
	if !a[0].IsNull() && a[0].Int() != -1 {
		pid := a[0].Int()
		var one [][]types.Datum
		for _, r := range rows {
			if !r[activityPidColumn].IsNull() && r[activityPidColumn].Int() == pid {
				one = append(one, r)
				break
			}
		}
		rows = one
	}
	return rowsOf(rows), nil
}

// bgwriterColumns are the functions giving pg_stat_bgwriter's columns,
// in the view's column order.
var bgwriterColumns = []string{
	"pg_stat_get_bgwriter_timed_checkpoints", "pg_stat_get_bgwriter_requested_checkpoints",
	"pg_stat_get_checkpoint_write_time", "pg_stat_get_checkpoint_sync_time",
	"pg_stat_get_bgwriter_buf_written_checkpoints", "pg_stat_get_bgwriter_buf_written_clean",
	"pg_stat_get_bgwriter_maxwritten_clean", "pg_stat_get_buf_written_backend",
	"pg_stat_get_buf_fsync_backend", "pg_stat_get_buf_alloc", "pg_stat_get_bgwriter_stat_reset_time",
}

func addProcessStateImpls(r *registry) {
	// pg_show_all_settings's prosrc is show_all_settings.
	r.rowSRFs["show_all_settings"] = processStateSRF("pg_show_all_settings")
	// pg_show_all_file_settings's prosrc is show_all_file_settings.
	r.rowSRFs["show_all_file_settings"] = processStateSRF("pg_show_all_file_settings")
	for _, name := range []string{"pg_lock_status", "pg_cursor", "pg_prepared_statement",
		"pg_timezone_names", "pg_stat_get_wal", "pg_stat_get_archiver", "pg_get_shmem_allocations",
		"pg_stat_get_slru", "pg_get_backend_memory_contexts", "pg_stat_get_recovery_prefetch"} {
		r.rowSRFs[name] = processStateSRF(name)
	}
	r.rowSRFs["pg_stat_get_activity"] = statGetActivity
	r.rowSRFs["pg_timezone_abbrevs"] = timezoneAbbrevs
	for i, name := range bgwriterColumns {
		r.impls[name] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
			rows, err := processStateRows(ec, name, "pg_stat_bgwriter")
			if err != nil || len(rows) == 0 {
				return types.Null, err
			}
			return rows[0][i], nil
		})
	}
}

// timezoneAbbrevs is pg_timezone_abbrevs(): the Default
// timezone_abbreviations set (the only one gpostgres reads), a dynamic
// abbreviation with its meaning at the transaction start.
func timezoneAbbrevs(ec *expr.EvalContext, _ []types.Datum) (func() ([]types.Datum, bool, error), error) {
	now := ec.Session.TransactionStart()
	var rows [][]types.Datum
	for _, z := range types.DefaultZoneAbbrevs() {
		off, dst, ok := z.OffsetAt(now)
		if !ok {
			return nil, pgerr.Newf(pgerr.InvalidParameterValue, "time zone \"%s\" not recognized", z.Zone).
				WithDetail("This time zone name appears in the configuration file for time zone abbreviation \"%s\".", strings.ToUpper(z.Abbrev))
		}
		rows = append(rows, []types.Datum{types.Text(strings.ToUpper(z.Abbrev)),
			types.IntervalDatum(types.Interval{Micros: int64(off) * types.UsecsPerSec}), types.Bool(dst)})
	}
	return rowsOf(rows), nil
}
