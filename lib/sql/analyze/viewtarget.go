// This file resolves the target of an INSERT, UPDATE or DELETE that is a
// view (PostgreSQL's rewriteTargetView and view_query_is_auto_updatable
// in rewriteHandler.c): an automatically updatable view changes the rows
// of the one table or view it selects from, down to a table. The
// statement changes that table; the view's columns read as expressions
// over it, its WHERE conditions restrict UPDATE and DELETE, and its
// WITH CHECK OPTION conditions test the new rows of INSERT and UPDATE.

package analyze

import (
	"sort"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// viewTarget is a view a statement changes, resolved down to its base
// table.
type viewTarget struct {
	view *plan.Table // the view the statement names
	base *plan.Table // the table whose rows change
	// baseIndex is the base table's entry in the statement's range
	// table; rv is how the statement names the view.
	baseIndex int
	rv        *pg_query.RangeVar
	// cols are the view's columns as expressions over the base table's
	// row (Var i is column i+1, the system columns after the user ones).
	cols []expr.Expr
	// attnum is each view column's base column index, -1 when the
	// column is not updatable; colErr is then the error of changing it.
	attnum []int
	colErr []nonUpdatableColumn
	// quals are the WHERE conditions of the views, over the base row.
	quals []expr.Expr
	// checks are the WITH CHECK OPTION conditions, innermost view first.
	checks []plan.ViewCheck
	// defaults are the views' column defaults by base column index (the
	// outermost view's wins over the base table's).
	defaults map[int]string
}

// nonUpdatableColumn says which view column cannot be changed and why.
type nonUpdatableColumn struct {
	view, column, detail string
}

// ViewNotUpdatable is view_query_is_auto_updatable: why a view defined
// by sel (q analyzed) is not automatically updatable, "" when it is.
// checkCols also requires one updatable column (INSERT and UPDATE).
func ViewNotUpdatable(sel *pg_query.SelectStmt, q *plan.Query, checkCols bool) string {
	switch {
	case len(sel.DistinctClause) > 0:
		return "Views containing DISTINCT are not automatically updatable."
	case len(sel.GroupClause) > 0:
		return "Views containing GROUP BY are not automatically updatable."
	case sel.HavingClause != nil:
		return "Views containing HAVING are not automatically updatable."
	case sel.Op != pg_query.SetOperation_SETOP_NONE:
		return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable."
	case sel.WithClause != nil:
		return "Views containing WITH are not automatically updatable."
	case sel.LimitCount != nil || sel.LimitOffset != nil:
		return "Views containing LIMIT or OFFSET are not automatically updatable."
	case len(q.Aggs) > 0 || q.Grouped:
		return "Views that return aggregate functions are not automatically updatable."
	case len(q.Windows) > 0:
		return "Views that return window functions are not automatically updatable."
	}
	for _, t := range q.Targets {
		srf := false
		plan.Walk(t.Expr, func(e expr.Expr) bool {
			if f, ok := e.(*expr.FuncExpr); ok && f.Func != nil && f.Func.RetSet {
				srf = true
			}
			return !srf
		})
		if srf {
			return "Views that return set-returning functions are not automatically updatable."
		}
	}
	const single = "Views that do not select from a single table or view are not automatically updatable."
	if len(sel.FromClause) != 1 || len(q.RTEs) == 0 ||
		sel.FromClause[0].GetRangeVar() == nil && sel.FromClause[0].GetRangeTableSample().GetRelation().GetRangeVar() == nil {
		return single
	}
	base := q.RTEs[0]
	switch {
	case base.Kind == plan.RTETable && base.Table != nil && (base.Table.Kind == 'r' || base.Table.Kind == 't'):
	case base.Kind == plan.RTESubquery && base.Table != nil && base.Table.Kind == 'v':
	default:
		return single
	}
	if base.Sample != nil {
		return "Views containing TABLESAMPLE are not automatically updatable."
	}
	if checkCols {
		any := false
		for _, t := range q.Targets {
			if !t.Junk && viewColumnDetail(base, t.Expr) == "" {
				any = true
			}
		}
		if !any {
			return "Views that have no updatable columns are not automatically updatable."
		}
	}
	return ""
}

// viewColumnDetail is view_col_is_auto_updatable: why a view column
// whose value is e (over the view's base entry base) cannot be changed,
// "" when it can.
func viewColumnDetail(base *plan.RTE, e expr.Expr) string {
	v, ok := e.(*expr.Var)
	if !ok || v.LevelsUp != 0 {
		return "View columns that are not columns of their base relation are not updatable."
	}
	if v.Index >= base.Offset && v.Index < base.Offset+len(base.Columns) {
		return ""
	}
	if base.SysUsed && v.Index >= base.SysOffset && v.Index < base.SysOffset+plan.NumSysColumns {
		return "View columns that refer to system columns are not updatable."
	}
	return "View columns that are not columns of their base relation are not updatable."
}

// viewError is the error of changing a view that is not automatically
// updatable (rewriteTargetView).
func viewError(cmd plan.CommandType, name, detail string) error {
	var e *pgerr.Error
	switch cmd {
	case plan.CmdInsert:
		e = pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot insert into view \"%s\"", name).
			WithHint("To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an unconditional ON INSERT DO INSTEAD rule.")
	case plan.CmdUpdate:
		e = pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot update view \"%s\"", name).
			WithHint("To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional ON UPDATE DO INSTEAD rule.")
	default:
		e = pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot delete from view \"%s\"", name).
			WithHint("To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an unconditional ON DELETE DO INSTEAD rule.")
	}
	return e.WithDetail("%s", detail)
}

// resolveViewTarget resolves view t, the target of a statement of kind
// cmd, down to its base table. parentCascaded is set when a view above
// has a CASCADED check option, which then applies to this one too.
func (s *state) resolveViewTarget(t *plan.Table, cmd plan.CommandType, parentCascaded bool) (*viewTarget, error) {
	stmts, err := parser.Parse(t.ViewQuery)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 || stmts[0].Node().GetSelectStmt() == nil {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid query of view \"%s\"", t.Name)
	}
	sel := stmts[0].Node().GetSelectStmt()
	vq, err := s.analyzeUserView(t)
	if err != nil {
		return nil, err
	}
	if why := ViewNotUpdatable(sel, vq, cmd != plan.CmdDelete); why != "" {
		return nil, viewError(cmd, t.Name, why)
	}
	baseRTE := vq.RTEs[0]
	// The view's columns: the first targets, as many as the view has (a
	// * in its query that now finds more columns does not widen it).
	var targets []expr.Expr
	for _, tg := range vq.Targets {
		if !tg.Junk {
			targets = append(targets, tg.Expr)
		}
	}
	if len(targets) != len(t.Columns) {
		// The view keeps its query's * unexpanded: columns added to its
		// base since would shift the view's columns onto other ones.
		return nil, pgerr.Newf(pgerr.FeatureNotSupported,
			"changing the rows of view \"%s\", whose * now reads more columns than the view has, is not supported", t.Name)
	}
	vt := &viewTarget{view: t, defaults: map[int]string{}}
	var quals []expr.Expr
	if vq.Where != nil {
		quals = append(quals, vq.Where)
	}
	// The base is locked as the statement's target (RowExclusiveLock).
	base, err := s.cat.Table(baseRTE.Table.Schema, baseRTE.Table.Name, lockRowExclusive)
	if err != nil {
		return nil, err
	}
	if base == nil || base.OID != baseRTE.Table.OID {
		return nil, pgerr.Newf(pgerr.InternalError, "could not open the base relation of view \"%s\"", t.Name)
	}
	s.q.Locks = append(s.q.Locks, plan.LockRef{OID: base.OID, Mode: lockRowExclusive})
	s.noteTable(base)
	hasCheck := t.CheckOption != "" || parentCascaded
	cascaded := t.CheckOption == "cascaded" || parentCascaded
	// This view's own check: its WHERE, over its base entry's row.
	var ownCheck expr.Expr
	if cmd != plan.CmdDelete && hasCheck && vq.Where != nil {
		ownCheck = vq.Where
	}
	for i, e := range targets {
		vt.cols = append(vt.cols, e)
		if d := viewColumnDetail(baseRTE, e); d != "" {
			vt.attnum = append(vt.attnum, -1)
			vt.colErr = append(vt.colErr, nonUpdatableColumn{view: t.Name, column: t.Columns[i].Name, detail: d})
		} else {
			vt.attnum = append(vt.attnum, e.(*expr.Var).Index)
			vt.colErr = append(vt.colErr, nonUpdatableColumn{})
		}
	}
	if baseRTE.Kind == plan.RTETable {
		vt.base = base
	} else {
		// A view over a view: resolve the inner one and read this view's
		// expressions through its columns.
		inner, err := s.resolveViewTarget(base, cmd, cascaded)
		if err != nil {
			return nil, err
		}
		vt.base = inner.base
		for i := range vt.cols {
			if vt.cols[i], err = substituteViewVars(vt.cols[i], inner.cols); err != nil {
				return nil, err
			}
			if k := vt.attnum[i]; k >= 0 {
				vt.attnum[i] = inner.attnum[k]
				vt.colErr[i] = inner.colErr[k]
			}
		}
		for i := range quals {
			if quals[i], err = substituteViewVars(quals[i], inner.cols); err != nil {
				return nil, err
			}
		}
		if ownCheck != nil {
			if ownCheck, err = substituteViewVars(ownCheck, inner.cols); err != nil {
				return nil, err
			}
		}
		quals = append(inner.quals, quals...)
		vt.checks = inner.checks
		for k, d := range inner.defaults {
			vt.defaults[k] = d
		}
	}
	vt.quals = quals
	if ownCheck != nil {
		if err := checkOptionSupported(ownCheck, len(vt.base.Columns)); err != nil {
			return nil, err
		}
		vt.checks = append(vt.checks, plan.ViewCheck{View: t.Name, Expr: ownCheck})
	}
	for i, k := range vt.attnum {
		if k >= 0 && i < len(t.Defaults) && t.Defaults[i] != "" {
			vt.defaults[k] = t.Defaults[i]
		}
	}
	return vt, nil
}

// substituteViewVars replaces the Vars of e that read an inner view's
// columns with those columns' expressions.
func substituteViewVars(e expr.Expr, cols []expr.Expr) (expr.Expr, error) {
	var bad bool
	var sub func(x expr.Expr) expr.Expr
	sub = func(x expr.Expr) expr.Expr {
		if x == nil || bad {
			return x
		}
		switch v := x.(type) {
		case *expr.Var:
			if v.LevelsUp != 0 {
				return v
			}
			if v.Index >= len(cols) {
				bad = true
				return v
			}
			return cols[v.Index]
		case *expr.SubLink:
			bad = true
			return v
		}
		out := plan.MapChildren(x, sub)
		if out == x && len(plan.Children(x)) > 0 {
			bad = true
		}
		return out
	}
	out := sub(e)
	if bad {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "changing a view over a view whose query has this expression is not supported")
	}
	return out, nil
}

// checkOptionSupported refuses a check option condition the row test
// cannot evaluate: the test sees the new row's user columns only.
func checkOptionSupported(e expr.Expr, natts int) error {
	bad := false
	plan.Walk(e, func(x expr.Expr) bool {
		if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && v.Index >= natts {
			bad = true
		}
		return !bad
	})
	if bad {
		return pgerr.New(pgerr.FeatureNotSupported, "WITH CHECK OPTION over a system column is not supported")
	}
	return nil
}

// viewTargetTable adds the entries of a statement whose target is view
// t, resolved as vt: the base table (the result relation, first in the level row) and an
// entry named as the view whose columns are the view's expressions over
// it. It returns the view entry's index, the one names resolve to.
func (s *state) viewTargetTable(rv *pg_query.RangeVar, t *plan.Table, vt *viewTarget, q *plan.Query) (int, error) {
	alias := rv.Relname
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	base := vt.base
	rte := &plan.RTE{Kind: plan.RTETable, Schema: base.Schema, Name: base.Name, Alias: base.Name, Table: base, Columns: base.Columns, Loc: rv.Location}
	idx := s.addRTE(rte)
	if rte.Offset != 0 {
		return 0, pgerr.New(pgerr.InternalError, "the target of a statement must start its level row")
	}
	s.useSys(rte)
	q.Result = rte
	q.ResultIndex = idx
	q.Locks = append(q.Locks, plan.LockRef{OID: t.OID, Mode: lockRowExclusive})
	s.noteTable(t)
	// The view's system column Vars were placed as in the view's own
	// level; the statement's level puts them at the same place (the base
	// entry is first in both) only when checked here.
	if rte.SysOffset != len(base.Columns) {
		return 0, pgerr.New(pgerr.InternalError, "unexpected layout of a view's base table")
	}
	cols := make([]plan.Column, len(t.Columns))
	copy(cols, t.Columns)
	view := &plan.RTE{Kind: plan.RTEJoin, Alias: alias, Schema: t.Schema, Name: t.Name, Columns: cols, JoinVars: vt.cols, Loc: rv.Location}
	vidx := s.addRTE(view)
	s.noteRelation(rv, t, view)
	vt.baseIndex, vt.rv = idx, rv
	s.view = vt
	return vidx, nil
}

// viewAsTable starts the statement's target anew as the view itself,
// its own columns, when a view column it assigns cannot be changed: the
// statement is analyzed against them and then fails with err, as
// PostgreSQL's rewriter fails after parse analysis. It returns the
// view's entry.
func (s *state) viewAsTable(q *plan.Query, err error) int {
	rv, t := s.view.rv, s.view.view
	q.RTEs, q.Width, q.Locks, q.Result, q.ResultIndex = nil, 0, nil, nil, 0
	s.view = nil
	s.viewErr = err
	return s.tableTarget(rv, t, q)
}

// viewColumns maps the view columns a statement assigns (indexes into
// the view's columns) to base columns, failing on the first one in
// column order that cannot be changed (rewriteTargetView).
func (s *state) viewColumns(cols []int, cmd plan.CommandType) ([]int, error) {
	vt := s.view
	sorted := append([]int(nil), cols...)
	sort.Ints(sorted)
	for _, i := range sorted {
		if vt.attnum[i] < 0 {
			c := vt.colErr[i]
			verb := "insert into"
			if cmd == plan.CmdUpdate {
				verb = "update"
			}
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "cannot %s column \"%s\" of view \"%s\"", verb, c.column, c.view).
				WithDetail("%s", c.detail)
		}
	}
	out := make([]int, len(cols))
	for j, i := range cols {
		out[j] = vt.attnum[i]
	}
	return out, nil
}

// withViewQuals adds the views' WHERE conditions to an UPDATE's or
// DELETE's own.
func (s *state) withViewQuals(where expr.Expr) expr.Expr {
	if s.view == nil || len(s.view.quals) == 0 {
		return where
	}
	args := append([]expr.Expr(nil), s.view.quals...)
	if where != nil {
		args = append(args, where)
	}
	if len(args) == 1 {
		return args[0]
	}
	return &expr.BoolExpr{Op: expr.And, Args: args}
}

// ViewUpdatableColumns is what relation_is_updatable needs of a view
// defined by sel (q analyzed): why it is not automatically updatable
// ("" when it is), the relation it changes, and for each of its columns
// the attnum of the base column it changes (0 when it changes none).
func ViewUpdatableColumns(sel *pg_query.SelectStmt, q *plan.Query) (why string, base *plan.Table, baseCols []int16) {
	if why = ViewNotUpdatable(sel, q, false); why != "" {
		return why, nil, nil
	}
	rte := q.RTEs[0]
	for _, t := range q.Targets {
		if t.Junk {
			continue
		}
		attnum := int16(0)
		if viewColumnDetail(rte, t.Expr) == "" {
			attnum = int16(t.Expr.(*expr.Var).Index - rte.Offset + 1)
		}
		baseCols = append(baseCols, attnum)
	}
	return "", rte.Table, baseCols
}
