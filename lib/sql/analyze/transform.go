// This file transforms pg_query expression nodes into typed expressions
// (PostgreSQL's parse_expr.c): constants, column and parameter
// references, operators, function calls, casts and the special forms
// (CASE, COALESCE, IN, BETWEEN, IS DISTINCT FROM, ...).

package analyze

import (
	"math"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// nodeLocation is exprLocation for raw parse nodes.
func nodeLocation(n *pg_query.Node) int32 {
	switch v := n.GetNode().(type) {
	case *pg_query.Node_AConst:
		return v.AConst.Location
	case *pg_query.Node_ColumnRef:
		return v.ColumnRef.Location
	case *pg_query.Node_ParamRef:
		return v.ParamRef.Location
	case *pg_query.Node_AExpr:
		if v.AExpr.Lexpr != nil {
			if l := nodeLocation(v.AExpr.Lexpr); l >= 0 {
				return l
			}
		}
		return v.AExpr.Location
	case *pg_query.Node_FuncCall:
		return v.FuncCall.Location
	case *pg_query.Node_TypeCast:
		if l := nodeLocation(v.TypeCast.Arg); l >= 0 {
			return l
		}
		return v.TypeCast.Location
	case *pg_query.Node_BoolExpr:
		return v.BoolExpr.Location
	case *pg_query.Node_NullTest:
		return v.NullTest.Location
	case *pg_query.Node_BooleanTest:
		return v.BooleanTest.Location
	case *pg_query.Node_CaseExpr:
		return v.CaseExpr.Location
	case *pg_query.Node_CoalesceExpr:
		return v.CoalesceExpr.Location
	case *pg_query.Node_MinMaxExpr:
		return v.MinMaxExpr.Location
	case *pg_query.Node_SqlvalueFunction:
		return v.SqlvalueFunction.Location
	case *pg_query.Node_AArrayExpr:
		return v.AArrayExpr.Location
	case *pg_query.Node_SubLink:
		return v.SubLink.Location
	case *pg_query.Node_RowExpr:
		return v.RowExpr.Location
	case *pg_query.Node_CollateClause:
		return v.CollateClause.Location
	case *pg_query.Node_AIndirection:
		return nodeLocation(v.AIndirection.Arg)
	}
	return -1
}

func (s *state) transformExpr(n *pg_query.Node) (expr.Expr, error) {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > parser.MaxDepth(parser.DefaultMaxStackDepth) {
		return nil, parser.ErrStackDepth(parser.DefaultMaxStackDepth)
	}
	switch v := n.GetNode().(type) {
	case *pg_query.Node_AConst:
		return s.transformConst(v.AConst)
	case *pg_query.Node_ColumnRef:
		return s.transformColumnRef(v.ColumnRef)
	case *pg_query.Node_ParamRef:
		return s.transformParam(v.ParamRef)
	case *pg_query.Node_AExpr:
		return s.transformAExpr(v.AExpr)
	case *pg_query.Node_BoolExpr:
		return s.transformBoolExpr(v.BoolExpr)
	case *pg_query.Node_FuncCall:
		return s.transformFuncCall(v.FuncCall)
	case *pg_query.Node_TypeCast:
		return s.transformTypeCast(v.TypeCast)
	case *pg_query.Node_NullTest:
		arg, err := s.transformExpr(v.NullTest.Arg)
		if err != nil {
			return nil, err
		}
		return &expr.NullTest{Arg: arg, IsNot: v.NullTest.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL,
			ArgIsRow: s.isRowType(arg.Type())}, nil
	case *pg_query.Node_BooleanTest:
		return s.transformBooleanTest(v.BooleanTest)
	case *pg_query.Node_CaseExpr:
		return s.withoutSRF("CASE", func() (expr.Expr, error) { return s.transformCase(v.CaseExpr) })
	case *pg_query.Node_CoalesceExpr:
		return s.withoutSRF("COALESCE", func() (expr.Expr, error) { return s.transformCoalesce(v.CoalesceExpr) })
	case *pg_query.Node_MinMaxExpr:
		return s.transformMinMax(v.MinMaxExpr)
	case *pg_query.Node_SqlvalueFunction:
		return s.transformSQLValueFunction(v.SqlvalueFunction)
	case *pg_query.Node_AArrayExpr:
		return s.transformArray(v.AArrayExpr)
	case *pg_query.Node_CollateClause:
		return s.transformCollate(v.CollateClause)
	case *pg_query.Node_SubLink:
		return s.transformSubLink(v.SubLink)
	case *pg_query.Node_RowExpr:
		return s.transformRowExpr(v.RowExpr)
	case *pg_query.Node_AIndirection:
		return s.transformIndirection(v.AIndirection)
	case *pg_query.Node_GroupingFunc:
		return s.transformGroupingFunc(v.GroupingFunc)
	case *pg_query.Node_CurrentOfExpr:
		return s.transformCurrentOf(v.CurrentOfExpr)
	}
	return nil, s.errorAt(notSupported("this kind of expression"), nodeLocation(n))
}

func (s *state) transformConst(c *pg_query.A_Const) (expr.Expr, error) {
	if c.Isnull {
		return &expr.Const{Typ: types.OidUnknown, Mod: -1, Value: types.Null, Loc: c.Location}, nil
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &expr.Const{Typ: types.OidInt4, Mod: -1, Value: types.Int(int64(v.Ival.Ival)), Loc: c.Location}, nil
	case *pg_query.A_Const_Fval:
		// An integer too large for int4 arrives as a "float": it is
		// int8 if it fits, else numeric, as in make_const.
		text := v.Fval.Fval
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			if i >= math.MinInt32 && i <= math.MaxInt32 {
				return &expr.Const{Typ: types.OidInt4, Mod: -1, Value: types.Int(i), Loc: c.Location}, nil
			}
			return &expr.Const{Typ: types.OidInt8, Mod: -1, Value: types.Int(i), Loc: c.Location}, nil
		}
		d, err := types.ParseText(types.OidNumeric, -1, text, s.format)
		if err != nil {
			return nil, s.errorAt(err, c.Location)
		}
		return &expr.Const{Typ: types.OidNumeric, Mod: -1, Value: d, Loc: c.Location}, nil
	case *pg_query.A_Const_Boolval:
		return &expr.Const{Typ: types.OidBool, Mod: -1, Value: types.Bool(v.Boolval.Boolval), Loc: c.Location}, nil
	case *pg_query.A_Const_Sval:
		return &expr.Const{Typ: types.OidUnknown, Mod: -1, Value: types.Text(v.Sval.Sval), Loc: c.Location}, nil
	case *pg_query.A_Const_Bsval:
		// B'...' and X'...' (the scanner keeps the b or x): bit_in
		// without a length, so the value is as long as written.
		d, err := types.ParseText(types.OidBit, -1, v.Bsval.Bsval, s.format)
		if err != nil {
			return nil, s.errorAt(err, c.Location)
		}
		return &expr.Const{Typ: types.OidBit, Mod: -1, Value: d, Loc: c.Location}, nil
	}
	return nil, s.errorAt(notSupported("this constant"), c.Location)
}

func (s *state) transformParam(p *pg_query.ParamRef) (expr.Expr, error) {
	n := int(p.Number)
	if n <= 0 || n > 65535 || (s.fixed && n > len(s.params)) {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedParameter, "there is no parameter $%d", n), p.Location)
	}
	for len(s.params) < n {
		s.params = append(s.params, 0)
	}
	t := s.params[n-1]
	if t == 0 {
		t = types.OidUnknown
	}
	return &expr.Param{Index: n - 1, Typ: t, Mod: -1, Loc: p.Location}, nil
}

// setParamType fixes the type of an unknown parameter from its context
// (variable_coerce_param_hook).
func (s *state) setParamType(idx int, t uint32, loc int32) error {
	cur := s.params[idx]
	if cur == 0 || cur == t {
		s.params[idx] = t
		return nil
	}
	return s.errorAt(pgerr.Newf(pgerr.AmbiguousParameter, "inconsistent types deduced for parameter $%d", idx+1).
		WithDetail("%s versus %s", types.FormatType(cur, -1), types.FormatType(t, -1)), loc)
}

func (s *state) transformAExpr(a *pg_query.A_Expr) (expr.Expr, error) {
	name := ""
	if names := nameList(a.Name); len(names) > 0 {
		name = names[len(names)-1]
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP, pg_query.A_Expr_Kind_AEXPR_LIKE,
		pg_query.A_Expr_Kind_AEXPR_ILIKE, pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		if sl := a.Rexpr.GetSubLink(); a.Kind == pg_query.A_Expr_Kind_AEXPR_OP && a.Lexpr.GetRowExpr() != nil &&
			sl != nil && sl.SubLinkType == pg_query.SubLinkType_EXPR_SUBLINK {
			// "row op (SELECT ...)" compares the row with the
			// subquery's single row.
			return s.transformRowCompareSubLink(a.Name, a.Lexpr, sl, a.Location)
		}
		var l expr.Expr
		if a.Lexpr != nil {
			var err error
			if l, err = s.transformExpr(a.Lexpr); err != nil {
				return nil, err
			}
		}
		r, err := s.transformExpr(a.Rexpr)
		if err != nil {
			return nil, err
		}
		// Only ROW(...) op ROW(...) as written compares field by field
		// (ROW(...)::t compares as one value, with record_eq's rules).
		if lr, rr := rowConstructor(l), rowConstructor(r); lr != nil && rr != nil && a.Lexpr.GetRowExpr() != nil && a.Rexpr.GetRowExpr() != nil {
			return s.makeRowComparison(name, lr.Args, rr.Args, a.Location)
		}
		return s.makeOp(name, l, r, a.Location)
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		l, err := s.transformExpr(a.Lexpr)
		if err != nil {
			return nil, err
		}
		r, err := s.transformExpr(a.Rexpr)
		if err != nil {
			return nil, err
		}
		return s.makeScalarArrayOp(name, a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY, l, r, a.Location)
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := s.transformPair(a.Lexpr, a.Rexpr)
		if err != nil {
			return nil, err
		}
		if lr, rr := rowConstructor(l), rowConstructor(r); lr != nil && rr != nil {
			d, err := s.makeRowDistinct(name, lr.Args, rr.Args, a.Location)
			if err != nil || a.Kind == pg_query.A_Expr_Kind_AEXPR_DISTINCT {
				return d, err
			}
			return &expr.BoolExpr{Op: expr.Not, Args: []expr.Expr{d}}, nil
		}
		op, args, err := s.resolveBinaryForm(name, l, r, a.Location, "IS DISTINCT FROM")
		if err != nil {
			return nil, err
		}
		return &expr.DistinctExpr{Op: op, Args: args, Not: a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT}, nil
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, r, err := s.transformPair(a.Lexpr, a.Rexpr)
		if err != nil {
			return nil, err
		}
		op, args, err := s.resolveBinaryForm(name, l, r, a.Location, "NULLIF")
		if err != nil {
			return nil, err
		}
		return &expr.NullIfExpr{Op: op, Args: args, Typ: args[0].Type(), Mod: args[0].Typmod()}, nil
	case pg_query.A_Expr_Kind_AEXPR_IN:
		return s.transformIn(a, name)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return s.transformBetween(a)
	}
	return nil, s.errorAt(notSupported("this operator form"), a.Location)
}

func (s *state) transformPair(a, b *pg_query.Node) (expr.Expr, expr.Expr, error) {
	l, err := s.transformExpr(a)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.transformExpr(b)
	if err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

// resolveBinaryForm resolves the = operator of IS DISTINCT FROM and
// NULLIF, which must yield boolean.
func (s *state) resolveBinaryForm(name string, l, r expr.Expr, loc int32, construct string) (*expr.Operator, [2]expr.Expr, error) {
	e, err := s.makeOp(name, l, r, loc)
	if err != nil {
		return nil, [2]expr.Expr{}, err
	}
	f := e.(*expr.FuncExpr)
	if f.Typ != types.OidBool {
		return nil, [2]expr.Expr{}, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "%s requires = operator to yield boolean", construct), loc)
	}
	return f.Op, [2]expr.Expr{f.Args[0], f.Args[1]}, nil
}

// operatorString spells an operator and its operand types for errors:
// "integer + text", "- text".
func (s *shared) operatorString(name string, l, r uint32, prefix bool) string {
	if prefix {
		return name + " " + s.typeName(r)
	}
	return s.typeName(l) + " " + name + " " + s.typeName(r)
}

// resolveOperator is oper()/left_oper(): it returns the operator and the
// argument types it expects in this call (polymorphic types resolved)
// and its result type.
func (s *state) resolveOperator(name string, lt, rt uint32, prefix bool, loc int32) (*expr.Operator, []uint32, uint32, error) {
	inputs := []uint32{lt, rt}
	if prefix {
		inputs = []uint32{rt}
	}
	var chosen candidate
	outcome := resolvedNone
	// binary_oper_exact: the operator on exactly these types; an unknown
	// operand is assumed to have the other operand's type.
	l, r := lt, rt
	if prefix {
		l = 0
	} else if l == types.OidUnknown {
		l = r
	} else if r == types.OidUnknown {
		r = l
	}
	if r != types.OidUnknown {
		if op := s.lookupOperator(name, l, r); op != nil {
			chosen, outcome = candidate{op: op, fn: op.Func, args: inputs}, resolvedOK
			if !prefix {
				chosen.args = []uint32{l, r}
				// Found on the base types of domains: the operands
				// are relabeled to them.
				if op.Left != l && op.Left == s.baseType(l) {
					chosen.args[0] = op.Left
				}
				if op.Right != r && op.Right == s.baseType(r) {
					chosen.args[1] = op.Right
				}
			} else if op.Right != r && op.Right == s.baseType(r) {
				chosen.args = []uint32{op.Right}
			}
		}
	}
	if outcome != resolvedOK {
		var cands []candidate
		for _, op := range s.operators(name) {
			if (op.Left == 0) != prefix {
				continue
			}
			if prefix {
				cands = append(cands, candidate{op: op, fn: op.Func, args: []uint32{op.Right}})
			} else {
				cands = append(cands, candidate{op: op, fn: op.Func, args: []uint32{op.Left, op.Right}})
			}
		}
		chosen, outcome = s.chooseCandidate(inputs, cands)
	}
	if outcome == resolvedOK {
		s.noteFunc(chosen.fn)
	}
	switch outcome {
	case resolvedNone:
		hint := "No operator matches the given name and argument types. You might need to add explicit type casts."
		if prefix {
			hint = "No operator matches the given name and argument type. You might need to add an explicit type cast."
		}
		return nil, nil, 0, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "operator does not exist: %s", s.operatorString(name, lt, rt, prefix)).
			WithHint("%s", hint), loc)
	case resolvedAmbiguous:
		return nil, nil, 0, s.errorAt(pgerr.Newf(pgerr.AmbiguousFunction, "operator is not unique: %s", s.operatorString(name, lt, rt, prefix)).
			WithHint("Could not choose a best candidate operator. You might need to add explicit type casts."), loc)
	}
	args, ret, err := s.resolvePolyCall(inputs, chosen.args, chosen.op.Result, loc)
	if err != nil {
		return nil, nil, 0, err
	}
	if !chosen.op.Func.Implemented() {
		return nil, nil, 0, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "operator %s is not implemented yet", s.operatorString(name, lt, rt, prefix)), loc)
	}
	return chosen.op, args, ret, nil
}

// resolvePolyCall resolves the polymorphic declared types of a call.
func (s *state) resolvePolyCall(inputs, declared []uint32, ret uint32, loc int32) ([]uint32, uint32, error) {
	poly := types.IsPolymorphic(ret)
	for _, d := range declared {
		poly = poly || types.IsPolymorphic(d)
	}
	if !poly {
		return declared, ret, nil
	}
	p, ok := s.resolvePolymorphic(inputs, declared)
	if !ok {
		return nil, 0, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "arguments declared \"anyelement\" are not all alike"), loc)
	}
	out := make([]uint32, len(declared))
	for i, d := range declared {
		out[i] = p.resolve(s.shared, d)
		if out[i] == 0 {
			if inputs[i] == types.OidUnknown {
				return nil, 0, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "could not determine polymorphic type because input has type unknown"), loc)
			}
			out[i] = inputs[i]
		}
	}
	r := p.resolve(s.shared, ret)
	if r == 0 {
		return nil, 0, s.errorAt(pgerr.New(pgerr.DatatypeMismatch, "could not determine polymorphic type because input has type unknown"), loc)
	}
	return out, r, nil
}

// makeOp is make_op: resolve the operator and coerce the operands to its
// argument types. l is nil for a prefix operator.
func (s *state) makeOp(name string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	prefix := l == nil
	lt := uint32(0)
	if !prefix {
		lt = l.Type()
	}
	op, argTypes, ret, err := s.resolveOperator(name, lt, r.Type(), prefix, loc)
	if err != nil {
		return nil, err
	}
	var args []expr.Expr
	if prefix {
		ra, err := s.coerceType(r, argTypes[0], -1, ccImplicit, loc)
		if err != nil {
			return nil, err
		}
		args = []expr.Expr{ra}
	} else {
		la, err := s.coerceType(l, argTypes[0], -1, ccImplicit, loc)
		if err != nil {
			return nil, err
		}
		ra, err := s.coerceType(r, argTypes[1], -1, ccImplicit, loc)
		if err != nil {
			return nil, err
		}
		args = []expr.Expr{la, ra}
	}
	return &expr.FuncExpr{Func: op.Func, Op: op, Args: args, Typ: ret, Mod: -1, Loc: loc}, nil
}

// makeScalarArrayOp is make_scalar_array_op for x op ANY/ALL (array).
func (s *state) makeScalarArrayOp(name string, useOr bool, l, r expr.Expr, loc int32) (expr.Expr, error) {
	lt, rt := l.Type(), r.Type()
	var elem uint32
	switch {
	case rt == types.OidUnknown:
		elem = lt
		if elem == types.OidUnknown {
			elem = types.OidText
		}
	case s.isArrayType(rt):
		elem = s.elemOf(rt)
	default:
		return nil, s.errorAt(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires array on right side"), loc)
	}
	op, argTypes, ret, err := s.resolveOperator(name, lt, elem, false, loc)
	if err != nil {
		return nil, err
	}
	if ret != types.OidBool {
		return nil, s.errorAt(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean"), loc)
	}
	la, err := s.coerceType(l, argTypes[0], -1, ccImplicit, loc)
	if err != nil {
		return nil, err
	}
	arrType := s.arrayOf(argTypes[1])
	if arrType == 0 {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "could not find array type for data type %s", types.FormatType(argTypes[1], -1)), loc)
	}
	ra, err := s.coerceType(r, arrType, -1, ccImplicit, loc)
	if err != nil {
		return nil, err
	}
	return &expr.ScalarArrayOpExpr{Op: op, UseOr: useOr, Left: la, Array: ra}, nil
}

func (s *state) transformIn(a *pg_query.A_Expr, name string) (expr.Expr, error) {
	useOr := name != "<>"
	l, err := s.transformExpr(a.Lexpr)
	if err != nil {
		return nil, err
	}
	items := a.Rexpr.GetList().GetItems()
	var withVars, plain []expr.Expr
	var all []expr.Expr
	haveRow := rowConstructor(l) != nil
	for _, it := range items {
		e, err := s.transformExpr(it)
		if err != nil {
			return nil, err
		}
		all = append(all, e)
		if rowConstructor(e) != nil {
			haveRow = true
		}
		if containsVar(e) {
			withVars = append(withVars, e)
		} else {
			plain = append(plain, e)
		}
	}
	if haveRow && len(plain) > 1 {
		// Rows of a composite type (ROW(...)::t) compare as values, by an
		// array comparison, as PostgreSQL tries first; rows of type
		// record compare column by column.
		if common, _ := s.selectCommonType(append([]expr.Expr{l}, plain...), "IN", true); common != 0 && common != types.OidRecord && s.arrayOf(common) != 0 {
			haveRow = false
		}
	}
	if haveRow {
		// Row IN compares with each row in turn, column by column.
		var result expr.Expr
		for _, r := range all {
			// A row constructor against another compares column by
			// column; anything else with the operator on the values.
			var cmp expr.Expr
			var err error
			if lr, rr := rowConstructor(l), rowConstructor(r); lr != nil && rr != nil {
				cmp, err = s.makeRowComparison(name, lr.Args, rr.Args, a.Location)
			} else {
				cmp, err = s.makeOp(name, l, r, a.Location)
			}
			if err != nil {
				return nil, err
			}
			if result == nil {
				result = cmp
			} else if useOr {
				result = &expr.BoolExpr{Op: expr.Or, Args: []expr.Expr{result, cmp}}
			} else {
				result = &expr.BoolExpr{Op: expr.And, Args: []expr.Expr{result, cmp}}
			}
		}
		return result, nil
	}
	var result expr.Expr
	rest := all
	if len(plain) > 1 {
		common, _ := s.selectCommonType(append([]expr.Expr{l}, plain...), "IN", true)
		if common != 0 && s.arrayOf(common) != 0 {
			ok := true
			for _, e := range append([]expr.Expr{l}, plain...) {
				if !s.canCoerce([]uint32{e.Type()}, []uint32{common}, ccImplicit) {
					ok = false
				}
			}
			if ok {
				op, argTypes, ret, err := s.resolveOperator(name, l.Type(), common, false, a.Location)
				if err != nil {
					return nil, err
				}
				if ret != types.OidBool {
					return nil, s.errorAt(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean"), a.Location)
				}
				la, err := s.coerceType(l, argTypes[0], -1, ccImplicit, a.Location)
				if err != nil {
					return nil, err
				}
				var rights []expr.Expr
				for _, e := range plain {
					c, err := s.coerceToCommon(e, common, "IN")
					if err != nil {
						return nil, err
					}
					if c, err = s.coerceType(c, argTypes[1], -1, ccImplicit, a.Location); err != nil {
						return nil, err
					}
					rights = append(rights, c)
				}
				result = &expr.ScalarArrayOpExpr{Op: op, UseOr: useOr, Left: la, Right: rights}
				rest = withVars
			}
		}
	}
	for _, r := range rest {
		cmp, err := s.makeOp(name, l, r, a.Location)
		if err != nil {
			return nil, err
		}
		if cmp, err = s.coerceToBoolean(cmp, "IN"); err != nil {
			return nil, err
		}
		if result == nil {
			result = cmp
		} else if useOr {
			result = &expr.BoolExpr{Op: expr.Or, Args: []expr.Expr{result, cmp}}
		} else {
			result = &expr.BoolExpr{Op: expr.And, Args: []expr.Expr{result, cmp}}
		}
	}
	return result, nil
}

func (s *state) transformBetween(a *pg_query.A_Expr) (expr.Expr, error) {
	items := a.Rexpr.GetList().GetItems()
	if len(items) != 2 {
		return nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "syntax error"), a.Location)
	}
	op := func(name string, x, y *pg_query.Node) (expr.Expr, error) {
		l, r, err := s.transformPair(x, y)
		if err != nil {
			return nil, err
		}
		var e expr.Expr
		if lr, rr := rowConstructor(l), rowConstructor(r); lr != nil && rr != nil {
			e, err = s.makeRowComparison(name, lr.Args, rr.Args, a.Location)
		} else {
			e, err = s.makeOp(name, l, r, a.Location)
		}
		if err != nil {
			return nil, err
		}
		return s.coerceToBoolean(e, "BETWEEN")
	}
	both := func(op1, op2 string, lo, hi *pg_query.Node, and bool) (expr.Expr, error) {
		e1, err := op(op1, a.Lexpr, lo)
		if err != nil {
			return nil, err
		}
		e2, err := op(op2, a.Lexpr, hi)
		if err != nil {
			return nil, err
		}
		if and {
			return &expr.BoolExpr{Op: expr.And, Args: []expr.Expr{e1, e2}}, nil
		}
		return &expr.BoolExpr{Op: expr.Or, Args: []expr.Expr{e1, e2}}, nil
	}
	lo, hi := items[0], items[1]
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN:
		return both(">=", "<=", lo, hi, true)
	case pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		return both("<", ">", lo, hi, false)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM:
		e1, err := both(">=", "<=", lo, hi, true)
		if err != nil {
			return nil, err
		}
		e2, err := both(">=", "<=", hi, lo, true)
		if err != nil {
			return nil, err
		}
		return &expr.BoolExpr{Op: expr.Or, Args: []expr.Expr{e1, e2}}, nil
	}
	e1, err := both("<", ">", lo, hi, false)
	if err != nil {
		return nil, err
	}
	e2, err := both("<", ">", hi, lo, false)
	if err != nil {
		return nil, err
	}
	return &expr.BoolExpr{Op: expr.And, Args: []expr.Expr{e1, e2}}, nil
}

func (s *state) transformBoolExpr(b *pg_query.BoolExpr) (expr.Expr, error) {
	var op expr.BoolOp
	construct := "AND"
	switch b.Boolop {
	case pg_query.BoolExprType_AND_EXPR:
		op = expr.And
	case pg_query.BoolExprType_OR_EXPR:
		op, construct = expr.Or, "OR"
	default:
		op, construct = expr.Not, "NOT"
	}
	out := &expr.BoolExpr{Op: op}
	for _, a := range b.Args {
		e, err := s.transformExpr(a)
		if err != nil {
			return nil, err
		}
		if e, err = s.coerceToBoolean(e, construct); err != nil {
			return nil, err
		}
		out.Args = append(out.Args, e)
	}
	return out, nil
}

func (s *state) transformBooleanTest(b *pg_query.BooleanTest) (expr.Expr, error) {
	var kind expr.BoolTestKind
	var construct string
	switch b.Booltesttype {
	case pg_query.BoolTestType_IS_TRUE:
		kind, construct = expr.IsTrue, "IS TRUE"
	case pg_query.BoolTestType_IS_NOT_TRUE:
		kind, construct = expr.IsNotTrue, "IS NOT TRUE"
	case pg_query.BoolTestType_IS_FALSE:
		kind, construct = expr.IsFalse, "IS FALSE"
	case pg_query.BoolTestType_IS_NOT_FALSE:
		kind, construct = expr.IsNotFalse, "IS NOT FALSE"
	case pg_query.BoolTestType_IS_UNKNOWN:
		kind, construct = expr.IsUnknown, "IS UNKNOWN"
	default:
		kind, construct = expr.IsNotUnknown, "IS NOT UNKNOWN"
	}
	arg, err := s.transformExpr(b.Arg)
	if err != nil {
		return nil, err
	}
	if arg, err = s.coerceToBoolean(arg, construct); err != nil {
		return nil, err
	}
	return &expr.BoolTest{Arg: arg, Kind: kind}, nil
}

// commonTypmod is select_common_typmod: the typmod all inputs share, or
// -1.
func commonTypmod(es []expr.Expr, typ uint32) int32 {
	mod := int32(-1)
	for i, e := range es {
		if e.Type() != typ {
			return -1
		}
		if i == 0 {
			mod = e.Typmod()
		} else if e.Typmod() != mod {
			return -1
		}
	}
	return mod
}

// withoutSRF analyzes an expression of construct that may not contain
// a set-returning function call (a conditional one could not run in
// lockstep with the others: PostgreSQL 10's rule).
func (s *state) withoutSRF(construct string, transform func() (expr.Expr, error)) (expr.Expr, error) {
	before := s.srfCalls
	e, err := transform()
	if err == nil && s.srfCalls != before {
		return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "set-returning functions are not allowed in %s", construct).
			WithHint("You might be able to move the set-returning function into a LATERAL FROM item."), s.lastSRF)
	}
	return e, err
}

func (s *state) transformCase(c *pg_query.CaseExpr) (expr.Expr, error) {
	out := &expr.CaseExpr{}
	var test *expr.CaseTest
	if c.Arg != nil {
		arg, err := s.transformExpr(c.Arg)
		if err != nil {
			return nil, err
		}
		if arg.Type() == types.OidUnknown {
			if arg, err = s.coerceType(arg, types.OidText, -1, ccImplicit, expr.Location(arg)); err != nil {
				return nil, err
			}
		}
		out.Arg = arg
		test = &expr.CaseTest{Typ: arg.Type(), Mod: arg.Typmod()}
	}
	var results []expr.Expr
	for _, wn := range c.Args {
		w := wn.GetCaseWhen()
		cond, err := s.transformExpr(w.Expr)
		if err != nil {
			return nil, err
		}
		if test != nil {
			if cond, err = s.makeOp("=", test, cond, w.Location); err != nil {
				return nil, err
			}
		}
		if cond, err = s.coerceToBoolean(cond, "CASE/WHEN"); err != nil {
			return nil, err
		}
		res, err := s.transformExpr(w.Result)
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, expr.CaseWhen{Cond: cond})
		results = append(results, res)
	}
	var def expr.Expr = &expr.Const{Typ: types.OidUnknown, Mod: -1, Value: types.Null, Loc: -1}
	if c.Defresult != nil {
		var err error
		if def, err = s.transformExpr(c.Defresult); err != nil {
			return nil, err
		}
	}
	// The default result comes first: it is the most significant for the
	// result type.
	all := append([]expr.Expr{def}, results...)
	ptype, err := s.selectCommonType(all, "CASE", false)
	if err != nil {
		return nil, err
	}
	out.Typ, out.Mod = ptype, commonTypmod(all, ptype)
	if out.Else, err = s.coerceToCommon(def, ptype, "CASE"); err != nil {
		return nil, err
	}
	for i, r := range results {
		if out.Whens[i].Result, err = s.coerceToCommon(r, ptype, "CASE"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *state) transformList(nodes []*pg_query.Node) ([]expr.Expr, error) {
	out := make([]expr.Expr, 0, len(nodes))
	for _, n := range nodes {
		e, err := s.transformExpr(n)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *state) coerceAllToCommon(args []expr.Expr, construct string) ([]expr.Expr, uint32, int32, error) {
	ptype, err := s.selectCommonType(args, construct, false)
	if err != nil {
		return nil, 0, 0, err
	}
	mod := commonTypmod(args, ptype)
	for i, a := range args {
		if args[i], err = s.coerceToCommon(a, ptype, construct); err != nil {
			return nil, 0, 0, err
		}
	}
	return args, ptype, mod, nil
}

func (s *state) transformCoalesce(c *pg_query.CoalesceExpr) (expr.Expr, error) {
	args, err := s.transformList(c.Args)
	if err != nil {
		return nil, err
	}
	args, typ, mod, err := s.coerceAllToCommon(args, "COALESCE")
	if err != nil {
		return nil, err
	}
	return &expr.CoalesceExpr{Args: args, Typ: typ, Mod: mod}, nil
}

func (s *state) transformMinMax(m *pg_query.MinMaxExpr) (expr.Expr, error) {
	construct := "LEAST"
	if m.Op == pg_query.MinMaxOp_IS_GREATEST {
		construct = "GREATEST"
	}
	args, err := s.transformList(m.Args)
	if err != nil {
		return nil, err
	}
	args, typ, mod, err := s.coerceAllToCommon(args, construct)
	if err != nil {
		return nil, err
	}
	if !s.canOrderType(typ) {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "could not identify a comparison function for type %s", types.FormatType(typ, -1)), m.Location)
	}
	return &expr.MinMaxExpr{Greatest: construct == "GREATEST", Args: args, Typ: typ, Mod: mod}, nil
}

// callBuiltin builds a call of the only overload of name with these
// arguments, for the SQL-syntax functions the grammar produces.
func (s *shared) callBuiltin(name string, ret uint32, loc int32, args ...expr.Expr) *expr.FuncExpr {
	var f *expr.Func
	for _, c := range s.funcs(name) {
		if len(c.Args) == len(args) {
			f = c
			break
		}
	}
	return &expr.FuncExpr{Func: f, Args: args, Typ: ret, Mod: -1, Loc: loc}
}

// castCall converts e with the pg_cast function from its type to target.
func (s *shared) castCall(e expr.Expr, target uint32, loc int32) expr.Expr {
	c := s.lookupCast(e.Type(), target)
	return &expr.FuncExpr{Func: c.Func, Args: []expr.Expr{e}, Typ: target, Mod: -1, Loc: loc}
}

func (s *state) transformSQLValueFunction(f *pg_query.SQLValueFunction) (expr.Expr, error) {
	e, err := s.sqlValueFunction(f)
	if err != nil {
		return nil, err
	}
	name := sqlValueNames[f.Op]
	if f.Typmod >= 0 {
		name += "(" + itoa(int(f.Typmod)) + ")"
	}
	switch x := e.(type) {
	case *expr.FuncExpr:
		cp := *x
		cp.Format, cp.SQLName = expr.CallSQLSyntax, name
		return &cp, nil
	case *expr.CoerceToTypmod:
		cp := *x
		cp.SQLName = name
		return &cp, nil
	}
	return e, nil
}

var sqlValueNames = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "CURRENT_DATE",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "CURRENT_TIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "CURRENT_TIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "LOCALTIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "LOCALTIMESTAMP",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:           "LOCALTIME",
	pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "LOCALTIME",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "CURRENT_ROLE",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "CURRENT_USER",
	pg_query.SQLValueFunctionOp_SVFOP_USER:                "USER",
	pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:        "SESSION_USER",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "CURRENT_CATALOG",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "CURRENT_SCHEMA",
}

func (s *state) sqlValueFunction(f *pg_query.SQLValueFunction) (expr.Expr, error) {
	loc := f.Location
	now := func() expr.Expr { return s.callBuiltin("now", types.OidTimestamptz, loc) }
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return s.castCall(now(), types.OidDate, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:
		return now(), nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return &expr.CoerceToTypmod{Arg: now(), Mod: f.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:
		return s.castCall(now(), types.OidTimestamp, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return &expr.CoerceToTypmod{Arg: s.castCall(now(), types.OidTimestamp, loc), Mod: f.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME:
		return s.castCall(now(), types.OidTimetz, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:
		return &expr.CoerceToTypmod{Arg: s.castCall(now(), types.OidTimetz, loc), Mod: f.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME:
		return s.castCall(now(), types.OidTime, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIME_N:
		return &expr.CoerceToTypmod{Arg: s.castCall(now(), types.OidTime, loc), Mod: f.Typmod}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER,
		pg_query.SQLValueFunctionOp_SVFOP_USER:
		return s.callBuiltin("current_user", types.OidName, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return s.callBuiltin("session_user", types.OidName, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return s.callBuiltin("current_database", types.OidName, loc), nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return s.callBuiltin("current_schema", types.OidName, loc), nil
	}
	return nil, s.errorAt(notSupported(f.Op.String()), loc)
}

func (s *state) transformCollate(c *pg_query.CollateClause) (expr.Expr, error) {
	arg, err := s.transformExpr(c.Arg)
	if err != nil {
		return nil, err
	}
	names := nameList(c.Collname)
	coll, ok := collationNames[strings.ToLower(names[len(names)-1])]
	if !ok {
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedObject, "collation \"%s\" for encoding \"UTF8\" does not exist", names[len(names)-1]), c.Location)
	}
	// An unknown literal stays unknown (coercion deals with it later).
	if tc, err := s.typeCollation(arg.Type()); err != nil {
		return nil, err
	} else if tc == 0 && arg.Type() != types.OidUnknown {
		return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "collations are not supported by type %s", types.FormatType(arg.Type(), -1)), c.Location)
	}
	if s.explicitColl == nil {
		s.explicitColl = map[expr.Expr]explicitCollation{}
	}
	s.explicitColl[arg] = explicitCollation{coll.oid, c.Location}
	if k, ok := arg.(*expr.Const); ok && k.Typ == types.OidUnknown && k.Loc >= 0 {
		// Coercion replaces an unknown literal by a typed one at the
		// same position: the collation stays with the position.
		if s.explicitLiteralColl == nil {
			s.explicitLiteralColl = map[int32]explicitCollation{}
		}
		s.explicitLiteralColl[k.Loc] = explicitCollation{coll.oid, c.Location}
	}
	return arg, nil
}

func (s *state) transformTypeCast(tc *pg_query.TypeCast) (expr.Expr, error) {
	if a := tc.Arg.GetAArrayExpr(); a != nil {
		// ARRAY[...]::t[]: the cast gives the elements their type.
		return s.transformArrayCast(a, tc)
	}
	arg, err := s.transformExpr(tc.Arg)
	if err != nil {
		return nil, err
	}
	target, mod, err := s.resolveTypeName(tc.TypeName)
	if err != nil {
		return nil, err
	}
	loc := tc.Location
	if loc < 0 {
		loc = tc.TypeName.Location
	}
	return s.coerceToTarget(arg, target, mod, ccExplicit, loc)
}

func (s *state) transformFuncCall(fc *pg_query.FuncCall) (expr.Expr, error) {
	return s.transformFuncCallOpts(fc, false)
}

// transformFuncCallOpts analyzes a function call; srf allows a
// set-returning function (a function in FROM).
func (s *state) transformFuncCallOpts(fc *pg_query.FuncCall, srf bool) (expr.Expr, error) {
	e, err := s.transformFuncCallResolved(fc, srf)
	if fe, ok := e.(*expr.FuncExpr); ok && err == nil && fe.Func != nil {
		switch fe.Func.OID {
		case oidPgCollationFor:
			return s.bindCollationFor(fe)
		case oidPgColumnCompression:
			return s.bindColumnCompression(fe)
		}
	}
	return e, err
}

// OIDs of pg_collation_for(any) and pg_column_compression(any).
const (
	oidPgCollationFor      = 3162
	oidPgColumnCompression = 2121
)

// bindColumnCompression decides how pg_column_compression answers for
// its argument. The session knows which bytes it read compressed, but
// gpostgres's functions may hand back their argument's very bytes (a
// no-op lower(), t || ”) where PostgreSQL's make a new value: so only
// an argument that can only be a table column's value as read (through
// COALESCE, CASE, NULLIF, GREATEST, LEAST and binary casts), a constant
// or a parameter is looked up; a function's result is a new value,
// never compressed (NULL); anything else is refused.
func (s *state) bindColumnCompression(fe *expr.FuncExpr) (expr.Expr, error) {
	arg := fe.Args[0]
	if t := types.ByOID(types.DomainBase(arg.Type())); t != nil && t.Len != -1 || storedValueOnly(arg) {
		return fe, nil
	}
	if f, ok := arg.(*expr.FuncExpr); ok && f.Func != nil && !f.Func.SQL {
		g := *fe.Func
		g.Bind = nil
		g.Impl = func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Null, nil }
		out := *fe
		out.Func = &g
		return &out, nil
	}
	return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "pg_column_compression of this expression is not supported yet"), fe.Loc)
}

// storedValueOnly reports whether e's value is always a table column's
// value as a scan read it, a constant or a parameter.
func storedValueOnly(e expr.Expr) bool {
	all := func(es []expr.Expr) bool {
		for _, x := range es {
			if !storedValueOnly(x) {
				return false
			}
		}
		return true
	}
	switch x := e.(type) {
	case *expr.Var:
		return x.TableOID != 0 && x.AttNum > 0
	case *expr.Const, *expr.Param:
		return true
	case *expr.RelabelType:
		return storedValueOnly(x.Arg)
	case *expr.CoalesceExpr:
		return all(x.Args)
	case *expr.MinMaxExpr:
		return all(x.Args)
	case *expr.NullIfExpr:
		return storedValueOnly(x.Args[0])
	case *expr.CaseExpr:
		for _, w := range x.Whens {
			if !storedValueOnly(w.Result) {
				return false
			}
		}
		return storedValueOnly(x.Else)
	}
	return false
}

func (s *state) transformFuncCallResolved(fc *pg_query.FuncCall, srf bool) (expr.Expr, error) {
	names := nameList(fc.Funcname)
	name := names[len(names)-1]
	loc := fc.Location
	if len(names) > 2 {
		return nil, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", typeNameString(names)), loc)
	}
	if len(names) == 2 && (names[0] != "pg_catalog" && names[0] != "public" && names[0] != infoSchemaName && names[0] != tempSchemaName ||
		names[0] == tempSchemaName && s.syscache().MyTempNamespace() == 0) {
		// pg_temp names the session's temporary schema only once it has one.
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", names[0]), loc)
	}
	// CALL's procedure: resolved among all arguments of procedures
	// (and functions, to say that it is one).
	proc := s.procCall == fc
	routine := "function"
	if proc {
		routine = "procedure"
	} else {
		if e, handled, err := s.transformWindowCall(fc, names, name); handled {
			return e, err
		}
		if aggs := s.inSchema(s.aggregateFuncs(name), names); len(aggs) > 0 {
			return s.transformAggregate(fc, name, aggs)
		}
	}
	fns := s.inSchema(s.routines(name, proc), names)
	if fc.AggWithinGroup && len(s.funcs(name)) > 0 {
		// WITHIN GROUP's expressions count as arguments when the call is
		// resolved: a plain function of that many arguments is rarely
		// there.
		var inputs []uint32
		for _, n := range append(append([]*pg_query.Node(nil), fc.Args...), fc.AggOrder...) {
			if sb := n.GetSortBy(); sb != nil {
				n = sb.Node
			}
			e, err := s.transformExpr(n)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, e.Type())
		}
		if len(funcCandidates(s.inSchema(s.funcs(name), names), len(inputs))) == 0 {
			return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s does not exist", s.signature(typeNameString(names), inputs)).
				WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
		}
	}
	if fc.AggStar || fc.AggDistinct || len(fc.AggOrder) > 0 || fc.AggFilter != nil || fc.AggWithinGroup {
		if len(s.funcs(name)) > 0 {
			what := "DISTINCT"
			switch {
			case fc.AggStar:
				return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s(*) specified, but %s is not an aggregate function", name, name), loc)
			case len(fc.AggOrder) > 0:
				what = "ORDER BY"
			case fc.AggFilter != nil:
				what = "FILTER"
			case fc.AggWithinGroup:
				what = "WITHIN GROUP"
			}
			return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s specified, but %s is not an aggregate function", what, name), loc)
		}
	}
	args, argNames, err := s.transformCallArgs(fc.Args)
	if err != nil {
		return nil, err
	}
	inputs := make([]uint32, len(args))
	for i, a := range args {
		inputs[i] = a.Type()
	}
	qualified := typeNameString(names)
	cands := funcCandidates(fns, len(args))
	buildCall := s.buildCall
	if len(argNames) > 0 {
		// f(a => 1, ...): only forms whose parameters have those names.
		cands = namedCandidates(fns, len(args), argNames)
	} else if !fc.FuncVariadic {
		cands = append(cands, defaultedCandidates(fns, len(args))...)
	}
	if fc.FuncVariadic && len(argNames) == 0 {
		// f(..., VARIADIC arr): the array is the variadic argument.
		cands = unexpandedCandidates(fns, len(args))
		buildCall = s.buildVariadicArrayCall
	}
	cands = markAmbiguousDefaults(cands)
	build := buildCall
	buildCall = func(c candidate, args []expr.Expr, inputs []uint32, loc int32, name string, srf bool) (expr.Expr, error) {
		if c.ambiguous {
			return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousFunction, "%s %s is not unique", routine, s.callSignature(qualified, inputs, argNames)).
				WithHint("Could not choose a best candidate %s. You might need to add explicit type casts.", routine), loc)
		}
		if c.fn.Procedure && !proc {
			return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s is a procedure", s.callSignature(qualified, inputs, argNames)).
				WithHint("To call a procedure, use CALL."), loc)
		}
		if proc && !c.fn.Procedure {
			return nil, s.errorAt(pgerr.Newf(pgerr.WrongObjectType, "%s is not a procedure", s.callSignature(qualified, inputs, argNames)).
				WithHint("To call a function, use SELECT."), loc)
		}
		return build(c, args, inputs, loc, name, srf)
	}
	// An exact match wins before anything else.
	for _, c := range cands {
		if slices.Equal(c.args, inputs) {
			return buildCall(c, args, inputs, loc, qualified, srf)
		}
	}
	// type_name(x) is a cast when the conversion needs no function.
	if !proc && len(args) == 1 && len(argNames) == 0 && (len(names) == 1 || names[0] == "pg_catalog") {
		if t := types.ByName(name); t != nil && t.Category != types.CatPseudo {
			src := inputs[0]
			isCast := false
			if _, ok := args[0].(*expr.Const); ok && src == types.OidUnknown {
				isCast = true
			} else if p, _ := s.findCoercionPathway(t.OID, src, ccExplicit); p == pathRelabel || p == pathViaIO {
				isCast = true
			}
			if isCast {
				return s.coerceToTarget(args[0], t.OID, -1, ccExplicit, loc)
			}
		}
	}
	c, outcome := s.chooseCandidate(inputs, cands)
	switch outcome {
	case resolvedNone:
		return nil, s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "%s %s does not exist", routine, s.callSignature(qualified, inputs, argNames)).
			WithHint("No %s matches the given name and argument types. You might need to add explicit type casts.", routine), loc)
	case resolvedAmbiguous:
		return nil, s.errorAt(pgerr.Newf(pgerr.AmbiguousFunction, "%s %s is not unique", routine, s.callSignature(qualified, inputs, argNames)).
			WithHint("Could not choose a best candidate %s. You might need to add explicit type casts.", routine), loc)
	}
	return buildCall(c, args, inputs, loc, qualified, srf)
}

func (s *state) buildCall(c candidate, args []expr.Expr, inputs []uint32, loc int32, name string, srf bool) (expr.Expr, error) {
	f := c.fn
	if f.RetSet && !srf {
		switch s.kind {
		case exprSelectTarget, exprOrderBy:
			// A ProjectSet node computes it (PostgreSQL 10's rules); one
			// in ORDER BY is a junk column of the target list.
			if s.inAgg {
				return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "aggregate function calls cannot contain set-returning function calls").
					WithHint("You might be able to move the set-returning function into a LATERAL FROM item."), loc)
			}
		case exprWhere:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in WHERE"), loc)
		case exprFilter:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in FILTER"), loc)
		case exprJoinOn:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in JOIN conditions"), loc)
		case exprGroupBy:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in GROUP BY"), loc)
		case exprHaving:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in HAVING"), loc)
		case exprDefault:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in DEFAULT expressions"), loc)
		case exprValues, exprInsertValues:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in VALUES"), loc)
		case exprUpdateSource:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in UPDATE"), loc)
		case exprMergeWhen:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in MERGE WHEN conditions"), loc)
		case exprMergeInsert:
			// PostgreSQL's executor refuses it, at the call's position.
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-valued function called in context that cannot accept a set"), loc)
		case exprLimit:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in LIMIT"), loc)
		case exprOffset:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in OFFSET"), loc)
		case exprWindowPartition, exprWindowOrder:
			// Computed below the WindowAgg (plan/window.go), as GROUP
			// BY's are below the Agg.
		case exprWindowRange, exprWindowRows, exprWindowGroups:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in window definitions"), loc)
		case exprCallArgument:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in CALL arguments"), loc)
		case exprCheck:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in check constraints"), loc)
		case exprGenerated:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in column generation expressions"), loc)
		case exprIndexExpression:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in index expressions"), loc)
		case exprIndexPredicate:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in index predicates"), loc)
		case exprCopyWhere:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed in COPY FROM WHERE conditions"), loc)
		default:
			return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "set-returning functions are not allowed here"), loc)
		}
	}
	if f.RetSet && !srf {
		s.srfCalls++
		s.lastSRF = loc
	}
	if f.RecordFunc != nil && !srf {
		// PostgreSQL reports it when the call runs: no position.
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "could not determine row type for result of %s", f.Name).
			WithHint("Provide a non-null record argument, or call the function in the FROM clause using a column definition list.")
	}
	s.noteFunc(f)
	if f.SQL && !f.Implemented() && !f.Procedure {
		g, err := s.sqlFunctionCall(f, loc)
		if err != nil {
			return nil, err
		}
		f = g
	}
	if !f.Implemented() && !f.Procedure {
		return nil, s.errorAt(pgerr.Newf(pgerr.FeatureNotSupported, "function %s is not implemented yet", s.signature(name, inputs)), loc)
	}
	declared, ret, err := s.resolvePolyCall(inputs, c.args, f.Ret, loc)
	if err != nil {
		return nil, err
	}
	if f.RowSRF != nil && slices.ContainsFunc(f.OutTypes, types.IsPolymorphic) {
		// OUT columns of polymorphic types (_pg_expandarray's x) take
		// the types the arguments give them.
		p, _ := s.resolvePolymorphic(inputs, c.args)
		out := make([]uint32, len(f.OutTypes))
		for i, t := range f.OutTypes {
			if out[i] = p.resolve(s.shared, t); out[i] == 0 {
				out[i] = t
			}
		}
		f = builtins.WithOutTypes(f, out)
	}
	for i, a := range args {
		if declared[i] == types.OidAny {
			continue
		}
		if args[i], err = s.coerceType(a, declared[i], -1, ccImplicit, loc); err != nil {
			return nil, err
		}
	}
	return s.arrangeCallArgs(c, &expr.FuncExpr{Func: f, Args: args, Typ: ret, Mod: -1, Loc: loc})
}

// transformIndirection analyzes array subscripts and field selections.
func (s *state) transformIndirection(ind *pg_query.A_Indirection) (expr.Expr, error) {
	arg, err := s.transformExpr(ind.Arg)
	if err != nil {
		return nil, err
	}
	if arg.Type() == types.OidJSONB {
		return s.jsonbSubscript(arg, ind)
	}
	loc := nodeLocation(ind.Arg)
	var subs []*pg_query.A_Indices
	for _, n := range ind.Indirection {
		if f := n.GetString_(); f != nil {
			if len(subs) > 0 {
				if arg, err = s.subscript(arg, subs, loc); err != nil {
					return nil, err
				}
				subs = nil
			}
			if arg, err = s.fieldSelect(arg, f.Sval, loc); err != nil {
				return nil, err
			}
			continue
		}
		ai := n.GetAIndices()
		if ai == nil {
			return nil, s.errorAt(notSupported("row expansion in this position"), loc)
		}
		subs = append(subs, ai)
	}
	if len(subs) == 0 {
		return arg, nil
	}
	return s.subscript(arg, subs, loc)
}

// transformCurrentOf is WHERE CURRENT OF cursor of an UPDATE or DELETE:
// true for the target row whose ctid is that of the row the cursor
// stands on, which the session looks up as the statement runs
// (execCurrentOf). The cursor's query must read the target table alone
// (lib/sql cursor.go).
func (s *state) transformCurrentOf(c *pg_query.CurrentOfExpr) (expr.Expr, error) {
	r := s.q.Result
	if r == nil || r.Table == nil || c.CursorName == "" {
		return nil, notSupported("WHERE CURRENT OF")
	}
	if r.Table.Kind == 'v' {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "WHERE CURRENT OF on a view is not implemented")
	}
	s.useSys(r)
	sc := plan.SystemColumns[plan.SysCtid]
	ctid := &expr.Var{Index: r.SysOffset + plan.SysCtid, Typ: sc.Type, Mod: -1, Name: sc.Name,
		TableOID: r.Table.OID, AttNum: sc.AttNum, Loc: -1}
	cursor, table, tableName := c.CursorName, r.Table.OID, r.Table.Name
	fn := &expr.Func{Name: "current_of", Args: []uint32{types.OidTid}, Ret: types.OidBool, Volatility: expr.Volatile,
		Impl: func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			cp, ok := ec.Session.(expr.CursorPositions)
			if !ok {
				return types.Datum{}, pgerr.Newf(pgerr.InvalidCursorName, "cursor \"%s\" does not exist", cursor)
			}
			tid, err := cp.CursorCurrentRow(cursor, table, tableName)
			if err != nil {
				return types.Datum{}, err
			}
			return types.Bool(!args[0].IsNull() && args[0] == tid), nil
		}}
	// EXPLAIN prints it as written (PostgreSQL's TID Cond shows the
	// same text).
	return &expr.FuncExpr{Func: fn, Args: []expr.Expr{ctid}, Typ: types.OidBool, Mod: -1,
		Format: expr.CallSQLSyntax, SQLName: "CURRENT OF " + builtins.QuoteIdent(cursor)}, nil
}
