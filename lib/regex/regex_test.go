package regex

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// pgCases were checked against PostgreSQL 15: want is
// regexp_match(input, pattern, flags)::text, then " @" and
// regexp_instr's start and end positions, or the error.
var pgCases = []struct{ pattern, flags, input, want string }{
	{"abc", "", "xabcx", "{abc} @2-5"},
	{"a|b", "", "xba", "{b} @2-3"},
	{"(a)(b)(c)", "", "abc", "{a,b,c} @1-4"},
	{"(a)|b", "", "b", "{NULL} @1-2"},
	{"a*", "", "aaa", "{aaa} @1-4"},
	{"a*?", "", "aaa", "{\"\"} @1-1"},
	{"a+?", "", "aaa", "{a} @1-2"},
	{"(a+?)(a*)", "", "aaaa", "{a,\"\"} @1-2"},
	{"Y*([0-9]{1,3})", "", "XY1234Z", "{123} @2-6"},
	{"Y*?([0-9]{1,3})", "", "XY1234Z", "{1} @2-4"},
	{"(.*)(\\d+)(.*)", "", "abc01234xyz", "{abc0123,4,xyz} @1-12"},
	{"(.*?)(\\d+)(.*)", "", "abc01234xyz", "{abc,0,\"\"} @1-5"},
	{"(?:(.*?)(\\d+)(.*)){1,1}", "", "abc01234xyz", "{abc,01234,xyz} @1-12"},
	{"(a|ab)(c|bcd)(d*)", "", "abcd", "{ab,c,d} @1-5"},
	{"(a*)*", "", "b", "{\"\"} @1-1"},
	{"(a*)+", "", "aab", "{\"\"} @1-3"},
	{"(a|b)*c", "", "abbac", "{a} @1-6"},
	{"(abc)\\1", "", "xabcabc", "{abc} @2-8"},
	{"(a)\\1", "", "aa", "{a} @1-3"},
	{"(a+)\\1", "", "aaaaa", "{aa} @1-5"},
	{"(.)\\1", "", "abccd", "{c} @3-5"},
	{"([a-c]*)\\1", "", "abcabc", "{abc} @1-7"},
	{"fo(?=b)", "", "foobar fob", "{fo} @8-10"},
	{"fo(?!b)", "", "fob foo", "{fo} @5-7"},
	{"(?<=a)b", "", "cb ab", "{b} @5-6"},
	{"(?<!a)b", "", "ab cb", "{b} @5-6"},
	{"\\mbar", "", "foo bar", "{bar} @5-8"},
	{"foo\\M", "", "foo bar", "{foo} @1-4"},
	{"\\ybar\\y", "", "foobar bar", "{bar} @8-11"},
	{"\\Ybar", "", "foobar bar", "{bar} @4-7"},
	{"[[:<:]]bar", "", "foobar bar", "{bar} @8-11"},
	{"bar[[:>:]]", "", "bar barx", "{bar} @1-4"},
	{"\\Aabc\\Z", "", "abc", "{abc} @1-4"},
	{"^b", "n", "a\nb", "{b} @3-4"},
	{"a$", "n", "a\nb", "{a} @1-2"},
	{"^b", "", "a\nb", "NULL @0-0"},
	{"a.b", "", "a\nb", "{\"a\nb\"} @1-4"},
	{"a.b", "n", "a\nb", "NULL @0-0"},
	{"a[^x]b", "n", "a\nb", "NULL @0-0"},
	{"a[^x]b", "p", "a\nb", "NULL @0-0"},
	{"^b", "w", "a\nb", "{b} @3-4"},
	{"(?x) a b c", "", "abc", "{abc} @1-4"},
	{"(?x) a\\ b", "", "a b", "{\"a b\"} @1-4"},
	{"(?x) a # comment", "", "a", "{a} @1-2"},
	{"a(?#comment)bc", "", "abc", "{abc} @1-4"},
	{"***=a+b", "", "xa+b", "{a+b} @2-5"},
	{"***:a+", "", "xaa", "{aa} @2-4"},
	{"(?i)abc", "", "xABC", "{ABC} @2-5"},
	{"abc", "i", "xABC", "{ABC} @2-5"},
	{"[a-c]+", "i", "xABC", "{ABC} @2-5"},
	{"[[:upper:]]+", "i", "abC", "{abC} @1-4"},
	{"(?q)a.b", "", "a.b", "{a.b} @1-4"},
	{"a.b", "q", "axb", "NULL @0-0"},
	{"\\d+", "", "ab123c", "{123} @3-6"},
	{"\\D+", "", "12ab3", "{ab} @3-5"},
	{"\\s+", "", "a  b", "{\"  \"} @2-4"},
	{"\\S+", "", "  ab", "{ab} @3-5"},
	{"\\w+", "", " ab_1é! ", "{ab_1é} @2-7"},
	{"\\W+", "", "ab !", "{\" !\"} @3-5"},
	{"[\\d]+", "", "a12", "{12} @2-4"},
	{"[\\D]+", "", "12ab3", "{ab} @3-5"},
	{"[^\\d]+", "", "12ab3", "{ab} @3-5"},
	{"[[:alpha:]]+", "", "12abé3", "{abé} @3-6"},
	{"[[:digit:]]+", "", "ab12", "{12} @3-5"},
	{"[[:space:]]+", "", "a  b", "{\"  \"} @2-4"},
	{"[[:punct:]]+", "", "a!?b", "{!?} @2-4"},
	{"[[:xdigit:]]+", "", "xyzABf09g", "{ABf09} @4-9"},
	{"[[:alnum:]]+", "", "!!ab12!!", "{ab12} @3-7"},
	{"[[:word:]]+", "", "!!a_b!!", "{a_b} @3-6"},
	{"[[.space.]]", "", "a b", "{\" \"} @2-3"},
	{"[[.a.]]+", "", "baab", "{aa} @2-4"},
	{"[[=a=]]+", "", "baab", "{aa} @2-4"},
	{"[]a]+", "", "x]a]", "{]a]} @2-5"},
	{"[a-]+", "", "x-a-", "{-a-} @2-5"},
	{"[^]a]+", "", "]a xy", "{\" xy\"} @3-6"},
	{"a{2}", "", "aaa", "{aa} @1-3"},
	{"a{2,}", "", "aaaaa", "{aaaaa} @1-6"},
	{"a{2,3}", "", "aaaaa", "{aaa} @1-4"},
	{"a{2,3}?", "", "aaaaa", "{aa} @1-3"},
	{"a{,2}", "", "a{,2}", "{\"a{,2}\"} @1-6"},
	{"a{", "", "a{", "{\"a{\"} @1-3"},
	{"x{1}y", "", "xy", "{xy} @1-3"},
	{"\\u0041", "", "A", "{A} @1-2"},
	{"\\x41", "", "A", "{A} @1-2"},
	{"\\101", "", "A", "{A} @1-2"},
	{"\\0101", "", "A", "NULL @0-0"},
	{"\\t", "", "a\tb", "{\"\t\"} @2-3"},
	{"\\e", "", "a", "NULL @0-0"},
	{"a\\.b", "", "a.b", "{a.b} @1-4"},
	{"\\(a\\)", "", "(a)", "{(a)} @1-4"},
	{"(ab|a)(bc|c)", "", "abc", "{ab,c} @1-4"},
	{"(a|ab)(c|bcd)", "", "abcd", "{a,bcd} @1-5"},
	{"((a)|b)+", "", "ab", "{b,NULL} @1-3"},
	{"(a)?b", "", "b", "{NULL} @1-2"},
	{"(a*)b", "", "b", "{\"\"} @1-2"},
	{"x(a)?(b)?", "", "xb", "{NULL,b} @1-3"},
	{".*", "", "", "{\"\"} @1-1"},
	{"(a|b)*?c", "", "abc", "{b} @1-4"},
	{"(ab)*", "", "ababx", "{ab} @1-5"},
	{"[a-z]+?[0-9]", "", "abc1", "{abc1} @1-5"},
	{"([a-z]+?)([0-9]*)", "", "abc123", "{a,\"\"} @1-2"},
	{"(\\w+)\\s(\\w+)", "", "hello world", "{hello,world} @1-12"},
	{"^$", "", "", "{\"\"} @1-1"},
	{"x*", "", "", "{\"\"} @1-1"},
	{"(?:a|b)+", "", "abba", "{abba} @1-5"},
	{"(a)(?:b)(c)", "", "abc", "{a,c} @1-4"},
	{"[", "", "abc", "ERROR: invalid regular expression: brackets [] not balanced"},
	{"a{2,1}", "", "abc", "ERROR: invalid regular expression: invalid repetition count(s)"},
	{"*", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"(", "", "abc", "ERROR: invalid regular expression: parentheses () not balanced"},
	{")", "", "abc", "ERROR: invalid regular expression: parentheses () not balanced"},
	{"a**", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"a\\", "", "abc", "ERROR: invalid regular expression: invalid escape \\ sequence"},
	{"\\q", "", "abc", "ERROR: invalid regular expression: invalid escape \\ sequence"},
	{"\\8", "", "abc", "ERROR: invalid regular expression: invalid backreference number"},
	{"(a)\\2", "", "abc", "ERROR: invalid regular expression: invalid backreference number"},
	{"(a\\1)", "", "abc", "ERROR: invalid regular expression: invalid backreference number"},
	{"(?z)a", "", "abc", "ERROR: invalid regular expression: invalid embedded option"},
	{"a{256}", "", "abc", "ERROR: invalid regular expression: invalid repetition count(s)"},
	{"a{1", "", "abc", "ERROR: invalid regular expression: braces {} not balanced"},
	{"[z-a]", "", "abc", "ERROR: invalid regular expression: invalid character range"},
	{"[[:foo:]]", "", "abc", "ERROR: invalid regular expression: invalid character class"},
	{"[[.foo.]]", "", "abc", "ERROR: invalid regular expression: invalid collating element"},
	{"a(?i)", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"(?", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"^*", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"a(?=b)*", "", "abc", "ERROR: invalid regular expression: quantifier operand invalid"},
	{"(?=a\\1)", "", "abc", "ERROR: invalid regular expression: invalid backreference number"},
	{"[a", "", "abc", "ERROR: invalid regular expression: brackets [] not balanced"},
	{"[[:alpha:]", "", "abc", "ERROR: invalid regular expression: brackets [] not balanced"},
	{"a{1,2", "", "abc", "ERROR: invalid regular expression: braces {} not balanced"},
	{"x+|", "", "abc", "{\"\"} @1-1"},
	{"|x", "", "abc", "{\"\"} @1-1"},
	{"a||b", "", "abc", "{a} @1-2"},
	{"()", "", "abc", "{\"\"} @1-1"},
	{"(|a)+", "", "aa", "{\"\"} @1-3"},
	{"a?", "", "b", "{\"\"} @1-1"},
	{"(a|ab)(c|bcd)(d*)", "", "abcd", "{ab,c,d} @1-5"},
	{"^(?:.*){1,1}?(b.*){1,1}(?:.*)$", "", "abcbd", "{bcbd} @1-6"},
	{"^(?:a.*){1,1}?(b.*c){1,1}(?:.*)$", "", "abcbcd", "{bcbc} @1-7"},
	{"(a*?)(a*?)(a*)", "", "aaa", "{\"\",\"\",\"\"} @1-1"},
	{"(\\w+?)(\\d*)$", "", "abc123", "{abc,123} @1-7"},
	{"(?<=\\d)(\\w+)", "", "ab1cd", "{cd} @4-6"},
	{"(?<!\\d)\\d{2}", "", "123 45", "{12} @1-3"},
	{"(a)|(b)", "", "b", "{NULL,b} @1-2"},
	{"(?:(a)|(b))+", "", "ab", "{NULL,b} @1-3"},
	{"(x*)(y|x)", "", "xxxy", "{xxx,y} @1-5"},
	{"([ab]*)(b)", "", "abab", "{aba,b} @1-5"},
	{"(.+)(.+)", "", "abcd", "{abc,d} @1-5"},
	{"(.+?)(.+)", "", "abcd", "{a,b} @1-3"},
	{"((.)(.))", "", "abc", "{ab,a,b} @1-3"},
	{"(ab|abc)(c?)", "", "abcc", "{abc,c} @1-5"},
	{"(a*)*", "", "aa", "{aa} @1-3"},
	{"(a*)+", "", "aa", "{\"\"} @1-3"},
	{"(a*){1,}", "", "aa", "{\"\"} @1-3"},
	{"(a*)*?", "", "b", "{\"\"} @1-1"},
	{"()*", "", "b", "{\"\"} @1-1"},
	{"()*?", "", "b", "{\"\"} @1-1"},
	{"(a*?)*", "", "b", "{NULL} @1-1"},
	{"((a)*)*", "", "b", "{\"\",NULL} @1-1"},
	{"(a?){0,3}", "", "b", "{\"\"} @1-1"},
	{"(a*){0,}|x", "", "a", "{a} @1-2"},
	{"((a)|b)+", "", "ab", "{b,NULL} @1-3"},
	{"(|a)+", "", "aa", "{\"\"} @1-3"},
	{"(ab)+", "", "xababab", "{ab} @2-8"},
	{"([ab])*c", "", "abac", "{a} @1-5"},
	{"(a|ab)*c", "", "abac", "{a} @1-5"},
	{"(a*)+?(b|c)", "", "c x1ab ", "{\"\",c} @1-2"},
	{"^(a*){1,2}a{0,}(a*)", "", "ac", "{\"\",\"\"} @1-2"},
	{"(a*){1,2}", "", "aa", "{\"\"} @1-3"},
	{"(a*){2}", "", "aa", "{\"\"} @1-3"},
}

func compileFlags(pattern, flags string) (*Regexp, error) {
	var o Options
	for _, f := range flags {
		o.ApplyFlag(f)
	}
	return Compile(pattern, o)
}

func arrayText(elems []string, nulls []bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		if nulls[i] {
			b.WriteString("NULL")
			continue
		}
		if e == "" || strings.ContainsAny(e, "{},\" \\\t\n") || strings.EqualFold(e, "NULL") {
			b.WriteByte('"')
			b.WriteString(strings.NewReplacer(`"`, `\"`, `\`, `\\`).Replace(e))
			b.WriteByte('"')
			continue
		}
		b.WriteString(e)
	}
	b.WriteByte('}')
	return b.String()
}

func describe(re *Regexp, s string) (string, error) {
	loc, err := re.Find(s, 0, true, nil)
	if err != nil {
		return "", err
	}
	if loc == nil {
		return "NULL @0-0", nil
	}
	var elems []string
	var nulls []bool
	if re.NumSubexp() == 0 {
		elems, nulls = []string{s[loc[0]:loc[1]]}, []bool{false}
	} else {
		for i := 1; i <= re.NumSubexp(); i++ {
			if loc[2*i] < 0 {
				elems, nulls = append(elems, ""), append(nulls, true)
			} else {
				elems, nulls = append(elems, s[loc[2*i]:loc[2*i+1]]), append(nulls, false)
			}
		}
	}
	return arrayText(elems, nulls) + " @" + strconv.Itoa(utf8.RuneCountInString(s[:loc[0]])+1) + "-" +
		strconv.Itoa(utf8.RuneCountInString(s[:loc[1]])+1), nil
}

func TestPostgresCases(t *testing.T) {
	for _, c := range pgCases {
		re, err := compileFlags(c.pattern, c.flags)
		got := ""
		if err != nil {
			got = "ERROR: invalid regular expression: " + err.Error()
		} else if got, err = describe(re, c.input); err != nil {
			got = "ERROR: " + err.Error()
		}
		if got != c.want {
			t.Errorf("%q %q on %q: got %s, want %s", c.pattern, c.flags, c.input, got, c.want)
		}
		if err == nil {
			ok, err := re.MatchString(c.input, nil)
			if err != nil || ok != !strings.HasPrefix(c.want, "NULL") {
				t.Errorf("%q on %q: MatchString %v %v", c.pattern, c.input, ok, err)
			}
		}
	}
}
