// This file analyzes window functions (PostgreSQL's ParseFuncOrColumn for
// window calls, transformWindowFuncCall in parse_agg.c and
// transformWindowDefinitions in parse_clause.c): calls with OVER, of
// window functions (pg_proc.prokind 'w') and of aggregates, the WINDOW
// clause, and the rules for referring to, copying and overriding named
// windows, frame clauses and their offsets.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// windowState collects the window definitions of a SELECT level: the
// WINDOW clause's entries first, then each OVER clause that is not just
// a window name (PostgreSQL's p_windowdefs). WindowFunc.Window indexes
// defs, and later Query.Windows.
type windowState struct {
	defs []*pg_query.WindowDef
	// named is how many of defs come from the WINDOW clause.
	named int
}

func newWindowState(clause []*pg_query.Node) *windowState {
	w := &windowState{}
	for _, n := range clause {
		if d := n.GetWindowDef(); d != nil {
			w.defs = append(w.defs, d)
		}
	}
	w.named = len(w.defs)
	return w
}

// windowCallName is NameListToString of the function name as written.
func windowCallName(names []string) string {
	out := names[0]
	for _, n := range names[1:] {
		out += "." + n
	}
	return out
}

// transformWindowCall analyzes a function call that has OVER or names a
// window function. handled is false when the call is none of PostgreSQL's
// window cases (a call without OVER that resolves to an aggregate or a
// plain function), which the caller then analyzes as usual.
func (s *state) transformWindowCall(fc *pg_query.FuncCall, names []string, name string) (e expr.Expr, handled bool, err error) {
	loc := fc.Location
	wins := s.inSchema(s.windowFuncs(name), names)
	if fc.Over == nil {
		// Without OVER only a call of a window function is this file's
		// business; decide that before analyzing the arguments, which
		// the caller would otherwise analyze a second time.
		arity := false
		for _, w := range wins {
			arity = arity || len(w.Args) == len(fc.Args)
		}
		if !arity {
			return nil, false, nil
		}
	}
	var filter expr.Expr
	if fc.AggFilter != nil && fc.Over != nil {
		saved, savedAgg := s.kind, s.inAgg
		s.kind, s.inAgg = exprFilter, false
		f, err := s.transformExpr(fc.AggFilter)
		s.kind, s.inAgg = saved, savedAgg
		if err != nil {
			return nil, true, err
		}
		if filter, err = s.coerceToBoolean(f, "FILTER"); err != nil {
			return nil, true, err
		}
	}
	if fc.FuncVariadic {
		return nil, true, s.errorAt(notSupported("VARIADIC arguments"), loc)
	}
	var args []expr.Expr
	for _, a := range fc.Args {
		if na := a.GetNamedArgExpr(); na != nil {
			return nil, true, s.errorAt(notSupported("named arguments"), na.Location)
		}
		x, err := s.transformExpr(a)
		if err != nil {
			return nil, true, err
		}
		args = append(args, x)
	}
	if fc.AggWithinGroup {
		for _, n := range fc.AggOrder {
			sb := n.GetSortBy()
			if sb == nil {
				return nil, true, s.errorAt(notSupported("this WITHIN GROUP item"), loc)
			}
			x, err := s.transformExpr(sb.Node)
			if err != nil {
				return nil, true, err
			}
			args = append(args, x)
		}
	}
	inputs := make([]uint32, len(args))
	for i, a := range args {
		inputs[i] = a.Type()
	}
	aggs := s.inSchema(s.aggregateFuncs(name), names)
	funcs := s.inSchema(s.funcs(name), names)
	all := append(append(append([]*expr.Func{}, wins...), aggs...), funcs...)
	c, outcome := s.chooseCandidate(inputs, funcCandidates(all, len(args)))
	if fc.Over == nil {
		// Only a call that resolves to a window function is this file's
		// business without OVER.
		if outcome != resolvedOK || !isWindowFunc(c.fn, wins) {
			return nil, false, nil
		}
	}
	qualified := windowCallName(names)
	sig := s.signature(typeNameString(names), inputs)
	if fc.AggStar {
		sig = typeNameString(names) + "()"
	}
	switch outcome {
	case resolvedNone:
		return nil, true, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s does not exist", sig).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
	case resolvedAmbiguous:
		return nil, true, s.errorAt(pgerr.Newf(pgerr.AmbiguousFunction, "function %s is not unique", sig).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts."), loc)
	}
	f := c.fn
	isAgg := f.Agg != nil
	switch {
	case isWindowFunc(f, wins):
		if fc.Over == nil {
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "window function %s requires an OVER clause", qualified), loc)
		}
		if fc.AggWithinGroup {
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "window function %s cannot have WITHIN GROUP", qualified), loc)
		}
	case isAgg:
		if f.Agg.Kind != 'n' {
			if !fc.AggWithinGroup {
				return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", qualified), loc)
			}
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "OVER is not supported for ordered-set aggregate %s", qualified), loc)
		}
		if fc.AggWithinGroup {
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", qualified), loc)
		}
	default:
		what := ""
		switch {
		case fc.AggStar:
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", qualified, qualified), loc)
		case fc.AggDistinct:
			what = "DISTINCT"
		case fc.AggWithinGroup:
			what = "WITHIN GROUP"
		case len(fc.AggOrder) > 0:
			what = "ORDER BY"
		case fc.AggFilter != nil:
			what = "FILTER"
		}
		if what != "" {
			return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s specified, but %s is not an aggregate function", what, qualified), loc)
		}
		return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", qualified), loc)
	}
	if fc.AggDistinct {
		return nil, true, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "DISTINCT is not implemented for window functions"), loc)
	}
	if isAgg && len(args) == 0 && !fc.AggStar {
		return nil, true, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s(*) must be used to call a parameterless aggregate function", qualified), loc)
	}
	if len(fc.AggOrder) > 0 {
		return nil, true, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "aggregate ORDER BY is not implemented for window functions"), loc)
	}
	if !isAgg && fc.AggFilter != nil {
		return nil, true, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "FILTER is not implemented for non-aggregate window functions"), loc)
	}
	for _, a := range args {
		var srf expr.Expr
		walk(a, func(x expr.Expr) {
			if fe, ok := x.(*expr.FuncExpr); ok && fe.Func != nil && fe.Func.RetSet && srf == nil {
				srf = fe
			}
		})
		if srf != nil {
			return nil, true, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "window function calls cannot contain set-returning function calls").
				WithHint("You might be able to move the set-returning function into a LATERAL FROM item."), expr.Location(srf))
		}
	}
	// enforce_generic_type_consistency reports no position.
	declared, ret, err := s.resolvePolyCall(inputs, c.args, f.Ret, -1)
	if err != nil {
		return nil, true, err
	}
	for i, a := range args {
		if declared[i] == types.OidAny {
			continue
		}
		if args[i], err = s.coerceType(a, declared[i], -1, ccImplicit, loc); err != nil {
			return nil, true, err
		}
	}
	if isAgg {
		if !builtins_aggImplemented(f, declared) {
			return nil, true, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "aggregate %s is not implemented yet", s.signature(name, inputs)), loc)
		}
	} else if !builtins.WindowImplemented(f.Src) {
		return nil, true, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "window function %s is not implemented yet", s.signature(name, inputs)), loc)
	}
	s.noteFunc(f)
	wf := &expr.WindowFunc{Func: f, Args: args, Star: fc.AggStar, Agg: isAgg, Filter: filter, Typ: ret, Mod: -1, Loc: loc}
	if wf.Window, err = s.transformWindowFuncCall(wf, fc.Over); err != nil {
		return nil, true, err
	}
	return wf, true, nil
}

func isWindowFunc(f *expr.Func, wins []*expr.Func) bool {
	for _, w := range wins {
		if w == f {
			return true
		}
	}
	return false
}

// windowFuncContext names the clause in "window functions are not
// allowed in %s" ("" where they are allowed), with the messages of
// transformWindowFuncCall that name no clause.
func (k exprKind) windowFuncError() string {
	switch k {
	case exprSelectTarget, exprOrderBy:
		return ""
	case exprJoinOn:
		return "window functions are not allowed in JOIN conditions"
	case exprFromFunction:
		return "window functions are not allowed in functions in FROM"
	case exprDefault:
		return "window functions are not allowed in DEFAULT expressions"
	case exprWindowPartition, exprWindowOrder, exprWindowRange, exprWindowRows, exprWindowGroups:
		return "window functions are not allowed in window definitions"
	case exprFilter:
		return "window functions are not allowed in FILTER"
	case exprHaving:
		return "window functions are not allowed in HAVING"
	case exprInsertValues, exprMergeInsert:
		return "window functions are not allowed in VALUES"
	case exprUpdateSource:
		return "window functions are not allowed in UPDATE"
	}
	if ctx := k.aggContext(); ctx != "" {
		return "window functions are not allowed in " + ctx
	}
	return ""
}

// transformWindowFuncCall checks where the call is and finds or adds its
// window definition, returning the definition's index.
func (s *state) transformWindowFuncCall(wf *expr.WindowFunc, over *pg_query.WindowDef) (int, error) {
	for _, a := range append(append([]expr.Expr{}, wf.Args...), wf.Filter) {
		var inner *expr.WindowFunc
		walk(a, func(x expr.Expr) {
			if w, ok := x.(*expr.WindowFunc); ok && inner == nil {
				inner = w
			}
		})
		if inner != nil {
			return 0, s.errorAt(pgerr.New(pgerr.WindowingError, "window function calls cannot be nested"), inner.Loc)
		}
	}
	if msg := s.kind.windowFuncError(); msg != "" {
		return 0, s.errorAt(pgerr.New(pgerr.WindowingError, msg), wf.Loc)
	}
	if s.q == nil && s.fn != nil {
		// A SQL function body is inlined as an expression, without a
		// query level to compute window functions in.
		return 0, s.errorAt(notSupported("window functions in SQL function bodies"), wf.Loc)
	}
	if s.win == nil {
		// An expression outside a SELECT (a CHECK constraint, a
		// generated column): the caller refuses window functions there.
		s.win = &windowState{}
	}
	if s.inAgg {
		return 0, s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot contain window function calls"), wf.Loc)
	}
	if over.Name != "" {
		for i, d := range s.win.defs[:s.win.named] {
			if d.Name == over.Name {
				return i, nil
			}
		}
		return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "window \"%s\" does not exist", over.Name), over.Location)
	}
	s.win.defs = append(s.win.defs, over)
	return len(s.win.defs) - 1, nil
}

// transformWindowDefinitions analyzes the level's window definitions
// into q.Windows, after the rest of the SELECT (as PostgreSQL does).
func (s *state) transformWindowDefinitions(q *plan.Query) error {
	if s.win == nil || len(s.win.defs) == 0 {
		return nil
	}
	saved := s.kind
	defer func() { s.kind = saved }()
	for _, def := range s.win.defs {
		if def.Name != "" {
			for _, w := range q.Windows {
				if w.Name == def.Name {
					return s.errorAt(pgerr.Newf(pgerr.WindowingError, "window \"%s\" is already defined", def.Name), def.Location)
				}
			}
		}
		var ref *plan.WindowClause
		if def.Refname != "" {
			for _, w := range q.Windows {
				if w.Name == def.Refname {
					ref = w
					break
				}
			}
			if ref == nil {
				return s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "window \"%s\" does not exist", def.Refname), def.Location)
			}
		}
		w := &plan.WindowClause{Name: def.Name, Refname: def.Refname, Frame: def.FrameOptions}
		s.kind = exprWindowOrder
		for _, n := range def.OrderClause {
			k, err := s.transformWindowSortKey(n)
			if err != nil {
				return err
			}
			w.OrderBy = append(w.OrderBy, k)
		}
		s.kind = exprWindowPartition
		var partition []expr.Expr
		for _, n := range def.PartitionClause {
			e, err := s.transformExpr(n)
			if err != nil {
				return err
			}
			if e.Type() == types.OidUnknown {
				if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
					return err
				}
			}
			if !s.canOrderType(e.Type()) {
				return s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", s.typeName(e.Type())), nodeLocation(n))
			}
			dup := false
			for _, p := range partition {
				dup = dup || exprEqual(p, e)
			}
			if !dup {
				partition = append(partition, e)
			}
		}
		if ref != nil {
			// SQL:2008 7.11: a window that names another copies its
			// PARTITION BY, may add ORDER BY only if the other has
			// none, and may not copy a frame clause.
			if len(partition) > 0 {
				return s.errorAt(pgerr.Newf(pgerr.WindowingError, "cannot override PARTITION BY clause of window \"%s\"", def.Refname), def.Location)
			}
			w.PartitionBy = append([]expr.Expr{}, ref.PartitionBy...)
			if len(w.OrderBy) > 0 && len(ref.OrderBy) > 0 {
				return s.errorAt(pgerr.Newf(pgerr.WindowingError, "cannot override ORDER BY clause of window \"%s\"", def.Refname), def.Location)
			}
			if len(w.OrderBy) == 0 {
				w.OrderBy = append([]plan.WindowSortKey{}, ref.OrderBy...)
				w.CopiedOrder = len(ref.OrderBy) > 0
			}
			if ref.Frame != plan.FrameDefaults {
				err := pgerr.Newf(pgerr.WindowingError, "cannot copy window \"%s\" because it has a frame clause", def.Refname)
				if def.Name == "" && len(def.OrderClause) == 0 && def.FrameOptions == plan.FrameDefaults {
					err = err.WithHint("Omit the parentheses in this OVER clause.")
				}
				return s.errorAt(err, def.Location)
			}
		} else {
			w.PartitionBy = partition
		}
		if w.Frame&plan.FrameRange != 0 && w.Frame&(plan.FrameStartOffset|plan.FrameEndOffset) != 0 && len(w.OrderBy) != 1 {
			return s.errorAt(pgerr.New(pgerr.WindowingError, "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column"), def.Location)
		}
		if w.Frame&plan.FrameGroups != 0 && len(w.OrderBy) == 0 {
			return s.errorAt(pgerr.New(pgerr.WindowingError, "GROUPS mode requires an ORDER BY clause"), def.Location)
		}
		var err error
		if w.StartOffset, err = s.transformFrameOffset(w, def.StartOffset); err != nil {
			return err
		}
		if w.EndOffset, err = s.transformFrameOffset(w, def.EndOffset); err != nil {
			return err
		}
		q.Windows = append(q.Windows, w)
	}
	// An OVER clause identical to an earlier window (a WINDOW clause
	// entry too) naming the same window to copy, or none, is that window
	// (transformWindowFuncCall), which also lets them share one
	// WindowAgg and sort. The query prints back so.
	canon := make([]int, len(q.Windows))
	for i, w := range q.Windows {
		canon[i] = i
		if w.Name != "" {
			continue
		}
		for j := 0; j < i; j++ {
			v := q.Windows[j]
			if canon[j] == j && v.Refname == w.Refname && windowClauseEqual(v, w) {
				canon[i] = j
				break
			}
		}
	}
	for _, t := range q.Targets {
		walk(t.Expr, func(x expr.Expr) {
			if wf, ok := x.(*expr.WindowFunc); ok {
				wf.Window = canon[wf.Window]
			}
		})
	}
	return nil
}

func windowClauseEqual(a, b *plan.WindowClause) bool {
	if a.Frame != b.Frame || len(a.PartitionBy) != len(b.PartitionBy) || len(a.OrderBy) != len(b.OrderBy) ||
		!exprEqual(a.StartOffset, b.StartOffset) || !exprEqual(a.EndOffset, b.EndOffset) {
		return false
	}
	for i := range a.PartitionBy {
		if !exprEqual(a.PartitionBy[i], b.PartitionBy[i]) {
			return false
		}
	}
	for i := range a.OrderBy {
		x, y := a.OrderBy[i], b.OrderBy[i]
		if x.Desc != y.Desc || x.NullsFirst != y.NullsFirst || !exprEqual(x.Expr, y.Expr) {
			return false
		}
	}
	return true
}

// transformWindowSortKey analyzes one ORDER BY item of a window: an
// expression over the FROM columns (SQL99 rules: no output column names
// or positions).
func (s *state) transformWindowSortKey(n *pg_query.Node) (plan.WindowSortKey, error) {
	sb := n.GetSortBy()
	if sb == nil {
		return plan.WindowSortKey{}, notSupported("this ORDER BY item")
	}
	e, err := s.transformExpr(sb.Node)
	if err != nil {
		return plan.WindowSortKey{}, err
	}
	if e.Type() == types.OidUnknown {
		if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
			return plan.WindowSortKey{}, err
		}
	}
	desc, nullsFirst, err := s.sortDirection(sb, e.Type())
	if err != nil {
		return plan.WindowSortKey{}, err
	}
	return plan.WindowSortKey{Expr: e, Desc: desc, NullsFirst: nullsFirst}, nil
}

// rangeColumnTypeName names the ORDER BY column's type as its btree
// operator class's input type (varchar sorts as text).
func (s *state) rangeColumnTypeName(t uint32) string {
	if t == types.OidVarchar {
		t = types.OidText
	}
	return s.typeName(t)
}

// transformFrameOffset analyzes a frame offset (transformFrameOffset):
// bigint for ROWS and GROUPS; for RANGE the offset type of one of the
// ORDER BY column type's in_range functions, preferring the offset's own
// type (or, for an unknown literal, the column's).
func (s *state) transformFrameOffset(w *plan.WindowClause, n *pg_query.Node) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	var construct string
	var target uint32
	switch {
	case w.Frame&plan.FrameRows != 0:
		s.kind, construct, target = exprWindowRows, "ROWS", types.OidInt8
	case w.Frame&plan.FrameRange != 0:
		s.kind, construct = exprWindowRange, "RANGE"
	default:
		s.kind, construct, target = exprWindowGroups, "GROUPS", types.OidInt8
	}
	e, err := s.transformExpr(n)
	if err != nil {
		return nil, err
	}
	if construct == "RANGE" {
		col := w.OrderBy[0].Expr.Type()
		nodeType := e.Type()
		preferred := nodeType
		if nodeType == types.OidUnknown {
			preferred = col
		}
		cands := builtins.InRangeOffsetTypes(col)
		if len(cands) == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
				s.rangeColumnTypeName(col)), expr.Location(e))
		}
		matches := 0
		var selected uint32
		for _, t := range cands {
			if !s.canCoerce([]uint32{nodeType}, []uint32{t}, ccImplicit) {
				continue
			}
			matches++
			if selected != preferred {
				selected = t
			}
		}
		if matches == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and offset type %s",
				s.rangeColumnTypeName(col), s.typeName(nodeType)).WithHint("Cast the offset value to an appropriate type."), expr.Location(e))
		}
		if matches != 1 && selected != preferred {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING has multiple interpretations for column type %s and offset type %s",
				s.rangeColumnTypeName(col), s.typeName(nodeType)).WithHint("Cast the offset value to the exact intended type."), expr.Location(e))
		}
		target = selected
	}
	if e.Type() != target {
		if !s.canCoerce([]uint32{e.Type()}, []uint32{target}, ccAssignment) {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
				construct, s.typeName(target), s.typeName(e.Type())), expr.Location(e))
		}
		if e, err = s.coerceType(e, target, -1, ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
	}
	var bad *expr.Var
	walk(e, func(x expr.Expr) {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && bad == nil {
			bad = v
		}
	})
	if bad != nil {
		return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "argument of %s must not contain variables", construct), bad.Loc)
	}
	return e, nil
}

// shareWindowSRFKeys makes a window PARTITION BY or ORDER BY expression
// that calls a set-returning function the same node as an equal target
// list entry or an equal key of an earlier window: PostgreSQL resolves
// such keys to one target list entry, so the function runs once and the
// target reads the value the window was computed over.
func shareWindowSRFKeys(q *plan.Query) {
	var seen []expr.Expr
	for _, t := range q.Targets {
		if containsSRF(t.Expr) {
			seen = append(seen, t.Expr)
		}
	}
	share := func(e expr.Expr) expr.Expr {
		if !containsSRF(e) {
			return e
		}
		for _, x := range seen {
			if exprEqual(x, e) {
				return x
			}
		}
		seen = append(seen, e)
		return e
	}
	for _, w := range q.Windows {
		for i, e := range w.PartitionBy {
			w.PartitionBy[i] = share(e)
		}
		for i, k := range w.OrderBy {
			w.OrderBy[i].Expr = share(k.Expr)
		}
	}
}

func containsSRF(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) {
		if f, ok := x.(*expr.FuncExpr); ok && f.Func != nil && f.Func.RetSet {
			found = true
		}
	})
	return found
}
