// This file handles aggregates and grouping (PostgreSQL's parse_agg.c):
// aggregate calls, GROUP BY, and the check that a grouped query's target
// list, HAVING and ORDER BY use only grouped columns and aggregates,
// which rewrites them over the Agg node's output row.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// transformAggregate analyzes an aggregate call: plain, with DISTINCT
// and ORDER BY inside, or an ordered-set or hypothetical-set aggregate
// with WITHIN GROUP (ParseFuncOrColumn and transformAggregateCall).
func (s *state) transformAggregate(fc *pg_query.FuncCall, name string, cands []*expr.Func) (expr.Expr, error) {
	loc := fc.Location
	if s.inAgg {
		return nil, s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot be nested"), loc)
	}
	s.inAgg = true
	defer func() { s.inAgg = false }()
	agg, err := s.transformAggregateCall(fc, name, cands)
	if err != nil {
		return nil, err
	}
	// The aggregate belongs to the innermost level whose columns its
	// arguments read (check_agg_arguments' min_varlevel).
	level := aggLevel(agg)
	owner := s
	for i := 0; i < level; i++ {
		owner = owner.parent
	}
	if err := owner.checkAggContext(loc); err != nil {
		return nil, err
	}
	if level > 0 {
		for i := range agg.Args {
			agg.Args[i] = lowerLevels(agg.Args[i], level)
		}
		for i := range agg.Order {
			agg.Order[i].Expr = lowerLevels(agg.Order[i].Expr, level)
		}
		for i := range agg.DirectArgs {
			agg.DirectArgs[i] = lowerLevels(agg.DirectArgs[i], level)
		}
		if agg.Filter != nil {
			agg.Filter = lowerLevels(agg.Filter, level)
		}
		agg.LevelsUp = level
		for st, i := s, 0; i < level; st, i = st.parent, i+1 {
			st.correlated = true
		}
	}
	owner.q.Aggs = append(owner.q.Aggs, agg)
	return agg, nil
}

// aggLevel is the smallest query level any column an aggregate's
// arguments, ORDER BY and FILTER read belongs to; 0 if they read none.
func aggLevel(a *expr.Aggref) int {
	level := -1
	note := func(e expr.Expr) {
		walk(e, func(x expr.Expr) {
			if v, ok := x.(*expr.Var); ok && (level < 0 || v.LevelsUp < level) {
				level = v.LevelsUp
			}
		})
	}
	for _, e := range a.Args {
		note(e)
	}
	for _, o := range a.Order {
		note(o.Expr)
	}
	for _, e := range a.DirectArgs {
		note(e)
	}
	if a.Filter != nil {
		note(a.Filter)
	}
	if level < 0 {
		return 0
	}
	return level
}

// checkAggContext refuses an aggregate of this level where the clause
// being analyzed does not allow one.
func (s *state) checkAggContext(loc int32) error {
	switch s.kind {
	case exprSelectTarget, exprHaving, exprOrderBy, exprReturning, exprWindowPartition, exprWindowOrder:
		if s.kind == exprReturning {
			return s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed in RETURNING"), loc)
		}
	default:
		if ctx := s.kind.aggContext(); ctx != "" {
			return s.errorAt(pgerr.Newf(pgerr.GroupingError, "aggregate functions are not allowed in %s", ctx), loc)
		}
		if s.q == nil {
			return s.errorAt(pgerr.New(pgerr.GroupingError, "aggregate functions are not allowed here"), loc)
		}
	}
	return nil
}

// transformAggregateCall analyzes the arguments, ORDER BY, FILTER and
// overload of an aggregate call.
func (s *state) transformAggregateCall(fc *pg_query.FuncCall, name string, cands []*expr.Func) (*expr.Aggref, error) {
	loc := fc.Location
	args, argNames, err := s.transformCallArgs(fc.Args)
	if err != nil {
		return nil, err
	}
	if len(argNames) > 0 {
		return nil, s.namedAggregateCall(name, cands, args, argNames, loc)
	}
	// ORDER BY inside the call, or WITHIN GROUP's, whose expressions are
	// the aggregated arguments.
	var order []expr.AggOrder
	for _, n := range fc.AggOrder {
		sb := n.GetSortBy()
		if sb == nil {
			return nil, s.errorAt(notSupported("this ORDER BY item"), loc)
		}
		e, err := s.transformExpr(sb.Node)
		if err != nil {
			return nil, err
		}
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			// An unknown literal sorts as text (addTargetToSortList).
			if e.Type() == types.OidUnknown {
				if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
					return nil, err
				}
			}
			if desc, err = s.sortUsing(sb, e.Type()); err != nil {
				return nil, err
			}
		}
		nullsFirst := nullsFirstOf(sb, desc)
		order = append(order, expr.AggOrder{Expr: e, Desc: desc, NullsFirst: nullsFirst})
	}
	var direct []expr.Expr
	if fc.AggWithinGroup {
		direct = args
		args = nil
		for _, o := range order {
			args = append(args, o.Expr)
		}
	}
	if fc.AggStar {
		if name != "count" || len(args) > 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name), loc)
		}
	}
	all := append(append([]expr.Expr(nil), direct...), args...)
	inputs := make([]uint32, len(all))
	for i, a := range all {
		inputs[i] = a.Type()
	}
	var cs []candidate
	hypothetical := false
	for _, f := range cands {
		if f.Agg != nil && f.Agg.Kind == 'h' {
			// rank(VARIADIC "any") WITHIN GROUP (ORDER BY ...): as many
			// hypothetical values as ordering columns.
			if fc.AggWithinGroup && len(direct) == len(args) {
				hypothetical = true
				cs = append(cs, candidate{fn: f, args: anyArgs(len(all))})
			} else if fc.AggWithinGroup {
				return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s does not exist", s.signature(name, inputs)).
					WithHint("To use the hypothetical-set aggregate %s, the number of hypothetical direct arguments (here %d) must match the number of ordering columns (here %d).",
						name, len(direct), len(args)), loc)
			}
			continue
		}
		if len(f.Args) == len(all) {
			cs = append(cs, candidate{fn: f, args: f.Args})
		}
	}
	c, outcome := s.chooseCandidate(inputs, cs)
	sig := name + "(*)"
	if !fc.AggStar {
		sig = s.signature(name, inputs)
	}
	switch outcome {
	case resolvedNone:
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s does not exist", sig).
			WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
	case resolvedAmbiguous:
		return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousFunction, "function %s is not unique", sig).
			WithHint("Could not choose a best candidate function. You might need to add explicit type casts."), loc)
	}
	kind := byte('n')
	if c.fn.Agg != nil {
		kind = c.fn.Agg.Kind
	}
	if kind != 'n' && !fc.AggWithinGroup {
		return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "WITHIN GROUP is required for ordered-set aggregate %s", name), loc)
	}
	if kind == 'n' && fc.AggWithinGroup {
		return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), loc)
	}
	var declared []uint32
	var ret uint32
	if hypothetical {
		// Each hypothetical value and its ordering column take their
		// common type.
		nd := len(direct)
		declared = make([]uint32, len(all))
		for i := 0; i < nd; i++ {
			t, err := s.selectCommonType([]expr.Expr{all[nd+i], all[i]}, "WITHIN GROUP", false)
			if err != nil {
				return nil, err
			}
			if t == types.OidUnknown {
				t = types.OidText
			}
			declared[i], declared[nd+i] = t, t
		}
		ret = c.fn.Ret
	} else {
		// PostgreSQL resolves an ordered-set aggregate's polymorphic
		// type where no position is known.
		polyLoc := loc
		if kind != 'n' {
			polyLoc = -1
		}
		var err error
		if declared, ret, err = s.resolvePolyCall(inputs, c.args, c.fn.Ret, polyLoc); err != nil {
			return nil, err
		}
	}
	for i, a := range all {
		var err error
		if all[i], err = s.coerceType(a, declared[i], -1, ccImplicit, loc); err != nil {
			return nil, err
		}
	}
	agg := &expr.Aggref{Func: c.fn, Star: fc.AggStar, Distinct: fc.AggDistinct, Typ: ret, Mod: -1, Loc: loc}
	if fc.AggWithinGroup {
		agg.DirectArgs = all[:len(direct)]
		agg.Args = all[len(direct):]
		for i := range order {
			order[i].Expr = agg.Args[i]
		}
	} else {
		agg.Args = all
		for i, o := range order {
			if o.Expr.Type() == types.OidUnknown {
				var err error
				if order[i].Expr, err = s.coerceType(o.Expr, types.OidText, -1, ccImplicit, expr.Location(o.Expr)); err != nil {
					return nil, err
				}
			}
		}
	}
	for i, o := range order {
		if !s.canOrderType(o.Expr.Type()) {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an ordering operator for type %s", s.typeName(o.Expr.Type())).
				WithHint("Use an explicit ordering operator or modify the query."), sortLocation(fc.AggOrder[i]))
		}
	}
	agg.Order = order
	if fc.AggDistinct {
		for i, o := range order {
			found := false
			for _, a := range agg.Args {
				found = found || exprEqual(a, o.Expr)
			}
			// Analysis drops COLLATE, which makes a different
			// expression in PostgreSQL unless the argument has it too.
			if found && fc.AggOrder[i].GetSortBy().Node.GetCollateClause() != nil {
				found = false
				for _, a := range fc.Args {
					found = found || a.GetCollateClause() != nil
				}
			}
			if !found {
				return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list"), expr.Location(o.Expr))
			}
		}
		for _, a := range agg.Args {
			if !s.canOrderType(a.Type()) {
				// PostgreSQL points at the argument.
				at := expr.Location(a)
				if at < 0 {
					at = loc
				}
				return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an equality operator for type %s", s.typeName(a.Type())), at)
			}
		}
	}
	if fc.AggFilter != nil {
		s.inAgg = false
		saved := s.kind
		s.kind = exprFilter
		f, err := s.transformExpr(fc.AggFilter)
		s.kind = saved
		s.inAgg = true
		if err != nil {
			return nil, err
		}
		if agg.Filter, err = s.coerceToBoolean(f, "FILTER"); err != nil {
			return nil, err
		}
	}
	var implemented bool
	if kind == 'n' {
		implemented = builtins_aggImplemented(c.fn, declared)
	} else {
		_, err := builtins.NewOrderedSetAgg(c.fn, declared[:len(direct)], declared[len(direct):])
		implemented = err == nil
	}
	if !implemented {
		return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "aggregate %s is not implemented yet", s.signature(name, inputs)), loc)
	}
	return agg, nil
}

// anyArgs is n arguments of type "any".
func anyArgs(n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = types.OidAny
	}
	return out
}

func hasAggref(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) {
		if _, ok := x.(*expr.Aggref); ok {
			found = true
		}
	})
	return found
}

// finishGrouping decides whether the query is grouped and, if so,
// rewrites its target list, HAVING and sort keys over the Agg row (group
// keys, then aggregates), rejecting ungrouped columns
// (parseCheckAggregates).
func (s *state) finishGrouping(q *plan.Query) error {
	if len(q.Aggs) == 0 && len(q.GroupBy) == 0 && q.Having == nil && q.GroupingSets == nil && !s.hasGrouping {
		return nil
	}
	if len(q.Aggs) > 0 && hasWorkTable(q) {
		return s.errorAt(pgerr.New(pgerr.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term"), q.Aggs[0].Loc)
	}
	q.Grouped = true
	ng := len(q.GroupBy)
	aggIndex := map[*expr.Aggref]int{}
	for i, a := range q.Aggs {
		aggIndex[a] = ng + i
	}
	var fail error
	directArgs := false
	var fix func(e expr.Expr) expr.Expr
	fix = func(e expr.Expr) expr.Expr {
		if e == nil || fail != nil {
			return e
		}
		for i, g := range q.GroupBy {
			if exprEqual(g, e) {
				return &expr.Var{Index: i, Typ: e.Type(), Mod: e.Typmod(), Name: varName(e), TableOID: varTable(e), AttNum: varAttNum(e), Loc: expr.Location(e)}
			}
		}
		switch x := e.(type) {
		case *expr.Aggref:
			i, ok := aggIndex[x]
			if !ok {
				// Another level's aggregate: that level rewrites it.
				return e
			}
			return &expr.Var{Index: i, Typ: x.Typ, Mod: x.Mod, Loc: x.Loc}
		case *expr.GroupingFunc:
			if x.LevelsUp > 0 {
				// An enclosing level's: its fixOuterVars rewrites it.
				return e
			}
			i, err := s.groupingValue(q, x)
			if err != nil {
				fail = err
				return e
			}
			return &expr.Var{Index: i, Typ: x.Type(), Mod: -1, Loc: x.Loc}
		case *expr.Var:
			if x.LevelsUp == 0 {
				err := pgerr.Newf(pgerr.GroupingError, "column \"%s\" must appear in the GROUP BY clause or be used in an aggregate function",
					s.qualifiedVarName(x))
				if directArgs {
					err = err.WithDetail("Direct arguments of an ordered-set aggregate must use only grouped columns.")
				}
				fail = s.errorAt(err, x.Loc)
			}
			return e
		case *expr.SubLink:
			if sub, ok := x.Plan.(*plan.Query); ok && x.Correlated {
				if err := s.fixOuterVars(sub, 1, fix); err != nil {
					fail = err
				}
			}
			cp := *x
			cp.Test = fix(x.Test)
			return &cp
		}
		return plan.MapChildren(e, fix)
	}
	// GROUPING's arguments are checked before the columns
	// (finalize_grouping_exprs runs before check_ungrouped_columns).
	// Clause by clause: the target list, then HAVING.
	if s.hasGrouping {
		for _, t := range q.Targets {
			if err := s.checkGroupingArgs(q, t.Expr); err != nil {
				return err
			}
		}
	}
	// An ordered-set aggregate's direct arguments are computed once per
	// group, over the Agg row.
	directArgs = true
	for _, a := range q.Aggs {
		for i := range a.DirectArgs {
			a.DirectArgs[i] = fix(a.DirectArgs[i])
		}
	}
	directArgs = false
	for i := range q.Targets {
		q.Targets[i].Expr = fix(q.Targets[i].Expr)
	}
	if q.Having != nil && fail == nil {
		if s.hasGrouping {
			if err := s.checkGroupingArgs(q, q.Having); err != nil {
				return err
			}
		}
		q.Having = fix(q.Having)
	}
	// Window definitions read the grouped row too.
	for _, w := range q.Windows {
		w.Map(fix)
	}
	return fail
}

// fixOuterVars applies fix to the Vars of a correlated subquery that
// refer to the grouped level (depth levels out), so that they read the
// Agg row.
func (s *state) fixOuterVars(q *plan.Query, depth int, fix func(expr.Expr) expr.Expr) error {
	return s.fixOuterVarsOnce(q, depth, fix, map[*plan.Query]bool{})
}

// fixOuterVarsOnce is fixOuterVars, visiting each query once (a WITH
// query read twice is one query).
func (s *state) fixOuterVarsOnce(q *plan.Query, depth int, fix func(expr.Expr) expr.Expr, seen map[*plan.Query]bool) error {
	if seen[q] {
		return nil
	}
	seen[q] = true
	var fail error
	var f func(e expr.Expr) expr.Expr
	f = func(e expr.Expr) expr.Expr {
		if e == nil {
			return e
		}
		if v, ok := e.(*expr.Var); ok {
			if v.LevelsUp != depth {
				return e
			}
			local := *v
			local.LevelsUp = 0
			r := fix(&local)
			if r == expr.Expr(&local) && fail == nil {
				fail = s.errorAt(pgerr.Newf(pgerr.GroupingError, "subquery uses ungrouped column \"%s\" from outer query",
					s.qualifiedVarName(&local)), v.Loc)
				return e
			}
			if rv, ok := r.(*expr.Var); ok {
				cp := *rv
				cp.LevelsUp = depth
				return &cp
			}
			return e
		}
		if a, ok := e.(*expr.Aggref); ok {
			// An aggregate of the grouped level written in the subquery.
			if rv, ok := fix(a).(*expr.Var); ok && a.LevelsUp == depth {
				cp := *rv
				cp.LevelsUp = depth
				return &cp
			}
			return e
		}
		if g, ok := e.(*expr.GroupingFunc); ok {
			if g.LevelsUp != depth {
				return e
			}
			local := &expr.GroupingFunc{Loc: g.Loc}
			for _, a := range g.Args {
				local.Args = append(local.Args, lowerLevels(a, depth))
			}
			if rv, ok := fix(local).(*expr.Var); ok {
				cp := *rv
				cp.LevelsUp = depth
				return &cp
			}
			return e
		}
		if sl, ok := e.(*expr.SubLink); ok {
			if sub, ok := sl.Plan.(*plan.Query); ok && sl.Correlated {
				if err := s.fixOuterVarsOnce(sub, depth+1, fix, seen); err != nil && fail == nil {
					fail = err
				}
			}
			cp := *sl
			cp.Test = f(sl.Test)
			return &cp
		}
		return plan.MapChildren(e, f)
	}
	for i := range q.Targets {
		q.Targets[i].Expr = f(q.Targets[i].Expr)
	}
	q.Where = f(q.Where)
	q.Having = f(q.Having)
	for _, w := range q.Windows {
		w.Map(f)
	}
	for i := range q.GroupBy {
		q.GroupBy[i] = f(q.GroupBy[i])
	}
	for _, a := range q.Aggs {
		for i := range a.Args {
			a.Args[i] = f(a.Args[i])
		}
		for i := range a.Order {
			a.Order[i].Expr = f(a.Order[i].Expr)
		}
		for i := range a.DirectArgs {
			a.DirectArgs[i] = f(a.DirectArgs[i])
		}
		a.Filter = f(a.Filter)
	}
	q.Limit = f(q.Limit)
	q.Offset = f(q.Offset)
	// The FROM clause: join conditions, function arguments, VALUES, and
	// subqueries, which count no level of their own between this one and
	// the enclosing queries (they cannot see this level's FROM items).
	var quals func(it plan.FromItem)
	quals = func(it plan.FromItem) {
		if j, ok := it.(*plan.JoinItem); ok {
			quals(j.Left)
			quals(j.Right)
			j.Quals = f(j.Quals)
		}
	}
	for _, it := range q.From {
		quals(it)
	}
	for _, r := range q.RTEs {
		switch r.Kind {
		case plan.RTEFunction:
			for i := range r.Func.Args {
				r.Func.Args[i] = f(r.Func.Args[i])
			}
		case plan.RTEValues:
			for _, row := range r.Values {
				for i := range row {
					row[i] = f(row[i])
				}
			}
		case plan.RTESubquery:
			if r.Subquery != nil {
				if err := s.fixOuterVarsOnce(r.Subquery, depth, fix, seen); err != nil && fail == nil {
					fail = err
				}
			}
		}
	}
	if q.SetOp != nil {
		for _, side := range []*plan.Query{q.SetOp.Left, q.SetOp.Right} {
			if err := s.fixOuterVarsOnce(side, depth, fix, seen); err != nil && fail == nil {
				fail = err
			}
		}
	}
	return fail
}

func varName(e expr.Expr) string {
	if v, ok := e.(*expr.Var); ok {
		return v.Name
	}
	return ""
}

func varTable(e expr.Expr) uint32 {
	if v, ok := e.(*expr.Var); ok {
		return v.TableOID
	}
	return 0
}

func varAttNum(e expr.Expr) int16 {
	if v, ok := e.(*expr.Var); ok {
		return v.AttNum
	}
	return 0
}

// qualifiedVarName names a column as "alias.column" for errors.
func (s *state) qualifiedVarName(v *expr.Var) string {
	for _, r := range s.q.RTEs {
		if r.Kind != plan.RTEJoin && (v.Index >= r.Offset && v.Index < r.Offset+r.Width ||
			r.SysUsed && v.Index >= r.SysOffset && v.Index < r.SysOffset+plan.NumSysColumns) {
			if r.Alias != "" {
				return r.Alias + "." + v.Name
			}
		}
	}
	return v.Name
}

// exprEqual compares two expression trees, ignoring source locations
// (equal() in PostgreSQL ignores them too).
func exprEqual(a, b expr.Expr) bool { return plan.ExprEqual(a, b) }
