// Bitmap scans (PostgreSQL's indxpath.c create_bitmap_heap_path,
// choose_bitmap_and and generate_bitmap_or_paths, costsize.c
// cost_bitmap_heap_scan, compute_bitmap_pages, cost_bitmap_and_node and
// cost_bitmap_or_node): the locations of the rows one or several index
// scans find are collected into a bitmap of the table's pages, ANDed or
// ORed, and the table is then read page by page in block order. The
// planner considers one for a table scan beside the sequential and the
// plain index scan and keeps the cheapest, every cost from the coster
// EXPLAIN shows (cost.go). An OR of conditions each of which an index
// answers becomes a BitmapOr; conditions of several indexes may be
// combined by a BitmapAnd when that costs less.

package plan

import (
	"math"
	"sort"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// BitmapHeap makes a TableScan a bitmap heap scan: it reads the pages
// of the bitmap Qual builds, in block order. Recheck are the conditions
// the bitmap stands for (PostgreSQL's bitmapqualorig), tested again on
// the rows of pages the bitmap only knows as a whole (lossy); the
// scan's Quals are still tested on every row.
type BitmapHeap struct {
	Qual    BitmapQual
	Recheck []expr.Expr
	// WorkMem is work_mem (bytes) when the plan was made: how big the
	// cost model reckoned the bitmap may grow before it turns lossy.
	WorkMem int64
}

// BitmapQual is a node of a bitmap heap scan's bitmap: a
// BitmapIndexScan, a BitmapAnd or a BitmapOr. They are Nodes only so
// that EXPLAIN's estimates and counts can be keyed by them; they are no
// input of any other node.
type BitmapQual interface {
	Node
	bitmapQual()
}

// BitmapIndexScan collects the locations of the entries of one index
// that match Path's keys. Quals are the conditions the keys were made
// from (EXPLAIN's Index Cond).
type BitmapIndexScan struct {
	Path  *IndexPath
	Quals []expr.Expr
	// Pred are the query's conditions that are a partial index's
	// predicate where Quals do not imply it: the bitmap stands for them
	// too (create_bitmap_subplan).
	Pred []expr.Expr
}

// BitmapAnd intersects the bitmaps of its children.
type BitmapAnd struct{ Children []BitmapQual }

// BitmapOr unites the bitmaps of its children.
type BitmapOr struct{ Children []BitmapQual }

func (*BitmapIndexScan) Width() int  { return 0 }
func (*BitmapAnd) Width() int        { return 0 }
func (*BitmapOr) Width() int         { return 0 }
func (*BitmapIndexScan) bitmapQual() {}
func (*BitmapAnd) bitmapQual()       {}
func (*BitmapOr) bitmapQual()        {}

// tbmEntryBytes is what one page of a TID bitmap costs in memory
// (tbm_calculate_entries: a PagetableEntry and two pointers).
const tbmEntryBytes = 64

// TBMMaxEntries is how many pages a TID bitmap keeps in workMem bytes
// before it turns pages lossy (tbm_calculate_entries).
func TBMMaxEntries(workMem int64) int {
	return int(max(workMem/tbmEntryBytes, 16))
}

// defaultWorkMem is work_mem's default, 4MB.
const defaultWorkMem = 4 << 20

// GivesKey reports whether the index key k was made from condition q
// (the same argument expression).
func GivesKey(q expr.Expr, k IndexKey) bool {
	switch f := q.(type) {
	case *expr.FuncExpr:
		return k.Arg != nil && len(f.Args) == 2 && (f.Args[0] == k.Arg || f.Args[1] == k.Arg)
	case *expr.ScalarArrayOpExpr:
		return k.Any && (k.Arg != nil && f.Array == k.Arg || len(k.List) > 0 && len(f.Right) == len(k.List) && &f.Right[0] == &k.List[0])
	case *expr.NullTest:
		return k.Null == f
	}
	return false
}

// keySources are the conditions of quals that gave path's keys, in the
// order of the keys.
func keySources(p *IndexPath, quals []expr.Expr) []expr.Expr {
	var out []expr.Expr
	used := map[expr.Expr]bool{}
	for _, k := range p.Keys {
		for _, q := range quals {
			if !used[q] && GivesKey(q, k) {
				used[q] = true
				out = append(out, q)
				break
			}
		}
	}
	return out
}

// bitmapIndexPath is the bitmap index scan of index ti with the keys
// conditions quals give it, nil when they give none. The keys are
// usable as the bitmap's only when each condition is wholly a key.
func bitmapIndexPath(r *RTE, ti *TableIndex, quals, all []expr.Expr) *BitmapIndexScan {
	if ti.Pred != nil && !PredicateImplied(ti.Pred, all, r.Offset) {
		return nil
	}
	cands := keyCandidates(r, quals)
	if len(cands) == 0 {
		return nil
	}
	path, _ := indexKeys(r.Table, ti, cands, r.Table.Tuples)
	if path == nil {
		return nil
	}
	b := &BitmapIndexScan{Path: path, Quals: keySources(path, quals)}
	if ti.Pred != nil {
		for _, p := range flattenAnd(ti.Pred, nil) {
			if PredicateImplied(p, b.Quals, r.Offset) {
				continue
			}
			for _, q := range all {
				if ExprEqualShifted(q, p, r.Offset) && !containsExpr(b.Pred, q) {
					b.Pred = append(b.Pred, q)
					break
				}
			}
		}
	}
	return b
}

// bitmapCandidate is a bitmap a scan might read, with the conditions it
// answers and its cost read alone.
type bitmapCandidate struct {
	qual  BitmapQual
	quals map[expr.Expr]bool
	cost  float64
	sel   float64
}

// chooseScan picks how a scan of r with quals reads its table: through
// the index chooseIndexPath picks or sequentially, or by a bitmap heap
// scan when that costs less, every cost the coster's. read is
// chooseIndexPath's.
func chooseScan(opts PlannerOptions, r *RTE, quals []expr.Expr, read []bool) (*IndexPath, *BitmapHeap) {
	index := chooseIndexPath(opts, r, quals, read)
	bitmap, cost := chooseBitmap(opts, r, quals)
	if bitmap == nil {
		return index, nil
	}
	c := &coster{out: map[Node]Estimate{}, infos: map[*Table]TableInfo{}}
	e, _ := c.tableScan(&TableScan{Table: r.Table, Offset: r.Offset, Quals: quals, Index: index, RTE: r,
		IndexOnly: index != nil && read != nil && indexHolds(index.Index, read)})
	other := e.Total
	if index == nil && opts.NoSeqScan {
		other += disableCost
	}
	if cost < other {
		return nil, bitmap
	}
	return index, nil
}

// chooseBitmap is the cheapest bitmap heap scan of r with quals, with
// its cost, or nil (create_bitmap_heap_path over choose_bitmap_and's
// pick).
func chooseBitmap(opts PlannerOptions, r *RTE, quals []expr.Expr) (*BitmapHeap, float64) {
	t := r.Table
	if t == nil || len(t.Indexes) == 0 || r.Sample != nil || len(quals) == 0 {
		return nil, 0
	}
	b := &bitmapChooser{r: r, all: quals, workMem: opts.WorkMem,
		c:    &coster{out: map[Node]Estimate{}, infos: map[*Table]TableInfo{}},
		scan: &TableScan{Table: t, Offset: r.Offset, Quals: quals, RTE: r}}
	if b.workMem <= 0 {
		b.workMem = defaultWorkMem
	}
	cands := b.indexCandidates(quals)
	for _, q := range quals {
		if or := b.orPath(q); or != nil {
			cands = append(cands, b.candidate(or, []expr.Expr{q}))
		}
	}
	qual, cost := b.chooseAnd(cands)
	if qual == nil {
		return nil, 0
	}
	if opts.NoBitmapScan {
		cost += disableCost
	}
	return &BitmapHeap{Qual: qual, Recheck: recheckOf(qual, quals), WorkMem: b.workMem}, cost
}

// bitmapChooser weighs the bitmaps of one table scan.
type bitmapChooser struct {
	r       *RTE
	all     []expr.Expr // the scan's conditions
	workMem int64
	c       *coster
	scan    *TableScan
}

// cost is what the scan costs reading bitmap q (bitmap_scan_cost_est).
func (b *bitmapChooser) cost(q BitmapQual) float64 {
	b.scan.Bitmap = &BitmapHeap{Qual: q, WorkMem: b.workMem}
	defer func() { b.scan.Bitmap = nil }()
	return b.c.bitmapHeapScan(b.scan, b.c.table(b.r.Table)).Total
}

func (b *bitmapChooser) candidate(q BitmapQual, from []expr.Expr) bitmapCandidate {
	set := map[expr.Expr]bool{}
	for _, e := range from {
		set[e] = true
	}
	_, sel := b.c.bitmapTree(b.scan, q, 0)
	return bitmapCandidate{qual: q, quals: set, cost: b.cost(q), sel: sel}
}

// indexCandidates are the bitmap index scans conditions quals give keys
// to, the newest index first, as PostgreSQL lists a table's indexes: of
// two that cost the same, it is the one kept.
func (b *bitmapChooser) indexCandidates(quals []expr.Expr) []bitmapCandidate {
	var out []bitmapCandidate
	idx := b.r.Table.Indexes
	for i := len(idx) - 1; i >= 0; i-- {
		if p := bitmapIndexPath(b.r, idx[i], quals, b.all); p != nil {
			out = append(out, b.candidate(p, append(append([]expr.Expr{}, p.Quals...), p.Pred...)))
		}
	}
	return out
}

// chooseAnd is choose_bitmap_and: cheapest first; from each in turn,
// AND the later ones that answer other conditions while that lowers the
// cost; the cheapest group, nil when there are no candidates.
func (b *bitmapChooser) chooseAnd(cands []bitmapCandidate) (BitmapQual, float64) {
	if len(cands) == 0 {
		return nil, 0
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].cost != cands[j].cost {
			return cands[i].cost < cands[j].cost
		}
		return cands[i].sel < cands[j].sel
	})
	var best []BitmapQual
	bestCost := math.Inf(1)
	for i := range cands {
		group := []BitmapQual{cands[i].qual}
		used := map[expr.Expr]bool{}
		for q := range cands[i].quals {
			used[q] = true
		}
		cost := cands[i].cost
		for j := i + 1; j < len(cands); j++ {
			overlap := false
			for q := range cands[j].quals {
				overlap = overlap || used[q]
			}
			if overlap {
				continue
			}
			try := append(append([]BitmapQual{}, group...), cands[j].qual)
			if c := b.cost(&BitmapAnd{Children: try}); c < cost {
				group, cost = try, c
				for q := range cands[j].quals {
					used[q] = true
				}
			}
		}
		if cost < bestCost {
			best, bestCost = group, cost
		}
		if len(group) == 1 {
			break
		}
	}
	if len(best) == 1 {
		return best[0], bestCost
	}
	return &BitmapAnd{Children: best}, bestCost
}

// orPath is the BitmapOr answering q when q is an OR each of whose arms
// some index answers at least in part: for each arm, the best bitmap of
// its conditions (generate_bitmap_or_paths); nil otherwise.
func (b *bitmapChooser) orPath(q expr.Expr) *BitmapOr {
	be, ok := q.(*expr.BoolExpr)
	if !ok || be.Op != expr.Or || len(be.Args) < 2 {
		return nil
	}
	or := &BitmapOr{}
	for _, arm := range be.Args {
		qual, _ := b.chooseAnd(b.indexCandidates(flattenAnd(arm, nil)))
		if qual == nil {
			return nil
		}
		or.Children = append(or.Children, qual)
	}
	return or
}

// recheckOf are the conditions bitmap q stands for, drawn from quals
// (a BitmapOr's is the OR of its children's, the condition of quals it
// was made from when they answer each of its arms wholly).
func recheckOf(q BitmapQual, quals []expr.Expr) []expr.Expr {
	switch v := q.(type) {
	case *BitmapIndexScan:
		return append(append([]expr.Expr{}, v.Quals...), v.Pred...)
	case *BitmapAnd:
		var out []expr.Expr
		for _, c := range v.Children {
			out = append(out, recheckOf(c, quals)...)
		}
		return out
	case *BitmapOr:
		arms := make([][]expr.Expr, len(v.Children))
		or := &expr.BoolExpr{Op: expr.Or}
		for i, c := range v.Children {
			arms[i] = recheckOf(c, quals)
			if len(arms[i]) == 1 {
				or.Args = append(or.Args, arms[i][0])
			} else {
				or.Args = append(or.Args, &expr.BoolExpr{Op: expr.And, Args: arms[i]})
			}
		}
		for _, qual := range quals {
			if b, ok := qual.(*expr.BoolExpr); ok && b.Op == expr.Or && sameArms(b, arms) {
				return []expr.Expr{qual}
			}
		}
		return []expr.Expr{or}
	}
	return nil
}

// Filter are the conditions among quals that Recheck does not imply:
// those a bitmap heap scan tests beyond its Recheck Cond (its Filter,
// create_bitmap_scan_plan's qpqual).
func (b *BitmapHeap) Filter(quals []expr.Expr) []expr.Expr {
	var out []expr.Expr
	for _, q := range quals {
		if !impliedBy(b.Recheck, q) {
			out = append(out, q)
		}
	}
	return out
}

// impliedBy reports whether the conditions conds (ANDed) imply q, as far
// as the bitmaps' own conditions go: q is one of them, an OR one of
// whose arms they hold wholly, or each arm of one of them, an OR,
// implies q.
func impliedBy(conds []expr.Expr, q expr.Expr) bool {
	if containsExpr(conds, q) {
		return true
	}
	if or, ok := q.(*expr.BoolExpr); ok && or.Op == expr.Or {
		for _, arm := range or.Args {
			all := true
			for _, c := range flattenAnd(arm, nil) {
				all = all && containsExpr(conds, c)
			}
			if all {
				return true
			}
		}
	}
	for _, c := range conds {
		or, ok := c.(*expr.BoolExpr)
		if !ok || or.Op != expr.Or {
			continue
		}
		all := true
		for _, arm := range or.Args {
			all = all && impliedBy(flattenAnd(arm, nil), q)
		}
		if all {
			return true
		}
	}
	return false
}

// sameArms reports whether b's arms are, in order, the conditions of
// arms (each arm's conditions in any order).
func sameArms(b *expr.BoolExpr, arms [][]expr.Expr) bool {
	if len(b.Args) != len(arms) {
		return false
	}
	for i, arm := range b.Args {
		conds := flattenAnd(arm, nil)
		if len(conds) != len(arms[i]) {
			return false
		}
		for _, c := range conds {
			if !containsExpr(arms[i], c) {
				return false
			}
		}
	}
	return true
}

func containsExpr(list []expr.Expr, e expr.Expr) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// bitmapTree is cost_bitmap_tree_node: the cost of building bitmap q and
// the fraction of the table's rows it selects, with the estimates of
// its nodes recorded for EXPLAIN. relRows are the rows the scan is
// expected to return (an index path's own row count).
func (c *coster) bitmapTree(v *TableScan, q BitmapQual, relRows float64) (cost, sel float64) {
	tuples := math.Max(c.table(v.Table).Tuples, 0)
	switch b := q.(type) {
	case *BitmapIndexScan:
		_, total, _, isel := c.indexCost(v, b.Path, tuples, 1)
		c.out[b] = Estimate{Total: total, Rows: clampRows(isel * tuples)}
		// A little per row for the bitmap's own work, so that a bitmap
		// does not cost what an index scan of one row does.
		return total + 0.1*cpuOperatorCost*relRows, isel
	case *BitmapAnd:
		cost, sel = 0, 1
		for i, ch := range b.Children {
			cc, cs := c.bitmapTree(v, ch, relRows)
			cost += cc
			sel *= cs
			if i > 0 {
				cost += 100 * cpuOperatorCost
			}
		}
	case *BitmapOr:
		cost, sel = 0, 0
		for i, ch := range b.Children {
			cc, cs := c.bitmapTree(v, ch, relRows)
			cost += cc
			sel += cs
			if _, isIndex := ch.(*BitmapIndexScan); i > 0 && !isIndex {
				cost += 100 * cpuOperatorCost
			}
		}
		sel = math.Min(sel, 1)
	}
	c.out[q] = Estimate{Startup: cost, Total: cost, Rows: clampRows(sel * tuples)}
	return cost, sel
}

// bitmapHeapScan is cost_bitmap_heap_scan with compute_bitmap_pages: the
// bitmap's cost before the first row, then the heap pages it selects
// (Mackert and Lohman's formula for one scan), each charged between
// random_page_cost and seq_page_cost by the share of the table read,
// and every condition on every row fetched (lossy pages, estimated from
// work_mem, bring all their rows).
func (c *coster) bitmapHeapScan(v *TableScan, info TableInfo) Estimate {
	pages, tuples := math.Max(info.Pages, 0), math.Max(info.Tuples, 0)
	relRows := clampRows(tuples * c.selectivity(v.Quals, []*TableScan{v}))
	indexTotal, isel := c.bitmapTree(v, v.Bitmap.Qual, relRows)
	tuplesFetched := clampRows(isel * tuples)
	T := math.Max(pages, 1)
	fetched := 2 * T * tuplesFetched / (2*T + tuplesFetched)
	heapPages := math.Min(fetched, pages)
	if fetched >= T {
		fetched = T
	} else {
		fetched = math.Ceil(fetched)
	}
	workMem := v.Bitmap.WorkMem
	if workMem <= 0 {
		workMem = defaultWorkMem
	}
	if maxEntries := float64(TBMMaxEntries(workMem)); maxEntries < heapPages {
		lossy := math.Max(0, heapPages-maxEntries/2)
		exact := heapPages - lossy
		if lossy > 0 {
			tuplesFetched = clampRows(isel*(exact/heapPages)*tuples + (lossy/heapPages)*tuples)
		}
	}
	perPage := randomPageCost
	if fetched >= 2 {
		perPage = randomPageCost - (randomPageCost-seqPageCost)*math.Sqrt(fetched/T)
	}
	run := fetched*perPage + tuplesFetched*(cpuTupleCost+qualCost(v.Quals))
	return Estimate{Startup: indexTotal, Total: indexTotal + run, Rows: relRows}
}
