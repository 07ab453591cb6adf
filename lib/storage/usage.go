// Buffer usage counters of one process (PostgreSQL's BufferUsage and its
// process-wide instance pgBufferUsage, instrument.h).

package storage

import "time"

// BufferUsage counts the pages one process touched: shared buffers (hit
// in the pool, read from disk, first dirtied, written out by this
// process), its local buffers (temporary relations) and the blocks of
// its temporary files (sorts and hashes spilling, in BlockSize units).
//
// Each process owns one, held by its buffer pool (buffer.Pool.Usage) and
// also counted into by its temporary files; nothing else writes it, so
// the counters are plain integers: a count costs one increment whether
// or not anyone looks. EXPLAIN (BUFFERS) takes a copy before and after
// a piece of work and prints the difference, as InstrStartNode and
// InstrStopNode do.
type BufferUsage struct {
	SharedHit, SharedRead, SharedDirtied, SharedWritten int64
	LocalHit, LocalRead, LocalDirtied, LocalWritten     int64
	TempRead, TempWritten                               int64
	// ReadTime and WriteTime are the time spent reading and writing
	// relation pages, TempReadTime and TempWriteTime temporary files'
	// blocks, measured only while track_io_timing is on.
	ReadTime, WriteTime, TempReadTime, TempWriteTime time.Duration
}

// AddDiff adds now minus then to u (BufferUsageAccumDiff).
func (u *BufferUsage) AddDiff(now, then BufferUsage) {
	u.SharedHit += now.SharedHit - then.SharedHit
	u.SharedRead += now.SharedRead - then.SharedRead
	u.SharedDirtied += now.SharedDirtied - then.SharedDirtied
	u.SharedWritten += now.SharedWritten - then.SharedWritten
	u.LocalHit += now.LocalHit - then.LocalHit
	u.LocalRead += now.LocalRead - then.LocalRead
	u.LocalDirtied += now.LocalDirtied - then.LocalDirtied
	u.LocalWritten += now.LocalWritten - then.LocalWritten
	u.TempRead += now.TempRead - then.TempRead
	u.TempWritten += now.TempWritten - then.TempWritten
	u.ReadTime += now.ReadTime - then.ReadTime
	u.WriteTime += now.WriteTime - then.WriteTime
	u.TempReadTime += now.TempReadTime - then.TempReadTime
	u.TempWriteTime += now.TempWriteTime - then.TempWriteTime
}
