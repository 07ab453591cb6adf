// Proving that a query's conditions imply a partial index's predicate
// (PostgreSQL's optimizer/util/predtest.c, predicate_implied_by, in a
// small form): an index that holds only the rows its predicate accepts
// may be scanned only when every row the query wants is among them.
// The proof is conservative: what it cannot show is taken as not
// implied, and the index is not used.

package plan

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// PredicateImplied reports whether quals (conditions over a query level
// whose row holds the table's values from offset on, all of which must
// hold) imply pred (an index predicate over the table's row): each of
// pred's AND-ed conditions must follow from one of the quals.
func PredicateImplied(pred expr.Expr, quals []expr.Expr, offset int) bool {
	var flat []expr.Expr
	for _, q := range quals {
		flat = flattenAnd(q, flat)
	}
	for _, p := range flattenAnd(pred, nil) {
		implied := false
		for _, q := range flat {
			if clauseImplies(q, p, offset) {
				implied = true
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// clauseImplies reports whether q being true makes p true: they are the
// same condition; p is "x IS NOT NULL" and q a comparison of x (B-tree
// operators are strict: a NULL x makes q NULL, not true); or both compare
// x with constants and q's range lies within p's (predicate_implied_by's
// btree operator reasoning).
func clauseImplies(q, p expr.Expr, offset int) bool {
	if ExprEqualShifted(q, p, offset) {
		return true
	}
	if nt, ok := p.(*expr.NullTest); ok && nt.IsNot && !nt.ArgIsRow {
		f, ok := q.(*expr.FuncExpr)
		if !ok || f.Op == nil || f.Op.OID >= firstUserOID || len(f.Args) != 2 {
			return false
		}
		if _, ok := strategyOf(f.Op.Name); !ok {
			return false
		}
		return ExprEqualShifted(f.Args[0], nt.Arg, offset) || ExprEqualShifted(f.Args[1], nt.Arg, offset)
	}
	qx, qop, qc, ok := constComparison(q)
	if !ok {
		return false
	}
	px, pop, pc, ok := constComparison(p)
	if !ok || qc.Typ != pc.Typ || qx.Type() != px.Type() || !ExprEqualShifted(qx, px, offset) {
		return false
	}
	return rangeImplies(qop, qc, pop, pc)
}

// rangeImplies reports whether "x qop qc" being true makes "x pop pc"
// true, for one x and constants of one type.
func rangeImplies(qop string, qc *expr.Const, pop string, pc *expr.Const) bool {
	// c is how q's constant compares with p's.
	c := types.Compare(qc.Typ, qc.Value, pc.Value)
	switch qop {
	case "=":
		switch pop {
		case "=":
			return c == 0
		case "<":
			return c < 0
		case "<=":
			return c <= 0
		case ">":
			return c > 0
		case ">=":
			return c >= 0
		}
	case "<":
		return (pop == "<" || pop == "<=") && c <= 0
	case "<=":
		return pop == "<" && c < 0 || pop == "<=" && c <= 0
	case ">":
		return (pop == ">" || pop == ">=") && c >= 0
	case ">=":
		return pop == ">" && c > 0 || pop == ">=" && c >= 0
	}
	return false
}

// constComparison takes apart "x op constant" (or "constant op x",
// commuted) with a built-in B-tree comparison operator whose two inputs
// have one type, and a non-NULL constant.
func constComparison(e expr.Expr) (x expr.Expr, op string, c *expr.Const, ok bool) {
	f, isFunc := e.(*expr.FuncExpr)
	if !isFunc || f.Op == nil || f.Op.OID >= firstUserOID || len(f.Args) != 2 || f.Args[0].Type() != f.Args[1].Type() {
		return nil, "", nil, false
	}
	if _, ok := strategyOf(f.Op.Name); !ok {
		return nil, "", nil, false
	}
	commuted := map[string]string{"<": ">", "<=": ">=", "=": "=", ">=": "<=", ">": "<"}
	if k, isConst := f.Args[1].(*expr.Const); isConst && !k.Value.IsNull() {
		return f.Args[0], f.Op.Name, k, true
	}
	if k, isConst := f.Args[0].(*expr.Const); isConst && !k.Value.IsNull() {
		return f.Args[1], commuted[f.Op.Name], k, true
	}
	return nil, "", nil, false
}

// ImpliedByPredicate reports whether a partial index's predicate pred
// (over the table's row) implies condition q (over a query level whose
// row holds the table's values from offset on): q then holds for every
// row the index has (predicate_implied_by with the predicate as the
// known clauses). Each of q's AND-ed conditions must follow from one
// of pred's.
func ImpliedByPredicate(q, pred expr.Expr, offset int) bool {
	for _, c := range flattenAnd(q, nil) {
		implied := false
		for _, p := range flattenAnd(pred, nil) {
			if predicateClauseImplies(p, c, offset) {
				implied = true
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// predicateClauseImplies is clauseImplies with the roles of the rows
// swapped: p, over the table's row, being true makes c, over the query
// level's row, true.
func predicateClauseImplies(p, c expr.Expr, offset int) bool {
	if ExprEqualShifted(c, p, offset) {
		return true
	}
	if nt, ok := c.(*expr.NullTest); ok && nt.IsNot && !nt.ArgIsRow {
		f, ok := p.(*expr.FuncExpr)
		if !ok || f.Op == nil || f.Op.OID >= firstUserOID || len(f.Args) != 2 {
			return false
		}
		if _, ok := strategyOf(f.Op.Name); !ok {
			return false
		}
		return ExprEqualShifted(nt.Arg, f.Args[0], offset) || ExprEqualShifted(nt.Arg, f.Args[1], offset)
	}
	px, pop, pc, ok := constComparison(p)
	if !ok {
		return false
	}
	cx, cop, cc, ok := constComparison(c)
	if !ok || cc.Typ != pc.Typ || cx.Type() != px.Type() || !ExprEqualShifted(cx, px, offset) {
		return false
	}
	return rangeImplies(pop, pc, cop, cc)
}
