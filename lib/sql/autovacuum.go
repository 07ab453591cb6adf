// What an autovacuum worker does in its database (PostgreSQL 15's
// autovacuum.c, do_autovacuum, relation_needs_vacanalyze,
// autovacuum_do_vac_analyze): the tables whose changes since their last
// VACUUM or ANALYZE pass the thresholds, then each vacuumed and analyzed
// as VACUUM and ANALYZE would, with SKIP_LOCKED, throttled by the
// autovacuum cost settings and logged by log_autovacuum_min_duration.

package sql

import (
	"context"
	"strconv"
	"strings"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TableActivity is what the cumulative statistics count of a table's
// changes: dead row versions, rows inserted since its last VACUUM and
// rows changed since its last ANALYZE.
type TableActivity struct {
	DeadTuples, InsertsSinceVacuum, ModsSinceAnalyze int64
}

// AutovacuumSettings are the thresholds of autovacuum's decision, from
// the server's settings (a table's reloptions override them).
type AutovacuumSettings struct {
	VacuumThreshold, InsertThreshold, AnalyzeThreshold int64
	VacuumScale, InsertScale, AnalyzeScale             float64
	// FreezeMaxAge is autovacuum_freeze_max_age: a table whose
	// relfrozenxid is older is vacuumed whatever its statistics say;
	// MultiFreezeMaxAge, autovacuum_multixact_freeze_max_age, the same
	// for relminmxid.
	FreezeMaxAge, MultiFreezeMaxAge int64
}

// AutovacuumTarget is a table a worker will process.
type AutovacuumTarget struct {
	OID             uint32
	Schema, Name    string
	Vacuum, Analyze bool
	// Wraparound: vacuumed because its relfrozenxid or relminmxid is
	// too old (waits for locks instead of skipping the table).
	Wraparound bool
}

// AutovacuumTargets is do_autovacuum's choice: every table, materialized
// view and TOAST table of the database whose dead rows pass
// autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor ×
// reltuples (or whose insertions pass the insert threshold) needs
// VACUUM; whose changes pass the analyze threshold needs ANALYZE (not
// TOAST tables). Tables with autovacuum_enabled = false are passed
// over; other sessions' temporary tables too. activity gives a table's
// counts (false: none counted, nothing to do).
func AutovacuumTargets(ctx context.Context, env Env, set AutovacuumSettings, activity func(oid uint32) (TableActivity, bool)) ([]AutovacuumTarget, error) {
	s := newCtx(ctx, env)
	if !s.hasStorage() {
		return nil, nil
	}
	c := catalog.Lookup("pg_class")
	iOID, iName, iNsp, iKind, iTuples, iOpts, iPersist := c.Column("oid"), c.Column("relname"), c.Column("relnamespace"),
		c.Column("relkind"), c.Column("reltuples"), c.Column("reloptions"), c.Column("relpersistence")
	iFrozen, iMinMulti := c.Column("relfrozenxid"), c.Column("relminmxid")
	next := s.heap.Xact.ReadNextFullTransactionId().Xid()
	nextMulti, _ := s.heap.Xact.ReadNextMultiXactId(s.heap.Owner)
	type row struct {
		oid     uint32
		name    string
		nsp     uint32
		kind    byte
		tuples  float64
		options []string
		frozen  transam.TransactionId
		minMxid transam.MultiXactId
	}
	var rows []row
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		k := byte(r[iKind].Int())
		if (k != 'r' && k != 'm' && k != 't') || byte(r[iPersist].Int()) == 't' {
			return true, nil
		}
		rw := row{oid: uint32(r[iOID].Int()), name: r[iName].Text(), nsp: uint32(r[iNsp].Int()), kind: k, tuples: float64(r[iTuples].Float4()),
			frozen: transam.TransactionId(uint32(r[iFrozen].Int())), minMxid: transam.MultiXactId(uint32(r[iMinMulti].Int()))}
		if d := r[iOpts]; !d.IsNull() {
			for _, e := range d.Array().Elems {
				rw.options = append(rw.options, e.Text())
			}
		}
		rows = append(rows, rw)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	var out []AutovacuumTarget
	for _, r := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		opt := tableAutovacuumSettings(set, r.options)
		// Too old a relfrozenxid or relminmxid forces a vacuum, even
		// where autovacuum is disabled (relation_needs_vacanalyze's
		// force_vacuum); the table's own freeze max ages can only lower
		// the settings'.
		wraparound := r.frozen.IsNormal() && int64(int32(uint32(next)-uint32(r.frozen))) > opt.FreezeMaxAge ||
			r.minMxid.IsValid() && int64(int32(uint32(nextMulti)-uint32(r.minMxid))) > opt.MultiFreezeMaxAge
		if !opt.enabled && !wraparound {
			continue
		}
		act, ok := activity(r.oid)
		if !ok && !wraparound {
			continue
		}
		tuples := max(r.tuples, 0)
		vacThresh := float64(opt.VacuumThreshold) + opt.VacuumScale*tuples
		insThresh := float64(opt.InsertThreshold) + opt.InsertScale*tuples
		anlThresh := float64(opt.AnalyzeThreshold) + opt.AnalyzeScale*tuples
		t := AutovacuumTarget{OID: r.oid, Name: r.name, Wraparound: wraparound}
		if opt.enabled && ok {
			t.Vacuum = float64(act.DeadTuples) > vacThresh || (opt.InsertThreshold >= 0 && float64(act.InsertsSinceVacuum) > insThresh)
			t.Analyze = r.kind != 't' && float64(act.ModsSinceAnalyze) > anlThresh
		}
		t.Vacuum = t.Vacuum || wraparound
		if !t.Vacuum && !t.Analyze {
			continue
		}
		nsp, _, err := s.cache.NamespaceName(s, r.nsp)
		if err != nil {
			return nil, err
		}
		t.Schema = nsp
		out = append(out, t)
	}
	return out, nil
}

// tableSettings are the autovacuum settings of one table.
type tableSettings struct {
	AutovacuumSettings
	enabled bool
}

// tableAutovacuumSettings applies a table's reloptions
// (autovacuum_enabled, autovacuum_*_threshold, autovacuum_*_scale_factor,
// autovacuum_freeze_max_age and autovacuum_multixact_freeze_max_age) to
// the server's settings.
func tableAutovacuumSettings(set AutovacuumSettings, options []string) tableSettings {
	t := tableSettings{AutovacuumSettings: set, enabled: true}
	for _, o := range options {
		name, val, _ := strings.Cut(o, "=")
		switch name {
		case "autovacuum_freeze_max_age":
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				t.FreezeMaxAge = min(t.FreezeMaxAge, n)
			}
		case "autovacuum_multixact_freeze_max_age":
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				t.MultiFreezeMaxAge = min(t.MultiFreezeMaxAge, n)
			}
		case "autovacuum_enabled":
			if v, ok := types.ParseBool(val); ok {
				t.enabled = v
			}
		case "autovacuum_vacuum_insert_threshold":
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				t.InsertThreshold = n
			}
		case "autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_scale_factor", "autovacuum_analyze_scale_factor":
			f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil {
				continue
			}
			switch name {
			case "autovacuum_vacuum_scale_factor":
				t.VacuumScale = f
			case "autovacuum_vacuum_insert_scale_factor":
				t.InsertScale = f
			default:
				t.AnalyzeScale = f
			}
		case "autovacuum_vacuum_threshold":
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				t.VacuumThreshold = n
			}
		case "autovacuum_analyze_threshold":
			if n, err := strconv.ParseInt(val, 10, 64); err == nil {
				t.AnalyzeThreshold = n
			}
		}
	}
	return t
}

// tableVacuumOptions applies a table's reloptions to how autovacuum
// vacuums it (table_recheck_autovac): its freeze ages in place of the
// vacuum_* settings, and its cost limit.
func tableVacuumOptions(opts *vacuumOptions, relopts []string) {
	for _, o := range relopts {
		name, val, _ := strings.Cut(o, "=")
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "autovacuum_freeze_min_age":
			opts.freezeMinAge = n
		case "autovacuum_freeze_table_age":
			opts.freezeTableAge = n
		case "autovacuum_multixact_freeze_min_age":
			opts.multiFreezeMinAge = n
		case "autovacuum_multixact_freeze_table_age":
			opts.multiFreezeTableAge = n
		case "autovacuum_vacuum_cost_limit":
			opts.costLimit = int(n)
		case "log_autovacuum_min_duration":
			opts.logMinDuration = n
		}
	}
}

// AutovacuumDatabaseDone is the end of do_autovacuum: the database's
// datfrozenxid and datminmxid are brought up to date (with the
// truncation and limits that follow) even when no table needed work
// this time, so that a worker stopped before its last table does not
// leave them behind for good.
func AutovacuumDatabaseDone(ctx context.Context, env Env) error {
	s := newCtx(ctx, env)
	if !s.hasStorage() {
		return nil
	}
	return s.updateDatFrozenXid()
}

// AutovacuumOptions are how a worker runs VACUUM and ANALYZE.
type AutovacuumOptions struct {
	// LogMinDuration is log_autovacuum_min_duration in milliseconds: a
	// run that takes at least this long is logged (0: all, -1: none).
	LogMinDuration int64
}

// AutovacuumTable is autovacuum_do_vac_analyze: VACUUM and/or ANALYZE of
// one table with SKIP_LOCKED (a table someone holds a conflicting lock
// on waits for the next round), each in a transaction of its own. The
// caller runs it inside an implicit transaction, as a statement.
func AutovacuumTable(ctx context.Context, env Env, t AutovacuumTarget, o AutovacuumOptions) error {
	s := newCtx(ctx, env)
	s.quiet = true
	if t.Vacuum {
		opts := newVacuumOptions()
		opts.processToast = false
		opts.skipLocked, opts.autovacuum, opts.logMinDuration = !t.Wraparound, true, o.LogMinDuration
		opts.wraparound = t.Wraparound
		relopts, err := s.reloptions(t.OID)
		if err != nil {
			return err
		}
		tableVacuumOptions(&opts, relopts)
		if err := s.vacuumRel(t.OID, opts, true); err != nil {
			return err
		}
		// The database's datfrozenxid and the wraparound limits move now,
		// whatever becomes of the ANALYZE (which needs a transaction id,
		// refused past the stop limit).
		if err := s.updateDatFrozenXid(); err != nil {
			return err
		}
	}
	if t.Analyze {
		if t.Vacuum {
			if err := s.commitIntermediate(); err != nil {
				return err
			}
		}
		if err := s.analyzeRel(t.OID, nil, analyzeOptions{skipLocked: true, autovacuum: true, logMinDuration: o.LogMinDuration}, false); err != nil {
			return err
		}
	}
	return nil
}
