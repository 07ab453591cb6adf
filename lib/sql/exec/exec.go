// This file runs plan trees as pull-based iterators (PostgreSQL's
// executor nodes): each node's Next returns its next row. Expressions are
// compiled when the iterators are built, once per execution. Scans are in
// scan.go, joins in join.go, grouping and set operations in agg.go,
// INSERT/UPDATE/DELETE in modify.go.

package exec

import (
	"math"
	"slices"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Source gives the executor the rows of session relations and access to
// table storage.
type Source interface {
	VirtualRelation(schema, name string) (plan.Relation, bool)
	// Tables is the statement's access to table storage, nil when the
	// session has none.
	Tables() TableStore
}

// iterator produces rows. Rows returned are fresh, consumers may keep
// them, unless the consumer asked for lent rows (borrowRows): then the
// row slice is valid until the next call, its Datums for good.
type iterator interface {
	Next() (row []types.Datum, ok bool, err error)
}

// executor builds iterators for one execution and runs subqueries.
type executor struct {
	ec  *expr.EvalContext
	src Source
	// processed counts the rows INSERT, UPDATE or DELETE changed.
	processed int64
	// ctes are the current runs of materialized WITH queries.
	ctes map[*plan.CTE]*cteState
	// lateralRow is the outer row of the LATERAL nested loop whose inner
	// side is being built: function scans built then evaluate their
	// arguments over it.
	lateralRow []types.Datum
	// workTables are the work tables of the recursive WITH queries
	// running, as their current iteration reads them.
	workTables map[*plan.CTE]*rowStore
	// withBytes estimates the memory the rows of WITH queries hold
	// (chargeWithMemory).
	withBytes int64
	// files are the execution's temporary files, nil when the source
	// allows no spilling (spill.go).
	files *spillFiles
	// instr counts each node's rows and time for EXPLAIN ANALYZE, nil
	// otherwise (instrument.go).
	instr *Instrumentation
}

// Run executes root, calling emit for each row, and returns the number of
// rows emitted, or for INSERT, UPDATE and DELETE the number of rows
// changed.
func Run(ec *expr.EvalContext, src Source, root plan.Node, emit func([]types.Datum) error) (n int64, err error) {
	return RunInstrumented(ec, src, root, emit, nil)
}

// RunInstrumented is Run counting, when ins is not nil, the rows, loops
// and time of every node in ins (EXPLAIN ANALYZE).
func RunInstrumented(ec *expr.EvalContext, src Source, root plan.Node, emit func([]types.Datum) error, ins *Instrumentation) (n int64, err error) {
	x := &executor{ec: ec, src: src, instr: ins}
	if ws, ok := src.(WorkMemSource); ok {
		if mem := ws.WorkMem(); mem.Files != nil {
			x.files = &spillFiles{mem: mem}
			defer func() {
				if cerr := x.files.closeAll(); cerr != nil && err == nil {
					err = cerr
				}
			}()
		}
	}
	ec.Subqueries = x
	it, err := x.build(root)
	if err != nil {
		return 0, err
	}
	for {
		row, ok, err := it.Next()
		if err != nil {
			return n, err
		}
		if !ok {
			break
		}
		if err := emit(row); err != nil {
			return n, err
		}
		n++
	}
	top := root
	if scope, ok := top.(*plan.CTEScope); ok {
		top = scope.Input
	}
	if _, ok := top.(*plan.ModifyTable); ok {
		return x.processed, nil
	}
	return n, nil
}

// RunSubquery implements expr.SubqueryRunner.
func (x *executor) RunSubquery(ec *expr.EvalContext, p any, outer []types.Datum, fn func(row []types.Datum) (bool, error)) (err error) {
	ec.Outer = append(ec.Outer, outer)
	mark := x.files.mark()
	defer func() {
		ec.Outer = ec.Outer[:len(ec.Outer)-1]
		// The subquery's iterators are done with, finished or not.
		if cerr := x.files.closeSince(mark); cerr != nil && err == nil {
			err = cerr
		}
	}()
	it, err := x.build(p.(plan.Node))
	if err != nil {
		return err
	}
	for {
		row, ok, err := it.Next()
		if err != nil || !ok {
			return err
		}
		more, err := fn(row)
		if err != nil || !more {
			return err
		}
	}
}

// OpenSubquery implements expr.SubqueryRunner: the rows of p one by
// one, as the caller asks for them, so that a set-returning SQL function
// streams its body's rows. The body's temporary files, if it spills, are
// closed with the execution's.
func (x *executor) OpenSubquery(p any) (func() ([]types.Datum, bool, error), error) {
	// The body reads no row of the query calling it.
	saved := x.lateralRow
	x.lateralRow = nil
	it, err := x.build(p.(plan.Node))
	x.lateralRow = saved
	if err != nil {
		return nil, err
	}
	return it.Next, nil
}

func compileAll(es []expr.Expr) ([]expr.Evaluator, error) {
	out := make([]expr.Evaluator, len(es))
	for i, e := range es {
		ev, err := expr.Compile(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func (x *executor) buildNode(n plan.Node) (iterator, error) {
	ec := x.ec
	switch n := n.(type) {
	case *plan.Result:
		return &resultIter{ec: ec}, nil
	case *plan.ExternalRows:
		return &externalIter{ec: ec, next: n.Next}, nil
	case *plan.Scan:
		return &scanIter{ec: ec, src: x.src, node: n}, nil
	case *plan.TableScan:
		return x.buildTableScan(n)
	case *plan.FunctionScan:
		return x.buildFunctionScan(n)
	case *plan.ValuesScan:
		rows := make([][]expr.Evaluator, len(n.Rows))
		for i, r := range n.Rows {
			var err error
			if rows[i], err = compileAll(r); err != nil {
				return nil, err
			}
		}
		return &valuesIter{ec: ec, rows: rows, offset: n.Offset, level: n.Level}, nil
	case *plan.CTEScope:
		return x.buildCTEScope(n)
	case *plan.CTEScan:
		return x.buildCTEScan(n)
	case *plan.RecursiveUnion:
		return x.buildRecursiveUnion(n)
	case *plan.WorkTableScan:
		return x.buildWorkTableScan(n)
	case *plan.SubqueryScan:
		var enclosing []types.Datum
		if n.Lateral {
			// Built by a lateral nested loop for its current outer row;
			// first in FROM, it has no siblings to read, and its
			// enclosing row is one of NULLs that keeps the counting of
			// levels right for its references to enclosing queries.
			enclosing = x.lateralRow
			if enclosing == nil {
				enclosing = make([]types.Datum, n.Level)
			}
			ec.Outer = append(ec.Outer, enclosing)
		}
		// The subquery is a level of its own: a lateral row of this
		// level is not its.
		savedRow := x.lateralRow
		x.lateralRow = nil
		in, err := x.build(n.Input)
		x.lateralRow = savedRow
		if n.Lateral {
			ec.Outer = ec.Outer[:len(ec.Outer)-1]
		}
		if err != nil {
			return nil, err
		}
		return &placeIter{ec: ec, in: in, offset: n.Offset, level: n.Level, enclosing: enclosing}, nil
	case *plan.NestLoop:
		return x.buildNestLoop(n)
	case *plan.HashJoin:
		return x.buildHashJoin(n)
	case *plan.MergeJoin:
		return x.buildMergeJoin(n)
	case *plan.Materialize:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &materializeIter{in: in}, nil
	case *plan.Filter:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		quals, err := compileAll(n.Quals)
		if err != nil {
			return nil, err
		}
		return &filterIter{ec: ec, in: in, quals: quals}, nil
	case *plan.Project:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		evals, err := compileAll(n.Exprs)
		if err != nil {
			return nil, err
		}
		borrowRows(in)
		return &projectIter{ec: ec, in: in, evals: evals, cols: columnsOnly(n.Exprs)}, nil
	case *plan.Agg:
		return x.buildAgg(n)
	case *plan.WindowAgg:
		return x.buildWindowAgg(n)
	case *plan.ProjectSet:
		return x.buildProjectSet(n)
	case *plan.HashSetOp:
		return x.buildSetOp(n)
	case *plan.Sort:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &sortIter{ec: ec, in: in, node: n, files: x.files}, nil
	case *plan.Unique:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &uniqueIter{in: in, types: n.Types, cols: n.Cols}, nil
	case *plan.Limit:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		l, err := newLimit(ec, in, n)
		if err != nil {
			return nil, err
		}
		boundSort(l) // topn.go
		return l, nil
	case *plan.Refetch:
		return x.buildRefetch(n)
	case *plan.LockRows:
		return x.buildLockRows(n) // lockrows.go
	case *plan.Trim:
		in, err := x.build(n.Input)
		if err != nil {
			return nil, err
		}
		return &trimIter{in: in, n: n.N}, nil
	case *plan.ModifyTable:
		return x.buildModify(n)
	}
	return nil, pgerr.Newf(pgerr.InternalError, "unknown plan node %T", n)
}

// externalIter reads the rows of an ExternalRows node, checking for
// interrupts before each: the source may be slow (a client sending COPY
// data) and long.
type externalIter struct {
	ec   *expr.EvalContext
	next func() ([]types.Datum, bool, error)
}

func (e *externalIter) Next() ([]types.Datum, bool, error) {
	if err := e.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	return e.next()
}

type resultIter struct {
	ec   *expr.EvalContext
	done bool
}

func (r *resultIter) Next() ([]types.Datum, bool, error) {
	if r.done {
		return nil, false, nil
	}
	r.done = true
	if err := r.ec.CheckCancel(); err != nil {
		return nil, false, err
	}
	return nil, true, nil
}

type filterIter struct {
	ec    *expr.EvalContext
	in    iterator
	quals []expr.Evaluator
}

// passes reports whether every qual is true for row.
func passes(ec *expr.EvalContext, quals []expr.Evaluator, row []types.Datum) (bool, error) {
	for _, q := range quals {
		v, err := q(ec, row)
		if err != nil {
			return false, err
		}
		if v.IsNull() || !v.Bool() {
			return false, nil
		}
	}
	return true, nil
}

func (f *filterIter) Next() ([]types.Datum, bool, error) {
	for {
		row, ok, err := f.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		pass, err := passes(f.ec, f.quals, row)
		if err != nil {
			return nil, false, err
		}
		if pass {
			return row, true, nil
		}
	}
}

type projectIter struct {
	ec    *expr.EvalContext
	in    iterator
	evals []expr.Evaluator
	slab  datumSlab
	// borrow: the consumer keeps no row slice past the next call
	// (borrowRows), so buf is every row.
	borrow bool
	buf    []types.Datum
	// cols, when every expression is a column of the input row, are
	// their positions: the row is copied without calling evaluators.
	cols []int
}

// columnsOnly returns the input positions of exprs when every one is a
// column of the current row, nil otherwise.
func columnsOnly(exprs []expr.Expr) []int {
	cols := make([]int, len(exprs))
	for i, e := range exprs {
		v, ok := e.(*expr.Var)
		if !ok || v.LevelsUp != 0 {
			return nil
		}
		cols[i] = v.Index
	}
	return cols
}

func (p *projectIter) Next() ([]types.Datum, bool, error) {
	row, ok, err := p.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	var out []types.Datum
	if p.borrow {
		if p.buf == nil {
			p.buf = make([]types.Datum, len(p.evals))
		}
		out = p.buf
	} else {
		out = p.slab.row(len(p.evals))
	}
	if p.cols != nil {
		for i, c := range p.cols {
			out[i] = row[c]
		}
		return out, true, nil
	}
	for i, ev := range p.evals {
		if out[i], err = ev(p.ec, row); err != nil {
			return nil, false, err
		}
	}
	return out, true, nil
}

// compareRows orders two rows on the sort keys; NULLs sort as the key
// asks.
func compareRows(a, b []types.Datum, keys []plan.SortKey, typs []uint32) int {
	for _, k := range keys {
		x, y := a[k.Target], b[k.Target]
		var c int
		switch {
		case x.IsNull() && y.IsNull():
			c = 0
		case x.IsNull():
			c = 1
			if k.NullsFirst {
				c = -1
			}
			return c
		case y.IsNull():
			c = -1
			if k.NullsFirst {
				c = 1
			}
			return c
		default:
			c = types.Compare(typs[k.Target], x, y)
			if k.Desc {
				c = -c
			}
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

type sortIter struct {
	ec   *expr.EvalContext
	in   iterator
	node *plan.Sort
	// An incremental sort (node.Presorted) holds the first row of the
	// next run of rows equal on the presorted keys; done is set when
	// the input has ended.
	pending []types.Datum
	done    bool
	files   *spillFiles // nil: sort in memory whatever the size
	rows    [][]types.Datum
	sorted  bool
	pos     int
	// merge reads the sorted runs of an input that outgrew work_mem
	// (sortspill.go).
	merge sortedRows
	// info, under EXPLAIN ANALYZE, receives how the rows were sorted.
	info *SortInfo
}

func (s *sortIter) Next() ([]types.Datum, bool, error) {
	if s.node.Presorted > 0 {
		return s.nextIncremental()
	}
	if !s.sorted {
		ext := newExternalSort(s.ec, s.files, s.node.Keys, s.node.Types)
		ext.keepBuffers = true
		if s.node.IndexBuild && ext.ints != nil && ext.ints.withTID {
			ext.ints.countAsIndexTuples()
		}
		for {
			row, ok, err := s.in.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			if err := ext.add(row); err != nil {
				return nil, false, err
			}
		}
		held := s.info.held(ext)
		merge, err := ext.finish()
		if err != nil {
			return nil, false, err
		}
		s.info.record("quicksort", held, ext, merge)
		s.rows, s.merge = ext.rows, merge
		s.sorted = true
	}
	if s.merge != nil {
		return s.merge.next()
	}
	if s.pos >= len(s.rows) {
		return nil, false, nil
	}
	s.pos++
	row := s.rows[s.pos-1]
	s.rows[s.pos-1] = nil
	return row, true, nil
}

// sortCanceled unwinds an interrupted sort.
type sortCanceled struct{ err error }

// sortRows orders rows stably on keys, checking for cancellation every
// few thousand comparisons (a sort of millions of rows takes seconds).
// Sort nodes and aggregates with ORDER BY, DISTINCT or WITHIN GROUP use
// it. On cancellation rows keeps its order.
func sortRows(ec *expr.EvalContext, rows [][]types.Datum, keys []plan.SortKey, typs []uint32) error {
	order, err := sortOrder(ec, rows, keys, typs)
	if err != nil || order == nil {
		return err
	}
	unsorted := slices.Clone(rows)
	for i, j := range order {
		rows[i] = unsorted[j]
	}
	return nil
}

// sortOrder returns the indices of rows in their stable order on keys,
// or nil when there is nothing to sort. An interrupt unwinds the sort
// with a panic recovered here.
func sortOrder(ec *expr.EvalContext, rows [][]types.Datum, keys []plan.SortKey, typs []uint32) (order []int, err error) {
	n := 0
	defer func() {
		if r := recover(); r != nil {
			c, ok := r.(sortCanceled)
			if !ok {
				panic(r)
			}
			order, err = nil, c.err
		}
	}()
	if len(rows) < 2 || len(keys) == 0 {
		return nil, nil
	}
	sorter := rowSorter{keys: keys, typs: typs}
	checkCancel := func() {
		if n++; n&0xFFFF == 0 {
			if err := ec.CheckCancel(); err != nil {
				panic(sortCanceled{err})
			}
		}
	}
	order = make([]int, len(rows))
	first := keys[0].Target
	if types.ComparesAsInt(typs[first]) && len(rows) <= math.MaxInt32 {
		items, err := sortIntKey(ec, rows, keys, func(a, b *keyedIndex) bool {
			checkCancel()
			return compareRows(rows[a.idx], rows[b.idx], keys[1:], typs) < 0
		})
		if err != nil {
			return nil, err
		}
		for i := range items {
			order[i] = int(items[i].idx)
		}
		return order, nil
	}
	items := make([]sortItem, len(rows))
	for i, row := range rows {
		items[i] = sortItem{first: row[first], row: row, idx: i}
	}
	mergeSort(items, func(a, b *sortItem) bool {
		checkCancel()
		return sorter.less(a, b)
	})
	for i := range items {
		order[i] = items[i].idx
	}
	return order, nil
}

type uniqueIter struct {
	in    iterator
	types []uint32
	cols  []int // compared columns; nil: the first len(types)
	prev  []types.Datum
}

func (u *uniqueIter) Next() ([]types.Datum, bool, error) {
	for {
		row, ok, err := u.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		if u.prev != nil && u.equal(u.prev, row) {
			continue
		}
		u.prev = row
		return row, true, nil
	}
}

func (u *uniqueIter) equal(a, b []types.Datum) bool {
	if u.cols != nil {
		for _, i := range u.cols {
			x, y := a[i], b[i]
			if x.IsNull() != y.IsNull() || !x.IsNull() && types.Compare(u.types[i], x, y) != 0 {
				return false
			}
		}
		return true
	}
	for i, t := range u.types {
		x, y := a[i], b[i]
		if x.IsNull() != y.IsNull() {
			return false
		}
		if !x.IsNull() && types.Compare(t, x, y) != 0 {
			return false
		}
	}
	return true
}

type limitIter struct {
	in            iterator
	node          *plan.Limit
	count, offset int64 // count < 0: no limit
	seen          int64
	// last is the Count-th row, which later rows must tie with (WITH
	// TIES).
	last []types.Datum
}

func newLimit(ec *expr.EvalContext, in iterator, n *plan.Limit) (*limitIter, error) {
	l := &limitIter{in: in, node: n, count: -1}
	if n.Count != nil {
		ev, err := expr.Compile(n.Count)
		if err != nil {
			return nil, err
		}
		v, err := ev(ec, nil)
		if err != nil {
			return nil, err
		}
		if !v.IsNull() {
			if v.Int() < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
			l.count = v.Int()
		}
	}
	if n.Offset != nil {
		ev, err := expr.Compile(n.Offset)
		if err != nil {
			return nil, err
		}
		v, err := ev(ec, nil)
		if err != nil {
			return nil, err
		}
		if !v.IsNull() {
			if v.Int() < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
			l.offset = v.Int()
		}
	}
	return l, nil
}

func (l *limitIter) Next() ([]types.Datum, bool, error) {
	if l.count >= 0 && l.seen >= l.count {
		if l.last == nil {
			return nil, false, nil
		}
		// WITH TIES: the rows equal to the last one on the sort keys.
		row, ok, err := l.in.Next()
		if err != nil || !ok || compareRows(l.last, row, l.node.TieKeys, l.node.Types) != 0 {
			l.last = nil
			return nil, false, err
		}
		return row, true, nil
	}
	for l.offset > 0 {
		_, ok, err := l.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		l.offset--
	}
	row, ok, err := l.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	l.seen++
	if l.node.WithTies && l.seen == l.count {
		l.last = row
	}
	return row, true, nil
}

type trimIter struct {
	in iterator
	n  int
}

func (t *trimIter) Next() ([]types.Datum, bool, error) {
	row, ok, err := t.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	return row[:t.n], true, nil
}

// nextIncremental is the incremental sort (nodeIncrementalSort.c): the
// input comes ordered on the first Presorted keys, so each run of rows
// equal on them is sorted on the rest of the keys alone, as it ends, and
// returned before the next is read. A run beyond work_mem spills as a
// Sort's input does.
func (s *sortIter) nextIncremental() ([]types.Datum, bool, error) {
	for {
		if s.sorted {
			var row []types.Datum
			ok := false
			if s.merge != nil {
				var err error
				if row, ok, err = s.merge.next(); err != nil {
					return nil, false, err
				}
			} else if s.pos < len(s.rows) {
				row, ok = s.rows[s.pos], true
				s.rows[s.pos] = nil
				s.pos++
			}
			if ok {
				return row, true, nil
			}
			s.sorted, s.merge, s.rows, s.pos = false, nil, nil, 0
		}
		if s.done && s.pending == nil {
			return nil, false, nil
		}
		if err := s.ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		first := s.pending
		s.pending = nil
		if first == nil {
			row, ok, err := s.in.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				s.done = true
				return nil, false, nil
			}
			first = row
		}
		ext := newExternalSort(s.ec, s.files, s.node.Keys, s.node.Types)
		if err := ext.add(first); err != nil {
			return nil, false, err
		}
		for {
			row, ok, err := s.in.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				s.done = true
				break
			}
			if !s.samePresorted(first, row) {
				s.pending = row
				break
			}
			if err := ext.add(row); err != nil {
				return nil, false, err
			}
		}
		merge, err := ext.finish()
		if err != nil {
			return nil, false, err
		}
		s.rows, s.merge, s.pos, s.sorted = ext.rows, merge, 0, true
	}
}

// samePresorted reports whether rows a and b are equal on the presorted
// keys (NULLs equal to each other).
func (s *sortIter) samePresorted(a, b []types.Datum) bool {
	for _, k := range s.node.Keys[:s.node.Presorted] {
		x, y := a[k.Target], b[k.Target]
		if x.IsNull() || y.IsNull() {
			if x.IsNull() != y.IsNull() {
				return false
			}
			continue
		}
		if types.Compare(s.node.Types[k.Target], x, y) != 0 {
			return false
		}
	}
	return true
}
