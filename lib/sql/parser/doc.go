// Package parser splits query strings into statements with PostgreSQL's
// own grammar (pg_query_go, which embeds PostgreSQL's parser), reports
// syntax errors with PostgreSQL's messages and cursor positions, and
// classifies statements by kind and command tag. The trees are package
// pgtree's: pg_query_go's cgo parser package produces them as protobuf
// bytes, pgtree decodes them.
//
// Parse tree locations are byte offsets into the whole query string;
// Position converts them to the 1-based character positions that
// ErrorResponse carries.
//
// pg_query embeds the grammar of PostgreSQL 17, so a few statements that
// PostgreSQL 15 rejects parse here (MERGE ... RETURNING, JSON_TABLE). The
// numeric literal forms added in PostgreSQL 16 (0x1F, 1_000) are rejected
// as PostgreSQL 15 does.
//
// Deep nesting: pg_query serializes the tree with recursive C code, which
// overflows the thread's stack (SIGSEGV, fatal to the process) on some
// 24,000 levels of a left-associative chain such as 1+1+...+1. ParseDepth
// bounds the tree depth from the token stream before the C parser runs
// and answers "stack depth limit exceeded" (54001) as PostgreSQL's
// check_stack_depth does, with the limit derived from max_stack_depth
// (MaxDepth, 16,384 levels at the default 2048kB) and capped by what the
// process's stack holds. Everything PostgreSQL 15 accepts at the default
// still parses (depth_test.go).
package parser
