// The "*" of a view's query, expanded for the stored query (PostgreSQL
// stores the analyzed query, in which a "*" is already the list of the
// columns it read then; gpostgres stores query text, so the text names
// those columns instead of a "*" that would read columns added later).

package analyze

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// StarColumn is one column a "*" expanded to, as a query names it:
// Qualifier.Column, or Column alone for a merged FULL JOIN column
// (Qualifier ""), giving it the output name Name.
type StarColumn struct {
	Qualifier, Column, Name string
}

// StarExpansions maps each "*" (or "rel.*") target of a statement to
// the columns it expanded to; a "*" left out could not be written as a
// list of column references.
type StarExpansions map[*pg_query.ColumnRef][]StarColumn

// AnalyzeViewQuery is AnalyzeFixed for the query of CREATE VIEW or
// CREATE MATERIALIZED VIEW, or for such a query stored before: it also
// reports how the query's own "*" targets (not those of the views it
// reads) expanded and what its names resolved to.
func AnalyzeViewQuery(cat Catalog, query string, node *pg_query.Node, format *types.FormatOptions) (*plan.Query, *ViewNames, error) {
	names := newViewNames()
	q, _, err := analyzeWith(cat, query, node, nil, format, true, nil, names)
	return q, names, err
}

// noteStar records the expansion of star at level st: the columns i of
// its entries rtes[k], cols[k].
func (s *state) noteStar(star *pg_query.ColumnRef, st *state, rtes, cols []int) {
	if s.names == nil {
		return
	}
	out := make([]StarColumn, 0, len(cols))
	for k := range cols {
		c, ok := starColumn(st, rtes[k], cols[k])
		if !ok {
			return
		}
		out = append(out, c)
	}
	s.names.Stars[star] = out
}

// starColumn names column i of entry idx of st's level as a column
// reference outside the "*" would.
func starColumn(st *state, idx, i int) (StarColumn, bool) {
	r := st.q.RTEs[idx]
	name := r.Columns[i].Name
	if r.Kind != plan.RTEJoin {
		return StarColumn{Qualifier: r.Alias, Column: name, Name: name}, r.Alias != ""
	}
	if r.Alias != "" {
		return StarColumn{Qualifier: r.Alias, Column: name, Name: name}, true
	}
	// An unnamed join: its column is that of one of its inputs, or a
	// merged FULL JOIN column, which only its own name refers to.
	v, ok := r.JoinVars[i].(*expr.Var)
	if !ok {
		return StarColumn{Column: name, Name: name}, true
	}
	if v.LevelsUp != 0 {
		return StarColumn{}, false
	}
	for j, b := range st.q.RTEs {
		if b.Kind == plan.RTEJoin || v.Index < b.Offset || v.Index >= b.Offset+len(b.Columns) {
			continue
		}
		c, ok := starColumn(st, j, v.Index-b.Offset)
		c.Name = name
		return c, ok
	}
	return StarColumn{}, false
}
