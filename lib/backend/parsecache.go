// Parsed statements and their plans cached by exact query text, so that a
// client repeating the same simple-protocol query skips the parser and the
// analyzer (design.md); and parse templates by literal shape, so that a
// query differing from an earlier one only in its integer literals (a
// pgbench lookup, an ORM's inlined id) skips the parser
// (lib/sql/parser/template.go).

package backend

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
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
	// templates are parses by literal shape (sql.LiteralShape), for
	// queries that differ from one parsed before only in their integer
	// literals; nil marks a shape found unfit. Dropped whole when full,
	// like entries.
	templates map[templateKey]*sql.ParseTemplate
}

// templateKey is a literal shape under a max_stack_depth: a template
// reused under another setting could skip the depth check it passed.
type templateKey struct {
	shape           string
	maxStackDepthKB int
}

type parsedQuery struct {
	stmts []sql.Statement
	plans []*sql.Plan // by statement index; nil until planned
	// notices are the scanner's NOTICEs (identifiers truncated), sent
	// each time the query is parsed, as PostgreSQL parses it each time.
	notices []*pgerr.Error
}

func newParseCache(max int) *parseCache {
	return &parseCache{max: max, entries: make(map[string]*parsedQuery), templates: make(map[templateKey]*sql.ParseTemplate)}
}

func (c *parseCache) parse(query string, maxStackDepthKB int) (*parsedQuery, error) {
	if q, ok := c.entries[query]; ok {
		return q, nil
	}
	stmts, err := c.parseShaped(query, maxStackDepthKB)
	if err != nil {
		return nil, err
	}
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	q := &parsedQuery{stmts: stmts, plans: make([]*sql.Plan, len(stmts)), notices: sql.TruncationNotices(query)}
	c.entries[query] = q
	return q, nil
}

// parseShaped parses query, from the template of its literal shape when
// a query of that shape was parsed before, and makes that template
// otherwise.
func (c *parseCache) parseShaped(query string, maxStackDepthKB int) ([]sql.Statement, error) {
	shape, lits, ok := sql.LiteralShape(query)
	if !ok {
		return sql.ParseDepth(query, maxStackDepthKB)
	}
	key := templateKey{shape, maxStackDepthKB}
	if t, found := c.templates[key]; found {
		if t != nil {
			return t.Instantiate(query, lits), nil
		}
		return sql.ParseDepth(query, maxStackDepthKB)
	}
	stmts, err := sql.ParseDepth(query, maxStackDepthKB)
	if err != nil {
		return nil, err
	}
	if len(c.templates) >= c.max {
		clear(c.templates)
	}
	t, _ := sql.NewParseTemplate(stmts, lits)
	c.templates[key] = t
	return stmts, nil
}

// forgetPlans drops every cached plan (a setting changed).
func (c *parseCache) forgetPlans() {
	for _, q := range c.entries {
		clear(q.plans)
	}
}
