// VACUUM's database-wide bookkeeping (PostgreSQL 15's
// vac_update_datfrozenxid and vac_truncate_clog): after tables'
// relfrozenxid and relminmxid moved, the database's datfrozenxid and
// datminmxid become the oldest of them; the oldest datfrozenxid and
// datminmxid of all databases then let the commit log (pg_xact) and the
// multixacts before them be truncated away (TruncateCLOG, logged as
// CLOG_TRUNCATE; TruncateMultiXact, logged as XLOG_MULTIXACT_TRUNCATE_ID)
// and set the xid and multixact wraparound limits.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// updateDatFrozenXid moves this database's datfrozenxid and datminmxid up
// to the oldest relfrozenxid and relminmxid of its tables (in place),
// then truncates what no database needs any more and resets the
// wraparound limits (vacTruncateClog).
func (s *sqlCtx) updateDatFrozenXid() error {
	xa, o := s.heap.Xact, s.heap.Owner
	// Values past these come from the future, hence are corrupt: they
	// leave everything alone.
	lastSaneXid := xa.ReadNextFullTransactionId().Xid()
	lastSaneMulti, _ := xa.ReadNextMultiXactId(o)
	// Not-yet-committed tables, whose rows this scan does not see, hold
	// no xid older than the oldest still running, nor a multixact older
	// than what their transactions may use.
	newFrozen := xa.GetOldestXmin(o)
	newMin := xa.GetOldestMultiXactId()
	c := catalog.Lookup("pg_class")
	iKind, iFrozen, iMin := c.Column("relkind"), c.Column("relfrozenxid"), c.Column("relminmxid")
	bogus := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if k := byte(r[iKind].Int()); k != 'r' && k != 'm' && k != 't' {
			return true, nil
		}
		if x := transam.TransactionId(uint32(r[iFrozen].Int())); x.IsNormal() {
			if transam.TransactionIdPrecedes(lastSaneXid, x) {
				bogus = true
				return false, nil
			}
			if transam.TransactionIdPrecedes(x, newFrozen) {
				newFrozen = x
			}
		}
		if m := transam.MultiXactId(uint32(r[iMin].Int())); m.IsValid() {
			if transam.MultiXactIdPrecedes(lastSaneMulti, m) {
				bogus = true
				return false, nil
			}
			if transam.MultiXactIdPrecedes(m, newMin) {
				newMin = m
			}
		}
		return true, nil
	})
	if err != nil || bogus {
		return err
	}
	pd := catalog.Lookup("pg_database")
	iOID, iDatFrozen, iDatMin := pd.Column("oid"), pd.Column("datfrozenxid"), pd.Column("datminmxid")
	var ownFrozen transam.TransactionId
	var ownMin transam.MultiXactId
	updated, err := s.updateRowInPlace(pd, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == s.db }, func(r []types.Datum) bool {
		ownFrozen, ownMin = transam.TransactionId(uint32(r[iDatFrozen].Int())), transam.MultiXactId(uint32(r[iDatMin].Int()))
		dirty := false
		if s.frozenXidAdvances(ownFrozen, newFrozen) {
			r[iDatFrozen], ownFrozen, dirty = types.Int(int64(newFrozen)), newFrozen, true
		}
		if s.minMxidAdvances(ownMin, newMin) {
			r[iDatMin], ownMin, dirty = types.Int(int64(newMin)), newMin, true
		}
		return dirty
	})
	if err != nil {
		return err
	}
	return s.vacTruncateClog(newFrozen, newMin, lastSaneXid, lastSaneMulti, updated, ownFrozen, ownMin)
}

// vacTruncateClog is vac_truncate_clog: the oldest datfrozenxid and
// datminmxid of all databases, starting from this database's newly
// computed values (frozen, minMulti), become the truncation points of
// pg_xact and pg_multixact and the base of the wraparound limits. A
// database whose datfrozenxid lies past nextXid (wrapped around) stops
// it with PostgreSQL's warning; one whose values lie past lastSaneXid or
// lastSaneMulti (from the future, hence corrupt) stops it silently.
// When updated, this database's row holds ownFrozen and ownMin (the scan
// may see the row as it was). WrapLimitsVacuumLock serializes it across
// the cluster.
func (s *sqlCtx) vacTruncateClog(frozen transam.TransactionId, minMulti transam.MultiXactId, lastSaneXid transam.TransactionId,
	lastSaneMulti transam.MultiXactId, updated bool, ownFrozen transam.TransactionId, ownMin transam.MultiXactId) error {
	xa, o := s.heap.Xact, s.heap.Owner
	xa.LockWrapLimits(o)
	defer xa.UnlockWrapLimits(o)
	nextXid := xa.ReadNextFullTransactionId().Xid()
	limits := transam.FrozenLimits{OldestXid: frozen, OldestXidDB: s.db, OldestMulti: minMulti, OldestMultiDB: s.db}
	bogus, wrapped := false, false
	pd := catalog.Lookup("pg_database")
	iOID, iDatFrozen, iDatMin := pd.Column("oid"), pd.Column("datfrozenxid"), pd.Column("datminmxid")
	err := s.ScanCatalog(pd, func(r []types.Datum) (bool, error) {
		db := uint32(r[iOID].Int())
		x, m := transam.TransactionId(uint32(r[iDatFrozen].Int())), transam.MultiXactId(uint32(r[iDatMin].Int()))
		if db == s.db && updated {
			x, m = ownFrozen, ownMin
		}
		if transam.TransactionIdPrecedes(lastSaneXid, x) || transam.MultiXactIdPrecedes(lastSaneMulti, m) {
			bogus = true
		}
		if x.IsNormal() {
			if transam.TransactionIdPrecedes(nextXid, x) {
				wrapped = true
			} else if transam.TransactionIdPrecedes(x, limits.OldestXid) {
				limits.OldestXid, limits.OldestXidDB = x, db
			}
		}
		if m.IsValid() && transam.MultiXactIdPrecedes(m, limits.OldestMulti) {
			limits.OldestMulti, limits.OldestMultiDB = m, db
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	// A datfrozenxid past nextXid is also past lastSaneXid: the warning
	// comes first, as in PostgreSQL.
	if wrapped {
		s.warn(pgerr.New(pgerr.Warning, "some databases have not been vacuumed in over 2 billion transactions").
			WithSeverity(pgerr.SeverityWarning).
			WithDetail("You might have already suffered transaction-wraparound data loss."))
		return nil
	}
	if bogus {
		return nil
	}
	if limits.FreezeMaxAge, err = s.intSetting("autovacuum_freeze_max_age"); err != nil {
		return err
	}
	if limits.MultiFreezeMaxAge, err = s.intSetting("autovacuum_multixact_freeze_max_age"); err != nil {
		return err
	}
	return xa.TruncateFrozen(o, limits)
}
