// Storing many new rows at once (heapam.c's heap_multi_insert, which
// PostgreSQL uses for COPY FROM): the rows are formed (and toasted) one
// by one as they arrive, in order, and placed a page at a time, each
// page's new tuples logged by one XLOG_HEAP2_MULTI_INSERT record instead
// of one XLOG_HEAP_INSERT per row. Per row that saves the page lookup,
// the content lock and the WAL insertion, which dominate the cost of a
// bulk INSERT ... SELECT.

package heap

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// How many rows a BulkInsert holds before it stores them: COPY's
// MAX_BUFFERED_TUPLES, and enough bytes for a few dozen pages, so that
// memory stays small while nearly every page is filled by one record.
const (
	bulkMaxTuples = 1000
	bulkMaxBytes  = 256 << 10
)

// BulkInsert collects the new rows of one statement of transaction xid,
// command cid, and stores them in rel a page at a time. Rows are formed
// by Add, so errors about a row's content (a row too big, TOAST) come in
// row order as with Insert; Flush stores what is pending and must be
// called before anything could look at the table (the end of the
// statement). Rows added are invisible to their own command anyway;
// the caller must not use a BulkInsert where something run during the
// statement could look at the table with a later command id (a volatile
// function). A caller that needs each row's TID (for its index entries)
// sets Stored.
type BulkInsert struct {
	env  *Env
	rel  *Relation
	xid  transam.TransactionId
	cid  CommandId
	tups [][]byte
	size int
	// arena holds the queued tuples that needed no toasting, one after
	// another: an allocation per batch, not per row. It is reused once
	// the batch is stored (the pages and the WAL records take copies).
	arena []byte
	// frozen stores the rows already frozen (COPY FREEZE).
	frozen bool
	// strategy is the bulk-write ring new pages come from, nil for none.
	strategy *buffer.Strategy
	// Stored, when set, is called after each batch of rows is stored
	// with their TIDs, in the order they were added (COPY's
	// CopyMultiInsertBufferFlush inserting index entries); an error
	// ends the statement.
	Stored func(tids []TID) error
	tids   []TID
}

// NewBulkInsert starts collecting rows for rel.
func NewBulkInsert(env *Env, rel *Relation, xid transam.TransactionId, cid CommandId) *BulkInsert {
	return &BulkInsert{env: env, rel: rel, xid: xid, cid: cid}
}

// Freeze makes the rows stored frozen (COPY FREEZE, heap_insert's
// HEAP_INSERT_FROZEN): visible to every snapshot once the transaction
// commits. The caller must know that no other transaction can see the
// relation's file before then (it was made in this subtransaction).
func (b *BulkInsert) Freeze() { b.frozen = true }

// UseBulkWriteRing makes the new pages the rows fill come from a small
// ring of buffers the insertion reuses (BAS_BULKWRITE), writing each out
// itself when the ring comes round, as PostgreSQL's COPY FROM and CREATE
// TABLE AS do: a big load neither evicts the rest of the pool nor
// touches all of shared memory.
func (b *BulkInsert) UseBulkWriteRing() {
	if b.strategy == nil {
		b.strategy = b.env.Pool.NewBulkWriteStrategy()
	}
}

// Add forms a row from values (toasting long values) and queues it,
// storing the queue when it is full.
func (b *BulkInsert) Add(values []types.Datum) error {
	tail := b.arenaTail()
	tup, err := b.env.formTupleInto(tail, b.rel, values, b.xid, b.cid)
	if err != nil {
		return err
	}
	if len(tup) > 0 && cap(tail) >= len(tup) && &tup[0] == &tail[:1][0] {
		// Formed in the arena: its bytes are taken, and the tuple
		// cannot grow into the next one's.
		b.arena = b.arena[:len(b.arena)+len(tup)]
		tup = tup[:len(tup):len(tup)]
	}
	// getBufferForTuple's check, made now so that it comes in row order.
	if n := page.MaxAlignUp(len(tup)); n > MaxHeapTupleSize {
		return errRowTooBig(n)
	}
	b.tups = append(b.tups, tup)
	b.size += len(tup)
	if len(b.tups) >= bulkMaxTuples || b.size >= bulkMaxBytes {
		return b.Flush()
	}
	return nil
}

// arenaTail is the arena's free space for the next row. Most INSERTs
// store one row, so a statement's first row gets none (it is formed in
// memory of its own size); then the arena grows from 16 kB to a batch's
// size, so that a few rows do not pay for zeroing a whole batch's. A
// full chunk is replaced, not grown: the queued tuples keep pointing
// into the old one.
func (b *BulkInsert) arenaTail() []byte {
	if b.arena == nil && len(b.tups) == 0 {
		return nil
	}
	if cap(b.arena)-len(b.arena) < storage.BlockSize {
		n := min(max(2*cap(b.arena), 16<<10), bulkMaxBytes+storage.BlockSize)
		b.arena = make([]byte, 0, n)
	}
	return b.arena[len(b.arena):]
}

// Flush stores the queued rows.
func (b *BulkInsert) Flush() error {
	if len(b.tups) == 0 {
		return nil
	}
	var err error
	b.env.extendStrategy = b.strategy
	defer func() { b.env.extendStrategy = nil }()
	b.tids = b.tids[:0]
	if len(b.tups) == 1 && !b.frozen {
		// A lone row (INSERT ... VALUES of one row) is logged as Insert
		// logs it, as PostgreSQL does. COPY FREEZE's last row goes the
		// multi-insert way, as all of COPY's do in PostgreSQL, keeping
		// its page's all-frozen marks.
		var tid TID
		tid, err = b.env.insertTuple(b.rel, b.tups[0], b.xid, b.cid, b.frozen)
		b.tids = append(b.tids, tid)
	} else {
		b.tids, err = b.env.multiInsert(b.rel, b.tups, b.xid, b.cid, b.frozen, b.tids)
	}
	clear(b.tups)
	b.tups, b.size, b.arena = b.tups[:0], 0, b.arena[:0]
	if err == nil && b.Stored != nil {
		err = b.Stored(b.tids)
	}
	return err
}

// stampInsert sets a formed tuple's header for its insertion by xid,
// command cid (heap_prepare_insert), frozen when asked.
func stampInsert(tup []byte, xid transam.TransactionId, cid CommandId, frozen bool) {
	h := tuple.Header(tup)
	m := h.Infomask()&^heapXactMask | tuple.XmaxInvalid
	if frozen {
		m |= tuple.XminFrozen
	}
	h.SetInfomask(m)
	h.SetInfomask2(h.Infomask2() &^ heap2XactMask)
	h.SetXmin(uint32(xid))
	h.SetCid(uint32(cid))
	h.SetXmax(0)
}

// multiInsert places formed tuples in order, filling each page it gets
// from getBufferForTuple before asking for the next, and logs each
// page's share with one record (heap_multi_insert).
func (e *Env) multiInsert(rel *Relation, tups [][]byte, xid transam.TransactionId, cid CommandId, frozen bool, tids []TID) ([]TID, error) {
	for _, tup := range tups {
		stampInsert(tup, xid, cid, frozen)
	}
	needWAL := e.needsWAL(rel)
	// The visibility map page of the current page, kept from page to
	// page while it covers them.
	var vmbuf, noVM buffer.Buffer
	defer func() { e.releaseVM(vmbuf) }()
	for done := 0; done < len(tups); {
		buf, err := e.getBufferForTuple(rel, len(tups[done]), buffer.InvalidBuffer, &vmbuf, &noVM)
		if err != nil {
			return tids, err
		}
		p := page.Page(e.Pool.Page(buf))
		init := p.MaxOffset() == 0
		blk := e.Pool.BlockNumber(buf)
		// Frozen rows filling a page that was empty leave it all-visible
		// and all-frozen (heap_multi_insert's all_frozen_set), so the
		// VACUUM that usually follows COPY FREEZE skips it. The map page
		// is pinned now, before the critical section; like PostgreSQL we
		// read it with the heap page locked.
		allFrozenSet := frozen && init
		if allFrozenSet {
			if err := VisibilityMapPin(e, rel, blk, &vmbuf); err != nil {
				e.Pool.UnlockRelease(buf)
				return tids, err
			}
		}
		offs := e.multiOffs[:0]

		e.Owner.EnterCritical()
		// getBufferForTuple made room for the first; the rest go while
		// they fit.
		// The room fillfactor keeps free stays free (heap_multi_insert's
		// saveFreeSpace); the first tuple was placed by getBufferForTuple.
		save := page.Size * (100 - rel.fillFactor()) / 100
		for first := done; done < len(tups) && (done == first || page.MaxAlignUp(len(tups[done]))+save <= p.HeapFreeSpace()); done++ {
			tid, err := e.putHeapTuple(buf, tups[done])
			if err != nil {
				return tids, err
			}
			offs = append(offs, tid.Offset)
			tids = append(tids, tid)
		}
		e.multiOffs = offs
		var flags uint8
		switch {
		case allFrozenSet:
			p.SetAllVisible(true)
			flags |= xlhInsertAllFrozenSet
		case frozen:
			// Frozen rows added to a page that the previous batch left
			// all-frozen keep it so (and one that was not stays not),
			// as in heap_multi_insert: otherwise the page where one
			// batch ends and the next begins would be read by VACUUM.
		default:
			if cleared, err := e.clearAllVisible(p, blk, vmbuf); err != nil {
				return tids, err
			} else if cleared {
				flags |= xlhInsertAllVisibleCleared
			}
		}
		e.Pool.MarkDirty(buf)
		if needWAL {
			if done == len(tups) {
				flags |= xlhInsertLastInMulti
			}
			lsn, err := e.logMultiInsert(rel, buf, p, tups[done-len(offs):done], offs, init, flags, xid)
			if err != nil {
				return tids, walPanic(err)
			}
			p.SetLSN(lsn)
		}
		e.Owner.ExitCritical()
		if allFrozenSet {
			// The map's bits, logged by their own XLOG_HEAP2_VISIBLE
			// (visibilitymap_set with no record of the caller's); the
			// multi-insert record's ALL_FROZEN_SET flag sets the page's
			// PD_ALL_VISIBLE in redo. No cutoff xid: frozen rows
			// conflict with no standby query.
			if err := VisibilityMapSet(e, rel, blk, buf, vmbuf, transam.InvalidTransactionId, VMAllVisible|VMAllFrozen); err != nil {
				e.Pool.UnlockRelease(buf)
				return tids, err
			}
		}
		e.Pool.UnlockRelease(buf)
	}
	return tids, nil
}

// logMultiInsert writes the XLOG_HEAP2_MULTI_INSERT record of tuples
// just placed at offs on the page of buf; init says the page was empty,
// so redo rebuilds it from scratch and the offsets (1, 2, ...) are left
// out.
func (e *Env) logMultiInsert(rel *Relation, buf buffer.Buffer, p page.Page, tups [][]byte, offs []page.OffsetNumber, init bool, flags uint8, xid transam.TransactionId) (storage.LSN, error) {
	info := uint8(XLogHeap2MultiInsert)
	regFlags := uint8(xlog.RegBufStandard)
	if init {
		info |= XLogHeapInitPage
		regFlags |= xlog.RegBufWillInit
	}
	main := e.multiMain[:0]
	main = xlHeapMultiInsert{flags: flags, ntuples: uint16(len(tups))}.encode(main)
	if !init {
		for _, off := range offs {
			main = le.AppendUint16(main, uint16(off))
		}
	}
	data := e.multiData[:0]
	for _, tup := range tups {
		h := tuple.Header(tup)
		data = xlMultiInsertTuple{
			datalen: uint16(len(tup) - tuple.HeaderSize), infomask2: h.Infomask2(), infomask: h.Infomask(), hoff: uint8(h.Hoff()),
		}.encode(data)
		data = append(data, tup[tuple.HeaderSize:]...)
	}
	e.multiMain, e.multiData = main, data

	rb := e.recordOf(xlog.RmgrHeap2, info)
	rb.SetXID(uint32(xid))
	rb.SetMainData(main)
	rb.RegisterBuffer(0, rel.Locator, storage.MainFork, e.Pool.BlockNumber(buf), p, regFlags)
	rb.RegisterBufData(0, data)
	return e.WAL.Insert(rb)
}
