// This file holds what CREATE FUNCTION writes for argument modes.

package sql

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
	"slices"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/types"
)

// variadicArgModes is proargmodes for n input arguments the last of
// which is VARIADIC: {i,...,i,v}.
func variadicArgModes(n int) types.Datum {
	modes := make([]types.Datum, n)
	for i := range modes {
		modes[i] = charD('i')
	}
	modes[n-1] = charD('v')
	return types.ArrayDatum(types.NewArray1(types.OidChar, modes))
}

// parameterDefault analyzes a parameter's DEFAULT and returns it as the
// SQL text stored in proargdefaults.
func (s *sqlCtx) parameterDefault(query string, raw *pg_query.Node, typ uint32, format *types.FormatOptions) (string, error) {
	e, err := analyze.AnalyzeParamDefault(catalogAdapter{s}, query, raw, typ, format)
	if err != nil {
		return "", err
	}
	return analyze.DeparseFormat(e, false, nil, format)
}

// argDefaultsDatum is proargdefaults: the defaults' SQL texts as the
// text of a text[] (gpostgres keeps stored expressions as SQL, not as
// PostgreSQL's node trees; builtins.SQLArgDefaults reads it back).
func argDefaultsDatum(defaults []string) types.Datum {
	elems := make([]types.Datum, len(defaults))
	for i, d := range defaults {
		elems[i] = types.Text(d)
	}
	text := types.AppendText(nil, types.OidTextArray, types.ArrayDatum(types.NewArray1(types.OidText, elems)), &types.FormatOptions{})
	return types.Text(string(text))
}

// routineParams are the parameters of a function or procedure being
// created, as pg_proc stores them (interpret_function_parameter_list).
type routineParams struct {
	inTypes  []uint32 // proargtypes: IN, INOUT and VARIADIC parameters
	allTypes []uint32 // every parameter
	modes    []byte   // every parameter's mode: i, o, b (INOUT), v
	names    []string // every parameter's name, "" for none; nil if none has one
	inNames  []string // the input parameters' names, nil if none has one
	outTypes []uint32 // OUT and INOUT parameters, nil if none
	outNames []string
	variadic uint32   // provariadic: the VARIADIC parameter's element type
	defaults []string // the trailing input parameters' defaults, as SQL
}

// routineParameters interprets CREATE FUNCTION's or CREATE PROCEDURE's
// parameter list. Functions here take input parameters only.
func (s *sqlCtx) routineParameters(st Statement, nodes []*pg_query.Node, proc bool, resolveType func(*pg_query.TypeName) (uint32, error), format *types.FormatOptions) (*routineParams, error) {
	r := &routineParams{}
	named := false
	varCount := 0
	for _, n := range nodes {
		fp := n.GetFunctionParameter()
		var mode byte
		switch fp.Mode {
		case pg_query.FunctionParameterMode_FUNC_PARAM_IN, pg_query.FunctionParameterMode_FUNC_PARAM_DEFAULT:
			mode = 'i'
		case pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC:
			mode = 'v'
		case pg_query.FunctionParameterMode_FUNC_PARAM_OUT:
			mode = 'o'
		case pg_query.FunctionParameterMode_FUNC_PARAM_INOUT:
			mode = 'b'
		case pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:
			mode = 't'
		}
		if mode == 0 || proc && mode == 't' {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "this argument mode is not supported")
		}
		t, err := resolveType(fp.ArgType)
		if pgerr.CodeOf(err) == pgerr.UndefinedObject {
			// interpret_function_parameter_list's own words.
			return nil, pgerr.Newf(pgerr.UndefinedObject, "type %s does not exist", typeNamesAsWritten([]*pg_query.Node{{Node: &pg_query.Node_TypeName{TypeName: fp.ArgType}}}))
		}
		if err != nil {
			return nil, err
		}
		if types.IsPolymorphic(t) || t == types.OidAny {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "SQL functions with polymorphic arguments are not supported yet")
		}
		input := mode != 'o' && mode != 't'
		if input {
			if varCount > 0 {
				return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "VARIADIC parameter must be the last input parameter")
			}
			r.inTypes = append(r.inTypes, t)
		}
		if mode == 'o' || mode == 'b' || mode == 't' {
			// OUT after VARIADIC would confuse CALL.
			if varCount > 0 && proc {
				return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "VARIADIC parameter must be the last parameter")
			}
			r.outTypes = append(r.outTypes, t)
			r.outNames = append(r.outNames, fp.Name)
		}
		if mode == 'v' {
			if r.variadic = types.ElemType(t); r.variadic == 0 {
				return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "VARIADIC parameter must be an array")
			}
			varCount++
		}
		if fp.Name != "" {
			for k, prev := range r.names {
				// A pure input and a pure output parameter may share a name.
				pm := r.modes[k]
				if (mode == 'i' || mode == 'v') && (pm == 'o' || pm == 't') || (pm == 'i' || pm == 'v') && (mode == 'o' || mode == 't') {
					continue
				}
				if prev == fp.Name {
					return nil, pgerr.Newf(pgerr.InvalidFunctionDefinition, "parameter name \"%s\" used more than once", fp.Name)
				}
			}
			named = true
		}
		r.allTypes = append(r.allTypes, t)
		r.modes = append(r.modes, mode)
		r.names = append(r.names, fp.Name)
		if input {
			r.inNames = append(r.inNames, fp.Name)
		}
		if fp.Defexpr != nil {
			if !input {
				return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "only input parameters can have default values")
			}
			text, err := s.parameterDefault(st.Query, fp.Defexpr, t, format)
			if err != nil {
				return nil, err
			}
			r.defaults = append(r.defaults, text)
		} else if len(r.defaults) > 0 {
			if input {
				return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "input parameters after one with a default value must also have defaults")
			}
			// The same confusion in CALL.
			return nil, pgerr.New(pgerr.InvalidFunctionDefinition, "procedure OUT parameters cannot appear after one with a default value")
		}
	}
	if !named {
		r.names, r.inNames = nil, nil
	} else {
		named = false
		for _, n := range r.inNames {
			named = named || n != ""
		}
		if !named {
			r.inNames = nil
		}
	}
	return r, nil
}

// setColumns sets the pg_proc columns that the parameters fill.
func (r *routineParams) setColumns(set func(att int, v types.Datum)) {
	set(catalog.AnumPgProcPronargs, types.Int(int64(len(r.inTypes))))
	set(catalog.AnumPgProcProargtypes, types.Bytes(catalog.EncodeOidVector(r.inTypes)))
	set(catalog.AnumPgProcProvariadic, oidD(r.variadic))
	all, modes, names := types.Null, types.Null, types.Null
	if r.outTypes != nil || r.variadic != 0 {
		oids := make([]types.Datum, len(r.allTypes))
		ms := make([]types.Datum, len(r.modes))
		for i, t := range r.allTypes {
			oids[i], ms[i] = oidD(t), charD(r.modes[i])
		}
		all = types.ArrayDatum(types.NewArray1(types.OidOid, oids))
		modes = types.ArrayDatum(types.NewArray1(types.OidChar, ms))
	}
	if r.names != nil {
		elems := make([]types.Datum, len(r.names))
		for i, n := range r.names {
			elems[i] = types.Text(n)
		}
		names = types.ArrayDatum(types.NewArray1(types.OidText, elems))
	}
	set(catalog.AnumPgProcProallargtypes, all)
	set(catalog.AnumPgProcProargmodes, modes)
	set(catalog.AnumPgProcProargnames, names)
	set(catalog.AnumPgProcPronargdefaults, types.Int(int64(len(r.defaults))))
	set(catalog.AnumPgProcProargdefaults, types.Null)
	if len(r.defaults) > 0 {
		set(catalog.AnumPgProcProargdefaults, argDefaultsDatum(r.defaults))
	}
}

// checkReplace checks that CREATE OR REPLACE may replace existing,
// which has the same input argument types (ProcedureCreate's checks).
func (r *routineParams) checkReplace(replace bool, existing *catalog.Proc, name string, proc bool, ret uint32, retSet bool) error {
	if !replace {
		return pgerr.Newf(pgerr.DuplicateFunction, "function \"%s\" already exists with same argument types", name)
	}
	if (existing.Kind == 'p') != proc {
		what := "a function"
		if existing.Kind == 'p' {
			what = "a procedure"
		}
		return pgerr.New(pgerr.WrongObjectType, "cannot change routine kind").WithDetail("\"%s\" is %s.", name, what)
	}
	hint := "Use DROP " + routineKind(existing.Kind) + " " + procedureName(name, existing.ArgTypes) + " first."
	if existing.RetType != ret || existing.RetSet != retSet {
		if proc {
			return pgerr.New(pgerr.InvalidFunctionDefinition, "cannot change whether a procedure has output parameters").WithHint("%s", hint)
		}
		return pgerr.New(pgerr.InvalidFunctionDefinition, "cannot change return type of existing function").WithHint("%s", hint)
	}
	if ret == types.OidRecord && r.outTypes != nil {
		var old []uint32
		for i, m := range existing.ArgModes {
			if (m == 'o' || m == 'b' || m == 't') && i < len(existing.AllArgTypes) {
				old = append(old, existing.AllArgTypes[i])
			}
		}
		var oldNames []string
		for i, m := range existing.ArgModes {
			if m == 'o' || m == 'b' || m == 't' {
				n := ""
				if i < len(existing.ArgNames) {
					n = existing.ArgNames[i]
				}
				oldNames = append(oldNames, n)
			}
		}
		// The row type has the parameters' names as its columns.
		if !slices.Equal(old, r.outTypes) || !slices.Equal(oldNames, r.outNames) {
			return pgerr.New(pgerr.InvalidFunctionDefinition, "cannot change return type of existing function").
				WithDetail("Row type defined by OUT parameters is different.").WithHint("%s", hint)
		}
	}
	// proargnames lists every parameter, in both rows.
	newNames := r.names
	for i, old := range existing.ArgNames {
		// Input parameters keep their names (OUT ones may change).
		if old == "" || i < len(existing.ArgModes) && (existing.ArgModes[i] == 'o' || existing.ArgModes[i] == 't') {
			continue
		}
		if i >= len(newNames) || newNames[i] != old {
			return pgerr.Newf(pgerr.InvalidFunctionDefinition, "cannot change name of input parameter \"%s\"", old).WithHint("%s", hint)
		}
	}
	if len(r.defaults) < existing.NArgDefaults {
		return pgerr.New(pgerr.InvalidFunctionDefinition, "cannot remove parameter defaults from existing function").WithHint("%s", hint)
	}
	if existing.Lang != catalog.LangSQL {
		return pgerr.Newf(pgerr.FeatureNotSupported, "replacing function %s of another language is not supported", procedureName(name, existing.ArgTypes))
	}
	return nil
}
