package regex

import "unicode"

// classKind is a named character class ([[:alpha:]] etc.), classified as
// the C.UTF-8 locale (glibc's isw* functions) does: Unicode-aware letters,
// ASCII digits.
type classKind uint8

const (
	cAlnum classKind = iota
	cAlpha
	cBlank
	cCntrl
	cDigit
	cGraph
	cLower
	cPrint
	cPunct
	cSpace
	cUpper
	cXdigit
	cWord
)

var classNames = map[string]classKind{
	"alnum": cAlnum, "alpha": cAlpha, "blank": cBlank, "cntrl": cCntrl,
	"digit": cDigit, "graph": cGraph, "lower": cLower, "print": cPrint,
	"punct": cPunct, "space": cSpace, "upper": cUpper, "xdigit": cXdigit,
	"word": cWord,
}

func inClass(k classKind, r rune) bool {
	switch k {
	case cAlnum:
		return isAlpha(r) || isDigit(r)
	case cAlpha:
		return isAlpha(r)
	case cBlank:
		return r == ' ' || r == '\t' || (r > 127 && unicode.Is(unicode.Zs, r) && !isNoBreakSpace(r))
	case cCntrl:
		return unicode.IsControl(r) || r == 0x2028 || r == 0x2029
	case cDigit:
		return isDigit(r)
	case cGraph:
		return isGraph(r)
	case cLower:
		return unicode.IsLower(r)
	case cPrint:
		return isGraph(r) || r == ' ' || (r > 127 && unicode.Is(unicode.Zs, r))
	case cPunct:
		return isGraph(r) && !isAlpha(r) && !isDigit(r)
	case cSpace:
		return isSpace(r)
	case cUpper:
		return unicode.IsUpper(r)
	case cXdigit:
		return hexValue(r) >= 0
	case cWord:
		return isWordChar(r)
	}
	return false
}

func isAlpha(r rune) bool {
	if r < 128 {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || (unicode.IsDigit(r) && !isDigit(r))
}

func isSpace(r rune) bool {
	if r < 128 {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return (unicode.IsSpace(r) || r == 0x2028 || r == 0x2029) && !isNoBreakSpace(r)
}

func isNoBreakSpace(r rune) bool { return r == 0xA0 || r == 0x2007 || r == 0x202F }

func isGraph(r rune) bool {
	if r < 128 {
		return r > ' ' && r < 127
	}
	return unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.Is(unicode.Zs, r)
}

// isWordChar is what \w, \m, \M and \y consider part of a word.
func isWordChar(r rune) bool { return r == '_' || isAlpha(r) || isDigit(r) }

// charClass is a bracket expression or class escape.
type charClass struct {
	negate bool
	ranges []rune // pairs lo, hi
	kinds  []classKind
	// notKinds are the complemented classes of \D, \S and \W.
	notKinds []classKind
}

func (c *charClass) addRange(lo, hi rune) { c.ranges = append(c.ranges, lo, hi) }

func (c *charClass) addNamedClass(name string) bool {
	k, ok := classNames[name]
	if ok {
		c.kinds = append(c.kinds, k)
	}
	return ok
}

// addEscapeClass adds \d, \s, \w or their complements \D, \S, \W.
func (c *charClass) addEscapeClass(e rune) {
	switch e {
	case 'd':
		c.kinds = append(c.kinds, cDigit)
	case 's':
		c.kinds = append(c.kinds, cSpace)
	case 'w':
		c.kinds = append(c.kinds, cWord)
	case 'D':
		c.notKinds = append(c.notKinds, cDigit)
	case 'S':
		c.notKinds = append(c.notKinds, cSpace)
	case 'W':
		c.notKinds = append(c.notKinds, cWord)
	}
}

// contains reports membership before negation.
func (c *charClass) contains(r rune) bool {
	for i := 0; i < len(c.ranges); i += 2 {
		if r >= c.ranges[i] && r <= c.ranges[i+1] {
			return true
		}
	}
	for _, k := range c.kinds {
		if inClass(k, r) {
			return true
		}
	}
	for _, k := range c.notKinds {
		if !inClass(k, r) {
			return true
		}
	}
	return false
}

// matches reports whether r is in the class; fold also tries r's other
// cases; nlStop keeps a negated class from matching a newline.
func (c *charClass) matches(r rune, fold, nlStop bool) bool {
	in := c.contains(r)
	if !in && fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if c.contains(f) {
				in = true
				break
			}
		}
	}
	if c.negate {
		if nlStop && r == '\n' {
			return false
		}
		return !in
	}
	return in
}

// collatingElement resolves [.name.] and [=name=]: a single character or
// one of the POSIX character names.
func collatingElement(name string) (rune, bool) {
	rs := []rune(name)
	if len(rs) == 1 {
		return rs[0], true
	}
	r, ok := charNames[name]
	return r, ok
}

var charNames = map[string]rune{
	"NUL": 0, "SOH": 1, "STX": 2, "ETX": 3, "EOT": 4, "ENQ": 5, "ACK": 6, "BEL": 7,
	"alert": 7, "BS": 8, "backspace": 8, "HT": 9, "tab": 9, "LF": 10, "newline": 10,
	"VT": 11, "vertical-tab": 11, "FF": 12, "form-feed": 12, "CR": 13,
	"carriage-return": 13, "SO": 14, "SI": 15, "DLE": 16, "DC1": 17, "DC2": 18,
	"DC3": 19, "DC4": 20, "NAK": 21, "SYN": 22, "ETB": 23, "CAN": 24, "EM": 25,
	"SUB": 26, "ESC": 27, "IS4": 28, "FS": 28, "IS3": 29, "GS": 29, "IS2": 30,
	"RS": 30, "IS1": 31, "US": 31, "space": ' ', "exclamation-mark": '!',
	"quotation-mark": '"', "number-sign": '#', "dollar-sign": '$',
	"percent-sign": '%', "ampersand": '&', "apostrophe": '\'',
	"left-parenthesis": '(', "right-parenthesis": ')', "asterisk": '*',
	"plus-sign": '+', "comma": ',', "hyphen": '-', "hyphen-minus": '-',
	"period": '.', "full-stop": '.', "slash": '/', "solidus": '/', "zero": '0',
	"one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "colon": ':', "semicolon": ';',
	"less-than-sign": '<', "equals-sign": '=', "greater-than-sign": '>',
	"question-mark": '?', "commercial-at": '@', "left-square-bracket": '[',
	"backslash": '\\', "reverse-solidus": '\\', "right-square-bracket": ']',
	"circumflex": '^', "circumflex-accent": '^', "underscore": '_',
	"low-line": '_', "grave-accent": '`', "left-brace": '{',
	"left-curly-bracket": '{', "vertical-line": '|', "right-brace": '}',
	"right-curly-bracket": '}', "tilde": '~', "DEL": 127,
}
