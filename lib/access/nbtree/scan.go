// Index scans (nbtsearch.c's _bt_first, _bt_next, _bt_readpage,
// _bt_steppage, _bt_walk_left, _bt_endpoint; nbtutils.c's
// _bt_preprocess_keys, simplified, _bt_checkkeys and _bt_killitems).
//
// A scan reads one leaf page at a time under a share lock, copying the
// matching items out, and holds no lock or pin between calls. It moves
// right by the page's right link as it was when read; moving left it
// re-finds the left sibling, which may have split meanwhile.

package nbtree

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Strategy is a B-tree operator strategy (BTLessStrategyNumber ...), in
// terms of the column's type order (not index order: a DESC column's <
// still means "less than").
type Strategy int

const (
	Less         Strategy = 1
	LessEqual    Strategy = 2
	Equal        Strategy = 3
	GreaterEqual Strategy = 4
	Greater      Strategy = 5
	// IsNull and IsNotNull test the column for NULL (SK_SEARCHNULL,
	// SK_SEARCHNOTNULL); their Arg is ignored.
	IsNull    Strategy = 6
	IsNotNull Strategy = 7
)

// holds reports whether "value <op> arg" is true, given the comparison
// of value with arg.
func (s Strategy) holds(r int) bool {
	switch s {
	case Less:
		return r < 0
	case LessEqual:
		return r <= 0
	case Equal:
		return r == 0
	case GreaterEqual:
		return r >= 0
	case Greater:
		return r > 0
	}
	return false
}

// commute is BTCommuteStrategyNumber.
func (s Strategy) commute() Strategy { return 6 - s }

// ScanKey is one condition "column <op> Arg" (column numbered from 0),
// or "column IS [NOT] NULL". A NULL Arg of an operator matches nothing,
// as a strict operator would.
type ScanKey struct {
	Column   int
	Strategy Strategy
	Arg      types.Datum
}

// Direction of a scan, in index order.
type Direction int

const (
	Forward Direction = iota
	Backward
)

// preparedKey is a scan key with its index-order strategy and whether
// failing it ends the scan in either direction (SK_BT_REQFWD/REQBKWD).
type preparedKey struct {
	ScanKey
	idxStrat       Strategy
	reqFwd, reqBkw bool
}

// scanItem is one matching entry copied off a page.
type scanItem struct {
	off  page.OffsetNumber
	htid TID
	t    itup
}

// Scan is an index scan in progress.
type Scan struct {
	e    *Env
	ix   *Index
	s    *searcher
	keys []preparedKey
	dir  Direction
	ok   bool // the keys can match at all

	started bool
	done    bool
	items   []scanItem
	pos     int
	cur     storage.BlockNumber // the page items came from
	lsn     storage.LSN         // its LSN when read
	sibling storage.BlockNumber // the next page to read, or pNone
	killed  []int               // positions in items the caller killed
	vals    []types.Datum
	// keepPin: the leaf the items came from stays pinned (pinned) until
	// the scan moves on (TOAST chunk scans; see KeepPin).
	keepPin bool
	pinned  buffer.Buffer
	// leafHook, if set, sees the heap TIDs of the entries taken from
	// each leaf while the leaf is still pinned (SetLeafHook); leafTIDs
	// is its reused argument.
	leafHook func(htids []TID) error
	leafTIDs []TID
	// predicateLock, if set, takes a serializable transaction's SIREAD
	// lock on each leaf the scan reads, with the leaf locked
	// (PredicateLockPage in _bt_readpage's callers), or on the whole
	// index (InvalidBlock) when it is empty.
	predicateLock func(blk storage.BlockNumber) error
}

// SetPredicateLock makes the scan call lock with every leaf it reads
// (while the leaf is locked, so that no split or insertion slips in
// between), and with storage.InvalidBlock when the tree has no leaf.
// Call it before the first Next.
func (sc *Scan) SetPredicateLock(lock func(blk storage.BlockNumber) error) { sc.predicateLock = lock }

// KeepPin makes the scan keep the pin of the leaf whose entries it is
// returning until it moves to the next leaf or ends, as PostgreSQL's
// scans under a non-MVCC snapshot do (_bt_drop_lock_and_maybe_pin):
// VACUUM takes each leaf's cleanup lock, so it cannot remove an entry
// and free the heap row it names before the caller has read the row.
// The caller must Close the scan, whatever happens: nothing else
// releases the pin. Call it before the first Next.
func (sc *Scan) KeepPin() { sc.keepPin = true }

// SetLeafHook makes the scan call hook with the heap TIDs of the
// entries it takes from each leaf, in the order Next will return them,
// after the leaf's lock is released and before its pin is. While the
// pin is held VACUUM cannot remove any of the leaf's entries (it takes
// each leaf's cleanup lock), and so cannot free their rows either: what
// hook learns about those rows then (an index-only scan: whether the
// visibility map shows their pages all-visible) holds for the entries
// returned later, without a pin outliving the call into the scan that
// read the leaf, which nothing would release if the caller stopped
// early. An error from hook ends the scan's step with that error. Call
// it before the first Next. Index returns the entry's place in the
// slice hook was given last.
func (sc *Scan) SetLeafHook(hook func(htids []TID) error) { sc.leafHook = hook }

// Index is the position of the entry Next returned last among the
// entries of its leaf, as the leaf hook was given them.
func (sc *Scan) Index() int { return sc.pos }

// dropPin releases the kept leaf pin, if any.
func (sc *Scan) dropPin() {
	if sc.pinned != buffer.InvalidBuffer {
		sc.e.Pool.Release(sc.pinned)
		sc.pinned = buffer.InvalidBuffer
	}
}

// BeginScan starts a scan of ix for entries matching every key, in
// direction dir (btbeginscan + btrescan).
func BeginScan(e *Env, ix *Index, keys []ScanKey, dir Direction) (*Scan, error) {
	sc := &Scan{e: e, ix: ix, s: newSearcher(e, ix), dir: dir, ok: true, vals: make([]types.Datum, ix.natts())}
	for _, k := range keys {
		if k.Column < 0 || k.Column >= ix.nkeys() || k.Strategy < Less || k.Strategy > IsNotNull {
			return nil, pgerr.Newf(pgerr.InternalError, "invalid scan key for index \"%s\": column %d strategy %d", ix.Name, k.Column, k.Strategy)
		}
		pk := preparedKey{ScanKey: k, idxStrat: k.Strategy}
		switch {
		case k.Strategy == IsNull:
			// = NULL in index order (_bt_fix_scankey_strategy)
			pk.idxStrat, pk.Arg = Equal, types.Null
		case k.Strategy == IsNotNull:
			// beyond the NULLs: > NULL when they come first, else < NULL
			pk.idxStrat, pk.Arg = Less, types.Null
			if ix.Keys[k.Column].NullsFirst {
				pk.idxStrat = Greater
			}
		case k.Arg.IsNull():
			sc.ok = false
		case ix.Keys[k.Column].Desc:
			pk.idxStrat = k.Strategy.commute()
		}
		sc.keys = append(sc.keys, pk)
	}
	// Keys on the leading columns up to the first column without an =
	// key are required: once one fails in its direction, none of the
	// entries further on can match.
	for col := 0; col < ix.nkeys(); col++ {
		hasEq, any := false, false
		for i := range sc.keys {
			k := &sc.keys[i]
			if k.Column != col {
				continue
			}
			any = true
			switch k.idxStrat {
			case Equal:
				hasEq = true
				k.reqFwd, k.reqBkw = true, true
			case Less, LessEqual:
				k.reqFwd = true
			default:
				k.reqBkw = true
			}
		}
		if !any || !hasEq {
			break
		}
	}
	return sc, nil
}

// Next returns the next matching entry's heap TID, or false at the end.
func (sc *Scan) Next() (TID, bool, error) {
	if !sc.ok || sc.done {
		return TID{}, false, nil
	}
	if !sc.started {
		sc.started = true
		if err := sc.first(); err != nil {
			return TID{}, false, err
		}
	} else {
		sc.pos++
	}
	for sc.pos >= len(sc.items) {
		if sc.sibling == pNone {
			sc.killItems()
			sc.done = true
			sc.dropPin()
			return TID{}, false, nil
		}
		if err := sc.step(); err != nil {
			return TID{}, false, err
		}
	}
	return sc.items[sc.pos].htid, true, nil
}

// SameBlock appends to dst the heap TIDs of the entries that follow the
// one Next returned last, in the scan's order, as long as they point
// into the same heap block, among the entries the scan holds already
// (the current leaf page's): nothing is read. A heap fetch reads their
// rows under one pin of that block; Next returns them next.
func (sc *Scan) SameBlock(dst []TID) []TID {
	if !sc.started || sc.done || sc.pos >= len(sc.items) {
		return dst
	}
	blk := sc.items[sc.pos].htid.Block
	for i := sc.pos + 1; i < len(sc.items) && sc.items[i].htid.Block == blk; i++ {
		dst = append(dst, sc.items[i].htid)
	}
	return dst
}

// Values decodes the key values of the entry Next returned last (for
// index-only scans). They stay valid after further calls.
func (sc *Scan) Values() ([]types.Datum, error) {
	if sc.pos >= len(sc.items) {
		return nil, pgerr.New(pgerr.InternalError, "no current index entry")
	}
	out := make([]types.Datum, sc.ix.natts())
	if _, err := sc.s.dec.decode(sc.items[sc.pos].t, out, true); err != nil {
		return nil, err
	}
	return out, nil
}

// KillPrior tells the scan that the entry Next returned last points to a
// row dead to every transaction (kill_prior_tuple): when the scan leaves
// the page, the entry is marked LP_DEAD if the page has not changed, and
// scans and uniqueness checks skip it from then on.
func (sc *Scan) KillPrior() {
	if sc.pos < len(sc.items) {
		sc.killed = append(sc.killed, sc.pos)
	}
}

// Close ends the scan.
func (sc *Scan) Close() {
	sc.killItems()
	sc.items = nil
	sc.done = true
	sc.dropPin()
}

// first is _bt_first: position on the first matching entry's page.
func (sc *Scan) first() error {
	e, ix := sc.e, sc.ix
	fwd := sc.dir == Forward
	var vals []types.Datum
	stratTotal := Equal
	for col := 0; col < ix.nkeys(); col++ {
		var chosen *preparedKey
		for i := range sc.keys {
			k := &sc.keys[i]
			if k.Column != col {
				continue
			}
			switch {
			case k.idxStrat == Equal:
				chosen = k
			case chosen != nil && chosen.idxStrat == Equal:
			case fwd && (k.idxStrat == Greater || k.idxStrat == GreaterEqual),
				!fwd && (k.idxStrat == Less || k.idxStrat == LessEqual):
				if chosen == nil || sc.tighter(k, chosen) {
					chosen = k
				}
			}
		}
		if chosen == nil {
			break
		}
		vals = append(vals, chosen.Arg)
		if chosen.idxStrat != Equal {
			stratTotal = chosen.idxStrat
			if stratTotal == Greater || stratTotal == Less {
				break
			}
		}
	}
	if len(vals) == 0 {
		return sc.endpoint()
	}
	key := &scanKey{vals: vals}
	goBack := false
	switch stratTotal {
	case Less:
		goBack = true
	case LessEqual:
		key.nextkey, goBack = true, true
	case Equal:
		if !fwd {
			key.nextkey, goBack = true, true
		}
	case Greater:
		key.nextkey = true
	}
	buf, _, err := sc.s.search(key, false)
	if err != nil {
		return err
	}
	if !valid(buf) {
		sc.sibling = pNone
		return sc.lockEmpty()
	}
	off, err := sc.s.binsrch(key, e.page(buf))
	if err != nil {
		e.Pool.UnlockRelease(buf)
		return err
	}
	if goBack {
		off--
	}
	return sc.readPage(buf, off)
}

// lockEmpty locks the whole index for a scan that found no leaf: an
// insertion will create one (_bt_first's PredicateLockRelation).
func (sc *Scan) lockEmpty() error {
	if sc.predicateLock == nil {
		return nil
	}
	return sc.predicateLock(storage.InvalidBlock)
}

// tighter reports whether k is a stricter start bound than c (same
// column, same direction).
func (sc *Scan) tighter(k, c *preparedKey) bool {
	r := sc.ix.Keys[k.Column].compare(k.Arg, c.Arg)
	if sc.dir == Forward {
		return r > 0 || r == 0 && k.idxStrat == Greater
	}
	return r < 0 || r == 0 && k.idxStrat == Less
}

// endpoint is _bt_endpoint: start at the first or last leaf.
func (sc *Scan) endpoint() error {
	e := sc.e
	buf, err := e.getEndpoint(sc.ix, 0, sc.dir == Backward, buffer.Share)
	if err != nil {
		return err
	}
	if !valid(buf) {
		sc.sibling = pNone
		return sc.lockEmpty()
	}
	p := e.page(buf)
	off := opaqueOf(p).firstDataKey()
	if sc.dir == Backward {
		off = p.MaxOffset()
	}
	return sc.readPage(buf, off)
}

// readPage is _bt_readpage: copy the matching items of the locked leaf
// buf from off on in the scan's direction, then let go of it.
func (sc *Scan) readPage(buf buffer.Buffer, off page.OffsetNumber) (err error) {
	e := sc.e
	defer func() {
		if sc.leafHook != nil {
			e.Pool.LockBuffer(buf, buffer.Unlock)
			if err == nil && len(sc.items) > 0 {
				sc.leafTIDs = sc.leafTIDs[:0]
				for i := range sc.items {
					sc.leafTIDs = append(sc.leafTIDs, sc.items[i].htid)
				}
				if err = sc.leafHook(sc.leafTIDs); err != nil {
					sc.sibling = pNone
				}
			}
			e.Pool.Release(buf)
			return
		}
		if !sc.keepPin {
			e.Pool.UnlockRelease(buf)
			return
		}
		e.Pool.LockBuffer(buf, buffer.Unlock)
		sc.dropPin()
		sc.pinned = buf
	}()
	p := e.page(buf)
	o := opaqueOf(p)
	sc.items, sc.pos, sc.killed = sc.items[:0], 0, sc.killed[:0]
	sc.cur, sc.lsn = e.Pool.BlockNumber(buf), p.LSN()
	if sc.predicateLock != nil {
		if err := sc.predicateLock(sc.cur); err != nil {
			sc.sibling = pNone
			return err
		}
	}
	fwd := sc.dir == Forward
	if fwd {
		sc.sibling = o.next()
	} else {
		sc.sibling = o.prev()
	}
	minOff, maxOff := o.firstDataKey(), p.MaxOffset()
	if fwd && off < minOff {
		off = minOff
	}
	for ; off >= minOff && off <= maxOff; off = step(off, fwd) {
		if p.ItemId(off).IsDead() {
			continue
		}
		t := itemAt(p, off)
		if _, err := sc.s.dec.decode(t, sc.vals, false); err != nil {
			return err
		}
		match, cont := sc.checkKeys(sc.vals, len(sc.vals))
		if match {
			htid, _ := t.heapTID()
			sc.items = append(sc.items, scanItem{off: off, htid: htid, t: append(itup(nil), t...)})
		}
		if !cont {
			sc.sibling = pNone
			return nil
		}
	}
	// Going right, the high key tells whether the next page can hold
	// anything: a required key it fails fails there too. Keys on its
	// truncated attributes are skipped.
	if fwd && !o.isRightmost() {
		n, err := sc.s.dec.decode(itemAt(p, pHikey), sc.vals, false)
		if err != nil {
			return err
		}
		if _, cont := sc.checkKeys(sc.vals, n); !cont {
			sc.sibling = pNone
		}
	}
	return nil
}

func step(off page.OffsetNumber, fwd bool) page.OffsetNumber {
	if fwd {
		return off + 1
	}
	return off - 1
}

// checkKeys is _bt_checkkeys: whether vals (natts of them) match every
// key, and whether the scan can go on (a required key failed: nothing
// further can match).
func (sc *Scan) checkKeys(vals []types.Datum, natts int) (match, cont bool) {
	fwd := sc.dir == Forward
	for i := range sc.keys {
		k := &sc.keys[i]
		if k.Column >= natts {
			continue // truncated away in a high key
		}
		v := vals[k.Column]
		if k.Strategy == IsNull || k.Strategy == IsNotNull {
			if v.IsNull() == (k.Strategy == IsNull) {
				continue
			}
			if (k.reqFwd && fwd) || (k.reqBkw && !fwd) {
				return false, false
			}
			return false, true
		}
		if v.IsNull() {
			// NULLs sort at one end: past them in the scan's direction,
			// a required key can match nothing more.
			if sc.ix.Keys[k.Column].NullsFirst {
				if (k.reqFwd || k.reqBkw) && !fwd {
					return false, false
				}
			} else if (k.reqFwd || k.reqBkw) && fwd {
				return false, false
			}
			return false, true
		}
		if !k.Strategy.holds(sc.ix.Keys[k.Column].Compare(v, k.Arg)) {
			if (k.reqFwd && fwd) || (k.reqBkw && !fwd) {
				return false, false
			}
			return false, true
		}
	}
	return true, true
}

// step is _bt_steppage: read the next page in the scan's direction.
func (sc *Scan) step() error {
	e, ix := sc.e, sc.ix
	sc.killItems()
	if err := e.interrupt(); err != nil {
		return err
	}
	if sc.dir == Forward {
		blk := sc.sibling
		for {
			buf, err := e.getBuf(ix, blk, buffer.Share)
			if err != nil {
				return err
			}
			o := opaqueOf(e.page(buf))
			if !o.ignore() {
				return sc.readPage(buf, o.firstDataKey())
			}
			blk = o.next()
			e.Pool.UnlockRelease(buf)
			if blk == pNone {
				sc.items, sc.pos, sc.sibling = sc.items[:0], 0, pNone
				return nil
			}
		}
	}
	cur, lblk := sc.cur, sc.sibling
	for {
		buf, err := sc.walkLeft(cur, lblk)
		if err != nil {
			return err
		}
		if !valid(buf) {
			sc.items, sc.pos, sc.sibling = sc.items[:0], 0, pNone
			return nil
		}
		p := e.page(buf)
		o := opaqueOf(p)
		if !o.ignore() {
			return sc.readPage(buf, p.MaxOffset())
		}
		// Half-dead: no entries; go on left of it.
		cur, lblk = e.Pool.BlockNumber(buf), o.prev()
		e.Pool.UnlockRelease(buf)
	}
}

// walkLeft is _bt_walk_left: lock the page left of cur that is not
// deleted (it may be half-dead), or return InvalidBuffer at the left
// end. lblk was cur's left link when cur was read. If lblk has split
// since, the page left of cur is to its right (a few hops); if none is
// found there, cur itself may have been deleted: then the first live
// page right of it took its keys, and the walk starts again from there.
func (sc *Scan) walkLeft(cur, lblk storage.BlockNumber) (buffer.Buffer, error) {
	e, ix := sc.e, sc.ix
	for {
		if lblk == pNone {
			return buffer.InvalidBuffer, nil
		}
		if err := e.interrupt(); err != nil {
			return buffer.InvalidBuffer, err
		}
		buf, err := e.getBuf(ix, lblk, buffer.Share)
		if err != nil {
			return buffer.InvalidBuffer, err
		}
		for tries := 0; ; tries++ {
			o := opaqueOf(e.page(buf))
			if !o.isDeleted() && o.next() == cur {
				return buf, nil
			}
			if o.isRightmost() || tries >= 4 {
				break
			}
			if buf, err = e.relAndGetBuf(ix, buf, o.next(), buffer.Share); err != nil {
				return buffer.InvalidBuffer, err
			}
		}
		// Back to cur to see what happened.
		if buf, err = e.relAndGetBuf(ix, buf, cur, buffer.Share); err != nil {
			return buffer.InvalidBuffer, err
		}
		o := opaqueOf(e.page(buf))
		if o.isDeleted() {
			for o.isDeleted() {
				if o.isRightmost() {
					e.Pool.UnlockRelease(buf)
					return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "fell off the end of index \"%s\"", ix.Name)
				}
				if err := e.interrupt(); err != nil {
					e.Pool.UnlockRelease(buf)
					return buffer.InvalidBuffer, err
				}
				if buf, err = e.relAndGetBuf(ix, buf, o.next(), buffer.Share); err != nil {
					return buffer.InvalidBuffer, err
				}
				o = opaqueOf(e.page(buf))
			}
		} else if o.prev() == lblk {
			e.Pool.UnlockRelease(buf)
			return buffer.InvalidBuffer, pgerr.Newf(pgerr.InternalError, "could not find left sibling of block %d in index \"%s\"", cur, ix.Name)
		}
		cur, lblk = e.Pool.BlockNumber(buf), o.prev()
		e.Pool.UnlockRelease(buf)
	}
}

// killItems is _bt_killitems: mark the killed entries of the current
// page LP_DEAD, if the page is unchanged since it was read (same LSN)
// and each entry still points to the same heap tuple.
func (sc *Scan) killItems() {
	if len(sc.killed) == 0 {
		return
	}
	e := sc.e
	killed := sc.killed
	sc.killed = sc.killed[:0]
	buf, err := e.getBuf(sc.ix, sc.cur, buffer.Share)
	if err != nil {
		return // only a hint
	}
	defer e.Pool.UnlockRelease(buf)
	p := e.page(buf)
	// A deleted page changes its LSN, except in an index without WAL:
	// its tombstone has no entries to mark.
	if p.LSN() != sc.lsn || opaqueOf(p).ignore() {
		return
	}
	for _, i := range killed {
		it := sc.items[i]
		if it.off > p.MaxOffset() {
			continue
		}
		if htid, _ := itemAt(p, it.off).heapTID(); htid == it.htid {
			e.setItemDead(buf, it.off)
		}
	}
}
