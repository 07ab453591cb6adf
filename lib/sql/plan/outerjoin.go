// Outer joins reduced (PostgreSQL's reduce_outer_joins): a condition
// above an outer join that cannot be true when a relation of its
// nullable side is NULL-extended drops every row the outer join adds,
// so the join is an inner join (a LEFT or RIGHT JOIN) or a one-sided
// one (a FULL JOIN), and the join order search may then move it. A
// LEFT JOIN whose rows WHERE keeps only when a column its ON condition
// makes non-NULL is NULL is an anti join: the rows of the left side
// without a match (PostgreSQL's "WHERE b.x IS NULL" idiom); its IS NULL
// tests go, true for every row the anti join returns.
//
// A condition forces a relation's rows non-NULL (find_nonnullable_rels)
// when it is a column of it, a strict function or operator of such an
// expression, IS NOT NULL of one, an AND with such an argument, or an OR
// whose every argument forces it.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// reduceOuterJoins rewrites the outer joins of q's FROM list that its
// WHERE conditions make inner, one-sided or anti joins (a SELECT's
// only); q is changed in place.
func reduceOuterJoins(q *Query) {
	if q.Command != CmdSelect || len(q.From) == 0 || !hasOuterJoin(q.From) {
		return
	}
	conds := flattenAnd(q.Where, nil)
	nonnull := nonNullableRels(q, conds)
	r := &outerJoinReducer{q: q, where: conds}
	for i, it := range q.From {
		q.From[i] = r.item(it, nonnull, true)
	}
	if r.dropped {
		var keep []expr.Expr
		for _, c := range r.where {
			if c != nil {
				keep = append(keep, c)
			}
		}
		q.Where = andOf(keep)
	}
}

// hasOuterJoin reports whether some item of a FROM list is or holds an
// outer join.
func hasOuterJoin(items []FromItem) bool {
	for _, it := range items {
		if j, ok := it.(*JoinItem); ok {
			if j.Type == JoinLeft || j.Type == JoinRight || j.Type == JoinFull || hasOuterJoin([]FromItem{j.Left, j.Right}) {
				return true
			}
		}
	}
	return false
}

type outerJoinReducer struct {
	q *Query
	// where are WHERE's AND-ed conditions; an anti join's IS NULL
	// tests become nil (dropped).
	where   []expr.Expr
	dropped bool
}

// item is FROM item it with its outer joins reduced, nonnull being the
// relations the conditions above it force non-NULL; top says WHERE's
// conditions see its rows as they are (only inner joins and the left
// sides of LEFT JOINs in between), so they may make an anti join.
func (r *outerJoinReducer) item(it FromItem, nonnull map[int]bool, top bool) FromItem {
	j, ok := it.(*JoinItem)
	if !ok {
		return it
	}
	q := r.q
	cp := *j
	quals := flattenAnd(j.Quals, nil)
	switch j.Type {
	case JoinLeft, JoinRight:
		preserved, nullable := &cp.Left, &cp.Right
		if j.Type == JoinRight {
			preserved, nullable = &cp.Right, &cp.Left
		}
		if overlaps(itemRels(q, *nullable, nil), nonnull) {
			cp.Type = JoinInner
			return r.item(&cp, nonnull, top)
		}
		if j.Type == JoinLeft && top && r.antiJoin(&cp, quals) {
			cp.Type = JoinAnti
		}
		*preserved = r.item(*preserved, nonnull, top && j.Type == JoinLeft)
		*nullable = r.item(*nullable, nonNullableRels(q, quals), false)
	case JoinFull:
		left, right := overlaps(itemRels(q, j.Left, nil), nonnull), overlaps(itemRels(q, j.Right, nil), nonnull)
		switch {
		case left && right:
			cp.Type = JoinInner
		case left:
			cp.Type = JoinLeft
		case right:
			cp.Type = JoinRight
		default:
			cp.Left, cp.Right = r.item(j.Left, nil, false), r.item(j.Right, nil, false)
			return &cp
		}
		return r.item(&cp, nonnull, top)
	case JoinSemi:
		cp.Left = r.item(j.Left, unionSet(nonnull, nonNullableRels(q, quals)), top)
		cp.Right = r.item(j.Right, nil, false)
	case JoinAnti:
		cp.Left = r.item(j.Left, nonnull, top)
		cp.Right = r.item(j.Right, nil, false)
	default: // inner and cross joins
		inner := unionSet(nonnull, nonNullableRels(q, quals))
		cp.Left, cp.Right = r.item(j.Left, inner, top), r.item(j.Right, inner, top)
	}
	return &cp
}

// antiJoin reports whether LEFT JOIN j (with ON conditions quals) keeps
// only its rows without a match under WHERE: every WHERE condition that
// reads its right side is "column IS NULL" of a right-side column, one
// of them of a column the ON conditions make non-NULL. Those tests are
// then dropped.
func (r *outerJoinReducer) antiJoin(j *JoinItem, quals []expr.Expr) bool {
	q := r.q
	right := itemRels(q, j.Right, nil)
	forced := nonNullableVars(quals)
	var tests []int
	hit := false
	for i, c := range r.where {
		if c == nil || !overlaps(relsOf(q, c), right) {
			continue
		}
		nt, ok := c.(*expr.NullTest)
		if !ok || nt.IsNot || nt.ArgIsRow {
			return false
		}
		v, ok := nt.Arg.(*expr.Var)
		if !ok || v.LevelsUp != 0 || !right[rteAt(q, v.Index)] {
			return false
		}
		tests = append(tests, i)
		hit = hit || forced[v.Index]
	}
	if !hit {
		return false
	}
	for _, i := range tests {
		r.where[i] = nil
	}
	r.dropped = true
	return true
}

// overlaps reports whether sets a and b share a member.
func overlaps(a, b map[int]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// nonNullableRels are the relations AND-ed conditions conds cannot be
// true without (find_nonnullable_rels).
func nonNullableRels(q *Query, conds []expr.Expr) map[int]bool {
	out := map[int]bool{}
	for v := range nonNullableVars(conds) {
		if k := rteAt(q, v); k >= 0 {
			out[k] = true
		}
	}
	return out
}

// nonNullableVars are the level's columns (by position in the level
// row) that AND-ed conditions conds cannot be true with NULL
// (find_nonnullable_vars).
func nonNullableVars(conds []expr.Expr) map[int]bool {
	out := map[int]bool{}
	for _, c := range conds {
		for v := range strictVars(c, true) {
			out[v] = true
		}
	}
	return out
}

// strictVars are the columns whose NULL makes e NULL (or, at the top of
// a condition, false): e's columns through strict calls, IS NOT NULL,
// AND (either side's), OR (every side's) and NOT.
func strictVars(e expr.Expr, top bool) map[int]bool {
	out := map[int]bool{}
	switch x := e.(type) {
	case *expr.Var:
		if x.LevelsUp == 0 {
			out[x.Index] = true
		}
	case *expr.RelabelType:
		return strictVars(x.Arg, false)
	case *expr.FuncExpr:
		if x.Func != nil && x.Func.Strict && !x.Func.RetSet {
			for _, a := range x.Args {
				for v := range strictVars(a, false) {
					out[v] = true
				}
			}
		}
	case *expr.ScalarArrayOpExpr:
		if x.Op != nil && x.Op.Func != nil && x.Op.Func.Strict {
			return strictVars(x.Left, false)
		}
	case *expr.NullTest:
		if top && x.IsNot && !x.ArgIsRow {
			return strictVars(x.Arg, false)
		}
	case *expr.BoolTest:
		if top && (x.Kind == expr.IsTrue || x.Kind == expr.IsFalse || x.Kind == expr.IsNotUnknown) {
			return strictVars(x.Arg, false)
		}
	case *expr.BoolExpr:
		switch x.Op {
		case expr.And:
			// At the top, either side false (or NULL) drops the row;
			// below, a NULL of one side may give false, not NULL.
			if top {
				for _, a := range x.Args {
					for v := range strictVars(a, true) {
						out[v] = true
					}
				}
			}
		case expr.Or:
			for i, a := range x.Args {
				s := strictVars(a, top)
				if i == 0 {
					out = s
					continue
				}
				for v := range out {
					if !s[v] {
						delete(out, v)
					}
				}
			}
		case expr.Not:
			if len(x.Args) != 1 {
				break
			}
			// NOT (x IS NULL) is x IS NOT NULL, NOT NOT x is x, as
			// PostgreSQL's negate_clause simplifies them first.
			switch a := x.Args[0].(type) {
			case *expr.NullTest:
				cp := *a
				cp.IsNot = !a.IsNot
				return strictVars(&cp, top)
			case *expr.BoolExpr:
				if a.Op == expr.Not && len(a.Args) == 1 {
					return strictVars(a.Args[0], top)
				}
			}
			return strictVars(x.Args[0], false)
		}
	}
	return out
}

// FullJoinsPlannable reports whether every FULL JOIN of q's FROM list
// that WHERE leaves a FULL JOIN (reduceOuterJoins) can run as a merge
// or hash join (FullJoinPlannable); q is not changed.
func FullJoinsPlannable(q *Query) bool {
	r := &outerJoinReducer{q: q, where: flattenAnd(q.Where, nil)}
	nonnull := nonNullableRels(q, r.where)
	var ok func(FromItem) bool
	ok = func(it FromItem) bool {
		j, isJoin := it.(*JoinItem)
		if !isJoin {
			return true
		}
		if j.Type == JoinFull && !FullJoinPlannable(q, j.Left, j.Right, j.Quals) {
			return false
		}
		return ok(j.Left) && ok(j.Right)
	}
	for _, it := range q.From {
		if !ok(r.item(it, nonnull, true)) {
			return false
		}
	}
	return true
}
