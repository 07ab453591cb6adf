// This file runs plan trees as pull-based iterators (PostgreSQL's
// executor nodes): each node's Next returns its next row. Expressions are
// compiled when the iterators are built, once per execution.

package exec

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/sql/types"
)

// Source gives the executor the rows of session relations.
type Source interface {
	VirtualRelation(schema, name string) (plan.Relation, bool)
}

// iterator produces rows. A returned row stays valid until the next call
// only if the node says so; all nodes here return fresh rows.
type iterator interface {
	Next() (row []types.Datum, ok bool, err error)
}

// Run executes root, calling emit for each row, and returns the number of
// rows emitted.
func Run(ec *expr.EvalContext, src Source, root plan.Node, emit func([]types.Datum) error) (int64, error) {
	it, err := build(ec, src, root)
	if err != nil {
		return 0, err
	}
	var n int64
	for {
		row, ok, err := it.Next()
		if err != nil {
			return n, err
		}
		if !ok {
			return n, nil
		}
		if err := emit(row); err != nil {
			return n, err
		}
		n++
	}
}

func build(ec *expr.EvalContext, src Source, n plan.Node) (iterator, error) {
	switch n := n.(type) {
	case *plan.Result:
		return &resultIter{ec: ec}, nil
	case *plan.Scan:
		return &scanIter{ec: ec, src: src, node: n}, nil
	case *plan.Filter:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		quals := make([]expr.Evaluator, len(n.Quals))
		for i, q := range n.Quals {
			if quals[i], err = expr.Compile(q); err != nil {
				return nil, err
			}
		}
		return &filterIter{ec: ec, in: in, quals: quals}, nil
	case *plan.Project:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		evals := make([]expr.Evaluator, len(n.Exprs))
		for i, e := range n.Exprs {
			if evals[i], err = expr.Compile(e); err != nil {
				return nil, err
			}
		}
		return &projectIter{ec: ec, in: in, evals: evals}, nil
	case *plan.Sort:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		return &sortIter{ec: ec, in: in, node: n}, nil
	case *plan.Unique:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		return &uniqueIter{in: in, types: n.Types}, nil
	case *plan.Limit:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		return newLimit(ec, in, n)
	case *plan.Trim:
		in, err := build(ec, src, n.Input)
		if err != nil {
			return nil, err
		}
		return &trimIter{in: in, n: n.N}, nil
	}
	return nil, pgerr.Newf(pgerr.InternalError, "unknown plan node %T", n)
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
	return row, true, nil
}

type filterIter struct {
	ec    *expr.EvalContext
	in    iterator
	quals []expr.Evaluator
}

func (f *filterIter) Next() ([]types.Datum, bool, error) {
next:
	for {
		row, ok, err := f.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		for _, q := range f.quals {
			v, err := q(f.ec, row)
			if err != nil {
				return nil, false, err
			}
			if v.IsNull() || !v.Bool() {
				continue next
			}
		}
		return row, true, nil
	}
}

type projectIter struct {
	ec    *expr.EvalContext
	in    iterator
	evals []expr.Evaluator
}

func (p *projectIter) Next() ([]types.Datum, bool, error) {
	row, ok, err := p.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	out := make([]types.Datum, len(p.evals))
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
			if c != 0 {
				return c
			}
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
	ec     *expr.EvalContext
	in     iterator
	node   *plan.Sort
	rows   [][]types.Datum
	sorted bool
	pos    int
}

func (s *sortIter) Next() ([]types.Datum, bool, error) {
	if !s.sorted {
		for {
			row, ok, err := s.in.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			s.rows = append(s.rows, row)
		}
		keys, typs := s.node.Keys, s.node.Types
		sort.SliceStable(s.rows, func(i, j int) bool { return compareRows(s.rows[i], s.rows[j], keys, typs) < 0 })
		s.sorted = true
	}
	if s.pos >= len(s.rows) {
		return nil, false, nil
	}
	s.pos++
	return s.rows[s.pos-1], true, nil
}

type uniqueIter struct {
	in    iterator
	types []uint32
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
	count, offset int64 // count < 0: no limit
	seen          int64
}

func newLimit(ec *expr.EvalContext, in iterator, n *plan.Limit) (*limitIter, error) {
	l := &limitIter{in: in, count: -1}
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
	for l.offset > 0 {
		_, ok, err := l.in.Next()
		if err != nil || !ok {
			return nil, false, err
		}
		l.offset--
	}
	if l.count >= 0 && l.seen >= l.count {
		return nil, false, nil
	}
	row, ok, err := l.in.Next()
	if err != nil || !ok {
		return nil, false, err
	}
	l.seen++
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
