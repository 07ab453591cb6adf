// This file analyzes calls with named arguments, f(a => 1, b := 2)
// (parse_func.c's ParseFuncOrColumn and namespace.c's
// FuncnameGetCandidates with argument names): positional arguments come
// first, each name must be one of the function's parameters not
// already given, and the parameters not given must have defaults. The
// call's arguments are then put in the parameters' order with the
// defaults filled in.

package analyze

import (
	"slices"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
)

// transformCallArgs analyzes a call's arguments; argNames are the names
// of the trailing named ones.
func (s *state) transformCallArgs(nodes []*pg_query.Node) (args []expr.Expr, argNames []string, err error) {
	for _, a := range nodes {
		if na := a.GetNamedArgExpr(); na != nil {
			for _, prev := range argNames {
				if prev == na.Name {
					return nil, nil, s.errorAt(pgerr.Newf(pgerr.SyntaxError, "argument name \"%s\" used more than once", na.Name), na.Location)
				}
			}
			e, err := s.transformExpr(na.Arg)
			if err != nil {
				return nil, nil, err
			}
			args, argNames = append(args, e), append(argNames, na.Name)
			continue
		}
		if len(argNames) > 0 {
			return nil, nil, s.errorAt(pgerr.New(pgerr.SyntaxError, "positional argument cannot follow named argument"), nodeLocation(a))
		}
		e, err := s.transformExpr(a)
		if err != nil {
			return nil, nil, err
		}
		args = append(args, e)
	}
	return args, argNames, nil
}

// namedCandidates lists the functions a call of nargs arguments, the
// last len(argNames) of them named, can call: the argument types in the
// call's order, and the parameter each argument gives.
func namedCandidates(fns []*expr.Func, nargs int, argNames []string) []candidate {
	var out []candidate
	npos := nargs - len(argNames)
	for _, f := range fns {
		if len(argNames) > 0 && len(f.ArgNames) != len(f.Args) || nargs > len(f.Args) || f.Agg != nil {
			continue
		}
		given := make([]bool, len(f.Args))
		numbers := make([]int, 0, nargs)
		for i := 0; i < npos; i++ {
			given[i] = true
			numbers = append(numbers, i)
		}
		ok := true
		for _, name := range argNames {
			p := -1
			for i, n := range f.ArgNames {
				if n == name {
					p = i
					break
				}
			}
			if p < 0 || given[p] {
				ok = false
				break
			}
			given[p] = true
			numbers = append(numbers, p)
		}
		firstDefault := len(f.Args) - builtins.NumArgDefaults(f)
		for i, g := range given {
			if !g && i < firstDefault {
				ok = false
			}
		}
		if !ok {
			continue
		}
		args := make([]uint32, nargs)
		for k, p := range numbers {
			args[k] = f.Args[p]
		}
		out = append(out, candidate{fn: f, args: args, argNumbers: numbers})
	}
	return out
}

// callSignature formats a call for error messages: name(type, ...,
// name => type).
func (s *state) callSignature(name string, inputs []uint32, argNames []string) string {
	if len(argNames) == 0 {
		return s.signature(name, inputs)
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	npos := len(inputs) - len(argNames)
	for i, t := range inputs {
		if i > 0 {
			b.WriteString(", ")
		}
		if i >= npos {
			b.WriteString(argNames[i-npos] + " => ")
		}
		b.WriteString(s.typeName(t))
	}
	b.WriteByte(')')
	return b.String()
}

// namedCallArgs puts the arguments of a call with named arguments in
// the order of the parameters, filling in the defaults of those not
// given.
func (s *state) namedCallArgs(c candidate, args []expr.Expr) ([]expr.Expr, error) {
	out := make([]expr.Expr, len(c.fn.Args))
	for k, p := range c.argNumbers {
		out[p] = args[k]
	}
	for i := range out {
		if out[i] != nil {
			continue
		}
		if f := c.fn; f.SQL {
			first := len(f.Args) - len(f.SQLArgDefaults)
			if i < first {
				return nil, pgerr.Newf(pgerr.InternalError, "no default for argument %d of %s", i+1, f.Name)
			}
			e, err := s.analyzeStoredExpr(f.SQLArgDefaults[i-first])
			if err != nil {
				return nil, err
			}
			if out[i], err = s.coerceToTarget(e, f.Args[i], -1, ccAssignment, -1); err != nil {
				return nil, err
			}
			continue
		}
		v, ok := builtins.ArgDefault(c.fn, i)
		if !ok {
			return nil, pgerr.Newf(pgerr.InternalError, "no default for argument %d of %s", i+1, c.fn.Name)
		}
		out[i] = &expr.Const{Typ: c.fn.Args[i], Mod: -1, Value: v, Loc: -1}
	}
	return out, nil
}

// defaultedCandidates lists the SQL functions a positional call of
// nargs arguments can call by filling in defaults of their trailing
// parameters (built-ins have such forms already: builtins.withDefaults).
func defaultedCandidates(fns []*expr.Func, nargs int) []candidate {
	var sqlFns []*expr.Func
	for _, f := range fns {
		if f.SQL && len(f.SQLArgDefaults) > 0 && nargs < len(f.Args) {
			sqlFns = append(sqlFns, f)
		}
	}
	return namedCandidates(sqlFns, nargs, nil)
}

// markAmbiguousDefaults marks the candidates that filling in defaults
// made identical in argument types to another candidate: PostgreSQL
// cannot tell which is meant and reports the call as not unique
// (FuncnameGetCandidates).
func markAmbiguousDefaults(cands []candidate) []candidate {
	for i := range cands {
		for j := range cands {
			if i == j || !slices.Equal(cands[i].args, cands[j].args) {
				continue
			}
			if usesDefaults(cands[i]) || usesDefaults(cands[j]) {
				cands[i].ambiguous = true
			}
		}
	}
	return cands
}

// usesDefaults reports whether a candidate leaves out defaulted
// arguments.
func usesDefaults(c candidate) bool {
	return c.argNumbers != nil && len(c.argNumbers) < len(c.fn.Args)
}

// namedAggregateCall is the error for an aggregate called with named
// arguments: no such function when no aggregate of that name has those
// parameter names (the built-in ones have none), else not supported.
func (s *state) namedAggregateCall(name string, cands []*expr.Func, args []expr.Expr, argNames []string, loc int32) error {
	for _, f := range cands {
		known := 0
		for _, n := range argNames {
			for _, p := range f.ArgNames {
				if p == n {
					known++
					break
				}
			}
		}
		if known == len(argNames) {
			return s.errorAt(notSupported("named arguments of aggregates"), loc)
		}
	}
	inputs := make([]uint32, len(args))
	for i, a := range args {
		inputs[i] = a.Type()
	}
	return s.errorAt(pgerr.Newf(pgerr.UndefinedFunction, "function %s does not exist", s.callSignature(name, inputs, argNames)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
}
