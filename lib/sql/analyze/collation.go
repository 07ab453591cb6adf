// Expression collations, for pg_collation_for(any): PostgreSQL's
// assign_collations_walker rules over an analyzed expression. gpostgres
// compares every collatable value bytewise (its collations all behave as
// C), so collations are not carried in expressions; this derives the one
// PostgreSQL would report. An explicit COLLATE is noted while its
// expression is analyzed (explicitColl); a column's collation is its
// pg_attribute.attcollation. Where the derivation would need more than
// that (a subquery's output column, a field of a composite value, an
// aggregate's, a SQL function's parameter), the call is refused rather
// than answered from a guess.

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Collation OIDs (pg_collation.dat; ucs_basic and C.utf8 are initdb's).
const (
	collDefault  uint32 = 100
	collC        uint32 = 950
	collPOSIX    uint32 = 951
	collUCSBasic uint32 = 12340
	collCUTF8    uint32 = 12341
)

// collationNames are the collations COLLATE accepts, by lower-case name,
// and how generate_collation_name prints them (quote_identifier).
var collationNames = map[string]struct {
	oid   uint32
	print string
}{
	"default":   {collDefault, `"default"`},
	"c":         {collC, `"C"`},
	"posix":     {collPOSIX, `"POSIX"`},
	"ucs_basic": {collUCSBasic, `ucs_basic`},
	"c.utf8":    {collCUTF8, `"C.utf8"`},
	"c.utf-8":   {collCUTF8, `"C.utf8"`},
}

// printedCollation is generate_collation_name of a collation OID.
func printedCollation(oid uint32) string {
	for _, c := range collationNames {
		if c.oid == oid {
			return c.print
		}
	}
	return ""
}

// Collation strengths (CollateStrength).
const (
	collNone = iota
	collImplicit
	collConflict
	collExplicit
)

type collState struct {
	coll     uint32
	strength int
	loc      int32 // where an explicit collation was named
}

// explicitCollation is a COLLATE clause's collation and position.
type explicitCollation struct {
	oid uint32
	loc int32
}

// merge combines a child's collation into st as merge_collation_state
// does: explicit beats implicit, a non-default implicit collation beats
// the default one, two different implicit ones conflict.
func (s *state) mergeCollation(st *collState, c collState) error {
	switch {
	case c.strength > st.strength:
		*st = c
	case c.strength == st.strength && c.coll != st.coll:
		switch c.strength {
		case collImplicit:
			if st.coll == collDefault {
				st.coll = c.coll
			} else if c.coll != collDefault {
				st.coll, st.strength = 0, collConflict
			}
		case collExplicit:
			return s.errorAt(pgerr.Newf(pgerr.CollationMismatch, "collation mismatch between explicit collations \"%s\" and \"%s\"",
				trimQuotes(printedCollation(st.coll)), trimQuotes(printedCollation(c.coll))), c.loc)
		}
	}
	return nil
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// typeCollation is pg_type.typcollation of typ, 0 for a type without
// collations.
func (s *state) typeCollation(typ uint32) (uint32, error) {
	if typ == types.OidUnknown {
		return 0, nil
	}
	t, err := s.syscache().TypeByOID(typ)
	if err != nil || t == nil {
		return 0, err
	}
	return t.Collation, nil
}

// errCollationUnknown is exprCollation's refusal.
func errCollationUnknown() error {
	return pgerr.New(pgerr.FeatureNotSupported, "pg_collation_for of this expression is not supported yet")
}

// exprCollation derives e's collation and its strength.
func (s *state) exprCollation(e expr.Expr) (collState, error) {
	if c, ok := s.explicitColl[e]; ok {
		return collState{c.oid, collExplicit, c.loc}, nil
	}
	tc, err := s.typeCollation(e.Type())
	if err != nil {
		return collState{}, err
	}
	var children []expr.Expr
	switch x := e.(type) {
	case *expr.Const:
		if c, ok := s.explicitLiteralColl[x.Loc]; ok && x.Loc >= 0 {
			return collState{c.oid, collExplicit, c.loc}, nil
		}
		if tc == 0 {
			return collState{}, nil
		}
		return collState{coll: tc, strength: collImplicit}, nil
	case *expr.Param:
		if s.fn != nil {
			// A SQL function's parameter has the call's collation.
			return collState{}, errCollationUnknown()
		}
		if tc == 0 {
			return collState{}, nil
		}
		return collState{coll: tc, strength: collImplicit}, nil
	case *expr.Var:
		if tc == 0 {
			return collState{}, nil
		}
		if x.TableOID == 0 || x.AttNum <= 0 {
			return collState{}, errCollationUnknown()
		}
		for _, t := range s.tables {
			if t.OID == x.TableOID && t.Entry != nil && int(x.AttNum) <= len(t.Entry.Attrs) {
				if c := t.Entry.Attrs[x.AttNum-1].Collation; c != 0 {
					return collState{coll: c, strength: collImplicit}, nil
				}
				return collState{}, nil
			}
		}
		return collState{}, errCollationUnknown()
	case *expr.CoerceToDomain:
		// A domain with a collation of its own gives it; one with the
		// default collation keeps its input's.
		if tc != 0 && tc != collDefault {
			return collState{coll: tc, strength: collImplicit}, nil
		}
		children = plan.Children(e)
	case *expr.CaseExpr:
		// The CASE's own collation comes from its results only.
		for _, w := range x.Whens {
			children = append(children, w.Result)
		}
		children = append(children, x.Else)
	case *expr.SubLink, *expr.FieldSelect, *expr.Aggref, *expr.WindowFunc, *expr.MultiAssignRef,
		*expr.CaseTest, *expr.SubValue:
		if tc == 0 {
			return collState{}, nil
		}
		return collState{}, errCollationUnknown()
	default:
		children = plan.Children(e)
	}
	var st collState
	for _, c := range children {
		cs, err := s.exprCollation(c)
		if err != nil {
			return collState{}, err
		}
		if err := s.mergeCollation(&st, cs); err != nil {
			return collState{}, err
		}
	}
	if tc == 0 {
		return collState{}, nil
	}
	if st.strength == collNone {
		return collState{coll: tc, strength: collImplicit}, nil
	}
	return st, nil
}

// bindCollationFor makes a call of pg_collation_for answer the collation
// of its argument, derived now: the call stays in the plan as written. As
// PostgreSQL's, a type without collations is refused when the call runs.
func (s *state) bindCollationFor(fe *expr.FuncExpr) (expr.Expr, error) {
	arg := fe.Args[0]
	result := types.Null
	var runErr error
	tc, err := s.typeCollation(arg.Type())
	if err != nil {
		return nil, err
	}
	if tc == 0 && arg.Type() != types.OidUnknown {
		runErr = pgerr.Newf(pgerr.DatatypeMismatch, "collations are not supported by type %s", s.typeName(arg.Type()))
	} else {
		st, err := s.exprCollation(arg)
		if err != nil {
			return nil, err
		}
		if st.coll != 0 {
			result = types.Text(printedCollation(st.coll))
		}
	}
	f := *fe.Func
	f.Bind = nil
	f.Impl = func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return result, runErr }
	out := *fe
	out.Func = &f
	return &out, nil
}
