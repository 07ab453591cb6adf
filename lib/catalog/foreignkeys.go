// Foreign keys in the relation cache (PostgreSQL's RelationGetFKeyList,
// and the RI triggers' pg_trigger rows it finds for the referenced
// side): the pg_constraint rows of contype 'f' a relation is the
// referencing (conrelid) or the referenced (confrelid) table of. They
// are read when pg_class.relhastriggers is set, which adding a foreign
// key sets on both tables, as PostgreSQL's RI triggers do.

package catalog

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/types"
)

// ForeignKey is a pg_constraint row of contype 'f'.
type ForeignKey struct {
	OID       uint32
	Name      string
	Namespace uint32
	// Rel is the referencing table (conrelid), RefRel the referenced one
	// (confrelid), Index the referenced table's unique index (conindid).
	Rel, RefRel, Index uint32
	// Keys are the referencing columns (conkey), RefKeys the referenced
	// ones (confkey), in the same order.
	Keys, RefKeys []int16
	// PFEq, PPEq and FFEq are conpfeqop, conppeqop and conffeqop.
	PFEq, PPEq, FFEq []uint32
	// UpdType and DelType are confupdtype and confdeltype ('a' NO
	// ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT);
	// MatchType is confmatchtype ('s' SIMPLE, 'f' FULL, 'p' PARTIAL).
	UpdType, DelType, MatchType byte
	Deferrable, Deferred        bool
	Validated                   bool
	// DelSetCols are the columns ON DELETE SET NULL/DEFAULT (...) names
	// (confdelsetcols), nil for all of Keys.
	DelSetCols []int16
	// InsertEnabled, UpdateEnabled and DeleteEnabled are the tgenabled
	// ('O', 'D', 'R' or 'A') of the key's RI triggers on the relation
	// whose entry holds this ForeignKey: in ForeignKeys the INSERT and
	// UPDATE checks, in ReferencedBy the DELETE and UPDATE actions.
	// ALTER TABLE ... ENABLE/DISABLE TRIGGER changes them; the after-row
	// events are queued only for a trigger that fires under
	// session_replication_role.
	InsertEnabled, UpdateEnabled, DeleteEnabled byte
}

// TriggerOrigin is tgenabled's default: the trigger fires unless
// session_replication_role is replica.
const TriggerOrigin byte = 'O'

// Foreign key actions (confupdtype, confdeltype).
const (
	FKNoAction   byte = 'a'
	FKRestrict   byte = 'r'
	FKCascade    byte = 'c'
	FKSetNull    byte = 'n'
	FKSetDefault byte = 'd'
)

// Foreign key match types (confmatchtype).
const (
	FKMatchSimple  byte = 's'
	FKMatchFull    byte = 'f'
	FKMatchPartial byte = 'p'
)

// int2List reads an int2[] column.
func int2List(d types.Datum) []int16 {
	if d.IsNull() {
		return nil
	}
	var out []int16
	for _, e := range d.Array().Elems {
		out = append(out, int16(e.Int()))
	}
	return out
}

// oidList reads an oid[] column.
func oidList(d types.Datum) []uint32 {
	if d.IsNull() {
		return nil
	}
	var out []uint32
	for _, e := range d.Array().Elems {
		out = append(out, uint32(e.Int()))
	}
	return out
}

// ForeignKeyFromRow decodes a pg_constraint row of contype 'f'.
func ForeignKeyFromRow(row []types.Datum) *ForeignKey {
	return &ForeignKey{OID: u32(row[AnumPgConstraintOid-1]), Name: row[AnumPgConstraintConname-1].Text(),
		Namespace: u32(row[AnumPgConstraintConnamespace-1]),
		Rel:       u32(row[AnumPgConstraintConrelid-1]), RefRel: u32(row[AnumPgConstraintConfrelid-1]), Index: u32(row[AnumPgConstraintConindid-1]),
		Keys: int2List(row[AnumPgConstraintConkey-1]), RefKeys: int2List(row[AnumPgConstraintConfkey-1]),
		PFEq: oidList(row[AnumPgConstraintConpfeqop-1]), PPEq: oidList(row[AnumPgConstraintConppeqop-1]), FFEq: oidList(row[AnumPgConstraintConffeqop-1]),
		UpdType: byte(row[AnumPgConstraintConfupdtype-1].Int()), DelType: byte(row[AnumPgConstraintConfdeltype-1].Int()),
		MatchType:  byte(row[AnumPgConstraintConfmatchtype-1].Int()),
		Deferrable: row[AnumPgConstraintCondeferrable-1].Bool(), Deferred: row[AnumPgConstraintCondeferred-1].Bool(),
		Validated: row[AnumPgConstraintConvalidated-1].Bool(), DelSetCols: int2List(row[AnumPgConstraintConfdelsetcols-1]),
		InsertEnabled: TriggerOrigin, UpdateEnabled: TriggerOrigin, DeleteEnabled: TriggerOrigin}
}

// loadForeignKeys fills rel.ForeignKeys and rel.ReferencedBy, each in
// the order the constraints were made.
func loadForeignKeys(r Reader, rel *Relation) error {
	pgConstraint := &catalogs[idxPgConstraint]
	err := r.ScanCatalog(pgConstraint, func(row []types.Datum) (bool, error) {
		if byte(row[AnumPgConstraintContype-1].Int()) != 'f' {
			return true, nil
		}
		if u32(row[AnumPgConstraintConrelid-1]) == rel.OID {
			rel.ForeignKeys = append(rel.ForeignKeys, ForeignKeyFromRow(row))
		}
		if u32(row[AnumPgConstraintConfrelid-1]) == rel.OID {
			rel.ReferencedBy = append(rel.ReferencedBy, ForeignKeyFromRow(row))
		}
		return true, nil
	})
	// PostgreSQL fires the RI triggers of a row in name order, which
	// their OIDs, taken right after their constraint's, make the order
	// the constraints were made in.
	sort.Slice(rel.ForeignKeys, func(i, j int) bool { return rel.ForeignKeys[i].OID < rel.ForeignKeys[j].OID })
	sort.Slice(rel.ReferencedBy, func(i, j int) bool { return rel.ReferencedBy[i].OID < rel.ReferencedBy[j].OID })
	if err != nil || len(rel.ForeignKeys)+len(rel.ReferencedBy) == 0 {
		return err
	}
	return loadRITriggerStates(r, rel)
}

// Trigger event bits of tgtype (TRIGGER_TYPE_INSERT, _DELETE, _UPDATE).
const (
	triggerTypeInsert int16 = 1 << 2
	triggerTypeDelete int16 = 1 << 3
	triggerTypeUpdate int16 = 1 << 4
)

// loadRITriggerStates reads the tgenabled of the RI triggers on rel
// into its foreign keys (both sides).
func loadRITriggerStates(r Reader, rel *Relation) error {
	byConstraint := map[uint32][]*ForeignKey{}
	for _, fk := range rel.ForeignKeys {
		byConstraint[fk.OID] = append(byConstraint[fk.OID], fk)
	}
	for _, fk := range rel.ReferencedBy {
		byConstraint[fk.OID] = append(byConstraint[fk.OID], fk)
	}
	return r.ScanCatalog(&catalogs[idxPgTrigger], func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgTriggerTgrelid-1]) != rel.OID {
			return true, nil
		}
		keys := byConstraint[u32(row[AnumPgTriggerTgconstraint-1])]
		if len(keys) == 0 {
			return true, nil
		}
		typ, enabled := int16(row[AnumPgTriggerTgtype-1].Int()), byte(row[AnumPgTriggerTgenabled-1].Int())
		for _, fk := range keys {
			// A key referencing its own table holds all four triggers on
			// it: the checks belong to its ForeignKeys entry, the actions
			// to its ReferencedBy one.
			check := u32(row[AnumPgTriggerTgfoid-1]) == procRIFKeyCheckIns || u32(row[AnumPgTriggerTgfoid-1]) == procRIFKeyCheckUpd
			referencing := fk.Rel == rel.OID && containsKey(rel.ForeignKeys, fk)
			if check != referencing {
				continue
			}
			switch {
			case typ&triggerTypeInsert != 0:
				fk.InsertEnabled = enabled
			case typ&triggerTypeDelete != 0:
				fk.DeleteEnabled = enabled
			case typ&triggerTypeUpdate != 0:
				fk.UpdateEnabled = enabled
			}
		}
		return true, nil
	})
}

// The RI check trigger functions of pg_proc (RI_FKey_check_ins, _upd).
const (
	procRIFKeyCheckIns uint32 = 1644
	procRIFKeyCheckUpd uint32 = 1645
)

// containsKey reports whether keys holds the entry fk itself.
func containsKey(keys []*ForeignKey, fk *ForeignKey) bool {
	for _, k := range keys {
		if k == fk {
			return true
		}
	}
	return false
}
