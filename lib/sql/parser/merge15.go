// MERGE as PostgreSQL 15's grammar has it: pg_query's newer grammar also
// parses MERGE ... RETURNING and WHEN NOT MATCHED BY SOURCE / BY TARGET
// (PostgreSQL 17), which PostgreSQL 15 reports as syntax errors at
// RETURNING and BY.

package parser

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// isMerge reports whether a statement is MERGE, directly or as what
// PREPARE or EXPLAIN names.
func isMerge(n *pg_query.Node) bool {
	switch {
	case n.GetMergeStmt() != nil:
		return true
	case n.GetPrepareStmt() != nil:
		return isMerge(n.GetPrepareStmt().Query)
	case n.GetExplainStmt() != nil:
		return isMerge(n.GetExplainStmt().Query)
	}
	return false
}

// checkMerge15 refuses the MERGE syntax PostgreSQL 15 lacks in the
// statements of query: RETURNING, and BY after MATCHED, outside
// brackets. Only MERGE statements' text is scanned.
func checkMerge15(query string, stmts []Statement) error {
	for _, st := range stmts {
		if !isMerge(st.node) {
			continue
		}
		res, err := pg_query.Scan(st.Text)
		if err != nil {
			continue
		}
		depth := 0
		var prev pg_query.Token
		for _, t := range res.Tokens {
			switch t.Token {
			case pg_query.Token_ASCII_40:
				depth++
			case pg_query.Token_ASCII_41:
				depth--
			}
			if depth == 0 && (t.Token == pg_query.Token_RETURNING || t.Token == pg_query.Token_BY && prev == pg_query.Token_MATCHED) {
				start := st.Offset + int(t.Start)
				word := query[start : st.Offset+int(t.End)]
				return pgerr.Newf(pgerr.SyntaxError, "syntax error at or near \"%s\"", word).
					WithPosition(Position(query, int32(start)))
			}
			prev = t.Token
		}
	}
	return nil
}
