// Tests of information_schema where gpostgres deliberately differs from
// PostgreSQL 15, so the regression suite (which compares with it) cannot
// hold them: the schema and the objects initdb made in it cannot be
// dropped or renamed (their rows are built-in catalog rows), and tables
// may use its domains. pg_catalog's views cannot be dropped either
// (PostgreSQL lets a superuser drop them).
package sql_test

import (
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestInformationSchemaPinned(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	defer s.Close()
	for _, tc := range []struct{ stmt, want string }{
		{"DROP SCHEMA information_schema", "cannot drop schema information_schema because it is required by the database system"},
		{"DROP SCHEMA information_schema CASCADE", "cannot drop schema information_schema because it is required by the database system"},
		{"DROP DOMAIN information_schema.yes_or_no", "cannot drop type information_schema.yes_or_no because it is required by the database system"},
		{"DROP FUNCTION information_schema._pg_expandarray(anyarray)", "cannot drop function _pg_expandarray(anyarray) because it is required by the database system"},
		{"DROP FUNCTION pg_catalog._pg_expandarray(anyarray)", "function pg_catalog._pg_expandarray(anyarray) does not exist"},
		{"ALTER SCHEMA information_schema RENAME TO x", "renaming schema information_schema is not supported"},
		{"DROP VIEW information_schema.tables", `permission denied: "tables" is a system catalog`},
		{"ALTER VIEW information_schema.columns RENAME TO c", `permission denied: "columns" is a system catalog`},
		{"DROP TABLE information_schema.sql_features", `permission denied: "sql_features" is a system catalog`},
	} {
		if got := s.Run(tc.stmt); !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.stmt, got, tc.want)
		}
	}
	// Still all there.
	if got := s.Run("SELECT count(*) FROM information_schema.domains WHERE domain_schema = 'information_schema'"); !strings.Contains(got, "5") {
		t.Errorf("domains: %s", got)
	}
	if got := s.Run("SELECT count(*) FROM information_schema.views WHERE table_schema = 'information_schema'"); !strings.Contains(got, "65") {
		t.Errorf("views: %s", got)
	}
	// The tables initdb fills are read as any table (the cluster's
	// files were written by lib/catalog's Bootstrap).
	if got := s.Run("SELECT count(*), count(*) FILTER (WHERE feature_id LIKE 'X%' AND is_supported = 'YES') FROM information_schema.sql_features"); !strings.Contains(got, "714") || !strings.Contains(got, "0") {
		t.Errorf("sql_features: %s", got)
	}
	if got := s.Run("SELECT supported_value FROM information_schema.sql_sizing WHERE sizing_name = 'MAXIMUM IDENTIFIER LENGTH'"); !strings.Contains(got, "63") {
		t.Errorf("sql_sizing: %s", got)
	}
	// A table may use the domains, and its column reports them.
	s.MustRun("CREATE TABLE isp (n information_schema.sql_identifier, k information_schema.cardinal_number)")
	if got := s.Run("SELECT column_name, domain_name, data_type FROM information_schema.columns WHERE table_name = 'isp' ORDER BY ordinal_position"); !strings.Contains(got, "sql_identifier") || !strings.Contains(got, "cardinal_number") {
		t.Errorf("columns of isp: %s", got)
	}
	if got := s.Run("INSERT INTO isp VALUES ('a', -1)"); !strings.Contains(got, "value for domain information_schema.cardinal_number violates check constraint") {
		t.Errorf("negative cardinal_number: %s", got)
	}
	s.MustRun("DROP TABLE isp")
}

func TestSystemViewsPinned(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	defer s.Close()
	for _, tc := range []struct{ stmt, want string }{
		{"DROP VIEW pg_tables", `permission denied: "pg_tables" is a system catalog`},
		{"DROP VIEW pg_catalog.pg_stat_activity", `permission denied: "pg_stat_activity" is a system catalog`},
		{"ALTER VIEW pg_settings RENAME TO s", `permission denied: "pg_settings" is a system catalog`},
	} {
		if got := s.Run(tc.stmt); !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.stmt, got, tc.want)
		}
	}
	if got := s.Run("SELECT count(*) FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'v'"); !strings.Contains(got, "73") {
		t.Errorf("views: %s", got)
	}
	// Without a server process, the functions of process state refuse.
	if got := s.Run("SELECT count(*) FROM pg_settings"); !strings.Contains(got, "pg_show_all_settings is not available in this session") {
		t.Errorf("pg_settings: %s", got)
	}
	if got := s.Run("SELECT count(*) FROM pg_file_settings"); !strings.Contains(got, "pg_show_all_file_settings is not available in this session") {
		t.Errorf("pg_file_settings: %s", got)
	}
	// What cannot exist here has nothing to show.
	if got := s.Run("SELECT count(*) FROM pg_replication_slots"); !strings.Contains(got, "0") {
		t.Errorf("pg_replication_slots: %s", got)
	}
}
