// Package types implements PostgreSQL's built-in data types for
// gpostgres: their OIDs and catalog properties, the in-memory Datum
// representation, byte-exact text and binary I/O, ordering, and the
// arbitrary precision numeric arithmetic whose result scales follow
// PostgreSQL's numeric.c.
//
// # Promises
//
//   - AppendText prints what PostgreSQL's output function prints, given
//     the same settings (FormatOptions: TimeZone, extra_float_digits).
//   - ParseText accepts what the input function accepts and fails with
//     the same SQLSTATE and message; ParseText of AppendText's output gives
//     back an equal value.
//   - AppendBinary and ParseBinary use PostgreSQL's send/receive formats.
//   - Compare orders values like the type's default btree operator class,
//     with text in the C collation (byte order).
//
// # Datum
//
// A Datum is 16 bytes and carries no type, like PostgreSQL's Datum: the
// type is known from context. The zero Datum is NULL. By-value types and
// strings are stored without allocation; numeric, interval and arrays
// point to immutable heap values; enum values point to their label's
// pg_enum row (EnumLabel) and carry its OID. A domain's values are its
// base type's (DomainBase). See Datum for the encoding.
//
// # Caveats
//
// Output follows DateStyle (ISO, SQL, German, Postgres) and IntervalStyle
// (postgres, postgres_verbose, sql_standard, iso_8601). Date/time
// input covers ISO 8601, the SQL and traditional formats, Julian days,
// IANA zone names and the abbreviations of the Default
// timezone_abbreviations set (tzabbrev.go; a dynamic one means what its
// zone used it for at that time; the Australia and India sets are not
// read: lib/config refuses them); rare legacy
// forms are rejected. regclass and regproc print as numbers: names need
// the catalog. money is read and printed in the C locale's monetary
// format only. Types outside the table in oid.go (ranges, geometric
// types, ...) are not implemented.
//
// json keeps its text as given; jsonb values are trees normalized as
// PostgreSQL normalizes them (json.go), sent and stored as version byte 1
// plus the normalized text, not as PostgreSQL's binary JsonbContainer;
// jsonpath (jsonpath.go) implements a subset of the path language and
// refuses the rest with 0A000.
package types
