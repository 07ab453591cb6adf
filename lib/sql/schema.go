// Schemas: CREATE SCHEMA (with its contained CREATE TABLE elements),
// DROP SCHEMA and ALTER SCHEMA ... RENAME TO / OWNER TO, as PostgreSQL's
// commands/schemacmds.c.

package sql

import (
	"hash/fnv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// reservedSchemaName refuses the "pg_" prefix, kept for system schemas.
func reservedSchemaName(name string) error {
	if strings.HasPrefix(name, "pg_") {
		return pgerr.Newf(pgerr.ReservedName, "unacceptable schema name \"%s\"", name).
			WithDetail("The prefix \"pg_\" is reserved for system schemas.")
	}
	return nil
}

// lockSchemaName serializes the creation and renaming of schemas with
// the same name, standing in for the unique index on
// pg_namespace.nspname.
func (s *sqlCtx) lockSchemaName(name string) error {
	h := fnv.New32a()
	h.Write([]byte(name))
	tag := lmgr.ObjectTag(s.db, catalog.NamespaceRelationID, h.Sum32(), 1)
	if _, err := s.heap.Locks.LockAcquire(s.ctx, tag, lmgr.ExclusiveLock, false); err != nil {
		return err
	}
	s.cache.Accept()
	return nil
}

// roleOID resolves a RoleSpec: a role name, CURRENT_USER, SESSION_USER
// or CURRENT_ROLE.
func (s *sqlCtx) roleOID(rs *pg_query.RoleSpec) (uint32, string, error) {
	name := rs.GetRolename()
	switch rs.GetRoletype() {
	case pg_query.RoleSpecType_ROLESPEC_CURRENT_USER, pg_query.RoleSpecType_ROLESPEC_CURRENT_ROLE:
		name = s.env.CurrentUser()
	case pg_query.RoleSpecType_ROLESPEC_SESSION_USER:
		name = s.env.SessionUser()
	case pg_query.RoleSpecType_ROLESPEC_PUBLIC:
		return 0, "", pgerr.New(pgerr.ReservedName, "role name \"public\" is reserved")
	}
	oid, err := s.cache.RoleOID(s, name)
	if err != nil {
		return 0, "", err
	}
	if oid == 0 {
		return 0, "", pgerr.Newf(pgerr.UndefinedObject, "role \"%s\" does not exist", name)
	}
	return oid, name, nil
}

// createSchema is CreateSchemaCommand.
func (s *sqlCtx) createSchema(st Statement, cs *pg_query.CreateSchemaStmt) (string, error) {
	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	name := cs.Schemaname
	if cs.Authrole != nil {
		var roleName string
		if owner, roleName, err = s.roleOID(cs.Authrole); err != nil {
			return "", err
		}
		if name == "" {
			name = roleName
		}
	}
	if err := reservedSchemaName(name); err != nil {
		return "", err
	}
	if err := s.lockSchemaName(name); err != nil {
		return "", err
	}
	existing, err := s.cache.NamespaceOID(s, name)
	if err != nil {
		return "", err
	}
	if existing != 0 {
		if cs.IfNotExists {
			s.notice(pgerr.Newf(pgerr.DuplicateSchema, "schema \"%s\" already exists, skipping", name))
			return "CREATE SCHEMA", nil
		}
		return "", pgerr.Newf(pgerr.DuplicateSchema, "schema \"%s\" already exists", name)
	}
	// The elements name their objects in the new schema, or in none.
	for _, el := range cs.SchemaElts {
		rv := schemaElementRelation(el)
		if rv == nil {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s in CREATE SCHEMA is not supported yet", parser.CommandTag(el))
		}
		if rv.Schemaname != "" && rv.Schemaname != name {
			return "", pgerr.Newf(pgerr.InvalidSchemaDefinition, "CREATE specifies a schema (%s) different from the one being created (%s)",
				rv.Schemaname, name)
		}
	}
	oid, err := s.newOID()
	if err != nil {
		return "", err
	}
	row := newCatalogRow(catalog.Lookup("pg_namespace")).set("oid", oidD(oid)).set("nspname", types.Text(name)).
		set("nspowner", oidD(owner))
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	s.cache.InvalidateNamespace(oid, name)
	s.nextCommand()
	for _, el := range cs.SchemaElts {
		rv := schemaElementRelation(el)
		rv.Schemaname = name
		if _, err := s.createTable(st, el.GetCreateStmt()); err != nil {
			return "", err
		}
		s.nextCommand()
	}
	return "CREATE SCHEMA", nil
}

// schemaElementRelation is the relation a CREATE SCHEMA element creates,
// for the elements supported (CREATE TABLE).
func schemaElementRelation(el *pg_query.Node) *pg_query.RangeVar {
	if cs := el.GetCreateStmt(); cs != nil {
		return cs.Relation
	}
	return nil
}

// dropSchemas is DROP SCHEMA.
func (s *sqlCtx) dropSchemas(ds *pg_query.DropStmt) (string, error) {
	var targets []objectAddress
	for _, obj := range ds.Objects {
		name := obj.GetString_().GetSval()
		oid, err := s.cache.NamespaceOID(s, name)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			if ds.MissingOk {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", name))
				continue
			}
			return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", name)
		}
		a := namespaceAddress(oid)
		if isPinned(a) {
			return "", pgerr.Newf(pgerr.DependentObjectsStillExist, "cannot drop schema %s because it is required by the database system", name)
		}
		targets = append(targets, a)
	}
	if len(targets) > 0 {
		if err := s.performDeletion(targets, ds.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
			return "", err
		}
	}
	return "DROP SCHEMA", nil
}

// renameSchema is RenameSchema.
func (s *sqlCtx) renameSchema(rs *pg_query.RenameStmt) (string, error) {
	old := rs.Subname
	oid, err := s.cache.NamespaceOID(s, old)
	if err != nil {
		return "", err
	}
	if oid == 0 {
		return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", old)
	}
	if oid == catalog.InfoSchemaNamespace {
		// Its views are found by the schema's name (analyze/infoschema.go).
		return "", pgerr.New(pgerr.FeatureNotSupported, "renaming schema information_schema is not supported")
	}
	if err := s.lockSchemaName(rs.Newname); err != nil {
		return "", err
	}
	if other, err := s.cache.NamespaceOID(s, rs.Newname); err != nil {
		return "", err
	} else if other != 0 {
		return "", pgerr.Newf(pgerr.DuplicateSchema, "schema \"%s\" already exists", rs.Newname)
	}
	if err := reservedSchemaName(rs.Newname); err != nil {
		return "", err
	}
	// Views name the schema's relations qualified by it.
	pc := catalog.Lookup("pg_class")
	iOID, iName, iNsp := pc.Column("oid"), pc.Column("relname"), pc.Column("relnamespace")
	var moved []nameChange
	if err := s.ScanCatalog(pc, func(r []types.Datum) (bool, error) {
		if uint32(r[iNsp].Int()) == oid {
			name := r[iName].Text()
			moved = append(moved, nameChange{relation: uint32(r[iOID].Int()), oldName: name, newName: name, newSchema: rs.Newname})
		}
		return true, nil
	}); err != nil {
		return "", err
	}
	if err := s.followRenames(moved); err != nil {
		return "", err
	}
	if err := s.updateNamespace(oid, func(row []types.Datum, c *catalog.Catalog) {
		row[c.Column("nspname")] = types.Text(rs.Newname)
	}); err != nil {
		return "", err
	}
	s.cache.InvalidateNamespace(oid, old)
	s.cache.InvalidateNamespace(oid, rs.Newname)
	return "ALTER SCHEMA", nil
}

// alterSchemaOwner is AlterSchemaOwner.
func (s *sqlCtx) alterSchemaOwner(as *pg_query.AlterOwnerStmt) (string, error) {
	name := as.Object.GetString_().GetSval()
	oid, err := s.cache.NamespaceOID(s, name)
	if err != nil {
		return "", err
	}
	if oid == 0 {
		return "", pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", name)
	}
	owner, _, err := s.roleOID(as.Newowner)
	if err != nil {
		return "", err
	}
	if err := s.updateNamespace(oid, func(row []types.Datum, c *catalog.Catalog) {
		row[c.Column("nspowner")] = oidD(owner)
	}); err != nil {
		return "", err
	}
	s.cache.InvalidateNamespace(oid, name)
	return "ALTER SCHEMA", nil
}

func (s *sqlCtx) updateNamespace(oid uint32, change func(row []types.Datum, c *catalog.Catalog)) error {
	c := catalog.Lookup("pg_namespace")
	iOID := c.Column("oid")
	return s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
		func(r []types.Datum) { change(r, c) })
}
