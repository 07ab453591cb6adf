// Tests of statement splitting: the texts sent must be psql's.

package psql

import (
	"reflect"
	"strings"
	"testing"
)

func scanAll(input string) ([]Event, string) {
	var sc Scanner
	var evs []Event
	for _, l := range strings.Split(input, "\n") {
		evs = append(evs, sc.Line(l)...)
	}
	return evs, sc.Pending()
}

func TestScannerStatements(t *testing.T) {
	cases := []struct {
		in      string
		want    []Event
		pending string
	}{
		{"select 1; select 2;", []Event{{Kind: EvStatement, Text: "select 1;"}, {Kind: EvStatement, Text: "select 2;"}}, ""},
		// Leading blanks and -- comments are dropped; empty lines skipped;
		// lines of blanks inside a statement kept.
		{"  -- c\n\nselect\n\n1,\n   \n2;", []Event{{Kind: EvStatement, Text: "select\n1,\n   \n2;"}}, ""},
		{"select 1 -- c;\n;", []Event{{Kind: EvStatement, Text: "select 1 -- c;\n;"}}, ""},
		{"select 'a;b', \"c;\", $$d;$$, $x$ $$; $x$, E'\\';', 'it''s;';",
			[]Event{{Kind: EvStatement, Text: "select 'a;b', \"c;\", $$d;$$, $x$ $$; $x$, E'\\';', 'it''s;';"}}, ""},
		{"/* a /* b; */ c; */ select 1;", []Event{{Kind: EvStatement, Text: "/* a /* b; */ c; */ select 1;"}}, ""},
		{"select (1\n;\n2);", []Event{{Kind: EvStatement, Text: "select (1\n;\n2);"}}, ""},
		{"select 'multi\n\nline';", []Event{{Kind: EvStatement, Text: "select 'multi\n\nline';"}}, ""},
		{"select $1, a$b$c;", []Event{{Kind: EvStatement, Text: "select $1, a$b$c;"}}, ""},
		{"select 1 \\g", []Event{{Kind: EvBackslash, Text: "g"}}, "select 1 "},
		{"select 1;\n\\echo hi there\n\\q", []Event{{Kind: EvStatement, Text: "select 1;"},
			{Kind: EvBackslash, Text: "echo", Args: "hi there"}, {Kind: EvBackslash, Text: "q"}}, ""},
		{"select 'no end'", nil, "select 'no end'"},
	}
	for _, c := range cases {
		got, pending := scanAll(c.in)
		if !reflect.DeepEqual(got, c.want) || pending != c.pending {
			t.Errorf("%q:\n got %+v pending %q\nwant %+v pending %q", c.in, got, pending, c.want, c.pending)
		}
	}
}

func TestScannerPromptChar(t *testing.T) {
	var sc Scanner
	steps := []struct {
		line string
		want byte
	}{{"", '='}, {"select", '-'}, {"(1", '('}, {"'abc", '\''}, {"'", '('}, {")", '-'}, {"/* x", '*'}, {"*/ $$", '$'}, {"$$ \"id", '"'}, {"\";", '='}}
	for _, s := range steps {
		sc.Line(s.line)
		if got := sc.PromptChar(); got != s.want {
			t.Errorf("after %q: %q, want %q", s.line, got, s.want)
		}
	}
}

func TestErrorPosition(t *testing.T) {
	cases := []struct {
		query string
		pos   int
		want  string
	}{
		{"select foo", 8, "LINE 1: select foo\n               ^\n"},
		{"select\n  1,\n\tfoo", 14, "LINE 3:  foo\n         ^\n"},
		{"select 1 +", 11, "LINE 1: select 1 +\n                  ^\n"},
		{"x", 5, ""},
	}
	for _, c := range cases {
		if got := errorPosition(c.query, c.pos); got != c.want {
			t.Errorf("errorPosition(%q, %d) = %q, want %q", c.query, c.pos, got, c.want)
		}
	}
}
