// The functions over the cumulative statistics (PostgreSQL's
// utils/adt/pgstatfuncs.c): pg_stat_get_* for relations, functions and
// databases, the pg_stat_get_xact_* of the running transaction, the
// resets, and pg_stat_get_progress_info behind pg_stat_progress_*.

package builtins

import (
	"time"

	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// btreeAmOID is the B-tree access method's OID (BTREE_AM_OID).
const btreeAmOID = 403

func cumulativeStats(ec *expr.EvalContext) (expr.CumulativeStats, *pgstat.Backend, error) {
	cs, ok := ec.Session.(expr.CumulativeStats)
	if !ok || cs.CumulativeStats() == nil {
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "cumulative statistics are not kept in this session")
	}
	return cs, cs.CumulativeStats(), nil
}

// statTimestamp is a statistics timestamp (Unix microseconds, 0 for
// never) as timestamptz.
func statTimestamp(us int64) types.Datum {
	if us == 0 {
		return types.Null
	}
	return types.Int(types.TimeToTimestamp(time.UnixMicro(us)))
}

// statMillis is a time in microseconds as float8 milliseconds.
func statMillis(us int64) types.Datum { return types.Float8(float64(us) / 1000) }

func tableStat(f func(t *pgstat.TableStats) types.Datum) implEntry {
	return sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		t, _ := b.FetchTable(uint32(a[0].Int()))
		return f(&t), nil
	})
}

func xactTableStat(f func(c *pgstat.RelationCounts) int64) implEntry {
	return sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		r := b.PendingRelation(uint32(a[0].Int()))
		if r == nil {
			return types.Int(0), nil
		}
		c := r.PendingInXact()
		return types.Int(f(&c)), nil
	})
}

func dbStat(f func(d *pgstat.DatabaseStats) types.Datum) implEntry {
	return sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		d, _ := b.FetchDatabase(uint32(a[0].Int()))
		return f(&d), nil
	})
}

func statVoid(f func(cs expr.CumulativeStats, b *pgstat.Backend, a []types.Datum) error) implEntry {
	return sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		cs, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		return types.Null, f(cs, b, a)
	})
}

func addStatsImpls(m map[string]implEntry) {
	count := func(f func(t *pgstat.TableStats) int64) implEntry {
		return tableStat(func(t *pgstat.TableStats) types.Datum { return types.Int(f(t)) })
	}
	m["pg_stat_get_numscans"] = count(func(t *pgstat.TableStats) int64 { return t.NumScans })
	m["pg_stat_get_tuples_returned"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesReturned })
	m["pg_stat_get_tuples_fetched"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesFetched })
	m["pg_stat_get_tuples_inserted"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesInserted })
	m["pg_stat_get_tuples_updated"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesUpdated })
	m["pg_stat_get_tuples_deleted"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesDeleted })
	m["pg_stat_get_tuples_hot_updated"] = count(func(t *pgstat.TableStats) int64 { return t.TuplesHotUpdated })
	m["pg_stat_get_live_tuples"] = count(func(t *pgstat.TableStats) int64 { return t.LiveTuples })
	m["pg_stat_get_dead_tuples"] = count(func(t *pgstat.TableStats) int64 { return t.DeadTuples })
	m["pg_stat_get_mod_since_analyze"] = count(func(t *pgstat.TableStats) int64 { return t.ChangesSinceAnalyze })
	m["pg_stat_get_ins_since_vacuum"] = count(func(t *pgstat.TableStats) int64 { return t.InsertsSinceVacuum })
	m["pg_stat_get_blocks_fetched"] = count(func(t *pgstat.TableStats) int64 { return t.BlocksFetched })
	m["pg_stat_get_blocks_hit"] = count(func(t *pgstat.TableStats) int64 { return t.BlocksHit })
	m["pg_stat_get_vacuum_count"] = count(func(t *pgstat.TableStats) int64 { return t.VacuumCount })
	m["pg_stat_get_autovacuum_count"] = count(func(t *pgstat.TableStats) int64 { return t.AutovacuumCount })
	m["pg_stat_get_analyze_count"] = count(func(t *pgstat.TableStats) int64 { return t.AnalyzeCount })
	m["pg_stat_get_autoanalyze_count"] = count(func(t *pgstat.TableStats) int64 { return t.AutoanalyzeCount })
	m["pg_stat_get_last_vacuum_time"] = tableStat(func(t *pgstat.TableStats) types.Datum { return statTimestamp(t.VacuumTime) })
	m["pg_stat_get_last_autovacuum_time"] = tableStat(func(t *pgstat.TableStats) types.Datum { return statTimestamp(t.AutovacuumTime) })
	m["pg_stat_get_last_analyze_time"] = tableStat(func(t *pgstat.TableStats) types.Datum { return statTimestamp(t.AnalyzeTime) })
	m["pg_stat_get_last_autoanalyze_time"] = tableStat(func(t *pgstat.TableStats) types.Datum { return statTimestamp(t.AutoanalyzeTime) })

	m["pg_stat_get_xact_numscans"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.NumScans })
	m["pg_stat_get_xact_tuples_returned"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesReturned })
	m["pg_stat_get_xact_tuples_fetched"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesFetched })
	m["pg_stat_get_xact_tuples_inserted"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesInserted })
	m["pg_stat_get_xact_tuples_updated"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesUpdated })
	m["pg_stat_get_xact_tuples_deleted"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesDeleted })
	m["pg_stat_get_xact_tuples_hot_updated"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.TuplesHotUpdated })
	m["pg_stat_get_xact_blocks_fetched"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.BlocksFetched })
	m["pg_stat_get_xact_blocks_hit"] = xactTableStat(func(c *pgstat.RelationCounts) int64 { return c.BlocksHit })

	// track_functions is refused (always none): no function has counts.
	for _, name := range []string{"pg_stat_get_function_calls", "pg_stat_get_function_total_time", "pg_stat_get_function_self_time",
		"pg_stat_get_xact_function_calls", "pg_stat_get_xact_function_total_time", "pg_stat_get_xact_function_self_time"} {
		m[name] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			_, _, err := cumulativeStats(ec)
			return types.Null, err
		})
	}

	dbCount := func(f func(d *pgstat.DatabaseStats) int64) implEntry {
		return dbStat(func(d *pgstat.DatabaseStats) types.Datum { return types.Int(f(d)) })
	}
	m["pg_stat_get_db_numbackends"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		cs, _, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		return types.Int(int64(cs.DatabaseBackends(uint32(a[0].Int())))), nil
	})
	m["pg_stat_get_db_xact_commit"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.XactCommit })
	m["pg_stat_get_db_xact_rollback"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.XactRollback })
	m["pg_stat_get_db_blocks_fetched"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.BlocksFetched })
	m["pg_stat_get_db_blocks_hit"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.BlocksHit })
	m["pg_stat_get_db_tuples_returned"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TuplesReturned })
	m["pg_stat_get_db_tuples_fetched"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TuplesFetched })
	m["pg_stat_get_db_tuples_inserted"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TuplesInserted })
	m["pg_stat_get_db_tuples_updated"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TuplesUpdated })
	m["pg_stat_get_db_tuples_deleted"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TuplesDeleted })
	m["pg_stat_get_db_conflict_tablespace"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.ConflictTablespace })
	m["pg_stat_get_db_conflict_lock"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.ConflictLock })
	m["pg_stat_get_db_conflict_snapshot"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.ConflictSnapshot })
	m["pg_stat_get_db_conflict_bufferpin"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.ConflictBufferpin })
	m["pg_stat_get_db_conflict_startup_deadlock"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.ConflictDeadlock })
	m["pg_stat_get_db_conflict_all"] = dbCount(func(d *pgstat.DatabaseStats) int64 {
		return d.ConflictTablespace + d.ConflictLock + d.ConflictSnapshot + d.ConflictBufferpin + d.ConflictDeadlock
	})
	m["pg_stat_get_db_deadlocks"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.Deadlocks })
	m["pg_stat_get_db_temp_files"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TempFiles })
	m["pg_stat_get_db_temp_bytes"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.TempBytes })
	m["pg_stat_get_db_sessions"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.Sessions })
	m["pg_stat_get_db_sessions_abandoned"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.SessionsAbandoned })
	m["pg_stat_get_db_sessions_fatal"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.SessionsFatal })
	m["pg_stat_get_db_sessions_killed"] = dbCount(func(d *pgstat.DatabaseStats) int64 { return d.SessionsKilled })
	m["pg_stat_get_db_blk_read_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statMillis(d.BlockReadTime) })
	m["pg_stat_get_db_blk_write_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statMillis(d.BlockWriteTime) })
	m["pg_stat_get_db_session_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statMillis(d.SessionTime) })
	m["pg_stat_get_db_active_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statMillis(d.ActiveTime) })
	m["pg_stat_get_db_idle_in_transaction_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statMillis(d.IdleInTransactionTime) })
	m["pg_stat_get_db_stat_reset_time"] = dbStat(func(d *pgstat.DatabaseStats) types.Datum { return statTimestamp(d.StatsReset) })
	// Checksum failures are NULL on a cluster without checksums.
	m["pg_stat_get_db_checksum_failures"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		cs, b, err := cumulativeStats(ec)
		if err != nil || !cs.DataChecksums() {
			return types.Null, err
		}
		d, _ := b.FetchDatabase(uint32(a[0].Int()))
		return types.Int(d.ChecksumFailures), nil
	})
	m["pg_stat_get_db_checksum_last_failure"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		cs, b, err := cumulativeStats(ec)
		if err != nil || !cs.DataChecksums() {
			return types.Null, err
		}
		d, _ := b.FetchDatabase(uint32(a[0].Int()))
		return statTimestamp(d.LastChecksumFailure), nil
	})

	m["pg_stat_get_snapshot_timestamp"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		t := b.SnapshotTime()
		if t.IsZero() {
			return types.Null, nil
		}
		return types.Int(types.TimeToTimestamp(t)), nil
	})
	// Both pictures are forgotten: the cumulative statistics' and
	// pg_stat_activity's (pgstat_clear_snapshot clears the backend status
	// snapshot too).
	m["pg_stat_clear_snapshot"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		if c, ok := ec.Session.(expr.StatSnapshotClearer); ok {
			c.ClearStatSnapshot()
		}
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		b.ClearSnapshot()
		return types.Null, nil
	})
	m["pg_stat_force_next_flush"] = statVoid(func(_ expr.CumulativeStats, b *pgstat.Backend, _ []types.Datum) error {
		b.ForceNextFlush()
		return nil
	})
	m["pg_stat_reset"] = statVoid(func(cs expr.CumulativeStats, b *pgstat.Backend, _ []types.Datum) error {
		if err := cs.CheckStatsReset("pg_stat_reset"); err != nil {
			return err
		}
		b.Shared().ResetDatabase(b.Owner(), b.Database())
		return nil
	})
	m["pg_stat_reset_shared"] = statVoid(func(cs expr.CumulativeStats, _ *pgstat.Backend, a []types.Datum) error {
		if err := cs.CheckStatsReset("pg_stat_reset_shared"); err != nil {
			return err
		}
		return cs.ResetSharedStats(a[0].Text())
	})
	m["pg_stat_reset_single_table_counters"] = statVoid(func(cs expr.CumulativeStats, b *pgstat.Backend, a []types.Datum) error {
		if err := cs.CheckStatsReset("pg_stat_reset_single_table_counters"); err != nil {
			return err
		}
		oid := uint32(a[0].Int())
		db := b.Database()
		if c := catalog.ByOID(oid); c != nil && c.Shared {
			db = 0
		}
		b.Shared().ResetObject(b.Owner(), pgstat.KindRelation, db, oid)
		return nil
	})
	m["pg_stat_reset_single_function_counters"] = statVoid(func(cs expr.CumulativeStats, b *pgstat.Backend, a []types.Datum) error {
		if err := cs.CheckStatsReset("pg_stat_reset_single_function_counters"); err != nil {
			return err
		}
		b.Shared().ResetObject(b.Owner(), pgstat.KindFunction, b.Database(), uint32(a[0].Int()))
		return nil
	})
	m["pg_stat_reset_slru"] = statVoid(func(cs expr.CumulativeStats, _ *pgstat.Backend, a []types.Datum) error {
		if err := cs.CheckStatsReset("pg_stat_reset_slru"); err != nil {
			return err
		}
		return cs.ResetSlruStats(a[0].Text(), a[0].IsNull())
	})
	m["pg_stat_have_stats"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		_, b, err := cumulativeStats(ec)
		if err != nil {
			return types.Null, err
		}
		db, oid := uint32(a[1].Int()), uint32(a[2].Int())
		switch kind := a[0].Text(); kind {
		case "database":
			_, ok := b.Shared().Database(b.Owner(), db)
			return types.Bool(ok), nil
		case "relation":
			_, ok := b.Shared().Table(b.Owner(), db, oid)
			return types.Bool(ok), nil
		case "function":
			return types.Bool(false), nil
		case "replslot", "subscription":
			// There are no replication slots or subscriptions.
			return types.Bool(false), nil
		case "archiver", "bgwriter", "checkpointer", "io", "slru", "wal":
			return types.Bool(true), nil
		default:
			return types.Null, pgerr.Newf(pgerr.InvalidParameterValue, "invalid statistics kind: \"%s\"", kind)
		}
	})
	// pg_indexam_progress_phasename: the names of the B-tree build's
	// subphases; other access methods report none.
	m["pg_indexam_progress_phasename"] = sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if uint32(a[0].Int()) != btreeAmOID {
			return types.Null, nil
		}
		if name := pgstat.BtreePhaseName(a[1].Int()); name != "" {
			return types.Text(name), nil
		}
		return types.Null, nil
	})
}

// progressInfo is pg_stat_get_progress_info(cmdtype): one row per
// process running that command, with its 20 parameters.
func progressInfo(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	cs, _, err := cumulativeStats(ec)
	if err != nil {
		return nil, err
	}
	cmd, ok := pgstat.ProgressCommandByName(a[0].Text())
	if !ok {
		return nil, pgerr.Newf(pgerr.InvalidParameterValue, "invalid command name: \"%s\"", a[0].Text())
	}
	var rows [][]types.Datum
	for _, p := range cs.ProgressReports() {
		if p.Command != int32(cmd) {
			continue
		}
		row := make([]types.Datum, 0, 3+len(p.Param))
		row = append(row, types.Int(int64(p.Pid)), types.Int(int64(p.DatabaseOID)), types.Int(int64(p.Target)))
		for _, v := range p.Param {
			row = append(row, types.Int(v))
		}
		rows = append(rows, row)
	}
	return rowsOf(rows), nil
}
