// Join order search: the relations a query's FROM list and inner joins
// bring together are joined in the order that is estimated cheapest, as
// PostgreSQL's planner does (deconstruct_jointree, standard_join_search,
// make_join_rel). The FROM list and the inner joins are flattened into
// one join list within from_collapse_limit and join_collapse_limit (an
// element beyond them stays a list of its own, searched by itself); an
// outer join is one element, its two sides planned each by itself, so
// the conditions above it and the rows it adds stay where the query puts
// them. A semi or anti join (semijoin.go) puts its inner side in the
// list as an element that joins only a set holding the relations its
// conditions read. Over the list, a dynamic programming search level by level
// (join_search_one_level) keeps the cheapest join of each set of
// elements: sets joined only when a condition connects them, when some
// such join exists, and bushy joins of two sets as well as one more
// element. From geqo_threshold elements on (with geqo on), a greedy
// search takes its place: PostgreSQL's genetic search is randomized, and
// joining the cheapest connected pair at each step serves as well here.
// Each join considered is a merge join (mergejoin.go: both sides sorted,
// or an ordered path of either side; those paths are kept for their
// order, as PostgreSQL's pathkeys keep them), a hash join (either side
// hashed), a nested loop, or a nested loop searching an index of the
// inner table for each outer row; all are compared with EXPLAIN's estimates (cost.go), so that
// the search and what EXPLAIN shows agree. For ORDER BY, the query's
// FROM list takes a path already in that order when it costs less than
// sorting the cheapest (orderedBest). A list whose relations use
// LATERAL references is joined in the written order, which satisfies
// them.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// joinElem is one element of a join list (deconstruct_jointree's
// joinlist): a FROM item planned as a whole (a relation, an outer join),
// or a list of elements joined together first.
type joinElem struct {
	item FromItem
	list []joinElem
	// semi, on the inner side of a semi or anti join (item its FROM
	// items), is that join: the element joins only a set holding the
	// relations its conditions read, as the join's inner side.
	semi *semiElem
}

// semiElem is a semi or anti join of a join list (semijoin.go): its type
// and conditions.
type semiElem struct {
	jt    JoinType
	quals []*qual
	// minLeft are the other elements the conditions read (the join's
	// min_lefthand), set by the search.
	minLeft uint64
}

// joinOptions are q's join search settings, asked once per statement.
func joinOptions(q *Query) JoinOptions {
	p := q.Planner
	if p == nil || p.Joins == nil {
		return JoinOptions{FromCollapseLimit: 8, JoinCollapseLimit: 8, GeqoThreshold: 12, Geqo: true}
	}
	if p.joins == nil {
		o := p.Joins()
		p.joins = &o
	}
	return *p.joins
}

// joinFrom plans a FROM list, or an inner join j, with quals (WHERE's,
// or those of an enclosing inner join): its relations flattened into
// join lists and joined in the order the search finds cheapest.
func joinFrom(q *Query, items []FromItem, j *JoinItem, quals []*qual) Node {
	o := joinOptions(q)
	l := &joinLists{q: q, fromLimit: o.FromCollapseLimit, joinLimit: o.JoinCollapseLimit, quals: append([]*qual(nil), quals...)}
	var elems []joinElem
	if j != nil {
		elems = l.join(j)
	} else {
		elems = l.fromList(items)
	}
	// PostgreSQL meets the ON conditions before the WHERE conditions,
	// the innermost first (deconstruct_jointree); equivalence classes
	// take their members in that order.
	order := append(append([]*qual(nil), l.on...), quals...)
	// The query's FROM list may be wanted in ORDER BY's order.
	n := planJoinList(q, elems, l.quals, order, j == nil)
	// An ON condition that reads no relation of the level, if no scan
	// took it.
	return addFilter(n, l.on)
}

// joinLists flattens a join tree into join lists, gathering the ON
// conditions of the inner joins it flattens as join conditions.
type joinLists struct {
	q                    *Query
	fromLimit, joinLimit int
	// quals are the conditions to place, WHERE's then ON's; on are the
	// ON conditions, innermost join first.
	quals, on []*qual
}

// fromList is the join list of a FROM list: an item's own list merges
// into it while the whole stays within from_collapse_limit.
func (l *joinLists) fromList(items []FromItem) []joinElem {
	var out []joinElem
	remaining := len(items)
	for _, it := range items {
		sub := l.item(it)
		remaining--
		if len(sub) <= 1 || len(out)+len(sub)+remaining <= l.fromLimit {
			out = append(out, sub...)
		} else {
			out = append(out, joinElem{list: sub})
		}
	}
	return out
}

// item is the join list of one FROM item.
func (l *joinLists) item(it FromItem) []joinElem {
	j, ok := it.(*JoinItem)
	if ok && (j.Type == JoinSemi || j.Type == JoinAnti) {
		return l.semiJoin(j)
	}
	if !ok || j.Type != JoinInner && j.Type != JoinCross {
		return []joinElem{{item: it}}
	}
	return l.join(j)
}

// semiJoin is the join list of a semi or anti join: its left side's,
// then its right side as one element that the search joins to a set
// holding what its conditions read. An anti join's condition counts as
// reading the right side too, so that it is tested at the join only
// (one on the left side alone does not filter that side: its rows that
// fail it are returned).
func (l *joinLists) semiJoin(j *JoinItem) []joinElem {
	right := itemRels(l.q, j.Right, nil)
	var on []*qual
	if j.Quals != nil {
		for _, e := range flattenAnd(j.Quals, nil) {
			rels := relsOf(l.q, e)
			if j.Type == JoinAnti {
				rels = unionSet(rels, right)
			}
			on = append(on, &qual{e: e, rels: rels})
		}
	}
	l.quals = append(l.quals, on...)
	return append(l.item(j.Left), joinElem{item: j.Right, semi: &semiElem{jt: j.Type, quals: on}})
}

// join is the join list of an inner join: both sides' lists as one
// while within join_collapse_limit, else the two sides.
func (l *joinLists) join(j *JoinItem) []joinElem {
	var on []*qual
	if j.Quals != nil {
		for _, e := range flattenAnd(j.Quals, nil) {
			on = append(on, &qual{e: e, rels: relsOf(l.q, e)})
		}
	}
	l.quals = append(l.quals, on...)
	left, right := l.item(j.Left), l.item(j.Right)
	l.on = append(l.on, on...)
	if len(left)+len(right) <= l.joinLimit {
		return append(left, right...)
	}
	part := func(es []joinElem) joinElem {
		if len(es) == 1 {
			return es[0]
		}
		return joinElem{list: es}
	}
	return []joinElem{part(left), part(right)}
}

// joinRel is a set of join list elements joined, with the plan found
// cheapest for it.
type joinRel struct {
	mask uint64 // the elements, by position in the list
	rels map[int]bool
	segs [][2]int // the level row's segments of rels (segmentsOf), once known
	node Node
	// cost and startup are the plan's estimated total and startup
	// costs, with disableCost for each of the disabled joins in it of a
	// kind an enable_* setting turns off.
	cost, startup float64
	disabled      int
	// rows is the set's estimated size: made once, for the first two
	// sets found to join into it (set_joinrel_size_estimates), so that
	// every plan of the set yields the same.
	rows float64
	// semi is set on an element that is a semi or anti join's inner side.
	semi *semiElem
}

// cheaper compares total costs, then startup costs (compare_path_costs).
func (r *joinRel) cheaper(than *joinRel) bool {
	return than == nil || r.cost < than.cost || r.cost == than.cost && r.startup < than.startup
}

// fuzzFactor is STD_FUZZ_FACTOR: costs within 1% of each other count as
// the same when paths are weeded out.
const fuzzFactor = 1.01

// dominates reports whether path a makes path b not worth keeping
// (compare_path_costs_fuzzily, with neither of them sorted nor
// parameterized, nor wanted for its startup cost alone): a is cheaper in
// total beyond the fuzz, or about as cheap in total and not dearer to
// start beyond the fuzz.
func dominates(a, b *joinRel) bool {
	switch {
	case b.cost > a.cost*fuzzFactor:
		return true
	case a.cost > b.cost*fuzzFactor:
		return false
	}
	return b.startup*fuzzFactor >= a.startup
}

// planJoinList plans the elements of a join list and joins them, each
// join taking the quals that read both its sides and nothing outside.
// order is quals in the order PostgreSQL meets them, for the
// equivalence classes.
func planJoinList(q *Query, elems []joinElem, quals, order []*qual, top bool) Node {
	units := make([]*joinRel, len(elems))
	lateral := false
	for i, e := range elems {
		u := &joinRel{rels: map[int]bool{}}
		if e.list != nil {
			u.node = planJoinList(q, e.list, quals, order, false)
			for _, sub := range flatten(e.list) {
				itemRels(q, sub, u.rels)
			}
		} else {
			u.node = buildItem(q, e.item, quals)
			itemRels(q, e.item, u.rels)
			u.semi = e.semi
		}
		for k := range u.rels {
			lateral = lateral || q.RTEs[k].Lateral
		}
		units[i] = u
	}
	if len(units) == 1 {
		return units[0].node
	}
	if lateral || len(units) >= 64 {
		return writtenOrder(q, units, quals)
	}
	s := newJoinSearch(q, units, quals, order)
	s.wantsOrder = top && q.Command == CmdSelect && q.SetOp == nil && !q.Grouped && len(q.Windows) == 0 && !q.Distinct && len(q.DistinctOn) == 0
	o := joinOptions(q)
	var best *joinRel
	if o.Geqo && len(units) >= o.GeqoThreshold {
		best = s.greedy()
	} else {
		best = s.dynamic()
	}
	if best == nil {
		// Canceled during the search (or no order joined the semi
		// joins' inner sides).
		return writtenOrder(q, units, quals)
	}
	if top {
		best = s.orderedBest(best)
	}
	for _, jq := range s.quals {
		jq.q.used = true
	}
	for _, c := range s.classes {
		for _, ql := range c.sources {
			ql.used = true
		}
	}
	return best.node
}

// flatten lists the FROM items of a join list's elements.
func flatten(elems []joinElem) []FromItem {
	var out []FromItem
	for _, e := range elems {
		if e.list != nil {
			out = append(out, flatten(e.list)...)
		} else {
			out = append(out, e.item)
		}
	}
	return out
}

// writtenOrder joins the elements left-deep in the order written, which
// lets each LATERAL reference see the elements before it.
func writtenOrder(q *Query, units []*joinRel, quals []*qual) Node {
	n, have := units[0].node, units[0].rels
	for _, u := range units[1:] {
		all := unionSet(have, u.rels)
		if u.semi != nil {
			n = semiJoin(q, u.semi.jt, n, u.node, have, u.rels, pick(quals, all))
		} else {
			n = makeJoin(q, JoinInner, n, u.node, have, u.rels, pick(quals, all))
		}
		have = all
	}
	return n
}

// joinQual is a condition the search places: at the join of two sets
// that together, and neither alone, hold the elements it reads.
type joinQual struct {
	q    *qual
	mask uint64
}

type joinSearch struct {
	q     *Query
	c     *coster
	opts  PlannerOptions
	units []*joinRel
	quals []joinQual
	best  map[uint64]*joinRel
	// pathlist are the paths kept for each set.
	pathlist map[uint64][]*joinRel
	// rows are the sets' estimated sizes.
	rows    map[uint64]float64
	classes []*eclass
	// added lists the sets found at the level being searched, in the
	// order found.
	added []uint64
	types []uint32
	// wantsOrder is set when the search joins the query's FROM list,
	// whose rows ORDER BY may want in its order (orderedBest).
	wantsOrder bool
	// indexAlts are the elements' index scans in orders useful to
	// merge joins or ORDER BY (mergejoin.go).
	indexAlts map[uint64][]*joinRel
}

func newJoinSearch(q *Query, units []*joinRel, quals, order []*qual) *joinSearch {
	s := &joinSearch{q: q, c: newPlanCoster(q), opts: planner(q), units: units, best: map[uint64]*joinRel{}, pathlist: map[uint64][]*joinRel{}, rows: map[uint64]float64{},
		types: levelTypes(q)}
	// Conditions that read one element alone (above an outer join,
	// on its nullable side) filter that element's rows.
	one := make([][]expr.Expr, len(units))
	for _, ql := range quals {
		if ql.used || len(ql.rels) == 0 {
			continue
		}
		var mask uint64
		for k := range ql.rels {
			for i, u := range units {
				if u.rels[k] {
					mask |= 1 << i
				}
			}
		}
		if !covered(ql.rels, units) {
			continue // it reads relations of an enclosing join list
		}
		if mask&(mask-1) == 0 {
			for i := range units {
				if mask == 1<<i {
					one[i] = append(one[i], ql.e)
				}
			}
			ql.used = true
			continue
		}
		s.quals = append(s.quals, joinQual{q: ql, mask: mask})
	}
	s.equivalences(order)
	for _, u := range units {
		if u.semi == nil {
			continue
		}
		for _, ql := range u.semi.quals {
			for k := range ql.rels {
				for i, o := range units {
					if o != u && o.rels[k] {
						u.semi.minLeft |= 1 << i
					}
				}
			}
		}
	}
	for i, u := range units {
		u.mask = 1 << i
		if len(one[i]) > 0 {
			u.node = &Filter{Input: u.node, Quals: orderQuals(one[i])}
		}
		e, _ := s.c.node(u.node)
		u.cost, u.startup, u.rows = e.Total, e.Startup, e.Rows
		s.best[u.mask] = u
	}
	return s
}

// covered reports whether the elements hold every relation of rels.
func covered(rels map[int]bool, units []*joinRel) bool {
	for k := range rels {
		found := false
		for _, u := range units {
			found = found || u.rels[k]
		}
		if !found {
			return false
		}
	}
	return true
}

// joinQuals are the conditions a join of sets a and b takes: those
// that read both and nothing else, then for each equivalence class with
// members on both sides, the equality of its first member in a and its
// first in b (generate_join_implied_equalities).
func (s *joinSearch) joinQuals(a, b uint64) []expr.Expr {
	var out []expr.Expr
	for _, jq := range s.quals {
		if jq.mask&^(a|b) == 0 && jq.mask&^a != 0 && jq.mask&^b != 0 {
			out = append(out, jq.q.e)
		}
	}
	for _, c := range s.classes {
		var ea, eb expr.Expr
		for _, m := range c.members {
			if ea == nil && m.mask&a != 0 {
				ea = m.e
			}
			if eb == nil && m.mask&b != 0 {
				eb = m.e
			}
		}
		if ea != nil && eb != nil {
			out = append(out, &expr.FuncExpr{Func: c.op.Func, Args: []expr.Expr{ea, eb}, Typ: c.op.Typ, Mod: c.op.Mod, Op: c.op.Op, Loc: c.op.Loc})
		}
	}
	return out
}

// hasJoinClause reports whether a condition or an equivalence class
// joins set m to other elements.
func (s *joinSearch) hasJoinClause(m uint64) bool {
	for _, jq := range s.quals {
		if jq.mask&m != 0 && jq.mask&^m != 0 {
			return true
		}
	}
	for _, c := range s.classes {
		if c.mask&m != 0 && c.mask&^m != 0 {
			return true
		}
	}
	return false
}

// relevant reports whether a condition or an equivalence class reads
// both set a and set b (have_relevant_joinclause).
func (s *joinSearch) relevant(a, b uint64) bool {
	for _, jq := range s.quals {
		if jq.mask&a != 0 && jq.mask&b != 0 {
			return true
		}
	}
	for _, c := range s.classes {
		if c.mask&a != 0 && c.mask&b != 0 {
			return true
		}
	}
	return false
}

// eclass is an equivalence class (PostgreSQL's EquivalenceClass, here
// of columns only): columns of different elements that join equalities
// make equal, so that any two of them may join their elements. Its
// conditions (sources) give way to one equality between each two sets
// joined; all of the same operator, self-commuting, whose copies with
// other columns are its equalities.
type eclass struct {
	op      *expr.FuncExpr
	members []ecMember
	mask    uint64 // the elements of the members
	sources []*qual
}

type ecMember struct {
	v    *expr.Var
	e    expr.Expr
	mask uint64
}

// equivalences gathers the equivalence classes of the level's column
// equalities (process_equivalence), taking the join conditions among
// them out of s.quals. The equalities already applied inside an element
// count too, so that a class spans the elements an inner list joined.
// A class is kept only when the members each element holds are made
// equal inside it already, since the join of two sets tests one pair
// of members only.
func (s *joinSearch) equivalences(order []*qual) {
	pending := map[*qual]bool{}
	for _, jq := range s.quals {
		pending[jq.q] = true
	}
	var classes []*eclass
	find := func(v *expr.Var) *eclass {
		for _, c := range classes {
			for _, m := range c.members {
				if m.v.Index == v.Index {
					return c
				}
			}
		}
		return nil
	}
	for _, ql := range order {
		if !pending[ql] && (!ql.used || len(ql.rels) == 0 || !covered(ql.rels, s.units)) {
			continue
		}
		f, ok := ql.e.(*expr.FuncExpr)
		if !ok || !equivalence(f) || f.Op.OID >= firstUserOID || f.Op.Com != f.Op.OID || f.Args[0].Type() != f.Args[1].Type() {
			continue
		}
		l, lm := s.memberOf(f.Args[0])
		r, rm := s.memberOf(f.Args[1])
		if l == nil || r == nil || pending[ql] == (lm == rm) || l.Index == r.Index {
			// (An applied equality reads one element; a pending one,
			// two.)
			continue
		}
		cl, cr := find(l), find(r)
		switch {
		case cl == nil && cr == nil:
			classes = append(classes, &eclass{op: f, members: []ecMember{{l, f.Args[0], lm}, {r, f.Args[1], rm}}, sources: []*qual{ql}})
		case cl == cr:
			cl.sources = append(cl.sources, ql)
		case cl != nil && cr != nil:
			if cl.op.Op != f.Op {
				continue
			}
			cl.members = append(cl.members, cr.members...)
			cl.sources = append(append(cl.sources, cr.sources...), ql)
			for k, c := range classes {
				if c == cr {
					classes = append(classes[:k], classes[k+1:]...)
					break
				}
			}
		case cl != nil:
			if cl.op.Op != f.Op {
				continue
			}
			cl.members = append(cl.members, ecMember{r, f.Args[1], rm})
			cl.sources = append(cl.sources, ql)
		default:
			if cr.op.Op != f.Op {
				continue
			}
			cr.members = append(cr.members, ecMember{l, f.Args[0], lm})
			cr.sources = append(cr.sources, ql)
		}
	}
	taken := map[*qual]bool{}
	for _, c := range classes {
		if !s.joinedInside(c, pending) {
			continue
		}
		for _, m := range c.members {
			c.mask |= m.mask
		}
		var own []*qual
		for _, ql := range c.sources {
			if pending[ql] {
				taken[ql] = true
				own = append(own, ql)
			}
		}
		if len(own) == 0 {
			continue
		}
		c.sources = own
		s.classes = append(s.classes, c)
	}
	var rest []joinQual
	for _, jq := range s.quals {
		if !taken[jq.q] {
			rest = append(rest, jq)
		}
	}
	s.quals = rest
}

// joinedInside reports whether the members of class c in each element
// are equal by the equalities applied inside it (not pending).
func (s *joinSearch) joinedInside(c *eclass, pending map[*qual]bool) bool {
	root := make([]int, len(c.members))
	for i := range root {
		root[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if root[i] != i {
			root[i] = find(root[i])
		}
		return root[i]
	}
	at := func(e expr.Expr) int {
		for i, m := range c.members {
			if v, ok := e.(*expr.Var); ok && m.v.Index == v.Index {
				return i
			}
		}
		return -1
	}
	for _, ql := range c.sources {
		if pending[ql] {
			continue
		}
		f := ql.e.(*expr.FuncExpr)
		if a, b := at(f.Args[0]), at(f.Args[1]); a >= 0 && b >= 0 {
			root[find(a)] = find(b)
		}
	}
	for i, m := range c.members {
		for j := i + 1; j < len(c.members); j++ {
			if c.members[j].mask == m.mask && find(i) != find(j) {
				return false
			}
		}
	}
	return true
}

// memberOf is the column e is, with the element holding it, when e is a
// column of the level.
func (s *joinSearch) memberOf(e expr.Expr) (*expr.Var, uint64) {
	v, ok := e.(*expr.Var)
	if !ok || v.LevelsUp != 0 {
		return nil, 0
	}
	rte := rteAt(s.q, v.Index)
	for i, u := range s.units {
		if rte >= 0 && u.rels[rte] {
			return v, 1 << i
		}
	}
	return nil, 0
}

// join considers the joins of sets a and b, either one the outer side,
// and keeps the cheapest for their union (make_join_rel).
func (s *joinSearch) join(a, b *joinRel) {
	if a.semi != nil || b.semi != nil {
		s.semiJoin(a, b)
		return
	}
	mask := a.mask | b.mask
	quals := s.joinQuals(a.mask, b.mask)
	rels, segs := s.relsOf(a, b)
	rows, known := s.rows[mask]
	if !known {
		s.added = append(s.added, mask)
		ae, _ := s.c.node(a.node)
		be, _ := s.c.node(b.node)
		ae.Rows, be.Rows = a.rows, b.rows
		sel := s.c.joinSelectivity(quals, a.node, b.node, ae, be, s.segments(a), s.segments(b))
		rows = clampRows(a.rows * b.rows * sel)
		s.rows[mask] = rows
	}
	for _, sides := range [2][2]*joinRel{{a, b}, {b, a}} {
		o, i := sides[0], sides[1]
		// Merge joins first, as PostgreSQL's sort_inner_and_outer comes
		// first (the first of two paths alike is kept).
		paths := append(s.mergeJoins(o, i, quals, rows), s.paths(o, i, quals)...)
		for _, n := range append(paths, s.orderedNestLoops(JoinInner, o, i, quals, rows)...) {
			switch j := n.(type) {
			case *NestLoop:
				j.Rows = rows
			case *HashJoin:
				j.Rows = rows
			}
			e, _ := s.c.node(n)
			r := &joinRel{mask: mask, rels: rels, segs: segs, node: n, disabled: o.disabled + i.disabled, rows: rows}
			if s.disabledJoin(n) {
				r.disabled++
			}
			r.cost, r.startup = e.Total+float64(r.disabled)*disableCost, e.Startup+float64(r.disabled)*disableCost
			s.addPath(r)
		}
	}
	s.setCheapest(mask)
}

// setCheapest makes the cheapest path kept the set's (set_cheapest).
func (s *joinSearch) setCheapest(mask uint64) {
	var best *joinRel
	for _, r := range s.pathlist[mask] {
		if r.cheaper(best) {
			best = r
		}
	}
	s.best[mask] = best
}

// semiJoin considers the semi or anti join of a set with the element
// that is a semi or anti join's inner side, when the set holds every
// other element the join's conditions read (join_is_legal); the
// element joins nothing else.
func (s *joinSearch) semiJoin(a, b *joinRel) {
	outer, inner := a, b
	if a.semi != nil {
		outer, inner = b, a
	}
	if outer.semi != nil || outer.mask&inner.semi.minLeft != inner.semi.minLeft {
		return
	}
	mask := outer.mask | inner.mask
	jt := inner.semi.jt
	quals := s.joinQuals(outer.mask, inner.mask)
	if jt == JoinSemi {
		quals = outerFirst(s.q, quals, outer.rels)
	}
	rels, segs := s.relsOf(outer, inner)
	rows, known := s.rows[mask]
	paths := semiJoinPaths(s.q, s.c, jt, outer.node, inner.node, outer.rels, inner.rels, quals, rows)
	if !known {
		// The set's size is its first plan's semi join estimate, which
		// the others then give too.
		s.added = append(s.added, mask)
		e, _ := s.c.node(paths[0])
		rows = e.Rows
		s.rows[mask] = rows
		for _, n := range paths[1:] {
			setJoinRows(n, rows)
		}
	}
	for _, n := range append(paths, s.orderedNestLoops(jt, outer, inner, quals, rows)...) {
		e, _ := s.c.node(n)
		r := &joinRel{mask: mask, rels: rels, segs: segs, node: n, rows: rows,
			disabled: outer.disabled + inner.disabled + disabledSemiJoin(s.opts, n)}
		r.cost, r.startup = e.Total+float64(r.disabled)*disableCost, e.Startup+float64(r.disabled)*disableCost
		s.addPath(r)
	}
	s.setCheapest(mask)
}

// setJoinRows sets the rows a join node gives (its Rows field).
func setJoinRows(n Node, rows float64) {
	switch j := n.(type) {
	case *HashJoin:
		j.Rows = rows
	case *NestLoop:
		j.Rows = rows
	case *MergeJoin:
		j.Rows = rows
	}
}

// outerFirst is quals with each column equality of a self-commutative
// built-in operator written outer side first, as PostgreSQL writes the
// equalities it derives from equivalence classes, which a semi join's
// take part in (an anti join's do not).
func outerFirst(q *Query, quals []expr.Expr, orels map[int]bool) []expr.Expr {
	out := make([]expr.Expr, len(quals))
	for k, e := range quals {
		out[k] = e
		f, ok := e.(*expr.FuncExpr)
		if !ok || !equivalence(f) || f.Op.OID >= firstUserOID || f.Op.Com != f.Op.OID || len(f.Args) != 2 {
			continue
		}
		l, lok := f.Args[0].(*expr.Var)
		r, rok := f.Args[1].(*expr.Var)
		if lok && rok && l.LevelsUp == 0 && r.LevelsUp == 0 && !orels[rteAt(q, l.Index)] && orels[rteAt(q, r.Index)] {
			cp := *f
			cp.Args = []expr.Expr{f.Args[1], f.Args[0]}
			out[k] = &cp
		}
	}
	return out
}

// relsOf are the relations of the union of sets a and b and their
// segments, shared by the paths of the union.
func (s *joinSearch) relsOf(a, b *joinRel) (map[int]bool, [][2]int) {
	if kept := s.pathlist[a.mask|b.mask]; len(kept) > 0 {
		return kept[0].rels, kept[0].segs
	}
	return unionSet(a.rels, b.rels), nil
}

// segments are the level row's segments of r's relations.
func (s *joinSearch) segments(r *joinRel) [][2]int {
	if r.segs == nil {
		r.segs = segmentsOf(s.q, r.rels)
	}
	return r.segs
}

// addPath keeps path r of its set unless a path kept dominates it, and
// drops those it dominates (add_path); of two alike, the first stays.
func (s *joinSearch) addPath(r *joinRel) {
	var kept []*joinRel
	accept := true
	for k, old := range s.pathlist[r.mask] {
		if dominates(old, r) && s.ordersAsWell(old, r) && !s.tieWinner(r, old) {
			accept = false
			kept = append(kept, s.pathlist[r.mask][k:]...)
			break
		}
		if !dominates(r, old) || !s.ordersAsWell(r, old) {
			kept = append(kept, old)
		}
	}
	if accept {
		kept = append(kept, r)
	}
	s.pathlist[r.mask] = kept
}

// paths are the joins of outer o and inner i considered, in
// PostgreSQL's order (match_unsorted_outer, then hash_inner_and_outer):
// a nested loop searching an index of the inner table for each outer
// row, one reading the inner table again for each outer row, one over
// the inner rows kept (a Materialize), a hash join of the inner side.
func (s *joinSearch) paths(o, i *joinRel, quals []expr.Expr) []Node {
	q := s.q
	own := func() []expr.Expr { return append([]expr.Expr(nil), quals...) }
	var out []Node
	oe, _ := s.c.node(o.node)
	if nl := paramIndexJoin(q, JoinInner, o.node, i.node, o.rels, i.rels, own(), oe.Rows, math.Inf(1)); nl != nil {
		out = append(out, nl)
		if m := memoized(q, nl.(*NestLoop), oe.Rows); m != nil {
			out = append(out, m)
		}
	}
	oseg, iseg := s.segments(o), s.segments(i)
	if scan, ok := i.node.(*TableScan); ok && scan.Sample == nil {
		// The inner table read again for each outer row rather than
		// kept: cheaper for very few outer rows.
		out = append(out, &NestLoop{Type: JoinInner, Outer: o.node, Inner: i.node, Quals: orderQuals(own()), OuterSegments: oseg,
			InnerSegments: iseg, Level: q.Width, Lateral: true})
	}
	out = append(out, &NestLoop{Type: JoinInner, Outer: o.node, Inner: i.node, Quals: orderQuals(own()), OuterSegments: oseg,
		InnerSegments: iseg, Level: q.Width, Types: s.types})
	if okeys, ikeys, ktypes, rest := hashKeys(q, quals, o.rels, i.rels); len(okeys) > 0 {
		out = append(out, &HashJoin{Type: JoinInner, Outer: o.node, Inner: i.node, OuterKeys: okeys, InnerKeys: ikeys, KeyTypes: ktypes,
			Quals: orderQuals(rest), OuterSegments: oseg, InnerSegments: iseg, Level: q.Width, Types: s.types,
			HashMem: s.opts.HashMem, InnerUnique: hashInnerUnique(q, i.node, i.rels, okeys, ikeys)})
	}
	return out
}

// dynamic is standard_join_search: level by level, the sets of n
// elements from those of fewer, each kept at its cheapest; nil when the
// statement was canceled.
func (s *joinSearch) dynamic() *joinRel {
	n := len(s.units)
	levels := make([][]*joinRel, n+1)
	levels[1] = s.units
	for lev := 2; lev <= n; lev++ {
		s.added = nil
		// One more element, by a join condition when the set has one,
		// else any (make_rels_by_clause_joins, _clauseless_joins).
		for ri, old := range levels[lev-1] {
			if s.canceled() {
				return nil
			}
			if s.hasJoinClause(old.mask) {
				others := levels[1]
				if lev == 2 {
					others = levels[1][ri+1:]
				}
				for _, u := range others {
					if u.mask&old.mask == 0 && s.relevant(old.mask, u.mask) {
						s.join(old, u)
					}
				}
			} else {
				for _, u := range levels[1] {
					if u.mask&old.mask == 0 {
						s.join(old, u)
					}
				}
			}
		}
		// Two sets of two or more, joined by a condition.
		for k := 2; k <= lev/2; k++ {
			for ai, a := range levels[k] {
				if !s.hasJoinClause(a.mask) {
					continue
				}
				if s.canceled() {
					return nil
				}
				others := levels[lev-k]
				if k == lev-k {
					others = others[ai+1:]
				}
				for _, b := range others {
					if a.mask&b.mask == 0 && s.relevant(a.mask, b.mask) {
						s.join(a, b)
					}
				}
			}
		}
		// Nothing connected: any set with any element.
		if len(s.added) == 0 {
			for _, old := range levels[lev-1] {
				for _, u := range levels[1] {
					if u.mask&old.mask == 0 {
						s.join(old, u)
					}
				}
			}
		}
		for _, m := range s.added {
			levels[lev] = append(levels[lev], s.best[m])
		}
	}
	if len(levels[n]) == 0 {
		// No order met the semi joins' needs: the written one does.
		return nil
	}
	return levels[n][0]
}

// canceled reports whether the statement was canceled (the sets of a
// level grow combinatorially with join_collapse_limit when geqo is off).
func (s *joinSearch) canceled() bool {
	return s.opts.Interrupted != nil && s.opts.Interrupted()
}

// greedy joins, until one set is left, the two sets whose join is
// cheapest among those a condition connects (any two when none does).
func (s *joinSearch) greedy() *joinRel {
	rels := append([]*joinRel(nil), s.units...)
	for len(rels) > 1 {
		var best *joinRel
		bi, bj := -1, -1
		for _, connected := range []bool{true, false} {
			for i := range rels {
				for j := i + 1; j < len(rels); j++ {
					if connected && !s.relevant(rels[i].mask, rels[j].mask) {
						continue
					}
					s.join(rels[i], rels[j])
					if r := s.best[rels[i].mask|rels[j].mask]; r != nil && r.cheaper(best) {
						best, bi, bj = r, i, j
					}
				}
			}
			if best != nil {
				break
			}
		}
		if best == nil {
			return nil
		}
		rels[bi] = best
		rels = append(rels[:bj], rels[bj+1:]...)
	}
	return rels[0]
}
