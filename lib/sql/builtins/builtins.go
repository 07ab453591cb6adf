// This file makes the functions, operators, casts and aggregates of the
// rows of pg_proc, pg_operator, pg_cast and pg_aggregate (lib/catalog's
// syscache) with the Go implementations registered by prosrc name, the
// built-in ones once per process when first asked for, and answers the
// lookups analysis needs, adding the rows users created in the session's
// database.

package builtins

import (
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Cast is a pg_cast row: how to convert Source to Target, and in which
// contexts the conversion may be applied implicitly.
type Cast struct {
	Source, Target uint32
	Func           *expr.Func // nil for binary-compatible and I/O casts
	Context        byte       // 'i' implicit, 'a' assignment, 'e' explicit
	Method         byte       // 'f' function, 'b' binary, 'i' I/O
}

// implEntry is the Go side of a function: a fixed implementation or a
// binder that specializes on argument types.
type implEntry struct {
	impl expr.Impl
	bind expr.Binder
}

// registry is what the built-in functions need besides the catalog
// rows: the Go implementations by prosrc name and the functions of the
// comparison operators that lib/types' comparisons implement.
type registry struct {
	impls   map[string]implEntry
	srfs    map[string]expr.SRFImpl
	rowSRFs map[string]expr.RowSRFImpl
	// recordFuncs implement functions returning record by prosrc.
	recordFuncs map[string]expr.RecordFuncImpl
	// bindSRFs implement set-returning functions that depend on their
	// argument types, by prosrc.
	bindSRFs map[string]func(argTypes []uint32) expr.SRFImpl
	cmpProcs map[uint32]cmpKind
}

// The functions, operators and casts made from built-in catalog rows,
// made the first time each is asked for (by row position, or by name
// with catalog.BuiltinProcsNamed's key), then shared and never modified.
var (
	funcMemo    [catalog.NumBuiltinProcs]atomic.Pointer[expr.Func]
	funcsByName [catalog.NumBuiltinProcs]atomic.Pointer[[]*expr.Func]
	aggsByName  [catalog.NumBuiltinProcs]atomic.Pointer[[]*expr.Func]
	winsByName  [catalog.NumBuiltinProcs]atomic.Pointer[[]*expr.Func]
	operMemo    [catalog.NumBuiltinOperators]atomic.Pointer[expr.Operator]
	opersByName [catalog.NumBuiltinOperators]atomic.Pointer[[]*expr.Operator]
	castMemo    [catalog.NumBuiltinCasts]atomic.Pointer[Cast]
)

// memo returns the value in slot, making it first if it is empty.
func memo[T any](slot *atomic.Pointer[T], build func() *T) *T {
	if v := slot.Load(); v != nil {
		return v
	}
	slot.CompareAndSwap(nil, build())
	return slot.Load()
}

// argDefaults are the default values of the trailing arguments of
// built-in functions. PostgreSQL's bootstrap rows have none: initdb's
// system_functions.sql adds them with CREATE OR REPLACE FUNCTION, which
// gpinitdb does not run, so the few implemented functions that have
// defaults list them here (by prosrc name).
var argDefaults = map[string][]types.Datum{
	"pg_terminate_backend":      {types.Int(0)},
	"make_interval":             {types.Int(0), types.Int(0), types.Int(0), types.Int(0), types.Int(0), types.Int(0), types.Float8(0)},
	"parse_ident":               {types.Bool(true)},
	"unicode_normalize_func":    {types.Text("NFC")},
	"unicode_is_normalized":     {types.Text("NFC")},
	"jsonb_set":                 {types.Bool(true)},
	"jsonb_insert":              {types.Bool(false)},
	"json_populate_record":      {types.Bool(false)},
	"json_populate_recordset":   {types.Bool(false)},
	"jsonb_set_lax":             {types.Bool(true), types.Text("use_json_null")},
	"jsonb_path_exists":         {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_match":          {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query":          {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query_array":    {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query_first":    {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_exists_tz":      {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_match_tz":       {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query_tz":       {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query_array_tz": {emptyJSONBObject, types.Bool(false)},
	"jsonb_path_query_first_tz": {emptyJSONBObject, types.Bool(false)},
}

// emptyJSONBObject is '{}'::jsonb, the default of the jsonpath functions'
// vars argument.
var emptyJSONBObject = types.JSONBDatum(&types.JSON{Kind: types.JSONObject})

// loadRegistry builds the registry on first use (a fraction of a
// millisecond: a connection that runs no function never pays).
var loadRegistry = sync.OnceValue(buildRegistry)

// sqlSrc is the name SQL-language built-ins are implemented under: their
// prosrc is a query, so the key is sql_<name>_<oid>.
func sqlSrc(p *catalog.Proc) string {
	return "sql_" + p.Name + "_" + strconv.FormatUint(uint64(p.OID), 10)
}

// knownType reports whether lib/types implements values of type t
// (record and cstring only stand for rows and C strings it cannot
// compute with).
func knownType(t uint32) bool {
	switch t {
	case types.OidCstring:
		return false
	}
	return types.ByOID(t) != nil
}

// implementedTypes reports whether lib/types implements every argument
// and the result type of p: only then is a Go implementation bound to it
// (the same C function serves other types in PostgreSQL, such as
// timestamp_larger for max(timestamptz)).
func implementedTypes(p *catalog.Proc) bool {
	if p.RetType == types.OidRecord && p.RetSet && len(p.AllArgTypes) > 0 {
		// A set of rows of OUT columns: those must be known.
		for _, a := range p.AllArgTypes {
			if !knownType(a) {
				return false
			}
		}
	} else if !knownType(p.RetType) {
		return false
	}
	for _, a := range p.ArgTypes {
		if !knownType(a) {
			return false
		}
	}
	return true
}

// initFunc makes f the function of pg_proc row p, with its Go
// implementation when there is one.
func (r *registry) initFunc(f *expr.Func, sc catalog.Syscache, p *catalog.Proc) error {
	*f = expr.Func{OID: p.OID, Name: p.Name, Namespace: p.Namespace, Args: p.ArgTypes, Variadic: p.Variadic, Ret: p.RetType,
		Strict: p.Strict, RetSet: p.RetSet, Volatility: expr.Volatility(p.Volatile), Leakproof: p.Leakproof, Src: p.Src, ArgNames: InArgNames(p)}
	switch p.Lang {
	case catalog.LangSQL:
		if p.OID < catalog.FirstNormalOID {
			f.Src = sqlSrc(p)
		} else if p.Kind == 'f' || p.Kind == 'p' {
			f.SQL, f.SQLArgDefaults, f.Procedure, f.Config = true, sqlArgDefaults(p), p.Kind == 'p', p.Config
			if p.SQLBody != "" {
				// A SQL-standard body: prosqlbody holds its statements.
				f.Src, f.StandardBody = p.SQLBody, true
			}
			if p.Kind == 'f' {
				// The columns of its result: analysis of its body and of
				// its calls reads them.
				f.OutNames, f.OutTypes = outColumns(p)
				for i, n := range f.OutNames {
					if n == "" {
						// build_function_result_tupdesc_d's name.
						f.OutNames[i] = "column" + strconv.Itoa(i+1)
					}
				}
			}
			return nil
		}
	case catalog.LangInternal:
	default:
		return nil
	}
	if p.Kind == 'a' {
		a, err := sc.Aggregate(p.OID)
		if err != nil || a == nil {
			return err
		}
		def := &expr.AggDef{Kind: a.Kind, TransType: a.TransType}
		for _, fn := range []struct {
			oid uint32
			dst *string
		}{{a.TransFn, &def.TransFn}, {a.FinalFn, &def.FinalFn}} {
			if fn.oid == 0 {
				continue
			}
			q, err := sc.ProcByOID(fn.oid)
			if err != nil {
				return err
			}
			if q != nil {
				*fn.dst = q.Src
			}
		}
		f.Agg = def
		return nil
	}
	if p.OID < catalog.FirstNormalOID && p.RetType == types.OidRecord && len(p.AllArgTypes) == 0 {
		// Columns from the call's column definition list.
		f.RecordFunc = r.recordFuncs[f.Src]
		return nil
	}
	if p.OID >= catalog.FirstNormalOID || !implementedTypes(p) {
		return nil
	}
	if e, ok := r.impls[f.Src]; ok {
		f.Impl, f.Bind = e.impl, e.bind
	}
	if p.RetSet {
		f.SRF = r.srfs[f.Src]
		f.BindSRF = r.bindSRFs[f.Src]
		f.OutNames, f.OutTypes = outColumns(p)
		if p.RetType == types.OidRecord {
			f.RowSRF = r.rowSRFs[f.Src]
			if f.RowSRF != nil {
				// Outside FROM, its rows are records.
				f.SRF = recordRows(f.RowSRF, f.OutNames, f.OutTypes)
			}
		}
	}
	if !p.RetSet && p.RetType == types.OidRecord {
		if rows := r.rowSRFs[f.Src]; rows != nil {
			// One record of OUT columns (pg_stat_get_wal): its row in
			// FROM, the record elsewhere.
			f.OutNames, f.OutTypes = outColumns(p)
			f.RowSRF = nullRecordAsNulls(rows, len(f.OutTypes))
			f.Impl = firstRecord(rows, f.OutNames, f.OutTypes)
		}
	}
	// The comparison operators of types lib/types implements are bound
	// to its comparisons when their function has no implementation of
	// its own.
	if k, ok := r.cmpProcs[p.OID]; ok && !f.Implemented() {
		f.Bind = compareBinder(k)
	}
	return nil
}

// outColumns returns the names and types of a function's OUT (and
// INOUT, TABLE) arguments, nil when it has none.
func outColumns(p *catalog.Proc) ([]string, []uint32) {
	if len(p.ArgModes) == 0 {
		return nil, nil
	}
	var names []string
	var typs []uint32
	for i, m := range p.ArgModes {
		if m != 'o' && m != 'b' && m != 't' {
			continue
		}
		name := ""
		if i < len(p.ArgNames) {
			name = p.ArgNames[i]
		}
		names, typs = append(names, name), append(typs, p.AllArgTypes[i])
	}
	return names, typs
}

// recordRows makes the rows of a set-returning function with OUT
// columns into records of those columns.
// WithOutTypes returns a copy of row-returning function f whose OUT
// columns have the types outTypes (its polymorphic ones resolved for a
// call), its records described with them.
func WithOutTypes(f *expr.Func, outTypes []uint32) *expr.Func {
	g := *f
	g.OutTypes = outTypes
	g.SRF = recordRows(g.RowSRF, g.OutNames, outTypes)
	return &g
}

func recordRows(rows expr.RowSRFImpl, names []string, typs []uint32) expr.SRFImpl {
	mods := make([]int32, len(typs))
	for i := range mods {
		mods[i] = -1
	}
	desc := &types.RowDesc{Names: names, Types: typs, Mods: mods}
	return func(ec *expr.EvalContext, args []types.Datum) (func() (types.Datum, bool, error), error) {
		next, err := rows(ec, args)
		if err != nil {
			return nil, err
		}
		return func() (types.Datum, bool, error) {
			row, ok, err := next()
			if err != nil || !ok {
				return types.Null, ok, err
			}
			if len(row) == 0 && len(typs) > 0 {
				return types.Null, true, nil // nullRecord
			}
			return types.RecordDatum(&types.Record{Desc: desc, Values: row}), true, nil
		}, nil
	}
}

// nullRecord is the row a function returning one record of OUT columns
// gives for a NULL result (pg_stat_file of a missing file with
// missing_ok): NULL as a record, a row of NULLs in FROM.
var nullRecord = []types.Datum{}

// nullRecordAsNulls is rows with nullRecord replaced by n NULLs, for the
// function in FROM.
func nullRecordAsNulls(rows expr.RowSRFImpl, n int) expr.RowSRFImpl {
	return func(ec *expr.EvalContext, args []types.Datum) (func() ([]types.Datum, bool, error), error) {
		next, err := rows(ec, args)
		if err != nil {
			return nil, err
		}
		return func() ([]types.Datum, bool, error) {
			row, ok, err := next()
			if ok && err == nil && len(row) == 0 && n > 0 {
				row = make([]types.Datum, n)
				for i := range row {
					row[i] = types.Null
				}
			}
			return row, ok, err
		}, nil
	}
}

// firstRecord is the scalar form of a function returning one record of
// OUT columns: the first row rows gives, as a record (NULL without one).
func firstRecord(rows expr.RowSRFImpl, names []string, typs []uint32) expr.Impl {
	records := recordRows(rows, names, typs)
	return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		next, err := records(ec, args)
		if err != nil {
			return types.Null, err
		}
		v, _, err := next()
		return v, err
	}
}

// withDefaults returns the overloads of f without some of its defaulted
// trailing arguments, which fill them in (the shortest first), or nil.
func withDefaults(f *expr.Func) []*expr.Func {
	defs := argDefaults[f.Src]
	if (f.Impl == nil && f.SRF == nil && f.Bind == nil && f.BindSRF == nil) || len(defs) == 0 || len(f.Args) < len(defs) {
		return nil
	}
	var out []*expr.Func
	for drop := len(defs); drop >= 1; drop-- {
		fill := defs[len(defs)-drop:]
		short := *f
		short.Args = f.Args[:len(f.Args)-drop]
		short.ArgNames = nil // named calls use the full form and ArgDefault
		complete := func(args []types.Datum) []types.Datum {
			return append(append(make([]types.Datum, 0, len(args)+len(fill)), args...), fill...)
		}
		if full := f.Impl; full != nil {
			short.Impl = func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
				return full(ec, complete(args))
			}
		}
		if full := f.Bind; full != nil {
			filled := f.Args[len(f.Args)-drop:]
			short.Bind = func(argTypes []uint32, ret uint32) expr.Impl {
				impl := full(append(append([]uint32(nil), argTypes...), filled...), ret)
				if impl == nil {
					return nil
				}
				return func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
					return impl(ec, complete(args))
				}
			}
		}
		if full := f.BindSRF; full != nil {
			filled := f.Args[len(f.Args)-drop:]
			short.BindSRF = func(argTypes []uint32) expr.SRFImpl {
				srf := full(append(append([]uint32(nil), argTypes...), filled...))
				if srf == nil {
					return nil
				}
				return func(ec *expr.EvalContext, args []types.Datum) (func() (types.Datum, bool, error), error) {
					return srf(ec, complete(args))
				}
			}
		}
		if full := f.SRF; full != nil {
			short.SRF = func(ec *expr.EvalContext, args []types.Datum) (func() (types.Datum, bool, error), error) {
				return full(ec, complete(args))
			}
		}
		out = append(out, &short)
	}
	return out
}

func buildRegistry() *registry {
	r := &registry{impls: map[string]implEntry{}, srfs: srfImpls(), rowSRFs: rowSRFImpls(), recordFuncs: recordFuncImpls(), bindSRFs: bindSRFImpls(), cmpProcs: map[uint32]cmpKind{}}
	addJSONSRFs(r.srfs)
	addRegexpSRFs(r.bindSRFs)
	for _, add := range []func(map[string]implEntry){
		addCompareImpls, addRecordImpls, addIntImpls, addFloatImpls, addNumericImpls,
		addTextImpls, addPatternImpls, addRegexpImpls, addDatetimeImpls, addSessionImpls, addUnicodeImpls,
		addArrayImpls, addArrayFuncImpls, addConvImpls, addCatalogImpls, addFunctionDefImpls,
		addWALImpls, addSequenceImpls, addJSONImpls, addEnumImpls, addMathImpls, addByteaImpls, addMiscImpls,
		addFormatImpls, addFormattingImpls, addNumFormattingImpls, addFormattingParseImpls, addNetworkImpls, addTimeTZImpls, addBitStringImpls, addMoneyImpls,
		addXid8Impls, addHashSupportImpls, addIndexPropertyImpls, addSysInfoImpls, addGenfileImpls, addToASCIIImpls, addInRangeImpls, addJSONBHashImpls, addAggSupportImpls, addFloatAggSupportImpls, addRegrImpls, addIntervalAggImpls, addAdvisoryImpls, addNotifyImpls, addStatsImpls, addACLImpls, addInfoSchemaImpls,
	} {
		add(r.impls)
	}
	addMiscSRFs(r)
	addProcessStateImpls(r)
	addAbsentObjectImpls(r)
	addSysInfoSRFs(r)
	addGenfileSRFs(r)
	r.rowSRFs["pg_stat_get_progress_info"] = progressInfo
	r.rowSRFs["aclexplode"] = aclExplode
	r.rowSRFs["sql__pg_expandarray_13208"] = expandArray
	r.rowSRFs["pg_options_to_table"] = optionsToTable
	for _, row := range catalog.Lookup("pg_operator").InitialRows() {
		k, ok := cmpKinds[row[catalog.AnumPgOperatorOprname-1]]
		if !ok {
			continue
		}
		oid := func(att int) uint32 {
			n, _ := strconv.ParseUint(row[att-1], 10, 32)
			return uint32(n)
		}
		if knownType(oid(catalog.AnumPgOperatorOprleft)) && knownType(oid(catalog.AnumPgOperatorOprright)) {
			r.cmpProcs[oid(catalog.AnumPgOperatorOprcode)] = k
		}
	}
	return r
}

// builtinFunc returns the function of the built-in pg_proc row at
// position row.
func builtinFunc(row int) *expr.Func {
	return memo(&funcMemo[row], func() *expr.Func {
		f := new(expr.Func)
		_ = loadRegistry().initFunc(f, catalog.Syscache{}, catalog.BuiltinProcAt(row)) // built-in lookups do not fail
		return f
	})
}

// builtinFuncs returns the built-in functions of kind ('f', 'a' or 'w')
// called name, in OID order. A call may leave out trailing arguments
// that have defaults: each such function gets an overload without them
// that fills them in, so overload resolution needs no special case.
func builtinFuncs(name string, kind byte) []*expr.Func {
	key, rows := catalog.BuiltinProcsNamed(name)
	if len(rows) == 0 {
		return nil
	}
	slots := &funcsByName
	switch kind {
	case 'a':
		slots = &aggsByName
	case 'w':
		slots = &winsByName
	}
	return *memo(&slots[key], func() *[]*expr.Func {
		var out []*expr.Func
		for _, r := range rows {
			if catalog.BuiltinProcAt(int(r)).Kind != kind {
				continue
			}
			f := builtinFunc(int(r))
			out = append(out, f)
			out = append(out, withDefaults(f)...)
		}
		return &out
	})
}

func builtinOperator(row int) *expr.Operator {
	return memo(&operMemo[row], func() *expr.Operator {
		o := catalog.BuiltinOperatorAt(row)
		var f *expr.Func
		if r := catalog.BuiltinProcRow(o.Code); r >= 0 {
			f = builtinFunc(r)
		}
		return newOperator(o, f)
	})
}

func builtinOperators(name string) []*expr.Operator {
	key, rows := catalog.BuiltinOperatorsNamed(name)
	if len(rows) == 0 {
		return nil
	}
	return *memo(&opersByName[key], func() *[]*expr.Operator {
		var out []*expr.Operator
		for _, r := range rows {
			if op := builtinOperator(int(r)); op != nil {
				out = append(out, op)
			}
		}
		return &out
	})
}

// newOperator makes the operator of a pg_operator row calling f.
func newOperator(o *catalog.Operator, f *expr.Func) *expr.Operator {
	if f == nil {
		return nil
	}
	return &expr.Operator{OID: o.OID, Name: o.Name, Left: o.Left, Right: o.Right, Result: o.Result, Func: f,
		Com: o.Com, Negate: o.Negate, JoinEquality: o.CanMerge || o.CanHash}
}

// userFunc makes the function of a pg_proc row a user created.
func userFunc(sc catalog.Syscache, p *catalog.Proc) (*expr.Func, error) {
	f := new(expr.Func)
	return f, loadRegistry().initFunc(f, sc, p)
}

// Funcs returns the functions (prokind 'f') named name, built-in ones
// first, then those the session's database holds.
func Funcs(sc catalog.Syscache, name string) ([]*expr.Func, error) {
	return withUserFuncs(sc, name, 'f', builtinFuncs(name, 'f'))
}

// Routines returns Funcs and the procedures named name: a call
// considers both and refuses the wrong kind (ParseFuncOrColumn). A
// procedure's arguments are its input arguments, or all of them, OUT
// ones included, for CALL (withOut: FuncnameGetCandidates'
// include_out_arguments).
func Routines(sc catalog.Syscache, name string, withOut bool) ([]*expr.Func, error) {
	out, err := Funcs(sc, name)
	if err != nil {
		return nil, err
	}
	procs, err := sc.UserProcs(name)
	if err != nil {
		return nil, err
	}
	out = out[:len(out):len(out)]
	for _, p := range procs {
		if p.Kind != 'p' {
			continue
		}
		f, err := userFunc(sc, p)
		if err != nil {
			return nil, err
		}
		if withOut && p.AllArgTypes != nil {
			f.Args, f.ArgNames = p.AllArgTypes, p.ArgNames
		}
		out = append(out, f)
	}
	return out, nil
}

// Aggregates returns the aggregates named name.
func Aggregates(sc catalog.Syscache, name string) ([]*expr.Func, error) {
	return withUserFuncs(sc, name, 'a', builtinFuncs(name, 'a'))
}

// WindowFuncs returns the window functions (prokind 'w') named name.
// The executor's WindowAgg computes them by their prosrc name
// (window_row_number, window_lag_with_offset, ...).
func WindowFuncs(sc catalog.Syscache, name string) ([]*expr.Func, error) {
	return withUserFuncs(sc, name, 'w', builtinFuncs(name, 'w'))
}

func withUserFuncs(sc catalog.Syscache, name string, kind byte, out []*expr.Func) ([]*expr.Func, error) {
	procs, err := sc.UserProcs(name)
	if err != nil {
		return nil, err
	}
	copied := false
	for _, p := range procs {
		if p.Kind != kind {
			continue
		}
		f, err := userFunc(sc, p)
		if err != nil {
			return nil, err
		}
		if !copied {
			out, copied = append([]*expr.Func(nil), out...), true
		}
		out = append(out, f)
	}
	return out, nil
}

// FuncByOID returns the function with the given pg_proc OID, or nil.
func FuncByOID(sc catalog.Syscache, oid uint32) (*expr.Func, error) {
	if oid < catalog.FirstNormalOID {
		if r := catalog.BuiltinProcRow(oid); r >= 0 {
			return builtinFunc(r), nil
		}
		return nil, nil
	}
	p, err := sc.ProcByOID(oid)
	if err != nil || p == nil {
		return nil, err
	}
	return userFunc(sc, p)
}

// Operators returns the operators named name.
func Operators(sc catalog.Syscache, name string) ([]*expr.Operator, error) {
	out := builtinOperators(name)
	ops, err := sc.UserOperators(name)
	if err != nil {
		return nil, err
	}
	copied := false
	for _, o := range ops {
		op, err := userOperator(sc, o)
		if err != nil {
			return nil, err
		}
		if op == nil {
			continue
		}
		if !copied {
			out, copied = append([]*expr.Operator(nil), out...), true
		}
		out = append(out, op)
	}
	return out, nil
}

func userOperator(sc catalog.Syscache, o *catalog.Operator) (*expr.Operator, error) {
	f, err := FuncByOID(sc, o.Code)
	if err != nil {
		return nil, err
	}
	return newOperator(o, f), nil
}

// OperatorByOID returns the operator with the given pg_operator OID, or
// nil.
func OperatorByOID(sc catalog.Syscache, oid uint32) (*expr.Operator, error) {
	if oid < catalog.FirstNormalOID {
		if r := catalog.BuiltinOperatorRow(oid); r >= 0 {
			return builtinOperator(r), nil
		}
		return nil, nil
	}
	o, err := sc.OperatorByOID(oid)
	if err != nil || o == nil {
		return nil, err
	}
	return userOperator(sc, o)
}

// LookupOperator returns the operator name(left, right) with exactly these
// argument types, or nil.
func LookupOperator(sc catalog.Syscache, name string, left, right uint32) (*expr.Operator, error) {
	ops, err := Operators(sc, name)
	if err != nil {
		return nil, err
	}
	for _, op := range ops {
		if op.Left == left && op.Right == right {
			return op, nil
		}
	}
	return nil, nil
}

// LookupCast returns the pg_cast entry from source to target, or nil.
func LookupCast(sc catalog.Syscache, source, target uint32) (*Cast, error) {
	if r := catalog.BuiltinCastRow(source, target); r >= 0 {
		return memo(&castMemo[r], func() *Cast {
			c := catalog.BuiltinCastAt(r)
			out := &Cast{Source: c.Source, Target: c.Target, Context: c.Context, Method: c.Method}
			if row := catalog.BuiltinProcRow(c.Func); row >= 0 {
				out.Func = builtinFunc(row)
			}
			return out
		}), nil
	}
	c, err := sc.UserCast(source, target)
	if err != nil || c == nil {
		return nil, err
	}
	out := &Cast{Source: c.Source, Target: c.Target, Context: c.Context, Method: c.Method}
	if c.Func != 0 {
		if out.Func, err = FuncByOID(sc, c.Func); err != nil {
			return nil, err
		}
	}
	return out, nil
}
