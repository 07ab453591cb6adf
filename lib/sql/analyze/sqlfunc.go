// This file analyzes the bodies of LANGUAGE sql functions users create
// (PostgreSQL's functions.c and check_sql_fn_retval): the body's one
// SELECT of one expression is analyzed with the function's arguments as
// parameters ($1 or by name) and coerced to the declared result type, and
// each call evaluates it with the call's argument values. The body of a
// set-returning function, or one that reads tables, is a query of its own,
// planned once per calling statement and run by each call
// (analyzeQueryBody, sqlQueryFunctionCall). Any other body (several
// statements, DML, a void result) and a call of a function inside its
// own expansion are left to the session's SQLFunctionRunner, which runs
// the body statement by statement when called (sqlStatementsCall; the
// SQL layer's sqlfunctions.go); FunctionResult checks its final
// statement.

package analyze

import (
	"errors"
	"fmt"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxSQLFunctionNesting bounds how deeply the bodies of SQL functions
// calling SQL functions are expanded where they are called; deeper calls
// run their bodies when called (runsByStatement).
const maxSQLFunctionNesting = 32

// sqlFunction is the SQL function whose body a level analyzes.
type sqlFunction struct {
	name     string
	oid      uint32 // 0 when unknown (a procedure's CALL)
	argNames []string
	nesting  int
	// parent is the function whose body calls this one where it is
	// expanded, nil at the top.
	parent *sqlFunction
	// out are the columns of a function returning record whose OUT
	// parameters define them, nil otherwise.
	out *types.RowDesc
	// defining is set while a SQL-standard body is analyzed by CREATE
	// or for printing rather than to run it: what PostgreSQL's planner
	// checks (ON CONFLICT's arbiter indexes) is checked when it runs.
	defining bool
	// quiet: the body is SQL-standard, analyzed (and its WARNINGs
	// given) when it was created; PostgreSQL keeps it analyzed.
	quiet bool
}

// calls reports whether the function oid is f or one of the functions
// whose bodies f's expansion is in: a call of it is recursive, and is
// not expanded but run when called (inline_function's check of the
// active functions).
func (f *sqlFunction) calls(oid uint32) bool {
	for p := f; p != nil; p = p.parent {
		if p.oid == oid && oid != 0 {
			return true
		}
	}
	return false
}

// BodyRunsByStatement reports whether a SQL function's body runs
// statement by statement when it is called (fmgr_sql) rather than being
// expanded into the calling statement or planned as a query of its own:
// a body of several statements, or of a statement other than SELECT, or
// the body of a function returning void, or a SELECT with a
// data-modifying WITH. A body that does not parse is
// left to the analysis that reports the error.
func BodyRunsByStatement(body string, ret uint32) bool {
	stmts, err := parser.Parse(body)
	return err == nil && statementsRunByStatement(stmts, ret)
}

// statementsRunByStatement is BodyRunsByStatement of a parsed body.
func statementsRunByStatement(stmts []parser.Statement, ret uint32) bool {
	if ret == types.OidVoid || len(stmts) != 1 {
		return true
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || sel.IntoClause != nil {
		return true
	}
	// A data-modifying WITH makes the SELECT a writing statement, which
	// only a volatile function may run (init_execution_state).
	for _, c := range sel.GetWithClause().GetCtes() {
		if c.GetCommonTableExpr().GetCtequery().GetSelectStmt() == nil {
			return true
		}
	}
	return false
}

// runsByStatement reports whether a call of the SQL function f at this
// level runs its body statement by statement when called instead of
// expanding it here: a body BodyRunsByStatement says so of, a recursive
// call, a call nested too deeply in expanded bodies, a call of a
// function with SET clauses (they hold around the call only, as
// fmgr_security_definer applies them), or a call of a
// volatile function returning one value whose SELECT reads tables or has
// a subquery. PostgreSQL cannot inline that last one (inline_function
// takes no FROM and no sublinks), and fmgr_sql gives each statement of a
// volatile function a new command id and snapshot, so that it sees what
// the calling statement has written so far (an INSERT ... SELECT f()
// whose f counts the target's rows); the statement-by-statement run does
// that (RunSQLFunction).
func (s *state) runsByStatement(f *expr.Func) bool {
	if s.fn.calls(f.OID) || s.nesting() >= maxSQLFunctionNesting || len(f.Config) > 0 {
		return true
	}
	// A body that does not parse is left to the analysis that reports
	// the error.
	stmts, err := parser.Parse(f.Src)
	if err != nil {
		return false
	}
	return statementsRunByStatement(stmts, f.Ret) || f.Volatility == expr.Volatile && !f.RetSet && readsRelations(stmts)
}

// readsRelations reports whether a body of one SELECT has a FROM clause
// or a subquery.
func readsRelations(stmts []parser.Statement) bool {
	if len(stmts) != 1 {
		return false
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil {
		return false
	}
	if len(sel.FromClause) > 0 {
		return true
	}
	found := false
	walkRaw(sel, func(m pg_query.Message) bool {
		if _, ok := m.(*pg_query.SubLink); ok {
			found = true
		}
		return !found
	})
	return found
}

// OutDesc returns the row type that OUT parameters named names and typed
// typs define for a function returning ret, nil when they define none
// (ret is then the one OUT parameter's type, or there is none).
func OutDesc(ret uint32, names []string, typs []uint32) *types.RowDesc {
	if ret != types.OidRecord || len(typs) == 0 {
		return nil
	}
	d := &types.RowDesc{Types: typs, Mods: make([]int32, len(typs))}
	for i := range typs {
		d.Mods[i] = -1
		n := ""
		if i < len(names) {
			n = names[i]
		}
		if n == "" {
			// A column without a name is called after its position.
			n = "column" + itoa(i+1)
		}
		d.Names = append(d.Names, n)
	}
	return d
}

// resultDesc returns the fields of the composite type ret that the
// function being analyzed returns.
func (s *state) resultDesc(ret uint32) *types.RowDesc {
	if ret == types.OidRecord && s.fn != nil && s.fn.out != nil {
		return s.fn.out
	}
	return s.rowDesc(ret)
}

// param returns the argument called by names (name or
// function_name.name), or nil.
func (f *sqlFunction) param(names []string, typs []uint32, loc int32) expr.Expr {
	if f == nil || len(names) > 2 || len(names) == 2 && names[0] != f.name {
		return nil
	}
	for i, n := range f.argNames {
		if n != "" && n == names[len(names)-1] && i < len(typs) {
			return &expr.Param{Index: i, Typ: typs[i], Mod: -1, Loc: loc}
		}
	}
	return nil
}

// AnalyzeFunctionBody analyzes the body of a LANGUAGE sql function
// called name (pg_proc oid) taking argTypes (named argNames, "" for none) and
// returning ret (a set of them if retSet; outNames and outTypes are its
// OUT parameters), as CREATE FUNCTION validates it.
func AnalyzeFunctionBody(cat Catalog, oid uint32, name, body string, argTypes []uint32, argNames []string, ret uint32, retSet bool, outNames []string, outTypes []uint32, format *types.FormatOptions) error {
	fn := &sqlFunction{name: name, oid: oid, argNames: argNames, out: OutDesc(ret, outNames, outTypes)}
	if retSet {
		_, err := analyzeQueryBody(cat, fn, body, argTypes, ret, format)
		return err
	}
	_, err := analyzeFunctionBody(cat, fn, body, argTypes, ret, format)
	if err == errBodyQuery {
		_, err = analyzeQueryBody(cat, fn, body, argTypes, ret, format)
	}
	return err
}

// errBodyQuery says that a function body is more than expressions that
// can be expanded where the function is called: it runs as a query of
// its own (analyzeQueryBody).
var errBodyQuery = errors.New("the SQL function body is a query")

func analyzeFunctionBody(cat Catalog, fn *sqlFunction, body string, argTypes []uint32, ret uint32, format *types.FormatOptions) (expr.Expr, error) {
	if fn.nesting > maxSQLFunctionNesting {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function \"%s\" nests SQL function calls too deeply (recursive SQL functions are not supported yet)", fn.name)
	}
	stmts, err := parser.Parse(body)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function bodies of %d statements are not supported yet", len(stmts))
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || sel.Op != pg_query.SetOperation_SETOP_NONE || len(sel.FromClause) > 0 || sel.WhereClause != nil ||
		len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.SortClause) > 0 || sel.LimitCount != nil ||
		sel.LimitOffset != nil || len(sel.ValuesLists) > 0 || sel.WithClause != nil || len(sel.DistinctClause) > 0 ||
		sel.IntoClause != nil || len(sel.LockingClause) > 0 || len(sel.WindowClause) > 0 {
		return nil, errBodyQuery
	}
	s := &state{shared: &shared{query: stmts[0].Query, cat: cat, format: format, fixed: true,
		params: append([]uint32(nil), argTypes...), fn: fn}}
	if ret == types.OidRecord && fn.out == nil {
		// A record of the body's own columns.
		return nil, errBodyQuery
	}
	if fn.out != nil || ret != types.OidRecord && s.isRowType(ret) && len(sel.TargetList) != 1 {
		return s.functionRowResult(sel.TargetList, ret)
	}
	if len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", types.FormatType(ret, -1)).
			WithDetail("Final statement must return exactly one column.")
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && rt.Val.GetColumnRef().Fields[len(rt.Val.GetColumnRef().Fields)-1].GetAStar() != nil {
		return nil, errBodyQuery
	}
	e, err := s.transformBodyTarget(rt.Val)
	if err != nil {
		return nil, err
	}
	sub := false
	walk(e, func(x expr.Expr) {
		if _, ok := x.(*expr.SubLink); ok {
			sub = true
		}
	})
	if sub {
		return nil, errBodyQuery
	}
	// check_sql_fn_retval: the result is coerced to the declared type in
	// assignment context.
	if t := resolvedType(e); t != ret && !s.canCoerce([]uint32{t}, []uint32{ret}, ccAssignment) {
		return nil, pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", s.typeName(ret)).
			WithDetail("Actual return type is %s.", s.typeName(t))
	}
	e, err = s.coerceToTarget(e, ret, -1, ccAssignment, expr.Location(e))
	if err != nil {
		return nil, err
	}
	return e, s.lookupErr
}

// sqlRecordCall is sqlFunctionCall for a set-returning function
// returning record called in FROM with the column definition list cols:
// its body's columns are checked against and coerced to the list's, as
// to OUT parameters (check_sql_fn_retval with the call's row type).
func (s *state) sqlRecordCall(f *expr.Func, cols []expr.RecordColumn) (*expr.Func, error) {
	d := &types.RowDesc{}
	for _, c := range cols {
		d.Names, d.Types, d.Mods = append(d.Names, c.Name), append(d.Types, c.Type), append(d.Mods, c.Mod)
	}
	fn := &sqlFunction{name: f.Name, oid: f.OID, argNames: f.ArgNames, nesting: s.nesting() + 1, out: d, parent: s.fn, quiet: f.StandardBody}
	if s.runsByStatement(f) {
		return oneRow(s.sqlStatementsCall(f, d), len(cols)), nil
	}
	saved := s.kind
	s.kind = exprFromFunction
	g, err := s.sqlQueryFunctionCall(f, fn)
	s.kind = saved
	if err != nil {
		// PostgreSQL finds it when the call starts, or while it inlines
		// the call.
		phase := 0
		if inlinedInFrom(f) {
			phase = -1
		}
		return nil, RoutineContext(err, f.Name, phase)
	}
	g.RecordFunc = nil
	return oneRow(g, len(cols)), nil
}

// oneRow gives a function returning one record, called in FROM with a
// column definition list of n columns, the one row of its fields (all NULL for a NULL
// record); set-returning functions are returned as they are.
func oneRow(f *expr.Func, n int) *expr.Func {
	if f.RetSet || f.Impl == nil {
		return f
	}
	impl := f.Impl
	g := *f
	g.RowSRF = func(ec *expr.EvalContext, args []types.Datum) (func() ([]types.Datum, bool, error), error) {
		v, err := impl(ec, args)
		if err != nil {
			return nil, err
		}
		return expr.OneRow(recordFields(v, n)), nil
	}
	return &g
}

// recordFields are the fields of a record value of n fields, n NULLs for
// a NULL record.
func recordFields(v types.Datum, n int) []types.Datum {
	if v.IsNull() {
		return make([]types.Datum, n)
	}
	return append([]types.Datum(nil), v.Record().Values...)
}

// RoutineContext is err with the CONTEXT line of an error in the body
// of the SQL routine name (sql_exec_error_callback); statement counts
// from 1, 0 while the body is prepared, -1 while a call of it is inlined
// into the statement (sql_inline_error_callback).
func RoutineContext(err error, name string, statement int) error {
	return RoutineContextIn(err, name, "", statement)
}

// RoutineContextIn is RoutineContext for an error in the routine's body
// src: a position in it becomes the error's internal position in src
// (sql_exec_error_callback), shown as the QUERY the error is in.
func RoutineContextIn(err error, name, src string, statement int) error {
	pe := pgerr.As(err)
	if pe == nil {
		return err
	}
	cp := *pe
	if cp.Position != 0 && src != "" {
		cp.InternalPosition, cp.InternalQuery = cp.Position, src
	}
	cp.Position = 0
	line := fmt.Sprintf("SQL function \"%s\" during startup", name)
	if statement > 0 {
		line = fmt.Sprintf("SQL function \"%s\" statement %d", name, statement)
	} else if statement < 0 {
		line = fmt.Sprintf("SQL function \"%s\" during inlining", name)
	}
	// Each enclosing call adds its line below the inner ones'.
	if cp.Where != "" {
		line = cp.Where + "\n" + line
	}
	cp.Where = line
	return &cp
}

// inlinedInFrom reports whether PostgreSQL inlines a call of f in FROM
// into the statement (inline_set_returning_function): a set-returning
// function neither volatile nor strict.
func inlinedInFrom(f *expr.Func) bool {
	return f.RetSet && f.Volatility != expr.Volatile && !f.Strict && len(f.Config) == 0
}

// nesting is how deeply the level's SQL function bodies are nested.
func (s *state) nesting() int {
	if s.fn != nil {
		return s.fn.nesting
	}
	return 0
}

// sqlFunctionCall returns f with an implementation that evaluates its
// body: a LANGUAGE sql function's body is analyzed where it is called.
func (s *state) sqlFunctionCall(f *expr.Func, loc int32) (*expr.Func, error) {
	fn := &sqlFunction{name: f.Name, oid: f.OID, argNames: f.ArgNames, nesting: s.nesting() + 1, out: OutDesc(f.Ret, f.OutNames, f.OutTypes), parent: s.fn, quiet: f.StandardBody}
	if s.runsByStatement(f) {
		return s.sqlStatementsCall(f, fn.out), nil
	}
	var g *expr.Func
	var body expr.Expr
	var err error
	if f.RetSet {
		g, err = s.sqlQueryFunctionCall(f, fn)
	} else if body, err = analyzeFunctionBody(s.cat, fn, f.Src, f.Args, f.Ret, s.format); err == errBodyQuery {
		g, err = s.sqlQueryFunctionCall(f, fn)
	}
	if err != nil {
		if pe := pgerr.As(err); pe != nil && pe.Position != 0 {
			// The position is in the body, not in this statement.
			cp := *pe
			cp.Position = 0
			return nil, &cp
		}
		return nil, s.errorAt(err, loc)
	}
	if g != nil {
		return g, nil
	}
	h := *f
	h.Bind = func([]uint32, uint32) expr.Impl {
		eval, err := expr.Compile(body)
		return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			if err != nil {
				return types.Null, err
			}
			outer := ec.Params
			ec.Params = args
			v, err := eval(ec, nil)
			ec.Params = outer
			return v, err
		}
	}
	return &h, nil
}

// resolvedType is the type of a column of a body's final SELECT: an
// unknown literal there is text, as PostgreSQL resolves it before
// check_sql_fn_retval compares it with the result type.
func resolvedType(e expr.Expr) uint32 {
	if t := e.Type(); t != types.OidUnknown {
		return t
	}
	return types.OidText
}

// functionRowResult is check_sql_fn_retval for a function returning a
// composite type whose body's SELECT lists the fields: each column is
// coerced to its field's type in assignment context and the row is of
// the declared type.
func (s *state) functionRowResult(targets []*pg_query.Node, ret uint32) (expr.Expr, error) {
	desc := s.resultDesc(ret)
	mismatch := func() *pgerr.Error {
		e := pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", s.typeName(ret))
		e.Where = "SQL function \"" + s.fn.name + "\""
		return e
	}
	row := &expr.RowExpr{Typ: ret, Desc: desc, Loc: -1}
	for i, n := range targets {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil || rt.Val.GetColumnRef() != nil && rt.Val.GetColumnRef().Fields[len(rt.Val.GetColumnRef().Fields)-1].GetAStar() != nil {
			return nil, errBodyQuery
		}
		if desc == nil || i >= len(desc.Types) {
			return nil, mismatch().WithDetail("Final statement returns too many columns.")
		}
		e, err := s.transformBodyTarget(rt.Val)
		if err != nil {
			return nil, err
		}
		if t := resolvedType(e); t != desc.Types[i] && !s.canCoerce([]uint32{t}, []uint32{desc.Types[i]}, ccAssignment) {
			return nil, mismatch().WithDetail("Final statement returns %s instead of %s at column %d.", s.typeName(t), s.typeName(desc.Types[i]), i+1)
		}
		if e, err = s.coerceToTarget(e, desc.Types[i], desc.Mods[i], ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
		row.Args = append(row.Args, e)
	}
	if len(row.Args) < len(desc.Types) {
		return nil, mismatch().WithDetail("Final statement returns too few columns.")
	}
	var bad error
	walk(row, func(x expr.Expr) {
		if _, ok := x.(*expr.SubLink); ok {
			bad = errBodyQuery
		}
	})
	if bad != nil {
		return nil, bad
	}
	return row, nil
}

// BodyResult is how a row of the final statement of a SQL function's
// body becomes the function's value (check_sql_fn_retval's outcome).
type BodyResult struct {
	// Col is the row's one column when it is the value itself (Desc
	// nil).
	Col int
	// Cols are the row's columns that are the fields of a composite
	// value of row type Desc, when the statement lists the fields.
	Cols []int
	Desc *types.RowDesc
}

// fields are the row's columns that make the function's value.
func (r *BodyResult) fields(row []types.Datum) []types.Datum {
	if r.Desc == nil {
		return row[r.Col : r.Col+1]
	}
	vals := make([]types.Datum, len(r.Cols))
	for j, i := range r.Cols {
		vals[j] = row[i]
	}
	return vals
}

// value is the function's value made of fields.
func (r *BodyResult) value(vals []types.Datum) types.Datum {
	if r.Desc == nil {
		return vals[0]
	}
	return types.RecordDatum(&types.Record{Desc: r.Desc, Values: vals})
}

// Value is the function's value for a row of the final statement.
func (r *BodyResult) Value(row []types.Datum) types.Datum { return r.value(r.fields(row)) }

// queryBody is the analyzed body of a set-returning SQL function: the
// query whose rows are the function's, and how a row of it becomes the
// function's value.
type queryBody struct {
	query *plan.Query
	BodyResult
}

// analyzeQueryBody is check_sql_fn_retval for a function whose body
// runs as a query (a set-returning one, or one whose body reads tables):
// the body's one statement, a SELECT, is analyzed as a query whose
// parameters are the arguments, and its columns are checked against and
// coerced to the declared result type in assignment context. Every row
// of the query is a row of a set-returning function's result, in the
// order the query gives; other functions return the first row's value,
// NULL without one.
func analyzeQueryBody(cat Catalog, fn *sqlFunction, body string, argTypes []uint32, ret uint32, format *types.FormatOptions) (*queryBody, error) {
	if fn.nesting > maxSQLFunctionNesting {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function \"%s\" nests SQL function calls too deeply (recursive SQL functions are not supported yet)", fn.name)
	}
	stmts, err := parser.Parse(body)
	if err != nil {
		return nil, err
	}
	if len(stmts) != 1 {
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function bodies of %d statements are not supported yet", len(stmts))
	}
	if stmts[0].Node().GetSelectStmt() == nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SQL function bodies other than one SELECT are not supported yet")
	}
	if sel := stmts[0].Node().GetSelectStmt(); sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO in SQL function bodies is not supported")
	}
	q, _, err := analyze(cat, stmts[0].Query, stmts[0].Node(), argTypes, format, true, fn)
	if err != nil {
		return nil, err
	}
	s := &state{shared: &shared{query: stmts[0].Query, cat: cat, format: format, fixed: true, fn: fn}}
	r, err := s.bodyResult(q, ret)
	if err != nil {
		return nil, err
	}
	return &queryBody{query: q, BodyResult: *r}, nil
}

// FunctionResult is check_sql_fn_retval for q, the final statement of
// the body of the SQL function name returning ret (not void): a SELECT,
// or an INSERT, UPDATE or DELETE with RETURNING, whose columns are
// checked against the result type and coerced to it in assignment
// context. out are the columns of its rows when its OUT parameters or
// the call's column definition list define them, nil otherwise.
func FunctionResult(cat Catalog, q *plan.Query, name string, ret uint32, out *types.RowDesc, format *types.FormatOptions) (*BodyResult, error) {
	s := &state{shared: &shared{cat: cat, format: format, fixed: true, fn: &sqlFunction{name: name, out: out}}}
	if q.Command != plan.CmdSelect && q.Returning == nil {
		return nil, errNoFinalResult(s.typeName(ret))
	}
	return s.bodyResult(q, ret)
}

// errNoFinalResult is check_sql_fn_retval's error for a body whose final
// statement returns no rows.
func errNoFinalResult(ret string) *pgerr.Error {
	return pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", ret).
		WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.")
}

// ErrNoFinalResult is errNoFinalResult for a SQL function returning the
// type ret.
func ErrNoFinalResult(cat Catalog, ret uint32) error {
	s := &state{shared: &shared{cat: cat, fixed: true}}
	return errNoFinalResult(s.typeName(ret))
}

// bodyResult checks the columns of q, the final statement of the body
// of s.fn, against the result type ret and coerces them to it.
func (s *state) bodyResult(q *plan.Query, ret uint32) (*BodyResult, error) {
	fn := s.fn
	targets := q.Targets
	if q.Command != plan.CmdSelect {
		targets = q.Returning
	}
	var visible []int
	for i, t := range targets {
		if !t.Junk {
			visible = append(visible, i)
		}
	}
	mismatch := func() *pgerr.Error {
		return pgerr.Newf(pgerr.InvalidFunctionDefinition, "return type mismatch in function declared to return %s", s.typeName(ret))
	}
	coerce := func(i int, typ uint32, mod int32) error {
		e, err := s.coerceToTarget(targets[i].Expr, typ, mod, ccAssignment, expr.Location(targets[i].Expr))
		if err != nil {
			return err
		}
		targets[i].Expr = e
		return s.lookupErr
	}
	sb := &BodyResult{}
	if ret == types.OidRecord && fn.out == nil {
		// A record of the statement's own columns (a call in FROM checks
		// them against its column definition list).
		sb.Cols, sb.Desc = visible, &types.RowDesc{}
		for _, i := range visible {
			t := targets[i]
			if len(visible) == 1 && s.isRowType(t.Expr.Type()) {
				return nil, notSupported("SQL functions returning record whose body returns one composite column")
			}
			sb.Desc.Names = append(sb.Desc.Names, t.Name)
			sb.Desc.Types = append(sb.Desc.Types, t.Expr.Type())
			sb.Desc.Mods = append(sb.Desc.Mods, t.Expr.Typmod())
		}
		return sb, nil
	}
	if len(visible) == 1 && fn.out == nil {
		// One column: the value itself when it coerces to the result
		// type (a composite result may also be one column of that type).
		sb.Col = visible[0]
		t := targets[sb.Col].Expr.Type()
		if t == ret || s.canCoerce([]uint32{t}, []uint32{ret}, ccAssignment) {
			return sb, coerce(sb.Col, ret, -1)
		}
		if !s.isRowType(ret) {
			return nil, mismatch().WithDetail("Actual return type is %s.", s.typeName(t))
		}
	} else if !s.isRowType(ret) {
		return nil, mismatch().WithDetail("Final statement must return exactly one column.")
	}
	desc := s.resultDesc(ret)
	if desc == nil {
		return nil, notSupported("SQL functions returning this composite type")
	}
	for j, i := range visible {
		if j >= len(desc.Types) {
			return nil, mismatch().WithDetail("Final statement returns too many columns.")
		}
		t := targets[i].Expr.Type()
		if t != desc.Types[j] && !s.canCoerce([]uint32{t}, []uint32{desc.Types[j]}, ccAssignment) {
			return nil, mismatch().WithDetail("Final statement returns %s instead of %s at column %d.", s.typeName(t), s.typeName(desc.Types[j]), j+1)
		}
		if err := coerce(i, desc.Types[j], desc.Mods[j]); err != nil {
			return nil, err
		}
	}
	if len(visible) < len(desc.Types) {
		return nil, mismatch().WithDetail("Final statement returns too few columns.")
	}
	sb.Cols, sb.Desc = visible, desc
	return sb, nil
}

// sqlQueryFunctionCall is sqlFunctionCall for a body that runs as a
// query: the call's implementation runs the body's plan with the call's
// arguments as its parameters and streams its rows (the executor pulls
// them one by one; none is kept beyond what the body's plan keeps), or
// for a function that is not set-returning reads its first row.
func (s *state) sqlQueryFunctionCall(f *expr.Func, fn *sqlFunction) (*expr.Func, error) {
	sb, err := analyzeQueryBody(s.cat, fn, f.Src, f.Args, f.Ret, s.format)
	if err != nil {
		return nil, err
	}
	// The statement locks and checks what the body reads.
	for _, t := range sb.query.Tables {
		s.noteTable(t)
	}
	s.userTypes = s.userTypes || sb.query.UserTypes
	body := plan.Build(sb.query)
	// Errors while the body runs name it, unless PostgreSQL would have
	// inlined the call into the statement (inline_set_returning_function:
	// a FROM item calling a function neither volatile nor strict).
	inlined := s.kind == exprFromFunction && inlinedInFrom(f)
	inContext := func(err error) error {
		if err == nil || inlined {
			return err
		}
		return RoutineContext(err, f.Name, 1)
	}
	// rows runs the body for one call: its rows, each reduced to the
	// function's columns (the value itself for a scalar result).
	rows := func(ec *expr.EvalContext, args []types.Datum) (func() ([]types.Datum, bool, error), error) {
		if ec.Subqueries == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "SQL functions whose body reads tables are not supported here")
		}
		params := append([]types.Datum(nil), args...)
		outer := ec.Params
		ec.Params = params
		next, err := ec.Subqueries.OpenSubquery(body)
		ec.Params = outer
		if err != nil {
			return nil, inContext(err)
		}
		return func() ([]types.Datum, bool, error) {
			outer := ec.Params
			ec.Params = params
			row, ok, err := next()
			ec.Params = outer
			if err != nil || !ok {
				return nil, false, inContext(err)
			}
			return sb.fields(row), true, nil
		}, nil
	}
	value := sb.value
	g := *f
	if !f.RetSet {
		g.Impl = func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			next, err := rows(ec, args)
			if err != nil {
				return types.Null, err
			}
			vals, ok, err := next()
			if err != nil || !ok {
				return types.Null, err
			}
			return value(vals), nil
		}
		return &g, nil
	}
	if fn.out != nil {
		// Rows of the OUT columns (a FROM item's columns).
		g.RowSRF = rows
	} else if f.Ret == types.OidRecord {
		// Its columns are those of the call's column definition list:
		// a call in FROM is analyzed again with them (sqlRecordCall),
		// which replaces this implementation.
		g.RecordFunc = func(*expr.EvalContext, []types.Datum, []expr.RecordColumn) (func() ([]types.Datum, bool, error), error) {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "function %s returning record is not supported here", f.Name)
		}
	}
	g.SRF = func(ec *expr.EvalContext, args []types.Datum) (func() (types.Datum, bool, error), error) {
		next, err := rows(ec, args)
		if err != nil {
			return nil, err
		}
		return func() (types.Datum, bool, error) {
			vals, ok, err := next()
			if err != nil || !ok {
				return types.Null, false, err
			}
			return value(vals), true, nil
		}, nil
	}
	return &g, nil
}

// transformBodyTarget analyzes a target of a body expanded where it is
// called; an aggregate there (a grouping error) is over the body's one
// row, which makes the body a query of its own (errBodyQuery).
func (s *state) transformBodyTarget(val *pg_query.Node) (expr.Expr, error) {
	e, err := s.transformExpr(val)
	if err == nil {
		err = s.lookupErr
	}
	if pgerr.CodeOf(err) == pgerr.GroupingError {
		return nil, errBodyQuery
	}
	return e, err
}

// sqlStatementsCall is sqlFunctionCall for a body that runs statement by
// statement when the function is called (BodyRunsByStatement, or a
// recursive call): nothing of the body is analyzed now; each call hands
// it to the session's SQLFunctionRunner, which prepares and runs its
// statements in turn (fmgr_sql). out are the columns of the function's
// rows when its OUT parameters or the call's column definition list
// define them.
func (s *state) sqlStatementsCall(f *expr.Func, out *types.RowDesc) *expr.Func {
	call := &expr.SQLFunctionCall{Func: f, Result: out}
	g := *f
	g.RecordFunc = nil
	open := func(ec *expr.EvalContext, args []types.Datum) (func() (types.Datum, bool, error), error) {
		r, ok := ec.Catalog.(expr.SQLFunctionRunner)
		if !ok {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "SQL function \"%s\" cannot run in this session", f.Name)
		}
		return r.RunSQLFunction(ec, call, args)
	}
	if !f.RetSet {
		g.Impl = func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
			next, err := open(ec, args)
			if err != nil {
				return types.Null, err
			}
			v, _, err := next()
			return v, err
		}
		return &g
	}
	g.SRF = open
	if out != nil {
		// Rows of the OUT columns (a FROM item's columns).
		g.RowSRF = func(ec *expr.EvalContext, args []types.Datum) (func() ([]types.Datum, bool, error), error) {
			next, err := open(ec, args)
			if err != nil {
				return nil, err
			}
			return func() ([]types.Datum, bool, error) {
				v, ok, err := next()
				if err != nil || !ok {
					return nil, false, err
				}
				return recordFields(v, len(out.Types)), true, nil
			}, nil
		}
	} else if f.Ret == types.OidRecord {
		// As in sqlQueryFunctionCall: a call in FROM is analyzed again
		// with its column definition list.
		g.RecordFunc = func(*expr.EvalContext, []types.Datum, []expr.RecordColumn) (func() ([]types.Datum, bool, error), error) {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "function %s returning record is not supported here", f.Name)
		}
	}
	return &g
}
