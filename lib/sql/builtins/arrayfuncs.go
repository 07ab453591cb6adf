// This file implements the array functions that search, rebuild and
// compare arrays of any number of dimensions (PostgreSQL's
// array_userfuncs.c and arrayfuncs.c): array_dims, array_fill,
// array_remove, array_replace, array_position(s), the containment and
// overlap operators, and the dimension rules of array_cat.

package builtins

import (
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// cancelEvery is how many elements a loop over an array handles between
// checks for cancellation.
const cancelEvery = 1 << 16

// elemsEqual is the element type's equality as array functions use it:
// NULL equals nothing.
func elemsEqual(elem uint32, a, b types.Datum) bool {
	if a.IsNull() || b.IsNull() {
		return false
	}
	return types.Compare(elem, a, b) == 0
}

func addArrayFuncImpls(m map[string]implEntry) {
	m["array_dims"] = textN(func(a []types.Datum) (types.Datum, error) {
		arr := a[0].Array()
		if len(arr.Dims) == 0 {
			return types.Null, nil
		}
		var b strings.Builder
		for i, n := range arr.Dims {
			b.WriteByte('[')
			b.WriteString(strconv.FormatInt(int64(arr.Lbound[i]), 10))
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(int64(arr.Lbound[i])+int64(n)-1, 10))
			b.WriteByte(']')
		}
		return types.Text(b.String()), nil
	})
	fill := func(withBounds bool) implEntry {
		return implEntry{bind: func(_ []uint32, ret uint32) expr.Impl {
			elem := types.ElemType(ret)
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				if a[1].IsNull() || withBounds && a[2].IsNull() {
					return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "dimension array or low bound array cannot be null")
				}
				var lbs *types.Array
				if withBounds {
					lbs = a[2].Array()
				}
				return arrayFill(ec, elem, a[0], a[1].Array(), lbs)
			}
		}}
	}
	m["array_fill"], m["array_fill_with_lower_bounds"] = fill(false), fill(true)
	m["array_remove"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		return arrayReplace(ec, a[0], a[1], types.Null, true)
	}}
	m["array_replace"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		return arrayReplace(ec, a[0], a[1], a[2], false)
	}}
	position := func(withStart bool) implEntry {
		return implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			if a[0].IsNull() {
				return types.Null, nil
			}
			arr := a[0].Array()
			if len(arr.Dims) > 1 {
				return types.Null, errSearchMultidim()
			}
			if len(arr.Dims) == 0 {
				return types.Null, nil
			}
			start := int64(arr.Lbound[0])
			if withStart {
				if a[2].IsNull() {
					return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "initial position must not be null")
				}
				start = max(start, a[2].Int())
			}
			for i, e := range arr.Elems {
				if i%cancelEvery == cancelEvery-1 {
					if err := ec.CheckCancel(); err != nil {
						return types.Null, err
					}
				}
				sub := int64(arr.Lbound[0]) + int64(i)
				if sub < start {
					continue
				}
				if a[1].IsNull() && e.IsNull() || elemsEqual(arr.Elem, e, a[1]) {
					return types.Int(sub), nil
				}
			}
			return types.Null, nil
		}}
	}
	m["array_position"], m["array_position_start"] = position(false), position(true)
	m["array_positions"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		arr := a[0].Array()
		if len(arr.Dims) > 1 {
			return types.Null, errSearchMultidim()
		}
		var found []types.Datum
		for i, e := range arr.Elems {
			if i%cancelEvery == cancelEvery-1 {
				if err := ec.CheckCancel(); err != nil {
					return types.Null, err
				}
			}
			if a[1].IsNull() && e.IsNull() || elemsEqual(arr.Elem, e, a[1]) {
				found = append(found, types.Int(int64(arr.Lbound[0])+int64(i)))
			}
		}
		return types.ArrayDatum(types.NewArray1(types.OidInt4, found)), nil
	}}
	m["arraycontains"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ok, err := arrayContains(ec, a[0].Array(), a[1].Array(), false)
		return types.Bool(ok), err
	}}
	m["arraycontained"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ok, err := arrayContains(ec, a[1].Array(), a[0].Array(), false)
		return types.Bool(ok), err
	}}
	m["arrayoverlap"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		ok, err := arrayContains(ec, a[0].Array(), a[1].Array(), true)
		return types.Bool(ok), err
	}}
}

func errSearchMultidim() *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported")
}

// arrayFill is array_fill_internal: an array of the dimensions dims and
// lower bounds lbs (all 1 when nil) every element of which is v.
func arrayFill(ec *expr.EvalContext, elem uint32, v types.Datum, dims, lbs *types.Array) (types.Datum, error) {
	wrongSubscripts := func(detail string) error {
		return pgerr.New(pgerr.ArraySubscriptError, "wrong number of array subscripts").WithDetail("%s", detail)
	}
	oneDim := func(arr *types.Array) error {
		if len(arr.Dims) > 1 {
			return wrongSubscripts("Dimension array must be one dimensional.")
		}
		for _, e := range arr.Elems {
			if e.IsNull() {
				return pgerr.New(pgerr.NullValueNotAllowed, "dimension values cannot be null")
			}
		}
		return nil
	}
	if err := oneDim(dims); err != nil {
		return types.Null, err
	}
	ndims := len(dims.Elems)
	if ndims > types.MaxArrayDims {
		return types.Null, types.ErrTooManyDims(ndims)
	}
	dimv := make([]int32, ndims)
	lbv := make([]int32, ndims)
	for i, e := range dims.Elems {
		dimv[i], lbv[i] = int32(e.Int()), 1
	}
	if lbs != nil {
		if err := oneDim(lbs); err != nil {
			return types.Null, err
		}
		if len(lbs.Elems) != ndims {
			return types.Null, wrongSubscripts("Low bound array has different size than dimensions array.")
		}
		for i, e := range lbs.Elems {
			lbv[i] = int32(e.Int())
		}
	}
	n, err := types.ArrayNItems(dimv)
	if err != nil {
		return types.Null, err
	}
	if err := types.ArrayCheckBounds(dimv, lbv); err != nil {
		return types.Null, err
	}
	if n == 0 {
		return types.ArrayDatum(&types.Array{Elem: elem}), nil
	}
	if err := checkArrayBytes(elem, v, n); err != nil {
		return types.Null, err
	}
	elems := make([]types.Datum, n)
	for i := range elems {
		if i%cancelEvery == cancelEvery-1 {
			if err := ec.CheckCancel(); err != nil {
				return types.Null, err
			}
		}
		elems[i] = v
	}
	return types.ArrayDatum(types.NewArrayMD(elem, dimv, lbv, elems)), nil
}

// checkArrayBytes refuses an array of n copies of v whose data would
// exceed MaxAllocSize (construct_md_array's check), so that array_fill
// of a long text does not build gigabytes.
func checkArrayBytes(elem uint32, v types.Datum, n int) error {
	size := int64(8)
	if !v.IsNull() {
		switch elem {
		case types.OidText, types.OidVarchar, types.OidBpchar, types.OidBytea:
			size = (int64(len(v.Text())) + varHdrSz + 3) &^ 3
		}
	} else {
		size = 0
	}
	if size*int64(n) > maxAllocSize {
		return errArraySize()
	}
	return nil
}

// arrayReplace is array_replace_internal: the array with the elements
// equal to search (NULL matches NULL) removed, or replaced by
// replacement.
func arrayReplace(ec *expr.EvalContext, arrD, search, replacement types.Datum, remove bool) (types.Datum, error) {
	arr := arrD.Array()
	if len(arr.Dims) == 0 {
		return arrD, nil
	}
	if remove && len(arr.Dims) > 1 {
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "removing elements from multidimensional arrays is not supported")
	}
	var out []types.Datum
	changed := false
	for i, e := range arr.Elems {
		if i%cancelEvery == cancelEvery-1 {
			if err := ec.CheckCancel(); err != nil {
				return types.Null, err
			}
		}
		if search.IsNull() && e.IsNull() || elemsEqual(arr.Elem, e, search) {
			changed = true
			if !remove {
				out = append(out, replacement)
			}
			continue
		}
		out = append(out, e)
	}
	if !changed {
		return arrD, nil
	}
	if len(out) == 0 {
		return types.ArrayDatum(&types.Array{Elem: arr.Elem}), nil
	}
	dims := append([]int32(nil), arr.Dims...)
	if remove {
		dims[0] = int32(len(out))
	}
	return types.ArrayDatum(&types.Array{Elem: arr.Elem, Dims: dims, Lbound: arr.Lbound, Elems: out}), nil
}

// arrayContains is array_contain_compare: whether every element of b
// (any one, for overlap) equals an element of a; NULLs equal nothing.
func arrayContains(ec *expr.EvalContext, a, b *types.Array, overlap bool) (bool, error) {
	steps := 0
	for _, eb := range b.Elems {
		found := false
		if !eb.IsNull() {
			for _, ea := range a.Elems {
				if steps++; steps%cancelEvery == 0 {
					if err := ec.CheckCancel(); err != nil {
						return false, err
					}
				}
				if elemsEqual(a.Elem, ea, eb) {
					found = true
					break
				}
			}
		}
		switch {
		case found && overlap:
			return true, nil
		case !found && !overlap:
			return false, nil
		}
	}
	return !overlap, nil
}

// arrayCat is array_cat's dimension rule: arrays of equal dimensions
// are joined along the first; an array of one dimension less becomes one
// more element of the other.
func arrayCat(x, y *types.Array) (*types.Array, error) {
	if len(x.Dims) == 0 {
		return y, nil
	}
	if len(y.Dims) == 0 {
		return x, nil
	}
	incompatible := func(detail string, args ...any) error {
		return pgerr.New(pgerr.ArraySubscriptError, "cannot concatenate incompatible arrays").WithDetail(detail, args...)
	}
	n1, n2 := len(x.Dims), len(y.Dims)
	if n1 != n2 && n1 != n2-1 && n1 != n2+1 {
		return nil, incompatible("Arrays of %d and %d dimensions are not compatible for concatenation.", n1, n2)
	}
	var dims, lbs []int32
	switch {
	case n1 == n2:
		dims = append([]int32(nil), x.Dims...)
		lbs = append([]int32(nil), x.Lbound...)
		dims[0] += y.Dims[0]
		for i := 1; i < n1; i++ {
			if x.Dims[i] != y.Dims[i] || x.Lbound[i] != y.Lbound[i] {
				return nil, incompatible("Arrays with differing element dimensions are not compatible for concatenation.")
			}
		}
	case n1 == n2-1:
		dims = append([]int32(nil), y.Dims...)
		lbs = append([]int32(nil), y.Lbound...)
		dims[0]++
		for i := 0; i < n1; i++ {
			if x.Dims[i] != dims[i+1] || x.Lbound[i] != lbs[i+1] {
				return nil, incompatible("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
	default:
		dims = append([]int32(nil), x.Dims...)
		lbs = append([]int32(nil), x.Lbound...)
		dims[0]++
		for i := 0; i < n2; i++ {
			if y.Dims[i] != dims[i+1] || y.Lbound[i] != lbs[i+1] {
				return nil, incompatible("Arrays with differing dimensions are not compatible for concatenation.")
			}
		}
	}
	if _, err := types.ArrayNItems(dims); err != nil {
		return nil, err
	}
	if err := types.ArrayCheckBounds(dims, lbs); err != nil {
		return nil, err
	}
	elems := make([]types.Datum, 0, len(x.Elems)+len(y.Elems))
	elems = append(append(elems, x.Elems...), y.Elems...)
	return &types.Array{Elem: x.Elem, Dims: dims, Lbound: lbs, Elems: elems}, nil
}

// arrayAggArrayAcc is array_agg(anyarray): the input arrays, all of the
// same dimensions, become the elements of an array of one more
// dimension.
type arrayAggArrayAcc struct {
	subs types.SubArrays
}

func (a *arrayAggArrayAcc) Add(_ *expr.EvalContext, args []types.Datum) error {
	return a.subs.Add(args[0])
}

func (a *arrayAggArrayAcc) Result(*expr.EvalContext) (types.Datum, error) {
	if a.subs.Empty() {
		return types.Null, nil
	}
	return types.ArrayDatum(a.subs.Result()), nil
}
