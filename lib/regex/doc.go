// Package regex is a regular expression engine with PostgreSQL's
// semantics: Henry Spencer's Advanced Regular Expressions (ARE), plus the
// extended (ERE) and basic (BRE) POSIX flavours and literal patterns, as
// PostgreSQL's ~ operator and regexp_* functions use them.
//
// A pattern is parsed into a syntax tree and compiled into a program of
// instructions. Whether and where a pattern matches is decided by a
// simulation of all threads of the program at once (no backtracking, so
// linear in the text), following PostgreSQL's rule that the leftmost
// match wins and that its length is the longest or the shortest possible
// according to the preference of the whole expression (9.7.3.5 "Regular
// Expression Matching Rules"). Subexpression boundaries are then found by
// a backtracking search constrained to that match, with a visited set
// that keeps it linear; patterns with back references use an unmemoized
// backtracking search bounded by a step budget.
//
// Bounds: a program holds at most 100,000 instructions (bounds multiply
// what they repeat; beyond that, "regular expression is too complex"),
// parentheses nest at most 1,000 deep, and one match's backtracking
// search takes at most 50 million steps, 10 million stack entries and a
// 32 MB visited set ("regular expression failed: ..."). The cost of a
// match is linear in the text for patterns without back references,
// except lookbehind constraints (quadratic in the worst case).
//
// The package does not depend on lib/sql: errors are *Error values whose
// Msg is PostgreSQL's regerror text; callers add "invalid regular
// expression: " and SQLSTATE 2201B. Matching functions take a Checker
// that is called now and then so a canceled statement stops long matches.
package regex
