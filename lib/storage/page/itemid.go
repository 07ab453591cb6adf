// Line pointers: PostgreSQL's ItemIdData (storage/itemid.h) and
// OffsetNumber (storage/off.h).

package page

import "fmt"

// OffsetNumber indexes a page's line pointers, from 1.
type OffsetNumber uint16

const (
	// InvalidOffset means "no offset"; AddItem takes it to mean "choose one".
	InvalidOffset OffsetNumber = 0
	// FirstOffset is the first line pointer.
	FirstOffset OffsetNumber = 1
	// MaxOffsetNumber is BLCKSZ / sizeof(ItemIdData).
	MaxOffsetNumber OffsetNumber = Size / itemIDSize
)

// MaxHeapTuplesPerPage bounds the line pointers of a heap page:
// (BLCKSZ - SizeOfPageHeaderData) / (MAXALIGN(SizeofHeapTupleHeader) +
// sizeof(ItemIdData)) = 8168 / (24 + 4).
const MaxHeapTuplesPerPage = (Size - HeaderSize) / (24 + itemIDSize)

// MaxIndexTuplesPerPage bounds the line pointers of an index page:
// 8168 / (MAXALIGN(sizeof(IndexTupleData) + 1) + sizeof(ItemIdData)).
const MaxIndexTuplesPerPage = (Size - HeaderSize) / (16 + itemIDSize)

// Line pointer states (lp_flags).
const (
	LPUnused   = 0 // LP_UNUSED: free; lp_len is 0
	LPNormal   = 1 // LP_NORMAL: points to a tuple of lp_len bytes at lp_off
	LPRedirect = 2 // LP_REDIRECT: HOT redirect to line pointer lp_off; lp_len 0
	LPDead     = 3 // LP_DEAD: dead, may or may not have storage
)

// ItemId is one 4-byte line pointer, as the C bit fields lay it out on a
// little-endian machine: lp_off in bits 0-14, lp_flags in bits 15-16,
// lp_len in bits 17-31.
type ItemId uint32

// MakeItemId builds a line pointer.
func MakeItemId(off, flags, length int) ItemId {
	return ItemId(uint32(off)&0x7FFF | uint32(flags&3)<<15 | uint32(length&0x7FFF)<<17)
}

// Off is lp_off: the tuple's byte offset in the page, or the redirect
// target's offset number.
func (id ItemId) Off() int { return int(id & 0x7FFF) }

// Flags is lp_flags.
func (id ItemId) Flags() int { return int(id>>15) & 3 }

// Len is lp_len: the tuple's length in bytes.
func (id ItemId) Len() int { return int(id >> 17) }

// IsUsed reports lp_flags != LP_UNUSED.
func (id ItemId) IsUsed() bool { return id.Flags() != LPUnused }

// IsNormal reports LP_NORMAL.
func (id ItemId) IsNormal() bool { return id.Flags() == LPNormal }

// IsRedirect reports LP_REDIRECT.
func (id ItemId) IsRedirect() bool { return id.Flags() == LPRedirect }

// IsDead reports LP_DEAD.
func (id ItemId) IsDead() bool { return id.Flags() == LPDead }

// HasStorage reports lp_len != 0 (ItemIdHasStorage).
func (id ItemId) HasStorage() bool { return id.Len() != 0 }

// RedirectTarget is the offset a LP_REDIRECT points to.
func (id ItemId) RedirectTarget() OffsetNumber { return OffsetNumber(id.Off()) }

func (id ItemId) String() string {
	return fmt.Sprintf("(off %d flags %d len %d)", id.Off(), id.Flags(), id.Len())
}

// itemIDPos is the byte position of line pointer off.
func itemIDPos(off OffsetNumber) int { return offLinePtrs + (int(off)-1)*itemIDSize }

// ItemId returns line pointer off (PageGetItemId). off must be between 1
// and MaxOffset().
func (p Page) ItemId(off OffsetNumber) ItemId {
	if off < FirstOffset || off > p.MaxOffset() {
		panic(fmt.Sprintf("page.ItemId: offset %d out of range 1..%d", off, p.MaxOffset()))
	}
	return ItemId(p.u32(itemIDPos(off)))
}

// SetItemId overwrites line pointer off, which must exist.
func (p Page) SetItemId(off OffsetNumber, id ItemId) {
	if off < FirstOffset || off > p.MaxOffset() {
		panic(fmt.Sprintf("page.SetItemId: offset %d out of range 1..%d", off, p.MaxOffset()))
	}
	p.put32(itemIDPos(off), uint32(id))
}

// SetUnused marks line pointer off LP_UNUSED with no storage
// (ItemIdSetUnused). The tuple bytes stay until RepairFragmentation.
func (p Page) SetUnused(off OffsetNumber) { p.SetItemId(off, 0) }

// SetDead marks line pointer off LP_DEAD without storage (ItemIdSetDead).
func (p Page) SetDead(off OffsetNumber) { p.SetItemId(off, MakeItemId(0, LPDead, 0)) }

// MarkDead marks line pointer off LP_DEAD keeping its storage
// (ItemIdMarkDead, used by index AMs).
func (p Page) MarkDead(off OffsetNumber) {
	id := p.ItemId(off)
	p.SetItemId(off, MakeItemId(id.Off(), LPDead, id.Len()))
}

// SetRedirect makes line pointer off a HOT redirect to target
// (ItemIdSetRedirect).
func (p Page) SetRedirect(off, target OffsetNumber) {
	p.SetItemId(off, MakeItemId(int(target), LPRedirect, 0))
}

// Item returns the bytes line pointer off points to, in place
// (PageGetItem). The line pointer must have storage.
func (p Page) Item(off OffsetNumber) []byte {
	id := p.ItemId(off)
	if !id.HasStorage() {
		panic(fmt.Sprintf("page.Item: line pointer %d %v has no storage", off, id))
	}
	start, end := id.Off(), id.Off()+id.Len()
	return p[start:end:end]
}
