// This file executes CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql and
// DROP FUNCTION (PostgreSQL's functioncmds.c CreateFunction and
// RemoveFunctionById, pg_proc.c ProcedureCreate): the pg_proc row, its
// invalidation, and the checks of the body that CREATE FUNCTION makes
// (check_function_bodies).

package sql

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/types"
)

// functionSignature spells name(type, ...) as PostgreSQL's messages do
// (func_signature_string).
func functionSignature(name string, args []uint32) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = types.FormatType(a, -1)
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// procedureName is format_procedure's spelling: name(type,...).
func procedureName(name string, args []uint32) string {
	return strings.ReplaceAll(functionSignature(name, args), ", ", ",")
}

// typeNamesAsWritten spells argument types as the statement wrote them
// (TypeNameListToString: integer is pg_catalog.int4).
func typeNamesAsWritten(args []*pg_query.Node) string {
	parts := make([]string, len(args))
	for i, a := range args {
		tn := a.GetTypeName()
		parts[i] = strings.Join(nameListOf(tn.GetNames()), ".")
		for range tn.GetArrayBounds() {
			parts[i] += "[]"
		}
	}
	return strings.Join(parts, ",")
}

// bodyError moves the position of an error in a function's body into
// the statement that holds the body, when the body appears there as it
// is (function_parse_error_transpose); otherwise it drops it. An error
// without a position names the routine in its context, as
// sql_function_parse_error_callback does.
func bodyError(err error, name, query, body string) error {
	pe := pgerr.As(err)
	if pe.Position == 0 {
		if pe.Where != "" {
			return err
		}
		cp := *pe
		cp.Where = "SQL function \"" + name + "\""
		return &cp
	}
	cp := *pe
	cp.Position = 0
	if i := strings.Index(query, body); i >= 0 && body != "" {
		cp.Position = parser.Position(query, int32(i)) + pe.Position - 1
	}
	return &cp
}

// bodyWarning is bodyError for a WARNING raised while the body of a
// function being created is checked: its position in the body (the
// internal position analysis gives it) moves into the statement.
func bodyWarning(w *pgerr.Error, query, body string) *pgerr.Error {
	if w.InternalPosition == 0 || w.InternalQuery != body {
		return w
	}
	cp := *w
	cp.InternalPosition, cp.InternalQuery = 0, ""
	if i := strings.Index(query, body); i >= 0 && body != "" {
		cp.Position = parser.Position(query, int32(i)) + w.InternalPosition - 1
	}
	return &cp
}

// functionNamespace resolves the schema of a function name being
// created, or of one being dropped when schema is given.
func (s *sqlCtx) functionNamespace(schema string) (uint32, error) {
	if schema == "" {
		return s.creationNamespace()
	}
	nsp, err := s.cache.NamespaceOID(s, schema)
	if err != nil {
		return 0, err
	}
	if nsp == 0 {
		return 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", schema)
	}
	return nsp, nil
}

// splitFunctionName returns the schema ("" if not given) and name.
func splitFunctionName(nodes []*pg_query.Node) (string, string, error) {
	names := nameListOf(nodes)
	switch len(names) {
	case 1:
		return "", names[0], nil
	case 2:
		return names[0], names[1], nil
	}
	return "", "", pgerr.Newf(pgerr.SyntaxError, "improper qualified name (too many dotted names): %s", strings.Join(names, "."))
}

// findUserFunctions returns the functions and procedures users created
// called name in namespace nsp.
func (s *sqlCtx) findUserFunctions(nsp uint32, name string) ([]*catalog.Proc, error) {
	procs, err := s.syscache().UserProcs(name)
	if err != nil {
		return nil, err
	}
	var out []*catalog.Proc
	for _, p := range procs {
		if p.Namespace == nsp && (p.Kind == 'f' || p.Kind == 'p') {
			out = append(out, p)
		}
	}
	return out, nil
}

// routineKind is the word for a pg_proc row's kind in DROP's hints.
func routineKind(kind byte) string {
	if kind == 'p' {
		return "PROCEDURE"
	}
	return "FUNCTION"
}

func (s *sqlCtx) createFunction(st Statement, cf *pg_query.CreateFunctionStmt) (string, error) {
	proc := cf.IsProcedure
	schema, name, err := splitFunctionName(cf.Funcname)
	if err != nil {
		return "", err
	}
	format := FormatOptions(s.env)
	// The argument and result types are resolved without the text
	// (interpret_function_parameter_list, compute_return_type): their
	// WARNINGs have no position.
	resolveType := func(tn *pg_query.TypeName) (uint32, error) {
		held, n := s.holdWarnings, len(s.typeWarnings)
		s.holdWarnings = true
		t, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, tn, format)
		s.holdWarnings = held
		for _, w := range s.typeWarnings[n:] {
			cp := *w
			cp.Position = 0
			s.warn(&cp)
		}
		s.typeWarnings = s.typeWarnings[:n]
		return t, err
	}
	tag := "CREATE FUNCTION"
	if proc {
		tag = "CREATE PROCEDURE"
	}

	// Options.
	var language, body string
	hasAs := false
	attrs := defaultRoutineAttrs()
	for _, o := range cf.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "language":
			language = d.GetArg().GetString_().GetSval()
			continue
		case "as":
			items := d.GetArg().GetList().GetItems()
			if len(items) != 1 {
				return "", pgerr.New(pgerr.InvalidFunctionDefinition, "only one AS item needed for language \"sql\"")
			}
			body, hasAs = items[0].GetString_().GetSval(), true
			continue
		}
		ok, err := attrs.apply(s, st, d, proc)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "%s option %s is not supported yet", tag, strings.ToUpper(d.GetDefname()))
		}
	}
	if cf.SqlBody != nil {
		if err := sqlBodyOptions(language, hasAs); err != nil {
			return "", err
		}
		language = "sql"
	}
	switch language {
	case "":
		return "", pgerr.New(pgerr.InvalidFunctionDefinition, "no language specified")
	case "sql":
	default:
		what := "functions"
		if proc {
			what = "procedures"
		}
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "LANGUAGE %s %s are not supported yet", language, what)
	}

	// Arguments and result.
	// A shell type (CREATE TYPE name) is refused in a SQL function's
	// signature: it has no values to pass (interpret_function_parameter_list,
	// compute_return_type).
	resolveArgType := func(tn *pg_query.TypeName) (uint32, error) {
		t, err := resolveType(tn)
		if types.IsShellTypeError(err) {
			err = pgerr.Newf(pgerr.InvalidFunctionDefinition, "SQL function cannot accept shell type %s", typeNameString(tn))
		}
		return t, err
	}
	params, err := s.routineParameters(st, cf.Parameters, proc, resolveArgType, format)
	if err != nil {
		return "", err
	}
	argTypes := params.inTypes
	var ret uint32
	var retSet bool // RETURNS SETOF
	switch {
	case proc && params.outTypes != nil:
		ret = types.OidRecord
	case proc:
		ret = types.OidVoid
	default:
		// OUT parameters imply the result type (compute_return_type):
		// the one OUT parameter's type, or record for several.
		var required uint32
		if len(params.outTypes) == 1 {
			required = params.outTypes[0]
		} else if params.outTypes != nil {
			required = types.OidRecord
		}
		if cf.ReturnType == nil {
			if required == 0 {
				return "", pgerr.New(pgerr.InvalidFunctionDefinition, "function result type must be specified")
			}
			ret = required
		} else {
			retSet = cf.ReturnType.Setof
			if ret, err = resolveType(cf.ReturnType); types.IsShellTypeError(err) {
				return "", pgerr.Newf(pgerr.InvalidFunctionDefinition, "SQL function cannot return shell type %s", typeNameString(cf.ReturnType))
			} else if err != nil {
				return "", err
			}
			if required != 0 && ret != required {
				return "", pgerr.Newf(pgerr.InvalidFunctionDefinition, "function result type must be %s because of OUT parameters", types.FormatType(required, -1))
			}
		}
		if types.IsPolymorphic(ret) {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "SQL functions returning %s are not supported yet", types.FormatType(ret, -1))
		}
	}

	var nsp uint32
	if schema == tempSearchName {
		nsp, err = s.initTempNamespace()
	} else {
		nsp, err = s.functionNamespace(schema)
	}
	if err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied for schema %s", schema)
	}
	if other, err := s.isOtherTempNamespace(nsp); err != nil {
		return "", err
	} else if other {
		return "", pgerr.New(pgerr.FeatureNotSupported, "functions in temporary schemas of other sessions are not supported")
	}
	// Creations of the same name wait for each other.
	if err := s.lockName(nsp, name); err != nil {
		return "", err
	}
	existing, err := s.findUserFunctions(nsp, name)
	if err != nil {
		return "", err
	}
	var replaced *catalog.Proc
	for _, p := range existing {
		if slices.Equal(p.ArgTypes, argTypes) {
			replaced = p
			if err := params.checkReplace(cf.Replace, p, name, proc, ret, retSet); err != nil {
				return "", err
			}
		}
	}
	// A SQL-standard body is analyzed now, where the statement holds it
	// (interpret_AS_clause), before the row exists: it cannot call its
	// own function.
	var sqlBody *sqlBodyDependencies
	sqlBodyText := ""
	if cf.SqlBody != nil {
		stmts := sqlBodyStatements(st, cf.SqlBody)
		outDesc := analyze.OutDesc(ret, params.outNames, params.outTypes)
		if sqlBody, err = s.checkSQLBody(0, name, stmts, params, ret, outDesc); err != nil {
			return "", err
		}
		if sqlBodyText, err = s.boundSQLBodyText(name, stmts, params, cf.SqlBody.GetReturnStmt() == nil); err != nil {
			return "", err
		}
	}
	sqlBodyDatum := types.Null
	if cf.SqlBody != nil {
		sqlBodyDatum = types.Text(sqlBodyText)
	}
	// check_function_bodies: the body must analyze and return the
	// declared type. ProcedureCreate calls the validator once the row is
	// written, so that a body may call its own routine; an error then
	// aborts the transaction that wrote it. The error's position is in
	// the body, not in this statement.
	var oid uint32
	var checkStringBody func() error
	checkBody := func() error {
		s.nextCommand()
		if cf.SqlBody != nil {
			// pg_get_functiondef (and so pg_dump) must be able to print
			// the body back: what it cannot print yet is refused now.
			return s.checkSQLBodyPrintable(oid, sqlBodyStatements(st, cf.SqlBody))
		}
		// check_function_bodies off (as pg_dump's scripts set it, since a
		// body may use objects restored later): the string body is not
		// looked at until the routine is called.
		if v, found, err := s.env.GetConfig("check_function_bodies", true); err == nil && found && v == "off" {
			return nil
		}
		if len(attrs.config) > 0 {
			// The body is checked under the SET clauses, as
			// ProcedureCreate runs the validator.
			return s.env.RunWithSettings(attrs.config, checkStringBody)
		}
		return checkStringBody()
	}
	checkStringBody = func() error {
		// A WARNING in the body points into this statement, as an
		// error does (bodyError).
		s.bodyWarning = func(w *pgerr.Error) *pgerr.Error { return bodyWarning(w, st.Query, body) }
		defer func() { s.bodyWarning = nil }()
		if proc {
			if err := s.checkProcedureBody(name, body, params); err != nil {
				return bodyError(err, name, st.Query, body)
			}
		} else if analyze.BodyRunsByStatement(body, ret) {
			if err := s.checkFunctionBody(oid, name, body, params, ret, analyze.OutDesc(ret, params.outNames, params.outTypes)); err != nil {
				return bodyError(err, name, st.Query, body)
			}
		} else if err := analyze.AnalyzeFunctionBody(catalogAdapter{s}, oid, name, body, argTypes, params.inNames, ret, retSet, params.outNames, params.outTypes, format); err != nil {
			return bodyError(err, name, st.Query, body)
		}
		return nil
	}
	// prorows: PostgreSQL's default estimate for a set-returning function.
	if err := attrs.check(retSet); err != nil {
		return "", err
	}
	if retSet && !attrs.seen["rows"] {
		attrs.rows = 1000
	}
	pc := catalog.Lookup("pg_proc")
	if p := replaced; p != nil {
		oid = p.OID
		err := s.updateCatalogRow(pc, func(row []types.Datum) bool {
			return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
		}, func(row []types.Datum) {
			row[catalog.AnumPgProcProsrc-1] = types.Text(body)
			row[catalog.AnumPgProcProsqlbody-1] = sqlBodyDatum
			attrs.setColumns(row)
			params.setColumns(func(att int, v types.Datum) { row[att-1] = v })
		})
		if err != nil {
			return "", err
		}
		if err := s.recordRoutineDependencies(oid, nsp, ret, params, true); err != nil {
			return "", err
		}
		if sqlBody != nil {
			if err := sqlBody.record(s, oid); err != nil {
				return "", err
			}
		}
		s.cache.InvalidateProc(oid)
		return tag, checkBody()
	}

	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	if oid, err = s.newOID(); err != nil {
		return "", err
	}
	kind := byte('f')
	if proc {
		kind = 'p'
	}
	row := newCatalogRow(pc).
		set("oid", oidD(oid)).set("proname", types.Text(name)).set("pronamespace", oidD(nsp)).
		set("proowner", oidD(owner)).set("prolang", oidD(catalog.LangSQL)).set("prosupport", oidD(0)).
		set("prokind", charD(kind)).set("prosecdef", types.Bool(false)).
		set("proretset", types.Bool(retSet)).set("pronargs", types.Int(int64(len(argTypes)))).
		set("prorettype", oidD(ret)).set("proargtypes", types.Bytes(catalog.EncodeOidVector(argTypes))).
		set("prosrc", types.Text(body)).set("prosqlbody", sqlBodyDatum)
	params.setColumns(func(att int, v types.Datum) { row.vals[att-1] = v })
	attrs.setColumns(row.vals)
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	if err := s.recordRoutineDependencies(oid, nsp, ret, params, false); err != nil {
		return "", err
	}
	if sqlBody != nil {
		if err := sqlBody.record(s, oid); err != nil {
			return "", err
		}
	}
	s.cache.InvalidateProc(oid)
	return tag, checkBody()
}

// isRoutineType reports whether an object type names pg_proc rows of
// functions and procedures.
func isRoutineType(t pg_query.ObjectType) bool {
	return t == pg_query.ObjectType_OBJECT_FUNCTION || t == pg_query.ObjectType_OBJECT_PROCEDURE || t == pg_query.ObjectType_OBJECT_ROUTINE
}

// routineWord is how messages name routines of an object type.
func routineWord(objtype pg_query.ObjectType) string {
	if objtype == pg_query.ObjectType_OBJECT_PROCEDURE {
		return "procedure"
	}
	return "function"
}

// lookupRoutine is LookupFuncWithArgs: a routine named with its
// argument types is looked up among functions and procedures and must
// be of the kind objtype names (any for ROUTINE); a name alone must name
// one routine of that kind. A procedure's argument types may include its
// OUT parameters. When missingOk, a routine or schema that does not
// exist is nil without error (skipped tells which notice RemoveObjects
// gives: "" for the routine).
func (s *sqlCtx) lookupRoutine(st Statement, owa *pg_query.ObjectWithArgs, objtype pg_query.ObjectType, missingOk bool) (p *catalog.Proc, skippedSchema string, err error) {
	word := routineWord(objtype)
	ofKind := func(kind byte) bool {
		switch objtype {
		case pg_query.ObjectType_OBJECT_PROCEDURE:
			return kind == 'p'
		case pg_query.ObjectType_OBJECT_FUNCTION:
			return kind != 'p'
		}
		return true
	}
	schema, name, err := splitFunctionName(owa.Objname)
	if err != nil {
		return nil, "", err
	}
	var args []uint32
	for _, a := range owa.Objargs {
		t, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, a.GetTypeName(), FormatOptions(s.env))
		if err != nil {
			return nil, "", err
		}
		args = append(args, t)
	}
	written := strings.Join(nameListOf(owa.Objname), ".")
	var nsps []uint32
	switch {
	case schema == tempSearchName && s.myTempNamespace() != 0:
		nsps = []uint32{s.myTempNamespace()}
	case schema != "":
		nsp, err := s.functionNamespace(schema)
		if err != nil {
			if missingOk && pgerr.CodeOf(err) == pgerr.UndefinedSchema {
				return nil, schema, nil
			}
			return nil, "", err
		}
		nsps = []uint32{nsp}
	default:
		if nsps, err = s.functionSearchPath(); err != nil {
			return nil, "", err
		}
	}
	var found *catalog.Proc
search:
	for _, nsp := range nsps {
		procs, err := s.findUserFunctions(nsp, name)
		if nsp == catalog.PgCatalogNamespace || nsp == catalog.InfoSchemaNamespace {
			// Built-in rows: pg_catalog's, or information_schema's
			// helpers.
			var builtin []*catalog.Proc
			builtin, err = (catalog.Syscache{}).Procs(name)
			procs = slices.DeleteFunc(slices.Clone(builtin), func(p *catalog.Proc) bool { return p.Namespace != nsp })
		}
		if err != nil {
			return nil, "", err
		}
		for _, p := range procs {
			if owa.ArgsUnspecified {
				if !ofKind(p.Kind) {
					continue
				}
				if found != nil {
					return nil, "", pgerr.Newf(pgerr.AmbiguousFunction, "%s name \"%s\" is not unique", word, written).
						WithHint("Specify the argument list to select the %s unambiguously.", word)
				}
				found = p
			} else if slices.Equal(p.ArgTypes, args) || p.Kind == 'p' && p.AllArgTypes != nil && slices.Equal(p.AllArgTypes, args) {
				found = p
				break search
			}
		}
		if found != nil {
			break
		}
	}
	if found != nil && !ofKind(found.Kind) {
		return nil, "", pgerr.Newf(pgerr.WrongObjectType, "%s is not a %s", functionSignature(written, args), word)
	}
	if found == nil {
		switch {
		case missingOk:
			return nil, "", nil
		case owa.ArgsUnspecified:
			return nil, "", pgerr.Newf(pgerr.UndefinedFunction, "could not find a %s named \"%s\"", word, written)
		}
		return nil, "", pgerr.Newf(pgerr.UndefinedFunction, "%s %s does not exist", word, functionSignature(written, args))
	}
	return found, "", nil
}

// dropFunctions is DROP FUNCTION, DROP PROCEDURE and DROP ROUTINE.
func (s *sqlCtx) dropFunctions(st Statement, ds *pg_query.DropStmt) (string, error) {
	tag := "DROP FUNCTION"
	notice := "function"
	switch ds.RemoveType {
	case pg_query.ObjectType_OBJECT_PROCEDURE:
		tag, notice = "DROP PROCEDURE", "procedure"
	case pg_query.ObjectType_OBJECT_ROUTINE:
		tag, notice = "DROP ROUTINE", "routine"
	}
	var targets []objectAddress
	for _, obj := range ds.Objects {
		owa := obj.GetObjectWithArgs()
		p, skippedSchema, err := s.lookupRoutine(st, owa, ds.RemoveType, ds.MissingOk)
		if err != nil {
			return "", err
		}
		switch {
		case skippedSchema != "":
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", skippedSchema))
			continue
		case p == nil:
			// RemoveObjects' notice names the types as written.
			written := strings.Join(nameListOf(owa.Objname), ".")
			s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "%s %s(%s) does not exist, skipping", notice, written, typeNamesAsWritten(owa.Objargs)))
			continue
		case p.OID < catalog.FirstNormalOID:
			return "", pgerr.Newf(pgerr.DependentObjectsStillExist,
				"cannot drop function %s because it is required by the database system", functionSignature(p.Name, p.ArgTypes))
		}
		targets = append(targets, procAddress(p.OID))
	}
	if len(targets) > 0 {
		if err := s.performDeletion(targets, ds.Behavior == pg_query.DropBehavior_DROP_CASCADE); err != nil {
			return "", err
		}
	}
	return tag, nil
}

func procAddress(oid uint32) objectAddress {
	return objectAddress{classID: catalog.ProcedureRelationID, objID: oid}
}

// recordRoutineDependencies records what a function or procedure
// depends on (ProcedureCreate): its schema and the types of its
// parameters and result. CREATE OR REPLACE records them afresh.
func (s *sqlCtx) recordRoutineDependencies(oid, nsp, ret uint32, params *routineParams, replace bool) error {
	self := procAddress(oid)
	if replace {
		c := catalog.Lookup("pg_depend")
		iClass, iObj := c.Column("classid"), c.Column("objid")
		if err := s.deleteCatalogRows(c, func(row []types.Datum) bool {
			return uint32(row[iClass].Int()) == self.classID && uint32(row[iObj].Int()) == oid
		}); err != nil {
			return err
		}
	}
	deps := []dependency{{dep: self, ref: namespaceAddress(nsp), deptype: depNormal}}
	seen := map[uint32]bool{}
	for _, t := range append([]uint32{ret}, params.allTypes...) {
		if !seen[t] {
			seen[t] = true
			deps = append(deps, dependency{dep: self, ref: typeAddress(t), deptype: depNormal})
		}
	}
	return s.recordDependencies(deps)
}

// deleteRoutine is RemoveFunctionById.
func (s *sqlCtx) deleteRoutine(oid uint32) error {
	if err := s.deleteCatalogRowsOf(catalog.Lookup("pg_proc"), oid, func(row []types.Datum) bool {
		return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
	}); err != nil {
		return err
	}
	s.cache.InvalidateProc(oid)
	return nil
}

// describeRoutine is getObjectDescription of a pg_proc row: "function
// f(integer)" or "procedure p(integer)", the name qualified when
// function lookup does not find its schema (format_procedure).
func (s *sqlCtx) describeRoutine(oid uint32) (string, error) {
	p, err := s.syscache().ProcByOID(oid)
	if err != nil || p == nil {
		return fmt.Sprintf("function %d", oid), err
	}
	// PostgreSQL 15 says function for procedures too.
	name := p.Name
	path, err := s.functionSearchPath()
	if err != nil {
		return "", err
	}
	visible := false
	for _, nsp := range path {
		visible = visible || nsp == p.Namespace
	}
	if !visible {
		nspName, _, err := s.cache.NamespaceName(s, p.Namespace)
		if err != nil {
			return "", err
		}
		name = builtins.QuoteIdent(nspName) + "." + builtins.QuoteIdent(name)
	} else {
		name = builtins.QuoteIdent(name)
	}
	args := make([]string, len(p.ArgTypes))
	for i, t := range p.ArgTypes {
		args[i] = s.typeName(t, -1)
	}
	return "function " + name + "(" + strings.Join(args, ",") + ")", nil
}

// alterRoutine is ALTER FUNCTION, PROCEDURE or ROUTINE ... RENAME TO,
// OWNER TO and SET SCHEMA (ExecRenameStmt, ExecAlterOwnerStmt and
// ExecAlterObjectSchemaStmt for pg_proc rows): change sets the row's
// new values; newName and newNsp are the name and schema it will have.
func (s *sqlCtx) alterRoutine(st Statement, objtype pg_query.ObjectType, owa *pg_query.ObjectWithArgs,
	newName func(p *catalog.Proc) (string, uint32, error), change func(p *catalog.Proc, row []types.Datum)) (string, error) {
	tag := parser.CommandTag(st.Node())
	p, _, err := s.lookupRoutine(st, owa, objtype, false)
	if err != nil {
		return "", err
	}
	if p.OID < catalog.FirstNormalOID {
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "altering built-in function %s is not supported", functionSignature(p.Name, p.ArgTypes))
	}
	name, nsp, err := newName(p)
	if err != nil {
		return "", err
	}
	if name != p.Name || nsp != p.Namespace {
		// IsThereFunctionInNamespace.
		if err := s.lockName(nsp, name); err != nil {
			return "", err
		}
		others, err := s.findUserFunctions(nsp, name)
		if err != nil {
			return "", err
		}
		for _, o := range others {
			if slices.Equal(o.ArgTypes, p.ArgTypes) {
				nspName, _, err := s.cache.NamespaceName(s, nsp)
				if err != nil {
					return "", err
				}
				return "", pgerr.Newf(pgerr.DuplicateFunction, "function %s already exists in schema \"%s\"", functionSignature(name, p.ArgTypes), nspName)
			}
		}
	}
	oid := p.OID
	if err := s.updateCatalogRow(catalog.Lookup("pg_proc"), func(row []types.Datum) bool {
		return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
	}, func(row []types.Datum) { change(p, row) }); err != nil {
		return "", err
	}
	if nsp != p.Namespace {
		// The schema dependency follows the routine.
		c := catalog.Lookup("pg_depend")
		iClass, iObj, iRefClass, iRefObj := c.Column("classid"), c.Column("objid"), c.Column("refclassid"), c.Column("refobjid")
		if err := s.deleteCatalogRows(c, func(row []types.Datum) bool {
			return uint32(row[iClass].Int()) == catalog.ProcedureRelationID && uint32(row[iObj].Int()) == oid &&
				uint32(row[iRefClass].Int()) == catalog.NamespaceRelationID && uint32(row[iRefObj].Int()) == p.Namespace
		}); err != nil {
			return "", err
		}
		if err := s.recordDependency(procAddress(oid), namespaceAddress(nsp), depNormal); err != nil {
			return "", err
		}
	}
	s.cache.InvalidateProc(oid)
	return tag, nil
}

// renameRoutine is ALTER ... RENAME TO of a function or procedure.
func (s *sqlCtx) renameRoutine(st Statement, rs *pg_query.RenameStmt) (string, error) {
	return s.alterRoutine(st, rs.RenameType, rs.Object.GetObjectWithArgs(),
		func(p *catalog.Proc) (string, uint32, error) { return rs.Newname, p.Namespace, nil },
		func(_ *catalog.Proc, row []types.Datum) { row[catalog.AnumPgProcProname-1] = types.Text(rs.Newname) })
}

// alterRoutineOwner is ALTER ... OWNER TO of a function or procedure.
func (s *sqlCtx) alterRoutineOwner(st Statement, as *pg_query.AlterOwnerStmt) (string, error) {
	owner, _, err := s.roleOID(as.Newowner)
	if err != nil {
		return "", err
	}
	return s.alterRoutine(st, as.ObjectType, as.Object.GetObjectWithArgs(),
		func(p *catalog.Proc) (string, uint32, error) { return p.Name, p.Namespace, nil },
		func(_ *catalog.Proc, row []types.Datum) { row[catalog.AnumPgProcProowner-1] = oidD(owner) })
}

// alterRoutineSchema is ALTER ... SET SCHEMA of a function or procedure.
func (s *sqlCtx) alterRoutineSchema(st Statement, as *pg_query.AlterObjectSchemaStmt) (string, error) {
	var nsp uint32
	return s.alterRoutine(st, as.ObjectType, as.Object.GetObjectWithArgs(),
		func(p *catalog.Proc) (string, uint32, error) {
			var err error
			if nsp, err = s.cache.NamespaceOID(s, as.Newschema); err != nil {
				return "", 0, err
			}
			if nsp == 0 && as.Newschema != tempSearchName {
				return "", 0, pgerr.Newf(pgerr.UndefinedSchema, "schema \"%s\" does not exist", as.Newschema)
			}
			if err := s.checkNotTempMove(p.Namespace, nsp, as.Newschema); err != nil {
				return "", 0, err
			}
			if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
				return "", 0, pgerr.New(pgerr.WrongObjectType, "cannot move objects into or out of system schemas")
			}
			return p.Name, nsp, nil
		},
		func(_ *catalog.Proc, row []types.Datum) { row[catalog.AnumPgProcPronamespace-1] = oidD(nsp) })
}
