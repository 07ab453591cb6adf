// This file runs CALL and checks the bodies of LANGUAGE sql procedures
// (PostgreSQL's ExecuteCallStmt and functions.c): the procedure is
// resolved as analyze.AnalyzeCall does, its arguments evaluated, and
// each statement of its body prepared with the input arguments as its
// parameters ($1 or by name) and run in turn in the caller's
// transaction. A procedure with OUT or INOUT parameters returns one
// row, the first row of its final statement.

package sql

import (
	"context"
	"fmt"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// routineScope is what a statement of a SQL routine's body is analyzed
// with: the routine's name and input parameter names, and for the final
// statement of a procedure with output parameters their types, which
// its result is coerced to.
type routineScope struct {
	name     string
	oid      uint32 // 0 for a procedure
	argNames []string
	outTypes []uint32
	// result is set for the final statement of a SQL function that
	// returns a value (sqlfunctions.go).
	result *functionResult
	// standard: the body is SQL-standard, analyzed (and its WARNINGs
	// given) when the routine was created.
	standard bool
}

// callDepthKey is the context key of how many CALLs enclose a
// statement.
type callDepthKey struct{}

// maxCallDepth bounds nested CALLs as check_stack_depth bounds them in
// PostgreSQL, which spends some 8 kB of its 2 MB stack on a level of
// SQL procedure.
const maxCallDepth = parser.DefaultMaxStackDepth / 8

// analyzable reports whether CREATE checks a body statement by
// analyzing it: the optimizable statements (utility statements are
// analyzed when they run).
func analyzable(st Statement) bool {
	switch n := st.Node().GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		// SELECT INTO is CREATE TABLE AS, a utility statement.
		return n.SelectStmt.IntoClause == nil
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		return true
	}
	return false
}

// checkProcedureBody is fmgr_sql_validator for a procedure: every
// statement of the body that can be analyzed must be, with the input
// parameters; with output parameters, the final statement must return
// them.
func (s *sqlCtx) checkProcedureBody(name, body string, params *routineParams) error {
	if params.outTypes == nil {
		return s.checkRoutineBody(0, name, body, params, types.OidRecord, nil)
	}
	return s.checkRoutineBody(0, name, body, params, types.OidRecord, func(q *plan.Query) error {
		return analyze.CoerceRoutineResult(catalogAdapter{s}, q, params.outTypes, s.formatOptions())
	})
}

// checkFunctionBody is fmgr_sql_validator for a function whose body runs
// statement by statement: the final statement must return the declared
// type ret (rows of the columns out, when its OUT parameters define
// them) unless the function returns void.
func (s *sqlCtx) checkFunctionBody(oid uint32, name, body string, params *routineParams, ret uint32, out *types.RowDesc) error {
	if ret == types.OidVoid {
		return s.checkRoutineBody(oid, name, body, params, ret, nil)
	}
	return s.checkRoutineBody(oid, name, body, params, ret, func(q *plan.Query) error {
		_, err := analyze.FunctionResult(catalogAdapter{s}, q, name, ret, out, s.formatOptions())
		return err
	})
}

// checkRoutineBody analyzes every statement of the body of the routine
// name (pg_proc oid) that can be analyzed, with the input parameters;
// result, unless nil, checks the final statement's rows, which it must
// then have (the routine returns ret).
func (s *sqlCtx) checkRoutineBody(oid uint32, name, body string, params *routineParams, ret uint32, result func(q *plan.Query) error) error {
	stmts, err := parser.Parse(body)
	if err != nil {
		return err
	}
	scope := &routineScope{name: name, oid: oid, argNames: params.inNames}
	for i, st := range stmts {
		if cs := st.Node().GetCallStmt(); cs != nil {
			c, _, err := s.analyzeCall(st, cs, params.inTypes, true, scope)
			if err != nil {
				return err
			}
			if c.outputs() != nil {
				return routineCreateContext(errCallWithOutputs(), name)
			}
			continue
		}
		if !analyzable(st) {
			continue
		}
		q, _, err := analyze.AnalyzeInRoutine(catalogAdapter{s}, st.Query, st.Node(), params.inTypes, oid, name, params.inNames, s.formatOptions())
		if err != nil {
			return err
		}
		if i == len(stmts)-1 && result != nil {
			if err := result(q); err != nil {
				return routineCreateContext(err, name)
			}
		}
	}
	if result != nil && (len(stmts) == 0 || !analyzable(stmts[len(stmts)-1])) {
		return routineCreateContext(analyze.ErrNoFinalResult(catalogAdapter{s}, ret), name)
	}
	return nil
}

// errCallWithOutputs refuses a CALL of a procedure with output
// parameters in a SQL routine's body (check_sql_fn_statements).
func errCallWithOutputs() error {
	return pgerr.New(pgerr.FeatureNotSupported, "calling procedures with output arguments is not supported in SQL functions")
}

// routineCreateContext is the CONTEXT of an error CREATE finds in a
// routine's body as a whole.
func routineCreateContext(err error, name string) error {
	pe := pgerr.As(err)
	if pe == nil {
		return err
	}
	cp := *pe
	cp.Where = fmt.Sprintf("SQL function \"%s\"", name)
	return &cp
}

// procedureCall is a CALL's analysis: the procedure's pg_proc row and
// the call's arguments, one per parameter.
type procedureCall struct {
	proc *catalog.Proc
	args []expr.Expr
}

// outputs returns the procedure's output columns (OUT and INOUT
// parameters, named column1, ... when unnamed), nil if it has none.
func (c *procedureCall) outputs() []plan.Column {
	var cols []plan.Column
	for i, m := range c.proc.ArgModes {
		if m != 'o' && m != 'b' {
			continue
		}
		name := ""
		if i < len(c.proc.ArgNames) {
			name = c.proc.ArgNames[i]
		}
		if name == "" {
			name = fmt.Sprintf("column%d", len(cols)+1)
		}
		col := plan.Column{Name: name, TypeOID: c.proc.AllArgTypes[i], TypeMod: -1}
		if ti := types.ByOID(col.TypeOID); ti != nil {
			col.TypeLen = ti.Len
		}
		cols = append(cols, col)
	}
	return cols
}

// analyzeCall resolves CALL's procedure; paramTypes are the types of
// the statement's parameters, fixed unless it is being prepared, and
// routine the SQL routine whose body holds the CALL, nil for none.
func (s *sqlCtx) analyzeCall(st Statement, cs *pg_query.CallStmt, paramTypes []uint32, fixed bool, routine *routineScope) (*procedureCall, []uint32, error) {
	var name string
	var argNames []string
	if routine != nil {
		name, argNames = routine.name, routine.argNames
	}
	fe, params, err := analyze.AnalyzeCall(catalogAdapter{s}, st.Query, cs.Funccall, paramTypes, fixed, name, argNames, s.formatOptions())
	if err != nil {
		return nil, nil, err
	}
	p, err := s.syscache().ProcByOID(fe.Func.OID)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return nil, nil, pgerr.Newf(pgerr.InternalError, "cache lookup failed for function %d", fe.Func.OID)
	}
	if p.Lang != catalog.LangSQL {
		return nil, nil, pgerr.Newf(pgerr.FeatureNotSupported, "procedures of language OID %d are not supported", p.Lang)
	}
	return &procedureCall{proc: p, args: fe.Args}, params, nil
}

// call runs CALL: the arguments are evaluated, the body's statements
// prepared (errors then are "during startup") and run one after the
// other; a procedure with output parameters emits the first row of its
// final statement.
// callParams are the CALL statement's own parameters ($1 in the
// extended protocol) and their types.
// described are the result columns the CALL was prepared with.
func (s *sqlCtx) call(st Statement, cs *pg_query.CallStmt, paramTypes []uint32, routine *routineScope, described []Column,
	callParams []types.Datum, emit func(row []types.Datum) error) (string, error) {
	c, _, err := s.analyzeCall(st, cs, paramTypes, true, routine)
	if err != nil {
		return "", err
	}
	if outs := c.outputs(); (outs == nil) != (described == nil) || !SameColumns(s.wireColumns(outs), described) {
		return "", pgerr.New(pgerr.FeatureNotSupported, "cached plan must not change result type")
	}
	depth, _ := s.ctx.Value(callDepthKey{}).(int)
	if depth >= maxCallDepth {
		return "", parser.ErrStackDepth(parser.DefaultMaxStackDepth)
	}
	bodyCtx := context.WithValue(s.ctx, callDepthKey{}, depth+1)
	p := c.proc
	ec := &expr.EvalContext{Ctx: s.ctx, Session: s.env, Params: callParams, Format: s.formatOptions(), Catalog: names{s}}
	var inTypes []uint32
	var inNames []string
	var params []types.Datum
	named := false
	for i, a := range c.args {
		mode := byte('i')
		if p.ArgModes != nil {
			mode = p.ArgModes[i]
		}
		eval, err := expr.Compile(a)
		if err != nil {
			return "", err
		}
		v, err := eval(ec, nil)
		if err != nil {
			return "", err
		}
		if mode == 'o' {
			continue
		}
		params = append(params, v)
		inTypes = append(inTypes, a.Type())
		name := ""
		if i < len(p.ArgNames) {
			name = p.ArgNames[i]
		}
		inNames = append(inNames, name)
		named = named || name != ""
	}
	if !named {
		inNames = nil
	}
	outs := c.outputs()
	var outTypes []uint32
	for _, col := range outs {
		outTypes = append(outTypes, col.TypeOID)
	}

	var result []types.Datum
	run := func() error {
		src := p.Src
		if p.SQLBody != "" {
			// A SQL-standard body (sqlbody.go).
			src = p.SQLBody
		}
		stmts, err := parser.Parse(src)
		if err != nil {
			return analyze.RoutineContextIn(err, p.Name, src, 0)
		}
		plans := make([]*Plan, len(stmts))
		for i, bst := range stmts {
			if bst.Node().GetTransactionStmt() != nil {
				return analyze.RoutineContext(pgerr.Newf(pgerr.FeatureNotSupported, "%s is not allowed in an SQL function", bst.Tag()), p.Name, 0)
			}
			scope := &routineScope{name: p.Name, argNames: inNames, standard: p.SQLBody != ""}
			if i == len(stmts)-1 && outs != nil {
				scope.outTypes = outTypes
			}
			if plans[i], err = prepareIn(s.env, bst, inTypes, scope); err != nil {
				return analyze.RoutineContextIn(err, p.Name, src, 0)
			}
			if plans[i].rows != nil && plans[i].cols != nil {
				return analyze.RoutineContext(errCallWithOutputs(), p.Name, 0)
			}
		}
		if outs != nil && (len(plans) == 0 || plans[len(plans)-1].cols == nil) {
			return analyze.RoutineContext(pgerr.New(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return record").
				WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING."), p.Name, 0)
		}
		for i, pl := range plans {
			var bodyParams []types.Datum
			if pl.utility == nil && len(pl.params) <= len(params) {
				bodyParams = params[:len(pl.params)]
			}
			// READ COMMITTED: each statement sees what committed before it.
			s.tx.ForgetSnapshot()
			if name, writes := pl.writesAs(); writes {
				if err := s.requireWritable(name); err != nil {
					return analyze.RoutineContext(err, p.Name, i+1)
				}
			}
			last := i == len(plans)-1
			_, err := pl.Execute(bodyCtx, s.env, bodyParams, func(row []types.Datum) error {
				if last && outs != nil && result == nil {
					result = row
				}
				return nil
			})
			if err != nil {
				return analyze.RoutineContextIn(err, p.Name, src, i+1)
			}
		}
		return nil
	}
	if len(p.Config) > 0 {
		// The SET clauses hold while the body is analyzed and run.
		err = s.env.RunWithSettings(p.Config, run)
	} else {
		err = run()
	}
	if err != nil {
		return "", err
	}
	if outs != nil {
		if result == nil {
			return "", pgerr.New(pgerr.InternalError, "procedure returned null record")
		}
		if err := emit(result); err != nil {
			return "", err
		}
	}
	return "CALL", nil
}

// writesAs reports whether a statement of a procedure's body writes, and
// its name in "cannot execute %s in a read-only transaction": the checks
// the backend makes of a statement it is sent (PreventCommandIfReadOnly,
// ExecCheckXactReadOnly) are made for the body's statements here. A
// nested CALL checks its own statements.
func (p *Plan) writesAs() (string, bool) {
	if p.rows != nil {
		return "", false
	}
	if p.utility != nil {
		return p.tag, true
	}
	st := p.state.Load()
	if p.WritesOnlyTemporaryTables() {
		return "", false
	}
	if st.command != plan.CmdSelect {
		return p.tag, true
	}
	for _, l := range st.locks {
		if lmgr.LockMode(l.Mode) >= lmgr.RowExclusiveLock {
			// A data-modifying WITH.
			return "SELECT", true
		}
	}
	return "", false
}
