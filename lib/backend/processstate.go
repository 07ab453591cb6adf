// The session's side of the functions behind pg_catalog's views of
// process state (expr.ProcessState): the rows of pg_show_all_settings,
// pg_stat_get_activity, pg_lock_status, ... from the relations this
// package computes (pgSettings, pgStatActivity, pgLocks, ...), in the
// functions' column order.

package backend

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// activityColumns maps pg_stat_get_activity's columns to pg_stat_activity's
// as pgStatActivity computes them (-1: not there).
var activityColumns = []int{
	0,                      // datid
	2,                      // pid
	4,                      // usesysid
	6,                      // application_name
	16,                     // state
	20,                     // query
	14,                     // wait_event_type
	15,                     // wait_event
	11,                     // xact_start
	12,                     // query_start
	10,                     // backend_start
	13,                     // state_change
	7,                      // client_addr
	8,                      // client_hostname
	9,                      // client_port
	17,                     // backend_xid
	18,                     // backend_xmin
	21,                     // backend_type
	-1,                     // ssl
	-1, -1, -1, -1, -1, -1, // sslversion, sslcipher, sslbits, ssl_client_dn, ssl_client_serial, ssl_issuer_dn
	-1, // gss_auth
	-1, // gss_princ
	-1, // gss_enc
	3,  // leader_pid
	19, // query_id
}

// Positions among pg_stat_get_activity's columns of those that are false
// rather than NULL for a process without SSL or GSSAPI, as PostgreSQL
// shows every process here.
const (
	activitySSL     = 18
	activityGSSAuth = 25
	activityGSSEnc  = 27
)

// fileSettingsRows are pg_show_all_file_settings's: each line of the
// configuration files the server reads (config_file and what it
// includes) as a reload would apply it now, numbered in reading order.
// A line that is no setting (a syntax error) has no name or value.
func (s *session) fileSettingsRows() [][]types.Datum {
	items := s.child.Settings.FileSettings(s.child.Settings.String("config_file"))
	rows := make([][]types.Datum, len(items))
	for i, it := range items {
		name, value, errText := types.Null, types.Null, types.Null
		if it.Name != "" {
			name, value = types.Text(it.Name), types.Text(it.Value)
		}
		if it.Err != "" {
			errText = types.Text(it.Err)
		}
		rows[i] = []types.Datum{types.Text(it.File), types.Int(int64(it.Line)), types.Int(int64(i + 1)),
			name, value, types.Bool(it.Applied), errText}
	}
	return rows
}

// shmemAllocationRows are pg_get_shmem_allocations's: the named regions
// of the shared memory segment and its free rest (no name), as the
// postmaster laid them out.
func (s *session) shmemAllocationRows() [][]types.Datum {
	if s.child.Seg == nil {
		return nil
	}
	var rows [][]types.Datum
	for _, r := range s.child.Seg.Regions() {
		name := types.Null
		if r.Name != "" {
			name = types.Text(r.Name)
		}
		rows = append(rows, []types.Datum{name, types.Int(int64(r.Offset)), types.Int(int64(r.Size)), types.Int(int64(r.Allocated))})
	}
	return rows
}

// ProcessStateRows implements expr.ProcessState.
func (s *session) ProcessStateRows(set string) ([][]types.Datum, error) {
	switch set {
	case "pg_show_all_settings":
		return s.pgSettings().Rows()
	case "pg_lock_status":
		return s.pgLocks().Rows()
	case "pg_cursor":
		return s.pgCursors().Rows()
	case "pg_prepared_statement":
		return s.pgPreparedStatements().Rows()
	case "pg_timezone_names":
		return s.pgTimezoneNames().Rows()
	case "pg_stat_get_wal":
		return s.pgStatWal().Rows()
	case "pg_stat_get_archiver":
		return s.pgStatArchiver().Rows()
	case "pg_show_all_file_settings":
		return s.fileSettingsRows(), nil
	case "pg_get_shmem_allocations":
		return s.shmemAllocationRows(), nil
	case "pg_stat_bgwriter":
		return s.pgStatBgwriter().Rows()
	case "pg_stat_get_activity":
		view, err := s.pgStatActivity().Rows()
		if err != nil {
			return nil, err
		}
		rows := make([][]types.Datum, len(view))
		for i, v := range view {
			row := make([]types.Datum, len(activityColumns))
			for j, from := range activityColumns {
				if from >= 0 {
					row[j] = v[from]
				}
			}
			row[activitySSL], row[activityGSSAuth], row[activityGSSEnc] = types.Bool(false), types.Bool(false), types.Bool(false)
			rows[i] = row
		}
		return rows, nil
	}
	return nil, pgerr.Newf(pgerr.InternalError, "no process state called %s", set)
}
