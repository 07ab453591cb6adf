// Package config is gpostgres's configuration parameter system, the
// counterpart of PostgreSQL's GUC (src/backend/utils/misc/guc.c and
// guc-file.l): the table of every PostgreSQL 15 parameter, one process's
// current values, SET/SHOW/RESET semantics, postgresql.conf parsing and
// reloading, and the hand-over of settings to child processes.
//
// # What it promises
//
// Names, types, units, contexts, ranges, enum values, boot values and
// descriptions are PostgreSQL 15's, generated from the reference server's
// pg_settings (params_table.go, see gen_params.go and capture_pg15.sh).
// Parsing (units, booleans and their prefixes, octal/hex integers, enum
// aliases), validation messages and SQLSTATEs, SHOW formatting (largest
// exact unit), SHOW ALL and pg_settings output, source priorities, the
// transactional behaviour of SET / SET LOCAL / RESET, and the reload rules
// follow PostgreSQL 15, and the tests compare them with what the reference
// printed. Names are case-insensitive; the display keeps PostgreSQL's
// spelling (DateStyle, TimeZone).
//
// # Lifecycle
//
// The postmaster calls New, InitFromEnvironment, applies its command line
// with Set(..., ContextPostmaster, SourceCommandLine), then
// SelectConfigFiles (or LoadConfigFile with ContextPostmaster). On SIGHUP
// it calls LoadConfigFile with ContextSighup and logs the returned
// messages. It hands its state to each re-executed child with
// Export/EncodeExport; the child calls New, SetUnderPostmaster(true) and
// Import. A backend then applies the client's start-up options
// (ParseOptionsString, Set with SourceClient), reports ChangedReportable in
// ParameterStatus messages, and brackets every transaction with
// BeginTransaction and AtTransactionEnd.
//
// # Caveats
//
// Checks that need catalogs (role, session_authorization, search_path
// schemas, default_tablespace, temp_tablespaces, default_text_search_config)
// are not done here; install them with SetStringCheckHook. Values that live
// outside this package (tcp_keepalives_* of the client socket,
// in_hot_standby) are displayed from the stored value unless a
// SetShowHook supplies the live one. Locale names are checked against
// glibc's installed locales, time zones against the system tz database.
// recovery_target_time and synchronous_standby_names are not parsed. A
// Settings is not safe for concurrent use.
package config

//go:generate go run gen_params.go
