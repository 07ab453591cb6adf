// This file implements type coercion as PostgreSQL's parse_coerce.c does:
// which conversions exist in which contexts (implicit, assignment,
// explicit), how unknown literals and parameters take a type, common types
// for CASE and friends, and the consistency rules of polymorphic
// arguments.

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// coercionContext is CoercionContext: where a conversion is applied.
type coercionContext int

const (
	ccImplicit coercionContext = iota
	ccAssignment
	ccExplicit
)

// pathType is CoercionPathType.
type pathType int

const (
	pathNone pathType = iota
	pathFunc
	pathRelabel
	pathArrayCoerce
	pathViaIO
)

// typeRow is the pg_type row of oid: built-in types from the bootstrap
// rows, the others from the session's catalog.
func (s *shared) typeRow(oid uint32) *catalog.Type {
	if t := catalog.BuiltinType(oid); t != nil || oid < catalog.FirstNormalOID {
		return t
	}
	s.userTypes = true
	t, err := s.syscache().TypeByOID(oid)
	s.noteErr(err)
	return t
}

// category is TypeCategory: pg_type.typcategory.
func (s *shared) category(oid uint32) types.Category {
	if t := s.typeRow(oid); t != nil {
		return types.Category(t.Category)
	}
	return types.CatUser
}

// preferred is IsPreferredType: pg_type.typispreferred.
func (s *shared) preferred(oid uint32) bool {
	t := s.typeRow(oid)
	return t != nil && t.Preferred
}

// elemOf is get_element_type: the element type of an array type, or 0.
func (s *shared) elemOf(arr uint32) uint32 {
	if t := types.ByOID(arr); t != nil {
		if t.IsArray() {
			return t.Elem
		}
		return 0
	}
	if t := s.typeRow(arr); t != nil && t.Elem != 0 && t.Len == -1 {
		return t.Elem
	}
	return 0
}

func (s *shared) isArrayType(oid uint32) bool { return s.elemOf(oid) != 0 }

// arrayOf is get_array_type: the array type of elem, or 0.
func (s *shared) arrayOf(elem uint32) uint32 {
	if t := types.ByOID(elem); t != nil {
		return t.Array
	}
	if t := s.typeRow(elem); t != nil {
		return t.Array
	}
	return 0
}

// findCoercionPathway is find_coercion_pathway.
func (s *shared) findCoercionPathway(target, source uint32, cc coercionContext) (pathType, *builtins.Cast) {
	if target == source {
		return pathRelabel, nil
	}
	// Domains convert as their base types, and to and from them by
	// relabeling.
	target, source = s.baseType(target), s.baseType(source)
	if target == source {
		return pathRelabel, nil
	}
	c, err := builtins.LookupCast(s.syscache(), source, target)
	s.noteErr(err)
	if c != nil {
		var allowed bool
		switch c.Context {
		case 'i':
			allowed = true
		case 'a':
			allowed = cc >= ccAssignment
		case 'e':
			allowed = cc >= ccExplicit
		}
		if !allowed {
			return pathNone, nil
		}
		switch c.Method {
		case 'f':
			return pathFunc, c
		case 'b':
			return pathRelabel, c
		case 'i':
			return pathViaIO, c
		}
		return pathNone, nil
	}
	if se, te := s.elemOf(source), s.elemOf(target); se != 0 && te != 0 && target != types.OidOidVector && target != types.OidInt2Vector {
		if p, _ := s.findCoercionPathway(te, se, cc); p != pathNone {
			return pathArrayCoerce, nil
		}
		return pathNone, nil
	}
	if cc >= ccAssignment && s.category(target) == types.CatString {
		return pathViaIO, nil
	}
	if cc >= ccExplicit && s.category(source) == types.CatString {
		return pathViaIO, nil
	}
	return pathNone, nil
}

// canCoerce is can_coerce_type.
func (s *shared) canCoerce(inputs, targets []uint32, cc coercionContext) bool {
	poly := false
	for i, in := range inputs {
		tg := targets[i]
		switch {
		case in == tg, tg == types.OidAny:
			continue
		case types.IsPolymorphic(tg):
			poly = true
			continue
		case in == types.OidUnknown:
			continue
		case tg == types.OidRecord && s.isRowType(in), in == types.OidRecord && s.isRowType(tg):
			// Any composite value is a record; a record converts to a
			// composite type field by field.
			continue
		case tg == types.OidRecordArray && in != types.OidRecordArray && s.isRowType(s.elemOf(in)):
			// An array of a composite type is a record[].
			continue
		}
		if p, _ := s.findCoercionPathway(tg, in, cc); p != pathNone {
			continue
		}
		return false
	}
	if poly {
		_, ok := s.resolvePolymorphic(inputs, targets)
		return ok
	}
	return true
}

// polyResult is what the polymorphic arguments of one call resolve to.
type polyResult struct {
	elem   uint32 // anyelement / element of anyarray
	compat uint32 // anycompatible's common type
}

// resolvePolymorphic is check_generic_type_consistency plus the
// resolution of enforce_generic_type_consistency. ok is false when the
// inputs are inconsistent.
func (s *shared) resolvePolymorphic(inputs, declared []uint32) (polyResult, bool) {
	var r polyResult
	var arrayType uint32
	nonArray, isEnum := false, false
	var compat []uint32
	for i, in := range inputs {
		d := declared[i]
		if in == types.OidUnknown {
			if d == types.OidAnyNonArray {
				nonArray = true
			}
			isEnum = isEnum || d == types.OidAnyEnum
			continue
		}
		switch d {
		case types.OidAnyElement, types.OidAnyNonArray, types.OidAnyEnum:
			if d == types.OidAnyNonArray {
				nonArray = true
			}
			isEnum = isEnum || d == types.OidAnyEnum
			if r.elem != 0 && r.elem != in {
				return r, false
			}
			r.elem = in
		case types.OidAnyArray:
			if !s.isArrayType(in) {
				return r, false
			}
			if arrayType != 0 && arrayType != in {
				return r, false
			}
			arrayType = in
		case types.OidAnyCompat:
			compat = append(compat, in)
		case types.OidAnyCompatArr:
			e := s.elemOf(in)
			if e == 0 {
				return r, false
			}
			compat = append(compat, e)
		}
	}
	if arrayType != 0 {
		e := s.elemOf(arrayType)
		if r.elem != 0 && r.elem != e {
			return r, false
		}
		r.elem = e
	}
	if nonArray && r.elem != 0 && s.isArrayType(r.elem) {
		return r, false
	}
	if isEnum && !s.isEnumType(r.elem) {
		return r, false
	}
	if len(compat) > 0 {
		c, ok := s.commonTypeOf(compat)
		if !ok {
			return r, false
		}
		r.compat = c
	}
	return r, true
}

// resolveDeclared replaces polymorphic declared types by actual ones.
// It returns 0 for a type that cannot be determined.
func (p polyResult) resolve(s *shared, d uint32) uint32 {
	switch d {
	case types.OidAnyElement, types.OidAnyNonArray, types.OidAnyEnum:
		return p.elem
	case types.OidAnyArray:
		if p.elem == 0 {
			return 0
		}
		return s.arrayOf(p.elem)
	case types.OidAnyCompat:
		if p.compat == 0 {
			return types.OidText
		}
		return p.compat
	case types.OidAnyCompatArr:
		c := p.compat
		if c == 0 {
			c = types.OidText
		}
		return s.arrayOf(c)
	}
	return d
}

// commonTypeOf is the core of select_common_type on bare types, for
// anycompatible: ok is false when categories conflict.
func (s *shared) commonTypeOf(ts []uint32) (uint32, bool) {
	ptype := ts[0]
	for _, n := range ts[1:] {
		if n == ptype || n == types.OidUnknown {
			continue
		}
		if ptype == types.OidUnknown {
			ptype = n
			continue
		}
		if s.category(n) != s.category(ptype) {
			return 0, false
		}
		if !s.preferred(ptype) && s.canCoerce([]uint32{ptype}, []uint32{n}, ccImplicit) && !s.canCoerce([]uint32{n}, []uint32{ptype}, ccImplicit) {
			ptype = n
		}
	}
	if ptype == types.OidUnknown {
		ptype = types.OidText
	}
	for _, n := range ts {
		if n != types.OidUnknown && !s.canCoerce([]uint32{n}, []uint32{ptype}, ccImplicit) {
			return 0, false
		}
	}
	return ptype, true
}

// coerceType is coerce_type: convert e to target with the given context.
// Unknown literals are converted by running the target's input function
// now, reporting bad input at the literal's position; unknown parameters
// take the target type.
func (s *state) coerceType(e expr.Expr, target uint32, targetMod int32, cc coercionContext, loc int32) (expr.Expr, error) {
	source := e.Type()
	if source == target || target == types.OidAny || types.IsPolymorphic(target) {
		return e, nil
	}
	if s.isDomain(target) {
		return s.coerceToDomain(e, target, cc, loc)
	}
	if elem := s.elemOf(target); source == types.OidUnknown && elem != 0 && s.isDomain(elem) {
		// An array of a domain: read as an array of the base type, then
		// check each element (domain_in for each).
		base, baseMod := s.baseTypeAndMod(elem, -1)
		baseArr := s.arrayOf(base)
		if baseArr == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cannot accept a value of type %s", s.typeName(target)), loc)
		}
		arr, err := s.coerceType(e, baseArr, -1, cc, loc)
		if err != nil {
			return nil, err
		}
		check, err := s.domainCheck(&expr.CaseTest{Typ: base, Mod: baseMod}, elem, false)
		if err != nil {
			return nil, err
		}
		out := &expr.ArrayCoerceExpr{Arg: arr, ElemExpr: check, Typ: target, Mod: -1}
		if c, ok := arr.(*expr.Const); ok {
			// A literal is checked now, as array_in runs domain_in on
			// each element while parsing.
			ev, err := expr.Compile(out)
			if err != nil {
				return nil, err
			}
			v, err := ev(&expr.EvalContext{Format: s.format}, nil)
			if err != nil {
				return nil, s.errorAt(err, c.Loc)
			}
			return &expr.Const{Typ: target, Mod: -1, Value: v, Loc: c.Loc}, nil
		}
		return out, nil
	}
	if source == types.OidUnknown {
		switch c := e.(type) {
		case *expr.Const:
			if c.Value.IsNull() {
				return &expr.Const{Typ: target, Mod: -1, Value: types.Null, Loc: c.Loc}, nil
			}
			// The input function gets no typmod, except interval's,
			// whose input rules depend on the declared fields; the
			// caller applies length coercion.
			mod := int32(-1)
			if target == types.OidInterval {
				mod = targetMod
			}
			if target != types.OidRecord && s.isRowType(target) {
				desc := s.rowDesc(target)
				if desc == nil {
					return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cannot accept a value of type %s", s.typeName(target)), c.Loc)
				}
				v, err := types.ParseRecord(c.Value.Text(), desc, s.format)
				if err == nil {
					v, err = s.recordLiteralDomains(v, target, desc)
				}
				if err != nil {
					return nil, s.errorAt(err, c.Loc)
				}
				return &expr.Const{Typ: target, Mod: -1, Value: v, Loc: c.Loc}, nil
			}
			v, err := types.ParseText(target, mod, c.Value.Text(), s.format)
			if err != nil {
				return nil, s.errorAt(err, c.Loc)
			}
			if target == types.OidRegtype {
				// regtypein resolves type modifiers: time(7) warns.
				if w := types.RegtypeInputWarning(c.Value.Text()); w != nil {
					s.warn(w, c.Loc)
				}
			}
			return &expr.Const{Typ: target, Mod: mod, Value: v, Loc: c.Loc}, nil
		case *expr.Param:
			if err := s.setParamType(c.Index, target, c.Loc); err != nil {
				return nil, err
			}
			return &expr.Param{Index: c.Index, Typ: target, Mod: -1, Loc: c.Loc}, nil
		}
		return &expr.CoerceViaIO{Arg: e, Typ: target, Mod: -1, Explicit: cc == ccExplicit}, nil
	}
	if target == types.OidRecord && s.isRowType(source) {
		return e, nil
	}
	if target == types.OidRecordArray && s.isRowType(s.elemOf(source)) {
		return e, nil
	}
	if source == types.OidRecord && s.isRowType(target) {
		return s.coerceRecordToComplex(e, target, cc, loc)
	}
	path, cast := s.findCoercionPathway(target, source, cc)
	switch path {
	case pathRelabel:
		return &expr.RelabelType{Arg: e, Typ: target, Mod: -1, Explicit: cc == ccExplicit}, nil
	case pathFunc:
		f := cast.Func
		s.noteFunc(f)
		args := []expr.Expr{e}
		if len(f.Args) >= 2 {
			args = append(args, &expr.Const{Typ: types.OidInt4, Mod: -1, Value: types.Int(int64(targetMod)), Loc: -1})
		}
		if len(f.Args) >= 3 {
			args = append(args, &expr.Const{Typ: types.OidBool, Mod: -1, Value: types.Bool(cc == ccExplicit), Loc: -1})
		}
		if !f.Implemented() {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cast from %s to %s is not implemented",
				types.FormatType(source, -1), types.FormatType(target, -1)), loc)
		}
		format := expr.CallImplicitCast
		if cc == ccExplicit {
			format = expr.CallExplicitCast
		}
		return &expr.FuncExpr{Func: f, Args: args, Typ: target, Mod: -1, Loc: loc, Format: format}, nil
	case pathViaIO:
		return &expr.CoerceViaIO{Arg: e, Typ: target, Mod: -1, Explicit: cc == ccExplicit}, nil
	case pathArrayCoerce:
		se, te := s.elemOf(source), s.elemOf(target)
		el, err := s.coerceType(&expr.CaseTest{Typ: se, Mod: -1}, te, -1, cc, loc)
		if err != nil {
			return nil, err
		}
		return &expr.ArrayCoerceExpr{Arg: e, ElemExpr: el, Typ: target, Mod: -1}, nil
	}
	return nil, s.errorAt(pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s",
		s.typeName(source), s.typeName(target)), loc)
}

// hasTypmod reports whether typ has a length-coercion function (an
// array's is its element type's, applied to each element).
func hasTypmod(typ uint32) bool {
	if t := types.ByOID(typ); t != nil && t.IsArray() {
		typ = t.Elem
	}
	switch typ {
	case types.OidVarchar, types.OidBpchar, types.OidNumeric, types.OidTimestamp,
		types.OidTimestamptz, types.OidTime, types.OidInterval, types.OidTimetz, types.OidBit, types.OidVarbit:
		return true
	}
	return false
}

// coerceToTarget is coerce_to_target_type: coerceType plus the type
// modifier.
func (s *state) coerceToTarget(e expr.Expr, target uint32, targetMod int32, cc coercionContext, loc int32) (expr.Expr, error) {
	if cc != ccExplicit || e.Type() != types.OidUnknown {
		if !s.canCoerce([]uint32{e.Type()}, []uint32{target}, cc) {
			return nil, s.errorAt(pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s",
				s.typeName(e.Type()), s.typeName(target)), loc)
		}
	}
	out, err := s.coerceType(e, target, targetMod, cc, loc)
	if err != nil {
		return nil, err
	}
	if targetMod >= 0 && hasTypmod(target) && out.Typmod() != targetMod {
		out = &expr.CoerceToTypmod{Arg: out, Mod: targetMod, Explicit: cc == ccExplicit}
	}
	return out, nil
}

// coerceToBoolean is coerce_to_boolean: the argument of WHERE, AND, CASE
// WHEN ... must be boolean.
func (s *state) coerceToBoolean(e expr.Expr, construct string) (expr.Expr, error) {
	if e.Type() == types.OidBool {
		return e, nil
	}
	if s.canCoerce([]uint32{e.Type()}, []uint32{types.OidBool}, ccAssignment) {
		return s.coerceType(e, types.OidBool, -1, ccAssignment, expr.Location(e))
	}
	return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
		construct, "boolean", types.FormatType(e.Type(), -1)), expr.Location(e))
}

// selectCommonType is select_common_type. construct names the SQL
// construct in errors ("CASE", "COALESCE", ...); with noError it returns
// 0 instead of failing.
func (s *state) selectCommonType(es []expr.Expr, construct string, noError bool) (uint32, error) {
	ptype := es[0].Type()
	if ptype != types.OidUnknown {
		same := true
		for _, e := range es[1:] {
			if e.Type() != ptype {
				same = false
				break
			}
		}
		if same {
			return ptype, nil
		}
	}
	// Otherwise domains count as their base types.
	ptype = s.baseType(ptype)
	for _, e := range es[1:] {
		n := s.baseType(e.Type())
		if n == types.OidUnknown || n == ptype {
			continue
		}
		if ptype == types.OidUnknown {
			ptype = n
			continue
		}
		if s.category(n) != s.category(ptype) {
			if noError {
				return 0, nil
			}
			return 0, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched",
				construct, types.FormatType(ptype, -1), types.FormatType(n, -1)), expr.Location(e))
		}
		if !s.preferred(ptype) && s.canCoerce([]uint32{ptype}, []uint32{n}, ccImplicit) && !s.canCoerce([]uint32{n}, []uint32{ptype}, ccImplicit) {
			ptype = n
		}
	}
	if ptype == types.OidUnknown {
		ptype = types.OidText
	}
	return ptype, nil
}

// coerceToCommon is coerce_to_common_type.
func (s *state) coerceToCommon(e expr.Expr, target uint32, construct string) (expr.Expr, error) {
	if e.Type() == target {
		return e, nil
	}
	if !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccImplicit) {
		return nil, s.errorAt(pgerr.Newf(pgerr.CannotCoerce, "%s could not convert type %s to %s",
			construct, types.FormatType(e.Type(), -1), types.FormatType(target, -1)), expr.Location(e))
	}
	return s.coerceType(e, target, -1, ccImplicit, expr.Location(e))
}
