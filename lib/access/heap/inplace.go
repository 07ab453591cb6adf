// In-place updates (heap_inplace_update of heapam.c): the data of a
// tuple is overwritten where it lies, with no new version, so the change
// is not transactional: it stays whether the transaction commits or not.
// VACUUM and ANALYZE update pg_class's relpages and reltuples this way.
// Only the data after the header changes, and only to data of the same
// length (fixed-width fields), under the page's exclusive lock and
// WAL-logged as XLOG_HEAP_INPLACE.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// sizeOfHeapInplace is SizeOfHeapInplace: xl_heap_inplace {offnum u16}.
const sizeOfHeapInplace = 2

// InplaceUpdate overwrites the data (what follows the header) of the
// tuple at tid with newTup's, which must have the same header size and
// data length (heap_inplace_update).
func InplaceUpdate(env *Env, rel *Relation, tid TID, newTup []byte) error {
	e := env
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, tid.Block)
	if err != nil {
		return err
	}
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	defer e.Pool.UnlockRelease(buf)
	p := page.Page(e.Pool.Page(buf))
	if tid.Offset < page.FirstOffset || tid.Offset > p.MaxOffset() || !p.ItemId(tid.Offset).IsNormal() {
		return pgerr.New(pgerr.InternalError, "invalid lp")
	}
	h := tuple.Header(p.Item(tid.Offset))
	nh := tuple.Header(newTup)
	if h.Hoff() != nh.Hoff() || len(h)-h.Hoff() != len(newTup)-nh.Hoff() {
		return pgerr.New(pgerr.InternalError, "wrong tuple length")
	}
	e.Owner.EnterCritical()
	copy(h[h.Hoff():], newTup[nh.Hoff():])
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		rb := e.record(XLogHeapInplace)
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, tid.Block, p, xlog.RegBufStandard)
		rb.RegisterBufData(0, h[h.Hoff():])
		var main [sizeOfHeapInplace]byte
		le.PutUint16(main[:], uint16(tid.Offset))
		rb.SetMainData(main[:])
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	return nil
}

// redoInplace replays XLOG_HEAP_INPLACE (heap_xlog_inplace).
func redoInplace(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfHeapInplace {
		return errShortRecord("inplace", len(rec.MainData))
	}
	off := page.OffsetNumber(le.Uint16(rec.MainData))
	return redoOneTuple(rec, src, "heap inplace", off, func(_ page.Page, h tuple.Header, blk *xlog.BlockRef) error {
		if len(h)-h.Hoff() != len(blk.Data) {
			return redoPanic("wrong tuple length")
		}
		copy(h[h.Hoff():], blk.Data)
		return nil
	})
}
