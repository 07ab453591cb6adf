// TID bitmaps (PostgreSQL's nodes/tidbitmap.c): the row locations a
// bitmap index scan finds, by heap page. A page is exact (the offsets of
// its rows) or, when the bitmap would outgrow work_mem, lossy: only the
// page is known and every row on it must be tested again. Lossy pages
// are kept as chunks of pagesPerChunk pages, one entry each, so that
// turning pages lossy frees memory.

package exec

import (
	"math/bits"
	"slices"
)

const (
	// maxTuplesPerPage is MaxHeapTuplesPerPage for 8kB pages.
	maxTuplesPerPage = 291
	pageWords        = (maxTuplesPerPage + 63) / 64
	// pagesPerChunk is PAGES_PER_CHUNK (BLCKSZ / 32).
	pagesPerChunk = 256
	chunkWords    = pagesPerChunk / 64
)

// tidBitmap is a set of row locations, exact or lossy by page.
type tidBitmap struct {
	exact map[uint32]*[pageWords]uint64
	// lossy maps the first block of a chunk to its lossy pages.
	lossy map[uint32]*[chunkWords]uint64
	// maxEntries is how many entries (exact pages and lossy chunks) the
	// bitmap keeps before it turns pages lossy.
	maxEntries int
}

func newTIDBitmap(maxEntries int) *tidBitmap {
	return &tidBitmap{exact: map[uint32]*[pageWords]uint64{}, lossy: map[uint32]*[chunkWords]uint64{}, maxEntries: maxEntries}
}

func (b *tidBitmap) entries() int { return len(b.exact) + len(b.lossy) }

// isLossy reports whether page blk is lossy.
func (b *tidBitmap) isLossy(blk uint32) bool {
	c := b.lossy[blk-blk%pagesPerChunk]
	i := blk % pagesPerChunk
	return c != nil && c[i/64]&(1<<(i%64)) != 0
}

// add records the row at offset off (1-based) of page blk.
func (b *tidBitmap) add(blk uint32, off uint16) {
	if b.isLossy(blk) {
		return
	}
	p := b.exact[blk]
	if p == nil {
		p = new([pageWords]uint64)
		b.exact[blk] = p
	}
	if i := int(off) - 1; i >= 0 && i < maxTuplesPerPage {
		p[i/64] |= 1 << (i % 64)
	} else {
		// An offset no heap page has: keep the page, tested whole.
		b.markLossy(blk)
	}
	b.limit()
}

// markLossy makes page blk lossy.
func (b *tidBitmap) markLossy(blk uint32) {
	delete(b.exact, blk)
	start := blk - blk%pagesPerChunk
	c := b.lossy[start]
	if c == nil {
		c = new([chunkWords]uint64)
		b.lossy[start] = c
	}
	i := blk % pagesPerChunk
	c[i/64] |= 1 << (i % 64)
}

// limit turns exact pages lossy, lowest blocks first, while the bitmap
// has more entries than it may keep, down to half of them
// (tbm_lossify); if that cannot be reached it may keep twice what it
// now has, so that it does not lossify again at every page.
func (b *tidBitmap) limit() {
	if b.entries() <= b.maxEntries {
		return
	}
	blocks := make([]uint32, 0, len(b.exact))
	for blk := range b.exact {
		blocks = append(blocks, blk)
	}
	slices.Sort(blocks)
	for _, blk := range blocks {
		if b.entries() <= b.maxEntries/2 {
			break
		}
		b.markLossy(blk)
	}
	if b.entries() > b.maxEntries/2 {
		b.maxEntries = b.entries() * 2
	}
}

// union adds the rows of o (tbm_union).
func (b *tidBitmap) union(o *tidBitmap) {
	for start, c := range o.lossy {
		for w := range c {
			for m := c[w]; m != 0; m &= m - 1 {
				b.markLossy(start + uint32(w*64+bits.TrailingZeros64(m)))
			}
		}
	}
	for blk, p := range o.exact {
		if b.isLossy(blk) {
			continue
		}
		q := b.exact[blk]
		if q == nil {
			q = new([pageWords]uint64)
			b.exact[blk] = q
		}
		for w := range p {
			q[w] |= p[w]
		}
	}
	b.limit()
}

// intersect keeps only the rows o has too (tbm_intersect): an exact page
// against a lossy one keeps its rows, a lossy page stays lossy where o
// has the page at all.
func (b *tidBitmap) intersect(o *tidBitmap) {
	for blk, p := range b.exact {
		if o.isLossy(blk) {
			continue
		}
		q := o.exact[blk]
		if q == nil {
			delete(b.exact, blk)
			continue
		}
		empty := true
		for w := range p {
			p[w] &= q[w]
			empty = empty && p[w] == 0
		}
		if empty {
			delete(b.exact, blk)
		}
	}
	for start, c := range b.lossy {
		empty := true
		for w := range c {
			for m := c[w]; m != 0; m &= m - 1 {
				blk := start + uint32(w*64+bits.TrailingZeros64(m))
				if o.exact[blk] == nil && !o.isLossy(blk) {
					c[w] &^= 1 << (blk % 64)
				}
			}
			empty = empty && c[w] == 0
		}
		if empty {
			delete(b.lossy, start)
		}
	}
}

// bitmapPage is one page of a bitmap, for the heap scan.
type bitmapPage struct {
	block uint32
	lossy bool
	rows  *[pageWords]uint64 // exact pages' offsets
}

// pages are the bitmap's pages in block order (tbm_begin_iterate).
func (b *tidBitmap) pages() []bitmapPage {
	out := make([]bitmapPage, 0, len(b.exact))
	for blk, p := range b.exact {
		out = append(out, bitmapPage{block: blk, rows: p})
	}
	for start, c := range b.lossy {
		for w := range c {
			for m := c[w]; m != 0; m &= m - 1 {
				out = append(out, bitmapPage{block: start + uint32(w*64+bits.TrailingZeros64(m)), lossy: true})
			}
		}
	}
	slices.SortFunc(out, func(x, y bitmapPage) int {
		switch {
		case x.block < y.block:
			return -1
		case x.block > y.block:
			return 1
		}
		return 0
	})
	return out
}

// has reports whether exact page p holds offset off.
func (p *bitmapPage) has(off uint16) bool {
	if p.lossy {
		return true
	}
	i := int(off) - 1
	return i >= 0 && i < maxTuplesPerPage && p.rows[i/64]&(1<<(i%64)) != 0
}
