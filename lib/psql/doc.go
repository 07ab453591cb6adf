// Package psql implements gpsql, an interim subset of PostgreSQL's psql:
// connection options, -c and -f actions, reading statements from standard
// input with prompts on a terminal, and psql's output byte for byte for
// what it supports.
//
// Layers:
//
//   - scan.go splits input into statements as psqlscan.l and mainloop.c
//     do, so that the text sent (and thus the server's error positions) is
//     psql's.
//   - print.go formats result tables (aligned and unaligned, borders 0-2,
//     multi-line cells, display widths of wide and combining characters).
//   - errors.go formats server errors and notices as libpq does, with the
//     "LINE n:" excerpt and caret.
//   - psql.go is the session: actions, the read loop, backslash commands
//     (\q, \g, \echo only), ON_ERROR_STOP, COPY, exit codes.
//
// Compatibility is tested against recorded output of PostgreSQL 15's
// psql (testdata/psql, see fixtures_test.go) and, optionally, against psql
// on a live server (live_test.go). The complete psql (backslash commands,
// \d and friends, variables, readline) is a later milestone and grows
// here.
package psql
