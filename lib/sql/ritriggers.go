// The pg_trigger rows of foreign keys (PostgreSQL's
// createForeignKeyActionTriggers and createForeignKeyCheckTriggers):
// four internal AFTER ROW triggers per key, two on the referenced table
// (its DELETE and UPDATE action) and two on the referencing table (the
// checks of INSERT and UPDATE), named RI_ConstraintTrigger_a_<oid> and
// RI_ConstraintTrigger_c_<oid>, each an internal dependent of the
// constraint, so that catalog readers see what PostgreSQL shows and the
// constraint takes them along when it goes. They are descriptive: the
// checks and actions run from the after-row event queue (ri.go), not
// from these rows (psql's \d hides internal triggers, as they are here).

package sql

import (
	"strconv"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/types"
)

// triggerRelationID is pg_trigger's OID, an object class in pg_depend.
const triggerRelationID uint32 = 2620

// tgtype bits (TRIGGER_TYPE_ROW, _INSERT, _DELETE, _UPDATE; AFTER is 0).
const (
	triggerTypeRow    int16 = 1 << 0
	triggerTypeInsert int16 = 1 << 2
	triggerTypeDelete int16 = 1 << 3
	triggerTypeUpdate int16 = 1 << 4
)

// The RI trigger functions of pg_proc.
const (
	procRIFKeyCheckIns uint32 = 1644
	procRIFKeyCheckUpd uint32 = 1645
)

// riActionProcs are the trigger functions of the referenced side's
// actions: for DELETE, then for UPDATE.
var riActionProcs = map[byte][2]uint32{
	catalog.FKCascade:    {1646, 1647},
	catalog.FKRestrict:   {1648, 1649},
	catalog.FKSetNull:    {1650, 1651},
	catalog.FKSetDefault: {1652, 1653},
	catalog.FKNoAction:   {1654, 1655},
}

// insertRITriggers writes the four triggers of foreign key key (whose
// constraint is con) in PostgreSQL's order: the referenced table's
// DELETE and UPDATE action triggers, then the referencing table's
// INSERT and UPDATE checks. Only NO ACTION actions follow the key's
// DEFERRABLE.
func (s *sqlCtx) insertRITriggers(con uint32, key *catalog.ForeignKey) error {
	type trig struct {
		rel, other uint32
		letter     string
		typ        int16
		proc       uint32
		deferrable bool
	}
	trigs := []trig{
		{key.RefRel, key.Rel, "a", triggerTypeRow | triggerTypeDelete, riActionProcs[key.DelType][0], key.DelType == catalog.FKNoAction},
		{key.RefRel, key.Rel, "a", triggerTypeRow | triggerTypeUpdate, riActionProcs[key.UpdType][1], key.UpdType == catalog.FKNoAction},
		{key.Rel, key.RefRel, "c", triggerTypeRow | triggerTypeInsert, procRIFKeyCheckIns, true},
		{key.Rel, key.RefRel, "c", triggerTypeRow | triggerTypeUpdate, procRIFKeyCheckUpd, true},
	}
	c := catalog.Lookup("pg_trigger")
	var deps []dependency
	for _, t := range trigs {
		oid, err := s.newOID()
		if err != nil {
			return err
		}
		deferrable := t.deferrable && key.Deferrable
		row := newCatalogRow(c).set("oid", oidD(oid)).set("tgrelid", oidD(t.rel)).set("tgparentid", oidD(0)).
			set("tgname", types.Text("RI_ConstraintTrigger_"+t.letter+"_"+strconv.FormatUint(uint64(oid), 10))).
			set("tgfoid", oidD(t.proc)).set("tgtype", types.Int(int64(t.typ))).set("tgenabled", charD('O')).
			set("tgisinternal", types.Bool(true)).set("tgconstrrelid", oidD(t.other)).set("tgconstrindid", oidD(key.Index)).
			set("tgconstraint", oidD(con)).set("tgdeferrable", types.Bool(deferrable)).
			set("tginitdeferred", types.Bool(deferrable && key.Deferred)).set("tgnargs", types.Int(0)).
			set("tgattr", types.Bytes(catalog.EncodeInt2Vector(nil))).set("tgargs", types.Bytes(nil))
		if err := s.insertCatalog(row); err != nil {
			return err
		}
		deps = append(deps, dependency{objectAddress{classID: triggerRelationID, objID: oid}, constraintAddress(con), depInternal})
	}
	return s.recordDependencies(deps)
}

// triggerTarget returns a trigger's name and table.
func (s *sqlCtx) triggerTarget(oid uint32) (string, uint32, error) {
	return s.nameAndRelation(catalog.Lookup("pg_trigger"), "tgname", "tgrelid", oid)
}

// deleteTrigger is RemoveTriggerById for the internal triggers of
// foreign keys.
func (s *sqlCtx) deleteTrigger(oid uint32) error {
	c := catalog.Lookup("pg_trigger")
	iOID := c.Column("oid")
	return s.deleteCatalogRows(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid })
}
