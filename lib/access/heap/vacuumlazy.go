// The heap's share of lazy VACUUM (PostgreSQL 15's vacuumlazy.c,
// lazy_scan_prune, lazy_vacuum_heap_page, count_nondeletable_pages):
//
//  1. ScanPage prunes each page under a cleanup lock and reports what
//     remains: live and recently dead tuples, and the LP_DEAD line
//     pointers whose index entries must go before the pointers can be
//     reused.
//  2. The caller removes those entries from every index (nbtree's
//     BulkDelete), then VacuumPage marks the pointers LP_UNUSED, logged
//     as XLOG_HEAP2_VACUUM. A table without indexes has this done on
//     each page right after its pruning.
//  3. NondeletablePages finds how many pages at the end are empty, for
//     the caller to truncate.
//
// Only transactions that committed before the horizon (the oldest xmin
// of any running transaction or snapshot) are final enough to remove
// what they deleted.

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

// ScanResult is what VACUUM's first pass found on one page
// (LVPagePruneState and lazy_scan_prune's counters).
type ScanResult struct {
	// Removed counts the tuples pruning removed (tuples_deleted).
	Removed int
	// Live counts live tuples and those being deleted; RecentlyDead,
	// the dead ones some snapshot may still see.
	Live, RecentlyDead int
	// DeadItems are the LP_DEAD line pointers left, whose index entries
	// must be removed before VacuumPage frees them. Empty for a table
	// without indexes: they were freed at once (and counted in Freed).
	DeadItems []page.OffsetNumber
	// Freed counts line pointers already made unused in this pass.
	Freed int
	// HasTuples is set when a line pointer with storage or a redirect
	// remains (the page must not be truncated away).
	HasTuples bool
	// AllVisible is set when every tuple left is visible to every
	// transaction and no dead line pointer remains; VisibilityCutoff is
	// then the newest inserter among them.
	AllVisible       bool
	VisibilityCutoff transam.TransactionId
	// FreeSpace is the page's room for new tuples after pruning.
	FreeSpace int
	// New is set for a page never initialised (all zeroes): it is
	// initialised and counted as empty.
	New bool
	// Frozen counts the tuples frozen; AllFrozen is set when every tuple
	// left is totally frozen. OldestXid is the oldest xid left in a
	// tuple of the page, or the horizon if none is older; OldestMulti the
	// oldest multixact, or the cutoffs' OldestMxact if none is older.
	Frozen      int
	AllFrozen   bool
	OldestXid   transam.TransactionId
	OldestMulti transam.MultiXactId
}

// VacuumCutoffs are a VACUUM's limits (vacuum_set_xid_limits): Horizon,
// the oldest xmin any snapshot holds, before which a deleter's commit
// makes a tuple dead to all; FreezeLimit, before which an xmin is
// frozen (invalid: no freezing). MultiCutoff is the multixact freeze
// limit (invalid: multixacts are not rewritten): a multixact xmax older
// than it goes. OldestMxact is the oldest multixact anyone may still
// use, the start of the new relminmxid; RelMinMxid the table's current
// one (a tuple holding an older multixact is corrupt).
type VacuumCutoffs struct {
	Horizon, FreezeLimit     transam.TransactionId
	MultiCutoff, OldestMxact transam.MultiXactId
	RelMinMxid               transam.MultiXactId
}

// ScanPage is lazy_scan_prune for block blk of rel: wait for the cleanup
// lock, prune against the horizon, classify what remains and freeze what
// is older than the freeze limit. With hasIndexes false, the dead line
// pointers are freed at once.
func ScanPage(env *Env, rel *Relation, blk storage.BlockNumber, cut VacuumCutoffs, hasIndexes bool) (ScanResult, error) {
	horizon := cut.Horizon
	e := env
	// The visibility map's page is pinned before the heap page is locked
	// (never read while holding a content lock).
	var vmbuf buffer.Buffer
	defer func() {
		if vmbuf.Valid() {
			e.Pool.Release(vmbuf)
		}
	}()
	if err := VisibilityMapPin(e, rel, blk, &vmbuf); err != nil {
		return ScanResult{}, err
	}
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, blk)
	if err != nil {
		return ScanResult{}, err
	}
	defer e.Pool.Release(buf)
	if err := e.Pool.LockBufferForCleanup(buf); err != nil {
		return ScanResult{}, err
	}
	defer e.Pool.LockBuffer(buf, buffer.Unlock)
	p := page.Page(e.Pool.Page(buf))
	if p.IsNew() {
		// A page extended by an insertion that did not finish (or before a
		// crash): PostgreSQL leaves it to the free space map.
		return ScanResult{New: true, FreeSpace: page.Size - page.HeaderSize, OldestXid: horizon, OldestMulti: cut.OldestMxact}, nil
	}
	var res ScanResult
	for attempt := 0; ; attempt++ {
		pr, err := PrunePage(e, rel, buf, horizon)
		if err != nil {
			return res, err
		}
		res.Removed += pr.Removed
		retry, err := e.classifyPage(p, buf, horizon, &res)
		if err != nil {
			return res, err
		}
		// A tuple found DEAD after pruning: its inserter aborted between
		// the two looks. Prune again (lazy_scan_prune's retry).
		if !retry || attempt > 10 {
			break
		}
	}
	if err := e.freezeTuples(rel, buf, p, cut, &res); err != nil {
		return res, err
	}
	if len(res.DeadItems) > 0 && !hasIndexes {
		if err := e.vacuumLocked(rel, buf, p, res.DeadItems); err != nil {
			return res, err
		}
		res.Freed, res.DeadItems = len(res.DeadItems), nil
	}
	if len(res.DeadItems) > 0 {
		res.AllVisible = false
	}
	if res.AllVisible {
		// Every tuple left is visible to everyone: the page and the map
		// say so (lazy_scan_heap's visibilitymap_set).
		if err := e.markVisible(rel, buf, vmbuf, p, blk, res.VisibilityCutoff, res.AllFrozen); err != nil {
			return res, err
		}
	}
	res.FreeSpace = p.HeapFreeSpace()
	return res, nil
}

// markVisible sets PD_ALL_VISIBLE and the map's bits for a page found
// all-visible (and all-frozen) under an exclusive lock, unless they are
// set already.
func (e *Env) markVisible(rel *Relation, buf, vmbuf buffer.Buffer, p page.Page, blk storage.BlockNumber, cutoff transam.TransactionId, allFrozen bool) error {
	flags := VMAllVisible
	if allFrozen {
		flags |= VMAllFrozen
	}
	status, err := VisibilityMapGetStatus(e, rel, blk, &vmbuf)
	if err != nil {
		return err
	}
	if p.IsAllVisible() && status&flags == flags {
		return nil
	}
	return SetVisible(e, rel, buf, vmbuf, blk, cutoff, flags)
}

// freezeTuples plans and applies the freezing of p's remaining tuples.
func (e *Env) freezeTuples(rel *Relation, buf buffer.Buffer, p page.Page, cut VacuumCutoffs, res *ScanResult) error {
	track := freezeTrack{xid: cut.Horizon, multi: cut.OldestMxact}
	defer func() { res.OldestXid, res.OldestMulti = track.xid, track.multi }()
	res.AllFrozen = true
	if !cut.FreezeLimit.IsValid() {
		// Without freezing, every tuple's xids and multixacts still
		// count: only looked at, nothing rewritten.
		res.AllFrozen = false
		look := cut
		look.FreezeLimit, look.MultiCutoff = transam.FirstNormalTransactionId, transam.InvalidMultiXactId
		for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
			if p.ItemId(off).IsNormal() {
				if _, _, _, err := e.prepareFreeze(tuple.Header(p.Item(off)), off, look, &track); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var plans []freezePlan
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		if !p.ItemId(off).IsNormal() {
			continue
		}
		plan, changed, totally, err := e.prepareFreeze(tuple.Header(p.Item(off)), off, cut, &track)
		if err != nil {
			return err
		}
		if changed {
			plans = append(plans, plan)
		}
		res.AllFrozen = res.AllFrozen && totally
	}
	if len(plans) == 0 {
		return nil
	}
	res.Frozen = len(plans)
	return e.freezePage(rel, buf, p, cut.FreezeLimit, plans)
}

// classifyPage counts what pruning left on p (locked), resetting res's
// per-look fields; it reports a DEAD tuple that calls for pruning again.
func (e *Env) classifyPage(p page.Page, buf buffer.Buffer, horizon transam.TransactionId, res *ScanResult) (retry bool, err error) {
	res.Live, res.RecentlyDead, res.DeadItems, res.HasTuples = 0, 0, res.DeadItems[:0], false
	res.AllVisible, res.VisibilityCutoff = true, transam.InvalidTransactionId
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		id := p.ItemId(off)
		switch {
		case !id.IsUsed():
			continue
		case id.IsRedirect():
			res.HasTuples = true
			continue
		case id.IsDead():
			res.DeadItems = append(res.DeadItems, off)
			continue
		}
		res.HasTuples = true
		h := tuple.Header(p.Item(off))
		st, err := e.htsv(h, buf, horizon)
		if err != nil {
			return false, err
		}
		switch st {
		case HTSVDead:
			return true, nil
		case HTSVLive:
			res.Live++
			if res.AllVisible {
				// Visible to everyone only if its inserter committed before
				// every snapshot's xmin.
				xmin := rawXmin(h)
				if !xminCommitted(h) {
					res.AllVisible = false
				} else if !xminFrozen(h) && xmin.IsNormal() {
					if !transam.TransactionIdPrecedes(xmin, horizon) {
						res.AllVisible = false
					} else if !res.VisibilityCutoff.IsValid() || transam.TransactionIdFollows(xmin, res.VisibilityCutoff) {
						res.VisibilityCutoff = xmin
					}
				}
			}
		case HTSVRecentlyDead:
			res.RecentlyDead++
			res.AllVisible = false
		case HTSVInsertInProgress:
			res.AllVisible = false
		case HTSVDeleteInProgress:
			res.Live++
			res.AllVisible = false
		}
	}
	return false, nil
}

// VacuumPage is lazy_vacuum_heap_page: the LP_DEAD line pointers offs
// of block blk, whose index entries are gone, become unused. It returns
// the page's free space afterwards.
func VacuumPage(env *Env, rel *Relation, blk storage.BlockNumber, offs []page.OffsetNumber, horizon transam.TransactionId) (int, error) {
	e := env
	var vmbuf buffer.Buffer
	defer func() {
		if vmbuf.Valid() {
			e.Pool.Release(vmbuf)
		}
	}()
	if err := VisibilityMapPin(e, rel, blk, &vmbuf); err != nil {
		return 0, err
	}
	buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, blk)
	if err != nil {
		return 0, err
	}
	defer e.Pool.Release(buf)
	// Tuples do not move: an exclusive lock is enough.
	e.Pool.LockBuffer(buf, buffer.Exclusive)
	defer e.Pool.LockBuffer(buf, buffer.Unlock)
	p := page.Page(e.Pool.Page(buf))
	if err := e.vacuumLocked(rel, buf, p, offs); err != nil {
		return 0, err
	}
	// With its dead items gone, the page may now be all-visible
	// (heap_page_is_all_visible).
	visible, frozen, cutoff, err := e.pageAllVisible(p, buf, horizon)
	if err != nil {
		return 0, err
	}
	if visible {
		if err := e.markVisible(rel, buf, vmbuf, p, blk, cutoff, frozen); err != nil {
			return 0, err
		}
	}
	return p.HeapFreeSpace(), nil
}

// pageAllVisible is heap_page_is_all_visible: every tuple of p live and
// inserted before horizon, no dead line pointer; also whether all are
// frozen, and the newest inserter.
func (e *Env) pageAllVisible(p page.Page, buf buffer.Buffer, horizon transam.TransactionId) (visible, frozen bool, cutoff transam.TransactionId, err error) {
	frozen = true
	for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
		id := p.ItemId(off)
		switch {
		case !id.IsUsed() || id.IsRedirect():
			continue
		case id.IsDead():
			return false, false, 0, nil
		}
		h := tuple.Header(p.Item(off))
		st, err := e.htsv(h, buf, horizon)
		if err != nil || st != HTSVLive {
			return false, false, 0, err
		}
		if !xminCommitted(h) {
			return false, false, 0, nil
		}
		if !xminFrozen(h) {
			frozen = false
			xmin := rawXmin(h)
			if !transam.TransactionIdPrecedes(xmin, horizon) {
				return false, false, 0, nil
			}
			if !cutoff.IsValid() || transam.TransactionIdFollows(xmin, cutoff) {
				cutoff = xmin
			}
		}
		if m := h.Infomask(); m&tuple.XmaxInvalid == 0 && rawXmax(h).IsValid() {
			frozen = false
		}
	}
	return true, frozen, cutoff, nil
}

// vacuumLocked frees the LP_DEAD line pointers offs of p (buf locked
// exclusively) and logs XLOG_HEAP2_VACUUM.
func (e *Env) vacuumLocked(rel *Relation, buf buffer.Buffer, p page.Page, offs []page.OffsetNumber) error {
	for _, off := range offs {
		if off < page.FirstOffset || off > p.MaxOffset() || !p.ItemId(off).IsDead() {
			return pgerr.Newf(pgerr.InternalError, "line pointer %d of block %d of relation \"%s\" is not dead",
				off, e.Pool.BlockNumber(buf), rel.Name)
		}
	}
	e.Owner.EnterCritical()
	applyVacuum(p, offs)
	e.Pool.MarkDirty(buf)
	if e.needsWAL(rel) {
		rb := e.recordOf(xlog.RmgrHeap2, XLogHeap2Vacuum)
		var main [sizeOfHeapVacuum]byte
		le.PutUint16(main[0:], uint16(len(offs)))
		rb.SetMainData(main[:])
		rb.RegisterBuffer(0, rel.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, xlog.RegBufStandard)
		data := make([]byte, 0, 2*len(offs))
		for _, off := range offs {
			data = le.AppendUint16(data, uint16(off))
		}
		rb.RegisterBufData(0, data)
		lsn, err := e.WAL.Insert(rb)
		if err != nil {
			return walPanic(err)
		}
		p.SetLSN(lsn)
	}
	e.Owner.ExitCritical()
	return nil
}

// applyVacuum sets offs unused and cuts unused pointers off the end of
// the array (PageTruncateLinePointerArray).
func applyVacuum(p page.Page, offs []page.OffsetNumber) {
	for _, off := range offs {
		p.SetUnused(off)
	}
	p.TruncateLinePointerArray()
}

// sizeOfHeapVacuum is SizeOfHeapVacuum: xl_heap_vacuum's nunused u16.
const sizeOfHeapVacuum = 2

// redoVacuum is heap_xlog_vacuum.
func redoVacuum(rec *xlog.DecodedRecord, src xlog.RedoBufferSource) error {
	if len(rec.MainData) < sizeOfHeapVacuum {
		return redoPanic("heap2 vacuum record is too short")
	}
	nunused := int(le.Uint16(rec.MainData[0:]))
	action, rb, err := xlog.ReadBufferForRedo(rec, 0, src)
	if err != nil || rb == nil {
		return err
	}
	defer rb.Release()
	if action != xlog.BlockNeedsRedo {
		return nil
	}
	data := rec.Block(0).Data
	if len(data) < 2*nunused {
		return redoPanic("heap2 vacuum record has %d bytes of offsets for %d", len(data), nunused)
	}
	offs := make([]page.OffsetNumber, nunused)
	for i := range offs {
		offs[i] = page.OffsetNumber(le.Uint16(data[2*i:]))
	}
	p := page.Page(rb.Page())
	applyVacuum(p, offs)
	p.SetLSN(rec.EndLSN)
	rb.MarkDirty()
	return nil
}

// NondeletablePages is count_nondeletable_pages: scanning back from the
// end of rel (nblocks long) down to from, the number of pages to keep —
// one past the last page with any used line pointer. The caller holds
// the relation's AccessExclusiveLock, so nobody adds rows meanwhile.
// interrupt is checked between pages.
func NondeletablePages(env *Env, rel *Relation, nblocks, from storage.BlockNumber, interrupt func() error) (storage.BlockNumber, error) {
	e := env
	for blk := nblocks; blk > from; blk-- {
		if err := interrupt(); err != nil {
			return 0, err
		}
		buf, err := e.Pool.ReadBuffer(rel.Locator, storage.MainFork, blk-1)
		if err != nil {
			return 0, err
		}
		e.Pool.LockBuffer(buf, buffer.Share)
		p := page.Page(e.Pool.Page(buf))
		used := false
		if !p.IsNew() {
			for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
				// Even an LP_DEAD pointer keeps its page: its index
				// entries may not be gone.
				if p.ItemId(off).IsUsed() {
					used = true
					break
				}
			}
		}
		e.Pool.UnlockRelease(buf)
		if used {
			return blk, nil
		}
	}
	return from, nil
}
