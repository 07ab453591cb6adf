// This file is the entry point of analysis and handles the clauses of a
// SELECT: the target list, WHERE, GROUP BY, HAVING, DISTINCT, ORDER BY,
// LIMIT, OFFSET, set operations and VALUES (PostgreSQL's analyze.c,
// parse_clause.c and parse_target.c). FROM is in from.go, aggregates in
// agg.go, INSERT/UPDATE/DELETE in dml.go.

package analyze

import (
	"errors"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Catalog is what analysis needs to know about relations. An empty
// schema means the name was not qualified; the catalog applies its search
// path.
type Catalog interface {
	// VirtualRelation returns a relation the session computes.
	VirtualRelation(schema, name string) (plan.Relation, bool)
	// Table returns the table or catalog called name, nil if there is
	// none, after locking it in lockMode (lmgr's numbering: 1
	// AccessShareLock for queries, 3 RowExclusiveLock for the target of
	// INSERT, UPDATE and DELETE).
	Table(schema, name string, lockMode int) (*plan.Table, error)
	// Syscache looks up functions, operators, casts, aggregates and
	// types: the built-in ones and those of the session's database (the
	// zero Syscache, without storage, sees only the built-in ones).
	Syscache() catalog.Syscache
}

// Warner is implemented by a Catalog that reports the WARNINGs analysis
// raises (a time precision reduced to 6), as PostgreSQL's parser sends
// them while it analyzes.
type Warner interface {
	Warn(w *pgerr.Error)
}

// Lock modes (lmgr's numbering).
const (
	lockAccessShare  = 1
	lockRowExclusive = 3
)

// shared is the state of one statement's analysis that all query levels
// share.
type shared struct {
	// depth counts transformExpr's recursion: a tree deeper than the
	// parser lets through (a stored expression) gets check_stack_depth's
	// error rather than an unbounded recursion.
	depth  int
	fixed  bool // parameters are exactly those declared (simple protocol)
	query  string
	cat    Catalog
	format *types.FormatOptions
	params []uint32      // parameter types; unknown until a use decides
	tables []*plan.Table // every table the statement reads, in order
	// readsNow is set when a literal's input read the transaction start
	// ('now', 'today', ...): the plan holds that transaction's value.
	readsNow bool
	// readsNames: a reg* input looked a name up (plan.Query.ReadsNames).
	readsNames bool
	// fn is the SQL function whose body is analyzed, nil in a statement.
	fn *sqlFunction
	// procCall is CALL's procedure call: the one call resolved among
	// procedures with all their arguments, OUT ones included.
	procCall *pg_query.FuncCall
	// names, when not nil, receives how the statement's "*" targets
	// expanded and what its names resolved to (AnalyzeViewQuery).
	names *ViewNames
	// explicitColl notes the expressions a COLLATE clause applied to and
	// the collation it named (collation.go).
	explicitColl map[expr.Expr]explicitCollation
	// explicitLiteralColl notes the same of string literals, by position.
	explicitLiteralColl map[int32]explicitCollation
	// userFuncs is set once the statement calls a function users created.
	userFuncs bool
	// userTypes is set once the statement uses a type users created.
	userTypes bool
	// lookupErr is the first error reading the catalogs in a lookup
	// that has no error result (a type's category); analysis fails
	// with it.
	lookupErr error
	// root is the statement's top level, the only one whose WITH may
	// hold data-modifying statements.
	root *state
	// modifyLocks are the locks of the targets of data-modifying WITH
	// queries, taken with the statement's.
	modifyLocks []plan.LockRef
}

// syscache is the statement's view of the function, operator, cast,
// aggregate and type catalogs.
func (s *shared) syscache() catalog.Syscache {
	if s.cat == nil {
		return catalog.Syscache{}
	}
	return s.cat.Syscache()
}

// checked returns e and err, or the first catalog lookup error.
func (s *shared) checked(e expr.Expr, err error) (expr.Expr, error) {
	if err == nil && s.lookupErr != nil {
		return nil, s.lookupErr
	}
	return e, err
}

// noteFunc records that the statement calls f.
func (s *shared) noteFunc(f *expr.Func) {
	if f != nil && f.OID >= catalog.FirstNormalOID {
		s.userFuncs = true
	}
}

// noteErr remembers the first catalog lookup error.
func (s *shared) noteErr(err error) {
	if err != nil && s.lookupErr == nil {
		s.lookupErr = err
	}
}

// exprKind says which clause an expression is in, for the errors about
// what may appear where (PostgreSQL's ParseExprKind).
type exprKind int8

const (
	exprOther exprKind = iota
	exprSelectTarget
	exprWhere
	exprJoinOn
	exprGroupBy
	exprHaving
	exprOrderBy
	exprLimit
	exprOffset
	exprValues
	exprFromFunction
	exprInsertValues
	exprUpdateSource
	exprReturning
	exprDefault
	exprFilter
	exprWindowPartition
	exprWindowOrder
	exprWindowRange
	exprWindowRows
	exprWindowGroups
	// exprMergeWhen is the AND condition of a WHEN clause of MERGE.
	exprMergeWhen
	// exprMergeInsert are the values of MERGE's INSERT action.
	exprMergeInsert
	// exprCallArgument are the arguments of CALL's procedure.
	exprCallArgument
	// exprCheck is a table's or a domain's CHECK constraint,
	// exprGenerated a generated column's expression.
	exprCheck
	exprGenerated
	// exprIndexExpression is an index column's expression,
	// exprIndexPredicate a partial index's WHERE condition.
	exprIndexExpression
	exprIndexPredicate
	// exprCopyWhere is COPY FROM's WHERE condition.
	exprCopyWhere
)

// aggContext names the clause in "aggregate functions are not allowed in
// %s".
func (k exprKind) aggContext() string {
	switch k {
	case exprWhere:
		return "WHERE"
	case exprJoinOn:
		return "JOIN conditions"
	case exprGroupBy:
		return "GROUP BY"
	case exprLimit:
		return "LIMIT"
	case exprOffset:
		return "OFFSET"
	case exprValues, exprInsertValues, exprMergeInsert:
		return "VALUES"
	case exprMergeWhen:
		return "MERGE WHEN conditions"
	case exprFromFunction:
		return "functions in FROM"
	case exprUpdateSource:
		return "UPDATE"
	case exprReturning:
		return "RETURNING"
	case exprDefault:
		return "DEFAULT expressions"
	case exprFilter:
		return "FILTER"
	case exprWindowRange:
		return "window RANGE"
	case exprWindowRows:
		return "window ROWS"
	case exprWindowGroups:
		return "window GROUPS"
	case exprCallArgument:
		return "CALL arguments"
	case exprIndexExpression:
		return "index expressions"
	case exprIndexPredicate:
		return "index predicates"
	case exprCopyWhere:
		return "COPY FROM WHERE conditions"
	}
	return ""
}

// state is the analysis of one query level.
type state struct {
	*shared
	parent *state
	// deferFullJoins is set while a SELECT's FROM list is analyzed: a
	// FULL JOIN without merge- or hash-joinable conditions is refused
	// only if its WHERE does not reduce it (fullJoinPending marks one).
	deferFullJoins, fullJoinPending bool
	q                               *plan.Query
	ns                              []nsItem
	ctes                            []*cte
	kind                            exprKind
	// inAgg is set while an aggregate's arguments are analyzed.
	inAgg bool
	// srfCalls counts the level's calls of set-returning functions in
	// expressions and lastSRF is where the last one is (PostgreSQL's
	// p_last_srf): CASE and COALESCE refuse one among their arguments.
	srfCalls int
	lastSRF  int32
	// win holds the level's window definitions (window.go).
	win *windowState
	// hasGrouping is set when the level calls GROUPING(...).
	hasGrouping bool
	// correlated is set when the level refers to a column of an
	// enclosing level.
	correlated bool
	// nullable holds the range table entries an outer join below the
	// expression being analyzed may null-extend.
	nullable map[int]bool
	// lateralOf is the level whose FROM list a LATERAL subquery belongs
	// to (its parent); lateralUsed is set once the subquery reads a FROM
	// item of that level.
	lateralOf   *state
	lateralUsed bool
	// container is the level whose FROM list a (non-LATERAL) subquery in
	// FROM belongs to; it is not its parent, since the subquery cannot
	// read that list.
	container *state
	// lateralBad holds the entries a LATERAL item on the right of a
	// RIGHT or FULL join would read: PostgreSQL refuses that.
	lateralBad map[int]bool
	// keepUnknown leaves unknown-type outputs unresolved (the SELECT of
	// an INSERT, whose outputs take the target columns' types).
	keepUnknown bool
	// recursive is the WITH RECURSIVE item whose UNION this level is.
	recursive *cte
	// future are the items of a plain WITH clause that this level (one
	// of them) cannot refer to yet, for the hint of the error when it
	// does.
	future []*cte
	// view is the view an INSERT, UPDATE or DELETE of this level
	// changes, resolved to its base table (viewtarget.go); nil when the
	// target is a table.
	view *viewTarget
	// viewErr is why the view an INSERT, UPDATE or DELETE of this level
	// names cannot be changed; the statement is analyzed against the
	// view's columns first and then fails with it.
	viewErr error
}

// Analyze turns a statement's parse tree into a typed Query. paramTypes
// gives the types the client declared for $1, $2, ... (0 or unknown where
// it left them to the server); the returned slice has the type of every
// parameter the statement uses, inferred from context as PostgreSQL
// does. query is the text the parse tree's locations refer to; format
// gives the session settings that literal input depends on.
func Analyze(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions) (*plan.Query, []uint32, error) {
	return analyze(cat, query, node, paramTypes, format, false, nil)
}

// AnalyzeFixed is Analyze for the simple query protocol: the statement
// may only use the parameters paramTypes declares (usually none), and an
// unknown $n is an error instead of being inferred.
func AnalyzeFixed(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions) (*plan.Query, []uint32, error) {
	return analyze(cat, query, node, paramTypes, format, true, nil)
}

// AnalyzeInRoutine is AnalyzeFixed for a statement of the body of the
// LANGUAGE sql routine name (pg_proc oid, 0 if unknown): its input arguments are the parameters
// paramTypes, by number or by their names argNames ("" for none).
func AnalyzeInRoutine(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, oid uint32, name string, argNames []string, format *types.FormatOptions) (*plan.Query, []uint32, error) {
	return analyze(cat, query, node, paramTypes, format, true, &sqlFunction{name: name, oid: oid, argNames: argNames})
}

// AnalyzeRoutineDefinition is AnalyzeInRoutine for a statement of a
// SQL-standard body that is defined or printed, not run: an ON CONFLICT
// target that no unique index matches yet is accepted, as PostgreSQL's
// parser accepts it (its planner refuses it, when the routine runs), so
// that a dump restoring the routine before the table's constraints
// restores.
func AnalyzeRoutineDefinition(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, oid uint32, name string, argNames []string, format *types.FormatOptions) (*plan.Query, error) {
	q, _, err := analyze(cat, query, node, paramTypes, format, true, &sqlFunction{name: name, oid: oid, argNames: argNames, defining: true})
	return q, err
}

// AnalyzeRoutineNames is AnalyzeInRoutine for a statement of a
// SQL-standard body kept in prosqlbody: it also reports what the
// statement's names resolved to, as AnalyzeViewQuery does.
func AnalyzeRoutineNames(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, oid uint32, name string, argNames []string, format *types.FormatOptions) (*ViewNames, error) {
	names := newViewNames()
	_, _, err := analyzeWith(cat, query, node, paramTypes, format, true, &sqlFunction{name: name, oid: oid, argNames: argNames, defining: true}, names)
	return names, err
}

func analyze(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions, fixed bool, fn *sqlFunction) (*plan.Query, []uint32, error) {
	return analyzeWith(cat, query, node, paramTypes, format, fixed, fn, nil)
}

// analyzeWith is analyze recording the expansions of the statement's "*"
// targets and the resolution of its names in names when it is not nil.
func analyzeWith(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions, fixed bool, fn *sqlFunction, names *ViewNames) (*plan.Query, []uint32, error) {
	sh := &shared{query: query, cat: cat, format: format, fixed: fixed, fn: fn, names: names}
	if format != nil {
		f := *format
		f.NowRead = &sh.readsNow
		f.NamesRead = &sh.readsNames
		sh.format = &f
	}
	for _, t := range paramTypes {
		if t == types.OidUnknown {
			t = 0
		}
		sh.params = append(sh.params, t)
	}
	s := &state{shared: sh}
	sh.root = s
	var q *plan.Query
	var err error
	switch n := node.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		q, err = s.transformSelect(n.SelectStmt)
	case *pg_query.Node_InsertStmt:
		q, err = s.transformInsert(n.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		q, err = s.transformUpdate(n.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		q, err = s.transformDelete(n.DeleteStmt)
	case *pg_query.Node_MergeStmt:
		q, err = s.transformMerge(n.MergeStmt)
	default:
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "only SELECT, INSERT, UPDATE and DELETE statements are analyzed")
	}
	if err == nil {
		err = sh.lookupErr
	}
	if err != nil {
		return nil, nil, err
	}
	// Lock what the statement reads, in the order it names it; a DML
	// target was locked in RowExclusiveLock already.
	q.Tables = sh.tables
	q.ReadsNow = sh.readsNow
	q.ReadsNames = sh.readsNames
	for _, l := range sh.modifyLocks {
		seen := false
		for _, m := range q.Locks {
			seen = seen || m.OID == l.OID && m.Mode == l.Mode
		}
		if !seen {
			q.Locks = append(q.Locks, l)
		}
	}
	q.UserFuncs = sh.userFuncs
	q.UserTypes = sh.userTypes
	for _, t := range sh.tables {
		seen := false
		for _, l := range q.Locks {
			seen = seen || l.OID == t.OID
		}
		if !seen {
			q.Locks = append(q.Locks, plan.LockRef{OID: t.OID, Mode: lockAccessShare})
		}
	}
	for i, t := range sh.params {
		if t == 0 {
			return nil, nil, pgerr.Newf(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
		// Enum types' input needs only the labels (parameters of a
		// domain would need its constraints checked where the value is
		// read, which is not done yet).
		if types.ByOID(t) == nil && !sh.isEnumType(t) && !sh.isEnumType(sh.elemOf(t)) && !sh.plainRowType(t) && !sh.plainRowType(sh.elemOf(t)) {
			return nil, nil, pgerr.Newf(pgerr.FeatureNotSupported, "parameter $%d has type OID %d, which is not supported yet", i+1, t)
		}
	}
	return q, sh.params, nil
}

// child starts the analysis of a subquery of this level.
func (s *state) child() *state {
	return &state{shared: s.shared, parent: s, ctes: s.ctes}
}

// errorAt gives err the cursor position of byte offset loc, unless it
// already has one.
func (s *state) errorAt(err error, loc int32) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Position != 0 || loc < 0 {
		return err
	}
	cp := *pe
	cp.Position = parser.Position(s.query, loc)
	return &cp
}

// warn reports a WARNING at loc through the catalog, if it takes them.
// In the body of a SQL function (not a SQL-standard body being defined,
// which is part of the statement) the position is in text the client
// did not send: it becomes the internal position in the body.
func (s *state) warn(w *pgerr.Error, loc int32) {
	wr, ok := s.cat.(Warner)
	if !ok || s.fn != nil && s.fn.quiet {
		return
	}
	pe, ok := s.errorAt(w, loc).(*pgerr.Error)
	if !ok {
		return
	}
	if s.fn != nil && !s.fn.defining && pe.Position != 0 {
		// In a SQL function's body the position is in the body, shown as
		// the QUERY it is in (sql_inline_error_callback); CREATE FUNCTION
		// moves it into its own statement (bodyWarning).
		cp := *pe
		cp.InternalPosition, cp.InternalQuery, cp.Position = cp.Position, s.shared.query, 0
		pe = &cp
	}
	wr.Warn(pe)
}

func notSupported(what string) *pgerr.Error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", what)
}

// transformSelect analyzes a SELECT, VALUES or set operation at a new
// query level (s must be fresh).
func (s *state) transformSelect(sel *pg_query.SelectStmt) (*plan.Query, error) {
	if sel.WithClause == nil {
		return s.transformSelectBody(sel)
	}
	first := len(s.ctes)
	if err := s.transformWith(sel.WithClause); err != nil {
		return nil, err
	}
	q, err := s.transformSelectBody(sel)
	if err != nil {
		return nil, err
	}
	if err := s.finishWith(q, first); err != nil {
		return nil, err
	}
	return q, nil
}

// setOpLeafWithColumn is the number, counted from 1 left to right, of the
// first arm of a set operation with an output column called name, or 0.
func setOpLeafWithColumn(op *plan.SetOp, name string) int {
	n := 0
	var walk func(q *plan.Query) bool
	walk = func(q *plan.Query) bool {
		if q.SetOp != nil {
			return walk(q.SetOp.Left) || walk(q.SetOp.Right)
		}
		n++
		for _, t := range q.Targets {
			if !t.Junk && t.Name == name {
				return true
			}
		}
		return false
	}
	if walk(op.Left) || walk(op.Right) {
		return n
	}
	return 0
}

// lockingStrength spells a locking clause's strength as PostgreSQL's
// messages do (LCS_asString).
func lockingStrength(n *pg_query.Node) string {
	switch n.GetLockingClause().GetStrength() {
	case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
		return "FOR KEY SHARE"
	case pg_query.LockClauseStrength_LCS_FORSHARE:
		return "FOR SHARE"
	case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return "FOR NO KEY UPDATE"
	}
	return "FOR UPDATE"
}

// lockingWithSetOp refuses a locking clause on a set operation or any of
// its members, as PostgreSQL does.
func lockingWithSetOp(sel *pg_query.SelectStmt) error {
	if len(sel.LockingClause) == 0 {
		return nil
	}
	return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed with UNION/INTERSECT/EXCEPT", lockingStrength(sel.LockingClause[0]))
}

// transformSelectBody is transformSelect once the WITH clause is known.
func (s *state) transformSelectBody(sel *pg_query.SelectStmt) (*plan.Query, error) {
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return s.transformSetOp(sel)
	}
	if len(sel.ValuesLists) > 0 {
		if len(sel.LockingClause) > 0 {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s cannot be applied to VALUES", lockingStrength(sel.LockingClause[0]))
		}
		return s.transformValuesStmt(sel)
	}
	if sel.IntoClause != nil {
		return nil, notSupported("SELECT INTO")
	}
	q := &plan.Query{}
	s.q = q
	savedDefer, savedPending := s.deferFullJoins, s.fullJoinPending
	s.deferFullJoins, s.fullJoinPending = true, false
	err := s.transformFrom(sel.FromClause)
	s.deferFullJoins = savedDefer
	if err != nil {
		return nil, err
	}
	s.win = newWindowState(sel.WindowClause)
	s.kind = exprSelectTarget
	if err := s.transformTargets(q, sel.TargetList); err != nil {
		return nil, err
	}
	if sel.WhereClause != nil {
		s.kind = exprWhere
		w, err := s.transformExpr(sel.WhereClause)
		if err != nil {
			return nil, err
		}
		if q.Where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	pending := s.fullJoinPending
	s.fullJoinPending = savedPending
	if pending && !plan.FullJoinsPlannable(q) {
		return nil, errFullJoinConditions()
	}
	if sel.HavingClause != nil {
		s.kind = exprHaving
		h, err := s.transformExpr(sel.HavingClause)
		if err != nil {
			return nil, err
		}
		if q.Having, err = s.coerceToBoolean(h, "HAVING"); err != nil {
			return nil, err
		}
	}
	s.kind = exprOrderBy
	if err := s.transformSort(q, sel.SortClause); err != nil {
		return nil, err
	}
	s.kind = exprGroupBy
	if err := s.transformGroupBy(q, sel.GroupClause, sel.GroupDistinct); err != nil {
		return nil, err
	}
	if len(sel.DistinctClause) > 0 && (len(sel.DistinctClause) != 1 || sel.DistinctClause[0].GetNode() != nil) {
		s.kind = exprOrderBy
		if err := s.transformDistinctOn(q, sel); err != nil {
			return nil, err
		}
	} else if len(sel.DistinctClause) > 0 {
		q.Distinct = true
		for _, t := range q.Targets {
			if typ := t.Expr.Type(); !t.Junk && !canOrder(typ) && (typ == types.OidJSON || typ == types.OidJSONPath) {
				return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", s.typeName(typ)), expr.Location(t.Expr))
			}
		}
		for i, k := range q.Sort {
			if q.Targets[k.Target].Junk {
				return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference,
					"for SELECT DISTINCT, ORDER BY expressions must appear in select list"), sortLocation(sel.SortClause[i]))
			}
		}
	}
	if err := s.transformLimitClause(q, sel); err != nil {
		return nil, err
	}
	if err := s.transformWindowDefinitions(q); err != nil {
		return nil, err
	}
	// The locking clauses before the grouping checks, as PostgreSQL
	// orders its errors.
	if err := s.transformLockingClauses(q, sel); err != nil { // locking.go
		return nil, err
	}
	if err := s.finishGrouping(q); err != nil {
		return nil, err
	}
	shareWindowSRFKeys(q)
	return q, nil
}

// transformDistinctOn is transformDistinctOnClause: the keys are the
// ORDER BY items that are DISTINCT ON expressions (which must lead the
// ORDER BY), then the other DISTINCT ON expressions ascending.
func (s *state) transformDistinctOn(q *plan.Query, sel *pg_query.SelectStmt) error {
	var targets []int
	var locs []int32
	for _, n := range sel.DistinctClause {
		idx, err := s.findTarget(q, n, false)
		if err != nil {
			return err
		}
		t := q.Targets[idx].Expr.Type()
		if !s.canOrderType(t) {
			return s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an ordering operator for type %s", s.typeName(t)).
				WithHint("Use an explicit ordering operator or modify the query."), nodeLocation(n))
		}
		targets = append(targets, idx)
		locs = append(locs, nodeLocation(n))
	}
	isDistinct := func(target int) int {
		for i, t := range targets {
			if t == target {
				return i
			}
		}
		return -1
	}
	var keys []plan.SortKey
	inKeys := map[int]bool{}
	skipped := false
	for _, k := range q.Sort {
		if i := isDistinct(k.Target); i >= 0 {
			if skipped {
				return s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"), locs[i])
			}
			if !inKeys[k.Target] {
				keys = append(keys, k)
				inKeys[k.Target] = true
			}
		} else {
			skipped = true
		}
	}
	for i, t := range targets {
		if inKeys[t] {
			continue
		}
		if skipped {
			return s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"), locs[i])
		}
		keys = append(keys, plan.SortKey{Target: t})
		inKeys[t] = true
	}
	q.DistinctOn = keys
	return nil
}

func sortLocation(n *pg_query.Node) int32 {
	if sb := n.GetSortBy(); sb != nil {
		return nodeLocation(sb.Node)
	}
	return -1
}

func (s *state) transformTargets(q *plan.Query, list []*pg_query.Node) error {
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			return notSupported("this target list entry")
		}
		// "*" and "rel.*" expand to every column.
		if cr := rt.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			ts, err := s.expandStar(cr)
			if err != nil {
				return err
			}
			q.Targets = append(q.Targets, ts...)
			continue
		}
		// "(composite).*" expands to every field.
		if ind := rt.Val.GetAIndirection(); ind != nil && len(ind.Indirection) > 0 && ind.Indirection[len(ind.Indirection)-1].GetAStar() != nil {
			ts, err := s.expandFieldStar(ind)
			if err != nil {
				return err
			}
			q.Targets = append(q.Targets, ts...)
			continue
		}
		e, err := s.transformExpr(rt.Val)
		if err != nil {
			return err
		}
		if e.Type() == types.OidUnknown && !s.keepUnknown {
			if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
				return err
			}
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
			// A scalar subquery is named after its first column as
			// analysis named it (a "*" expanded, too).
			if sl, ok := e.(*expr.SubLink); ok && sl.Kind == expr.ExprSubLink {
				if sub, ok := sl.Plan.(*plan.Query); ok {
					if vis := sub.VisibleTargets(); len(vis) > 0 {
						name = vis[0].Name
					}
				}
			}
		}
		q.Targets = append(q.Targets, plan.Target{Expr: e, Name: name})
	}
	return nil
}

// transformLimitClause analyzes LIMIT/FETCH FIRST and OFFSET
// (transformLimitClause). FETCH FIRST ... WITH TIES also returns the
// rows that tie with the last one on the ORDER BY keys (the grammar
// refuses it without ORDER BY); its count may not be the NULL literal.
func (s *state) transformLimitClause(q *plan.Query, sel *pg_query.SelectStmt) error {
	withTies := sel.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES
	if c := sel.LimitCount.GetAConst(); withTies && c != nil && c.Isnull {
		return pgerr.New(pgerr.InvalidRowCountInLimitClause, "row count cannot be null in FETCH FIRST ... WITH TIES clause")
	}
	saved := s.kind
	defer func() { s.kind = saved }()
	var err error
	s.kind = exprLimit
	if q.Limit, err = s.transformLimit(sel.LimitCount, "LIMIT"); err != nil {
		return err
	}
	s.kind = exprOffset
	if q.Offset, err = s.transformLimit(sel.LimitOffset, "OFFSET"); err != nil {
		return err
	}
	q.LimitWithTies = withTies && q.Limit != nil
	return nil
}

func (s *state) transformLimit(n *pg_query.Node, construct string) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	e, err := s.transformExpr(n)
	if err != nil {
		return nil, err
	}
	if containsVar(e) {
		return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "argument of %s must not contain variables", construct), expr.Location(e))
	}
	// coerce_to_specific_type converts in assignment context, so LIMIT
	// 1.5 rounds to 2.
	if e.Type() != types.OidInt8 {
		if !s.canCoerce([]uint32{e.Type()}, []uint32{types.OidInt8}, ccAssignment) {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
				construct, "bigint", types.FormatType(e.Type(), -1)), expr.Location(e))
		}
		if e, err = s.coerceType(e, types.OidInt8, -1, ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// containsVar reports whether e reads a column of this query level.
func containsVar(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
			found = true
		}
	})
	return found
}

// walk calls f on e and every expression below it (not into subqueries).
func walk(e expr.Expr, f func(expr.Expr)) {
	plan.Walk(e, func(x expr.Expr) bool {
		f(x)
		return true
	})
}

// canOrder reports whether values of typ can be sorted.
// canOrderType is canOrder, extended to composite types, which compare
// field by field (record's btree operator class).
func (s *shared) canOrderType(typ uint32) bool {
	typ = s.baseType(typ)
	return canOrder(typ) || s.isRowType(typ) || s.isEnumType(typ) || s.isEnumType(s.elemOf(typ))
}

func canOrder(typ uint32) bool {
	switch typ {
	case types.OidVoid, types.OidRecord, types.OidUnknown, types.OidCstring, types.OidAny, types.OidXid, types.OidCid,
		types.OidJSON, types.OidJSONArray, types.OidJSONPath, types.OidJSONPathArray:
		// json and jsonpath have no btree operator class.
		return false
	}
	return types.ByOID(typ) != nil
}

func (s *state) transformSort(q *plan.Query, list []*pg_query.Node) error {
	for _, n := range list {
		sb := n.GetSortBy()
		if sb == nil {
			return notSupported("this ORDER BY item")
		}
		idx, err := s.findTarget(q, sb.Node, false)
		if err != nil {
			return err
		}
		desc, nullsFirst, err := s.sortDirection(sb, q.Targets[idx].Expr.Type())
		if err != nil {
			return err
		}
		q.Sort = append(q.Sort, plan.SortKey{Target: idx, Desc: desc, NullsFirst: nullsFirst})
	}
	return nil
}

// sortDirection is addTargetToSortList's reading of an ORDER BY item
// over values of typ: ASC, DESC or USING an ordering operator, and where
// the NULLs go (first when descending, unless NULLS says).
func (s *state) sortDirection(sb *pg_query.SortBy, typ uint32) (desc, nullsFirst bool, err error) {
	desc = sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
	if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
		if desc, err = s.sortUsing(sb, typ); err != nil {
			return false, false, err
		}
	} else if !s.canOrderType(typ) {
		return false, false, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an ordering operator for type %s", s.typeName(typ)).
			WithHint("Use an explicit ordering operator or modify the query."), nodeLocation(sb.Node))
	}
	return desc, nullsFirstOf(sb, desc), nil
}

// nullsFirstOf is where an ORDER BY item puts NULLs: first when it
// sorts descending, unless NULLS FIRST or LAST says.
func nullsFirstOf(sb *pg_query.SortBy, desc bool) bool {
	switch sb.SortbyNulls {
	case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
		return true
	case pg_query.SortByNulls_SORTBY_NULLS_LAST:
		return false
	}
	return desc
}

// sortUsing resolves ORDER BY ... USING op over values of typ
// (compatible_oper_opid and get_equality_op_for_ordering_op): op must
// take them as they are and be the "<" or ">" of a btree operator
// family; ">" sorts descending. Every such family but record_image_ops
// sorts as the type's default one (all collations compare bytes).
func (s *state) sortUsing(sb *pg_query.SortBy, typ uint32) (bool, error) {
	names := nameList(sb.UseOp)
	name := names[len(names)-1]
	if len(names) > 1 && names[0] != "pg_catalog" {
		return false, s.errorAt(notSupported("ORDER BY ... USING an operator outside pg_catalog"), sb.Location)
	}
	op, _, _, err := s.resolveOperator(name, typ, typ, false, sb.Location)
	if err != nil {
		return false, err
	}
	if !s.binaryCoercible(typ, op.Left) || !s.binaryCoercible(typ, op.Right) {
		return false, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "operator requires run-time type coercion: %s", s.operatorString(name, typ, typ, false)), sb.Location)
	}
	ord, ok := catalog.OrderingOperator(op.OID)
	if !ok {
		return false, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "operator %s is not a valid ordering operator", name).
			WithHint("Ordering operators must be \"<\" or \">\" members of btree operator families."), sb.Location)
	}
	if ord.Family == recordImageOps {
		return false, s.errorAt(notSupported("ORDER BY ... USING "+name), sb.Location)
	}
	return ord.Strategy == catalog.BTGreaterStrategy, nil
}

// recordImageOps is the btree family of *< and *>, which compare rows'
// binary images rather than their values.
const recordImageOps = 3194

// binaryCoercible is IsBinaryCoercible: a value of type from is a value
// of type to without conversion.
func (s *state) binaryCoercible(from, to uint32) bool {
	if from == to || types.IsPolymorphic(to) || to == types.OidRecord && s.isRowType(s.baseType(from)) {
		return true
	}
	if base := s.baseType(from); base != from {
		return s.binaryCoercible(base, to)
	}
	c := s.lookupCast(from, to)
	return c != nil && c.Method == 'b'
}

// findTarget is findTargetlistEntrySQL92 then SQL99: an output column
// name, a column position, or an expression (added as a junk column when
// it is not already in the target list). For GROUP BY (group), a bare
// name is first looked up among the FROM columns.
func (s *state) findTarget(q *plan.Query, n *pg_query.Node, group bool) (int, error) {
	construct := "ORDER BY"
	if group {
		construct = "GROUP BY"
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().Sval
		fromColumn := false
		if group {
			// SQL92 says GROUP BY names a FROM column; output names are
			// an extension used only when no FROM column matches.
			if _, err := s.findColumn(name, cr.Location); err == nil {
				fromColumn = true
			}
		}
		found := -1
		if !fromColumn {
			for i, t := range q.Targets {
				if t.Junk || t.Name != name {
					continue
				}
				if found >= 0 && !exprEqual(q.Targets[found].Expr, t.Expr) {
					return 0, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "%s \"%s\" is ambiguous", construct, name), cr.Location)
				}
				if found < 0 {
					found = i
				}
			}
		}
		if found >= 0 {
			return found, nil
		}
	}
	if c := n.GetAConst(); c != nil {
		iv := c.GetIval()
		if iv == nil || c.Isnull {
			return 0, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "non-integer constant in %s", construct), c.Location)
		}
		pos := 0
		for i, t := range q.Targets {
			if t.Junk {
				continue
			}
			pos++
			if pos == int(iv.Ival) {
				return i, nil
			}
		}
		return 0, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "%s position %d is not in select list", construct, iv.Ival), c.Location)
	}
	e, err := s.transformExpr(n)
	if err != nil {
		return 0, err
	}
	if e.Type() == types.OidUnknown {
		if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
			return 0, err
		}
	}
	for i, t := range q.Targets {
		if exprEqual(t.Expr, e) {
			return i, nil
		}
	}
	q.Targets = append(q.Targets, plan.Target{Expr: e, Name: "?column?", Junk: true})
	return len(q.Targets) - 1, nil
}

// Columns returns the result columns of a query, as RowDescription
// describes them; for INSERT, UPDATE and DELETE those of RETURNING, nil
// without it.
func Columns(q *plan.Query) []plan.Column {
	targets := q.Targets
	if q.Command != plan.CmdSelect {
		if q.Returning == nil {
			return nil
		}
		targets = q.Returning
	}
	// Never nil: a SELECT returns rows even when it has no columns.
	out := []plan.Column{}
	for _, t := range targets {
		if t.Junk {
			continue
		}
		typ := t.Expr.Type()
		c := plan.Column{Name: t.Name, TypeOID: typ, TypeMod: t.Expr.Typmod()}
		if ti := types.ByOID(typ); ti != nil {
			c.TypeLen = ti.Len
		}
		if v, ok := t.Expr.(*expr.Var); ok && v.LevelsUp == 0 {
			c.TableOID, c.AttNum = v.TableOID, v.AttNum
		}
		out = append(out, c)
	}
	return out
}

// transformValuesStmt analyzes VALUES (...), (...) as a query: a VALUES
// range table entry read by a SELECT * with the statement's ORDER BY and
// LIMIT.
func (s *state) transformValuesStmt(sel *pg_query.SelectStmt) (*plan.Query, error) {
	q := &plan.Query{}
	s.q = q
	rte, err := s.valuesRTE(sel.ValuesLists, "*VALUES*", nil, -1)
	if err != nil {
		return nil, err
	}
	idx := s.addRTE(rte)
	q.From = []plan.FromItem{&plan.RangeItem{RTE: idx}}
	s.ns = append(s.ns, nsItem{rte: idx, relVisible: false, colsVisible: true})
	for i, c := range rte.Columns {
		q.Targets = append(q.Targets, plan.Target{Expr: s.rteVar(idx, i, -1), Name: c.Name})
	}
	s.kind = exprOrderBy
	srfCalls := s.srfCalls
	if err := s.transformSort(q, sel.SortClause); err != nil {
		return nil, err
	}
	if s.srfCalls != srfCalls {
		// PostgreSQL's executor refuses it, at the call's position.
		return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-valued function called in context that cannot accept a set"), s.lastSRF)
	}
	if err := s.transformLimitClause(q, sel); err != nil {
		return nil, err
	}
	return q, nil
}

// valuesRTE analyzes the rows of a VALUES list, coercing each column to
// the common type of its values. cols are the column names given by an
// alias (or nil for column1, column2, ...).
func (s *state) valuesRTE(lists []*pg_query.Node, alias string, cols []string, loc int32) (*plan.RTE, error) {
	saved := s.kind
	s.kind = exprValues
	defer func() { s.kind = saved }()
	var rows [][]expr.Expr
	width := -1
	for _, l := range lists {
		items := l.GetList().GetItems()
		if width >= 0 && len(items) != width {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), nodeLocation(items[0]))
		}
		width = len(items)
		var row []expr.Expr
		for _, it := range items {
			if it.GetSetToDefault() != nil {
				return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "DEFAULT is not allowed in this context"), it.GetSetToDefault().Location)
			}
			e, err := s.transformExpr(it)
			if err != nil {
				return nil, err
			}
			row = append(row, e)
		}
		rows = append(rows, row)
	}
	rte := &plan.RTE{Kind: plan.RTEValues, Alias: alias, Loc: loc}
	for c := 0; c < width; c++ {
		col := make([]expr.Expr, len(rows))
		for i := range rows {
			col[i] = rows[i][c]
		}
		typ, err := s.selectCommonType(col, "VALUES", false)
		if err != nil {
			return nil, err
		}
		mod := commonTypmod(col, typ)
		for i := range rows {
			if rows[i][c], err = s.coerceToCommon(rows[i][c], typ, "VALUES"); err != nil {
				return nil, err
			}
		}
		name := "column" + itoa(c+1)
		if c < len(cols) {
			name = cols[c]
		}
		rte.Columns = append(rte.Columns, columnOf(name, typ, mod))
	}
	rte.Values = rows
	return rte, nil
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func columnOf(name string, typ uint32, mod int32) plan.Column {
	c := plan.Column{Name: name, TypeOID: typ, TypeMod: mod}
	if t := types.ByOID(typ); t != nil {
		c.TypeLen = t.Len
	}
	return c
}

// transformSetOp analyzes UNION, INTERSECT and EXCEPT: both sides are
// analyzed as separate queries and their columns coerced to common types;
// the outer query reads the set operation's rows and applies ORDER BY and
// LIMIT, which may only name output columns.
func (s *state) transformSetOp(sel *pg_query.SelectStmt) (*plan.Query, error) {
	op, err := s.setOpTree(sel, true)
	if err != nil {
		return nil, err
	}
	q := &plan.Query{SetOp: op}
	s.q = q
	// The leftmost query names the columns.
	left := op.Left
	for left.SetOp != nil {
		left = left.SetOp.Left
	}
	var names []string
	for _, t := range left.Targets {
		if !t.Junk {
			names = append(names, t.Name)
		}
	}
	for i, typ := range op.Types {
		q.Targets = append(q.Targets, plan.Target{Expr: &expr.Var{Index: i, Typ: typ, Mod: op.Mods[i], Name: names[i], Loc: -1}, Name: names[i]})
	}
	q.Width = len(op.Types)
	// ORDER BY may only use output column names or positions.
	for _, n := range sel.SortClause {
		sb := n.GetSortBy()
		if cr := sb.Node.GetColumnRef(); cr != nil && (len(cr.Fields) != 1 || cr.Fields[0].GetString_() == nil) {
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "ORDER BY on a UNION/INTERSECT/EXCEPT result must be on one of the result columns"), cr.Location)
		}
	}
	sortState := &state{shared: s.shared, parent: s.parent, q: q, ctes: s.ctes, future: s.future}
	sortState.kind = exprOrderBy
	for _, n := range sel.SortClause {
		sb := n.GetSortBy()
		if sb.Node.GetAConst() == nil {
			cr := sb.Node.GetColumnRef()
			if cr == nil {
				return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported,
					"invalid UNION/INTERSECT/EXCEPT ORDER BY clause").
					WithDetail("Only result column names can be used, not expressions or functions.").
					WithHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause."), nodeLocation(sb.Node))
			}
			name := cr.Fields[0].GetString_().Sval
			found := false
			for _, t := range q.Targets {
				if t.Name == name {
					found = true
				}
			}
			if !found {
				e := pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", name)
				if leaf := setOpLeafWithColumn(op, name); leaf > 0 {
					// The arms are range table entries PostgreSQL names
					// "*SELECT* n", left to right.
					e = e.WithHint("There is a column named \"%s\" in table \"*SELECT* %d\", but it cannot be referenced from this part of the query.", name, leaf)
				}
				return nil, s.errorAt(e, cr.Location)
			}
		}
	}
	if err := sortState.transformSort(q, sel.SortClause); err != nil {
		return nil, err
	}
	if err := s.transformLimitClause(q, sel); err != nil {
		return nil, err
	}
	return q, nil
}

func setOpName(op pg_query.SetOperation) string {
	switch op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		return "INTERSECT"
	case pg_query.SetOperation_SETOP_EXCEPT:
		return "EXCEPT"
	}
	return "UNION"
}

// setOpTree analyzes one node of a set operation tree: a leaf SELECT or
// a nested operation.
func (s *state) setOpTree(sel *pg_query.SelectStmt, top bool) (*plan.SetOp, error) {
	if err := lockingWithSetOp(sel); err != nil {
		return nil, err
	}
	leaf := func(n *pg_query.SelectStmt) (*plan.Query, error) {
		if err := lockingWithSetOp(n); err != nil {
			return nil, err
		}
		if n.Op != pg_query.SetOperation_SETOP_NONE && len(n.SortClause) == 0 && n.LimitCount == nil && n.LimitOffset == nil && n.WithClause == nil {
			op, err := s.setOpTree(n, false)
			if err != nil {
				return nil, err
			}
			q := &plan.Query{SetOp: op, Width: len(op.Types)}
			for i, typ := range op.Types {
				q.Targets = append(q.Targets, plan.Target{Expr: &expr.Var{Index: i, Typ: typ, Mod: op.Mods[i], Loc: -1}})
			}
			return q, nil
		}
		// Unknown-type outputs are resolved by the set operation.
		c := &state{shared: s.shared, parent: s.parent, ctes: s.ctes, keepUnknown: true, future: s.future}
		q, err := c.transformSelect(n)
		if err != nil {
			return nil, err
		}
		if c.correlated {
			s.correlated = true
		}
		return q, nil
	}
	left, err := leaf(sel.Larg)
	if err != nil {
		return nil, err
	}
	rec := s.recursive
	if !top {
		rec = nil
	}
	if rec != nil {
		if err := s.setRecursiveColumns(rec, left, sel.Larg); err != nil {
			return nil, err
		}
	}
	right, err := leaf(sel.Rarg)
	if err != nil {
		return nil, err
	}
	op := &plan.SetOp{Left: left, Right: right, All: sel.All}
	switch sel.Op {
	case pg_query.SetOperation_SETOP_INTERSECT:
		op.Op = plan.Intersect
	case pg_query.SetOperation_SETOP_EXCEPT:
		op.Op = plan.Except
	}
	lt, rt := left.VisibleTargets(), right.VisibleTargets()
	name := setOpName(sel.Op)
	if len(lt) != len(rt) {
		loc := int32(-1)
		if len(rt) > 0 {
			loc = expr.Location(rt[0].Expr)
		}
		return nil, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "each %s query must have the same number of columns", name), loc)
	}
	for i := range lt {
		l, r := lt[i].Expr, rt[i].Expr
		typ, err := s.selectCommonType([]expr.Expr{l, r}, name, false)
		if err != nil {
			return nil, err
		}
		mod := commonTypmod([]expr.Expr{l, r}, typ)
		if lt[i].Expr, err = s.coerceToCommon(l, typ, name); err != nil {
			return nil, err
		}
		if rt[i].Expr, err = s.coerceToCommon(r, typ, name); err != nil {
			return nil, err
		}
		if !s.canOrderType(typ) && !(op.All && op.Op == plan.Union) {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", s.typeName(typ)), expr.Location(l))
		}
		op.Types = append(op.Types, typ)
		op.Mods = append(op.Mods, mod)
	}
	if rec != nil {
		if err := s.checkRecursiveTypes(rec, op); err != nil {
			return nil, err
		}
		op.Recursive = rec.plan
	}
	return op, nil
}
