// The strategy of a grouped aggregation (PostgreSQL's
// create_grouping_paths for one level without grouping sets): hashing
// the groups (HashAggregate), or reading the rows in group order, from
// an index or after a Sort, and computing each group as its rows end
// (GroupAggregate). The cheaper wins by the costs EXPLAIN shows, with
// the ORDER BY the sorted one may make unnecessary and the share of the
// groups a LIMIT wants; enable_hashagg = off and enable_sort = off steer
// as PostgreSQL's disable_cost does.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// groupedAgg is the Agg of q's grouping over n.
func groupedAgg(q *Query, n Node) *Agg {
	opts := planner(q)
	hashed := &Agg{Input: n, GroupBy: q.GroupBy, Sets: q.GroupingSets, Aggs: q.Aggs, Groupings: q.Groupings, HashMem: opts.HashMem}
	if len(q.GroupBy) == 0 || q.GroupingSets != nil {
		return hashed
	}
	hashed.Dependent = dependentGroupKeys(q)
	order, ok := groupOrder(q, hashed.Dependent)
	levelTypes := levelTypes(q)
	if !ok || n.Width() != len(levelTypes) {
		// Keys that are not the level's columns, or a row with more
		// than them (set-returning calls' values): hashed only.
		return hashed
	}
	hashed.Order = order
	cols := make([]int, len(order))
	for i, k := range order {
		cols[i] = q.GroupBy[k.Target].(*expr.Var).Index
	}
	sortKeys := make([]SortKey, len(order))
	for i, k := range order {
		sortKeys[i] = SortKey{Target: cols[i], Desc: k.Desc, NullsFirst: k.NullsFirst}
	}
	sorted := func(in Node) *Agg {
		a := *hashed
		a.Input, a.Sorted, a.Order = in, true, order
		return &a
	}
	candidates := []*Agg{sorted(&Sort{Input: n, Keys: sortKeys, Types: levelTypes})}
	if scan, ok := n.(*TableScan); ok {
		for _, p := range indexOrderPaths(q, scan, cols, sortKeys) {
			cp := *scan
			cp.Index, cp.Bitmap = p, nil
			candidates = append(candidates, sorted(&cp))
		}
	}
	c := newPlanCoster(q)
	wanted, limited := limitRows(q)
	// What q costs on top of the Agg: the ORDER BY's sort unless the
	// Agg's rows come in its order, then the share of the rows a LIMIT
	// takes.
	cost := func(a *Agg) float64 {
		e, ws := c.node(a)
		disabled := 0.0
		if !a.Sorted && opts.NoHashAgg {
			disabled = disableCost
		}
		if _, sorting := a.Input.(*Sort); sorting && opts.NoSort {
			disabled = disableCost
		}
		if len(q.Sort) > 0 && !sortedFor(q, a) {
			startup, run := c.sortCost(e, sum(ws), 0)
			e = Estimate{Startup: startup, Total: startup + run, Rows: e.Rows}
		}
		if limited {
			return disabled + e.Startup + math.Min(1, wanted/math.Max(e.Rows, 1))*(e.Total-e.Startup)
		}
		return disabled + e.Total
	}
	best, bestCost := hashed, cost(hashed)
	for _, col := range cols {
		if sortOnlyType(levelTypes[col]) {
			// PostgreSQL cannot hash these groups
			// (grouping_is_hashable): only a sorted grouping is a
			// candidate.
			best, bestCost = candidates[0], cost(candidates[0])
			break
		}
	}
	for _, a := range candidates {
		if k := cost(a); k < bestCost {
			best, bestCost = a, k
		}
	}
	return best
}

// groupOrder is the order a sorted grouping reads its rows in, as keys
// over the GROUP BY list (preprocess_groupclause): the ORDER BY items
// that are group keys, in their directions (a group key sorts as ORDER
// BY sorts it, transformGroupClause), as far as ORDER BY goes on like
// that, then the other group keys, when one list is then a prefix of
// the other; else the GROUP BY order. ok is false when a group key is
// not a plain column of the level (a sort here orders by columns).
func groupOrder(q *Query, dependent []bool) (order []SortKey, ok bool) {
	keys := 0
	for g, e := range q.GroupBy {
		if v, isVar := e.(*expr.Var); !isVar || v.LevelsUp != 0 {
			return nil, false
		}
		if dependent == nil || !dependent[g] {
			keys++
		}
	}
	used := make([]bool, len(q.GroupBy))
	for g := range used {
		used[g] = dependent != nil && dependent[g]
	}
	matched := 0
	for _, k := range q.Sort {
		g, isKey := groupKeyOf(q, k)
		if !isKey || used[g] {
			break
		}
		used[g] = true
		order = append(order, SortKey{Target: g, Desc: k.Desc, NullsFirst: k.NullsFirst})
		matched++
	}
	if matched > 0 && (matched == len(q.Sort) || matched == keys) {
		for g := range q.GroupBy {
			if !used[g] {
				order = append(order, SortKey{Target: g})
			}
		}
		return order, true
	}
	order = order[:0]
	for g := range q.GroupBy {
		if dependent == nil || !dependent[g] {
			order = append(order, SortKey{Target: g})
		}
	}
	return order, true
}

// dependentGroupKeys marks the group keys that are functionally
// dependent on others (remove_useless_groupby_columns): columns of a
// table whose whole primary key (not deferrable) is grouped on. They
// are not compared; each group takes their values from its first row.
// nil when there are none.
func dependentGroupKeys(q *Query) []bool {
	var dep []bool
	for _, r := range q.RTEs {
		if r.Kind != RTETable || r.Table == nil {
			continue
		}
		var pk *TableIndex
		for _, ti := range r.Table.Indexes {
			if ti.Primary && !ti.Deferrable {
				pk = ti
			}
		}
		if pk == nil {
			continue
		}
		// The table's columns grouped on, by position in GROUP BY.
		grouped := map[int]int{}
		for g, e := range q.GroupBy {
			if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 && v.Index >= r.Offset && v.Index < r.Offset+len(r.Table.Columns) {
				if _, seen := grouped[v.Index-r.Offset]; !seen {
					grouped[v.Index-r.Offset] = g
				}
			}
		}
		keyCols := map[int]bool{}
		all := true
		for _, c := range pk.KeyColumns() {
			keyCols[c] = true
			_, in := grouped[c]
			all = all && in
		}
		if !all || len(grouped) == len(keyCols) {
			continue
		}
		for c, g := range grouped {
			if !keyCols[c] {
				if dep == nil {
					dep = make([]bool, len(q.GroupBy))
				}
				dep[g] = true
			}
		}
	}
	return dep
}

// groupKeyOf is the GROUP BY position of the group key ORDER BY key k
// sorts on (a target that is the Agg row's group key column).
func groupKeyOf(q *Query, k SortKey) (int, bool) {
	v, ok := q.Targets[k.Target].Expr.(*expr.Var)
	if !ok || v.LevelsUp != 0 || v.Index >= len(q.GroupBy) {
		return 0, false
	}
	return v.Index, true
}

// sortedFor reports whether the rows of Agg a come in the order q's
// ORDER BY asks (a sorted Agg whose group order begins with it), so
// that no sort is needed after it.
func sortedFor(q *Query, a *Agg) bool {
	if !a.Sorted || len(q.Sort) > len(a.Order) || len(q.Windows) > 0 || q.Distinct || len(q.DistinctOn) > 0 {
		return false
	}
	for i, k := range q.Sort {
		g, ok := groupKeyOf(q, k)
		if !ok || a.Order[i].Target != g || a.Order[i].Desc != k.Desc || a.Order[i].NullsFirst != k.NullsFirst {
			return false
		}
	}
	return true
}
