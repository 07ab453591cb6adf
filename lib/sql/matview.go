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
// such a view fails (checkPopulated). REFRESH ... CONCURRENTLY keeps the
// storage and applies the difference between the old and new contents
// in place (refreshByMatchMerge).

package sql

import (
	"fmt"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
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
		keys, err := s.usableUniqueKeys(rel)
		if err != nil {
			return "", err
		}
		if len(keys) == 0 {
			return "", pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot refresh materialized view \"%s\" concurrently",
				builtins.QuoteIdent(rel.NamespaceName)+"."+builtins.QuoteIdent(rel.Name)).
				WithHint("Create a unique index with no WHERE clause on one or more columns of the materialized view.")
		}
		if err := s.refreshByMatchMerge(rel, q, keys); err != nil {
			return "", err
		}
		return "REFRESH MATERIALIZED VIEW", nil
	}
	// New, empty storage for the view and its TOAST table
	// (refresh_by_heap_swap's effect).
	if err := s.newStorage(rel); err != nil {
		return "", err
	}
	if rel.ToastOID != 0 {
		// PostgreSQL's new heap comes with a new TOAST table whose index
		// is built empty and then takes the chunks one by one: its
		// relpages and reltuples stay those of an empty index.
		s.nextCommand()
		toast, err := s.cache.RelationByOID(s, rel.ToastOID)
		if err != nil {
			return "", err
		}
		if toast != nil {
			for _, ix := range toast.Indexes {
				if err := s.updateRelStats(ix, 1, 0); err != nil {
					return "", err
				}
			}
		}
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

// usableUniqueKeys are the key columns (attnums, each once) of rel's
// indexes that is_usable_unique_index accepts: valid, immediate, unique
// B-tree indexes without a predicate whose every column, INCLUDE columns
// too, is a plain column (an expression makes the index unusable).
// REFRESH ... CONCURRENTLY matches old and new rows on the key columns of
// all of them. None means the view cannot be refreshed concurrently.
func (s *sqlCtx) usableUniqueKeys(rel *catalog.Relation) ([]int16, error) {
	var keys []int16
	seen := map[int16]bool{}
	for _, oid := range rel.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return nil, err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		ix := irel.Index
		if !ix.Unique || !ix.Immediate || !ix.Valid || ix.Pred != "" || len(ix.Keys) == 0 {
			continue
		}
		plain := true
		for _, k := range ix.Keys {
			if k <= 0 {
				plain = false
			}
		}
		if !plain {
			continue
		}
		nkeys := ix.NKeyAtts
		if nkeys <= 0 || nkeys > len(ix.Keys) {
			nkeys = len(ix.Keys)
		}
		for _, k := range ix.Keys[:nkeys] {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys, nil
}

// refreshByMatchMerge is REFRESH MATERIALIZED VIEW ... CONCURRENTLY
// (refresh_by_match_merge), with the view held in ExclusiveLock: readers
// go on, writers wait. As PostgreSQL does, it fills a temporary table
// with the new data, refuses duplicate rows that have no NULL, computes
// the difference into a second temporary table with a FULL JOIN of the
// view and the new data on the key columns and the whole rows, and
// applies it with DELETE and INSERT, so that rows the refresh does not
// change stay where they are (same ctid and xmin) and the indexes are
// kept as those statements keep them. The statements run through the
// ordinary executor, which bounds its memory (work_mem, spilling sorts
// and hashes) and checks for interrupts in its loops.
//
// The whole-row match is on the rows' text forms: PostgreSQL compares
// their binary images (record_image_eq, the *= operator), which gpostgres
// does not have. Both tell apart values an equality operator calls equal
// but that show differently (1.0 and 1.00); the text form could only call
// equal two images that print alike, and then the old row is kept, which
// is a row with the same values (withExactText keeps float output exact
// for the comparison).
func (s *sqlCtx) refreshByMatchMerge(rel *catalog.Relation, q *plan.Query, keys []int16) error {
	mv := qualifiedName(rel)
	newName := fmt.Sprintf("pg_temp_%d", rel.OID)
	// The new data: a temporary table of the view's columns, filled from
	// its query as REFRESH fills the view itself.
	if err := s.runMatViewStatement(rel, "CREATE TEMP TABLE pg_temp."+builtins.QuoteIdent(newName)+" AS SELECT * FROM "+mv+" WITH NO DATA", nil); err != nil {
		return err
	}
	tmp, err := s.openRelation("pg_temp", newName, lmgr.AccessExclusiveLock, true)
	if err != nil {
		return err
	}
	if tmp == nil {
		return pgerr.Newf(pgerr.InternalError, "could not find the new data of materialized view \"%s\"", rel.Name)
	}
	if _, err := s.fillRelation(tmp.OID, q); err != nil {
		return err
	}
	s.nextCommand()
	// The statements name the temporary tables in their schema, as
	// PostgreSQL's do (their CONTEXT shows them).
	newData := qualifiedName(tmp)
	diff := builtins.QuoteIdent(tmp.NamespaceName) + "." + builtins.QuoteIdent(newName+"_2")
	if err := s.runMatViewStatement(rel, "ANALYZE "+newData, nil); err != nil {
		return err
	}
	// Rows without NULL that come twice could not be told apart in the
	// view; one with a NULL can (it matches nothing).
	var dupRow types.Datum
	found := false
	err = s.withExactText(func() error {
		return s.runMatViewStatement(rel, "SELECT newdata.*::"+newData+" FROM "+newData+" newdata WHERE newdata.* IS NOT NULL AND EXISTS "+
			"(SELECT 1 FROM "+newData+" newdata2 WHERE newdata2.* IS NOT NULL AND newdata2.*::text OPERATOR(pg_catalog.=) newdata.*::text "+
			"AND newdata2.ctid OPERATOR(pg_catalog.<>) newdata.ctid) LIMIT 1", func(row []types.Datum) error {
			if !found {
				// Printed after the statement, in the session's settings.
				found, dupRow = true, row[0]
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if found {
		dup := types.FormatText(tmp.Type, dupRow, s.formatOptions())
		return pgerr.Newf(pgerr.CardinalityViolation, "new data for materialized view \"%s\" contains duplicate rows without any null columns", rel.Name).
			WithDetail("Row: %s", dup)
	}
	var on strings.Builder
	on.WriteString("(")
	for _, k := range keys {
		col := builtins.QuoteIdent(rel.Attrs[k-1].Name)
		on.WriteString("newdata." + col + " = mv." + col + " AND ")
	}
	on.WriteString("newdata.*::text OPERATOR(pg_catalog.=) mv.*::text)")
	err = s.withExactText(func() error {
		return s.runMatViewStatement(rel, "CREATE TEMP TABLE "+diff+" AS SELECT mv.ctid AS tid, newdata.*::"+newData+" AS newdata FROM "+
			mv+" mv FULL JOIN "+newData+" newdata ON "+on.String()+" WHERE newdata.* IS NULL OR mv.* IS NULL ORDER BY tid", nil)
	})
	if err != nil {
		return err
	}
	if err := s.runMatViewStatement(rel, "ANALYZE "+diff, nil); err != nil {
		return err
	}
	if err := s.runMatViewStatement(rel, "DELETE FROM "+mv+" mv WHERE ctid OPERATOR(pg_catalog.=) ANY (SELECT diff.tid FROM "+diff+
		" diff WHERE diff.tid IS NOT NULL AND diff.newdata IS NULL)", nil); err != nil {
		return err
	}
	if err := s.runMatViewStatement(rel, "INSERT INTO "+mv+" SELECT (diff.newdata).* FROM "+diff+" diff WHERE tid IS NULL", nil); err != nil {
		return err
	}
	return s.runMatViewStatement(rel, "DROP TABLE "+diff+", "+newData, nil)
}

// withExactText runs fn, whose statements compare rows by their text
// forms, with extra_float_digits at its default: below it, distinct
// float values can print alike, and a changed row would be taken for
// the old one. The other settings that shape output (DateStyle,
// IntervalStyle, TimeZone, bytea_output) print distinct values
// distinctly.
func (s *sqlCtx) withExactText(fn func() error) error {
	return s.env.RunWithSettings([]string{"extra_float_digits=1"}, fn)
}

// runMatViewStatement runs one statement of refreshByMatchMerge, allowed
// to change the materialized view rel, and makes its effects visible to
// the next.
func (s *sqlCtx) runMatViewStatement(rel *catalog.Relation, text string, emit func(row []types.Datum) error) error {
	stmts, err := parser.Parse(text)
	if err != nil {
		return err
	}
	if len(stmts) != 1 {
		return pgerr.Newf(pgerr.InternalError, "invalid statement refreshing materialized view \"%s\"", rel.Name)
	}
	// The statement's text is not the user's: its errors have no
	// position, and a CONTEXT line shows it (as SPI's errors do).
	where := "SQL statement \"" + text + "\""
	p, err := Prepare(s.env, stmts[0], nil)
	if err != nil {
		return copyContext(withoutPosition(err), where)
	}
	if emit == nil {
		emit = func([]types.Datum) error { return nil }
	}
	if _, err := p.Execute(exec.WithMatViewMaintenance(s.ctx, rel.OID), s.env, nil, emit); err != nil {
		return copyContext(withoutPosition(err), where)
	}
	s.nextCommand()
	return nil
}
