// Package backend is one client session: the process the postmaster starts
// for each connection, which speaks the v3 wire protocol to that client
// alone until it disconnects. It corresponds to PostgreSQL's
// src/backend/tcop/postgres.c and the start-up half of
// postmaster/postmaster.c (ProcessStartupPacket) and utils/init/postinit.c.
//
// # Lifecycle
//
//  1. Start-up: read the start-up packet from the inherited socket (answer
//     SSLRequest and GSSENCRequest with 'N', serve a CancelRequest and exit),
//     check the protocol version, the role and the database, claim a proc
//     slot (max_connections, superuser_reserved_connections), authenticate,
//     send ParameterStatus, BackendKeyData and ReadyForQuery.
//  2. The loop reads one message at a time: simple Query, or the extended
//     protocol's Parse/Bind/Describe/Execute/Close/Sync/Flush, and Terminate.
//     After an error in extended mode, messages are skipped until Sync, as
//     the protocol requires.
//  3. The session ends on Terminate, on the client's disconnect, or on a
//     FATAL error: an open transaction is aborted, temporary objects are
//     dropped, the session's locks (advisory ones included) are released,
//     and the process exits, releasing its proc slot.
//  4. A pre-started backend whose session ended cleanly (Terminate outside
//     a transaction block) releases everything as in 3, resets its
//     settings, keeps its catalog cache for the same database and goes
//     back to the postmaster's pool for the next connection instead of
//     exiting (reuse.go).
//
// # Interrupts
//
// Signals arrive on a goroutine that only records them and wakes the
// session: SIGINT cancels the running statement (CancelRequest from another
// connection, pg_cancel_backend), SIGTERM ends the session with
// "terminating connection due to administrator command", SIGHUP makes the
// session re-read the configuration before its next command, SIGQUIT (crash
// restart or immediate shutdown) sends a last warning and exits at once.
// SIGUSR1 says a notifying backend queued notifications (notify.go): a
// session waiting for its client is woken by a read deadline of now and
// sends them at once unless a transaction block is open; otherwise they
// go out before the next ReadyForQuery outside a block, as PostgreSQL's.
//
// SQL cursors (cursors.go) are named portals over an open sql.Cursor:
// DECLARE makes one, FETCH, MOVE and the protocol's Execute move it,
// CLOSE, the Close message, CLOSE ALL, DISCARD ALL and the session's end
// drop it (closeAllPortals), and its transaction's end drops it unless
// the commit materialized it WITH HOLD.
//
// COPY FROM STDIN and TO STDOUT (copy.go) speak the copy sub-protocol
// for the SQL layer through sql.CopyEnv: CopyInResponse and the
// client's CopyData until CopyDone or CopyFail, CopyOutResponse, one
// CopyData per row and CopyDone.
//
// A statement runs under one context from analysis (where it waits for its
// relation locks) to the end of execution; SIGINT, SIGTERM,
// statement_timeout and a lost client cancel it with their own errors, and
// lock waits add lock_timeout. Executor loops check it per row, waiting
// functions select on it, and functions whose work grows with an argument
// are bounded by the size of their result (lib/sql/builtins/limits.go,
// numeric power). Between commands, idle_in_transaction_session_timeout
// and idle_session_timeout are read deadlines on the socket that end the
// session with their FATAL errors; client_connection_check_interval polls
// the socket for a hang-up while a statement runs. pg_cancel_backend and
// pg_terminate_backend (signals.go) send SIGINT and SIGTERM to another
// backend found in the proc array, with pg_signal_backend's permission
// rules.
//
// # What other sessions see
//
// The session publishes its state, query and wait event in its proc slot:
// Client / ClientRead while it waits for the next message, Client /
// ClientWrite while a write waits for the client to make room
// (rawsocket.go), Timeout / PgSleep in pg_sleep, IPC / CheckpointDone in
// CHECKPOINT, IPC / BackendTermination in pg_terminate_backend's wait; the
// lock manager, the buffer manager, the WAL and the storage manager
// publish theirs (Lock, LWLock, BufferPin, IO). pg_stat_activity
// (sqlglue.go) reads every slot once per transaction, as PostgreSQL's
// local backend status snapshot: later reads in the same transaction see
// the same picture until pg_stat_clear_snapshot. pg_locks and
// pg_blocking_pids (locks.go) read the lock table live.
//
// # Compatibility notes
//
// Message texts, SQLSTATEs and the order of messages follow PostgreSQL 15
// exactly, since drivers depend on them: for example COMMIT of a failed
// transaction answers with the command tag ROLLBACK, and BEGIN inside a
// transaction block is a WARNING, not an error.
package backend
