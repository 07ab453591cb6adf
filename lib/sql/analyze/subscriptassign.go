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
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

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
		subs, err := s.jsonbSubscripts(ind, loc)
		if err != nil {
			return nil, err
		}
		return &expr.SubscriptExpr{Indexes: subs, Typ: types.OidJSONB}, nil
	}
	subs := make([]*pg_query.A_Indices, len(ind))
	for i, n := range ind {
		subs[i] = n.GetAIndices()
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

// updateSubscripts analyzes SET col[...] = value or SET col.field... =
// value of UPDATE: the new value of column i is the current one (or the
// result of an earlier assignment through it) with the element, slice
// or field replaced.
func (s *state) updateSubscripts(t *plan.Table, i int, rt *pg_query.ResTarget, newValues []expr.Expr, offset int) error {
	col := t.Columns[i]
	if rt.Val.GetMultiAssignRef() != nil {
		return s.errorAt(notSupported("assignment to subscripts in a multiple-column UPDATE item"), rt.Location)
	}
	if generatedOf(t, i) {
		return pgerr.Newf(pgerr.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
			WithDetail("Column \"%s\" is a generated column.", rt.Name)
	}
	at, err := s.assignChain(col, rt.Indirection, rt.Location, rt.Location)
	if err != nil {
		return err
	}
	if rt.Val.GetSetToDefault() != nil {
		return s.errorAt(at.errDefault(), rt.Location)
	}
	e, err := s.transformExpr(rt.Val)
	if err != nil {
		return err
	}
	if e, err = s.targetValue(e, at, col, rt.Location); err != nil {
		return err
	}
	cur := newValues[i]
	if cur == nil {
		cur = &expr.Var{Index: offset + i, Typ: col.TypeOID, Mod: col.TypeMod, Name: col.Name, Loc: -1}
	}
	newValues[i] = at.through(cur, e)
	return nil
}

// assignTarget is one step of an assignment target's indirection
// (transformAssignmentIndirection): subscripts of an array or jsonb
// value (sub), or one field of a composite value (field, of desc); next
// is the step below it, nil at the value assigned.
type assignTarget struct {
	sub   *expr.SubscriptExpr
	field int
	desc  *types.RowDesc
	typ   uint32 // the composite value's type
	// into is the value this step assigns into, as errors name it: the
	// column, or the field above.
	into plan.Column
	// elem is the type of what the step reaches: the element, the slice
	// (the array type) or the field.
	elem    uint32
	elemMod int32
	next    *assignTarget
}

// assignChain analyzes the indirection of an assignment target col...:
// one step per field and one per run of subscripts.
func (s *state) assignChain(col plan.Column, ind []*pg_query.Node, loc, typeLoc int32) (*assignTarget, error) {
	var head, tail *assignTarget
	into := col
	for i := 0; i < len(ind); {
		var at *assignTarget
		if f := ind[i].GetString_(); f != nil {
			var err error
			if at, err = s.fieldTarget(into, f.Sval, loc); err != nil {
				return nil, err
			}
			at.elem, at.elemMod = at.desc.Types[at.field], at.desc.Mods[at.field]
			i++
		} else {
			j := i
			for j < len(ind) && ind[j].GetAIndices() != nil {
				j++
			}
			sub, err := s.subscriptTarget(into, ind[i:j], loc, typeLoc)
			if err != nil {
				return nil, err
			}
			at = &assignTarget{sub: sub, elem: into.TypeOID, elemMod: into.TypeMod}
			if !sub.Slice && into.TypeOID != types.OidJSONB {
				at.elem = s.elemOf(into.TypeOID)
			}
			i = j
		}
		at.into = into
		if head == nil {
			head = at
		} else {
			tail.next = at
		}
		tail = at
		// A field is named by itself below; an element by its column.
		if at.sub == nil {
			into = plan.Column{Name: at.desc.Names[at.field], TypeOID: at.elem, TypeMod: at.elemMod}
		} else {
			into = plan.Column{Name: into.Name, TypeOID: at.elem, TypeMod: into.TypeMod}
		}
	}
	return head, nil
}

// last is the step that assigns the value.
func (at *assignTarget) last() *assignTarget {
	for at.next != nil {
		at = at.next
	}
	return at
}

// fetch is the value cur holds where this step leads, which the steps
// below assign into: the field, or the element (a step of subscripts
// followed by more is an array element: a slice or a jsonb value is not
// composite, which the step below refused).
func (at *assignTarget) fetch(cur expr.Expr) expr.Expr {
	if at.sub == nil {
		return &expr.FieldSelect{Arg: cur, Field: at.field, Name: at.desc.Names[at.field], Typ: at.elem, Mod: at.elemMod}
	}
	return &expr.SubscriptExpr{Arg: cur, Indexes: at.sub.Indexes, Typ: at.elem}
}

// insertSubscripts analyzes the target col[...] or col.field of INSERT's
// column list; its subscripts see no columns.
func (s *state) insertSubscripts(col plan.Column, rt *pg_query.ResTarget) (*assignTarget, error) {
	saved := s.ns
	s.ns = nil
	defer func() { s.ns = saved }()
	// PostgreSQL reports a column that cannot be subscripted without a
	// position here (the location of the NULL it assigns into).
	return s.assignChain(col, rt.Indirection, rt.Location, -1)
}

// targetValue coerces the value assigned through at to the type of what
// its last step reaches.
func (s *state) targetValue(e expr.Expr, at *assignTarget, col plan.Column, loc int32) (expr.Expr, error) {
	last := at.last()
	if last.sub != nil {
		return s.subscriptValue(e, last.sub, last.into, loc)
	}
	return s.fieldValue(e, last, loc)
}

// through returns the assignment of value (already coerced) through at,
// applied to the value cur: the steps below assign into what this one
// reaches, and this one puts the result in its place.
func (at *assignTarget) through(cur, value expr.Expr) expr.Expr {
	if at.next != nil {
		value = at.next.through(at.fetch(cur), value)
	}
	if at.sub != nil {
		return assignThrough(at.sub, cur, value)
	}
	return fieldStore(at, cur, value)
}

// errDefault is PostgreSQL's refusal of DEFAULT assigned through
// indirection, named after the first step (transformAssignedExpr).
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
