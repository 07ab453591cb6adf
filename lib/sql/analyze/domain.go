// This file makes domains behave as PostgreSQL's parse_coerce.c and
// parse_func.c treat them: a domain's values are its base type's, so
// operators and functions are chosen on the base type (getBaseType), and
// a conversion to a domain converts to the base type and then checks the
// domain's constraints (coerce_to_domain, a CoerceToDomain node). The
// constraints' expressions are analyzed over VALUE, a one-column row.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxDomainDepth bounds chains of domains over domains.
const maxDomainDepth = 64

// domainRow returns the pg_type row of typ when typ is a domain.
func (s *shared) domainRow(typ uint32) *catalog.Type {
	if typ < catalog.FirstNormalOID && !catalog.IsBuiltinDomain(typ) {
		return nil
	}
	if t := s.typeRow(typ); t != nil && t.TypType == 'd' {
		return t
	}
	return nil
}

func (s *shared) isDomain(typ uint32) bool { return s.domainRow(typ) != nil }

// baseType is getBaseType: typ itself unless it is a domain, else the
// base type of the domain (of the domain it is over, and so on).
func (s *shared) baseType(typ uint32) uint32 {
	b, _ := s.baseTypeAndMod(typ, -1)
	return b
}

// baseTypeAndMod is getBaseTypeAndTypmod.
func (s *shared) baseTypeAndMod(typ uint32, mod int32) (uint32, int32) {
	for i := 0; i < maxDomainDepth; i++ {
		t := s.domainRow(typ)
		if t == nil {
			return typ, mod
		}
		typ, mod = t.BaseType, t.TypMod
	}
	return typ, mod
}

// baseTypes maps domains among inputs to their base types, as
// func_select_candidate and the exact-match lookups do.
func (s *shared) baseTypes(inputs []uint32) []uint32 {
	var out []uint32
	for i, t := range inputs {
		if b := s.baseType(t); b != t {
			if out == nil {
				out = append([]uint32(nil), inputs...)
			}
			out[i] = b
		}
	}
	if out == nil {
		return inputs
	}
	return out
}

// coerceToDomain is coerce_to_domain: convert e to the domain's base
// type (with the domain's typmod), then check the domain's constraints.
func (s *state) coerceToDomain(e expr.Expr, target uint32, cc coercionContext, loc int32) (expr.Expr, error) {
	base, baseMod := s.baseTypeAndMod(target, -1)
	inner, err := s.coerceToTarget(e, base, baseMod, cc, loc)
	if err != nil {
		return nil, err
	}
	return s.domainCheck(inner, target, cc == ccExplicit)
}

// domainCheck wraps e, a value of the base type of domain typ, in the
// checks of typ and of the domains it is over, as the type cache's
// domain constraint list orders them: NOT NULL first (if any level has
// it), then the CHECK constraints of the innermost domain first, each
// level's by name. Errors name typ.
func (s *state) domainCheck(e expr.Expr, typ uint32, explicit bool) (expr.Expr, error) {
	t := s.domainRow(typ)
	if t == nil {
		return e, nil
	}
	s.userTypes = true
	cd := &expr.CoerceToDomain{Arg: e, Typ: typ, Mod: t.TypMod, Name: s.typeName(typ), Explicit: explicit}
	var levels [][]expr.DomainCheck
	for level, depth := t, 0; level != nil && depth < maxDomainDepth; level, depth = s.domainRow(level.BaseType), depth+1 {
		cd.NotNull = cd.NotNull || level.NotNull
		info, err := s.syscache().Domain(level.OID)
		if err != nil {
			return nil, err
		}
		var checks []expr.DomainCheck
		for _, c := range info.Checks {
			ce, err := AnalyzeStoredDomainCheck(s.cat, c.Expr, level.BaseType, level.TypMod, s.format)
			if err != nil {
				return nil, err
			}
			checks = append(checks, expr.DomainCheck{Name: c.Name, Expr: ce})
		}
		levels = append(levels, checks)
	}
	for i := len(levels) - 1; i >= 0; i-- {
		cd.Checks = append(cd.Checks, levels[i]...)
	}
	return cd, nil
}

// domainValueTable is the one-column relation a domain constraint is
// analyzed over: VALUE, of the base type.
func domainValueTable(base uint32, mod int32) *plan.Table {
	return &plan.Table{Name: "value", Columns: []plan.Column{{Name: "value", TypeOID: base, TypeMod: mod, AttNum: 1}}}
}

// AnalyzeDomainCheck analyzes a domain's CHECK expression written in
// query over VALUE, a value of type base (domainAddConstraint).
func AnalyzeDomainCheck(cat Catalog, query string, raw *pg_query.Node, base uint32, mod int32, format *types.FormatOptions) (expr.Expr, error) {
	s := &state{shared: &shared{query: query, cat: cat, format: format, fixed: true}, kind: exprCheck}
	s.q = &plan.Query{Command: plan.CmdSelect}
	t := domainValueTable(base, mod)
	rte := &plan.RTE{Kind: plan.RTETable, Alias: "", Name: "", Table: t, Columns: t.Columns, Loc: -1}
	idx := s.addRTE(rte)
	s.ns = []nsItem{{rte: idx, relVisible: false, colsVisible: true}}
	e, err := s.transformExpr(raw)
	if err != nil {
		return nil, err
	}
	if err := s.forbid(e, "cannot use subquery in check constraint", "aggregate functions are not allowed in check constraints"); err != nil {
		return nil, err
	}
	if e.Type() != types.OidBool {
		if !s.canCoerce([]uint32{e.Type()}, []uint32{types.OidBool}, ccAssignment) {
			return nil, s.errorAt(pgerr.Newf(pgerr.DatatypeMismatch, "argument of CHECK must be type boolean, not type %s", s.typeName(e.Type())), expr.Location(e))
		}
		if e, err = s.coerceToTarget(e, types.OidBool, -1, ccAssignment, expr.Location(e)); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// AnalyzeStoredDomainCheck analyzes a stored domain CHECK expression.
func AnalyzeStoredDomainCheck(cat Catalog, text string, base uint32, mod int32, format *types.FormatOptions) (expr.Expr, error) {
	stmts, err := parser.Parse("SELECT " + text)
	if err != nil {
		return nil, err
	}
	sel := stmts[0].Node().GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 {
		return nil, pgerr.Newf(pgerr.InternalError, "invalid stored expression: %s", text)
	}
	return AnalyzeDomainCheck(cat, stmts[0].Query, sel.TargetList[0].GetResTarget().Val, base, mod, format)
}

// DeparseDomainCheck prints a domain constraint's expression for storage
// and for pg_get_constraintdef: its column is VALUE.
func DeparseDomainCheck(e expr.Expr, pretty bool, format *types.FormatOptions) (string, error) {
	d := &deparser{pretty: pretty, value: true, format: format}
	d.expr(e, nil, false)
	if d.err != nil {
		return "", d.err
	}
	return d.b.String(), nil
}
