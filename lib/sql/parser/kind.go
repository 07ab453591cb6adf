// This file classifies statements and names their command tags, so the
// backend can route transaction control, SET and SHOW to itself and send
// the right CommandComplete.

package parser

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Kind tells what kind of statement a Statement is.
type Kind int

// Statement kinds.
const (
	// KindOther is any statement the SQL front end does not execute yet.
	KindOther Kind = iota
	// KindSelect is a SELECT (or VALUES) query.
	KindSelect
	// KindSet is SET, SET LOCAL, SET TIME ZONE, RESET or RESET ALL
	// (VariableSetStmt).
	KindSet
	// KindShow is SHOW (VariableShowStmt).
	KindShow
	// KindTransaction is BEGIN, START TRANSACTION, COMMIT, END,
	// ROLLBACK, ABORT, SAVEPOINT, RELEASE, ROLLBACK TO and the two-phase
	// commands (TransactionStmt).
	KindTransaction
)

func (k Kind) String() string {
	switch k {
	case KindSelect:
		return "select"
	case KindSet:
		return "set"
	case KindShow:
		return "show"
	case KindTransaction:
		return "transaction"
	}
	return "other"
}

// Kind classifies the statement.
func (s *Statement) Kind() Kind {
	switch s.node.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		return KindSelect
	case *pg_query.Node_VariableSetStmt:
		return KindSet
	case *pg_query.Node_VariableShowStmt:
		return KindShow
	case *pg_query.Node_TransactionStmt:
		return KindTransaction
	}
	return KindOther
}

// Tag returns the command tag PostgreSQL's CreateCommandTag gives the
// statement: "SELECT", "SET", "BEGIN", "CREATE TABLE", ... The row count
// that some tags carry ("SELECT 5") is added by whoever runs it.
func (s *Statement) Tag() string { return CommandTag(s.node) }

// CommandTag is CreateCommandTag of a parsed statement (also one nested in
// EXPLAIN or PREPARE).
func CommandTag(node *pg_query.Node) string {
	switch n := node.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		if n.SelectStmt.IntoClause != nil {
			return "SELECT INTO"
		}
		return "SELECT"
	case *pg_query.Node_VariableSetStmt:
		switch n.VariableSetStmt.Kind {
		case pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_RESET_ALL:
			return "RESET"
		}
		return "SET"
	case *pg_query.Node_VariableShowStmt:
		return "SHOW"
	case *pg_query.Node_TransactionStmt:
		switch n.TransactionStmt.Kind {
		case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
			return "BEGIN"
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
			return "COMMIT"
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
			return "ROLLBACK"
		case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
			return "SAVEPOINT"
		case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
			return "RELEASE"
		case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
			return "PREPARE TRANSACTION"
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
			return "COMMIT PREPARED"
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
			return "ROLLBACK PREPARED"
		}
	case *pg_query.Node_InsertStmt:
		return "INSERT"
	case *pg_query.Node_UpdateStmt:
		return "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return "DELETE"
	case *pg_query.Node_MergeStmt:
		return "MERGE"
	case *pg_query.Node_CreateStmt:
		return "CREATE TABLE"
	case *pg_query.Node_CreateTableAsStmt:
		if n.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		return "CREATE TABLE AS"
	case *pg_query.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg_query.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg_query.Node_CreateSchemaStmt:
		return "CREATE SCHEMA"
	case *pg_query.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg_query.Node_CreatedbStmt:
		return "CREATE DATABASE"
	case *pg_query.Node_CreateRoleStmt:
		return "CREATE ROLE"
	case *pg_query.Node_DropdbStmt:
		return "DROP DATABASE"
	case *pg_query.Node_DropRoleStmt:
		return "DROP ROLE"
	case *pg_query.Node_DropStmt:
		return dropTag(n.DropStmt.RemoveType)
	case *pg_query.Node_AlterTableStmt:
		return "ALTER TABLE"
	case *pg_query.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg_query.Node_CopyStmt:
		return "COPY"
	case *pg_query.Node_ExplainStmt:
		return "EXPLAIN"
	case *pg_query.Node_VacuumStmt:
		if n.VacuumStmt.IsVacuumcmd {
			return "VACUUM"
		}
		return "ANALYZE"
	case *pg_query.Node_CheckPointStmt:
		return "CHECKPOINT"
	case *pg_query.Node_PrepareStmt:
		return "PREPARE"
	case *pg_query.Node_ExecuteStmt:
		return "EXECUTE"
	case *pg_query.Node_DeallocateStmt:
		return "DEALLOCATE"
	case *pg_query.Node_DiscardStmt:
		return "DISCARD"
	case *pg_query.Node_LockStmt:
		return "LOCK TABLE"
	case *pg_query.Node_GrantStmt:
		if n.GrantStmt.IsGrant {
			return "GRANT"
		}
		return "REVOKE"
	case *pg_query.Node_ListenStmt:
		return "LISTEN"
	case *pg_query.Node_NotifyStmt:
		return "NOTIFY"
	case *pg_query.Node_UnlistenStmt:
		return "UNLISTEN"
	case *pg_query.Node_DoStmt:
		return "DO"
	case *pg_query.Node_CallStmt:
		return "CALL"
	case *pg_query.Node_DeclareCursorStmt:
		return "DECLARE CURSOR"
	case *pg_query.Node_FetchStmt:
		if n.FetchStmt.Ismove {
			return "MOVE"
		}
		return "FETCH"
	case *pg_query.Node_ClosePortalStmt:
		return "CLOSE CURSOR"
	}
	return "???"
}

func dropTag(t pg_query.ObjectType) string {
	switch t {
	case pg_query.ObjectType_OBJECT_TABLE:
		return "DROP TABLE"
	case pg_query.ObjectType_OBJECT_INDEX:
		return "DROP INDEX"
	case pg_query.ObjectType_OBJECT_VIEW:
		return "DROP VIEW"
	case pg_query.ObjectType_OBJECT_MATVIEW:
		return "DROP MATERIALIZED VIEW"
	case pg_query.ObjectType_OBJECT_SEQUENCE:
		return "DROP SEQUENCE"
	case pg_query.ObjectType_OBJECT_SCHEMA:
		return "DROP SCHEMA"
	case pg_query.ObjectType_OBJECT_FUNCTION:
		return "DROP FUNCTION"
	case pg_query.ObjectType_OBJECT_TYPE:
		return "DROP TYPE"
	}
	return "DROP"
}
