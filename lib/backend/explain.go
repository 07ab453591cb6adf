// EXPLAIN EXECUTE: lib/sql finds the session's prepared statements
// through this method (sql.PreparedStatements).

package backend

import "github.com/gpostgres/gpostgres/lib/sql"

// PreparedPlan returns the plan and parameter types of a named prepared
// statement.
func (s *session) PreparedPlan(name string) (*sql.Plan, []uint32, error) {
	p, err := s.preparedStatement(name)
	if err != nil {
		return nil, nil, err
	}
	return p.plan, p.paramTypes, nil
}
