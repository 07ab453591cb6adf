// SEARCH and CYCLE clauses of WITH RECURSIVE (PostgreSQL's parse_cte.c
// checks and rewriteSearchCycle.c): the clauses add columns to the
// recursive query, visible to its recursive term through the work table
// and to its readers. SEARCH DEPTH FIRST adds the array of the rows of
// the search columns along the path (record[]), BREADTH FIRST a record
// of the depth and the search columns; CYCLE adds a mark, set when the
// row of the cycle columns is already on the path, and the path (record[]).
// The terms are rewritten as PostgreSQL rewrites them: each becomes a
// query over the original term that computes the new columns, and the
// recursive term stops at rows already marked.

package analyze

import (
	"fmt"
	"slices"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// searchCycle is a recursive item's SEARCH and CYCLE clauses.
type searchCycle struct {
	search *pg_query.CTESearchClause
	cycle  *pg_query.CTECycleClause
	// markType and markMod are the cycle mark's type: the common type of
	// its TO and DEFAULT values.
	markType uint32
	markMod  int32
	// markValue and markDefault are the TO and DEFAULT values coerced
	// to the mark's type.
	markValue, markDefault expr.Expr
}

// written describes the clauses, and q, the recursive query they are
// not yet rewritten into, as they were written (for printing).
func (sc *searchCycle) written(q *plan.Query) (*plan.CTESearch, *plan.CTECycle, *plan.Query) {
	names := func(list []*pg_query.Node) []string {
		var out []string
		for _, n := range list {
			out = append(out, n.GetString_().GetSval())
		}
		return out
	}
	var search *plan.CTESearch
	if se := sc.search; se != nil {
		search = &plan.CTESearch{BreadthFirst: se.SearchBreadthFirst, Columns: names(se.SearchColList), SeqColumn: se.SearchSeqColumn}
	}
	var cycle *plan.CTECycle
	if cy := sc.cycle; cy != nil {
		cycle = &plan.CTECycle{Columns: names(cy.CycleColList), MarkColumn: cy.CycleMarkColumn, PathColumn: cy.CyclePathColumn,
			MarkValue: sc.markValue, MarkDefault: sc.markDefault}
	}
	// The rewrite replaces the arms and the right arm's targets, and
	// appends to the targets: the copies keep what was written.
	written := *q
	written.Targets = slices.Clone(q.Targets)
	op := *q.SetOp
	right := *op.Right
	op.Right = &right
	written.SetOp = &op
	return search, cycle, &written
}

// analyzeCycleMark fixes the type of the cycle mark column before the
// query is analyzed (its work table has the column).
func (s *state) analyzeCycleMark(sc *searchCycle) error {
	if sc.cycle == nil {
		return nil
	}
	ms := &state{shared: s.shared, parent: s.parent, ctes: s.ctes}
	v, err := ms.transformExpr(cycleMarkValue(sc.cycle))
	if err != nil {
		return err
	}
	d, err := ms.transformExpr(cycleMarkDefault(sc.cycle))
	if err != nil {
		return err
	}
	typ, err := ms.selectCommonType([]expr.Expr{v, d}, "CYCLE", false)
	if err != nil {
		return err
	}
	if sc.markValue, err = ms.coerceToCommon(v, typ, "CYCLE"); err != nil {
		return err
	}
	if sc.markDefault, err = ms.coerceToCommon(d, typ, "CYCLE"); err != nil {
		return err
	}
	sc.markType, sc.markMod = typ, commonTypmod([]expr.Expr{v, d}, typ)
	return nil
}

func boolConstNode(b bool) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Val: &pg_query.A_Const_Boolval{Boolval: &pg_query.Boolean{Boolval: b}}, Location: -1}}}
}

func cycleMarkValue(c *pg_query.CTECycleClause) *pg_query.Node {
	if c.CycleMarkValue == nil {
		return boolConstNode(true)
	}
	return c.CycleMarkValue
}

func cycleMarkDefault(c *pg_query.CTECycleClause) *pg_query.Node {
	if c.CycleMarkDefault == nil {
		return boolConstNode(false)
	}
	return c.CycleMarkDefault
}

// extraColumns are the columns the clauses add, in order.
func (sc *searchCycle) extraColumns() []plan.Column {
	var out []plan.Column
	if sc.search != nil {
		typ := types.OidRecordArray
		if sc.search.SearchBreadthFirst {
			typ = types.OidRecord
		}
		out = append(out, columnOf(sc.search.SearchSeqColumn, typ, -1))
	}
	if sc.cycle != nil {
		out = append(out, columnOf(sc.cycle.CycleMarkColumn, sc.markType, sc.markMod),
			columnOf(sc.cycle.CyclePathColumn, types.OidRecordArray, -1))
	}
	return out
}

// checkSearchCycle makes PostgreSQL's validity checks of the clauses once
// the query is analyzed; ncols is the number of the query's own columns.
func (s *state) checkSearchCycle(c *cte, q *plan.Query, ncols int) error {
	sc := c.searchCycle
	op := q.SetOp
	if op == nil || op.Op != plan.Union {
		return s.errorAt(pgerr.New(pgerr.SyntaxError, "WITH query is not recursive"), c.loc)
	}
	if op.Left.SetOp != nil {
		return pgerr.New(pgerr.FeatureNotSupported, "with a SEARCH or CYCLE clause, the left side of the UNION must be a SELECT")
	}
	if op.Right.SetOp != nil {
		return pgerr.New(pgerr.SyntaxError, "with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT")
	}
	inList := func(name string) bool {
		for _, col := range c.work[:ncols] {
			if col.Name == name {
				return true
			}
		}
		return false
	}
	checkCols := func(list []*pg_query.Node, what string, loc int32) error {
		seen := map[string]bool{}
		for _, n := range list {
			name := n.GetString_().GetSval()
			if !inList(name) {
				return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "%s column \"%s\" not in WITH query column list", what, name), loc)
			}
			if seen[name] {
				return s.errorAt(pgerr.Newf(pgerr.DuplicateColumn, "%s column \"%s\" specified more than once", what, name), loc)
			}
			seen[name] = true
		}
		return nil
	}
	if se := sc.search; se != nil {
		if err := checkCols(se.SearchColList, "search", se.Location); err != nil {
			return err
		}
		if inList(se.SearchSeqColumn) {
			return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "search sequence column name \"%s\" already used in WITH query column list", se.SearchSeqColumn), se.Location)
		}
	}
	if cy := sc.cycle; cy != nil {
		if err := checkCols(cy.CycleColList, "cycle", cy.Location); err != nil {
			return err
		}
		if inList(cy.CycleMarkColumn) {
			return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "cycle mark column name \"%s\" already used in WITH query column list", cy.CycleMarkColumn), cy.Location)
		}
		if inList(cy.CyclePathColumn) {
			return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "cycle path column name \"%s\" already used in WITH query column list", cy.CyclePathColumn), cy.Location)
		}
		if cy.CycleMarkColumn == cy.CyclePathColumn {
			return s.errorAt(pgerr.New(pgerr.SyntaxError, "cycle mark column name and cycle path column name are the same"), cy.Location)
		}
	}
	if se, cy := sc.search, sc.cycle; se != nil && cy != nil {
		if se.SearchSeqColumn == cy.CycleMarkColumn {
			return s.errorAt(pgerr.New(pgerr.SyntaxError, "search sequence column name and cycle mark column name are the same"), se.Location)
		}
		if se.SearchSeqColumn == cy.CyclePathColumn {
			return s.errorAt(pgerr.New(pgerr.SyntaxError, "search sequence column name and cycle path column name are the same"), se.Location)
		}
	}
	return nil
}

// Raw expression nodes for the rewritten terms.

func colRef(name string) *pg_query.Node {
	return pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeStrNode(name)}, -1)
}

func rowOf(names []*pg_query.Node, first *pg_query.Node) *pg_query.Node {
	var args []*pg_query.Node
	if first != nil {
		args = append(args, first)
	}
	for _, n := range names {
		args = append(args, colRef(n.GetString_().GetSval()))
	}
	return &pg_query.Node{Node: &pg_query.Node_RowExpr{RowExpr: &pg_query.RowExpr{Args: args, RowFormat: pg_query.CoercionForm_COERCE_EXPLICIT_CALL, Location: -1}}}
}

func arrayOf(elem *pg_query.Node) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_AArrayExpr{AArrayExpr: &pg_query.A_ArrayExpr{Elements: []*pg_query.Node{elem}, Location: -1}}}
}

func opNode(kind pg_query.A_Expr_Kind, op string, l, r *pg_query.Node) *pg_query.Node {
	return pg_query.MakeAExprNode(kind, []*pg_query.Node{pg_query.MakeStrNode(op)}, l, r, -1)
}

// wrapLevel starts a query that reads sub as its only FROM item, its
// columns named cols.
func (s *state) wrapLevel(sub *plan.Query, alias string, cols []plan.Column) *state {
	ws := &state{shared: s.shared, parent: s.parent, ctes: s.ctes, q: &plan.Query{}}
	idx := ws.addRTE(&plan.RTE{Kind: plan.RTESubquery, Alias: alias, Subquery: sub, Columns: cols, Loc: -1})
	ws.q.From = []plan.FromItem{&plan.RangeItem{RTE: idx}}
	ws.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
	for i := range cols {
		ws.q.Targets = append(ws.q.Targets, plan.Target{Expr: ws.rteVar(idx, i, -1), Name: cols[i].Name})
	}
	return ws
}

// addTarget analyzes a raw expression of the wrapping query, coerced to
// typ, as its next output column.
func (ws *state) addTarget(n *pg_query.Node, name string, typ uint32, mod int32) error {
	e, err := ws.transformExpr(n)
	if err != nil {
		return err
	}
	if e.Type() != typ {
		if e, err = ws.coerceToCommon(e, typ, "CYCLE"); err != nil {
			return err
		}
	}
	ws.q.Targets = append(ws.q.Targets, plan.Target{Expr: e, Name: name})
	return nil
}

// rewriteSearchCycle adds the clauses' columns to the analyzed recursive
// query q (rewriteSearchAndCycle).
func (s *state) rewriteSearchCycle(c *cte, q *plan.Query) error {
	sc := c.searchCycle
	ncols := len(c.work) - len(sc.extraColumns())
	if err := s.checkSearchCycle(c, q, ncols); err != nil {
		return err
	}
	op := q.SetOp
	own := c.work[:ncols]
	extra := c.work[ncols:]
	c.plan.Search, c.plan.Cycle, c.plan.Written = sc.written(q)

	// The non-recursive term: the new columns start.
	ls := s.wrapLevel(op.Left, "*TLOCRN*", own)
	if se := sc.search; se != nil {
		if se.SearchBreadthFirst {
			zero := &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{Arg: pg_query.MakeAConstIntNode(0, -1),
				TypeName: &pg_query.TypeName{Names: []*pg_query.Node{pg_query.MakeStrNode("pg_catalog"), pg_query.MakeStrNode("int8")}, Typemod: -1, Location: -1}, Location: -1}}}
			if err := ls.addTarget(rowOf(se.SearchColList, zero), se.SearchSeqColumn, types.OidRecord, -1); err != nil {
				return err
			}
		} else if err := ls.addTarget(arrayOf(rowOf(se.SearchColList, nil)), se.SearchSeqColumn, types.OidRecordArray, -1); err != nil {
			return err
		}
	}
	if cy := sc.cycle; cy != nil {
		if err := ls.addTarget(cycleMarkDefault(cy), cy.CycleMarkColumn, sc.markType, sc.markMod); err != nil {
			return err
		}
		if err := ls.addTarget(arrayOf(rowOf(cy.CycleColList, nil)), cy.CyclePathColumn, types.OidRecordArray, -1); err != nil {
			return err
		}
	}

	// The recursive term also returns the work table's new columns: the
	// previous row's, which the new ones extend.
	right := op.Right
	work := -1
	for i, r := range right.RTEs {
		if r.Kind == plan.RTEWorkTable && r.CTE == c.plan {
			work = i
		}
	}
	if work < 0 {
		return pgerr.Newf(pgerr.FeatureNotSupported, "with a SEARCH or CYCLE clause, the recursive reference to WITH query \"%s\" must be at the top level of its right-hand SELECT", c.name)
	}
	if right.Grouped || right.Distinct || len(right.DistinctOn) > 0 {
		return pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE with a grouped or DISTINCT recursive term is not supported yet")
	}
	// Junk sort columns, if any, stay last.
	var junk []plan.Target
	var kept []plan.Target
	for _, t := range right.Targets {
		if t.Junk {
			junk = append(junk, t)
		} else {
			kept = append(kept, t)
		}
	}
	if len(junk) > 0 {
		return pgerr.New(pgerr.FeatureNotSupported, "SEARCH or CYCLE with ORDER BY in the recursive term is not supported yet")
	}
	wrte := right.RTEs[work]
	for i := range extra {
		v := &expr.Var{Index: wrte.Offset + ncols + i, Typ: extra[i].TypeOID, Mod: extra[i].TypeMod, Name: extra[i].Name, Loc: -1}
		kept = append(kept, plan.Target{Expr: v, Name: extra[i].Name})
	}
	right.Targets = kept

	rs := s.wrapLevel(right, "*TROCRN*", c.work)
	rs.q.Targets = rs.q.Targets[:ncols]
	if se := sc.search; se != nil {
		if se.SearchBreadthFirst {
			// ROW(previous depth + 1, search columns): the depth is the
			// previous record's first field.
			depth, err := rs.breadthDepth(se.SearchSeqColumn)
			if err != nil {
				return err
			}
			row, err := rs.transformExpr(rowOf(se.SearchColList, nil))
			if err != nil {
				return err
			}
			re := row.(*expr.RowExpr)
			desc := &types.RowDesc{Names: []string{"f1"}, Types: []uint32{types.OidInt8}, Mods: []int32{-1}}
			for i, a := range re.Args {
				desc.Names = append(desc.Names, fmt.Sprintf("f%d", i+2))
				desc.Types = append(desc.Types, a.Type())
				desc.Mods = append(desc.Mods, a.Typmod())
			}
			rs.q.Targets = append(rs.q.Targets, plan.Target{Expr: &expr.RowExpr{Args: append([]expr.Expr{depth}, re.Args...), Typ: types.OidRecord, Desc: desc, Loc: -1}, Name: se.SearchSeqColumn})
		} else if err := rs.addTarget(opNode(pg_query.A_Expr_Kind_AEXPR_OP, "||", colRef(se.SearchSeqColumn), arrayOf(rowOf(se.SearchColList, nil))),
			se.SearchSeqColumn, types.OidRecordArray, -1); err != nil {
			return err
		}
	}
	if cy := sc.cycle; cy != nil {
		onPath := opNode(pg_query.A_Expr_Kind_AEXPR_OP_ANY, "=", rowOf(cy.CycleColList, nil), colRef(cy.CyclePathColumn))
		mark := pg_query.MakeCaseExprNode(nil, []*pg_query.Node{pg_query.MakeCaseWhenNode(onPath, cycleMarkValue(cy), -1)}, -1)
		mark.GetCaseExpr().Defresult = cycleMarkDefault(cy)
		if err := rs.addTarget(mark, cy.CycleMarkColumn, sc.markType, sc.markMod); err != nil {
			return err
		}
		if err := rs.addTarget(opNode(pg_query.A_Expr_Kind_AEXPR_OP, "||", colRef(cy.CyclePathColumn), arrayOf(rowOf(cy.CycleColList, nil))),
			cy.CyclePathColumn, types.OidRecordArray, -1); err != nil {
			return err
		}
		// A row marked as a cycle is not followed further.
		w, err := rs.transformExpr(opNode(pg_query.A_Expr_Kind_AEXPR_OP, "<>", colRef(cy.CycleMarkColumn), cycleMarkValue(cy)))
		if err != nil {
			return err
		}
		if rs.q.Where, err = rs.coerceToBoolean(w, "WHERE"); err != nil {
			return err
		}
	}

	op.Left, op.Right = ls.q, rs.q
	for i, col := range extra {
		op.Types = append(op.Types, col.TypeOID)
		op.Mods = append(op.Mods, col.TypeMod)
		q.Targets = append(q.Targets, plan.Target{Expr: &expr.Var{Index: ncols + i, Typ: col.TypeOID, Mod: col.TypeMod, Name: col.Name, Loc: -1}, Name: col.Name})
	}
	q.Width = len(op.Types)
	return nil
}

// breadthDepth is the depth of the row BREADTH FIRST numbers next: the
// first field of the previous row's sequence record, plus one.
func (rs *state) breadthDepth(seqCol string) (expr.Expr, error) {
	// Analyze "d + 1" over a scratch int8 column, then read the field
	// in its place.
	scratch := &state{shared: rs.shared, parent: rs.parent, q: &plan.Query{}}
	idx := scratch.addRTE(&plan.RTE{Kind: plan.RTEValues, Alias: "*depth*", Columns: []plan.Column{columnOf("d", types.OidInt8, -1)}, Loc: -1})
	scratch.ns = []nsItem{{rte: idx, relVisible: true, colsVisible: true}}
	plus, err := scratch.transformExpr(opNode(pg_query.A_Expr_Kind_AEXPR_OP, "+", colRef("d"), pg_query.MakeAConstIntNode(1, -1)))
	if err != nil {
		return nil, err
	}
	seq, err := rs.transformExpr(colRef(seqCol))
	if err != nil {
		return nil, err
	}
	field := &expr.FieldSelect{Arg: seq, Field: 0, Name: "f1", Typ: types.OidInt8, Mod: -1}
	var swap func(e expr.Expr) expr.Expr
	swap = func(e expr.Expr) expr.Expr {
		if v, ok := e.(*expr.Var); ok && v.Index == 0 && v.LevelsUp == 0 {
			return field
		}
		return plan.MapChildren(e, swap)
	}
	return swap(plus), nil
}
