// The visibility map (PostgreSQL 15's access/heap/visibilitymap.c): the
// `_vm` fork, two bits per heap block after each page's standard header.
// ALL_VISIBLE says every tuple on the block is visible to every
// transaction (index-only scans skip the heap, VACUUM skips the block);
// ALL_FROZEN says every tuple is also frozen (an aggressive VACUUM skips
// it). A bit is set only by VACUUM, WAL-logged as XLOG_HEAP2_VISIBLE
// together with PD_ALL_VISIBLE on the heap page; it is cleared, without
// a record of its own, by any change that clears PD_ALL_VISIBLE, whose
// record says so and whose redo clears it again.
//
// Rules (as in PostgreSQL):
//   - A map page is pinned before the heap page is locked (pin, then
//     lock): reading a map page may mean I/O, never done while holding a
//     heap page's content lock. The heap page is locked before the map
//     page, and the map page's lock is held only to read or change bits.
//   - The map page is read with damaged pages zeroed: a lost bit costs
//     heap fetches, never a wrong answer. Clearing bits marks the page
//     dirty without WAL; setting them logs the record, which sets the
//     map page's LSN (so it is written only after the record).

package heap

import (
	"math/bits"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/freespace"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// Visibility map bits of one heap block (VISIBILITYMAP_*).
const (
	VMAllVisible uint8 = 0x01
	VMAllFrozen  uint8 = 0x02
	VMValidBits  uint8 = 0x03
)

// The map's geometry: the bitmap fills the page after its header.
const (
	vmContents          = 24                             // MAXALIGN(SizeOfPageHeaderData)
	vmMapSize           = storage.BlockSize - vmContents // MAPSIZE, 8168 bytes
	vmBitsPerHeapBlock  = 2
	vmHeapBlocksPerByte = 8 / vmBitsPerHeapBlock
	// VMHeapBlocksPerPage is how many heap blocks one map page covers.
	VMHeapBlocksPerPage = vmMapSize * vmHeapBlocksPerByte
)

// vmLocation is where heapBlk's bits are: map block, byte within the
// bitmap, and bit offset within the byte (HEAPBLK_TO_MAPBLOCK,
// HEAPBLK_TO_MAPBYTE, HEAPBLK_TO_OFFSET).
func vmLocation(heapBlk storage.BlockNumber) (storage.BlockNumber, int, uint) {
	return heapBlk / VMHeapBlocksPerPage,
		int(heapBlk%VMHeapBlocksPerPage) / vmHeapBlocksPerByte,
		uint(heapBlk%vmHeapBlocksPerByte) * vmBitsPerHeapBlock
}

// vmBitmap is the bitmap of a map page.
func vmBitmap(p []byte) []byte { return p[vmContents:storage.BlockSize] }

// fsm is the process's access to free space maps.
func (e *Env) fsm() *freespace.Map {
	if e.fsmap.Pool == nil {
		e.fsmap = freespace.Map{Pool: e.Pool, Files: e.Files}
		if e.WAL != nil {
			e.fsmap.WAL = e.WAL
		}
	}
	return &e.fsmap
}

// FreeSpaceMap is the process's access to free space maps, for VACUUM
// (which records the free space it leaves and propagates it).
func (e *Env) FreeSpaceMap() *freespace.Map { return e.fsm() }

// VisibilityMapPin makes *vmbuf the pinned map page holding heapBlk's
// bits (visibilitymap_pin), extending the map if it is too short. A
// page *vmbuf already pins is kept if it is the right one, else released.
// Call it with no heap page locked.
func VisibilityMapPin(env *Env, rel *Relation, heapBlk storage.BlockNumber, vmbuf *buffer.Buffer) error {
	mapBlock, _, _ := vmLocation(heapBlk)
	if vmbuf.Valid() {
		if env.Pool.BlockNumber(*vmbuf) == mapBlock {
			return nil
		}
		env.Pool.Release(*vmbuf)
		*vmbuf = buffer.InvalidBuffer
	}
	buf, err := freespace.ReadMapBuffer(env.Pool, env.Files, rel.Locator, storage.VisibilityMapFork, mapBlock, true)
	if err != nil {
		return err
	}
	*vmbuf = buf
	return nil
}

// VisibilityMapPinOK reports whether vmbuf is the map page of heapBlk
// (visibilitymap_pin_ok).
func VisibilityMapPinOK(env *Env, heapBlk storage.BlockNumber, vmbuf buffer.Buffer) bool {
	mapBlock, _, _ := vmLocation(heapBlk)
	return vmbuf.Valid() && env.Pool.BlockNumber(vmbuf) == mapBlock
}

// VisibilityMapGetStatus returns heapBlk's bits (visibilitymap_get_status),
// keeping the map page pinned in *vmbuf for the next call (which may
// swap it). A block past the end of the map has none. No lock is taken:
// a single byte is read, and a caller that needs the answer to stay true
// holds the heap page's lock (a bit is only set with it held).
func VisibilityMapGetStatus(env *Env, rel *Relation, heapBlk storage.BlockNumber, vmbuf *buffer.Buffer) (uint8, error) {
	mapBlock, mapByte, mapOffset := vmLocation(heapBlk)
	if vmbuf.Valid() && env.Pool.BlockNumber(*vmbuf) != mapBlock {
		env.Pool.Release(*vmbuf)
		*vmbuf = buffer.InvalidBuffer
	}
	if !vmbuf.Valid() {
		buf, err := freespace.ReadMapBuffer(env.Pool, env.Files, rel.Locator, storage.VisibilityMapFork, mapBlock, false)
		if err != nil || !buf.Valid() {
			return 0, err
		}
		*vmbuf = buf
	}
	return vmBitmap(env.Pool.Page(*vmbuf))[mapByte] >> mapOffset & VMValidBits, nil
}

// PageAllVisible reports whether rel's visibility map marks block
// all-visible (VM_ALL_VISIBLE), for index-only scans, which then need
// not read the heap page. *vmbuf keeps the map page pinned between
// calls; the caller releases it when done.
func PageAllVisible(env *Env, rel *Relation, block storage.BlockNumber, vmbuf *buffer.Buffer) (bool, error) {
	status, err := VisibilityMapGetStatus(env, rel, block, vmbuf)
	return status&VMAllVisible != 0, err
}

// visibilityMapClear clears flags of heapBlk in the pinned map page vmbuf
// (visibilitymap_clear) and reports whether any was set. The page is
// marked dirty but nothing is logged: the heap change whose record
// carries the *_ALL_VISIBLE_CLEARED flag clears it again in redo.
func (e *Env) visibilityMapClear(heapBlk storage.BlockNumber, vmbuf buffer.Buffer, flags uint8) (bool, error) {
	mapBlock, mapByte, mapOffset := vmLocation(heapBlk)
	if !vmbuf.Valid() || e.Pool.BlockNumber(vmbuf) != mapBlock {
		return false, pgerr.New(pgerr.InternalError, "wrong buffer passed to visibilitymap_clear")
	}
	mask := flags << mapOffset
	e.Pool.LockBuffer(vmbuf, buffer.Exclusive)
	bitmap := vmBitmap(e.Pool.Page(vmbuf))
	cleared := bitmap[mapByte]&mask != 0
	if cleared {
		bitmap[mapByte] &^= mask
		e.Pool.MarkDirty(vmbuf)
	}
	e.Pool.LockBuffer(vmbuf, buffer.Unlock)
	return cleared, nil
}

// VisibilityMapSet sets flags (VMAllVisible, optionally with
// VMAllFrozen) for heap block heapBlk in the pinned map page vmBuf and
// logs XLOG_HEAP2_VISIBLE (visibilitymap_set with an invalid recptr, and
// log_heap_visible). The caller holds heapBuf, the heap page, locked
// exclusively, has set its PD_ALL_VISIBLE (SetVisible does both) and
// knows every tuple on it is visible to all, and frozen for
// VMAllFrozen; cutoffXid is the newest xmin on the page, which a hot
// standby's queries must be past. Nothing happens when the map already
// holds exactly flags.
func VisibilityMapSet(env *Env, rel *Relation, heapBlk storage.BlockNumber, heapBuf, vmBuf buffer.Buffer, cutoffXid transam.TransactionId, flags uint8) error {
	e := env
	mapBlock, mapByte, mapOffset := vmLocation(heapBlk)
	if !heapBuf.Valid() || e.Pool.BlockNumber(heapBuf) != heapBlk {
		return pgerr.New(pgerr.InternalError, "wrong heap buffer passed to visibilitymap_set")
	}
	if !vmBuf.Valid() || e.Pool.BlockNumber(vmBuf) != mapBlock {
		return pgerr.New(pgerr.InternalError, "wrong VM buffer passed to visibilitymap_set")
	}
	if flags&^VMValidBits != 0 || flags == 0 {
		return pgerr.Newf(pgerr.InternalError, "invalid visibility map flags 0x%02X", flags)
	}
	vmPage := page.Page(e.Pool.Page(vmBuf))
	bitmap := vmBitmap(vmPage)
	e.Pool.LockBuffer(vmBuf, buffer.Exclusive)
	defer e.Pool.LockBuffer(vmBuf, buffer.Unlock)
	if flags == bitmap[mapByte]>>mapOffset&VMValidBits {
		return nil
	}
	e.Owner.EnterCritical()
	bitmap[mapByte] |= flags << mapOffset
	e.Pool.MarkDirty(vmBuf)
	if e.needsWAL(rel) {
		heapPage := page.Page(e.Pool.Page(heapBuf))
		lsn, err := e.logHeapVisible(rel, heapBlk, heapPage, mapBlock, vmPage, cutoffXid, flags)
		if err != nil {
			return err
		}
		// With checksums (or wal_log_hints) the record may carry the heap
		// page's image, which then must not be torn: the page's LSN
		// makes it wait for the record.
		if e.Pool.HintsNeedWAL() {
			heapPage.SetLSN(lsn)
		}
		vmPage.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	return nil
}

// SetVisible marks heap block block all-visible (and all-frozen with
// VMAllFrozen in flags): PD_ALL_VISIBLE on the heap page, then the map's
// bits, logged (what lazy VACUUM does for a page it found all-visible).
// heapBuf is the heap page, locked exclusively by the caller; vmBuf its
// pinned map page (VisibilityMapPin, done before locking heapBuf).
func SetVisible(env *Env, rel *Relation, heapBuf, vmBuf buffer.Buffer, block storage.BlockNumber, cutoffXid transam.TransactionId, flags uint8) error {
	p := page.Page(env.Pool.Page(heapBuf))
	if !p.IsAllVisible() {
		p.SetAllVisible(true)
		env.Pool.MarkDirty(heapBuf)
	}
	return VisibilityMapSet(env, rel, block, heapBuf, vmBuf, cutoffXid, flags)
}

// logHeapVisible writes XLOG_HEAP2_VISIBLE (log_heap_visible): block 0
// the map page (not of standard layout: its bits are in what would be
// the hole), block 1 the heap page, without an image unless hint changes
// need images (checksums, wal_log_hints).
func (e *Env) logHeapVisible(rel *Relation, heapBlk storage.BlockNumber, heapPage page.Page, mapBlock storage.BlockNumber, vmPage page.Page, cutoffXid transam.TransactionId, flags uint8) (storage.LSN, error) {
	var main [sizeOfHeapVisible]byte
	rb := e.recordOf(xlog.RmgrHeap2, XLogHeap2Visible)
	rb.SetMainData(xlHeapVisible{cutoffXid: uint32(cutoffXid), flags: flags}.encode(main[:0]))
	rb.RegisterBuffer(0, rel.Locator, storage.VisibilityMapFork, mapBlock, vmPage, 0)
	heapFlags := uint8(xlog.RegBufStandard)
	if !e.Pool.HintsNeedWAL() {
		heapFlags |= xlog.RegBufNoImage
	}
	rb.RegisterBuffer(1, rel.Locator, storage.MainFork, heapBlk, heapPage, heapFlags)
	lsn, err := e.WAL.Insert(rb)
	if err != nil {
		return 0, walPanic(err)
	}
	return lsn, nil
}

// VisibilityMapCount counts the heap blocks marked all-visible and
// all-frozen (visibilitymap_count), for pg_class.relallvisible.
func VisibilityMapCount(env *Env, rel *Relation) (allVisible, allFrozen storage.BlockNumber, err error) {
	for mapBlock := storage.BlockNumber(0); ; mapBlock++ {
		buf, err := freespace.ReadMapBuffer(env.Pool, env.Files, rel.Locator, storage.VisibilityMapFork, mapBlock, false)
		if err != nil {
			return 0, 0, err
		}
		if !buf.Valid() {
			return allVisible, allFrozen, nil
		}
		// Unlocked, like PostgreSQL: a racing change makes the count a
		// little off, which relallvisible tolerates.
		bitmap := vmBitmap(env.Pool.Page(buf))
		for i := 0; i+8 <= len(bitmap); i += 8 {
			w := le.Uint64(bitmap[i:])
			allVisible += storage.BlockNumber(bits.OnesCount64(w & 0x5555555555555555))
			allFrozen += storage.BlockNumber(bits.OnesCount64(w & 0xAAAAAAAAAAAAAAAA))
		}
		env.Pool.Release(buf)
	}
}

// VisibilityMapPrepareTruncate clears the bits of heap blocks from
// nheapblocks on and returns the length the map fork must be cut to, or
// InvalidBlock if it needs no cutting (visibilitymap_prepare_truncate).
// Clearing matters: a heap that grows again must not find old bits set
// for its new blocks. With checksums or wal_log_hints the changed page
// is logged as a full-page image (unless inRedo), since the truncation
// record that would redo the change may come after the page is written.
func VisibilityMapPrepareTruncate(env *Env, rel *Relation, nheapblocks storage.BlockNumber, inRedo bool) (storage.BlockNumber, error) {
	e := env
	n, exists, err := freespace.ForkBlocks(e.Files, rel.Locator, storage.VisibilityMapFork)
	if err != nil || !exists {
		return storage.InvalidBlock, err
	}
	truncBlock, truncByte, truncOffset := vmLocation(nheapblocks)
	newBlocks := truncBlock
	if truncByte != 0 || truncOffset != 0 {
		newBlocks = truncBlock + 1
		buf, err := freespace.ReadMapBuffer(e.Pool, e.Files, rel.Locator, storage.VisibilityMapFork, truncBlock, false)
		if err != nil || !buf.Valid() {
			return storage.InvalidBlock, err
		}
		p := e.Pool.Page(buf)
		bitmap := vmBitmap(p)
		e.Pool.LockBuffer(buf, buffer.Exclusive)
		e.Owner.EnterCritical()
		clear(bitmap[truncByte+1:])
		bitmap[truncByte] &= 1<<truncOffset - 1
		e.Pool.MarkDirty(buf)
		if !inRedo && e.needsWAL(rel) && e.Pool.HintsNeedWAL() {
			if err := freespace.LogPageImage(e.WAL, rel.Locator, storage.VisibilityMapFork, truncBlock, p); err != nil {
				return storage.InvalidBlock, err
			}
		}
		e.Owner.ExitCritical()
		e.Pool.UnlockRelease(buf)
	}
	if n <= newBlocks {
		return storage.InvalidBlock, nil
	}
	return newBlocks, nil
}

// TruncateVisibilityMap cuts rel's visibility map to describe heap
// blocks 0 to nheapblocks-1: the bits past the end are cleared, the
// fork's buffers past its new end dropped and the fork truncated (the
// map's share of RelationTruncate and of its redo, with inRedo).
func TruncateVisibilityMap(env *Env, rel *Relation, nheapblocks storage.BlockNumber, inRedo bool) error {
	e := env
	vmBlocks, err := VisibilityMapPrepareTruncate(e, rel, nheapblocks, inRedo)
	if err != nil || vmBlocks == storage.InvalidBlock {
		return err
	}
	if err := e.Pool.DropRelationBuffers(rel.Locator, storage.VisibilityMapFork, vmBlocks); err != nil {
		return err
	}
	return e.Files.Truncate(rel.Locator, storage.VisibilityMapFork, vmBlocks)
}

// TruncateMaps cuts rel's visibility map and free space map to describe
// heap blocks 0 to nheapblocks-1 (their share of RelationTruncate, and
// of the redo of its record, with inRedo): bits and entries past the
// end are cleared, the forks' buffers past their new ends dropped, the
// forks truncated, and the free space map's upper levels fixed. The
// caller holds AccessExclusiveLock (or is replaying) and truncates the
// heap itself, after WAL-logging the truncation.
func TruncateMaps(env *Env, rel *Relation, nheapblocks storage.BlockNumber, inRedo bool) error {
	if err := TruncateVisibilityMap(env, rel, nheapblocks, inRedo); err != nil {
		return err
	}
	return env.fsm().TruncateRel(env.Files, rel.Locator, nheapblocks, inRedo)
}
