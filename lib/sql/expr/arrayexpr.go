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
