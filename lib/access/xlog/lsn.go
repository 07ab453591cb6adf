// LSN arithmetic: segment numbers and file names, page addresses, and the
// "usable byte position" that the insertion code reserves space in
// (PostgreSQL's XLogBytePosToRecPtr and friends in xlog.c). A byte
// position counts only the bytes records can occupy, skipping page
// headers, so that reserving space for a record is a single addition.

package xlog

import (
	"fmt"
	"strconv"

	"github.com/gpostgres/gpostgres/lib/storage"
)

// LSN is a WAL position. It is storage.LSN; the control file's
// datadir.LSN has the same meaning and is converted at that boundary.
type LSN = storage.LSN

// InvalidLSN is InvalidXLogRecPtr.
const InvalidLSN LSN = 0

const (
	usableBytesInPage    = PageSize - ShortPageHeaderSize
	usableBytesInSegment = PagesPerSegment*usableBytesInPage - (LongPageHeaderSize - ShortPageHeaderSize)
)

// SegNo is the segment number holding lsn (XLByteToSeg).
func SegNo(lsn LSN) uint64 { return uint64(lsn) / SegmentSize }

// prevSegNo is XLByteToPrevSeg: the segment holding the byte before lsn.
func prevSegNo(lsn LSN) uint64 { return (uint64(lsn) - 1) / SegmentSize }

// SegmentStart is the LSN of the first byte of segment segno.
func SegmentStart(segno uint64) LSN { return LSN(segno * SegmentSize) }

// segOffset is XLogSegmentOffset.
func segOffset(lsn LSN) uint32 { return uint32(uint64(lsn) % SegmentSize) }

// pageStart is the address of the page holding lsn.
func pageStart(lsn LSN) LSN { return lsn &^ (PageSize - 1) }

// pageHeaderSizeAt is the size of the header of the page starting at p.
func pageHeaderSizeAt(p LSN) int {
	if segOffset(p) == 0 {
		return LongPageHeaderSize
	}
	return ShortPageHeaderSize
}

// FileName is XLogFileName: the name of segment segno of timeline tli,
// e.g. 000000010000000000000001.
func FileName(tli uint32, segno uint64) string {
	return fmt.Sprintf("%08X%08X%08X", tli, uint32(segno/SegmentsPerXLogID), uint32(segno%SegmentsPerXLogID))
}

// ParseFileName is XLogFromFileName: the timeline and segment number of a
// WAL segment file name. ok is false for any other name (.partial,
// .history, temporary files, archive_status).
func ParseFileName(name string) (tli uint32, segno uint64, ok bool) {
	if len(name) != 24 {
		return 0, 0, false
	}
	for i := 0; i < 24; i++ {
		c := name[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F') {
			return 0, 0, false
		}
	}
	t, _ := strconv.ParseUint(name[0:8], 16, 32)
	hi, _ := strconv.ParseUint(name[8:16], 16, 32)
	lo, _ := strconv.ParseUint(name[16:24], 16, 32)
	if lo >= SegmentsPerXLogID {
		return 0, 0, false
	}
	return uint32(t), hi*SegmentsPerXLogID + lo, true
}

// bytePosToRecPtr is XLogBytePosToRecPtr: the LSN of usable byte pos.
// A position at the start of a page maps to just after the page header.
func bytePosToRecPtr(pos uint64) LSN {
	fullsegs := pos / usableBytesInSegment
	left := pos % usableBytesInSegment
	var off uint64
	if left < PageSize-LongPageHeaderSize {
		off = left + LongPageHeaderSize
	} else {
		left -= PageSize - LongPageHeaderSize
		fullpages := left / usableBytesInPage
		left %= usableBytesInPage
		off = (fullpages+1)*PageSize + left + ShortPageHeaderSize
	}
	return LSN(fullsegs*SegmentSize + off)
}

// bytePosToEndRecPtr is XLogBytePosToEndRecPtr: like bytePosToRecPtr but a
// position at a page boundary maps to the boundary itself, as the end of
// a record that exactly fills its last page.
func bytePosToEndRecPtr(pos uint64) LSN {
	fullsegs := pos / usableBytesInSegment
	left := pos % usableBytesInSegment
	var off uint64
	if left < PageSize-LongPageHeaderSize {
		if left == 0 {
			off = 0
		} else {
			off = left + LongPageHeaderSize
		}
	} else {
		left -= PageSize - LongPageHeaderSize
		fullpages := left / usableBytesInPage
		left %= usableBytesInPage
		if left == 0 {
			off = (fullpages + 1) * PageSize
		} else {
			off = (fullpages+1)*PageSize + left + ShortPageHeaderSize
		}
	}
	return LSN(fullsegs*SegmentSize + off)
}

// recPtrToBytePos is XLogRecPtrToBytePos, the inverse of both functions
// above. ptr must not point inside a page header.
func recPtrToBytePos(ptr LSN) uint64 {
	fullsegs := SegNo(ptr)
	fullpages := uint64(segOffset(ptr)) / PageSize
	off := uint64(ptr) % PageSize
	var pos uint64
	if fullpages == 0 {
		pos = fullsegs * usableBytesInSegment
		if off > 0 {
			pos += off - LongPageHeaderSize
		}
	} else {
		pos = fullsegs*usableBytesInSegment + (PageSize - LongPageHeaderSize) + (fullpages-1)*usableBytesInPage
		if off > 0 {
			pos += off - ShortPageHeaderSize
		}
	}
	return pos
}

// maxAlignUp rounds n up to a multiple of 8 (MAXALIGN).
func maxAlignUp(n uint64) uint64 { return (n + maxAlign - 1) &^ (maxAlign - 1) }
