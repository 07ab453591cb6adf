// The fields of a unique violation that drivers read (psycopg2's
// e.diag.constraint_name, JDBC's ServerErrorMessage, pg's e.constraint),
// and text::regclass, which ORMs' catalog queries use.

package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestUniqueViolationFields(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	s.MustRun("CREATE SCHEMA app; CREATE TABLE app.items (id int PRIMARY KEY, name text UNIQUE)")
	s.MustRun("INSERT INTO app.items VALUES (1, 'a'), (2, 'b')")
	for _, tc := range []struct{ query, constraint string }{
		{"INSERT INTO app.items VALUES (1, 'c')", "items_pkey"},
		{"INSERT INTO app.items VALUES (3, 'a')", "items_name_key"},
		{"UPDATE app.items SET name = 'a' WHERE id = 2", "items_name_key"},
	} {
		rs := s.Exec(tc.query)
		e := rs[len(rs)-1].Err
		if e == nil || e.Code != "23505" {
			t.Fatalf("%s: want a unique violation, got %v", tc.query, e)
		}
		if e.SchemaName != "app" || e.TableName != "items" || e.ConstraintName != tc.constraint {
			t.Errorf("%s: schema %q table %q constraint %q, want app, items, %s",
				tc.query, e.SchemaName, e.TableName, e.ConstraintName, tc.constraint)
		}
	}
	expect(t, s, "SELECT 'app.items'::text::regclass, 'pg_class'::text::regclass::oid",
		"regclass:regclass|oid:oid\napp.items|1259\n(SELECT 1)")
	expect(t, s, "SELECT 'app.nope'::text::regclass", "ERROR 42P01: relation \"app.nope\" does not exist")
}
