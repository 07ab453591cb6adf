// Plans by literal shape: a query sent as text that differs from earlier
// ones only in its integer literals ("... WHERE aid = 12345") can run a
// plan made once for all of them, with the literals as parameters, as
// PostgreSQL's plan cache runs a prepared statement's generic plan.
//
// A ShapePlan decides when, for one shape (the backend keeps one per
// shape it saw, lib/backend/parsecache.go): the first queries of the
// shape are planned one by one; each must keep every literal a constant
// of its own (PlainLiterals), so that a parameter can stand for it
// without changing what the statement means; then the costs of those
// plans are compared with the cost of the shape's plan from PrepareShape,
// as choose_custom_plan does.

package sql

import (
	"context"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// ShapeLiteral is an integer literal of a query made from a parse
// template: where its constant is and its value
// (parser.Template.Values).
type ShapeLiteral = parser.LiteralValue

// ShapeParams returns the values of lits as the parameters of a plan
// from PrepareShape.
func ShapeParams(lits []ShapeLiteral) []types.Datum {
	out := make([]types.Datum, len(lits))
	for i, l := range lits {
		out[i] = types.Int(int64(l.Value))
	}
	return out
}

// PlainLiterals reports whether each of lits came out of the plan's
// analysis as a constant of its own at its location holding its value,
// an int4 or the int8 it was widened to. Only then does a parameter of
// type int4 in its place mean the same statement: a literal that became
// a column position (ORDER BY 1), a type modifier, an element of an
// array constant or a value of another type does not pass.
func (p *Plan) PlainLiterals(lits []ShapeLiteral) bool {
	st := p.state.Load()
	if st == nil || st.query == nil || len(lits) == 0 {
		return false
	}
	at := make(map[int32]int, len(lits))
	for i, l := range lits {
		at[l.Loc] = i
	}
	found := make([]bool, len(lits))
	ok := true
	plan.EachConst(st.query, func(c *expr.Const) {
		i, hit := at[c.Loc]
		if !hit {
			return
		}
		if c.Typ != types.OidInt4 && c.Typ != types.OidInt8 || c.Value.IsNull() || c.Value.Int() != int64(lits[i].Value) {
			ok = false
			return
		}
		found[i] = true
	})
	for _, f := range found {
		ok = ok && f
	}
	return ok
}

// sizesDrifted reports whether a table with indexes that the plan reads
// has now less than half or more than twice the pages it was planned
// with, give or take eight.
func (p *Plan) sizesDrifted(env Env) bool {
	st := p.state.Load()
	s := newCtx(context.Background(), env)
	if st == nil || !s.hasStorage() {
		return false
	}
	for _, t := range st.tables {
		if t.Entry == nil || len(t.Indexes) == 0 {
			continue
		}
		now := *t
		s.estimateSize(t.Entry, &now)
		if now.Pages > 2*t.Pages+8 || 2*now.Pages+8 < t.Pages {
			return true
		}
	}
	return false
}

// PrepareShape plans stmt, a parse template's statement whose n literals
// are the int4 parameters $1..$n (parser.Template.Parameterized), as
// PrepareSimple plans a query sent as text: it is analyzed again when a
// relation name could resolve differently.
func PrepareShape(env Env, stmt Statement, n int) (*Plan, error) {
	paramTypes := make([]uint32, n)
	for i := range paramTypes {
		paramTypes[i] = types.OidInt4
	}
	return prepare(env, stmt, paramTypes, true)
}

// ShapePlan is what a session learned of planning one literal shape's
// queries. The zero value knows nothing yet.
type ShapePlan struct {
	// custom counts the queries of the shape planned one by one so far,
	// customCost sums their estimated costs with planning.
	custom     int
	customCost float64
	// generic is the shape's own plan once chosen over planning each
	// query; byQuery marks a shape whose queries are planned one by one
	// for good (a literal that a parameter cannot stand for, or a shape
	// plan estimated dearer than the queries' own).
	generic *Plan
	byQuery bool
	// uses counts the queries the shape's plan served, for checking
	// every sizeCheckEvery-th whether its tables kept their sizes.
	uses int
}

// sizeCheckEvery is how often the shape's plan is checked against the
// sizes of its tables.
const sizeCheckEvery = 64

// Plan returns the plan that serves every query of the shape, nil while
// each is planned on its own.
func (sp *ShapePlan) Plan() *Plan { return sp.generic }

// PlanFor returns Plan for one more query. Every sizeCheckEvery-th time
// it first checks that no table the plan reads through an index grew or
// shrank far from the size the plan was made for, and when one did,
// forgets what it learned and returns nil, so that the shape's queries
// are planned again for the sizes of now. PostgreSQL makes its cached
// plans again when VACUUM or ANALYZE record a table's new size; tables
// here grow without them (no HOT updates yet).
func (sp *ShapePlan) PlanFor(env Env) *Plan {
	if sp.generic == nil {
		return nil
	}
	sp.uses++
	if sp.uses%sizeCheckEvery == 0 && sp.generic.sizesDrifted(env) {
		sp.Reset()
		return nil
	}
	return sp.generic
}

// Undecided reports whether the shape may still get a plan of its own.
func (sp *ShapePlan) Undecided() bool { return sp.generic == nil && !sp.byQuery }

// Reset forgets what was learned (a setting the plans depend on
// changed).
func (sp *ShapePlan) Reset() { *sp = ShapePlan{} }

// ByQuery makes every query of the shape be planned on its own from now
// on (the shape's plan could not serve one).
func (sp *ShapePlan) ByQuery() { sp.generic, sp.byQuery = nil, true }

// Learn takes custom, the plan made for one query of the shape whose
// literals are values, into account. When it is the customPlansFirst-th
// such plan, the shape's own plan is made from parameterized (the
// template's statement with parameters for literals,
// parser.Template.Parameterized) and chosen when its estimated cost is
// below the average of theirs with planning. env is the session, inside
// the query's transaction; cacheable tells which plans may serve another
// query than the one they were made for.
func (sp *ShapePlan) Learn(env Env, custom *Plan, values []ShapeLiteral, parameterized func() (Statement, bool), cacheable func(*Plan) bool) {
	if !sp.Undecided() {
		return
	}
	if custom == nil || !cacheable(custom) || !custom.PlainLiterals(values) {
		sp.byQuery = true
		return
	}
	if mode, _, err := env.GetConfig("plan_cache_mode", true); err != nil || mode == "force_custom_plan" {
		// Every query planned for its own values, as asked.
		sp.byQuery = true
		return
	}
	sp.custom++
	sp.customCost += custom.EstimatedCost(env, true)
	if sp.custom < customPlansFirst {
		return
	}
	sp.byQuery = true
	stmt, ok := parameterized()
	if !ok {
		return
	}
	g, err := PrepareShape(env, stmt, len(values))
	if err != nil || !cacheable(g) || !SameColumns(g.Columns(), custom.Columns()) {
		return
	}
	if g.EstimatedCost(env, false) < sp.customCost/float64(sp.custom) {
		sp.generic, sp.byQuery = g, false
	}
}

// Shapeable reports whether a statement of this kind may be planned by
// shape: the statements PrepareSimple analyzes and plans.
func Shapeable(stmt Statement) bool {
	switch n := stmt.Node().GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		return n.SelectStmt.IntoClause == nil
	case *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt, *pg_query.Node_DeleteStmt:
		return true
	}
	return false
}
