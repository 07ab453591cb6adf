// Running a query string with the simple query protocol and reporting each
// statement's outcome as it completes, the way psql's
// ExecQueryAndProcessResults sees libpq's results: row descriptions, rows
// as text, command tags, errors, notices in arrival order, and COPY.

package client

import (
	"context"
	"errors"
	"io"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// Field describes one result column.
type Field struct {
	Name    string `json:"name"`
	TypeOID uint32 `json:"type"`
}

// Result is the outcome of one statement of a query string.
type Result struct {
	// HasRows is set when the statement returned a row description
	// (PGRES_TUPLES_OK), even with zero columns or zero rows.
	HasRows bool        `json:"has_rows,omitempty"`
	Fields  []Field     `json:"fields,omitempty"`
	Rows    [][]*string `json:"rows,omitempty"` // nil cell: NULL
	// Tag is the command tag ("SELECT 1", "INSERT 0 1", "CREATE TABLE");
	// empty for an empty query and for a failed statement.
	Tag        string `json:"tag,omitempty"`
	EmptyQuery bool   `json:"empty_query,omitempty"`
	// CopyOut marks the end of a COPY TO STDOUT, whose tag psql does not
	// print.
	CopyOut bool `json:"copy_out,omitempty"`
	// Err is the server's error; no further results follow it.
	Err *pgconn.PgError `json:"error,omitempty"`
}

// Handler receives a query's events in the order the server sends them.
type Handler struct {
	Result func(*Result)
	Notice func(*pgconn.Notice)
	// Notification receives LISTEN/NOTIFY messages.
	Notification func(*pgconn.Notification)
	// CopyOut receives COPY TO STDOUT data; nil discards it.
	CopyOut io.Writer
	// CopyIn supplies COPY FROM STDIN data; nil makes such a COPY fail.
	CopyIn func() io.Reader
}

// ErrConnectionLost reports that the server closed the connection during a
// query. psql then says "server closed the connection unexpectedly".
var ErrConnectionLost = errors.New("server closed the connection unexpectedly")

// Exec sends sql as one Query message and reports each statement's result
// through h until the server is ready again. It returns an error only
// when the connection fails; SQL errors arrive as Results.
func Exec(ctx context.Context, conn *pgconn.PgConn, sql string, h Handler) error {
	fe := conn.Frontend()
	fe.Send(&pgproto3.Query{String: sql})
	if err := fe.Flush(); err != nil {
		return ErrConnectionLost
	}
	var cur *Result
	emit := func() {
		if cur != nil && h.Result != nil {
			h.Result(cur)
		}
		cur = nil
	}
	for {
		msg, err := conn.ReceiveMessage(ctx)
		if err != nil {
			emit()
			return ErrConnectionLost
		}
		switch m := msg.(type) {
		case *pgproto3.RowDescription:
			cur = &Result{HasRows: true, Fields: make([]Field, len(m.Fields))}
			for i, f := range m.Fields {
				cur.Fields[i] = Field{Name: string(f.Name), TypeOID: f.DataTypeOID}
			}
		case *pgproto3.DataRow:
			if cur == nil {
				cur = &Result{HasRows: true}
			}
			// The message's buffer is reused by the next receive: copy.
			row := make([]*string, len(m.Values))
			for i, v := range m.Values {
				if v != nil {
					s := string(v)
					row[i] = &s
				}
			}
			cur.Rows = append(cur.Rows, row)
		case *pgproto3.CommandComplete:
			if cur == nil {
				cur = &Result{}
			}
			cur.Tag = string(m.CommandTag)
			emit()
		case *pgproto3.EmptyQueryResponse:
			cur = &Result{EmptyQuery: true}
			emit()
		case *pgproto3.ErrorResponse:
			if cur == nil {
				cur = &Result{}
			}
			cur.Err = pgconn.ErrorResponseToPgError(m)
			cur.Tag = ""
			emit()
		case *pgproto3.NoticeResponse:
			if h.Notice != nil {
				n := pgconn.Notice(*pgconn.ErrorResponseToPgError((*pgproto3.ErrorResponse)(m)))
				h.Notice(&n)
			}
		case *pgproto3.NotificationResponse:
			if h.Notification != nil {
				h.Notification(&pgconn.Notification{PID: m.PID, Channel: m.Channel, Payload: m.Payload})
			}
		case *pgproto3.CopyOutResponse:
			cur = &Result{CopyOut: true}
		case *pgproto3.CopyData:
			if h.CopyOut != nil {
				h.CopyOut.Write(m.Data)
			}
		case *pgproto3.CopyDone:
		case *pgproto3.CopyInResponse:
			cur = &Result{}
			if err := copyIn(conn, h.CopyIn); err != nil {
				return err
			}
		case *pgproto3.ReadyForQuery:
			emit()
			return nil
		}
	}
}

// copyIn streams COPY FROM STDIN data, then CopyDone; without a source it
// sends CopyFail so that the server reports the COPY as failed.
func copyIn(conn *pgconn.PgConn, src func() io.Reader) error {
	fe := conn.Frontend()
	if src == nil {
		fe.Send(&pgproto3.CopyFail{Message: "COPY FROM STDIN is not supported here"})
		if err := fe.Flush(); err != nil {
			return ErrConnectionLost
		}
		return nil
	}
	r := src()
	buf := make([]byte, 64*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			fe.Send(&pgproto3.CopyData{Data: append([]byte(nil), buf[:n]...)})
			if ferr := fe.Flush(); ferr != nil {
				return ErrConnectionLost
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			fe.Send(&pgproto3.CopyFail{Message: err.Error()})
			if ferr := fe.Flush(); ferr != nil {
				return ErrConnectionLost
			}
			return nil
		}
	}
	fe.Send(&pgproto3.CopyDone{})
	if err := fe.Flush(); err != nil {
		return ErrConnectionLost
	}
	return nil
}
