// This file implements the WAL position and control functions
// (xlogfuncs.c): pg_switch_wal, pg_current_wal_lsn,
// pg_current_wal_insert_lsn, pg_current_wal_flush_lsn, pg_walfile_name,
// pg_wal_lsn_diff and the pg_lsn - pg_lsn operator.

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

func addWALImpls(m map[string]implEntry) {
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
