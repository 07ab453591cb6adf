// This file analyzes array subscripts (parse_node.c's
// transformContainerSubscripts and arraysubs.c's
// array_subscript_transform): a[i][j] reads an element, a[i:j] (any
// subscript a slice makes all of them slices, a plain [i] then meaning
// [1:i]) reads a slice, and both can be assigned to in INSERT and
// UPDATE (subscriptassign.go).

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// subscript is arg[...]...: an element or a slice of an array.
func (s *state) subscript(arg expr.Expr, subs []*pg_query.A_Indices, loc int32) (expr.Expr, error) {
	elem := s.elemOf(arg.Type())
	if t := types.ByOID(arg.Type()); t != nil {
		elem = t.Elem
	}
	if elem == 0 {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", s.typeName(arg.Type())), loc)
	}
	slice := false
	for _, ai := range subs {
		slice = slice || ai.IsSlice
	}
	out := &expr.SubscriptExpr{Arg: arg, Typ: elem, Slice: slice}
	if slice {
		out.Typ = arg.Type()
	}
	for _, ai := range subs {
		if slice {
			var lower expr.Expr
			switch {
			case ai.Lidx != nil:
				e, err := s.subscriptIndex(ai.Lidx)
				if err != nil {
					return nil, err
				}
				lower = e
			case !ai.IsSlice:
				lower = &expr.Const{Value: types.Int(1), Typ: types.OidInt4, Mod: -1, Loc: -1}
			}
			out.Lower = append(out.Lower, lower)
		}
		var upper expr.Expr
		if ai.Uidx != nil {
			e, err := s.subscriptIndex(ai.Uidx)
			if err != nil {
				return nil, err
			}
			upper = e
		}
		out.Indexes = append(out.Indexes, upper)
	}
	if len(subs) > types.MaxArrayDims {
		return nil, types.ErrTooManyDims(len(subs))
	}
	return out, nil
}

// subscriptIndex analyzes one subscript, coerced to int4.
func (s *state) subscriptIndex(n *pg_query.Node) (expr.Expr, error) {
	e, err := s.transformExpr(n)
	if err != nil {
		return nil, err
	}
	if e.Type() == types.OidInt4 {
		return e, nil
	}
	if !s.canCoerce([]uint32{e.Type()}, []uint32{types.OidInt4}, ccAssignment) {
		return nil, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "array subscript must have type integer"), expr.Location(e))
	}
	return s.coerceType(e, types.OidInt4, -1, ccAssignment, expr.Location(e))
}
