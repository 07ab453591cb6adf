// This file holds the bytea functions of PostgreSQL's varlena.c and
// encode.c: byte and bit access, the SHA-2 digests, encode and decode in
// the hex, base64 and escape formats, and the conversions between the
// server encoding (UTF8) and other character sets (convert_to,
// convert_from, convert).

package builtins

import (
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func addByteaImpls(m map[string]implEntry) {
	m["byteaGetByte"] = textN(func(a []types.Datum) (types.Datum, error) {
		b, n := a[0].Text(), a[1].Int()
		if n < 0 || n >= int64(len(b)) {
			return types.Null, byteIndexError(n, int64(len(b))-1)
		}
		return types.Int(int64(b[n])), nil
	})
	m["byteaSetByte"] = textN(func(a []types.Datum) (types.Datum, error) {
		b, n := []byte(a[0].Text()), a[1].Int()
		if n < 0 || n >= int64(len(b)) {
			return types.Null, byteIndexError(n, int64(len(b))-1)
		}
		b[n] = byte(a[2].Int())
		return types.Bytes(b), nil
	})
	m["byteaGetBit"] = textN(func(a []types.Datum) (types.Datum, error) {
		b, n := a[0].Text(), a[1].Int()
		if n < 0 || n >= int64(len(b))*8 {
			return types.Null, byteIndexError(n, int64(len(b))*8-1)
		}
		return types.Int(int64(b[n/8]>>(n%8)) & 1), nil
	})
	m["byteaSetBit"] = textN(func(a []types.Datum) (types.Datum, error) {
		b, n, bit := []byte(a[0].Text()), a[1].Int(), a[2].Int()
		if n < 0 || n >= int64(len(b))*8 {
			return types.Null, byteIndexError(n, int64(len(b))*8-1)
		}
		if bit != 0 && bit != 1 {
			return types.Null, pgerr.New(pgerr.InvalidParameterValue, "new bit must be 0 or 1")
		}
		b[n/8] = b[n/8]&^(1<<(n%8)) | byte(bit)<<(n%8)
		return types.Bytes(b), nil
	})
	digest := func(sum func(string) []byte) implEntry {
		return textN(func(a []types.Datum) (types.Datum, error) { return types.Bytes(sum(a[0].Text())), nil })
	}
	m["sha224_bytea"] = digest(func(s string) []byte { d := sha256.Sum224([]byte(s)); return d[:] })
	m["sha256_bytea"] = digest(func(s string) []byte { d := sha256.Sum256([]byte(s)); return d[:] })
	m["sha384_bytea"] = digest(func(s string) []byte { d := sha512.Sum384([]byte(s)); return d[:] })
	m["sha512_bytea"] = digest(func(s string) []byte { d := sha512.Sum512([]byte(s)); return d[:] })

	m["binary_encode"] = textN(func(a []types.Datum) (types.Datum, error) {
		data := a[0].Text()
		switch strings.ToLower(a[1].Text()) {
		case "hex":
			return types.Text(fmt.Sprintf("%x", data)), nil
		case "base64":
			return types.Text(base64Encode(data)), nil
		case "escape":
			return types.Text(escapeEncode(data)), nil
		}
		return types.Null, errUnknownFormat(a[1].Text())
	})
	m["binary_decode"] = textN(func(a []types.Datum) (types.Datum, error) {
		data := a[0].Text()
		var b []byte
		var err error
		switch strings.ToLower(a[1].Text()) {
		case "hex":
			b, err = types.DecodeHex(data)
		case "base64":
			b, err = base64Decode(data)
		case "escape":
			b, err = types.DecodeEscape(data)
		default:
			return types.Null, errUnknownFormat(a[1].Text())
		}
		if err != nil {
			return types.Null, err
		}
		return types.Bytes(b), nil
	})

	m["pg_convert_to"] = textN(func(a []types.Datum) (types.Datum, error) {
		dst, err := lookupEncoding(a[1].Text(), "destination")
		if err != nil {
			return types.Null, err
		}
		b, err := mb.Convert([]byte(a[0].Text()), mb.UTF8, dst)
		return types.Bytes(b), err
	})
	m["pg_convert_from"] = textN(func(a []types.Datum) (types.Datum, error) {
		src, err := lookupEncoding(a[1].Text(), "source")
		if err != nil {
			return types.Null, err
		}
		b, err := mb.Convert([]byte(a[0].Text()), src, mb.UTF8)
		return types.Bytes(b), err
	})
	m["pg_convert"] = textN(func(a []types.Datum) (types.Datum, error) {
		src, err := lookupEncoding(a[1].Text(), "source")
		if err != nil {
			return types.Null, err
		}
		dst, err := lookupEncoding(a[2].Text(), "destination")
		if err != nil {
			return types.Null, err
		}
		b, err := mb.Convert([]byte(a[0].Text()), src, dst)
		return types.Bytes(b), err
	})
}

func byteIndexError(n, last int64) error {
	return pgerr.Newf(pgerr.ArraySubscriptError, "index %d out of valid range, 0..%d", n, last)
}

func errUnknownFormat(name string) error {
	return pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized encoding: \"%s\"", name)
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// base64Encode is pg_base64_encode: a newline after every 76 characters
// of output, the check made after each input byte.
func base64Encode(s string) string {
	var out strings.Builder
	lineEnd := 76
	buf, pos := uint32(0), 2
	for i := 0; i < len(s); i++ {
		buf |= uint32(s[i]) << (uint(pos) << 3)
		pos--
		if pos < 0 {
			out.WriteByte(base64Alphabet[(buf>>18)&0x3f])
			out.WriteByte(base64Alphabet[(buf>>12)&0x3f])
			out.WriteByte(base64Alphabet[(buf>>6)&0x3f])
			out.WriteByte(base64Alphabet[buf&0x3f])
			pos, buf = 2, 0
		}
		if out.Len() >= lineEnd {
			out.WriteByte('\n')
			lineEnd = out.Len() + 76
		}
	}
	if pos != 2 {
		out.WriteByte(base64Alphabet[(buf>>18)&0x3f])
		out.WriteByte(base64Alphabet[(buf>>12)&0x3f])
		if pos == 0 {
			out.WriteByte(base64Alphabet[(buf>>6)&0x3f])
		} else {
			out.WriteByte('=')
		}
		out.WriteByte('=')
	}
	return out.String()
}

// base64Decode is pg_base64_decode, whitespace skipped anywhere.
func base64Decode(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*3/4)
	buf, pos, end := uint32(0), 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var b uint32
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '=':
			if end == 0 {
				switch pos {
				case 2:
					end = 1
				case 3:
					end = 2
				default:
					return nil, pgerr.New(pgerr.InvalidParameterValue, "unexpected \"=\" while decoding base64 sequence")
				}
			}
		default:
			k := strings.IndexByte(base64Alphabet, c)
			if k < 0 {
				_, size := utf8.DecodeRuneInString(s[i:])
				return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid symbol \"%s\" found while decoding base64 sequence", s[i:i+size])
			}
			b = uint32(k)
		}
		buf = buf<<6 + b
		pos++
		if pos == 4 {
			out = append(out, byte(buf>>16))
			if end == 0 || end > 1 {
				out = append(out, byte(buf>>8))
			}
			if end == 0 || end > 2 {
				out = append(out, byte(buf))
			}
			buf, pos = 0, 0
		}
	}
	if pos != 0 {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid base64 end sequence").
			WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
	}
	return out, nil
}

// escapeEncode is esc_encode: NUL and bytes with the high bit set as
// \ooo, the backslash doubled.
func escapeEncode(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0 || c >= 0x80:
			fmt.Fprintf(&out, "\\%03o", c)
		case c == '\\':
			out.WriteString("\\\\")
		default:
			out.WriteByte(c)
		}
	}
	return out.String()
}

// lookupEncoding is pg_char_to_encoding for convert, convert_to and
// convert_from; role is "source" or "destination" for the error.
func lookupEncoding(name, role string) (*mb.Encoding, error) {
	canon, ok := mb.Canonical(name)
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid %s encoding name \"%s\"", role, name)
	}
	enc := mb.Lookup(canon)
	if enc == nil {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "conversion to and from encoding \"%s\" is not supported yet", canon)
	}
	return enc, nil
}
