// This file finds positions the parse tree does not record.

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/sql/parser"
)

// minLocation is the smallest location of any node within m, or -1.
func minLocation(m pg_query.Message) int32 {
	best := int32(-1)
	if l, ok := pg_query.Location(m); ok && l >= 0 {
		best = l
	}
	m.EachChild(func(_ pg_query.Slot, c pg_query.Message) bool {
		if l := minLocation(c); l >= 0 && (best < 0 || l < best) {
			best = l
		}
		return true
	})
	return best
}

// subselectLocation is where PostgreSQL 15 reports a parenthesized
// subquery to start: its opening parenthesis.
func (s *state) subselectLocation(sub *pg_query.Node) int32 {
	inner := minLocation(sub)
	if inner < 0 {
		return -1
	}
	return parser.SubselectStart(s.query, inner)
}
