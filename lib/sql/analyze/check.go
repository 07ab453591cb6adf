// This file analyzes CHECK constraint expressions (cookConstraint): an
// expression over one table's columns, boolean, without subqueries,
// aggregates or window functions.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

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
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}}
	s.q = &plan.Query{Command: plan.CmdSelect}
	rte := &plan.RTE{Kind: plan.RTETable, Alias: t.Name, Schema: t.Schema, Name: t.Name, Table: t, Columns: t.Columns, Loc: -1}
	idx := s.addRTE(rte)
	s.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
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
