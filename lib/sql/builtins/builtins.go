// This file builds the immutable registry of built-in functions, operators
// and casts from the generated catalog rows and the Go implementations,
// and answers the lookups analysis needs.

package builtins

import (
	"sync"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

type procRow struct {
	oid        uint32
	name       string
	args       []uint32
	variadic   uint32
	ret        uint32
	strict     bool
	retset     bool
	volatility byte
	src        string
}

type operRow struct {
	oid                 uint32
	name                string
	left, right, result uint32
	proc                uint32
	com, negate         uint32
}

type typeRow struct {
	oid       uint32
	name      string
	category  byte
	preferred bool
}

type castRow struct {
	source, target, fn uint32
	context, method    byte
}

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
	funcs     map[string][]*expr.Func
	funcByOID map[uint32]*expr.Func
	opers     map[string][]*expr.Operator
	operByOID map[uint32]*expr.Operator
	casts     map[[2]uint32]*Cast
	others    map[uint32]*typeRow
	aggs      map[string][]*expr.Func
}

// argDefaults are the default values of the trailing arguments of the
// implemented functions that have them, from pg_proc.proargdefaults.
var argDefaults = map[string][]types.Datum{
	"pg_terminate_backend": {types.Int(0)},
}

// registry is built on first use and never modified afterwards. Building
// it costs a few milliseconds; doing it lazily keeps that out of every
// process's start-up (a connection that runs no function never pays).
var loadRegistry = sync.OnceValue(buildRegistry)

func buildRegistry() *registry {
	impls := map[string]implEntry{}
	for _, add := range []func(map[string]implEntry){
		addCompareImpls, addIntImpls, addFloatImpls, addNumericImpls,
		addTextImpls, addPatternImpls, addDatetimeImpls, addSessionImpls,
		addArrayImpls, addConvImpls, addCatalogImpls, addFunctionDefImpls,
		addWALImpls, addSequenceImpls,
	} {
		add(impls)
	}
	r := &registry{
		funcs:     map[string][]*expr.Func{},
		funcByOID: map[uint32]*expr.Func{},
		opers:     map[string][]*expr.Operator{},
		operByOID: map[uint32]*expr.Operator{},
		casts:     map[[2]uint32]*Cast{},
		others:    map[uint32]*typeRow{},
		aggs:      map[string][]*expr.Func{},
	}
	for i := range aggs {
		p := &aggs[i]
		r.aggs[p.name] = append(r.aggs[p.name], &expr.Func{
			OID: p.oid, Name: p.name, Args: p.args, Variadic: p.variadic,
			Ret: p.ret, Strict: p.strict, Volatility: expr.Volatility(p.volatility), Src: p.src,
		})
	}
	srfs := srfImpls()
	for i := range otherTypes {
		r.others[otherTypes[i].oid] = &otherTypes[i]
	}
	for i := range otherProcs {
		p := &otherProcs[i]
		r.funcs[p.name] = append(r.funcs[p.name], &expr.Func{
			OID: p.oid, Name: p.name, Args: p.args, Variadic: p.variadic,
			Ret: p.ret, Strict: p.strict, RetSet: p.retset, Volatility: expr.Volatility(p.volatility),
		})
	}
	for i := range procs {
		p := &procs[i]
		f := &expr.Func{
			OID: p.oid, Name: p.name, Args: p.args, Variadic: p.variadic,
			Ret: p.ret, Strict: p.strict, RetSet: p.retset,
			Volatility: expr.Volatility(p.volatility), Src: p.src,
		}
		if e, ok := impls[p.src]; ok {
			f.Impl, f.Bind = e.impl, e.bind
		}
		if p.retset {
			f.SRF = srfs[p.src]
		}
		r.funcs[p.name] = append(r.funcs[p.name], f)
		r.funcByOID[p.oid] = f
	}
	// Trailing arguments with defaults (pg_proc.proargdefaults): a call
	// may leave them out. Each gets an overload without them that fills
	// them in, so overload resolution needs no special case.
	for name, defs := range argDefaults {
		for _, f := range r.funcs[name] {
			if !f.Implemented() || f.Impl == nil || len(f.Args) < len(defs) {
				continue
			}
			full, defs := f.Impl, defs
			short := *f
			short.Args = f.Args[:len(f.Args)-len(defs)]
			short.Impl = func(ec *expr.EvalContext, args []types.Datum) (types.Datum, error) {
				return full(ec, append(append(make([]types.Datum, 0, len(args)+len(defs)), args...), defs...))
			}
			r.funcs[name] = append(r.funcs[name], &short)
			break
		}
	}
	for i := range operators {
		o := &operators[i]
		f := r.funcByOID[o.proc]
		if f == nil {
			continue
		}
		op := &expr.Operator{OID: o.oid, Name: o.name, Left: o.left, Right: o.right, Result: o.result, Func: f, Com: o.com, Negate: o.negate}
		if !f.Implemented() {
			if k, ok := cmpKinds[o.name]; ok {
				f.Bind = compareBinder(k)
			}
		}
		r.opers[o.name] = append(r.opers[o.name], op)
		r.operByOID[o.oid] = op
	}
	for i := range casts {
		c := &casts[i]
		r.casts[[2]uint32{c.source, c.target}] = &Cast{
			Source: c.source, Target: c.target, Func: r.funcByOID[c.fn],
			Context: c.context, Method: c.method,
		}
	}
	return r
}

// Funcs returns the built-in functions named name (all overloads).
func Funcs(name string) []*expr.Func { return loadRegistry().funcs[name] }

// FuncByOID returns the built-in function with the given pg_proc OID.
func FuncByOID(oid uint32) *expr.Func { return loadRegistry().funcByOID[oid] }

// Operators returns the built-in operators named name.
func Operators(name string) []*expr.Operator { return loadRegistry().opers[name] }

// OperatorByOID returns the operator with the given pg_operator OID.
func OperatorByOID(oid uint32) *expr.Operator { return loadRegistry().operByOID[oid] }

// LookupCast returns the pg_cast entry from source to target, or nil.
func LookupCast(source, target uint32) *Cast { return loadRegistry().casts[[2]uint32{source, target}] }

// OtherType describes a type that appears in the signatures of built-in
// functions but that lib/types does not implement (lseg, macaddr,
// ...): its name, category and preference, which overload resolution
// needs.
func OtherType(oid uint32) (name string, category byte, preferred bool, ok bool) {
	t := loadRegistry().others[oid]
	if t == nil {
		return "", 0, false, false
	}
	return t.name, t.category, t.preferred, true
}

// LookupOperator returns the operator name(left, right) with exactly these
// argument types, or nil.
func LookupOperator(name string, left, right uint32) *expr.Operator {
	for _, op := range loadRegistry().opers[name] {
		if op.Left == left && op.Right == right {
			return op
		}
	}
	return nil
}
