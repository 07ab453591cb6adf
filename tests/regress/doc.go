// Package regress is gpostgres's regression suite, after PostgreSQL's
// src/test/regress: the SQL files in sql/ run through PostgreSQL 15's psql
// against a gpostgres server started for the test, and their output must
// equal expected/, which record.sh produced by running the same files
// against PostgreSQL 15. README.md says how to run, record and extend it,
// and lists the differences found.
package regress
