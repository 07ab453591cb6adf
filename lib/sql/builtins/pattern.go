// This file implements pattern matching: LIKE and ILIKE with PostgreSQL's
// escape rules, SIMILAR TO by translation to a regular expression (as
// similar_escape), regexp_replace and substring; the regular expressions
// run on lib/regex (see regexp.go).

package builtins

import (
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/regex"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// likeMatch is MatchText: % matches any run of characters, _ one
// character, and a backslash makes the next character literal.
func likeMatch(s, p string, fold bool) (bool, error) {
	if fold {
		s, p = strings.ToLower(s), strings.ToLower(p)
	}
	if ok, simple := likeLiteral(s, p); simple {
		return ok, nil
	}
	return likeRunes(s, p)
}

// likeLiteral matches the common patterns 'lit', 'lit%', '%lit' and
// '%lit%' whose literal part has no wildcard or escape, by byte
// comparison: in UTF-8 a character sequence occurs in a text exactly
// where its bytes do. simple is false for other patterns.
func likeLiteral(s, p string) (ok, simple bool) {
	lead := strings.HasPrefix(p, "%")
	trail := len(p) > 1 && strings.HasSuffix(p, "%")
	lit := p
	if lead {
		lit = lit[1:]
	}
	if trail {
		lit = lit[:len(lit)-1]
	}
	if strings.ContainsAny(lit, `%_\`) {
		return false, false
	}
	switch {
	case lead && trail:
		return strings.Contains(s, lit), true
	case lead:
		return strings.HasSuffix(s, lit), true
	case trail:
		return strings.HasPrefix(s, lit), true
	}
	return s == lit, true
}

func likeRunes(s, p string) (bool, error) {
	for len(p) > 0 {
		if len(s) == 0 {
			// Out of text: only trailing %s can still match; the
			// pattern is not examined further, as in MatchText.
			return strings.Trim(p, "%") == "", nil
		}
		pc, pn := utf8.DecodeRuneInString(p)
		switch pc {
		case '\\':
			if len(p) == pn {
				return false, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
			}
			p = p[pn:]
			pc, pn = utf8.DecodeRuneInString(p)
			if len(s) == 0 {
				return false, nil
			}
			sc, sn := utf8.DecodeRuneInString(s)
			if sc != pc {
				return false, nil
			}
			s, p = s[sn:], p[pn:]
		case '%':
			for len(p) > 0 && (p[0] == '%' || p[0] == '_') {
				if p[0] == '_' {
					if len(s) == 0 {
						return false, nil
					}
					_, sn := utf8.DecodeRuneInString(s)
					s = s[sn:]
				}
				p = p[1:]
			}
			if len(p) == 0 {
				return true, nil
			}
			for {
				ok, err := likeRunes(s, p)
				if err != nil || ok {
					return ok, err
				}
				if len(s) == 0 {
					return false, nil
				}
				_, sn := utf8.DecodeRuneInString(s)
				s = s[sn:]
			}
		case '_':
			if len(s) == 0 {
				return false, nil
			}
			_, sn := utf8.DecodeRuneInString(s)
			s, p = s[sn:], p[pn:]
		default:
			if len(s) == 0 {
				return false, nil
			}
			sc, sn := utf8.DecodeRuneInString(s)
			if sc != pc {
				return false, nil
			}
			s, p = s[sn:], p[pn:]
		}
	}
	return len(s) == 0, nil
}

func likeImpl(fold, negate bool) implEntry {
	return implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		s := a[0].Text()
		ok, err := likeMatch(s, a[1].Text(), fold)
		if err != nil {
			return types.Null, err
		}
		return types.Bool(ok != negate), nil
	}}
}

// likeEscape is like_escape: rewrites a pattern written with escape
// character esc into one that uses backslash.
func likeEscape(p, esc string) (string, error) {
	if utf8.RuneCountInString(esc) > 1 {
		return "", pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
			WithHint("Escape string must be empty or one character.")
	}
	if esc == "\\" {
		return p, nil
	}
	var b strings.Builder
	e, _ := utf8.DecodeRuneInString(esc)
	afterEsc := false
	for _, r := range p {
		switch {
		case afterEsc:
			if r != '%' && r != '_' && r != e {
				b.WriteRune('\\')
				if r == '\\' {
					b.WriteRune('\\')
				}
				b.WriteRune(r)
			} else {
				b.WriteRune('\\')
				b.WriteRune(r)
			}
			afterEsc = false
		case esc != "" && r == e:
			afterEsc = true
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// similarEscape translates a SIMILAR TO pattern into an anchored POSIX
// regular expression, as similar_escape does. Two escape-double-quote
// separators divide the pattern into three parts for SUBSTRING ...
// SIMILAR: PostgreSQL emits ^(?:part1){1,1}?(part2){1,1}(?:part3)$, whose
// first part matches as little text as it can and the second as much.
func similarEscape(p string, esc string, hasEsc bool) (string, error) {
	e := '\\'
	if hasEsc {
		if esc == "" {
			e = -1
		} else if utf8.RuneCountInString(esc) != 1 {
			return "", pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").
				WithHint("Escape string must be empty or one character.")
		} else {
			e, _ = utf8.DecodeRuneInString(esc)
		}
	}
	var b strings.Builder
	b.WriteString("^(?:")
	afterEsc, inBracket := false, false
	// classStart is set right after "[" or "[^", where "]" is a member of
	// the class rather than its end; classCaret right after "[".
	classStart, classCaret, nquotes := false, false, 0
	for _, r := range p {
		switch {
		case afterEsc:
			if r == '"' && !inBracket {
				switch nquotes {
				case 0:
					b.WriteString("){1,1}?(")
				case 1:
					b.WriteString("){1,1}(?:")
				default:
					return "", pgerr.New(pgerr.InvalidUseOfEscapeCharacter,
						"SQL regular expression may not contain more than two escape-double-quote separators")
				}
				nquotes++
			} else {
				b.WriteRune('\\')
				b.WriteRune(r)
				classStart, classCaret = false, false
			}
			afterEsc = false
		case r == e:
			afterEsc = true
		case inBracket:
			if r == '\\' {
				b.WriteRune('\\')
			}
			b.WriteRune(r)
			switch {
			case r == '^' && classCaret:
				classCaret = false
			case r == ']' && !classStart:
				inBracket = false
			default:
				classStart, classCaret = false, false
			}
		case r == '[':
			inBracket, classStart, classCaret = true, true, true
			b.WriteRune(r)
		case r == '%':
			b.WriteString(".*")
		case r == '_':
			b.WriteRune('.')
		case r == '(':
			b.WriteString("(?:")
		case r == '\\', r == '.', r == '^', r == '$':
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(")$")
	return b.String(), nil
}

func addPatternImpls(m map[string]implEntry) {
	for _, t := range []string{"text", "name", "bpchar", "bytea"} {
		m[t+"like"] = likeImpl(false, false)
		m[t+"nlike"] = likeImpl(false, true)
		m[t+"iclike"] = likeImpl(true, false)
		m[t+"icnlike"] = likeImpl(true, true)
		m[t+"regexeq"] = regexMatchImpl(false, false)
		m[t+"regexne"] = regexMatchImpl(false, true)
		m[t+"icregexeq"] = regexMatchImpl(true, false)
		m[t+"icregexne"] = regexMatchImpl(true, true)
	}
	m["like_escape"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := likeEscape(a[0].Text(), a[1].Text())
		return types.Text(s), err
	})
	m["similar_to_escape_2"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := similarEscape(a[0].Text(), a[1].Text(), true)
		return types.Text(s), err
	})
	m["similar_to_escape_1"] = textN(func(a []types.Datum) (types.Datum, error) {
		s, err := similarEscape(a[0].Text(), "", false)
		return types.Text(s), err
	})
	replace := func(hasFlags, hasStart, hasN bool) implEntry {
		return implEntry{bind: func([]uint32, uint32) expr.Impl {
			var cache regexCache
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				global, opts := false, regex.Options{}
				start, n := int64(1), int64(0)
				i := 3
				if hasStart {
					start = a[i].Int()
					i++
					if start <= 0 {
						return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "start", start)
					}
				}
				if hasN {
					n = a[i].Int()
					i++
					if n < 0 {
						return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "n", n)
					}
				}
				if hasFlags {
					var err error
					if opts, global, err = regexFlags(a[i].Text()); err != nil {
						return types.Null, err
					}
				}
				if hasN && n == 0 {
					global = true
				}
				re, err := cache.get(a[1].Text(), opts)
				if err != nil {
					return types.Null, err
				}
				out, err := regexReplace(ec, re, a[0].Text(), a[2].Text(), start, n, global)
				if err != nil {
					return types.Null, err
				}
				return types.Text(out), nil
			}
		}}
	}
	m["textregexreplace_noopt"] = replace(false, false, false)
	m["textregexreplace"] = replace(true, false, false)
	m["textregexreplace_extended"] = replace(true, true, true)
	m["textregexreplace_extended_no_flags"] = replace(false, true, true)
	m["textregexreplace_extended_no_n"] = replace(false, true, false)
	// substring(text, pattern) returns the first parenthesized
	// subexpression's match, or the whole match if there is none.
	regexSubstr := func(ec *expr.EvalContext, cache *regexCache, s, pat string) (types.Datum, error) {
		re, err := cache.get(pat, regex.Options{})
		if err != nil {
			return types.Null, err
		}
		mm, err := re.Find(s, 0, true, regexChecker(ec))
		if err != nil {
			return types.Null, regexError(err)
		}
		if mm == nil {
			return types.Null, nil
		}
		if len(mm) > 2 {
			if mm[2] < 0 {
				return types.Null, nil
			}
			return types.Text(s[mm[2]:mm[3]]), nil
		}
		return types.Text(s[mm[0]:mm[1]]), nil
	}
	m["textregexsubstr"] = implEntry{bind: func([]uint32, uint32) expr.Impl {
		var cache regexCache
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			return regexSubstr(ec, &cache, a[0].Text(), a[1].Text())
		}
	}}
	// substring(text, pattern, escape) is SUBSTRING ... SIMILAR, the SQL
	// function substring($1, similar_to_escape($2, $3)); its errors carry
	// that function's context line, as PostgreSQL's do.
	m["sql_substring_2074"] = implEntry{bind: func([]uint32, uint32) expr.Impl {
		var cache regexCache
		inFunction := func(err error) error {
			if pe, ok := err.(*pgerr.Error); ok && pe.Where == "" {
				cp := *pe
				cp.Where = "SQL function \"substring\" statement 1"
				return &cp
			}
			return err
		}
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			pat, err := similarEscape(a[1].Text(), a[2].Text(), true)
			if err != nil {
				return types.Null, inFunction(err)
			}
			d, err := regexSubstr(ec, &cache, a[0].Text(), pat)
			if err != nil {
				return types.Null, inFunction(err)
			}
			return d, nil
		}
	}}
}
