// Conditions pushed into subqueries in FROM (PostgreSQL's allpaths.c
// set_subquery_pathlist and subquery_push_qual).
//
// A subquery in FROM — a view, most often — that pullup.go leaves whole
// is planned on its own and scanned as a whole (SubqueryScan). A WHERE
// condition of the parent that reads nothing
// but the subquery's columns is therefore moved into the subquery's
// WHERE, with the columns replaced by the expressions they stand for,
// so that "SELECT ... FROM view WHERE id = $1" can use an index of the
// table under the view instead of computing all of the view's rows and
// filtering them above it. It also keeps a locked subquery (FOR UPDATE
// of a view) from locking rows the outer WHERE then drops.
//
// The rules are PostgreSQL's (subquery_is_pushdown_safe,
// qual_is_pushdown_safe), restricted to the cases that need no more than
// a move: the subquery must be reached through inner joins only (a
// condition on the nullable side of an outer join filters the joined
// row, not the subquery's), be a plain SELECT without set operation,
// grouping, aggregates, window functions, DISTINCT, LIMIT or OFFSET,
// and not be a WITH query; the condition must read only that
// subquery's columns and no column computed by something volatile, a
// set-returning call or a sublink, and contain nothing volatile, no
// sublink, aggregate or window call itself. Into a view with the
// security_barrier option only leakproof conditions move.
//
// This runs when the query is planned, never during analysis: the
// analyzed query is also what CREATE VIEW, rules and SQL-standard
// function bodies print back, which must keep the conditions where they
// were written.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// pushDownQuals moves the conditions of q's WHERE that qualify into the
// subqueries they read. Each subquery's Build does the same one level
// down.
func pushDownQuals(q *Query) {
	if q.Where == nil {
		return
	}
	inner := map[int]bool{}
	var walk func(f FromItem)
	walk = func(f FromItem) {
		switch x := f.(type) {
		case *RangeItem:
			inner[x.RTE] = true
		case *JoinItem:
			if x.Type == JoinInner || x.Type == JoinCross {
				walk(x.Left)
				walk(x.Right)
			}
		}
	}
	for _, f := range q.From {
		walk(f)
	}
	quals := flattenAnd(q.Where, nil)
	moved := false
	for idx, r := range q.RTEs {
		if !inner[idx] || !subqueryTakesQuals(r) {
			continue
		}
		sub := r.Subquery
		vis := sub.VisibleTargets()
		// A security_barrier view filters its rows before anything of
		// the query reading it sees them: only leakproof conditions go
		// in (contain_leaked_vars).
		barrier := r.Table != nil && r.Table.Entry != nil && r.Table.Entry.SecurityBarrier
		keep := quals[:0:0]
		for _, c := range quals {
			if barrier && !leakproof(c) {
				keep = append(keep, c)
				continue
			}
			if m, ok := qualForSubquery(c, r, vis); ok {
				sub.Where = andOf(append(flattenAndNil(sub.Where), m))
				moved = true
				continue
			}
			keep = append(keep, c)
		}
		quals = keep
	}
	if moved {
		q.Where = andOf(quals)
	}
}

// subqueryTakesQuals reports whether range table entry r is a subquery
// in FROM that conditions may be pushed into (subquery_is_pushdown_safe,
// restricted as the file comment says).
func subqueryTakesQuals(r *RTE) bool {
	sub := r.Subquery
	return r.Kind == RTESubquery && r.CTE == nil && sub != nil && sub.Command == CmdSelect &&
		sub.SetOp == nil && !sub.Grouped && len(sub.Aggs) == 0 && len(sub.Windows) == 0 &&
		!sub.Distinct && len(sub.DistinctOn) == 0 && sub.Limit == nil && sub.Offset == nil
}

// qualForSubquery rewrites condition c over the subquery entry r into a
// condition over the subquery's own row, when it may be tested there:
// it reads r's columns and nothing else of the level, and neither it nor
// the columns it reads hold anything volatile, a sublink, an aggregate
// or a window call (qual_is_pushdown_safe).
func qualForSubquery(c expr.Expr, r *RTE, vis []*Target) (expr.Expr, bool) {
	ok, readsEntry := true, false
	Walk(c, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.Var:
			i := v.Index - r.Offset
			if v.LevelsUp != 0 || i < 0 || i >= len(vis) || !pushableExpr(vis[i].Expr) {
				ok = false
			}
			readsEntry = true
		case *expr.FuncExpr:
			ok = ok && (v.Func == nil || v.Func.Volatility != expr.Volatile)
		case *expr.SubLink, *expr.Aggref, *expr.WindowFunc, *expr.GroupingFunc:
			ok = false
		}
		return ok
	})
	if !ok || !readsEntry {
		return nil, false
	}
	var replace func(e expr.Expr) expr.Expr
	replace = func(e expr.Expr) expr.Expr {
		if v, isVar := e.(*expr.Var); isVar {
			return vis[v.Index-r.Offset].Expr
		}
		return MapChildren(e, replace)
	}
	return replace(c), true
}

// pushableExpr reports whether a subquery's output column may be read
// by a condition pushed into it: nothing volatile, no sublink, no
// aggregate or window call, no set-returning call.
func pushableExpr(e expr.Expr) bool {
	ok := true
	Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.FuncExpr:
			ok = v.Func == nil || v.Func.Volatility != expr.Volatile && !v.Func.RetSet
		case *expr.SubLink, *expr.Aggref, *expr.WindowFunc, *expr.GroupingFunc:
			ok = false
		}
		return ok
	})
	return ok
}

// flattenAndNil is flattenAnd of a condition that may be missing.
func flattenAndNil(e expr.Expr) []expr.Expr {
	if e == nil {
		return nil
	}
	return flattenAnd(e, nil)
}

// leakproof reports whether condition c can reveal nothing about the
// rows it sees but through its result (contain_leaked_vars): every
// function or operator applied to a column is leakproof, and nothing
// else that could fail or talk reads one.
func leakproof(c expr.Expr) bool {
	ok := true
	var check func(e expr.Expr)
	check = func(e expr.Expr) {
		if !ok || e == nil {
			return
		}
		switch x := e.(type) {
		case *expr.Var, *expr.Const, *expr.Param:
			return
		case *expr.BoolExpr, *expr.NullTest, *expr.BoolTest, *expr.RelabelType:
		case *expr.FuncExpr:
			if (x.Func == nil || !x.Func.Leakproof) && readsLevel(x) {
				ok = false
				return
			}
		case *expr.ScalarArrayOpExpr:
			if (x.Op == nil || x.Op.Func == nil || !x.Op.Func.Leakproof) && readsLevel(x) {
				ok = false
				return
			}
		default:
			if readsLevel(e) {
				ok = false
				return
			}
		}
		MapChildren(e, func(c expr.Expr) expr.Expr { check(c); return c })
	}
	check(c)
	return ok
}
