// The relation mapper's per-backend state (relmapper.c's shared_map,
// local_map and the transaction's pending updates): which file holds
// each mapped catalog (Catalog.Mapped), as the maps on disk say and as
// the open transaction changed them; and the current file of every
// catalog for the relation cache.

package catalog

import (
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
	"github.com/gpostgres/gpostgres/lib/types"
)

// mapperState is kept in the Cache, under its mutex.
type mapperState struct {
	// dataDir is where the maps are read from; "" (a cache without a
	// data directory, in unit tests) maps every catalog to its OID.
	dataDir string
	// maps are the map files as last read, by database (0: shared);
	// a relmap invalidation drops one.
	maps map[uint32]*relmap.Map
	// pending are the open transaction's changes by database, visible
	// to it alone until its commit writes them (active_*_updates).
	pending map[uint32][]relmap.Mapping
	// written are the files the transaction's written maps name, until
	// the end of its abort actions.
	written map[uint32]bool
}

// SetDataDir sets the data directory the relation maps are read from.
func (c *Cache) SetDataDir(dir string) {
	c.mu.Lock()
	if c.mapper.dataDir != dir {
		c.mapper.dataDir = dir
		c.mapper.maps = nil
	}
	c.mu.Unlock()
}

// mapScope is the map a catalog is in: 0 for a shared one, else the
// cache's database.
func (c *Cache) mapScope(cat *Catalog) uint32 {
	if cat.Shared {
		return 0
	}
	return c.db
}

// MappedFileNode is RelationMapOidToFilenumber: the file of mapped
// catalog cat, the transaction's own change first.
func (c *Cache) MappedFileNode(cat *Catalog) (uint32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mappedFileNodeLocked(cat)
}

func (c *Cache) mappedFileNodeLocked(cat *Catalog) (uint32, error) {
	db := c.mapScope(cat)
	for _, p := range c.mapper.pending[db] {
		if p.OID == cat.OID {
			return p.FileNode, nil
		}
	}
	if c.mapper.dataDir == "" {
		return cat.OID, nil
	}
	m := c.mapper.maps[db]
	if m == nil {
		var err error
		if m, err = relmap.Read(c.mapper.dataDir, db); err != nil {
			return 0, err
		}
		if c.mapper.maps == nil {
			c.mapper.maps = map[uint32]*relmap.Map{}
		}
		c.mapper.maps[db] = m
	}
	if n := m.Lookup(cat.OID); n != 0 {
		return n, nil
	}
	return cat.OID, nil
}

// MapRelation is RelationMapUpdateMap: mapped catalog cat moves to file
// fileNode when the transaction commits; until then the transaction alone
// sees it there. The caller writes the change before the commit record
// (PendingMappings, MapsWritten).
func (c *Cache) MapRelation(cat *Catalog, fileNode uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	db := c.mapScope(cat)
	if len(c.mapper.pending) == 0 {
		c.mapper.pending = map[uint32][]relmap.Mapping{}
		c.mapper.written = nil // a new transaction's first change
	}
	list := c.mapper.pending[db]
	found := false
	for i := range list {
		if list[i].OID == cat.OID {
			list[i].FileNode, found = fileNode, true
		}
	}
	if !found {
		list = append(list, relmap.Mapping{OID: cat.OID, FileNode: fileNode})
	}
	c.mapper.pending[db] = list
	delete(c.rels, cat.OID)
}

// PendingMappings returns the transaction's map changes by database
// (0: shared).
func (c *Cache) PendingMappings() map[uint32][]relmap.Mapping {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[uint32][]relmap.Mapping, len(c.mapper.pending))
	for db, l := range c.mapper.pending {
		out[db] = append([]relmap.Mapping(nil), l...)
	}
	return out
}

// MapsWritten says the pending changes to the map of database db (0:
// shared) are on disk: the files they name are kept whatever happens
// to the transaction now (FileMapped), and every backend is told at
// once to read the map again (CacheInvalidateRelmap, sent by
// write_relmap_file itself and not at commit: the map on disk changed
// even if the transaction now fails).
func (c *Cache) MapsWritten(db uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.mapper.pending[db] {
		if c.mapper.written == nil {
			c.mapper.written = map[uint32]bool{}
		}
		c.mapper.written[p.FileNode] = true
	}
	msg := sinval.Message{Kind: sinval.KindRelmap, DB: db}
	if c.inval != nil {
		c.inval.Insert([]sinval.Message{msg})
	}
	c.apply(msg)
}

// FileMapped reports whether the transaction wrote a map naming file
// node: an abort after that must not remove the file.
func (c *Cache) FileMapped(node uint32) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mapper.written[node]
}

// endMapTransaction forgets the transaction's map changes
// (AtEOXact_RelationMap) and the descriptors that used them.
func (c *Cache) endMapTransaction() {
	for _, l := range c.mapper.pending {
		for _, p := range l {
			delete(c.rels, p.OID)
		}
	}
	c.mapper.pending = nil
}

// applyRelmap is a relmap invalidation: the map of database db (0:
// shared) changed on disk, so it is read again, and the descriptors of
// the catalogs it maps, which carry their file, are dropped.
func (c *Cache) applyRelmap(db uint32) {
	delete(c.mapper.maps, db)
	for i := range catalogs {
		if cat := &catalogs[i]; cat.Mapped() && c.mapScope(cat) == db {
			delete(c.rels, cat.OID)
		}
	}
}

// catalogFileNode is the current file of catalog cat: the map's for a
// mapped one, else pg_class.relfilenode, read through r (pg_class itself
// is mapped, so this does not recurse).
func (c *Cache) catalogFileNode(r Reader, cat *Catalog) (uint32, error) {
	if cat.Mapped() {
		return c.MappedFileNode(cat)
	}
	node := cat.OID
	if r == nil {
		return node, nil
	}
	oidCol, nodeCol := pgClass.Column("oid"), pgClass.Column("relfilenode")
	err := r.ScanCatalogFrom(pgClass, cat.OID, func(row []types.Datum) (bool, error) {
		if u32(row[oidCol]) == cat.OID {
			node = u32(row[nodeCol])
			return false, nil
		}
		return true, nil
	})
	return node, err
}

// CatalogLocator names the current file of catalog cat in the cache's
// database: what every scan and change of the catalog uses.
func (c *Cache) CatalogLocator(r Reader, cat *Catalog) (storage.RelFileLocator, error) {
	if cat.Mapped() {
		node, err := c.MappedFileNode(cat)
		return cat.locatorOf(c.db, node), err
	}
	rel, err := c.RelationByOID(r, cat.OID)
	if err != nil {
		return storage.RelFileLocator{}, err
	}
	return cat.locatorOf(c.db, rel.FileNode), nil
}
