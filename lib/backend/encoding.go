// Conversion between the server's UTF8 and the client's encoding
// (client_encoding): every message's text crosses here, as it crosses
// pq_sendstring, pq_getmsgstring and the send and receive functions of
// the text types in PostgreSQL. With a UTF8 or SQL_ASCII client nothing
// is converted and these functions cost one check. COPY's data is
// converted by lib/sql's COPY, which knows the ENCODING option.

package backend

import (
	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/jackc/pgx/v5/pgproto3"
)

// clientEncoding returns the client's encoding when text must be
// converted for it, nil for UTF8 and SQL_ASCII. It is derived from the
// setting once per settings change (settingsChanged).
func (s *session) clientEncoding() *mb.Encoding {
	if !s.clientEncKnown {
		s.clientEnc = nil
		if s.child.Settings != nil {
			canon, _ := mb.Canonical(s.child.Settings.String("client_encoding"))
			if e := mb.Lookup(canon); e != nil && !e.Passthrough() {
				s.clientEnc = e
			}
		}
		s.clientEncKnown = true
	}
	return s.clientEnc
}

// send queues a message for the client, its text converted to the
// client's encoding. DataRow values and CopyData were converted by whoever
// made them, and the other messages carry no text beyond ASCII.
func (s *session) send(msg pgproto3.BackendMessage) {
	if enc := s.clientEncoding(); enc != nil {
		msg = toClient(msg, enc)
	}
	s.be.Send(msg)
}

// toClient returns msg with its text in enc. An error or notice whose text
// enc cannot represent is replaced by the conversion error, as PostgreSQL
// replaces it.
func toClient(msg pgproto3.BackendMessage, enc *mb.Encoding) pgproto3.BackendMessage {
	var failed error
	conv := func(s string) string {
		if failed != nil || isASCII(s) {
			return s
		}
		b, err := mb.FromServer([]byte(s), enc)
		if err != nil {
			failed = err
			return s
		}
		return string(b)
	}
	switch m := msg.(type) {
	case *pgproto3.ErrorResponse:
		c := *m
		convertErrorFields(&c, conv)
		if failed != nil {
			return conversionFailure(failed, m.Severity)
		}
		return &c
	case *pgproto3.NoticeResponse:
		c := pgproto3.ErrorResponse(*m)
		convertErrorFields(&c, conv)
		if failed != nil {
			return conversionFailure(failed, m.Severity)
		}
		n := pgproto3.NoticeResponse(c)
		return &n
	case *pgproto3.RowDescription:
		c := pgproto3.RowDescription{Fields: append([]pgproto3.FieldDescription(nil), m.Fields...)}
		for i := range c.Fields {
			c.Fields[i].Name = []byte(conv(string(c.Fields[i].Name)))
		}
		if failed != nil {
			return conversionFailure(failed, "ERROR")
		}
		return &c
	case *pgproto3.ParameterStatus:
		c := *m
		c.Value = conv(c.Value)
		if failed != nil {
			// The client keeps the value it had; a ParameterStatus has
			// no way to say why.
			return &pgproto3.ParameterStatus{Name: m.Name, Value: ""}
		}
		return &c
	case *pgproto3.NotificationResponse:
		c := *m
		c.Channel, c.Payload = conv(c.Channel), conv(c.Payload)
		if failed != nil {
			return conversionFailure(failed, "WARNING")
		}
		return &c
	}
	return msg
}

func convertErrorFields(e *pgproto3.ErrorResponse, conv func(string) string) {
	for _, f := range []*string{&e.Message, &e.Detail, &e.Hint, &e.Where, &e.InternalQuery,
		&e.SchemaName, &e.TableName, &e.ColumnName, &e.DataTypeName, &e.ConstraintName} {
		*f = conv(*f)
	}
}

// conversionFailure is the message sent instead of one whose text the
// client's encoding cannot hold: the conversion error at the original
// message's severity (its text is ASCII).
func conversionFailure(err error, severity string) pgproto3.BackendMessage {
	pe := pgerr.As(err)
	pe.Severity = pgerr.Severity(severity)
	return (&noticeOrError{pe}).message()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fromClient converts the text of an incoming message from the client's
// encoding, in place; text from a UTF8 or SQL_ASCII client is checked to
// be valid UTF8, as pg_any_to_server checks it. Bind's parameter values
// are converted by decodeParam, which knows their types; CopyData by
// COPY.
func (s *session) fromClient(msg pgproto3.FrontendMessage) error {
	enc := s.clientEncoding()
	if enc == nil {
		enc = mb.UTF8
	}
	var err error
	conv := func(v *string) {
		if err != nil || isASCII(*v) {
			return
		}
		var b []byte
		if b, err = mb.ToServer([]byte(*v), enc); err == nil {
			*v = string(b)
		}
	}
	switch m := msg.(type) {
	case *pgproto3.Query:
		conv(&m.String)
	case *pgproto3.Parse:
		conv(&m.Name)
		conv(&m.Query)
	case *pgproto3.Bind:
		conv(&m.DestinationPortal)
		conv(&m.PreparedStatement)
	case *pgproto3.Describe:
		conv(&m.Name)
	case *pgproto3.Close:
		conv(&m.Name)
	case *pgproto3.Execute:
		conv(&m.Portal)
	case *pgproto3.CopyFail:
		conv(&m.Message)
	}
	return err
}

// valueToClient converts an encoded result value (format 0 text, 1
// binary) of type typeOID to the client's encoding.
func (s *session) valueToClient(typeOID uint32, format int16, b []byte) ([]byte, error) {
	enc := s.clientEncoding()
	if enc == nil {
		return b, nil
	}
	conv := func(v []byte) ([]byte, error) { return mb.FromServer(v, enc) }
	if format == 1 {
		return mb.TranscodeBinary(typeOID, b, sql.FormatOptions(s).UserTypes, conv)
	}
	return conv(b)
}

// paramFromClient converts a Bind parameter value from the client's
// encoding before its type's input or receive function reads it.
func (s *session) paramFromClient(typeOID uint32, format int16, b []byte) ([]byte, error) {
	enc := s.clientEncoding()
	if enc == nil {
		return b, nil
	}
	conv := func(v []byte) ([]byte, error) { return mb.ToServer(v, enc) }
	if format == 1 {
		return mb.TranscodeBinary(typeOID, b, sql.FormatOptions(s).UserTypes, conv)
	}
	return conv(b)
}
