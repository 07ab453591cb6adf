// This file implements jsonb_hash and jsonb_hash_extended (PostgreSQL's
// jsonb_op.c and JsonbHashScalarValue): the container markers and
// scalars of the value in jsonb's iteration order, each scalar's hash
// folded in after a rotation; numbers hash as hash_numeric does, by
// their base-10000 digits and weight, so that equal numbers of any scale
// hash alike.

package builtins

import (
	"encoding/binary"
	"math/bits"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/types"
)

// jsonb's container flags, which the hashes fold in at each container.
const (
	jbFArray  = 0x40000000
	jbFObject = 0x20000000
)

// numericBaseDigits are x's base-10000 digits without leading or
// trailing zero groups, little-endian int16s as PostgreSQL keeps them,
// and the weight of the first; ok is false for zero.
func numericBaseDigits(x *apd.Decimal) (digits []byte, weight int32, ok bool) {
	d := strings.TrimLeft(x.Coeff.String(), "0")
	if d == "" {
		return nil, 0, false
	}
	intLen := len(d) + int(x.Exponent) // decimal digits before the point
	pre := ((4-intLen%4)%4 + 4) % 4
	d = strings.Repeat("0", pre) + d
	if r := len(d) % 4; r != 0 {
		d += strings.Repeat("0", 4-r)
	}
	// intLen+pre is a multiple of 4, so the division is exact.
	weight = int32((intLen+pre)/4 - 1)
	groups := make([]uint16, 0, len(d)/4)
	for i := 0; i < len(d); i += 4 {
		var g uint16
		for _, c := range d[i : i+4] {
			g = g*10 + uint16(c-'0')
		}
		groups = append(groups, g)
	}
	for len(groups) > 0 && groups[0] == 0 {
		groups, weight = groups[1:], weight-1
	}
	for len(groups) > 0 && groups[len(groups)-1] == 0 {
		groups = groups[:len(groups)-1]
	}
	digits = make([]byte, 2*len(groups))
	for i, g := range groups {
		binary.LittleEndian.PutUint16(digits[2*i:], g)
	}
	return digits, weight, true
}

// hashNumeric is hash_numeric.
func hashNumeric(x *apd.Decimal) uint32 {
	if x.Form != apd.Finite {
		return 0
	}
	digits, weight, ok := numericBaseDigits(x)
	if !ok {
		return ^uint32(0)
	}
	return types.HashBytes(digits) ^ uint32(weight)
}

// hashNumericExtended is hash_numeric_extended.
func hashNumericExtended(x *apd.Decimal, seed uint64) uint64 {
	if x.Form != apd.Finite {
		return seed
	}
	digits, weight, ok := numericBaseDigits(x)
	if !ok {
		return seed - 1
	}
	return types.HashBytesExtended(digits, seed) ^ uint64(int64(weight))
}

// jsonbHash is jsonb_hash.
func jsonbHash(v *types.JSON) uint32 {
	if (v.Kind == types.JSONArray && len(v.Elems) == 0) || (v.Kind == types.JSONObject && len(v.Keys) == 0) {
		return 0
	}
	var h uint32
	scalar := func(tmp uint32) { h = bits.RotateLeft32(h, 1) ^ tmp }
	var walk func(v *types.JSON)
	walk = func(v *types.JSON) {
		switch v.Kind {
		case types.JSONArray:
			h ^= jbFArray
			for _, e := range v.Elems {
				walk(e)
			}
		case types.JSONObject:
			h ^= jbFObject
			for i, k := range v.Keys {
				scalar(types.HashBytes([]byte(k)))
				walk(v.Vals[i])
			}
		case types.JSONNull:
			scalar(0x01)
		case types.JSONString:
			scalar(types.HashBytes([]byte(v.Str)))
		case types.JSONNumber:
			scalar(hashNumeric(v.Num))
		case types.JSONBool:
			if v.Bool {
				scalar(0x02)
			} else {
				scalar(0x04)
			}
		}
	}
	if v.Kind != types.JSONArray && v.Kind != types.JSONObject {
		// A scalar is stored as a one-element raw-scalar array.
		h ^= jbFArray
	}
	walk(v)
	return h
}

// rotate64 is ROTATE_HIGH_AND_LOW_32BITS: each half rotated left by one.
func rotate64(v uint64) uint64 {
	return (v<<1)&0xfffffffefffffffe | (v>>31)&0x100000001
}

// jsonbHashExtended is jsonb_hash_extended.
func jsonbHashExtended(v *types.JSON, seed uint64) uint64 {
	if (v.Kind == types.JSONArray && len(v.Elems) == 0) || (v.Kind == types.JSONObject && len(v.Keys) == 0) {
		return seed
	}
	var h uint64
	scalar := func(tmp uint64) { h = rotate64(h) ^ tmp }
	flag := func(f uint64) { h ^= f<<32 | f }
	var walk func(v *types.JSON)
	walk = func(v *types.JSON) {
		switch v.Kind {
		case types.JSONArray:
			flag(jbFArray)
			for _, e := range v.Elems {
				walk(e)
			}
		case types.JSONObject:
			flag(jbFObject)
			for i, k := range v.Keys {
				scalar(types.HashBytesExtended([]byte(k), seed))
				walk(v.Vals[i])
			}
		case types.JSONNull:
			scalar(seed + 0x01)
		case types.JSONString:
			scalar(types.HashBytesExtended([]byte(v.Str), seed))
		case types.JSONNumber:
			scalar(hashNumericExtended(v.Num, seed))
		case types.JSONBool:
			switch {
			case seed != 0:
				b := uint32(0)
				if v.Bool {
					b = 1
				}
				scalar(types.HashUint32Extended(b, seed))
			case v.Bool:
				scalar(0x02)
			default:
				scalar(0x04)
			}
		}
	}
	if v.Kind != types.JSONArray && v.Kind != types.JSONObject {
		flag(jbFArray)
	}
	walk(v)
	return h
}

func addJSONBHashImpls(m map[string]implEntry) {
	m["jsonb_hash"] = textN(func(a []types.Datum) (types.Datum, error) { return hash32(jsonbHash(a[0].JSONB())), nil })
	m["jsonb_hash_extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(jsonbHashExtended(a[0].JSONB(), seedOf(a[1]))), nil
	})
	m["hash_numeric"] = num1(func(x *apd.Decimal) (types.Datum, error) { return hash32(hashNumeric(x)), nil })
	m["hash_numeric_extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(hashNumericExtended(a[0].Numeric(), seedOf(a[1]))), nil
	})
}
