// What the executor's sorts and hash tables may hold in memory, and where
// they spill beyond it.

package sql

import "github.com/gpostgres/gpostgres/lib/sql/exec"

// WorkMemEnv is implemented by an Env whose statements may spill rows to
// temporary files beyond work_mem (the backend's sessions). Statements of
// other Envs keep all their rows in memory.
type WorkMemEnv interface {
	// WorkMem returns work_mem and hash_mem_multiplier's budget in
	// bytes, as set now, and the session's temporary files.
	WorkMem() exec.WorkMem
	// MaintenanceWorkMem is the budget of an index build's sort, which
	// never exceeds maintenance_work_mem (the backend also caps it at
	// work_mem, measured faster).
	MaintenanceWorkMem() exec.WorkMem
}

// maintenanceSource is a statement's Source whose sorts and hash tables
// get maintenance_work_mem (index builds).
type maintenanceSource struct{ catalogAdapter }

// WorkMem implements exec.WorkMemSource.
func (m maintenanceSource) WorkMem() exec.WorkMem {
	if w, ok := m.s.env.(WorkMemEnv); ok {
		return w.MaintenanceWorkMem()
	}
	return exec.WorkMem{}
}

// WorkMem implements exec.WorkMemSource.
func (c catalogAdapter) WorkMem() exec.WorkMem {
	if w, ok := c.s.env.(WorkMemEnv); ok {
		return w.WorkMem()
	}
	return exec.WorkMem{}
}

// workMemBytes is work_mem in bytes as the planner's estimates take it
// (0: its default, for Envs without work_mem).
func (s *sqlCtx) workMemBytes() int64 {
	if w, ok := s.env.(WorkMemEnv); ok {
		return w.WorkMem().Bytes
	}
	return 0
}
