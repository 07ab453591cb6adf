// WAL page headers (XLogPageHeaderData and XLogLongPageHeaderData of
// xlog_internal.h): writing them when a WAL buffer page is initialized and
// validating them when a page is read (XLogReaderValidatePageHeader).

package xlog

import (
	"encoding/binary"
	"fmt"
)

// PageHeader is a decoded XLogPageHeaderData, with the long header's
// fields when XLPLongHeader is set.
type PageHeader struct {
	Magic    uint16
	Info     uint16
	TLI      uint32
	PageAddr LSN
	RemLen   uint32
	// Long header only.
	SysID      uint64
	SegSize    uint32
	XLogBlcksz uint32
}

// Size is the header's length on the page.
func (h *PageHeader) Size() int {
	if h.Info&XLPLongHeader != 0 {
		return LongPageHeaderSize
	}
	return ShortPageHeaderSize
}

// ParsePageHeader decodes the header at the start of page.
func ParsePageHeader(page []byte) PageHeader {
	le := binary.LittleEndian
	h := PageHeader{
		Magic:    le.Uint16(page[0:]),
		Info:     le.Uint16(page[2:]),
		TLI:      le.Uint32(page[4:]),
		PageAddr: LSN(le.Uint64(page[8:])),
		RemLen:   le.Uint32(page[16:]),
	}
	if h.Info&XLPLongHeader != 0 {
		h.SysID = le.Uint64(page[24:])
		h.SegSize = le.Uint32(page[32:])
		h.XLogBlcksz = le.Uint32(page[36:])
	}
	return h
}

// initPage zeroes page and writes the header of the page at addr, as
// AdvanceXLInsertBuffer does: a long header on a segment's first page.
func initPage(page []byte, addr LSN, tli uint32, sysid uint64, bkpRemovable bool) {
	clear(page)
	le := binary.LittleEndian
	le.PutUint16(page[0:], PageMagic)
	info := uint16(0)
	if bkpRemovable {
		info |= XLPBkpRemovable
	}
	le.PutUint32(page[4:], tli)
	le.PutUint64(page[8:], uint64(addr))
	if segOffset(addr) == 0 {
		info |= XLPLongHeader
		le.PutUint64(page[24:], sysid)
		le.PutUint32(page[32:], SegmentSize)
		le.PutUint32(page[36:], PageSize)
	}
	le.PutUint16(page[2:], info)
}

// setContRecord marks page as starting with remLen bytes of a record that
// began on an earlier page.
func setContRecord(page []byte, remLen uint32) {
	le := binary.LittleEndian
	le.PutUint16(page[2:], le.Uint16(page[2:])|XLPFirstIsContRecord)
	le.PutUint32(page[16:], remLen)
}

// validatePageHeader checks the header of the page at addr with
// XLogReaderValidatePageHeader's rules and messages. sysid 0 skips the
// system identifier check.
func validatePageHeader(page []byte, addr LSN, tli uint32, sysid uint64) error {
	h := ParsePageHeader(page)
	segno := SegNo(addr)
	off := segOffset(addr)
	fname := FileName(tli, segno)
	if h.Magic != PageMagic {
		return decodeErrorf("invalid magic number %04X in log segment %s, offset %d", h.Magic, fname, off)
	}
	if h.Info&^xlpAllFlags != 0 {
		return decodeErrorf("invalid info bits %04X in log segment %s, offset %d", h.Info, fname, off)
	}
	if h.Info&XLPLongHeader != 0 {
		if sysid != 0 && h.SysID != sysid {
			return decodeErrorf("WAL file is from different database system: WAL file database system identifier is %d, pg_control database system identifier is %d", h.SysID, sysid)
		}
		if h.SegSize != SegmentSize {
			return decodeErrorf("WAL file is from different database system: incorrect segment size in page header")
		}
		if h.XLogBlcksz != PageSize {
			return decodeErrorf("WAL file is from different database system: incorrect XLOG_BLCKSZ in page header")
		}
	} else if off == 0 {
		// A segment's first page must have the long header.
		return decodeErrorf("invalid info bits %04X in log segment %s, offset %d", h.Info, fname, off)
	}
	if h.PageAddr != addr {
		return decodeErrorf("unexpected pageaddr %s in log segment %s, offset %d", h.PageAddr, fname, off)
	}
	return nil
}

// String renders a page header for diagnostics.
func (h PageHeader) String() string {
	return fmt.Sprintf("magic %04X info %04X tli %d pageaddr %s rem_len %d", h.Magic, h.Info, h.TLI, h.PageAddr, h.RemLen)
}
