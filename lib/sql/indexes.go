// Index maintenance (PostgreSQL's executor/execIndexing.c and the
// relcache's index list): the plan's view of a table's B-tree indexes,
// and every row a statement stores going into each of them, unique
// indexes checked as it goes in (_bt_check_unique through
// heap.CheckUnique: a live equal key is a 23505 error, one a running
// transaction holds makes the statement wait for it).

package sql

import (
	"errors"
	"math"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// tableIndexes are the indexes of rel that take new rows, as execution
// maintains them.
func (s *sqlCtx) tableIndexes(rel *catalog.Relation) ([]*plan.TableIndex, error) {
	var out []*plan.TableIndex
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return nil, err
		}
		if irel == nil || irel.Index == nil || !irel.Index.Ready {
			continue
		}
		ti, err := s.indexDescriptor(rel, irel)
		if err != nil {
			return nil, err
		}
		out = append(out, ti)
	}
	return out, nil
}

// indexDescriptor describes index irel of table rel for the access
// method: its key columns' types' order, DESC and NULLS FIRST.
func (s *sqlCtx) indexDescriptor(rel, irel *catalog.Relation) (*plan.TableIndex, error) {
	info := irel.Index
	ix := &nbtree.Index{Locator: irel.Locator(s.db), Name: irel.Name, HeapName: rel.Name, Desc: irel.Desc,
		Unique: info.Unique, NullsNotDistinct: info.NullsNotDistinct, AllEqualImage: true, FillFactor: info.FillFactor}
	ti := &plan.TableIndex{OID: irel.OID, Name: irel.Name, Unique: info.Unique && info.Immediate, Primary: info.Primary, Index: ix}
	if n, err := s.eng.Smgr.NBlocks(ix.Locator, storage.MainFork); err == nil {
		ti.Pages = float64(n)
	}
	for i, attnum := range info.Keys {
		if attnum <= 0 || int(attnum) > len(rel.Attrs) {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "index \"%s\" on expressions is not supported", irel.Name)
		}
		ti.Columns = append(ti.Columns, int(attnum-1))
		if i >= info.NKeyAtts {
			continue
		}
		typ := rel.Attrs[attnum-1].Type
		var opt int16
		if i < len(info.Options) {
			opt = info.Options[i]
		}
		ix.Keys = append(ix.Keys, nbtree.KeyColumn{
			Compare:    func(a, b types.Datum) int { return types.Compare(typ, a, b) },
			Desc:       opt&catalog.IndexOptionDesc != 0,
			NullsFirst: opt&catalog.IndexOptionNullsFirst != 0,
		})
		if i < len(info.Classes) {
			oc, ok := catalog.BtreeOpclassByOID(info.Classes[i])
			ix.AllEqualImage = ix.AllEqualImage && ok && catalog.EqualImage(oc.Family)
		}
	}
	return ti, nil
}

// estimateSize is estimate_rel_size for a table: its file's length now,
// and its rows at the density relpages and reltuples last recorded (or,
// never counted, as its row width allows); a never-counted table of
// fewer than 10 pages is taken to have 10, as it may grow.
func (s *sqlCtx) estimateSize(rel *catalog.Relation, t *plan.Table) {
	n, err := s.eng.Smgr.NBlocks(t.Locator, storage.MainFork)
	if err != nil {
		return
	}
	pages := float64(n)
	if pages < 10 && rel.Pages == 0 && rel.Tuples < 0 {
		pages = 10
	}
	var density float64
	if rel.Pages > 0 && rel.Tuples >= 0 {
		density = float64(rel.Tuples) / float64(rel.Pages)
	} else {
		// get_rel_data_width: about 32 bytes a column when unknown,
		// plus the tuple header and line pointer.
		width := 0
		for _, a := range rel.Attrs {
			if a.Dropped {
				continue
			}
			if a.Len > 0 {
				width += int(a.Len)
			} else {
				width += 32
			}
		}
		density = float64(8192-24) / float64(width+24+4)
	}
	t.Pages, t.Tuples = pages, math.Round(density*pages)
}

// insertIndexEntries is ExecInsertIndexTuples: the row stored at tid
// (its stored form, as the heap has it) goes into every index of t. A
// key already present in a unique index is a 23505 error, except in one
// of the arbiters of ON CONFLICT, where it is reported as a conflict
// (the row's other entries may be in by then).
func (s *sqlCtx) insertIndexEntries(t *plan.Table, row []types.Datum, tid heap.TID, arbiters map[*plan.TableIndex]bool) (conflict bool, err error) {
	htid := nbtree.TID{Block: tid.Block, Offset: tid.Offset}
	for _, ti := range t.Indexes {
		vals := make([]types.Datum, len(ti.Columns))
		for k, c := range ti.Columns {
			vals[k] = row[c]
		}
		var uc *nbtree.HeapAccess
		if ti.Unique {
			uc = s.uniqueCheck(t)
		}
		err := nbtree.Insert(s.btree(), ti.Index, vals, htid, uc)
		var uv *nbtree.UniqueViolation
		if errors.As(err, &uv) {
			if arbiters[ti] {
				return true, nil
			}
			return false, s.withKey(uv.PgError(), t, ti, vals, "Key %s already exists.")
		}
		if err != nil {
			return false, err
		}
	}
	return false, nil
}

// btree is the process's B-tree access, checking for interrupts in the
// statement's context.
func (s *sqlCtx) btree() *nbtree.Env {
	e := s.eng.Btree
	ctx := s.ctx
	e.Interrupt = func() error {
		if ctx.Err() != nil {
			return expr.Canceled(ctx)
		}
		return nil
	}
	return e
}

// uniqueCheck asks the heap about the row an equal key points to
// (SnapshotDirty) and waits for the transaction that holds it.
func (s *sqlCtx) uniqueCheck(t *plan.Table) *nbtree.HeapAccess {
	return &nbtree.HeapAccess{
		Check: func(htid nbtree.TID) (nbtree.HeapState, uint32, error) {
			st, xid, err := heap.CheckUnique(s.heap, t.Heap, heap.TID{Block: htid.Block, Offset: htid.Offset}, s.ownXids())
			switch st {
			case heap.UniqueLive:
				return nbtree.HeapLive, 0, err
			case heap.UniqueInProgress:
				return nbtree.HeapInProgress, uint32(xid), err
			case heap.UniqueNotLive:
				return nbtree.HeapNotLive, 0, err
			}
			return nbtree.HeapDead, 0, err
		},
		Wait: func(xid uint32) error {
			if transam.TransactionId(xid) == transam.InvalidTransactionId {
				return nil
			}
			return s.heap.Locks.XactLockTableWait(s.ctx, xid)
		},
	}
}

// withKey adds to e, a unique index's 23505 error from the access method
// (which has no column names or output functions), the DETAIL naming
// the key ("Key %s already exists.", "Key %s is duplicated."), as
// BuildIndexValueDescription prints it.
func (s *sqlCtx) withKey(e *pgerr.Error, t *plan.Table, ti *plan.TableIndex, vals []types.Datum, detail string) error {
	return e.WithDetail(detail, s.keyDescription(t, ti, vals))
}

// keyDescription is "(a, b)=(1, x)": the index's key columns and the
// values' text.
func (s *sqlCtx) keyDescription(t *plan.Table, ti *plan.TableIndex, vals []types.Datum) string {
	var cols, texts []string
	format := s.formatOptions()
	for k := range ti.Index.Keys {
		c := t.Columns[ti.Columns[k]]
		cols = append(cols, builtins.QuoteIdent(c.Name))
		v := vals[k]
		if v.IsNull() {
			texts = append(texts, "null")
			continue
		}
		if catalog.StoredAsBytes(c.TypeOID, c.TypeLen) {
			if d, err := catalog.FromStored(c.TypeOID, v); err == nil {
				v = d
			}
		}
		texts = append(texts, types.FormatText(c.TypeOID, v, format))
	}
	return "(" + strings.Join(cols, ", ") + ")=(" + strings.Join(texts, ", ") + ")"
}

// columnStats are the statistics of rel's columns cols (positions in
// its attributes) that ANALYZE left, by position.
func (s *sqlCtx) columnStats(rel *catalog.Relation, cols []int) (map[int]*catalog.ColumnStats, error) {
	all, err := s.cache.Statistics(s, rel)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	out := map[int]*catalog.ColumnStats{}
	for _, c := range cols {
		if st := all[int16(c+1)]; st != nil {
			out[c] = st
		}
	}
	return out, nil
}

// InsertUnlessConflict is INSERT ... ON CONFLICT DO NOTHING for one row
// (ExecInsert's speculative insertion): the arbiter indexes are searched
// for a live row with the new row's key first (a running transaction
// holding one is waited for); without one the row is stored, and should
// an arbiter find a conflicting key meanwhile committed by another
// session, the row is taken back (heap.AbortSpeculative) and the check
// runs again.
func (ts *tableStore) InsertUnlessConflict(t *plan.Table, values []types.Datum, arbiters []*plan.TableIndex) (types.Datum, bool, error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return types.Null, false, err
	}
	s.wrote = true
	row, err := s.stored(t, values)
	if err != nil {
		return types.Null, false, err
	}
	isArbiter := map[*plan.TableIndex]bool{}
	for _, ix := range arbiters {
		isArbiter[ix] = true
	}
	for {
		conflict, err := s.findConflict(t, arbiters, row)
		if err != nil || conflict {
			return types.Null, false, err
		}
		tid, err := heap.Insert(s.heap, t.Heap, row, xid, s.outputCid())
		if err != nil {
			return types.Null, false, err
		}
		raced, err := s.insertIndexEntries(t, row, tid, isArbiter)
		if err != nil {
			return types.Null, false, err
		}
		if !raced {
			s.riAfterInsert(t, values, tid)
			return tidDatum(tid), true, nil
		}
		if err := heap.AbortSpeculative(s.heap, t.Heap, tid, s.ownXids(), xid, s.outputCid()); err != nil {
			return types.Null, false, err
		}
	}
}

// findConflict reports whether a live row of t has row's key in one of
// the arbiter indexes (ExecCheckIndexConstraints), waiting for a running
// transaction that inserted or is deleting such a row and looking again.
func (s *sqlCtx) findConflict(t *plan.Table, arbiters []*plan.TableIndex, row []types.Datum) (bool, error) {
	for _, ti := range arbiters {
	again:
		keys := make([]nbtree.ScanKey, len(ti.Index.Keys))
		skip := false
		for k := range ti.Index.Keys {
			v := row[ti.Columns[k]]
			switch {
			case !v.IsNull():
				keys[k] = nbtree.ScanKey{Column: k, Strategy: nbtree.Equal, Arg: v}
			case ti.Index.NullsNotDistinct:
				keys[k] = nbtree.ScanKey{Column: k, Strategy: nbtree.IsNull}
			default:
				// A NULL key conflicts with nothing.
				skip = true
			}
		}
		if skip {
			continue
		}
		sc, err := nbtree.BeginScan(s.btree(), ti.Index, keys, nbtree.Forward)
		if err != nil {
			return false, err
		}
		for {
			if s.ctx.Err() != nil {
				sc.Close()
				return false, expr.Canceled(s.ctx)
			}
			tid, ok, err := sc.Next()
			if err != nil {
				sc.Close()
				return false, err
			}
			if !ok {
				break
			}
			st, xid, err := heap.CheckUnique(s.heap, t.Heap, heap.TID{Block: tid.Block, Offset: tid.Offset}, s.ownXids())
			if err != nil {
				sc.Close()
				return false, err
			}
			switch st {
			case heap.UniqueLive:
				sc.Close()
				return true, nil
			case heap.UniqueInProgress:
				sc.Close()
				if err := s.heap.Locks.XactLockTableWait(s.ctx, uint32(xid)); err != nil {
					return false, err
				}
				goto again
			}
		}
		sc.Close()
	}
	return false, nil
}
