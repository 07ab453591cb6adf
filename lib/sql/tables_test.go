// This file runs the table scenarios in testdata/tables/ against the SQL
// layer over real storage (internal/sqltest: a gpinitdb'd directory,
// shared memory, the buffer pool, WAL, transactions, locks, heap) and
// compares with output recorded from PostgreSQL 15. The format is that
// of datadriven_test.go, with one directive:
//
//	query [session=NAME]   run each statement in session NAME (default
//	                       "a"; sessions start on first use), printing
//	                       notices, columns, rows and tag, or the error
//
// To re-record against a reference server (each file runs in a fresh
// database created there):
//
//	GPOSTGRES_PGREF="host=/tmp port=5497 user=pgref dbname=postgres" \
//	    go test ./lib/sql/ -run TestTables -rewrite
package sql_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

// tablesTarget runs statements in named sessions.
type tablesTarget interface {
	run(session, stmt string) string
	close()
}

func TestTables(t *testing.T) {
	files, err := filepath.Glob("testdata/tables/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var tg tablesTarget
			if *rewrite {
				conn := os.Getenv("GPOSTGRES_PGREF")
				if conn == "" {
					t.Fatal("-rewrite needs GPOSTGRES_PGREF, a connection string of a PostgreSQL 15 server")
				}
				tg = newRefTables(t, conn, strings.TrimSuffix(filepath.Base(f), ".txt"))
			} else {
				tg = &storeTables{t: t, c: sqltest.NewCluster(t), sessions: map[string]*sqltest.Session{}}
			}
			defer tg.close()
			runTablesFile(t, f, tg)
		})
	}
}

func runTablesFile(t *testing.T, path string, tg tablesTarget) {
	cases, prefix := readCases(t, path)
	var out strings.Builder
	for i, c := range cases {
		if c.cmd != "query" {
			t.Fatalf("%s:%d: unknown directive %q", path, c.line, c.cmd)
		}
		session := c.args["session"]
		if session == "" {
			session = "a"
		}
		var parts []string
		for _, stmt := range splitStatements(c.input) {
			parts = append(parts, tg.run(session, stmt))
		}
		got := strings.Join(parts, "\n")
		if *rewrite {
			for _, l := range prefix[i] {
				if strings.HasPrefix(l, "#") {
					out.WriteString(l + "\n")
				}
			}
			fmt.Fprintf(&out, "%s\n%s\n----\n%s\n\n", strings.Join(strings.Fields(readLine(path, c.line)), " "), c.input, got)
			continue
		}
		if got != c.expected {
			t.Errorf("%s:%d:\n%s\nexpected:\n%s\ngot:\n%s", path, c.line, c.input, c.expected, got)
		}
	}
	if *rewrite {
		for _, l := range prefix[len(prefix)-1] {
			if strings.HasPrefix(l, "#") {
				out.WriteString(l + "\n")
			}
		}
		if err := os.WriteFile(path, []byte(strings.TrimRight(out.String(), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// storeTables runs against the SQL layer over storage.
type storeTables struct {
	t        *testing.T
	c        *sqltest.Cluster
	sessions map[string]*sqltest.Session
}

func (s *storeTables) run(session, stmt string) string {
	se := s.sessions[session]
	if se == nil {
		se = s.c.NewSession(s.t)
		s.sessions[session] = se
	}
	return se.Run(stmt)
}

func (s *storeTables) close() {}

// refTables runs against the reference server, in a fresh database.
type refTables struct {
	t       *testing.T
	admin   *pgconn.PgConn
	connStr string
	db      string
	conns   map[string]*pgconn.PgConn
	notices map[string][]string
}

func newRefTables(t *testing.T, connStr, name string) *refTables {
	admin, err := pgconn.Connect(context.Background(), connStr)
	if err != nil {
		t.Fatalf("connecting to the reference server: %v", err)
	}
	db := "gptest_" + regexp.MustCompile(`[^a-z0-9_]`).ReplaceAllString(strings.ToLower(name), "_")
	for _, q := range []string{"DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db} {
		if _, err := admin.Exec(context.Background(), q).ReadAll(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return &refTables{t: t, admin: admin, connStr: connStr, db: db, conns: map[string]*pgconn.PgConn{}, notices: map[string][]string{}}
}

func (r *refTables) conn(session string) *pgconn.PgConn {
	if c := r.conns[session]; c != nil {
		return c
	}
	cfg, err := pgconn.ParseConfig(r.connStr)
	if err != nil {
		r.t.Fatal(err)
	}
	cfg.Database = r.db
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		r.notices[session] = append(r.notices[session], fmt.Sprintf("NOTICE %s: %s", n.Code, n.Message))
	}
	c, err := pgconn.ConnectConfig(context.Background(), cfg)
	if err != nil {
		r.t.Fatal(err)
	}
	r.conns[session] = c
	return c
}

func (r *refTables) run(session, stmt string) string {
	c := r.conn(session)
	r.notices[session] = nil
	mrr := c.Exec(context.Background(), stmt)
	var results []string
	var ferr error
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		// Only a statement that sent a RowDescription has a header (not
		// CREATE TABLE AS, whose tag is SELECT n too).
		described := rr.FieldDescriptions() != nil
		h, rows, tag, err := readResult(rr)
		if err != nil {
			ferr = err
			continue
		}
		lines := []string{}
		if described || len(rows) > 0 {
			lines = append(lines, h)
			for _, row := range rows {
				var vals []string
				for _, v := range row {
					vals = append(vals, formatValue(v, v == nil))
				}
				lines = append(lines, rowString(vals))
			}
		}
		lines = append(lines, "("+tag+")")
		results = append(results, strings.Join(lines, "\n"))
	}
	if err := mrr.Close(); err != nil {
		ferr = err
	}
	out := strings.Join(r.notices[session], "\n")
	body := strings.Join(results, "\n")
	if ferr != nil {
		body = refError(ferr)
	}
	if out != "" {
		return out + "\n" + body
	}
	return body
}

func (r *refTables) close() {
	for _, c := range r.conns {
		c.Close(context.Background())
	}
	r.admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+r.db).ReadAll()
	r.admin.Close(context.Background())
}
