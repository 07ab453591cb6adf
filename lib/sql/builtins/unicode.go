// This file implements the Unicode string functions: unistr() and the
// normalization functions behind normalize() and IS [NOT] NFC NORMALIZED
// (PostgreSQL's varlena.c; the database encoding is always UTF8).

package builtins

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func addUnicodeImpls(m map[string]implEntry) {
	m["unistr"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s, err := unistr(ec, a[0].Text())
		if err != nil {
			return types.Null, err
		}
		return types.Text(s), nil
	}}
	m["unicode_normalize_func"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		form, err := normalizationForm(a[1].Text())
		if err != nil {
			return types.Null, err
		}
		return types.Text(form.String(a[0].Text())), ec.CheckCancel()
	}}
	m["unicode_is_normalized"] = implEntry{impl: func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		form, err := normalizationForm(a[1].Text())
		if err != nil {
			return types.Null, err
		}
		return types.Bool(form.IsNormalString(a[0].Text())), ec.CheckCancel()
	}}
}

// normalizationForm is unicode_norm_form_from_string.
func normalizationForm(s string) (norm.Form, error) {
	switch strings.ToUpper(s) {
	case "NFC":
		return norm.NFC, nil
	case "NFD":
		return norm.NFD, nil
	case "NFKC":
		return norm.NFKC, nil
	case "NFKD":
		return norm.NFKD, nil
	}
	return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid normalization form: %s", s)
}

// unistr decodes the Unicode escapes \XXXX, \+XXXXXX, \uXXXX and
// \UXXXXXXXX (UTF-16 surrogate pairs combined) and \\ in s.
func unistr(ec *expr.EvalContext, s string) (string, error) {
	errPair := pgerr.New(pgerr.SyntaxError, "invalid Unicode surrogate pair")
	var b strings.Builder
	var pairFirst rune
	for i := 0; i < len(s); {
		if i&0xffff == 0 {
			if err := ec.CheckCancel(); err != nil {
				return "", err
			}
		}
		if s[i] != '\\' {
			if pairFirst != 0 {
				return "", errPair
			}
			b.WriteByte(s[i])
			i++
			continue
		}
		rest := s[i+1:]
		var digits, skip int
		switch {
		case strings.HasPrefix(rest, "\\"):
			if pairFirst != 0 {
				return "", errPair
			}
			b.WriteByte('\\')
			i += 2
			continue
		case hexDigits(rest, 4):
			digits, skip = 4, 1
		case strings.HasPrefix(rest, "u") && hexDigits(rest[1:], 4):
			digits, skip = 4, 2
		case strings.HasPrefix(rest, "+") && hexDigits(rest[1:], 6):
			digits, skip = 6, 2
		case strings.HasPrefix(rest, "U") && hexDigits(rest[1:], 8):
			digits, skip = 8, 2
		default:
			return "", pgerr.New(pgerr.SyntaxError, "invalid Unicode escape").
				WithHint("Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.")
		}
		v, _ := strconv.ParseUint(s[i+skip:i+skip+digits], 16, 32)
		c := rune(v)
		if v == 0 || v > utf8.MaxRune {
			return "", pgerr.Newf(pgerr.InvalidParameterValue, "invalid Unicode code point: %04X", v)
		}
		i += skip + digits
		second := c >= 0xDC00 && c <= 0xDFFF
		switch {
		case pairFirst != 0 && !second, pairFirst == 0 && second:
			return "", errPair
		case pairFirst != 0:
			c = (pairFirst-0xD800)<<10 + (c - 0xDC00) + 0x10000
			pairFirst = 0
		case c >= 0xD800 && c <= 0xDBFF:
			pairFirst = c
			continue
		}
		b.WriteRune(c)
	}
	if pairFirst != 0 {
		return "", errPair
	}
	return b.String(), nil
}

// hexDigits reports whether s starts with n hexadecimal digits.
func hexDigits(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for i := 0; i < n; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
