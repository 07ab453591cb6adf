// This file executes CREATE TYPE ... AS (composite types) and the ALTER
// TYPE forms that change a composite type's attributes (PostgreSQL's
// typecmds.c DefineCompositeType and the composite-type paths of
// tablecmds.c): a composite type is a pg_type row of typtype 'c' with a
// pg_class row of relkind 'c' holding its attributes in pg_attribute, as
// a table's row type is, so values of both are read and written by the
// same code (types.Record; catalog.Syscache.RowDesc).
//
// Values of composite columns are stored by the type's physical
// attributes (compositestore.go), so ADD and DROP ATTRIBUTE leave stored
// values readable; changing an attribute's type while a table column
// stores values of the type is refused with
// find_composite_type_dependencies' error, as in PostgreSQL.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// createCompositeType is DefineCompositeType.
func (s *sqlCtx) createCompositeType(st Statement, ct *pg_query.CompositeTypeStmt) (string, error) {
	rv := ct.Typevar
	names := []string{rv.Relname}
	if rv.Schemaname != "" {
		names = []string{rv.Schemaname, rv.Relname}
	}
	if rv.Catalogname != "" {
		names = []string{rv.Catalogname, rv.Schemaname, rv.Relname}
	}
	nsp, name, err := s.typeNamespaceAndName(names)
	if err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		nspName, _, _ := s.cache.NamespaceName(s, nsp)
		return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied to create \"%s.%s\"", nspName, name).
			WithDetail("System catalog modifications are currently disallowed.")
	}
	var cols []columnSpec
	// DefineCompositeType resolves the types without the text.
	s.holdWarnings = true
	defer func() { s.holdWarnings = false; s.warnTypesAgain() }()
	for _, el := range ct.Coldeflist {
		cd := el.GetColumnDef()
		for _, c := range cols {
			if c.name == cd.Colname {
				return "", pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", cd.Colname)
			}
		}
		if _, ok := serialType(cd.TypeName); ok {
			// serial is a column type only in CREATE TABLE.
			return "", pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", typeNameString(cd.TypeName))
		}
		col, _, err := s.columnSpecOf(st.Query, cd, name)
		if err != nil {
			return "", err
		}
		cols = append(cols, col)
	}
	if len(cols) > 1600 {
		return "", pgerr.New(pgerr.TooManyColumns, "tables can have at most 1600 columns")
	}
	if err := s.lockTypeName(nsp, name); err != nil {
		return "", err
	}
	if o, shell, err := s.existingType(nsp, name); err != nil {
		return "", err
	} else if o != 0 && !shell {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	if o, err := s.cache.RelationOID(s, nsp, name); err != nil {
		return "", err
	} else if o != 0 {
		return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", name)
	}
	if _, err := s.heapCreateKind(nsp, name, cols, nil, 'c', false); err != nil {
		return "", err
	}
	return "CREATE TYPE", nil
}

// defineType is DefineType for the forms gpostgres has: CREATE TYPE name
// makes a shell type (TypeShellMake), a placeholder that CREATE TYPE ...
// AS, AS ENUM, CREATE DOMAIN, TABLE or VIEW of the same name fills in.
// Base types (CREATE TYPE name (INPUT = ..., OUTPUT = ...)) need I/O
// functions in C: after PostgreSQL's checks (a superuser, a shell type
// to complete) they are refused with 0A000.
func (s *sqlCtx) defineType(ds *pg_query.DefineStmt) (string, error) {
	if ce, ok := s.env.(CopyEnv); ok && !ce.Superuser() {
		return "", pgerr.New(pgerr.InsufficientPrivilege, "must be superuser to create a base type")
	}
	nsp, name, err := s.typeNamespaceAndName(nameListOf(ds.Defnames))
	if err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		nspName, _, _ := s.cache.NamespaceName(s, nsp)
		return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied for schema %s", nspName)
	}
	if err := s.lockTypeName(nsp, name); err != nil {
		return "", err
	}
	oid, shell, err := s.existingType(nsp, name)
	if err != nil {
		return "", err
	}
	if oid != 0 && (!shell || len(ds.Definition) == 0) {
		return "", pgerr.Newf(pgerr.DuplicateObject, "type \"%s\" already exists", name)
	}
	if len(ds.Definition) > 0 {
		if oid == 0 {
			return "", pgerr.Newf(pgerr.UndefinedObject, "type \"%s\" does not exist", name).
				WithHint("Create the type as a shell type, then create its I/O functions, then do a full CREATE TYPE.")
		}
		return "", pgerr.New(pgerr.FeatureNotSupported, "base types (CREATE TYPE with INPUT and OUTPUT functions) are not supported")
	}
	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	if oid, err = s.newOID(); err != nil {
		return "", err
	}
	row := typeRowFor(oid, name, nsp, owner).set("typlen", types.Int(4)).set("typbyval", types.Bool(true)).
		set("typtype", charD('p')).set("typcategory", charD('P')).set("typisdefined", types.Bool(false)).
		set("typsubscript", oidD(0)).set("typelem", oidD(0)).set("typarray", oidD(0)).
		set("typinput", oidD(procShellIn)).set("typoutput", oidD(procShellOut)).set("typreceive", oidD(0)).
		set("typsend", oidD(0)).set("typanalyze", oidD(0)).set("typalign", charD('i')).set("typstorage", charD('p'))
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	s.cache.InvalidateType(oid, nsp, name)
	return "CREATE TYPE", s.recordDependency(typeAddress(oid), namespaceAddress(nsp), depNormal)
}

// existingType finds the type called name in schema nsp: its OID (0 if
// none) and whether it is a shell type.
func (s *sqlCtx) existingType(nsp uint32, name string) (uint32, bool, error) {
	oid, err := s.cache.TypeOID(s, nsp, name)
	if err != nil || oid == 0 {
		return 0, false, err
	}
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil || t == nil {
		return 0, false, err
	}
	return oid, t.Shell, nil
}

// takeShellType removes the shell type called name in schema nsp, if
// there is one, and returns its OID for the type that fills it in (0 if
// none): PostgreSQL's TypeCreate updates the shell's row, so the type
// keeps the shell's OID, and with it its comment. The callers checked
// under the name's lock that no defined type has the name.
func (s *sqlCtx) takeShellType(nsp uint32, name string) (uint32, error) {
	oid, shell, err := s.existingType(nsp, name)
	if err != nil || oid == 0 || !shell {
		return 0, err
	}
	pt := catalog.Lookup("pg_type")
	iOID := pt.Column("oid")
	if err := s.deleteCatalogRows(pt, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return 0, err
	}
	c := catalog.Lookup("pg_depend")
	iClass, iObj := c.Column("classid"), c.Column("objid")
	if err := s.deleteCatalogRows(c, func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == catalog.TypeRelationID && uint32(r[iObj].Int()) == oid
	}); err != nil {
		return 0, err
	}
	s.cache.InvalidateType(oid, nsp, name)
	s.nextCommand()
	return oid, nil
}

// newTypeOID is the OID of a new type called name in schema nsp: the
// shell type's it fills in, if there is one, else a new one.
func (s *sqlCtx) newTypeOID(nsp uint32, name string) (uint32, error) {
	oid, err := s.takeShellType(nsp, name)
	if err != nil || oid != 0 {
		return oid, err
	}
	return s.newOID()
}

// alterCompositeType is ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE (an
// AlterTableStmt on a composite type): the subcommands run in order on
// the type's pg_class row, as ALTER TABLE's do on a table.
func (s *sqlCtx) alterCompositeType(st Statement, at *pg_query.AlterTableStmt) (string, error) {
	rel, err := s.openCompositeType(at.Relation)
	if err != nil {
		return "", err
	}
	for _, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		// CASCADE would also alter the typed tables of the type, which
		// cannot exist here (CREATE TABLE ... OF is refused).
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			if err := s.checkNotMemberOfItself(st, rel, cmd.Def.GetColumnDef()); err != nil {
				return "", err
			}
			err = s.addColumn(st, rel, cmd.Def.GetColumnDef(), cmd.MissingOk)
		case pg_query.AlterTableType_AT_DropColumn:
			err = s.dropColumn(rel, cmd.Name, cmd.MissingOk, cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE)
		case pg_query.AlterTableType_AT_AlterColumnType:
			cd := cmd.Def.GetColumnDef()
			if cd.RawDefault != nil {
				return "", pgerr.New(pgerr.FeatureNotSupported, "ALTER TYPE ... ALTER ATTRIBUTE ... USING is not supported")
			}
			if err := s.checkCompositeUse(rel); err != nil {
				return "", err
			}
			if err := s.checkNotMemberOfItself(st, rel, cd); err != nil {
				return "", err
			}
			err = s.alterColumnType(st, rel, cmd.Name, cd)
		default:
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", parser.CommandTag(st.Node()))
		}
		if err != nil {
			return "", err
		}
		s.nextCommand()
		if rel, err = s.cache.RelationByOID(s, rel.OID); err != nil {
			return "", err
		}
		s.cache.InvalidateType(rel.Type, rel.Namespace, rel.Name)
	}
	return "ALTER TYPE", nil
}

// checkNotMemberOfItself is CheckAttributeType's refusal of an attribute
// whose type holds the composite type itself (directly, in an array or in
// another composite type's field).
func (s *sqlCtx) checkNotMemberOfItself(st Statement, rel *catalog.Relation, cd *pg_query.ColumnDef) error {
	if _, ok := serialType(cd.TypeName); ok {
		if rel.Kind == 'c' {
			// The serial column's sequence would be owned by the type.
			return pgerr.Newf(pgerr.WrongObjectType, "sequence cannot be owned by relation \"%s\"", rel.Name).
				WithDetail("This operation is not supported for composite types.")
		}
		return nil
	}
	// The command resolves the type again where it uses it; the
	// WARNINGs come from there.
	held, n := s.holdWarnings, len(s.typeWarnings)
	s.holdWarnings = true
	typ, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, cd.TypeName, FormatOptions(s.env))
	s.holdWarnings, s.typeWarnings = held, s.typeWarnings[:n]
	if err != nil {
		return withoutPosition(err)
	}
	if s.typeContains(typ, rel.Type, 0) {
		return pgerr.Newf(pgerr.InvalidTableDefinition, "composite type %s cannot be made a member of itself", s.typeName(rel.Type, -1))
	}
	return nil
}

// typeContains reports whether values of typ hold values of type target.
func (s *sqlCtx) typeContains(typ, target uint32, depth int) bool {
	if typ == target {
		return true
	}
	if typ < catalog.FirstNormalOID || depth > 32 {
		return false
	}
	t, err := s.cache.TypeByOID(s, typ)
	if err != nil || t == nil {
		return false
	}
	switch {
	case t.TypType == 'd':
		return s.typeContains(t.BaseType, target, depth+1)
	case t.Elem != 0 && t.Len == -1:
		return s.typeContains(t.Elem, target, depth+1)
	case t.TypType == 'c':
		desc, err := s.syscache().RowDesc(typ)
		if err != nil || desc == nil {
			return false
		}
		for _, f := range desc.Types {
			if s.typeContains(f, target, depth+1) {
				return true
			}
		}
	}
	return false
}

// openCompositeType opens the pg_class row of the composite type an
// ALTER TYPE names, locked, refusing other relations as PostgreSQL does.
func (s *sqlCtx) openCompositeType(rv *pg_query.RangeVar) (*catalog.Relation, error) {
	rel, err := s.openForAlter(rv, false, 0, lmgr.AccessExclusiveLock)
	if err != nil {
		return nil, err
	}
	if rel.Kind != 'c' {
		return nil, pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a composite type", rel.Name)
	}
	return rel, nil
}

// checkCompositeUse is find_composite_type_dependencies: the types of
// rel's columns may not change while a table column stores values of its
// row type, directly, in an array or inside another composite type.
func (s *sqlCtx) checkCompositeUse(rel *catalog.Relation) error {
	if rel.Type == 0 {
		return nil
	}
	what := "cannot alter type \"%s\" because column \"%s.%s\" uses it"
	if rel.Kind != 'c' {
		what = "cannot alter table \"%s\" because column \"%s.%s\" uses its row type"
	}
	return s.findCompositeUse(rel.Type, func(user *catalog.Relation, col string) error {
		return pgerr.Newf(pgerr.FeatureNotSupported, what, rel.Name, user.Name, col)
	}, 0)
}

// findCompositeUse calls found for the first stored column (of a table)
// whose values hold values of type typ.
func (s *sqlCtx) findCompositeUse(typ uint32, found func(user *catalog.Relation, col string) error, depth int) error {
	if depth > 64 {
		return nil
	}
	rows, err := s.scanDepend(func(r dependRow) bool {
		return r.ref.classID == catalog.TypeRelationID && r.ref.objID == typ && r.ref.subID == 0
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		switch r.dep.classID {
		case catalog.RelationRelationID:
			if r.dep.subID <= 0 {
				continue
			}
			user, err := s.cache.RelationByOID(s, r.dep.objID)
			if err != nil {
				return err
			}
			if user == nil || int(r.dep.subID) > len(user.Attrs) {
				continue
			}
			switch user.Kind {
			case 'r', 'm', 't', 'p':
				return found(user, user.Attrs[r.dep.subID-1].Name)
			}
			if user.Type != 0 {
				if err := s.findCompositeUse(user.Type, found, depth+1); err != nil {
					return err
				}
			}
		case catalog.TypeRelationID:
			// Its array type, or a domain over it.
			if err := s.findCompositeUse(r.dep.objID, found, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
