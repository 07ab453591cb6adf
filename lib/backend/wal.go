// The session's side of the WAL functions (expr.WALControl).

package backend

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func (s *session) walReady(fn string) error {
	if s.eng == nil {
		return pgerr.Newf(pgerr.FeatureNotSupported, "%s() is not supported without a write-ahead log", fn)
	}
	return nil
}

// SwitchWAL is pg_switch_wal: superuser only (PostgreSQL revokes EXECUTE
// from public). A backend never runs during recovery here: the startup
// process finishes before connections are accepted.
func (s *session) SwitchWAL() (uint64, error) {
	if !s.superuser {
		return 0, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for function pg_switch_wal")
	}
	if err := s.walReady("pg_switch_wal"); err != nil {
		return 0, err
	}
	lsn, err := s.eng.WALH.SwitchSegment()
	return uint64(lsn), err
}

// WALPositions are GetXLogInsertRecPtr, GetXLogWriteRecPtr and
// GetFlushRecPtr.
func (s *session) WALPositions() (insert, write, flush uint64, err error) {
	if err := s.walReady("pg_current_wal_lsn"); err != nil {
		return 0, 0, 0, err
	}
	w := s.eng.WALH
	return uint64(w.CurrentInsertLSN()), uint64(w.WrittenLSN()), uint64(w.FlushedLSN()), nil
}

// WALTimeline is the insertion timeline.
func (s *session) WALTimeline() uint32 {
	if s.eng == nil {
		return 1
	}
	return s.eng.WALH.Timeline()
}
