// This file gives table columns of composite types (and arrays of them)
// their stored form, as PostgreSQL stores a composite value as a heap
// tuple of the type's physical attributes: the number of attributes
// (dropped ones included) when the value was written, then for each its
// type OID (0 for a dropped one) and its length-prefixed value (-1 for
// NULL). A value written before ADD ATTRIBUTE reads the new attributes as
// NULL; one written before DROP ATTRIBUTE skips the dropped one. Fields
// of composite types and arrays of them nest in the same form; an enum
// field is stored as its label's OID (so that RENAME VALUE keeps stored
// values); other fields in their binary send form. The binary wire form
// (record_send/record_recv, lib/types) holds the live columns only.

package sql

import (
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// storedShape is how a column type's values are stored.
type storedShape int

const (
	storedPlain     storedShape = iota // the type's binary send form
	storedComposite                    // a composite value, by physical attributes
	storedArray                        // an array whose elements are stored by their shape
	storedEnum                         // the label's OID
)

// storedShapeOf returns the shape of values of typ (domains as their
// base type) and, for an array, its element type.
func (s *sqlCtx) storedShapeOf(typ uint32) (storedShape, uint32, uint32, error) {
	for depth := 0; depth < 64; depth++ {
		if typ < catalog.FirstNormalOID {
			return storedPlain, typ, 0, nil
		}
		t, err := s.cache.TypeByOID(s, typ)
		if err != nil || t == nil {
			return storedPlain, typ, 0, err
		}
		switch {
		case t.TypType == 'd':
			typ = t.BaseType
			continue
		case t.TypType == 'c':
			return storedComposite, typ, 0, nil
		case t.TypType == 'e':
			return storedEnum, typ, 0, nil
		case t.Elem != 0 && t.Len == -1:
			return storedArray, typ, t.Elem, nil
		}
		return storedPlain, typ, 0, nil
	}
	return storedPlain, typ, 0, nil
}

// compositeAttrs are the physical attributes of composite type typ.
func (s *sqlCtx) compositeAttrs(typ uint32) ([]catalog.Attribute, error) {
	t, err := s.cache.TypeByOID(s, typ)
	if err != nil || t == nil || t.RelID == 0 {
		return nil, err
	}
	rel, err := s.cache.RelationByOID(s, t.RelID)
	if err != nil || rel == nil {
		return nil, err
	}
	return rel.Attrs, nil
}

// appendStored appends the stored form of d, a non-NULL value of typ.
func (s *sqlCtx) appendStored(dst []byte, typ uint32, d types.Datum, depth int) ([]byte, error) {
	if depth > 64 {
		return nil, pgerr.New(pgerr.StatementTooComplex, "stack depth limit exceeded")
	}
	shape, typ, elem, err := s.storedShapeOf(typ)
	if err != nil {
		return nil, err
	}
	be := binary.BigEndian
	switch shape {
	case storedEnum:
		if !d.IsEnum() {
			break
		}
		return be.AppendUint32(dst, d.Enum().OID), nil
	case storedComposite:
		if !d.IsRecord() {
			break
		}
		attrs, err := s.compositeAttrs(typ)
		if err != nil {
			return nil, err
		}
		r := d.Record()
		dst = be.AppendUint32(dst, uint32(len(attrs)))
		live := 0
		for i := range attrs {
			a := &attrs[i]
			if a.Dropped {
				dst = be.AppendUint32(be.AppendUint32(dst, 0), 0xFFFFFFFF)
				continue
			}
			v := types.Null
			if live < len(r.Values) {
				v = r.Values[live]
			}
			live++
			dst = be.AppendUint32(dst, a.Type)
			if dst, err = s.appendStoredItem(dst, a.Type, v, depth); err != nil {
				return nil, err
			}
		}
		return dst, nil
	case storedArray:
		if d.IsRecord() || d.IsEnum() {
			break
		}
		a := d.Array()
		hasNull := uint32(0)
		for _, e := range a.Elems {
			if e.IsNull() {
				hasNull = 1
			}
		}
		dst = be.AppendUint32(dst, uint32(len(a.Dims)))
		dst = be.AppendUint32(dst, hasNull)
		dst = be.AppendUint32(dst, elem)
		for i := range a.Dims {
			dst = be.AppendUint32(be.AppendUint32(dst, uint32(a.Dims[i])), uint32(a.Lbound[i]))
		}
		for _, e := range a.Elems {
			if dst, err = s.appendStoredItem(dst, elem, e, depth); err != nil {
				return nil, err
			}
		}
		return dst, nil
	}
	return types.AppendBinary(dst, typ, d)
}

// appendStoredItem appends a length-prefixed stored value (-1: NULL).
func (s *sqlCtx) appendStoredItem(dst []byte, typ uint32, v types.Datum, depth int) ([]byte, error) {
	if v.IsNull() {
		return binary.BigEndian.AppendUint32(dst, 0xFFFFFFFF), nil
	}
	at := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst, err := s.appendStored(dst, typ, v, depth+1)
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint32(dst[at:], uint32(len(dst)-at-4))
	return dst, nil
}

// errStored is the error for stored bytes that do not read back.
func errStored() error {
	return pgerr.New(pgerr.DataCorrupted, "invalid stored composite value")
}

// parseStored reads the stored form of a value of typ.
func (s *sqlCtx) parseStored(typ uint32, typmod int32, b []byte, depth int) (types.Datum, error) {
	if depth > 64 {
		return types.Null, pgerr.New(pgerr.StatementTooComplex, "stack depth limit exceeded")
	}
	shape, base, elem, err := s.storedShapeOf(typ)
	if err != nil {
		return types.Null, err
	}
	be := binary.BigEndian
	// item reads one length-prefixed value from b.
	item := func(t uint32, mod int32) (types.Datum, error) {
		if len(b) < 4 {
			return types.Null, errStored()
		}
		l := int32(be.Uint32(b))
		b = b[4:]
		if l == -1 {
			return types.Null, nil
		}
		if l < 0 || int(l) > len(b) {
			return types.Null, errStored()
		}
		v, err := s.parseStored(t, mod, b[:l], depth+1)
		b = b[l:]
		return v, err
	}
	switch shape {
	case storedEnum:
		if len(b) != 4 {
			return types.Null, errStored()
		}
		l, err := s.cache.EnumLabelByOID(s, be.Uint32(b))
		if err != nil {
			return types.Null, err
		}
		if l == nil {
			return types.Null, pgerr.Newf(pgerr.InvalidBinaryRepresentation, "invalid internal value for enum: %d", be.Uint32(b))
		}
		return types.EnumDatum(l), nil
	case storedComposite:
		attrs, err := s.compositeAttrs(base)
		if err != nil {
			return types.Null, err
		}
		desc, err := s.syscache().RowDesc(base)
		if err != nil || desc == nil {
			return types.Null, err
		}
		if len(b) < 4 {
			return types.Null, errStored()
		}
		n := int(be.Uint32(b))
		b = b[4:]
		if n > len(attrs) {
			return types.Null, errStored()
		}
		vals := make([]types.Datum, 0, len(desc.Types))
		for i := range attrs {
			a := &attrs[i]
			v := types.Null
			if i < n {
				if len(b) < 4 {
					return types.Null, errStored()
				}
				b = b[4:] // the attribute's type OID when written
				if a.Dropped {
					// Its value (if any) is skipped unread.
					if len(b) < 4 {
						return types.Null, errStored()
					}
					if l := int32(be.Uint32(b)); l >= 0 && int(l) <= len(b)-4 {
						b = b[4+l:]
					} else if l == -1 {
						b = b[4:]
					} else {
						return types.Null, errStored()
					}
					continue
				}
				if v, err = item(a.Type, a.TypMod); err != nil {
					return types.Null, err
				}
			}
			if !a.Dropped {
				vals = append(vals, v)
			}
		}
		if len(b) != 0 || len(vals) != len(desc.Types) {
			return types.Null, errStored()
		}
		return types.RecordDatum(&types.Record{Desc: desc, Values: vals}), nil
	case storedArray:
		if len(b) < 12 {
			return types.Null, errStored()
		}
		ndim := int(be.Uint32(b))
		b = b[12:]
		if ndim < 0 || ndim > 6 || len(b) < 8*ndim {
			return types.Null, errStored()
		}
		a := &types.Array{Elem: elem}
		count := 1
		for i := 0; i < ndim; i++ {
			a.Dims = append(a.Dims, int32(be.Uint32(b)))
			a.Lbound = append(a.Lbound, int32(be.Uint32(b[4:])))
			b = b[8:]
			count *= int(a.Dims[i])
		}
		if ndim == 0 {
			count = 0
		}
		for i := 0; i < count; i++ {
			v, err := item(elem, typmod)
			if err != nil {
				return types.Null, err
			}
			a.Elems = append(a.Elems, v)
		}
		if len(b) != 0 {
			return types.Null, errStored()
		}
		return types.ArrayDatum(a), nil
	}
	return types.ParseBinaryUser(base, typmod, b, names{s})
}

// toStored is the stored form of a value of a table column of type typ:
// composite values and arrays of them as this file stores them, the
// catalog's conversions (catalog.ToStored) for the rest.
func (s *sqlCtx) toStored(typ uint32, d types.Datum) (types.Datum, error) {
	if d.IsNull() {
		return d, nil
	}
	if shape, _, _, err := s.storedShapeOf(typ); err != nil {
		return types.Null, err
	} else if shape == storedComposite || shape == storedArray && types.ByOID(types.DomainBase(typ)) == nil {
		b, err := s.appendStored(nil, typ, d, 0)
		if err != nil {
			return types.Null, err
		}
		return types.Bytes(b), nil
	}
	return catalog.ToStored(typ, d), nil
}
