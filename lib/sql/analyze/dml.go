// This file analyzes INSERT, UPDATE and DELETE (PostgreSQL's
// transformInsertStmt, transformUpdateStmt, transformDeleteStmt and
// parse_target.c's transformAssignedExpr): the target table, column
// lists, the coercion of new values to the columns' types, DEFAULT, and
// RETURNING.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// targetTable resolves the table an INSERT, UPDATE or DELETE changes and
// adds it to the range table (first, so that its values start the level
// row). It returns the index of the entry the statement's names resolve
// to: the table's, or for a view the entry of the view's columns.
func (s *state) targetTable(rv *pg_query.RangeVar, q *plan.Query) (int, error) {
	if rv.Catalogname != "" {
		return 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	t, err := s.cat.Table(rv.Schemaname, rv.Relname, lockRowExclusive)
	if err != nil {
		return 0, s.errorAt(err, rv.Location)
	}
	if t == nil {
		if _, ok := s.cat.VirtualRelation(rv.Schemaname, rv.Relname); ok {
			return 0, s.errorAt(pgerr.Newf(pgerr.ObjectNotInPrerequisiteState, "cannot change relation \"%s\"", rv.Relname), rv.Location)
		}
		full := rv.Relname
		if rv.Schemaname != "" {
			full = rv.Schemaname + "." + rv.Relname
		}
		return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full), rv.Location)
	}
	if t.Kind == 'v' {
		if q.Command == plan.CmdMerge {
			return 0, mergeRelationError(t.Name, "views")
		}
		vt, err := s.resolveViewTarget(t, q.Command, false)
		if err == nil {
			return s.viewTargetTable(rv, t, vt, q)
		}
		// PostgreSQL's rewriter refuses the view once the statement has
		// been analyzed against the view's own columns: so is it here.
		s.viewErr = err
	}
	return s.tableTarget(rv, t, q), nil
}

// tableTarget adds table t, the target of a statement, to the range
// table and returns its index.
func (s *state) tableTarget(rv *pg_query.RangeVar, t *plan.Table, q *plan.Query) int {
	alias := rv.Relname
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	rte := &plan.RTE{Kind: plan.RTETable, Alias: alias, Schema: t.Schema, Name: t.Name, Table: t, Columns: t.Columns, Loc: rv.Location}
	idx := s.addRTE(rte)
	s.noteRelation(rv, t, rte)
	// The scan of an UPDATE or DELETE target reports each row's ctid.
	s.useSys(rte)
	q.Result = rte
	q.ResultIndex = idx
	q.Locks = append(q.Locks, plan.LockRef{OID: t.OID, Mode: lockRowExclusive})
	s.noteTable(t)
	return idx
}

// onConflictArbiters are the unique indexes of t an ON CONFLICT clause
// checks rows against (infer_arbiter_indexes): those whose key columns
// are exactly the columns it names, the one of the constraint it names,
// or, without either (only with DO NOTHING), every unique index.
func (s *state) onConflictArbiters(t *plan.Table, oc *pg_query.OnConflictClause) ([]*plan.TableIndex, error) {
	infer := oc.Infer
	if infer == nil {
		if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name").
				WithHint("For example, ON CONFLICT (column_name)."), oc.Location)
		}
		var all []*plan.TableIndex
		for _, ix := range t.ArbiterIndexes() {
			if ix.Deferrable {
				return nil, errDeferrableArbiter()
			}
			if ix.Unique {
				all = append(all, ix)
			}
		}
		return all, nil
	}
	if infer.Conname != "" {
		for _, ix := range t.ArbiterIndexes() {
			if ix.Name == infer.Conname && ix.Deferrable {
				return nil, errDeferrableArbiter()
			}
			if ix.Name == infer.Conname && ix.Unique {
				return []*plan.TableIndex{ix}, nil
			}
		}
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "constraint \"%s\" for table \"%s\" does not exist", infer.Conname, t.Name), -1)
	}
	// The inference elements and WHERE read the target table alone.
	savedNS, savedKind := s.ns, s.kind
	defer func() { s.ns, s.kind = savedNS, savedKind }()
	s.ns = []nsItem{{rte: s.q.ResultIndex, relVisible: true, colsVisible: true}}
	offset := s.q.Result.Offset
	var where expr.Expr
	if infer.WhereClause != nil {
		s.kind = exprIndexPredicate
		w, err := s.transformExpr(infer.WhereClause)
		if err != nil {
			return nil, err
		}
		if where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	want := map[int]bool{}
	var wantExprs []expr.Expr
	for _, n := range infer.IndexElems {
		el := n.GetIndexElem()
		if len(el.Collation) > 0 || len(el.Opclass) > 0 {
			// No index of another collation or operator class exists to
			// match.
			if s.definingRoutine() {
				return nil, nil
			}
			return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification"), -1)
		}
		if el.Expr != nil {
			s.kind = exprIndexExpression
			e, err := s.transformExpr(el.Expr)
			if err != nil {
				return nil, err
			}
			if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 && v.Index >= offset && v.Index < offset+len(t.Columns) {
				want[v.Index-offset] = true
			} else {
				wantExprs = append(wantExprs, e)
			}
			continue
		}
		i := -1
		for j, c := range t.Columns {
			if c.Name == el.Name {
				i = j
			}
		}
		if i < 0 {
			// The names are column references (transformExpr), located
			// where the column list starts.
			return nil, s.errorMissingColumn("", el.Name, infer.Location)
		}
		s.noteConflictColumn(el, t, i)
		want[i] = true
	}
	var out []*plan.TableIndex
	for _, ix := range t.ArbiterIndexes() {
		if !ix.Unique && !ix.Deferrable {
			continue
		}
		if ix.Pred != nil && (where == nil || !plan.PredicateImplied(ix.Pred, []expr.Expr{where}, offset)) {
			continue
		}
		have := map[int]bool{}
		match := true
		exprsMatched := map[int]bool{}
		for k, c := range ix.Columns[:len(ix.Index.Keys)] {
			if c >= 0 {
				have[c] = true
				continue
			}
			found := false
			for j, e := range wantExprs {
				if plan.ExprEqualShifted(e, ix.Exprs[k], offset) {
					found, exprsMatched[j] = true, true
				}
			}
			match = match && found
		}
		if len(have) != len(want) || len(exprsMatched) != len(wantExprs) {
			continue
		}
		for c := range want {
			match = match && have[c]
		}
		if match && ix.Deferrable {
			return nil, errDeferrableArbiter()
		}
		if match {
			out = append(out, ix)
		}
	}
	if len(out) == 0 && !s.definingRoutine() {
		return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification"), -1)
	}
	return out, nil
}

// onConflictUpdate analyzes ON CONFLICT DO UPDATE's SET list and WHERE
// condition (transformOnConflictClause). They see the existing row as
// the target table and the row proposed for insertion as "excluded", a
// range table entry of its own whose values the executor supplies; both
// names and their columns are visible, so an unqualified column is
// ambiguous.
func (s *state) onConflictUpdate(q *plan.Query, t *plan.Table, target int, oc *pg_query.OnConflictClause) (*plan.OnConflictUpdate, error) {
	excluded := s.addRTE(&plan.RTE{Kind: plan.RTEResult, Alias: "excluded", Columns: t.Columns, Loc: -1})
	s.ns = []nsItem{{rte: excluded, relVisible: true, colsVisible: true}, {rte: target, relVisible: true, colsVisible: true}}
	newValues, err := s.transformSetList(q, t, oc.TargetList)
	if err != nil {
		return nil, err
	}
	u := &plan.OnConflictUpdate{NewValues: newValues, ExcludedOffset: q.RTEs[excluded].Offset}
	if oc.WhereClause != nil {
		saved := s.kind
		s.kind = exprWhere
		w, err := s.transformExpr(oc.WhereClause)
		s.kind = saved
		if err != nil {
			return nil, err
		}
		if u.Where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// definingRoutine reports whether the statement is a SQL-standard
// body's, analyzed to define or print the routine (sqlFunction.defining).
func (s *state) definingRoutine() bool {
	return s.shared.fn != nil && s.shared.fn.defining
}

// errDeferrableArbiter is infer_arbiter_indexes' refusal of an index
// that checks its keys only when its statement or transaction ends.
func errDeferrableArbiter() error {
	return pgerr.New(pgerr.ObjectNotInPrerequisiteState, "ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters")
}

// attnumOf finds a column of the target table by name.
func (s *state) attnumOf(t *plan.Table, name string, loc int32) (int, error) {
	for i, c := range t.Columns {
		if c.Name == name {
			return i, nil
		}
	}
	return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, t.Name), loc)
}

// setDefault is the value of SET col = DEFAULT: the column's default,
// but through a view the view column's default, else NULL
// (rewriteTargetListIU builds the default of the view, not of its
// base).
func (s *state) setDefault(t *plan.Table, i int) (expr.Expr, error) {
	if s.view == nil || t != s.view.base || s.view.defaults[i] != "" || generatedOf(t, i) || identityOf(t, i) != 0 {
		return s.columnDefault(t, i)
	}
	col := t.Columns[i]
	if d := s.domainRow(col.TypeOID); d != nil {
		return s.domainCheck(&expr.Const{Typ: d.BaseType, Mod: d.TypMod, Value: types.Null, Loc: -1}, col.TypeOID, false)
	}
	return &expr.Const{Typ: col.TypeOID, Mod: col.TypeMod, Value: types.Null, Loc: -1}, nil
}

// setTarget finds the column an UPDATE's SET assigns: a column of the
// target table, or of the view the statement changes mapped to its base
// column.
func (s *state) setTarget(rt *pg_query.ResTarget, t *plan.Table) (int, error) {
	name, loc := rt.Name, rt.Location
	if s.view == nil {
		i, err := s.attnumOf(t, name, loc)
		if err == nil {
			s.noteTargetColumn(rt, t, i)
		}
		return i, err
	}
	i, err := s.attnumOf(s.view.view, name, loc)
	if err != nil {
		return 0, err
	}
	s.noteTargetColumn(rt, s.view.view, i)
	cols, err := s.viewColumns([]int{i}, plan.CmdUpdate)
	if err != nil {
		return 0, err
	}
	return cols[0], nil
}

// assign is transformAssignedExpr: coerce a new value to its column's
// type and typmod in assignment context.
func (s *state) assign(e expr.Expr, col plan.Column, loc int32) (expr.Expr, error) {
	if loc < 0 {
		loc = expr.Location(e)
	}
	if e.Type() != col.TypeOID && !s.canCoerce([]uint32{e.Type()}, []uint32{col.TypeOID}, ccAssignment) {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "column \"%s\" is of type %s but expression is of type %s",
			col.Name, s.typeName(col.TypeOID), s.typeName(e.Type())).
			WithHint("You will need to rewrite or cast the expression."), loc)
	}
	out, err := s.coerceToTarget(e, col.TypeOID, col.TypeMod, ccAssignment, loc)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// newRowChecks gives q, which writes new rows into t, what they are
// checked against and completed with: t's CHECK constraints, its
// generated columns and, through a view, the view's check options.
func (s *state) newRowChecks(q *plan.Query, t *plan.Table) error {
	var err error
	if q.Checks, err = s.tableChecks(t); err != nil {
		return err
	}
	if q.Generated, err = s.tableGenerated(t); err != nil {
		return err
	}
	if s.view != nil {
		q.ViewChecks = s.view.checks
	}
	return nil
}

// tableChecks analyzes a table's CHECK constraints for a new row.
func (s *state) tableChecks(t *plan.Table) ([]plan.CheckConstraint, error) {
	var out []plan.CheckConstraint
	for _, c := range t.Checks {
		e, err := AnalyzeStoredCheck(s.cat, c.Expr, t, s.format)
		if err != nil {
			return nil, err
		}
		out = append(out, plan.CheckConstraint{Name: c.Name, Expr: e})
	}
	return out, nil
}

// generatedOf reports whether column i is a generated column.
func generatedOf(t *plan.Table, i int) bool {
	return t.Generated != nil && t.Generated[i] != 0
}

// tableGenerated analyzes a table's generated columns for a new row.
func (s *state) tableGenerated(t *plan.Table) ([]plan.GeneratedColumn, error) {
	var out []plan.GeneratedColumn
	for i := range t.Generated {
		if t.Generated[i] == 0 {
			continue
		}
		e, err := AnalyzeStoredGenerated(s.cat, t.Defaults[i], t, i, s.format)
		if err != nil {
			return nil, err
		}
		out = append(out, plan.GeneratedColumn{Index: i, Expr: e})
	}
	return out, nil
}

// identityOf is column i's attidentity.
func identityOf(t *plan.Table, i int) byte {
	if t.Identity == nil {
		return 0
	}
	return t.Identity[i]
}

// allDefault reports whether every row of an INSERT's VALUES gives DEFAULT
// as its j-th value (a SELECT source never does).
func allDefault(sel *pg_query.SelectStmt, j int) bool {
	if sel == nil {
		return true
	}
	if len(sel.ValuesLists) == 0 || sel.Op != pg_query.SetOperation_SETOP_NONE {
		return false
	}
	for _, l := range sel.ValuesLists {
		items := l.GetList().GetItems()
		if j >= len(items) || items[j].GetSetToDefault() == nil {
			return false
		}
	}
	return true
}

// columnDefault returns the default of column i as an expression in the
// column's type, or a typed NULL.
func (s *state) columnDefault(t *plan.Table, i int) (expr.Expr, error) {
	col := t.Columns[i]
	if s.view != nil && t == s.view.base && s.view.defaults[i] != "" && !generatedOf(t, i) {
		// The default of the view's column (rewriteTargetListIU on the
		// view) comes before the table's.
		e, err := s.analyzeStoredExpr(s.view.defaults[i])
		if err != nil {
			return nil, err
		}
		return s.assign(e, col, -1)
	}
	if generatedOf(t, i) {
		// Computed from the new row after the other columns.
		return &expr.Const{Typ: col.TypeOID, Mod: col.TypeMod, Value: types.Null, Loc: -1}, nil
	}
	if i < len(t.Defaults) && t.Defaults[i] != "" {
		e, err := s.analyzeStoredExpr(t.Defaults[i])
		if err != nil {
			return nil, err
		}
		return s.assign(e, col, -1)
	}
	if d := s.domainRow(col.TypeOID); d != nil {
		// get_typdefault, else NULL checked against the domain's NOT
		// NULL (coerce_null_to_domain).
		info, err := s.syscache().Domain(col.TypeOID)
		if err != nil {
			return nil, err
		}
		if info.Default != "" {
			e, err := s.analyzeStoredExpr(info.Default)
			if err != nil {
				return nil, err
			}
			return s.assign(e, col, -1)
		}
		return s.domainCheck(&expr.Const{Typ: d.BaseType, Mod: d.TypMod, Value: types.Null, Loc: -1}, col.TypeOID, false)
	}
	return &expr.Const{Typ: col.TypeOID, Mod: col.TypeMod, Value: types.Null, Loc: -1}, nil
}

// analyzeStoredExpr analyzes the text of a stored expression (a column
// default), which refers to no columns.
func (s *state) analyzeStoredExpr(text string) (expr.Expr, error) {
	return AnalyzeExpr(s.cat, text, s.format)
}

// AnalyzeExpr analyzes a standalone expression (a stored default) that
// refers to no columns.
func AnalyzeExpr(cat Catalog, text string, format *types.FormatOptions) (expr.Expr, error) {
	stmts, err := parser.Parse("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid stored expression: %s", text)
	}
	st := &state{shared: &shared{query: stmts[0].Query, cat: cat, format: format, fixed: true}, kind: exprDefault}
	return st.checked(st.transformExpr(sel.TargetList[0].GetResTarget().Val))
}

func (s *state) transformInsert(ins *pg_query.InsertStmt) (*plan.Query, error) {
	// A data-modifying WITH query's own WITH items come after those
	// it sees.
	firstCTE := len(s.ctes)
	if ins.WithClause != nil {
		if err := s.transformWith(ins.WithClause); err != nil {
			return nil, err
		}
	}
	q := &plan.Query{Command: plan.CmdInsert}
	// The target is not visible to the source SELECT: it gets its own
	// level row for RETURNING.
	s.q = q
	nsIdx, err := s.targetTable(ins.Relation, q)
	if err != nil {
		return nil, err
	}
	t := q.Result.Table
	if oc := ins.OnConflictClause; oc != nil {
		arbiters, err := s.onConflictArbiters(t, oc)
		if err != nil {
			return nil, err
		}
		if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE && (s.view != nil || s.viewErr != nil) {
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "ON CONFLICT DO UPDATE on a view is not supported"), -1)
		}
		q.OnConflict = &plan.OnConflict{DoNothing: oc.Action == pg_query.OnConflictAction_ONCONFLICT_NOTHING, Arbiters: arbiters,
			Untargeted: oc.Infer == nil}
	}
	named := t
	if s.view != nil {
		// The column list names the view's columns.
		named = s.view.view
	}
	cols, colLocs, colSubs, err := s.insertTargets(named, ins.Cols)
	if err != nil {
		return nil, err
	}
	newValues := make([]expr.Expr, len(t.Columns))
	sel := ins.SelectStmt.GetSelectStmt()
	// Without a column list, the values fill the first columns.
	if len(ins.Cols) == 0 && sel != nil {
		n := -1
		if len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE {
			n = len(sel.ValuesLists[0].GetList().GetItems())
		} else if sel.Op == pg_query.SetOperation_SETOP_NONE && len(sel.ValuesLists) == 0 {
			n = 0
			for _, tn := range sel.TargetList {
				val := tn.GetResTarget().GetVal()
				if cr := val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
					n = -1
					break
				}
				// (composite).* expands to its columns too.
				if ind := val.GetAIndirection(); ind != nil && len(ind.Indirection) > 0 && ind.Indirection[len(ind.Indirection)-1].GetAStar() != nil {
					n = -1
					break
				}
				n++
			}
		}
		if n >= 0 && n < len(cols) {
			cols, colLocs = cols[:n], colLocs[:n]
		}
	}
	if s.view != nil {
		if sel == nil {
			cols, colLocs = nil, nil
		} else if mapped, err := s.viewColumns(cols, plan.CmdInsert); err != nil {
			// The statement goes on against the view's own columns.
			nsIdx = s.viewAsTable(q, err)
			t = q.Result.Table
			newValues = make([]expr.Expr, len(t.Columns))
		} else {
			cols = mapped
		}
	}
	ignore, err := insertOverrides(t, cols, ins.Override, func(j int) bool { return allDefault(sel, j) })
	if err != nil {
		return nil, err
	}
	switch {
	case sel == nil:
		// DEFAULT VALUES
		cols = nil
	case len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE && len(sel.SortClause) == 0 &&
		sel.LimitCount == nil && sel.LimitOffset == nil && sel.WithClause == nil:
		src, err := s.insertValues(q, t, sel.ValuesLists, cols, colLocs, colSubs)
		if err != nil {
			return nil, err
		}
		q.InsertSource = src
		for j, i := range cols {
			c := t.Columns[i]
			if j < len(colSubs) && colSubs[j] != nil {
				newValues[i] = insertThrough(colSubs[j], newValues[i], c, j, src.Targets[j].Expr)
				continue
			}
			newValues[i] = &expr.Var{Index: j, Typ: c.TypeOID, Mod: c.TypeMod, Loc: -1}
		}
	default:
		c := &state{shared: s.shared, ctes: s.ctes}
		src, err := c.transformSelectKeepUnknown(sel)
		if err != nil {
			return nil, err
		}
		vis := src.VisibleTargets()
		if len(ins.Cols) == 0 && len(vis) < len(cols) {
			cols, colLocs = cols[:len(vis)], colLocs[:len(vis)]
		}
		if len(vis) > len(cols) {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns"), expr.Location(vis[len(cols)].Expr))
		}
		if len(vis) < len(cols) {
			loc := int32(-1)
			if len(ins.Cols) > 0 {
				loc = colLocs[len(vis)]
			}
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions"), loc)
		}
		for _, v := range vis {
			q.InsertSourceWritten = append(q.InsertSourceWritten, v.Expr)
		}
		// Coerce the source's outputs to the columns' types.
		for j, i := range cols {
			c := t.Columns[i]
			var e expr.Expr
			if j < len(colSubs) && colSubs[j] != nil {
				e, err = s.targetValue(vis[j].Expr, colSubs[j], c, colLocs[j])
			} else if vis[j].Expr.Type() == types.OidRecord && c.TypeOID != types.OidRecord && s.isRowType(c.TypeOID) {
				// The SELECT is a subquery whose output column is of type
				// record: coerce_record_to_complex converts only a row
				// constructor or a whole-row reference, not such a column.
				err = s.errorAt(pgerr.Newf(pgerr.CannotCoerce, "cannot cast type record to %s", s.typeName(c.TypeOID)), expr.Location(vis[j].Expr))
			} else {
				e, err = s.assign(vis[j].Expr, c, expr.Location(vis[j].Expr))
			}
			if err != nil {
				return nil, err
			}
			vis[j].Expr = e
			if j < len(colSubs) && colSubs[j] != nil {
				newValues[i] = insertThrough(colSubs[j], newValues[i], c, j, e)
				continue
			}
			newValues[i] = &expr.Var{Index: j, Typ: c.TypeOID, Mod: c.TypeMod, Loc: -1}
		}
		q.InsertSource = src
	}
	for i := range ignore {
		newValues[i] = nil
	}
	// Columns not given get their defaults.
	for i := range t.Columns {
		if newValues[i] != nil || t.Columns[i].Name == "" {
			if newValues[i] == nil {
				newValues[i] = &expr.Const{Typ: t.Columns[i].TypeOID, Mod: -1, Value: types.Null, Loc: -1}
			}
			continue
		}
		d, err := s.columnDefault(t, i)
		if err != nil {
			return nil, err
		}
		newValues[i] = d
	}
	q.NewValues = newValues
	if oc := ins.OnConflictClause; oc != nil && !q.OnConflict.DoNothing {
		if q.OnConflict.Update, err = s.onConflictUpdate(q, t, nsIdx, oc); err != nil {
			return nil, err
		}
	}
	if err := s.newRowChecks(q, t); err != nil {
		return nil, err
	}
	// RETURNING reads the new row: the target's entry alone.
	s.ns = []nsItem{{rte: nsIdx, relVisible: true, colsVisible: true}}
	if err := s.transformReturning(q, ins.ReturningList); err != nil {
		return nil, err
	}
	if s.viewErr != nil {
		return nil, s.viewErr
	}
	return q, s.finishWith(q, firstCTE)
}

// insertColumns resolves an INSERT's column list (of INSERT and of
// MERGE's INSERT action): the attnums named with their locations, or
// insertTargets resolves an INSERT's column list (of INSERT and of
// MERGE's INSERT action), all columns when there is none. A target may
// assign through subscripts (col[i]): colSubs holds those targets'
// subscripts, nil for whole columns. Several targets may assign to
// subscripts of one column, not to the whole column too.
func (s *state) insertTargets(t *plan.Table, list []*pg_query.Node) (cols []int, colLocs []int32, colSubs []*assignTarget, err error) {
	if len(list) > 0 {
		seen := map[int]bool{}
		partial := map[int]bool{}
		for _, n := range list {
			rt := n.GetResTarget()
			i, err := s.attnumOf(t, rt.Name, rt.Location)
			if err != nil {
				return nil, nil, nil, err
			}
			s.noteTargetColumn(rt, t, i)
			if seen[i] && (len(rt.Indirection) == 0 || !partial[i]) {
				return nil, nil, nil, s.errorAt(pgerr.Newf(pgerr.DuplicateColumn, "column \"%s\" specified more than once", rt.Name), rt.Location)
			}
			seen[i] = true
			var sub *assignTarget
			if len(rt.Indirection) > 0 {
				partial[i] = true
				if sub, err = s.insertSubscripts(t.Columns[i], rt); err != nil {
					return nil, nil, nil, err
				}
			}
			cols = append(cols, i)
			colLocs = append(colLocs, rt.Location)
			colSubs = append(colSubs, sub)
		}
	} else {
		for i, c := range t.Columns {
			if c.Name != "" {
				cols = append(cols, i)
				colLocs = append(colLocs, -1)
			}
		}
	}
	return cols, colLocs, colSubs, nil
}

// insertOverrides applies the rules of identity and generated columns to
// the columns an INSERT gives values for (rewriteTargetListIU):
// isDefault(j) says whether every value given for cols[j] is DEFAULT.
// It returns the columns whose values OVERRIDING USER VALUE ignores.
func insertOverrides(t *plan.Table, cols []int, override pg_query.OverridingKind, isDefault func(j int) bool) (map[int]bool, error) {
	// Identity columns (rewriteTargetListIU): a GENERATED ALWAYS column
	// takes only DEFAULT unless OVERRIDING SYSTEM VALUE; OVERRIDING USER
	// VALUE ignores the values given for identity columns.
	ignore := map[int]bool{}
	if t.Generated != nil {
		for j, i := range cols {
			if generatedOf(t, i) && !isDefault(j) {
				name := t.Columns[i].Name
				return nil, pgerr.Newf(pgerr.GeneratedAlways, "cannot insert a non-DEFAULT value into column \"%s\"", name).
					WithDetail("Column \"%s\" is a generated column.", name)
			}
		}
	}
	if t.Identity != nil {
		for j, i := range cols {
			switch {
			case t.Identity[i] == 0:
			case override == pg_query.OverridingKind_OVERRIDING_USER_VALUE:
				ignore[i] = true
			case t.Identity[i] == 'a' && override != pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE && !isDefault(j):
				name := t.Columns[i].Name
				return nil, pgerr.Newf(pgerr.GeneratedAlways, "cannot insert a non-DEFAULT value into column \"%s\"", name).
					WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", name).
					WithHint("Use OVERRIDING SYSTEM VALUE to override.")
			}
		}
	}
	return ignore, nil
}

// transformSelectKeepUnknown analyzes an INSERT's SELECT, leaving
// unknown-type outputs unresolved so that they take the target column's
// type.
func (s *state) transformSelectKeepUnknown(sel *pg_query.SelectStmt) (*plan.Query, error) {
	s.keepUnknown = true
	return s.transformSelect(sel)
}

// insertValues analyzes INSERT ... VALUES: each row's values are coerced
// to the target columns (DEFAULT takes the column default).
func (s *state) insertValues(q *plan.Query, t *plan.Table, lists []*pg_query.Node, cols []int, colLocs []int32, colSubs []*assignTarget) (*plan.Query, error) {
	saved := s.kind
	s.kind = exprInsertValues
	defer func() { s.kind = saved }()
	// The values are analyzed without the target in scope.
	savedNS := s.ns
	s.ns = nil
	defer func() { s.ns = savedNS }()
	var rows [][]expr.Expr
	for _, l := range lists {
		items := l.GetList().GetItems()
		if len(items) > len(cols) {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns"), nodeLocation(items[len(cols)]))
		}
		if len(items) < len(cols) {
			loc := colLocs[len(items)]
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions"), loc)
		}
		row := make([]expr.Expr, len(items))
		for j, it := range items {
			i := cols[j]
			if j < len(colSubs) && colSubs[j] != nil {
				if it.GetSetToDefault() != nil {
					return nil, s.errorAt(colSubs[j].errDefault(), colLocs[j])
				}
				e, err := s.transformExpr(it)
				if err != nil {
					return nil, err
				}
				if row[j], err = s.targetValue(e, colSubs[j], t.Columns[i], colLocs[j]); err != nil {
					return nil, err
				}
				continue
			}
			if it.GetSetToDefault() != nil {
				d, err := s.columnDefault(t, i)
				if err != nil {
					return nil, err
				}
				row[j] = d
				continue
			}
			e, err := s.transformExpr(it)
			if err != nil {
				return nil, err
			}
			if row[j], err = s.assign(e, t.Columns[i], nodeLocation(it)); err != nil {
				return nil, err
			}
		}
		rows = append(rows, row)
	}
	// The source is a query over a VALUES entry (a single row needs no
	// entry: the Result node's one row computes it).
	src := &plan.Query{}
	if len(rows) == 1 {
		for _, e := range rows[0] {
			src.Targets = append(src.Targets, plan.Target{Expr: e})
		}
		return src, nil
	}
	rte := &plan.RTE{Kind: plan.RTEValues, Alias: "*VALUES*", Values: rows, Loc: -1}
	for j, i := range cols {
		c := t.Columns[i]
		if j < len(colSubs) && colSubs[j] != nil {
			// An element or slice assigned through subscripts.
			v := rows[0][j]
			rte.Columns = append(rte.Columns, columnOf(c.Name, v.Type(), v.Typmod()))
			continue
		}
		rte.Columns = append(rte.Columns, columnOf(c.Name, c.TypeOID, c.TypeMod))
	}
	rte.Offset, rte.Width = 0, len(cols)
	src.RTEs = []*plan.RTE{rte}
	src.Width = len(cols)
	src.From = []plan.FromItem{&plan.RangeItem{RTE: 0}}
	for j, c := range rte.Columns {
		src.Targets = append(src.Targets, plan.Target{Expr: &expr.Var{Index: j, Typ: c.TypeOID, Mod: c.TypeMod, Loc: -1}, Name: c.Name})
	}
	return src, nil
}

func (s *state) transformReturning(q *plan.Query, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	saved := s.kind
	s.kind = exprReturning
	defer func() { s.kind = saved }()
	tmp := &plan.Query{}
	if err := s.transformTargets(tmp, list); err != nil {
		return err
	}
	q.Returning = tmp.Targets
	return nil
}

func (s *state) transformUpdate(up *pg_query.UpdateStmt) (*plan.Query, error) {
	// A data-modifying WITH query's own WITH items come after those
	// it sees.
	firstCTE := len(s.ctes)
	if up.WithClause != nil {
		if err := s.transformWith(up.WithClause); err != nil {
			return nil, err
		}
	}
	q := &plan.Query{Command: plan.CmdUpdate}
	s.q = q
	idx, err := s.targetTable(up.Relation, q)
	if err != nil {
		return nil, err
	}
	if s.view != nil {
		// A view column that cannot be changed fails in column order
		// (rewriteTargetView), once the statement has been analyzed
		// against the view's own columns.
		var cols []int
		for _, n := range up.TargetList {
			if i, err := s.attnumOf(s.view.view, n.GetResTarget().Name, -1); err == nil {
				cols = append(cols, i)
			}
		}
		if _, err := s.viewColumns(cols, plan.CmdUpdate); err != nil {
			idx = s.viewAsTable(q, err)
		}
	}
	t := q.Result.Table
	s.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
	q.From = []plan.FromItem{&plan.RangeItem{RTE: q.ResultIndex}}
	if err := s.transformFrom(up.FromClause); err != nil {
		return nil, err
	}
	if up.WhereClause != nil {
		s.kind = exprWhere
		w, err := s.transformExpr(up.WhereClause)
		if err != nil {
			return nil, err
		}
		if q.Where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	q.Where = s.withViewQuals(q.Where)
	newValues, err := s.transformSetList(q, t, up.TargetList)
	if err != nil {
		return nil, err
	}
	q.NewValues = newValues
	if err := s.newRowChecks(q, t); err != nil {
		return nil, err
	}
	if err := s.transformReturning(q, up.ReturningList); err != nil {
		return nil, err
	}
	if s.viewErr != nil {
		return nil, s.viewErr
	}
	return q, s.finishWith(q, firstCTE)
}

// transformSetList analyzes the SET list of UPDATE (and of MERGE's
// UPDATE action): the new value of every user column of the target t
// over the level row, a Var of the old value where the list sets none.
func (s *state) transformSetList(q *plan.Query, t *plan.Table, list []*pg_query.Node) ([]expr.Expr, error) {
	saved := s.kind
	s.kind = exprUpdateSource
	defer func() { s.kind = saved }()
	newValues := make([]expr.Expr, len(t.Columns))
	set := map[int]bool{}
	// The sub-SELECTs of SET (a, b) = (SELECT ...), by their node.
	type multiAssign struct {
		id   int
		sub  *expr.SubLink
		vis  []*plan.Target
		refs []*expr.MultiAssignRef
		cols []int
	}
	var multis []*multiAssign
	multiOf := map[*pg_query.Node]*multiAssign{}
	partial := map[int]bool{} // columns assigned through subscripts
	for _, n := range list {
		rt := n.GetResTarget()
		// The column is looked up first: in SET t.col = ..., "t" is a
		// column name with a field selection.
		if systemColumn(rt.Name) >= 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cannot assign to system column \"%s\"", rt.Name), rt.Location)
		}
		i, err := s.setTarget(rt, t)
		if err != nil {
			return nil, err
		}
		if len(rt.Indirection) > 0 {
			if set[i] && !partial[i] {
				return nil, pgerr.Newf(pgerr.SyntaxError, "multiple assignments to same column \"%s\"", rt.Name)
			}
			if err := s.updateSubscripts(t, i, rt, newValues, q.Result.Offset); err != nil {
				return nil, err
			}
			set[i], partial[i] = true, true
			continue
		}
		if set[i] {
			return nil, pgerr.Newf(pgerr.SyntaxError, "multiple assignments to same column \"%s\"", rt.Name)
		}
		set[i] = true
		var e expr.Expr
		val := rt.Val
		var fromSub *expr.MultiAssignRef
		var fromSubLoc int32
		if ma := val.GetMultiAssignRef(); ma != nil {
			row := ma.Source.GetRowExpr()
			if row == nil {
				sl := ma.Source.GetSubLink()
				if sl == nil {
					return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression"), rt.Location)
				}
				m := multiOf[ma.Source]
				if m == nil {
					sub, err := s.transformSubLink(&pg_query.SubLink{SubLinkType: pg_query.SubLinkType_MULTIEXPR_SUBLINK,
						Subselect: sl.Subselect, Location: sl.Location})
					if err != nil {
						return nil, err
					}
					m = &multiAssign{id: len(multis), sub: sub.(*expr.SubLink)}
					m.vis = m.sub.Plan.(*plan.Query).VisibleTargets()
					if len(m.vis) != int(ma.Ncolumns) {
						return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "number of columns does not match number of values"), sl.Location)
					}
					multis = append(multis, m)
					multiOf[ma.Source] = m
				}
				src := m.vis[ma.Colno-1].Expr
				fromSub = &expr.MultiAssignRef{ID: m.id, Field: int(ma.Colno - 1), Typ: src.Type(), Mod: src.Typmod()}
				fromSubLoc = expr.Location(src)
				m.refs = append(m.refs, fromSub)
				m.cols = append(m.cols, i)
			} else {
				if int(ma.Ncolumns) != len(row.Args) {
					msg := "number of columns does not match number of values"
					return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, msg), row.Location)
				}
				val = row.Args[ma.Colno-1]
			}
		}
		if fromSub != nil {
			if generatedOf(t, i) || identityOf(t, i) == 'a' {
				// Checked below for the other forms; a sub-SELECT's
				// column is never DEFAULT.
				val = nil
			} else {
				if e, err = s.assign(fromSub, t.Columns[i], fromSubLoc); err != nil {
					return nil, err
				}
				newValues[i] = e
				continue
			}
		}
		if val != nil && val.GetSetToDefault() != nil {
			if e, err = s.setDefault(t, i); err != nil {
				return nil, err
			}
		} else {
			if generatedOf(t, i) {
				return nil, pgerr.Newf(pgerr.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
					WithDetail("Column \"%s\" is a generated column.", rt.Name)
			}
			if identityOf(t, i) == 'a' {
				return nil, pgerr.Newf(pgerr.GeneratedAlways, "column \"%s\" can only be updated to DEFAULT", rt.Name).
					WithDetail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.", rt.Name)
			}
			if e, err = s.transformExpr(val); err != nil {
				return nil, err
			}
			if e, err = s.assign(e, t.Columns[i], nodeLocation(val)); err != nil {
				return nil, err
			}
		}
		newValues[i] = e
	}
	// Each sub-SELECT runs once per row, from the column computed first.
	for _, m := range multis {
		first := 0
		for k, c := range m.cols {
			if c < m.cols[first] {
				first = k
			}
		}
		m.refs[first].Source = m.sub
	}
	for i, c := range t.Columns {
		if newValues[i] == nil {
			newValues[i] = &expr.Var{Index: q.Result.Offset + i, Typ: c.TypeOID, Mod: c.TypeMod, Name: c.Name, Loc: -1}
		}
	}
	return newValues, nil
}

func (s *state) transformDelete(del *pg_query.DeleteStmt) (*plan.Query, error) {
	// A data-modifying WITH query's own WITH items come after those
	// it sees.
	firstCTE := len(s.ctes)
	if del.WithClause != nil {
		if err := s.transformWith(del.WithClause); err != nil {
			return nil, err
		}
	}
	q := &plan.Query{Command: plan.CmdDelete}
	s.q = q
	idx, err := s.targetTable(del.Relation, q)
	if err != nil {
		return nil, err
	}
	s.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
	q.From = []plan.FromItem{&plan.RangeItem{RTE: q.ResultIndex}}
	if err := s.transformFrom(del.UsingClause); err != nil {
		return nil, err
	}
	if del.WhereClause != nil {
		s.kind = exprWhere
		w, err := s.transformExpr(del.WhereClause)
		if err != nil {
			return nil, err
		}
		if q.Where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	q.Where = s.withViewQuals(q.Where)
	if err := s.transformReturning(q, del.ReturningList); err != nil {
		return nil, err
	}
	if s.viewErr != nil {
		return nil, s.viewErr
	}
	return q, s.finishWith(q, firstCTE)
}
