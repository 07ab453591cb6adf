// Removal of useless LEFT JOINs (PostgreSQL's optimizer/plan/
// analyzejoins.c, remove_useless_joins): a LEFT JOIN to a table that
// matches each outer row at most once, none of whose columns the query
// reads outside the join's own ON condition, changes nothing in the
// result (every outer row comes out once, whether it matched or not),
// so the table is not read at all. ORMs and views write such joins
// often.
//
// The table matches at most once when a unique index (checked as rows
// are stored, no predicate) has every key column compared for equality
// with an expression of the outer side or with a constant in the ON
// condition. The check is conservative where PostgreSQL's reaches
// further: a query with a subquery, a function or a LATERAL item keeps
// its joins.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// removeUselessJoins returns the FROM list of q with its removable LEFT
// JOINs replaced by their left sides, or q.From itself when there is
// none. q is not changed.
func removeUselessJoins(q *Query) []FromItem {
	// At a level with FOR UPDATE / FOR SHARE every table's row location
	// is read (PostgreSQL's row marks, lockrows.go): no join is useless.
	if q.Command != CmdSelect || len(q.RowMarks) > 0 || !joinRemovalCandidate(q) {
		return q.From
	}
	items := q.From
	for {
		// Removing one join may make another removable (a join whose
		// table only the removed one's condition read).
		refs := levelVarRefs(q, items)
		changed := false
		next := make([]FromItem, len(items))
		for i, it := range items {
			next[i] = removeJoinsIn(q, it, refs, &changed)
		}
		if !changed {
			return items
		}
		items = next
	}
}

// joinRemovalCandidate reports whether q may have a removable join: a
// LEFT JOIN in FROM, and nothing that reads the level's columns where
// levelVarRefs cannot see (subqueries, functions and LATERAL items).
func joinRemovalCandidate(q *Query) bool {
	hasLeft := false
	var visit func(it FromItem)
	visit = func(it FromItem) {
		if j, ok := it.(*JoinItem); ok {
			hasLeft = hasLeft || j.Type == JoinLeft
			visit(j.Left)
			visit(j.Right)
		}
	}
	for _, it := range q.From {
		visit(it)
	}
	if !hasLeft {
		return false
	}
	for _, r := range q.RTEs {
		if r.Kind != RTETable && r.Kind != RTEJoin || r.Lateral {
			return false
		}
	}
	simple := true
	walkQuery(q, func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			if _, ok := x.(*expr.SubLink); ok {
				simple = false
			}
			return simple
		})
	})
	return simple
}

// levelVarRefs counts, by position in the level row, the references to
// each value from anywhere in q but FROM, and from the ON conditions of
// items.
func levelVarRefs(q *Query, items []FromItem) map[int]int {
	refs := map[int]int{}
	count := func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
				refs[v.Index]++
			}
			return true
		})
	}
	rest := *q
	rest.From = nil
	if q.Grouped {
		// These read the Agg row, whose level values come through
		// GroupBy and Aggs.
		rest.Targets, rest.Having, rest.Windows = nil, nil, nil
	}
	walkQuery(&rest, count)
	var visit func(it FromItem)
	visit = func(it FromItem) {
		if j, ok := it.(*JoinItem); ok {
			if j.Quals != nil {
				count(j.Quals)
			}
			visit(j.Left)
			visit(j.Right)
		}
	}
	for _, it := range items {
		visit(it)
	}
	return refs
}

// removeJoinsIn is it with its removable LEFT JOINs replaced by their
// left sides; changed is set when one was.
func removeJoinsIn(q *Query, it FromItem, refs map[int]int, changed *bool) FromItem {
	j, ok := it.(*JoinItem)
	if !ok {
		return it
	}
	left := removeJoinsIn(q, j.Left, refs, changed)
	right := removeJoinsIn(q, j.Right, refs, changed)
	if j.Type == JoinLeft && joinRemovable(q, j, left, right, refs) {
		*changed = true
		return left
	}
	if left == j.Left && right == j.Right {
		return j
	}
	cp := *j
	cp.Left, cp.Right = left, right
	return &cp
}

// joinRemovable reports whether LEFT JOIN j (of left and right) can go
// (join_is_removable): right is one table, nothing outside j's ON
// condition reads it, and it matches each left row at most once.
func joinRemovable(q *Query, j *JoinItem, left, right FromItem, refs map[int]int) bool {
	ri, ok := right.(*RangeItem)
	if !ok {
		return false
	}
	r := q.RTEs[ri.RTE]
	if r.Kind != RTETable || r.Table == nil || r.Sample != nil {
		return false
	}
	var quals []expr.Expr
	if j.Quals != nil {
		quals = flattenAnd(j.Quals, nil)
	}
	// The table's values read outside the ON condition.
	own := map[int]int{}
	for _, e := range quals {
		Walk(e, func(x expr.Expr) bool {
			if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
				own[v.Index]++
			}
			return true
		})
	}
	for i := r.Offset; i < r.Offset+r.Width; i++ {
		if refs[i] != own[i] {
			return false
		}
	}
	leftRels := itemRels(q, left, nil)
	// The key columns the condition fixes: equal to an expression of the
	// left side, or (a condition on the table alone) to a constant.
	fixed := map[int]bool{}
	for _, e := range quals {
		f, ok := e.(*expr.FuncExpr)
		if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 || f.Op.OID >= firstUserOID || hasVolatile(f) {
			continue
		}
		for side := 0; side < 2; side++ {
			col, colType, ok := tableColumn(r, f.Args[side])
			other := f.Args[1-side]
			if !ok || !comparableKey(colType, other.Type()) {
				continue
			}
			rels := relsOf(q, other)
			if len(rels) > 0 && subset(rels, leftRels) || len(rels) == 0 && !readsLevel(other) {
				fixed[col] = true
			}
		}
	}
	for _, ti := range r.Table.Indexes {
		if !ti.Unique || ti.Pred != nil || ti.Exprs != nil {
			continue
		}
		all := true
		for _, c := range ti.Columns[:len(ti.Index.Keys)] {
			all = all && fixed[c]
		}
		// An equality is never true for NULL: at most one row matches,
		// NULLS NOT DISTINCT or not.
		if all {
			return true
		}
	}
	return false
}
