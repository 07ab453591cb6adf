// This file implements the aggregate and index support functions users
// can call directly: int4inc, int8inc, int8dec, numeric_inc,
// tidlarger/tidsmaller, array_larger/array_smaller, like_escape(bytea),
// the deprecated similar_escape; and the B-tree and hash support functions that have
// no operator of their own to be bound from (PostgreSQL's date_cmp,
// interval_cmp, byteacmp and friends, the cross-type date and timestamp
// comparisons; time_hash, timetz_hash, interval_hash, timestamp_hash,
// uuid_hash, pg_lsn_hash and their _extended forms). Users can call them:
// the hashes must give PostgreSQL's values bit for bit (lib/types'
// hashfn.go has its hash_bytes), the comparisons its results.

package builtins

import (
	"math"
	"math/big"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// threeWayCmp is a support function returning -1, 0 or 1 from the
// comparison of its two argument types.
func threeWayCmp() implEntry {
	return implEntry{bind: comparatorBinder(func(cmp Comparator) expr.Impl {
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			c := cmp(ec, a[0], a[1])
			switch {
			case c < 0:
				c = -1
			case c > 0:
				c = 1
			}
			return types.Int(int64(c)), nil
		}
	})}
}

// intervalSpan is interval_cmp_value: the interval as microseconds with
// a month of 30 days, in 128 bits (here a big.Int).
func intervalSpan(v types.Interval) *big.Int {
	const usecsPerDay = 86400000000
	days := int64(v.Months)*30 + int64(v.Days) + v.Micros/usecsPerDay
	span := new(big.Int).Mul(big.NewInt(days), big.NewInt(usecsPerDay))
	return span.Add(span, big.NewInt(v.Micros%usecsPerDay))
}

// intervalSpan64 is the low 64 bits of intervalSpan, which interval_hash
// hashes as an int8.
func intervalSpan64(v types.Interval) int64 {
	s := intervalSpan(v)
	m := new(big.Int).And(s, new(big.Int).SetUint64(^uint64(0)))
	return int64(m.Uint64())
}

func hash32(h uint32) types.Datum    { return types.Int(int64(int32(h))) }
func hash64(h uint64) types.Datum    { return types.Int(int64(h)) }
func seedOf(d types.Datum) uint64    { return uint64(d.Int()) }
func int8Hash(v int64) types.Datum   { return hash32(types.HashInt8(v)) }
func bytesHash(b []byte) types.Datum { return hash32(types.HashBytes(b)) }

// larger returns a support function picking the larger (or smaller)
// of two values of one type, the first when they are equal.
func larger(want int) implEntry {
	return implEntry{bind: comparatorBinder(func(cmp Comparator) expr.Impl {
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			c := cmp(ec, a[0], a[1])
			if c == 0 || (c > 0) == (want > 0) {
				return a[0], nil
			}
			return a[1], nil
		}
	})}
}

// bytesAsRunes spells each byte of b as the rune of its value, so that
// character-wise pattern code works byte by byte (bytea's LIKE).
func bytesAsRunes(b string) string {
	r := make([]rune, len(b))
	for i := 0; i < len(b); i++ {
		r[i] = rune(b[i])
	}
	return string(r)
}

// runesAsBytes undoes bytesAsRunes.
func runesAsBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

func addHashSupportImpls(m map[string]implEntry) {
	m["int4inc"] = fn1(func(d types.Datum) (types.Datum, error) {
		if d.Int() == math.MaxInt32 {
			return types.Null, types.ErrIntOutOfRange(types.OidInt4)
		}
		return types.Int(d.Int() + 1), nil
	})
	m["int8inc"] = fn1(func(d types.Datum) (types.Datum, error) {
		if d.Int() == math.MaxInt64 {
			return types.Null, types.ErrIntOutOfRange(types.OidInt8)
		}
		return types.Int(d.Int() + 1), nil
	})
	m["int8dec"] = fn1(func(d types.Datum) (types.Datum, error) {
		if d.Int() == math.MinInt64 {
			return types.Null, types.ErrIntOutOfRange(types.OidInt8)
		}
		return types.Int(d.Int() - 1), nil
	})
	m["numeric_inc"] = num1(func(x *apd.Decimal) (types.Datum, error) {
		if x.Form != apd.Finite {
			return types.Numeric(x), nil
		}
		return types.NumericAdd(x, apd.New(1, 0))
	})
	m["tidlarger"], m["tidsmaller"] = larger(1), larger(-1)
	m["array_larger"], m["array_smaller"] = larger(1), larger(-1)
	m["like_escape_bytea"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := likeEscape(bytesAsRunes(a[0].Text()), bytesAsRunes(a[1].Text()))
		if err != nil {
			return types.Null, err
		}
		return types.Bytes(runesAsBytes(s)), nil
	})
	// similar_escape: a NULL escape means the default one (backslash).
	m["similar_escape"] = textN(func(a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, nil
		}
		var s string
		var err error
		if a[1].IsNull() {
			s, err = similarEscape(a[0].Text(), "", false)
		} else {
			s, err = similarEscape(a[0].Text(), a[1].Text(), true)
		}
		if err != nil {
			return types.Null, err
		}
		return types.Text(strings.Clone(s)), nil
	})

	for _, name := range []string{"date_cmp", "time_cmp", "timestamp_cmp", "interval_cmp", "numeric_cmp",
		"date_cmp_timestamp", "date_cmp_timestamptz", "timestamp_cmp_date", "timestamptz_cmp_date",
		"timestamp_cmp_timestamptz", "timestamptz_cmp_timestamp"} {
		m[name] = threeWayCmp()
	}
	// bpcharcmp: the trimmed strings' order (every collation gpostgres
	// accepts compares bytes; PostgreSQL may return other magnitudes).
	m["bpcharcmp"] = m["date_cmp"]
	// byteacmp is memcmp (glibc's difference of the first differing
	// bytes), then the shorter first.
	m["byteacmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		x, y := a[0].Text(), a[1].Text()
		for i := 0; i < len(x) && i < len(y); i++ {
			if x[i] != y[i] {
				return types.Int(int64(x[i]) - int64(y[i])), nil
			}
		}
		switch {
		case len(x) < len(y):
			return types.Int(-1), nil
		case len(x) > len(y):
			return types.Int(1), nil
		}
		return types.Int(0), nil
	})

	// The int8-valued types hash as hashint8.
	int8Hashes := textN(func(a []types.Datum) (types.Datum, error) { return int8Hash(a[0].Int()), nil })
	int8HashesExt := textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashInt8Extended(a[0].Int(), seedOf(a[1]))), nil
	})
	for _, name := range []string{"pg_lsn_hash", "time_hash", "timestamp_hash"} {
		m[name], m[name+"_extended"] = int8Hashes, int8HashesExt
	}
	m["interval_hash"] = textN(func(a []types.Datum) (types.Datum, error) {
		return int8Hash(intervalSpan64(a[0].Interval())), nil
	})
	m["interval_hash_extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashInt8Extended(intervalSpan64(a[0].Interval()), seedOf(a[1]))), nil
	})
	// timetz_hash: the time hashed as an int8, xor the zone's hash.
	m["timetz_hash"] = textN(func(a []types.Datum) (types.Datum, error) {
		v := types.TimeTZOf(a[0])
		return hash32(types.HashInt8(v.Time) ^ types.HashUint32(uint32(v.Zone))), nil
	})
	m["timetz_hash_extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		v := types.TimeTZOf(a[0])
		seed := seedOf(a[1])
		return hash64(types.HashInt8Extended(v.Time, seed) ^ types.HashUint32Extended(uint32(v.Zone), seed)), nil
	})
	// The hash opclasses' functions of integers, oid, "char", text,
	// name, bpchar and floats: hash_uint32 of the value as int4 (int8s
	// folded), hash_any of the text bytes (bpchar without its trailing
	// spaces), floats by their eight bytes with hashfloat8's zero and
	// NaN rules.
	uint32Hash := textN(func(a []types.Datum) (types.Datum, error) { return hash32(types.HashUint32(uint32(a[0].Int()))), nil })
	uint32HashExt := textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashUint32Extended(uint32(a[0].Int()), seedOf(a[1]))), nil
	})
	for _, name := range []string{"hashint2", "hashint4", "hashoid"} {
		m[name], m[name+"extended"] = uint32Hash, uint32HashExt
	}
	m["hashint8"], m["hashint8extended"] = int8Hashes, int8HashesExt
	// "char" is signed in PostgreSQL's C: its value widens with its sign.
	m["hashchar"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash32(types.HashUint32(uint32(int32(int8(a[0].Int()))))), nil
	})
	m["hashcharextended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashUint32Extended(uint32(int32(int8(a[0].Int()))), seedOf(a[1]))), nil
	})
	textHash := textN(func(a []types.Datum) (types.Datum, error) { return bytesHash([]byte(a[0].Text())), nil })
	textHashExt := textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashBytesExtended([]byte(a[0].Text()), seedOf(a[1]))), nil
	})
	m["hashtext"], m["hashtextextended"] = textHash, textHashExt
	m["hashname"], m["hashnameextended"] = textHash, textHashExt
	m["hashbpchar"] = textN(func(a []types.Datum) (types.Datum, error) {
		return bytesHash([]byte(types.BpcharTrimmed(a[0].Text()))), nil
	})
	m["hashbpcharextended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashBytesExtended([]byte(types.BpcharTrimmed(a[0].Text())), seedOf(a[1]))), nil
	})
	m["hashfloat8"] = textN(func(a []types.Datum) (types.Datum, error) { return hash32(types.HashFloat8(a[0].Float8())), nil })
	m["hashfloat4"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash32(types.HashFloat8(float64(a[0].Float4()))), nil
	})
	floatExt := func(f float64, seed uint64) types.Datum {
		if f == 0 {
			return hash64(seed) // hashfloat8extended's zero: the seed itself
		}
		bits := math.Float64bits(f)
		if f != f {
			bits = 0x7ff8000000000000
		}
		var b [8]byte
		for i := range b {
			b[i] = byte(bits >> (8 * i))
		}
		return hash64(types.HashBytesExtended(b[:], seed))
	}
	m["hashfloat8extended"] = textN(func(a []types.Datum) (types.Datum, error) { return floatExt(a[0].Float8(), seedOf(a[1])), nil })
	m["hashfloat4extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return floatExt(float64(a[0].Float4()), seedOf(a[1])), nil
	})
	m["uuid_hash"] = textN(func(a []types.Datum) (types.Datum, error) { return bytesHash([]byte(a[0].Text())), nil })
	m["uuid_hash_extended"] = textN(func(a []types.Datum) (types.Datum, error) {
		return hash64(types.HashBytesExtended([]byte(a[0].Text()), seedOf(a[1]))), nil
	})
}
