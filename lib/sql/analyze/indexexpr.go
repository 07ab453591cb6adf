// Index expressions and partial-index predicates (PostgreSQL's
// ComputeIndexAttrs and CheckPredicate in commands/indexcmds.c, with
// EXPR_KIND_INDEX_EXPRESSION and EXPR_KIND_INDEX_PREDICATE): expressions
// over the indexed table's columns alone, without subqueries, aggregates,
// window or set-returning functions, system columns or functions that
// are not IMMUTABLE.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// AnalyzeIndexExpr analyzes raw, written in query, as an expression
// column of an index on t (predicate false) or as a partial index's WHERE
// condition (predicate true), over t's row.
func AnalyzeIndexExpr(cat Catalog, query string, raw *pg_query.Node, t *plan.Table, predicate bool, format *types.FormatOptions) (expr.Expr, error) {
	kind, what := exprIndexExpression, "index expression"
	if predicate {
		kind, what = exprIndexPredicate, "index predicate"
	}
	s, rte := tableExprState(cat, query, t, kind, format)
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	plural := "index expressions"
	if predicate {
		plural = "index predicates"
	}
	if err := s.forbid(e, "cannot use subquery in "+what, "aggregate functions are not allowed in "+plural); err != nil {
		return nil, err
	}
	if predicate {
		if e, err = s.coerceToBoolean(e, "WHERE"); err != nil {
			return nil, err
		}
	}
	if rte.SysUsed {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "index creation on system columns is not supported")
	}
	if Mutable(e) {
		return nil, pgerr.Newf(pgerr.InvalidObjectDefinition, "functions in %s must be marked IMMUTABLE", what)
	}
	return e, nil
}

// AnalyzeStoredIndexExprs analyzes an index's stored expressions (pg_index
// indexprs: their SQL texts separated by commas) or, with predicate, its
// stored predicate (indpred), over t's row.
func AnalyzeStoredIndexExprs(cat Catalog, text string, t *plan.Table, predicate bool, format *types.FormatOptions) ([]expr.Expr, error) {
	query, raws, err := parser.ParseExprList(text)
	if err != nil {
		return nil, err
	}
	if predicate && len(raws) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid stored index predicate: %s", text)
	}
	var out []expr.Expr
	for _, raw := range raws {
		e, err := AnalyzeIndexExpr(cat, query, raw, t, predicate, format)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Mutable is contain_mutable_functions: e calls a function, or converts
// through a type's text form, that is not IMMUTABLE.
func Mutable(e expr.Expr) bool {
	found := false
	plan.Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.FuncExpr:
			found = v.Func == nil || v.Func.Volatility != expr.Immutable
		case *expr.CoerceViaIO:
			found = !textOutputImmutable(v.Arg.Type()) || !textInputImmutable(v.Typ)
		case *expr.SubLink, *expr.Aggref, *expr.WindowFunc, *expr.Param:
			found = true
		}
		return !found
	})
	return found
}

// stableIO are the built-in scalar types whose text input function is
// not IMMUTABLE (pg_type.typinput's provolatile in PostgreSQL 15); those
// also in stableOutput have a text output function that is not either.
var stableIO = map[uint32]bool{
	types.OidRegproc: true, 142: true, 790: true, 1033: true, types.OidDate: true, types.OidTime: true,
	types.OidTimestamp: true, types.OidTimestamptz: true, types.OidInterval: true, types.OidTimetz: true,
	2202: true, 2203: true, 2204: true, types.OidRegclass: true, types.OidRegtype: true, 3734: true, 3769: true,
	4089: true, 4096: true, 4191: true,
}

var outputImmutableAnyway = map[uint32]bool{142: true, types.OidTime: true, types.OidTimetz: true}

// textInputImmutable reports whether converting text to type oid is
// immutable: not for the types above, arrays (array_in), or types users
// create (enum_in, record_in, domain_in).
func textInputImmutable(oid uint32) bool {
	t := types.ByOID(oid)
	return t != nil && !t.IsArray() && !stableIO[oid]
}

// textOutputImmutable is textInputImmutable for the output function.
func textOutputImmutable(oid uint32) bool {
	t := types.ByOID(oid)
	return t != nil && !t.IsArray() && (!stableIO[oid] || outputImmutableAnyway[oid])
}
