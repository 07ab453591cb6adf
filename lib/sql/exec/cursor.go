// What a SQL cursor needs of the executor (PostgreSQL's portal running
// its query in pieces, and the tuplestore a scrollable or held cursor
// keeps): a plan run a row at a time by its caller, whether the plan
// could run backwards, and a row store read by row number that spills to
// a temporary file past work_mem.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Execution is a plan being run a row at a time: a cursor's query,
// fetched in pieces between statements. Its iterators read ec.Ctx at
// each row, so ec must carry a context that lives as long as the
// execution does.
type Execution struct {
	x    *executor
	it   iterator
	done bool
}

// Start builds the iterators of root; no row is read yet.
func Start(ec *expr.EvalContext, src Source, root plan.Node) (*Execution, error) {
	x := &executor{ec: ec, src: src}
	if ws, ok := src.(WorkMemSource); ok {
		if mem := ws.WorkMem(); mem.Files != nil {
			x.files = &spillFiles{mem: mem}
		}
	}
	ec.Subqueries = x
	it, err := x.build(root)
	if err != nil {
		x.files.closeAll()
		return nil, err
	}
	return &Execution{x: x, it: it}, nil
}

// Next returns the plan's next row, which is the caller's to keep; after
// the last row, or an error, it returns ok false.
func (e *Execution) Next() (row []types.Datum, ok bool, err error) {
	if e.done {
		return nil, false, nil
	}
	row, ok, err = e.it.Next()
	if err != nil || !ok {
		e.done = true
	}
	return row, ok, err
}

// Close deletes the temporary files the execution made; the execution is
// not used after it.
func (e *Execution) Close() error {
	e.done = true
	return e.x.files.closeAll()
}

// SupportsBackwardScan reports whether the plan rooted at n could return
// its rows again in reverse order, PostgreSQL's ExecSupportsBackwardScan
// over the nodes it would have planned: a cursor declared without SCROLL
// or NO SCROLL is scrollable exactly when this holds (and it locks no
// rows). Filters and projections are parts of PostgreSQL's scans and
// Result nodes; a Result without input, joins, aggregation, DISTINCT,
// set operations other than UNION ALL, window functions, incremental
// sorts, sample and bitmap scans cannot go backwards.
func SupportsBackwardScan(n plan.Node) bool {
	switch n := n.(type) {
	case *plan.TableScan:
		// B-tree index scans can; bitmap and sample scans cannot.
		return n.Sample == nil && n.Bitmap == nil
	case *plan.Scan, *plan.FunctionScan, *plan.ValuesScan, *plan.CTEScan, *plan.Materialize:
		return true
	case *plan.Sort:
		return n.Presorted == 0
	case *plan.Filter:
		return SupportsBackwardScan(n.Input)
	case *plan.Project:
		return SupportsBackwardScan(n.Input)
	case *plan.Trim:
		return SupportsBackwardScan(n.Input)
	case *plan.Limit:
		return SupportsBackwardScan(n.Input)
	case *plan.LockRows:
		return SupportsBackwardScan(n.Input)
	case *plan.Refetch:
		return SupportsBackwardScan(n.Input)
	case *plan.SubqueryScan:
		return SupportsBackwardScan(n.Input)
	case *plan.CTEScope:
		return SupportsBackwardScan(n.Input)
	case *plan.HashSetOp:
		// UNION ALL is PostgreSQL's Append.
		return n.Op == plan.Union && n.All && SupportsBackwardScan(n.Left) && SupportsBackwardScan(n.Right)
	}
	return false
}

// RowStore holds a cursor's rows, numbered from 0 in the order added:
// in memory up to work_mem, in a temporary file after that (the
// WindowAgg's partition buffer), read back in any order.
type RowStore struct {
	files *spillFiles
	st    *winStore
	c     *winCursor
	// unflushed: rows were written to the file since the last flush.
	unflushed bool
}

// NewRowStore makes an empty store for rows of the given column types;
// without temporary files (mem.Files nil) every row stays in memory.
func NewRowStore(mem WorkMem, typs []uint32) *RowStore {
	files := &spillFiles{mem: mem}
	st := newWinStore(files, typs)
	return &RowStore{files: files, st: st, c: st.cursor()}
}

// Add appends row, which the store keeps.
func (s *RowStore) Add(row []types.Datum) error {
	if err := s.st.add(row); err != nil {
		return err
	}
	s.unflushed = s.st.f != nil
	return nil
}

// Len is the number of rows added.
func (s *RowStore) Len() int64 { return s.st.len() }

// Row returns row i (0 <= i < Len()); it is the caller's to keep.
func (s *RowStore) Row(i int64) ([]types.Datum, error) {
	if s.unflushed && i >= int64(len(s.st.mem)) {
		if err := s.st.finish(); err != nil {
			return nil, err
		}
		s.unflushed = false
	}
	return s.c.fetch(i)
}

// Spilled reports whether the store went to a temporary file.
func (s *RowStore) Spilled() bool { return s.st.f != nil }

// Close deletes the store's temporary file.
func (s *RowStore) Close() error {
	err := s.files.closeAll()
	s.st.mem, s.st.f = nil, nil
	return err
}
