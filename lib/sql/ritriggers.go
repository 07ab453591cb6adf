// The pg_trigger rows of foreign keys (PostgreSQL's
// createForeignKeyActionTriggers and createForeignKeyCheckTriggers):
// four internal AFTER ROW triggers per key, two on the referenced table
// (its DELETE and UPDATE action) and two on the referencing table (the
// checks of INSERT and UPDATE), named RI_ConstraintTrigger_a_<oid> and
// RI_ConstraintTrigger_c_<oid>, each an internal dependent of the
// constraint, so that catalog readers see what PostgreSQL shows and the
// constraint takes them along when it goes. The checks and actions run
// from the after-row event queue (ri.go), not from these rows, except
// that their tgenabled (ALTER TABLE ... ENABLE/DISABLE TRIGGER) and
// session_replication_role decide whether they are queued at all
// (psql's \d hides enabled internal triggers, as they are here).
// pg_get_triggerdef prints them as PostgreSQL does.

package sql

import (
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/types"
)

// triggerRelationID is pg_trigger's OID, an object class in pg_depend.
const triggerRelationID uint32 = 2620

// tgtype bits (TRIGGER_TYPE_ROW, _BEFORE, _INSERT, _DELETE, _UPDATE,
// _TRUNCATE, _INSTEAD; AFTER is 0).
const (
	triggerTypeRow      int16 = 1 << 0
	triggerTypeBefore   int16 = 1 << 1
	triggerTypeInsert   int16 = 1 << 2
	triggerTypeDelete   int16 = 1 << 3
	triggerTypeUpdate   int16 = 1 << 4
	triggerTypeTruncate int16 = 1 << 5
	triggerTypeInstead  int16 = 1 << 6
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
	return s.deleteCatalogRowsOf(c, oid, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == oid })
}

// TriggerDefinition is pg_get_triggerdef (ruleutils.c's
// pg_get_triggerdef_worker) for the triggers that exist, those of foreign
// keys: no column list, WHEN clause, transition tables or arguments.
// The table is schema-qualified unless pretty, the constraint's other
// table only when the search path would not find it.
func (n names) TriggerDefinition(oid uint32, pretty bool) (string, bool, error) {
	s := n.s
	c := catalog.Lookup("pg_trigger")
	var row []types.Datum
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[catalog.AnumPgTriggerOid-1].Int()) != oid {
			return true, nil
		}
		row = r
		return false, nil
	}); err != nil || row == nil {
		return "", false, err
	}
	rel, err := s.cache.RelationByOID(s, uint32(row[catalog.AnumPgTriggerTgrelid-1].Int()))
	if err != nil || rel == nil {
		return "", false, err
	}
	typ := int16(row[catalog.AnumPgTriggerTgtype-1].Int())
	if row[catalog.AnumPgTriggerTgnargs-1].Int() != 0 || !row[catalog.AnumPgTriggerTgqual-1].IsNull() ||
		!row[catalog.AnumPgTriggerTgoldtable-1].IsNull() || !row[catalog.AnumPgTriggerTgnewtable-1].IsNull() {
		return "", false, pgerr.New(pgerr.FeatureNotSupported, "pg_get_triggerdef of triggers with arguments, WHEN or transition tables is not supported yet")
	}
	var b strings.Builder
	b.WriteString("CREATE ")
	constraint := uint32(row[catalog.AnumPgTriggerTgconstraint-1].Int())
	if constraint != 0 {
		b.WriteString("CONSTRAINT ")
	}
	b.WriteString("TRIGGER " + builtins.QuoteIdent(row[catalog.AnumPgTriggerTgname-1].Text()) + " ")
	switch {
	case typ&triggerTypeBefore != 0:
		b.WriteString("BEFORE")
	case typ&triggerTypeInstead != 0:
		b.WriteString("INSTEAD OF")
	default:
		b.WriteString("AFTER")
	}
	var events []string
	for _, e := range []struct {
		bit  int16
		name string
	}{{triggerTypeInsert, "INSERT"}, {triggerTypeDelete, "DELETE"}, {triggerTypeUpdate, "UPDATE"}, {triggerTypeTruncate, "TRUNCATE"}} {
		if typ&e.bit != 0 {
			events = append(events, e.name)
		}
	}
	b.WriteString(" " + strings.Join(events, " OR "))
	if attrs, err := catalog.DecodeInt2Vector([]byte(row[catalog.AnumPgTriggerTgattr-1].Text())); err != nil {
		return "", false, err
	} else if len(attrs) > 0 {
		return "", false, pgerr.New(pgerr.FeatureNotSupported, "pg_get_triggerdef of UPDATE OF triggers is not supported yet")
	}
	relName := builtins.QuoteIdent(rel.NamespaceName) + "." + builtins.QuoteIdent(rel.Name)
	if pretty {
		if relName, err = s.describeRelationName(rel); err != nil {
			return "", false, err
		}
	}
	b.WriteString(" ON " + relName + " ")
	if constraint != 0 {
		if other := uint32(row[catalog.AnumPgTriggerTgconstrrelid-1].Int()); other != 0 {
			otherRel, err := s.cache.RelationByOID(s, other)
			if err != nil || otherRel == nil {
				return "", false, err
			}
			name, err := s.describeRelationName(otherRel)
			if err != nil {
				return "", false, err
			}
			b.WriteString("FROM " + name + " ")
		}
		if !row[catalog.AnumPgTriggerTgdeferrable-1].Bool() {
			b.WriteString("NOT ")
		}
		b.WriteString("DEFERRABLE INITIALLY ")
		if row[catalog.AnumPgTriggerTginitdeferred-1].Bool() {
			b.WriteString("DEFERRED ")
		} else {
			b.WriteString("IMMEDIATE ")
		}
	}
	if typ&triggerTypeRow != 0 {
		b.WriteString("FOR EACH ROW ")
	} else {
		b.WriteString("FOR EACH STATEMENT ")
	}
	proc, err := s.cache.Syscache(s).ProcByOID(uint32(row[catalog.AnumPgTriggerTgfoid-1].Int()))
	if err != nil {
		return "", false, err
	}
	if proc == nil || proc.Namespace != catalog.PgCatalogNamespace {
		return "", false, pgerr.New(pgerr.FeatureNotSupported, "pg_get_triggerdef of triggers of user functions is not supported yet")
	}
	b.WriteString("EXECUTE FUNCTION " + builtins.QuoteIdent(proc.Name) + "()")
	return b.String(), true, nil
}
