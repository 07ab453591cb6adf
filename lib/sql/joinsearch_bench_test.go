// Benchmarks of planning with the join order search: a one-table point
// query (the hot path, which must not pay for the search), two and three
// tables, and a six-table star.

package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func BenchmarkPlanJoins(b *testing.B) {
	c := sqltest.NewCluster(b)
	s := c.NewSession(b)
	defer s.Close()
	s.MustRun(`CREATE TABLE bj_fact (id int PRIMARY KEY, a int, b int, c int, d int, e int);
		CREATE TABLE bj_a (id int PRIMARY KEY, x int);
		CREATE TABLE bj_b (id int, y int);
		CREATE TABLE bj_c (id int, z int);
		CREATE TABLE bj_d (id int, w int);
		CREATE TABLE bj_e (id int, v int);
		INSERT INTO bj_fact SELECT g, g % 100, g % 50, g % 20, g % 10, g % 5 FROM generate_series(1, 2000) g;
		INSERT INTO bj_a SELECT g, g FROM generate_series(1, 100) g;
		INSERT INTO bj_b SELECT g, g FROM generate_series(1, 50) g;
		INSERT INTO bj_c SELECT g, g FROM generate_series(1, 20) g;
		INSERT INTO bj_d SELECT g, g FROM generate_series(1, 10) g;
		INSERT INTO bj_e SELECT g, g FROM generate_series(1, 5) g;
		ANALYZE`)
	for _, q := range []struct{ name, sql string }{
		{"one", "SELECT a FROM bj_fact WHERE id = 42"},
		{"two", "SELECT f.a, a.x FROM bj_fact f, bj_a a WHERE f.a = a.id AND f.id = 42"},
		{"three", "SELECT f.a FROM bj_fact f, bj_a a, bj_b b WHERE f.a = a.id AND f.b = b.id AND b.y = 3"},
		{"six", `SELECT count(*) FROM bj_fact f, bj_a a, bj_b b, bj_c c, bj_d d, bj_e e
			WHERE f.a = a.id AND f.b = b.id AND f.c = c.id AND f.d = d.id AND f.e = e.id`},
	} {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s.Prepare(q.sql)
			}
		})
	}
}
