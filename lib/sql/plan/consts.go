// Finding the constants of an analyzed query.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// EachConst calls f for every constant of q and of the queries below it:
// subqueries in FROM and in expressions, WITH queries, the branches of
// set operations and an INSERT's source. A constant under an expression
// kind that Children does not list is not seen, so a caller looking for
// a constant must treat "not found" as "not known to be there".
func EachConst(q *Query, f func(*expr.Const)) {
	seen := map[*Query]bool{}
	var visitQuery func(q *Query)
	visitExpr := func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.Const:
				f(v)
			case *expr.SubLink:
				if sub := subLinkQuery(v); sub != nil {
					visitQuery(sub)
				}
			}
			return true
		})
	}
	visitQuery = func(q *Query) {
		if q == nil || seen[q] {
			return
		}
		seen[q] = true
		walkQuery(q, visitExpr)
		for _, sub := range childQueries(q) {
			visitQuery(sub)
		}
	}
	visitQuery(q)
}

// childQueries are the queries right below q that its expressions do not
// hold: subqueries in FROM, WITH queries, the branches of a set operation
// and an INSERT's source (nil ones included).
func childQueries(q *Query) []*Query {
	var out []*Query
	for _, r := range q.RTEs {
		if r.Kind == RTESubquery {
			out = append(out, r.Subquery)
		}
	}
	for _, c := range q.CTEs {
		out = append(out, c.Query)
	}
	if q.SetOp != nil {
		out = append(out, q.SetOp.Left, q.SetOp.Right)
	}
	return append(out, q.InsertSource)
}

// PlanningCostPerRelation is what PostgreSQL's plan cache reckons that
// planning a statement costs for each relation it reads, and once more
// (cached_plan_cost: 1000 cpu_operator_costs).
const PlanningCostPerRelation = 1000 * cpuOperatorCost

// BindParams puts values, the statement's parameters, in place of the
// parameters of q's conditions (WHERE and JOIN ... ON, also in subqueries
// and WITH queries) and of its LIMIT and OFFSET, as constants: a custom
// plan is planned with the values it runs with, as PostgreSQL's planner
// folds bound parameters when it makes one. It changes q: the caller
// gives a fresh analysis. A parameter left elsewhere is evaluated when
// the plan runs, with the same value.
func BindParams(q *Query, values []types.Datum) {
	seen := map[*Query]bool{}
	var bindQuery func(q *Query)
	var bind func(e expr.Expr) expr.Expr
	bind = func(e expr.Expr) expr.Expr {
		switch x := e.(type) {
		case nil:
			return nil
		case *expr.Param:
			if x.Index < 0 || x.Index >= len(values) {
				return x
			}
			return &expr.Const{Typ: x.Typ, Mod: x.Mod, Value: values[x.Index], Loc: x.Loc}
		case *expr.SubLink:
			if sub := subLinkQuery(x); sub != nil {
				bindQuery(sub)
			}
		}
		return MapChildren(e, bind)
	}
	bindQuery = func(q *Query) {
		if q == nil || seen[q] {
			return
		}
		seen[q] = true
		q.Where = bind(q.Where)
		q.Limit = bind(q.Limit)
		q.Offset = bind(q.Offset)
		for _, it := range q.From {
			mapFromQuals(it, bind)
		}
		for _, sub := range childQueries(q) {
			bindQuery(sub)
		}
	}
	bindQuery(q)
}
