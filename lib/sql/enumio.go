// This file gives lib/types the catalog's knowledge of the types users
// created (types.UserTypes): enum_in over the pg_enum cache, with
// PostgreSQL 15's refusal of labels added by the current transaction, and
// the element and base types of array types and domains.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxEnumLabelLen is NAMEDATALEN - 1: the longest enum label.
const maxEnumLabelLen = 63

func (n names) UserType(oid uint32) (kind byte, elem uint32, base uint32) {
	if oid < catalog.FirstNormalOID {
		return 0, 0, 0
	}
	s := n.s
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil || t == nil {
		return 0, 0, 0
	}
	if t.Elem != 0 && t.Len == -1 {
		elem = t.Elem
	}
	return t.TypType, elem, t.BaseType
}

func (n names) EnumLabel(typ uint32, label string) (*types.EnumLabel, error) {
	s := n.s
	labels, err := s.cache.EnumLabels(s, typ)
	if err != nil {
		return nil, err
	}
	for _, l := range labels {
		if l.Label == label {
			if err := n.checkSafeEnumUse(l); err != nil {
				return nil, err
			}
			return l, nil
		}
	}
	return nil, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input value for enum %s: \"%s\"", n.typeName(typ), label)
}

// checkSafeEnumUse is check_safe_enum_use: a label that the current
// transaction added to an enum type may not be used before it commits.
func (n names) checkSafeEnumUse(l *types.EnumLabel) error {
	if !n.s.cache.EnumUncommitted(l.OID) {
		return nil
	}
	return pgerr.Newf(pgerr.UnsafeNewEnumValueUsage, "unsafe use of new value \"%s\" of enum type %s", l.Label, n.typeName(l.Type)).
		WithHint("New enum values must be committed before they can be used.")
}

// typeName is format_type_be.
func (n names) typeName(oid uint32) string {
	name, err := n.FormatType(oid, -1)
	if err != nil {
		return types.FormatType(oid, -1)
	}
	return name
}

func (l *lazyNames) UserType(oid uint32) (kind byte, elem uint32, base uint32) {
	if n := l.get(); n != nil {
		return n.UserType(oid)
	}
	return 0, 0, 0
}

func (l *lazyNames) EnumLabel(typ uint32, label string) (*types.EnumLabel, error) {
	if n := l.get(); n != nil {
		return n.EnumLabel(typ, label)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "values of type %s cannot be read in this session", types.FormatType(typ, -1))
}

func (n names) EnumLabels(typ uint32) ([]*types.EnumLabel, error) {
	return n.s.cache.EnumLabels(n.s, typ)
}

func (n names) CheckEnumSafe(l *types.EnumLabel) error { return n.checkSafeEnumUse(l) }

func (l *lazyNames) EnumLabels(typ uint32) ([]*types.EnumLabel, error) {
	if n := l.get(); n != nil {
		return n.EnumLabels(typ)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "values of type %s cannot be read in this session", types.FormatType(typ, -1))
}

func (l *lazyNames) CheckEnumSafe(e *types.EnumLabel) error {
	if n := l.get(); n != nil {
		return n.CheckEnumSafe(e)
	}
	return nil
}

// storedExprFormat is the format stored expressions (column defaults)
// are deparsed with: PostgreSQL's defaults, and the names of the types
// users created so that their casts read back (a regclass constant keeps
// its OID, as Deparse writes it).
func (s *sqlCtx) storedExprFormat() *types.FormatOptions {
	o := types.DefaultFormatOptions()
	if s.hasStorage() {
		o.Names = userTypeNames{names{s}}
	}
	return o
}

// userTypeNames answers only the names of types users created.
type userTypeNames struct{ n names }

func (u userTypeNames) RegName(typ, oid uint32) (string, bool) {
	if typ != types.OidRegtype || oid < catalog.FirstNormalOID {
		return "", false
	}
	return u.n.RegName(typ, oid)
}

func (u userTypeNames) RegOid(typ uint32, name string) (uint32, error) { return u.n.RegOid(typ, name) }

// wireColumns describes result columns as PostgreSQL's RowDescription
// does: a column of a domain has its base type and typmod
// (getBaseTypeAndTypmod in printtup.c).
func (s *sqlCtx) wireColumns(cols []Column) []Column {
	for i := range cols {
		c := &cols[i]
		for depth := 0; depth < 64 && (c.TypeOID >= catalog.FirstNormalOID && s.hasStorage() || catalog.IsBuiltinDomain(c.TypeOID)); depth++ {
			t, err := s.cache.TypeByOID(s, c.TypeOID)
			if err != nil || t == nil || t.TypType != 'd' {
				break
			}
			c.TypeOID, c.TypeMod = t.BaseType, t.TypMod
			if bt := types.ByOID(c.TypeOID); bt != nil {
				c.TypeLen = bt.Len
			}
		}
	}
	return cols
}

func (n names) RowDesc(typ uint32) (*types.RowDesc, error) { return n.s.syscache().RowDesc(typ) }

func (l *lazyNames) RowDesc(typ uint32) (*types.RowDesc, error) {
	if n := l.get(); n != nil {
		return n.RowDesc(typ)
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "values of type %s cannot be read in this session", types.FormatType(typ, -1))
}
