// The heap's WAL records, byte for byte PostgreSQL 15's heapam_xlog.h:
// resource manager Heap (10), info values, the main-data structs
// xl_heap_insert, xl_heap_delete, xl_heap_update, xl_heap_lock, and
// xl_heap_header, which precedes a tuple's data in a block reference.
// All structs are little-endian with C's padding removed exactly where
// PostgreSQL's SizeOf* macros remove it (they end at the last field).

package heap

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

var le = binary.LittleEndian

// Info values of rmgr Heap (XLOG_HEAP_*).
const (
	XLogHeapInsert    = 0x00
	XLogHeapDelete    = 0x10
	XLogHeapUpdate    = 0x20
	XLogHeapTruncate  = 0x30
	XLogHeapHotUpdate = 0x40
	XLogHeapConfirm   = 0x50
	XLogHeapLock      = 0x60
	XLogHeapInplace   = 0x70
	XLogHeapOpmask    = 0x70
	// XLogHeapInitPage: the block is (re)initialised by redo; the record
	// was written for the first tuple of a fresh page.
	XLogHeapInitPage = 0x80
)

// Info values of rmgr Heap2 (XLOG_HEAP2_*); this package writes
// MULTI_INSERT (with XLogHeapInitPage when the page was empty) and
// VISIBLE.
const (
	XLogHeap2Rewrite     = 0x00
	XLogHeap2Prune       = 0x10
	XLogHeap2Vacuum      = 0x20
	XLogHeap2FreezePage  = 0x30
	XLogHeap2Visible     = 0x40
	XLogHeap2MultiInsert = 0x50
	XLogHeap2LockUpdated = 0x60
	XLogHeap2NewCid      = 0x70
)

// xl_heap_insert.flags (and xl_heap_multi_insert.flags)
const (
	xlhInsertAllVisibleCleared    = 1 << 0
	xlhInsertLastInMulti          = 1 << 1
	xlhInsertIsSpeculative        = 1 << 2
	xlhInsertContainsNewTuple     = 1 << 3
	xlhInsertOnToastRelation      = 1 << 4
	xlhInsertAllFrozenSet         = 1 << 5
	xlhDeleteAllVisibleCleared    = 1 << 0
	xlhDeleteContainsOldTuple     = 1 << 1
	xlhDeleteContainsOldKey       = 1 << 2
	xlhDeleteIsSuper              = 1 << 3
	xlhDeleteIsPartitionMove      = 1 << 4
	xlhUpdateOldAllVisibleCleared = 1 << 0
	xlhUpdateNewAllVisibleCleared = 1 << 1
	xlhUpdateContainsOldTuple     = 1 << 2
	xlhUpdateContainsOldKey       = 1 << 3
	xlhUpdateContainsNewTuple     = 1 << 4
	xlhUpdatePrefixFromOld        = 1 << 5
	xlhUpdateSuffixFromOld        = 1 << 6
	xlhLockAllFrozenCleared       = 1 << 0
)

// infobits_set bits (XLHL_*).
const (
	xlhlXmaxIsMulti    = 0x01
	xlhlXmaxLockOnly   = 0x02
	xlhlXmaxExclLock   = 0x04
	xlhlXmaxKeyShrLock = 0x08
	xlhlKeysUpdated    = 0x10
)

// Sizes of the structs as logged (SizeOfHeap*).
const (
	sizeOfHeapInsert  = 3  // offnum u16, flags u8
	sizeOfHeapDelete  = 8  // xmax u32, offnum u16, infobits u8, flags u8
	sizeOfHeapUpdate  = 14 // old_xmax u32, old_offnum u16, old_infobits u8, flags u8, new_xmax u32, new_offnum u16
	sizeOfHeapLock    = 8  // locking_xid u32, offnum u16, infobits i8, flags u8
	sizeOfHeapHeader  = 5  // t_infomask2 u16, t_infomask u16, t_hoff u8
	sizeOfHeapVisible = 5  // cutoff_xid u32, flags u8
	// xl_heap_multi_insert up to its offsets: flags u8, padding, ntuples u16.
	sizeOfHeapMultiInsert = 4
	// xl_multi_insert_tuple: datalen u16, t_infomask2 u16, t_infomask u16,
	// t_hoff u8; each starts at an even offset of the block data.
	sizeOfMultiInsertTuple = 7
)

type xlHeapInsert struct {
	offnum page.OffsetNumber
	flags  uint8
}

func (x xlHeapInsert) encode(b []byte) []byte {
	b = le.AppendUint16(b, uint16(x.offnum))
	return append(b, x.flags)
}

// xlHeapMultiInsert is xl_heap_multi_insert without its offsets, which
// follow it in the main data (one per tuple) unless the record
// initialises the page.
type xlHeapMultiInsert struct {
	flags   uint8
	ntuples uint16
}

func (x xlHeapMultiInsert) encode(b []byte) []byte {
	b = append(b, x.flags, 0)
	return le.AppendUint16(b, x.ntuples)
}

// xlMultiInsertTuple is xl_multi_insert_tuple, the header of each tuple in
// a MULTI_INSERT record's block data; the tuple's data after its fixed
// header follows.
type xlMultiInsertTuple struct {
	datalen   uint16
	infomask2 uint16
	infomask  uint16
	hoff      uint8
}

// encode appends x to block data b, first padding b to an even length
// (SHORTALIGN).
func (x xlMultiInsertTuple) encode(b []byte) []byte {
	if len(b)%2 != 0 {
		b = append(b, 0)
	}
	b = le.AppendUint16(b, x.datalen)
	b = le.AppendUint16(b, x.infomask2)
	b = le.AppendUint16(b, x.infomask)
	return append(b, x.hoff)
}

type xlHeapDelete struct {
	xmax     uint32
	offnum   page.OffsetNumber
	infobits uint8
	flags    uint8
}

func (x xlHeapDelete) encode(b []byte) []byte {
	b = le.AppendUint32(b, x.xmax)
	b = le.AppendUint16(b, uint16(x.offnum))
	return append(b, x.infobits, x.flags)
}

type xlHeapUpdate struct {
	oldXmax     uint32
	oldOffnum   page.OffsetNumber
	oldInfobits uint8
	flags       uint8
	newXmax     uint32
	newOffnum   page.OffsetNumber
}

func (x xlHeapUpdate) encode(b []byte) []byte {
	b = le.AppendUint32(b, x.oldXmax)
	b = le.AppendUint16(b, uint16(x.oldOffnum))
	b = append(b, x.oldInfobits, x.flags)
	b = le.AppendUint32(b, x.newXmax)
	return le.AppendUint16(b, uint16(x.newOffnum))
}

type xlHeapLock struct {
	lockingXid uint32
	offnum     page.OffsetNumber
	infobits   uint8
	flags      uint8
}

func (x xlHeapLock) encode(b []byte) []byte {
	b = le.AppendUint32(b, x.lockingXid)
	b = le.AppendUint16(b, uint16(x.offnum))
	return append(b, x.infobits, x.flags)
}

// xlHeapVisible is xl_heap_visible: the newest xmin on a page VACUUM
// marks all-visible (a hot standby's conflict horizon) and the map bits
// set.
type xlHeapVisible struct {
	cutoffXid uint32
	flags     uint8
}

func (x xlHeapVisible) encode(b []byte) []byte {
	b = le.AppendUint32(b, x.cutoffXid)
	return append(b, x.flags)
}

func decodeVisible(b []byte) (xlHeapVisible, error) {
	if len(b) < sizeOfHeapVisible {
		return xlHeapVisible{}, errShortRecord("visible", len(b))
	}
	return xlHeapVisible{cutoffXid: le.Uint32(b), flags: b[4]}, nil
}

// xlHeapHeader is xl_heap_header: the tuple header fields redo cannot
// derive (xmin, cid and ctid come from the record itself).
type xlHeapHeader struct {
	infomask2 uint16
	infomask  uint16
	hoff      uint8
}

func (x xlHeapHeader) encode(b []byte) []byte {
	b = le.AppendUint16(b, x.infomask2)
	b = le.AppendUint16(b, x.infomask)
	return append(b, x.hoff)
}

func errShortRecord(what string, n int) error {
	return pgerr.Newf(pgerr.DataCorrupted, "heap %s record too short: %d bytes", what, n).WithSeverity(pgerr.SeverityPanic)
}

func decodeInsert(b []byte) (xlHeapInsert, error) {
	if len(b) < sizeOfHeapInsert {
		return xlHeapInsert{}, errShortRecord("insert", len(b))
	}
	return xlHeapInsert{offnum: page.OffsetNumber(le.Uint16(b)), flags: b[2]}, nil
}

// decodeMultiInsert returns the record's header and, unless the record
// initialises the page, the offsets of its tuples.
func decodeMultiInsert(b []byte, init bool) (xlHeapMultiInsert, []byte, error) {
	if len(b) < sizeOfHeapMultiInsert {
		return xlHeapMultiInsert{}, nil, errShortRecord("multi-insert", len(b))
	}
	x := xlHeapMultiInsert{flags: b[0], ntuples: le.Uint16(b[2:])}
	if init {
		return x, nil, nil
	}
	offs := b[sizeOfHeapMultiInsert:]
	if len(offs) < 2*int(x.ntuples) {
		return xlHeapMultiInsert{}, nil, errShortRecord("multi-insert", len(b))
	}
	return x, offs, nil
}

func decodeDelete(b []byte) (xlHeapDelete, error) {
	if len(b) < sizeOfHeapDelete {
		return xlHeapDelete{}, errShortRecord("delete", len(b))
	}
	return xlHeapDelete{xmax: le.Uint32(b), offnum: page.OffsetNumber(le.Uint16(b[4:])), infobits: b[6], flags: b[7]}, nil
}

func decodeUpdate(b []byte) (xlHeapUpdate, error) {
	if len(b) < sizeOfHeapUpdate {
		return xlHeapUpdate{}, errShortRecord("update", len(b))
	}
	return xlHeapUpdate{
		oldXmax: le.Uint32(b), oldOffnum: page.OffsetNumber(le.Uint16(b[4:])), oldInfobits: b[6], flags: b[7],
		newXmax: le.Uint32(b[8:]), newOffnum: page.OffsetNumber(le.Uint16(b[12:])),
	}, nil
}

func decodeLock(b []byte) (xlHeapLock, error) {
	if len(b) < sizeOfHeapLock {
		return xlHeapLock{}, errShortRecord("lock", len(b))
	}
	return xlHeapLock{lockingXid: le.Uint32(b), offnum: page.OffsetNumber(le.Uint16(b[4:])), infobits: b[6], flags: b[7]}, nil
}

func decodeHeapHeader(b []byte) (xlHeapHeader, error) {
	if len(b) < sizeOfHeapHeader {
		return xlHeapHeader{}, errShortRecord("tuple header", len(b))
	}
	return xlHeapHeader{infomask2: le.Uint16(b), infomask: le.Uint16(b[2:]), hoff: b[4]}, nil
}

// Identify names a Heap record as pg_waldump does (heap_identify).
func Identify(info uint8) string {
	var name string
	switch info & XLogHeapOpmask {
	case XLogHeapInsert:
		name = "INSERT"
	case XLogHeapDelete:
		name = "DELETE"
	case XLogHeapUpdate:
		name = "UPDATE"
	case XLogHeapTruncate:
		return "TRUNCATE"
	case XLogHeapHotUpdate:
		name = "HOT_UPDATE"
	case XLogHeapConfirm:
		return "HEAP_CONFIRM"
	case XLogHeapLock:
		return "LOCK"
	case XLogHeapInplace:
		return "INPLACE"
	}
	if info&XLogHeapInitPage != 0 {
		name += "+INIT"
	}
	return name
}

// Describe renders a Heap record's main data as pg_waldump's heap_desc
// does in PostgreSQL 15 (for the record types this package writes).
func Describe(info uint8, data []byte) string {
	switch info & XLogHeapOpmask {
	case XLogHeapInsert:
		if x, err := decodeInsert(data); err == nil {
			return fmt.Sprintf("off %d flags 0x%02X", x.offnum, x.flags)
		}
	case XLogHeapDelete:
		if x, err := decodeDelete(data); err == nil {
			return fmt.Sprintf("off %d flags 0x%02X %s", x.offnum, x.flags, infobitsDesc(x.infobits))
		}
	case XLogHeapUpdate, XLogHeapHotUpdate:
		if x, err := decodeUpdate(data); err == nil {
			return fmt.Sprintf("off %d xmax %d flags 0x%02X %s; new off %d xmax %d",
				x.oldOffnum, x.oldXmax, x.flags, infobitsDesc(x.oldInfobits), x.newOffnum, x.newXmax)
		}
	case XLogHeapLock:
		if x, err := decodeLock(data); err == nil {
			return fmt.Sprintf("off %d: xid %d: flags 0x%02X %s", x.offnum, x.lockingXid, x.flags, infobitsDesc(x.infobits))
		}
	case XLogHeapInplace:
		if len(data) >= sizeOfHeapInplace {
			return fmt.Sprintf("off %d", le.Uint16(data))
		}
	}
	return ""
}

// IdentifyHeap2 names a Heap2 record as pg_waldump does (heap2_identify).
func IdentifyHeap2(info uint8) string {
	var name string
	switch info & XLogHeapOpmask {
	case XLogHeap2Rewrite:
		return "REWRITE"
	case XLogHeap2Prune:
		return "PRUNE"
	case XLogHeap2Vacuum:
		return "VACUUM"
	case XLogHeap2FreezePage:
		return "FREEZE_PAGE"
	case XLogHeap2Visible:
		return "VISIBLE"
	case XLogHeap2MultiInsert:
		name = "MULTI_INSERT"
	case XLogHeap2LockUpdated:
		return "LOCK_UPDATED"
	case XLogHeap2NewCid:
		return "NEW_CID"
	}
	if info&XLogHeapInitPage != 0 {
		name += "+INIT"
	}
	return name
}

// DescribeHeap2 renders a Heap2 record's main data as PostgreSQL 15's
// heap2_desc does (for the records this package writes: PRUNE, VACUUM,
// VISIBLE, MULTI_INSERT).
func DescribeHeap2(info uint8, data []byte) string {
	switch info & XLogHeapOpmask {
	case XLogHeap2Prune:
		if len(data) >= sizeOfHeapPrune {
			return fmt.Sprintf("latestRemovedXid %d nredirected %d ndead %d", le.Uint32(data), le.Uint16(data[4:]), le.Uint16(data[6:]))
		}
	case XLogHeap2Vacuum:
		if len(data) >= sizeOfHeapVacuum {
			return fmt.Sprintf("nunused %d", le.Uint16(data))
		}
	case XLogHeap2LockUpdated:
		return describeLockUpdated(data)
	case XLogHeap2FreezePage:
		if len(data) >= sizeOfHeapFreezePage {
			return fmt.Sprintf("cutoff xid %d ntuples %d", le.Uint32(data), le.Uint16(data[4:]))
		}
	case XLogHeap2MultiInsert:
		if x, _, err := decodeMultiInsert(data, true); err == nil {
			return fmt.Sprintf("%d tuples flags 0x%02X", x.ntuples, x.flags)
		}
	case XLogHeap2Visible:
		if x, err := decodeVisible(data); err == nil {
			return fmt.Sprintf("cutoff xid %d flags 0x%02X", x.cutoffXid, x.flags)
		}
	}
	return ""
}

// infobitsDesc is out_infobits.
func infobitsDesc(b uint8) string {
	s := ""
	if b&xlhlXmaxIsMulti != 0 {
		s += "IS_MULTI "
	}
	if b&xlhlXmaxLockOnly != 0 {
		s += "LOCK_ONLY "
	}
	if b&xlhlXmaxExclLock != 0 {
		s += "EXCL_LOCK "
	}
	if b&xlhlXmaxKeyShrLock != 0 {
		s += "KEYSHR_LOCK "
	}
	if b&xlhlKeysUpdated != 0 {
		s += "KEYS_UPDATED "
	}
	return s
}
