// This file implements the string functions: length, case mapping,
// substrings, trimming, padding, concatenation and friends, counting in
// characters (UTF-8) where PostgreSQL does.

package builtins

import (
	"crypto/md5"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func text1(f func(s string) (types.Datum, error)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) { return f(args[0].Text()) }}
}

func textN(f func(args []types.Datum) (types.Datum, error)) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, args []types.Datum) (types.Datum, error) { return f(args) }}
}

func textResult(s string) (types.Datum, error) { return types.Text(s), nil }

// runeOffset returns the byte offset of character n (0-based) of s, or
// len(s).
func runeOffset(s string, n int64) int {
	if n <= 0 {
		return 0
	}
	i := 0
	for c := int64(0); c < n && i < len(s); c++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// substr is text_substr: characters start .. start+length-1 (1-based),
// clipped to the string; length < 0 means to the end when noLen.
func substr(s string, start, length int64, noLen bool, bytes bool) (string, error) {
	if !noLen && length < 0 {
		return "", pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
	}
	end := int64(1) << 62
	if !noLen {
		end = start + length // exclusive, 1-based
		if length > 0 && end < start {
			end = int64(1) << 62
		}
	}
	if start < 1 {
		start = 1
	}
	if end <= start {
		return "", nil
	}
	if bytes {
		b := min(start-1, int64(len(s)))
		e := min(end-1, int64(len(s)))
		return s[b:e], nil
	}
	b := runeOffset(s, start-1)
	e := b + runeOffset(s[b:], end-start)
	return s[b:e], nil
}

// trimSet removes characters of set from the ends of s.
func trimSet(s, set string, left, right bool) string {
	in := func(r rune) bool { return strings.ContainsRune(set, r) }
	if left {
		s = strings.TrimLeftFunc(s, in)
	}
	if right {
		s = strings.TrimRightFunc(s, in)
	}
	return s
}

func trimBytes(s, set string, left, right bool) string {
	if left {
		for len(s) > 0 && strings.IndexByte(set, s[0]) >= 0 {
			s = s[1:]
		}
	}
	if right {
		for len(s) > 0 && strings.IndexByte(set, s[len(s)-1]) >= 0 {
			s = s[:len(s)-1]
		}
	}
	return s
}

// pad is lpad/rpad. Like PostgreSQL it sizes the result for four bytes
// per character and refuses results that could exceed 1GB.
func pad(s string, length int64, fill string, left bool) (string, error) {
	if length < 0 {
		length = 0
	}
	n := int64(utf8.RuneCountInString(s))
	if n >= length || fill == "" {
		return s[:runeOffset(s, length)], nil
	}
	if length*4+4 > 1<<30-1 {
		return "", pgerr.New(pgerr.ProgramLimitExceeded, "requested length too large")
	}
	need := length - n
	var b strings.Builder
	fr := []rune(fill)
	if !left {
		b.WriteString(s)
	}
	for i := int64(0); i < need; i++ {
		b.WriteRune(fr[i%int64(len(fr))])
	}
	if left {
		b.WriteString(s)
	}
	return b.String(), nil
}

func initcap(s string) string {
	var b strings.Builder
	wasAlnum := false
	for _, r := range s {
		if wasAlnum {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
		wasAlnum = unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return b.String()
}

// quoteIdent is quote_ident: identifiers that are lower case, start with a
// letter or underscore and are not keywords stay as they are.
func quoteIdent(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; safe && i < len(s); i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
	}
	if safe && isNonUnreservedKeyword(s) {
		safe = false
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// isNonUnreservedKeyword reports whether s is a PostgreSQL 15 keyword
// that needs quoting as an identifier (any but an unreserved one). The
// list is PostgreSQL 15's (keywords.go): the linked grammar is a later
// release's, with keywords such as json_object that PostgreSQL 15 leaves
// unquoted.
func isNonUnreservedKeyword(s string) bool {
	c, ok := keywordCategories[s]
	return ok && c != 'U'
}

// keywordCategories maps each PostgreSQL 15 keyword to its category;
// built once, never changed.
var keywordCategories = func() map[string]byte {
	m := make(map[string]byte, len(sqlKeywords))
	for _, k := range sqlKeywords {
		m[k.word] = k.category
	}
	return m
}()

// QuoteLiteral is quote_literal: E'...' when backslashes occur.
func QuoteLiteral(s string) string {
	var b strings.Builder
	if strings.ContainsRune(s, '\\') {
		b.WriteByte('E')
	}
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			b.WriteByte(s[i])
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('\'')
	return b.String()
}

// outputOf returns a function printing values of type t in text form,
// for functions taking "any".
func outputOf(t uint32) func(ec *expr.EvalContext, d types.Datum) string {
	return func(ec *expr.EvalContext, d types.Datum) string {
		return string(types.AppendText(nil, t, d, ec.Format))
	}
}

// castToText returns the conversion of ::text for type t: the output
// function except where pg_cast names a function (bool prints true/false,
// character(n) loses its padding).
func castToText(t uint32) func(ec *expr.EvalContext, d types.Datum) string {
	switch t {
	case types.OidBool:
		return func(_ *expr.EvalContext, d types.Datum) string {
			if d.Bool() {
				return "true"
			}
			return "false"
		}
	case types.OidBpchar:
		return func(_ *expr.EvalContext, d types.Datum) string { return types.BpcharTrimmed(d.Text()) }
	}
	return outputOf(t)
}

func splitPart(s, delim string, n int64) (string, error) {
	if n == 0 {
		return "", pgerr.New(pgerr.InvalidParameterValue, "field position must not be zero")
	}
	if delim == "" {
		if n == 1 || n == -1 {
			return s, nil
		}
		return "", nil
	}
	parts := strings.Split(s, delim)
	if s == "" {
		return "", nil
	}
	if n < 0 {
		n = int64(len(parts)) + n + 1
		if n < 1 {
			return "", nil
		}
	}
	if n > int64(len(parts)) {
		return "", nil
	}
	return parts[n-1], nil
}

func addTextImpls(m map[string]implEntry) {
	m["textcat"] = textN(func(a []types.Datum) (types.Datum, error) {
		if err := checkVarlena(int64(len(a[0].Text())) + int64(len(a[1].Text()))); err != nil {
			return types.Null, err
		}
		return textResult(a[0].Text() + a[1].Text())
	})
	m["byteacat"] = textN(func(a []types.Datum) (types.Datum, error) {
		if err := checkVarlena(int64(len(a[0].Text())) + int64(len(a[1].Text()))); err != nil {
			return types.Null, err
		}
		return types.Bytes([]byte(a[0].Text() + a[1].Text())), nil
	})
	charLen := text1(func(s string) (types.Datum, error) { return types.Int(int64(utf8.RuneCountInString(s))), nil })
	octetLen := text1(func(s string) (types.Datum, error) { return types.Int(int64(len(s))), nil })
	m["textlen"] = charLen
	m["bpcharlen"] = text1(func(s string) (types.Datum, error) {
		return types.Int(int64(utf8.RuneCountInString(types.BpcharTrimmed(s)))), nil
	})
	m["textoctetlen"], m["bpcharoctetlen"], m["byteaoctetlen"] = octetLen, octetLen, octetLen
	bitLen := text1(func(s string) (types.Datum, error) { return types.Int(int64(len(s)) * 8), nil })
	m["sql_bit_length_1810"], m["sql_bit_length_1811"] = bitLen, bitLen
	m["lower"] = text1(func(s string) (types.Datum, error) { return textResult(strings.ToLower(s)) })
	m["upper"] = text1(func(s string) (types.Datum, error) { return textResult(strings.ToUpper(s)) })
	m["initcap"] = text1(func(s string) (types.Datum, error) { return textResult(initcap(s)) })
	m["text_substr"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := substr(a[0].Text(), a[1].Int(), a[2].Int(), false, false)
		return types.Text(s), err
	})
	m["text_substr_no_len"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := substr(a[0].Text(), a[1].Int(), 0, true, false)
		return types.Text(s), err
	})
	m["bytea_substr"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := substr(a[0].Text(), a[1].Int(), a[2].Int(), false, true)
		return types.Text(s), err
	})
	m["bytea_substr_no_len"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := substr(a[0].Text(), a[1].Int(), 0, true, true)
		return types.Text(s), err
	})
	m["textpos"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, sub := a[0].Text(), a[1].Text()
		i := strings.Index(s, sub)
		if i < 0 {
			return types.Int(0), nil
		}
		return types.Int(int64(utf8.RuneCountInString(s[:i])) + 1), nil
	})
	m["byteapos"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(strings.Index(a[0].Text(), a[1].Text())) + 1), nil
	})
	trim := func(left, right bool) implEntry {
		return textN(func(a []types.Datum) (types.Datum, error) {
			set := " "
			if len(a) > 1 {
				set = a[1].Text()
			}
			return textResult(trimSet(a[0].Text(), set, left, right))
		})
	}
	m["btrim"], m["btrim1"] = trim(true, true), trim(true, true)
	m["ltrim"], m["ltrim1"] = trim(true, false), trim(true, false)
	m["rtrim"], m["rtrim1"] = trim(false, true), trim(false, true)
	trimB := func(left, right bool) implEntry {
		return textN(func(a []types.Datum) (types.Datum, error) {
			return types.Bytes([]byte(trimBytes(a[0].Text(), a[1].Text(), left, right))), nil
		})
	}
	m["byteatrim"], m["bytealtrim"], m["byteartrim"] = trimB(true, true), trimB(true, false), trimB(false, true)
	m["replace_text"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, from, to := a[0].Text(), a[1].Text(), a[2].Text()
		if from == "" {
			return types.Text(s), nil
		}
		// replace_text appends the text before each match, then the
		// replacement, to a string buffer: check its growth first.
		var have int64
		for rest := s; ; {
			i := strings.Index(rest, from)
			if i < 0 {
				if err := checkAppend(have, int64(len(rest))); err != nil {
					return types.Null, err
				}
				break
			}
			if err := checkAppend(have, int64(i)); err != nil {
				return types.Null, err
			}
			have += int64(i)
			if err := checkAppend(have, int64(len(to))); err != nil {
				return types.Null, err
			}
			have += int64(len(to))
			rest = rest[i+len(from):]
		}
		return textResult(strings.ReplaceAll(s, from, to))
	})
	m["repeat"] = textN(func(a []types.Datum) (types.Datum, error) {
		n := a[1].Int()
		s := a[0].Text()
		if n <= 0 || s == "" {
			return types.Text(""), nil
		}
		if int64(len(s))*n > 1<<30-1 {
			return types.Null, pgerr.New(pgerr.ProgramLimitExceeded, "requested length too large")
		}
		return textResult(strings.Repeat(s, int(n)))
	})
	m["text_left"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, n := a[0].Text(), a[1].Int()
		if n < 0 {
			n = max(int64(utf8.RuneCountInString(s))+n, 0)
		}
		return textResult(s[:runeOffset(s, n)])
	})
	m["text_right"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, n := a[0].Text(), a[1].Int()
		total := int64(utf8.RuneCountInString(s))
		if n < 0 {
			n = max(total+n, 0)
		}
		return textResult(s[runeOffset(s, max(total-n, 0)):])
	})
	padImpl := func(left, space bool) implEntry {
		return textN(func(a []types.Datum) (types.Datum, error) {
			fill := " "
			if !space {
				fill = a[2].Text()
			}
			r, err := pad(a[0].Text(), a[1].Int(), fill, left)
			return types.Text(r), err
		})
	}
	m["lpad"], m["rpad"] = padImpl(true, false), padImpl(false, false)
	m["sql_lpad_879"], m["sql_rpad_880"] = padImpl(true, true), padImpl(false, true)
	m["text_reverse"] = text1(func(s string) (types.Datum, error) {
		r := []rune(s)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return textResult(string(r))
	})
	m["split_part"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := splitPart(a[0].Text(), a[1].Text(), a[2].Int())
		return types.Text(s), err
	})
	m["text_starts_with"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Bool(strings.HasPrefix(a[0].Text(), a[1].Text())), nil
	})
	m["chr"] = textN(func(a []types.Datum) (types.Datum, error) {
		c := a[0].Int()
		switch {
		case c == 0:
			return types.Null, pgerr.New(pgerr.ProgramLimitExceeded, "null character not permitted")
		case c < 0:
			return types.Null, pgerr.New(pgerr.ProgramLimitExceeded, "character number must be positive")
		case c > 0x10FFFF:
			return types.Null, pgerr.Newf(pgerr.ProgramLimitExceeded, "requested character too large for encoding: %d", c)
		case c >= 0xD800 && c <= 0xDFFF:
			return types.Null, pgerr.Newf(pgerr.ProgramLimitExceeded, "requested character not valid for encoding: %d", c)
		}
		return textResult(string(rune(c)))
	})
	m["ascii"] = text1(func(s string) (types.Datum, error) {
		if s == "" {
			return types.Int(0), nil
		}
		r, _ := utf8.DecodeRuneInString(s)
		return types.Int(int64(r)), nil
	})
	md5f := text1(func(s string) (types.Datum, error) {
		sum := md5.Sum([]byte(s))
		return textResult(hex.EncodeToString(sum[:]))
	})
	m["md5_text"], m["md5_bytea"] = md5f, md5f
	m["to_hex32"] = textN(func(a []types.Datum) (types.Datum, error) {
		return textResult(strconv.FormatUint(uint64(uint32(a[0].Int())), 16))
	})
	m["to_hex64"] = textN(func(a []types.Datum) (types.Datum, error) {
		return textResult(strconv.FormatUint(uint64(a[0].Int()), 16))
	})
	m["translate"] = textN(func(a []types.Datum) (types.Datum, error) {
		from, to := []rune(a[1].Text()), []rune(a[2].Text())
		var b strings.Builder
		for _, r := range a[0].Text() {
			i := -1
			for j, f := range from {
				if f == r {
					i = j
					break
				}
			}
			switch {
			case i < 0:
				b.WriteRune(r)
			case i < len(to):
				b.WriteRune(to[i])
			}
		}
		return textResult(b.String())
	})
	m["quote_ident"] = text1(func(s string) (types.Datum, error) { return textResult(quoteIdent(s)) })
	m["quote_literal"] = text1(func(s string) (types.Datum, error) { return textResult(QuoteLiteral(s)) })
	m["quote_nullable"] = implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Text("NULL"), nil
		}
		return textResult(QuoteLiteral(a[0].Text()))
	}}
	anyQuote := func(nullable bool) implEntry {
		return implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
			out := outputOf(argTypes[0])
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				if a[0].IsNull() {
					if nullable {
						return types.Text("NULL"), nil
					}
					return types.Null, nil
				}
				return textResult(QuoteLiteral(out(ec, a[0])))
			}
		}}
	}
	m["sql_quote_literal_1285"] = anyQuote(false)
	m["sql_quote_nullable_1290"] = anyQuote(true)
	overlay := func(noLen bool, bytes bool) implEntry {
		return textN(func(a []types.Datum) (types.Datum, error) {
			s, repl, start := a[0].Text(), a[1].Text(), a[2].Int()
			var n int64
			if noLen {
				n = int64(utf8.RuneCountInString(repl))
				if bytes {
					n = int64(len(repl))
				}
			} else {
				n = a[3].Int()
			}
			if start <= 0 {
				return types.Null, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
			}
			// Start and length are int4 in PostgreSQL, and so is their sum.
			if start+n > math.MaxInt32 || start+n < math.MinInt32 {
				return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "integer out of range")
			}
			head, err := substr(s, 1, start-1, false, bytes)
			if err != nil {
				return types.Null, err
			}
			tail, err := substr(s, start+n, 0, true, bytes)
			if err != nil {
				return types.Null, err
			}
			if bytes {
				return types.Bytes([]byte(head + repl + tail)), nil
			}
			return textResult(head + repl + tail)
		})
	}
	m["textoverlay"], m["textoverlay_no_len"] = overlay(false, false), overlay(true, false)
	m["byteaoverlay"], m["byteaoverlay_no_len"] = overlay(false, true), overlay(true, true)
	m["text_concat"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		outs := make([]func(*expr.EvalContext, types.Datum) string, len(argTypes))
		for i, t := range argTypes {
			outs[i] = outputOf(t)
		}
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			var b strings.Builder
			for i, d := range a {
				if !d.IsNull() {
					v := outs[i](ec, d)
					if err := checkAppend(int64(b.Len()), int64(len(v))); err != nil {
						return types.Null, err
					}
					b.WriteString(v)
				}
			}
			return textResult(b.String())
		}
	}}
	m["text_concat_ws"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		outs := make([]func(*expr.EvalContext, types.Datum) string, len(argTypes))
		for i, t := range argTypes {
			outs[i] = outputOf(t)
		}
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			if a[0].IsNull() {
				return types.Null, nil
			}
			sep := a[0].Text()
			var b strings.Builder
			first := true
			for i := 1; i < len(a); i++ {
				if a[i].IsNull() {
					continue
				}
				if !first {
					b.WriteString(sep)
				}
				first = false
				b.WriteString(outs[i](ec, a[i]))
			}
			return textResult(b.String())
		}
	}}
	// anynonarray || text and text || anynonarray concatenate the text
	// form of the other operand.
	m["sql_anytextcat_2004"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		out := castToText(argTypes[0])
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			l := out(ec, a[0])
			if err := checkVarlena(int64(len(l)) + int64(len(a[1].Text()))); err != nil {
				return types.Null, err
			}
			return textResult(l + a[1].Text())
		}
	}}
	m["sql_textanycat_2003"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		out := castToText(argTypes[1])
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			r := out(ec, a[1])
			if err := checkVarlena(int64(len(a[0].Text())) + int64(len(r))); err != nil {
				return types.Null, err
			}
			return textResult(a[0].Text() + r)
		}
	}}
}
