// The SQL layer's side of REPEATABLE READ and SERIALIZABLE (lib/xact's
// isolation.go): when a statement takes its snapshot, the serialization
// failures (40001) that replace READ COMMITTED's re-check of a row
// another transaction changed (ExecUpdate, ExecDelete,
// ExecOnConflictUpdate and ExecLockRows under IsolationUsesXactSnapshot),
// and SERIALIZABLE's reports of table reads and writes to SSI.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"github.com/gpostgres/gpostgres/lib/types"
)

// requiresSnapshot reports whether a statement runs under a snapshot
// taken before it starts (PlannedStmtRequiresSnapshot). LOCK TABLE, SET
// CONSTRAINTS and the rest listed here must be able to run first in a
// REPEATABLE READ transaction without fixing its snapshot; so must the
// commands that run as transactions of their own and take their
// snapshots themselves.
func requiresSnapshot(n *pg_query.Node) bool {
	switch n := n.GetNode().(type) {
	case nil:
		return false
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_VariableShowStmt,
		*pg_query.Node_LockStmt, *pg_query.Node_ConstraintsSetStmt, *pg_query.Node_FetchStmt,
		*pg_query.Node_ListenStmt, *pg_query.Node_NotifyStmt, *pg_query.Node_UnlistenStmt,
		*pg_query.Node_CheckPointStmt, *pg_query.Node_VacuumStmt:
		return false
	case *pg_query.Node_IndexStmt:
		return !n.IndexStmt.Concurrent
	case *pg_query.Node_DropStmt:
		return !n.DropStmt.Concurrent
	case *pg_query.Node_ReindexStmt:
		return !ReindexConcurrently(n.ReindexStmt)
	}
	return true
}

// takeStatementSnapshot takes the snapshot of a statement that needs
// one before it runs: under REPEATABLE READ the first fixes the
// transaction's.
func (s *sqlCtx) takeStatementSnapshot(p *Plan) error {
	if s.tx != nil && requiresSnapshot(p.stmt.Node()) {
		return s.tx.TakeSnapshot()
	}
	return nil
}

// predicateLocked reports whether reads of t take SIREAD locks under
// SERIALIZABLE (PredicateLockingNeededForRelation): not the system
// catalogs, whose changes take heavyweight locks, nor temporary tables,
// which no other session sees, nor materialized views, which only
// REFRESH writes.
func predicateLocked(t *plan.Table) bool {
	return t.OID >= catalog.FirstUnpinnedOID && t.Kind != 'm' && (t.Entry == nil || t.Entry.Persistence != 't')
}

// predicateRead is called before the statement reads table t under its
// snapshot: under SERIALIZABLE it takes the transaction's SIREAD lock on
// t and records its rw-conflicts out (lib/xact PredicateRead).
func (s *sqlCtx) predicateRead(t *plan.Table) error {
	if s.tx == nil || !predicateLocked(t) {
		return nil
	}
	return s.tx.PredicateRead(t.OID)
}

// predicateWrite is called before the statement inserts, updates or
// deletes rows of t: under SERIALIZABLE the transactions holding SIREAD
// locks on t get rw-conflicts into this one (lib/xact PredicateWrite).
func (s *sqlCtx) predicateWrite(t *plan.Table) error {
	if s.tx == nil || !predicateLocked(t) {
		return nil
	}
	return s.tx.PredicateWrite(t.OID)
}

// predicateActive reports whether the statement's reads and writes of t
// go to SSI: t takes SIREAD locks and the transaction is serializable
// (and, if read-only, not yet known safe).
func (s *sqlCtx) predicateActive(t *plan.Table) bool {
	return s.tx != nil && predicateLocked(t) && s.tx.PredicateActive()
}

// predicateReadTuple takes the SIREAD lock on the row version at tid of
// t that an index scan or a fetch by tid read (PredicateLockTID).
func (s *sqlCtx) predicateReadTuple(t *plan.Table, tid heap.TID) error {
	return s.tx.PredicateReadTarget(predicate.TupleTarget(t.OID, uint32(tid.Block), uint16(tid.Offset)))
}

// predicateLockLeaf is an index scan's nbtree.Scan.SetPredicateLock: a
// SIREAD lock on each leaf of index oid it reads (PredicateLockPage),
// or on the whole index when it has none.
func (s *sqlCtx) predicateLockLeaf(oid uint32) func(blk storage.BlockNumber) error {
	return func(blk storage.BlockNumber) error {
		if blk == storage.InvalidBlock {
			return s.tx.PredicateReadTarget(predicate.RelationTarget(oid))
		}
		return s.tx.PredicateReadTarget(predicate.PageTarget(oid, uint32(blk)))
	}
}

// predicateWriteTuple reports the insertion, update or deletion of the
// row version at tid of t to SSI (CheckForSerializableConflictIn with
// the tuple): readers of it, its page or t conflict with this
// transaction, and later readers of it find the write.
func (s *sqlCtx) predicateWriteTuple(t *plan.Table, tid heap.TID) error {
	if !s.predicateActive(t) {
		return nil
	}
	return s.tx.PredicateWriteTarget(predicate.TupleTarget(t.OID, uint32(tid.Block), uint16(tid.Offset)))
}

// predicateWriteNew reports the row version this statement created at
// tid of t (PostgreSQL checks only the table's readers of the whole
// relation at heap_insert); it stays recorded for later readers.
func (s *sqlCtx) predicateWriteNew(t *plan.Table, tid heap.TID) error {
	if !s.predicateActive(t) {
		return nil
	}
	return s.tx.PredicateWriteNew(predicate.TupleTarget(t.OID, uint32(tid.Block), uint16(tid.Offset)))
}

// predicateReadInvisible is CheckForSerializableConflictOut for a row
// version at tid of t that an index scan or a fetch came across and the
// snapshot does not see.
func (s *sqlCtx) predicateReadInvisible(t *plan.Table, tid heap.TID) error {
	return s.tx.PredicateReadInvisible(predicate.TupleTarget(t.OID, uint32(tid.Block), uint16(tid.Offset)))
}

// predicateRelationRewritten is called as relation oid gets a new file
// (TransferPredicateLocksToHeapRelation): the SIREAD locks and write
// records of every serializable transaction on its pages and tuples,
// which name places in the old file, cover the whole relation instead.
func (s *sqlCtx) predicateRelationRewritten(oid uint32) {
	if s.eng != nil && oid >= catalog.FirstUnpinnedOID {
		s.eng.Pred.TransferToRelation(s.eng.Owner, s.db, oid)
	}
}

// predicateIndexRetired is called as index oid of table stops receiving
// insertions (DROP INDEX, an index made not ready): the SIREAD locks on
// its leaves, which no insertion would check any more, become locks on
// the table (TransferPredicateLocksToHeapRelation).
func (s *sqlCtx) predicateIndexRetired(oid, table uint32) {
	if s.eng != nil && oid >= catalog.FirstUnpinnedOID && table != 0 {
		s.eng.Pred.TransferIndexToHeap(s.eng.Owner, s.db, oid, table)
	}
}

// serializationFailure is the 40001 error of a REPEATABLE READ
// transaction that would change or lock a row another transaction
// updated or deleted after the transaction's snapshot, or nil for other
// results (READ COMMITTED re-checks such rows instead).
func (s *sqlCtx) serializationFailure(res heap.TMResult) error {
	if !s.tx.UsesTransactionSnapshot() {
		return nil
	}
	switch res {
	case heap.TMUpdated:
		return errConcurrentUpdate()
	case heap.TMDeleted:
		return pgerr.New(pgerr.TRSerializationFailure, "could not serialize access due to concurrent delete")
	}
	return nil
}

func errConcurrentUpdate() *pgerr.Error {
	return pgerr.New(pgerr.TRSerializationFailure, "could not serialize access due to concurrent update")
}

// crosscheckSnapshot is the snapshot an update or delete must also see
// its row in (es_crosscheck_snapshot): the transaction's, while a
// REPEATABLE READ transaction's referential action runs under a newer
// one; nil otherwise.
func (s *sqlCtx) crosscheckSnapshot() *heap.Snapshot {
	cc := s.tx.Crosscheck()
	if cc == nil {
		return nil
	}
	return &heap.Snapshot{Snapshot: cc, Cur: s.ownXids(), CurCid: s.cid()}
}

// checkConflictVisible is ExecCheckTupleVisible for ON CONFLICT: under
// REPEATABLE READ the row that holds the proposed key must be visible to
// the transaction's snapshot, unless this transaction inserted it; a row
// committed after the snapshot is a serialization failure.
func (s *sqlCtx) checkConflictVisible(rel *heap.Relation, tid heap.TID) error {
	if !s.tx.UsesTransactionSnapshot() {
		return nil
	}
	_, visible, err := heap.Fetch(s.heap, rel, tid, s.statementSnapshot())
	if err != nil || visible {
		return err
	}
	xmin, err := heap.InsertingXid(s.heap, rel, tid)
	if err != nil {
		return err
	}
	if s.ownXids().Contains(xmin) {
		return nil
	}
	return errConcurrentUpdate()
}

// riLockKeptKey is the KEY SHARE lock of a REPEATABLE READ transaction's
// foreign key check on a referenced row of pk that a transaction
// committed after the snapshot updated. A KEY SHARE lock does not
// conflict with an update that kept the key: PostgreSQL's
// heap_lock_tuple then locks the row's newer versions and the check
// passes. So the newest version is locked, and if its referenced key is
// still that of the version the snapshot sees, the row counts as found;
// otherwise the key changed and the check cannot be made under the
// snapshot (40001). The referenced key is compared rather than trusting
// HEAP_KEYS_UPDATED, which also marks updates of other key columns.
func (s *sqlCtx) riLockKeptKey(pk *catalog.Relation, fk *catalog.ForeignKey, rel *heap.Relation, tid heap.TID, xid transam.TransactionId) (bool, error) {
	old, visible, err := heap.Fetch(s.heap, rel, tid, s.statementSnapshot())
	if err != nil {
		return false, err
	}
	if !visible {
		return false, errConcurrentUpdate()
	}
	lr, err := heap.LockTuple(s.ctx, s.heap, rel, tid, s.ownXids(), xid, s.cid(), heap.LockTupleKeyShare, heap.LockWaitBlock, heap.LockFlagFindLastVersion|heap.LockFlagLockUpdateInProgress)
	if err != nil {
		return false, err
	}
	if lr.Result != heap.TMOk {
		return false, errConcurrentUpdate()
	}
	for _, a := range fk.RefKeys {
		if !storedEqual(&pk.Attrs[a-1], old[a-1], lr.Values[a-1]) {
			return false, errConcurrentUpdate()
		}
	}
	return true, nil
}

// storedEqual reports whether two stored values of column a are surely
// the same key: equal bits for by-value columns, equal bytes for the
// columns stored as bytes, equal by the type's comparison for the
// by-reference built-in types whose keys btree compares. Anything else
// counts as changed, which can only cost a serialization failure.
func storedEqual(a *catalog.Attribute, x, y types.Datum) bool {
	if x.IsNull() || y.IsNull() {
		return x.IsNull() && y.IsNull()
	}
	if a.ByVal {
		return x.Int() == y.Int()
	}
	if catalog.StoredAsBytes(a.Type, a.Len) {
		return x.Text() == y.Text()
	}
	switch base := types.DomainBase(a.Type); base {
	case types.OidText, types.OidVarchar, types.OidName, types.OidBpchar, types.OidBytea, types.OidUUID,
		types.OidNumeric, types.OidInterval, types.OidTimetz, types.OidInet, types.OidCidr,
		types.OidMacaddr, types.OidMacaddr8, types.OidJSONB, types.OidBit, types.OidVarbit:
		return types.Compare(base, x, y) == 0
	}
	return false
}

// withCurrentRows runs f, a DDL statement's read of the rows of a table
// it has locked (an index build, a table rewrite, the validation of a
// constraint), under a snapshot taken now, as PostgreSQL reads them with
// GetLatestSnapshot or SnapshotAny: never under a REPEATABLE READ
// transaction's snapshot, which would leave out the rows committed
// since — missing from the index, lost by the rewrite, unchecked.
func (s *sqlCtx) withCurrentRows(f func() error) error { return s.tx.WithLatestSnapshot(f) }

// indexFilesInSnapshot maps each of the indexes oids whose pg_class row
// the REPEATABLE READ transaction's snapshot sees, as it was before the
// transaction's own first command, to its relfilenode then. An index
// built since — created, or rebuilt into a new file by REINDEX or a
// table rewrite, by another transaction or by this one — holds entries
// only for the rows live when it was built, not for those deleted before
// that the snapshot still sees (PostgreSQL indexes such recently dead
// rows; gpostgres does not yet): reading it under the snapshot would
// miss them, so tableIndexes keeps it from plans, as PostgreSQL's
// indcheckxmin keeps an index from transactions older than it.
func (s *sqlCtx) indexFilesInSnapshot(oids []uint32) (map[uint32]uint32, error) {
	c := catalog.Lookup("pg_class")
	iOID, iFile := c.Column("oid"), c.Column("relfilenode")
	want := make(map[uint32]bool, len(oids))
	for _, oid := range oids {
		want[oid] = true
	}
	// CurCid 0: none of the transaction's own catalog rows is visible.
	snap := &heap.Snapshot{Snapshot: s.tx.Snapshot(), Cur: s.ownXids(), CurCid: 0}
	rel, release, err := s.openCatalog(c, lmgr.AccessShareLock)
	defer release()
	if err != nil {
		return nil, err
	}
	sc := heap.BeginScan(s.heap, rel, snap)
	defer sc.Close()
	files := make(map[uint32]uint32, len(oids))
	for n := 0; len(files) < len(want); n++ {
		if n&255 == 255 && s.ctx.Err() != nil {
			return nil, expr.Canceled(s.ctx)
		}
		_, vals, ok, err := sc.Next()
		if err != nil || !ok {
			return files, err
		}
		if oid := uint32(vals[iOID].Int()); want[oid] {
			files[oid] = uint32(vals[iFile].Int())
		}
	}
	return files, nil
}
