// This file analyzes CHECK constraint expressions (cookConstraint): an
// expression over one table's columns, boolean, without subqueries,
// aggregates or window functions.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AnalyzeCheck analyzes a CHECK expression written in query (raw) over
// table t: its Vars index t's columns in a row of the table's values
// (attnum-1), as the executor evaluates it on a new row.
func AnalyzeCheck(cat Catalog, query string, raw *pg_query.Node, t *plan.Table, format *types.FormatOptions) (expr.Expr, error) {
	s, rte := tableExprState(cat, query, t, exprCheck, format)
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if err := s.forbid(e, "cannot use subquery in check constraint", "aggregate functions are not allowed in check constraints"); err != nil {
		return nil, err
	}
	if rte.SysUsed {
		return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "system column reference in check constraint is invalid"), nodeLocation(raw))
	}
	if e.Type() != types.OidBool {
		if !s.canCoerce([]uint32{e.Type()}, []uint32{types.OidBool}, ccAssignment) {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of CHECK must be type boolean, not type %s", s.typeName(e.Type())), expr.Location(e))
		}
		if e, err = s.coerceToTarget(e, types.OidBool, -1, ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// tableExprState is the analysis state of an expression over table t's
// row alone (a CHECK constraint, a generation expression, an index
// expression or predicate): t is the only range table entry, its values
// the whole level row.
func tableExprState(cat Catalog, query string, t *plan.Table, kind exprKind, format *types.FormatOptions) (*state, *plan.RTE) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}, kind: kind}
	s.q = &plan.Query{Command: plan.CmdSelect}
	rte := &plan.RTE{Kind: plan.RTETable, Alias: t.Name, Schema: t.Schema, Name: t.Name, Table: t, Columns: t.Columns, Loc: -1}
	idx := s.addRTE(rte)
	s.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
	return s, rte
}

// AnalyzeStoredCheck analyzes a stored CHECK expression (its SQL text)
// over table t.
func AnalyzeStoredCheck(cat Catalog, text string, t *plan.Table, format *types.FormatOptions) (expr.Expr, error) {
	stmts, err := parser.Parse("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid stored expression: %s", text)
	}
	return AnalyzeCheck(cat, stmts[0].Query, sel.TargetList[0].GetResTarget().Val, t, format)
}

// AnalyzeGenerated analyzes the expression of a generated column (column
// index col of t) written in query: over t's other columns, which must not
// be generated, immutable, without subqueries or aggregates, coerced to
// the column's type (cookDefault for attgenerated).
func AnalyzeGenerated(cat Catalog, query string, raw *pg_query.Node, t *plan.Table, generated []bool, col int, format *types.FormatOptions) (expr.Expr, error) {
	s, rte := tableExprState(cat, query, t, exprGenerated, format)
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if err := s.forbid(e, "cannot use subquery in column generation expression", "aggregate functions are not allowed in column generation expressions"); err != nil {
		return nil, err
	}
	if rte.SysUsed {
		return nil, s.errorAt(pgerr.New(pgerr.InvalidObjectDefinition, "cannot use system column in column generation expression"), nodeLocation(raw))
	}
	var bad error
	plan.Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.Var:
			if v.LevelsUp == 0 && v.Index < len(generated) && generated[v.Index] {
				bad = s.errorAt(pgerr.Newf(pgerr.InvalidObjectDefinition, "cannot use generated column \"%s\" in column generation expression", t.Columns[v.Index].Name).
					WithDetail("A generated column cannot reference another generated column."), expr.Location(x))
			}
		case *expr.FuncExpr:
			if v.Func != nil && v.Func.Volatility != expr.Immutable {
				bad = pgerr.New(pgerr.InvalidObjectDefinition, "generation expression is not immutable")
			}
		}
		return bad == nil
	})
	if bad != nil {
		return nil, bad
	}
	if col < 0 {
		return e, nil
	}
	c := t.Columns[col]
	if e.Type() != c.TypeOID && !s.canCoerce([]uint32{e.Type()}, []uint32{c.TypeOID}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" is of type %s but generation expression is of type %s",
			c.Name, s.typeName(c.TypeOID), s.typeName(e.Type())).WithHint("You will need to rewrite or cast the expression."), expr.Location(e))
	}
	return s.coerceToTarget(e, c.TypeOID, c.TypeMod, ccAssignment, expr.Location(e))
}

// AnalyzeStoredGenerated analyzes a stored generation expression (SQL
// text) of column col of t (col -1: not coerced to a column's type).
func AnalyzeStoredGenerated(cat Catalog, text string, t *plan.Table, col int, format *types.FormatOptions) (expr.Expr, error) {
	stmts, err := parser.Parse("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid stored expression: %s", text)
	}
	return AnalyzeGenerated(cat, stmts[0].Query, sel.TargetList[0].GetResTarget().Val, t, make([]bool, len(t.Columns)), col, format)
}
