// This file coerces an analyzed expression to a column's type as an
// assignment does (ALTER TABLE ... ALTER COLUMN TYPE ... USING).

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// CoerceAssignment coerces e to typ(typmod) in assignment context
// (coerce_to_target_type with COERCION_ASSIGNMENT). ok is false when no
// such coercion exists; the caller words the error.
func CoerceAssignment(cat Catalog, query string, e expr.Expr, typ uint32, typmod int32, format *types.FormatOptions) (out expr.Expr, ok bool, err error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}}
	if e.Type() != typ && !s.canCoerce([]uint32{e.Type()}, []uint32{typ}, ccAssignment) {
		return nil, false, nil
	}
	out, err = s.coerceToTarget(e, typ, typmod, ccAssignment, expr.Location(e))
	if pe := pgerr.As(err); pe != nil && pe.Code == pgerr.DatatypeMismatch {
		return nil, false, nil
	}
	return out, err == nil, err
}

// CheckTransformExprs refuses aggregates and window functions in the
// USING expressions of ALTER COLUMN TYPE, which are analyzed as the
// targets (0-based positions) of a SELECT over the table: PostgreSQL
// analyzes them as transform expressions, where neither may appear.
func CheckTransformExprs(query string, q *plan.Query, targets []int) error {
	s := &state{shared: &shared{query: query}}
	if len(q.Aggs) > 0 {
		return s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in transform expressions"), q.Aggs[0].Loc)
	}
	for _, i := range targets {
		var wf *expr.WindowFunc
		walk(q.Targets[i].Expr, func(x expr.Expr) {
			if w, ok := x.(*expr.WindowFunc); ok && wf == nil {
				wf = w
			}
		})
		if wf != nil {
			return s.errorAt(pgerr.New(pgerr.WindowingError, "window functions are not allowed in transform expressions"), wf.Loc)
		}
	}
	return nil
}

// CanCoerceImplicit is can_coerce_type in implicit context from one type
// to another (a foreign key's column to the referenced column's
// operator class type, ATAddForeignKeyConstraint).
func CanCoerceImplicit(cat Catalog, from, to uint32) bool {
	s := &state{shared: &shared{cat: cat, fixed: true}}
	return s.canCoerce([]uint32{from}, []uint32{to}, ccImplicit)
}
