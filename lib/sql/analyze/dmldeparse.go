// This file prints INSERT, UPDATE and DELETE statements back as SQL the
// way PostgreSQL 15's ruleutils.c does (get_insert_query_def,
// get_update_query_def, get_delete_query_def), for the statements of a
// SQL-standard function body. The analyzed statement gives the
// expressions; the statement as written gives what analysis does not
// keep: the column list, DEFAULT in VALUES and SET, ONLY, the alias and
// ON CONFLICT's target and the data-modifying WITH queries. Clauses not
// printed yet (ON CONFLICT on an index expression or with WHERE, assignments
// through subscripts or fields, SET (...) = (SELECT ...), WHERE CURRENT
// OF, a view as the target) make the statement unprintable.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// statement prints one statement of a body: a SELECT, INSERT, UPDATE
// or DELETE, raw being the statement as written; visible says whether
// the names of RETURNING's columns matter (get_query_def's
// colNamesVisible: in a WITH query, not at the top of a body).
func (p *queryDeparser) statement(q *plan.Query, raw *pg_query.Node, start int, visible bool) {
	if p.err != nil {
		return
	}
	if p.rawCTEs == nil {
		// The data-modifying WITH queries of the statement, by name
		// (they appear at its top level only).
		p.rawCTEs = map[string]*pg_query.Node{}
		for _, n := range pg_query.StatementWith(raw).GetCtes() {
			if c := n.GetCommonTableExpr(); c != nil && c.GetCtequery().GetSelectStmt() == nil {
				p.rawCTEs[c.Ctename] = c.Ctequery
			}
		}
	}
	switch {
	case q.Command == plan.CmdSelect:
		p.query(q, nil, visible, start)
	case q.Command == plan.CmdInsert && raw.GetInsertStmt() != nil:
		p.dml(q, start, func() { p.insert(q, raw.GetInsertStmt(), visible) })
	case q.Command == plan.CmdUpdate && raw.GetUpdateStmt() != nil:
		p.dml(q, start, func() { p.update(q, raw.GetUpdateStmt(), visible) })
	case q.Command == plan.CmdDelete && raw.GetDeleteStmt() != nil:
		p.dml(q, start, func() { p.delete(q, raw.GetDeleteStmt(), visible) })
	default:
		p.fail()
	}
}

// dml prints a data-modifying statement at indentation start, its
// range table named as a query level.
func (p *queryDeparser) dml(q *plan.Query, start int, body func()) {
	if p.err != nil {
		return
	}
	if q.Result == nil || q.Result.Table == nil || len(q.MergeActions) > 0 {
		p.fail()
		return
	}
	defer p.enterLevel(q, start)()
	p.with(q)
	if !p.noIndent {
		p.b.WriteByte(' ')
		p.indent += prettyIndentStd
	}
	body()
}

// target prints the statement's target table (generate_relation_name)
// after ONLY when the statement names it so; false when the table
// analysis changes is not the one written (a view's base table).
func (p *queryDeparser) target(q *plan.Query, rv *pg_query.RangeVar) bool {
	t := q.Result.Table
	if rv == nil || rv.Relname != t.Name || rv.Schemaname != "" && rv.Schemaname != t.Schema || t.Kind == 'v' {
		return false
	}
	rel, ok := p.format.Names.RegName(types.OidRegclass, t.OID)
	if !ok {
		return false
	}
	if !rv.Inh {
		p.b.WriteString("ONLY ")
	}
	p.b.WriteString(rel)
	return true
}

// returning prints RETURNING's list as get_target_list does.
func (p *queryDeparser) returning(q *plan.Query, visible bool) {
	if len(q.Returning) == 0 {
		return
	}
	p.keyword(" RETURNING", -prettyIndentStd, prettyIndentStd, 1)
	p.targets(&plan.Query{Targets: q.Returning}, func(e expr.Expr) expr.Expr { return e }, nil, visible)
}

// where prints a statement's WHERE clause.
func (p *queryDeparser) where(q *plan.Query) {
	if q.Where != nil {
		p.keyword(" WHERE ", -prettyIndentStd, prettyIndentStd, 1)
		p.expr(q.Where, false)
	}
}

// otherFrom prints UPDATE's FROM or DELETE's USING: the FROM items but
// the target's.
func (p *queryDeparser) otherFrom(q *plan.Query, keyword string) {
	if len(q.From) == 0 {
		p.fail()
		return
	}
	if r, ok := q.From[0].(*plan.RangeItem); !ok || r.RTE != q.ResultIndex {
		p.fail()
		return
	}
	if len(q.From) == 1 {
		return
	}
	rest := *q
	rest.From = q.From[1:]
	p.fromList(&rest, keyword)
}

// columnIndex is the position in t.Columns of the column named name.
func columnIndex(t *plan.Table, name string) (int, bool) {
	for i, c := range t.Columns {
		if c.Name == name && c.Name != "" {
			return i, true
		}
	}
	return 0, false
}

// insert is get_insert_query_def.
func (p *queryDeparser) insert(q *plan.Query, ins *pg_query.InsertStmt, visible bool) {
	t := q.Result.Table
	p.b.WriteString("INSERT INTO ")
	if !p.target(q, ins.Relation) {
		p.fail()
		return
	}
	p.b.WriteByte(' ')
	if ins.Relation.Alias != nil {
		p.b.WriteString("AS " + builtins.QuoteIdent(ins.Relation.Alias.Aliasname) + " ")
	}
	// The columns given values: those named, or the first ones the
	// values fill.
	var cols []string
	for _, n := range ins.Cols {
		rt := n.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 {
			p.fail()
			return
		}
		i, ok := columnIndex(t, rt.Name)
		if !ok {
			p.fail()
			return
		}
		cols = append(cols, t.Columns[i].Name)
	}
	if len(ins.Cols) == 0 && q.InsertSource != nil {
		n := len(q.InsertSource.VisibleTargets())
		for _, c := range t.Columns {
			if len(cols) < n && c.Name != "" {
				cols = append(cols, c.Name)
			}
		}
	}
	if len(cols) > 0 {
		p.identList(cols)
		p.b.WriteByte(' ')
	}
	switch ins.Override {
	case pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE:
		p.b.WriteString("OVERRIDING SYSTEM VALUE ")
	case pg_query.OverridingKind_OVERRIDING_USER_VALUE:
		p.b.WriteString("OVERRIDING USER VALUE ")
	}
	sel := ins.SelectStmt.GetSelectStmt()
	src := q.InsertSource
	switch {
	case sel == nil || src == nil:
		p.b.WriteString("DEFAULT VALUES")
	case len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE && len(sel.SortClause) == 0 &&
		sel.LimitCount == nil && sel.LimitOffset == nil && sel.WithClause == nil:
		// As analysis took it (insertValues): the rows coerced to the
		// columns, one row as the source's targets, several as a VALUES
		// entry.
		var rows [][]expr.Expr
		if len(sel.ValuesLists) == 1 && len(src.RTEs) == 0 {
			var row []expr.Expr
			for _, tg := range src.Targets {
				row = append(row, tg.Expr)
			}
			rows = [][]expr.Expr{row}
		} else if len(src.RTEs) == 1 && src.RTEs[0].Kind == plan.RTEValues && len(src.RTEs[0].Values) == len(sel.ValuesLists) {
			rows = src.RTEs[0].Values
		} else {
			p.fail()
			return
		}
		if len(rows) == 1 {
			p.keyword("VALUES (", -prettyIndentStd, prettyIndentStd, 2)
		} else {
			p.b.WriteString("VALUES ")
		}
		for i, row := range rows {
			items := sel.ValuesLists[i].GetList().GetItems()
			if len(items) != len(row) {
				p.fail()
				return
			}
			if len(rows) > 1 {
				if i > 0 {
					p.b.WriteString(", ")
				}
				p.b.WriteByte('(')
			}
			for j, e := range row {
				if j > 0 {
					// get_rule_list_toplevel separates one row's values
					// with ", ", get_values_def several rows' with ",".
					if len(rows) == 1 {
						p.b.WriteString(", ")
					} else {
						p.b.WriteByte(',')
					}
				}
				if items[j].GetSetToDefault() != nil {
					p.b.WriteString("DEFAULT")
					continue
				}
				p.expr(e, false)
			}
			p.b.WriteByte(')')
		}
	default:
		// The SELECT as written, without the coercions to the columns.
		vis := src.VisibleTargets()
		if len(vis) != len(q.InsertSourceWritten) {
			p.fail()
			return
		}
		written := *src
		written.Targets = make([]plan.Target, len(src.Targets))
		copy(written.Targets, src.Targets)
		j := 0
		for i := range written.Targets {
			if !written.Targets[i].Junk {
				written.Targets[i].Expr = q.InsertSourceWritten[j]
				j++
			}
		}
		p.query(&written, nil, false, p.indent)
	}
	p.onConflict(q, ins.OnConflictClause)
	p.returning(q, visible)
}

// onConflict prints INSERT's ON CONFLICT clause as get_insert_query_def
// does: the conflict target as written (column names; an index
// expression, collation, operator class or WHERE is not printed yet),
// then DO NOTHING or DO UPDATE SET with its WHERE.
func (p *queryDeparser) onConflict(q *plan.Query, oc *pg_query.OnConflictClause) {
	if oc == nil || p.err != nil {
		return
	}
	if q.OnConflict == nil {
		p.fail()
		return
	}
	t := q.Result.Table
	p.b.WriteString(" ON CONFLICT")
	if inf := oc.Infer; inf != nil {
		switch {
		case inf.Conname != "":
			p.b.WriteString(" ON CONSTRAINT " + builtins.QuoteIdent(inf.Conname))
		case inf.WhereClause != nil:
			p.fail()
			return
		default:
			p.b.WriteByte('(')
			for i, n := range inf.IndexElems {
				el := n.GetIndexElem()
				if el == nil || el.Name == "" || len(el.Collation) > 0 || len(el.Opclass) > 0 {
					p.fail()
					return
				}
				c, ok := columnIndex(t, el.Name)
				if !ok {
					p.fail()
					return
				}
				if i > 0 {
					p.b.WriteString(", ")
				}
				p.b.WriteString(builtins.QuoteIdent(t.Columns[c].Name))
			}
			p.b.WriteByte(')')
		}
	}
	if q.OnConflict.DoNothing || q.OnConflict.Update == nil {
		p.b.WriteString(" DO NOTHING")
		return
	}
	u := q.OnConflict.Update
	p.b.WriteString(" DO UPDATE SET ")
	p.setList(t, oc.TargetList, u.NewValues)
	if u.Where != nil {
		p.keyword(" WHERE ", -prettyIndentStd, prettyIndentStd, 1)
		p.expr(u.Where, false)
	}
}

// setList is get_update_query_targetlist_def: the assignments of
// targets, in the order written, to the columns of t, whose new values
// are newValues.
func (p *queryDeparser) setList(t *plan.Table, targets []*pg_query.Node, newValues []expr.Expr) {
	// SET (a, b) = (SELECT ...) prints its columns in parentheses, then
	// the sub-SELECT after the last of them.
	var group *expr.SubLink
	groupLeft := 0
	for k, n := range targets {
		rt := n.GetResTarget()
		if rt == nil || len(rt.Indirection) > 0 {
			p.fail()
			return
		}
		i, ok := columnIndex(t, rt.Name)
		if !ok || i >= len(newValues) {
			p.fail()
			return
		}
		if k > 0 {
			p.b.WriteString(", ")
		}
		val := rt.Val
		if ma := val.GetMultiAssignRef(); ma != nil && ma.Source.GetSubLink() != nil {
			if groupLeft == 0 {
				group = multiAssignSource(newValues, newValues[i])
				if group == nil || ma.Ncolumns < 1 {
					p.fail()
					return
				}
				groupLeft = int(ma.Ncolumns)
				p.b.WriteByte('(')
			}
			p.b.WriteString(builtins.QuoteIdent(t.Columns[i].Name))
			if groupLeft--; groupLeft > 0 {
				continue
			}
			p.b.WriteString(") = ")
			p.expr(group, false)
			continue
		}
		if ma := val.GetMultiAssignRef(); ma != nil {
			row := ma.Source.GetRowExpr()
			if row == nil || int(ma.Colno) < 1 || int(ma.Colno) > len(row.Args) {
				p.fail()
				return
			}
			val = row.Args[ma.Colno-1]
		}
		p.b.WriteString(builtins.QuoteIdent(t.Columns[i].Name) + " = ")
		if val.GetSetToDefault() != nil {
			p.b.WriteString("DEFAULT")
			continue
		}
		p.expr(newValues[i], false)
	}
}

// multiAssignSource is the sub-SELECT of SET (...) = (SELECT ...) whose
// column value reads: the Source of the reference, among newValues, of
// the same ID as value's.
func multiAssignSource(newValues []expr.Expr, value expr.Expr) *expr.SubLink {
	find := func(e expr.Expr, match func(r *expr.MultiAssignRef) bool) *expr.MultiAssignRef {
		var found *expr.MultiAssignRef
		plan.Walk(e, func(x expr.Expr) bool {
			if r, ok := x.(*expr.MultiAssignRef); ok && found == nil && match(r) {
				found = r
			}
			return found == nil
		})
		return found
	}
	ref := find(value, func(*expr.MultiAssignRef) bool { return true })
	if ref == nil {
		return nil
	}
	for _, v := range newValues {
		if r := find(v, func(r *expr.MultiAssignRef) bool { return r.ID == ref.ID && r.Source != nil }); r != nil {
			sub, _ := r.Source.(*expr.SubLink)
			return sub
		}
	}
	return nil
}

// update is get_update_query_def.
func (p *queryDeparser) update(q *plan.Query, up *pg_query.UpdateStmt, visible bool) {
	if up.WhereClause.GetCurrentOfExpr() != nil {
		p.fail()
		return
	}
	t := q.Result.Table
	p.b.WriteString("UPDATE ")
	if !p.target(q, up.Relation) {
		p.fail()
		return
	}
	if up.Relation.Alias != nil {
		p.b.WriteString(" " + builtins.QuoteIdent(up.Relation.Alias.Aliasname))
	}
	p.b.WriteString(" SET ")
	p.setList(t, up.TargetList, q.NewValues)
	p.otherFrom(q, " FROM ")
	p.where(q)
	p.returning(q, visible)
}

// delete is get_delete_query_def.
func (p *queryDeparser) delete(q *plan.Query, del *pg_query.DeleteStmt, visible bool) {
	if del.WhereClause.GetCurrentOfExpr() != nil {
		p.fail()
		return
	}
	p.b.WriteString("DELETE FROM ")
	if !p.target(q, del.Relation) {
		p.fail()
		return
	}
	if del.Relation.Alias != nil {
		p.b.WriteString(" " + builtins.QuoteIdent(del.Relation.Alias.Aliasname))
	}
	p.otherFrom(q, " USING ")
	p.where(q)
	p.returning(q, visible)
}
