// Data-modifying WITH queries (PostgreSQL's parse_cte.c for INSERT,
// UPDATE and DELETE in WITH): allowed only in the WITH clause of the
// statement's top level, analyzed once where they are defined, their
// RETURNING list the columns their references read.

package analyze

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
)

// analyzeModifyingCTE analyzes c's INSERT, UPDATE or DELETE on cs, a
// fresh level; s is the level whose WITH clause defines c.
func (s *state) analyzeModifyingCTE(c *cte, cs *state) (*plan.Query, error) {
	var q *plan.Query
	var err error
	switch {
	case c.dml.GetInsertStmt() != nil:
		q, err = cs.transformInsert(c.dml.GetInsertStmt())
	case c.dml.GetUpdateStmt() != nil:
		q, err = cs.transformUpdate(c.dml.GetUpdateStmt())
	case c.dml.GetDeleteStmt() != nil:
		q, err = cs.transformDelete(c.dml.GetDeleteStmt())
	default:
		return nil, s.errorAt(notSupported("this statement in WITH"), c.loc)
	}
	if err != nil {
		return nil, err
	}
	// When it would run is unclear anywhere but at the top level.
	if s != s.root {
		return nil, s.errorAt(pgerr.New(pgerr.FeatureNotSupported, "WITH clause containing a data-modifying statement must be at the top level"), c.loc)
	}
	// Its target is locked as the statement's own target would be.
	s.modifyLocks = append(s.modifyLocks, q.Locks...)
	if len(c.cols) > 0 {
		if len(c.cols) > len(q.Returning) {
			return nil, s.errorAt(pgerr.Newf(pgerr.InvalidColumnReference, "WITH query \"%s\" has %d columns available but %d columns specified",
				c.name, len(q.Returning), len(c.cols)), c.loc)
		}
		c.plan.QueryNames = make([]string, len(c.cols))
		for i, n := range c.cols {
			c.plan.QueryNames[i] = q.Returning[i].Name
			q.Returning[i].Name = n
		}
	}
	return q, nil
}

// HasModifyingCTE reports whether the statement's top level has an
// INSERT, UPDATE or DELETE in WITH.
func HasModifyingCTE(q *plan.Query) bool {
	for _, c := range q.CTEs {
		if c.Modifying {
			return true
		}
	}
	return false
}
