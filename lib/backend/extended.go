// The extended query protocol: Parse, Bind, Describe, Execute, Close, Sync.

package backend

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/jackc/pgx/v5/pgproto3"
)

func (s *session) extended(msg pgproto3.FrontendMessage) error {
	switch m := msg.(type) {
	case *pgproto3.Parse:
		return s.parseMsg(m)
	case *pgproto3.Bind:
		return s.bindMsg(m)
	case *pgproto3.Describe:
		return s.describeMsg(m)
	case *pgproto3.Execute:
		return s.executeMsg(m)
	case *pgproto3.Close:
		if m.ObjectType == 'S' {
			delete(s.prepared, m.Name)
		} else {
			s.dropPortal(m.Name)
		}
		s.send(&pgproto3.CloseComplete{})
	}
	return nil
}

func (s *session) parseMsg(m *pgproto3.Parse) error {
	s.stmtStart = time.Now()
	if m.Name != "" {
		if _, dup := s.prepared[m.Name]; dup {
			return pgerr.Newf(pgerr.DuplicatePstatement, "prepared statement \"%s\" already exists", m.Name)
		}
	}
	parsed, err := s.parsed.parse(m.Query, int(s.child.Settings.Int("max_stack_depth")), nil)
	if err != nil {
		return err
	}
	for _, n := range parsed.notices {
		s.notice(n)
	}
	stmts := parsed.stmts
	// Analysis locks tables and reads the catalogs: it runs inside the
	// implicit transaction, as PostgreSQL's exec_parse_message.
	s.beginImplicit()
	if len(stmts) > 1 {
		return pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	p := &prepared{name: m.Name, query: m.Query, prepareTime: time.Now()}
	if len(stmts) == 1 {
		p.stmt = stmts[0]
		p.node = stmts[0].Node()
		if err := s.prepare(p, m.ParameterOIDs, false); err != nil {
			return err
		}
	}
	if p.paramTypes == nil {
		p.paramTypes = m.ParameterOIDs
	}
	s.prepared[m.Name] = p
	s.send(&pgproto3.ParseComplete{})
	s.logExtendedDuration(s.stmtStart, "parse", m.Name, "", m.Query, false, nil)
	return nil
}

func (s *session) bindMsg(m *pgproto3.Bind) error {
	start := time.Now()
	p, ok := s.prepared[m.PreparedStatement]
	if !ok {
		return pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", m.PreparedStatement)
	}
	s.beginImplicit()
	if len(m.Parameters) != len(p.paramTypes) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
			len(m.Parameters), m.PreparedStatement, len(p.paramTypes))
	}
	if n := len(m.ParameterFormatCodes); n > 1 && n != len(m.Parameters) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message has %d parameter formats but %d parameters", n, len(m.Parameters))
	}
	params := make([]types.Datum, len(m.Parameters))
	for i, raw := range m.Parameters {
		format := formatAt(m.ParameterFormatCodes, i)
		d, err := s.decodeParam(p.paramTypes[i], format, raw)
		if err != nil {
			return err
		}
		params[i] = d
	}
	if n := len(m.ResultFormatCodes); n > 1 && n != len(p.columns) {
		return pgerr.Newf(pgerr.ProtocolViolation, "bind message has %d result formats but query has %d columns", n, len(p.columns))
	}
	if p.node != nil && s.xact.Failed() && !sql.AllowedInFailedTransaction(p.node) {
		return pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
	}
	if old := s.portals[m.DestinationPortal]; old != nil && old.cursor != nil {
		return pgerr.Newf(pgerr.DuplicateCursor, "cursor \"%s\" already exists", m.DestinationPortal)
	}
	pt, err := s.bind(p, params, m.ResultFormatCodes)
	if err != nil {
		return err
	}
	s.portals[m.DestinationPortal] = pt
	s.send(&pgproto3.BindComplete{})
	s.logExtendedDuration(start, "bind", m.PreparedStatement, m.DestinationPortal, p.query, false, pt)
	return nil
}

func formatAt(codes []int16, i int) int16 {
	switch len(codes) {
	case 0:
		return 0
	case 1:
		return codes[0]
	}
	return codes[i]
}

func (s *session) describeMsg(m *pgproto3.Describe) error {
	if m.ObjectType == 'S' {
		p, ok := s.prepared[m.Name]
		if !ok {
			return pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", m.Name)
		}
		s.send(&pgproto3.ParameterDescription{ParameterOIDs: p.paramTypes})
		if p.columns == nil {
			s.send(&pgproto3.NoData{})
		} else {
			s.send(s.rowDescription(p.columns, nil))
		}
		return nil
	}
	pt, ok := s.portals[m.Name]
	if !ok {
		return pgerr.Newf(pgerr.InvalidCursorName, "portal \"%s\" does not exist", m.Name)
	}
	if pt.p.columns == nil {
		s.send(&pgproto3.NoData{})
	} else {
		s.send(s.rowDescription(pt.p.columns, pt.formats))
	}
	return nil
}

func (s *session) executeMsg(m *pgproto3.Execute) error {
	pt, ok := s.portals[m.Portal]
	if !ok {
		return pgerr.Newf(pgerr.InvalidCursorName, "portal \"%s\" does not exist", m.Portal)
	}
	if pt.p.node == nil {
		s.send(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	start := time.Now()
	s.debugQuery = pt.p.query
	defer func() { s.debugQuery = "" }()
	verb := "execute"
	if pt.executed {
		verb = "execute fetch from"
	}
	logged := s.logExecute(pt, m.Portal)
	if !pt.executed {
		s.beginImplicit()
		// pg_stat_activity.query is the statement's whole source text.
		s.setState(proc.StateActive, pt.p.query, pt.p.stmt.Tag())
	}
	if err := s.execute(pt, int(m.MaxRows)); err != nil {
		return err
	}
	s.logExtendedDuration(start, verb, pt.p.name, m.Portal, pt.p.query, logged, pt)
	return nil
}

// syncExtended ends the implicit transaction of an extended-protocol
// exchange: committed when no error occurred, aborted otherwise.
func (s *session) syncExtended() {
	if err := s.endImplicit(true); err != nil {
		s.reportError(pgerr.As(err), s.currentQuery())
	}
	delete(s.portals, "")
	if !s.xact.InBlock() {
		// Outside a block the Sync ended the portals' transaction, also
		// when no Execute started one (PostgreSQL's Bind starts it).
		for name, pt := range s.portals {
			if pt.cursor == nil {
				delete(s.portals, name)
			}
		}
	}
}

func (s *session) rowDescription(cols []sql.Column, formats []int16) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, c := range cols {
		fields[i] = pgproto3.FieldDescription{
			Name: []byte(c.Name), TableOID: c.TableOID, TableAttributeNumber: uint16(c.AttNum),
			DataTypeOID: c.TypeOID, DataTypeSize: c.TypeLen, TypeModifier: c.TypeMod,
			Format: formatAt(formats, i),
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

func (s *session) dataRow(cols []sql.Column, formats []int16, row []types.Datum) (*pgproto3.DataRow, error) {
	values := make([][]byte, len(row))
	for i, d := range row {
		if d.IsNull() {
			continue
		}
		b, err := s.encodeValue(cols[i], formatAt(formats, i), d)
		if err != nil {
			return nil, err
		}
		values[i] = b
	}
	return &pgproto3.DataRow{Values: values}, nil
}
