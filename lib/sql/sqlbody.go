// This file handles SQL-standard function bodies (PostgreSQL 14's
// BEGIN ATOMIC ... END and RETURN expr; functioncmds.c's
// interpret_AS_clause): CREATE FUNCTION analyzes each statement where
// the statement holds it, refuses utility statements, checks the final
// statement's result and records dependencies on the tables, columns
// and functions the statements use. pg_proc keeps prosrc empty and the
// body, deparsed, in prosqlbody; calls run it as they run a string body
// (sqlfunctions.go, analyze/sqlfunc.go).
//
// PostgreSQL stores the analyzed statements, so that renaming a table
// or function a body uses does not change what it runs; gpostgres parses
// the stored text again at each call, so the text names its relations
// schema-qualified and follows renames of relations, columns and
// schemas as a view's does (viewtext.go). Renamed functions and types
// are not followed. pg_get_function_sqlbody analyzes the text again and
// prints it as ruleutils does (FunctionSQLBody); CREATE refuses a body
// it cannot print (checkSQLBodyPrintable), which pg_dump could not dump.

package sql

import (
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// sqlBodyStatements are the statements of a SQL-standard body, as
// statements of st (their locations are in its text): BEGIN ATOMIC's
// list, or RETURN expr as SELECT expr.
func sqlBodyStatements(st Statement, body *pg_query.Node) []Statement {
	if rs := body.GetReturnStmt(); rs != nil {
		sel := &pg_query.SelectStmt{Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT,
			TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: rs.Returnval, Location: -1}}}}}
		return []Statement{st.Inner(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}})}
	}
	var out []Statement
	for _, l := range body.GetList().GetItems() {
		for _, n := range l.GetList().GetItems() {
			if n.GetNode() != nil {
				out = append(out, st.Inner(n))
			}
		}
	}
	return out
}

// boundSQLBodyText is the text calls run: the statements deparsed with
// the relations they name schema-qualified (bindNames), so that the
// caller's search_path cannot make them read other ones.
//
// A BEGIN ATOMIC body's text ends with a semicolon, a RETURN body's
// does not: pg_get_function_sqlbody prints the two forms differently
// (atomicBody), and the parser takes either.
func (s *sqlCtx) boundSQLBodyText(name string, stmts []Statement, params *routineParams, atomic bool) (string, error) {
	for _, st := range stmts {
		names, err := analyze.AnalyzeRoutineNames(catalogAdapter{s}, st.Query, st.Node(), params.inTypes, 0, name, params.inNames, s.formatOptions())
		if err != nil {
			return "", err
		}
		restore, err := s.bindNames(st.Node(), names, nil)
		defer restore()
		if err != nil {
			return "", err
		}
	}
	text, err := sqlBodyTextOf(stmts)
	if err == nil && atomic && text != "" {
		text += ";"
	}
	return text, err
}

// atomicBody reports whether a stored SQL-standard body was written
// BEGIN ATOMIC ... END rather than RETURN expr (boundSQLBodyText).
func atomicBody(text string) bool { return strings.HasSuffix(text, ";") }

// FunctionSQLBody implements pg_get_function_sqlbody: each statement
// of the stored body analyzed again with the function's input
// arguments and printed as ruleutils prints it, "RETURN expr" or
// "BEGIN ATOMIC ... END". What the deparser cannot print yet (see
// unprintableConstruct, and the shapes views cannot print) is refused
// (0A000, errBodyNotPrintable) rather than printed differently.
func (n names) FunctionSQLBody(oid uint32) (string, bool, error) {
	s := n.s
	p, err := s.syscache().ProcByOID(oid)
	if err != nil || p == nil || p.SQLBody == "" {
		return "", false, err
	}
	stmts, err := parser.Parse(p.SQLBody)
	if err != nil {
		return "", false, err
	}
	inTypes := builtins.InArgTypes(p)
	argNames := builtins.InArgNames(p)
	notPrintable := errBodyNotPrintable
	atomic := atomicBody(p.SQLBody)
	var b strings.Builder
	if atomic {
		b.WriteString("BEGIN ATOMIC\n")
	} else if len(stmts) != 1 {
		return "", false, notPrintable
	}
	for _, st := range stmts {
		// Printing analyzes the stored body again: quietly.
		quiet := s.quiet
		s.quiet = true
		q, err := analyze.AnalyzeRoutineDefinition(catalogAdapter{s}, st.Query, st.Node(), inTypes, oid, p.Name, argNames, s.formatOptions())
		s.quiet = quiet
		if err != nil {
			return "", false, err
		}
		if !atomic {
			text, err := analyze.DeparseRoutineReturn(q, p.Name, argNames, FormatOptions(s.env))
			if err != nil {
				return "", false, notPrintable
			}
			return text, true, nil
		}
		text, err := analyze.DeparseRoutineBody(q, st.Node(), p.Name, argNames, FormatOptions(s.env))
		if err != nil {
			return "", false, notPrintable
		}
		b.WriteString(text + ";\n")
	}
	b.WriteString("END")
	return b.String(), true, nil
}

// checkSQLBodyPrintable refuses (0A000) a SQL-standard body of the
// routine oid, just stored, that pg_get_function_sqlbody cannot print
// as PostgreSQL would, naming what it holds that is not printed yet:
// such a routine could not be dumped and restored.
func (s *sqlCtx) checkSQLBodyPrintable(oid uint32, stmts []Statement) error {
	_, _, err := names{s}.FunctionSQLBody(oid)
	if err == nil || !isNotPrintable(err) {
		return err
	}
	for _, st := range stmts {
		if w := unprintableConstruct(st.Node()); w != "" {
			return pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported in a SQL-standard function body yet", w)
		}
	}
	return pgerr.New(pgerr.FeatureNotSupported, "a SQL-standard function body that pg_get_functiondef cannot print is not supported yet")
}

// errBodyNotPrintable is FunctionSQLBody's refusal of a body it cannot
// print.
var errBodyNotPrintable = pgerr.New(pgerr.FeatureNotSupported, "printing this SQL-standard function body is not supported yet")

func isNotPrintable(err error) bool { return err == errBodyNotPrintable }

// unprintableConstruct names the clause of a body's statement that the
// printer (analyze/dmldeparse.go) does not handle, "" for none of those.
func unprintableConstruct(n *pg_query.Node) string {
	hasIndirection := func(list []*pg_query.Node) bool {
		for _, c := range list {
			if len(c.GetResTarget().GetIndirection()) > 0 {
				return true
			}
		}
		return false
	}
	switch {
	case n.GetInsertStmt() != nil:
		ins := n.GetInsertStmt()
		switch {
		case ins.OnConflictClause != nil && ins.OnConflictClause.Infer != nil && unprintableInference(ins.OnConflictClause.Infer):
			return "ON CONFLICT on an index expression, a collation, an operator class or WHERE"
		case hasIndirection(ins.Cols):
			return "INSERT into a subscript or field of a column"
		case ins.OnConflictClause != nil && hasIndirection(ins.OnConflictClause.TargetList):
			return "ON CONFLICT DO UPDATE of a subscript or field of a column"
		}
	case n.GetUpdateStmt() != nil:
		up := n.GetUpdateStmt()
		if hasIndirection(up.TargetList) {
			return "UPDATE of a subscript or field of a column"
		}

		if up.WhereClause.GetCurrentOfExpr() != nil {
			return "WHERE CURRENT OF"
		}
	case n.GetDeleteStmt() != nil:
		if n.GetDeleteStmt().WhereClause.GetCurrentOfExpr() != nil {
			return "WHERE CURRENT OF"
		}
	}
	for _, c := range pg_query.StatementWith(n).GetCtes() {
		if w := unprintableConstruct(c.GetCommonTableExpr().GetCtequery()); w != "" {
			return w
		}
	}
	return ""
}

// unprintableInference reports whether an ON CONFLICT target holds more
// than column names.
func unprintableInference(inf *pg_query.InferClause) bool {
	if inf.WhereClause != nil {
		return true
	}
	for _, n := range inf.IndexElems {
		el := n.GetIndexElem()
		if el == nil || el.Name == "" || len(el.Collation) > 0 || len(el.Opclass) > 0 {
			return true
		}
	}
	return false
}

// sqlBodyTextOf is the statements deparsed.
func sqlBodyTextOf(stmts []Statement) (string, error) {
	if len(stmts) == 0 {
		return "", nil
	}
	raws := make([]*pg_query.RawStmt, len(stmts))
	for i, st := range stmts {
		raws[i] = &pg_query.RawStmt{Stmt: st.Node()}
	}
	return pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: raws})
}

// sqlBodyDependencies are what a SQL-standard body's statements use.
type sqlBodyDependencies struct {
	columns     map[uint32]map[int16]bool // table OID → columns, none for the whole table
	functions   map[uint32]bool
	constraints map[uint32]bool // those ON CONFLICT ON CONSTRAINT names
}

// relationConstraintOID is the OID of the constraint name of relation
// rel, 0 when it has none of that name.
func (s *sqlCtx) relationConstraintOID(rel uint32, name string) (uint32, error) {
	c := catalog.Lookup("pg_constraint")
	iOID, iRel, iName := c.Column("oid"), c.Column("conrelid"), c.Column("conname")
	var oid uint32
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if uint32(r[iRel].Int()) == rel && r[iName].Text() == name {
			oid = uint32(r[iOID].Int())
			return false, nil
		}
		return true, nil
	})
	return oid, err
}

// checkSQLBody analyzes a SQL-standard body of the function name
// (pg_proc oid) returning ret (out its OUT columns): each statement with
// the input parameters, as the statement holding it locates them; the
// final one must return ret unless it is void. It returns what the body
// uses.
func (s *sqlCtx) checkSQLBody(oid uint32, name string, stmts []Statement, params *routineParams, ret uint32, out *types.RowDesc) (*sqlBodyDependencies, error) {
	deps := &sqlBodyDependencies{columns: map[uint32]map[int16]bool{}, functions: map[uint32]bool{}, constraints: map[uint32]bool{}}
	cat := catalogAdapter{s}
	for i, st := range stmts {
		if !analyzable(st) {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not yet supported in unquoted SQL function body", st.Tag())
		}
		// The body's WARNINGs were given when its text was bound
		// (boundSQLBodyText).
		quiet := s.quiet
		s.quiet = true
		q, err := analyze.AnalyzeRoutineDefinition(cat, st.Query, st.Node(), params.inTypes, oid, name, params.inNames, s.formatOptions())
		s.quiet = quiet
		if err != nil {
			return nil, err
		}
		if i == len(stmts)-1 && ret != types.OidVoid {
			if _, err := analyze.FunctionResult(cat, q, name, ret, out, s.formatOptions()); err != nil {
				return nil, routineCreateContext(err, name)
			}
		}
		mergeColumns(deps.columns, bodyColumns(q))
		if q.Result != nil && q.Result.Table != nil {
			targetColumns(st.Node(), q, deps.columns)
		}
		// The data-modifying WITH queries, which the statement's own
		// columns do not cover.
		for _, c := range q.CTEs {
			if raw := modifyingCTEStatement(st.Node(), c.Name); c.Modifying && c.Query != nil && raw != nil {
				mergeColumns(deps.columns, bodyColumns(c.Query))
				if c.Query.Result != nil && c.Query.Result.Table != nil {
					targetColumns(raw, c.Query, deps.columns)
				}
			}
		}
		for f := range plan.ReferencedFunctions(q) {
			deps.functions[f] = true
		}
		// A relation named by a regclass constant (nextval('s')) is
		// depended on as a whole.
		for r := range plan.ReferencedRegclasses(q) {
			if deps.columns[r] == nil && r >= catalog.FirstNormalOID {
				deps.columns[r] = map[int16]bool{}
			}
		}
		if ins := st.Node().GetInsertStmt(); ins != nil && q.Result != nil && q.Result.Table != nil {
			// ON CONFLICT ON CONSTRAINT depends on the constraint.
			if name := ins.GetOnConflictClause().GetInfer().GetConname(); name != "" {
				con, err := s.relationConstraintOID(q.Result.Table.OID, name)
				if err != nil {
					return nil, err
				}
				if con != 0 {
					deps.constraints[con] = true
				}
			}
		}
	}
	if ret != types.OidVoid && len(stmts) == 0 {
		return nil, routineCreateContext(analyze.ErrNoFinalResult(cat, ret), name)
	}
	return deps, nil
}

// mergeColumns adds the tables and columns of src to dst.
func mergeColumns(dst, src map[uint32]map[int16]bool) {
	for t, cols := range src {
		if dst[t] == nil {
			dst[t] = map[int16]bool{}
		}
		for c := range cols {
			dst[t][c] = true
		}
	}
}

// bodyColumns are the tables and columns a statement of a body reads.
// An INSERT reads its source query's, and the target's columns its
// RETURNING names; the new values of an UPDATE's columns it does not
// set are their old values, which it does not read.
func bodyColumns(q *plan.Query) map[uint32]map[int16]bool {
	qc := *q
	var extra map[uint32]map[int16]bool
	switch q.Command {
	case plan.CmdInsert:
		if q.InsertSource != nil {
			extra = plan.ReferencedColumns(q.InsertSource)
		} else {
			extra = map[uint32]map[int16]bool{}
		}
		if r := q.Result; r != nil && r.Table != nil {
			if extra[r.Table.OID] == nil {
				extra[r.Table.OID] = map[int16]bool{}
			}
			for _, t := range q.Returning {
				plan.Walk(t.Expr, func(x expr.Expr) bool {
					if v, ok := x.(*expr.Var); ok && v.LevelsUp == 0 && v.Index-r.Offset >= 0 && v.Index-r.Offset < len(r.Columns) {
						if a := r.Columns[v.Index-r.Offset].AttNum; a > 0 {
							extra[r.Table.OID][a] = true
						}
					}
					return true
				})
			}
		}
		qc.InsertSource, qc.NewValues, qc.Returning = nil, nil, nil
	case plan.CmdUpdate:
		if r := q.Result; r != nil {
			qc.NewValues = nil
			for i, e := range q.NewValues {
				if v, ok := e.(*expr.Var); ok && v.LevelsUp == 0 && v.Index == r.Offset+i {
					continue
				}
				qc.NewValues = append(qc.NewValues, e)
			}
		}
	}
	refs := plan.ReferencedColumns(&qc)
	mergeColumns(refs, extra)
	return refs
}

// targetColumns notes the columns an INSERT or UPDATE sets: those it
// names, or for an INSERT naming none the first ones its rows fill (the
// target list recordDependencyOnExpr finds).
func targetColumns(raw *pg_query.Node, q *plan.Query, cols map[uint32]map[int16]bool) {
	t := q.Result.Table
	if cols[t.OID] == nil {
		cols[t.OID] = map[int16]bool{}
	}
	named := raw.GetInsertStmt().GetCols()
	if up := raw.GetUpdateStmt(); up != nil {
		named = up.GetTargetList()
	}
	if q.Command != plan.CmdInsert || len(named) > 0 {
		for _, c := range named {
			name := c.GetResTarget().GetName()
			for _, tc := range t.Columns {
				if tc.Name == name && tc.AttNum > 0 {
					cols[t.OID][tc.AttNum] = true
				}
			}
		}
		return
	}
	n := 0
	if q.InsertSource != nil {
		for _, tg := range q.InsertSource.Targets {
			if !tg.Junk {
				n++
			}
		}
	}
	for _, tc := range t.Columns {
		if n == 0 {
			break
		}
		if tc.Name != "" && tc.AttNum > 0 {
			cols[t.OID][tc.AttNum] = true
			n--
		}
	}
}

// modifyingCTEStatement is the INSERT, UPDATE or DELETE of the WITH
// query name of statement raw, nil when it has none of that name.
func modifyingCTEStatement(raw *pg_query.Node, name string) *pg_query.Node {
	var with *pg_query.WithClause
	switch {
	case raw.GetSelectStmt() != nil:
		with = raw.GetSelectStmt().GetWithClause()
	case raw.GetInsertStmt() != nil:
		with = raw.GetInsertStmt().GetWithClause()
	case raw.GetUpdateStmt() != nil:
		with = raw.GetUpdateStmt().GetWithClause()
	case raw.GetDeleteStmt() != nil:
		with = raw.GetDeleteStmt().GetWithClause()
	}
	for _, n := range with.GetCtes() {
		if c := n.GetCommonTableExpr(); c != nil && c.Ctename == name && c.GetCtequery().GetSelectStmt() == nil {
			return c.Ctequery
		}
	}
	return nil
}

// record writes the dependencies of the function oid on what its body
// uses: a table's columns, or the table when it uses none of them, the
// functions it calls and the constraints ON CONFLICT names.
func (d *sqlBodyDependencies) record(s *sqlCtx, oid uint32) error {
	self := procAddress(oid)
	var deps []dependency
	for _, t := range sortedKeys(d.columns) {
		cols := d.columns[t]
		if len(cols) == 0 {
			deps = append(deps, dependency{self, relationAddress(t), depNormal})
		}
		for _, c := range sortedKeys(cols) {
			deps = append(deps, dependency{self, columnAddress(t, c), depNormal})
		}
	}
	for _, f := range sortedKeys(d.functions) {
		if f != oid && f >= catalog.FirstNormalOID {
			deps = append(deps, dependency{self, procAddress(f), depNormal})
		}
	}
	for _, c := range sortedKeys(d.constraints) {
		deps = append(deps, dependency{self, constraintAddress(c), depNormal})
	}
	return s.recordDependencies(deps)
}

// sortedKeys are m's keys in order, so that the rows are written in the
// same order each time.
func sortedKeys[K uint32 | int16, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sqlBodyOptions checks what CREATE FUNCTION says beside a SQL-standard
// body: no AS as well, and no language but SQL (the default).
func sqlBodyOptions(language string, hasAs bool) error {
	if hasAs {
		return pgerr.New(pgerr.InvalidFunctionDefinition, "duplicate function body specified")
	}
	if language != "" && language != "sql" {
		return pgerr.New(pgerr.InvalidFunctionDefinition, "inline SQL function body only valid for language SQL")
	}
	return nil
}
