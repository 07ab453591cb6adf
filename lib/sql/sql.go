// This file is the API the backend calls: parse a query string into
// statements, prepare a statement into a plan, execute a plan.

package sql

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/sql/types"
)

// Env is what a statement needs from its session. The backend implements
// it.
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
	// Location is the TimeZone setting.
	Location() *time.Location
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

// Plan is a prepared statement: analyzed and planned, ready to execute
// any number of times. A Plan is immutable and may be shared; each
// Execute compiles its own evaluation state.
type Plan struct {
	tag    string
	root   plan.Node
	cols   []Column
	params []uint32
}

// FormatOptions returns the session settings that value input and output
// depend on: TimeZone, extra_float_digits, bytea_output, the DateStyle
// field order and the transaction start for 'now'.
func FormatOptions(env Env) *types.FormatOptions {
	o := types.DefaultFormatOptions()
	o.Location = env.Location()
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
	}
	return o
}

// Prepare analyzes and plans stmt. paramTypes are the parameter types the
// client declared (0 for unspecified); the others are inferred from
// context as PostgreSQL does, and ParamTypes reports them all.
func Prepare(env Env, stmt Statement, paramTypes []uint32) (*Plan, error) {
	if stmt.Kind() != KindSelect {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", stmt.Tag())
	}
	q, params, err := analyze.Analyze(catalog{env}, stmt.Query, stmt.Node(), paramTypes, FormatOptions(env))
	if err != nil {
		return nil, err
	}
	return &Plan{tag: stmt.Tag(), root: plan.Build(q), cols: analyze.Columns(q), params: params}, nil
}

// catalog adapts an Env to what analysis needs.
type catalog struct{ env Env }

func (c catalog) VirtualRelation(schema, name string) (plan.Relation, bool) {
	return c.env.VirtualRelation(schema, name)
}

// Columns describes the rows Execute emits; nil when the statement
// returns no rows.
func (p *Plan) Columns() []Column { return p.cols }

// ParamTypes returns the type of each parameter $1, $2, ...
func (p *Plan) ParamTypes() []uint32 { return p.params }

// Execute runs the plan, calling emit for each result row (the row is
// the caller's to keep), and returns the command tag ("SELECT 3"). params
// hold one value per ParamTypes entry, already decoded. Execute stops
// when ctx is done, returning context.Cause(ctx) if that is a
// *pgerr.Error, else a query-canceled error.
func (p *Plan) Execute(ctx context.Context, env Env, params []types.Datum, emit func(row []types.Datum) error) (string, error) {
	if len(params) != len(p.params) {
		return "", pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement requires %d",
			len(params), len(p.params))
	}
	ec := &expr.EvalContext{Ctx: ctx, Session: env, Params: params, Format: FormatOptions(env)}
	n, err := exec.Run(ec, catalog{env}, p.root, emit)
	if err != nil {
		if ctx.Err() != nil {
			return "", expr.Canceled(ctx)
		}
		return "", err
	}
	return p.tag + " " + strconv.FormatInt(n, 10), nil
}

// PrepareSimple is Prepare for the simple query protocol, where a query
// has no parameters: a $n in it is an error, as in PostgreSQL.
func PrepareSimple(env Env, stmt Statement) (*Plan, error) {
	if stmt.Kind() != KindSelect {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported yet", stmt.Tag())
	}
	q, params, err := analyze.AnalyzeFixed(catalog{env}, stmt.Query, stmt.Node(), nil, FormatOptions(env))
	if err != nil {
		return nil, err
	}
	return &Plan{tag: stmt.Tag(), root: plan.Build(q), cols: analyze.Columns(q), params: params}, nil
}
