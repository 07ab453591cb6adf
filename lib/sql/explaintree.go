// This file turns a plan tree into the tree EXPLAIN prints (explain.c's
// ExplainNode): PostgreSQL's node names and detail lines, with the
// nodes of our tree that PostgreSQL has no counterpart for folded away
// as PostgreSQL would show the same plan: a Project is the projection
// of the node below it, a Filter the "Filter:" line of the node it
// filters, a Trim, a CTEScope and a Refetch (the late fetch of a
// bounded sort's rows) show nothing of their own, and a SubqueryScan
// that only passes its subquery's rows on disappears as PostgreSQL's
// trivial subquery scans do. Everything else is shown as it runs.

package sql

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// xnode is one node as EXPLAIN prints it.
type xnode struct {
	// name is the node's header ("Seq Scan on t t1") without costs;
	// kind the node type alone ("Seq Scan"), for the structured formats.
	name, kind string
	// relation, alias, index and join describe the node for the
	// structured formats.
	relation, schema, alias, index, join, strategy string
	// innerUnique: the join's inner side has one row at most for an
	// outer row (Inner Unique).
	innerUnique bool
	// label names a subplan ("SubPlan 1", "InitPlan 1 (returns $0)",
	// "CTE x"); parentRel its relationship for the structured formats.
	label, parentRel string
	// props are the detail lines in order; filter is the Filter line
	// (quals ANDed), which follows them.
	props  []xprop
	filter []string
	// filterKey is the filter's label: "Filter", or "One-Time Filter"
	// for a Result's.
	filterKey string
	output    []string // VERBOSE "Output:" items
	initPlans []*xnode
	kids      []*xnode
	subPlans  []*xnode
	// plan is the node whose estimates and run-time counts the line
	// shows; filtered, when set, the node whose rows the Filter line
	// removed from plan's (Rows Removed by Filter).
	plan, filtered plan.Node
	// base is the node itself (plan may be a Project or Filter folded
	// into it); cost, when set, keys its estimate instead of plan (the
	// Hash and Materialize EXPLAIN shows of a join's inner side).
	base, cost plan.Node
	// scanFilter: the scan tests its Filter itself (Rows Removed by
	// Filter comes from its own count).
	scanFilter bool
	// rescanned, for the Materialize of a nested loop's kept inner
	// rows, is the outer side: the kept rows are read once per outer
	// row.
	rescanned plan.Node
	// joinFiltered is the join whose Join Filter rejections are
	// counted (Rows Removed by Join Filter).
	joinFiltered plan.Node
	// conflict marks an INSERT ... ON CONFLICT DO NOTHING.
	conflict bool
	// sortOf, hashOf and aggOf are the nodes whose run-time counts hold
	// what this Sort sorted with, this Hash's table, and this hashed
	// aggregate's table (EXPLAIN ANALYZE's Sort Method, Buckets and
	// Batches lines).
	sortOf, hashOf, aggOf plan.Node
	// sumOf, for an Append our plan has no node for, are the nodes whose
	// rows it passes on: its counts are their sum.
	sumOf []plan.Node
	// bitmapHeap marks a bitmap heap scan (Rows Removed by Index
	// Recheck, Heap Blocks).
	bitmapHeap bool
	// memoOf, for a Memoize, is the plan's cache (its lookups, rows and
	// Hits line); memoInner the scan below it, whose time and buffers
	// the lookups spent.
	memoOf, memoInner plan.Node
}

// conflictAction is the Conflict Resolution of an INSERT ... ON
// CONFLICT ("NOTHING" or "UPDATE"), "" for other statements.
func conflictAction(v *plan.ModifyTable) string {
	switch {
	case v.OnConflictDoNothing:
		return "NOTHING"
	case v.OnConflictUpdate != nil:
		return "UPDATE"
	}
	return ""
}

// fold makes n, a node PostgreSQL shows no line for, the node whose
// estimates and counts xn shows.
func (xn *xnode) fold(n plan.Node) {
	if xn.cost == nil || xn.cost == xn.plan {
		xn.cost = n
	}
	xn.plan = n
}

type xprop struct {
	key string
	val string
	// list marks a value that is a list in the structured formats
	// (Sort Key, Group Key, Output).
	list []string
}

// xcol is what one value of a row a node produces is: a column of a
// range table entry (rel.name), or an expression over another row.
type xcol struct {
	rel, name string
	e         expr.Expr
	row       *xrow
	// text, when set, is the value as printed (GROUPING(...)).
	text string
	// producer is the node that computes e: another node's lines show
	// a reference to it parenthesized, as ruleutils.c prints an
	// OUTER_VAR that stands for an expression.
	producer *xnode
}

// xrow describes the values of the rows a node produces, by position;
// outer is the enclosing query level's row (for Vars with LevelsUp).
type xrow struct {
	cols  []*xcol
	outer *xrow
}

func (r *xrow) at(i int) *xcol {
	if r == nil || i < 0 || i >= len(r.cols) {
		return nil
	}
	return r.cols[i]
}

// explainer builds the tree of one statement.
type explainer struct {
	format  *types.FormatOptions
	verbose bool
	// prefix: more than one range table entry, so column names are
	// qualified in Output lines, and in the other lines of non-scan
	// nodes (as under VERBOSE).
	prefix bool
	// names are the unique names of the range table entries
	// (select_rtable_names_for_explain).
	names map[*plan.RTE]string
	used  map[string]bool
	// subplans numbers SubPlan/InitPlan/CTE plans, params the $n of
	// init plans; sublinks remembers each subquery's printed form.
	subplans, params int
	sublinks         map[*expr.SubLink]string
	subNum, paramNum map[*expr.SubLink]int
	cteNum           map[*plan.CTE]int
	planNum          map[plan.Node]int
	// cur is the node whose lines are being printed: subplans found in
	// them attach to it. reader is the node whose point of view a value
	// is printed from (cur, or the producer of an expression being
	// printed for a reference to it).
	cur, reader *xnode
	fold        *folder
	// lateral is the row of the outer side of the lateral nested loop
	// whose inner side is being built: what a LATERAL subquery or
	// function reads.
	lateral *xrow
	err     error
}

func newExplainer(root plan.Node, format *types.FormatOptions, verbose bool, fold *folder) *explainer {
	x := &explainer{format: format, verbose: verbose, fold: fold, names: map[*plan.RTE]string{}, used: map[string]bool{},
		sublinks: map[*expr.SubLink]string{}, subNum: map[*expr.SubLink]int{}, paramNum: map[*expr.SubLink]int{},
		cteNum: map[*plan.CTE]int{}, planNum: map[plan.Node]int{}}
	rtes := 0
	top := root
	if sc, ok := top.(*plan.CTEScope); ok {
		top = sc.Input
	}
	if mt, ok := top.(*plan.ModifyTable); ok && mt.Command == plan.CmdInsert && mt.Table != nil {
		// INSERT's target is the first range table entry.
		x.used[mt.Table.Name] = true
		rtes++
	}
	x.number(root, map[plan.Node]bool{})
	x.visitRTEs(root, func(r *plan.RTE) {
		rtes++
		x.nameRTE(r)
	})
	x.prefix = rtes > 1
	return x
}

// rteRefName is the name a range table entry is known by: its alias,
// else its relation's (or function's, or "*VALUES*").
func rteRefName(r *plan.RTE) string {
	if r.Alias != "" {
		return r.Alias
	}
	switch r.Kind {
	case plan.RTETable, plan.RTEVirtual:
		return r.Name
	case plan.RTEFunction:
		if r.Func != nil && r.Func.Func != nil {
			return r.Func.Func.Name
		}
	case plan.RTEValues:
		return "*VALUES*"
	case plan.RTESubquery, plan.RTEWorkTable:
		if r.CTE != nil {
			return r.CTE.Name
		}
		return "unnamed_subquery"
	}
	return "?"
}

// nameRTE gives r a name no other entry has, as
// select_rtable_names_for_explain does ("t", then "t_1", ...).
func (x *explainer) nameRTE(r *plan.RTE) {
	if _, ok := x.names[r]; ok {
		return
	}
	base := rteRefName(r)
	name := base
	for i := 1; x.used[name]; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	x.used[name] = true
	x.names[r] = name
}

// visitRTEs calls f for the range table entry of every scan of the
// plan, subplans included, in the order of PostgreSQL's flattened range
// table (set_plan_references): a query level's own entries, then the
// entries of its subqueries in FROM, then those of the subplans (WITH
// queries and subqueries in expressions) in the order of their numbers.
func (x *explainer) visitRTEs(root plan.Node, f func(*plan.RTE)) {
	var subplans []plan.Node
	seen := map[plan.Node]bool{}
	deadSeen := map[*plan.RTE]bool{}
	var level func(n plan.Node)
	level = func(top plan.Node) {
		var subqueries []plan.Node
		// The entries of one query level's scans, named in range table
		// order: their order in the level row, where the entries of
		// subqueries pulled up follow the query's own (a join may scan
		// them first).
		var pending []*plan.RTE
		flush := func() {
			sort.SliceStable(pending, func(i, j int) bool { return pending[i].Offset < pending[j].Offset })
			for _, r := range pending {
				f(r)
			}
			pending = pending[:0]
		}
		var walk func(n plan.Node)
		walk = func(n plan.Node) {
			if n == nil || seen[n] {
				return
			}
			seen[n] = true
			if r := scanRTE(n); r != nil {
				// Before it, the entries of the subqueries it was pulled
				// up out of, which PostgreSQL's range table keeps.
				for _, p := range r.PulledUp {
					if p != nil && !deadSeen[p] {
						deadSeen[p] = true
						pending = append(pending, p)
					}
				}
				pending = append(pending, r)
			}
			for _, e := range nodeExprs(n) {
				plan.Walk(e, func(e expr.Expr) bool {
					if sl, ok := e.(*expr.SubLink); ok {
						if p, ok := sl.Plan.(plan.Node); ok {
							subplans = append(subplans, p)
							x.planNum[p] = x.subNum[sl]
						}
					}
					return true
				})
			}
			switch v := n.(type) {
			case *plan.HashSetOp, *plan.RecursiveUnion:
				// Each branch is a query level of its own.
				flush()
				for _, c := range plan.Inputs(n) {
					walk(c)
					flush()
				}
				return
			case *plan.SubqueryScan:
				subqueries = append(subqueries, v.Input)
				return
			case *plan.CTEScope:
				for i, c := range v.CTEs {
					subplans = append(subplans, v.Inputs[i])
					x.planNum[v.Inputs[i]] = x.cteNum[c]
				}
				walk(v.Input)
				return
			}
			for _, c := range plan.Inputs(n) {
				walk(c)
			}
		}
		walk(top)
		flush()
		for _, sq := range subqueries {
			level(sq)
		}
	}
	level(root)
	for len(subplans) > 0 {
		next := subplans[0]
		for _, p := range subplans {
			if x.planNum[p] < x.planNum[next] {
				next = p
			}
		}
		rest := subplans[:0]
		for _, p := range subplans {
			if p != next {
				rest = append(rest, p)
			}
		}
		subplans = rest
		level(next)
	}
}

// scanRTE is the range table entry a scan node reads, nil for other
// nodes.
func scanRTE(n plan.Node) *plan.RTE {
	switch v := n.(type) {
	case *plan.TableScan:
		return v.RTE
	case *plan.Scan:
		return v.RTE
	case *plan.FunctionScan:
		return v.RTE
	case *plan.ValuesScan:
		return v.RTE
	case *plan.SubqueryScan:
		return v.RTE
	case *plan.CTEScan:
		return v.RTE
	case *plan.WorkTableScan:
		return v.RTE
	}
	return nil
}

// nodeExprs are the expressions n evaluates (where subqueries hide).
func nodeExprs(n plan.Node) []expr.Expr {
	var out []expr.Expr
	switch v := n.(type) {
	case *plan.TableScan:
		out = append(out, v.Quals...)
	case *plan.FunctionScan:
		out = append(out, v.Call.Args...)
	case *plan.ValuesScan:
		for _, r := range v.Rows {
			out = append(out, r...)
		}
	case *plan.NestLoop:
		out = append(out, v.Quals...)
	case *plan.HashJoin:
		out = append(append(append(out, v.OuterKeys...), v.InnerKeys...), v.Quals...)
	case *plan.MergeJoin:
		out = append(append(out, v.Clauses...), v.Quals...)
	case *plan.Filter:
		out = append(out, v.Quals...)
	case *plan.Project:
		out = append(out, v.Exprs...)
	case *plan.Agg:
		out = append(out, v.GroupBy...)
		for _, a := range v.Aggs {
			out = append(out, a)
		}
	case *plan.Limit:
		if v.Count != nil {
			out = append(out, v.Count)
		}
		if v.Offset != nil {
			out = append(out, v.Offset)
		}
	case *plan.ModifyTable:
		out = append(append(out, v.NewValues...), v.Returning...)
	}
	return out
}

// deparse prints e over row (the values the node reads). scanRel, when
// not "", is the scan whose own columns print unqualified (a scan's
// lines); other columns are qualified as PostgreSQL qualifies them.
func (x *explainer) deparse(e expr.Expr, row *xrow, scanRel string) string {
	if x.err != nil {
		return ""
	}
	var varText func(v *expr.Var) (string, bool)
	varText = func(v *expr.Var) (string, bool) {
		r := row
		for i := 0; i < v.LevelsUp && r != nil; i++ {
			r = r.outer
		}
		c := r.at(v.Index)
		if c == nil {
			if v.Name != "" {
				return builtins.QuoteIdent(v.Name), true
			}
			return "?column?", true
		}
		if c.text != "" {
			if c.producer != x.reader && v.LevelsUp == 0 {
				return "(" + c.text + ")", true
			}
			return c.text, true
		}
		if c.e != nil {
			saved := x.reader
			x.reader = c.producer
			text := x.deparse(c.e, c.row, scanRel)
			x.reader = saved
			wrap := c.producer != saved
			switch c.e.(type) {
			case *expr.Var:
				wrap = false
			case *expr.Aggref, *expr.Param:
				// An enclosing query's value, printed as get_parameter
				// prints a parameter's referent.
				wrap = wrap && v.LevelsUp == 0
			}
			if wrap {
				text = "(" + text + ")"
			}
			return text, true
		}
		var qualify bool
		switch scanRel {
		case outputLine:
			qualify = x.prefix
		case qualifiedLine:
			qualify = true
		case "":
			qualify = x.prefix || x.verbose
		default:
			qualify = c.rel != scanRel || x.verbose
		}
		qualify = qualify || v.LevelsUp > 0
		if qualify && c.rel != "" {
			return builtins.QuoteIdent(c.rel) + "." + builtins.QuoteIdent(c.name), true
		}
		return builtins.QuoteIdent(c.name), true
	}
	if x.fold != nil {
		e = x.fold.fold(e)
	}
	text, err := analyze.DeparseExplain(e, analyze.ExplainNames{Var: varText, SubLink: func(sl *expr.SubLink) string {
		return x.sublink(sl, row)
	}}, x.format)
	if err != nil {
		x.err = err
		return ""
	}
	return text
}

// qualList prints each of a list of conditions (andText joins them),
// leaving out those that are constant true, as the planner drops them.
func (x *explainer) qualList(qs []expr.Expr, row *xrow, scanRel string) []string {
	out := make([]string, 0, len(qs))
	for _, q := range qs {
		if x.fold != nil {
			if c, ok := x.fold.fold(q).(*expr.Const); ok && !c.Value.IsNull() && c.Value.Bool() {
				continue
			}
		}
		out = append(out, x.deparse(q, row, scanRel))
	}
	return out
}

func andText(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

// isInitPlan reports whether a subquery is computed once before the
// node runs (an init plan whose value is a parameter, $n) rather than a
// subplan.
func isInitPlan(sl *expr.SubLink) bool { return plan.IsInitPlan(sl) }

// number gives the subplans of the plan their numbers and the init
// plans their parameters in the order PostgreSQL's planner makes them:
// a level's WITH queries first, then the subqueries of each node from
// the top of the plan down (the target list before WHERE).
func (x *explainer) number(n plan.Node, seen map[plan.Node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	if sc, ok := n.(*plan.CTEScope); ok {
		for _, c := range sc.CTEs {
			x.subplans++
			x.params++
			x.cteNum[c] = x.subplans
		}
	}
	for _, e := range nodeExprs(n) {
		plan.Walk(e, func(e expr.Expr) bool {
			sl, ok := e.(*expr.SubLink)
			if !ok {
				return true
			}
			if _, done := x.subNum[sl]; done {
				return true
			}
			if p, ok := sl.Plan.(plan.Node); ok {
				x.number(p, seen)
			}
			x.subplans++
			x.subNum[sl] = x.subplans
			if isInitPlan(sl) {
				x.paramNum[sl] = x.params
				x.params++
			}
			return true
		})
	}
	for _, c := range plan.Inputs(n) {
		x.number(c, seen)
	}
	if _, ok := n.(*plan.LockRows); ok {
		// PostgreSQL gives LockRows a parameter of its own
		// (epqParam) once its level's subqueries have theirs.
		x.params++
	}
}

// sublink names a subquery of an expression and attaches its plan to
// the node being printed the first time it is met.
func (x *explainer) sublink(sl *expr.SubLink, row *xrow) string {
	if s, ok := x.sublinks[sl]; ok {
		return s
	}
	p, ok := sl.Plan.(plan.Node)
	if !ok {
		return "(SubPlan ?)"
	}
	num := x.subNum[sl]
	holder := x.cur
	var text, label string
	initPlan := isInitPlan(sl)
	switch {
	case initPlan:
		param := x.paramNum[sl]
		text = "$" + strconv.Itoa(param)
		label = fmt.Sprintf("InitPlan %d (returns $%d)", num, param)
	case hashedSubLink(sl):
		text = fmt.Sprintf("(hashed SubPlan %d)", num)
		label = fmt.Sprintf("SubPlan %d", num)
	default:
		text = fmt.Sprintf("(SubPlan %d)", num)
		label = fmt.Sprintf("SubPlan %d", num)
	}
	x.sublinks[sl] = text
	savedReader := x.reader
	child, _ := x.node(p, row)
	x.cur, x.reader = holder, savedReader
	if child != nil && !sl.Correlated && !initPlan && !hashedSubLink(sl) && !materializes(child) {
		// The rows of an uncorrelated subquery are computed once and
		// kept for every row testing them.
		child = &xnode{name: "Materialize", kind: "Materialize", plan: child.plan, base: child.plan, cost: child.cost, kids: []*xnode{child}, parentRel: "Outer"}
	}
	if child != nil && holder != nil {
		child.label = label
		if initPlan {
			child.parentRel = "InitPlan"
			holder.initPlans = append(holder.initPlans, child)
		} else {
			child.parentRel = "SubPlan"
			holder.subPlans = append(holder.subPlans, child)
		}
	}
	return text
}

// hashedSubLink reports whether a subquery's rows are kept in a hash
// table its test probes (an uncorrelated "= ANY", IN or NOT IN).
func hashedSubLink(sl *expr.SubLink) bool {
	if sl.Correlated || sl.Kind != expr.AnySubLink {
		return false
	}
	f, ok := sl.Test.(*expr.FuncExpr)
	return ok && f.Op != nil && f.Op.Name == "="
}

// materializes reports whether a node keeps its output for rescans
// itself (ExecMaterializesOutput).
func materializes(xn *xnode) bool {
	switch xn.kind {
	case "Materialize", "Sort", "Function Scan", "CTE Scan", "WorkTable Scan":
		return true
	}
	return false
}

// attach finds the subqueries of expressions a node evaluates but
// EXPLAIN does not print (a target list without VERBOSE), so that their
// plans show.
func (x *explainer) attach(xn *xnode, row *xrow, es ...expr.Expr) {
	saved, savedReader := x.cur, x.reader
	defer func() { x.cur, x.reader = saved, savedReader }()
	x.cur, x.reader = xn, xn
	for _, e := range es {
		if e == nil {
			continue
		}
		plan.Walk(e, func(e expr.Expr) bool {
			if sl, ok := e.(*expr.SubLink); ok {
				x.sublink(sl, row)
			}
			return true
		})
	}
}

// scanRow is the row a scan of r produces: its columns at offset, its
// system columns at sysOffset.
func (x *explainer) scanRow(r *plan.RTE, width, offset int, sys bool, sysOffset int, outer *xrow) *xrow {
	row := &xrow{cols: make([]*xcol, width), outer: outer}
	if r == nil {
		return row
	}
	name := x.names[r]
	for i, c := range r.Columns {
		if offset+i < width {
			row.cols[offset+i] = &xcol{rel: name, name: c.Name}
		}
	}
	if sys {
		for i, c := range plan.SystemColumns {
			if sysOffset+i < width {
				row.cols[sysOffset+i] = &xcol{rel: name, name: c.Name}
			}
		}
	}
	return row
}

// mergeRows is a join's row: the values of both sides, side by side.
func mergeRows(a, b *xrow) *xrow {
	n := max(len(a.cols), len(b.cols))
	row := &xrow{cols: make([]*xcol, n), outer: a.outer}
	for i := range n {
		if c := a.at(i); c != nil {
			row.cols[i] = c
		} else {
			row.cols[i] = b.at(i)
		}
	}
	return row
}

// exprRow is the row of values node computes by exprs over in.
func exprRow(exprs []expr.Expr, in *xrow, node *xnode) *xrow {
	row := &xrow{cols: make([]*xcol, len(exprs)), outer: in.outer}
	for i, e := range exprs {
		if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 {
			row.cols[i] = in.at(v.Index)
			continue
		}
		row.cols[i] = &xcol{e: e, row: in, producer: node}
	}
	return row
}

func (x *explainer) relName(r *plan.RTE) string {
	if r == nil {
		return "?"
	}
	return x.names[r]
}

// target is " on rel [alias]" (ExplainTargetRel): the object's name,
// then the reference name when it differs.
func (x *explainer) target(xn *xnode, object, schema string, r *plan.RTE) string {
	ref := x.relName(r)
	var b strings.Builder
	b.WriteString(" on")
	if object != "" {
		b.WriteByte(' ')
		if x.verbose && schema != "" {
			b.WriteString(builtins.QuoteIdent(schema) + ".")
		}
		b.WriteString(builtins.QuoteIdent(object))
	}
	if object == "" || ref != object {
		b.WriteString(" " + builtins.QuoteIdent(ref))
	}
	xn.relation, xn.schema, xn.alias = object, schema, ref
	return b.String()
}

func (x *explainer) newNode(kind string, n plan.Node) *xnode {
	xn := &xnode{name: kind, kind: kind, plan: n, base: n, cost: n}
	x.cur, x.reader = xn, xn
	return xn
}

// sortKeyText is one Sort Key item.
func sortKeyText(text string, k plan.SortKey) string {
	switch {
	case k.Desc && !k.NullsFirst:
		text += " DESC NULLS LAST"
	case k.Desc:
		text += " DESC"
	case k.NullsFirst:
		text += " NULLS FIRST"
	}
	return text
}

func (xn *xnode) addList(key string, items []string) {
	xn.props = append(xn.props, xprop{key: key, val: strings.Join(items, ", "), list: items})
}

func (xn *xnode) add(key, val string) { xn.props = append(xn.props, xprop{key: key, val: val}) }

// node builds the printed tree of n, whose level's enclosing row is
// outer, and returns it with the row n produces.
func (x *explainer) node(n plan.Node, outer *xrow) (*xnode, *xrow) {
	switch v := n.(type) {
	case *plan.Result:
		xn := x.newNode("Result", n)
		return xn, &xrow{outer: outer}
	case *plan.TableScan:
		return x.tableScan(v, outer, nil, nil)
	case *plan.Scan:
		xn := x.newNode("Function Scan", n)
		xn.name += x.target(xn, v.Name, v.Schema, v.RTE)
		return xn, x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
	case *plan.FunctionScan:
		xn := x.newNode("Function Scan", n)
		fname, fschema := "", ""
		if v.Call != nil && v.Call.Func != nil {
			fname = v.Call.Func.Name
			if v.Call.Func.Namespace == pgCatalogNamespace {
				fschema = "pg_catalog"
			}
		}
		xn.name += x.target(xn, fname, fschema, v.RTE)
		row := x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
		args := row
		if x.lateral != nil {
			args = mergeRows(row, x.lateral)
		}
		if v.Call != nil {
			x.attach(xn, args, v.Call.Args...)
		}
		if x.verbose && v.Call != nil && v.Call.Func != nil {
			call := &expr.FuncExpr{Func: v.Call.Func, Args: v.Call.Args, Typ: v.Call.Func.Ret}
			xn.add("Function Call", x.deparse(call, args, x.relName(v.RTE)))
		}
		return xn, row
	case *plan.ValuesScan:
		xn := x.newNode("Values Scan", n)
		xn.name += x.target(xn, "", "", v.RTE)
		row := x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
		for _, r := range v.Rows {
			x.attach(xn, row, r...)
		}
		return xn, row
	case *plan.CTEScan:
		xn := x.newNode("CTE Scan", n)
		xn.name += x.target(xn, v.CTE.Name, "", v.RTE)
		return xn, x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
	case *plan.WorkTableScan:
		xn := x.newNode("WorkTable Scan", n)
		xn.name += x.target(xn, v.CTE.Name, "", v.RTE)
		return xn, x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
	case *plan.SubqueryScan:
		// The subquery is a level of its own; a lateral one reads this
		// level's row as its enclosing one.
		subOuter := outer
		if v.Lateral {
			subOuter = x.lateralRow(v.Level, outer)
		}
		in, inRow := x.node(v.Input, subOuter)
		if v.RowMarked {
			// Not a trivial scan in PostgreSQL: it passes the
			// subquery's whole rows to LockRows too.
			xn := x.newNode("Subquery Scan", v)
			xn.name += x.target(xn, "", "", v.RTE)
			xn.kids = []*xnode{in}
			return xn, x.scanRow(v.RTE, v.Level, v.Offset, false, 0, outer)
		}
		row := &xrow{cols: make([]*xcol, v.Level), outer: outer}
		for i := 0; i < len(inRow.cols) && v.Offset+i < v.Level; i++ {
			row.cols[v.Offset+i] = inRow.cols[i]
		}
		in.fold(v)
		return in, row
	case *plan.CTEScope:
		xn, row := x.node(v.Input, outer)
		var ctes []*xnode
		for i, c := range v.CTEs {
			child, _ := x.node(v.Inputs[i], outer)
			child.label = "CTE " + builtins.QuoteIdent(c.Name)
			child.parentRel = "InitPlan"
			ctes = append(ctes, child)
		}
		xn.initPlans = append(ctes, xn.initPlans...)
		x.cur = xn
		xn.fold(v)
		return xn, row
	case *plan.NestLoop:
		return x.nestLoop(v, outer)
	case *plan.HashJoin:
		return x.hashJoin(v, outer)
	case *plan.MergeJoin:
		return x.mergeJoin(v, outer)
	case *plan.Materialize:
		in, inRow := x.node(v.Input, outer)
		xn := x.newNode("Materialize", n)
		in.parentRel = "Outer"
		xn.kids = []*xnode{in}
		return xn, inRow
	case *plan.Filter:
		return x.filterNode(v, outer)
	case *plan.Project:
		xn, in := x.node(v.Input, outer)
		row := exprRow(v.Exprs, in, xn)
		if v.Spread {
			// Only the placed columns are values of this row: the join
			// above fills the rest from its other side.
			for i, e := range v.Exprs {
				if _, null := e.(*expr.Const); null {
					row.cols[i] = nil
				}
			}
		}
		xn.fold(v)
		if x.verbose && v.Spread {
			var placed []expr.Expr
			for _, e := range v.Exprs {
				if _, null := e.(*expr.Const); !null {
					placed = append(placed, e)
				}
			}
			xn.output = x.exprList(placed, in, outputLine)
		} else if x.verbose {
			xn.output = x.exprList(v.Exprs, in, outputLine)
		} else {
			x.attach(xn, in, v.Exprs...)
		}
		return xn, row
	case *plan.ProjectSet:
		in, inRow := x.node(v.Input, outer)
		xn := x.newNode("ProjectSet", n)
		xn.kids = []*xnode{in}
		row := &xrow{cols: append(append([]*xcol{}, inRow.cols...), make([]*xcol, len(v.SRFs))...), outer: inRow.outer}
		for i, f := range v.SRFs {
			row.cols[len(inRow.cols)+i] = &xcol{e: f, row: inRow, producer: xn}
			x.attach(xn, inRow, f)
		}
		return xn, row
	case *plan.Agg:
		return x.agg(v, outer)
	case *plan.WindowAgg:
		in, inRow := x.node(v.Input, outer)
		if w := v.Window; w != nil && len(w.PartitionBy)+len(w.OrderBy) > 0 {
			// The node sorts its input on the partition and order keys,
			// which PostgreSQL computes below the Sort: an expression
			// shows parenthesized, as a reference to it.
			sort := &xnode{name: "Sort", kind: "Sort", plan: in.plan, base: in.plan, cost: plan.WindowSortOf(v), kids: []*xnode{in}, parentRel: "Outer", sortOf: v}
			x.cur, x.reader = sort, sort
			var keys []string
			seen := map[string]bool{}
			key := func(e expr.Expr, k plan.SortKey) {
				text := x.deparse(e, inRow, "")
				if _, isVar := stripRelabel(e).(*expr.Var); !isVar {
					text = "(" + text + ")"
				}
				if !seen[text] {
					seen[text] = true
					keys = append(keys, sortKeyText(text, k))
				}
			}
			for _, e := range w.PartitionBy {
				key(e, plan.SortKey{})
			}
			for _, k := range w.OrderBy {
				key(k.Expr, plan.SortKey{Desc: k.Desc, NullsFirst: k.NullsFirst})
			}
			sort.addList("Sort Key", keys)
			in = sort
		}
		xn := x.newNode("WindowAgg", n)
		in.parentRel = "Outer"
		xn.kids = []*xnode{in}
		row := &xrow{cols: append(append([]*xcol{}, inRow.cols...), make([]*xcol, len(v.Funcs))...), outer: inRow.outer}
		for i, f := range v.Funcs {
			row.cols[len(inRow.cols)+i] = &xcol{e: f, row: inRow, producer: xn}
			x.attach(xn, inRow, f)
		}
		return xn, row
	case *plan.Sort:
		in, inRow := x.node(v.Input, outer)
		name := "Sort"
		if v.Presorted > 0 {
			name = "Incremental Sort"
		}
		xn := x.newNode(name, n)
		xn.kids = []*xnode{in}
		if v.Presorted == 0 {
			// An incremental sort's run-time lines (its groups) are not
			// kept; a Sort's Sort Method is.
			xn.sortOf = v
		}
		var keys, presorted []string
		seen := map[int]bool{}
		for i, k := range v.Keys {
			// A column sorted on again changes no order: PostgreSQL's
			// pathkeys never repeat one.
			if seen[k.Target] {
				continue
			}
			seen[k.Target] = true
			text := x.deparse(&expr.Var{Index: k.Target}, inRow, "")
			keys = append(keys, sortKeyText(text, k))
			if i < v.Presorted {
				// Named without their direction (show_sort_group_keys).
				presorted = append(presorted, text)
			}
		}
		xn.addList("Sort Key", keys)
		if len(presorted) > 0 {
			xn.addList("Presorted Key", presorted)
		}
		return xn, inRow
	case *plan.Unique:
		in, inRow := x.node(v.Input, outer)
		xn := x.newNode("Unique", n)
		xn.kids = []*xnode{in}
		return xn, inRow
	case *plan.LockRows:
		in, inRow := x.node(v.Input, outer)
		xn := x.newNode("LockRows", n)
		xn.kids = []*xnode{in}
		return xn, inRow
	case *plan.Limit:
		in, inRow := x.node(v.Input, outer)
		xn := x.newNode("Limit", n)
		xn.kids = []*xnode{in}
		// The count and offset may hold subqueries (init plans).
		for _, e := range []expr.Expr{v.Count, v.Offset} {
			if e != nil {
				x.deparse(e, inRow, "")
			}
		}
		return xn, inRow
	case *plan.HashSetOp:
		return x.setOp(v, outer)
	case *plan.RecursiveUnion:
		left, lrow := x.node(v.NonRecursive, outer)
		right, _ := x.node(v.Recursive, outer)
		xn := x.newNode("Recursive Union", n)
		xn.kids = []*xnode{left, right}
		return xn, lrow
	case *plan.Trim:
		xn, row := x.node(v.Input, outer)
		if len(row.cols) > v.N {
			row = &xrow{cols: row.cols[:v.N], outer: row.outer}
		}
		if len(xn.output) > v.N {
			xn.output = xn.output[:v.N]
		}
		xn.fold(v)
		return xn, row
	case *plan.Refetch:
		xn, row := x.node(v.Input, outer)
		if st, ok := scanOf(v.Input); ok {
			full := x.scanRow(st.RTE, v.Level, v.Offset, false, 0, outer)
			row = mergeRows(row, full)
		}
		xn.fold(v)
		return xn, row
	case *plan.ModifyTable:
		return x.modify(v, outer)
	}
	xn := x.newNode(fmt.Sprintf("%T", n), n)
	return xn, &xrow{outer: outer}
}

// lateralRow is the enclosing row of a LATERAL subquery: the level row
// with the outer side's values of the nested loop it is the inner side
// of.
func (x *explainer) lateralRow(width int, outer *xrow) *xrow {
	row := &xrow{cols: make([]*xcol, width), outer: outer}
	if x.lateral != nil {
		copy(row.cols, x.lateral.cols)
	}
	return row
}

// targetScan finds the range table entry of the scan of an UPDATE,
// DELETE or MERGE target.
func targetScan(n plan.Node, mt *plan.ModifyTable) *plan.RTE {
	if st, ok := n.(*plan.TableScan); ok && st.Table == mt.Table && st.Offset == mt.TargetOffset {
		return st.RTE
	}
	for _, c := range plan.Inputs(n) {
		if r := targetScan(c, mt); r != nil {
			return r
		}
	}
	return nil
}

// pgCatalogNamespace is pg_catalog's OID (PG_CATALOG_NAMESPACE).
const pgCatalogNamespace = 11

// scanOf finds the table scan a late fetch's input sorts.
func scanOf(n plan.Node) (*plan.TableScan, bool) {
	for n != nil {
		switch v := n.(type) {
		case *plan.TableScan:
			return v, true
		case *plan.Limit:
			n = v.Input
		case *plan.Sort:
			n = v.Input
		case *plan.Project:
			n = v.Input
		case *plan.Filter:
			n = v.Input
		default:
			return nil, false
		}
	}
	return nil, false
}

// outputLine is deparse's scanRel for an Output line, qualified by
// its own rule (show_plan_tlist).
const outputLine = "\x00output"

// qualifiedLine is deparse's scanRel for lines whose columns are
// always qualified (a Subquery Scan's Filter).
const qualifiedLine = "\x00qualified"

func (x *explainer) exprList(es []expr.Expr, row *xrow, mode string) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = x.deparse(e, row, mode)
	}
	return out
}

// isIndexQual reports whether q is one of the conditions an index scan
// answers through its keys.
func isIndexQual(q expr.Expr, p *plan.IndexPath) bool {
	if p == nil {
		return false
	}
	for _, k := range p.Keys {
		if givesKey(q, k) {
			return true
		}
	}
	return false
}

// givesKey reports whether the index key k was made from condition q
// (the key's value is q's argument, the same expression).
func givesKey(q expr.Expr, k plan.IndexKey) bool { return plan.GivesKey(q, k) }

// indexCondText prints an index condition (that gave key k) as
// PostgreSQL does, the indexed column on the left.
func (x *explainer) indexCondText(q expr.Expr, k plan.IndexKey, row *xrow, scanRel string) string {
	if f, ok := q.(*expr.FuncExpr); ok && f.Op != nil && len(f.Args) == 2 {
		if _, leftVar := stripRelabel(f.Args[0]).(*expr.Var); !leftVar || f.Args[0] == k.Arg {
			if v, ok := stripRelabel(f.Args[1]).(*expr.Var); ok && v.LevelsUp == 0 {
				if com, ok := commuted[f.Op.Name]; ok {
					return "(" + x.deparse(f.Args[1], row, scanRel) + " " + com + " " + x.deparse(f.Args[0], row, scanRel) + ")"
				}
			}
		}
	}
	return x.deparse(q, row, scanRel)
}

var commuted = map[string]string{"=": "=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}

func stripRelabel(e expr.Expr) expr.Expr {
	if rl, ok := e.(*expr.RelabelType); ok {
		return rl.Arg
	}
	return e
}

// tableScan shows a table scan; joined, when not nil, is the row of
// the outer side of the lateral nested loop the scan is the inner side
// of, whose values its conditions read, and joinQuals that join's
// conditions, some of which may have made the scan's index keys.
func (x *explainer) tableScan(v *plan.TableScan, outer, joined *xrow, joinQuals []expr.Expr) (*xnode, *xrow) {
	kind := "Seq Scan"
	switch {
	case v.Sample != nil:
		kind = "Sample Scan"
	case v.Index != nil && v.IndexOnly && v.Index.Backward:
		kind = "Index Only Scan Backward"
	case v.Index != nil && v.IndexOnly:
		kind = "Index Only Scan"
	case v.Index != nil && v.Index.Backward:
		kind = "Index Scan Backward"
	case v.Index != nil:
		kind = "Index Scan"
	case v.Bitmap != nil:
		kind = "Bitmap Heap Scan"
	}
	xn := x.newNode(kind, v)
	if v.Index != nil {
		xn.index = v.Index.Index.Name
		xn.name += " using " + builtins.QuoteIdent(v.Index.Index.Name)
	}
	schema := ""
	if v.Table != nil {
		schema = v.Table.Schema
		xn.name += x.target(xn, v.Table.Name, schema, v.RTE)
	}
	own := x.scanRow(v.RTE, v.Level, v.Offset, v.Sys, v.SysOffset, outer)
	row := own
	if joined != nil {
		row = mergeRows(own, joined)
	}
	me := x.relName(v.RTE)
	if x.verbose {
		// The columns the scan hands on: those the plan reads.
		for i, c := range v.Table.Columns {
			if c.Name == "" || v.Need != nil && i < len(v.Need) && !v.Need[i] {
				continue
			}
			xn.output = append(xn.output, x.deparse(&expr.Var{Index: v.Offset + i}, own, outputLine))
		}
	}
	// The Index Cond: the conditions the keys were made from, in the
	// order of the keys; an index nested loop's come from the join's
	// conditions.
	used := map[expr.Expr]bool{}
	if v.Index != nil {
		var parts []string
		for _, k := range v.Index.Keys {
			for _, q := range append(append([]expr.Expr{}, v.Quals...), joinQuals...) {
				if !used[q] && givesKey(q, k) {
					used[q] = true
					parts = append(parts, x.indexCondText(q, k, row, me))
					break
				}
			}
		}
		if len(parts) > 0 {
			xn.add("Index Cond", andText(parts))
		}
	}
	if v.Bitmap != nil {
		xn.bitmapHeap = true
		if len(v.Bitmap.Recheck) > 0 {
			var parts []string
			for _, q := range v.Bitmap.Recheck {
				parts = append(parts, x.deparse(q, row, me))
			}
			xn.add("Recheck Cond", andText(parts))
		}
		xn.kids = append(xn.kids, x.bitmapNode(v.Bitmap.Qual, row, me))
	}
	var rest []expr.Expr
	for _, q := range v.Quals {
		if !used[q] {
			rest = append(rest, q)
		}
	}
	if v.Bitmap != nil {
		rest = v.Bitmap.Filter(v.Quals)
	}
	if v.Sample != nil {
		// Sampling: method (arguments) [REPEATABLE (seed)].
		method := "system"
		if v.Sample.Method == plan.SampleBernoulli {
			method = "bernoulli"
		}
		text := method + " (" + strings.Join(x.exprList(v.Sample.Args, row, me), ", ") + ")"
		if v.Sample.Repeatable != nil {
			text += " REPEATABLE (" + x.deparse(v.Sample.Repeatable, row, me) + ")"
		}
		xn.props = append([]xprop{{key: "Sampling", val: text}}, xn.props...)
	}
	if len(rest) > 0 {
		xn.filter = x.qualList(rest, row, me)
		xn.scanFilter = true
	}
	return xn, own
}

// bitmapNode shows the bitmap of a bitmap heap scan: its Bitmap Index
// Scans with their Index Conds under BitmapAnd and BitmapOr nodes.
func (x *explainer) bitmapNode(q plan.BitmapQual, row *xrow, me string) *xnode {
	xn := &xnode{plan: q, base: q, cost: q}
	switch v := q.(type) {
	case *plan.BitmapIndexScan:
		xn.kind = "Bitmap Index Scan"
		xn.index = v.Path.Index.Name
		xn.name = xn.kind + " on " + builtins.QuoteIdent(v.Path.Index.Name)
		var parts []string
		for _, c := range v.Quals {
			parts = append(parts, x.indexCondText(c, plan.IndexKey{}, row, me))
		}
		if len(parts) > 0 {
			xn.add("Index Cond", andText(parts))
		}
	case *plan.BitmapAnd, *plan.BitmapOr:
		children := []plan.BitmapQual(nil)
		if a, ok := v.(*plan.BitmapAnd); ok {
			xn.kind, children = "BitmapAnd", a.Children
		} else {
			xn.kind, children = "BitmapOr", v.(*plan.BitmapOr).Children
		}
		xn.name = xn.kind
		for _, c := range children {
			kid := x.bitmapNode(c, row, me)
			kid.parentRel = "Member"
			xn.kids = append(xn.kids, kid)
		}
	}
	return xn
}

// fillOutputs gives the nodes without an Output line of their own
// (VERBOSE) their input's: the nodes that pass rows on (Sort, Limit,
// Hash, Materialize, ...) and joins (both sides' values).
func fillOutputs(xn *xnode) {
	for _, list := range [][]*xnode{xn.initPlans, xn.kids, xn.subPlans} {
		for _, c := range list {
			fillOutputs(c)
		}
	}
	if xn.output != nil || len(xn.kids) == 0 {
		return
	}
	switch xn.kind {
	case "Nested Loop", "Hash Join", "Merge Join":
		for _, c := range xn.kids {
			xn.output = append(xn.output, c.output...)
		}
	case "Sort", "Limit", "Unique", "Hash", "Materialize", "Memoize", "Subquery Scan", "SetOp", "Append", "LockRows":
		xn.output = append([]string{}, xn.kids[0].output...)
	}
}

// scanRelOf is the reference name of the scan xn shows, "" when it is
// not a scan (its lines then qualify as upper nodes' do).
func scanRelOf(xn *xnode) string {
	switch xn.kind {
	case "Seq Scan", "Index Scan", "Index Scan Backward", "Index Only Scan", "Index Only Scan Backward", "Bitmap Heap Scan", "Sample Scan",
		"Function Scan", "Values Scan", "CTE Scan", "WorkTable Scan":
		return xn.alias
	}
	return ""
}

func (x *explainer) filterNode(v *plan.Filter, outer *xrow) (*xnode, *xrow) {
	// A filter over a subquery's rows is the Subquery Scan's.
	if sq, ok := v.Input.(*plan.SubqueryScan); ok {
		subOuter := outer
		if sq.Lateral {
			subOuter = x.lateralRow(sq.Level, outer)
		}
		in, _ := x.node(sq.Input, subOuter)
		xn := x.newNode("Subquery Scan", sq)
		xn.name += x.target(xn, "", "", sq.RTE)
		xn.kids = []*xnode{in}
		row := x.scanRow(sq.RTE, sq.Level, sq.Offset, false, 0, outer)
		// show_scan_qual qualifies a Subquery Scan's columns.
		xn.filter = x.qualList(v.Quals, row, qualifiedLine)
		xn.filtered = v
		xn.fold(v)
		return xn, row
	}
	xn, row := x.node(v.Input, outer)
	x.cur, x.reader = xn, xn
	_, isResult := v.Input.(*plan.Result)
	if isResult {
		xn.filterKey = "One-Time Filter"
	}
	xn.filter = append(xn.filter, x.qualList(v.Quals, row, scanRelOf(xn))...)
	xn.filtered = v
	xn.fold(v)
	return xn, row
}

func joinName(base string, t plan.JoinType) string {
	switch t {
	case plan.JoinLeft:
		return base + " Left Join"
	case plan.JoinRight:
		return base + " Right Join"
	case plan.JoinFull:
		return base + " Full Join"
	case plan.JoinSemi:
		return base + " Semi Join"
	case plan.JoinAnti:
		return base + " Anti Join"
	}
	if base == "Nested Loop" {
		return base
	}
	return base + " Join"
}

func joinTypeName(t plan.JoinType) string {
	switch t {
	case plan.JoinLeft:
		return "Left"
	case plan.JoinRight:
		return "Right"
	case plan.JoinFull:
		return "Full"
	case plan.JoinSemi:
		return "Semi"
	case plan.JoinAnti:
		return "Anti"
	}
	return "Inner"
}

func (x *explainer) nestLoop(v *plan.NestLoop, outer *xrow) (*xnode, *xrow) {
	o, orow := x.node(v.Outer, outer)
	var i *xnode
	var irow *xrow
	if st, ok := v.Inner.(*plan.TableScan); ok && v.Lateral {
		// An inner index scan reads the outer row's values: its lines
		// name the outer side's columns.
		i, irow = x.tableScan(st, outer, orow, v.Quals)
	} else {
		saved := x.lateral
		if v.Lateral {
			x.lateral = orow
		}
		i, irow = x.node(v.Inner, outer)
		x.lateral = saved
	}
	row := mergeRows(orow, irow)
	xn := x.newNode(joinName("Nested Loop", v.Type), v)
	xn.kind, xn.join, xn.innerUnique = "Nested Loop", joinTypeName(v.Type), v.InnerUnique
	if !v.Lateral {
		// The inner rows are kept for every outer row after the first.
		m := &xnode{name: "Materialize", kind: "Materialize", plan: i.plan, base: i.plan, cost: plan.MaterializeOf(v), kids: []*xnode{i},
			rescanned: o.plan}
		i = m
	}
	if v.Memo != nil {
		// The inner rows kept by the outer values the scan is searched
		// with; only the equalities' hash equality compares them.
		m := &xnode{name: "Memoize", kind: "Memoize", plan: v.Memo, base: v.Memo, cost: v.Memo, kids: []*xnode{i},
			memoOf: v.Memo, memoInner: i.plan}
		m.add("Cache Key", strings.Join(x.exprList(v.Memo.Keys, orow, ""), ", "))
		m.add("Cache Mode", "logical")
		i.parentRel = "Outer"
		i = m
	}
	i.parentRel = "Inner"
	o.parentRel = "Outer"
	xn.kids = []*xnode{o, i}
	var rest []expr.Expr
	var keys *plan.IndexPath
	if st, ok := v.Inner.(*plan.TableScan); ok && v.Lateral {
		keys = st.Index
	}
	for _, q := range v.Quals {
		if keys != nil && isIndexQual(q, keys) {
			continue
		}
		rest = append(rest, q)
	}
	x.joinFilter(xn, v, rest, row)
	return xn, row
}

func (x *explainer) hashJoin(v *plan.HashJoin, outer *xrow) (*xnode, *xrow) {
	o, orow := x.node(v.Outer, outer)
	i, irow := x.node(v.Inner, outer)
	row := mergeRows(orow, irow)
	xn := x.newNode(joinName("Hash", v.Type), v)
	xn.kind, xn.join, xn.innerUnique = "Hash Join", joinTypeName(v.Type), v.InnerUnique
	h := &xnode{name: "Hash", kind: "Hash", plan: i.plan, base: i.plan, cost: plan.HashOf(v), kids: []*xnode{i}, parentRel: "Inner", hashOf: v}
	i.parentRel = "Outer"
	o.parentRel = "Outer"
	xn.kids = []*xnode{o, h}
	var conds []string
	for k := range v.OuterKeys {
		// The equality as an operator call, whose operands show their
		// implicit casts.
		eq := &expr.FuncExpr{Op: &expr.Operator{Name: "="}, Args: []expr.Expr{v.OuterKeys[k], v.InnerKeys[k]}, Typ: types.OidBool}
		conds = append(conds, x.deparse(eq, row, ""))
	}
	xn.add("Hash Cond", andText(conds))
	x.joinFilter(xn, v, v.Quals, row)
	return xn, row
}

// joinFilter adds join n's conditions beyond its keys, quals, as xn's
// Join Filter line, whose rejections n counts.
func (x *explainer) joinFilter(xn *xnode, n plan.Node, quals []expr.Expr, row *xrow) {
	if len(quals) > 0 {
		xn.add("Join Filter", andText(x.qualList(quals, row, "")))
		xn.joinFiltered = n
	}
}

// mergeJoin shows a merge join: its conditions as outer key = inner
// key (PostgreSQL commutes them so), each side under the Sort or
// Materialize the plan has.
func (x *explainer) mergeJoin(v *plan.MergeJoin, outer *xrow) (*xnode, *xrow) {
	o, orow := x.node(v.Outer, outer)
	i, irow := x.node(v.Inner, outer)
	row := mergeRows(orow, irow)
	xn := x.newNode(joinName("Merge", v.Type), v)
	xn.kind, xn.join, xn.innerUnique = "Merge Join", joinTypeName(v.Type), v.InnerUnique
	o.parentRel, i.parentRel = "Outer", "Inner"
	xn.kids = []*xnode{o, i}
	var conds []string
	for k := range v.OuterKeys {
		var eq expr.Expr = &expr.FuncExpr{Op: &expr.Operator{Name: "="}, Args: []expr.Expr{v.OuterKeys[k], v.InnerKeys[k]}, Typ: types.OidBool}
		if f, ok := v.Clauses[k].(*expr.FuncExpr); ok && f.Args[0] == expr.Expr(v.OuterKeys[k]) {
			eq = f
		}
		conds = append(conds, x.deparse(eq, row, ""))
	}
	xn.add("Merge Cond", andText(conds))
	x.joinFilter(xn, v, v.Quals, row)
	return xn, row
}

func (x *explainer) agg(v *plan.Agg, outer *xrow) (*xnode, *xrow) {
	in, inRow := x.node(v.Input, outer)
	name, strategy := "Aggregate", "Plain"
	switch {
	case len(v.GroupBy) > 0 && v.Sorted:
		name, strategy = "GroupAggregate", "Sorted"
	case len(v.GroupBy) > 0:
		name, strategy = "HashAggregate", "Hashed"
	}
	xn := x.newNode(name, v)
	xn.kind, xn.strategy = "Aggregate", strategy
	xn.kids = []*xnode{in}
	// The keys are printed as the input computes them
	// (show_agg_keys deparses them in the child's context).
	x.reader = in
	keys := x.exprList(v.GroupBy, inRow, "")
	x.reader = xn
	switch {
	case v.Sets != nil:
		// Every set is hashed; the empty set's one row needs no hash
		// table, which PostgreSQL shows as a MixedAggregate's Group Key.
		empty := false
		for _, set := range v.Sets {
			if len(set) == 0 {
				empty = true
				continue
			}
			var items []string
			for _, i := range set {
				items = append(items, keys[i])
			}
			xn.addList("Hash Key", items)
		}
		if empty {
			xn.addList("Group Key", []string{"()"})
			if len(xn.props) > 1 {
				xn.name, xn.strategy = "MixedAggregate", "Mixed"
			} else {
				xn.name, xn.strategy = "Aggregate", "Plain"
			}
		}
	case len(keys) > 0 && v.Order != nil:
		ordered := make([]string, len(v.Order))
		for i, k := range v.Order {
			ordered[i] = keys[k.Target]
		}
		xn.addList("Group Key", ordered)
	case len(keys) > 0:
		var compared []string
		for i, k := range keys {
			if v.Dependent == nil || !v.Dependent[i] {
				compared = append(compared, k)
			}
		}
		xn.addList("Group Key", compared)
	}
	exprs := append([]expr.Expr{}, v.GroupBy...)
	for _, a := range v.Aggs {
		exprs = append(exprs, a)
	}
	x.attach(xn, inRow, exprs...)
	if xn.strategy != "Plain" && xn.strategy != "Sorted" {
		xn.aggOf = v
	}
	row := exprRow(exprs, inRow, xn)
	for _, g := range v.Groupings {
		// GROUPING(keys) as written.
		args := make([]string, len(g))
		for i, k := range g {
			args[i] = keys[k]
		}
		row.cols = append(row.cols, &xcol{text: "GROUPING(" + strings.Join(args, ", ") + ")", producer: xn})
	}
	return xn, row
}

func (x *explainer) setOp(v *plan.HashSetOp, outer *xrow) (*xnode, *xrow) {
	l, lrow := x.node(v.Left, outer)
	r, _ := x.node(v.Right, outer)
	app := &xnode{name: "Append", kind: "Append", kids: []*xnode{l, r}}
	l.parentRel, r.parentRel = "Member", "Member"
	if v.Op == plan.Union {
		if v.All {
			return app, lrow
		}
		xn := x.newNode("HashAggregate", v)
		xn.kind, xn.strategy = "Aggregate", "Hashed"
		xn.aggOf = v
		var keys []string
		for i := range v.Types {
			keys = append(keys, x.deparse(&expr.Var{Index: i}, lrow, ""))
		}
		xn.addList("Group Key", keys)
		// The Append's rows are its members' (it has no node here).
		app.plan, app.sumOf = nil, []plan.Node{l.plan, r.plan}
		app.parentRel = "Outer"
		xn.kids = []*xnode{app}
		return xn, lrow
	}
	// Each side's rows are tagged with the side they come from, as
	// PostgreSQL's subquery scans of the two queries do.
	for i, side := range app.kids {
		wrap := &xnode{name: fmt.Sprintf("Subquery Scan on \"*SELECT* %d\"", i+1), kind: "Subquery Scan", alias: fmt.Sprintf("*SELECT* %d", i+1),
			plan: side.plan, base: side.plan, cost: side.cost, kids: []*xnode{side}, parentRel: "Member"}
		side.parentRel = "Subquery"
		app.kids[i] = wrap
	}
	name := "HashSetOp Intersect"
	if v.Op == plan.Except {
		name = "HashSetOp Except"
	}
	if v.All {
		name += " All"
	}
	xn := x.newNode(name, v)
	xn.kind, xn.strategy = "SetOp", "Hashed"
	app.plan, app.sumOf = nil, []plan.Node{app.kids[0].plan, app.kids[1].plan}
	app.parentRel = "Outer"
	xn.kids = []*xnode{app}
	return xn, lrow
}

func (x *explainer) modify(v *plan.ModifyTable, outer *xrow) (*xnode, *xrow) {
	in, inRow := x.node(v.Input, outer)
	op := map[plan.CommandType]string{plan.CmdInsert: "Insert", plan.CmdUpdate: "Update", plan.CmdDelete: "Delete", plan.CmdMerge: "Merge"}[v.Command]
	xn := x.newNode(op, v)
	xn.kind = "ModifyTable"
	var rte *plan.RTE
	if v.Command != plan.CmdInsert {
		rte = targetScan(v.Input, v)
	}
	if rte != nil {
		xn.name += x.target(xn, v.Table.Name, v.Table.Schema, rte)
	} else {
		xn.name += " on "
		if x.verbose {
			xn.name += builtins.QuoteIdent(v.Table.Schema) + "."
		}
		xn.name += builtins.QuoteIdent(v.Table.Name)
		xn.relation, xn.schema, xn.alias = v.Table.Name, v.Table.Schema, v.Table.Name
		if v.Alias != "" {
			xn.name += " " + builtins.QuoteIdent(v.Alias)
			xn.alias = v.Alias
		}
	}
	in.parentRel = "Outer"
	xn.kids = []*xnode{in}
	if action := conflictAction(v); action != "" {
		xn.conflict = true
		xn.add("Conflict Resolution", action)
		var names []string
		for _, a := range v.Arbiters {
			names = append(names, a.Name)
		}
		if len(names) > 0 && !v.ArbitersUntargeted {
			xn.addList("Conflict Arbiter Indexes", names)
		}
		if u := v.OnConflictUpdate; u != nil && u.Where != nil {
			// DO UPDATE's WHERE reads the existing row as the target
			// and the proposed one as excluded.
			row := &xrow{cols: make([]*xcol, v.Level), outer: outer}
			target := v.Table.Name
			if v.Alias != "" {
				target = v.Alias
			}
			for i, c := range v.Table.Columns {
				if v.TargetOffset+i < v.Level {
					row.cols[v.TargetOffset+i] = &xcol{rel: target, name: c.Name}
				}
				if u.ExcludedOffset+i < v.Level {
					row.cols[u.ExcludedOffset+i] = &xcol{rel: "excluded", name: c.Name}
				}
			}
			xn.add("Conflict Filter", x.deparse(u.Where, row, qualifiedLine))
		}
	}
	x.attach(xn, inRow, v.NewValues...)
	if len(v.Returning) > 0 {
		target := x.scanRow(rte, len(inRow.cols), v.TargetOffset, false, 0, outer)
		if x.verbose {
			xn.output = x.exprList(v.Returning, target, outputLine)
		} else {
			x.attach(xn, target, v.Returning...)
		}
	}
	return xn, &xrow{outer: outer}
}
