// This file implements the functions and operators of bit and bit
// varying (PostgreSQL's varbit.c) over lib/types' bit strings: & | # ~
// << >> ||, length, octet_length, substring, overlay, position,
// get_bit, set_bit, bit_count, the conversions to and from int4 and
// int8, the length coercions, and bitcmp. The comparison operators are
// lib/types' CompareBits; bit_and, bit_or and bit_xor over bit are
// foldAcc (agg.go) over the functions here.

package builtins

import (
	"math"
	"math/bits"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// bitwise applies op bytewise to two bit strings of the same length
// (bit_and, bit_or, bitxor); verb names the operation in the error.
func bitwise(verb string, op func(x, y byte) byte) func(a, b types.Datum) (types.Datum, error) {
	return func(a, b types.Datum) (types.Datum, error) {
		n := types.BitLen(a)
		if n != types.BitLen(b) {
			return types.Null, pgerr.Newf(pgerr.StringDataLengthMismatch, "cannot %s bit strings of different sizes", verb)
		}
		out := types.NewBits(n)
		x, y := types.BitData(a), types.BitData(b)
		body := out[len(out)-len(x):]
		for i := range body {
			body[i] = op(x[i], y[i])
		}
		return types.Bytes(out), nil
	}
}

var (
	bitAnd = bitwise("AND", func(x, y byte) byte { return x & y })
	bitOr  = bitwise("OR", func(x, y byte) byte { return x | y })
	bitXor = bitwise("XOR", func(x, y byte) byte { return x ^ y })
)

// bitShift is bitshiftleft (left true) and bitshiftright: the bits move
// by n places within the same length, zeros fill in; a negative n
// shifts the other way.
func bitShift(d types.Datum, n int64, left bool) types.Datum {
	if n < 0 {
		n, left = -max(n, -types.MaxBitLen), !left
	}
	length := types.BitLen(d)
	out := types.NewBits(length)
	data := types.BitData(d)
	for i := 0; i < length; i++ {
		src := int64(i) + n
		if !left {
			src = int64(i) - n
		}
		if src >= 0 && src < int64(length) && types.BitAt(data, int(src)) {
			types.SetBit(out, i, true)
		}
	}
	return types.Bytes(out)
}

// bitConcat is bit_catenate.
func bitConcat(a, b types.Datum) (types.Datum, error) {
	n1, n2 := types.BitLen(a), types.BitLen(b)
	if int64(n1)+int64(n2) > types.MaxBitLen {
		return types.Null, pgerr.Newf(pgerr.ProgramLimitExceeded, "bit string length exceeds the maximum allowed (%d)", types.MaxBitLen)
	}
	out := types.NewBits(n1 + n2)
	data := types.BitData(a)
	copy(out[4:], data)
	second := types.BitData(b)
	if n1%8 == 0 {
		copy(out[4+n1/8:], second)
	} else {
		for i := 0; i < n2; i++ {
			if types.BitAt(second, i) {
				types.SetBit(out, n1+i, true)
			}
		}
	}
	return types.Bytes(out), nil
}

// bitSubstring is bitsubstring: from 1-based position start, length
// bits (to the end when withLength is false).
func bitSubstring(d types.Datum, start, length int64, withLength bool) (types.Datum, error) {
	n := int64(types.BitLen(d))
	s1 := max(start, 1)
	var e1 int64
	switch {
	case !withLength:
		e1 = n + 1
	case length < 0:
		return types.Null, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
	case start+length > math.MaxInt32 || start+length < math.MinInt32:
		// int4 overflow: the rest of the string.
		e1 = n + 1
	default:
		e1 = min(start+length, n+1)
	}
	if s1 > n || e1 <= s1 {
		return types.Bytes(types.NewBits(0)), nil
	}
	return types.Bytes(types.BitsOf(d, int(s1-1), int(e1-s1))), nil
}

// bitOverlay is bitoverlay: t1 with count bits from position start
// replaced by t2.
func bitOverlay(t1, t2 types.Datum, start, count int64) (types.Datum, error) {
	if start <= 0 {
		return types.Null, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
	}
	end := start + count
	if end > math.MaxInt32 || end < math.MinInt32 {
		return types.Null, types.ErrIntOutOfRange(types.OidInt4)
	}
	head, err := bitSubstring(t1, 1, start-1, true)
	if err != nil {
		return types.Null, err
	}
	tail, err := bitSubstring(t1, end, -1, false)
	if err != nil {
		return types.Null, err
	}
	r, err := bitConcat(head, t2)
	if err != nil {
		return types.Null, err
	}
	return bitConcat(r, tail)
}

// bitPosition is bitposition: the 1-based position of the first
// occurrence of sub in str, 0 when there is none. The search compares
// bit by bit, checking for cancellation as it goes (a long string and a
// long pattern take a while, as in PostgreSQL).
func bitPosition(ec *expr.EvalContext, str, sub types.Datum) (int64, error) {
	n, m := types.BitLen(str), types.BitLen(sub)
	if n == 0 || m > n {
		return 0, nil
	}
	if m == 0 {
		return 1, nil
	}
	s, p := types.BitData(str), types.BitData(sub)
	for i := 0; i+m <= n; i++ {
		if i%4096 == 0 {
			if err := ec.CheckCancel(); err != nil {
				return 0, err
			}
		}
		k := 0
		for k < m && types.BitAt(s, i+k) == types.BitAt(p, k) {
			k++
		}
		if k == m {
			return int64(i + 1), nil
		}
	}
	return 0, nil
}

// bitIndex checks a get_bit/set_bit position.
func bitIndex(d types.Datum, i int64) (int, error) {
	n := types.BitLen(d)
	if i < 0 || i >= int64(n) {
		return 0, pgerr.Newf(pgerr.ArraySubscriptError, "bit index %d out of valid range (0..%d)", i, n-1)
	}
	return int(i), nil
}

// bitFromInt is bitfromint4 and bitfromint8: the low n bits of v, and
// copies of its sign bit to the left of its width when n is larger; n
// outside 1..MaxBitLen means 1.
func bitFromInt(v int64, width int, n int64) types.Datum {
	if n <= 0 || n > types.MaxBitLen {
		n = 1
	}
	out := types.NewBits(int(n))
	for i := 0; i < int(n); i++ {
		k := int(n) - 1 - i // bit k of v, counting from its low end
		on := v < 0
		if k < width {
			on = v>>uint(k)&1 != 0
		}
		if on {
			types.SetBit(out, i, true)
		}
	}
	return types.Bytes(out)
}

// bitToInt is bittoint4 and bittoint8: the bits as an unsigned binary
// number of width bits, read as a signed integer of that width.
func bitToInt(d types.Datum, ret uint32, width int) (types.Datum, error) {
	n := types.BitLen(d)
	if n > width {
		return types.Null, types.ErrIntOutOfRange(ret)
	}
	var u uint64
	data := types.BitData(d)
	for i := 0; i < n; i++ {
		u <<= 1
		if types.BitAt(data, i) {
			u |= 1
		}
	}
	if width == 32 {
		return types.Int(int64(int32(uint32(u)))), nil
	}
	return types.Int(int64(u)), nil
}

// bitCmp is bitcmp as called by name: the sign is CompareBits', the
// value what the reference's memcmp returns, the difference of the
// first differing bytes (-1 or 1 when only the lengths differ).
func bitCmp(a, b types.Datum) int64 {
	x, y := types.BitData(a), types.BitData(b)
	for i := 0; i < min(len(x), len(y)); i++ {
		if x[i] != y[i] {
			return int64(x[i]) - int64(y[i])
		}
	}
	return int64(types.CompareBits(a, b))
}

func bits2(f func(a, b types.Datum) (types.Datum, error)) implEntry {
	return textN(func(a []types.Datum) (types.Datum, error) { return f(a[0], a[1]) })
}

func addBitStringImpls(m map[string]implEntry) {
	m["bit_and"], m["bit_or"], m["bitxor"] = bits2(bitAnd), bits2(bitOr), bits2(bitXor)
	m["bitnot"] = fn1(func(d types.Datum) (types.Datum, error) {
		out := types.NewBits(types.BitLen(d))
		data := types.BitData(d)
		for i := range data {
			out[4+i] = ^data[i]
		}
		types.PadBits(out)
		return types.Bytes(out), nil
	})
	m["bitshiftleft"] = textN(func(a []types.Datum) (types.Datum, error) { return bitShift(a[0], a[1].Int(), true), nil })
	m["bitshiftright"] = textN(func(a []types.Datum) (types.Datum, error) { return bitShift(a[0], a[1].Int(), false), nil })
	m["bitcat"] = bits2(bitConcat)
	m["bitsubstr"] = textN(func(a []types.Datum) (types.Datum, error) { return bitSubstring(a[0], a[1].Int(), a[2].Int(), true) })
	m["bitsubstr_no_len"] = textN(func(a []types.Datum) (types.Datum, error) { return bitSubstring(a[0], a[1].Int(), -1, false) })
	m["bitoverlay"] = textN(func(a []types.Datum) (types.Datum, error) { return bitOverlay(a[0], a[1], a[2].Int(), a[3].Int()) })
	m["bitoverlay_no_len"] = textN(func(a []types.Datum) (types.Datum, error) {
		return bitOverlay(a[0], a[1], a[2].Int(), int64(types.BitLen(a[1])))
	})
	m["bitposition"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		i, err := bitPosition(ec, a[0], a[1])
		return types.Int(i), err
	}}
	m["bitgetbit"] = textN(func(a []types.Datum) (types.Datum, error) {
		i, err := bitIndex(a[0], a[1].Int())
		if err != nil {
			return types.Null, err
		}
		if types.BitAt(types.BitData(a[0]), i) {
			return types.Int(1), nil
		}
		return types.Int(0), nil
	})
	m["bitsetbit"] = textN(func(a []types.Datum) (types.Datum, error) {
		i, err := bitIndex(a[0], a[1].Int())
		if err != nil {
			return types.Null, err
		}
		v := a[2].Int()
		if v != 0 && v != 1 {
			return types.Null, pgerr.New(pgerr.InvalidParameterValue, "new bit must be 0 or 1")
		}
		out := []byte(a[0].Text())
		types.SetBit(out, i, v == 1)
		return types.Bytes(out), nil
	})
	length := fn1(func(d types.Datum) (types.Datum, error) { return types.Int(int64(types.BitLen(d))), nil })
	m["bitlength"], m["sql_bit_length_1812"] = length, length
	m["bitoctetlength"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Int(int64(len(types.BitData(d)))), nil })
	m["bit_bit_count"] = fn1(func(d types.Datum) (types.Datum, error) {
		n := 0
		for _, b := range []byte(types.BitData(d)) {
			n += bits.OnesCount8(b)
		}
		return types.Int(int64(n)), nil
	})
	m["bitfromint4"] = textN(func(a []types.Datum) (types.Datum, error) { return bitFromInt(a[0].Int(), 32, a[1].Int()), nil })
	m["bitfromint8"] = textN(func(a []types.Datum) (types.Datum, error) { return bitFromInt(a[0].Int(), 64, a[1].Int()), nil })
	m["bittoint4"] = fn1(func(d types.Datum) (types.Datum, error) { return bitToInt(d, types.OidInt4, 32) })
	m["bittoint8"] = fn1(func(d types.Datum) (types.Datum, error) { return bitToInt(d, types.OidInt8, 64) })
	m["bitcmp"] = textN(func(a []types.Datum) (types.Datum, error) { return types.Int(bitCmp(a[0], a[1])), nil })
	// Length coercions, when called by name: bit(b, n, explicit).
	for name, typ := range map[string]uint32{"bit": types.OidBit, "varbit": types.OidVarbit} {
		typ := typ
		m[name] = implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			return types.CoerceBit(typ, a[0], int32(a[1].Int()), a[2].Bool())
		}}
	}
}
