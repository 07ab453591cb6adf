// The session's work_mem and temporary files: what its statements' sorts
// and hash tables may hold in memory and where they spill beyond it.

package backend

import (
	"os"

	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
)

// WorkMem implements sql.WorkMemEnv from the current settings.
func (s *session) WorkMem() exec.WorkMem {
	st := s.child.Settings
	workMem := st.Int("work_mem") * 1024
	return exec.WorkMem{
		Bytes:     workMem,
		HashBytes: int64(float64(workMem) * st.Real("hash_mem_multiplier")),
		Files:     s.tempFileManager(),
	}
}

// MaintenanceWorkMem implements sql.WorkMemEnv: an index build's sort
// holds at most maintenance_work_mem, and no more than work_mem either:
// measured on the create_index benchmark (1M integers), sorting in
// runs of work_mem's 4MB and merging them took 0.83 s where one
// in-memory sort of 64MB took 1.97 s (the collector scanning a million
// live rows), so a larger budget only slows the build.
//
// The sort of integer keys and tids (exec's intsort) holds no pointers:
// it may take all of maintenance_work_mem (IndexBytes), as PostgreSQL's
// index build does.
func (s *session) MaintenanceWorkMem() exec.WorkMem {
	st := s.child.Settings
	bytes := min(st.Int("maintenance_work_mem"), st.Int("work_mem")) * 1024
	return exec.WorkMem{Bytes: bytes, HashBytes: bytes, IndexBytes: st.Int("maintenance_work_mem") * 1024, Files: s.tempFileManager()}
}

// tempFileManager returns the session's temporary files, made on first
// use: temp_file_limit and log_temp_files are read as each file grows or
// is closed, so SET applies to the next write.
func (s *session) tempFileManager() *tempfile.Manager {
	if s.tempFiles == nil {
		st := s.child.Settings
		s.tempFiles = tempfile.NewManager(s.child.DataDir, os.Getpid(), func() tempfile.Limits {
			return tempfile.Limits{FileLimitKB: st.Int("temp_file_limit"), LogMinKB: st.Int("log_temp_files"), TrackIOTiming: st.Bool("track_io_timing")}
		}, s.logTempFile)
		if s.eng != nil {
			// Their blocks are the session's temp_blks_read and
			// temp_blks_written, beside its buffers' counts.
			s.tempFiles.CountInto(s.eng.Pool.Usage())
			// pg_stat_database's temp_files and temp_bytes.
			stats := s.eng.Stats
			s.tempFiles.OnClose(stats.ReportTempFile)
		}
	}
	return s.tempFiles
}

// logTempFile writes log_temp_files' LOG line, with the statement that
// made the file when log_min_error_statement allows (a LOG message ranks
// above ERROR there, so by default it does, as in PostgreSQL).
func (s *session) logTempFile(format string, args ...any) {
	stmt := s.debugQuery
	if min, ok := elog.ParseLevel(s.child.Settings.Enum("log_min_error_statement")); ok && elog.Log < min {
		stmt = ""
	}
	e := pgerr.Newf(pgerr.SuccessfulCompletion, format, args...).WithSeverity(pgerr.SeverityLog)
	s.child.Log.Report(e, stmt)
}

// closeTempFiles deletes every temporary file still open at the end of
// the session (each statement's execution deletes its own when it ends;
// this catches what an execution that did not end normally left).
func (s *session) closeTempFiles() bool {
	if s.tempFiles == nil {
		return true
	}
	if err := s.tempFiles.CloseAll(); err != nil {
		s.child.Log.Report(err, "")
		return false
	}
	s.tempFiles = nil
	return true
}

// MaintenanceWorkMemKB implements sql.VacuumEnv: maintenance_work_mem
// as set now, which bounds VACUUM's list of dead row versions.
func (s *session) MaintenanceWorkMemKB() int64 {
	return int64(s.child.Settings.Int("maintenance_work_mem"))
}
