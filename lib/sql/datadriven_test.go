// This file runs the SQL test files in testdata/ against the SQL front
// end and compares with the expected output recorded in them. The
// expected output comes from PostgreSQL 15 itself: with
// GPOSTGRES_PGREF set to a connection string of a reference server and
// -rewrite, every file is re-run through that server and rewritten.
//
// File format (after Pebble's datadriven tests): a directive line, input
// lines, a line "----", then expected output lines up to a blank line.
//
//	query                  run each input statement; print columns, rows, tag or error
//	prepare                describe the statement: parameter and result types
//	binary                 run a query asking for binary results; print them in hex
//	session k=v ...        change session settings (TimeZone, extra_float_digits, DateStyle)
//	relation name=N        define a session relation; input is a header and rows
package sql_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

var rewrite = flag.Bool("rewrite", false, "rewrite testdata expected output from the reference server (needs GPOSTGRES_PGREF)")

// testCase is one directive of a test file.
type testCase struct {
	line     int
	cmd      string
	args     map[string]string
	input    string
	expected string
}

func readCases(t *testing.T, path string) ([]testCase, [][]string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var cases []testCase
	var prefix [][]string // lines before each case, whose comments rewriting keeps
	var pending []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			pending = append(pending, l)
			continue
		}
		c := testCase{line: i + 1, args: map[string]string{}}
		fields := strings.Fields(l)
		c.cmd = fields[0]
		for _, f := range fields[1:] {
			k, v, _ := strings.Cut(f, "=")
			c.args[k] = v
		}
		var in []string
		i++
		for ; i < len(lines) && lines[i] != "----"; i++ {
			in = append(in, lines[i])
		}
		c.input = strings.Join(in, "\n")
		var out []string
		i++
		for ; i < len(lines) && lines[i] != ""; i++ {
			out = append(out, lines[i])
		}
		c.expected = strings.Join(out, "\n")
		prefix = append(prefix, pending)
		pending = nil
		cases = append(cases, c)
	}
	prefix = append(prefix, pending)
	return cases, prefix
}

// formatValue prints one value so that no output line is empty or
// ambiguous.
func formatValue(v []byte, null bool) string {
	if null {
		return "NULL"
	}
	s := string(v)
	if s == "" || s == "NULL" || strings.ContainsAny(s, "|\n\r\t") || strings.TrimSpace(s) != s || s[0] == '"' {
		return strconv.Quote(s)
	}
	return s
}

func formatError(e *pgerr.Error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ERROR %s: %s", e.Code, e.Message)
	if e.Position != 0 {
		fmt.Fprintf(&b, "\nPOSITION %d", e.Position)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, "\nDETAIL %s", e.Detail)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "\nHINT %s", e.Hint)
	}
	return b.String()
}

// rowString joins a row's values; a row without columns prints as "()".
func rowString(vals []string) string {
	if len(vals) == 0 {
		return "()"
	}
	return strings.Join(vals, "|")
}

// splitStatements splits test input on lines ending in ';' so that each
// statement runs and reports separately.
func splitStatements(input string) []string {
	var out []string
	var cur []string
	for _, l := range strings.Split(input, "\n") {
		cur = append(cur, l)
		if strings.HasSuffix(strings.TrimSpace(l), ";") {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	if strings.TrimSpace(strings.Join(cur, "\n")) != "" {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// target is what a test file runs against: the front end or the
// reference server.
type target interface {
	query(sql string) string
	prepare(sql string) string
	binary(sql string) string
	session(args map[string]string) string
	relation(name string, header []column, rows [][]string) string
}

type column struct {
	name string
	typ  uint32
}

func parseRelation(input string) ([]column, [][]string, error) {
	lines := strings.Split(input, "\n")
	var cols []column
	for _, h := range strings.Split(lines[0], "|") {
		name, typ, _ := strings.Cut(strings.TrimSpace(h), ":")
		t, _, err := types.LookupTypeName(typ)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, column{name, t.OID})
	}
	var rows [][]string
	for _, l := range lines[1:] {
		var row []string
		for _, v := range strings.Split(l, "|") {
			row = append(row, strings.TrimSpace(v))
		}
		rows = append(rows, row)
	}
	return cols, rows, nil
}

func runFile(t *testing.T, path string, tg target) {
	cases, prefix := readCases(t, path)
	var out strings.Builder
	for i, c := range cases {
		var got string
		switch c.cmd {
		case "query":
			var parts []string
			for _, stmt := range splitStatements(c.input) {
				parts = append(parts, tg.query(stmt))
			}
			got = strings.Join(parts, "\n")
		case "prepare":
			got = tg.prepare(c.input)
		case "binary":
			got = tg.binary(c.input)
		case "session":
			got = tg.session(c.args)
		case "relation":
			cols, rows, err := parseRelation(c.input)
			if err != nil {
				t.Fatalf("%s:%d: %v", path, c.line, err)
			}
			got = tg.relation(c.args["name"], cols, rows)
		default:
			t.Fatalf("%s:%d: unknown directive %q", path, c.line, c.cmd)
		}
		if *rewrite {
			for _, l := range prefix[i] {
				if strings.HasPrefix(l, "#") {
					out.WriteString(l + "\n")
				}
			}
			fmt.Fprintf(&out, "%s\n", strings.Join(strings.Fields(readLine(path, c.line)), " "))
			if strings.TrimSpace(c.input) != "" {
				fmt.Fprintf(&out, "%s\n", c.input)
			}
			fmt.Fprintf(&out, "----\n%s\n\n", got)
			continue
		}
		if got != c.expected {
			t.Errorf("%s:%d: %s\n%s\nexpected:\n%s\ngot:\n%s", path, c.line, c.cmd, c.input, c.expected, got)
		}
	}
	if *rewrite {
		for _, l := range prefix[len(prefix)-1] {
			if strings.HasPrefix(l, "#") {
				out.WriteString(l + "\n")
			}
		}
		s := strings.TrimRight(out.String(), "\n") + "\n"
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readLine(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return sc.Text()
		}
	}
	return ""
}

func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if *rewrite {
				conn := os.Getenv("GPOSTGRES_PGREF")
				if conn == "" {
					t.Fatal("-rewrite needs GPOSTGRES_PGREF, a connection string of a PostgreSQL 15 server")
				}
				ref := newRefTarget(t, conn)
				defer ref.close()
				runFile(t, f, ref)
				return
			}
			runFile(t, f, newFrontEnd())
		})
	}
}

// ---- the front end under test ----

// testEnv is a session as the backend would provide it, with the
// reference server's defaults.
type testEnv struct {
	random    expr.PRNG
	loc       *time.Location
	config    map[string]string
	relations map[string]sql.Relation
	start     time.Time
}

func newTestEnv() *testEnv {
	return &testEnv{
		loc: time.UTC,
		config: map[string]string{
			"timezone": "Etc/UTC", "datestyle": "ISO, MDY", "extra_float_digits": "1",
			"search_path": `"$user", public`, "server_version": "15.18", "work_mem": "4MB",
			"application_name": "", "client_encoding": "UTF8", "intervalstyle": "postgres",
			"bytea_output": "hex",
		},
		relations: map[string]sql.Relation{},
		start:     time.Now(),
	}
}

func (e *testEnv) CurrentUser() string         { return "pgref" }
func (e *testEnv) SessionUser() string         { return "pgref" }
func (e *testEnv) CurrentDatabase() string     { return "postgres" }
func (e *testEnv) BackendPID() int32           { return 4242 }
func (e *testEnv) TransactionStart() time.Time { return e.start }
func (e *testEnv) Random() *expr.PRNG          { return &e.random }
func (e *testEnv) StatementStart() time.Time   { return e.start }
func (e *testEnv) ReloadConfig() error         { return nil }
func (e *testEnv) Location() *time.Location    { return e.loc }
func (e *testEnv) GetConfig(name string, missingOK bool) (string, bool, error) {
	v, ok := e.config[strings.ToLower(name)]
	if !ok {
		if missingOK {
			return "", false, nil
		}
		return "", false, pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	return v, true, nil
}
func (e *testEnv) SetConfig(name, value string, isLocal bool) (string, error) {
	if _, ok := e.config[strings.ToLower(name)]; !ok {
		return "", pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	e.config[strings.ToLower(name)] = value
	return value, nil
}
func (e *testEnv) CheckSetting(name, value string) (string, error) {
	if _, ok := e.config[strings.ToLower(name)]; !ok {
		return "", pgerr.Newf(pgerr.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	return strings.ToLower(name), nil
}
func (e *testEnv) RunWithSettings(settings []string, fn func() error) error {
	saved := maps.Clone(e.config)
	for _, item := range settings {
		name, value, _ := strings.Cut(item, "=")
		e.config[strings.ToLower(name)] = value
	}
	err := fn()
	e.config = saved
	return err
}
func (e *testEnv) VirtualRelation(schema, name string) (sql.Relation, bool) {
	if schema != "" && schema != "pg_temp" && schema != "public" {
		return sql.Relation{}, false
	}
	r, ok := e.relations[name]
	return r, ok
}

type frontEnd struct{ env *testEnv }

func newFrontEnd() *frontEnd { return &frontEnd{env: newTestEnv()} }

func asPgErr(err error) string {
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		return formatError(pe)
	}
	return "ERROR (not a pgerr): " + err.Error()
}

func header(cols []sql.Column) string {
	if len(cols) == 0 {
		return "(no columns)"
	}
	var h []string
	for _, c := range cols {
		h = append(h, c.Name+":"+types.FormatType(c.TypeOID, c.TypeMod))
	}
	return strings.Join(h, "|")
}

func (f *frontEnd) run(query string, emit func(cols []sql.Column, row []types.Datum)) (string, []sql.Column, error) {
	stmts, err := sql.Parse(query)
	if err != nil {
		return "", nil, err
	}
	if len(stmts) != 1 {
		return "", nil, fmt.Errorf("expected one statement, got %d", len(stmts))
	}
	p, err := sql.PrepareSimple(f.env, stmts[0])
	if err != nil {
		return "", nil, err
	}
	params := make([]types.Datum, len(p.ParamTypes()))
	tag, err := p.Execute(context.Background(), f.env, params, func(row []types.Datum) error {
		emit(p.Columns(), row)
		return nil
	})
	return tag, p.Columns(), err
}

func (f *frontEnd) query(query string) string {
	var rows []string
	opts := sql.FormatOptions(f.env)
	tag, cols, err := f.run(query, func(cols []sql.Column, row []types.Datum) {
		var vals []string
		for i, d := range row {
			var b []byte
			if !d.IsNull() {
				b = types.AppendText(nil, cols[i].TypeOID, d, opts)
			}
			vals = append(vals, formatValue(b, d.IsNull()))
		}
		rows = append(rows, rowString(vals))
	})
	if err != nil {
		return asPgErr(err)
	}
	return strings.Join(append(append([]string{header(cols)}, rows...), "("+tag+")"), "\n")
}

func (f *frontEnd) prepare(query string) string {
	stmts, err := sql.Parse(query)
	if err != nil {
		return asPgErr(err)
	}
	p, err := sql.Prepare(f.env, stmts[0], nil)
	if err != nil {
		return asPgErr(err)
	}
	var ps []string
	for _, t := range p.ParamTypes() {
		ps = append(ps, types.FormatType(t, -1))
	}
	return "params: " + strings.Join(ps, ", ") + "\ncolumns: " + header(p.Columns())
}

func (f *frontEnd) binary(query string) string {
	var rows []string
	var fail error
	_, cols, err := f.run(query, func(cols []sql.Column, row []types.Datum) {
		var vals []string
		for i, d := range row {
			if d.IsNull() {
				vals = append(vals, "NULL")
				continue
			}
			b, err := types.AppendBinary(nil, cols[i].TypeOID, d)
			if err != nil {
				fail = err
			}
			// The receive function must read back what send wrote.
			back, err := types.ParseBinary(cols[i].TypeOID, cols[i].TypeMod, b)
			if err != nil {
				fail = err
			} else if types.Compare(cols[i].TypeOID, back, d) != 0 ||
				types.FormatText(cols[i].TypeOID, back, nil) != types.FormatText(cols[i].TypeOID, d, nil) {
				fail = fmt.Errorf("binary round trip of %s changed the value", types.FormatText(cols[i].TypeOID, d, nil))
			}
			vals = append(vals, hex.EncodeToString(b))
		}
		rows = append(rows, strings.Join(vals, "|"))
	})
	if err == nil {
		err = fail
	}
	if err != nil {
		return asPgErr(err)
	}
	return strings.Join(append([]string{header(cols)}, rows...), "\n")
}

func (f *frontEnd) session(args map[string]string) string {
	for k, v := range args {
		switch strings.ToLower(k) {
		case "timezone":
			loc, err := types.LoadZone(v)
			if err != nil {
				return "ERROR " + err.Error()
			}
			f.env.loc = loc
			f.env.config["timezone"] = v
		default:
			f.env.config[strings.ToLower(k)] = v
		}
	}
	return "ok"
}

func (f *frontEnd) relation(name string, cols []column, rows [][]string) string {
	var rc []sql.Column
	for i, c := range cols {
		t := types.ByOID(c.typ)
		rc = append(rc, sql.Column{Name: c.name, TypeOID: c.typ, TypeLen: t.Len, TypeMod: -1, TableOID: 90000, AttNum: int16(i + 1)})
	}
	var data [][]types.Datum
	for _, r := range rows {
		var row []types.Datum
		for i, v := range r {
			if v == "NULL" {
				row = append(row, types.Null)
				continue
			}
			if uq, err := strconv.Unquote(v); err == nil {
				v = uq
			}
			d, err := types.ParseText(cols[i].typ, -1, v, nil)
			if err != nil {
				return "ERROR " + err.Error()
			}
			row = append(row, d)
		}
		data = append(data, row)
	}
	f.env.relations[name] = sql.Relation{Columns: rc, Rows: func() ([][]types.Datum, error) { return data, nil }}
	return "ok"
}

// ---- the reference server ----

type refTarget struct {
	t    *testing.T
	conn *pgconn.PgConn
}

func newRefTarget(t *testing.T, connString string) *refTarget {
	conn, err := pgconn.Connect(context.Background(), connString)
	if err != nil {
		t.Fatalf("connecting to the reference server: %v", err)
	}
	return &refTarget{t: t, conn: conn}
}

func (r *refTarget) close() { r.conn.Close(context.Background()) }

func (r *refTarget) exec(query string) ([]*pgconn.Result, error) {
	return r.conn.Exec(context.Background(), query).ReadAll()
}

func refError(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return formatError(&pgerr.Error{Code: pe.Code, Message: pe.Message, Detail: pe.Detail, Hint: pe.Hint, Position: pe.Position})
	}
	return "ERROR (client): " + err.Error()
}

func refHeader(fds []pgconn.FieldDescription) string {
	if len(fds) == 0 {
		return "(no columns)"
	}
	var h []string
	for _, fd := range fds {
		h = append(h, fd.Name+":"+types.FormatType(fd.DataTypeOID, fd.TypeModifier))
	}
	return strings.Join(h, "|")
}

// readResult reads one result, keeping the row description even when
// there are no rows (pgconn's Result drops it then).
func readResult(rr *pgconn.ResultReader) (string, [][][]byte, string, error) {
	var rows [][][]byte
	for rr.NextRow() {
		var row [][]byte
		for _, v := range rr.Values() {
			if v == nil {
				row = append(row, nil)
			} else {
				row = append(row, append([]byte{}, v...))
			}
		}
		rows = append(rows, row)
	}
	h := refHeader(rr.FieldDescriptions())
	tag, err := rr.Close()
	return h, rows, tag.String(), err
}

func (r *refTarget) query(query string) string {
	mrr := r.conn.Exec(context.Background(), query)
	var lines []string
	var ferr error
	for mrr.NextResult() {
		h, rows, tag, err := readResult(mrr.ResultReader())
		if err != nil {
			ferr = err
			continue
		}
		lines = []string{h}
		for _, row := range rows {
			var vals []string
			for _, v := range row {
				vals = append(vals, formatValue(v, v == nil))
			}
			lines = append(lines, rowString(vals))
		}
		lines = append(lines, "("+tag+")")
	}
	if err := mrr.Close(); err != nil {
		ferr = err
	}
	if ferr != nil {
		return refError(ferr)
	}
	return strings.Join(lines, "\n")
}

func (r *refTarget) prepare(query string) string {
	sd, err := r.conn.Prepare(context.Background(), "", query, nil)
	if err != nil {
		return refError(err)
	}
	var ps []string
	for _, t := range sd.ParamOIDs {
		ps = append(ps, types.FormatType(t, -1))
	}
	return "params: " + strings.Join(ps, ", ") + "\ncolumns: " + refHeader(sd.Fields)
}

func (r *refTarget) binary(query string) string {
	h, rows, _, err := readResult(r.conn.ExecParams(context.Background(), query, nil, nil, nil, []int16{1}))
	if err != nil {
		return refError(err)
	}
	lines := []string{h}
	for _, row := range rows {
		var vals []string
		for _, v := range row {
			if v == nil {
				vals = append(vals, "NULL")
			} else {
				vals = append(vals, hex.EncodeToString(v))
			}
		}
		lines = append(lines, rowString(vals))
	}
	return strings.Join(lines, "\n")
}

func (r *refTarget) session(args map[string]string) string {
	for k, v := range args {
		if _, err := r.exec(fmt.Sprintf("SET %s = '%s'", k, v)); err != nil {
			return refError(err)
		}
	}
	return "ok"
}

func (r *refTarget) relation(name string, cols []column, rows [][]string) string {
	var defs []string
	for _, c := range cols {
		defs = append(defs, c.name+" "+types.FormatType(c.typ, -1))
	}
	stmt := fmt.Sprintf("CREATE TEMP TABLE %s (%s)", name, strings.Join(defs, ", "))
	if _, err := r.exec(stmt); err != nil {
		return refError(err)
	}
	for _, row := range rows {
		var vals []string
		for _, v := range row {
			if v == "NULL" {
				vals = append(vals, "NULL")
				continue
			}
			if uq, err := strconv.Unquote(v); err == nil {
				v = uq
			}
			vals = append(vals, "'"+strings.ReplaceAll(v, "'", "''")+"'")
		}
		if _, err := r.exec(fmt.Sprintf("INSERT INTO %s VALUES (%s)", name, strings.Join(vals, ", "))); err != nil {
			return refError(err)
		}
	}
	return "ok"
}
