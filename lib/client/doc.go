// Package client is the client side shared by gpsql and, later,
// gpbasebackup: building connection settings the way libpq-based tools do
// (options, conninfo strings and URIs, PG* environment variables,
// ~/.pgpass, gpostgres's /tmp socket directory as the default host),
// libpq's wording for connection failures, and running query strings with
// the simple query protocol while reporting each statement's result, the
// notices and COPY data in arrival order.
//
// It is built on github.com/jackc/pgx/v5/pgconn; queries use its
// low-level message interface so that results with zero columns, empty
// queries and notices keep their order and shape, which psql's output
// depends on.
package client
