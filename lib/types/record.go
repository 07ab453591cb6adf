// This file implements composite values (PostgreSQL's rowtypes.c): the
// in-memory form of a row value, record_out, record_in, record_send and
// record_recv, and the btree comparison of records.

package types

import (
	"encoding/binary"
	"strings"
	"unsafe"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// RowDesc describes the fields of a composite value: the row type of a
// table, a composite type, or the anonymous record a ROW(...) constructor
// builds. It is immutable once built and shared by every value of the type.
type RowDesc struct {
	// Names are the field names (f1, f2, ... for an anonymous record).
	Names []string
	// Types and Mods are each field's type OID and type modifier.
	Types []uint32
	Mods  []int32
}

// Record is a composite value: one value per field of Desc.
type Record struct {
	Desc   *RowDesc
	Values []Datum
}

// recordTag marks a record Datum's value word. A Datum's pointer word
// alone cannot tell a record from another pointer-sized value, and the
// type OID of a composite value (a table's row type, a composite type) is
// known only to the catalog; the tag lets the I/O and comparison
// functions here recognise records of any composite type. No other
// pointer Datum uses its value word, and by-value and string types are
// dispatched on their OIDs before the tag is consulted.
const recordTag = 1<<63 | 0x5245434f5244

// RecordDatum makes a composite Datum; the Datum takes ownership of r.
func RecordDatum(r *Record) Datum { return Datum{p: unsafe.Pointer(r), n: recordTag} }

// Record returns the value of a composite Datum.
func (d Datum) Record() *Record { return (*Record)(d.p) }

// IsRecord reports whether d, a non-NULL value of a type this package
// does not know by OID, is a composite value.
func (d Datum) IsRecord() bool { return d.p != nil && d.n == recordTag }

// isComposite reports whether a value of type oid is a composite value:
// the type is record, or a type outside the built-in table whose value
// carries the record tag.
func isComposite(oid uint32, d Datum) bool {
	return oid == OidRecord || ByOID(oid) == nil && d.IsRecord()
}

// recordNeedsQuote reports whether a field's text must be double-quoted
// in record_out.
func recordNeedsQuote(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '(', ')', ',':
			return true
		default:
			if isSpace(c) {
				return true
			}
		}
	}
	return false
}

// appendRecord is record_out: the fields in parentheses, separated by
// commas, NULL as nothing, quoted where needed with quotes and
// backslashes doubled.
func appendRecord(dst []byte, r *Record, opts *FormatOptions) []byte {
	dst = append(dst, '(')
	for i, v := range r.Values {
		if i > 0 {
			dst = append(dst, ',')
		}
		if v.IsNull() {
			continue
		}
		s := string(AppendText(nil, r.Desc.Types[i], v, opts))
		if !recordNeedsQuote(s) {
			dst = append(dst, s...)
			continue
		}
		dst = append(dst, '"')
		for j := 0; j < len(s); j++ {
			if s[j] == '"' || s[j] == '\\' {
				dst = append(dst, s[j])
			}
			dst = append(dst, s[j])
		}
		dst = append(dst, '"')
	}
	return append(dst, ')')
}

func malformedRecord(s, detail string) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidTextRepresentation, "malformed record literal: \"%s\"", s).WithDetail("%s", detail)
}

// ParseRecord is record_in for the composite type described by desc: a
// parenthesized, comma-separated list of fields, an empty unquoted field
// being NULL, with double quotes and backslashes as in record_out.
func ParseRecord(s string, desc *RowDesc, opts *FormatOptions) (Datum, error) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '(' {
		return Null, malformedRecord(s, "Missing left parenthesis.")
	}
	i++
	at := func(k int) byte {
		if k < len(s) {
			return s[k]
		}
		return 0
	}
	vals := make([]Datum, len(desc.Types))
	var field strings.Builder
	for f := range desc.Types {
		if f > 0 {
			// The comma that separates this field from the previous one.
			if at(i) != ',' {
				return Null, malformedRecord(s, "Too few columns.")
			}
			i++
		}
		if c := at(i); c == ',' || c == ')' {
			continue // an empty field is NULL
		}
		field.Reset()
		inQuote := false
		for inQuote || at(i) != ',' && at(i) != ')' {
			c := at(i)
			i++
			switch {
			case i > len(s):
				return Null, malformedRecord(s, "Unexpected end of input.")
			case c == '\\':
				if i >= len(s) {
					return Null, malformedRecord(s, "Unexpected end of input.")
				}
				field.WriteByte(s[i])
				i++
			case c == '"' && !inQuote:
				inQuote = true
			case c == '"' && at(i) == '"':
				field.WriteByte('"')
				i++
			case c == '"':
				inQuote = false
			default:
				field.WriteByte(c)
			}
		}
		v, err := ParseText(desc.Types[f], desc.Mods[f], field.String(), opts)
		if err != nil {
			return Null, err
		}
		vals[f] = v
	}
	if at(i) != ')' {
		return Null, malformedRecord(s, "Too many columns.")
	}
	i++
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i < len(s) {
		return Null, malformedRecord(s, "Junk after right parenthesis.")
	}
	return RecordDatum(&Record{Desc: desc, Values: vals}), nil
}

// sendRecord is record_send: the number of fields, then each field's type
// OID and its length-prefixed binary value (-1 for NULL).
func sendRecord(dst []byte, r *Record) ([]byte, error) {
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(r.Values)))
	for i, v := range r.Values {
		dst = binary.BigEndian.AppendUint32(dst, r.Desc.Types[i])
		if v.IsNull() {
			dst = binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF)
			continue
		}
		at := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		if dst, err = AppendBinary(dst, r.Desc.Types[i], v); err != nil {
			return nil, err
		}
		binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	}
	return dst, nil
}

// CompareRecord is btrecordcmp: field by field with each field type's
// default ordering, a NULL field equal to a NULL field and greater than
// any other value; then the record with fewer fields first.
func CompareRecord(a, b *Record) int {
	n := min(len(a.Values), len(b.Values))
	for i := 0; i < n; i++ {
		x, y := a.Values[i], b.Values[i]
		switch {
		case x.IsNull() && y.IsNull():
			continue
		case x.IsNull():
			return 1
		case y.IsNull():
			return -1
		}
		if c := Compare(a.Desc.Types[i], x, y); c != 0 {
			return c
		}
	}
	return cmpInt(int64(len(a.Values)), int64(len(b.Values)))
}

// appendRecordKey appends the equality key of a record: the keys of its
// fields in order.
func appendRecordKey(dst []byte, r *Record) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(r.Values)))
	for i, v := range r.Values {
		dst = AppendKey(dst, r.Desc.Types[i], v)
	}
	return dst
}

// CompareRecordChecked is record_cmp (record_eq when equality is set):
// CompareRecord, refusing records whose columns differ in type or number
// and fields of type unknown, as PostgreSQL does.
func CompareRecordChecked(a, b *Record, equality bool) (int, error) {
	n := min(len(a.Values), len(b.Values))
	for i := 0; i < n; i++ {
		if a.Desc.Types[i] != b.Desc.Types[i] {
			return 0, pgerr.Newf(pgerr.DatatypeMismatch, "cannot compare dissimilar column types %s and %s at record column %d",
				FormatType(a.Desc.Types[i], -1), FormatType(b.Desc.Types[i], -1), i+1)
		}
		if a.Desc.Types[i] == OidUnknown {
			if equality {
				return 0, pgerr.New(pgerr.UndefinedFunction, "could not identify an equality operator for type unknown")
			}
			return 0, pgerr.New(pgerr.UndefinedFunction, "could not identify a comparison function for type unknown")
		}
		x, y := a.Values[i], b.Values[i]
		switch {
		case x.IsNull() && y.IsNull():
			continue
		case x.IsNull():
			return 1, nil
		case y.IsNull():
			return -1, nil
		}
		if c := Compare(a.Desc.Types[i], x, y); c != 0 {
			return c, nil
		}
	}
	if len(a.Values) != len(b.Values) {
		return 0, pgerr.New(pgerr.DatatypeMismatch, "cannot compare record types with different numbers of columns")
	}
	return 0, nil
}

// recvRecord is record_recv for the composite type described by desc:
// the column count and each column's type OID must match the type's,
// each value is read with its column type's receive function (through ut
// for the types only the catalog knows).
func recvRecord(b []byte, desc *RowDesc, ut UserTypes) (Datum, error) {
	insufficient := func() error { return invalidBinary("insufficient data left in message") }
	if len(b) < 4 {
		return Null, insufficient()
	}
	n := int(int32(binary.BigEndian.Uint32(b)))
	b = b[4:]
	if n != len(desc.Types) {
		return Null, pgerr.Newf(pgerr.DatatypeMismatch, "wrong number of columns: %d, expected %d", n, len(desc.Types))
	}
	vals := make([]Datum, n)
	for i := range vals {
		if len(b) < 8 {
			return Null, insufficient()
		}
		typ := binary.BigEndian.Uint32(b)
		l := int32(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
		if typ != desc.Types[i] {
			return Null, pgerr.Newf(pgerr.DatatypeMismatch, "wrong data type: %d, expected %d", typ, desc.Types[i])
		}
		if l == -1 {
			continue
		}
		if l < -1 || int(l) > len(b) {
			return Null, insufficient()
		}
		v, err := ParseBinaryUser(typ, desc.Mods[i], b[:l], ut)
		if err != nil {
			return Null, err
		}
		vals[i] = v
		b = b[l:]
	}
	if len(b) != 0 {
		return Null, invalidBinary("improper binary format in record column %d", n)
	}
	return RecordDatum(&Record{Desc: desc, Values: vals}), nil
}
