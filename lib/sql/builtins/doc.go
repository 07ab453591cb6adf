// Package builtins makes the functions, operators, casts and aggregates
// of the system catalogs callable: it turns pg_proc, pg_operator,
// pg_cast and pg_aggregate rows (lib/catalog's Syscache: the bootstrap
// rows of every PostgreSQL 15 built-in, and the rows users created) into
// expr.Funcs and expr.Operators, with the Go implementation registered
// under the row's prosrc name (int4pl, textlen, ...). Rows without an
// implementation still take part in overload resolution and then report
// "not implemented"; aggregates are implemented by the names of their
// transition and final functions.
//
// Built-in functions are made the first time they are asked for and
// shared, never modified, afterwards. Float math calls the C library,
// as PostgreSQL does, so that results agree to the last bit.
package builtins
