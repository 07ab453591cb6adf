// uuid (utils/adt/uuid.c): 16 bytes, compared as bytes, read in
// PostgreSQL's accepted spellings and printed as 8-4-4-4-12 lower-case
// hex.

package types

import (
	"crypto/rand"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// UUIDLen is the size of a uuid.
const UUIDLen = 16

// UUID makes a uuid Datum from its 16 bytes (copied).
func UUID(b []byte) Datum { return Bytes(append([]byte(nil), b...)) }

// parseUUID is string_to_uuid: an optional {...}, 32 hex digits, with a
// hyphen allowed after any group of four.
func parseUUID(s string) (Datum, error) {
	bad := func() (Datum, error) {
		return Null, pgerr.Newf(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", "uuid", s)
	}
	src := s
	braces := false
	if len(src) > 0 && src[0] == '{' {
		src, braces = src[1:], true
	}
	var out [UUIDLen]byte
	for i := 0; i < UUIDLen; i++ {
		if len(src) < 2 {
			return bad()
		}
		hi, ok1 := hexDigit(src[0])
		lo, ok2 := hexDigit(src[1])
		if !ok1 || !ok2 {
			return bad()
		}
		out[i] = hi<<4 | lo
		src = src[2:]
		if len(src) > 0 && src[0] == '-' && i%2 == 1 && i < UUIDLen-1 {
			src = src[1:]
		}
	}
	if braces {
		if len(src) == 0 || src[0] != '}' {
			return bad()
		}
		src = src[1:]
	}
	if src != "" {
		return bad()
	}
	return UUID(out[:]), nil
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// appendUUID is uuid_out.
func appendUUID(dst []byte, d Datum) []byte {
	const hex = "0123456789abcdef"
	b := d.Text()
	for i := 0; i < len(b); i++ {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hex[b[i]>>4], hex[b[i]&15])
	}
	return dst
}

// RandomUUID is gen_random_uuid: a version 4 (random) uuid.
func RandomUUID() (Datum, error) {
	var b [UUIDLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Null, pgerr.Newf(pgerr.InternalError, "could not generate random values: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return UUID(b[:]), nil
}
