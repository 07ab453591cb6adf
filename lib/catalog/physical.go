// How column values are stored in catalog heap tuples compared with how
// the SQL layer represents them (lib/types): the few varlena types
// whose stored bytes are PostgreSQL's own layout rather than what the
// tuple package would write.

package catalog

import (
	"encoding/binary"
	"fmt"

	"github.com/gpostgres/gpostgres/lib/types"
)

// StoredAsBytes reports whether values of a column of type typ (attlen
// len) are stored as PostgreSQL lays them out, byte for byte, rather than
// in the tuple package's encoding: oidvector and int2vector (PostgreSQL's
// ArrayType), pg_node_tree (its text), and every varlena type lib/types
// does not implement (aclitem[], pg_ndistinct, ...). Tuple descriptors
// give such columns the type bytea, so the tuple package keeps the bytes
// as they are; FromStored and ToStored convert.
func StoredAsBytes(typ uint32, len int16) bool {
	if len != -1 {
		return false
	}
	typ = types.DomainBase(typ)
	switch typ {
	case OidOidVector, OidInt2Vector, OidPgNodeTree, OidAclitemArr:
		return true
	}
	return types.ByOID(typ) == nil
}

// FromStored turns a deformed value of a StoredAsBytes column into the
// SQL layer's Datum of type typ.
func FromStored(typ uint32, d types.Datum) (types.Datum, error) {
	if d.IsNull() {
		return d, nil
	}
	switch typ {
	case OidOidVector:
		oids, err := DecodeOidVector([]byte(d.Text()))
		if err != nil {
			return types.Null, err
		}
		vals := make([]types.Datum, len(oids))
		for i, o := range oids {
			vals[i] = types.Int(int64(o))
		}
		return types.NewVector(types.OidOid, vals), nil
	case OidInt2Vector:
		v, err := DecodeInt2Vector([]byte(d.Text()))
		if err != nil {
			return types.Null, err
		}
		vals := make([]types.Datum, len(v))
		for i, x := range v {
			vals[i] = types.Int(int64(x))
		}
		return types.NewVector(types.OidInt2, vals), nil
	case OidAclitemArr:
		return decodeAclArray([]byte(d.Text()))
	}
	return d, nil
}

// decodeAclArray reads PostgreSQL's ArrayType of aclitem (12-byte
// elements, int alignment, no NULLs).
func decodeAclArray(b []byte) (types.Datum, error) {
	le := binary.LittleEndian
	if len(b) < 12 {
		return types.Null, fmt.Errorf("aclitem[] of %d bytes", len(b))
	}
	ndim, off := int(le.Uint32(b)), int(le.Uint32(b[4:]))
	if ndim == 0 {
		return types.ArrayDatum(&types.Array{Elem: types.OidAclitem}), nil
	}
	if ndim != 1 || off != 0 || len(b) < 20 {
		return types.Null, fmt.Errorf("unsupported aclitem[] layout: ndim %d, dataoffset %d", ndim, off)
	}
	n, lb := int(le.Uint32(b[12:])), int32(le.Uint32(b[16:]))
	data := b[20:]
	if len(data) < 12*n {
		return types.Null, fmt.Errorf("aclitem[] of %d elements in %d bytes", n, len(data))
	}
	vals := make([]types.Datum, n)
	for i := range vals {
		vals[i] = types.Bytes(append([]byte(nil), data[12*i:12*i+12]...))
	}
	return types.ArrayDatum(&types.Array{Elem: types.OidAclitem, Dims: []int32{int32(n)}, Lbound: []int32{lb}, Elems: vals}), nil
}

// ToStored is the inverse of FromStored.
func ToStored(typ uint32, d types.Datum) types.Datum {
	if d.IsNull() {
		return d
	}
	switch typ {
	case OidOidVector:
		a := d.Array()
		oids := make([]uint32, len(a.Elems))
		for i, e := range a.Elems {
			oids[i] = uint32(e.Int())
		}
		return types.Bytes(EncodeOidVector(oids))
	case OidInt2Vector:
		a := d.Array()
		vals := make([]int16, len(a.Elems))
		for i, e := range a.Elems {
			vals[i] = int16(e.Int())
		}
		return types.Bytes(EncodeInt2Vector(vals))
	case OidAclitemArr:
		a := d.Array()
		b := binary.LittleEndian.AppendUint32(nil, uint32(len(a.Dims)))
		b = binary.LittleEndian.AppendUint32(b, 0)
		b = binary.LittleEndian.AppendUint32(b, types.OidAclitem)
		for i := range a.Dims {
			b = binary.LittleEndian.AppendUint32(b, uint32(a.Dims[i]))
		}
		for i := range a.Lbound {
			b = binary.LittleEndian.AppendUint32(b, uint32(a.Lbound[i]))
		}
		for _, e := range a.Elems {
			b = append(b, e.Text()...)
		}
		return types.Bytes(b)
	}
	return d
}
