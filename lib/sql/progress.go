// The SQL layer's side of the progress reports (lib/pgstat's progress
// API, PostgreSQL's pgstat_progress_*): commands report through the
// session's statistics state; without storage nothing is reported.

package sql

import "github.com/gpostgres/gpostgres/lib/pgstat"

// btreeAmOID is the B-tree access method's OID (BTREE_AM_OID), the
// only index access method.
const btreeAmOID = 403

func (s *sqlCtx) stats() *pgstat.Backend {
	if s.eng == nil {
		return nil
	}
	return s.eng.Stats
}

func (s *sqlCtx) progressStart(cmd pgstat.ProgressCommand, relid uint32) {
	s.stats().ProgressStart(cmd, relid)
}

func (s *sqlCtx) progressUpdate(index int, value int64) { s.stats().ProgressUpdate(index, value) }

func (s *sqlCtx) progressIncrement(index int, delta int64) { s.stats().ProgressIncrement(index, delta) }

func (s *sqlCtx) progressUpdateMulti(index []int, values []int64) {
	s.stats().ProgressUpdateMulti(index, values)
}

func (s *sqlCtx) progressEnd() { s.stats().ProgressEnd() }

// The parameters of COPY (PROGRESS_COPY_*) as pg_stat_progress_copy
// reads them, and their values.
const (
	progressCopyBytesProcessed  = 0
	progressCopyBytesTotal      = 1
	progressCopyTuplesProcessed = 2
	progressCopyTuplesExcluded  = 3
	progressCopyCommand         = 4
	progressCopyType            = 5

	progressCopyCommandFrom = 1
	progressCopyCommandTo   = 2

	progressCopyTypeFile    = 1
	progressCopyTypeProgram = 2
	progressCopyTypePipe    = 3
)
