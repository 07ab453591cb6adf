// This file analyzes the locking clauses of a SELECT (FOR UPDATE, FOR
// NO KEY UPDATE, FOR SHARE, FOR KEY SHARE, [OF name, ...], NOWAIT, SKIP
// LOCKED) into the query's row marks, as PostgreSQL's
// transformLockingClause and CheckSelectLocking do: a clause without OF
// applies to every table of its level and, through them, to the tables
// of its subqueries and views in FROM; with OF, to the entries named.
// The planner's LockRows node (plan/lockrows.go) carries them out.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// lockRowShare is RowShareLock, which a table whose rows a SELECT locks
// is locked in (instead of AccessShareLock).
const lockRowShare = 2

// transformLockingClauses applies sel's locking clauses to q, the
// analyzed level, in the order written.
func (s *state) transformLockingClauses(q *plan.Query, sel *pg_query.SelectStmt) error {
	for _, n := range sel.LockingClause {
		lc := n.GetLockingClause()
		strength, wait := lockStrength(lc.Strength), lockWait(lc.WaitPolicy)
		if err := checkSelectLocking(q, strength); err != nil {
			return err
		}
		if len(lc.LockedRels) == 0 {
			if err := s.lockAllRels(q, strength, wait); err != nil {
				return err
			}
			continue
		}
		for _, r := range lc.LockedRels {
			rv := r.GetRangeVar()
			if rv == nil {
				return notSupported("this FOR UPDATE/SHARE relation")
			}
			if err := s.lockNamedRel(q, rv, strength, wait); err != nil {
				return err
			}
		}
	}
	// The outer WHERE's conditions on a locked subquery move into it
	// when the query is planned (plan/pushdown.go), so that it locks
	// only the rows that pass.
	return lockedNullable(q)
}

func lockStrength(s pg_query.LockClauseStrength) plan.RowLockStrength {
	switch s {
	case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
		return plan.ForKeyShare
	case pg_query.LockClauseStrength_LCS_FORSHARE:
		return plan.ForShare
	case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return plan.ForNoKeyUpdate
	}
	return plan.ForUpdate
}

func lockWait(w pg_query.LockWaitPolicy) plan.RowLockWait {
	switch w {
	case pg_query.LockWaitPolicy_LockWaitSkip:
		return plan.RowLockSkip
	case pg_query.LockWaitPolicy_LockWaitError:
		return plan.RowLockError
	}
	return plan.RowLockBlock
}

// checkSelectLocking refuses a locking clause on a level whose rows are
// not rows of its tables (CheckSelectLocking), in PostgreSQL's order.
func checkSelectLocking(q *plan.Query, strength plan.RowLockStrength) error {
	var what string
	switch {
	case q.SetOp != nil:
		what = "UNION/INTERSECT/EXCEPT"
	case q.Distinct || len(q.DistinctOn) > 0:
		what = "DISTINCT clause"
	case len(q.GroupBy) > 0 || q.GroupingSets != nil:
		what = "GROUP BY clause"
	case q.Having != nil:
		what = "HAVING clause"
	case len(q.Aggs) > 0:
		what = "aggregate functions"
	case len(q.Windows) > 0:
		what = "window functions"
	default:
		for _, t := range q.Targets {
			if containsSRF(t.Expr) {
				what = "set-returning functions in the target list"
				break
			}
		}
	}
	if what == "" {
		return nil
	}
	return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with %s", strength, what)
}

// lockAllRels applies a clause without OF to every table and subquery
// of q's level; functions, VALUES, joins and WITH queries are left alone.
func (s *state) lockAllRels(q *plan.Query, strength plan.RowLockStrength, wait plan.RowLockWait) error {
	for i, r := range q.RTEs {
		switch {
		case r.Kind == plan.RTETable:
			s.applyRowMark(q, i, strength, wait)
		case r.Kind == plan.RTESubquery && r.CTE == nil:
			if err := s.lockSubquery(q, i, strength, wait); err != nil {
				return err
			}
		}
	}
	return nil
}

// lockSubquery marks subquery entry i of q and applies the clause to
// every relation of the subquery (a view's query included).
func (s *state) lockSubquery(q *plan.Query, i int, strength plan.RowLockStrength, wait plan.RowLockWait) error {
	s.applyRowMark(q, i, strength, wait)
	sub := q.RTEs[i].Subquery
	if err := checkSelectLocking(sub, strength); err != nil {
		return err
	}
	if err := s.lockAllRels(sub, strength, wait); err != nil {
		return err
	}
	for k := range sub.RowMarks {
		sub.RowMarks[k].PushedDown = true
	}
	return lockedNullable(sub)
}

// lockNamedRel applies a clause to the entry of q's level named rv
// (by its alias, or its name when it has none).
func (s *state) lockNamedRel(q *plan.Query, rv *pg_query.RangeVar, strength plan.RowLockStrength, wait plan.RowLockWait) error {
	if rv.Catalogname != "" || rv.Schemaname != "" {
		return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "%s must specify unqualified relation names", strength), rv.Location)
	}
	for i, r := range q.RTEs {
		if rteRefName(r) != rv.Relname {
			continue
		}
		var what string
		switch {
		case r.Kind == plan.RTETable:
			s.applyRowMark(q, i, strength, wait)
			return nil
		case r.Kind == plan.RTESubquery && r.CTE != nil:
			what = "a WITH query"
		case r.Kind == plan.RTESubquery:
			if err := s.lockSubquery(q, i, strength, wait); err != nil {
				return s.errorAt(err, rv.Location)
			}
			return nil
		case r.Kind == plan.RTEJoin:
			what = "a join"
		case r.Kind == plan.RTEFunction:
			what = "a function"
		case r.Kind == plan.RTEValues:
			what = "VALUES"
		default:
			return s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "%s cannot be applied to relation \"%s\"", strength, rv.Relname), rv.Location)
		}
		return s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "%s cannot be applied to %s", strength, what), rv.Location)
	}
	return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" in %s clause not found in FROM clause", rv.Relname, strength), rv.Location)
}

// rteRefName is the name a locking clause's OF refers to an entry by
// (its eref name): the alias, else the relation's name.
func rteRefName(r *plan.RTE) string {
	if r.Alias != "" {
		return r.Alias
	}
	return r.Name
}

// applyRowMark marks entry i of q, combining with an earlier mark as
// PostgreSQL's applyLockingClause does (the stronger lock, the stricter
// wait policy). A table's rows need their location (its system
// columns), and the table is locked in RowShareLock.
func (s *state) applyRowMark(q *plan.Query, i int, strength plan.RowLockStrength, wait plan.RowLockWait) {
	for k := range q.RowMarks {
		m := &q.RowMarks[k]
		if m.RTE == i {
			m.Strength = max(m.Strength, strength)
			m.Wait = max(m.Wait, wait)
			return
		}
	}
	q.RowMarks = append(q.RowMarks, plan.RowMark{RTE: i, Strength: strength, Wait: wait})
	r := q.RTEs[i]
	if r.Kind != plan.RTETable {
		return
	}
	if !r.SysUsed {
		r.SysUsed = true
		r.SysOffset = q.Width
		q.Width += plan.NumSysColumns
	}
	for _, l := range s.modifyLocks {
		if l.OID == r.Table.OID && l.Mode == lockRowShare {
			return
		}
	}
	s.modifyLocks = append(s.modifyLocks, plan.LockRef{OID: r.Table.OID, Mode: lockRowShare})
}

// markLockingLevel flags the tables of a level with row marks (PostgreSQL
// gives every relation of such a level a row mark).
func markLockingLevel(q *plan.Query) {
	for _, r := range q.RTEs {
		if r.Kind == plan.RTETable {
			r.InLockingLevel = true
		}
	}
}

// lockedNullable refuses a row mark on an entry an outer join of q's
// level may null-extend (make_outerjoininfo). It also refuses locking
// rows at a level with LATERAL items, whose rows a recheck would have to
// compute again from the newest version of a locked row (not done).
func lockedNullable(q *plan.Query) error {
	if len(q.RowMarks) == 0 {
		return nil
	}
	markLockingLevel(q)
	for _, r := range q.RTEs {
		if r.Lateral {
			return notSupported("FOR UPDATE/SHARE with LATERAL")
		}
	}
	var check func(it plan.FromItem) error
	check = func(it plan.FromItem) error {
		j, ok := it.(*plan.JoinItem)
		if !ok {
			return nil
		}
		var nullable []plan.FromItem
		switch j.Type {
		case plan.JoinLeft:
			nullable = []plan.FromItem{j.Right}
		case plan.JoinRight:
			nullable = []plan.FromItem{j.Left}
		case plan.JoinFull:
			nullable = []plan.FromItem{j.Left, j.Right}
		}
		for _, side := range nullable {
			rels := map[int]bool{}
			fromItemRTEs(side, rels)
			for _, m := range q.RowMarks {
				if rels[m.RTE] {
					return pgerr.Newf(pgerr.FeatureNotSupported, "%s cannot be applied to the nullable side of an outer join", m.Strength)
				}
			}
		}
		if err := check(j.Left); err != nil {
			return err
		}
		return check(j.Right)
	}
	for _, it := range q.From {
		if err := check(it); err != nil {
			return err
		}
	}
	return nil
}

// fromItemRTEs adds the range table entries under it to out.
func fromItemRTEs(it plan.FromItem, out map[int]bool) {
	switch x := it.(type) {
	case *plan.RangeItem:
		out[x.RTE] = true
	case *plan.JoinItem:
		fromItemRTEs(x.Left, out)
		fromItemRTEs(x.Right, out)
	}
}
