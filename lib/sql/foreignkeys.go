// FOREIGN KEY constraints, declared (PostgreSQL's
// ATAddForeignKeyConstraint, transformFkeyGetPrimaryKey,
// transformFkeyCheckAttrs, CreateConstraintEntry): a pg_constraint row
// of contype 'f' naming the referencing table and columns (conrelid,
// conkey), the referenced ones (confrelid, confkey), the referenced
// table's unique index that finds a key (conindid) and the equality
// operators the checks compare with, depending automatically on the
// referencing columns and normally on the referenced columns and the
// index. pg_class.relhastriggers is set on both tables, as PostgreSQL's
// RI triggers set it; the relation cache then loads the keys
// (catalog/foreignkeys.go). The internal RI triggers' pg_trigger rows
// are written too (ritriggers.go), but the checks and actions run from
// the after-row event queue (afterevents.go, ri.go).

package sql

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// pendingForeignKey is a FOREIGN KEY constraint to add: the constraint
// as written, and for a column constraint (REFERENCES) the column.
type pendingForeignKey struct {
	c      *pg_query.Constraint
	column string
}

// fkColumns are the referencing columns the constraint names.
func (k pendingForeignKey) fkColumns() []string {
	if k.column != "" {
		return []string{k.column}
	}
	return nameListOf(k.c.FkAttrs)
}

// fkAction reads an ON UPDATE / ON DELETE action as the grammar stores
// it ("a" when none was written).
func fkAction(a string) byte {
	if a == "" {
		return catalog.FKNoAction
	}
	return a[0]
}

// checkForeignKeyOptions refuses what foreign keys cannot have here
// before anything is made.
func checkForeignKeyOptions(c *pg_query.Constraint) error {
	switch {
	case c.FkMatchtype == "p":
		return pgerr.New(pgerr.FeatureNotSupported, "MATCH PARTIAL not yet implemented")
	}
	return nil
}

// fkColumnNumbers resolves the column names of a foreign key to attnums
// (transformColumnNameList).
func fkColumnNumbers(rel *catalog.Relation, names []string) ([]int16, error) {
	var out []int16
	for _, n := range names {
		a := columnNumber(rel, n)
		if a == 0 {
			return nil, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", n)
		}
		out = append(out, a)
	}
	return out, nil
}

// referencedKey finds the unique index of the referenced table pk that
// the key cols (nil: its primary key) match: transformFkeyGetPrimaryKey
// and transformFkeyCheckAttrs. It returns the index, the referenced
// columns in the constraint's order, and each column's operator class.
func (s *sqlCtx) referencedKey(pk *catalog.Relation, cols []int16) (*catalog.Relation, []int16, []uint32, error) {
	if cols == nil {
		for _, oid := range pk.Indexes {
			irel, err := s.cache.RelationByOID(s, oid)
			if err != nil {
				return nil, nil, nil, err
			}
			if irel != nil && irel.Index != nil && irel.Index.Primary && irel.Index.Valid {
				return irel, slices.Clone(irel.Index.Keys), slices.Clone(irel.Index.Classes[:len(irel.Index.Keys)]), nil
			}
		}
		return nil, nil, nil, pgerr.Newf(pgerr.UndefinedObject, "there is no primary key for referenced table \"%s\"", pk.Name)
	}
	for i, a := range cols {
		if slices.Contains(cols[:i], a) {
			return nil, nil, nil, pgerr.New(pgerr.InvalidForeignKey, "foreign key referenced-columns list must not contain duplicates")
		}
	}
	for _, oid := range pk.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return nil, nil, nil, err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		ix := irel.Index
		if !ix.Unique || !ix.Immediate || !ix.Valid || ix.Pred != "" || ix.Exprs != "" || ix.NKeyAtts != len(cols) {
			continue
		}
		classes := make([]uint32, len(cols))
		found := true
		for i, a := range cols {
			k := slices.Index(ix.Keys[:ix.NKeyAtts], a)
			if k < 0 {
				found = false
				break
			}
			classes[i] = ix.Classes[k]
		}
		if found {
			return irel, cols, classes, nil
		}
	}
	return nil, nil, nil, pgerr.Newf(pgerr.InvalidForeignKey, "there is no unique constraint matching given keys for referenced table \"%s\"", pk.Name)
}

// addForeignKeys adds the foreign keys of a CREATE TABLE (no rows to
// check) or of an ALTER TABLE (validate: the existing rows are checked
// unless NOT VALID).
func (s *sqlCtx) addForeignKeys(relid uint32, fks []pendingForeignKey, validate bool) error {
	for _, fk := range fks {
		s.nextCommand()
		rel, err := s.cache.RelationByOID(s, relid)
		if err != nil {
			return err
		}
		if err := s.addForeignKey(rel, fk, validate); err != nil {
			return err
		}
	}
	return nil
}

// addForeignKey is ATAddForeignKeyConstraint for one constraint of rel.
func (s *sqlCtx) addForeignKey(rel *catalog.Relation, fk pendingForeignKey, validate bool) error {
	c := fk.c
	if err := checkForeignKeyOptions(c); err != nil {
		return err
	}
	// ShareRowExclusiveLock on the referenced table, as PostgreSQL takes
	// to add its triggers: no rows change under the check.
	pk, err := s.openRelation(c.Pktable.Schemaname, c.Pktable.Relname, lmgr.ShareRowExclusiveLock, true)
	if err != nil {
		return err
	}
	if pk == nil {
		return pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", rangeVarName(c.Pktable))
	}
	if pk.Kind != 'r' {
		return pgerr.Newf(pgerr.WrongObjectType, "referenced relation \"%s\" is not a table", pk.Name)
	}
	if isSystemRelation(pk) {
		return pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied: \"%s\" is a system catalog", pk.Name)
	}
	switch {
	case rel.Persistence == 'p' && pk.Persistence != 'p':
		return pgerr.New(pgerr.InvalidTableDefinition, "constraints on permanent tables may reference only permanent tables")
	case rel.Persistence == 't' && pk.Persistence != 't':
		return pgerr.New(pgerr.InvalidTableDefinition, "constraints on temporary tables may reference only temporary tables")
	}
	fkAttrs, err := fkColumnNumbers(rel, fk.fkColumns())
	if err != nil {
		return err
	}
	var pkAttrs []int16
	if len(c.PkAttrs) > 0 {
		if pkAttrs, err = fkColumnNumbers(pk, nameListOf(c.PkAttrs)); err != nil {
			return err
		}
	}
	index, pkAttrs, classes, err := s.referencedKey(pk, pkAttrs)
	if err != nil {
		return err
	}
	if len(pkAttrs) != len(fkAttrs) {
		return pgerr.New(pgerr.InvalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
	}
	delType, updType := fkAction(c.FkDelAction), fkAction(c.FkUpdAction)
	// A generated column cannot be set by an action (per the SQL
	// standard, as ATAddForeignKeyConstraint checks).
	for _, a := range fkAttrs {
		if rel.Attrs[a-1].Generated == 0 {
			continue
		}
		if updType == catalog.FKSetNull || updType == catalog.FKSetDefault || updType == catalog.FKCascade {
			return pgerr.New(pgerr.SyntaxError, "invalid ON UPDATE action for foreign key constraint containing generated column")
		}
		if delType == catalog.FKSetNull || delType == catalog.FKSetDefault {
			return pgerr.New(pgerr.SyntaxError, "invalid ON DELETE action for foreign key constraint containing generated column")
		}
	}
	var delSetCols []int16
	if len(c.FkDelSetCols) > 0 {
		for _, n := range nameListOf(c.FkDelSetCols) {
			a := columnNumber(rel, n)
			if a == 0 {
				return pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" referenced in foreign key constraint does not exist", n)
			}
			if !slices.Contains(fkAttrs, a) {
				return pgerr.Newf(pgerr.InvalidColumnReference, "column \"%s\" referenced in ON DELETE SET action must be part of foreign key", n)
			}
			if !slices.Contains(delSetCols, a) {
				delSetCols = append(delSetCols, a)
			}
		}
	}
	taken, onRel, err := s.constraintNames(rel.Namespace, rel.OID)
	if err != nil {
		return err
	}
	name := c.Conname
	if name != "" {
		if onRel[name] {
			return pgerr.Newf(pgerr.DuplicateObject, "constraint \"%s\" for relation \"%s\" already exists", name, rel.Name)
		}
	} else {
		var cols []string
		for _, a := range fkAttrs {
			cols = append(cols, rel.Attrs[a-1].Name)
		}
		name = chooseLabeledConstraintName(rel.Name, strings.Join(cols, "_"), "fkey", taken)
	}
	var fkCols, pkCols []catalog.Attribute
	for i := range fkAttrs {
		fkCols, pkCols = append(fkCols, rel.Attrs[fkAttrs[i]-1]), append(pkCols, pk.Attrs[pkAttrs[i]-1])
	}
	pfeq, ppeq, ffeq, err := s.fkEqualityOperators(name, fkCols, pkCols, classes)
	if err != nil {
		return err
	}
	matchType := catalog.FKMatchSimple
	if c.FkMatchtype == "f" {
		matchType = catalog.FKMatchFull
	}
	key := &catalog.ForeignKey{Name: name, Namespace: rel.Namespace, Rel: rel.OID, RefRel: pk.OID, Index: index.OID,
		Keys: fkAttrs, RefKeys: pkAttrs, PFEq: pfeq, PPEq: ppeq, FFEq: ffeq, UpdType: updType, DelType: delType,
		MatchType: matchType, Deferrable: c.Deferrable, Deferred: c.Initdeferred, Validated: true, DelSetCols: delSetCols}
	if key.OID, err = s.newOID(); err != nil {
		return err
	}
	if validate {
		if c.SkipValidation {
			key.Validated = false
		} else if err := s.validateForeignKey(rel, pk, key); err != nil {
			return err
		}
	}
	return s.insertForeignKey(key)
}

// chooseLabeledConstraintName is ChooseConstraintName with a label:
// table_columns_label, with a number added to the label until no
// constraint of the namespace has the name.
func chooseLabeledConstraintName(table, columns, label string, taken map[string]bool) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l += strconv.Itoa(pass)
		}
		name := makeObjectName(table, columns, l)
		if !taken[name] {
			return name
		}
	}
}

// int2ArrayD and oidArrayD are int2[] and oid[] column values.
func int2ArrayD(vals []int16) types.Datum {
	if vals == nil {
		return types.Null
	}
	elems := make([]types.Datum, len(vals))
	for i, v := range vals {
		elems[i] = types.Int(int64(v))
	}
	return types.ArrayDatum(types.NewArray1(types.OidInt2, elems))
}

func oidArrayD(vals []uint32) types.Datum {
	elems := make([]types.Datum, len(vals))
	for i, v := range vals {
		elems[i] = oidD(v)
	}
	return types.ArrayDatum(types.NewArray1(types.OidOid, elems))
}

// insertForeignKey writes the pg_constraint row of key, its
// dependencies, and relhastriggers on both tables.
func (s *sqlCtx) insertForeignKey(key *catalog.ForeignKey) error {
	oid := key.OID
	row := newCatalogRow(catalog.Lookup("pg_constraint")).set("oid", oidD(oid)).set("conname", types.Text(key.Name)).
		set("connamespace", oidD(key.Namespace)).set("contype", charD('f')).set("condeferrable", types.Bool(key.Deferrable)).
		set("condeferred", types.Bool(key.Deferred)).set("convalidated", types.Bool(key.Validated)).set("conrelid", oidD(key.Rel)).
		set("contypid", oidD(0)).set("conindid", oidD(key.Index)).set("conparentid", oidD(0)).set("confrelid", oidD(key.RefRel)).
		set("confupdtype", charD(key.UpdType)).set("confdeltype", charD(key.DelType)).set("confmatchtype", charD(key.MatchType)).
		set("conislocal", types.Bool(true)).set("coninhcount", types.Int(0)).set("connoinherit", types.Bool(true)).
		set("conkey", int2ArrayD(key.Keys)).set("confkey", int2ArrayD(key.RefKeys)).
		set("conpfeqop", oidArrayD(key.PFEq)).set("conppeqop", oidArrayD(key.PPEq)).set("conffeqop", oidArrayD(key.FFEq)).
		set("confdelsetcols", int2ArrayD(key.DelSetCols))
	if err := s.insertCatalog(row); err != nil {
		return err
	}
	con := constraintAddress(oid)
	var deps []dependency
	for _, a := range key.Keys {
		deps = append(deps, dependency{con, columnAddress(key.Rel, a), depAuto})
	}
	for _, a := range key.RefKeys {
		deps = append(deps, dependency{con, columnAddress(key.RefRel, a), depNormal})
	}
	deps = append(deps, dependency{con, relationAddress(key.Index), depNormal})
	if err := s.recordDependencies(deps); err != nil {
		return err
	}
	if err := s.insertRITriggers(oid, key); err != nil {
		return err
	}
	relids := []uint32{key.Rel}
	if key.RefRel != key.Rel {
		relids = append(relids, key.RefRel)
	}
	for _, relid := range relids {
		if err := s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relhastriggers")] = types.Bool(true) }); err != nil {
			return err
		}
		s.cache.InvalidateRelation(relid, false)
	}
	return nil
}

// foreignKeyByName finds rel's foreign key called name.
func foreignKeyByName(rel *catalog.Relation, name string) *catalog.ForeignKey {
	for _, fk := range rel.ForeignKeys {
		if fk.Name == name {
			return fk
		}
	}
	return nil
}

// validateForeignKeyConstraint is ALTER TABLE VALIDATE CONSTRAINT of a
// foreign key: the rows are checked and convalidated set.
func (s *sqlCtx) validateForeignKeyConstraint(rel *catalog.Relation, fk *catalog.ForeignKey) error {
	if fk.Validated {
		return nil
	}
	pk, err := s.cache.RelationByOID(s, fk.RefRel)
	if err != nil {
		return err
	}
	if err := s.lock(pk.OID, lmgr.RowShareLock); err != nil {
		return err
	}
	if err := s.validateForeignKey(rel, pk, fk); err != nil {
		return err
	}
	pc := catalog.Lookup("pg_constraint")
	iOID := pc.Column("oid")
	if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == fk.OID },
		func(r []types.Datum) { r[pc.Column("convalidated")] = types.Bool(true) }); err != nil {
		return err
	}
	s.cache.InvalidateRelation(rel.OID, false)
	s.cache.InvalidateRelation(pk.OID, false)
	return nil
}

// dropForeignKeyRelations forgets the relation cache entries of both
// tables of a foreign key being dropped; relhastriggers stays set, as
// PostgreSQL leaves it until VACUUM notices.
func (s *sqlCtx) dropForeignKeyRelations(row []types.Datum) {
	c := catalog.Lookup("pg_constraint")
	if byte(row[c.Column("contype")].Int()) != 'f' {
		return
	}
	s.cache.InvalidateRelation(uint32(row[c.Column("conrelid")].Int()), false)
	s.cache.InvalidateRelation(uint32(row[c.Column("confrelid")].Int()), false)
}

// fkActionText spells a foreign key action as pg_get_constraintdef does.
func fkActionText(a byte) string {
	switch a {
	case catalog.FKRestrict:
		return "RESTRICT"
	case catalog.FKCascade:
		return "CASCADE"
	case catalog.FKSetNull:
		return "SET NULL"
	case catalog.FKSetDefault:
		return "SET DEFAULT"
	}
	return ""
}

// foreignKeyDefinition is pg_get_constraintdef of a foreign key:
// "FOREIGN KEY (a) REFERENCES p(id) MATCH FULL ON UPDATE CASCADE ON
// DELETE SET NULL (a) DEFERRABLE INITIALLY DEFERRED", the referenced
// table qualified when it is not visible in the search path, and " NOT
// VALID" for a constraint not validated.
func (n names) foreignKeyDefinition(r []types.Datum) (string, bool, error) {
	s := n.s
	fk := catalog.ForeignKeyFromRow(r)
	rel, err := s.cache.RelationByOID(s, fk.Rel)
	if err != nil || rel == nil {
		return "", false, err
	}
	pk, err := s.cache.RelationByOID(s, fk.RefRel)
	if err != nil || pk == nil {
		return "", false, err
	}
	colList := func(rel *catalog.Relation, attnums []int16) string {
		var cols []string
		for _, a := range attnums {
			if a >= 1 && int(a) <= len(rel.Attrs) {
				cols = append(cols, builtins.QuoteIdent(rel.Attrs[a-1].Name))
			}
		}
		return strings.Join(cols, ", ")
	}
	pkName, err := s.describeRelationName(pk)
	if err != nil {
		return "", false, err
	}
	def := "FOREIGN KEY (" + colList(rel, fk.Keys) + ") REFERENCES " + pkName + "(" + colList(pk, fk.RefKeys) + ")"
	switch fk.MatchType {
	case catalog.FKMatchFull:
		def += " MATCH FULL"
	case catalog.FKMatchPartial:
		def += " MATCH PARTIAL"
	}
	if a := fkActionText(fk.UpdType); a != "" {
		def += " ON UPDATE " + a
	}
	if a := fkActionText(fk.DelType); a != "" {
		def += " ON DELETE " + a
		if len(fk.DelSetCols) > 0 {
			def += " (" + colList(rel, fk.DelSetCols) + ")"
		}
	}
	if fk.Deferrable {
		def += " DEFERRABLE"
	}
	if fk.Deferred {
		def += " INITIALLY DEFERRED"
	}
	if !fk.Validated {
		def += " NOT VALID"
	}
	return def, true, nil
}

// describeRelationName is generate_relation_name: the relation's name,
// schema-qualified when the search path would not find it by its name
// alone.
func (s *sqlCtx) describeRelationName(rel *catalog.Relation) (string, error) {
	visible, err := s.relationVisible(rel)
	if err != nil {
		return "", err
	}
	if visible {
		return builtins.QuoteIdent(rel.Name), nil
	}
	return builtins.QuoteIdent(rel.NamespaceName) + "." + builtins.QuoteIdent(rel.Name), nil
}

// truncateForeignKeys is ExecuteTruncate's foreign key step: with
// CASCADE the tables referencing those truncated are truncated too
// (heap_truncate_find_FKs, a NOTICE each); otherwise a table referenced
// from a table not truncated with it is refused
// (heap_truncate_check_FKs).
func (s *sqlCtx) truncateForeignKeys(rels []*catalog.Relation, cascade bool) ([]*catalog.Relation, error) {
	in := map[uint32]bool{}
	for _, r := range rels {
		in[r.OID] = true
	}
	if cascade {
		for i := 0; i < len(rels); i++ {
			for _, fk := range rels[i].ReferencedBy {
				if in[fk.Rel] {
					continue
				}
				if err := s.lock(fk.Rel, lmgr.AccessExclusiveLock); err != nil {
					return nil, err
				}
				rel, err := s.cache.RelationByOID(s, fk.Rel)
				if err != nil {
					return nil, err
				}
				if rel == nil {
					continue
				}
				in[rel.OID] = true
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "truncate cascades to table \"%s\"", rel.Name))
				rels = append(rels, rel)
			}
		}
		return rels, nil
	}
	for _, r := range rels {
		for _, fk := range r.ReferencedBy {
			if in[fk.Rel] {
				continue
			}
			rel, err := s.cache.RelationByOID(s, fk.Rel)
			if err != nil {
				return nil, err
			}
			if rel == nil {
				continue
			}
			return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot truncate a table referenced in a foreign key constraint").
				WithDetail("Table \"%s\" references \"%s\".", rel.Name, r.Name).
				WithHint("Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.", rel.Name)
		}
	}
	return rels, nil
}

// fkEqualityOperators chooses a foreign key's operators as
// ATAddForeignKeyConstraint does: for each column pair, the referenced
// column's operator class's "=" between its type and the referencing
// column's (pfeq) and for the referencing type alone (ffeq), else, when
// the referencing type converts implicitly, the class's own "=" (ppeq)
// for all three.
func (s *sqlCtx) fkEqualityOperators(name string, fkCols, pkCols []catalog.Attribute, classes []uint32) (pfeq, ppeq, ffeq []uint32, err error) {
	for i := range fkCols {
		oc, ok := catalog.BtreeOpclassByOID(classes[i])
		if !ok {
			return nil, nil, nil, pgerr.Newf(pgerr.FeatureNotSupported, "operator class %d is not supported", classes[i])
		}
		in := oc.InType
		pp, ok := catalog.OpfamilyMember(oc.Family, in, in, catalog.BTEqualStrategy)
		if !ok {
			return nil, nil, nil, pgerr.Newf(pgerr.UndefinedObject, "missing operator %d(%d,%d) in opfamily %d", catalog.BTEqualStrategy, in, in, oc.Family)
		}
		fa, pa := fkCols[i], pkCols[i]
		fkType := types.DomainBase(fa.Type)
		pf, okPF := catalog.OpfamilyMember(oc.Family, in, fkType, catalog.BTEqualStrategy)
		ff, okFF := catalog.OpfamilyMember(oc.Family, fkType, fkType, catalog.BTEqualStrategy)
		if !okPF || !okFF {
			if !analyze.CanCoerceImplicit(catalogAdapter{s}, fkType, in) {
				return nil, nil, nil, pgerr.Newf(pgerr.DatatypeMismatch, "foreign key constraint \"%s\" cannot be implemented", name).
					WithDetail("Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
						fa.Name, pa.Name, s.typeName(fa.Type, -1), s.typeName(pa.Type, -1))
			}
			pf, ff = pp, pp
		}
		pfeq, ppeq, ffeq = append(pfeq, pf), append(ppeq, pp), append(ffeq, ff)
	}
	return pfeq, ppeq, ffeq, nil
}

// foreignKeyColumns are the referencing and referenced columns of fk
// (the referencing ones as attrs gives them) and the operator classes
// of its referenced index.
func (s *sqlCtx) foreignKeyColumns(fk *catalog.ForeignKey, attrs []catalog.Attribute, pk *catalog.Relation) (fkCols, pkCols []catalog.Attribute, classes []uint32, err error) {
	irel, err := s.cache.RelationByOID(s, fk.Index)
	if err != nil {
		return nil, nil, nil, err
	}
	if irel == nil || irel.Index == nil {
		return nil, nil, nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for index %d", fk.Index)
	}
	for i, a := range fk.RefKeys {
		k := slices.Index(irel.Index.Keys, a)
		if k < 0 || k >= len(irel.Index.Classes) {
			return nil, nil, nil, pgerr.Newf(pgerr.InternalError, "index \"%s\" does not cover foreign key \"%s\"", irel.Name, fk.Name)
		}
		fkCols, pkCols = append(fkCols, attrs[fk.Keys[i]-1]), append(pkCols, pk.Attrs[a-1])
		classes = append(classes, irel.Index.Classes[k])
	}
	return fkCols, pkCols, classes, nil
}

// foreignKeysOfColumn prepares ALTER COLUMN TYPE of rel's column attnum
// to typ: the foreign keys of rel on it, which must still be possible
// with the new type (their operators are chosen again afterwards, by
// rebuildForeignKeys). A referenced column cannot change type (its
// unique index refuses it anyway).
func (s *sqlCtx) foreignKeysOfColumn(rel *catalog.Relation, attnum int16, typ uint32, typmod int32) ([]*catalog.ForeignKey, error) {
	if a := rel.Attrs[attnum-1]; a.Type == typ && a.TypMod == typmod {
		return nil, nil
	}
	for _, fk := range rel.ReferencedBy {
		if slices.Contains(fk.RefKeys, attnum) {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "ALTER COLUMN TYPE of a column referenced by foreign key constraint \"%s\" is not supported yet", fk.Name)
		}
	}
	var out []*catalog.ForeignKey
	for _, fk := range rel.ForeignKeys {
		if !slices.Contains(fk.Keys, attnum) {
			continue
		}
		pk, err := s.cache.RelationByOID(s, fk.RefRel)
		if err != nil {
			return nil, err
		}
		if pk == nil {
			continue
		}
		attrs := slices.Clone(rel.Attrs)
		attrs[attnum-1].Type, attrs[attnum-1].TypMod = typ, typmod
		fkCols, pkCols, classes, err := s.foreignKeyColumns(fk, attrs, pk)
		if err != nil {
			return nil, err
		}
		if _, _, _, err := s.fkEqualityOperators(fk.Name, fkCols, pkCols, classes); err != nil {
			return nil, err
		}
		out = append(out, fk)
	}
	return out, nil
}

// rebuildForeignKeys chooses the operators of foreign keys of relid
// again after a column of theirs changed type, and checks the rows of
// those that were valid, as PostgreSQL's re-creation of the constraint
// does.
func (s *sqlCtx) rebuildForeignKeys(relid uint32, fks []*catalog.ForeignKey) error {
	if len(fks) == 0 {
		return nil
	}
	s.nextCommand()
	rel, err := s.cache.RelationByOID(s, relid)
	if err != nil {
		return err
	}
	pc := catalog.Lookup("pg_constraint")
	iOID := pc.Column("oid")
	for _, old := range fks {
		fk := foreignKeyByName(rel, old.Name)
		if fk == nil {
			continue
		}
		pk, err := s.cache.RelationByOID(s, fk.RefRel)
		if err != nil {
			return err
		}
		fkCols, pkCols, classes, err := s.foreignKeyColumns(fk, rel.Attrs, pk)
		if err != nil {
			return err
		}
		pfeq, _, ffeq, err := s.fkEqualityOperators(fk.Name, fkCols, pkCols, classes)
		if err != nil {
			return err
		}
		if err := s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == fk.OID },
			func(r []types.Datum) {
				r[pc.Column("conpfeqop")], r[pc.Column("conffeqop")] = oidArrayD(pfeq), oidArrayD(ffeq)
			}); err != nil {
			return err
		}
		s.cache.InvalidateRelation(rel.OID, false)
		s.cache.InvalidateRelation(pk.OID, false)
		if fk.Validated {
			if err := s.validateForeignKey(rel, pk, fk); err != nil {
				return err
			}
		}
	}
	return nil
}
