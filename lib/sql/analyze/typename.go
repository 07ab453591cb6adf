// This file resolves the type names written in casts (pg_query TypeName
// nodes) to built-in types and type modifiers.

package analyze

import (
	"errors"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/types"
)

// nameList returns the strings of a list of String nodes.
func nameList(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// typeNameString spells a TypeName as PostgreSQL's error messages quote
// it: the names joined by dots.
func typeNameString(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "."
		}
		out += n
	}
	return out
}

// resolveTypeName is typenameTypeIdAndMod.
func (s *state) resolveTypeName(tn *pg_query.TypeName) (uint32, int32, error) {
	names := nameList(tn.Names)
	loc := tn.Location
	if tn.PctType {
		return 0, 0, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "%TYPE references are not supported"), loc)
	}
	var name string
	if len(names) <= 2 && (len(names) == 1 || names[0] != "pg_catalog") && types.ByName(names[len(names)-1]) == nil || len(names) == 2 && names[0] != "pg_catalog" && names[0] != "public" {
		// A type users created: the row type of a table, view or
		// composite type, found on the search path.
		if oid, err := s.userTypeName(names, len(tn.ArrayBounds) > 0, loc); err != nil || oid != 0 {
			if err == nil && len(tn.ArrayBounds) > 0 {
				if arr := s.arrayOf(oid); arr != 0 {
					s.typeRow(arr) // notes the array type for lib/types (types.ElemType)
					return arr, -1, nil
				}
				err = s.errorAt(notSupported("arrays of this type"), loc)
			}
			return oid, -1, err
		}
	}
	switch len(names) {
	case 1:
		name = names[0]
	case 2:
		if names[0] != "pg_catalog" && names[0] != "public" {
			return 0, 0, s.errorAt(pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[0]), loc)
		}
		name = names[1]
	default:
		return 0, 0, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", typeNameString(names)), loc)
	}
	t := types.ByName(name)
	if t == nil {
		// A type of pg_type that lib/types cannot compute with.
		if row, err := s.syscache().TypeByName(catalog.PgCatalogNamespace, name); err != nil {
			return 0, 0, err
		} else if row != nil && types.ByOID(row.OID) == nil {
			return 0, 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "type %s is not supported yet", s.typeName(row.OID)), loc)
		}
		return 0, 0, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", typeNameString(names)), loc)
	}
	var mods []int32
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil && !c.Isnull {
			if c != nil && c.GetSval() != nil {
				return 0, 0, s.errorAt(pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers"), loc)
			}
			if c == nil {
				return 0, 0, s.errorAt(pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers"), loc)
			}
		}
		if iv := c.GetIval(); iv != nil {
			mods = append(mods, iv.Ival)
		} else {
			mods = append(mods, 0)
		}
	}
	typmod := tn.Typemod
	if len(mods) > 0 {
		var err error
		var warning *pgerr.Error
		if typmod, warning, err = types.MakeTypmod(t.OID, mods); err != nil {
			return 0, 0, s.errorAt(err, loc)
		}
		if warning != nil {
			s.warn(warning, loc)
		}
	}
	oid := t.OID
	if len(tn.ArrayBounds) > 0 {
		if t.Array == 0 {
			return 0, 0, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "type \"%s[]\" does not exist", typeNameString(names)), loc)
		}
		oid = t.Array
	}
	return oid, typmod, nil
}

// userTypeName resolves a type name that is no built-in type through the
// catalog and the search path: 0 when there is no such type.
func (s *state) userTypeName(names []string, arrayBounds bool, loc int32) (uint32, error) {
	if s.format == nil || s.format.Names == nil {
		return 0, nil
	}
	quoted := ""
	for i, n := range names {
		if i > 0 {
			quoted += "."
		}
		quoted += builtins.QuoteIdent(n)
	}
	oid, err := s.format.Names.RegOid(types.OidRegtype, quoted)
	if err != nil {
		var pe *pgerr.Error
		if types.IsShellTypeError(err) && arrayBounds {
			// A shell type has no array type.
			return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "type \"%s[]\" does not exist", typeNameString(names)), loc)
		}
		if errors.As(err, &pe) && pe.Code == pgerr.UndefinedObject && !types.IsShellTypeError(err) {
			return 0, nil
		}
		return 0, s.errorAt(err, loc)
	}
	s.userTypes = true
	if !s.isRowType(oid) && !s.isEnumType(oid) && !s.isEnumType(s.elemOf(oid)) && !s.isDomain(oid) && !s.isDomain(s.elemOf(oid)) {
		return 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "type %s is not supported yet", s.typeName(oid)), loc)
	}
	return oid, nil
}

// isEnumType reports whether typ is an enum type (typtype 'e').
func (s *shared) isEnumType(typ uint32) bool {
	if typ < catalog.FirstNormalOID {
		return false
	}
	t := s.typeRow(typ)
	return t != nil && t.TypType == 'e'
}
