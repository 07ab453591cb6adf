// This file implements the system types the catalogs and system columns
// use: tid, xid, cid, pg_lsn, oidvector, int2vector, pg_node_tree, and
// the reg* types whose text form is an object's name (regclass,
// regnamespace, regrole, regproc, regprocedure), which need the catalog
// through FormatOptions.Names.

package types

import (
	"encoding/binary"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// RegNames resolves the names behind reg* values for their input and
// output functions; the SQL layer implements it over the catalog cache.
type RegNames interface {
	// RegName is the name the output function of reg* type typ prints for
	// oid, qualified as PostgreSQL qualifies it; ok is false when no such
	// object exists (the number is printed).
	RegName(typ uint32, oid uint32) (name string, ok bool)
	// RegOid is the input function of reg* type typ for a name.
	RegOid(typ uint32, name string) (uint32, error)
}

// Tid makes a tid Datum (an item pointer: block and line pointer).
func Tid(block uint32, offset uint16) Datum { return Int(int64(block)<<16 | int64(offset)) }

// TidParts splits a tid Datum.
func TidParts(d Datum) (block uint32, offset uint16) {
	v := uint64(d.Int())
	return uint32(v >> 16), uint16(v)
}

func appendTid(dst []byte, d Datum) []byte {
	b, o := TidParts(d)
	dst = append(dst, '(')
	dst = strconv.AppendUint(dst, uint64(b), 10)
	dst = append(dst, ',')
	dst = strconv.AppendUint(dst, uint64(o), 10)
	return append(dst, ')')
}

func parseTid(s string) (Datum, error) {
	bad := func() error {
		return pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "tid", s)
	}
	t := strings.TrimSpace(s)
	if len(t) < 5 || t[0] != '(' || t[len(t)-1] != ')' {
		return Null, bad()
	}
	bs, os, ok := strings.Cut(t[1:len(t)-1], ",")
	if !ok {
		return Null, bad()
	}
	b, err1 := strconv.ParseUint(bs, 10, 32)
	o, err2 := strconv.ParseUint(os, 10, 16)
	if err1 != nil || err2 != nil {
		return Null, bad()
	}
	return Tid(uint32(b), uint16(o)), nil
}

func parseXid(s, name string) (Datum, error) {
	// xidin accepts what strtoul accepts, wrapping like it.
	t := strings.TrimSpace(s)
	v, err := strconv.ParseUint(t, 0, 64)
	if err != nil {
		if n, err2 := strconv.ParseInt(t, 0, 64); err2 == nil {
			v, err = uint64(n), nil
		}
	}
	if err != nil {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", name, s)
	}
	return Int(int64(uint32(v))), nil
}

func appendLsn(dst []byte, d Datum) []byte {
	v := uint64(d.Int())
	dst = append(dst, strings.ToUpper(strconv.FormatUint(v>>32, 16))...)
	dst = append(dst, '/')
	return append(dst, strings.ToUpper(strconv.FormatUint(v&0xFFFFFFFF, 16))...)
}

func parseLsn(s string) (Datum, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil || len(hi) > 8 || len(lo) > 8 {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "pg_lsn", s)
	}
	return Int(int64(h<<32 | l)), nil
}

// NewVector builds an oidvector or int2vector value: a one-dimensional
// array with lower bound 0, as PostgreSQL stores them.
func NewVector(elem uint32, vals []Datum) Datum {
	return ArrayDatum(&Array{Elem: elem, Dims: []int32{int32(len(vals))}, Lbound: []int32{0}, Elems: vals})
}

// appendVector prints an oidvector or int2vector: the elements separated
// by spaces.
func appendVector(dst []byte, d Datum) []byte {
	a := d.Array()
	for i, e := range a.Elems {
		if i > 0 {
			dst = append(dst, ' ')
		}
		if a.Elem == OidOid {
			dst = strconv.AppendUint(dst, uint64(uint32(e.Int())), 10)
		} else {
			dst = strconv.AppendInt(dst, e.Int(), 10)
		}
	}
	return dst
}

func parseVector(s string, elem uint32) (Datum, error) {
	var vals []Datum
	for _, f := range strings.Fields(s) {
		var d Datum
		var err error
		if elem == OidOid {
			d, err = parseOid(f)
		} else {
			var v int64
			v, err = parseInt(f, OidInt2, "smallint")
			d = Int(v)
		}
		if err != nil {
			return Null, err
		}
		vals = append(vals, d)
	}
	return NewVector(elem, vals), nil
}

// regTypes are the reg* types whose text form is a name.
func isRegType(oid uint32) bool {
	switch oid {
	case OidRegclass, OidRegproc, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator:
		return true
	}
	return false
}

func appendReg(dst []byte, oid uint32, d Datum, opts *FormatOptions) []byte {
	v := uint32(d.Int())
	if v == 0 {
		if oid == OidRegoper || oid == OidRegoperator {
			return append(dst, '0') // "-" is an operator's name
		}
		return append(dst, '-')
	}
	if opts != nil && opts.Names != nil {
		if name, ok := opts.Names.RegName(oid, v); ok {
			return append(dst, name...)
		}
	}
	return strconv.AppendUint(dst, uint64(v), 10)
}

func parseReg(oid uint32, s string, opts *FormatOptions) (Datum, error) {
	if s == "-" && oid != OidRegoper && oid != OidRegoperator {
		return Int(0), nil
	}
	// A number is taken as the OID itself.
	if t := strings.TrimSpace(s); t != "" && t[0] >= '0' && t[0] <= '9' {
		return parseOid(t)
	}
	if opts == nil || opts.Names == nil {
		return Null, pgerr.Newf(pgerr.FeatureNotSupported, "%s names are not supported here: \"%s\"", ByOID(oid).Name, s)
	}
	if opts.NamesRead != nil {
		*opts.NamesRead = true
	}
	v, err := opts.Names.RegOid(oid, s)
	if err != nil {
		return Null, err
	}
	return Int(int64(v)), nil
}

func sendSystem(dst []byte, oid uint32, d Datum) ([]byte, bool) {
	switch oid {
	case OidTid:
		b, o := TidParts(d)
		dst = binary.BigEndian.AppendUint32(dst, b)
		return binary.BigEndian.AppendUint16(dst, o), true
	case OidXid, OidCid, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator:
		return binary.BigEndian.AppendUint32(dst, uint32(d.Int())), true
	case OidPgLsn, OidXid8:
		return binary.BigEndian.AppendUint64(dst, uint64(d.Int())), true
	case OidPgSnapshot, OidTxidSnapshot:
		return append(dst, d.Text()...), true
	case OidPgNodeTree, OidAclitem:
		return append(dst, d.Text()...), true
	}
	return dst, false
}

func recvSystem(oid uint32, b []byte) (Datum, bool, error) {
	switch oid {
	case OidTid:
		if len(b) != 6 {
			return Null, true, errBinaryLength()
		}
		return Tid(binary.BigEndian.Uint32(b), binary.BigEndian.Uint16(b[4:])), true, nil
	case OidXid, OidCid, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator:
		if len(b) != 4 {
			return Null, true, errBinaryLength()
		}
		return Int(int64(binary.BigEndian.Uint32(b))), true, nil
	case OidPgSnapshot, OidTxidSnapshot:
		d, err := recvSnapshot(b)
		return d, true, err
	case OidPgLsn, OidXid8:
		if len(b) != 8 {
			return Null, true, errBinaryLength()
		}
		return Int(int64(binary.BigEndian.Uint64(b))), true, nil
	case OidPgNodeTree, OidPgNdistinct, OidPgDependencies, OidPgMcvList:
		return Null, true, pgerr.Newf(pgerr.FeatureNotSupported, "cannot accept a value of type %s", ByOID(oid).Name)
	}
	return Null, false, nil
}

// aclRights are the privilege letters of an aclitem in bit order
// (ACL_ALL_RIGHTS_STR).
const aclRights = "arwdDxtXUCTcsA"

// Aclitem makes an aclitem Datum (PostgreSQL's 12-byte AclItem: grantee,
// grantor, privilege bits with grant options in the upper half).
func Aclitem(grantee, grantor, privs uint32) Datum {
	b := make([]byte, 12)
	binary.LittleEndian.PutUint32(b, grantee)
	binary.LittleEndian.PutUint32(b[4:], grantor)
	binary.LittleEndian.PutUint32(b[8:], privs)
	return Bytes(b)
}

// appendAclitem is aclitemout: grantee=privileges/grantor, names from
// the catalog when known.
func appendAclitem(dst []byte, d Datum, opts *FormatOptions) []byte {
	b := []byte(d.Text())
	if len(b) != 12 {
		return dst
	}
	grantee, grantor, privs := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])
	role := func(oid uint32) string {
		if opts != nil && opts.Names != nil {
			if n, ok := opts.Names.RegName(OidRegrole, oid); ok {
				return n
			}
		}
		return strconv.FormatUint(uint64(oid), 10)
	}
	if grantee != 0 {
		dst = append(dst, role(grantee)...)
	}
	dst = append(dst, '=')
	for i := 0; i < len(aclRights); i++ {
		if privs&(1<<i) != 0 {
			dst = append(dst, aclRights[i])
		}
		if privs&(1<<(i+16)) != 0 {
			dst = append(dst, '*')
		}
	}
	dst = append(dst, '/')
	return append(dst, role(grantor)...)
}
