// Running statements: simple query, extended protocol, and the statements
// the session itself implements (transaction control, SET, RESET, SHOW).

package backend

import (
	"context"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/xact"
	"github.com/jackc/pgx/v5/pgproto3"
)

// prepared is a parsed (and, for planned statements, analyzed) statement:
// the unnamed one of a simple query, or a named or unnamed one from Parse.
type prepared struct {
	name       string // "" for the unnamed statement
	stmt       sql.Statement
	query      string // the whole query string the statement came from
	node       *pg_query.Node
	plan       *sql.Plan // nil for statements the session runs itself
	columns    []sql.Column
	paramTypes []uint32
	// fromSQL marks a statement made by PREPARE rather than by a Parse
	// message; prepareTime is when (pg_prepared_statements).
	fromSQL     bool
	prepareTime time.Time
}

// portal is a bound statement (Bind), possibly partly executed.
type portal struct {
	p         *prepared
	params    []types.Datum
	formats   []int16
	rows      [][]types.Datum
	pos       int
	tag       string
	executed  bool
	hasResult bool
	// describe sends RowDescription before the first row (the simple
	// protocol describes every result); described records it was sent.
	describe, described bool
	// commitFirst ends the implicit transaction before CommandComplete:
	// the last statement of a Query message (finish_xact_command runs
	// before EndCommand), so that a deferred constraint's failure at
	// commit is reported instead of the statement's completion.
	commitFirst bool
	// stream sends rows as they are produced instead of collecting them.
	stream bool
	// cursor is set for a portal DECLARE made (cursors.go).
	cursor *cursorState
}

// beginImplicit starts a transaction for a statement outside a block; it
// lasts to the end of the Query message or the next Sync, as in
// PostgreSQL, unless a BEGIN turns it into a block.
func (s *session) beginImplicit() { s.xact.StartCommand() }

// endImplicit commits or aborts the implicit transaction, if one is open.
func (s *session) endImplicit(commit bool) error { return s.xact.EndImplicit(commit) }

// settingsChanged forgets what was derived from the settings: cached
// plans (search_path and friends shape analysis) and format options. The
// transaction's end repeats it, because an abort undoes SET.
func (s *session) settingsChanged() {
	s.fmtOpts = nil
	s.clientEncKnown = false
	s.parsed.forgetPlans()
	s.setInTxn = true
}

// FormatOptions are the output and input formats the settings choose
// (sql.FormatOptionsSource), computed once per settings change.
func (s *session) FormatOptions() *types.FormatOptions {
	if s.fmtOpts == nil {
		s.fmtOpts = sql.ComputeFormatOptions(s)
	}
	s.fmtOpts.Now = s.xact.Start()
	return s.fmtOpts
}

// simpleQuery runs a Query message. It returns a FATAL error when the
// session must end; other errors are reported here.
func (s *session) simpleQuery(query string) *pgerr.Error {
	s.stmtStart = time.Now()
	s.debugQuery = query
	defer func() { s.debugQuery = "" }()
	parsed, err := s.parsed.parse(query, int(s.child.Settings.Int("max_stack_depth")), s)
	if err != nil {
		s.reportError(pgerr.As(err), query)
		return nil
	}
	for _, n := range parsed.notices {
		s.notice(n)
	}
	stmts := parsed.stmts
	if len(stmts) == 0 {
		s.send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	logged := s.logSimpleStatement(query, stmts)
	// Several statements share one implicit transaction block.
	s.xact.SetImplicitBlock(len(stmts) > 1)
	defer s.xact.SetImplicitBlock(false)
	for i, st := range stmts {
		s.beginImplicit()
		p := &prepared{stmt: st, query: query, node: st.Node()}
		// pg_stat_activity.query is the whole query string, as sent.
		s.setState(proc.StateActive, query, st.Tag())
		// One context from analysis to the end of execution, so that
		// statement_timeout counts the whole statement, as in PostgreSQL.
		ctx, done := s.statementContext()
		s.xact.SetContext(ctx)
		var err error
		cached := parsed.plans[i] != nil && !s.xact.Failed()
		if cached {
			plan := parsed.plans[i]
			p.plan, p.columns, p.paramTypes = plan, plan.Columns(), plan.ParamTypes()
		} else {
			err = s.prepare(p, nil, true)
			parsed.plans[i] = cacheable(p.plan)
			if err == nil {
				parsed.planned(s, p.plan)
			}
		}
		if err == nil {
			err = s.runSimple(p, i == len(stmts)-1, parsed.params)
			if cached && resultTypeChanged(err) {
				// The rule that a cached plan keeps its result type is for
				// prepared statements; a query sent as text is planned
				// again (the check runs before anything is executed).
				if parsed.params != nil {
					// The shape's plan: this query is planned on its own,
					// and so are the shape's next ones.
					parsed.shape.plans.ByQuery()
					st = parsed.shape.template.Instantiate(query, parsed.literals)[0]
					parsed.params = nil
				}
				p = &prepared{stmt: st, query: query, node: st.Node()}
				if err = s.prepare(p, nil, true); err == nil {
					parsed.plans[i] = cacheable(p.plan)
					err = s.runSimple(p, i == len(stmts)-1, nil)
				}
			}
		}
		s.xact.SetContext(nil)
		done()
		if err != nil {
			pe := pgerr.As(err)
			if pe.Severity == pgerr.SeverityFatal {
				return pe
			}
			s.reportError(pe, query)
			return nil
		}
	}
	if err := s.endImplicit(true); err != nil {
		s.reportError(pgerr.As(err), query)
		return nil
	}
	s.logSimpleDuration(s.stmtStart, query, logged)
	return nil
}

// runSimple binds and executes a simple-protocol statement, describing its
// rows first. params are a shape plan's (parseCache), nil otherwise.
func (s *session) runSimple(p *prepared, last bool, params []types.Datum) error {
	pt, err := s.bind(p, params, nil)
	if err != nil {
		return err
	}
	pt.describe, pt.commitFirst = true, last
	return s.execute(pt, 0)
}

// cacheable returns the plan if a later Query message with the same text
// may run it: not if it holds this transaction's 'now', the OID a name
// had ('t'::regclass), or its analysis sent WARNINGs (PostgreSQL parses
// every Query message afresh).
func cacheable(p *sql.Plan) *sql.Plan {
	if p != nil && (p.IsCursor() || p.ReadsTransactionStart() || p.RaisedWarnings() || p.ReadsCatalogNames()) {
		return nil
	}
	return p
}

func resultTypeChanged(err error) bool {
	pe := pgerr.As(err)
	return pe != nil && pe.Code == pgerr.FeatureNotSupported && pe.Message == "cached plan must not change result type"
}

// currentQuery is the text logged with an extended-protocol error.
func (s *session) currentQuery() string {
	if p := s.portals[""]; p != nil {
		return p.p.query
	}
	return ""
}

// prepare analyzes a statement. Statements the session implements need no
// plan; everything else goes to the SQL layer. A simple-protocol statement
// has no parameters, so $n in it is an error rather than inferred.
func (s *session) prepare(p *prepared, paramTypes []uint32, simple bool) error {
	if s.xact.Failed() && !sql.AllowedInFailedTransaction(p.node) {
		return xact.ErrFailed()
	}
	switch n := p.node.GetNode().(type) {
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_CheckPointStmt,
		*pg_query.Node_PrepareStmt, *pg_query.Node_DeallocateStmt, *pg_query.Node_DiscardStmt,
		*pg_query.Node_ClosePortalStmt:
		return nil
	case *pg_query.Node_FetchStmt:
		// FETCH's rows are its cursor's (UtilityTupleDescriptor); MOVE
		// returns none.
		if pt, err := s.cursorNamed(n.FetchStmt.Portalname); err == nil && !n.FetchStmt.Ismove {
			p.columns = pt.p.columns
		}
		return nil
	case *pg_query.Node_ExecuteStmt:
		target, err := s.preparedStatement(n.ExecuteStmt.Name)
		if err != nil {
			return err
		}
		p.columns = target.columns
		return nil
	case *pg_query.Node_VariableShowStmt:
		cols, err := sql.ShowColumns(s.child.Settings, n.VariableShowStmt)
		p.columns = cols
		return err
	}
	// Analysis takes the statement's relation locks: the wait for them
	// obeys cancel requests, statement_timeout, lock_timeout and
	// termination like the execution does.
	if s.xact.Context() == nil {
		ctx, done := s.statementContext()
		s.xact.SetContext(ctx)
		defer func() {
			s.xact.SetContext(nil)
			done()
		}()
	}
	var plan *sql.Plan
	var err error
	if simple {
		plan, err = sql.PrepareSimple(s, p.stmt)
	} else {
		plan, err = sql.Prepare(s, p.stmt, paramTypes)
	}
	if err != nil {
		return err
	}
	p.plan = plan
	p.columns = plan.Columns()
	p.paramTypes = plan.ParamTypes()
	return nil
}

func textColumn(name string) sql.Column {
	return sql.Column{Name: name, TypeOID: types.OidText, TypeLen: -1, TypeMod: -1}
}

func (s *session) bind(p *prepared, params []types.Datum, formats []int16) (*portal, error) {
	return &portal{p: p, params: params, formats: formats}, nil
}

// execute runs (or continues) a portal, sending at most maxRows rows
// (0: all) and then CommandComplete or PortalSuspended.
func (s *session) execute(pt *portal, maxRows int) error {
	saved := s.activePortal
	s.activePortal = pt
	defer func() { s.activePortal = saved }()
	if pt.cursor != nil {
		return s.executeCursor(pt, maxRows)
	}
	if !pt.executed {
		pt.executed = true
		// Rows go to the client as they are produced, unless the client
		// fetches the portal in pieces (Execute with a row limit).
		pt.stream = maxRows == 0
		// A simple query's statement already has its context.
		ctx, done := s.xact.Context(), func() {}
		owned := ctx == nil
		if owned {
			ctx, done = s.statementContext()
			s.xact.SetContext(ctx)
		}
		tag, err := s.run(ctx, pt)
		if err == nil && ctx.Err() != nil {
			// Interrupted as it finished (a backend canceling or
			// terminating itself): PostgreSQL's next
			// CHECK_FOR_INTERRUPTS reports it before the command completes.
			err = expr.Canceled(ctx)
		}
		if owned {
			s.xact.SetContext(nil)
		}
		s.xact.EndStatement()
		// A COPY FROM STDIN that ended early (a bad row) no longer
		// streams: its buffering ends with it.
		s.client.endBulk()
		done()
		if err != nil {
			return err
		}
		pt.tag = tag
		s.describeOnce(pt)
	}
	n := 0
	for pt.pos < len(pt.rows) {
		if maxRows > 0 && n == maxRows {
			s.send(&pgproto3.PortalSuspended{})
			return nil
		}
		dr, err := s.dataRow(pt.p.columns, pt.formats, pt.rows[pt.pos])
		if err != nil {
			return err
		}
		s.send(dr)
		pt.pos++
		n++
	}
	if pt.commitFirst {
		if err := s.endImplicit(true); err != nil {
			return err
		}
	}
	s.send(&pgproto3.CommandComplete{CommandTag: []byte(pt.tag)})
	return nil
}

// describeOnce sends a simple-protocol result's RowDescription before its
// first row (or at the end, for no rows). Sending it late keeps an error
// that comes before any row — a cached plan that must be planned again —
// free of a half-described result.
func (s *session) describeOnce(pt *portal) {
	if pt.describe && !pt.described && pt.p.columns != nil {
		s.send(s.rowDescription(pt.p.columns, pt.formats))
		pt.described = true
	}
}

// rowsPerFlush bounds what a streamed result buffers before writing.
const rowsPerFlush = 256

// run executes the portal's statement, streaming or collecting its rows.
func (s *session) run(ctx context.Context, pt *portal) (string, error) {
	p := pt.p
	if err := s.preventIfReadOnly(p); err != nil {
		return "", err
	}
	if err := s.preventInBlock(p); err != nil {
		return "", err
	}
	if p.plan != nil && p.plan.IsCursor() {
		return s.declareCursor(ctx, p, pt.params)
	}
	if p.plan != nil {
		return s.executePlan(ctx, pt, p.plan, pt.params)
	}
	switch p.node.GetNode().(type) {
	case *pg_query.Node_PrepareStmt, *pg_query.Node_DeallocateStmt, *pg_query.Node_DiscardStmt, *pg_query.Node_ClosePortalStmt:
		// Statements PostgreSQL runs under a snapshot
		// (PlannedStmtRequiresSnapshot): under REPEATABLE READ the
		// first fixes the transaction's. The planned ones take theirs
		// in the SQL layer.
		if err := s.xact.TakeSnapshot(); err != nil {
			return "", err
		}
	}
	switch n := p.node.GetNode().(type) {
	case *pg_query.Node_TransactionStmt:
		return s.transactionStmt(n.TransactionStmt)
	case *pg_query.Node_VariableSetStmt:
		return s.setStmt(n.VariableSetStmt)
	case *pg_query.Node_VariableShowStmt:
		rows, err := s.showStmt(n.VariableShowStmt)
		pt.rows = rows
		return "SHOW", err
	case *pg_query.Node_CheckPointStmt:
		return "CHECKPOINT", s.checkpoint(ctx)
	case *pg_query.Node_PrepareStmt:
		return "PREPARE", s.prepareStmt(p, n.PrepareStmt)
	case *pg_query.Node_ExecuteStmt:
		return s.executeStmt(ctx, pt, n.ExecuteStmt)
	case *pg_query.Node_DeallocateStmt:
		return s.deallocateStmt(n.DeallocateStmt)
	case *pg_query.Node_DiscardStmt:
		return s.discardStmt(ctx, n.DiscardStmt)
	case *pg_query.Node_FetchStmt:
		return s.fetchStmt(ctx, pt, n.FetchStmt)
	case *pg_query.Node_ClosePortalStmt:
		return s.closeStmt(n.ClosePortalStmt)
	}
	return "", pgerr.New(pgerr.InternalError, "unexpected statement")
}

// preventInBlock is PreventInTransactionBlock for the statements that
// PostgreSQL runs as transactions of their own: REINDEX SCHEMA, SYSTEM
// and DATABASE.
func (s *session) preventInBlock(p *prepared) error {
	rs := p.node.GetReindexStmt()
	if rs == nil || !s.xact.InBlock() {
		return nil
	}
	if sql.ReindexConcurrently(rs) {
		// ExecReindex checks CONCURRENTLY first; the SQL layer
		// reports it.
		return nil
	}
	var what string
	switch rs.Kind {
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		what = "REINDEX SCHEMA"
	case pg_query.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
		what = "REINDEX SYSTEM"
	case pg_query.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		what = "REINDEX DATABASE"
	default:
		return nil
	}
	return pgerr.Newf(pgerr.ActiveSqlTransaction, "%s cannot run inside a transaction block", what)
}

// executePlan runs a plan for a portal, streaming or collecting its rows.
func (s *session) executePlan(ctx context.Context, pt *portal, plan *sql.Plan, params []types.Datum) (string, error) {
	return plan.Execute(ctx, s, params, s.portalRows(pt))
}

func (s *session) transactionStmt(t *pg_query.TransactionStmt) (string, error) {
	tag, warning, err := sql.TransactionCommand(s.xact, t, transactionModes{s})
	if warning != nil {
		s.notice(warning)
	}
	return tag, err
}

// transactionModes are BEGIN's modes as this transaction's settings.
type transactionModes struct{ s *session }

func (m transactionModes) SetMode(name, value string) error {
	return m.s.child.Settings.Set(name, value, m.s.setContext(), config.SourceSession)
}

func (m transactionModes) Mode(name string) (string, error) { return m.s.child.Settings.Show(name) }

// setContext is who is setting a parameter with SET.
func (s *session) setContext() config.Context {
	if s.superuser {
		return config.ContextSuperuser
	}
	return config.ContextUser
}

func (s *session) setStmt(v *pg_query.VariableSetStmt) (string, error) {
	s.settingsChanged()
	tag, warning, err := sql.SetCommand(s.child.Settings, v, s.setContext(), s.xact)
	if warning != nil {
		s.notice(warning)
	}
	if err == nil {
		s.afterSet(v.Name)
	}
	return tag, err
}

// afterSet mirrors settings other parts of the process keep elsewhere.
func (s *session) afterSet(name string) {
	if strings.EqualFold(name, "application_name") && s.slot != nil {
		s.slot.BeginWrite()
		proc.SetText(s.slot.Application[:], s.child.Settings.String("application_name"))
		s.slot.EndWrite()
	}
}

func (s *session) showStmt(v *pg_query.VariableShowStmt) ([][]types.Datum, error) {
	return sql.ShowCommand(s.child.Settings, v)
}
