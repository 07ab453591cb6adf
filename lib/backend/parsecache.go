// Parsed statements cached by exact query text, so that a client repeating
// the same simple-protocol query skips the parser (design.md).

package backend

import "github.com/gpostgres/gpostgres/lib/sql"

// parseCache maps query text to its statements. Statements are immutable
// once parsed (analysis reads the parse tree, never changes it), so a hit
// can be used as it is. Eviction is "drop everything when full": cheap,
// and a working set larger than the cache is rare for one session.
type parseCache struct {
	max     int
	entries map[string][]sql.Statement
}

func newParseCache(max int) *parseCache {
	return &parseCache{max: max, entries: make(map[string][]sql.Statement)}
}

func (c *parseCache) parse(query string) ([]sql.Statement, error) {
	if stmts, ok := c.entries[query]; ok {
		return stmts, nil
	}
	stmts, err := sql.Parse(query)
	if err != nil {
		return nil, err
	}
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[query] = stmts
	return stmts, nil
}
