// Package xact is one session's transaction: PostgreSQL's
// access/transam/xact.c above the commit/abort core of lib/access/transam.
// The backend (lib/backend) and the SQL layer's test sessions
// (lib/sql/internal/sqltest) both use it, and lib/sql receives it as a
// concrete *Transaction.
//
// # Layers
//
// lib/access/transam records outcomes (xid assignment, the commit and abort
// records, the commit log, the proc array, snapshots). This package decides
// when: it keeps the transaction block state (idle, an implicit transaction
// for one Query message or one extended-protocol batch, a BEGIN block, a
// failed block), the stack of savepoints, the command counter, the
// statement snapshot, the commit and abort actions and the relation and
// advisory locks of each level, and ends everything in PostgreSQL's order. It sits above
// lib/engine (whose handles it uses) and lib/catalog (whose invalidations
// it sends or undoes), below lib/sql and lib/backend.
//
// # Lifecycle
//
//	tx := xact.New(xact.Config{Engine: eng, Database: db, Settings: settings})
//	tx.StartCommand()           // before each statement: opens an implicit transaction
//	tx.SetContext(ctx)          // lock waits obey the statement's cancellation
//	... statement: tx.Xid(), tx.Snapshot(), tx.LockRelation(), tx.LockObject(), tx.AtCommit() ...
//	tx.EndStatement()           // forget the snapshot, next command id
//	tx.AbortCurrent()           // if the statement failed
//	tx.EndImplicit(true)        // end of the Query message, or Sync
//
// A statement that works in several transactions (CREATE INDEX
// CONCURRENTLY) calls CommitAndStart between them; it refuses to run
// when InTransactionBlock (a BEGIN block, or several statements of one
// Query message: the backend calls SetImplicitBlock). Each top-level
// transaction holds the lock on its virtual transaction id (VirtualXid)
// from its start to its end, so that such statements can wait for it.
//
// Transaction control statements call Begin, Commit, Rollback, Savepoint,
// Release and RollbackTo (lib/sql's TransactionCommand maps the parse tree
// to them). Status is what ReadyForQuery reports. There is no two-phase
// commit: Prepare (PREPARE TRANSACTION) rolls the block back and fails
// with 0A000, "cannot PREPARE a transaction that has operated on
// temporary objects" when MarkAccessedTemp was called in it (the SQL
// layer does when it locks a temporary relation or creates in the
// temporary schema), as PostgreSQL checks that first.
//
// # Promises
//
//   - Commit order: the commit record (listing the released savepoints'
//     xids), its flush when synchronous_commit is not off, the commit log,
//     removal from the proc array; then the catalog invalidations and the
//     commit actions; then the locks. A waiter for one of the locks finds
//     the effects of the commit when it gets it.
//   - An error inside a block rolls the innermost level back at once (its
//     xid marked aborted, its abort actions run, the locks it took
//     released, its settings undone); the block then accepts only
//     ROLLBACK, COMMIT (which rolls back), PREPARE TRANSACTION (which
//     rolls back too) and ROLLBACK TO SAVEPOINT.
//   - Session locks (tx.LockSession: pg_advisory_lock) outlive the
//     transaction, committed or aborted; only the advisory ones survive an
//     abort (lib/storage/lmgr's ReleaseAbortedTransactionLocks).
//   - Settings follow the levels: SET in a rolled-back savepoint or
//     transaction is undone, SET LOCAL ends with its transaction.
//   - A commit that fails after its record may be durable is a PANIC
//     (Config.Panic): only recovery can tell whether it happened.
//
// # Caveats
//
// READ COMMITTED takes a snapshot per statement, REPEATABLE READ and
// SERIALIZABLE one per transaction (isolation.go: the first statement
// that needs one takes it and fixes the level, after which
// transaction_isolation refuses to change). SERIALIZABLE adds
// lib/storage/predicate's SSI: the transaction registers as it takes the
// snapshot (TakeSnapshot returns its failure), the SQL layer reports its
// reads and writes of tables, pages and tuples (PredicateRead,
// PredicateReadTarget, PredicateReadInvisible, PredicateWrite,
// PredicateWriteTarget, PredicateWriteNew, PredicateWriteIndexPage), the commit
// checks for dangerous structures last before the commit record, and the
// transaction's end releases its SIREAD locks (kept after a commit while
// overlapping serializable transactions run). Savepoints do not touch it:
// SIREAD locks belong to the top level. Relation and advisory locks
// a released savepoint took pass to its parent; locks on other objects (the
// heap's tuple locks) are held to the end of the top-level transaction.
package xact
