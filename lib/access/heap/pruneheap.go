// Pruning a heap page (PostgreSQL 15's pruneheap.c): the row versions
// every transaction now sees as dead lose their storage. A dead tuple
// that indexes may point at keeps its line pointer, marked LP_DEAD,
// until VACUUM has removed the index entries (vacuumlazy.go); dead
// members of a HOT chain (heap-only tuples, which no index entry points
// at) become LP_UNUSED at once, and the chain's root line pointer is
// redirected to the first member still needed. The page is then
// compacted (PageRepairFragmentation).
//
// Pruning moves tuples on the page, so it needs the cleanup lock: the
// page locked exclusively and pinned by nobody else, since a pin
// entitles its holder to keep pointers into the page. It runs in two
// places: VACUUM's first pass, and any reader of a page whose
// pd_prune_xid says a deleter committed long enough ago and whose free
// space is low (PruneOpt, heap_page_prune_opt), which takes the cleanup
// lock only if it can without waiting.
//
// Every pruning is logged as XLOG_HEAP2_PRUNE (block 0 the page; its
// data the redirected pairs, the offsets made dead, the offsets made
// unused), replayed by the same routine.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
)

// HTSV is HeapTupleSatisfiesVacuum's answer: what a row version is to
// every transaction, given the vacuum horizon (the oldest xmin any
// snapshot may still hold).
type HTSV int8

const (
	// HTSVDead: no transaction can see it any more (its inserter
	// aborted, or its deleter committed before the horizon).
	HTSVDead HTSV = iota
	// HTSVLive: visible to new snapshots.
	HTSVLive
	// HTSVRecentlyDead: deleted by a committed transaction some snapshot
	// may still not see as committed.
	HTSVRecentlyDead
	// HTSVInsertInProgress: its inserter is still running.
	HTSVInsertInProgress
	// HTSVDeleteInProgress: its deleter is still running.
	HTSVDeleteInProgress
)

// htsv classifies a tuple against horizon (HeapTupleSatisfiesVacuum
// with a horizon, for tuples whose xmax is a plain transaction id). The
// caller holds the buffer's content lock; hint bits may be set. A
// transaction of the calling process counts as running, as any other.
func (e *Env) htsv(h tuple.Header, buf buffer.Buffer, horizon transam.TransactionId) (HTSV, error) {
	m := h.Infomask()
	if !xminCommitted(h) {
		if xminInvalid(h) {
			return HTSVDead, nil
		}
		xmin := rawXmin(h)
		if !xmin.IsValid() || m&heapMoved != 0 {
			return HTSVDead, nil // a speculative insertion taken back (xmin set invalid)
		}
		running, committed, err := e.xidStatus(xmin)
		switch {
		case err != nil:
			return HTSVLive, err
		case running:
			// Whether it also deleted it matters to nobody: others must
			// wait for (or ignore) the inserter either way.
			return HTSVInsertInProgress, nil
		case !committed:
			e.setHintBits(h, buf, tuple.XminInvalid, transam.InvalidTransactionId)
			return HTSVDead, nil
		}
		e.setHintBits(h, buf, tuple.XminCommitted, xmin)
	}
	// The inserter committed.
	m = h.Infomask()
	if m&tuple.XmaxInvalid != 0 || xmaxIsLockedOnly(m) {
		return HTSVLive, nil
	}
	if xmaxIsMulti(m) {
		// The updating member decides; lockers still running keep the
		// multixact, but not the tuple, alive (they also lock the newer
		// version).
		xmax, err := e.updateXidErr(h)
		if err != nil {
			return HTSVLive, err
		}
		running, committed, err := e.xidStatus(xmax)
		switch {
		case err != nil:
			return HTSVLive, err
		case running:
			return HTSVDeleteInProgress, nil
		case committed:
			if !transam.TransactionIdPrecedes(xmax, horizon) {
				return HTSVRecentlyDead, nil
			}
			return HTSVDead, nil
		}
		if lockers, err := e.multiIsRunning(transam.MultiXactId(rawXmax(h)), transam.CurrentXids{}); err != nil || lockers {
			return HTSVLive, err
		}
		e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
		return HTSVLive, nil
	}
	xmax := rawXmax(h)
	if m&tuple.XmaxCommitted == 0 {
		running, committed, err := e.xidStatus(xmax)
		switch {
		case err != nil:
			return HTSVLive, err
		case running:
			return HTSVDeleteInProgress, nil
		case !committed:
			e.setHintBits(h, buf, tuple.XmaxInvalid, transam.InvalidTransactionId)
			return HTSVLive, nil
		}
		e.setHintBits(h, buf, tuple.XmaxCommitted, xmax)
	}
	// The deleter committed: dead to every snapshot only once it committed
	// before the oldest xmin any of them holds.
	if xmax.IsNormal() && !transam.TransactionIdPrecedes(xmax, horizon) {
		return HTSVRecentlyDead, nil
	}
	return HTSVDead, nil
}

// advanceLatestRemoved is HeapTupleHeaderAdvanceLatestRemovedXid: the
// newest deleter among removed tuples is the conflict horizon of the
// pruning's WAL record (for standbys). Tuples whose inserter aborted, or
// that their inserter deleted, add nothing.
func (e *Env) advanceLatestRemoved(h tuple.Header, latest *transam.TransactionId) {
	xmin, xmax := rawXmin(h), e.updateXid(h)
	committed := xminCommitted(h)
	if !committed && !xminInvalid(h) && xmin.IsNormal() {
		committed, _ = e.didCommit(xmin)
	}
	if committed && xmax != xmin && xmax.IsNormal() && (!latest.IsValid() || transam.TransactionIdFollows(xmax, *latest)) {
		*latest = xmax
	}
}

// PruneResult is what a pruning did and found on a page.
type PruneResult struct {
	// Removed counts the tuples whose storage pruning took (heap_page_prune's
	// return value): dead roots made LP_DEAD or dead heap-only tuples
	// made unused.
	Removed int
	// LatestRemoved is the newest deleter among them.
	LatestRemoved transam.TransactionId
	// NewlyDead counts the line pointers made LP_DEAD (heap_page_prune's
	// nnewlpdead): their tuples are gone but VACUUM still has to reclaim
	// the line pointers.
	NewlyDead int
	// Changed is set when the page was modified (and logged).
	Changed bool
}

// pruneState is heap_page_prune's PruneState: the plan, then executed at
// once under one critical section.
type pruneState struct {
	horizon      transam.TransactionId
	newPruneXid  transam.TransactionId
	latest       transam.TransactionId
	redirected   []page.OffsetNumber // pairs: from, to
	nowDead      []page.OffsetNumber
	nowUnused    []page.OffsetNumber
	marked       [page.MaxHeapTuplesPerPage + 1]bool
	states       [page.MaxHeapTuplesPerPage + 1]HTSV
	hasState     [page.MaxHeapTuplesPerPage + 1]bool
	chain        []page.OffsetNumber
	rel          *Relation
	blk          storage.BlockNumber
	removedCount int
}

func (ps *pruneState) recordPrunable(xid transam.TransactionId) {
	if xid.IsNormal() && (!ps.newPruneXid.IsValid() || transam.TransactionIdPrecedes(xid, ps.newPruneXid)) {
		ps.newPruneXid = xid
	}
}

func (ps *pruneState) recordRedirect(from, to page.OffsetNumber) {
	ps.redirected = append(ps.redirected, from, to)
	ps.marked[from], ps.marked[to] = true, true
}

func (ps *pruneState) recordDead(off page.OffsetNumber) {
	ps.nowDead = append(ps.nowDead, off)
	ps.marked[off] = true
}

func (ps *pruneState) recordUnused(off page.OffsetNumber) {
	ps.nowUnused = append(ps.nowUnused, off)
	ps.marked[off] = true
}

// PrunePage prunes the page of buf, which the caller holds with a
// cleanup lock, against horizon (heap_page_prune). The page is changed
// and logged only if something is removed or a line pointer redirected;
// otherwise pd_prune_xid and PD_PAGE_FULL are refreshed as hints.
func PrunePage(env *Env, rel *Relation, buf buffer.Buffer, horizon transam.TransactionId) (PruneResult, error) {
	e := env
	p := page.Page(e.Pool.Page(buf))
	ps := &pruneState{horizon: horizon, rel: rel, blk: e.Pool.BlockNumber(buf)}
	maxOff := p.MaxOffset()
	// Classify every tuple first, as PostgreSQL does, so that a chain's
	// members are judged consistently however they are reached.
	for off := page.FirstOffset; off <= maxOff; off++ {
		id := p.ItemId(off)
		if !id.IsNormal() {
			continue
		}
		st, err := e.htsv(tuple.Header(p.Item(off)), buf, horizon)
		if err != nil {
			return PruneResult{}, err
		}
		ps.states[off], ps.hasState[off] = st, true
	}
	for off := page.FirstOffset; off <= maxOff; off++ {
		if ps.marked[off] {
			continue
		}
		id := p.ItemId(off)
		if !id.IsUsed() || id.IsDead() {
			continue
		}
		ps.pruneChain(e, p, off)
	}
	res := PruneResult{Removed: ps.removedCount, LatestRemoved: ps.latest, NewlyDead: len(ps.nowDead)}
	if len(ps.redirected) == 0 && len(ps.nowDead) == 0 && len(ps.nowUnused) == 0 {
		// Nothing to remove: keep the hints up to date without WAL.
		if transam.TransactionId(p.PruneXid()) != ps.newPruneXid || p.IsFull() {
			p.SetPruneXid(uint32(ps.newPruneXid))
			p.SetFull(false)
			e.Pool.MarkDirtyHint(buf)
		}
		return res, nil
	}
	e.Owner.EnterCritical()
	if err := executePrune(p, ps.redirected, ps.nowDead, ps.nowUnused); err != nil {
		return res, walPanic(err)
	}
	p.SetPruneXid(uint32(ps.newPruneXid))
	p.SetFull(false)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		rb := e.recordOf(xlog.RmgrHeap2, XLogHeap2Prune)
		var main [sizeOfHeapPrune]byte
		le.PutUint32(main[0:], uint32(ps.latest))
		le.PutUint16(main[4:], uint16(len(ps.redirected)/2))
		le.PutUint16(main[6:], uint16(len(ps.nowDead)))
		rb.SetMainData(main[:])
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, ps.blk, p, xlog.RegBufStandard)
		data := make([]byte, 0, 2*(len(ps.redirected)+len(ps.nowDead)+len(ps.nowUnused)))
		for _, list := range [][]page.OffsetNumber{ps.redirected, ps.nowDead, ps.nowUnused} {
			for _, off := range list {
				data = le.AppendUint16(data, uint16(off))
			}
		}
		rb.RegisterBufData(0, data)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return res, walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	res.Changed = true
	return res, nil
}

// pruneChain is heap_prune_chain: follow the HOT chain starting at root,
// decide which members are dead to everyone, and plan to make the dead
// ones unused and the root a redirect to the first survivor (or LP_DEAD
// when none survives). A plain tuple (not HOT-updated) is a chain of one.
func (ps *pruneState) pruneChain(e *Env, p page.Page, root page.OffsetNumber) {
	rootID := p.ItemId(root)
	if rootID.IsNormal() {
		h := tuple.Header(p.Item(root))
		if h.Infomask2()&tuple.OnlyTuple != 0 {
			// A heap-only tuple reached not from its chain's root: if it
			// is dead and ends its chain, its root was pruned when it
			// was not yet dead (its inserter aborted); free it.
			if ps.states[root] == HTSVDead && h.Infomask2()&tuple.HotUpdated == 0 {
				ps.recordUnused(root)
				e.advanceLatestRemoved(h, &ps.latest)
				ps.removedCount++
			}
			return
		}
	}
	chain := ps.chain[:0]
	var latestDead page.OffsetNumber
	var priorXmax transam.TransactionId
	maxOff := p.MaxOffset()
	for off := root; off >= page.FirstOffset && off <= maxOff; {
		if ps.marked[off] {
			break
		}
		id := p.ItemId(off)
		if !id.IsUsed() || id.IsDead() {
			break
		}
		if id.IsRedirect() {
			if len(chain) > 0 {
				break // a redirect not at the chain's root
			}
			chain = append(chain, off)
			off = id.RedirectTarget()
			continue
		}
		h := tuple.Header(p.Item(off))
		if priorXmax.IsValid() && rawXmin(h) != priorXmax {
			break // the chain was broken: this slot holds another tuple
		}
		chain = append(chain, off)
		dead, recentlyDead := false, false
		switch ps.states[off] {
		case HTSVDead:
			dead = true
		case HTSVRecentlyDead:
			recentlyDead = true
			ps.recordPrunable(e.updateXid(h))
		case HTSVDeleteInProgress:
			ps.recordPrunable(e.updateXid(h))
		}
		if dead {
			latestDead = off
			e.advanceLatestRemoved(h, &ps.latest)
		} else if !recentlyDead {
			break
		}
		if h.Infomask2()&tuple.HotUpdated == 0 {
			break
		}
		next := ctid(h)
		if next.Block != ps.blk {
			break
		}
		off = next.Offset
		priorXmax = e.updateXid(h)
	}
	ps.chain = chain
	if latestDead != page.InvalidOffset {
		// Every member up to the last dead one goes (a member after a dead
		// one was inserted by a transaction that committed before the
		// dead one's deleter, so is at least recently dead itself).
		i := 1
		for ; i < len(chain) && chain[i-1] != latestDead; i++ {
			ps.recordUnused(chain[i])
			ps.removedCount++
		}
		// A root that held a tuple counts as removed whether it becomes
		// dead or a redirect; changing a redirect does not count
		// (heap_prune_chain's ndeleted).
		if rootID.IsNormal() {
			ps.removedCount++
		}
		if i >= len(chain) {
			ps.recordDead(root)
		} else {
			ps.recordRedirect(root, chain[i])
		}
	} else if len(chain) < 2 && rootID.IsRedirect() {
		// A redirect whose chain is gone (its members were removed by an
		// earlier pruning after their inserter aborted).
		ps.recordDead(root)
	}
}

// executePrune is heap_page_prune_execute: apply the plan and compact.
func executePrune(p page.Page, redirected, nowDead, nowUnused []page.OffsetNumber) error {
	for i := 0; i+1 < len(redirected); i += 2 {
		p.SetRedirect(redirected[i], redirected[i+1])
	}
	for _, off := range nowDead {
		p.SetDead(off)
	}
	for _, off := range nowUnused {
		p.SetUnused(off)
	}
	if err := p.RepairFragmentation(); err != nil {
		return err
	}
	return nil
}

// sizeOfHeapPrune is SizeOfHeapPrune: xl_heap_prune's latestRemovedXid
// u32, nredirected u16, ndead u16.
const sizeOfHeapPrune = 8

// redoPrune is heap_xlog_prune.
func redoPrune(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfHeapPrune {
		return redoPanic("heap2 prune record is too short")
	}
	nredirected := int(le.Uint16(rec.MainData[4:]))
	ndead := int(le.Uint16(rec.MainData[6:]))
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	ref := rec.Block(0)
	data := ref.Data
	if len(data)%2 != 0 || len(data) < 2*(2*nredirected+ndead) {
		return redoPanic("heap2 prune record has %d bytes of offsets", len(data))
	}
	offs := make([]page.OffsetNumber, len(data)/2)
	for i := range offs {
		offs[i] = page.OffsetNumber(le.Uint16(data[2*i:]))
	}
	p := page.Page(rb.Page())
	if err := executePrune(p, offs[:2*nredirected], offs[2*nredirected:2*nredirected+ndead], offs[2*nredirected+ndead:]); err != nil {
		return pgerr.As(err).WithSeverity(pgerr.SeverityPanic)
	}
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}

// PruneOpt is heap_page_prune_opt, called by readers with buf pinned but
// not locked: prune the page if a deleter named in pd_prune_xid has
// committed before the horizon and the page is short of room (below a
// tenth of a page, or the room fillfactor keeps free), and only if the
// cleanup lock is free at once. horizon is asked for only when needed.
func PruneOpt(env *Env, rel *Relation, buf buffer.Buffer, horizon func() transam.TransactionId) error {
	e := env
	p := page.Page(e.Pool.Page(buf))
	pruneXid := transam.TransactionId(p.PruneXid())
	if !pruneXid.IsNormal() {
		return nil
	}
	minFree := max(page.Size*(100-rel.fillFactor())/100, page.Size/10)
	// An unlocked read of the page header: a stale answer only means
	// pruning now or later; it is checked again under the lock.
	if !p.IsFull() && p.HeapFreeSpace() >= minFree {
		return nil
	}
	h := horizon()
	if !transam.TransactionIdPrecedes(pruneXid, h) {
		return nil
	}
	if !e.Pool.ConditionalLockBufferForCleanup(buf) {
		return nil
	}
	defer e.Pool.LockBuffer(buf, buffer.Unlock)
	if p.IsFull() || p.HeapFreeSpace() < minFree {
		res, err := PrunePage(e, rel, buf, h)
		if err != nil {
			return err
		}
		if res.Removed > res.NewlyDead && e.Reclaimed != nil {
			e.Reclaimed(rel, res.Removed-res.NewlyDead)
		}
	}
	return nil
}

// rootOffsets is heap_get_root_tuples: for each normal tuple of p, the
// line pointer that starts its HOT chain (itself for a tuple that is not
// heap-only), the one an index entry for the row names;
// page.InvalidOffset for a heap-only tuple no chain reaches. nil when the
// page has no heap-only tuple, so every tuple is its own root.
func (e *Env) rootOffsets(p page.Page) []page.OffsetNumber {
	maxOff := p.MaxOffset()
	hasHOT := false
	for off := page.FirstOffset; off <= maxOff && !hasHOT; off++ {
		id := p.ItemId(off)
		hasHOT = id.IsRedirect() || id.IsNormal() && tuple.Header(p.Item(off)).Infomask2()&tuple.OnlyTuple != 0
	}
	if !hasHOT {
		return nil
	}
	roots := make([]page.OffsetNumber, maxOff+1)
	for off := page.FirstOffset; off <= maxOff; off++ {
		id := p.ItemId(off)
		var next page.OffsetNumber
		var priorXmax transam.TransactionId
		switch {
		case id.IsNormal():
			h := tuple.Header(p.Item(off))
			if h.Infomask2()&tuple.OnlyTuple != 0 {
				continue // reached from its root
			}
			roots[off] = off
			if h.Infomask2()&tuple.HotUpdated == 0 {
				continue
			}
			next, priorXmax = ctid(h).Offset, e.updateXid(h)
		case id.IsRedirect():
			next = id.RedirectTarget()
		default:
			continue
		}
		for next >= page.FirstOffset && next <= maxOff {
			nid := p.ItemId(next)
			if !nid.IsNormal() {
				break
			}
			h := tuple.Header(p.Item(next))
			if priorXmax.IsValid() && rawXmin(h) != priorXmax {
				break
			}
			roots[next] = off
			if h.Infomask2()&tuple.HotUpdated == 0 {
				break
			}
			next, priorXmax = ctid(h).Offset, e.updateXid(h)
		}
	}
	return roots
}
