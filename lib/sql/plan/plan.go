// This file defines the analyzed form of a query (Query, PostgreSQL's
// Query node with its range table and join tree) and the descriptors of
// relations and result columns the analyzer, planner and executor share.
// The plan nodes are in nodes.go, the planner in build.go.

package plan

import (
	"sort"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Column describes one column of a relation or of a result, with the
// fields a RowDescription message carries.
type Column struct {
	Name     string
	TypeOID  uint32
	TypeLen  int16
	TypeMod  int32
	TableOID uint32 // 0 unless the column is a plain reference to a table column
	AttNum   int16  // 0 unless TableOID is set
}

// Relation is a set of rows the session can produce on demand: for now
// the views the backend computes itself (pg_settings and friends). Rows
// is called once per scan; each row has one Datum per column, in the
// column's type.
type Relation struct {
	Columns []Column
	Rows    func() ([][]types.Datum, error)
}

// Table is a table or system catalog as of planning: its relation cache
// entry reduced to what analysis and execution use. Tables are immutable
// and shared by every plan made from the same cache entry.
type Table struct {
	OID     uint32
	Schema  string
	Name    string
	Kind    byte // pg_class.relkind
	Shared  bool // a shared catalog (pg_database, pg_authid, ...)
	Locator storage.RelFileLocator
	RowType uint32 // pg_class.reltype
	// Columns are the user columns in attnum order, with TableOID and
	// AttNum set; dropped columns keep their place with an empty Name.
	Columns []Column
	NotNull []bool
	// Defaults are the stored default expressions (pg_attrdef.adbin) of
	// each column, "" for none; an identity column's is its nextval.
	Defaults []string
	// Checks are the table's CHECK constraints: name and stored SQL text.
	Checks []TableCheck
	// Generated marks each stored generated column ('s'); nil when the
	// table has none. Their expressions are their Defaults.
	Generated []byte
	// ViewQuery is a view's query as SQL text (Kind 'v'); a reference
	// to the view is analyzed as that query.
	ViewQuery string
	// CheckOption is a view's check_option ("local", "cascaded"), ""
	// without one; set only on a view opened to change its rows.
	CheckOption string
	// Identity is each column's attidentity ('a' GENERATED ALWAYS, 'd' BY
	// DEFAULT, 0 for none); nil when no column is an identity column.
	Identity []byte
	// Desc forms and deforms the table's tuples.
	Desc *tuple.Desc
	// Entry is the relation cache entry the Table was made from; a plan
	// is stale once the cache holds a different one.
	Entry *catalog.Relation
	// Heap is the heap relation (with its TOAST table) execution reads
	// and writes.
	Heap *heap.Relation
	// Convert lists the columns whose stored form differs from the SQL
	// layer's (catalog.StoredAsBytes): name and fixed-length types the
	// tuple package stores as bytes.
	Convert []int
	// Enums lists the columns of enum types: the table stores the
	// label's OID, which scans turn into the label's value.
	Enums []int
	// UserVarlena lists the columns of variable-length types only the
	// catalog knows (composite types, arrays of them): the tuple layer
	// gives their stored bytes, which scans read with the catalog's
	// description of the type.
	UserVarlena []int
	// Indexes are the table's B-tree indexes that queries may read
	// (indisvalid) and that take new rows, in OID order.
	Indexes []*TableIndex
	// PendingIndexes are the indexes that take new rows but that no
	// query may read yet (indisready without indisvalid: one CREATE
	// INDEX CONCURRENTLY is building or one that failed left), in OID
	// order. Writers maintain them, the planner never sees them.
	PendingIndexes []*TableIndex
	// HiddenArbiters are the valid indexes among PendingIndexes: built
	// after the REPEATABLE READ snapshot the statement reads under, they
	// lack the entries of rows deleted since that the snapshot still
	// sees (PostgreSQL's indcheckxmin), so plans do not read them; they
	// are still ON CONFLICT arbiters.
	HiddenArbiters []*TableIndex
	// Pages and Tuples are the planner's estimates of the table's size
	// (relpages and reltuples, or the file's length when never counted).
	Pages, Tuples float64
	// AllVisibleFrac is the fraction of the table's pages the visibility
	// map shows all-visible (relallvisible over the pages now), which an
	// index-only scan need not read (estimate_rel_size's allvisfrac).
	AllVisibleFrac float64
	// Stats are the statistics of the columns that lead an index, by
	// column position (nil when never analyzed).
	Stats map[int]*catalog.ColumnStats
}

// TableIndex is an index of a table as execution maintains it.
type TableIndex struct {
	OID  uint32
	Name string
	// Columns are the positions in the table's row (0-based) of the
	// index's columns, key columns first; -1 for a column that is an
	// expression.
	Columns []int
	// Exprs are, by index column, the expressions of expression columns
	// over the table's row (Var i is the table's column i), nil for
	// plain columns; Exprs is nil when the index has none.
	Exprs []expr.Expr
	// Pred is a partial index's predicate over the table's row: only
	// rows for which it is true have entries. nil for a full index.
	Pred expr.Expr
	// Unique is set for a unique index checked as each row is stored
	// (indimmediate); Primary for a primary key's. Deferrable is set for
	// a unique index checked when its constraint's statement or
	// transaction ends instead (a DEFERRABLE constraint's).
	Unique, Primary, Deferrable bool
	// Index is the access method's description of the index.
	Index *nbtree.Index
	// ExprStats are the statistics ANALYZE keeps of the index's
	// expression columns, by index column (nil: none).
	ExprStats map[int]*catalog.ColumnStats
	// Pages is the index's size in pages, and TreeHeight the level of
	// its root (0: the root is a leaf), for the planner.
	Pages      float64
	TreeHeight int
}

// KeyColumns are the positions in the table's row of the plain columns
// among the index's key columns.
func (ti *TableIndex) KeyColumns() []int {
	var out []int
	for _, c := range ti.Columns[:len(ti.Index.Keys)] {
		if c >= 0 {
			out = append(out, c)
		}
	}
	return out
}

// Plain reports whether every column of the index is a table column and
// the index covers every row (no expressions, no predicate).
func (ti *TableIndex) Plain() bool { return ti.Exprs == nil && ti.Pred == nil }

// TableCheck is a CHECK constraint of a table as stored.
type TableCheck struct {
	Name, Expr string
}

// GeneratedColumn is a generated column analyzed for a statement: Expr
// reads the new row (Var i is column i+1) and gives column Index's value.
type GeneratedColumn struct {
	Index int
	Expr  expr.Expr
}

// CheckConstraint is a CHECK constraint analyzed for a statement: Expr
// reads a new row of the table (Var i is column i+1).
type CheckConstraint struct {
	Name string
	Expr expr.Expr
}

// ViewCheck is a view's WITH CHECK OPTION condition analyzed for a
// statement (WCO_VIEW_CHECK): Expr reads a new row of the base table
// (Var i is column i+1); the row fails unless it is true (NULL fails).
type ViewCheck struct {
	View string
	Expr expr.Expr
}

// System columns, in the order their values follow a table's user
// columns in a scan row (attnum -1 to -6).
const (
	SysCtid = iota
	SysXmin
	SysCmin
	SysXmax
	SysCmax
	SysTableOID
	NumSysColumns
)

// SystemColumns are the system attributes every table has, by name, with
// their types (heap.c's SysAtt).
var SystemColumns = [NumSysColumns]struct {
	Name   string
	Type   uint32
	AttNum int16
}{
	{"ctid", types.OidTid, -1},
	{"xmin", types.OidXid, -2},
	{"cmin", types.OidCid, -3},
	{"xmax", types.OidXid, -4},
	{"cmax", types.OidCid, -5},
	{"tableoid", types.OidOid, -6},
}

// RTEKind is what a range table entry reads.
type RTEKind int8

// Range table entry kinds.
const (
	RTEVirtual  RTEKind = iota // a relation the session computes
	RTETable                   // a table or catalog in storage
	RTESubquery                // a subquery in FROM, a view or a WITH query
	RTEFunction                // a set-returning function in FROM
	RTEValues                  // VALUES (...), (...)
	RTEJoin                    // the columns of a JOIN
	RTEResult                  // an INSERT's target row
	// RTEWorkTable is a recursive WITH query's reference to itself in
	// its recursive term: the rows the previous iteration produced.
	RTEWorkTable
)

// FuncCall is the function an RTEFunction calls.
type FuncCall struct {
	Func       *expr.Func
	Args       []expr.Expr
	Ordinality bool
	// Record is the column definition list of a function returning
	// record (Func.RecordFunc).
	Record []expr.RecordColumn
	// Expand splits the composite value the function returns into its
	// fields, one column each (a function returning a row type).
	Expand bool
}

// RTE is a range table entry: one item a query reads rows from.
type RTE struct {
	Kind    RTEKind
	Alias   string   // the name the query refers to it by, "" if it has none
	Columns []Column // its columns as the query sees them
	// Offset is where the entry's values start in the rows of its query
	// level, Width how many values it occupies there (a table also holds
	// its system columns after the user columns; a join holds none).
	Offset, Width int
	Loc           int32

	Schema, Name string // RTEVirtual and RTETable: the relation's name
	Table        *Table // RTETable
	SysUsed      bool   // RTETable: a system column is referenced
	// SysOffset is where a table's system columns are in the level row
	// (ctid, xmin, cmin, xmax, cmax, tableoid), when SysUsed.
	SysOffset int
	// InLockingLevel marks a table of a query level with FOR UPDATE /
	// FOR SHARE (RTETable): its scan keeps the conditions an index
	// predicate implies, as PostgreSQL keeps them for EvalPlanQual.
	InLockingLevel bool
	// Sample is the table's TABLESAMPLE clause (RTETable), nil without.
	Sample   *TableSample
	Subquery *Query // RTESubquery
	// CTE is the WITH query an RTESubquery reads, nil for other
	// subqueries. When it is materialized the entry reads its shared
	// result instead of running Subquery.
	CTE    *CTE
	Func   *FuncCall     // RTEFunction
	Values [][]expr.Expr // RTEValues
	// JoinVars are the expressions behind a join's columns (RTEJoin):
	// Vars of its inputs, or COALESCE of both for merged FULL JOIN
	// columns.
	JoinVars []expr.Expr
	// Lateral marks a subquery or function that refers to earlier FROM
	// items.
	Lateral bool
	// StarHidden is the number of last columns that * does not expand
	// (a recursive query's SEARCH and CYCLE columns in its work table).
	StarHidden int
	// PulledUp are the entries, in the same range table, of the
	// subqueries this entry was pulled up out of (pullup.go), and of the
	// subqueries without FROM pulled up into its level: what stays of
	// them, read by nothing, as PostgreSQL's range table keeps them.
	// EXPLAIN counts and names them as it does.
	PulledUp []*RTE
}

// JoinType is the kind of a join.
type JoinType int8

// Join types.
const (
	JoinInner JoinType = iota
	JoinLeft
	JoinRight
	JoinFull
	JoinCross
	// JoinSemi returns each outer row that some inner row matches, once;
	// JoinAnti each outer row that no inner row matches. Only the
	// planner makes them, of EXISTS, NOT EXISTS and IN tests in WHERE
	// (semijoin.go); the joined row carries the outer side's values
	// only.
	JoinSemi
	JoinAnti
)

// FromItem is a node of a query's join tree: a range table entry or a
// join of two items.
type FromItem interface{ fromItem() }

// RangeItem reads range table entry RTE.
type RangeItem struct{ RTE int }

// JoinItem joins Left and Right. Quals are over the query level's row.
type JoinItem struct {
	Type        JoinType
	Left, Right FromItem
	Quals       expr.Expr // nil for CROSS JOIN
	RTE         int       // the join's RTEJoin entry; -1 for the joins the planner makes (semijoin.go)
	// Using are the merged columns of JOIN ... USING or NATURAL JOIN
	// (Quals then compares them), for printing the join back.
	Using []string
}

func (*RangeItem) fromItem() {}
func (*JoinItem) fromItem()  {}

// Target is one entry of a query's target list. Junk entries are computed
// only to sort by and are not returned.
type Target struct {
	Expr expr.Expr
	Name string
	Junk bool
}

// PlannerOptions are the enable_* settings the planner honours, each
// true when the setting is off: the plan avoids that kind of node when
// it has another (PostgreSQL adds disable_cost to its cost instead).
type PlannerOptions struct {
	NoSeqScan, NoIndexScan, NoBitmapScan, NoHashJoin, NoNestLoop, NoMemoize bool
	// NoHashAgg and NoSort are enable_hashagg and enable_sort off: a
	// grouping hashes its groups, or sorts its rows, only when there
	// is no other way.
	NoHashAgg, NoSort bool
	// NoIncrementalSort is enable_incremental_sort off.
	NoIncrementalSort bool
	// NoIndexOnlyScan is enable_indexonlyscan off: index scans read
	// their rows from the heap even when the index holds every column
	// (indexonly.go).
	NoIndexOnlyScan bool
	// NoMergeJoin is enable_mergejoin off; NoMaterial enable_material
	// off (no Materialize the plan can do without).
	NoMergeJoin, NoMaterial bool
	// WorkMem is work_mem in bytes (0: its default), which bounds a
	// bitmap scan's bitmap; HashMem is work_mem × hash_mem_multiplier
	// (0: twice WorkMem), which bounds a Memoize's cache.
	WorkMem, HashMem int64
	// Joins gives the settings and table statistics the join order
	// search uses (joinsearch.go); it is asked only when a query joins
	// several relations, so a one-table statement pays nothing for it.
	// nil: the defaults, and the sizes the Tables carry.
	Joins func() JoinOptions
	// joins is what Joins gave, asked once per statement.
	joins *JoinOptions
	// Interrupted reports whether the statement was canceled (nil:
	// never): a join order search that sees it gives up and joins in
	// the written order, and the execution then reports the cancel.
	Interrupted func() bool
}

// JoinOptions are the settings of the join order search and the source
// of the sizes and statistics of the tables it orders.
type JoinOptions struct {
	// FromCollapseLimit and JoinCollapseLimit are from_collapse_limit
	// and join_collapse_limit; GeqoThreshold is geqo_threshold, and
	// Geqo the geqo setting (off: an exhaustive search at any size).
	FromCollapseLimit, JoinCollapseLimit, GeqoThreshold int
	Geqo                                                bool
	// Info is a table's size and column statistics (nil: the Table's
	// own fields).
	Info func(*Table) TableInfo
}

// SortKey orders by one target list entry.
type SortKey struct {
	Target     int
	Desc       bool
	NullsFirst bool
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind int8

// Set operations.
const (
	Union SetOpKind = iota
	Intersect
	Except
)

// SetOp combines the results of two queries; its result columns have
// Types (the common types of both sides, which are coerced to them).
type SetOp struct {
	Op          SetOpKind
	All         bool
	Left, Right *Query
	Types       []uint32
	Mods        []int32
	// Recursive is set on the UNION of a recursive WITH query: Left is
	// its non-recursive term, Right its recursive term, which reads the
	// work table of this CTE.
	Recursive *CTE
}

// CommandType is the statement a Query is.
type CommandType int8

// Statements.
const (
	CmdSelect CommandType = iota
	CmdInsert
	CmdUpdate
	CmdDelete
	CmdMerge
)

// OnConflict is INSERT ... ON CONFLICT: a row that has a live equal key
// in one of the Arbiters (the unique indexes ON CONFLICT names, or with
// DO NOTHING all of the table's) is skipped (DO NOTHING) or the row
// holding the key is updated (DO UPDATE). Without arbiters no row can
// conflict.
type OnConflict struct {
	DoNothing bool
	Arbiters  []*TableIndex
	// Untargeted is set when the clause names no conflict target: the
	// arbiters are then every unique index (PostgreSQL's empty arbiter
	// list, which EXPLAIN does not show).
	Untargeted bool
	// Update is DO UPDATE's SET and WHERE, nil for DO NOTHING.
	Update *OnConflictUpdate
}

// OnConflictUpdate is the action of ON CONFLICT DO UPDATE. Its
// expressions read a level row holding the existing row as the target
// entry's values (and its ctid among the target's system columns) and
// the proposed row at ExcludedOffset (the "excluded" entry).
type OnConflictUpdate struct {
	// NewValues are the updated row's user column values (a Var of the
	// existing value for columns SET does not name).
	NewValues []expr.Expr
	// Where is the condition the existing row must meet to be updated,
	// nil without one.
	Where          expr.Expr
	ExcludedOffset int
}

// Query is an analyzed statement: names resolved, types known, every
// expression typed. Expressions refer to the query level's row: the
// values of every range table entry side by side (RTE.Offset), and, after
// grouping, to the Agg row (group keys then aggregates).
type Query struct {
	// Planner are the enable_* settings that steer the plan; nil is all
	// on. Subqueries take their enclosing query's (inherit).
	Planner *PlannerOptions
	Command CommandType
	RTEs    []*RTE
	From    []FromItem // comma-separated FROM items: a cross product
	Width   int        // values in a row of this level
	Where   expr.Expr  // nil when there is no WHERE clause

	// Grouping: when Grouped, GroupBy and Aggs are over the level's row
	// and Targets, Having and Sort over the Agg row.
	Grouped bool
	GroupBy []expr.Expr
	// GroupingSets, when not nil, are the grouping sets of GROUPING
	// SETS, ROLLUP and CUBE (expanded, each a list of GroupBy indices);
	// nil groups on all of GroupBy.
	GroupingSets [][]int
	Aggs         []*expr.Aggref
	// Groupings are the GROUPING(...) calls, each as the GroupBy indices
	// of its arguments; the Agg row has their values after the
	// aggregates.
	Groupings [][]int
	Having    expr.Expr

	// Windows are the window clauses (WINDOW and OVER) that WindowFunc
	// nodes of Targets refer to by index; their expressions read the
	// same row as Targets (the Agg row when Grouped).
	Windows []*WindowClause

	Targets  []Target
	Distinct bool
	// DistinctOn are the keys of SELECT DISTINCT ON: the first row of
	// each group of equal keys, in the sort order, is kept.
	DistinctOn []SortKey
	Sort       []SortKey
	Limit      expr.Expr // int8, nil for no LIMIT
	Offset     expr.Expr // int8, nil for no OFFSET
	// LimitWithTies is FETCH FIRST ... WITH TIES: the rows after the
	// Limit-th that equal it on the Sort keys are returned too.
	LimitWithTies bool

	// SetOp is set when the query is a UNION, INTERSECT or EXCEPT; its
	// Targets are then Vars over the set operation's rows.
	SetOp *SetOp

	// DML (CmdInsert, CmdUpdate, CmdDelete).
	Result *RTE // the target table's entry (also in RTEs for UPDATE and DELETE)
	// ResultIndex is the position of Result in RTEs for UPDATE and
	// DELETE.
	ResultIndex int
	// InsertSource is the query whose rows an INSERT inserts, nil for
	// DEFAULT VALUES. InsertCols maps the source's columns to target
	// attnums (1-based).
	InsertSource *Query
	// InsertSourceWritten are, for INSERT ... SELECT, the source's
	// output expressions before their coercion to the columns' types,
	// as PostgreSQL keeps the SELECT (for printing the statement back).
	InsertSourceWritten []expr.Expr
	// InsertExprs are, for each user column of the target, the value to
	// insert as an expression over the source row (a Var, a default, or
	// NULL); for UPDATE, the new value of each column over the level row
	// (a Var of the old value when the column is not SET).
	NewValues  []expr.Expr
	Returning  []Target // over the new (INSERT, UPDATE) or old (DELETE) row of the table
	OnConflict *OnConflict
	// Checks are the target table's CHECK constraints (INSERT, UPDATE).
	Checks []CheckConstraint
	// Generated are the target table's generated columns, computed from
	// each new row before the checks.
	Generated []GeneratedColumn
	// ViewChecks are the WITH CHECK OPTION conditions of the views an
	// INSERT or UPDATE changes the table through, innermost view first.
	ViewChecks []ViewCheck
	// MergeActions are MERGE's WHEN clauses, in the order written.
	MergeActions []MergeAction
	Locks        []LockRef // relations to lock before execution, in order
	// RowMarks are the entries a FOR UPDATE / FOR SHARE clause applies
	// to, at most one per entry (lockrows.go).
	RowMarks []RowMark
	// CTEs are the WITH queries this level defines; the materialized ones
	// that are referenced are evaluated once per run of this level.
	CTEs []*CTE
	// ReadsNow is set on the statement's top level when a constant was
	// read from the transaction start ('now', 'today', ...).
	ReadsNow bool
	// ReadsNames is set when a reg* constant was read by looking a name
	// up in the catalogs.
	ReadsNames bool
	// Tables are the tables the statement reads or changes, as analysis
	// saw them (to tell whether a cached plan is still valid).
	Tables []*Table
	// UserFuncs is set when the statement calls functions, operators or
	// casts users created: a cached plan is analyzed again when pg_proc's
	// users' rows change (PostgreSQL's PlanInvalItems).
	UserFuncs bool
	// UserTypes is set when the statement names types users created (an
	// enum type, its labels as constants): a cached plan is analyzed
	// again when pg_type or pg_enum rows change.
	UserTypes bool
}

// VisibleTargets are the output columns of q, its junk columns left out.
func (q *Query) VisibleTargets() []*Target {
	var out []*Target
	for i := range q.Targets {
		if !q.Targets[i].Junk {
			out = append(out, &q.Targets[i])
		}
	}
	return out
}

// LockRef is a relation lock a statement takes before it runs.
type LockRef struct {
	OID  uint32
	Mode int32 // lmgr.LockMode
}

// CTEMode is a WITH query's [NOT] MATERIALIZED option.
type CTEMode int8

// WITH query options.
const (
	CTEDefault CTEMode = iota
	CTEMaterialized
	CTENotMaterialized
)

// CTE is a WITH query (CommonTableExpr). Each reference is analyzed on
// its own (RTE.Subquery); Query is the first reference's analysis, run
// once for all references when the WITH query is materialized.
type CTE struct {
	Name string
	// Aliases are the column names written after the name (they rename
	// Query's columns); SearchCycle says SEARCH or CYCLE was written.
	// Both are for printing the query back.
	Aliases     []string
	SearchCycle bool
	// Search and Cycle are the SEARCH and CYCLE clauses, and Written
	// the recursive query before the clauses' columns were added to it
	// (for printing the query back).
	Search  *CTESearch
	Cycle   *CTECycle
	Written *Query
	// InRecursiveClause says the WITH that defined it was written WITH
	// RECURSIVE (whether or not this query refers to itself), for
	// printing the query back.
	InRecursiveClause bool
	// QueryNames are the names Query's first columns had before Aliases
	// renamed them (for printing the query back).
	QueryNames []string
	Mode       CTEMode
	Refs       int // references analyzed
	Query      *Query
	// Recursive is set for a WITH RECURSIVE query that refers to itself:
	// it is always materialized, and Query is its analysis at the level
	// that defines it.
	Recursive bool
	// Modifying is set for an INSERT, UPDATE or DELETE in WITH (Query is
	// that statement): it runs exactly once, to completion, whether or
	// not the statement reads its RETURNING rows.
	Modifying bool
	// plan is the plan of a materialized, non-recursive Query, made
	// before the plan of the query reading it (planCTEs).
	plan Node
	// decided and materialized remember the decision, made once while
	// planning (planning a query replaces its SubLinks' subqueries).
	decided, materialized bool
	// streamDecided and streamable remember Streamable's answer.
	streamDecided, streamable bool
}

// CTESearch is a SEARCH clause: BREADTH or DEPTH FIRST BY Columns SET
// SeqColumn.
type CTESearch struct {
	BreadthFirst bool
	Columns      []string
	SeqColumn    string
}

// CTECycle is a CYCLE clause: CYCLE Columns SET MarkColumn TO MarkValue
// DEFAULT MarkDefault USING PathColumn, the values coerced to the
// mark's type.
type CTECycle struct {
	Columns                []string
	MarkColumn, PathColumn string
	MarkValue, MarkDefault expr.Expr
}

// Streamable reports whether a materialized WITH query may be run again
// for a reader rather than keep its rows: it has one reference, changes
// nothing and calls no volatile function, so every run gives the same
// rows.
func (c *CTE) Streamable() bool {
	if !c.streamDecided {
		c.streamDecided = true
		c.streamable = c.Refs == 1 && !c.Modifying && c.Query != nil && len(c.Query.RowMarks) == 0 && !QueryHasVolatile(c.Query)
	}
	return c.streamable
}

// Materialized reports whether the WITH query is evaluated once and its
// rows shared by its references, by PostgreSQL 15's rule (SS_process_ctes):
// a query referenced once, or marked NOT MATERIALIZED, is inlined into its
// references unless it calls a volatile function; otherwise it is
// materialized.
func (c *CTE) Materialized() bool {
	if !c.decided {
		c.decided = true
		switch {
		case c.Mode == CTEMaterialized || c.Recursive || c.Modifying || c.Query != nil && len(c.Query.RowMarks) > 0:
			// A query with FOR UPDATE runs once, even NOT MATERIALIZED.
			c.materialized = true
		case c.Mode == CTENotMaterialized || c.Refs <= 1:
			c.materialized = QueryHasVolatile(c.Query)
		default:
			c.materialized = true
		}
	}
	return c.materialized
}

// QueryHasVolatile reports whether q, its subqueries in FROM or in
// expressions included, calls a volatile function
// (contain_volatile_functions).
func QueryHasVolatile(q *Query) bool {
	found := false
	var visit func(q *Query)
	check := func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			switch f := x.(type) {
			case *expr.FuncExpr:
				found = found || f.Func != nil && f.Func.Volatility == expr.Volatile
			case *expr.Aggref:
				found = found || f.Func != nil && f.Func.Volatility == expr.Volatile
			case *expr.SubLink:
				if sub := subLinkQuery(f); sub != nil {
					visit(sub)
				}
			}
			return !found
		})
	}
	visit = func(q *Query) {
		if q == nil || found {
			return
		}
		walkQuery(q, check)
		for _, r := range q.RTEs {
			switch r.Kind {
			case RTESubquery:
				if !r.Lateral { // walkQuery visits lateral ones
					visit(r.Subquery)
				}
			case RTEFunction:
				found = found || r.Func.Func != nil && r.Func.Func.Volatility == expr.Volatile
			}
		}
		if q.SetOp != nil {
			visit(q.SetOp.Left)
			visit(q.SetOp.Right)
		}
		visit(q.InsertSource)
	}
	visit(q)
	return found
}

// ArbiterIndexes are the indexes ON CONFLICT may infer as arbiters: the
// valid ones, Indexes and HiddenArbiters, in OID order.
func (t *Table) ArbiterIndexes() []*TableIndex {
	if len(t.HiddenArbiters) == 0 {
		return t.Indexes
	}
	all := append(append([]*TableIndex(nil), t.Indexes...), t.HiddenArbiters...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].OID < all[j].OID })
	return all
}
