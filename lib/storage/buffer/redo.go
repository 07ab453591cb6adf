// Pages for WAL redo, read and extended through the buffer pool
// (PostgreSQL's XLogReadBufferExtended).

package buffer

import (
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// RedoFiles is what RedoSource needs of the storage manager:
// *smgr.Manager provides it. Create with isRedo opens an existing file
// or creates a missing one.
type RedoFiles interface {
	NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error)
	Create(rel storage.RelFileLocator, fork storage.ForkNumber, isRedo bool) error
}

// RedoSource supplies pages to redo functions from a buffer pool
// (XLogReadBufferExtended): a block beyond the end of the relation is
// added (with zero pages up to it) when redo will initialise or restore
// it, and reported missing otherwise (the relation was truncated or
// dropped later in the WAL). It belongs to the one process replaying WAL.
type RedoSource struct {
	Pool  *Pool
	Files RedoFiles

	opened map[redoFork]bool
}

type redoFork struct {
	rel  storage.RelFileLocator
	fork storage.ForkNumber
}

type redoBuf struct {
	pool *Pool
	buf  Buffer
}

func (b redoBuf) Page() []byte { return b.pool.Page(b.buf) }
func (b redoBuf) MarkDirty()   { b.pool.MarkDirty(b.buf) }
func (b redoBuf) Release()     { b.pool.UnlockRelease(b.buf) }

// ReadForRedo returns the block locked exclusively (xlog.RedoBufferSource).
func (r *RedoSource) ReadForRedo(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, zero bool) (xlog.RedoBuffer, error) {
	if r.opened == nil {
		r.opened = map[redoFork]bool{}
	}
	if key := (redoFork{rel, fork}); !r.opened[key] {
		// The file may not exist yet (created by a record not replayed by
		// this rmgr, or lost with the crash).
		if err := r.Files.Create(rel, fork, true); err != nil {
			return nil, err
		}
		r.opened[key] = true
	}
	nblocks, err := r.Files.NBlocks(rel, fork)
	if err != nil {
		return nil, err
	}
	if block < nblocks {
		if zero {
			buf, err := r.Pool.ReadBufferExtended(rel, fork, block, ZeroAndLock)
			if err != nil {
				return nil, err
			}
			return redoBuf{r.Pool, buf}, nil
		}
		buf, err := r.Pool.ReadBuffer(rel, fork, block)
		if err != nil {
			return nil, err
		}
		r.Pool.LockBuffer(buf, Exclusive)
		return redoBuf{r.Pool, buf}, nil
	}
	if !zero {
		return nil, nil
	}
	for {
		buf, blk, err := r.Pool.ExtendRelation(rel, fork)
		if err != nil {
			return nil, err
		}
		if blk == block {
			return redoBuf{r.Pool, buf}, nil
		}
		r.Pool.UnlockRelease(buf)
	}
}

// ReadZeroOnError returns the block locked exclusively, read with a page
// that fails verification replaced by zeroes, and the fork extended to
// it (created, if missing) when it lies beyond the end: redo's access to
// the visibility map and free space map pages (XLogReadBufferExtended
// with RBM_ZERO_ON_ERROR), which are hints whose torn pages must not
// stop recovery.
func (r *RedoSource) ReadZeroOnError(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber) (xlog.RedoBuffer, error) {
	if r.opened == nil {
		r.opened = map[redoFork]bool{}
	}
	if key := (redoFork{rel, fork}); !r.opened[key] {
		if err := r.Files.Create(rel, fork, true); err != nil {
			return nil, err
		}
		r.opened[key] = true
	}
	nblocks, err := r.Files.NBlocks(rel, fork)
	if err != nil {
		return nil, err
	}
	if block >= nblocks {
		for {
			buf, blk, err := r.Pool.ExtendRelation(rel, fork)
			if err != nil {
				return nil, err
			}
			if blk == block {
				return redoBuf{r.Pool, buf}, nil
			}
			r.Pool.UnlockRelease(buf)
		}
	}
	buf, err := r.Pool.ReadBufferExtended(rel, fork, block, ZeroOnError)
	if err != nil {
		return nil, err
	}
	r.Pool.LockBuffer(buf, Exclusive)
	return redoBuf{r.Pool, buf}, nil
}

// Forget drops what the source remembers of rel's files, after redo
// removed them: a later record must find them missing, or create them
// again.
func (r *RedoSource) Forget(rel storage.RelFileLocator) {
	for k := range r.opened {
		if k.rel == rel {
			delete(r.opened, k)
		}
	}
}
