package regex

import (
	"strings"
	"unicode"
)

type nodeKind uint8

const (
	nEmpty nodeKind = iota
	nLit
	nAny
	nClass
	nCat
	nAlt
	nRepeat
	nCapture
	nAssert
	nLook
	nBackref
)

// assertKind is a zero-width constraint.
type assertKind uint8

const (
	aBOL             assertKind = iota // ^
	aEOL                               // $
	aBOT                               // \A
	aEOT                               // \Z
	aWordStart                         // \m, [[:<:]], \< in BRE
	aWordEnd                           // \M, [[:>:]], \> in BRE
	aWordBoundary                      // \y
	aNotWordBoundary                   // \Y
)

// maxRepeat is DUPMAX, the largest count a bound may give.
const maxRepeat = 255

// maxNesting bounds the depth of parentheses so parsing (recursive) and
// compiling cannot exhaust the stack.
const maxNesting = 1000

type node struct {
	kind     nodeKind
	r        rune
	cls      *charClass
	subs     []*node
	min, max int // nRepeat; max -1 is unbounded
	greedy   bool
	// pref is the greediness attribute of 9.7.3.5: +1 prefers the
	// longest match, -1 the shortest, 0 none.
	pref   int8
	index  int // capture or back reference number
	assert assertKind
	behind bool // nLook
	negate bool // nLook
	// hasCapture is set when the node holds a capturing group.
	hasCapture bool
}

type parser struct {
	src   []rune
	pos   int
	opts  Options
	ncap  int
	open  []bool // open[i] is true while capture i+1 is being parsed
	depth int
	// inLook is set inside lookaround constraints, whose parentheses do
	// not capture and which may not hold back references.
	inLook bool
}

func parse(pattern string, opts Options) (*node, int, Options, error) {
	p := &parser{src: []rune(pattern), opts: opts}
	if err := p.prefix(); err != nil {
		return nil, 0, opts, err
	}
	if p.opts.Syntax == Literal {
		return p.literalRest(), 0, p.opts, nil
	}
	n, err := p.regex()
	if err != nil {
		return nil, 0, p.opts, err
	}
	if p.pos < len(p.src) {
		// Only an unmatched ")" stops the top-level expression early.
		return nil, 0, p.opts, errUnbalanced
	}
	return n, p.ncap, p.opts, nil
}

// prefix reads the directors ***: and ***= and the embedded options
// (?...) that may open an ARE.
func (p *parser) prefix() error {
	if p.opts.Syntax == ARE && p.hasPrefix("***") {
		switch {
		case p.hasPrefixAt(p.pos+3, ":"):
			p.pos += 4
		case p.hasPrefixAt(p.pos+3, "="):
			p.pos += 4
			p.opts.Syntax = Literal
			return nil
		}
	}
	if p.opts.Syntax == ARE && p.hasPrefix("(?") && !p.hasPrefix("(?:") && !p.hasPrefix("(?=") &&
		!p.hasPrefix("(?!") && !p.hasPrefix("(?<") && !p.hasPrefix("(?#") {
		if p.pos+2 >= len(p.src) {
			// A lone "(?" is an operand-less quantifier "?".
			return ErrBadRpt
		}
		p.pos += 2
		for {
			if p.pos >= len(p.src) {
				return ErrBadOpt
			}
			c := p.src[p.pos]
			p.pos++
			if c == ')' {
				break
			}
			if !p.opts.ApplyFlag(c) {
				return ErrBadOpt
			}
		}
	}
	return nil
}

func (p *parser) hasPrefix(s string) bool { return p.hasPrefixAt(p.pos, s) }

func (p *parser) hasPrefixAt(at int, s string) bool {
	for _, c := range s {
		if at >= len(p.src) || p.src[at] != c {
			return false
		}
		at++
	}
	return true
}

func (p *parser) literalRest() *node {
	cat := &node{kind: nCat}
	for _, c := range p.src[p.pos:] {
		cat.subs = append(cat.subs, p.lit(c))
	}
	p.pos = len(p.src)
	return cat
}

func (p *parser) lit(c rune) *node { return &node{kind: nLit, r: c} }

// skip passes over what expanded syntax and ARE comments ignore.
func (p *parser) skip() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case p.opts.Syntax == ARE && p.hasPrefix("(?#"):
			for p.pos < len(p.src) && p.src[p.pos] != ')' {
				p.pos++
			}
			if p.pos < len(p.src) {
				p.pos++
			}
		case p.opts.Expanded && p.opts.Syntax == ARE && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'):
			p.pos++
		case p.opts.Expanded && p.opts.Syntax == ARE && c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

func (p *parser) more() bool { p.skip(); return p.pos < len(p.src) }

// regex reads branches separated by |.
func (p *parser) regex() (*node, error) {
	var branches []*node
	for {
		b, err := p.branch()
		if err != nil {
			return nil, err
		}
		branches = append(branches, b)
		if p.more() && p.isAltBar() {
			p.pos += p.altBarLen()
			continue
		}
		break
	}
	if len(branches) == 1 {
		return branches[0], nil
	}
	return &node{kind: nAlt, subs: branches, pref: 1}, nil
}

func (p *parser) isAltBar() bool {
	if p.opts.Syntax == BRE {
		return false
	}
	return p.src[p.pos] == '|'
}

func (p *parser) altBarLen() int { return 1 }

// atGroupEnd reports whether the next token closes a group.
func (p *parser) atGroupEnd() bool {
	if p.opts.Syntax == BRE {
		return p.hasPrefix(`\)`)
	}
	return p.src[p.pos] == ')'
}

func (p *parser) branch() (*node, error) {
	cat := &node{kind: nCat}
	for p.more() && !p.isAltBar() && !p.atGroupEnd() {
		start := len(cat.subs) == 0
		a, err := p.atom(start)
		if err != nil {
			return nil, err
		}
		if a, err = p.quantifiers(a); err != nil {
			return nil, err
		}
		cat.subs = append(cat.subs, a)
		if cat.pref == 0 {
			cat.pref = a.pref
		}
	}
	if len(cat.subs) == 1 {
		return cat.subs[0], nil
	}
	return cat, nil
}

func (p *parser) atom(branchStart bool) (*node, error) {
	c := p.src[p.pos]
	switch p.opts.Syntax {
	case BRE:
		return p.breAtom(c, branchStart)
	}
	p.pos++
	switch c {
	case '(':
		return p.group()
	case '.':
		return &node{kind: nAny}, nil
	case '[':
		p.pos--
		return p.bracketOrWordBracket()
	case '^':
		return &node{kind: nAssert, assert: aBOL}, nil
	case '$':
		return &node{kind: nAssert, assert: aEOL}, nil
	case '\\':
		if p.opts.Syntax == ERE {
			if p.pos >= len(p.src) {
				return nil, ErrEscape
			}
			p.pos++
			return p.lit(p.src[p.pos-1]), nil
		}
		return p.escape()
	case '*', '+', '?':
		return nil, ErrBadRpt
	case '{':
		if p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			return nil, ErrBadRpt
		}
		return p.lit(c), nil
	}
	return p.lit(c), nil
}

func (p *parser) breAtom(c rune, branchStart bool) (*node, error) {
	switch {
	case c == '*' && branchStart:
		p.pos++
		return p.lit('*'), nil
	case c == '^' && branchStart:
		p.pos++
		return &node{kind: nAssert, assert: aBOL}, nil
	case c == '$' && (p.pos+1 == len(p.src) || p.hasPrefixAt(p.pos+1, `\)`)):
		p.pos++
		return &node{kind: nAssert, assert: aEOL}, nil
	case c == '.':
		p.pos++
		return &node{kind: nAny}, nil
	case c == '[':
		return p.bracketOrWordBracket()
	case c == '\\':
		p.pos++
		if p.pos >= len(p.src) {
			return nil, ErrEscape
		}
		e := p.src[p.pos]
		p.pos++
		switch {
		case e == '(':
			return p.group()
		case e == '{':
			return nil, ErrBadRpt
		case e == '<':
			return &node{kind: nAssert, assert: aWordStart}, nil
		case e == '>':
			return &node{kind: nAssert, assert: aWordEnd}, nil
		case e >= '1' && e <= '9':
			return p.backref(int(e - '0'))
		}
		return p.lit(e), nil
	}
	p.pos++
	return p.lit(c), nil
}

func (p *parser) backref(n int) (*node, error) {
	if p.inLook || n > p.ncap || p.open[n-1] {
		return nil, ErrSubreg
	}
	return &node{kind: nBackref, index: n}, nil
}

// group reads what follows "(" (or "\(" in a BRE) up to its closing
// parenthesis.
func (p *parser) group() (*node, error) {
	p.depth++
	if p.depth > maxNesting {
		return nil, ErrTooBig
	}
	defer func() { p.depth-- }()
	capture := !p.inLook
	var look *node
	if p.opts.Syntax == ARE && p.pos < len(p.src) && p.src[p.pos] == '?' {
		switch {
		case p.hasPrefix("?:"):
			p.pos += 2
			capture = false
		case p.hasPrefix("?="), p.hasPrefix("?!"):
			look = &node{kind: nLook, negate: p.src[p.pos+1] == '!'}
			p.pos += 2
		case p.hasPrefix("?<="), p.hasPrefix("?<!"):
			look = &node{kind: nLook, behind: true, negate: p.src[p.pos+2] == '!'}
			p.pos += 3
		default:
			return nil, ErrBadRpt
		}
	}
	if look != nil {
		saved := p.inLook
		p.inLook = true
		sub, err := p.regex()
		p.inLook = saved
		if err != nil {
			return nil, err
		}
		if err := p.closeParen(); err != nil {
			return nil, err
		}
		look.subs = []*node{sub}
		return look, nil
	}
	index := 0
	if capture {
		p.ncap++
		index = p.ncap
		p.open = append(p.open, true)
	}
	sub, err := p.regex()
	if err != nil {
		return nil, err
	}
	if err := p.closeParen(); err != nil {
		return nil, err
	}
	if !capture {
		return sub, nil
	}
	p.open[index-1] = false
	return &node{kind: nCapture, subs: []*node{sub}, index: index, pref: sub.pref}, nil
}

func (p *parser) closeParen() error {
	if !p.more() || !p.atGroupEnd() {
		return ErrParen
	}
	if p.opts.Syntax == BRE {
		p.pos += 2
	} else {
		p.pos++
	}
	return nil
}

// quantifiers reads the quantifiers that follow an atom.
func (p *parser) quantifiers(a *node) (*node, error) {
	if !p.more() {
		return a, nil
	}
	min, max, single, ok, err := p.quantifier()
	if err != nil || !ok {
		return a, err
	}
	if a.kind == nAssert || a.kind == nLook {
		return nil, ErrBadRpt
	}
	greedy := true
	if p.opts.Syntax == ARE && p.pos < len(p.src) && p.src[p.pos] == '?' {
		p.pos++
		greedy = false
	}
	r := &node{kind: nRepeat, subs: []*node{a}, min: min, max: max, greedy: greedy}
	switch {
	case single:
		r.pref = a.pref
	case greedy:
		r.pref = 1
	default:
		r.pref = -1
	}
	if p.more() {
		if _, _, _, again, err := p.peekQuantifier(); err != nil {
			return nil, err
		} else if again {
			if p.opts.Syntax == BRE && p.src[p.pos] == '*' {
				// A BRE may repeat a repetition.
				return p.quantifiers(r)
			}
			return nil, ErrBadRpt
		}
	}
	return r, nil
}

func (p *parser) peekQuantifier() (int, int, bool, bool, error) {
	save := p.pos
	min, max, single, ok, err := p.quantifier()
	p.pos = save
	return min, max, single, ok, err
}

// quantifier reads one quantifier: *, +, ?, or a bound {m}, {m,}, {m,n}
// (\{...\} in a BRE). single is set for {m}, whose greediness is the
// atom's own.
func (p *parser) quantifier() (min, max int, single, ok bool, err error) {
	c := p.src[p.pos]
	if p.opts.Syntax == BRE {
		switch {
		case c == '*':
			p.pos++
			return 0, -1, false, true, nil
		case p.hasPrefix(`\{`):
			p.pos += 2
			return p.bound()
		}
		return 0, 0, false, false, nil
	}
	switch c {
	case '*':
		p.pos++
		return 0, -1, false, true, nil
	case '+':
		p.pos++
		return 1, -1, false, true, nil
	case '?':
		p.pos++
		return 0, 1, false, true, nil
	case '{':
		if p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1]) {
			p.pos++
			return p.bound()
		}
	}
	return 0, 0, false, false, nil
}

func (p *parser) bound() (min, max int, single, ok bool, err error) {
	min, err = p.boundNumber()
	if err != nil {
		return
	}
	max, single = min, true
	if p.pos < len(p.src) && p.src[p.pos] == ',' {
		p.pos++
		single = false
		if p.pos < len(p.src) && isDigit(p.src[p.pos]) {
			if max, err = p.boundNumber(); err != nil {
				return
			}
			if min > max {
				return 0, 0, false, false, ErrBadBr
			}
		} else {
			max = -1
		}
	}
	if p.pos >= len(p.src) {
		return 0, 0, false, false, ErrBrace
	}
	end := "}"
	if p.opts.Syntax == BRE {
		end = `\}`
	}
	if !p.hasPrefix(end) {
		return 0, 0, false, false, ErrBadBr
	}
	p.pos += len(end)
	return min, max, single, true, nil
}

func (p *parser) boundNumber() (int, error) {
	if p.pos >= len(p.src) {
		return 0, ErrBrace
	}
	if !isDigit(p.src[p.pos]) {
		return 0, ErrBadBr
	}
	n := 0
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		n = n*10 + int(p.src[p.pos]-'0')
		if n > maxRepeat {
			return 0, ErrBadBr
		}
		p.pos++
	}
	return n, nil
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

func isAlnumASCII(c rune) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// escape reads an ARE escape after its backslash, outside brackets.
func (p *parser) escape() (*node, error) {
	if p.pos >= len(p.src) {
		return nil, ErrEscape
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case 'A':
		return &node{kind: nAssert, assert: aBOT}, nil
	case 'Z':
		return &node{kind: nAssert, assert: aEOT}, nil
	case 'm':
		return &node{kind: nAssert, assert: aWordStart}, nil
	case 'M':
		return &node{kind: nAssert, assert: aWordEnd}, nil
	case 'y':
		return &node{kind: nAssert, assert: aWordBoundary}, nil
	case 'Y':
		return &node{kind: nAssert, assert: aNotWordBoundary}, nil
	case 'd', 's', 'w', 'D', 'S', 'W':
		cls := &charClass{}
		cls.addEscapeClass(c)
		return p.classNode(cls), nil
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		// A single digit is a back reference; more digits are one if
		// the number names a capture seen so far, octal otherwise.
		start := p.pos - 1
		n := int(c - '0')
		for p.pos < len(p.src) && isDigit(p.src[p.pos]) && n <= maxRepeat {
			n = n*10 + int(p.src[p.pos]-'0')
			p.pos++
		}
		if n > maxRepeat {
			return nil, ErrEscape
		}
		if p.pos == start+1 || n <= p.ncap {
			return p.backref(n)
		}
		p.pos = start
		if c == '8' || c == '9' {
			return nil, ErrEscape
		}
		r, err := p.octal()
		if err != nil {
			return nil, err
		}
		return p.lit(r), nil
	case '0':
		p.pos--
		r, err := p.octal()
		if err != nil {
			return nil, err
		}
		return p.lit(r), nil
	}
	p.pos--
	r, err := p.charEscape()
	if err != nil {
		return nil, err
	}
	return p.lit(r), nil
}

func (p *parser) octal() (rune, error) {
	r := rune(0)
	for i := 0; i < 3 && p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '7'; i++ {
		r = r*8 + p.src[p.pos] - '0'
		p.pos++
	}
	return r, nil
}

// charEscape reads an escape that stands for one character (valid in and
// out of brackets), at the letter after the backslash.
func (p *parser) charEscape() (rune, error) {
	c := p.src[p.pos]
	p.pos++
	switch c {
	case 'a':
		return 7, nil
	case 'b':
		return '\b', nil
	case 'B':
		return '\\', nil
	case 'c':
		if p.pos >= len(p.src) {
			return 0, ErrEscape
		}
		p.pos++
		return p.src[p.pos-1] & 037, nil
	case 'e':
		return 033, nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'v':
		return '\v', nil
	case 'u':
		return p.hexDigits(4, 4)
	case 'U':
		return p.hexDigits(8, 8)
	case 'x':
		return p.hexDigits(1, 8)
	case '0':
		p.pos--
		return p.octal()
	}
	if isAlnumASCII(c) {
		return 0, ErrEscape
	}
	return c, nil
}

func (p *parser) hexDigits(min, max int) (rune, error) {
	r, n := rune(0), 0
	for n < max && p.pos < len(p.src) {
		d := hexValue(p.src[p.pos])
		if d < 0 {
			break
		}
		r = r*16 + rune(d)
		n++
		p.pos++
	}
	if n < min || r > unicode.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
		return 0, ErrEscape
	}
	return r, nil
}

func hexValue(c rune) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func (p *parser) classNode(cls *charClass) *node {
	return &node{kind: nClass, cls: cls}
}

// bracketOrWordBracket reads a bracket expression, or the word
// constraints [[:<:]] and [[:>:]].
func (p *parser) bracketOrWordBracket() (*node, error) {
	if p.hasPrefix("[[:<:]]") {
		p.pos += 7
		return &node{kind: nAssert, assert: aWordStart}, nil
	}
	if p.hasPrefix("[[:>:]]") {
		p.pos += 7
		return &node{kind: nAssert, assert: aWordEnd}, nil
	}
	p.pos++
	cls := &charClass{}
	if p.pos < len(p.src) && p.src[p.pos] == '^' {
		cls.negate = true
		p.pos++
	}
	first := true
	for {
		if p.pos >= len(p.src) {
			return nil, ErrBrack
		}
		c := p.src[p.pos]
		if c == ']' && !first {
			p.pos++
			break
		}
		first = false
		lo, isChar, err := p.bracketItem(cls)
		if err != nil {
			return nil, err
		}
		if !isChar {
			if p.hasPrefix("-") && !p.hasPrefix("-]") {
				return nil, ErrRange
			}
			continue
		}
		if p.hasPrefix("-") && !p.hasPrefix("-]") && p.pos+1 < len(p.src) {
			p.pos++
			hi, hiChar, err := p.bracketItem(nil)
			if err != nil {
				return nil, err
			}
			if !hiChar || hi < lo {
				return nil, ErrRange
			}
			cls.addRange(lo, hi)
			continue
		}
		cls.addRange(lo, lo)
	}
	return p.classNode(cls), nil
}

// bracketItem reads one element of a bracket expression: a character
// (returned with isChar set), a collating element or equivalence class
// of one character (the same), or a character class (added to cls; nil
// cls refuses it, as the end of a range).
func (p *parser) bracketItem(cls *charClass) (r rune, isChar bool, err error) {
	c := p.src[p.pos]
	if c == '[' && p.pos+1 < len(p.src) {
		switch d := p.src[p.pos+1]; d {
		case ':', '.', '=':
			end := strings.IndexRune(string(p.src[p.pos+2:]), d)
			// Look for the terminator d followed by ']'.
			closeAt := -1
			for i := p.pos + 2; i+1 < len(p.src); i++ {
				if p.src[i] == d && p.src[i+1] == ']' {
					closeAt = i
					break
				}
			}
			_ = end
			if closeAt < 0 {
				return 0, false, ErrBrack
			}
			name := string(p.src[p.pos+2 : closeAt])
			p.pos = closeAt + 2
			if d == ':' {
				if cls == nil {
					return 0, false, ErrRange
				}
				if !cls.addNamedClass(name) {
					return 0, false, ErrCtype
				}
				return 0, false, nil
			}
			ch, ok := collatingElement(name)
			if !ok {
				return 0, false, ErrCollate
			}
			return ch, true, nil
		}
	}
	if c == '\\' && p.opts.Syntax == ARE {
		p.pos++
		if p.pos >= len(p.src) {
			return 0, false, ErrBrack
		}
		switch e := p.src[p.pos]; e {
		case 'd', 's', 'w', 'D', 'S', 'W':
			if cls == nil {
				return 0, false, ErrRange
			}
			p.pos++
			cls.addEscapeClass(e)
			return 0, false, nil
		}
		r, err := p.charEscape()
		return r, err == nil, err
	}
	p.pos++
	return c, true, nil
}
