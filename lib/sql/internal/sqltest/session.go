// A session: one backend's worth of handles and its transaction, running
// query strings the way the simple query protocol does.

package sqltest

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/engine"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/sinval"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// Session is one backend.
type Session struct {
	t     testing.TB
	c     *Cluster
	slot  *proc.Slot
	eng   *engine.Engine
	heap  *heap.Env
	cache *catalog.Cache
	inval *sinval.Backend
	// Settings are the session's settings (SET, SHOW, current_setting).
	Settings *config.Settings
	loc      *time.Location
	locName  string
	tx       *xact.Transaction
	notices  []string
	closed   bool
	// Timeout bounds each statement (lock waits included).
	Timeout time.Duration
	// random is the state of random() and setseed().
	random expr.PRNG
	// cancel cancels the running statement (Cancel), nil between
	// statements.
	mu     sync.Mutex
	cancel context.CancelCauseFunc
}

// SafeSnapshotBlockingPids implements expr.SafeSnapshotInspector.
func (s *Session) SafeSnapshotBlockingPids(pid int32) []int32 {
	return s.eng.Pred.SafeSnapshotBlockingPids(s.eng.Owner, pid)
}

// Pid is the session's process id, as SQL text.
func (s *Session) Pid() string { return strconv.Itoa(int(s.slot.Owner.Pid)) }

// Cancel cancels the statement the session runs, as a cancel request
// does.
func (s *Session) Cancel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel(pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request"))
	}
}

// NewSession starts a backend connected to database postgres.
func (c *Cluster) NewSession(t testing.TB) *Session {
	t.Helper()
	slot, _ := c.Procs.ClaimBackend(c.nextPid.Add(1))
	if slot == nil {
		t.Fatal("no free proc slot")
	}
	idx := c.Procs.Index(slot)
	// Each backend is a process of its own: its own view of the shared
	// structures.
	e, err := engine.AttachShared(c.Seg).Open(c.Dir, c.Settings, c.Log, &slot.Owner, idx)
	if err != nil {
		t.Fatal(err)
	}
	owner := &slot.Owner
	e.Locker.XidInProgress = func(xid uint32) (bool, error) {
		return e.Xact.TransactionIdIsInProgress(owner, transam.TransactionId(xid))
	}
	s := &Session{t: t, c: c, slot: slot, eng: e, Timeout: 60 * time.Second, Settings: config.New()}
	// What the reference server's sessions start with.
	for _, kv := range [][2]string{
		{"TimeZone", "Etc/UTC"}, {"DateStyle", "ISO, MDY"}, {"IntervalStyle", "postgres"},
		{"extra_float_digits", "1"}, {"client_encoding", "UTF8"}, {"bytea_output", "hex"},
		{"synchronous_commit", "off"}, {"work_mem", "4MB"},
	} {
		if err := s.Settings.Set(kv[0], kv[1], config.ContextPostmaster, config.SourceCommandLine); err != nil {
			t.Fatalf("set %s: %v", kv[0], err)
		}
	}
	s.heap = e.Heap
	s.inval = e.AttachInval()
	s.cache = catalog.NewCache(catalog.PostgresDB, s.inval)
	s.cache.OnSmgrInvalidation("smgr", func(loc storage.RelFileLocator) { e.Smgr.Close(loc) })
	s.tx = xact.New(xact.Config{Engine: e, Database: catalog.PostgresDB, Settings: s.Settings})
	t.Cleanup(s.Close)
	return s
}

// PinnedBuffers is how many shared buffers the session holds pinned;
// between statements it should be none.
func (s *Session) PinnedBuffers() int { return s.eng.Pool.PinnedBuffers() }

// Close ends the session, aborting an open transaction.
func (s *Session) Close() {
	if s.closed {
		return
	}
	s.closed = true
	if err := s.tx.AbortAll(); err != nil {
		s.t.Errorf("abort at session end: %v", err)
	}
	// The session's temporary objects go with it, as a backend drops them.
	if err := sql.DropTempObjects(context.Background(), s); err != nil {
		s.t.Errorf("dropping temporary objects at session end: %v", err)
	}
	// Its session-level advisory locks too, as a backend releases them.
	s.eng.Locker.LockReleaseAll()
	if n := s.eng.Pool.PinnedBuffers(); n != 0 {
		s.t.Errorf("session ends with %d buffer pins", n)
	}
	if s.slot.Owner.LocksHeld != 0 || s.slot.Owner.CritSections != 0 {
		s.t.Errorf("session ends holding %d LWLocks, %d critical sections", s.slot.Owner.LocksHeld, s.slot.Owner.CritSections)
	}
	s.eng.Close()
	s.slot.Release()
}

// Cache is the session's catalog cache.
func (s *Session) Cache() *catalog.Cache { return s.cache }

// ---- sql.Env ----

func (s *Session) CurrentUser() string         { return User }
func (s *Session) SessionUser() string         { return User }
func (s *Session) CurrentDatabase() string     { return "postgres" }
func (s *Session) BackendPID() int32           { return s.slot.Owner.Pid }
func (s *Session) TransactionStart() time.Time { return s.tx.Start() }
func (s *Session) StatementStart() time.Time   { return s.tx.Start() }
func (s *Session) ReloadConfig() error         { return nil }

// Location is the TimeZone setting.
func (s *Session) Location() *time.Location {
	name := s.Settings.String("TimeZone")
	if s.loc == nil || name != s.locName {
		loc, err := config.LoadLocation(name)
		if err != nil {
			loc = time.UTC
		}
		s.loc, s.locName = loc, name
	}
	return s.loc
}

func (s *Session) GetConfig(name string, missingOK bool) (string, bool, error) {
	v, err := s.Settings.Show(name)
	if err != nil {
		if missingOK && pgerr.CodeOf(err) == pgerr.UndefinedObject {
			return "", false, nil
		}
		return "", false, err
	}
	return v, true, nil
}

func (s *Session) SetConfig(name, value string, isLocal bool) (string, error) {
	var err error
	if isLocal {
		if !s.tx.Open() {
			return s.Settings.Show(name)
		}
		err = s.Settings.SetLocal(name, value, config.ContextSuperuser)
	} else {
		err = s.Settings.Set(name, value, config.ContextSuperuser, config.SourceSession)
	}
	if err != nil {
		return "", err
	}
	return s.Settings.Show(name)
}

// CheckSetting validates a routine's SET clause (sql.Env).
func (s *Session) CheckSetting(name, value string) (string, error) {
	if _, err := s.Settings.Change(name, &value, config.ContextSuperuser, config.SourceSession, config.ActionSave, false); err != nil {
		return "", err
	}
	if p, ok := s.Settings.Lookup(name); ok {
		return p.Name, nil
	}
	return name, nil
}

// WorkMem implements sql.WorkMemEnv with work_mem alone: no temporary
// files, so sorts and hash tables stay in memory, but a bitmap scan's
// bitmap is bounded as the server bounds it.
func (s *Session) WorkMem() exec.WorkMem {
	return exec.WorkMem{Bytes: s.Settings.Int("work_mem") * 1024}
}

// MaintenanceWorkMem implements sql.WorkMemEnv: nothing bounded.
func (s *Session) MaintenanceWorkMem() exec.WorkMem { return exec.WorkMem{} }

// RunWithSettings runs fn under a routine's SET clauses (sql.Env).
func (s *Session) RunWithSettings(settings []string, fn func() error) error {
	level := s.Settings.NewNestLevel()
	var err error
	for _, item := range settings {
		name, value, _ := strings.Cut(item, "=")
		if _, err = s.Settings.Change(name, &value, config.ContextSuperuser, config.SourceSession, config.ActionSave, true); err != nil {
			break
		}
	}
	if err == nil {
		err = fn()
	}
	s.Settings.AtEndOfNestLevel(err == nil, level)
	return err
}

func (s *Session) VirtualRelation(schema, name string) (sql.Relation, bool) {
	return sql.Relation{}, false
}

// Notice collects notices.
func (s *Session) Notice(e *pgerr.Error) {
	s.notices = append(s.notices, fmt.Sprintf("NOTICE %s: %s", e.Code, e.Message))
}

// ---- sql.StorageEnv ----

// Transaction is the session's transaction.
func (s *Session) Transaction() *xact.Transaction { return s.tx }

// Catalog is the session's catalog cache.
func (s *Session) Catalog() *catalog.Cache { return s.cache }

// ---- running queries ----

// Result is the outcome of one statement.
type Result struct {
	Columns []sql.Column
	Rows    [][]types.Datum
	Tag     string
	Err     *pgerr.Error
	Notices []string
	opts    *types.FormatOptions
}

// Text prints the result as the datadriven tests do: a header of
// name:type columns, rows of values separated by |, and the tag in
// parentheses; or the error.
func (r *Result) Text() string {
	var b strings.Builder
	for _, n := range r.Notices {
		b.WriteString(n + "\n")
	}
	if r.Err != nil {
		b.WriteString(FormatError(r.Err))
		return b.String()
	}
	if r.Columns != nil {
		var h []string
		for _, c := range r.Columns {
			h = append(h, c.Name+":"+types.FormatType(c.TypeOID, c.TypeMod))
		}
		if len(h) == 0 {
			b.WriteString("(no columns)\n")
		} else {
			b.WriteString(strings.Join(h, "|") + "\n")
		}
		for _, row := range r.Rows {
			var vals []string
			for i, d := range row {
				if d.IsNull() {
					vals = append(vals, "NULL")
					continue
				}
				vals = append(vals, FormatValue(types.FormatText(r.Columns[i].TypeOID, d, r.opts)))
			}
			if len(vals) == 0 {
				b.WriteString("()\n")
			} else {
				b.WriteString(strings.Join(vals, "|") + "\n")
			}
		}
	}
	b.WriteString("(" + r.Tag + ")")
	return b.String()
}

// FormatValue quotes a value whose text would be ambiguous in a result
// line.
func FormatValue(s string) string {
	if s == "" || s == "NULL" || strings.ContainsAny(s, "|\n\r\t") || strings.TrimSpace(s) != s || s[0] == '"' {
		return strconv.Quote(s)
	}
	return s
}

// FormatError prints an error as the datadriven tests do.
func FormatError(e *pgerr.Error) string {
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

// Exec runs a query string as a Query message: each statement in an
// implicit transaction unless a BEGIN opened a block; an error ends the
// query string (and fails the block).
func (s *Session) Exec(query string) []*Result {
	stmts, err := sql.Parse(query)
	if err != nil {
		return []*Result{{Err: pgerr.As(err)}}
	}
	var out []*Result
	for _, st := range stmts {
		r := s.run(st)
		out = append(out, r)
		if r.Err != nil {
			break
		}
	}
	if err := s.tx.EndImplicit(true); err != nil && len(out) > 0 && out[len(out)-1].Err == nil {
		out[len(out)-1].Err = pgerr.As(err)
	}
	return out
}

// Run runs one statement and returns its result text.
func (s *Session) Run(query string) string {
	var parts []string
	for _, r := range s.Exec(query) {
		parts = append(parts, r.Text())
	}
	return strings.Join(parts, "\n")
}

// MustRun runs a query and fails the test on an error.
func (s *Session) MustRun(query string) []*Result {
	s.t.Helper()
	rs := s.Exec(query)
	for _, r := range rs {
		if r.Err != nil {
			s.t.Fatalf("%s: %s", query, FormatError(r.Err))
		}
	}
	return rs
}

// fail records a statement's error: the transaction's current level is
// rolled back (AbortCurrentTransaction).
func (s *Session) fail(r *Result, err error) {
	r.Err = pgerr.As(err)
	r.Columns, r.Rows = nil, nil
	if aerr := s.tx.AbortCurrent(); aerr != nil {
		s.t.Errorf("abort after %q: %v", r.Err.Message, aerr)
	}
}

func (s *Session) run(st sql.Statement) *Result {
	r := &Result{}
	s.notices = nil
	defer func() { r.Notices = s.notices }()
	if s.tx.Failed() && !sql.AllowedInFailedTransaction(st.Node()) {
		r.Err = xact.ErrFailed()
		return r
	}
	s.tx.StartCommand()
	tctx, cancel := context.WithTimeout(context.Background(), s.Timeout)
	defer cancel()
	ctx, cancelCause := context.WithCancelCause(tctx)
	s.mu.Lock()
	s.cancel = cancelCause
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancelCause(nil)
	}()
	s.tx.SetContext(ctx)
	defer s.tx.SetContext(nil)
	// SET, RESET and transaction ends may have changed lock_timeout or
	// deadlock_timeout, as the backend reads them before each statement.
	s.eng.Locker.Configure(s.Settings)
	switch n := st.Node().GetNode().(type) {
	case *pg_query.Node_VariableSetStmt:
		tag, warning, err := sql.SetCommand(s.Settings, n.VariableSetStmt, config.ContextSuperuser, s.tx)
		if warning != nil {
			s.Notice(warning)
		}
		if err != nil {
			s.fail(r, err)
		}
		r.Tag = tag
		return r
	case *pg_query.Node_VariableShowStmt:
		cols, err := sql.ShowColumns(s.Settings, n.VariableShowStmt)
		if err == nil {
			r.Columns = cols
			r.opts = sql.FormatOptions(s)
			r.Rows, err = sql.ShowCommand(s.Settings, n.VariableShowStmt)
		}
		if err != nil {
			s.fail(r, err)
		}
		r.Tag = "SHOW"
		return r
	}
	if tx := st.Node().GetTransactionStmt(); tx != nil {
		tag, warning, err := sql.TransactionCommand(s.tx, tx, transactionModes{s})
		if warning != nil {
			s.Notice(warning)
		}
		if err != nil {
			s.fail(r, err)
		}
		r.Tag = tag
		return r
	}
	p, err := sql.PrepareSimple(s, st)
	if err == nil {
		r.Columns = p.Columns()
		r.opts = sql.FormatOptions(s)
		r.Tag, err = p.Execute(ctx, s, nil, func(row []types.Datum) error {
			r.Rows = append(r.Rows, row)
			return nil
		})
	}
	s.tx.EndStatement()
	if err != nil {
		s.fail(r, err)
	}
	return r
}

// transactionModes applies BEGIN's modes to the session's settings, as
// the backend's do.
type transactionModes struct{ s *Session }

func (m transactionModes) SetMode(name, value string) error {
	return m.s.Settings.Set(name, value, config.ContextSuperuser, config.SourceSession)
}

func (m transactionModes) Mode(name string) (string, error) { return m.s.Settings.Show(name) }

// Prepare parses and analyzes one statement as the extended protocol's
// Parse message does (in its own implicit transaction), with parameter
// types left to the server.
func (s *Session) Prepare(query string) *sql.Plan {
	s.t.Helper()
	stmts, err := sql.Parse(query)
	if err != nil || len(stmts) != 1 {
		s.t.Fatalf("parse %q: %v", query, err)
	}
	s.tx.StartCommand()
	p, err := sql.Prepare(s, stmts[0], nil)
	s.tx.EndStatement()
	if err != nil {
		s.tx.AbortCurrent()
		s.t.Fatalf("prepare %q: %v", query, err)
	}
	if err := s.tx.EndImplicit(true); err != nil {
		s.t.Fatalf("prepare %q: %v", query, err)
	}
	return p
}

// ExecPrepared binds text parameters and executes a prepared plan in an
// implicit transaction (Bind, Execute, Sync).
func (s *Session) ExecPrepared(p *sql.Plan, params ...string) *Result {
	r := &Result{}
	s.tx.StartCommand()
	ctx, cancel := context.WithTimeout(context.Background(), s.Timeout)
	defer cancel()
	s.tx.SetContext(ctx)
	defer s.tx.SetContext(nil)
	vals := make([]types.Datum, len(params))
	var err error
	for i, v := range params {
		if vals[i], err = types.ParseText(p.ParamTypes()[i], -1, v, sql.FormatOptions(s)); err != nil {
			break
		}
	}
	if err == nil {
		r.Columns = p.Columns()
		r.opts = sql.FormatOptions(s)
		r.Tag, err = p.Execute(ctx, s, vals, func(row []types.Datum) error {
			r.Rows = append(r.Rows, row)
			return nil
		})
	}
	s.tx.EndStatement()
	if err != nil {
		s.fail(r, err)
		return r
	}
	if err := s.tx.EndImplicit(true); err != nil {
		s.fail(r, err)
	}
	return r
}

// Random is the session's random(), seeded by setseed().
func (s *Session) Random() *expr.PRNG { return &s.random }
