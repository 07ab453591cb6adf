// Public types of the buffer manager: buffer numbers, tags, read modes,
// lock modes, the interfaces through which it reaches the storage manager
// and the WAL, and the per-process configuration (PostgreSQL's buf.h and
// bufmgr.h).

package buffer

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// Buffer names a shared buffer as PostgreSQL's Buffer does: the buffer's
// index in the pool plus one, so that the zero value is InvalidBuffer.
type Buffer int32

// InvalidBuffer is "no buffer".
const InvalidBuffer Buffer = 0

// Valid reports whether b names a buffer at all (not whether it is
// pinned): a shared buffer (positive) or a local one (negative), as
// PostgreSQL's BufferIsValid.
func (b Buffer) Valid() bool { return b != InvalidBuffer }

func (b Buffer) id() int32 { return int32(b) - 1 }

// BufferTag identifies the disk block a buffer holds.
type BufferTag struct {
	Rel   storage.RelFileLocator
	Fork  storage.ForkNumber
	_     [3]byte
	Block storage.BlockNumber
}

// NewTag builds a tag.
func NewTag(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber) BufferTag {
	return BufferTag{Rel: rel, Fork: fork, Block: block}
}

// String prints the tag as "block N of relation base/db/rel[_fork]".
func (t BufferTag) String() string {
	return fmt.Sprintf("block %d of relation %s", t.Block, t.Rel.Path(t.Fork, 0))
}

// hash mixes the tag into 32 bits: murmur3's 64-bit finalizer over the
// packed fields. Consecutive blocks of one relation land in unrelated
// partitions.
func (t *BufferTag) hash() uint32 {
	h := uint64(t.Rel.Spc)<<32 | uint64(t.Rel.DB)
	h ^= (uint64(t.Rel.Rel)<<8 | uint64(uint8(t.Fork))) * 0x9E3779B97F4A7C15
	h ^= uint64(t.Block) * 0xC2B2AE3D27D4EB4F
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return uint32(h)
}

// ReadMode is ReadBufferExtended's mode (PostgreSQL's ReadBufferMode).
type ReadMode int

const (
	// Normal reads the block and verifies it.
	Normal ReadMode = iota
	// ZeroAndLock does not read the block if it is not already in the pool:
	// the page is zero-filled instead, and returned locked exclusively. WAL
	// redo uses it for a page it will rewrite completely (full-page image,
	// page initialisation), which may not even exist on disk yet: the file
	// is not extended (PostgreSQL's XLogReadBufferExtended extends it
	// first; the redo helper should too).
	ZeroAndLock
	// ZeroOnError reads the block but replaces a page that fails
	// verification by zeroes, with a WARNING, instead of failing.
	ZeroOnError
)

// LockMode is LockBuffer's mode.
type LockMode int

const (
	Unlock    LockMode = iota // BUFFER_LOCK_UNLOCK
	Share                     // BUFFER_LOCK_SHARE
	Exclusive                 // BUFFER_LOCK_EXCLUSIVE
)

// Checkpoint flags that change what BufferSync writes; the values are
// PostgreSQL's CHECKPOINT_* bits so the checkpointer can pass its own flags
// through unchanged.
const (
	CheckpointIsShutdown    = 0x0001
	CheckpointEndOfRecovery = 0x0002
	CheckpointImmediate     = 0x0004
	CheckpointForce         = 0x0008
	CheckpointFlushAll      = 0x0010 // also write unlogged (non-permanent) buffers
)

// SyncResult is SyncOneBuffer's result bits.
type SyncResult int

const (
	// BufWritten: the buffer was written.
	BufWritten SyncResult = 1 << iota
	// BufReusable: the buffer had no pins and a zero usage count, so the
	// clock sweep could take it.
	BufReusable
)

// FileManager is what the buffer manager needs from the storage manager
// (lib/storage/smgr's per-process Manager implements it). Errors are
// returned to the caller of the buffer operation unchanged, so they should
// already carry PostgreSQL's wording and SQLSTATE.
type FileManager interface {
	// Read fills dst (BlockSize bytes) with the block; reading past the end
	// of the fork is an error.
	Read(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, dst []byte) error
	// Write overwrites a block. It may be beyond the current end of the
	// fork when WAL redo created the page with ZeroAndLock and it is
	// evicted before the file was extended; md.c writes it, leaving a hole.
	Write(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, skipFsync bool) error
	// Extend writes block, which is at or beyond the current end of the fork.
	Extend(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, src []byte, skipFsync bool) error
	// NBlocks is the fork's length in blocks.
	NBlocks(rel storage.RelFileLocator, fork storage.ForkNumber) (storage.BlockNumber, error)
}

// WAL is what the buffer manager needs from the write-ahead log
// (lib/access/xlog): Flush returns once WAL up to lsn is durable (or, during
// recovery, once the minimum recovery point covers it).
type WAL interface {
	Flush(lsn storage.LSN) error
}

// Config is what a process plugs into its Pool.
type Config struct {
	// Files reads and writes relation blocks. Required.
	Files FileManager
	// WAL is flushed up to a page's LSN before the page is written. Nil
	// means there is no WAL (bootstrap, tests): pages are written at once.
	WAL WAL
	// SetChecksum stores the page checksum (page.Set); nil when
	// data_checksums is off. It is applied to a private copy of the page
	// just before the write, never to the shared page.
	SetChecksum func(page []byte, blk storage.BlockNumber)
	// LogHint is XLogSaveBufferForHint, set when data checksums or
	// wal_log_hints are on (XLogHintBitIsNeeded): before
	// a hint-bit change dirties a page that has not been WAL-logged since
	// the last redo point, it logs a full-page image of page (a private
	// copy) and returns the record's end, to become the page's LSN; it
	// returns 0 when the page needs no image. A crash can tear the write of
	// a page dirtied only by hints, and with checksums the torn page would
	// be unreadable unless recovery restores its image. ok false means the
	// page may not be dirtied at all (recovery is in progress): the hint
	// stays in memory only.
	LogHint func(tag BufferTag, page []byte) (lsn storage.LSN, ok bool, err error)
	// VerifyChecksum checks a page just read (page.Verify: header sanity
	// and, with checksums on, the checksum; ignore_checksum_failure).
	// Nil accepts every page. An all-zero page is accepted without calling
	// it. A non-nil warning (a checksum mismatch) is passed to Warn
	// whether or not the page is accepted, as PostgreSQL reports it.
	VerifyChecksum func(page []byte, blk storage.BlockNumber) (ok bool, warning *pgerr.Error)
	// Settings supplies bgwriter_lru_maxpages, bgwriter_lru_multiplier,
	// bgwriter_delay, zero_damaged_pages and ignore_checksum_failure, read
	// at each use so a reload takes effect. Nil means the defaults.
	Settings *config.Settings
	// Warn receives WARNINGs (a write that failed again, a zeroed page).
	// Nil drops them.
	Warn func(*pgerr.Error)
	// Unlogged reports whether a relation is unlogged (it has an init
	// fork): its pages other than the init fork's are not permanent
	// (BM_PERMANENT clear), so that checkpoints other than the shutdown
	// and end-of-recovery ones leave them, a write flushes no WAL first
	// and hint bits log no page image. Asked when a page is loaded, never
	// under a buffer lock. Nil: every page is permanent.
	Unlogged func(rel storage.RelFileLocator) bool
}

// PageLSN reads pd_lsn, the first 8 bytes of a page: xlogid (high half)
// then xrecoff (low half), each a little-endian uint32.
func PageLSN(page []byte) storage.LSN {
	return storage.LSN(binary.LittleEndian.Uint32(page[0:4]))<<32 | storage.LSN(binary.LittleEndian.Uint32(page[4:8]))
}

// SetPageLSN writes pd_lsn.
func SetPageLSN(page []byte, lsn storage.LSN) {
	binary.LittleEndian.PutUint32(page[0:4], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(page[4:8], uint32(lsn))
}

// isZeroPage reports whether the page is all zeroes (a page extended but
// never initialised, or a hole in the file): such a page is valid.
func isZeroPage(page []byte) bool {
	for i := 0; i < len(page); i += 8 {
		if binary.LittleEndian.Uint64(page[i:]) != 0 {
			return false
		}
	}
	return true
}

// errTooManyPins is the error when a process pins more distinct buffers at
// once than MaxPinnedBuffers.
func errTooManyPins() error {
	return pgerr.Newf(pgerr.InsufficientResources, "too many buffers pinned by one process (limit %d)", MaxPinnedBuffers)
}
