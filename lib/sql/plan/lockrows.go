// This file plans SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE /
// FOR KEY SHARE (PostgreSQL's LockRows node, preprocess_rowmarks). The
// LockRows node sits above the sort and below the limit, as in
// PostgreSQL, so that rows it skips (SKIP LOCKED, or rows that no longer
// qualify) do not count towards the LIMIT and an ORDER BY ... LIMIT
// locks only the rows it returns.
//
// The rows below LockRows are the query's targets followed by junk
// columns: the level-row values that the targets and the conditions
// read, and the location (ctid) of each locked table's row. When a row
// was updated by a transaction that committed after the statement's
// snapshot, the executor locks its newest version and rebuilds the level
// row from the junk columns with that version's values, tests the
// conditions again (EvalPlanQual; outer joins null-extend the side whose
// ON condition now fails) and computes the targets anew.

package plan

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// RowLockStrength is the strength of a locking clause (LockClauseStrength).
type RowLockStrength int8

// Row lock strengths, weakest first.
const (
	ForKeyShare RowLockStrength = iota + 1
	ForShare
	ForNoKeyUpdate
	ForUpdate
)

// String spells the clause as PostgreSQL's messages do (LCS_asString).
func (s RowLockStrength) String() string {
	switch s {
	case ForKeyShare:
		return "FOR KEY SHARE"
	case ForShare:
		return "FOR SHARE"
	case ForNoKeyUpdate:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// RowLockWait is what a locking clause does about a row another
// transaction holds (LockWaitPolicy), weakest first: wait, skip the row
// (SKIP LOCKED), fail (NOWAIT).
type RowLockWait int8

// Wait policies.
const (
	RowLockBlock RowLockWait = iota
	RowLockSkip
	RowLockError
)

// RowMark is a range table entry a locking clause applies to
// (RowMarkClause): a table whose rows are locked, or a subquery (a view
// included) whose own level locks its tables' rows.
type RowMark struct {
	RTE      int
	Strength RowLockStrength
	Wait     RowLockWait
	// PushedDown marks a clause the level did not write: one applied to
	// it because an enclosing level locks it (a view's or a subquery's
	// query). Printed queries leave it out.
	PushedDown bool
}

// LockRows locks, for each input row, the row of each locked table it
// was made from (ExecLockRows). Its input rows are the query's targets
// followed by junk columns, among them each locked table's ctid; the
// values a recheck reads are plain columns of them. A row whose lock
// fails under SKIP LOCKED, or that
// a concurrent transaction deleted, is skipped; one updated concurrently
// is rechecked on its newest version.
type LockRows struct {
	Input Node
	// Tables are the locked tables, in the order their rows are locked.
	Tables []LockedTable
	// Targets compute the input's columns over the level row, for a
	// row that is rechecked.
	Targets []expr.Expr
	// The level row of a recheck has at LevelCols[k] the value of input
	// column InputCols[k] (the others are NULL: nothing reads them).
	LevelCols, InputCols []int
	// LevelWidth is the width of the query level's row.
	LevelWidth int
	// Recheck is the join tree with its conditions and, at its root,
	// the WHERE conditions, all over the level row.
	Recheck *LockRecheck
}

// LockedTable is a table whose rows LockRows locks.
type LockedTable struct {
	Table *Table
	// Ctid is the input column holding the row's location (NULL when
	// an outer join gave no row of the table).
	Ctid int
	// Offset and SysOffset are where the table's values and system
	// columns are in the level row.
	Offset, SysOffset int
	Strength          RowLockStrength
	Wait              RowLockWait
}

// LockRecheck is a node of the join tree as the recheck walks it: a
// relation (Tables, no Left/Right) or a join of Left and Right.
type LockRecheck struct {
	Join        JoinType
	Left, Right *LockRecheck
	// Quals are the join's conditions (the WHERE conditions at the
	// root, which has no Left or Right when the level is one item).
	Quals []expr.Expr
	// Tables are the indexes in LockRows.Tables of the locked tables
	// under this node; Segments the level-row ranges of all its
	// entries (set to NULL when an outer join null-extends it).
	Tables   []int
	Segments [][2]int
}

// Width is the input's: LockRows passes its rows on.
func (n *LockRows) Width() int { return n.Input.Width() }

// hasTableMarks reports whether q locks rows of tables at its own level
// (marks on subqueries are carried out by their own levels).
func hasTableMarks(q *Query) bool {
	for _, m := range q.RowMarks {
		if q.RTEs[m.RTE].Kind == RTETable {
			return true
		}
	}
	return false
}

// keptSubquery reports whether PostgreSQL would keep marked subquery
// entry r as a subquery rather than pull it up into the level reading
// it (is_simple_subquery): it then has its own LockRows, and the level
// reading it one too. Either way its rows are locked at its own level
// here.
func keptSubquery(r *RTE) bool {
	sub := r.Subquery
	return r.Kind == RTESubquery && r.CTE == nil && sub != nil &&
		(sub.Limit != nil || sub.Offset != nil || len(sub.Sort) > 0 || len(sub.CTEs) > 0)
}

// needsLockRows reports whether q's plan has a LockRows node: it locks
// rows of its tables, or reads a subquery it locks rows of that
// PostgreSQL keeps a subquery.
func needsLockRows(q *Query) bool {
	if hasTableMarks(q) {
		return true
	}
	for _, m := range q.RowMarks {
		if keptSubquery(q.RTEs[m.RTE]) {
			return true
		}
	}
	return false
}

// rowLockPlan is what prepareLockRows decided, for lockRows.
type rowLockPlan struct {
	targets              []expr.Expr
	levelCols, inputCols []int
	ctidCol              map[int]int // RTE index → target index of its ctid
}

// prepareLockRows makes sure q's targets hold, as plain columns, the
// level values the recheck needs (what the targets and the conditions
// read, and each locked table's ctid), adding junk targets for those
// missing. It must run before the projection is built; nil when q
// locks no table rows.
func prepareLockRows(q *Query) *rowLockPlan {
	if !needsLockRows(q) {
		return nil
	}
	p := &rowLockPlan{ctidCol: map[int]int{}}
	if !hasTableMarks(q) {
		// Nothing to lock or recheck at this level.
		for _, t := range q.Targets {
			p.targets = append(p.targets, t.Expr)
		}
		return p
	}
	vars := map[int]*expr.Var{}
	collect := func(e expr.Expr) {
		if e == nil {
			return
		}
		walkVars(e, 0, func(v *expr.Var) {
			if _, ok := vars[v.Index]; !ok {
				vars[v.Index] = v
			}
		})
	}
	for _, t := range q.Targets {
		collect(t.Expr)
	}
	collect(q.Where)
	var joinQuals func(it FromItem)
	joinQuals = func(it FromItem) {
		if j, ok := it.(*JoinItem); ok {
			collect(j.Quals)
			joinQuals(j.Left)
			joinQuals(j.Right)
		}
	}
	for _, it := range q.From {
		joinQuals(it)
	}
	for _, m := range q.RowMarks {
		r := q.RTEs[m.RTE]
		if r.Kind != RTETable {
			continue
		}
		idx := r.SysOffset + SysCtid
		if _, ok := vars[idx]; !ok {
			vars[idx] = &expr.Var{Index: idx, Typ: SystemColumns[SysCtid].Type, Mod: -1, Name: "ctid"}
		}
	}
	idx := make([]int, 0, len(vars))
	for i := range vars {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	// A target that is the plain column already carries it.
	plain := map[int]int{}
	for j, t := range q.Targets {
		if v, ok := t.Expr.(*expr.Var); ok && v.LevelsUp == 0 {
			if _, seen := plain[v.Index]; !seen {
				plain[v.Index] = j
			}
		}
	}
	for _, i := range idx {
		pos, ok := plain[i]
		if !ok {
			// (A Var met inside a subquery reads this level from one
			// level down: the target reads it here.)
			v := *vars[i]
			v.LevelsUp, v.Loc = 0, -1
			pos = len(q.Targets)
			q.Targets = append(q.Targets, Target{Expr: &v, Name: v.Name, Junk: true})
		}
		p.levelCols = append(p.levelCols, i)
		p.inputCols = append(p.inputCols, pos)
		for _, m := range q.RowMarks {
			if r := q.RTEs[m.RTE]; r.Kind == RTETable && r.SysOffset+SysCtid == i {
				p.ctidCol[m.RTE] = pos
			}
		}
	}
	for _, t := range q.Targets {
		p.targets = append(p.targets, t.Expr)
	}
	return p
}

// lockRows puts the LockRows node over n (the sorted, projected rows).
func (p *rowLockPlan) lockRows(q *Query, n Node) Node {
	if p == nil {
		return n
	}
	lr := &LockRows{Input: n, Targets: p.targets, LevelCols: p.levelCols, InputCols: p.inputCols, LevelWidth: q.Width}
	markKeptSubqueries(q, n)
	tableIndex := map[int]int{}
	for _, m := range q.RowMarks {
		r := q.RTEs[m.RTE]
		if r.Kind != RTETable {
			continue
		}
		tableIndex[m.RTE] = len(lr.Tables)
		lr.Tables = append(lr.Tables, LockedTable{Table: r.Table, Ctid: p.ctidCol[m.RTE], Offset: r.Offset, SysOffset: r.SysOffset,
			Strength: m.Strength, Wait: m.Wait})
	}
	var build func(it FromItem) *LockRecheck
	build = func(it FromItem) *LockRecheck {
		rels := itemRels(q, it, nil)
		rc := &LockRecheck{Segments: segmentsOf(q, rels)}
		for r := range rels {
			if i, ok := tableIndex[r]; ok {
				rc.Tables = append(rc.Tables, i)
			}
		}
		sort.Ints(rc.Tables)
		if j, ok := it.(*JoinItem); ok {
			rc.Join = j.Type
			rc.Left, rc.Right = build(j.Left), build(j.Right)
			if j.Quals != nil {
				rc.Quals = flattenAnd(j.Quals, nil)
			}
		}
		return rc
	}
	// The comma-separated items are an inner join of all of them.
	var root *LockRecheck
	for _, it := range q.From {
		item := build(it)
		if root == nil {
			root = item
			continue
		}
		root = &LockRecheck{Join: JoinInner, Left: root, Right: item,
			Tables: append(append([]int(nil), root.Tables...), item.Tables...)}
	}
	if root == nil {
		root = &LockRecheck{}
	}
	if q.Where != nil {
		if root.Left == nil || root.Join == JoinInner || root.Join == JoinCross {
			root.Quals = append(root.Quals, flattenAnd(q.Where, nil)...)
		} else {
			// WHERE applies after an outer join at the root.
			root = &LockRecheck{Join: JoinInner, Left: root, Right: &LockRecheck{}, Tables: root.Tables, Quals: flattenAnd(q.Where, nil)}
		}
	}
	lr.Recheck = root
	return lr
}

// markKeptSubqueries sets RowMarked on the scans, in n (q's level), of
// the marked subqueries PostgreSQL keeps.
func markKeptSubqueries(q *Query, n Node) {
	if sq, ok := n.(*SubqueryScan); ok {
		for _, m := range q.RowMarks {
			if r := q.RTEs[m.RTE]; r == sq.RTE && keptSubquery(r) {
				sq.RowMarked = true
			}
		}
		return
	}
	for _, in := range Inputs(n) {
		markKeptSubqueries(q, in)
	}
}
