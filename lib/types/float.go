// This file implements float4 and float8 text and binary I/O with the
// output rules of PostgreSQL 12 and later: shortest exact digits unless
// extra_float_digits asks for the old fixed-precision format.

package types

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// appendFloat is float8out_internal/float4out: shortest round-trip digits
// when extra_float_digits > 0, else %.{DIG+extra}g. Fixed notation is used
// for decimal exponents in [-4, DIG), as printf's %g does.
func appendFloat(dst []byte, f float64, bits int, extraDigits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	dig := 15
	if bits == 32 {
		dig = 6
	}
	if extraDigits > 0 {
		// The exponent of the shortest form decides the notation.
		var tmp [32]byte
		e := appendShortestE(tmp[:0], f, bits)
		i := len(e) - 1
		for e[i] != 'e' {
			i--
		}
		exp, _ := strconv.Atoi(string(e[i+1:]))
		if exp < -4 || exp >= dig {
			return append(dst, e...)
		}
		// The same digits in fixed notation.
		digits := i
		if e[0] == '-' {
			digits--
		}
		if digits > 1 {
			digits-- // the point
		}
		return strconv.AppendFloat(dst, f, 'f', max(digits-1-exp, 0), bits)
	}
	prec := dig + extraDigits
	if prec < 1 {
		prec = 1
	}
	return strconv.AppendFloat(dst, f, 'g', prec, bits)
}

// appendShortestE appends the shortest decimal, in %e form, that reads
// back as f, as PostgreSQL's Ryu (d2s, f2s) chooses it: never a decimal
// lying exactly halfway between f and a neighbouring value, which Go's
// strconv admits when round-half-even brings it back to f (float8 1e23
// prints as 9.999999999999999e+22, the next shorter decimal inside).
// Only integers beyond the mantissa's reach can be such halfway points
// and be short, so smaller values skip the exact check.
func appendShortestE(dst []byte, f float64, bits int) []byte {
	start := len(dst)
	e := strconv.AppendFloat(dst, f, 'e', -1, bits)
	minExp, maxDigits := 15.0, 17
	if bits == 32 {
		minExp, maxDigits = 7, 9
	}
	if math.Abs(f) < math.Pow(10, minExp) || !halfwayDecimal(string(e[start:]), f, bits) {
		return e
	}
	for n := 2; n <= maxDigits; n++ {
		e = strconv.AppendFloat(dst[:start], f, 'e', n-1, bits)
		g, err := strconv.ParseFloat(string(e[start:]), bits)
		if err == nil && g == f && !halfwayDecimal(string(e[start:]), f, bits) {
			return e
		}
	}
	return strconv.AppendFloat(dst[:start], f, 'e', maxDigits-1, bits)
}

// halfwayDecimal reports whether the decimal s is exactly halfway
// between f and the next value of its type up or down.
func halfwayDecimal(s string, f float64, bits int) bool {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return false
	}
	up, down := math.Nextafter(f, math.Inf(1)), math.Nextafter(f, math.Inf(-1))
	if bits == 32 {
		up = float64(math.Nextafter32(float32(f), float32(math.Inf(1))))
		down = float64(math.Nextafter32(float32(f), float32(math.Inf(-1))))
	}
	var x, n big.Rat
	x.SetFloat64(f)
	for _, nb := range []float64{up, down} {
		if math.IsInf(nb, 0) {
			continue
		}
		n.SetFloat64(nb)
		n.Add(&n, &x)
		n.Quo(&n, big.NewRat(2, 1))
		if n.Cmp(r) == 0 {
			return true
		}
	}
	return false
}

// parseFloat is float8in/float4in: strtod syntax plus the spellings of
// infinity and NaN, surrounding whitespace allowed, and an error for values
// that overflow or underflow to zero.
func parseFloat(s string, bits int) (Datum, error) {
	sqlName := "double precision"
	if bits == 32 {
		sqlName = "real"
	}
	t := trimSpace(s)
	var f float64
	switch lower := strings.ToLower(t); lower {
	case "nan", "+nan", "-nan":
		f = math.NaN()
	case "infinity", "+infinity", "inf", "+inf":
		f = math.Inf(1)
	case "-infinity", "-inf":
		f = math.Inf(-1)
	default:
		parse := t
		if isHexFloat(t) {
			// strtod reads C99 hexadecimal floats; Go wants the binary
			// exponent to be explicit.
			if !strings.ContainsAny(t, "pP") {
				parse += "p0"
			}
		} else if !isDecimalFloat(t) {
			return Null, InvalidSyntax(sqlName, s)
		}
		v, err := strconv.ParseFloat(parse, bits)
		if err != nil || math.IsInf(v, 0) || (v == 0 && hasNonZeroDigit(t)) {
			return Null, pgerr.Newf(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", t, sqlName)
		}
		f = v
	}
	if bits == 32 {
		return Float4(float32(f)), nil
	}
	return Float8(f), nil
}

// isDecimalFloat reports whether s is [sign] digits [. digits] [e [sign]
// digits] with at least one mantissa digit: the subset of strtod's syntax
// that PostgreSQL users write, without Go's extensions (underscores, hex,
// "Inf").
func isDecimalFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(s)
}

// isHexFloat reports whether s is [sign] 0x hexdigits [. hexdigits]
// [p [sign] digits], the hexadecimal form strtod accepts.
func isHexFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if i+1 >= len(s) || s[i] != '0' || (s[i+1] != 'x' && s[i+1] != 'X') {
		return false
	}
	i += 2
	digits := 0
	for i < len(s) && (isHexDigit(s[i]) || s[i] == '.') {
		if s[i] != '.' {
			digits++
		}
		i++
	}
	if digits == 0 || strings.Count(s, ".") > 1 {
		return false
	}
	if i < len(s) && (s[i] == 'p' || s[i] == 'P') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(s)
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hasNonZeroDigit(s string) bool {
	if isHexFloat(s) {
		s = strings.TrimLeft(s, "+-")[2:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'e' || c == 'E' || c == 'p' || c == 'P' {
			break
		}
		if c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
			return true
		}
		if c >= '1' && c <= '9' {
			return true
		}
	}
	return false
}

func sendFloat(dst []byte, oid uint32, d Datum) []byte {
	if oid == OidFloat4 {
		return binary.BigEndian.AppendUint32(dst, math.Float32bits(d.Float4()))
	}
	return binary.BigEndian.AppendUint64(dst, math.Float64bits(d.Float8()))
}

func recvFloat(oid uint32, b []byte) (Datum, error) {
	if oid == OidFloat4 {
		if len(b) != 4 {
			return Null, errBinaryLength()
		}
		return Float4(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	}
	if len(b) != 8 {
		return Null, errBinaryLength()
	}
	return Float8(math.Float64frombits(binary.BigEndian.Uint64(b))), nil
}
