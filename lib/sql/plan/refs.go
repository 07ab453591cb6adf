// The tables and columns an analyzed query reads, for the dependencies of
// a view on them (PostgreSQL's find_expr_references_walker over a rule's
// query).

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ReferencedColumns returns the tables q reads (at any level, subqueries
// included) with the user columns it refers to in each (attnums, 1-based;
// an empty set when it reads the table without naming a column).
func ReferencedColumns(q *Query) map[uint32]map[int16]bool {
	out := map[uint32]map[int16]bool{}
	referencedColumns(q, nil, out)
	return out
}

// referencedColumns collects q's references; outer are the enclosing
// levels, innermost last.
func referencedColumns(q *Query, outer []*Query, out map[uint32]map[int16]bool) {
	if q.SetOp != nil {
		// The arms of UNION, INTERSECT and EXCEPT are queries of q's
		// level (their parent is q's), read whole.
		referencedColumns(q.SetOp.Left, outer, out)
		referencedColumns(q.SetOp.Right, outer, out)
	}
	levels := append(append([]*Query(nil), outer...), q)
	for _, r := range q.RTEs {
		switch r.Kind {
		case RTETable:
			if out[r.Table.OID] == nil {
				out[r.Table.OID] = map[int16]bool{}
			}
		case RTESubquery:
			if r.Table != nil {
				// A view: the dependency is on it.
				if out[r.Table.OID] == nil {
					out[r.Table.OID] = map[int16]bool{}
				}
			} else if !r.Lateral && r.Subquery != nil {
				referencedColumns(r.Subquery, levels, out)
			}
		}
	}
	var visit func(e expr.Expr)
	visit = func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.Var:
				if v.LevelsUp < len(levels) {
					noteVar(levels[len(levels)-1-v.LevelsUp], v.Index, out)
				}
			case *expr.SubLink:
				if sub := subLinkQuery(v); sub != nil {
					referencedColumns(sub, levels, out)
				}
			}
			return true
		})
	}
	if !q.Grouped {
		walkQuery(q, visit)
		return
	}
	// A grouped level's targets and HAVING read the grouped row, whose
	// values come from GROUP BY and the aggregates.
	for _, e := range []expr.Expr{q.Where} {
		if e != nil {
			visit(e)
		}
	}
	for _, e := range q.GroupBy {
		visit(e)
	}
	for _, a := range q.Aggs {
		// Direct arguments read the Agg row, whose grouped columns are
		// visited through GroupBy.
		for _, e := range a.Args {
			visit(e)
		}
		for _, o := range a.Order {
			visit(o.Expr)
		}
		if a.Filter != nil {
			visit(a.Filter)
		}
	}
	for _, it := range q.From {
		walkFromQuals(it, func(e expr.Expr) {
			if e != nil {
				visit(e)
			}
		})
	}
	for _, r := range q.RTEs {
		switch r.Kind {
		case RTEFunction:
			for _, e := range r.Func.Args {
				visit(e)
			}
		case RTESubquery:
			if r.Lateral {
				walkQuery(r.Subquery, visit)
			}
		}
	}
}

// liveAttnum is the attnum of a relation's i-th live column.
func liveAttnum(t *Table, i int) int16 {
	for _, c := range t.Columns {
		if c.Name == "" {
			continue
		}
		if i == 0 {
			return c.AttNum
		}
		i--
	}
	return 0
}

// noteVar records the table column a level-row position belongs to.
func noteVar(q *Query, index int, out map[uint32]map[int16]bool) {
	for _, r := range q.RTEs {
		if r.Table == nil || index < r.Offset || index >= r.Offset+len(r.Columns) {
			continue
		}
		c := r.Columns[index-r.Offset]
		if r.Kind == RTESubquery {
			// A view's columns are its live attributes in order.
			c.AttNum = liveAttnum(r.Table, index-r.Offset)
		}
		if c.AttNum > 0 {
			if out[r.Table.OID] == nil {
				out[r.Table.OID] = map[int16]bool{}
			}
			out[r.Table.OID][c.AttNum] = true
		}
		return
	}
}

// ReferencedFunctions returns the functions q calls, in its subqueries
// too, for the dependencies of what stores it (a SQL-standard function
// body).
func ReferencedFunctions(q *Query) map[uint32]bool {
	out := map[uint32]bool{}
	referencedFunctions(q, out)
	return out
}

// ReferencedRegclasses are the relations q names by regclass constants
// (nextval('s')), subqueries included: recordDependencyOnExpr's
// dependencies on them.
func ReferencedRegclasses(q *Query) map[uint32]bool {
	out := map[uint32]bool{}
	referencedRegclasses(q, out)
	return out
}

func referencedRegclasses(q *Query, out map[uint32]bool) {
	walkQuery(q, func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.Const:
				if v.Typ == types.OidRegclass && !v.Value.IsNull() {
					out[uint32(v.Value.Int())] = true
				}
			case *expr.SubLink:
				if sub := subLinkQuery(v); sub != nil {
					referencedRegclasses(sub, out)
				}
			}
			return true
		})
	})
	for _, r := range q.RTEs {
		if r.Kind == RTESubquery && !r.Lateral && r.Subquery != nil && r.Table == nil {
			referencedRegclasses(r.Subquery, out)
		}
	}
}

func referencedFunctions(q *Query, out map[uint32]bool) {
	walkQuery(q, func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch v := x.(type) {
			case *expr.FuncExpr:
				out[v.Func.OID] = true
			case *expr.SubLink:
				if sub := subLinkQuery(v); sub != nil {
					referencedFunctions(sub, out)
				}
			}
			return true
		})
	})
	for _, r := range q.RTEs {
		if r.Kind == RTESubquery && !r.Lateral && r.Subquery != nil && r.Table == nil {
			referencedFunctions(r.Subquery, out)
		}
	}
}
