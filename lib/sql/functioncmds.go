// This file executes CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql and
// DROP FUNCTION (PostgreSQL's functioncmds.c CreateFunction and
// RemoveFunctionById, pg_proc.c ProcedureCreate): the pg_proc row, its
// invalidation, and the checks of the body that CREATE FUNCTION makes
// (check_function_bodies).

package sql

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
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
// is (function_parse_error_transpose); otherwise it drops it.
func bodyError(err error, query, body string) error {
	pe := pgerr.As(err)
	if pe.Position == 0 {
		return err
	}
	cp := *pe
	cp.Position = 0
	if i := strings.Index(query, body); i >= 0 && body != "" {
		cp.Position = parser.Position(query, int32(i)) + pe.Position - 1
	}
	return &cp
}

func sameOIDs(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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

// findUserFunction returns the function users created called name in
// namespace nsp taking exactly args (any arguments when args is nil and
// any is set), or nil.
func (s *sqlCtx) findUserFunctions(nsp uint32, name string) ([]*catalog.Proc, error) {
	procs, err := s.syscache().UserProcs(name)
	if err != nil {
		return nil, err
	}
	var out []*catalog.Proc
	for _, p := range procs {
		if p.Namespace == nsp && p.Kind == 'f' {
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *sqlCtx) createFunction(st Statement, cf *pg_query.CreateFunctionStmt) (string, error) {
	if cf.IsProcedure {
		return "", pgerr.New(pgerr.FeatureNotSupported, "CREATE PROCEDURE is not supported yet")
	}
	if cf.SqlBody != nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "SQL-standard function bodies (BEGIN ATOMIC, RETURN) are not supported yet")
	}
	schema, name, err := splitFunctionName(cf.Funcname)
	if err != nil {
		return "", err
	}
	format := FormatOptions(s.env)
	resolveType := func(tn *pg_query.TypeName) (uint32, error) {
		t, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, tn, format)
		return t, err
	}

	// Options.
	var language, body string
	volatile, strict := byte('v'), false
	for _, o := range cf.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "language":
			language = d.GetArg().GetString_().GetSval()
		case "as":
			items := d.GetArg().GetList().GetItems()
			if len(items) != 1 {
				return "", pgerr.New(pgerr.InvalidFunctionDefinition, "only one AS item needed for language \"sql\"")
			}
			body = items[0].GetString_().GetSval()
		case "volatility":
			volatile = d.GetArg().GetString_().GetSval()[0]
		case "strict":
			strict = d.GetArg().GetBoolean().GetBoolval()
		default:
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "CREATE FUNCTION option %s is not supported yet", strings.ToUpper(d.GetDefname()))
		}
	}
	switch language {
	case "":
		return "", pgerr.New(pgerr.InvalidFunctionDefinition, "no language specified")
	case "sql":
	default:
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "LANGUAGE %s functions are not supported yet", language)
	}

	// Arguments and result.
	var argTypes []uint32
	var argNames []string
	named := false
	for _, n := range cf.Parameters {
		fp := n.GetFunctionParameter()
		switch fp.Mode {
		case pg_query.FunctionParameterMode_FUNC_PARAM_IN, pg_query.FunctionParameterMode_FUNC_PARAM_DEFAULT:
		default:
			return "", pgerr.New(pgerr.FeatureNotSupported, "OUT, INOUT, VARIADIC and TABLE arguments are not supported yet")
		}
		if fp.Defexpr != nil {
			return "", pgerr.New(pgerr.FeatureNotSupported, "argument defaults are not supported yet")
		}
		t, err := resolveType(fp.ArgType)
		if err != nil {
			return "", err
		}
		if types.IsPolymorphic(t) || t == types.OidAny {
			return "", pgerr.New(pgerr.FeatureNotSupported, "SQL functions with polymorphic arguments are not supported yet")
		}
		if fp.Name != "" {
			for _, prev := range argNames {
				if prev == fp.Name {
					return "", pgerr.Newf(pgerr.InvalidFunctionDefinition, "parameter name \"%s\" used more than once", fp.Name)
				}
			}
			named = true
		}
		argTypes = append(argTypes, t)
		argNames = append(argNames, fp.Name)
	}
	if !named {
		argNames = nil
	}
	if cf.ReturnType == nil || cf.ReturnType.Setof {
		return "", pgerr.New(pgerr.FeatureNotSupported, "functions returning sets or OUT arguments are not supported yet")
	}
	ret, err := resolveType(cf.ReturnType)
	if err != nil {
		return "", err
	}
	if types.IsPolymorphic(ret) || ret == types.OidVoid || ret == types.OidRecord {
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "SQL functions returning %s are not supported yet", types.FormatType(ret, -1))
	}

	if schema == tempSearchName {
		return "", errTempFunction()
	}
	nsp, err := s.functionNamespace(schema)
	if err != nil {
		return "", err
	}
	if nsp == catalog.PgCatalogNamespace || nsp == catalog.PgToastNamespace {
		return "", pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied for schema %s", schema)
	}
	if other, err := s.isOtherTempNamespace(nsp); err != nil {
		return "", err
	} else if other || s.isTempNamespace(nsp) {
		return "", errTempFunction()
	}
	// check_function_bodies: the body must analyze and return the
	// declared type. The error's position is in the body, not in this
	// statement.
	if _, err := analyze.AnalyzeFunctionBody(catalogAdapter{s}, name, body, argTypes, argNames, ret, format); err != nil {
		return "", bodyError(err, st.Query, body)
	}

	// Creations of the same name wait for each other.
	if err := s.lockName(nsp, name); err != nil {
		return "", err
	}
	existing, err := s.findUserFunctions(nsp, name)
	if err != nil {
		return "", err
	}
	var argNamesD types.Datum
	if argNames != nil {
		elems := make([]types.Datum, len(argNames))
		for i, n := range argNames {
			elems[i] = types.Text(n)
		}
		argNamesD = types.ArrayDatum(types.NewArray1(types.OidText, elems))
	}
	pc := catalog.Lookup("pg_proc")
	for _, p := range existing {
		if !sameOIDs(p.ArgTypes, argTypes) {
			continue
		}
		sig := procedureName(name, argTypes)
		if !cf.Replace {
			return "", pgerr.Newf(pgerr.DuplicateFunction, "function \"%s\" already exists with same argument types", name)
		}
		if p.RetType != ret {
			return "", pgerr.New(pgerr.InvalidFunctionDefinition, "cannot change return type of existing function").
				WithHint("Use DROP FUNCTION %s first.", sig)
		}
		for i, old := range p.ArgNames {
			if old != "" && (i >= len(argNames) || argNames[i] != old) {
				return "", pgerr.Newf(pgerr.InvalidFunctionDefinition, "cannot change name of input parameter \"%s\"", old).
					WithHint("Use DROP FUNCTION %s first.", sig)
			}
		}
		if p.Lang != catalog.LangSQL {
			return "", pgerr.Newf(pgerr.FeatureNotSupported, "replacing function %s of another language is not supported", sig)
		}
		oid := p.OID
		err := s.updateCatalogRow(pc, func(row []types.Datum) bool {
			return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
		}, func(row []types.Datum) {
			row[catalog.AnumPgProcProsrc-1] = types.Text(body)
			row[catalog.AnumPgProcProvolatile-1] = charD(volatile)
			row[catalog.AnumPgProcProisstrict-1] = types.Bool(strict)
			row[catalog.AnumPgProcProargnames-1] = argNamesD
		})
		if err != nil {
			return "", err
		}
		s.cache.InvalidateProc(oid)
		return "CREATE FUNCTION", nil
	}

	owner, err := s.currentUserOID()
	if err != nil {
		return "", err
	}
	oid, err := s.newOID()
	if err != nil {
		return "", err
	}
	row := newCatalogRow(pc).
		set("oid", oidD(oid)).set("proname", types.Text(name)).set("pronamespace", oidD(nsp)).
		set("proowner", oidD(owner)).set("prolang", oidD(catalog.LangSQL)).set("procost", types.Float4(100)).
		set("prorows", types.Float4(0)).set("provariadic", oidD(0)).set("prosupport", oidD(0)).
		set("prokind", charD('f')).set("prosecdef", types.Bool(false)).set("proleakproof", types.Bool(false)).
		set("proisstrict", types.Bool(strict)).set("proretset", types.Bool(false)).set("provolatile", charD(volatile)).
		set("proparallel", charD('u')).set("pronargs", types.Int(int64(len(argTypes)))).
		set("pronargdefaults", types.Int(0)).set("prorettype", oidD(ret)).
		set("proargtypes", types.Bytes(catalog.EncodeOidVector(argTypes))).
		set("proargnames", argNamesD).set("prosrc", types.Text(body))
	if err := s.insertCatalog(row); err != nil {
		return "", err
	}
	s.cache.InvalidateProc(oid)
	return "CREATE FUNCTION", nil
}

// dropFunctions is DROP FUNCTION.
func (s *sqlCtx) dropFunctions(st Statement, ds *pg_query.DropStmt) (string, error) {
	format := FormatOptions(s.env)
	var drop []*catalog.Proc
	for _, obj := range ds.Objects {
		owa := obj.GetObjectWithArgs()
		schema, name, err := splitFunctionName(owa.Objname)
		if err != nil {
			return "", err
		}
		var args []uint32
		for _, a := range owa.Objargs {
			t, _, err := analyze.ResolveTypeName(catalogAdapter{s}, st.Query, a.GetTypeName(), format)
			if err != nil {
				return "", err
			}
			args = append(args, t)
		}
		var nsps []uint32
		if schema != "" {
			nsp, err := s.functionNamespace(schema)
			if err != nil {
				if ds.MissingOk && pgerr.CodeOf(err) == pgerr.UndefinedSchema {
					s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "schema \"%s\" does not exist, skipping", schema))
					continue
				}
				return "", err
			}
			nsps = []uint32{nsp}
		} else if nsps, err = s.functionSearchPath(); err != nil {
			return "", err
		}
		var found *catalog.Proc
	search:
		for _, nsp := range nsps {
			if nsp == catalog.PgCatalogNamespace {
				builtins, err := (catalog.Syscache{}).Procs(name)
				if err != nil {
					return "", err
				}
				for _, p := range builtins {
					if owa.ArgsUnspecified || sameOIDs(p.ArgTypes, args) {
						return "", pgerr.Newf(pgerr.DependentObjectsStillExist,
							"cannot drop function %s because it is required by the database system", functionSignature(name, p.ArgTypes))
					}
				}
				continue
			}
			procs, err := s.findUserFunctions(nsp, name)
			if err != nil {
				return "", err
			}
			for _, p := range procs {
				if owa.ArgsUnspecified {
					if found != nil {
						return "", pgerr.Newf(pgerr.AmbiguousFunction, "function name \"%s\" is not unique", name).
							WithHint("Specify the argument list to select the function unambiguously.")
					}
					found = p
				} else if sameOIDs(p.ArgTypes, args) {
					found = p
					break search
				}
			}
			if found != nil {
				break
			}
		}
		if found == nil {
			what := "function " + functionSignature(name, args)
			if owa.ArgsUnspecified {
				what = "function " + name + "()"
			}
			if schema != "" {
				what = "function " + schema + "." + strings.TrimPrefix(what, "function ")
			}
			if ds.MissingOk {
				// RemoveObjects' notice names the types as written.
				written := strings.Join(nameListOf(owa.Objname), ".")
				if !owa.ArgsUnspecified {
					written += "(" + typeNamesAsWritten(owa.Objargs) + ")"
				}
				s.notice(pgerr.Newf(pgerr.SuccessfulCompletion, "function %s does not exist, skipping", written))
				continue
			}
			return "", pgerr.Newf(pgerr.UndefinedFunction, "%s does not exist", what)
		}
		drop = append(drop, found)
	}
	pc := catalog.Lookup("pg_proc")
	for _, p := range drop {
		oid := p.OID
		if err := s.deleteCatalogRows(pc, func(row []types.Datum) bool {
			return uint32(row[catalog.AnumPgProcOid-1].Int()) == oid
		}); err != nil {
			return "", err
		}
		s.cache.InvalidateProc(oid)
	}
	return "DROP FUNCTION", nil
}
