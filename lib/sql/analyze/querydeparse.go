// This file prints an analyzed SELECT back as SQL the way PostgreSQL 15's
// ruleutils.c get_query_def does for pg_get_viewdef: columns qualified by
// their range table entry's name, one target per line, FROM, WHERE,
// GROUP BY, HAVING, ORDER BY, OFFSET and LIMIT on lines of their own with
// ruleutils' indentation, joins, subqueries in FROM, VALUES, WITH and set
// operations (SEARCH and CYCLE of recursive WITH queries printed from
// the query as written, plan.CTE.Written). The statements of SQL-standard
// function bodies print here too (DeparseRoutineBody, DeparseRoutineReturn;
// INSERT, UPDATE and DELETE in dmldeparse.go). Expressions are printed
// by deparse.go. A query with a node
// or shape not handled here is refused with errNotPrintable, and the
// caller prints the query as it was written instead.

package analyze

import (
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ruleutils' indentation steps.
const (
	prettyIndentStd   = 8
	prettyIndentJoin  = 4
	prettyIndentVar   = 4
	prettyIndentLimit = 40
)

// errNotPrintable refuses a query DeparseQuery cannot print as
// PostgreSQL would.
var errNotPrintable = pgerr.New(pgerr.FeatureNotSupported, "this query cannot be printed yet")

// IsNotPrintable reports whether err is DeparseQuery's refusal of a shape
// it does not print.
func IsNotPrintable(err error) bool { return err == errNotPrintable }

// DeparseQuery prints q as pg_get_viewdef does (with PRETTYFLAG_INDENT;
// pretty adds PRETTYFLAG_PAREN, printing only the parentheses precedence
// needs). colNames are the view's column names (its tuple descriptor);
// wrap is the wrap column (0: every target on its own line). format must
// carry the catalog names (tables print as regclass does).
func DeparseQuery(q *plan.Query, colNames []string, pretty bool, wrap int, format *types.FormatOptions) (string, error) {
	if format == nil || format.Names == nil {
		return "", errNotPrintable
	}
	p := &queryDeparser{b: &strings.Builder{}, pretty: pretty, wrap: wrap, format: format}
	p.query(q, colNames, true, 0)
	if p.err != nil {
		return "", p.err
	}
	return p.b.String(), nil
}

type queryDeparser struct {
	b *strings.Builder
	// routine and argNames, when routine is set, name the arguments of
	// the SQL function whose body is printed (routineParam).
	routine  string
	argNames []string
	pretty   bool
	// noIndent prints without PRETTYFLAG_INDENT: keywords stay on the
	// line and nothing wraps (a RETURN body's expression).
	noIndent bool
	wrap     int
	indent   int
	format   *types.FormatOptions
	// levels are the query levels being printed, innermost last, with
	// the name each range table entry is referred to by.
	levels []queryLevel
	// rawCTEs are the data-modifying WITH queries of the body statement
	// being printed, as written, by name (dmldeparse.go).
	rawCTEs map[string]*pg_query.Node
	// leaf is set while a set operation's arm is started: its columns
	// are printed without the coercions to the set operation's types.
	leaf bool
	err  error
}

type queryLevel struct {
	q     *plan.Query
	names []string
	// joins are the level's joins with USING.
	joins []*plan.JoinItem
	// fix turns expressions over the level's Agg row back into ones
	// over its FROM row (groupedFix).
	fix func(expr.Expr) expr.Expr
}

// DeparseRoutineBody prints a statement of a SQL-standard function
// body the way pg_get_function_sqlbody does inside BEGIN ATOMIC
// (get_query_def with PRETTYFLAG_INDENT, starting one column in, the
// column names not forced): the arguments of the function routine
// print by their names argNames ("" for none), qualified with the
// function's name where the query has a range table. raw is the
// statement as written (dmldeparse.go reads what analysis does not
// keep from it). SELECT, INSERT, UPDATE and DELETE print; what cannot
// print yet is refused (errNotPrintable).
func DeparseRoutineBody(q *plan.Query, raw *pg_query.Node, routine string, argNames []string, format *types.FormatOptions) (string, error) {
	if format == nil || format.Names == nil {
		return "", errNotPrintable
	}
	p := &queryDeparser{b: &strings.Builder{}, format: format, routine: routine, argNames: argNames}
	p.statement(q, raw, 1, false)
	if p.err != nil {
		return "", p.err
	}
	return p.b.String(), nil
}

// DeparseRoutineReturn prints a RETURN body, its query q being SELECT
// of the one expression, as pg_get_function_sqlbody does: get_query_def
// without pretty flags, so keywords (of a subquery or CASE) stay on one
// line and every expression is parenthesized.
func DeparseRoutineReturn(q *plan.Query, routine string, argNames []string, format *types.FormatOptions) (string, error) {
	if format == nil || format.Names == nil {
		return "", errNotPrintable
	}
	if q.Command != plan.CmdSelect || q.SetOp != nil || len(q.RTEs) > 0 || len(q.CTEs) > 0 || len(q.VisibleTargets()) != 1 ||
		q.Where != nil || q.Grouped || q.Distinct || len(q.Sort) > 0 || q.Limit != nil || q.Offset != nil {
		return "", errNotPrintable
	}
	p := &queryDeparser{b: &strings.Builder{}, format: format, routine: routine, argNames: argNames, noIndent: true}
	p.pushLevel(q)
	p.b.WriteString("RETURN ")
	// A target that is not a Var prints with its implicit coercions
	// (get_target_list), without a column name (RETURN's has none).
	p.expr(q.VisibleTargets()[0].Expr, true)
	if p.err != nil {
		return "", p.err
	}
	return p.b.String(), nil
}

// routineParam is get_parameter for an argument of the routine being
// printed: its name, qualified with the routine's when some level being
// printed has a range table.
func (p *queryDeparser) routineParam(x *expr.Param) (string, bool) {
	if x.Index < 0 || x.Index >= len(p.argNames) || p.argNames[x.Index] == "" {
		return "", false
	}
	name := builtins.QuoteIdent(p.argNames[x.Index])
	for _, lv := range p.levels {
		// A set operation's level has its arms as entries in
		// PostgreSQL's range table.
		if len(lv.q.RTEs) > 0 || lv.q.SetOp != nil {
			return builtins.QuoteIdent(p.routine) + "." + name, true
		}
	}
	return name, true
}

func (p *queryDeparser) fail() {
	if p.err == nil {
		p.err = errNotPrintable
	}
}

// keyword is appendContextKeyword: with PRETTYFLAG_INDENT a new line
// indented to the level, without it the keyword alone.
func (p *queryDeparser) keyword(s string, before, after, plus int) {
	if p.noIndent {
		p.b.WriteString(s)
		return
	}
	p.indent += before
	trimTrailingSpaces(p.b)
	p.b.WriteByte('\n')
	amount := p.indent
	if amount < 0 {
		amount = 0
	}
	if p.indent >= prettyIndentLimit {
		amount = (prettyIndentLimit + (p.indent-prettyIndentLimit)/(prettyIndentStd/2)) % prettyIndentLimit
	}
	p.b.WriteString(strings.Repeat(" ", amount+plus))
	p.b.WriteString(s)
	p.indent += after
	if p.indent < 0 {
		p.indent = 0
	}
}

func trimTrailingSpaces(b *strings.Builder) {
	s := b.String()
	t := strings.TrimRight(s, " ")
	if len(t) != len(s) {
		b.Reset()
		b.WriteString(t)
	}
}

// lineLength is the length of the last line of b.
func lineLength(b *strings.Builder) int {
	s := b.String()
	return len(s) - strings.LastIndexByte(s, '\n') - 1
}

// expr prints an expression of the current level (get_rule_expr).
func (p *queryDeparser) expr(e expr.Expr, showImplicit bool) {
	p.run(func(d *deparser) { d.expr(e, nil, showImplicit) })
}

// run prints with an expression deparser at the current indentation.
func (p *queryDeparser) run(f func(d *deparser)) {
	if p.err != nil {
		return
	}
	d := &deparser{pretty: p.pretty, indent: p.indent, format: p.format, varText: p.varText, sublink: p.sublink, window: p.window, merged: p.merged,
		noIndent: p.noIndent}
	if p.routine != "" {
		d.param = p.routineParam
	}
	f(d)
	if d.err != nil {
		p.fail()
		return
	}
	out := d.b.String()
	if strings.HasPrefix(out, "\n") {
		trimTrailingSpaces(p.b)
	}
	p.b.WriteString(out)
}

// varRef finds the entry and column a Var reads: its qualified text and
// the column's name.
func (p *queryDeparser) varRef(v *expr.Var) (string, string, bool) {
	if v.LevelsUp < 0 || v.LevelsUp >= len(p.levels) {
		return "", "", false
	}
	lv := p.levels[len(p.levels)-1-v.LevelsUp]
	for i, r := range lv.q.RTEs {
		if r.Kind == plan.RTEJoin || v.Index < r.Offset || v.Index >= r.Offset+r.Width {
			continue
		}
		col := v.Index - r.Offset
		if col >= len(r.Columns) || r.Columns[col].Name == "" || lv.names[i] == "" {
			return "", "", false
		}
		name := r.Columns[col].Name
		return builtins.QuoteIdent(lv.names[i]) + "." + builtins.QuoteIdent(name), name, true
	}
	return "", "", false
}

func (p *queryDeparser) varText(v *expr.Var) (string, bool) {
	s, _, ok := p.varRef(v)
	return s, ok
}

// rteName is the name a range table entry is referred to by ("" for a
// join without an alias).
func rteName(r *plan.RTE) string {
	return r.Alias
}

// enterLevel starts printing query level q at indentation start; the
// function it returns leaves the level again.
func (p *queryDeparser) enterLevel(q *plan.Query, start int) (leave func()) {
	saved := p.indent
	p.indent = start
	p.pushLevel(q)
	return func() {
		p.levels = p.levels[:len(p.levels)-1]
		p.indent = saved
	}
}

// pushLevel names q's range table entries as set_rtable_names does: a
// name already in use (by an enclosing level) gets the first free "_n"
// suffix.
func (p *queryDeparser) pushLevel(q *plan.Query) {
	counter := map[string]int{}
	for _, lv := range p.levels {
		for _, n := range lv.names {
			if n != "" {
				counter[n] = 0
			}
		}
	}
	names := make([]string, len(q.RTEs))
	for i, r := range q.RTEs {
		n := rteName(r)
		if n == "" {
			continue
		}
		if _, used := counter[n]; used {
			base := n
			for {
				counter[base]++
				n = base + "_" + itoa(counter[base])
				if len(n) >= 64 {
					// ruleutils shortens the name to keep the digits.
					p.fail()
					break
				}
				if _, used := counter[n]; !used {
					break
				}
			}
		}
		counter[n] = 0
		names[i] = n
	}
	var joins []*plan.JoinItem
	var walk func(it plan.FromItem)
	walk = func(it plan.FromItem) {
		if j, ok := it.(*plan.JoinItem); ok {
			if len(j.Using) > 0 {
				joins = append(joins, j)
			}
			walk(j.Left)
			walk(j.Right)
		}
	}
	for _, it := range q.From {
		walk(it)
	}
	p.levels = append(p.levels, queryLevel{q: q, names: names, joins: joins})
}

// query is get_query_def of a SELECT: resultNames are the names of the
// result columns when they are fixed (a view's), visible whether the
// column names matter (not in a sublink).
func (p *queryDeparser) query(q *plan.Query, resultNames []string, visible bool, start int) {
	if p.err != nil {
		return
	}
	if q.Command != plan.CmdSelect || q.GroupingSets != nil || len(q.Groupings) > 0 || q.LimitWithTies {
		p.fail()
		return
	}
	leaf := p.leaf
	p.leaf = false
	defer p.enterLevel(q, start)()
	p.with(q)
	fix := p.groupedFix(q)
	p.levels[len(p.levels)-1].fix = fix
	forceColno := false
	if q.SetOp != nil {
		p.setop(q, resultNames, visible)
		forceColno = true
	} else {
		if leaf {
			grouped := fix
			fix = func(e expr.Expr) expr.Expr { return stripImplicit(grouped(e)) }
		}
		p.basicSelect(q, fix, resultNames, visible)
	}
	if len(q.Sort) > 0 {
		p.keyword(" ORDER BY ", -prettyIndentStd, prettyIndentStd, 1)
		for i, k := range q.Sort {
			if i > 0 {
				p.b.WriteString(", ")
			}
			if forceColno {
				p.b.WriteString(itoa(k.Target + 1))
			} else {
				p.sortGroupExpr(fix(q.Targets[k.Target].Expr))
			}
			p.sortDirection(k.Desc, k.NullsFirst)
		}
	}
	if q.Offset != nil {
		p.keyword(" OFFSET ", -prettyIndentStd, prettyIndentStd, 0)
		p.expr(q.Offset, false)
	}
	if q.Limit != nil {
		p.keyword(" LIMIT ", -prettyIndentStd, prettyIndentStd, 0)
		if c, ok := q.Limit.(*expr.Const); ok && c.Value.IsNull() {
			p.b.WriteString("ALL")
		} else {
			p.expr(q.Limit, false)
		}
	}
	p.lockingClauses(q)
}

// lockingClauses prints the level's FOR UPDATE/SHARE clauses, one per
// locked entry, as get_select_query_def does; those an enclosing level
// pushed down are left out.
func (p *queryDeparser) lockingClauses(q *plan.Query) {
	lv := p.levels[len(p.levels)-1]
	for _, m := range q.RowMarks {
		if m.PushedDown {
			continue
		}
		p.keyword(" "+m.Strength.String(), -prettyIndentStd, prettyIndentStd, 0)
		p.b.WriteString(" OF " + builtins.QuoteIdent(lv.names[m.RTE]))
		switch m.Wait {
		case plan.RowLockError:
			p.b.WriteString(" NOWAIT")
		case plan.RowLockSkip:
			p.b.WriteString(" SKIP LOCKED")
		}
	}
}

// groupedFix returns the function that turns an expression over a
// grouped query's Agg row back into one over its FROM row: group keys
// and aggregates in place of the Agg row's columns.
func (p *queryDeparser) groupedFix(q *plan.Query) func(expr.Expr) expr.Expr {
	if !q.Grouped {
		return func(e expr.Expr) expr.Expr { return e }
	}
	ng := len(q.GroupBy)
	var fix func(e expr.Expr) expr.Expr
	fix = func(e expr.Expr) expr.Expr {
		switch x := e.(type) {
		case *expr.Var:
			if x.LevelsUp != 0 {
				return e
			}
			switch {
			case x.Index < ng:
				return q.GroupBy[x.Index]
			case x.Index < ng+len(q.Aggs):
				return q.Aggs[x.Index-ng]
			}
			p.fail()
			return e
		case *expr.SubLink:
			p.fail()
			return e
		}
		return plan.MapChildren(e, fix)
	}
	return fix
}

// with is get_with_clause.
func (p *queryDeparser) with(q *plan.Query) {
	if len(q.CTEs) == 0 {
		return
	}
	if !p.noIndent {
		p.indent += prettyIndentStd
		p.b.WriteByte(' ')
	}
	sep := "WITH "
	if q.CTEs[0].InRecursiveClause {
		sep = "WITH RECURSIVE "
	}
	for _, c := range q.CTEs {
		query := c.Query
		if c.SearchCycle {
			query = c.Written
		}
		if query == nil || c.Modifying && p.rawCTEs[c.Name] == nil {
			p.fail()
			return
		}
		p.b.WriteString(sep + builtins.QuoteIdent(c.Name))
		if len(c.Aliases) > 0 {
			p.identList(c.Aliases)
		}
		p.b.WriteString(" AS ")
		switch c.Mode {
		case plan.CTEMaterialized:
			p.b.WriteString("MATERIALIZED ")
		case plan.CTENotMaterialized:
			p.b.WriteString("NOT MATERIALIZED ")
		}
		p.b.WriteByte('(')
		p.keyword("", 0, 0, 0)
		restore, restoreReturning := query.Targets, query.Returning
		if len(c.QueryNames) > 0 {
			// The query is printed with its own column names, which
			// the alias list then renames.
			named := &query.Targets
			if c.Modifying {
				named = &query.Returning
			}
			*named = slices.Clone(*named)
			j := 0
			for i := range *named {
				if !(*named)[i].Junk && j < len(c.QueryNames) {
					(*named)[i].Name = c.QueryNames[j]
					j++
				}
			}
		}
		if c.Modifying {
			p.statement(query, p.rawCTEs[c.Name], p.indent, true)
		} else {
			p.query(query, nil, true, p.indent)
		}
		query.Targets, query.Returning = restore, restoreReturning
		p.keyword("", 0, 0, 0)
		p.b.WriteByte(')')
		p.searchCycle(c)
		sep = ", "
	}
	if p.noIndent {
		p.b.WriteByte(' ')
		return
	}
	p.indent -= prettyIndentStd
	p.keyword("", 0, 0, 0)
}

// searchCycle prints a recursive WITH query's SEARCH and CYCLE clauses
// after its closing parenthesis, as get_with_clause does: TO and
// DEFAULT only when they are not true and false.
func (p *queryDeparser) searchCycle(c *plan.CTE) {
	names := func(list []string) string {
		quoted := make([]string, len(list))
		for i, n := range list {
			quoted[i] = builtins.QuoteIdent(n)
		}
		return strings.Join(quoted, ", ")
	}
	if se := c.Search; se != nil {
		order := "DEPTH"
		if se.BreadthFirst {
			order = "BREADTH"
		}
		p.b.WriteString(" SEARCH " + order + " FIRST BY " + names(se.Columns) + " SET " + builtins.QuoteIdent(se.SeqColumn))
	}
	if cy := c.Cycle; cy != nil {
		p.b.WriteString(" CYCLE " + names(cy.Columns) + " SET " + builtins.QuoteIdent(cy.MarkColumn))
		value, vok := cy.MarkValue.(*expr.Const)
		def, dok := cy.MarkDefault.(*expr.Const)
		if !vok || !dok {
			// PostgreSQL keeps constants there.
			p.fail()
			return
		}
		isBool := func(c *expr.Const, b bool) bool {
			return c.Typ == types.OidBool && !c.Value.IsNull() && c.Value.Bool() == b
		}
		if !isBool(value, true) || !isBool(def, false) {
			p.b.WriteString(" TO ")
			p.expr(value, false)
			p.b.WriteString(" DEFAULT ")
			p.expr(def, false)
		}
		p.b.WriteString(" USING " + builtins.QuoteIdent(cy.PathColumn))
	}
}

// setop is get_setop_query over the set operation tree of q.
func (p *queryDeparser) setop(q *plan.Query, resultNames []string, visible bool) {
	if p.err != nil {
		return
	}
	if q.SetOp == nil {
		// A leaf.
		paren := len(q.CTEs) > 0 || len(q.Sort) > 0 || q.Limit != nil || q.Offset != nil
		if paren {
			p.b.WriteByte('(')
		}
		p.leaf = true
		p.query(q, resultNames, visible, p.indent)
		if paren {
			p.b.WriteByte(')')
		}
		return
	}
	op := q.SetOp
	for _, arm := range []*plan.Query{op.Left, op.Right} {
		if arm.SetOp != nil && (len(arm.CTEs) > 0 || len(arm.Sort) > 0 || arm.Limit != nil || arm.Offset != nil) {
			// A parenthesized set operation with its own clauses.
			p.fail()
			return
		}
	}
	paren := op.Left.SetOp != nil && (op.Left.SetOp.Op != op.Op || op.Left.SetOp.All != op.All)
	sub := 0
	if paren {
		p.b.WriteByte('(')
		sub = prettyIndentStd
		p.keyword("", sub, 0, 0)
	}
	p.setop(op.Left, resultNames, visible)
	switch {
	case paren:
		p.keyword(") ", -sub, 0, 0)
	case p.noIndent:
		p.b.WriteByte(' ')
	default:
		p.keyword("", -sub, 0, 0)
	}
	p.b.WriteString([]string{"UNION ", "INTERSECT ", "EXCEPT "}[op.Op])
	if op.All {
		p.b.WriteString("ALL ")
	}
	paren = op.Right.SetOp != nil
	sub = 0
	if paren {
		p.b.WriteByte('(')
		sub = prettyIndentStd
	}
	p.keyword("", sub, 0, 0)
	p.setop(op.Right, resultNames, false)
	p.indent -= sub
	if paren {
		p.keyword(")", 0, 0, 0)
	}
}

// basicSelect is get_basic_select_query.
func (p *queryDeparser) basicSelect(q *plan.Query, fix func(expr.Expr) expr.Expr, resultNames []string, visible bool) {
	if !p.noIndent {
		p.indent += prettyIndentStd
		p.b.WriteByte(' ')
	}
	if rte := simpleValues(q, resultNames); rte != nil {
		p.values(rte.Values)
		return
	}
	p.b.WriteString("SELECT")
	switch {
	case len(q.DistinctOn) > 0:
		p.b.WriteString(" DISTINCT ON (")
		for i, k := range q.DistinctOn {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.sortGroupExpr(fix(q.Targets[k.Target].Expr))
		}
		p.b.WriteByte(')')
	case q.Distinct:
		p.b.WriteString(" DISTINCT")
	}
	p.targets(q, fix, resultNames, visible)
	p.from(q)
	if q.Where != nil {
		p.keyword(" WHERE ", -prettyIndentStd, prettyIndentStd, 1)
		p.expr(q.Where, false)
	}
	if len(q.GroupBy) > 0 {
		p.keyword(" GROUP BY ", -prettyIndentStd, prettyIndentStd, 1)
		for i, g := range q.GroupBy {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.sortGroupExpr(g)
		}
	}
	if q.Having != nil {
		p.keyword(" HAVING ", -prettyIndentStd, prettyIndentStd, 0)
		p.expr(fix(q.Having), false)
	}
	p.windowClause(q, fix)
}

// simpleValues is get_simple_values_rte: the VALUES entry of a query
// that is just VALUES (...), with its columns named as the VALUES
// columns.
func simpleValues(q *plan.Query, resultNames []string) *plan.RTE {
	if len(q.RTEs) != 1 || len(q.From) != 1 || q.RTEs[0].Kind != plan.RTEValues || q.Where != nil || q.Grouped || q.Distinct {
		return nil
	}
	r := q.RTEs[0]
	if len(q.Targets) != len(r.Columns) {
		return nil
	}
	for i, t := range q.Targets {
		name := t.Name
		if i < len(resultNames) {
			name = resultNames[i]
		}
		v, ok := t.Expr.(*expr.Var)
		if t.Junk || !ok || v.LevelsUp != 0 || v.Index != r.Offset+i || name != r.Columns[i].Name {
			return nil
		}
	}
	return r
}

// values is get_values_def.
func (p *queryDeparser) values(rows [][]expr.Expr) {
	p.b.WriteString("VALUES ")
	for i, row := range rows {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.b.WriteByte('(')
		for j, e := range row {
			if j > 0 {
				p.b.WriteByte(',')
			}
			p.expr(e, false)
		}
		p.b.WriteByte(')')
	}
}

// sortGroupExpr is get_rule_sortgroupclause without column numbers.
func (p *queryDeparser) sortGroupExpr(e expr.Expr) {
	p.run(func(d *deparser) { d.sortGroupItem(e) })
}

// sortDirection prints an ORDER BY item's direction.
func (p *queryDeparser) sortDirection(desc, nullsFirst bool) {
	p.run(func(d *deparser) { d.sortDirection(desc, nullsFirst) })
}

// targets is get_target_list.
func (p *queryDeparser) targets(q *plan.Query, fix func(expr.Expr) expr.Expr, resultNames []string, visible bool) {
	sep := " "
	colno := 0
	lastMultiline := false
	for _, t := range q.Targets {
		if t.Junk {
			continue
		}
		p.b.WriteString(sep)
		sep = ", "
		colno++
		outer := p.b
		tb := &strings.Builder{}
		p.b = tb
		e := fix(t.Expr)
		if r, ok := e.(*expr.RowExpr); ok && r.WholeRow {
			// ruleutils prints t.*::t here.
			p.fail()
		}
		attname, hasAttname := "", false
		mergedName, isMerged := "", false
		if c, ok := e.(*expr.CoalesceExpr); ok {
			mergedName, isMerged, _ = p.merged(c)
		}
		if isMerged {
			// A merged column prints as a column.
			tb.WriteString(builtins.QuoteIdent(mergedName))
			attname, hasAttname = mergedName, true
		} else if v, ok := e.(*expr.Var); ok {
			text, name, ok := p.varRef(v)
			if !ok {
				p.fail()
			}
			tb.WriteString(text)
			attname, hasAttname = name, true
		} else {
			p.expr(e, true)
			if !visible {
				attname, hasAttname = "?column?", true
			}
		}
		colname := t.Name
		if colno <= len(resultNames) {
			colname = resultNames[colno-1]
		}
		if !hasAttname || attname != colname {
			tb.WriteString(" AS " + builtins.QuoteIdent(colname))
		}
		p.b = outer
		field := tb.String()
		switch {
		case p.wrap < 0 || p.noIndent:
			// A negative wrap column turns line wrapping off.
		case strings.HasPrefix(field, "\n"):
			trimTrailingSpaces(p.b)
		case colno > 1 && (lineLength(p.b)+len(field) > p.wrap || lastMultiline):
			p.keyword("", -prettyIndentStd, prettyIndentStd, prettyIndentVar)
		}
		lastMultiline = strings.Contains(strings.TrimPrefix(field, "\n"), "\n")
		p.b.WriteString(field)
	}
}

// from is get_from_clause.
func (p *queryDeparser) from(q *plan.Query) { p.fromList(q, " FROM ") }

// fromList is get_from_clause of q's From after the keyword that
// starts it (FROM, or USING for DELETE).
func (p *queryDeparser) fromList(q *plan.Query, keyword string) {
	for i, it := range q.From {
		if i == 0 {
			p.keyword(keyword, -prettyIndentStd, prettyIndentStd, 2)
			p.fromItem(q, it)
			continue
		}
		p.b.WriteString(", ")
		outer := p.b
		ib := &strings.Builder{}
		p.b = ib
		p.fromItem(q, it)
		p.b = outer
		item := ib.String()
		switch {
		case p.wrap < 0 || p.noIndent:
		case strings.HasPrefix(item, "\n"):
			trimTrailingSpaces(p.b)
		case lineLength(p.b)+len(item) > p.wrap:
			p.keyword("", -prettyIndentStd, prettyIndentStd, prettyIndentVar)
		}
		p.b.WriteString(item)
	}
}

// visibleNames are the names of a query's result columns.
func visibleNames(q *plan.Query) []string {
	var out []string
	for _, t := range q.Targets {
		if !t.Junk {
			out = append(out, t.Name)
		}
	}
	return out
}

// cteColumnNames are the names a WITH query's columns go by: its alias
// list, then its query's own names for the columns the list leaves out.
func cteColumnNames(c *plan.CTE) []string {
	names := visibleNames(c.Query)
	if c.Modifying {
		// A data-modifying query's columns are its RETURNING list's.
		names = visibleNames(&plan.Query{Targets: c.Query.Returning})
	}
	if c.Query.SetOp != nil && c.Query.SetOp.Recursive != nil {
		// A recursive query's names are its non-recursive term's.
		names = visibleNames(c.Query.SetOp.Left)
	}
	names = slices.Clone(names)
	for i, a := range c.Aliases {
		if i < len(names) {
			names[i] = a
		}
	}
	return names
}

// liveNames are the names of the columns that are not dropped.
func liveNames(cols []plan.Column) []string {
	var out []string
	for _, c := range cols {
		if c.Name != "" {
			out = append(out, c.Name)
		}
	}
	return out
}

func sameNames(a []string, cols []plan.Column) bool { return slices.Equal(a, liveNames(cols)) }

// fromItem is get_from_clause_item.
func (p *queryDeparser) fromItem(q *plan.Query, it plan.FromItem) {
	if p.err != nil {
		return
	}
	lv := p.levels[len(p.levels)-1]
	switch x := it.(type) {
	case *plan.RangeItem:
		r := q.RTEs[x.RTE]
		name := lv.names[x.RTE]
		switch {
		case r.Kind == plan.RTETable || r.Kind == plan.RTESubquery && r.Table != nil && r.Table.Kind == 'v':
			if r.Sample != nil || r.Lateral {
				p.fail()
				return
			}
			rel, ok := p.format.Names.RegName(types.OidRegclass, r.Table.OID)
			if !ok {
				p.fail()
				return
			}
			p.b.WriteString(rel)
			if aliased := !sameNames(liveNames(r.Table.Columns), r.Columns); aliased {
				// Column aliases: printed with the entry's name.
				p.b.WriteString(" " + builtins.QuoteIdent(name))
				p.columnAliases(r.Columns)
			} else if name != r.Table.Name {
				p.b.WriteString(" " + builtins.QuoteIdent(name))
			}
		case r.Kind == plan.RTESubquery && r.CTE != nil, r.Kind == plan.RTEWorkTable && r.CTE != nil:
			// A WITH query, or a recursive one's reference to itself.
			if r.CTE.Query == nil {
				p.fail()
				return
			}
			if !sameNames(cteColumnNames(r.CTE), r.Columns) {
				p.fail()
				return
			}
			p.b.WriteString(builtins.QuoteIdent(r.CTE.Name))
			if name != r.CTE.Name {
				p.b.WriteString(" " + builtins.QuoteIdent(name))
			}
		case r.Kind == plan.RTESubquery:
			if r.Subquery == nil {
				p.fail()
				return
			}
			if r.Lateral {
				p.b.WriteString("LATERAL ")
			}
			p.b.WriteByte('(')
			p.query(r.Subquery, nil, true, p.indent)
			p.b.WriteString(") " + builtins.QuoteIdent(name))
			if !sameNames(visibleNames(r.Subquery), r.Columns) {
				p.columnAliases(r.Columns)
			}
		case r.Kind == plan.RTEFunction:
			// A function always prints its name and full column alias
			// list; a column definition list, ROWS FROM and the
			// multi-argument unnest are not printed yet.
			f := r.Func
			if r.Lateral || f == nil || f.Func == nil || f.Func.OID == 0 || f.Record != nil {
				p.fail()
				return
			}
			p.expr(&expr.FuncExpr{Func: f.Func, Args: f.Args, Typ: f.Func.Ret, Mod: -1}, true)
			if f.Ordinality {
				p.b.WriteString(" WITH ORDINALITY")
			}
			p.b.WriteString(" " + builtins.QuoteIdent(name))
			p.columnAliases(r.Columns)
		case r.Kind == plan.RTEValues:
			p.b.WriteString("(")
			p.values(r.Values)
			p.b.WriteString(") " + builtins.QuoteIdent(name))
			p.columnAliases(r.Columns)
		default:
			p.fail()
		}
	case *plan.JoinItem:
		jr := q.RTEs[x.RTE]
		if jr.Alias != "" || len(x.Using) > 0 && !plainUsing(x.Quals) {
			// An aliased join, or merged columns that are not a column
			// of either side.
			p.fail()
			return
		}
		_, rightIsRange := x.Right.(*plan.RangeItem)
		parenRight := p.pretty && !rightIsRange
		if !p.pretty {
			p.b.WriteByte('(')
		}
		p.fromItem(q, x.Left)
		switch x.Type {
		case plan.JoinInner:
			if x.Quals != nil {
				p.keyword(" JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
			} else {
				p.keyword(" CROSS JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
			}
		case plan.JoinCross:
			p.keyword(" CROSS JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
		case plan.JoinLeft:
			p.keyword(" LEFT JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
		case plan.JoinRight:
			p.keyword(" RIGHT JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
		case plan.JoinFull:
			p.keyword(" FULL JOIN ", -prettyIndentStd, prettyIndentStd, prettyIndentJoin)
		}
		if parenRight {
			p.b.WriteByte('(')
		}
		p.fromItem(q, x.Right)
		if parenRight {
			p.b.WriteByte(')')
		}
		switch {
		case len(x.Using) > 0:
			p.b.WriteString(" USING ")
			p.identList(x.Using)
		case x.Quals != nil && x.Type != plan.JoinCross:
			p.b.WriteString(" ON ")
			if !p.pretty {
				p.b.WriteByte('(')
			}
			p.expr(x.Quals, false)
			if !p.pretty {
				p.b.WriteByte(')')
			}
		case x.Type != plan.JoinInner && x.Type != plan.JoinCross:
			p.b.WriteString(" ON TRUE")
		}
		if !p.pretty {
			p.b.WriteByte(')')
		}
	default:
		p.fail()
	}
}

// merged names the merged column of a FULL JOIN USING that c is (not
// quoted), as ruleutils prints it: unqualified, like a Var. It is printed only when the query
// level printed has one join with USING and no enclosing level has any,
// so that the name is unique (ruleutils would otherwise rename columns);
// any other COALESCE in such a query, which could be a copy of a merged
// column, is refused.
func (p *queryDeparser) merged(c *expr.CoalesceExpr) (string, bool, bool) {
	found, name := false, ""
	usingJoins := 0
	for _, lv := range p.levels {
		for _, it := range lv.joins {
			usingJoins++
			if it.Type != plan.JoinFull {
				continue
			}
			found = true
			r := lv.q.RTEs[it.RTE]
			for i, u := range it.Using {
				if i < len(r.JoinVars) && r.JoinVars[i] == expr.Expr(c) {
					name = u
				}
			}
		}
	}
	switch {
	case !found:
		return "", false, false
	case name == "" || usingJoins > 1 || len(p.levels) > 1:
		return "", false, true
	}
	return name, true, false
}

// plainUsing reports whether the comparisons of USING columns compare
// columns of the same type: a column coerced to a common type makes
// PostgreSQL's merged column another expression, not printed here.
func plainUsing(quals expr.Expr) bool {
	eqs := []expr.Expr{quals}
	if b, ok := quals.(*expr.BoolExpr); ok && b.Op == expr.And {
		eqs = b.Args
	}
	for _, q := range eqs {
		f, ok := q.(*expr.FuncExpr)
		if !ok || len(f.Args) != 2 {
			return false
		}
		l, lok := f.Args[0].(*expr.Var)
		r, rok := f.Args[1].(*expr.Var)
		if !lok || !rok || l.Typ != r.Typ || l.Mod != r.Mod {
			return false
		}
	}
	return true
}

// columnAliases prints an entry's column alias list.
func (p *queryDeparser) columnAliases(cols []plan.Column) { p.identList(liveNames(cols)) }

// identList prints names quoted as identifiers, in parentheses.
func (p *queryDeparser) identList(names []string) {
	p.b.WriteByte('(')
	for i, n := range names {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.b.WriteString(builtins.QuoteIdent(n))
	}
	p.b.WriteByte(')')
}

// sublink is get_sublink_expr.
func (p *queryDeparser) sublink(d *deparser, x *expr.SubLink) {
	sub, ok := x.Plan.(*plan.Query)
	if !ok {
		sub, ok = x.Query.(*plan.Query)
	}
	if !ok || p.err != nil {
		d.fail(x)
		return
	}
	if x.Kind == expr.ArraySubLink {
		d.b.WriteString("ARRAY(")
	} else {
		d.b.WriteByte('(')
	}
	paren := true
	switch x.Kind {
	case expr.ExistsSubLink:
		d.b.WriteString("EXISTS ")
	case expr.ExprSubLink, expr.ArraySubLink, expr.MultiExprSubLink:
		paren = false
	case expr.AnySubLink, expr.AllSubLink:
		f, ok := x.Test.(*expr.FuncExpr)
		if !ok || f.Op == nil || len(f.Args) != 2 || f.Format != expr.CallNormal {
			d.fail(x)
			return
		}
		d.expr(f.Args[0], x, true)
		switch {
		case x.Kind == expr.AnySubLink && f.Op.Name == "=":
			d.b.WriteString(" IN ")
		case x.Kind == expr.AnySubLink:
			d.b.WriteString(" " + f.Op.Name + " ANY ")
		default:
			d.b.WriteString(" " + f.Op.Name + " ALL ")
		}
	default:
		d.fail(x)
		return
	}
	if paren {
		d.b.WriteByte('(')
	}
	outer, savedIndent := p.b, p.indent
	p.b = &d.b
	p.query(sub, nil, false, d.indent)
	p.b, p.indent = outer, savedIndent
	if p.err != nil {
		d.fail(x)
		return
	}
	if paren {
		d.b.WriteString("))")
	} else {
		d.b.WriteByte(')')
	}
}

// window is the OVER clause of get_windowfunc_expr: the name of a
// window of the WINDOW clause, or the window specification.
func (p *queryDeparser) window(d *deparser, x *expr.WindowFunc) {
	lv := p.levels[len(p.levels)-1]
	if x.Window < 0 || x.Window >= len(lv.q.Windows) {
		d.fail(x)
		return
	}
	w := lv.q.Windows[x.Window]
	if w.Name != "" {
		d.b.WriteString(builtins.QuoteIdent(w.Name))
		return
	}
	outer, savedIndent := p.b, p.indent
	p.b, p.indent = &d.b, d.indent
	p.windowSpec(w, lv.fix)
	p.b, p.indent = outer, savedIndent
	if p.err != nil {
		d.fail(x)
	}
}

// windowClause is get_rule_windowclause: the named windows.
func (p *queryDeparser) windowClause(q *plan.Query, fix func(expr.Expr) expr.Expr) {
	first := true
	for _, w := range q.Windows {
		if w.Name == "" {
			continue
		}
		if first {
			p.keyword(" WINDOW ", -prettyIndentStd, prettyIndentStd, 1)
			first = false
		} else {
			p.b.WriteString(", ")
		}
		p.b.WriteString(builtins.QuoteIdent(w.Name) + " AS ")
		p.windowSpec(w, fix)
	}
}

// windowSpec is get_rule_windowspec.
func (p *queryDeparser) windowSpec(w *plan.WindowClause, fix func(expr.Expr) expr.Expr) {
	p.b.WriteByte('(')
	space := false
	if w.Refname != "" {
		p.b.WriteString(builtins.QuoteIdent(w.Refname))
		space = true
	}
	// PARTITION BY is always the copied window's.
	if len(w.PartitionBy) > 0 && w.Refname == "" {
		p.b.WriteString("PARTITION BY ")
		for i, e := range w.PartitionBy {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.sortGroupExpr(fix(e))
		}
		space = true
	}
	if len(w.OrderBy) > 0 && !w.CopiedOrder {
		if space {
			p.b.WriteByte(' ')
		}
		p.b.WriteString("ORDER BY ")
		for i, k := range w.OrderBy {
			if i > 0 {
				p.b.WriteString(", ")
			}
			p.sortGroupExpr(fix(k.Expr))
			p.sortDirection(k.Desc, k.NullsFirst)
		}
		space = true
	}
	if w.Frame&plan.FrameNonDefault != 0 {
		if space {
			p.b.WriteByte(' ')
		}
		p.frame(w, fix)
	}
	p.b.WriteByte(')')
}

// frame prints a window's frame clause as get_rule_windowspec does.
func (p *queryDeparser) frame(w *plan.WindowClause, fix func(expr.Expr) expr.Expr) {
	f := w.Frame
	switch {
	case f&plan.FrameRange != 0:
		p.b.WriteString("RANGE ")
	case f&plan.FrameRows != 0:
		p.b.WriteString("ROWS ")
	case f&plan.FrameGroups != 0:
		p.b.WriteString("GROUPS ")
	default:
		p.fail()
		return
	}
	if f&plan.FrameBetween != 0 {
		p.b.WriteString("BETWEEN ")
	}
	if !p.frameBound(f&plan.FrameStartUnboundedPreceding != 0, "UNBOUNDED PRECEDING ", f&plan.FrameStartCurrentRow != 0,
		f&plan.FrameStartOffset != 0, f&plan.FrameStartOffsetPreceding != 0, w.StartOffset, fix) {
		p.fail()
		return
	}
	if f&plan.FrameBetween != 0 {
		p.b.WriteString("AND ")
		if !p.frameBound(f&plan.FrameEndUnboundedFollowing != 0, "UNBOUNDED FOLLOWING ", f&plan.FrameEndCurrentRow != 0,
			f&plan.FrameEndOffset != 0, f&plan.FrameEndOffsetPreceding != 0, w.EndOffset, fix) {
			p.fail()
			return
		}
	}
	switch {
	case f&plan.FrameExcludeCurrentRow != 0:
		p.b.WriteString("EXCLUDE CURRENT ROW ")
	case f&plan.FrameExcludeGroup != 0:
		p.b.WriteString("EXCLUDE GROUP ")
	case f&plan.FrameExcludeTies != 0:
		p.b.WriteString("EXCLUDE TIES ")
	}
	// The trailing space goes.
	trimTrailingSpaces(p.b)
}

// frameBound prints one bound of a frame: unbounded (as the word
// says), CURRENT ROW, or the offset PRECEDING or FOLLOWING; false when
// the bound is none of them.
func (p *queryDeparser) frameBound(unbounded bool, word string, current, isOffset, preceding bool, offset expr.Expr, fix func(expr.Expr) expr.Expr) bool {
	switch {
	case unbounded:
		p.b.WriteString(word)
	case current:
		p.b.WriteString("CURRENT ROW ")
	case isOffset && offset != nil:
		p.expr(fix(offset), false)
		if preceding {
			p.b.WriteString(" PRECEDING ")
		} else {
			p.b.WriteString(" FOLLOWING ")
		}
	default:
		return false
	}
	return true
}

// stripImplicit is e without the implicit coercions at its top (the
// coercions a set operation adds to its arms' columns, which ruleutils
// does not see).
func stripImplicit(e expr.Expr) expr.Expr {
	for {
		switch x := e.(type) {
		case *expr.RelabelType:
			if x.Explicit {
				return e
			}
			e = x.Arg
		case *expr.CoerceViaIO:
			if x.Explicit {
				return e
			}
			e = x.Arg
		case *expr.FuncExpr:
			if x.Format != expr.CallImplicitCast {
				return e
			}
			e = x.Args[0]
		case *expr.CoerceToTypmod:
			if x.Explicit || x.SQLName != "" {
				return e
			}
			e = x.Arg
		default:
			return e
		}
	}
}
