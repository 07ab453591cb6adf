// This file executes CREATE TYPE ... AS ENUM, ALTER TYPE (ADD VALUE,
// RENAME VALUE, RENAME TO, OWNER TO, SET SCHEMA) and DROP TYPE
// (PostgreSQL's typecmds.c DefineEnum/AlterEnum/RenameType/
// AlterTypeOwner/AlterTypeNamespace and catalog/pg_enum.c): the pg_type
// rows of the type and its array type, the pg_enum rows of its labels
// with PostgreSQL's OIDs and sort orders, and their dependencies.

package sql

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// The enum and shell type I/O functions of pg_proc.
const (
	procEnumIn    uint32 = 3506
	procEnumOut   uint32 = 3507
	procEnumRecv  uint32 = 3532
	procEnumSend  uint32 = 3533
	procShellIn   uint32 = 2398
	procShellOut  uint32 = 2399
	pgEnumRelOID  uint32 = 3501
	pgTypeRelOID  uint32 = 1247
	typNameMaxLen        = 63
)

// columnType is the type of a new column: lib/types' description of a
// built-in type, or for an enum type the description of its stored form
// (the label's OID: 4 bytes, by value, int-aligned), for a composite
// type and an array of a composite or enum type a variable-length type;
// nil for a type that cannot be a column's yet.
func (s *sqlCtx) columnType(typ uint32) *types.Type {
	if t := types.ByOID(typ); t != nil {
		return t
	}
	t, err := s.cache.TypeByOID(s, typ)
	if err != nil || t == nil {
		return nil
	}
	if t.TypType == 'd' {
		// A domain is stored as its base type.
		b := s.columnType(t.BaseType)
		if b == nil {
			return nil
		}
		d := *b
		d.OID, d.Name, d.Array = t.OID, t.Name, t.Array
		return &d
	}
	switch {
	case t.TypType == 'e':
		return &types.Type{OID: t.OID, Name: t.Name, Len: 4, ByVal: true, Align: 'i', Category: types.Category('E'), Array: t.Array}
	case t.TypType == 'c':
		// Stored by its physical attributes (compositestore.go).
		return &types.Type{OID: t.OID, Name: t.Name, Len: -1, Align: t.Align, Category: types.Category('C'), Array: t.Array}
	case t.Elem != 0 && t.Len == -1:
		// An array of a composite or enum type, stored as
		// compositestore.go stores them.
		if e, err := s.cache.TypeByOID(s, t.Elem); err != nil || e == nil || e.TypType != 'c' && e.TypType != 'e' {
			return nil
		}
		return &types.Type{OID: t.OID, Name: t.Name, Len: -1, Align: t.Align, Category: types.CatArray, Elem: t.Elem}
	}
	return nil
}

// typeNamespaceAndName resolves the schema of a name to create:
// qualified names their schema, others the creation namespace.
func (s *sqlCtx) typeNamespaceAndName(names []string) (uint32, string, error) {
	name := names[len(names)-1]
	if len(names) > 3 {
		return 0, "", pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
	}
	if len(names) == 3 {
		return 0, "", pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: %s", strings.Join(names, "."))
	}
	if len(names) == 2 {
		nsp, err := s.cache.NamespaceOID(s, names[0])
		if err != nil {
			return 0, "", err
		}
		if nsp == 0 {
			return 0, "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[0])
		}
		return nsp, name, nil
	}
	nsp, err := s.creationNamespace()
	return nsp, name, err
}

// lookupTypeOID finds the type a DDL statement names (LookupTypeName):
// qualified names in their schema, others on the search path with
// pg_catalog first. It returns 0 when there is no such type.
func (s *sqlCtx) lookupTypeOID(names []string) (uint32, error) {
	if len(names) == 2 {
		nsp, err := s.cache.NamespaceOID(s, names[0])
		if err != nil {
			return 0, err
		}
		if nsp == 0 {
			return 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[0])
		}
		return s.cache.TypeOID(s, nsp, names[1])
	}
	if len(names) != 1 {
		return 0, pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
	}
	if t := types.ByName(names[0]); t != nil {
		return t.OID, nil
	}
	path, err := s.searchPath()
	if err != nil {
		return 0, err
	}
	for _, nsp := range append([]uint32{catalog.PgCatalogNamespace}, path...) {
		o, err := s.cache.TypeOID(s, nsp, names[0])
		if err != nil || o != 0 {
			return o, err
		}
	}
	return 0, nil
}

// typeNameOf returns a TypeName node's names and the node.
func typeNameOf(tn *pg_query.TypeName) ([]string, *pg_query.TypeName) {
	return nameListOf(tn.Names), tn
}

// typeNameString spells a TypeName node's names, with [] for array
// bounds, as "does not exist" messages quote it.
func typeNameString(tn *pg_query.TypeName) string {
	full := strings.Join(nameListOf(tn.Names), ".")
	if len(tn.ArrayBounds) > 0 {
		full += "[]"
	}
	return full
}

// lockTypeName serializes creations of types with the same name, standing
// in for pg_type's unique index on (typname, typnamespace).
func (s *sqlCtx) lockTypeName(nsp uint32, name string) error {
	return s.lockName(nsp, name)
}

// makeArrayTypeName is makeArrayTypeName: "_" and the name, with more
// underscores in front while the name is taken, truncated to 63 bytes.
func (s *sqlCtx) makeArrayTypeName(nsp uint32, name string) (string, error) {
	arrayName := "_" + name
	for {
		if len(arrayName) > typNameMaxLen {
			arrayName = arrayName[:typNameMaxLen]
		}
		o, err := s.cache.TypeOID(s, nsp, arrayName)
		if err != nil {
			return "", err
		}
		if o == 0 {
			return arrayName, nil
		}
		if len(arrayName) >= typNameMaxLen && strings.Trim(arrayName, "_") == "" {
			return "", pgerr.Newf(pgerr.DuplicateObject, "could not form array type name for type \"%s\"", name)
		}
		arrayName = "_" + arrayName
	}
}

// typeRowFor builds a pg_type row with the columns every type shares.
func typeRowFor(oid uint32, name string, nsp, owner uint32) *catalogRow {
	return newCatalogRow(catalog.Lookup("pg_type")).set("oid", oidD(oid)).set("typname", types.Text(name)).
		set("typnamespace", oidD(nsp)).set("typowner", oidD(owner)).set("typispreferred", types.Bool(false)).
		set("typisdefined", types.Bool(true)).set("typdelim", charD(',')).set("typrelid", oidD(0)).
		set("typmodin", oidD(0)).set("typmodout", oidD(0)).set("typnotnull", types.Bool(false)).
		set("typbasetype", oidD(0)).set("typtypmod", types.Int(-1)).set("typndims", types.Int(0)).
		set("typcollation", oidD(0))
}

// arrayTypeRow is the pg_type row of the array type of elem.
func arrayTypeRow(oid uint32, name string, nsp, owner, elem uint32, align byte) *catalogRow {
	return typeRowFor(oid, name, nsp, owner).set("typlen", types.Int(-1)).set("typbyval", types.Bool(false)).
		set("typtype", charD('b')).set("typcategory", charD('A')).set("typsubscript", oidD(procArraySubscr)).
		set("typelem", oidD(elem)).set("typarray", oidD(0)).set("typinput", oidD(procArrayIn)).
		set("typoutput", oidD(procArrayOut)).set("typreceive", oidD(procArrayRecv)).set("typsend", oidD(procArraySend)).
		set("typanalyze", oidD(procArrayAnalyze)).set("typalign", charD(align)).set("typstorage", charD('x'))
}

// createEnum is DefineEnum.
func (s *sqlCtx) createEnum(ce *pg_query.CreateEnumStmt) (string, error) {
	nsp, name, err := s.typeNamespaceAndName(nameListOf(ce.TypeName))
	if err != nil {
		return "", err
	}
	var labels []string
	for _, v := range ce.Vals {
		labels = append(labels, v.GetString_().GetSval())
	}
	if err := s.lockTypeName(nsp, name); err != nil {
		return "", err
	}
	if o, shell, err := s.existingType(nsp, name); err != nil {
		return "", err
	} else if o != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	// The array type's OID is taken first (AssignTypeArrayOid), then the
	// type's (a shell type's, when it fills one in), then the labels'.
	arrayOID, err := s.newOID()
	if err != nil {
		return "", err
	}
	typeOID, err := s.newTypeOID(nsp, name)
	if err != nil {
		return "", err
	}
	arrayName, err := s.makeArrayTypeName(nsp, name)
	if err != nil {
		return "", err
	}
	row := typeRowFor(typeOID, name, nsp, owner).set("typlen", types.Int(4)).set("typbyval", types.Bool(true)).
		set("typtype", charD('e')).set("typcategory", charD('E')).set("typsubscript", oidD(0)).
		set("typelem", oidD(0)).set("typarray", oidD(arrayOID)).set("typinput", oidD(procEnumIn)).
		set("typoutput", oidD(procEnumOut)).set("typreceive", oidD(procEnumRecv)).set("typsend", oidD(procEnumSend)).
		set("typanalyze", oidD(0)).set("typalign", charD('i')).set("typstorage", charD('p'))
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	if err := s.insertEnumLabels(typeOID, labels); err != nil {
		return "", err
	}
	if err := s.insertCatalog(arrayTypeRow(arrayOID, arrayName, nsp, owner, typeOID, 'i')); err != nil {
		return "", err
	}
	s.cache.InvalidateType(typeOID, nsp, name)
	s.cache.InvalidateType(arrayOID, nsp, arrayName)
	err = s.recordDependencies([]dependency{
		{typeAddress(typeOID), namespaceAddress(nsp), depNormal},
		{typeAddress(arrayOID), typeAddress(typeOID), depInternal},
	})
	return "CREATE TYPE", err
}

// checkEnumLabel refuses labels longer than NAMEDATALEN - 1 bytes.
func checkEnumLabel(label string) error {
	if len(label) > maxEnumLabelLen {
		return pgerr.Newf(pgerr.InvalidName, "invalid enum label \"%s\"", label).
			WithDetail("Labels must be %d bytes or less.", maxEnumLabelLen)
	}
	return nil
}

// insertEnumLabels is EnumValuesCreate: the labels in order, sort orders
// 1, 2, ..., with even OIDs in ascending order (so that PostgreSQL's
// comparison may compare them directly).
func (s *sqlCtx) insertEnumLabels(typ uint32, labels []string) error {
	seen := map[string]bool{}
	for _, l := range labels {
		if err := checkEnumLabel(l); err != nil {
			return err
		}
	}
	oids := make([]uint32, len(labels))
	for i := range labels {
		for {
			o, err := s.newOID()
			if err != nil {
				return err
			}
			if o&1 == 0 {
				oids[i] = o
				break
			}
		}
	}
	for i, l := range labels {
		if seen[l] {
			return pgerr.Newf(pgerr.UniqueViolation, "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"").
				WithDetail("Key (enumtypid, enumlabel)=(%d, %s) already exists.", typ, l)
		}
		seen[l] = true
		if err := s.insertEnumRow(oids[i], typ, float32(i+1), l); err != nil {
			return err
		}
	}
	return nil
}

func (s *sqlCtx) insertEnumRow(oid, typ uint32, sort float32, label string) error {
	row := newCatalogRow(catalog.Lookup("pg_enum")).set("oid", oidD(oid)).set("enumtypid", oidD(typ)).
		set("enumsortorder", types.Float4(sort)).set("enumlabel", types.Text(label))
	return s.insertCatalog(row)
}

// enumTypeFor resolves the type an ALTER TYPE names and checks it is an
// enum type the current user may change.
func (s *sqlCtx) enumTypeFor(names []string) (*catalog.Type, error) {
	t, err := s.typeFor(names, nil)
	if err != nil {
		return nil, err
	}
	if t.TypType != 'e' {
		return nil, pgerr.Newf(pgerr.WrongObjectType, "%s is not an enum", s.typeName(t.OID, -1))
	}
	return t, nil
}

// typeFor resolves the type named by names (with [] when isArray says
// so), failing when there is none or it is a shell type
// (typenameTypeId).
func (s *sqlCtx) typeFor(names []string, tn *pg_query.TypeName) (*catalog.Type, error) {
	t, err := s.typeOrShellFor(names, tn)
	if err == nil && t.Shell {
		return nil, types.ErrShellType(strings.Join(names, "."))
	}
	return t, err
}

// typeOrShellFor is typeFor accepting shell types too, for the commands
// that work on them (LookupTypeName): COMMENT and ALTER TYPE OWNER.
func (s *sqlCtx) typeOrShellFor(names []string, tn *pg_query.TypeName) (*catalog.Type, error) {
	full := strings.Join(names, ".")
	oid, err := s.lookupTypeOID(names)
	if err != nil {
		return nil, err
	}
	if oid != 0 && tn != nil && len(tn.ArrayBounds) > 0 {
		t, err := s.cache.TypeByOID(s, oid)
		if err != nil {
			return nil, err
		}
		oid, full = t.Array, full+"[]"
	}
	if oid == 0 {
		return nil, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", full)
	}
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", full)
	}
	if err := s.lockType(oid); err != nil {
		return nil, err
	}
	return t, nil
}

// alterEnum is AlterEnum: ADD VALUE [IF NOT EXISTS] [BEFORE|AFTER] or
// RENAME VALUE.
func (s *sqlCtx) alterEnum(ae *pg_query.AlterEnumStmt) (string, error) {
	t, err := s.enumTypeFor(nameListOf(ae.TypeName))
	if err != nil {
		return "", err
	}
	labels, err := s.cache.EnumLabels(s, t.OID)
	if err != nil {
		return "", err
	}
	find := func(label string) int {
		for i, l := range labels {
			if l.Label == label {
				return i
			}
		}
		return -1
	}
	if ae.OldVal != "" {
		// RENAME VALUE.
		i := find(ae.OldVal)
		if i < 0 {
			return "", pgerr.Newf(pgerr.InvalidParameterValue, "\"%s\" is not an existing enum label", ae.OldVal)
		}
		if find(ae.NewVal) >= 0 {
			return "", pgerr.Newf(pgerr.DuplicateObject, "enum label \"%s\" already exists", ae.NewVal)
		}
		if err := checkEnumLabel(ae.NewVal); err != nil {
			return "", err
		}
		if err := s.updateEnumRow(labels[i].OID, func(sort *float32, label *string) { *label = ae.NewVal }); err != nil {
			return "", err
		}
		s.cache.InvalidateType(t.OID, t.Namespace, t.Name)
		return "ALTER TYPE", nil
	}
	if err := checkEnumLabel(ae.NewVal); err != nil {
		return "", err
	}
	if find(ae.NewVal) >= 0 {
		if ae.SkipIfNewValExists {
			s.notice(pgerr.Newf(pgerr.DuplicateObject, "enum label \"%s\" already exists, skipping", ae.NewVal))
			return "ALTER TYPE", nil
		}
		return "", pgerr.Newf(pgerr.DuplicateObject, "enum label \"%s\" already exists", ae.NewVal)
	}
	var sort float32
	switch {
	case ae.NewValNeighbor == "":
		sort = 1
		if len(labels) > 0 {
			sort = labels[len(labels)-1].Sort + 1
		}
	default:
		nbr := find(ae.NewValNeighbor)
		if nbr < 0 {
			return "", pgerr.Newf(pgerr.InvalidParameterValue, "\"%s\" is not an existing enum label", ae.NewValNeighbor)
		}
		for {
			other := nbr - 1
			if ae.NewValIsAfter {
				other = nbr + 1
			}
			if other < 0 || other >= len(labels) {
				if ae.NewValIsAfter {
					sort = labels[nbr].Sort + 1
				} else {
					sort = labels[nbr].Sort - 1
				}
				break
			}
			sort = (labels[nbr].Sort + labels[other].Sort) / 2
			if sort != labels[nbr].Sort && sort != labels[other].Sort {
				break
			}
			// No float4 between the neighbours: renumber the labels
			// 1, 2, ... (RenumberEnumType) and try again.
			if labels, err = s.renumberEnum(t, labels); err != nil {
				return "", err
			}
		}
	}
	oid, err := s.newEnumOID(labels, sort)
	if err != nil {
		return "", err
	}
	if err := s.insertEnumRow(oid, t.OID, sort, ae.NewVal); err != nil {
		return "", err
	}
	s.cache.NoteUncommittedEnum(oid)
	s.cache.InvalidateType(t.OID, t.Namespace, t.Name)
	return "ALTER TYPE", nil
}

// newEnumOID is AddEnumLabel's choice of OID: an even OID when it sorts
// correctly against the existing even OIDs, else an odd one that does not.
func (s *sqlCtx) newEnumOID(labels []*types.EnumLabel, sort float32) (uint32, error) {
	for tries := 0; ; tries++ {
		if tries%1024 == 1023 {
			if err := s.ctx.Err(); err != nil {
				return 0, err
			}
		}
		o, err := s.newOID()
		if err != nil {
			return 0, err
		}
		ok := true
		for _, l := range labels {
			if l.OID&1 != 0 {
				continue
			}
			if l.Sort < sort && l.OID >= o || l.Sort >= sort && l.OID <= o {
				ok = false
				break
			}
		}
		if ok == (o&1 == 0) {
			return o, nil
		}
	}
}

// renumberEnum is RenumberEnumType: sort orders 1, 2, ... in the current
// order, seen by the rest of the command.
func (s *sqlCtx) renumberEnum(t *catalog.Type, labels []*types.EnumLabel) ([]*types.EnumLabel, error) {
	out := make([]*types.EnumLabel, len(labels))
	for i := len(labels) - 1; i >= 0; i-- {
		l := *labels[i]
		l.Sort = float32(i + 1)
		out[i] = &l
		if err := s.updateEnumRow(l.OID, func(sort *float32, _ *string) { *sort = l.Sort }); err != nil {
			return nil, err
		}
	}
	s.cache.InvalidateType(t.OID, t.Namespace, t.Name)
	s.nextCommand()
	return out, nil
}

func (s *sqlCtx) updateEnumRow(oid uint32, change func(sort *float32, label *string)) error {
	c := catalog.Lookup("pg_enum")
	iOID, iSort, iLabel := c.Column("oid"), c.Column("enumsortorder"), c.Column("enumlabel")
	return s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }, func(r []types.Datum) {
		sort, label := r[iSort].Float4(), r[iLabel].Text()
		change(&sort, &label)
		r[iSort], r[iLabel] = types.Float4(sort), types.Text(label)
	})
}

// dropTypes is RemoveObjects for DROP TYPE and DROP DOMAIN.
func (s *sqlCtx) dropTypes(ds *pg_query.DropStmt, domain bool) (string, error) {
	tag, word := "DROP TYPE", "type"
	if domain {
		tag = "DROP DOMAIN"
	}
	var targets []objectAddress
	for _, obj := range ds.Objects {
		tn := obj.GetTypeName()
		names, full := nameListOf(tn.Names), typeNameString(tn)
		if len(names) == 2 {
			nsp, err := s.cache.NamespaceOID(s, names[0])
			if err != nil {
				return "", err
			}
			if nsp == 0 && ds.MissingOk {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", names[0]))
				continue
			}
		}
		oid, err := s.lookupTypeOID(names)
		if err != nil {
			return "", err
		}
		if oid != 0 && len(tn.ArrayBounds) > 0 {
			t, err := s.cache.TypeByOID(s, oid)
			if err != nil {
				return "", err
			}
			oid = t.Array
		}
		if oid == 0 {
			if ds.MissingOk {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "%s \"%s\" does not exist, skipping", word, full))
				continue
			}
			return "", pgerr.Newf(pgerr.UndefinedObject, "%s \"%s\" does not exist", word, full)
		}
		t, err := s.cache.TypeByOID(s, oid)
		if err != nil {
			return "", err
		}
		if domain && t.TypType != 'd' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a domain", full)
		}
		if err := s.lockType(oid); err != nil {
			return "", err
		}
		if isPinned(typeAddress(oid)) {
			return "", pgerr.Newf(pgerr.DependentObjectsStillExist, "cannot drop type %s because it is required by the database system", s.typeName(oid, -1))
		}
		targets = append(targets, typeAddress(oid))
	}
	if len(targets) > 0 {
		if err := s.performDeletion(targets, ds.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
			return "", err
		}
	}
	return tag, nil
}

// deleteEnumLabels is EnumValuesDelete.
func (s *sqlCtx) deleteEnumLabels(typ uint32) error {
	c := catalog.Lookup("pg_enum")
	iTyp := c.Column("enumtypid")
	return s.deleteCatalogRows(c, func(r []types.Datum) bool { return uint32(r[iTyp].Int()) == typ })
}

// renameType is RenameType (ALTER TYPE/DOMAIN ... RENAME TO), renaming
// the array type along (renameTypeInternal).
func (s *sqlCtx) renameType(rs *pg_query.RenameStmt) (string, error) {
	tag := "ALTER TYPE"
	if rs.RenameType == pg_query.ObjectType_OBJECT_DOMAIN {
		tag = "ALTER DOMAIN"
	}
	names := nameListOf(rs.Object.GetList().GetItems())
	t, err := s.typeFor(names, nil)
	if err != nil {
		return "", err
	}
	if err := s.checkTypeAlterable(t, rs.RenameType == pg_query.ObjectType_OBJECT_DOMAIN); err != nil {
		return "", err
	}
	if err := s.lockTypeName(t.Namespace, rs.Newname); err != nil {
		return "", err
	}
	if rel, err := s.compositeRelation(t); err != nil {
		return "", err
	} else if rel != nil {
		// A composite type's pg_class row is renamed along, as
		// RenameRelationInternal does.
		return tag, s.renameRelation(rel, rs.Newname)
	}
	if o, err := s.cache.TypeOID(s, t.Namespace, rs.Newname); err != nil {
		return "", err
	} else if o != 0 {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", rs.Newname)
	}
	if err := s.updateTypeRow(t, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typname")] = types.Text(rs.Newname) }); err != nil {
		return "", err
	}
	s.cache.InvalidateType(t.OID, t.Namespace, t.Name)
	s.cache.InvalidateType(t.OID, t.Namespace, rs.Newname)
	if t.Array != 0 {
		arr, err := s.cache.TypeByOID(s, t.Array)
		if err != nil {
			return "", err
		}
		s.nextCommand()
		arrayName, err := s.makeArrayTypeName(t.Namespace, rs.Newname)
		if err != nil {
			return "", err
		}
		if err := s.updateTypeRow(arr, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typname")] = types.Text(arrayName) }); err != nil {
			return "", err
		}
		s.cache.InvalidateType(arr.OID, arr.Namespace, arr.Name)
		s.cache.InvalidateType(arr.OID, arr.Namespace, arrayName)
	}
	return tag, nil
}

// checkTypeAlterable refuses what ALTER TYPE/DOMAIN may not change: an
// array type, a table's row type, and a non-domain under ALTER DOMAIN.
func (s *sqlCtx) checkTypeAlterable(t *catalog.Type, domain bool) error {
	if domain && t.TypType != 'd' {
		return pgerr.Newf(pgerr.WrongObjectType, "%s is not a domain", s.typeName(t.OID, -1))
	}
	if t.TypType == 'c' && t.RelID != 0 {
		if rel, err := s.compositeRelation(t); err != nil || rel != nil {
			return err
		}
		return pgerr.Newf(pgerr.WrongObjectType, "%s is a table's row type", s.typeName(t.OID, -1)).
			WithHint("Use ALTER TABLE instead.")
	}
	if t.Category == 'A' && t.Elem != 0 && t.Len == -1 {
		e, _ := s.cache.TypeByOID(s, t.Elem)
		hint := ""
		if e != nil {
			hint = s.typeName(e.OID, -1)
		}
		return pgerr.Newf(pgerr.WrongObjectType, "cannot alter array type %s", s.typeName(t.OID, -1)).
			WithHint("You can alter type %s, which will alter the array type as well.", hint)
	}
	if t.OID < catalog.FirstNormalOID {
		return pgerr.Newf(pgerr.InsufficientPrivilege, "must be owner of type %s", s.typeName(t.OID, -1))
	}
	return nil
}

// updateTypeRow changes the pg_type row of t.
func (s *sqlCtx) updateTypeRow(t *catalog.Type, change func(r []types.Datum, c *catalog.Catalog)) error {
	c := catalog.Lookup("pg_type")
	iOID := c.Column("oid")
	return s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == t.OID },
		func(r []types.Datum) { change(r, c) })
}

// alterTypeOwner is AlterTypeOwner for ALTER TYPE/DOMAIN ... OWNER TO.
func (s *sqlCtx) alterTypeOwner(as *pg_query.AlterOwnerStmt) (string, error) {
	domain := as.ObjectType == pg_query.ObjectType_OBJECT_DOMAIN
	tag := "ALTER TYPE"
	if domain {
		tag = "ALTER DOMAIN"
	}
	names := nameListOf(as.Object.GetList().GetItems())
	t, err := s.typeOrShellFor(names, nil)
	if err != nil {
		return "", err
	}
	if err := s.checkTypeAlterable(t, domain); err != nil {
		return "", err
	}
	owner, _, err := s.roleOID(as.Newowner)
	if err != nil {
		return "", err
	}
	if rel, err := s.compositeRelation(t); err != nil {
		return "", err
	} else if rel != nil {
		return tag, s.changeRelationOwner(rel, owner)
	}
	for _, oid := range []uint32{t.OID, t.Array} {
		if oid == 0 {
			continue
		}
		tt, err := s.cache.TypeByOID(s, oid)
		if err != nil {
			return "", err
		}
		if err := s.updateTypeRow(tt, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typowner")] = oidD(owner) }); err != nil {
			return "", err
		}
		s.cache.InvalidateType(tt.OID, tt.Namespace, tt.Name)
	}
	return tag, nil
}

// alterTypeSchema is AlterTypeNamespace for ALTER TYPE/DOMAIN ... SET
// SCHEMA, moving the array type along.
func (s *sqlCtx) alterTypeSchema(as *pg_query.AlterObjectSchemaStmt) (string, error) {
	domain := as.ObjectType == pg_query.ObjectType_OBJECT_DOMAIN
	tag := "ALTER TYPE"
	if domain {
		tag = "ALTER DOMAIN"
	}
	names := nameListOf(as.Object.GetList().GetItems())
	t, err := s.typeFor(names, nil)
	if err != nil {
		return "", err
	}
	if err := s.checkTypeAlterable(t, domain); err != nil {
		return "", err
	}
	nsp, err := s.cache.NamespaceOID(s, as.Newschema)
	if err != nil {
		return "", err
	}
	if nsp == 0 && as.Newschema != tempSearchName {
		return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", as.Newschema)
	}
	if nsp == t.Namespace {
		return tag, nil
	}
	if err := s.checkNotTempMove(t.Namespace, nsp, as.Newschema); err != nil {
		return "", err
	}
	if nsp == catalog.PgToastNamespace || nsp == catalog.PgCatalogNamespace {
		return "", pgerr.New(pgerr.WrongObjectType, "cannot move objects into or out of system schemas")
	}
	rel, err := s.compositeRelation(t)
	if err != nil {
		return "", err
	}
	for _, oid := range []uint32{t.OID, t.Array} {
		if oid == 0 {
			continue
		}
		tt, err := s.cache.TypeByOID(s, oid)
		if err != nil {
			return "", err
		}
		if o, err := s.cache.TypeOID(s, nsp, tt.Name); err != nil {
			return "", err
		} else if o != 0 {
			nspName, _, _ := s.cache.NamespaceName(s, nsp)
			return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists in schema \"%s\"", tt.Name, nspName)
		}
		if err := s.updateTypeRow(tt, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("typnamespace")] = oidD(nsp) }); err != nil {
			return "", err
		}
		s.cache.InvalidateType(tt.OID, t.Namespace, tt.Name)
		s.cache.InvalidateType(tt.OID, nsp, tt.Name)
	}
	if err := s.changeDependencyTarget(typeAddress(t.OID), catalog.NamespaceRelationID, t.Namespace, nsp); err != nil {
		return "", err
	}
	if rel != nil {
		// A composite type's pg_class row moves along.
		if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relnamespace")] = oidD(nsp) }); err != nil {
			return "", err
		}
		s.cache.InvalidateClassName(rel.Namespace, rel.Name)
		s.cache.InvalidateClassName(nsp, rel.Name)
		s.cache.InvalidateRelation(rel.OID, false)
	}
	return tag, nil
}

// compositeRelation returns the pg_class row of composite type t (relkind
// 'c'), nil when t is no composite type or a relation's row type.
func (s *sqlCtx) compositeRelation(t *catalog.Type) (*catalog.Relation, error) {
	if t.TypType != 'c' || t.RelID == 0 {
		return nil, nil
	}
	rel, err := s.cache.RelationByOID(s, t.RelID)
	if err != nil || rel == nil || rel.Kind != 'c' {
		return nil, err
	}
	return rel, nil
}

// changeDependencyTarget is changeDependencyFor: dep's dependency on the
// object oldRef of class refClass now points at newRef.
func (s *sqlCtx) changeDependencyTarget(dep objectAddress, refClass, oldRef, newRef uint32) error {
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iRefClass, iRefObj := c.Column("classid"), c.Column("objid"), c.Column("refclassid"), c.Column("refobjid")
	match := func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == dep.classID && uint32(r[iObj].Int()) == dep.objID &&
			uint32(r[iRefClass].Int()) == refClass && uint32(r[iRefObj].Int()) == oldRef
	}
	found := false
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		found = found || match(r)
		return !found, nil
	}); err != nil {
		return err
	}
	switch {
	case found && isPinned(objectAddress{refClass, newRef, 0}):
		return s.deleteCatalogRows(c, match)
	case found:
		return s.updateCatalogRow(c, match, func(r []types.Datum) { r[iRefObj] = oidD(newRef) })
	case !isPinned(objectAddress{refClass, newRef, 0}):
		return s.recordDependency(dep, objectAddress{refClass, newRef, 0}, depNormal)
	}
	return nil
}

// lockType takes the AccessExclusiveLock on a type that DDL changing it
// holds until the transaction ends.
func (s *sqlCtx) lockType(oid uint32) error {
	if _, err := s.heap.Locks.LockAcquire(s.ctx, lmgr.ObjectTag(s.db, catalog.TypeRelationID, oid, 0), lmgr.AccessExclusiveLock, false); err != nil {
		return err
	}
	s.cache.Accept()
	return nil
}
