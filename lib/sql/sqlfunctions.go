// This file runs the bodies of LANGUAGE sql functions that are not
// expanded into the statements calling them (PostgreSQL's functions.c,
// fmgr_sql): a body of several statements or of INSERT, UPDATE, DELETE
// or utility statements, the body of a function returning void, and a
// call of a function from its own body (analyze.BodyRunsByStatement).
// The first call of a call site in an execution prepares every statement
// of the body ("during startup", as init_sql_fcache analyzes them all
// before running any); each call then runs them in turn in the caller's
// transaction, each seeing what the ones before it changed (a statement
// that wrote ends with a command counter increment), and the final
// statement's rows, a SELECT's or a RETURNING's, are the function's.

package sql

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// functionResult is what the final statement of a SQL function's body
// returning a value must give: rows of the type ret (out the columns of
// its rows when the OUT parameters or the call's column definition list
// define them). Analysis sets body, how a row becomes the value.
type functionResult struct {
	ret  uint32
	out  *types.RowDesc
	body *analyze.BodyResult
}

// functionBody is a call site's prepared body: one plan per statement.
type functionBody struct {
	plans []*Plan
	// result is the final statement's, nil for a function returning void.
	result *functionResult
}

// sqlFunctionDepthKey is the context key of how many SQL function
// bodies run below each other.
type sqlFunctionDepthKey struct{}

// functionLevelsPerKB converts max_stack_depth into levels of SQL
// function bodies run inside each other: at the default 2 MB,
// PostgreSQL's stack holds 3,000 levels of bodies run by fmgr_sql and
// fails before 5,000.
const functionLevelsPerKB = 2

// maxFunctionResultBytes bounds the values of one call's final
// statement, which are held in memory until the caller has read them
// (PostgreSQL's tuplestore spills them beyond work_mem): past this
// estimate the call fails instead of letting the backend grow until the
// system kills it.
const maxFunctionResultBytes = 256 << 20

// errFunctionResultMemory is the error past maxFunctionResultBytes.
func errFunctionResultMemory(name string) *pgerr.Error {
	return pgerr.Newf(pgerr.ProgramLimitExceeded, "SQL function \"%s\" needs more than %d MB of memory for its result rows", name, maxFunctionResultBytes>>20).
		WithDetail("gpostgres keeps the rows of a SQL function whose body runs statement by statement in memory and does not spill them to disk.")
}

// errEnoughRows stops a final SELECT once a function not returning a set
// has its value.
var errEnoughRows = errors.New("the SQL function has its value")

// maxStackDepthKB is the session's max_stack_depth in kB.
func (s *sqlCtx) maxStackDepthKB() int {
	v, found, err := s.env.GetConfig("max_stack_depth", true)
	if err != nil || !found {
		return parser.DefaultMaxStackDepth
	}
	unit := 1
	switch {
	case strings.HasSuffix(v, "kB"):
		v = strings.TrimSuffix(v, "kB")
	case strings.HasSuffix(v, "MB"):
		v, unit = strings.TrimSuffix(v, "MB"), 1024
	case strings.HasSuffix(v, "GB"):
		v, unit = strings.TrimSuffix(v, "GB"), 1024*1024
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return parser.DefaultMaxStackDepth
	}
	return n * unit
}

// RunSQLFunction implements expr.SQLFunctionRunner: fmgr_sql for one
// call. All statements run before the first value is returned, the
// final one's values collected in memory (PostgreSQL's tuplestore of a
// set-returning function's result), at most maxFunctionResultBytes.
func (n names) RunSQLFunction(ec *expr.EvalContext, call *expr.SQLFunctionCall, args []types.Datum) (func() (types.Datum, bool, error), error) {
	s := n.s
	f := call.Func
	ctx := ec.Ctx
	if ctx == nil {
		ctx = s.ctx
	}
	depth, _ := ctx.Value(sqlFunctionDepthKey{}).(int)
	if limit := s.maxStackDepthKB(); depth >= limit*functionLevelsPerKB {
		return nil, parser.ErrStackDepth(limit)
	}
	var values []types.Datum
	var held int64
	run := func() error {
		body, err := s.sqlFunctionBody(call)
		if err != nil {
			return err
		}
		bodyCtx := context.WithValue(ctx, sqlFunctionDepthKey{}, depth+1)
		params := append([]types.Datum(nil), args...)
		for i, pl := range body.plans {
			last := i == len(body.plans)-1
			if f.Volatility == expr.Volatile {
				// Each statement sees all the transaction did so far, the
				// calling statement's changes too, and writes under a
				// command id of its own (fmgr_sql).
				s.nextCommand()
			}
			name, writes := pl.writesAs()
			if writes {
				if err := s.requireWritable(name); err != nil {
					return analyze.RoutineContextIn(err, f.Name, f.Src, i+1)
				}
			}
			var bodyParams []types.Datum
			if pl.utility == nil && len(pl.params) <= len(params) {
				bodyParams = params[:len(pl.params)]
			}
			_, err := pl.Execute(bodyCtx, s.env, bodyParams, func(row []types.Datum) error {
				if !last || body.result == nil {
					return nil
				}
				v := body.result.body.Value(row)
				if held += 16 + types.SpillSize(f.Ret, v); held > maxFunctionResultBytes {
					return errFunctionResultMemory(f.Name)
				}
				values = append(values, v)
				if !f.RetSet && !writes {
					return errEnoughRows
				}
				return nil
			})
			if err != nil && err != errEnoughRows {
				return analyze.RoutineContextIn(err, f.Name, f.Src, i+1)
			}
		}
		return nil
	}
	var err error
	if len(f.Config) > 0 {
		// The SET clauses hold while the body is analyzed and run.
		err = s.env.RunWithSettings(f.Config, run)
	} else {
		err = run()
	}
	if err != nil {
		return nil, err
	}
	if !f.RetSet && len(values) == 0 {
		// No row (or a function returning void): NULL.
		values = []types.Datum{types.Null}
	}
	next := 0
	return func() (types.Datum, bool, error) {
		if next == len(values) || !f.RetSet && next > 0 {
			return types.Null, false, nil
		}
		v := values[next]
		values[next] = types.Null
		next++
		return v, true, nil
	}, nil
}

// sqlFunctionBody prepares the statements of call's body, once per call
// site and execution (init_sql_fcache): each is analyzed with the
// function's arguments as its parameters, the final one's result is
// checked against the declared type (check_sql_fn_retval), and a
// function that is not volatile may run only statements that change
// nothing (init_execution_state).
func (s *sqlCtx) sqlFunctionBody(call *expr.SQLFunctionCall) (*functionBody, error) {
	if b := s.functionBodies[call]; b != nil {
		return b, nil
	}
	f := call.Func
	startup := func(err error) error { return analyze.RoutineContextIn(err, f.Name, f.Src, 0) }
	stmts, err := parser.Parse(f.Src)
	if err != nil {
		return nil, startup(err)
	}
	body := &functionBody{plans: make([]*Plan, len(stmts))}
	for i, bst := range stmts {
		if bst.Node().GetTransactionStmt() != nil {
			return nil, startup(pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed in an SQL function", bst.Tag()))
		}
		// The body is analyzed as PostgreSQL plans it: a call of the
		// function itself in it may be expanded once more, not within
		// that expansion (inline_function's list of the functions being
		// expanded starts empty).
		scope := &routineScope{name: f.Name, argNames: f.ArgNames, standard: f.StandardBody}
		if i == len(stmts)-1 && f.Ret != types.OidVoid {
			body.result = &functionResult{ret: f.Ret, out: call.Result}
			scope.result = body.result
		}
		pl, err := prepareIn(s.env, bst, f.Args, scope)
		if err != nil {
			return nil, startup(err)
		}
		if pl.rows != nil && pl.cols != nil {
			return nil, startup(errCallWithOutputs())
		}
		body.plans[i] = pl
	}
	if f.Ret != types.OidVoid && (len(stmts) == 0 || body.plans[len(stmts)-1].cols == nil) {
		return nil, startup(analyze.ErrNoFinalResult(catalogAdapter{s}, f.Ret))
	}
	if f.Volatility != expr.Volatile {
		for _, pl := range body.plans {
			if !pl.readOnly() {
				return nil, startup(pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed in a non-volatile function", pl.tag))
			}
		}
	}
	if s.functionBodies == nil {
		s.functionBodies = map[*expr.SQLFunctionCall]*functionBody{}
	}
	s.functionBodies[call] = body
	return body, nil
}

// readOnly is CommandIsReadOnly: a SELECT that neither locks rows nor
// has a data-modifying WITH. Utility statements count as writing.
func (p *Plan) readOnly() bool {
	if p.utility != nil || p.rows != nil {
		return false
	}
	st := p.state.Load()
	if st.command != plan.CmdSelect {
		return false
	}
	for _, l := range st.locks {
		if lmgr.LockMode(l.Mode) > lmgr.AccessShareLock {
			return false
		}
	}
	return true
}
