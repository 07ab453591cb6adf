// Finding the constants of an analyzed query.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

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
		for _, r := range q.RTEs {
			if r.Kind == RTESubquery {
				visitQuery(r.Subquery)
			}
		}
		for _, c := range q.CTEs {
			visitQuery(c.Query)
		}
	}
	visitQuery(q)
}

// PlanningCostPerRelation is what PostgreSQL's plan cache reckons that
// planning a statement costs for each relation it reads, and once more
// (cached_plan_cost: 1000 cpu_operator_costs).
const PlanningCostPerRelation = 1000 * cpuOperatorCost
