// This file implements INSERT, UPDATE and DELETE (PostgreSQL's
// nodeModifyTable.c): NOT NULL checks with PostgreSQL's error details,
// RETURNING, and READ COMMITTED's handling of rows a concurrent
// transaction changed first (EvalPlanQual): the newest version of the row
// is fetched, the statement's conditions are checked again on it, and if
// it still qualifies the change is applied to it; a row deleted
// concurrently is skipped.

package exec

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

type modifyIter struct {
	x       *executor
	ec      *expr.EvalContext
	node    *plan.ModifyTable
	store   TableStore
	in      iterator
	newVals []expr.Evaluator
	checks  []expr.Evaluator
	// viewChecks are the WITH CHECK OPTION conditions (node.ViewChecks).
	viewChecks []expr.Evaluator
	generated  []expr.Evaluator
	recheck    []expr.Evaluator
	returning  []expr.Evaluator
	natts      int
	// merge are MERGE's WHEN clauses.
	merge []mergeAction
	// conflictVals and conflictWhere are ON CONFLICT DO UPDATE's SET and
	// WHERE (node.OnConflictUpdate).
	conflictVals  []expr.Evaluator
	conflictWhere expr.Evaluator
	// conflicts, under EXPLAIN ANALYZE, counts the proposed rows that
	// conflicted with an existing one, conflictFiltered the existing
	// rows DO UPDATE's WHERE left alone.
	conflicts, conflictFiltered *int64
	// bulkStore, for an INSERT marked Bulk, stores the rows in batches
	// through bulk, started at the first row.
	bulkStore BulkInsertStore
	bulk      BulkInserter
}

func (x *executor) buildModify(n *plan.ModifyTable) (iterator, error) {
	if n.Table.Kind == 'm' && !MatViewMaintained(x.ec.Ctx, n.Table.OID) {
		// CheckValidResultRel: only REFRESH fills a materialized view.
		// PostgreSQL refuses when the executor starts, so the error has
		// no position and comes even when no row would change.
		return nil, pgerr.Newf(pgerr.WrongObjectType, "cannot change materialized view \"%s\"", n.Table.Name)
	}
	store := x.src.Tables()
	if store == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "relation \"%s\" cannot be changed in this session", n.Table.Name)
	}
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	m := &modifyIter{x: x, ec: x.ec, node: n, store: store, in: in, natts: len(n.Table.Columns)}
	if bs, ok := store.(BulkInsertStore); ok && n.Bulk && n.Command == plan.CmdInsert && !n.Auxiliary {
		m.bulkStore = bs
		// insert hands each row to the BulkInserter, which copies what
		// it keeps: the input may lend one reused row.
		borrowRows(in)
	}
	if m.newVals, err = compileAll(n.NewValues); err != nil {
		return nil, err
	}
	for _, g := range n.Generated {
		ev, err := expr.Compile(g.Expr)
		if err != nil {
			return nil, err
		}
		m.generated = append(m.generated, ev)
	}
	for _, c := range n.Checks {
		ev, err := expr.Compile(c.Expr)
		if err != nil {
			return nil, err
		}
		m.checks = append(m.checks, ev)
	}
	for _, c := range n.ViewChecks {
		ev, err := expr.Compile(c.Expr)
		if err != nil {
			return nil, err
		}
		m.viewChecks = append(m.viewChecks, ev)
	}
	if m.recheck, err = compileAll(n.Recheck); err != nil {
		return nil, err
	}
	if m.returning, err = compileAll(n.Returning); err != nil {
		return nil, err
	}
	if err := m.compileMerge(); err != nil {
		return nil, err
	}
	if u := n.OnConflictUpdate; u != nil {
		if m.conflictVals, err = compileAll(u.NewValues); err != nil {
			return nil, err
		}
		if u.Where != nil {
			if m.conflictWhere, err = expr.Compile(u.Where); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// Next performs the change for input rows until one produces a
// RETURNING row (or, without RETURNING, until the input ends).
func (m *modifyIter) Next() ([]types.Datum, bool, error) {
	for {
		if err := m.ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		row, ok, err := m.in.Next()
		if err != nil {
			return nil, false, err
		}
		if !ok {
			if m.bulk != nil {
				return nil, false, m.bulk.Flush()
			}
			return nil, false, nil
		}
		var out []types.Datum
		var done bool
		switch m.node.Command {
		case plan.CmdInsert:
			out, done, err = m.insert(row)
		case plan.CmdUpdate:
			out, done, err = m.update(row)
		case plan.CmdMerge:
			done, err = m.mergeRow(row)
		default:
			out, done, err = m.delete(row)
		}
		if err != nil {
			return nil, false, err
		}
		if !done {
			continue
		}
		if !m.node.Auxiliary {
			m.x.processed++
		}
		if len(m.returning) > 0 {
			ret := make([]types.Datum, len(m.returning))
			for i, ev := range m.returning {
				if ret[i], err = ev(m.ec, out); err != nil {
					return nil, false, err
				}
			}
			return ret, true, nil
		}
	}
}

func (m *modifyIter) insert(vals []types.Datum) ([]types.Datum, bool, error) {
	t := m.node.Table
	if err := m.computeGenerated(vals); err != nil {
		return nil, false, err
	}
	if err := checkNotNull(m.ec, t, vals); err != nil {
		return nil, false, err
	}
	if err := m.checkConstraints(vals); err != nil {
		return nil, false, err
	}
	if m.bulkStore != nil {
		// No RETURNING nor view checks: nothing needs the row stored now.
		if m.bulk == nil {
			var err error
			if m.bulk, err = m.bulkStore.BulkInsert(t); err != nil {
				return nil, false, err
			}
		}
		return nil, true, m.bulk.Add(vals)
	}
	var tid types.Datum
	var err error
	if len(m.node.Arbiters) > 0 {
		for {
			var inserted bool
			var conflict types.Datum
			if tid, inserted, conflict, err = m.store.InsertUnlessConflict(t, vals, m.node.Arbiters); err != nil {
				return nil, false, err
			}
			if inserted {
				break
			}
			if m.node.OnConflictUpdate == nil {
				m.countConflict()
				return nil, false, nil
			}
			out, done, retry, err := m.conflictUpdate(vals, conflict)
			if !retry {
				m.countConflict()
				return out, done, err
			}
		}
	} else if tid, err = m.store.Insert(t, vals); err != nil {
		return nil, false, err
	}
	if err := m.checkViews(vals); err != nil {
		return nil, false, err
	}
	if len(m.returning) == 0 {
		return nil, true, nil
	}
	row := make([]types.Datum, m.node.Level)
	copy(row, vals)
	row[m.node.TargetSysOffset+plan.SysCtid] = tid
	row[m.node.TargetSysOffset+plan.SysTableOID] = types.Int(int64(t.OID))
	return row, true, nil
}

// target returns the target table's segment of a level row and its tid.
func (m *modifyIter) target(row []types.Datum) ([]types.Datum, types.Datum) {
	off := m.node.TargetOffset
	return row[off : off+m.natts], row[m.node.TargetSysOffset+plan.SysCtid]
}

func (m *modifyIter) computeNew(row []types.Datum) ([]types.Datum, error) {
	vals := make([]types.Datum, m.natts)
	for i, ev := range m.newVals {
		v, err := ev(m.ec, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// refetch is EvalPlanQual: the row was changed by a transaction that
// committed after the statement's snapshot. Fetch its newest version
// into a copy of the level row and test the conditions again; ok is
// false when the row is gone or no longer qualifies.
func (m *modifyIter) refetch(row []types.Datum, newer types.Datum) ([]types.Datum, bool, error) {
	t := m.node.Table
	cp := append([]types.Datum(nil), row...)
	off := m.node.TargetOffset
	vals := cp[off : off+m.natts]
	sys := cp[m.node.TargetSysOffset : m.node.TargetSysOffset+plan.NumSysColumns]
	tid, ok, err := m.store.FetchLatest(t, newer, vals, sys)
	if err != nil || !ok {
		return nil, false, err
	}
	sys[plan.SysCtid] = tid
	pass, err := passes(m.ec, m.recheck, cp)
	if err != nil || !pass {
		return nil, false, err
	}
	return cp, true, nil
}

func (m *modifyIter) update(row []types.Datum) ([]types.Datum, bool, error) {
	for {
		_, tid := m.target(row)
		vals, err := m.computeNew(row)
		if err != nil {
			return nil, false, err
		}
		res, newTid, err := m.storeUpdate(tid, vals)
		if err != nil {
			return nil, false, err
		}
		switch res {
		case ModifyOK:
			return m.updated(row, vals, newTid)
		case ModifyUpdated:
			var ok bool
			if row, ok, err = m.refetch(row, newTid); err != nil || !ok {
				return nil, false, err
			}
		default:
			return nil, false, nil
		}
	}
}

// storeUpdate completes an UPDATE's new row (generated columns), checks
// it (NOT NULL, CHECK) and stores it as the new version of the row at
// tid.
func (m *modifyIter) storeUpdate(tid types.Datum, vals []types.Datum) (ModifyResult, types.Datum, error) {
	t := m.node.Table
	if err := m.computeGenerated(vals); err != nil {
		return 0, types.Null, err
	}
	if err := checkNotNull(m.ec, t, vals); err != nil {
		return 0, types.Null, err
	}
	if err := m.checkConstraints(vals); err != nil {
		return 0, types.Null, err
	}
	return m.store.Update(t, tid, vals)
}

// updated finishes an update that stored vals at newTid: the view check
// options, and the level row RETURNING reads (row with the target's
// segment replaced by the new version), when there is RETURNING.
func (m *modifyIter) updated(row, vals []types.Datum, newTid types.Datum) ([]types.Datum, bool, error) {
	if err := m.checkViews(vals); err != nil {
		return nil, false, err
	}
	if len(m.returning) == 0 {
		return nil, true, nil
	}
	out := append([]types.Datum(nil), row...)
	off := m.node.TargetOffset
	copy(out[off:off+m.natts], vals)
	out[m.node.TargetSysOffset+plan.SysCtid] = newTid
	return out, true, nil
}

// countConflict counts a proposed row that conflicted (EXPLAIN ANALYZE's
// Conflicting Tuples).
func (m *modifyIter) countConflict() {
	if m.conflicts != nil {
		*m.conflicts++
	}
}

// conflictUpdate is ON CONFLICT DO UPDATE (ExecOnConflictUpdate) for
// the proposed row vals, whose key the live row at tid holds: that row is
// locked, and if it meets the WHERE condition it is updated with the SET
// values computed over it and the proposed row ("excluded"). retry is
// set when a concurrent transaction changed the row before the lock was
// taken: the insertion is tried again, and may now succeed or find
// another row.
func (m *modifyIter) conflictUpdate(vals []types.Datum, tid types.Datum) (out []types.Datum, done, retry bool, err error) {
	t, u := m.node.Table, m.node.OnConflictUpdate
	row := make([]types.Datum, m.node.Level)
	off := m.node.TargetOffset
	locked, err := m.store.LockConflicting(t, tid, row[off:off+m.natts])
	if err != nil || !locked {
		return nil, false, err == nil, err
	}
	row[m.node.TargetSysOffset+plan.SysCtid] = tid
	row[m.node.TargetSysOffset+plan.SysTableOID] = types.Int(int64(t.OID))
	copy(row[u.ExcludedOffset:u.ExcludedOffset+m.natts], vals)
	if m.conflictWhere != nil {
		pass, err := passes(m.ec, []expr.Evaluator{m.conflictWhere}, row)
		if err != nil || !pass {
			if err == nil && m.conflictFiltered != nil {
				*m.conflictFiltered++
			}
			return nil, false, false, err
		}
	}
	newVals := make([]types.Datum, m.natts)
	for i, ev := range m.conflictVals {
		if newVals[i], err = ev(m.ec, row); err != nil {
			return nil, false, false, err
		}
	}
	res, newTid, err := m.storeUpdate(tid, newVals)
	if err != nil {
		return nil, false, false, err
	}
	if res != ModifyOK {
		// The row is locked by this transaction: only this command could
		// have changed it, and LockConflicting refuses that.
		return nil, false, false, pgerr.Newf(pgerr.InternalError, "unexpected result updating the conflicting row: %d", res)
	}
	out, done, err = m.updated(row, newVals, newTid)
	return out, done, false, err
}

func (m *modifyIter) delete(row []types.Datum) ([]types.Datum, bool, error) {
	t := m.node.Table
	for {
		_, tid := m.target(row)
		res, newTid, err := m.store.Delete(t, tid)
		if err != nil {
			return nil, false, err
		}
		switch res {
		case ModifyOK:
			return row, true, nil
		case ModifyUpdated:
			var ok bool
			if row, ok, err = m.refetch(row, newTid); err != nil || !ok {
				return nil, false, err
			}
		default:
			return nil, false, nil
		}
	}
}

// computeGenerated is ExecComputeStoredGenerated: the generated columns'
// values from the rest of the new row.
func (m *modifyIter) computeGenerated(vals []types.Datum) error {
	for i, ev := range m.generated {
		d, err := ev(m.ec, vals)
		if err != nil {
			return err
		}
		vals[m.node.Generated[i].Index] = d
	}
	return nil
}

// checkConstraints is ExecConstraints' CHECK test: a constraint fails
// when its expression is false (NULL passes).
func (m *modifyIter) checkConstraints(vals []types.Datum) error {
	t := m.node.Table
	for i, ev := range m.checks {
		d, err := ev(m.ec, vals)
		if err != nil {
			return err
		}
		if !d.IsNull() && !d.Bool() {
			name := m.node.Checks[i].Name
			e := pgerr.Newf(pgerr.CheckViolation, "new row for relation \"%s\" violates check constraint \"%s\"", t.Name, name).
				WithDetail("Failing row contains %s.", RowDescription(m.ec, t, vals))
			e.SchemaName, e.TableName, e.ConstraintName = t.Schema, t.Name, name
			return e
		}
	}
	return nil
}

// checkViews is ExecWithCheckOptions for WCO_VIEW_CHECK, run once the
// new row is stored: a row the view's condition does not return (false
// or NULL) fails.
func (m *modifyIter) checkViews(vals []types.Datum) error {
	if len(m.viewChecks) == 0 {
		return nil
	}
	// The conditions read the new row where the target's values start
	// the level row (a sub-SELECT's outer references included).
	row := make([]types.Datum, max(m.node.Level, len(vals)))
	copy(row, vals)
	for i, ev := range m.viewChecks {
		d, err := ev(m.ec, row)
		if err != nil {
			return err
		}
		if d.IsNull() || !d.Bool() {
			return pgerr.Newf(pgerr.WithCheckOptionViolation, "new row violates check option for view \"%s\"", m.node.ViewChecks[i].View).
				WithDetail("Failing row contains %s.", RowDescription(m.ec, m.node.Table, vals))
		}
	}
	return nil
}

// checkNotNull is ExecConstraints' NOT NULL check.
func checkNotNull(ec *expr.EvalContext, t *plan.Table, vals []types.Datum) error {
	for i, nn := range t.NotNull {
		if nn && vals[i].IsNull() && t.Columns[i].Name != "" {
			e := pgerr.Newf(pgerr.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
				t.Columns[i].Name, t.Name).WithDetail("Failing row contains %s.", RowDescription(ec, t, vals))
			e.SchemaName, e.TableName, e.ColumnName = t.Schema, t.Name, t.Columns[i].Name
			return e
		}
	}
	return nil
}

// maxFieldLen is how much of each value an error's row description
// shows (BuildTupleValueDescription).
const maxFieldLen = 64

// RowDescription prints a row as "(v1, v2, ...)" for error details, each
// value cut at 64 bytes with "...", NULL as null.
func RowDescription(ec *expr.EvalContext, t *plan.Table, vals []types.Datum) string {
	var b strings.Builder
	b.WriteByte('(')
	first := true
	for i, c := range t.Columns {
		if c.Name == "" {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		if vals[i].IsNull() {
			b.WriteString("null")
			continue
		}
		s := types.FormatText(c.TypeOID, vals[i], ec.Format)
		if len(s) > maxFieldLen {
			cut := maxFieldLen
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			s = s[:cut] + "..."
		}
		b.WriteString(s)
	}
	b.WriteByte(')')
	return b.String()
}

// matViewMaintenanceKey marks a context in which REFRESH MATERIALIZED
// VIEW ... CONCURRENTLY applies its difference to a view with ordinary
// DELETE and INSERT statements (PostgreSQL's
// MatViewIncrementalMaintenanceIsEnabled); its value is the view's OID.
type matViewMaintenanceKey struct{}

// WithMatViewMaintenance lets the statements run under the returned
// context change the materialized view relid.
func WithMatViewMaintenance(ctx context.Context, relid uint32) context.Context {
	return context.WithValue(ctx, matViewMaintenanceKey{}, relid)
}

// MatViewMaintained reports whether ctx lets statements change the
// materialized view relid.
func MatViewMaintained(ctx context.Context, relid uint32) bool {
	if ctx == nil {
		return false
	}
	got, ok := ctx.Value(matViewMaintenanceKey{}).(uint32)
	return ok && got == relid
}
