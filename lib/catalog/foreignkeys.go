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
}

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
		Validated: row[AnumPgConstraintConvalidated-1].Bool(), DelSetCols: int2List(row[AnumPgConstraintConfdelsetcols-1])}
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
	return err
}
