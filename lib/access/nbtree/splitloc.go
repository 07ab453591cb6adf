// Choosing where to split a page (nbtsplitloc.c, _bt_findsplitloc): every
// legal split point is recorded with the free space it leaves on each
// side; they are sorted by how far they are from the wanted balance
// (50:50, or the fill factor on the rightmost page of a level, or after
// the new item for localized ascending insertions), and among the few
// best the one that lets suffix truncation keep the fewest attributes in
// the new high key wins. Pages full of duplicates split at the edge of
// the group of duplicates (many duplicates strategy) or, when every item
// is a duplicate, leave the left page 96% full (single value strategy).
// The rules, numbers and tie-breaking are PostgreSQL 15's, so that splits
// land where PostgreSQL puts them.

package nbtree

import (
	"bytes"
	"math"
	"slices"

	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// How unbalanced a split in the default interval may be, as a share of
// the page's data (LEAF_SPLIT_DISTANCE, INTERNAL_SPLIT_DISTANCE); the
// single value strategy's fill factor (BTREE_SINGLEVAL_FILLFACTOR); and
// how close to the new item a many-duplicates split point counts as
// "just right of it".
const (
	leafSplitDistance     = 0.050
	internalSplitDistance = 0.075
	singleValFillFactor   = 96
	manyDupsNearNewItem   = 9
)

type splitStrategy int

const (
	splitDefault splitStrategy = iota
	splitManyDuplicates
	splitSingleValue
)

// splitPoint is one legal split (SplitPoint).
type splitPoint struct {
	curDelta        int
	leftFree        int
	rightFree       int
	firstOldOnRight page.OffsetNumber
	newItemOnLeft   bool
}

// splitState is FindSplitData.
type splitState struct {
	s               *searcher
	p               page.Page
	newItem         itup
	newItemSz       int // with its line pointer
	isLeaf          bool
	isRightmost     bool
	newItemOff      page.OffsetNumber
	leftSpace       int
	rightSpace      int
	oldItemsTotal   int
	minFirstRightSz int
	splits          []splitPoint
	interval        int
	a, b            []types.Datum // scratch for keepNattsFast
}

// findSplitLoc is _bt_findsplitloc: the first original item that goes
// right, and whether the new item goes left.
func (s *searcher) findSplitLoc(p page.Page, newOff page.OffsetNumber, newItem itup) (page.OffsetNumber, bool, error) {
	o := opaqueOf(p)
	maxOff := p.MaxOffset()
	if len(s.splitA) != s.ix.natts() {
		s.splitA, s.splitB = make([]types.Datum, s.ix.natts()), make([]types.Datum, s.ix.natts())
	}
	st := &splitState{s: s, p: p, newItem: newItem, newItemSz: len(newItem) + 4, isLeaf: o.isLeaf(), isRightmost: o.isRightmost(),
		newItemOff: newOff, minFirstRightSz: math.MaxInt,
		a: s.splitA, b: s.splitB, splits: s.splitPoints[:0]}
	defer func() {
		// The candidates' space serves the next split.
		s.splitPoints = st.splits[:0]
		clear(st.a)
		clear(st.b)
	}()
	st.leftSpace = page.Size - page.HeaderSize - opaqueSize
	st.rightSpace = st.leftSpace
	if !o.isRightmost() {
		st.rightSpace -= page.MaxAlignUp(p.ItemId(pHikey).Len()) + 4
	}
	st.oldItemsTotal = st.rightSpace - p.ExactFreeSpace()
	leafFF := s.ix.fillFactor()

	toLeft := 0
	for off := o.firstDataKey(); off <= maxOff; off++ {
		sz := page.MaxAlignUp(p.ItemId(off).Len()) + 4
		switch {
		case off < newOff:
			st.record(off, false, toLeft, sz)
		case off > newOff:
			st.record(off, true, toLeft, sz)
		default:
			st.record(off, false, toLeft, sz)
			st.record(off, true, toLeft, sz)
		}
		toLeft += sz
	}
	if newOff > maxOff {
		st.record(newOff, false, st.oldItemsTotal, 0)
	}
	if len(st.splits) == 0 {
		return 0, false, pgerr.Newf(pgerr.InternalError, "could not find a feasible split point for index \"%s\"", s.ix.Name)
	}

	var mult float64
	var useMult bool
	switch {
	case !st.isLeaf:
		useMult, mult = st.isRightmost, nonLeafFillFactor/100.0
	case st.isRightmost:
		useMult, mult = true, float64(leafFF)/100
	default:
		after, um, err := st.afterNewItemOff(maxOff, leafFF)
		if err != nil {
			return 0, false, err
		}
		switch {
		case after && um:
			useMult, mult = true, float64(leafFF)/100
		case after:
			for _, sp := range st.splits {
				if sp.newItemOnLeft && sp.firstOldOnRight == newOff {
					return newOff, true, nil
				}
			}
			mult = 0.5
		default:
			mult = 0.5
		}
	}
	leftPage, rightPage := st.splits[0], st.splits[len(st.splits)-1]
	st.deltaSort(mult, useMult)
	st.interval = st.defaultInterval()
	perfect, strategy, err := st.strategy(&leftPage, &rightPage)
	if err != nil {
		return 0, false, err
	}
	switch strategy {
	case splitManyDuplicates:
		st.interval = len(st.splits)
	case splitSingleValue:
		st.deltaSort(singleValFillFactor/100.0, true)
		st.interval = 1
	}
	return st.bestSplitLoc(perfect, strategy)
}

// record is _bt_recsplitloc: note the split if both halves fit.
func (st *splitState) record(firstOldOnRight page.OffsetNumber, newItemOnLeft bool, oldToLeft, firstOldOnRightSz int) {
	firstRightSz := firstOldOnRightSz
	if firstOldOnRight == st.newItemOff && !newItemOnLeft {
		firstRightSz = st.newItemSz
	}
	leftFree := st.leftSpace - oldToLeft
	rightFree := st.rightSpace - (st.oldItemsTotal - oldToLeft)
	// The first right item becomes the left page's high key (on a leaf,
	// perhaps with a heap TID added).
	if st.isLeaf {
		leftFree -= firstRightSz + page.MaxAlign
	} else {
		leftFree -= firstRightSz
	}
	if newItemOnLeft {
		leftFree -= st.newItemSz
	} else {
		rightFree -= st.newItemSz
	}
	if !st.isLeaf {
		// it becomes minus infinity on the right page
		rightFree += firstRightSz - (itupHeaderSize + 4)
	}
	if leftFree >= 0 && rightFree >= 0 {
		st.minFirstRightSz = min(st.minFirstRightSz, firstRightSz)
		st.splits = append(st.splits, splitPoint{leftFree: leftFree, rightFree: rightFree,
			firstOldOnRight: firstOldOnRight, newItemOnLeft: newItemOnLeft})
	}
}

// deltaSort is _bt_deltasortsplits: deltas as C computes them (a double
// truncated to int16), then a stable sort (glibc's qsort merges).
func (st *splitState) deltaSort(mult float64, useMult bool) {
	for i := range st.splits {
		sp := &st.splits[i]
		var d int
		if useMult {
			d = int(int16(mult*float64(sp.leftFree) - (1.0-mult)*float64(sp.rightFree)))
		} else {
			d = sp.leftFree - sp.rightFree
		}
		if d < 0 {
			d = -d
		}
		sp.curDelta = d
	}
	// Stable, as glibc's qsort (a merge sort) is for equal deltas. The
	// order is sorted as words (delta above, the split's position
	// below), which is stable and much cheaper than a stable sort of the
	// split points themselves (a leaf split has several hundred).
	keys := st.s.splitSortKeys[:0]
	for i := range st.splits {
		keys = append(keys, uint64(st.splits[i].curDelta)<<32|uint64(i))
	}
	slices.Sort(keys)
	sorted := append(st.s.splitSorted[:0], st.splits...)
	for i, k := range keys {
		st.splits[i] = sorted[uint32(k)]
	}
	st.s.splitSortKeys, st.s.splitSorted = keys, sorted
}

// defaultInterval is _bt_defaultinterval: how many of the sorted splits
// leave both sides within a tolerance of the best-balanced one's free
// space.
func (st *splitState) defaultInterval() int {
	dist := leafSplitDistance
	if !st.isLeaf {
		dist = internalSplitDistance
	}
	tol := int(int16(float64(st.oldItemsTotal) * dist))
	opt := st.splits[0]
	for i := 1; i < len(st.splits); i++ {
		sp := st.splits[i]
		if sp.leftFree < opt.leftFree-tol || sp.rightFree < opt.rightFree-tol ||
			sp.leftFree > opt.leftFree+tol || sp.rightFree > opt.rightFree+tol {
			return i
		}
	}
	return len(st.splits)
}

// afterNewItemOff is _bt_afternewitemoff: localized ascending insertions
// into a composite index (the new item follows a tuple with the same
// leading attribute and, unless it goes last, an adjacent heap TID) split
// right after the new item, or by the fill factor.
func (st *splitState) afterNewItemOff(maxOff page.OffsetNumber, leafFF int) (after, useMult bool, err error) {
	nk := st.s.ix.nkeys()
	if nk == 1 || st.newItemOff == pFirstKey {
		return false, false, nil
	}
	if st.newItemSz != st.minFirstRightSz || st.newItemSz*(int(maxOff)-1) != st.oldItemsTotal {
		return false, false, nil
	}
	if st.newItemSz > page.MaxAlignUp(itupHeaderSize+16)+4 {
		return false, false, nil
	}
	if st.newItemOff > maxOff {
		keep, err := st.keepNattsFast(itemAt(st.p, maxOff), st.newItem)
		if err != nil || keep <= 1 || keep > nk {
			return false, false, err
		}
		return true, true, nil
	}
	prev := itemAt(st.p, st.newItemOff-1)
	if !adjacentHTID(readTID(prev), readTID(st.newItem)) {
		return false, false, nil
	}
	keep, err := st.keepNattsFast(prev, st.newItem)
	if err != nil || keep <= 1 || keep > nk {
		return false, false, err
	}
	interp := float64(st.newItemOff) / (float64(maxOff) + 1)
	return true, interp > float64(leafFF)/100, nil
}

// adjacentHTID is _bt_adjacenthtid.
func adjacentHTID(low, high TID) bool {
	return low.Block == high.Block || low.Block+1 == high.Block && high.Offset == page.FirstOffset
}

// keepNattsFast is _bt_keep_natts_fast: how many leading attributes
// (plus one) a pivot between a and b needs, by binary image equality.
func (st *splitState) keepNattsFast(a, b itup) (int, error) {
	na, err := st.s.dec.decode(a, st.a, true)
	if err != nil {
		return 0, err
	}
	nb, err := st.s.dec.decode(b, st.b, true)
	if err != nil {
		return 0, err
	}
	keep := 1
	for i := 0; i < st.s.ix.nkeys() && i < na && i < nb; i++ {
		x, y := st.a[i], st.b[i]
		if x.IsNull() != y.IsNull() {
			break
		}
		if !x.IsNull() && !imageEqual(&st.s.ix.Desc.Attrs[i], x, y) {
			break
		}
		keep++
	}
	return keep, nil
}

// imageEqual is datum_image_eq: the same stored bytes.
func imageEqual(a *tuple.Attr, x, y types.Datum) bool {
	if a.ByVal {
		return x.Int() == y.Int()
	}
	px, err1 := tuple.Payload(a, x)
	py, err2 := tuple.Payload(a, y)
	return err1 == nil && err2 == nil && bytes.Equal(px, py)
}

func (st *splitState) lastLeft(sp *splitPoint) itup {
	if sp.newItemOnLeft && sp.firstOldOnRight == st.newItemOff {
		return st.newItem
	}
	return itemAt(st.p, sp.firstOldOnRight-1)
}

func (st *splitState) firstRight(sp *splitPoint) itup {
	if !sp.newItemOnLeft && sp.firstOldOnRight == st.newItemOff {
		return st.newItem
	}
	return itemAt(st.p, sp.firstOldOnRight)
}

// penalty is _bt_split_penalty: on a leaf, the attributes the new high
// key must keep; above, the size of the new high key.
func (st *splitState) penalty(sp *splitPoint) (int, error) {
	if !st.isLeaf {
		if !sp.newItemOnLeft && sp.firstOldOnRight == st.newItemOff {
			return st.newItemSz, nil
		}
		return page.MaxAlignUp(st.p.ItemId(sp.firstOldOnRight).Len()) + 4, nil
	}
	return st.keepNattsFast(st.lastLeft(sp), st.firstRight(sp))
}

// strategy is _bt_strategy: the perfect penalty, and whether duplicates
// call for another strategy.
func (st *splitState) strategy(leftPage, rightPage *splitPoint) (int, splitStrategy, error) {
	nk := st.s.ix.nkeys()
	if !st.isLeaf {
		return st.minFirstRightSz, splitDefault, nil
	}
	li, ri := st.intervalEdges()
	perfect, err := st.keepNattsFast(st.lastLeft(li), st.firstRight(ri))
	if err != nil || perfect <= nk {
		return perfect, splitDefault, err
	}
	perfect, err = st.keepNattsFast(st.lastLeft(leftPage), st.firstRight(rightPage))
	if err != nil {
		return 0, splitDefault, err
	}
	if perfect <= nk {
		return nk, splitManyDuplicates, nil
	}
	if st.isRightmost {
		return perfect, splitSingleValue, nil
	}
	perfect, err = st.keepNattsFast(itemAt(st.p, pHikey), st.newItem)
	if err != nil {
		return 0, splitDefault, err
	}
	if perfect <= nk {
		return perfect, splitSingleValue, nil
	}
	return perfect, splitDefault, nil
}

// intervalEdges is _bt_interval_edges: the leftmost and rightmost splits
// within the interval.
func (st *splitState) intervalEdges() (left, right *splitPoint) {
	high := min(st.interval, len(st.splits))
	opt := &st.splits[0]
	for i := high - 1; i >= 0; i-- {
		d := &st.splits[i]
		switch {
		case d.firstOldOnRight < opt.firstOldOnRight:
			if left == nil {
				left = d
			}
		case d.firstOldOnRight > opt.firstOldOnRight:
			if right == nil {
				right = d
			}
		case !d.newItemOnLeft && opt.newItemOnLeft:
			if left == nil {
				left = d
			}
		case d.newItemOnLeft && !opt.newItemOnLeft:
			if right == nil {
				right = d
			}
		default:
			if left == nil {
				left = d
			}
			if right == nil {
				right = d
			}
		}
		if left != nil && right != nil {
			return left, right
		}
	}
	// Not reached: the delta-optimal split is in the interval.
	return opt, opt
}

// bestSplitLoc is _bt_bestsplitloc: the lowest penalty within the
// interval, stopping at a perfect one.
func (st *splitState) bestSplitLoc(perfect int, strategy splitStrategy) (page.OffsetNumber, bool, error) {
	best, low := math.MaxInt, 0
	high := min(st.interval, len(st.splits))
	for i := 0; i < high; i++ {
		pen, err := st.penalty(&st.splits[i])
		if err != nil {
			return 0, false, err
		}
		if pen < best {
			best, low = pen, i
		}
		if pen <= perfect {
			break
		}
	}
	final := &st.splits[low]
	// Many duplicates with the new item just right of the split point:
	// a 50:50 split instead, lest decreasing insertions keep splitting
	// the same page.
	if strategy == splitManyDuplicates && !st.isRightmost && !final.newItemOnLeft &&
		final.firstOldOnRight >= st.newItemOff && final.firstOldOnRight < st.newItemOff+manyDupsNearNewItem {
		final = &st.splits[0]
	}
	return final.firstOldOnRight, final.newItemOnLeft, nil
}
