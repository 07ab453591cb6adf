// This file resolves function and operator names to built-ins, with
// PostgreSQL's rules (parse_func.c's func_get_detail and
// func_select_candidate, parse_oper.c's oper_select_candidate): exact
// matches first, then implicit coercions ranked by exact matches,
// preferred types and the categories of unknown-type arguments.

package analyze

import (
	"strings"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// candidate is a function or operator with the argument types it takes
// in this call (variadic arguments expanded).
type candidate struct {
	fn   *expr.Func
	op   *expr.Operator
	args []uint32
	// argNumbers, for a call with named arguments or defaults, is the
	// parameter each argument of the call gives (namedargs.go).
	argNumbers []int
	// ambiguous marks a form reached by filling in defaults that has the
	// same argument types as another form (namedargs.go).
	ambiguous bool
}

type resolveOutcome int

const (
	resolvedOK resolveOutcome = iota
	resolvedNone
	resolvedAmbiguous
)

// matchArgTypes is func_match_argtypes: the candidates every input can be
// implicitly coerced to.
func (s *shared) matchArgTypes(inputs []uint32, cands []candidate) []candidate {
	var out []candidate
	for _, c := range cands {
		if s.canCoerce(inputs, c.args, ccImplicit) {
			out = append(out, c)
		}
	}
	return out
}

// selectCandidate is func_select_candidate.
func (s *shared) selectCandidate(inputs []uint32, cands []candidate) (candidate, resolveOutcome) {
	nargs := len(inputs)
	nunknowns := 0
	for _, t := range inputs {
		if t == types.OidUnknown {
			nunknowns++
		}
	}
	keepBest := func(score func(c candidate) int) {
		best := -1
		var kept []candidate
		for _, c := range cands {
			n := score(c)
			switch {
			case n > best:
				best = n
				kept = []candidate{c}
			case n == best:
				kept = append(kept, c)
			}
		}
		cands = kept
	}
	// Most exact matches on known inputs.
	keepBest(func(c candidate) int {
		n := 0
		for i, in := range inputs {
			if in != types.OidUnknown && c.args[i] == in {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return cands[0], resolvedOK
	}
	// Exact or preferred-type matches where coercion is needed.
	keepBest(func(c candidate) int {
		n := 0
		for i, in := range inputs {
			if in == types.OidUnknown {
				continue
			}
			if c.args[i] == in || (s.preferred(c.args[i]) && s.category(c.args[i]) == s.category(in)) {
				n++
			}
		}
		return n
	})
	if len(cands) == 1 {
		return cands[0], resolvedOK
	}
	if nunknowns == 0 {
		return candidate{}, resolvedAmbiguous
	}
	// Resolve unknown inputs by the categories the candidates accept
	// there, preferring the string category.
	slotCat := make([]types.Category, nargs)
	slotPref := make([]bool, nargs)
	resolved := false
	for i, in := range inputs {
		if in != types.OidUnknown {
			continue
		}
		var cat types.Category
		havePref, conflict := false, false
		for j, c := range cands {
			ct := c.args[i]
			cc, cp := s.category(ct), s.preferred(ct)
			switch {
			case j == 0:
				cat, havePref = cc, cp
			case cc == cat:
				havePref = havePref || cp
			case cc == types.CatString:
				cat, havePref = cc, cp
			default:
				conflict = true
			}
		}
		if conflict && cat != types.CatString {
			resolved = false
			break
		}
		slotCat[i], slotPref[i] = cat, havePref
		resolved = true
	}
	if resolved {
		var kept []candidate
		for _, c := range cands {
			ok := true
			for i, in := range inputs {
				if in != types.OidUnknown {
					continue
				}
				ct := c.args[i]
				if s.category(ct) != slotCat[i] || (slotPref[i] && !s.preferred(ct)) {
					ok = false
					break
				}
			}
			if ok {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			cands = kept
		}
		if len(cands) == 1 {
			return cands[0], resolvedOK
		}
	}
	// Last resort: if all known inputs have the same type, assume the
	// unknown ones have it too.
	if nunknowns < nargs {
		known := uint32(0)
		for _, in := range inputs {
			if in == types.OidUnknown {
				continue
			}
			if known == 0 {
				known = in
			} else if known != in {
				known = 0
				break
			}
		}
		if known != 0 {
			assumed := make([]uint32, nargs)
			for i := range assumed {
				assumed[i] = known
			}
			var match []candidate
			for _, c := range cands {
				if s.canCoerce(assumed, c.args, ccImplicit) {
					match = append(match, c)
				}
			}
			if len(match) == 1 {
				return match[0], resolvedOK
			}
		}
	}
	return candidate{}, resolvedAmbiguous
}

// chooseCandidate runs the whole selection: exact match, then implicit
// coercion matches narrowed by selectCandidate.
func (s *shared) chooseCandidate(inputs []uint32, cands []candidate) (candidate, resolveOutcome) {
	// Domains count as their base types for the exact match and for
	// func_select_candidate, not for which candidates accept them
	// (anyenum does not accept a domain over an enum).
	base := s.baseTypes(inputs)
	for _, ins := range [][]uint32{inputs, base} {
		for _, c := range cands {
			exact := true
			for i, in := range ins {
				if c.args[i] != in {
					exact = false
					break
				}
			}
			if exact {
				return c, resolvedOK
			}
		}
	}
	m := s.matchArgTypes(inputs, cands)
	switch len(m) {
	case 0:
		return candidate{}, resolvedNone
	case 1:
		return m[0], resolvedOK
	}
	return s.selectCandidate(base, m)
}

// funcCandidates lists the overloads of name that accept nargs
// arguments, expanding variadic ones; non-variadic forms win over
// variadic forms with the same argument types.
func funcCandidates(fns []*expr.Func, nargs int) []candidate {
	var out []candidate
	for _, f := range fns {
		switch {
		case f.Variadic == 0 && len(f.Args) == nargs:
			out = append(out, candidate{fn: f, args: f.Args})
		case f.Variadic != 0 && nargs >= len(f.Args):
			args := append([]uint32{}, f.Args[:len(f.Args)-1]...)
			for len(args) < nargs {
				args = append(args, f.Variadic)
			}
			out = append(out, candidate{fn: f, args: args})
		}
	}
	return out
}

// typeName is format_type, also for the types lib/types does not
// implement (their pg_type name; arrays of them as name[]).
func (s *shared) typeName(t uint32) string {
	if types.ByOID(t) == nil {
		if row := s.typeRow(t); row != nil {
			if row.Category == 'A' && row.Elem != 0 && row.Len == -1 {
				return s.typeName(row.Elem) + "[]"
			}
			if row.Namespace == catalog.InfoSchemaNamespace {
				// Not on the search path: qualified, as format_type_be
				// prints it.
				return infoSchemaName + "." + row.Name
			}
			return row.Name
		}
	}
	return types.FormatType(t, -1)
}

// inSchema keeps the functions of the schema a qualified name (names:
// schema, name) gives; for an unqualified name all of them but those of
// temporary schemas, which PostgreSQL never searches for functions.
// Analysis knows the schemas pg_catalog, public, information_schema and
// pg_temp.
func (s *shared) inSchema(fs []*expr.Func, names []string) []*expr.Func {
	sc := s.syscache()
	var out []*expr.Func
	if len(names) != 2 {
		for i, f := range fs {
			temp, err := sc.IsTempNamespace(f.Namespace)
			s.noteErr(err)
			if temp && out == nil {
				out = append([]*expr.Func{}, fs[:i]...)
			} else if !temp && out != nil {
				out = append(out, f)
			}
		}
		if out == nil {
			return fs
		}
		return out
	}
	nsp := catalog.PublicNamespace
	switch names[0] {
	case "pg_catalog":
		nsp = catalog.PgCatalogNamespace
	case infoSchemaName:
		nsp = catalog.InfoSchemaNamespace
	case tempSchemaName:
		if nsp = sc.MyTempNamespace(); nsp == 0 {
			return nil
		}
	}
	for _, f := range fs {
		if f.Namespace == nsp {
			out = append(out, f)
		}
	}
	return out
}

// tempSchemaName is the name of the session's temporary schema in a
// qualified name.
const tempSchemaName = "pg_temp"

// funcs returns the functions and procedures called name (noting a
// catalog error); a procedure's arguments are all of them, OUT ones
// included, when withOut is set (CALL).
func (s *shared) funcs(name string) []*expr.Func {
	return s.routines(name, false)
}

func (s *shared) routines(name string, withOut bool) []*expr.Func {
	fs, err := builtins.Routines(s.syscache(), name, withOut)
	s.noteErr(err)
	return fs
}

// aggregateFuncs returns the aggregates called name.
func (s *shared) aggregateFuncs(name string) []*expr.Func {
	fs, err := builtins.Aggregates(s.syscache(), name)
	s.noteErr(err)
	return fs
}

// windowFuncs returns the window functions called name.
func (s *shared) windowFuncs(name string) []*expr.Func {
	fs, err := builtins.WindowFuncs(s.syscache(), name)
	s.noteErr(err)
	return fs
}

// operators returns the operators called name.
func (s *shared) operators(name string) []*expr.Operator {
	ops, err := builtins.Operators(s.syscache(), name)
	s.noteErr(err)
	return ops
}

// lookupOperator returns the operator name(left, right), or nil.
func (s *shared) lookupOperator(name string, left, right uint32) *expr.Operator {
	op, err := builtins.LookupOperator(s.syscache(), name, left, right)
	s.noteErr(err)
	if op == nil && err == nil {
		// binary_oper_exact: a domain's operators are its base type's.
		if bl, br := s.baseType(left), s.baseType(right); bl != left || br != right {
			op, err = builtins.LookupOperator(s.syscache(), name, bl, br)
			s.noteErr(err)
		}
	}
	return op
}

// lookupCast returns the pg_cast entry from source to target, or nil.
func (s *shared) lookupCast(source, target uint32) *builtins.Cast {
	c, err := builtins.LookupCast(s.syscache(), source, target)
	s.noteErr(err)
	return c
}

// signature formats name(type, ...) for error messages.
func (s *shared) signature(name string, inputs []uint32) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, t := range inputs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.typeName(t))
	}
	b.WriteByte(')')
	return b.String()
}
