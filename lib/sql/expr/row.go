// This file evaluates row values: row constructors, row comparisons,
// field selection and IS [NOT] NULL of a composite value (PostgreSQL's
// ExecEvalRow, ExecEvalRowCompare steps, ExecEvalFieldSelect and
// ExecEvalRowNull).

package expr

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

func compileRow(e *RowExpr) (Evaluator, error) {
	args, err := compileAll(e.Args)
	if err != nil {
		return nil, err
	}
	var nullWhen Evaluator
	if e.NullWhen != nil {
		if nullWhen, err = Compile(e.NullWhen); err != nil {
			return nil, err
		}
	}
	desc := e.Desc
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		if nullWhen != nil {
			v, err := nullWhen(ec, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
		}
		vals := make([]types.Datum, len(args))
		for i, a := range args {
			v, err := a(ec, row)
			if err != nil {
				return types.Null, err
			}
			vals[i] = v
		}
		return types.RecordDatum(&types.Record{Desc: desc, Values: vals}), nil
	}, nil
}

// compileRowCompare evaluates the columns pairwise from the left, as
// PostgreSQL's row comparison steps do: a NULL in a pair makes the
// result NULL, the first unequal pair decides, and rows equal in every
// column satisfy <= and >= only.
func compileRowCompare(e *RowCompareExpr) (Evaluator, error) {
	n := len(e.Left)
	left, err := compileAll(e.Left)
	if err != nil {
		return nil, err
	}
	right, err := compileAll(e.Right)
	if err != nil {
		return nil, err
	}
	ops := make([]func(*EvalContext, types.Datum, types.Datum) (types.Datum, error), n)
	eqs := make([]func(*EvalContext, types.Datum, types.Datum) (types.Datum, error), n)
	for i := 0; i < n; i++ {
		lt, rt := e.Left[i].Type(), e.Right[i].Type()
		if ops[i], err = compileOp(e.Ops[i], lt, rt); err != nil {
			return nil, err
		}
		if eqs[i], err = compileOp(e.EqOps[i], lt, rt); err != nil {
			return nil, err
		}
	}
	allEqual := e.Kind == RowLessEqual || e.Kind == RowGreaterEqual
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		for i := 0; i < n; i++ {
			a, err := left[i](ec, row)
			if err != nil {
				return types.Null, err
			}
			b, err := right[i](ec, row)
			if err != nil {
				return types.Null, err
			}
			if a.IsNull() || b.IsNull() {
				return types.Null, nil
			}
			eq, err := eqs[i](ec, a, b)
			if err != nil || eq.IsNull() {
				return types.Null, err
			}
			if eq.Bool() {
				continue
			}
			return ops[i](ec, a, b)
		}
		return types.Bool(allEqual), nil
	}, nil
}

func compileFieldSelect(e *FieldSelect) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	field := e.Field
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		r := v.Record()
		if field >= len(r.Values) {
			return types.Null, nil
		}
		return r.Values[field], nil
	}, nil
}

// compileRowNullTest is IS [NOT] NULL of a composite value: a NULL row
// is NULL; otherwise IS NULL holds when every field is NULL and IS NOT
// NULL when none is (fields are not tested recursively).
func compileRowNullTest(e *NullTest) (Evaluator, error) {
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
		if v.IsNull() {
			return types.Bool(!isNot), nil
		}
		for _, f := range v.Record().Values {
			if f.IsNull() == isNot {
				return types.Bool(false), nil
			}
		}
		return types.Bool(true), nil
	}, nil
}

func compileMultiAssign(e *MultiAssignRef) (Evaluator, error) {
	var source Evaluator
	if e.Source != nil {
		var err error
		if source, err = Compile(e.Source); err != nil {
			return nil, err
		}
	}
	id, field := e.ID, e.Field
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		if source != nil {
			v, err := source(ec, row)
			if err != nil {
				return types.Null, err
			}
			if ec.multiAssign == nil {
				ec.multiAssign = map[int]types.Datum{}
			}
			ec.multiAssign[id] = v
		}
		v := ec.multiAssign[id]
		if v.IsNull() {
			// The subquery returned no row: every column is NULL.
			return types.Null, nil
		}
		return v.Record().Values[field], nil
	}, nil
}
