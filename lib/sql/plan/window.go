// This file plans window functions (PostgreSQL's WindowAgg): each window
// clause that window functions use becomes a WindowAgg node above the
// grouping (or the joins), which appends the functions' values to its
// input rows; the target list then reads them as Vars.

package plan

import "github.com/gpostgres/gpostgres/lib/sql/expr"

// Frame option bits of a window clause, as PostgreSQL's parser sets them
// (FRAMEOPTION_*; pg_query reports them unchanged).
const (
	FrameNonDefault              int32 = 0x00001
	FrameRange                   int32 = 0x00002
	FrameRows                    int32 = 0x00004
	FrameGroups                  int32 = 0x00008
	FrameBetween                 int32 = 0x00010
	FrameStartUnboundedPreceding int32 = 0x00020
	FrameEndUnboundedPreceding   int32 = 0x00040
	FrameStartUnboundedFollowing int32 = 0x00080
	FrameEndUnboundedFollowing   int32 = 0x00100
	FrameStartCurrentRow         int32 = 0x00200
	FrameEndCurrentRow           int32 = 0x00400
	FrameStartOffsetPreceding    int32 = 0x00800
	FrameEndOffsetPreceding      int32 = 0x01000
	FrameStartOffsetFollowing    int32 = 0x02000
	FrameEndOffsetFollowing      int32 = 0x04000
	FrameExcludeCurrentRow       int32 = 0x08000
	FrameExcludeGroup            int32 = 0x10000
	FrameExcludeTies             int32 = 0x20000

	FrameStartOffset = FrameStartOffsetPreceding | FrameStartOffsetFollowing
	FrameEndOffset   = FrameEndOffsetPreceding | FrameEndOffsetFollowing
	FrameExclusion   = FrameExcludeCurrentRow | FrameExcludeGroup | FrameExcludeTies
	// FrameDefaults is the frame without a frame clause: RANGE BETWEEN
	// UNBOUNDED PRECEDING AND CURRENT ROW.
	FrameDefaults = FrameRange | FrameStartUnboundedPreceding | FrameEndCurrentRow
)

// WindowSortKey is one ORDER BY item of a window.
type WindowSortKey struct {
	Expr       expr.Expr
	Desc       bool
	NullsFirst bool
}

// WindowClause is an analyzed window definition: a WINDOW clause entry
// or an OVER clause.
type WindowClause struct {
	Name string // "" for an OVER clause
	// Refname is the window this one copies (OVER (w ...), WINDOW x AS
	// (w ...)), CopiedOrder set when its ORDER BY is w's; both are for
	// printing the query back.
	Refname     string
	CopiedOrder bool
	PartitionBy []expr.Expr
	OrderBy     []WindowSortKey
	Frame       int32 // Frame* bits
	// StartOffset and EndOffset are the frame offsets (nil when the
	// bound has none): bigint for ROWS and GROUPS; for RANGE the offset
	// type of the in_range function chosen for the ORDER BY column.
	StartOffset, EndOffset expr.Expr
}

func (w *WindowClause) walk(f func(expr.Expr)) {
	for _, e := range w.PartitionBy {
		f(e)
	}
	for _, k := range w.OrderBy {
		f(k.Expr)
	}
	if w.StartOffset != nil {
		f(w.StartOffset)
	}
	if w.EndOffset != nil {
		f(w.EndOffset)
	}
}

// Map applies f to each expression of the clause.
func (w *WindowClause) Map(f func(expr.Expr) expr.Expr) {
	for i, e := range w.PartitionBy {
		w.PartitionBy[i] = f(e)
	}
	for i, k := range w.OrderBy {
		w.OrderBy[i].Expr = f(k.Expr)
	}
	if w.StartOffset != nil {
		w.StartOffset = f(w.StartOffset)
	}
	if w.EndOffset != nil {
		w.EndOffset = f(w.EndOffset)
	}
}

// WindowAgg computes window functions over its input: it sorts the rows
// on the window's partition and order keys, buffers one partition at a
// time and emits each row followed by the values of Funcs for it. The
// expressions of Window and Funcs read the input row.
type WindowAgg struct {
	Input  Node
	Window *WindowClause
	Funcs  []*expr.WindowFunc
	// Types are the types of the input row's values, for writing a
	// partition's rows to a temporary file.
	Types []uint32
}

// Width is the input's width plus one value per function.
func (n *WindowAgg) Width() int { return n.Input.Width() + len(n.Funcs) }

// buildWindows adds a WindowAgg for each window the target list's window
// functions use and rewrites the target list to read their values.
func buildWindows(q *Query, n Node) Node {
	byWindow := map[int][]*expr.WindowFunc{}
	var order []int
	seen := map[*expr.WindowFunc]bool{}
	for _, t := range q.Targets {
		Walk(t.Expr, func(e expr.Expr) bool {
			if wf, ok := e.(*expr.WindowFunc); ok {
				if !seen[wf] {
					seen[wf] = true
					if _, ok := byWindow[wf.Window]; !ok {
						order = append(order, wf.Window)
					}
					byWindow[wf.Window] = append(byWindow[wf.Window], wf)
				}
				return false
			}
			return true
		})
	}
	// Set-returning functions in the keys of the windows in use run
	// below the WindowAggs, in one ProjectSet; those of windows no
	// function uses run with the target list's, as junk targets.
	used := map[int]bool{}
	for _, w := range order {
		used[w] = true
	}
	inTargets := map[expr.Expr]bool{}
	for _, t := range q.Targets {
		inTargets[t.Expr] = true
	}
	var srfs []*expr.FuncExpr
	srfVar := map[*expr.FuncExpr]*expr.Var{}
	width := n.Width()
	var lift func(e expr.Expr) expr.Expr
	lift = func(e expr.Expr) expr.Expr {
		if f, ok := e.(*expr.FuncExpr); ok && f.Func != nil && f.Func.RetSet {
			if v := srfVar[f]; v != nil {
				return v
			}
			srfs = append(srfs, f)
			v := &expr.Var{Index: width + len(srfs) - 1, Typ: f.Typ, Mod: f.Mod, Loc: f.Loc}
			srfVar[f] = v
			return v
		}
		return MapChildren(e, lift)
	}
	for i, w := range q.Windows {
		if used[i] {
			w.Map(lift)
			continue
		}
		w.walk(func(e expr.Expr) {
			if !inTargets[e] && hasSRF(e) {
				inTargets[e] = true
				q.Targets = append(q.Targets, Target{Expr: e, Name: "?column?", Junk: true})
			}
		})
	}
	if len(srfs) > 0 {
		n = &ProjectSet{Input: n, SRFs: srfs}
	}
	pos := map[*expr.WindowFunc]int{}
	for _, w := range order {
		width := n.Width()
		for i, wf := range byWindow[w] {
			pos[wf] = width + i
		}
		n = &WindowAgg{Input: n, Window: q.Windows[w], Funcs: byWindow[w], Types: nodeTypes(q, n)}
	}
	var replace func(e expr.Expr) expr.Expr
	replace = func(e expr.Expr) expr.Expr {
		if wf, ok := e.(*expr.WindowFunc); ok {
			return &expr.Var{Index: pos[wf], Typ: wf.Typ, Mod: wf.Mod, Loc: wf.Loc}
		}
		if f, ok := e.(*expr.FuncExpr); ok && srfVar[f] != nil {
			return srfVar[f]
		}
		if sl, ok := e.(*expr.SubLink); ok {
			cp := *sl
			if sl.Test != nil {
				cp.Test = replace(sl.Test)
			}
			return &cp
		}
		return MapChildren(e, replace)
	}
	for i, t := range q.Targets {
		q.Targets[i].Expr = replace(t.Expr)
	}
	return n
}

func hasSRF(e expr.Expr) bool {
	found := false
	Walk(e, func(x expr.Expr) bool {
		if f, ok := x.(*expr.FuncExpr); ok && f.Func != nil && f.Func.RetSet {
			found = true
		}
		return !found
	})
	return found
}
