// Dependencies between database objects (PostgreSQL's catalog/pg_depend.c
// and catalog/dependency.c): DDL records in pg_depend what each new object
// needs, and DROP follows those rows to find what must go with an object
// (CASCADE) or what forbids dropping it (RESTRICT), describing objects in
// PostgreSQL's words.

package sql

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// OIDs of catalogs that appear as object classes in pg_depend.
const (
	attrDefaultRelationID uint32 = 2604
	constraintRelationID  uint32 = 2606
	dependRelationID      uint32 = 2608
)

// objectAddress is PostgreSQL's ObjectAddress: an object is a row of
// catalog classID; subID is a column number for a column of a relation,
// 0 for the whole object.
type objectAddress struct {
	classID, objID uint32
	subID          int32
}

func relationAddress(oid uint32) objectAddress {
	return objectAddress{classID: catalog.RelationRelationID, objID: oid}
}

func columnAddress(rel uint32, attnum int16) objectAddress {
	return objectAddress{classID: catalog.RelationRelationID, objID: rel, subID: int32(attnum)}
}

func typeAddress(oid uint32) objectAddress {
	return objectAddress{classID: catalog.TypeRelationID, objID: oid}
}

func namespaceAddress(oid uint32) objectAddress {
	return objectAddress{classID: catalog.NamespaceRelationID, objID: oid}
}

func attrDefAddress(oid uint32) objectAddress {
	return objectAddress{classID: attrDefaultRelationID, objID: oid}
}

// Dependency types (pg_depend.deptype).
const (
	// depNormal: the dependent may be dropped alone; dropping the
	// referenced object needs CASCADE.
	depNormal byte = 'n'
	// depAuto: the dependent goes silently with the referenced object.
	depAuto byte = 'a'
	// depInternal: the dependent is part of the referenced object's
	// implementation (a table's row type, its TOAST table): it goes with
	// it, and cannot be dropped alone.
	depInternal byte = 'i'
)

// isPinned is IsPinnedObject: objects made by initdb's bootstrap (OIDs
// below FirstUnpinnedObjectId) are never dropped, so nothing records a
// dependency on them; the public schema is the exception (PostgreSQL 15
// lets users drop it). Unlike PostgreSQL, the objects initdb makes after
// the bootstrap that gpostgres has (information_schema's schema, domains
// and functions: OIDs up to FirstNormalObjectId) are pinned too: they are
// built-in rows the catalog caches hold whatever the heaps say.
func isPinned(a objectAddress) bool {
	if a.objID >= catalog.FirstNormalOID {
		return false
	}
	return !(a.classID == catalog.NamespaceRelationID && a.objID == catalog.PublicNamespace)
}

// recordDependency is recordDependencyOn: dep depends on ref with type t.
func (s *sqlCtx) recordDependency(dep, ref objectAddress, t byte) error {
	if isPinned(ref) {
		return nil
	}
	row := newCatalogRow(catalog.Lookup("pg_depend")).
		set("classid", oidD(dep.classID)).set("objid", oidD(dep.objID)).set("objsubid", types.Int(int64(dep.subID))).
		set("refclassid", oidD(ref.classID)).set("refobjid", oidD(ref.objID)).set("refobjsubid", types.Int(int64(ref.subID))).
		set("deptype", charD(t))
	return s.insertCatalog(row)
}

// dependency is one dependency to record.
type dependency struct {
	dep, ref objectAddress
	deptype  byte
}

// recordDependencies records each dependency.
func (s *sqlCtx) recordDependencies(deps []dependency) error {
	for _, d := range deps {
		if err := s.recordDependency(d.dep, d.ref, d.deptype); err != nil {
			return err
		}
	}
	return nil
}

// exprDependencies is the part of recordDependencyOnExpr that matters
// while users cannot create types or functions: the relations named by
// regclass constants (nextval('s'::regclass) depends on sequence s).
func exprDependencies(e expr.Expr) []objectAddress {
	var out []objectAddress
	seen := map[objectAddress]bool{}
	plan.Walk(e, func(x expr.Expr) bool {
		if c, ok := x.(*expr.Const); ok && c.Typ == types.OidRegclass && !c.Value.IsNull() {
			a := relationAddress(uint32(c.Value.Int()))
			if !seen[a] && !isPinned(a) {
				seen[a] = true
				out = append(out, a)
			}
		}
		return true
	})
	return out
}

// userFunctions are the functions users made that e calls, in the order
// first called (recordDependencyOnExpr's functions; built-in ones are
// pinned).
func userFunctions(e expr.Expr) []uint32 {
	var out []uint32
	seen := map[uint32]bool{}
	plan.Walk(e, func(x expr.Expr) bool {
		if f, ok := x.(*expr.FuncExpr); ok && f.Func.OID >= catalog.FirstNormalOID && !seen[f.Func.OID] {
			seen[f.Func.OID] = true
			out = append(out, f.Func.OID)
		}
		return true
	})
	return out
}

// userFunctionsOf are the functions users made that query q calls, its
// subqueries included, in OID order.
func userFunctionsOf(q *plan.Query) []uint32 {
	var out []uint32
	for f := range plan.ReferencedFunctions(q) {
		if f >= catalog.FirstNormalOID {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// dependRow is one pg_depend row.
type dependRow struct {
	dep, ref objectAddress
	deptype  byte
}

// scanDepend returns the pg_depend rows that match.
func (s *sqlCtx) scanDepend(match func(r dependRow) bool) ([]dependRow, error) {
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iSub := c.Column("classid"), c.Column("objid"), c.Column("objsubid")
	iRefClass, iRefObj, iRefSub, iType := c.Column("refclassid"), c.Column("refobjid"), c.Column("refobjsubid"), c.Column("deptype")
	var out []dependRow
	err := s.ScanCatalog(c, func(row []types.Datum) (bool, error) {
		r := dependRow{
			dep:     objectAddress{uint32(row[iClass].Int()), uint32(row[iObj].Int()), int32(row[iSub].Int())},
			ref:     objectAddress{uint32(row[iRefClass].Int()), uint32(row[iRefObj].Int()), int32(row[iRefSub].Int())},
			deptype: byte(row[iType].Int()),
		}
		if match(r) {
			out = append(out, r)
		}
		return true, nil
	})
	return out, err
}

// sameObject reports whether a (a whole object or a column) falls under
// target: a whole object covers its columns.
func sameObject(a, target objectAddress) bool {
	return a.classID == target.classID && a.objID == target.objID && (target.subID == 0 || a.subID == target.subID)
}

// deletion is one object to delete and why it is on the list (the flags
// of every path that reached it).
type deletion struct {
	addr objectAddress
	// original: the statement named it.
	original bool
	// normal: reached through a normal dependency; by is the object it
	// depends on there.
	normal bool
	by     objectAddress
	// auto: reached through an automatic or internal dependency, so it
	// goes silently even if a normal dependency reached it too.
	auto bool
}

// needsCascade reports whether only CASCADE may delete it, and whether
// CASCADE names it.
func (d *deletion) needsCascade() bool { return d.normal && !d.auto && !d.original }

// dropBehavior is DROP's RESTRICT (the default) or CASCADE.
type dropBehavior bool

const (
	dropRestrict dropBehavior = false
	dropCascade  dropBehavior = true
)

// performDeletion is performMultipleDeletions: it deletes the targets and
// everything that depends on them, after checking that RESTRICT allows it
// and telling the client what CASCADE removes.
func (s *sqlCtx) performDeletion(targets []objectAddress, behavior dropBehavior) error {
	return s.performDeletionChecked(targets, behavior, false)
}

// checkDeletion makes performDeletion's checks and reports without
// locking or deleting anything: DROP INDEX CONCURRENTLY refuses what
// the drop at its end would refuse before it changes anything.
func (s *sqlCtx) checkDeletion(targets []objectAddress, behavior dropBehavior) error {
	return s.performDeletionChecked(targets, behavior, true)
}

func (s *sqlCtx) performDeletionChecked(targets []objectAddress, behavior dropBehavior, checkOnly bool) error {
	var list []*deletion
	seen := map[objectAddress]*deletion{}
	isTarget := func(a objectAddress) bool {
		for _, t := range targets {
			if sameObject(a, t) {
				return true
			}
		}
		return false
	}
	for _, t := range targets {
		if err := s.checkNotInternal(t, isTarget); err != nil {
			return err
		}
	}
	var collect func(d *deletion) error
	collect = func(d *deletion) error {
		if prev := seen[d.addr]; prev != nil {
			prev.auto = prev.auto || d.auto
			if d.normal && !prev.normal {
				prev.normal, prev.by = true, d.by
			}
			return nil
		}
		seen[d.addr] = d
		if !checkOnly {
			if err := s.lockForDeletion(d.addr); err != nil {
				return err
			}
		}
		deps, err := s.scanDepend(func(r dependRow) bool { return sameObject(r.ref, d.addr) })
		if err != nil {
			return err
		}
		// Dependents are visited in descending OID order, so that the
		// report, which reads the list backwards, names them in
		// ascending order as PostgreSQL's does.
		sort.SliceStable(deps, func(i, j int) bool {
			a, b := deps[i].dep, deps[j].dep
			if a.objID != b.objID {
				return a.objID > b.objID
			}
			if a.classID != b.classID {
				return a.classID < b.classID
			}
			// Columns of one table that depend on a type are reported
			// from the last to the first, as PostgreSQL's sort of
			// dependents (subId ascending, read backwards) gives.
			if d.addr.classID == catalog.TypeRelationID {
				return a.subID < b.subID
			}
			return a.subID > b.subID
		})
		for _, r := range deps {
			if isTarget(r.dep) {
				continue
			}
			// Dependents of a column are dependents of the object when the
			// whole object goes.
			next := &deletion{addr: objectAddress{r.dep.classID, r.dep.objID, 0}, by: d.addr}
			if r.dep.classID == catalog.RelationRelationID && r.dep.subID != 0 && r.deptype == depNormal {
				// A column that depends on something (a type) is dropped
				// with the whole relation.
				next.addr = r.dep
				// A column of a relation that goes anyway (a composite
				// type's, when the type is dropped too) is not an object
				// of its own here.
				rel := relationAddress(r.dep.objID)
				if seen[rel] != nil {
					continue
				}
				if owner, ok, err := s.internalOwner(rel); err != nil {
					return err
				} else if ok && (isTarget(owner) || seen[owner] != nil) {
					continue
				}
			}
			next.normal = r.deptype == depNormal
			next.auto = !next.normal
			// An object that is part of another (a view's rule) goes with
			// its owner: the owner is what gets deleted and reported.
			if next.normal {
				owner, ok, err := s.internalOwner(next.addr)
				if err != nil {
					return err
				}
				if ok && !sameObject(owner, d.addr) && !sameObject(d.addr, owner) {
					next.addr = owner
				}
			}
			if err := collect(next); err != nil {
				return err
			}
		}
		list = append(list, d)
		return nil
	}
	for _, t := range targets {
		if err := collect(&deletion{addr: t, original: true}); err != nil {
			return err
		}
	}
	// A column reached as the owner of one of its parts (an identity
	// column's sequence, found through the sequence's schema) is no
	// object of its own when its whole relation goes too: the relation's
	// deletion takes it, as PostgreSQL drops the subobject entry.
	kept := list[:0]
	for _, d := range list {
		if d.addr.classID == catalog.RelationRelationID && d.addr.subID != 0 && !d.original &&
			seen[relationAddress(d.addr.objID)] != nil {
			continue
		}
		kept = append(kept, d)
	}
	list = kept
	if err := s.reportDeletion(list, targets, behavior); err != nil || checkOnly {
		return err
	}
	for _, d := range list {
		if err := s.deleteObject(d.addr); err != nil {
			return err
		}
		// The next deletion must see this one's catalog changes.
		s.nextCommand()
	}
	return nil
}

// checkNotInternal refuses to drop an object that is part of another one
// (a table's row type, a TOAST table) unless that one goes too.
func (s *sqlCtx) checkNotInternal(a objectAddress, isTarget func(objectAddress) bool) error {
	owners, err := s.scanDepend(func(r dependRow) bool { return sameObject(r.dep, a) && r.deptype == depInternal })
	if err != nil {
		return err
	}
	for _, r := range owners {
		if isTarget(r.ref) {
			continue
		}
		what, err := s.describeObject(a)
		if err != nil {
			return err
		}
		owner, err := s.describeObject(r.ref)
		if err != nil {
			return err
		}
		return pgerr.Newf(pgerr.DependentObjectsStillExist, "cannot drop %s because %s requires it", what, owner).
			WithHint("You can drop %s instead.", owner)
	}
	return nil
}

// internalOwner returns the object a is internally part of, if any.
func (s *sqlCtx) internalOwner(a objectAddress) (objectAddress, bool, error) {
	rows, err := s.scanDepend(func(r dependRow) bool { return sameObject(r.dep, a) && r.deptype == depInternal })
	if err != nil || len(rows) == 0 {
		return objectAddress{}, false, err
	}
	return rows[0].ref, true, nil
}

// lockForDeletion is AcquireDeletionLock: relations get AccessExclusiveLock,
// other objects an object lock in the same mode.
func (s *sqlCtx) lockForDeletion(a objectAddress) error {
	if a.classID == catalog.RelationRelationID {
		return s.lock(a.objID, lmgr.AccessExclusiveLock)
	}
	_, err := s.heap.Locks.LockAcquire(s.ctx, lmgr.ObjectTag(s.db, a.classID, a.objID, 0), lmgr.AccessExclusiveLock, false)
	return err
}

// maxReportedDependents bounds the DETAIL lines of a dependency report,
// as PostgreSQL's MAX_REPORTED_DEPS.
const maxReportedDependents = 100

// reportDeletion is reportDependentObjects: under RESTRICT, objects that
// only CASCADE may drop are an error listing them; under CASCADE a notice
// names them.
func (s *sqlCtx) reportDeletion(list []*deletion, targets []objectAddress, behavior dropBehavior) error {
	var lines []string
	n := 0
	for i := len(list) - 1; i >= 0; i-- {
		d := list[i]
		if !d.needsCascade() {
			continue
		}
		n++
		if n > maxReportedDependents {
			continue
		}
		what, err := s.describeObject(d.addr)
		if err != nil {
			return err
		}
		if behavior == dropCascade {
			lines = append(lines, "drop cascades to "+what)
			continue
		}
		by, err := s.describeObject(d.by)
		if err != nil {
			return err
		}
		lines = append(lines, what+" depends on "+by)
	}
	if n == 0 {
		return nil
	}
	if n > maxReportedDependents {
		lines = append(lines, fmt.Sprintf("and %d other objects (see server log for list)", n-maxReportedDependents))
	}
	if behavior == dropRestrict {
		msg := "cannot drop desired object(s) because other objects depend on them"
		if len(targets) == 1 {
			what, err := s.describeObject(targets[0])
			if err != nil {
				return err
			}
			msg = "cannot drop " + what + " because other objects depend on it"
		}
		return pgerr.New(pgerr.DependentObjectsStillExist, msg).WithDetail("%s", strings.Join(lines, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	if n == 1 {
		s.notice(pgerr.New(pgerr.SuccessfulCompletion, lines[0]))
		return nil
	}
	s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "drop cascades to %d other objects", n).WithDetail("%s", strings.Join(lines, "\n")))
	return nil
}

// deleteObject is deleteOneObject: the object's own catalog rows, then the
// pg_depend rows that record what it depended on.
func (s *sqlCtx) deleteObject(a objectAddress) error {
	var err error
	switch a.classID {
	case catalog.RelationRelationID:
		if a.subID != 0 {
			err = s.deleteColumn(a.objID, int16(a.subID))
		} else {
			err = s.deleteRelation(a.objID)
		}
	case catalog.TypeRelationID:
		err = s.deleteType(a.objID)
	case attrDefaultRelationID:
		err = s.deleteAttrDefault(a.objID)
	case catalog.NamespaceRelationID:
		err = s.deleteNamespace(a.objID)
	case rewriteRelationID:
		err = s.deleteRule(a.objID)
	case constraintRelationID:
		err = s.deleteConstraint(a.objID)
	case triggerRelationID:
		err = s.deleteTrigger(a.objID)
	case catalog.ProcedureRelationID:
		err = s.deleteRoutine(a.objID)
	default:
		what, derr := s.describeObject(a)
		if derr != nil {
			return derr
		}
		return pgerr.Newf(pgerr.FeatureNotSupported, "dropping %s is not supported yet", what)
	}
	if err != nil {
		return err
	}
	if err := s.deleteDescriptions(a); err != nil {
		return err
	}
	c := catalog.Lookup("pg_depend")
	iClass, iObj, iSub := c.Column("classid"), c.Column("objid"), c.Column("objsubid")
	return s.deleteCatalogRows(c, func(row []types.Datum) bool {
		return uint32(row[iClass].Int()) == a.classID && uint32(row[iObj].Int()) == a.objID &&
			(a.subID == 0 || int32(row[iSub].Int()) == a.subID)
	})
}

// ---- object descriptions (objectaddress.c's getObjectDescription) ----

// describeObject names an object as PostgreSQL's messages do: "table t",
// "type s.t", "default value for column a of table t", "schema s".
func (s *sqlCtx) describeObject(a objectAddress) (string, error) {
	switch a.classID {
	case catalog.ProcedureRelationID:
		return s.describeRoutine(a.objID)
	case catalog.RelationRelationID:
		rel, err := s.describeRelation(a.objID)
		if err != nil || a.subID == 0 {
			return rel, err
		}
		r, err := s.cache.RelationByOID(s, a.objID)
		if err != nil {
			return "", err
		}
		col := fmt.Sprintf("%d", a.subID)
		if r != nil && int(a.subID) <= len(r.Attrs) && a.subID > 0 {
			col = r.Attrs[a.subID-1].Name
		}
		return "column " + col + " of " + rel, nil
	case catalog.TypeRelationID:
		t, err := s.cache.TypeByOID(s, a.objID)
		if err != nil {
			return "", err
		}
		if t == nil {
			return fmt.Sprintf("type %d", a.objID), nil
		}
		name, err := s.qualifiedTypeName(t)
		return "type " + name, err
	case catalog.NamespaceRelationID:
		name, ok, err := s.cache.NamespaceName(s, a.objID)
		if err != nil {
			return "", err
		}
		if !ok {
			name = fmt.Sprintf("%d", a.objID)
		}
		return "schema " + name, nil
	case constraintRelationID:
		name, rel, err := s.constraintTarget(a.objID)
		if err != nil {
			return "", err
		}
		if rel == 0 {
			typ, err := s.constraintDomain(a.objID)
			if err != nil {
				return "", err
			}
			dom, err := s.describeObject(typeAddress(typ))
			return "constraint " + name + " on " + strings.Replace(dom, "type ", "domain ", 1), err
		}
		on, err := s.describeRelation(rel)
		if err != nil {
			return "", err
		}
		return "constraint " + name + " on " + on, nil
	case triggerRelationID:
		name, rel, err := s.triggerTarget(a.objID)
		if err != nil {
			return "", err
		}
		on, err := s.describeRelation(rel)
		if err != nil {
			return "", err
		}
		return "trigger " + name + " on " + on, nil
	case rewriteRelationID:
		name, rel, err := s.ruleTarget(a.objID)
		if err != nil {
			return "", err
		}
		on, err := s.describeRelation(rel)
		if err != nil {
			return "", err
		}
		return "rule " + name + " on " + on, nil
	case attrDefaultRelationID:
		rel, attnum, err := s.attrDefTarget(a.objID)
		if err != nil {
			return "", err
		}
		col, err := s.describeObject(columnAddress(rel, attnum))
		if err != nil {
			return "", err
		}
		return "default value for " + col, nil
	}
	return "unrecognized object", nil
}

// describeRelation is getRelationDescription: the kind and the name,
// qualified when the search path does not find it.
func (s *sqlCtx) describeRelation(oid uint32) (string, error) {
	r, err := s.cache.RelationByOID(s, oid)
	if err != nil {
		return "", err
	}
	if r == nil {
		return fmt.Sprintf("relation %d", oid), nil
	}
	kind := "relation"
	switch r.Kind {
	case 'r', 'p':
		kind = "table"
	case 'i', 'I':
		kind = "index"
	case 'S':
		kind = "sequence"
	case 't':
		kind = "toast table"
	case 'v':
		kind = "view"
	case 'm':
		kind = "materialized view"
	case 'c':
		kind = "composite type"
	case 'f':
		kind = "foreign table"
	}
	name := builtins.QuoteIdent(r.Name)
	visible, err := s.relationVisible(r)
	if err != nil {
		return "", err
	}
	if !visible {
		name = builtins.QuoteIdent(r.NamespaceName) + "." + name
	}
	return kind + " " + name, nil
}

// relationVisible is RelationIsVisible: the unqualified name finds it.
func (s *sqlCtx) relationVisible(r *catalog.Relation) (bool, error) {
	oid, err := s.relationOID("", r.Name, false)
	return oid == r.OID, err
}

// qualifiedTypeName is format_type_be_qualified when the type is not
// visible, else its plain name.
func (s *sqlCtx) qualifiedTypeName(t *catalog.Type) (string, error) {
	if t.OID >= catalog.FirstNormalOID && t.Category == 'A' && t.Elem != 0 && t.Len == -1 {
		if e, err := s.cache.TypeByOID(s, t.Elem); err != nil || e == nil {
			return "", err
		} else if name, err := s.qualifiedTypeName(e); err != nil {
			return "", err
		} else {
			return name + "[]", nil
		}
	}
	name := types.FormatType(t.OID, -1)
	if t.OID >= catalog.FirstNormalOID {
		name = builtins.QuoteIdent(t.Name)
		path, err := s.searchPath()
		if err != nil {
			return "", err
		}
		for _, nsp := range path {
			o, err := s.cache.TypeOID(s, nsp, t.Name)
			if err != nil {
				return "", err
			}
			if o != 0 {
				if o == t.OID {
					return name, nil
				}
				break
			}
		}
		nspName, _, err := s.cache.NamespaceName(s, t.Namespace)
		if err != nil {
			return "", err
		}
		return builtins.QuoteIdent(nspName) + "." + name, nil
	}
	return name, nil
}

// attrDefTarget returns the column a pg_attrdef row belongs to.
func (s *sqlCtx) attrDefTarget(oid uint32) (uint32, int16, error) {
	c := catalog.Lookup("pg_attrdef")
	iOID, iRel, iNum := c.Column("oid"), c.Column("adrelid"), c.Column("adnum")
	var rel uint32
	var num int16
	err := s.ScanCatalog(c, func(row []types.Datum) (bool, error) {
		if uint32(row[iOID].Int()) == oid {
			rel, num = uint32(row[iRel].Int()), int16(row[iNum].Int())
			return false, nil
		}
		return true, nil
	})
	return rel, num, err
}

// ---- deleting objects of each class ----

// deleteRelation is heap_drop_with_catalog: the relation's catalog rows
// now, its files when the transaction commits. Its row type, TOAST table
// and defaults are objects of their own, deleted before it through their
// dependencies.
func (s *sqlCtx) deleteRelation(oid uint32) error {
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil {
		return err
	}
	if rel == nil {
		return pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", oid)
	}
	if err := s.checkNoPendingEvents(rel, "DROP TABLE"); err != nil {
		return err
	}
	// Every row goes: a write of the whole table for the serializable
	// transactions that read it (CheckTableForSerializableConflictIn).
	if s.tx != nil && rel.Persistence != 't' && rel.OID >= catalog.FirstUnpinnedOID {
		if err := s.tx.PredicateWrite(rel.OID); err != nil {
			return err
		}
	}
	pc, pa, pad := catalog.Lookup("pg_class"), catalog.Lookup("pg_attribute"), catalog.Lookup("pg_attrdef")
	iOID, iAttRel, iAdRel := pc.Column("oid"), pa.Column("attrelid"), pad.Column("adrelid")
	if err := s.deleteCatalogRows(pad, func(r []types.Datum) bool { return uint32(r[iAdRel].Int()) == oid }); err != nil {
		return err
	}
	if err := s.deleteCatalogRowsOf(pa, oid, func(r []types.Datum) bool { return uint32(r[iAttRel].Int()) == oid }); err != nil {
		return err
	}
	if err := s.deleteCatalogRowsOf(pc, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	if err := s.deleteStatistics(oid, 0); err != nil {
		return err
	}
	if rel.Kind == 'S' {
		if err := s.deleteSequenceTuple(oid); err != nil {
			return err
		}
		s.eng.Sequences.Forget(oid)
	}
	if rel.Kind == 'i' {
		table, err := s.deleteIndexRow(oid)
		if err != nil {
			return err
		}
		if table != 0 {
			s.cache.InvalidateRelation(table, false)
		}
		s.predicateIndexRetired(oid, table)
	}
	switch rel.Kind {
	case 'r', 't', 'm', 'S', 'i':
		loc := rel.Locator(s.db)
		eng := s.eng
		s.tx.AtCommit(func() { dropRelationStorage(eng, loc) })
		s.cache.InvalidateSmgr(loc)
	}
	if eng := s.eng; eng != nil {
		oid, shared := rel.OID, rel.Shared
		s.tx.AtCommit(func() { eng.Stats.DropRelation(oid, shared) })
	}
	s.cache.InvalidateClassName(rel.Namespace, rel.Name)
	s.cache.InvalidateRelation(rel.OID, false)
	return nil
}

// deleteType is RemoveTypeById.
func (s *sqlCtx) deleteType(oid uint32) error {
	t, err := s.cache.TypeByOID(s, oid)
	if err != nil {
		return err
	}
	pt := catalog.Lookup("pg_type")
	iOID := pt.Column("oid")
	if err := s.deleteCatalogRowsOf(pt, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	if t != nil {
		if t.TypType == 'e' {
			if err := s.deleteEnumLabels(oid); err != nil {
				return err
			}
		}
		s.cache.InvalidateType(oid, t.Namespace, t.Name)
	}
	return nil
}

// deleteAttrDefault is RemoveAttrDefaultById.
func (s *sqlCtx) deleteAttrDefault(oid uint32) error {
	rel, _, err := s.attrDefTarget(oid)
	if err != nil {
		return err
	}
	pad := catalog.Lookup("pg_attrdef")
	iOID := pad.Column("oid")
	if err := s.deleteCatalogRowsOf(pad, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	if rel != 0 {
		s.cache.InvalidateRelation(rel, false)
	}
	return nil
}

// deleteNamespace is RemoveSchemaById.
func (s *sqlCtx) deleteNamespace(oid uint32) error {
	name, _, err := s.cache.NamespaceName(s, oid)
	if err != nil {
		return err
	}
	pn := catalog.Lookup("pg_namespace")
	iOID := pn.Column("oid")
	if err := s.deleteCatalogRowsOf(pn, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid }); err != nil {
		return err
	}
	s.cache.InvalidateNamespace(oid, name)
	return nil
}
