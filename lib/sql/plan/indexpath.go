// Index scans: whether a table scan reads its rows through one of the
// table's B-tree indexes (PostgreSQL's indxpath.c match_clause_to_index
// and costsize.c cost_index, much simplified). A condition "column op
// value" on a key column, with op one of the type's B-tree comparison
// operators and value something that reads no column of the scan's
// query level (a constant, a parameter, a column of an enclosing query),
// becomes a scan key, as does "column IS [NOT] NULL" (IS NULL counting
// as an equality); equalities on the leading key columns, then at
// most one column's ranges, make the index's keys. The index is used
// when its estimated cost beats reading the whole table, as the coster
// EXPLAIN shows reckons both (cost.go: PostgreSQL's cost model with its
// default page and CPU costs, selectivities from the statistics or the
// defaults, one row for equality on a whole unique key). Every
// condition is still checked on each row the index finds, but those a
// partial index's predicate implies (indexonly.go). A bitmap heap scan
// (bitmap.go) may beat both; an index scan that reads only columns the
// index holds becomes index-only once the plan is finished
// (indexonly.go).

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// IndexPath makes a TableScan read through one of its table's indexes:
// the rows whose index entries match Keys, in index order (reversed when
// Backward).
type IndexPath struct {
	Index    *TableIndex
	Keys     []IndexKey
	Backward bool
}

// IndexKey is one scan key: index column Column (0-based) compared with
// Arg by Strategy, a B-tree strategy in terms of the column's type.
// Arg is evaluated once when the scan starts; it reads no column of the
// scan's level.
type IndexKey struct {
	Column   int
	Strategy nbtree.Strategy
	Arg      expr.Expr
	// Any makes it "column = ANY (...)" (an IN list): the values are
	// List's, or Arg's elements (an array) when List is nil; the scan
	// looks each distinct one up in turn, in index order.
	Any  bool
	List []expr.Expr
	// Null is the condition of an IS NULL or IS NOT NULL key (Strategy
	// nbtree.IsNull or IsNotNull), which has no Arg.
	Null *expr.NullTest
}

// PostgreSQL's default cost parameters and selectivities
// (costsize.h, selfuncs.h).
const (
	seqPageCost       = 1.0
	randomPageCost    = 4.0
	cpuTupleCost      = 0.01
	cpuIndexTupleCost = 0.005
	cpuOperatorCost   = 0.0025
	// disableCost is disable_cost: what a path of a kind an enable_*
	// setting turns off is charged.
	disableCost          = 1.0e10
	defaultEqSel         = 0.005
	defaultIneqSel       = 1.0 / 3
	defaultRangeIneqSel  = 0.005
	defaultPages         = 10 // a never-analyzed, empty-looking table
	defaultTuplesPerPage = 50
)

// keyCandidate is a condition usable as a scan key on a table column or
// on an expression over the table's columns.
type keyCandidate struct {
	col int // the table column (position in Table.Columns), -1 for an expression
	// operand is the compared expression when col is -1, matching an
	// index column's expression; offset is where the table's values
	// start in the row it reads.
	operand  expr.Expr
	offset   int
	strategy nbtree.Strategy
	arg      expr.Expr
	// any is "column = ANY (list or array)", of n values (an estimate
	// for an array).
	any  bool
	list []expr.Expr
	n    float64
	// null is an IS [NOT] NULL condition (strategy IsNull or IsNotNull).
	null *expr.NullTest
}

// keyCandidates are the conditions of quals that could be index keys of
// r's table.
func keyCandidates(r *RTE, quals []expr.Expr) []keyCandidate {
	var cands []keyCandidate
	for _, q := range quals {
		if c, ok := matchKeyQual(r, q); ok {
			cands = append(cands, c)
		}
	}
	return cands
}

// chooseIndexPath picks the index a scan of r with quals should read
// through, or nil for a sequential scan. read, when not nil, are the
// columns of r's table the query reads: an index holding them all is
// costed as an index-only scan (indexonly.go).
func chooseIndexPath(opts PlannerOptions, r *RTE, quals []expr.Expr, read []bool) *IndexPath {
	t := r.Table
	if t == nil || len(t.Indexes) == 0 || r.Sample != nil || len(quals) == 0 || opts.NoIndexScan {
		return nil
	}
	cands := keyCandidates(r, quals)
	if len(cands) == 0 {
		return nil
	}
	// Every path is costed as EXPLAIN shows it (cost.go).
	c := &coster{out: map[Node]Estimate{}, infos: map[*Table]TableInfo{}}
	scan := &TableScan{Table: t, Offset: r.Offset, Quals: quals, RTE: r}
	seq, _ := c.tableScan(scan)
	bestCost := seq.Total
	if opts.NoSeqScan {
		bestCost = math.Inf(1)
	}
	var best *IndexPath
	for _, ti := range t.Indexes {
		if ti.Pred != nil && !PredicateImplied(ti.Pred, quals, r.Offset) {
			continue
		}
		path, _ := indexKeys(t, ti, cands, t.Tuples)
		if path == nil {
			continue
		}
		scan.Index, scan.IndexOnly = path, read != nil && indexHolds(ti, read)
		if e, _ := c.tableScan(scan); e.Total < bestCost {
			best, bestCost = path, e.Total
		}
	}
	return best
}

// keyStats are the statistics of index ti's column k: its table
// column's, or its expression's.
func keyStats(t *Table, ti *TableIndex, k int) *catalog.ColumnStats {
	if c := ti.Columns[k]; c >= 0 {
		return t.Stats[c]
	}
	return ti.ExprStats[k]
}

// indexKeys makes the scan keys of index ti from the candidates: the
// equalities on its leading columns, then the ranges of the next one.
// It returns the path and the fraction of the rows it reads.
func indexKeys(t *Table, ti *TableIndex, cands []keyCandidate, tuples float64) (*IndexPath, float64) {
	path := &IndexPath{Index: ti}
	sel := 1.0
	eqCols := 0
	anyN := 1.0 // the values of an "= ANY" key
	nullKey := false
	for k := range ti.Index.Keys {
		col := ti.Columns[k]
		var eq, rng []keyCandidate
		for _, c := range cands {
			if col >= 0 && c.col != col || col < 0 && (c.operand == nil || !ExprEqualShifted(c.operand, ti.Exprs[k], c.offset)) {
				continue
			}
			// IS NULL finds NULLs as an equality finds its value.
			if c.strategy == nbtree.Equal || c.strategy == nbtree.IsNull {
				eq = append(eq, c)
			} else {
				rng = append(rng, c)
			}
		}
		var colType uint32
		if col >= 0 {
			colType = t.Columns[col].TypeOID
		} else {
			colType = ti.Exprs[k].Type()
		}
		if len(eq) > 0 {
			// One "= ANY" key at most, and none beside a plain equality.
			var plain, anys []keyCandidate
			for _, c := range eq {
				if c.any {
					anys = append(anys, c)
				} else {
					plain = append(plain, c)
				}
			}
			if len(plain) > 0 {
				for _, c := range plain {
					path.Keys = append(path.Keys, IndexKey{Column: k, Strategy: c.strategy, Arg: c.arg, Null: c.null})
					nullKey = nullKey || c.null != nil
				}
				sel *= keySelectivity(keyStats(t, ti, k), colType, plain, tuples)
				eqCols++
				continue
			}
			if hasAny(path) {
				break
			}
			c := anys[0]
			path.Keys = append(path.Keys, IndexKey{Column: k, Strategy: nbtree.Equal, Arg: c.arg, Any: true, List: c.list})
			sel *= math.Min(1, c.n*eqSelectivity(keyStats(t, ti, k), colType, nil, tuples))
			anyN = c.n
			eqCols++
			break
		}
		if len(rng) > 0 {
			for _, c := range rng {
				path.Keys = append(path.Keys, IndexKey{Column: k, Strategy: c.strategy, Arg: c.arg, Null: c.null})
			}
			sel *= keySelectivity(keyStats(t, ti, k), colType, rng, tuples)
		}
		break
	}
	if len(path.Keys) == 0 {
		return nil, 0
	}
	if ti.Unique && eqCols == len(ti.Index.Keys) && tuples > 0 && !nullKey {
		// A whole unique key: one row at most, for each value of an
		// "= ANY" key.
		sel = math.Min(sel, anyN/tuples)
	}
	return path, sel
}

// hasAny reports whether path has an "= ANY" key.
func hasAny(path *IndexPath) bool {
	for _, k := range path.Keys {
		if k.Any {
			return true
		}
	}
	return false
}

// matchAnyQual reports whether q is "column = ANY (list or array)" on a
// column of r (an IN list), with values of the column's type that read
// no column of the scan's level.
func matchAnyQual(r *RTE, q expr.Expr) (keyCandidate, bool) {
	sa, ok := q.(*expr.ScalarArrayOpExpr)
	if !ok || !sa.UseOr || sa.Op == nil || sa.Op.Name != "=" || sa.Op.OID >= firstUserOID {
		return keyCandidate{}, false
	}
	col, colType, ok := tableColumn(r, sa.Left)
	if !ok {
		return keyCandidate{}, false
	}
	usable := func(e expr.Expr, typ uint32) bool {
		return comparableKey(colType, typ) && !readsLevel(e) && !hasVolatile(e) && !hasSubLink(e)
	}
	if sa.Array != nil {
		at := types.ByOID(sa.Array.Type())
		if at == nil || !at.IsArray() || !usable(sa.Array, at.Elem) {
			return keyCandidate{}, false
		}
		return keyCandidate{col: col, strategy: nbtree.Equal, arg: sa.Array, any: true, n: arrayLength(sa.Array)}, true
	}
	for _, e := range sa.Right {
		if !usable(e, e.Type()) {
			return keyCandidate{}, false
		}
	}
	return keyCandidate{col: col, strategy: nbtree.Equal, any: true, list: sa.Right, n: float64(len(sa.Right))}, true
}

// arrayLength is the number of elements of an "= ANY" key's array: a
// constant's, or ten, as PostgreSQL guesses for an array it cannot see
// (estimate_array_length).
func arrayLength(a expr.Expr) float64 {
	if c, ok := a.(*expr.Const); ok && !c.Value.IsNull() {
		return float64(len(c.Value.Array().Elems))
	}
	return 10
}

// matchKeyQual reports whether q is "column op value" (or "value op
// column") on a column of r with a B-tree comparison operator of the
// column's type, and returns it as a scan key candidate.
func matchKeyQual(r *RTE, q expr.Expr) (keyCandidate, bool) {
	if c, ok := matchAnyQual(r, q); ok {
		return c, true
	}
	if nt, ok := q.(*expr.NullTest); ok && !nt.ArgIsRow {
		// "column IS [NOT] NULL": a B-tree finds its NULLs.
		s := nbtree.IsNull
		if nt.IsNot {
			s = nbtree.IsNotNull
		}
		if col, _, ok := tableColumn(r, nt.Arg); ok {
			return keyCandidate{col: col, offset: r.Offset, strategy: s, null: nt}, true
		}
		if tableExpr(r, nt.Arg) {
			return keyCandidate{col: -1, operand: nt.Arg, offset: r.Offset, strategy: s, null: nt}, true
		}
		return keyCandidate{}, false
	}
	f, ok := q.(*expr.FuncExpr)
	if !ok || f.Op == nil || len(f.Args) != 2 || f.Op.OID >= firstUserOID {
		return keyCandidate{}, false
	}
	strategy, ok := strategyOf(f.Op.Name)
	if !ok {
		return keyCandidate{}, false
	}
	for side := 0; side < 2; side++ {
		var operand expr.Expr
		col, colType, ok := tableColumn(r, f.Args[side])
		if !ok {
			// An expression over the table's columns, for an index on it.
			if !tableExpr(r, f.Args[side]) {
				continue
			}
			col, colType, operand = -1, f.Args[side].Type(), f.Args[side]
		}
		arg := f.Args[1-side]
		if !comparableKey(colType, arg.Type()) || readsLevel(arg) || hasVolatile(arg) || hasSubLink(arg) {
			continue
		}
		s := strategy
		if side == 1 {
			s = 6 - s // value op column: the commuted strategy
		}
		return keyCandidate{col: col, operand: operand, offset: r.Offset, strategy: s, arg: arg}, true
	}
	return keyCandidate{}, false
}

// tableExpr reports whether e is an expression over columns of r's table
// at the scan's level and nothing else of the level, that an index may
// hold: not a Var itself (tableColumn's case), no volatile function or
// subquery.
func tableExpr(r *RTE, e expr.Expr) bool {
	if _, ok := e.(*expr.Var); ok || r.Table == nil || hasVolatile(e) || hasSubLink(e) {
		return false
	}
	own, other := false, false
	Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
			if v.Index >= r.Offset && v.Index < r.Offset+len(r.Table.Columns) {
				own = true
			} else {
				other = true
			}
		}
		return !other
	})
	return own && !other
}

// firstUserOID is FirstNormalObjectId: operators below it are built in.
const firstUserOID = 16384

func strategyOf(op string) (nbtree.Strategy, bool) {
	switch op {
	case "<":
		return nbtree.Less, true
	case "<=":
		return nbtree.LessEqual, true
	case "=":
		return nbtree.Equal, true
	case ">=":
		return nbtree.GreaterEqual, true
	case ">":
		return nbtree.Greater, true
	}
	return 0, false
}

// tableColumn reports whether e is a column of r's table at the scan's
// level (through a binary-compatible relabeling, as varchar to text).
func tableColumn(r *RTE, e expr.Expr) (int, uint32, bool) {
	if rl, ok := e.(*expr.RelabelType); ok {
		e = rl.Arg
	}
	v, ok := e.(*expr.Var)
	if !ok || v.LevelsUp != 0 || v.Index < r.Offset || v.Index >= r.Offset+len(r.Table.Columns) {
		return 0, 0, false
	}
	col := v.Index - r.Offset
	return col, r.Table.Columns[col].TypeOID, true
}

// comparableKey reports whether values of type argType compare with
// column values of type colType by the column type's order, as the
// index compares them: the same type, two integer types, or text and
// varchar.
func comparableKey(colType, argType uint32) bool {
	colType, argType = types.DomainBase(colType), types.DomainBase(argType)
	if colType == argType {
		return true
	}
	isInt := func(t uint32) bool { return t == types.OidInt2 || t == types.OidInt4 || t == types.OidInt8 }
	isText := func(t uint32) bool { return t == types.OidText || t == types.OidVarchar }
	return isInt(colType) && isInt(argType) || isText(colType) && isText(argType)
}

// readsLevel reports whether e reads a column of its own query level.
func readsLevel(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
			found = true
		}
		return !found
	})
	return found
}

// hasSubLink reports whether e holds a subquery.
func hasSubLink(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		if _, ok := x.(*expr.SubLink); ok {
			found = true
		}
		return !found
	})
	return found
}

// orderedScan makes scan read its rows in the order ORDER BY asks when
// an index of the table gives that order (indexOrderPaths) more cheaply
// than sorting the rows: all of them, or with a LIMIT the first ones.
// An index that gives the order of the first keys only may serve an
// incremental sort (create_ordered_paths). It reports whether the sort
// can be left out, or else how many leading keys the rows come sorted
// on (0: sort them all).
func orderedScan(q *Query, scan *TableScan, exprs []expr.Expr) (full bool, presorted int) {
	if len(q.Sort) == 0 {
		return false, 0
	}
	// The sort keys as the level row's columns, as far as they are.
	var cols []int
	for _, k := range q.Sort {
		v, ok := exprs[k.Target].(*expr.Var)
		if !ok || v.LevelsUp != 0 {
			break
		}
		cols = append(cols, v.Index)
	}
	if len(cols) == 0 {
		return false, 0
	}
	opts := planner(q)
	// The index paths that give the order of every key, or of the
	// first p for an incremental sort.
	type ordered struct {
		path *IndexPath
		p    int
	}
	var cands []ordered
	for p := len(cols); p >= 1; p-- {
		if p < len(q.Sort) && opts.NoIncrementalSort {
			continue
		}
		for _, path := range indexOrderPaths(q, scan, cols[:p], q.Sort[:p]) {
			cands = append(cands, ordered{path, p})
		}
	}
	if len(cands) == 0 {
		return false, 0
	}
	c := newPlanCoster(q)
	in, ws := c.node(scan)
	width := sum(ws)
	wanted, known := limitRows(q)
	fraction := func(e Estimate) float64 {
		switch {
		case q.Limit == nil && q.Offset == nil:
			return 1
		case !known:
			// PostgreSQL's guess for a LIMIT it cannot read.
			return 0.1
		}
		return math.Min(1, wanted/math.Max(e.Rows, 1))
	}
	bound := wanted
	if !known || q.Limit == nil {
		bound = 0
	}
	cost := func(e Estimate) float64 { return e.Startup + fraction(e)*(e.Total-e.Startup) }
	sortStartup, sortRun := c.sortCost(in, width, bound)
	sortDisabled := 0.0
	if opts.NoSort {
		sortDisabled = disableCost
	}
	bestCost := cost(Estimate{Startup: sortStartup, Total: sortStartup + sortRun, Rows: in.Rows}) + sortDisabled
	var best *IndexPath
	bestPresorted := 0
	for _, cand := range cands {
		cp := *scan
		cp.Index, cp.Bitmap = cand.path, nil
		e, _ := c.node(&cp)
		k := cost(e)
		if cand.p < len(q.Sort) {
			// The incremental sort over the Project of the targets.
			proj := &Project{Input: &cp, Exprs: exprs}
			c.out[proj] = e
			srt := &Sort{Input: proj, Keys: q.Sort, Presorted: cand.p}
			k = cost(c.incrementalSort(srt, e, width, bound)) + sortDisabled
		}
		if k < bestCost {
			best, bestCost, bestPresorted = cand.path, k, cand.p
		}
	}
	if best == nil {
		return false, 0
	}
	scan.Index, scan.Bitmap = best, nil
	if bestPresorted == len(q.Sort) {
		return true, 0
	}
	return false, bestPresorted
}

// indexOrderPaths are the index paths of scan's table that read its
// rows in the order of keys over the level row's columns cols: an index
// with those columns as its leading ones (after those its equality keys
// fix), in its order or the reverse, NULLs placed alike
// (build_index_pathkeys, simplified); the scan's own index path first
// when it is one of them.
func indexOrderPaths(q *Query, scan *TableScan, cols []int, keys []SortKey) []*IndexPath {
	if scan.Sample != nil || scan.Table == nil || len(scan.Table.Indexes) == 0 || planner(q).NoIndexScan {
		return nil
	}
	tcols := make([]int, len(cols))
	for i, c := range cols {
		if c < scan.Offset || c >= scan.Offset+len(scan.Table.Columns) {
			return nil
		}
		tcols[i] = c - scan.Offset
	}
	try := func(ti *TableIndex, fixed int) (backward, ok bool) {
		if fixed+len(tcols) > len(ti.Index.Keys) {
			return false, false
		}
		for i, k := range keys {
			key := ti.Index.Keys[fixed+i]
			if ti.Columns[fixed+i] != tcols[i] {
				return false, false
			}
			same := key.Desc == k.Desc && key.NullsFirst == k.NullsFirst
			reversed := key.Desc != k.Desc && key.NullsFirst != k.NullsFirst
			switch {
			case i == 0 && same:
				backward = false
			case i == 0 && reversed:
				backward = true
			case same && !backward, reversed && backward:
			default:
				return false, false
			}
		}
		return backward, true
	}
	// An index's equality keys on its leading columns leave the next
	// ones in order.
	fixedBy := func(p *IndexPath) int {
		fixed := 0
		for fixed < len(p.Index.Index.Keys) {
			eq := false
			for _, k := range p.Keys {
				eq = eq || k.Column == fixed && k.Strategy == nbtree.Equal && !k.Any
			}
			if !eq {
				break
			}
			fixed++
		}
		return fixed
	}
	var paths []*IndexPath
	if p := scan.Index; p != nil && !hasAny(p) {
		if backward, ok := try(p.Index, fixedBy(p)); ok {
			cp := *p
			cp.Backward = backward
			paths = append(paths, &cp)
		}
	}
	r := &RTE{Kind: RTETable, Table: scan.Table, Offset: scan.Offset}
	cands := keyCandidates(r, scan.Quals)
	for _, ti := range scan.Table.Indexes {
		if ti.Pred != nil && !PredicateImplied(ti.Pred, scan.Quals, scan.Offset) || scan.Index != nil && scan.Index.Index == ti && len(paths) > 0 {
			continue
		}
		p, _ := indexKeys(scan.Table, ti, cands, scan.Table.Tuples)
		if p == nil || hasAny(p) {
			p = &IndexPath{Index: ti}
		}
		if backward, ok := try(ti, fixedBy(p)); ok {
			p.Backward = backward
			paths = append(paths, p)
		}
	}
	return paths
}

// limitRows is how many rows a LIMIT and OFFSET of constants take from
// the sorted rows; known is false when either is not a constant.
func limitRows(q *Query) (rows float64, known bool) {
	n, ok := constInt(q.Limit)
	if !ok {
		return 0, false
	}
	if q.Offset != nil {
		off, ok := constInt(q.Offset)
		if !ok {
			return 0, false
		}
		n += off
	}
	return float64(n), true
}

// constInt is e's value when it is a non-NULL integer constant.
func constInt(e expr.Expr) (int64, bool) {
	k, ok := e.(*expr.Const)
	if !ok || k.Value.IsNull() {
		return 0, false
	}
	switch k.Typ {
	case types.OidInt8, types.OidInt4, types.OidInt2:
		return k.Value.Int(), true
	}
	return 0, false
}

// indexJoin is makeJoin's nested loop with an index scan on the inner
// side (a parameterized path): for each outer row the inner table's
// index is searched with the join's equalities "inner column = outer
// expression", when so few outer rows are expected that the lookups cost
// less than reading the inner table whole for a hash join. It returns
// nil when that does not apply.
func indexJoin(q *Query, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr) Node {
	scan, ok := inner.(*TableScan)
	outerRows := estimatedRows(outer)
	if !ok || scan.Table == nil || outerRows < 0 {
		return nil
	}
	limit := scan.Table.Pages*seqPageCost + scan.Table.Tuples*cpuTupleCost + outerRows*cpuOperatorCost
	if planner(q).NoHashJoin {
		limit = math.Inf(1)
	}
	return paramIndexJoin(q, jt, outer, inner, orels, irels, quals, outerRows, limit)
}

// paramIndexJoin is the nested loop over outer (of outerRows rows
// expected) that searches the inner table's best index for each outer
// row with the join's equalities "inner column = outer expression", when
// that index's lookups are estimated to cost less than limit; nil when
// no index applies.
func paramIndexJoin(q *Query, jt JoinType, outer, inner Node, orels, irels map[int]bool, quals []expr.Expr, outerRows, limit float64) Node {
	scan, ok := inner.(*TableScan)
	opts := planner(q)
	if !ok || jt == JoinRight || jt == JoinFull || jt == JoinCross || len(irels) != 1 || scan.Sample != nil || scan.Table == nil || len(scan.Table.Indexes) == 0 ||
		opts.NoIndexScan || opts.NoNestLoop {
		return nil
	}
	var rte *RTE
	for k := range irels {
		rte = q.RTEs[k]
	}
	if rte.Table != scan.Table || rte.Lateral {
		return nil
	}
	// The inner side's own conditions and the join's equalities.
	cands := keyCandidates(rte, scan.Quals)
	joinKeys := 0
	for _, e := range quals {
		f, ok := e.(*expr.FuncExpr)
		if !ok || f.Op == nil || f.Op.Name != "=" || len(f.Args) != 2 || f.Op.OID >= firstUserOID {
			continue
		}
		for side := 0; side < 2; side++ {
			col, colType, ok := tableColumn(rte, f.Args[side])
			other := f.Args[1-side]
			if !ok || !comparableKey(colType, other.Type()) || hasVolatile(other) || hasSubLink(other) || !subset(relsOf(q, other), orels) {
				continue
			}
			cands = append(cands, keyCandidate{col: col, strategy: nbtree.Equal, arg: other})
			joinKeys++
			break
		}
	}
	if joinKeys == 0 {
		return nil
	}
	t := scan.Table
	var best *IndexPath
	bestCost := limit
	for _, ti := range t.Indexes {
		if ti.Pred != nil && !PredicateImplied(ti.Pred, scan.Quals, rte.Offset) {
			continue
		}
		path, sel := indexKeys(t, ti, cands, t.Tuples)
		if path == nil || !usesOuter(path, orels, q) {
			continue
		}
		rows := math.Max(1, sel*t.Tuples)
		cost := outerRows * (randomPageCost*(1+math.Min(rows, math.Max(t.Pages, 1))) + rows*(cpuIndexTupleCost+cpuTupleCost))
		if cost < bestCost {
			best, bestCost = path, cost
		}
	}
	if best == nil {
		return nil
	}
	cp := *scan
	cp.Index, cp.Bitmap = best, nil
	return &NestLoop{Type: jt, Outer: outer, Inner: &cp, Quals: orderQuals(quals), OuterSegments: segmentsOf(q, orels),
		InnerSegments: segmentsOf(q, irels), Level: q.Width, Lateral: true}
}

// usesOuter reports whether some key of path reads the outer side.
func usesOuter(path *IndexPath, orels map[int]bool, q *Query) bool {
	for _, k := range path.Keys {
		if len(relsOf(q, k.Arg)) > 0 {
			return true
		}
	}
	return false
}

// estimatedRows is how many rows n is expected to give, -1 when the
// planner cannot tell (only table scans are estimated so far).
func estimatedRows(n Node) float64 {
	scan, ok := n.(*TableScan)
	if !ok || scan.Table == nil || scan.Sample != nil || scan.Table.Tuples <= 0 && scan.Table.Pages <= 0 {
		return -1
	}
	t := scan.Table
	if p := scan.Index; p != nil {
		_, sel := indexKeysOf(t, p)
		return math.Max(1, sel*t.Tuples)
	}
	sel := 1.0
	for range scan.Quals {
		sel *= defaultIneqSel
	}
	return math.Max(1, sel*t.Tuples)
}

// indexKeysOf is the selectivity of path's keys.
func indexKeysOf(t *Table, p *IndexPath) (*IndexPath, float64) {
	var cands []keyCandidate
	for _, k := range p.Keys {
		c := keyCandidate{col: p.Index.Columns[k.Column], strategy: k.Strategy, arg: k.Arg, null: k.Null}
		if c.col < 0 {
			c.operand = p.Index.Exprs[k.Column]
		}
		cands = append(cands, c)
	}
	return indexKeys(t, p.Index, cands, t.Tuples)
}
