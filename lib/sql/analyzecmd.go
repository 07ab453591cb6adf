// ANALYZE (PostgreSQL's commands/analyze.c, and the ANALYZE half of
// commands/vacuum.c): a random sample of each table's rows is read, the
// statistics of its columns computed (lib/sql/stats) and stored in
// pg_statistic, and the table's size in pg_class (relpages, reltuples).
//
// The sample is acquire_sample_rows': 300 × the largest statistics
// target of the analyzed columns, read from a random choice of blocks
// (the block sampler) through Vitter's reservoir, so that memory is
// bounded by the sample whatever the table's size. Rows are sampled as
// HeapTupleSatisfiesVacuum sees them, not through a snapshot
// (heap.AnalyzeScan). Everything runs in the statement's transaction:
// pg_statistic rows are inserted or updated like any catalog row (and
// go if it rolls back), while relpages and reltuples are overwritten in
// the pg_class row in place (heap.InplaceUpdate), as PostgreSQL does:
// they stay either way.
//
// Array columns get element statistics too (array_typanalyze,
// stats/array.go). Not done: inheritance trees and partitioned tables
// (which gpostgres lacks), extended statistics, index statistics (no
// indexes yet), tsvector (no such type).

package sql

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/sql/stats"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// statisticRelationID is pg_statistic's OID (StatisticRelationId):
// ANALYZE never analyzes it.
const statisticRelationID uint32 = 2619

// analyzeOptions are the options of ANALYZE (VacuumParams' share).
type analyzeOptions struct {
	verbose    bool
	skipLocked bool
	// autovacuum: run by an autovacuum worker, logged when it takes at
	// least logMinDuration milliseconds (-1: never).
	autovacuum     bool
	logMinDuration int64
}

// defGetBoolean is defGetBoolean of commands/define.c.
func defGetBoolean(d *pg_query.DefElem) (bool, error) {
	switch a := d.Arg.GetNode().(type) {
	case nil:
		return true, nil
	case *pg_query.Node_Integer:
		switch a.Integer.Ival {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
	case *pg_query.Node_Boolean:
		return a.Boolean.Boolval, nil
	case *pg_query.Node_String_:
		switch strings.ToLower(a.String_.Sval) {
		case "true", "on":
			return true, nil
		case "false", "off":
			return false, nil
		}
	}
	return false, pgerr.Newf(pgerr.SyntaxError, "%s requires a Boolean value", d.Defname)
}

// analyzeCommand is ExecVacuum for ANALYZE: the options, then vacuum()'s
// list of relations, then analyze_rel for each.
func (s *sqlCtx) analyzeCommand(st Statement, vs *pg_query.VacuumStmt) (string, error) {
	var opts analyzeOptions
	for _, n := range vs.Options {
		d := n.GetDefElem()
		var err error
		switch d.Defname {
		case "verbose":
			opts.verbose, err = defGetBoolean(d)
		case "skip_locked":
			opts.skipLocked, err = defGetBoolean(d)
		default:
			err = pgerr.Newf(pgerr.SyntaxError, "unrecognized ANALYZE option \"%s\"", d.Defname).
				WithPosition(parser.Position(st.Query, d.Location))
		}
		if err != nil {
			return "", err
		}
	}
	targets, err := s.vacuumTargets(vs)
	if err != nil {
		return "", err
	}
	for _, t := range targets {
		if err := s.ctx.Err(); err != nil {
			return "", expr.Canceled(s.ctx)
		}
		if err := s.analyzeRel(t.oid, t.cols, opts, len(vs.Rels) > 0); err != nil {
			return "", err
		}
	}
	return "ANALYZE", nil
}

// lockForMaintenance takes VACUUM's or ANALYZE's lock on rel (what is
// "vacuum" or "analyze") and returns the relation as it is once locked:
// nil when it was dropped meanwhile, or, with skipLocked, when the lock
// was not free (a WARNING says so).
func (s *sqlCtx) lockForMaintenance(rel *catalog.Relation, mode lmgr.LockMode, skipLocked bool, what string) (*catalog.Relation, error) {
	if skipLocked {
		ok, err := s.tx.ConditionalLockRelation(rel.OID, mode)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.warn(pgerr.Newf(pgerr.LockNotAvailable, "skipping %s of \"%s\" --- lock not available", what, rel.Name).
				WithSeverity(pgerr.SeverityWarning))
			return nil, nil
		}
		s.cache.Accept()
	} else if err := s.lock(rel.OID, mode); err != nil {
		return nil, err
	}
	return s.cache.RelationByOID(s, rel.OID)
}

// vacuumTarget is a relation a VACUUM or ANALYZE statement processes,
// with the columns it names (VacuumRelation).
type vacuumTarget struct {
	oid  uint32
	cols []string
}

// vacuumTargets is expand_vacuum_rel over the statement's relations, or
// get_all_vacuum_rels without any: each name is resolved now, so that a
// missing one fails before anything is done.
func (s *sqlCtx) vacuumTargets(vs *pg_query.VacuumStmt) ([]vacuumTarget, error) {
	var targets []vacuumTarget
	if len(vs.Rels) == 0 {
		oids, err := s.analyzableRelations()
		if err != nil {
			return nil, err
		}
		for _, oid := range oids {
			targets = append(targets, vacuumTarget{oid: oid})
		}
	}
	for _, n := range vs.Rels {
		vr := n.GetVacuumRelation()
		rv := vr.Relation
		oid, err := s.relationOID(rv.Schemaname, rv.Relname, true)
		if err != nil {
			return nil, err
		}
		if oid == 0 {
			return nil, errRelationMissing(rv)
		}
		var cols []string
		for _, c := range vr.VaCols {
			cols = append(cols, c.GetString_().Sval)
		}
		targets = append(targets, vacuumTarget{oid: oid, cols: cols})
	}
	return targets, nil
}

// analyzableRelations is get_all_vacuum_rels for ANALYZE: the tables and
// materialized views of the database, system catalogs included.
func (s *sqlCtx) analyzableRelations() ([]uint32, error) {
	c := catalog.Lookup("pg_class")
	iOID, iKind := c.Column("oid"), c.Column("relkind")
	var oids []uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if k := byte(r[iKind].Int()); k == 'r' || k == 'm' || k == 'p' {
			oids = append(oids, uint32(r[iOID].Int()))
		}
		return true, nil
	})
	return oids, err
}

// analyzeRel is analyze_rel: lock the relation against concurrent
// ANALYZE and VACUUM, check that it can be analyzed, and do it. named
// says whether the statement named the relation (a WARNING for what
// cannot be analyzed, as opposed to passing over it).
func (s *sqlCtx) analyzeRel(oid uint32, cols []string, opts analyzeOptions, named bool) error {
	const mode = lmgr.ShareUpdateExclusiveLock
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil {
		return err
	}
	if rel == nil {
		return nil // dropped meanwhile
	}
	if rel, err = s.lockForMaintenance(rel, mode, opts.skipLocked, "analyze"); err != nil || rel == nil {
		return err
	}
	// Other sessions' temporary tables are passed over silently, and so
	// is pg_statistic, whose rows ANALYZE writes.
	if other, err := s.isOtherTempNamespace(rel.Namespace); err != nil || other {
		return err
	}
	if oid == statisticRelationID {
		return nil
	}
	if rel.Kind != 'r' && rel.Kind != 'm' {
		if rel.Kind == 'p' {
			return pgerr.New(pgerr.FeatureNotSupported, "ANALYZE of a partitioned table is not supported yet")
		}
		s.warn(pgerr.Newf(pgerr.Warning, "skipping \"%s\" --- cannot analyze non-tables or special system tables", rel.Name).
			WithSeverity(pgerr.SeverityWarning))
		return nil
	}
	_ = named
	// pg_stat_progress_analyze shows the relation's analysis.
	s.progressStart(pgstat.ProgressAnalyze, oid)
	defer s.progressEnd()
	if !opts.autovacuum || opts.logMinDuration < 0 {
		return s.doAnalyzeRel(rel, cols, opts)
	}
	// An autovacuum worker's analyze is logged as do_analyze_rel does.
	start := time.Now()
	var ruStart syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ruStart)
	bufStart := *s.heap.Pool.Usage()
	if err := s.doAnalyzeRel(rel, cols, opts); err != nil {
		return err
	}
	if time.Since(start).Milliseconds() < opts.logMinDuration {
		return nil
	}
	if ve, ok := s.env.(VacuumEnv); ok {
		var b strings.Builder
		fmt.Fprintf(&b, "automatic analyze of table \"%s.%s.%s\"\n", s.env.CurrentDatabase(), rel.NamespaceName, rel.Name)
		b.WriteString(usageReport(start, ruStart, bufStart, *s.heap.Pool.Usage()))
		ve.LogAutovacuum(b.String())
	}
	return nil
}

// analyzeColumn is one column being analyzed (VacAttrStats).
type analyzeColumn struct {
	attnum int16 // 1-based
	name   string
	target int // attstattarget, -1 resolved to the default
	typ    uint32
	coll   uint32
	ltOp   uint32
	eqOp   uint32
	// elemEqOp is the "=" of an array's elements when they get
	// statistics of their own.
	elemEqOp uint32
	spec     stats.Column
	// nDistinct is the column's n_distinct attribute option, stored
	// as stadistinct in place of the estimate; 0 when not set.
	nDistinct float32
}

// info sends an INFO message (ereport(INFO) with VERBOSE).
func (s *sqlCtx) info(format string, args ...any) {
	s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, format, args...))
}

// infoError sends e as an INFO message.
func (s *sqlCtx) infoError(e *pgerr.Error) {
	if n, ok := s.env.(Notifier); ok && !s.quiet {
		n.Notice(e.WithSeverity(pgerr.SeverityInfo))
	}
}

// defaultStatisticsTarget reads default_statistics_target.
func (s *sqlCtx) defaultStatisticsTarget() (int, error) {
	v, _, err := s.env.GetConfig("default_statistics_target", false)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, pgerr.Newf(pgerr.InternalError, "invalid default_statistics_target %q", v)
	}
	return n, nil
}

// attStatTargets reads attstattarget of the relation's columns.
func (s *sqlCtx) attStatTargets(relid uint32) (map[int16]int, error) {
	c := catalog.Lookup("pg_attribute")
	iRel, iNum, iTarget := c.Column("attrelid"), c.Column("attnum"), c.Column("attstattarget")
	out := map[int16]int{}
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) == relid && r[iNum].Int() > 0 {
			out[int16(r[iNum].Int())] = int(r[iTarget].Int())
		}
		return true, nil
	})
	return out, err
}

// examineColumns is the column list of do_analyze_rel with
// examine_attribute and std_typanalyze for each: the named columns (or
// all), without dropped ones and those with a statistics target of 0.
func (s *sqlCtx) examineColumns(rel *catalog.Relation, names []string) ([]analyzeColumn, error) {
	var attnums []int16
	if names == nil {
		for i := range rel.Attrs {
			attnums = append(attnums, int16(i+1))
		}
	} else {
		seen := map[int16]bool{}
		for _, name := range names {
			attnum := int16(0)
			for i := range rel.Attrs {
				if !rel.Attrs[i].Dropped && rel.Attrs[i].Name == name {
					attnum = int16(i + 1)
					break
				}
			}
			if attnum == 0 {
				return nil, pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, rel.Name)
			}
			if seen[attnum] {
				return nil, pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" of relation \"%s\" appears more than once", name, rel.Name)
			}
			seen[attnum] = true
			attnums = append(attnums, attnum)
		}
	}
	targets, err := s.attStatTargets(rel.OID)
	if err != nil {
		return nil, err
	}
	distinct, err := s.distinctOverrides(rel.OID)
	if err != nil {
		return nil, err
	}
	def, err := s.defaultStatisticsTarget()
	if err != nil {
		return nil, err
	}
	var out []analyzeColumn
	for _, attnum := range attnums {
		a := &rel.Attrs[attnum-1]
		if a.Dropped {
			continue
		}
		target, ok := targets[attnum]
		if !ok {
			target = -1
		}
		if target == 0 {
			continue
		}
		if target < 0 {
			target = def
		}
		c := analyzeColumn{attnum: attnum, name: a.Name, target: target, typ: a.Type, coll: a.Collation, nDistinct: distinct[attnum]}
		s.columnSpec(&c, a.Len)
		out = append(out, c)
	}
	return out, nil
}

// columnSpec sets c's operators and how its values are compared
// (std_typanalyze), for values of c.typ of length typLen.
func (s *sqlCtx) columnSpec(c *analyzeColumn, typLen int16) {
	typ := c.typ
	c.ltOp, c.eqOp = s.sortGroupOperators(typ)
	c.spec = stats.Column{Target: c.target, Len: typLen}
	if c.eqOp != 0 {
		c.spec.Equal = func(x, y types.Datum) bool { return types.Compare(typ, x, y) == 0 }
	}
	if c.eqOp != 0 && c.ltOp != 0 {
		c.spec.Less = func(x, y types.Datum) int { return types.Compare(typ, x, y) }
	}
	c.elemEqOp, c.spec.Elements = s.arrayElements(typ)
}

// sampleRow is a sampled tuple: a private copy of its bytes and where
// it was.
type sampleRow struct {
	tid heap.TID
	tup []byte
}

// doAnalyzeRel is do_analyze_rel for a table or materialized view.
func (s *sqlCtx) doAnalyzeRel(rel *catalog.Relation, names []string, opts analyzeOptions) error {
	if opts.verbose {
		s.info("analyzing \"%s.%s\"", rel.NamespaceName, rel.Name)
	}
	cols, err := s.examineColumns(rel, names)
	if err != nil {
		return err
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	// The expression columns of its indexes, without a column list
	// (compute_index_stats).
	var ixCols []indexExprColumn
	if names == nil {
		if ixCols, err = s.examineIndexExprs(t); err != nil {
			return err
		}
	}
	targrows := 100
	for _, c := range cols {
		targrows = max(targrows, 300*c.target)
	}
	for _, c := range ixCols {
		targrows = max(targrows, 300*c.col.target)
	}
	scan := heap.BeginAnalyzeScan(s.heap, t.Heap, s.ownXids())
	s.progressUpdate(pgstat.ProgressAnalyzePhase, pgstat.ProgressAnalyzePhaseAcquireSampleRows)
	rows, totalblocks, totalrows, totaldead, err := s.acquireSampleRows(rel, scan, targrows, opts)
	if err != nil {
		return err
	}
	s.progressUpdate(pgstat.ProgressAnalyzePhase, pgstat.ProgressAnalyzePhaseComputeStats)
	if len(rows) > 0 && (len(cols) > 0 || len(ixCols) > 0) {
		if err := s.computeAndStore(rel, t, scan, cols, ixCols, rows, totalrows); err != nil {
			return err
		}
		// Planners read the statistics through the relation's cache
		// entry (catalog.Cache.Statistics).
		s.cache.InvalidateRelation(rel.OID, false)
		for _, c := range ixCols {
			s.cache.InvalidateRelation(c.ti.OID, false)
		}
	}
	s.nextCommand()
	s.progressUpdate(pgstat.ProgressAnalyzePhase, pgstat.ProgressAnalyzePhaseFinalize)
	if err := s.updateRelStats(rel.OID, int32(totalblocks), float32(totalrows)); err != nil {
		return err
	}
	// The table's live and dead tuple estimates and last_analyze; the
	// changes since analyze restart when every column was analyzed
	// (pgstat_report_analyze).
	if s.eng != nil {
		s.eng.Stats.ReportAnalyze(rel.OID, rel.Shared, int64(totalrows), int64(totaldead), names == nil)
	}
	return nil
}

// updateRelStats is vac_update_relstats: relpages and reltuples are
// overwritten in the pg_class row this transaction sees, in place, so
// they stay whether it commits or not. The relation cache entry is
// invalidated (at commit) as PostgreSQL's in-place update does.
func (s *sqlCtx) updateRelStats(relid uint32, pages int32, tuples float32) error {
	return s.updateClassInPlace(relid, func(r []types.Datum, c *catalog.Catalog) bool {
		iPages, iTuples := c.Column("relpages"), c.Column("reltuples")
		if int32(r[iPages].Int()) == pages && r[iTuples].Float4() == tuples {
			return false
		}
		r[iPages], r[iTuples] = types.Int(int64(pages)), types.Float4(tuples)
		return true
	})
}

// updateClassInPlace overwrites relid's pg_class row in place once change
// has edited it (change returns false to leave it alone), and
// invalidates the relation's cache entry: vac_update_relstats' way, for
// what VACUUM and ANALYZE record whether their transaction commits or not.
func (s *sqlCtx) updateClassInPlace(relid uint32, change func(r []types.Datum, c *catalog.Catalog) bool) error {
	c := catalog.Lookup("pg_class")
	iOID := c.Column("oid")
	changed, err := s.updateRowInPlace(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == relid },
		func(r []types.Datum) bool { return change(r, c) })
	if err != nil || !changed {
		return err
	}
	s.cache.InvalidateRelation(relid, false)
	return nil
}

// updateRowInPlace overwrites in place (heap.InplaceUpdate, not a new
// version) the row of catalog c that match finds, once change has edited
// its values; change returns false to leave the row alone. It reports
// whether the row was written.
func (s *sqlCtx) updateRowInPlace(c *catalog.Catalog, match, change func(r []types.Datum) bool) (bool, error) {
	// Locked first, so that the row found is still there (VACUUM FULL).
	rel, release, err := s.openCatalog(c, lmgr.RowExclusiveLock)
	defer release()
	if err != nil {
		return false, err
	}
	tid, row, err := s.findCatalogRow(c, match)
	if err != nil || !change(row) {
		return false, err
	}
	tup, err := tuple.Form(rel.Desc, row)
	if err != nil {
		return false, err
	}
	return true, heap.InplaceUpdate(s.heap, rel, tid, tup)
}

// acquireSampleRows is acquire_sample_rows: up to targrows rows, in
// physical order, and the estimated numbers of blocks, live rows and
// dead rows.
func (s *sqlCtx) acquireSampleRows(rel *catalog.Relation, scan *heap.AnalyzeScan, targrows int, opts analyzeOptions) ([]sampleRow, uint32, float64, float64, error) {
	nblocks, err := scan.NBlocks()
	if err != nil {
		return nil, 0, 0, 0, err
	}
	totalblocks := uint32(nblocks)
	bs := stats.NewBlockSampler(totalblocks, targrows, rand.Uint32())
	rs := stats.NewReservoir(targrows, rand.Uint32())
	rows := make([]sampleRow, 0, min(targrows, 1024))
	var liverows, deadrows, samplerows float64
	rowstoskip := -1.0
	s.progressUpdate(pgstat.ProgressAnalyzeBlocksTotal, int64(min(totalblocks, uint32(targrows))))
	blocksDone := int64(0)
	for bs.HasMore() {
		if err := s.ctx.Err(); err != nil {
			return nil, 0, 0, 0, expr.Canceled(s.ctx)
		}
		blk := bs.Next()
		live, dead, err := scan.Block(storage.BlockNumber(blk), func(tid heap.TID, tup []byte) {
			if len(rows) < targrows {
				rows = append(rows, sampleRow{tid: tid, tup: slices.Clone(tup)})
			} else {
				// t in Vitter's paper is the number of rows already
				// processed: samplerows before this one.
				if rowstoskip < 0 {
					rowstoskip = rs.NextSkip(samplerows, targrows)
				}
				if rowstoskip <= 0 {
					k := int(float64(targrows) * rs.RandomFract())
					rows[k] = sampleRow{tid: tid, tup: slices.Clone(tup)}
				}
				rowstoskip--
			}
			samplerows++
		})
		if err != nil {
			return nil, 0, 0, 0, err
		}
		liverows += float64(live)
		deadrows += float64(dead)
		blocksDone++
		s.progressUpdate(pgstat.ProgressAnalyzeBlocksDone, blocksDone)
	}
	if len(rows) == targrows {
		slices.SortFunc(rows, func(a, b sampleRow) int {
			if a.tid.Block != b.tid.Block {
				return cmp.Compare(a.tid.Block, b.tid.Block)
			}
			return int(a.tid.Offset) - int(b.tid.Offset)
		})
	}
	var totalrows, totaldead float64
	if m := bs.Selected(); m > 0 {
		totalrows = math.Floor(liverows/float64(m)*float64(totalblocks) + 0.5)
		totaldead = math.Floor(deadrows/float64(m)*float64(totalblocks) + 0.5)
	}
	if opts.verbose {
		s.info("\"%s\": scanned %d of %d pages, containing %s live rows and %s dead rows; %d rows in sample, %s estimated total rows",
			rel.Name, bs.Selected(), totalblocks, formatRows(liverows), formatRows(deadrows), len(rows), formatRows(totalrows))
	}
	return rows, totalblocks, totalrows, totaldead, nil
}

// formatRows prints a row count as %.0f does.
func formatRows(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// computeAndStore decodes the sampled rows column by column, computes
// each column's statistics and writes them to pg_statistic
// (update_attstats).
func (s *sqlCtx) computeAndStore(rel *catalog.Relation, t *plan.Table, scan *heap.AnalyzeScan, cols []analyzeColumn, ixCols []indexExprColumn,
	rows []sampleRow, totalrows float64) error {
	natts := len(rel.Attrs)
	perCol := make([][]stats.Value, len(cols))
	for i := range perCol {
		perCol[i] = make([]stats.Value, len(rows))
	}
	// Index expressions read whole values: the columns they read are
	// decoded however wide (a TOASTed one leaves the row out of that
	// index's sample).
	reads := map[*plan.TableIndex][]int{}
	for _, c := range ixCols {
		if _, done := reads[c.ti]; done {
			continue
		}
		var used []int
		seen := map[int]bool{}
		mark := func(e expr.Expr) {
			plan.Walk(e, func(x expr.Expr) bool {
				if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && !seen[v.Index] {
					seen[v.Index] = true
					used = append(used, v.Index)
				}
				return true
			})
		}
		for _, e := range c.ti.Exprs {
			if e != nil {
				mark(e)
			}
		}
		if c.ti.Pred != nil {
			mark(c.ti.Pred)
		}
		reads[c.ti] = used
	}
	values := make([]types.Datum, natts)
	info := make([]heap.SampleValue, natts)
	// Values wider than WIDTH_THRESHOLD are not decoded, except arrays
	// whose elements get statistics, up to ARRAY_WIDTH_THRESHOLD.
	maxRaw := make([]int, natts)
	for i := range maxRaw {
		maxRaw[i] = stats.WidthThreshold
	}
	for _, c := range cols {
		if c.spec.Elements != nil {
			maxRaw[c.attnum-1] = stats.ArrayWidthThreshold
		}
	}
	for _, used := range reads {
		for _, k := range used {
			if k < natts {
				maxRaw[k] = math.MaxInt32
			}
		}
	}
	// The rows each index's sample holds (those its predicate keeps).
	indexRows := map[*plan.TableIndex]int{}
	for r, row := range rows {
		if r%1024 == 0 {
			if err := s.ctx.Err(); err != nil {
				return expr.Canceled(s.ctx)
			}
			scan.ResetArena()
		}
		if err := scan.Decode(row.tup, values, info, maxRaw); err != nil {
			return err
		}
		// Too-wide values are NULL here; fromStored leaves NULLs alone.
		if err := s.fromStored(t, values); err != nil {
			return err
		}
		for i, c := range cols {
			k := int(c.attnum - 1)
			v := stats.Value{Datum: values[k], Null: values[k].IsNull() && !info[k].TooWide,
				TooWide: info[k].Raw > stats.WidthThreshold}
			if c.spec.Elements != nil {
				v.Huge = info[k].TooWide
			}
			if !v.Null && c.spec.Len < 0 {
				v.Width = storedWidth(c.typ, values[k], info[k])
			}
			perCol[i][r] = v
		}
		if err := s.sampleIndexExprs(ixCols, reads, indexRows, values, info); err != nil {
			return err
		}
		// The rows' bytes are not needed once decoded.
		rows[r].tup = nil
	}
	check := func() error {
		if s.ctx.Err() != nil {
			return expr.Canceled(s.ctx)
		}
		return nil
	}
	for i, c := range cols {
		res, err := stats.Compute(c.spec, perCol[i], totalrows, check)
		if err != nil {
			return err
		}
		perCol[i] = nil
		if !res.Valid {
			continue
		}
		if err := s.storeStatistic(rel.OID, rel.Name, c, res); err != nil {
			return err
		}
	}
	for i := range ixCols {
		c := &ixCols[i]
		// The index's rows in the table, as its sample's share of the
		// table's.
		n := indexRows[c.ti]
		if n == 0 {
			continue
		}
		res, err := stats.Compute(c.col.spec, c.vals, math.Ceil(totalrows*float64(n)/float64(len(rows))), check)
		if err != nil {
			return err
		}
		c.vals = nil
		if !res.Valid {
			continue
		}
		if err := s.storeStatistic(c.ti.OID, c.ti.Name, c.col, res); err != nil {
			return err
		}
	}
	return nil
}

// indexExprColumn is an expression column of an index being analyzed:
// index ti's column col.attnum, its sampled values.
type indexExprColumn struct {
	ti   *plan.TableIndex
	k    int
	col  analyzeColumn
	vals []stats.Value
}

// examineIndexExprs are the expression columns of t's indexes, each
// with its statistics target (the index column's attstattarget, the
// default when unset), its expression's type and the index column's
// collation; none with a target of 0.
func (s *sqlCtx) examineIndexExprs(t *plan.Table) ([]indexExprColumn, error) {
	var out []indexExprColumn
	def := -1
	for _, ti := range t.Indexes {
		if ti.Exprs == nil {
			continue
		}
		irel, err := s.cache.RelationByOID(s, ti.OID)
		if err != nil {
			return nil, err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		targets, err := s.attStatTargets(ti.OID)
		if err != nil {
			return nil, err
		}
		if def < 0 {
			if def, err = s.defaultStatisticsTarget(); err != nil {
				return nil, err
			}
		}
		for k, e := range ti.Exprs {
			if e == nil || k >= len(irel.Attrs) {
				continue
			}
			target, ok := targets[int16(k+1)]
			if !ok || target < 0 {
				target = def
			}
			if target == 0 {
				continue
			}
			typ := e.Type()
			var coll uint32
			if k < len(irel.Index.Collations) {
				coll = irel.Index.Collations[k]
			}
			c := analyzeColumn{attnum: int16(k + 1), name: irel.Attrs[k].Name, target: target, typ: typ, coll: coll}
			s.columnSpec(&c, irel.Attrs[k].Len)
			out = append(out, indexExprColumn{ti: ti, k: k, col: c})
		}
	}
	return out, nil
}

// sampleIndexExprs adds a sampled row's values of the index expression
// columns: the row, as the statement sees it (values; info tells which
// were too wide or TOASTed), counts for an index when its predicate
// holds and every column its expressions read is there whole.
func (s *sqlCtx) sampleIndexExprs(ixCols []indexExprColumn, reads map[*plan.TableIndex][]int, indexRows map[*plan.TableIndex]int,
	values []types.Datum, info []heap.SampleValue) error {
	in := map[*plan.TableIndex]bool{}
	for i := range ixCols {
		c := &ixCols[i]
		keep, decided := in[c.ti]
		if !decided {
			keep = true
			for _, k := range reads[c.ti] {
				keep = keep && k < len(info) && !info[k].TooWide && !info[k].Toasted
			}
			ev, err := s.indexEval(c.ti)
			if err != nil {
				return err
			}
			if keep && ev.pred != nil {
				d, err := ev.pred(ev.ec, values)
				if err != nil {
					return err
				}
				keep = !d.IsNull() && d.Bool()
			}
			in[c.ti] = keep
			if keep {
				indexRows[c.ti]++
			}
		}
		if !keep {
			continue
		}
		ev, err := s.indexEval(c.ti)
		if err != nil {
			return err
		}
		d, err := ev.exprs[c.k](ev.ec, values)
		if err != nil {
			return err
		}
		v := stats.Value{Datum: d, Null: d.IsNull()}
		if !v.Null && c.col.spec.Len < 0 {
			// The computed value, with a 4-byte header (VARSIZE_ANY of
			// FormIndexDatum's value).
			if size, ok := pgVarSize(types.DomainBase(c.col.typ), d); ok {
				v.Width = size
			}
		}
		c.vals = append(c.vals, v)
	}
	return nil
}

// storeStatistic inserts or replaces the column's pg_statistic row.
// pg_statistic has no TOAST table yet (no catalog has), so a row that
// does not fit in a page even compressed (long histograms of long
// values, targets in the thousands) cannot be stored: the slots holding
// values are then left out, the last first, until the row fits (the
// planner estimates without them, as for a column whose values are all
// too wide), and only a row that fits without any leaves the column
// without statistics, with a WARNING, rather than the whole ANALYZE
// failing. (A catalog column of type pg_node_tree, which gpostgres keeps
// as SQL text, often has many values below WidthThreshold where
// PostgreSQL's node trees are all above it.)
func (s *sqlCtx) storeStatistic(relid uint32, relName string, c analyzeColumn, res stats.Result) error {
	// The row replaces the column's old one.
	cat := catalog.Lookup("pg_statistic")
	iRel, iNum, iInh := cat.Column("starelid"), cat.Column("staattnum"), cat.Column("stainherit")
	if err := s.deleteCatalogRowsOf(cat, relid, func(r []types.Datum) bool {
		return uint32(r[iRel].Int()) == relid && int16(r[iNum].Int()) == c.attnum && !r[iInh].Bool()
	}); err != nil {
		return err
	}
	for {
		err := s.insertCatalog(&catalogRow{c: cat, vals: s.statisticRow(relid, c, res)})
		var big *pgerr.Error
		if !errors.As(err, &big) || big.Code != pgerr.ProgramLimitExceeded {
			return err
		}
		last := -1
		for i, sl := range res.Slots {
			if len(sl.Values) > 0 {
				last = i
			}
		}
		if last < 0 {
			s.warn(pgerr.Newf(pgerr.FeatureNotSupported, "statistics of column \"%s\" of relation \"%s\" not stored: %s", c.name, relName, big.Message).
				WithDetail("pg_statistic has no TOAST table yet, so a row of statistics must fit in a page.").
				WithSeverity(pgerr.SeverityWarning))
			return nil
		}
		res.Slots = append(res.Slots[:last:last], res.Slots[last+1:]...)
	}
}

// statisticRow is the column's pg_statistic row holding res.
func (s *sqlCtx) statisticRow(relid uint32, c analyzeColumn, res stats.Result) []types.Datum {
	cat := catalog.Lookup("pg_statistic")
	row := make([]types.Datum, len(cat.Columns))
	set := func(name string, d types.Datum) { row[cat.Column(name)] = d }
	set("starelid", oidD(relid))
	set("staattnum", types.Int(int64(c.attnum)))
	set("stainherit", types.Bool(false))
	set("stanullfrac", types.Float4(res.NullFrac))
	set("stawidth", types.Int(int64(res.Width)))
	if c.nDistinct != 0 {
		// ALTER COLUMN ... SET (n_distinct = ...) overrides the estimate.
		res.Distinct = c.nDistinct
	}
	set("stadistinct", types.Float4(res.Distinct))
	for k := 1; k <= 5; k++ {
		n := strconv.Itoa(k)
		kind, op, coll := int16(0), uint32(0), uint32(0)
		var numbers, values types.Datum
		if k <= len(res.Slots) {
			sl := res.Slots[k-1]
			kind, coll = sl.Kind, c.coll
			switch sl.Kind {
			case stats.KindMCV:
				op = c.eqOp
			case stats.KindMCElem, stats.KindDECHist:
				op = c.elemEqOp
			default:
				op = c.ltOp
			}
			if len(sl.Numbers) > 0 {
				nums := make([]types.Datum, len(sl.Numbers))
				for i, f := range sl.Numbers {
					nums[i] = types.Float4(f)
				}
				numbers = types.ArrayDatum(types.NewArray1(types.OidFloat4, nums))
			}
			if len(sl.Values) > 0 {
				typ := c.typ
				if sl.ValueType != 0 {
					typ = sl.ValueType
				}
				values = s.statValues(typ, types.DomainBase(typ), sl.Values)
			}
		}
		set("stakind"+n, types.Int(int64(kind)))
		set("staop"+n, oidD(op))
		set("stacoll"+n, oidD(coll))
		set("stanumbers"+n, numbers)
		set("stavalues"+n, values)
	}
	return row
}

// statValues is the stavaluesN array of a slot: the values themselves,
// in an array of the column's type. Arrays of the types users create
// (enums, composite types, arrays of them) could not be read back from
// storage without the catalog, so their values are kept as their text
// (so are those of the few built-in types without binary input):
// pg_stats prints them as PostgreSQL does, but the array's element type
// is text.
func (s *sqlCtx) statValues(typ, elem uint32, vals []types.Datum) types.Datum {
	if types.ByOID(elem) != nil {
		a := types.ArrayDatum(types.NewArray1(elem, slices.Clone(vals)))
		// A row that cannot be read back would break every scan of
		// pg_statistic: the types whose binary form lib/types cannot
		// read are kept as text too.
		if b, err := types.AppendBinary(nil, types.OidAnyArray, a); err == nil {
			if _, err := types.RecvAnyArray(b); err == nil {
				return a
			}
		}
	}
	opts := s.formatOptions()
	texts := make([]types.Datum, len(vals))
	for i, v := range vals {
		texts[i] = types.Text(types.FormatText(typ, v, opts))
	}
	return types.ArrayDatum(types.NewArray1(types.OidText, texts))
}

// deleteStatistics removes pg_statistic rows of relation relid: of
// column attnum, or of all its columns when attnum is 0
// (RemoveStatistics).
func (s *sqlCtx) deleteStatistics(relid uint32, attnum int16) error {
	cat := catalog.Lookup("pg_statistic")
	iRel, iNum := cat.Column("starelid"), cat.Column("staattnum")
	return s.deleteCatalogRowsOf(cat, relid, func(r []types.Datum) bool {
		return uint32(r[iRel].Int()) == relid && (attnum == 0 || int16(r[iNum].Int()) == attnum)
	})
}

// sortGroupOperators is what std_typanalyze asks of the type cache
// (get_sort_group_operators): the "<" and "=" operators of the type's
// default btree operator class, or "=" of its default hash class; 0
// for what it lacks. An array's operators count only when its element
// type has them too (array_element_has_equality and _compare).
func (s *sqlCtx) sortGroupOperators(typ uint32) (lt, eq uint32) {
	base := types.DomainBase(typ)
	if ct := s.columnType(base); ct != nil && ct.IsArray() {
		lt, eq = defaultOperators(s, base)
		elt, eeq := s.sortGroupOperators(ct.Elem)
		if elt == 0 {
			lt = 0
		}
		if eeq == 0 {
			eq = 0
		}
		return lt, eq
	}
	return defaultOperators(s, base)
}

// arrayElements is array_typanalyze's test: the elements of an array
// type get statistics of their own when their type has "=", a btree
// comparison and a hash function. It returns the elements' "=".
func (s *sqlCtx) arrayElements(typ uint32) (uint32, *stats.Elements) {
	ct := s.columnType(types.DomainBase(typ))
	if ct == nil || !ct.IsArray() {
		return 0, nil
	}
	elem := ct.Elem
	base := types.DomainBase(elem)
	lt, eq := defaultOperators(s, base)
	if lt == 0 || eq == 0 {
		return 0, nil
	}
	if _, ok := s.defaultOpclass(builtinOpclasses().defaults[hashAM], base); !ok {
		return 0, nil
	}
	return eq, &stats.Elements{Type: elem,
		Key:     func(d types.Datum) string { return string(types.AppendKey(nil, base, d)) },
		Compare: func(a, b types.Datum) int { return types.Compare(base, a, b) }}
}

// Operator class lookups over the built-in pg_opclass and pg_amop rows
// (users cannot create operator classes).
type opclassRow struct {
	family, intype uint32
}

type amopKey struct {
	family, left, right uint32
	strategy            int16
}

type opclassTables struct {
	defaults map[uint32][]opclassRow // by access method
	amop     map[amopKey]uint32
}

var builtinOpclasses = sync.OnceValue(func() *opclassTables {
	{
		num := func(v string) uint32 {
			n, _ := strconv.ParseUint(v, 10, 32)
			return uint32(n)
		}
		nt := &opclassTables{defaults: map[uint32][]opclassRow{}, amop: map[amopKey]uint32{}}
		oc := catalog.Lookup("pg_opclass")
		iMethod, iFamily, iIn, iDef := oc.Column("opcmethod"), oc.Column("opcfamily"), oc.Column("opcintype"), oc.Column("opcdefault")
		for _, r := range oc.InitialRows() {
			if r[iDef] == "t" {
				m := num(r[iMethod])
				nt.defaults[m] = append(nt.defaults[m], opclassRow{family: num(r[iFamily]), intype: num(r[iIn])})
			}
		}
		ao := catalog.Lookup("pg_amop")
		iF, iL, iR, iS, iO := ao.Column("amopfamily"), ao.Column("amoplefttype"), ao.Column("amoprighttype"), ao.Column("amopstrategy"), ao.Column("amopopr")
		for _, r := range ao.InitialRows() {
			nt.amop[amopKey{num(r[iF]), num(r[iL]), num(r[iR]), int16(num(r[iS]))}] = num(r[iO])
		}
		return nt
	}
})

// hashAM is pg_am's OID of hash.
const hashAM uint32 = 405

// defaultOperators finds "<" and "=" of typ's default btree class, or
// "=" of its default hash class (lookup_type_cache).
func defaultOperators(s *sqlCtx, typ uint32) (lt, eq uint32) {
	tabs := builtinOpclasses()
	if oc, ok := s.defaultOpclass(tabs.defaults[catalog.BtreeAM], typ); ok {
		lt = tabs.amop[amopKey{oc.family, oc.intype, oc.intype, catalog.BTLessStrategy}]
		eq = tabs.amop[amopKey{oc.family, oc.intype, oc.intype, 3}]
	}
	if eq == 0 {
		if oc, ok := s.defaultOpclass(tabs.defaults[hashAM], typ); ok {
			eq = tabs.amop[amopKey{oc.family, oc.intype, oc.intype, 1}]
		}
	}
	return lt, eq
}

// defaultOpclass is GetDefaultOpClass: the default class for exactly
// the type, else the one class whose input type the type is binary
// coercible to (an array to anyarray, an enum to anyenum, a composite
// type to record), the preferred type of its category first (varchar to
// text).
func (s *sqlCtx) defaultOpclass(classes []opclassRow, typ uint32) (opclassRow, bool) {
	for _, oc := range classes {
		if oc.intype == typ {
			return oc, true
		}
	}
	var found, preferred []opclassRow
	src := s.columnType(typ)
	for _, oc := range classes {
		if s.binaryCoercible(typ, oc.intype) {
			found = append(found, oc)
			// IsPreferredType: the preferred type of the type's category
			// wins (text for varchar, which bpchar_ops takes too).
			if in := types.ByOID(oc.intype); in != nil && src != nil && in.Preferred && in.Category == src.Category {
				preferred = append(preferred, oc)
			}
		}
	}
	switch {
	case len(preferred) == 1:
		return preferred[0], true
	case len(found) == 1:
		return found[0], true
	}
	return opclassRow{}, false
}

// binaryCoercible is IsBinaryCoercible for the input types of the
// built-in operator classes.
func (s *sqlCtx) binaryCoercible(src, target uint32) bool {
	ct := s.columnType(src)
	switch target {
	case types.OidAnyArray:
		return ct != nil && ct.IsArray()
	case types.OidAnyEnum:
		return ct != nil && ct.Category == 'E'
	case types.OidRecord:
		return ct != nil && ct.Category == types.CatComposite
	}
	return binaryCasts()[[2]uint32{src, target}]
}

// binaryCasts are the implicit binary-coercible casts of pg_cast
// (castmethod 'b', castcontext 'i').
var binaryCasts = sync.OnceValue(func() map[[2]uint32]bool {
	{
		c := catalog.Lookup("pg_cast")
		iS, iT, iC, iM := c.Column("castsource"), c.Column("casttarget"), c.Column("castcontext"), c.Column("castmethod")
		nm := map[[2]uint32]bool{}
		for _, r := range c.InitialRows() {
			if r[iC] == "i" && r[iM] == "b" {
				src, _ := strconv.ParseUint(r[iS], 10, 32)
				dst, _ := strconv.ParseUint(r[iT], 10, 32)
				nm[[2]uint32{uint32(src), uint32(dst)}] = true
			}
		}
		return nm
	}
})

// statisticsTarget is SET STATISTICS's target: -1 to 10000, a larger
// one lowered with a WARNING.
func (s *sqlCtx) statisticsTarget(cmd *pg_query.AlterTableCmd) (int, error) {
	target := int(cmd.Def.GetInteger().GetIval())
	if target < -1 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "statistics target %d is too low", target)
	}
	if target > 10000 {
		target = 10000
		s.warn(pgerr.Newf(pgerr.InvalidParameterValue, "lowering statistics target to %d", target).WithSeverity(pgerr.SeverityWarning))
	}
	return target, nil
}

// setStatistics is ATExecSetStatistics: ALTER TABLE ... ALTER COLUMN
// ... SET STATISTICS n stores attstattarget (-1 for the default,
// lowered to 10000 with a WARNING).
func (s *sqlCtx) setStatistics(rel *catalog.Relation, cmd *pg_query.AlterTableCmd) error {
	if cmd.Name == "" {
		return pgerr.New(pgerr.FeatureNotSupported, "cannot refer to non-index column by number")
	}
	target, err := s.statisticsTarget(cmd)
	if err != nil {
		return err
	}
	attnum, err := s.alterColumn(rel, cmd.Name)
	if err != nil {
		return err
	}
	return s.updateAttribute(rel.OID, attnum, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("attstattarget")] = types.Int(int64(target))
	})
}
