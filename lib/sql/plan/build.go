// This file is the planner: it turns an analyzed Query into a tree of
// plan nodes. Inner joins are ordered by the join search (joinsearch.go);
// outer joins are planned where the query writes them, as hash joins
// when an equality between the two sides is available and as nested
// loops otherwise; WHERE and ON conditions that
// read a single FROM item are pushed down to its scan where outer joins
// allow it (PostgreSQL's distribute_qual_to_rels). Conditions are ordered
// by estimated cost, as PostgreSQL orders quals, since which one runs
// first can decide whether an error is raised.

package plan

import (
	"slices"
	"sort"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Build turns an analyzed query into a plan.

// inherit gives child the planner settings of parent, unless it has its
// own.
func inherit(parent, child *Query) *Query {
	if child != nil && child.Planner == nil {
		child.Planner = parent.Planner
	}
	return child
}

// planner is q's planner settings.
func planner(q *Query) PlannerOptions {
	if q.Planner == nil {
		return PlannerOptions{}
	}
	return *q.Planner
}

func Build(q *Query) Node {
	// EXISTS and IN tests of WHERE that can be joins become joins
	// before the other subqueries are planned (semijoin.go).
	pullUpSubLinks(q)
	// Simple subqueries in FROM (views) merge into q (pullup.go).
	pullUpSubqueries(q)
	// Outer joins that WHERE makes inner, one-sided or anti joins
	// (outerjoin.go).
	reduceOuterJoins(q)
	// WHERE conditions that read one subquery in FROM move into it
	// (pushdown.go).
	pushDownQuals(q)
	if q.SetOp != nil && q.SetOp.Recursive == nil {
		// The branches of a set operation are planned by buildSelect,
		// not Build: the same rewrites first (pullup.go).
		prepareSetOpBranches(q.SetOp)
	}
	planSubLinks(q)
	// The WITH queries first, so that the estimates of the scans of
	// their rows know how many there are (the join search compares by
	// them).
	planCTEs(q)
	var n Node
	switch q.Command {
	case CmdInsert:
		n = buildInsert(q)
	case CmdUpdate, CmdDelete:
		n = buildModify(q)
	case CmdMerge:
		n = buildMerge(q)
	default:
		n = buildSelect(q)
	}
	n = withCTEs(q, n)
	if q.Command == CmdSelect || q.Command == CmdInsert {
		dropPredicateImplied(n)
	}
	markScanColumns(n)
	markIndexOnly(n, planner(q))
	markInnerUnique(q, n)
	return n
}

// markInnerUnique sets InnerUnique on the nested loops of q's level
// whose inner side is one table that a unique key, fixed by the join's
// equalities and its own conditions on constants, lets match an outer
// row once at most (innerrel_is_unique), as the other joins are marked
// when made. The levels of subqueries are their own Build's.
func markInnerUnique(q *Query, n Node) {
	switch v := n.(type) {
	case *SubqueryScan, *CTEScope:
		return
	case *NestLoop:
		if v.Type == JoinInner || v.Type == JoinLeft {
			orels, irels := relsIn(q, v.OuterSegments), relsIn(q, v.InnerSegments)
			okeys, ikeys, _, _ := hashKeys(q, v.Quals, orels, irels)
			v.InnerUnique = len(okeys) > 0 && hashInnerUnique(q, v.Inner, irels, okeys, ikeys)
		}
	}
	for _, in := range Inputs(n) {
		markInnerUnique(q, in)
	}
}

// relsIn are the range table entries whose values lie in segs.
func relsIn(q *Query, segs [][2]int) map[int]bool {
	rels := map[int]bool{}
	for _, s := range segs {
		for i := s[0]; i < s[1]; i++ {
			if r := rteAt(q, i); r >= 0 {
				rels[r] = true
			}
		}
	}
	return rels
}

// withCTEs evaluates n with the materialized WITH queries of q's level.
func withCTEs(q *Query, n Node) Node {
	var scope *CTEScope
	for _, c := range q.CTEs {
		if c.Refs == 0 && !c.Modifying || !c.Materialized() {
			continue
		}
		if scope == nil {
			scope = &CTEScope{Input: n}
		}
		in := c.plan
		c.plan = nil // made for this planning only
		if in == nil {
			in = Build(inherit(q, c.Query))
		}
		if c.Modifying {
			markAuxiliary(in)
		}
		scope.CTEs = append(scope.CTEs, c)
		scope.Inputs = append(scope.Inputs, in)
	}
	if scope != nil {
		return scope
	}
	return n
}

// planCTEs plans the materialized WITH queries of q's level that are
// not recursive (a recursive one's plan is its own level's business).
func planCTEs(q *Query) {
	for _, c := range q.CTEs {
		if c.Recursive || c.Refs == 0 && !c.Modifying || !c.Materialized() {
			continue
		}
		c.plan = Build(inherit(q, c.Query))
	}
}

// buildSelect plans a SELECT: FROM and WHERE, grouping, projection,
// DISTINCT, ORDER BY, LIMIT, and a final trim of sort-only columns.
func buildSelect(q *Query) Node {
	var n Node
	if q.SetOp != nil && q.SetOp.Recursive != nil {
		n = buildRecursiveUnion(q, q.SetOp)
	} else if q.SetOp != nil {
		n = &HashSetOp{Op: q.SetOp.Op, All: q.SetOp.All, Left: withCTEs(q.SetOp.Left, buildSelect(inherit(q, q.SetOp.Left))), Right: withCTEs(q.SetOp.Right, buildSelect(inherit(q, q.SetOp.Right))), Types: q.SetOp.Types}
		if q.SetOp.Op == Union && !q.SetOp.All && slices.ContainsFunc(q.SetOp.Types, sortOnlyType) {
			// Rows PostgreSQL cannot hash are made distinct by sorting
			// the appended rows (UNION ALL) on every column.
			n.(*HashSetOp).All = true
			keys := make([]SortKey, len(q.SetOp.Types))
			for i := range keys {
				keys[i] = SortKey{Target: i}
			}
			n = &Unique{Input: &Sort{Input: n, Keys: keys, Types: q.SetOp.Types}, Types: q.SetOp.Types}
		}
	} else if mm := minMaxPlan(q); mm != nil {
		return mm
	}
	having, moved := havingToWhere(q)
	if q.SetOp == nil {
		n = buildFrom(q, moved...)
	}
	if q.Grouped {
		// Set-returning calls in grouping keys run below the Agg.
		groupBy := q.GroupBy
		n = liftSRFs(n, func(lift func(expr.Expr) expr.Expr) {
			for i, g := range groupBy {
				groupBy[i] = lift(g)
			}
		})
		q.GroupBy = groupBy
		n = groupedAgg(q, n)
		if len(having) > 0 {
			n = &Filter{Input: n, Quals: orderByCost(having)}
		}
	}
	if len(q.Windows) > 0 {
		n = buildWindows(q, n)
	}
	return finishSelect(q, n)
}

// havingToWhere splits q's HAVING conditions into those that stay, over
// the Agg row, and those tested on the rows before grouping instead,
// over the level row (subquery_planner): with GROUP BY and no grouping
// sets, a condition that reads group keys only (no aggregate or
// GROUPING()), calls nothing volatile and holds no subquery drops the
// same groups when it drops their rows first, and reading fewer rows
// costs less.
func havingToWhere(q *Query) (stay, moved []expr.Expr) {
	if q.Having == nil {
		return nil, nil
	}
	conds := flattenAnd(q.Having, nil)
	if len(q.GroupBy) == 0 || q.GroupingSets != nil {
		return conds, nil
	}
	for _, c := range conds {
		keysOnly := !hasVolatile(c) && !hasSubLink(c)
		Walk(c, func(x expr.Expr) bool {
			if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
				// A group key, itself safe to test on every row.
				keysOnly = v.Index < len(q.GroupBy) && !hasVolatile(q.GroupBy[v.Index]) && !hasSRF(q.GroupBy[v.Index]) &&
					!hasSubLink(q.GroupBy[v.Index])
			}
			return keysOnly
		})
		if !keysOnly {
			stay = append(stay, c)
			continue
		}
		var toLevel func(e expr.Expr) expr.Expr
		toLevel = func(e expr.Expr) expr.Expr {
			if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 {
				return q.GroupBy[v.Index]
			}
			return MapChildren(e, toLevel)
		}
		moved = append(moved, toLevel(c))
	}
	return stay, moved
}

// liftSRFs computes the set-returning calls of the expressions that
// apply rewrites with lift in ProjectSet nodes over n, which the
// rewritten expressions read as Vars: one ProjectSet per nesting depth,
// the innermost calls first, so that a call whose arguments hold
// set-returning calls runs once per row of theirs (PostgreSQL's
// split_pathtarget_at_srfs).
func liftSRFs(n Node, apply func(lift func(expr.Expr) expr.Expr)) Node {
	for {
		var srfs []*expr.FuncExpr
		width := n.Width()
		var lift func(e expr.Expr) expr.Expr
		lift = func(e expr.Expr) expr.Expr {
			if f, ok := e.(*expr.FuncExpr); ok && f.Func != nil && f.Func.RetSet && !argsHaveSRF(f) {
				srfs = append(srfs, f)
				return &expr.Var{Index: width + len(srfs) - 1, Typ: f.Typ, Mod: f.Mod, Loc: f.Loc}
			}
			return MapChildren(e, lift)
		}
		apply(lift)
		if len(srfs) == 0 {
			return n
		}
		n = &ProjectSet{Input: n, SRFs: srfs}
	}
}

// argsHaveSRF reports whether a call's arguments call a set-returning
// function.
func argsHaveSRF(f *expr.FuncExpr) bool {
	for _, a := range f.Args {
		if hasSRF(a) {
			return true
		}
	}
	return false
}

func finishSelect(q *Query, n Node) Node {
	locking := prepareLockRows(q) // lockrows.go
	exprs := make([]expr.Expr, len(q.Targets))
	colTypes := make([]uint32, len(q.Targets))
	visible := 0
	// Set-returning calls in the target list are computed below the
	// projection, which reads their values as Vars.
	n = liftSRFs(n, func(lift func(expr.Expr) expr.Expr) {
		for i, t := range q.Targets {
			q.Targets[i].Expr = lift(t.Expr)
		}
	})
	for i, t := range q.Targets {
		exprs[i] = t.Expr
		colTypes[i] = t.Expr.Type()
		if !t.Junk {
			visible++
		}
	}
	ordered, presorted := false, 0
	if scan, ok := n.(*TableScan); ok && !q.Distinct && len(q.DistinctOn) == 0 {
		ordered, presorted = orderedScan(q, scan, exprs)
	}
	agg := n
	if f, ok := agg.(*Filter); ok {
		agg = f.Input
	}
	if a, ok := agg.(*Agg); ok && sortedFor(q, a) {
		// The groups come out in ORDER BY's order.
		ordered = true
	}
	if scan, ok := n.(*TableScan); ok && !q.Distinct && len(q.DistinctOn) == 0 && !ordered && presorted == 0 && locking == nil {
		if late := lateFetch(q, scan, exprs); late != nil {
			if visible < len(q.Targets) {
				late = &Trim{Input: late, N: visible}
			}
			return late
		}
	}
	if !ordered && !q.Distinct && len(q.DistinctOn) == 0 && len(q.Sort) > 0 {
		ordered = mergeOrderServes(n, exprs, q.Sort)
	}
	if !ordered && !q.Distinct && len(q.DistinctOn) == 0 && len(q.Sort) > 0 {
		ordered = sortedUnionServes(n, exprs, q.Sort)
	}
	n = &Project{Input: n, Exprs: exprs}
	if q.Distinct {
		// Sort on the requested keys first, then on every visible
		// column, so equal rows are adjacent.
		keys := append([]SortKey{}, q.Sort...)
		for i := 0; i < visible; i++ {
			keys = append(keys, SortKey{Target: i})
		}
		n = &Sort{Input: n, Keys: keys, Types: colTypes}
		n = &Unique{Input: n, Types: colTypes[:visible]}
	} else if len(q.DistinctOn) > 0 {
		// Sort on the DISTINCT ON keys, then on the rest of ORDER BY;
		// keep the first row of each group of equal keys.
		keys := append([]SortKey{}, q.DistinctOn...)
		var cols []int
		for _, k := range q.DistinctOn {
			cols = append(cols, k.Target)
		}
		for _, k := range q.Sort {
			dup := false
			for _, d := range q.DistinctOn {
				dup = dup || d.Target == k.Target
			}
			if !dup {
				keys = append(keys, k)
			}
		}
		n = &Sort{Input: n, Keys: keys, Types: colTypes}
		n = &Unique{Input: n, Types: colTypes, Cols: cols}
	} else if len(q.Sort) > 0 && !ordered {
		n = &Sort{Input: n, Keys: q.Sort, Types: colTypes, Presorted: presorted}
	}
	n = locking.lockRows(q, n)
	if q.Limit != nil || q.Offset != nil {
		lim := &Limit{Input: n, Count: q.Limit, Offset: q.Offset}
		if q.LimitWithTies {
			lim.WithTies, lim.TieKeys, lim.Types = true, q.Sort, colTypes
		}
		n = lim
	}
	if visible < len(q.Targets) {
		n = &Trim{Input: n, N: visible}
	}
	return n
}

// relsOf returns the range table entries whose values e reads at this
// query level (LevelsUp 0, including from within correlated subqueries).
func relsOf(q *Query, e expr.Expr) map[int]bool {
	out := map[int]bool{}
	walkVars(e, 0, func(v *expr.Var) {
		if i := rteAt(q, v.Index); i >= 0 {
			out[i] = true
		}
	})
	return out
}

// rteAt returns the base range table entry holding position idx of the
// level row.
func rteAt(q *Query, idx int) int {
	for i, r := range q.RTEs {
		if r.Kind != RTEJoin && idx >= r.Offset && idx < r.Offset+r.Width {
			return i
		}
		if r.SysUsed && idx >= r.SysOffset && idx < r.SysOffset+NumSysColumns {
			return i
		}
	}
	return -1
}

// subLinkQuery is the analyzed subquery of sl, planned or not.
func subLinkQuery(sl *expr.SubLink) *Query {
	if sub, ok := sl.Plan.(*Query); ok {
		return sub
	}
	sub, _ := sl.Query.(*Query)
	return sub
}

// walkVars calls f for each Var of e that refers to the query level
// depth levels out from e (0: e's own level), looking into subqueries.
func walkVars(e expr.Expr, depth int, f func(*expr.Var)) {
	Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.Var:
			if v.LevelsUp == depth {
				f(v)
			}
		case *expr.SubLink:
			if sub := subLinkQuery(v); sub != nil {
				walkQuery(sub, func(e expr.Expr) { walkVars(e, depth+1, f) })
			}
		}
		return true
	})
}

// walkQuery calls f on every expression of q (not of its subqueries in
// FROM, which cannot refer to outer levels except LATERAL).
func walkQuery(q *Query, f func(expr.Expr)) {
	each := func(e expr.Expr) {
		if e != nil {
			f(e)
		}
	}
	each(q.Where)
	each(q.Having)
	each(q.Limit)
	each(q.Offset)
	for _, e := range q.GroupBy {
		each(e)
	}
	for _, a := range q.Aggs {
		each(a)
	}
	for _, t := range q.Targets {
		each(t.Expr)
	}
	for _, w := range q.Windows {
		w.walk(each)
	}
	for _, it := range q.From {
		walkFromQuals(it, each)
	}
	for _, r := range q.RTEs {
		switch r.Kind {
		case RTEValues:
			for _, row := range r.Values {
				for _, e := range row {
					each(e)
				}
			}
		case RTEFunction:
			for _, e := range r.Func.Args {
				each(e)
			}
		case RTETable:
			if r.Sample != nil {
				for _, e := range r.Sample.Args {
					each(e)
				}
				each(r.Sample.Repeatable)
			}
		case RTESubquery:
			if r.Lateral {
				walkQuery(r.Subquery, f)
			}
		}
	}
	for _, e := range q.NewValues {
		each(e)
	}
	for _, a := range q.MergeActions {
		each(a.Cond)
		for _, e := range a.NewValues {
			each(e)
		}
	}
	if q.OnConflict != nil && q.OnConflict.Update != nil {
		for _, e := range q.OnConflict.Update.NewValues {
			each(e)
		}
		each(q.OnConflict.Update.Where)
	}
	for _, t := range q.Returning {
		each(t.Expr)
	}
	for _, c := range q.ViewChecks {
		each(c.Expr)
	}
	if q.SetOp != nil {
		walkQuery(q.SetOp.Left, f)
		walkQuery(q.SetOp.Right, f)
	}
	if q.InsertSource != nil {
		walkQuery(q.InsertSource, f)
	}
}

func walkFromQuals(it FromItem, f func(expr.Expr)) {
	if j, ok := it.(*JoinItem); ok {
		walkFromQuals(j.Left, f)
		walkFromQuals(j.Right, f)
		f(j.Quals)
	}
}

// mapFromQuals replaces the join conditions of it and of the joins below
// it with f's results (nil conditions included), inner ones first.
func mapFromQuals(it FromItem, f func(expr.Expr) expr.Expr) {
	if j, ok := it.(*JoinItem); ok {
		mapFromQuals(j.Left, f)
		mapFromQuals(j.Right, f)
		j.Quals = f(j.Quals)
	}
}

// Walk calls f on e and every expression below it (not into subquery
// plans) while f returns true for the parent.
func Walk(e expr.Expr, f func(expr.Expr) bool) {
	if e == nil {
		return
	}
	if !f(e) {
		return
	}
	for _, c := range Children(e) {
		Walk(c, f)
	}
}

// Children returns the direct subexpressions of e.
func Children(e expr.Expr) []expr.Expr {
	var out []expr.Expr
	add := func(es ...expr.Expr) {
		for _, x := range es {
			if x != nil {
				out = append(out, x)
			}
		}
	}
	switch x := e.(type) {
	case *expr.FuncExpr:
		add(x.Args...)
	case *expr.BoolExpr:
		add(x.Args...)
	case *expr.NullTest:
		add(x.Arg)
	case *expr.BoolTest:
		add(x.Arg)
	case *expr.CaseExpr:
		add(x.Arg)
		for _, w := range x.Whens {
			add(w.Cond, w.Result)
		}
		add(x.Else)
	case *expr.CoalesceExpr:
		add(x.Args...)
	case *expr.MinMaxExpr:
		add(x.Args...)
	case *expr.DistinctExpr:
		add(x.Args[0], x.Args[1])
	case *expr.NullIfExpr:
		add(x.Args[0], x.Args[1])
	case *expr.ScalarArrayOpExpr:
		add(x.Left)
		add(x.Right...)
		add(x.Array)
	case *expr.RelabelType:
		add(x.Arg)
	case *expr.CoerceViaIO:
		add(x.Arg)
	case *expr.CoerceToDomain:
		add(x.Arg)
	case *expr.CoerceToTypmod:
		add(x.Arg)
	case *expr.ArrayExpr:
		add(x.Elems...)
	case *expr.ArrayCoerceExpr:
		add(x.Arg)
	case *expr.RowExpr:
		add(x.Args...)
		add(x.NullWhen)
	case *expr.RowCompareExpr:
		add(x.Left...)
		add(x.Right...)
	case *expr.FieldSelect:
		add(x.Arg)
	case *expr.MultiAssignRef:
		add(x.Source)
	case *expr.Aggref:
		add(x.DirectArgs...)
		add(x.Args...)
		for _, o := range x.Order {
			add(o.Expr)
		}
		add(x.Filter)
	case *expr.WindowFunc:
		add(x.Args...)
		add(x.Filter)
	case *expr.GroupingFunc:
		add(x.Args...)
	case *expr.SubLink:
		add(x.Test)
	case *expr.SubscriptExpr:
		add(x.Arg)
		add(x.Indexes...)
		add(x.Lower...)
		add(x.Value)
	}
	return out
}

// planSubLinks replaces the analyzed subqueries of q's SubLinks by their
// plans.
func planSubLinks(q *Query) {
	walkQuery(q, func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			if sl, ok := x.(*expr.SubLink); ok {
				if sub, ok := sl.Plan.(*Query); ok {
					saved := *sl
					if hs := hashedExists(sl, sub); hs != sub {
						if p := Build(inherit(q, hs)); hashFits(q, p) {
							sl.Query, sl.Plan = hs, p
							return true
						}
						// Too many rows to hold: run it for every row.
						*sl = saved
					}
					sl.Query = sub
					sl.Plan = Build(inherit(q, sub))
					markHashedAny(sl)
				}
			}
			return true
		})
	})
}

// markHashedAny sets HashType and HashOuter on an uncorrelated
// "x = ANY (SELECT y ...)" (IN) of one column whose built-in equality
// hashes, so that it is evaluated with a hash table of the subquery's
// values (EXPLAIN's "hashed SubPlan").
func markHashedAny(sl *expr.SubLink) {
	f, ok := sl.Test.(*expr.FuncExpr)
	if sl.Kind != expr.AnySubLink || sl.Correlated || !ok || f.Op == nil || f.Op.Name != "=" || f.Op.OID >= firstUserOID || len(f.Args) != 2 {
		return
	}
	for side := 0; side < 2; side++ {
		sv, isSub := f.Args[side].(*expr.SubValue)
		other := f.Args[1-side]
		if !isSub || sv.Index != 0 || hasSubValue(other) || hasVolatile(other) {
			continue
		}
		if kt, ok := HashKeyType(types.DomainBase(other.Type()), types.DomainBase(sv.Typ)); ok {
			sl.HashType, sl.HashOuter = kt, other
		}
		return
	}
}

// hashedExists turns a correlated EXISTS whose subquery reads the
// enclosing row in one equality only, "inner = outer" with a hashing
// built-in equality, into the uncorrelated "outer = ANY (SELECT inner
// FROM ... WHERE the rest)" evaluated with a hash table, false where the
// comparisons are NULL (an EXISTS is never NULL). The subquery then runs
// once, not once for every row of the enclosing query (PostgreSQL plans
// such an EXISTS as a hashed semi join). It returns the subquery to plan:
// sub itself when the form does not apply.
func hashedExists(sl *expr.SubLink, sub *Query) *Query {
	if sl.Kind != expr.ExistsSubLink || !sl.Correlated || sub.Command != CmdSelect || sub.SetOp != nil || sub.Grouped || len(sub.Aggs) > 0 ||
		len(sub.Windows) > 0 || len(sub.CTEs) > 0 || sub.Offset != nil || len(sub.DistinctOn) > 0 || sub.Where == nil {
		return sub
	}
	if sub.Limit != nil {
		// LIMIT n >= 1 does not change an EXISTS.
		if n, ok := constInt(sub.Limit); !ok || n < 1 {
			return sub
		}
	}
	conds := flattenAnd(sub.Where, nil)
	corr := -1
	for i, c := range conds {
		if readsOuterLevel(c) {
			if corr >= 0 {
				return sub
			}
			corr = i
		}
	}
	if corr < 0 {
		return sub
	}
	// Nothing else reads the enclosing row, calls a volatile function
	// (it would run once instead of once a row) or holds a subquery.
	simple := true
	rest := *sub
	rest.Where = nil
	rest.Targets = nil
	walkQuery(&rest, func(e expr.Expr) {
		simple = simple && !readsOuterLevel(e) && !hasVolatile(e) && !hasSubLink(e)
	})
	for i, c := range conds {
		if i != corr {
			simple = simple && !hasVolatile(c) && !hasSubLink(c)
		}
	}
	f, ok := conds[corr].(*expr.FuncExpr)
	if !simple || !ok || f.Op == nil || f.Op.Name != "=" || f.Op.OID >= firstUserOID || len(f.Args) != 2 || hasVolatile(f) || hasSubLink(f) {
		return sub
	}
	var outerSide int
	switch {
	case onlyOuterLevel(f.Args[0]) && !readsOuterLevel(f.Args[1]) && readsLevel(f.Args[1]):
		outerSide = 0
	case onlyOuterLevel(f.Args[1]) && !readsOuterLevel(f.Args[0]) && readsLevel(f.Args[0]):
		outerSide = 1
	default:
		return sub
	}
	inner, outerArg := f.Args[1-outerSide], shiftLevelsUp(f.Args[outerSide])
	kt, hashes := HashKeyType(types.DomainBase(outerArg.Type()), types.DomainBase(inner.Type()))
	if !hashes {
		return sub
	}
	var mod int32 = -1
	if v, ok := inner.(*expr.Var); ok {
		mod = v.Mod
	}
	args := make([]expr.Expr, 2)
	args[outerSide], args[1-outerSide] = outerArg, &expr.SubValue{Index: 0, Typ: inner.Type(), Mod: mod}
	var others []expr.Expr
	for i, c := range conds {
		if i != corr {
			others = append(others, c)
		}
	}
	ns := *sub
	ns.Where = nil
	if len(others) > 0 {
		ns.Where = &expr.BoolExpr{Op: expr.And, Args: others}
	}
	ns.Targets = []Target{{Expr: inner, Name: "?column?"}}
	ns.Sort, ns.Limit, ns.Distinct = nil, nil, false
	sl.Kind, sl.Correlated = expr.AnySubLink, false
	test := *f
	test.Args = args
	sl.Test = &test
	sl.HashType, sl.HashOuter, sl.NullIsFalse = kt, outerArg, true
	return &ns
}

// hashFits reports whether the rows plan p is estimated to give fit in
// work_mem × hash_mem_multiplier (subplan_is_hashable), which a hashed
// EXISTS holds.
func hashFits(q *Query, p Node) bool {
	c := newPlanCoster(q)
	e, ws := c.node(p)
	mem := planner(q).HashMem
	if mem <= 0 {
		mem = defaultHashMem
	}
	return e.Rows*(maxAlign(float64(sum(ws)))+heapTupleHeader) <= float64(mem)
}

// readsOuterLevel reports whether e, in a subquery, reads a column of an
// enclosing query.
func readsOuterLevel(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp > 0 {
			found = true
		}
		return !found
	})
	return found
}

// onlyOuterLevel reports whether e reads the enclosing query's row, and
// nothing of its own level or further out.
func onlyOuterLevel(e expr.Expr) bool {
	ok, any := true, false
	Walk(e, func(x expr.Expr) bool {
		if v, is := x.(*expr.Var); is {
			any = true
			ok = ok && v.LevelsUp == 1
		}
		return ok
	})
	return ok && any
}

// shiftLevelsUp is e, read one level further out: the enclosing query's
// columns become its own.
func shiftLevelsUp(e expr.Expr) expr.Expr {
	if v, ok := e.(*expr.Var); ok {
		cp := *v
		cp.LevelsUp--
		return &cp
	}
	return MapChildren(e, shiftLevelsUp)
}

// hasSubValue reports whether e reads the subquery row of an ANY/ALL
// test.
func hasSubValue(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		if _, ok := x.(*expr.SubValue); ok {
			found = true
		}
		return !found
	})
	return found
}

// ---- FROM and WHERE ----

// qual is a condition with the entries it reads.
type qual struct {
	e    expr.Expr
	rels map[int]bool
	used bool
}

func subset(a, b map[int]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// itemRels returns the base entries under a FROM item.
func itemRels(q *Query, it FromItem, out map[int]bool) map[int]bool {
	if out == nil {
		out = map[int]bool{}
	}
	switch x := it.(type) {
	case *RangeItem:
		out[x.RTE] = true
	case *JoinItem:
		itemRels(q, x.Left, out)
		itemRels(q, x.Right, out)
	}
	return out
}

func segmentsOf(q *Query, rels map[int]bool) [][2]int {
	var idx []int
	for i := range rels {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var out [][2]int
	for _, i := range idx {
		r := q.RTEs[i]
		if r.Width > 0 {
			out = append(out, [2]int{r.Offset, r.Offset + r.Width})
		}
		if r.SysUsed {
			out = append(out, [2]int{r.SysOffset, r.SysOffset + NumSysColumns})
		}
	}
	return out
}

func buildFrom(q *Query, moved ...expr.Expr) Node {
	var quals []*qual
	if q.Where != nil {
		for _, e := range flattenAnd(q.Where, nil) {
			quals = append(quals, &qual{e: e, rels: relsOf(q, e)})
		}
	}
	// HAVING conditions on the group keys alone (havingToWhere).
	for _, e := range moved {
		quals = append(quals, &qual{e: e, rels: relsOf(q, e)})
	}
	if len(q.From) == 0 {
		var n Node = &Result{}
		return addFilter(n, quals)
	}
	from := removeUselessJoins(q)
	if len(from) == 1 {
		if _, ok := from[0].(*RangeItem); ok {
			// One relation: nothing to order.
			return addFilter(buildItem(q, from[0], quals), quals)
		}
	}
	// The comma-separated items and the inner joins flattened into one
	// list of relations, joined in the order the search picks, each
	// with the WHERE and ON conditions it can take.
	return addFilter(joinFrom(q, from, nil, quals), quals)
}

// pick takes the unused quals that only read entries in rels.
func pick(quals []*qual, rels map[int]bool) []expr.Expr {
	var out []expr.Expr
	for _, ql := range quals {
		if !ql.used && subset(ql.rels, rels) {
			ql.used = true
			out = append(out, ql.e)
		}
	}
	return out
}

func addFilter(n Node, quals []*qual) Node {
	var rest []expr.Expr
	for _, ql := range quals {
		if !ql.used {
			ql.used = true
			rest = append(rest, ql.e)
		}
	}
	if len(rest) == 0 {
		return n
	}
	return &Filter{Input: n, Quals: orderQuals(rest)}
}

// buildItem plans one FROM item, pushing down the quals (from WHERE or
// an enclosing join's ON) that only read its entries.
func buildItem(q *Query, it FromItem, quals []*qual) Node {
	switch x := it.(type) {
	case *RangeItem:
		rels := map[int]bool{x.RTE: true}
		return buildScan(q, q.RTEs[x.RTE], pick(quals, rels))
	case *JoinItem:
		lrels := itemRels(q, x.Left, nil)
		rrels := itemRels(q, x.Right, nil)
		var on []*qual
		if x.Quals != nil {
			for _, e := range flattenAnd(x.Quals, nil) {
				on = append(on, &qual{e: e, rels: relsOf(q, e)})
			}
		}
		var left, right Node
		switch x.Type {
		case JoinInner, JoinCross:
			// ON conditions of an inner join are WHERE conditions; the
			// relations of nested inner joins are ordered together.
			return joinFrom(q, nil, x, quals)
		case JoinLeft:
			// Outer-side WHERE conditions go down; ON conditions on the
			// inner side alone filter the inner side.
			left = buildItem(q, x.Left, quals)
			right = buildItem(q, x.Right, on)
			return makeJoin(q, JoinLeft, left, right, lrels, rrels, pick(on, unionSet(lrels, rrels)))
		case JoinRight:
			left = buildItem(q, x.Left, on)
			right = buildItem(q, x.Right, quals)
			return makeJoin(q, JoinLeft, right, left, rrels, lrels, pick(on, unionSet(lrels, rrels)))
		case JoinSemi:
			// A condition on the outer side alone drops the outer rows
			// it fails whether or not they match: it goes down.
			left = buildItem(q, x.Left, append(quals[:len(quals):len(quals)], on...))
			right = buildItem(q, x.Right, on)
			return semiJoin(q, JoinSemi, left, right, lrels, rrels, pick(on, unionSet(lrels, rrels)))
		case JoinAnti:
			left = buildItem(q, x.Left, quals)
			right = buildItem(q, x.Right, on)
			return semiJoin(q, JoinAnti, left, right, lrels, rrels, pick(on, unionSet(lrels, rrels)))
		default: // FULL
			left = buildItem(q, x.Left, nil)
			right = buildItem(q, x.Right, nil)
			return makeJoin(q, JoinFull, left, right, lrels, rrels, pick(on, unionSet(lrels, rrels)))
		}
	}
	panic("unknown FROM item")
}

func unionSet(a, b map[int]bool) map[int]bool {
	out := map[int]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func buildScan(q *Query, r *RTE, quals []expr.Expr) Node {
	var n Node
	switch r.Kind {
	case RTETable:
		scan := &TableScan{Table: r.Table, Offset: r.Offset, Level: q.Width, Sys: r.SysUsed, SysOffset: r.SysOffset, Quals: orderQuals(quals), Sample: r.Sample, RTE: r}
		// The columns the plan reads above the scan: its own
		// conditions aside, as PostgreSQL's reltarget.
		scan.Reads = queryColumns(q, r, quals)
		scan.Index, scan.Bitmap = chooseScan(planner(q), r, scan.Quals, indexOnlyColumns(q, r))
		return scan
	case RTEVirtual:
		n = &Scan{Schema: r.Schema, Name: r.Name, Columns: r.Columns, Offset: r.Offset, Level: q.Width, RTE: r}
	case RTEFunction:
		n = &FunctionScan{Call: r.Func, Columns: r.Columns, Offset: r.Offset, Level: q.Width, RTE: r}
	case RTEValues:
		n = &ValuesScan{Rows: r.Values, Offset: r.Offset, Level: q.Width, RTE: r}
	case RTESubquery:
		if r.CTE != nil && r.CTE.Materialized() {
			n = &CTEScan{CTE: r.CTE, Offset: r.Offset, Level: q.Width, RTE: r}
			break
		}
		n = &SubqueryScan{Input: Build(inherit(q, r.Subquery)), Offset: r.Offset, Level: q.Width, Lateral: r.Lateral, RTE: r}
	case RTEWorkTable:
		n = &WorkTableScan{CTE: r.CTE, Offset: r.Offset, Level: q.Width, RTE: r}
	default:
		panic("unexpected range table entry in FROM")
	}
	if len(quals) > 0 {
		n = &Filter{Input: n, Quals: orderQuals(quals)}
	}
	return n
}

// makeJoin joins outer and inner, using a hash join when some qual is an
// equality between the two sides on hashable types.
func makeJoin(q *Query, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr) Node {
	if jt == JoinCross {
		jt = JoinInner
	}
	oseg, iseg := segmentsOf(q, orels), segmentsOf(q, irels)
	for k := range irels {
		if q.RTEs[k].Lateral {
			// The inner side reads the outer row: run it again for each.
			return &NestLoop{Type: jt, Outer: outer, Inner: inner, Quals: orderQuals(quals), OuterSegments: oseg,
				InnerSegments: iseg, Level: q.Width, Lateral: true}
		}
	}
	if nl := indexJoin(q, jt, outer, inner, orels, irels, quals); nl != nil {
		if jt == JoinLeft {
			return outerMergeJoin(q, jt, outer, inner, orels, irels, quals, nl)
		}
		return nl
	}
	okeys, ikeys, ktypes, rest := hashKeys(q, quals, orels, irels)
	if planner(q).NoHashJoin && jt != JoinFull {
		// Every condition, the equalities too, is the nested loop's
		// (a FULL JOIN has no nested loop in PostgreSQL).
		okeys, rest = nil, quals
	}
	if len(okeys) > 0 && jt == JoinInner {
		// The hash table holds the side expected to be smaller, as the
		// cheaper of PostgreSQL's two hash join paths does; the other
		// side probes it (and gives the output order).
		if or, ir := estimatedRows(outer), estimatedRows(inner); or >= 0 && ir > or {
			outer, inner, okeys, ikeys, oseg, iseg = inner, outer, ikeys, okeys, iseg, oseg
		}
	}
	var n Node
	if len(okeys) > 0 {
		hj := &HashJoin{Type: jt, Outer: outer, Inner: inner, OuterKeys: okeys, InnerKeys: ikeys, KeyTypes: ktypes,
			Quals: orderQuals(rest), OuterSegments: oseg, InnerSegments: iseg, Level: q.Width, Types: levelTypes(q), HashMem: planner(q).HashMem,
			InnerUnique: hashInnerUnique(q, inner, irels, okeys, ikeys)}
		n = hj
		if jt == JoinLeft {
			n = hashRightJoin(q, hj, orels)
		}
	} else {
		n = &NestLoop{Type: jt, Outer: outer, Inner: inner, Quals: orderQuals(rest), OuterSegments: oseg, InnerSegments: iseg, Level: q.Width,
			Types: levelTypes(q)}
	}
	if jt == JoinLeft || jt == JoinFull {
		// A merge join when one costs less (mergejoin.go).
		return outerMergeJoin(q, jt, outer, inner, orels, irels, quals, n)
	}
	return n
}

// hashRightJoin returns the cheaper of LEFT JOIN hj and the same join
// the other way round (a Hash Right Join: the preserved side hashed, its
// rows no probe matched returned at the end), as PostgreSQL considers
// both orientations of an outer join; a tie keeps hj. orels are hj's
// outer side's relations.
func hashRightJoin(q *Query, hj *HashJoin, orels map[int]bool) Node {
	right := &HashJoin{Type: JoinRight, Outer: hj.Inner, Inner: hj.Outer, OuterKeys: hj.InnerKeys, InnerKeys: hj.OuterKeys, KeyTypes: hj.KeyTypes,
		Quals: hj.Quals, OuterSegments: hj.InnerSegments, InnerSegments: hj.OuterSegments, Level: hj.Level, Types: hj.Types, HashMem: hj.HashMem,
		InnerUnique: hashInnerUnique(q, hj.Outer, orels, hj.InnerKeys, hj.OuterKeys)}
	c := newPlanCoster(q)
	l, _ := c.node(hj)
	r, _ := c.node(right)
	if dominates(&joinRel{cost: r.Total, startup: r.Startup}, &joinRel{cost: l.Total, startup: l.Startup}) &&
		!dominates(&joinRel{cost: l.Total, startup: l.Startup}, &joinRel{cost: r.Total, startup: r.Startup}) {
		return right
	}
	return hj
}

// hashKeys splits a join's quals into the equalities a hash join of
// outer (over orels) and inner (over irels) can hash, as outer and inner
// keys with the type both are hashed as, and the rest.
func hashKeys(q *Query, quals []expr.Expr, orels, irels map[int]bool) (okeys, ikeys []expr.Expr, ktypes []uint32, rest []expr.Expr) {
	for _, e := range quals {
		if f, ok := e.(*expr.FuncExpr); ok && f.Op != nil && f.Op.Name == "=" && len(f.Args) == 2 {
			l, r := relsOf(q, f.Args[0]), relsOf(q, f.Args[1])
			kt, hashable := HashKeyType(f.Args[0].Type(), f.Args[1].Type())
			if hashable && len(l) > 0 && len(r) > 0 && !hasVolatile(f) {
				if subset(l, orels) && subset(r, irels) {
					okeys, ikeys, ktypes = append(okeys, f.Args[0]), append(ikeys, f.Args[1]), append(ktypes, kt)
					continue
				}
				if subset(l, irels) && subset(r, orels) {
					okeys, ikeys, ktypes = append(okeys, f.Args[1]), append(ikeys, f.Args[0]), append(ktypes, kt)
					continue
				}
			}
		}
		rest = append(rest, e)
	}
	return okeys, ikeys, ktypes, rest
}

// FullJoinPlannable reports whether PostgreSQL would plan a FULL JOIN of
// left and right on quals. It runs a FULL JOIN only as a merge join or a
// hash join, so some conjunct must be an equality between the two sides
// that one of them can use, unless every conjunct is a pseudo-constant
// (no column of this level, nothing volatile).
func FullJoinPlannable(q *Query, left, right FromItem, quals expr.Expr) bool {
	if quals == nil {
		return true
	}
	lrels, rrels := itemRels(q, left, nil), itemRels(q, right, nil)
	pseudoConstant := true
	for _, e := range flattenAnd(quals, nil) {
		if len(relsOf(q, e)) == 0 && !hasVolatile(e) {
			continue
		}
		pseudoConstant = false
		f, ok := e.(*expr.FuncExpr)
		if !ok || f.Op == nil || !f.Op.JoinEquality || len(f.Args) != 2 || hasVolatile(f) {
			continue
		}
		l, r := relsOf(q, f.Args[0]), relsOf(q, f.Args[1])
		if len(l) > 0 && len(r) > 0 && (subset(l, lrels) && subset(r, rrels) || subset(l, rrels) && subset(r, lrels)) {
			return true
		}
	}
	return pseudoConstant
}

func hasVolatile(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		switch f := x.(type) {
		case *expr.FuncExpr:
			if f.Func != nil && f.Func.Volatility == expr.Volatile {
				found = true
			}
		case *expr.SubLink:
			found = true
		}
		return !found
	})
	return found
}

// sortedUnionServes reports whether n, a UNION made distinct by sorting
// on its columns in order, already returns its rows in the order of
// sortKeys over exprs: ascending, NULLs last, on a prefix of those
// columns.
func sortedUnionServes(n Node, exprs []expr.Expr, sortKeys []SortKey) bool {
	u, ok := n.(*Unique)
	if !ok {
		return false
	}
	s, ok := u.Input.(*Sort)
	if !ok || len(sortKeys) > len(s.Keys) {
		return false
	}
	if _, ok := s.Input.(*HashSetOp); !ok {
		return false
	}
	for i, k := range sortKeys {
		v, ok := exprs[k.Target].(*expr.Var)
		if !ok || k.Desc || k.NullsFirst || v.LevelsUp != 0 || v.Index != s.Keys[i].Target {
			return false
		}
	}
	return true
}

// MergeKeyType is HashKeyType for merge joins: also the types whose
// equality PostgreSQL can merge but not hash (sortOnlyType).
func MergeKeyType(a, b uint32) (uint32, bool) {
	if a == b && sortOnlyType(a) {
		return a, true
	}
	return HashKeyType(a, b)
}

// sortOnlyType reports whether values of typ have a btree operator
// class but no hash one in PostgreSQL (bit, bit varying, money): their
// equality joins merge, never hash, and their groups are sorted.
func sortOnlyType(typ uint32) bool {
	switch typ {
	case types.OidBit, types.OidVarbit, types.OidMoney:
		return true
	}
	return false
}

// HashKeyType reports whether equality between values of types a and b
// can be decided by hashing, and the type both sides' keys are hashed
// as. Integer types hash as int8 so that cross-type equalities match.
func HashKeyType(a, b uint32) (uint32, bool) {
	isInt := func(t uint32) bool { return t == types.OidInt2 || t == types.OidInt4 || t == types.OidInt8 }
	if isInt(a) && isInt(b) {
		return types.OidInt8, true
	}
	if a != b {
		return 0, false
	}
	switch a {
	case types.OidBool, types.OidChar, types.OidName, types.OidText, types.OidVarchar, types.OidBpchar,
		types.OidOid, types.OidRegclass, types.OidRegtype, types.OidRegproc, types.OidFloat4, types.OidFloat8,
		types.OidNumeric, types.OidDate, types.OidTime, types.OidTimestamp, types.OidTimestamptz,
		types.OidInterval, types.OidBytea,
		types.OidTimetz, types.OidInet, types.OidCidr, types.OidMacaddr, types.OidMacaddr8, types.OidXid8, types.OidTid:
		return a, true
	}
	return 0, false
}

// ---- INSERT, UPDATE, DELETE ----

func buildInsert(q *Query) Node {
	var in Node
	if q.InsertSource != nil {
		in = Build(inherit(q, q.InsertSource))
	} else {
		in = &Result{}
	}
	in = &Project{Input: in, Exprs: q.NewValues}
	mt := &ModifyTable{Command: CmdInsert, Table: q.Result.Table, Input: in, TargetOffset: 0,
		TargetSysOffset: q.Result.SysOffset, Level: q.Width, Checks: q.Checks, Generated: q.Generated, ViewChecks: q.ViewChecks,
		Bulk: bulkInsertable(q)}
	if q.Result.Alias != q.Result.Table.Name {
		mt.Alias = q.Result.Alias
	}
	if oc := q.OnConflict; oc != nil {
		mt.Arbiters, mt.OnConflictDoNothing, mt.OnConflictUpdate = oc.Arbiters, oc.DoNothing, oc.Update
		mt.ArbitersUntargeted = oc.Untargeted
	}
	for _, t := range q.Returning {
		mt.Returning = append(mt.Returning, t.Expr)
	}
	return mt
}

// bulkInsertable reports whether an INSERT's rows may be stored in
// batches (heap.BulkInsert, a page at a time) rather than each as it
// comes. The rows of the statement are invisible to the statement
// itself, but a volatile function sees the rows inserted so far (it
// takes a new command id), and so could user code (functions,
// operators, casts, domain checks users wrote); RETURNING and view check
// options work on each row once stored; a data-modifying WITH query runs
// interleaved with the INSERT. (Indexes, triggers and foreign keys, when
// they come, act on each stored row too: they must be added here or
// given a batched form.)
func bulkInsertable(q *Query) bool {
	if q.InsertSource == nil || q.UserFuncs || q.UserTypes || len(q.Returning) > 0 || q.OnConflict != nil ||
		len(q.ViewChecks) > 0 || QueryHasVolatile(q) {
		return false
	}
	for _, c := range q.CTEs {
		if c.Modifying {
			return false
		}
	}
	for _, c := range q.Checks {
		if hasVolatile(c.Expr) {
			return false
		}
	}
	for _, g := range q.Generated {
		if hasVolatile(g.Expr) {
			return false
		}
	}
	for _, c := range q.Result.Table.Columns {
		// A column of a type users made (a domain and its checks).
		if c.Name != "" && types.ByOID(c.TypeOID) == nil {
			return false
		}
	}
	return true
}

func buildModify(q *Query) Node {
	target := q.Result
	in := buildFrom(q)
	mt := &ModifyTable{Command: q.Command, Table: target.Table, Input: in, TargetOffset: target.Offset,
		TargetSysOffset: target.SysOffset, Level: q.Width, NewValues: q.NewValues, Checks: q.Checks, Generated: q.Generated, ViewChecks: q.ViewChecks}
	for _, t := range q.Returning {
		mt.Returning = append(mt.Returning, t.Expr)
	}
	// A row updated concurrently is checked again against the
	// conditions (EvalPlanQual), the other relations' rows unchanged.
	if q.Where != nil {
		mt.Recheck = flattenAnd(q.Where, nil)
	}
	return mt
}

// ---- quals ----

// flattenAnd splits a condition into its AND-ed parts, as PostgreSQL's
// planner makes a WHERE clause an implicit-AND list.
func flattenAnd(e expr.Expr, out []expr.Expr) []expr.Expr {
	if b, ok := e.(*expr.BoolExpr); ok && b.Op == expr.And {
		for _, a := range b.Args {
			out = flattenAnd(a, out)
		}
		return out
	}
	return append(out, e)
}

// orderQuals sorts quals by estimated evaluation cost, keeping the
// written order among equals (order_qual_clauses). Which qual runs first
// is visible: a cheap test can spare an expensive one that would fail.
func orderQuals(quals []expr.Expr) []expr.Expr {
	// Equalities PostgreSQL turns into equivalence classes come back
	// after the other conditions (generate_base_implied_equalities), then
	// the cheapest run first (order_qual_clauses).
	sort.SliceStable(quals, func(i, j int) bool { return !equivalence(quals[i]) && equivalence(quals[j]) })
	return orderByCost(quals)
}

// orderByCost puts the cheapest conditions first (order_qual_clauses),
// for HAVING, whose equalities are no equivalences.
func orderByCost(quals []expr.Expr) []expr.Expr {
	sort.SliceStable(quals, func(i, j int) bool { return Cost(quals[i]) < Cost(quals[j]) })
	return quals
}

// equivalence reports whether q is an equality PostgreSQL's planner
// keeps in an equivalence class: a mergejoinable "=" between a column
// and a value or another column, nothing volatile in it.
func equivalence(q expr.Expr) bool {
	f, ok := q.(*expr.FuncExpr)
	if !ok || f.Op == nil || f.Op.Name != "=" || !f.Op.JoinEquality || len(f.Args) != 2 || hasVolatile(f) ||
		!readsLevel(f.Args[0]) && !readsLevel(f.Args[1]) {
		return false
	}
	// "b = true" is simplified to "b" first (simplify_boolean_equality).
	for _, a := range f.Args {
		if c, isConst := a.(*expr.Const); isConst && c.Typ == types.OidBool {
			return false
		}
	}
	return true
}

// Cost estimates the per-row cost of evaluating e in units of one
// function call, as cost_qual_eval does with every built-in's procost of
// 1: function and operator calls cost 1, conversions through text 2
// (an output and an input function), ANY over a list half a call per
// element, a subquery far more.
func Cost(e expr.Expr) float64 {
	var c float64
	var walk func(expr.Expr)
	walk = func(e expr.Expr) {
		switch x := e.(type) {
		case *expr.FuncExpr:
			c++
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.CoerceViaIO:
			c += 2
			walk(x.Arg)
		case *expr.CoerceToDomain:
			c += float64(len(x.Checks))
			walk(x.Arg)
		case *expr.CoerceToTypmod:
			c++
			walk(x.Arg)
		case *expr.RelabelType:
			walk(x.Arg)
		case *expr.BoolExpr:
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.NullTest:
			walk(x.Arg)
		case *expr.BoolTest:
			walk(x.Arg)
		case *expr.CaseExpr:
			if x.Arg != nil {
				walk(x.Arg)
			}
			for _, w := range x.Whens {
				walk(w.Cond)
				walk(w.Result)
			}
			walk(x.Else)
		case *expr.CoalesceExpr:
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.MinMaxExpr:
			c += float64(len(x.Args))
			for _, a := range x.Args {
				walk(a)
			}
		case *expr.DistinctExpr:
			c++
			walk(x.Args[0])
			walk(x.Args[1])
		case *expr.NullIfExpr:
			c++
			walk(x.Args[0])
			walk(x.Args[1])
		case *expr.ScalarArrayOpExpr:
			walk(x.Left)
			n := float64(len(x.Right))
			if x.Array != nil {
				walk(x.Array)
				n = 100
			}
			for _, a := range x.Right {
				walk(a)
			}
			c += n * 0.5
		case *expr.ArrayExpr:
			for _, a := range x.Elems {
				walk(a)
			}
		case *expr.ArrayCoerceExpr:
			walk(x.Arg)
			walk(x.ElemExpr)
		case *expr.RowExpr, *expr.RowCompareExpr, *expr.FieldSelect:
			for _, a := range Children(x) {
				walk(a)
			}
			c++
		case *expr.SubLink:
			// An init plan's value is a parameter, free to read; its
			// run is charged once to the node that holds it
			// (initPlanCharge).
			if !IsInitPlan(x) {
				c += 1000
			}
		}
	}
	walk(e)
	return c
}
