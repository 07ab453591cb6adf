// Index maintenance (PostgreSQL's executor/execIndexing.c and the
// relcache's index list): the plan's view of a table's B-tree indexes,
// and every row a statement stores going into each of them, unique
// indexes checked as it goes in (_bt_check_unique through
// heap.CheckUnique: a live equal key is a 23505 error, one a running
// transaction holds makes the statement wait for it).

package sql

import (
	"math"
	"slices"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/types"
)

// tableIndexes are the indexes of rel (t its table as plans see it) that
// take new rows, as execution maintains them: valid are those queries
// may read too, pending those being built or left invalid by a CREATE
// INDEX CONCURRENTLY (indisready without indisvalid).
func (s *sqlCtx) tableIndexes(rel *catalog.Relation, t *plan.Table) (valid, pending, hidden []*plan.TableIndex, err error) {
	var built map[uint32]uint32
	irels, err := s.indexRelations(rel)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, irel := range irels {
		if !irel.Index.Ready {
			continue
		}
		ti, err := s.indexDescriptor(rel, irel, t)
		if err != nil {
			return nil, nil, nil, err
		}
		switch {
		case !irel.Index.Valid:
			pending = append(pending, ti)
		case s.tx.UsesTransactionSnapshot():
			if built == nil {
				if built, err = s.indexFilesInSnapshot(rel.Indexes); err != nil {
					return nil, nil, nil, err
				}
			}
			if built[irel.OID] != irel.FileNode {
				pending = append(pending, ti)
				hidden = append(hidden, ti)
				continue
			}
			valid = append(valid, ti)
		default:
			valid = append(valid, ti)
		}
	}
	return valid, pending, hidden, nil
}

// keyAttrs are the key columns (0-based) of rel's unique indexes that
// have no expression and no predicate: the columns a foreign key may
// reference (RelationGetIndexAttrBitmap's INDEX_ATTR_BITMAP_KEY). An
// UPDATE that changes none of them takes the FOR NO KEY UPDATE row lock.
func (s *sqlCtx) keyAttrs(rel *catalog.Relation) ([]int, error) {
	out := []int{}
	irels, err := s.indexRelations(rel)
	if err != nil {
		return nil, err
	}
	for _, irel := range irels {
		if !irel.Index.Unique || irel.Index.Exprs != "" || irel.Index.Pred != "" {
			continue
		}
		for i, k := range irel.Index.Keys {
			if i >= irel.Index.NKeyAtts {
				break
			}
			if a := int(k) - 1; a >= 0 && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

// hotAttrs are the columns (0-based) any index of rel reads, in its
// columns, expressions or predicate, including indexes not yet ready
// (RelationGetIndexAttrBitmap): an UPDATE changing none of them may be
// heap-only. t's indexes are those tableIndexes described.
func (s *sqlCtx) hotAttrs(rel *catalog.Relation, t *plan.Table) ([]int, error) {
	described := map[uint32]*plan.TableIndex{}
	for _, ti := range append(append([]*plan.TableIndex(nil), t.Indexes...), t.PendingIndexes...) {
		described[ti.OID] = ti
	}
	seen := map[int]bool{}
	out := []int{}
	add := func(i int) {
		if i >= 0 && !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	irels, err := s.indexRelations(rel)
	if err != nil {
		return nil, err
	}
	for _, irel := range irels {
		for _, k := range irel.Index.Keys {
			add(int(k) - 1)
		}
		if irel.Index.Exprs == "" && irel.Index.Pred == "" {
			continue
		}
		ti := described[irel.OID]
		if ti == nil {
			if ti, err = s.indexDescriptor(rel, irel, t); err != nil {
				return nil, err
			}
		}
		for _, e := range append(append([]expr.Expr(nil), ti.Exprs...), ti.Pred) {
			plan.Walk(e, func(e expr.Expr) bool {
				if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 {
					add(v.Index)
				}
				return true
			})
		}
	}
	slices.Sort(out)
	return out, nil
}

// writtenIndexes are the indexes of t that a stored row goes into: the
// valid ones, then the pending ones.
func writtenIndexes(t *plan.Table) []*plan.TableIndex {
	if len(t.PendingIndexes) == 0 {
		return t.Indexes
	}
	return append(append([]*plan.TableIndex(nil), t.Indexes...), t.PendingIndexes...)
}

// indexDescriptor describes index irel of table rel (t as plans see it)
// for the access method and the planner: its key columns' types' order,
// DESC and NULLS FIRST, its expressions and predicate analyzed over t
// (which may be nil for an index that has neither).
func (s *sqlCtx) indexDescriptor(rel, irel *catalog.Relation, t *plan.Table) (*plan.TableIndex, error) {
	info := irel.Index
	if t == nil && (info.Exprs != "" || info.Pred != "") {
		return nil, pgerr.Newf(pgerr.InternalError, "index \"%s\" has expressions or a predicate", irel.Name)
	}
	ix := &nbtree.Index{Locator: irel.Locator(s.db), OID: irel.OID, Name: irel.Name, HeapName: rel.Name, Desc: irel.Desc,
		Unique: info.Unique, NullsNotDistinct: info.NullsNotDistinct, AllEqualImage: true, FillFactor: info.FillFactor,
		Unlogged: irel.Persistence == 'u'}
	ti := &plan.TableIndex{OID: irel.OID, Name: irel.Name, Unique: info.Unique && info.Immediate, Primary: info.Primary,
		Deferrable: info.Unique && !info.Immediate, Index: ix}
	if n, err := s.eng.Smgr.NBlocks(ix.Locator, storage.MainFork); err == nil {
		ti.Pages = float64(n)
		// Only the planner wants the height, and it sees only valid
		// indexes: one a CREATE INDEX CONCURRENTLY has not built (or
		// failed to) has no metapage to read.
		if n > 1 && info.Valid {
			if ti.TreeHeight, err = s.btree().TreeHeight(ix); err != nil {
				return nil, err
			}
		}
	}
	var exprs []expr.Expr
	if info.Exprs != "" {
		var err error
		if exprs, err = analyze.AnalyzeStoredIndexExprs(catalogAdapter{s}, info.Exprs, t, false, s.formatOptions()); err != nil {
			return nil, err
		}
		ti.Exprs = make([]expr.Expr, len(info.Keys))
	}
	if info.Pred != "" {
		pred, err := analyze.AnalyzeStoredIndexExprs(catalogAdapter{s}, info.Pred, t, true, s.formatOptions())
		if err != nil {
			return nil, err
		}
		ti.Pred = pred[0]
	}
	for i, attnum := range info.Keys {
		var typ uint32
		switch {
		case attnum == 0 && len(exprs) > 0:
			ti.Columns = append(ti.Columns, -1)
			ti.Exprs[i] = exprs[0]
			typ = exprs[0].Type()
			exprs = exprs[1:]
		case attnum <= 0 || int(attnum) > len(rel.Attrs):
			return nil, pgerr.Newf(pgerr.InternalError, "index \"%s\" has an invalid column %d", irel.Name, attnum)
		default:
			ti.Columns = append(ti.Columns, int(attnum-1))
			typ = rel.Attrs[attnum-1].Type
		}
		if i >= info.NKeyAtts {
			continue
		}
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
	if len(info.Keys) > info.NKeyAtts {
		// _bt_allequalimage: an index with INCLUDE columns is never
		// deduplicated.
		ix.AllEqualImage = false
	}
	return ti, nil
}

// estimateSize is estimate_rel_size for a table: its file's length now,
// and its rows at the density relpages and reltuples last recorded (or,
// never counted, as its row width allows); a never-counted table of
// fewer than 10 pages is taken to have 10, as it may grow. The share of
// those pages relallvisible says are all-visible is what index-only
// scans need not visit.
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
	switch {
	case rel.AllVisible <= 0 || pages <= 0:
		t.AllVisibleFrac = 0
	case float64(rel.AllVisible) >= pages:
		t.AllVisibleFrac = 1
	default:
		t.AllVisibleFrac = float64(rel.AllVisible) / pages
	}
}

// insertIndexEntries is ExecInsertIndexTuples: the row stored at tid
// goes into every index of t (row as the heap has it, values as the
// statement computed it; partial indexes only when their predicate
// holds). A key already present in a unique index is a 23505 error,
// except in one of the arbiters of ON CONFLICT, where it is reported as
// a conflict (the row's other entries may be in by then).
func (s *sqlCtx) insertIndexEntries(t *plan.Table, row, values []types.Datum, tid heap.TID, arbiters map[*plan.TableIndex]bool) (conflict bool, err error) {
	htid := nbtree.TID{Block: tid.Block, Offset: tid.Offset}
	// The key values go through a buffer kept for the next row; taken
	// off s while in use, in case an index expression inserts rows too.
	keyBuf := s.indexKeyScratch
	s.indexKeyScratch = nil
	defer func() {
		clear(keyBuf)
		s.indexKeyScratch = keyBuf
	}()
	for _, ti := range writtenIndexes(t) {
		if cap(keyBuf) < len(ti.Columns) {
			keyBuf = make([]types.Datum, len(ti.Columns))
		}
		vals, ok, err := s.indexKeysInto(keyBuf[:len(ti.Columns)], ti, row, values)
		if err != nil {
			return false, err
		}
		if !ok {
			continue
		}
		if s.appendIndexEntries {
			// A bulk insertion's batch into the table's one index: the
			// callbacks and the statistics entry were set up for the
			// batch, and no predicate lock is taken (stored).
			err = nbtree.InsertAppending(s.btree(), ti.Index, vals, htid, s.appendAccess)
			if err != nil {
				return false, s.indexInsertError(err, t, ti, vals)
			}
			continue
		}
		access := s.indexHeapAccess(t, ti)
		if s.predicateActive(t) {
			// The entry's leaf is a write: its key range's readers
			// conflict (phantoms). Later readers find the entry's row.
			ixOID := ti.OID
			withConflict := *access
			withConflict.ConflictIn = func(leaf storage.BlockNumber) error {
				return s.tx.PredicateWriteIndexPage(predicate.PageTarget(ixOID, uint32(leaf)))
			}
			access = &withConflict
		}
		// The index's pages read count for it (idx_blks_read, idx_blks_hit).
		s.indexStats(t, ti)
		err = nbtree.Insert(s.btree(), ti.Index, vals, htid, access)
		if _, isUV := nbtree.AsUniqueViolation(err); isUV && arbiters[ti] {
			return true, nil
		}
		if err != nil {
			return false, s.indexInsertError(err, t, ti, vals)
		}
		if ti.Deferrable {
			if err := s.queueUniqueRecheck(t, ti, row, values, tid); err != nil {
				return false, err
			}
		}
	}
	return false, nil
}

// indexInsertError is the error of an insertion into index ti of t: a
// unique violation gets the table, the constraint and the key's DETAIL.
func (s *sqlCtx) indexInsertError(err error, t *plan.Table, ti *plan.TableIndex, vals []types.Datum) error {
	if uv, isUV := nbtree.AsUniqueViolation(err); isUV {
		e := uv.PgError()
		e.SchemaName, e.TableName, e.ConstraintName = t.Schema, t.Name, ti.Name
		return s.withKey(e, t, ti, vals, "Key %s already exists.")
	}
	return err
}

// tableIndexKey names an index of a table as a plan sees them.
type tableIndexKey struct {
	t  *plan.Table
	ti *plan.TableIndex
}

// indexHeapAccess is what an insertion into index ti of t asks the heap
// (the uniqueness check of a unique index, the horizon of entries marked
// dead), made once per statement: the callbacks depend only on s, t and
// ti.
func (s *sqlCtx) indexHeapAccess(t *plan.Table, ti *plan.TableIndex) *nbtree.HeapAccess {
	k := tableIndexKey{t, ti}
	if a := s.indexAccess[k]; a != nil {
		return a
	}
	access := &nbtree.HeapAccess{}
	if ti.Unique {
		access = s.uniqueCheck(t)
	}
	access.DeleteHorizon = s.deleteHorizon(t)
	if s.indexAccess == nil {
		s.indexAccess = map[tableIndexKey]*nbtree.HeapAccess{}
	}
	s.indexAccess[k] = access
	return access
}

// indexEval are an index's expressions and predicate compiled for one
// statement (FormIndexDatum and ExecQual over ii_PredicateState).
type indexEval struct {
	ec    *expr.EvalContext
	exprs []expr.Evaluator // by index column, nil for plain columns
	pred  expr.Evaluator
}

// indexKeys are the values of index ti's columns for a row of its table
// (row as stored, values as the statement sees them), in the stored
// form the index keeps; ok is false when the row has no entry in the
// index (its predicate is not true).
func (s *sqlCtx) indexKeys(ti *plan.TableIndex, row, values []types.Datum) (keys []types.Datum, ok bool, err error) {
	return s.indexKeysInto(make([]types.Datum, len(ti.Columns)), ti, row, values)
}

// indexKeysInto is indexKeys filling keys, one value per index column.
func (s *sqlCtx) indexKeysInto(keys []types.Datum, ti *plan.TableIndex, row, values []types.Datum) ([]types.Datum, bool, error) {
	if ti.Plain() {
		for k, c := range ti.Columns {
			keys[k] = row[c]
		}
		return keys, true, nil
	}
	ev, err := s.indexEval(ti)
	if err != nil {
		return nil, false, err
	}
	if ev.pred != nil {
		d, err := ev.pred(ev.ec, values)
		if err != nil || d.IsNull() || !d.Bool() {
			return nil, false, err
		}
	}
	for k, c := range ti.Columns {
		if c >= 0 {
			keys[k] = row[c]
			continue
		}
		v, err := ev.exprs[k](ev.ec, values)
		if err != nil {
			return nil, false, err
		}
		if keys[k], err = s.storedKey(nil, ti, k, v); err != nil {
			return nil, false, err
		}
	}
	return keys, true, nil
}

// indexColumnType is the type of index ti's column k: its table column's
// (of t), or its expression's, with the type's length.
func indexColumnType(t *plan.Table, ti *plan.TableIndex, k int) (uint32, int16) {
	if ti.Columns[k] >= 0 {
		c := t.Columns[ti.Columns[k]]
		return c.TypeOID, c.TypeLen
	}
	typ := ti.Exprs[k].Type()
	if bt := types.ByOID(types.DomainBase(typ)); bt != nil {
		return typ, bt.Len
	}
	return typ, -1
}

// storedKey is the value v of index ti's column k in the stored form the
// heap and the index keep (t may be nil for an expression column).
func (s *sqlCtx) storedKey(t *plan.Table, ti *plan.TableIndex, k int, v types.Datum) (types.Datum, error) {
	if typ, typLen := indexColumnType(t, ti, k); catalog.StoredAsBytes(typ, typLen) && typ != types.OidPgNodeTree {
		return s.toStored(typ, v)
	}
	return v, nil
}

// indexEval compiles ti's expressions and predicate for this statement,
// once.
func (s *sqlCtx) indexEval(ti *plan.TableIndex) (*indexEval, error) {
	if ev := s.indexEvals[ti]; ev != nil {
		return ev, nil
	}
	ev := &indexEval{ec: &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: s.formatOptions(), Catalog: names{s}}}
	for _, e := range ti.Exprs {
		var c expr.Evaluator
		if e != nil {
			var err error
			if c, err = expr.Compile(e); err != nil {
				return nil, err
			}
		}
		ev.exprs = append(ev.exprs, c)
	}
	if ti.Pred != nil {
		var err error
		if ev.pred, err = expr.Compile(ti.Pred); err != nil {
			return nil, err
		}
	}
	if s.indexEvals == nil {
		s.indexEvals = map[*plan.TableIndex]*indexEval{}
	}
	s.indexEvals[ti] = ev
	return ev, nil
}

// btree is the process's B-tree access, checking for interrupts in the
// statement's context.
func (s *sqlCtx) btree() *nbtree.Env {
	e := s.eng.Btree
	if s.btreeInterrupt == nil || s.btreeCtx != s.ctx {
		ctx := s.ctx
		s.btreeCtx = ctx
		s.btreeInterrupt = func() error {
			if ctx.Err() != nil {
				return expr.Canceled(ctx)
			}
			return nil
		}
	}
	e.Interrupt = s.btreeInterrupt
	return e
}

// uniqueCheck asks the heap about the row an equal key points to
// (SnapshotDirty) and waits for the transaction that holds it.
func (s *sqlCtx) uniqueCheck(t *plan.Table) *nbtree.HeapAccess {
	return &nbtree.HeapAccess{
		Check: func(htid nbtree.TID) (nbtree.HeapState, uint32, error) {
			st, xid, _, err := heap.CheckUniqueChain(s.heap, t.Heap, heap.TID{Block: htid.Block, Offset: htid.Offset}, s.ownXids(), s.oldestXmin)
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

// oldestXmin is the statement's vacuum horizon for the relations of its
// database (GetOldestXminForDatabase), taken the first time a row
// version is found not live: one deleted before it is dead to everyone
// who can read the relation, and its index entry may be marked LP_DEAD.
// A horizon taken earlier is only older, and kills less.
func (s *sqlCtx) oldestXmin() transam.TransactionId {
	if !s.horizon.IsValid() {
		s.horizon = s.vacuumHorizon(false)
	}
	return s.horizon
}

// oldestXminShared is oldestXmin for the shared catalogs, which every
// database reads (GetOldestXmin).
func (s *sqlCtx) oldestXminShared() transam.TransactionId {
	if !s.sharedHorizon.IsValid() {
		s.sharedHorizon = s.vacuumHorizon(true)
	}
	return s.sharedHorizon
}

// horizonOf is the statement's horizon function for t's rows.
func (s *sqlCtx) horizonOf(t *plan.Table) func() transam.TransactionId {
	if t.Entry != nil && t.Entry.Shared {
		return s.oldestXminShared
	}
	return s.oldestXmin
}

// vacuumHorizon is GetOldestNonRemovableTransactionId: the oldest xid
// still running or in a snapshot of a process that may read the
// relation, for this database's relations or (shared) the shared
// catalogs.
func (s *sqlCtx) vacuumHorizon(shared bool) transam.TransactionId {
	if shared {
		return s.heap.Xact.GetOldestXmin(s.heap.Owner)
	}
	return s.heap.Xact.GetOldestXminForDatabase(s.heap.Owner, s.db)
}

// deleteHorizon lets an insertion into a full leaf of one of t's indexes
// first remove the entries marked LP_DEAD (simple deletion): only scans
// that found their rows dead to every transaction, and uniqueness checks
// that found their inserters aborted, mark entries so.
func (s *sqlCtx) deleteHorizon(t *plan.Table) func(htids []nbtree.TID) (uint32, error) {
	return func(htids []nbtree.TID) (uint32, error) {
		tids := make([]heap.TID, len(htids))
		for i, h := range htids {
			tids[i] = heap.TID{Block: h.Block, Offset: h.Offset}
		}
		xid, err := heap.ConflictHorizon(s.heap, t.Heap, tids)
		return uint32(xid), err
	}
}

// withKey adds to e, a unique index's 23505 error from the access method
// (which has no column names or output functions), the DETAIL naming
// the key ("Key %s already exists.", "Key %s is duplicated."), as
// BuildIndexValueDescription prints it.
func (s *sqlCtx) withKey(e *pgerr.Error, t *plan.Table, ti *plan.TableIndex, vals []types.Datum, detail string) error {
	desc, err := s.keyDescription(t, ti, vals)
	if err != nil {
		return err
	}
	return e.WithDetail(detail, desc)
}

// keyDescription is "(a, b)=(1, x)": the index's key columns and the
// values' text.
func (s *sqlCtx) keyDescription(t *plan.Table, ti *plan.TableIndex, vals []types.Datum) (string, error) {
	var cols, texts []string
	format := s.formatOptions()
	for k := range ti.Index.Keys {
		typ, typLen := indexColumnType(t, ti, k)
		if ti.Columns[k] < 0 {
			// As pg_get_indexdef_columns prints it.
			text, err := indexExprText(ti.Exprs[k], true, func(v *expr.Var) string { return t.Columns[v.Index].Name })
			if err != nil {
				return "", err
			}
			cols = append(cols, text)
		} else {
			cols = append(cols, builtins.QuoteIdent(t.Columns[ti.Columns[k]].Name))
		}
		v := vals[k]
		if v.IsNull() {
			texts = append(texts, "null")
			continue
		}
		if catalog.StoredAsBytes(typ, typLen) {
			if d, err := catalog.FromStored(typ, v); err == nil {
				v = d
			}
		}
		texts = append(texts, types.FormatText(typ, v, format))
	}
	return "(" + strings.Join(cols, ", ") + ")=(" + strings.Join(texts, ", ") + ")", nil
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

// indexExprStats reads the statistics ANALYZE left of the expression
// columns of t's indexes into their ExprStats.
func (s *sqlCtx) indexExprStats(t *plan.Table) error {
	for _, ti := range t.Indexes {
		if ti.Exprs == nil {
			continue
		}
		irel, err := s.cache.RelationByOID(s, ti.OID)
		if err != nil || irel == nil {
			return err
		}
		all, err := s.cache.Statistics(s, irel)
		if err != nil {
			return err
		}
		for k, e := range ti.Exprs {
			if st := all[int16(k+1)]; e != nil && st != nil {
				if ti.ExprStats == nil {
					ti.ExprStats = map[int]*catalog.ColumnStats{}
				}
				ti.ExprStats[k] = st
			}
		}
	}
	return nil
}

// InsertUnlessConflict is INSERT ... ON CONFLICT for one row (ExecInsert's
// speculative insertion): the arbiter indexes are searched for a live
// row with the new row's key first (a running transaction holding one is
// waited for); without one the row is stored, and should an arbiter find
// a conflicting key meanwhile committed by another session, the row is
// taken back (heap.AbortSpeculative) and the check runs again. When the
// row is not stored, conflict is the tid of the live row that has its
// key.
func (ts *tableStore) InsertUnlessConflict(t *plan.Table, values []types.Datum, arbiters []*plan.TableIndex) (tid types.Datum, inserted bool, conflict types.Datum, err error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return types.Null, false, types.Null, err
	}
	// The arbiter probe reads the table; the insertion writes it.
	if err := s.predicateRead(t); err != nil {
		return types.Null, false, types.Null, err
	}
	if err := s.predicateWrite(t); err != nil {
		return types.Null, false, types.Null, err
	}
	s.wrote = true
	row, err := s.stored(t, values)
	if err != nil {
		return types.Null, false, types.Null, err
	}
	isArbiter := map[*plan.TableIndex]bool{}
	for _, ix := range arbiters {
		isArbiter[ix] = true
	}
	for {
		found, ok, err := s.findConflict(t, arbiters, row, values, heap.TID{})
		if err != nil {
			return types.Null, false, types.Null, err
		}
		if ok {
			return types.Null, false, tidDatum(found), s.checkConflictVisible(t.Heap, found)
		}
		tid, err := heap.Insert(s.heap, t.Heap, row, xid, s.outputCid())
		if err != nil {
			return types.Null, false, types.Null, err
		}
		s.relStats(t).CountInsert(1)
		raced, err := s.insertIndexEntries(t, row, values, tid, isArbiter)
		if err != nil {
			return types.Null, false, types.Null, err
		}
		if !raced {
			s.riAfterInsert(t, values, tid)
			return tidDatum(tid), true, types.Null, nil
		}
		if err := heap.AbortSpeculative(s.heap, t.Heap, tid, s.ownXids(), xid, s.outputCid()); err != nil {
			return types.Null, false, types.Null, err
		}
	}
}

// LockConflicting is the row lock of ON CONFLICT DO UPDATE
// (ExecOnConflictUpdate): the row at tid, which InsertUnlessConflict
// found holding the proposed key, is locked for update and its values
// read into values. locked is false when a concurrent transaction
// updated or deleted it meanwhile: the caller tries the insertion again.
// A row this command inserted or changed itself cannot be changed a
// second time (21000).
func (ts *tableStore) LockConflicting(t *plan.Table, tid types.Datum, values []types.Datum) (locked bool, err error) {
	s := ts.s
	xid, err := s.tx.Xid()
	if err != nil {
		return false, err
	}
	lr, err := heap.LockTuple(s.ctx, s.heap, t.Heap, datumTID(tid), s.ownXids(), xid, s.outputCid(), heap.LockTupleExclusive, heap.LockWaitBlock, 0)
	if err != nil {
		return false, err
	}
	switch lr.Result {
	case heap.TMOk:
	case heap.TMInvisible:
		if s.ownXids().Contains(lr.Failure.Xmin) {
			return false, pgerr.New(pgerr.CardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time").
				WithHint("Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
		}
		return false, pgerr.New(pgerr.InternalError, "attempted to lock invisible tuple")
	case heap.TMSelfModified:
		return false, pgerr.New(pgerr.InternalError, "unexpected self-updated tuple")
	case heap.TMUpdated, heap.TMDeleted:
		// READ COMMITTED tries the insertion again; REPEATABLE READ
		// cannot see the row's new state.
		return false, s.serializationFailure(lr.Result)
	default:
		return false, pgerr.Newf(pgerr.InternalError, "unrecognized table_tuple_lock status: %s", lr.Result)
	}
	copy(values, lr.Values)
	return true, s.fromStored(t, values)
}

// findConflict finds a live row of t, other than the one at except (the
// zero TID: none), that has row's key in one of the arbiter indexes
// (ExecCheckIndexConstraints), waiting for a running transaction that
// inserted or is deleting such a row and looking again.
func (s *sqlCtx) findConflict(t *plan.Table, arbiters []*plan.TableIndex, row, values []types.Datum, except heap.TID) (heap.TID, bool, error) {
	for _, ti := range arbiters {
		vals, ok, err := s.indexKeys(ti, row, values)
		if err != nil {
			return heap.TID{}, false, err
		}
		if !ok {
			// Not in this partial index: nothing there to conflict with.
			continue
		}
	again:
		keys := make([]nbtree.ScanKey, len(ti.Index.Keys))
		skip := false
		for k := range ti.Index.Keys {
			v := vals[k]
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
			return heap.TID{}, false, err
		}
		for {
			if s.ctx.Err() != nil {
				sc.Close()
				return heap.TID{}, false, expr.Canceled(s.ctx)
			}
			tid, ok, err := sc.Next()
			if err != nil {
				sc.Close()
				return heap.TID{}, false, err
			}
			if !ok {
				break
			}
			if tid.Block == except.Block && tid.Offset == except.Offset {
				continue
			}
			st, xid, found, err := heap.CheckUniqueChain(s.heap, t.Heap, heap.TID{Block: tid.Block, Offset: tid.Offset}, s.ownXids(), s.oldestXmin)
			if err != nil {
				sc.Close()
				return heap.TID{}, false, err
			}
			switch st {
			case heap.UniqueLive:
				sc.Close()
				return found, true, nil
			case heap.UniqueInProgress:
				sc.Close()
				if err := s.heap.Locks.XactLockTableWait(s.ctx, uint32(xid)); err != nil {
					return heap.TID{}, false, err
				}
				goto again
			}
		}
		sc.Close()
	}
	return heap.TID{}, false, nil
}

// indexRelations are the index relations of rel's indexes (rel.Indexes)
// that the catalog cache finds with their pg_index rows.
func (s *sqlCtx) indexRelations(rel *catalog.Relation) ([]*catalog.Relation, error) {
	out := make([]*catalog.Relation, 0, len(rel.Indexes))
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return nil, err
		}
		if irel != nil && irel.Index != nil {
			out = append(out, irel)
		}
	}
	return out, nil
}

// indexOfTableByName finds the index named name in rel's schema, which
// must be one of rel's (CLUSTER ... USING, ALTER TABLE ... CLUSTER ON).
func (s *sqlCtx) indexOfTableByName(rel *catalog.Relation, name string) (uint32, error) {
	oid, err := s.cache.RelationOID(s, rel.Namespace, name)
	if err != nil {
		return 0, err
	}
	if oid == 0 {
		return 0, pgerr.Newf(pgerr.UndefinedObject, "index \"%s\" for table \"%s\" does not exist", name, rel.Name)
	}
	irel, err := s.cache.RelationByOID(s, oid)
	if err != nil {
		return 0, err
	}
	if irel == nil || irel.Index == nil || irel.Index.Table != rel.OID {
		return 0, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not an index for table \"%s\"", name, rel.Name)
	}
	return oid, nil
}

// markOnlyIndex sets pg_index's boolean column flag on index (0: none)
// and clears it on rel's other indexes, as mark_index_clustered does
// for indisclustered and ATExecReplicaIdentity for indisreplident; rows
// already right are left alone.
func (s *sqlCtx) markOnlyIndex(rel *catalog.Relation, flag string, index uint32) error {
	c := catalog.Lookup("pg_index")
	iIndex, iTable, iFlag := c.Column("indexrelid"), c.Column("indrelid"), c.Column(flag)
	if err := s.updateCatalogRows(c, "indexrelid", func(r []types.Datum) bool {
		return uint32(r[iTable].Int()) == rel.OID && r[iFlag].Bool() != (uint32(r[iIndex].Int()) == index)
	}, func(r []types.Datum) { r[iFlag] = types.Bool(uint32(r[iIndex].Int()) == index) }); err != nil {
		return err
	}
	for _, ix := range rel.Indexes {
		s.cache.InvalidateRelation(ix, false)
	}
	s.cache.InvalidateRelation(rel.OID, false)
	return nil
}
