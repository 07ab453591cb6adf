// On-disk constants of the WAL: sizes, magic numbers, resource manager ids,
// record and page flag bits, all as PostgreSQL 15 defines them
// (access/xlogrecord.h, access/xlog_internal.h, access/rmgrlist.h,
// catalog/pg_control.h). Changing any of them breaks compatibility with
// pg_waldump and with WAL already on disk.

package xlog

import "github.com/gpostgres/gpostgres/lib/storage"

// Sizes of the WAL's units.
const (
	PageSize    = 8192     // XLOG_BLCKSZ
	SegmentSize = 16 << 20 // wal_segment_size: the only size supported
	BlockSize   = storage.BlockSize
	// PagesPerSegment is the number of WAL pages in a segment file.
	PagesPerSegment = SegmentSize / PageSize
	// SegmentsPerXLogID is XLogSegmentsPerXLogId: how many segments share
	// the middle eight hex digits of a file name.
	SegmentsPerXLogID = 0x100000000 / SegmentSize

	maxAlign = 8 // MAXIMUM_ALIGNOF: records start on 8-byte boundaries
)

// PageMagic is XLOG_PAGE_MAGIC of PostgreSQL 15: the first two bytes of
// every WAL page.
const PageMagic = 0xD110

// Page header sizes: SizeOfXLogShortPHD and SizeOfXLogLongPHD.
const (
	ShortPageHeaderSize = 24
	LongPageHeaderSize  = 40
)

// xlp_info bits of a page header.
const (
	XLPFirstIsContRecord          = 0x0001 // page starts with the rest of a record
	XLPLongHeader                 = 0x0002 // XLogLongPageHeaderData follows (first page of a segment)
	XLPBkpRemovable               = 0x0004 // full-page images on this page may be removed by archivers
	XLPFirstIsOverwriteContRecord = 0x0008 // replaces a missing continuation record
	xlpAllFlags                   = 0x000F
)

// Record header layout: SizeOfXLogRecord and the offset of xl_crc.
const (
	RecordHeaderSize = 24
	recordCRCOffset  = 20
)

// xl_info bits. The high four belong to the resource manager; of the low
// four the caller may pass XLRSpecialRelUpdate and XLRCheckConsistency.
const (
	XLRInfoMask         = 0x0F
	XLRRmgrInfoMask     = 0xF0
	XLRSpecialRelUpdate = 0x01
	XLRCheckConsistency = 0x02
)

// Block reference ids. Ids 0..XLRMaxBlockID name registered buffers; the
// others introduce the record's other fragments.
const (
	XLRMaxBlockID         = 32
	XLRBlockIDDataShort   = 255 // main data, one-byte length
	XLRBlockIDDataLong    = 254 // main data, four-byte length
	XLRBlockIDOrigin      = 253 // replication origin id
	XLRBlockIDTopLevelXID = 252 // top-level xid of a subtransaction's record
)

// fork_flags bits of XLogRecordBlockHeader.
const (
	BkpBlockForkMask = 0x0F
	BkpBlockFlagMask = 0xF0
	BkpBlockHasImage = 0x10 // an XLogRecordBlockImageHeader follows
	BkpBlockHasData  = 0x20
	BkpBlockWillInit = 0x40 // redo will re-initialize the page
	BkpBlockSameRel  = 0x80 // RelFileLocator omitted: same as the previous block's
)

// bimg_info bits of XLogRecordBlockImageHeader (PostgreSQL 15 values).
const (
	BkpImageHasHole       = 0x01 // the page's hole (pd_lower..pd_upper) is left out
	BkpImageApply         = 0x02 // redo restores the image (not only for consistency checks)
	BkpImageCompressPGLZ  = 0x04
	BkpImageCompressLZ4   = 0x08
	BkpImageCompressZstd  = 0x10
	bkpImageCompressedAny = BkpImageCompressPGLZ | BkpImageCompressLZ4 | BkpImageCompressZstd
)

// Sizes of the record fragments' headers.
const (
	blockHeaderSize      = 4  // SizeOfXLogRecordBlockHeader
	blockImageHeaderSize = 5  // SizeOfXLogRecordBlockImageHeader
	relFileLocatorSize   = 12 // sizeof(RelFileNode)
	mainDataShortHdrSize = 2  // SizeOfXLogRecordDataHeaderShort
	mainDataLongHdrSize  = 5  // SizeOfXLogRecordDataHeaderLong
)

// MaxRecordSize bounds xl_tot_len (XLogRecordMaxSize): larger records
// could not be allocated by a reader (MaxAllocSize is 1 GB).
const MaxRecordSize = 1020 << 20

// Flags for RecordBuilder.RegisterBuffer (REGBUF_* of xloginsert.h).
const (
	RegBufForceImage = 0x01 // always include a full-page image
	RegBufNoImage    = 0x02 // never include a full-page image
	RegBufWillInit   = 0x04 | RegBufNoImage
	RegBufStandard   = 0x08 // the page has a standard layout: leave out its hole
	RegBufKeepData   = 0x10 // include the block's data even with an image
)

// RmgrID identifies a resource manager (RmgrId).
type RmgrID uint8

// The built-in resource managers of PostgreSQL 15, in rmgrlist.h's order.
const (
	RmgrXLOG           RmgrID = 0
	RmgrXact           RmgrID = 1
	RmgrSmgr           RmgrID = 2
	RmgrCLOG           RmgrID = 3
	RmgrDatabase       RmgrID = 4
	RmgrTablespace     RmgrID = 5
	RmgrMultiXact      RmgrID = 6
	RmgrRelMap         RmgrID = 7
	RmgrStandby        RmgrID = 8
	RmgrHeap2          RmgrID = 9
	RmgrHeap           RmgrID = 10
	RmgrBtree          RmgrID = 11
	RmgrHash           RmgrID = 12
	RmgrGin            RmgrID = 13
	RmgrGist           RmgrID = 14
	RmgrSequence       RmgrID = 15
	RmgrSPGist         RmgrID = 16
	RmgrBRIN           RmgrID = 17
	RmgrCommitTs       RmgrID = 18
	RmgrReplOrigin     RmgrID = 19
	RmgrGeneric        RmgrID = 20
	RmgrLogicalMsg     RmgrID = 21
	RmgrMaxBuiltinID   RmgrID = 21
	RmgrMinCustomID    RmgrID = 128
	RmgrExperimentalID RmgrID = 128
)

// validRmgrID is RmgrIdIsValid.
func validRmgrID(id RmgrID) bool { return id <= RmgrMaxBuiltinID || id >= RmgrMinCustomID }

// builtinRmgrNames are the names pg_waldump and error contexts print.
var builtinRmgrNames = [...]string{
	"XLOG", "Transaction", "Storage", "CLOG", "Database", "Tablespace",
	"MultiXact", "RelMap", "Standby", "Heap2", "Heap", "Btree", "Hash",
	"Gin", "Gist", "Sequence", "SPGist", "BRIN", "CommitTs",
	"ReplicationOrigin", "Generic", "LogicalMessage",
}

// xl_info values of the XLOG resource manager (pg_control.h).
const (
	InfoCheckpointShutdown  = 0x00
	InfoCheckpointOnline    = 0x10
	InfoNoop                = 0x20
	InfoNextOID             = 0x30
	InfoSwitch              = 0x40
	InfoBackupEnd           = 0x50
	InfoParameterChange     = 0x60
	InfoRestorePoint        = 0x70
	InfoFPWChange           = 0x80
	InfoEndOfRecovery       = 0x90
	InfoFPIForHint          = 0xA0
	InfoFPI                 = 0xB0
	InfoOverwriteContRecord = 0xD0
)

// xlogInfoName is xlog_identify: the record type names pg_waldump prints.
func xlogInfoName(info uint8) string {
	switch info &^ XLRInfoMask {
	case InfoCheckpointShutdown:
		return "CHECKPOINT_SHUTDOWN"
	case InfoCheckpointOnline:
		return "CHECKPOINT_ONLINE"
	case InfoNoop:
		return "NOOP"
	case InfoNextOID:
		return "NEXTOID"
	case InfoSwitch:
		return "SWITCH"
	case InfoBackupEnd:
		return "BACKUP_END"
	case InfoParameterChange:
		return "PARAMETER_CHANGE"
	case InfoRestorePoint:
		return "RESTORE_POINT"
	case InfoFPWChange:
		return "FPW_CHANGE"
	case InfoEndOfRecovery:
		return "END_OF_RECOVERY"
	case InfoFPIForHint:
		return "FPI_FOR_HINT"
	case InfoFPI:
		return "FPI"
	case InfoOverwriteContRecord:
		return "OVERWRITE_CONTRECORD"
	}
	return ""
}
