// Memoize (PostgreSQL's joinpath.c get_memoize_path, costsize.c
// cost_memoize_rescan and nodeMemoize.c's contract): a nested loop whose
// inner index scan is searched with values of the outer row may keep the
// inner rows of each distinct set of those values, so that an outer row
// whose values came before is answered from memory instead of the index.
// The join order search considers the nested loop both with and without
// the cache, by the estimated share of outer rows that find their values
// kept, and keeps the cheaper as PostgreSQL's add_path does.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// Memoize is the cache between a nested loop (NestLoop.Memo) and its
// inner index scan: the inner rows kept by the values of Keys.
type Memoize struct {
	// Keys are the outer expressions the inner scan's index keys are
	// built from (over the level row), each once; KeyTypes the types
	// they are compared as (the hash join key types of the equalities).
	Keys     []expr.Expr
	KeyTypes []uint32
	// Calls is the estimated number of lookups (the outer rows).
	Calls float64
	// HashMem is the memory the planner assumed the cache may take
	// (work_mem × hash_mem_multiplier, in bytes).
	HashMem int64
	// Types are the level row's value types, to size the kept rows.
	Types []uint32
}

// Width is 0: a Memoize keys estimates and run-time counts, it produces
// no rows of its own.
func (*Memoize) Width() int { return 0 }

// defaultHashMem is work_mem's default (4MB) times hash_mem_multiplier's
// (2.0), for plans made without the session's settings.
const defaultHashMem = 8 << 20

// memoized returns nl, a nested loop over an inner index scan searched
// with outer values, with a Memoize over its inner side, or nil where
// PostgreSQL would not consider one (get_memoize_path): enable_memoize
// off, fewer than two outer rows expected, no key read from the outer
// row, a volatile condition on the inner side, a key type without a
// hash equality, or a join unique on its inner side whose index keys
// are not all of its conditions (the nested loop would stop reading the
// inner rows after the first, leaving no entry complete).
func memoized(q *Query, nl *NestLoop, outerRows float64) *NestLoop {
	opts := planner(q)
	scan, ok := nl.Inner.(*TableScan)
	if opts.NoMemoize || !ok || !nl.Lateral || scan.Index == nil || outerRows < 2 || nl.Type != JoinInner && nl.Type != JoinLeft {
		return nil
	}
	for _, ql := range scan.Quals {
		if hasVolatile(ql) {
			return nil
		}
	}
	m := &Memoize{Calls: outerRows, HashMem: opts.WorkMem * 2, Types: levelTypes(q)}
	if opts.HashMem > 0 {
		m.HashMem = opts.HashMem
	} else if m.HashMem == 0 {
		m.HashMem = defaultHashMem
	}
	p := scan.Index
	for _, k := range p.Keys {
		if k.Arg == nil || k.Any || len(relsOf(q, k.Arg)) == 0 {
			continue
		}
		if k.Strategy != nbtree.Equal {
			return nil
		}
		colType := indexColumnType(scan.Table, p.Index, k.Column)
		kt, hashable := HashKeyType(k.Arg.Type(), colType)
		if !hashable {
			return nil
		}
		dup := false
		for _, have := range m.Keys {
			dup = dup || ExprEqual(have, k.Arg)
		}
		if !dup {
			m.Keys, m.KeyTypes = append(m.Keys, k.Arg), append(m.KeyTypes, kt)
		}
	}
	if len(m.Keys) == 0 {
		return nil
	}
	if innerUnique(p) {
		for _, ql := range nl.Quals {
			if !keyQual(ql, p) {
				return nil
			}
		}
	}
	cp := *nl
	cp.Memo = m
	return &cp
}

// indexColumnType is the type of index ti's column col.
func indexColumnType(t *Table, ti *TableIndex, col int) uint32 {
	if c := ti.Columns[col]; c >= 0 {
		return t.Columns[c].TypeOID
	}
	return ti.Exprs[col].Type()
}

// innerUnique reports whether the index scan p finds at most one row:
// a unique index whose every key column is compared for equality.
func innerUnique(p *IndexPath) bool {
	ti := p.Index
	if !ti.Unique || ti.Pred != nil {
		return false
	}
	for col := 0; col < len(ti.Index.Keys); col++ {
		found := false
		for _, k := range p.Keys {
			found = found || k.Column == col && k.Strategy == nbtree.Equal && !k.Any && k.Arg != nil
		}
		if !found {
			return false
		}
	}
	return true
}

// Memoize's own costs (costsize.c).
const (
	// memoEntryOverhead and memoTupleOverhead are what one cache entry
	// and each row it keeps take besides the rows themselves
	// (ExecEstimateCacheEntryOverheadBytes on a 64-bit build: the entry,
	// its key and one list cell a row).
	memoEntryOverhead = 48 + 16
	memoTupleOverhead = 16
	// heapTupleHeader is MAXALIGN(SizeofHeapTupleHeader).
	heapTupleHeader = 24
)

// maxAlign rounds n up to a multiple of 8 (MAXALIGN).
func maxAlign(n float64) float64 { return math.Ceil(n/8) * 8 }

// memoize is the estimate of a nested loop's inner side under its cache:
// the first lookup is the inner scan's cost and a tuple's more (create_
// memoize_path); later lookups (rescan) cost the scan's in the share of
// them that miss, plus the lookup, the evictions the cache's size forces
// and the keeping of the rows (cost_memoize_rescan).
func (c *coster) memoize(v *NestLoop, inner Estimate, innerWidth int, outerWidths []int) (first, rescan Estimate) {
	m := v.Memo
	first = Estimate{Startup: inner.Startup + cpuTupleCost, Total: inner.Total + cpuTupleCost, Rows: inner.Rows, Width: innerWidth}
	tuples, calls := inner.Rows, math.Max(m.Calls, 1)
	entryBytes := tuples*(maxAlign(float64(innerWidth))+heapTupleHeader) + memoEntryOverhead + memoTupleOverhead*tuples
	for _, k := range m.Keys {
		entryBytes += float64(exprWidth(k, outerWidths))
	}
	entries := math.Floor(float64(m.HashMem) / entryBytes)
	ndistinct, isDefault := c.groupCount(m.Keys, v.Outer, calls)
	if isDefault {
		// A guess at the distinct values could make a cache of no use
		// look good: assume every lookup differs.
		ndistinct = calls
	}
	evictRatio := 1 - math.Min(entries, ndistinct)/ndistinct
	hitRatio := (calls - ndistinct) / calls * (entries / math.Max(ndistinct, entries))
	total := inner.Total*(1-hitRatio) + cpuOperatorCost
	total += cpuTupleCost * evictRatio
	total += cpuOperatorCost / 10 * evictRatio * tuples
	total += cpuTupleCost + cpuOperatorCost*tuples
	startup := inner.Startup*(1-hitRatio) + cpuTupleCost
	return first, Estimate{Startup: startup, Total: total, Rows: inner.Rows}
}

// groupCount is the number of distinct combinations of es's values in
// rows rows of n (estimate_num_groups): the columns' distinct counts
// multiplied per relation, clamped to the relation's size (a tenth of
// it for several columns, never below the largest column's count),
// reduced for the share of the relation n's conditions keep, multiplied
// over the relations and clamped to rows. isDefault reports that some
// column's count was a guess (no statistics).
func (c *coster) groupCount(es []expr.Expr, n Node, rows float64) (count float64, isDefault bool) {
	scans, subs := c.levelOf(n).scans, c.levelOf(n).subs
	type relGroup struct {
		product, max float64
		vars         int
	}
	perScan := map[*TableScan]*relGroup{}
	var order []*TableScan
	count = 1
	for _, e := range es {
		Walk(e, func(x expr.Expr) bool {
			v, ok := x.(*expr.Var)
			if !ok || v.LevelsUp != 0 {
				_, sub := x.(*expr.SubLink)
				return !sub
			}
			nd, guess := c.distinctValuesOf(v, scans, subs, rows)
			isDefault = isDefault || guess
			var owner *TableScan
			for _, s := range scans {
				if s.Table != nil && v.Index >= s.Offset && v.Index < s.Offset+len(s.Table.Columns) {
					owner = s
				}
			}
			if owner == nil {
				count *= nd
				return true
			}
			g := perScan[owner]
			if g == nil {
				g = &relGroup{product: 1}
				perScan[owner] = g
				order = append(order, owner)
			}
			g.product *= nd
			g.max = math.Max(g.max, nd)
			g.vars++
			return true
		})
	}
	for _, s := range order {
		g := perScan[s]
		tuples := c.table(s.Table).Tuples
		if tuples <= 0 {
			continue
		}
		relDistinct := g.product
		clamp := tuples
		if g.vars > 1 {
			clamp *= 0.1
			if clamp < g.max {
				clamp = math.Min(g.max, tuples)
			}
		}
		relDistinct = math.Min(relDistinct, clamp)
		if e, _ := c.node(s); relDistinct > 0 && e.Rows < tuples {
			relDistinct *= 1 - math.Pow((tuples-e.Rows)/tuples, tuples/relDistinct)
		}
		count *= clampRows(relDistinct)
	}
	count = math.Ceil(count)
	return math.Max(1, math.Min(count, rows)), isDefault
}
