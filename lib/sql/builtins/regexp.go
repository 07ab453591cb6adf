// This file implements PostgreSQL's regular expression operators and
// functions (~, ~*, substring, regexp_replace, regexp_match(es),
// regexp_split_to_table/array, regexp_count, regexp_instr, regexp_like,
// regexp_substr) on lib/regex, the engine with PostgreSQL's ARE rules.

package builtins

import (
	"strings"
	"unicode/utf8"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/regex"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// regexCacheSize bounds the compiled patterns one call site keeps;
// patterns are nearly always constants, but a column of patterns should
// not recompile the few it repeats.
const regexCacheSize = 8

type regexCacheEntry struct {
	pat  string
	opts regex.Options
	re   *regex.Regexp
}

// regexCache keeps the last compiled patterns of one call site.
type regexCache struct {
	entries []regexCacheEntry
	next    int
}

func (c *regexCache) get(pat string, opts regex.Options) (*regex.Regexp, error) {
	for i := range c.entries {
		if e := &c.entries[i]; e.pat == pat && e.opts == opts {
			return e.re, nil
		}
	}
	re, err := regex.Compile(pat, opts)
	if err != nil {
		return nil, regexError(err)
	}
	e := regexCacheEntry{pat, opts, re}
	if len(c.entries) < regexCacheSize {
		c.entries = append(c.entries, e)
	} else {
		c.entries[c.next] = e
		c.next = (c.next + 1) % regexCacheSize
	}
	return re, nil
}

// regexError gives the engine's errors PostgreSQL's messages.
func regexError(err error) error {
	switch e := err.(type) {
	case *regex.Error:
		return pgerr.Newf(pgerr.InvalidRegularExpression, "invalid regular expression: %s", e.Msg)
	case *regex.ExecError:
		return pgerr.Newf(pgerr.InvalidRegularExpression, "regular expression failed: %s", e.Err.Msg)
	}
	return err
}

// regexChecker lets long matches notice a canceled statement.
func regexChecker(ec *expr.EvalContext) regex.Checker {
	if ec == nil {
		return nil
	}
	return ec.CheckCancel
}

// regexFlags parses the flags argument of the regexp functions; g sets
// global.
func regexFlags(flags string) (opts regex.Options, global bool, err error) {
	for _, f := range flags {
		switch f {
		case 'g':
			global = true
			continue
		case 'e':
			// PostgreSQL's parse_re_flags sets REG_EXTENDED and then
			// clears REG_ADVANCED, which includes it: flag e gives
			// basic regular expressions.
			opts.Syntax = regex.BRE
			continue
		}
		if !opts.ApplyFlag(f) {
			return opts, false, pgerr.Newf(pgerr.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
		}
	}
	return opts, global, nil
}

// regexFlagsNoGlobal parses flags for a function that refuses g.
func regexFlagsNoGlobal(flags, fn string) (regex.Options, error) {
	opts, global, err := regexFlags(flags)
	if err == nil && global {
		err = pgerr.Newf(pgerr.InvalidParameterValue, "%s does not support the \"global\" option", fn)
	}
	return opts, err
}

// regexMatches finds the matches of re in s from byte offset from, as
// PostgreSQL's setup_regexp_matches: all of them when global (after an
// empty match the search moves on one character), and without the empty
// matches at the start or end of the text or right after the previous
// match when ignoreEmpty (regexp_split_*).
func regexMatches(ec *expr.EvalContext, re *regex.Regexp, s string, from int, global, ignoreEmpty, captures bool) ([][]int, error) {
	var out [][]int
	check := regexChecker(ec)
	prevEnd := 0
	for from <= len(s) {
		loc, err := re.Find(s, from, captures, check)
		if err != nil {
			return nil, regexError(err)
		}
		if loc == nil {
			break
		}
		if !ignoreEmpty || (loc[0] < len(s) && loc[1] > prevEnd) {
			out = append(out, loc)
		}
		prevEnd = loc[1]
		if !global {
			break
		}
		from = loc[1]
		if loc[0] == loc[1] {
			if from >= len(s) {
				break
			}
			_, w := utf8.DecodeRuneInString(s[from:])
			from += w
		}
	}
	return out, nil
}

func regexMatchImpl(fold, negate bool) implEntry {
	return implEntry{bind: func([]uint32, uint32) expr.Impl {
		var cache regexCache
		return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			re, err := cache.get(a[1].Text(), regex.Options{Fold: fold})
			if err != nil {
				return types.Null, err
			}
			ok, err := re.MatchString(a[0].Text(), regexChecker(ec))
			if err != nil {
				return types.Null, regexError(err)
			}
			return types.Bool(ok != negate), nil
		}
	}}
}

// expandReplacement applies PostgreSQL's replacement syntax: \1-\9 are
// groups, \& the whole match, \\ a backslash.
func expandReplacement(b *strings.Builder, repl string, s string, m []int) {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c != '\\' || i+1 == len(repl) {
			b.WriteByte(c)
			continue
		}
		n := repl[i+1]
		switch {
		case n >= '1' && n <= '9':
			g := int(n - '0')
			if 2*g+1 < len(m) && m[2*g] >= 0 {
				b.WriteString(s[m[2*g]:m[2*g+1]])
			}
			i++
		case n == '&':
			b.WriteString(s[m[0]:m[1]])
			i++
		case n == '\\':
			b.WriteByte('\\')
			i++
		default:
			b.WriteByte(c)
		}
	}
}

// regexReplace is replace_text_regexp: replaces the nth match from
// character start (n = 0: every match when global, else the first).
func regexReplace(ec *expr.EvalContext, re *regex.Regexp, s, repl string, start, n int64, global bool) (string, error) {
	from := runeOffset(s, start-1)
	if start-1 > int64(utf8.RuneCountInString(s)) {
		return s, nil
	}
	matches, err := regexMatches(ec, re, s, from, global || n > 0, false, strings.Contains(repl, `\`))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	pos := 0
	for i, m := range matches {
		if n > 0 && int64(i+1) != n {
			continue
		}
		b.WriteString(s[pos:m[0]])
		expandReplacement(&b, repl, s, m)
		pos = m[1]
	}
	b.WriteString(s[pos:])
	return b.String(), nil
}

// matchArray is regexp_match's result for one match: the captures, or
// the whole match when the pattern has none.
func matchArray(re *regex.Regexp, s string, m []int) types.Datum {
	if re.NumSubexp() == 0 {
		return types.ArrayDatum(types.NewArray1(types.OidText, []types.Datum{types.Text(s[m[0]:m[1]])}))
	}
	elems := make([]types.Datum, re.NumSubexp())
	for i := range elems {
		if m[2*i+2] < 0 {
			elems[i] = types.Null
		} else {
			elems[i] = types.Text(s[m[2*i+2]:m[2*i+3]])
		}
	}
	return types.ArrayDatum(types.NewArray1(types.OidText, elems))
}

// splitPieces is regexp_split_*: the text between the matches.
func splitPieces(ec *expr.EvalContext, cache *regexCache, a []types.Datum, fn string) ([]types.Datum, error) {
	opts := regex.Options{}
	if len(a) > 2 {
		var err error
		if opts, err = regexFlagsNoGlobal(a[2].Text(), fn); err != nil {
			return nil, err
		}
	}
	re, err := cache.get(a[1].Text(), opts)
	if err != nil {
		return nil, err
	}
	s := a[0].Text()
	matches, err := regexMatches(ec, re, s, 0, true, true, false)
	if err != nil {
		return nil, err
	}
	pieces := make([]types.Datum, 0, len(matches)+1)
	pos := 0
	for _, m := range matches {
		pieces = append(pieces, types.Text(s[pos:m[0]]))
		pos = m[1]
	}
	return append(pieces, types.Text(s[pos:])), nil
}

// positionArgs reads the optional start and N arguments of regexp_count,
// regexp_instr and regexp_substr.
func positionArg(a []types.Datum, i int, name string) (int64, error) {
	if i >= len(a) {
		return 1, nil
	}
	v := a[i].Int()
	if v <= 0 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", name, v)
	}
	return v, nil
}

func subexprArg(a []types.Datum, i int) (int64, error) {
	if i >= len(a) {
		return 0, nil
	}
	v := a[i].Int()
	if v < 0 {
		return 0, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "subexpr", v)
	}
	return v, nil
}

func addRegexpImpls(m map[string]implEntry) {
	bound := func(f func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error)) implEntry {
		return implEntry{bind: func([]uint32, uint32) expr.Impl {
			var cache regexCache
			return func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) { return f(ec, &cache, a) }
		}}
	}
	regexpMatch := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		opts := regex.Options{}
		if len(a) > 2 {
			var err error
			if opts, err = regexFlagsNoGlobal(a[2].Text(), "regexp_match()"); err != nil {
				if pe, ok := err.(*pgerr.Error); ok && strings.Contains(pe.Message, "global") {
					return types.Null, pe.WithHint("Use the regexp_matches function instead.")
				}
				return types.Null, err
			}
		}
		re, err := cache.get(a[1].Text(), opts)
		if err != nil {
			return types.Null, err
		}
		s := a[0].Text()
		matches, err := regexMatches(ec, re, s, 0, false, false, true)
		if err != nil || len(matches) == 0 {
			return types.Null, err
		}
		return matchArray(re, s, matches[0]), nil
	})
	m["regexp_match"] = regexpMatch
	m["regexp_match_no_flags"] = regexpMatch
	splitArray := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		pieces, err := splitPieces(ec, cache, a, "regexp_split_to_array()")
		if err != nil {
			return types.Null, err
		}
		return types.ArrayDatum(types.NewArray1(types.OidText, pieces)), nil
	})
	m["regexp_split_to_array"] = splitArray
	m["regexp_split_to_array_no_flags"] = splitArray

	// regexp_count(string, pattern [, start [, flags]])
	count := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		start, err := positionArg(a, 2, "start")
		if err != nil {
			return types.Null, err
		}
		opts := regex.Options{}
		if len(a) > 3 {
			if opts, err = regexFlagsNoGlobal(a[3].Text(), "regexp_count()"); err != nil {
				return types.Null, err
			}
		}
		re, err := cache.get(a[1].Text(), opts)
		if err != nil {
			return types.Null, err
		}
		s := a[0].Text()
		if start-1 > int64(utf8.RuneCountInString(s)) {
			return types.Int(0), nil
		}
		matches, err := regexMatches(ec, re, s, runeOffset(s, start-1), true, false, false)
		return types.Int(int64(len(matches))), err
	})
	for _, name := range []string{"regexp_count", "regexp_count_no_flags", "regexp_count_no_start"} {
		m[name] = count
	}

	// nthMatch is the common part of regexp_instr and regexp_substr: the
	// nth match from start and the subexpression asked for (nil when
	// there is none).
	nthMatch := func(ec *expr.EvalContext, cache *regexCache, a []types.Datum, flagsAt, subexprAt int, fn string) (string, []int, int64, error) {
		opts := regex.Options{}
		if flagsAt < len(a) {
			var err error
			if opts, err = regexFlagsNoGlobal(a[flagsAt].Text(), fn); err != nil {
				return "", nil, 0, err
			}
		}
		subexpr, err := subexprArg(a, subexprAt)
		if err != nil {
			return "", nil, 0, err
		}
		re, err := cache.get(a[1].Text(), opts)
		if err != nil {
			return "", nil, 0, err
		}
		start, _ := positionArg(a, 2, "start")
		n, _ := positionArg(a, 3, "n")
		s := a[0].Text()
		if start-1 > int64(utf8.RuneCountInString(s)) || subexpr > int64(re.NumSubexp()) {
			return s, nil, 0, nil
		}
		matches, err := regexMatches(ec, re, s, runeOffset(s, start-1), true, false, subexpr > 0)
		if err != nil || int64(len(matches)) < n {
			return s, nil, 0, err
		}
		mm := matches[n-1]
		if mm[2*subexpr] < 0 {
			return s, nil, 0, nil
		}
		return s, mm[2*subexpr : 2*subexpr+2], subexpr, nil
	}
	// regexp_instr(string, pattern [, start [, N [, endoption [, flags [, subexpr]]]]])
	instr := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		if _, err := positionArg(a, 2, "start"); err != nil {
			return types.Null, err
		}
		if _, err := positionArg(a, 3, "n"); err != nil {
			return types.Null, err
		}
		endOption := int64(0)
		if len(a) > 4 {
			endOption = a[4].Int()
			if endOption != 0 && endOption != 1 {
				return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": %d", "endoption", endOption)
			}
		}
		s, loc, _, err := nthMatch(ec, cache, a, 5, 6, "regexp_instr()")
		if err != nil || loc == nil {
			return types.Int(0), err
		}
		at := loc[0]
		if endOption == 1 {
			at = loc[1]
		}
		return types.Int(int64(utf8.RuneCountInString(s[:at])) + 1), nil
	})
	for _, name := range []string{"regexp_instr", "regexp_instr_no_subexpr", "regexp_instr_no_flags",
		"regexp_instr_no_endoption", "regexp_instr_no_n", "regexp_instr_no_start"} {
		m[name] = instr
	}
	// regexp_substr(string, pattern [, start [, N [, flags [, subexpr]]]])
	substr := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		if _, err := positionArg(a, 2, "start"); err != nil {
			return types.Null, err
		}
		if _, err := positionArg(a, 3, "n"); err != nil {
			return types.Null, err
		}
		s, loc, _, err := nthMatch(ec, cache, a, 4, 5, "regexp_substr()")
		if err != nil || loc == nil {
			return types.Null, err
		}
		return types.Text(s[loc[0]:loc[1]]), nil
	})
	for _, name := range []string{"regexp_substr", "regexp_substr_no_subexpr", "regexp_substr_no_flags",
		"regexp_substr_no_n", "regexp_substr_no_start"} {
		m[name] = substr
	}
	// regexp_like(string, pattern [, flags])
	like := bound(func(ec *expr.EvalContext, cache *regexCache, a []types.Datum) (types.Datum, error) {
		opts := regex.Options{}
		if len(a) > 2 {
			var err error
			if opts, err = regexFlagsNoGlobal(a[2].Text(), "regexp_like()"); err != nil {
				return types.Null, err
			}
		}
		re, err := cache.get(a[1].Text(), opts)
		if err != nil {
			return types.Null, err
		}
		ok, err := re.MatchString(a[0].Text(), regexChecker(ec))
		if err != nil {
			return types.Null, regexError(err)
		}
		return types.Bool(ok), nil
	})
	m["regexp_like"] = like
	m["regexp_like_no_flags"] = like
}

// addRegexpSRFs adds regexp_matches and regexp_split_to_table; each call
// site keeps its own compiled patterns.
func addRegexpSRFs(m map[string]func(argTypes []uint32) expr.SRFImpl) {
	matches := func([]uint32) expr.SRFImpl {
		var cache regexCache
		return func(ec *expr.EvalContext, a []types.Datum) (next, error) {
			opts, global := regex.Options{}, false
			if len(a) > 2 {
				var err error
				if opts, global, err = regexFlags(a[2].Text()); err != nil {
					return nil, err
				}
			}
			re, err := cache.get(a[1].Text(), opts)
			if err != nil {
				return nil, err
			}
			s := a[0].Text()
			found, err := regexMatches(ec, re, s, 0, global, false, true)
			if err != nil {
				return nil, err
			}
			return func() (types.Datum, bool, error) {
				if len(found) == 0 {
					return types.Null, false, nil
				}
				d := matchArray(re, s, found[0])
				found = found[1:]
				return d, true, nil
			}, nil
		}
	}
	m["regexp_matches"] = matches
	m["regexp_matches_no_flags"] = matches
	split := func([]uint32) expr.SRFImpl {
		var cache regexCache
		return func(ec *expr.EvalContext, a []types.Datum) (next, error) {
			pieces, err := splitPieces(ec, &cache, a, "regexp_split_to_table()")
			if err != nil {
				return nil, err
			}
			return func() (types.Datum, bool, error) {
				if len(pieces) == 0 {
					return types.Null, false, nil
				}
				d := pieces[0]
				pieces = pieces[1:]
				return d, true, nil
			}, nil
		}
	}
	m["regexp_split_to_table"] = split
	m["regexp_split_to_table_no_flags"] = split
}
