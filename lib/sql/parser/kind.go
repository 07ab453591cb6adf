// This file classifies statements and names their command tags, so the
// backend can route transaction control, SET and SHOW to itself and send
// the right CommandComplete.

package parser

import (
	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
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
