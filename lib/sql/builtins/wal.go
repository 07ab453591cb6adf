// This file implements the WAL position and control functions
// (xlogfuncs.c): pg_switch_wal, pg_current_wal_lsn,
// pg_current_wal_insert_lsn, pg_current_wal_flush_lsn, pg_walfile_name,
// pg_wal_lsn_diff; and pg_lsn.c's arithmetic and support functions: the
// pg_lsn - pg_lsn, pg_lsn +/- numeric operators, pg_lsn(numeric),
// pg_lsn_cmp, pg_lsn_larger/smaller and the hashes.

package builtins

import (
	"fmt"
	"math/big"

	"github.com/cockroachdb/apd/v3"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// walSegmentSize is wal_segment_size: gpostgres supports only 16 MB.
const walSegmentSize = 16 << 20

func walControl(ec *expr.EvalContext, fn string) (expr.WALControl, error) {
	if ec.Session != nil {
		if w, ok := ec.Session.(expr.WALControl); ok {
			return w, nil
		}
	}
	return nil, pgerr.Newf(pgerr.FeatureNotSupported, "%s() is not supported without a write-ahead log", fn)
}

// lsnDiff is a - b as numeric: LSNs are unsigned 64-bit, so the
// difference may not fit in int8.
func lsnDiff(a, b types.Datum) types.Datum {
	d := new(big.Int).Sub(new(big.Int).SetUint64(uint64(a.Int())), new(big.Int).SetUint64(uint64(b.Int())))
	return types.Numeric(apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(d), 0))
}

// walFileName is XLogFileName of the segment holding the byte before lsn
// (XLByteToPrevSeg), as pg_walfile_name computes it.
func walFileName(tli uint32, lsn uint64) string {
	segno := (lsn - 1) / walSegmentSize
	perID := uint64(0x100000000 / walSegmentSize)
	return fmt.Sprintf("%08X%08X%08X", tli, uint32(segno/perID), uint32(segno%perID))
}

// numericToLSN is numeric_pg_lsn: x rounded half away from zero, which
// must lie in 0 .. 2^64-1.
func numericToLSN(x *apd.Decimal) (types.Datum, error) {
	switch {
	case x.Form == apd.NaN || x.Form == apd.NaNSignaling:
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to pg_lsn")
	case x.Form == apd.Infinite:
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot convert infinity to pg_lsn")
	}
	r, err := types.NumericRound(x, 0, false)
	if err != nil {
		return types.Null, err
	}
	d := r.Numeric()
	b := d.Coeff.MathBigInt()
	if d.Exponent > 0 {
		b.Mul(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Exponent)), nil))
	} else if d.Exponent < 0 {
		b.Quo(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-d.Exponent)), nil))
	}
	if d.Negative && b.Sign() != 0 || !b.IsUint64() {
		return types.Null, pgerr.New(pgerr.NumericValueOutOfRange, "pg_lsn out of range")
	}
	return types.Int(int64(b.Uint64())), nil
}

// lsnNumeric is an LSN as the numeric of its unsigned value.
func lsnNumeric(d types.Datum) *apd.Decimal {
	return apd.NewWithBigInt(new(apd.BigInt).SetMathBigInt(new(big.Int).SetUint64(uint64(d.Int()))), 0)
}

// lsnPlusNumeric is pg_lsn_pli (sub false) and pg_lsn_mii (sub true):
// the sum or difference computed in numeric, then converted back.
func lsnPlusNumeric(lsn types.Datum, n *apd.Decimal, sub bool) (types.Datum, error) {
	if n.Form == apd.NaN || n.Form == apd.NaNSignaling {
		if sub {
			return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot subtract NaN from pg_lsn")
		}
		return types.Null, pgerr.New(pgerr.FeatureNotSupported, "cannot add NaN to pg_lsn")
	}
	op := types.NumericAdd
	if sub {
		op = types.NumericSub
	}
	r, err := op(lsnNumeric(lsn), n)
	if err != nil {
		return types.Null, err
	}
	return numericToLSN(r.Numeric())
}

func addWALImpls(m map[string]implEntry) {
	m["numeric_pg_lsn"] = num1(numericToLSN)
	m["pg_lsn_pli"] = textN(func(a []types.Datum) (types.Datum, error) { return lsnPlusNumeric(a[0], a[1].Numeric(), false) })
	m["pg_lsn_mii"] = textN(func(a []types.Datum) (types.Datum, error) { return lsnPlusNumeric(a[0], a[1].Numeric(), true) })
	// numeric + pg_lsn is a SQL function in PostgreSQL ($2 + $1).
	m["sql_numeric_pl_pg_lsn_5023"] = textN(func(a []types.Datum) (types.Datum, error) { return lsnPlusNumeric(a[1], a[0].Numeric(), false) })
	m["pg_lsn_cmp"] = textN(func(a []types.Datum) (types.Datum, error) {
		return types.Int(int64(types.Compare(types.OidPgLsn, a[0], a[1]))), nil
	})
	m["pg_lsn_larger"] = textN(func(a []types.Datum) (types.Datum, error) {
		if types.Compare(types.OidPgLsn, a[0], a[1]) > 0 {
			return a[0], nil
		}
		return a[1], nil
	})
	m["pg_lsn_smaller"] = textN(func(a []types.Datum) (types.Datum, error) {
		if types.Compare(types.OidPgLsn, a[0], a[1]) < 0 {
			return a[0], nil
		}
		return a[1], nil
	})

	m["pg_switch_wal"] = sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
		w, err := walControl(ec, "pg_switch_wal")
		if err != nil {
			return types.Null, err
		}
		lsn, err := w.SwitchWAL()
		if err != nil {
			return types.Null, err
		}
		return types.Int(int64(lsn)), nil
	})
	position := func(fn string, pick func(insert, write, flush uint64) uint64) implEntry {
		return sess(func(ec *expr.EvalContext, _ []types.Datum) (types.Datum, error) {
			w, err := walControl(ec, fn)
			if err != nil {
				return types.Null, err
			}
			i, wr, f, err := w.WALPositions()
			if err != nil {
				return types.Null, err
			}
			return types.Int(int64(pick(i, wr, f))), nil
		})
	}
	m["pg_current_wal_lsn"] = position("pg_current_wal_lsn", func(_, w, _ uint64) uint64 { return w })
	m["pg_current_wal_insert_lsn"] = position("pg_current_wal_insert_lsn", func(i, _, _ uint64) uint64 { return i })
	m["pg_current_wal_flush_lsn"] = position("pg_current_wal_flush_lsn", func(_, _, f uint64) uint64 { return f })
	m["pg_walfile_name"] = sess(func(ec *expr.EvalContext, a []types.Datum) (types.Datum, error) {
		tli := uint32(1)
		if w, err := walControl(ec, "pg_walfile_name"); err == nil {
			tli = w.WALTimeline()
		}
		return types.Text(walFileName(tli, uint64(a[0].Int()))), nil
	})
	diff := sess(func(_ *expr.EvalContext, a []types.Datum) (types.Datum, error) { return lsnDiff(a[0], a[1]), nil })
	m["pg_wal_lsn_diff"] = diff
	m["pg_lsn_mi"] = diff
}

// walFileNameOffset is pg_walfile_name_offset: pg_walfile_name's file
// and the LSN's offset in its segment (0 at a segment boundary, whose
// file is the previous one).
func walFileNameOffset(ec *expr.EvalContext, a []types.Datum) (func() ([]types.Datum, bool, error), error) {
	tli := uint32(1)
	if w, err := walControl(ec, "pg_walfile_name_offset"); err == nil {
		tli = w.WALTimeline()
	}
	lsn := uint64(a[0].Int())
	return rowsOf([][]types.Datum{{types.Text(walFileName(tli, lsn)), types.Int(int64(lsn % walSegmentSize))}}), nil
}

// preparedXacts is pg_prepared_xact: gpostgres refuses PREPARE
// TRANSACTION (max_prepared_transactions is 0), so there are none.
func preparedXacts(*expr.EvalContext, []types.Datum) (func() ([]types.Datum, bool, error), error) {
	return rowsOf(nil), nil
}
