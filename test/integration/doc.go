// Package integration drives the real gpostgres binaries the way a user
// does: gpinitdb a temporary directory, gpctl start on a free port, talk to
// the server with pgx and with the real psql and pgbench, stop it, and
// check that no process, socket or pid file is left behind.
//
// TestMain builds the binaries once into a temporary directory. Each test
// makes its own cluster with newCluster, which registers a cleanup that
// stops the server (immediate mode if need be) and fails the test if any
// gpostgres process of that cluster survives.
package integration
