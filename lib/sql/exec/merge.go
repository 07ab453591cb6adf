// This file runs MERGE's WHEN clauses (PostgreSQL 15's
// nodeModifyTable.c, ExecMerge): for each row of the source joined to
// the target, the MATCHED clauses when a target row matched, else the
// NOT MATCHED ones, in order; the first whose condition holds acts.
// A target row this command already changed cannot be changed again
// (21000). In READ COMMITTED, a target row a concurrent transaction
// updated is fetched in its newest version and the join condition
// checked again; if it still matches, the MATCHED clauses are tried
// again from the first, and if it was deleted or no longer matches, the
// NOT MATCHED clauses are tried with the source row.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// mergeAction is a WHEN clause compiled for one execution.
type mergeAction struct {
	node    *plan.MergeAction
	cond    expr.Evaluator
	newVals []expr.Evaluator
}

func (m *modifyIter) compileMerge() error {
	for i := range m.node.MergeActions {
		a := &m.node.MergeActions[i]
		ma := mergeAction{node: a}
		if a.Cond != nil {
			ev, err := expr.Compile(a.Cond)
			if err != nil {
				return err
			}
			ma.cond = ev
		}
		var err error
		if ma.newVals, err = compileAll(a.NewValues); err != nil {
			return err
		}
		m.merge = append(m.merge, ma)
	}
	return nil
}

// mergeRow runs the WHEN clauses for one joined row; done reports
// whether a row was inserted, updated or deleted.
func (m *modifyIter) mergeRow(row []types.Datum) (bool, error) {
	matched := !row[m.node.TargetSysOffset+plan.SysCtid].IsNull()
	for {
		if !matched {
			return m.mergeNotMatched(row)
		}
		a, err := m.firstMergeAction(true, row)
		if err != nil || a == nil {
			return false, err
		}
		_, tid := m.target(row)
		var res ModifyResult
		var newTid types.Datum
		switch a.node.Kind {
		case plan.MergeDoNothing:
			return false, nil
		case plan.MergeUpdate:
			vals, err := m.evalNew(a.newVals, row)
			if err != nil {
				return false, err
			}
			if err := m.prepareNewRow(vals); err != nil {
				return false, err
			}
			if res, newTid, err = m.store.Update(m.node.Table, tid, vals); err != nil {
				return false, err
			}
		case plan.MergeDelete:
			if res, newTid, err = m.store.Delete(m.node.Table, tid); err != nil {
				return false, err
			}
		}
		switch res {
		case ModifyOK:
			return true, nil
		case ModifySelfModified:
			return false, pgerr.New(pgerr.CardinalityViolation, "MERGE command cannot affect row a second time").
				WithHint("Ensure that not more than one source row matches any one target row.")
		case ModifyUpdated:
			latest, ok, err := m.refetch(row, newTid)
			if err != nil {
				return false, err
			}
			if ok {
				row = latest
				continue
			}
		}
		// Deleted concurrently, or no longer matching: the source row
		// is not matched now.
		matched = false
	}
}

// mergeNotMatched runs the NOT MATCHED clauses for a source row.
func (m *modifyIter) mergeNotMatched(row []types.Datum) (bool, error) {
	a, err := m.firstMergeAction(false, row)
	if err != nil || a == nil || a.node.Kind != plan.MergeInsert {
		return false, err
	}
	vals, err := m.evalNew(a.newVals, row)
	if err != nil {
		return false, err
	}
	_, done, err := m.insert(vals)
	return done, err
}

// firstMergeAction is the first clause of the kind whose condition
// holds for row, nil when none does.
func (m *modifyIter) firstMergeAction(matched bool, row []types.Datum) (*mergeAction, error) {
	for i := range m.merge {
		a := &m.merge[i]
		if a.node.Matched != matched {
			continue
		}
		if a.cond != nil {
			d, err := a.cond(m.ec, row)
			if err != nil {
				return nil, err
			}
			if d.IsNull() || !d.Bool() {
				continue
			}
		}
		return a, nil
	}
	return nil, nil
}

// evalNew computes a new row's user column values over the level row.
func (m *modifyIter) evalNew(evs []expr.Evaluator, row []types.Datum) ([]types.Datum, error) {
	vals := make([]types.Datum, m.natts)
	for i, ev := range evs {
		v, err := ev(m.ec, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// prepareNewRow computes the generated columns of a new row version and
// checks its constraints, as UPDATE does.
func (m *modifyIter) prepareNewRow(vals []types.Datum) error {
	if err := m.computeGenerated(vals); err != nil {
		return err
	}
	if err := checkNotNull(m.ec, m.node.Table, vals); err != nil {
		return err
	}
	return m.checkConstraints(vals)
}
