// The B-tree's WAL records, byte for byte PostgreSQL 15's nbtxlog.h
// (resource manager Btree, 11): xl_btree_metadata, xl_btree_insert,
// xl_btree_split, xl_btree_newroot, and the names pg_waldump gives them
// (btree_identify, btree_desc).

package nbtree

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// Info values of rmgr Btree (XLOG_BTREE_*).
const (
	XLogBtreeInsertLeaf     = 0x00
	XLogBtreeInsertUpper    = 0x10
	XLogBtreeInsertMeta     = 0x20
	XLogBtreeSplitL         = 0x30
	XLogBtreeSplitR         = 0x40
	XLogBtreeInsertPost     = 0x50
	XLogBtreeDedup          = 0x60
	XLogBtreeDelete         = 0x70
	XLogBtreeUnlinkPage     = 0x80
	XLogBtreeUnlinkPageMeta = 0x90
	XLogBtreeNewroot        = 0xA0
	XLogBtreeMarkPageHalf   = 0xB0
	XLogBtreeVacuum         = 0xC0
	XLogBtreeReusePage      = 0xD0
	XLogBtreeMetaCleanup    = 0xE0
)

// Sizes as logged (SizeOfBtree*, sizeof(xl_btree_metadata)).
const (
	sizeOfBtreeInsert  = 2  // offnum
	sizeOfBtreeSplit   = 10 // level u32, firstrightoff, newitemoff, postingoff u16
	sizeOfBtreeNewroot = 8  // rootblk, level u32
	// xl_btree_metadata: version, root, level, fastroot, fastlevel,
	// last_cleanup_num_delpages (u32 each), allequalimage (bool), padded
	// to 28 bytes; it is logged with sizeof, padding included (as zeros).
	sizeOfBtreeMetadata = 28
)

type xlBtreeSplit struct {
	level         uint32
	firstRightOff page.OffsetNumber
	newItemOff    page.OffsetNumber
	postingOff    uint16
}

func (x xlBtreeSplit) encode(b []byte) []byte {
	b = le.AppendUint32(b, x.level)
	b = le.AppendUint16(b, uint16(x.firstRightOff))
	b = le.AppendUint16(b, uint16(x.newItemOff))
	return le.AppendUint16(b, x.postingOff)
}

type xlBtreeNewroot struct {
	rootBlk storage.BlockNumber
	level   uint32
}

func (x xlBtreeNewroot) encode(b []byte) []byte {
	b = le.AppendUint32(b, uint32(x.rootBlk))
	return le.AppendUint32(b, x.level)
}

// encodeMetadata is xl_btree_metadata from the metapage's fields.
func encodeMetadata(b []byte, md Meta) []byte {
	b = le.AppendUint32(b, md.Version)
	b = le.AppendUint32(b, uint32(md.Root))
	b = le.AppendUint32(b, md.Level)
	b = le.AppendUint32(b, uint32(md.FastRoot))
	b = le.AppendUint32(b, md.FastLevel)
	b = le.AppendUint32(b, md.LastCleanupNumDelPages)
	if md.AllEqualImage {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return append(b, 0, 0, 0)
}

func decodeMetadata(b []byte) (Meta, error) {
	if len(b) < sizeOfBtreeMetadata-3 {
		return Meta{}, errShortRecord("metadata", len(b))
	}
	return Meta{
		Magic: Magic, Version: le.Uint32(b[0:]), Root: storage.BlockNumber(le.Uint32(b[4:])), Level: le.Uint32(b[8:]),
		FastRoot: storage.BlockNumber(le.Uint32(b[12:])), FastLevel: le.Uint32(b[16:]),
		LastCleanupNumDelPages: le.Uint32(b[20:]), LastCleanupNumHeapTuples: -1, AllEqualImage: b[24] != 0,
	}, nil
}

func errShortRecord(what string, n int) error {
	return pgerr.Newf(pgerr.DataCorrupted, "btree %s record too short: %d bytes", what, n).WithSeverity(pgerr.SeverityPanic)
}

func decodeSplit(b []byte) (xlBtreeSplit, error) {
	if len(b) < sizeOfBtreeSplit {
		return xlBtreeSplit{}, errShortRecord("split", len(b))
	}
	return xlBtreeSplit{level: le.Uint32(b), firstRightOff: page.OffsetNumber(le.Uint16(b[4:])),
		newItemOff: page.OffsetNumber(le.Uint16(b[6:])), postingOff: le.Uint16(b[8:])}, nil
}

func decodeNewroot(b []byte) (xlBtreeNewroot, error) {
	if len(b) < sizeOfBtreeNewroot {
		return xlBtreeNewroot{}, errShortRecord("newroot", len(b))
	}
	return xlBtreeNewroot{rootBlk: storage.BlockNumber(le.Uint32(b)), level: le.Uint32(b[4:])}, nil
}

// Identify names a Btree record as pg_waldump does (btree_identify).
func Identify(info uint8) string {
	switch info & 0xF0 {
	case XLogBtreeInsertLeaf:
		return "INSERT_LEAF"
	case XLogBtreeInsertUpper:
		return "INSERT_UPPER"
	case XLogBtreeInsertMeta:
		return "INSERT_META"
	case XLogBtreeSplitL:
		return "SPLIT_L"
	case XLogBtreeSplitR:
		return "SPLIT_R"
	case XLogBtreeInsertPost:
		return "INSERT_POST"
	case XLogBtreeDedup:
		return "DEDUP"
	case XLogBtreeDelete:
		return "DELETE"
	case XLogBtreeUnlinkPage:
		return "UNLINK_PAGE"
	case XLogBtreeUnlinkPageMeta:
		return "UNLINK_PAGE_META"
	case XLogBtreeNewroot:
		return "NEWROOT"
	case XLogBtreeMarkPageHalf:
		return "MARK_PAGE_HALFDEAD"
	case XLogBtreeVacuum:
		return "VACUUM"
	case XLogBtreeReusePage:
		return "REUSE_PAGE"
	case XLogBtreeMetaCleanup:
		return "META_CLEANUP"
	}
	return ""
}

// Describe renders a record's main data as PostgreSQL 15's btree_desc
// does, for the records this package writes.
func Describe(info uint8, data []byte) string {
	switch info & 0xF0 {
	case XLogBtreeInsertLeaf, XLogBtreeInsertUpper, XLogBtreeInsertMeta:
		if len(data) >= sizeOfBtreeInsert {
			return fmt.Sprintf("off %d", le.Uint16(data))
		}
	case XLogBtreeSplitL, XLogBtreeSplitR:
		if x, err := decodeSplit(data); err == nil {
			return fmt.Sprintf("level %d, firstrightoff %d, newitemoff %d, postingoff %d", x.level, x.firstRightOff, x.newItemOff, x.postingOff)
		}
	case XLogBtreeNewroot:
		if x, err := decodeNewroot(data); err == nil {
			return fmt.Sprintf("lev %d", x.level)
		}
	case XLogBtreeDelete:
		if len(data) >= sizeOfBtreeDelete {
			return fmt.Sprintf("latestRemovedXid %d; ndeleted %d; nupdated %d", le.Uint32(data), le.Uint16(data[4:]), le.Uint16(data[6:]))
		}
	case XLogBtreeVacuum:
		return describeVacuum(data)
	case XLogBtreeMarkPageHalf:
		return describeMarkPageHalfDead(data)
	case XLogBtreeUnlinkPage, XLogBtreeUnlinkPageMeta:
		return describeUnlinkPage(data)
	case XLogBtreeReusePage:
		return describeReusePage(data)
	}
	return ""
}
