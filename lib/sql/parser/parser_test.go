// Tests of statement splitting, classification and syntax errors.

package parser

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

func TestParseSplits(t *testing.T) {
	q := "SELECT 1; select 'é';\n  BEGIN ; SET x = 1; show all; commit"
	stmts, err := Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text string
		kind Kind
		tag  string
	}{
		{"SELECT 1", KindSelect, "SELECT"},
		{" select 'é'", KindSelect, "SELECT"},
		{"\n  BEGIN ", KindTransaction, "BEGIN"},
		{" SET x = 1", KindSet, "SET"},
		{" show all", KindShow, "SHOW"},
		{" commit", KindTransaction, "COMMIT"},
	}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(stmts), len(want))
	}
	for i, w := range want {
		s := stmts[i]
		if s.Text != w.text || s.Kind() != w.kind || s.Tag() != w.tag || q[s.Offset:s.Offset+len(s.Text)] != s.Text || s.Query != q {
			t.Errorf("statement %d: got %q %v %q at %d, want %q %v %q", i, s.Text, s.Kind(), s.Tag(), s.Offset, w.text, w.kind, w.tag)
		}
	}
}

func TestTags(t *testing.T) {
	for q, tag := range map[string]string{
		"START TRANSACTION":               "START TRANSACTION",
		"ROLLBACK TO SAVEPOINT a":         "ROLLBACK",
		"END":                             "COMMIT",
		"RESET ALL":                       "RESET",
		"SET LOCAL search_path TO public": "SET",
		"INSERT INTO t VALUES (1)":        "INSERT",
		"CREATE TABLE t (a int)":          "CREATE TABLE",
		"DROP TABLE t":                    "DROP TABLE",
		"SAVEPOINT a":                     "SAVEPOINT",
		"VALUES (1)":                      "SELECT",
	} {
		stmts, err := Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := stmts[0].Tag(); got != tag {
			t.Errorf("%q: tag %q, want %q", q, got, tag)
		}
	}
}

func TestEmpty(t *testing.T) {
	for _, q := range []string{"", " ", ";", "-- comment", "/* c */;;"} {
		stmts, err := Parse(q)
		if err != nil || len(stmts) != 0 {
			t.Errorf("%q: got %d statements, %v", q, len(stmts), err)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct {
		q   string
		msg string
		pos int32
	}{
		{"SELECT 1 +", "syntax error at end of input", 11},
		{"SELECT )", `syntax error at or near ")"`, 8},
		{"SELECT 'é', )", `syntax error at or near ")"`, 13},
		{"SELECT 1; SELECT (", "syntax error at end of input", 19},
		{"SELECT 'abc", `unterminated quoted string at or near "'abc"`, 8},
		{"SELECT 1_000", `trailing junk after numeric literal at or near "1_000"`, 8},
		{"SELECT 0b101", `trailing junk after numeric literal at or near "0b101"`, 8},
	} {
		_, err := Parse(c.q)
		if err == nil {
			t.Errorf("%q: no error", c.q)
			continue
		}
		pe := pgerr.As(err)
		if pe.Code != pgerr.SyntaxError || pe.Message != c.msg || pe.Position != c.pos {
			t.Errorf("%q: got %s %q at %d, want %q at %d", c.q, pe.Code, pe.Message, pe.Position, c.msg, c.pos)
		}
	}
	if _, err := Parse("SELECT a_b, x1_2, 'x_1', 1.5"); err != nil {
		t.Errorf("identifiers and strings with digits and underscores: %v", err)
	}
}

func TestPosition(t *testing.T) {
	q := "SELECT 'é', x"
	if p := Position(q, 13); p != 13 {
		t.Errorf("position after a two-byte character: %d", p)
	}
	if Position(q, -1) != 0 {
		t.Error("no location must give position 0")
	}
}

func TestSubselectStart(t *testing.T) {
	for _, c := range []struct {
		query string
		inner string // the text at the inner location
		want  int32
	}{
		{"SELECT * FROM (SELECT 1)", "1)", 14},
		{"SELECT * FROM   (VALUES (1))", "1))", 16},
		{"SELECT * FROM ((SELECT 1) UNION (SELECT 2))", "1)", 14},
		{"SELECT * FROM (SELECT DISTINCT ON (a) b FROM t)", "a)", 14},
		{"SELECT * FROM LATERAL (TABLE t)", "t)", 22},
		{"SELECT 1", "1", -1},
	} {
		inner := int32(strings.Index(c.query, c.inner))
		if got := SubselectStart(c.query, inner); got != c.want {
			t.Errorf("SubselectStart(%q, %d) = %d, want %d", c.query, inner, got, c.want)
		}
	}
}

func TestTruncationNotices(t *testing.T) {
	long := strings.Repeat("a", 70)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"SELECT 1 AS " + strings.ToUpper(long), []string{`identifier "` + long + `" will be truncated to "` + long[:63] + `"`}},
		{`SELECT 1 AS "x y ""` + long + `"`, []string{`identifier "x y "` + long + `" will be truncated to "x y "` + long[:58] + `"`}},
		{"SELECT '" + long + "'", nil},
		{"SELECT 1 AS " + long[:63], nil},
	} {
		var got []string
		for _, n := range TruncationNotices(c.query) {
			got = append(got, n.Message)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("TruncationNotices(%q) = %q, want %q", c.query, got, c.want)
		}
	}
}
