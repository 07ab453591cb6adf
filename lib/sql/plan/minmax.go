// MIN and MAX from an index (PostgreSQL's optimizer/plan/planagg.c): a
// query over one table whose only aggregates are min() and max() of
// indexable expressions can read each from one end of an index instead
// of aggregating every row. Each aggregate becomes an uncorrelated
// scalar subquery, run once (an InitPlan):
//
//	SELECT max(id) FROM t WHERE c   →   SELECT (SELECT id FROM t WHERE c AND id IS NOT NULL
//	                                             ORDER BY id DESC LIMIT 1)
//
// It is taken when every subquery's plan reads an index in the wanted
// order (no sort: PostgreSQL uses only presorted paths there) and their
// costs together are below the aggregate's over the whole table.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// pgCatalogNamespace is pg_catalog's OID, where the built-in min and max
// aggregates are.
const pgCatalogNamespace = 11

// minMaxPlan returns the plan of q with its min/max aggregates read
// from indexes, or nil when the rewrite does not apply or costs more
// than aggregating (preprocess_minmax_aggregates).
func minMaxPlan(q *Query) Node {
	if !minMaxCandidate(q) {
		return nil
	}
	// The statistics of every column, as the join search and EXPLAIN
	// estimate with them.
	c := newPlanCoster(q)
	// The aggregate over every row, as buildSelect would plan it.
	normal := &Agg{Input: buildFrom(q), Aggs: q.Aggs}
	normalCost, _ := c.node(normal)
	cost := cpuTupleCost
	links := make([]*expr.SubLink, len(q.Aggs))
	for i, a := range q.Aggs {
		if j := sameAggregate(q.Aggs[:i], a); j >= 0 {
			// One subquery for the same aggregate written twice.
			links[i] = links[j]
			continue
		}
		arg := a.Args[0]
		isMax := a.Func.Name == "max"
		// The subquery's own entry, so that EXPLAIN names each scan
		// apart (t, t_1, ...).
		rte := *q.RTEs[0]
		sub := &Query{Planner: q.Planner, Command: q.Command, RTEs: []*RTE{&rte}, From: q.From, Width: q.Width,
			Where:   andExpr(q.Where, &expr.NullTest{Arg: arg, IsNot: true}),
			Targets: []Target{{Expr: arg, Name: a.Func.Name}},
			// max reads the index backward: DESC NULLS FIRST.
			Sort:  []SortKey{{Target: 0, Desc: isMax, NullsFirst: isMax}},
			Limit: &expr.Const{Value: types.Int(1), Typ: types.OidInt8, Mod: -1},
			Locks: q.Locks, Tables: q.Tables}
		n := Build(inherit(q, sub))
		if !readsIndexInOrder(n) {
			return nil
		}
		e, _ := c.node(n)
		cost += e.Total
		links[i] = &expr.SubLink{Kind: expr.ExprSubLink, Plan: n, Query: sub, Typ: a.Typ, Mod: a.Mod, Loc: a.Loc}
	}
	if cost >= normalCost.Total {
		return nil
	}
	// The targets read the aggregates as the Agg row's values (no
	// grouping keys come before them): each becomes its subquery.
	var subst func(e expr.Expr) expr.Expr
	subst = func(e expr.Expr) expr.Expr {
		if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 && v.Index < len(links) {
			return links[v.Index]
		}
		return MapChildren(e, subst)
	}
	top := *q
	top.RTEs, top.From, top.Width, top.Where = nil, nil, 0, nil
	top.Grouped, top.Aggs = false, nil
	top.Targets = make([]Target, len(q.Targets))
	for i, t := range q.Targets {
		t.Expr = subst(t.Expr)
		top.Targets[i] = t
	}
	if q.Having != nil {
		// HAVING tests the values once: the Result's One-Time Filter.
		top.Where, top.Having = subst(q.Having), nil
	}
	return finishSelect(&top, buildFrom(&top))
}

// minMaxCandidate reports whether q has the form the rewrite applies to
// (planagg.c's checks): aggregates without grouping or window
// functions over one plain table, every aggregate the built-in min or
// max of one immutable, non-composite argument without ORDER BY or
// FILTER; nothing reads an enclosing query's row and there is no
// subquery (the subqueries share q's expressions, which planning one
// would change).
func minMaxCandidate(q *Query) bool {
	if q.Command != CmdSelect || !q.Grouped || len(q.GroupBy) > 0 || q.GroupingSets != nil || len(q.Groupings) > 0 ||
		len(q.Windows) > 0 || q.SetOp != nil || len(q.CTEs) > 0 || len(q.Aggs) == 0 || len(q.RTEs) != 1 || len(q.From) != 1 {
		return false
	}
	ri, ok := q.From[0].(*RangeItem)
	if !ok || ri.RTE != 0 {
		return false
	}
	if r := q.RTEs[0]; r.Kind != RTETable || r.Table == nil || r.Sample != nil || len(r.Table.Indexes) == 0 {
		return false
	}
	for _, a := range q.Aggs {
		if a.Func == nil || a.Func.Namespace != pgCatalogNamespace || a.Func.OID >= firstUserOID || a.Func.Name != "min" && a.Func.Name != "max" ||
			len(a.Args) != 1 || a.Star || len(a.Order) > 0 || a.Filter != nil || a.LevelsUp != 0 || !immutable(a.Args[0]) ||
			a.Args[0].Type() == types.OidRecord {
			return false
		}
	}
	simple := true
	walkQuery(q, func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.SubLink:
				simple = false
			case *expr.Var:
				simple = simple && v.LevelsUp == 0
			case *expr.FuncExpr:
				simple = simple && (v.Func == nil || !v.Func.RetSet)
			}
			return simple
		})
	})
	return simple
}

// immutable reports whether e calls no function that is not immutable
// (contain_mutable_functions).
func immutable(e expr.Expr) bool {
	ok := true
	Walk(e, func(x expr.Expr) bool {
		if f, is := x.(*expr.FuncExpr); is && f.Func != nil && f.Func.Volatility != expr.Immutable {
			ok = false
		}
		return ok
	})
	return ok
}

// readsIndexInOrder reports whether plan n, a min/max subquery's, is a
// Limit over an index scan that gives the rows in order, without a
// sort.
func readsIndexInOrder(n Node) bool {
	for {
		switch v := n.(type) {
		case *Limit:
			n = v.Input
		case *Project:
			n = v.Input
		case *Filter:
			n = v.Input
		case *TableScan:
			return v.Index != nil
		default:
			return false
		}
	}
}

// sameAggregate is the position in aggs of an aggregate the same as a
// (the function over an equal argument), -1 when there is none.
func sameAggregate(aggs []*expr.Aggref, a *expr.Aggref) int {
	for j, b := range aggs {
		if b.Func.OID == a.Func.OID && ExprEqual(b.Args[0], a.Args[0]) {
			return j
		}
	}
	return -1
}

// andExpr is a AND b, either of which may be nil.
func andExpr(a, b expr.Expr) expr.Expr {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &expr.BoolExpr{Op: expr.And, Args: []expr.Expr{a, b}}
}
