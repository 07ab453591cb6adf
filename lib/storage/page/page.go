// The page header: PostgreSQL's PageHeaderData (storage/bufpage.h), read and
// written in place in a Page, and PageInit.

package page

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
)

// Size is the size of every page, BLCKSZ.
const Size = storage.BlockSize

// MaxAlign is MAXALIGN's boundary on x86-64 and arm64.
const MaxAlign = 8

// MaxAlignUp rounds n up to a multiple of MaxAlign (PostgreSQL's MAXALIGN).
func MaxAlignUp(n int) int { return (n + MaxAlign - 1) &^ (MaxAlign - 1) }

// HeaderSize is SizeOfPageHeaderData: the header without the line pointer
// array.
const HeaderSize = 24

// LayoutVersion is PG_PAGE_LAYOUT_VERSION, stored with the page size in
// pd_pagesize_version (8192 | 4).
const LayoutVersion = 4

// Flag bits of pd_flags.
const (
	HasFreeLines uint16 = 0x0001 // PD_HAS_FREE_LINES: some line pointer is unused
	PageFull     uint16 = 0x0002 // PD_PAGE_FULL: an UPDATE found no room
	AllVisible   uint16 = 0x0004 // PD_ALL_VISIBLE: every tuple is visible to all
	validFlags   uint16 = 0x0007 // PD_VALID_FLAG_BITS
)

// Byte offsets of the header fields (little-endian, as PostgreSQL lays the
// C struct out on x86-64).
const (
	offLSNHi     = 0  // pd_lsn.xlogid uint32
	offLSNLo     = 4  // pd_lsn.xrecoff uint32
	offChecksum  = 8  // pd_checksum uint16
	offFlags     = 10 // pd_flags uint16
	offLower     = 12 // pd_lower LocationIndex (uint16)
	offUpper     = 14 // pd_upper
	offSpecial   = 16 // pd_special
	offSizeVer   = 18 // pd_pagesize_version
	offPruneXid  = 20 // pd_prune_xid TransactionId (uint32)
	offLinePtrs  = HeaderSize
	itemIDSize   = 4 // sizeof(ItemIdData)
	sizeVersion  = Size | LayoutVersion
	sizeVerMask  = 0xFF00
	versionMask  = 0x00FF
	maxAlignMask = MaxAlign - 1
)

// Page is an 8192-byte page: a view of a shared buffer or of a private
// copy. Nothing here copies it; every method reads or writes the bytes in
// place, so the caller must hold the buffer's content lock as PostgreSQL's
// rules require (shared to read, exclusive to change).
type Page []byte

var le = binary.LittleEndian

func (p Page) u16(off int) uint16      { return le.Uint16(p[off:]) }
func (p Page) put16(off int, v uint16) { le.PutUint16(p[off:], v) }
func (p Page) u32(off int) uint32      { return le.Uint32(p[off:]) }
func (p Page) put32(off int, v uint32) { le.PutUint32(p[off:], v) }
func (p Page) check()                  { _ = p[Size-1] }
func (p Page) String() string {
	return fmt.Sprintf("page(lsn %s lower %d upper %d special %d)", p.LSN(), p.Lower(), p.Upper(), p.Special())
}
func (p Page) hasFlag(f uint16) bool     { return p.Flags()&f != 0 }
func (p Page) setFlag(f uint16, on bool) { p.SetFlags(p.Flags()&^f | f*b2u16(on)) }

func b2u16(b bool) uint16 {
	if b {
		return 1
	}
	return 0
}

// LSN is pd_lsn: the end of the WAL record that last changed the page.
func (p Page) LSN() storage.LSN {
	return storage.LSN(uint64(p.u32(offLSNHi))<<32 | uint64(p.u32(offLSNLo)))
}

// SetLSN sets pd_lsn (PageSetLSN).
func (p Page) SetLSN(lsn storage.LSN) {
	p.put32(offLSNHi, uint32(lsn>>32))
	p.put32(offLSNLo, uint32(lsn))
}

// StoredChecksum is pd_checksum as stored.
func (p Page) StoredChecksum() uint16 { return p.u16(offChecksum) }

// Flags is pd_flags.
func (p Page) Flags() uint16 { return p.u16(offFlags) }

// SetFlags sets pd_flags.
func (p Page) SetFlags(f uint16) { p.put16(offFlags, f) }

// Lower is pd_lower: the end of the line pointer array.
func (p Page) Lower() int { return int(p.u16(offLower)) }

// Upper is pd_upper: the start of tuple space.
func (p Page) Upper() int { return int(p.u16(offUpper)) }

// Special is pd_special: the start of the special space.
func (p Page) Special() int { return int(p.u16(offSpecial)) }

// SetLower, SetUpper and SetSpecial set the space pointers. Only code that
// lays a page out itself (redo of a full-page image does not need them)
// should call them.
func (p Page) SetLower(v int) { p.put16(offLower, uint16(v)) }

// SetUpper sets pd_upper.
func (p Page) SetUpper(v int) { p.put16(offUpper, uint16(v)) }

// SetSpecial sets pd_special.
func (p Page) SetSpecial(v int) { p.put16(offSpecial, uint16(v)) }

// PageSize is the size recorded in pd_pagesize_version (8192).
func (p Page) PageSize() int { return int(p.u16(offSizeVer) & sizeVerMask) }

// LayoutVersion is the layout version in pd_pagesize_version (4).
func (p Page) LayoutVersion() int { return int(p.u16(offSizeVer) & versionMask) }

// PruneXid is pd_prune_xid: the oldest xid that may make pruning useful,
// or 0.
func (p Page) PruneXid() uint32 { return p.u32(offPruneXid) }

// SetPruneXid sets pd_prune_xid.
func (p Page) SetPruneXid(xid uint32) { p.put32(offPruneXid, xid) }

// SpecialSize is the size of the special space (PageGetSpecialSize).
func (p Page) SpecialSize() int { return p.PageSize() - p.Special() }

// SpecialSpace is the special space, in place.
func (p Page) SpecialSpace() []byte { return p[p.Special():Size:Size] }

// HasFreeLinePointers, IsFull and IsAllVisible read pd_flags bits; the
// Set and Clear methods change them (PageSetFull, PageClearAllVisible...).
func (p Page) HasFreeLinePointers() bool { return p.hasFlag(HasFreeLines) }

// SetHasFreeLinePointers sets or clears PD_HAS_FREE_LINES.
func (p Page) SetHasFreeLinePointers(on bool) { p.setFlag(HasFreeLines, on) }

// IsFull reports PD_PAGE_FULL.
func (p Page) IsFull() bool { return p.hasFlag(PageFull) }

// SetFull sets or clears PD_PAGE_FULL.
func (p Page) SetFull(on bool) { p.setFlag(PageFull, on) }

// IsAllVisible reports PD_ALL_VISIBLE.
func (p Page) IsAllVisible() bool { return p.hasFlag(AllVisible) }

// SetAllVisible sets or clears PD_ALL_VISIBLE.
func (p Page) SetAllVisible(on bool) { p.setFlag(AllVisible, on) }

// Init lays out an empty page with specialSize bytes (rounded up to
// MAXALIGN) of special space at its end, zeroing everything else
// (PageInit). It sets no checksum: that is done when the page is written.
func (p Page) Init(specialSize int) {
	p.check()
	specialSize = MaxAlignUp(specialSize)
	if specialSize < 0 || specialSize > Size-HeaderSize {
		panic(fmt.Sprintf("page.Init: special size %d does not fit", specialSize))
	}
	clear(p[:Size])
	p.SetLower(HeaderSize)
	p.SetUpper(Size - specialSize)
	p.SetSpecial(Size - specialSize)
	p.put16(offSizeVer, sizeVersion)
}

// IsNew reports whether the page was never initialised (PageIsNew:
// pd_upper == 0). A block a crash left zeroed after an extension is new.
func (p Page) IsNew() bool { return p.u16(offUpper) == 0 }

// IsEmpty reports whether the page has no line pointers (PageIsEmpty).
func (p Page) IsEmpty() bool { return p.Lower() <= HeaderSize }

// MaxOffset is the number of line pointers (PageGetMaxOffsetNumber); 0 on
// a new page.
func (p Page) MaxOffset() OffsetNumber {
	lower := p.Lower()
	if lower <= HeaderSize {
		return 0
	}
	return OffsetNumber((lower - HeaderSize) / itemIDSize)
}

// headerSane is the sanity test of PageIsVerifiedExtended.
func (p Page) headerSane() bool {
	lower, upper, special := p.Lower(), p.Upper(), p.Special()
	return p.Flags()&^validFlags == 0 &&
		lower <= upper && upper <= special && special <= Size &&
		special&maxAlignMask == 0
}

// pointersSane is the stricter test that the routines which move tuples
// around make first ("corrupted page pointers").
func (p Page) pointersSane() bool {
	lower, upper, special := p.Lower(), p.Upper(), p.Special()
	return lower >= HeaderSize && lower <= upper && upper <= special &&
		special <= Size && special&maxAlignMask == 0
}

func (p Page) corruptedPointers() *pgerr.Error {
	return pgerr.Newf(pgerr.DataCorrupted, "corrupted page pointers: lower = %d, upper = %d, special = %d",
		p.Lower(), p.Upper(), p.Special())
}
