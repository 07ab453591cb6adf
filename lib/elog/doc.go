// Package elog writes the server log: one line (or a few, for DETAIL, HINT
// and STATEMENT) per message, each led by log_line_prefix, as PostgreSQL's
// src/backend/utils/error/elog.c does.
//
// Every gpostgres process writes to its own standard error, which the
// postmaster arranged to be the -l log file, the terminal, or the pipe to the
// logging collector. A message is formatted whole and written with a single
// write(2) so that lines from different processes appending to the same file
// never interleave (writes to the collector's pipe are atomic up to PIPE_BUF,
// 4096 bytes; a longer message may interleave with another process's).
//
// A Logger belongs to one process; the session fields (%u, %d, %a, %h, %r)
// are filled in by the backend once it knows them.
package elog
