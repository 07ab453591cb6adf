// This file implements the scan nodes: tables (through TableStore),
// relations the session computes, set-returning functions, VALUES lists
// and subqueries. A scan places its values at its entry's offset in a
// row as wide as its query level's row.

package exec

import (
	"slices"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ModifyResult is the outcome of an update or delete of one row
// (PostgreSQL's TM_Result).
type ModifyResult int8

// Outcomes of TableStore.Update and Delete.
const (
	// ModifyOK: the row was changed.
	ModifyOK ModifyResult = iota
	// ModifySelfModified: the row was already changed by this command
	// (TM_SelfModified); it is skipped.
	ModifySelfModified
	// ModifyUpdated: a concurrent transaction updated the row and
	// committed (after the store waited for it); the returned tid is the
	// newer version's (TM_Updated).
	ModifyUpdated
	// ModifyDeleted: a concurrent transaction deleted the row and
	// committed (TM_Deleted).
	ModifyDeleted
)

// TableStore is a statement's access to tables: reads see the
// statement's snapshot, writes are done as its transaction and command.
// Values are one Datum per user column (dropped columns NULL); tids are
// tid Datums (types.Tid).
type TableStore interface {
	// Scan reads the rows of t visible to the statement. need, when not
	// nil, names the columns the caller reads (need[i] for column i, then
	// the system columns in plan.Sys* order when it is longer): the
	// others may read as NULL.
	Scan(t *plan.Table, need []bool) (TableScan, error)
	// IndexScan reads, as Scan does, the rows of t whose entries in its
	// index ix match every key, in the index's order (reversed when
	// backward).
	IndexScan(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, backward bool, need []bool) (TableScan, error)
	// IndexOnlyScan is IndexScan filling values from the index entries
	// (the columns ix holds; the others stay NULL) rather than the rows:
	// each entry's row is still checked to be one the statement sees,
	// in the heap unless its page is known all-visible, and heapFetches
	// (when not nil) counts those checks.
	IndexOnlyScan(t *plan.Table, ix *plan.TableIndex, keys []nbtree.ScanKey, backward bool, heapFetches *int64) (TableScan, error)
	// Fetch reads the row at tid as the statement sees it into values
	// (the user columns); ok is false when the statement does not see a
	// row there.
	Fetch(t *plan.Table, tid types.Datum, values []types.Datum) (ok bool, err error)
	// Insert stores a new row and returns its tid.
	Insert(t *plan.Table, values []types.Datum) (types.Datum, error)
	// InsertUnlessConflict stores a new row unless a live row has an
	// equal key in one of the arbiter indexes (ON CONFLICT), waiting for
	// a transaction that holds such a key; inserted is false when the
	// row was not stored, and conflict is then the live row's tid.
	InsertUnlessConflict(t *plan.Table, values []types.Datum, arbiters []*plan.TableIndex) (tid types.Datum, inserted bool, conflict types.Datum, err error)
	// LockConflicting locks for update the row at tid that
	// InsertUnlessConflict reported (ON CONFLICT DO UPDATE) and reads its
	// user columns into values; locked is false when a concurrent
	// transaction updated or deleted it first.
	LockConflicting(t *plan.Table, tid types.Datum, values []types.Datum) (locked bool, err error)
	// Update replaces the row at tid by a new version with values. When a
	// concurrent transaction holds the row, it waits for it to end.
	Update(t *plan.Table, tid types.Datum, values []types.Datum) (ModifyResult, types.Datum, error)
	// Delete deletes the row at tid, waiting like Update.
	Delete(t *plan.Table, tid types.Datum) (ModifyResult, types.Datum, error)
	// FetchLatest follows the update chain from tid to the newest
	// committed version of the row, filling values and sys (which may be
	// nil) and returning its tid; ok is false when the row was deleted.
	FetchLatest(t *plan.Table, tid types.Datum, values, sys []types.Datum) (newTid types.Datum, ok bool, err error)
}

// BulkInsertStore is implemented by table stores that can store the
// rows of an INSERT in batches (plan.ModifyTable.Bulk).
type BulkInsertStore interface {
	// BulkInsert starts a batch insertion into t for this statement.
	BulkInsert(t *plan.Table) (BulkInserter, error)
}

// BulkInserter takes the new rows of one INSERT. Add may keep a row
// until later (it copies what it keeps; errors about the row come at
// once); Flush stores what is pending and must be called when the input
// ends.
type BulkInserter interface {
	Add(values []types.Datum) error
	Flush() error
}

// RowScan is implemented by table scans that can hand over each row's
// user column values as a fresh slice of their own (no copy), for scans
// whose level row is exactly the table's columns.
type RowScan interface {
	NextRow() ([]types.Datum, bool, error)
}

// TableScan iterates over the visible rows of a table.
type TableScan interface {
	// Next fills values (the user columns) and, when sys is not nil,
	// sys with the system columns (ctid, xmin, cmin, xmax, cmax,
	// tableoid) of the next row. The Datums are the caller's to keep.
	Next(values, sys []types.Datum) (bool, error)
	// Close releases what the scan holds.
	Close()
}

// scanIter reads a relation the session computes.
type scanIter struct {
	ec     *expr.EvalContext
	src    Source
	node   *plan.Scan
	rows   [][]types.Datum
	loaded bool
	pos    int
}

func (s *scanIter) Next() ([]types.Datum, bool, error) {
	if err := s.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	if !s.loaded {
		rel, ok := s.src.VirtualRelation(s.node.Schema, s.node.Name)
		if !ok {
			return nil, false, pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", s.node.Name)
		}
		if rel.Rows != nil {
			rows, err := rel.Rows()
			if err != nil {
				return nil, false, err
			}
			s.rows = rows
		}
		s.loaded = true
	}
	if s.pos >= len(s.rows) {
		return nil, false, nil
	}
	row := s.rows[s.pos]
	s.pos++
	if len(row) != len(s.node.Columns) {
		return nil, false, pgerr.Newf(pgerr.InternalError, "relation \"%s\" produced a row of %d columns, expected %d",
			s.node.Name, len(row), len(s.node.Columns))
	}
	out := make([]types.Datum, s.node.Level)
	copy(out[s.node.Offset:], row)
	return out, true, nil
}

// tableScanIter reads a table through the TableStore.
type tableScanIter struct {
	ec    *expr.EvalContext
	node  *plan.TableScan
	scan  TableScan
	quals []expr.Evaluator
	natts int
	done  bool
	// borrow is set by a consumer that is done with each row before it
	// asks for the next and keeps no row slice (it copies the Datums it
	// keeps): the scan then fills one reused row instead of a fresh one.
	borrow bool
	// lend is set by lendValues: the heap scan may reuse the memory its
	// values point to, once asked (lent).
	lend, lent bool
	buf        []types.Datum
	// rejected is the last fresh row the quals turned down, to be filled
	// again (not borrow).
	rejected []types.Datum
	slab     datumSlab
	rows     uint32 // rows read, for the cancellation check
	// filtered, under EXPLAIN ANALYZE, counts the rows the quals
	// rejected (Rows Removed by Filter).
	filtered *int64
}

// ValueLender is a TableScan that can make the values of each page's
// rows in the memory of the previous page's (heap.Scan's LendValues).
type ValueLender interface{ LendValues() }

// lendValues lets in, when it is a heap scan (or a projection of its
// columns) reading only columns whose values are by value or byte
// strings, reuse the memory of its values page after page: for a
// consumer that copies what it keeps (types.OwnBytes) and reads nothing
// of a row after asking for a later one.
func lendValues(in iterator) {
	switch it := (*uninstrumented(&in)).(type) {
	case *tableScanIter:
		if plainValues(it.node) {
			it.lend = true
		}
	case *projectIter:
		if it.cols != nil {
			lendValues(it.in)
		}
	}
}

// plainValues reports whether every column scan reads is of a type whose
// Datum is by value or a byte string (nothing inside an array, record or
// other structure could point into lent memory).
func plainValues(scan *plan.TableScan) bool {
	if scan.Table == nil || scan.Index != nil || scan.Bitmap != nil {
		return false
	}
	for i, c := range scan.Table.Columns {
		if scan.Need != nil && i < len(scan.Need) && !scan.Need[i] {
			continue
		}
		t := types.ByOID(types.DomainBase(c.TypeOID))
		if t == nil {
			return false
		}
		switch {
		case t.ByVal:
		case t.OID == types.OidText, t.OID == types.OidVarchar, t.OID == types.OidBpchar, t.OID == types.OidBytea:
		default:
			return false
		}
	}
	return true
}

// borrowRows lets in, when it is a table scan or a projection, hand its
// consumer one reused row: only for consumers that keep no row slice
// past their next call of Next (they keep Datums, which stay valid, or
// copies of rows). Rows are fresh otherwise.
func borrowRows(in iterator) {
	switch it := (*uninstrumented(&in)).(type) {
	case *tableScanIter:
		it.borrow = true
	case *projectIter:
		it.borrow = true
	}
}

func (x *executor) buildTableScan(n *plan.TableScan) (iterator, error) {
	store := x.src.Tables()
	if store == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" cannot be read in this session", n.Table.Name)
	}
	if n.Bitmap != nil {
		return x.buildBitmapHeapScan(n)
	}
	quals, err := compileAll(n.Quals)
	if err != nil {
		return nil, err
	}
	l := lazyScan{store: store, t: n.Table, need: n.Need}
	if n.Index != nil {
		// An index scan on the inner side of a nested loop reads the
		// outer row its keys are built from.
		if l.index, err = x.compileIndexKeys(n.Index); err != nil {
			return nil, err
		}
		l.indexOnly = x.indexOnly(n)
	}
	if n.Sample != nil {
		if l.sample, err = compileSample(x.ec, n.Sample); err != nil {
			return nil, err
		}
	}
	return &tableScanIter{ec: x.ec, node: n, quals: quals, natts: len(n.Table.Columns),
		scan: l.open()}, nil
}

// compileIndexKeys compiles the key values of index path p.
func (x *executor) compileIndexKeys(p *plan.IndexPath) (*indexKeys, error) {
	ix := &indexKeys{path: p, ec: x.ec, row: x.lateralRow}
	for _, k := range p.Keys {
		var ev expr.Evaluator
		var err error
		if k.Arg != nil {
			if ev, err = expr.Compile(k.Arg); err != nil {
				return nil, err
			}
		}
		ix.args = append(ix.args, ev)
		if k.List != nil {
			if ix.list, err = compileAll(k.List); err != nil {
				return nil, err
			}
		}
	}
	return ix, nil
}

// lazyScan defers opening a scan until the first row is wanted, so that
// a plan whose rows are never read (LIMIT 0) opens nothing.
type lazyScan struct {
	store TableStore
	t     *plan.Table
	// sample makes it a TABLESAMPLE scan.
	sample *sampleScan
	// need are the columns the plan reads (plan.TableScan.Need).
	need []bool
	// index makes it an index scan, index-only with indexOnly
	// (indexonlyscan.go).
	index     *indexKeys
	indexOnly indexOnlyScan
}

// indexKeys are an index scan's keys, their values computed when the
// scan opens (they read parameters and enclosing queries' rows only).
type indexKeys struct {
	path *plan.IndexPath
	ec   *expr.EvalContext
	args []expr.Evaluator
	// list are the values of an "= ANY (list)" key.
	list []expr.Evaluator
	row  []types.Datum // the outer row of a nested loop, or nil
}

// scan opens the scan.
func (l lazyScan) scan() (TableScan, error) {
	if l.sample != nil {
		return l.sample.open(l.store, l.t)
	}
	if l.index != nil {
		ix := l.index
		keys, anyKey, values, err := ix.evaluate()
		if err != nil {
			return nil, err
		}
		if anyKey < 0 {
			return l.openIndex(keys)
		}
		// One scan per distinct value, in index order (nbtree has no
		// array keys).
		key := ix.path.Index.Index.Keys[ix.path.Keys[anyKey].Column]
		slices.SortFunc(values, func(a, b types.Datum) int {
			c := key.Compare(a, b)
			if key.Desc != ix.path.Backward {
				c = -c
			}
			return c
		})
		values = slices.CompactFunc(values, func(a, b types.Datum) bool { return key.Compare(a, b) == 0 })
		return &anyScan{l: l, keys: keys, anyKey: anyKey, values: values}, nil
	}
	return l.store.Scan(l.t, l.need)
}

// evaluate computes the scan keys; for an "= ANY" key (at anyKey, -1
// when there is none) values are its non-NULL values, to be looked up
// one at a time.
func (ix *indexKeys) evaluate() (keys []nbtree.ScanKey, anyKey int, values []types.Datum, err error) {
	keys = make([]nbtree.ScanKey, len(ix.args))
	anyKey = -1
	for i, ev := range ix.args {
		k := ix.path.Keys[i]
		if k.Null != nil {
			keys[i] = nbtree.ScanKey{Column: k.Column, Strategy: k.Strategy}
			continue
		}
		if k.Any {
			anyKey = i
			if values, err = ix.anyValues(ev); err != nil {
				return nil, 0, nil, err
			}
			keys[i] = nbtree.ScanKey{Column: k.Column, Strategy: nbtree.Equal}
			continue
		}
		v, err := ev(ix.ec, ix.row)
		if err != nil {
			return nil, 0, nil, err
		}
		keys[i] = nbtree.ScanKey{Column: k.Column, Strategy: k.Strategy, Arg: v}
	}
	return keys, anyKey, values, nil
}

// anyValues are the non-NULL values of an "= ANY" key: its list's, or
// its array's elements.
func (ix *indexKeys) anyValues(ev expr.Evaluator) ([]types.Datum, error) {
	var out []types.Datum
	if ix.list != nil {
		for _, e := range ix.list {
			v, err := e(ix.ec, ix.row)
			if err != nil {
				return nil, err
			}
			if !v.IsNull() {
				out = append(out, v)
			}
		}
		return out, nil
	}
	a, err := ev(ix.ec, ix.row)
	if err != nil || a.IsNull() {
		return nil, err
	}
	for _, v := range a.Array().Elems {
		if !v.IsNull() {
			out = append(out, v)
		}
	}
	return out, nil
}

// anyScan runs an index scan for each value of an "= ANY" key in turn.
type anyScan struct {
	l      lazyScan
	keys   []nbtree.ScanKey
	anyKey int
	values []types.Datum
	next   int
	cur    TableScan
}

func (a *anyScan) Next(values, sys []types.Datum) (bool, error) {
	for {
		if a.cur == nil {
			if a.next >= len(a.values) {
				return false, nil
			}
			a.keys[a.anyKey].Arg = a.values[a.next]
			a.next++
			sc, err := a.l.openIndex(a.keys)
			if err != nil {
				return false, err
			}
			a.cur = sc
		}
		ok, err := a.cur.Next(values, sys)
		if err != nil || ok {
			return ok, err
		}
		a.cur.Close()
		a.cur = nil
	}
}

func (a *anyScan) Close() {
	if a.cur != nil {
		a.cur.Close()
		a.cur = nil
	}
}

type deferredScan struct {
	l    lazyScan
	scan TableScan
	err  error
	lend bool // LendValues: passed on to the scan when opened
}

func (l lazyScan) open() TableScan { return &deferredScan{l: l} }

func (d *deferredScan) Next(values, sys []types.Datum) (bool, error) {
	if d.scan == nil {
		if d.err != nil {
			return false, d.err
		}
		if d.scan, d.err = d.l.scan(); d.err != nil {
			return false, d.err
		}
		if v, ok := d.scan.(ValueLender); ok && d.lend {
			v.LendValues()
		}
	}
	return d.scan.Next(values, sys)
}

// LendValues implements ValueLender for the scan once opened.
func (d *deferredScan) LendValues() { d.lend = true }

func (d *deferredScan) NextRow() ([]types.Datum, bool, error) {
	if d.scan == nil {
		if d.err != nil {
			return nil, false, d.err
		}
		if d.scan, d.err = d.l.scan(); d.err != nil {
			return nil, false, d.err
		}
	}
	if rs, ok := d.scan.(RowScan); ok {
		return rs.NextRow()
	}
	row := make([]types.Datum, len(d.l.t.Columns))
	ok, err := d.scan.Next(row, nil)
	return row, ok, err
}

func (d *deferredScan) Close() {
	if d.scan != nil {
		d.scan.Close()
		d.scan = nil
	}
}

func (s *tableScanIter) Next() ([]types.Datum, bool, error) {
	if s.done {
		return nil, false, nil
	}
	direct := !s.borrow && s.node.Offset == 0 && s.node.Level == s.natts && !s.node.Sys
	if s.lend && !s.lent {
		s.lent = true
		if v, ok := s.scan.(ValueLender); ok {
			v.LendValues()
		}
	}
	for {
		// Every 64th row: a row costs about 100ns, so a cancel is seen
		// within microseconds, and the check's channel poll stays off
		// the profile.
		if s.rows++; s.rows&63 == 1 {
			if err := s.ec.CheckCancel(); err != nil {
				s.close()
				return nil, false, err
			}
		}
		if direct {
			if rs, ok := s.scan.(RowScan); ok {
				row, ok, err := rs.NextRow()
				if err != nil || !ok {
					s.close()
					return nil, false, err
				}
				pass, err := passes(s.ec, s.quals, row)
				if err != nil {
					s.close()
					return nil, false, err
				}
				if pass {
					return row, true, nil
				}
				if s.filtered != nil {
					*s.filtered++
				}
				continue
			}
		}
		var row []types.Datum
		switch {
		case s.borrow:
			// Columns outside this table's stay NULL: nothing writes them.
			if s.buf == nil {
				s.buf = make([]types.Datum, s.node.Level)
			}
			row = s.buf
		case s.rejected != nil:
			// A fresh row the quals turned down is nobody's: filled
			// again, so that a scan filtering most rows out allocates
			// only for those it returns.
			row, s.rejected = s.rejected, nil
		default:
			row = s.slab.row(s.node.Level)
		}
		vals := row[s.node.Offset : s.node.Offset+s.natts]
		var sys []types.Datum
		if s.node.Sys {
			sys = row[s.node.SysOffset : s.node.SysOffset+plan.NumSysColumns]
		}
		ok, err := s.scan.Next(vals, sys)
		if err != nil || !ok {
			s.close()
			return nil, false, err
		}
		pass, err := passes(s.ec, s.quals, row)
		if err != nil {
			s.close()
			return nil, false, err
		}
		if pass {
			return row, true, nil
		}
		if !s.borrow {
			s.rejected = row
		}
		if s.filtered != nil {
			*s.filtered++
		}
	}
}

func (s *tableScanIter) close() {
	if !s.done {
		s.done = true
		s.scan.Close()
	}
}

// functionIter calls a function in FROM: a set-returning function's rows,
// or a plain function's one row.
type functionIter struct {
	ec   *expr.EvalContext
	node *plan.FunctionScan
	// row is what the arguments are evaluated over: the outer row of a
	// LATERAL nested loop, nil otherwise.
	row     []types.Datum
	args    []expr.Evaluator
	next    func() (types.Datum, bool, error)
	nextRow func() ([]types.Datum, bool, error) // functions with several OUT columns
	started bool
	done    bool
	ord     int64
}

func (x *executor) buildFunctionScan(n *plan.FunctionScan) (iterator, error) {
	args, err := compileAll(n.Call.Args)
	if err != nil {
		return nil, err
	}
	return &functionIter{ec: x.ec, node: n, args: args, row: x.lateralRow}, nil
}

func (f *functionIter) start() error {
	f.started = true
	vals := make([]types.Datum, len(f.args))
	for i, a := range f.args {
		v, err := a(f.ec, f.row)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	fn := f.node.Call.Func
	if fn == nil {
		// A plain expression: one row.
		v := vals[0]
		used := false
		f.next = func() (types.Datum, bool, error) {
			if used {
				return types.Null, false, nil
			}
			used = true
			return v, true, nil
		}
		return nil
	}
	if fn.Strict {
		for _, v := range vals {
			if v.IsNull() {
				// As ExecMakeTableFunctionResult: a strict function is
				// not called with a NULL argument; a set-returning one
				// then returns no rows, another one row of NULLs.
				if fn.RetSet {
					f.done = true
				} else {
					f.nextRow = f.nullRow()
				}
				return nil
			}
		}
	}
	if fn.RecordFunc != nil {
		next, err := fn.RecordFunc(f.ec, vals, f.node.Call.Record)
		if err != nil {
			return err
		}
		f.nextRow = next
		return nil
	}
	if fn.RowSRF != nil {
		next, err := fn.RowSRF(f.ec, vals)
		if err != nil {
			return err
		}
		f.nextRow = next
		return nil
	}
	srf := fn.SRFFor(f.node.Call.Args)
	if srf == nil {
		return pgerr.Newf(pgerr.FeatureNotSupported, "function %s is not implemented", fn.Name)
	}
	next, err := srf(f.ec, vals)
	if err != nil {
		return err
	}
	f.next = next
	return nil
}

// nullRow returns the next function of a function result that is one row
// of NULLs, in every column of the function.
func (f *functionIter) nullRow() func() ([]types.Datum, bool, error) {
	width := len(f.node.Columns)
	if f.node.Call.Ordinality {
		width--
	}
	used := false
	return func() ([]types.Datum, bool, error) {
		if used {
			return nil, false, nil
		}
		used = true
		return make([]types.Datum, width), true, nil
	}
}

func (f *functionIter) Next() ([]types.Datum, bool, error) {
	if err := f.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	if !f.started {
		if err := f.start(); err != nil {
			return nil, false, err
		}
	}
	if f.done {
		return nil, false, nil
	}
	row := make([]types.Datum, f.node.Level)
	width := 1
	if f.nextRow != nil {
		vals, ok, err := f.nextRow()
		if err != nil || !ok {
			f.done = true
			return nil, false, err
		}
		copy(row[f.node.Offset:], vals)
		width = len(vals)
	} else {
		v, ok, err := f.next()
		if err != nil || !ok {
			f.done = true
			return nil, false, err
		}
		if f.node.Call.Expand {
			// A composite result: its fields are the columns (all NULL
			// for a NULL row).
			width = len(f.node.Columns)
			if f.node.Call.Ordinality {
				width--
			}
			if !v.IsNull() {
				copy(row[f.node.Offset:f.node.Offset+width], v.Record().Values)
			}
		} else {
			row[f.node.Offset] = v
		}
	}
	if f.node.Call.Ordinality {
		f.ord++
		row[f.node.Offset+width] = types.Int(f.ord)
	}
	return row, true, nil
}

type valuesIter struct {
	ec            *expr.EvalContext
	rows          [][]expr.Evaluator
	offset, level int
	pos           int
}

func (v *valuesIter) Next() ([]types.Datum, bool, error) {
	if err := v.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	if v.pos >= len(v.rows) {
		return nil, false, nil
	}
	evals := v.rows[v.pos]
	v.pos++
	row := make([]types.Datum, v.level)
	for i, ev := range evals {
		d, err := ev(v.ec, nil)
		if err != nil {
			return nil, false, err
		}
		row[v.offset+i] = d
	}
	return row, true, nil
}

// placeIter puts a subquery's rows at their entry's offset.
type placeIter struct {
	ec            *expr.EvalContext
	in            iterator
	offset, level int
	// enclosing is, for a LATERAL subquery, the row of the join it is
	// the inner side of: the subquery runs with it as its enclosing row
	// (EvalContext.Outer), the nodes above it with their own.
	enclosing []types.Datum
}

func (p *placeIter) Next() ([]types.Datum, bool, error) {
	if p.enclosing != nil {
		p.ec.Outer = append(p.ec.Outer, p.enclosing)
	}
	row, ok, err := p.in.Next()
	if p.enclosing != nil {
		p.ec.Outer = p.ec.Outer[:len(p.ec.Outer)-1]
	}
	if err != nil || !ok {
		return nil, false, err
	}
	out := make([]types.Datum, p.level)
	copy(out[p.offset:], row)
	return out, true, nil
}

// projectSetIter runs the set-returning calls of a target list.
type projectSetIter struct {
	ec    *expr.EvalContext
	in    iterator
	node  *plan.ProjectSet
	args  [][]expr.Evaluator
	cur   []types.Datum
	have  bool // cur is an input row being expanded
	nexts []func() (types.Datum, bool, error)
	live  []bool
	srfs  []expr.SRFImpl // each call's implementation
}

func (x *executor) buildProjectSet(n *plan.ProjectSet) (iterator, error) {
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	it := &projectSetIter{ec: x.ec, in: in, node: n}
	for _, f := range n.SRFs {
		args, err := compileAll(f.Args)
		if err != nil {
			return nil, err
		}
		srf := f.Func.SRFFor(f.Args)
		if srf == nil {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "function %s is not implemented", f.Func.Name)
		}
		it.args = append(it.args, args)
		it.srfs = append(it.srfs, srf)
	}
	return it, nil
}

// start begins every call for the current input row.
func (p *projectSetIter) start() error {
	p.nexts = make([]func() (types.Datum, bool, error), len(p.node.SRFs))
	p.live = make([]bool, len(p.node.SRFs))
	for i, f := range p.node.SRFs {
		vals := make([]types.Datum, len(p.args[i]))
		null := false
		for j, a := range p.args[i] {
			v, err := a(p.ec, p.cur)
			if err != nil {
				return err
			}
			vals[j] = v
			null = null || v.IsNull()
		}
		if null && f.Func.Strict {
			continue
		}
		next, err := p.srfs[i](p.ec, vals)
		if err != nil {
			return err
		}
		p.nexts[i], p.live[i] = next, true
	}
	return nil
}

func (p *projectSetIter) Next() ([]types.Datum, bool, error) {
	for {
		if err := p.ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		if !p.have {
			row, ok, err := p.in.Next()
			if err != nil || !ok {
				return nil, false, err
			}
			p.cur, p.have = row, true
			if err := p.start(); err != nil {
				return nil, false, err
			}
		}
		out := make([]types.Datum, len(p.cur)+len(p.nexts))
		copy(out, p.cur)
		any := false
		for i, next := range p.nexts {
			if !p.live[i] {
				continue
			}
			v, ok, err := next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				p.live[i] = false
				continue
			}
			any = true
			out[len(p.cur)+i] = v
		}
		if any {
			return out, true, nil
		}
		p.cur, p.have = nil, false
	}
}
