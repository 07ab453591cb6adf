package sql_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestShapePlan runs queries of one literal shape as the backend does:
// planned one by one until the ShapePlan has learned enough, then through
// the shape's plan with each query's literals as parameters. Every
// result must equal the query's own plan's; the shape's plan must serve
// the shapes whose literals a parameter can stand for, and never the
// others.
func TestShapePlan(t *testing.T) {
	f := newFrontEnd()
	var rows [][]string
	for i := 1; i <= 50; i++ {
		rows = append(rows, []string{strconv.Itoa(i), "name" + strconv.Itoa(i)})
	}
	f.relation("r", []column{{"a", types.OidInt4}, {"b", types.OidText}}, rows)
	cacheable := func(p *sql.Plan) bool { return !p.ReadsTransactionStart() && !p.RaisedWarnings() }
	for _, tc := range []struct {
		format    string
		values    [][]any
		wantShape bool
		setting   string // plan_cache_mode
	}{
		{"SELECT a, b FROM r WHERE a = %d", [][]any{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {49}, {99}}, true, ""},
		{"SELECT a * %d, b FROM r WHERE a = %d", [][]any{{1, 1}, {2, 3}, {3, 5}, {4, 7}, {5, 9}, {6, 11}, {7, 13}, {8, 15}}, true, ""},
		{"SELECT a + -%d, b FROM r WHERE a = %d", [][]any{{1, 1}, {2, 3}, {3, 5}, {4, 7}, {5, 9}, {6, 11}, {7, 13}, {8, 15}}, true, ""},
		{"SELECT %d, a FROM r WHERE a < %d ORDER BY a", [][]any{{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 8}}, true, ""},
		// A position, a type modifier, a GROUP BY position: no parameter
		// can stand for them.
		{"SELECT a, b FROM r WHERE a < 4 ORDER BY %d DESC", [][]any{{1}, {2}, {1}, {2}, {1}, {2}, {1}, {2}}, false, ""},
		{"SELECT b::varchar(%d) FROM r WHERE a = 12", [][]any{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}, false, ""},
		{"SELECT a, count(*) FROM r WHERE a < 3 GROUP BY %d ORDER BY 1", [][]any{{1}, {1}, {1}, {1}, {1}, {1}, {1}}, false, ""},
		// Asked to plan every query for its values.
		{"SELECT a, b FROM r WHERE a = %d", [][]any{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {49}, {99}}, false, "force_custom_plan"},
	} {
		f.env.config["plan_cache_mode"] = tc.setting
		var sp sql.ShapePlan
		var tmpl *sql.ParseTemplate
		usedShape := false
		for i, vals := range tc.values {
			query := fmt.Sprintf(tc.format, vals...)
			_, lits, ok := sql.LiteralShape(query)
			if !ok {
				t.Fatalf("%s: no literal shape", query)
			}
			stmts, err := sql.Parse(query)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				if tmpl, ok = sql.NewParseTemplate(stmts, lits); !ok {
					t.Fatalf("%s: no template", query)
				}
			}
			own, err := sql.PrepareSimple(f.env, stmts[0])
			if err != nil {
				t.Fatal(err)
			}
			want := runPlan(t, f, own, nil)
			values := tmpl.Values(query, lits)
			if g := sp.Plan(); g != nil {
				usedShape = true
				if got := runPlan(t, f, g, sql.ShapeParams(values)); got != want {
					t.Errorf("%s through the shape's plan:\n%s\nwant\n%s", query, got, want)
				}
				continue
			}
			sp.Learn(f.env, own, values, tmpl.Parameterized, cacheable)
		}
		if usedShape != tc.wantShape {
			t.Errorf("%s: shape's plan used %v, want %v", tc.format, usedShape, tc.wantShape)
		}
	}
}

func runPlan(t *testing.T, f *frontEnd, p *sql.Plan, params []types.Datum) string {
	t.Helper()
	opts := sql.FormatOptions(f.env)
	var out []string
	tag, err := p.Execute(context.Background(), f.env, params, func(row []types.Datum) error {
		var cells []string
		for i, d := range row {
			cells = append(cells, string(types.AppendText(nil, p.Columns()[i].TypeOID, d, opts)))
		}
		out = append(out, strings.Join(cells, "|"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(append(out, tag), "\n")
}
