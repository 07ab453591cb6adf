// Merge joins: the plan side of PostgreSQL's merge join (joinpath.c's
// sort_inner_and_outer and match_unsorted_outer, createplan.c's
// create_mergejoin_plan). A merge join reads both inputs in ascending
// order of its keys (NULLs last) and pairs the rows of equal keys; an
// input already in that order (an index scan, a merge join below, a sort
// the plan has anyway) is read as it is, any other is sorted. Its inner
// side must be read again from a marked row when outer rows repeat a
// key: a Sort or an index scan can, anything else is kept by a
// Materialize, which the cost model (cost.go, mergeJoin) also chooses
// when re-reading is dearer than keeping.
//
// Merge keys here are columns of the level row on both sides, compared
// as one btree type (HashKeyType's pairs: same types, or integers of any
// width); other equalities stay join filters.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// MergeJoin joins Outer and Inner, both ordered ascending with NULLs
// last on OuterKeys and InnerKeys (columns of the level row), on the
// equality of those keys, then tests Quals on each pair (Join Filter).
type MergeJoin struct {
	Type                 JoinType // JoinInner, JoinLeft, JoinRight or JoinFull
	Outer, Inner         Node
	OuterKeys, InnerKeys []*expr.Var
	// KeyTypes are the types each pair of keys compares as.
	KeyTypes []uint32
	// Clauses are the merge conditions (Merge Cond), as written.
	Clauses       []expr.Expr
	Quals         []expr.Expr
	OuterSegments [][2]int
	InnerSegments [][2]int
	Level         int
	// Types are the types of the level row's values, for keeping a
	// large group of inner rows of one key in a temporary file.
	Types []uint32
	// InnerUnique: at most one inner row matches an outer row (a unique
	// index of the inner table on the merge keys): an outer row is done
	// with at its first match (single_match), and without other
	// conditions no inner row is read again.
	InnerUnique bool
	// Rows and Output are as NestLoop's.
	Rows   float64
	Output []bool
}

// Materialize keeps the rows of its input as they are read, so that the
// merge join above can read them again from a marked row.
type Materialize struct {
	Input Node
}

func (n *MergeJoin) Width() int   { return n.Level }
func (n *Materialize) Width() int { return n.Input.Width() }

// mergeClause is a join equality a merge join can use: outer's column
// equal to inner's, compared as typ.
type mergeClause struct {
	outer, inner *expr.Var
	typ          uint32
	e            expr.Expr
}

// mergeClauses splits a join's quals into the equalities of a column of
// outer (over orels) and one of inner (over irels) a merge join can
// order both sides by, and the rest (select_mergejoin_clauses).
func mergeClauses(q *Query, quals []expr.Expr, orels, irels map[int]bool) (clauses []mergeClause, rest []expr.Expr) {
	for _, e := range quals {
		if c, ok := mergeClauseOf(q, e, orels, irels); ok {
			clauses = append(clauses, c)
			continue
		}
		rest = append(rest, e)
	}
	return clauses, rest
}

func mergeClauseOf(q *Query, e expr.Expr, orels, irels map[int]bool) (mergeClause, bool) {
	f, ok := e.(*expr.FuncExpr)
	if !ok || f.Op == nil || f.Op.Name != "=" || !f.Op.JoinEquality || f.Op.OID >= firstUserOID || len(f.Args) != 2 {
		return mergeClause{}, false
	}
	l, lok := f.Args[0].(*expr.Var)
	r, rok := f.Args[1].(*expr.Var)
	if !lok || !rok || l.LevelsUp != 0 || r.LevelsUp != 0 {
		return mergeClause{}, false
	}
	typ, ok := MergeKeyType(l.Type(), r.Type())
	if !ok {
		return mergeClause{}, false
	}
	lr, rr := relsOf(q, l), relsOf(q, r)
	switch {
	case len(lr) == 0 || len(rr) == 0:
		return mergeClause{}, false
	case subset(lr, orels) && subset(rr, irels):
		return mergeClause{outer: l, inner: r, typ: typ, e: e}, true
	case subset(lr, irels) && subset(rr, orels):
		return mergeClause{outer: r, inner: l, typ: typ, e: e}, true
	}
	return mergeClause{}, false
}

// sortedOn is the order n's rows come in, as level row columns each
// ascending with NULLs last (the prefix of its pathkeys this planner
// uses); nil when it has none.
func sortedOn(n Node) []int {
	switch v := n.(type) {
	case *TableScan:
		p := v.Index
		if p == nil || p.Backward || v.Bitmap != nil || hasAny(p) {
			return nil
		}
		var out []int
		for k, key := range p.Index.Index.Keys {
			col := p.Index.Columns[k]
			if col < 0 || key.Desc || key.NullsFirst {
				break
			}
			out = append(out, v.Offset+col)
		}
		return out
	case *Sort:
		var out []int
		for _, k := range v.Keys {
			if k.Desc || k.NullsFirst {
				break
			}
			out = append(out, k.Target)
		}
		return out
	case *Filter:
		return sortedOn(v.Input)
	case *Materialize:
		return sortedOn(v.Input)
	case *MergeJoin:
		// NULLs an outer join adds on the outer side break its order.
		if v.Type == JoinInner || v.Type == JoinLeft || v.Type == JoinSemi || v.Type == JoinAnti {
			return sortedOn(v.Outer)
		}
	case *NestLoop:
		// The outer rows in their order, each with its matches.
		if v.Type != JoinFull && v.Type != JoinRight {
			return sortedOn(v.Outer)
		}
	}
	return nil
}

// mergeOrdered reports whether order (sortedOn's) begins with keys,
// same telling whether two columns are equal in the rows compared.
func mergeOrdered(order []int, keys []*expr.Var, same func(a, b int) bool) bool {
	if len(order) < len(keys) {
		return false
	}
	for k, v := range keys {
		if !same(order[k], v.Index) {
			return false
		}
	}
	return true
}

// sortOnKeys is n in the order of keys: n itself when it comes so,
// else a Sort of it.
func sortOnKeys(n Node, keys []*expr.Var, typs []uint32, same func(a, b int) bool) Node {
	if mergeOrdered(sortedOn(n), keys, same) {
		return n
	}
	sk := make([]SortKey, len(keys))
	for k, v := range keys {
		sk[k] = SortKey{Target: v.Index}
	}
	return &Sort{Input: n, Keys: sk, Types: typs}
}

// newMergeJoin is the merge join of outer and inner on clauses (in
// their order, the first leading), with the other quals as its filter:
// each side sorted unless it comes in order, the inner side under a
// Materialize when it cannot be read again from a mark or when the cost
// model prefers keeping it (final_cost_mergejoin, create_mergejoin_plan).
func newMergeJoin(q *Query, c *coster, jt JoinType, outer, inner Node, orels, irels map[int]bool, clauses []mergeClause, rest []expr.Expr,
	sameOuter, sameInner func(a, b int) bool, rows float64) *MergeJoin {
	typs := levelTypes(q)
	mj := &MergeJoin{Type: jt, Quals: orderQuals(rest), OuterSegments: segmentsOf(q, orels), InnerSegments: segmentsOf(q, irels),
		Level: q.Width, Types: typs, Rows: rows}
	for _, cl := range clauses {
		mj.OuterKeys = append(mj.OuterKeys, cl.outer)
		mj.InnerKeys = append(mj.InnerKeys, cl.inner)
		mj.KeyTypes = append(mj.KeyTypes, cl.typ)
		mj.Clauses = append(mj.Clauses, cl.e)
	}
	mj.InnerUnique = tableInnerUnique(q, inner, irels, clauses)
	mj.Outer = sortOnKeys(outer, mj.OuterKeys, typs, sameOuter)
	mj.Inner = sortOnKeys(inner, mj.InnerKeys, typs, sameInner)
	if c.materializeMergeInner(mj, planner(q)) {
		mj.Inner = &Materialize{Input: mj.Inner}
	}
	return mj
}

// marksRestores reports whether n can go back to a marked row
// (ExecSupportsMarkRestore): sorts, index scans and Materialize.
func marksRestores(n Node) bool {
	switch v := n.(type) {
	case *Sort, *Materialize:
		return true
	case *TableScan:
		return v.Index != nil && v.Bitmap == nil
	case *Filter:
		// A scan's own conditions (PostgreSQL's scan tests them itself).
		return marksRestores(v.Input)
	}
	return false
}

// identicalColumn is the equality of columns outside a join search: a
// column equals itself only.
func identicalColumn(a, b int) bool { return a == b }

// sameColumn reports whether level columns a and b are equal in the rows
// the search joins: the same column, or members of one equivalence
// class.
func (s *joinSearch) sameColumn(a, b int) bool {
	if a == b {
		return true
	}
	for _, c := range s.classes {
		ha, hb := false, false
		for _, m := range c.members {
			ha = ha || m.v.Index == a
			hb = hb || m.v.Index == b
		}
		if ha && hb {
			return true
		}
	}
	return false
}

// sameIn is sameColumn for the rows of set mask, where also the column
// equalities joined inside it hold (of types an equivalence class does
// not take, such as int4 = int8).
func (s *joinSearch) sameIn(mask uint64) func(a, b int) bool {
	return func(a, b int) bool {
		if s.sameColumn(a, b) {
			return true
		}
		for _, jq := range s.quals {
			if jq.mask&^mask != 0 {
				continue
			}
			f, ok := jq.q.e.(*expr.FuncExpr)
			if !ok || f.Op == nil || f.Op.Name != "=" || !f.Op.JoinEquality || len(f.Args) != 2 {
				continue
			}
			l, lok := f.Args[0].(*expr.Var)
			r, rok := f.Args[1].(*expr.Var)
			if lok && rok && l.LevelsUp == 0 && r.LevelsUp == 0 && (l.Index == a && r.Index == b || l.Index == b && r.Index == a) {
				return true
			}
		}
		return false
	}
}

// mergeJoins are the merge joins of outer o and inner i the search
// considers: both sides sorted, each merge clause leading in turn
// (sort_inner_and_outer); and each ordered path of the outer side
// with the clauses its order serves, over the inner side sorted or an
// ordered path of it (match_unsorted_outer).
func (s *joinSearch) mergeJoins(o, i *joinRel, quals []expr.Expr, rows float64) []Node {
	clauses, rest := mergeClauses(s.q, quals, o.rels, i.rels)
	if len(clauses) == 0 {
		return nil
	}
	var out []Node
	for lead := range clauses {
		ordered := append(append([]mergeClause{clauses[lead]}, clauses[:lead]...), clauses[lead+1:]...)
		out = append(out, newMergeJoin(s.q, s.c, JoinInner, o.node, i.node, o.rels, i.rels, ordered, rest, s.sameIn(o.mask), s.sameIn(i.mask), rows))
	}
	for _, op := range s.orderedPaths(o) {
		used, others := servedClauses(sortedOn(op.node), clauses, s.sameIn(o.mask))
		if len(used) == 0 {
			continue
		}
		filter := append(append([]expr.Expr(nil), rest...), others...)
		out = append(out, newMergeJoin(s.q, s.c, JoinInner, op.node, i.node, o.rels, i.rels, used, filter, s.sameIn(o.mask), s.sameIn(i.mask), rows))
		keys := make([]*expr.Var, len(used))
		for k, cl := range used {
			keys[k] = cl.inner
		}
		for _, ip := range s.orderedPaths(i) {
			if ip.node != i.node && mergeOrdered(sortedOn(ip.node), keys, s.sameIn(i.mask)) {
				out = append(out, newMergeJoin(s.q, s.c, JoinInner, op.node, ip.node, o.rels, i.rels, used, filter, s.sameIn(o.mask), s.sameIn(i.mask), rows))
			}
		}
	}
	return out
}

// servedClauses are the merge clauses an order serves, in its order
// (find_mergeclauses_for_outer_pathkeys), and the others as filters.
func servedClauses(order []int, clauses []mergeClause, same func(a, b int) bool) (used []mergeClause, others []expr.Expr) {
	taken := make([]bool, len(clauses))
	for _, col := range order {
		found := false
		for k, cl := range clauses {
			if !taken[k] && same(col, cl.outer.Index) {
				taken[k], found = true, true
				used = append(used, cl)
			}
		}
		if !found {
			break
		}
	}
	for k, cl := range clauses {
		if !taken[k] {
			others = append(others, cl.e)
		}
	}
	return used, others
}

// orderedPaths are the kept paths of set r that come in some order.
func (s *joinSearch) orderedPaths(r *joinRel) []*joinRel {
	var out []*joinRel
	if r.mask&(r.mask-1) == 0 {
		// An element: its cheapest plan, and its index scans in the
		// order of a column some join condition reads.
		if sortedOn(r.node) != nil {
			out = append(out, r)
		}
		return append(out, s.indexOrders(r)...)
	}
	for _, p := range s.pathlist[r.mask] {
		if sortedOn(p.node) != nil {
			out = append(out, p)
		}
	}
	return out
}

// indexOrders are the index scans of element u in an order useful to
// a merge join (indexOrderScans), made once per element.
func (s *joinSearch) indexOrders(u *joinRel) []*joinRel {
	if alts, ok := s.indexAlts[u.mask]; ok {
		return alts
	}
	var alts []*joinRel
	useful := func(col int) bool { return s.joinColumn(col) || s.sortColumn(col) }
	for _, n := range indexOrderScans(s.q, u.node, useful) {
		e, _ := s.c.node(n)
		alts = append(alts, &joinRel{mask: u.mask, rels: u.rels, node: n, cost: e.Total, startup: e.Startup, rows: u.rows, disabled: u.disabled})
	}
	if s.indexAlts == nil {
		s.indexAlts = map[uint64][]*joinRel{}
	}
	s.indexAlts[u.mask] = alts
	return alts
}

// indexOrderScans are the index scans of the table n reads (maybe under
// a filter) that come ascending on a column useful says a merge join
// could use, other than n itself: the index paths with useful pathkeys
// build_index_paths keeps, with the keys the scan's conditions give.
func indexOrderScans(q *Query, n Node, useful func(col int) bool) []Node {
	var filter *Filter
	if f, ok := n.(*Filter); ok {
		filter, n = f, f.Input
	}
	scan, ok := n.(*TableScan)
	if !ok || scan.Table == nil || scan.Sample != nil || scan.RTE == nil || planner(q).NoIndexScan {
		return nil
	}
	r := scan.RTE
	cands := keyCandidates(r, scan.Quals)
	var out []Node
	for _, ti := range scan.Table.Indexes {
		if len(ti.Columns) == 0 || ti.Columns[0] < 0 || ti.Index.Keys[0].Desc || ti.Index.Keys[0].NullsFirst {
			continue
		}
		if ti.Pred != nil && !PredicateImplied(ti.Pred, scan.Quals, scan.Offset) {
			continue
		}
		if scan.Index != nil && scan.Index.Index == ti && !scan.Index.Backward && !hasAny(scan.Index) {
			continue // n itself
		}
		if !useful(scan.Offset + ti.Columns[0]) {
			continue
		}
		p, _ := indexKeys(scan.Table, ti, cands, scan.Table.Tuples)
		if p == nil || hasAny(p) {
			p = &IndexPath{Index: ti}
		}
		cp := *scan
		cp.Index, cp.Bitmap = p, nil
		var alt Node = &cp
		if filter != nil {
			alt = &Filter{Input: &cp, Quals: filter.Quals}
		}
		out = append(out, alt)
	}
	return out
}

// sortColumn reports whether the query's first ORDER BY key is level
// column col, ascending with NULLs last, when the search is for the
// query's FROM list (an index scan in its order is then a useful path
// of its element: PostgreSQL's query_pathkeys).
func (s *joinSearch) sortColumn(col int) bool {
	q := s.q
	if !s.wantsOrder || len(q.Sort) == 0 {
		return false
	}
	k := q.Sort[0]
	v, ok := q.Targets[k.Target].Expr.(*expr.Var)
	return ok && v.LevelsUp == 0 && v.Index == col && !k.Desc && !k.NullsFirst
}

// orderedNestLoops are the nested loops of o and i over o's ordered
// paths, which keep their order for ORDER BY (with LIMIT, a plan that
// stops early): searching an index of i for each outer row, or reading
// i's rows kept. jt is JoinInner, JoinSemi or JoinAnti.
func (s *joinSearch) orderedNestLoops(jt JoinType, o, i *joinRel, quals []expr.Expr, rows float64) []Node {
	if !s.wantsOrder || len(s.q.Sort) == 0 {
		return nil
	}
	q := s.q
	var out []Node
	for _, op := range s.orderedPaths(o) {
		if op.node == o.node {
			continue
		}
		own := append([]expr.Expr(nil), quals...)
		if nl := paramIndexJoin(q, jt, op.node, i.node, o.rels, i.rels, own, op.rows, math.Inf(1)); nl != nil {
			nl.(*NestLoop).Rows = rows
			out = append(out, nl)
			if m := memoized(q, nl.(*NestLoop), op.rows); m != nil {
				m.Rows = rows
				out = append(out, m)
			}
		}
		out = append(out, &NestLoop{Type: jt, Outer: op.node, Inner: i.node, Quals: orderQuals(append([]expr.Expr(nil), quals...)),
			OuterSegments: s.segments(o), InnerSegments: s.segments(i), Level: q.Width, Types: s.types, Rows: rows})
	}
	return out
}

// joinColumn reports whether a join condition of the search could merge
// on level column col.
func (s *joinSearch) joinColumn(col int) bool {
	for _, c := range s.classes {
		for _, m := range c.members {
			if m.v.Index == col {
				return true
			}
		}
	}
	for _, jq := range s.quals {
		if f, ok := jq.q.e.(*expr.FuncExpr); ok && len(f.Args) == 2 {
			for _, a := range f.Args {
				if v, ok := a.(*expr.Var); ok && v.LevelsUp == 0 && v.Index == col {
					return true
				}
			}
		}
	}
	return false
}

// outerMergeJoin is the cheapest merge join of an outer join (LEFT, with
// its sides also swapped as a RIGHT join, or FULL) or of a semi or anti
// join, when its conditions
// have merge clauses and it costs less than other, the join makeJoin
// chose otherwise; else other.
func outerMergeJoin(q *Query, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr, other Node) Node {
	opts := planner(q)
	if opts.NoMergeJoin || jt != JoinLeft && jt != JoinFull && jt != JoinSemi && jt != JoinAnti {
		return other
	}
	clauses, rest := mergeClauses(q, quals, orels, irels)
	if len(clauses) == 0 || jt == JoinFull && len(rest) > 0 {
		// A merge join returning the unmatched rows of its inner side
		// takes no other condition (select_mergejoin_clauses).
		return other
	}
	c := newPlanCoster(q)
	best, bestCost := other, 0.0
	if other != nil {
		e, _ := c.node(other)
		bestCost = e.Total
		if _, hash := other.(*HashJoin); hash && opts.NoHashJoin || !hash && opts.NoNestLoop {
			bestCost += disableCost
		}
		if jt == JoinFull && !fullJoinHashable(other) {
			// A full join is a merge or a hash join (or nothing).
			best = nil
		}
	}
	try := func(mj *MergeJoin) {
		if e, _ := c.node(mj); best == nil || e.Total < bestCost {
			best, bestCost = mj, e.Total
		}
	}
	swapped := make([]mergeClause, len(clauses))
	for k, cl := range clauses {
		swapped[k] = mergeClause{outer: cl.inner, inner: cl.outer, typ: cl.typ, e: cl.e}
	}
	outerMergePaths(q, c, jt, outer, inner, orels, irels, clauses, rest, try)
	switch {
	case jt == JoinLeft && len(rest) == 0:
		outerMergePaths(q, c, JoinRight, inner, outer, irels, orels, swapped, rest, try)
	case jt == JoinFull:
		outerMergePaths(q, c, JoinFull, inner, outer, irels, orels, swapped, rest, try)
	}
	return best
}

// outerMergePaths offers try the merge joins of an outer join with
// outer and inner on these sides, as add_paths_to_joinrel makes them:
// both sides sorted (sort_inner_and_outer), and each index scan of the
// outer side in an order that serves merge clauses over the inner side
// sorted or an index scan of it in the same order (match_unsorted_outer;
// a RIGHT or FULL join must merge on every clause).
func outerMergePaths(q *Query, c *coster, jt JoinType, outer, inner Node, orels, irels map[int]bool, clauses []mergeClause, rest []expr.Expr,
	try func(*MergeJoin)) {
	try(newMergeJoin(q, c, jt, outer, inner, orels, irels, clauses, rest, identicalColumn, identicalColumn, 0))
	keyOf := func(inner bool) func(col int) bool {
		return func(col int) bool {
			for _, cl := range clauses {
				if !inner && cl.outer.Index == col || inner && cl.inner.Index == col {
					return true
				}
			}
			return false
		}
	}
	var outers, inners []Node
	if sortedOn(outer) != nil {
		outers = append(outers, outer)
	}
	outers = append(outers, indexOrderScans(q, outer, keyOf(false))...)
	if sortedOn(inner) != nil {
		inners = append(inners, inner)
	}
	inners = append(inners, indexOrderScans(q, inner, keyOf(true))...)
	for _, on := range outers {
		used, others := servedClauses(sortedOn(on), clauses, identicalColumn)
		if len(used) == 0 || (jt == JoinRight || jt == JoinFull) && len(others) > 0 {
			continue
		}
		filter := append(append([]expr.Expr(nil), rest...), others...)
		try(newMergeJoin(q, c, jt, on, inner, orels, irels, used, filter, identicalColumn, identicalColumn, 0))
		keys := make([]*expr.Var, len(used))
		for k, cl := range used {
			keys[k] = cl.inner
		}
		for _, in := range inners {
			if in != inner && mergeOrdered(sortedOn(in), keys, identicalColumn) {
				try(newMergeJoin(q, c, jt, on, in, orels, irels, used, filter, identicalColumn, identicalColumn, 0))
			}
		}
	}
}

// fullJoinHashable reports whether n is a hash join (the other way
// PostgreSQL has of running a FULL JOIN).
func fullJoinHashable(n Node) bool {
	_, ok := n.(*HashJoin)
	return ok
}

// disabledJoin reports whether an enable_* setting that is off turns
// join n's kind off.
func (s *joinSearch) disabledJoin(n Node) bool {
	switch n.(type) {
	case *HashJoin:
		return s.opts.NoHashJoin
	case *MergeJoin:
		return s.opts.NoMergeJoin
	}
	return s.opts.NoNestLoop
}

// ordersAsWell reports whether path a's rows come in an order serving
// whatever path b's order serves (compare_pathkeys: b's order a prefix
// of a's), so that b is not kept for its order.
func (s *joinSearch) ordersAsWell(a, b *joinRel) bool {
	ob := sortedOn(b.node)
	if len(ob) == 0 {
		return true
	}
	oa := sortedOn(a.node)
	if len(oa) < len(ob) {
		return false
	}
	same := s.sameIn(a.mask)
	for k := range ob {
		if !same(oa[k], ob[k]) {
			return false
		}
	}
	return true
}

// tieWinner reports whether new path r replaces old when both cost the
// same within the fuzz and come in the same order (or neither in any):
// add_path compares them once more with a tiny fuzz, and the new path
// stays when cheaper.
func (s *joinSearch) tieWinner(r, old *joinRel) bool {
	if !s.ordersAsWell(r, old) || !s.ordersAsWell(old, r) || dominates(r, old) != dominates(old, r) {
		return false
	}
	const tiny = 1.0000000001
	switch {
	case old.cost > r.cost*tiny:
		// Startup costs count only when a LIMIT may stop the plan
		// early (consider_startup).
		return s.q.Limit == nil || r.startup <= old.startup*tiny
	case r.cost > old.cost*tiny:
		return false
	}
	return old.startup > r.startup*tiny
}

// mergeOrderServes reports whether n, the joins of a query level with a
// merge join on top (under filters), gives its rows in the order of the
// ORDER BY keys over exprs: then no Sort is needed (the merge join's
// pathkeys are the query's). A key column may be any column its inner
// merge joins made equal to the one the rows are ordered by.
func mergeOrderServes(n Node, exprs []expr.Expr, keys []SortKey) bool {
	var equal [][2]int
	top := n
	for f, ok := top.(*Filter); ok; f, ok = top.(*Filter) {
		top = f.Input
	}
	switch top.(type) {
	case *MergeJoin, *NestLoop:
	default:
		return false
	}
	if len(keys) == 0 {
		return false
	}
walk:
	for m := top; ; {
		switch j := m.(type) {
		case *Filter:
			m = j.Input
		case *MergeJoin:
			if j.Type == JoinRight || j.Type == JoinFull {
				break walk
			}
			if j.Type == JoinInner {
				for k := range j.OuterKeys {
					equal = append(equal, [2]int{j.OuterKeys[k].Index, j.InnerKeys[k].Index})
				}
			}
			m = j.Outer
		case *NestLoop:
			if j.Type == JoinRight || j.Type == JoinFull {
				break walk
			}
			m = j.Outer
		default:
			break walk
		}
	}
	same := func(a, b int) bool {
		// Columns made equal, transitively (a few pairs at most).
		seen := map[int]bool{a: true}
		for grew := true; grew; {
			grew = false
			for _, p := range equal {
				if seen[p[0]] != seen[p[1]] {
					seen[p[0]], seen[p[1]], grew = true, true, true
				}
			}
		}
		return seen[b]
	}
	order := sortedOn(n)
	if len(order) < len(keys) {
		return false
	}
	for i, k := range keys {
		v, ok := exprs[k.Target].(*expr.Var)
		if !ok || v.LevelsUp != 0 || k.Desc || k.NullsFirst || !same(order[i], v.Index) {
			return false
		}
	}
	return true
}

// tableInnerUnique reports whether inner, one table maybe filtered, has at
// most one row for each outer row: a unique index of it has each key
// column equal to an outer column by a merge clause or to a constant
// by a condition of its own (innerrel_is_unique, for tables).
func tableInnerUnique(q *Query, inner Node, irels map[int]bool, clauses []mergeClause) bool {
	if p, ok := inner.(*Project); ok && p.Spread {
		// A semi join's distinct inner rows: unique on the columns
		// they are grouped on.
		a, ok := p.Input.(*Agg)
		if !ok {
			return false
		}
		for _, g := range a.GroupBy {
			found := false
			for _, cl := range clauses {
				if v, isVar := g.(*expr.Var); isVar && v.Index == cl.inner.Index {
					found = true
				}
			}
			if !found {
				return false
			}
		}
		return len(a.GroupBy) > 0
	}
	if len(irels) != 1 {
		return false
	}
	var quals []expr.Expr
	n := inner
	for f, ok := n.(*Filter); ok; f, ok = n.(*Filter) {
		quals = append(quals, f.Quals...)
		n = f.Input
	}
	scan, ok := n.(*TableScan)
	if !ok || scan.Table == nil || scan.RTE == nil || !irels[rteAt(q, scan.Offset)] {
		return false
	}
	quals = append(quals, scan.Quals...)
	fixed := map[int]bool{}
	for _, cl := range clauses {
		if col := cl.inner.Index - scan.Offset; col >= 0 && col < len(scan.Table.Columns) {
			fixed[col] = true
		}
	}
	for _, ql := range quals {
		if c, ok := matchKeyQual(scan.RTE, ql); ok && c.strategy == nbtree.Equal && !c.any && c.col >= 0 {
			if _, isConst := constArg(c.arg); isConst {
				fixed[c.col] = true
			}
		}
	}
	return uniqueIndexFixed(scan.Table, fixed, quals, scan.Offset)
}

// uniqueIndexFixed reports whether a unique, immediately checked index
// of t (a partial one only when quals, over a row with t's values at
// offset, imply its predicate) has every key column among fixed.
func uniqueIndexFixed(t *Table, fixed map[int]bool, quals []expr.Expr, offset int) bool {
	for _, ti := range t.Indexes {
		if !ti.Unique && !ti.Primary || ti.Deferrable || ti.Pred != nil && !PredicateImplied(ti.Pred, quals, offset) {
			continue
		}
		all := true
		for k := range ti.Index.Keys {
			all = all && ti.Columns[k] >= 0 && fixed[ti.Columns[k]]
		}
		if all {
			return true
		}
	}
	return false
}

// orderedBest is the plan of the whole join list best or another kept
// path of it in the order ORDER BY asks, whichever costs less with the
// sort the other needs (grouping_planner's choice between sorting the
// cheapest path and a presorted one, fractionally under a constant
// LIMIT). Only a merge join's order counts (mergeOrderServes).
func (s *joinSearch) orderedBest(best *joinRel) *joinRel {
	q := s.q
	if q.Command != CmdSelect || q.SetOp != nil || q.Grouped || len(q.Windows) > 0 || q.Distinct || len(q.DistinctOn) > 0 || len(q.Sort) == 0 {
		return best
	}
	exprs := make([]expr.Expr, len(q.Targets))
	for i, t := range q.Targets {
		exprs[i] = t.Expr
	}
	fraction := 1.0
	bound := 0.0
	if q.Limit != nil {
		count, ok := constRows(q.Limit)
		if !ok {
			return best
		}
		offset, _ := constRows(q.Offset)
		bound = float64(count + offset)
		if best.rows > 0 {
			fraction = math.Min(1, bound/best.rows)
		}
	}
	cost := func(r *joinRel) float64 {
		startup, total := r.startup, r.cost
		if !mergeOrderServes(r.node, exprs, q.Sort) {
			e, _ := s.c.node(r.node)
			e.Startup, e.Total, e.Rows = r.startup, r.cost, r.rows
			sortStartup, run := s.c.sortCost(e, e.Width, bound)
			startup, total = sortStartup, sortStartup+run
		}
		return startup + fraction*(total-startup)
	}
	chosen, chosenCost := best, cost(best)
	for _, r := range s.pathlist[best.mask] {
		if r == best || !mergeOrderServes(r.node, exprs, q.Sort) {
			continue
		}
		if c := cost(r); c < chosenCost {
			chosen, chosenCost = r, c
		}
	}
	return chosen
}

// hashInnerUnique is tableInnerUnique for a hash join's keys: the pairs of
// columns among them.
func hashInnerUnique(q *Query, inner Node, irels map[int]bool, okeys, ikeys []expr.Expr) bool {
	var pairs []mergeClause
	for k := range okeys {
		o, ook := okeys[k].(*expr.Var)
		i, iok := ikeys[k].(*expr.Var)
		if ook && iok && o.LevelsUp == 0 && i.LevelsUp == 0 {
			pairs = append(pairs, mergeClause{outer: o, inner: i})
		}
	}
	return len(pairs) > 0 && tableInnerUnique(q, inner, irels, pairs)
}
