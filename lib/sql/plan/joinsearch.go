// Join order search: the relations a query's FROM list and inner joins
// bring together are joined in the order that is estimated cheapest, as
// PostgreSQL's planner does (deconstruct_jointree, standard_join_search,
// make_join_rel). The FROM list and the inner joins are flattened into
// one join list within from_collapse_limit and join_collapse_limit (an
// element beyond them stays a list of its own, searched by itself); an
// outer join is one element, its two sides planned each by itself, so
// the conditions above it and the rows it adds stay where the query puts
// them. Over the list, a dynamic programming search level by level
// (join_search_one_level) keeps the cheapest join of each set of
// elements: sets joined only when a condition connects them, when some
// such join exists, and bushy joins of two sets as well as one more
// element. From geqo_threshold elements on (with geqo on), a greedy
// search takes its place: PostgreSQL's genetic search is randomized, and
// joining the cheapest connected pair at each step serves as well here.
// Each join considered is a hash join (either side hashed), a nested
// loop, or a nested loop searching an index of the inner table for each
// outer row; all are compared with EXPLAIN's estimates (cost.go), so that
// the search and what EXPLAIN shows agree. A list whose relations use
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

// joinLists flattens a join tree into join lists.
type joinLists struct {
	q                    *Query
	fromLimit, joinLimit int
}

func newJoinLists(q *Query) joinLists {
	o := joinOptions(q)
	return joinLists{q: q, fromLimit: o.FromCollapseLimit, joinLimit: o.JoinCollapseLimit}
}

// fromList is the join list of a FROM list: an item's own list merges
// into it while the whole stays within from_collapse_limit.
func (l joinLists) fromList(items []FromItem, quals *[]*qual) []joinElem {
	var out []joinElem
	remaining := len(items)
	for _, it := range items {
		sub := l.item(it, quals)
		remaining--
		if len(sub) <= 1 || len(out)+len(sub)+remaining <= l.fromLimit {
			out = append(out, sub...)
		} else {
			out = append(out, joinElem{list: sub})
		}
	}
	return out
}

// item is the join list of one FROM item; the ON conditions of the
// inner joins it flattens join quals, as WHERE conditions.
func (l joinLists) item(it FromItem, quals *[]*qual) []joinElem {
	j, ok := it.(*JoinItem)
	if !ok || j.Type != JoinInner && j.Type != JoinCross {
		return []joinElem{{item: it}}
	}
	return l.join(j, quals)
}

// join is the join list of an inner join: both sides' lists as one
// while within join_collapse_limit, else the two sides.
func (l joinLists) join(j *JoinItem, quals *[]*qual) []joinElem {
	if j.Quals != nil {
		for _, e := range flattenAnd(j.Quals, nil) {
			*quals = append(*quals, &qual{e: e, rels: relsOf(l.q, e)})
		}
	}
	left, right := l.item(j.Left, quals), l.item(j.Right, quals)
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
	node Node
	// cost and startup are the plan's estimated total and startup
	// costs, with disableCost for each of the disabled joins in it of a
	// kind an enable_* setting turns off.
	cost, startup float64
	disabled      int
}

// disableCost is what PostgreSQL adds to the cost of a path of a
// disabled kind.
const disableCost = 1.0e10

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
func planJoinList(q *Query, elems []joinElem, quals []*qual) Node {
	units := make([]*joinRel, len(elems))
	lateral := false
	for i, e := range elems {
		u := &joinRel{rels: map[int]bool{}}
		if e.list != nil {
			u.node = planJoinList(q, e.list, quals)
			for _, sub := range flatten(e.list) {
				itemRels(q, sub, u.rels)
			}
		} else {
			u.node = buildItem(q, e.item, quals)
			itemRels(q, e.item, u.rels)
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
	s := newJoinSearch(q, units, quals)
	o := joinOptions(q)
	var best *joinRel
	if o.Geqo && len(units) >= o.GeqoThreshold {
		best = s.greedy()
	} else {
		best = s.dynamic()
	}
	for _, jq := range s.quals {
		jq.q.used = true
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
		n = makeJoin(q, JoinInner, n, u.node, have, u.rels, pick(quals, all))
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
	// added lists the sets found at the level being searched, in the
	// order found.
	added []uint64
	types []uint32
}

func newJoinSearch(q *Query, units []*joinRel, quals []*qual) *joinSearch {
	s := &joinSearch{q: q, c: newCoster(joinOptions(q).Info), opts: planner(q), units: units, best: map[uint64]*joinRel{}, pathlist: map[uint64][]*joinRel{},
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
	for i, u := range units {
		u.mask = 1 << i
		if len(one[i]) > 0 {
			u.node = &Filter{Input: u.node, Quals: orderQuals(one[i])}
		}
		e, _ := s.c.node(u.node)
		u.cost, u.startup = e.Total, e.Startup
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

// joinQuals are the conditions a join of sets a and b takes.
func (s *joinSearch) joinQuals(a, b uint64) []expr.Expr {
	var out []expr.Expr
	for _, jq := range s.quals {
		if jq.mask&^(a|b) == 0 && jq.mask&^a != 0 && jq.mask&^b != 0 {
			out = append(out, jq.q.e)
		}
	}
	return out
}

// hasJoinClause reports whether a condition joins set m to other
// elements.
func (s *joinSearch) hasJoinClause(m uint64) bool {
	for _, jq := range s.quals {
		if jq.mask&m != 0 && jq.mask&^m != 0 {
			return true
		}
	}
	return false
}

// relevant reports whether a condition reads both set a and set b
// (have_relevant_joinclause).
func (s *joinSearch) relevant(a, b uint64) bool {
	for _, jq := range s.quals {
		if jq.mask&a != 0 && jq.mask&b != 0 {
			return true
		}
	}
	return false
}

// join considers the joins of sets a and b, either one the outer side,
// and keeps the cheapest for their union (make_join_rel).
func (s *joinSearch) join(a, b *joinRel) {
	mask := a.mask | b.mask
	quals := s.joinQuals(a.mask, b.mask)
	rels := unionSet(a.rels, b.rels)
	if s.best[mask] == nil {
		s.added = append(s.added, mask)
	}
	for _, sides := range [2][2]*joinRel{{a, b}, {b, a}} {
		o, i := sides[0], sides[1]
		for _, n := range s.paths(o, i, quals) {
			e, _ := s.c.node(n)
			r := &joinRel{mask: mask, rels: rels, node: n, disabled: o.disabled + i.disabled}
			if _, hash := n.(*HashJoin); hash && s.opts.NoHashJoin || !hash && s.opts.NoNestLoop {
				r.disabled++
			}
			r.cost, r.startup = e.Total+float64(r.disabled)*disableCost, e.Startup+float64(r.disabled)*disableCost
			s.addPath(r)
		}
	}
	// The cheapest path kept is the set's (set_cheapest).
	var best *joinRel
	for _, r := range s.pathlist[mask] {
		if r.cheaper(best) {
			best = r
		}
	}
	s.best[mask] = best
}

// addPath keeps path r of its set unless a path kept dominates it, and
// drops those it dominates (add_path); of two alike, the first stays.
func (s *joinSearch) addPath(r *joinRel) {
	var kept []*joinRel
	accept := true
	for k, old := range s.pathlist[r.mask] {
		if dominates(old, r) {
			accept = false
			kept = append(kept, s.pathlist[r.mask][k:]...)
			break
		}
		if !dominates(r, old) {
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
	}
	oseg, iseg := segmentsOf(q, o.rels), segmentsOf(q, i.rels)
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
			Quals: orderQuals(rest), OuterSegments: oseg, InnerSegments: iseg, Level: q.Width, Types: s.types})
	}
	return out
}

// dynamic is standard_join_search: level by level, the sets of n
// elements from those of fewer, each kept at its cheapest.
func (s *joinSearch) dynamic() *joinRel {
	n := len(s.units)
	levels := make([][]*joinRel, n+1)
	levels[1] = s.units
	for lev := 2; lev <= n; lev++ {
		s.added = nil
		// One more element, by a join condition when the set has one,
		// else any (make_rels_by_clause_joins, _clauseless_joins).
		for ri, old := range levels[lev-1] {
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
	return levels[n][0]
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
					if r := s.best[rels[i].mask|rels[j].mask]; r.cheaper(best) {
						best, bi, bj = r, i, j
					}
				}
			}
			if best != nil {
				break
			}
		}
		rels[bi] = best
		rels = append(rels[:bj], rels[bj+1:]...)
	}
	return rels[0]
}
