// This file analyzes jsonb subscripts (jsonb_subscript_transform): each
// subscript becomes an integer or a text path element, and the fetch is
// a call of jsonb_extract_path, which jsonb_subscript_fetch amounts to.
// Assigning through a subscript is not supported yet.

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *state) jsonbSubscript(arg expr.Expr, ind *pg_query.A_Indirection) (expr.Expr, error) {
	args := []expr.Expr{arg}
	for _, n := range ind.Indirection {
		ai := n.GetAIndices()
		if ai == nil {
			return nil, s.errorAt(notSupported("field selection"), nodeLocation(ind.Arg))
		}
		if ai.IsSlice {
			at := ai.Uidx
			if at == nil {
				at = ai.Lidx
			}
			loc := int32(-1)
			if at != nil {
				loc = nodeLocation(at)
			}
			return nil, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "jsonb subscript does not support slices"), loc)
		}
		e, err := s.transformExpr(ai.Uidx)
		if err != nil {
			return nil, err
		}
		target := types.OidText
		if src := e.Type(); src != types.OidUnknown {
			target = 0
			for _, t := range []uint32{types.OidInt4, types.OidText} {
				if !s.canCoerce([]uint32{src}, []uint32{t}, ccImplicit) {
					continue
				}
				if target != 0 {
					return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "subscript type %s is not supported", s.typeName(src)).
						WithHint("jsonb subscript must be coercible to only one type, integer or text."), nodeLocation(ai.Uidx))
				}
				target = t
			}
			if target == 0 {
				return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "subscript type %s is not supported", s.typeName(src)).
					WithHint("jsonb subscript must be coercible to either integer or text."), nodeLocation(ai.Uidx))
			}
		}
		if e, err = s.coerceType(e, target, -1, ccImplicit, expr.Location(e)); err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	for _, f := range s.funcs("jsonb_extract_path") {
		if f.Variadic != 0 && f.Implemented() {
			s.noteFunc(f)
			return &expr.FuncExpr{Func: f, Args: args, Typ: types.OidJSONB, Mod: -1, Loc: nodeLocation(ind.Arg)}, nil
		}
	}
	return nil, s.errorAt(notSupported("jsonb subscripting"), nodeLocation(ind.Arg))
}
