// ALTER TABLE ... SET LOGGED / SET UNLOGGED and ALTER SEQUENCE ... SET
// LOGGED / SET UNLOGGED (PostgreSQL's ATPrepChangePersistence,
// ATRewriteTables' persistence change and SequenceChangePersistence).
//
// An unlogged relation differs from a permanent one in its pg_class
// relpersistence ('u'), in its init fork (lib/engine/unlogged.go) and in
// that its page changes are not WAL-logged. Changing that means new files
// made with the new persistence: the table's rows are copied into a new
// file — WAL-logged page by page when it becomes logged, so that the
// rows survive a crash from then on — its TOAST table too, and its
// indexes are built again (alterTable rebuilds them when the table's
// file changed). The sequences its identity and serial columns own
// follow it, as in PostgreSQL 15.

package sql

import (
	"github.com/gpostgres/gpostgres/lib/access/heap"
	"github.com/gpostgres/gpostgres/lib/access/sequence"
	"github.com/gpostgres/gpostgres/lib/catalog"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// setTablePersistence is ALTER TABLE rel SET LOGGED (logged) or SET
// UNLOGGED.
func (s *sqlCtx) setTablePersistence(rel *catalog.Relation, logged bool) error {
	action, target := "SET UNLOGGED", byte('u')
	if logged {
		action, target = "SET LOGGED", 'p'
	}
	if rel.Kind != 'r' {
		return pgerr.Newf(pgerr.WrongObjectType, "ALTER action %s cannot be performed on relation \"%s\"", action, rel.Name).
			WithDetail("%s", relkindNotSupported(rel.Kind))
	}
	if rel.Persistence == 't' {
		return pgerr.Newf(pgerr.InvalidTableDefinition, "cannot change logged status of table \"%s\" because it is temporary", rel.Name)
	}
	if rel.Persistence == target {
		return nil
	}
	if err := s.checkPersistenceForeignKeys(rel, logged); err != nil {
		return err
	}
	// The catalog first: the new files are made by what reads it.
	oids := []uint32{rel.OID}
	oids = append(oids, rel.Indexes...)
	if rel.ToastOID != 0 {
		toast, err := s.cache.RelationByOID(s, rel.ToastOID)
		if err != nil {
			return err
		}
		if toast != nil {
			oids = append(oids, toast.OID)
			oids = append(oids, toast.Indexes...)
		}
	}
	for _, oid := range oids {
		if err := s.updateClass(oid, func(r []types.Datum, c *catalog.Catalog) {
			r[c.Column("relpersistence")] = charD(target)
		}); err != nil {
			return err
		}
	}
	seqs, err := s.ownedSequences(rel.OID)
	if err != nil {
		return err
	}
	for _, seq := range seqs {
		srel, err := s.cache.RelationByOID(s, seq)
		if err != nil {
			return err
		}
		if srel != nil {
			if err := s.setSequencePersistence(srel, logged); err != nil {
				return err
			}
		}
	}
	s.nextCommand()
	fresh, err := s.cache.RelationByOID(s, rel.OID)
	if err != nil {
		return err
	}
	if fresh == nil {
		return pgerr.Newf(pgerr.InternalError, "cache lookup failed for relation %d", rel.OID)
	}
	t, err := s.planTable(fresh)
	if err != nil {
		return err
	}
	return s.rewriteForPersistence(t.Heap)
}

// rewriteForPersistence copies the rows of src (and of its TOAST table)
// into new files made with the persistence the catalog now gives them,
// the way VACUUM FULL copies them (heap.RewriteHeap keeps the rows'
// transaction ids, so no snapshot sees a difference). It writes full-page
// images of the new pages when the table is now logged; an unlogged one
// gets its init fork. The caller rebuilds the indexes.
func (s *sqlCtx) rewriteForPersistence(src *heap.Relation) error {
	// The transaction keeps its xmin: rows a snapshot of it may still see
	// are kept.
	horizon := s.vacuumHorizon(false)
	freeze, err := s.freezeLimit(horizon, vacuumOptions{})
	if err != nil {
		return err
	}
	multiCutoff, oldestMxact, err := s.multiCutoffs(vacuumOptions{})
	if err != nil {
		return err
	}
	relMinMxid, err := s.relMinMxid(src.OID)
	if err != nil {
		return err
	}
	cutoffs := heap.VacuumCutoffs{Horizon: horizon, FreezeLimit: freeze,
		MultiCutoff: multiCutoff, OldestMxact: oldestMxact, RelMinMxid: relMinMxid}
	res, err := s.rewriteRelationFile(src, cutoffs, nil)
	if err != nil {
		return err
	}
	if src.Toast != nil {
		if err := s.rewriteToast(src.Toast, cutoffs); err != nil {
			return err
		}
	}
	s.predicateRelationRewritten(src.OID)
	if _, err := s.updateRelFrozenXid(src.OID, res.OldestXid); err != nil {
		return err
	}
	_, err = s.updateRelMinMxid(src.OID, res.OldestMulti)
	return err
}

// checkPersistenceForeignKeys refuses a persistence change that would
// leave a foreign key between a permanent and an unlogged table: a table
// becoming logged may not reference an unlogged one, a table becoming
// unlogged may not be referenced by a permanent one (ATPrepChangePersistence).
// A table referencing itself does not count.
func (s *sqlCtx) checkPersistenceForeignKeys(rel *catalog.Relation, logged bool) error {
	if logged {
		for _, fk := range rel.ForeignKeys {
			if fk.RefRel == rel.OID {
				continue
			}
			ref, err := s.cache.RelationByOID(s, fk.RefRel)
			if err != nil {
				return err
			}
			if ref != nil && ref.Persistence == 'u' {
				return pgerr.Newf(pgerr.InvalidTableDefinition, "could not change table \"%s\" to logged because it references unlogged table \"%s\"",
					rel.Name, ref.Name)
			}
		}
		return nil
	}
	for _, fk := range rel.ReferencedBy {
		if fk.Rel == rel.OID {
			continue
		}
		from, err := s.cache.RelationByOID(s, fk.Rel)
		if err != nil {
			return err
		}
		if from != nil && from.Persistence == 'p' {
			return pgerr.Newf(pgerr.InvalidTableDefinition, "could not change table \"%s\" to unlogged because it references logged table \"%s\"",
				rel.Name, from.Name)
		}
	}
	return nil
}

// setSequencePersistence is ALTER SEQUENCE seq SET LOGGED / SET UNLOGGED
// (SequenceChangePersistence): the sequence keeps its current state in a
// new file made with the new persistence; an unlogged one's init fork
// holds that state, which crash recovery brings back.
func (s *sqlCtx) setSequencePersistence(seq *catalog.Relation, logged bool) error {
	target := byte('u')
	if logged {
		target = 'p'
	}
	if seq.Persistence == 't' || seq.Persistence == target {
		return nil
	}
	d, err := s.eng.Sequences.Read(seq.Locator(s.db))
	if err != nil {
		return err
	}
	if err := s.updateClass(seq.OID, func(r []types.Datum, c *catalog.Catalog) {
		r[c.Column("relpersistence")] = charD(target)
	}); err != nil {
		return err
	}
	s.nextCommand()
	if seq, err = s.cache.RelationByOID(s, seq.OID); err != nil {
		return err
	}
	if err := s.newRelFileNode(seq); err != nil {
		return err
	}
	s.nextCommand()
	if seq, err = s.cache.RelationByOID(s, seq.OID); err != nil {
		return err
	}
	s.eng.Sequences.Forget(seq.OID)
	loc := seq.Locator(s.db)
	if !logged {
		if err := s.createSequenceInitFork(loc, sequence.Data{LastValue: d.LastValue, IsCalled: d.IsCalled}); err != nil {
			return err
		}
	}
	return s.eng.Sequences.Create(loc, d, !logged)
}
