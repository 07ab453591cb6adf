// This file implements the structural operations on arrays that
// subscripts need (PostgreSQL's arrayfuncs.c array_get_slice,
// array_set_element and array_set_slice, and arrayutils.c's size
// checks): reading a slice, and assigning an element or a slice, with
// PostgreSQL's bounds rules and errors.

package types

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// MaxArrayDims is PostgreSQL's MAXDIM, the most dimensions an array has.
const MaxArrayDims = 6

// MaxArraySize is PostgreSQL's MaxArraySize: the most elements an array
// holds (MaxAllocSize / sizeof(Datum)).
const MaxArraySize = 0x3fffffff / 8

// ErrTooManyDims is the error for an array of more than MaxArrayDims
// dimensions.
func ErrTooManyDims(n int) *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", n, MaxArrayDims)
}

func errArrayTooBig() *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "array size exceeds the maximum allowed (%d)", MaxArraySize)
}

// ArrayNItems is ArrayGetNItems: the number of elements of an array of
// these dimensions, refusing negative dimensions and more than
// MaxArraySize elements.
func ArrayNItems(dims []int32) (int, error) {
	if len(dims) == 0 {
		return 0, nil
	}
	n := int64(1)
	for _, d := range dims {
		if d < 0 {
			return 0, errArrayTooBig()
		}
		n *= int64(d)
		if n > MaxArraySize {
			return 0, errArrayTooBig()
		}
	}
	return int(n), nil
}

// ArrayCheckBounds is ArrayCheckBounds: the upper bound of every
// dimension (lower bound plus length) must fit in an int4.
func ArrayCheckBounds(dims, lbounds []int32) error {
	for i := range dims {
		if int64(lbounds[i])+int64(dims[i]) > 1<<31-1 {
			return pgerr.Newf(pgerr.ProgramLimitExceeded, "array lower bound is too large: %d", lbounds[i])
		}
	}
	return nil
}

// NewArrayMD builds an array of the given dimensions and lower bounds
// over elems (row-major order); no dimensions, or a zero-length one,
// gives the empty array.
func NewArrayMD(elem uint32, dims, lbounds []int32, elems []Datum) *Array {
	for _, d := range dims {
		if d == 0 {
			return &Array{Elem: elem}
		}
	}
	if len(dims) == 0 {
		return &Array{Elem: elem}
	}
	return &Array{Elem: elem, Dims: dims, Lbound: lbounds, Elems: elems}
}

// strides returns the number of elements one step in each dimension
// moves over.
func strides(dims []int32) []int {
	st := make([]int, len(dims))
	n := 1
	for i := len(dims) - 1; i >= 0; i-- {
		st[i] = n
		n *= int(dims[i])
	}
	return st
}

// forEachInBox calls f with the offset into an array of dims of every
// position of the box lower..upper (0-based, inclusive), in row-major
// order.
func forEachInBox(dims []int32, lower, upper []int32, f func(off int)) {
	st := strides(dims)
	pos := append([]int32(nil), lower...)
	for {
		off := 0
		for i, p := range pos {
			off += int(p) * st[i]
		}
		f(off)
		i := len(pos) - 1
		for ; i >= 0; i-- {
			if pos[i] < upper[i] {
				pos[i]++
				break
			}
			pos[i] = lower[i]
		}
		if i < 0 {
			return
		}
	}
}

// Subscripts are the bounds of one slice subscript: Lower and Upper,
// each present unless omitted (a[:2], a[2:]).
type SliceBound struct {
	Lower, Upper       int32
	HasLower, HasUpper bool
}

// ArraySlice is array_get_slice: the part of a the bounds select,
// truncated to a's extent, with lower bounds 1; the empty array when it
// is empty or a has fewer dimensions than subscripts.
func ArraySlice(a *Array, bounds []SliceBound) *Array {
	ndim := len(a.Dims)
	if ndim < len(bounds) || ndim == 0 {
		return &Array{Elem: a.Elem}
	}
	lower := make([]int32, ndim) // 0-based
	upper := make([]int32, ndim)
	for i := 0; i < ndim; i++ {
		lo, hi := int64(a.Lbound[i]), int64(a.Lbound[i])+int64(a.Dims[i])-1
		if i < len(bounds) {
			if b := bounds[i]; b.HasLower && int64(b.Lower) > lo {
				lo = int64(b.Lower)
			}
			if b := bounds[i]; b.HasUpper && int64(b.Upper) < hi {
				hi = int64(b.Upper)
			}
		}
		if lo > hi {
			return &Array{Elem: a.Elem}
		}
		lower[i] = int32(lo - int64(a.Lbound[i]))
		upper[i] = int32(hi - int64(a.Lbound[i]))
	}
	dims := make([]int32, ndim)
	lbs := make([]int32, ndim)
	for i := range dims {
		dims[i] = upper[i] - lower[i] + 1
		lbs[i] = 1
	}
	elems := make([]Datum, 0, len(a.Elems))
	forEachInBox(a.Dims, lower, upper, func(off int) { elems = append(elems, a.Elems[off]) })
	return &Array{Elem: a.Elem, Dims: dims, Lbound: lbs, Elems: elems}
}

func errWrongSubscripts() *pgerr.Error {
	return pgerr.New(pgerr.ArraySubscriptError, "wrong number of array subscripts")
}

func errSubscriptRange() *pgerr.Error {
	return pgerr.New(pgerr.ArraySubscriptError, "array subscript out of range")
}

// extend1 grows a one-dimensional array so that it covers lo..hi,
// filling new positions with NULL (array_set_element's and
// array_set_slice's extension of one-dimensional arrays).
func extend1(a *Array, lo, hi int32) (*Array, error) {
	curLo := int64(a.Lbound[0])
	curHi := curLo + int64(a.Dims[0]) - 1
	newLo, newHi := min(curLo, int64(lo)), max(curHi, int64(hi))
	n := newHi - newLo + 1
	if n > 1<<31-1 {
		return nil, errArrayTooBig()
	}
	if _, err := ArrayNItems([]int32{int32(n)}); err != nil {
		return nil, err
	}
	if err := ArrayCheckBounds([]int32{int32(n)}, []int32{int32(newLo)}); err != nil {
		return nil, err
	}
	elems := make([]Datum, n)
	copy(elems[curLo-newLo:], a.Elems)
	return &Array{Elem: a.Elem, Dims: []int32{int32(n)}, Lbound: []int32{int32(newLo)}, Elems: elems}, nil
}

// ArraySetElement is array_set_element: a copy of a with the element at
// the subscripts idx replaced by v. An empty array becomes a one-element
// array of len(idx) dimensions with its lower bounds at idx; a
// one-dimensional array is extended with NULLs to reach idx; a
// multidimensional one is not extended.
func ArraySetElement(a *Array, idx []int32, v Datum) (*Array, error) {
	if len(idx) == 0 || len(idx) > MaxArrayDims {
		return nil, errWrongSubscripts()
	}
	if len(a.Dims) == 0 {
		dims := make([]int32, len(idx))
		for i := range dims {
			dims[i] = 1
		}
		if err := ArrayCheckBounds(dims, idx); err != nil {
			return nil, err
		}
		return &Array{Elem: a.Elem, Dims: dims, Lbound: append([]int32(nil), idx...), Elems: []Datum{v}}, nil
	}
	if len(a.Dims) != len(idx) {
		return nil, errWrongSubscripts()
	}
	var out *Array
	if len(idx) == 1 {
		var err error
		if out, err = extend1(a, idx[0], idx[0]); err != nil {
			return nil, err
		}
	} else {
		for i := range idx {
			if idx[i] < a.Lbound[i] || int64(idx[i]) >= int64(a.Lbound[i])+int64(a.Dims[i]) {
				return nil, errSubscriptRange()
			}
		}
		out = &Array{Elem: a.Elem, Dims: a.Dims, Lbound: a.Lbound, Elems: append([]Datum(nil), a.Elems...)}
	}
	off := 0
	st := strides(out.Dims)
	for i := range idx {
		off += int(idx[i]-out.Lbound[i]) * st[i]
	}
	out.Elems[off] = v
	return out, nil
}

// ArraySetSlice is array_set_slice: a copy of a with the slice the
// bounds select replaced by the elements of src, read in order whatever
// src's shape. An empty a needs both bounds of every subscript; a
// one-dimensional a is extended with NULLs to reach the slice.
func ArraySetSlice(a *Array, bounds []SliceBound, src *Array) (*Array, error) {
	if len(a.Dims) == 0 {
		dims := make([]int32, len(bounds))
		lbs := make([]int32, len(bounds))
		for i, b := range bounds {
			if !b.HasLower || !b.HasUpper {
				return nil, pgerr.New(pgerr.ArraySubscriptError, "array slice subscript must provide both boundaries").
					WithDetail("When assigning to a slice of an empty array value, slice boundaries must be fully specified.")
			}
			n := 1 + int64(b.Upper) - int64(b.Lower)
			if n < 0 || n > 1<<31-1 {
				return nil, errArrayTooBig()
			}
			dims[i], lbs[i] = int32(n), b.Lower
		}
		n, err := ArrayNItems(dims)
		if err != nil {
			return nil, err
		}
		if err := ArrayCheckBounds(dims, lbs); err != nil {
			return nil, err
		}
		if len(src.Elems) < n {
			return nil, pgerr.New(pgerr.ArraySubscriptError, "source array too small")
		}
		return NewArrayMD(a.Elem, dims, lbs, append([]Datum(nil), src.Elems[:n]...)), nil
	}
	ndim := len(a.Dims)
	if ndim < len(bounds) || ndim > MaxArrayDims {
		return nil, errWrongSubscripts()
	}
	lower := make([]int32, ndim) // absolute subscripts
	upper := make([]int32, ndim)
	errOrder := func() error {
		return pgerr.New(pgerr.ArraySubscriptError, "upper bound cannot be less than lower bound")
	}
	out := a
	if ndim == 1 {
		b := bounds[0]
		lower[0], upper[0] = a.Lbound[0], int32(int64(a.Lbound[0])+int64(a.Dims[0])-1)
		if b.HasLower {
			lower[0] = b.Lower
		}
		if b.HasUpper {
			upper[0] = b.Upper
		}
		if lower[0] > upper[0] {
			return nil, errOrder()
		}
		var err error
		if out, err = extend1(a, lower[0], upper[0]); err != nil {
			return nil, err
		}
	} else {
		for i := 0; i < ndim; i++ {
			lower[i], upper[i] = a.Lbound[i], int32(int64(a.Lbound[i])+int64(a.Dims[i])-1)
			if i < len(bounds) {
				if bounds[i].HasLower {
					lower[i] = bounds[i].Lower
				}
				if bounds[i].HasUpper {
					upper[i] = bounds[i].Upper
				}
			}
			if lower[i] > upper[i] {
				return nil, errOrder()
			}
			if i < len(bounds) && (lower[i] < a.Lbound[i] || int64(upper[i]) >= int64(a.Lbound[i])+int64(a.Dims[i])) {
				return nil, errSubscriptRange()
			}
		}
		out = &Array{Elem: a.Elem, Dims: a.Dims, Lbound: a.Lbound, Elems: append([]Datum(nil), a.Elems...)}
	}
	span := make([]int32, ndim)
	for i := range span {
		span[i] = upper[i] - lower[i] + 1
		lower[i] -= out.Lbound[i]
		upper[i] -= out.Lbound[i]
	}
	n, err := ArrayNItems(span)
	if err != nil {
		return nil, err
	}
	if n > len(src.Elems) {
		return nil, pgerr.New(pgerr.ArraySubscriptError, "source array too small")
	}
	k := 0
	forEachInBox(out.Dims, lower, upper, func(off int) {
		out.Elems[off] = src.Elems[k]
		k++
	})
	return out, nil
}

// SubArrays accumulates arrays of equal dimensions into an array of one
// more dimension, as array_agg(anyarray) and ARRAY(SELECT array) do
// (PostgreSQL's accumArrayResultArr).
type SubArrays struct {
	first *Array
	n     int32
	elems []Datum
}

// Add appends one sub-array, refusing NULL and empty arrays and arrays
// whose dimensions differ from the first one's.
func (s *SubArrays) Add(d Datum) error {
	if d.IsNull() {
		return pgerr.New(pgerr.NullValueNotAllowed, "cannot accumulate null arrays")
	}
	a := d.Array()
	if len(a.Dims) == 0 {
		return pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate empty arrays")
	}
	if s.first == nil {
		if len(a.Dims)+1 > MaxArrayDims {
			return ErrTooManyDims(len(a.Dims) + 1)
		}
		s.first = a
	} else {
		same := len(a.Dims) == len(s.first.Dims)
		for i := 0; same && i < len(a.Dims); i++ {
			same = a.Dims[i] == s.first.Dims[i] && a.Lbound[i] == s.first.Lbound[i]
		}
		if !same {
			return pgerr.New(pgerr.ArraySubscriptError, "cannot accumulate arrays of different dimensionality")
		}
	}
	if len(s.elems)+len(a.Elems) > MaxArraySize {
		return errArrayTooBig()
	}
	s.elems = append(s.elems, a.Elems...)
	s.n++
	return nil
}

// Empty reports whether no array was added.
func (s *SubArrays) Empty() bool { return s.first == nil }

// Result is the accumulated array, its first dimension with lower bound
// 1 and the others as the sub-arrays'. Nothing added gives nil.
func (s *SubArrays) Result() *Array {
	if s.first == nil {
		return nil
	}
	dims := append([]int32{s.n}, s.first.Dims...)
	lbs := append([]int32{1}, s.first.Lbound...)
	return &Array{Elem: s.first.Elem, Dims: dims, Lbound: lbs, Elems: s.elems}
}
