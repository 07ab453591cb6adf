// This file analyzes the parts of utility statements that are
// expressions or type names: CREATE TABLE's column types and DEFAULT
// expressions (PostgreSQL's typenameTypeIdAndMod and cookDefault).

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ResolveTypeName resolves a type name written in a statement (query is
// the text its location refers to) to a type OID and typmod.
func ResolveTypeName(cat Catalog, query string, tn *pg_query.TypeName, format *types.FormatOptions) (uint32, int32, error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}}
	typ, mod, err := s.resolveTypeName(tn)
	if err == nil {
		err = s.lookupErr
	}
	return typ, mod, err
}

// AnalyzeDefault analyzes a column's DEFAULT expression (cookDefault):
// no column references, aggregates or subqueries, coerced to the
// column's type in assignment context.
func AnalyzeDefault(cat Catalog, query string, raw *pg_query.Node, col plan.Column, format *types.FormatOptions) (expr.Expr, error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}, kind: exprDefault}
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if e.Type() != col.TypeOID && !s.canCoerce([]uint32{e.Type()}, []uint32{col.TypeOID}, ccAssignment) {
		return nil, pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" is of type %s but default expression is of type %s",
			col.Name, s.typeName(col.TypeOID), s.typeName(e.Type())).WithHint("You will need to rewrite or cast the expression.")
	}
	return s.checked(s.coerceToTarget(e, col.TypeOID, col.TypeMod, ccAssignment, expr.Location(e)))
}

// AnalyzeParamDefault analyzes the DEFAULT of a function parameter of
// type typ (interpret_function_parameter_list): no column references,
// aggregates or subqueries, coerced to typ in assignment context.
func AnalyzeParamDefault(cat Catalog, query string, raw *pg_query.Node, typ uint32, format *types.FormatOptions) (expr.Expr, error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}, kind: exprDefault}
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if e.Type() != typ && !s.canCoerce([]uint32{e.Type()}, []uint32{typ}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of DEFAULT must be type %s, not type %s",
			s.typeName(typ), s.typeName(e.Type())), expr.Location(e))
	}
	return s.checked(s.coerceToTarget(e, typ, -1, ccAssignment, expr.Location(e)))
}
