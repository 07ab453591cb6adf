// The command loop: simple and extended query protocol, transaction state.

package backend

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/jackc/pgx/v5/pgproto3"
)

// txState is the transaction block state ReadyForQuery reports.
type txState byte

const (
	txIdle   txState = 'I'
	txBlock  txState = 'T'
	txFailed txState = 'E'
)

func (s *session) readyForQuery() error {
	s.sendParameterStatus()
	s.be.Send(&pgproto3.ReadyForQuery{TxStatus: byte(s.tx)})
	switch s.tx {
	case txIdle:
		s.setState(proc.StateIdle, "", "idle")
	case txBlock:
		s.setState(proc.StateIdleInTransaction, "", "idle in transaction")
	case txFailed:
		s.setState(proc.StateIdleInTransactionAborted, "", "idle in transaction (aborted)")
	}
	return s.flush()
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
		msg, err := s.be.Receive()
		if s.terminating.Load() {
			s.sendFatal(errTerminate)
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
				return 0
			default:
				continue
			}
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

// receiveFailed decides what a read error means: a client that vanished
// (PostgreSQL logs "unexpected EOF on client connection with an open
// transaction" only inside a transaction), or garbage on the wire.
func (s *session) receiveFailed(err error) int {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		if s.tx != txIdle {
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

// sendFatal reports a FATAL error to client and log; the caller then exits.
func (s *session) sendFatal(e *pgerr.Error) {
	s.child.Log.Report(e, "")
	s.be.Send(errorMessage(e))
	s.flush()
}

// reportError sends an ERROR to the client and logs it (with the statement
// when log_min_error_statement allows).
func (s *session) reportError(e *pgerr.Error, query string) {
	if e.Severity == pgerr.SeverityPanic {
		// Tell the client, then take everyone down: shared state may be
		// inconsistent (PostgreSQL's PANIC).
		s.be.Send(errorMessage(e))
		s.flush()
		s.child.Panic(e, s.slot)
	}
	s.child.Log.Report(e, query)
	s.be.Send(errorMessage(e))
	s.endImplicit(false)
	if s.tx == txBlock {
		// The block's work is rolled back now (locks released, the xid
		// aborted); the block itself stays until ROLLBACK, as in PostgreSQL.
		if s.eng != nil {
			if err := s.xact.finish(false); err != nil {
				s.child.Log.Report(err, "")
			}
		}
		s.tx = txFailed
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
	s.running.Store(&cancel)
	if s.terminating.Load() {
		cancel(errTerminate)
	}
	return ctx, func() {
		s.running.Store(nil)
		if timer != nil {
			timer.Stop()
		}
		cancel(nil)
	}
}
