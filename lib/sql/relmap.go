// VACUUM FULL of a mapped system catalog (catalog.Catalog.Mapped): its
// new file is entered in the relation map instead of pg_class, and the
// map is written, WAL-logged, just before the commit record
// (relmapper.c's RelationMapUpdateMap and AtEOXact_RelationMap).

package sql

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/relmap"
)

// relmapHook names the pre-commit hook that writes the maps; "~" sorts
// it after the others, so that nothing that can still fail runs after
// the map names the new files.
const relmapHook = "~relmap"

// createMappedFile creates the new file of a mapped catalog. As
// createFile, an abort removes it, unless the maps already name it (a
// failure after they were written), since the catalog is then read
// from it (RelationPreserveStorage in write_relmap_file).
func (s *sqlCtx) createMappedFile(loc storage.RelFileLocator) error {
	if err := s.eng.CreateRelationStorage(loc); err != nil {
		return err
	}
	eng, cache := s.eng, s.cache
	s.tx.AtAbort(func() {
		if !cache.FileMapped(loc.Rel) {
			dropRelationStorage(eng, loc)
		}
	})
	return nil
}

// mapRelation moves mapped catalog cat to file node when the transaction
// commits; the transaction itself reads it from there from now on.
func (s *sqlCtx) mapRelation(cat *catalog.Catalog, node uint32) {
	s.cache.MapRelation(cat, node)
	eng, cache, tx := s.eng, s.cache, s.tx
	s.tx.SetPreCommit(relmapHook, func() error { return writeRelationMaps(eng, cache, uint32(tx.TopXid())) })
}

// writeRelationMaps writes the transaction's map changes, shared map
// first. The new files' pages are written out first: the processes that
// read catalogs from their files without the buffer pool (the
// postmaster's authentication, the autovacuum launcher) find them
// complete once the map names them.
func writeRelationMaps(eng *engine.Engine, cache *catalog.Cache, xid uint32) error {
	pending := cache.PendingMappings()
	if len(pending) == 0 {
		return nil
	}
	dbs := make([]uint32, 0, len(pending))
	for db := range pending {
		dbs = append(dbs, db)
	}
	sort.Slice(dbs, func(i, j int) bool { return dbs[i] < dbs[j] })
	for _, db := range dbs {
		spc := storage.DefaultTablespace
		if db == 0 {
			spc = storage.GlobalTablespace
		}
		for _, m := range pending[db] {
			if err := eng.Pool.FlushRelationBuffers(storage.RelFileLocator{Spc: spc, DB: db, Rel: m.FileNode}); err != nil {
				return err
			}
		}
		if err := relmap.Update(eng.DataDir, eng.WALH, xid, db, spc, pending[db]); err != nil {
			return err
		}
		cache.MapsWritten(db)
	}
	return nil
}
