// Read-only transactions (transaction_read_only, BEGIN READ ONLY,
// default_transaction_read_only): PostgreSQL's PreventCommandIfReadOnly.

package backend

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
)

// preventIfReadOnly fails a statement that would write while the
// transaction is read-only: "cannot execute INSERT in a read-only
// transaction" (25006). What may run is what log_statement = 'mod' leaves
// out (queries, SET, SHOW, transaction control, CHECKPOINT), except that
// row locks write too.
func (s *session) preventIfReadOnly(p *prepared) error {
	if p.node == nil || !s.child.Settings.Bool("transaction_read_only") {
		return nil
	}
	name, writes := writingCommand(p)
	if !writes || p.plan != nil && p.plan.WritesOnlyTemporaryTables() {
		return nil
	}
	return pgerr.Newf(pgerr.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", name)
}

// writingCommand reports whether a statement writes, and its name in
// PostgreSQL's messages (CreateCommandName).
func writingCommand(p *prepared) (string, bool) {
	node := p.node
	if e := node.GetExplainStmt(); e != nil {
		if commandLogLevel(node) == logStmtAll {
			return "", false
		}
		// EXPLAIN ANALYZE runs its statement: that statement is refused.
		node = e.Query
	}
	if dc := node.GetDeclareCursorStmt(); dc != nil {
		// The cursor's query is checked as it starts: its row locks
		// write (ExecCheckXactReadOnly).
		return writingCommand(&prepared{node: dc.Query})
	}
	if node.GetPrepareStmt() != nil {
		// Preparing writes nothing; EXECUTE checks the statement it runs.
		return "", false
	}
	if sel := node.GetSelectStmt(); sel != nil && len(sel.LockingClause) > 0 {
		return selectLockingName(sel.LockingClause), true
	}
	if sel := node.GetSelectStmt(); sel != nil && sel.WithClause != nil {
		// An INSERT, UPDATE or DELETE in WITH writes: the executor's
		// check names the statement, a SELECT.
		for _, n := range sel.WithClause.Ctes {
			if n.GetCommonTableExpr().GetCtequery().GetSelectStmt() == nil {
				return "SELECT", true
			}
		}
	}
	if cs := node.GetCopyStmt(); cs != nil && cs.Query != nil {
		// COPY (INSERT ... RETURNING) TO: the executor refuses the
		// query.
		return writingCommand(&prepared{node: cs.Query})
	}
	if commandLogLevel(node) == logStmtAll {
		return "", false
	}
	if cs := node.GetCopyStmt(); cs != nil && cs.IsFrom {
		// COPY FROM may load a temporary table: the SQL layer checks
		// the table it opens (DoCopy's PreventCommandIfReadOnly).
		return "", false
	}
	return parser.CommandTag(node), true
}

// selectLockingName is CreateCommandName of a SELECT with row locks: the
// strongest lock it takes.
func selectLockingName(clauses []*pg_query.Node) string {
	strongest := pg_query.LockClauseStrength_LCS_NONE
	for _, c := range clauses {
		if lc := c.GetLockingClause(); lc != nil && lc.Strength > strongest {
			strongest = lc.Strength
		}
	}
	switch strongest {
	case pg_query.LockClauseStrength_LCS_FORKEYSHARE:
		return "SELECT FOR KEY SHARE"
	case pg_query.LockClauseStrength_LCS_FORSHARE:
		return "SELECT FOR SHARE"
	case pg_query.LockClauseStrength_LCS_FORNOKEYUPDATE:
		return "SELECT FOR NO KEY UPDATE"
	}
	return "SELECT FOR UPDATE"
}
