// This file analyzes assignments through array subscripts, INSERT INTO
// t (a[1], a[2:3]) and UPDATE t SET a[i] = ... (parse_target.c's
// transformAssignmentIndirection for subscripts): the value is coerced
// to the element type (the array type for a slice) in assignment
// context, and the column's new value is the old one (NULL for INSERT)
// with the element or slice replaced. Several assignments to
// subscripts of one column apply in order (the rewriter's
// process_matched_tle).

package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// subscriptTarget analyzes the subscripts of the target col[...] of an
// assignment: an assigning SubscriptExpr whose Arg and Value the caller
// fills in.
func (s *state) subscriptTarget(col plan.Column, ind []*pg_query.Node, loc, typeLoc int32) (*expr.SubscriptExpr, error) {
	var subs []*pg_query.A_Indices
	for _, n := range ind {
		ai := n.GetAIndices()
		if ai == nil {
			field := n.GetString_().GetSval()
			if elem := s.elemOf(col.TypeOID); len(subs) > 0 && elem != 0 && !s.isRowType(elem) {
				return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type",
					field, col.Name, s.typeName(elem)), loc)
			}
			return nil, s.errorAt(notSupported("assignment to fields of composite columns"), loc)
		}
		subs = append(subs, ai)
	}
	if col.TypeOID == types.OidJSONB {
		return nil, s.errorAt(notSupported("assignment to jsonb subscripts"), loc)
	}
	if s.elemOf(col.TypeOID) == 0 {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot subscript type %s because it does not support subscripting", s.typeName(col.TypeOID)), typeLoc)
	}
	placeholder := &expr.Const{Typ: col.TypeOID, Mod: col.TypeMod, Value: types.Null, Loc: -1}
	e, err := s.subscript(placeholder, subs, loc)
	if err != nil {
		return nil, err
	}
	sub := e.(*expr.SubscriptExpr)
	sub.Typ = col.TypeOID
	return sub, nil
}

// subscriptValue coerces the value assigned through sub to the column's
// element type (its array type for a slice) with the column's typmod.
func (s *state) subscriptValue(e expr.Expr, sub *expr.SubscriptExpr, col plan.Column, loc int32) (expr.Expr, error) {
	target := col.TypeOID
	if !sub.Slice {
		target = s.elemOf(col.TypeOID)
	}
	if e.Type() != target && !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "subscripted assignment to \"%s\" requires type %s but expression is of type %s",
			col.Name, s.typeName(target), s.typeName(e.Type())).
			WithHint("You will need to rewrite or cast the expression."), loc)
	}
	return s.coerceToTarget(e, target, col.TypeMod, ccAssignment, loc)
}

// assignThrough returns the assignment of value (already coerced) to
// the subscripts of sub, applied to the column value cur.
func assignThrough(sub *expr.SubscriptExpr, cur, value expr.Expr) expr.Expr {
	out := *sub
	out.Arg, out.Value = cur, value
	return &out
}

// updateSubscripts analyzes SET col[...] = value of UPDATE: the new
// value of column i is the current one (or the result of an earlier
// assignment to its subscripts) with the element or slice replaced.
func (s *state) updateSubscripts(t *plan.Table, i int, rt *pg_query.ResTarget, newValues []expr.Expr, offset int) error {
	col := t.Columns[i]
	if rt.Val.GetMultiAssignRef() != nil {
		return s.errorAt(notSupported("assignment to subscripts in a multiple-column UPDATE item"), rt.Location)
	}
	if rt.Val.GetSetToDefault() != nil {
		return s.errorAt(errDefaultElement(), rt.Location)
	}
	if generatedOf(t, i) {
		return pgerr.Newf(pgerr.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
			WithDetail("Column \"%s\" is a generated column.", rt.Name)
	}
	if f := rt.Indirection[0].GetString_(); f != nil && len(rt.Indirection) == 1 {
		return s.updateField(col, i, f.Sval, rt, newValues, offset)
	}
	sub, err := s.subscriptTarget(col, rt.Indirection, rt.Location, rt.Location)
	if err != nil {
		return err
	}
	e, err := s.transformExpr(rt.Val)
	if err != nil {
		return err
	}
	if e, err = s.subscriptValue(e, sub, col, rt.Location); err != nil {
		return err
	}
	cur := newValues[i]
	if cur == nil {
		cur = &expr.Var{Index: offset + i, Typ: col.TypeOID, Mod: col.TypeMod, Name: col.Name, Loc: -1}
	}
	newValues[i] = assignThrough(sub, cur, e)
	return nil
}

// insertSubscripts analyzes the target col[...] of INSERT's column
// list; its subscripts see no columns.
func (s *state) insertSubscripts(col plan.Column, rt *pg_query.ResTarget) (*expr.SubscriptExpr, error) {
	saved := s.ns
	s.ns = nil
	defer func() { s.ns = saved }()
	// PostgreSQL reports a column that cannot be subscripted without a
	// position here (the location of the NULL it assigns into).
	return s.subscriptTarget(col, rt.Indirection, rt.Location, -1)
}

// insertThrough is the new value of column col for an INSERT target
// col[...] whose value is the source's column j (value is its analyzed
// expression): assigned into NULL, or into the result of an earlier
// target of the same column (prev).
func insertThrough(sub *expr.SubscriptExpr, prev expr.Expr, col plan.Column, j int, value expr.Expr) expr.Expr {
	return assignThrough(sub, nullIfUnset(prev, col), &expr.Var{Index: j, Typ: value.Type(), Mod: value.Typmod(), Loc: -1})
}

// nullIfUnset is the value an INSERT target col[...] assigns into: the
// result of an earlier target of the column, else NULL.
func nullIfUnset(prev expr.Expr, col plan.Column) expr.Expr {
	if prev == nil {
		return &expr.Const{Typ: col.TypeOID, Mod: col.TypeMod, Value: types.Null, Loc: -1}
	}
	return prev
}

// errDefaultElement is PostgreSQL's refusal of DEFAULT as the value of
// an element or slice.
func errDefaultElement() *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, "cannot set an array element to DEFAULT")
}

// updateField analyzes SET col.field = value of UPDATE (a FieldStore in
// PostgreSQL): the column's new value is a row of its type whose fields
// are those of the current value (NULL when the value is NULL, as
// ExecEvalFieldStoreDeForm does) with the field replaced. Several
// assignments to fields of one column apply in order.
func (s *state) updateField(col plan.Column, i int, field string, rt *pg_query.ResTarget, newValues []expr.Expr, offset int) error {
	desc := s.rowDesc(col.TypeOID)
	if desc == nil {
		return s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type",
			field, col.Name, s.typeName(col.TypeOID)), rt.Location)
	}
	f := -1
	for k, n := range desc.Names {
		if n == field {
			f = k
			break
		}
	}
	if f < 0 {
		return s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "cannot assign to field \"%s\" of column \"%s\" because there is no such column in data type %s",
			field, col.Name, s.typeName(col.TypeOID)), rt.Location)
	}
	e, err := s.transformExpr(rt.Val)
	if err != nil {
		return err
	}
	target := desc.Types[f]
	if e.Type() != target && !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccAssignment) {
		return s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "subfield \"%s\" is of type %s but expression is of type %s",
			field, s.typeName(target), s.typeName(e.Type())).
			WithHint("You will need to rewrite or cast the expression."), rt.Location)
	}
	if e, err = s.coerceToTarget(e, target, desc.Mods[f], ccAssignment, rt.Location); err != nil {
		return err
	}
	cur := newValues[i]
	if cur == nil {
		cur = &expr.Var{Index: offset + i, Typ: col.TypeOID, Mod: col.TypeMod, Name: col.Name, Loc: -1}
	}
	row := &expr.RowExpr{Typ: col.TypeOID, Desc: desc, Loc: -1}
	for k, name := range desc.Names {
		if k == f {
			row.Args = append(row.Args, e)
			continue
		}
		old, err := s.fieldSelect(cur, name, -1)
		if err != nil {
			return err
		}
		row.Args = append(row.Args, old)
	}
	newValues[i] = row
	return nil
}
