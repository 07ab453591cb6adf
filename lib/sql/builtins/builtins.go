// This file builds the immutable registry of built-in functions, operators,
// casts and aggregates from the bootstrap rows of pg_proc, pg_operator,
// pg_cast and pg_aggregate (lib/catalog's syscache) and the Go
// implementations registered by prosrc name, and answers the lookups
// analysis needs, adding the rows users created in the session's
// database.

package builtins

import (
	"strconv"
	"sync"

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

type registry struct {
	impls     map[string]implEntry
	srfs      map[string]expr.SRFImpl
	funcs     map[string][]*expr.Func // prokind 'f', in OID order
	funcByOID map[uint32]*expr.Func   // every kind
	opers     map[string][]*expr.Operator
	operByOID map[uint32]*expr.Operator
	casts     map[[2]uint32]*Cast
	aggs      map[string][]*expr.Func
}

// argDefaults are the default values of the trailing arguments of
// built-in functions. PostgreSQL's bootstrap rows have none: initdb's
// system_functions.sql adds them with CREATE OR REPLACE FUNCTION, which
// gpinitdb does not run, so the few implemented functions that have
// defaults list them here (by prosrc name).
var argDefaults = map[string][]types.Datum{
	"pg_terminate_backend": {types.Int(0)},
}

// registry is built on first use and never modified afterwards. Building
// it (with the catalog's index of the bootstrap rows) costs a few
// milliseconds; doing it lazily keeps that out of every process's
// start-up (a connection that runs no function never pays).
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
	case types.OidRecord, types.OidCstring, types.OidRecordArray:
		return false
	}
	return types.ByOID(t) != nil
}

// implementedTypes reports whether lib/types implements every argument
// and the result type of p: only then is a Go implementation bound to it
// (the same C function serves other types in PostgreSQL, such as
// timestamp_larger for max(timestamptz)).
func implementedTypes(p *catalog.Proc) bool {
	if !knownType(p.RetType) {
		return false
	}
	for _, a := range p.ArgTypes {
		if !knownType(a) {
			return false
		}
	}
	return true
}

// newFunc makes the function of a pg_proc row, with its Go
// implementation when there is one.
func (r *registry) newFunc(sc catalog.Syscache, p *catalog.Proc) (*expr.Func, error) {
	f := new(expr.Func)
	return f, r.initFunc(f, sc, p)
}

func (r *registry) initFunc(f *expr.Func, sc catalog.Syscache, p *catalog.Proc) error {
	*f = expr.Func{OID: p.OID, Name: p.Name, Args: p.ArgTypes, Variadic: p.Variadic, Ret: p.RetType,
		Strict: p.Strict, RetSet: p.RetSet, Volatility: expr.Volatility(p.Volatile), Src: p.Src}
	switch p.Lang {
	case catalog.LangSQL:
		if p.OID < catalog.FirstNormalOID {
			f.Src = sqlSrc(p)
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
	if p.OID >= catalog.FirstNormalOID || !implementedTypes(p) {
		return nil
	}
	if e, ok := r.impls[f.Src]; ok {
		f.Impl, f.Bind = e.impl, e.bind
	}
	if p.RetSet {
		f.SRF = r.srfs[f.Src]
	}
	return nil
}

// withDefaults returns the overload of f without its defaulted trailing
// arguments, which fills them in, or nil.
func withDefaults(f *expr.Func) *expr.Func {
	defs := argDefaults[f.Src]
	if f.Impl == nil || len(defs) == 0 || len(f.Args) < len(defs) {
		return nil
	}
	full := f.Impl
	short := *f
	short.Args = f.Args[:len(f.Args)-len(defs)]
	short.Impl = func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
		return full(ec, append(append(make([]types.Datum, 0, len(args)+len(defs)), args...), defs...))
	}
	return &short
}

func buildRegistry() *registry {
	r := &registry{
		impls:     map[string]implEntry{},
		srfs:      srfImpls(),
		funcs:     make(map[string][]*expr.Func, 3000),
		funcByOID: make(map[uint32]*expr.Func, 3500),
		opers:     map[string][]*expr.Operator{},
		operByOID: map[uint32]*expr.Operator{},
		casts:     map[[2]uint32]*Cast{},
		aggs:      map[string][]*expr.Func{},
	}
	for _, add := range []func(map[string]implEntry){
		addCompareImpls, addIntImpls, addFloatImpls, addNumericImpls,
		addTextImpls, addPatternImpls, addDatetimeImpls, addSessionImpls,
		addArrayImpls, addConvImpls, addCatalogImpls, addFunctionDefImpls,
		addWALImpls,
	} {
		add(r.impls)
	}
	var sc catalog.Syscache // the built-in rows only
	n := 0
	catalog.EachBuiltinProc(func(*catalog.Proc) { n++ })
	funcs := make([]expr.Func, n)
	n = 0
	catalog.EachBuiltinProc(func(p *catalog.Proc) {
		f := &funcs[n]
		n++
		_ = r.initFunc(f, sc, p) // built-in lookups do not fail
		r.funcByOID[p.OID] = f
		switch p.Kind {
		case 'f':
			r.funcs[p.Name] = append(r.funcs[p.Name], f)
			// Trailing arguments with defaults (proargdefaults): a call
			// may leave them out. Each gets an overload without them that
			// fills them in, so overload resolution needs no special case.
			if short := withDefaults(f); short != nil {
				r.funcs[p.Name] = append(r.funcs[p.Name], short)
			}
		case 'a':
			r.aggs[p.Name] = append(r.aggs[p.Name], f)
		}
	})
	catalog.EachBuiltinOperator(func(o *catalog.Operator) {
		f := r.funcByOID[o.Code]
		// The comparison operators of types lib/types implements are
		// bound to its comparisons when their function has no
		// implementation of its own.
		if k, ok := cmpKinds[o.Name]; ok && f != nil && !f.Implemented() && knownType(o.Left) && knownType(o.Right) {
			f.Bind = compareBinder(k)
		}
		if op := newOperator(o, f); op != nil {
			r.opers[o.Name] = append(r.opers[o.Name], op)
			r.operByOID[o.OID] = op
		}
	})
	catalog.EachBuiltinCast(func(c *catalog.Cast) {
		r.casts[[2]uint32{c.Source, c.Target}] = &Cast{Source: c.Source, Target: c.Target,
			Func: r.funcByOID[c.Func], Context: c.Context, Method: c.Method}
	})
	return r
}

// newOperator makes the operator of a pg_operator row calling f.
func newOperator(o *catalog.Operator, f *expr.Func) *expr.Operator {
	if f == nil {
		return nil
	}
	return &expr.Operator{OID: o.OID, Name: o.Name, Left: o.Left, Right: o.Right, Result: o.Result, Func: f,
		Com: o.Com, Negate: o.Negate}
}

// userFunc makes the function of a pg_proc row a user created.
func userFunc(sc catalog.Syscache, p *catalog.Proc) (*expr.Func, error) {
	return loadRegistry().newFunc(sc, p)
}

// Funcs returns the functions (prokind 'f') named name, built-in ones
// first, then those the session's database holds.
func Funcs(sc catalog.Syscache, name string) ([]*expr.Func, error) {
	return kindFuncs(sc, name, 'f', loadRegistry().funcs[name])
}

// Aggregates returns the aggregates named name.
func Aggregates(sc catalog.Syscache, name string) ([]*expr.Func, error) {
	return kindFuncs(sc, name, 'a', loadRegistry().aggs[name])
}

func kindFuncs(sc catalog.Syscache, name string, kind byte, out []*expr.Func) ([]*expr.Func, error) {
	if !sc.HasUserRows() {
		return out, nil
	}
	procs, err := sc.Procs(name)
	if err != nil {
		return nil, err
	}
	copied := false
	for _, p := range procs {
		if p.OID < catalog.FirstNormalOID || p.Kind != kind {
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
		return loadRegistry().funcByOID[oid], nil
	}
	p, err := sc.ProcByOID(oid)
	if err != nil || p == nil {
		return nil, err
	}
	return userFunc(sc, p)
}

// Operators returns the operators named name.
func Operators(sc catalog.Syscache, name string) ([]*expr.Operator, error) {
	out := loadRegistry().opers[name]
	if !sc.HasUserRows() {
		return out, nil
	}
	ops, err := sc.Operators(name)
	if err != nil {
		return nil, err
	}
	copied := false
	for _, o := range ops {
		if o.OID < catalog.FirstNormalOID {
			continue
		}
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
		return loadRegistry().operByOID[oid], nil
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
	if c := loadRegistry().casts[[2]uint32{source, target}]; c != nil || !sc.HasUserRows() {
		return c, nil
	}
	c, err := sc.Cast(source, target)
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
