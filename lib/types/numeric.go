// This file implements numeric: arbitrary precision decimals with a display
// scale, their text and binary forms, typmod coercion and the arithmetic
// whose result scales follow PostgreSQL's numeric.c, so that results print
// with the same number of digits.

package types

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Limits from PostgreSQL's numeric.h and numeric.c.
const (
	numericMaxPrecision    = 1000
	numericMaxDisplayScale = 1000
	numericMinSigDigits    = 16
	numericMaxResultScale  = 2000
	numericDscaleMax       = 0x3FFF // largest dscale the storage format holds
	numericWeightMax       = 131072 // decimal digits before the point
	decDigits              = 4      // decimal digits per base-10000 digit
)

// exactCtx does exact addition, subtraction and multiplication (precision 0
// disables rounding in apd). It is never modified.
var exactCtx = apd.Context{
	MaxExponent: apd.MaxExponent,
	MinExponent: apd.MinExponent,
	Traps:       apd.DefaultTraps,
}

func errNumericOverflow() *pgerr.Error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
}

// ErrDivisionByZero is PostgreSQL's "division by zero" (22012).
func ErrDivisionByZero() *pgerr.Error {
	return pgerr.New(pgerr.DivisionByZero, "division by zero")
}

// NumericScale returns the display scale of a finite numeric.
func NumericScale(x *apd.Decimal) int32 {
	if x.Exponent >= 0 {
		return 0
	}
	return -x.Exponent
}

// normalize brings x to the representation a numeric Datum requires: a
// non-positive exponent, no negative zero, within PostgreSQL's limits.
func normalize(x *apd.Decimal) (*apd.Decimal, error) {
	if x.Form != apd.Finite {
		if x.Form == apd.NaN {
			x.Negative = false
		}
		return x, nil
	}
	if x.Exponent > 0 && x.Coeff.Sign() == 0 {
		x.Exponent = 0
	}
	if x.Exponent > 0 {
		var m apd.BigInt
		m.Exp(apd.NewBigInt(10), apd.NewBigInt(int64(x.Exponent)), nil)
		x.Coeff.Mul(&x.Coeff, &m)
		x.Exponent = 0
	}
	if x.Coeff.Sign() == 0 {
		x.Negative = false
	}
	if -x.Exponent > numericDscaleMax {
		return nil, errNumericOverflow()
	}
	if int64(apd.NumDigits(&x.Coeff))+int64(x.Exponent) > numericWeightMax {
		return nil, errNumericOverflow()
	}
	return x, nil
}

// NumericDatum normalizes x and wraps it in a Datum.
func NumericDatum(x *apd.Decimal) (Datum, error) {
	x, err := normalize(x)
	if err != nil {
		return Null, err
	}
	return Numeric(x), nil
}

// ParseNumeric is numeric_in without a typmod.
func ParseNumeric(s string) (*apd.Decimal, error) {
	t := trimSpace(s)
	switch strings.ToLower(t) {
	case "nan":
		return &apd.Decimal{Form: apd.NaN}, nil
	case "infinity", "+infinity", "inf", "+inf":
		return &apd.Decimal{Form: apd.Infinite}, nil
	case "-infinity", "-inf":
		return &apd.Decimal{Form: apd.Infinite, Negative: true}, nil
	}
	i := 0
	neg := false
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		neg = t[i] == '-'
		i++
	}
	var digits []byte
	frac := 0
	seenPoint := false
	nd := 0
	for ; i < len(t); i++ {
		c := t[i]
		if c >= '0' && c <= '9' {
			digits = append(digits, c)
			nd++
			if seenPoint {
				frac++
			}
		} else if c == '.' && !seenPoint {
			seenPoint = true
		} else {
			break
		}
	}
	if nd == 0 {
		return nil, InvalidSyntax("numeric", s)
	}
	exp := 0
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		j := i
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		k := j
		for k < len(t) && t[k] >= '0' && t[k] <= '9' {
			k++
		}
		if k == j {
			return nil, InvalidSyntax("numeric", s)
		}
		e, err := strconv.Atoi(t[i:k])
		if err != nil || e >= math.MaxInt32/2 || e <= -(math.MaxInt32/2) {
			return nil, errNumericOverflow()
		}
		exp = e
		i = k
	}
	if i != len(t) {
		return nil, InvalidSyntax("numeric", s)
	}
	d := new(apd.Decimal)
	if _, ok := d.Coeff.SetString(string(digits), 10); !ok {
		return nil, InvalidSyntax("numeric", s)
	}
	// Refuse values outside the storage format before materializing
	// them: digits before the point, and the display scale.
	significant := len(strings.TrimLeft(string(digits), "0"))
	if significant == 0 {
		// Zero: only the display scale can overflow.
		exp = min(exp, frac)
	}
	intDigits := significant - frac + exp
	if intDigits > numericWeightMax || frac-exp > numericDscaleMax {
		return nil, errNumericOverflow()
	}
	d.Negative = neg
	d.Exponent = int32(exp - frac)
	// The display scale is the number of fraction digits written, less
	// the exponent, never negative.
	if _, err := normalize(d); err != nil {
		return nil, err
	}
	return d, nil
}

// NumericTypmod packs numeric(p, s) as PostgreSQL does.
func NumericTypmod(precision, scale int32) int32 {
	return (precision<<16 | scale&0x7ff) + 4
}

// numericTypmodParts unpacks a numeric typmod, sign-extending the 11-bit
// scale.
func numericTypmodParts(typmod int32) (precision, scale int32) {
	tm := typmod - 4
	precision = (tm >> 16) & 0xffff
	scale = ((tm & 0x7ff) ^ 1024) - 1024
	return
}

// ApplyNumericTypmod rounds x to the scale of typmod and checks that it fits
// the precision (numeric.c's apply_typmod). x is modified.
func ApplyNumericTypmod(x *apd.Decimal, typmod int32) (*apd.Decimal, error) {
	if typmod < 4 {
		return x, nil
	}
	precision, scale := numericTypmodParts(typmod)
	if x.Form == apd.Infinite {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
			WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", precision, scale)
	}
	if x.Form == apd.NaN {
		return x, nil
	}
	roundTo(x, x, scale, apd.RoundHalfUp)
	maxDigits := precision - scale
	if x.Coeff.Sign() != 0 {
		// Decimal digits before the point of the rounded value.
		intDigits := int32(apd.NumDigits(&x.Coeff)) + x.Exponent
		if intDigits > maxDigits {
			e := pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow")
			if maxDigits != 0 {
				return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 10^%d.", precision, scale, maxDigits)
			}
			return nil, e.WithDetail("A field with precision %d, scale %d must round to an absolute value less than 1.", precision, scale)
		}
	}
	return normalize(x)
}

// roundTo sets d to x rounded (or truncated) to scale digits after the
// point; a negative scale rounds to tens, hundreds, ... The result's
// display scale is max(scale, 0).
func roundTo(d, x *apd.Decimal, scale int32, r apd.Rounder) {
	if x.Form != apd.Finite {
		d.Set(x)
		return
	}
	// Integer arithmetic rather than apd's Quantize: apd's contexts stop
	// at exponents of 100000, short of numeric's 131072 digits.
	target := -scale
	neg := x.Negative
	var q apd.BigInt
	q.Abs(&x.Coeff)
	exp := x.Exponent
	if exp >= target {
		q.Mul(&q, pow10(int64(exp)-int64(target)))
	} else {
		unit := pow10(int64(target) - int64(exp))
		var rem apd.BigInt
		q.QuoRem(&q, unit, &rem)
		up := false
		if rem.Sign() != 0 {
			switch r {
			case apd.RoundHalfUp:
				rem.Add(&rem, &rem)
				up = rem.Cmp(unit) >= 0
			case apd.RoundDown:
			case apd.RoundCeiling:
				up = !neg
			case apd.RoundFloor:
				up = neg
			default:
				up = true // away from zero
			}
		}
		if up {
			q.Add(&q, apd.NewBigInt(1))
		}
	}
	exp = target
	if exp > 0 {
		q.Mul(&q, pow10(int64(exp)))
		exp = 0
	}
	d.Form = apd.Finite
	d.Coeff.Set(&q)
	d.Exponent = exp
	d.Negative = neg && q.Sign() != 0
}

func pow10(n int64) *apd.BigInt {
	var m apd.BigInt
	return m.Exp(apd.NewBigInt(10), apd.NewBigInt(n), nil)
}

// appendNumeric is numeric_out: plain notation with exactly the display
// scale's digits after the point.
func appendNumeric(dst []byte, x *apd.Decimal) []byte {
	switch x.Form {
	case apd.NaN, apd.NaNSignaling:
		return append(dst, "NaN"...)
	case apd.Infinite:
		if x.Negative {
			return append(dst, "-Infinity"...)
		}
		return append(dst, "Infinity"...)
	}
	if x.Negative && x.Coeff.Sign() != 0 {
		dst = append(dst, '-')
	}
	var buf [40]byte
	var abs apd.BigInt
	abs.Abs(&x.Coeff)
	digits := abs.Append(buf[:0], 10)
	if x.Exponent >= 0 {
		dst = append(dst, digits...)
		for i := int32(0); i < x.Exponent && !(len(digits) == 1 && digits[0] == '0'); i++ {
			dst = append(dst, '0')
		}
		return dst
	}
	scale := int(-x.Exponent)
	if len(digits) > scale {
		dst = append(dst, digits[:len(digits)-scale]...)
		dst = append(dst, '.')
		return append(dst, digits[len(digits)-scale:]...)
	}
	dst = append(dst, '0', '.')
	for i := len(digits); i < scale; i++ {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// NumericString returns the text form of x.
func NumericString(x *apd.Decimal) string { return string(appendNumeric(nil, x)) }

// Binary format sign words.
const (
	numericPos  = 0x0000
	numericNeg  = 0x4000
	numericNaN  = 0xC000
	numericPInf = 0xD000
	numericNInf = 0xF000
)

// base10000 returns x's digits in base 10000 with the weight of the first
// one, without leading or trailing zero digits, as numeric_send writes
// them.
func base10000(x *apd.Decimal) (digits []int16, weight int) {
	var abs apd.BigInt
	abs.Abs(&x.Coeff)
	s := abs.String()
	if s == "0" {
		return nil, 0
	}
	e := int(x.Exponent)
	if e > 0 {
		s += strings.Repeat("0", e)
		e = 0
	}
	intLen := len(s) + e // digits before the point
	if intLen < 0 {
		s = strings.Repeat("0", -intLen) + s
		intLen = 0
	}
	intPart, fracPart := s[:intLen], s[intLen:]
	if pad := (decDigits - len(intPart)%decDigits) % decDigits; pad > 0 {
		intPart = strings.Repeat("0", pad) + intPart
	}
	if pad := (decDigits - len(fracPart)%decDigits) % decDigits; pad > 0 {
		fracPart += strings.Repeat("0", pad)
	}
	all := intPart + fracPart
	weight = len(intPart)/decDigits - 1
	for i := 0; i < len(all); i += decDigits {
		v, _ := strconv.Atoi(all[i : i+decDigits])
		digits = append(digits, int16(v))
	}
	for len(digits) > 0 && digits[0] == 0 {
		digits = digits[1:]
		weight--
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		weight = 0
	}
	return digits, weight
}

func sendNumeric(dst []byte, x *apd.Decimal) []byte {
	var sign uint16
	switch x.Form {
	case apd.NaN, apd.NaNSignaling:
		sign = numericNaN
	case apd.Infinite:
		sign = numericPInf
		if x.Negative {
			sign = numericNInf
		}
	}
	if x.Form != apd.Finite {
		// PostgreSQL sends as dscale the bits its short header keeps
		// there, which for the infinities happen to read 32.
		dscale := uint16(0)
		if x.Form == apd.Infinite {
			dscale = 32
		}
		dst = binary.BigEndian.AppendUint16(dst, 0)
		dst = binary.BigEndian.AppendUint16(dst, 0)
		dst = binary.BigEndian.AppendUint16(dst, sign)
		return binary.BigEndian.AppendUint16(dst, dscale)
	}
	if x.Negative && x.Coeff.Sign() != 0 {
		sign = numericNeg
	}
	digits, weight := base10000(x)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(digits)))
	dst = binary.BigEndian.AppendUint16(dst, uint16(int16(weight)))
	dst = binary.BigEndian.AppendUint16(dst, sign)
	dst = binary.BigEndian.AppendUint16(dst, uint16(NumericScale(x)))
	for _, d := range digits {
		dst = binary.BigEndian.AppendUint16(dst, uint16(d))
	}
	return dst
}

func recvNumeric(b []byte, typmod int32) (Datum, error) {
	if len(b) < 8 {
		return Null, errBinaryLength()
	}
	ndigits := int(binary.BigEndian.Uint16(b[0:]))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	if len(b) != 8+2*ndigits {
		return Null, errBinaryLength()
	}
	x := new(apd.Decimal)
	switch sign {
	case numericPos, numericNeg:
	case numericNaN:
		x.Form = apd.NaN
		return Numeric(x), nil
	case numericPInf, numericNInf:
		x.Form = apd.Infinite
		x.Negative = sign == numericNInf
		return Numeric(x), nil
	default:
		return Null, invalidBinary("invalid sign in external \"numeric\" value")
	}
	if dscale > numericDscaleMax {
		return Null, invalidBinary("invalid scale in external \"numeric\" value")
	}
	var sb strings.Builder
	for i := 0; i < ndigits; i++ {
		d := binary.BigEndian.Uint16(b[8+2*i:])
		if d >= 10000 {
			return Null, invalidBinary("invalid digit in external \"numeric\" value")
		}
		sb.WriteString(strconv.Itoa(10000 + int(d))[1:])
	}
	if ndigits == 0 {
		sb.WriteByte('0')
	}
	x.Coeff.SetString(sb.String(), 10)
	// The first group has weight `weight`; the last one weight-ndigits+1.
	x.Exponent = int32((weight - ndigits + 1) * decDigits)
	if ndigits == 0 {
		x.Exponent = 0
	}
	x.Negative = sign == numericNeg
	// Bring the value to its declared display scale (numeric_recv trusts
	// dscale and rounds the digits to it).
	roundTo(x, x, int32(dscale), apd.RoundHalfUp)
	if _, err := ApplyNumericTypmod(x, typmod); err != nil {
		return Null, err
	}
	return NumericDatum(x)
}

// numericWeight returns PostgreSQL's base-10000 weight and first digit of a
// finite non-zero x, which its result-scale rules use.
func numericWeight(x *apd.Decimal) (weight int, first int) {
	digits, w := base10000(x)
	if len(digits) == 0 {
		return 0, 0
	}
	return w, int(digits[0])
}

func clampScale(s int) int32 {
	if s < 0 {
		s = 0
	}
	if s > numericMaxDisplayScale {
		s = numericMaxDisplayScale
	}
	return int32(s)
}

func nan() *apd.Decimal { return &apd.Decimal{Form: apd.NaN} }

func isNaN(x *apd.Decimal) bool { return x.Form == apd.NaN || x.Form == apd.NaNSignaling }

// NumericAdd returns x + y with the larger display scale.
func NumericAdd(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		return Numeric(nan()), nil
	}
	d := new(apd.Decimal)
	if x.Form == apd.Infinite || y.Form == apd.Infinite {
		if x.Form == apd.Infinite && y.Form == apd.Infinite && x.Negative != y.Negative {
			return Numeric(nan()), nil
		}
		if x.Form == apd.Infinite {
			return Numeric(d.Set(x)), nil
		}
		return Numeric(d.Set(y)), nil
	}
	exactAdd(d, x, y)
	return NumericDatum(d)
}

// exactAdd sets d to the exact sum of finite x and y in integer
// arithmetic (apd's contexts stop at exponents of 100000).
func exactAdd(d, x, y *apd.Decimal) {
	e := min(x.Exponent, y.Exponent)
	var a, b apd.BigInt
	a.Mul(&x.Coeff, pow10(int64(x.Exponent)-int64(e)))
	b.Mul(&y.Coeff, pow10(int64(y.Exponent)-int64(e)))
	if x.Negative {
		a.Neg(&a)
	}
	if y.Negative {
		b.Neg(&b)
	}
	a.Add(&a, &b)
	d.Form = apd.Finite
	d.Negative = a.Sign() < 0
	d.Coeff.Abs(&a)
	d.Exponent = e
}

// NumericSub returns x - y.
func NumericSub(x, y *apd.Decimal) (Datum, error) {
	var ny apd.Decimal
	ny.Neg(y)
	if y.Form == apd.NaN {
		ny.Negative = false
	}
	return NumericAdd(x, &ny)
}

// NumericMul returns x * y with the sum of the display scales.
func NumericMul(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		return Numeric(nan()), nil
	}
	if x.Form == apd.Infinite || y.Form == apd.Infinite {
		sx, sy := x.Sign(), y.Sign()
		if sx == 0 || sy == 0 {
			return Numeric(nan()), nil
		}
		return Numeric(&apd.Decimal{Form: apd.Infinite, Negative: (sx < 0) != (sy < 0)}), nil
	}
	d := new(apd.Decimal)
	d.Coeff.Mul(&x.Coeff, &y.Coeff)
	d.Exponent = x.Exponent + y.Exponent
	d.Negative = x.Negative != y.Negative && d.Coeff.Sign() != 0
	// PostgreSQL keeps at most NUMERIC_MAX_DISPLAY_SCALE digits.
	if NumericScale(d) > numericMaxDisplayScale {
		roundTo(d, d, numericMaxDisplayScale, apd.RoundHalfUp)
	}
	return NumericDatum(d)
}

// divScale is select_div_scale: enough digits for 16 significant ones, and
// no fewer than either input shows.
func divScale(x, y *apd.Decimal) int32 {
	w1, f1 := numericWeight(x)
	w2, f2 := numericWeight(y)
	qweight := w1 - w2
	if f1 <= f2 {
		qweight--
	}
	rscale := numericMinSigDigits - qweight*decDigits
	rscale = max(rscale, int(NumericScale(x)), int(NumericScale(y)))
	return clampScale(rscale)
}

// divRound sets d to x / y rounded half away from zero (or truncated) to
// scale digits after the point, exactly.
func divRound(d, x, y *apd.Decimal, scale int32, trunc bool) {
	k := int64(x.Exponent) - int64(y.Exponent) + int64(scale)
	var num, den apd.BigInt
	num.Abs(&x.Coeff)
	den.Abs(&y.Coeff)
	if k >= 0 {
		num.Mul(&num, pow10(k))
	} else {
		den.Mul(&den, pow10(-k))
	}
	var q, r apd.BigInt
	q.QuoRem(&num, &den, &r)
	if !trunc {
		r.Mul(&r, apd.NewBigInt(2))
		if r.Cmp(&den) >= 0 {
			q.Add(&q, apd.NewBigInt(1))
		}
	}
	d.Form = apd.Finite
	d.Coeff.Set(&q)
	d.Exponent = -scale
	d.Negative = (x.Negative != y.Negative) && q.Sign() != 0
}

// NumericDiv returns x / y at PostgreSQL's division scale.
func NumericDiv(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		return Numeric(nan()), nil
	}
	if y.Form == apd.Finite && y.Coeff.Sign() == 0 {
		return Null, ErrDivisionByZero()
	}
	if x.Form == apd.Infinite {
		if y.Form == apd.Infinite {
			return Numeric(nan()), nil
		}
		return Numeric(&apd.Decimal{Form: apd.Infinite, Negative: x.Negative != y.Negative}), nil
	}
	if y.Form == apd.Infinite {
		return Numeric(new(apd.Decimal)), nil
	}
	d := new(apd.Decimal)
	divRound(d, x, y, divScale(x, y), false)
	return NumericDatum(d)
}

// NumericDivTrunc is div(): the quotient truncated to an integer.
func NumericDivTrunc(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		return Numeric(nan()), nil
	}
	if y.Form == apd.Finite && y.Coeff.Sign() == 0 {
		return Null, ErrDivisionByZero()
	}
	if x.Form == apd.Infinite {
		if y.Form == apd.Infinite {
			return Numeric(nan()), nil
		}
		return Numeric(&apd.Decimal{Form: apd.Infinite, Negative: x.Negative != y.Negative}), nil
	}
	if y.Form == apd.Infinite {
		return Numeric(new(apd.Decimal)), nil
	}
	d := new(apd.Decimal)
	divRound(d, x, y, 0, true)
	return NumericDatum(d)
}

// NumericMod returns x % y, the remainder of truncating division, with the
// larger display scale.
func NumericMod(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		return Numeric(nan()), nil
	}
	if y.Form == apd.Finite && y.Coeff.Sign() == 0 {
		return Null, ErrDivisionByZero()
	}
	if x.Form == apd.Infinite {
		return Numeric(nan()), nil
	}
	if y.Form == apd.Infinite {
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	e := min(x.Exponent, y.Exponent)
	var a, b apd.BigInt
	a.Set(&x.Coeff)
	b.Set(&y.Coeff)
	if x.Exponent > e {
		a.Mul(&a, pow10(int64(x.Exponent-e)))
	}
	if y.Exponent > e {
		b.Mul(&b, pow10(int64(y.Exponent-e)))
	}
	a.Abs(&a)
	b.Abs(&b)
	var r apd.BigInt
	r.Rem(&a, &b)
	d := &apd.Decimal{Exponent: e, Negative: x.Negative}
	d.Coeff.Set(&r)
	return NumericDatum(d)
}

// NumericCmp orders numerics as PostgreSQL's btree does: -Infinity, finite
// values, Infinity, then NaN, which equals itself.
func NumericCmp(x, y *apd.Decimal) int {
	rank := func(v *apd.Decimal) int {
		switch {
		case isNaN(v):
			return 2
		case v.Form == apd.Infinite && v.Negative:
			return -1
		case v.Form == apd.Infinite:
			return 1
		}
		return 0
	}
	rx, ry := rank(x), rank(y)
	if rx != ry || rx != 0 {
		switch {
		case rx < ry:
			return -1
		case rx > ry:
			return 1
		}
		return 0
	}
	return x.Cmp(y)
}

// NumericFromInt converts an integer to numeric with scale 0.
func NumericFromInt(v int64) Datum { return Numeric(apd.New(v, 0)) }

// NumericFromFloat is float8_numeric/float4_numeric: the value printed
// with DBL_DIG (or FLT_DIG) significant digits, then read as numeric.
func NumericFromFloat(f float64, bits int) (Datum, error) {
	switch {
	case math.IsNaN(f):
		return Numeric(nan()), nil
	case math.IsInf(f, 0):
		return Numeric(&apd.Decimal{Form: apd.Infinite, Negative: f < 0}), nil
	}
	dig := 15
	if bits == 32 {
		dig = 6
	}
	x, err := ParseNumeric(strconv.FormatFloat(f, 'g', dig, bits))
	if err != nil {
		return Null, err
	}
	return Numeric(x), nil
}

// NumericToFloat converts numeric to float8 through its text form, as
// numeric_float8 does, so the result is the correctly rounded double.
func NumericToFloat(x *apd.Decimal, bits int) (float64, error) {
	switch {
	case isNaN(x):
		return math.NaN(), nil
	case x.Form == apd.Infinite:
		if x.Negative {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	s := NumericString(x)
	f, err := strconv.ParseFloat(s, bits)
	// float8in refuses what rounds to infinity or underflows to zero
	// (denormals are kept).
	if err != nil || math.IsInf(f, 0) || (f == 0 && x.Coeff.Sign() != 0) {
		name := "double precision"
		if bits == 32 {
			name = "real"
		}
		return 0, pgerr.Newf(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", s, name)
	}
	return f, nil
}

// NumericToInt rounds x half away from zero to an integer of type oid.
func NumericToInt(x *apd.Decimal, oid uint32) (int64, error) {
	if isNaN(x) {
		return 0, pgerr.Newf(pgerr.FeatureNotSupported, "cannot convert NaN to %s", intSQLName(oid))
	}
	if x.Form == apd.Infinite {
		return 0, pgerr.Newf(pgerr.FeatureNotSupported, "cannot convert infinity to %s", intSQLName(oid))
	}
	var r apd.Decimal
	roundTo(&r, x, 0, apd.RoundHalfUp)
	if !r.Coeff.IsInt64() {
		return 0, errIntOutOfRange(oid)
	}
	v := r.Coeff.Int64()
	if r.Negative {
		v = -v
	}
	lo, hi := intRange(oid)
	if v < lo || v > hi {
		return 0, errIntOutOfRange(oid)
	}
	return v, nil
}

func intSQLName(oid uint32) string {
	switch oid {
	case OidInt2:
		return "smallint"
	case OidInt8:
		return "bigint"
	}
	return "integer"
}

// NumericRound is round(numeric, int): half away from zero; the result
// shows max(scale, 0) digits after the point.
func NumericRound(x *apd.Decimal, scale int64, trunc bool) (Datum, error) {
	if x.Form != apd.Finite {
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	scale = max(min(scale, numericMaxResultScale), -numericMaxResultScale)
	d := new(apd.Decimal)
	r := apd.Rounder(apd.RoundHalfUp)
	if trunc {
		r = apd.RoundDown
	}
	roundTo(d, x, int32(scale), r)
	return NumericDatum(d)
}

// NumericCeilFloor is ceil (up) or floor of x, with scale 0.
func NumericCeilFloor(x *apd.Decimal, up bool) (Datum, error) {
	if x.Form != apd.Finite {
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	d := new(apd.Decimal)
	r := apd.Rounder(apd.RoundFloor)
	if up {
		r = apd.RoundCeiling
	}
	roundTo(d, x, 0, r)
	return NumericDatum(d)
}

// NumericAbs is abs(numeric), keeping the scale.
func NumericAbs(x *apd.Decimal) Datum {
	d := new(apd.Decimal).Set(x)
	if !isNaN(d) {
		d.Negative = false
	}
	return Numeric(d)
}

// NumericNeg is unary minus.
func NumericNeg(x *apd.Decimal) Datum {
	d := new(apd.Decimal).Set(x)
	if !isNaN(d) && !(d.Form == apd.Finite && d.Coeff.Sign() == 0) {
		d.Negative = !d.Negative
	}
	return Numeric(d)
}

// NumericSign is sign(numeric): -1, 0 or 1 with scale 0.
func NumericSign(x *apd.Decimal) Datum {
	if isNaN(x) {
		return Numeric(nan())
	}
	return NumericFromInt(int64(x.Sign()))
}

// intDigits estimates the decimal digits before the point of x (at least
// 1), used to size the working precision of inexact functions.
func intDigits(x *apd.Decimal) int64 {
	n := int64(apd.NumDigits(&x.Coeff)) + int64(x.Exponent)
	if n < 1 {
		return 1
	}
	return n
}

// inexact evaluates f at a precision that gives rscale correct digits after
// the point, then rounds half away from zero to rscale.
func inexact(rscale int32, resultIntDigits int64, f func(c *apd.Context, d *apd.Decimal) error) (Datum, error) {
	c := exactCtx
	c.Precision = uint32(resultIntDigits + int64(rscale) + 8)
	c.Rounding = apd.RoundDown
	d := new(apd.Decimal)
	if err := f(&c, d); err != nil {
		return Null, err
	}
	roundTo(d, d, rscale, apd.RoundHalfUp)
	return NumericDatum(d)
}

// NumericSqrt is sqrt(numeric).
func NumericSqrt(x *apd.Decimal) (Datum, error) {
	if isNaN(x) {
		return Numeric(nan()), nil
	}
	if x.Sign() < 0 {
		return Null, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
	}
	if x.Form == apd.Infinite {
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	w, _ := numericWeight(x)
	sweight := (w+1)*decDigits/2 - 1
	rscale := clampScale(max(numericMinSigDigits-sweight, int(NumericScale(x))))
	// Integer square root at guard digits beyond rscale, then rounding:
	// exact, and free of apd's exponent limit, which numeric's range
	// exceeds. The floor at extra digits rounds half up correctly.
	const guard = 4
	shift := int64(x.Exponent) + 2*(int64(rscale)+guard)
	var n apd.BigInt
	n.Set(&x.Coeff)
	if shift >= 0 {
		n.Mul(&n, pow10(shift))
	} else {
		n.Quo(&n, pow10(-shift))
	}
	d := &apd.Decimal{Exponent: -(rscale + guard)}
	d.Coeff.Sqrt(&n)
	roundTo(d, d, rscale, apd.RoundHalfUp)
	return NumericDatum(d)
}

// lnDweight estimates the decimal weight of ln(x), as numeric.c's
// estimate_ln_dweight does, to choose result scales.
func lnDweight(x *apd.Decimal) int {
	f, _ := x.Float64()
	if f >= 0.9 && f <= 1.1 {
		// Near 1, ln(x) is about x - 1.
		var one, diff apd.Decimal
		one.SetInt64(1)
		_, _ = exactCtx.Sub(&diff, x, &one)
		if diff.Coeff.Sign() == 0 {
			return 0
		}
		return int(apd.NumDigits(&diff.Coeff)) + int(diff.Exponent) - 1
	}
	ln := math.Log(f)
	if math.IsInf(f, 0) || f == 0 {
		// Outside float8's range: use the digit count.
		d := float64(int64(apd.NumDigits(&x.Coeff))+int64(x.Exponent)) * math.Ln10
		ln = d
	}
	if ln == 0 {
		return 0
	}
	return int(math.Log10(math.Abs(ln)))
}

func errLogOfNonPositive(x *apd.Decimal) *pgerr.Error {
	if x.Sign() == 0 {
		return pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
	}
	return pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
}

// adjExp is the power of ten of finite non-zero x's leading digit.
func adjExp(x *apd.Decimal) int64 {
	return int64(apd.NumDigits(&x.Coeff)) + int64(x.Exponent) - 1
}

// lnScaled sets d to ln(x) for positive x as ln(m) + k*ln(10), where
// x = m * 10^k and m is near 1, so that apd's exponent limit (100000)
// does not cut numeric's range short.
func lnScaled(c *apd.Context, d, x *apd.Decimal) error {
	k := adjExp(x)
	if k > -1000 && k < 1000 {
		return lnCtx(c, d, x)
	}
	wc := *c
	wc.Precision += 10
	var m, lm, l10, kl apd.Decimal
	// m keeps the digits the precision needs: a long coefficient would
	// slow every step of Ln down.
	m.Set(x)
	if extra := apd.NumDigits(&m.Coeff) - int64(wc.Precision) - 10; extra > 0 {
		m.Coeff.Quo(&m.Coeff, pow10(extra))
		m.Exponent += int32(extra)
	}
	m.Exponent -= int32(k)
	if err := lnCtx(&wc, &lm, &m); err != nil {
		return err
	}
	if err := lnCtx(&wc, &l10, apd.New(10, 0)); err != nil {
		return err
	}
	if _, err := wc.Mul(&kl, &l10, apd.New(k, 0)); err != nil {
		return err
	}
	_, err := c.Add(d, &lm, &kl)
	return err
}

// lnCtx sets d to ln(x) of a positive x at c's precision. apd's Ln
// relies on its Exp, which gives up beyond about a thousand digits; there
// x is brought near 1 by square roots (ln(x) = 2^m ln(x^(1/2^m))) and
// ln(z) summed as 2 atanh((z-1)/(z+1)), as numeric.c's ln_var does.
func lnCtx(c *apd.Context, d, x *apd.Decimal) error {
	if c.Precision <= 1000 {
		_, err := c.Ln(d, x)
		return err
	}
	wc := *c
	wc.Precision += 20
	ed := apd.MakeErrDecimal(&wc)
	z := new(apd.Decimal).Set(x)
	lo, hi := apd.New(99, -2), apd.New(101, -2)
	m := 0
	for z.Cmp(lo) < 0 || z.Cmp(hi) > 0 {
		ed.Sqrt(z, z)
		m++
	}
	one := apd.New(1, 0)
	var num, den, y, y2, term, sum, k apd.Decimal
	ed.Sub(&num, z, one)
	ed.Add(&den, z, one)
	ed.Quo(&y, &num, &den)
	ed.Mul(&y2, &y, &y)
	sum.Set(&y)
	term.Set(&y)
	eps := apd.New(1, -int32(wc.Precision)-2)
	for n := int64(3); ; n += 2 {
		ed.Mul(&term, &term, &y2)
		k.SetInt64(n)
		var t apd.Decimal
		ed.Quo(&t, &term, &k)
		if t.IsZero() || new(apd.Decimal).Abs(&t).Cmp(eps) < 0 {
			break
		}
		ed.Add(&sum, &sum, &t)
		if err := ed.Err(); err != nil {
			return err
		}
	}
	// ln(z) = 2 * sum; ln(x) = 2^m * ln(z).
	k.SetInt64(2)
	ed.Mul(&sum, &sum, &k)
	for ; m > 0; m-- {
		ed.Mul(&sum, &sum, &k)
	}
	if err := ed.Err(); err != nil {
		return err
	}
	_, err := c.Round(d, &sum)
	return err
}

// NumericLn is ln(numeric).
func NumericLn(x *apd.Decimal) (Datum, error) {
	if isNaN(x) {
		return Numeric(nan()), nil
	}
	if x.Sign() <= 0 {
		return Null, errLogOfNonPositive(x)
	}
	if x.Form == apd.Infinite {
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	rscale := clampScale(max(numericMinSigDigits-lnDweight(x), int(NumericScale(x))))
	return inexact(rscale, 8, func(c *apd.Context, d *apd.Decimal) error {
		return lnScaled(c, d, x)
	})
}

// NumericLog is log(base, x).
func NumericLog(base, x *apd.Decimal) (Datum, error) {
	if isNaN(base) || isNaN(x) {
		return Numeric(nan()), nil
	}
	if base.Form == apd.Infinite || x.Form == apd.Infinite {
		// numeric_log: negative inputs fail before zero ones.
		if base.Sign() < 0 || x.Sign() < 0 {
			return Null, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
		}
	}
	if base.Sign() <= 0 {
		return Null, errLogOfNonPositive(base)
	}
	if x.Sign() <= 0 {
		return Null, errLogOfNonPositive(x)
	}
	if base.Form == apd.Infinite || x.Form == apd.Infinite {
		if base.Form == apd.Infinite && x.Form == apd.Infinite {
			return Numeric(nan()), nil
		}
		if x.Form == apd.Infinite {
			return Numeric(&apd.Decimal{Form: apd.Infinite}), nil
		}
		return Numeric(new(apd.Decimal)), nil
	}
	var one apd.Decimal
	one.SetInt64(1)
	if base.Cmp(&one) == 0 {
		return Null, ErrDivisionByZero()
	}
	// log_var: ln(base) and ln(x), each rounded to a scale that gives it
	// 8 more significant digits than the result needs, then their
	// quotient rounded to the result scale. Rounding the logarithms first
	// decides the last digit in some cases, so it is done as PostgreSQL
	// does.
	lnBaseDw, lnNumDw := lnDweight(base), lnDweight(x)
	dw := lnNumDw - lnBaseDw
	rscale := clampScale(max(numericMinSigDigits-dw, int(NumericScale(base)), int(NumericScale(x))))
	lb, err := lnRound(base, max(int(rscale)+dw-lnBaseDw+8, 0))
	if err != nil {
		return Null, err
	}
	lx, err := lnRound(x, max(int(rscale)+dw-lnNumDw+8, 0))
	if err != nil {
		return Null, err
	}
	d := new(apd.Decimal)
	divRound(d, lx, lb, rscale, false)
	return NumericDatum(d)
}

// lnRound returns ln(x) of a finite positive x rounded half away from
// zero to rscale digits after the point (ln_var).
func lnRound(x *apd.Decimal, rscale int) (*apd.Decimal, error) {
	c := exactCtx
	c.Precision = uint32(max(lnDweight(x)+1, 1) + rscale + 10)
	c.Rounding = apd.RoundDown
	d := new(apd.Decimal)
	if err := lnScaled(&c, d, x); err != nil {
		return nil, err
	}
	roundHalfUp(d, d, int64(rscale))
	return d, nil
}

// expRound is exp_var: exp(x) rounded to rscale digits after the point,
// an overflow error or zero beyond the range it computes.
func expRound(x *apd.Decimal, rscale int32) (Datum, error) {
	f, _ := x.Float64()
	if math.Abs(f) >= numericMaxResultScale*3 || math.IsNaN(f) {
		if f > 0 {
			return Null, errNumericOverflow()
		}
		return NumericDatum(&apd.Decimal{Exponent: -rscale})
	}
	val := f * 0.434294481903252
	return inexact(rscale, int64(max(val, 0))+2, func(c *apd.Context, d *apd.Decimal) error {
		return expCtx(c, d, x)
	})
}

// expCtx sets d to exp(x) at c's precision. apd's Exp gives up beyond
// about a thousand digits ("too many iterations"), which numeric's range
// needs: there exp(x) is computed as exp(x / 2^k) squared k times, with
// x / 2^k small and the precision raised to cover the squarings.
func expCtx(c *apd.Context, d, x *apd.Decimal) error {
	if c.Precision <= 1000 {
		_, err := c.Exp(d, x)
		return err
	}
	f, _ := x.Float64()
	k := 0
	if a := math.Abs(f) * 1000; a > 1 {
		k = int(math.Ceil(math.Log2(a)))
	}
	wc := *c
	wc.Precision += uint32(k)*3/10 + 4
	var y apd.Decimal
	if _, err := wc.Quo(&y, x, new(apd.Decimal).SetFinite(1, 0).SetInt64(1<<uint(min(k, 62)))); err != nil {
		return err
	}
	if _, err := wc.Exp(d, &y); err != nil {
		return err
	}
	for i := 0; i < k; i++ {
		if _, err := wc.Mul(d, d, d); err != nil {
			return err
		}
	}
	_, err := c.Round(d, d)
	return err
}

// NumericExp is exp(numeric).
func NumericExp(x *apd.Decimal) (Datum, error) {
	if isNaN(x) {
		return Numeric(nan()), nil
	}
	if x.Form == apd.Infinite {
		if x.Negative {
			return Numeric(new(apd.Decimal)), nil
		}
		return Numeric(new(apd.Decimal).Set(x)), nil
	}
	f, _ := x.Float64()
	val := f * 0.434294481903252
	val = max(min(val, numericMaxResultScale), -numericMaxResultScale)
	rscale := clampScale(max(numericMinSigDigits-int(val), int(NumericScale(x))))
	// exp_var's guard: beyond it the result overflows or rounds to zero,
	// and computing it would take time and memory for nothing.
	return expRound(x, rscale)
}

// NumericPower is numeric ^ numeric.
func NumericPower(x, y *apd.Decimal) (Datum, error) {
	if isNaN(x) || isNaN(y) {
		// 1 ^ NaN and NaN ^ 0 are 1, as in PostgreSQL.
		var one apd.Decimal
		one.SetInt64(1)
		if (!isNaN(x) && x.Cmp(&one) == 0) || (!isNaN(y) && y.Form == apd.Finite && y.Coeff.Sign() == 0) {
			return NumericFromInt(1), nil
		}
		return Numeric(nan()), nil
	}
	var yi apd.Decimal
	isInt := y.Form == apd.Infinite // infinities count as integral
	if _, err := exactCtx.RoundToIntegralValue(&yi, y); y.Form == apd.Finite && err == nil && yi.Cmp(y) == 0 {
		isInt = true
	}
	if x.Sign() == 0 && y.Sign() < 0 {
		return Null, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	if x.Sign() < 0 && !isInt {
		return Null, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	if x.Form != apd.Finite || y.Form != apd.Finite {
		return numericPowerSpecial(x, y, &yi), nil
	}
	fy, _ := y.Float64()
	if isInt && fy >= math.MinInt32 && fy <= math.MaxInt32 {
		n, _ := yi.Int64()
		return powerInt(x, int(n))
	}
	if x.Coeff.Sign() == 0 {
		// 0 ^ positive non-integer.
		return NumericDatum(&apd.Decimal{Exponent: -numericMinSigDigits})
	}
	// power_var: exp(ln(|x|) * y), negated for a negative x and an odd
	// exponent. A low-precision ln(|x|) * y first estimates the result's
	// weight (and tests for overflow, so that the work stays bounded
	// whatever the exponent), which decides the result scale and the
	// precision of the real computation. The product is rounded before exp
	// is taken, as PostgreSQL does, since that can decide the last digit.
	ax := new(apd.Decimal).Abs(x)
	negResult := x.Negative && isInt && oddInteger(&yi)
	lnDw := lnDweight(ax)
	lnNum, err := lnTimes(ax, y, max(8-lnDw, 0))
	if err != nil {
		return Null, err
	}
	val, _ := lnNum.Float64()
	if math.Abs(val) > numericMaxResultScale*3.01 || math.IsNaN(val) {
		if val > 0 {
			return Null, errNumericOverflow()
		}
		return NumericDatum(&apd.Decimal{Exponent: -numericMaxDisplayScale})
	}
	val *= 0.434294481903252
	rscale := clampScale(max(numericMinSigDigits-int(val), int(NumericScale(x)), int(NumericScale(y))))
	sigDigits := max(int(rscale)+int(val), 0)
	if lnNum, err = lnTimes(ax, y, max(sigDigits-lnDw+8, 0)); err != nil {
		return Null, err
	}
	d, err := expRound(lnNum, rscale)
	if err != nil || !negResult {
		return d, err
	}
	return NumericNeg(d.Numeric()), nil
}

// numericPowerSpecial is x ^ y when one of them is infinite, by POSIX
// pow's rules, as numeric_power has them (the errors are checked before).
func numericPowerSpecial(x, y, yi *apd.Decimal) Datum {
	one := apd.New(1, 0)
	inf := Numeric(&apd.Decimal{Form: apd.Infinite})
	zero := NumericFromInt(0)
	if x.Form == apd.Finite && x.Cmp(one) == 0 {
		return NumericFromInt(1)
	}
	if y.Sign() == 0 {
		return NumericFromInt(1)
	}
	if x.Sign() == 0 {
		return zero // y > 0
	}
	if y.Form == apd.Infinite {
		absGtOne := true
		if x.Form == apd.Finite {
			if x.Cmp(apd.New(-1, 0)) == 0 {
				return NumericFromInt(1)
			}
			absGtOne = new(apd.Decimal).Abs(x).Cmp(one) > 0
		}
		if absGtOne == (y.Sign() > 0) {
			return inf
		}
		return zero
	}
	// x is infinite, y finite and non-zero.
	if y.Sign() < 0 {
		return zero
	}
	if !x.Negative || !oddInteger(yi) {
		return inf
	}
	return Numeric(&apd.Decimal{Form: apd.Infinite, Negative: true})
}

// lnTimes is ln(x) rounded to rscale digits after the point, times y,
// rounded again to rscale (power_var's ln_var and mul_var).
func lnTimes(x, y *apd.Decimal, rscale int) (*apd.Decimal, error) {
	l, err := lnRound(x, rscale)
	if err != nil {
		return nil, err
	}
	d := new(apd.Decimal)
	mulRound(d, l, y, int64(rscale))
	return d, nil
}

// oddInteger reports whether the integer n is odd.
func oddInteger(n *apd.Decimal) bool {
	if n.Exponent > 0 {
		return false
	}
	var q apd.BigInt
	q.Abs(&n.Coeff)
	if n.Exponent < 0 {
		q.Quo(&q, pow10(int64(-n.Exponent)))
	}
	return q.Bit(0) == 1
}

// log10Abs estimates log10(|x|) of a finite non-zero x from its leading
// digits and exponent, valid outside float64's range too.
func log10Abs(x *apd.Decimal) float64 {
	nd := int64(apd.NumDigits(&x.Coeff))
	var lead apd.BigInt
	lead.Set(&x.Coeff)
	lead.Abs(&lead)
	shift := max(nd-17, 0)
	if shift > 0 {
		lead.Quo(&lead, pow10(shift))
	}
	f, _ := strconv.ParseFloat(lead.String(), 64)
	return math.Log10(f) + float64(shift) + float64(x.Exponent)
}

// decWeight is PostgreSQL's base-10000 weight of a finite non-zero x: the
// power of 10000 of its leading base-10000 digit.
func decWeight(x *apd.Decimal) int64 {
	if x.Coeff.Sign() == 0 {
		return 0
	}
	e := int64(apd.NumDigits(&x.Coeff)) + int64(x.Exponent) - 1
	if e >= 0 {
		return e / decDigits
	}
	return -((-e + decDigits - 1) / decDigits)
}

// mulRound sets d to x * y rounded half away from zero to scale digits
// after the point (mul_var with an rscale).
func mulRound(d, x, y *apd.Decimal, scale int64) {
	var p apd.Decimal
	p.Coeff.Mul(&x.Coeff, &y.Coeff)
	p.Exponent = x.Exponent + y.Exponent
	p.Negative = x.Negative != y.Negative
	roundHalfUp(d, &p, scale)
}

// padScale gives finite d at least scale digits after the point.
func padScale(d *apd.Decimal, scale int64) {
	if n := scale + int64(d.Exponent); n > 0 {
		d.Coeff.Mul(&d.Coeff, pow10(n))
		d.Exponent = -int32(scale)
	}
}

// roundHalfUp sets d to finite x rounded half away from zero to at most
// scale digits after the point, in integer arithmetic: apd's contexts
// stop at exponents of 100000, below numeric's range.
func roundHalfUp(d, x *apd.Decimal, scale int64) {
	if int64(-x.Exponent) <= scale {
		d.Set(x)
		return
	}
	unit := pow10(int64(-x.Exponent) - scale)
	var q, r apd.BigInt
	q.Abs(&x.Coeff)
	q.QuoRem(&q, unit, &r)
	r.Add(&r, &r)
	if r.Cmp(unit) >= 0 {
		q.Add(&q, apd.NewBigInt(1))
	}
	neg := x.Negative && q.Sign() != 0
	d.Form = apd.Finite
	d.Coeff.Set(&q)
	d.Exponent = -int32(scale)
	d.Negative = neg
}

// powerInt is PostgreSQL 15's power_var_int: x raised to an integer
// power by repeated squaring, each product rounded to just enough
// significant digits for the result scale, so that time and memory are
// bounded by the result's size (its weight must fit the storage format)
// rather than by the exponent. The result scale is PostgreSQL 15's for
// integer exponents: at least 16 digits and the base's display scale.
func powerInt(x *apd.Decimal, exp int) (Datum, error) {
	rscale := int64(max(numericMinSigDigits, NumericScale(x)))
	rscale = min(rscale, numericMaxDisplayScale)

	switch exp {
	case 0:
		d := apd.New(1, 0)
		roundTo(d, d, int32(rscale), apd.RoundHalfUp)
		return NumericDatum(d)
	case 1:
		d := new(apd.Decimal)
		roundTo(d, x, int32(rscale), apd.RoundHalfUp)
		return NumericDatum(d)
	case -1:
		if x.Coeff.Sign() == 0 {
			return Null, ErrDivisionByZero()
		}
		d := new(apd.Decimal)
		divRound(d, apd.New(1, 0), x, int32(rscale), false)
		return NumericDatum(d)
	case 2:
		d := new(apd.Decimal)
		mulRound(d, x, x, rscale)
		padScale(d, rscale)
		return NumericDatum(d)
	}
	if x.Coeff.Sign() == 0 {
		if exp < 0 {
			return Null, ErrDivisionByZero()
		}
		return NumericDatum(&apd.Decimal{Exponent: -int32(rscale)})
	}
	// Estimated decimal weight of the result, for the working precision
	// and crude overflow and underflow tests.
	f := float64(exp) * log10Abs(x)
	if f > 3*math.MaxInt16*decDigits {
		return Null, errNumericOverflow()
	}
	if f+1 < -float64(rscale) || f+1 < -numericMaxDisplayScale {
		return NumericDatum(&apd.Decimal{Exponent: -int32(rscale)})
	}
	sigDigits := 1 + rscale + int64(f)
	sigDigits += int64(math.Log(math.Abs(float64(exp)))) + 8

	neg := exp < 0
	mask := uint64(exp)
	if neg {
		mask = uint64(-int64(exp))
	}
	prod := new(apd.Decimal).Set(x)
	res := new(apd.Decimal)
	if mask&1 != 0 {
		res.Set(x)
	} else {
		res.SetInt64(1)
	}
	for mask >>= 1; mask > 0; mask >>= 1 {
		local := sigDigits - 2*decWeight(prod)*decDigits
		local = min(local, 2*int64(NumericScale(prod)))
		local = max(local, 0)
		mulRound(prod, prod, prod, local)
		if mask&1 != 0 {
			local = sigDigits - (decWeight(prod)+decWeight(res))*decDigits
			local = min(local, int64(NumericScale(prod))+int64(NumericScale(res)))
			local = max(local, 0)
			mulRound(res, prod, res, local)
		}
		// Past a weight the storage format cannot hold, the result
		// overflows (or underflows, for a negative exponent).
		if (prod.Coeff.Sign() != 0 && decWeight(prod) > math.MaxInt16) || (res.Coeff.Sign() != 0 && decWeight(res) > math.MaxInt16) {
			if !neg {
				return Null, errNumericOverflow()
			}
			return NumericDatum(&apd.Decimal{Exponent: -int32(rscale)})
		}
	}
	d := new(apd.Decimal)
	if neg {
		if res.Coeff.Sign() == 0 {
			return Null, ErrDivisionByZero()
		}
		divRound(d, apd.New(1, 0), res, int32(rscale), false)
	} else {
		roundHalfUp(d, res, rscale)
		padScale(d, rscale)
	}
	return NumericDatum(d)
}
