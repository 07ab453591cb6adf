// This file analyzes CALL (PostgreSQL's transformCallStmt): the
// procedure is resolved with all its arguments, OUT ones included, and
// the call's arguments are put in the order of its parameters with
// defaults filled in.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AnalyzeCall analyzes CALL's procedure call. The result calls the
// procedure (its Func has no implementation: CALL runs the body) with
// one argument per parameter, OUT ones included. The arguments may not
// contain subqueries, aggregates or window functions. paramTypes and
// fixed are as for Analyze and AnalyzeFixed (the extended protocol's
// CALL p($1)); the parameters' types are returned. A CALL in the body of
// the SQL routine routine (not "") may also name its arguments,
// argNames.
func AnalyzeCall(cat Catalog, query string, fc *pg_query.FuncCall, paramTypes []uint32, fixed bool, routine string, argNames []string, format *types.FormatOptions) (*expr.FuncExpr, []uint32, error) {
	sh := &shared{query: query, cat: cat, format: format, fixed: fixed, procCall: fc}
	if routine != "" {
		sh.fn = &sqlFunction{name: routine, argNames: argNames}
	}
	for _, t := range paramTypes {
		if t == types.OidUnknown {
			t = 0
		}
		sh.params = append(sh.params, t)
	}
	s := &state{shared: sh, kind: exprCallArgument}
	sh.root = s
	e, err := s.transformFuncCall(fc)
	if err == nil {
		err = s.lookupErr
	}
	if err != nil {
		return nil, nil, err
	}
	fe, ok := e.(*expr.FuncExpr)
	if !ok || !fe.Func.Procedure {
		return nil, nil, pgerr.New(pgerr.InternalError, "CALL did not resolve to a procedure")
	}
	for _, a := range fe.Args {
		if err := s.forbid(a, "cannot use subquery in CALL argument", "aggregate functions are not allowed in CALL arguments"); err != nil {
			return nil, nil, err
		}
	}
	for i, t := range sh.params {
		if t == 0 {
			return nil, nil, pgerr.Newf(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
	}
	return fe, sh.params, nil
}

// CoerceRoutineResult checks that q, the final statement of the body of
// a procedure with output parameters of types outTypes, returns one
// column for each, and coerces them in assignment context
// (check_sql_fn_retval for a record of known columns).
func CoerceRoutineResult(cat Catalog, q *plan.Query, outTypes []uint32, format *types.FormatOptions) error {
	mismatch := func() *pgerr.Error {
		return pgerr.New(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return record")
	}
	targets := q.Targets
	if q.Command != plan.CmdSelect {
		targets = q.Returning
	}
	if q.Command != plan.CmdSelect && q.Returning == nil {
		return mismatch().WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
	}
	s := &state{shared: &shared{cat: cat, format: format, fixed: true}}
	col := 0
	for i := range targets {
		t := &targets[i]
		if t.Junk {
			continue
		}
		if col == len(outTypes) {
			return mismatch().WithDetail("Final statement returns too many columns.")
		}
		want := outTypes[col]
		col++
		if got := t.Expr.Type(); got != want && got != types.OidUnknown && !s.canCoerce([]uint32{got}, []uint32{want}, ccAssignment) {
			return mismatch().WithDetail("Final statement returns %s instead of %s at column %d.", s.typeName(got), s.typeName(want), col)
		}
		e, err := s.coerceToTarget(t.Expr, want, -1, ccAssignment, -1)
		if err != nil {
			return err
		}
		t.Expr = e
	}
	if col < len(outTypes) {
		return mismatch().WithDetail("Final statement returns too few columns.")
	}
	return nil
}
