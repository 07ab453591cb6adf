// PREPARE and EXECUTE (PostgreSQL's commands/prepare.c): the statement a
// PREPARE names, with its declared parameter types, and the values of
// EXECUTE's parameter expressions.

package sql

import (
	"context"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// PrepareStatement analyzes the statement of PREPARE name [(types)] AS
// statement: parameters without a declared type are inferred from their
// use, and every parameter must end up with a type.
func PrepareStatement(env Env, st Statement, ps *pg_query.PrepareStmt) (*Plan, error) {
	s := newCtx(context.Background(), env)
	paramTypes := make([]uint32, len(ps.Argtypes))
	for i, n := range ps.Argtypes {
		typ, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, n.GetTypeName(), FormatOptions(env))
		if err != nil {
			return nil, err
		}
		if typ == types.OidUnknown {
			typ = 0
		}
		paramTypes[i] = typ
	}
	p, err := Prepare(env, st.Inner(ps.Query), paramTypes)
	if err != nil {
		return nil, err
	}
	for i, t := range p.ParamTypes() {
		if t == 0 || t == types.OidUnknown {
			return nil, pgerr.Newf(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
	}
	return p, nil
}

// ExecuteParams evaluates EXECUTE's parameter expressions for a prepared
// statement's parameters (EvaluateParams).
func ExecuteParams(ctx context.Context, env Env, st Statement, name string, paramTypes []uint32, args []*pg_query.Node) ([]types.Datum, error) {
	if len(args) != len(paramTypes) {
		return nil, pgerr.Newf(pgerr.SyntaxError, "wrong number of parameters for prepared statement \"%s\"", name).
			WithDetail("Expected %d parameters but got %d.", len(paramTypes), len(args))
	}
	if len(args) == 0 {
		return nil, nil
	}
	s := newCtx(ctx, env)
	ec := &expr.EvalContext{Ctx: ctx, Session: env, Format: s.formatOptions()}
	if s.hasStorage() {
		ec.Catalog = names{s}
	}
	out := make([]types.Datum, len(args))
	for i, a := range args {
		e, err := analyze.AnalyzeExecuteParam(catalogAdapter{s}, st.Query, a, i+1, paramTypes[i], FormatOptions(env))
		if err != nil {
			return nil, err
		}
		ev, err := expr.Compile(e)
		if err != nil {
			return nil, err
		}
		if out[i], err = ev(ec, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}
