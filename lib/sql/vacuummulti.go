// The multixact side of VACUUM's database-wide bookkeeping (PostgreSQL
// 15's vac_update_datfrozenxid and vac_truncate_clog for datminmxid):
// after tables' relminmxid moved, the database's datminmxid becomes the
// oldest of them; the oldest datminmxid of all databases then lets the
// multixacts before it be truncated away (TruncateMultiXact, logged as
// XLOG_MULTIXACT_TRUNCATE_ID) and sets the multixact wraparound limits.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/types"
)

// updateDatMinMxid moves this database's datminmxid up to the oldest
// relminmxid of its tables, then truncates the multixacts no database
// holds any more and resets the wraparound limits.
func (s *sqlCtx) updateDatMinMxid() error {
	next, _ := s.heap.Xact.ReadNextMultiXactId(s.heap.Owner)
	// Not-yet-committed tables, whose rows this scan does not see, hold
	// no multixact older than what their transactions may use.
	newMin := s.heap.Xact.GetOldestMultiXactId()
	c := catalog.Lookup("pg_class")
	iKind, iMin := c.Column("relkind"), c.Column("relminmxid")
	bogus := false
	err := s.ScanCatalog(c, func(r []types.Datum) (bool, error) {
		if k := byte(r[iKind].Int()); k != 'r' && k != 'm' && k != 't' {
			return true, nil
		}
		m := transam.MultiXactId(uint32(r[iMin].Int()))
		if !m.IsValid() {
			return true, nil
		}
		if transam.MultiXactIdPrecedes(next, m) {
			bogus = true // from the future: leave datminmxid alone
			return false, nil
		}
		if transam.MultiXactIdPrecedes(m, newMin) {
			newMin = m
		}
		return true, nil
	})
	if err != nil || bogus {
		return err
	}
	pd := catalog.Lookup("pg_database")
	iOID, iDatMin := pd.Column("oid"), pd.Column("datminmxid")
	updated, err := s.updateRowInPlace(pd, func(r []types.Datum) bool { return uint32(r[iOID].Int()) == s.db }, func(r []types.Datum) bool {
		if !s.minMxidAdvances(transam.MultiXactId(uint32(r[iDatMin].Int())), newMin) {
			return false
		}
		r[iDatMin] = types.Int(int64(newMin))
		return true
	})
	if err != nil {
		return err
	}
	// The oldest of all databases' (this one's as just set).
	oldest, oldestDB := transam.InvalidMultiXactId, uint32(0)
	err = s.ScanCatalog(pd, func(r []types.Datum) (bool, error) {
		m := transam.MultiXactId(uint32(r[iDatMin].Int()))
		if uint32(r[iOID].Int()) == s.db && updated {
			m = newMin
		}
		if m.IsValid() && (!oldest.IsValid() || transam.MultiXactIdPrecedes(m, oldest)) {
			oldest, oldestDB = m, uint32(r[iOID].Int())
		}
		return true, nil
	})
	if err != nil || !oldest.IsValid() {
		return err
	}
	if err := s.heap.Xact.TruncateMultiXact(s.heap.Owner, oldest, oldestDB); err != nil {
		return err
	}
	maxAge, err := s.intSetting("autovacuum_multixact_freeze_max_age")
	if err != nil {
		return err
	}
	s.heap.Xact.SetMultiXactIdLimit(s.heap.Owner, oldest, oldestDB, maxAge)
	return nil
}
