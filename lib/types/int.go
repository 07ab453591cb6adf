// This file implements the integer types int2, int4, int8, oid, "char" and
// bool: their text and binary forms.

package types

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
)

// isSpace is C's isspace in the C locale, which PostgreSQL's input
// functions use to trim their input.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// intRange returns the bounds of an integer type.
func intRange(oid uint32) (lo, hi int64) {
	switch oid {
	case OidInt2:
		return math.MinInt16, math.MaxInt16
	case OidInt4:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// parseInt is pg_strtoint16/32/64: optional whitespace, sign, decimal
// digits, optional whitespace, nothing else.
func parseInt(s string, oid uint32, sqlName string) (int64, error) {
	t := trimSpace(s)
	neg := false
	body := t
	if len(body) > 0 && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	if len(body) == 0 {
		return 0, InvalidSyntax(sqlName, s)
	}
	// Accumulate negatively so that the minimum value parses.
	lo, hi := intRange(oid)
	var v int64
	overflow := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0, InvalidSyntax(sqlName, s)
		}
		d := int64(c - '0')
		if !overflow {
			if v < (math.MinInt64+d)/10 {
				overflow = true
				continue
			}
			v = v*10 - d
		}
	}
	if !overflow && !neg {
		if v == math.MinInt64 {
			overflow = true
		} else {
			v = -v
		}
	}
	if overflow || v < lo || v > hi {
		return 0, OutOfRange(sqlName, s)
	}
	return v, nil
}

// parseOid is oidin: strtoul semantics, so "-1" is 4294967295.
func parseOid(s string) (Datum, error) {
	t := trimSpace(s)
	if t == "" {
		return Null, InvalidSyntax("oid", s)
	}
	body := t
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if body == "" || strings.IndexFunc(body, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return Null, InvalidSyntax("oid", s)
	}
	v, err := strconv.ParseUint(body, 10, 64)
	if err != nil || v > math.MaxUint32 {
		return Null, OutOfRange("oid", s)
	}
	if neg {
		if v > 1<<31 {
			return Null, OutOfRange("oid", s)
		}
		v = uint64(uint32(-int64(v)))
	}
	return Int(int64(v)), nil
}

// ParseBool is parse_bool: whether s spells a boolean (as boolin reads
// it), and which.
func ParseBool(s string) (value, ok bool) {
	d, err := parseBool(s)
	return err == nil && d.Bool(), err == nil
}

// parseBool is boolin: the SQL spellings and their unique prefixes, case
// insensitively.
func parseBool(s string) (Datum, error) {
	t := strings.ToLower(trimSpace(s))
	switch {
	case t == "":
	case strings.HasPrefix("true", t), strings.HasPrefix("yes", t):
		return Bool(true), nil
	case strings.HasPrefix("false", t):
		return Bool(false), nil
	case t == "on", t == "1":
		return Bool(true), nil
	case t == "of" || t == "off", t == "0":
		return Bool(false), nil
	case strings.HasPrefix("no", t):
		return Bool(false), nil
	}
	return Null, InvalidSyntax("boolean", s)
}

func appendBool(dst []byte, d Datum) []byte {
	if d.Bool() {
		return append(dst, 't')
	}
	return append(dst, 'f')
}

// appendChar is charout: the byte itself, or \ooo for bytes with the high
// bit set, or nothing for the zero byte.
func appendChar(dst []byte, c byte) []byte {
	switch {
	case c == 0:
		return dst
	case c&0x80 != 0:
		return append(dst, '\\', '0'+(c>>6)&7, '0'+(c>>3)&7, '0'+c&7)
	}
	return append(dst, c)
}

// parseChar is charin: the first byte, or a \ooo escape.
func parseChar(s string) Datum {
	if len(s) == 4 && s[0] == '\\' && isOct(s[1]) && isOct(s[2]) && isOct(s[3]) {
		return Int(int64((s[1]-'0')<<6 | (s[2]-'0')<<3 | (s[3] - '0')))
	}
	if s == "" {
		return Int(0)
	}
	return Int(int64(s[0]))
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

func sendInt(dst []byte, oid uint32, v int64) []byte {
	switch oid {
	case OidInt2:
		return binary.BigEndian.AppendUint16(dst, uint16(v))
	case OidInt8:
		return binary.BigEndian.AppendUint64(dst, uint64(v))
	}
	return binary.BigEndian.AppendUint32(dst, uint32(v))
}

func recvInt(oid uint32, b []byte) (Datum, error) {
	switch oid {
	case OidInt2:
		if len(b) != 2 {
			return Null, errBinaryLength()
		}
		return Int(int64(int16(binary.BigEndian.Uint16(b)))), nil
	case OidInt8:
		if len(b) != 8 {
			return Null, errBinaryLength()
		}
		return Int(int64(binary.BigEndian.Uint64(b))), nil
	case OidOid, OidRegclass, OidRegtype, OidRegproc:
		if len(b) != 4 {
			return Null, errBinaryLength()
		}
		return Int(int64(binary.BigEndian.Uint32(b))), nil
	}
	if len(b) != 4 {
		return Null, errBinaryLength()
	}
	return Int(int64(int32(binary.BigEndian.Uint32(b)))), nil
}

// errBinaryLength is what PostgreSQL says when a binary parameter has
// bytes left over or too few: the receive function ran off the buffer.
func errBinaryLength() error {
	return invalidBinary("incorrect binary data format")
}
