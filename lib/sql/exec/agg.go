// This file implements grouping and aggregation (PostgreSQL's nodeAgg.c
// in hashed mode) and UNION, INTERSECT and EXCEPT (nodeSetOp.c and
// nodeAppend.c plus hashed duplicate removal).

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// aggSpec is one aggregate of an Agg node, compiled.
type aggSpec struct {
	args     []expr.Evaluator
	argTypes []uint32
	filter   expr.Evaluator
	distinct bool
	newAcc   func() builtins.AggAcc
}

type group struct {
	keys []types.Datum
	accs []builtins.AggAcc
	seen []map[string]bool // per DISTINCT aggregate
}

type aggIter struct {
	ec       *expr.EvalContext
	in       iterator
	groupBy  []expr.Evaluator
	keyTypes []uint32
	aggs     []aggSpec
	groups   []*group
	done     bool
	pos      int
}

func (x *executor) buildAgg(n *plan.Agg) (iterator, error) {
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	groupBy, err := compileAll(n.GroupBy)
	if err != nil {
		return nil, err
	}
	it := &aggIter{ec: x.ec, in: in, groupBy: groupBy}
	for _, g := range n.GroupBy {
		it.keyTypes = append(it.keyTypes, g.Type())
	}
	for _, a := range n.Aggs {
		args, err := compileAll(a.Args)
		if err != nil {
			return nil, err
		}
		var argTypes []uint32
		for _, e := range a.Args {
			argTypes = append(argTypes, e.Type())
		}
		newAcc, err := builtins.NewAgg(a.Func, argTypes)
		if err != nil {
			return nil, err
		}
		spec := aggSpec{args: args, argTypes: argTypes, distinct: a.Distinct, newAcc: newAcc}
		if a.Filter != nil {
			if spec.filter, err = expr.Compile(a.Filter); err != nil {
				return nil, err
			}
		}
		it.aggs = append(it.aggs, spec)
	}
	return it, nil
}

func (a *aggIter) newGroup(keys []types.Datum) *group {
	g := &group{keys: keys, accs: make([]builtins.AggAcc, len(a.aggs)), seen: make([]map[string]bool, len(a.aggs))}
	for i, s := range a.aggs {
		g.accs[i] = s.newAcc()
		if s.distinct {
			g.seen[i] = map[string]bool{}
		}
	}
	return g
}

func (a *aggIter) consume() error {
	index := map[string]*group{}
	var keyBuf []byte
	argBuf := make([][]types.Datum, len(a.aggs))
	for i, s := range a.aggs {
		argBuf[i] = make([]types.Datum, len(s.args))
	}
	for {
		if err := a.ec.CheckCancel(); err != nil {
			return err
		}
		row, ok, err := a.in.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		var g *group
		if len(a.groupBy) == 0 {
			if len(a.groups) == 0 {
				a.groups = append(a.groups, a.newGroup(nil))
			}
			g = a.groups[0]
		} else {
			keys := make([]types.Datum, len(a.groupBy))
			keyBuf = keyBuf[:0]
			for i, ev := range a.groupBy {
				if keys[i], err = ev(a.ec, row); err != nil {
					return err
				}
				keyBuf = types.AppendKey(keyBuf, a.keyTypes[i], keys[i])
			}
			g = index[string(keyBuf)]
			if g == nil {
				g = a.newGroup(keys)
				index[string(keyBuf)] = g
				a.groups = append(a.groups, g)
			}
		}
		for i, s := range a.aggs {
			if s.filter != nil {
				v, err := s.filter(a.ec, row)
				if err != nil {
					return err
				}
				if v.IsNull() || !v.Bool() {
					continue
				}
			}
			args := argBuf[i]
			for j, ev := range s.args {
				if args[j], err = ev(a.ec, row); err != nil {
					return err
				}
			}
			if s.distinct {
				var k []byte
				for j, v := range args {
					k = types.AppendKey(k, s.argTypes[j], v)
				}
				if g.seen[i][string(k)] {
					continue
				}
				g.seen[i][string(k)] = true
			}
			if err := g.accs[i].Add(a.ec, args); err != nil {
				return err
			}
		}
	}
	// An aggregate without GROUP BY returns one row even for no input.
	if len(a.groupBy) == 0 && len(a.groups) == 0 {
		a.groups = append(a.groups, a.newGroup(nil))
	}
	return nil
}

func (a *aggIter) Next() ([]types.Datum, bool, error) {
	if !a.done {
		a.done = true
		if err := a.consume(); err != nil {
			return nil, false, err
		}
	}
	if a.pos >= len(a.groups) {
		return nil, false, nil
	}
	g := a.groups[a.pos]
	a.groups[a.pos] = nil
	a.pos++
	out := make([]types.Datum, len(a.groupBy)+len(a.aggs))
	copy(out, g.keys)
	for i, acc := range g.accs {
		v, err := acc.Result(a.ec)
		if err != nil {
			return nil, false, err
		}
		out[len(a.groupBy)+i] = v
	}
	return out, true, nil
}

// setOpIter computes UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL].
type setOpIter struct {
	ec          *expr.EvalContext
	node        *plan.HashSetOp
	left, right iterator
	out         [][]types.Datum
	ready       bool
	pos         int
	// UNION ALL streams: left then right.
	leftDone bool
}

func (x *executor) buildSetOp(n *plan.HashSetOp) (iterator, error) {
	l, err := x.build(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := x.build(n.Right)
	if err != nil {
		return nil, err
	}
	return &setOpIter{ec: x.ec, node: n, left: l, right: r}, nil
}

func (s *setOpIter) key(row []types.Datum) string {
	var b []byte
	for i, t := range s.node.Types {
		b = types.AppendKey(b, t, row[i])
	}
	return string(b)
}

func (s *setOpIter) Next() ([]types.Datum, bool, error) {
	n := s.node
	if n.Op == plan.Union && n.All {
		if !s.leftDone {
			row, ok, err := s.left.Next()
			if err != nil {
				return nil, false, err
			}
			if ok {
				return row, true, nil
			}
			s.leftDone = true
		}
		return s.right.Next()
	}
	if !s.ready {
		s.ready = true
		if err := s.compute(); err != nil {
			return nil, false, err
		}
	}
	if s.pos >= len(s.out) {
		return nil, false, nil
	}
	s.pos++
	return s.out[s.pos-1], true, nil
}

func (s *setOpIter) compute() error {
	n := s.node
	lrows, err := drain(s.left)
	if err != nil {
		return err
	}
	rrows, err := drain(s.right)
	if err != nil {
		return err
	}
	switch n.Op {
	case plan.Union:
		seen := map[string]bool{}
		for _, rows := range [][][]types.Datum{lrows, rrows} {
			for _, r := range rows {
				k := s.key(r)
				if !seen[k] {
					seen[k] = true
					s.out = append(s.out, r)
				}
			}
		}
	default:
		// Count the right side's rows, then walk the left side.
		counts := map[string]int{}
		for _, r := range rrows {
			counts[s.key(r)]++
		}
		emitted := map[string]int{}
		leftCounts := map[string]int{}
		for _, r := range lrows {
			leftCounts[s.key(r)]++
		}
		for _, r := range lrows {
			k := s.key(r)
			var want int
			if n.Op == plan.Intersect {
				if n.All {
					want = min(leftCounts[k], counts[k])
				} else if counts[k] > 0 {
					want = 1
				}
			} else {
				if n.All {
					want = max(0, leftCounts[k]-counts[k])
				} else if counts[k] == 0 {
					want = 1
				}
			}
			if emitted[k] < want {
				emitted[k]++
				s.out = append(s.out, r)
			}
		}
	}
	return nil
}
