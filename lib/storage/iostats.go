// One process's I/O counts by object, context and operation: what
// pg_stat_io shows once lib/pgstat has added them up per backend type
// (PostgreSQL 16's PgStat_BktypeIO / pgstat_count_io_op). They live here
// so that the buffer pool and smgr, which do the I/O, can count without
// importing the statistics system.

package storage

import "time"

// IOObject is what an I/O was done on (IOObject).
type IOObject uint8

const (
	IOObjectRelation IOObject = iota
	IOObjectTempRelation
	NumIOObjects
)

// IOContext is the kind of buffer use an I/O was done for
// (IOContext). gpostgres has no buffer access strategies, so its own
// I/O is always IOContextNormal; the others exist for pg_stat_io's row
// set.
type IOContext uint8

const (
	IOContextBulkRead IOContext = iota
	IOContextBulkWrite
	IOContextNormal
	IOContextVacuum
	NumIOContexts
)

// IOOp is one kind of I/O operation (IOOp), in PostgreSQL 16's order.
type IOOp uint8

const (
	IOOpEvict IOOp = iota
	IOOpExtend
	IOOpFsync
	IOOpHit
	IOOpRead
	IOOpReuse
	IOOpWrite
	IOOpWriteback
	NumIOOps
)

// IOCounts are a process's I/O operations not yet added to the shared
// statistics, and the time they took while track_io_timing was on. The
// process's buffer pool and file manager add to them with plain
// increments (they are the process's own, used from one goroutine);
// lib/pgstat adds them to the shared counts and zeroes them.
type IOCounts struct {
	Counts [NumIOObjects][NumIOContexts][NumIOOps]int64
	Times  [NumIOObjects][NumIOContexts][NumIOOps]time.Duration
}

// Count adds n operations op on obj in context ctx, and d of time.
func (c *IOCounts) Count(obj IOObject, ctx IOContext, op IOOp, n int64, d time.Duration) {
	c.Counts[obj][ctx][op] += n
	c.Times[obj][ctx][op] += d
}

// IsZero reports whether nothing was counted.
func (c *IOCounts) IsZero() bool { return *c == IOCounts{} }
