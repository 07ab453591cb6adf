// pg_stat_bgwriter, pg_stat_wal, pg_stat_archiver and pg_stat_io: the cumulative counters
// that show the background processes (and, for pg_stat_io, every process) at work, computed
// from shared memory; and the session's side of the pg_stat_* functions
// (expr.CumulativeStats).

package backend

import (
	"math/big"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/access/toast"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/proc"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/types"
)

func statColumns(defs [][2]any) []sql.Column {
	cols := make([]sql.Column, len(defs))
	for i, d := range defs {
		oid := d[1].(uint32)
		cols[i] = sql.Column{Name: d[0].(string), TypeOID: oid, TypeLen: typeLen(oid), TypeMod: -1}
	}
	return cols
}

func timestamptz(t time.Time) types.Datum {
	if t.IsZero() {
		return types.Null
	}
	return types.Int(types.TimeToTimestamp(t))
}

func ms(d time.Duration) types.Datum { return types.Float8(float64(d) / float64(time.Millisecond)) }

func (s *session) pgStatBgwriter() sql.Relation {
	cols := statColumns([][2]any{
		{"checkpoints_timed", types.OidInt8}, {"checkpoints_req", types.OidInt8},
		{"checkpoint_write_time", types.OidFloat8}, {"checkpoint_sync_time", types.OidFloat8},
		{"buffers_checkpoint", types.OidInt8}, {"buffers_clean", types.OidInt8},
		{"maxwritten_clean", types.OidInt8}, {"buffers_backend", types.OidInt8},
		{"buffers_backend_fsync", types.OidInt8}, {"buffers_alloc", types.OidInt8},
		{"stats_reset", types.OidTimestamptz},
	})
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		if s.eng == nil {
			return nil, nil
		}
		sh := s.child.Shared
		b := s.eng.Buffers.Stats()
		q := s.eng.Sync.Stats()
		return [][]types.Datum{{
			types.Int(int64(atomic.LoadUint64(&sh.CheckpointsTimed))),
			types.Int(int64(atomic.LoadUint64(&sh.CheckpointsReq))),
			types.Float8(float64(atomic.LoadUint64(&sh.CkptWriteTimeMs))),
			types.Float8(float64(atomic.LoadUint64(&sh.CkptSyncTimeMs))),
			types.Int(b.BuffersCheckpoint), types.Int(b.BuffersClean), types.Int(b.MaxWrittenClean),
			types.Int(b.BuffersBackend), types.Int(int64(q.OwnFsyncs) + b.BuffersBackendFsync), types.Int(b.BuffersAlloc),
			timestamptz(b.StatsReset),
		}}, nil
	}}
}

func (s *session) pgStatWal() sql.Relation {
	cols := statColumns([][2]any{
		{"wal_records", types.OidInt8}, {"wal_fpi", types.OidInt8}, {"wal_bytes", types.OidNumeric},
		{"wal_buffers_full", types.OidInt8}, {"wal_write", types.OidInt8}, {"wal_sync", types.OidInt8},
		{"wal_write_time", types.OidFloat8}, {"wal_sync_time", types.OidFloat8}, {"stats_reset", types.OidTimestamptz},
	})
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		if s.eng == nil {
			return nil, nil
		}
		w := s.eng.WALH.Stats()
		bytes := apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(new(big.Int).SetUint64(w.Bytes)), 0)
		return [][]types.Datum{{
			types.Int(int64(w.Records)), types.Int(int64(w.FPI)), types.Numeric(bytes),
			types.Int(int64(w.BuffersFull)), types.Int(int64(w.Write)), types.Int(int64(w.Sync)),
			ms(w.WriteTime), ms(w.SyncTime), timestamptz(w.StatsReset),
		}}, nil
	}}
}

func (s *session) pgStatArchiver() sql.Relation {
	cols := statColumns([][2]any{
		{"archived_count", types.OidInt8}, {"last_archived_wal", types.OidText}, {"last_archived_time", types.OidTimestamptz},
		{"failed_count", types.OidInt8}, {"last_failed_wal", types.OidText}, {"last_failed_time", types.OidTimestamptz},
		{"stats_reset", types.OidTimestamptz},
	})
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		if s.eng == nil {
			return nil, nil
		}
		a := s.eng.WALH.ArchiverStats()
		text := func(v string) types.Datum {
			if v == "" {
				return types.Null
			}
			return types.Text(v)
		}
		return [][]types.Datum{{
			types.Int(int64(a.ArchivedCount)), text(a.LastArchivedWal), timestamptz(a.LastArchivedTime),
			types.Int(int64(a.FailedCount)), text(a.LastFailedWal), timestamptz(a.LastFailedTime),
			timestamptz(a.StatsReset),
		}}, nil
	}}
}

// pgStatIO is PostgreSQL 16's pg_stat_io (pg_stat_get_io): a row per
// backend type, object and context that PostgreSQL 16 tracks, an
// operation's count and time NULL where it is not tracked for that row.
// Times are 0 unless track_io_timing was on while the I/O happened.
func (s *session) pgStatIO() sql.Relation {
	cols := statColumns([][2]any{
		{"backend_type", types.OidText}, {"object", types.OidText}, {"context", types.OidText},
		{"reads", types.OidInt8}, {"read_time", types.OidFloat8},
		{"writes", types.OidInt8}, {"write_time", types.OidFloat8},
		{"writebacks", types.OidInt8}, {"writeback_time", types.OidFloat8},
		{"extends", types.OidInt8}, {"extend_time", types.OidFloat8},
		{"op_bytes", types.OidInt8}, {"hits", types.OidInt8}, {"evictions", types.OidInt8},
		{"reuses", types.OidInt8}, {"fsyncs", types.OidInt8}, {"fsync_time", types.OidFloat8},
		{"stats_reset", types.OidTimestamptz},
	})
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		if s.eng == nil {
			return nil, nil
		}
		return ioRows(s.eng.Shared.Stats.IO(s.eng.Owner)), nil
	}}
}

// ioColumns are the operations in pg_stat_io's column order, each with
// whether a time column follows its count.
var ioColumns = []struct {
	op    storage.IOOp
	timed bool
}{
	{storage.IOOpRead, true}, {storage.IOOpWrite, true}, {storage.IOOpWriteback, true}, {storage.IOOpExtend, true},
	{storage.IOOpHit, false}, {storage.IOOpEvict, false}, {storage.IOOpReuse, false}, {storage.IOOpFsync, true},
}

func ioRows(st *pgstat.IOStats) [][]types.Datum {
	var rows [][]types.Datum
	for _, bt := range pgstat.BackendTypes() {
		if !pgstat.TracksIOBackendType(bt) {
			continue
		}
		for obj := storage.IOObject(0); obj < storage.NumIOObjects; obj++ {
			for ctx := storage.IOContext(0); ctx < storage.NumIOContexts; ctx++ {
				if !pgstat.TracksIOObject(bt, obj, ctx) {
					continue
				}
				row := []types.Datum{types.Text(bt.String()), types.Text(pgstat.IOObjectNames[obj]), types.Text(pgstat.IOContextNames[ctx])}
				for _, c := range ioColumns {
					if c.op == storage.IOOpHit {
						// op_bytes sits between extend_time and hits.
						row = append(row, types.Int(storage.BlockSize))
					}
					count, took := types.Null, types.Null
					if pgstat.TracksIOOp(bt, obj, ctx, c.op) {
						count = types.Int(st.Counts[bt][obj][ctx][c.op])
						// Shown to the microsecond, as pg_stat_us_to_ms.
						took = types.Float8(float64(st.Times[bt][obj][ctx][c.op].Microseconds()) / 1000)
					}
					row = append(row, count)
					if c.timed {
						row = append(row, took)
					}
				}
				rows = append(rows, append(row, timestamptz(st.StatsReset)))
			}
		}
	}
	return rows
}

// ---- expr.CumulativeStats ----

// CumulativeStats is the session's statistics state.
func (s *session) CumulativeStats() *pgstat.Backend {
	if s.eng == nil {
		return nil
	}
	return s.eng.Stats
}

// DatabaseBackends counts the client backends connected to database db
// (pg_stat_get_db_numbackends).
func (s *session) DatabaseBackends(db uint32) int {
	n := 0
	slots := s.child.Procs.Slots()
	for i := range slots {
		sl := &slots[i]
		if atomic.LoadInt32(&sl.Owner.Pid) != 0 && proc.Role(atomic.LoadInt32((*int32)(&sl.Role))) == proc.RoleBackend &&
			atomic.LoadUint32(&sl.DatabaseOID) == db {
			n++
		}
	}
	return n
}

// ProgressReports reads every process's progress report.
func (s *session) ProgressReports() []proc.Progress {
	var out []proc.Progress
	slots := s.child.Procs.Slots()
	for i := range slots {
		if p, ok := slots[i].ReadProgress(); ok {
			out = append(out, p)
		}
	}
	return out
}

// DataChecksums reports whether the cluster was initialized with data
// checksums.
func (s *session) DataChecksums() bool {
	return s.eng != nil && s.eng.WALH.ControlFile().DataChecksumVersion != 0
}

// CheckStatsReset: the reset functions are for superusers, as
// PostgreSQL's system_functions.sql revokes them from PUBLIC.
func (s *session) CheckStatsReset(name string) error {
	if !s.superuser {
		return pgerr.Newf(pgerr.InsufficientPrivilege, "permission denied for function %s", name)
	}
	return nil
}

// StoredCompressed implements expr.CompressionInspector.
func (s *session) StoredCompressed(payload []byte) (method string, known bool) {
	if s.eng == nil || s.eng.Heap.Compressed == nil {
		return "", false
	}
	m, compressed, known := s.eng.Heap.Compressed.Compression(payload)
	switch {
	case !known || !compressed:
		return "", known
	case m == toast.MethodLZ4:
		return "lz4", true
	}
	return "pglz", true
}

// ReadNoneCompressed implements expr.CompressionInspector.
func (s *session) ReadNoneCompressed() bool {
	return s.eng != nil && s.eng.Heap.Compressed.Empty()
}

// ResetSlruStats is pg_stat_reset_slru. A name of no SLRU gpostgres has
// resets nothing: PostgreSQL resets its "other" row, which counts SLRUs
// of extensions, and gpostgres has none.
func (s *session) ResetSlruStats(name string, all bool) error {
	if s.eng == nil {
		return pgerr.New(pgerr.FeatureNotSupported, "statistics are not kept in this session")
	}
	if all {
		name = ""
	}
	if sr := s.eng.Pred.Serial(); sr != nil && (all || name == "Serial") {
		sr.ResetSlruStats()
	}
	s.eng.Xact.ResetSlruStats(name)
	return nil
}

// ResetSharedStats is pg_stat_reset_shared for the counters the
// background processes keep.
func (s *session) ResetSharedStats(target string) error {
	if s.eng == nil {
		return pgerr.New(pgerr.FeatureNotSupported, "statistics are not kept in this session")
	}
	switch target {
	case "bgwriter":
		// pg_stat_bgwriter shows the checkpointer's counters too.
		s.eng.Buffers.ResetStats()
		sh := s.child.Shared
		atomic.StoreUint64(&sh.CheckpointsTimed, 0)
		atomic.StoreUint64(&sh.CheckpointsReq, 0)
		atomic.StoreUint64(&sh.CkptWriteTimeMs, 0)
		atomic.StoreUint64(&sh.CkptSyncTimeMs, 0)
	case "archiver":
		s.eng.WALH.ResetArchiverStats()
	case "io":
		// PostgreSQL 16's target; pg_stat_io is PostgreSQL 16's view.
		s.eng.Shared.Stats.ResetIO(s.eng.Owner)
	case "wal":
		s.eng.WALH.ResetStats()
	case "recovery_prefetch":
		// Its counters are always zero (no recovery prefetching): only
		// the reset time changes.
		atomic.StoreInt64(&s.child.Shared.RecoveryPrefetchReset, time.Now().UnixMicro())
	default:
		return pgerr.Newf(pgerr.InvalidParameterValue, "unrecognized reset target: \"%s\"", target).
			WithHint("Target must be \"archiver\", \"bgwriter\", \"io\", \"recovery_prefetch\", or \"wal\".")
	}
	return nil
}
