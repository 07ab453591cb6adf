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

	"golang.org/x/text/encoding/charmap"

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
		b, err := convertEncoding(a[0].Text(), encodingUTF8, dst)
		return types.Bytes(b), err
	})
	m["pg_convert_from"] = textN(func(a []types.Datum) (types.Datum, error) {
		src, err := lookupEncoding(a[1].Text(), "source")
		if err != nil {
			return types.Null, err
		}
		b, err := convertEncoding(a[0].Text(), src, encodingUTF8)
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
		b, err := convertEncoding(a[0].Text(), src, dst)
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

// encoding is a character set convert_to and convert_from know: the
// server's UTF8, SQL_ASCII (bytes taken as they are) or a single-byte
// set.
type encoding struct {
	name    string           // PostgreSQL's name, as messages spell it
	charmap *charmap.Charmap // nil for UTF8 and SQL_ASCII
}

var (
	encodingUTF8     = &encoding{name: "UTF8"}
	encodingSQLASCII = &encoding{name: "SQL_ASCII"}
)

// singleByteEncodings are PostgreSQL's single-byte server encodings.
var singleByteEncodings = map[string]*charmap.Charmap{
	"LATIN1": charmap.ISO8859_1, "LATIN2": charmap.ISO8859_2, "LATIN3": charmap.ISO8859_3,
	"LATIN4": charmap.ISO8859_4, "LATIN5": charmap.ISO8859_9, "LATIN6": charmap.ISO8859_10,
	"LATIN7": charmap.ISO8859_13, "LATIN8": charmap.ISO8859_14, "LATIN9": charmap.ISO8859_15,
	"LATIN10": charmap.ISO8859_16, "ISO_8859_5": charmap.ISO8859_5, "ISO_8859_6": charmap.ISO8859_6,
	"ISO_8859_7": charmap.ISO8859_7, "ISO_8859_8": charmap.ISO8859_8, "WIN1250": charmap.Windows1250,
	"WIN1251": charmap.Windows1251, "WIN1252": charmap.Windows1252, "WIN1253": charmap.Windows1253,
	"WIN1254": charmap.Windows1254, "WIN1255": charmap.Windows1255, "WIN1256": charmap.Windows1256,
	"WIN1257": charmap.Windows1257, "WIN1258": charmap.Windows1258, "WIN866": charmap.CodePage866,
	"WIN874": charmap.Windows874, "KOI8R": charmap.KOI8R, "KOI8U": charmap.KOI8U,
}

// multiByteEncodings are PostgreSQL's other encodings, which gpostgres
// does not convert to or from yet.
var multiByteEncodings = []string{"EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "JOHAB",
	"MULE_INTERNAL", "SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "UHC", "GB18030"}

// encodingAliases maps names cleaned as pg_char_to_encoding cleans them
// (lower case, letters and digits only) to PostgreSQL's names.
var encodingAliases = map[string]string{
	"unicode": "UTF8", "sqlascii": "SQL_ASCII", "alt": "WIN866", "win": "WIN1251", "koi8": "KOI8R",
	"abc": "WIN1258", "tcvn": "WIN1258", "tcvn5712": "WIN1258", "vscii": "WIN1258",
	"iso88591": "LATIN1", "iso88592": "LATIN2", "iso88593": "LATIN3", "iso88594": "LATIN4",
	"iso88599": "LATIN5", "iso885910": "LATIN6", "iso885913": "LATIN7", "iso885914": "LATIN8",
	"iso885915": "LATIN9", "iso885916": "LATIN10", "windows866": "WIN866", "windows874": "WIN874",
	"mskanji": "SJIS", "shiftjis": "SJIS", "win932": "SJIS", "windows932": "SJIS",
	"win936": "GBK", "windows936": "GBK", "win949": "UHC", "windows949": "UHC",
	"win950": "BIG5", "windows950": "BIG5",
}

// lookupEncoding is pg_char_to_encoding; role is "source" or
// "destination" for the error.
func lookupEncoding(name, role string) (*encoding, error) {
	var clean strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			clean.WriteRune(r)
		}
	}
	c := clean.String()
	canon, ok := encodingAliases[c]
	if !ok {
		canon = strings.ToUpper(c)
		for _, n := range []string{"UTF8", "SQL_ASCII", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8"} {
			if strings.ReplaceAll(n, "_", "") == canon {
				canon = n
			}
		}
		if strings.HasPrefix(c, "windows") {
			canon = "WIN" + c[len("windows"):]
		}
	}
	switch canon {
	case "UTF8":
		return encodingUTF8, nil
	case "SQL_ASCII":
		return encodingSQLASCII, nil
	}
	if cm, ok := singleByteEncodings[canon]; ok {
		return &encoding{name: canon, charmap: cm}, nil
	}
	for _, n := range multiByteEncodings {
		if strings.ReplaceAll(n, "_", "") == canon || n == canon {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "conversion to and from encoding \"%s\" is not supported yet", n)
		}
	}
	return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid %s encoding name \"%s\"", role, name)
}

// convertEncoding is pg_convert: src's bytes as dst's, the result checked
// as PostgreSQL checks it.
func convertEncoding(s string, src, dst *encoding) ([]byte, error) {
	if src == dst || src.name == dst.name || dst == encodingSQLASCII || src == encodingSQLASCII {
		// No conversion; what reaches the server encoding must be valid
		// in it.
		if dst == encodingUTF8 {
			if err := types.CheckUTF8(s); err != nil {
				return nil, err
			}
		}
		return []byte(s), nil
	}
	// Through UTF8: decode the source, encode the destination.
	var text string
	if src == encodingUTF8 {
		if err := types.CheckUTF8(s); err != nil {
			return nil, err
		}
		text = s
	} else {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			r := src.charmap.DecodeByte(s[i])
			if r == utf8.RuneError || s[i] == 0 {
				if s[i] == 0 {
					return nil, types.InvalidByteSequence(src.name, s[i:i+1])
				}
				return nil, pgerr.Newf(pgerr.UntranslatableCharacter, "character with byte sequence 0x%02x in encoding \"%s\" has no equivalent in encoding \"UTF8\"", s[i], src.name)
			}
			b.WriteRune(r)
		}
		text = b.String()
	}
	if dst == encodingUTF8 {
		return []byte(text), nil
	}
	out := make([]byte, 0, len(text))
	for i, r := range text {
		c, ok := dst.charmap.EncodeRune(r)
		if !ok || r == 0 {
			size := utf8.RuneLen(r)
			return nil, pgerr.Newf(pgerr.UntranslatableCharacter, "character with byte sequence %s in encoding \"%s\" has no equivalent in encoding \"%s\"",
				types.ByteSequence(text[i:i+size]), src.name, dst.name)
		}
		out = append(out, c)
	}
	return out, nil
}

// ConvertibleEncoding reports whether name (a canonical encoding name,
// config.EncodingName's) is one ConvertEncoding converts to and from UTF8:
// UTF8, SQL_ASCII and the single-byte encodings.
func ConvertibleEncoding(name string) bool {
	_, single := singleByteEncodings[name]
	return single || name == "UTF8" || name == "SQL_ASCII"
}

// ConvertEncoding converts s between the server's UTF8 and encoding name
// (ConvertibleEncoding's), as pg_do_encoding_conversion does for COPY's
// ENCODING option: toUTF8 reads s in that encoding, otherwise s is UTF8
// written in it. Errors are PostgreSQL's.
func ConvertEncoding(s string, name string, toUTF8 bool) ([]byte, error) {
	enc, err := lookupEncoding(name, "source")
	if err != nil {
		return nil, err
	}
	if toUTF8 {
		return convertEncoding(s, enc, encodingUTF8)
	}
	return convertEncoding(s, encodingUTF8, enc)
}
