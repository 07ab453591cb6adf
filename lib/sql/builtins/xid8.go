// The 64-bit transaction id and snapshot functions (PostgreSQL's
// xid8funcs.c and xid.c): pg_current_xact_id and its txid_ forms,
// pg_xact_status, pg_current_snapshot, pg_export_snapshot and the
// snapshot accessors, over the session's expr.Transactions. The txid_
// functions share the pg_ ones' implementations (same prosrc): bigint
// and xid8, txid_snapshot and pg_snapshot have the same values.

package builtins

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

func transactions(ec *expr.EvalContext) (expr.Transactions, error) {
	if t, ok := ec.Catalog.(expr.Transactions); ok {
		return t, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "transaction ids are not available in this session")
}

func addXid8Impls(m map[string]implEntry) {
	m["xid8toxid"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Int(int64(uint32(d.Int()))), nil })
	m["xid8cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.Compare(types.OidXid8, a[0], a[1]))), nil
	})
	m["xid8_larger"] = textN(func(a []types.Datum) (types.Datum, error) {
		if types.Compare(types.OidXid8, a[0], a[1]) > 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	m["xid8_smaller"] = textN(func(a []types.Datum) (types.Datum, error) {
		if types.Compare(types.OidXid8, a[0], a[1]) < 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	for _, assign := range []bool{true, false} {
		name := "pg_current_xact_id"
		if !assign {
			name += "_if_assigned"
		}
		m[name] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
			t, err := transactions(ec)
			if err != nil {
				return types.Null, err
			}
			v, ok, err := t.CurrentXactID(assign)
			if err != nil || !ok {
				return types.Null, err
			}
			return types.Xid8(v), nil
		})
	}
	m["mxid_age"] = sess(mxidAge)
	m["xid_age"] = sess(xidAge)
	m["pg_xact_status"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		t, err := transactions(ec)
		if err != nil {
			return types.Null, err
		}
		status, ok, err := t.XactStatus(uint64(a[0].Int()))
		if err != nil || !ok {
			return types.Null, err
		}
		return types.Text(status), nil
	})
	m["pg_current_snapshot"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		t, err := transactions(ec)
		if err != nil {
			return types.Null, err
		}
		s, err := t.CurrentSnapshot()
		if err != nil {
			return types.Null, err
		}
		return types.SnapshotDatum(s), nil
	})
	m["pg_export_snapshot"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		t, err := transactions(ec)
		if err != nil {
			return types.Null, err
		}
		id, err := t.ExportSnapshot()
		if err != nil {
			return types.Null, err
		}
		return types.Text(id), nil
	})
	m["pg_snapshot_xmin"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Xid8(types.SnapshotOf(d).Xmin), nil })
	m["pg_snapshot_xmax"] = fn1(func(d types.Datum) (types.Datum, error) { return types.Xid8(types.SnapshotOf(d).Xmax), nil })
	m["pg_visible_in_snapshot"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Bool(types.SnapshotOf(a[1]).Visible(uint64(a[0].Int()))), nil
	})
}

// snapshotXip is pg_snapshot_xip: the snapshot's running ids, in order.
func snapshotXip(_ *expr.EvalContext, a []types.Datum) (next, error) {
	xip := types.SnapshotOf(a[0]).Xip
	return func() (types.Datum, bool, error) {
		if len(xip) == 0 {
			return types.Null, false, nil
		}
		v := xip[0]
		xip = xip[1:]
		return types.Xid8(v), true, nil
	}, nil
}

func multiXacts(ec *expr.EvalContext) (expr.MultiXacts, error) {
	if t, ok := ec.Catalog.(expr.MultiXacts); ok {
		return t, nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "multixacts are not available in this session")
}

// xidAge is age(xid): how many transaction ids lie between xid and the
// transaction's stable latest id; INT_MAX for the special ids
// (invalid, bootstrap, frozen), which are older than any.
func xidAge(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	t, err := transactions(ec)
	if err != nil {
		return types.Null, err
	}
	xid := uint32(a[0].Int())
	if xid < 3 {
		return types.Int(math.MaxInt32), nil
	}
	return types.Int(int64(int32(t.StableLatestXid() - xid))), nil
}

// mxidAge is mxid_age: how many multixact ids were assigned since
// multi; INT_MAX for the invalid id.
func mxidAge(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
	mx, err := multiXacts(ec)
	if err != nil {
		return types.Null, err
	}
	multi := uint32(a[0].Int())
	if multi == 0 {
		return types.Int(math.MaxInt32), nil
	}
	return types.Int(int64(int32(mx.NextMultiXactID() - multi))), nil
}

// multiXactMembers is pg_get_multixact_members: one row (xid, mode) per
// member.
func multiXactMembers(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	mx, err := multiXacts(ec)
	if err != nil {
		return nil, err
	}
	xids, modes, err := mx.MultiXactMembers(uint32(a[0].Int()))
	if err != nil {
		return nil, err
	}
	i := 0
	return func() ([]types.Datum, bool, error) {
		if i >= len(xids) {
			return nil, false, nil
		}
		row := []types.Datum{types.Int(int64(xids[i])), types.Text(modes[i])}
		i++
		return row, true, nil
	}, nil
}
