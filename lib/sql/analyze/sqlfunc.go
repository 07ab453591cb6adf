// This file analyzes the bodies of LANGUAGE sql functions users create
// (PostgreSQL's functions.c and check_sql_fn_retval): the body's one
// SELECT of one expression is analyzed with the function's arguments as
// parameters ($1 or by name) and coerced to the declared result type, and
// each call evaluates it with the call's argument values.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxSQLFunctionNesting bounds how deeply the bodies of SQL functions
// calling SQL functions are analyzed: bodies are expanded where they are
// called, so a function that calls itself cannot be analyzed.
const maxSQLFunctionNesting = 32

// sqlFunction is the SQL function whose body a level analyzes.
type sqlFunction struct {
	name     string
	argNames []string
	nesting  int
}

// param returns the argument called by names (name or
// function_name.name), or nil.
func (f *sqlFunction) param(names []string, typs []uint32, loc int32) expr.Expr {
	if f == nil || len(names) > 2 || len(names) == 2 && names[0] != f.name {
		return nil
	}
	for i, n := range f.argNames {
		if n != "" && n == names[len(names)-1] && i < len(typs) {
			return &expr.Param{Index: i, Typ: typs[i], Mod: -1, Loc: loc}
		}
	}
	return nil
}

// AnalyzeFunctionBody analyzes the body of a LANGUAGE sql function
// called name taking argTypes (named argNames, "" for none) and
// returning ret, as CREATE FUNCTION validates it. The result refers to
// the arguments as Params 0, 1, ...
func AnalyzeFunctionBody(cat Catalog, name, body string, argTypes []uint32, argNames []string, ret uint32, format *types.FormatOptions) (expr.Expr, error) {
	return analyzeFunctionBody(cat, &sqlFunction{name: name, argNames: argNames}, body, argTypes, ret, format)
}

func analyzeFunctionBody(cat Catalog, fn *sqlFunction, body string, argTypes []uint32, ret uint32, format *types.FormatOptions) (expr.Expr, error) {
	if fn.nesting > maxSQLFunctionNesting {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function \"%s\" nests SQL function calls too deeply (recursive SQL functions are not supported yet)", fn.name)
	}
	stmts, err := parser.Parse(body)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function bodies of %d statements are not supported yet", len(stmts))
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || sel.Op != pg_query.SetOperation_SETOP_NONE || len(sel.FromClause) > 0 || sel.WhereClause != nil ||
		len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.SortClause) > 0 || sel.LimitCount != nil ||
		sel.LimitOffset != nil || len(sel.ValuesLists) > 0 || sel.WithClause != nil || len(sel.DistinctClause) > 0 ||
		sel.IntoClause != nil || len(sel.LockingClause) > 0 || len(sel.WindowClause) > 0 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SQL function bodies other than one SELECT of expressions without FROM are not supported yet")
	}
	s := &state{shared: &shared{query: stmts[0].Query, cat: cat, format: format, fixed: true,
		params: append([]uint32(nil), argTypes...), fn: fn}}
	if ret != types.OidRecord && s.isRowType(ret) && len(sel.TargetList) != 1 {
		return s.functionRowResult(sel.TargetList, ret)
	}
	if len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", types.FormatType(ret, -1)).
			WithDetail("Final statement must return exactly one column.")
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && rt.Val.GetColumnRef().Fields[len(rt.Val.GetColumnRef().Fields)-1].GetAStar() != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "this SQL function body is not supported yet")
	}
	e, err := s.transformExpr(rt.Val)
	if err == nil {
		err = s.lookupErr
	}
	if pgerr.CodeOf(err) == pgerr.GroupingError {
		// An aggregate over the body's one row.
		return nil, pgerr.New(pgerr.FeatureNotSupported, "aggregate functions in SQL function bodies are not supported yet")
	}
	if err != nil {
		return nil, err
	}
	sub := false
	walk(e, func(x expr.Expr) {
		if _, ok := x.(*expr.SubLink); ok {
			sub = true
		}
	})
	if sub {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "subqueries in SQL function bodies are not supported yet")
	}
	// check_sql_fn_retval: the result is coerced to the declared type in
	// assignment context.
	if t := e.Type(); t != ret && t != types.OidUnknown && !s.canCoerce([]uint32{t}, []uint32{ret}, ccAssignment) {
		return nil, pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", s.typeName(ret)).
			WithDetail("Actual return type is %s.", s.typeName(t))
	}
	e, err = s.coerceToTarget(e, ret, -1, ccAssignment, expr.Location(e))
	if err != nil {
		return nil, err
	}
	return e, s.lookupErr
}

// sqlFunctionCall returns f with an implementation that evaluates its
// body: a LANGUAGE sql function's body is analyzed where it is called.
func (s *state) sqlFunctionCall(f *expr.Func, loc int32) (*expr.Func, error) {
	nesting := 1
	if s.fn != nil {
		nesting = s.fn.nesting + 1
	}
	body, err := analyzeFunctionBody(s.cat, &sqlFunction{name: f.Name, argNames: f.ArgNames, nesting: nesting},
		f.Src, f.Args, f.Ret, s.format)
	if err != nil {
		if pe := pgerr.As(err); pe != nil && pe.Position != 0 {
			// The position is in the body, not in this statement.
			cp := *pe
			cp.Position = 0
			return nil, &cp
		}
		return nil, s.errorAt(err, loc)
	}
	g := *f
	g.Bind = func([]uint32, uint32) expr.Impl {
		eval, err := expr.Compile(body)
		return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			if err != nil {
				return types.Null, err
			}
			outer := ec.Params
			ec.Params = args
			v, err := eval(ec, nil)
			ec.Params = outer
			return v, err
		}
	}
	return &g, nil
}

// functionRowResult is check_sql_fn_retval for a function returning a
// composite type whose body's SELECT lists the fields: each column is
// coerced to its field's type in assignment context and the row is of
// the declared type.
func (s *state) functionRowResult(targets []*pg_query.Node, ret uint32) (expr.Expr, error) {
	desc := s.rowDesc(ret)
	mismatch := func() *pgerr.Error {
		e := pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", s.typeName(ret))
		e.Where = "SQL function \"" + s.fn.name + "\""
		return e
	}
	row := &expr.RowExpr{Typ: ret, Desc: desc, Loc: -1}
	for i, n := range targets {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && rt.Val.GetColumnRef().Fields[len(rt.Val.GetColumnRef().Fields)-1].GetAStar() != nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "this SQL function body is not supported yet")
		}
		if desc == nil || i >= len(desc.Types) {
			return nil, mismatch().WithDetail("Final statement returns too many columns.")
		}
		e, err := s.transformExpr(rt.Val)
		if err == nil {
			err = s.lookupErr
		}
		if err != nil {
			return nil, err
		}
		if t := e.Type(); t != desc.Types[i] && t != types.OidUnknown && !s.canCoerce([]uint32{t}, []uint32{desc.Types[i]}, ccAssignment) {
			return nil, mismatch().WithDetail("Final statement returns %s instead of %s at column %d.", s.typeName(t), s.typeName(desc.Types[i]), i+1)
		}
		if e, err = s.coerceToTarget(e, desc.Types[i], desc.Mods[i], ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
		row.Args = append(row.Args, e)
	}
	if len(row.Args) < len(desc.Types) {
		return nil, mismatch().WithDetail("Final statement returns too few columns.")
	}
	var bad error
	walk(row, func(x expr.Expr) {
		if _, ok := x.(*expr.SubLink); ok {
			bad = pgerr.New(pgerr.FeatureNotSupported, "subqueries in SQL function bodies are not supported yet")
		}
	})
	return row, bad
}
