// Subqueries in FROM pulled up into their parent (PostgreSQL's
// pull_up_subqueries, pull_up_simple_subquery and is_simple_subquery).
//
// A subquery in FROM — a view, most often — that is a plain SELECT over
// FROM items is merged into the query reading it: its range table
// entries are appended to the parent's (their values placed after the
// parent's own in the level row, as semijoin.go does for EXISTS), its
// FROM list replaces the subquery's item in the parent's join tree, its
// WHERE joins the conditions of the nearest place that filters the
// subquery's rows alone, and every reference to one of its columns
// becomes the expression the column stands for. The join order search
// then sees the subquery's relations as the parent's: a join with a
// view can search an index of the view's table for each outer row, and
// the order is chosen across the view's boundary.
//
// References from the queries nested in the parent's expressions
// (sublinks, LATERAL subqueries) are rewritten too, in place, each
// expression read from as many levels out. A LATERAL subquery over
// tables and inner joins is pulled up like the others, its references
// to earlier FROM items becoming join conditions, when they read
// nothing outside the lowest outer join above it (PostgreSQL's
// restriction). Marks FOR UPDATE / FOR SHARE of the parent pushed into
// the subquery become the parent's, so that the view's rows are locked
// after the parent's joins and conditions, as PostgreSQL locks them.
// A subquery without FROM (and a query's only entry when it is a VALUES
// list of one row, pull_up_simple_values) leaves nothing to join where
// only inner joins are above it. The branches of a set operation get
// the same treatment (prepareSetOpBranches), since buildSelect plans
// them without Build. EXPLAIN still counts and names the entries pulled
// up (RTE.PulledUp), as PostgreSQL's range table keeps them.
//
// A subquery stays whole (and is planned on its own, pushdown.go) when
// PostgreSQL's is_simple_subquery refuses it: a set operation, grouping,
// aggregates, window functions, DISTINCT, ORDER BY, LIMIT, OFFSET, its
// own FOR UPDATE / FOR SHARE, WITH, a set-returning or volatile call in
// its target list, a security_barrier view, a materialized WITH query.
// gpostgres also leaves whole what it has no PlaceHolderVars for: a
// subquery on the nullable side of an outer join with an output column
// that the query reads and that is not NULL whenever the subquery's row
// is NULL-extended (a column, or strict calls over its columns), and a
// subquery whose WHERE would have to stay below a FULL JOIN it is
// under. It leaves whole subqueries with sublinks in their own
// expressions, TABLESAMPLE or LATERAL items (a LATERAL subquery with
// anything but tables and inner joins), and those whose columns an
// aggregate of an outer level, a WITH query, or a sublink of a grouped
// parent reads.
//
// Like pushdown.go this runs when the query is planned, never during
// analysis, which must keep the query as written for printing it back.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// pullUpSubqueries merges the simple subqueries of q's FROM list into q
// (see the file comment); q is changed in place, so that planning it
// again finds them done.
func pullUpSubqueries(q *Query) {
	if q.Command != CmdSelect || q.SetOp != nil || len(q.From) == 0 {
		return
	}
	from := q.From[:0:0]
	var vanished []*RTE
	for _, it := range q.From {
		item, pending := pullUpItem(q, it, false, false, nil, &vanished)
		if item != nil {
			from = append(from, item)
		}
		if len(pending) > 0 {
			q.Where = andOf(append(pending, flattenAndNil(q.Where)...))
		}
	}
	q.From = from
	if len(vanished) > 0 {
		// What stays of subqueries without FROM is kept in the range
		// table by the relations that are left, for EXPLAIN.
		for _, r := range q.RTEs {
			if r.Kind != RTEJoin {
				r.PulledUp = append(append([]*RTE(nil), r.PulledUp...), vanished...)
			}
		}
	}
}

// pullUpItem pulls up the simple subqueries of join tree item it.
// nullable says an outer join may NULL-extend its rows; noPending that
// conditions cannot be placed above it (it is under a FULL JOIN with
// nothing but LEFT JOIN left sides in between). pending are the WHERE
// conditions of pulled-up subqueries that must be tested above the
// returned item, as a condition of its own rows. scope, when an outer,
// semi or anti join is above it, gives the entries of the lowest one.
func pullUpItem(q *Query, it FromItem, nullable, noPending bool, scope func() map[int]bool, vanished *[]*RTE) (FromItem, []expr.Expr) {
	switch x := it.(type) {
	case *RangeItem:
		// nil for a subquery without FROM pulled up: nothing is left.
		item, pending, ok := pullUpSubquery(q, x.RTE, nullable, noPending, scope)
		if !ok {
			item = it
		} else if item == nil {
			*vanished = append(*vanished, q.RTEs[x.RTE])
			return nil, pending
		}
		if !ok && scope == nil && !nullable {
			// One row of VALUES, the only entry of q.
			if left := pullUpValues(q, x.RTE); left != nil {
				*vanished = append(*vanished, left...)
				return nil, nil
			}
		}
		return item, pending
	case *JoinItem:
		switch x.Type {
		case JoinInner, JoinCross:
			// A condition on one side's rows is a condition of the join.
			l, lp := pullUpItem(q, x.Left, nullable, false, scope, vanished)
			r, rp := pullUpItem(q, x.Right, nullable, false, scope, vanished)
			pending := append(lp, rp...)
			if l == nil || r == nil {
				// A side was a subquery without FROM: the other side
				// stands for the join, whose conditions go up with it
				// (only inner joins are above, see pullUpSubquery).
				pending = append(pending, flattenAndNil(x.Quals)...)
				if l == nil {
					return r, pending
				}
				return l, pending
			}
			x.Left, x.Right = l, r
			if len(pending) > 0 {
				x.Quals = andOf(append(pending, flattenAndNil(x.Quals)...))
				x.Type = JoinInner
			}
			return x, nil
		case JoinLeft, JoinRight:
			// The preserved side's conditions filter the joined rows
			// alike; the nullable side's join the ON condition.
			keep, null := &x.Left, &x.Right
			if x.Type == JoinRight {
				keep, null = null, keep
			}
			k, kp := pullUpItem(q, *keep, nullable, noPending, joinScope(q, x), vanished)
			*keep = k
			n, np := pullUpItem(q, *null, true, false, joinScope(q, x), vanished)
			*null = n
			if len(np) > 0 {
				x.Quals = andOf(append(np, flattenAndNil(x.Quals)...))
			}
			return x, kp
		case JoinFull:
			x.Left, _ = pullUpItem(q, x.Left, true, true, joinScope(q, x), vanished)
			x.Right, _ = pullUpItem(q, x.Right, true, true, joinScope(q, x), vanished)
			return x, nil
		case JoinSemi, JoinAnti:
			// The inner side is tables and joins (semijoin.go).
			l, lp := pullUpItem(q, x.Left, nullable, noPending, joinScope(q, x), vanished)
			x.Left = l
			return x, lp
		}
	}
	return it, nil
}

// pullUpSubquery merges range table entry idx of q into q when it is a
// subquery that can be (see the file comment), and returns the FROM
// item that takes its place and the conditions to test above it.
func pullUpSubquery(q *Query, idx int, nullable, noPending bool, scope func() map[int]bool) (FromItem, []expr.Expr, bool) {
	r := q.RTEs[idx]
	if r.Kind != RTESubquery || r.Subquery == nil || r.CTE != nil && r.CTE.Materialized() {
		return nil, nil, false
	}
	if r.Table != nil && r.Table.Entry != nil && r.Table.Entry.SecurityBarrier {
		// Its columns' expressions scattered about the query could leak
		// the rows it hides to functions that are not leakproof.
		return nil, nil, false
	}
	sub := inherit(q, r.Subquery)
	// Its own tests and subqueries first, as PostgreSQL flattens the
	// subquery before it pulls it up.
	pullUpSubLinks(sub)
	pullUpSubqueries(sub)
	// A subquery without FROM leaves nothing in the join tree: only
	// where nothing but inner joins are above it.
	if !simpleSubquery(sub, scope == nil && !nullable) {
		return nil, nil, false
	}
	if r.Lateral && (!lateralPullable(sub) || scope != nil && !lateralRefsWithin(q, sub, scope())) {
		// Its references to earlier FROM items become conditions of
		// the join: they must read nothing outside the lowest outer
		// join above it (PostgreSQL's restriction).
		return nil, nil, false
	}
	vis := sub.VisibleTargets()
	if r.Width != len(vis) {
		return nil, nil, false
	}
	for i, t := range vis {
		if i >= len(r.Columns) || t.Expr.Type() != r.Columns[i].TypeOID {
			// The query reads the column as another type than the
			// expression gives (a view whose definition has changed
			// under it): leave the subquery to convert.
			return nil, nil, false
		}
		if nullable && !nullWhenExtended(t.Expr) {
			// gpostgres has no PlaceHolderVars to keep the value NULL in
			// the rows the outer join NULL-extends: only a column nothing
			// reads may be such an expression.
			col := &rangeReads{lo: r.Offset + i, hi: r.Offset + i + 1, noJoinVars: true}
			if col.query(q, 0); col.found || col.blocked {
				return nil, nil, false
			}
		}
	}
	single := len(sub.From) == 1
	if single {
		if j, ok := sub.From[0].(*JoinItem); ok && (j.Type == JoinInner || j.Type == JoinCross) {
			single = false
		}
	}
	if noPending && single && sub.Where != nil {
		return nil, nil, false
	}
	for _, m := range q.RowMarks {
		if m.RTE == idx && len(sub.RowMarks) == 0 {
			// Locked, but not through marks of its own tables.
			return nil, nil, false
		}
	}
	lo, hi := r.Offset, r.Offset+r.Width
	rr := &rangeReads{lo: lo, hi: hi}
	rr.query(q, 0)
	if rr.blocked || rr.nested && q.Grouped {
		// A query nested in a grouped query's expressions reads the
		// Agg row there, which is not rewritten.
		return nil, nil, false
	}

	// What stays of the entry in the range table: read by nothing,
	// named as the subquery was.
	name := r.Alias
	switch {
	case name != "":
	case r.CTE != nil:
		name = r.CTE.Name
	case r.Table != nil:
		name = r.Table.Name
	default:
		name = "unnamed_subquery"
	}
	dead := &RTE{Kind: RTEJoin, Alias: name, Columns: r.Columns, Offset: r.Offset, Loc: r.Loc}

	// Move the subquery's entries up.
	width, base := q.Width, len(q.RTEs)
	up := func(e expr.Expr) expr.Expr {
		if e == nil {
			return nil
		}
		if r.Lateral {
			// Its parent is q: q's columns become its own level's.
			return pullUpExpr(e, width)
		}
		return shiftLevel(e, width)
	}
	moved := make(map[*RTE]*RTE, len(sub.RTEs))
	for _, sr := range sub.RTEs {
		cp := *sr
		moved[sr] = &cp
	}
	for _, sr := range sub.RTEs {
		cp := moved[sr]
		cp.PulledUp = make([]*RTE, 0, len(sr.PulledUp)+1)
		for _, p := range sr.PulledUp {
			cp.PulledUp = append(cp.PulledUp, moved[p])
		}
		cp.PulledUp = append(cp.PulledUp, dead)
		cp.Offset += width
		if cp.SysUsed {
			cp.SysOffset += width
		}
		switch cp.Kind {
		case RTEJoin:
			cp.JoinVars = make([]expr.Expr, len(sr.JoinVars))
			for i, v := range sr.JoinVars {
				cp.JoinVars[i] = up(v)
			}
		case RTEFunction:
			fc := *sr.Func
			fc.Args = make([]expr.Expr, len(sr.Func.Args))
			for i, a := range sr.Func.Args {
				fc.Args[i] = up(a)
			}
			cp.Func = &fc
		case RTEValues:
			cp.Values = make([][]expr.Expr, len(sr.Values))
			for i, row := range sr.Values {
				cp.Values[i] = make([]expr.Expr, len(row))
				for j, v := range row {
					cp.Values[i][j] = up(v)
				}
			}
		}
		q.RTEs = append(q.RTEs, cp)
	}
	q.Width += sub.Width
	if len(sub.RowMarks) > 0 {
		// The marks FOR UPDATE of q gave the subquery's tables are q's
		// now, after its own (PostgreSQL's order); the subquery's entry
		// locks nothing.
		marks := q.RowMarks[:0:0]
		for _, m := range q.RowMarks {
			if m.RTE != idx {
				marks = append(marks, m)
			}
		}
		for _, m := range sub.RowMarks {
			m.RTE += base
			marks = append(marks, m)
		}
		q.RowMarks = marks
	}
	if len(q.RowMarks) > 0 {
		// Its tables are now of a level with row marks (PostgreSQL marks
		// every relation of the flattened query; markLockingLevel).
		for _, cp := range q.RTEs[base:] {
			if cp.Kind == RTETable {
				cp.InLockingLevel = true
			}
		}
	}

	// Every reference to the subquery's columns becomes the expression
	// behind it, in the queries nested in q's expressions too (with its
	// columns read from as many levels out). What reads none of them
	// stays as it is, and a node met twice is replaced by the same node,
	// so that expressions the analysis shares (a set-returning call in
	// the target list and in a window's PARTITION BY) stay shared.
	sb := &substituter{rangeReads: rangeReads{lo: lo, hi: hi}, memo: map[expr.Expr]expr.Expr{}}
	sb.value = func(i, depth int) expr.Expr { return raiseLevels(up(vis[i].Expr), depth) }
	replace := func(e expr.Expr) expr.Expr { return sb.expr(e, 0) }
	mapLevelExprs(q, replace)
	for _, lr := range q.RTEs {
		if lr.Kind == RTESubquery && lr.Lateral {
			sb.query(lr.Subquery, 1)
		}
	}

	q.RTEs[idx] = dead

	if len(sub.From) == 0 {
		return nil, flattenAndNil(up(sub.Where)), true
	}
	items := make([]FromItem, len(sub.From))
	for i, it := range sub.From {
		items[i] = renumberFrom(it, base, up)
	}
	item := oneItem(items)
	if sub.Where == nil {
		return item, nil, true
	}
	where := flattenAnd(up(sub.Where), nil)
	if j, ok := item.(*JoinItem); ok && (j.Type == JoinInner || j.Type == JoinCross) {
		// WHERE after the join's own conditions, as PostgreSQL
		// distributes a FROM list's quals after its items'.
		j.Quals = andOf(append(flattenAndNil(j.Quals), where...))
		j.Type = JoinInner
		return item, nil, true
	}
	return item, where, true
}

// simpleSubquery reports whether sub may be merged into the query whose
// FROM list holds it (is_simple_subquery, with gpostgres's own limits:
// see the file comment).
func simpleSubquery(sub *Query, noFrom bool) bool {
	if sub.Command != CmdSelect || sub.SetOp != nil || sub.Grouped || len(sub.GroupBy) > 0 || len(sub.Aggs) > 0 ||
		sub.Having != nil || len(sub.Windows) > 0 || sub.Distinct || len(sub.DistinctOn) > 0 || len(sub.Sort) > 0 ||
		sub.Limit != nil || sub.Offset != nil || sub.LimitWithTies || len(sub.CTEs) > 0 || len(sub.From) == 0 && !noFrom {
		return false
	}
	for _, m := range sub.RowMarks {
		if !m.PushedDown {
			// Its own FOR UPDATE locks its rows before the query's
			// joins and conditions; one the query applied to it locks
			// the rows the query returns, as it does once pulled up.
			return false
		}
	}
	for _, t := range sub.Targets {
		if hasVolatile(t.Expr) || hasSRF(t.Expr) || hasSubLink(t.Expr) || hasAggOrWindow(t.Expr) {
			return false
		}
	}
	if sub.Where != nil && (hasSubLink(sub.Where) || hasAggOrWindow(sub.Where)) {
		return false
	}
	clean := true
	for _, it := range sub.From {
		walkFromQuals(it, func(e expr.Expr) {
			clean = clean && (e == nil || !hasSubLink(e))
		})
	}
	if !clean {
		return false
	}
	for _, r := range sub.RTEs {
		if r.Lateral {
			return false
		}
		switch r.Kind {
		case RTETable:
			if r.Sample != nil {
				return false
			}
		case RTEJoin, RTEVirtual:
			for _, v := range r.JoinVars {
				if hasSubLink(v) {
					return false
				}
			}
		case RTESubquery:
			// A subquery left whole moves up as it is: not LATERAL, it
			// counts its levels from sub's parent, as sub itself does.
		case RTEFunction:
			for _, a := range r.Func.Args {
				if hasSubLink(a) {
					return false
				}
			}
		case RTEValues:
			for _, row := range r.Values {
				for _, v := range row {
					if hasSubLink(v) {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}

// hasAggOrWindow reports whether e holds an aggregate, window or
// GROUPING call.
func hasAggOrWindow(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		switch x.(type) {
		case *expr.Aggref, *expr.WindowFunc, *expr.GroupingFunc:
			found = true
		}
		return !found
	})
	return found
}

// nullWhenExtended reports whether output expression e of a subquery is
// NULL whenever the subquery's relations are NULL-extended: a column of
// its level, or strict calls over constants and at least one such
// column (what PostgreSQL leaves without a PlaceHolderVar).
func nullWhenExtended(e expr.Expr) bool {
	ok, hasVar := true, false
	Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.Var:
			hasVar = hasVar || v.LevelsUp == 0
		case *expr.Const, *expr.RelabelType:
		case *expr.FuncExpr:
			ok = v.Func != nil && v.Func.Strict && !v.Func.RetSet
		default:
			ok = false
		}
		return ok
	})
	return ok && hasVar
}

// mapAggref is aggregate call a with f applied to the expressions it
// reads from the rows it aggregates (not its direct arguments, which
// read the Agg row).
func mapAggref(a *expr.Aggref, f func(expr.Expr) expr.Expr) *expr.Aggref {
	cp := *a
	cp.Args = allOptional(a.Args, f)
	if a.Filter != nil {
		cp.Filter = f(a.Filter)
	}
	if a.Order != nil {
		cp.Order = append([]expr.AggOrder(nil), a.Order...)
		for i := range cp.Order {
			cp.Order[i].Expr = f(a.Order[i].Expr)
		}
	}
	return &cp
}

// mapRTEExprs replaces the expressions of range table entry r (a join's
// columns, a function's arguments, VALUES rows, TABLESAMPLE's arguments)
// with f's results; f never sees a nil expression.
func mapRTEExprs(r *RTE, f func(expr.Expr) expr.Expr) {
	opt := func(e expr.Expr) expr.Expr {
		if e == nil {
			return nil
		}
		return f(e)
	}
	switch r.Kind {
	case RTEJoin:
		for i, v := range r.JoinVars {
			r.JoinVars[i] = opt(v)
		}
	case RTEFunction:
		for i, a := range r.Func.Args {
			r.Func.Args[i] = opt(a)
		}
	case RTEValues:
		for _, row := range r.Values {
			for i, v := range row {
				row[i] = opt(v)
			}
		}
	case RTETable:
		if r.Sample != nil {
			for i, a := range r.Sample.Args {
				r.Sample.Args[i] = opt(a)
			}
			r.Sample.Repeatable = opt(r.Sample.Repeatable)
		}
	}
}

// mapLevelExprs replaces each expression of SELECT q that reads its
// level row by f's result: WHERE, the join conditions, grouping keys and
// aggregate calls, the target list, HAVING and windows when they read
// the level row (not grouped), the join columns and the expressions of
// the range table entries.
func mapLevelExprs(q *Query, f func(expr.Expr) expr.Expr) {
	opt := func(e expr.Expr) expr.Expr {
		if e == nil {
			return nil
		}
		return f(e)
	}
	q.Where = opt(q.Where)
	for _, it := range q.From {
		mapFromQuals(it, opt)
	}
	for i, g := range q.GroupBy {
		q.GroupBy[i] = f(g)
	}
	for i, a := range q.Aggs {
		if m, ok := f(a).(*expr.Aggref); ok {
			q.Aggs[i] = m
		}
	}
	if !q.Grouped {
		for i := range q.Targets {
			q.Targets[i].Expr = f(q.Targets[i].Expr)
		}
		q.Having = opt(q.Having)
		for _, w := range q.Windows {
			w.Map(f)
		}
	}
	for _, r := range q.RTEs {
		mapRTEExprs(r, f)
	}
}

// shiftLevel is expression e of a subquery in FROM that is not LATERAL,
// read in the query holding it, whose level row holds width values
// before the subquery's. Only the subquery's own columns move: such a
// subquery counts the levels around it from its parent's parent (its
// parent's FROM items are not its enclosing rows), as its parent does.
func shiftLevel(e expr.Expr, width int) expr.Expr {
	if v, ok := e.(*expr.Var); ok {
		cp := *v
		if cp.LevelsUp == 0 {
			cp.Index += width
		}
		return &cp
	}
	return MapChildren(e, func(c expr.Expr) expr.Expr { return shiftLevel(c, width) })
}

// raiseLevels is e read from depth levels further in: each Var refers
// as many levels further out.
func raiseLevels(e expr.Expr, depth int) expr.Expr {
	if depth == 0 {
		return e
	}
	if v, ok := e.(*expr.Var); ok {
		cp := *v
		cp.LevelsUp += depth
		return &cp
	}
	return MapChildren(e, func(c expr.Expr) expr.Expr { return raiseLevels(c, depth) })
}

// rangeReads looks for the reads of positions lo to hi of a query's
// level row in an expression or a query depth levels below it.
type rangeReads struct {
	lo, hi int
	// found is set when something reads them, nested when a query
	// nested in the level's expressions does.
	found, nested bool
	// blocked is set when something reads them, or may, that the
	// substitution cannot rewrite: an aggregate of an outer level, a
	// sublink already planned, a WITH query.
	blocked bool
	// noJoinVars leaves out the expressions behind join columns, which
	// only analysis reads (references to join columns are to them).
	noJoinVars bool
}

// subLinkOf is the analyzed query of a sublink, nil when it has been
// planned.
func subLinkOf(sl *expr.SubLink) *Query {
	if sub, ok := sl.Plan.(*Query); ok {
		return sub
	}
	if sl.Plan == nil {
		sub, _ := sl.Query.(*Query)
		return sub
	}
	return nil
}

func (rr *rangeReads) expr(e expr.Expr, depth int) {
	Walk(e, func(x expr.Expr) bool {
		switch v := x.(type) {
		case *expr.Var:
			if v.LevelsUp == depth && v.Index >= rr.lo && v.Index < rr.hi {
				rr.found = true
				rr.nested = rr.nested || depth > 0
			}
		case *expr.Aggref:
			if v.LevelsUp > 0 {
				rr.blocked = true
			}
		case *expr.SubLink:
			if sub := subLinkOf(v); sub != nil {
				rr.query(sub, depth+1)
			} else {
				rr.blocked = true
			}
		}
		return true
	})
}

// query looks into nq, depth levels below the level asked about (0: nq
// is that level; its subqueries in FROM that are not LATERAL cannot
// read its row).
func (rr *rangeReads) query(nq *Query, depth int) {
	if nq == nil {
		return
	}
	each := func(e expr.Expr) {
		if e != nil {
			rr.expr(e, depth)
		}
	}
	shallow := *nq
	shallow.RTEs, shallow.SetOp, shallow.InsertSource = nil, nil, nil
	walkQuery(&shallow, each)
	for _, r := range nq.RTEs {
		switch r.Kind {
		case RTESubquery:
			// A LATERAL subquery counts nq among its enclosing levels;
			// another one does not.
			if r.Lateral {
				rr.query(r.Subquery, depth+1)
			} else if depth > 0 {
				rr.query(r.Subquery, depth)
			}
		case RTEJoin:
			if !rr.noJoinVars {
				for _, v := range r.JoinVars {
					each(v)
				}
			}
		case RTEFunction:
			for _, a := range r.Func.Args {
				each(a)
			}
		case RTEValues:
			for _, row := range r.Values {
				for _, v := range row {
					each(v)
				}
			}
		case RTETable:
			if r.Sample != nil {
				for _, a := range r.Sample.Args {
					each(a)
				}
				each(r.Sample.Repeatable)
			}
		}
	}
	if depth > 0 {
		for _, c := range nq.CTEs {
			// Either way of counting its levels; never rewritten.
			cr := &rangeReads{lo: rr.lo, hi: rr.hi, noJoinVars: rr.noJoinVars}
			cr.query(c.Query, depth)
			cr.query(c.Query, depth+1)
			if cr.found || cr.blocked {
				rr.found, rr.nested, rr.blocked = true, true, true
			}
		}
	}
	if nq.SetOp != nil {
		// The branches are queries of nq's level.
		rr.query(nq.SetOp.Left, depth)
		rr.query(nq.SetOp.Right, depth)
	}
	if nq.InsertSource != nil || len(nq.Returning) > 0 || len(nq.NewValues) > 0 || nq.OnConflict != nil || len(nq.MergeActions) > 0 {
		if depth > 0 {
			rr.blocked = true
		}
	}
}

// substituter replaces the reads of positions lo to hi of a query's
// level row, in its expressions and the queries nested in them, by
// value(i, depth): the expression giving position lo+i, read from depth
// levels in. Nested queries are changed in place.
type substituter struct {
	rangeReads
	value func(i, depth int) expr.Expr
	memo  map[expr.Expr]expr.Expr
}

// reads reports whether e, depth levels in, reads the positions.
func (sb *substituter) reads(e expr.Expr, depth int) bool {
	rr := &rangeReads{lo: sb.lo, hi: sb.hi}
	rr.expr(e, depth)
	return rr.found
}

func (sb *substituter) expr(e expr.Expr, depth int) expr.Expr {
	if e == nil {
		return nil
	}
	if out, ok := sb.memo[e]; ok {
		return out
	}
	out := e
	if sb.reads(e, depth) {
		switch x := e.(type) {
		case *expr.Var:
			if x.LevelsUp == depth {
				out = sb.value(x.Index-sb.lo, depth)
			}
		case *expr.SubLink:
			cp := *x
			if x.Test != nil {
				cp.Test = sb.expr(x.Test, depth)
			}
			if sub := subLinkOf(x); sub != nil {
				sb.query(sub, depth+1)
			}
			out = &cp
		case *expr.Aggref:
			if x.LevelsUp == 0 {
				a := mapAggref(x, func(c expr.Expr) expr.Expr { return sb.expr(c, depth) })
				if depth > 0 {
					// A nested query's direct arguments read its Agg row
					// at level 0 only.
					a.DirectArgs = allOptional(x.DirectArgs, func(c expr.Expr) expr.Expr { return sb.expr(c, depth) })
				}
				out = a
			}
		case *expr.GroupingFunc:
			cp := *x
			cp.Args = make([]expr.Expr, len(x.Args))
			for i, a := range x.Args {
				cp.Args[i] = sb.expr(a, depth)
			}
			out = &cp
		case *expr.RowExpr:
			cp := MapChildren(e, func(c expr.Expr) expr.Expr { return sb.expr(c, depth) }).(*expr.RowExpr)
			// A whole-row reference to the subquery is now a row of
			// the expressions (PostgreSQL prints ROW(...)).
			cp.WholeRow = false
			out = cp
		default:
			out = MapChildren(e, func(c expr.Expr) expr.Expr { return sb.expr(c, depth) })
		}
	}
	sb.memo[e] = out
	return out
}

// query rewrites nested query nq, depth levels in, in place.
func (sb *substituter) query(nq *Query, depth int) {
	if nq == nil {
		return
	}
	m := func(e expr.Expr) expr.Expr { return sb.expr(e, depth) }
	nq.Where = m(nq.Where)
	nq.Having = m(nq.Having)
	nq.Limit = m(nq.Limit)
	nq.Offset = m(nq.Offset)
	for i, g := range nq.GroupBy {
		nq.GroupBy[i] = m(g)
	}
	for i, a := range nq.Aggs {
		if r, ok := m(a).(*expr.Aggref); ok {
			nq.Aggs[i] = r
		}
	}
	for i := range nq.Targets {
		nq.Targets[i].Expr = m(nq.Targets[i].Expr)
	}
	for _, w := range nq.Windows {
		w.Map(m)
	}
	for _, it := range nq.From {
		mapFromQuals(it, m)
	}
	for _, r := range nq.RTEs {
		switch r.Kind {
		case RTESubquery:
			if r.Lateral {
				sb.query(r.Subquery, depth+1)
			} else {
				sb.query(r.Subquery, depth)
			}
		default:
			mapRTEExprs(r, m)
		}
	}
	if nq.SetOp != nil {
		sb.query(nq.SetOp.Left, depth)
		sb.query(nq.SetOp.Right, depth)
	}
}

// lateralPullable reports whether LATERAL subquery sub may be pulled up
// (where no outer join is above it): it reads tables and inner joins
// only, whose expressions are its own, so that moving them up makes
// each reference to an earlier FROM item a condition of the join.
func lateralPullable(sub *Query) bool {
	for _, r := range sub.RTEs {
		if r.Kind != RTETable && r.Kind != RTEJoin || r.Lateral || r.Kind == RTETable && r.Sample != nil {
			return false
		}
	}
	var inner func(it FromItem) bool
	inner = func(it FromItem) bool {
		j, ok := it.(*JoinItem)
		return !ok || (j.Type == JoinInner || j.Type == JoinCross) && inner(j.Left) && inner(j.Right)
	}
	for _, it := range sub.From {
		if !inner(it) {
			return false
		}
	}
	return true
}

// joinScope gives the entries under join j when asked (as pulling its
// items up has left them).
func joinScope(q *Query, j *JoinItem) func() map[int]bool {
	return func() map[int]bool { return itemRels(q, j, nil) }
}

// lateralRefsWithin reports whether LATERAL subquery sub of q reads only
// entries of q in safe.
func lateralRefsWithin(q *Query, sub *Query, safe map[int]bool) bool {
	ok := true
	check := func(e expr.Expr) {
		Walk(e, func(x expr.Expr) bool {
			if v, is := x.(*expr.Var); is && v.LevelsUp == 1 && !safe[rteAt(q, v.Index)] {
				ok = false
			}
			return ok
		})
	}
	shallow := *sub
	shallow.RTEs = nil
	walkQuery(&shallow, func(e expr.Expr) {
		if e != nil {
			check(e)
		}
	})
	for _, r := range sub.RTEs {
		for _, v := range r.JoinVars {
			if v != nil {
				check(v)
			}
		}
	}
	return ok
}

// prepareSetOpBranches gives the SELECTs under set operation op what
// Build gives a query before planning it: semi and anti joins, pulled-up
// subqueries, reduced outer joins and conditions pushed into subqueries.
func prepareSetOpBranches(op *SetOp) {
	for _, b := range []*Query{op.Left, op.Right} {
		if b == nil {
			continue
		}
		if b.SetOp != nil {
			if b.SetOp.Recursive == nil {
				prepareSetOpBranches(b.SetOp)
			}
			continue
		}
		pullUpSubLinks(b)
		pullUpSubqueries(b)
		reduceOuterJoins(b)
		pushDownQuals(b)
	}
}

// pullUpValues merges range table entry idx of q into q when it is a
// VALUES list of one row and q's only entry (pull_up_simple_values,
// is_simple_values; the caller makes sure no outer join is above it):
// each reference to one of its columns becomes the row's expression,
// and nothing is left to join — q is then a subquery without FROM, which
// its parent can pull up in turn. It returns the entries that stay in
// the range table, read by nothing (nil when the entry stays).
func pullUpValues(q *Query, idx int) []*RTE {
	r := q.RTEs[idx]
	if r.Kind != RTEValues || len(q.RTEs) != 1 || len(r.Values) != 1 || r.Lateral || len(r.Values[0]) != r.Width ||
		q.Command != CmdSelect {
		return nil
	}
	row := r.Values[0]
	for i, e := range row {
		if i >= len(r.Columns) || e.Type() != r.Columns[i].TypeOID || hasVolatile(e) || hasSRF(e) || hasSubLink(e) ||
			hasAggOrWindow(e) || readsLevel(e) {
			return nil
		}
	}
	lo, hi := r.Offset, r.Offset+r.Width
	rr := &rangeReads{lo: lo, hi: hi}
	rr.query(q, 0)
	if rr.blocked || rr.nested && q.Grouped {
		return nil
	}
	sb := &substituter{rangeReads: rangeReads{lo: lo, hi: hi}, memo: map[expr.Expr]expr.Expr{}}
	sb.value = func(i, depth int) expr.Expr { return raiseLevels(shiftLevel(row[i], 0), depth) }
	mapLevelExprs(q, func(e expr.Expr) expr.Expr { return sb.expr(e, 0) })
	for _, lr := range q.RTEs {
		if lr.Kind == RTESubquery && lr.Lateral {
			sb.query(lr.Subquery, 1)
		}
	}
	dead := &RTE{Kind: RTEJoin, Alias: r.Alias, Columns: r.Columns, Offset: r.Offset, Loc: r.Loc}
	if dead.Alias == "" {
		dead.Alias = "*VALUES*"
	}
	q.RTEs[idx] = dead
	return append(append([]*RTE(nil), r.PulledUp...), dead)
}
