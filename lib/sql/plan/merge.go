// MERGE (PostgreSQL's parse_merge.c result and the planner's handling of
// it): the source joined to the target table, each joined row handed to
// a ModifyTable that tries the WHEN clauses in order.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// MergeActionKind is what a WHEN clause of MERGE does.
type MergeActionKind int8

// MERGE actions.
const (
	MergeDoNothing MergeActionKind = iota
	MergeUpdate
	MergeDelete
	MergeInsert
)

// MergeAction is one WHEN [NOT] MATCHED [AND Cond] THEN clause.
type MergeAction struct {
	// Matched is set for WHEN MATCHED, clear for WHEN NOT MATCHED.
	Matched bool
	Kind    MergeActionKind
	// Cond is the AND condition over the level row, nil when the clause
	// has none.
	Cond expr.Expr
	// NewValues are the new row's user column values over the level row
	// (UPDATE: a Var of the old value for columns not SET; INSERT: the
	// values given, else the defaults).
	NewValues []expr.Expr
}

// buildMerge plans MERGE: the join of source and target (analysis put
// it in q.From) under a ModifyTable running the WHEN clauses. A target
// row a concurrent transaction updated is checked again against the
// join condition (EvalPlanQual).
func buildMerge(q *Query) Node {
	target := q.Result
	in := buildFrom(q)
	mt := &ModifyTable{Command: CmdMerge, Table: target.Table, Input: in, TargetOffset: target.Offset,
		TargetSysOffset: target.SysOffset, Level: q.Width, Checks: q.Checks, Generated: q.Generated,
		MergeActions: q.MergeActions}
	for _, it := range q.From {
		if j, ok := it.(*JoinItem); ok && j.Quals != nil {
			mt.Recheck = flattenAnd(j.Quals, mt.Recheck)
		}
	}
	return mt
}
