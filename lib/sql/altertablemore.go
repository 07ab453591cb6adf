// More of ALTER TABLE (PostgreSQL's commands/tablecmds.c and
// trigger.c), the subcommands migrations and pg_dump scripts use on
// existing tables: RENAME CONSTRAINT (of tables and domains),
// ENABLE/DISABLE TRIGGER, ALTER CONSTRAINT ... DEFERRABLE of foreign
// keys, ALTER COLUMN ... SET STORAGE / SET COMPRESSION / DROP
// EXPRESSION / SET (n_distinct = ...), REPLICA IDENTITY, and the forms
// that change nothing here (SET WITHOUT OIDS, SET ACCESS METHOD heap,
// SET TABLESPACE pg_default).

package sql

import (
	"math"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// alterTableMoreCmd runs the subcommands of this file; handled is false
// for the others.
func (s *sqlCtx) alterTableMoreCmd(rel *catalog.Relation, cmd *pg_query.AlterTableCmd) (handled bool, err error) {
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_EnableTrig:
		return true, s.setTriggersEnabled(rel, cmd.Name, 'O', false)
	case pg_query.AlterTableType_AT_EnableAlwaysTrig:
		return true, s.setTriggersEnabled(rel, cmd.Name, 'A', false)
	case pg_query.AlterTableType_AT_EnableReplicaTrig:
		return true, s.setTriggersEnabled(rel, cmd.Name, 'R', false)
	case pg_query.AlterTableType_AT_DisableTrig:
		return true, s.setTriggersEnabled(rel, cmd.Name, 'D', false)
	case pg_query.AlterTableType_AT_EnableTrigAll:
		return true, s.setTriggersEnabled(rel, "", 'O', false)
	case pg_query.AlterTableType_AT_DisableTrigAll:
		return true, s.setTriggersEnabled(rel, "", 'D', false)
	case pg_query.AlterTableType_AT_EnableTrigUser:
		return true, s.setTriggersEnabled(rel, "", 'O', true)
	case pg_query.AlterTableType_AT_DisableTrigUser:
		return true, s.setTriggersEnabled(rel, "", 'D', true)
	case pg_query.AlterTableType_AT_AlterConstraint:
		return true, s.alterConstraintDeferrability(rel, cmd.Def.GetConstraint())
	case pg_query.AlterTableType_AT_SetStorage:
		return true, s.setColumnStorage(rel, cmd.Name, cmd.Def.GetString_().GetSval())
	case pg_query.AlterTableType_AT_SetCompression:
		return true, s.setColumnCompression(rel, cmd.Name, cmd.Def.GetString_().GetSval())
	case pg_query.AlterTableType_AT_ReplicaIdentity:
		return true, s.setReplicaIdentity(rel, cmd.Def.GetReplicaIdentityStmt())
	case pg_query.AlterTableType_AT_DropExpression:
		return true, s.dropExpression(rel, cmd.Name, cmd.MissingOk)
	case pg_query.AlterTableType_AT_SetOptions, pg_query.AlterTableType_AT_ResetOptions:
		return true, s.setColumnOptions(rel, cmd)
	case pg_query.AlterTableType_AT_DropOids:
		// WITH OIDS is gone since PostgreSQL 12: the form stays, a no-op.
		return true, nil
	case pg_query.AlterTableType_AT_SetAccessMethod:
		return true, setAccessMethodUnchanged(rel, cmd.Name)
	case pg_query.AlterTableType_AT_SetTableSpace:
		if err := checkTablespace(cmd.Name); err != nil {
			return true, err
		}
		// pg_default is where every relation is already.
		return true, nil
	}
	return false, nil
}

// ---- RENAME CONSTRAINT ----

// namedConstraint is what RENAME and ALTER CONSTRAINT need of a
// pg_constraint row.
type namedConstraint struct {
	oid, index uint32
	contype    byte
}

// constraintNamed finds the constraint called name of table relid (or,
// with domain set, of domain type relid); oid 0 when there is none.
func (s *sqlCtx) constraintNamed(relid uint32, domain bool, name string) (namedConstraint, error) {
	c := catalog.Lookup("pg_constraint")
	iOID, iName, iRel, iTyp, iType, iIndex := c.Column("oid"), c.Column("conname"), c.Column("conrelid"), c.Column("contypid"),
		c.Column("contype"), c.Column("conindid")
	owner := iRel
	if domain {
		owner = iTyp
	}
	var found namedConstraint
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[owner].Int()) == relid && r[iName].Text() == name {
			found = namedConstraint{oid: uint32(r[iOID].Int()), index: uint32(r[iIndex].Int()), contype: byte(r[iType].Int())}
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// renameConstraint is RenameConstraint: ALTER TABLE ... RENAME
// CONSTRAINT and ALTER DOMAIN ... RENAME CONSTRAINT. The index of a
// key constraint takes the new name too (the constraint follows its
// index's name), so a relation of that name is a clash as well.
func (s *sqlCtx) renameConstraint(tag string, rs *pg_query.RenameStmt) (string, error) {
	if rs.RenameType == pg_query.ObjectType_OBJECT_DOMCONSTRAINT {
		t, err := s.domainFor(nameListOf(rs.Object.GetList().GetItems()))
		if err != nil {
			return "", err
		}
		domain := s.typeName(t.OID, -1)
		con, err := s.constraintNamed(t.OID, true, rs.Subname)
		if err != nil {
			return "", err
		}
		if con.oid == 0 {
			return "", pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" for domain %s does not exist", rs.Subname, domain)
		}
		if other, err := s.constraintNamed(t.OID, true, rs.Newname); err != nil {
			return "", err
		} else if other.oid != 0 {
			return "", pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for domain %s already exists", rs.Newname, domain)
		}
		if err := s.setConstraintName(con.oid, rs.Newname); err != nil {
			return "", err
		}
		s.cache.InvalidateType(t.OID, t.Namespace, t.Name)
		return tag, nil
	}
	rel, err := s.openForAlter(rs.Relation, rs.MissingOk, 0, lmgr.AccessExclusiveLock)
	if err != nil || rel == nil {
		return tag, err
	}
	con, err := s.constraintNamed(rel.OID, false, rs.Subname)
	if err != nil {
		return "", err
	}
	if con.oid == 0 {
		return "", pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", rs.Subname, rel.Name)
	}
	// As in PostgreSQL, pending after-row events do not stop a rename
	// (renames do not run CheckTableNotInUse).
	isKey := (con.contype == 'p' || con.contype == 'u' || con.contype == 'x') && con.index != 0
	if isKey {
		if oid, err := s.cache.RelationOID(s, rel.Namespace, rs.Newname); err != nil {
			return "", err
		} else if oid != 0 {
			return "", pgerr.Newf(pgerr.DuplicateTable, "relation \"%s\" already exists", rs.Newname)
		}
	}
	if other, err := s.constraintNamed(rel.OID, false, rs.Newname); err != nil {
		return "", err
	} else if other.oid != 0 {
		return "", pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", rs.Newname, rel.Name)
	}
	if isKey {
		irel, err := s.cache.RelationByOID(s, con.index)
		if err != nil {
			return "", err
		}
		if irel == nil {
			return "", pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", con.index)
		}
		// The table's ACCESS EXCLUSIVE lock keeps every user off the
		// index too. renameRelation renames the constraint with its index.
		return tag, s.renameRelation(irel, rs.Newname)
	}
	if err := s.setConstraintName(con.oid, rs.Newname); err != nil {
		return "", err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	if con.contype == 'f' {
		// The referenced table's entry holds the key too (ReferencedBy).
		for _, fk := range rel.ForeignKeys {
			if fk.OID == con.oid {
				s.cache.InvalidateRelation(fk.RefRel, false)
			}
		}
	}
	return tag, nil
}

// setConstraintName changes a pg_constraint row's conname.
func (s *sqlCtx) setConstraintName(oid uint32, name string) error {
	c := catalog.Lookup("pg_constraint")
	iOID, iName := c.Column("oid"), c.Column("conname")
	return s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid },
		func(r []types.Datum) { r[iName] = types.Text(name) })
}

// updateCatalogRows changes every row of c that matches (none is
// fine), each found again by its unique OID column key.
func (s *sqlCtx) updateCatalogRows(c *catalog.Catalog, key string, match func(row []types.Datum) bool, change func(row []types.Datum)) error {
	iKey := c.Column(key)
	var keys []uint32
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if match(r) {
			keys = append(keys, uint32(r[iKey].Int()))
		}
		return true, nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.updateCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iKey].Int()) == k }, change); err != nil {
			return err
		}
	}
	return nil
}

// ---- ENABLE / DISABLE TRIGGER ----

// setTriggersEnabled is EnableDisableTrigger: the tgenabled of rel's
// trigger called name, or of all its triggers (name ""), or of all but
// the internal ones (userOnly). Internal triggers (those of foreign keys
// and deferrable unique constraints) may be named or included in ALL by
// a superuser, which every gpostgres role is so far. The RI checks and
// actions and the unique rechecks read it when rows change
// (triggerFires).
func (s *sqlCtx) setTriggersEnabled(rel *catalog.Relation, name string, enabled byte, userOnly bool) error {
	c := catalog.Lookup("pg_trigger")
	iRel, iName, iInternal, iEnabled, iConstrRel := c.Column("tgrelid"), c.Column("tgname"), c.Column("tgisinternal"),
		c.Column("tgenabled"), c.Column("tgconstrrelid")
	match := func(r []types.Datum) bool {
		if uint32(r[iRel].Int()) != rel.OID {
			return false
		}
		if name != "" {
			return r[iName].Text() == name
		}
		return !(userOnly && r[iInternal].Bool())
	}
	found := false
	others := map[uint32]bool{}
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if match(r) {
			found = true
			if o := uint32(r[iConstrRel].Int()); o != 0 {
				others[o] = true
			}
		}
		return true, nil
	}); err != nil {
		return err
	}
	if name != "" && !found {
		return pgerr.Newf(pgerr.UndefinedObject, "trigger \"%s\" for table \"%s\" does not exist", name, rel.Name)
	}
	if !found {
		return nil
	}
	if err := s.updateCatalogRows(c, "oid", match, func(r []types.Datum) { r[iEnabled] = charD(enabled) }); err != nil {
		return err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	for o := range others {
		s.cache.InvalidateRelation(o, false)
	}
	// The unique rechecks' states are read once per statement.
	s.keyConstraints = nil
	return nil
}

// ---- ALTER CONSTRAINT ----

// alterConstraintDeferrability is ATExecAlterConstraint: a foreign
// key's DEFERRABLE and INITIALLY DEFERRED, in its pg_constraint row and
// in those of its triggers that follow them (the checks and the NO
// ACTION actions; createForeignKeyActionTriggers makes the others never
// deferrable).
func (s *sqlCtx) alterConstraintDeferrability(rel *catalog.Relation, c *pg_query.Constraint) error {
	con, err := s.constraintNamed(rel.OID, false, c.Conname)
	if err != nil {
		return err
	}
	if con.oid == 0 {
		return pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" of relation \"%s\" does not exist", c.Conname, rel.Name)
	}
	if con.contype != 'f' {
		return pgerr.Newf(pgerr.WrongObjectType, "constraint \"%s\" of relation \"%s\" is not a foreign key constraint", c.Conname, rel.Name)
	}
	var key *catalog.ForeignKey
	for _, fk := range rel.ForeignKeys {
		if fk.OID == con.oid {
			key = fk
		}
	}
	if key == nil {
		return pgerr.Newf(pgerr.InternalError, "foreign key \"%s\" is missing from its table's entry", c.Conname)
	}
	if key.Deferrable == c.Deferrable && key.Deferred == c.Initdeferred {
		return nil
	}
	pc := catalog.Lookup("pg_constraint")
	iOID := pc.Column("oid")
	if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == con.oid }, func(r []types.Datum) {
		r[pc.Column("condeferrable")] = types.Bool(c.Deferrable)
		r[pc.Column("condeferred")] = types.Bool(c.Initdeferred)
	}); err != nil {
		return err
	}
	tc := catalog.Lookup("pg_trigger")
	iCon, iFunc := tc.Column("tgconstraint"), tc.Column("tgfoid")
	follows := map[uint32]bool{procRIFKeyCheckIns: true, procRIFKeyCheckUpd: true,
		riActionProcs[catalog.FKNoAction][0]: true, riActionProcs[catalog.FKNoAction][1]: true}
	if err := s.updateCatalogRows(tc, "oid", func(r []types.Datum) bool {
		return uint32(r[iCon].Int()) == con.oid && follows[uint32(r[iFunc].Int())]
	}, func(r []types.Datum) {
		r[tc.Column("tgdeferrable")] = types.Bool(c.Deferrable)
		r[tc.Column("tginitdeferred")] = types.Bool(c.Initdeferred)
	}); err != nil {
		return err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	s.cache.InvalidateRelation(key.RefRel, false)
	return nil
}

// ---- SET STORAGE / SET COMPRESSION ----

// storageCodes are the attstorage codes of SET STORAGE's names.
var storageCodes = map[string]byte{"plain": 'p', "external": 'e', "extended": 'x', "main": 'm'}

// setColumnStorage is ATExecSetStorage: attstorage of the column, which
// the toaster reads for the rows stored from now on, and of the index
// columns that are the column itself.
func (s *sqlCtx) setColumnStorage(rel *catalog.Relation, column, storage string) error {
	code, ok := storageCodes[strings.ToLower(storage)]
	if !ok {
		return pgerr.Newf(pgerr.InvalidParameterValue, "invalid storage type \"%s\"", storage)
	}
	attnum, err := s.alterColumn(rel, column)
	if err != nil {
		return err
	}
	typ := rel.Attrs[attnum-1].Type
	if code != 'p' && typeStorage(typ, s.columnType(typ)) == 'p' {
		return pgerr.Newf(pgerr.FeatureNotSupported, "column data type %s can only have storage PLAIN", s.typeName(typ, -1))
	}
	if err := s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attstorage")] = charD(code)
	}); err != nil {
		return err
	}
	return s.forIndexColumns(rel, attnum, func(index uint32, indexAttnum int16) error {
		return s.updateAttribute(index, indexAttnum, func(r []types.Datum, c *catalog.Catalog) {
			r[c.Column("attstorage")] = charD(code)
		})
	})
}

// forIndexColumns calls fn for each column of rel's indexes that is
// table column attnum itself (SetIndexStorageProperties).
func (s *sqlCtx) forIndexColumns(rel *catalog.Relation, attnum int16, fn func(index uint32, indexAttnum int16) error) error {
	for _, ix := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, ix)
		if err != nil {
			return err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		for i, k := range irel.Index.Keys {
			if k == attnum {
				if err := fn(ix, int16(i+1)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// setColumnCompression is ATExecSetCompression: attcompression of the
// column (and of the index columns that are it), for values compressed
// from now on.
func (s *sqlCtx) setColumnCompression(rel *catalog.Relation, column, method string) error {
	attnum, err := s.alterColumn(rel, column)
	if err != nil {
		return err
	}
	typ := rel.Attrs[attnum-1].Type
	code, err := columnCompression(method, typ, s.columnType(typ))
	if err != nil {
		return err
	}
	set := func(r []types.Datum, c *catalog.Catalog) { r[c.Column("attcompression")] = charD(code) }
	if err := s.updateAttribute(rel.OID, attnum, set); err != nil {
		return err
	}
	return s.forIndexColumns(rel, attnum, func(index uint32, indexAttnum int16) error {
		return s.updateAttribute(index, indexAttnum, set)
	})
}

// ---- REPLICA IDENTITY ----

// setReplicaIdentity is ATExecReplicaIdentity: relreplident and, for
// USING INDEX, the index's indisreplident (cleared on the others). With
// no logical decoding here (wal_level = logical is refused at start) it
// is only recorded, as PostgreSQL records it under wal_level below
// logical.
func (s *sqlCtx) setReplicaIdentity(rel *catalog.Relation, ri *pg_query.ReplicaIdentityStmt) error {
	if ri == nil || len(ri.IdentityType) != 1 {
		return pgerr.New(pgerr.InternalError, "unexpected REPLICA IDENTITY")
	}
	kind := ri.IdentityType[0]
	var chosen uint32
	if kind == 'i' {
		oid, err := s.indexOfTableByName(rel, ri.Name)
		if err != nil {
			return err
		}
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return err
		}
		ix := irel.Index
		switch {
		case !ix.Unique:
			return pgerr.Newf(pgerr.WrongObjectType, "cannot use non-unique index \"%s\" as replica identity", irel.Name)
		case !ix.Immediate:
			return pgerr.Newf(pgerr.WrongObjectType, "cannot use non-immediate index \"%s\" as replica identity", irel.Name)
		case ix.Exprs != "":
			return pgerr.Newf(pgerr.FeatureNotSupported, "cannot use expression index \"%s\" as replica identity", irel.Name)
		case ix.Pred != "":
			return pgerr.Newf(pgerr.FeatureNotSupported, "cannot use partial index \"%s\" as replica identity", irel.Name)
		}
		for _, k := range ix.Keys[:ix.NKeyAtts] {
			if k <= 0 {
				return pgerr.Newf(pgerr.WrongObjectType, "index \"%s\" cannot be used as replica identity because column %d is a system column", irel.Name, k)
			}
			if a := rel.Attrs[k-1]; !a.NotNull {
				return pgerr.Newf(pgerr.WrongObjectType, "index \"%s\" cannot be used as replica identity because column \"%s\" is nullable", irel.Name, a.Name)
			}
		}
		chosen = oid
	}
	if err := s.updateClass(rel.OID, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relreplident")] = charD(kind) }); err != nil {
		return err
	}
	return s.markOnlyIndex(rel, "indisreplident", chosen)
}

// ---- DROP EXPRESSION ----

// dropExpression is ATExecDropExpression: a stored generated column
// becomes a plain one keeping its values; its generation expression
// (the pg_attrdef row and what depends on it) goes.
func (s *sqlCtx) dropExpression(rel *catalog.Relation, column string, missingOK bool) error {
	attnum, err := s.alterColumn(rel, column)
	if err != nil {
		return err
	}
	if rel.Attrs[attnum-1].Generated != 's' {
		if missingOK {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "column \"%s\" of relation \"%s\" is not a stored generated column, skipping", column, rel.Name))
			return nil
		}
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "column \"%s\" of relation \"%s\" is not a stored generated column", column, rel.Name)
	}
	if err := s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attgenerated")] = charD(0)
	}); err != nil {
		return err
	}
	// The column no longer reads the columns its expression read.
	pd := catalog.Lookup("pg_depend")
	iClass, iObj, iSub, iRefClass, iRefObj := pd.Column("classid"), pd.Column("objid"), pd.Column("objsubid"),
		pd.Column("refclassid"), pd.Column("refobjid")
	if err := s.deleteCatalogRows(pd, func(r []types.Datum) bool {
		return uint32(r[iClass].Int()) == catalog.RelationRelationID && uint32(r[iObj].Int()) == rel.OID &&
			int16(r[iSub].Int()) == attnum && uint32(r[iRefClass].Int()) == catalog.RelationRelationID &&
			uint32(r[iRefObj].Int()) == rel.OID
	}); err != nil {
		return err
	}
	return s.removeAttrDefault(rel.OID, attnum)
}

// ---- SET ACCESS METHOD ----

// setAccessMethodUnchanged is SET ACCESS METHOD for the method a table
// has already, heap, the only table access method: nothing to do. An
// index access method is refused as PostgreSQL refuses it.
func setAccessMethodUnchanged(rel *catalog.Relation, am string) error {
	switch am {
	case "heap":
		return nil
	case "btree", "hash", "gist", "gin", "spgist", "brin":
		return pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "access method \"%s\" is not of type TABLE", am)
	}
	return pgerr.Newf(pgerr.UndefinedObject, "access method \"%s\" does not exist", am)
}

// ---- ALTER COLUMN ... SET / RESET (attribute options) ----

// attributeOptionNames are the attribute options (attribute_reloptions):
// n_distinct overrides the number of distinct values ANALYZE estimates
// for the column, n_distinct_inherited the one of inheritance trees
// (which gpostgres does not have, so it is only recorded).
var attributeOptionNames = map[string]bool{"n_distinct": true, "n_distinct_inherited": true}

// setColumnOptions is ATExecSetOptions: SET replaces or adds the
// options it names, each stored as written; RESET removes those it
// names, known or not.
func (s *sqlCtx) setColumnOptions(rel *catalog.Relation, cmd *pg_query.AlterTableCmd) error {
	attnum, err := s.alterColumn(rel, cmd.Name)
	if err != nil {
		return err
	}
	opts, err := s.attributeOptions(rel.OID, attnum)
	if err != nil {
		return err
	}
	named := map[string]bool{}
	for _, n := range cmd.Def.GetList().GetItems() {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		if named[d.Defname] && cmd.Subtype == pg_query.AlterTableType_AT_SetOptions {
			return pgerr.Newf(pgerr.InvalidParameterValue, "parameter \"%s\" specified more than once", d.Defname)
		}
		named[d.Defname] = true
		if d.Defnamespace != "" {
			return pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter namespace \"%s\"", d.Defnamespace)
		}
		if cmd.Subtype == pg_query.AlterTableType_AT_ResetOptions {
			if d.Arg != nil {
				return pgerr.New(pgerr.SyntaxError, "RESET must not include values for parameters")
			}
			opts = slicesDeleteOption(opts, d.Defname)
			continue
		}
		val, err := optionValue(d)
		if err != nil {
			return err
		}
		opts = setOption(opts, d.Defname, val)
	}
	// The whole list is checked, as attribute_reloptions checks it.
	seen := map[string]bool{}
	for _, o := range opts {
		name, val, _ := strings.Cut(o, "=")
		if !attributeOptionNames[name] {
			return pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized parameter \"%s\"", name)
		}
		if seen[name] {
			return pgerr.Newf(pgerr.InvalidParameterValue, "parameter \"%s\" specified more than once", name)
		}
		seen[name] = true
		if _, err := distinctOption(name, val); err != nil {
			return err
		}
	}
	d := types.Null
	if len(opts) > 0 {
		vals := make([]types.Datum, len(opts))
		for i, o := range opts {
			vals[i] = types.Text(o)
		}
		d = types.ArrayDatum(types.NewArray1(types.OidText, vals))
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("attoptions")] = d })
}

// slicesDeleteOption removes the option called name from opts.
func slicesDeleteOption(opts []string, name string) []string {
	out := opts[:0]
	for _, o := range opts {
		if n, _, _ := strings.Cut(o, "="); n != name {
			out = append(out, o)
		}
	}
	return out
}

// distinctOption parses an n_distinct value: a real of at least -1.
func distinctOption(name, val string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
	if err != nil {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for floating point option \"%s\": %s", name, val)
	}
	if v < -1 || v > math.MaxFloat64 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "value %s out of bounds for option \"%s\"", val, name).
			WithDetail("Valid values are between \"%f\" and \"%f\".", -1.0, math.MaxFloat64)
	}
	return v, nil
}

// attributeOptions reads a column's attoptions.
func (s *sqlCtx) attributeOptions(relid uint32, attnum int16) ([]string, error) {
	all, err := s.relationAttributeOptions(relid)
	return all[attnum], err
}

// relationAttributeOptions reads the attoptions of a relation's columns
// that have some.
func (s *sqlCtx) relationAttributeOptions(relid uint32) (map[int16][]string, error) {
	c := catalog.Lookup("pg_attribute")
	iRel, iNum, iOpts := c.Column("attrelid"), c.Column("attnum"), c.Column("attoptions")
	out := map[int16][]string{}
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) != relid || r[iOpts].IsNull() {
			return true, nil
		}
		var opts []string
		for _, e := range r[iOpts].Array().Elems {
			opts = append(opts, e.Text())
		}
		out[int16(r[iNum].Int())] = opts
		return true, nil
	})
	return out, err
}

// distinctOverrides are the n_distinct attribute options of a
// relation's columns that set one other than 0 (do_analyze_rel stores
// it as stadistinct instead of its estimate).
func (s *sqlCtx) distinctOverrides(relid uint32) (map[int16]float32, error) {
	all, err := s.relationAttributeOptions(relid)
	if err != nil {
		return nil, err
	}
	out := map[int16]float32{}
	for attnum, opts := range all {
		for _, o := range opts {
			if v, ok := strings.CutPrefix(o, "n_distinct="); ok {
				if d, err := distinctOption("n_distinct", v); err == nil && d != 0 {
					out[attnum] = float32(d)
				}
			}
		}
	}
	return out, nil
}
