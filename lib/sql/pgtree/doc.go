// Package pgtree is PostgreSQL's raw parse tree as libpg_query emits it:
// the Go types of pg_query_go (same names, fields, getters, oneof
// wrappers and enum constants), decoded from the C parser's protobuf
// output without protobuf-go.
//
// Layers: the C parser (pg_query_go's cgo package parser) turns SQL into
// protobuf bytes; Parse and Scan decode them here; lib/sql/parser splits
// statements and keeps templates; lib/sql/analyze and lib/sql read the
// trees. Files importing this package name it pg_query, as they named
// pg_query_go before.
//
// Why not pg_query_go's own types: protobuf-go registers descriptors for
// all of pg_query.proto's 270 messages at start-up and builds coders for
// them on the first parse, about 1.6 MB of live heap in every backend
// process, and its reflection-based Unmarshal and Clone are slow. The
// generated code here (zz_generated.go, written by ./gen from
// pg_query_go's types at go generate time) needs neither.
//
// Promises:
//   - Every message type is a struct pointer implementing Message; Clone
//     returns a deep copy; EachChild visits the messages directly under a
//     message (fields in declaration order, list elements in order) and
//     ChildAt finds one again by its Slot, so a path of Slots found by one
//     walk leads to the same node in a Clone.
//   - Decoding is bounded: a tree nested deeper than the limit given to
//     Unmarshal is ErrTooDeep, and malformed input is an error, never a
//     panic.
//
// Caveats: strings are not checked for valid UTF-8 (the parser's input
// was checked by the protocol layer, and SQL_ASCII databases may hold any
// bytes); unknown fields are skipped.
//
//go:generate go run ./gen
package pgtree
