// pg_locks (PostgreSQL's pg_lock_status): every heavyweight lock held or
// awaited, from the shared lock table, then the SIREAD locks of
// serializable transactions (lib/storage/predicate).

package backend

import (
	"github.com/gpostgres/gpostgres/lib/storage/predicate"
	"strconv"
	"time"

	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func (s *session) pgLocks() sql.Relation {
	cols := statColumns([][2]any{
		{"locktype", types.OidText}, {"database", types.OidOid}, {"relation", types.OidOid},
		{"page", types.OidInt4}, {"tuple", types.OidInt2}, {"virtualxid", types.OidText},
		{"transactionid", types.OidXid}, {"classid", types.OidOid}, {"objid", types.OidOid},
		{"objsubid", types.OidInt2}, {"virtualtransaction", types.OidText}, {"pid", types.OidInt4},
		{"mode", types.OidText}, {"granted", types.OidBool}, {"fastpath", types.OidBool},
		{"waitstart", types.OidTimestamptz},
	})
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		if s.eng == nil {
			return nil, nil
		}
		var rows [][]types.Datum
		for _, l := range s.eng.Locks.Status(s.eng.Owner) {
			row := make([]types.Datum, len(cols))
			t := l.Tag
			row[0] = types.Text(t.Type.String())
			oid := func(v uint32) types.Datum { return types.Int(int64(v)) }
			switch t.Type {
			case lmgr.LockTagRelation, lmgr.LockTagRelationExtend:
				row[1], row[2] = oid(t.Field1), oid(t.Field2)
			case lmgr.LockTagDatabaseFrozenIds:
				row[1] = oid(t.Field1)
			case lmgr.LockTagPage:
				row[1], row[2], row[3] = oid(t.Field1), oid(t.Field2), types.Int(int64(t.Field3))
			case lmgr.LockTagTuple:
				row[1], row[2], row[3], row[4] = oid(t.Field1), oid(t.Field2), types.Int(int64(t.Field3)), types.Int(int64(t.Field4))
			case lmgr.LockTagTransaction:
				row[6] = oid(t.Field1)
			case lmgr.LockTagVirtualTransaction:
				row[5] = types.Text(strconv.FormatUint(uint64(t.Field1), 10) + "/" + strconv.FormatUint(uint64(t.Field2), 10))
			default:
				row[1], row[7], row[8], row[9] = oid(t.Field1), oid(t.Field2), oid(t.Field3), types.Int(int64(t.Field4))
			}
			if l.VirtualXid.BackendID != 0 {
				row[10] = types.Text(l.VirtualXid.String())
			}
			row[11] = types.Int(int64(l.Pid))
			row[12] = types.Text(l.Mode.String())
			row[13] = types.Bool(l.Granted)
			row[14] = types.Bool(false)
			if l.WaitStart != 0 {
				row[15] = types.Int(types.TimeToTimestamp(time.UnixMicro(l.WaitStart)))
			}
			rows = append(rows, row)
		}
		// Then the SIREAD locks of serializable transactions, on
		// relations, pages and tuples (GetPredicateLockStatusData).
		for _, l := range s.eng.Pred.Status(s.eng.Owner) {
			row := make([]types.Datum, len(cols))
			row[0] = types.Text("relation")
			row[1], row[2] = types.Int(int64(l.Database)), types.Int(int64(l.Rel))
			if l.Block != predicate.InvalidBlock {
				row[0], row[3] = types.Text("page"), types.Int(int64(l.Block))
				if l.Offset != 0 {
					row[0], row[4] = types.Text("tuple"), types.Int(int64(l.Offset))
				}
			}
			row[10] = types.Text(l.Vxid.String())
			if l.Pid != 0 {
				// Not the summarized transactions' locks.
				row[11] = types.Int(int64(l.Pid))
			}
			row[12] = types.Text("SIReadLock")
			row[13] = types.Bool(true)
			row[14] = types.Bool(false)
			rows = append(rows, row)
		}
		return rows, nil
	}}
}

// SafeSnapshotBlockingPids is pg_safe_snapshot_blocking_pids
// (expr.SafeSnapshotInspector).
func (s *session) SafeSnapshotBlockingPids(pid int32) []int32 {
	if s.eng == nil {
		return nil
	}
	return s.eng.Pred.SafeSnapshotBlockingPids(s.eng.Owner, pid)
}

// BlockingPids is pg_blocking_pids (expr.LockInspector).
func (s *session) BlockingPids(pid int32) []int32 {
	if s.eng == nil {
		return nil
	}
	return s.eng.Locks.BlockingPids(s.eng.Owner, pid)
}
