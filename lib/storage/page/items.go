// Adding items, free space and compaction: PostgreSQL 15's
// PageAddItemExtended, PageGetFreeSpace, PageGetHeapFreeSpace,
// PageRepairFragmentation and PageTruncateLinePointerArray (bufpage.c).

package page

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// AddItem copies item onto the page and returns its offset number, or
// InvalidOffset when it cannot be added (PageAddItemExtended).
//
// With off == InvalidOffset, the first unused line pointer without storage
// is reused when pd_flags says there may be one, else a new line pointer
// is appended. With a valid off and overwrite set, the item goes into that
// line pointer, which must be unused or one past the last; without
// overwrite, the line pointers from off on are shifted up to make room
// (index pages). isHeap refuses more than MaxHeapTuplesPerPage line
// pointers. The item is stored at pd_upper - MAXALIGN(len(item)).
//
// Besides lack of room, AddItem returns InvalidOffset where PostgreSQL
// logs a WARNING: a used line pointer to overwrite, an offset beyond the
// first free one, a heap page already at MaxHeapTuplesPerPage. Corrupted
// page pointers are a PANIC in PostgreSQL (this runs in critical sections):
// AddItem panics with a *pgerr.Error of severity PANIC.
func (p Page) AddItem(item []byte, off OffsetNumber, overwrite, isHeap bool) OffsetNumber {
	p.check()
	if lower := p.Lower(); lower < HeaderSize || lower > p.Upper() || p.Upper() > p.Special() || p.Special() > Size {
		panic(p.corruptedPointers().WithSeverity(pgerr.SeverityPanic))
	}
	limit := p.MaxOffset() + 1
	needShuffle := false
	if off != InvalidOffset {
		if overwrite {
			if off < limit {
				if id := p.ItemId(off); id.IsUsed() || id.HasStorage() {
					return InvalidOffset // "will not overwrite a used ItemId"
				}
			}
		} else if off < limit {
			needShuffle = true
		}
	} else if p.HasFreeLinePointers() {
		for off = FirstOffset; off < limit; off++ {
			if id := p.ItemId(off); !id.IsUsed() && !id.HasStorage() {
				break
			}
		}
		if off >= limit {
			p.SetHasFreeLinePointers(false) // the hint was wrong
		}
	} else {
		off = limit
	}
	if off > limit {
		return InvalidOffset // "specified item offset is too large"
	}
	if isHeap && int(off) > MaxHeapTuplesPerPage {
		return InvalidOffset // "can't put more than MaxHeapTuplesPerPage items in a heap page"
	}
	lower := p.Lower()
	if off == limit || needShuffle {
		lower += itemIDSize
	}
	upper := p.Upper() - MaxAlignUp(len(item))
	if lower > upper {
		return InvalidOffset
	}
	pos := itemIDPos(off)
	if needShuffle {
		copy(p[pos+itemIDSize:], p[pos:itemIDPos(limit)])
	}
	p.put32(pos, uint32(MakeItemId(upper, LPNormal, len(item))))
	copy(p[upper:], item)
	p.SetLower(lower)
	p.SetUpper(upper)
	return off
}

// FreeSpace is the room for one more item: pd_upper - pd_lower less one
// line pointer, or 0 (PageGetFreeSpace). Use HeapFreeSpace on heap pages.
func (p Page) FreeSpace() int {
	space := p.Upper() - p.Lower()
	if space < itemIDSize {
		return 0
	}
	return space - itemIDSize
}

// ExactFreeSpace is pd_upper - pd_lower, or 0 (PageGetExactFreeSpace).
func (p Page) ExactFreeSpace() int {
	if space := p.Upper() - p.Lower(); space > 0 {
		return space
	}
	return 0
}

// HeapFreeSpace is FreeSpace, but 0 when the page already has
// MaxHeapTuplesPerPage line pointers and none is free
// (PageGetHeapFreeSpace).
func (p Page) HeapFreeSpace() int {
	space := p.FreeSpace()
	if space == 0 {
		return 0
	}
	nline := p.MaxOffset()
	if int(nline) < MaxHeapTuplesPerPage {
		return space
	}
	if !p.HasFreeLinePointers() {
		// The hint may be wrong, but AddItem believes it, so must we.
		return 0
	}
	for off := FirstOffset; off <= nline; off++ {
		if !p.ItemId(off).IsUsed() {
			return space
		}
	}
	return 0 // the hint is wrong; it cannot be cleared without dirtying
}

// RepairFragmentation compacts a heap page (PageRepairFragmentation): the
// tuples of line pointers with storage are moved together against the
// special space, in line pointer order, unused line pointers are cleared,
// trailing unused line pointers are cut off the array, and
// PD_HAS_FREE_LINES is set when unused ones remain. Line pointer numbers
// of the remaining items do not change. It returns an ERROR (XX001) and
// leaves the page as it was when the pointers or lengths are corrupt.
func (p Page) RepairFragmentation() *pgerr.Error {
	p.check()
	if !p.pointersSane() {
		return p.corruptedPointers()
	}
	upper, special := p.Upper(), p.Special()
	nline := p.MaxOffset()
	var buf [MaxHeapTuplesPerPage]compactItem
	items := buf[:0]
	total := 0
	for off := FirstOffset; off <= nline; off++ {
		id := p.ItemId(off)
		if !id.IsUsed() || !id.HasStorage() {
			continue
		}
		if id.Off() < upper || id.Off() >= special {
			return pgerr.Newf(pgerr.DataCorrupted, "corrupted line pointer: %d", id.Off())
		}
		if len(items) == cap(items) {
			return pgerr.Newf(pgerr.DataCorrupted, "corrupted page: more than %d line pointers with storage", MaxHeapTuplesPerPage)
		}
		items = append(items, compactItem{off, id.Off(), MaxAlignUp(id.Len())})
		total += MaxAlignUp(id.Len())
	}
	if total > special-p.Lower() {
		return pgerr.Newf(pgerr.DataCorrupted, "corrupted item lengths: total %d, available space %d", total, special-p.Lower())
	}

	// Nothing can fail from here on.
	nunused := 0
	finalUsed := OffsetNumber(0)
	for off := FirstOffset; off <= nline; off++ {
		if p.ItemId(off).IsUsed() {
			finalUsed = off
		} else {
			p.SetUnused(off) // unused entries must have lp_len 0
			nunused++
		}
	}
	if len(items) == 0 {
		p.SetUpper(special) // completely empty: just reset it
	} else {
		p.compactify(items, special)
	}
	if finalUsed != nline {
		trailing := int(nline - finalUsed)
		nunused -= trailing
		p.SetLower(p.Lower() - trailing*itemIDSize)
	}
	p.SetHasFreeLinePointers(nunused > 0)
	return nil
}

// compactItem is one tuple to move (PostgreSQL's itemIdCompactData).
type compactItem struct {
	off        OffsetNumber
	itemOff    int
	alignedLen int
}

// compactify places the given tuples against end in the order given,
// updating their line pointers and pd_upper (compactify_tuples). The
// tuples are copied through a scratch page, since a tuple's new place may
// overlap another's old one when their order differs from the page's.
func (p Page) compactify(items []compactItem, end int) {
	var scratch [Size]byte
	upper := p.Upper()
	copy(scratch[upper:end], p[upper:end])
	for _, it := range items {
		end -= it.alignedLen
		copy(p[end:end+it.alignedLen], scratch[it.itemOff:it.itemOff+it.alignedLen])
		id := p.ItemId(it.off)
		p.SetItemId(it.off, MakeItemId(end, id.Flags(), id.Len()))
	}
	p.SetUpper(end)
}

// TruncateLinePointerArray removes unused line pointers from the end of a
// heap page's array, keeping at least one, and resets PD_HAS_FREE_LINES
// to whether unused ones remain before the last used one
// (PageTruncateLinePointerArray, after VACUUM's second pass).
func (p Page) TruncateLinePointerArray() {
	countDone, setHint := false, false
	nunusedEnd := 0
	for off := p.MaxOffset(); off >= FirstOffset; off-- {
		used := p.ItemId(off).IsUsed()
		if !countDone && off > FirstOffset {
			if used {
				countDone = true
			} else {
				nunusedEnd++
			}
		} else if !used {
			setHint = true // an unused one stays in the array
			break
		}
	}
	if nunusedEnd > 0 {
		p.SetLower(p.Lower() - nunusedEnd*itemIDSize)
	}
	p.SetHasFreeLinePointers(setHint)
}
