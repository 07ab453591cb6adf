// Package mb converts text between the server's encoding and the
// encodings clients and files use, as PostgreSQL's utils/mb does.
//
// The server encoding of every gpostgres database is UTF8. Text crosses
// into another encoding in three places: the client connection (the
// client_encoding setting), COPY's data (its ENCODING option, else the
// client's) and the convert/convert_to/convert_from functions. All of them
// use this package, so the names, the set of supported encodings and the
// error messages are PostgreSQL's in every place.
//
// Supported are UTF8, SQL_ASCII (bytes taken as they are, checked as UTF8
// on the way in, as PostgreSQL does for a SQL_ASCII client of a UTF8
// database) and PostgreSQL's single-byte encodings. PostgreSQL's
// multi-byte encodings (EUC_*, SJIS, BIG5, GBK, UHC, GB18030, ...) are
// known by name but refused: their conversion tables differ in details
// from the ones Go's libraries carry, and a silently different character
// would be a wrong answer.
package mb

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Encoding is one character set text can be converted to and from.
type Encoding struct {
	// Name is PostgreSQL's canonical name, as messages spell it.
	Name string
	// charmap decodes and encodes a single-byte encoding; nil for UTF8
	// and SQL_ASCII.
	charmap *charmap.Charmap
}

// UTF8 is the server encoding; SQLASCII takes bytes as they are.
var (
	UTF8     = &Encoding{Name: "UTF8"}
	SQLASCII = &Encoding{Name: "SQL_ASCII"}
)

// Passthrough reports whether text goes between the server and e without
// conversion (UTF8 and SQL_ASCII); incoming text is still checked.
func (e *Encoding) Passthrough() bool { return e.charmap == nil }

// names are PostgreSQL's canonical encoding names (pg_enc2name_tbl), in
// the order of their numbers (pg_enc in pg_wchar.h), which
// pg_database.encoding stores.
var names = []string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8",
	"MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6",
	"LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866",
	"WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6",
	"ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255",
	"WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB",
	"SHIFT_JIS_2004",
}

// Names returns PostgreSQL's canonical encoding names.
func Names() []string { return append([]string(nil), names...) }

// ID returns the number PostgreSQL stores for a canonical encoding name
// ("UTF8" is 6).
func ID(name string) (int, bool) {
	for i, n := range names {
		if n == name {
			return i, true
		}
	}
	return 0, false
}

// IsServerEncoding reports whether a canonical name is one a database
// may use (PG_VALID_BE_ENCODING): every encoding numbered up to KOI8U;
// the later ones are for clients only.
func IsServerEncoding(canon string) bool {
	id, ok := ID(canon)
	last, _ := ID("KOI8U")
	return ok && id <= last
}

// NameOfID returns the canonical name of encoding number id.
func NameOfID(id int) (string, bool) {
	if id < 0 || id >= len(names) {
		return "", false
	}
	return names[id], true
}

// aliases is pg_encname_tbl: a name cleaned as clean_encoding_name cleans
// it (lower case, letters and digits only) -> canonical name.
var aliases = map[string]string{
	"abc": "WIN1258", "alt": "WIN866", "big5": "BIG5", "euccn": "EUC_CN",
	"eucjis2004": "EUC_JIS_2004", "eucjp": "EUC_JP", "euckr": "EUC_KR",
	"euctw": "EUC_TW", "gb18030": "GB18030", "gbk": "GBK",
	"iso88591": "LATIN1", "iso885910": "LATIN6", "iso885913": "LATIN7",
	"iso885914": "LATIN8", "iso885915": "LATIN9", "iso885916": "LATIN10",
	"iso88592": "LATIN2", "iso88593": "LATIN3", "iso88594": "LATIN4",
	"iso88595": "ISO_8859_5", "iso88596": "ISO_8859_6", "iso88597": "ISO_8859_7",
	"iso88598": "ISO_8859_8", "iso88599": "LATIN5", "johab": "JOHAB",
	"koi8": "KOI8R", "koi8r": "KOI8R", "koi8u": "KOI8U",
	"latin1": "LATIN1", "latin10": "LATIN10", "latin2": "LATIN2", "latin3": "LATIN3",
	"latin4": "LATIN4", "latin5": "LATIN5", "latin6": "LATIN6", "latin7": "LATIN7",
	"latin8": "LATIN8", "latin9": "LATIN9", "mskanji": "SJIS",
	"muleinternal": "MULE_INTERNAL", "shiftjis": "SJIS", "shiftjis2004": "SHIFT_JIS_2004",
	"sjis": "SJIS", "sqlascii": "SQL_ASCII", "tcvn": "WIN1258", "tcvn5712": "WIN1258",
	"uhc": "UHC", "unicode": "UTF8", "utf8": "UTF8", "vscii": "WIN1258",
	"win": "WIN1251", "win1250": "WIN1250", "win1251": "WIN1251", "win1252": "WIN1252",
	"win1253": "WIN1253", "win1254": "WIN1254", "win1255": "WIN1255", "win1256": "WIN1256",
	"win1257": "WIN1257", "win1258": "WIN1258", "win866": "WIN866", "win874": "WIN874",
	"win932": "SJIS", "win936": "GBK", "win949": "UHC", "win950": "BIG5",
	"windows1250": "WIN1250", "windows1251": "WIN1251", "windows1252": "WIN1252",
	"windows1253": "WIN1253", "windows1254": "WIN1254", "windows1255": "WIN1255",
	"windows1256": "WIN1256", "windows1257": "WIN1257", "windows1258": "WIN1258",
	"windows866": "WIN866", "windows874": "WIN874", "windows932": "SJIS",
	"windows936": "GBK", "windows949": "UHC", "windows950": "BIG5",
}

// singleByte are PostgreSQL's single-byte encodings and the tables that
// convert them.
var singleByte = map[string]*charmap.Charmap{
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

// Canonical returns the canonical name of an encoding given by any of
// PostgreSQL's aliases, ignoring case and punctuation ("utf-8" -> "UTF8"),
// as pg_char_to_encoding reads it.
func Canonical(name string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	canon, ok := aliases[b.String()]
	return canon, ok
}

// Lookup returns the encoding of a canonical name, or nil when gpostgres
// does not convert to and from it (the multi-byte encodings and
// MULE_INTERNAL).
func Lookup(canon string) *Encoding {
	switch canon {
	case "UTF8":
		return UTF8
	case "SQL_ASCII":
		return SQLASCII
	}
	if cm, ok := singleByte[canon]; ok {
		return &Encoding{Name: canon, charmap: cm}
	}
	return nil
}

// Convert is pg_do_encoding_conversion: s read in src and written in dst.
// What reaches UTF8 must be valid UTF8; a character dst lacks is
// PostgreSQL's 22P05 error. The result may alias s when nothing changes.
func Convert(s []byte, src, dst *Encoding) ([]byte, error) {
	if src.Name == dst.Name || src == SQLASCII || dst == SQLASCII {
		// No conversion; what reaches the server encoding must be valid
		// in it.
		if dst == UTF8 {
			if err := types.CheckUTF8(string(s)); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	// Through UTF8: decode the source, encode the destination.
	var text []byte
	if src == UTF8 {
		if err := types.CheckUTF8(string(s)); err != nil {
			return nil, err
		}
		text = s
	} else {
		text = make([]byte, 0, len(s)+len(s)/4)
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < utf8.RuneSelf && c != 0 {
				text = append(text, c)
				continue
			}
			r := src.charmap.DecodeByte(c)
			if c == 0 {
				return nil, types.InvalidByteSequence(src.Name, string(s[i:i+1]))
			}
			if r == utf8.RuneError {
				return nil, Untranslatable(s[i:i+1], src.Name, "UTF8")
			}
			text = utf8.AppendRune(text, r)
		}
	}
	if dst == UTF8 {
		return text, nil
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf && c != 0 {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		b, ok := dst.charmap.EncodeRune(r)
		if !ok || r == 0 {
			return nil, Untranslatable(text[i:i+size], "UTF8", dst.Name)
		}
		out = append(out, b)
		i += size
	}
	return out, nil
}

// ToServer converts text a client (or a file) sent in e to the server's
// UTF8, checking it.
func ToServer(s []byte, e *Encoding) ([]byte, error) { return Convert(s, e, UTF8) }

// FromServer converts the server's UTF8 text to e.
func FromServer(s []byte, e *Encoding) ([]byte, error) { return Convert(s, UTF8, e) }

// Untranslatable is report_untranslatable_char: the character seq of
// encoding src has no equivalent in dst.
func Untranslatable(seq []byte, src, dst string) error {
	return pgerr.Newf(pgerr.UntranslatableCharacter,
		"character with byte sequence %s in encoding \"%s\" has no equivalent in encoding \"%s\"",
		types.ByteSequence(string(seq)), src, dst)
}
