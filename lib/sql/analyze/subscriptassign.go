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
	if col.TypeOID == types.OidJSONB {
		if f := ind[0].GetString_(); f != nil {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type",
				f.Sval, col.Name, s.typeName(col.TypeOID)), loc)
		}
		subs, err := s.jsonbSubscripts(ind, loc)
		if err != nil {
			return nil, err
		}
		return &expr.SubscriptExpr{Indexes: subs, Typ: types.OidJSONB}, nil
	}
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
	if !sub.Slice && col.TypeOID != types.OidJSONB {
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
	if sub.Typ == types.OidJSONB {
		return jsonbAssign(sub, cur, value)
	}
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

// assignTarget is a target of INSERT's column list that assigns through
// indirection: subscripts of an array column (sub), or one field of a
// composite column (field, of desc).
type assignTarget struct {
	sub   *expr.SubscriptExpr
	field int
	desc  *types.RowDesc
	typ   uint32 // the composite column's type
}

// insertSubscripts analyzes the target col[...] or col.field of INSERT's
// column list; its subscripts see no columns.
func (s *state) insertSubscripts(col plan.Column, rt *pg_query.ResTarget) (*assignTarget, error) {
	if f := rt.Indirection[0].GetString_(); f != nil && len(rt.Indirection) == 1 {
		return s.fieldTarget(col, f.Sval, rt.Location)
	}
	saved := s.ns
	s.ns = nil
	defer func() { s.ns = saved }()
	// PostgreSQL reports a column that cannot be subscripted without a
	// position here (the location of the NULL it assigns into).
	sub, err := s.subscriptTarget(col, rt.Indirection, rt.Location, -1)
	if err != nil {
		return nil, err
	}
	return &assignTarget{sub: sub}, nil
}

// targetValue coerces the value assigned through at.
func (s *state) targetValue(e expr.Expr, at *assignTarget, col plan.Column, loc int32) (expr.Expr, error) {
	if at.sub != nil {
		return s.subscriptValue(e, at.sub, col, loc)
	}
	return s.fieldValue(e, at, loc)
}

// through returns the assignment of value (already coerced) through at,
// applied to the column value cur.
func (at *assignTarget) through(cur, value expr.Expr) expr.Expr {
	if at.sub != nil {
		return assignThrough(at.sub, cur, value)
	}
	return fieldStore(at, cur, value)
}

// errDefault is PostgreSQL's refusal of DEFAULT as the value of an
// element, a slice or a field.
func (at *assignTarget) errDefault() *pgerr.Error {
	if at.sub != nil {
		return errDefaultElement()
	}
	return pgerr.New(pgerr.FeatureNotSupported, "cannot set a subfield to DEFAULT")
}

// insertThrough is the new value of column col for an INSERT target
// col[...] or col.field whose value is the source's column j (value is
// its analyzed expression): assigned into NULL, or into the result of an
// earlier target of the same column (prev).
func insertThrough(at *assignTarget, prev expr.Expr, col plan.Column, j int, value expr.Expr) expr.Expr {
	return at.through(nullIfUnset(prev, col), &expr.Var{Index: j, Typ: value.Type(), Mod: value.Typmod(), Loc: -1})
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
// PostgreSQL). Several assignments to fields of one column apply in
// order.
func (s *state) updateField(col plan.Column, i int, field string, rt *pg_query.ResTarget, newValues []expr.Expr, offset int) error {
	at, err := s.fieldTarget(col, field, rt.Location)
	if err != nil {
		return err
	}
	e, err := s.transformExpr(rt.Val)
	if err != nil {
		return err
	}
	if e, err = s.fieldValue(e, at, rt.Location); err != nil {
		return err
	}
	cur := newValues[i]
	if cur == nil {
		cur = &expr.Var{Index: offset + i, Typ: col.TypeOID, Mod: col.TypeMod, Name: col.Name, Loc: -1}
	}
	newValues[i] = fieldStore(at, cur, e)
	return nil
}

// fieldTarget resolves the target col.field of an assignment.
func (s *state) fieldTarget(col plan.Column, field string, loc int32) (*assignTarget, error) {
	desc := s.rowDesc(col.TypeOID)
	if desc == nil {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "cannot assign to field \"%s\" of column \"%s\" because its type %s is not a composite type",
			field, col.Name, s.typeName(col.TypeOID)), loc)
	}
	for k, n := range desc.Names {
		if n == field {
			return &assignTarget{field: k, desc: desc, typ: col.TypeOID}, nil
		}
	}
	return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "cannot assign to field \"%s\" of column \"%s\" because there is no such column in data type %s",
		field, col.Name, s.typeName(col.TypeOID)), loc)
}

// fieldValue coerces the value assigned to a field to the field's type
// in assignment context.
func (s *state) fieldValue(e expr.Expr, at *assignTarget, loc int32) (expr.Expr, error) {
	target := at.desc.Types[at.field]
	if e.Type() != target && !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "subfield \"%s\" is of type %s but expression is of type %s",
			at.desc.Names[at.field], s.typeName(target), s.typeName(e.Type())).
			WithHint("You will need to rewrite or cast the expression."), loc)
	}
	return s.coerceToTarget(e, target, at.desc.Mods[at.field], ccAssignment, loc)
}

// fieldStore is the value cur with field at.field replaced by value: a
// row of the column's type whose other fields are cur's (NULL when cur is
// NULL, as ExecEvalFieldStoreDeForm makes them).
func fieldStore(at *assignTarget, cur, value expr.Expr) expr.Expr {
	row := &expr.RowExpr{Typ: at.typ, Desc: at.desc, Loc: -1}
	prev, _ := cur.(*expr.RowExpr)
	for k, name := range at.desc.Names {
		switch {
		case k == at.field:
			row.Args = append(row.Args, value)
		case prev != nil && !prev.WholeRow && k < len(prev.Args):
			row.Args = append(row.Args, prev.Args[k])
		default:
			row.Args = append(row.Args, &expr.FieldSelect{Arg: cur, Field: k, Name: name, Typ: at.desc.Types[k], Mod: at.desc.Mods[k]})
		}
	}
	return row
}
