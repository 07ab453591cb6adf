package parser

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// TestDeepQueries: what PostgreSQL 15 accepts at max_stack_depth 2048kB
// parses, and deeper chains get 54001 instead of crashing the process in
// pg_query's C code.
func TestDeepQueries(t *testing.T) {
	n := func(s string, k int) string { return strings.Repeat(s, k) }
	ok := map[string]string{
		"plus 4092":     "select " + n("1+", 4092) + "1",
		"paren 9000":    "select " + n("(", 9000) + "1" + n(")", 9000),
		"cast 13096":    "select 1" + n("::int", 13096),
		"not 7703":      "select " + n("not ", 7703) + "true",
		"union 7274":    n("select 1 union all ", 7274) + "select 1",
		"sub 2111":      n("select (", 2111) + "select 1" + n(")", 2111),
		"func 4091":     "select " + n("abs(", 4091) + "1" + n(")", 4091),
		"or 30000":      "select 1 where " + n("1=1 or ", 30000) + "true",
		"values 100000": "insert into t values " + n("(1, 'a', 2.5), ", 100000) + "(1, 'a', 2.5)",
		"index 40000":   "select a" + n("[1]", 40000) + " from t",
		"case 1999":     "select " + n("case when true then ", 1999) + "1" + n(" end", 1999),
	}
	for name, q := range ok {
		if _, err := Parse(q); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	deep := map[string]string{
		"plus 100000":   "select " + n("1+", 100000) + "1",
		"plus 30000":    "select " + n("1+", 30000) + "1",
		"concat 50000":  "select " + n("'a'||", 50000) + "'a'",
		"cast 100000":   "select 1" + n("::int", 100000),
		"at tz 40000":   "select now()" + n(" at time zone 'UTC'", 40000),
		"union 60000":   n("select 1 union all ", 60000) + "select 1",
		"mixed":         "select " + n("(1+", 3000) + "1" + n("+1)+1+1+1+1+1", 3000),
		"is null 40000": "select 1" + n(" is null", 40000),
	}
	// Grouping parentheses make no nodes: bison's stack limit answers,
	// as in PostgreSQL.
	_, err := Parse("select " + n("(", 100000) + "1" + n(")", 100000))
	if pe, _ := err.(*pgerr.Error); pe == nil || pe.Code != pgerr.SyntaxError || !strings.HasPrefix(pe.Message, "memory exhausted") {
		t.Errorf("deep parentheses: %v", err)
	}
	for name, q := range deep {
		_, err := Parse(q)
		pe, _ := err.(*pgerr.Error)
		if pe == nil || pe.Code != pgerr.StatementTooComplex {
			t.Errorf("%s: got %v, want stack depth limit exceeded", name, err)
			continue
		}
		if !strings.HasPrefix(pe.Hint, `Increase the configuration parameter "max_stack_depth" (currently 2048kB)`) {
			t.Errorf("%s: hint %q", name, pe.Hint)
		}
	}
}
