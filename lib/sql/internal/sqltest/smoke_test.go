package sqltest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSessionBasics checks the harness itself: a cluster made by
// gpinitdb, a session that creates, fills, reads and drops a table in
// implicit and explicit transactions, and clean state afterwards.
func TestSessionBasics(t *testing.T) {
	c := NewCluster(t)
	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); err != nil {
		t.Fatal(err)
	}
	s := c.NewSession(t)
	for _, step := range []struct{ q, want string }{
		{"CREATE TABLE t (a int, b text)", "(CREATE TABLE)"},
		{"INSERT INTO t SELECT g, 'x' || g FROM generate_series(1, 1000) g", "(INSERT 0 1000)"},
		{"SELECT count(*), max(b) FROM t", "count:bigint|max:text\n1000|x999\n(SELECT 1)"},
		{"BEGIN", "(BEGIN)"},
		{"DELETE FROM t WHERE a > 10", "(DELETE 990)"},
		{"SELECT count(*) FROM t", "count:bigint\n10\n(SELECT 1)"},
		{"ROLLBACK", "(ROLLBACK)"},
		{"SELECT count(*) FROM t", "count:bigint\n1000\n(SELECT 1)"},
		{"BEGIN", "(BEGIN)"},
		{"SELECT nosuch FROM t", "ERROR 42703: column \"nosuch\" does not exist\nPOSITION 8"},
		{"SELECT 1", "ERROR 25P02: current transaction is aborted, commands ignored until end of transaction block"},
		{"COMMIT", "(ROLLBACK)"},
		{"DROP TABLE t", "(DROP TABLE)"},
	} {
		if got := s.Run(step.q); got != step.want {
			t.Fatalf("%s\nexpected:\n%s\ngot:\n%s", step.q, step.want, got)
		}
	}
}
