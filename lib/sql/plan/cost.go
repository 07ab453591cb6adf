// This file estimates what each node of a plan costs and yields, for
// EXPLAIN's "(cost=startup..total rows=n width=w)": costsize.c's
// formulas for the nodes this planner makes (sequential and index
// scans, sorts, hash, merge and nested-loop joins, aggregation, limits,
// ...),
// with its default cost constants (indexpath.go), the selectivities of
// selectivity.go, and widths from the types' typical sizes
// (get_typavgwidth). The planner chooses how a table is read (sequential,
// index or bitmap heap scan: indexpath.go, bitmap.go) and the join order
// search (joinsearch.go) compares the joins it considers by these same
// estimates; only the nested loop over an index (indexJoin) still weighs
// itself with a narrower formula of its own.

package plan

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/access/nbtree"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Estimate is one node's estimated cost, rows and row width.
type Estimate struct {
	Startup, Total, Rows float64
	Width                int
}

const (
	// defaultNumDistinct is DEFAULT_NUM_DISTINCT.
	defaultNumDistinct = 200
	// defaultFuncRows is a set-returning function's prorows.
	defaultFuncRows = 1000
	// effectiveCachePages is effective_cache_size's default (4GB) in
	// pages.
	effectiveCachePages = 524288
)

// Estimates returns the estimate of every node of the plan rooted at
// root, subplans (subqueries in expressions, WITH queries) included.
func Estimates(root Node, info func(*Table) TableInfo, workMem int64) map[Node]Estimate {
	c := newCoster(info)
	c.workMem = workMem
	c.node(root)
	return c.out
}

// newPlanCoster is the coster of the planner's choices for q: the
// statistics the join search and EXPLAIN use, q's work_mem.
func newPlanCoster(q *Query) *coster {
	c := newCoster(joinOptions(q).Info)
	c.workMem = planner(q).WorkMem
	return c
}

// newCoster estimates plan nodes with the table sizes and statistics
// info gives (nil: the Tables' own).
func newCoster(info func(*Table) TableInfo) *coster {
	return &coster{out: map[Node]Estimate{}, info: info, infos: map[*Table]TableInfo{}}
}

// TableInfo is what the estimates know of a table: its size, and the
// statistics of its columns by position (nil when never analyzed). The
// planner's Table carries them only for tables with indexes.
type TableInfo struct {
	Pages, Tuples float64
	// AllVisibleFrac is Table.AllVisibleFrac.
	AllVisibleFrac float64
	Stats          map[int]*catalog.ColumnStats
}

type coster struct {
	// workMem is work_mem in bytes (0: its default), which decides
	// whether a sort spills.
	workMem int64
	out     map[Node]Estimate
	widths  map[Node][]int
	// levels are the scans below nodes (levelScans), kept for the join
	// search, which asks again and again.
	levels map[Node]scansOf
	info   func(*Table) TableInfo
	infos  map[*Table]TableInfo
	// cteRows are the rows of the WITH queries of the CTEScopes
	// estimated, for the scans of them.
	cteRows map[*CTE]float64
}

// table returns t's size and statistics.
func (c *coster) table(t *Table) TableInfo {
	if ti, ok := c.infos[t]; ok {
		return ti
	}
	ti := TableInfo{Pages: t.Pages, Tuples: t.Tuples, AllVisibleFrac: t.AllVisibleFrac, Stats: t.Stats}
	if c.info != nil {
		ti = c.info(t)
	}
	c.infos[t] = ti
	return ti
}

// clampRows is clamp_row_est.
func clampRows(n float64) float64 {
	if n <= 1 || math.IsNaN(n) {
		return 1
	}
	return math.Round(n)
}

// typeWidth is get_typavgwidth: a fixed-length type's length, a
// varchar's or char's from its length limit, otherwise 32.
func typeWidth(typ uint32, mod int32) int {
	t := types.ByOID(types.DomainBase(typ))
	if t != nil && t.Len > 0 {
		return int(t.Len)
	}
	if (typ == types.OidVarchar || typ == types.OidBpchar) && mod > 4 {
		max := int(mod - 4)
		if max > 32 {
			return 32 + (max-32)/2
		}
		return max
	}
	return 32
}

func sum(ws []int) int {
	n := 0
	for _, w := range ws {
		n += w
	}
	return n
}

// exprWidth is the width of e's values over a row of widths in.
func exprWidth(e expr.Expr, in []int) int {
	if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 && v.Index < len(in) && in[v.Index] > 0 {
		return in[v.Index]
	}
	var mod int32 = -1
	if v, ok := e.(*expr.Var); ok {
		mod = v.Mod
	}
	return typeWidth(e.Type(), mod)
}

// qualCost is the per-row cost of evaluating quals (cost_qual_eval).
func qualCost(quals []expr.Expr) float64 {
	c := 0.0
	for _, q := range quals {
		c += Cost(q) * cpuOperatorCost
	}
	return c
}

// selectivity is the fraction of rows of the scans below a node that
// pass quals (clauselist_selectivity, simplified: conditions on a
// column of an analyzed table use its statistics, others the defaults).
func (c *coster) selectivity(quals []expr.Expr, scans []*TableScan) float64 {
	// Comparisons of one column with values are taken together, so
	// that a lower and an upper bound make a range
	// (clauselist_selectivity's addRangeClause).
	type column struct {
		scan *TableScan
		col  int
	}
	byColumn := map[column][]keyCandidate{}
	var order []column
	sel := 1.0
	for _, q := range quals {
		matched := false
		for _, s := range scans {
			if s.Table == nil {
				continue
			}
			k, ok := matchKeyQual(&RTE{Kind: RTETable, Table: s.Table, Offset: s.Offset}, q)
			if !ok || k.any || k.col < 0 {
				continue
			}
			key := column{s, k.col}
			if _, seen := byColumn[key]; !seen {
				order = append(order, key)
			}
			byColumn[key] = append(byColumn[key], k)
			matched = true
			break
		}
		if !matched {
			sel *= c.clauseSelectivity(q, scans)
		}
	}
	for _, key := range order {
		info := c.table(key.scan.Table)
		sel *= keySelectivity(info.Stats[key.col], key.scan.Table.Columns[key.col].TypeOID, byColumn[key], info.Tuples)
	}
	return sel
}

func (c *coster) clauseSelectivity(q expr.Expr, scans []*TableScan) float64 {
	for _, s := range scans {
		if s.RTE == nil || s.Table == nil {
			continue
		}
		r := &RTE{Kind: RTETable, Table: s.Table, Offset: s.Offset}
		if k, ok := matchKeyQual(r, q); ok && k.col >= 0 {
			info := c.table(s.Table)
			st := info.Stats[k.col]
			colType := s.Table.Columns[k.col].TypeOID
			if k.any {
				return math.Min(1, k.n*eqSelectivity(st, colType, nil, info.Tuples))
			}
			return keySelectivity(st, colType, []keyCandidate{k}, info.Tuples)
		} else if ok && k.operand != nil {
			// An expression an index has statistics of.
			if st := indexExprStats(k.operand, []*TableScan{s}); st != nil {
				info := c.table(s.Table)
				if k.any {
					return math.Min(1, k.n*eqSelectivity(st, k.operand.Type(), nil, info.Tuples))
				}
				return keySelectivity(st, k.operand.Type(), []keyCandidate{k}, info.Tuples)
			}
		}
	}
	switch x := q.(type) {
	case *expr.FuncExpr:
		if x.Op != nil {
			switch x.Op.Name {
			case "=":
				return defaultEqSel
			case "<>":
				return 1 - defaultEqSel
			case "<", "<=", ">", ">=":
				return defaultIneqSel
			}
		}
	case *expr.NullTest:
		// nulltestsel: the column's fraction of NULLs.
		if v, ok := x.Arg.(*expr.Var); ok && v.LevelsUp == 0 && !x.ArgIsRow {
			if st, ok := c.columnStats(v, scans); ok {
				if x.IsNot {
					return 1 - st.NullFrac
				}
				return st.NullFrac
			}
		}
		if x.IsNot {
			return 1 - defaultEqSel
		}
		return defaultEqSel
	case *expr.BoolExpr:
		switch x.Op {
		case expr.And:
			return c.selectivity(x.Args, scans)
		case expr.Or:
			s := 0.0
			for _, a := range x.Args {
				t := c.clauseSelectivity(a, scans)
				s = s + t - s*t
			}
			return s
		case expr.Not:
			return 1 - c.clauseSelectivity(x.Args[0], scans)
		}
	case *expr.Const:
		if x.Value.IsNull() || !x.Value.Bool() {
			return 0
		}
		return 1
	}
	return 0.5
}

// columnStats finds the statistics of the table column v reads.
func (c *coster) columnStats(v *expr.Var, scans []*TableScan) (*catalog.ColumnStats, bool) {
	for _, s := range scans {
		if s.Table == nil || v.Index < s.Offset || v.Index >= s.Offset+len(s.Table.Columns) {
			continue
		}
		st := c.table(s.Table).Stats[v.Index-s.Offset]
		return st, st != nil
	}
	return nil, false
}

// scansOf are the table and subquery scans below a node.
type scansOf struct {
	scans []*TableScan
	subs  []*SubqueryScan
}

// scans are scansBelow(n), computed once.
func (c *coster) scans(n Node) []*TableScan {
	return c.levelOf(n).scans
}

// subqueries are subqueriesBelow(n), computed once.
func (c *coster) subqueries(n Node) []*SubqueryScan {
	return c.levelOf(n).subs
}

func (c *coster) levelOf(n Node) scansOf {
	l, ok := c.levels[n]
	if !ok {
		l.scans, l.subs = levelScans(n)
		if c.levels == nil {
			c.levels = map[Node]scansOf{}
		}
		c.levels[n] = l
	}
	return l
}

// scansBelow are the table scans of n's query level.
func scansBelow(n Node) []*TableScan {
	scans, _ := levelScans(n)
	return scans
}

// subqueriesBelow are the subquery scans of n's query level.
func subqueriesBelow(n Node) []*SubqueryScan {
	_, subs := levelScans(n)
	return subs
}

// levelScans are the table and subquery scans below n's joins and
// filters, which make the rows of n's query level.
func levelScans(n Node) (scans []*TableScan, subs []*SubqueryScan) {
	var walk func(Node)
	walk = func(n Node) {
		switch v := n.(type) {
		case *TableScan:
			scans = append(scans, v)
		case *SubqueryScan:
			subs = append(subs, v)
		case *NestLoop, *HashJoin, *MergeJoin, *Materialize, *Sort, *Filter:
			for _, in := range Inputs(v) {
				walk(in)
			}
		case *Project:
			// A semi join's distinct inner rows keep their columns
			// where the scans put them.
			if a, ok := v.Input.(*Agg); ok && v.Spread {
				walk(a.Input)
			}
		}
	}
	walk(n)
	return scans, subs
}

// outputExpr is the expression computing column i of a subquery's rows
// and the node it is computed over, nil when not known.
func outputExpr(n Node, i int) (expr.Expr, Node) {
	for {
		switch v := n.(type) {
		case *Trim:
			n = v.Input
		case *CTEScope:
			n = v.Input
		case *Sort:
			n = v.Input
		case *Limit:
			n = v.Input
		case *Unique:
			n = v.Input
		case *Project:
			if i < len(v.Exprs) {
				return v.Exprs[i], v.Input
			}
			return nil, nil
		default:
			return nil, nil
		}
	}
}

// distinctValues is how many distinct values e has in the rows of a
// query level with scans and subqueries (estimate_num_groups for one
// expression); see distinctValuesOf.
func (c *coster) distinctValues(e expr.Expr, scans []*TableScan, subs []*SubqueryScan, rows float64) float64 {
	nd, _ := c.distinctValuesOf(e, scans, subs, rows)
	return nd
}

// distinctValuesOf is how many distinct values e has in the rows of a
// query level with scans and subqueries: a column's from its
// statistics, or the whole row count for a unique index's only column,
// else 200 at most (get_variable_numdistinct); a subquery's column as its
// expression; an expression's the product of its columns'. isDefault
// reports that a column's count was a guess (no statistics), as
// SELFLAG_USED_DEFAULT does.
func (c *coster) distinctValuesOf(e expr.Expr, scans []*TableScan, subs []*SubqueryScan, rows float64) (nd float64, isDefault bool) {
	if rl, ok := e.(*expr.RelabelType); ok {
		e = rl.Arg
	}
	fallback := func() (float64, bool) {
		if rows < defaultNumDistinct {
			return math.Max(1, rows), true
		}
		return defaultNumDistinct, true
	}
	v, ok := e.(*expr.Var)
	if !ok {
		if st := indexExprStats(e, scans); st != nil {
			for _, sc := range scans {
				if sc.Table != nil && readsOnly(e, [][2]int{{sc.Offset, sc.Offset + len(sc.Table.Columns)}}) {
					if nd := distinctOf(st, c.table(sc.Table).Tuples); nd > 0 {
						return nd, false
					}
				}
			}
		}
		nd, vars := 1.0, 0
		Walk(e, func(x expr.Expr) bool {
			if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 {
				vars++
				n, guess := c.distinctValuesOf(v, scans, subs, rows)
				nd *= n
				isDefault = isDefault || guess
			}
			_, sub := x.(*expr.SubLink)
			return !sub
		})
		if vars == 0 {
			return fallback()
		}
		return math.Max(1, math.Min(nd, math.Max(rows, 1))), isDefault
	}
	if v.LevelsUp != 0 {
		return fallback()
	}
	for _, s := range scans {
		if s.Table == nil || v.Index < s.Offset || v.Index >= s.Offset+len(s.Table.Columns) {
			continue
		}
		col := v.Index - s.Offset
		info := c.table(s.Table)
		if st := info.Stats[col]; st != nil {
			if nd := distinctOf(st, info.Tuples); nd > 0 {
				return nd, false
			}
		}
		for _, ti := range s.Table.Indexes {
			if ti.Unique && len(ti.Index.Keys) == 1 && ti.Columns[0] == col {
				return math.Max(1, info.Tuples), false
			}
		}
	}
	for _, sq := range subs {
		if v.Index < sq.Offset || v.Index >= sq.Level {
			continue
		}
		if oe, in := outputExpr(sq.Input, v.Index-sq.Offset); oe != nil {
			return c.distinctValuesOf(oe, scansBelow(in), subqueriesBelow(in), rows)
		}
	}
	return fallback()
}

// IsInitPlan reports whether a subquery is computed once before the
// node holding it runs, its value then a parameter ($n): an
// uncorrelated scalar, EXISTS or ARRAY subquery.
func IsInitPlan(sl *expr.SubLink) bool {
	return !sl.Correlated && (sl.Kind == expr.ExprSubLink || sl.Kind == expr.ExistsSubLink || sl.Kind == expr.ArraySubLink)
}

// initPlanCharge is what running the init plans of es once costs,
// charged to the startup and total of the node holding them
// (SS_charge_for_initplans with cost_subplan's per-call cost: the plan's
// whole run, or for EXISTS the run to its first row, and its startup).
func (c *coster) initPlanCharge(es []expr.Expr) float64 {
	charge := 0.0
	for _, e := range es {
		Walk(e, func(x expr.Expr) bool {
			sl, ok := x.(*expr.SubLink)
			if !ok {
				return true
			}
			if p, ok := sl.Plan.(Node); ok && IsInitPlan(sl) {
				est, _ := c.node(p)
				run := est.Total - est.Startup
				if sl.Kind == expr.ExistsSubLink {
					run /= clampRows(est.Rows)
				}
				charge += run + est.Startup
			}
			return false
		})
	}
	return charge
}

// subplans estimates the subqueries of es.
func (c *coster) subplans(es ...expr.Expr) {
	for _, e := range es {
		if e == nil {
			continue
		}
		Walk(e, func(x expr.Expr) bool {
			if sl, ok := x.(*expr.SubLink); ok {
				if p, ok := sl.Plan.(Node); ok {
					c.node(p)
				}
			}
			return true
		})
	}
}

func (c *coster) node(n Node) (Estimate, []int) {
	if e, ok := c.out[n]; ok {
		return e, c.widths[n]
	}
	e, ws := c.estimate(n)
	e.Rows = math.Max(0, e.Rows)
	if w := sum(ws); ws != nil {
		e.Width = w
	}
	c.out[n] = e
	if c.widths == nil {
		c.widths = map[Node][]int{}
	}
	c.widths[n] = ws
	return e, ws
}

// trimWidths are the widths ws of a join's rows but the values nothing
// above it reads (out; nil: all of them): PostgreSQL's join relation
// is as wide as the columns its target list passes on.
func trimWidths(ws []int, out []bool) []int {
	if out == nil {
		return ws
	}
	trimmed := make([]int, len(ws))
	for i := range ws {
		if i < len(out) && out[i] {
			trimmed[i] = ws[i]
		}
	}
	return trimmed
}

// scanWidths are the widths of a scan's level row: its columns the plan
// reads, at offset.
func scanWidths(level, offset int, cols []Column, need []bool) []int {
	ws := make([]int, level)
	for i, col := range cols {
		if offset+i >= level || col.Name == "" || need != nil && i < len(need) && !need[i] {
			continue
		}
		ws[offset+i] = typeWidth(col.TypeOID, col.TypeMod)
	}
	return ws
}

func mergeWidths(a, b []int) []int {
	out := make([]int, max(len(a), len(b)))
	for i := range out {
		if i < len(a) && a[i] > 0 {
			out[i] = a[i]
		} else if i < len(b) {
			out[i] = b[i]
		}
	}
	return out
}

func (c *coster) estimate(n Node) (Estimate, []int) {
	switch v := n.(type) {
	case *Result:
		return Estimate{Total: cpuTupleCost, Rows: 1}, []int{}
	case *TableScan:
		c.subplans(v.Quals...)
		return c.tableScan(v)
	case *Scan:
		rows := float64(defaultFuncRows)
		return Estimate{Total: rows * cpuTupleCost, Rows: rows}, scanWidths(v.Level, v.Offset, v.Columns, nil)
	case *FunctionScan:
		rows := float64(defaultFuncRows)
		if v.Call != nil && v.Call.Func != nil && v.Call.Func.Name == "generate_series" && len(v.Call.Args) >= 2 {
			if n, ok := seriesRows(v.Call.Args); ok {
				rows = n
			}
		}
		if v.Call != nil && v.Call.Func != nil && !v.Call.Func.RetSet {
			rows = 1
		}
		// One call, before the first row.
		call := cpuOperatorCost
		if v.Call != nil {
			call += qualCost(v.Call.Args)
		}
		return Estimate{Startup: call, Total: call + rows*cpuTupleCost, Rows: rows}, scanWidths(v.Level, v.Offset, v.Columns, nil)
	case *ValuesScan:
		rows := float64(len(v.Rows))
		exprs := 0
		for _, r := range v.Rows {
			exprs += len(r)
		}
		ws := make([]int, v.Level)
		if len(v.Rows) > 0 {
			for i, e := range v.Rows[0] {
				if v.Offset+i < v.Level {
					ws[v.Offset+i] = exprWidth(e, nil)
				}
			}
		}
		return Estimate{Total: float64(exprs)*cpuOperatorCost + rows*cpuTupleCost, Rows: rows}, ws
	case *CTEScope:
		for k, in := range v.Inputs {
			e, _ := c.node(in)
			if k < len(v.CTEs) && !v.CTEs[k].Recursive {
				if c.cteRows == nil {
					c.cteRows = map[*CTE]float64{}
				}
				c.cteRows[v.CTEs[k]] = e.Rows
			}
		}
		return c.node(v.Input)
	case *CTEScan:
		rows := float64(defaultFuncRows)
		// As many rows as its query's plan is expected to give.
		if n, ok := c.cteRows[v.CTE]; ok {
			rows = n
		} else if v.CTE != nil && v.CTE.plan != nil {
			e, _ := c.node(v.CTE.plan)
			rows = e.Rows
		}
		ws := make([]int, v.Level)
		if v.CTE != nil && v.CTE.Query != nil {
			for i, t := range v.CTE.Query.Targets {
				if v.Offset+i < v.Level && !t.Junk {
					ws[v.Offset+i] = exprWidth(t.Expr, nil)
				}
			}
		}
		return Estimate{Total: rows * cpuTupleCost, Rows: rows}, ws
	case *WorkTableScan:
		rows := 10.0
		return Estimate{Total: rows * cpuTupleCost, Rows: rows}, make([]int, v.Level)
	case *SubqueryScan:
		in, iws := c.node(v.Input)
		ws := make([]int, v.Level)
		for i, w := range iws {
			if v.Offset+i < v.Level {
				ws[v.Offset+i] = w
			}
		}
		// PostgreSQL pulls simple subqueries up or removes trivial
		// subquery scans: the rows pass on at no cost of their own.
		return Estimate{Startup: in.Startup, Total: in.Total, Rows: in.Rows}, ws
	case *NestLoop:
		c.subplans(v.Quals...)
		e, ws := c.nestLoop(v)
		return e, trimWidths(ws, v.Output)
	case *HashJoin:
		c.subplans(v.Quals...)
		e, ws := c.hashJoin(v)
		return e, trimWidths(ws, v.Output)
	case *MergeJoin:
		c.subplans(v.Quals...)
		e, ws := c.mergeJoin(v)
		return e, trimWidths(ws, v.Output)
	case *Materialize:
		// A merge join's: its input's costs and one operator a row
		// (create_mergejoin_plan's labeling).
		in, ws := c.node(v.Input)
		return Estimate{Startup: in.Startup, Total: in.Total + cpuOperatorCost*in.Rows, Rows: in.Rows}, ws
	case *Filter:
		c.subplans(v.Quals...)
		in, ws := c.node(v.Input)
		sel := c.selectivity(v.Quals, scansBelow(v.Input))
		return Estimate{Startup: in.Startup, Total: in.Total + in.Rows*qualCost(v.Quals), Rows: clampRows(in.Rows * sel)}, ws
	case *Project:
		c.subplans(v.Exprs...)
		in, iws := c.node(v.Input)
		ws := make([]int, len(v.Exprs))
		for i, e := range v.Exprs {
			if _, null := e.(*expr.Const); !null || !v.Spread {
				ws[i] = exprWidth(e, iws)
			}
		}
		charge := c.initPlanCharge(v.Exprs)
		return Estimate{Startup: in.Startup + charge, Total: in.Total + in.Rows*qualCost(v.Exprs) + charge, Rows: in.Rows}, ws
	case *ProjectSet:
		in, iws := c.node(v.Input)
		ws := append([]int{}, iws...)
		for _, f := range v.SRFs {
			ws = append(ws, exprWidth(f, nil))
		}
		rows := in.Rows * defaultFuncRows / 100
		return Estimate{Startup: in.Startup, Total: in.Total + rows*cpuTupleCost, Rows: rows}, ws
	case *Agg:
		return c.agg(v)
	case *WindowAgg:
		in, iws := c.node(v.Input)
		ws := append([]int{}, iws...)
		for _, f := range v.Funcs {
			ws = append(ws, exprWidth(f, nil))
		}
		if w := v.Window; w != nil && len(w.PartitionBy)+len(w.OrderBy) > 0 {
			startup, run := c.sortCost(in, sum(iws), 0)
			in = Estimate{Startup: startup, Total: startup + run, Rows: in.Rows, Width: in.Width}
			c.out[windowSortKey{v}] = in
		}
		run := in.Rows * (cpuOperatorCost*float64(len(v.Funcs)) + cpuTupleCost)
		return Estimate{Startup: in.Startup, Total: in.Total + run, Rows: in.Rows}, ws
	case *Sort:
		in, ws := c.node(v.Input)
		if v.Presorted > 0 {
			return c.incrementalSort(v, in, sum(ws), 0), ws
		}
		startup, run := c.sortCost(in, sum(ws), 0)
		return Estimate{Startup: startup, Total: startup + run, Rows: in.Rows}, ws
	case *Unique:
		in, ws := c.node(v.Input)
		cols := v.Cols
		if cols == nil {
			for i := range v.Types {
				cols = append(cols, i)
			}
		}
		// The number of distinct keys (estimate_num_groups).
		groups := 1.0
		for _, i := range cols {
			e, below := outputExpr(v.Input, i)
			if e == nil {
				groups *= math.Min(in.Rows, defaultNumDistinct)
				continue
			}
			groups *= c.distinctValues(e, scansBelow(below), subqueriesBelow(below), in.Rows)
		}
		rows := clampRows(math.Min(groups, in.Rows))
		return Estimate{Startup: in.Startup, Total: in.Total + in.Rows*cpuOperatorCost*float64(len(cols)), Rows: rows}, ws
	case *HashSetOp:
		l, lws := c.node(v.Left)
		r, _ := c.node(v.Right)
		rows := l.Rows + r.Rows
		total := l.Total + r.Total + rows*cpuOperatorCost*float64(len(v.Types))
		if v.Op == Union && v.All {
			return Estimate{Total: l.Total + r.Total, Rows: rows}, lws
		}
		if v.Op != Union {
			rows = l.Rows
		}
		return Estimate{Startup: total, Total: total + rows*cpuTupleCost, Rows: clampRows(rows / 2)}, lws
	case *RecursiveUnion:
		l, lws := c.node(v.NonRecursive)
		r, _ := c.node(v.Recursive)
		rows := l.Rows + 10*r.Rows
		return Estimate{Total: l.Total + 10*r.Total, Rows: rows}, lws
	case *Limit:
		c.subplans(v.Count, v.Offset)
		return c.limit(v)
	case *LockRows:
		// create_lockrows_path: cpu_tuple_cost per row.
		in, ws := c.node(v.Input)
		return Estimate{Startup: in.Startup, Total: in.Total + in.Rows*cpuTupleCost, Rows: in.Rows}, ws
	case *Trim:
		in, ws := c.node(v.Input)
		if len(ws) > v.N {
			ws = ws[:v.N]
		}
		return in, ws
	case *Refetch:
		in, _ := c.node(v.Input)
		ws := scanWidths(v.Level, v.Offset, v.Table.Columns, nil)
		return Estimate{Startup: in.Startup, Total: in.Total + in.Rows*(randomPageCost+cpuTupleCost), Rows: in.Rows}, ws
	case *ModifyTable:
		c.subplans(v.NewValues...)
		c.subplans(v.Returning...)
		in, iws := c.node(v.Input)
		// The rows an UPDATE or DELETE reads carry the row's location
		// and an UPDATE's new values of the columns it sets, nothing
		// else (PostgreSQL 14's ModifyTable subplans).
		switch v.Command {
		case CmdDelete, CmdUpdate:
			w := 6
			var set []expr.Expr
			for i, e := range v.NewValues {
				if x, ok := e.(*expr.Var); ok && x.LevelsUp == 0 && x.Index == v.TargetOffset+i {
					continue
				}
				w += exprWidth(e, iws)
				set = append(set, e)
			}
			// The new values are computed as the rows are read.
			in.Total += in.Rows * qualCost(set)
			if e, ok := c.out[v.Input]; ok {
				e.Width, e.Total = w, in.Total
				c.out[v.Input] = e
			}
		}
		if len(v.Returning) == 0 {
			return Estimate{Startup: in.Startup, Total: in.Total, Rows: 0}, []int{}
		}
		ws := make([]int, len(v.Returning))
		for i, e := range v.Returning {
			ws[i] = exprWidth(e, iws)
		}
		return Estimate{Startup: in.Startup, Total: in.Total + in.Rows*cpuTupleCost, Rows: in.Rows}, ws
	}
	return Estimate{}, nil
}

// seriesRows is generate_series's row count for constant integer
// arguments (its planner support function).
func seriesRows(args []expr.Expr) (float64, bool) {
	var vals []float64
	for _, a := range args {
		k, ok := a.(*expr.Const)
		if !ok || k.Value.IsNull() || !types.ComparesAsInt(k.Typ) {
			return 0, false
		}
		vals = append(vals, float64(k.Value.Int()))
	}
	step := 1.0
	if len(vals) > 2 {
		step = vals[2]
	}
	if step == 0 {
		return 0, false
	}
	return math.Max(0, math.Floor((vals[1]-vals[0])/step)+1), true
}

// tableScan is cost_seqscan, or cost_index with btcostestimate's
// numbers for an index scan.
func (c *coster) tableScan(v *TableScan) (Estimate, []int) {
	return c.tableScanLoops(v, 1)
}

// tableScanLoops is tableScan for a scan run loops times (the inner side
// of a nested loop), whose index scans find in the cache what the
// earlier runs read (cost_index's loop_count): the cost of one run.
func (c *coster) tableScanLoops(v *TableScan, loops float64) (Estimate, []int) {
	t := v.Table
	info := c.table(t)
	need := v.Output
	if need == nil {
		need = v.Need
	}
	if need == nil {
		need = v.Reads
	}
	ws := scanWidths(v.Level, v.Offset, t.Columns, need)
	for i := range t.Columns {
		if st := info.Stats[i]; st != nil && st.Width > 0 && v.Offset+i < len(ws) && ws[v.Offset+i] > 0 {
			ws[v.Offset+i] = int(st.Width)
		}
	}
	pages, tuples := math.Max(info.Pages, 0), math.Max(info.Tuples, 0)
	sel := c.selectivity(append(v.PredImplied[:len(v.PredImplied):len(v.PredImplied)], v.Quals...), []*TableScan{v})
	rows := clampRows(tuples * sel)
	perTuple := cpuTupleCost + qualCost(v.Quals)
	if v.Bitmap != nil {
		return c.bitmapHeapScan(v, info), ws
	}
	if v.Index == nil {
		return Estimate{Total: pages*seqPageCost + tuples*perTuple, Rows: rows}, ws
	}
	startup, total, indexTuples, isel := c.indexCost(v, v.Index, tuples, loops)
	// An index-only scan visits only the heap pages the visibility map
	// does not show all-visible.
	allVisFrac := 0.0
	if v.IndexOnly {
		allVisFrac = info.AllVisibleFrac
	}
	heap := heapIOCost(pages, indexTuples, isel, indexCorrelation(v.Index.Index, info.Stats), loops, allVisFrac)
	if rows < indexTuples {
		rows = clampRows(rows)
	} else {
		rows = indexTuples
	}
	// The conditions the index keys answer are not tested again on the
	// rows (cost_index's qpquals).
	var rest []expr.Expr
	for _, q := range v.Quals {
		if !keyQual(q, v.Index) {
			rest = append(rest, q)
		}
	}
	run := total - startup + heap + indexTuples*(cpuTupleCost+qualCost(rest))
	return Estimate{Startup: startup, Total: startup + run, Rows: rows}, ws
}

// indexCost is btcostestimate's cost of reading the entries of index
// path p of scan v's table of tuples rows (genericcostestimate with the
// descent's comparisons): startup and total, the entries read and the
// fraction of the table's rows they stand for.
func (c *coster) indexCost(v *TableScan, p *IndexPath, tuples, loops float64) (startup, total, indexTuples, isel float64) {
	t := v.Table
	// The index's share: its keys' selectivity of the index entries.
	_, isel = indexKeysOf(t, p)
	if v.RTE == nil || len(p.Keys) == 0 {
		isel = 1
	}
	scans := 1.0 // num_sa_scans: one descent per value of an "= ANY" key
	for _, k := range p.Keys {
		switch col := p.Index.Columns[k.Column]; {
		case k.Any:
			// Each value of an "= ANY" key is looked up (indexKeysOf
			// counts one).
			n := float64(len(k.List))
			if k.List == nil {
				n = arrayLength(k.Arg)
			}
			isel = math.Min(1, isel*n)
			scans *= n
		case k.Arg != nil && readsLevel(k.Arg) && col >= 0:
			// A join's key: one outer value at a time.
			isel = math.Min(isel, 1/c.distinctValues(&expr.Var{Index: v.Offset + col}, []*TableScan{v}, nil, tuples))
		}
	}
	indexTuples = clampRows(isel * tuples)
	if len(p.Keys) == 0 {
		indexTuples = math.Max(tuples, 1)
	}
	// The entries and pages of one descent.
	perScan := math.Max(1, math.Min(math.Round(indexTuples/scans), math.Max(tuples, 1)))
	ipages := math.Max(p.Index.Pages, 1)
	indexPages := 1.0
	if ipages > 1 && tuples > 1 {
		indexPages = math.Ceil(perScan * ipages / tuples)
	}
	io := indexPages * randomPageCost
	if scans > 1 || loops > 1 {
		// The descents of all the runs revisit pages (index_pages_fetched
		// with the index's pages as both the table and the cache),
		// shared among the runs (loop_count).
		io = pagesFetched(indexPages*scans*math.Max(loops, 1), ipages) * randomPageCost / math.Max(loops, 1)
	}
	// One page's worth of comparisons for each level descended
	// (btcostestimate's DEFAULT_PAGE_CPU_MULTIPLIER).
	descent := float64(p.Index.TreeHeight+1) * 50 * cpuOperatorCost
	if tuples > 1 {
		descent += math.Ceil(math.Log2(tuples)) * cpuOperatorCost
	}
	startup = descent
	total = scans*descent + io + perScan*scans*(cpuIndexTupleCost+cpuOperatorCost*float64(len(p.Keys)))
	return startup, total, indexTuples, isel
}

// heapIOCost is cost_index's cost of reading the heap pages an index
// scan fetching tuples rows (sel of the table's) visits: at random for
// an index uncorrelated with the rows' order (index_pages_fetched,
// Mackert and Lohman), in order for a perfectly correlated one, and in
// between by the square of the correlation. An index-only scan reads
// only the pages not all-visible, allVisFrac of them being so. The
// planner's choice and EXPLAIN use it alike.
func heapIOCost(pages, tuples, sel, correlation, loops, allVisFrac float64) float64 {
	notAllVisible := func(fetched float64) float64 { return math.Ceil(fetched * (1 - allVisFrac)) }
	if loops > 1 {
		// What all the runs read, shared among them.
		maxIO := notAllVisible(pagesFetched(tuples*loops, pages)) * randomPageCost / loops
		minIO := notAllVisible(pagesFetched(math.Ceil(sel*pages)*loops, pages)) * randomPageCost / loops
		return maxIO + correlation*correlation*(minIO-maxIO)
	}
	maxIO := notAllVisible(pagesFetched(tuples, pages)) * randomPageCost
	minIO := 0.0
	if p := notAllVisible(math.Ceil(sel * pages)); p > 0 {
		minIO = randomPageCost + (p-1)*seqPageCost
	}
	return maxIO + correlation*correlation*(minIO-maxIO)
}

// pagesFetched is index_pages_fetched: the distinct pages of a relation
// of pages pages that reading tuples rows at random touches (Mackert
// and Lohman, all of it fitting in the cache).
func pagesFetched(tuples, pages float64) float64 {
	T := math.Max(pages, 1)
	return math.Ceil(math.Min(2*T*tuples/(2*T+tuples), T))
}

// indexCorrelation is btcostestimate's index correlation: its first
// column's, times 0.75 for an index of several columns; 0 for an
// expression or without statistics.
func indexCorrelation(ti *TableIndex, stats map[int]*catalog.ColumnStats) float64 {
	if len(ti.Columns) == 0 || ti.Columns[0] < 0 {
		return 0
	}
	st := stats[ti.Columns[0]]
	if st == nil {
		return 0
	}
	if len(ti.Index.Keys) > 1 {
		return st.Correlation * 0.75
	}
	return st.Correlation
}

// sortCost is cost_sort's comparisons: N log2 N of them before the
// first row (log2 of twice the bound for a top-N sort).
func (c *coster) sortCost(in Estimate, width int, bound float64) (startup, run float64) {
	n := math.Max(in.Rows, 2)
	cmp := 2 * cpuOperatorCost
	startup = in.Total
	workMem := c.workMem
	if workMem <= 0 {
		workMem = defaultWorkMem
	}
	inputBytes := n * (maxAlign(float64(width)) + heapTupleHeader)
	outputBytes := inputBytes
	if bound > 0 && bound < n {
		outputBytes = bound * (maxAlign(float64(width)) + heapTupleHeader)
	}
	switch {
	case outputBytes > float64(workMem):
		// Sorted runs written and merged (cost_sort's disk-based
		// sort): each page written and read once per merge pass, 3/4 of
		// the accesses sequential.
		startup += cmp * n * math.Log2(n)
		pages := math.Ceil(inputBytes / 8192)
		runs := inputBytes / float64(workMem)
		order := mergeOrder(workMem)
		passes := 1.0
		if runs > order {
			passes = math.Ceil(math.Log(runs) / math.Log(order))
		}
		startup += 2 * pages * passes * (seqPageCost*0.75 + randomPageCost*0.25)
	case bound > 0 && (n > 2*bound || inputBytes > float64(workMem)):
		// A bounded heap keeps the first rows only.
		startup += cmp * n * math.Log2(2*bound)
	default:
		startup += cmp * n * math.Log2(n)
	}
	return startup, cpuOperatorCost * n
}

// incrementalSort is the estimate of incremental sort v over input in
// of rows width bytes wide, bound the rows wanted (0: all)
// (cost_incremental_sort): the input falls into as many runs as its
// presorted keys have distinct values, each sorted on its own, pessimistically
// half again as large as the average; the first run's sort and input
// come before the first row.
func (c *coster) incrementalSort(v *Sort, in Estimate, width int, bound float64) Estimate {
	tuples := math.Max(in.Rows, 2)
	var presorted []expr.Expr
	var below Node
	for _, k := range v.Keys[:v.Presorted] {
		e, n := outputExpr(v.Input, k.Target)
		if e == nil {
			presorted = nil
			break
		}
		presorted, below = append(presorted, e), n
	}
	groups := math.Min(tuples, defaultNumDistinct)
	if presorted != nil {
		groups, _ = c.groupCount(presorted, below, tuples)
	}
	groupTuples := tuples / groups
	groupInputRun := (in.Total - in.Startup) / groups
	groupStartup, groupRun := c.sortCost(Estimate{Rows: 1.5 * groupTuples}, width, bound)
	startup := groupStartup + in.Startup + groupInputRun
	run := groupRun + (groupRun+groupStartup)*(groups-1) + groupInputRun*(groups-1)
	// Telling where each run ends: a copy a row.
	run += cpuTupleCost * tuples
	run += 2 * cpuTupleCost * groups
	return Estimate{Startup: startup, Total: startup + run, Rows: in.Rows}
}

// mergeOrder is how many runs a merge pass reads at once in workMem
// bytes (tuplesort_merge_order): a tape buffer and a merge buffer for
// each, between 6 and 500.
func mergeOrder(workMem int64) float64 {
	order := math.Floor(float64(workMem) / (2*8192 + 32*8192))
	return math.Max(6, math.Min(order, 500))
}

func (c *coster) limit(v *Limit) (Estimate, []int) {
	in, ws := c.node(v.Input)
	count, hasCount := constRows(v.Count)
	offset, _ := constRows(v.Offset)
	rows := in.Rows
	e := in
	if sortNode, ok := v.Input.(*Sort); ok && hasCount {
		// A bounded sort keeps the first count+offset rows only.
		sin := c.out[sortNode.Input]
		if sortNode.Presorted > 0 {
			e = c.incrementalSort(sortNode, sin, sum(ws), float64(count+offset))
		} else {
			startup, run := c.sortCost(sin, sum(ws), float64(count+offset))
			e = Estimate{Startup: startup, Total: startup + run, Rows: in.Rows}
		}
		c.out[sortNode] = Estimate{Startup: e.Startup, Total: e.Total, Rows: e.Rows, Width: in.Width}
	}
	per := 0.0
	if rows > 0 {
		per = (e.Total - e.Startup) / rows
	}
	startup := e.Startup + per*float64(offset)
	out := rows - float64(offset)
	if hasCount {
		out = math.Min(out, float64(count))
	}
	out = math.Max(out, 1)
	return Estimate{Startup: startup, Total: startup + per*out, Rows: out}, ws
}

func (c *coster) nestLoop(v *NestLoop) (Estimate, []int) {
	o, ows := c.node(v.Outer)
	i, iws := c.node(v.Inner)
	ws := mergeWidths(ows, iws)
	var rest []expr.Expr
	if st, ok := v.Inner.(*TableScan); ok && v.Lateral && st.Index != nil {
		// The inner index scan runs again and again (get_loop_count:
		// as many times as the fewest rows of a relation its keys
		// read).
		loops := 0.0
		for _, s := range c.scans(v.Outer) {
			for _, k := range st.Index.Keys {
				if readsOnly(k.Arg, [][2]int{{s.Offset, s.Offset + len(s.Table.Columns)}}) {
					if e, _ := c.node(s); loops == 0 || e.Rows < loops {
						loops = e.Rows
					}
				}
			}
		}
		if loops > 1 {
			e, ws := c.tableScanLoops(st, loops)
			e.Rows, e.Width = math.Max(0, e.Rows), sum(ws)
			c.out[st], i = e, e
		}
	}
	if st, ok := v.Inner.(*TableScan); ok && v.Lateral && st.Index != nil {
		for _, q := range v.Quals {
			if !keyQual(q, st.Index) {
				rest = append(rest, q)
			}
		}
	} else {
		rest = v.Quals
	}
	if v.Type == JoinSemi || v.Type == JoinAnti {
		return c.semiNestLoop(v, o, i, ows, rest)
	}
	rows := v.Rows
	if rows == 0 {
		rows = clampRows(o.Rows * i.Rows * c.joinSelectivity(rest, v.Outer, v.Inner, o, i, v.OuterSegments, v.InnerSegments))
	}
	if v.Lateral && v.Memo != nil {
		// The first lookup runs the inner scan; later ones cost what
		// the cache saves of it (initial_cost_nestloop over a Memoize).
		first, rescan := c.memoize(v, i, sum(iws), ows)
		c.out[v.Memo] = first
		again := math.Max(o.Rows-1, 0)
		total := o.Total + first.Total + again*rescan.Total + o.Rows*i.Rows*(cpuTupleCost+qualCost(rest))
		return Estimate{Startup: o.Startup + first.Startup, Total: total, Rows: rows}, ws
	}
	if v.Lateral {
		total := o.Total + o.Rows*i.Total + o.Rows*i.Rows*(cpuTupleCost+qualCost(rest))
		return Estimate{Startup: o.Startup + i.Startup, Total: total, Rows: rows}, ws
	}
	// The inner rows are kept after the first pass (a Materialize,
	// cost_material), then read again for each outer row.
	mat := Estimate{Startup: i.Startup, Total: i.Total + 2*cpuOperatorCost*i.Rows, Rows: i.Rows, Width: sum(iws)}
	rescan := cpuOperatorCost * i.Rows
	total := o.Total + mat.Total + math.Max(o.Rows-1, 0)*rescan + o.Rows*i.Rows*(cpuTupleCost+qualCost(v.Quals))
	c.out[materializeKey{v}] = mat
	return Estimate{Startup: o.Startup + i.Startup, Total: total, Rows: rows}, ws
}

// materializeKey keys the estimate of the Materialize EXPLAIN shows over
// a nested loop's kept inner side.
type materializeKey struct{ n *NestLoop }

func (materializeKey) Width() int { return 0 }

// MaterializeOf is the key of the estimate of the kept inner side of a
// nested loop (EXPLAIN's Materialize).
func MaterializeOf(n *NestLoop) Node { return materializeKey{n} }

// keyQual reports whether q gave one of an index path's keys.
func keyQual(q expr.Expr, p *IndexPath) bool {
	if nt, ok := q.(*expr.NullTest); ok {
		for _, k := range p.Keys {
			if k.Null == nt {
				return true
			}
		}
		return false
	}
	f, ok := q.(*expr.FuncExpr)
	if !ok || len(f.Args) != 2 {
		return false
	}
	for _, k := range p.Keys {
		if f.Args[0] == k.Arg || f.Args[1] == k.Arg {
			return true
		}
	}
	return false
}

func (c *coster) hashJoin(v *HashJoin) (Estimate, []int) {
	if v.Type == JoinSemi || v.Type == JoinAnti {
		return c.semiHashJoin(v)
	}
	o, ows := c.node(v.Outer)
	i, iws := c.node(v.Inner)
	ws := mergeWidths(ows, iws)
	sel := 1.0
	for k := range v.OuterKeys {
		sel *= c.eqJoinSelectivity(v.OuterKeys[k], v.InnerKeys[k], v.Outer, v.Inner, o, i)
	}
	sel *= c.joinSelectivity(v.Quals, v.Outer, v.Inner, o, i, v.OuterSegments, v.InnerSegments)
	// The matched pairs are what the conditions are tested on
	// (approx_tuple_count); an outer join adds its unmatched rows.
	matched := clampRows(o.Rows * i.Rows * sel)
	rows := matched
	if v.Rows > 0 {
		rows = v.Rows
	}
	switch v.Type {
	case JoinLeft:
		rows = math.Max(rows, o.Rows)
	case JoinFull:
		rows = math.Max(rows, o.Rows+i.Rows)
	}
	nkeys := float64(len(v.OuterKeys))
	hashQual := hashQualCost(v)
	// Building the table: hash every inner row; probing: hash every
	// outer row, compare the matches, emit the rows. Each outer row is
	// compared with the rows of its bucket, half of them on average
	// (final_cost_hashjoin).
	startup, bucket := c.hashBuild(v, o, i)
	run := (o.Total - o.Startup) + cpuOperatorCost*nkeys*o.Rows + matched*(cpuTupleCost+qualCost(v.Quals)) +
		hashQual*o.Rows*clampRows(i.Rows*bucket)*0.5
	buckets, batches := hashTableSize(i.Rows, i.Width, v.HashMem)
	if v.InnerUnique {
		// An outer row is done with at its first match. PostgreSQL's
		// semi-join factors for an inner join take the join's own
		// selectivity as the fraction of outer rows that match
		// (compute_semi_anti_join_factors with the inner join's
		// SpecialJoinInfo), and every inner row as one row's matches.
		outerMatched := math.RoundToEven(o.Rows * sel)
		scanFrac := 2 / (math.Max(1, i.Rows) + 1)
		if v.MatchFrac > 0 {
			outerMatched = math.RoundToEven(o.Rows * v.MatchFrac)
			scanFrac = 2 / (v.MatchCount + 1)
		}
		run = (o.Total - o.Startup) + cpuOperatorCost*nkeys*o.Rows +
			hashQual*outerMatched*clampRows(i.Rows*bucket*scanFrac)*0.5 +
			hashQual*(o.Rows-outerMatched)*clampRows(i.Rows/(buckets*batches))*0.05 +
			outerMatched*(cpuTupleCost+qualCost(v.Quals))
	}
	if batches > 1 {
		// Both sides written to batch files and read back
		// (initial_cost_hashjoin).
		innerPages, outerPages := pageCount(i.Rows, i.Width), pageCount(o.Rows, o.Width)
		startup += seqPageCost * innerPages
		run += seqPageCost * (innerPages + 2*outerPages)
	}
	c.out[hashKey{v}] = Estimate{Startup: i.Total, Total: i.Total, Rows: i.Rows, Width: sum(iws)}
	return Estimate{Startup: startup, Total: startup + run, Rows: rows}, ws
}

// hashBuild is a hash join's startup cost (its outer side's startup,
// its inner side read and every row hashed) and the fraction of the
// inner rows one bucket holds (the smallest of its keys').
func (c *coster) hashBuild(v *HashJoin, o, i Estimate) (startup, bucket float64) {
	nkeys := float64(len(v.OuterKeys))
	startup = o.Startup + i.Total + (cpuOperatorCost*nkeys+cpuTupleCost)*i.Rows
	bucket = 1.0
	for _, k := range v.InnerKeys {
		bucket = math.Min(bucket, c.bucketFraction(k, v.Inner, i.Rows))
	}
	return startup, bucket
}

// hashQualCost is what testing a hash join's key equalities once costs
// (cost_qual_eval of its hash clauses): each equality and the
// expressions of its two sides.
func hashQualCost(v *HashJoin) float64 {
	c := 0.0
	for k := range v.OuterKeys {
		c += (1 + Cost(v.OuterKeys[k]) + Cost(v.InnerKeys[k])) * cpuOperatorCost
	}
	return c
}

// hashKey keys the estimate of the Hash node EXPLAIN shows over a hash
// join's inner side.
type hashKey struct{ n *HashJoin }

func (hashKey) Width() int { return 0 }

// HashOf is the key of the estimate of a hash join's Hash node.
func HashOf(n *HashJoin) Node { return hashKey{n} }

func (c *coster) agg(v *Agg) (Estimate, []int) {
	c.subplans(v.GroupBy...)
	in, iws := c.node(v.Input)
	ws := make([]int, 0, len(v.GroupBy)+len(v.Aggs)+len(v.Groupings))
	for _, g := range v.GroupBy {
		ws = append(ws, exprWidth(g, iws))
	}
	for _, a := range v.Aggs {
		ws = append(ws, exprWidth(a, iws))
	}
	for range v.Groupings {
		ws = append(ws, 4)
	}
	// An aggregate written twice (in the target list and HAVING) is
	// computed once, as PostgreSQL shares equal Aggrefs' states.
	distinct := 0
	for i, a := range v.Aggs {
		dup := false
		for _, b := range v.Aggs[:i] {
			dup = dup || ExprEqual(a, b)
		}
		if !dup {
			distinct++
		}
	}
	aggCost := cpuOperatorCost * float64(distinct) * in.Rows
	if len(v.GroupBy) == 0 {
		startup := in.Total + aggCost
		return Estimate{Startup: startup, Total: startup + cpuTupleCost, Rows: 1}, ws
	}
	keys := v.GroupBy
	if v.Dependent != nil {
		keys = nil
		for i, g := range v.GroupBy {
			if !v.Dependent[i] {
				keys = append(keys, g)
			}
		}
	}
	groups, _ := c.groupCount(keys, v.Input, in.Rows)
	groups = clampRows(groups)
	keyCost := cpuOperatorCost * float64(len(keys)) * in.Rows
	if v.Sorted {
		// Rows come out as their groups end (AGG_SORTED).
		total := in.Total + aggCost + keyCost + groups*cpuTupleCost
		return Estimate{Startup: in.Startup, Total: total, Rows: groups}, ws
	}
	startup := in.Total + aggCost + keyCost
	total := startup + groups*cpuTupleCost
	spillStartup, spillTotal := hashAggSpillCost(len(v.Aggs), groups, in.Rows, sum(iws), v.HashMem)
	return Estimate{Startup: startup + spillStartup, Total: total + spillTotal, Rows: groups}, ws
}

// PostgreSQL's memory sizes that hashed aggregation's costs reckon with
// (a 64-bit build): a hash table entry, an allocation chunk's header, a
// minimal tuple's header, an aggregate's per-group state; and the
// buffers of its spill files.
const (
	tupleHashEntryBytes   = 24
	chunkHeaderBytes      = 16
	minimalTupleHeader    = 16
	perGroupStateBytes    = 16
	hashAggBufferBytes    = 8192
	hashAggMinPartitions  = 4
	hashAggMaxPartitions  = 1024
	hashAggPartitionRatio = 1.5
)

// hashAggSpillCost is what writing and reading back the groups that do
// not fit in hash_mem adds to a hashed aggregation's startup and total
// costs (cost_agg's disk costs, with hash_agg_entry_size and
// hash_agg_set_limits): nothing when they fit.
func hashAggSpillCost(numAggs int, groups, inputRows float64, inputWidth int, hashMem int64) (startup, total float64) {
	if hashMem <= 0 {
		hashMem = defaultHashMem
	}
	mem := float64(hashMem)
	entry := float64(tupleHashEntryBytes + chunkHeaderBytes + minimalTupleHeader + inputWidth)
	if numAggs > 0 {
		entry += chunkHeaderBytes + perGroupStateBytes*float64(numAggs)
	}
	memLimit, groupsLimit, partitions := mem, math.Floor(mem/entry), 0.0
	if groups*entry > mem {
		// hash_choose_num_partitions, then the memory left beside the
		// partitions' buffers.
		wanted := hashAggPartitionRatio * groups * entry
		n := 1 + math.Floor(wanted/mem)
		if n*hashAggBufferBytes > mem/4 {
			n = math.Floor(mem / 4 / hashAggBufferBytes)
		}
		n = math.Max(hashAggMinPartitions, math.Min(n, hashAggMaxPartitions))
		partitions = math.Pow(2, math.Ceil(math.Log2(n)))
		partitionMem := float64(hashAggBufferBytes) + hashAggBufferBytes*partitions
		if mem > 4*partitionMem {
			memLimit = mem - partitionMem
		} else {
			memLimit = mem * 0.75
		}
		groupsLimit = 1
		if memLimit > entry {
			groupsLimit = math.Floor(memLimit / entry)
		}
	}
	batches := math.Max(math.Ceil(math.Max(groups*entry/memLimit, groups/groupsLimit)), 1)
	partitions = math.Max(partitions, 2)
	depth := math.Ceil(math.Log(batches) / math.Log(partitions))
	if depth <= 0 {
		return 0, 0
	}
	pages := inputRows * (maxAlign(float64(inputWidth)) + heapTupleHeader) / 8192
	written, read := pages*depth*2, pages*depth*2
	spill := depth * inputRows * 2 * cpuTupleCost
	startup = written*randomPageCost + spill
	total = written*randomPageCost + read*seqPageCost + spill
	return startup, total
}

// windowSortKey keys the estimate of the Sort EXPLAIN shows below a
// WindowAgg, which sorts its input itself.
type windowSortKey struct{ n *WindowAgg }

func (windowSortKey) Width() int { return 0 }

// WindowSortOf is the key of the estimate of a WindowAgg's sort.
func WindowSortOf(n *WindowAgg) Node { return windowSortKey{n} }

// joinSelectivity is the fraction of the pairs of outer and inner rows
// that pass a join's conditions: an equality between an expression of
// each side is eqjoinsel's, the others are clauselist_selectivity's over
// both sides' scans.
func (c *coster) joinSelectivity(quals []expr.Expr, outer, inner Node, o, i Estimate, oseg, iseg [][2]int) float64 {
	sel := 1.0
	var rest []expr.Expr
	for _, q := range quals {
		f, ok := q.(*expr.FuncExpr)
		if ok && f.Op != nil && f.Op.Name == "=" && len(f.Args) == 2 && !hasVolatile(f) {
			l, r := f.Args[0], f.Args[1]
			if readsOnly(l, oseg) && readsOnly(r, iseg) {
				sel *= c.eqJoinSelectivity(l, r, outer, inner, o, i)
				continue
			}
			if readsOnly(r, oseg) && readsOnly(l, iseg) {
				sel *= c.eqJoinSelectivity(r, l, outer, inner, o, i)
				continue
			}
		}
		rest = append(rest, q)
	}
	if len(rest) > 0 {
		sel *= c.selectivity(rest, append(append([]*TableScan(nil), c.scans(outer)...), c.scans(inner)...))
	}
	return sel
}

// readsOnly reports whether e reads some column of its level, all of
// them in segs.
func readsOnly(e expr.Expr, segs [][2]int) bool {
	some, other := false, false
	walkVars(e, 0, func(v *expr.Var) {
		in := false
		for _, s := range segs {
			in = in || v.Index >= s[0] && v.Index < s[1]
		}
		some, other = some || in, other || !in
	})
	return some && !other
}

// eqJoinSelectivity is eqjoinsel_inner's selectivity of "l = r", l over
// the outer side's rows and r over the inner's: from the two columns'
// most common values when both have them (the matching values' shares,
// the others spread over the distinct values left), else one over the
// larger number of distinct values, the NULLs of either side never
// matching.
func (c *coster) eqJoinSelectivity(l, r expr.Expr, outer, inner Node, o, i Estimate) float64 {
	nd1, _ := c.joinDistinct(l, c.scans(outer), c.subqueries(outer), o.Rows)
	nd2, _ := c.joinDistinct(r, c.scans(inner), c.subqueries(inner), i.Rows)
	nd1, nd2 = math.Max(nd1, 1), math.Max(nd2, 1)
	st1, st2 := c.exprStats(l, c.scans(outer)), c.exprStats(r, c.scans(inner))
	var nf1, nf2 float64
	if st1 != nil {
		nf1 = st1.NullFrac
	}
	if st2 != nil {
		nf2 = st2.NullFrac
	}
	typ := types.DomainBase(l.Type())
	if st1 == nil || st2 == nil || len(st1.MCV) == 0 || len(st2.MCV) == 0 || typ != types.DomainBase(r.Type()) {
		return (1 - nf1) * (1 - nf2) / math.Max(nd1, nd2)
	}
	n1, n2 := min(len(st1.MCV), len(st1.MCVFreqs)), min(len(st2.MCV), len(st2.MCVFreqs))
	match1, match2 := make([]bool, n1), make([]bool, n2)
	matchProd, matches := 0.0, 0
	for a := 0; a < n1; a++ {
		for b := 0; b < n2; b++ {
			if !match2[b] && types.Compare(typ, st1.MCV[a], st2.MCV[b]) == 0 {
				match1[a], match2[b] = true, true
				matchProd += st1.MCVFreqs[a] * st2.MCVFreqs[b]
				matches++
				break
			}
		}
	}
	matchProd = clampProbability(matchProd)
	shares := func(freqs []float64, matched []bool) (m, u float64) {
		for k, hit := range matched {
			if hit {
				m += freqs[k]
			} else {
				u += freqs[k]
			}
		}
		return clampProbability(m), clampProbability(u)
	}
	matchFreq1, unmatchFreq1 := shares(st1.MCVFreqs, match1)
	matchFreq2, unmatchFreq2 := shares(st2.MCVFreqs, match2)
	other1 := clampProbability(1 - nf1 - matchFreq1 - unmatchFreq1)
	other2 := clampProbability(1 - nf2 - matchFreq2 - unmatchFreq2)
	// The estimate from each side's point of view; the smaller holds.
	total1, total2 := matchProd, matchProd
	if nd2 > float64(n2) {
		total1 += unmatchFreq1 * other2 / (nd2 - float64(n2))
	}
	if nd2 > float64(matches) {
		total1 += other1 * (other2 + unmatchFreq2) / (nd2 - float64(matches))
	}
	if nd1 > float64(n1) {
		total2 += unmatchFreq2 * other1 / (nd1 - float64(n1))
	}
	if nd1 > float64(matches) {
		total2 += other2 * (other1 + unmatchFreq1) / (nd1 - float64(matches))
	}
	return math.Min(total1, total2)
}

// exprStats are the statistics of the table column e is (through a
// binary-compatible relabeling), nil for anything else.
func (c *coster) exprStats(e expr.Expr, scans []*TableScan) *catalog.ColumnStats {
	if rl, ok := e.(*expr.RelabelType); ok {
		e = rl.Arg
	}
	v, ok := e.(*expr.Var)
	if !ok {
		return indexExprStats(e, scans)
	}
	if v.LevelsUp != 0 {
		return nil
	}
	st, _ := c.columnStats(v, scans)
	return st
}

// indexExprStats are the statistics of an index expression of one of
// the scans' tables that e is (examine_variable's search of the
// indexes), nil when none matches or has statistics.
func indexExprStats(e expr.Expr, scans []*TableScan) *catalog.ColumnStats {
	if _, ok := e.(*expr.Var); ok {
		return nil
	}
	for _, s := range scans {
		if s.Table == nil {
			continue
		}
		for _, ti := range s.Table.Indexes {
			for k, st := range ti.ExprStats {
				if ExprEqualShifted(e, ti.Exprs[k], s.Offset) {
					return st
				}
			}
		}
	}
	return nil
}

// clampProbability is CLAMP_PROBABILITY.
func clampProbability(p float64) float64 {
	return math.Min(1, math.Max(0, p))
}

// bucketFraction is estimate_hash_bucket_stats: the fraction of a hash
// table of rows rows that the bucket of one key value of key holds: one
// over its distinct values in the rows (or over the buckets, when fewer),
// more for a skewed column; a tenth when the distinct values are not
// known.
func (c *coster) bucketFraction(key expr.Expr, inner Node, rows float64) float64 {
	// ExecChooseHashTableSize's buckets for a table in memory.
	buckets := math.Max(1024, math.Exp2(math.Ceil(math.Log2(math.Max(rows, 1)))))
	if rl, ok := key.(*expr.RelabelType); ok {
		key = rl.Arg
	}
	v, ok := key.(*expr.Var)
	var scan *TableScan
	if ok && v.LevelsUp == 0 {
		for _, s := range c.scans(inner) {
			if s.Table != nil && v.Index >= s.Offset && v.Index < s.Offset+len(s.Table.Columns) {
				scan = s
			}
		}
	}
	if scan == nil {
		return math.Max(0.1, 1/buckets)
	}
	col := v.Index - scan.Offset
	info := c.table(scan.Table)
	st := info.Stats[col]
	nd, nullFrac, mcvFreq := 0.0, 0.0, 0.0
	if st != nil {
		nd, nullFrac = distinctOf(st, info.Tuples), st.NullFrac
		if len(st.MCVFreqs) > 0 {
			mcvFreq = st.MCVFreqs[0]
		}
	}
	if nd <= 0 {
		for _, ti := range scan.Table.Indexes {
			if ti.Unique && len(ti.Index.Keys) == 1 && ti.Columns[0] == col {
				nd = math.Max(1, info.Tuples)
			}
		}
	}
	if nd <= 0 && info.Tuples > 0 && info.Tuples < defaultNumDistinct {
		nd = clampRows(info.Tuples)
	}
	if nd <= 0 {
		return math.Max(0.1, 1/buckets)
	}
	avgFreq := (1 - nullFrac) / nd
	// The distinct values left by the scan's own conditions.
	if info.Tuples > 0 {
		e, _ := c.node(scan)
		nd = clampRows(nd * e.Rows / info.Tuples)
	}
	frac := 1 / nd
	if nd > buckets {
		frac = 1 / buckets
	}
	if avgFreq > 0 && mcvFreq > avgFreq {
		frac *= mcvFreq / avgFreq
	}
	return math.Min(1, math.Max(1e-6, frac))
}

// mergeJoin is initial_cost_mergejoin and final_cost_mergejoin: each
// side is read only over the key range the other can match (the
// fractions mergeScanSelectivity estimates from the first key's
// histograms), the inner rows from a repeated key read again.
func (c *coster) mergeJoin(v *MergeJoin) (Estimate, []int) {
	o, ows := c.node(v.Outer)
	inner := v.Inner
	mat, materialized := inner.(*Materialize)
	if materialized {
		inner = mat.Input
	}
	i, iws := c.node(inner)
	if materialized {
		c.node(mat)
	}
	mc := c.mergeJoinCosts(v, inner, o, i)
	run := mc.run + mc.bareInner
	if materialized {
		run = mc.run + mc.matInner
	}
	if v.Type == JoinSemi || v.Type == JoinAnti {
		okeys, ikeys := make([]expr.Expr, len(v.OuterKeys)), make([]expr.Expr, len(v.InnerKeys))
		for k := range v.OuterKeys {
			okeys[k], ikeys[k] = v.OuterKeys[k], v.InnerKeys[k]
		}
		rows := v.Rows
		if rows == 0 {
			matchFrac, _ := c.semiFactors(okeys, ikeys, v.Quals, v.Outer, inner, o, i, v.OuterSegments, v.InnerSegments)
			rows = semiRows(v.Type, o.Rows, matchFrac)
		}
		return Estimate{Startup: mc.startup, Total: mc.startup + run, Rows: rows}, ows
	}
	rows := v.Rows
	if rows == 0 {
		rows = clampRows(mc.matched * c.joinSelectivity(v.Quals, v.Outer, inner, o, i, v.OuterSegments, v.InnerSegments))
	}
	switch v.Type {
	case JoinLeft:
		rows = math.Max(rows, o.Rows)
	case JoinRight:
		rows = math.Max(rows, i.Rows)
	case JoinFull:
		rows = math.Max(rows, math.Max(o.Rows, i.Rows))
	}
	return Estimate{Startup: mc.startup, Total: mc.startup + run, Rows: rows}, mergeWidths(ows, iws)
}

// mergeCosts are a merge join's costs but its inner side's reading:
// that costs bareInner read again from marks, matInner kept by a
// Materialize. matched are the pairs of equal keys.
type mergeCosts struct {
	startup, run, bareInner, matInner, matched float64
}

// mergeJoinCosts computes a merge join's costs over outer and inner
// (its inner side without a Materialize) estimated o and i.
func (c *coster) mergeJoinCosts(v *MergeJoin, inner Node, o, i Estimate) mergeCosts {
	outerRows, innerRows := o.Rows, i.Rows
	if outerRows <= 0 || math.IsNaN(outerRows) {
		outerRows = 1
	}
	if innerRows <= 0 || math.IsNaN(innerRows) {
		innerRows = 1
	}
	outerStart, outerEnd, innerStart, innerEnd := 0.0, 1.0, 0.0, 1.0
	if len(v.OuterKeys) > 0 && v.Type != JoinFull {
		outerStart, outerEnd, innerStart, innerEnd = c.mergeScanSelectivity(v.OuterKeys[0], v.InnerKeys[0], v.Outer, inner)
		switch v.Type {
		case JoinLeft, JoinAnti:
			outerStart, outerEnd = 0, 1
		case JoinRight:
			innerStart, innerEnd = 0, 1
		}
	}
	outerSkip, innerSkip := math.RoundToEven(outerRows*outerStart), math.RoundToEven(innerRows*innerStart)
	outerScanned, innerScanned := clampRows(outerRows*outerEnd), clampRows(innerRows*innerEnd)
	outerSkip, innerSkip = math.Min(outerSkip, outerScanned), math.Min(innerSkip, innerScanned)
	outerStart, outerEnd = outerSkip/outerRows, outerScanned/outerRows
	innerStart, innerEnd = innerSkip/innerRows, innerScanned/innerRows

	var mc mergeCosts
	mc.startup = o.Startup + (o.Total-o.Startup)*outerStart + i.Startup + (i.Total-i.Startup)*innerStart
	mc.run = (o.Total - o.Startup) * (outerEnd - outerStart)
	innerRun := (i.Total - i.Startup) * (innerEnd - innerStart)

	// The pairs of equal keys (approx_tuple_count), of which those past
	// the inner rows are re-reads.
	sel := 1.0
	for k := range v.OuterKeys {
		sel *= c.eqJoinSelectivity(v.OuterKeys[k], v.InnerKeys[k], v.Outer, inner, o, i)
	}
	mc.matched = clampRows(o.Rows * i.Rows * sel)
	rescanned := math.Max(mc.matched-innerRows, 0)
	if skipMarkRestore(v) {
		rescanned = 0
	}
	ratio := 1 + rescanned/innerScanned
	mc.bareInner = innerRun * ratio
	mc.matInner = innerRun + cpuOperatorCost*innerScanned*ratio

	mergeQual := qualCost(v.Clauses)
	mc.startup += mergeQual * (outerSkip + innerSkip*ratio)
	mc.run += mergeQual * ((outerScanned - outerSkip) + (innerScanned-innerSkip)*ratio)
	mc.run += (cpuTupleCost + qualCost(v.Quals)) * mc.matched
	return mc
}

// materializeMergeInner is final_cost_mergejoin's choice of keeping a
// merge join's inner rows in a Materialize: when that is cheaper than
// reading them again (enable_material on), when the inner side cannot
// go back to a mark, or when its sort would outgrow work_mem.
func (c *coster) materializeMergeInner(v *MergeJoin, opts PlannerOptions) bool {
	o, _ := c.node(v.Outer)
	i, _ := c.node(v.Inner)
	mc := c.mergeJoinCosts(v, v.Inner, o, i)
	workMem := opts.WorkMem
	if workMem <= 0 {
		workMem = 4 << 20
	}
	_, sorted := v.Inner.(*Sort)
	switch {
	case skipMarkRestore(v):
		return false
	case !opts.NoMaterial && mc.matInner < mc.bareInner:
		return true
	case !sorted && !marksRestores(v.Inner):
		return true
	case !opts.NoMaterial && sorted && relationBytes(i.Rows, i.Width) > float64(workMem):
		return true
	}
	return false
}

// mergeScanSelectivity is mergejoinscansel for ascending keys, NULLs
// last: the fractions of the outer and inner rows that come before the
// first possible match (start) and up to the last one (end), from the
// keys' value ranges; 0 and 1 when either range is unknown.
func (c *coster) mergeScanSelectivity(ov, iv *expr.Var, outer, inner Node) (outerStart, outerEnd, innerStart, innerEnd float64) {
	ost, ist := c.exprStats(ov, c.scans(outer)), c.exprStats(iv, c.scans(inner))
	otyp, ityp := types.DomainBase(ov.Type()), types.DomainBase(iv.Type())
	omin, omax, ok1 := variableRange(ost, otyp)
	imin, imax, ok2 := variableRange(ist, ityp)
	if !ok1 || !ok2 {
		return 0, 1, 0, 1
	}
	konst := func(typ uint32, d types.Datum) expr.Expr { return &expr.Const{Typ: typ, Value: d} }
	outerEnd = ineqSelectivity(ost, otyp, nbtree.LessEqual, konst(ityp, imax))
	innerEnd = ineqSelectivity(ist, ityp, nbtree.LessEqual, konst(otyp, omax))
	outerStart = ineqSelectivity(ost, otyp, nbtree.Less, konst(ityp, imin))
	innerStart = ineqSelectivity(ist, ityp, nbtree.Less, konst(otyp, omin))
	// One side only stops early, and one only starts late: the
	// stronger estimate holds.
	switch {
	case outerEnd > innerEnd:
		outerEnd = 1
	case outerEnd < innerEnd:
		innerEnd = 1
	default:
		outerEnd, innerEnd = 1, 1
	}
	switch {
	case outerStart < innerStart:
		outerStart = 0
	case outerStart > innerStart:
		innerStart = 0
	default:
		outerStart, innerStart = 0, 0
	}
	return clampProbability(outerStart), clampProbability(outerEnd), clampProbability(innerStart), clampProbability(innerEnd)
}

// variableRange is get_variable_range: a column's smallest and largest
// values by its histogram's ends and its most common values.
func variableRange(st *catalog.ColumnStats, typ uint32) (lo, hi types.Datum, ok bool) {
	if st == nil {
		return lo, hi, false
	}
	take := func(d types.Datum) {
		if d.IsNull() {
			return
		}
		if !ok {
			lo, hi, ok = d, d, true
			return
		}
		if types.Compare(typ, d, lo) < 0 {
			lo = d
		}
		if types.Compare(typ, d, hi) > 0 {
			hi = d
		}
	}
	if h := st.Histogram; len(h) >= 2 {
		take(h[0])
		take(h[len(h)-1])
	}
	for _, m := range st.MCV {
		take(m)
	}
	return lo, hi, ok
}

// relationBytes is relation_byte_size: rows of width bytes each as
// tuples in memory, header and alignment included.
func relationBytes(rows float64, width int) float64 {
	const tupleHeader = 24 // MAXALIGN(SizeofHeapTupleHeader)
	return rows * float64((width+7)&^7+tupleHeader)
}

// skipMarkRestore is PostgreSQL's skip_mark_restore: a unique inner side
// and no condition besides the merge clauses, so that an outer row is
// done with at its first match and no inner row is read again.
func skipMarkRestore(v *MergeJoin) bool {
	return (v.InnerUnique || v.Type == JoinSemi || v.Type == JoinAnti) && len(v.Quals) == 0
}

// pageCount is page_size: the pages rows of width bytes fill.
func pageCount(rows float64, width int) float64 {
	return math.Ceil(relationBytes(rows, width) / 8192)
}

// hashBatches is ExecChooseHashTableSize's number of batches of a hash
// join's table of rows rows of width bytes, within hashMem bytes
// (work_mem × hash_mem_multiplier; 0: their defaults, 4MB × 2): the
// table with its bucket array, less the share kept for the most common
// values (skew), split in a power of two of batches that each fit.
func hashBatches(rows float64, width int, hashMem int64) float64 {
	_, batches := hashTableSize(rows, width, hashMem)
	return batches
}

// hashTableSize is ExecChooseHashTableSize: the buckets and batches of a
// hash join's table (hashBatches).
func hashTableSize(rows float64, width int, hashMem int64) (buckets, batches float64) {
	const (
		tupleOverhead = 16 + 16 // HJTUPLE_OVERHEAD, MAXALIGN(SizeofMinimalTupleHeader)
		pointer       = 8
	)
	if hashMem <= 0 {
		hashMem = 2 * (4 << 20)
	}
	if rows <= 0 {
		rows = 1000 // a plausible size when none is known
	}
	tupSize := float64(tupleOverhead + (width+7)&^7)
	innerBytes := rows * tupSize
	tableBytes := float64(hashMem)
	// The skew table's share (SKEW_HASH_MEM_PERCENT), taken when one
	// most common value's bucket fits in it.
	skewBytes := tableBytes * 2 / 100
	if math.Floor(skewBytes/(tupSize+8+pointer+4+32)) > 0 {
		tableBytes -= skewBytes
	}
	maxPointers := math.Min(tableBytes/pointer, float64((1<<30)-1)/pointer)
	maxPointers = math.Min(prevPowerOf2(maxPointers), maxPointers)
	buckets = math.Max(math.Min(math.Ceil(rows), maxPointers), 1024)
	buckets = nextPowerOf2(buckets)
	bucketBytes := buckets * pointer
	if innerBytes+bucketBytes <= tableBytes {
		return buckets, 1
	}
	bucketSize := tupSize + pointer
	buckets = math.Min(prevPowerOf2(tableBytes/bucketSize), maxPointers)
	bucketBytes = buckets * pointer
	batches = math.Min(math.Ceil(innerBytes/(tableBytes-bucketBytes)), maxPointers)
	return buckets, nextPowerOf2(math.Max(2, batches))
}

// prevPowerOf2 and nextPowerOf2 round n down and up to a power of two.
func prevPowerOf2(n float64) float64 {
	if n < 1 {
		return 1
	}
	return math.Exp2(math.Floor(math.Log2(n)))
}

func nextPowerOf2(n float64) float64 {
	if n <= 1 {
		return 1
	}
	return math.Exp2(math.Ceil(math.Log2(n)))
}
