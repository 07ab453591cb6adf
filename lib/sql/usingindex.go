// ALTER TABLE ... ADD [CONSTRAINT name] {PRIMARY KEY | UNIQUE} USING INDEX
// (PostgreSQL's transformIndexConstraint for an existing index,
// index_check_primary_key and index_constraint_create with is_alter):
// an existing unique index of the table, valid, on plain columns, not
// partial, in the default sort order and not yet any constraint's,
// becomes the index of a new constraint. The index is renamed to the
// constraint's name when they differ, marked primary or deferrable in
// pg_index, and made an internal dependent of the constraint, which
// depends on the key columns; a primary key's columns become NOT NULL.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *sqlCtx) addKeyConstraintUsingIndex(query string, rel *catalog.Relation, c *pg_query.Constraint) error {
	primary := c.Contype == pg_query.ConstrType_CONSTR_PRIMARY
	// The errors about the index point at the constraint, as
	// transformIndexConstraint's do.
	at := func(e *pgerr.Error) error { return e.WithPosition(parser.Position(query, c.Location)) }
	oid, err := s.cache.RelationOID(s, rel.Namespace, c.Indexname)
	if err != nil {
		return err
	}
	var irel *catalog.Relation
	if oid != 0 {
		if irel, err = s.cache.RelationByOID(s, oid); err != nil {
			return err
		}
	}
	if irel == nil || irel.Index == nil {
		return at(pgerr.Newf(pgerr.UndefinedObject, "index \"%s\" does not exist", c.Indexname))
	}
	info := irel.Index
	if info.Table != rel.OID {
		return at(pgerr.Newf(pgerr.InvalidObjectDefinition, "index \"%s\" does not belong to table \"%s\"", irel.Name, rel.Name))
	}
	owned, err := s.indexHasConstraint(irel.OID)
	if err != nil {
		return err
	}
	if owned {
		return at(pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "index \"%s\" is already associated with a constraint", irel.Name))
	}
	cannot := "Cannot create a primary key or unique constraint using such an index."
	switch {
	case !info.Valid:
		return at(pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "index \"%s\" is not valid", irel.Name))
	case !info.Unique:
		return at(pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a unique index", irel.Name).WithDetail("%s", cannot))
	case info.Exprs != "":
		return at(pgerr.Newf(pgerr.WrongObjectType, "index \"%s\" contains expressions", irel.Name).WithDetail("%s", cannot))
	case info.Pred != "":
		return at(pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a partial index", irel.Name).WithDetail("%s", cannot))
	case !info.Immediate && !c.Deferrable:
		return pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a deferrable index", irel.Name).
			WithDetail("Cannot create a non-deferrable constraint using a deferrable index.")
	}
	for i := 0; i < info.NKeyAtts; i++ {
		if i < len(info.Options) && info.Options[i] != 0 {
			return at(pgerr.Newf(pgerr.WrongObjectType, "index \"%s\" column number %d does not have default sorting behavior", irel.Name, i+1).
				WithDetail("%s", cannot))
		}
	}
	if primary {
		has, err := s.hasPrimaryKey(rel)
		if err != nil {
			return err
		}
		if has {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "multiple primary keys for table \"%s\" are not allowed", rel.Name)
		}
		if rel, err = s.primaryKeyNotNull(rel, info.Keys[:info.NKeyAtts]); err != nil {
			return err
		}
	}
	name := c.Conname
	if name == "" {
		name = irel.Name
	}
	if err := s.checkConstraintNameFree(rel, name); err != nil {
		return err
	}
	if name != irel.Name {
		s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "ALTER TABLE / ADD CONSTRAINT USING INDEX will rename index \"%s\" to \"%s\"", irel.Name, name).
			WithSeverity(pgerr.SeverityNotice))
		if err := s.renameRelation(irel, name); err != nil {
			return err
		}
		s.nextCommand()
	}
	// pg_index: primary, and deferrable once the constraint is.
	pi := catalog.Lookup("pg_index")
	iOID := pi.Column("indexrelid")
	if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }, func(r []types.Datum) {
		if primary {
			r[pi.Column("indisprimary")] = types.Bool(true)
		}
		if c.Deferrable {
			r[pi.Column("indimmediate")] = types.Bool(false)
		}
	}); err != nil {
		return err
	}
	conOID, err := s.newOID()
	if err != nil {
		return err
	}
	def := &indexDef{name: name, table: rel, attnums: info.Keys, unique: true, primary: primary, nullsNotDistinct: info.NullsNotDistinct,
		deferrable: c.Deferrable, deferred: c.Initdeferred, constraint: 'u'}
	if primary {
		def.constraint = 'p'
	}
	if info.NKeyAtts < len(info.Keys) {
		def.nKeyAtts = info.NKeyAtts
	}
	if err := s.insertKeyConstraint(conOID, oid, def); err != nil {
		return err
	}
	if s.keyConstraints == nil {
		s.keyConstraints = map[uint32]keyConstraint{}
	}
	s.keyConstraints[oid] = keyConstraint{oid: conOID, deferred: c.Initdeferred}
	// The index's own dependencies on the columns give way to the
	// constraint's (deleteDependencyRecordsForClass ... DEPENDENCY_AUTO).
	pd := catalog.Lookup("pg_depend")
	dClass, dObj, dRefClass, dType := pd.Column("classid"), pd.Column("objid"), pd.Column("refclassid"), pd.Column("deptype")
	if err := s.deleteCatalogRows(pd, func(r []types.Datum) bool {
		return uint32(r[dClass].Int()) == catalog.RelationRelationID && uint32(r[dObj].Int()) == oid &&
			uint32(r[dRefClass].Int()) == catalog.RelationRelationID && byte(r[dType].Int()) == depAuto
	}); err != nil {
		return err
	}
	deps := []dependency{{relationAddress(oid), constraintAddress(conOID), depInternal}}
	for _, attnum := range info.Keys {
		deps = append(deps, dependency{constraintAddress(conOID), columnAddress(rel.OID, attnum), depAuto})
	}
	if err := s.recordDependencies(deps); err != nil {
		return err
	}
	if c.Deferrable {
		if err := s.insertUniqueTrigger(rel.OID, conOID, oid, primary, c.Initdeferred); err != nil {
			return err
		}
	}
	s.cache.InvalidateRelation(oid, false)
	s.cache.InvalidateRelation(rel.OID, false)
	return nil
}

// indexHasConstraint reports whether a key constraint owns index oid.
func (s *sqlCtx) indexHasConstraint(oid uint32) (bool, error) {
	kc, err := s.indexConstraint(oid)
	return kc.oid != 0, err
}
