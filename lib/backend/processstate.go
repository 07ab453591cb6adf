// The session's side of the functions behind pg_catalog's views of
// process state (expr.ProcessState): the rows of pg_show_all_settings,
// pg_stat_get_activity, pg_lock_status, ... from the relations this
// package computes (pgSettings, pgStatActivity, pgLocks, ...), in the
// functions' column order.

package backend

import (
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/transam"
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

// slruRows are pg_stat_get_slru's: the counters of the SLRUs gpostgres
// has, in PostgreSQL's order. It has no CommitTs SLRU
// (track_commit_timestamp is refused) and its LISTEN/NOTIFY queue is no
// SLRU (lib/async), so those rows, and "other", are not shown.
func (s *session) slruRows() [][]types.Datum {
	if s.eng == nil {
		return nil
	}
	stats := s.eng.Xact.SlruStats()
	if sr := s.eng.Pred.Serial(); sr != nil {
		// After the multixact SLRUs, before Subtrans and Xact.
		stats = append(stats[:2], append([]transam.SlruStats{sr.SlruStats()}, stats[2:]...)...)
	}
	rows := make([][]types.Datum, len(stats))
	for i, st := range stats {
		row := []types.Datum{types.Text(st.Name)}
		for _, c := range st.Counts {
			row = append(row, types.Int(int64(c)))
		}
		rows[i] = append(row, types.Int(types.TimeToTimestamp(st.Reset)))
	}
	return rows
}

// memoryContextRows are pg_get_backend_memory_contexts's: gpostgres has
// no memory contexts, its memory is the Go runtime's garbage-collected
// heap, shown as the one top context. total_bytes is the heap memory the
// process holds from the system (objects, unused parts of spans and
// free spans not yet returned), total_nblocks that in the runtime's
// 8 kB pages, used_bytes the bytes of heap objects and free_bytes the
// rest; free_chunks is NULL: the runtime does not count free slots.
func memoryContextRows() [][]types.Datum {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
	}
	metrics.Read(samples)
	var v [3]int64
	for i, sm := range samples {
		if sm.Value.Kind() == metrics.KindUint64 {
			v[i] = int64(sm.Value.Uint64())
		}
	}
	used, total := v[0], v[0]+v[1]+v[2]
	const runtimePage = 8192
	return [][]types.Datum{{types.Text("TopMemoryContext"), types.Null, types.Null, types.Int(0),
		types.Int(total), types.Int((total + runtimePage - 1) / runtimePage), types.Int(total - used), types.Null, types.Int(used)}}
}

// recoveryPrefetchRows is pg_stat_get_recovery_prefetch's one row:
// gpostgres never prefetches blocks in recovery, so it counts nothing,
// since the server started or the last reset.
func (s *session) recoveryPrefetchRows() [][]types.Datum {
	sh := s.child.Shared
	reset := atomic.LoadInt64(&sh.RecoveryPrefetchReset)
	if reset == 0 {
		reset = atomic.LoadInt64(&sh.StartTime)
	}
	row := []types.Datum{types.Int(types.TimeToTimestamp(time.UnixMicro(reset)))}
	for range 9 {
		row = append(row, types.Int(0))
	}
	return [][]types.Datum{row}
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
	case "pg_stat_get_slru":
		return s.slruRows(), nil
	case "pg_get_backend_memory_contexts":
		return memoryContextRows(), nil
	case "pg_stat_get_recovery_prefetch":
		return s.recoveryPrefetchRows(), nil
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
