// This file implements integer arithmetic (int2, int4, int8 and their
// mixed-width operators) with PostgreSQL's overflow and division-by-zero
// errors.

package builtins

import (
	"math"
	"math/bits"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func intBounds(t uint32) (int64, int64) {
	switch t {
	case types.OidInt2:
		return math.MinInt16, math.MaxInt16
	case types.OidInt4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func checkInt(t uint32, v int64, overflow bool) (types.Datum, error) {
	lo, hi := intBounds(t)
	if overflow || v < lo || v > hi {
		return types.Null, types.ErrIntOutOfRange(t)
	}
	return types.Int(v), nil
}

func addOverflows(a, b int64) (int64, bool) {
	s := a + b
	return s, (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0)
}

func mulOverflows(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(absU(a)), uint64(absU(b)))
	neg := (a < 0) != (b < 0)
	if hi != 0 || (lo > math.MaxInt64 && !(neg && lo == 1<<63)) {
		return 0, true
	}
	if neg {
		return -int64(lo), false
	}
	return int64(lo), false
}

func absU(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

// intBinary makes a binder for a two-argument integer operator whose
// result has the call's return type.
func intBinary(op func(a, b int64, ret uint32) (types.Datum, error)) implEntry {
	return implEntry{bind: func(_ []uint32, ret uint32) expr.Impl {
		return func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			return op(args[0].Int(), args[1].Int(), ret)
		}
	}}
}

func intUnary(op func(a int64, ret uint32) (types.Datum, error)) implEntry {
	return implEntry{bind: func(_ []uint32, ret uint32) expr.Impl {
		return func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			return op(args[0].Int(), ret)
		}
	}}
}

func gcd(a, b int64) uint64 {
	x, y := absU(a), absU(b)
	for y != 0 {
		x, y = y, x%y
	}
	return x
}

func addIntImpls(m map[string]implEntry) {
	pl := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		s, o := addOverflows(a, b)
		return checkInt(ret, s, o)
	})
	mi := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		if b == math.MinInt64 {
			if a >= 0 {
				return types.Null, types.ErrIntOutOfRange(ret)
			}
			return checkInt(ret, a-b, false)
		}
		s, o := addOverflows(a, -b)
		return checkInt(ret, s, o)
	})
	mul := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		p, o := mulOverflows(a, b)
		return checkInt(ret, p, o)
	})
	div := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		if b == 0 {
			return types.Null, types.ErrDivisionByZero()
		}
		if b == -1 {
			if a == math.MinInt64 {
				return types.Null, types.ErrIntOutOfRange(ret)
			}
			return checkInt(ret, -a, false)
		}
		return checkInt(ret, a/b, false)
	})
	mod := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		if b == 0 {
			return types.Null, types.ErrDivisionByZero()
		}
		if b == -1 {
			return types.Int(0), nil
		}
		return types.Int(a % b), nil
	})
	for _, t := range []string{"int2", "int24", "int28", "int42", "int4", "int48", "int82", "int84", "int8"} {
		m[t+"pl"] = pl
		m[t+"mi"] = mi
		m[t+"mul"] = mul
		m[t+"div"] = div
	}
	for _, t := range []string{"int2", "int4", "int8"} {
		m[t+"mod"] = mod
		m[t+"um"] = intUnary(func(a int64, ret uint32) (types.Datum, error) {
			if a == math.MinInt64 {
				return types.Null, types.ErrIntOutOfRange(ret)
			}
			return checkInt(ret, -a, false)
		})
		m[t+"up"] = intUnary(func(a int64, _ uint32) (types.Datum, error) { return types.Int(a), nil })
		m[t+"abs"] = intUnary(func(a int64, ret uint32) (types.Datum, error) {
			if a == math.MinInt64 {
				return types.Null, types.ErrIntOutOfRange(ret)
			}
			if a < 0 {
				a = -a
			}
			return checkInt(ret, a, false)
		})
		m[t+"and"] = intBinary(func(a, b int64, _ uint32) (types.Datum, error) { return types.Int(a & b), nil })
		m[t+"or"] = intBinary(func(a, b int64, _ uint32) (types.Datum, error) { return types.Int(a | b), nil })
		m[t+"xor"] = intBinary(func(a, b int64, _ uint32) (types.Datum, error) { return types.Int(a ^ b), nil })
		m[t+"not"] = intUnary(func(a int64, _ uint32) (types.Datum, error) { return types.Int(^a), nil })
		// Shifts behave as C's on x86: the count is taken modulo the
		// operand width, and the result wraps to the type.
		m[t+"shl"] = intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
			return types.Int(wrapInt(ret, a<<(uint64(b)%widthOf(ret)))), nil
		})
		m[t+"shr"] = intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
			return types.Int(a >> (uint64(b) % widthOf(ret))), nil
		})
	}
	gcdImpl := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		g := gcd(a, b)
		_, hi := intBounds(ret)
		if g > uint64(hi) {
			return types.Null, types.ErrIntOutOfRange(ret)
		}
		return types.Int(int64(g)), nil
	})
	lcmImpl := intBinary(func(a, b int64, ret uint32) (types.Datum, error) {
		if a == 0 || b == 0 {
			return types.Int(0), nil
		}
		g := int64(gcd(a, b))
		p, o := mulOverflows(a/g, b)
		if p < 0 {
			if p == math.MinInt64 {
				o = true
			}
			p = -p
		}
		return checkInt(ret, p, o)
	})
	m["int4gcd"], m["int8gcd"] = gcdImpl, gcdImpl
	m["int4lcm"], m["int8lcm"] = lcmImpl, lcmImpl
}

func widthOf(t uint32) uint64 {
	switch t {
	case types.OidInt2:
		return 32 // int2 shifts happen in C int
	case types.OidInt4:
		return 32
	}
	return 64
}

// wrapInt truncates v to the width of integer type t, as C's conversion
// of an out-of-range shift result does.
func wrapInt(t uint32, v int64) int64 {
	switch t {
	case types.OidInt2:
		return int64(int16(v))
	case types.OidInt4:
		return int64(int32(v))
	}
	return v
}
