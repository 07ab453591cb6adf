// The widths ANALYZE reports (pg_statistic.stawidth, pg_stats.avg_width)
// as PostgreSQL counts them: VARSIZE_ANY of each stored variable-length
// value. Byte-string types are stored as PostgreSQL stores them, so
// their stored size is PostgreSQL's; other types are stored here in
// their binary wire format, so for those whose PostgreSQL layout is
// known (numeric, inet and cidr, jsonb, arrays and composite
// values of such elements) the size is computed from the value as
// PostgreSQL would store it. The others (values of user-defined types
// inside arrays and composite values) report gpostgres's stored size.

package sql

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/tuple"
	"github.com/gpostgres/gpostgres/lib/types"
)

// storedWidth is the width PostgreSQL counts for a non-null
// variable-length value of type typ: its size in a heap tuple, with the
// 1-byte header PostgreSQL uses for values up to 127 bytes. A value
// gpostgres compressed or moved to the TOAST table counts as stored.
func storedWidth(typ uint32, d types.Datum, info heap.SampleValue) int {
	if info.TooWide || info.Toasted || d.IsNull() {
		return info.Stored
	}
	base := types.DomainBase(typ)
	if tuple.RawBytes(base) {
		return info.Stored
	}
	size, ok := pgVarSize(base, d)
	if !ok {
		return info.Stored
	}
	if size-4+1 <= 127 {
		return size - 3 // VARATT_CAN_MAKE_SHORT: a 1-byte header
	}
	return size
}

// pgVarSize is VARSIZE of a value of variable-length type typ as
// PostgreSQL builds it (a 4-byte header), ok false for types whose
// layout is not computed here.
func pgVarSize(typ uint32, d types.Datum) (int, bool) {
	if tuple.RawBytes(typ) {
		return 4 + len(d.Text()), true
	}
	switch typ {
	case types.OidNumeric:
		return numericVarSize(d)
	case types.OidInet, types.OidCidr:
		// inet_struct: family, bits, then 4 or 16 address bytes.
		v := types.InetOf(d)
		return 4 + 2 + v.Size(), true
	}
	if t := types.ByOID(typ); t != nil && t.IsArray() {
		return arrayVarSize(d.Array())
	}
	if d.IsRecord() {
		return recordVarSize(d.Record())
	}
	if typ == types.OidJSONB {
		return jsonbVarSize(d.JSONB())
	}
	return 0, false
}

// jsonbVarSize is the size of a jsonb value as convertToJsonb lays it
// out: a scalar wrapped in a one-element array, containers aligned to 4
// bytes with a 4-byte header and a 4-byte JEntry per element (two per
// object pair, the keys before the values), strings as their bytes,
// numbers as aligned numeric varlenas, nulls and booleans in the JEntry
// alone.
func jsonbVarSize(v *types.JSON) (int, bool) {
	if v.IsScalar() {
		return jsonbArraySize(4, []*types.JSON{v})
	}
	return jsonbValueSize(4, v)
}

func jsonbValueSize(n int, v *types.JSON) (int, bool) {
	switch v.Kind {
	case types.JSONArray:
		return jsonbArraySize(n, v.Elems)
	case types.JSONObject:
		n = alignTo(n, 4) + 4 + 8*len(v.Keys)
		for _, k := range v.Keys {
			n += len(k)
		}
		for _, e := range v.Vals {
			var ok bool
			if n, ok = jsonbValueSize(n, e); !ok {
				return 0, false
			}
		}
		return n, true
	case types.JSONString:
		return n + len(v.Str), true
	case types.JSONNumber:
		size, ok := numericVarSize(types.Numeric(v.Num))
		return alignTo(n, 4) + size, ok
	}
	return n, true
}

func jsonbArraySize(n int, elems []*types.JSON) (int, bool) {
	n = alignTo(n, 4) + 4 + 4*len(elems)
	for _, e := range elems {
		var ok bool
		if n, ok = jsonbValueSize(n, e); !ok {
			return 0, false
		}
	}
	return n, true
}

// recordVarSize is the size of a composite value as heap_form_tuple
// builds it: a tuple header of 23 bytes and the null bitmap, padded to 8,
// then the fields laid out as in a heap tuple (variable-length ones of up
// to 127 bytes with 1-byte headers and unaligned).
func recordVarSize(r *types.Record) (int, bool) {
	hasNull := false
	for _, v := range r.Values {
		hasNull = hasNull || v.IsNull()
	}
	hoff := 23
	if hasNull {
		hoff += (len(r.Values) + 7) / 8
	}
	size := alignTo(hoff, 8)
	for i, v := range r.Values {
		if v.IsNull() {
			continue
		}
		if i >= len(r.Desc.Types) {
			return 0, false
		}
		ft := types.ByOID(types.DomainBase(r.Desc.Types[i]))
		if ft == nil {
			return 0, false
		}
		switch {
		case ft.Len > 0:
			size = alignTo(size, typeAlignSize(ft.Align)) + int(ft.Len)
		case ft.Len == -2:
			size += len(v.Text()) + 1
		default:
			n, ok := pgVarSize(ft.OID, v)
			if !ok {
				return 0, false
			}
			if n-3 <= 127 {
				size += n - 3
			} else {
				size = alignTo(size, typeAlignSize(ft.Align)) + n
			}
		}
	}
	return size, true
}

// numericVarSize is the size of a numeric as make_result builds it: the
// short format (a 2-byte header) when the weight and display scale fit,
// else the long one (4 bytes), then 2 bytes per base-10000 digit.
func numericVarSize(d types.Datum) (int, bool) {
	b, err := types.AppendBinary(nil, types.OidNumeric, d)
	if err != nil || len(b) < 8 {
		return 0, false
	}
	ndigits := int(binary.BigEndian.Uint16(b[0:]))
	weight := int(int16(binary.BigEndian.Uint16(b[2:])))
	sign := binary.BigEndian.Uint16(b[4:])
	dscale := int(binary.BigEndian.Uint16(b[6:]))
	switch {
	case sign == 0xC000 || sign == 0xD000 || sign == 0xF000: // NaN, +Inf, -Inf
		return 4 + 2, true
	case ndigits == 0 || dscale <= 63 && weight <= 63 && weight >= -64:
		return 4 + 2 + 2*ndigits, true
	}
	return 4 + 4 + 2*ndigits, true
}

// arrayVarSize is the size of an array as construct_md_array builds it:
// the header (with the null bitmap when there are NULLs) padded to 8
// bytes, then the elements, each padded to the element type's
// alignment, variable-length ones with 4-byte headers.
func arrayVarSize(a *types.Array) (int, bool) {
	et := types.ByOID(types.DomainBase(a.Elem))
	if et == nil {
		return 0, false
	}
	nitems := len(a.Elems)
	hasNull := false
	for _, e := range a.Elems {
		hasNull = hasNull || e.IsNull()
	}
	size := 16 + 8*len(a.Dims)
	if hasNull {
		size += (nitems + 7) / 8
	}
	size = alignTo(size, 8)
	for _, e := range a.Elems {
		if e.IsNull() {
			continue
		}
		n := int(et.Len)
		switch {
		case et.Len == -2:
			n = len(e.Text()) + 1
		case et.Len < 0:
			var ok bool
			if n, ok = pgVarSize(et.OID, e); !ok {
				return 0, false
			}
		}
		size = alignTo(size+n, typeAlignSize(et.Align))
	}
	return size, true
}

func alignTo(n, to int) int { return (n + to - 1) / to * to }
