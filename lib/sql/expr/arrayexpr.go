// This file evaluates multidimensional ARRAY constructors and array
// subscripts that read slices or assign (PostgreSQL's
// ExecEvalArrayExpr and the array subscripting routines of
// arraysubs.c).

package expr

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func errMismatchedSubarrays() *pgerr.Error {
	return pgerr.New(pgerr.ArraySubscriptError, "multidimensional arrays must have array expressions with matching dimensions")
}

// compileMultidimArray builds an array from sub-arrays of equal
// dimensions and lower bounds. NULL and empty sub-arrays are skipped;
// if all are, the result is the empty array, and if only some are, the
// dimensions do not match.
func compileMultidimArray(subs []Evaluator, elemType uint32) Evaluator {
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		var first *types.Array
		haveEmpty := false
		var elems []types.Datum
		for _, sub := range subs {
			v, err := sub(ec, row)
			if err != nil {
				return types.Null, err
			}
			if v.IsNull() {
				haveEmpty = true
				continue
			}
			a := v.Array()
			if len(a.Dims) == 0 {
				haveEmpty = true
				continue
			}
			if first == nil {
				if len(a.Dims)+1 > types.MaxArrayDims {
					return types.Null, types.ErrTooManyDims(len(a.Dims) + 1)
				}
				first = a
			} else {
				same := len(a.Dims) == len(first.Dims)
				for i := 0; same && i < len(a.Dims); i++ {
					same = a.Dims[i] == first.Dims[i] && a.Lbound[i] == first.Lbound[i]
				}
				if !same {
					return types.Null, errMismatchedSubarrays()
				}
			}
			elems = append(elems, a.Elems...)
		}
		if first == nil {
			return types.ArrayDatum(&types.Array{Elem: elemType}), nil
		}
		if haveEmpty {
			return types.Null, errMismatchedSubarrays()
		}
		n := int32(len(elems) / len(first.Elems))
		dims := append([]int32{n}, first.Dims...)
		lbs := append([]int32{1}, first.Lbound...)
		if _, err := types.ArrayNItems(dims); err != nil {
			return types.Null, err
		}
		return types.ArrayDatum(&types.Array{Elem: elemType, Dims: dims, Lbound: lbs, Elems: elems}), nil
	}
}

// compileOptional compiles a list of expressions with omitted (nil)
// entries.
func compileOptional(es []Expr) ([]Evaluator, error) {
	out := make([]Evaluator, len(es))
	for i, e := range es {
		if e == nil {
			continue
		}
		ev, err := Compile(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// sliceBounds evaluates a slice's bounds; null reports a NULL subscript.
func sliceBounds(ec *EvalContext, row []types.Datum, lower, upper []Evaluator) (bounds []types.SliceBound, null bool, err error) {
	bounds = make([]types.SliceBound, len(upper))
	for i := range upper {
		var lowerEv Evaluator
		if i < len(lower) {
			lowerEv = lower[i]
		}
		for _, side := range []struct {
			ev  Evaluator
			set func(v int32)
		}{
			{lowerEv, func(v int32) { bounds[i].Lower, bounds[i].HasLower = v, true }},
			{upper[i], func(v int32) { bounds[i].Upper, bounds[i].HasUpper = v, true }},
		} {
			if side.ev == nil {
				continue
			}
			d, err := side.ev(ec, row)
			if err != nil {
				return nil, false, err
			}
			if d.IsNull() {
				return nil, true, nil
			}
			side.set(int32(d.Int()))
		}
	}
	return bounds, false, nil
}

// compileSliceFetch is a[i:j]...: the slice, NULL when the array or a
// subscript is NULL (array_get_slice).
func compileSliceFetch(e *SubscriptExpr) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	upper, err := compileOptional(e.Indexes)
	if err != nil {
		return nil, err
	}
	lower, err := compileOptional(e.Lower)
	if err != nil {
		return nil, err
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		bounds, null, err := sliceBounds(ec, row, lower, upper)
		if err != nil || null {
			return types.Null, err
		}
		return types.ArrayDatum(types.ArraySlice(v.Array(), bounds)), nil
	}, nil
}

// compileSubscriptAssign is the assignment through subscripts
// (array_subscript_assign and array_subscript_assign_slice): a NULL
// array counts as the empty array, a NULL subscript is an error, and
// assigning a NULL slice leaves the array as it is.
func compileSubscriptAssign(e *SubscriptExpr) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	val, err := Compile(e.Value)
	if err != nil {
		return nil, err
	}
	upper, err := compileOptional(e.Indexes)
	if err != nil {
		return nil, err
	}
	lower, err := compileOptional(e.Lower)
	if err != nil {
		return nil, err
	}
	elemType, slice := types.ElemType(e.Typ), e.Slice
	if elemType == 0 {
		elemType = types.ElemType(e.Value.Type())
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		bounds, null, err := sliceBounds(ec, row, lower, upper)
		if err != nil {
			return types.Null, err
		}
		if null {
			return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "array subscript in assignment must not be null")
		}
		cur, err := arg(ec, row)
		if err != nil {
			return types.Null, err
		}
		v, err := val(ec, row)
		if err != nil {
			return types.Null, err
		}
		a := &types.Array{Elem: elemType}
		if !cur.IsNull() {
			a = cur.Array()
		}
		var out *types.Array
		if slice {
			if v.IsNull() {
				return types.ArrayDatum(a), nil
			}
			out, err = types.ArraySetSlice(a, bounds, v.Array())
		} else {
			idx := make([]int32, len(bounds))
			for i, b := range bounds {
				idx[i] = b.Upper
			}
			out, err = types.ArraySetElement(a, idx, v)
		}
		if err != nil {
			return types.Null, err
		}
		return types.ArrayDatum(out), nil
	}, nil
}

// compileNameSubscript is name[i]: name is a fixed-length array of 64
// "char", one-dimensional with lower bound 0 (array_get_element for a
// positive typlen). The bytes after the name are zeros; an index out of
// 0..63, more than one subscript or a NULL one gives NULL, and a slice
// is an error when it is evaluated.
func compileNameSubscript(e *SubscriptExpr) (Evaluator, error) {
	arg, err := Compile(e.Arg)
	if err != nil {
		return nil, err
	}
	idx, err := compileOptional(e.Indexes)
	if err != nil {
		return nil, err
	}
	return func(ec *EvalContext, row []types.Datum) (types.Datum, error) {
		v, err := arg(ec, row)
		if err != nil || v.IsNull() {
			return types.Null, err
		}
		if e.Slice {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "slices of fixed-length arrays not implemented")
		}
		if len(idx) != 1 {
			return types.Null, nil
		}
		d, err := idx[0](ec, row)
		if err != nil || d.IsNull() {
			return types.Null, err
		}
		k, name := d.Int(), v.Text()
		if k < 0 || k >= types.NameDataLen {
			return types.Null, nil
		}
		if k >= int64(len(name)) {
			return types.Int(0), nil
		}
		return types.Int(int64(name[k])), nil
	}, nil
}
