// Package clients runs real client drivers and ORMs against a gpostgres
// cluster: the scripts under python/, node/ and java/ (see README.md), and
// pgx's own test in pgx_test.go. TestMain builds the binaries; TestClients
// starts one cluster.
package clients
