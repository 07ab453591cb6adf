// This file implements the functions that read or change session state:
// version(), the user and database names, configuration settings,
// pg_backend_pid(), pg_sleep() and the introspection helpers.

package builtins

import (
	"math"
	"runtime"
	"time"

	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// ServerVersion is the PostgreSQL version gpostgres reports being
// compatible with, as server_version shows it.
const ServerVersion = "15.18"

// Version is the product version in version()'s parentheses.
const Version = "gpostgres 0.1"

// VersionString is what version() returns.
func VersionString() string {
	arch := runtime.GOARCH
	switch arch {
	case "amd64":
		arch = "x86_64-pc-linux-gnu"
	case "arm64":
		arch = "aarch64-unknown-linux-gnu"
	default:
		arch += "-unknown-" + runtime.GOOS
	}
	return "PostgreSQL " + ServerVersion + " (" + Version + ") on " + arch + ", compiled by " + runtime.Version() + ", 64-bit"
}

func sess(f func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error)) implEntry {
	return implEntry{impl: f}
}

// Sleep waits d or until the statement is canceled. Meanwhile
// pg_stat_activity shows the session waiting on Timeout / PgSleep.
func Sleep(ec *expr.EvalContext, d time.Duration) error {
	if d <= 0 {
		return ec.CheckCancel()
	}
	if r, ok := ec.Session.(expr.WaitReporter); ok {
		r.ReportWait(waitevent.PgSleep)
		defer r.ReportWait(0)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	if ec.Ctx == nil {
		<-t.C
		return nil
	}
	select {
	case <-t.C:
		return nil
	case <-ec.Ctx.Done():
		return expr.Canceled(ec.Ctx)
	}
}

// secondsDuration is pg_sleep's argument as a duration: nothing for
// zero, less or NaN, "forever" (until canceled) past what a Duration
// holds.
func secondsDuration(secs float64) time.Duration {
	if !(secs > 0) {
		return 0
	}
	if secs > float64(math.MaxInt64/int64(time.Second)) {
		return math.MaxInt64
	}
	return time.Duration(secs * float64(time.Second))
}

func addSessionImpls(m map[string]implEntry) {
	m["gen_random_uuid"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.RandomUUID() })
	m["pgsql_version"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Text(VersionString()), nil })
	m["current_user"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return types.Text(ec.Session.CurrentUser()), nil
	})
	m["session_user"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return types.Text(ec.Session.SessionUser()), nil
	})
	m["current_database"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return types.Text(ec.Session.CurrentDatabase()), nil
	})
	m["current_schema"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Text("public"), nil })
	m["pg_backend_pid"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		return types.Int(int64(ec.Session.BackendPID())), nil
	})
	m["pg_cancel_backend"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		sig, ok := ec.Session.(expr.BackendSignaler)
		if !ok {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "pg_cancel_backend is not supported here")
		}
		done, err := sig.SignalBackend(int32(a[0].Int()), false)
		return types.Bool(done), err
	})
	m["pg_terminate_backend"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		timeout := a[1].Int()
		if timeout < 0 {
			return types.Null, pgerr.New(pgerr.InvalidParameterValue, "\"timeout\" must not be negative")
		}
		sig, ok := ec.Session.(expr.BackendSignaler)
		if !ok {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "pg_terminate_backend is not supported here")
		}
		pid := int32(a[0].Int())
		done, err := sig.SignalBackend(pid, true)
		if err != nil || !done || timeout == 0 {
			return types.Bool(done), err
		}
		done, err = sig.WaitBackendExit(ec.Ctx, pid, time.Duration(timeout)*time.Millisecond)
		return types.Bool(done), err
	})
	m["pg_client_encoding"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		// The canonical name, also when the setting reads "UNICODE".
		v, _, err := ec.Session.GetConfig("client_encoding", false)
		if err != nil {
			return types.Null, err
		}
		canon, ok := mb.Canonical(v)
		if !ok {
			canon = v
		}
		return types.Text(canon), nil
	})
	// Every database is UTF8 (gpinitdb creates no other).
	m["getdatabaseencoding"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Text("UTF8"), nil })
	m["current_query"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		if q, ok := ec.Session.(expr.QuerySource); ok {
			if text := q.CurrentQuery(); text != "" {
				return types.Text(text), nil
			}
		}
		return types.Null, nil
	})
	// There are no triggers, so no trigger is ever running.
	m["pg_trigger_depth"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Int(0), nil })
	// gpostgres compiles no expressions to machine code.
	m["pg_jit_available"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Bool(false), nil })
	m["pg_is_in_recovery"] = sess(func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return types.Bool(false), nil })
	m["pg_blocking_pids"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		var elems []types.Datum
		if li, ok := ec.Session.(expr.LockInspector); ok {
			for _, pid := range li.BlockingPids(int32(a[0].Int())) {
				elems = append(elems, types.Int(int64(pid)))
			}
		}
		return types.ArrayDatum(types.NewArray1(types.OidInt4, elems)), nil
	})
	// Only SERIALIZABLE READ ONLY DEFERRABLE transactions wait for a safe
	// snapshot (lib/storage/predicate).
	m["pg_safe_snapshot_blocking_pids"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		var elems []types.Datum
		if si, ok := ec.Session.(expr.SafeSnapshotInspector); ok {
			for _, pid := range si.SafeSnapshotBlockingPids(int32(a[0].Int())) {
				elems = append(elems, types.Int(int64(pid)))
			}
		}
		return types.ArrayDatum(types.NewArray1(types.OidInt4, elems)), nil
	})
	m["pg_sleep"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		return types.Int(0), Sleep(ec, secondsDuration(a[0].Float8()))
	})
	// pg_sleep_for and pg_sleep_until are SQL functions calling pg_sleep
	// with the seconds from clock_timestamp() to the end.
	m["sql_pg_sleep_for_3935"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		now := types.TimeToTimestamp(time.Now())
		end, err := addInterval(ec, now, a[0].Interval(), true)
		if err != nil {
			return types.Null, err
		}
		return types.Int(0), Sleep(ec, secondsDuration(float64(end-now)/1e6))
	})
	m["sql_pg_sleep_until_3936"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		end := a[0].Int()
		secs := math.Inf(1)
		switch {
		case end == types.TimestampNoBegin:
			secs = math.Inf(-1)
		case end != types.TimestampNoEnd:
			secs = float64(end-types.TimeToTimestamp(time.Now())) / 1e6
		}
		return types.Int(0), Sleep(ec, secondsDuration(secs))
	})
	m["show_config_by_name"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v, _, err := ec.Session.GetConfig(a[0].Text(), false)
		if err != nil {
			return types.Null, err
		}
		return types.Text(v), nil
	})
	m["show_config_by_name_missing_ok"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		v, found, err := ec.Session.GetConfig(a[0].Text(), a[1].Bool())
		if err != nil {
			return types.Null, err
		}
		if !found {
			return types.Null, nil
		}
		return types.Text(v), nil
	})
	m["set_config_by_name"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		if a[0].IsNull() {
			return types.Null, pgerr.New(pgerr.NullValueNotAllowed, "SET requires parameter name")
		}
		value := ""
		if !a[1].IsNull() {
			value = a[1].Text()
		}
		local := !a[2].IsNull() && a[2].Bool()
		v, err := ec.Session.SetConfig(a[0].Text(), value, local)
		if err != nil {
			return types.Null, err
		}
		return types.Text(v), nil
	})
	m["pg_reload_conf"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		if err := ec.Session.ReloadConfig(); err != nil {
			return types.Null, err
		}
		return types.Bool(true), nil
	})
	// pg_collation_for: analysis derives the argument's collation and
	// gives each call its answer (lib/sql/analyze's collation.go).
	m["pg_collation_for"] = implEntry{impl: func(*expr.EvalContext, []types.Datum) (types.Datum, error) {
		return types.Null, pgerr.New(pgerr.InternalError, "pg_collation_for was not bound by analysis")
	}}
	m["pg_typeof"] = implEntry{bind: func(argTypes []uint32, _ uint32) expr.Impl {
		t := types.Int(int64(argTypes[0]))
		return func(*expr.EvalContext, []types.Datum) (types.Datum, error) { return t, nil }
	}}
	count := func(nulls bool) implEntry {
		return implEntry{impl: func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) {
			n := 0
			for _, d := range a {
				if d.IsNull() == nulls {
					n++
				}
			}
			return types.Int(int64(n)), nil
		}}
	}
	m["pg_num_nulls"] = count(true)
	m["pg_num_nonnulls"] = count(false)
}
