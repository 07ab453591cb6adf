// This file implements calls of variadic built-in functions whose
// variadic arguments are given as one array (f(VARIADIC arr)): the
// array's elements become the arguments when the call runs, as
// PostgreSQL's functions read them with extract_variadic_args.

package expr

import (
	"github.com/gpostgres/gpostgres/lib/types"
)

// VariadicArrayCall returns f called with its last argument an array
// of the variadic arguments' type elem. A NULL array makes the result
// NULL, unless nullIsEmpty (format() reads it as no arguments).
func VariadicArrayCall(f *Func, elem uint32, nullIsEmpty bool) *Func {
	g := *f
	g.Strict, g.Impl = false, nil
	g.Bind = func(argTypes []uint32, ret uint32) Impl {
		fixed := argTypes[:len(argTypes)-1]
		// The implementation for each number of elements, made when
		// first needed.
		impls := map[int]Impl{}
		return func(ec *EvalContext, args []types.Datum) (types.Datum, error) {
			arr := args[len(args)-1]
			if arr.IsNull() && !nullIsEmpty {
				return types.Null, nil
			}
			var elems []types.Datum
			if !arr.IsNull() {
				elems = arr.Array().Elems
			}
			full := make([]types.Datum, 0, len(fixed)+len(elems))
			full = append(append(full, args[:len(fixed)]...), elems...)
			if f.Strict {
				for _, a := range full {
					if a.IsNull() {
						return types.Null, nil
					}
				}
			}
			impl, ok := impls[len(elems)]
			if !ok {
				argTypes := append([]uint32(nil), fixed...)
				for range elems {
					argTypes = append(argTypes, elem)
				}
				var err error
				if impl, err = implFor(f, argTypes, ret); err != nil {
					return types.Null, err
				}
				impls[len(elems)] = impl
			}
			return impl(ec, full)
		}
	}
	return &g
}
