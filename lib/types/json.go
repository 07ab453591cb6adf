// This file implements the json and jsonb types: PostgreSQL's JSON lexer
// and parser (src/common/jsonapi.c) with its error details and context
// lines, the jsonb value tree with PostgreSQL's normalization (object
// keys sorted by length, then bytes; the last of duplicate keys kept;
// numbers as numeric), text output, ordering and equality keys.
//
// Representation: a json Datum is the text as given (validated on input);
// a jsonb Datum points at an immutable *JSON tree. jsonb's binary send
// format, and what a table stores for a jsonb column (lib/access/tuple
// stores non-string varlena types in their send format), is
// PostgreSQL's version byte 1 followed by the normalized text, read back
// with the same parser: not PostgreSQL's on-disk JsonbContainer layout.

package types

import (
	"sort"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/cockroachdb/apd/v3"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// OIDs of the JSON types.
const (
	OidJSON          uint32 = 114
	OidJSONArray     uint32 = 199
	OidJSONB         uint32 = 3802
	OidJSONBArray    uint32 = 3807
	OidJSONPath      uint32 = 4072
	OidJSONPathArray uint32 = 4073
)

// JSONKind is the kind of a JSON value. The order is jsonb's ordering of
// kinds (PostgreSQL's enum jbvType): null < string < number < boolean <
// array < object.
type JSONKind uint8

// JSON value kinds.
const (
	JSONNull JSONKind = iota
	JSONString
	JSONNumber
	JSONBool
	JSONArray
	JSONObject
)

// JSON is one JSON value. Trees in jsonb Datums are immutable and
// normalized: object keys unique and in jsonb order, numbers in Num.
type JSON struct {
	Kind  JSONKind
	Str   string       // a string's value; a json number's literal text
	Num   *apd.Decimal // a jsonb number
	Bool  bool
	Elems []*JSON  // array elements
	Keys  []string // object keys, parallel to Vals
	Vals  []*JSON
	// Raw is the source text of the value when it was parsed from json
	// text (ParseJSONTree with raw); "" otherwise.
	Raw string
}

// MaxJSONDepth bounds the nesting of arrays and objects the parser
// accepts, as PostgreSQL's check_stack_depth does at its default
// max_stack_depth.
const MaxJSONDepth = 10000

// JSONBDatum makes a jsonb Datum of v, which the Datum owns.
func JSONBDatum(v *JSON) Datum { return Datum{p: unsafe.Pointer(v)} }

// JSONB returns the value of a jsonb Datum; it must not be modified.
func (d Datum) JSONB() *JSON { return (*JSON)(d.p) }

// JSONNullValue, JSONBoolValue, JSONStringValue and JSONNumberValue make
// scalar values.
func JSONNullValue() *JSON                 { return &JSON{Kind: JSONNull} }
func JSONBoolValue(b bool) *JSON           { return &JSON{Kind: JSONBool, Bool: b} }
func JSONStringValue(s string) *JSON       { return &JSON{Kind: JSONString, Str: s} }
func JSONNumberValue(x *apd.Decimal) *JSON { return &JSON{Kind: JSONNumber, Num: x} }

// IsScalar reports whether v is neither an array nor an object.
func (v *JSON) IsScalar() bool { return v.Kind < JSONArray }

// Field returns the value of key in object v, or nil.
func (v *JSON) Field(key string) *JSON {
	if v.Kind != JSONObject {
		return nil
	}
	if v.Raw != "" {
		// json text keeps duplicates: the last one wins, as in
		// PostgreSQL's json operators. (jsonb objects, which have no
		// Raw, are always normalized.)
		for i := len(v.Keys) - 1; i >= 0; i-- {
			if v.Keys[i] == key {
				return v.Vals[i]
			}
		}
		return nil
	}
	i := sort.Search(len(v.Keys), func(i int) bool { return CompareJSONKeys(v.Keys[i], key) >= 0 })
	if i < len(v.Keys) && v.Keys[i] == key {
		return v.Vals[i]
	}
	return nil
}

// CompareJSONKeys is jsonb's order of object keys: shorter first, then
// bytewise.
func CompareJSONKeys(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// NewJSONObject makes a jsonb object of keys and vals (parallel),
// normalized: the last of duplicate keys wins and keys are sorted.
func NewJSONObject(keys []string, vals []*JSON) *JSON {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return CompareJSONKeys(keys[idx[a]], keys[idx[b]]) < 0 })
	out := &JSON{Kind: JSONObject, Keys: make([]string, 0, len(keys)), Vals: make([]*JSON, 0, len(keys))}
	for n, i := range idx {
		if n+1 < len(idx) && keys[idx[n+1]] == keys[i] {
			continue // a later duplicate follows (stable sort): it wins
		}
		out.Keys = append(out.Keys, keys[i])
		out.Vals = append(out.Vals, vals[i])
	}
	return out
}

// JSON lexer tokens.
type jsonToken uint8

const (
	tokInvalid jsonToken = iota
	tokString
	tokNumber
	tokObjectStart
	tokObjectEnd
	tokArrayStart
	tokArrayEnd
	tokComma
	tokColon
	tokTrue
	tokFalse
	tokNull
	tokEnd
)

// jsonError kinds (JsonParseErrorType).
type jsonErrKind uint8

const (
	jeInvalidToken jsonErrKind = iota
	jeEscapingInvalid
	jeEscapingRequired
	jeExpectedEnd
	jeExpectedArrayNext
	jeExpectedColon
	jeExpectedJSON
	jeExpectedMore
	jeExpectedObjectFirst
	jeExpectedObjectNext
	jeExpectedString
	jeCodePointZero
	jeUnicodeFormat
	jeHighSurrogate
	jeLowSurrogate
)

// jsonLexer is PostgreSQL's JsonLexContext.
type jsonLexer struct {
	in         string
	pos        int // where the next token's search starts
	tokStart   int
	tokEnd     int
	tok        jsonToken
	line       int
	lineStart  int
	deescape   bool // compute string values, with the checks that needs
	strval     []byte
	depth      int
	keepRaw    bool
	numeric    bool // parse numbers as numeric (jsonb)
	parseNums  bool
	buildTree  bool
	escapesErr error
}

func jsonAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// fail makes the error of kind k at the lexer's current position.
func (l *jsonLexer) fail(k jsonErrKind) error {
	tok := l.in[l.tokStart:l.tokEnd]
	var detail string
	code := pgerr.InvalidTextRepresentation
	msg := "invalid input syntax for type json"
	switch k {
	case jeInvalidToken:
		detail = `Token "` + tok + `" is invalid.`
	case jeEscapingInvalid:
		detail = `Escape sequence "\` + tok + `" is invalid.`
	case jeEscapingRequired:
		detail = "Character with value 0x" + hex2(l.in[l.tokEnd]) + " must be escaped."
	case jeExpectedEnd:
		detail = `Expected end of input, but found "` + tok + `".`
	case jeExpectedArrayNext:
		detail = `Expected "," or "]", but found "` + tok + `".`
	case jeExpectedColon:
		detail = `Expected ":", but found "` + tok + `".`
	case jeExpectedJSON:
		detail = `Expected JSON value, but found "` + tok + `".`
	case jeExpectedMore:
		detail = "The input string ended unexpectedly."
	case jeExpectedObjectFirst:
		detail = `Expected string or "}", but found "` + tok + `".`
	case jeExpectedObjectNext:
		detail = `Expected "," or "}", but found "` + tok + `".`
	case jeExpectedString:
		detail = `Expected string, but found "` + tok + `".`
	case jeCodePointZero:
		code, msg = pgerr.UntranslatableCharacter, "unsupported Unicode escape sequence"
		detail = `\u0000 cannot be converted to text.`
	case jeUnicodeFormat:
		detail = `"\u" must be followed by four hexadecimal digits.`
	case jeHighSurrogate:
		detail = "Unicode high surrogate must not follow a high surrogate."
	case jeLowSurrogate:
		detail = "Unicode low surrogate must follow a high surrogate."
	}
	e := pgerr.New(code, msg)
	e.Detail = detail
	e.Where = l.context(k == jeExpectedMore)
	return e
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// context is report_json_context: the line number and the text of the
// line up to the end of the offending token, shortened to about 50
// bytes, with "..." where it is cut.
func (l *jsonLexer) context(atEnd bool) string {
	start, end := l.lineStart, l.tokEnd
	for end-start >= 50 {
		_, n := utf8.DecodeRuneInString(l.in[start:])
		start += max(n, 1)
	}
	if start-l.lineStart <= 3 {
		start = l.lineStart
	}
	prefix, suffix := "", ""
	if start > l.lineStart {
		prefix = "..."
	}
	if !atEnd && end < len(l.in) && l.in[end] != '\n' && l.in[end] != '\r' {
		suffix = "..."
	}
	return "JSON data, line " + itoa(l.line) + ": " + prefix + l.in[start:end] + suffix
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// lex reads the next token (json_lex).
func (l *jsonLexer) lex() error {
	s := l.pos
	for s < len(l.in) {
		c := l.in[s]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		s++
		if c == '\n' {
			l.line++
			l.lineStart = s
		}
	}
	l.tokStart = s
	if s >= len(l.in) {
		l.tok, l.tokEnd, l.pos = tokEnd, s, s
		return nil
	}
	single := func(t jsonToken) error {
		l.tok, l.tokEnd, l.pos = t, s+1, s+1
		return nil
	}
	switch c := l.in[s]; c {
	case '{':
		return single(tokObjectStart)
	case '}':
		return single(tokObjectEnd)
	case '[':
		return single(tokArrayStart)
	case ']':
		return single(tokArrayEnd)
	case ',':
		return single(tokComma)
	case ':':
		return single(tokColon)
	case '"':
		return l.lexString(s)
	case '-':
		return l.lexNumber(s, s+1)
	default:
		if c >= '0' && c <= '9' {
			return l.lexNumber(s, s)
		}
		p := s
		for p < len(l.in) && jsonAlnum(l.in[p]) {
			p++
		}
		if p == s {
			l.tokEnd = s + 1
			return l.fail(jeInvalidToken)
		}
		l.tokEnd, l.pos = p, p
		switch l.in[s:p] {
		case "true":
			l.tok = tokTrue
		case "false":
			l.tok = tokFalse
		case "null":
			l.tok = tokNull
		default:
			return l.fail(jeInvalidToken)
		}
		return nil
	}
}

// lexNumber is json_lex_number: s is where the number's digits start.
func (l *jsonLexer) lexNumber(start, s int) error {
	in := l.in
	bad := false
	digits := func() {
		for s < len(in) && in[s] >= '0' && in[s] <= '9' {
			s++
		}
	}
	switch {
	case s < len(in) && in[s] == '0':
		s++
	case s < len(in) && in[s] >= '1' && in[s] <= '9':
		digits()
	default:
		bad = true
	}
	if s < len(in) && in[s] == '.' {
		s++
		if s == len(in) || in[s] < '0' || in[s] > '9' {
			bad = true
		} else {
			digits()
		}
	}
	if s < len(in) && (in[s] == 'e' || in[s] == 'E') {
		s++
		if s < len(in) && (in[s] == '+' || in[s] == '-') {
			s++
		}
		if s == len(in) || in[s] < '0' || in[s] > '9' {
			bad = true
		} else {
			digits()
		}
	}
	for s < len(in) && jsonAlnum(in[s]) {
		s++
		bad = true
	}
	l.tokStart, l.tokEnd, l.pos = start, s, s
	if bad {
		return l.fail(jeInvalidToken)
	}
	l.tok = tokNumber
	return nil
}

func jsonHexVal(c byte) int {
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

// lexString is json_lex_string; with deescape it also computes the
// string's value into l.strval.
func (l *jsonLexer) lexString(start int) error {
	in := l.in
	l.strval = l.strval[:0]
	hi := -1
	s := start
	failAtCharEnd := func(k jsonErrKind) error {
		_, n := utf8.DecodeRuneInString(in[s:])
		l.tokEnd = s + max(n, 1)
		return l.fail(k)
	}
	for {
		s++
		if s >= len(in) {
			l.tokEnd = s
			return l.fail(jeInvalidToken)
		}
		c := in[s]
		switch {
		case c == '"':
			if hi != -1 {
				return failAtCharEnd(jeLowSurrogate)
			}
			l.tokEnd, l.pos, l.tok = s+1, s+1, tokString
			return nil
		case c < 0x20:
			l.tokEnd = s
			return l.fail(jeEscapingRequired)
		case c == '\\':
			s++
			if s >= len(in) {
				l.tokEnd = s
				return l.fail(jeInvalidToken)
			}
			if in[s] == 'u' {
				ch := 0
				for i := 0; i < 4; i++ {
					s++
					if s >= len(in) {
						l.tokEnd = s
						return l.fail(jeInvalidToken)
					}
					h := jsonHexVal(in[s])
					if h < 0 {
						return failAtCharEnd(jeUnicodeFormat)
					}
					ch = ch*16 + h
				}
				if !l.deescape {
					continue
				}
				switch {
				case ch >= 0xD800 && ch <= 0xDBFF:
					if hi != -1 {
						return failAtCharEnd(jeHighSurrogate)
					}
					hi = ch
					continue
				case ch >= 0xDC00 && ch <= 0xDFFF:
					if hi == -1 {
						return failAtCharEnd(jeLowSurrogate)
					}
					ch = 0x10000 + (hi-0xD800)<<10 + (ch - 0xDC00)
					hi = -1
				}
				if hi != -1 {
					return failAtCharEnd(jeLowSurrogate)
				}
				if ch == 0 {
					return failAtCharEnd(jeCodePointZero)
				}
				l.strval = utf8.AppendRune(l.strval, rune(ch))
				continue
			}
			if l.deescape {
				if hi != -1 {
					return failAtCharEnd(jeLowSurrogate)
				}
				var b byte
				switch in[s] {
				case '"', '\\', '/':
					b = in[s]
				case 'b':
					b = '\b'
				case 'f':
					b = '\f'
				case 'n':
					b = '\n'
				case 'r':
					b = '\r'
				case 't':
					b = '\t'
				default:
					l.tokStart = s
					return failAtCharEnd(jeEscapingInvalid)
				}
				l.strval = append(l.strval, b)
			} else if !strings.ContainsRune("\"\\/bfnrtu", rune(in[s])) {
				l.tokStart = s
				return failAtCharEnd(jeEscapingInvalid)
			}
		default:
			if l.deescape {
				if hi != -1 {
					return failAtCharEnd(jeLowSurrogate)
				}
				l.strval = append(l.strval, c)
			}
		}
	}
}

// parseErr is report_parse_error: the input ended, or the current token
// is not what the context expects.
func (l *jsonLexer) parseErr(k jsonErrKind) error {
	if l.tok == tokEnd {
		return l.fail(jeExpectedMore)
	}
	return l.fail(k)
}

func (l *jsonLexer) expect(t jsonToken, k jsonErrKind) error {
	if l.tok != t {
		return l.parseErr(k)
	}
	return l.lex()
}

func errJSONDepth() error {
	return pgerr.New(pgerr.StatementTooComplex, "stack depth limit exceeded").
		WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
}

// value parses the value at the current token (parse_scalar,
// parse_object, parse_array).
func (l *jsonLexer) value() (*JSON, error) {
	start := l.tokStart
	switch l.tok {
	case tokObjectStart:
		return l.object(start)
	case tokArrayStart:
		return l.array(start)
	}
	var v *JSON
	if l.buildTree {
		switch l.tok {
		case tokString:
			v = &JSON{Kind: JSONString, Str: string(l.strval)}
		case tokNumber:
			v = &JSON{Kind: JSONNumber, Str: l.in[l.tokStart:l.tokEnd]}
			if l.parseNums {
				x, err := parseJSONNumber(v.Str)
				if err != nil {
					return nil, err
				}
				v.Num, v.Str = x, ""
			}
		case tokTrue, tokFalse:
			v = &JSON{Kind: JSONBool, Bool: l.tok == tokTrue}
		case tokNull:
			v = &JSON{Kind: JSONNull}
		default:
			return nil, l.parseErr(jeExpectedJSON)
		}
		if l.keepRaw {
			v.Raw = l.in[l.tokStart:l.tokEnd]
		}
	} else {
		switch l.tok {
		case tokString, tokNumber, tokTrue, tokFalse, tokNull:
		default:
			return nil, l.parseErr(jeExpectedJSON)
		}
	}
	return v, l.lex()
}

// parseJSONNumber is numeric_in of a JSON number literal, with a fast
// path for small integers (most numbers in documents).
func parseJSONNumber(lit string) (*apd.Decimal, error) {
	digits := lit
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) > 0 && len(digits) <= 18 {
		n := int64(0)
		for i := 0; i < len(digits); i++ {
			c := digits[i]
			if c < '0' || c > '9' {
				return ParseNumeric(lit)
			}
			n = n*10 + int64(c-'0')
		}
		if lit[0] == '-' {
			n = -n
		}
		return apd.New(n, 0), nil
	}
	return ParseNumeric(lit)
}

func (l *jsonLexer) enter() error {
	l.depth++
	if l.depth > MaxJSONDepth {
		return errJSONDepth()
	}
	return nil
}

func (l *jsonLexer) object(start int) (*JSON, error) {
	if err := l.enter(); err != nil {
		return nil, err
	}
	var v *JSON
	if l.buildTree {
		v = &JSON{Kind: JSONObject}
	}
	if err := l.lex(); err != nil {
		return nil, err
	}
	switch l.tok {
	case tokString:
		for {
			if l.tok != tokString {
				return nil, l.parseErr(jeExpectedString)
			}
			key := ""
			if l.buildTree {
				key = string(l.strval)
			}
			if err := l.lex(); err != nil {
				return nil, err
			}
			if err := l.expect(tokColon, jeExpectedColon); err != nil {
				return nil, err
			}
			val, err := l.value()
			if err != nil {
				return nil, err
			}
			if v != nil {
				v.Keys = append(v.Keys, key)
				v.Vals = append(v.Vals, val)
			}
			if l.tok != tokComma {
				break
			}
			if err := l.lex(); err != nil {
				return nil, err
			}
		}
	case tokObjectEnd:
	default:
		return nil, l.parseErr(jeExpectedObjectFirst)
	}
	if l.tok != tokObjectEnd {
		return nil, l.parseErr(jeExpectedObjectNext)
	}
	end := l.tokEnd
	if err := l.lex(); err != nil {
		return nil, err
	}
	l.depth--
	if v != nil {
		if l.keepRaw {
			v.Raw = l.in[start:end]
		} else {
			v = NewJSONObject(v.Keys, v.Vals)
		}
	}
	return v, nil
}

func (l *jsonLexer) array(start int) (*JSON, error) {
	if err := l.enter(); err != nil {
		return nil, err
	}
	var v *JSON
	if l.buildTree {
		v = &JSON{Kind: JSONArray}
	}
	if err := l.lex(); err != nil {
		return nil, err
	}
	if l.tok != tokArrayEnd {
		for {
			e, err := l.value()
			if err != nil {
				return nil, err
			}
			if v != nil {
				v.Elems = append(v.Elems, e)
			}
			if l.tok != tokComma {
				break
			}
			if err := l.lex(); err != nil {
				return nil, err
			}
		}
	}
	if l.tok != tokArrayEnd {
		return nil, l.parseErr(jeExpectedArrayNext)
	}
	end := l.tokEnd
	if err := l.lex(); err != nil {
		return nil, err
	}
	l.depth--
	if v != nil && l.keepRaw {
		v.Raw = l.in[start:end]
	}
	return v, nil
}

func (l *jsonLexer) parse() (*JSON, error) {
	l.line = 1
	if err := l.lex(); err != nil {
		return nil, err
	}
	v, err := l.value()
	if err != nil {
		return nil, err
	}
	if l.tok != tokEnd {
		return nil, l.parseErr(jeExpectedEnd)
	}
	return v, nil
}

// ValidateJSON is json_in's check: s must be JSON; escapes are checked
// for their form only (json keeps "\u0000" and lone surrogates).
func ValidateJSON(s string) error {
	l := jsonLexer{in: s}
	_, err := l.parse()
	return err
}

// ParseJSONB is jsonb_in: the normalized tree of s.
func ParseJSONB(s string) (*JSON, error) {
	l := jsonLexer{in: s, deescape: true, buildTree: true, parseNums: true}
	return l.parse()
}

// ParseJSONTree parses json text into a tree that keeps every object
// member in order (duplicates too) and the source text of each value in
// Raw, with strings de-escaped (so "\u0000" is an error here, as in
// PostgreSQL's json processing functions). Numbers keep their literal
// text in Str.
func ParseJSONTree(s string) (*JSON, error) {
	l := jsonLexer{in: s, deescape: true, buildTree: true, keepRaw: true}
	return l.parse()
}

// ToJSONB converts a tree from ParseJSONTree to a normalized jsonb tree.
func ToJSONB(v *JSON) (*JSON, error) {
	switch v.Kind {
	case JSONNumber:
		if v.Num != nil {
			return &JSON{Kind: JSONNumber, Num: v.Num}, nil
		}
		x, err := ParseNumeric(v.Str)
		if err != nil {
			return nil, err
		}
		return &JSON{Kind: JSONNumber, Num: x}, nil
	case JSONArray:
		out := &JSON{Kind: JSONArray, Elems: make([]*JSON, len(v.Elems))}
		for i, e := range v.Elems {
			c, err := ToJSONB(e)
			if err != nil {
				return nil, err
			}
			out.Elems[i] = c
		}
		return out, nil
	case JSONObject:
		vals := make([]*JSON, len(v.Vals))
		for i, e := range v.Vals {
			c, err := ToJSONB(e)
			if err != nil {
				return nil, err
			}
			vals[i] = c
		}
		return NewJSONObject(v.Keys, vals), nil
	}
	c := *v
	c.Raw = ""
	return &c, nil
}

// AppendJSONString appends s as a JSON string literal (escape_json).
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		default:
			if c < 0x20 {
				dst = append(dst, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			} else {
				dst = append(dst, c)
			}
		}
	}
	return append(dst, '"')
}

// AppendJSONScalar appends the text of a scalar value.
func AppendJSONScalar(dst []byte, v *JSON) []byte {
	switch v.Kind {
	case JSONNull:
		return append(dst, "null"...)
	case JSONString:
		return AppendJSONString(dst, v.Str)
	case JSONNumber:
		if v.Num != nil {
			return appendNumeric(dst, v.Num)
		}
		return append(dst, v.Str...)
	case JSONBool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	}
	return dst
}

// AppendJSONB appends jsonb's text output of v (JsonbToCString):
// ", " between elements and members, ": " after keys.
func AppendJSONB(dst []byte, v *JSON) []byte {
	switch v.Kind {
	case JSONArray:
		dst = append(dst, '[')
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = AppendJSONB(dst, e)
		}
		return append(dst, ']')
	case JSONObject:
		dst = append(dst, '{')
		for i, k := range v.Keys {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = AppendJSONString(dst, k)
			dst = append(dst, ": "...)
			dst = AppendJSONB(dst, v.Vals[i])
		}
		return append(dst, '}')
	}
	return AppendJSONScalar(dst, v)
}

// AppendJSONBPretty appends jsonb_pretty's output of v: four spaces of
// indentation a level, one element or member a line.
func AppendJSONBPretty(dst []byte, v *JSON) []byte {
	return appendJSONBIndent(dst, v, 0)
}

func appendJSONBIndent(dst []byte, v *JSON, level int) []byte {
	indent := func(dst []byte, n int) []byte {
		for i := 0; i < n; i++ {
			dst = append(dst, "    "...)
		}
		return dst
	}
	switch v.Kind {
	case JSONArray:
		dst = append(dst, '[')
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '\n')
			dst = indent(dst, level+1)
			dst = appendJSONBIndent(dst, e, level+1)
		}
		dst = append(dst, '\n')
		dst = indent(dst, level)
		return append(dst, ']')
	case JSONObject:
		dst = append(dst, '{')
		for i, k := range v.Keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '\n')
			dst = indent(dst, level+1)
			dst = AppendJSONString(dst, k)
			dst = append(dst, ": "...)
			dst = appendJSONBIndent(dst, v.Vals[i], level+1)
		}
		dst = append(dst, '\n')
		dst = indent(dst, level)
		return append(dst, '}')
	}
	return AppendJSONScalar(dst, v)
}

// jsonbToken is one step of PostgreSQL's JsonbIterator walk, which
// jsonb's ordering compares step by step.
type jsonbToken struct {
	kind byte // 'b' begin array, 'o' begin object, 'k' key, 'v' value, 'e' element, ']' '}' ends
	v    *JSON
	raw  bool // a begin-array of a top-level scalar (raw scalar pseudo array)
}

func jsonbTokens(dst []jsonbToken, v *JSON, top bool) []jsonbToken {
	switch v.Kind {
	case JSONArray:
		dst = append(dst, jsonbToken{kind: 'b', v: v})
		for _, e := range v.Elems {
			if e.IsScalar() {
				dst = append(dst, jsonbToken{kind: 'e', v: e})
			} else {
				dst = jsonbTokens(dst, e, false)
			}
		}
		return append(dst, jsonbToken{kind: ']'})
	case JSONObject:
		dst = append(dst, jsonbToken{kind: 'o', v: v})
		for i, k := range v.Keys {
			dst = append(dst, jsonbToken{kind: 'k', v: &JSON{Kind: JSONString, Str: k}})
			if e := v.Vals[i]; e.IsScalar() {
				dst = append(dst, jsonbToken{kind: 'v', v: e})
			} else {
				dst = jsonbTokens(dst, e, false)
			}
		}
		return append(dst, jsonbToken{kind: '}'})
	}
	// A top-level scalar is a one-element "raw scalar" array.
	return append(dst, jsonbToken{kind: 'b', v: &JSON{Kind: JSONArray, Elems: []*JSON{v}}, raw: true},
		jsonbToken{kind: 'e', v: v}, jsonbToken{kind: ']'})
}

// tokenType is the jbvType the iterator reports with a token.
func (t jsonbToken) typ() JSONKind {
	switch t.kind {
	case 'b':
		return JSONArray
	case 'o':
		return JSONObject
	}
	return t.v.Kind
}

func compareJSONScalar(a, b *JSON) int {
	switch a.Kind {
	case JSONString:
		return strings.Compare(a.Str, b.Str)
	case JSONNumber:
		return NumericCmp(a.Num, b.Num)
	case JSONBool:
		switch {
		case a.Bool == b.Bool:
			return 0
		case b.Bool:
			return -1
		}
		return 1
	}
	return 0
}

// CompareJSONB is compareJsonbContainers: jsonb's btree order.
func CompareJSONB(a, b *JSON) int {
	ta := jsonbTokens(nil, a, true)
	tb := jsonbTokens(nil, b, true)
	for i := 0; i < len(ta) && i < len(tb); i++ {
		x, y := ta[i], tb[i]
		res := 0
		if x.kind == y.kind {
			if x.kind == ']' || x.kind == '}' {
				continue
			}
			if x.typ() != y.typ() {
				res = cmpKind(x.typ(), y.typ())
			} else {
				switch x.kind {
				case 'b':
					if x.raw != y.raw {
						res = 1
						if x.raw {
							res = -1
						}
					}
					if len(x.v.Elems) != len(y.v.Elems) {
						res = cmpInt(int64(len(x.v.Elems)), int64(len(y.v.Elems)))
					}
				case 'o':
					res = cmpInt(int64(len(x.v.Keys)), int64(len(y.v.Keys)))
				default:
					res = compareJSONScalar(x.v, y.v)
				}
			}
		} else {
			res = cmpKind(x.typ(), y.typ())
		}
		if res != 0 {
			return res
		}
	}
	return 0
}

func cmpKind(a, b JSONKind) int {
	if a > b {
		return 1
	}
	return -1
}

// appendJSONBKey appends an encoding of v equal exactly for values
// CompareJSONB finds equal: numbers without trailing zeros.
func appendJSONBKey(dst []byte, v *JSON) []byte {
	switch v.Kind {
	case JSONNumber:
		var r apd.Decimal
		r.Reduce(v.Num)
		return append(append(dst, 'n'), r.Text('f')+";"...)
	case JSONArray:
		dst = append(dst, '[')
		for _, e := range v.Elems {
			dst = appendJSONBKey(dst, e)
		}
		return append(dst, ']')
	case JSONObject:
		dst = append(dst, '{')
		for i, k := range v.Keys {
			dst = AppendJSONString(dst, k)
			dst = appendJSONBKey(dst, v.Vals[i])
		}
		return append(dst, '}')
	}
	return AppendJSONScalar(dst, v)
}

// JSONTypeName is json(b)_typeof's name of a kind.
func JSONTypeName(k JSONKind) string {
	switch k {
	case JSONNull:
		return "null"
	case JSONString:
		return "string"
	case JSONNumber:
		return "number"
	case JSONBool:
		return "boolean"
	case JSONArray:
		return "array"
	}
	return "object"
}

// parseJSONBinary reads jsonb's receive format: version 1 and the text.
func parseJSONBBinary(b []byte) (Datum, error) {
	if len(b) == 0 {
		return Null, pgerr.New(pgerr.InvalidBinaryRepresentation, "insufficient data left in message")
	}
	if b[0] != 1 {
		return Null, pgerr.Newf(pgerr.InternalError, "unsupported jsonb version number %d", b[0])
	}
	s := string(b[1:])
	if err := CheckUTF8(s); err != nil {
		return Null, err
	}
	v, err := ParseJSONB(s)
	if err != nil {
		return Null, err
	}
	return JSONBDatum(v), nil
}
