// One page of the free space map (PostgreSQL's storage/freespace/fsmpage.c):
// after the standard page header, fp_next_slot (int32) and a complete
// binary tree of one-byte categories stored as an array, its leaves the
// slots. A node holds the maximum of its children, so the root (node 0)
// says at a glance whether any slot can satisfy a request.

package freespace

import (
	"sync/atomic"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// The page layout. PostgreSQL's FSMPageData is {int fp_next_slot; uint8
// fp_nodes[]} placed at MAXALIGN(SizeOfPageHeaderData).
const (
	contentsOffset = 24                              // MAXALIGN(SizeOfPageHeaderData)
	nextSlotOffset = contentsOffset                  // fp_next_slot
	nodesOffset    = contentsOffset + 4              // fp_nodes
	nodesPerPage   = storage.BlockSize - nodesOffset // NodesPerPage: 8164
	// nonLeafNodesPerPage is NonLeafNodesPerPage: the tree is as if
	// complete with BLCKSZ/2 leaves, of which the last ones do not fit.
	nonLeafNodesPerPage = storage.BlockSize/2 - 1 // 4095
	leafNodesPerPage    = nodesPerPage - nonLeafNodesPerPage
	// SlotsPerPage is SlotsPerFSMPage: how many heap blocks (or child
	// FSM pages) one FSM page describes, 4069.
	SlotsPerPage = leafNodesPerPage
)

func leftChild(x int) int { return 2*x + 1 }
func parentOf(x int) int  { return (x - 1) / 2 }

// rightNeighbor moves one node to the right, wrapping from the rightmost
// node of a level to the leftmost of the level above (the leftmost nodes
// of each level are 2^level - 1, so x+1 a power of two means we wrapped
// into the next level down and must step up).
func rightNeighbor(x int) int {
	x++
	if (x+1)&x == 0 {
		x = parentOf(x)
	}
	return x
}

// fsmPage is a view of an FSM page in a buffer. Callers hold the content
// lock: share to read, exclusive to change nodes; fp_next_slot is a hint
// changed under a share lock too, atomically.
type fsmPage []byte

func (p fsmPage) nodes() []byte { return p[nodesOffset : nodesOffset+nodesPerPage] }

func (p fsmPage) nextSlotPtr() *int32 {
	return (*int32)(unsafe.Pointer(&p[nextSlotOffset]))
}

func (p fsmPage) nextSlot() int        { return int(atomic.LoadInt32(p.nextSlotPtr())) }
func (p fsmPage) setNextSlot(s int)    { atomic.StoreInt32(p.nextSlotPtr(), int32(s)) }
func (p fsmPage) maxAvail() uint8      { return p[nodesOffset] }
func (p fsmPage) avail(slot int) uint8 { return p[nodesOffset+nonLeafNodesPerPage+slot] }

// initPage is PageInit(page, BLCKSZ, 0) for a new FSM page.
func initPage(p []byte) { page.Page(p).Init(0) }

// setAvail sets slot's category and fixes its ancestors (fsm_set_avail).
// It reports whether the page changed.
func (p fsmPage) setAvail(slot int, value uint8) bool {
	n := p.nodes()
	nodeno := nonLeafNodesPerPage + slot
	if old := n[nodeno]; old == value && value <= n[0] {
		return false
	}
	n[nodeno] = value
	// Propagate up until a parent already holds the right maximum.
	for nodeno > 0 {
		nodeno = parentOf(nodeno)
		l := leftChild(nodeno)
		v := n[l]
		if l+1 < nodesPerPage {
			v = max(v, n[l+1])
		}
		if n[nodeno] == v {
			break
		}
		n[nodeno] = v
	}
	// The root smaller than the new value means the upper nodes were
	// wrong (a torn or stale page): rebuild them.
	if value > n[0] {
		p.rebuild()
	}
	return true
}

// search finds a slot whose category is at least minValue
// (fsm_search_avail), starting at fp_next_slot so that successive
// searches spread over the page and move forward, or -1. advanceNext
// makes the next search start after the slot found. exclusive says
// whether the caller holds the page's exclusive lock; a corrupt tree
// (a parent promising more than its children hold) is rebuilt, for
// which a share lock is upgraded through relock.
func (p fsmPage) search(minValue uint8, advanceNext bool, exclusive bool, relock func(), dirty func()) int {
	n := p.nodes()
restart:
	if n[0] < minValue {
		return -1
	}
	target := p.nextSlot()
	if target < 0 || target >= leafNodesPerPage {
		target = 0
	}
	target += nonLeafNodesPerPage
	// Climb from the target until a node (or its right neighbour's
	// ancestor) has enough: moving right and up, so the search finds the
	// nearest qualifying slot to the right of target, wrapping around.
	nodeno := target
	for nodeno > 0 {
		if n[nodeno] >= minValue {
			break
		}
		nodeno = parentOf(rightNeighbor(nodeno))
	}
	// Descend, preferring the left child.
	for nodeno < nonLeafNodesPerPage {
		child := leftChild(nodeno)
		if child < nodesPerPage && n[child] >= minValue {
			nodeno = child
			continue
		}
		child++
		if child < nodesPerPage && n[child] >= minValue {
			nodeno = child
			continue
		}
		// The parent said a child had enough, but neither has: fix the
		// page and start over.
		if !exclusive {
			relock()
			exclusive = true
		}
		p.rebuild()
		dirty()
		goto restart
	}
	slot := nodeno - nonLeafNodesPerPage
	if advanceNext {
		p.setNextSlot(slot + 1)
	} else {
		p.setNextSlot(slot)
	}
	return slot
}

// truncateAvail clears every slot from nslots on (fsm_truncate_avail)
// and reports whether anything changed.
func (p fsmPage) truncateAvail(nslots int) bool {
	n := p.nodes()
	changed := false
	for i := nonLeafNodesPerPage + nslots; i < nodesPerPage; i++ {
		if n[i] != 0 {
			n[i] = 0
			changed = true
		}
	}
	if changed {
		p.rebuild()
	}
	return changed
}

// rebuild recomputes every upper node from the leaves (fsm_rebuild_page)
// and reports whether any changed.
func (p fsmPage) rebuild() bool {
	n := p.nodes()
	changed := false
	for nodeno := nonLeafNodesPerPage - 1; nodeno >= 0; nodeno-- {
		l := leftChild(nodeno)
		var v uint8
		if l < nodesPerPage {
			v = n[l]
		}
		if l+1 < nodesPerPage {
			v = max(v, n[l+1])
		}
		if n[nodeno] != v {
			n[nodeno] = v
			changed = true
		}
	}
	return changed
}
