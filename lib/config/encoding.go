// encoding.go canonicalizes client_encoding (encnames.c's alias table) and
// DateStyle (commands/variable.c's check_datestyle), the two REPORT
// parameters whose SHOW form differs from what clients send.

package config

import (
	"fmt"
	"strings"
)

// encodingNames are PostgreSQL's canonical encoding names (pg_enc2name_tbl).
var encodingNames = []string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8",
	"MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6",
	"LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866",
	"WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6",
	"ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255",
	"WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB",
	"SHIFT_JIS_2004",
}

// encodingAliases is pg_encname_tbl: cleaned-up name -> canonical name.
var encodingAliases = map[string]string{
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

// EncodingName returns the canonical name of an encoding given by any of
// PostgreSQL's aliases, ignoring case and punctuation ("utf-8" -> "UTF8").
func EncodingName(name string) (string, bool) {
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
	canon, ok := encodingAliases[b.String()]
	return canon, ok
}

// checkClientEncoding is check_client_encoding for a UTF8 database: the
// name is replaced by its canonical spelling, except "UNICODE", which old
// JDBC drivers expect to read back unchanged.
func checkClientEncoding(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	canon, ok := EncodingName(nv.s)
	if !ok {
		return &checkFailure{}
	}
	if canon == "MULE_INTERNAL" {
		return &checkFailure{code: "0A000",
			detail: fmt.Sprintf("Conversion between %s and %s is not supported.", canon, "UTF8")}
	}
	if nv.s != "UNICODE" {
		nv.s = canon
	}
	return nil
}

// checkDateStyle is check_datestyle: a list of an output style and a field
// order, which starts from the current values and is canonicalized to
// "Style, ORDER".
func checkDateStyle(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	style, order, f := s.parseDateStyle(v, nv.s, 0)
	if f != nil {
		return f
	}
	nv.s = style + ", " + order
	return nil
}

func (s *Settings) parseDateStyle(v *variable, text string, depth int) (string, string, *checkFailure) {
	style, order, _ := strings.Cut(v.cur.s, ", ")
	list, ok := SplitIdentifierString(text, ',')
	if !ok {
		return "", "", fail("List syntax is invalid.")
	}
	haveStyle, haveOrder, conflict := false, false, false
	setStyle := func(st string) {
		if haveStyle && style != st {
			conflict = true
		}
		style, haveStyle = st, true
	}
	setOrder := func(o string) {
		if haveOrder && order != o {
			conflict = true
		}
		order, haveOrder = o, true
	}
	prefix := func(tok, word string) bool {
		return len(tok) >= len(word) && strings.EqualFold(tok[:len(word)], word)
	}
	for _, tok := range list {
		switch {
		case strings.EqualFold(tok, "ISO"):
			setStyle("ISO")
		case strings.EqualFold(tok, "SQL"):
			setStyle("SQL")
		case prefix(tok, "POSTGRES"):
			setStyle("Postgres")
		case strings.EqualFold(tok, "GERMAN"):
			setStyle("German")
			if !haveOrder {
				order = "DMY"
			}
		case strings.EqualFold(tok, "YMD"):
			setOrder("YMD")
		case strings.EqualFold(tok, "DMY"), prefix(tok, "EURO"):
			setOrder("DMY")
		case strings.EqualFold(tok, "MDY"), strings.EqualFold(tok, "US"), prefix(tok, "NONEURO"):
			setOrder("MDY")
		case strings.EqualFold(tok, "DEFAULT"):
			if depth > 0 {
				return "", "", &checkFailure{}
			}
			dst, dor, f := s.parseDateStyle(v, v.reset.s, depth+1)
			if f != nil {
				return "", "", &checkFailure{}
			}
			if !haveStyle {
				style = dst
			}
			if !haveOrder {
				order = dor
			}
		default:
			return "", "", fail("Unrecognized key word: \"%s\".", tok)
		}
	}
	if conflict {
		return "", "", fail("Conflicting \"datestyle\" specifications.")
	}
	return style, order, nil
}
