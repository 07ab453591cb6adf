// Referential integrity (PostgreSQL's utils/adt/ri_triggers.c): what
// the after-row events of foreign keys do. A row stored or changed in
// a referencing table must find its key in the referenced table, whose
// row is then locked FOR KEY SHARE so that no concurrent transaction can
// delete it or change its key until this one ends (RI_FKey_check); a
// referenced row deleted or whose key changed must leave no referencing
// row behind: NO ACTION and RESTRICT fail if one exists, CASCADE,
// SET NULL and SET DEFAULT change them (RI_FKey_noaction_del and the
// others). A referencing key is looked up in the referenced unique
// index directly (riProbe); the other lookups and the changes are, as in
// ri_triggers.c, SQL statements run on the key values, prepared once per
// statement that fires them. Under READ COMMITTED each runs under a fresh
// snapshot, so it sees what committed while the firing statement ran;
// under REPEATABLE READ the lookup of a referenced key uses the
// transaction's snapshot, and the rest a fresh one whose changes must
// also be visible to the transaction's (isolation.go).

package sql

import (
	"context"
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"slices"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// riQuery names the statements a foreign key runs.
type riQuery uint8

const (
	// riFindReferenced: the referenced rows with a key (their ctid).
	riFindReferenced riQuery = iota
	// riReferencedExists: whether a referenced row has a key (of the
	// referenced columns' types).
	riReferencedExists
	// riFindReferencing: whether a referencing row has a key.
	riFindReferencing
	// riCascadeDelete, riCascadeUpdate, riSetNull, riSetDefault and
	// riDeleteSetNull, riDeleteSetDefault (ON DELETE with a column list)
	// change the referencing rows of a key.
	riCascadeDelete
	riCascadeUpdate
	riSetNull
	riSetDefault
	riDeleteSetNull
	riDeleteSetDefault
)

// riPlanKey names a prepared RI statement: the constraint and which.
type riPlanKey struct {
	constraint uint32
	query      riQuery
}

// keyOf picks the key columns (attnums) out of a row.
func keyOf(row []types.Datum, attnums []int16) []types.Datum {
	out := make([]types.Datum, len(attnums))
	for i, a := range attnums {
		out[i] = row[a-1]
	}
	return out
}

// nullsIn counts the NULLs of a key.
func nullsIn(key []types.Datum) int {
	n := 0
	for _, v := range key {
		if v.IsNull() {
			n++
		}
	}
	return n
}

// sameKey reports whether two keys of a table's columns are equal
// (ri_KeysEqual): NULLs are never equal. A referencing key compares
// with its columns' equality; a referenced key (image set, the options
// to print it with) must be the same value to the byte, as datum_image_eq asks: numeric 1.0 changed to
// 1.00 is a new key that a CASCADE passes on.
func sameKey(rel *catalog.Relation, attnums []int16, a, b []types.Datum, image *types.FormatOptions) bool {
	for i, at := range attnums {
		if a[i].IsNull() || b[i].IsNull() {
			return false
		}
		typ := types.DomainBase(rel.Attrs[at-1].Type)
		if types.Compare(typ, a[i], b[i]) != 0 {
			return false
		}
		if image != nil && imageMayDiffer(typ) && types.FormatText(typ, a[i], image) != types.FormatText(typ, b[i], image) {
			return false
		}
	}
	return true
}

// imageMayDiffer reports whether equal values of a type may differ in
// their bytes (numeric scale, float zero's sign, interval units,
// character padding).
func imageMayDiffer(typ uint32) bool {
	switch typ {
	case types.OidNumeric, types.OidFloat4, types.OidFloat8, types.OidInterval, types.OidBpchar:
		return true
	}
	return false
}

// ---- queueing (the RI triggers' WHEN conditions) ----

// riAfterInsert queues the checks of a row stored in t at tid
// (RI_FKey_check_ins).
func (s *sqlCtx) riAfterInsert(t *plan.Table, row []types.Datum, tid heap.TID) {
	rel := t.Entry
	if rel == nil {
		return
	}
	for _, fk := range rel.ForeignKeys {
		if !s.triggerFires(fk.InsertEnabled) {
			continue
		}
		key := keyOf(row, fk.Keys)
		if !riNeedsCheck(fk, key) {
			if s.triggerCounts != nil {
				// PostgreSQL queues the check anyway and RI_FKey_check
				// returns at once: EXPLAIN ANALYZE counts the call.
				s.queueAfterRow(afterRowEvent{relation: rel.OID, constraint: fk.OID, deferrable: fk.Deferrable, initiallyDeferred: fk.Deferred,
					tgtype: triggerTypeInsert, fire: func(*sqlCtx) error { return nil }})
			}
			continue
		}
		s.queueRICheck(t, fk, key, tid, triggerTypeInsert)
	}
}

// queueRICheck queues the check of the referencing key of the row at
// tid, skipped if the row is gone when it fires (a row deleted or
// updated again before a deferred check: RI_FKey_check's
// SnapshotSelf test). tgtype is the change that queued it (INSERT or
// UPDATE).
func (s *sqlCtx) queueRICheck(t *plan.Table, fk *catalog.ForeignKey, key []types.Datum, tid heap.TID, tgtype int16) {
	rel, h := t.Entry, t.Heap
	s.queueAfterRow(afterRowEvent{relation: rel.OID, constraint: fk.OID, deferrable: fk.Deferrable, initiallyDeferred: fk.Deferred, tgtype: tgtype,
		fire: func(s *sqlCtx) error {
			st, _, err := heap.CheckUnique(s.heap, h, tid, s.ownXids(), nil)
			if err != nil || st != heap.UniqueLive {
				return err
			}
			rel, fk, err := s.currentKey(rel, fk, true)
			if err != nil {
				return err
			}
			return s.riCheckReferenced(rel, fk, key, true)
		}})
}

// queueRIAction queues the action of fk for a referenced key of pk
// deleted (newKey nil) or changed; only NO ACTION may be deferred.
func (s *sqlCtx) queueRIAction(pk *catalog.Relation, fk *catalog.ForeignKey, oldKey, newKey []types.Datum) {
	action := fk.DelType
	if newKey != nil {
		action = fk.UpdType
	}
	deferrable := fk.Deferrable && action == catalog.FKNoAction
	tgtype := triggerTypeDelete
	if newKey != nil {
		tgtype = triggerTypeUpdate
	}
	s.queueAfterRow(afterRowEvent{relation: pk.OID, constraint: fk.OID, deferrable: deferrable, initiallyDeferred: deferrable && fk.Deferred, tgtype: tgtype,
		fire: func(s *sqlCtx) error {
			pk, fk, err := s.currentKey(pk, fk, false)
			if err != nil {
				return err
			}
			return s.riReferencedChanged(pk, fk, oldKey, newKey)
		}})
}

// currentKey returns rel and its foreign key fk (one of its ForeignKeys
// when referencing, else of its ReferencedBy) as the catalog has them
// when the event fires: a deferred event may fire after its constraint
// or table was renamed, which pending events do not prevent, and its
// errors name them as they are then, as ri_triggers.c's lookups do.
func (s *sqlCtx) currentKey(rel *catalog.Relation, fk *catalog.ForeignKey, referencing bool) (*catalog.Relation, *catalog.ForeignKey, error) {
	now, err := s.cache.RelationByOID(s, rel.OID)
	if err != nil || now == nil {
		return rel, fk, err
	}
	keys := now.ReferencedBy
	if referencing {
		keys = now.ForeignKeys
	}
	for _, k := range keys {
		if k.OID == fk.OID {
			return now, k, nil
		}
	}
	return rel, fk, nil
}

// riNeedsCheck is whether a referencing key must be looked up: MATCH
// SIMPLE checks keys without NULLs, MATCH FULL all but the all-NULL key
// (a mixed one fails the check).
func riNeedsCheck(fk *catalog.ForeignKey, key []types.Datum) bool {
	n := nullsIn(key)
	if fk.MatchType == catalog.FKMatchFull {
		return n < len(key)
	}
	return n == 0
}

// riAfterUpdate queues what an updated row of t needs: the check of its
// new referencing keys that changed (RI_FKey_fk_upd_check_required) and
// the action of the referenced keys that changed
// (RI_FKey_pk_upd_check_required).
func (s *sqlCtx) riAfterUpdate(t *plan.Table, old, row []types.Datum, tid heap.TID) {
	rel := t.Entry
	if rel == nil {
		return
	}
	for _, fk := range rel.ForeignKeys {
		if !s.triggerFires(fk.UpdateEnabled) {
			continue
		}
		key := keyOf(row, fk.Keys)
		if !riNeedsCheck(fk, key) || sameKey(rel, fk.Keys, keyOf(old, fk.Keys), key, nil) {
			continue
		}
		s.queueRICheck(t, fk, key, tid, triggerTypeUpdate)
	}
	var format *types.FormatOptions
	if len(rel.ReferencedBy) > 0 {
		format = s.formatOptions()
	}
	for _, fk := range rel.ReferencedBy {
		if !s.triggerFires(fk.UpdateEnabled) {
			continue
		}
		oldKey, newKey := keyOf(old, fk.RefKeys), keyOf(row, fk.RefKeys)
		if nullsIn(oldKey) > 0 || sameKey(rel, fk.RefKeys, oldKey, newKey, format) {
			continue
		}
		s.queueRIAction(rel, fk, oldKey, newKey)
	}
}

// riAfterDelete queues the actions of a deleted row of t's referenced
// keys.
func (s *sqlCtx) riAfterDelete(t *plan.Table, old []types.Datum) {
	rel := t.Entry
	if rel == nil {
		return
	}
	for _, fk := range rel.ReferencedBy {
		if !s.triggerFires(fk.DeleteEnabled) {
			continue
		}
		oldKey := keyOf(old, fk.RefKeys)
		if nullsIn(oldKey) > 0 {
			if s.triggerCounts != nil {
				// PostgreSQL queues the action anyway and it returns at
				// once: EXPLAIN ANALYZE counts the call.
				deferrable := fk.Deferrable && fk.DelType == catalog.FKNoAction
				s.queueAfterRow(afterRowEvent{relation: rel.OID, constraint: fk.OID, deferrable: deferrable, initiallyDeferred: deferrable && fk.Deferred,
					tgtype: triggerTypeDelete, fire: func(*sqlCtx) error { return nil }})
			}
			continue
		}
		s.queueRIAction(rel, fk, oldKey, nil)
	}
}

// triggerFires reports whether a trigger whose tgenabled is enabled
// fires in this session (trigger.c's TriggerEnabled test against
// SessionReplicationRole): 'O' unless session_replication_role is
// replica, 'R' only then, 'A' always, 'D' never.
func (s *sqlCtx) triggerFires(enabled byte) bool {
	switch enabled {
	case 'A':
		return true
	case 'D':
		return false
	}
	if s.replicationRole == 0 {
		s.replicationRole = 'o'
		if v, _, err := s.env.GetConfig("session_replication_role", false); err == nil && v == "replica" {
			s.replicationRole = 'r'
		}
	}
	if enabled == 'R' {
		return s.replicationRole == 'r'
	}
	return s.replicationRole != 'r'
}

// riWatches reports whether changes of t's rows may need RI events:
// for deletes, whether keys reference it; for updates, also whether it
// has foreign keys. The old row is read only then.
func riWatches(t *plan.Table, update bool) bool {
	if t.Entry == nil {
		return false
	}
	return len(t.Entry.ReferencedBy) > 0 || update && len(t.Entry.ForeignKeys) > 0
}

// riOldRow reads the version of a row this statement just deleted or
// updated at tid: under a fresh snapshot at the statement's command id,
// it is still visible.
func (s *sqlCtx) riOldRow(t *plan.Table, tid heap.TID) ([]types.Datum, error) {
	snap := &heap.Snapshot{Snapshot: s.tx.CatalogSnapshot(), Cur: s.ownXids(), CurCid: s.outputCid()}
	row, ok, err := heap.Fetch(s.heap, t.Heap, tid, snap)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, pgerr.Newf(pgerr.InternalError, "could not read the old version of a row of \"%s\"", t.Name)
	}
	return row, s.fromStored(t, row)
}

// ---- the statements ----

// qualifiedName is a relation's schema-qualified, quoted name.
func qualifiedName(rel *catalog.Relation) string {
	return builtins.QuoteIdent(rel.NamespaceName) + "." + builtins.QuoteIdent(rel.Name)
}

// riPlan prepares (once per firing statement) one of fk's statements.
func (s *sqlCtx) riPlan(fk *catalog.ForeignKey, q riQuery) (*Plan, error) {
	k := riPlanKey{fk.OID, q}
	if p := s.riPlans[k]; p != nil {
		return p, nil
	}
	rel, err := s.cache.RelationByOID(s, fk.Rel)
	if err != nil {
		return nil, err
	}
	pk, err := s.cache.RelationByOID(s, fk.RefRel)
	if err != nil {
		return nil, err
	}
	if rel == nil || pk == nil {
		return nil, pgerr.Newf(pgerr.UndefinedTable, "a table of foreign key constraint \"%s\" no longer exists", fk.Name)
	}
	// where compares the columns cols of a table with parameters from
	// $first on, of the types of the columns other.
	var params []uint32
	where := func(r *catalog.Relation, cols []int16, other *catalog.Relation, otherCols []int16) string {
		var conds []string
		for i, a := range cols {
			params = append(params, other.Attrs[otherCols[i]-1].Type)
			conds = append(conds, builtins.QuoteIdent(r.Attrs[a-1].Name)+" OPERATOR(pg_catalog.=) $"+strconv.Itoa(len(params)))
		}
		return strings.Join(conds, " AND ")
	}
	set := func(cols []int16, value func(i int, a int16) string) string {
		var sets []string
		for i, a := range cols {
			sets = append(sets, builtins.QuoteIdent(rel.Attrs[a-1].Name)+" = "+value(i, a))
		}
		return strings.Join(sets, ", ")
	}
	var text string
	switch q {
	case riFindReferenced:
		text = "SELECT ctid FROM " + qualifiedName(pk) + " x WHERE " + where(pk, fk.RefKeys, rel, fk.Keys)
	case riReferencedExists:
		text = "SELECT 1 FROM " + qualifiedName(pk) + " x WHERE " + where(pk, fk.RefKeys, pk, fk.RefKeys) + " LIMIT 1"
	case riFindReferencing:
		text = "SELECT 1 FROM " + qualifiedName(rel) + " x WHERE " + where(rel, fk.Keys, pk, fk.RefKeys) + " LIMIT 1"
	case riCascadeDelete:
		text = "DELETE FROM " + qualifiedName(rel) + " WHERE " + where(rel, fk.Keys, pk, fk.RefKeys)
	case riCascadeUpdate:
		// $1.. are the new key, the old one follows.
		for i := range fk.Keys {
			params = append(params, pk.Attrs[fk.RefKeys[i]-1].Type)
		}
		text = "UPDATE " + qualifiedName(rel) + " SET " + set(fk.Keys, func(i int, _ int16) string { return "$" + strconv.Itoa(i+1) })
		text += " WHERE " + where(rel, fk.Keys, pk, fk.RefKeys)
	case riSetNull, riSetDefault, riDeleteSetNull, riDeleteSetDefault:
		cols := fk.Keys
		if (q == riDeleteSetNull || q == riDeleteSetDefault) && len(fk.DelSetCols) > 0 {
			cols = fk.DelSetCols
		}
		value := "NULL"
		if q == riSetDefault || q == riDeleteSetDefault {
			value = "DEFAULT"
		}
		text = "UPDATE " + qualifiedName(rel) + " SET " + set(cols, func(int, int16) string { return value }) +
			" WHERE " + where(rel, fk.Keys, pk, fk.RefKeys)
	}
	stmts, err := parser.Parse(text)
	if err != nil {
		return nil, err
	}
	for i, t := range params {
		params[i] = types.DomainBase(t)
	}
	p := &Plan{tag: stmts[0].Tag(), stmt: stmts[0], paramTypes: params, keyLookup: true}
	st, aq, ps, err := p.analyze(s, params)
	if err != nil {
		return nil, err
	}
	p.cols, p.params = s.wireColumns(analyze.Columns(aq)), ps
	p.state.Store(st)
	if s.riPlans == nil {
		s.riPlans = map[riPlanKey]*Plan{}
	}
	s.riPlans[k] = p
	return p, nil
}

// riRun runs one of fk's statements on params, under the snapshot its
// isolation level gives it (see the top of this file),
// passing each result row to emit.
func (s *sqlCtx) riRun(fk *catalog.ForeignKey, q riQuery, params []types.Datum, emit func(row []types.Datum) error) error {
	p, err := s.riPlan(fk, q)
	if err != nil {
		return err
	}
	if emit == nil {
		emit = func([]types.Datum) error { return nil }
	}
	return s.runEventStatement(func(ctx context.Context) error {
		run := func() error {
			_, err := p.Execute(ctx, s.env, params, emit)
			return err
		}
		if q == riFindReferenced && s.tx.UsesTransactionSnapshot() {
			// A REPEATABLE READ transaction looks for the referenced
			// row under its own snapshot (RI_FKey_check passes no
			// detectNewRows).
			return run()
		}
		// Under READ COMMITTED each RI query sees what committed until
		// now; under REPEATABLE READ the queries of the referenced side
		// do too, and their changes refuse rows the transaction's
		// snapshot does not see (ri_PerformCheck with detectNewRows).
		return s.tx.WithLatestSnapshot(run)
	})
}

// ---- checks and actions ----

// riKeyText is "(a, b)=(1, 2)": the columns and values of a key as
// ri_ReportViolation prints them.
func (s *sqlCtx) riKeyText(rel *catalog.Relation, attnums []int16, key []types.Datum) string {
	var cols, vals []string
	format := s.formatOptions()
	for i, a := range attnums {
		cols = append(cols, builtins.QuoteIdent(rel.Attrs[a-1].Name))
		if key[i].IsNull() {
			vals = append(vals, "null")
			continue
		}
		vals = append(vals, types.FormatText(types.DomainBase(rel.Attrs[a-1].Type), key[i], format))
	}
	return "(" + strings.Join(cols, ", ") + ")=(" + strings.Join(vals, ", ") + ")"
}

// riViolation is a 23503 error about constraint fk of table rel.
func riViolation(rel *catalog.Relation, fk *catalog.ForeignKey, msg string, args ...any) *pgerr.Error {
	e := pgerr.Newf(pgerr.ForeignKeyViolation, msg, args...)
	e.SchemaName, e.TableName, e.ConstraintName = rel.NamespaceName, rel.Name, fk.Name
	return e
}

// riCheckReferenced is RI_FKey_check for a referencing key of rel: the
// referenced row must exist, and with lock it is locked FOR KEY SHARE.
// A row a concurrent transaction deleted or updated meanwhile is looked
// up again under a fresh snapshot once that transaction ended.
func (s *sqlCtx) riCheckReferenced(rel *catalog.Relation, fk *catalog.ForeignKey, key []types.Datum, lock bool) error {
	if fk.MatchType == catalog.FKMatchFull && nullsIn(key) > 0 {
		return riViolation(rel, fk, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", rel.Name, fk.Name).
			WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.")
	}
	pk, err := s.cache.RelationByOID(s, fk.RefRel)
	if err != nil {
		return err
	}
	if pk == nil {
		return pgerr.Newf(pgerr.UndefinedTable, "a table of foreign key constraint \"%s\" no longer exists", fk.Name)
	}
	pkHeap, err := s.heapRelation(pk)
	if err != nil {
		return err
	}
	for {
		if s.ctx.Err() != nil {
			return expr.Canceled(s.ctx)
		}
		tids, probed, err := s.riProbe(rel, pk, fk, pkHeap, key)
		if err != nil {
			return err
		}
		if !probed {
			if err := s.riRun(fk, riFindReferenced, key, func(row []types.Datum) error {
				tids = append(tids, datumTID(row[0]))
				return nil
			}); err != nil {
				return err
			}
		}
		if len(tids) == 0 {
			return riViolation(rel, fk, "insert or update on table \"%s\" violates foreign key constraint \"%s\"", rel.Name, fk.Name).
				WithDetail("Key %s is not present in table \"%s\".", s.riKeyText(rel, fk.Keys, key), pk.Name)
		}
		if !lock {
			return nil
		}
		found, err := s.riLockReferenced(pk, fk, pkHeap, tids[0])
		if err != nil || found {
			return err
		}
	}
}

// riLockReferenced locks a referenced row of pk FOR KEY SHARE. found is
// false when a transaction that ended meanwhile deleted or updated it:
// the key must be looked up again (READ COMMITTED).
func (s *sqlCtx) riLockReferenced(pk *catalog.Relation, fk *catalog.ForeignKey, rel *heap.Relation, tid heap.TID) (bool, error) {
	xid, err := s.tx.Xid()
	if err != nil {
		return false, err
	}
	lr, err := heap.LockTuple(s.ctx, s.heap, rel, tid, s.ownXids(), xid, s.cid(), heap.LockTupleKeyShare, heap.LockWaitBlock, heap.LockFlagLockUpdateInProgress)
	if err != nil {
		return false, err
	}
	switch lr.Result {
	case heap.TMOk, heap.TMSelfModified:
		// A row this transaction changed in a later command is its own
		// to keep.
		return true, nil
	case heap.TMUpdated:
		if s.tx.UsesTransactionSnapshot() {
			return s.riLockKeptKey(pk, fk, rel, tid, xid)
		}
	case heap.TMDeleted:
		// REPEATABLE READ cannot look again: ExecLockRows reports it
		// as a concurrent update.
		if s.tx.UsesTransactionSnapshot() {
			return false, errConcurrentUpdate()
		}
	}
	return false, nil
}

// riReferencedChanged runs fk's action for a referenced key of rel
// deleted (newKey nil) or changed.
func (s *sqlCtx) riReferencedChanged(pk *catalog.Relation, fk *catalog.ForeignKey, oldKey, newKey []types.Datum) error {
	action := fk.DelType
	if newKey != nil {
		action = fk.UpdType
	}
	return s.riReferencedAction(pk, fk, oldKey, newKey, action)
}

// riReferencedAction runs action for a referenced key of pk deleted
// (newKey nil) or changed.
func (s *sqlCtx) riReferencedAction(pk *catalog.Relation, fk *catalog.ForeignKey, oldKey, newKey []types.Datum, action byte) error {
	switch action {
	case catalog.FKNoAction, catalog.FKRestrict:
		if action == catalog.FKNoAction {
			// Another row with the old key now (ri_Check_Pk_Match): the
			// references are still satisfied.
			found := false
			if err := s.riRun(fk, riReferencedExists, oldKey, func([]types.Datum) error {
				found = true
				return nil
			}); err != nil {
				return err
			}
			if found {
				return nil
			}
		}
		referenced := false
		if err := s.riRun(fk, riFindReferencing, oldKey, func([]types.Datum) error {
			referenced = true
			return nil
		}); err != nil {
			return err
		}
		if !referenced {
			return nil
		}
		rel, err := s.cache.RelationByOID(s, fk.Rel)
		if err != nil {
			return err
		}
		return riViolation(rel, fk, "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"", pk.Name, fk.Name, rel.Name).
			WithDetail("Key %s is still referenced from table \"%s\".", s.riKeyText(pk, fk.RefKeys, oldKey), rel.Name)
	case catalog.FKCascade:
		if newKey == nil {
			return s.riRun(fk, riCascadeDelete, oldKey, nil)
		}
		return s.riRun(fk, riCascadeUpdate, append(append([]types.Datum(nil), newKey...), oldKey...), nil)
	case catalog.FKSetNull, catalog.FKSetDefault:
		q := riSetNull
		switch {
		case action == catalog.FKSetNull && newKey == nil:
			q = riDeleteSetNull
		case action == catalog.FKSetDefault && newKey == nil:
			q = riDeleteSetDefault
		case action == catalog.FKSetDefault:
			q = riSetDefault
		}
		if err := s.riRun(fk, q, oldKey, nil); err != nil {
			return err
		}
		if action == catalog.FKSetDefault {
			// A referencing row whose default is the old key was "set"
			// to the key it had, and its update checked nothing: the
			// reference must be refused now (ri_set).
			return s.riReferencedAction(pk, fk, oldKey, nil, catalog.FKNoAction)
		}
		return nil
	}
	return pgerr.Newf(pgerr.InternalError, "unrecognized confdeltype: %d", action)
}

// validateForeignKey checks every row of rel against a new foreign key
// (RI_Initial_Check, row by row).
func (s *sqlCtx) validateForeignKey(rel, pk *catalog.Relation, fk *catalog.ForeignKey) error {
	t, err := s.planTable(rel)
	if err != nil {
		return err
	}
	var keys [][]types.Datum
	if err := s.eachRow(t, func(row []types.Datum) error {
		if key := keyOf(row, fk.Keys); riNeedsCheck(fk, key) {
			keys = append(keys, key)
		}
		return nil
	}); err != nil {
		return err
	}
	// The lookups run statements of their own: after the scan.
	for _, key := range keys {
		if err := s.riCheckReferenced(rel, fk, key, false); err != nil {
			return err
		}
	}
	return nil
}

// heapRelation is the heap access description of rel (planTable's,
// without what planning needs).
func (s *sqlCtx) heapRelation(rel *catalog.Relation) (*heap.Relation, error) {
	h := &heap.Relation{OID: rel.OID, Locator: rel.Locator(s.db), Desc: rel.Desc, Name: rel.Name, Unlogged: rel.Persistence == 'u'}
	if rel.ToastOID != 0 {
		var err error
		if h.Toast, err = s.toastHeapRelation(rel.ToastOID); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// riProbe looks a referencing key up in the referenced table's unique
// index (conindid), as RI_FKey_check's query does through an index
// scan: the row a fresh snapshot sees, if any. probed is false when a
// referencing column's type is not its referenced column's: the
// statement compares across types then (riFindReferenced).
func (s *sqlCtx) riProbe(rel, pk *catalog.Relation, fk *catalog.ForeignKey, pkHeap *heap.Relation, key []types.Datum) (tids []heap.TID, probed bool, err error) {
	for i := range fk.Keys {
		if types.DomainBase(rel.Attrs[fk.Keys[i]-1].Type) != types.DomainBase(pk.Attrs[fk.RefKeys[i]-1].Type) {
			return nil, false, nil
		}
	}
	ti := s.riIndexes[fk.Index]
	if ti == nil {
		irel, err := s.cache.RelationByOID(s, fk.Index)
		if err != nil || irel == nil || irel.Index == nil {
			return nil, false, err
		}
		if ti, err = s.indexDescriptor(pk, irel, nil); err != nil {
			return nil, false, err
		}
		if s.riIndexes == nil {
			s.riIndexes = map[uint32]*plan.TableIndex{}
		}
		s.riIndexes[fk.Index] = ti
	}
	keys := make([]nbtree.ScanKey, len(ti.Index.Keys))
	for k := range ti.Index.Keys {
		col := ti.Columns[k]
		i := slices.Index(fk.RefKeys, int16(col+1))
		if i < 0 {
			return nil, false, nil
		}
		v, a := key[i], &pk.Attrs[col]
		if catalog.StoredAsBytes(a.Type, a.Len) && a.Type != types.OidPgNodeTree {
			// The index holds the stored form (tableStore.stored).
			if v, err = s.toStored(a.Type, v); err != nil {
				return nil, false, err
			}
		}
		keys[k] = nbtree.ScanKey{Column: k, Strategy: nbtree.Equal, Arg: v}
	}
	// The probe reads the referenced table: RI_FKey_check's query takes
	// SIREAD locks under SERIALIZABLE like any index scan, on the leaves
	// it reads and the row it finds.
	predicated := pk.Persistence != 't' && pk.OID >= catalog.FirstUnpinnedOID && s.tx.PredicateActive()
	// READ COMMITTED looks under a fresh snapshot, REPEATABLE READ under
	// the transaction's.
	snap := &heap.Snapshot{Snapshot: s.tx.CatalogSnapshot(), Cur: s.ownXids(), CurCid: s.cid()}
	if s.tx.UsesTransactionSnapshot() {
		snap.Snapshot = s.tx.Snapshot()
	}
	sc, err := nbtree.BeginScan(s.btree(), ti.Index, keys, nbtree.Forward)
	if err != nil {
		return nil, false, err
	}
	defer sc.Close()
	if predicated {
		sc.SetPredicateLock(s.predicateLockLeaf(ti.OID))
	}
	for n := 0; ; n++ {
		// Entries of dead versions of the key can be many.
		if n&63 == 63 && s.ctx.Err() != nil {
			return nil, true, expr.Canceled(s.ctx)
		}
		tid, more, err := sc.Next()
		if err != nil || !more {
			return nil, true, err
		}
		entry := heap.TID{Block: tid.Block, Offset: tid.Offset}
		htid, _, visible, err := heap.FetchHot(s.heap, pkHeap, entry, snap)
		if err != nil {
			return nil, true, err
		}
		if predicated {
			if visible {
				err = s.tx.PredicateReadTarget(predicate.TupleTarget(pk.OID, uint32(htid.Block), uint16(htid.Offset)))
			} else {
				err = s.tx.PredicateReadInvisible(predicate.TupleTarget(pk.OID, uint32(entry.Block), uint16(entry.Offset)))
			}
			if err != nil {
				return nil, true, err
			}
		}
		if visible {
			// A unique index: no other visible row has the key.
			return []heap.TID{htid}, true, nil
		}
	}
}
