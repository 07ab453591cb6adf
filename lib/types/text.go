// This file implements the string types (text, varchar, bpchar, name,
// unknown) and bytea: typmod coercion and the bytea text formats.

package types

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// NameDataLen is NAMEDATALEN: a name holds at most NameDataLen-1 bytes.
const NameDataLen = 64

// CharTypmod packs varchar(n) and character(n) as PostgreSQL does.
func CharTypmod(n int32) int32 { return n + 4 }

// LowerASCII lowers the ASCII letters of s and leaves every other byte
// as it is: how PostgreSQL downcases identifiers in UTF-8
// (downcase_identifier) and matches setting names.
func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// truncateName cuts s to NAMEDATALEN-1 bytes on a character boundary.
func truncateName(s string) string {
	if len(s) < NameDataLen {
		return s
	}
	n := NameDataLen - 1
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// TruncateIdentifier is the truncation PostgreSQL applies to over-long
// identifiers (without the NOTICE it emits).
func TruncateIdentifier(s string) string { return truncateName(s) }

// prefixChars returns the byte length of the first n characters of s.
func prefixChars(s string, n int) int {
	i := 0
	for c := 0; c < n && i < len(s); c++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// CoerceChar applies a varchar(n) or character(n) typmod (varchar and
// bpchar's length coercion functions). Too-long values are an error
// unless the excess is spaces or the cast is explicit, in which case
// they are truncated; character(n) pads with spaces.
func CoerceChar(oid uint32, s string, typmod int32, explicit bool) (string, error) {
	if typmod < 4 {
		return s, nil
	}
	max := int(typmod - 4)
	n := utf8.RuneCountInString(s)
	if n > max {
		cut := prefixChars(s, max)
		if !explicit && strings.Trim(s[cut:], " ") != "" {
			name := "character varying"
			if oid == OidBpchar {
				name = "character"
			}
			return "", pgerr.Newf(pgerr.StringDataRightTruncation, "value too long for type %s(%d)", name, max)
		}
		s = s[:cut]
		n = max
	}
	if oid == OidBpchar && n < max {
		s += strings.Repeat(" ", max-n)
	}
	return s, nil
}

// BpcharTrimmed returns s without trailing spaces, the form in which
// character(n) values compare and convert to text.
func BpcharTrimmed(s string) string { return strings.TrimRight(s, " ") }

// appendBytea is byteaout in the hex format.
func appendBytea(dst []byte, b string) []byte {
	dst = append(dst, '\\', 'x')
	n := len(dst)
	dst = append(dst, make([]byte, hex.EncodedLen(len(b)))...)
	hex.Encode(dst[n:], []byte(b))
	return dst
}

// appendByteaEscape is byteaout with bytea_output = escape: printable
// ASCII as is, backslash doubled, other bytes as \ooo.
func appendByteaEscape(dst []byte, b string) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\':
			dst = append(dst, '\\', '\\')
		case c < 0x20 || c > 0x7e:
			dst = append(dst, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func hexVal(c byte) (byte, bool) {
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

// parseBytea is byteain: the hex format \x... or the escape format.
func parseBytea(s string) (Datum, error) {
	decode := DecodeEscape
	if len(s) >= 2 && s[0] == '\\' && s[1] == 'x' {
		s, decode = s[2:], DecodeHex
	}
	b, err := decode(s)
	if err != nil {
		return Null, err
	}
	return Bytes(b), nil
}

// DecodeHex is PostgreSQL's hex_decode, of bytea input after \x and of
// decode(..., 'hex'): pairs of hex digits, whitespace between pairs.
func DecodeHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	digit := func(i int) (byte, error) {
		if v, ok := hexVal(s[i]); ok {
			return v, nil
		}
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", s[i:i+max(utf8Len(s[i:]), 1)])
	}
	for i := 0; i < len(s); {
		if c := s[i]; c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		hi, err := digit(i)
		if err != nil {
			return nil, err
		}
		i++
		if i >= len(s) {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
		}
		lo, err := digit(i)
		if err != nil {
			return nil, err
		}
		i++
		out = append(out, hi<<4|lo)
	}
	return out, nil
}

// DecodeEscape is the escape format of bytea input and of decode(...,
// 'escape') (esc_decode): \ooo octal and \\ for a backslash.
func DecodeEscape(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		switch {
		case s[i] != '\\':
			out = append(out, s[i])
			i++
		case i+3 < len(s) && s[i+1] >= '0' && s[i+1] <= '3' && isOct(s[i+2]) && isOct(s[i+3]):
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 4
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i += 2
		default:
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	return out, nil
}

func utf8Len(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return 0
	}
	return n
}

// CheckUTF8 is PostgreSQL's encoding verification for text arriving in
// binary form or converted from another encoding (pg_verify_mbstr):
// invalid sequences and NUL bytes are rejected.
func CheckUTF8(s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if s[i] == 0 || (r == utf8.RuneError && n <= 1) {
			return InvalidByteSequence("UTF8", s[i:])
		}
		i += n
	}
	return nil
}

// InvalidByteSequence is report_invalid_encoding for the character rest
// starts with in encoding enc: it lists the bytes the lead byte announces
// (one in single-byte encodings), as many as remain.
func InvalidByteSequence(enc, rest string) error {
	n := 1
	if enc == "UTF8" {
		switch c := rest[0]; {
		case c >= 0xf0 && c < 0xf8:
			n = 4
		case c >= 0xe0 && c < 0xf0:
			n = 3
		case c >= 0xc0 && c < 0xe0:
			n = 2
		}
	}
	n = min(n, len(rest))
	return pgerr.Newf(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"%s\": %s", enc, ByteSequence(rest[:n]))
}

// ByteSequence spells bytes as PostgreSQL's encoding errors do: 0xe2 0x82 0xac.
func ByteSequence(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("0x")
		b.WriteString(hex.EncodeToString([]byte{s[i]}))
	}
	return b.String()
}
