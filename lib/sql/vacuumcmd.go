// VACUUM (PostgreSQL 15's commands/vacuum.c, ExecVacuum and vacuum();
// access/heap/vacuumlazy.c, heap_vacuum_rel): the options, the list of
// relations, and for each one lazy vacuum in a transaction of its own.
//
// Lazy vacuum of one table, holding ShareUpdateExclusiveLock (readers
// and writers go on; another VACUUM, ANALYZE or DDL waits):
//
//  1. Every page is pruned (heap.ScanPage) against the horizon, the
//     oldest xmin any transaction advertises: row versions dead to all
//     lose their storage, and their line pointers stay LP_DEAD.
//  2. The entries pointing at those line pointers are removed from every
//     index (nbtree.BulkDelete), and only then are the line pointers
//     freed (heap.VacuumPage). When the dead line pointers outgrow
//     maintenance_work_mem (6 bytes each, as PostgreSQL counts), this
//     round runs before the scan goes on. A table without indexes frees
//     them page by page in step 1. With INDEX_CLEANUP off, or when so
//     few pages have dead items that PostgreSQL would bypass the indexes
//     (under 2% of the table), they stay LP_DEAD for a later VACUUM.
//     Each page's free space is recorded in the free space map once its
//     dead items are dealt with (after step 1, or after its line pointers
//     are freed), and the map's upper levels are updated at the end of
//     the scan, so that insertions find the room. Then each index's
//     cleanup (nbtree.Cleanup, btvacuumcleanup) runs unless INDEX_CLEANUP
//     is off: after a BulkDelete it only records in the metapage how many
//     deleted pages could not be recycled yet; otherwise it scans the
//     index when those exceed 5% of it (deleting empty pages and
//     recording recyclable ones in the index's free space map).
//  3. Empty pages at the end are cut off (truncation), if
//     AccessExclusiveLock can be had within 5 seconds of trying; the
//     visibility map and free space map are cut with them.
//  4. pg_class's relpages and reltuples of the table and its indexes
//     are overwritten in place (an index's only when a pass counted its
//     entries exactly).
//
// Then the table's TOAST table is vacuumed the same way, and with
// ANALYZE the table is analyzed in a further transaction.
//
// Tuples older than vacuum_freeze_min_age (all with FREEZE) are frozen,
// and the table's relfrozenxid and then the database's datfrozenxid
// move up to the oldest xid left. Pages found all-visible (all-frozen)
// are marked in the visibility map, and later runs of 32 or more such
// pages are skipped. FULL rewrites the table (rebuildRelation), system
// catalogs included (the mapped ones through the relation map,
// relmap.go); without a table, every table and materialized view of the
// database, each in a transaction of its own.

package sql

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// vacOptValue is VacOptValue: an option's explicit setting or "auto".
type vacOptValue int8

const (
	optionAuto vacOptValue = iota
	optionOff
	optionOn
)

// vacuumOptions are VacuumParams.
type vacuumOptions struct {
	verbose, analyze, skipLocked, freeze, full bool
	disablePageSkipping                        bool
	processToast                               bool
	indexCleanup, truncate                     vacOptValue
	parallel                                   int
	// autovacuum: run by an autovacuum worker (its cost settings, its
	// log line after logMinDuration milliseconds, -1 never).
	autovacuum     bool
	logMinDuration int64
	// wraparound: an autovacuum forced by relfrozenxid or relminmxid
	// age (is_wraparound), which says so in its log line.
	wraparound bool
	// The table's freeze ages for an autovacuum worker (its reloptions
	// autovacuum_freeze_min_age, autovacuum_freeze_table_age and the
	// multixact ones); negative: the vacuum_* settings.
	freezeMinAge, freezeTableAge           int64
	multiFreezeMinAge, multiFreezeTableAge int64
	// costLimit overrides the cost limit (the table's
	// autovacuum_vacuum_cost_limit); 0: the settings'.
	costLimit int
}

// newVacuumOptions are the options of a VACUUM without any: the freeze
// ages from the settings.
func newVacuumOptions() vacuumOptions {
	return vacuumOptions{processToast: true, freezeMinAge: -1, freezeTableAge: -1, multiFreezeMinAge: -1, multiFreezeTableAge: -1}
}

// Constants of vacuumlazy.c.
const (
	// bypassThresholdPages: index vacuuming is skipped when fewer than
	// this fraction of the table's pages have dead items.
	bypassThresholdPages = 0.02
	// relTruncateMinimum and relTruncateFraction: truncation is tried
	// when at least this many pages, or this fraction of the table, are
	// possibly free at its end.
	relTruncateMinimum  = 1000
	relTruncateFraction = 16
	// truncateLockTimeout and truncateLockWait: how long truncation
	// tries to get AccessExclusiveLock, and how often.
	truncateLockTimeout = 5 * time.Second
	truncateLockWait    = 50 * time.Millisecond
	// maxParallelWorkers is MAX_PARALLEL_WORKER_LIMIT.
	maxParallelWorkers = 1024
)

// VacuumEnv is implemented by an Env that knows maintenance_work_mem
// and the cost-based delay settings (the backend's sessions); others get
// PostgreSQL's defaults and no delay.
type VacuumEnv interface {
	// MaintenanceWorkMemKB is maintenance_work_mem in kilobytes.
	MaintenanceWorkMemKB() int64
	// VacuumCost is the cost-based delay VACUUM sleeps by: vacuum_cost_*,
	// or for autovacuum autovacuum_vacuum_cost_delay and _limit where
	// set.
	VacuumCost(autovacuum bool) VacuumCost
	// LogAutovacuum writes an autovacuum report to the server log.
	LogAutovacuum(msg string)
}

// VacuumCost are the cost-based vacuum delay settings: after the pages
// read cost Limit (a hit costs PageHit, a read PageMiss, a page dirtied
// PageDirty), VACUUM sleeps Delay (vacuum_delay_point); Delay 0 turns
// it off.
type VacuumCost struct {
	Delay                        time.Duration
	Limit                        int
	PageHit, PageMiss, PageDirty int
}

// vacuumCommand is ExecVacuum and vacuum() for VACUUM.
func (s *sqlCtx) vacuumCommand(st Statement, vs *pg_query.VacuumStmt) (string, error) {
	opts := newVacuumOptions()
	for _, n := range vs.Options {
		d := n.GetDefElem()
		var err error
		switch d.Defname {
		case "verbose":
			opts.verbose, err = defGetBoolean(d)
		case "skip_locked":
			opts.skipLocked, err = defGetBoolean(d)
		case "analyze":
			opts.analyze, err = defGetBoolean(d)
		case "freeze":
			opts.freeze, err = defGetBoolean(d)
		case "full":
			opts.full, err = defGetBoolean(d)
		case "disable_page_skipping":
			opts.disablePageSkipping, err = defGetBoolean(d)
		case "process_toast":
			opts.processToast, err = defGetBoolean(d)
		case "truncate":
			var b bool
			b, err = defGetBoolean(d)
			opts.truncate = boolOption(b)
		case "index_cleanup":
			if d.Arg == nil {
				opts.indexCleanup = optionAuto
			} else if str := d.Arg.GetString_(); str != nil && strings.EqualFold(str.Sval, "auto") {
				opts.indexCleanup = optionAuto
			} else {
				var b bool
				b, err = defGetBoolean(d)
				opts.indexCleanup = boolOption(b)
			}
		case "parallel":
			n, ok := int64(-1), false
			if iv := d.Arg.GetInteger(); iv != nil {
				n, ok = int64(iv.Ival), true
			}
			if !ok || n < 0 || n > maxParallelWorkers {
				err = pgerr.Newf(pgerr.InvalidParameterValue, "parallel workers for vacuum must be between 0 and %d", maxParallelWorkers).
					WithPosition(parser.Position(st.Query, d.Location))
				if d.Arg == nil {
					err = pgerr.Newf(pgerr.SyntaxError, "parallel option requires a value between 0 and %d", maxParallelWorkers).
						WithPosition(parser.Position(st.Query, d.Location))
				}
			}
			opts.parallel = int(n)
		default:
			err = pgerr.Newf(pgerr.SyntaxError, "unrecognized VACUUM option \"%s\"", d.Defname).
				WithPosition(parser.Position(st.Query, d.Location))
		}
		if err != nil {
			return "", err
		}
	}
	if opts.full && opts.parallel > 0 {
		return "", pgerr.New(pgerr.FeatureNotSupported, "VACUUM FULL cannot be performed in parallel")
	}
	if opts.full && opts.disablePageSkipping {
		return "", pgerr.New(pgerr.FeatureNotSupported, "VACUUM option DISABLE_PAGE_SKIPPING cannot be used with FULL")
	}
	if opts.full && !opts.processToast {
		return "", pgerr.New(pgerr.FeatureNotSupported, "PROCESS_TOAST required with VACUUM FULL")
	}
	if !opts.analyze {
		for _, n := range vs.Rels {
			if len(n.GetVacuumRelation().VaCols) > 0 {
				return "", pgerr.New(pgerr.FeatureNotSupported, "ANALYZE option must be specified when a column list is provided")
			}
		}
	}
	if err := s.preventInTransactionBlock("VACUUM"); err != nil {
		return "", err
	}

	targets, err := s.vacuumTargets(vs)
	if err != nil {
		return "", err
	}
	for i, t := range targets {
		if i > 0 {
			if err := s.commitIntermediate(); err != nil {
				return "", err
			}
		}
		if err := s.checkInterrupts(); err != nil {
			return "", err
		}
		if err := s.vacuumRel(t.oid, opts, false); err != nil {
			return "", err
		}
		if opts.analyze {
			if err := s.commitIntermediate(); err != nil {
				return "", err
			}
			if err := s.analyzeRel(t.oid, t.cols, analyzeOptions{verbose: opts.verbose, skipLocked: opts.skipLocked}, len(vs.Rels) > 0); err != nil {
				return "", err
			}
		}
	}
	if err := s.updateDatFrozenXid(); err != nil {
		return "", err
	}
	return "VACUUM", nil
}

func boolOption(b bool) vacOptValue {
	if b {
		return optionOn
	}
	return optionOff
}

// vacuumRel is vacuum_rel: lock the relation, check that it can be
// vacuumed, vacuum it, then (unless skipToast: it is one, or autovacuum
// handles it on its own) its TOAST table in a transaction of its own.
func (s *sqlCtx) vacuumRel(oid uint32, opts vacuumOptions, skipToast bool) error {
	mode := lmgr.ShareUpdateExclusiveLock
	if opts.full {
		mode = lmgr.AccessExclusiveLock
	}
	rel, err := s.cache.RelationByOID(s, oid)
	if err != nil || rel == nil {
		return err // dropped meanwhile: nothing to do
	}
	// An autovacuum worker's statements are quiet (AutovacuumTable): its
	// skipped tables warn nobody.
	if rel, err = s.lockForMaintenance(rel, mode, opts.skipLocked, "vacuum"); err != nil || rel == nil {
		return err
	}
	if rel.Shared {
		// A shared catalog's lock above is taken in this database only:
		// two databases' VACUUMs of it must not run at once (each would
		// free line pointers the other still has index entries to remove
		// for), so it is locked once more under database 0, as
		// PostgreSQL locks shared relations.
		ok, err := s.tx.LockObject(lmgr.RelationTag(0, oid), mode, opts.skipLocked)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
	}
	if rel.Kind != 'r' && rel.Kind != 'm' && rel.Kind != 't' {
		if rel.Kind != 'p' {
			s.warn(pgerr.Newf(pgerr.Warning, "skipping \"%s\" --- cannot vacuum non-tables or special system tables", rel.Name).
				WithSeverity(pgerr.SeverityWarning))
		}
		return nil
	}
	if other, err := s.isOtherTempNamespace(rel.Namespace); err != nil || other {
		return err
	}
	if opts.full {
		if rel.Kind == 't' {
			if err := s.lockToastOwner(rel.OID, lmgr.AccessExclusiveLock); err != nil {
				return err
			}
		}
		// The TOAST table is rewritten with the table (PostgreSQL 15
		// vacuums it separately only without FULL).
		return s.rebuildRelation(rel, opts, 0)
	}
	if err := s.lazyVacuum(rel, opts); err != nil {
		return err
	}
	if opts.processToast && rel.ToastOID != 0 && !skipToast {
		if err := s.commitIntermediate(); err != nil {
			return err
		}
		return s.vacuumRel(rel.ToastOID, opts, true)
	}
	return nil
}

// rebuildRelation is VACUUM FULL of one table, and CLUSTER's rewrite
// with index (cluster_rel's rebuild_relation): its rows copied into a
// new file (heap.RewriteHeap, or in index's order
// heap.RewriteHeapOrdered), which replaces the old one at commit, and
// every index rebuilt. Its TOAST table gets a new file too
// (rewriteToast). A mapped system catalog's new file goes into the
// relation map (relmap.go).
func (s *sqlCtx) rebuildRelation(rel *catalog.Relation, opts vacuumOptions, index uint32) error {
	start := time.Now()
	var ruStart syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ruStart)
	if opts.verbose {
		if index != 0 {
			// The rows are read by a sequential scan and sorted
			// (clusterOrder), never through the index.
			s.info("clustering \"%s.%s\" using sequential scan and sort", rel.NamespaceName, rel.Name)
		} else {
			s.info("vacuuming \"%s.%s\"", rel.NamespaceName, rel.Name)
		}
	}
	var src *heap.Relation
	if rel.Kind == 't' {
		// A TOAST table named on its own is rewritten like any heap
		// (its index is rebuilt below).
		src = &heap.Relation{OID: rel.OID, Locator: rel.Locator(s.db), Desc: heap.ToastDesc(), Name: rel.Name, Unlogged: rel.Persistence == 'u'}
	} else {
		t, err := s.planTable(rel)
		if err != nil {
			return err
		}
		src = t.Heap
	}
	s.tx.ReleaseXmin()
	horizon := s.vacuumHorizon(rel.Shared)
	// The rewrite freezes every id older than the horizon, FREEZE or
	// not: copy_table_data asks vacuum_set_xid_limits with freeze ages
	// of 0, since the whole table is written anyway.
	aggressive := opts
	aggressive.freeze = true
	freeze, err := s.freezeLimit(horizon, aggressive)
	if err != nil {
		return err
	}
	multiCutoff, oldestMxact, err := s.multiCutoffs(aggressive)
	if err != nil {
		return err
	}
	relMinMxid, err := s.relMinMxid(rel.OID)
	if err != nil {
		return err
	}
	oldPages, err := s.heap.Files.NBlocks(src.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	cutoffs := heap.VacuumCutoffs{Horizon: horizon, FreezeLimit: freeze,
		MultiCutoff: multiCutoff, OldestMxact: oldestMxact, RelMinMxid: relMinMxid}
	var order func(yield func(heap.TID) error) error
	if index != 0 {
		order = s.clusterOrder(rel, index)
	}
	res, err := s.rewriteRelationFile(src, cutoffs, order)
	if err != nil {
		return err
	}
	if src.Toast != nil {
		if err := s.rewriteToast(src.Toast, cutoffs); err != nil {
			return err
		}
	}
	s.predicateRelationRewritten(rel.OID)
	if rel.Kind == 't' {
		if err := s.invalidateToastOwner(rel.OID); err != nil {
			return err
		}
	}
	s.nextCommand()
	fresh, err := s.cache.RelationByOID(s, rel.OID)
	if err != nil {
		return err
	}
	if err := s.reindexRelation(fresh, true); err != nil {
		return err
	}
	s.nextCommand()
	if err := s.updateRelStats(rel.OID, int32(res.Pages), float32(res.Tuples-res.RecentlyDead)); err != nil {
		return err
	}
	if _, err := s.updateRelFrozenXid(rel.OID, res.OldestXid); err != nil {
		return err
	}
	if _, err := s.updateRelMinMxid(rel.OID, res.OldestMulti); err != nil {
		return err
	}
	if opts.verbose {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		tv := func(t syscall.Timeval) time.Duration {
			return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
		}
		cs := func(d time.Duration) string { c := d.Milliseconds() / 10; return fmt.Sprintf("%d.%02d", c/100, c%100) }
		s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, "\"%s.%s\": found %d removable, %d nonremovable row versions in %d pages",
			rel.NamespaceName, rel.Name, res.Removed, res.Tuples, oldPages).
			WithDetail("%d dead row versions cannot be removed yet.\nCPU: user: %s s, system: %s s, elapsed: %s s.",
				res.RecentlyDead, cs(tv(ru.Utime)-tv(ruStart.Utime)), cs(tv(ru.Stime)-tv(ruStart.Stime)), cs(time.Since(start))))
	}
	return nil
}

// invalidateToastOwner invalidates the cache entries of the table whose
// TOAST table is toast: they hold the TOAST table's file and its index's
// too, here and in other sessions.
func (s *sqlCtx) invalidateToastOwner(toast uint32) error {
	owner, err := s.toastOwner(toast)
	if err != nil || owner == 0 {
		return err
	}
	s.cache.InvalidateRelation(owner, false)
	return nil
}

// toastOwner is the OID of the table whose TOAST table is toast (0 if
// none).
func (s *sqlCtx) toastOwner(toast uint32) (uint32, error) {
	c := catalog.Lookup("pg_class")
	iToast, iOID := c.Column("reltoastrelid"), c.Column("oid")
	_, owner, err := s.findCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iToast].Int()) == toast })
	if err != nil || owner == nil {
		return 0, err
	}
	return uint32(owner[iOID].Int()), nil
}

// lockToastOwner locks the table whose TOAST table is toast, before
// the TOAST table or its index gets a new file: the table's writers
// store chunks and index entries without locking the TOAST table
// (PostgreSQL's take RowExclusiveLock on it), so they must be kept out
// through the table, or they would write into the old files.
func (s *sqlCtx) lockToastOwner(toast uint32, mode lmgr.LockMode) error {
	owner, err := s.toastOwner(toast)
	if err != nil || owner == 0 {
		return err
	}
	return s.lock(owner, mode)
}

// rewriteToast gives a table's TOAST table, during its VACUUM FULL, a new
// file holding only the chunks still needed: those the cutoffs do not
// find dead. A value's chunks die with the row version that stored it
// (the same deleting transaction), so they are kept exactly as long as
// some kept row version may point at them; the rows' pointers stay valid
// because a chunk keeps its value ID and the TOAST table its OID. As in
// PostgreSQL, the TOAST table's relpages and reltuples start over (0 and
// -1) and its relfrozenxid is the rewrite's.
func (s *sqlCtx) rewriteToast(toast *heap.Relation, cutoffs heap.VacuumCutoffs) error {
	relMinMxid, err := s.relMinMxid(toast.OID)
	if err != nil {
		return err
	}
	cutoffs.RelMinMxid = relMinMxid
	res, err := s.rewriteRelationFile(toast, cutoffs, nil)
	if err != nil {
		return err
	}
	s.nextCommand()
	// Its index is built again over the new file (reindex_relation's
	// REINDEX_REL_PROCESS_TOAST).
	trel, err := s.cache.RelationByOID(s, toast.OID)
	if err != nil {
		return err
	}
	if trel != nil && len(trel.Indexes) > 0 {
		if err := s.reindexRelation(trel, false); err != nil {
			return err
		}
		// PostgreSQL's new TOAST index is made empty and then takes the
		// chunks one by one, so its relpages and reltuples stay those
		// of an empty index.
		for _, ix := range trel.Indexes {
			if err := s.updateRelStats(ix, 1, 0); err != nil {
				return err
			}
		}
		s.nextCommand()
	}
	if err := s.updateRelStats(toast.OID, 0, -1); err != nil {
		return err
	}
	if _, err := s.updateRelFrozenXid(toast.OID, res.OldestXid); err != nil {
		return err
	}
	_, err = s.updateRelMinMxid(toast.OID, res.OldestMulti)
	return err
}

// rewriteRelationFile is the file swap of VACUUM FULL for one heap (a
// table, a TOAST table or a catalog): the rows of src the cutoffs keep
// are copied into a new file, which replaces the old one at commit,
// named in the relation map for a mapped catalog and in
// pg_class.relfilenode for any other relation. With order, the rows it
// yields come first, in its order (heap.RewriteHeapOrdered).
func (s *sqlCtx) rewriteRelationFile(src *heap.Relation, cutoffs heap.VacuumCutoffs, order func(yield func(heap.TID) error) error) (heap.RewriteResult, error) {
	node, err := s.newOID()
	if err != nil {
		return heap.RewriteResult{}, err
	}
	oldLoc := src.Locator
	newLoc := oldLoc
	newLoc.Rel = node
	mapped := catalog.ByOID(src.OID)
	if mapped != nil && !mapped.Mapped() {
		mapped = nil
	}
	if mapped != nil {
		err = s.createMappedFile(newLoc)
	} else {
		err = s.createFile(newLoc, src.Unlogged)
	}
	if err != nil {
		return heap.RewriteResult{}, err
	}
	dest := &heap.Relation{OID: src.OID, Locator: newLoc, Desc: src.Desc, Name: src.Name, Toast: src.Toast, Unlogged: src.Unlogged}
	var res heap.RewriteResult
	if order != nil {
		res, err = heap.RewriteHeapOrdered(s.heap, src, dest, cutoffs, order, s.checkInterrupts)
	} else {
		res, err = heap.RewriteHeap(s.heap, src, dest, cutoffs, s.checkInterrupts)
	}
	if err != nil {
		return res, err
	}
	if mapped != nil {
		s.mapRelation(mapped, node)
	} else if err := s.updateClass(src.OID, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relfilenode")] = oidD(node)
	}); err != nil {
		return res, err
	}
	eng := s.eng
	s.tx.AtCommit(func() { dropRelationStorage(eng, oldLoc) })
	s.cache.InvalidateSmgr(oldLoc)
	return res, nil
}

// deadItems are the LP_DEAD line pointers found so far (VacDeadItems),
// by block in ascending order.
type deadItems struct {
	blocks []storage.BlockNumber
	offs   [][]page.OffsetNumber
	count  int
}

func (d *deadItems) add(blk storage.BlockNumber, offs []page.OffsetNumber) {
	d.blocks = append(d.blocks, blk)
	d.offs = append(d.offs, slices.Clone(offs))
	d.count += len(offs)
}

// contains is lazy_tid_reaped.
func (d *deadItems) contains(t nbtree.TID) bool {
	i := sort.Search(len(d.blocks), func(i int) bool { return d.blocks[i] >= t.Block })
	if i == len(d.blocks) || d.blocks[i] != t.Block {
		return false
	}
	_, found := slices.BinarySearch(d.offs[i], t.Offset)
	return found
}

func (d *deadItems) reset() { *d = deadItems{} }

// vacuumRun is LVRelState: the counters of one table's vacuum.
type vacuumRun struct {
	rel     *catalog.Relation
	t       *plan.Table
	indexes []*plan.TableIndex
	horizon transam.TransactionId
	opts    vacuumOptions
	// freezeLimit: older xmins are frozen; newRelfrozen: the oldest xid
	// left in the table, its new relfrozenxid (oldRelfrozen the old).
	freezeLimit, newRelfrozen, oldRelfrozen transam.TransactionId
	frozenTuples                            int64
	// multiCutoff: older multixacts are frozen; oldestMxact the oldest
	// multixact anyone may use; newRelminMxid the oldest left in the
	// table, its new relminmxid (invalid: it cannot move).
	multiCutoff, oldestMxact, newRelminMxid transam.MultiXactId
	oldRelminMxid                           transam.MultiXactId
	// newLiveTuples is the table's estimated live rows (new_live_tuples),
	// counting the pages skipped at their old density.
	newLiveTuples int64

	relPages, scannedPages, removedPages, nonemptyPages storage.BlockNumber
	lpdeadItemPages                                     storage.BlockNumber
	tuplesDeleted, liveTuples, recentlyDead             int64
	lpdeadItems                                         int64
	indexScans                                          int
	// indexStats: each index's IndexBulkDeleteResult, nil until a pass
	// (BulkDelete, or a Cleanup that scanned) ran on it.
	indexStats       []*nbtree.BulkDeleteResult
	dead             deadItems
	maxDeadItems     int
	doIndexVacuuming bool
	delay            costDelay
	// aggressive: every page not all-frozen is visited (isAggressive).
	aggressive bool
}

// costDelay is vacuum_delay_point's state: the cost of the pages read
// since the last sleep, measured from the buffer pool's counters.
type costDelay struct {
	cost    VacuumCost
	last    storage.BufferUsage
	balance int
}

func (d *costDelay) start(s *sqlCtx, autovacuum bool) {
	if ve, ok := s.env.(VacuumEnv); ok {
		d.cost = ve.VacuumCost(autovacuum)
	}
	d.last = *s.heap.Pool.Usage()
}

// point is vacuum_delay_point: charge the pages touched since the last
// call, and sleep once they cost the limit (up to 4 times the delay, as
// PostgreSQL's), waking for cancellation.
func (d *costDelay) point(s *sqlCtx) error {
	if d.cost.Delay <= 0 || d.cost.Limit <= 0 {
		return nil
	}
	u := *s.heap.Pool.Usage()
	d.balance += int(u.SharedHit-d.last.SharedHit+u.LocalHit-d.last.LocalHit)*d.cost.PageHit +
		int(u.SharedRead-d.last.SharedRead+u.LocalRead-d.last.LocalRead)*d.cost.PageMiss +
		int(u.SharedDirtied-d.last.SharedDirtied+u.LocalDirtied-d.last.LocalDirtied)*d.cost.PageDirty
	d.last = u
	if d.balance < d.cost.Limit {
		return nil
	}
	sleep := min(d.cost.Delay*time.Duration(d.balance)/time.Duration(d.cost.Limit), 4*d.cost.Delay)
	d.balance = 0
	t := time.NewTimer(sleep)
	defer t.Stop()
	select {
	case <-s.ctx.Done():
		return expr.Canceled(s.ctx)
	case <-t.C:
	}
	return nil
}

// lazyVacuum is heap_vacuum_rel for one table or TOAST table.
func (s *sqlCtx) lazyVacuum(rel *catalog.Relation, opts vacuumOptions) error {
	start := time.Now()
	var ruStart syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ruStart)
	bufStart := *s.heap.Pool.Usage()
	var walStart xlog.Usage
	if s.eng != nil && s.eng.WALH != nil {
		walStart = s.eng.WALH.Usage()
	}
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	if rel.Kind == 't' {
		t.Heap.Desc = heap.ToastDesc()
	}
	// pg_stat_progress_vacuum shows the run (lib/pgstat's parameters).
	s.progressStart(pgstat.ProgressVacuum, rel.OID)
	defer s.progressEnd()
	indexes := append(append([]*plan.TableIndex(nil), t.Indexes...), t.PendingIndexes...)
	v := &vacuumRun{rel: rel, t: t, indexes: indexes, opts: opts,
		indexStats: make([]*nbtree.BulkDeleteResult, len(indexes))}
	v.delay.start(s, opts.autovacuum)
	if opts.costLimit > 0 {
		v.delay.cost.Limit = opts.costLimit
	}
	v.doIndexVacuuming = opts.indexCleanup != optionOff
	mwm := int64(65536)
	if ve, ok := s.env.(VacuumEnv); ok {
		mwm = ve.MaintenanceWorkMemKB()
	}
	v.maxDeadItems = int(max(mwm*1024/6, page.MaxHeapTuplesPerPage))
	if v.aggressive, err = s.isAggressive(rel, opts); err != nil {
		return err
	}
	if opts.verbose {
		what := "vacuuming"
		if v.aggressive {
			what = "aggressively vacuuming"
		}
		s.info("%s \"%s.%s.%s\"", what, s.env.CurrentDatabase(), rel.NamespaceName, rel.Name)
	}
	// Others' pruning need not wait for this VACUUM, which reads the
	// table only under its own horizon, never through a snapshot
	// (PROC_IN_VACUUM): without it, the long VACUUM of a big table lets
	// every small, busy one bloat meanwhile.
	s.tx.SetInVacuum(true)
	defer s.tx.SetInVacuum(false)
	s.tx.ReleaseXmin()
	v.horizon = s.vacuumHorizon(rel.Shared)
	if v.freezeLimit, err = s.freezeLimit(v.horizon, opts); err != nil {
		return err
	}
	if v.multiCutoff, v.oldestMxact, err = s.multiCutoffs(opts); err != nil {
		return err
	}
	relMinMxid, err := s.relMinMxid(rel.OID)
	if err != nil {
		return err
	}
	v.newRelfrozen, v.newRelminMxid = v.horizon, v.oldestMxact
	cutoffs := heap.VacuumCutoffs{Horizon: v.horizon, FreezeLimit: v.freezeLimit, MultiCutoff: v.multiCutoff,
		OldestMxact: v.oldestMxact, RelMinMxid: relMinMxid}

	nblocks, err := s.heap.Files.NBlocks(t.Heap.Locator, storage.MainFork)
	if err != nil {
		return err
	}
	v.relPages = nblocks
	s.progressUpdateMulti([]int{pgstat.ProgressVacuumPhase, pgstat.ProgressVacuumTotalHeapBlks, pgstat.ProgressVacuumMaxDeadTuples},
		[]int64{pgstat.ProgressVacuumPhaseScanHeap, int64(nblocks), int64(v.maxDeadItems)})
	skip, err := s.skippablePages(v, nblocks)
	if err != nil {
		return err
	}
	for blk := storage.BlockNumber(0); blk < nblocks; blk++ {
		if err := s.checkInterrupts(); err != nil {
			return err
		}
		s.progressUpdate(pgstat.ProgressVacuumHeapBlksScanned, int64(blk))
		if skip[blk] != skipNone {
			if skip[blk] == skipAllVisible {
				// Its xids are unknown: relfrozenxid and relminmxid
				// cannot move.
				v.newRelfrozen = transam.InvalidTransactionId
				v.newRelminMxid = transam.InvalidMultiXactId
			}
			continue
		}
		if v.dead.count+page.MaxHeapTuplesPerPage > v.maxDeadItems && v.dead.count > 0 {
			// No room for another page's dead items: clean up what is
			// collected, then go on (lazy_scan_heap's mid-scan round).
			if err := s.vacuumIndexesAndHeap(v, true); err != nil {
				return err
			}
		}
		r, err := heap.ScanPage(s.heap, t.Heap, blk, cutoffs, len(indexes) > 0)
		if err != nil {
			return err
		}
		if err := v.delay.point(s); err != nil {
			return err
		}
		v.scannedPages++
		v.tuplesDeleted += int64(r.Removed)
		v.liveTuples += int64(r.Live)
		v.recentlyDead += int64(r.RecentlyDead)
		if r.HasTuples {
			v.nonemptyPages = blk + 1
		}
		if n := len(r.DeadItems) + r.Freed; n > 0 {
			v.lpdeadItemPages++
			v.lpdeadItems += int64(n)
		}
		if len(r.DeadItems) > 0 {
			v.dead.add(blk, r.DeadItems)
			s.progressUpdate(pgstat.ProgressVacuumNumDeadTuples, int64(v.dead.count))
		}
		if v.newRelfrozen.IsValid() && transam.TransactionIdPrecedes(r.OldestXid, v.newRelfrozen) {
			v.newRelfrozen = r.OldestXid
		}
		if v.newRelminMxid.IsValid() && r.OldestMulti.IsValid() && transam.MultiXactIdPrecedes(r.OldestMulti, v.newRelminMxid) {
			v.newRelminMxid = r.OldestMulti
		}
		v.frozenTuples += int64(r.Frozen)
		// The page's room goes into the free space map now, unless its
		// dead items are still to be freed: then after that
		// (lazy_scan_heap's final steps for a block).
		if len(r.DeadItems) == 0 || !v.doIndexVacuuming || len(indexes) == 0 {
			if err := s.heap.FreeSpaceMap().RecordPageWithFreeSpace(t.Heap.Locator, blk, r.FreeSpace); err != nil {
				return err
			}
		}
	}
	s.progressUpdate(pgstat.ProgressVacuumHeapBlksScanned, int64(nblocks))
	if err := s.vacuumIndexesAndHeap(v, false); err != nil {
		return err
	}
	// The upper levels of the map learn what was recorded.
	if err := s.heap.FreeSpaceMap().VacuumRange(t.Heap.Locator, 0, nblocks, s.checkInterrupts); err != nil {
		return err
	}
	// The table's rows as the index cleanup sees them (new_rel_tuples).
	relTuples := estimateRelTuples(float64(rel.Pages), float64(rel.Tuples), float64(v.relPages), float64(v.scannedPages), float64(v.liveTuples))
	if opts.indexCleanup != optionOff && len(indexes) > 0 {
		// lazy_cleanup_all_indexes: btvacuumcleanup per index.
		s.progressUpdate(pgstat.ProgressVacuumPhase, pgstat.ProgressVacuumPhaseIndexCleanup)
		for i, ti := range indexes {
			if err := s.checkInterrupts(); err != nil {
				return err
			}
			r, err := nbtree.Cleanup(s.btree(), ti.Index, v.indexStats[i], relTuples, v.scannedPages < v.relPages)
			if err != nil {
				return err
			}
			v.indexStats[i] = r
		}
	}
	newPages := v.relPages
	if opts.truncate == optionAuto {
		// The table's vacuum_truncate storage parameter decides.
		relopts, err := s.reloptions(rel.OID)
		if err != nil {
			return err
		}
		if slices.Contains(relopts, "vacuum_truncate=false") {
			opts.truncate = optionOff
		}
	}
	if opts.truncate != optionOff && s.shouldTruncate(v) {
		s.progressUpdate(pgstat.ProgressVacuumPhase, pgstat.ProgressVacuumPhaseTruncate)
		if newPages, err = s.truncateHeap(v); err != nil {
			return err
		}
	}
	// pg_class: the table's pages and rows, and its indexes'.
	s.progressUpdate(pgstat.ProgressVacuumPhase, pgstat.ProgressVacuumPhaseFinalCleanup)
	s.nextCommand()
	// The old size is the relation's as this VACUUM found it.
	reltuples := relTuples
	v.newLiveTuples = int64(reltuples)
	if err := s.updateRelStats(rel.OID, int32(newPages), float32(reltuples)); err != nil {
		return err
	}
	allVisible, _, err := heap.VisibilityMapCount(s.heap, t.Heap)
	if err != nil {
		return err
	}
	relAllVisible := int64(min(allVisible, newPages))
	if err := s.updateClassInPlace(rel.OID, func(r []types.Datum, c *catalog.Catalog) bool {
		i := c.Column("relallvisible")
		if r[i].Int() == relAllVisible {
			return false
		}
		r[i] = types.Int(relAllVisible)
		return true
	}); err != nil {
		return err
	}
	if v.oldRelfrozen, err = s.updateRelFrozenXid(rel.OID, v.newRelfrozen); err != nil {
		return err
	}
	if v.oldRelminMxid, err = s.updateRelMinMxid(rel.OID, v.newRelminMxid); err != nil {
		return err
	}
	if opts.indexCleanup != optionOff {
		// update_relstats_all_indexes: only exact counts.
		for i, ti := range v.indexes {
			r := v.indexStats[i]
			if r == nil || r.EstimatedCount {
				continue
			}
			if err := s.updateRelStats(ti.OID, int32(r.Pages), float32(r.Tuples)); err != nil {
				return err
			}
		}
	}
	// n_live_tup, n_dead_tup and last_vacuum (pgstat_report_vacuum):
	// the rows found live, and those dead but not yet removable.
	if s.eng != nil {
		s.eng.Stats.ReportVacuum(rel.OID, rel.Shared, max(v.newLiveTuples, 0), v.recentlyDead)
	}
	if opts.verbose {
		s.info("%s", s.vacuumReport(v, newPages, start, ruStart, bufStart, walStart))
	}
	if opts.autovacuum && opts.logMinDuration >= 0 && time.Since(start).Milliseconds() >= opts.logMinDuration {
		if ve, ok := s.env.(VacuumEnv); ok {
			ve.LogAutovacuum(s.vacuumReport(v, newPages, start, ruStart, bufStart, walStart))
		}
	}
	return nil
}

// Why a page is passed over by lazy vacuum.
const (
	skipNone       = iota
	skipAllVisible // all-visible: its xids may keep relfrozenxid back
	skipAllFrozen  // all-frozen: nothing to do at all
)

// skipPagesThreshold is SKIP_PAGES_THRESHOLD: only runs of at least this
// many skippable pages are passed over, to keep reads sequential.
const skipPagesThreshold = 32

// isAggressive is vacuum_set_xid_limits' answer: must this VACUUM
// visit every page not all-frozen, to move relfrozenxid and relminmxid?
// With FREEZE or DISABLE_PAGE_SKIPPING, when relfrozenxid is older than
// vacuum_freeze_table_age (at most 95% of autovacuum_freeze_max_age), or
// relminmxid older than vacuum_multixact_freeze_table_age (at most 95% of
// the effective autovacuum_multixact_freeze_max_age).
func (s *sqlCtx) isAggressive(rel *catalog.Relation, opts vacuumOptions) (bool, error) {
	if opts.freeze || opts.disablePageSkipping {
		return true, nil
	}
	tableAge, err := s.intSetting("vacuum_freeze_table_age")
	if err != nil {
		return false, err
	}
	maxAge, err := s.intSetting("autovacuum_freeze_max_age")
	if err != nil {
		return false, err
	}
	if opts.freezeTableAge >= 0 {
		tableAge = opts.freezeTableAge
	}
	tableAge = min(tableAge, maxAge*95/100)
	frozen, err := s.relFrozenXid(rel.OID)
	if err != nil {
		return false, err
	}
	next := s.heap.Xact.ReadNextFullTransactionId().Xid()
	if frozen.IsNormal() && int64(int32(uint32(next)-uint32(frozen))) > tableAge {
		return true, nil
	}
	multiAge, err := s.intSetting("vacuum_multixact_freeze_table_age")
	if err != nil {
		return false, err
	}
	if opts.multiFreezeTableAge >= 0 {
		multiAge = opts.multiFreezeTableAge
	}
	multiMax, err := s.effectiveMultiFreezeMaxAge()
	if err != nil {
		return false, err
	}
	multiAge = min(multiAge, multiMax*95/100)
	minMulti, err := s.relMinMxid(rel.OID)
	if err != nil {
		return false, err
	}
	nextMulti, _ := s.heap.Xact.ReadNextMultiXactId(s.heap.Owner)
	return minMulti.IsValid() && int64(int32(uint32(nextMulti)-uint32(minMulti))) > multiAge, nil
}

// skippablePages is lazy_scan_skip's choice: pages the visibility map
// shows all-visible are not read, in runs of skipPagesThreshold or more,
// never the last page (truncation must know whether it is empty); an
// aggressive vacuum (isAggressive) skips only all-frozen pages, and
// DISABLE_PAGE_SKIPPING none.
func (s *sqlCtx) skippablePages(v *vacuumRun, nblocks storage.BlockNumber) ([]int8, error) {
	skip := make([]int8, nblocks)
	if v.opts.disablePageSkipping || nblocks == 0 {
		return skip, nil
	}
	aggressive := v.aggressive
	var vmbuf buffer.Buffer
	defer func() {
		if vmbuf.Valid() {
			s.heap.Pool.Release(vmbuf)
		}
	}()
	for blk := storage.BlockNumber(0); blk+1 < nblocks; blk++ {
		st, err := heap.VisibilityMapGetStatus(s.heap, v.t.Heap, blk, &vmbuf)
		if err != nil {
			return nil, err
		}
		switch {
		case st&heap.VMAllFrozen != 0:
			skip[blk] = skipAllFrozen
		case st&heap.VMAllVisible != 0 && !aggressive:
			skip[blk] = skipAllVisible
		}
	}
	// Short runs are read anyway.
	for start := 0; start < len(skip); {
		if skip[start] == skipNone {
			start++
			continue
		}
		end := start
		for end < len(skip) && skip[end] != skipNone {
			end++
		}
		if end-start < skipPagesThreshold {
			for i := start; i < end; i++ {
				skip[i] = skipNone
			}
		}
		start = end
	}
	return skip, nil
}

// relFrozenXid reads a relation's pg_class.relfrozenxid.
func (s *sqlCtx) relFrozenXid(relid uint32) (transam.TransactionId, error) {
	c := catalog.Lookup("pg_class")
	iOID, iFrozen := c.Column("oid"), c.Column("relfrozenxid")
	_, row, err := s.findCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == relid })
	if err != nil {
		return 0, err
	}
	return transam.TransactionId(uint32(row[iFrozen].Int())), nil
}

// relMinMxid reads a relation's pg_class.relminmxid.
func (s *sqlCtx) relMinMxid(relid uint32) (transam.MultiXactId, error) {
	c := catalog.Lookup("pg_class")
	iOID, iMin := c.Column("oid"), c.Column("relminmxid")
	_, row, err := s.findCatalogRow(c, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == relid })
	if err != nil || row == nil {
		return 0, err
	}
	return transam.MultiXactId(uint32(row[iMin].Int())), nil
}

// estimateRelTuples is vac_estimate_reltuples: the rows of a table of
// totalPages pages of which scannedPages were read, holding
// scannedTuples: the unread pages are taken at the old density.
func estimateRelTuples(oldPages, oldTuples, totalPages, scannedPages, scannedTuples float64) float64 {
	switch {
	case scannedPages >= totalPages:
		return scannedTuples
	case oldPages == totalPages && scannedPages < totalPages*0.02:
		return oldTuples
	case scannedPages <= 1:
		return oldTuples
	case oldTuples < 0 || oldPages == 0:
		return math.Floor(scannedTuples/scannedPages*totalPages + 0.5)
	}
	return math.Floor(oldTuples/oldPages*(totalPages-scannedPages) + scannedTuples + 0.5)
}

// freezeLimit is vacuum_set_xid_limits' FreezeLimit: xmins older than
// horizon minus vacuum_freeze_min_age (0 with FREEZE; at most half of
// autovacuum_freeze_max_age) are frozen.
func (s *sqlCtx) freezeLimit(horizon transam.TransactionId, opts vacuumOptions) (transam.TransactionId, error) {
	minAge := int64(0)
	if !opts.freeze {
		var err error
		if minAge, err = s.intSetting("vacuum_freeze_min_age"); err != nil {
			return 0, err
		}
		if opts.freezeMinAge >= 0 {
			minAge = opts.freezeMinAge
		}
		maxAge, err := s.intSetting("autovacuum_freeze_max_age")
		if err != nil {
			return 0, err
		}
		minAge = min(minAge, maxAge/2)
	}
	limit := transam.TransactionId(uint32(horizon) - uint32(minAge))
	if !limit.IsNormal() {
		limit = transam.FirstNormalTransactionId
	}
	return limit, nil
}

// multiCutoffs is vacuum_set_xid_limits' multixact part: oldest is the
// oldest multixact anyone may still use (GetOldestMultiXactId), and
// multixacts
// older than oldest minus vacuum_multixact_freeze_min_age (0 with
// FREEZE; at most half of autovacuum_multixact_freeze_max_age) are
// frozen.
func (s *sqlCtx) multiCutoffs(opts vacuumOptions) (cutoff, oldest transam.MultiXactId, err error) {
	oldest = s.heap.Xact.GetOldestMultiXactId()
	minAge := int64(0)
	if !opts.freeze {
		if minAge, err = s.intSetting("vacuum_multixact_freeze_min_age"); err != nil {
			return 0, 0, err
		}
		if opts.multiFreezeMinAge >= 0 {
			minAge = opts.multiFreezeMinAge
		}
		maxAge, err := s.effectiveMultiFreezeMaxAge()
		if err != nil {
			return 0, 0, err
		}
		minAge = min(minAge, maxAge/2)
	}
	cutoff = oldest - transam.MultiXactId(minAge)
	if cutoff < transam.FirstMultiXactId {
		cutoff = transam.FirstMultiXactId
	}
	if transam.MultiXactIdPrecedes(oldest, cutoff) {
		s.warn(pgerr.New(pgerr.Warning, "oldest multixact is far in the past").WithSeverity(pgerr.SeverityWarning).
			WithHint("Close open transactions with multixacts soon to avoid wraparound problems."))
		cutoff = oldest
	}
	return cutoff, oldest, nil
}

// effectiveMultiFreezeMaxAge is autovacuum_multixact_freeze_max_age,
// lowered while member space fills (MultiXactMemberFreezeThreshold), as
// vacuum_set_xid_limits uses it.
func (s *sqlCtx) effectiveMultiFreezeMaxAge() (int64, error) {
	maxAge, err := s.intSetting("autovacuum_multixact_freeze_max_age")
	if err != nil {
		return 0, err
	}
	return s.heap.Xact.MultiXactMemberFreezeThreshold(s.heap.Owner, maxAge), nil
}

// intSetting reads an integer setting.
func (s *sqlCtx) intSetting(name string) (int64, error) {
	v, _, err := s.env.GetConfig(name, false)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, pgerr.Newf(pgerr.InternalError, "invalid %s %q", name, v)
	}
	return n, nil
}

// updateRelFrozenXid is vac_update_relstats' relfrozenxid: set in place
// when it moves forward (or the old value is in the future, hence
// corrupt). It returns the old value, or invalid when nothing changed.
func (s *sqlCtx) updateRelFrozenXid(relid uint32, frozen transam.TransactionId) (transam.TransactionId, error) {
	if !frozen.IsNormal() {
		return 0, nil
	}
	var old transam.TransactionId
	err := s.updateClassInPlace(relid, func(r []types.Datum, c *catalog.Catalog) bool {
		i := c.Column("relfrozenxid")
		cur := transam.TransactionId(uint32(r[i].Int()))
		if !s.frozenXidAdvances(cur, frozen) {
			return false
		}
		old = cur
		r[i] = types.Int(int64(frozen))
		return true
	})
	return old, err
}

// updateRelMinMxid is vac_update_relstats' relminmxid: set in place
// when it moves forward (or the old value is in the future). It returns
// the old value, or invalid when nothing changed.
func (s *sqlCtx) updateRelMinMxid(relid uint32, minMulti transam.MultiXactId) (transam.MultiXactId, error) {
	if !minMulti.IsValid() {
		return 0, nil
	}
	var old transam.MultiXactId
	err := s.updateClassInPlace(relid, func(r []types.Datum, c *catalog.Catalog) bool {
		i := c.Column("relminmxid")
		cur := transam.MultiXactId(uint32(r[i].Int()))
		if !s.minMxidAdvances(cur, minMulti) {
			return false
		}
		old = cur
		r[i] = types.Int(int64(minMulti))
		return true
	})
	return old, err
}

// minMxidAdvances is frozenXidAdvances for a relminmxid or datminmxid.
func (s *sqlCtx) minMxidAdvances(old, minMulti transam.MultiXactId) bool {
	next, _ := s.heap.Xact.ReadNextMultiXactId(s.heap.Owner)
	return old != minMulti && (transam.MultiXactIdPrecedes(old, minMulti) || transam.MultiXactIdPrecedes(next, old))
}

// frozenXidAdvances is vac_update_relstats' test for a relfrozenxid or
// datfrozenxid: it only moves forward, unless the old value lies in the
// future (hence corrupt).
func (s *sqlCtx) frozenXidAdvances(old, frozen transam.TransactionId) bool {
	next := s.heap.Xact.ReadNextFullTransactionId().Xid()
	return old != frozen && (transam.TransactionIdPrecedes(old, frozen) || transam.TransactionIdPrecedes(next, old))
}

// vacuumIndexesAndHeap is lazy_vacuum: remove the collected dead items
// from the indexes, then free their line pointers. At the end of the
// scan (midScan false) PostgreSQL's bypass rule may leave them for later.
func (s *sqlCtx) vacuumIndexesAndHeap(v *vacuumRun, midScan bool) error {
	if v.dead.count == 0 {
		return nil
	}
	if !v.doIndexVacuuming || len(v.indexes) == 0 {
		v.dead.reset()
		return nil
	}
	if !midScan && v.indexScans == 0 && v.opts.indexCleanup == optionAuto {
		// A BlockNumber, as PostgreSQL's: the fraction rounds down.
		threshold := storage.BlockNumber(float64(v.relPages) * bypassThresholdPages)
		if v.lpdeadItemPages < threshold && v.lpdeadItems < 32*1024*1024/6 {
			v.doIndexVacuuming = false
			v.dead.reset()
			return nil
		}
	}
	s.progressUpdate(pgstat.ProgressVacuumPhase, pgstat.ProgressVacuumPhaseVacuumIndex)
	for i, ti := range v.indexes {
		if err := s.checkInterrupts(); err != nil {
			return err
		}
		r, err := nbtree.BulkDelete(s.btree(), ti.Index, v.dead.contains, v.indexStats[i])
		if err != nil {
			return err
		}
		v.indexStats[i] = r
	}
	v.indexScans++
	s.progressUpdateMulti([]int{pgstat.ProgressVacuumNumIndexVacuums, pgstat.ProgressVacuumPhase},
		[]int64{int64(v.indexScans), pgstat.ProgressVacuumPhaseVacuumHeap})
	for i, blk := range v.dead.blocks {
		if err := s.checkInterrupts(); err != nil {
			return err
		}
		s.progressUpdate(pgstat.ProgressVacuumHeapBlksVacuumed, int64(blk))
		free, err := heap.VacuumPage(s.heap, v.t.Heap, blk, v.dead.offs[i], v.horizon)
		if err != nil {
			return err
		}
		if err := s.heap.FreeSpaceMap().RecordPageWithFreeSpace(v.t.Heap.Locator, blk, free); err != nil {
			return err
		}
	}
	v.dead.reset()
	// The scan goes on with an empty list (lazy_vacuum's reset).
	s.progressUpdateMulti([]int{pgstat.ProgressVacuumNumDeadTuples, pgstat.ProgressVacuumPhase},
		[]int64{0, pgstat.ProgressVacuumPhaseScanHeap})
	return nil
}

// shouldTruncate is should_attempt_truncation.
func (s *sqlCtx) shouldTruncate(v *vacuumRun) bool {
	freeable := v.relPages - v.nonemptyPages
	return freeable > 0 && (freeable >= relTruncateMinimum || freeable >= v.relPages/relTruncateFraction)
}

// truncateHeap is lazy_truncate_heap: with AccessExclusiveLock (tried
// for up to 5 seconds, without waiting in the lock queue), the empty
// pages at the end are cut off. It returns the table's new size.
func (s *sqlCtx) truncateHeap(v *vacuumRun) (storage.BlockNumber, error) {
	oid := v.rel.OID
	deadline := time.Now().Add(truncateLockTimeout)
	for {
		ok, err := s.tx.ConditionalLockRelation(oid, lmgr.AccessExclusiveLock)
		if err != nil {
			return v.relPages, err
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			if v.opts.verbose {
				s.info("\"%s\": stopping truncate due to conflicting lock request", v.rel.Name)
			}
			return v.relPages, nil
		}
		select {
		case <-s.ctx.Done():
			return v.relPages, expr.Canceled(s.ctx)
		case <-time.After(truncateLockWait):
		}
	}
	loc := v.t.Heap.Locator
	nblocks, err := s.heap.Files.NBlocks(loc, storage.MainFork)
	if err != nil {
		return v.relPages, err
	}
	if nblocks != v.relPages {
		// Extended meanwhile: the new pages are in use, give up.
		return v.relPages, nil
	}
	keep, err := heap.NondeletablePages(s.heap, v.t.Heap, nblocks, v.nonemptyPages, s.checkInterrupts)
	if err != nil {
		return v.relPages, err
	}
	if keep >= nblocks {
		return v.relPages, nil
	}
	if err := s.eng.TruncateRelationStorage(loc, keep, v.t.Heap.Unlogged); err != nil {
		return v.relPages, err
	}
	s.heap.ForgetRelation(loc)
	v.removedPages = nblocks - keep
	if v.opts.verbose {
		s.info("table \"%s\": truncated %d to %d pages", v.rel.Name, nblocks, keep)
	}
	return keep, nil
}

// vacuumReport is heap_vacuum_rel's report, for VERBOSE or
// log_autovacuum_min_duration.
func (s *sqlCtx) vacuumReport(v *vacuumRun, newPages storage.BlockNumber, start time.Time, ruStart syscall.Rusage, bufStart storage.BufferUsage, walStart xlog.Usage) string {
	var b strings.Builder
	head := "finished vacuuming"
	if v.opts.autovacuum {
		switch {
		case v.opts.wraparound && v.aggressive:
			head = "automatic aggressive vacuum to prevent wraparound of table"
		case v.opts.wraparound:
			head = "automatic vacuum to prevent wraparound of table"
		case v.aggressive:
			head = "automatic aggressive vacuum of table"
		default:
			head = "automatic vacuum of table"
		}
	}
	fmt.Fprintf(&b, "%s \"%s.%s.%s\": index scans: %d\n", head, s.env.CurrentDatabase(), v.rel.NamespaceName, v.rel.Name, v.indexScans)
	pct := func(n storage.BlockNumber) float64 {
		if v.relPages == 0 {
			return 100
		}
		return 100 * float64(n) / float64(v.relPages)
	}
	fmt.Fprintf(&b, "pages: %d removed, %d remain, %d scanned (%.2f%% of total)\n", v.removedPages, newPages, v.scannedPages, pct(v.scannedPages))
	// An unknown count (-1: at most one page read of a table never
	// counted) is reported as none, as lazy_scan_heap takes it.
	fmt.Fprintf(&b, "tuples: %d removed, %d remain, %d are dead but not yet removable\n", v.tuplesDeleted, max(v.newLiveTuples, 0), v.recentlyDead)
	next := s.heap.Xact.ReadNextFullTransactionId().Xid()
	fmt.Fprintf(&b, "removable cutoff: %d, which was %d XIDs old when operation ended\n", v.horizon, int32(uint32(next)-uint32(v.horizon)))
	if v.oldRelfrozen.IsValid() {
		fmt.Fprintf(&b, "new relfrozenxid: %d, which is %d XIDs ahead of previous value\n", v.newRelfrozen, int32(uint32(v.newRelfrozen)-uint32(v.oldRelfrozen)))
	}
	if v.oldRelminMxid.IsValid() {
		fmt.Fprintf(&b, "new relminmxid: %d, which is %d MXIDs ahead of previous value\n", v.newRelminMxid, int32(uint32(v.newRelminMxid)-uint32(v.oldRelminMxid)))
	}
	if v.doIndexVacuuming {
		if len(v.indexes) == 0 || v.indexScans == 0 {
			b.WriteString("index scan not needed: ")
		} else {
			b.WriteString("index scan needed: ")
		}
		fmt.Fprintf(&b, "%d pages from table (%.2f%% of total) had %d dead item identifiers removed\n", v.lpdeadItemPages, pct(v.lpdeadItemPages), v.lpdeadItems)
	} else {
		fmt.Fprintf(&b, "index scan bypassed: %d pages from table (%.2f%% of total) have %d dead item identifiers\n", v.lpdeadItemPages, pct(v.lpdeadItemPages), v.lpdeadItems)
	}
	for i, ti := range v.indexes {
		if r := v.indexStats[i]; r != nil {
			fmt.Fprintf(&b, "index \"%s\": pages: %d in total, %d newly deleted, %d currently deleted, %d reusable\n",
				ti.Name, r.Pages, r.PagesNewlyDeleted, r.PagesDeleted, r.PagesFree)
		}
	}
	b.WriteString(readWriteRates(start, bufStart, *s.heap.Pool.Usage()))
	var wu xlog.Usage
	if s.eng != nil && s.eng.WALH != nil {
		wu = s.eng.WALH.Usage()
	}
	fmt.Fprintf(&b, "WAL usage: %d records, %d full page images, %d bytes\n", wu.Records-walStart.Records, wu.FPI-walStart.FPI, wu.Bytes-walStart.Bytes)
	b.WriteString(systemUsage(start, ruStart))
	return b.String()
}

// readWriteRates are a maintenance report's "avg read rate" and "buffer
// usage" lines over the pages read and dirtied since bufStart.
func readWriteRates(start time.Time, bufStart, bu storage.BufferUsage) string {
	secs := time.Since(start).Seconds()
	hits := bu.SharedHit - bufStart.SharedHit + bu.LocalHit - bufStart.LocalHit
	misses := bu.SharedRead - bufStart.SharedRead + bu.LocalRead - bufStart.LocalRead
	dirtied := bu.SharedDirtied - bufStart.SharedDirtied + bu.LocalDirtied - bufStart.LocalDirtied
	var readRate, writeRate float64
	if secs > 0 {
		readRate = float64(page.Size) * float64(misses) / (1024 * 1024) / secs
		writeRate = float64(page.Size) * float64(dirtied) / (1024 * 1024) / secs
	}
	return fmt.Sprintf("avg read rate: %.3f MB/s, avg write rate: %.3f MB/s\nbuffer usage: %d hits, %d misses, %d dirtied\n",
		readRate, writeRate, hits, misses, dirtied)
}

// systemUsage is pg_rusage_show's line since start.
func systemUsage(start time.Time, ruStart syscall.Rusage) string {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cs := func(d time.Duration) string { c := d.Milliseconds() / 10; return fmt.Sprintf("%d.%02d", c/100, c%100) }
	tv := func(t syscall.Timeval) time.Duration {
		return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
	}
	return fmt.Sprintf("system usage: CPU: user: %s s, system: %s s, elapsed: %s s", cs(tv(ru.Utime)-tv(ruStart.Utime)), cs(tv(ru.Stime)-tv(ruStart.Stime)), cs(time.Since(start)))
}

// usageReport is readWriteRates followed by systemUsage.
func usageReport(start time.Time, ruStart syscall.Rusage, bufStart, bu storage.BufferUsage) string {
	return readWriteRates(start, bufStart, bu) + systemUsage(start, ruStart)
}
