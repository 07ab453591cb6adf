// This file splits a query string into statements with PostgreSQL's own
// grammar (through pg_query) and turns parse errors into PostgreSQL's
// syntax errors with their cursor positions.

package parser

import (
	"errors"
	"strings"
	"unicode/utf8"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
	pgparser "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// Statement is one statement of a query string.
type Statement struct {
	// Query is the whole query string the statement was parsed from.
	// Locations in the parse tree are byte offsets into it.
	Query string
	// Offset is the byte offset of the statement's text in Query.
	Offset int
	// Text is the statement's own text, without the terminating
	// semicolon.
	Text string

	node *pg_query.Node
}

// Node returns the statement's raw parse tree.
func (s *Statement) Node() *pg_query.Node { return s.node }

// Inner is a statement nested in this one (PREPARE's, EXPLAIN's): same
// text and locations, another parse tree.
func (s *Statement) Inner(node *pg_query.Node) Statement {
	return Statement{Query: s.Query, Offset: s.Offset, Text: s.Text, node: node}
}

// Parse splits query into its statements. An empty or all-comment query
// yields no statements (PostgreSQL answers it with EmptyQueryResponse).
func Parse(query string) ([]Statement, error) {
	return ParseDepth(query, DefaultMaxStackDepth)
}

// ParseDepth is Parse under a max_stack_depth of maxStackDepthKB: a
// statement nested deeper than that allows is refused with PostgreSQL's
// "stack depth limit exceeded" before the C parser could overflow its
// stack (depth.go).
func ParseDepth(query string, maxStackDepthKB int) ([]Statement, error) {
	limit := min(MaxDepth(maxStackDepthKB), cLevels())
	if err := checkDepth(query, limit); err != nil {
		return nil, ErrStackDepth(maxStackDepthKB)
	}
	res, err := parseTree(query, limit)
	if err == errTooDeep {
		return nil, ErrStackDepth(maxStackDepthKB)
	}
	if err != nil {
		return nil, convertError(err)
	}
	if err := checkNumericLiterals(query); err != nil {
		return nil, err
	}
	out := make([]Statement, 0, len(res.Stmts))
	for _, rs := range res.Stmts {
		start := int(rs.StmtLocation)
		end := len(query)
		if rs.StmtLen > 0 {
			end = start + int(rs.StmtLen)
		}
		if start > len(query) {
			start = len(query)
		}
		if end > len(query) {
			end = len(query)
		}
		out = append(out, Statement{Query: query, Offset: start, Text: query[start:end], node: rs.Stmt})
	}
	if err := checkMerge15(query, out); err != nil {
		return nil, err
	}
	return out, nil
}

// convertError maps pg_query's error to PostgreSQL's: the grammar's and
// scanner's messages are already PostgreSQL's, and the cursor position is
// in characters from the start of the whole string.
var pgparserParse = pgparser.ParseToProtobuf

func convertError(err error) error {
	var pe *pgparser.Error
	if !errors.As(err, &pe) {
		return pgerr.Wrap(err, pgerr.InternalError, "parser failed")
	}
	code := pgerr.SyntaxError
	if strings.HasSuffix(pe.Message, "not yet implemented") {
		// The grammar's ereports of things it parses but PostgreSQL
		// does not do (MATCH PARTIAL, CREATE ASSERTION) are
		// feature_not_supported, not syntax errors.
		code = pgerr.FeatureNotSupported
	}
	e := pgerr.New(code, pe.Message)
	if pe.Cursorpos > 0 {
		e.WithPosition(int32(pe.Cursorpos))
	}
	return e
}

// Position converts a byte offset into query, as parse tree locations
// are, into the 1-based character position of an ErrorResponse. A
// negative offset gives 0, meaning no position.
func Position(query string, offset int32) int32 {
	if offset < 0 {
		return 0
	}
	if int(offset) > len(query) {
		offset = int32(len(query))
	}
	return int32(utf8.RuneCountInString(query[:offset])) + 1
}

// checkNumericLiterals rejects the numeric literal forms that pg_query's
// newer grammar accepts but PostgreSQL 15 does not: 0x1F, 0o17, 0b101
// and digit separators (1_000). PostgreSQL 15's scanner reports them as
// trailing junk. The scan only runs when the text could hold one.
func checkNumericLiterals(query string) error {
	if !mayHaveNewLiteral(query) {
		return nil
	}
	res, err := pg_query.Scan(query)
	if err != nil {
		return nil
	}
	for _, t := range res.Tokens {
		if t.Token != pg_query.Token_ICONST && t.Token != pg_query.Token_FCONST {
			continue
		}
		text := query[t.Start:t.End]
		lower := strings.ToLower(text)
		if strings.HasPrefix(lower, "0x") || strings.HasPrefix(lower, "0o") || strings.HasPrefix(lower, "0b") || strings.Contains(text, "_") {
			return pgerr.Newf(pgerr.SyntaxError, "trailing junk after numeric literal at or near \"%s\"", text).
				WithPosition(Position(query, t.Start))
		}
	}
	return nil
}

// mayHaveNewLiteral is a cheap filter for checkNumericLiterals: a digit
// followed by _, x, o or b.
func mayHaveNewLiteral(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			switch s[i+1] {
			case '_', 'x', 'X', 'o', 'O', 'b', 'B':
				return true
			}
		}
	}
	return false
}

// SubselectStart returns the byte offset of the parenthesis that opens
// the parenthesized subquery holding inner, the offset of the first node
// with a location inside it, or -1. The newer grammar pg_query parses
// with keeps no location for a subquery, while PostgreSQL 15 points its
// errors about one (a subquery in FROM without an alias) at the opening
// parenthesis: walk back from inner over the parentheses and the
// keywords that can start a query.
func SubselectStart(query string, inner int32) int32 {
	res, err := pg_query.Scan(query)
	if err != nil {
		return -1
	}
	at := -1
	for i, t := range res.Tokens {
		if t.Start >= inner {
			break
		}
		at = i
	}
	open := int32(-1)
	for i := at; i >= 0; i-- {
		switch t := res.Tokens[i]; t.Token {
		case pg_query.Token_ASCII_40:
			open = t.Start
		case pg_query.Token_SELECT, pg_query.Token_VALUES, pg_query.Token_WITH, pg_query.Token_RECURSIVE,
			pg_query.Token_TABLE, pg_query.Token_DISTINCT, pg_query.Token_ALL, pg_query.Token_ON:
		default:
			return open
		}
	}
	return open
}

// TruncationNotices are the NOTICEs PostgreSQL's scanner raises for the
// identifiers of query longer than NAMEDATALEN-1 bytes, which it
// truncates ("identifier ... will be truncated to ..."), in the order they
// appear. The parser truncates the names; this only reports it.
func TruncationNotices(query string) []*pgerr.Error {
	if !hasLongWord(query) {
		return nil
	}
	res, err := pg_query.Scan(query)
	if err != nil {
		return nil
	}
	var out []*pgerr.Error
	for _, t := range res.Tokens {
		if t.Token != pg_query.Token_IDENT {
			continue
		}
		id := query[t.Start:t.End]
		if strings.HasPrefix(id, `"`) {
			id = strings.ReplaceAll(strings.TrimSuffix(id[1:], `"`), `""`, `"`)
		} else {
			id = types.LowerASCII(id)
		}
		if len(id) < types.NameDataLen {
			continue
		}
		cut := types.NameDataLen - 1
		for cut > 0 && !utf8.RuneStart(id[cut]) {
			cut--
		}
		out = append(out, pgerr.Newf(pgerr.NameTooLong, "identifier \"%s\" will be truncated to \"%s\"", id, id[:cut]).
			WithSeverity(pgerr.SeverityNotice))
	}
	return out
}

// hasLongWord is a cheap filter for TruncationNotices: a run of at least
// NAMEDATALEN-1 bytes with no space, comma or parenthesis outside double
// quotes.
func hasLongWord(s string) bool {
	run, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			quoted = !quoted
		}
		switch c {
		case ' ', '\t', '\n', '\r', ',', '(', ')', ';':
			if !quoted {
				run = 0
				continue
			}
		}
		if run++; run >= types.NameDataLen-1 {
			return true
		}
	}
	return false
}

// ParseExprList parses a list of expressions kept as SQL text (pg_index's
// indexprs and indpred): their parse trees, and the query text their
// locations point into.
func ParseExprList(text string) (query string, exprs []*pg_query.Node, err error) {
	stmts, err := Parse("SELECT " + text)
	if err != nil {
		return "", nil, err
	}
	for _, n := range stmts[0].Node().GetSelectStmt().GetTargetList() {
		exprs = append(exprs, n.GetResTarget().Val)
	}
	if len(stmts) != 1 || len(exprs) == 0 {
		return "", nil, pgerr.Newf(pgerr.InternalError, "invalid stored expression list: %s", text)
	}
	return stmts[0].Query, exprs, nil
}
