// Transaction control statements (BEGIN, COMMIT, ROLLBACK, SAVEPOINT,
// RELEASE, ROLLBACK TO, PREPARE TRANSACTION): what utility.c does with a
// TransactionStmt, over the session's lib/xact transaction.

package sql

import (
	"strconv"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/xact"
)

// TransactionModes are the current transaction's modes (ISOLATION LEVEL,
// READ ONLY, DEFERRABLE), kept as the settings transaction_isolation,
// transaction_read_only and transaction_deferrable.
type TransactionModes interface {
	// SetMode sets one for the current transaction; a refused mode fails
	// the new block, as in PostgreSQL.
	SetMode(name, value string) error
	// Mode shows one.
	Mode(name string) (string, error)
}

// chainedModes are what COMMIT AND CHAIN carries into the next transaction.
var chainedModes = []string{"transaction_isolation", "transaction_read_only", "transaction_deferrable"}

// TransactionCommand runs a transaction control statement. It returns the
// command tag and, for BEGIN inside a block or COMMIT/ROLLBACK outside one,
// a warning for the client. modes applies BEGIN's and START TRANSACTION's
// modes to the new transaction and carries them over COMMIT AND CHAIN; a
// nil modes refuses both.
func TransactionCommand(tx *xact.Transaction, t *pg_query.TransactionStmt, modes TransactionModes) (tag string, warning *pgerr.Error, err error) {
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		tag = "BEGIN"
		if t.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START {
			tag = "START TRANSACTION"
		}
		if warning = tx.Begin(); warning != nil {
			return tag, warning, nil
		}
		for _, o := range t.Options {
			d := o.GetDefElem()
			if d == nil {
				continue
			}
			if modes == nil {
				return "", nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s is not supported in this session", d.Defname)
			}
			if err := modes.SetMode(d.Defname, ConstString(d.Arg)); err != nil {
				return "", nil, err
			}
		}
		return tag, nil, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		if t.Chain {
			return chain(tx, "COMMIT", modes, tx.Commit)
		}
		return tx.Commit()
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		if t.Chain {
			return chain(tx, "ROLLBACK", modes, func() (string, *pgerr.Error, error) {
				_, err := tx.Rollback()
				return "ROLLBACK", nil, err
			})
		}
		warning, err = tx.Rollback()
		return "ROLLBACK", warning, err
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return "SAVEPOINT", nil, tx.Savepoint(t.SavepointName)
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		return "RELEASE", nil, tx.Release(t.SavepointName)
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return "ROLLBACK", nil, tx.RollbackTo(t.SavepointName)
	case pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		return tx.Prepare()
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT_PREPARED:
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "COMMIT PREPARED is not supported")
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_PREPARED:
		return "", nil, pgerr.New(pgerr.FeatureNotSupported, "ROLLBACK PREPARED is not supported")
	}
	return "", nil, pgerr.Newf(pgerr.FeatureNotSupported, "transaction statement %s is not supported", t.Kind)
}

// chain is COMMIT AND CHAIN and ROLLBACK AND CHAIN: end the block, then
// begin a new one with the same modes.
func chain(tx *xact.Transaction, command string, modes TransactionModes, end func() (string, *pgerr.Error, error)) (string, *pgerr.Error, error) {
	if !tx.InBlock() {
		return "", nil, pgerr.Newf(pgerr.NoActiveSqlTransaction, "%s AND CHAIN can only be used in transaction blocks", command)
	}
	if modes == nil {
		return "", nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s AND CHAIN is not supported in this session", command)
	}
	saved := make([]string, len(chainedModes))
	for i, name := range chainedModes {
		v, err := modes.Mode(name)
		if err != nil {
			return "", nil, err
		}
		saved[i] = v
	}
	tag, _, err := end()
	if err != nil {
		return tag, nil, err
	}
	tx.StartCommand()
	tx.Begin()
	for i, name := range chainedModes {
		if err := modes.SetMode(name, saved[i]); err != nil {
			return tag, nil, err
		}
	}
	return tag, nil, nil
}

// AllowedInFailedTransaction reports whether a statement may run in a
// failed transaction block: only those that end the block or roll back to
// a savepoint (IsTransactionExitStmt).
func AllowedInFailedTransaction(n *pg_query.Node) bool {
	t := n.GetTransactionStmt()
	if t == nil {
		return false
	}
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		return true
	}
	return false
}

// ConstString is the text of a constant in a utility statement's
// arguments (SET, BEGIN's modes): strings, numbers and booleans as
// written, a type cast's operand.
func ConstString(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	if tc := n.GetTypeCast(); tc != nil {
		return ConstString(tc.Arg)
	}
	c := n.GetAConst()
	if c == nil {
		return ""
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Sval:
		return v.Sval.Sval
	case *pg_query.A_Const_Ival:
		return strconv.Itoa(int(v.Ival.Ival))
	case *pg_query.A_Const_Fval:
		return v.Fval.Fval
	case *pg_query.A_Const_Boolval:
		if v.Boolval.Boolval {
			return "true"
		}
		return "false"
	}
	return ""
}
