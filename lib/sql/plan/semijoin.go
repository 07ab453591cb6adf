// Semi and anti joins: the EXISTS, NOT EXISTS and IN (subquery) tests
// among the AND-ed conditions of a SELECT's WHERE become joins of the
// query's FROM items with the subquery's (PostgreSQL's pull_up_sublinks,
// convert_EXISTS_sublink_to_join and convert_ANY_sublink_to_join, with
// the subquery's relations pulled up into the query as
// pull_up_simple_subquery does). The subquery's range table entries are
// appended to the query's, their values placed after the query's own in
// the level row, and the subquery's expressions read that row: its own
// columns moved up by the query's width, the query's columns (one level
// out before) now of the same level.
//
// A pulled-up test becomes a JoinItem of type JoinSemi or JoinAnti (RTE
// -1) whose left side is everything the FROM list held and whose right
// side is the subquery's FROM list; its Quals are the subquery's WHERE
// and, for IN, the comparison with the subquery's output in place of
// the subquery row. When the right side is one table that a unique index
// lets match each outer row once at most, the semi join is an inner join
// instead (reduce_unique_semijoins): the table joins the FROM list and
// the conditions WHERE, and the join order search places it.
//
// The join order search (joinsearch.go) takes the right side as one
// element of the FROM list's join list that joins only a set holding
// every relation its conditions read, as that join's inner side
// (join_is_legal's min_lefthand); an anti join's conditions are tested
// at the join alone. Each such join is the cheapest by EXPLAIN's
// estimates of a hash join hashing the inner rows, a nested loop
// searching an index of the inner table for each outer row, a nested
// loop over the inner rows kept, a merge join, and for a semi join the
// inner joins of the inner side's distinct rows (a HashAggregate,
// uniqueInnerJoins), with PostgreSQL's semi join estimates
// (eqjoinsel_semi, compute_semi_anti_join_factors). The executor stops
// at an outer row's first match (semi) or drops the row there (anti).
//
// Left as subplans (hashed where expr.SubLink allows): the tests of
// UPDATE, DELETE and of a level with FOR UPDATE / FOR SHARE (whose
// rechecks of rows changed meanwhile test WHERE again), a test not at
// the top of WHERE's AND, NOT IN (whose NULL rules a join does not
// keep), uncorrelated EXISTS, and subqueries with grouping, aggregates,
// window functions, DISTINCT, ORDER BY, OFFSET, a LIMIT other than a
// positive constant (EXISTS only), WITH, FOR UPDATE, set operations,
// set-returning or volatile expressions, tests left in their WHERE, or
// FROM items other than tables and joins.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// pullUpSubLinks turns the tests of q's WHERE that can be joins into
// semi and anti joins (see the file comment); q is changed in place,
// so that planning it again finds them done.
func pullUpSubLinks(q *Query) {
	// Not at a level with FOR UPDATE / FOR SHARE: a semi or anti join
	// does not keep the inner row it matched, which LockRows' recheck
	// of a row updated meanwhile would test the join condition with
	// (lockrows.go); as a subquery, the test is run again instead.
	if q.Command != CmdSelect || q.Where == nil || len(q.From) == 0 || len(q.RowMarks) > 0 {
		return
	}
	var keep []expr.Expr
	pulled := false
	var joined []expr.Expr
	for _, c := range flattenAnd(q.Where, nil) {
		if ok, where := pullUpSubLink(q, c); ok {
			pulled = true
			joined = append(joined, where...)
			continue
		}
		keep = append(keep, c)
	}
	if pulled {
		q.Where = andOf(append(keep, joined...))
	}
}

// andOf is the AND of conds: nil for none, the one for one.
func andOf(conds []expr.Expr) expr.Expr {
	switch len(conds) {
	case 0:
		return nil
	case 1:
		return conds[0]
	}
	return &expr.BoolExpr{Op: expr.And, Args: conds}
}

// pullUpSubLink makes a join of condition c of q's WHERE when it is a
// test that can be one, and reports whether it did; where are the
// conditions that take c's place in WHERE (those of a semi join made an
// inner join).
func pullUpSubLink(q *Query, c expr.Expr) (ok bool, where []expr.Expr) {
	anti := false
	if b, ok := c.(*expr.BoolExpr); ok && b.Op == expr.Not && len(b.Args) == 1 {
		c, anti = b.Args[0], true
	}
	sl, isSubLink := c.(*expr.SubLink)
	if !isSubLink {
		return false, nil
	}
	sub, isQuery := sl.Plan.(*Query)
	if isQuery && sub.Where != nil && hasSubLink(sub.Where) {
		// Its own tests first, as joins of its FROM list.
		pullUpSubLinks(sub)
	}
	if isQuery {
		// Its views and simple subqueries in FROM merged into it, as
		// PostgreSQL flattens them on the semi join's inner side.
		pullUpSubqueries(sub)
	}
	if !isQuery || !pullableSubquery(sub) {
		return false, nil
	}
	var test expr.Expr
	switch {
	case sl.Kind == expr.ExistsSubLink:
		// An uncorrelated EXISTS runs once (an InitPlan); a correlated
		// one reads the enclosing row in WHERE alone.
		if !sl.Correlated || sub.Where == nil || !readsOuterLevel(sub.Where) {
			return false, nil
		}
		if sub.Limit != nil {
			if n, ok := constInt(sub.Limit); !ok || n < 1 {
				return false, nil
			}
		}
	case sl.Kind == expr.AnySubLink && !anti:
		// IN over a subquery that does not read the enclosing row; the
		// test reads the query's row and calls nothing volatile.
		if sl.Correlated || sub.Limit != nil || sub.Distinct || len(sub.Sort) > 0 || sl.Test == nil ||
			!readsLevel(sl.Test) || hasVolatile(sl.Test) || hasSubLink(sl.Test) {
			return false, nil
		}
		for _, t := range sub.Targets {
			if hasVolatile(t.Expr) || hasSubLink(t.Expr) || readsOuterLevel(t.Expr) {
				return false, nil
			}
		}
		test = sl.Test
	default:
		return false, nil
	}
	// Nothing but WHERE reads the enclosing row, and WHERE calls
	// nothing volatile (it runs once per pair of rows as a join
	// condition).
	rest := *sub
	rest.Where, rest.Targets, rest.Limit = nil, nil, nil
	clean := true
	walkQuery(&rest, func(e expr.Expr) {
		clean = clean && !readsOuterLevel(e) && !hasSubLink(e)
	})
	if !clean || sub.Where != nil && (hasVolatile(sub.Where) || hasSubLink(sub.Where)) {
		return false, nil
	}
	for _, t := range sub.Targets {
		if hasSRF(t.Expr) {
			return false, nil
		}
	}

	// Pull the subquery's entries up into q.
	width, base := q.Width, len(q.RTEs)
	up := func(e expr.Expr) expr.Expr {
		if e == nil {
			return nil
		}
		return pullUpExpr(e, width)
	}
	moved := make(map[*RTE]*RTE, len(sub.RTEs))
	for _, r := range sub.RTEs {
		cp := *r
		moved[r] = &cp
	}
	for _, r := range sub.RTEs {
		cp := moved[r]
		cp.Offset += width
		if cp.SysUsed {
			cp.SysOffset += width
		}
		if cp.Kind == RTEJoin {
			cp.JoinVars = make([]expr.Expr, len(r.JoinVars))
			for i, v := range r.JoinVars {
				cp.JoinVars[i] = up(v)
			}
		}
		if r.PulledUp != nil {
			// The entries of the subquery's views pulled up (pullup.go)
			// move with it.
			cp.PulledUp = make([]*RTE, len(r.PulledUp))
			for i, p := range r.PulledUp {
				cp.PulledUp[i] = moved[p]
			}
		}
		q.RTEs = append(q.RTEs, cp)
	}
	q.Width += sub.Width
	var quals []expr.Expr
	if sub.Where != nil {
		quals = append(quals, flattenAnd(up(sub.Where), nil)...)
	}
	if test != nil {
		outs := make([]expr.Expr, len(sub.Targets))
		for i, t := range sub.Targets {
			outs[i] = up(t.Expr)
		}
		quals = append(quals, flattenAnd(replaceSubValues(test, outs), nil)...)
	}
	right := make([]FromItem, len(sub.From))
	for i, it := range sub.From {
		right[i] = renumberFrom(it, base, up)
	}
	if !anti && uniqueSemiJoin(q, right, quals) {
		// Each outer row matches one row at most: an inner join.
		q.From = append(q.From, right...)
		return true, quals
	}
	jt := JoinSemi
	if anti {
		jt = JoinAnti
	}
	q.From = []FromItem{&JoinItem{Type: jt, Left: oneItem(q.From), Right: oneItem(right), Quals: andOf(quals), RTE: -1}}
	return true, nil
}

// pullableSubquery reports whether sub is a plain SELECT over tables
// and joins whose rows a join can stand for (simplify_EXISTS_query,
// is_simple_subquery): no grouping, aggregates, windows, DISTINCT ON,
// OFFSET, WITH, set operation or FOR UPDATE / FOR SHARE (its LockRows
// must run); LIMIT and the rest are checked by the caller.
func pullableSubquery(sub *Query) bool {
	if sub.Command != CmdSelect || sub.SetOp != nil || sub.Grouped || len(sub.Aggs) > 0 || len(sub.Windows) > 0 || len(sub.CTEs) > 0 ||
		sub.Offset != nil || len(sub.DistinctOn) > 0 || sub.Having != nil || len(sub.From) == 0 || sub.LimitWithTies || len(sub.RowMarks) > 0 {
		return false
	}
	for _, r := range sub.RTEs {
		if r.Kind != RTETable && r.Kind != RTEJoin || r.Lateral || r.Kind == RTETable && r.Sample != nil {
			return false
		}
	}
	return true
}

// pullUpExpr is e of a subquery read in the query it is pulled up into,
// whose level row holds width values before the subquery's.
func pullUpExpr(e expr.Expr, width int) expr.Expr {
	if v, ok := e.(*expr.Var); ok {
		cp := *v
		if cp.LevelsUp == 0 {
			cp.Index += width
		} else {
			cp.LevelsUp--
		}
		return &cp
	}
	return MapChildren(e, func(c expr.Expr) expr.Expr { return pullUpExpr(c, width) })
}

// replaceSubValues is e with each subquery value an ANY test reads
// replaced by the expression giving it.
func replaceSubValues(e expr.Expr, outs []expr.Expr) expr.Expr {
	if sv, ok := e.(*expr.SubValue); ok && sv.Index < len(outs) {
		return outs[sv.Index]
	}
	return MapChildren(e, func(c expr.Expr) expr.Expr { return replaceSubValues(c, outs) })
}

// renumberFrom is a subquery's FROM item in the query it is pulled up
// into: entries moved by base, conditions by up.
func renumberFrom(it FromItem, base int, up func(expr.Expr) expr.Expr) FromItem {
	switch x := it.(type) {
	case *RangeItem:
		return &RangeItem{RTE: x.RTE + base}
	case *JoinItem:
		cp := *x
		cp.Left, cp.Right = renumberFrom(x.Left, base, up), renumberFrom(x.Right, base, up)
		cp.Quals = up(x.Quals)
		if cp.RTE >= 0 {
			cp.RTE += base
		}
		return &cp
	}
	return it
}

// oneItem is a FROM list as one item: its cross join.
func oneItem(items []FromItem) FromItem {
	out := items[0]
	for _, it := range items[1:] {
		out = &JoinItem{Type: JoinCross, Left: out, Right: it, RTE: -1}
	}
	return out
}

// uniqueSemiJoin reports whether a semi join of q's FROM list with right
// on quals gives each outer row once at most as an inner join would:
// right is one table (not a join), and a unique index of it has each
// key column equal to an expression of the outer side or a constant
// by one of quals (reduce_unique_semijoins, innerrel_is_unique).
func uniqueSemiJoin(q *Query, right []FromItem, quals []expr.Expr) bool {
	if len(right) != 1 {
		return false
	}
	ri, ok := right[0].(*RangeItem)
	if !ok {
		return false
	}
	rte := q.RTEs[ri.RTE]
	if rte.Kind != RTETable || rte.Table == nil {
		return false
	}
	fixed := map[int]bool{}
	var own []expr.Expr
	for _, e := range quals {
		rels := relsOf(q, e)
		if len(rels) == 1 && rels[ri.RTE] {
			own = append(own, e)
			if c, ok := matchKeyQual(rte, e); ok && c.strategy == nbtree.Equal && !c.any && c.col >= 0 {
				if _, isConst := constArg(c.arg); isConst {
					fixed[c.col] = true
				}
			}
			continue
		}
		f, ok := e.(*expr.FuncExpr)
		if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 || f.Op.OID >= firstUserOID || hasVolatile(f) {
			continue
		}
		for side := 0; side < 2; side++ {
			col, colType, ok := tableColumn(rte, f.Args[side])
			other := f.Args[1-side]
			if ok && comparableKey(colType, other.Type()) && len(relsOf(q, other)) > 0 && !relsOf(q, other)[ri.RTE] {
				fixed[col] = true
				break
			}
		}
	}
	return uniqueIndexFixed(rte.Table, fixed, own, rte.Offset)
}

// semiJoin plans semi or anti join jt of outer (over orels) and inner
// (over irels) on quals: the cheapest of semiJoinPaths.
func semiJoin(q *Query, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr) Node {
	opts := planner(q)
	c := newPlanCoster(q)
	var best Node
	bestCost := math.Inf(1)
	for _, n := range semiJoinPaths(q, c, jt, outer, inner, orels, irels, quals, 0) {
		e, _ := c.node(n)
		cost := e.Total + float64(disabledSemiJoin(opts, n))*disableCost
		if cost < bestCost {
			best, bestCost = n, cost
		}
	}
	return best
}

// semiJoinPaths are the plans considered for semi or anti join jt of
// outer (over orels) and inner (over irels) on quals: a hash join
// hashing the inner rows, a nested loop searching an index of the inner
// table, a nested loop over the inner rows kept, a merge join, and for
// a semi join the inner joins of the inner side's distinct rows. Each
// gives rows rows (0: its own estimate).
func semiJoinPaths(q *Query, c *coster, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr, rows float64) []Node {
	opts := planner(q)
	oseg, iseg := segmentsOf(q, orels), segmentsOf(q, irels)
	var cands []Node
	if okeys, ikeys, ktypes, rest := hashKeys(q, quals, orels, irels); len(okeys) > 0 {
		cands = append(cands, &HashJoin{Type: jt, Outer: outer, Inner: inner, OuterKeys: okeys, InnerKeys: ikeys, KeyTypes: ktypes,
			Quals: orderQuals(rest), OuterSegments: oseg, InnerSegments: iseg, Level: q.Width, Types: levelTypes(q), HashMem: opts.HashMem, Rows: rows})
	}
	oe, _ := c.node(outer)
	if nl := paramIndexJoin(q, jt, outer, inner, orels, irels, append([]expr.Expr(nil), quals...), oe.Rows, math.Inf(1)); nl != nil {
		nl.(*NestLoop).Rows = rows
		cands = append(cands, nl)
	}
	cands = append(cands, &NestLoop{Type: jt, Outer: outer, Inner: inner, Quals: orderQuals(quals), OuterSegments: oseg, InnerSegments: iseg,
		Level: q.Width, Types: levelTypes(q), Rows: rows})
	if mj := outerMergeJoin(q, jt, outer, inner, orels, irels, quals, nil); mj != nil {
		if m, ok := mj.(*MergeJoin); ok {
			m.Rows = rows
		}
		cands = append(cands, mj)
	}
	if jt == JoinSemi {
		cands = append(cands, uniqueInnerJoins(q, c, cands[0], outer, inner, orels, irels, quals)...)
	}
	return cands
}

// disabledSemiJoin counts the kinds of node in semi join plan n that an
// enable_* setting turns off.
func disabledSemiJoin(opts PlannerOptions, n Node) int {
	d := 0
	switch n.(type) {
	case *HashJoin:
		if opts.NoHashJoin {
			d++
		}
	case *MergeJoin:
		if opts.NoMergeJoin {
			d++
		}
	default:
		if opts.NoNestLoop {
			d++
		}
	}
	if uniqueInner(n) && opts.NoHashAgg {
		d++
	}
	return d
}

// semiEqSelectivity is eqjoinsel_semi's selectivity of "l = r" in a
// semi or anti join, l over the outer side's rows and r over the
// inner's: the fraction of outer rows that have a match. The outer
// side's most common values found among the inner side's match for
// certain; of the other values, all match when the outer side has no
// more distinct values than the inner side, else the share of the
// inner side's count, half when either count is a guess.
//
// innerSel is the same equality's inner join selectivity: the semi
// join never gives more rows than the inner join would (eqjoinsel's
// clamp).
func (c *coster) semiEqSelectivity(l, r expr.Expr, outer, inner Node, o, i Estimate, innerSel float64) float64 {
	return math.Min(c.semiEqSelectivityOf(l, r, outer, inner, o, i), i.Rows*innerSel)
}

func (c *coster) semiEqSelectivityOf(l, r expr.Expr, outer, inner Node, o, i Estimate) float64 {
	nd1, def1 := c.joinDistinct(l, c.scans(outer), c.subqueries(outer), o.Rows)
	nd2, def2 := c.joinDistinct(r, c.scans(inner), c.subqueries(inner), i.Rows)
	if _, isVar := unrelabel(r).(*expr.Var); isVar && nd2 >= i.Rows {
		// No more distinct values than the inner side's rows.
		nd2, def2 = i.Rows, false
	}
	st1, st2 := c.exprStats(l, c.scans(outer)), c.exprStats(r, c.scans(inner))
	nf1 := 0.0
	if st1 != nil {
		nf1 = st1.NullFrac
	}
	typ := types.DomainBase(l.Type())
	if st1 == nil || st2 == nil || len(st1.MCV) == 0 || len(st2.MCV) == 0 || typ != types.DomainBase(r.Type()) {
		if def1 || def2 {
			return 0.5 * (1 - nf1)
		}
		if nd1 <= nd2 {
			return 1 - nf1
		}
		return nd2 / nd1 * (1 - nf1)
	}
	n1 := min(len(st1.MCV), len(st1.MCVFreqs))
	n2 := min(len(st2.MCV), int(math.Max(nd2, 0)))
	matched2 := make([]bool, n2)
	matchFreq, matches := 0.0, 0
	for a := 0; a < n1; a++ {
		for b := 0; b < n2; b++ {
			if !matched2[b] && types.Compare(typ, st1.MCV[a], st2.MCV[b]) == 0 {
				matched2[b] = true
				matchFreq += st1.MCVFreqs[a]
				matches++
				break
			}
		}
	}
	matchFreq = clampProbability(matchFreq)
	uncertainFrac := 0.5
	if !def1 && !def2 {
		nd1 -= float64(matches)
		nd2 -= float64(matches)
		if nd1 <= nd2 || nd2 < 0 {
			uncertainFrac = 1
		} else {
			uncertainFrac = nd2 / nd1
		}
	}
	return matchFreq + uncertainFrac*clampProbability(1-matchFreq-nf1)
}

// joinDistinct is get_variable_numdistinct as a join's selectivity reads
// it: a column's distinct values (distinctValuesOf); an expression's,
// having no statistics, its table's rows below 200, else a guess of 200.
func (c *coster) joinDistinct(e expr.Expr, scans []*TableScan, subs []*SubqueryScan, rows float64) (float64, bool) {
	if _, ok := unrelabel(e).(*expr.Var); ok || indexExprStats(unrelabel(e), scans) != nil {
		return c.distinctValuesOf(e, scans, subs, rows)
	}
	var table *Table
	single := true
	walkVars(e, 0, func(v *expr.Var) {
		for _, s := range scans {
			if s.Table != nil && v.Index >= s.Offset && v.Index < s.Offset+len(s.Table.Columns) {
				single = single && (table == nil || table == s.Table)
				table = s.Table
			}
		}
	})
	if table != nil && single {
		if t := c.table(table).Tuples; t > 0 && t < defaultNumDistinct {
			return clampRows(t), false
		}
	}
	return defaultNumDistinct, true
}

// unrelabel is e without a binary-compatible relabeling on top.
func unrelabel(e expr.Expr) expr.Expr {
	if rl, ok := e.(*expr.RelabelType); ok {
		return rl.Arg
	}
	return e
}

// semiFactors are compute_semi_anti_join_factors' answers for a semi or
// anti join: matchFrac the fraction of outer rows with a match (the
// semi join's selectivity), matchCount how many inner rows an outer
// row with a match has on average (at least 1). keys are the hashed
// equalities as outer and inner expressions, quals the other
// conditions.
func (c *coster) semiFactors(okeys, ikeys, quals []expr.Expr, outer, inner Node, o, i Estimate, oseg, iseg [][2]int) (matchFrac, matchCount float64) {
	jsel, nsel := 1.0, 1.0
	for k := range okeys {
		isel := c.eqJoinSelectivity(okeys[k], ikeys[k], outer, inner, o, i)
		jsel *= c.semiEqSelectivity(okeys[k], ikeys[k], outer, inner, o, i, isel)
		nsel *= isel
	}
	for _, q := range quals {
		f, ok := q.(*expr.FuncExpr)
		if ok && f.Op != nil && f.Op.Name == "=" && len(f.Args) == 2 && !hasVolatile(f) {
			l, r := f.Args[0], f.Args[1]
			if readsOnly(r, oseg) && readsOnly(l, iseg) {
				l, r = r, l
			}
			if readsOnly(l, oseg) && readsOnly(r, iseg) {
				isel := c.eqJoinSelectivity(l, r, outer, inner, o, i)
				jsel *= c.semiEqSelectivity(l, r, outer, inner, o, i, isel)
				nsel *= isel
				continue
			}
		}
		s := c.joinSelectivity([]expr.Expr{q}, outer, inner, o, i, oseg, iseg)
		jsel *= s
		nsel *= s
	}
	matchCount = 1
	if jsel > 0 {
		matchCount = math.Max(1, nsel*i.Rows/jsel)
	}
	return jsel, matchCount
}

// semiRows are the rows a semi or anti join of outer rows gives when
// a fraction matchFrac of them has a match.
func semiRows(jt JoinType, outerRows, matchFrac float64) float64 {
	if jt == JoinAnti {
		return clampRows(outerRows * (1 - matchFrac))
	}
	return clampRows(outerRows * matchFrac)
}

// semiHashJoin estimates a hash semi or anti join (final_cost_hashjoin):
// an outer row with a match stops at it, one scanning a fraction of its
// bucket; one without costs a look at an average bucket.
func (c *coster) semiHashJoin(v *HashJoin) (Estimate, []int) {
	o, ows := c.node(v.Outer)
	i, iws := c.node(v.Inner)
	matchFrac, matchCount := c.semiFactors(v.OuterKeys, v.InnerKeys, v.Quals, v.Outer, v.Inner, o, i, v.OuterSegments, v.InnerSegments)
	rows := v.Rows
	if rows == 0 {
		rows = semiRows(v.Type, o.Rows, matchFrac)
	}
	nkeys := float64(len(v.OuterKeys))
	hashQual := hashQualCost(v)
	startup, bucket := c.hashBuild(v, o, i)
	buckets, batches := hashTableSize(i.Rows, sum(iws), v.HashMem)
	outerMatched := math.RoundToEven(o.Rows * matchFrac)
	scanFrac := 2 / (matchCount + 1)
	run := (o.Total - o.Startup) + cpuOperatorCost*nkeys*o.Rows +
		hashQual*outerMatched*clampRows(i.Rows*bucket*scanFrac)*0.5 +
		hashQual*(o.Rows-outerMatched)*clampRows(i.Rows/(buckets*batches))*0.05
	out := outerMatched
	if v.Type == JoinAnti {
		out = o.Rows - outerMatched
	}
	run += out * (cpuTupleCost + qualCost(v.Quals))
	if batches > 1 {
		innerPages, outerPages := pageCount(i.Rows, sum(iws)), pageCount(o.Rows, sum(ows))
		startup += seqPageCost * innerPages
		run += seqPageCost * (innerPages + 2*outerPages)
	}
	c.out[hashKey{v}] = Estimate{Startup: i.Total, Total: i.Total, Rows: i.Rows, Width: sum(iws)}
	return Estimate{Startup: startup, Total: startup + run, Rows: rows}, ows
}

// semiNestLoop estimates a nested loop semi or anti join
// (final_cost_nestloop): an outer row with a match reads the inner rows
// up to it, a fraction of them; one without reads them all, or, when
// an inner index scan takes every join condition, finds none at the
// cost of one row's share of a lookup. i is the inner side's estimate
// for one scan, rest the join conditions the nested loop tests.
func (c *coster) semiNestLoop(v *NestLoop, o, i Estimate, ows []int, rest []expr.Expr) (Estimate, []int) {
	relRows := i.Rows
	var innerRun, rescan float64
	indexed := false
	if st, ok := v.Inner.(*TableScan); ok && v.Lateral {
		// Each scan runs anew; the table's rows are what its own
		// conditions leave.
		innerRun, rescan = i.Total-i.Startup, i.Total-i.Startup
		indexed = st.Index != nil && len(rest) == 0
		whole := *st
		whole.Index, whole.Bitmap = nil, nil
		if e, _ := c.node(&whole); e.Rows > 0 {
			relRows = e.Rows
		}
	} else if v.Lateral {
		innerRun, rescan = i.Total-i.Startup, i.Total-i.Startup
	} else {
		// The inner rows kept by a Materialize, read again cheaply.
		mat := Estimate{Startup: i.Startup, Total: i.Total + 2*cpuOperatorCost*i.Rows, Rows: i.Rows, Width: i.Width}
		c.out[materializeKey{v}] = mat
		innerRun, rescan = mat.Total-mat.Startup, cpuOperatorCost*i.Rows
	}
	inner := i
	inner.Rows = relRows
	matchFrac, matchCount := c.semiFactors(nil, nil, v.Quals, v.Outer, v.Inner, o, inner, v.OuterSegments, v.InnerSegments)
	rows := v.Rows
	if rows == 0 {
		rows = semiRows(v.Type, o.Rows, matchFrac)
	}
	outerMatched := math.RoundToEven(o.Rows * matchFrac)
	unmatched := o.Rows - outerMatched
	scanFrac := 2 / (matchCount + 1)
	ntuples := outerMatched * i.Rows * scanFrac
	run := o.Total - o.Startup
	if indexed {
		run += innerRun * scanFrac
		if outerMatched > 1 {
			run += (outerMatched - 1) * rescan * scanFrac
		}
		run += unmatched * rescan / math.Max(i.Rows, 1)
	} else {
		ntuples += unmatched * i.Rows
		run += innerRun
		if unmatched >= 1 {
			unmatched--
		} else {
			outerMatched--
		}
		if outerMatched > 0 {
			run += outerMatched * rescan * scanFrac
		}
		if unmatched > 0 {
			run += unmatched * rescan
		}
	}
	run += ntuples * (cpuTupleCost + qualCost(rest))
	startup := o.Startup + i.Startup
	return Estimate{Startup: startup, Total: startup + run, Rows: rows}, ows
}

// uniqueInnerJoins are the inner joins of outer with the distinct rows
// of inner that semi join first stands for (PostgreSQL's
// JOIN_UNIQUE_INNER and JOIN_UNIQUE_OUTER paths of create_unique_path):
// when every condition is a hashable equality of an outer expression
// and an inner column, the inner rows are grouped on those columns by
// a HashAggregate, and the groups joined as an inner join, hashed
// either way or searching an index of the outer table for each group.
// Each gives the semi join's rows.
func uniqueInnerJoins(q *Query, c *coster, first Node, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr) []Node {
	okeys, ikeys, ktypes, rest := hashKeys(q, quals, orels, irels)
	if len(okeys) == 0 || len(rest) > 0 {
		return nil
	}
	var group []expr.Expr
	for _, k := range ikeys {
		v, ok := k.(*expr.Var)
		if !ok || v.LevelsUp != 0 {
			return nil
		}
		dup := false
		for _, g := range group {
			dup = dup || g.(*expr.Var).Index == v.Index
		}
		if !dup {
			group = append(group, v)
		}
	}
	opts := planner(q)
	agg := &Agg{Input: inner, GroupBy: group, HashMem: opts.HashMem}
	ltypes := levelTypes(q)
	spread := make([]expr.Expr, q.Width)
	for i := range spread {
		spread[i] = &expr.Const{Typ: ltypes[i], Mod: -1, Value: types.Datum{}}
	}
	for i, g := range group {
		v := g.(*expr.Var)
		spread[v.Index] = &expr.Var{Index: i, Typ: v.Typ, Mod: v.Mod, Name: v.Name, TableOID: v.TableOID, AttNum: v.AttNum}
	}
	uniq := &Project{Input: agg, Exprs: spread, Spread: true}
	fe, _ := c.node(first)
	rows := fe.Rows
	oseg, iseg := segmentsOf(q, orels), segmentsOf(q, irels)
	oe, _ := c.node(outer)
	ie, _ := c.node(inner)
	matchFrac, matchCount := c.semiFactors(okeys, ikeys, nil, outer, inner, oe, ie, oseg, iseg)
	out := []Node{
		&HashJoin{Type: JoinInner, Outer: outer, Inner: uniq, OuterKeys: okeys, InnerKeys: ikeys, KeyTypes: ktypes,
			OuterSegments: oseg, InnerSegments: iseg, Level: q.Width, Types: ltypes, HashMem: opts.HashMem, Rows: rows, InnerUnique: true,
			MatchFrac: matchFrac, MatchCount: matchCount},
		&HashJoin{Type: JoinInner, Outer: uniq, Inner: outer, OuterKeys: ikeys, InnerKeys: okeys, KeyTypes: ktypes,
			OuterSegments: iseg, InnerSegments: oseg, Level: q.Width, Types: ltypes, HashMem: opts.HashMem, Rows: rows,
			InnerUnique: hashInnerUnique(q, outer, orels, ikeys, okeys)},
	}
	ue, _ := c.node(uniq)
	if nl := paramIndexJoin(q, JoinInner, uniq, outer, irels, orels, append([]expr.Expr(nil), quals...), ue.Rows, math.Inf(1)); nl != nil {
		nl.(*NestLoop).Rows = rows
		out = append(out, nl)
	}
	// Merge joins with the distinct rows sorted, on either side.
	if clauses, rest := mergeClauses(q, quals, orels, irels); len(clauses) > 0 && len(rest) == 0 && !opts.NoMergeJoin {
		keep := func(mj *MergeJoin) {
			mj.Rows = rows
			out = append(out, mj)
		}
		outerMergePaths(q, c, JoinInner, outer, uniq, orels, irels, clauses, nil, keep)
		swapped := make([]mergeClause, len(clauses))
		for k, cl := range clauses {
			swapped[k] = mergeClause{outer: cl.inner, inner: cl.outer, typ: cl.typ, e: cl.e}
		}
		outerMergePaths(q, c, JoinInner, uniq, outer, irels, orels, swapped, nil, keep)
	}
	return out
}

// uniqueInner reports whether join n reads the distinct rows of a semi
// join's inner side (uniqueInnerJoins).
func uniqueInner(n Node) bool {
	var sides []Node
	switch j := n.(type) {
	case *HashJoin:
		sides = []Node{j.Outer, j.Inner}
	case *NestLoop:
		sides = []Node{j.Outer, j.Inner}
	case *MergeJoin:
		sides = []Node{j.Outer, j.Inner}
	}
	for _, s := range sides {
		for {
			switch v := s.(type) {
			case *Sort:
				s = v.Input
				continue
			case *Materialize:
				s = v.Input
				continue
			}
			break
		}
		if p, ok := s.(*Project); ok && p.Spread {
			return true
		}
	}
	return false
}
