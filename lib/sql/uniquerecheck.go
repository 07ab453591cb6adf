// DEFERRABLE unique and primary key constraints (PostgreSQL's
// unique_key_recheck in commands/constraint.c): the index of such a
// constraint (indimmediate false) takes every new entry without checking
// it, and each new row queues an after-row event that looks for another
// live row with its key when the event fires: at the end of the
// statement, or for a constraint deferred (INITIALLY DEFERRED, SET
// CONSTRAINTS ... DEFERRED) at COMMIT or SET CONSTRAINTS ... IMMEDIATE.
// So "UPDATE t SET id = id + 1" succeeds where an immediate key would
// fail on the first row. PostgreSQL queues the event only when the
// insertion saw a possible conflict (UNIQUE_CHECK_PARTIAL); here every
// new row is rechecked, which gives the same answers.
//
// The constraint's internal trigger row (PK_ConstraintTrigger_<oid> or
// Unique_ConstraintTrigger_<oid>, unique_key_recheck) is written as
// PostgreSQL writes it; like the foreign keys' it is descriptive.

package sql

import (
	"strconv"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// procUniqueKeyRecheck is unique_key_recheck's pg_proc OID.
const procUniqueKeyRecheck uint32 = 1250

// keyConstraint is what an event of a deferrable key needs of its
// constraint: its OID (SET CONSTRAINTS names it) and condeferred.
type keyConstraint struct {
	oid      uint32
	deferred bool
	// enabled is the tgenabled of its unique_key_recheck trigger: a
	// disabled one (ALTER TABLE ... DISABLE TRIGGER ALL) rechecks
	// nothing, as in PostgreSQL.
	enabled byte
}

// indexConstraint finds the constraint that owns index oid (conindid),
// once per statement.
func (s *sqlCtx) indexConstraint(oid uint32) (keyConstraint, error) {
	if kc, ok := s.keyConstraints[oid]; ok {
		return kc, nil
	}
	c := catalog.Lookup("pg_constraint")
	iOID, iIndex, iType, iDeferred := c.Column("oid"), c.Column("conindid"), c.Column("contype"), c.Column("condeferred")
	var kc keyConstraint
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		typ := byte(r[iType].Int())
		if uint32(r[iIndex].Int()) == oid && (typ == 'p' || typ == 'u') {
			kc = keyConstraint{oid: uint32(r[iOID].Int()), deferred: r[iDeferred].Bool()}
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return kc, err
	}
	kc.enabled = catalog.TriggerOrigin
	if kc.oid != 0 {
		t := catalog.Lookup("pg_trigger")
		iCon, iFunc, iEnabled := t.Column("tgconstraint"), t.Column("tgfoid"), t.Column("tgenabled")
		if err := s.ScanCatalog(t, func(r []types.Datum) (bool, error) {
			if uint32(r[iCon].Int()) == kc.oid && uint32(r[iFunc].Int()) == procUniqueKeyRecheck {
				kc.enabled = byte(r[iEnabled].Int())
				return false, nil
			}
			return true, nil
		}); err != nil {
			return kc, err
		}
	}
	if s.keyConstraints == nil {
		s.keyConstraints = map[uint32]keyConstraint{}
	}
	s.keyConstraints[oid] = kc
	return kc, nil
}

// queueUniqueRecheck queues the check of the new row at tid (row as
// stored, values as the statement sees them) against the deferrable
// unique index ti of t.
func (s *sqlCtx) queueUniqueRecheck(t *plan.Table, ti *plan.TableIndex, row, values []types.Datum, tid heap.TID) error {
	kc, err := s.indexConstraint(ti.OID)
	if err != nil {
		return err
	}
	if !s.triggerFires(kc.enabled) {
		return nil
	}
	row = append([]types.Datum(nil), row...)
	values = append([]types.Datum(nil), values...)
	s.queueAfterRow(afterRowEvent{relation: t.OID, constraint: kc.oid, deferrable: true, initiallyDeferred: kc.deferred,
		fire: func(s *sqlCtx) error { return s.uniqueRecheck(t, ti, row, values, tid) }})
	return nil
}

// uniqueRecheck is unique_key_recheck: a row at tid still live (not
// deleted or updated since by its own transaction) must be the only
// live one with its key in ti, else 23505; a row a running transaction
// holds with that key is waited for.
func (s *sqlCtx) uniqueRecheck(t *plan.Table, ti *plan.TableIndex, row, values []types.Datum, tid heap.TID) error {
	st, _, err := heap.CheckUnique(s.heap, t.Heap, tid, s.ownXids(), nil)
	if err != nil || st != heap.UniqueLive {
		return err
	}
	_, found, err := s.findConflict(t, []*plan.TableIndex{ti}, row, values, tid)
	if err != nil || !found {
		return err
	}
	keys, _, err := s.indexKeys(ti, row, values)
	if err != nil {
		return err
	}
	e := pgerr.Newf(pgerr.UniqueViolation, "duplicate key value violates unique constraint \"%s\"", ti.Name)
	e.SchemaName, e.TableName, e.ConstraintName = t.Schema, t.Name, ti.Name
	return s.withKey(e, t, ti, keys, "Key %s already exists.")
}

// insertUniqueTrigger writes the internal trigger row of deferrable key
// constraint con (index index) on table rel.
func (s *sqlCtx) insertUniqueTrigger(rel, con, index uint32, primary, deferred bool) error {
	oid, err := s.newOID()
	if err != nil {
		return err
	}
	name := "Unique_ConstraintTrigger_"
	if primary {
		name = "PK_ConstraintTrigger_"
	}
	c := catalog.Lookup("pg_trigger")
	row := newCatalogRow(c).set("oid", oidD(oid)).set("tgrelid", oidD(rel)).set("tgparentid", oidD(0)).
		set("tgname", types.Text(name+strconv.FormatUint(uint64(oid), 10))).
		set("tgfoid", oidD(procUniqueKeyRecheck)).set("tgtype", types.Int(int64(triggerTypeRow|triggerTypeInsert|triggerTypeUpdate))).
		set("tgenabled", charD('O')).set("tgisinternal", types.Bool(true)).set("tgconstrrelid", oidD(0)).
		set("tgconstrindid", oidD(index)).set("tgconstraint", oidD(con)).set("tgdeferrable", types.Bool(true)).
		set("tginitdeferred", types.Bool(deferred)).set("tgnargs", types.Int(0)).
		set("tgattr", types.Bytes(catalog.EncodeInt2Vector(nil))).set("tgargs", types.Bytes(nil))
	if err := s.insertCatalog(row); err != nil {
		return err
	}
	if err := s.updateClass(rel, func(r []types.Datum, c *catalog.Catalog) { r[c.Column("relhastriggers")] = types.Bool(true) }); err != nil {
		return err
	}
	return s.recordDependencies([]dependency{{objectAddress{classID: triggerRelationID, objID: oid}, constraintAddress(con), depInternal}})
}
