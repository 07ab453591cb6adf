// Package parser splits query strings into statements with PostgreSQL's
// own grammar (pg_query_go, which embeds PostgreSQL's parser), reports
// syntax errors with PostgreSQL's messages and cursor positions, and
// classifies statements by kind and command tag.
//
// Parse tree locations are byte offsets into the whole query string;
// Position converts them to the 1-based character positions that
// ErrorResponse carries.
//
// pg_query embeds the grammar of PostgreSQL 17, so a few statements that
// PostgreSQL 15 rejects parse here (MERGE ... RETURNING, JSON_TABLE). The
// numeric literal forms added in PostgreSQL 16 (0x1F, 1_000) are rejected
// as PostgreSQL 15 does.
package parser
