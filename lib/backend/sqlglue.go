// Value encoding for the wire and the rows of the session-computed views.

package backend

import (
	"slices"
	"time"

	"github.com/gpostgres/gpostgres/lib/config"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// encodeValue renders a non-NULL result value in the format the client
// asked for. The result is never nil: pgproto3 writes a nil field as the
// protocol's NULL (length -1), so a zero-length value (an empty string, an
// empty bytea, void) must be a non-nil empty slice.
func (s *session) encodeValue(col sql.Column, format int16, d types.Datum) ([]byte, error) {
	nonNil := []byte{}
	if format == 1 {
		b, err := types.AppendBinary(nonNil, col.TypeOID, d)
		if err != nil {
			return nil, err
		}
		return s.valueToClient(col.TypeOID, format, b)
	}
	return s.valueToClient(col.TypeOID, format, types.AppendText(nonNil, col.TypeOID, d, sql.FormatOptions(s)))
}

// decodeParam reads a Bind parameter.
func (s *session) decodeParam(typeOID uint32, format int16, raw []byte) (types.Datum, error) {
	if raw == nil {
		return types.Null, nil
	}
	if typeOID == 0 {
		typeOID = types.OidText
	}
	raw, err := s.paramFromClient(typeOID, format, raw)
	if err != nil {
		return types.Null, err
	}
	switch format {
	case 0:
		return types.ParseText(typeOID, -1, string(raw), sql.FormatOptions(s))
	case 1:
		// record_recv of a composite type needs the catalog's columns.
		return types.ParseBinaryUser(typeOID, -1, raw, sql.FormatOptions(s).UserTypes)
	}
	return types.Null, pgerr.Newf(pgerr.ProtocolViolation, "unsupported format code: %d", format)
}

func pgSettingsRow(r config.PgSettingRow) []types.Datum {
	vals := r.Values()
	row := make([]types.Datum, len(vals))
	for i, v := range vals {
		if v == nil {
			continue
		}
		row[i] = types.Text(*v)
	}
	// enumvals is text[], sourceline int4, pending_restart bool.
	if r.EnumVals != nil {
		if d, err := types.ParseText(types.OidTextArray, -1, *r.EnumVals, types.DefaultFormatOptions()); err == nil {
			row[11] = d
		}
	}
	if r.SourceLine != nil {
		if d, err := types.ParseText(types.OidInt4, -1, *r.SourceLine, types.DefaultFormatOptions()); err == nil {
			row[15] = d
		}
	}
	row[16] = types.Bool(r.PendingRestart)
	return row
}

// pgStatActivity is the pg_stat_activity view, read from the proc array.
func (s *session) pgStatActivity() sql.Relation {
	type colDef struct {
		name string
		oid  uint32
	}
	defs := []colDef{
		{"datid", types.OidOid}, {"datname", types.OidName}, {"pid", types.OidInt4}, {"leader_pid", types.OidInt4},
		{"usesysid", types.OidOid}, {"usename", types.OidName}, {"application_name", types.OidText},
		{"client_addr", types.OidInet}, {"client_hostname", types.OidText}, {"client_port", types.OidInt4},
		{"backend_start", types.OidTimestamptz}, {"xact_start", types.OidTimestamptz},
		{"query_start", types.OidTimestamptz}, {"state_change", types.OidTimestamptz},
		{"wait_event_type", types.OidText}, {"wait_event", types.OidText}, {"state", types.OidText},
		{"backend_xid", types.OidXid}, {"backend_xmin", types.OidXid}, {"query_id", types.OidInt8},
		{"query", types.OidText}, {"backend_type", types.OidText},
	}
	cols := make([]sql.Column, len(defs))
	for i, d := range defs {
		cols[i] = sql.Column{Name: d.name, TypeOID: d.oid, TypeLen: typeLen(d.oid), TypeMod: -1}
	}
	ts := func(us int64) types.Datum {
		if us == 0 {
			return types.Null
		}
		return types.Int(types.TimeToTimestamp(time.UnixMicro(us)))
	}
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		// PostgreSQL reads the status of every process once per
		// transaction: later reads see the same picture.
		if s.activityRows != nil && s.xact.Open() {
			rows := make([][]types.Datum, len(s.activityRows))
			for i, r := range s.activityRows {
				rows[i] = slices.Clone(r)
			}
			return rows, nil
		}
		// Every statement of PostgreSQL holds a snapshot while it runs, so
		// the reader's own row shows its xmin; here the snapshot is taken
		// at the first table read, which this view may not have made.
		if s.xact.Open() {
			s.xact.Snapshot()
		}
		var rows [][]types.Datum
		slots := s.child.Procs.Slots()
		for i := range slots {
			snap, ok := slots[i].Read()
			if !ok {
				continue
			}
			row := make([]types.Datum, len(cols))
			row[2] = types.Int(int64(snap.Pid))
			row[10] = ts(snap.BackendStart)
			row[21] = types.Text(snap.Role.Title())
			if ev := waitevent.Current(&slots[i].Owner); ev != 0 {
				row[14] = types.Text(ev.TypeName())
				if ev.Class() == waitevent.ClassLock {
					row[15] = types.Text(lmgr.LockTagType(ev.ID()).String())
				} else {
					row[15] = types.Text(ev.Name())
				}
			}
			if s.eng != nil {
				if xid := s.eng.Xact.MyXid(i); xid != 0 {
					row[17] = types.Int(int64(xid))
				}
				if xmin := s.eng.Xact.ProcXmin(i); xmin != 0 {
					row[18] = types.Int(int64(xmin))
				}
			}
			if snap.Role == proc.RoleBackend || snap.Role == proc.RoleAutovacuumWorker {
				row[0] = types.Int(int64(snap.DatabaseOID))
				row[1] = types.Text(snap.Database)
				row[4] = types.Int(int64(snap.UserOID))
				row[5] = types.Text(snap.UserName)
				row[6] = types.Text(snap.Application)
				if snap.Role == proc.RoleAutovacuumWorker {
					// No client: client_port stays NULL.
				} else if snap.Client != "" {
					if addr, err := types.ParseText(types.OidInet, -1, snap.Client, nil); err == nil {
						row[7] = addr
					}
					row[9] = types.Int(int64(snap.ClientPort))
				} else {
					row[9] = types.Int(-1)
				}
				row[11] = ts(snap.XactStart)
				row[12] = ts(snap.QueryStart)
				row[13] = ts(snap.StateChange)
				if st := proc.StateName(snap.State); st != "" {
					row[16] = types.Text(st)
				}
				row[20] = types.Text(snap.Query)
			} else {
				row[6] = types.Text("")
				row[20] = types.Text("")
			}
			rows = append(rows, row)
		}
		if s.xact.Open() {
			s.activityRows = make([][]types.Datum, len(rows))
			for i, r := range rows {
				s.activityRows[i] = slices.Clone(r)
			}
		}
		return rows, nil
	}}
}

func typeLen(oid uint32) int16 {
	if t := types.ByOID(oid); t != nil {
		return t.Len
	}
	return 4
}
