// This file is the entry point of analysis and handles the clauses of a
// SELECT: FROM, the target list, WHERE, DISTINCT, ORDER BY, LIMIT and
// OFFSET (PostgreSQL's analyze.c, parse_clause.c and parse_target.c).

package analyze

import (
	"errors"
	"reflect"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/sql/types"
)

// Catalog is what analysis needs to know about relations. An empty
// schema means the name was not qualified; the catalog applies its search
// path.
type Catalog interface {
	VirtualRelation(schema, name string) (plan.Relation, bool)
}

// state is the analysis of one statement.
type state struct {
	fixed  bool // parameters are exactly those declared (simple protocol)
	query  string
	cat    Catalog
	format *types.FormatOptions
	params []uint32 // parameter types; unknown until a use decides
	from   *plan.RangeRef
}

// Analyze turns a SELECT parse tree into a typed Query. paramTypes gives
// the types the client declared for $1, $2, ... (0 or unknown where it
// left them to the server); the returned slice has the type of every
// parameter the statement uses, inferred from context as PostgreSQL
// does. query is the text the parse tree's locations refer to; format
// gives the session settings that literal input depends on.
func Analyze(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions) (*plan.Query, []uint32, error) {
	return analyze(cat, query, node, paramTypes, format, false)
}

// AnalyzeFixed is Analyze for the simple query protocol: the statement
// may only use the parameters paramTypes declares (usually none), and an
// unknown $n is an error instead of being inferred.
func AnalyzeFixed(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions) (*plan.Query, []uint32, error) {
	return analyze(cat, query, node, paramTypes, format, true)
}

func analyze(cat Catalog, query string, node *pg_query.Node, paramTypes []uint32, format *types.FormatOptions, fixed bool) (*plan.Query, []uint32, error) {
	s := &state{query: query, cat: cat, format: format, fixed: fixed}
	for _, t := range paramTypes {
		if t == types.OidUnknown {
			t = 0
		}
		s.params = append(s.params, t)
	}
	sel := node.GetSelectStmt()
	if sel == nil {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "only SELECT statements are supported")
	}
	q, err := s.transformSelect(sel)
	if err != nil {
		return nil, nil, err
	}
	for i, t := range s.params {
		if t == 0 {
			return nil, nil, pgerr.Newf(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
		if types.ByOID(t) == nil {
			return nil, nil, pgerr.Newf(pgerr.FeatureNotSupported, "parameter $%d has type OID %d, which is not supported yet", i+1, t)
		}
	}
	return q, s.params, nil
}

// errorAt gives err the cursor position of byte offset loc, unless it
// already has one.
func (s *state) errorAt(err error, loc int32) error {
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Position != 0 || loc < 0 {
		return err
	}
	cp := *pe
	cp.Position = parser.Position(s.query, loc)
	return &cp
}

func notSupported(what string) *pgerr.Error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", what)
}

func (s *state) transformSelect(sel *pg_query.SelectStmt) (*plan.Query, error) {
	switch {
	case sel.Op != pg_query.SetOperation_SETOP_NONE:
		return nil, notSupported("UNION, INTERSECT and EXCEPT")
	case len(sel.ValuesLists) > 0:
		return nil, notSupported("VALUES")
	case sel.WithClause != nil:
		return nil, notSupported("WITH")
	case sel.IntoClause != nil:
		return nil, notSupported("SELECT INTO")
	case len(sel.GroupClause) > 0:
		return nil, notSupported("GROUP BY")
	case sel.HavingClause != nil:
		return nil, notSupported("HAVING")
	case len(sel.WindowClause) > 0:
		return nil, notSupported("WINDOW")
	case len(sel.LockingClause) > 0:
		return nil, notSupported("SELECT FOR UPDATE/SHARE")
	case sel.LimitOption == pg_query.LimitOption_LIMIT_OPTION_WITH_TIES:
		return nil, notSupported("FETCH ... WITH TIES")
	}
	q := &plan.Query{}
	if err := s.transformFrom(sel.FromClause); err != nil {
		return nil, err
	}
	q.From = s.from
	if err := s.transformTargets(q, sel.TargetList); err != nil {
		return nil, err
	}
	if sel.WhereClause != nil {
		w, err := s.transformExpr(sel.WhereClause)
		if err != nil {
			return nil, err
		}
		if q.Where, err = s.coerceToBoolean(w, "WHERE"); err != nil {
			return nil, err
		}
	}
	if err := s.transformSort(q, sel.SortClause); err != nil {
		return nil, err
	}
	if len(sel.DistinctClause) > 0 {
		if len(sel.DistinctClause) != 1 || sel.DistinctClause[0].GetNode() != nil {
			return nil, notSupported("SELECT DISTINCT ON")
		}
		q.Distinct = true
		for i, k := range q.Sort {
			if q.Targets[k.Target].Junk {
				return nil, s.errorAt(pgerr.New(pgerr.InvalidColumnReference,
					"for SELECT DISTINCT, ORDER BY expressions must appear in select list"), sortLocation(sel.SortClause[i]))
			}
		}
	}
	var err error
	if q.Limit, err = s.transformLimit(sel.LimitCount, "LIMIT"); err != nil {
		return nil, err
	}
	if q.Offset, err = s.transformLimit(sel.LimitOffset, "OFFSET"); err != nil {
		return nil, err
	}
	return q, nil
}

func sortLocation(n *pg_query.Node) int32 {
	if sb := n.GetSortBy(); sb != nil {
		return nodeLocation(sb.Node)
	}
	return -1
}

func (s *state) transformFrom(from []*pg_query.Node) error {
	if len(from) == 0 {
		return nil
	}
	if len(from) > 1 {
		return notSupported("a FROM clause with more than one item")
	}
	rv := from[0].GetRangeVar()
	if rv == nil {
		switch from[0].GetNode().(type) {
		case *pg_query.Node_JoinExpr:
			return notSupported("JOIN")
		case *pg_query.Node_RangeSubselect:
			return notSupported("a subquery in FROM")
		case *pg_query.Node_RangeFunction:
			return notSupported("a function in FROM")
		}
		return notSupported("this FROM clause item")
	}
	name := rv.Relname
	if rv.Catalogname != "" {
		return s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"",
			rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	rel, ok := s.cat.VirtualRelation(rv.Schemaname, name)
	if !ok {
		full := name
		if rv.Schemaname != "" {
			full = rv.Schemaname + "." + name
		}
		return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "relation \"%s\" does not exist", full), rv.Location)
	}
	ref := &plan.RangeRef{Schema: rv.Schemaname, Name: name, Alias: name, Columns: rel.Columns, Loc: rv.Location}
	if rv.Alias != nil {
		ref.Alias = rv.Alias.Aliasname
		if len(rv.Alias.Colnames) > 0 {
			names := nameList(rv.Alias.Colnames)
			if len(names) > len(rel.Columns) {
				return s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "table \"%s\" has %d columns available but %d columns specified",
					ref.Alias, len(rel.Columns), len(names)), rv.Location)
			}
			cols := append([]plan.Column{}, rel.Columns...)
			for i, n := range names {
				cols[i].Name = n
			}
			ref.Columns = cols
		}
	}
	s.from = ref
	return nil
}

// varFor returns the Var for column i of the FROM relation.
func (s *state) varFor(i int, loc int32) *expr.Var {
	c := s.from.Columns[i]
	return &expr.Var{Index: i, Typ: c.TypeOID, Mod: c.TypeMod, Name: c.Name, TableOID: c.TableOID, AttNum: c.AttNum, Loc: loc}
}

func (s *state) transformTargets(q *plan.Query, list []*pg_query.Node) error {
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			return notSupported("this target list entry")
		}
		// "*" and "rel.*" expand to every column.
		if cr := rt.Val.GetColumnRef(); cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			if s.from == nil {
				return s.errorAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), cr.Location)
			}
			if len(cr.Fields) > 1 {
				if err := s.checkQualifier(nameList(cr.Fields[:len(cr.Fields)-1]), cr.Location, ""); err != nil {
					return err
				}
			}
			for i, c := range s.from.Columns {
				q.Targets = append(q.Targets, plan.Target{Expr: s.varFor(i, cr.Location), Name: c.Name})
			}
			continue
		}
		e, err := s.transformExpr(rt.Val)
		if err != nil {
			return err
		}
		if e.Type() == types.OidUnknown {
			if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
				return err
			}
		}
		name := rt.Name
		if name == "" {
			name = figureColname(rt.Val)
		}
		q.Targets = append(q.Targets, plan.Target{Expr: e, Name: name})
	}
	return nil
}

func (s *state) transformLimit(n *pg_query.Node, construct string) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	e, err := s.transformExpr(n)
	if err != nil {
		return nil, err
	}
	if containsVar(e) {
		return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "argument of %s must not contain variables", construct), expr.Location(e))
	}
	// coerce_to_specific_type converts in assignment context, so LIMIT
	// 1.5 rounds to 2.
	if e.Type() != types.OidInt8 {
		if !canCoerce([]uint32{e.Type()}, []uint32{types.OidInt8}, ccAssignment) {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of %s must be type %s, not type %s",
				construct, "bigint", types.FormatType(e.Type(), -1)), expr.Location(e))
		}
		if e, err = s.coerceType(e, types.OidInt8, -1, ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func containsVar(e expr.Expr) bool {
	found := false
	walk(e, func(x expr.Expr) {
		if _, ok := x.(*expr.Var); ok {
			found = true
		}
	})
	return found
}

// walk calls f on e and every expression below it.
func walk(e expr.Expr, f func(expr.Expr)) {
	if e == nil || reflect.ValueOf(e).IsNil() {
		return
	}
	f(e)
	switch x := e.(type) {
	case *expr.FuncExpr:
		for _, a := range x.Args {
			walk(a, f)
		}
	case *expr.BoolExpr:
		for _, a := range x.Args {
			walk(a, f)
		}
	case *expr.NullTest:
		walk(x.Arg, f)
	case *expr.BoolTest:
		walk(x.Arg, f)
	case *expr.CaseExpr:
		walk(x.Arg, f)
		for _, w := range x.Whens {
			walk(w.Cond, f)
			walk(w.Result, f)
		}
		walk(x.Else, f)
	case *expr.CoalesceExpr:
		for _, a := range x.Args {
			walk(a, f)
		}
	case *expr.MinMaxExpr:
		for _, a := range x.Args {
			walk(a, f)
		}
	case *expr.DistinctExpr:
		walk(x.Args[0], f)
		walk(x.Args[1], f)
	case *expr.NullIfExpr:
		walk(x.Args[0], f)
		walk(x.Args[1], f)
	case *expr.ScalarArrayOpExpr:
		walk(x.Left, f)
		for _, a := range x.Right {
			walk(a, f)
		}
		walk(x.Array, f)
	case *expr.RelabelType:
		walk(x.Arg, f)
	case *expr.CoerceViaIO:
		walk(x.Arg, f)
	case *expr.CoerceToTypmod:
		walk(x.Arg, f)
	case *expr.ArrayExpr:
		for _, a := range x.Elems {
			walk(a, f)
		}
	case *expr.ArrayCoerceExpr:
		walk(x.Arg, f)
	}
}

// canOrder reports whether values of typ can be sorted.
func canOrder(typ uint32) bool {
	switch typ {
	case types.OidVoid, types.OidRecord, types.OidUnknown, types.OidCstring, types.OidAny:
		return false
	}
	return types.ByOID(typ) != nil
}

func (s *state) transformSort(q *plan.Query, list []*pg_query.Node) error {
	for _, n := range list {
		sb := n.GetSortBy()
		if sb == nil {
			return notSupported("this ORDER BY item")
		}
		if sb.SortbyDir == pg_query.SortByDir_SORTBY_USING {
			return notSupported("ORDER BY ... USING")
		}
		idx, err := s.findTarget(q, sb.Node)
		if err != nil {
			return err
		}
		t := q.Targets[idx].Expr.Type()
		if !canOrder(t) {
			return s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify an ordering operator for type %s", types.FormatType(t, -1)).
				WithHint("Use an explicit ordering operator or modify the query."), nodeLocation(sb.Node))
		}
		desc := sb.SortbyDir == pg_query.SortByDir_SORTBY_DESC
		nullsFirst := desc
		switch sb.SortbyNulls {
		case pg_query.SortByNulls_SORTBY_NULLS_FIRST:
			nullsFirst = true
		case pg_query.SortByNulls_SORTBY_NULLS_LAST:
			nullsFirst = false
		}
		q.Sort = append(q.Sort, plan.SortKey{Target: idx, Desc: desc, NullsFirst: nullsFirst})
	}
	return nil
}

// findTarget is findTargetlistEntrySQL92 then SQL99: an output column
// name, a column position, or an expression (added as a junk column when
// it is not already in the target list).
func (s *state) findTarget(q *plan.Query, n *pg_query.Node) (int, error) {
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().Sval
		found := -1
		for i, t := range q.Targets {
			if t.Junk || t.Name != name {
				continue
			}
			if found >= 0 && !reflect.DeepEqual(q.Targets[found].Expr, t.Expr) {
				return 0, s.errorAt(pgerr.Newf(pgerr.AmbiguousColumn, "ORDER BY \"%s\" is ambiguous", name), cr.Location)
			}
			if found < 0 {
				found = i
			}
		}
		if found >= 0 {
			return found, nil
		}
	}
	if c := n.GetAConst(); c != nil {
		iv := c.GetIval()
		if iv == nil || c.Isnull {
			return 0, s.errorAt(pgerr.New(pgerr.SyntaxError, "non-integer constant in ORDER BY"), c.Location)
		}
		pos := 0
		for i, t := range q.Targets {
			if t.Junk {
				continue
			}
			pos++
			if pos == int(iv.Ival) {
				return i, nil
			}
		}
		return 0, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", iv.Ival), c.Location)
	}
	e, err := s.transformExpr(n)
	if err != nil {
		return 0, err
	}
	if e.Type() == types.OidUnknown {
		if e, err = s.coerceType(e, types.OidText, -1, ccImplicit, expr.Location(e)); err != nil {
			return 0, err
		}
	}
	for i, t := range q.Targets {
		if reflect.DeepEqual(t.Expr, e) {
			return i, nil
		}
	}
	q.Targets = append(q.Targets, plan.Target{Expr: e, Name: "?column?", Junk: true})
	return len(q.Targets) - 1, nil
}

// checkQualifier verifies that a column qualifier names the FROM item.
func (s *state) checkQualifier(qual []string, loc int32, col string) error {
	rel := qual[len(qual)-1]
	ok := s.from != nil && rel == s.from.Alias
	if ok && len(qual) >= 2 {
		schema := qual[len(qual)-2]
		ok = s.from.Alias == s.from.Name && (schema == s.from.Schema || s.from.Schema == "")
	}
	if len(qual) > 3 {
		return s.errorAt(pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", typeNameString(append(qual, col))), loc)
	}
	if !ok {
		if s.from != nil && rel == s.from.Name && s.from.Alias != s.from.Name {
			return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", rel).
				WithHint("Perhaps you meant to reference the table alias \"%s\".", s.from.Alias), loc)
		}
		return s.errorAt(pgerr.Newf(pgerr.UndefinedTable, "missing FROM-clause entry for table \"%s\"", rel), loc)
	}
	return nil
}

// Columns returns the result columns of a query, as RowDescription
// describes them.
func Columns(q *plan.Query) []plan.Column {
	// Never nil: a SELECT returns rows even when it has no columns.
	out := []plan.Column{}
	for _, t := range q.Targets {
		if t.Junk {
			continue
		}
		typ := t.Expr.Type()
		c := plan.Column{Name: t.Name, TypeOID: typ, TypeMod: t.Expr.Typmod()}
		if ti := types.ByOID(typ); ti != nil {
			c.TypeLen = ti.Len
		}
		if v, ok := t.Expr.(*expr.Var); ok {
			c.TableOID, c.AttNum = v.TableOID, v.AttNum
		}
		out = append(out, c)
	}
	return out
}
