// Helpers for redo functions (xlogutils.c): reading the block a record
// refers to, restoring it from its full-page image when the record
// carries one, and deciding whether the change still has to be replayed.
// The buffer manager supplies the pages through RedoBufferSource.

package xlog

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// RedoBuffer is a page a redo function works on, pinned and locked
// exclusively by the buffer manager.
type RedoBuffer interface {
	Page() []byte
	MarkDirty()
	Release()
}

// RedoBufferSource reads pages for redo.
type RedoBufferSource interface {
	// ReadForRedo returns the block's buffer, locked exclusively. With
	// zero set, the page is returned zero-filled (the relation extended
	// to it if needed) instead of being read. A nil buffer and nil error
	// mean the block no longer exists (the relation was truncated or
	// dropped later in the WAL).
	ReadForRedo(rel storage.RelFileLocator, fork storage.ForkNumber, block storage.BlockNumber, zero bool) (RedoBuffer, error)
}

// RedoAction is what ReadBufferForRedo found (XLogRedoAction).
type RedoAction int

const (
	BlockNeedsRedo RedoAction = iota // the change must be replayed on the page
	BlockDone                        // the page already has the change (its LSN is newer)
	BlockRestored                    // the page was restored from the full-page image
	BlockNotFound                    // the block does not exist any more
)

func (a RedoAction) String() string {
	return [...]string{"BLK_NEEDS_REDO", "BLK_DONE", "BLK_RESTORED", "BLK_NOTFOUND"}[a]
}

// setPageLSN writes pd_lsn.
func setPageLSN(page []byte, lsn LSN) {
	binary.LittleEndian.PutUint32(page[0:], uint32(lsn>>32))
	binary.LittleEndian.PutUint32(page[4:], uint32(lsn))
}

// pageIsNew is PageIsNew: pd_upper is 0 on a never-initialized page.
func pageIsNew(page []byte) bool { return binary.LittleEndian.Uint16(page[14:]) == 0 }

// ReadBufferForRedo reads block reference id of rec for redo
// (XLogReadBufferForRedo). If the record carries an image to apply, the
// page is restored from it, stamped with the record's end LSN and marked
// dirty (BlockRestored). Otherwise the page is read and BlockNeedsRedo is
// returned unless its LSN shows the change is already there. The buffer
// is nil only for BlockNotFound; the caller releases it.
func ReadBufferForRedo(rec *DecodedRecord, id uint8, src RedoBufferSource) (RedoAction, RedoBuffer, error) {
	return readBufferForRedo(rec, id, src, false)
}

// InitBufferForRedo returns the zeroed page of a block the record
// re-initializes (BKPBLOCK_WILL_INIT), for redo to build it from scratch
// (XLogInitBufferForRedo).
func InitBufferForRedo(rec *DecodedRecord, id uint8, src RedoBufferSource) (RedoBuffer, error) {
	_, buf, err := readBufferForRedo(rec, id, src, true)
	return buf, err
}

func readBufferForRedo(rec *DecodedRecord, id uint8, src RedoBufferSource, zero bool) (RedoAction, RedoBuffer, error) {
	blk := rec.Block(id)
	if blk == nil {
		return 0, nil, pgerr.Newf(pgerr.InternalError, "failed to locate backup block with ID %d in WAL record", id).WithSeverity(pgerr.SeverityPanic)
	}
	willInit := blk.WillInit()
	if willInit && !zero {
		return 0, nil, pgerr.New(pgerr.InternalError, "block with WILL_INIT flag in WAL record must be zeroed by redo routine").WithSeverity(pgerr.SeverityPanic)
	}
	if !willInit && zero {
		return 0, nil, pgerr.New(pgerr.InternalError, "block to be initialized in redo routine must be marked with WILL_INIT flag in the WAL record").WithSeverity(pgerr.SeverityPanic)
	}
	if blk.HasImage && blk.ApplyImage {
		buf, err := src.ReadForRedo(blk.Rel, blk.Fork, blk.Block, true)
		if err != nil {
			return 0, nil, err
		}
		if buf == nil {
			return BlockNotFound, nil, nil
		}
		page := buf.Page()
		if err := RestoreBlockImage(blk, page); err != nil {
			buf.Release()
			return 0, nil, pgerr.Newf(pgerr.DataCorrupted, "%s", fmt.Sprintf("%v at %s", err, rec.LSN))
		}
		if !pageIsNew(page) {
			setPageLSN(page, rec.EndLSN)
		}
		buf.MarkDirty()
		return BlockRestored, buf, nil
	}
	buf, err := src.ReadForRedo(blk.Rel, blk.Fork, blk.Block, zero)
	if err != nil {
		return 0, nil, err
	}
	if buf == nil {
		return BlockNotFound, nil, nil
	}
	if !zero && rec.EndLSN <= pageLSN(buf.Page()) {
		return BlockDone, buf, nil
	}
	return BlockNeedsRedo, buf, nil
}

// RedoFPI replays an XLOG_FPI or XLOG_FPI_FOR_HINT record: every block
// reference carries an image, which is restored (xlog_redo's FPI case).
// The buffer manager registers the XLOG rmgr with a redo function that
// calls this for those record types.
func RedoFPI(rec *DecodedRecord, src RedoBufferSource) error {
	for i := range rec.Blocks {
		blk := &rec.Blocks[i]
		if !blk.InUse {
			continue
		}
		if !blk.HasImage {
			return pgerr.New(pgerr.InternalError, "XLOG_FPI record did not contain a full-page image").WithSeverity(pgerr.SeverityPanic)
		}
		action, buf, err := ReadBufferForRedo(rec, blk.ID, src)
		if err != nil {
			return err
		}
		if buf != nil {
			buf.Release()
		}
		if action != BlockRestored && action != BlockNotFound {
			return pgerr.New(pgerr.InternalError, "unexpected XLogReadBufferForRedo result when restoring backup block").WithSeverity(pgerr.SeverityPanic)
		}
	}
	return nil
}
