// Fixture tests: gpsql's output for recorded server responses must equal,
// byte for byte, what PostgreSQL 15's psql printed for the same query.
//
// Each case in testdata/psql/ holds the server's messages for one query
// (recorded through lib/client) and psql's stdout, stderr and exit code
// for `psql -X <flags> -c <query>`. The test replays the messages into
// gpsql's printing code, so it needs no server.
//
// To re-record, start PostgreSQL 15 and run, with PGHOST/PGPORT/PGUSER/
// PGDATABASE pointing at it:
//
//	GPSQL_CAPTURE=1 go test ./lib/psql -run TestCaptureFixtures

package psql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gpostgres/gpostgres/lib/client"
	"github.com/jackc/pgx/v5/pgconn"
)

// fixtureCase is one recorded query.
type fixtureCase struct {
	name  string
	flags []string // psql output options: -A, -t, -q, -P x=y, -F x
	query string
}

var fixtureCases = []fixtureCase{
	{"basic", nil, "select 1 as a, 'hello' as b, null as c, 1.5::numeric as d, true as e"},
	{"no_columns", nil, "select;"},
	{"no_rows", nil, "select 1 as x where false"},
	{"multiline", nil, "select E'line1\\nline2' as a, 'x' as b, E'l1\\nl2\\nl3' as c, 'last' as d"},
	{"multiline_header", nil, "select 'a\nb' as x, 2 as \"multi\nline\", 'z' as \"h\n2\n3\""},
	{"multiline_last", nil, "select 1 as n, E'one\\ntwo' as t union all select 22, 'x'"},
	{"two_selects", nil, "select 1; select 2"},
	{"ddl_dml", nil, "create temp table t(a int, b text); insert into t values (1, 'x'), (2, null) returning *; update t set b = 'y' where a = 2; delete from t where a = 9; select * from t order by a; drop table t"},
	{"insert_tag", nil, "create temp table t(a int); insert into t values (1)"},
	{"error_column", nil, "select foo"},
	{"error_relation", nil, "select 1 from nosuch"},
	{"error_syntax", nil, "selec 1"},
	{"error_end_of_input", nil, "select 1 +"},
	{"error_mid_script", nil, "select 1; select x; select 3"},
	{"error_long_right", nil, "select 1 ++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++ 'x' from t"},
	{"error_long_left", nil, "select nosuch, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25"},
	{"error_long_middle", nil, "select 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, nosuch, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19"},
	{"error_multiline_tab", nil, "select\n  1,\n\tfoo"},
	{"error_crlf", nil, "select 1,\r\n  bar"},
	{"error_wide_chars", nil, "select '日本語', 'é', nosuch"},
	{"error_division", nil, "select 1/0"},
	{"error_detail_hint_context", nil, "do $$ begin raise exception 'boom %', 1 using detail = 'the detail', hint = 'the hint'; end $$"},
	{"error_internal_query", nil, "do $$ begin perform nosuchcol; end $$"},
	{"error_unique", nil, "create temp table u(a int primary key); insert into u values (1); insert into u values (1)"},
	{"notice", nil, "do $$ begin raise notice 'hi %', 1; end $$"},
	{"notice_detail", nil, "do $$ begin raise notice 'n' using detail = 'd', hint = 'h'; end $$"},
	{"notice_skip", nil, "create temp table if not exists tt(a int); create temp table if not exists tt(a int)"},
	{"warning", nil, "commit"},
	{"unicode_widths", nil, "select 'a'||U&'\\200B'||'b' as zw, 'e'||U&'\\0301' as comb, '日本' as wide, U&'\\0007' as bell, 'a\tb' as tab, E'a\\rb' as cr, U&'\\0085' as c1, '😀' as emoji, 'x' as \"日本語\""},
	{"numeric_alignment", nil, "select 1::int2 as i2, 22::int4 as i4, 333::int8 as i8, 1.5::float4 as f4, 2.25::float8 as f8, 12.345::numeric as num, 26::oid as oid, 5::money as money, '7'::xid as xid, 'txt' as text, date '2024-01-02' as date, true as bool, '{\"a\": 1}'::json as json, -4 as neg"},
	{"many_rows", nil, "select g as n, repeat('x', g % 7) as s, g * 1000 as big from generate_series(1, 12) g"},
	{"empty_strings", nil, "select '' as a, null as b, '' as c union all select 'x', 'y', null"},
	{"trailing_spaces", nil, "select 'a  ' as a, '  b' as b"},
	{"empty_query", nil, ""},
	{"only_semicolon", nil, ";"},
	{"set_tag", nil, "set search_path = public"},
	{"transaction_tags", nil, "begin; select 1; commit"},
	{"show", nil, "show datestyle"},
	{"copy_out", nil, "copy (select 1, 'a b', null) to stdout"},
	{"unaligned", []string{"-A"}, "select 1 as a, 2 as b union all select 3, 4"},
	{"unaligned_nulls", []string{"-A"}, "select 'a|b' as x, null as y, 3 as z"},
	{"unaligned_no_columns", []string{"-A"}, "select;"},
	{"unaligned_multiline", []string{"-A"}, "select E'a\\nb' as x, 1 as y"},
	{"tuples_only", []string{"-t"}, "select 1 as a, 'x' as b union all select 2, 'yy'"},
	{"tuples_only_unaligned", []string{"-A", "-t"}, "select 1 as a, 2 as b union all select 3, 4"},
	{"tuples_only_tag", []string{"-t"}, "set search_path = public"},
	{"quiet", []string{"-q"}, "set search_path = public; select 1"},
	{"null_display", []string{"-P", "null=(null)"}, "select null as a, 1 as b"},
	{"footer_off", []string{"-P", "footer=off"}, "select 1 as a"},
	{"field_sep", []string{"-A", "-F", ","}, "select 1 as a, 2 as b"},
	{"border0", []string{"-P", "border=0"}, "select 1 as a, 'xy' as b, E'm\\nl' as c"},
	{"border2", []string{"-P", "border=2"}, "select 1 as a, 'xy' as b, E'm\\nl' as c"},
}

// event is one recorded server message: a statement result or a notice.
type event struct {
	Result *client.Result       `json:"result,omitempty"`
	Notice *pgconn.PgError      `json:"notice,omitempty"`
	Notify *pgconn.Notification `json:"notify,omitempty"`
	Copy   string               `json:"copy,omitempty"`
}

type fixture struct {
	Flags  []string `json:"flags"`
	Query  string   `json:"query"`
	Events []event  `json:"events"`
	Stdout string   `json:"psql_stdout"`
	Stderr string   `json:"psql_stderr"`
	Exit   int      `json:"psql_exit"`
}

const fixtureDir = "testdata/psql"

func TestCaptureFixtures(t *testing.T) {
	if os.Getenv("GPSQL_CAPTURE") == "" {
		t.Skip("set GPSQL_CAPTURE=1 and PGHOST/PGPORT/... to re-record fixtures from PostgreSQL")
	}
	ctx := context.Background()
	cfg, err := client.Config(client.Params{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(fixtureDir, 0o755)
	for _, c := range fixtureCases {
		conn, err := client.Connect(ctx, cfg)
		if err != nil {
			t.Fatal(client.ConnectErrorMessage(err))
		}
		f := fixture{Flags: c.flags, Query: c.query}
		var copyBuf bytes.Buffer
		h := client.Handler{
			Result: func(r *client.Result) {
				if copyBuf.Len() > 0 {
					f.Events = append(f.Events, event{Copy: copyBuf.String()})
					copyBuf.Reset()
				}
				f.Events = append(f.Events, event{Result: r})
			},
			Notice:  func(n *pgconn.Notice) { f.Events = append(f.Events, event{Notice: (*pgconn.PgError)(n)}) },
			CopyOut: &copyBuf,
		}
		if err := client.Exec(ctx, conn, c.query, h); err != nil {
			t.Fatal(err)
		}
		conn.Close(ctx)

		args := append([]string{"-X"}, c.flags...)
		args = append(args, "-c", c.query)
		cmd := exec.Command("psql", args...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err = cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			f.Exit = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		f.Stdout, f.Stderr = out.String(), errb.String()
		b, _ := json.MarshalIndent(&f, "", "  ")
		if err := os.WriteFile(filepath.Join(fixtureDir, c.name+".json"), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// replay runs the recorded events through gpsql's -c path.
func replay(t *testing.T, f *fixture) (stdout, stderr string, exit int) {
	t.Helper()
	o := Options{Print: DefaultPrintOptions(), Vars: map[string]string{}}
	for i := 0; i < len(f.Flags); i++ {
		switch f.Flags[i] {
		case "-A":
			o.Print.Format = FormatUnaligned
		case "-t":
			o.Print.TuplesOnly = true
		case "-q":
			o.Quiet = true
		case "-F":
			i++
			o.Print.FieldSep = f.Flags[i]
		case "-P":
			i++
			name, value, _ := cutEq(f.Flags[i])
			if err := SetPrintOption(&o.Print, name, value); err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatalf("flag %s not handled by replay", f.Flags[i])
		}
	}
	var out, errb bytes.Buffer
	o.Stdout, o.Stderr = &out, &errb
	s := &session{o: o, out: &out, errw: &errb}
	ok := s.replayQuery(f.Query, f.Events)
	exit = ExitSuccess
	if !ok {
		exit = ExitFailure
	}
	return out.String(), errb.String(), exit
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// replayQuery feeds recorded events to the same handler sendQuery uses.
func (s *session) replayQuery(query string, events []event) bool {
	h, ok := s.queryHandler(query)
	for _, e := range events {
		switch {
		case e.Result != nil:
			h.Result(e.Result)
		case e.Notice != nil:
			n := pgconn.Notice(*e.Notice)
			h.Notice(&n)
		case e.Copy != "":
			h.CopyOut.Write([]byte(e.Copy))
		}
	}
	return *ok
}

func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if len(files) < len(fixtureCases) {
		t.Fatalf("found %d fixtures for %d cases; re-record them", len(files), len(fixtureCases))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var f fixture
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, exit := replay(t, &f)
			if stdout != f.Stdout {
				t.Errorf("query %q flags %v\nstdout:\n%s\npsql printed:\n%s\n(quoted: %s vs %s)", f.Query, f.Flags, stdout, f.Stdout, strconv.Quote(stdout), strconv.Quote(f.Stdout))
			}
			if stderr != f.Stderr {
				t.Errorf("query %q\nstderr:\n%s\npsql printed:\n%s", f.Query, stderr, f.Stderr)
			}
			if exit != f.Exit {
				t.Errorf("query %q: exit %d, psql %d", f.Query, exit, f.Exit)
			}
		})
	}
}
