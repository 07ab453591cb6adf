// This file analyzes the FROM clause and resolves column references
// (PostgreSQL's parse_clause.c transformFromClause and parse_relation.c):
// the range table, the namespace that decides which entries and columns
// a name can refer to, joins with ON, USING and NATURAL, subqueries,
// VALUES and functions in FROM, WITH queries, system views, and the
// errors and hints PostgreSQL gives for names it cannot resolve.

package analyze

import (
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// nsItem is an entry of a query level's namespace (ParseNamespaceItem):
// relVisible lets a qualified name refer to the entry, colsVisible lets
// its columns be named unqualified.
type nsItem struct {
	rte         int
	relVisible  bool
	colsVisible bool
}

// cte is a WITH query, analyzed again at each reference; plan counts
// the references and holds the first analysis, which runs once for all of
// them when the query is materialized.
type cte struct {
	name string
	cols []string
	sel  *pg_query.SelectStmt
	// dml is the INSERT, UPDATE or DELETE of a data-modifying WITH
	// query (sel is nil): it is analyzed once, where it is defined.
	dml  *pg_query.Node
	plan *plan.CTE
	// def is the level whose WITH clause defines the query.
	def *state
	loc int32
	// visible are the WITH queries the query sees, when it is an item
	// of WITH RECURSIVE (all of that clause's); nil for an item of a
	// plain WITH, which sees those before it.
	visible []*cte
	// recursive is set for a WITH RECURSIVE item that refers to itself;
	// while analyzing, its reference to itself reads the work table,
	// whose columns (work) the non-recursive term fixes, with the
	// locations of that term's outputs for errors (workLocs).
	recursive bool
	analyzing bool
	// searchCycle holds the item's SEARCH and CYCLE clauses, nil without.
	searchCycle *searchCycle
	// clause are the items of the WITH clause that defines this one, at
	// index.
	clause   []*cte
	index    int
	work     []plan.Column
	workLocs []int32
}

func (s *state) addRTE(r *plan.RTE) int {
	q := s.q
	if r.Kind != plan.RTEJoin {
		r.Offset = q.Width
		if r.Width == 0 {
			r.Width = len(r.Columns)
		}
		q.Width += r.Width
	}
	q.RTEs = append(q.RTEs, r)
	return len(q.RTEs) - 1
}

// useSys gives a table entry room for its system columns at the end of
// the level row, once a system column is referenced.
func (s *state) useSys(r *plan.RTE) {
	if !r.SysUsed {
		r.SysUsed = true
		r.SysOffset = s.q.Width
		s.q.Width += plan.NumSysColumns
	}
}

// rteVar returns the expression for column i of range table entry idx.
func (s *state) rteVar(idx, i int, loc int32) expr.Expr {
	r := s.q.RTEs[idx]
	if r.Kind == plan.RTEJoin {
		return withLoc(r.JoinVars[i], loc)
	}
	c := r.Columns[i]
	return &expr.Var{Index: r.Offset + i, Typ: c.TypeOID, Mod: c.TypeMod, Name: c.Name, TableOID: c.TableOID, AttNum: c.AttNum, Loc: loc}
}

// withLoc returns e with its location set to loc when it is a Var.
func withLoc(e expr.Expr, loc int32) expr.Expr {
	if v, ok := e.(*expr.Var); ok {
		cp := *v
		cp.Loc = loc
		return &cp
	}
	return e
}

func (s *state) transformFrom(from []*pg_query.Node) error {
	for _, n := range from {
		item, ns, err := s.transformFromItem(n)
		if err != nil {
			return err
		}
		// Names must be unique among the items of one FROM clause.
		if err := s.checkNameConflicts(ns); err != nil {
			return err
		}
		s.q.From = append(s.q.From, item)
		s.ns = append(s.ns, ns...)
	}
	return nil
}

// checkNameConflicts is checkNameSpaceConflicts: two visible entries with
// the same name.
func (s *state) checkNameConflicts(add []nsItem) error {
	for _, a := range add {
		if !a.relVisible {
			continue
		}
		ra := s.q.RTEs[a.rte]
		for _, b := range s.ns {
			if !b.relVisible {
				continue
			}
			rb := s.q.RTEs[b.rte]
			if ra.Alias != rb.Alias {
				continue
			}
			// Two tables with the same name in different schemas may
			// appear unaliased.
			if ra.Kind == plan.RTETable && rb.Kind == plan.RTETable && ra.Table != nil && rb.Table != nil &&
				ra.Alias == ra.Table.Name && rb.Alias == rb.Table.Name && ra.Table.OID != rb.Table.OID {
				continue
			}
			return pgerr.Newf(pgerr.DuplicateAlias, "table name \"%s\" specified more than once", ra.Alias)
		}
	}
	return nil
}

// errFullJoinConditions is the error of a FULL JOIN PostgreSQL cannot
// run: neither a merge nor a hash join on its conditions.
func errFullJoinConditions() error {
	return pgerr.New(pgerr.FeatureNotSupported, "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions")
}

// transformFromItem analyzes one FROM item, adding its range table
// entries, and returns its join tree node and namespace items.
func (s *state) transformFromItem(n *pg_query.Node) (plan.FromItem, []nsItem, error) {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_RangeVar:
		idx, err := s.rangeVar(v.RangeVar)
		if err != nil {
			return nil, nil, err
		}
		return &plan.RangeItem{RTE: idx}, []nsItem{{rte: idx, relVisible: true, colsVisible: true}}, nil
	case *pg_query.Node_RangeSubselect:
		rs := v.RangeSubselect
		if rs.Alias == nil && len(rs.Subquery.GetSelectStmt().GetValuesLists()) > 0 {
			return nil, nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "VALUES in FROM must have an alias").
				WithHint("For example, FROM (VALUES ...) [AS] foo."), s.subselectLocation(rs.Subquery))
		}
		if rs.Alias == nil {
			return nil, nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "subquery in FROM must have an alias").
				WithHint("For example, FROM (SELECT ...) [AS] foo."), s.subselectLocation(rs.Subquery))
		}
		sel := rs.Subquery.GetSelectStmt()
		c := &state{shared: s.shared, parent: s.parent, ctes: s.ctes, container: s, future: s.future}
		if rs.Lateral {
			// A LATERAL subquery sees the FROM items before it, one
			// level up, as a correlated subquery sees its query's.
			c.parent, c.lateralOf = s, s
		}
		sub, err := c.transformSelect(sel)
		if err != nil {
			return nil, nil, err
		}
		if c.correlated && !rs.Lateral {
			// It reads an enclosing query's row, so this level does too.
			s.correlated = true
		}
		rte, err := s.subqueryRTE(sub, rs.Alias.Aliasname, nameList(rs.Alias.Colnames), -1)
		if err != nil {
			return nil, nil, err
		}
		// A LATERAL subquery counts this level among its enclosing ones
		// (its parent is s), so one that reads any enclosing row runs
		// under this level's row, as a lateral join's inner side does.
		rte.Lateral = c.lateralUsed || rs.Lateral && c.correlated
		idx := s.addRTE(rte)
		return &plan.RangeItem{RTE: idx}, []nsItem{{rte: idx, relVisible: true, colsVisible: true}}, nil
	case *pg_query.Node_RangeFunction:
		return s.rangeFunction(v.RangeFunction)
	case *pg_query.Node_RangeTableSample:
		return s.rangeTableSample(v.RangeTableSample)
	case *pg_query.Node_JoinExpr:
		return s.transformJoin(v.JoinExpr)
	}
	return nil, nil, notSupported("this FROM clause item")
}

// subqueryRTE makes the entry for a subquery, view or WITH query, with
// its visible output columns named by the alias's column list if given.
func (s *state) subqueryRTE(sub *plan.Query, alias string, cols []string, loc int32) (*plan.RTE, error) {
	rte := &plan.RTE{Kind: plan.RTESubquery, Alias: alias, Subquery: sub, Loc: loc}
	vis := sub.VisibleTargets()
	if len(cols) > len(vis) {
		return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified",
			alias, len(vis), len(cols)), loc)
	}
	for i, t := range vis {
		name := t.Name
		if i < len(cols) {
			name = cols[i]
		}
		rte.Columns = append(rte.Columns, columnOf(name, t.Expr.Type(), t.Expr.Typmod()))
	}
	return rte, nil
}

// rangeVar resolves a relation name in FROM: a WITH query, a relation
// the session computes, a system view, or a table.
func (s *state) rangeVar(rv *pg_query.RangeVar) (int, error) {
	if rv.Catalogname != "" {
		return 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	name := rv.Relname
	alias := name
	var cols []string
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
		cols = nameList(rv.Alias.Colnames)
	}
	if rv.Schemaname == "" {
		for i := len(s.ctes) - 1; i >= 0; i-- {
			c := s.ctes[i]
			if c.name != name {
				continue
			}
			if c.dml != nil {
				if c.plan.Query == nil {
					// Referenced by a WITH RECURSIVE item analyzed first.
					q, err := c.def.analyzeCTE(c)
					if err != nil {
						return 0, err
					}
					c.plan.Query = q
				}
				if len(c.plan.Query.Returning) == 0 {
					return 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "WITH query \"%s\" does not have a RETURNING clause", c.name), rv.Location)
				}
				c.plan.Refs++
				rte, err := s.subqueryRTE(&plan.Query{Targets: c.plan.Query.Returning}, alias, cols, rv.Location)
				if err != nil {
					return 0, err
				}
				rte.CTE = c.plan
				return s.addRTE(rte), nil
			}
			if c.recursive {
				if c.analyzing {
					return s.workTableRTE(c, alias, cols, rv.Location)
				}
				c.plan.Refs++
				rte, err := s.subqueryRTE(c.plan.Query, alias, cols, rv.Location)
				if err != nil {
					return 0, err
				}
				rte.CTE = c.plan
				return s.addRTE(rte), nil
			}
			sub, err := s.analyzeCTE(c)
			if err != nil {
				return 0, err
			}
			if c.plan.Query == nil {
				// The run shared by all references is analyzed where
				// the query is defined, so that its references to
				// enclosing levels count from there.
				if s.parent == c.def.parent {
					c.plan.Query = sub
				} else if c.plan.Query, err = c.def.analyzeCTE(c); err != nil {
					return 0, err
				}
			}
			c.plan.Refs++
			rte, err := s.subqueryRTE(sub, alias, cols, rv.Location)
			if err != nil {
				return 0, err
			}
			rte.CTE = c.plan
			return s.addRTE(rte), nil
		}
	}
	t, err := s.cat.Table(rv.Schemaname, name, lockAccessShare)
	if err != nil {
		return 0, s.errorAt(err, rv.Location)
	}
	if t == nil {
		// Not a relation: perhaps one the session computes (pg_stat_io).
		if rel, ok := s.cat.VirtualRelation(rv.Schemaname, name); ok {
			rte := &plan.RTE{Kind: plan.RTEVirtual, Alias: alias, Schema: rv.Schemaname, Name: name, Columns: rel.Columns, Loc: rv.Location}
			if err := s.renameColumns(rte, cols); err != nil {
				return 0, err
			}
			return s.addRTE(rte), nil
		}
		full := name
		if rv.Schemaname != "" {
			full = rv.Schemaname + "." + name
		}
		e := pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full)
		if rv.Schemaname == "" && s.isFutureCTE(name) {
			e = e.WithDetail("There is a WITH item named \"%s\", but it cannot be referenced from this part of the query.", name).
				WithHint("Use WITH RECURSIVE, or re-order the WITH items to remove forward references.")
		}
		return 0, s.errorAt(e, rv.Location)
	}
	if t.Kind == 'v' {
		// A view reads as its query, its columns named as the view's.
		sub, err := s.analyzeUserView(t)
		if err != nil {
			return 0, s.errorAt(err, rv.Location)
		}
		var names []string
		for _, c := range t.Columns {
			if c.Name != "" {
				names = append(names, c.Name)
			}
		}
		// The view has the columns it had when it was made: a * in its
		// query that now finds more columns does not widen it.
		n := 0
		for i := range sub.Targets {
			if sub.Targets[i].Junk {
				continue
			}
			if n >= len(names) {
				sub.Targets[i].Junk = true
			}
			n++
		}
		if len(cols) == 0 {
			cols = names
		}
		rte, err := s.subqueryRTE(sub, alias, cols, rv.Location)
		if err != nil {
			return 0, err
		}
		// Dependencies on the view are on the view, not on what it reads.
		rte.Table = t
		s.noteTable(t)
		s.noteRelation(rv, t, rte)
		return s.addRTE(rte), nil
	}
	rte := &plan.RTE{Kind: plan.RTETable, Alias: alias, Schema: t.Schema, Name: t.Name, Table: t, Columns: t.Columns, Loc: rv.Location}
	if err := s.renameColumns(rte, cols); err != nil {
		return 0, err
	}
	s.noteTable(t)
	s.noteRelation(rv, t, rte)
	return s.addRTE(rte), nil
}

// noteTable records a table the statement reads, to be locked with
// AccessShareLock before it runs.
func (s *state) noteTable(t *plan.Table) {
	for _, x := range s.tables {
		if x.OID == t.OID {
			return
		}
	}
	s.tables = append(s.tables, t)
}

// isFutureCTE reports whether name is an item of a WITH clause that the
// level or an enclosing one cannot see yet (isFutureCTE): the item being
// analyzed or a later one.
func (s *state) isFutureCTE(name string) bool {
	for l := s; l != nil; l = l.parent {
		for _, c := range l.future {
			if c.name == name {
				return true
			}
		}
	}
	return false
}

// renameColumns applies an alias's column names.
func (s *state) renameColumns(rte *plan.RTE, cols []string) error {
	if len(cols) == 0 {
		return nil
	}
	var live int
	for _, c := range rte.Columns {
		if c.Name != "" {
			live++
		}
	}
	if len(cols) > live {
		return s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified",
			rte.Alias, live, len(cols)), rte.Loc)
	}
	out := append([]plan.Column{}, rte.Columns...)
	j := 0
	for i := range out {
		if out[i].Name == "" {
			continue
		}
		if j < len(cols) {
			out[i].Name = cols[j]
			j++
		}
	}
	rte.Columns = out
	return nil
}

// analyzeCTE analyzes a WITH query as a subquery of s's level (where it
// is referenced, or where it is defined).
func (s *state) analyzeCTE(c *cte) (*plan.Query, error) {
	// The WITH query sees the WITH queries before it, not itself (or,
	// in WITH RECURSIVE, all of its clause's).
	visible := c.visible
	if visible == nil {
		for _, x := range s.ctes {
			if x == c {
				break
			}
			visible = append(visible, x)
		}
	}
	cs := &state{shared: s.shared, parent: s.parent, ctes: visible}
	if c.visible == nil {
		cs.future = c.clause[c.index:]
	}
	if c.dml != nil {
		return s.analyzeModifyingCTE(c, cs)
	}
	if c.recursive {
		cs.recursive = c
		c.analyzing = true
	}
	sub, err := cs.transformSelect(c.sel)
	c.analyzing = false
	if err != nil {
		return nil, err
	}
	if c.recursive && c.searchCycle != nil {
		if err := cs.rewriteSearchCycle(c, sub); err != nil {
			return nil, err
		}
	}
	if cs.correlated {
		s.correlated = true
	}
	if len(c.cols) > 0 {
		vis := sub.VisibleTargets()
		if len(c.cols) > len(vis) {
			return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified",
				c.name, len(vis), len(c.cols)), c.loc)
		}
		c.plan.QueryNames = make([]string, len(c.cols))
		for i, n := range c.cols {
			c.plan.QueryNames[i] = vis[i].Name
			vis[i].Name = n
		}
	}
	return sub, nil
}

func (s *state) transformWith(w *pg_query.WithClause) error {
	first := len(s.ctes)
	seen := map[string]bool{}
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		sel := c.Ctequery.GetSelectStmt()
		if c.Ctequery.GetMergeStmt() != nil {
			return s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "MERGE not supported in WITH query"), c.Location)
		}
		// One WITH may not repeat a name; an inner one may shadow an
		// outer one.
		if seen[c.Ctename] {
			return s.errorAt(pgerr.Newf(pgerr.DuplicateAlias, "WITH query name \"%s\" specified more than once", c.Ctename), c.Location)
		}
		seen[c.Ctename] = true
		mode := plan.CTEDefault
		switch c.Ctematerialized {
		case pg_query.CTEMaterialize_CTEMaterializeAlways:
			mode = plan.CTEMaterialized
		case pg_query.CTEMaterialize_CTEMaterializeNever:
			mode = plan.CTENotMaterialized
		}
		item := &cte{name: c.Ctename, cols: nameList(c.Aliascolnames), sel: sel, def: s, loc: c.Location,
			plan: &plan.CTE{Name: c.Ctename, Aliases: nameList(c.Aliascolnames), SearchCycle: c.SearchClause != nil || c.CycleClause != nil, Mode: mode,
				InRecursiveClause: w.Recursive}}
		if sel == nil {
			item.dml = c.Ctequery
			item.plan.Modifying = true
		}
		if c.SearchClause != nil || c.CycleClause != nil {
			item.searchCycle = &searchCycle{search: c.SearchClause, cycle: c.CycleClause}
		}
		s.ctes = append(s.ctes, item)
	}
	clause := s.ctes[first:len(s.ctes):len(s.ctes)]
	for i, c := range clause {
		c.clause, c.index = clause, i
	}
	if w.Recursive {
		if err := s.transformWithRecursive(w, first); err != nil {
			return err
		}
	}
	for _, c := range clause {
		if c.searchCycle != nil && !c.recursive {
			return s.errorAt(pgerr.New(pgerr.SyntaxError, "WITH query is not recursive"), c.loc)
		}
	}
	// A data-modifying WITH query runs once: it is analyzed here, in
	// the order of the clause (or the order WITH RECURSIVE found).
	for _, c := range clause {
		if c.dml != nil && c.plan.Query == nil {
			q, err := s.analyzeCTE(c)
			if err != nil {
				return err
			}
			c.plan.Query = q
		}
	}
	return nil
}

// finishWith attaches the WITH queries defined at this level (s.ctes from
// index first on) to its query. One that was never referenced is analyzed
// once all the same, so that its errors are reported as PostgreSQL
// reports them; it is not run.
func (s *state) finishWith(q *plan.Query, first int) error {
	for _, c := range s.ctes[first:] {
		if c.plan.Query == nil {
			if _, err := s.analyzeCTE(c); err != nil {
				return err
			}
		}
		q.CTEs = append(q.CTEs, c.plan)
	}
	return nil
}

// analyzeUserView analyzes a view's query: its tables are locked and
// noted like the referencing query's own.
func (s *state) analyzeUserView(t *plan.Table) (*plan.Query, error) {
	stmts, err := parser.Parse(t.ViewQuery)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 || stmts[0].Node().GetSelectStmt() == nil {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid query of view \"%s\"", t.Name)
	}
	vs := &state{shared: &shared{query: stmts[0].Query, cat: s.cat, format: s.format, fixed: true}}
	q, err := vs.transformSelect(stmts[0].Node().GetSelectStmt())
	if err == nil && vs.lookupErr != nil {
		err = vs.lookupErr
	}
	if err != nil {
		return nil, err
	}
	for _, x := range vs.tables {
		s.noteTable(x)
	}
	return q, nil
}

// rangeFunction analyzes a set-returning function in FROM.
func (s *state) rangeFunction(rf *pg_query.RangeFunction) (plan.FromItem, []nsItem, error) {
	if len(rf.Functions) != 1 || rf.IsRowsfrom {
		return nil, nil, notSupported("ROWS FROM")
	}
	fn := rf.Functions[0].GetList().GetItems()[0]
	fc := fn.GetFuncCall()
	saved := s.kind
	s.kind = exprFromFunction
	var call *plan.FuncCall
	var retType uint32
	var name string
	if fc != nil {
		names := nameList(fc.Funcname)
		name = names[len(names)-1]
		zip, err := s.multiArgUnnest(fc, names, rf)
		if err != nil {
			s.kind = saved
			return nil, nil, err
		}
		var e expr.Expr
		if zip == nil {
			e, err = s.transformFuncCallSRF(fc)
			if err != nil {
				s.kind = saved
				return nil, nil, err
			}
		}
		if zip != nil {
			call, retType = zip, types.OidRecord
		} else if f, ok := e.(*expr.FuncExpr); ok && (f.Func.RetSet || f.Func.RecordFunc != nil || f.Func.RowSRF != nil) {
			// A set-returning function, or one giving its rows itself
			// (a record of OUT columns: pg_stat_get_wal).
			call = &plan.FuncCall{Func: f.Func, Args: f.Args, Ordinality: rf.Ordinality}
			retType = f.Typ
		} else if ok && f.Func.SQL && f.Typ == types.OidRecord && len(f.Func.OutTypes) == 0 {
			// A SQL function returning one record: its columns are those
			// of the call's column definition list (sqlRecordCall).
			g := *f.Func
			g.RecordFunc = func(*expr.EvalContext, []types.Datum, []expr.RecordColumn) (func() ([]types.Datum, bool, error), error) {
				return nil, pgerr.Newf(pgerr.FeatureNotSupported, "function %s returning record is not supported here", g.Name)
			}
			call = &plan.FuncCall{Func: &g, Args: f.Args, Ordinality: rf.Ordinality}
			retType = f.Typ
		} else {
			// A plain function in FROM yields one row.
			call = &plan.FuncCall{Args: []expr.Expr{e}, Ordinality: rf.Ordinality}
			retType = e.Type()
		}
	} else {
		e, err := s.transformExpr(fn)
		if err != nil {
			s.kind = saved
			return nil, nil, err
		}
		name = figureColname(fn)
		call = &plan.FuncCall{Args: []expr.Expr{e}, Ordinality: rf.Ordinality}
		retType = e.Type()
	}
	s.kind = saved
	// A function in FROM may read the FROM items before it (it is
	// LATERAL whether or not it says so).
	lateral := false
	for _, a := range call.Args {
		lateral = lateral || containsVar(a)
	}
	// The columns: a function's OUT arguments, its column definition
	// list, or one column named after the function.
	var outNames []string
	var outTypes []uint32
	var outMods []int32
	if call.Func != nil && call.Func.RecordFunc != nil || len(rf.Coldeflist) > 0 {
		cols, err := s.columnDefinitionList(rf, call, fc)
		if err != nil {
			return nil, nil, err
		}
		call.Record = cols
		if call.Func.SQL {
			if call.Func, err = s.sqlRecordCall(call.Func, cols); err != nil {
				return nil, nil, err
			}
		}
		for _, c := range cols {
			outNames, outTypes, outMods = append(outNames, c.Name), append(outTypes, c.Type), append(outMods, c.Mod)
		}
	} else if call.Func != nil && len(call.Func.OutNames) > 0 && (call.Func.RowSRF != nil || len(call.Func.OutNames) == 1) {
		outNames, outTypes = call.Func.OutNames, call.Func.OutTypes
	} else if d := outRowDesc(s, call); d != nil {
		// A function whose OUT parameters define its row: one column
		// per field.
		outNames, outTypes, outMods = d.Names, d.Types, d.Mods
		call.Expand = true
	} else if retType != types.OidRecord && s.isRowType(retType) {
		// A function returning a composite type: one column per field.
		desc := s.rowDesc(retType)
		if desc == nil {
			return nil, nil, notSupported("functions returning this composite type in FROM")
		}
		outNames, outTypes, outMods = desc.Names, desc.Types, desc.Mods
		call.Expand = true
	} else if retType == types.OidRecord {
		return nil, nil, notSupported("functions returning record in FROM")
	}
	alias := name
	var cols []string
	if rf.Alias != nil {
		alias = rf.Alias.Aliasname
		cols = nameList(rf.Alias.Colnames)
	}
	rte := &plan.RTE{Kind: plan.RTEFunction, Alias: alias, Func: call, Loc: -1, Lateral: lateral}
	if outNames != nil {
		for i, n := range outNames {
			if i < len(cols) {
				n = cols[i]
			}
			mod := int32(-1)
			if outMods != nil {
				mod = outMods[i]
			}
			rte.Columns = append(rte.Columns, columnOf(n, outTypes[i], mod))
		}
	} else {
		colName := name
		outName := false
		if f := plainSQLCall(call); f != nil && len(f.Func.OutNames) == 1 {
			// A function's one OUT parameter names its column, before
			// the alias (chooseScalarFunctionAlias).
			colName, outName = f.Func.OutNames[0], true
		}
		if len(cols) > 0 {
			colName = cols[0]
		} else if rf.Alias != nil && !outName {
			// A function returning a scalar takes the alias as its column
			// name too.
			colName = alias
		}
		rte.Columns = []plan.Column{columnOf(colName, retType, -1)}
	}
	extra := len(rte.Columns)
	if rf.Ordinality {
		n := "ordinality"
		if len(cols) > extra {
			n = cols[extra]
		}
		rte.Columns = append(rte.Columns, columnOf(n, types.OidInt8, -1))
		extra++
	}
	if len(cols) > extra {
		return nil, nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified", alias, extra, len(cols)), -1)
	}
	idx := s.addRTE(rte)
	return &plan.RangeItem{RTE: idx}, []nsItem{{rte: idx, relVisible: true, colsVisible: true}}, nil
}

// outRowDesc returns the row a plain (not set-returning) function call
// in FROM returns when its OUT parameters define it, nil otherwise.
func outRowDesc(s *state, call *plan.FuncCall) *types.RowDesc {
	if f := plainSQLCall(call); f == nil || f.Typ != types.OidRecord {
		return nil
	}
	return s.recordDesc(call.Args[0])
}

// plainSQLCall returns the call of a LANGUAGE sql function that is not
// set-returning, when that is what a FROM function item is; nil
// otherwise.
func plainSQLCall(call *plan.FuncCall) *expr.FuncExpr {
	if call.Func != nil || len(call.Args) != 1 {
		return nil
	}
	if f, ok := call.Args[0].(*expr.FuncExpr); ok && f.Func.SQL {
		return f
	}
	return nil
}

// transformJoin analyzes a JOIN: both sides, then ON, USING or NATURAL,
// and the join's own entry whose columns are the merged USING columns
// followed by the other columns of each side.
func (s *state) transformJoin(j *pg_query.JoinExpr) (plan.FromItem, []nsItem, error) {
	litem, lns, err := s.transformFromItem(j.Larg)
	if err != nil {
		return nil, nil, err
	}
	// The right side may read the left side's items if it is LATERAL (a
	// function always may).
	before, beforeBad := s.ns, s.lateralBad
	s.ns = append(append([]nsItem{}, before...), lns...)
	if j.Jointype == pg_query.JoinType_JOIN_RIGHT || j.Jointype == pg_query.JoinType_JOIN_FULL {
		s.lateralBad = map[int]bool{}
		for _, it := range lns {
			s.lateralBad[it.rte] = true
		}
	}
	ritem, rns, err := s.transformFromItem(j.Rarg)
	s.ns, s.lateralBad = before, beforeBad
	if err != nil {
		return nil, nil, err
	}
	saved := s.ns
	// Names must be unique across the two sides.
	s.ns = lns
	if err := s.checkNameConflicts(rns); err != nil {
		return nil, nil, err
	}
	s.ns = saved
	var jt plan.JoinType
	switch j.Jointype {
	case pg_query.JoinType_JOIN_LEFT:
		jt = plan.JoinLeft
	case pg_query.JoinType_JOIN_RIGHT:
		jt = plan.JoinRight
	case pg_query.JoinType_JOIN_FULL:
		jt = plan.JoinFull
	default:
		jt = plan.JoinInner
		if j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural {
			jt = plan.JoinCross
		}
	}
	lcols, lvars := s.nsColumns(lns)
	rcols, rvars := s.nsColumns(rns)
	using := nameList(j.UsingClause)
	if j.IsNatural {
		for _, l := range lcols {
			for _, r := range rcols {
				if l.Name == r.Name && l.Name != "" {
					using = append(using, l.Name)
				}
			}
		}
	}
	join := &plan.JoinItem{Type: jt, Left: litem, Right: ritem, Using: using}
	rte := &plan.RTE{Kind: plan.RTEJoin, Loc: -1}
	usedL, usedR := map[int]bool{}, map[int]bool{}
	// The merged columns first, each in the common type of its two sides
	// (buildMergedJoinVar), then the equalities (transformJoinUsingClause):
	// a pair of types without a common one is refused before any
	// operator is looked for, as PostgreSQL does.
	var lusing, rusing []expr.Expr
	for _, u := range using {
		li, err := s.uniqueColumn(lcols, u, "left", j)
		if err != nil {
			return nil, nil, err
		}
		ri, err := s.uniqueColumn(rcols, u, "right", j)
		if err != nil {
			return nil, nil, err
		}
		if usedL[li] {
			return nil, nil, s.errorAt(pgerr.Newf(pgerr.DuplicateColumn, "column name \"%s\" appears more than once in USING clause", u), -1)
		}
		usedL[li], usedR[ri] = true, true
		l, r := lvars[li], rvars[ri]
		s.noteUsing(l)
		s.noteUsing(r)
		lusing, rusing = append(lusing, l), append(rusing, r)
		merged, err := s.mergedJoinVar(jt, l, r)
		if err != nil {
			return nil, nil, err
		}
		rte.Columns = append(rte.Columns, columnOf(u, merged.Type(), merged.Typmod()))
		rte.JoinVars = append(rte.JoinVars, merged)
	}
	var quals []expr.Expr
	for k, l := range lusing {
		eq, err := s.makeOp("=", l, rusing[k], -1)
		if err != nil {
			return nil, nil, err
		}
		if eq, err = s.coerceToBoolean(eq, "JOIN/USING"); err != nil {
			return nil, nil, err
		}
		quals = append(quals, eq)
	}
	for i, c := range lcols {
		if !usedL[i] {
			rte.Columns = append(rte.Columns, c)
			rte.JoinVars = append(rte.JoinVars, lvars[i])
		}
	}
	for i, c := range rcols {
		if !usedR[i] {
			rte.Columns = append(rte.Columns, c)
			rte.JoinVars = append(rte.JoinVars, rvars[i])
		}
	}
	if len(quals) == 1 {
		join.Quals = quals[0]
	} else if len(quals) > 1 {
		join.Quals = &expr.BoolExpr{Op: expr.And, Args: quals}
	}
	if j.Quals != nil {
		// ON sees the two sides only (and enclosing query levels).
		s.ns = append(append([]nsItem{}, lns...), rns...)
		savedKind := s.kind
		s.kind = exprJoinOn
		on, err := s.transformExpr(j.Quals)
		s.kind = savedKind
		s.ns = saved
		if err != nil {
			return nil, nil, err
		}
		if on, err = s.coerceToBoolean(on, "JOIN/ON"); err != nil {
			return nil, nil, err
		}
		join.Quals = on
	}
	if jt == plan.JoinFull && !plan.FullJoinPlannable(s.q, join.Left, join.Right, join.Quals) {
		if !s.deferFullJoins {
			return nil, nil, errFullJoinConditions()
		}
		// A SELECT's WHERE may make it a one-sided join the planner
		// can run (plan.FullJoinsPlannable).
		s.fullJoinPending = true
	}
	switch jt {
	case plan.JoinLeft:
		s.markNullable(ritem)
	case plan.JoinRight:
		s.markNullable(litem)
	case plan.JoinFull:
		s.markNullable(litem)
		s.markNullable(ritem)
	}
	if j.Alias != nil {
		rte.Alias = j.Alias.Aliasname
		if cols := nameList(j.Alias.Colnames); len(cols) > 0 {
			if err := s.renameColumns(rte, cols); err != nil {
				return nil, nil, err
			}
		}
	}
	idx := s.addRTE(rte)
	join.RTE = idx
	var ns []nsItem
	if j.Alias == nil {
		// The sides stay visible by name but not for unqualified
		// columns, which the join's entry provides.
		for _, it := range append(lns, rns...) {
			it.colsVisible = false
			ns = append(ns, it)
		}
	}
	ns = append(ns, nsItem{rte: idx, relVisible: j.Alias != nil, colsVisible: true})
	return join, ns, nil
}

// mergedJoinVar is buildMergedJoinVar: the value of a USING column in
// the join's row, both sides in their common type (and typmod, -1 when
// they differ): the left side's for an inner join unless only the
// right's needs no conversion, the left's for LEFT, the right's for
// RIGHT, COALESCE of both for FULL.
func (s *state) mergedJoinVar(jt plan.JoinType, l, r expr.Expr) (expr.Expr, error) {
	typ, err := s.selectCommonType([]expr.Expr{l, r}, "JOIN/USING", false)
	if err != nil {
		return nil, err
	}
	mod := int32(-1)
	if l.Type() == typ && r.Type() == typ && l.Typmod() == r.Typmod() {
		mod = l.Typmod()
	}
	convert := func(e expr.Expr) (expr.Expr, bool, error) {
		if e.Type() != typ {
			c, err := s.coerceToCommon(e, typ, "JOIN/USING")
			return c, true, err
		}
		if e.Typmod() != mod {
			return &expr.RelabelType{Arg: e, Typ: typ, Mod: mod}, true, nil
		}
		return e, false, nil
	}
	lc, lconv, err := convert(l)
	if err != nil {
		return nil, err
	}
	rc, rconv, err := convert(r)
	if err != nil {
		return nil, err
	}
	switch jt {
	case plan.JoinLeft:
		return lc, nil
	case plan.JoinRight:
		return rc, nil
	case plan.JoinFull:
		return &expr.CoalesceExpr{Args: []expr.Expr{lc, rc}, Typ: typ, Mod: mod}, nil
	}
	if lconv && !rconv {
		return rc, nil
	}
	return lc, nil
}

// uniqueColumn finds a USING column on one side of a join.
func (s *state) uniqueColumn(cols []plan.Column, name, side string, j *pg_query.JoinExpr) (int, error) {
	found := -1
	for i, c := range cols {
		if c.Name == name {
			if found >= 0 {
				return 0, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "common column name \"%s\" appears more than once in %s table", name, side), -1)
			}
			found = i
		}
	}
	if found < 0 {
		return 0, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" specified in USING clause does not exist in %s table", name, side), -1)
	}
	return found, nil
}

// nsColumns lists the columns a namespace exposes unqualified, with
// their expressions, as SELECT * would expand them.
func (s *state) nsColumns(items []nsItem) ([]plan.Column, []expr.Expr) {
	var cols []plan.Column
	var vars []expr.Expr
	for _, it := range items {
		if !it.colsVisible {
			continue
		}
		r := s.q.RTEs[it.rte]
		for i, c := range r.Columns {
			if c.Name == "" || i >= len(r.Columns)-r.StarHidden {
				continue
			}
			cols = append(cols, c)
			vars = append(vars, s.rteVar(it.rte, i, -1))
		}
	}
	return cols, vars
}

// ---- column references ----

// colMatch is a column found by name.
type colMatch struct {
	st    *state
	rte   int
	col   int // index in Columns, or -1 - system column number
	up    int
	alias string
}

// findColumn resolves an unqualified column name at this level only.
func (s *state) findColumn(name string, loc int32) (*colMatch, error) {
	var found *colMatch
	for _, it := range s.ns {
		if !it.colsVisible {
			continue
		}
		r := s.q.RTEs[it.rte]
		for i, c := range r.Columns {
			if c.Name == name {
				if found != nil {
					return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "column reference \"%s\" is ambiguous", name), loc)
				}
				found = &colMatch{st: s, rte: it.rte, col: i, alias: r.Alias}
			}
		}
		if r.Kind == plan.RTETable {
			if k := systemColumn(name); k >= 0 {
				if found != nil {
					return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "column reference \"%s\" is ambiguous", name), loc)
				}
				found = &colMatch{st: s, rte: it.rte, col: -1 - k, alias: r.Alias}
			}
		}
	}
	if found == nil {
		return nil, errNotFound
	}
	return found, nil
}

var errNotFound = pgerr.New(pgerr.UndefinedColumn, "not found")

func systemColumn(name string) int {
	for i, c := range plan.SystemColumns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// findRel finds the entry a qualifier names, at this level or an
// enclosing one.
func (s *state) findRel(qual []string, loc int32) (*state, int, int, error) {
	rel := qual[len(qual)-1]
	schema := ""
	if len(qual) >= 2 {
		schema = qual[len(qual)-2]
	}
	up := 0
	for st := s; st != nil; st = st.parent {
		found := -1
		for _, it := range st.ns {
			if !it.relVisible {
				continue
			}
			r := st.q.RTEs[it.rte]
			if r.Alias != rel {
				continue
			}
			if schema != "" {
				// A schema-qualified name matches an unaliased table.
				if !namedRelation(r) || r.Kind == plan.RTEVirtual || r.Alias != r.Name || r.Schema != schema {
					if !(r.Kind == plan.RTEVirtual && (schema == "pg_catalog" || schema == r.Schema)) {
						continue
					}
				}
			}
			if found >= 0 {
				return nil, 0, 0, s.errorAt(pgerr.Newf(pgerr.AmbiguousAlias, "table reference \"%s\" is ambiguous", rel), loc)
			}
			found = it.rte
		}
		if found >= 0 {
			return st, found, up, nil
		}
		up++
	}
	return nil, 0, 0, s.errorMissingRTE(rel, loc)
}

// namedRelation reports whether r stands for a relation by its name: a
// table, a session relation, or the view an INSERT, UPDATE or DELETE
// changes (an entry of kind RTEJoin that carries the view's name).
func namedRelation(r *plan.RTE) bool {
	return r.Kind == plan.RTETable || r.Kind == plan.RTEVirtual || r.Kind == plan.RTEJoin && r.Name != ""
}

// unnamedEntry reports whether entry i of the level is one the errors
// about names do not mention: a join, or the base table under the view a
// statement changes (PostgreSQL's query names only the view).
func (s *state) unnamedEntry(i int) bool {
	r := s.q.RTEs[i]
	return r.Kind == plan.RTEJoin && r.Name == "" || s.view != nil && i == s.view.baseIndex
}

// errorMissingRTE is errorMissingRTE: no entry has this name, perhaps
// because the query used a table's name where it has an alias.
func (s *state) errorMissingRTE(rel string, loc int32) error {
	var levels []*state
	for st := s; st != nil; st = st.parent {
		// A subquery in FROM cannot see the FROM list it is in, but the
		// error says the entry is there.
		for x := st; x != nil; x = x.container {
			levels = append(levels, x)
		}
	}
	for _, st := range levels {
		if st.q == nil {
			continue
		}
		for i, r := range st.q.RTEs {
			if st.unnamedEntry(i) {
				continue
			}
			if namedRelation(r) && r.Name == rel && r.Alias != rel {
				// Is the alias visible?
				for _, it := range st.ns {
					if it.rte == i && it.relVisible {
						return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", rel).
							WithHint("Perhaps you meant to reference the table alias \"%s\".", r.Alias), loc)
					}
				}
			}
			if r.Alias == rel || (r.Kind != plan.RTEVirtual && namedRelation(r) && r.Name == rel) {
				return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", rel).
					WithHint("There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", r.Alias), loc)
			}
		}
	}
	return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "missing FROM-clause entry for table \"%s\"", rel), loc)
}

// checkLateralRef refuses a reference from the right side of a RIGHT or
// FULL join to its left side (checkNameSpaceConflicts' LATERAL rule).
func (s *state) checkLateralRef(st *state, rte int, loc int32) error {
	if st.lateralBad[rte] {
		return s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "invalid reference to FROM-clause entry for table \"%s\"", st.q.RTEs[rte].Alias).
			WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference."), loc)
	}
	return nil
}

// columnVar builds the expression for a matched column, marking the
// levels in between as correlated and noting system column use.
func (s *state) columnVar(m *colMatch, loc int32) expr.Expr {
	// Every level between here and the column's is correlated, walking
	// out through the FROM lists subqueries in FROM sit in (which their
	// parent links skip).
	if m.up > 0 {
		for st := s; st != nil && st != m.st; {
			st.correlated = true
			if st.lateralOf == m.st {
				st.lateralUsed = true
			}
			if st.container != nil {
				st = st.container
			} else {
				st = st.parent
			}
		}
	}
	r := m.st.q.RTEs[m.rte]
	var e expr.Expr
	if m.col >= 0 {
		e = m.st.rteVar(m.rte, m.col, loc)
	} else {
		k := -1 - m.col
		sc := plan.SystemColumns[k]
		m.st.useSys(r)
		e = &expr.Var{Index: r.SysOffset + k, Typ: sc.Type, Mod: -1, Name: sc.Name,
			TableOID: r.Table.OID, AttNum: sc.AttNum, Loc: loc}
	}
	if m.up > 0 {
		e = raiseLevels(e, m.up)
	}
	return e
}

// raiseLevels returns e with every Var of its level moved up levels out.
func raiseLevels(e expr.Expr, up int) expr.Expr {
	switch v := e.(type) {
	case *expr.Var:
		cp := *v
		cp.LevelsUp += up
		return &cp
	case *expr.CoalesceExpr:
		cp := *v
		cp.Args = make([]expr.Expr, len(v.Args))
		for i, a := range v.Args {
			cp.Args[i] = raiseLevels(a, up)
		}
		return &cp
	case *expr.RelabelType:
		cp := *v
		cp.Arg = raiseLevels(v.Arg, up)
		return &cp
	case *expr.FuncExpr:
		cp := *v
		cp.Args = make([]expr.Expr, len(v.Args))
		for i, a := range v.Args {
			cp.Args[i] = raiseLevels(a, up)
		}
		return &cp
	case *expr.CoerceViaIO:
		cp := *v
		cp.Arg = raiseLevels(v.Arg, up)
		return &cp
	case *expr.CoerceToDomain:
		cp := *v
		cp.Arg = raiseLevels(v.Arg, up)
		return &cp
	}
	return e
}

func (s *state) transformColumnRef(cr *pg_query.ColumnRef) (expr.Expr, error) {
	var names []string
	for i, f := range cr.Fields {
		if f.GetAStar() != nil {
			if i == 0 || i != len(cr.Fields)-1 || s.kind == exprDefault {
				return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "row expansion via \"*\" is not supported here"), cr.Location)
			}
			// "rel.*" inside an expression is the whole row.
			st, idx, up, err := s.findRel(names, cr.Location)
			if err != nil {
				return nil, err
			}
			s.noteWholeRow(cr, st, idx)
			return s.wholeRow(st, idx, up, cr.Location)
		}
		names = append(names, f.GetString_().GetSval())
	}
	col := names[len(names)-1]
	if s.kind == exprDefault {
		return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "cannot use column reference in DEFAULT expression"), cr.Location)
	}
	if len(names) > 4 {
		return nil, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, ".")), cr.Location)
	}
	// An argument of the SQL function whose body this is, when no column
	// or FROM item has the name: a column hides an argument
	// (sql_fn_post_column_ref).
	param := func(err error) (expr.Expr, error) {
		if p := s.fn.param(names, s.params, cr.Location); p != nil {
			return p, nil
		}
		return nil, err
	}
	if len(names) == 1 {
		up := 0
		for st := s; st != nil; st = st.parent {
			if st.q != nil {
				m, err := st.findColumn(col, cr.Location)
				if err == nil {
					m.up = up
					if err := s.checkLateralRef(m.st, m.rte, cr.Location); err != nil {
						return nil, err
					}
					s.noteColumn(cr, m.st, m.rte, m.col)
					return s.columnVar(m, cr.Location), nil
				}
				if err != errNotFound {
					return nil, s.errorAt(err, cr.Location)
				}
			}
			up++
		}
		// A bare name that is no column may name a FROM item: its
		// whole row ("SELECT t FROM t").
		if st, idx, up, err := s.findRel(names, cr.Location); err == nil {
			s.noteWholeRow(cr, st, idx)
			return s.wholeRow(st, idx, up, cr.Location)
		}
		return param(s.errorMissingColumn("", col, cr.Location))
	}
	qual := names[:len(names)-1]
	if len(qual) == 3 {
		return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: %s", strings.Join(names, ".")), cr.Location)
	}
	st, idx, up, err := s.findRel(qual, cr.Location)
	if err != nil {
		return param(err)
	}
	r := st.q.RTEs[idx]
	m := &colMatch{st: st, rte: idx, col: -1000, up: up, alias: r.Alias}
	for i, c := range r.Columns {
		if c.Name == col {
			if m.col != -1000 {
				return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "column reference \"%s\" is ambiguous", col), cr.Location)
			}
			m.col = i
		}
	}
	if m.col == -1000 && r.Kind == plan.RTETable {
		if k := systemColumn(col); k >= 0 {
			m.col = -1 - k
		}
	}
	if m.col == -1000 {
		return param(s.errorMissingColumn(qual[len(qual)-1], col, cr.Location))
	}
	if err := s.checkLateralRef(m.st, m.rte, cr.Location); err != nil {
		return nil, err
	}
	s.noteColumn(cr, m.st, m.rte, m.col)
	return s.columnVar(m, cr.Location), nil
}

// expandStar expands "*" or "rel.*" in a target list.
func (s *state) expandStar(cr *pg_query.ColumnRef) ([]plan.Target, error) {
	var out []plan.Target
	if len(cr.Fields) == 1 {
		if len(s.q.RTEs) == 0 {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), cr.Location)
		}
		var rtes, cols []int
		for _, it := range s.ns {
			if !it.colsVisible {
				continue
			}
			r := s.q.RTEs[it.rte]
			for i, c := range r.Columns {
				if c.Name == "" || i >= len(r.Columns)-r.StarHidden {
					continue
				}
				out = append(out, plan.Target{Expr: s.rteVar(it.rte, i, cr.Location), Name: c.Name})
				rtes, cols = append(rtes, it.rte), append(cols, i)
			}
		}
		s.noteStar(cr, s, rtes, cols)
		return out, nil
	}
	qual := nameList(cr.Fields[:len(cr.Fields)-1])
	st, idx, up, err := s.findRel(qual, cr.Location)
	if err != nil {
		return nil, err
	}
	r := st.q.RTEs[idx]
	var rtes, cols []int
	for i, c := range r.Columns {
		if c.Name == "" || i >= len(r.Columns)-r.StarHidden {
			continue
		}
		e := s.columnVar(&colMatch{st: st, rte: idx, col: i, up: up}, cr.Location)
		out = append(out, plan.Target{Expr: e, Name: c.Name})
		rtes, cols = append(rtes, idx), append(cols, i)
	}
	s.noteStar(cr, st, rtes, cols)
	return out, nil
}

// ---- missing column hints (errorMissingColumn) ----

const maxFuzzyDistance = 3

type fuzzyState struct {
	distance      int
	first, second *fuzzyMatch
	exact         *fuzzyMatch
}

type fuzzyMatch struct {
	alias, col string
}

// levenshtein is varstr_levenshtein_less_equal with unit costs, capped
// at max+1.
func levenshtein(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	if prev[len(rb)] > max {
		return max + 1
	}
	return prev[len(rb)]
}

func (f *fuzzyState) update(penalty int, alias, actual, match string) {
	if penalty > f.distance || actual == "" {
		return
	}
	d := levenshtein(actual, match, f.distance+1-penalty)
	if d > len(match)/2 {
		return
	}
	d += penalty
	switch {
	case d < f.distance:
		f.distance = d
		f.first = &fuzzyMatch{alias, actual}
		f.second = nil
	case d == f.distance:
		if f.second != nil {
			f.first, f.second = nil, nil
		} else if f.first != nil {
			f.second = &fuzzyMatch{alias, actual}
		}
	}
}

// errorMissingColumn reports a column that does not exist, with
// PostgreSQL's hint about a similarly named column or one that exists
// but cannot be referenced from here.
func (s *state) errorMissingColumn(rel, col string, loc int32) error {
	f := &fuzzyState{distance: maxFuzzyDistance + 1}
search:
	for st := s; st != nil; st = st.parent {
		if st.q == nil {
			continue
		}
		for i, r := range st.q.RTEs {
			if st.unnamedEntry(i) {
				continue
			}
			penalty := 0
			if rel != "" {
				penalty = levenshtein(rel, r.Alias, maxFuzzyDistance+1)
			}
			exact := false
			for _, c := range r.Columns {
				if c.Name == col {
					exact = true
				} else {
					f.update(penalty, r.Alias, c.Name, col)
				}
			}
			if exact && penalty == 0 {
				f.exact = &fuzzyMatch{r.Alias, col}
				f.first, f.second = nil, nil
				break search
			}
			if exact {
				f.update(penalty, r.Alias, col, col)
			}
		}
	}
	msg := pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" does not exist", col)
	if rel != "" {
		msg = pgerr.Newf(pgerr.UndefinedColumn, "column %s.%s does not exist", rel, col)
	}
	switch {
	case f.exact != nil:
		msg = msg.WithHint("There is a column named \"%s\" in table \"%s\", but it cannot be referenced from this part of the query.", col, f.exact.alias)
	case f.first != nil && f.second != nil:
		msg = msg.WithHint("Perhaps you meant to reference the column \"%s.%s\" or the column \"%s.%s\".",
			f.first.alias, f.first.col, f.second.alias, f.second.col)
	case f.first != nil:
		msg = msg.WithHint("Perhaps you meant to reference the column \"%s.%s\".", f.first.alias, f.first.col)
	}
	return s.errorAt(msg, loc)
}

// ---- functions ----

// transformFuncCallSRF analyzes a function call in FROM, where
// set-returning functions are allowed.
func (s *state) transformFuncCallSRF(fc *pg_query.FuncCall) (expr.Expr, error) {
	return s.transformFuncCallOpts(fc, true)
}

// columnDefinitionList checks and reads the column definition list of a
// function in FROM (addRangeTableEntryForFunction's rules).
func (s *state) columnDefinitionList(rf *pg_query.RangeFunction, call *plan.FuncCall, fc *pg_query.FuncCall) ([]expr.RecordColumn, error) {
	defs := rf.Coldeflist
	if call.Func == nil || call.Func.RecordFunc == nil {
		loc := defs[0].GetColumnDef().GetLocation()
		if call.Func != nil && len(call.Func.OutNames) > 0 {
			return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "a column definition list is redundant for a function with OUT parameters"), loc)
		}
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "a column definition list is only allowed for functions returning \"record\""), loc)
	}
	if len(defs) == 0 {
		loc := int32(-1)
		if fc != nil {
			loc = fc.Location
		}
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "a column definition list is required for functions returning \"record\""), loc)
	}
	if rf.Ordinality {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "WITH ORDINALITY cannot be used with a column definition list").
			WithHint("Put the column definition list inside ROWS FROM()."), defs[0].GetColumnDef().GetLocation())
	}
	var cols []expr.RecordColumn
	for _, d := range defs {
		cd := d.GetColumnDef()
		typ, mod, err := s.resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		cols = append(cols, expr.RecordColumn{Name: cd.Colname, Type: typ, Mod: mod})
	}
	return cols, nil
}
