// PREPARE, EXECUTE, DEALLOCATE and DISCARD, and pg_prepared_statements:
// SQL-level prepared statements share one namespace with the named
// statements of the extended protocol, as in PostgreSQL.

package backend

import (
	"context"
	"time"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql"
	"github.com/gpostgres/gpostgres/lib/storage/lmgr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// preparedStatement finds a named prepared statement (FetchPreparedStatement).
func (s *session) preparedStatement(name string) (*prepared, error) {
	if p := s.prepared[name]; p != nil && name != "" {
		return p, nil
	}
	return nil, pgerr.Newf(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", name)
}

// prepareStmt is PREPARE name [(types)] AS statement.
func (s *session) prepareStmt(p *prepared, ps *pg_query.PrepareStmt) error {
	if ps.Name == "" {
		return pgerr.New(pgerr.InvalidPstatementDefinition, "invalid statement name: must not be empty")
	}
	if _, dup := s.prepared[ps.Name]; dup {
		return pgerr.Newf(pgerr.DuplicatePstatement, "prepared statement \"%s\" already exists", ps.Name)
	}
	plan, err := sql.PrepareStatement(s, p.stmt, ps)
	if err != nil {
		return err
	}
	s.prepared[ps.Name] = &prepared{name: ps.Name, stmt: p.stmt.Inner(ps.Query), node: ps.Query,
		plan: plan, columns: plan.Columns(), paramTypes: plan.ParamTypes(), fromSQL: true, prepareTime: time.Now()}
	s.prepared[ps.Name].query = p.stmt.Query
	return nil
}

// executeStmt is EXECUTE name [(parameters)]: the prepared statement runs
// with the parameters' values, its rows and tag are EXECUTE's.
func (s *session) executeStmt(ctx context.Context, pt *portal, es *pg_query.ExecuteStmt) (string, error) {
	target, err := s.preparedStatement(es.Name)
	if err != nil {
		return "", err
	}
	if target.plan == nil {
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "prepared statement \"%s\" cannot be run with EXECUTE", es.Name)
	}
	if err := s.preventIfReadOnly(target); err != nil {
		return "", err
	}
	params, err := sql.ExecuteParams(ctx, s, pt.p.stmt, es.Name, target.paramTypes, es.Params)
	if err != nil {
		return "", err
	}
	return s.executePlan(ctx, pt, target.plan, params)
}

// deallocateStmt is DEALLOCATE [PREPARE] name | ALL.
func (s *session) deallocateStmt(ds *pg_query.DeallocateStmt) (string, error) {
	if ds.Name == "" {
		s.deallocateAll()
		return "DEALLOCATE ALL", nil
	}
	if _, err := s.preparedStatement(ds.Name); err != nil {
		return "", err
	}
	delete(s.prepared, ds.Name)
	return "DEALLOCATE", nil
}

// deallocateAll drops every named prepared statement (DropAllPreparedStatements).
func (s *session) deallocateAll() {
	for name := range s.prepared {
		if name != "" {
			delete(s.prepared, name)
		}
	}
}

// discardStmt is DISCARD ALL | PLANS | SEQUENCES | TEMP.
func (s *session) discardStmt(ctx context.Context, ds *pg_query.DiscardStmt) (string, error) {
	switch ds.Target {
	case pg_query.DiscardMode_DISCARD_ALL:
		if s.xact.InBlock() {
			return "", pgerr.New(pgerr.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block")
		}
		// SET SESSION AUTHORIZATION DEFAULT, RESET ALL, DEALLOCATE ALL,
		// CLOSE ALL, UNLISTEN * (effective when the statement's
		// transaction commits), the advisory locks, then the caches and
		// the temporary tables.
		s.settingsChanged()
		s.child.Settings.ResetAll()
		s.deallocateAll()
		s.closeAllPortals(s.activePortal)
		if err := s.UnlistenAll(); err != nil {
			return "", err
		}
		// Outside a transaction block only session-level ones can be held.
		s.eng.Locker.LockReleaseSessionMethod(lmgr.UserLockMethod)
		s.parsed.forgetPlans()
		s.eng.Sequences.Discard()
		if err := sql.DiscardTemp(ctx, s); err != nil {
			return "", err
		}
		return "DISCARD ALL", nil
	case pg_query.DiscardMode_DISCARD_PLANS:
		s.parsed.forgetPlans()
		return "DISCARD PLANS", nil
	case pg_query.DiscardMode_DISCARD_SEQUENCES:
		s.eng.Sequences.Discard()
		return "DISCARD SEQUENCES", nil
	case pg_query.DiscardMode_DISCARD_TEMP:
		return "DISCARD TEMP", sql.DiscardTemp(ctx, s)
	}
	return "", pgerr.New(pgerr.FeatureNotSupported, "this DISCARD is not supported")
}

// pgPreparedStatements is the pg_prepared_statements view.
func (s *session) pgPreparedStatements() sql.Relation {
	cols := []sql.Column{textColumn("name"), textColumn("statement"),
		{Name: "prepare_time", TypeOID: types.OidTimestamptz, TypeLen: 8, TypeMod: -1},
		{Name: "parameter_types", TypeOID: types.OidRegtypeArray, TypeLen: -1, TypeMod: -1},
		{Name: "from_sql", TypeOID: types.OidBool, TypeLen: 1, TypeMod: -1},
		{Name: "generic_plans", TypeOID: types.OidInt8, TypeLen: 8, TypeMod: -1},
		{Name: "custom_plans", TypeOID: types.OidInt8, TypeLen: 8, TypeMod: -1}}
	return sql.Relation{Columns: cols, Rows: func() ([][]types.Datum, error) {
		var rows [][]types.Datum
		for name, p := range s.prepared {
			if name == "" {
				continue
			}
			params := make([]types.Datum, len(p.paramTypes))
			for i, t := range p.paramTypes {
				params[i] = types.Int(int64(t))
			}
			when := p.prepareTime
			if when.IsZero() {
				when = time.Now()
			}
			var generic, custom int64
			if p.plan != nil {
				generic, custom = p.plan.PlanCounts()
			}
			rows = append(rows, []types.Datum{types.Text(name), types.Text(p.query),
				types.Int(types.TimeToTimestamp(when)), types.ArrayDatum(types.NewArray1(types.OidRegtype, params)),
				types.Bool(p.fromSQL), types.Int(generic), types.Int(custom)})
		}
		return rows, nil
	}}
}
