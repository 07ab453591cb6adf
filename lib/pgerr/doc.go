// Package pgerr is the error type every gpostgres subsystem returns when a
// client could see the failure: an error that carries a SQLSTATE, a severity
// and the optional fields of PostgreSQL's ErrorResponse message (detail, hint,
// cursor position, ...).
//
// It plays the part of PostgreSQL's ereport()/errcode() machinery
// (src/backend/utils/error/elog.c and utils/errcodes.h). Code below lib/ builds
// errors with New or Newf, adds context with the With* methods, and wraps
// lower-level causes with Wrap so that errors.As still finds the *Error while
// the cause stays inspectable.
//
// Message texts follow PostgreSQL's wording exactly, because users and
// drivers match on them: "relation \"t\" does not exist", not "no such table".
//
// Severity: ERROR aborts the statement; FATAL ends the session; PANIC is
// reserved for conditions that require a crash restart.
package pgerr
