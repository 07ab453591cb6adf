// This file analyzes jsonb subscripts (jsonb_subscript_transform): each
// subscript becomes an integer or a text path element, and the fetch is
// a call of jsonb_extract_path, which jsonb_subscript_fetch amounts to.
// An assignment through subscripts (UPDATE t SET j['a'] = ...) calls
// builtins.JSONBSubscriptAssign with the column's value, the value
// assigned and the subscripts.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *state) jsonbSubscript(arg expr.Expr, ind *pg_query.A_Indirection) (expr.Expr, error) {
	subs, err := s.jsonbSubscripts(ind.Indirection, nodeLocation(ind.Arg))
	if err != nil {
		return nil, err
	}
	args := append([]expr.Expr{arg}, subs...)
	for _, f := range s.funcs("jsonb_extract_path") {
		if f.Variadic != 0 && f.Implemented() {
			s.noteFunc(f)
			return &expr.FuncExpr{Func: f, Args: args, Typ: types.OidJSONB, Mod: -1, Loc: nodeLocation(ind.Arg)}, nil
		}
	}
	return nil, s.errorAt(notSupported("jsonb subscripting"), nodeLocation(ind.Arg))
}

// jsonbSubscripts analyzes the subscripts of a jsonb value (at loc):
// each an integer or a text path element.
func (s *state) jsonbSubscripts(nodes []*pg_query.Node, loc int32) ([]expr.Expr, error) {
	// A slice anywhere is reported at the first subscript, as
	// jsonb_subscript_transform does.
	for _, n := range nodes {
		if ai := n.GetAIndices(); ai != nil && ai.IsSlice {
			first := nodes[0].GetAIndices()
			loc := int32(-1)
			if at := first.GetUidx(); at != nil {
				loc = nodeLocation(at)
			} else if at := first.GetLidx(); at != nil {
				loc = nodeLocation(at)
			}
			return nil, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "jsonb subscript does not support slices"), loc)
		}
	}
	var out []expr.Expr
	for _, n := range nodes {
		ai := n.GetAIndices()
		if ai == nil {
			return nil, s.errorAt(notSupported("field selection"), loc)
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
		out = append(out, e)
	}
	return out, nil
}

// jsonbAssign is the new value of a jsonb column cur with value assigned
// through the subscripts of sub (jsonb_subscript_assign).
func jsonbAssign(sub *expr.SubscriptExpr, cur, value expr.Expr) expr.Expr {
	subTypes := make([]uint32, len(sub.Indexes))
	for i, e := range sub.Indexes {
		subTypes[i] = e.Type()
	}
	f := &expr.Func{Name: "jsonb_subscript_assign", Ret: types.OidJSONB, Volatility: expr.Immutable,
		Impl: builtins.JSONBSubscriptAssign(subTypes)}
	args := append([]expr.Expr{cur, value}, sub.Indexes...)
	return &expr.FuncExpr{Func: f, Args: args, Typ: types.OidJSONB, Mod: -1, Loc: -1}
}
