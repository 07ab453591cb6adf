// This file implements the array functions for one-dimensional and
// multidimensional arrays of built-in types.

package builtins

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func dimInfo(a *types.Array, dim int64) (lb, n int32, ok bool) {
	if dim < 1 || dim > int64(len(a.Dims)) {
		return 0, 0, false
	}
	return a.Lbound[dim-1], a.Dims[dim-1], true
}

func addArrayImpls(m map[string]implEntry) {
	m["array_length"] = textN(func(a []types.Datum) (types.Datum, error) {
		_, n, ok := dimInfo(a[0].Array(), a[1].Int())
		if !ok {
			return types.Null, nil
		}
		return types.Int(int64(n)), nil
	})
	m["array_lower"] = textN(func(a []types.Datum) (types.Datum, error) {
		lb, _, ok := dimInfo(a[0].Array(), a[1].Int())
		if !ok {
			return types.Null, nil
		}
		return types.Int(int64(lb)), nil
	})
	m["array_upper"] = textN(func(a []types.Datum) (types.Datum, error) {
		lb, n, ok := dimInfo(a[0].Array(), a[1].Int())
		if !ok {
			return types.Null, nil
		}
		return types.Int(int64(lb + n - 1)), nil
	})
	m["array_ndims"] = textN(func(a []types.Datum) (types.Datum, error) {
		n := len(a[0].Array().Dims)
		if n == 0 {
			return types.Null, nil
		}
		return types.Int(int64(n)), nil
	})
	m["array_cardinality"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(len(a[0].Array().Elems))), nil
	})
	toText := func(withNull bool) implEntry {
		return implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
			elem := types.ElemType(argTypes[0])
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				if a[0].IsNull() || a[1].IsNull() {
					return types.Null, nil
				}
				arr, delim := a[0].Array(), a[1].Text()
				nullStr, useNull := "", false
				if withNull && !a[2].IsNull() {
					nullStr, useNull = a[2].Text(), true
				}
				var b strings.Builder
				first := true
				for _, e := range arr.Elems {
					if e.IsNull() && !useNull {
						continue
					}
					if !first {
						b.WriteString(delim)
					}
					first = false
					if e.IsNull() {
						b.WriteString(nullStr)
					} else {
						b.Write(types.AppendText(nil, elem, e, ec.Format))
					}
				}
				return types.Text(b.String()), nil
			}
		}}
	}
	m["array_to_text"], m["array_to_text_null"] = toText(false), toText(true)
	fromText := func(withNull bool) implEntry {
		return implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			if a[0].IsNull() {
				return types.Null, nil
			}
			s := a[0].Text()
			nullStr, useNull := "", false
			if withNull && !a[2].IsNull() {
				nullStr, useNull = a[2].Text(), true
			}
			if s == "" {
				return types.ArrayDatum(&types.Array{Elem: types.OidText}), nil
			}
			var parts []string
			switch {
			case a[1].IsNull():
				for _, r := range s {
					parts = append(parts, string(r))
				}
			case a[1].Text() == "":
				parts = []string{s}
			default:
				parts = strings.Split(s, a[1].Text())
			}
			elems := make([]types.Datum, len(parts))
			for i, p := range parts {
				if useNull && p == nullStr {
					elems[i] = types.Null
				} else {
					elems[i] = types.Text(p)
				}
			}
			return types.ArrayDatum(types.NewArray1(types.OidText, elems)), nil
		}}
	}
	m["text_to_array"], m["text_to_array_null"] = fromText(false), fromText(true)
	oneDim := func(a *types.Array) error {
		if len(a.Dims) > 1 {
			return pgerr.New(pgerr.DataException, "argument must be empty or one-dimensional array")
		}
		return nil
	}
	errIntRange := func() error { return pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range") }
	// array_append and array_prepend keep a one-dimensional array's
	// lower bound.
	m["array_append"] = implEntry{bind: func(_ []uint32, ret uint32) expr.Impl {
		elem := types.ElemType(ret)
		return func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			var elems []types.Datum
			lb := int32(1)
			if !a[0].IsNull() {
				arr := a[0].Array()
				if err := oneDim(arr); err != nil {
					return types.Null, err
				}
				if len(arr.Dims) == 1 {
					if int64(arr.Lbound[0])+int64(arr.Dims[0]) > 1<<31-1 {
						return types.Null, errIntRange()
					}
					lb = arr.Lbound[0]
				}
				elems = append(elems, arr.Elems...)
			}
			elems = append(elems, a[1])
			out := types.NewArray1(elem, elems)
			out.Lbound[0] = lb
			return types.ArrayDatum(out), nil
		}
	}}
	m["array_prepend"] = implEntry{bind: func(_ []uint32, ret uint32) expr.Impl {
		elem := types.ElemType(ret)
		return func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			elems := []types.Datum{a[0]}
			lb := int32(1)
			if !a[1].IsNull() {
				arr := a[1].Array()
				if err := oneDim(arr); err != nil {
					return types.Null, err
				}
				if len(arr.Dims) == 1 {
					if arr.Lbound[0] == -1<<31 {
						return types.Null, errIntRange()
					}
					lb = arr.Lbound[0]
				}
				elems = append(elems, arr.Elems...)
			}
			out := types.NewArray1(elem, elems)
			out.Lbound[0] = lb
			if err := types.ArrayCheckBounds(out.Dims, out.Lbound); err != nil {
				return types.Null, err
			}
			return types.ArrayDatum(out), nil
		}
	}}
	m["array_cat"] = implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		switch {
		case a[0].IsNull() && a[1].IsNull():
			return types.Null, nil
		case a[0].IsNull():
			return a[1], nil
		case a[1].IsNull():
			return a[0], nil
		}
		out, err := arrayCat(a[0].Array(), a[1].Array())
		if err != nil {
			return types.Null, err
		}
		return types.ArrayDatum(out), nil
	}}
	// trim_array is a slice of the first dimension (lower bounds 1).
	m["trim_array"] = textN(func(a []types.Datum) (types.Datum, error) {
		arr, n := a[0].Array(), a[1].Int()
		length := int64(0)
		if len(arr.Dims) > 0 {
			length = int64(arr.Dims[0])
		}
		if n < 0 || n > length {
			return types.Null, pgerr.Newf(pgerr.ArrayElementError, "number of elements to trim must be between 0 and %d", length)
		}
		if len(arr.Dims) == 0 {
			return a[0], nil
		}
		upper := int32(int64(arr.Lbound[0]) + length - n - 1)
		return types.ArrayDatum(types.ArraySlice(arr, []types.SliceBound{{Upper: upper, HasUpper: true}})), nil
	})
}
