// This file keeps deeply nested statements from crashing the process.
// PostgreSQL's grammar builds left-associative chains (1+1+...+1, casts,
// UNION ALL chains) without deepening bison's own stack, and pg_query then
// turns the tree into protobuf with recursive C code on the thread's
// stack: some 24,000 levels overflow an 8 MB stack with SIGSEGV, which
// no Go code can recover from. So before the C parser runs, a long query's
// token stream is measured for an upper bound of its tree depth, and a
// query that could be too deep gets PostgreSQL's "stack depth limit
// exceeded" (54001), as check_stack_depth would report it.

package parser

import (
	"errors"
	"sync"
	"syscall"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// DefaultMaxStackDepth is max_stack_depth's default, in kB.
const DefaultMaxStackDepth = 2048

// levelsPerKB converts max_stack_depth into nesting levels. PostgreSQL
// spends about 500 bytes of stack per level of transformExpr, accepting
// some 4,000 nested operators at 2 MB; a few constructs (casts, NOT,
// UNION chains) cost it less, up to 13,000 levels. Sixteen thousand
// levels at the default accept everything PostgreSQL accepts.
const levelsPerKB = 8

// cBytesPerLevel is the C stack one tree level costs in pg_query's
// protobuf output, measured at about 350 bytes, with a margin.
const cBytesPerLevel = 400

// MaxDepth is the deepest expression nesting a statement may have under
// max_stack_depth (kB): the parser's bound, and the analyzer's, planner's
// and evaluator's depth limit.
func MaxDepth(maxStackDepthKB int) int {
	return max(maxStackDepthKB, 100) * levelsPerKB
}

// cLevels is how deep a tree the C code can serialize on this process's
// thread stacks: their size is RLIMIT_STACK (glibc's default for threads
// too), or glibc's 2 MB when unlimited. The limit is read once: a
// process's stack limit does not change under it, and every parse asks.
var cLevels = sync.OnceValue(stackLevels)

func stackLevels() int {
	stack := uint64(2 << 20)
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_STACK, &rl); err == nil && rl.Cur != ^uint64(0) && rl.Cur < 1<<40 {
		stack = rl.Cur
	}
	const slop = 512 << 10
	if stack <= 2*slop {
		return 1000
	}
	return int((stack - slop) / cBytesPerLevel)
}

// ErrStackDepth is PostgreSQL's check_stack_depth error.
func ErrStackDepth(maxStackDepthKB int) *pgerr.Error {
	return pgerr.New(pgerr.StatementTooComplex, "stack depth limit exceeded").
		WithHint("Increase the configuration parameter \"max_stack_depth\" (currently %dkB), after ensuring the platform's stack depth limit is adequate.", maxStackDepthKB)
}

// minBytesPerLevel: every level of a parse tree needs at least two bytes
// of query text ("1+1+1", "- - 1"), so a query shorter than twice the
// limit needs no scan.
const minBytesPerLevel = 2

// checkDepth refuses a query whose parse tree could be deeper than limit
// levels, without building the tree.
func checkDepth(query string, limit int) error {
	if len(query) < minBytesPerLevel*limit {
		return nil
	}
	res, err := pg_query.Scan(query)
	if err != nil {
		// The parser reports the scanner's error itself.
		return nil
	}
	if estimateDepth(res.Tokens) > limit {
		return errTooDeep
	}
	return nil
}

var errTooDeep = errors.New("too deep")

// estimateDepth bounds the depth of the raw parse tree a token stream
// produces. Within one bracket level, a comma-separated item's tree is
// at most as deep as the operators and keywords in it (each makes at most
// one node) plus its deepest bracketed part; AND, OR and CASE's WHEN, THEN
// and ELSE separate items too, because the grammar flattens AND and OR
// chains and CASE arms into lists. A bracket after a name or keyword
// (a call, IN, ARRAY[...]) costs two levels; plain grouping parentheses
// make no node (bison's stack limits their nesting, with PostgreSQL's
// "memory exhausted" syntax error). A keyword after :: is a type name, not an operator.
// Right-nested constructs that hide their depth from this count (nested
// CASE) are bounded by bison's own stack of 10,000 entries.
func estimateDepth(toks []*pg_query.ScanToken) int {
	type frame struct {
		ops, child, best, cost int
		list                   bool // items separated: a list node
	}
	stack := []frame{{}}
	deepest := 0
	closeItem := func(f *frame) {
		extra := 0
		if f.list || f.cost > 0 {
			extra = 2
		}
		f.best = max(f.best, f.ops+f.child+extra)
		f.ops, f.child = 0, 0
	}
	// unwind closes the bracket levels still open (a statement ended
	// inside them) into the statement's frame and returns its depth.
	unwind := func() int {
		for len(stack) > 1 {
			f := stack[len(stack)-1]
			closeItem(&f)
			stack = stack[:len(stack)-1]
			p := &stack[len(stack)-1]
			p.child = max(p.child, f.best+f.cost)
		}
		closeItem(&stack[0])
		return stack[0].best
	}
	prev := pg_query.Token_ASCII_59
	prevKW := false
	for _, t := range toks {
		top := &stack[len(stack)-1]
		switch t.Token {
		case pg_query.Token_ASCII_40, pg_query.Token_ASCII_91: // ( [
			cost := 0
			if prevKW || prev == pg_query.Token_IDENT || prev == pg_query.Token_ASCII_41 || prev == pg_query.Token_ASCII_93 || t.Token == pg_query.Token_ASCII_91 {
				cost = 2
			}
			stack = append(stack, frame{cost: cost})
		case pg_query.Token_ASCII_41, pg_query.Token_ASCII_93: // ) ]
			if len(stack) > 1 {
				closeItem(top)
				d := top.best + top.cost
				stack = stack[:len(stack)-1]
				p := &stack[len(stack)-1]
				p.child = max(p.child, d)
			}
		case pg_query.Token_ASCII_44, pg_query.Token_AND, pg_query.Token_OR,
			pg_query.Token_WHEN, pg_query.Token_THEN, pg_query.Token_ELSE:
			top.list = true
			closeItem(top)
		case pg_query.Token_ASCII_59: // ;
			deepest = max(deepest, unwind())
			stack[0] = frame{}
		case pg_query.Token_IDENT, pg_query.Token_UIDENT, pg_query.Token_FCONST, pg_query.Token_SCONST,
			pg_query.Token_USCONST, pg_query.Token_BCONST, pg_query.Token_XCONST, pg_query.Token_ICONST,
			pg_query.Token_PARAM, pg_query.Token_SQL_COMMENT, pg_query.Token_C_COMMENT:
		case pg_query.Token_SELECT:
			// A subquery costs SubLink, SelectStmt and ResTarget; a
			// statement's or set operation's own SELECT is counted by
			// the statement or the UNION.
			if prev == pg_query.Token_ASCII_40 {
				top.ops += 4
			}
		default:
			if t.KeywordKind != pg_query.KeywordKind_NO_KEYWORD && prev == pg_query.Token_TYPECAST {
				break // a type name
			}
			if (t.Token == pg_query.Token_ALL || t.Token == pg_query.Token_DISTINCT) &&
				(prev == pg_query.Token_UNION || prev == pg_query.Token_INTERSECT || prev == pg_query.Token_EXCEPT) {
				break
			}
			top.ops++
		}
		prev = t.Token
		prevKW = t.KeywordKind != pg_query.KeywordKind_NO_KEYWORD
	}
	return max(deepest, unwind())
}

// parseTree runs the C parser and decodes its tree with a nesting limit
// matching the depth limit (each level of an expression is a few nested
// messages: a Node, its content, a list).
func parseTree(query string, limit int) (*pg_query.ParseResult, error) {
	b, err := pgparserParse(query)
	if err != nil {
		return nil, err
	}
	tree, err := pg_query.Unmarshal(b, 4*limit+100)
	if err == pg_query.ErrTooDeep {
		return nil, errTooDeep
	}
	if err != nil {
		return nil, pgerr.Newf(pgerr.InternalError, "decoding the parse tree: %v", err)
	}
	return tree, nil
}
