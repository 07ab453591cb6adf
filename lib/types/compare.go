// This file orders values of one type as the type's default btree operator
// class does, for ORDER BY, DISTINCT and equality.

package types

import (
	"math"
	"math/big"
	"strings"
)

// ComparesAsInt reports whether Compare orders values of type oid as the
// signed integers Datum.Int returns, so that a sort can compare those
// directly.
func ComparesAsInt(oid uint32) bool {
	switch oid {
	case OidInt2, OidInt4, OidInt8, OidDate, OidTime, OidTimestamp, OidTimestamptz, OidChar, OidMoney:
		return true
	}
	return false
}

// Compare returns -1, 0 or 1 as a is less than, equal to or greater than
// b, two non-NULL values of type oid. Text compares bytewise (the C
// collation); character(n) ignores trailing spaces; floats and numerics
// put NaN after everything else and equal to itself.
func Compare(oid uint32, a, b Datum) int {
	if ComparesAsInt(oid) {
		return cmpInt(a.Int(), b.Int())
	}
	switch oid {
	case OidBool:
		return cmpInt(int64(a.n), int64(b.n))
	case OidOid, OidRegclass, OidRegtype, OidRegproc, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator, OidXid, OidCid:
		return cmpInt(int64(uint32(a.Int())), int64(uint32(b.Int())))
	case OidTid, OidPgLsn, OidXid8:
		x, y := uint64(a.Int()), uint64(b.Int())
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case OidPgNodeTree, OidAclitem:
		return strings.Compare(a.Text(), b.Text())
	case OidFloat4:
		return CompareFloat(float64(a.Float4()), float64(b.Float4()))
	case OidFloat8:
		return CompareFloat(a.Float8(), b.Float8())
	case OidNumeric:
		return NumericCmp(a.Numeric(), b.Numeric())
	case OidBpchar:
		return strings.Compare(BpcharTrimmed(a.Text()), BpcharTrimmed(b.Text()))
	case OidText, OidVarchar, OidName, OidBytea, OidUnknown, OidUUID, OidMacaddr, OidMacaddr8:
		return strings.Compare(a.Text(), b.Text())
	case OidInterval:
		return CompareInterval(a.Interval(), b.Interval())
	case OidBit, OidVarbit:
		return CompareBits(a, b)
	case OidTimetz:
		return CompareTimeTZ(TimeTZOf(a), TimeTZOf(b))
	case OidInet, OidCidr:
		x, y := InetOf(a), InetOf(b)
		return CompareInet(&x, &y)
	case OidJSONB:
		return CompareJSONB(a.JSONB(), b.JSONB())
	}
	if t := ByOID(oid); t != nil && t.IsArray() {
		return compareArray(a.Array(), b.Array())
	}
	if isComposite(oid, a) {
		return CompareRecord(a.Record(), b.Record())
	}
	if isEnumValue(oid, a) {
		return CompareEnum(a.Enum(), b.Enum())
	}
	if isUserArray(oid, a) {
		return compareArray(a.Array(), b.Array())
	}
	if base, ok := domainBase(oid); ok {
		return Compare(base, a, b)
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CompareFloat is float8_cmp_internal: NaN sorts after all other values.
func CompareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// intervalSpan is interval_cmp_value: the interval as microseconds with a
// month counted as 30 days, in 128 bits since it can exceed int64.
func intervalSpan(iv Interval) *big.Int {
	days := int64(iv.Months)*30 + int64(iv.Days)
	v := big.NewInt(days)
	v.Mul(v, big.NewInt(UsecsPerDay))
	return v.Add(v, big.NewInt(iv.Micros))
}

// CompareInterval orders intervals by their span, so '1 mon' equals
// '30 days' as in PostgreSQL.
func CompareInterval(a, b Interval) int {
	if a == b {
		return 0
	}
	return intervalSpan(a).Cmp(intervalSpan(b))
}

// compareArray is array_cmp: element by element, then by number of
// elements, then by dimensions.
func compareArray(a, b *Array) int {
	n := min(len(a.Elems), len(b.Elems))
	for i := 0; i < n; i++ {
		ea, eb := a.Elems[i], b.Elems[i]
		switch {
		case ea.IsNull() && eb.IsNull():
			continue
		case ea.IsNull():
			return 1
		case eb.IsNull():
			return -1
		}
		if c := Compare(a.Elem, ea, eb); c != 0 {
			return c
		}
	}
	if c := cmpInt(int64(len(a.Elems)), int64(len(b.Elems))); c != 0 {
		return c
	}
	if c := cmpInt(int64(len(a.Dims)), int64(len(b.Dims))); c != 0 {
		return c
	}
	for i := range a.Dims {
		if c := cmpInt(int64(a.Dims[i]), int64(b.Dims[i])); c != 0 {
			return c
		}
		if c := cmpInt(int64(a.Lbound[i]), int64(b.Lbound[i])); c != 0 {
			return c
		}
	}
	return 0
}
