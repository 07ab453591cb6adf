// This file implements values of enum types (PostgreSQL's enum.c) and the
// hook through which the I/O functions reach the types that only the
// catalog knows: enum types, their array types and domains.

package types

import (
	"sync"
	"unsafe"
)

// EnumLabel is one pg_enum row: a label of an enum type. Rows are
// immutable once built; the catalog cache makes a new one when a label is
// renamed, so a value read before the rename keeps printing the old label
// until its plan is made again.
type EnumLabel struct {
	// OID is the label's pg_enum OID: what a table stores for the value.
	OID uint32
	// Type is the enum type's OID (enumtypid).
	Type uint32
	// Sort is enumsortorder: values compare by it.
	Sort float32
	// Label is enumlabel.
	Label string
}

// enumTag marks an enum Datum's value word: its high half says "enum",
// its low half holds the label's OID, so that a table column of an enum
// type (stored like PostgreSQL's, as the 4-byte label OID, by value)
// writes the OID with the by-value code path unchanged. The pointer word
// is the *EnumLabel, which output, comparison and hashing need without a
// catalog lookup. recordTag and arrayTag have different high halves.
const enumTag = 0x454e554d << 32

// EnumDatum makes a Datum of the enum label l.
func EnumDatum(l *EnumLabel) Datum {
	return Datum{p: unsafe.Pointer(l), n: enumTag | uint64(l.OID)}
}

// IsEnum reports whether d, a non-NULL value of a type this package does
// not know by OID, is an enum value.
func (d Datum) IsEnum() bool { return d.p != nil && d.n>>32 == enumTag>>32 }

// Enum returns the label of an enum Datum.
func (d Datum) Enum() *EnumLabel { return (*EnumLabel)(d.p) }

// isEnumValue reports whether a value of type oid is an enum value.
func isEnumValue(oid uint32, d Datum) bool { return ByOID(oid) == nil && d.IsEnum() }

// CompareEnum is enum_cmp: by sort order (PostgreSQL compares the OIDs
// directly when both are even, which gives the same answer).
func CompareEnum(a, b *EnumLabel) int {
	switch {
	case a.OID == b.OID:
		return 0
	case a.Sort < b.Sort:
		return -1
	case a.Sort > b.Sort:
		return 1
	}
	return cmpInt(int64(a.OID), int64(b.OID))
}

// arrayTag marks an array Datum's value word, so that arrays whose type
// only the catalog knows (arrays of enums) are recognised by the I/O and
// comparison dispatch.
const arrayTag = 0x41525259 << 32

// isUserArray reports whether a value of type oid, not a built-in type,
// is an array.
func isUserArray(oid uint32, d Datum) bool {
	return ByOID(oid) == nil && d.p != nil && d.n == arrayTag
}

// UserTypes gives the I/O functions what they need of the types users
// created, which lib/types does not know by OID: lib/sql implements it
// over the session's catalog cache and puts it in FormatOptions.
type UserTypes interface {
	// UserType describes type oid: its pg_type.typtype ('e' for an enum,
	// 'd' for a domain, 'b' for an array type, 'c' for a composite type;
	// 0 when there is no such type), its element type when it is an
	// array type, and its base type when it is a domain.
	UserType(oid uint32) (kind byte, elem uint32, base uint32)
	// EnumLabel is enum_in: the label of enum type typ spelled label,
	// with PostgreSQL's errors for an unknown label and for a label added
	// by the current, uncommitted transaction.
	EnumLabel(typ uint32, label string) (*EnumLabel, error)
	// EnumLabels are the labels of enum type typ in sort order, for
	// enum_first, enum_last and enum_range, which check each label they
	// return with CheckEnumSafe.
	EnumLabels(typ uint32) ([]*EnumLabel, error)
	// CheckEnumSafe is check_safe_enum_use for one label.
	CheckEnumSafe(l *EnumLabel) error
	// RowDesc returns the columns of composite type typ (a composite
	// type's or a table's row type), nil when typ is no composite type.
	RowDesc(typ uint32) (*RowDesc, error)
}

func (o *FormatOptions) userTypes() UserTypes {
	if o == nil {
		return nil
	}
	return o.UserTypes
}

// parseUserType is the input function of a type only the catalog knows.
func parseUserType(oid uint32, typmod int32, s string, opts *FormatOptions) (Datum, bool, error) {
	ut := opts.userTypes()
	if ut == nil {
		return Null, false, nil
	}
	kind, elem, base := ut.UserType(oid)
	switch {
	case kind == 'e':
		l, err := ut.EnumLabel(oid, s)
		if err != nil {
			return Null, true, err
		}
		return EnumDatum(l), true, nil
	case kind == 'c':
		desc, err := ut.RowDesc(oid)
		if err != nil || desc == nil {
			return Null, err != nil, err
		}
		d, err := ParseRecord(s, desc, opts)
		return d, true, err
	case elem != 0:
		d, err := parseArray(s, elem, typmod, opts)
		return d, true, err
	case kind == 'd' && base != 0:
		d, err := ParseText(base, typmod, s, opts)
		return d, true, err
	}
	return Null, false, nil
}

// userArrays maps the array types users' types have (arrays of enums) to
// their element types, for the code that compiles expressions on arrays
// without the catalog. The catalog cache notes each such pg_type row it
// reads; the relation of an array type to its element type never changes
// while the OID exists, so entries are never wrong for a live type.
var userArrays sync.Map // uint32 -> uint32

// NoteUserArrayType records that arr is the array type of elem.
func NoteUserArrayType(arr, elem uint32) { userArrays.Store(arr, elem) }

// ElemType is get_element_type: the element type of array type oid, 0
// when it is no array type (or one whose pg_type row this process has
// not read).
func ElemType(oid uint32) uint32 {
	if t := ByOID(oid); t != nil {
		if t.IsArray() {
			return t.Elem
		}
		return 0
	}
	if e, ok := userArrays.Load(oid); ok {
		return e.(uint32)
	}
	return 0
}
