package exec

import (
	"math/rand/v2"
	"testing"
)

// tid is a row location for the model.
type tid struct {
	block uint32
	off   uint16
}

// covers reports whether the pages of b hold (or, lossy, may hold) t,
// and whether the bitmap knows the page only as a whole.
func covers(b *tidBitmap, t tid) (in, lossy bool) {
	if b.isLossy(t.block) {
		return true, true
	}
	p := b.exact[t.block]
	if p == nil {
		return false, false
	}
	page := bitmapPage{block: t.block, rows: p}
	return page.has(t.off), false
}

// TestTIDBitmap: a bitmap holds every location added, exactly while it
// has room and as whole pages beyond; union and intersection keep what
// the sets of locations say, never losing one (a lossy page only adds
// rows to be tested again); pages come out in block order.
func TestTIDBitmap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int, blocks uint32) (*tidBitmap, map[tid]bool, *tidBitmap) {
		set := map[tid]bool{}
		small, big := newTIDBitmap(16), newTIDBitmap(1<<20)
		for i := 0; i < n; i++ {
			x := tid{rng.Uint32N(blocks), uint16(1 + rng.IntN(maxTuplesPerPage))}
			set[x] = true
			small.add(x.block, x.off)
			big.add(x.block, x.off)
		}
		return small, set, big
	}
	for round := 0; round < 50; round++ {
		a, sa, bigA := random(300, 600)
		b, sb, bigB := random(300, 600)
		if len(bigA.lossy) != 0 || len(bigA.exact) == 0 {
			t.Fatal("a bitmap with room turned pages lossy")
		}
		if len(a.lossy) == 0 || a.entries() > a.maxEntries {
			t.Fatalf("a bitmap of 16 entries holding %d pages: %d lossy chunks, %d entries, limit %d", len(sa), len(a.lossy), a.entries(), a.maxEntries)
		}
		for x := range sa {
			if in, _ := covers(a, x); !in {
				t.Fatalf("lost %v", x)
			}
			if in, lossy := covers(bigA, x); !in || lossy {
				t.Fatalf("exact bitmap lost %v", x)
			}
		}
		// Exact bitmaps: union and intersection are exactly the sets'.
		u, i := newTIDBitmap(1<<20), newTIDBitmap(1<<20)
		u.union(bigA)
		u.union(bigB)
		i.union(bigA)
		i.intersect(bigB)
		for blk := uint32(0); blk < 600; blk++ {
			for off := uint16(1); off <= maxTuplesPerPage; off++ {
				x := tid{blk, off}
				if in, _ := covers(u, x); in != (sa[x] || sb[x]) {
					t.Fatalf("union: %v in=%v", x, in)
				}
			}
		}
		for x := range sa {
			if in, _ := covers(i, x); in != sb[x] {
				t.Fatalf("intersection: %v in=%v", x, in)
			}
		}
		// Lossy ones keep every location that belongs.
		a.union(b)
		for x := range sb {
			if in, _ := covers(a, x); !in {
				t.Fatalf("lossy union lost %v", x)
			}
		}
		c, sc, _ := random(300, 600)
		c.intersect(bigB)
		for x := range sc {
			if sb[x] {
				if in, _ := covers(c, x); !in {
					t.Fatalf("lossy intersection lost %v", x)
				}
			}
		}
		pages := a.pages()
		for k := 1; k < len(pages); k++ {
			if pages[k-1].block >= pages[k].block {
				t.Fatalf("pages out of order: %d then %d", pages[k-1].block, pages[k].block)
			}
		}
	}
}
