// Materialized views (PostgreSQL's commands/matview.c and the matview
// parts of createas.c): a relation of kind 'm' stored like a table and
// filled from its query, with the query kept as a view's _RETURN rule
// (views.go) so that pg_get_viewdef and pg_matviews show it and pg_depend
// ties it to what it reads. CREATE MATERIALIZED VIEW is createTableAs;
// REFRESH gives the relation new storage, filled in the same transaction,
// as TRUNCATE does: the old files go at commit, the new ones at abort, and
// the rows are WAL-logged like any insert, so a rollback keeps the old
// contents and crash recovery replays the new ones. relispopulated
// (catalog.Relation.Populated) is false after WITH NO DATA, and scanning
// such a view fails (checkPopulated).

package sql

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// checkMatViewQuery is transformCreateTableAsStmt's checks of a
// materialized view's analyzed query q: it must not change data, nor read
// temporary relations (which would vanish under it), and the view cannot
// be unlogged. It returns the query's text and the columns it reads, for
// the view's rule.
func (s *sqlCtx) checkMatViewQuery(q *plan.Query, names *analyze.ViewNames, query *pg_query.Node, rv *pg_query.RangeVar) (string, map[uint32]map[int16]bool, error) {
	if analyze.HasModifyingCTE(q) {
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "materialized views must not use data-modifying statements in WITH")
	}
	refs := plan.ReferencedColumns(q)
	if temp, err := s.usesTempRelation(refs); err != nil {
		return "", nil, err
	} else if temp {
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "materialized views must not use temporary tables or views")
	}
	if rv.Relpersistence == "u" {
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "materialized views cannot be unlogged")
	}
	text, err := s.viewQueryText(query, names, nil)
	if err != nil {
		return "", nil, err
	}
	return text, refs, nil
}

// errTempMatView is what PostgreSQL answers for a materialized view in a
// temporary schema: it creates the relation inside a security-restricted
// operation, where temporary relations are refused.
func errTempMatView() error {
	return pgerr.New(pgerr.InsufficientPrivilege, "cannot create temporary table within security-restricted operation")
}

// setMatViewPopulated is SetMatViewPopulatedState.
func (s *sqlCtx) setMatViewPopulated(relid uint32, populated bool) error {
	return s.updateClass(relid, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relispopulated")] = types.Bool(populated)
	})
}

// refreshMatView is ExecRefreshMatView. CONCURRENTLY is not implemented:
// it is refused (0A000) on a view with a unique index it could use, and
// otherwise ends in PostgreSQL's error for a view without one.
func (s *sqlCtx) refreshMatView(rs *pg_query.RefreshMatViewStmt) (string, error) {
	rv := rs.Relation
	mode := lmgr.AccessExclusiveLock
	if rs.Concurrent {
		mode = lmgr.ExclusiveLock
	}
	rel, err := s.openRelation(rv.Schemaname, rv.Relname, mode, true)
	if err != nil {
		return "", err
	}
	if rel == nil {
		return "", errRelationMissing(rv)
	}
	switch {
	case rel.Kind != 'r' && rel.Kind != 't' && rel.Kind != 'm' && rel.Kind != 'p':
		// RangeVarCallbackOwnsTable's check comes first.
		return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table or materialized view", rv.Relname)
	case rel.Kind != 'm':
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "\"%s\" is not a materialized view", rel.Name)
	case rs.Concurrent && !rel.Populated:
		return "", pgerr.New(pgerr.FeatureNotSupported, "CONCURRENTLY cannot be used when the materialized view is not populated")
	case rs.Concurrent && rs.SkipData:
		return "", pgerr.Newf(pgerr.SyntaxError, "%s and %s options cannot be used together", "CONCURRENTLY", "WITH NO DATA")
	}
	q, err := s.matViewQuery(rel)
	if err != nil {
		return "", err
	}
	if rs.Concurrent {
		usable, err := s.hasUsableUniqueIndex(rel)
		if err != nil {
			return "", err
		}
		if usable {
			return "", pgerr.New(pgerr.FeatureNotSupported, "REFRESH MATERIALIZED VIEW CONCURRENTLY is not supported yet").
				WithHint("Use REFRESH MATERIALIZED VIEW without CONCURRENTLY.")
		}
		return "", pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot refresh materialized view \"%s\" concurrently",
			builtins.QuoteIdent(rel.NamespaceName)+"."+builtins.QuoteIdent(rel.Name)).
			WithHint("Create a unique index with no WHERE clause on one or more columns of the materialized view.")
	}
	// New, empty storage for the view and its TOAST table
	// (refresh_by_heap_swap's effect).
	if err := s.newStorage(rel); err != nil {
		return "", err
	}
	s.nextCommand()
	if err := s.setMatViewPopulated(rel.OID, !rs.SkipData); err != nil {
		return "", err
	}
	if !rs.SkipData {
		s.nextCommand()
		if _, err := s.fillRelation(rel.OID, q); err != nil {
			return "", err
		}
	}
	return "REFRESH MATERIALIZED VIEW", nil
}

// matViewQuery analyzes a materialized view's stored query again, as
// REFRESH runs it. Its errors have no position: the text is not the
// statement's.
func (s *sqlCtx) matViewQuery(rel *catalog.Relation) (*plan.Query, error) {
	text, ok, err := s.viewDefinition(rel.OID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, pgerr.Newf(pgerr.InternalError, "could not find rule for materialized view \"%s\"", rel.Name)
	}
	stmts, err := parser.Parse(text)
	if err != nil {
		return nil, withoutPosition(err)
	}
	if len(stmts) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid query of materialized view \"%s\"", rel.Name)
	}
	q, _, err := analyze.AnalyzeFixed(catalogAdapter{s}, stmts[0].Query, stmts[0].Node(), nil, s.formatOptions())
	if err != nil {
		return nil, withoutPosition(err)
	}
	if err := s.checkMatViewReads(rel, q); err != nil {
		return nil, err
	}
	return q, nil
}

// checkMatViewReads makes sure the query analyzed again from its text
// reads what the view was made from, as its rule's pg_depend rows record
// it. The text names relations and columns, not their OIDs (as a view's
// does), so after a rename it could find another relation or column of
// the same name: PostgreSQL, which keeps the analyzed query, would not,
// and filling the view from them would be a wrong answer. The one change
// taken is columns a * now finds at the end of a table, which land after
// the view's columns and are left out (fillRelation).
func (s *sqlCtx) checkMatViewReads(rel *catalog.Relation, q *plan.Query) error {
	rules, err := s.viewRules(rel.OID)
	if err != nil {
		return err
	}
	deps, err := s.scanDepend(func(r dependRow) bool {
		return r.dep.classID == rewriteRelationID && rules[r.dep.objID] && r.ref.classID == catalog.RelationRelationID &&
			r.ref.objID != rel.OID && r.deptype == depNormal
	})
	if err != nil {
		return err
	}
	made := map[uint32]map[int16]bool{}
	for _, d := range deps {
		if made[d.ref.objID] == nil {
			made[d.ref.objID] = map[int16]bool{}
		}
		if d.ref.subID != 0 {
			made[d.ref.objID][int16(d.ref.subID)] = true
		}
	}
	changed := pgerr.Newf(pgerr.FeatureNotSupported,
		"materialized view \"%s\" cannot be refreshed: a relation or column its query names was renamed or replaced", rel.Name).
		WithHint("Drop the materialized view and create it again.")
	now := plan.ReferencedColumns(q)
	delete(now, rel.OID)
	if len(now) != len(made) {
		return changed
	}
	added := map[uint32]map[int16]bool{}
	for table, cols := range now {
		was, ok := made[table]
		if !ok {
			return changed
		}
		for attnum := range was {
			if !cols[attnum] {
				return changed
			}
		}
		for attnum := range cols {
			if !was[attnum] {
				if added[table] == nil {
					added[table] = map[int16]bool{}
				}
				added[table][attnum] = true
			}
		}
	}
	if len(added) == 0 {
		return nil
	}
	natts := len(rel.Attrs)
	for i, c := range analyze.Columns(q) {
		fromAdded := added[c.TableOID][c.AttNum]
		if i < natts && fromAdded || i >= natts && !fromAdded {
			return changed
		}
	}
	return nil
}

// hasUsableUniqueIndex is is_usable_unique_index over rel's indexes: a
// valid, immediate, unique B-tree index without a predicate and with at
// least one plain column, which REFRESH ... CONCURRENTLY matches rows on.
func (s *sqlCtx) hasUsableUniqueIndex(rel *catalog.Relation) (bool, error) {
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return false, err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		ix := irel.Index
		if !ix.Unique || !ix.Immediate || !ix.Valid || ix.Pred != "" {
			continue
		}
		for _, k := range ix.Keys {
			if k != 0 {
				return true, nil
			}
		}
	}
	return false, nil
}
