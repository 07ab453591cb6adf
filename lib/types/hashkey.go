// This file encodes values as byte strings that are equal exactly when
// the values are equal under their type's default equality (Compare ==
// 0), for hashing in joins, grouping, DISTINCT and set operations.

package types

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Word keys: the types whose non-NULL values AppendKey writes as the
// byte 1 and one 8-byte little-endian word (wordKeyOf's answer): the value
// itself, or for the OID-like types its low 32 bits.
const (
	notWordKey = iota
	intWordKey
	uint32WordKey
)

func wordKeyOf(oid uint32) int {
	switch oid {
	case OidBool, OidInt2, OidInt4, OidInt8, OidDate, OidTime, OidTimestamp, OidTimestamptz, OidChar,
		OidTid, OidPgLsn, OidXid8, OidMoney:
		return intWordKey
	case OidOid, OidRegclass, OidRegtype, OidRegproc, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator, OidXid, OidCid:
		return uint32WordKey
	}
	return notWordKey
}

// WordKey reports whether AppendKey writes a non-NULL value of type oid
// as one word (KeyWord reads it), so that a hash table can index such
// keys by an integer.
func WordKey(oid uint32) bool { return wordKeyOf(oid) != notWordKey }

// KeyWord is the word of a key AppendKey wrote for a non-NULL value of a
// WordKey type.
func KeyWord(key []byte) uint64 { return binary.LittleEndian.Uint64(key[1:]) }

// AppendKey appends the equality key of d, a value of type oid, to dst.
// NULL has its own key. Keys of different values of the same type
// differ; keys are not comparable across types, except that all
// integer types share one encoding (for cross-type integer equality).
func AppendKey(dst []byte, oid uint32, d Datum) []byte {
	if d.IsNull() {
		return append(dst, 0)
	}
	dst = append(dst, 1)
	switch wordKeyOf(oid) {
	case intWordKey:
		return binary.LittleEndian.AppendUint64(dst, uint64(d.Int()))
	case uint32WordKey:
		return binary.LittleEndian.AppendUint64(dst, uint64(uint32(d.Int())))
	}
	switch oid {
	case OidTimetz:
		return timetzKey(dst, d)
	case OidFloat4, OidFloat8:
		f := d.Float8()
		if oid == OidFloat4 {
			f = float64(d.Float4())
		}
		switch {
		case math.IsNaN(f):
			f = math.NaN()
		case f == 0:
			f = 0
		}
		return binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
	case OidNumeric:
		x := d.Numeric()
		var r apd.Decimal
		r.Reduce(x)
		s := r.Text('f')
		if x.Form == apd.NaN {
			s = "NaN"
		}
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
		return append(dst, s...)
	case OidBpchar:
		s := BpcharTrimmed(d.Text())
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
		return append(dst, s...)
	case OidInterval:
		b := intervalSpan(d.Interval()).Bytes()
		if intervalSpan(d.Interval()).Sign() < 0 {
			dst = append(dst, '-')
		}
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(b)))
		return append(dst, b...)
	}
	if isEnumValue(oid, d) {
		return binary.LittleEndian.AppendUint32(dst, d.Enum().OID)
	}
	if b, ok := domainBase(oid); ok {
		return AppendKey(dst[:len(dst)-1], b, d)
	}
	if oid == OidJSONB {
		k := appendJSONBKey(nil, d.JSONB())
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(k)))
		return append(dst, k...)
	}
	if t := ByOID(oid); t != nil && t.IsArray() || isUserArray(oid, d) {
		a := d.Array()
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(a.Dims)))
		for i := range a.Dims {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(a.Dims[i]))
			dst = binary.LittleEndian.AppendUint32(dst, uint32(a.Lbound[i]))
		}
		for _, e := range a.Elems {
			dst = AppendKey(dst, a.Elem, e)
		}
		return dst
	}
	if isComposite(oid, d) {
		return appendRecordKey(dst, d.Record())
	}
	// Byte strings and everything else: the text.
	s := d.Text()
	if t := ByOID(oid); t == nil || t.Category != CatString && oid != OidBytea && oid != OidPgNodeTree && oid != OidUnknown && oid != OidUUID && oid != OidInet && oid != OidCidr && oid != OidMacaddr && oid != OidMacaddr8 && oid != OidBit && oid != OidVarbit {
		s = strings.Clone(FormatText(oid, d, nil))
	}
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(s)))
	return append(dst, s...)
}
