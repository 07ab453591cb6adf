// The session's access to the write-ahead log, for the WAL functions.

package expr

// WALControl is implemented by sessions that run on a server with a
// write-ahead log (lib/backend); the WAL functions (pg_switch_wal,
// pg_current_wal_lsn, ...) use it. It is a separate interface from
// Session so that evaluation contexts without storage need not provide
// it: the functions then fail with feature_not_supported.
type WALControl interface {
	// SwitchWAL ends the current WAL segment (pg_switch_wal) and returns
	// the end of the switch record, checking the caller's privileges.
	SwitchWAL() (uint64, error)
	// WALPositions are the insert, write and flush positions.
	WALPositions() (insert, write, flush uint64, err error)
	// WALTimeline is the timeline new WAL is written on.
	WALTimeline() uint32
}
