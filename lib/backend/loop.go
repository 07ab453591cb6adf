// The command loop: simple and extended query protocol, transaction state.

package backend

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gpostgres/gpostgres/lib/elog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/waitevent"
	"github.com/jackc/pgx/v5/pgproto3"
)

func (s *session) readyForQuery() error {
	s.sendParameterStatus()
	status := s.xact.Status()
	if status == 'I' {
		// Notifications go out between transactions, before
		// ReadyForQuery (PostgresMain's ProcessNotifyInterrupt).
		s.notifyPending.Store(false)
		s.sendNotifications()
		// The transaction's counts go to the shared statistics, or, if
		// the last flush was too recent, after a while idle.
		s.flushStats(false)
	}
	s.send(&pgproto3.ReadyForQuery{TxStatus: status})
	s.awaitingCommand = true
	switch status {
	case 'I':
		s.setState(proc.StateIdle, "", "idle")
	case 'T':
		s.setState(proc.StateIdleInTransaction, "", "idle in transaction")
	case 'E':
		s.setState(proc.StateIdleInTransactionAborted, "", "idle in transaction (aborted)")
	}
	return s.flush()
}

// idleMemoryRelease is how long a session waits for its client before
// giving the memory its Go heap no longer uses back to the system. A Go
// process keeps freed heap pages (and grows its heap to GOGC times the
// live data between collections), so a backend that ran one big query
// would otherwise stay large while idle; PostgreSQL's backend frees its
// memory contexts at the end of each statement.
const idleMemoryRelease = time.Second

// releaseMemory runs on a timer goroutine while the session goroutine
// waits for the client: two collections, then the free pages returned.
func releaseMemory() {
	// The first collection moves what sync.Pools hold to their victim
	// caches, the second (FreeOSMemory's) frees them: about a megabyte
	// of buffers after a session's first queries.
	runtime.GC()
	debug.FreeOSMemory()
	if f := os.Getenv("GPOSTGRES_MEMPROFILE"); f != "" {
		writeMemProfile(f)
	}
}

func (s *session) flush() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.be.Flush()
}

// loop serves the client until it leaves; it returns the exit status.
func (s *session) loop() int {
	if err := s.readyForQuery(); err != nil {
		return 0
	}
	skipToSync := false
	for {
		idleErr, idleUntil := s.armIdleTimeout()
		s.ReportWait(waitevent.ClientRead)
		// Only a wait after ReadyForQuery can be long; the messages of
		// one extended-protocol exchange follow each other.
		var release *time.Timer
		if s.awaitingCommand {
			release = time.AfterFunc(idleMemoryRelease, releaseMemory)
		}
		msg, err := s.receive(idleUntil)
		if release != nil {
			release.Stop()
		}
		s.awaitingCommand = false
		s.ReportWait(0)
		if s.terminating.Load() {
			s.sendFatal(errTerminate)
			return 1
		}
		var ne net.Error
		if err != nil && idleErr != nil && errors.As(err, &ne) && ne.Timeout() {
			// PostgreSQL tells the client why before closing.
			s.sendFatal(idleErr)
			return 1
		}
		if err != nil {
			return s.receiveFailed(err)
		}
		if s.reloadPending.Swap(false) {
			s.child.Reload()
			s.settingsChanged()
		}
		if skipToSync {
			switch msg.(type) {
			case *pgproto3.Sync:
				skipToSync = false
			case *pgproto3.Terminate:
				s.terminated = true
				return 0
			default:
				continue
			}
		}
		if err := s.fromClient(msg); err != nil {
			// Text the server cannot read: the message fails as a
			// whole, as in PostgreSQL.
			s.reportError(pgerr.As(err), "")
			if _, simple := msg.(*pgproto3.Query); simple {
				if err := s.readyForQuery(); err != nil {
					return 0
				}
			} else {
				skipToSync = true
			}
			continue
		}
		var fatal *pgerr.Error
		switch m := msg.(type) {
		case *pgproto3.Query:
			fatal = s.simpleQuery(m.String)
			if fatal == nil {
				if err := s.readyForQuery(); err != nil {
					return 0
				}
			}
		case *pgproto3.Parse, *pgproto3.Bind, *pgproto3.Describe, *pgproto3.Execute, *pgproto3.Close:
			if err := s.extended(msg); err != nil {
				pe := pgerr.As(err)
				if pe.Severity == pgerr.SeverityFatal {
					fatal = pe
					break
				}
				s.reportError(pe, s.currentQuery())
				skipToSync = true
			}
		case *pgproto3.Sync:
			s.syncExtended()
			if err := s.readyForQuery(); err != nil {
				return 0
			}
		case *pgproto3.Flush:
			if err := s.flush(); err != nil {
				return 0
			}
		case *pgproto3.Terminate:
			s.terminated = true
			return 0
		case *pgproto3.FunctionCall:
			s.reportError(pgerr.New(pgerr.FeatureNotSupported, "fastpath function calls are not supported"), "")
			if err := s.readyForQuery(); err != nil {
				return 0
			}
		case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
			// Outside COPY these are ignored, as PostgreSQL does.
		default:
			fatal = pgerr.Fatalf(pgerr.ProtocolViolation, "invalid frontend message type %d", msgType(msg))
		}
		if fatal != nil {
			s.sendFatal(fatal)
			return 1
		}
	}
}

var (
	errIdleInTransaction = pgerr.Fatalf(pgerr.IdleInTransactionSessionTimeout, "terminating connection due to idle-in-transaction timeout")
	errIdleSession       = pgerr.Fatalf(pgerr.IdleSessionTimeout, "terminating connection due to idle-session timeout")
	errClientLost        = pgerr.Fatalf(pgerr.ConnectionFailure, "connection to client lost")
)

// armIdleTimeout sets the socket's read deadline for the wait for the
// next message: idle_in_transaction_session_timeout inside a transaction
// block, idle_session_timeout outside one (PostgreSQL's two idle timers).
// It returns the FATAL error to report when the deadline passes and the
// deadline, nil and the zero time when no timeout applies.
func (s *session) armIdleTimeout() (*pgerr.Error, time.Time) {
	var d time.Duration
	var e *pgerr.Error
	if s.xact.InBlock() {
		d, e = s.child.Settings.Duration("idle_in_transaction_session_timeout"), errIdleInTransaction
	} else {
		d, e = s.child.Settings.Duration("idle_session_timeout"), errIdleSession
	}
	var until time.Time
	if d <= 0 {
		e = nil
	} else {
		until = time.Now().Add(d)
	}
	s.conn.SetReadDeadline(until)
	// A SIGTERM that arrived before the deadline was set must still
	// wake the read: the handler sets the flag before the deadline.
	if s.terminating.Load() {
		s.conn.SetReadDeadline(time.Now())
	}
	return e, until
}

// receiveFailed decides what a read error means: a client that vanished
// (PostgreSQL logs "unexpected EOF on client connection with an open
// transaction" only inside a transaction), or garbage on the wire.
func (s *session) receiveFailed(err error) int {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		s.sessionEnd = pgstat.SessionClientEOF
		if s.xact != nil && s.xact.InBlock() {
			s.child.Log.Report(pgerr.New(pgerr.ProtocolViolation, "unexpected EOF on client connection with an open transaction").WithSeverity(pgerr.SeverityLog), "")
		}
		return 0
	case errors.As(err, &ne) && ne.Timeout():
		return 0
	}
	// pgproto3 reports an unknown type byte only in its error text.
	var e *pgerr.Error
	if t, ok := strings.CutPrefix(err.Error(), "unknown message type: "); ok && len(t) == 1 {
		e = pgerr.Fatalf(pgerr.ProtocolViolation, "invalid frontend message type %d", t[0])
	} else {
		e = pgerr.Fatalf(pgerr.ProtocolViolation, "invalid frontend message: %v", err)
	}
	s.sendFatal(e)
	return 1
}

func msgType(m pgproto3.FrontendMessage) int {
	b, err := m.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return int(b[0])
}

// flushStats flushes the session's statistics counts (pgstat_report_stat)
// and arms or disarms the idle flush.
func (s *session) flushStats(force bool) {
	if s.eng == nil {
		return
	}
	if wait := s.eng.Stats.Flush(force); wait > 0 {
		if s.statsFlushAt.IsZero() {
			s.statsFlushAt = time.Now().Add(wait)
		}
	} else {
		s.statsFlushAt = time.Time{}
	}
}

// sendFatal reports a FATAL error to client and log; the caller then exits.
func (s *session) sendFatal(e *pgerr.Error) {
	if s.sessionEnd == pgstat.SessionNormal {
		s.sessionEnd = pgstat.SessionFatal
		if e == errTerminate {
			s.sessionEnd = pgstat.SessionKilled
		}
	}
	s.child.Log.Report(e, "")
	s.send(errorMessage(e))
	s.flush()
}

// reportError sends an ERROR to the client and logs it (with the statement
// when log_min_error_statement allows).
func (s *session) reportError(e *pgerr.Error, query string) {
	if e.Severity == pgerr.SeverityPanic {
		// Tell the client, then take everyone down: shared state may be
		// inconsistent (PostgreSQL's PANIC).
		s.send(errorMessage(e))
		s.flush()
		s.child.Panic(e, s.slot)
	}
	// log_min_error_statement: the statement goes with the error only
	// from that severity up.
	if min, ok := elog.ParseLevel(s.child.Settings.Enum("log_min_error_statement")); ok && elog.LevelOf(e.Severity) < min {
		query = ""
	}
	s.child.Log.Report(e, query)
	s.send(errorMessage(e))
	if e.Code == pgerr.TRDeadlockDetected && s.eng != nil {
		s.eng.Stats.ReportDeadlock()
	}
	// Outside a block the transaction ends; inside one the failed level's
	// work is rolled back now (locks released, the xid aborted) and the
	// block waits for ROLLBACK or ROLLBACK TO SAVEPOINT, as in PostgreSQL.
	if s.xact != nil {
		if err := s.xact.AbortCurrent(); err != nil {
			s.child.Log.Report(err, "")
		}
	}
}

// statementContext starts the context a statement runs under: canceled by
// SIGINT, SIGTERM or statement_timeout, each with its own error.
func (s *session) statementContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	var timer *time.Timer
	if d := s.child.Settings.Duration("statement_timeout"); d > 0 {
		timer = time.AfterFunc(d, func() { cancel(errTimeout) })
	}
	s.stmtTimer = timer
	s.running.Store(&cancel)
	if s.terminating.Load() {
		cancel(errTerminate)
	}
	// SET, RESET and transaction ends may have changed lock_timeout.
	if s.eng != nil {
		s.eng.Locker.Configure(s.child.Settings)
	}
	stopCheck := s.watchClient(ctx, cancel)
	return ctx, func() {
		s.running.Store(nil)
		s.stmtTimer = nil
		if timer != nil {
			timer.Stop()
		}
		stopCheck()
		cancel(nil)
	}
}

// watchClient is client_connection_check_interval: while a statement
// runs, the socket is polled for a hang-up at that interval, and a lost
// client ends the statement and the session with "connection to client
// lost", releasing its locks, rather than letting the statement run on
// for nobody. Without the setting, a lost client is noticed when the
// backend next writes, as in PostgreSQL.
func (s *session) watchClient(ctx context.Context, cancel context.CancelCauseFunc) func() {
	d := s.child.Settings.Duration("client_connection_check_interval")
	sc, ok := s.conn.(syscall.Conn)
	if d <= 0 || !ok {
		return func() {}
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return func() {}
	}
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			lost := false
			raw.Control(func(fd uintptr) {
				fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLRDHUP}}
				if n, err := unix.Poll(fds, 0); err == nil && n > 0 &&
					fds[0].Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
					lost = true
				}
			})
			if lost {
				s.clientLost.Store(true)
				cancel(errClientLost)
				return
			}
		}
	}()
	return func() { close(stop) }
}
