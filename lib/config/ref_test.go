// ref_test.go runs the session scripts against a live PostgreSQL 15, to
// prove that their expected output is PostgreSQL's. It is skipped unless
// PGREF_DSN names the reference, e.g.
//
//	PGREF_DSN="host=/tmp port=5491 user=pgref dbname=postgres" go test ./lib/config/ -run Reference
//
// The reference must be a superuser connection to a server started like the
// one newReferenceLikeSettings emulates (initdb defaults, -p 5491 -k /tmp).

package config

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

type refSession struct {
	ctx     context.Context
	conn    *pgx.Conn
	notices []string
}

const refUser = "cfgtest_user"

func newRefSession(t *testing.T, dsn string) *refSession {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	r := &refSession{ctx: context.Background()}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		r.notices = append(r.notices, fmt.Sprintf("%s %s: %s", n.Severity, n.Code, n.Message))
	}
	// Extended protocol: the simple protocol mode refuses to run once a
	// script changes client_encoding or standard_conforming_strings.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
	r.conn, err = pgx.ConnectConfig(r.ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.conn.Close(r.ctx) })
	if _, err := r.conn.Exec(r.ctx, `DO $$BEGIN CREATE ROLE `+refUser+`;
		EXCEPTION WHEN duplicate_object THEN NULL; END$$`); err != nil {
		t.Fatal(err)
	}
	return r
}

// refErr converts pgx's error into the package's, so scripts print both
// the same way.
func refErr(err error) error {
	if err == nil {
		return nil
	}
	if pe, ok := err.(*pgconn.PgError); ok {
		e := pgerr.New(pe.Code, pe.Message)
		e.Detail, e.Hint = pe.Detail, pe.Hint
		return e
	}
	return err
}

func (r *refSession) exec(sql string, args ...any) error {
	_, err := r.conn.Exec(r.ctx, sql, args...)
	return refErr(err)
}

func (r *refSession) asUser(user bool, fn func() error) error {
	if !user {
		return fn()
	}
	if err := r.exec("SET ROLE " + refUser); err != nil {
		return err
	}
	err := fn()
	if rerr := r.exec("RESET ROLE"); rerr != nil && err == nil {
		err = rerr
	}
	return err
}

func (r *refSession) set(name, val string, user, local bool) error {
	return r.asUser(user, func() error {
		return r.exec("SELECT set_config($1, $2, $3)", name, val, local)
	})
}

func (r *refSession) show(name string) (string, string, error) {
	rows, err := r.conn.Query(r.ctx, "SHOW "+pgx.Identifier{name}.Sanitize())
	if err != nil {
		return "", "", refErr(err)
	}
	defer rows.Close()
	var val string
	for rows.Next() {
		val = string(rows.RawValues()[0])
	}
	if err := rows.Err(); err != nil {
		return "", "", refErr(err)
	}
	return string(rows.FieldDescriptions()[0].Name), val, nil
}

func (r *refSession) reset(name string, user bool) error {
	return r.asUser(user, func() error { return r.exec("RESET " + pgx.Identifier{name}.Sanitize()) })
}

func (r *refSession) resetAll() error             { return r.exec("RESET ALL") }
func (r *refSession) begin() error                { return r.exec("BEGIN") }
func (r *refSession) commit() error               { return r.exec("COMMIT") }
func (r *refSession) rollback() error             { return r.exec("ROLLBACK") }
func (r *refSession) savepoint(name string) error { return r.exec("SAVEPOINT " + name) }
func (r *refSession) release(name string) error   { return r.exec("RELEASE SAVEPOINT " + name) }
func (r *refSession) rollbackTo(name string) error {
	return r.exec("ROLLBACK TO SAVEPOINT " + name)
}

func (r *refSession) pgSettings(name string) ([]*string, error) {
	// Every column as its text output: psql's view of the row.
	cols := make([]string, len(PgSettingsColumns))
	for i, c := range PgSettingsColumns {
		switch c {
		case "pending_restart":
			cols[i] = "CASE WHEN pending_restart THEN 't' ELSE 'f' END"
		default:
			cols[i] = c + "::text"
		}
	}
	rows, err := r.conn.Query(r.ctx, "SELECT "+strings.Join(cols, ", ")+
		" FROM pg_settings WHERE lower(name) = lower($1)", name)
	if err != nil {
		return nil, refErr(err)
	}
	defer rows.Close()
	var out []*string
	for rows.Next() {
		for _, raw := range rows.RawValues() {
			if raw == nil {
				out = append(out, nil)
			} else {
				s := string(raw)
				out = append(out, &s)
			}
		}
	}
	if out == nil && rows.Err() == nil {
		return nil, fmt.Errorf("no pg_settings row %q", name)
	}
	return out, refErr(rows.Err())
}

var reportable = []string{"application_name", "client_encoding", "DateStyle",
	"default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle",
	"is_superuser", "server_encoding", "server_version", "session_authorization",
	"standard_conforming_strings", "TimeZone"}

func (r *refSession) parameterStatus() map[string]string {
	m := map[string]string{}
	for _, n := range reportable {
		m[n] = r.conn.PgConn().ParameterStatus(n)
	}
	return m
}

func (r *refSession) takeNotices() []string {
	n := r.notices
	r.notices = nil
	return n
}

func TestSessionScriptsAgainstReference(t *testing.T) {
	dsn := os.Getenv("PGREF_DSN")
	if dsn == "" {
		t.Skip("PGREF_DSN not set; not comparing with a live PostgreSQL")
	}
	for _, f := range sessionScripts(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sess := newRefSession(t, dsn)
			last := sess.parameterStatus()
			runDataDriven(t, f, *rewriteRef, func(t *testing.T, c *testCase) string {
				return runSessionScript(t, sess, c, last)
			})
		})
	}
}
