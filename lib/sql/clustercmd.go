// CLUSTER (PostgreSQL 15's commands/cluster.c) and ALTER TABLE ...
// CLUSTER ON / SET WITHOUT CLUSTER.
//
// CLUSTER t USING i marks i as the table's clustered index
// (pg_index.indisclustered, on one index of the table at most) and
// rewrites the table in i's order: the rows a snapshot taken now sees,
// read and sorted as an index build reads them (scanIndexRows, bounded
// by maintenance_work_mem), copied first, in that order; then the row
// versions only older snapshots still see, in the old file's order
// (heap.RewriteHeapOrdered). The rest is VACUUM FULL's rebuild
// (rebuildRelation): a new file swapped in at commit, the TOAST table
// rewritten, every index built again. CLUSTER t uses the index marked
// before; CLUSTER alone does every table of the database with a marked
// index, each in a transaction of its own.
//
// The order is kept only by this rewrite: later insertions and updates
// go wherever there is room, as in PostgreSQL.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// clusterStmt is CLUSTER [ (VERBOSE) ] [ table [ USING index ] ]
// (cluster()).
func (s *sqlCtx) clusterStmt(st Statement, cs *pg_query.ClusterStmt) (string, error) {
	opts := newVacuumOptions()
	for _, n := range cs.Params {
		d := n.GetDefElem()
		if d.Defname != "verbose" {
			return "", pgerr.Newf(pgerr.SyntaxError, "unrecognized CLUSTER option \"%s\"", d.Defname).
				WithPosition(parser.Position(st.Query, d.Location))
		}
		var err error
		if opts.verbose, err = defGetBoolean(d); err != nil {
			return "", err
		}
	}
	if cs.Relation == nil {
		return "CLUSTER", s.clusterAll(opts)
	}
	rv := cs.Relation
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, lmgr.AccessExclusiveLock, true)
	if err != nil {
		return "", err
	}
	if rel == nil {
		return "", errRelationMissing(rv)
	}
	if rel.Kind != 'r' && rel.Kind != 'm' {
		if rel.Kind == 't' {
			return "", pgerr.New(pgerr.FeatureNotSupported, "CLUSTER of a TOAST table is not supported yet")
		}
		return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table or materialized view", rel.Name)
	}
	if other, err := s.isOtherTempNamespace(rel.Namespace); err != nil {
		return "", err
	} else if other {
		return "", pgerr.New(pgerr.FeatureNotSupported, "cannot cluster temporary tables of other sessions")
	}
	var index uint32
	if cs.Indexname == "" {
		if index, err = s.clusteredIndex(rel); err != nil {
			return "", err
		}
		if index == 0 {
			return "", pgerr.Newf(pgerr.UndefinedObject, "there is no previously clustered index for table \"%s\"", rel.Name)
		}
	} else if index, err = s.indexOfTableByName(rel, cs.Indexname); err != nil {
		return "", err
	}
	return "CLUSTER", s.clusterRel(rel, index, opts)
}

// clusterAll is CLUSTER without a table: every table of the database
// with a clustered index, each in a transaction of its own
// (cluster_multiple_rels); a table dropped meanwhile, or whose index is
// no longer the clustered one, is passed over (CLUOPT_RECHECK), and so
// are other sessions' temporary tables.
func (s *sqlCtx) clusterAll(opts vacuumOptions) error {
	if err := s.preventInTransactionBlock("CLUSTER"); err != nil {
		return err
	}
	type target struct{ table, index uint32 }
	var targets []target
	c := catalog.Lookup("pg_index")
	iIndex, iTable, iClustered := c.Column("indexrelid"), c.Column("indrelid"), c.Column("indisclustered")
	if err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if r[iClustered].Bool() {
			targets = append(targets, target{uint32(r[iTable].Int()), uint32(r[iIndex].Int())})
		}
		return true, nil
	}); err != nil {
		return err
	}
	for _, t := range targets {
		if err := s.commitIntermediate(); err != nil {
			return err
		}
		if err := s.lock(t.table, lmgr.AccessExclusiveLock); err != nil {
			return err
		}
		rel, err := s.cache.RelationByOID(s, t.table)
		if err != nil {
			return err
		}
		if rel == nil || (rel.Kind != 'r' && rel.Kind != 'm') {
			continue
		}
		if other, err := s.isOtherTempNamespace(rel.Namespace); err != nil {
			return err
		} else if other {
			continue
		}
		if cur, err := s.clusteredIndex(rel); err != nil {
			return err
		} else if cur != t.index {
			continue
		}
		if err := s.clusterRel(rel, t.index, opts); err != nil {
			return err
		}
	}
	return nil
}

// clusterRel is cluster_rel with an index: the checks, the index marked
// as the clustered one, and the rewrite in its order. rel is locked
// AccessExclusiveLock.
func (s *sqlCtx) clusterRel(rel *catalog.Relation, index uint32, opts vacuumOptions) error {
	if rel.Shared {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot cluster a shared catalog")
	}
	if err := s.checkNoPendingEvents(rel, "CLUSTER"); err != nil {
		return err
	}
	if err := s.checkClusterable(rel, index); err != nil {
		return err
	}
	if rel.Kind == 'm' {
		t, err := s.planTable(rel)
		if err != nil {
			return err
		}
		if t.Entry != nil && !t.Entry.Populated {
			// A materialized view WITH NO DATA has nothing to order;
			// PostgreSQL passes over it quietly, its index unmarked.
			return nil
		}
	}
	if err := s.markClustered(rel, index); err != nil {
		return err
	}
	s.nextCommand()
	rel, err := s.cache.RelationByOID(s, rel.OID)
	if err != nil || rel == nil {
		return err
	}
	return s.rebuildRelation(rel, opts, index)
}

// checkClusterable is check_index_is_clusterable: index must be a valid,
// complete B-tree index of rel.
func (s *sqlCtx) checkClusterable(rel *catalog.Relation, index uint32) error {
	irel, err := s.cache.RelationByOID(s, index)
	if err != nil {
		return err
	}
	if irel == nil || irel.Index == nil || irel.Index.Table != rel.OID {
		name := ""
		if irel != nil {
			name = irel.Name
		}
		return pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not an index for table \"%s\"", name, rel.Name)
	}
	if irel.Index.Pred != "" {
		return pgerr.Newf(pgerr.FeatureNotSupported, "cannot cluster on partial index \"%s\"", irel.Name)
	}
	if !irel.Index.Valid {
		return pgerr.Newf(pgerr.FeatureNotSupported, "cannot cluster on invalid index \"%s\"", irel.Name)
	}
	return nil
}

// clusteredIndex is the index of rel marked indisclustered, 0 if none.
func (s *sqlCtx) clusteredIndex(rel *catalog.Relation) (uint32, error) {
	c := catalog.Lookup("pg_index")
	iIndex, iTable, iClustered := c.Column("indexrelid"), c.Column("indrelid"), c.Column("indisclustered")
	var found uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iTable].Int()) == rel.OID && r[iClustered].Bool() {
			found = uint32(r[iIndex].Int())
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// markClustered is mark_index_clustered: index (0: none) becomes the
// only index of rel marked indisclustered.
func (s *sqlCtx) markClustered(rel *catalog.Relation, index uint32) error {
	return s.markOnlyIndex(rel, "indisclustered", index)
}

// clusterOn is ALTER TABLE ... CLUSTER ON index (ATExecClusterOn): the
// index is checked and marked, and nothing is rewritten.
func (s *sqlCtx) clusterOn(rel *catalog.Relation, name string) error {
	index, err := s.indexOfTableByName(rel, name)
	if err != nil {
		return err
	}
	if err := s.checkClusterable(rel, index); err != nil {
		return err
	}
	return s.markClustered(rel, index)
}

// clusterOrder yields the TIDs of the rows of rel that a snapshot taken
// now sees, in index's order and then TID order: the first pass of
// heap.RewriteHeapOrdered. They are read and sorted as the index's build
// reads them, from the table itself.
func (s *sqlCtx) clusterOrder(rel *catalog.Relation, index uint32) func(yield func(heap.TID) error) error {
	return func(yield func(heap.TID) error) error {
		rel, irel, t, ti, err := s.describeIndexOf(rel.OID, index)
		if err != nil {
			return err
		}
		return s.withCurrentRows(func() error {
			return s.scanIndexRows(rel, irel, t, ti, true, false, func(_ []types.Datum, tid nbtree.TID) error {
				return yield(heap.TID{Block: tid.Block, Offset: tid.Offset})
			})
		})
	}
}
