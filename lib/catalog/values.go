// Catalog column values: reading bki text into Datums (the bootstrap's
// InsertOneValue), encoders for the types lib/types does not know
// (oidvector and int2vector in PostgreSQL's ArrayType layout, xid, regproc
// given by name), and text output for tests and diagnostics.

package catalog

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/types"
)

// Type OIDs of catalog column types that lib/types does not define.
const (
	OidInt2Vector  uint32 = 22
	OidTid         uint32 = 27
	OidXid         uint32 = 28
	OidCid         uint32 = 29
	OidOidVector   uint32 = 30
	OidPgNodeTree  uint32 = 194
	OidAclitemArr  uint32 = 1034
	OidPgLsn       uint32 = 3220
	OidPgNdistinct uint32 = 3361
	OidPgDependenc uint32 = 3402
	OidPgMcvList   uint32 = 5017
)

// Array header layout shared by oidvector and int2vector (ArrayType with
// one dimension and no NULLs): ndim, dataoffset, elemtype, dim1, lbound1.
const vectorHeaderSize = 20

// EncodeOidVector returns an oidvector's stored bytes without the varlena
// header, byte for byte as PostgreSQL's oidvectorin builds them: ndim 1
// (even when empty), dataoffset 0, element type oid (26), the number of
// elements, lower bound 0, then the OIDs, little-endian.
func EncodeOidVector(oids []uint32) []byte {
	b := vectorHeader(types.OidOid, len(oids), 4*len(oids))
	for _, o := range oids {
		b = binary.LittleEndian.AppendUint32(b, o)
	}
	return b
}

// EncodeInt2Vector is EncodeOidVector for int2vector (element type int2,
// 21, two bytes per element).
func EncodeInt2Vector(vals []int16) []byte {
	b := vectorHeader(types.OidInt2, len(vals), 2*len(vals))
	for _, v := range vals {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return b
}

func vectorHeader(elem uint32, n, dataLen int) []byte {
	b := make([]byte, 0, vectorHeaderSize+dataLen)
	b = binary.LittleEndian.AppendUint32(b, 1) // ndim
	b = binary.LittleEndian.AppendUint32(b, 0) // dataoffset: no NULL bitmap
	b = binary.LittleEndian.AppendUint32(b, elem)
	b = binary.LittleEndian.AppendUint32(b, uint32(n)) // dim1
	b = binary.LittleEndian.AppendUint32(b, 0)         // lbound1
	return b
}

func decodeVectorHeader(b []byte, elem uint32, size int) (int, error) {
	le := binary.LittleEndian
	if len(b) < vectorHeaderSize {
		return 0, fmt.Errorf("vector of %d bytes is too short", len(b))
	}
	ndim, off, et, n := le.Uint32(b), le.Uint32(b[4:]), le.Uint32(b[8:]), int(le.Uint32(b[12:]))
	if ndim != 1 || off != 0 || et != elem || n < 0 || len(b) != vectorHeaderSize+n*size {
		return 0, fmt.Errorf("invalid vector: ndim %d, dataoffset %d, element type %d, %d elements in %d bytes", ndim, off, et, n, len(b))
	}
	return n, nil
}

// DecodeOidVector reads bytes made by EncodeOidVector (a deformed oidvector
// column's value).
func DecodeOidVector(b []byte) ([]uint32, error) {
	n, err := decodeVectorHeader(b, types.OidOid, 4)
	if err != nil {
		return nil, err
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[vectorHeaderSize+4*i:])
	}
	return out, nil
}

// DecodeInt2Vector reads bytes made by EncodeInt2Vector.
func DecodeInt2Vector(b []byte) ([]int16, error) {
	n, err := decodeVectorHeader(b, types.OidInt2, 2)
	if err != nil {
		return nil, err
	}
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(binary.LittleEndian.Uint16(b[vectorHeaderSize+2*i:]))
	}
	return out, nil
}

// procResolver turns regproc names into pg_proc OIDs as regprocin does in
// bootstrap mode: the name must match exactly one function.
type procResolver struct {
	byName map[string]uint32
	dup    map[string]bool
}

func newProcResolver(procRows [][]string) *procResolver {
	c := Lookup("pg_proc")
	iOID, iName := c.Column("oid"), c.Column("proname")
	r := &procResolver{byName: map[string]uint32{}, dup: map[string]bool{}}
	for _, row := range procRows {
		oid, err := strconv.ParseUint(row[iOID], 10, 32)
		if err != nil {
			continue // reported when the row itself is converted
		}
		if _, ok := r.byName[row[iName]]; ok {
			r.dup[row[iName]] = true
		}
		r.byName[row[iName]] = uint32(oid)
	}
	return r
}

func (r *procResolver) resolve(name string) (uint32, error) {
	if r.dup[name] {
		return 0, fmt.Errorf("more than one function named \"%s\"", name)
	}
	oid, ok := r.byName[name]
	if !ok {
		return 0, fmt.Errorf("function \"%s\" does not exist", name)
	}
	return oid, nil
}

func parseUint32(s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid unsigned 32-bit value \"%s\"", s)
	}
	return uint32(n), nil
}

// parseValue converts one bki text value of column col into a Datum of
// the catalog's physical descriptor (see Catalog.Desc).
func parseValue(col *Column, s string, procs *procResolver) (types.Datum, error) {
	if s == NullValue {
		if col.NotNull {
			return types.Null, fmt.Errorf("NULL value specified for not-null column \"%s\"", col.Name)
		}
		return types.Null, nil
	}
	switch col.Type {
	case types.OidRegproc:
		if s == "-" {
			return types.Int(0), nil
		}
		if s != "" && s[0] >= '0' && s[0] <= '9' {
			v, err := parseUint32(s)
			return types.Int(int64(v)), err
		}
		if procs == nil {
			return types.Null, fmt.Errorf("regproc name \"%s\" cannot be resolved here", s)
		}
		v, err := procs.resolve(s)
		return types.Int(int64(v)), err
	case OidXid, OidCid:
		v, err := parseUint32(s)
		return types.Int(int64(v)), err
	case OidOidVector:
		var oids []uint32
		for _, f := range strings.Fields(s) {
			v, err := parseUint32(f)
			if err != nil {
				return types.Null, err
			}
			oids = append(oids, v)
		}
		return types.Bytes(EncodeOidVector(oids)), nil
	case OidInt2Vector:
		var vals []int16
		for _, f := range strings.Fields(s) {
			v, err := strconv.ParseInt(f, 10, 16)
			if err != nil {
				return types.Null, fmt.Errorf("invalid int2vector element \"%s\"", f)
			}
			vals = append(vals, int16(v))
		}
		return types.Bytes(EncodeInt2Vector(vals)), nil
	case OidPgNodeTree:
		// Stored as its text, as PostgreSQL does.
		return types.Text(s), nil
	case OidAclitemArr:
		return parseAclArray(s)
	}
	if types.ByOID(col.Type) == nil {
		return types.Null, fmt.Errorf("no input function for type %s of column \"%s\"", col.TypeName, col.Name)
	}
	return types.ParseText(col.Type, col.TypMod, s, nil)
}

// ParseRow converts a row of bki text values (NullValue for NULL) into
// Datums for the catalog's descriptor. regproc values given by name are
// not accepted here; only Bootstrap resolves them.
func (c *Catalog) ParseRow(vals []string) ([]types.Datum, error) {
	return c.parseRow(vals, nil)
}

func (c *Catalog) parseRow(vals []string, procs *procResolver) ([]types.Datum, error) {
	if len(vals) != len(c.Columns) {
		return nil, fmt.Errorf("%s: %d values for %d columns", c.Name, len(vals), len(c.Columns))
	}
	out := make([]types.Datum, len(vals))
	for i := range vals {
		d, err := parseValue(&c.Columns[i], vals[i], procs)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", c.Name, err)
		}
		out[i] = d
	}
	return out, nil
}

// FormatValue renders a deformed value of column col as PostgreSQL's
// output function would, except that regproc values are shown as numeric
// OIDs (as a ::oid cast shows them); NULL is "\N". It is for tests and
// diagnostics.
func FormatValue(col *Column, d types.Datum) string {
	if d.IsNull() {
		return `\N`
	}
	switch col.Type {
	case types.OidRegproc, OidXid, OidCid, types.OidOid:
		return strconv.FormatUint(uint64(uint32(d.Int())), 10)
	case OidOidVector:
		v, err := DecodeOidVector([]byte(d.Text()))
		if err != nil {
			return "<" + err.Error() + ">"
		}
		s := make([]string, len(v))
		for i, o := range v {
			s[i] = strconv.FormatUint(uint64(o), 10)
		}
		return strings.Join(s, " ")
	case OidInt2Vector:
		v, err := DecodeInt2Vector([]byte(d.Text()))
		if err != nil {
			return "<" + err.Error() + ">"
		}
		s := make([]string, len(v))
		for i, o := range v {
			s[i] = strconv.Itoa(int(o))
		}
		return strings.Join(s, " ")
	case OidPgNodeTree:
		return d.Text()
	case OidAclitemArr:
		// Roles are shown by OID: no names are known here.
		acl, err := FromStored(OidAclitemArr, d)
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return types.FormatText(types.OidAclitemArray, acl, types.DefaultFormatOptions())
	}
	if types.ByOID(col.Type) == nil {
		return fmt.Sprintf("<%s>", col.TypeName)
	}
	return types.FormatText(col.Type, d, types.DefaultFormatOptions())
}

// parseAclArray reads an aclitem[] written with role OIDs rather than
// names, "{grantee=privileges/grantor,...}" (an empty grantee is PUBLIC),
// as the rows derive.go adds for initdb's GRANTs spell it; grant options
// ('*') are not needed there and not accepted.
func parseAclArray(s string) (types.Datum, error) {
	body, ok := strings.CutPrefix(s, "{")
	if body, ok = strings.CutSuffix(body, "}"); !ok {
		return types.Null, fmt.Errorf("malformed aclitem[] \"%s\"", s)
	}
	acl := &types.Array{Elem: types.OidAclitem}
	if body == "" {
		return ToStored(OidAclitemArr, types.ArrayDatum(acl)), nil
	}
	for _, item := range strings.Split(body, ",") {
		grantee, rest, ok1 := strings.Cut(item, "=")
		privs, grantor, ok2 := strings.Cut(rest, "/")
		if !ok1 || !ok2 {
			return types.Null, fmt.Errorf("malformed aclitem \"%s\"", item)
		}
		var granteeOID uint32
		if grantee != "" {
			v, err := parseUint32(grantee)
			if err != nil {
				return types.Null, err
			}
			granteeOID = v
		}
		grantorOID, err := parseUint32(grantor)
		if err != nil {
			return types.Null, err
		}
		var bits uint32
		for _, c := range []byte(privs) {
			i := strings.IndexByte(aclRightLetters, c)
			if i < 0 {
				return types.Null, fmt.Errorf("invalid privilege letter \"%c\" in aclitem \"%s\"", c, item)
			}
			bits |= 1 << i
		}
		acl.Elems = append(acl.Elems, types.Aclitem(granteeOID, grantorOID, bits))
	}
	acl.Dims, acl.Lbound = []int32{int32(len(acl.Elems))}, []int32{1}
	return ToStored(OidAclitemArr, types.ArrayDatum(acl)), nil
}

// aclRightLetters are the privilege letters of an aclitem by bit
// (ACL_ALL_RIGHTS_STR).
const aclRightLetters = "arwdDxtXUCTcsA"
