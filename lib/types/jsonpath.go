// This file implements the jsonpath type: a parser for a subset of
// PostgreSQL's SQL/JSON path language, its normalized text output
// (jsonpath_out), and evaluation over jsonb (jsonpath_exec.c) in lax and
// strict mode.
//
// Supported: $, @, $name variables, last, literals (null, true, false,
// numbers, strings), .key and ."key", .*, .** with level bounds, [*],
// [subscripts] with "to"
// ranges and last arithmetic, filters ?(...), comparison (== != <> < <=
// > >=), && || !, exists(...), (...) is unknown, starts with, + - * / %
// and unary + -, and the methods type(), size(), double(), ceiling(),
// floor() and abs(), and like_regex with its flags (compiled on input,
// as PostgreSQL does, by lib/regex). Other constructs (datetime(),
// keyvalue()) are refused on input with 0A000, never evaluated wrongly.
//
// A jsonpath Datum points at an immutable *JSONPath. Its send format
// (and what a table stores) is PostgreSQL's: version byte 1 and the text.

package types

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/regex"
)

// jpKind is the kind of a jsonpath item (JsonPathItemType).
type jpKind uint8

const (
	jpNull jpKind = iota
	jpString
	jpNumeric
	jpBool
	jpAnd
	jpOr
	jpNot
	jpIsUnknown
	jpEqual
	jpNotEqual
	jpLess
	jpGreater
	jpLessOrEqual
	jpGreaterOrEqual
	jpAdd
	jpSub
	jpMul
	jpDiv
	jpMod
	jpPlus
	jpMinus
	jpAnyArray
	jpAnyKey
	jpIndexArray
	jpKey
	jpCurrent
	jpRoot
	jpVariable
	jpFilter
	jpExists
	jpType
	jpSize
	jpAbs
	jpFloor
	jpCeiling
	jpDouble
	jpLast
	jpStartsWith
	jpLikeRegex
	jpAny // .** with level bounds
)

// jpItem is one item of a path: a primary, an operator with its operands
// (left and right, or arg), or an accessor, each followed by next.
type jpItem struct {
	kind        jpKind
	str         string
	num         *apd.Decimal
	b           bool
	left, right *jpItem
	subs        [][2]*jpItem // index subscripts: from and optional to
	first, last uint32       // .** level bounds; jpLastLevel is "last"
	next        *jpItem
	// like is the compiled pattern of like_regex (str is the pattern).
	like *jpRegex
}

// jpRegex is a like_regex pattern: its flags as jsonpath_out prints them
// and the compiled expression, which one evaluation uses at a time.
type jpRegex struct {
	flags string
	mu    sync.Mutex
	re    *regex.Regexp
}

// jpLastLevel is the level "last" of .**{...}, PostgreSQL's
// PG_UINT32_MAX.
const jpLastLevel = ^uint32(0)

// JSONPath is a parsed jsonpath value.
type JSONPath struct {
	Lax  bool
	root *jpItem
}

// JSONPathDatum makes a jsonpath Datum.
func JSONPathDatum(p *JSONPath) Datum { return Datum{p: unsafe.Pointer(p)} }

// JSONPath returns the value of a jsonpath Datum.
func (d Datum) JSONPath() *JSONPath { return (*JSONPath)(d.p) }

func jpSyntaxError(tok string, atEnd bool) error {
	if atEnd {
		return pgerr.New(pgerr.SyntaxError, "syntax error at end of jsonpath input")
	}
	return pgerr.Newf(pgerr.SyntaxError, "syntax error at or near \"%s\" of jsonpath input", tok)
}

func jpNotSupported(what string) error {
	return pgerr.Newf(pgerr.FeatureNotSupported, "jsonpath %s is not supported yet", what)
}

// jpToken is a lexical token of jsonpath.
type jpToken struct {
	kind byte // 'i' identifier/keyword, 's' string, 'n' number, 'v' variable, 'e' end, or the punctuation
	text string
	op   string // multi-character operators
}

type jpLexer struct {
	in   string
	pos  int
	tok  jpToken
	prev int
}

const jpSpecial = "?%$.[]{}()|&!=<>@#,*:-+/\\\" \t\n\r\f"

func (l *jpLexer) next() error {
	for l.pos < len(l.in) && strings.IndexByte(" \t\n\r\f", l.in[l.pos]) >= 0 {
		l.pos++
	}
	l.prev = l.pos
	if l.pos >= len(l.in) {
		l.tok = jpToken{kind: 'e'}
		return nil
	}
	s := l.in[l.pos:]
	for _, op := range []string{"==", "!=", "<>", "<=", ">=", "&&", "||"} {
		if strings.HasPrefix(s, op) {
			l.pos += 2
			l.tok = jpToken{kind: 'o', op: op, text: op}
			return nil
		}
	}
	c := s[0]
	switch {
	case c == '"':
		str, n, err := jpLexString(s)
		if err != nil {
			return err
		}
		l.pos += n
		l.tok = jpToken{kind: 's', text: str}
		return nil
	case c == '$':
		rest := s[1:]
		if strings.HasPrefix(rest, "\"") {
			str, n, err := jpLexString(rest)
			if err != nil {
				return err
			}
			l.pos += 1 + n
			l.tok = jpToken{kind: 'v', text: str}
			return nil
		}
		n := jpIdentLen(rest)
		l.pos += 1 + n
		if n == 0 {
			l.tok = jpToken{kind: '$', text: "$"}
		} else {
			l.tok = jpToken{kind: 'v', text: rest[:n]}
		}
		return nil
	case c >= '0' && c <= '9' || c == '.' && len(s) > 1 && s[1] >= '0' && s[1] <= '9' && l.numberAllowed():
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n < len(s) && s[n] == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9' {
			n++
			for n < len(s) && s[n] >= '0' && s[n] <= '9' {
				n++
			}
		} else if n < len(s) && s[n] == '.' && (n+1 == len(s) || strings.IndexByte(jpSpecial, s[n+1]) >= 0 && s[n+1] != '.') {
			n++ // "1." is a number
		}
		if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
			m := n + 1
			if m < len(s) && (s[m] == '+' || s[m] == '-') {
				m++
			}
			if m < len(s) && s[m] >= '0' && s[m] <= '9' {
				for m < len(s) && s[m] >= '0' && s[m] <= '9' {
					m++
				}
				n = m
			}
		}
		if n < len(s) && strings.IndexByte(jpSpecial, s[n]) < 0 {
			end := n + jpIdentLen(s[n:])
			return pgerr.Newf(pgerr.SyntaxError, "trailing junk after numeric literal at or near \"%s\" of jsonpath input", s[:end])
		}
		l.pos += n
		l.tok = jpToken{kind: 'n', text: s[:n]}
		return nil
	case strings.IndexByte(jpSpecial, c) >= 0:
		l.pos++
		l.tok = jpToken{kind: c, text: s[:1]}
		return nil
	}
	n := jpIdentLen(s)
	l.pos += n
	l.tok = jpToken{kind: 'i', text: s[:n]}
	return nil
}

// numberAllowed tells ".5" (a number) from ".key" after a value.
func (l *jpLexer) numberAllowed() bool {
	switch l.tok.kind {
	case 'i', 's', 'n', 'v', '$', '@', ')', ']':
		return false
	}
	return true
}

func jpIdentLen(s string) int {
	n := 0
	for n < len(s) && (strings.IndexByte(jpSpecial, s[n]) < 0) {
		n++
	}
	return n
}

// jpLexString reads a double-quoted jsonpath string at the start of s.
func jpLexString(s string) (string, int, error) {
	var b []byte
	i := 1
	for {
		if i >= len(s) {
			return "", 0, pgerr.New(pgerr.SyntaxError, "unexpected end of quoted string at end of jsonpath input")
		}
		c := s[i]
		if c == '"' {
			return string(b), i + 1, nil
		}
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		i++
		if i >= len(s) {
			return "", 0, pgerr.New(pgerr.SyntaxError, "unexpected end of quoted string at end of jsonpath input")
		}
		switch e := s[i]; e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'v':
			b = append(b, '\v')
		case 'u':
			if i+4 >= len(s) {
				return "", 0, jpNotSupported("escape sequence")
			}
			ch := 0
			for k := 1; k <= 4; k++ {
				h := jsonHexVal(s[i+k])
				if h < 0 {
					return "", 0, pgerr.New(pgerr.SyntaxError, "invalid Unicode escape sequence at or near \""+s[i-1:i+k+1]+"\" of jsonpath input")
				}
				ch = ch*16 + h
			}
			if ch == 0 || ch >= 0xD800 && ch <= 0xDFFF {
				return "", 0, jpNotSupported("escape of a NUL or a surrogate")
			}
			b = utf8.AppendRune(b, rune(ch))
			i += 4
		default:
			b = append(b, e)
		}
		i++
	}
}

type jpParser struct {
	lex      jpLexer
	depth    int
	inSubs   bool // last is allowed
	inFilter bool // @ is allowed
}

func (p *jpParser) fail() error {
	if p.lex.tok.kind == 'e' {
		return jpSyntaxError("", true)
	}
	return jpSyntaxError(p.lex.tok.text, false)
}

func (p *jpParser) expect(kind byte) error {
	if p.lex.tok.kind != kind {
		return p.fail()
	}
	return p.lex.next()
}

func (p *jpParser) isKeyword(word string) bool {
	return p.lex.tok.kind == 'i' && p.lex.tok.text == word
}

// ParseJSONPath is jsonpath_in for the supported subset.
func ParseJSONPath(s string) (*JSONPath, error) {
	p := &jpParser{lex: jpLexer{in: s}}
	if err := p.lex.next(); err != nil {
		return nil, err
	}
	jp := &JSONPath{Lax: true}
	if p.isKeyword("strict") {
		jp.Lax = false
		if err := p.lex.next(); err != nil {
			return nil, err
		}
	} else if p.isKeyword("lax") {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
	}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.lex.tok.kind != 'e' {
		return nil, p.fail()
	}
	jp.root = root
	return jp, nil
}

func (p *jpParser) enter() error {
	p.depth++
	if p.depth > MaxJSONDepth {
		return errJSONDepth()
	}
	return nil
}

func (p *jpParser) or() (*jpItem, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.lex.tok.op == "||" {
		if !isPredicate(l) {
			return nil, p.fail()
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		if !isPredicate(r) {
			return nil, p.fail()
		}
		l = &jpItem{kind: jpOr, left: l, right: r}
	}
	return l, nil
}

func (p *jpParser) and() (*jpItem, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.lex.tok.op == "&&" {
		if !isPredicate(l) {
			return nil, p.fail()
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		if !isPredicate(r) {
			return nil, p.fail()
		}
		l = &jpItem{kind: jpAnd, left: l, right: r}
	}
	return l, nil
}

func (p *jpParser) not() (*jpItem, error) {
	if p.lex.tok.kind == '!' {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		if p.lex.tok.kind != '(' {
			return nil, p.fail()
		}
		arg, err := p.comparison()
		if err != nil {
			return nil, err
		}
		if !isPredicate(arg) {
			return nil, p.fail()
		}
		return &jpItem{kind: jpNot, left: arg}, nil
	}
	return p.comparison()
}

var jpCmpOps = map[string]jpKind{"==": jpEqual, "!=": jpNotEqual, "<>": jpNotEqual, "<": jpLess, ">": jpGreater, "<=": jpLessOrEqual, ">=": jpGreaterOrEqual}

func (p *jpParser) comparison() (*jpItem, error) {
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	op := p.lex.tok.op
	if p.lex.tok.kind == '<' || p.lex.tok.kind == '>' {
		op = p.lex.tok.text
	}
	if k, ok := jpCmpOps[op]; ok && op != "" {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		r, err := p.additive()
		if err != nil {
			return nil, err
		}
		return &jpItem{kind: k, left: l, right: r}, nil
	}
	if p.isKeyword("starts") {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		if !p.isKeyword("with") {
			return nil, p.fail()
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		var r *jpItem
		switch p.lex.tok.kind {
		case 's':
			r = &jpItem{kind: jpString, str: p.lex.tok.text}
		case 'v':
			r = &jpItem{kind: jpVariable, str: p.lex.tok.text}
		default:
			return nil, p.fail()
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		return &jpItem{kind: jpStartsWith, left: l, right: r}, nil
	}
	if p.isKeyword("like_regex") {
		return p.likeRegex(l)
	}
	if p.isKeyword("is") {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		if !p.isKeyword("unknown") {
			return nil, p.fail()
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		return &jpItem{kind: jpIsUnknown, left: l}, nil
	}
	return l, nil
}

// likeRegex parses the rest of l like_regex "pattern" [flag "flags"]
// and compiles the pattern, as PostgreSQL's grammar does
// (makeItemLikeRegex, jspConvertRegexFlags).
func (p *jpParser) likeRegex(l *jpItem) (*jpItem, error) {
	if err := p.lex.next(); err != nil {
		return nil, err
	}
	if p.lex.tok.kind != 's' {
		return nil, p.fail()
	}
	pattern := p.lex.tok.text
	if err := p.lex.next(); err != nil {
		return nil, err
	}
	given := ""
	if p.isKeyword("flag") {
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		if p.lex.tok.kind != 's' {
			return nil, p.fail()
		}
		given = p.lex.tok.text
		if err := p.lex.next(); err != nil {
			return nil, err
		}
	}
	var set [5]bool // i s m x q
	for _, c := range given {
		i := strings.IndexRune("ismxq", c)
		if i < 0 {
			return nil, pgerr.New(pgerr.SyntaxError, "invalid input syntax for type jsonpath").
				WithDetail("Unrecognized flag character \"%s\" in LIKE_REGEX predicate.", string(c))
		}
		set[i] = true
	}
	var flags []byte
	for i, on := range set {
		if on {
			flags = append(flags, "ismxq"[i])
		}
	}
	var opts regex.Options
	opts.Fold = set[0]
	if set[4] {
		// Per XQuery, q (a literal pattern) makes x ignored.
		opts.Syntax = regex.Literal
	} else {
		opts.NewlineStop = !set[1]
		opts.NewlineAnchor = set[2]
		if set[3] {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "XQuery \"x\" flag (expanded regular expressions) is not implemented")
		}
	}
	re, err := regex.Compile(pattern, opts)
	if err != nil {
		if e, ok := err.(*regex.Error); ok {
			return nil, pgerr.Newf(pgerr.InvalidRegularExpression, "invalid regular expression: %s", e.Msg)
		}
		return nil, err
	}
	return &jpItem{kind: jpLikeRegex, left: l, str: pattern, like: &jpRegex{flags: string(flags), re: re}}, nil
}

func (p *jpParser) additive() (*jpItem, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for p.lex.tok.kind == '+' || p.lex.tok.kind == '-' {
		k := jpAdd
		if p.lex.tok.kind == '-' {
			k = jpSub
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		l = &jpItem{kind: k, left: l, right: r}
	}
	return l, nil
}

func (p *jpParser) multiplicative() (*jpItem, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.lex.tok.kind == '*' || p.lex.tok.kind == '/' || p.lex.tok.kind == '%' {
		k := map[byte]jpKind{'*': jpMul, '/': jpDiv, '%': jpMod}[p.lex.tok.kind]
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &jpItem{kind: k, left: l, right: r}
	}
	return l, nil
}

func (p *jpParser) unary() (*jpItem, error) {
	if p.lex.tok.kind == '+' || p.lex.tok.kind == '-' {
		k := jpPlus
		if p.lex.tok.kind == '-' {
			k = jpMinus
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		if err := p.enter(); err != nil {
			return nil, err
		}
		arg, err := p.unary()
		if err != nil {
			return nil, err
		}
		p.depth--
		// Like PostgreSQL's grammar, a signed number literal is folded.
		if arg.kind == jpNumeric && arg.next == nil {
			if k == jpMinus {
				var x apd.Decimal
				x.Neg(arg.num)
				arg.num = &x
			}
			return arg, nil
		}
		return &jpItem{kind: k, left: arg}, nil
	}
	return p.accessorExpr()
}

func (p *jpParser) primary() (*jpItem, error) {
	t := p.lex.tok
	var it *jpItem
	switch t.kind {
	case '$':
		it = &jpItem{kind: jpRoot}
	case '@':
		if !p.inFilter {
			return nil, pgerr.New(pgerr.SyntaxError, "@ is not allowed in root expressions")
		}
		it = &jpItem{kind: jpCurrent}
	case 'v':
		it = &jpItem{kind: jpVariable, str: t.text}
	case 's':
		it = &jpItem{kind: jpString, str: t.text}
	case 'n':
		x, err := ParseNumeric(t.text)
		if err != nil {
			return nil, err
		}
		it = &jpItem{kind: jpNumeric, num: x}
	case 'i':
		switch t.text {
		case "null":
			it = &jpItem{kind: jpNull}
		case "true", "false":
			it = &jpItem{kind: jpBool, b: t.text == "true"}
		case "last":
			if !p.inSubs {
				return nil, pgerr.New(pgerr.SyntaxError, "LAST is allowed only in array subscripts")
			}
			it = &jpItem{kind: jpLast}
		case "exists":
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			if p.lex.tok.kind != '(' {
				return nil, p.fail()
			}
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			arg, err := p.or()
			if err != nil {
				return nil, err
			}
			if p.lex.tok.kind != ')' {
				return nil, p.fail()
			}
			it = &jpItem{kind: jpExists, left: arg}
		default:
			return nil, p.fail()
		}
	case '(':
		if err := p.enter(); err != nil {
			return nil, err
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.lex.tok.kind != ')' {
			return nil, p.fail()
		}
		p.depth--
		if err := p.lex.next(); err != nil {
			return nil, err
		}
		return e, nil
	default:
		return nil, p.fail()
	}
	return it, p.lex.next()
}

// accessorExpr is a primary followed by accessors.
func (p *jpParser) accessorExpr() (*jpItem, error) {
	first, err := p.primary()
	if err != nil {
		return nil, err
	}
	var acc []*jpItem
	for {
		var a *jpItem
		switch p.lex.tok.kind {
		case '.':
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			t := p.lex.tok
			switch t.kind {
			case '*':
				if p.lex.pos < len(p.lex.in) && p.lex.in[p.lex.pos] == '*' {
					any, err := p.anyPath()
					if err != nil {
						return nil, err
					}
					a = any
					break
				}
				a = &jpItem{kind: jpAnyKey}
			case 's', 'i':
				a = &jpItem{kind: jpKey, str: t.text}
				if t.kind == 'i' && strings.HasPrefix(strings.TrimLeft(p.lex.in[p.lex.pos:], " \t\n\r\f"), "(") {
					m, err := p.method(t.text)
					if err != nil {
						return nil, err
					}
					a = m
				}
			case 'v':
				// ".$x" is not a key; PostgreSQL's grammar refuses it too.
				return nil, p.fail()
			default:
				return nil, p.fail()
			}
			if err := p.lex.next(); err != nil {
				return nil, err
			}
		case '[':
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			if p.lex.tok.kind == '*' {
				if err := p.lex.next(); err != nil {
					return nil, err
				}
				if p.lex.tok.kind != ']' {
					return nil, p.fail()
				}
				a = &jpItem{kind: jpAnyArray}
			} else {
				a = &jpItem{kind: jpIndexArray}
				saved := p.inSubs
				p.inSubs = true
				for {
					from, err := p.or()
					if err != nil {
						return nil, err
					}
					var to *jpItem
					if p.isKeyword("to") {
						if err := p.lex.next(); err != nil {
							return nil, err
						}
						if to, err = p.or(); err != nil {
							return nil, err
						}
					}
					a.subs = append(a.subs, [2]*jpItem{from, to})
					if p.lex.tok.kind != ',' {
						break
					}
					if err := p.lex.next(); err != nil {
						return nil, err
					}
				}
				p.inSubs = saved
				if p.lex.tok.kind != ']' {
					return nil, p.fail()
				}
			}
			if err := p.lex.next(); err != nil {
				return nil, err
			}
		case '?':
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			if p.lex.tok.kind != '(' {
				return nil, p.fail()
			}
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			if err := p.enter(); err != nil {
				return nil, err
			}
			saved := p.inFilter
			p.inFilter = true
			pred, err := p.or()
			if err != nil {
				return nil, err
			}
			if !isPredicate(pred) {
				return nil, p.fail()
			}
			p.inFilter = saved
			p.depth--
			if p.lex.tok.kind != ')' {
				return nil, p.fail()
			}
			if err := p.lex.next(); err != nil {
				return nil, err
			}
			a = &jpItem{kind: jpFilter, left: pred}
		default:
			if len(acc) == 0 {
				return first, nil
			}
			tail := first
			for tail.next != nil {
				tail = tail.next
			}
			// Chain the accessors after the primary (a parenthesized
			// expression's accessors follow it the same way).
			if first.kind >= jpAnd && first.kind <= jpMinus || first.kind == jpExists {
				return nil, jpNotSupported("accessors after an operator expression")
			}
			for _, x := range acc {
				tail.next = x
				tail = x
			}
			return first, nil
		}
		acc = append(acc, a)
	}
}

// anyPath parses "**" and its optional level bounds "{n}" or
// "{n to m}" (the lexer is at the first '*'); the lexer is left at the
// last token of the accessor.
func (p *jpParser) anyPath() (*jpItem, error) {
	p.lex.pos++ // the second '*'
	it := &jpItem{kind: jpAny, last: jpLastLevel}
	rest := strings.TrimLeft(p.lex.in[p.lex.pos:], " \t\n\r\f")
	if !strings.HasPrefix(rest, "{") {
		return it, nil
	}
	if err := p.lex.next(); err != nil { // {
		return nil, err
	}
	level := func() (uint32, error) {
		if err := p.lex.next(); err != nil {
			return 0, err
		}
		switch {
		case p.isKeyword("last"):
			return jpLastLevel, nil
		case p.lex.tok.kind == 'n' && strings.IndexAny(p.lex.tok.text, ".eE") < 0:
			x, err := ParseNumeric(p.lex.tok.text)
			if err != nil {
				return 0, err
			}
			n, err := x.Int64()
			if err != nil || n > 1<<31-1 {
				return 0, pgerr.Newf(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type integer", p.lex.tok.text)
			}
			return uint32(n), nil
		}
		return 0, p.fail()
	}
	var err error
	if it.first, err = level(); err != nil {
		return nil, err
	}
	it.last = it.first
	if err := p.lex.next(); err != nil {
		return nil, err
	}
	if p.isKeyword("to") {
		if it.last, err = level(); err != nil {
			return nil, err
		}
		if err := p.lex.next(); err != nil {
			return nil, err
		}
	}
	if p.lex.tok.kind != '}' {
		return nil, p.fail()
	}
	return it, nil
}

// method parses ".name()" (the lexer is at name).
func (p *jpParser) method(name string) (*jpItem, error) {
	kinds := map[string]jpKind{"type": jpType, "size": jpSize, "abs": jpAbs, "floor": jpFloor, "ceiling": jpCeiling, "double": jpDouble}
	k, ok := kinds[name]
	if !ok {
		switch name {
		case "datetime", "keyvalue":
			return nil, jpNotSupported("method ." + name + "()")
		}
		return nil, p.fail()
	}
	if err := p.lex.next(); err != nil { // (
		return nil, err
	}
	if err := p.lex.next(); err != nil {
		return nil, err
	}
	if p.lex.tok.kind != ')' {
		return nil, p.fail()
	}
	return &jpItem{kind: k}, nil
}

// isPredicate reports whether it is a boolean expression, which filters
// and ! require.
func isPredicate(it *jpItem) bool {
	switch it.kind {
	case jpAnd, jpOr, jpNot, jpIsUnknown, jpEqual, jpNotEqual, jpLess, jpGreater, jpLessOrEqual, jpGreaterOrEqual, jpExists, jpStartsWith, jpLikeRegex:
		return it.next == nil
	}
	return false
}

// jpPriority is operationPriority.
func jpPriority(k jpKind) int {
	switch k {
	case jpOr:
		return 0
	case jpAnd:
		return 1
	case jpEqual, jpNotEqual, jpLess, jpGreater, jpLessOrEqual, jpGreaterOrEqual, jpStartsWith:
		return 2
	case jpAdd, jpSub:
		return 3
	case jpMul, jpDiv, jpMod:
		return 4
	case jpPlus, jpMinus:
		return 5
	}
	return 6
}

var jpOpText = map[jpKind]string{jpAnd: "&&", jpOr: "||", jpEqual: "==", jpNotEqual: "!=", jpLess: "<", jpGreater: ">",
	jpLessOrEqual: "<=", jpGreaterOrEqual: ">=", jpAdd: "+", jpSub: "-", jpMul: "*", jpDiv: "/", jpMod: "%", jpStartsWith: "starts with"}

var jpMethodText = map[jpKind]string{jpType: ".type()", jpSize: ".size()", jpAbs: ".abs()", jpFloor: ".floor()", jpCeiling: ".ceiling()", jpDouble: ".double()"}

// AppendJSONPath appends jsonpath_out's text of p.
func AppendJSONPath(dst []byte, p *JSONPath) []byte {
	if !p.Lax {
		dst = append(dst, "strict "...)
	}
	return appendJPItem(dst, p.root, false, true)
}

func appendJPItem(dst []byte, v *jpItem, inKey, brackets bool) []byte {
	switch v.kind {
	case jpNull:
		dst = append(dst, "null"...)
	case jpString:
		dst = AppendJSONString(dst, v.str)
	case jpNumeric:
		if v.next != nil {
			dst = append(dst, '(')
			dst = appendNumeric(dst, v.num)
			dst = append(dst, ')')
		} else {
			dst = appendNumeric(dst, v.num)
		}
	case jpBool:
		if v.b {
			dst = append(dst, "true"...)
		} else {
			dst = append(dst, "false"...)
		}
	case jpLikeRegex:
		if brackets {
			dst = append(dst, '(')
		}
		dst = appendJPItem(dst, v.left, false, jpPriority(v.left.kind) <= jpPriority(v.kind))
		dst = append(dst, " like_regex "...)
		dst = AppendJSONString(dst, v.str)
		if v.like.flags != "" {
			dst = append(dst, " flag \""...)
			dst = append(dst, v.like.flags...)
			dst = append(dst, '"')
		}
		if brackets {
			dst = append(dst, ')')
		}
	case jpAnd, jpOr, jpEqual, jpNotEqual, jpLess, jpGreater, jpLessOrEqual, jpGreaterOrEqual,
		jpAdd, jpSub, jpMul, jpDiv, jpMod, jpStartsWith:
		if brackets {
			dst = append(dst, '(')
		}
		dst = appendJPItem(dst, v.left, false, jpPriority(v.left.kind) <= jpPriority(v.kind))
		dst = append(dst, ' ')
		dst = append(dst, jpOpText[v.kind]...)
		dst = append(dst, ' ')
		dst = appendJPItem(dst, v.right, false, jpPriority(v.right.kind) <= jpPriority(v.kind))
		if brackets {
			dst = append(dst, ')')
		}
	case jpPlus, jpMinus:
		if brackets {
			dst = append(dst, '(')
		}
		if v.kind == jpPlus {
			dst = append(dst, '+')
		} else {
			dst = append(dst, '-')
		}
		dst = appendJPItem(dst, v.left, false, jpPriority(v.left.kind) <= jpPriority(v.kind))
		if brackets {
			dst = append(dst, ')')
		}
	case jpFilter:
		dst = append(dst, "?("...)
		dst = appendJPItem(dst, v.left, false, false)
		dst = append(dst, ')')
	case jpNot:
		dst = append(dst, "!("...)
		dst = appendJPItem(dst, v.left, false, false)
		dst = append(dst, ')')
	case jpIsUnknown:
		dst = append(dst, '(')
		dst = appendJPItem(dst, v.left, false, false)
		dst = append(dst, ") is unknown"...)
	case jpExists:
		dst = append(dst, "exists ("...)
		dst = appendJPItem(dst, v.left, false, false)
		dst = append(dst, ')')
	case jpCurrent:
		dst = append(dst, '@')
	case jpRoot:
		dst = append(dst, '$')
	case jpVariable:
		dst = append(dst, '$')
		dst = AppendJSONString(dst, v.str)
	case jpLast:
		dst = append(dst, "last"...)
	case jpAnyArray:
		dst = append(dst, "[*]"...)
	case jpAnyKey:
		if inKey {
			dst = append(dst, '.')
		}
		dst = append(dst, '*')
	case jpIndexArray:
		dst = append(dst, '[')
		for i, s := range v.subs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJPItem(dst, s[0], false, false)
			if s[1] != nil {
				dst = append(dst, " to "...)
				dst = appendJPItem(dst, s[1], false, false)
			}
		}
		dst = append(dst, ']')
	case jpKey:
		if inKey {
			dst = append(dst, '.')
		}
		dst = AppendJSONString(dst, v.str)
	case jpAny:
		if inKey {
			dst = append(dst, '.')
		}
		level := func(n uint32) []byte {
			if n == jpLastLevel {
				return []byte("last")
			}
			return []byte(itoa(int(n)))
		}
		switch {
		case v.first == 0 && v.last == jpLastLevel:
			dst = append(dst, "**"...)
		case v.first == v.last:
			dst = append(append(append(dst, "**{"...), level(v.first)...), '}')
		default:
			dst = append(append(append(append(append(dst, "**{"...), level(v.first)...), " to "...), level(v.last)...), '}')
		}
	default:
		dst = append(dst, jpMethodText[v.kind]...)
	}
	if v.next != nil {
		dst = appendJPItem(dst, v.next, true, true)
	}
	return dst
}

func parseJSONPathBinary(b []byte) (Datum, error) {
	if len(b) == 0 || b[0] != 1 {
		return Null, pgerr.New(pgerr.InternalError, "unsupported jsonpath version number")
	}
	s := string(b[1:])
	if err := CheckUTF8(s); err != nil {
		return Null, err
	}
	p, err := ParseJSONPath(s)
	if err != nil {
		return Null, err
	}
	return JSONPathDatum(p), nil
}

// JSONPathError is an error raised while evaluating a path; Silent
// evaluation suppresses those marked suppressible, as PostgreSQL's
// jperError results.
type jpEval struct {
	lax     bool
	root    *JSON
	vars    *JSON
	silent  bool
	current *JSON
	last    int
	check   func() error
	steps   int
	// ignoreStructural is set while the accessors after .** run.
	ignoreStructural bool
}

// errJP makes an evaluation error that silent evaluation suppresses.
type jpError struct{ err *pgerr.Error }

func (e *jpError) Error() string { return e.err.Message }
func (e *jpError) Unwrap() error { return e.err }

func jpErr(code, format string, a ...any) error {
	return &jpError{err: pgerr.Newf(code, format, a...)}
}

// EvalJSONPath runs p over target with vars (a jsonb object or nil); it
// returns the items found. With silent, suppressible errors end the
// evaluation with ok false, no error and the items found before. check is called regularly for
// cancellation.
func EvalJSONPath(p *JSONPath, target, vars *JSON, silent bool, check func() error) (items []*JSON, ok bool, err error) {
	if vars != nil && vars.Kind != JSONObject {
		return nil, false, pgerr.New(pgerr.InvalidParameterValue, "\"vars\" argument is not an object").
			WithDetail("Jsonpath parameters should be encoded as key-value pairs of \"vars\" object.")
	}
	e := &jpEval{lax: p.Lax, root: target, vars: vars, silent: silent, check: check, last: -1}
	out, err := e.item(p.root, target)
	if err != nil {
		var je *jpError
		if asJPError(err, &je) {
			if silent {
				// The items found before the error stay, as in
				// PostgreSQL's jsonb_path_query.
				return out, false, nil
			}
			return nil, false, je.err
		}
		return nil, false, err
	}
	return out, true, nil
}

func asJPError(err error, dst **jpError) bool {
	je, ok := err.(*jpError)
	if ok {
		*dst = je
	}
	return ok
}

func (e *jpEval) tick() error {
	e.steps++
	if e.steps%1024 == 0 && e.check != nil {
		return e.check()
	}
	return nil
}

// item evaluates it (and the accessors after it) on v.
func (e *jpEval) item(it *jpItem, v *JSON) ([]*JSON, error) {
	if err := e.tick(); err != nil {
		return nil, err
	}
	var cur []*JSON
	switch it.kind {
	case jpNull, jpString, jpNumeric, jpBool:
		cur = []*JSON{jpLiteral(it)}
	case jpRoot:
		cur = []*JSON{e.root}
	case jpCurrent:
		cur = []*JSON{e.current}
	case jpVariable:
		var val *JSON
		if e.vars != nil {
			val = e.vars.Field(it.str)
		}
		if val == nil {
			return nil, pgerr.Newf(pgerr.UndefinedObject, "could not find jsonpath variable \"%s\"", it.str)
		}
		cur = []*JSON{val}
	case jpLast:
		if e.last < 0 {
			return nil, pgerr.New(pgerr.SyntaxError, "evaluating jsonpath LAST outside of array subscript")
		}
		cur = []*JSON{JSONNumberValue(apd.New(int64(e.last), 0))}
	case jpAnd, jpOr, jpNot, jpIsUnknown, jpEqual, jpNotEqual, jpLess, jpGreater, jpLessOrEqual, jpGreaterOrEqual, jpExists, jpStartsWith, jpLikeRegex:
		r, err := e.predicate(it, v)
		if err != nil {
			return nil, err
		}
		switch r {
		case jpTrue:
			cur = []*JSON{JSONBoolValue(true)}
		case jpFalse:
			cur = []*JSON{JSONBoolValue(false)}
		default:
			cur = []*JSON{JSONNullValue()}
		}
	case jpAdd, jpSub, jpMul, jpDiv, jpMod:
		r, err := e.arith(it, v)
		if err != nil {
			return nil, err
		}
		cur = []*JSON{r}
	case jpPlus, jpMinus:
		vals, err := e.item(it.left, v)
		if err != nil {
			return nil, err
		}
		for _, x := range e.unwrapAll(vals) {
			if x.Kind != JSONNumber {
				return nil, jpErr(pgerr.SqlJsonNumberNotFound, "operand of unary jsonpath operator %s is not a numeric value", map[jpKind]string{jpPlus: "+", jpMinus: "-"}[it.kind])
			}
			if it.kind == jpMinus {
				var n apd.Decimal
				n.Neg(x.Num)
				x = JSONNumberValue(&n)
			}
			cur = append(cur, x)
		}
	default:
		return nil, pgerr.New(pgerr.InternalError, "unexpected jsonpath item")
	}
	// A primary's accessors, depth first as PostgreSQL runs them, so
	// that an error leaves the items found before it.
	var found []*JSON
	for _, x := range cur {
		if err := e.chain(it.next, x, &found); err != nil {
			return found, err
		}
	}
	return found, nil
}

// chain applies acc and the accessors after it to v, appending the
// results to found.
func (e *jpEval) chain(acc *jpItem, v *JSON, found *[]*JSON) error {
	if acc == nil {
		*found = append(*found, v)
		return nil
	}
	r, err := e.accessor(acc, v, true)
	saved := e.ignoreStructural
	if acc.kind == jpAny {
		// What follows .** skips the items it does not apply to, also
		// in strict mode.
		e.ignoreStructural = true
	}
	defer func() { e.ignoreStructural = saved }()
	for _, x := range r {
		if err := e.chain(acc.next, x, found); err != nil {
			return err
		}
	}
	return err
}

// structural returns a structural error (a missing key, an accessor that
// does not apply), or nothing when those are ignored (after .**).
func (e *jpEval) structural(err error) ([]*JSON, error) {
	if e.ignoreStructural {
		return nil, nil
	}
	return nil, err
}

// anyLevels lists the items .**{first to last} visits under v, v itself
// at level 0, in PostgreSQL's order (each item before its descendants).
func (e *jpEval) anyLevels(acc *jpItem, v *JSON, level uint32, out []*JSON) ([]*JSON, error) {
	if err := e.tick(); err != nil {
		return nil, err
	}
	if level > acc.last {
		return out, nil
	}
	var children []*JSON
	switch v.Kind {
	case JSONArray:
		children = v.Elems
	case JSONObject:
		children = v.Vals
	}
	for _, c := range children {
		// {last} alone asks for the leaves.
		if level >= acc.first || acc.first == jpLastLevel && acc.last == jpLastLevel && c.IsScalar() {
			out = append(out, c)
		}
		if !c.IsScalar() && level < acc.last {
			var err error
			if out, err = e.anyLevels(acc, c, level+1, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func jpLiteral(it *jpItem) *JSON {
	switch it.kind {
	case jpString:
		return JSONStringValue(it.str)
	case jpNumeric:
		return JSONNumberValue(it.num)
	case jpBool:
		return JSONBoolValue(it.b)
	}
	return JSONNullValue()
}

// unwrapAll replaces arrays by their elements in lax mode.
func (e *jpEval) unwrapAll(vals []*JSON) []*JSON {
	if !e.lax {
		return vals
	}
	var out []*JSON
	for _, v := range vals {
		if v.Kind == JSONArray {
			out = append(out, v.Elems...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

// accessor applies one accessor to v; unwrap lets lax mode apply it to
// an array's elements.
func (e *jpEval) accessor(acc *jpItem, v *JSON, unwrap bool) ([]*JSON, error) {
	if err := e.tick(); err != nil {
		return nil, err
	}
	switch acc.kind {
	case jpAny:
		var out []*JSON
		if acc.first == 0 {
			out = append(out, v)
		}
		return e.anyLevels(acc, v, 1, out)
	case jpKey:
		if v.Kind == JSONObject {
			if f := v.Field(acc.str); f != nil {
				return []*JSON{f}, nil
			}
			if e.lax {
				return nil, nil
			}
			return e.structural(jpErr(pgerr.SqlJsonMemberNotFound, "JSON object does not contain key \"%s\"", acc.str))
		}
		if e.lax && unwrap && v.Kind == JSONArray {
			return e.each(acc, v.Elems)
		}
		if e.lax {
			return nil, nil
		}
		return e.structural(jpErr(pgerr.SqlJsonMemberNotFound, "jsonpath member accessor can only be applied to an object"))
	case jpAnyKey:
		if v.Kind == JSONObject {
			return append([]*JSON(nil), v.Vals...), nil
		}
		if e.lax && unwrap && v.Kind == JSONArray {
			return e.each(acc, v.Elems)
		}
		if e.lax {
			return nil, nil
		}
		return e.structural(jpErr(pgerr.SqlJsonObjectNotFound, "jsonpath wildcard member accessor can only be applied to an object"))
	case jpAnyArray:
		if v.Kind == JSONArray {
			return append([]*JSON(nil), v.Elems...), nil
		}
		if e.lax {
			return []*JSON{v}, nil
		}
		return e.structural(jpErr(pgerr.SqlJsonArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array"))
	case jpIndexArray:
		elems := []*JSON{v}
		if v.Kind == JSONArray {
			elems = v.Elems
		} else if !e.lax {
			return e.structural(jpErr(pgerr.SqlJsonArrayNotFound, "jsonpath array accessor can only be applied to an array"))
		}
		var out []*JSON
		for _, s := range acc.subs {
			from, err := e.index(s[0], len(elems))
			if err != nil {
				return nil, err
			}
			to := from
			if s[1] != nil {
				if to, err = e.index(s[1], len(elems)); err != nil {
					return nil, err
				}
			}
			outOfRange := from < 0 || from > to || to >= int64(len(elems))
			if outOfRange && !e.lax {
				if e.ignoreStructural {
					continue
				}
				return out, jpErr(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is out of bounds")
			}
			from = max(from, 0)
			to = min(to, int64(len(elems))-1)
			for i := from; i <= to; i++ {
				out = append(out, elems[i])
			}
		}
		return out, nil
	case jpFilter:
		if e.lax && unwrap && v.Kind == JSONArray {
			return e.each(acc, v.Elems)
		}
		saved := e.current
		e.current = v
		r, err := e.predicate(acc.left, v)
		e.current = saved
		if err != nil {
			return nil, err
		}
		if r == jpTrue {
			return []*JSON{v}, nil
		}
		return nil, nil
	case jpType:
		name := JSONTypeName(v.Kind)
		return []*JSON{JSONStringValue(name)}, nil
	case jpSize:
		if v.Kind == JSONArray {
			return []*JSON{JSONNumberValue(apd.New(int64(len(v.Elems)), 0))}, nil
		}
		if e.lax {
			return []*JSON{JSONNumberValue(apd.New(1, 0))}, nil
		}
		return e.structural(jpErr(pgerr.SqlJsonArrayNotFound, "jsonpath item method .size() can only be applied to an array"))
	case jpAbs, jpFloor, jpCeiling:
		if e.lax && unwrap && v.Kind == JSONArray {
			return e.each(acc, v.Elems)
		}
		if v.Kind != JSONNumber {
			return nil, jpErr(pgerr.NonNumericSqlJsonItem, "jsonpath item method %s can only be applied to a numeric value", jpMethodText[acc.kind])
		}
		var r apd.Decimal
		switch acc.kind {
		case jpAbs:
			r.Abs(v.Num)
		case jpFloor:
			_, _ = apd.BaseContext.Floor(&r, v.Num)
		case jpCeiling:
			_, _ = apd.BaseContext.Ceil(&r, v.Num)
		}
		if acc.kind != jpAbs && r.Exponent < 0 {
			_, _ = apd.BaseContext.Quantize(&r, &r, 0)
		}
		if r.IsZero() {
			r.Negative = false
		}
		return []*JSON{JSONNumberValue(&r)}, nil
	case jpDouble:
		if e.lax && unwrap && v.Kind == JSONArray {
			return e.each(acc, v.Elems)
		}
		var s string
		switch v.Kind {
		case JSONNumber:
			s = string(appendNumeric(nil, v.Num))
		case JSONString:
			s = v.Str
		default:
			return nil, jpErr(pgerr.NonNumericSqlJsonItem, "jsonpath item method .double() can only be applied to a string or numeric value")
		}
		d, err := parseFloat(s, 64)
		if err != nil || math.IsInf(d.Float8(), 0) || math.IsNaN(d.Float8()) {
			if v.Kind == JSONNumber {
				return nil, jpErr(pgerr.NonNumericSqlJsonItem, "numeric argument of jsonpath item method .double() is out of range for type double precision")
			}
			return nil, jpErr(pgerr.NonNumericSqlJsonItem, "string argument of jsonpath item method .double() is not a valid representation of a double precision number")
		}
		f := d.Float8()
		x, err := ParseNumeric(string(appendFloat(nil, f, 64, 0)))
		if err != nil {
			return nil, err
		}
		return []*JSON{JSONNumberValue(x)}, nil
	}
	return nil, pgerr.New(pgerr.InternalError, "unexpected jsonpath accessor")
}

func (e *jpEval) each(acc *jpItem, vals []*JSON) ([]*JSON, error) {
	var out []*JSON
	for _, x := range vals {
		r, err := e.accessor(acc, x, false)
		out = append(out, r...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// index evaluates an array subscript to an integer (truncated).
func (e *jpEval) index(it *jpItem, n int) (int64, error) {
	saved := e.last
	e.last = n - 1
	vals, err := e.item(it, e.current)
	e.last = saved
	if err != nil {
		return 0, err
	}
	if len(vals) != 1 || vals[0].Kind != JSONNumber {
		return 0, jpErr(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is not a single numeric value")
	}
	// Truncated toward zero, as PostgreSQL's numeric_trunc.
	var t apd.Decimal
	c := apd.BaseContext.WithPrecision(2000)
	c.Rounding = apd.RoundDown
	if _, err := c.Quantize(&t, vals[0].Num, 0); err != nil {
		return 0, jpErr(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is out of integer range")
	}
	i, err := t.Int64()
	if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
		return 0, jpErr(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is out of integer range")
	}
	return i, nil
}

// arith evaluates a binary arithmetic operator on two single numbers.
func (e *jpEval) arith(it *jpItem, v *JSON) (*JSON, error) {
	op := jpOpText[it.kind]
	operand := func(x *jpItem, side string) (*apd.Decimal, error) {
		vals, err := e.item(x, v)
		if err != nil {
			return nil, err
		}
		vals = e.unwrapAll(vals)
		if len(vals) != 1 || vals[0].Kind != JSONNumber {
			return nil, jpErr(pgerr.SingletonSqlJsonItemRequired, "%s operand of jsonpath operator %s is not a single numeric value", side, op)
		}
		return vals[0].Num, nil
	}
	l, err := operand(it.left, "left")
	if err != nil {
		return nil, err
	}
	r, err := operand(it.right, "right")
	if err != nil {
		return nil, err
	}
	var res Datum
	switch it.kind {
	case jpAdd:
		res, err = NumericAdd(l, r)
	case jpSub:
		res, err = NumericSub(l, r)
	case jpMul:
		res, err = NumericMul(l, r)
	case jpDiv:
		res, err = NumericDiv(l, r)
	case jpMod:
		res, err = NumericMod(l, r)
	}
	if err != nil {
		if pe, ok := err.(*pgerr.Error); ok {
			return nil, &jpError{err: pe}
		}
		return nil, err
	}
	return JSONNumberValue(res.Numeric()), nil
}

// jpBool is a predicate's three-valued result.
type jpTernary uint8

const (
	jpFalse jpTernary = iota
	jpTrue
	jpUnknown
)

// predicate evaluates a predicate item on v.
func (e *jpEval) predicate(it *jpItem, v *JSON) (jpTernary, error) {
	switch it.kind {
	case jpAnd, jpOr:
		l, err := e.predicate(it.left, v)
		if err != nil {
			return 0, err
		}
		if it.kind == jpAnd && l == jpFalse || it.kind == jpOr && l == jpTrue {
			return l, nil
		}
		r, err := e.predicate(it.right, v)
		if err != nil {
			return 0, err
		}
		if it.kind == jpAnd {
			if r == jpTrue {
				return l, nil
			}
			if r == jpFalse {
				return jpFalse, nil
			}
			return jpUnknown, nil
		}
		if r == jpFalse {
			return l, nil
		}
		if r == jpTrue {
			return jpTrue, nil
		}
		return jpUnknown, nil
	case jpNot:
		r, err := e.predicate(it.left, v)
		if err != nil {
			return 0, err
		}
		switch r {
		case jpTrue:
			return jpFalse, nil
		case jpFalse:
			return jpTrue, nil
		}
		return jpUnknown, nil
	case jpIsUnknown:
		r, err := e.predicate(it.left, v)
		if err != nil {
			return 0, err
		}
		if r == jpUnknown {
			return jpTrue, nil
		}
		return jpFalse, nil
	case jpExists:
		vals, err := e.item(it.left, v)
		if err != nil {
			if _, ok := err.(*jpError); ok {
				return jpUnknown, nil
			}
			return 0, err
		}
		if len(vals) > 0 {
			return jpTrue, nil
		}
		return jpFalse, nil
	case jpEqual, jpNotEqual, jpLess, jpGreater, jpLessOrEqual, jpGreaterOrEqual, jpStartsWith, jpLikeRegex:
		ls, err := e.item(it.left, v)
		if err != nil {
			if _, ok := err.(*jpError); ok {
				return jpUnknown, nil
			}
			return 0, err
		}
		// like_regex has no right operand: each left item is tested once.
		rs := []*JSON{nil}
		if it.kind != jpLikeRegex {
			if rs, err = e.item(it.right, v); err != nil {
				if _, ok := err.(*jpError); ok {
					return jpUnknown, nil
				}
				return 0, err
			}
		}
		ls = e.unwrapAll(ls)
		if it.kind != jpStartsWith && it.kind != jpLikeRegex {
			rs = e.unwrapAll(rs)
		}
		found, unknown := false, false
		for _, l := range ls {
			for _, r := range rs {
				if err := e.tick(); err != nil {
					return 0, err
				}
				var res jpTernary
				if it.kind == jpLikeRegex {
					if res, err = e.likeRegex(it.like, l); err != nil {
						return 0, err
					}
				} else if it.kind == jpStartsWith {
					res = jpUnknown
					if l.Kind == JSONString && r.Kind == JSONString {
						res = jpFalse
						if strings.HasPrefix(l.Str, r.Str) {
							res = jpTrue
						}
					}
				} else {
					res = jpCompare(it.kind, l, r)
				}
				switch res {
				case jpUnknown:
					if !e.lax {
						return jpUnknown, nil
					}
					unknown = true
				case jpTrue:
					if e.lax {
						return jpTrue, nil
					}
					found = true
				}
			}
		}
		if found {
			return jpTrue, nil
		}
		if unknown {
			return jpUnknown, nil
		}
		return jpFalse, nil
	}
	// Any other expression used as a predicate is not a boolean.
	return 0, pgerr.New(pgerr.SyntaxError, "jsonpath expression is not a predicate")
}

// likeRegex is executeLikeRegex: whether the pattern matches somewhere
// in a string item, unknown for an item that is not a string.
func (e *jpEval) likeRegex(r *jpRegex, v *JSON) (jpTernary, error) {
	if v.Kind != JSONString {
		return jpUnknown, nil
	}
	r.mu.Lock()
	ok, err := r.re.MatchString(v.Str, e.check)
	r.mu.Unlock()
	if err != nil {
		if x, isExec := err.(*regex.ExecError); isExec {
			return 0, pgerr.Newf(pgerr.InvalidRegularExpression, "regular expression failed: %s", x.Err.Msg)
		}
		return 0, err
	}
	if ok {
		return jpTrue, nil
	}
	return jpFalse, nil
}

// jpCompare is compareItems.
func jpCompare(op jpKind, a, b *JSON) jpTernary {
	if a.Kind != b.Kind {
		if a.Kind == JSONNull || b.Kind == JSONNull {
			if op == jpNotEqual {
				return jpTrue
			}
			return jpFalse
		}
		return jpUnknown
	}
	var c int
	switch a.Kind {
	case JSONNull:
	case JSONBool:
		c = compareJSONScalar(a, b)
	case JSONNumber:
		c = NumericCmp(a.Num, b.Num)
	case JSONString:
		c = strings.Compare(a.Str, b.Str)
	default:
		return jpUnknown
	}
	var r bool
	switch op {
	case jpEqual:
		r = c == 0
	case jpNotEqual:
		r = c != 0
	case jpLess:
		r = c < 0
	case jpGreater:
		r = c > 0
	case jpLessOrEqual:
		r = c <= 0
	default:
		r = c >= 0
	}
	if r {
		return jpTrue
	}
	return jpFalse
}
