// The advisory lock functions (PostgreSQL's lockfuncs.c):
// pg_advisory_lock, pg_advisory_xact_lock, pg_try_advisory_lock,
// pg_try_advisory_xact_lock and their _shared forms, the unlock functions
// and pg_advisory_unlock_all, each with a bigint key or two int4 keys,
// over the session's expr.AdvisoryLocks.

package builtins

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func advisoryLocks(ec *expr.EvalContext) (expr.AdvisoryLocks, error) {
	if a, ok := ec.Catalog.(expr.AdvisoryLocks); ok {
		return a, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "advisory locks are not available in this session")
}

// advisoryKey reads the key of a call: one bigint argument or two int4
// ones (the functions are strict: no NULLs reach here).
func advisoryKey(a []types.Datum) expr.AdvisoryKey {
	if len(a) == 1 {
		return expr.AdvisoryKeyInt8(a[0].Int())
	}
	return expr.AdvisoryKeyInt4(int32(a[0].Int()), int32(a[1].Int()))
}

func addAdvisoryImpls(m map[string]implEntry) {
	for _, kind := range []string{"_int8", "_int4"} {
		for _, shared := range []bool{false, true} {
			suffix := kind
			if shared {
				suffix = "_shared" + kind
			}
			for _, xact := range []bool{false, true} {
				level := "pg_advisory_lock"
				if xact {
					level = "pg_advisory_xact_lock"
				}
				// The lock-or-wait forms return void, the try_ forms
				// whether they got the lock.
				m[level+suffix] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
					al, err := advisoryLocks(ec)
					if err != nil {
						return types.Null, err
					}
					_, err = al.AdvisoryLock(advisoryKey(a), shared, xact, true)
					return types.Int(0), err
				})
				m["pg_try_"+level[len("pg_"):]+suffix] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
					al, err := advisoryLocks(ec)
					if err != nil {
						return types.Null, err
					}
					ok, err := al.AdvisoryLock(advisoryKey(a), shared, xact, false)
					if err != nil {
						return types.Null, err
					}
					return types.Bool(ok), nil
				})
			}
			m["pg_advisory_unlock"+suffix] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
				al, err := advisoryLocks(ec)
				if err != nil {
					return types.Null, err
				}
				ok, err := al.AdvisoryUnlock(advisoryKey(a), shared)
				if err != nil {
					return types.Null, err
				}
				return types.Bool(ok), nil
			})
		}
	}
	m["pg_advisory_unlock_all"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		al, err := advisoryLocks(ec)
		if err != nil {
			return types.Null, err
		}
		return types.Int(0), al.AdvisoryUnlockAll()
	})
}
