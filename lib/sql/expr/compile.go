// This file compiles a typed expression tree into a tree of Go closures,
// so that per-row evaluation does no type dispatch and no tree walking
// beyond calling the closures. Compilation is cheap and happens once per
// execution; the closures hold scratch buffers and therefore belong to
// that one execution.

package expr

import (
	"fmt"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Evaluator computes an expression for one input row.
type Evaluator func(ec *EvalContext, row []types.Datum) (types.Datum, error)

// Compile turns e into an Evaluator. It fails only for node types or
// functions that are not implemented.
func Compile(e Expr) (Evaluator, error) {
	switch e := e.(type) {
	case *Const:
		v := e.Value
		return func(*EvalContext, []types.Datum) (types.Datum, error) { return v, nil }, nil
	case *Param:
		idx := e.Index
		return func(ec *EvalContext, _ []types.Datum) (types.Datum, error) {
			if idx >= len(ec.Params) {
				return types.Null, pgerr.Newf(pgerr.UndefinedParameter, "there is no parameter $%d", idx+1)
			}
			return ec.Params[idx], nil
		}, nil
	case *Var:
		idx := e.Index
		if up := e.LevelsUp; up > 0 {
			return func(ec *EvalContext, _ []types.Datum) (types.Datum, error) {
				return ec.Outer[len(ec.Outer)-up][idx], nil
			}, nil
		}
		return func(_ *EvalContext, row []types.Datum) (types.Datum, error) { return row[idx], nil }, nil
	case *SubValue:
		idx := e.Index
		return func(ec *EvalContext, _ []types.Datum) (types.Datum, error) { return ec.subRow[idx], nil }, nil
	case *SubLink:
		return compileSubLink(e)
	case *SubscriptExpr:
		if e.Value != nil {
			return compileSubscriptAssign(e)
		}
		if e.Arg.Type() == types.OidName {
			return compileNameSubscript(e)
		}
		if e.Slice {
			return compileSliceFetch(e)
		}
		arg, err := Compile(e.Arg)
		if err != nil {
			return nil, err
		}
		idx, err := compileAll(e.Indexes)
		if err != nil {
			return nil, err
		}
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := arg(ec, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			a := v.Array()
			if len(idx) != len(a.Dims) {
				return types.Null, nil
			}
			pos := 0
			for i, ix := range idx {
				d, err := ix(ec, row)
				if err != nil {
					return types.Null, err
				}
				if d.IsNull() {
					return types.Null, nil
				}
				k := d.Int() - int64(a.Lbound[i])
				if k < 0 || k >= int64(a.Dims[i]) {
					return types.Null, nil
				}
				pos = pos*int(a.Dims[i]) + int(k)
			}
			return a.Elems[pos], nil
		}, nil
	case *Aggref:
		return nil, pgerr.New(pgerr.InternalError, "aggregate function calls cannot be evaluated outside an aggregation")
	case *WindowFunc:
		return nil, pgerr.New(pgerr.InternalError, "window function calls cannot be evaluated outside a WindowAgg")
	case *GroupingFunc:
		return nil, pgerr.New(pgerr.InternalError, "GROUPING cannot be evaluated outside an aggregation")
	case *CaseTest:
		return func(ec *EvalContext, _ []types.Datum) (types.Datum, error) { return ec.caseValue, nil }, nil
	case *FuncExpr:
		return compileCall(e.Func, e.Args, e.Typ)
	case *BoolExpr:
		return compileBool(e)
	case *NullTest:
		if e.ArgIsRow {
			return compileRowNullTest(e)
		}
		arg, err := Compile(e.Arg)
		if err != nil {
			return nil, err
		}
		isNot := e.IsNot
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := arg(ec, row)
			if err != nil {
				return types.Null, err
			}
			return types.Bool(v.IsNull() != isNot), nil
		}, nil
	case *BoolTest:
		return compileBoolTest(e)
	case *CaseExpr:
		return compileCase(e)
	case *CoalesceExpr:
		args, err := compileAll(e.Args)
		if err != nil {
			return nil, err
		}
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			for _, a := range args {
				v, err := a(ec, row)
				if err != nil || !v.IsNull() {
					return v, err
				}
			}
			return types.Null, nil
		}, nil
	case *MinMaxExpr:
		args, err := compileAll(e.Args)
		if err != nil {
			return nil, err
		}
		typ, greatest := e.Typ, e.Greatest
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			best := types.Null
			for _, a := range args {
				v, err := a(ec, row)
				if err != nil {
					return types.Null, err
				}
				if v.IsNull() {
					continue
				}
				if best.IsNull() {
					best = v
					continue
				}
				c := types.Compare(typ, v, best)
				if (greatest && c > 0) || (!greatest && c < 0) {
					best = v
				}
			}
			return best, nil
		}, nil
	case *DistinctExpr:
		return compileDistinct(e)
	case *NullIfExpr:
		return compileNullIf(e)
	case *ScalarArrayOpExpr:
		return compileScalarArrayOp(e)
	case *RelabelType:
		arg, err := Compile(e.Arg)
		if err != nil {
			return nil, err
		}
		return relabel(arg, e.Arg.Type(), e.Typ), nil
	case *CoerceViaIO:
		return compileCoerceViaIO(e)
	case *CoerceToDomain:
		return compileCoerceToDomain(e)
	case *CoerceToTypmod:
		return compileTypmod(e)
	case *ArrayExpr:
		elems, err := compileAll(e.Elems)
		if err != nil {
			return nil, err
		}
		elemType := e.ElemType
		if e.Multidims {
			return compileMultidimArray(elems, elemType), nil
		}
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			vals := make([]types.Datum, len(elems))
			for i, el := range elems {
				v, err := el(ec, row)
				if err != nil {
					return types.Null, err
				}
				vals[i] = v
			}
			return types.ArrayDatum(types.NewArray1(elemType, vals)), nil
		}, nil
	case *RowExpr:
		return compileRow(e)
	case *RowCompareExpr:
		return compileRowCompare(e)
	case *FieldSelect:
		return compileFieldSelect(e)
	case *MultiAssignRef:
		return compileMultiAssign(e)
	case *ArrayCoerceExpr:
		arg, err := Compile(e.Arg)
		if err != nil {
			return nil, err
		}
		elem, err := Compile(e.ElemExpr)
		if err != nil {
			return nil, err
		}
		target := types.ElemType(e.Typ)
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := arg(ec, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			src := v.Array()
			out := &types.Array{Elem: target, Dims: src.Dims, Lbound: src.Lbound, Elems: make([]types.Datum, len(src.Elems))}
			saved := ec.caseValue
			defer func() { ec.caseValue = saved }()
			for i, el := range src.Elems {
				if el.IsNull() {
					continue
				}
				ec.caseValue = el
				if out.Elems[i], err = elem(ec, row); err != nil {
					return types.Null, err
				}
			}
			return types.ArrayDatum(out), nil
		}, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "expression of type %T is not supported", e)
}

func compileAll(es []Expr) ([]Evaluator, error) {
	out := make([]Evaluator, len(es))
	for i, e := range es {
		ev, err := Compile(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// implFor returns the implementation of f for a call with the given
// argument types.
func implFor(f *Func, argTypes []uint32, ret uint32) (Impl, error) {
	if f.Bind != nil {
		if impl := f.Bind(argTypes, ret); impl != nil {
			return impl, nil
		}
	} else if f.Impl != nil {
		return f.Impl, nil
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "function %s is not implemented", f.Name)
}

// CallImpl returns a function that applies f to already-evaluated
// arguments of the given types, honouring strictness. Executors use it
// for sort and join comparisons.
func CallImpl(f *Func, argTypes []uint32) (func(ec *EvalContext, args []types.Datum) (types.Datum, error), error) {
	impl, err := implFor(f, argTypes, f.Ret)
	if err != nil {
		return nil, err
	}
	strict := f.Strict
	return func(ec *EvalContext, args []types.Datum) (types.Datum, error) {
		if strict {
			for _, a := range args {
				if a.IsNull() {
					return types.Null, nil
				}
			}
		}
		return impl(ec, args)
	}, nil
}

func compileCall(f *Func, args []Expr, ret uint32) (Evaluator, error) {
	argTypes := make([]uint32, len(args))
	for i, a := range args {
		argTypes[i] = a.Type()
	}
	impl, err := implFor(f, argTypes, ret)
	if err != nil {
		return nil, err
	}
	evals, err := compileAll(args)
	if err != nil {
		return nil, err
	}
	buf := make([]types.Datum, len(args))
	strict := f.Strict
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		sawNull := false
		for i, a := range evals {
			v, err := a(ec, row)
			if err != nil {
				return types.Null, err
			}
			sawNull = sawNull || v.IsNull()
			buf[i] = v
		}
		if strict && sawNull {
			return types.Null, nil
		}
		return impl(ec, buf)
	}, nil
}

func compileBool(e *BoolExpr) (Evaluator, error) {
	args, err := compileAll(e.Args)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case Not:
		a := args[0]
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := a(ec, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			return types.Bool(!v.Bool()), nil
		}, nil
	case And, Or:
		// AND stops at the first false, OR at the first true; otherwise
		// any NULL makes the result NULL.
		stopOn := e.Op == Or
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			return foldBool(stopOn, len(args), func(i int) (types.Datum, error) { return args[i](ec, row) })
		}, nil
	}
	return nil, fmt.Errorf("unknown boolean operator %d", e.Op)
}

func compileBoolTest(e *BoolTest) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	kind := e.Kind
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil {
			return types.Null, err
		}
		switch kind {
		case IsTrue:
			return types.Bool(!v.IsNull() && v.Bool()), nil
		case IsNotTrue:
			return types.Bool(v.IsNull() || !v.Bool()), nil
		case IsFalse:
			return types.Bool(!v.IsNull() && !v.Bool()), nil
		case IsNotFalse:
			return types.Bool(v.IsNull() || v.Bool()), nil
		case IsUnknown:
			return types.Bool(v.IsNull()), nil
		}
		return types.Bool(!v.IsNull()), nil
	}, nil
}

func compileCase(e *CaseExpr) (Evaluator, error) {
	var arg Evaluator
	if e.Arg != nil {
		var err error
		if arg, err = Compile(e.Arg); err != nil {
			return nil, err
		}
	}
	conds := make([]Evaluator, len(e.Whens))
	results := make([]Evaluator, len(e.Whens))
	for i, w := range e.Whens {
		var err error
		if conds[i], err = Compile(w.Cond); err != nil {
			return nil, err
		}
		if results[i], err = Compile(w.Result); err != nil {
			return nil, err
		}
	}
	els, err := Compile(e.Else)
	if err != nil {
		return nil, err
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		if arg != nil {
			v, err := arg(ec, row)
			if err != nil {
				return types.Null, err
			}
			saved := ec.caseValue
			ec.caseValue = v
			defer func() { ec.caseValue = saved }()
		}
		for i, c := range conds {
			v, err := c(ec, row)
			if err != nil {
				return types.Null, err
			}
			if !v.IsNull() && v.Bool() {
				return results[i](ec, row)
			}
		}
		return els(ec, row)
	}, nil
}

// compileOp compiles a binary operator application on two evaluators.
func compileOp(op *Operator, lt, rt uint32) (func(ec *EvalContext, a, b types.Datum) (types.Datum, error), error) {
	impl, err := implFor(op.Func, []uint32{lt, rt}, op.Result)
	if err != nil {
		return nil, err
	}
	strict := op.Func.Strict
	var buf [2]types.Datum
	return func(ec *EvalContext, a, b types.Datum) (types.Datum, error) {
		if strict && (a.IsNull() || b.IsNull()) {
			return types.Null, nil
		}
		buf[0], buf[1] = a, b
		return impl(ec, buf[:])
	}, nil
}

func compileDistinct(e *DistinctExpr) (Evaluator, error) {
	l, err := Compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	r, err := Compile(e.Args[1])
	if err != nil {
		return nil, err
	}
	eq, err := compileOp(e.Op, e.Args[0].Type(), e.Args[1].Type())
	if err != nil {
		return nil, err
	}
	not := e.Not
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		a, err := l(ec, row)
		if err != nil {
			return types.Null, err
		}
		b, err := r(ec, row)
		if err != nil {
			return types.Null, err
		}
		var distinct bool
		switch {
		case a.IsNull() && b.IsNull():
			distinct = false
		case a.IsNull() || b.IsNull():
			distinct = true
		default:
			v, err := eq(ec, a, b)
			if err != nil {
				return types.Null, err
			}
			distinct = !v.Bool()
		}
		return types.Bool(distinct != not), nil
	}, nil
}

func compileNullIf(e *NullIfExpr) (Evaluator, error) {
	l, err := Compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	r, err := Compile(e.Args[1])
	if err != nil {
		return nil, err
	}
	eq, err := compileOp(e.Op, e.Args[0].Type(), e.Args[1].Type())
	if err != nil {
		return nil, err
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		a, err := l(ec, row)
		if err != nil {
			return types.Null, err
		}
		b, err := r(ec, row)
		if err != nil {
			return types.Null, err
		}
		if !a.IsNull() && !b.IsNull() {
			v, err := eq(ec, a, b)
			if err != nil {
				return types.Null, err
			}
			if !v.IsNull() && v.Bool() {
				return types.Null, nil
			}
		}
		return a, nil
	}, nil
}

func compileScalarArrayOp(e *ScalarArrayOpExpr) (Evaluator, error) {
	l, err := Compile(e.Left)
	if err != nil {
		return nil, err
	}
	rs, err := compileAll(e.Right)
	if err != nil {
		return nil, err
	}
	rt := e.Op.Right
	if len(e.Right) > 0 {
		rt = e.Right[0].Type()
	}
	var arr Evaluator
	if e.Array != nil {
		if arr, err = Compile(e.Array); err != nil {
			return nil, err
		}
		rt = types.ElemType(e.Array.Type())
	}
	op, err := compileOp(e.Op, e.Left.Type(), rt)
	if err != nil {
		return nil, err
	}
	useOr := e.UseOr
	vals := make([]types.Datum, len(rs))
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		a, err := l(ec, row)
		if err != nil {
			return types.Null, err
		}
		for i, r := range rs {
			if vals[i], err = r(ec, row); err != nil {
				return types.Null, err
			}
		}
		if arr != nil {
			av, err := arr(ec, row)
			if err != nil || av.IsNull() {
				return types.Null, err
			}
			vals = av.Array().Elems
		}
		if a.IsNull() {
			if len(vals) == 0 {
				return types.Bool(!useOr), nil
			}
			return types.Null, nil
		}
		return foldBool(useOr, len(vals), func(i int) (types.Datum, error) { return op(ec, a, vals[i]) })
	}, nil
}

// foldBool is SQL's three-valued OR (stopOn true) or AND (stopOn false)
// over n values produced in order by next: it stops at the first value
// equal to stopOn; otherwise a NULL among them makes the result NULL.
func foldBool(stopOn bool, n int, next func(i int) (types.Datum, error)) (types.Datum, error) {
	sawNull := false
	for i := 0; i < n; i++ {
		v, err := next(i)
		if err != nil {
			return types.Null, err
		}
		if v.IsNull() {
			sawNull = true
			continue
		}
		if v.Bool() == stopOn {
			return types.Bool(stopOn), nil
		}
	}
	if sawNull {
		return types.Null, nil
	}
	return types.Bool(!stopOn), nil
}

// isOidLike reports whether values of oid are unsigned 32-bit.
func isOidLike(oid uint32) bool {
	switch oid {
	case types.OidOid, types.OidRegclass, types.OidRegtype, types.OidRegproc:
		return true
	}
	return false
}

// relabel converts between binary-compatible types. Only the integer
// types whose in-memory forms differ (signed int4, unsigned oid) need
// work.
func relabel(arg Evaluator, from, to uint32) Evaluator {
	switch {
	case isOidLike(to) && !isOidLike(from):
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := arg(ec, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			return types.Int(int64(uint32(v.Int()))), nil
		}
	case to == types.OidInt4 && isOidLike(from):
		return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
			v, err := arg(ec, row)
			if err != nil || v.IsNull() {
				return v, err
			}
			return types.Int(int64(int32(v.Int()))), nil
		}
	}
	return arg
}

func compileCoerceViaIO(e *CoerceViaIO) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	from, to := e.Arg.Type(), e.Typ
	mod := int32(-1)
	if to == types.OidInterval {
		mod = e.Mod
	}
	var buf []byte
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil || v.IsNull() {
			return v, err
		}
		buf = types.AppendText(buf[:0], from, v, ec.Format)
		return types.ParseText(to, mod, string(buf), ec.Format)
	}, nil
}

func compileTypmod(e *CoerceToTypmod) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	typ, mod, explicit := e.Arg.Type(), e.Mod, e.Explicit
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil || v.IsNull() {
			return v, err
		}
		return ApplyTypmod(typ, mod, v, explicit)
	}, nil
}

// ApplyTypmod is the length-coercion function of typ: it makes v conform
// to the type modifier mod.
func ApplyTypmod(typ uint32, mod int32, v types.Datum, explicit bool) (types.Datum, error) {
	if mod < 0 {
		return v, nil
	}
	switch typ {
	case types.OidVarchar, types.OidBpchar:
		s, err := types.CoerceChar(typ, v.Text(), mod, explicit)
		if err != nil {
			return types.Null, err
		}
		return types.Text(s), nil
	case types.OidNumeric:
		x, err := types.ApplyNumericTypmod(new(apdDecimal).Set(v.Numeric()), mod)
		if err != nil {
			return types.Null, err
		}
		return types.Numeric(x), nil
	case types.OidTimestamp, types.OidTimestamptz, types.OidTime:
		t, err := types.AdjustTimestampTypmod(v.Int(), mod)
		return types.Int(t), err
	case types.OidTimetz:
		tz := types.TimeTZOf(v)
		tz.Time, _ = types.AdjustTimestampTypmod(tz.Time, mod)
		return types.TimeTZDatum(tz), nil
	case types.OidBit, types.OidVarbit:
		return types.CoerceBit(typ, v, mod, explicit)
	case types.OidInterval:
		iv, err := types.AdjustIntervalTypmod(v.Interval(), mod)
		if err != nil {
			return types.Null, err
		}
		return types.IntervalDatum(iv), nil
	}
	if t := types.ByOID(typ); t != nil && t.IsArray() {
		// array_length_coerce: each element gets the element type's.
		a := v.Array()
		out := *a
		out.Elems = make([]types.Datum, len(a.Elems))
		for i, el := range a.Elems {
			if el.IsNull() {
				continue
			}
			var err error
			if out.Elems[i], err = ApplyTypmod(t.Elem, mod, el, explicit); err != nil {
				return types.Null, err
			}
		}
		return types.ArrayDatum(&out), nil
	}
	return v, nil
}
