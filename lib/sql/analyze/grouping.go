// This file handles GROUPING SETS, ROLLUP, CUBE and GROUP BY ()
// (parse_clause.c's transformGroupingSet and parse_agg.c's
// expand_grouping_sets) and the GROUPING(...) function.

package analyze

import (
	"slices"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// maxGroupingSets is PostgreSQL's limit on the expanded grouping sets of
// one query level; maxCubeElements its limit on the elements of a CUBE.
const (
	maxGroupingSets  = 4096
	maxCubeElements  = 12
	maxGroupingFuncs = 31
)

// transformGroupBy analyzes GROUP BY: each item is an output column
// (by name or position) or an expression over the FROM columns, or a
// grouping set construct, which expands the clause into the cross
// product of the items' grouping sets (duplicates removed with GROUP BY
// DISTINCT).
func (s *state) transformGroupBy(q *plan.Query, list []*pg_query.Node, distinct bool) error {
	hasSets := false
	for _, n := range list {
		hasSets = hasSets || n.GetGroupingSet() != nil
	}
	if !hasSets {
		for _, n := range list {
			if _, err := s.groupIndex(q, n); err != nil {
				return err
			}
		}
		return nil
	}
	var items [][][]int
	for _, n := range list {
		sets, err := s.expandGroupingItem(q, n)
		if err != nil {
			return err
		}
		items = append(items, sets)
	}
	total := 1
	for _, it := range items {
		total *= len(it)
		if total > maxGroupingSets {
			err := pgerr.Newf(pgerr.StatementTooComplex, "too many grouping sets present (maximum %d)", maxGroupingSets)
			if len(q.GroupBy) == 0 {
				return s.errorAt(err, nodeLocation(list[0]))
			}
			return err
		}
	}
	result := [][]int{{}}
	for _, it := range items {
		next := make([][]int, 0, len(result)*len(it))
		for _, r := range result {
			for _, set := range it {
				next = append(next, append(append([]int(nil), r...), set...))
			}
		}
		result = next
	}
	for i, set := range result {
		slices.Sort(set)
		result[i] = slices.Compact(set)
	}
	if distinct {
		var kept [][]int
		for _, set := range result {
			dup := false
			for _, k := range kept {
				dup = dup || slices.Equal(k, set)
			}
			if !dup {
				kept = append(kept, set)
			}
		}
		result = kept
	}
	q.GroupingSets = result
	return nil
}

// expandGroupingItem returns the grouping sets one GROUP BY item stands
// for, each as indices into q.GroupBy.
func (s *state) expandGroupingItem(q *plan.Query, n *pg_query.Node) ([][]int, error) {
	gs := n.GetGroupingSet()
	if gs == nil {
		i, err := s.groupIndex(q, n)
		if err != nil {
			return nil, err
		}
		return [][]int{{i}}, nil
	}
	switch gs.Kind {
	case pg_query.GroupingSetKind_GROUPING_SET_SETS:
		// A parenthesized list inside GROUPING SETS is one set (the
		// grammar gives it as a row constructor).
		var out [][]int
		for _, c := range gs.Content {
			var sets [][]int
			if c.GetRowExpr() != nil {
				set, err := s.groupingElement(q, c)
				if err != nil {
					return nil, err
				}
				sets = [][]int{set}
			} else {
				var err error
				if sets, err = s.expandGroupingItem(q, c); err != nil {
					return nil, err
				}
			}
			out = append(out, sets...)
			if len(out) > maxGroupingSets {
				return nil, pgerr.Newf(pgerr.StatementTooComplex, "too many grouping sets present (maximum %d)", maxGroupingSets)
			}
		}
		return out, nil
	case pg_query.GroupingSetKind_GROUPING_SET_EMPTY:
		return [][]int{{}}, nil
	case pg_query.GroupingSetKind_GROUPING_SET_SIMPLE:
		set, err := s.groupingElement(q, n)
		if err != nil {
			return nil, err
		}
		return [][]int{set}, nil
	case pg_query.GroupingSetKind_GROUPING_SET_ROLLUP, pg_query.GroupingSetKind_GROUPING_SET_CUBE:
		if gs.Kind == pg_query.GroupingSetKind_GROUPING_SET_CUBE && len(gs.Content) > maxCubeElements {
			return nil, s.errorAt(pgerr.Newf(pgerr.TooManyColumns, "CUBE is limited to %d elements", maxCubeElements), gs.Location)
		}
		elems := make([][]int, len(gs.Content))
		for i, c := range gs.Content {
			var err error
			if elems[i], err = s.groupingElement(q, c); err != nil {
				return nil, err
			}
		}
		var out [][]int
		if gs.Kind == pg_query.GroupingSetKind_GROUPING_SET_ROLLUP {
			for k := len(elems); k >= 0; k-- {
				var set []int
				for _, e := range elems[:k] {
					set = append(set, e...)
				}
				out = append(out, set)
			}
			return out, nil
		}
		for mask := (1 << len(elems)) - 1; mask >= 0; mask-- {
			var set []int
			for i, e := range elems {
				if mask&(1<<(len(elems)-1-i)) != 0 {
					set = append(set, e...)
				}
			}
			out = append(out, set)
		}
		return out, nil
	}
	return nil, s.errorAt(notSupported("this grouping set"), gs.Location)
}

// groupingElement is one element of ROLLUP or CUBE, or a parenthesized
// list: the GROUP BY indices of its expressions.
func (s *state) groupingElement(q *plan.Query, n *pg_query.Node) ([]int, error) {
	if row := n.GetRowExpr(); row != nil {
		var out []int
		for _, c := range row.Args {
			i, err := s.groupIndex(q, c)
			if err != nil {
				return nil, err
			}
			out = append(out, i)
		}
		return out, nil
	}
	gs := n.GetGroupingSet()
	if gs == nil {
		i, err := s.groupIndex(q, n)
		if err != nil {
			return nil, err
		}
		return []int{i}, nil
	}
	if gs.Kind == pg_query.GroupingSetKind_GROUPING_SET_EMPTY {
		return nil, nil
	}
	if gs.Kind != pg_query.GroupingSetKind_GROUPING_SET_SIMPLE {
		return nil, s.errorAt(notSupported("nested grouping sets here"), gs.Location)
	}
	var out []int
	for _, c := range gs.Content {
		i, err := s.groupIndex(q, c)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, nil
}

// groupIndex analyzes one grouping expression and returns its index in
// q.GroupBy, adding it when it is new.
func (s *state) groupIndex(q *plan.Query, n *pg_query.Node) (int, error) {
	idx, err := s.findTarget(q, n, true)
	if err != nil {
		return 0, err
	}
	e := q.Targets[idx].Expr
	if hasAggref(e) {
		return 0, s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in GROUP BY"), expr.Location(e))
	}
	for i, g := range q.GroupBy {
		if exprEqual(g, e) {
			return i, nil
		}
	}
	if !s.canOrderType(e.Type()) {
		return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", s.typeName(e.Type())), nodeLocation(n))
	}
	q.GroupBy = append(q.GroupBy, e)
	return len(q.GroupBy) - 1, nil
}

// transformGroupingFunc analyzes GROUPING(...); finishGrouping checks its
// arguments against GROUP BY and replaces it with a column of the Agg
// row.
func (s *state) transformGroupingFunc(g *pg_query.GroupingFunc) (expr.Expr, error) {
	loc := g.Location
	if len(g.Args) > maxGroupingFuncs {
		return nil, s.errorAt(pgerr.Newf(pgerr.TooManyArguments, "GROUPING must have fewer than %d arguments", maxGroupingFuncs+1), loc)
	}
	out := &expr.GroupingFunc{Loc: loc}
	// The call belongs to the innermost level whose columns its
	// arguments read (this one when they read none).
	level := -1
	for _, a := range g.Args {
		e, err := s.transformExpr(a)
		if err != nil {
			return nil, err
		}
		walk(e, func(x expr.Expr) {
			if v, ok := x.(*expr.Var); ok && (level < 0 || v.LevelsUp < level) {
				level = v.LevelsUp
			}
		})
		out.Args = append(out.Args, e)
	}
	owner := s
	if level > 0 {
		out.LevelsUp = level
		for i := 0; i < level && owner.parent != nil; i++ {
			owner = owner.parent
		}
	}
	if owner.inAgg {
		return nil, s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), loc)
	}
	switch owner.kind {
	case exprSelectTarget, exprHaving, exprOrderBy:
	case exprReturning:
		return nil, s.errorAt(pgerr.New(pgerr.GroupingError, "grouping operations are not allowed in RETURNING"), loc)
	default:
		if ctx := owner.kind.aggContext(); ctx != "" {
			return nil, s.errorAt(pgerr.Newf(pgerr.GroupingError, "grouping operations are not allowed in %s", ctx), loc)
		}
		if owner.q == nil {
			return nil, s.errorAt(pgerr.New(pgerr.GroupingError, "grouping operations are not allowed here"), loc)
		}
	}
	owner.hasGrouping = true
	return out, nil
}

// lowerLevels returns e with its Vars of depth levels up or more moved
// depth levels down, for comparing an enclosing level's GROUPING
// arguments with that level's GROUP BY.
func lowerLevels(e expr.Expr, depth int) expr.Expr {
	if v, ok := e.(*expr.Var); ok {
		if v.LevelsUp >= depth {
			cp := *v
			cp.LevelsUp -= depth
			return &cp
		}
		return e
	}
	return plan.MapChildren(e, func(c expr.Expr) expr.Expr { return lowerLevels(c, depth) })
}

// groupingValue rewrites a GROUPING call of a grouped level as the
// index of its value in the Agg row, recording which GROUP BY
// expressions its arguments are.
func (s *state) groupingValue(q *plan.Query, g *expr.GroupingFunc) (int, error) {
	refs := make([]int, len(g.Args))
	for i, a := range g.Args {
		refs[i] = -1
		for j, e := range q.GroupBy {
			if exprEqual(e, a) {
				refs[i] = j
				break
			}
		}
		if refs[i] < 0 {
			return 0, s.errorAt(pgerr.New(pgerr.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level"), expr.Location(a))
		}
	}
	q.Groupings = append(q.Groupings, refs)
	return len(q.GroupBy) + len(q.Aggs) + len(q.Groupings) - 1, nil
}

// checkGroupingArgs refuses a GROUPING call of this level in e whose
// argument is not a GROUP BY expression.
func (s *state) checkGroupingArgs(q *plan.Query, e expr.Expr) error {
	var fail error
	plan.Walk(e, func(x expr.Expr) bool {
		g, ok := x.(*expr.GroupingFunc)
		if !ok || fail != nil {
			return fail == nil
		}
		if g.LevelsUp == 0 {
			for _, a := range g.Args {
				found := false
				for _, ge := range q.GroupBy {
					found = found || exprEqual(ge, a)
				}
				if !found {
					fail = s.errorAt(pgerr.New(pgerr.GroupingError, "arguments to GROUPING must be grouping expressions of the associated query level"), expr.Location(a))
					return false
				}
			}
		}
		return true
	})
	return fail
}
