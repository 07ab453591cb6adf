// This file defines what a resolved function or operator is and the
// context a function runs in: the session it may consult, the statement's
// parameters and the cancellation context.

package expr

import (
	"context"
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// Volatility is pg_proc.provolatile.
type Volatility byte

// Volatilities.
const (
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// Impl computes a function on non-NULL arguments (or possibly NULL ones
// for non-strict functions). It must not keep args after returning.
type Impl func(ec *EvalContext, args []types.Datum) (types.Datum, error)

// Binder specializes a function for the actual types of a call, for
// functions that take "any" or polymorphic arguments (pg_typeof, concat,
// comparisons of arrays). It runs once per compiled call.
type Binder func(argTypes []uint32, retType uint32) Impl

// Func is a built-in function: a pg_proc row plus its implementation.
// Funcs are shared and immutable.
type Func struct {
	OID        uint32
	Name       string
	Namespace  uint32   // pronamespace
	Args       []uint32 // declared argument types
	Variadic   uint32   // element type of a VARIADIC last argument, 0 if none
	Ret        uint32
	Strict     bool
	RetSet     bool
	Volatility Volatility
	// Leakproof is proleakproof: the function reveals nothing about its
	// arguments but through its result (no error depends on them), so
	// that it may see rows a security_barrier view filters out.
	Leakproof bool
	Src       string // prosrc: the name of the C function in PostgreSQL
	// StandardBody: a SQL function's body is SQL-standard (prosqlbody,
	// Src holding its statements), analyzed when it was created, so its
	// analysis where it is called raises no WARNINGs again.
	StandardBody bool
	Impl         Impl
	Bind         Binder
	// SRF implements a set-returning function: it returns the function
	// producing the rows one by one (ok false after the last).
	SRF SRFImpl
	// RowSRF implements a set-returning function whose rows have several
	// OUT columns, named OutNames and typed OutTypes (jsonb_each). A
	// function with one OUT argument has its name in OutNames too.
	RowSRF   RowSRFImpl
	OutNames []string
	OutTypes []uint32
	// RecordFunc implements a function returning record (or setof
	// record) whose columns the call's column definition list gives
	// (jsonb_to_record): its rows have one value per column.
	RecordFunc RecordFuncImpl
	// BindSRF specializes a set-returning function for the actual types
	// of a call's arguments (json_populate_recordset's row type).
	BindSRF func(argTypes []uint32) SRFImpl
	// Agg describes an aggregate (prokind 'a'), nil for other functions.
	Agg *AggDef
	// SQL marks a LANGUAGE sql function a user created: Src is its body,
	// which analysis turns into the implementation of each call.
	SQL bool
	// Procedure marks a procedure (prokind 'p'): only CALL calls it,
	// and CALL's analysis leaves its body to the CALL.
	Procedure bool
	ArgNames  []string // proargnames, nil when no argument has a name
	// SQLArgDefaults are the defaults of a SQL function's trailing
	// arguments (proargdefaults), as SQL text.
	SQLArgDefaults []string
	// Config are the "name=value" settings a call of a SQL function runs
	// under (proconfig, from its SET clauses); such a call is never
	// expanded into the calling statement.
	Config []string
}

// AggDef is what an aggregate's pg_aggregate row says of how to compute
// it: the prosrc names of its transition and final functions.
type AggDef struct {
	Kind      byte // aggkind: 'n' normal, 'o' ordered-set, 'h' hypothetical-set
	TransFn   string
	FinalFn   string // "" when there is none
	TransType uint32
}

// SRFImpl starts a set-returning function for one call.
type SRFImpl func(ec *EvalContext, args []types.Datum) (next func() (v types.Datum, ok bool, err error), err error)

// RowSRFImpl is SRFImpl for rows of several columns: next returns one
// value for each OUT column.
type RowSRFImpl func(ec *EvalContext, args []types.Datum) (next func() (row []types.Datum, ok bool, err error), err error)

// OneRow is the rows function of a call yielding the one row row.
func OneRow(row []types.Datum) func() ([]types.Datum, bool, error) {
	done := false
	return func() ([]types.Datum, bool, error) {
		if done {
			return nil, false, nil
		}
		done = true
		return row, true, nil
	}
}

// RecordColumn is one column of a column definition list.
type RecordColumn struct {
	Name string
	Type uint32
	Mod  int32
}

// RecordFuncImpl is RowSRFImpl for functions whose columns the call
// defines.
type RecordFuncImpl func(ec *EvalContext, args []types.Datum, cols []RecordColumn) (next func() (row []types.Datum, ok bool, err error), err error)

// Implemented reports whether f can be called.
func (f *Func) Implemented() bool {
	return f.Impl != nil || f.Bind != nil || f.SRF != nil || f.RowSRF != nil || f.RecordFunc != nil || f.BindSRF != nil
}

// SRFFor returns the set-returning implementation of f for a call with
// these arguments, nil if f has none.
func (f *Func) SRFFor(args []Expr) SRFImpl {
	if f.BindSRF != nil {
		types := make([]uint32, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		return f.BindSRF(types)
	}
	return f.SRF
}

// Operator is an operator: a pg_operator row and its function.
type Operator struct {
	OID    uint32
	Name   string
	Left   uint32 // 0 for prefix operators
	Right  uint32
	Result uint32
	Func   *Func
	Com    uint32 // commutator OID
	Negate uint32 // negator OID
	// JoinEquality is oprcanmerge or oprcanhash: an equality a merge or
	// hash join can use, which a FULL JOIN needs (PostgreSQL runs no
	// other kind of FULL JOIN).
	JoinEquality bool
}

// Session is what evaluation needs from the session running a
// statement. The backend's Env implements it.
type Session interface {
	CurrentUser() string
	SessionUser() string
	CurrentDatabase() string
	BackendPID() int32
	TransactionStart() time.Time
	StatementStart() time.Time
	GetConfig(name string, missingOK bool) (value string, found bool, err error)
	SetConfig(name, value string, isLocal bool) (string, error)
	ReloadConfig() error
	Location() *time.Location
	// Random is the session's random number generator (random(),
	// setseed()).
	Random() *PRNG
}

// CompressionInspector is implemented by the sessions of a server
// process: pg_column_compression asks whether a value's bytes are a value
// the process read compressed (known false: it cannot tell).
type CompressionInspector interface {
	StoredCompressed(payload []byte) (method string, known bool)
	// ReadNoneCompressed reports whether the process has read no value
	// compressed so far.
	ReadNoneCompressed() bool
}

// ServerTimes is implemented by the sessions of a server process:
// pg_postmaster_start_time and pg_conf_load_time use it.
type ServerTimes interface {
	PostmasterStartTime() time.Time
	ConfLoadTime() time.Time
}

// CursorPositions is implemented by sessions with SQL cursors: WHERE
// CURRENT OF reads the location (ctid) of the row a cursor stands on in
// a table, or fails with PostgreSQL's error for a cursor that has none.
type CursorPositions interface {
	CursorCurrentRow(cursor string, table uint32, tableName string) (types.Datum, error)
}

// QuerySource is implemented by the sessions of a server process:
// current_query() returns the query string the client sent
// (PostgreSQL's debug_query_string), "" outside one.
type QuerySource interface {
	CurrentQuery() string
}

// EvalContext is the state of one statement execution that expressions
// read. It belongs to one goroutine.
type EvalContext struct {
	Ctx     context.Context
	Session Session
	Params  []types.Datum
	Format  *types.FormatOptions

	// Outer holds the rows of the enclosing queries while a correlated
	// subquery runs; the last entry is the innermost one. Var nodes with
	// LevelsUp > 0 read it.
	Outer [][]types.Datum
	// Subqueries runs the plans of SubLink nodes; the executor sets it.
	Subqueries SubqueryRunner
	// Catalog answers the catalog lookups of functions such as
	// pg_get_userbyid and pg_table_is_visible; nil without storage.
	Catalog Catalog

	// subRow is the subquery row SubValue nodes read while an ANY/ALL
	// test is evaluated.
	subRow []types.Datum

	// multiAssign holds the rows of the MultiExprSubLinks of the row an
	// UPDATE is computing, by MultiAssignRef.ID.
	multiAssign map[int]types.Datum

	// caseValue is the value CaseTest nodes return: the argument of the
	// innermost CASE being evaluated, or the array element being
	// coerced.
	caseValue types.Datum
}

// SubqueryRunner runs a SubLink's plan for the current row of the
// enclosing query (outer, pushed on Outer while it runs), calling fn for
// each row until fn returns false.
type SubqueryRunner interface {
	RunSubquery(ec *EvalContext, plan any, outer []types.Datum, fn func(row []types.Datum) (bool, error)) error
	// OpenSubquery starts a plan that reads no enclosing query (the
	// body of a set-returning SQL function) and returns a function giving
	// its rows one by one (ok false after the last).
	OpenSubquery(plan any) (next func() (row []types.Datum, ok bool, err error), err error)
}

// SQLFunctionCall is a call site of a LANGUAGE sql function whose body
// runs statement by statement when it is called (PostgreSQL's fmgr_sql):
// a body of several statements or of INSERT, UPDATE or DELETE, a
// function returning void, or a recursive call.
type SQLFunctionCall struct {
	Func *Func
	// Result are the columns of the function's row when the call defines
	// them: its OUT parameters or the call's column definition list; nil
	// otherwise (the declared result type says).
	Result *types.RowDesc
}

// SQLFunctionRunner runs the bodies of SQL function calls in the
// caller's transaction. The SQL layer's Catalog implements it.
type SQLFunctionRunner interface {
	// RunSQLFunction runs call's body with the call's arguments and
	// returns the function's values one by one: the final statement's
	// rows as the declared result type (one value for a function that
	// does not return a set, NULL without a row).
	RunSQLFunction(ec *EvalContext, call *SQLFunctionCall, args []types.Datum) (next func() (types.Datum, bool, error), err error)
}

// Catalog is what built-in functions need to know about the database's
// catalogs (users, relations, search path visibility, stored
// expressions). The SQL layer implements it over the catalog cache.
type Catalog interface {
	// UserName is pg_get_userbyid: the role's name.
	UserName(oid uint32) (string, bool, error)
	// TableIsVisible is pg_table_is_visible.
	TableIsVisible(oid uint32) (bool, error)
	// TypeIsVisible is pg_type_is_visible.
	TypeIsVisible(oid uint32) (bool, error)
	// FormatType is format_type for any type, including those the types
	// package does not know (row types of tables).
	FormatType(oid uint32, typmod int32) (string, error)
	// GetExpr is pg_get_expr: the text of a stored expression (adbin,
	// relpartbound, ...) of relation relid.
	GetExpr(tree string, relid uint32, pretty bool) (string, error)
	// RelationSize is, in bytes, the size of relation oid that what
	// names (see SizeKind); ok is false when there is no such relation.
	RelationSize(oid uint32, fork storage.ForkNumber, what SizeKind) (size int64, ok bool, err error)
	// RelationFile names the main file of relation oid as
	// pg_relation_filenode and pg_relation_filepath do (a mapped
	// catalog's from the relation map); ok is false when there is no
	// such relation or it has no storage.
	RelationFile(oid uint32) (loc storage.RelFileLocator, ok bool, err error)
	// Syscache looks up the database's functions, operators, casts,
	// aggregates and types (pg_get_function_result and friends).
	Syscache() catalog.Syscache
}

// Canceled returns the error a statement reports when its context is
// done: the context's cause if it is a client error (the backend sets
// "canceling statement due to user request" or a termination FATAL),
// otherwise a query-canceled error.
func Canceled(ctx context.Context) error {
	if pe, ok := context.Cause(ctx).(*pgerr.Error); ok {
		return pe
	}
	if context.Cause(ctx) == context.DeadlineExceeded {
		return pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
	}
	return pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request")
}

// CheckCancel returns the cancellation error if the statement has been
// canceled; executors call it once per row.
func (ec *EvalContext) CheckCancel() error {
	if ec.Ctx == nil {
		return nil
	}
	select {
	case <-ec.Ctx.Done():
		return Canceled(ec.Ctx)
	default:
		return nil
	}
}

// WaitReporter is implemented by sessions that publish what they wait
// for in pg_stat_activity (wait_event_type, wait_event); functions that
// block, such as pg_sleep, report through it when the session has it.
type WaitReporter interface {
	// ReportWait publishes ev; 0 ends the wait.
	ReportWait(ev waitevent.Event)
}

// LockInspector is implemented by sessions with a lock table
// (pg_blocking_pids).
type LockInspector interface {
	// BlockingPids lists the processes holding or awaiting, ahead of pid,
	// a lock mode conflicting with the one pid waits for; nil when pid
	// waits for no lock.
	BlockingPids(pid int32) []int32
}

// SafeSnapshotInspector is implemented by sessions with a serializable
// transaction table (pg_safe_snapshot_blocking_pids).
type SafeSnapshotInspector interface {
	// SafeSnapshotBlockingPids lists the processes whose read-write
	// serializable transactions the READ ONLY DEFERRABLE transaction of
	// pid waits for; nil when pid does not wait for a safe snapshot.
	SafeSnapshotBlockingPids(pid int32) []int32
}

// StatSnapshotClearer is implemented by sessions that keep a picture of
// the server's activity for the length of a transaction, as PostgreSQL
// does for pg_stat_activity; pg_stat_clear_snapshot discards it.
type StatSnapshotClearer interface {
	ClearStatSnapshot()
}

// BackendSignaler is implemented by sessions that can signal other
// backends of the server (pg_cancel_backend, pg_terminate_backend). A
// session without it (tests without a server) reports the functions as
// not supported.
type BackendSignaler interface {
	// SignalBackend is PostgreSQL's pg_signal_backend: it checks that the
	// session may signal pid's backend and sends the cancel (SIGINT) or
	// terminate (SIGTERM) signal. It reports false, after sending a
	// WARNING to the client, when pid is not a backend of this server;
	// permission failures are errors.
	SignalBackend(pid int32, terminate bool) (bool, error)
	// WaitBackendExit waits up to timeout for pid to exit (checking
	// ctx), reporting false with a WARNING when it did not.
	WaitBackendExit(ctx context.Context, pid int32, timeout time.Duration) (bool, error)
}

// SizeKind says what Catalog.RelationSize measures, as the database
// object size functions do (dbsize.c).
type SizeKind int

const (
	// SizeFork is pg_relation_size: one fork (0 if it does not exist).
	SizeFork SizeKind = iota
	// SizeTable is pg_table_size: every fork of the relation, and of its
	// TOAST table and the TOAST table's index.
	SizeTable
	// SizeIndexes is pg_indexes_size: every fork of the relation's
	// indexes (not its TOAST table's).
	SizeIndexes
	// SizeTotal is pg_total_relation_size: SizeTable plus SizeIndexes.
	SizeTotal
)
