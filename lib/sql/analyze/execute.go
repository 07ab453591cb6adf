// This file analyzes EXECUTE's parameter expressions (PostgreSQL's
// EvaluateParams in commands/prepare.c).

package analyze

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AnalyzeExecuteParam analyzes the expression given for parameter $n (n
// counts from 1) of a prepared statement and coerces it to the
// parameter's type in assignment context. It may not contain subqueries
// or aggregates.
func AnalyzeExecuteParam(cat Catalog, query string, raw *pg_query.Node, n int, typ uint32, format *types.FormatOptions) (expr.Expr, error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}}
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if err := s.forbid(e, "cannot use subquery in EXECUTE parameter", "aggregate functions are not allowed in EXECUTE parameters"); err != nil {
		return nil, err
	}
	if e.Type() != typ && !s.canCoerce([]uint32{e.Type()}, []uint32{typ}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "parameter $%d of type %s cannot be coerced to the expected type %s",
			n, s.typeName(e.Type()), s.typeName(typ)).WithHint("You will need to rewrite or cast the expression."), expr.Location(e))
	}
	return s.coerceToTarget(e, typ, -1, ccAssignment, expr.Location(e))
}

// forbid refuses subqueries and aggregates in an expression of a clause
// that allows neither, with that clause's messages.
func (s *state) forbid(e expr.Expr, subqueryMsg, aggMsg string) error {
	var bad error
	plan.Walk(e, func(x expr.Expr) bool {
		switch x.(type) {
		case *expr.SubLink:
			bad = s.errorAt(pgerr.New(pgerr.FeatureNotSupported, subqueryMsg), expr.Location(x))
		case *expr.Aggref:
			bad = s.errorAt(pgerr.New(pgerr.GroupingError, aggMsg), expr.Location(x))
		case *expr.WindowFunc:
			bad = s.errorAt(pgerr.New(pgerr.WindowingError, strings.Replace(aggMsg, "aggregate functions", "window functions", 1)), expr.Location(x))
		}
		return bad == nil
	})
	return bad
}
