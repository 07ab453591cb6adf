// This file analyzes row values (PostgreSQL's transformRowExpr,
// make_row_comparison_op, make_row_distinct_op and the composite parts of
// parse_coerce.c): row constructors, comparisons of row constructors,
// whole-row references to FROM items, field selection, and casts between
// record and composite types.

package analyze

import (
	"fmt"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxRowFields is MaxTupleAttributeNumber, the most fields a row may have.
const maxRowFields = 1664

// transformRowExpr is transformRowExpr: ROW(...) or (a, b, ...), of type
// record, its fields named f1, f2, ...; "rel.*" among the arguments
// stands for the relation's columns.
func (s *state) transformRowExpr(r *pg_query.RowExpr) (expr.Expr, error) {
	var args []expr.Expr
	for _, n := range r.Args {
		if cr := n.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			ts, err := s.expandStar(cr)
			if err != nil {
				return nil, err
			}
			for _, t := range ts {
				args = append(args, t.Expr)
			}
			continue
		}
		e, err := s.transformExpr(n)
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) > maxRowFields {
		return nil, s.errorAt(pgerr.Newf(pgerr.TooManyColumns, "ROW expressions can have at most %d entries", maxRowFields), r.Location)
	}
	// Unknown literals keep their type: compared with another row, each
	// takes the type of its counterpart; as a value it prints as text.
	desc := &types.RowDesc{}
	for i, a := range args {
		desc.Names = append(desc.Names, fmt.Sprintf("f%d", i+1))
		desc.Types = append(desc.Types, a.Type())
		desc.Mods = append(desc.Mods, a.Typmod())
	}
	return &expr.RowExpr{Args: args, Typ: types.OidRecord, Desc: desc, Loc: r.Location}, nil
}

// rowConstructor returns e as a row constructor, whose comparisons are
// made column by column; a whole-row reference compares as one value.
func rowConstructor(e expr.Expr) *expr.RowExpr {
	if r, ok := e.(*expr.RowExpr); ok && !r.WholeRow {
		return r
	}
	return nil
}

// isRowType reports whether values of typ are composite: record or a
// relation's row type (ISCOMPLEX).
func (s *shared) isRowType(typ uint32) bool {
	if typ == types.OidRecord {
		return true
	}
	t := s.typeRow(typ)
	return t != nil && t.TypType == 'c'
}

// rowDesc returns the fields of composite type typ, nil if it has none
// that analysis can know (an anonymous record).
func (s *shared) rowDesc(typ uint32) *types.RowDesc {
	d, err := s.syscache().RowDesc(typ)
	s.noteErr(err)
	return d
}

// makeRowComparison is make_row_comparison_op: = and <> of two row
// constructors become AND and OR of the column comparisons, the ordering
// operators a lexicographic RowCompareExpr.
func (s *state) makeRowComparison(name string, left, right []expr.Expr, loc int32) (expr.Expr, error) {
	if len(left) != len(right) {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	if len(left) == 0 {
		return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "cannot compare rows of zero length"), loc)
	}
	cmps := make([]*expr.FuncExpr, len(left))
	for i := range left {
		e, err := s.makeOp(name, left[i], right[i], loc)
		if err != nil {
			return nil, err
		}
		if e.Type() != types.OidBool {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "row comparison operator must yield type boolean, not type %s",
				s.typeName(e.Type())), loc)
		}
		cmps[i] = e.(*expr.FuncExpr)
	}
	if len(cmps) == 1 {
		return cmps[0], nil
	}
	switch name {
	case "=", "<>":
		op := expr.And
		if name == "<>" {
			op = expr.Or
		}
		out := &expr.BoolExpr{Op: op}
		for _, c := range cmps {
			out.Args = append(out.Args, c)
		}
		return out, nil
	}
	kinds := map[string]expr.RowCompareKind{"<": expr.RowLess, "<=": expr.RowLessEqual, ">=": expr.RowGreaterEqual, ">": expr.RowGreater}
	kind, ok := kinds[name]
	rc := &expr.RowCompareExpr{Kind: kind}
	for _, c := range cmps {
		if !ok {
			break
		}
		eq := s.lookupOperator("=", c.Args[0].Type(), c.Args[1].Type())
		if eq == nil || eq.Result != types.OidBool {
			ok = false
			break
		}
		rc.Ops = append(rc.Ops, c.Op)
		rc.EqOps = append(rc.EqOps, eq)
		rc.Left = append(rc.Left, c.Args[0])
		rc.Right = append(rc.Right, c.Args[1])
	}
	if !ok {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not determine interpretation of row comparison operator %s", name).
			WithHint("Row comparison operators must be associated with btree operator families."), loc)
	}
	return rc, nil
}

// makeRowDistinct is make_row_distinct_op: rows are distinct when any
// column pair is.
func (s *state) makeRowDistinct(name string, left, right []expr.Expr, loc int32) (expr.Expr, error) {
	if len(left) != len(right) {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	var result expr.Expr
	for i := range left {
		op, args, err := s.resolveBinaryForm(name, left[i], right[i], loc, "IS DISTINCT FROM")
		if err != nil {
			return nil, err
		}
		d := &expr.DistinctExpr{Op: op, Args: args}
		if result == nil {
			result = d
		} else {
			result = &expr.BoolExpr{Op: expr.Or, Args: []expr.Expr{result, d}}
		}
	}
	if result == nil {
		// Zero-length rows are never distinct.
		return &expr.Const{Typ: types.OidBool, Mod: -1, Value: types.Bool(false), Loc: -1}, nil
	}
	return result, nil
}

// rowCompareSubLink is "(a, b) op (SELECT x, y)" and "(a, b) op ANY/ALL
// (SELECT x, y)": the test compares the row's fields with the
// subquery's columns.
func (s *state) rowSubLinkTest(op string, left *expr.RowExpr, vis []*plan.Target, loc int32) (expr.Expr, error) {
	if len(vis) < len(left.Args) {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "subquery has too few columns"), loc)
	}
	if len(vis) > len(left.Args) {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "subquery has too many columns"), loc)
	}
	right := make([]expr.Expr, len(vis))
	for i, t := range vis {
		right[i] = &expr.SubValue{Index: i, Typ: t.Expr.Type(), Mod: t.Expr.Typmod()}
	}
	return s.makeRowComparison(op, left.Args, right, loc)
}

// wholeRow is a whole-row reference to range table entry idx of query
// level st ("SELECT t FROM t", "count(t.*)"): a row of the entry's
// columns, of the table's row type or of type record.
func (s *state) wholeRow(st *state, idx, up int, loc int32) (expr.Expr, error) {
	r := st.q.RTEs[idx]
	row := &expr.RowExpr{Typ: types.OidRecord, Desc: &types.RowDesc{}, WholeRow: true, Name: r.Alias, Loc: loc}
	if r.Kind == plan.RTETable && r.Table.RowType != 0 {
		row.Typ = r.Table.RowType
	} else if st.view != nil && namedRelation(r) && r.Kind == plan.RTEJoin {
		// The view an INSERT, UPDATE or DELETE changes: its row type.
		row.Typ = st.view.view.RowType
	}
	for i, c := range r.Columns {
		if c.Name == "" {
			continue
		}
		row.Args = append(row.Args, s.columnVar(&colMatch{st: st, rte: idx, col: i, up: up}, loc))
		row.Desc.Names = append(row.Desc.Names, c.Name)
		row.Desc.Types = append(row.Desc.Types, c.TypeOID)
		row.Desc.Mods = append(row.Desc.Mods, c.TypeMod)
	}
	if st.nullable[idx] {
		// A null-extended row of an outer join must read as NULL, not as
		// a row of NULLs: a table's ctid tells them apart.
		if r.Kind != plan.RTETable {
			return nil, s.errorAt(notSupported("a whole-row reference to a subquery or function on the nullable side of an outer join"), loc)
		}
		row.NullWhen = s.columnVar(&colMatch{st: st, rte: idx, col: -1 - systemColumn("ctid"), up: up}, loc)
	}
	return row, nil
}

// markNullable records the range table entries an outer join may
// null-extend: those of item.
func (s *state) markNullable(item plan.FromItem) {
	if s.nullable == nil {
		s.nullable = map[int]bool{}
	}
	switch it := item.(type) {
	case *plan.RangeItem:
		s.nullable[it.RTE] = true
	case *plan.JoinItem:
		s.nullable[it.RTE] = true
		s.markNullable(it.Left)
		s.markNullable(it.Right)
	}
}

// fieldSelect is (e).name: a field of a composite value.
func (s *state) fieldSelect(e expr.Expr, name string, loc int32) (expr.Expr, error) {
	desc := s.recordDesc(e)
	if desc == nil {
		if e.Type() == types.OidRecord {
			return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported,
				"could not identify column \"%s\" in record data type", name), loc)
		}
		return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType,
			"column notation .%s applied to type %s, which is not a composite type", name, s.typeName(e.Type())), loc)
	}
	for i, n := range desc.Names {
		if n == name {
			if r := rowConstructor(e); r != nil {
				return r.Args[i], nil
			}
			return &expr.FieldSelect{Arg: e, Field: i, Name: name, Typ: desc.Types[i], Mod: desc.Mods[i]}, nil
		}
	}
	if r, ok := e.(*expr.RowExpr); ok && r.WholeRow {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "column %s.%s does not exist", r.Name, name), loc)
	}
	if e.Type() == types.OidRecord {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "could not identify column \"%s\" in record data type", name), loc)
	}
	return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedColumn, "column \"%s\" not found in data type %s", name, s.typeName(e.Type())), loc)
}

// coerceRecordToComplex is coerce_record_to_complex: ROW(...)::t
// converts each field to the column type of t's row type.
func (s *state) coerceRecordToComplex(e expr.Expr, target uint32, cc coercionContext, loc int32) (expr.Expr, error) {
	cannot := func() *pgerr.Error {
		return pgerr.Newf(pgerr.CannotCoerce, "cannot cast type %s to %s", s.typeName(e.Type()), s.typeName(target))
	}
	r, ok := e.(*expr.RowExpr)
	if !ok {
		return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "cannot cast type %s to %s", s.typeName(e.Type()), s.typeName(target)), loc)
	}
	desc := s.rowDesc(target)
	if desc == nil {
		return nil, s.errorAt(cannot(), loc)
	}
	if len(r.Args) < len(desc.Types) {
		return nil, s.errorAt(cannot().WithDetail("Input has too few columns."), loc)
	}
	if len(r.Args) > len(desc.Types) {
		return nil, s.errorAt(cannot().WithDetail("Input has too many columns."), loc)
	}
	out := &expr.RowExpr{Typ: target, Desc: desc, Loc: r.Loc}
	for i, a := range r.Args {
		if !s.canCoerce([]uint32{a.Type()}, []uint32{desc.Types[i]}, cc) {
			return nil, s.errorAt(cannot().WithDetail("Cannot cast type %s to %s in column %d.",
				s.typeName(a.Type()), s.typeName(desc.Types[i]), i+1), loc)
		}
		c, err := s.coerceToTarget(a, desc.Types[i], desc.Mods[i], cc, loc)
		if err != nil {
			return nil, err
		}
		out.Args = append(out.Args, c)
	}
	return out, nil
}

// recordDesc returns the fields of a composite expression: a row
// constructor's, a composite type's, or those of the row constructor a
// subquery column or scalar subquery of type record returns (what
// PostgreSQL's expandRecordVariable finds); nil when unknown.
func (s *state) recordDesc(e expr.Expr) *types.RowDesc {
	switch x := e.(type) {
	case *expr.RowExpr:
		return x.Desc
	case *expr.FuncExpr:
		// A function with OUT columns returns records of them.
		if f := x.Func; (f.RowSRF != nil || f.SQL && len(f.OutTypes) > 1) && x.Typ == types.OidRecord {
			mods := make([]int32, len(f.OutTypes))
			for i := range mods {
				mods[i] = -1
			}
			return &types.RowDesc{Names: f.OutNames, Types: f.OutTypes, Mods: mods}
		}
	case *expr.Var:
		if x.Typ != types.OidRecord {
			break
		}
		st := s
		for i := 0; i < x.LevelsUp && st != nil; i++ {
			st = st.parent
		}
		if st == nil || st.q == nil {
			return nil
		}
		for _, r := range st.q.RTEs {
			if r.Kind != plan.RTESubquery || r.Subquery == nil || x.Index < r.Offset || x.Index >= r.Offset+len(r.Columns) {
				continue
			}
			if vis := r.Subquery.VisibleTargets(); x.Index-r.Offset < len(vis) {
				switch col := vis[x.Index-r.Offset].Expr.(type) {
				case *expr.RowExpr:
					return col.Desc
				case *expr.FuncExpr:
					// A function's record of OUT columns (JDBC reads
					// (keys).x of _pg_expandarray's column).
					return s.recordDesc(col)
				}
			}
			return nil
		}
		return nil
	case *expr.SubLink:
		if q, ok := x.Plan.(*plan.Query); ok && x.Kind == expr.ExprSubLink && x.Typ == types.OidRecord {
			if vis := q.VisibleTargets(); len(vis) == 1 {
				if row, ok := vis[0].Expr.(*expr.RowExpr); ok {
					return row.Desc
				}
			}
		}
		return nil
	}
	if s.isRowType(e.Type()) && e.Type() != types.OidRecord {
		return s.rowDesc(e.Type())
	}
	return nil
}

// expandFieldStar is ExpandIndirectionStar: "(e).*" in a target list is
// one target per field of the composite value e, each selecting it (e is
// evaluated once per field, as in PostgreSQL).
func (s *state) expandFieldStar(ind *pg_query.A_Indirection) ([]plan.Target, error) {
	arg := ind.Arg
	if len(ind.Indirection) > 1 {
		arg = &pg_query.Node{Node: &pg_query.Node_AIndirection{AIndirection: &pg_query.A_Indirection{
			Arg: ind.Arg, Indirection: ind.Indirection[:len(ind.Indirection)-1]}}}
	}
	e, err := s.transformExpr(arg)
	if err != nil {
		return nil, err
	}
	loc := nodeLocation(ind.Arg)
	desc := s.recordDesc(e)
	if desc == nil {
		if e.Type() == types.OidRecord {
			return nil, s.errorAt(pgerr.New(pgerr.WrongObjectType, "record type has not been registered"), loc)
		}
		return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "type %s is not composite", s.typeName(e.Type())), loc)
	}
	var out []plan.Target
	for _, name := range desc.Names {
		f, err := s.fieldSelect(e, name, loc)
		if err != nil {
			return nil, err
		}
		out = append(out, plan.Target{Expr: f, Name: name})
	}
	return out, nil
}

// recordLiteralDomains runs the checks of the fields of a record literal
// whose types are domains (NOT NULL too, for empty fields), as record_in
// does by calling domain_in for each field while parsing.
func (s *state) recordLiteralDomains(v types.Datum, target uint32, desc *types.RowDesc) (types.Datum, error) {
	has := false
	for _, t := range desc.Types {
		has = has || s.isDomain(t)
	}
	if !has {
		return v, nil
	}
	lit := &expr.Const{Typ: target, Mod: -1, Value: v, Loc: -1}
	row := &expr.RowExpr{Typ: target, Desc: desc, Loc: -1}
	for i, t := range desc.Types {
		var f expr.Expr = &expr.FieldSelect{Arg: lit, Field: i, Name: desc.Names[i], Typ: t, Mod: desc.Mods[i]}
		if s.isDomain(t) {
			base, mod := s.baseTypeAndMod(t, -1)
			checked, err := s.domainCheck(&expr.FieldSelect{Arg: lit, Field: i, Name: desc.Names[i], Typ: base, Mod: mod}, t, false)
			if err != nil {
				return types.Null, err
			}
			f = checked
		}
		row.Args = append(row.Args, f)
	}
	ev, err := expr.Compile(row)
	if err != nil {
		return types.Null, err
	}
	return ev(&expr.EvalContext{Format: s.format}, nil)
}

// plainRowType reports whether typ is a composite type none of whose
// fields is of a domain, so that record_in alone reads its values (a
// parameter's text is read without analysis, where domain_in's checks
// would be missing).
func (s *shared) plainRowType(typ uint32) bool { return s.plainRowTypeDepth(typ, 0) }

func (s *shared) plainRowTypeDepth(typ uint32, depth int) bool {
	if typ == types.OidRecord || !s.isRowType(typ) || depth > 32 {
		return false
	}
	desc := s.rowDesc(typ)
	if desc == nil {
		return false
	}
	for _, f := range desc.Types {
		if s.isDomain(f) || s.isDomain(s.elemOf(f)) || s.isRowType(f) && !s.plainRowTypeDepth(f, depth+1) {
			return false
		}
	}
	return true
}
