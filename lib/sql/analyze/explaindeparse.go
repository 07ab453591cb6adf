// This file prints the expressions of a plan for EXPLAIN, as ruleutils.c's
// deparse_expression does for explain.c: the same printing as pg_get_expr
// (deparse.go), with Vars named by the plan node that produces them, a
// subquery shown by the name of its subplan, and a window function's
// window as "(?)".

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ExplainNames tells DeparseExplain how to print what a plan's
// expressions refer to.
type ExplainNames struct {
	// Var prints a column reference (qualified or not, as EXPLAIN
	// decides); false makes the expression unprintable.
	Var func(v *expr.Var) (string, bool)
	// SubLink prints a subquery: "(SubPlan 1)", "$0" ...
	SubLink func(x *expr.SubLink) string
}

// DeparseExplain prints e for an EXPLAIN detail line (non-pretty, as
// explain.c asks of ruleutils.c).
func DeparseExplain(e expr.Expr, names ExplainNames, format *types.FormatOptions) (string, error) {
	d := &deparser{format: format, varText: names.Var, flat: true}
	if names.SubLink != nil {
		d.sublink = func(d *deparser, x *expr.SubLink) { d.b.WriteString(names.SubLink(x)) }
	}
	d.window = func(d *deparser, x *expr.WindowFunc) { d.b.WriteString("(?)") }
	d.expr(e, nil, false)
	if d.err != nil {
		return "", d.err
	}
	return d.b.String(), nil
}
