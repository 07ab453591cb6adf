// This file defines the plan nodes the executor runs (PostgreSQL's
// plannodes.h). Every node produces rows of a fixed width.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// Node is a plan node.
type Node interface {
	// Width is the number of Datums in each row the node produces.
	Width() int
}

// Result produces one empty row: the input of a SELECT without FROM.
type Result struct{}

// Scan reads every row of a session relation into a level row: the
// relation's values go to positions Offset.. of a row of LevelWidth.
type Scan struct {
	Schema, Name  string
	Columns       []Column
	Offset, Level int // LevelWidth
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

// TableScan reads the rows of a table visible to the statement's
// snapshot (SeqScan). The user columns go to Offset.., the system
// columns after them when Sys is set. Quals (over the level row) are
// checked as the rows are read.
type TableScan struct {
	Table         *Table
	Offset, Level int
	Sys           bool
	SysOffset     int
	Quals         []expr.Expr
	// ForUpdate marks the scan of an UPDATE or DELETE target: it also
	// reports each row's location (for ModifyTable).
	ForUpdate bool
	// Sample makes it a sample scan (TABLESAMPLE).
	Sample *TableSample
	// Need, when not nil, names the table columns the plan reads
	// (Need[i] for Table.Columns[i], then with Sys one entry per system
	// column); the scan may leave the others NULL (see columns.go).
	Need []bool
	// Reads, set while planning, are the table columns the query reads
	// outside the scan's own conditions (queryColumns; nil: not known),
	// for the width estimates the planner compares plans by; Output,
	// set with Need, the columns the plan above the scan reads. A scan's
	// width is that of the columns it passes on, as PostgreSQL's.
	Reads, Output []bool
	// Index, when set, makes it an index scan (indexpath.go); Quals are
	// checked on every row all the same.
	Index *IndexPath
	// IndexOnly makes the index scan an index-only scan: the index
	// holds every column the plan reads, whose values come from the
	// index entries, the heap being read only to check each row's
	// visibility (indexonly.go).
	IndexOnly bool
	// PredImplied are the conditions left out of Quals because the
	// predicate of the partial index the scan reads implies them
	// (indexonly.go): never tested, they still count in the estimate of
	// the scan's rows.
	PredImplied []expr.Expr
	// Bitmap, when set, makes it a bitmap heap scan (bitmap.go); Quals
	// are checked on every row all the same.
	Bitmap *BitmapHeap
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

// FunctionScan calls a set-returning function.
type FunctionScan struct {
	Call          *FuncCall
	Columns       []Column
	Offset, Level int
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

// ValuesScan produces the rows of a VALUES list, evaluated per row.
type ValuesScan struct {
	Rows          [][]expr.Expr
	Offset, Level int
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

// SubqueryScan runs a subquery and places its rows at Offset.
type SubqueryScan struct {
	Input         Node
	Offset, Level int
	// Lateral: the subquery reads the row of the join it is the inner
	// side of as its enclosing row (a lateral nested loop runs it for
	// each outer row).
	Lateral bool
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
	// RowMarked: a FOR UPDATE of the level reading it applies to the
	// subquery, which PostgreSQL does not pull up: EXPLAIN shows the
	// scan, as PostgreSQL keeps it (lockrows.go).
	RowMarked bool
}

// CTEScope evaluates Input with the materialized WITH queries its query
// level defines: each reference (CTEScan) reads the rows of one shared
// run of the CTE's Input, computed as far as the readers need them.
type CTEScope struct {
	Input  Node
	CTEs   []*CTE
	Inputs []Node // the plan of each CTE's query
}

// CTEScan reads the rows of a materialized WITH query into a level row,
// at Offset.
type CTEScan struct {
	CTE           *CTE
	Offset, Level int
	// RTE is the range table entry scanned (for EXPLAIN's names).
	RTE *RTE
}

// NestLoop joins two inputs by testing Quals on every pair (with the
// outer row's values and the inner row's values in one level row).
// For LEFT joins an outer row without a match is emitted with the inner
// side's columns NULL; FULL also emits unmatched inner rows.
type NestLoop struct {
	Type          JoinType // JoinInner, JoinLeft or JoinFull (JoinRight is swapped)
	Outer, Inner  Node
	Quals         []expr.Expr
	InnerSegments [][2]int // [start, end) of the inner side's values
	OuterSegments [][2]int
	Level         int
	// Lateral re-runs the inner side for every outer row, with the outer
	// row as context.
	Lateral bool
	// Types are the types of the level row's values, for keeping the
	// inner rows in a temporary file beyond work_mem (0 where not known).
	Types []uint32
	// Rows is the estimate of the join's rows the join order search
	// made for the set of relations it joins, whichever way (0: none).
	Rows float64
	// InnerUnique: at most one inner row matches an outer row (EXPLAIN
	// VERBOSE's Inner Unique; markInnerUnique).
	InnerUnique bool
	// Output are the level row's values the plan above reads, set with
	// the scans' Need (columns.go; nil: all): the join's width counts
	// only those.
	Output []bool
	// Memo, on a Lateral nested loop over an inner index scan, keeps
	// the inner rows of each distinct set of outer values the scan is
	// searched with (memoize.go).
	Memo *Memoize
}

// HashJoin joins on equality of OuterKeys and InnerKeys (both over the
// level row, each reading only its own side), then tests Quals.
type HashJoin struct {
	Type          JoinType
	Outer, Inner  Node
	OuterKeys     []expr.Expr
	InnerKeys     []expr.Expr
	KeyTypes      []uint32
	Quals         []expr.Expr
	InnerSegments [][2]int
	OuterSegments [][2]int
	Level         int
	// Types are the types of the level row's values, for writing rows to
	// batch files beyond work_mem (0 where not known).
	Types []uint32
	// Rows is as NestLoop's.
	Rows float64
	// HashMem is PlannerOptions.HashMem when the plan was made, for the
	// estimate of its batches.
	HashMem int64
	// InnerUnique: at most one inner row matches an outer row (a unique
	// index of the inner table on the keys, mergejoin.go's innerUnique),
	// which the estimate counts as PostgreSQL does.
	InnerUnique bool
	// Output is as NestLoop's.
	Output []bool
	// MatchFrac and MatchCount, on a join standing for a semi join (its
	// inner side the semi join's distinct inner rows), are the semi
	// join's factors (semiFactors) the InnerUnique estimate takes
	// instead of the join's own; 0 for other joins.
	MatchFrac, MatchCount float64
}

// Filter passes the input rows for which every qual is true. Quals are
// evaluated in order, cheapest first, and evaluation stops at the first
// that is not true.
type Filter struct {
	Input Node
	Quals []expr.Expr
}

// Project computes Exprs over each input row.
type Project struct {
	Input Node
	Exprs []expr.Expr
	// Spread marks a Project that places its input's columns back in a
	// level row (the unique rows of a semi join's inner side, semijoin.go):
	// Exprs are NULL but where a column goes, and EXPLAIN and the width
	// estimate count those columns only.
	Spread bool
}

// ProjectSet evaluates the set-returning function calls of a target
// list (PostgreSQL 10's nodeProjectSet.c): for each input row, the calls
// advance in lockstep, the input row extended with their values, until
// every one is exhausted (the shorter ones give NULL meanwhile).
type ProjectSet struct {
	Input Node
	SRFs  []*expr.FuncExpr
}

// Agg groups its input on GroupBy and computes Aggs for each group: its
// rows are the group key values followed by the aggregate values and the
// GROUPING(...) values. Without GroupBy it produces exactly one row.
// With Sets it groups the input once per grouping set (indices into
// GroupBy), the keys outside the set NULL; an empty set gives one row
// even for no input.
type Agg struct {
	Input     Node
	GroupBy   []expr.Expr
	Sets      [][]int
	Aggs      []*expr.Aggref
	Groupings [][]int
	// Sorted is the sorted strategy (GroupAggregate): the input comes
	// ordered on GroupBy, each group computed as its rows end. Without
	// it the groups are hashed.
	Sorted bool
	// Order is the order of the group keys (keys over the GroupBy list,
	// nil: as written): for Sorted, the order of the input, which the
	// groups come out in too; EXPLAIN lists the Group Key in it.
	Order []SortKey
	// Dependent marks, by GroupBy position, the keys functionally
	// dependent on the others (a table's columns grouped with its
	// primary key): not compared, their values each group's first row's.
	// nil: none.
	Dependent []bool
	// HashMem is work_mem × hash_mem_multiplier at planning (0: the
	// default), for the cost of a hashed aggregation that spills.
	HashMem int64
}

// Sort orders its input.
type Sort struct {
	Input Node
	Keys  []SortKey // Target is a column of the input row
	Types []uint32  // type of each input column
	// Presorted, when above 0, makes it an incremental sort: the input
	// comes ordered on the first Presorted keys already, and each run
	// of rows equal on them is sorted on its own (nodeIncrementalSort.c).
	Presorted int
	// IndexBuild marks the sort of an index build's entries (key columns
	// and ctid): its rows count against work_mem as the index tuples
	// tuplesort_begin_index_btree holds, not as heap rows.
	IndexBuild bool
}

// Unique drops rows equal to the previous one (its input is sorted on all
// columns), for SELECT DISTINCT.
type Unique struct {
	Input Node
	Types []uint32
	// Cols are the columns compared (DISTINCT ON); nil compares the
	// first len(Types) columns.
	Cols []int
}

// HashSetOp computes UNION, INTERSECT or EXCEPT (with or without ALL)
// of two inputs of the same width.
type HashSetOp struct {
	Op          SetOpKind
	All         bool
	Left, Right Node
	Types       []uint32
}

// Limit skips Offset rows and stops after Count rows; either may be nil.
type Limit struct {
	Input         Node
	Count, Offset expr.Expr
	// WithTies (FETCH FIRST ... WITH TIES) returns, after the Count-th
	// row, the rows equal to it on TieKeys (columns of the input row,
	// of types Types).
	WithTies bool
	TieKeys  []SortKey
	Types    []uint32
}

// Trim keeps the first N columns of each row, dropping junk columns.
type Trim struct {
	Input Node
	N     int
}

// ModifyTable inserts, updates or deletes the rows its input produces.
// For INSERT each input row holds the new row's user column values; for
// UPDATE and DELETE the input is the level row of the target's scan (the
// target table's values at TargetOffset, its location tracked by the
// scan), and for UPDATE NewValues compute the new column values from it.
// Returning is evaluated over a level row in which the target's segment
// holds the new (or deleted) row.
type ModifyTable struct {
	Command         CommandType
	Table           *Table
	Input           Node
	TargetOffset    int
	TargetSysOffset int // where the target's system columns are
	Level           int
	NewValues       []expr.Expr
	// Recheck are the conditions tested again on the newest version of
	// a row that a concurrent transaction updated (EvalPlanQual).
	Recheck   []expr.Expr
	Returning []expr.Expr
	// Arbiters are the unique indexes ON CONFLICT checks each row against
	// (none: every row goes in).
	Arbiters []*TableIndex
	// OnConflictDoNothing marks INSERT ... ON CONFLICT DO NOTHING (with
	// or without arbiters); OnConflictUpdate is the action of ON
	// CONFLICT DO UPDATE.
	OnConflictDoNothing bool
	OnConflictUpdate    *OnConflictUpdate
	// ArbitersUntargeted: the clause named no conflict target.
	ArbitersUntargeted bool
	// Alias is an INSERT's target alias (INSERT INTO t AS a), "" without.
	Alias string
	// Auxiliary marks the statement of a data-modifying WITH query: its
	// rows do not count in the command tag (PostgreSQL's canSetTag).
	Auxiliary bool
	// Bulk marks an INSERT whose rows may be stored in batches rather
	// than one at a time, because nothing that runs during the statement
	// could notice the difference (bulkInsertable).
	Bulk bool
	// Checks are tested on each new row (ExecConstraints).
	Checks []CheckConstraint
	// Generated are computed on each new row first.
	Generated []GeneratedColumn
	// ViewChecks are tested on each new row once it is stored
	// (ExecWithCheckOptions).
	ViewChecks []ViewCheck
	// MergeActions are MERGE's WHEN clauses (Command CmdMerge): the
	// input is the source joined to the target, whose ctid is NULL in
	// rows no target row matched.
	MergeActions []MergeAction
}

func (*Result) Width() int         { return 0 }
func (n *Scan) Width() int         { return n.Level }
func (n *TableScan) Width() int    { return n.Level }
func (n *FunctionScan) Width() int { return n.Level }
func (n *ValuesScan) Width() int   { return n.Level }
func (n *SubqueryScan) Width() int { return n.Level }
func (n *CTEScope) Width() int     { return n.Input.Width() }
func (n *CTEScan) Width() int      { return n.Level }
func (n *NestLoop) Width() int     { return n.Level }
func (n *HashJoin) Width() int     { return n.Level }
func (n *Filter) Width() int       { return n.Input.Width() }
func (n *Project) Width() int      { return len(n.Exprs) }
func (n *Agg) Width() int          { return len(n.GroupBy) + len(n.Aggs) + len(n.Groupings) }
func (n *ProjectSet) Width() int   { return n.Input.Width() + len(n.SRFs) }
func (n *Sort) Width() int         { return n.Input.Width() }
func (n *Unique) Width() int       { return n.Input.Width() }
func (n *HashSetOp) Width() int    { return n.Left.Width() }
func (n *Limit) Width() int        { return n.Input.Width() }
func (n *Trim) Width() int         { return n.N }
func (n *ModifyTable) Width() int  { return len(n.Returning) }
