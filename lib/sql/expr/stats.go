// The session's access to the cumulative statistics, for the pg_stat_*
// functions.

package expr

import (
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/proc"
)

// CumulativeStats is implemented by the sessions of a server backend
// (EvalContext.Session); the pg_stat_get_* and pg_stat_reset* functions
// use it and fail with feature_not_supported without it.
type CumulativeStats interface {
	// CumulativeStats is the process's statistics state.
	CumulativeStats() *pgstat.Backend
	// DatabaseBackends counts the processes connected to database db
	// (pg_stat_get_db_numbackends).
	DatabaseBackends(db uint32) int
	// ProgressReports are the progress reports of every process.
	ProgressReports() []proc.Progress
	// DataChecksums reports whether the cluster has data checksums.
	DataChecksums() bool
	// CheckStatsReset refuses a statistics reset function (name) to a
	// user who may not call it.
	CheckStatsReset(name string) error
	// ResetSharedStats is pg_stat_reset_shared(target) for the counters
	// kept outside the statistics table (bgwriter, wal, archiver).
	ResetSharedStats(target string) error
	// ResetSlruStats is pg_stat_reset_slru: the counters of the SLRU
	// called name, or of all with all set.
	ResetSlruStats(name string, all bool) error
}
