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
