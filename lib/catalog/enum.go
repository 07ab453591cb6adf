// This file caches the rows of pg_enum: the labels of enum types, by type
// (in sort order) and by label OID, and the labels the current
// transaction added with ALTER TYPE ... ADD VALUE, which PostgreSQL 15
// forbids to use before they commit (enum.c's uncommitted_enums).

package catalog

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/types"
)

var pgEnum = &catalogs[idxPgEnum]

// enumCache holds what was read of pg_enum. Any invalidation of a pg_type
// row drops all of it: enum types change rarely.
type enumCache struct {
	byType map[uint32][]*types.EnumLabel // sorted by Sort; nil slice: no labels
	byOID  map[uint32]*types.EnumLabel
	// uncommitted are the labels this transaction added to existing
	// enum types.
	uncommitted map[uint32]bool
}

func (e *enumCache) reset() {
	e.byType = map[uint32][]*types.EnumLabel{}
	e.byOID = map[uint32]*types.EnumLabel{}
}

func enumFrom(row []types.Datum) *types.EnumLabel {
	return &types.EnumLabel{OID: u32(row[AnumPgEnumOid-1]), Type: u32(row[AnumPgEnumEnumtypid-1]),
		Sort: row[AnumPgEnumEnumsortorder-1].Float4(), Label: row[AnumPgEnumEnumlabel-1].Text()}
}

// EnumLabels returns the labels of enum type typ in sort order (none for
// a type that is not an enum).
func (c *Cache) EnumLabels(r Reader, typ uint32) ([]*types.EnumLabel, error) {
	c.mu.Lock()
	if c.enums.byType == nil {
		c.enums.reset()
	}
	labels, ok := c.enums.byType[typ]
	c.mu.Unlock()
	if ok {
		return labels, nil
	}
	err := r.ScanCatalog(pgEnum, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgEnumEnumtypid-1]) == typ {
			l := enumFrom(row)
			l.Label = string([]byte(l.Label)) // the row's memory is the scan's
			labels = append(labels, l)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].Sort < labels[j].Sort })
	c.mu.Lock()
	c.enums.byType[typ] = labels
	for _, l := range labels {
		c.enums.byOID[l.OID] = l
	}
	c.mu.Unlock()
	return labels, nil
}

// EnumLabelByOID returns the pg_enum row oid, or nil.
func (c *Cache) EnumLabelByOID(r Reader, oid uint32) (*types.EnumLabel, error) {
	c.mu.Lock()
	if c.enums.byType == nil {
		c.enums.reset()
	}
	l, ok := c.enums.byOID[oid]
	c.mu.Unlock()
	if ok {
		return l, nil
	}
	var typ uint32
	err := r.ScanCatalog(pgEnum, func(row []types.Datum) (bool, error) {
		if u32(row[AnumPgEnumOid-1]) == oid {
			typ = u32(row[AnumPgEnumEnumtypid-1])
			return false, nil
		}
		return true, nil
	})
	if err != nil || typ == 0 {
		return nil, err
	}
	// Load the whole type, so that its labels are shared.
	if _, err := c.EnumLabels(r, typ); err != nil {
		return nil, err
	}
	c.mu.Lock()
	l = c.enums.byOID[oid]
	c.mu.Unlock()
	return l, nil
}

// NoteUncommittedEnum records that the current transaction added label
// oid to an enum type.
func (c *Cache) NoteUncommittedEnum(oid uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.enums.uncommitted == nil {
		c.enums.uncommitted = map[uint32]bool{}
	}
	c.enums.uncommitted[oid] = true
}

// EnumUncommitted reports whether label oid was added by the current
// transaction (EnumUncommitted).
func (c *Cache) EnumUncommitted(oid uint32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enums.uncommitted[oid]
}

// TypesVersion counts the pg_type invalidations this cache applied: a
// plan made with types users created is stale once it changed.
func (c *Cache) TypesVersion() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.typesGen
}
