// This file analyzes ARRAY constructors (parse_expr.c's
// transformArrayExpr): one-dimensional ones of a common element type,
// and multidimensional ones whose elements are arrays, written as
// ARRAY[[1,2],[3,4]] or ARRAY[ARRAY[1,2], a]. A cast of the constructor
// (ARRAY[...]::int[][]) gives the elements their type directly.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *state) transformArray(a *pg_query.A_ArrayExpr) (expr.Expr, error) {
	return s.transformArrayTyped(a, 0, 0, -1)
}

// transformArrayCast is ARRAY[...]::t: with an array type t (or a domain
// over one) the elements are cast to its element type, then the array
// to t.
func (s *state) transformArrayCast(a *pg_query.A_ArrayExpr, tc *pg_query.TypeCast) (expr.Expr, error) {
	target, mod, err := s.resolveTypeName(tc.TypeName)
	if err != nil {
		return nil, err
	}
	baseType, baseMod := s.baseTypeAndMod(target, mod)
	var arg expr.Expr
	if elem := s.elemOf(baseType); elem != 0 {
		arg, err = s.transformArrayTyped(a, baseType, elem, baseMod)
	} else {
		arg, err = s.transformArray(a)
	}
	if err != nil {
		return nil, err
	}
	loc := tc.Location
	if loc < 0 {
		loc = tc.TypeName.Location
	}
	return s.coerceToTarget(arg, target, mod, ccExplicit, loc)
}

// transformArrayTyped is transformArrayExpr; arrayType and elemType are
// the target types given by a cast (0 when none).
func (s *state) transformArrayTyped(a *pg_query.A_ArrayExpr, arrayType, elemType uint32, mod int32) (expr.Expr, error) {
	multidims := false
	var elems []expr.Expr
	for _, n := range a.Elements {
		if sub := n.GetAArrayExpr(); sub != nil {
			e, err := s.transformArrayTyped(sub, arrayType, elemType, mod)
			if err != nil {
				return nil, err
			}
			multidims = true
			elems = append(elems, e)
			continue
		}
		e, err := s.transformExpr(n)
		if err != nil {
			return nil, err
		}
		if !multidims && s.elemOf(e.Type()) != 0 {
			multidims = true
		}
		elems = append(elems, e)
	}
	if arrayType != 0 {
		coerceTo := elemType
		if multidims {
			coerceTo = arrayType
		}
		for i, e := range elems {
			out, err := s.coerceHard(e, coerceTo, mod)
			if err != nil {
				return nil, err
			}
			elems[i] = out
		}
		return &expr.ArrayExpr{Elems: elems, ElemType: elemType, Typ: arrayType, Multidims: multidims}, nil
	}
	if len(elems) == 0 {
		return nil, s.errorAt(pgerr.New(pgerr.IndeterminateDatatype, "cannot determine type of empty array").
			WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[]."), a.Location)
	}
	elems, common, _, err := s.coerceAllToCommon(elems, "ARRAY")
	if err != nil {
		return nil, err
	}
	if multidims {
		arrayType, elemType = common, s.elemOf(common)
		if elemType == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "could not find element type for data type %s", s.typeName(common)), a.Location)
		}
	} else {
		elemType, arrayType = common, s.arrayOf(common)
		if arrayType == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", s.typeName(common)), a.Location)
		}
	}
	return &expr.ArrayExpr{Elems: elems, ElemType: elemType, Typ: arrayType, Multidims: multidims}, nil
}

// coerceHard is the explicit coercion of an element of a cast ARRAY
// constructor to the cast's element (or, for sub-arrays, array) type.
func (s *state) coerceHard(e expr.Expr, target uint32, mod int32) (expr.Expr, error) {
	if e.Type() == target && (mod < 0 || e.Typmod() == mod) {
		return e, nil
	}
	if e.Type() != types.OidUnknown && !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccExplicit) {
		return nil, s.errorAt(pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s", s.typeName(e.Type()), s.typeName(target)), expr.Location(e))
	}
	return s.coerceToTarget(e, target, mod, ccExplicit, expr.Location(e))
}
