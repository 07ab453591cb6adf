// This file implements the LockRows node (PostgreSQL's nodeLockRows.c):
// SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE.
// For each input row it locks, table by table, the row each locked table
// contributed. Under READ COMMITTED a row that a transaction committed
// an update of after the statement's snapshot is locked in its newest
// version, and the query's conditions are tested again on the level row
// with that version in place (EvalPlanQual): the row is returned,
// recomputed, only if it still qualifies. A row deleted meanwhile, one
// changed by this very statement, and under SKIP LOCKED one that another
// transaction holds, are skipped; NOWAIT fails with 55P03.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// RowLockResult is what RowLocker.LockRow did.
type RowLockResult int8

const (
	// RowLocked: the row, as the statement saw it, is locked.
	RowLocked RowLockResult = iota
	// RowLockedNewer: a concurrent transaction updated the row and
	// committed; its newest version is locked, its values returned.
	RowLockedNewer
	// RowGone: the row was deleted (or changed by this command): skip it.
	RowGone
	// RowNotLocked: another transaction holds the row and the wait
	// policy is SKIP LOCKED: skip it.
	RowNotLocked
)

// RowLocker is implemented by table stores that can lock rows (the SQL
// layer's, over heap.LockTuple).
type RowLocker interface {
	// LockRow locks the row of t at tid with strength, waiting for a
	// transaction that holds it as wait says (NOWAIT fails with 55P03).
	// For RowLockedNewer it fills values (the user columns) and returns
	// the locked version's tid.
	LockRow(t *plan.Table, tid types.Datum, strength plan.RowLockStrength, wait plan.RowLockWait, values []types.Datum) (RowLockResult, types.Datum, error)
}

// compiledRecheck is a plan.LockRecheck with its conditions compiled.
type compiledRecheck struct {
	node        *plan.LockRecheck
	quals       []expr.Evaluator
	left, right *compiledRecheck
}

func compileRecheck(n *plan.LockRecheck) (*compiledRecheck, error) {
	if n == nil {
		return nil, nil
	}
	quals, err := compileAll(n.Quals)
	if err != nil {
		return nil, err
	}
	c := &compiledRecheck{node: n, quals: quals}
	if c.left, err = compileRecheck(n.Left); err != nil {
		return nil, err
	}
	if c.right, err = compileRecheck(n.Right); err != nil {
		return nil, err
	}
	return c, nil
}

type lockRowsIter struct {
	ec      *expr.EvalContext
	node    *plan.LockRows
	in      iterator
	locker  RowLocker
	targets []expr.Evaluator
	recheck *compiledRecheck
	// newer marks the tables whose row was locked in a newer version,
	// per input row.
	newer []bool
}

func (x *executor) buildLockRows(n *plan.LockRows) (iterator, error) {
	locker, ok := x.src.Tables().(RowLocker)
	if !ok {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT FOR UPDATE/SHARE is not supported in this session")
	}
	for _, t := range n.Tables {
		// CheckValidRowMarkRel, when the executor starts.
		switch t.Table.Kind {
		case 'm':
			return nil, pgerr.Newf(pgerr.WrongObjectType, "cannot lock rows in materialized view \"%s\"", t.Table.Name)
		case 'S':
			return nil, pgerr.Newf(pgerr.WrongObjectType, "cannot lock rows in sequence \"%s\"", t.Table.Name)
		}
	}
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	it := &lockRowsIter{ec: x.ec, node: n, in: in, locker: locker, newer: make([]bool, len(n.Tables))}
	if it.targets, err = compileAll(n.Targets); err != nil {
		return nil, err
	}
	if it.recheck, err = compileRecheck(n.Recheck); err != nil {
		return nil, err
	}
	return it, nil
}

// Next returns the next input row whose rows it could lock and that
// still qualifies.
func (l *lockRowsIter) Next() ([]types.Datum, bool, error) {
next:
	for {
		if err := l.ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		row, ok, err := l.in.Next()
		if err != nil || !ok {
			return nil, ok, err
		}
		anyNewer := false
		var level []types.Datum
		for i, t := range l.node.Tables {
			l.newer[i] = false
			tid := row[t.Ctid]
			if tid.IsNull() {
				// No row of this table in the joined row.
				continue
			}
			var values []types.Datum
			if level == nil {
				level = l.levelRow(row)
			}
			values = level[t.Offset : t.Offset+len(t.Table.Columns)]
			res, newTid, err := l.locker.LockRow(t.Table, tid, t.Strength, t.Wait, values)
			if err != nil {
				return nil, false, err
			}
			switch res {
			case RowGone, RowNotLocked:
				continue next
			case RowLockedNewer:
				l.newer[i] = true
				anyNewer = true
				level[t.SysOffset+plan.SysCtid] = newTid
			}
		}
		if !anyNewer {
			return row, true, nil
		}
		// EvalPlanQual: the conditions again, on the newest versions.
		pass, err := l.evalRecheck(l.recheck, level)
		if err != nil {
			return nil, false, err
		}
		if !pass {
			continue
		}
		out := make([]types.Datum, len(row))
		for i, ev := range l.targets {
			if out[i], err = ev(l.ec, level); err != nil {
				return nil, false, err
			}
		}
		return out, true, nil
	}
}

// levelRow rebuilds the level row from the columns of row that carry
// level values (the values nothing reads stay NULL).
func (l *lockRowsIter) levelRow(row []types.Datum) []types.Datum {
	level := make([]types.Datum, l.node.LevelWidth)
	for i := range level {
		level[i] = types.Null
	}
	for k, c := range l.node.LevelCols {
		level[c] = row[l.node.InputCols[k]]
	}
	return level
}

// changed reports whether a row under n was locked in a newer version.
func (l *lockRowsIter) changed(n *plan.LockRecheck) bool {
	for _, i := range n.Tables {
		if l.newer[i] {
			return true
		}
	}
	return false
}

// evalRecheck tests the join tree's conditions on level: false when the
// row no longer qualifies. An outer join whose ON conditions now fail
// null-extends its nullable side, as running the join again would; a
// part of the tree with no newer row is as it was.
func (l *lockRowsIter) evalRecheck(c *compiledRecheck, level []types.Datum) (bool, error) {
	if c == nil || !l.changed(c.node) {
		return true, nil
	}
	if c.left == nil {
		return passes(l.ec, c.quals, level)
	}
	switch c.node.Join {
	case plan.JoinLeft, plan.JoinRight:
		outer, inner := c.left, c.right
		if c.node.Join == plan.JoinRight {
			outer, inner = c.right, c.left
		}
		ok, err := l.evalRecheck(outer, level)
		if err != nil || !ok {
			return false, err
		}
		ok, err = l.evalRecheck(inner, level)
		if err == nil && ok {
			ok, err = passes(l.ec, c.quals, level)
		}
		if err != nil {
			return false, err
		}
		if !ok {
			nullExtend(inner.node, level)
		}
		return true, nil
	case plan.JoinFull:
		// Locked rows are never on a nullable side (the analyzer
		// refuses it), so neither side of a full join changed.
		return true, nil
	}
	ok, err := l.evalRecheck(c.left, level)
	if err == nil && ok {
		ok, err = l.evalRecheck(c.right, level)
	}
	if err == nil && ok {
		ok, err = passes(l.ec, c.quals, level)
	}
	return ok, err
}

// nullExtend sets the values of the entries under n to NULL.
func nullExtend(n *plan.LockRecheck, level []types.Datum) {
	for _, s := range n.Segments {
		for i := s[0]; i < s[1] && i < len(level); i++ {
			level[i] = types.Null
		}
	}
}
