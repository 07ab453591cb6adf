// Searching the tree (nbtsearch.c's _bt_search, _bt_moveright,
// _bt_binsrch, _bt_compare; nbtpage.c's _bt_getroot, _bt_get_endpoint):
// a Lehman & Yao descent that holds one page lock at a time and moves
// right past pages that split after their parent was read.

package nbtree

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// scanKey is an insertion scan key (BTScanInsertData): values for the
// leading key columns, an optional heap TID (scantid) as the final
// column, and whether the search wants the first item > key (nextkey)
// instead of the first item >= key.
type scanKey struct {
	vals    []types.Datum
	tid     *TID
	nextkey bool
	// pivotSearch (page deletion's search for a high key) drops the rule
	// that a key without TID goes right of an equal truncated pivot, so
	// the descent ends at the leftmost leaf with that high key.
	pivotSearch bool
}

// stack is the path of a descent (BTStackData): for each internal page
// visited, its block and the offset of the downlink followed.
type stack struct {
	blkno  storage.BlockNumber
	offset page.OffsetNumber
	parent *stack
}

// searcher carries what comparing needs: the index and a decoder with
// its scratch space.
type searcher struct {
	e    *Env
	ix   *Index
	dec  decoder
	vals []types.Datum
	// rootLevel is the level of the page the last descent started at.
	rootLevel uint32

	// What Insert keeps from one row to the next (the searcher of an
	// index's insertions lives as long as its Env, env.go's inserter):
	// target is the rightmost leaf the last insertion went to without a
	// split (RelationSetTargetBlock; pNone when there is none), tried
	// first by the next one (searchInsert's fastpath). A stale target is
	// harmless: the page is checked before use.
	target storage.BlockNumber
	// noRunLeaf is the last rightmost leaf found with too little room
	// to be worth an append run (appendLeaf).
	noRunLeaf storage.BlockNumber
	// insertKey and insertTID are the row's scan key and heap TID, kept
	// here so that neither is allocated per row.
	insertKey scanKey
	insertTID TID
	// bounds is _bt_binsrch_insert's saved search (bounds_valid): the
	// uniqueness check's binary search on the leaf, reused by
	// findInsertLoc when the check met no equal key on that page.
	bounds boundsCache
	// Scratch space for page splits, reused by every split.
	splitItems       []splitItem
	splitPoints      []splitPoint
	splitSortKeys    []uint64     // deltaSort's (delta, position) words
	splitSorted      []splitPoint // deltaSort's copy of the points
	splitA, splitB   []types.Datum
	splitLV, splitRV []types.Datum
	// formScratch holds the heap-format tuple an index tuple is built
	// from, itupScratch the entry Insert adds (formInsertTuple).
	formScratch []byte
	itupScratch itup
	// insertMain is the main data of the insertion's WAL record
	// (xl_btree_insert), kept here because the record builder keeps a
	// reference to it until the record is inserted.
	insertMain [sizeOfBtreeInsert]byte
}

// boundsCache is a leaf offset found by a binary search for an insertion
// key without heap TID, valid while the same leaf stays locked.
type boundsCache struct {
	valid bool
	buf   buffer.Buffer
	off   page.OffsetNumber
}

func newSearcher(e *Env, ix *Index) *searcher {
	return &searcher{e: e, ix: ix, dec: decoder{ix: ix, note: e.NoteDecompressed}, vals: make([]types.Datum, ix.natts()), target: pNone, noRunLeaf: pNone}
}

// compare is _bt_compare: key against the item at off of page p, <0, 0
// or >0. The first data item of an internal page is minus infinity.
// Truncated pivot attributes are minus infinity; so is a truncated heap
// TID, except that a key without a TID that equals every untruncated
// attribute of a pivot whose last attribute it matches is taken as
// greater, so searches go right of such a pivot (they want no -inf TID).
func (s *searcher) compare(key *scanKey, p page.Page, off page.OffsetNumber) (int, error) {
	o := opaqueOf(p)
	if !o.isLeaf() && off == o.firstDataKey() {
		return 1, nil
	}
	t := itemAt(p, off)
	if len(key.vals) > 0 && !t.hasNulls() && t.natts(s.ix) > 0 && !key.vals[0].IsNull() {
		// Most comparisons are decided by the first key column: when it
		// is pass-by-value it is read in place, without decoding the
		// entry (the binary searches of an insertion make about twenty
		// comparisons per row).
		if v, ok := s.dec.deformer(1).FirstByVal(t[itupHeaderSize:]); ok {
			if r := s.ix.Keys[0].compare(key.vals[0], v); r != 0 {
				return r, nil
			}
		}
	}
	n, err := s.dec.decode(t, s.vals, false)
	if err != nil {
		return 0, err
	}
	n = min(n, s.ix.nkeys()) // INCLUDE columns take no part
	ncmp := min(len(key.vals), n)
	for i := 0; i < ncmp; i++ {
		if r := s.ix.Keys[i].compare(key.vals[i], s.vals[i]); r != 0 {
			return r, nil
		}
	}
	if len(key.vals) > n {
		return 1, nil
	}
	htid, has := t.heapTID()
	if key.tid == nil {
		if len(key.vals) == n && !has && !key.pivotSearch {
			return 1, nil
		}
		return 0, nil
	}
	if !has {
		return 1, nil
	}
	return compareTID(*key.tid, htid), nil
}

// binsrch is _bt_binsrch: on a leaf, the first item >= key (> key with
// nextkey); on an internal page, the last item < key (<= key with
// nextkey), whose downlink the descent follows.
func (s *searcher) binsrch(key *scanKey, p page.Page) (page.OffsetNumber, error) {
	o := opaqueOf(p)
	low, high := o.firstDataKey(), p.MaxOffset()
	if high < low {
		return low, nil
	}
	high++
	cmpval := 1
	if key.nextkey {
		cmpval = 0
	}
	if o.isLeaf() && o.isRightmost() && high-low > 2 {
		// The rightmost leaf is where ascending keys (a serial, COPY of
		// sorted rows) are appended: a key above its last item is placed
		// after it with one comparison instead of a whole search.
		r, err := s.compare(key, p, high-1)
		if err != nil {
			return 0, err
		}
		if r >= cmpval {
			return high, nil
		}
		high--
	}
	for high > low {
		mid := low + (high-low)/2
		r, err := s.compare(key, p, mid)
		if err != nil {
			return 0, err
		}
		if r >= cmpval {
			low = mid + 1
		} else {
			high = mid
		}
	}
	if o.isLeaf() {
		return low, nil
	}
	return low - 1, nil
}

func (e *Env) page(buf buffer.Buffer) page.Page { return page.Page(e.Pool.Page(buf)) }

// getBuf reads and locks a block (_bt_getbuf for an existing block).
func (e *Env) getBuf(ix *Index, blk storage.BlockNumber, mode buffer.LockMode) (buffer.Buffer, error) {
	buf, err := e.Pool.ReadBuffer(ix.Locator, storage.MainFork, blk)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	e.Pool.LockBuffer(buf, mode)
	if err := e.checkPage(ix, buf); err != nil {
		e.Pool.UnlockRelease(buf)
		return buffer.InvalidBuffer, err
	}
	return buf, nil
}

// relAndGetBuf is _bt_relandgetbuf: let go of buf, lock blk.
func (e *Env) relAndGetBuf(ix *Index, buf buffer.Buffer, blk storage.BlockNumber, mode buffer.LockMode) (buffer.Buffer, error) {
	if valid(buf) {
		e.Pool.UnlockRelease(buf)
	}
	return e.getBuf(ix, blk, mode)
}

// checkPage is _bt_checkpage: a B-tree page has our special space.
func (e *Env) checkPage(ix *Index, buf buffer.Buffer) error {
	p := e.page(buf)
	if p.IsNew() {
		return pgerr.Newf(pgerr.IndexCorrupted, "index \"%s\" contains unexpected zero page at block %d", ix.Name, e.Pool.BlockNumber(buf)).
			WithHint("Please REINDEX it.")
	}
	if p.SpecialSize() != page.MaxAlignUp(opaqueSize) {
		return pgerr.Newf(pgerr.IndexCorrupted, "index \"%s\" contains corrupted page at block %d", ix.Name, e.Pool.BlockNumber(buf)).
			WithHint("Please REINDEX it.")
	}
	return nil
}

// getMeta reads the metapage under a share lock and checks it.
func (e *Env) getMeta(ix *Index) (Meta, error) {
	buf, err := e.getBuf(ix, MetaBlock, buffer.Share)
	if err != nil {
		return Meta{}, err
	}
	md := readMeta(e.page(buf))
	e.Pool.UnlockRelease(buf)
	return md, checkMeta(ix, md)
}

func checkMeta(ix *Index, md Meta) error {
	if md.Magic != Magic {
		return pgerr.Newf(pgerr.IndexCorrupted, "index \"%s\" is not a btree", ix.Name)
	}
	if md.Version < MinimumVersion || md.Version > Version {
		return pgerr.Newf(pgerr.IndexCorrupted, "version mismatch in index \"%s\": file version %d, current version %d, minimal supported version %d",
			ix.Name, md.Version, Version, MinimumVersion)
	}
	if md.Version < Version {
		return pgerr.Newf(pgerr.FeatureNotSupported, "btree version %d of index \"%s\" is not supported", md.Version, ix.Name)
	}
	return nil
}

// rootBuf is _bt_getroot: the (fast) root's buffer locked in mode, or
// InvalidBuffer for an empty index; with create set, an empty index
// gets a root leaf first. The root's block and level are remembered per
// index, as PostgreSQL keeps the metapage in rd_amcache, so that a
// descent does not read the metapage every time: a remembered page is
// used while it is live, of the level remembered and alone on it (no
// sibling either side), which makes it the root of the whole key space
// or a fast root below it; otherwise the metapage is read again.
func (e *Env) rootBuf(ix *Index, create bool, mode buffer.LockMode) (buffer.Buffer, error) {
	if c, ok := e.roots[ix.Locator]; ok {
		buf, err := e.getBuf(ix, c.block, mode)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		o := opaqueOf(e.page(buf))
		if !o.ignore() && o.level() == c.level && o.isLeftmost() && o.isRightmost() {
			return buf, nil
		}
		e.Pool.UnlockRelease(buf)
		delete(e.roots, ix.Locator)
	}
	md, err := e.getMeta(ix)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	root := md.FastRoot
	if md.Root == pNone {
		if !create {
			return buffer.InvalidBuffer, nil
		}
		if root, err = e.createRoot(ix); err != nil {
			return buffer.InvalidBuffer, err
		}
		return e.getBuf(ix, root, mode)
	}
	if e.roots == nil {
		e.roots = map[storage.RelFileLocator]cachedRoot{}
	}
	// The fast root may have been deleted meanwhile (after a split gave
	// it a sibling): step right to the live page that took its keys.
	buf, err := e.getBuf(ix, root, mode)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	for {
		o := opaqueOf(e.page(buf))
		if !o.ignore() {
			if o.level() != md.FastLevel {
				e.Pool.UnlockRelease(buf)
				return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "root page %d of index \"%s\" has level %d, expected %d",
					e.Pool.BlockNumber(buf), ix.Name, o.level(), md.FastLevel)
			}
			break
		}
		if o.isRightmost() {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "no live root page found in index \"%s\"", ix.Name)
		}
		if err := e.interrupt(); err != nil {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, err
		}
		if buf, err = e.relAndGetBuf(ix, buf, o.next(), mode); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
	e.roots[ix.Locator] = cachedRoot{block: e.Pool.BlockNumber(buf), level: md.FastLevel}
	return buf, nil
}

// trueRootBuf is _bt_gettrueroot: the metapage's root (not the fast
// root) locked in mode, or InvalidBuffer for an empty index. The root
// may have split meanwhile, which does not matter to the callers.
func (e *Env) trueRootBuf(ix *Index, _ bool, mode buffer.LockMode) (buffer.Buffer, error) {
	md, err := e.getMeta(ix)
	if err != nil || md.Root == pNone {
		return buffer.InvalidBuffer, err
	}
	buf, err := e.getBuf(ix, md.Root, mode)
	if err != nil {
		return buffer.InvalidBuffer, err
	}
	for {
		o := opaqueOf(e.page(buf))
		if !o.ignore() {
			return buf, nil
		}
		if o.isRightmost() {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "no live root page found in index \"%s\"", ix.Name)
		}
		if buf, err = e.relAndGetBuf(ix, buf, o.next(), mode); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
}

// TreeHeight is the level of index ix's fast root (_bt_getrootheight):
// 0 for an index that is one leaf or empty, as the planner's costs want
// it. It is read from the metapage once and then remembered (rootBuf),
// so it may lag a root split, as PostgreSQL's rd_amcache does.
func (e *Env) TreeHeight(ix *Index) (int, error) {
	if c, ok := e.roots[ix.Locator]; ok {
		return int(c.level), nil
	}
	md, err := e.getMeta(ix)
	if err != nil || md.Root == pNone {
		return 0, err
	}
	if e.roots == nil {
		e.roots = map[storage.RelFileLocator]cachedRoot{}
	}
	e.roots[ix.Locator] = cachedRoot{block: md.FastRoot, level: md.FastLevel}
	return int(md.FastLevel), nil
}

// cachedRoot is an index's fast root as its metapage last gave it.
type cachedRoot struct {
	block storage.BlockNumber
	level uint32
}

// search is _bt_search: descend to the leaf that key belongs on and
// return it locked (exclusively with write), with the path taken. buf is
// InvalidBuffer when the index is empty and write is not set.
func (s *searcher) search(key *scanKey, write bool) (buffer.Buffer, *stack, error) {
	e, ix := s.e, s.ix
	buf, err := e.rootBuf(ix, write, buffer.Share)
	if err != nil || !valid(buf) {
		return buffer.InvalidBuffer, nil, err
	}
	s.rootLevel = opaqueOf(e.page(buf)).level()
	mode := buffer.Share
	var st *stack
	for {
		buf, err = s.moveRight(key, buf, write, st, mode)
		if err != nil {
			return buffer.InvalidBuffer, nil, err
		}
		p := e.page(buf)
		o := opaqueOf(p)
		if o.isLeaf() {
			break
		}
		off, err := s.binsrch(key, p)
		if err != nil {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, nil, err
		}
		child := itemAt(p, off).downlink()
		st = &stack{blkno: e.Pool.BlockNumber(buf), offset: off, parent: st}
		mode = buffer.Share
		if o.level() == 1 && write {
			mode = buffer.Exclusive
		}
		if buf, err = e.relAndGetBuf(ix, buf, child, mode); err != nil {
			return buffer.InvalidBuffer, nil, err
		}
	}
	if write && mode == buffer.Share {
		// The root is a leaf: trade the share lock for an exclusive one
		// and move right again, since it may have split meanwhile.
		e.Pool.LockBuffer(buf, buffer.Unlock)
		e.Pool.LockBuffer(buf, buffer.Exclusive)
		if buf, err = s.moveRight(key, buf, write, st, buffer.Exclusive); err != nil {
			return buffer.InvalidBuffer, nil, err
		}
	}
	return buf, st, nil
}

// moveRight is _bt_moveright: while key belongs right of buf's high key
// (or the page is dead), step right, holding one lock at a time. A
// writer finishes any incomplete split it meets first.
func (s *searcher) moveRight(key *scanKey, buf buffer.Buffer, forUpdate bool, st *stack, mode buffer.LockMode) (buffer.Buffer, error) {
	e, ix := s.e, s.ix
	cmpval := 1
	if key.nextkey {
		cmpval = 0
	}
	for {
		p := e.page(buf)
		o := opaqueOf(p)
		if forUpdate && o.incompleteSplit() {
			blk := e.Pool.BlockNumber(buf)
			if mode == buffer.Share {
				e.Pool.LockBuffer(buf, buffer.Unlock)
				e.Pool.LockBuffer(buf, buffer.Exclusive)
			}
			if opaqueOf(e.page(buf)).incompleteSplit() {
				if err := s.finishSplit(buf, st); err != nil {
					return buffer.InvalidBuffer, err
				}
			} else {
				e.Pool.UnlockRelease(buf)
			}
			var err error
			if buf, err = e.getBuf(ix, blk, mode); err != nil {
				return buffer.InvalidBuffer, err
			}
			continue
		}
		if o.isRightmost() {
			return buf, nil
		}
		move := o.ignore()
		if !move {
			r, err := s.compare(key, p, pHikey)
			if err != nil {
				e.Pool.UnlockRelease(buf)
				return buffer.InvalidBuffer, err
			}
			move = r >= cmpval
		}
		if !move {
			return buf, nil
		}
		if err := e.interrupt(); err != nil {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, err
		}
		var err error
		if buf, err = e.relAndGetBuf(ix, buf, o.next(), mode); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
}

// getEndpoint is _bt_get_endpoint: the leftmost (or rightmost) page of
// a level, locked in mode; InvalidBuffer if the tree is not that high.
func (e *Env) getEndpoint(ix *Index, level uint32, rightmost bool, mode buffer.LockMode) (buffer.Buffer, error) {
	// A leaf may be reached from the fast root; an upper level is looked
	// for from the true root, which the fast root may be below (and the
	// caller may hold the fast root locked: insertParent).
	getRoot := e.rootBuf
	if level > 0 {
		getRoot = e.trueRootBuf
	}
	buf, err := getRoot(ix, false, mode)
	if err != nil || !valid(buf) {
		return buffer.InvalidBuffer, err
	}
	for {
		p := e.page(buf)
		o := opaqueOf(p)
		// Dead pages, and with rightmost the pages left of the end.
		for o.ignore() || (rightmost && !o.isRightmost()) {
			if o.isRightmost() {
				e.Pool.UnlockRelease(buf)
				return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "fell off the end of index \"%s\"", ix.Name)
			}
			if buf, err = e.relAndGetBuf(ix, buf, o.next(), mode); err != nil {
				return buffer.InvalidBuffer, err
			}
			p = e.page(buf)
			o = opaqueOf(p)
		}
		if o.level() == level {
			return buf, nil
		}
		if o.level() < level {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "btree level %d not found in index \"%s\"", level, ix.Name)
		}
		off := o.firstDataKey()
		if rightmost {
			off = p.MaxOffset()
		}
		if buf, err = e.relAndGetBuf(ix, buf, itemAt(p, off).downlink(), mode); err != nil {
			return buffer.InvalidBuffer, err
		}
	}
}

// valid reports whether buf names a buffer: shared buffers are positive,
// a temporary index's local buffers negative.
func valid(buf buffer.Buffer) bool { return buf != buffer.InvalidBuffer }
