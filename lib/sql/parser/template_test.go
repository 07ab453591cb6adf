package parser

import (
	"fmt"
	"testing"

	"reflect"
)

// TestTemplateMatchesParse: a statement made from another query's
// template is the statement parsing gives, for queries of one shape.
func TestTemplateMatchesParse(t *testing.T) {
	pairs := []struct{ first, second string }{
		{"SELECT abalance FROM pgbench_accounts WHERE aid = 12345;", "SELECT abalance FROM pgbench_accounts WHERE aid = 67890;"},
		{"SELECT 1", "SELECT 7"},
		{"SELECT a FROM t WHERE b IN (1, 2, 3) ORDER BY 1 LIMIT 10 OFFSET 5", "SELECT a FROM t WHERE b IN (4, 5, 6) ORDER BY 2 LIMIT 20 OFFSET 0"},
		{"UPDATE t SET v = v + 1 WHERE id = 5; SELECT v FROM t WHERE id = 5", "UPDATE t SET v = v + 9 WHERE id = 6; SELECT v FROM t WHERE id = 7"},
		{"INSERT INTO t VALUES (1, 'a1', 2)", "INSERT INTO t VALUES (3, 'a1', 4)"},
		{"SELECT '1' || x, \"c1\", 2 FROM t1 /* 3 */ -- 4\n WHERE y = $1 AND z = 5", "SELECT '1' || x, \"c1\", 8 FROM t1 /* 3 */ -- 4\n WHERE y = $1 AND z = 9"},
		{"SELECT $$ 5 $$, 6, $q$ 7 $q$", "SELECT $$ 5 $$, 1, $q$ 7 $q$"},
		{"SELECT x::varchar(10), 3", "SELECT x::varchar(20), 4"},
		{"SELECT 000123", "SELECT 999999"},
		{"SELECT -5", "SELECT -7"},
		{"SELECT 1, -2", "SELECT 3, -4"},
		{"UPDATE pgbench_accounts SET abalance = abalance + -3033 WHERE aid = 48201", "UPDATE pgbench_accounts SET abalance = abalance + -1717 WHERE aid = 55555"},
		{"SELECT 5 -3, 2-1, (-4)", "SELECT 6 -4, 8-9, (-0)"},
	}
	for _, p := range pairs {
		shape1, lits1, ok1 := LiteralShape(p.first)
		shape2, lits2, ok2 := LiteralShape(p.second)
		if !ok1 || !ok2 || shape1 != shape2 {
			t.Fatalf("%q and %q: shapes %q (%v) and %q (%v)", p.first, p.second, shape1, ok1, shape2, ok2)
		}
		stmts, err := Parse(p.first)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, ok := NewTemplate(stmts, lits1)
		if !ok {
			t.Fatalf("%q: no template", p.first)
		}
		want, err := Parse(p.second)
		if err != nil {
			t.Fatal(err)
		}
		got := tmpl.Instantiate(p.second, lits2)
		if len(got) != len(want) {
			t.Fatalf("%q: %d statements, want %d", p.second, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i].Node(), want[i].Node()) || got[i].Text != want[i].Text || got[i].Offset != want[i].Offset || got[i].Query != p.second {
				t.Errorf("%q statement %d:\n got %v\nwant %v", p.second, i, got[i].Node(), want[i].Node())
			}
		}
		// The first query's own statements are untouched.
		again, _ := Parse(p.first)
		for i := range again {
			if !reflect.DeepEqual(again[i].Node(), stmts[i].Node()) {
				t.Errorf("%q: making the template changed the statements", p.first)
			}
		}
	}
}

// TestTemplateUnfit: digits the shape scan takes for literals but the
// parser does not make no template; text without literals has no shape.
func TestTemplateUnfit(t *testing.T) {
	for _, q := range []string{
		"SELECT - 5",                    // the constant's node sits at the minus sign, apart
		"SELECT 1::float(24)",           // a precision, not a constant
		"SELECT ARRAY[1]::int[3]",       // an array bound
		"CREATE SEQUENCE s INCREMENT 5", // an option value
		"SELECT 1, - 2",
	} {
		_, lits, ok := LiteralShape(q)
		if !ok {
			t.Fatalf("%q: no shape", q)
		}
		stmts, err := Parse(q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if _, ok := NewTemplate(stmts, lits); ok {
			t.Errorf("%q: template made", q)
		}
	}
	for _, q := range []string{"SELECT a FROM t1", "SELECT 1.5", "SELECT 1e3", "SELECT $1", "SELECT 'x5'", "SELECT 1234567890", "SELECT 'unterminated 5"} {
		if shape, _, ok := LiteralShape(q); ok {
			t.Errorf("%q: shape %q", q, shape)
		}
	}
}

// TestTemplateValues: a literal folded with its minus sign is found at
// the sign, with its negative value.
func TestTemplateValues(t *testing.T) {
	q := "SELECT a + -12, 34 - 5 FROM t WHERE b = -0"
	_, lits, _ := LiteralShape(q)
	stmts, err := Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, ok := NewTemplate(stmts, lits)
	if !ok {
		t.Fatal("no template")
	}
	q2 := "SELECT a + -79, 86 - 9 FROM t WHERE b = -1"
	_, lits2, _ := LiteralShape(q2)
	got := fmt.Sprint(tmpl.Values(q2, lits2))
	if want := "[{11 -79} {16 86} {21 9} {40 -1}]"; got != want {
		t.Errorf("values %s, want %s", got, want)
	}
}
