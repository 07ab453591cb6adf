// This file defines Datum, the in-memory form of one SQL value.

package types

import (
	"math"
	"unsafe"

	"github.com/cockroachdb/apd/v3"
)

// Datum is one SQL value, in 16 bytes, like PostgreSQL's Datum plus its
// isnull flag. A Datum does not know its type: the type travels beside it,
// in an expression's result type or a tuple descriptor, as in PostgreSQL.
//
// Representation (p is the pointer word, n the value word):
//
//   - NULL: p == nil. The zero Datum is NULL, so a forgotten
//     initialisation shows up as NULL rather than as a plausible value.
//   - by-value types (bool, "char", int2/4/8, oid and reg*, float4 and
//     float8 as IEEE bits, date, time, timestamp, timestamptz): n holds the
//     value and p points at a shared marker byte.
//   - byte-string types (text, varchar, bpchar, name, bytea, unknown): p
//     points at the first byte and n is the length, as a string header; an
//     empty string points at the marker. The bytes are immutable once in a
//     Datum.
//   - numeric: p is a *apd.Decimal whose exponent is minus the display
//     scale; interval: p is an *Interval; arrays: p is an *Array and n
//     is arrayTag; records: p is a *Record and n is recordTag. These
//     are immutable once in a Datum.
//   - enums: p is the *EnumLabel, n is enumTag with the label's OID in
//     its low 32 bits (what a table stores, by value).
//
// So a non-NULL Datum whose p is not the marker and whose n is between 1
// and 2^32-1 is always a byte string: the spill encoding (spill.go)
// relies on it to write values whose type it is not told. A new pointer
// representation must use n == 0 or a tag of its own above 2^32.
//
// Putting a string or byte slice in a Datum costs no allocation, and
// by-value types never allocate. Reading a Datum as a different type than
// it was built from is a programming error that the accessors do not
// detect.
type Datum struct {
	p unsafe.Pointer
	n uint64
}

// marker is what p points at for non-NULL by-value datums and empty
// strings. It is never written.
var marker byte

// Null is the SQL NULL. It equals the zero Datum.
var Null = Datum{}

// IsNull reports whether d is the SQL NULL.
func (d Datum) IsNull() bool { return d.p == nil }

func byVal(n uint64) Datum { return Datum{p: unsafe.Pointer(&marker), n: n} }

// Bool makes a boolean Datum.
func Bool(b bool) Datum {
	if b {
		return byVal(1)
	}
	return byVal(0)
}

// Int makes a Datum for any integer type (int2, int4, int8, oid, reg*,
// "char", date as days). Range checking is the caller's job.
func Int(v int64) Datum { return byVal(uint64(v)) }

// Float8 makes a double precision Datum.
func Float8(f float64) Datum { return byVal(math.Float64bits(f)) }

// Float4 makes a real Datum; the value is kept in single precision so that
// arithmetic rounds as PostgreSQL's float4 does.
func Float4(f float32) Datum { return byVal(uint64(math.Float32bits(f))) }

// Text makes a Datum for any byte-string type from s, without copying.
func Text(s string) Datum {
	if len(s) == 0 {
		return Datum{p: unsafe.Pointer(&marker)}
	}
	return Datum{p: unsafe.Pointer(unsafe.StringData(s)), n: uint64(len(s))}
}

// Bytes makes a byte-string Datum from b without copying: the caller hands
// b over and must not modify it afterwards.
func Bytes(b []byte) Datum {
	if len(b) == 0 {
		return Datum{p: unsafe.Pointer(&marker)}
	}
	return Datum{p: unsafe.Pointer(unsafe.SliceData(b)), n: uint64(len(b))}
}

// OwnBytes returns d with a byte string's bytes copied, so that it no
// longer shares memory with whatever d's bytes were in; other Datums as
// they are.
func OwnBytes(d Datum) Datum {
	if d.p == nil || d.p == unsafe.Pointer(&marker) || d.n == 0 || d.n >= 1<<32 {
		return d
	}
	b := make([]byte, d.n)
	copy(b, unsafe.Slice((*byte)(d.p), d.n))
	return Bytes(b)
}

// Numeric makes a numeric Datum. The Datum takes ownership of x; its
// exponent must already be minus the display scale (see NormalizeNumeric).
func Numeric(x *apd.Decimal) Datum { return Datum{p: unsafe.Pointer(x)} }

// IntervalDatum makes an interval Datum.
func IntervalDatum(iv Interval) Datum {
	p := new(Interval)
	*p = iv
	return Datum{p: unsafe.Pointer(p)}
}

// ArrayDatum makes an array Datum; the Datum takes ownership of a.
func ArrayDatum(a *Array) Datum { return Datum{p: unsafe.Pointer(a), n: arrayTag} }

// Bool returns the value of a boolean Datum.
func (d Datum) Bool() bool { return d.n != 0 }

// Int returns the value of an integer-like Datum.
func (d Datum) Int() int64 { return int64(d.n) }

// Float8 returns the value of a double precision Datum.
func (d Datum) Float8() float64 { return math.Float64frombits(d.n) }

// Float4 returns the value of a real Datum.
func (d Datum) Float4() float32 { return math.Float32frombits(uint32(d.n)) }

// Text returns the bytes of a byte-string Datum as a string, without
// copying.
func (d Datum) Text() string {
	if d.n == 0 {
		return ""
	}
	return unsafe.String((*byte)(d.p), int(d.n))
}

// Numeric returns the value of a numeric Datum. The result must not be
// modified.
func (d Datum) Numeric() *apd.Decimal { return (*apd.Decimal)(d.p) }

// Interval returns the value of an interval Datum.
func (d Datum) Interval() Interval { return *(*Interval)(d.p) }

// Array returns the value of an array Datum. The result must not be
// modified.
func (d Datum) Array() *Array { return (*Array)(d.p) }
