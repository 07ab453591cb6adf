// session_test.go runs the data-driven session scripts in testdata/session/
// against this package, emulating what a backend does around each
// statement. ref_test.go runs the same scripts against a live PostgreSQL
// 15 through pgx, so one expected output is checked against both.

package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// session is what a script runs against.
type session interface {
	set(name, val string, user, local bool) error
	show(name string) (canon, val string, err error)
	reset(name string, user bool) error
	resetAll() error
	begin() error
	commit() error
	rollback() error
	savepoint(name string) error
	release(name string) error
	rollbackTo(name string) error
	pgSettings(name string) ([]*string, error)
	parameterStatus() map[string]string
	takeNotices() []string
}

func formatErr(err error) string {
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		return "ERROR: " + err.Error()
	}
	s := fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
	if pe.Detail != "" {
		s += "\nDETAIL: " + pe.Detail
	}
	if pe.Hint != "" {
		s += "\nHINT: " + pe.Hint
	}
	return s
}

// runSessionScript executes one script command against sess.
func runSessionScript(t *testing.T, sess session, c *testCase, lastReport map[string]string) string {
	var out []string
	emit := func(err error, ok string) {
		out = append(out, sess.takeNotices()...)
		if err != nil {
			out = append(out, formatErr(err))
		} else if ok != "" {
			out = append(out, ok)
		}
	}
	inputLines := func() []string {
		if c.Input == "" {
			return nil
		}
		return strings.Split(c.Input, "\n")
	}
	user := c.HasArg("user")
	switch c.Cmd {
	case "set", "setlocal":
		for _, l := range inputLines() {
			name, val, ok := strings.Cut(l, "=")
			if !ok {
				t.Fatalf("%s: want name=value, got %q", c.Pos, l)
			}
			emit(sess.set(strings.TrimSpace(name), val, user, c.Cmd == "setlocal"), "ok")
		}
	case "show":
		for _, l := range inputLines() {
			canon, val, err := sess.show(strings.TrimSpace(l))
			emit(err, canon+" = "+val)
		}
	case "reset":
		for _, l := range inputLines() {
			emit(sess.reset(strings.TrimSpace(l), user), "ok")
		}
	case "resetall":
		emit(sess.resetAll(), "ok")
	case "begin":
		emit(sess.begin(), "ok")
	case "commit":
		emit(sess.commit(), "ok")
	case "rollback":
		emit(sess.rollback(), "ok")
	case "savepoint":
		emit(sess.savepoint(c.Args[0]), "ok")
	case "release":
		emit(sess.release(c.Args[0]), "ok")
	case "rollback-to":
		emit(sess.rollbackTo(c.Args[0]), "ok")
	case "pgsettings":
		for _, l := range inputLines() {
			vals, err := sess.pgSettings(strings.TrimSpace(l))
			if err != nil {
				emit(err, "")
				continue
			}
			var cols []string
			for i, v := range vals {
				s := "NULL"
				if v != nil {
					s = *v
				}
				cols = append(cols, PgSettingsColumns[i]+"="+s)
			}
			out = append(out, strings.Join(cols, " | "))
		}
	case "report":
		now := sess.parameterStatus()
		var names []string
		for n, v := range now {
			if lastReport[n] != v {
				names = append(names, n)
			}
		}
		sort.Slice(names, func(i, j int) bool { return compareNames(names[i], names[j]) < 0 })
		for _, n := range names {
			out = append(out, n+" = "+now[n])
			lastReport[n] = now[n]
		}
	default:
		t.Fatalf("%s: unknown command %q", c.Pos, c.Cmd)
	}
	return strings.Join(out, "\n")
}

// ourSession emulates a backend's use of Settings: each statement outside
// a transaction block runs in its own transaction, and the reportable
// parameters are collected at the end of each statement as a backend does
// before ReadyForQuery.
type ourSession struct {
	s          *Settings
	dataDir    string
	inBlock    bool
	savepoints []savepoint
	notices    []string
	status     map[string]string
}

// refDataDir is the reference server's data directory, which appears in
// its file locations.
const refDataDir = "/tmp/pgref_cfg"

type savepoint struct {
	name  string
	level int
}

// newReferenceLikeSettings builds the settings of a backend of the
// reference server: started with -p 5491 -k /tmp on a data directory
// holding testdata/pg15/postgresql.conf, connected as superuser pgref.
func newReferenceLikeSettings(t *testing.T, appName string) (*Settings, string) {
	t.Helper()
	dir := t.TempDir()
	conf, err := os.ReadFile("testdata/pg15/postgresql.conf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "postgresql.conf"), conf, 0o600); err != nil {
		t.Fatal(err)
	}
	s := New()
	mustSet := func(name, val string, ctx Context, src Source) {
		t.Helper()
		if err := s.Set(name, val, ctx, src); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	mustSet("port", "5491", ContextPostmaster, SourceCommandLine)
	mustSet("unix_socket_directories", "/tmp", ContextPostmaster, SourceCommandLine)
	if msgs, err := s.SelectConfigFiles(dir); err != nil {
		t.Fatalf("SelectConfigFiles: %v %v", msgs, err)
	}
	// What the postmaster computes once shared memory is sized.
	mustSet("wal_buffers", fmt.Sprint(WalBuffersFor(s.Int("shared_buffers"))), ContextPostmaster, SourceDynamicDefault)
	mustSet("shared_memory_size", "143", ContextInternal, SourceDynamicDefault)
	mustSet("shared_memory_size_in_huge_pages", "72", ContextInternal, SourceDynamicDefault)
	// What a backend sets at connection start.
	if appName != "" {
		mustSet("application_name", appName, ContextSuperuserBackend, SourceClient)
	}
	mustSet("session_authorization", "pgref", ContextBackend, SourceOverride)
	mustSet("is_superuser", "on", ContextInternal, SourceDynamicDefault)
	return s, dir
}

func newOurSession(t *testing.T) *ourSession {
	s, dir := newReferenceLikeSettings(t, "")
	o := &ourSession{s: s, dataDir: dir, status: map[string]string{}}
	s.OnNotice = func(m LogMessage) {
		o.notices = append(o.notices, fmt.Sprintf("%s %s: %s", m.Severity, m.Code, m.Message))
	}
	o.collect()
	return o
}

func (o *ourSession) collect() {
	for _, nv := range o.s.ChangedReportable() {
		o.status[nv.Name] = nv.Value
	}
}

func (o *ourSession) stmt(fn func() error) error {
	if !o.inBlock {
		o.s.BeginTransaction()
	}
	err := fn()
	if !o.inBlock {
		o.s.AtTransactionEnd(err == nil)
	}
	o.collect()
	return err
}

func ctxFor(user bool) Context {
	if user {
		return ContextUser
	}
	return ContextSuperuser
}

func (o *ourSession) set(name, val string, user, local bool) error {
	return o.stmt(func() error {
		if local {
			return o.s.SetLocal(name, val, ctxFor(user))
		}
		return o.s.Set(name, val, ctxFor(user), SourceSession)
	})
}

func (o *ourSession) show(name string) (string, string, error) {
	var canon, val string
	err := o.stmt(func() error {
		var err error
		canon, val, err = o.s.ShowChecked(name, true)
		return err
	})
	return canon, val, err
}

func (o *ourSession) reset(name string, user bool) error {
	return o.stmt(func() error { return o.s.Reset(name, ctxFor(user)) })
}

func (o *ourSession) resetAll() error {
	return o.stmt(func() error { o.s.ResetAll(); return nil })
}

func (o *ourSession) begin() error {
	o.s.BeginTransaction()
	o.inBlock = true
	return nil
}

func (o *ourSession) end(commit bool) error {
	o.s.AtTransactionEnd(commit)
	o.inBlock = false
	o.savepoints = nil
	o.collect()
	return nil
}

func (o *ourSession) commit() error   { return o.end(true) }
func (o *ourSession) rollback() error { return o.end(false) }

func (o *ourSession) savepoint(name string) error {
	o.savepoints = append(o.savepoints, savepoint{name, o.s.NewNestLevel()})
	return nil
}

func (o *ourSession) findSavepoint(name string) (int, error) {
	for i := len(o.savepoints) - 1; i >= 0; i-- {
		if o.savepoints[i].name == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("savepoint %q does not exist", name)
}

func (o *ourSession) release(name string) error {
	i, err := o.findSavepoint(name)
	if err != nil {
		return err
	}
	o.s.AtEndOfNestLevel(true, o.savepoints[i].level)
	o.savepoints = o.savepoints[:i]
	o.collect()
	return nil
}

func (o *ourSession) rollbackTo(name string) error {
	i, err := o.findSavepoint(name)
	if err != nil {
		return err
	}
	// ROLLBACK TO aborts the subtransaction and starts a new one.
	o.s.AtEndOfNestLevel(false, o.savepoints[i].level)
	o.savepoints = o.savepoints[:i+1]
	o.savepoints[i].level = o.s.NewNestLevel()
	o.collect()
	return nil
}

func (o *ourSession) pgSettings(name string) ([]*string, error) {
	for _, r := range o.s.PgSettingsRows() {
		if strings.EqualFold(r.Name, name) {
			vals := r.Values()
			for i, v := range vals {
				if v != nil {
					// Our data directory stands in for the reference's.
					s := strings.ReplaceAll(*v, o.dataDir, refDataDir)
					vals[i] = &s
				}
			}
			return vals, nil
		}
	}
	return nil, fmt.Errorf("no pg_settings row %q", name)
}

func (o *ourSession) parameterStatus() map[string]string {
	m := map[string]string{}
	for k, v := range o.status {
		m[k] = v
	}
	return m
}

func (o *ourSession) takeNotices() []string {
	n := o.notices
	o.notices = nil
	return n
}

func sessionScripts(t *testing.T) []string {
	files, err := filepath.Glob("testdata/session/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no session scripts: %v", err)
	}
	return files
}

func TestSessionScripts(t *testing.T) {
	for _, f := range sessionScripts(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sess := newOurSession(t)
			last := sess.parameterStatus()
			runDataDriven(t, f, *rewrite, func(t *testing.T, c *testCase) string {
				return runSessionScript(t, sess, c, last)
			})
		})
	}
}
