package types

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// The expected texts below are PostgreSQL 15's.

func TestJSONBOutput(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{`{"b": 2, "a": 1}`, `{"a": 1, "b": 2}`},
		{`{"b":1, "aa":2, "a":3, "a":4}`, `{"a": 4, "b": 1, "aa": 2}`},
		{`[1.0, 1e2, -0, 1.50e-3]`, `[1.0, 100, 0, 0.00150]`},
		{` [ true,false , null,"x" ] `, `[true, false, null, "x"]`},
		{`{}`, `{}`},
		{`[[], {}]`, `[[], {}]`},
		{`"a\"b\\c\/d\b\f\n\r\t\u0001"`, `"a\"b\\c/d\b\f\n\r\t\u0001"`},
		{`"\u00e9\ud83d\ude00"`, `"é😀"`},
	} {
		v, err := ParseJSONB(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := string(AppendJSONB(nil, v)); got != c.out {
			t.Errorf("%s: got %s, want %s", c.in, got, c.out)
		}
		// The output reads back to an equal value.
		w, err := ParseJSONB(c.out)
		if err != nil || CompareJSONB(v, w) != 0 {
			t.Errorf("%s: round trip failed (%v)", c.in, err)
		}
	}
}

func TestJSONInputErrors(t *testing.T) {
	for _, c := range []struct {
		in, code, detail, where string
		jsonb                   bool
	}{
		{`{"a": `, pgerr.InvalidTextRepresentation, "The input string ended unexpectedly.", `JSON data, line 1: {"a": `, false},
		{`{"a" 1}`, pgerr.InvalidTextRepresentation, `Expected ":", but found "1".`, `JSON data, line 1: {"a" 1...`, true},
		{`[1 2]`, pgerr.InvalidTextRepresentation, `Expected "," or "]", but found "2".`, `JSON data, line 1: [1 2...`, false},
		{`{1:2}`, pgerr.InvalidTextRepresentation, `Expected string or "}", but found "1".`, `JSON data, line 1: {1...`, false},
		{`{"a":1,}`, pgerr.InvalidTextRepresentation, `Expected string, but found "}".`, `JSON data, line 1: {"a":1,}`, false},
		{`[}`, pgerr.InvalidTextRepresentation, `Expected JSON value, but found "}".`, `JSON data, line 1: [}`, false},
		{`{"a":1}x`, pgerr.InvalidTextRepresentation, `Token "x" is invalid.`, `JSON data, line 1: {"a":1}x`, false},
		{`01`, pgerr.InvalidTextRepresentation, `Token "01" is invalid.`, `JSON data, line 1: 01`, false},
		{`1.e5`, pgerr.InvalidTextRepresentation, `Token "1.e5" is invalid.`, `JSON data, line 1: 1.e5`, false},
		{`.5`, pgerr.InvalidTextRepresentation, `Token "." is invalid.`, `JSON data, line 1: ....`, false},
		{`"abc`, pgerr.InvalidTextRepresentation, `Token ""abc" is invalid.`, `JSON data, line 1: "abc`, false},
		{`"a\u12"`, pgerr.InvalidTextRepresentation, `"\u" must be followed by four hexadecimal digits.`, `JSON data, line 1: "a\u12"`, false},
		{"\"a\tb\"", pgerr.InvalidTextRepresentation, "Character with value 0x09 must be escaped.", `JSON data, line 1: "a...`, false},
		{"{\n\"a\":\n  \"b\\q\"}", pgerr.InvalidTextRepresentation, `Escape sequence "\q" is invalid.`, `JSON data, line 3:   "b\q...`, false},
		{`"\ud800"`, pgerr.InvalidTextRepresentation, "Unicode low surrogate must follow a high surrogate.", `JSON data, line 1: "\ud800"`, true},
		{`"\u0000"`, pgerr.UntranslatableCharacter, `\u0000 cannot be converted to text.`, `JSON data, line 1: "\u0000...`, true},
		{`   {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": tru}`, pgerr.InvalidTextRepresentation,
			`Token "tru" is invalid.`, `JSON data, line 1: ...aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": tru...`, false},
	} {
		var err error
		if c.jsonb {
			_, err = ParseJSONB(c.in)
		} else {
			err = ValidateJSON(c.in)
		}
		pe, ok := err.(*pgerr.Error)
		if !ok {
			t.Errorf("%q: got %v, want an error", c.in, err)
			continue
		}
		if pe.Code != c.code || pe.Detail != c.detail || pe.Where != c.where {
			t.Errorf("%q: got %s %q %q, want %s %q %q", c.in, pe.Code, pe.Detail, pe.Where, c.code, c.detail, c.where)
		}
	}
	// json keeps what jsonb refuses.
	for _, s := range []string{`"\u0000"`, `"\ud800"`, `1e100000`} {
		if err := ValidateJSON(s); err != nil {
			t.Errorf("json %s: %v", s, err)
		}
	}
}

func TestJSONDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1)
	if _, err := ParseJSONB(deep); pgerr.CodeOf(err) != pgerr.StatementTooComplex {
		t.Errorf("got %v, want stack depth limit exceeded", err)
	}
	ok := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	if err := ValidateJSON(ok); err != nil {
		t.Error(err)
	}
}

func TestJSONBOrder(t *testing.T) {
	// Each value sorts before the next, as PostgreSQL orders them.
	order := []string{`[]`, `null`, `"a"`, `"b"`, `1`, `2.5`, `false`, `true`, `[1]`, `[3]`, `[[1]]`, `[1, 2]`,
		`{}`, `{"a": 1}`, `{"a": 2}`, `{"aa": 0}`, `{"b": 1}`, `{"a": 1, "b": 2}`}
	for i := 1; i < len(order); i++ {
		a, _ := ParseJSONB(order[i-1])
		b, _ := ParseJSONB(order[i])
		if CompareJSONB(a, b) >= 0 || CompareJSONB(b, a) <= 0 {
			t.Errorf("%s should sort before %s", order[i-1], order[i])
		}
	}
	a, _ := ParseJSONB(`{"a": [1.0, 2]}`)
	b, _ := ParseJSONB(`{"a": [1, 2.00]}`)
	if CompareJSONB(a, b) != 0 {
		t.Error("numerically equal values must compare equal")
	}
	if !bytes.Equal(AppendKey(nil, OidJSONB, JSONBDatum(a)), AppendKey(nil, OidJSONB, JSONBDatum(b))) {
		t.Error("equal values must have equal hash keys")
	}
}

func TestJSONBinary(t *testing.T) {
	d, err := ParseText(OidJSONB, -1, `{"b": [1, 2], "a": "x"}`, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := AppendBinary(nil, OidJSONB, d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "\x01" + `{"a": "x", "b": [1, 2]}`; string(b) != want {
		t.Errorf("send: got %q, want %q", b, want)
	}
	back, err := ParseBinary(OidJSONB, -1, b)
	if err != nil || Compare(OidJSONB, d, back) != 0 {
		t.Errorf("receive: %v", err)
	}
	if _, err := ParseBinary(OidJSONB, -1, []byte("\x02{}")); err == nil {
		t.Error("version 2 accepted")
	}
	j, err := ParseBinary(OidJSON, -1, []byte(`{"a":  1}`))
	if err != nil || FormatText(OidJSON, j, nil) != `{"a":  1}` {
		t.Errorf("json receive: %v", err)
	}
	if _, err := ParseBinary(OidJSON, -1, []byte(`{"a":}`)); err == nil {
		t.Error("invalid json accepted by receive")
	}
}

func TestJSONPathText(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{`$.a[*] ? (@ > 1)`, `$."a"[*]?(@ > 1)`},
		{`strict $.a.b[1 to 2, 5]`, `strict $."a"."b"[1 to 2,5]`},
		{`$.a + 1`, `($."a" + 1)`},
		{`-$.a * 2`, `(-$."a" * 2)`},
		{`1 + 2 * 3`, `(1 + 2 * 3)`},
		{`(1 + 2) * 3`, `((1 + 2) * 3)`},
		{`$ ? (@.a == 1 && (@.b < 2 || !(@.c > 3)))`, `$?(@."a" == 1 && (@."b" < 2 || !(@."c" > 3)))`},
		{`$var.x`, `$"var"."x"`},
		{`$[last - 1]`, `$[last - 1]`},
		{`$.a.size().type()`, `$."a".size().type()`},
		{`$.**{1 to last}.a`, `$.**{1 to last}."a"`},
		{`$.**{2}`, `$.**{2}`},
		{`$ ? (@ like_regex "a" flag "qmqi")`, `$?(@ like_regex "a" flag "imq")`},
		{`$.a like_regex "b"`, `($."a" like_regex "b")`},
	} {
		p, err := ParseJSONPath(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := string(AppendJSONPath(nil, p)); got != c.out {
			t.Errorf("%s: got %s, want %s", c.in, got, c.out)
		}
	}
	for _, bad := range []string{`$.a[`, `$ ? (@.a)`, `$.a && $.b`, `@.a`, `last`} {
		if _, err := ParseJSONPath(bad); pgerr.CodeOf(err) != pgerr.SyntaxError {
			t.Errorf("%s: got %v, want a syntax error", bad, err)
		}
	}
	for _, refused := range []string{`$ ? (@ like_regex "a" flag "x")`, `$.datetime()`, `$.keyvalue()`} {
		if _, err := ParseJSONPath(refused); pgerr.CodeOf(err) != pgerr.FeatureNotSupported {
			t.Errorf("%s: got %v, want not supported", refused, err)
		}
	}
}

func TestJSONPathEval(t *testing.T) {
	for _, c := range []struct {
		doc, path, want string
		silent          bool
	}{
		{`{"a": [1, 2, 3]}`, `$.a[*] ? (@ > 1)`, `[2, 3]`, false},
		{`{"a": [1, 2, 3, 4]}`, `$.a[1 to last]`, `[2, 3, 4]`, false},
		{`[{"x": 1}, {"x": 5}, {"y": 2}]`, `$[*].x`, `[1, 5]`, false},
		{`[{"x": 1}, {"x": 5}, {"y": 2}]`, `strict $[*].x`, `[1, 5]`, true},
		{`{"a": 2, "b": 3}`, `$.a * $.b + 1`, `[7]`, false},
		{`[1, "a", null]`, `$[*] ? (@ == "a" || @ == null)`, `["a", null]`, false},
		{`{"a": 1}`, `$.a > 5`, `[false]`, false},
		{`{"a": "x"}`, `$.a > 5`, `[null]`, false},
	} {
		doc, err := ParseJSONB(c.doc)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseJSONPath(c.path)
		if err != nil {
			t.Fatal(err)
		}
		items, _, err := EvalJSONPath(p, doc, nil, c.silent, nil)
		if err != nil {
			t.Errorf("%s on %s: %v", c.path, c.doc, err)
			continue
		}
		if got := string(AppendJSONB(nil, &JSON{Kind: JSONArray, Elems: items})); got != c.want {
			t.Errorf("%s on %s: got %s, want %s", c.path, c.doc, got, c.want)
		}
	}
	doc, _ := ParseJSONB(`{"a": 1}`)
	p, _ := ParseJSONPath(`strict $.b`)
	if _, _, err := EvalJSONPath(p, doc, nil, false, nil); err == nil || err.Error() != `JSON object does not contain key "b"` {
		t.Errorf("strict missing key: got %v", err)
	}
}
