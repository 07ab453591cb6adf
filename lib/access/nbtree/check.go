// A structural checker like contrib/amcheck's bt_index_check: keys in
// order within each page, every item at or below its page's high key,
// sibling links consistent in both directions, levels consistent, and
// each downlink leading to a child whose keys lie between the pivot that
// points to it and the next one; the fast root live at its level;
// half-dead leaves (an interrupted VACUUM) empty and without downlink;
// every block outside the sibling chains a deleted page holding its
// safexid, or a page never initialised. It reads the index one page at
// a time under share locks and assumes nobody changes it meanwhile.

package nbtree

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// CheckResult summarises a checked index.
type CheckResult struct {
	Levels     int // 0 for an empty index
	Pages      int // pages in the tree (metapage excluded)
	LeafTuples int // entries on leaf pages (LP_DEAD ones included)
	DeadTuples int // entries marked LP_DEAD
	// HalfDeadPages are leaves in the sibling chain without a downlink
	// (a VACUUM was interrupted between the two stages of a deletion);
	// DeletedPages are out of the tree; NewPages are all zeroes.
	HalfDeadPages, DeletedPages, NewPages int
}

// pageCopy is a page read for checking.
type pageCopy struct {
	blk storage.BlockNumber
	p   page.Page
}

type checker struct {
	e   *Env
	ix  *Index
	dec decoder
	av  []types.Datum
	bv  []types.Datum
}

func (c *checker) corrupt(format string, args ...any) error {
	return pgerr.Newf(pgerr.IndexCorrupted, "index \"%s\": %s", c.ix.Name, fmt.Sprintf(format, args...))
}

func (c *checker) read(blk storage.BlockNumber) (pageCopy, error) {
	buf, err := c.e.getBuf(c.ix, blk, buffer.Share)
	if err != nil {
		return pageCopy{}, err
	}
	p := page.Page(append([]byte(nil), c.e.page(buf)...))
	c.e.Pool.UnlockRelease(buf)
	return pageCopy{blk: blk, p: p}, nil
}

// tupCompare orders two index tuples as keys: attribute by attribute,
// truncated attributes and a missing heap TID as minus infinity.
func (c *checker) tupCompare(a, b itup) (int, error) {
	na, err := c.dec.decode(a, c.av, true)
	if err != nil {
		return 0, err
	}
	nb, err := c.dec.decode(b, c.bv, true)
	if err != nil {
		return 0, err
	}
	na, nb = min(na, c.ix.nkeys()), min(nb, c.ix.nkeys())
	for i := 0; i < min(na, nb); i++ {
		if r := c.ix.Keys[i].compare(c.av[i], c.bv[i]); r != 0 {
			return r, nil
		}
	}
	if na != nb {
		if na < nb {
			return -1, nil
		}
		return 1, nil
	}
	ta, hasA := a.heapTID()
	tb, hasB := b.heapTID()
	switch {
	case !hasA && !hasB:
		return 0, nil
	case !hasA:
		return -1, nil
	case !hasB:
		return 1, nil
	}
	return compareTID(ta, tb), nil
}

// Check verifies ix's structure and returns its shape, or an error
// (SQLSTATE XX002) naming the first violation found.
func Check(e *Env, ix *Index) (CheckResult, error) {
	c := &checker{e: e, ix: ix, dec: decoder{ix: ix}, av: make([]types.Datum, ix.natts()), bv: make([]types.Datum, ix.natts())}
	var res CheckResult
	md, err := e.getMeta(ix)
	if err != nil {
		return res, err
	}
	if md.Root == pNone {
		return res, nil
	}
	if md.FastLevel > md.Level || (md.FastLevel == md.Level) != (md.FastRoot == md.Root) {
		return res, c.corrupt("fast root %d (level %d) does not fit root %d (level %d)", md.FastRoot, md.FastLevel, md.Root, md.Level)
	}
	fast, err := c.read(md.FastRoot)
	if err != nil {
		return res, err
	}
	if fo := opaqueOf(fast.p); fo.ignore() || fo.level() != md.FastLevel {
		return res, c.corrupt("fast root block %d has flags %#x level %d, metapage says level %d", md.FastRoot, fo.flags(), fo.level(), md.FastLevel)
	}
	inTree := map[storage.BlockNumber]bool{}
	root, err := c.read(md.Root)
	if err != nil {
		return res, err
	}
	ro := opaqueOf(root.p)
	if !ro.isRoot() || ro.level() != md.Level || !ro.isLeftmost() || !ro.isRightmost() {
		return res, c.corrupt("root block %d has flags %#x level %d siblings %d/%d, metapage says level %d",
			md.Root, ro.flags(), ro.level(), ro.prev(), ro.next(), md.Level)
	}
	res.Levels = int(md.Level) + 1
	// Level by level from the root: the pages of the level in sibling
	// order, checked against the downlinks of the level above.
	var parents []pageCopy
	leftmost := md.Root
	for level := int(md.Level); level >= 0; level-- {
		var pages []pageCopy
		prev := pNone
		for blk := leftmost; ; {
			if err := e.interrupt(); err != nil {
				return res, err
			}
			pc, err := c.read(blk)
			if err != nil {
				return res, err
			}
			o := opaqueOf(pc.p)
			if o.prev() != prev {
				return res, c.corrupt("left link of block %d is %d, but block %d is to its left", blk, o.prev(), prev)
			}
			if int(o.level()) != level || o.isLeaf() != (level == 0) {
				return res, c.corrupt("block %d has level %d flags %#x on level %d", blk, o.level(), o.flags(), level)
			}
			if o.isDeleted() || (o.isHalfDead() && level != 0) {
				return res, c.corrupt("block %d on level %d is deleted or half-dead but still linked from its siblings (flags %#x)", blk, level, o.flags())
			}
			inTree[blk] = true
			if o.isHalfDead() {
				// Only its (dummy) high key, and no downlink.
				if pc.p.MaxOffset() != pHikey || o.isRightmost() {
					return res, c.corrupt("half-dead block %d is not empty", blk)
				}
				res.HalfDeadPages++
			} else {
				if err := c.checkPage(pc, &res); err != nil {
					return res, err
				}
				pages = append(pages, pc)
				res.Pages++
			}
			if o.isRightmost() {
				break
			}
			prev, blk = blk, o.next()
			if len(pages) > 1<<22 {
				return res, c.corrupt("sibling links of level %d form a cycle", level)
			}
		}
		if len(pages) == 0 {
			return res, c.corrupt("level %d has no live page", level)
		}
		if parents != nil {
			if err := c.checkDownlinks(parents, pages); err != nil {
				return res, err
			}
		}
		if level > 0 {
			p := pages[0].p
			leftmost = itemAt(p, opaqueOf(p).firstDataKey()).downlink()
		}
		parents = pages
	}
	return res, c.checkUnlinked(inTree, &res)
}

// checkUnlinked looks at every block outside the sibling chains: it
// must be a deleted page (a tombstone with its safexid and a level that
// fits its leaf flag) or a page never initialised.
func (c *checker) checkUnlinked(inTree map[storage.BlockNumber]bool, res *CheckResult) error {
	nblocks, err := c.e.Files.NBlocks(c.ix.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	for blk := MetaBlock + 1; blk < nblocks; blk++ {
		if inTree[blk] {
			continue
		}
		if err := c.e.interrupt(); err != nil {
			return err
		}
		buf, err := c.e.Pool.ReadBuffer(c.ix.Locator, storage.MainFork, blk)
		if err != nil {
			return err
		}
		c.e.Pool.LockBuffer(buf, buffer.Share)
		p := page.Page(append([]byte(nil), c.e.page(buf)...))
		c.e.Pool.UnlockRelease(buf)
		if p.IsNew() {
			res.NewPages++
			continue
		}
		if p.SpecialSize() != page.MaxAlignUp(opaqueSize) {
			return c.corrupt("block %d is not a btree page", blk)
		}
		o := opaqueOf(p)
		if !o.isDeleted() {
			return c.corrupt("block %d (flags %#x, level %d) is neither in the tree nor deleted", blk, o.flags(), o.level())
		}
		if o.flags()&BTPHasFullXid == 0 || p.Lower() != page.HeaderSize+8 || p.Upper() != p.Special() {
			return c.corrupt("deleted block %d does not hold its safexid", blk)
		}
		if o.isLeaf() != (o.level() == 0) {
			return c.corrupt("deleted block %d has level %d and flags %#x", blk, o.level(), o.flags())
		}
		res.DeletedPages++
	}
	return nil
}

// checkPage checks the order of one page's items and the high key bound.
func (c *checker) checkPage(pc pageCopy, res *CheckResult) error {
	p := pc.p
	o := opaqueOf(p)
	first, maxOff := o.firstDataKey(), p.MaxOffset()
	if o.isLeaf() {
		for off := first; off <= maxOff; off++ {
			res.LeafTuples++
			if p.ItemId(off).IsDead() {
				res.DeadTuples++
			}
			if itemAt(p, off).isPivot() {
				return c.corrupt("leaf block %d item %d is a pivot tuple", pc.blk, off)
			}
		}
	} else if maxOff < first {
		return c.corrupt("internal block %d has no downlinks", pc.blk)
	} else if itemAt(p, first).natts(c.ix) != 0 {
		return c.corrupt("internal block %d does not start with minus infinity", pc.blk)
	}
	for off := first; off < maxOff; off++ {
		if !o.isLeaf() && off == first {
			continue
		}
		r, err := c.tupCompare(itemAt(p, off), itemAt(p, off+1))
		if err != nil {
			return err
		}
		if r >= 0 {
			return c.corrupt("item order invariant violated in block %d: item %d is not below item %d", pc.blk, off, off+1)
		}
	}
	if !o.isRightmost() && maxOff >= first {
		hk := itemAt(p, pHikey)
		if !hk.isPivot() {
			return c.corrupt("high key of block %d is not a pivot tuple", pc.blk)
		}
		r, err := c.tupCompare(itemAt(p, maxOff), hk)
		if err != nil {
			return err
		}
		if r > 0 && !(o.isLeaf() == false && maxOff == first) {
			return c.corrupt("high key invariant violated in block %d: item %d is above the high key", pc.blk, maxOff)
		}
	}
	return nil
}

// checkDownlinks matches the downlinks of a level with the pages of the
// level below: in order, every child reached, and each child's keys
// within its pivots. A page whose split was not completed may have a
// right sibling without a downlink.
func (c *checker) checkDownlinks(parents, children []pageCopy) error {
	ci := 0
	for pi, pc := range parents {
		p := pc.p
		o := opaqueOf(p)
		first, maxOff := o.firstDataKey(), p.MaxOffset()
		for off := first; off <= maxOff; off++ {
			t := itemAt(p, off)
			child := t.downlink()
			for ci < len(children) && children[ci].blk != child {
				if ci == 0 || !opaqueOf(children[ci-1].p).incompleteSplit() {
					return c.corrupt("downlink %d of block %d leads to block %d, but block %d comes next on level %d",
						off, pc.blk, child, children[ci].blk, opaqueOf(children[ci].p).level())
				}
				ci++
			}
			if ci == len(children) {
				return c.corrupt("downlink %d of block %d leads to block %d, which is not on the level below", off, pc.blk, child)
			}
			cp := children[ci].p
			co := opaqueOf(cp)
			// Lower bound: the pivot.
			if !(off == first) {
				if cfirst := co.firstDataKey(); cfirst <= cp.MaxOffset() && (co.isLeaf() || cfirst < cp.MaxOffset()) {
					coff := cfirst
					if !co.isLeaf() {
						coff++ // skip minus infinity
					}
					r, err := c.tupCompare(itemAt(cp, coff), t)
					if err != nil {
						return err
					}
					if r < 0 {
						return c.corrupt("block %d item %d is below its parent's pivot (block %d item %d)", children[ci].blk, coff, pc.blk, off)
					}
				}
			}
			// Upper bound: the child's high key is the next pivot.
			if !co.incompleteSplit() {
				var next itup
				switch {
				case off < maxOff:
					next = itemAt(p, off+1)
				case !o.isRightmost():
					next = itemAt(p, pHikey)
				}
				if next == nil {
					if !co.isRightmost() || pi != len(parents)-1 {
						return c.corrupt("block %d is the last child of the rightmost block %d but has a right sibling", children[ci].blk, pc.blk)
					}
				} else {
					if co.isRightmost() {
						return c.corrupt("block %d is rightmost but its parent block %d has a pivot after it", children[ci].blk, pc.blk)
					}
					r, err := c.tupCompare(itemAt(cp, pHikey), next)
					if err != nil {
						return err
					}
					if r != 0 {
						return c.corrupt("high key of block %d differs from the pivot after its downlink in block %d", children[ci].blk, pc.blk)
					}
				}
			}
			ci++
		}
	}
	for ; ci < len(children); ci++ {
		if !opaqueOf(children[ci-1].p).incompleteSplit() {
			return c.corrupt("block %d has no downlink", children[ci].blk)
		}
	}
	return nil
}
