// This file is the API the backend calls: parse a query string into
// statements, prepare a statement into a plan, execute a plan.

package sql

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Env is what a statement needs from its session. The backend implements
// it. An Env that also implements StorageEnv gives statements tables;
// one that implements Notifier receives notices.
type Env interface {
	CurrentUser() string
	SessionUser() string
	CurrentDatabase() string
	BackendPID() int32
	// TransactionStart is now(), current_timestamp and
	// transaction_timestamp().
	TransactionStart() time.Time
	// StatementStart is statement_timestamp().
	StatementStart() time.Time
	// GetConfig is current_setting(): the value of a setting as SHOW
	// prints it. With missingOK an unknown name gives found == false
	// instead of an error.
	GetConfig(name string, missingOK bool) (value string, found bool, err error)
	// SetConfig is set_config(): it returns the new value as SHOW would
	// print it. An empty value with a NULL argument means RESET.
	SetConfig(name, value string, isLocal bool) (string, error)
	// ReloadConfig is pg_reload_conf().
	ReloadConfig() error
	// CheckSetting validates a routine's SET clause (ProcessGUCArray
	// without applying it): it returns the parameter's own spelling of
	// name ("DateStyle"), or PostgreSQL's error for an unknown parameter,
	// a bad value or one that cannot be set by the session.
	CheckSetting(name, value string) (string, error)
	// RunWithSettings runs fn under the "name=value" settings of a
	// routine's SET clauses, as fmgr_security_definer does: each applied
	// at a new nest level and all restored when fn returns, whether it
	// fails or not.
	RunWithSettings(settings []string, fn func() error) error
	// Location is the TimeZone setting.
	Location() *time.Location
	// Random is the session's random number generator (random(),
	// setseed()).
	Random() *expr.PRNG
	// VirtualRelation returns a relation whose rows the session computes,
	// such as pg_settings. schema is "" when the query did not qualify
	// the name; the Env then applies its search path (pg_catalog first).
	VirtualRelation(schema, name string) (Relation, bool)
}

// Relation is a relation the session computes; see plan.Relation.
type Relation = plan.Relation

// Column describes a relation or result column; see plan.Column.
type Column = plan.Column

// Statement is one statement of a query string; see parser.Statement.
// Its Kind and Tag methods classify it, and Node exposes the parse tree
// for the statements the backend handles itself (SET, SHOW, transaction
// control).
type Statement = parser.Statement

// Kind classifies statements; see parser.Kind.
type Kind = parser.Kind

// Statement kinds.
const (
	KindOther       = parser.KindOther
	KindSelect      = parser.KindSelect
	KindSet         = parser.KindSet
	KindShow        = parser.KindShow
	KindTransaction = parser.KindTransaction
)

// Parse splits a query string into statements. Parse tree locations, and
// so error positions, are relative to the whole string, as PostgreSQL
// reports them for multi-statement simple queries.
func Parse(query string) ([]Statement, error) { return parser.Parse(query) }

// ParseDepth is Parse under the session's max_stack_depth (kB): deeper
// nesting gets "stack depth limit exceeded".
func ParseDepth(query string, maxStackDepthKB int) ([]Statement, error) {
	return parser.ParseDepth(query, maxStackDepthKB)
}

// ParseTemplate is a parse a query of the same literal shape can reuse
// (parser.Template).
type ParseTemplate = parser.Template

// Literal is an integer literal's place in a query.
type Literal = parser.Literal

// LiteralShape is parser.LiteralShape: the text that queries differing
// only in their integer literals share, and where the literals are.
func LiteralShape(query string) (string, []Literal, bool) { return parser.LiteralShape(query) }

// NewParseTemplate is parser.NewTemplate.
func NewParseTemplate(stmts []Statement, lits []Literal) (*ParseTemplate, bool) {
	return parser.NewTemplate(stmts, lits)
}

// TruncationNotices are the NOTICEs of parsing query: its identifiers
// longer than NAMEDATALEN-1 bytes, which parsing truncates.
func TruncationNotices(query string) []*pgerr.Error { return parser.TruncationNotices(query) }

// Plan is a prepared statement: analyzed and planned, ready to execute
// any number of times. A Plan may be shared between goroutines; each
// Execute compiles its own evaluation state, and a plan made stale by a
// change to a table it uses (another session's ALTER, DROP and CREATE,
// TRUNCATE) is analyzed again at execution (PostgreSQL's plancache).
type Plan struct {
	tag        string
	stmt       Statement
	simple     bool
	paramTypes []uint32 // as declared, for analyzing again
	cols       []Column
	params     []uint32
	// utility runs a statement that has no plan (CREATE TABLE, DROP
	// TABLE, TRUNCATE).
	utility func(s *sqlCtx) (string, error)
	// rows runs a statement that has no plan but returns rows (CALL of
	// a procedure with output parameters).
	rows func(s *sqlCtx, params []types.Datum, emit func(row []types.Datum) error) (string, error)
	// routine is set for a statement of a SQL routine's body.
	routine *routineScope
	// keyLookup marks a foreign key's statement (ri.go), which finds
	// the rows of one key: an index that fits is taken over a
	// sequential scan, as PostgreSQL's bitmap scans (not planned here
	// yet) make it win for such statements.
	keyLookup bool
	// deferPlanning marks a prepared statement with parameters that
	// may run custom plans: as in PostgreSQL, preparing it only analyzes
	// it, and the plan is made when it runs (plancache.go).
	deferPlanning bool
	state         atomic.Pointer[planState]
	// choices counts and weighs the generic and custom plans a prepared
	// statement ran (plancache.go).
	choices planChoices
	// cursor is set for DECLARE CURSOR (cursor.go), which runs through
	// DeclareCursor.
	cursor *cursorDecl
	// currentOf marks a cursor's query: its rows carry the ctid WHERE
	// CURRENT OF reads, when it reads one table (cursor.go).
	currentOf bool
}

// planState is one analysis of the statement.
type planState struct {
	// root is the plan; for a Plan with deferPlanning it is made on
	// first need (genericPlan), and read only after that.
	root  plan.Node
	query *plan.Query // the analysis the plan was built from
	// deferred holds what planning on demand needs; nil when root was
	// made with the analysis.
	deferred *deferredPlan
	command  plan.CommandType
	locks    []plan.LockRef
	tables   []*plan.Table
	// readsNow: a constant holds the transaction start of the analysis
	// ('now', 'today', ...).
	readsNow bool
	// readsNames: a reg* constant holds the OID a name had at analysis.
	readsNames bool
	// warned: the analysis sent WARNINGs (a time precision reduced).
	warned bool
	// procs is the reading of the users' functions the plan was made
	// with, zero when it calls none.
	procs catalog.ProcsVersion
	// types is the catalog cache's count of pg_type invalidations when
	// the plan was made, for a plan that uses types users created.
	types    uint64
	useTypes bool
	// names is the catalog cache's RelationNamesVersion and tempNsp the
	// session's temporary schema when the plan was made: a query sent as
	// text resolves its names again after any relation-name change, a
	// prepared one after the temporary schema appeared (PostgreSQL's
	// plancache compares the search path, which then changed).
	names   uint64
	tempNsp uint32
	// currentOf is where a cursor's query carries its table's ctid,
	// nil when it does not (WHERE CURRENT OF cannot use the cursor).
	currentOf *currentOfTarget
}

// FormatOptions returns the session settings that value input and output
// depend on: TimeZone, extra_float_digits, bytea_output, the DateStyle
// field order and the transaction start for 'now'; with storage, the
// catalog lookups that regclass and friends print and read names with.
func FormatOptions(env Env) *types.FormatOptions {
	if src, ok := env.(FormatOptionsSource); ok {
		return src.FormatOptions()
	}
	return ComputeFormatOptions(env)
}

// FormatOptionsSource is implemented by an Env that caches its format
// options (a session computes them once per settings change, not once per
// value).
type FormatOptionsSource interface {
	FormatOptions() *types.FormatOptions
}

// ComputeFormatOptions derives the format options from env's settings.
func ComputeFormatOptions(env Env) *types.FormatOptions {
	o := types.DefaultFormatOptions()
	o.Location = env.Location()
	o.ZoneByName = config.ZoneByName
	o.Now = env.TransactionStart()
	if v, found, err := env.GetConfig("extra_float_digits", true); err == nil && found {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			o.ExtraFloatDigits = n
		}
	}
	if v, found, err := env.GetConfig("bytea_output", true); err == nil && found {
		o.ByteaEscape = strings.EqualFold(strings.TrimSpace(v), "escape")
	}
	if v, found, err := env.GetConfig("DateStyle", true); err == nil && found {
		switch u := strings.ToUpper(v); {
		case strings.Contains(u, "DMY"):
			o.DateOrder = types.OrderDMY
		case strings.Contains(u, "YMD"):
			o.DateOrder = types.OrderYMD
		}
		// The setting is canonical: "<style>, <order>".
		switch style, _, _ := strings.Cut(strings.ToUpper(v), ","); strings.TrimSpace(style) {
		case "SQL":
			o.DateStyle = types.StyleSQL
		case "POSTGRES":
			o.DateStyle = types.StylePostgres
		case "GERMAN":
			o.DateStyle = types.StyleGerman
		}
	}
	if v, found, err := env.GetConfig("IntervalStyle", true); err == nil && found {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "postgres_verbose":
			o.IntervalStyle = types.IntervalPostgresVerbose
		case "sql_standard":
			o.IntervalStyle = types.IntervalSQLStandard
		case "iso_8601":
			o.IntervalStyle = types.IntervalISO8601
		}
	}
	if se, ok := env.(StorageEnv); ok && se.Transaction() != nil {
		ln := &lazyNames{env: env}
		o.Names, o.UserTypes = ln, ln
	}
	return o
}

// lazyNames resolves reg* names through the session's catalog, set up
// on first use.
type lazyNames struct {
	env Env
	n   *names
}

func (l *lazyNames) get() *names {
	if l.n == nil {
		s := newCtx(context.Background(), l.env)
		if !s.hasStorage() {
			return nil
		}
		l.n = &names{s}
	}
	return l.n
}

func (l *lazyNames) RegName(typ, oid uint32) (string, bool) {
	if n := l.get(); n != nil {
		return n.RegName(typ, oid)
	}
	return "", false
}

func (l *lazyNames) RegOid(typ uint32, name string) (uint32, error) {
	if n := l.get(); n != nil {
		return n.RegOid(typ, name)
	}
	return 0, pgerr.Newf(pgerr.FeatureNotSupported, "%s names cannot be resolved in this session", types.FormatType(typ, -1))
}

// formatOptions are FormatOptions with the statement's own catalog
// access for names.
func (s *sqlCtx) formatOptions() *types.FormatOptions {
	o := FormatOptions(s.env)
	if s.hasStorage() {
		o.Names, o.UserTypes = names{s}, names{s}
	}
	return o
}

// Prepare analyzes and plans stmt. paramTypes are the parameter types the
// client declared (0 for unspecified); the others are inferred from
// context as PostgreSQL does, and ParamTypes reports them all.
func Prepare(env Env, stmt Statement, paramTypes []uint32) (*Plan, error) {
	return prepare(env, stmt, paramTypes, false)
}

// PrepareSimple is Prepare for the simple query protocol, where a query
// has no parameters: a $n in it is an error, as in PostgreSQL.
func PrepareSimple(env Env, stmt Statement) (*Plan, error) {
	return prepare(env, stmt, nil, true)
}

// prepareIn prepares a statement of the body of a SQL routine: its
// parameters are the routine's input arguments.
func prepareIn(env Env, stmt Statement, argTypes []uint32, routine *routineScope) (*Plan, error) {
	return prepareRoutine(env, stmt, argTypes, true, routine)
}

func prepare(env Env, stmt Statement, paramTypes []uint32, simple bool) (*Plan, error) {
	return prepareRoutine(env, stmt, paramTypes, simple, nil)
}

func prepareRoutine(env Env, stmt Statement, paramTypes []uint32, simple bool, routine *routineScope) (*Plan, error) {
	p := &Plan{tag: stmt.Tag(), stmt: stmt, simple: simple, paramTypes: paramTypes, routine: routine}
	switch n := stmt.Node().GetNode().(type) {
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		if sel, ok := n.(*pg_query.Node_SelectStmt); ok && sel.SelectStmt.IntoClause != nil {
			// SELECT ... INTO: CREATE TABLE AS over the SELECT without INTO.
			into := sel.SelectStmt.IntoClause
			q := sel.SelectStmt.Clone()
			q.IntoClause = nil
			node := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: q}}
			p.utility = func(s *sqlCtx) (string, error) { return s.createTableAs(stmt, into, node, false, false) }
			p.params = []uint32{}
			return p, nil
		}
		s := newCtx(context.Background(), env)
		st, q, params, err := p.analyzeOnly(s, p.paramTypes)
		if err != nil {
			return nil, err
		}
		p.deferPlanning = !simple && routine == nil && len(params) > 0
		p.finishState(s, st, q)
		p.cols = s.wireColumns(analyze.Columns(q))
		p.params = params
		p.state.Store(st)
		return p, nil
	case *pg_query.Node_ExplainStmt:
		return prepareExplain(p, env, stmt, n.ExplainStmt, paramTypes, simple, routine)
	case *pg_query.Node_DeclareCursorStmt:
		if routine != nil {
			// A SQL function's body cannot hold a cursor open past it.
			return nil, pgerr.New(pgerr.FeatureNotSupported, "DECLARE CURSOR is not supported in a SQL function")
		}
		return prepareCursor(p, env, stmt, n.DeclareCursorStmt, paramTypes, simple, routine)
	case *pg_query.Node_CreateStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createTable(stmt, n.CreateStmt) }
	case *pg_query.Node_DropStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.drop(n.DropStmt) }
		switch n.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
			p.utility = func(s *sqlCtx) (string, error) { return s.dropFunctions(stmt, n.DropStmt) }
		case pg_query.ObjectType_OBJECT_TYPE:
			p.utility = func(s *sqlCtx) (string, error) { return s.dropTypes(n.DropStmt, false) }
		case pg_query.ObjectType_OBJECT_DOMAIN:
			p.utility = func(s *sqlCtx) (string, error) { return s.dropTypes(n.DropStmt, true) }
		}
	case *pg_query.Node_CreateDomainStmt:
		// Domain constraints and defaults are analyzed without the
		// statement's text, as PostgreSQL does: errors have no position.
		p.utility = func(s *sqlCtx) (string, error) {
			tag, err := s.createDomain(stmt, n.CreateDomainStmt)
			return tag, withoutPosition(err)
		}
	case *pg_query.Node_AlterDomainStmt:
		p.utility = func(s *sqlCtx) (string, error) {
			tag, err := s.alterDomain(stmt, n.AlterDomainStmt)
			return tag, withoutPosition(err)
		}
	case *pg_query.Node_CompositeTypeStmt:
		// Errors in the attribute list have no position, as in
		// PostgreSQL's DefineCompositeType.
		p.utility = func(s *sqlCtx) (string, error) {
			tag, err := s.createCompositeType(stmt, n.CompositeTypeStmt)
			return tag, withoutPosition(err)
		}
	case *pg_query.Node_DefineStmt:
		if n.DefineStmt.Kind != pg_query.ObjectType_OBJECT_TYPE {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", stmt.Tag())
		}
		p.utility = func(s *sqlCtx) (string, error) { return s.defineType(n.DefineStmt) }
	case *pg_query.Node_CreateEnumStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createEnum(n.CreateEnumStmt) }
	case *pg_query.Node_AlterEnumStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.alterEnum(n.AlterEnumStmt) }
	case *pg_query.Node_CreateFunctionStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createFunction(stmt, n.CreateFunctionStmt) }
	case *pg_query.Node_CallStmt:
		// The procedure is resolved now for the result's columns, and
		// again when the call runs.
		s := newCtx(context.Background(), env)
		if !s.hasStorage() {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "CALL is not supported in this session")
		}
		c, params, err := s.analyzeCall(stmt, n.CallStmt, paramTypes, simple, routine)
		if err != nil {
			return nil, err
		}
		if outs := c.outputs(); outs != nil {
			p.cols = s.wireColumns(outs)
		}
		p.rows = func(s *sqlCtx, args []types.Datum, emit func(row []types.Datum) error) (string, error) {
			return s.call(stmt, n.CallStmt, params, routine, p.cols, args, emit)
		}
		p.params = params
		return p, nil
	case *pg_query.Node_CreateTableAsStmt:
		ct := n.CreateTableAsStmt
		if ct.Objtype != pg_query.ObjectType_OBJECT_TABLE && ct.Objtype != pg_query.ObjectType_OBJECT_MATVIEW {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", stmt.Tag())
		}
		if ct.Query.GetExecuteStmt() != nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "CREATE TABLE ... AS EXECUTE is not supported yet")
		}
		matview := ct.Objtype == pg_query.ObjectType_OBJECT_MATVIEW
		p.utility = func(s *sqlCtx) (string, error) {
			return s.createTableAs(stmt, ct.Into, ct.Query, ct.IfNotExists, matview)
		}
	case *pg_query.Node_RefreshMatViewStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.refreshMatView(n.RefreshMatViewStmt) }
	case *pg_query.Node_ConstraintsSetStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.setConstraints(n.ConstraintsSetStmt) }
	case *pg_query.Node_LockStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.lockTable(n.LockStmt) }
	case *pg_query.Node_NotifyStmt:
		p.utility = func(s *sqlCtx) (string, error) {
			return "NOTIFY", s.asyncNotify(func(a expr.AsyncNotify) error {
				return a.Notify(n.NotifyStmt.Conditionname, n.NotifyStmt.Payload)
			})
		}
	case *pg_query.Node_ListenStmt:
		p.utility = func(s *sqlCtx) (string, error) {
			return "LISTEN", s.asyncNotify(func(a expr.AsyncNotify) error { return a.Listen(n.ListenStmt.Conditionname) })
		}
	case *pg_query.Node_UnlistenStmt:
		p.utility = func(s *sqlCtx) (string, error) {
			return "UNLISTEN", s.asyncNotify(func(a expr.AsyncNotify) error {
				// UNLISTEN * has no channel name.
				if n.UnlistenStmt.Conditionname == "" {
					return a.UnlistenAll()
				}
				return a.Unlisten(n.UnlistenStmt.Conditionname)
			})
		}
	case *pg_query.Node_CommentStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.commentStmt(stmt, n.CommentStmt) }
	case *pg_query.Node_ViewStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createView(stmt, n.ViewStmt) }
	case *pg_query.Node_CreateSeqStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createSequence(stmt, n.CreateSeqStmt) }
	case *pg_query.Node_AlterSeqStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.alterSequence(stmt, n.AlterSeqStmt) }
	case *pg_query.Node_CreateSchemaStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createSchema(stmt, n.CreateSchemaStmt) }
	case *pg_query.Node_RenameStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.renameStmt(stmt, n.RenameStmt) }
		if rt := n.RenameStmt.RenameType; rt == pg_query.ObjectType_OBJECT_TYPE || rt == pg_query.ObjectType_OBJECT_DOMAIN {
			p.utility = func(s *sqlCtx) (string, error) { return s.renameType(n.RenameStmt) }
		} else if isRoutineType(rt) {
			p.utility = func(s *sqlCtx) (string, error) { return s.renameRoutine(stmt, n.RenameStmt) }
		}
	case *pg_query.Node_AlterTableStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.alterTable(stmt, n.AlterTableStmt) }
		if n.AlterTableStmt.Objtype == pg_query.ObjectType_OBJECT_TYPE {
			p.utility = func(s *sqlCtx) (string, error) { return s.alterCompositeType(stmt, n.AlterTableStmt) }
		}
	case *pg_query.Node_AlterObjectSchemaStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.alterObjectSchema(stmt, n.AlterObjectSchemaStmt) }
		if ot := n.AlterObjectSchemaStmt.ObjectType; ot == pg_query.ObjectType_OBJECT_TYPE || ot == pg_query.ObjectType_OBJECT_DOMAIN {
			p.utility = func(s *sqlCtx) (string, error) { return s.alterTypeSchema(n.AlterObjectSchemaStmt) }
		} else if isRoutineType(ot) {
			p.utility = func(s *sqlCtx) (string, error) { return s.alterRoutineSchema(stmt, n.AlterObjectSchemaStmt) }
		}
	case *pg_query.Node_AlterOwnerStmt:
		if ot := n.AlterOwnerStmt.ObjectType; ot == pg_query.ObjectType_OBJECT_TYPE || ot == pg_query.ObjectType_OBJECT_DOMAIN {
			p.utility = func(s *sqlCtx) (string, error) { return s.alterTypeOwner(n.AlterOwnerStmt) }
			break
		}
		if isRoutineType(n.AlterOwnerStmt.ObjectType) {
			p.utility = func(s *sqlCtx) (string, error) { return s.alterRoutineOwner(stmt, n.AlterOwnerStmt) }
			break
		}
		if n.AlterOwnerStmt.ObjectType != pg_query.ObjectType_OBJECT_SCHEMA {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", stmt.Tag())
		}
		p.utility = func(s *sqlCtx) (string, error) { return s.alterSchemaOwner(n.AlterOwnerStmt) }
	case *pg_query.Node_CopyStmt:
		if routine != nil && n.CopyStmt.Filename == "" && !n.CopyStmt.IsProgram {
			// init_execution_state: the client is busy with the calling
			// statement's result.
			return nil, errCopyInFunction()
		}
		p.utility = func(s *sqlCtx) (string, error) { return s.copyStmt(stmt, n.CopyStmt) }
	case *pg_query.Node_TruncateStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.truncate(n.TruncateStmt) }
	case *pg_query.Node_ReindexStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.reindexStmt(n.ReindexStmt) }
	case *pg_query.Node_ClusterStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.clusterStmt(stmt, n.ClusterStmt) }
	case *pg_query.Node_IndexStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.createIndexStmt(stmt, n.IndexStmt) }
	case *pg_query.Node_AlterFunctionStmt:
		p.utility = func(s *sqlCtx) (string, error) { return s.alterFunction(stmt, n.AlterFunctionStmt) }
	case *pg_query.Node_VacuumStmt:
		if n.VacuumStmt.IsVacuumcmd {
			p.utility = func(s *sqlCtx) (string, error) { return s.vacuumCommand(stmt, n.VacuumStmt) }
			break
		}
		p.utility = func(s *sqlCtx) (string, error) { return s.analyzeCommand(stmt, n.VacuumStmt) }
	default:
		tag := stmt.Tag()
		if tag == "???" {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "this statement is not supported")
		}
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", tag)
	}
	p.params = []uint32{}
	return p, nil
}

// analyze analyzes and plans the statement for this session's catalog
// state (the relations it names are locked as a side effect).
func (p *Plan) analyze(s *sqlCtx, paramTypes []uint32) (*planState, *plan.Query, []uint32, error) {
	st, q, params, err := p.analyzeOnly(s, paramTypes)
	if err != nil {
		return nil, nil, nil, err
	}
	st.root = s.buildPlan(p, q, nil)
	return st, q, params, nil
}

// finishState plans st, the analysis q, now; or, for a Plan with
// deferPlanning, keeps q for the plan made when the statement runs.
func (p *Plan) finishState(s *sqlCtx, st *planState, q *plan.Query) {
	if p.deferPlanning {
		st.deferred = &deferredPlan{spare: q}
		return
	}
	st.root = s.buildPlan(p, q, nil)
}

// buildPlan plans q with the session's planner settings; with bound,
// the parameters' values, a custom plan that has them as constants
// (plan.BindParams). Planning changes q.
func (s *sqlCtx) buildPlan(p *Plan, q *plan.Query, bound []types.Datum) plan.Node {
	q.Planner = s.plannerOptions()
	if p.keyLookup {
		q.Planner.NoSeqScan = true
	}
	if bound != nil {
		plan.BindParams(q, bound)
	}
	return plan.Build(q)
}

// analyzeOnly is the analysis of the statement, not planned yet.
func (p *Plan) analyzeOnly(s *sqlCtx, paramTypes []uint32) (*planState, *plan.Query, []uint32, error) {
	cat := catalogAdapter{s}
	var q *plan.Query
	var params []uint32
	var err error
	if p.routine != nil {
		if p.routine.standard {
			// Only analysis runs here: no notice but its WARNINGs is lost.
			quiet := s.quiet
			s.quiet = true
			defer func() { s.quiet = quiet }()
		}
		q, params, err = analyze.AnalyzeInRoutine(cat, p.stmt.Query, p.stmt.Node(), paramTypes, p.routine.oid, p.routine.name, p.routine.argNames, s.formatOptions())
		if err == nil && p.routine.outTypes != nil {
			err = analyze.CoerceRoutineResult(cat, q, p.routine.outTypes, s.formatOptions())
		}
		if r := p.routine.result; err == nil && r != nil && (q.Command == plan.CmdSelect || q.Returning != nil) {
			r.body, err = analyze.FunctionResult(cat, q, p.routine.name, r.ret, r.out, s.formatOptions())
		}
	} else if p.simple {
		q, params, err = analyze.AnalyzeFixed(cat, p.stmt.Query, p.stmt.Node(), paramTypes, s.formatOptions())
	} else {
		q, params, err = analyze.Analyze(cat, p.stmt.Query, p.stmt.Node(), paramTypes, s.formatOptions())
	}
	if err != nil {
		return nil, nil, nil, err
	}
	st := &planState{query: q, command: q.Command, locks: q.Locks, tables: q.Tables, readsNow: q.ReadsNow, readsNames: q.ReadsNames, warned: len(s.typeWarnings) > 0}
	if p.currentOf {
		st.currentOf = addCurrentOfTarget(q)
	}
	if s.hasStorage() {
		st.names, st.tempNsp = s.cache.RelationNamesVersion(), s.myTempNamespace()
	}
	if q.UserTypes {
		st.useTypes, st.types = true, s.cache.TypesVersion()
	}
	if q.UserFuncs {
		if st.procs, err = s.syscache().ProcsVersion(); err != nil {
			return nil, nil, nil, err
		}
	}
	return st, q, params, nil
}

// plannerOptions are the session's enable_* settings the planner
// honours.
func (s *sqlCtx) plannerOptions() *plan.PlannerOptions {
	off := func(name string) bool {
		v, found, err := s.env.GetConfig(name, true)
		return err == nil && found && v == "off"
	}
	opts := &plan.PlannerOptions{NoSeqScan: off("enable_seqscan"), NoIndexScan: off("enable_indexscan"), NoIndexOnlyScan: off("enable_indexonlyscan"),
		NoBitmapScan: off("enable_bitmapscan"), NoHashJoin: off("enable_hashjoin"), NoNestLoop: off("enable_nestloop"), NoMemoize: off("enable_memoize"),
		NoHashAgg: off("enable_hashagg"), NoSort: off("enable_sort"), NoIncrementalSort: off("enable_incremental_sort"),
		NoMergeJoin: off("enable_mergejoin"), NoMaterial: off("enable_material"), Joins: s.joinOptions}
	if w, ok := s.env.(WorkMemEnv); ok {
		wm := w.WorkMem()
		opts.WorkMem, opts.HashMem = wm.Bytes, wm.HashBytes
	}
	opts.Interrupted = s.interrupted
	return opts
}

// interrupted reports whether the statement was canceled: its context,
// or the transaction's, which the session gives a statement from its
// analysis on.
func (s *sqlCtx) interrupted() bool {
	if s.tx != nil {
		if c := s.tx.Context(); c != nil && c.Err() != nil {
			return true
		}
	}
	return s.ctx.Err() != nil
}

// joinOptions are the session's settings of the join order search, with
// the tables' sizes and statistics as EXPLAIN's estimates see them.
func (s *sqlCtx) joinOptions() plan.JoinOptions {
	limit := func(name string, def int) int {
		v, found, err := s.env.GetConfig(name, true)
		if err != nil || !found {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return def
		}
		return n
	}
	geqo, found, err := s.env.GetConfig("geqo", true)
	return plan.JoinOptions{FromCollapseLimit: limit("from_collapse_limit", 8), JoinCollapseLimit: limit("join_collapse_limit", 8),
		GeqoThreshold: limit("geqo_threshold", 12), Geqo: err != nil || !found || geqo != "off", Info: s.tableInfo}
}

// Columns describes the rows Execute emits; nil when the statement
// returns no rows.
func (p *Plan) Columns() []Column { return p.cols }

// ReadsTransactionStart reports whether the plan holds a constant read
// from the transaction start at analysis ('now', 'today', 'tomorrow',
// 'yesterday' as date/time input), as PostgreSQL's parser folds them. A
// query sent again as text is analyzed again in PostgreSQL, so such a plan
// must not serve a later transaction's query text; a prepared statement
// keeps the value, as in PostgreSQL.
func (p *Plan) ReadsTransactionStart() bool {
	st := p.flagsState()
	return st != nil && st.readsNow
}

// ReadsCatalogNames reports whether the plan holds the OID of a name a
// reg* constant named at analysis ('t'::regclass): PostgreSQL resolves
// the name again for every query sent as text, and the name may mean
// another object (or none) by then.
func (p *Plan) ReadsCatalogNames() bool {
	st := p.flagsState()
	return st != nil && st.readsNames
}

// RaisedWarnings reports whether analyzing the statement sent WARNINGs,
// which PostgreSQL sends again each time it analyzes a query sent as
// text.
func (p *Plan) RaisedWarnings() bool {
	st := p.flagsState()
	return st != nil && st.warned
}

// flagsState is the analysis whose properties the plan reports: the
// cursor's query's for a DECLARE.
func (p *Plan) flagsState() *planState {
	if p.cursor != nil {
		return p.cursor.query.state.Load()
	}
	return p.state.Load()
}

// ParamTypes returns the type of each parameter $1, $2, ...
func (p *Plan) ParamTypes() []uint32 { return p.params }

// revalidate locks what the plan uses and makes sure its tables are
// still those of the cache (AcquireExecutorLocks and
// CheckCachedPlan); a stale plan is analyzed again. A plan whose result
// columns would change cannot be reused.
func (p *Plan) revalidate(s *sqlCtx) (*planState, error) {
	st := p.state.Load()
	if !s.hasStorage() || len(st.locks) == 0 && st.procs.IsZero() && !st.useTypes {
		return st, nil
	}
	for _, l := range st.locks {
		if err := s.lock(l.OID, lmgr.LockMode(l.Mode)); err != nil {
			return nil, err
		}
	}
	stale := false
	for _, t := range st.tables {
		rel, err := s.cache.RelationByOID(s, t.OID)
		if err != nil {
			return nil, err
		}
		if rel == nil || rel != t.Entry {
			stale = true
			break
		}
	}
	if !stale && len(st.tables) > 0 {
		s.cache.Accept()
		if p.simple {
			stale = s.cache.RelationNamesVersion() != st.names
		} else {
			stale = s.myTempNamespace() != st.tempNsp
		}
	}
	if !stale && st.useTypes {
		s.cache.Accept()
		stale = s.cache.TypesVersion() != st.types
	}
	if !stale && !st.procs.IsZero() {
		cur, err := s.syscache().ProcsVersion()
		if err != nil {
			return nil, err
		}
		stale = cur != st.procs
	}
	if !stale {
		return st, nil
	}
	// The parameters keep the types the first analysis gave them.
	fresh, q, _, err := p.analyzeOnly(s, p.params)
	if err != nil {
		return nil, err
	}
	p.finishState(s, fresh, q)
	if !SameColumns(s.wireColumns(analyze.Columns(q)), p.cols) {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "cached plan must not change result type")
	}
	p.state.Store(fresh)
	return fresh, nil
}

// SameColumns reports whether two row descriptions have the same column
// names, types and type modifiers.
func SameColumns(a, b []Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		// Names count too, as in equalTupleDescs: a query sent as text
		// again after its table was made anew must describe the new
		// columns (the backend plans it again on this error).
		if a[i].Name != b[i].Name || a[i].TypeOID != b[i].TypeOID || a[i].TypeMod != b[i].TypeMod {
			return false
		}
	}
	return true
}

// Execute runs the plan, calling emit for each result row (the row is
// the caller's to keep), and returns the command tag ("SELECT 3",
// "INSERT 0 1", "CREATE TABLE"). params hold one value per ParamTypes
// entry, already decoded. Execute stops when ctx is done, returning
// context.Cause(ctx) if that is a *pgerr.Error, else a query-canceled
// error. A statement that changed anything ends with a command counter
// increment, so that the transaction's next statement sees its changes.
func (p *Plan) Execute(ctx context.Context, env Env, params []types.Datum, emit func(row []types.Datum) error) (string, error) {
	if len(params) != len(p.params) {
		return "", pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement requires %d",
			len(params), len(p.params))
	}
	if p.cursor != nil {
		return "", pgerr.New(pgerr.InternalError, "DECLARE CURSOR must be run with DeclareCursor")
	}
	s := newCtx(ctx, env)
	if err := s.takeStatementSnapshot(p); err != nil {
		return "", err
	}
	if p.rows != nil {
		tag, err := p.rows(s, params, emit)
		if err != nil {
			return "", err
		}
		s.commandEnd()
		return tag, nil
	}
	if p.utility != nil {
		if !s.hasStorage() {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported in this session", p.tag)
		}
		// A statement of a routine's body is not at the top level: what
		// commits in the middle refuses to run there.
		s.inRoutine = p.routine != nil
		tag, err := p.utility(s)
		if err != nil {
			return "", err
		}
		s.commandEnd()
		return tag, nil
	}
	st, _, err := p.choosePlan(s, params)
	if err != nil {
		return "", err
	}
	n, err := s.runPlan(st, params, emit, nil)
	if err != nil {
		return "", err
	}
	switch st.command {
	case plan.CmdInsert:
		return "INSERT 0 " + strconv.FormatInt(n, 10), nil
	}
	return p.tag + " " + strconv.FormatInt(n, 10), nil
}
