// This file analyzes COPY FROM's WHERE condition (DoCopy's
// transformWhereClause under EXPR_KIND_COPY_WHERE): a boolean expression
// over the target table's row, without subqueries, aggregates, window or
// set-returning functions, and not reading generated columns, which are
// computed after the condition is tested.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AnalyzeCopyWhere analyzes COPY FROM's WHERE condition written in query
// (raw) over table t: its Vars index t's columns in a row of the table's
// values (attnum-1). generated marks t's generated columns.
func AnalyzeCopyWhere(cat Catalog, query string, raw *pg_query.Node, t *plan.Table, generated []bool, format *types.FormatOptions) (expr.Expr, error) {
	s, _ := tableExprState(cat, query, t, exprCopyWhere, format)
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if err := s.forbid(e, "cannot use subquery in COPY FROM WHERE condition", "aggregate functions are not allowed in COPY FROM WHERE conditions"); err != nil {
		return nil, err
	}
	if e, err = s.coerceToBoolean(e, "WHERE"); err != nil {
		return nil, err
	}
	var bad error
	plan.Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && v.Index >= 0 && v.Index < len(generated) && generated[v.Index] {
			bad = pgerr.New(pgerr.InvalidColumnReference, "generated columns are not supported in COPY FROM WHERE conditions").
				WithDetail("Column \"%s\" is a generated column.", t.Columns[v.Index].Name)
		}
		return bad == nil
	})
	if bad != nil {
		return nil, bad
	}
	return e, nil
}
