// This file analyzes WITH RECURSIVE (PostgreSQL's parse_cte.c): every
// item of the clause sees every other, the items are ordered so that none
// depends on a later one (mutual recursion is refused, as PostgreSQL
// refuses it), and an item that refers to itself must have the form
// non-recursive-term UNION [ALL] recursive-term with exactly one
// reference to itself, in the recursive term, outside subqueries, outer
// joins' nullable sides, INTERSECT and EXCEPT. Its column types are fixed
// by the non-recursive term; its reference to itself reads the work table
// (plan.RTEWorkTable).

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// walkRaw calls visit on every message below m in a raw parse tree, in
// the order of the fields' declaration (which is the order of
// PostgreSQL's raw_expression_tree_walker, so errors about the first of
// several offending nodes point where PostgreSQL's do); visit returns
// whether to descend into the message it was given.
func walkRaw(m pg_query.Message, visit func(pg_query.Message) bool) {
	m.EachChild(func(_ pg_query.Slot, c pg_query.Message) bool {
		walkRawChild(c, visit)
		return true
	})
}

func walkRawChild(m pg_query.Message, visit func(pg_query.Message) bool) {
	if visit(m) {
		walkRaw(m, visit)
	}
}

// walkRawNode walks n and what is below it.
func walkRawNode(n pg_query.Message, visit func(pg_query.Message) bool) {
	if n == nil {
		return
	}
	if nd, ok := n.(*pg_query.Node); ok && nd == nil {
		return
	}
	walkRawChild(n, visit)
}

// recItem is a WITH RECURSIVE item while the clause is checked.
type recItem struct {
	c         *cte
	raw       *pg_query.CommonTableExpr
	id        int
	dependsOn map[int]bool
}

// withScope tracks the WITH clauses inside a query being walked, whose
// names hide the outer clause's items.
type withScope [][]string

func (w withScope) hides(name string) bool {
	for _, names := range w {
		for _, n := range names {
			if n == name {
				return true
			}
		}
	}
	return false
}

func cteNames(list []*pg_query.Node) []string {
	var out []string
	for _, n := range list {
		out = append(out, n.GetCommonTableExpr().Ctename)
	}
	return out
}

// transformWithRecursive is transformWithClause for WITH RECURSIVE; the
// items are already in s.ctes from index first.
func (s *state) transformWithRecursive(w *pg_query.WithClause, first int) error {
	items := make([]*recItem, len(w.Ctes))
	for i, n := range w.Ctes {
		items[i] = &recItem{c: s.ctes[first+i], raw: n.GetCommonTableExpr(), id: i, dependsOn: map[int]bool{}}
	}
	// Every item sees all of them.
	visible := append([]*cte(nil), s.ctes...)
	for _, it := range items {
		it.c.visible = visible
	}
	for i, it := range items {
		var scope withScope
		var walk func(m pg_query.Message) bool
		walk = func(m pg_query.Message) bool {
			switch v := m.(type) {
			case *pg_query.RangeVar:
				if v.Schemaname != "" || scope.hides(v.Relname) {
					return false
				}
				for j, other := range items {
					if other.c.name == v.Relname {
						if j == i {
							it.c.recursive = true
						} else {
							it.dependsOn[other.id] = true
						}
						break
					}
				}
				return false
			case *pg_query.SelectStmt:
				if v.WithClause == nil {
					return true
				}
				if v.WithClause.Recursive {
					scope = append(withScope{cteNames(v.WithClause.Ctes)}, scope...)
					for _, n := range v.WithClause.Ctes {
						walkRawNode(n.GetCommonTableExpr().Ctequery, walk)
					}
				} else {
					scope = append(withScope{nil}, scope...)
					for _, n := range v.WithClause.Ctes {
						c := n.GetCommonTableExpr()
						walkRawNode(c.Ctequery, walk)
						scope[0] = append(scope[0], c.Ctename)
					}
				}
				walkRaw(v, walk)
				scope = scope[1:]
				return false
			case *pg_query.WithClause:
				return false
			}
			return true
		}
		walkRawNode(it.raw.Ctequery, walk)
	}
	// Order the items so that each comes after those it depends on
	// (TopologicalSort).
	for i := range items {
		j := i
		for j < len(items) && len(items[j].dependsOn) > 0 {
			j++
		}
		if j == len(items) {
			return s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "mutual recursion between WITH items is not implemented"), items[i].raw.Location)
		}
		if i != j {
			items[i], items[j] = items[j], items[i]
		}
		for _, later := range items[i+1:] {
			delete(later.dependsOn, items[i].id)
		}
	}
	for _, it := range items {
		if it.c.recursive {
			if err := s.checkWellFormedRecursion(it); err != nil {
				return err
			}
		}
	}
	for _, it := range items {
		if !it.c.recursive {
			continue
		}
		it.c.plan.Recursive = true
		if sc := it.c.searchCycle; sc != nil {
			if err := s.analyzeCycleMark(sc); err != nil {
				return err
			}
		}
		q, err := s.analyzeCTE(it.c)
		if err != nil {
			return err
		}
		it.c.plan.Query = q
	}
	return nil
}

// recursionContext is where a self-reference is met while a recursive
// item is checked; each but recursionOK forbids it.
type recursionContext int8

const (
	recursionOK recursionContext = iota
	recursionNonRecursiveTerm
	recursionSublink
	recursionOuterJoin
	recursionIntersect
	recursionExcept
)

var recursionMessages = [...]string{
	recursionNonRecursiveTerm: "recursive reference to query \"%s\" must not appear within its non-recursive term",
	recursionSublink:          "recursive reference to query \"%s\" must not appear within a subquery",
	recursionOuterJoin:        "recursive reference to query \"%s\" must not appear within an outer join",
	recursionIntersect:        "recursive reference to query \"%s\" must not appear within INTERSECT",
	recursionExcept:           "recursive reference to query \"%s\" must not appear within EXCEPT",
}

// recursionCheck is the state of checkWellFormedRecursion's walk.
type recursionCheck struct {
	s        *state
	name     string
	scope    withScope
	selfRefs int
	context  recursionContext
	err      error
}

// checkWellFormedRecursion checks a recursive item's form.
func (s *state) checkWellFormedRecursion(it *recItem) error {
	name := it.c.name
	stmt := it.raw.Ctequery.GetSelectStmt()
	if stmt == nil {
		return s.errorAt(pgerr.Newf(pgerr.InvalidRecursion, "recursive query \"%s\" must not contain data-modifying statements", name), it.raw.Location)
	}
	if stmt.Op != pg_query.SetOperation_SETOP_UNION {
		return s.errorAt(pgerr.Newf(pgerr.InvalidRecursion, "recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] recursive-term", name), it.raw.Location)
	}
	rc := &recursionCheck{s: s, name: name, context: recursionNonRecursiveTerm}
	rc.walk(stmt.Larg)
	if rc.err != nil {
		return rc.err
	}
	rc.selfRefs, rc.context = 0, recursionOK
	rc.walk(stmt.Rarg)
	if rc.err != nil {
		return rc.err
	}
	if rc.selfRefs != 1 {
		return pgerr.New(pgerr.InternalError, "missing recursive reference")
	}
	if stmt.WithClause != nil {
		rc.selfRefs, rc.context = 0, recursionSublink
		for _, n := range stmt.WithClause.Ctes {
			rc.walk(n)
		}
		if rc.err != nil {
			return rc.err
		}
	}
	// ORDER BY, LIMIT and the like on the UNION would apply to a part of
	// the result only.
	switch {
	case len(stmt.SortClause) > 0:
		return s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "ORDER BY in a recursive query is not implemented"), sortLocation(stmt.SortClause[0]))
	case stmt.LimitOffset != nil:
		return s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "OFFSET in a recursive query is not implemented"), nodeLocation(stmt.LimitOffset))
	case stmt.LimitCount != nil:
		return s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "LIMIT in a recursive query is not implemented"), nodeLocation(stmt.LimitCount))
	case len(stmt.LockingClause) > 0:
		return pgerr.New(pgerr.FeatureNotSupported, "FOR UPDATE/SHARE in a recursive query is not implemented")
	}
	return nil
}

func (rc *recursionCheck) walk(m pg_query.Message) {
	if rc.err == nil {
		walkRawNode(m, rc.visit)
	}
}

// visit is checkWellFormedRecursionWalker.
func (rc *recursionCheck) visit(m pg_query.Message) bool {
	if rc.err != nil {
		return false
	}
	saved := rc.context
	switch v := m.(type) {
	case *pg_query.RangeVar:
		if v.Schemaname != "" || v.Relname != rc.name || rc.scope.hides(v.Relname) {
			return false
		}
		if rc.context != recursionOK {
			rc.err = rc.s.errorAt(pgerr.Newf(pgerr.InvalidRecursion, recursionMessages[rc.context], rc.name), v.Location)
			return false
		}
		if rc.selfRefs++; rc.selfRefs > 1 {
			rc.err = rc.s.errorAt(pgerr.Newf(pgerr.InvalidRecursion, "recursive reference to query \"%s\" must not appear more than once", rc.name), v.Location)
		}
		return false
	case *pg_query.SelectStmt:
		if w := v.WithClause; w != nil {
			if w.Recursive {
				rc.scope = append(withScope{cteNames(w.Ctes)}, rc.scope...)
				for _, n := range w.Ctes {
					rc.walk(n.GetCommonTableExpr().Ctequery)
				}
			} else {
				rc.scope = append(withScope{nil}, rc.scope...)
				for _, n := range w.Ctes {
					c := n.GetCommonTableExpr()
					rc.walk(c.Ctequery)
					rc.scope[0] = append(rc.scope[0], c.Ctename)
				}
			}
			rc.checkSelect(v)
			rc.scope = rc.scope[1:]
		} else {
			rc.checkSelect(v)
		}
		return false
	case *pg_query.WithClause:
		return false
	case *pg_query.JoinExpr:
		switch v.Jointype {
		case pg_query.JoinType_JOIN_LEFT:
			rc.walk(v.Larg)
			if saved == recursionOK {
				rc.context = recursionOuterJoin
			}
			rc.walk(v.Rarg)
			rc.context = saved
		case pg_query.JoinType_JOIN_FULL:
			if saved == recursionOK {
				rc.context = recursionOuterJoin
			}
			rc.walk(v.Larg)
			rc.walk(v.Rarg)
			rc.context = saved
		case pg_query.JoinType_JOIN_RIGHT:
			if saved == recursionOK {
				rc.context = recursionOuterJoin
			}
			rc.walk(v.Larg)
			rc.context = saved
			rc.walk(v.Rarg)
		default:
			rc.walk(v.Larg)
			rc.walk(v.Rarg)
		}
		rc.walk(v.Quals)
		return false
	case *pg_query.SubLink:
		// A subquery is independent of the context it is in.
		rc.context = recursionSublink
		rc.walk(v.Subselect)
		rc.context = saved
		rc.walk(v.Testexpr)
		return false
	}
	return true
}

// checkSelect is checkWellFormedSelectStmt: a self-reference under
// INTERSECT ALL, or under EXCEPT's right side (or either side of EXCEPT
// ALL), is refused.
func (rc *recursionCheck) checkSelect(stmt *pg_query.SelectStmt) {
	saved := rc.context
	if saved != recursionOK {
		walkRaw(stmt, rc.visit)
		return
	}
	switch stmt.Op {
	case pg_query.SetOperation_SETOP_INTERSECT, pg_query.SetOperation_SETOP_EXCEPT:
		if stmt.All {
			rc.context = recursionExcept
			if stmt.Op == pg_query.SetOperation_SETOP_INTERSECT {
				rc.context = recursionIntersect
			}
		}
		rc.walk(stmt.Larg)
		if stmt.Op == pg_query.SetOperation_SETOP_EXCEPT {
			rc.context = recursionExcept
		}
		rc.walk(stmt.Rarg)
		rc.context = saved
		for _, n := range stmt.SortClause {
			rc.walk(n)
		}
		rc.walk(stmt.LimitOffset)
		rc.walk(stmt.LimitCount)
		for _, n := range stmt.LockingClause {
			rc.walk(n)
		}
	default:
		walkRaw(stmt, rc.visit)
	}
}

// setRecursiveColumns fixes a recursive item's column names and types
// from its non-recursive term, before the recursive term is analyzed
// (analyzeCTETargetList): an unknown-type column becomes text, as the
// UNION will make it.
func (s *state) setRecursiveColumns(c *cte, left *plan.Query, raw *pg_query.SelectStmt) error {
	vis := left.VisibleTargets()
	rawOut := rawOutputs(raw)
	if len(rawOut) != len(vis) {
		rawOut = nil // a * in the list: the analyzed locations serve
	}
	if len(c.cols) > len(vis) {
		return s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified",
			c.name, len(vis), len(c.cols)), c.loc)
	}
	c.work = nil
	c.workLocs = nil
	for i, t := range vis {
		name := t.Name
		if i < len(c.cols) {
			name = c.cols[i]
		}
		typ, mod := t.Expr.Type(), t.Expr.Typmod()
		if typ == types.OidUnknown {
			typ, mod = types.OidText, -1
		}
		c.work = append(c.work, columnOf(name, typ, mod))
		loc := expr.Location(t.Expr)
		if rawOut != nil {
			if l := leftmostRawLocation(rawOut[i]); l >= 0 {
				loc = l
			}
		}
		c.workLocs = append(c.workLocs, loc)
	}
	if c.searchCycle != nil {
		c.work = append(c.work, c.searchCycle.extraColumns()...)
	}
	return nil
}

// checkRecursiveTypes refuses a recursive item whose UNION has other
// column types than its non-recursive term gave it: the work table
// would hold values of the wrong type.
func (s *state) checkRecursiveTypes(c *cte, op *plan.SetOp) error {
	for i, col := range c.work {
		if i >= len(op.Types) {
			break
		}
		if op.Types[i] != col.TypeOID || op.Mods[i] != col.TypeMod {
			return s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
				c.name, i+1, s.typeNameMod(col.TypeOID, col.TypeMod), s.typeNameMod(op.Types[i], op.Mods[i])).
				WithHint("Cast the output of the non-recursive term to the correct type."), c.workLocs[i])
		}
	}
	return nil
}

// typeNameMod is format_type_with_typemod.
func (s *state) typeNameMod(t uint32, mod int32) string {
	if types.ByOID(t) != nil {
		return types.FormatType(t, mod)
	}
	return s.typeName(t)
}

// workTableRTE is a recursive item's reference to itself in its
// recursive term.
func (s *state) workTableRTE(c *cte, alias string, cols []string, loc int32) (int, error) {
	if c.work == nil {
		return 0, s.errorAt(pgerr.Newf(pgerr.InternalError, "recursive reference to query \"%s\" before its non-recursive term", c.name), loc)
	}
	rte := &plan.RTE{Kind: plan.RTEWorkTable, Alias: alias, Columns: c.work, CTE: c.plan, Loc: loc}
	if c.searchCycle != nil {
		// Its SEARCH and CYCLE columns can be named, not expanded by *.
		rte.StarHidden = len(c.searchCycle.extraColumns())
	}
	if err := s.renameColumns(rte, cols); err != nil {
		return 0, err
	}
	return s.addRTE(rte), nil
}

// hasWorkTable reports whether the level reads a recursive item's work
// table directly.
func hasWorkTable(q *plan.Query) bool {
	for _, r := range q.RTEs {
		if r.Kind == plan.RTEWorkTable {
			return true
		}
	}
	return false
}

// rawOutputs are the output expressions of the leftmost SELECT or VALUES
// row of a set operation, as written; nil when the list has a *.
func rawOutputs(sel *pg_query.SelectStmt) []*pg_query.Node {
	for sel != nil && sel.Op != pg_query.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	if sel == nil {
		return nil
	}
	if len(sel.ValuesLists) > 0 {
		return sel.ValuesLists[0].GetList().GetItems()
	}
	var out []*pg_query.Node
	for _, n := range sel.TargetList {
		rt := n.GetResTarget()
		if rt == nil {
			return nil
		}
		if f := rt.Val.GetColumnRef().GetFields(); len(f) > 0 && f[len(f)-1].GetAStar() != nil {
			return nil
		}
		out = append(out, rt.Val)
	}
	return out
}

// leftmostRawLocation is the smallest location in a raw expression,
// subqueries aside: where PostgreSQL's exprLocation points for a call or
// a cast (at its leftmost argument).
func leftmostRawLocation(n *pg_query.Node) int32 {
	loc := int32(-1)
	if n == nil {
		return loc
	}
	walkRawNode(n, func(m pg_query.Message) bool {
		if l, ok := pg_query.Location(m); ok && l >= 0 && (loc < 0 || l < loc) {
			loc = l
		}
		_, sub := m.(*pg_query.SubLink)
		return !sub
	})
	return loc
}
