// CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX ...
// CONCURRENTLY (PostgreSQL 15's DefineIndex concurrent path,
// index_concurrently_build, validate_index, index_drop's concurrent path
// and ReindexRelationConcurrently): the index changes state in several
// transactions, each committed before the next starts, so that other
// sessions keep reading and writing the table meanwhile. The table is
// held with ShareUpdateExclusiveLock as a session lock across them
// (lmgr's session.go), which writers (RowExclusiveLock) do not conflict
// with. Between the steps the command waits, with lock waits that obey
// cancel, statement_timeout and termination:
//
//   - for the transactions holding a lock that conflicts with a mode
//     (WaitForLockers: each holder's virtual transaction id, locked by
//     its owner from start to end);
//   - for the transactions whose snapshots are older than a limit
//     (WaitForOlderSnapshots: each process's advertised xmin).
//
// Creation: the catalog entry, neither ready nor valid, commits; once
// every writer that could not know of it has ended, the index is built
// from a fresh snapshot and made ready (writers now insert into it, and
// check its uniqueness); once every writer that could not know it ready
// has ended, the rows a reference snapshot sees that the index lacks are
// added (validation); once every snapshot older than the reference one
// is gone, the index becomes valid and the planner may use it. Entries
// hold the TID of a HOT chain's root (the table's scan reports roots, as
// table_index_build_scan does), so validation adds exactly the chains
// whose root the index lacks; VACUUM, which could free a line pointer
// for reuse meanwhile, conflicts with the session lock.
//
// A failure or a crash in any step leaves the committed state of the
// step before: an index that is not valid (psql's \d shows INVALID),
// which DROP INDEX or REINDEX removes or rebuilds, as in PostgreSQL.

package sql

import (
	"errors"
	"strconv"
	"strings"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// preventInTransactionBlock is PreventInTransactionBlock: what works in
// several transactions cannot run inside a block (BEGIN, or several
// statements of one Query message), nor from a routine's body.
func (s *sqlCtx) preventInTransactionBlock(what string) error {
	if s.tx.InTransactionBlock() {
		return pgerr.Newf(pgerr.ActiveSqlTransaction, "%s cannot run inside a transaction block", what)
	}
	if s.inRoutine {
		return pgerr.Newf(pgerr.ActiveSqlTransaction, "%s cannot be executed from a function", what)
	}
	return nil
}

// checkInterrupts is CHECK_FOR_INTERRUPTS between the steps.
func (s *sqlCtx) checkInterrupts() error {
	if s.ctx.Err() != nil {
		return expr.Canceled(s.ctx)
	}
	return nil
}

// commitIntermediate commits the statement's transaction and starts the
// next one (CommitTransactionCommand, StartTransactionCommand): what the
// statement did so far becomes visible to everyone and survives a
// failure of what follows. Only session locks stay held.
func (s *sqlCtx) commitIntermediate() error {
	if err := s.checkInterrupts(); err != nil {
		return err
	}
	s.nextCommand()
	s.wrote = false
	if err := s.tx.CommitAndStart(); err != nil {
		return err
	}
	s.locked = map[lockKey]bool{}
	s.horizon, s.sharedHorizon = 0, 0
	s.indexEvals = nil
	s.indexAccess = nil
	s.cache.Accept()
	return nil
}

// relationTag is the lock tag of relation oid of the database.
func (s *sqlCtx) relationTag(oid uint32) lmgr.LockTag { return lmgr.RelationTag(s.db, oid) }

// waitForLockers is WaitForLockersMultiple: it returns once every
// transaction that held, when it was called, a lock on one of the
// relations conflicting with mode has ended.
func (s *sqlCtx) waitForLockers(rels []uint32, mode lmgr.LockMode) error {
	s.tx.ReleaseXmin()
	var holders []lmgr.VirtualXid
	for _, oid := range rels {
		holders = append(holders, s.eng.Locker.LockConflicts(s.relationTag(oid), mode)...)
	}
	// pg_stat_progress_create_index counts the lockers waited for and
	// names the current one (WaitForLockersMultiple with progress).
	s.progressUpdateMulti([]int{pgstat.ProgressWaitForTotal, pgstat.ProgressWaitForDone}, []int64{int64(len(holders)), 0})
	for i, v := range holders {
		s.progressUpdate(pgstat.ProgressWaitForCurrentPid, int64(s.eng.Locks.BackendPid(v.BackendID)))
		if err := s.eng.Locker.WaitVirtualXact(s.ctx, v); err != nil {
			return err
		}
		s.progressUpdate(pgstat.ProgressWaitForDone, int64(i+1))
	}
	s.progressUpdateMulti([]int{pgstat.ProgressWaitForTotal, pgstat.ProgressWaitForDone, pgstat.ProgressWaitForCurrentPid}, []int64{0, 0, 0})
	return s.checkInterrupts()
}

// waitForOlderSnapshots is WaitForOlderSnapshots: it returns once every
// transaction that, when it was called, advertised an xmin at or before
// limitXmin (a snapshot that may not see rows the reference snapshot
// sees) has ended or moved on to a newer snapshot.
func (s *sqlCtx) waitForOlderSnapshots(limitXmin transam.TransactionId) error {
	type holder struct {
		proc int
		vxid lmgr.VirtualXid
	}
	s.tx.ReleaseXmin()
	me := s.eng.ProcIndex
	// A lazy VACUUM's snapshot reads no table data: PostgreSQL does not
	// wait for it either (PROC_IN_VACUUM).
	old := func(i int) bool {
		if s.eng.Xact.ProcInVacuum(i) {
			return false
		}
		x := s.eng.Xact.ProcXmin(i)
		return x.IsNormal() && transam.TransactionIdPrecedesOrEquals(x, limitXmin)
	}
	n := min(s.eng.Locker.NumProcs(), s.eng.Xact.NumProcs())
	var holders []holder
	for i := 0; i < n; i++ {
		if i == me || !old(i) {
			continue
		}
		// xmin first, then the virtual id: a transaction that ended in
		// between gives the id of a newer one, waited for needlessly
		// but never missed.
		if v := s.eng.Locker.VirtualXidOf(i); v.IsValid() {
			holders = append(holders, holder{i, v})
		}
	}
	for _, h := range holders {
		// A transaction that took a newer snapshot meanwhile need not
		// be waited for (PostgreSQL reads the list again too).
		if s.eng.Locker.VirtualXidOf(h.proc) != h.vxid || !old(h.proc) {
			continue
		}
		if err := s.eng.Locker.WaitVirtualXact(s.ctx, h.vxid); err != nil {
			return err
		}
	}
	return s.checkInterrupts()
}

// indexState is what index_set_state_flags changes of a pg_index row.
type indexState struct {
	setValid, valid bool
	setReady, ready bool
	setLive, live   bool
}

// setIndexState changes index indexOID's state flags and makes every
// session describe the table again (CacheInvalidateRelcache of the
// table: cached plans are made again after it).
func (s *sqlCtx) setIndexState(tableOID, indexOID uint32, st indexState) error {
	pi := catalog.Lookup("pg_index")
	iOID := pi.Column("indexrelid")
	if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == indexOID },
		func(r []types.Datum) {
			if st.setValid {
				r[pi.Column("indisvalid")] = types.Bool(st.valid)
				if !st.valid {
					r[pi.Column("indisclustered")] = types.Bool(false)
				}
			}
			if st.setReady {
				r[pi.Column("indisready")] = types.Bool(st.ready)
			}
			if st.setLive {
				r[pi.Column("indislive")] = types.Bool(st.live)
			}
		}); err != nil {
		return err
	}
	s.cache.InvalidateRelation(indexOID, false)
	s.cache.InvalidateRelation(tableOID, false)
	if st.setReady && !st.ready {
		s.predicateIndexRetired(indexOID, tableOID)
	}
	s.nextCommand()
	return nil
}

// createIndexConcurrently is DefineIndex's concurrent path for def (its
// table locked ShareUpdateExclusiveLock by the caller).
func (s *sqlCtx) createIndexConcurrently(def *indexDef) error {
	tableOID := def.table.OID
	def.concurrent = true
	oid, err := s.createIndex(def)
	if err != nil {
		return err
	}
	tag := s.relationTag(tableOID)
	if err := s.eng.Locker.LockAcquireSession(s.ctx, tag, lmgr.ShareUpdateExclusiveLock); err != nil {
		return err
	}
	if err := s.commitIntermediate(); err != nil {
		return err
	}
	if err := s.buildIndexConcurrently([]indexPair{{table: tableOID, index: oid}}); err != nil {
		return err
	}
	if err := s.validateIndexesConcurrently([]indexPair{{table: tableOID, index: oid}}); err != nil {
		return err
	}
	if err := s.setIndexState(tableOID, oid, indexState{setValid: true, valid: true}); err != nil {
		return err
	}
	s.eng.Locker.LockReleaseSession(tag, lmgr.ShareUpdateExclusiveLock)
	return nil
}

// indexPair is an index and its table.
type indexPair struct{ table, index uint32 }

func pairTables(pairs []indexPair) []uint32 {
	var out []uint32
	for _, p := range pairs {
		if !containsOID(out, p.table) {
			out = append(out, p.table)
		}
	}
	return out
}

func containsOID(list []uint32, oid uint32) bool {
	for _, x := range list {
		if x == oid {
			return true
		}
	}
	return false
}

// buildIndexConcurrently is the second phase: once no transaction that
// could write the tables without knowing the new indexes is left, each
// is built from a fresh snapshot and made ready, in a transaction of its
// own (index_concurrently_build).
func (s *sqlCtx) buildIndexConcurrently(pairs []indexPair) error {
	s.progressUpdate(pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxPhaseWait1)
	if err := s.waitForLockers(pairTables(pairs), lmgr.ShareLock); err != nil {
		return err
	}
	for _, p := range pairs {
		s.cache.Accept()
		if err := s.buildIndex(p.table, p.index, true); err != nil {
			return err
		}
		if err := s.setIndexState(p.table, p.index, indexState{setReady: true, ready: true}); err != nil {
			return err
		}
		if err := s.commitIntermediate(); err != nil {
			return err
		}
	}
	return nil
}

// validateIndexesConcurrently is the third phase: once every writer
// inserts into the new indexes, each gets the rows a reference snapshot
// sees that it lacks (validate_index), and then outlives every snapshot
// older than the reference one. The caller marks them valid in the
// transaction this leaves open.
func (s *sqlCtx) validateIndexesConcurrently(pairs []indexPair) error {
	s.progressUpdate(pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxPhaseWait2)
	if err := s.waitForLockers(pairTables(pairs), lmgr.ShareLock); err != nil {
		return err
	}
	for _, p := range pairs {
		s.cache.Accept()
		// The reference snapshot, taken before the index is read: a
		// row it sees was stored by a transaction that committed
		// before it, and so had put its entry in already if it knew
		// the index ready.
		snap := s.tx.Snapshot()
		if err := s.validateIndex(p.table, p.index); err != nil {
			return err
		}
		limitXmin := snap.Xmin
		if err := s.commitIntermediate(); err != nil {
			return err
		}
		s.progressUpdate(pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxPhaseWait3)
		if err := s.waitForOlderSnapshots(limitXmin); err != nil {
			return err
		}
	}
	return nil
}

// validateIndex adds to index indexOID of table tableOID an entry for
// every row the statement's snapshot sees that has none (validate_index:
// the index's TIDs read first, then the table), unique indexes checked
// as each entry goes in.
func (s *sqlCtx) validateIndex(tableOID, indexOID uint32) error {
	rel, irel, t, ti, err := s.describeIndexOf(tableOID, indexOID)
	if err != nil {
		return err
	}
	s.progressUpdate(pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxPhaseValidateIdxscan)
	have := map[nbtree.TID]struct{}{}
	sc, err := nbtree.BeginScan(s.btree(), ti.Index, nil, nbtree.Forward)
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		tid, ok, err := sc.Next()
		if err != nil {
			sc.Close()
			return err
		}
		if !ok {
			break
		}
		if n%1024 == 0 {
			if err := s.checkInterrupts(); err != nil {
				sc.Close()
				return err
			}
		}
		have[tid] = struct{}{}
	}
	sc.Close()
	s.progressUpdate(pgstat.ProgressCreateIdxPhase, pgstat.ProgressCreateIdxPhaseValidateTablescan)
	access := &nbtree.HeapAccess{}
	if ti.Unique {
		access = s.uniqueCheck(t)
	}
	access.DeleteHorizon = s.deleteHorizon(t)
	return s.scanIndexSource(rel, irel, t, ti, false, func(vals []types.Datum, tid nbtree.TID) error {
		if _, ok := have[tid]; ok {
			return nil
		}
		for {
			err := nbtree.Insert(s.btree(), ti.Index, vals, tid, access)
			var uv *nbtree.UniqueViolation
			if !errors.As(err, &uv) {
				return err
			}
			// An equal key of a live row is no conflict if the row
			// being added has been deleted since the snapshot saw it
			// (an UPDATE's older version): _bt_check_unique's check of
			// the tuple to insert, there for this case.
			st, xid, _, err := heap.CheckUniqueChain(s.heap, t.Heap, heap.TID{Block: tid.Block, Offset: tid.Offset}, s.ownXids(), s.oldestXmin)
			if err != nil {
				return err
			}
			switch st {
			case heap.UniqueLive:
				e := uv.PgError()
				e.SchemaName, e.TableName, e.ConstraintName = t.Schema, t.Name, ti.Name
				return s.withKey(e, t, ti, vals, "Key %s already exists.")
			case heap.UniqueInProgress:
				if err := s.heap.Locks.XactLockTableWait(s.ctx, uint32(xid)); err != nil {
					return err
				}
				continue
			}
			return nbtree.Insert(s.btree(), ti.Index, vals, tid, &nbtree.HeapAccess{DeleteHorizon: access.DeleteHorizon})
		}
	})
}

// ---- DROP INDEX CONCURRENTLY ----

// checkDropIndexConcurrently refuses what DROP INDEX CONCURRENTLY does
// not do (RemoveRelations).
func checkDropIndexConcurrently(ds *pg_query.DropStmt) error {
	if len(ds.Objects) != 1 {
		return pgerr.New(pgerr.FeatureNotSupported, "DROP INDEX CONCURRENTLY does not support dropping multiple objects")
	}
	if ds.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		return pgerr.New(pgerr.FeatureNotSupported, "DROP INDEX CONCURRENTLY does not support CASCADE")
	}
	return nil
}

// dropIndexConcurrently is index_drop's concurrent path for irel (it and
// its table locked ShareUpdateExclusiveLock): the index stops being
// valid, so that new queries do not use it; once the transactions that
// might have used it are over it stops being ready, so that writers
// stop inserting into it; once the transactions that might still insert
// into it are over it is dropped.
func (s *sqlCtx) dropIndexConcurrently(irel *catalog.Relation) error {
	tableOID, oid := irel.Index.Table, irel.OID
	targets := []objectAddress{relationAddress(oid)}
	if err := s.checkDeletion(targets, false); err != nil {
		return err
	}
	if err := s.setIndexState(tableOID, oid, indexState{setValid: true, valid: false}); err != nil {
		return err
	}
	tableTag, indexTag := s.relationTag(tableOID), s.relationTag(oid)
	if err := s.eng.Locker.LockAcquireSession(s.ctx, tableTag, lmgr.ShareUpdateExclusiveLock); err != nil {
		return err
	}
	if err := s.eng.Locker.LockAcquireSession(s.ctx, indexTag, lmgr.ShareUpdateExclusiveLock); err != nil {
		return err
	}
	if err := s.commitIntermediate(); err != nil {
		return err
	}
	if err := s.markIndexesDead([]indexPair{{table: tableOID, index: oid}}); err != nil {
		return err
	}
	if err := s.dropIndexesAfterWait([]indexPair{{table: tableOID, index: oid}}, false); err != nil {
		return err
	}
	s.eng.Locker.LockReleaseSession(indexTag, lmgr.ShareUpdateExclusiveLock)
	s.eng.Locker.LockReleaseSession(tableTag, lmgr.ShareUpdateExclusiveLock)
	return nil
}

// markIndexesDead waits for every transaction that might use the
// indexes (any lock on their tables) and then makes them not ready
// (index_concurrently_set_dead), committed.
func (s *sqlCtx) markIndexesDead(pairs []indexPair) error {
	if err := s.waitForLockers(pairTables(pairs), lmgr.AccessExclusiveLock); err != nil {
		return err
	}
	for _, p := range pairs {
		s.cache.Accept()
		if err := s.setIndexState(p.table, p.index, indexState{setReady: true, ready: false, setLive: true, live: false}); err != nil {
			return err
		}
	}
	return s.commitIntermediate()
}

// dropIndexesAfterWait waits for every transaction that might still
// insert into the indexes and drops them, in the transaction it leaves
// open (internal: dependencies on them are not reported, as
// PERFORM_DELETION_INTERNAL).
func (s *sqlCtx) dropIndexesAfterWait(pairs []indexPair, internal bool) error {
	if err := s.waitForLockers(pairTables(pairs), lmgr.AccessExclusiveLock); err != nil {
		return err
	}
	var targets []objectAddress
	for _, p := range pairs {
		if err := s.lock(p.table, lmgr.ShareUpdateExclusiveLock); err != nil {
			return err
		}
		targets = append(targets, relationAddress(p.index))
	}
	return s.performDeletion(targets, false)
}

// ---- REINDEX CONCURRENTLY ----

// reindexConcurrently is ReindexRelationConcurrently for the indexes of
// pairs (their tables locked ShareUpdateExclusiveLock): a copy of each
// is made (name_ccnew), built and validated as CREATE INDEX
// CONCURRENTLY does; then each copy takes its original's name, place and
// constraint and the original becomes name_ccold, not valid; then the
// originals are made not ready and dropped as DROP INDEX CONCURRENTLY
// does. It returns the copies, which now have the originals' names.
func (s *sqlCtx) reindexConcurrently(pairs []indexPair) ([]indexPair, error) {
	var tags []lmgr.LockTag
	lockSession := func(oid uint32) error {
		tag := s.relationTag(oid)
		if err := s.eng.Locker.LockAcquireSession(s.ctx, tag, lmgr.ShareUpdateExclusiveLock); err != nil {
			return err
		}
		tags = append(tags, tag)
		return nil
	}
	for _, t := range pairTables(pairs) {
		if err := lockSession(t); err != nil {
			return nil, err
		}
	}
	var copies []indexPair
	for _, p := range pairs {
		if err := s.lock(p.index, lmgr.ShareUpdateExclusiveLock); err != nil {
			return nil, err
		}
		copyOID, err := s.createIndexCopy(p.table, p.index)
		if err != nil {
			return nil, err
		}
		if err := lockSession(p.index); err != nil {
			return nil, err
		}
		if err := lockSession(copyOID); err != nil {
			return nil, err
		}
		copies = append(copies, indexPair{table: p.table, index: copyOID})
	}
	if err := s.commitIntermediate(); err != nil {
		return nil, err
	}
	if err := s.buildIndexConcurrently(copies); err != nil {
		return nil, err
	}
	if err := s.validateIndexesConcurrently(copies); err != nil {
		return nil, err
	}
	// Swap: each copy takes its original's name and role.
	for i, p := range pairs {
		s.cache.Accept()
		if err := s.swapIndexes(p.table, copies[i].index, p.index); err != nil {
			return nil, err
		}
		if err := s.checkInterrupts(); err != nil {
			return nil, err
		}
	}
	if err := s.commitIntermediate(); err != nil {
		return nil, err
	}
	if err := s.markIndexesDead(pairs); err != nil {
		return nil, err
	}
	if err := s.dropIndexesAfterWait(pairs, true); err != nil {
		return nil, err
	}
	for i := len(tags) - 1; i >= 0; i-- {
		s.eng.Locker.LockReleaseSession(tags[i], lmgr.ShareUpdateExclusiveLock)
	}
	return copies, nil
}

// createIndexCopy is index_concurrently_create_copy: a new index of the
// same definition as indexOID, named <name>_ccnew, neither ready nor
// valid, not backing any constraint.
func (s *sqlCtx) createIndexCopy(tableOID, indexOID uint32) (uint32, error) {
	rel, irel, t, ti, err := s.describeIndexOf(tableOID, indexOID)
	if err != nil {
		return 0, err
	}
	info := irel.Index
	name, err := s.chooseRelationName(irel.Name, "ccnew", rel.Namespace)
	if err != nil {
		return 0, err
	}
	def := &indexDef{name: name, table: rel, unique: info.Unique, nullsNotDistinct: info.NullsNotDistinct,
		attnums: append([]int16(nil), info.Keys...), classes: append([]uint32(nil), info.Classes...),
		options: append([]int16(nil), info.Options...), collations: append([]uint32(nil), info.Collations...),
		fillFactor: info.FillFactor, concurrent: true, exprTable: t}
	if info.NKeyAtts < len(info.Keys) {
		def.nKeyAtts = info.NKeyAtts
	}
	if ti.Exprs != nil {
		def.exprs = append([]expr.Expr(nil), ti.Exprs...)
		for i := 0; i < len(irel.Attrs) && i < len(info.Keys); i++ {
			if info.Keys[i] == 0 {
				def.exprNames = append(def.exprNames, irel.Attrs[i].Name)
			}
		}
	}
	def.pred = ti.Pred
	return s.createIndex(def)
}

// chooseRelationName is ChooseRelationName(name, NULL, label, nsp):
// name_label, with a number after the label until no relation of the
// schema has it.
func (s *sqlCtx) chooseRelationName(name, label string, nsp uint32) (string, error) {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		candidate := makeObjectName(name, "", l)
		oid, err := s.cache.RelationOID(s, nsp, candidate)
		if err != nil {
			return "", err
		}
		if oid == 0 {
			return candidate, nil
		}
	}
}

// swapIndexes is index_concurrently_swap: the copy newOID takes the
// name, the primary/immediate flags and the constraint of oldOID, and
// becomes valid; the original is renamed <name>_ccold and stops being
// valid. Dependencies on and of the two are exchanged.
func (s *sqlCtx) swapIndexes(tableOID, newOID, oldOID uint32) error {
	oldRel, err := s.cache.RelationByOID(s, oldOID)
	if err != nil || oldRel == nil {
		return err
	}
	newRel, err := s.cache.RelationByOID(s, newOID)
	if err != nil || newRel == nil {
		return err
	}
	oldName, newName := oldRel.Name, newRel.Name
	ccold, err := s.chooseRelationName(oldName, "ccold", oldRel.Namespace)
	if err != nil {
		return err
	}
	pc := catalog.Lookup("pg_class")
	iClassOID, iRelname := pc.Column("oid"), pc.Column("relname")
	rename := func(oid uint32, name string) error {
		return s.updateCatalogRow(pc, func(r []types.Datum) bool { return uint32(r[iClassOID].Int()) == oid },
			func(r []types.Datum) { r[iRelname] = types.Text(name) })
	}
	if err := rename(oldOID, ccold); err != nil {
		return err
	}
	s.nextCommand()
	if err := rename(newOID, oldName); err != nil {
		return err
	}
	s.cache.InvalidateClassName(oldRel.Namespace, oldName)
	s.cache.InvalidateClassName(oldRel.Namespace, newName)
	s.cache.InvalidateClassName(oldRel.Namespace, ccold)

	// pg_index: the copy takes the flags, the original stops being valid.
	pi := catalog.Lookup("pg_index")
	iIndex := pi.Column("indexrelid")
	var oldRow []types.Datum
	if _, row, err := s.findCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iIndex].Int()) == oldOID }); err != nil {
		return err
	} else {
		oldRow = append([]types.Datum(nil), row...)
	}
	if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iIndex].Int()) == newOID },
		func(r []types.Datum) {
			for _, c := range []string{"indisprimary", "indisexclusion", "indimmediate", "indisclustered", "indisreplident"} {
				r[pi.Column(c)] = oldRow[pi.Column(c)]
			}
			r[pi.Column("indisvalid")] = types.Bool(true)
		}); err != nil {
		return err
	}
	if err := s.updateCatalogRow(pi, func(r []types.Datum) bool { return uint32(r[iIndex].Int()) == oldOID },
		func(r []types.Datum) {
			r[pi.Column("indisprimary")] = types.Bool(false)
			r[pi.Column("indisexclusion")] = types.Bool(false)
			r[pi.Column("indimmediate")] = types.Bool(true)
			r[pi.Column("indisclustered")] = types.Bool(false)
			r[pi.Column("indisreplident")] = types.Bool(false)
			r[pi.Column("indisvalid")] = types.Bool(false)
		}); err != nil {
		return err
	}

	// The constraint the original backed, and the foreign keys that
	// reference it, now name the copy; so do their triggers. The tables
	// of those foreign keys describe them again.
	pcon := catalog.Lookup("pg_constraint")
	iConIndex, iConRel := pcon.Column("conindid"), pcon.Column("conrelid")
	var conTables []uint32
	if err := s.rewriteCatalogRows(pcon, func(r []types.Datum) bool { return uint32(r[iConIndex].Int()) == oldOID },
		func(r []types.Datum) {
			r[iConIndex] = oidD(newOID)
			conTables = append(conTables, uint32(r[iConRel].Int()))
		}); err != nil {
		return err
	}
	ptg := catalog.Lookup("pg_trigger")
	iTgIndex, iTgRel := ptg.Column("tgconstrindid"), ptg.Column("tgrelid")
	if err := s.rewriteCatalogRows(ptg, func(r []types.Datum) bool { return uint32(r[iTgIndex].Int()) == oldOID },
		func(r []types.Datum) {
			r[iTgIndex] = oidD(newOID)
			conTables = append(conTables, uint32(r[iTgRel].Int()))
		}); err != nil {
		return err
	}
	for _, oid := range conTables {
		s.cache.InvalidateRelation(oid, false)
	}
	if err := s.swapDependencies(oldOID, newOID); err != nil {
		return err
	}
	// The comment and the statistics (of expression columns) go to
	// the copy too.
	pdesc := catalog.Lookup("pg_description")
	iObj, iClass := pdesc.Column("objoid"), pdesc.Column("classoid")
	if err := s.rewriteCatalogRows(pdesc, func(r []types.Datum) bool {
		return uint32(r[iObj].Int()) == oldOID && uint32(r[iClass].Int()) == catalog.RelationRelationID
	}, func(r []types.Datum) { r[iObj] = oidD(newOID) }); err != nil {
		return err
	}
	pstat := catalog.Lookup("pg_statistic")
	iStaRel := pstat.Column("starelid")
	if err := s.rewriteCatalogRows(pstat, func(r []types.Datum) bool { return uint32(r[iStaRel].Int()) == oldOID },
		func(r []types.Datum) { r[iStaRel] = oidD(newOID) }); err != nil {
		return err
	}
	for _, oid := range []uint32{oldOID, newOID, tableOID} {
		s.cache.InvalidateRelation(oid, false)
	}
	s.nextCommand()
	return nil
}

// swapDependencies exchanges the pg_depend rows of and on relations a
// and b (changeDependenciesOf and changeDependenciesOn both ways).
func (s *sqlCtx) swapDependencies(a, b uint32) error {
	pd := catalog.Lookup("pg_depend")
	iClass, iObj, iRefClass, iRefObj := pd.Column("classid"), pd.Column("objid"), pd.Column("refclassid"), pd.Column("refobjid")
	names := func(r []types.Datum, class, obj int) bool {
		if uint32(r[class].Int()) != catalog.RelationRelationID {
			return false
		}
		o := uint32(r[obj].Int())
		return o == a || o == b
	}
	match := func(r []types.Datum) bool { return names(r, iClass, iObj) || names(r, iRefClass, iRefObj) }
	return s.rewriteCatalogRows(pd, match, func(r []types.Datum) {
		for _, c := range [][2]int{{iClass, iObj}, {iRefClass, iRefObj}} {
			if !names(r, c[0], c[1]) {
				continue
			}
			if uint32(r[c[1]].Int()) == a {
				r[c[1]] = oidD(b)
			} else {
				r[c[1]] = oidD(a)
			}
		}
	})
}

// concurrentReindexTargets are the indexes of table REINDEX TABLE
// CONCURRENTLY rebuilds: the valid ones, an invalid one skipped with a
// WARNING as PostgreSQL does.
func (s *sqlCtx) concurrentReindexTargets(table *catalog.Relation) ([]indexPair, error) {
	var out []indexPair
	for _, oid := range table.Indexes {
		irel, err := s.cache.RelationByOID(s, oid)
		if err != nil {
			return nil, err
		}
		if irel == nil || irel.Index == nil {
			continue
		}
		if !irel.Index.Valid {
			s.warn(pgerr.Newf(pgerr.FeatureNotSupported, "cannot reindex invalid index \"%s.%s\" concurrently, skipping",
				irel.NamespaceName, irel.Name).WithSeverity(pgerr.SeverityWarning))
			continue
		}
		out = append(out, indexPair{table: table.OID, index: oid})
	}
	return out, nil
}

// ReindexConcurrently reports whether a REINDEX statement has the
// CONCURRENTLY option on.
func ReindexConcurrently(rs *pg_query.ReindexStmt) bool {
	for _, n := range rs.Params {
		if d := n.GetDefElem(); d.GetDefname() == "concurrently" {
			return defElemTrue(d.GetArg())
		}
	}
	return false
}

// defElemTrue is defGetBoolean's answer for an option's argument: no
// argument is true.
func defElemTrue(arg *pg_query.Node) bool {
	if arg == nil {
		return true
	}
	switch strings.ToLower(defElemText(arg)) {
	case "false", "off", "0", "no", "f", "n", "of":
		return false
	}
	return true
}

func errReindexCatalogConcurrently() *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, "cannot reindex system catalogs concurrently")
}

// reindexOneConcurrently is REINDEX INDEX | TABLE ... CONCURRENTLY
// (ReindexIndex and ReindexTable with the option): a temporary relation's
// indexes are rebuilt at once, as PostgreSQL does.
func (s *sqlCtx) reindexOneConcurrently(rs *pg_query.ReindexStmt, verbose bool) (string, error) {
	oid, rel, err := s.reindexTarget(rs.Relation)
	if err != nil || rel == nil {
		return "", err
	}
	if rs.Kind == pg_query.ReindexObjectType_REINDEX_OBJECT_TABLE {
		if rel.Kind != 'r' && rel.Kind != 'm' {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not a table or materialized view", rel.Name)
		}
		if err := s.reindexTableConcurrently(oid, verbose, true); err != nil {
			return "", err
		}
		return "REINDEX", nil
	}
	if rel.Index == nil {
		return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is not an index", rel.Name)
	}
	if err := s.lock(rel.Index.Table, lmgr.ShareUpdateExclusiveLock); err != nil {
		return "", err
	}
	if err := s.lock(oid, lmgr.ShareUpdateExclusiveLock); err != nil {
		return "", err
	}
	table, err := s.cache.RelationByOID(s, rel.Index.Table)
	if err != nil || table == nil {
		return "", err
	}
	if isSystemRelation(table) {
		return "", errReindexCatalogConcurrently()
	}
	if table.Persistence == 't' {
		if err := s.lock(table.OID, lmgr.ShareLock); err != nil {
			return "", err
		}
		return "REINDEX", s.reindexIndexes(table, []uint32{oid}, verbose)
	}
	if table.Kind == 't' {
		// The heap stores every chunk through the TOAST table's one
		// index; a concurrent rebuild would need it to enter chunks in
		// the copy too (toast_open_indexes).
		return "", pgerr.New(pgerr.FeatureNotSupported, "REINDEX CONCURRENTLY of a TOAST table's index is not supported yet")
	}
	start, ru := time.Now(), cpuUsage()
	if _, err := s.reindexConcurrently([]indexPair{{table: table.OID, index: oid}}); err != nil {
		return "", err
	}
	if verbose {
		user, sys := cpuUsage().since(ru)
		s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, "index \"%s.%s\" was reindexed", rel.NamespaceName, rel.Name).
			WithDetail("CPU: user: %.2f s, system: %.2f s, elapsed: %.2f s.", user, sys, time.Since(start).Seconds()))
	}
	return "REINDEX", nil
}

// reindexTableConcurrently rebuilds the valid indexes of table oid
// concurrently (ReindexRelationConcurrently for a table); named is set
// for REINDEX TABLE, which reports a table without such indexes.
func (s *sqlCtx) reindexTableConcurrently(oid uint32, verbose, named bool) error {
	if err := s.lock(oid, lmgr.ShareUpdateExclusiveLock); err != nil {
		return err
	}
	table, err := s.cache.RelationByOID(s, oid)
	if err != nil || table == nil {
		return err
	}
	if isSystemRelation(table) {
		if named {
			return errReindexCatalogConcurrently()
		}
		return nil
	}
	if table.Persistence == 't' {
		if err := s.lock(oid, lmgr.ShareLock); err != nil {
			return err
		}
		if len(table.Indexes) == 0 {
			if named {
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "table \"%s\" has no indexes to reindex", table.Name))
			}
			return nil
		}
		return s.reindexIndexes(table, table.Indexes, verbose)
	}
	pairs, err := s.concurrentReindexTargets(table)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		if named {
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "table \"%s\" has no indexes that can be reindexed concurrently", table.Name))
		}
		return nil
	}
	start, ru := time.Now(), cpuUsage()
	copies, err := s.reindexConcurrently(pairs)
	if err != nil {
		return err
	}
	if verbose {
		for _, p := range copies {
			irel, err := s.cache.RelationByOID(s, p.index)
			if err != nil {
				return err
			}
			if irel != nil {
				s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, "index \"%s.%s\" was reindexed", irel.NamespaceName, irel.Name))
			}
		}
		user, sys := cpuUsage().since(ru)
		s.infoError(pgerr.Newf(pgerr.SuccessfulCompletion, "table \"%s.%s\" was reindexed", table.NamespaceName, table.Name).
			WithDetail("CPU: user: %.2f s, system: %.2f s, elapsed: %.2f s.", user, sys, time.Since(start).Seconds()))
	}
	return nil
}
