// The copy sub-protocol (sql.CopyEnv): COPY FROM STDIN reads the
// client's CopyData until CopyDone or CopyFail, COPY TO STDOUT sends
// CopyOutResponse, one CopyData per row and CopyDone. Like PostgreSQL's
// CopyGetData, Flush and Sync met during copy-in are ignored (client
// libraries send them without knowing the command was a COPY), any other
// message is a protocol violation, and a client gone mid-COPY ends the
// session.

package backend

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/waitevent"
	"github.com/jackc/pgx/v5/pgproto3"
)

// copyFlushBytes is how much COPY TO output is buffered before it is
// written to the socket.
const copyFlushBytes = 64 << 10

// Superuser reports whether the session's role is a superuser (COPY with
// a server file or program).
func (s *session) Superuser() bool { return s.superuser }

// copyFormats are a CopyInResponse's or CopyOutResponse's column format
// codes: all text or all binary.
func copyFormats(binary bool, columns int) (byte, []uint16) {
	codes := make([]uint16, columns)
	if !binary {
		return 0, codes
	}
	for i := range codes {
		codes[i] = 1
	}
	return 1, codes
}

// CopyFromClient sends CopyInResponse and returns the client's data.
func (s *session) CopyFromClient(binary bool, columns int) (io.Reader, error) {
	format, codes := copyFormats(binary, columns)
	s.send(&pgproto3.CopyInResponse{OverallFormat: format, ColumnFormatCodes: codes})
	if err := s.flush(); err != nil {
		return nil, errClientLost
	}
	// An idle timeout's deadline must not end a long copy.
	s.conn.SetReadDeadline(time.Time{})
	// A termination request wakes a read waiting for the client's data
	// (ProcessClientReadInterrupt serves ProcDiePending even then); a
	// cancel waits for the next message, as in PostgreSQL.
	if ctx := s.xact.Context(); ctx != nil {
		context.AfterFunc(ctx, func() {
			if s.terminating.Load() {
				s.conn.SetReadDeadline(time.Now())
			}
		})
	}
	// The data streams in: read it in big pieces.
	s.client.startBulk()
	return &copyInReader{s: s}, nil
}

// clientReader is the reader of the client's messages. Outside COPY FROM
// STDIN it reads the socket directly (a read per message batch, into the
// protocol reader's 8 kB buffer); during one, the CopyData stream is
// read through a 64 kB buffer, so that a read brings in several of the
// client's 8 kB messages instead of one message in two reads. The buffer
// is dropped once the copy has ended and what it holds has been read.
type clientReader struct {
	sock *rawSocket
	buf  *bufio.Reader
	bulk bool
}

// copyReadBuffer is the size of clientReader's buffer during a copy.
const copyReadBuffer = 64 << 10

func (r *clientReader) Read(p []byte) (int, error) {
	if r.buf != nil {
		if r.bulk || r.buf.Buffered() > 0 {
			return r.buf.Read(p)
		}
		r.buf = nil
	}
	return r.sock.Read(p)
}

func (r *clientReader) startBulk() {
	if r.buf == nil {
		r.buf = bufio.NewReaderSize(r.sock, copyReadBuffer)
	}
	r.bulk = true
}

// endBulk ends the copy's buffering: the buffer is read out, then
// dropped.
func (r *clientReader) endBulk() { r.bulk = false }

// copyInReader reads the payload of the client's CopyData messages.
type copyInReader struct {
	s   *session
	buf []byte
	err error
	// quiet: the caller reads on a goroutine of its own and reports the
	// wait for the client itself (ReportWaits).
	quiet bool
}

// ReportWaits turns the reporting of the waits for the client's data on
// or off: COPY FROM that reads on another goroutine reports them where
// it waits for that goroutine, so that the session's wait event is
// written from one goroutine only.
func (r *copyInReader) ReportWaits(on bool) { r.quiet = !on }

func (r *copyInReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if !r.quiet {
			r.s.ReportWait(waitevent.ClientRead)
		}
		msg, err := r.s.be.Receive()
		if !r.quiet {
			r.s.ReportWait(0)
		}
		if err != nil {
			var ne net.Error
			if r.s.terminating.Load() && errors.As(err, &ne) && ne.Timeout() {
				r.err = errTerminate
			} else {
				// The client is gone: nothing more can be said to it.
				r.err = pgerr.Fatalf(pgerr.ConnectionFailure, "unexpected EOF on client connection with an open transaction")
			}
			continue
		}
		switch msg.(type) {
		case *pgproto3.CopyDone, *pgproto3.CopyFail:
			r.s.client.endBulk()
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			// The message's buffer is the connection's: it is used up
			// before the next Receive.
			r.buf = m.Data
		case *pgproto3.CopyDone:
			r.err = io.EOF
		case *pgproto3.CopyFail:
			if err := r.s.fromClient(m); err != nil {
				r.err = err
				continue
			}
			r.err = pgerr.Newf(pgerr.QueryCanceled, "COPY from stdin failed: %s", m.Message)
		case *pgproto3.Flush, *pgproto3.Sync:
		default:
			r.err = pgerr.Newf(pgerr.ProtocolViolation, "unexpected message type 0x%02X during COPY from stdin", msgType(msg))
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// CopyToClient sends CopyOutResponse and returns the stream of CopyData.
func (s *session) CopyToClient(binary bool, columns int) (sql.CopyOutStream, error) {
	format, codes := copyFormats(binary, columns)
	s.send(&pgproto3.CopyOutResponse{OverallFormat: format, ColumnFormatCodes: codes})
	return &copyOutWriter{s: s}, nil
}

// copyOutWriter sends each write as a CopyData message.
type copyOutWriter struct {
	s       *session
	pending int
}

func (w *copyOutWriter) Write(p []byte) (int, error) {
	w.s.send(&pgproto3.CopyData{Data: p})
	if w.pending += len(p); w.pending >= copyFlushBytes {
		w.pending = 0
		if err := w.s.flush(); err != nil {
			return 0, errClientLost
		}
	}
	return len(p), nil
}

func (w *copyOutWriter) Done() error {
	w.s.send(&pgproto3.CopyDone{})
	return nil
}
