// LOCK [TABLE] (PostgreSQL's commands/lockcmds.c).

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
)

// lockTable is LockTableCommand: each relation is locked in the mode
// given until the transaction ends; a view's base relations are locked
// too (LockViewRecurse).
func (s *sqlCtx) lockTable(ls *pg_query.LockStmt) (string, error) {
	if !s.tx.InBlock() {
		return "", pgerr.New(pgerr.NoActiveSqlTransaction, "LOCK TABLE can only be used in transaction blocks")
	}
	mode := lmgr.LockMode(ls.Mode)
	if mode < lmgr.AccessShareLock || mode > lmgr.AccessExclusiveLock {
		return "", pgerr.Newf(pgerr.InternalError, "unrecognized lock mode: %d", ls.Mode)
	}
	for _, n := range ls.Relations {
		rv := n.GetRangeVar()
		if err := s.lockNamedRelation(rv.Schemaname, rv.Relname, mode, ls.Nowait, map[uint32]bool{}); err != nil {
			return "", err
		}
	}
	return "LOCK TABLE", nil
}

func (s *sqlCtx) lockNamedRelation(schema, name string, mode lmgr.LockMode, nowait bool, seen map[uint32]bool) error {
	oid, err := s.relationOID(schema, name, true)
	if err != nil {
		return err
	}
	if oid == 0 {
		full := name
		if schema != "" {
			full = schema + "." + name
		}
		return pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
	}
	return s.lockRelationOID(oid, mode, nowait, seen)
}

func (s *sqlCtx) lockRelationOID(oid uint32, mode lmgr.LockMode, nowait bool, seen map[uint32]bool) error {
	if seen[oid] {
		return nil
	}
	seen[oid] = true
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil {
		return err
	}
	if rel == nil {
		return pgerr.Newf(pgerr.UndefinedTable, "could not open relation with OID %d", oid)
	}
	switch rel.Kind {
	case 'r', 'p', 'v': // RangeVarCallbackForLockTable: tables and views only
	default:
		return pgerr.Newf(pgerr.WrongObjectType, "cannot lock relation \"%s\"", rel.Name).WithDetail("%s", relkindNotSupported(rel.Kind))
	}
	if nowait {
		ok, err := s.tx.ConditionalLockRelation(oid, mode)
		if err != nil {
			return err
		}
		if !ok {
			return pgerr.Newf(pgerr.LockNotAvailable, "could not obtain lock on relation \"%s\"", rel.Name)
		}
		s.cache.Accept()
	} else if err := s.lock(oid, mode); err != nil {
		return err
	}
	if rel.Kind != 'v' {
		return nil
	}
	// The view's base relations, as its rule's dependencies record them
	// (without analyzing the query, which would lock them itself).
	deps, err := s.scanDepend(func(r dependRow) bool {
		return r.dep.classID == rewriteRelationID && r.ref.classID == catalog.RelationRelationID && r.ref.objID != oid && r.deptype == depNormal
	})
	if err != nil {
		return err
	}
	rules, err := s.viewRules(oid)
	if err != nil {
		return err
	}
	for _, d := range deps {
		if rules[d.dep.objID] {
			// A view's base relations that LOCK cannot take (a
			// materialized view) are skipped, as LockViewRecurse does.
			base, err := s.cache.RelationByOID(s, d.ref.objID)
			if err != nil {
				return err
			}
			if base == nil || base.Kind != 'r' && base.Kind != 'p' && base.Kind != 'v' {
				continue
			}
			if err := s.lockRelationOID(d.ref.objID, mode, nowait, seen); err != nil {
				return err
			}
		}
	}
	return nil
}
