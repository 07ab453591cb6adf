// This file dispatches text and binary I/O on the type OID: the input,
// output, receive and send functions of every built-in type.

package types

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// DateOrder is the field order DateStyle gives ambiguous dates such as
// 01/02/03.
type DateOrder int8

// Date orders; the zero value is MDY, PostgreSQL's default.
const (
	OrderMDY DateOrder = iota
	OrderDMY
	OrderYMD
)

// IntervalStyle is the IntervalStyle setting.
type IntervalStyle int8

// Interval output styles (INTSTYLE_*); the zero value is postgres,
// PostgreSQL's default.
const (
	IntervalPostgres IntervalStyle = iota
	IntervalPostgresVerbose
	IntervalSQLStandard
	IntervalISO8601
)

// DateStyle is the output style part of the DateStyle setting.
type DateStyle int8

// Output styles (USE_*_DATES); the zero value is ISO, PostgreSQL's default.
const (
	StyleISO DateStyle = iota
	StyleSQL
	StylePostgres
	StyleGerman
)

// FormatOptions carries the session settings that change how values are
// read and written: PostgreSQL reads them from GUCs inside its I/O
// functions. A nil *FormatOptions means PostgreSQL's defaults (UTC,
// extra_float_digits 1, DateStyle ISO, MDY). Only the ISO DateStyle and
// the postgres IntervalStyle are implemented for output.
type FormatOptions struct {
	// Location is the TimeZone setting; nil means UTC.
	Location *time.Location
	// ExtraFloatDigits is extra_float_digits; PostgreSQL's default is 1.
	ExtraFloatDigits int
	// DateOrder orders ambiguous date input, and the fields of the SQL
	// and Postgres output styles.
	DateOrder DateOrder
	// DateStyle is how dates and timestamps are printed.
	DateStyle DateStyle
	// IntervalStyle is how intervals are printed.
	IntervalStyle IntervalStyle
	// Now is the transaction start, used by the inputs 'now', 'today',
	// 'tomorrow' and 'yesterday'; zero means the wall clock.
	Now time.Time
	// NowRead, when set, is set to true by input that reads Now, so that
	// a plan holding such a constant is not reused in a later
	// transaction.
	NowRead *bool
	// NamesRead, when set, is set to true by reg* input that looked a
	// name up in the catalogs ('t'::regclass), so that a plan holding the
	// OID is not reused for a later query text: the name may mean
	// another object by then.
	NamesRead *bool
	// ByteaEscape selects bytea_output = escape instead of hex.
	ByteaEscape bool
	// Names resolves the names of reg* values; without it they are
	// printed and read as numbers.
	Names RegNames
	// UserTypes gives input of enum types, their arrays and domains;
	// without it values of those types cannot be read.
	UserTypes UserTypes
	// ZoneByName resolves a zone name written in date/time input as
	// pg_tzset does (config.ZoneByName: zone files in any case, POSIX
	// specifications such as UTC+3); without it, LoadZone's names only.
	ZoneByName func(name string) (loc *time.Location, ok bool, err error)
}

// zone resolves a zone name written in date/time input.
func (o *FormatOptions) zone(name string) (*time.Location, error) {
	if o == nil || o.ZoneByName == nil {
		return LoadZone(name)
	}
	if loc, err := LoadZone(name); err == nil {
		return loc, nil // the UTC aliases
	}
	loc, ok, err := o.ZoneByName(name)
	if err == nil && !ok {
		err = fmt.Errorf("time zone %q not recognized", name)
	}
	return loc, err
}

// DefaultFormatOptions returns PostgreSQL's defaults.
func DefaultFormatOptions() *FormatOptions {
	return &FormatOptions{ExtraFloatDigits: 1}
}

func (o *FormatOptions) location() *time.Location {
	if o == nil || o.Location == nil {
		return time.UTC
	}
	return o.Location
}

func (o *FormatOptions) extraFloatDigits() int {
	if o == nil {
		return 1
	}
	return o.ExtraFloatDigits
}

func (o *FormatOptions) dateOrder() DateOrder {
	if o == nil {
		return OrderMDY
	}
	return o.DateOrder
}

func (o *FormatOptions) intervalStyle() IntervalStyle {
	if o == nil {
		return IntervalPostgres
	}
	return o.IntervalStyle
}

func (o *FormatOptions) dateStyle() DateStyle {
	if o == nil {
		return StyleISO
	}
	return o.DateStyle
}

// AppendText appends the text output of d, a non-NULL value of type oid,
// to dst, as the type's output function would print it.
func AppendText(dst []byte, oid uint32, d Datum, opts *FormatOptions) []byte {
	switch oid {
	case OidBool:
		return appendBool(dst, d)
	case OidInt2, OidInt4, OidInt8:
		return strconv.AppendInt(dst, d.Int(), 10)
	case OidOid:
		return strconv.AppendUint(dst, uint64(uint32(d.Int())), 10)
	case OidRegproc, OidRegclass, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator:
		return appendReg(dst, oid, d, opts)
	case OidTid:
		return appendTid(dst, d)
	case OidXid, OidCid:
		return strconv.AppendUint(dst, uint64(uint32(d.Int())), 10)
	case OidPgLsn:
		return appendLsn(dst, d)
	case OidXid8:
		return strconv.AppendUint(dst, uint64(d.Int()), 10)
	case OidPgSnapshot, OidTxidSnapshot:
		return appendSnapshot(dst, d)
	case OidOidVector, OidInt2Vector:
		return appendVector(dst, d)
	case OidPgNodeTree:
		return append(dst, d.Text()...)
	case OidAclitem:
		return appendAclitem(dst, d, opts)
	case OidRegtype:
		if d.Int() == 0 {
			return append(dst, '-')
		}
		if ByOID(uint32(d.Int())) == nil {
			if opts != nil && opts.Names != nil {
				if name, ok := opts.Names.RegName(oid, uint32(d.Int())); ok {
					return append(dst, name...)
				}
			}
			return strconv.AppendUint(dst, uint64(uint32(d.Int())), 10)
		}
		return append(dst, FormatType(uint32(d.Int()), -1)...)
	case OidFloat4:
		return appendFloat(dst, float64(d.Float4()), 32, opts.extraFloatDigits())
	case OidFloat8:
		return appendFloat(dst, d.Float8(), 64, opts.extraFloatDigits())
	case OidNumeric:
		return appendNumeric(dst, d.Numeric())
	case OidChar:
		return appendChar(dst, byte(d.Int()))
	case OidText, OidVarchar, OidBpchar, OidName, OidUnknown, OidCstring:
		return append(dst, d.Text()...)
	case OidUUID:
		return appendUUID(dst, d)
	case OidTimetz:
		return appendTimeTZ(dst, TimeTZOf(d))
	case OidMacaddr, OidMacaddr8:
		return appendMacaddr(dst, d)
	case OidBit, OidVarbit:
		return appendBit(dst, d)
	case OidMoney:
		return appendMoney(dst, d.Int())
	case OidInet, OidCidr:
		v := InetOf(d)
		return AppendInet(dst, &v, oid == OidCidr)
	case OidBytea:
		if opts != nil && opts.ByteaEscape {
			return appendByteaEscape(dst, d.Text())
		}
		return appendBytea(dst, d.Text())
	case OidDate:
		return appendDate(dst, d.Int(), opts.dateStyle(), opts.dateOrder())
	case OidTime:
		return appendTimeOfDay(dst, d.Int())
	case OidTimestamp:
		return appendTimestamp(dst, d.Int(), false, nil, opts.dateStyle(), opts.dateOrder())
	case OidTimestamptz:
		return appendTimestamp(dst, d.Int(), true, opts.location(), opts.dateStyle(), opts.dateOrder())
	case OidInterval:
		return appendInterval(dst, d.Interval(), opts.intervalStyle())
	case OidVoid:
		return dst
	case OidJSON:
		return append(dst, d.Text()...)
	case OidJSONB:
		return AppendJSONB(dst, d.JSONB())
	case OidJSONPath:
		return AppendJSONPath(dst, d.JSONPath())
	case OidAnyArray:
		// anyarray_out: array_out of the array's own element type.
		return appendArray(dst, d.Array(), opts)
	}
	if t := ByOID(oid); t != nil && t.IsArray() {
		return appendArray(dst, d.Array(), opts)
	}
	if isComposite(oid, d) {
		return appendRecord(dst, d.Record(), opts)
	}
	if isEnumValue(oid, d) {
		return append(dst, d.Enum().Label...)
	}
	if b, ok := domainBase(oid); ok {
		return AppendText(dst, b, d, opts)
	}
	if isUserArray(oid, d) {
		return appendArray(dst, d.Array(), opts)
	}
	// Types without an output function here have no values either.
	return dst
}

// FormatText returns the text output of d as a string; "" for NULL.
func FormatText(oid uint32, d Datum, opts *FormatOptions) string {
	if d.IsNull() {
		return ""
	}
	return string(AppendText(nil, oid, d, opts))
}

// ParseText reads s with the input function of type oid and applies typmod
// (-1 for none), returning PostgreSQL's errors for malformed input.
func ParseText(oid uint32, typmod int32, s string, opts *FormatOptions) (Datum, error) {
	switch oid {
	case OidBool:
		return parseBool(s)
	case OidInt2:
		v, err := parseInt(s, OidInt2, "smallint")
		return Int(v), err
	case OidInt4:
		v, err := parseInt(s, OidInt4, "integer")
		return Int(v), err
	case OidInt8:
		v, err := parseInt(s, OidInt8, "bigint")
		return Int(v), err
	case OidOid:
		return parseOid(s)
	case OidRegproc, OidRegclass, OidRegprocedure, OidRegnamespace, OidRegrole, OidRegoper, OidRegoperator:
		return parseReg(oid, s, opts)
	case OidTid:
		return parseTid(s)
	case OidXid:
		return parseXid(s, "xid")
	case OidCid:
		return parseXid(s, "cid")
	case OidPgLsn:
		return parseLsn(s)
	case OidXid8:
		return parseXid8(s), nil
	case OidPgSnapshot, OidTxidSnapshot:
		return parseSnapshot(s)
	case OidOidVector:
		return parseVector(s, OidOid)
	case OidInt2Vector:
		return parseVector(s, OidInt2)
	case OidPgNodeTree, OidAclitem, OidPgNdistinct, OidPgDependencies, OidPgMcvList:
		return Null, pgerr.Newf(pgerr.FeatureNotSupported, "cannot accept a value of type %s", ByOID(oid).Name)
	case OidRegtype:
		if s == "-" {
			return Int(0), nil
		}
		if d, err := parseOid(s); err == nil {
			return d, nil
		}
		t, _, err := LookupTypeName(s)
		if err != nil {
			if opts != nil && opts.Names != nil {
				if opts.NamesRead != nil {
					*opts.NamesRead = true
				}
				v, err2 := opts.Names.RegOid(oid, s)
				if err2 == nil {
					return Int(int64(v)), nil
				}
				if pe := pgerr.As(err2); pe != nil && pe.Code == pgerr.UndefinedSchema || IsShellTypeError(err2) {
					return Null, err2
				}
			}
			return Null, err
		}
		return Int(int64(t.OID)), nil
	case OidFloat4:
		return parseFloat(s, 32)
	case OidFloat8:
		return parseFloat(s, 64)
	case OidNumeric:
		x, err := ParseNumeric(s)
		if err != nil {
			return Null, err
		}
		if x, err = ApplyNumericTypmod(x, typmod); err != nil {
			return Null, err
		}
		return Numeric(x), nil
	case OidChar:
		return parseChar(s), nil
	case OidText, OidUnknown, OidCstring:
		return Text(s), nil
	case OidVarchar, OidBpchar:
		v, err := CoerceChar(oid, s, typmod, false)
		if err != nil {
			return Null, err
		}
		return Text(v), nil
	case OidName:
		return Text(truncateName(s)), nil
	case OidBytea:
		return parseBytea(s)
	case OidUUID:
		return parseUUID(s)
	case OidInet, OidCidr:
		return parseInet(s, oid == OidCidr)
	case OidTimetz:
		return parseTimeTZ(s, typmod, opts)
	case OidMacaddr:
		return parseMacaddr(s)
	case OidMacaddr8:
		return parseMacaddr8(s)
	case OidBit, OidVarbit:
		return parseBit(oid, typmod, s)
	case OidMoney:
		return parseMoney(s)
	case OidDate:
		return parseDate(s, opts)
	case OidTime:
		return parseTime(s, typmod, opts)
	case OidTimestamp:
		return parseTimestamp(s, false, typmod, opts)
	case OidTimestamptz:
		return parseTimestamp(s, true, typmod, opts)
	case OidInterval:
		return parseInterval(s, typmod, opts.intervalStyle())
	case OidVoid:
		return Int(0), nil
	case OidJSON:
		if err := ValidateJSON(s); err != nil {
			return Null, err
		}
		return Text(s), nil
	case OidJSONB:
		v, err := ParseJSONB(s)
		if err != nil {
			return Null, err
		}
		return JSONBDatum(v), nil
	case OidJSONPath:
		p, err := ParseJSONPath(s)
		if err != nil {
			return Null, err
		}
		return JSONPathDatum(p), nil
	}
	if t := ByOID(oid); t != nil && t.IsArray() {
		return parseArray(s, t.Elem, typmod, opts)
	}
	if oid == OidRecord {
		return Null, pgerr.New(pgerr.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	if b, ok := domainBase(oid); ok {
		return ParseText(b, typmod, s, opts)
	}
	if d, ok, err := parseUserType(oid, typmod, s, opts); ok {
		return d, err
	}
	return Null, pgerr.Newf(pgerr.FeatureNotSupported, "cannot accept a value of type %s", FormatType(oid, -1))
}

// AppendBinary appends the binary send format of d, a non-NULL value of
// type oid, to dst.
func AppendBinary(dst []byte, oid uint32, d Datum) ([]byte, error) {
	switch oid {
	case OidBool:
		if d.Bool() {
			return append(dst, 1), nil
		}
		return append(dst, 0), nil
	case OidInt2, OidInt4, OidInt8, OidOid, OidRegproc, OidRegclass, OidRegtype:
		return sendInt(dst, oid, d.Int()), nil
	case OidChar:
		return append(dst, byte(d.Int())), nil
	case OidFloat4, OidFloat8:
		return sendFloat(dst, oid, d), nil
	case OidNumeric:
		return sendNumeric(dst, d.Numeric()), nil
	case OidText, OidVarchar, OidBpchar, OidName, OidUnknown, OidBytea, OidCstring, OidUUID, OidMacaddr, OidMacaddr8, OidBit, OidVarbit:
		return append(dst, d.Text()...), nil
	case OidInet, OidCidr:
		return sendInet(dst, d, oid == OidCidr), nil
	case OidTimetz:
		return sendTimeTZ(dst, TimeTZOf(d)), nil
	case OidDate:
		return binary.BigEndian.AppendUint32(dst, uint32(int32(d.Int()))), nil
	case OidTime, OidTimestamp, OidTimestamptz, OidMoney:
		return binary.BigEndian.AppendUint64(dst, uint64(d.Int())), nil
	case OidInterval:
		return sendInterval(dst, d.Interval()), nil
	case OidVoid:
		return dst, nil
	case OidJSON:
		return append(dst, d.Text()...), nil
	case OidJSONB:
		return AppendJSONB(append(dst, 1), d.JSONB()), nil
	case OidJSONPath:
		return AppendJSONPath(append(dst, 1), d.JSONPath()), nil
	case OidAnyArray:
		// anyarray_send: the array's own element type says how.
		return sendArray(dst, d.Array())
	}
	if out, ok := sendSystem(dst, oid, d); ok {
		return out, nil
	}
	if t := ByOID(oid); t != nil && t.IsArray() {
		return sendArray(dst, d.Array())
	}
	if isComposite(oid, d) {
		return sendRecord(dst, d.Record())
	}
	if isEnumValue(oid, d) {
		// enum_send: the label's text.
		return append(dst, d.Enum().Label...), nil
	}
	if isUserArray(oid, d) {
		return sendArray(dst, d.Array())
	}
	if b, ok := domainBase(oid); ok {
		return AppendBinary(dst, b, d)
	}
	return nil, pgerr.Newf(pgerr.UndefinedFunction, "no binary output function available for type %s", FormatType(oid, -1))
}

// ParseBinary reads b with the receive function of type oid. The result
// does not alias b.
func ParseBinary(oid uint32, typmod int32, b []byte) (Datum, error) {
	return ParseBinaryUser(oid, typmod, b, nil)
}

// ParseBinaryUser is ParseBinary that also reads the types only the
// catalog knows through ut (composite types and arrays of them: record_recv
// needs the type's columns); ut may be nil.
func ParseBinaryUser(oid uint32, typmod int32, b []byte, ut UserTypes) (Datum, error) {
	switch oid {
	case OidBool:
		if len(b) != 1 {
			return Null, errBinaryLength()
		}
		return Bool(b[0] != 0), nil
	case OidInt2, OidInt4, OidInt8, OidOid, OidRegproc, OidRegclass, OidRegtype:
		return recvInt(oid, b)
	case OidChar:
		if len(b) != 1 {
			return Null, errBinaryLength()
		}
		return Int(int64(b[0])), nil
	case OidFloat4, OidFloat8:
		return recvFloat(oid, b)
	case OidNumeric:
		return recvNumeric(b, typmod)
	case OidText, OidUnknown, OidCstring:
		s := string(b)
		if err := CheckUTF8(s); err != nil {
			return Null, err
		}
		return Text(s), nil
	case OidVarchar, OidBpchar:
		s := string(b)
		if err := CheckUTF8(s); err != nil {
			return Null, err
		}
		v, err := CoerceChar(oid, s, typmod, false)
		if err != nil {
			return Null, err
		}
		return Text(v), nil
	case OidName:
		s := string(b)
		if err := CheckUTF8(s); err != nil {
			return Null, err
		}
		return Text(truncateName(s)), nil
	case OidBytea:
		return Bytes(append([]byte(nil), b...)), nil
	case OidUUID:
		if len(b) != UUIDLen {
			return Null, errBinaryLength()
		}
		return UUID(b), nil
	case OidInet, OidCidr:
		return recvInet(b, oid == OidCidr)
	case OidTimetz:
		return recvTimeTZ(b, typmod)
	case OidMacaddr, OidMacaddr8:
		return recvMacaddr(oid, b)
	case OidBit, OidVarbit:
		return recvBit(oid, typmod, b)
	case OidMoney:
		return recvMoney(b)
	case OidDate:
		if len(b) != 4 {
			return Null, errBinaryLength()
		}
		return Int(int64(int32(binary.BigEndian.Uint32(b)))), nil
	case OidTime, OidTimestamp, OidTimestamptz:
		if len(b) != 8 {
			return Null, errBinaryLength()
		}
		v := int64(binary.BigEndian.Uint64(b))
		if oid == OidTime {
			if v < 0 || v > UsecsPerDay {
				return Null, pgerr.New(pgerr.InvalidDatetimeFormat, "time out of range")
			}
		} else if v != TimestampNoBegin && v != TimestampNoEnd && (v < MinTimestamp || v >= EndTimestamp) {
			return Null, pgerr.New(pgerr.DatetimeValueOutOfRange, "timestamp out of range")
		}
		v, _ = AdjustTimestampTypmod(v, typmod)
		return Int(v), nil
	case OidInterval:
		return recvInterval(b, typmod)
	case OidVoid:
		return Int(0), nil
	case OidJSON:
		s := string(b)
		if err := CheckUTF8(s); err != nil {
			return Null, err
		}
		if err := ValidateJSON(s); err != nil {
			return Null, err
		}
		return Text(s), nil
	case OidJSONB:
		return parseJSONBBinary(b)
	case OidJSONPath:
		return parseJSONPathBinary(b)
	}
	if d, ok, err := recvSystem(oid, b); ok {
		return d, err
	}
	if t := ByOID(oid); t != nil && t.IsArray() {
		return recvArray(b, t.Elem, typmod, ut)
	}
	if oid == OidRecord {
		return Null, pgerr.New(pgerr.FeatureNotSupported, "input of anonymous composite types is not implemented")
	}
	if base, ok := domainBase(oid); ok {
		return ParseBinaryUser(base, typmod, b, ut)
	}
	if ut != nil {
		switch kind, elem, base := ut.UserType(oid); {
		case kind == 'e':
			// enum_recv: the label's text.
			l, err := ut.EnumLabel(oid, string(b))
			if err != nil {
				return Null, err
			}
			return EnumDatum(l), nil
		case kind == 'c':
			desc, err := ut.RowDesc(oid)
			if err != nil {
				return Null, err
			}
			if desc != nil {
				return recvRecord(b, desc, ut)
			}
		case elem != 0:
			return recvArray(b, elem, typmod, ut)
		case kind == 'd' && base != 0:
			return ParseBinaryUser(base, typmod, b, ut)
		}
	}
	return Null, pgerr.Newf(pgerr.UndefinedFunction, "no binary input function available for type %s", FormatType(oid, -1))
}
