// This file gives execution access to tables: the plan's view of a
// relation cache entry (plan.Table), and the TableStore the executor
// reads and changes tables through, over lib/access/heap with the
// statement's snapshot, transaction and command id.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/types"
)

// planTable makes the plan's description of a relation cache entry.
func (s *sqlCtx) planTable(rel *catalog.Relation) (*plan.Table, error) {
	t := &plan.Table{OID: rel.OID, Schema: rel.NamespaceName, Name: rel.Name, Kind: rel.Kind, Shared: rel.Shared,
		Locator: rel.Locator(s.db), RowType: rel.Type, Desc: rel.Desc, Entry: rel, Defaults: rel.Defaults}
	t.Heap = &heap.Relation{OID: rel.OID, Locator: t.Locator, Desc: rel.Desc, Name: rel.Name, FillFactor: rel.FillFactor, ToastTupleTarget: rel.ToastTupleTarget,
		Unlogged: rel.Persistence == 'u'}
	for i := range rel.Attrs {
		if rel.Attrs[i].Generated != 0 {
			if t.Generated == nil {
				t.Generated = make([]byte, len(rel.Attrs))
			}
			t.Generated[i] = rel.Attrs[i].Generated
		}
	}
	for _, c := range rel.Checks {
		t.Checks = append(t.Checks, plan.TableCheck{Name: c.Name, Expr: c.Expr})
	}
	for i := range rel.Attrs {
		if rel.Attrs[i].Identity != 0 {
			if t.Identity == nil {
				t.Identity = make([]byte, len(rel.Attrs))
				t.Defaults = append([]string(nil), rel.Defaults...)
			}
			t.Identity[i] = rel.Attrs[i].Identity
			t.Defaults[i] = columnDefaultText(rel, i)
		}
	}
	for i := range rel.Attrs {
		a := &rel.Attrs[i]
		c := plan.Column{Name: a.Name, TypeOID: a.Type, TypeLen: a.Len, TypeMod: a.TypMod, TableOID: rel.OID, AttNum: int16(i + 1)}
		if a.Dropped {
			c.Name = ""
		}
		t.Columns = append(t.Columns, c)
		t.NotNull = append(t.NotNull, a.NotNull)
		if catalog.StoredAsBytes(a.Type, a.Len) && a.Type != types.OidPgNodeTree && !a.Dropped {
			t.Convert = append(t.Convert, i)
		}
		if !a.Dropped && a.Type >= catalog.FirstNormalOID {
			if ct := s.columnType(a.Type); ct != nil && ct.Category == 'E' && a.ByVal && a.Len == 4 {
				t.Enums = append(t.Enums, i)
			} else if a.Len == -1 && types.ByOID(types.DomainBase(a.Type)) == nil {
				t.UserVarlena = append(t.UserVarlena, i)
			}
		}
	}
	if len(rel.Indexes) > 0 {
		var err error
		if t.Indexes, t.PendingIndexes, t.HiddenArbiters, err = s.tableIndexes(rel, t); err != nil {
			return nil, err
		}
		// Sizes and statistics matter only to choose between the table
		// and an index.
		s.estimateSize(rel, t)
		var cols []int
		for _, ti := range t.Indexes {
			cols = append(cols, ti.KeyColumns()...)
		}
		if t.Stats, err = s.columnStats(rel, cols); err != nil {
			return nil, err
		}
		if err := s.indexExprStats(t); err != nil {
			return nil, err
		}
	}
	if rel.Kind == 'r' || rel.Kind == 'm' {
		hot, err := s.hotAttrs(rel, t)
		if err != nil {
			return nil, err
		}
		t.Heap.HotAttrs = hot
		if t.Heap.KeyAttrs, err = s.keyAttrs(rel); err != nil {
			return nil, err
		}
	}
	if rel.ToastOID != 0 {
		var err error
		if t.Heap.Toast, err = s.toastHeapRelation(rel.ToastOID); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// toastHeapRelation is the heap access description of TOAST table oid
// with its chunk index, nil if the table is gone. A TOAST table made
// before TOAST tables had an index has none: the heap scans it.
func (s *sqlCtx) toastHeapRelation(oid uint32) (*heap.Relation, error) {
	trel, err := s.cache.RelationByOID(s, oid)
	if err != nil || trel == nil {
		return nil, err
	}
	h := &heap.Relation{OID: trel.OID, Locator: trel.Locator(s.db), Desc: heap.ToastDesc(), Name: trel.Name, Unlogged: trel.Persistence == 'u'}
	switch len(trel.Indexes) {
	case 0:
	case 1:
		irel, err := s.cache.RelationByOID(s, trel.Indexes[0])
		if err != nil {
			return nil, err
		}
		if irel == nil || irel.Index == nil || !irel.Index.Valid || !irel.Index.Ready {
			return nil, pgerr.Newf(pgerr.InternalError, "TOAST table \"%s\" has no valid index", trel.Name)
		}
		h.ChunkIndex = heap.ToastIndex(irel.Locator(s.db), irel.OID, irel.Name, trel.Name)
		h.ChunkIndex.Unlogged = irel.Persistence == 'u'
	default:
		// Every chunk would have to go into each (toast_open_indexes);
		// nothing makes a second one.
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "TOAST table \"%s\" has more than one index", trel.Name)
	}
	return h, nil
}

func tidDatum(t heap.TID) types.Datum { return types.Tid(uint32(t.Block), uint16(t.Offset)) }

func datumTID(d types.Datum) heap.TID {
	b, o := types.TidParts(d)
	return heap.TID{Block: storage.BlockNumber(b), Offset: page.OffsetNumber(o)}
}

// tableStore implements exec.TableStore for one statement.
type tableStore struct {
	s    *sqlCtx
	snap *heap.Snapshot
}

func (ts *tableStore) snapshot() *heap.Snapshot {
	if ts.snap == nil {
		ts.snap = ts.s.statementSnapshot()
	}
	return ts.snap
}

type heapScan struct {
	s   *sqlCtx
	sc  *heap.Scan
	t   *plan.Table
	oid types.Datum
	// stats counts the rows returned (a sequential scan) or fetched (a
	// bitmap heap scan, bitmap set) for the cumulative statistics.
	stats  *pgstat.Relation
	bitmap bool
	// predicate: a bitmap heap scan under SERIALIZABLE, which locks
	// each row it returns.
	predicate bool
}

// countRow counts one row the scan returned.
func (h *heapScan) countRow() {
	if h.stats != nil {
		if h.bitmap {
			h.stats.Counts.TuplesFetched++
		} else {
			h.stats.Counts.TuplesReturned++
		}
	}
}

// relStats returns the pending cumulative statistics counts of table t,
// nil when nothing is counted (track_counts off, no storage).
func (s *sqlCtx) relStats(t *plan.Table) *pgstat.Relation {
	if s.eng == nil {
		return nil
	}
	return s.eng.Stats.Relation(t.OID, t.Shared, t.Locator)
}

// relStatsOf is relStats for a relation cache entry.
func (s *sqlCtx) relStatsOf(rel *catalog.Relation) *pgstat.Relation {
	if s.eng == nil {
		return nil
	}
	return s.eng.Stats.Relation(rel.OID, rel.Shared, rel.Locator(s.db))
}

// indexStats is relStats for index ix of table t.
func (s *sqlCtx) indexStats(t *plan.Table, ix *plan.TableIndex) *pgstat.Relation {
	if s.eng == nil {
		return nil
	}
	var loc storage.RelFileLocator
	if ix.Index != nil {
		loc = ix.Index.Locator
	}
	return s.eng.Stats.Relation(ix.OID, t.Shared, loc)
}

// LendValues implements exec.ValueLender: the heap scan reuses the
// memory of its values page after page.
func (h *heapScan) LendValues() { h.sc.LendValues() }

func (ts *tableStore) Scan(t *plan.Table, need []bool) (exec.TableScan, error) {
	if err := checkPopulated(t); err != nil {
		return nil, err
	}
	if err := ts.s.predicateRead(t); err != nil {
		return nil, err
	}
	hs := ts.heapScan(t, need)
	hs.stats.CountScan()
	return hs, nil
}

// BitmapScan reads, as Scan does, the rows on the blocks next returns
// (a bitmap heap scan's pages in block order), those of them for which
// tuple returns true. Under SERIALIZABLE it locks, rather than the
// table, each row it returns (PredicateLockTID in
// heapam_scan_bitmap_next_block, lossy pages included; more than
// max_pred_locks_per_page on a page become a page lock), the bitmap
// index scans having locked the key ranges (IndexTIDs); and before
// reading a page it checks for conflicts out with the writers of any
// version on it, which covers the versions PostgreSQL examines
// (HeapCheckForSerializableConflictOut) and, coarser, the others.
func (ts *tableStore) BitmapScan(t *plan.Table, need []bool, next func() (uint32, bool, error), tuple func(block uint32, offset uint16) bool) (exec.TableScan, error) {
	if err := checkPopulated(t); err != nil {
		return nil, err
	}
	locked := ts.s.predicateActive(t)
	if !locked {
		// Still reports a failed serializable registration.
		if err := ts.s.predicateRead(t); err != nil {
			return nil, err
		}
	}
	hs := ts.heapScan(t, need)
	hs.bitmap, hs.predicate = true, locked
	hs.sc.SetBlocks(func() (storage.BlockNumber, bool, error) {
		b, ok, err := next()
		if ok && err == nil && locked {
			err = ts.s.tx.PredicateReadInvisible(predicate.PageTarget(t.OID, b))
		}
		return storage.BlockNumber(b), ok, err
	}, func(b storage.BlockNumber, o page.OffsetNumber) bool { return tuple(uint32(b), uint16(o)) })
	return hs, nil
}

// IndexTIDs calls add with the heap location of each entry of index ix
// of table t that matches keys (a bitmap index scan: the heap is not
// read). Under SERIALIZABLE the scan locks the leaves it reads, as an
// index scan does: the key range, so that an insertion into it
// conflicts.
func (ts *tableStore) IndexTIDs(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, add func(block uint32, offset uint16) error) error {
	sc, err := nbtree.BeginScan(ts.s.btree(), ix.Index, keys, nbtree.Forward)
	if err != nil {
		return err
	}
	defer sc.Close()
	if ts.s.predicateActive(t) {
		sc.SetPredicateLock(ts.s.predicateLockLeaf(ix.OID))
	}
	stats := ts.s.indexStats(t, ix)
	stats.CountIndexScan()
	for {
		tid, ok, err := sc.Next()
		if err != nil || !ok {
			return err
		}
		stats.CountReturned(1)
		if err := add(uint32(tid.Block), uint16(tid.Offset)); err != nil {
			return err
		}
	}
}

// heapScan starts a heap scan of t decoding the columns need names.
func (ts *tableStore) heapScan(t *plan.Table, need []bool) *heapScan {
	sc := heapBeginScan(ts, t)
	header := true
	if natts := len(t.Columns); need != nil {
		header = len(need) < natts+plan.NumSysColumns
		for _, k := range []int{plan.SysXmin, plan.SysXmax, plan.SysCmin, plan.SysCmax} {
			header = header || need[natts+k]
		}
		sc.SetColumns(need[:natts])
	}
	sc.KeepHeaders(header)
	return &heapScan{s: ts.s, sc: sc, t: t, oid: types.Int(int64(t.OID)), stats: ts.s.relStats(t)}
}

// checkPopulated refuses to scan a materialized view made or refreshed
// WITH NO DATA, as ExecOpenScanRelation does: an empty result would be a
// wrong answer.
func checkPopulated(t *plan.Table) error {
	if t.Kind == 'm' && t.Entry != nil && !t.Entry.Populated {
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "materialized view \"%s\" has not been populated", t.Name).
			WithHint("Use the REFRESH MATERIALIZED VIEW command.")
	}
	return nil
}

// heapBeginScan starts a heap scan of t under the statement's snapshot.
func heapBeginScan(ts *tableStore, t *plan.Table) *heap.Scan {
	sc := heap.BeginScan(ts.s.heap, t.Heap, ts.snapshot())
	sc.SetPruneHorizon(ts.s.horizonOf(t))
	if ts.s.rootTIDScans {
		sc.ReportRootTIDs()
	}
	return sc
}

func (hs *heapScan) Next(values, sys []types.Datum) (bool, error) {
	tid, ok, err := hs.sc.NextInto(values)
	if err != nil || !ok {
		return false, err
	}
	if hs.predicate {
		if err := hs.s.predicateReadTuple(hs.t, tid); err != nil {
			return false, err
		}
	}
	hs.countRow()
	if err := hs.s.fromStored(hs.t, values); err != nil {
		return false, err
	}
	if sys != nil {
		sys[plan.SysCtid] = tidDatum(tid)
		sys[plan.SysTableOID] = hs.oid
		var xmin, xmax, cid uint32
		// Without xmin, xmax, cmin or cmax read, no header is kept.
		if hdr := hs.sc.Header(); hdr != nil {
			xmin, xmax, cid = hdr.Xmin(), hdr.Xmax(), hdr.Cid()
		}
		sys[plan.SysXmin], sys[plan.SysXmax] = types.Int(int64(xmin)), types.Int(int64(xmax))
		sys[plan.SysCmin], sys[plan.SysCmax] = types.Int(int64(cid)), types.Int(int64(cid))
	}
	return true, nil
}

// IndexScan reads the rows of t that index ix finds for keys: each
// entry's heap row, if the statement's snapshot sees it (index_getnext,
// heapam_index_fetch_tuple), following the HOT chain an entry points at
// to the version the snapshot sees.
func (ts *tableStore) IndexScan(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, backward bool, need []bool) (exec.TableScan, error) {
	if err := checkPopulated(t); err != nil {
		return nil, err
	}
	dir := nbtree.Forward
	if backward {
		dir = nbtree.Backward
	}
	sc, err := nbtree.BeginScan(ts.s.btree(), ix.Index, keys, dir)
	if err != nil {
		return nil, err
	}
	// Under SERIALIZABLE the scan locks the leaves it reads (which
	// cover the key range, phantoms included) and the rows it returns,
	// not the table.
	predicate := ts.s.predicateActive(t)
	if predicate {
		sc.SetPredicateLock(ts.s.predicateLockLeaf(ix.OID))
	}
	stats := ts.s.indexStats(t, ix)
	stats.CountIndexScan()
	// The table's buffers count for it.
	ts.s.relStats(t)
	return &indexScan{s: ts.s, t: t, sc: sc, snap: ts.snapshot(), oid: types.Int(int64(t.OID)), stats: stats, predicate: predicate}, nil
}

// eachRow calls fn with every row of t (its user columns, in a buffer
// reused from row to row) under a snapshot taken now (withCurrentRows),
// checking for cancellation between rows; an error from fn ends the
// scan. DDL's checks of existing rows (CHECK, NOT NULL, foreign keys)
// read so.
func (s *sqlCtx) eachRow(t *plan.Table, fn func(row []types.Datum) error) error {
	return s.withCurrentRows(func() error { return s.eachRowOf(t, fn) })
}

func (s *sqlCtx) eachRowOf(t *plan.Table, fn func(row []types.Datum) error) error {
	sc, err := (&tableStore{s: s}).Scan(t, nil)
	if err != nil {
		return err
	}
	defer sc.Close()
	row := make([]types.Datum, len(t.Columns))
	for {
		if s.ctx.Err() != nil {
			return expr.Canceled(s.ctx)
		}
		ok, err := sc.Next(row, nil)
		if err != nil || !ok {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// indexScan is an index scan in progress.
type indexScan struct {
	s    *sqlCtx
	t    *plan.Table
	sc   *nbtree.Scan
	snap *heap.Snapshot
	oid  types.Datum
	// run holds the rows of the entries that follow on the same heap
	// page, read with the current one (fetchRun); runTIDs are their
	// TIDs, runPos the next to hand out.
	run     []heap.IndexedTuple
	runTIDs []heap.TID
	runPos  int
	btids   []nbtree.TID
	// stats counts the index's entries returned and rows fetched.
	stats *pgstat.Relation
	// predicate: each row returned takes a SIREAD lock.
	predicate bool
}

// fetchRun reads the row at htid, with those of the index entries
// that follow it on the same heap page under the same pin, so that a
// range of rows on one page costs one buffer access, as in PostgreSQL
// (and EXPLAIN (BUFFERS) counts the same).
func (is *indexScan) fetchRun(htid heap.TID) (heap.IndexedTuple, error) {
	if is.runPos < len(is.run) && is.runTIDs[is.runPos] == htid {
		is.runPos++
		return is.run[is.runPos-1], nil
	}
	is.btids = is.sc.SameBlock(is.btids[:0])
	is.runTIDs = append(is.runTIDs[:0], htid)
	for _, t := range is.btids {
		is.runTIDs = append(is.runTIDs, heap.TID{Block: t.Block, Offset: t.Offset})
	}
	clear(is.run)
	var err error
	is.run, err = heap.FetchIndexedRun(is.s.heap, is.t.Heap, is.runTIDs, is.snap, is.s.horizonOf(is.t), is.run[:0])
	if err != nil {
		is.run, is.runPos = is.run[:0], 0
		return heap.IndexedTuple{}, err
	}
	is.runPos = 1
	return is.run[0], nil
}

func (is *indexScan) Next(values, sys []types.Datum) (bool, error) {
	for n := 0; ; n++ {
		// Entries of rows the snapshot does not see can be many.
		if n&63 == 63 && is.s.ctx.Err() != nil {
			return false, expr.Canceled(is.s.ctx)
		}
		tid, ok, err := is.sc.Next()
		if err != nil || !ok {
			return false, err
		}
		if is.stats != nil {
			is.stats.Counts.TuplesReturned++
		}
		htid := heap.TID{Block: tid.Block, Offset: tid.Offset}
		ft, err := is.fetchRun(htid)
		if err != nil {
			return false, err
		}
		if !ft.Visible {
			// A row dead to everyone (deleted before the statement's
			// horizon): its entry is marked LP_DEAD (kill_prior_tuple).
			if ft.AllDead {
				is.sc.KillPrior()
			} else if is.predicate {
				// A version the snapshot does not see: its writer
				// may be concurrent.
				if err := is.s.predicateReadInvisible(is.t, htid); err != nil {
					return false, err
				}
			}
			continue
		}
		if is.predicate {
			if err := is.s.predicateReadTuple(is.t, ft.TID); err != nil {
				return false, err
			}
		}
		row, hdr, err := ft.Values(is.s.heap, is.t.Heap, is.snap)
		if err != nil {
			return false, err
		}
		if is.stats != nil {
			is.stats.Counts.TuplesFetched++
		}
		copy(values, row)
		if err := is.s.fromStored(is.t, values); err != nil {
			return false, err
		}
		if sys != nil {
			sys[plan.SysCtid] = tidDatum(ft.TID)
			sys[plan.SysTableOID] = is.oid
			sys[plan.SysXmin], sys[plan.SysXmax] = types.Int(int64(hdr.Xmin())), types.Int(int64(hdr.Xmax()))
			sys[plan.SysCmin], sys[plan.SysCmax] = types.Int(int64(hdr.Cid())), types.Int(int64(hdr.Cid()))
		}
		return true, nil
	}
}

func (is *indexScan) Close() { is.sc.Close() }

// Fetch reads the row at tid under the statement's snapshot
// (heap_fetch), for a plan that reads again rows its scan saw.
func (ts *tableStore) Fetch(t *plan.Table, tid types.Datum, values []types.Datum) (bool, error) {
	row, ok, err := heap.Fetch(ts.s.heap, t.Heap, datumTID(tid), ts.snapshot())
	if err != nil {
		return false, err
	}
	// The version seen is locked; one not seen may be a concurrent
	// writer's (heap_fetch's PredicateLockTID and conflict-out check).
	if ts.s.predicateActive(t) {
		if ok {
			err = ts.s.predicateReadTuple(t, datumTID(tid))
		} else {
			err = ts.s.predicateReadInvisible(t, datumTID(tid))
		}
		if err != nil {
			return false, err
		}
	}
	if !ok {
		return false, nil
	}
	copy(values, row)
	return true, ts.s.fromStored(t, values)
}

// NextRow hands over the heap's own fresh slice when no column needs
// converting.
func (hs *heapScan) NextRow() ([]types.Datum, bool, error) {
	if len(hs.t.Convert) > 0 || len(hs.t.Enums) > 0 || len(hs.t.UserVarlena) > 0 {
		row := make([]types.Datum, len(hs.t.Columns))
		ok, err := hs.Next(row, nil)
		return row, ok, err
	}
	_, vals, ok, err := hs.sc.Next()
	if ok {
		hs.countRow()
	}
	return vals, ok, err
}

func (hs *heapScan) Close() { hs.sc.Close() }

// stored converts values to the table's stored form.
func (s *sqlCtx) stored(t *plan.Table, values []types.Datum) ([]types.Datum, error) {
	if len(t.Convert) == 0 {
		return values, nil
	}
	out := append([]types.Datum(nil), values...)
	for _, i := range t.Convert {
		var err error
		if out[i], err = s.toStored(t.Columns[i].TypeOID, out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (ts *tableStore) Insert(t *plan.Table, values []types.Datum) (types.Datum, error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return types.Null, err
	}
	s.wrote = true
	row, err := s.stored(t, values)
	if err != nil {
		return types.Null, err
	}
	insert := heap.Insert
	if s.freezeRel == t.OID {
		insert = heap.InsertFrozen
	}
	tid, err := insert(s.heap, t.Heap, row, xid, s.outputCid())
	if err != nil {
		return types.Null, err
	}
	// Readers of the whole table meet the new row, those of an index
	// range its entries (insertIndexEntries), later readers its record.
	if err := s.predicateWriteNew(t, tid); err != nil {
		return types.Null, err
	}
	s.relStats(t).CountInsert(1)
	if _, err := s.insertIndexEntries(t, row, values, tid, nil); err != nil {
		return types.Null, err
	}
	s.riAfterInsert(t, values, tid)
	if s.copyProgress {
		s.copyStored()
	}
	return tidDatum(tid), nil
}

// BulkInsert stores an INSERT's rows in batches, a page at a time
// (heap.BulkInsert), for the statements plan.ModifyTable.Bulk allows.
func (ts *tableStore) BulkInsert(t *plan.Table) (exec.BulkInserter, error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return nil, err
	}
	s.wrote = true
	indexed := len(t.Indexes) > 0 || t.Entry != nil && len(t.Entry.ForeignKeys) > 0
	if len(t.PendingIndexes) > 0 || indexed && !s.copyProgress {
		// Each row's index entries go in as it is stored, and each
		// row's foreign keys are checked by its own event; Insert
		// reports each row to SSI. (An index being built concurrently
		// takes the row-at-a-time path too.)
		return &rowInserter{ts: ts, t: t}, nil
	}
	if indexed {
		// COPY FROM stores the rows of a table with indexes a page at a
		// time too, then inserts each row's index entries, reports it
		// to SSI and queues its foreign-key check, in row order
		// (CopyMultiInsertBufferFlush).
		return s.newIndexedBulkInserter(t, xid), nil
	}
	// Rows stored a page at a time are not named one by one: the
	// write covers the table.
	if err := s.predicateWrite(t); err != nil {
		return nil, err
	}
	bi := heap.NewBulkInsert(s.heap, t.Heap, xid, s.outputCid())
	if s.freezeRel == t.OID {
		bi.Freeze()
	}
	if s.copyProgress {
		// COPY FROM loads through a ring of buffers (BAS_BULKWRITE).
		bi.UseBulkWriteRing()
	}
	return &bulkInserter{s: s, t: t, bi: bi, stats: s.relStats(t)}, nil
}

// rowInserter stores an INSERT's rows one at a time, for a table with
// indexes: each row's index entries, unique checks included, go in as
// the row does.
type rowInserter struct {
	ts *tableStore
	t  *plan.Table
}

func (r *rowInserter) Add(values []types.Datum) error {
	_, err := r.ts.Insert(r.t, values)
	return err
}

func (r *rowInserter) Flush() error { return nil }

type bulkInserter struct {
	s     *sqlCtx
	t     *plan.Table
	bi    *heap.BulkInsert
	stats *pgstat.Relation
}

func (b *bulkInserter) Add(values []types.Datum) error {
	row, err := b.s.stored(b.t, values)
	if err != nil {
		return err
	}
	if err := b.bi.Add(row); err != nil {
		return err
	}
	b.stats.CountInsert(1)
	if b.s.copyProgress {
		b.s.copyStored()
	}
	return nil
}

func (b *bulkInserter) Flush() error { return b.bi.Flush() }

// indexedBulkInserter is bulkInserter for a table with indexes or
// foreign keys: the rows of a batch wait, with their values, until the
// batch is stored and their TIDs are known.
type indexedBulkInserter struct {
	s     *sqlCtx
	t     *plan.Table
	bi    *heap.BulkInsert
	stats *pgstat.Relation
	// pending are the rows of the batch not stored yet: their stored
	// form and the values given (which index expressions and foreign
	// keys read); pendingBytes is about how much memory they hold.
	pending      []pendingRow
	pendingBytes int64
	// slab is where the kept values are copied to, a chunk for many rows
	// rather than an allocation each; a chunk is never reused, since
	// foreign-key and deferred uniqueness events may keep a row's values.
	slab []types.Datum
}

// slabRows is how many rows' values one chunk of indexedBulkInserter's
// slab holds.
const slabRows = 256

// pendingRow is a row waiting for its batch to be stored, with the
// COPY line it came from (0 outside COPY).
type pendingRow struct {
	row, values []types.Datum
	line        int64
}

func (s *sqlCtx) newIndexedBulkInserter(t *plan.Table, xid transam.TransactionId) *indexedBulkInserter {
	b := &indexedBulkInserter{s: s, t: t, bi: heap.NewBulkInsert(s.heap, t.Heap, xid, s.outputCid()), stats: s.relStats(t)}
	if s.freezeRel == t.OID {
		b.bi.Freeze()
	}
	b.bi.UseBulkWriteRing()
	b.bi.Stored = b.stored
	return b
}

func (b *indexedBulkInserter) Add(values []types.Datum) error {
	row, err := b.s.stored(b.t, values)
	if err != nil {
		return err
	}
	// The executor may reuse its slices for the next row.
	n := len(values)
	if cap(b.slab)-len(b.slab) < n {
		b.slab = make([]types.Datum, 0, n*slabRows)
	}
	kept := b.slab[len(b.slab) : len(b.slab)+n : len(b.slab)+n]
	b.slab = b.slab[:len(b.slab)+n]
	copy(kept, values)
	values = kept
	if len(b.t.Convert) == 0 {
		row = values
	}
	p := pendingRow{row: row, values: values}
	if c := b.s.copyRunning; c != nil {
		p.line = c.lineno
	}
	b.pending = append(b.pending, p)
	// The heap's batch counts stored (TOASTed) bytes; the values kept
	// here are whole, so they bound the batch too (COPY's
	// MAX_BUFFERED_BYTES counts the input).
	for i, v := range values {
		if i < len(b.t.Columns) {
			b.pendingBytes += types.SpillSize(b.t.Columns[i].TypeOID, v)
		}
	}
	if err := b.bi.Add(row); err != nil {
		return err
	}
	if b.pendingBytes >= maxPendingValueBytes && len(b.pending) > 0 {
		return b.bi.Flush()
	}
	return nil
}

// maxPendingValueBytes bounds the values an indexedBulkInserter keeps
// for a batch not stored yet.
const maxPendingValueBytes = 1 << 20

// stored finishes each row of a batch the heap just stored, as Insert
// does after the heap insertion.
func (b *indexedBulkInserter) stored(tids []heap.TID) (err error) {
	s, t := b.s, b.t
	if len(tids) != len(b.pending) {
		return pgerr.Newf(pgerr.InternalError, "COPY stored %d rows of a batch of %d", len(tids), len(b.pending))
	}
	// An error names the row's line, not its text, which is gone
	// (CopyMultiInsertBufferFlush's cur_lineno); once the batch is in,
	// the line being read is the current one again.
	c := s.copyRunning
	var current int64
	if c != nil {
		current = c.lineno
	}
	if len(tids) >= appendRunMinRows && appendable(t) && !s.predicateActive(t) {
		// Nothing in the loop below but the index insertion touches the
		// table's one index or runs user code: its rightmost leaf may
		// stay locked from row to row (ascending keys), and is let go
		// on every way out.
		ti := writtenIndexes(t)[0]
		s.indexStats(t, ti)
		s.appendAccess = s.indexHeapAccess(t, ti)
		s.appendIndexEntries = true
		defer func() {
			s.appendIndexEntries, s.appendAccess = false, nil
			if endErr := s.btree().EndAppendRun(); endErr != nil && err == nil {
				err = endErr
			}
		}()
	}
	for i, tid := range tids {
		p := b.pending[i]
		if err := s.ctx.Err(); err != nil {
			return expr.Canceled(s.ctx)
		}
		if c != nil {
			c.lineno, c.lineValid = p.line, false
		}
		if err := s.predicateWriteNew(t, tid); err != nil {
			return err
		}
		b.stats.CountInsert(1)
		if _, err := s.insertIndexEntries(t, p.row, p.values, tid, nil); err != nil {
			return err
		}
		s.riAfterInsert(t, p.values, tid)
		if s.copyProgress {
			s.copyStored()
		}
	}
	clear(b.pending)
	b.pending, b.pendingBytes = b.pending[:0], 0
	if c != nil {
		c.lineno = current
	}
	return nil
}

func (b *indexedBulkInserter) Flush() error { return b.bi.Flush() }

// appendRunMinRows is the smallest stored batch whose index entries go
// in by append runs: a run's leaf is logged whole, which is worth it
// only for many entries (a single-row INSERT logs its entry alone, as
// PostgreSQL does).
const appendRunMinRows = 64

// appendable says whether a bulk insertion into t may insert its index
// entries by append runs (nbtree.InsertAppending): t has one index, a
// B-tree of plain columns checked as each row goes in, so that inserting
// a row's entries evaluates no expression and touches no other index.
func appendable(t *plan.Table) bool {
	ixs := writtenIndexes(t)
	if len(ixs) != 1 {
		return false
	}
	ti := ixs[0]
	return ti.Index != nil && ti.Plain() && !ti.Deferrable
}

// checkSelfModified refuses to change a row that a later command of the
// transaction changed while this statement ran (a SQL function it
// called), as ExecUpdate and ExecDelete do; a row this statement
// changed itself is passed over.
func (s *sqlCtx) checkSelfModified(res heap.TMResult, fd heap.FailureData, what string) error {
	if res != heap.TMSelfModified || fd.Cmax == s.outputCid() {
		return nil
	}
	return pgerr.Newf(pgerr.TriggeredDataChangeViolation, "tuple to be %s was already modified by an operation triggered by the current command", what).
		WithHint("Consider using an AFTER trigger instead of a BEFORE trigger to propagate changes to other rows.")
}

func modifyResult(res heap.TMResult, fd heap.FailureData, op string) (exec.ModifyResult, types.Datum, error) {
	switch res {
	case heap.TMOk:
		return exec.ModifyOK, types.Null, nil
	case heap.TMSelfModified:
		return exec.ModifySelfModified, types.Null, nil
	case heap.TMUpdated:
		return exec.ModifyUpdated, tidDatum(fd.Ctid), nil
	case heap.TMDeleted:
		return exec.ModifyDeleted, types.Null, nil
	}
	return 0, types.Null, pgerr.Newf(pgerr.InternalError, "unexpected %s result: %s", op, res)
}

func (ts *tableStore) Update(t *plan.Table, tid types.Datum, values []types.Datum) (exec.ModifyResult, types.Datum, error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return 0, types.Null, err
	}
	if err := s.predicateWriteTuple(t, datumTID(tid)); err != nil {
		return 0, types.Null, err
	}
	s.wrote = true
	row, err := s.stored(t, values)
	if err != nil {
		return 0, types.Null, err
	}
	res, fd, newTid, heapOnly, err := heap.UpdateRow(s.ctx, s.heap, t.Heap, datumTID(tid), row, s.ownXids(), xid, s.outputCid(), s.crosscheckSnapshot(), true)
	if err != nil {
		return 0, types.Null, err
	}
	if err := s.checkSelfModified(res, fd, "updated"); err != nil {
		return 0, types.Null, err
	}
	if err := s.serializationFailure(res); err != nil {
		return 0, types.Null, err
	}
	r, d, err := modifyResult(res, fd, "heap_update")
	if r == exec.ModifyOK {
		s.relStats(t).CountUpdate(heapOnly)
	}
	if r == exec.ModifyOK && riWatches(t, true) {
		old, err := s.riOldRow(t, datumTID(tid))
		if err != nil {
			return 0, types.Null, err
		}
		s.riAfterUpdate(t, old, values, newTid)
	}
	if r == exec.ModifyOK {
		if err := s.predicateWriteNew(t, newTid); err != nil {
			return 0, types.Null, err
		}
		// A heap-only version is reached through its chain's entries;
		// any other needs entries in every index.
		if !heapOnly {
			if _, err := s.insertIndexEntries(t, row, values, newTid, nil); err != nil {
				return 0, types.Null, err
			}
		}
		d = tidDatum(newTid)
	}
	return r, d, err
}

func (ts *tableStore) Delete(t *plan.Table, tid types.Datum) (exec.ModifyResult, types.Datum, error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return 0, types.Null, err
	}
	if err := s.predicateWriteTuple(t, datumTID(tid)); err != nil {
		return 0, types.Null, err
	}
	s.wrote = true
	res, fd, err := heap.Delete(s.ctx, s.heap, t.Heap, datumTID(tid), s.ownXids(), xid, s.outputCid(), s.crosscheckSnapshot(), true)
	if err != nil {
		return 0, types.Null, err
	}
	if err := s.checkSelfModified(res, fd, "deleted"); err != nil {
		return 0, types.Null, err
	}
	if err := s.serializationFailure(res); err != nil {
		return 0, types.Null, err
	}
	if res == heap.TMOk {
		s.relStats(t).CountDelete()
	}
	if res == heap.TMOk && riWatches(t, false) {
		old, err := s.riOldRow(t, datumTID(tid))
		if err != nil {
			return 0, types.Null, err
		}
		s.riAfterDelete(t, old)
	}
	return modifyResult(res, fd, "heap_delete")
}

// FetchLatest locks the newest version of an updated row
// (heapam_tuple_lock with TUPLE_LOCK_FLAG_FIND_LAST_VERSION, as
// EvalPlanQual does) and returns its values.
func (ts *tableStore) FetchLatest(t *plan.Table, tid types.Datum, values, sys []types.Datum) (types.Datum, bool, error) {
	s := ts.s
	if err := s.predicateRead(t); err != nil {
		return types.Null, false, err
	}
	xid, err := s.tx.Xid()
	if err != nil {
		return types.Null, false, err
	}
	lr, err := heap.LockTuple(s.ctx, s.heap, t.Heap, datumTID(tid), s.ownXids(), xid, s.outputCid(), heap.LockTupleExclusive,
		heap.LockWaitBlock, heap.LockFlagFindLastVersion)
	if err != nil {
		return types.Null, false, err
	}
	if lr.Result != heap.TMOk {
		return types.Null, false, nil
	}
	copy(values, lr.Values)
	if err := s.fromStored(t, values); err != nil {
		return types.Null, false, err
	}
	if sys != nil {
		sys[plan.SysTableOID] = types.Int(int64(t.OID))
		sys[plan.SysXmin], sys[plan.SysXmax] = types.Int(0), types.Int(int64(xid))
		sys[plan.SysCmin], sys[plan.SysCmax] = types.Int(0), types.Int(0)
	}
	return tidDatum(lr.TID), true, nil
}

// fromStored turns a row of t as stored into its values, in place: the
// columns stored as bytes (catalog.FromStored), then those of types
// users created (userValues).
func (s *sqlCtx) fromStored(t *plan.Table, values []types.Datum) error {
	for _, i := range t.Convert {
		var err error
		if values[i], err = catalog.FromStored(t.Columns[i].TypeOID, values[i]); err != nil {
			return err
		}
	}
	return s.userValues(t, values)
}

// userValues turns the stored forms of the values of types users
// created into their values: the label OIDs of enum columns into enum
// values (the label, its type and sort order, from pg_enum), the stored
// bytes of composite columns (and arrays of them) into records
// (compositestore.go).
func (s *sqlCtx) userValues(t *plan.Table, values []types.Datum) error {
	for _, i := range t.UserVarlena {
		v := values[i]
		if v.IsNull() || v.IsRecord() {
			continue
		}
		c := &t.Columns[i]
		d, err := s.parseStored(c.TypeOID, c.TypeMod, []byte(v.Text()), 0)
		if err != nil {
			return err
		}
		values[i] = d
	}
	for _, i := range t.Enums {
		v := values[i]
		if v.IsNull() || v.IsEnum() {
			continue
		}
		oid := uint32(v.Int())
		l, err := s.cache.EnumLabelByOID(s, oid)
		if err != nil {
			return err
		}
		if l == nil {
			return pgerr.Newf(pgerr.InvalidBinaryRepresentation, "invalid internal value for enum: %d", oid)
		}
		values[i] = types.EnumDatum(l)
	}
	return nil
}
