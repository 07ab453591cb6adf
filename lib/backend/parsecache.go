// Parsed statements and their plans cached by exact query text, so that a
// client repeating the same simple-protocol query skips the parser and the
// analyzer (design.md); parse templates by literal shape, so that a query
// differing from an earlier one only in its integer literals (a pgbench
// lookup, an ORM's inlined id) skips the parser
// (lib/sql/parser/template.go); and plans by literal shape, so that such a
// query skips the analyzer and the planner too (lib/sql/shapeplan.go).

package backend

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
)

// parseCache maps query text to its statements and, for the statements
// the SQL layer plans, their plans. Statements are immutable once parsed.
// A plan re-checks its tables when it runs (re-analysed after DDL); what
// it cannot see is a change of settings such as search_path, so the
// session drops every plan when a setting changes. Eviction is "drop
// everything when full": cheap, and a working set larger than the cache
// is rare for one session.
type parseCache struct {
	max     int
	entries map[string]*parsedQuery
	// shapes are what the session learned of each literal shape
	// (sql.LiteralShape). Dropped whole when full, like entries.
	shapes map[templateKey]*shape
}

// templateKey is a literal shape under a max_stack_depth: a template
// reused under another setting could skip the depth check it passed.
type templateKey struct {
	shape           string
	maxStackDepthKB int
}

// shape is one literal shape: its parse template (nil when the shape is
// unfit for one) and, for a template of one statement the SQL layer
// plans, whether its queries run one plan.
type shape struct {
	template *sql.ParseTemplate
	notices  []*pgerr.Error // the scanner's, the same for every query of the shape
	plans    sql.ShapePlan
}

type parsedQuery struct {
	stmts []sql.Statement
	plans []*sql.Plan // by statement index; nil until planned
	// notices are the scanner's NOTICEs (identifiers truncated), sent
	// each time the query is parsed, as PostgreSQL parses it each time.
	notices []*pgerr.Error
	// shape is set for a one-statement query of a shape that may run
	// one plan, with the query's literals; params are the plan's
	// parameters when plans[0] is the shape's plan.
	shape    *shape
	literals []sql.Literal
	values   []sql.ShapeLiteral
	params   []types.Datum
}

func newParseCache(max int) *parseCache {
	return &parseCache{max: max, entries: make(map[string]*parsedQuery), shapes: make(map[templateKey]*shape)}
}

// parse returns query's statements: those parsed before from the same
// text; or, for a query sent as text (env set: the session), when the
// shape's plan serves queries of query's literal shape, that plan with
// query's values as parameters (a parse that is not kept: its statement
// has the template's tree, for its kind and text only); or a new parse,
// from the shape's template when there is one. A Parse message's query
// (env nil) always gets statements of its own values.
func (c *parseCache) parse(query string, maxStackDepthKB int, env sql.Env) (*parsedQuery, error) {
	if q, ok := c.entries[query]; ok {
		return q, nil
	}
	sh, lits, stmts, err := c.parseShaped(query, maxStackDepthKB, env)
	if err != nil {
		return nil, err
	}
	if sh != nil && stmts == nil {
		values := sh.template.Values(query, lits)
		return &parsedQuery{stmts: []sql.Statement{sh.template.StatementFor(query)}, plans: []*sql.Plan{sh.plans.Plan()},
			notices: sh.notices, shape: sh, literals: lits, values: values, params: sql.ShapeParams(values)}, nil
	}
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	q := &parsedQuery{stmts: stmts, plans: make([]*sql.Plan, len(stmts)), notices: sql.TruncationNotices(query)}
	if sh != nil && sh.template != nil && sh.plans.Undecided() && sh.template.Single() && sql.Shapeable(stmts[0]) {
		q.shape, q.literals, q.values = sh, lits, sh.template.Values(query, lits)
		sh.notices = q.notices
	}
	c.entries[query] = q
	return q, nil
}

// parseShaped parses query, from the template of its literal shape when
// a query of that shape was parsed before, and makes that template
// otherwise. When the shape's plan serves the query (only with env set),
// it returns the shape and no statements. sh is nil for a query without
// literals.
func (c *parseCache) parseShaped(query string, maxStackDepthKB int, env sql.Env) (sh *shape, lits []sql.Literal, stmts []sql.Statement, err error) {
	shapeText, lits, ok := sql.LiteralShape(query)
	if !ok {
		stmts, err = sql.ParseDepth(query, maxStackDepthKB)
		return nil, nil, stmts, err
	}
	key := templateKey{shapeText, maxStackDepthKB}
	if sh, found := c.shapes[key]; found {
		switch {
		case env != nil && sh.plans.PlanFor(env) != nil:
			return sh, lits, nil, nil
		case sh.template != nil:
			return sh, lits, sh.template.Instantiate(query, lits), nil
		}
		stmts, err = sql.ParseDepth(query, maxStackDepthKB)
		return sh, lits, stmts, err
	}
	if stmts, err = sql.ParseDepth(query, maxStackDepthKB); err != nil {
		return nil, nil, nil, err
	}
	if len(c.shapes) >= c.max {
		clear(c.shapes)
	}
	t, _ := sql.NewParseTemplate(stmts, lits)
	sh = &shape{template: t}
	c.shapes[key] = sh
	return sh, lits, stmts, nil
}

// forgetPlans drops every cached plan (a setting changed).
func (c *parseCache) forgetPlans() {
	for _, q := range c.entries {
		clear(q.plans)
	}
	for _, sh := range c.shapes {
		sh.plans.Reset()
	}
}

// planned learns from p, the plan made for this query alone, when the
// query is of a shape that may get a plan of its own (sql.ShapePlan).
func (q *parsedQuery) planned(env sql.Env, p *sql.Plan) {
	if q.shape == nil || q.params != nil {
		return
	}
	q.shape.plans.Learn(env, p, q.values, q.shape.template.Parameterized, func(p *sql.Plan) bool { return cacheable(p) != nil })
}
