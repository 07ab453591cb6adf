// PREPARE TRANSACTION: gpostgres has no two-phase commit, so the
// transaction it would prepare is rolled back and the statement fails
// with 0A000, as PostgreSQL's fails when it cannot prepare; one that
// touched temporary objects gets PostgreSQL's own refusal first.

package sql_test

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/internal/sqltest"
)

func TestPrepareTransactionRollsBack(t *testing.T) {
	c := sqltest.NewCluster(t)
	s := c.NewSession(t)
	const (
		unsupported = "ERROR 0A000: PREPARE TRANSACTION is not supported"
		temporary   = "ERROR 0A000: cannot PREPARE a transaction that has operated on temporary objects"
		none        = "n:bigint\n0\n(SELECT 1)"
	)
	expect(t, s, "CREATE TABLE ptx (a int)", "(CREATE TABLE)")

	// The block ends: its insert is gone and the next statement runs
	// outside any transaction.
	expect(t, s, "BEGIN", "(BEGIN)")
	expect(t, s, "INSERT INTO ptx VALUES (1)", "(INSERT 0 1)")
	expect(t, s, "PREPARE TRANSACTION 'p1'", unsupported)
	if st := s.Transaction().Status(); st != 'I' {
		t.Fatalf("after a failed PREPARE TRANSACTION the status is %c, want I", st)
	}
	expect(t, s, "SELECT count(*) AS n FROM ptx", none)

	// A failed block is rolled back, outside a block it only warns.
	expect(t, s, "BEGIN", "(BEGIN)")
	expect(t, s, "SELECT 1/0", "ERROR 22012: division by zero")
	expect(t, s, "PREPARE TRANSACTION 'p2'", "(ROLLBACK)")
	expect(t, s, "PREPARE TRANSACTION 'p3'", "NOTICE 25P01: there is no transaction in progress\n(ROLLBACK)")

	// Reading, creating in the temporary schema, or a savepoint rolled
	// back after using a temporary table: all count.
	expect(t, s, "CREATE TEMP TABLE ptx_t (a int)", "(CREATE TABLE)")
	for _, body := range []string{
		"SELECT a FROM ptx_t",
		"CREATE TEMP TABLE ptx_t2 (a int)",
		"CREATE FUNCTION pg_temp.ptx_f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		"SAVEPOINT s; INSERT INTO ptx_t VALUES (1); ROLLBACK TO s",
	} {
		s.Exec("BEGIN; " + body)
		expect(t, s, "PREPARE TRANSACTION 'p4'", temporary)
	}
	// The flag is the transaction's: the next one may be prepared (as
	// far as temporary objects go).
	expect(t, s, "BEGIN", "(BEGIN)")
	expect(t, s, "INSERT INTO ptx VALUES (2)", "(INSERT 0 1)")
	expect(t, s, "PREPARE TRANSACTION 'p5'", unsupported)
	expect(t, s, "SELECT count(*) AS n FROM ptx_t", none)
	expect(t, s, "DROP TABLE ptx, ptx_t", "(DROP TABLE)")
}
