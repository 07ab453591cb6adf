// Parse templates: queries that differ only in the values of their
// integer literals ("... WHERE aid = 12345", then "... aid = 678") have
// parse trees that differ only in those literals' A_Const nodes, because
// changing the digits of an integer token changes neither where tokens
// start and end nor which tokens they are. A template is the parse of one
// such query; a later query of the same shape (LiteralShape) gets a copy
// of its statements with its own values put in (Instantiate), which is
// much cheaper than parsing it through pg_query (the C parser, protobuf
// encoding and decoding).
//
// A template is only made when every literal the shape replaced turned
// out to be an integer A_Const at exactly that location in the tree
// (NewTemplate): digits the shape scan took for a literal but the parser
// did not (inside a string under standard_conforming_strings = off, a
// negated constant whose node sits at the minus sign, an array bound, a
// FLOAT(p) precision, a sequence option) make the query unfit, and it is
// parsed in full each time.

package parser

import (
	"strconv"
	"strings"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"
)

// maxLiteralDigits bounds the literals a shape replaces: nine digits
// always fit an int4, so every one of them is an integer token (ICONST),
// never a numeric one.
const maxLiteralDigits = 9

// Literal is an integer literal's place in a query: byte offset and
// length.
type Literal struct{ Offset, Len int }

// LiteralShape returns query with the digits of each integer literal of
// up to nine digits replaced by zeros, and where those literals are. The
// scan skips quoted strings, quoted identifiers, comments and dollar
// quotes; a digit run next to a letter, digit, underscore, dollar sign,
// dot or non-ASCII byte is not a literal of its own. ok is false when
// the query has no such literal or the scan is unsure (an unterminated
// quote or comment).
func LiteralShape(query string) (shape string, lits []Literal, ok bool) {
	var b []byte
	n := len(query)
	for i := 0; i < n; {
		c := query[i]
		switch {
		case c == '\'':
			// E'...' strings escape with backslashes; others double the
			// quote. A backslash is taken as an escape in every string:
			// a wrong guess only makes the template fail its check.
			j := i + 1
			for ; j < n; j++ {
				if query[j] == '\\' {
					j++
				} else if query[j] == '\'' {
					if j+1 >= n || query[j+1] != '\'' {
						break
					}
					j++ // a doubled quote
				}
			}
			if j >= n {
				return "", nil, false
			}
			i = j + 1
		case c == '"':
			j := i + 1
			for j < n && (query[j] != '"' || j+1 < n && query[j+1] == '"') {
				if query[j] == '"' {
					j++
				}
				j++
			}
			if j >= n {
				return "", nil, false
			}
			i = j + 1
		case c == '-' && i+1 < n && query[i+1] == '-':
			for i < n && query[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && query[i+1] == '*':
			depth, j := 1, i+2
			for j+1 < n && depth > 0 {
				switch {
				case query[j] == '/' && query[j+1] == '*':
					depth++
					j += 2
				case query[j] == '*' && query[j+1] == '/':
					depth--
					j += 2
				default:
					j++
				}
			}
			if depth > 0 {
				return "", nil, false
			}
			i = j
		case c == '$':
			// $n is a parameter; $tag$ ... $tag$ (tag possibly empty)
			// quotes.
			j := i + 1
			if j < n && query[j] >= '0' && query[j] <= '9' {
				for j < n && identChar(query[j]) {
					j++
				}
				i = j
				continue
			}
			for j < n && identChar(query[j]) && query[j] != '$' {
				j++
			}
			if j < n && query[j] == '$' {
				tag := query[i : j+1]
				end := strings.Index(query[j+1:], tag)
				if end < 0 {
					return "", nil, false
				}
				i = j + 1 + end + len(tag)
				continue
			}
			i++
		case identChar(c) && !(c >= '0' && c <= '9'):
			for i < n && identChar(query[i]) {
				i++
			}
		case c >= '0' && c <= '9':
			j := i
			for j < n && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			standalone := (i == 0 || query[i-1] != '.') && (j == n || !identChar(query[j]) && query[j] != '.')
			if standalone && j-i <= maxLiteralDigits {
				if b == nil {
					b = []byte(query)
				}
				for k := i; k < j; k++ {
					b[k] = '0'
				}
				lits = append(lits, Literal{Offset: i, Len: j - i})
			}
			i = j
		default:
			i++
		}
	}
	if len(lits) == 0 {
		return "", nil, false
	}
	return string(b), lits, true
}

// identChar reports whether c continues an identifier or a number.
func identChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// Template is the parse of a query whose integer literals another query
// of the same shape can replace.
type Template struct {
	stmts []Statement
	// consts are, by statement, the paths from the statement's node to
	// the A_Const of each literal.
	consts [][]constPath
	// negated marks, by literal, those folded with the minus sign before
	// them into a negative constant.
	negated []bool
}

// constPath leads from a statement's root node to one literal's A_Const.
type constPath struct {
	lit   int // the literal's index in the shape's list
	steps []pg_query.Slot
}

// follow is the message steps lead to from root.
func follow(root pg_query.Message, steps []pg_query.Slot) pg_query.Message {
	for _, s := range steps {
		root = root.ChildAt(s)
	}
	return root
}

// NewTemplate makes a template of stmts, the statements parsed from a
// query whose literals LiteralShape found at lits. ok is false unless
// each literal is an integer A_Const at its location, exactly once.
func NewTemplate(stmts []Statement, lits []Literal) (*Template, bool) {
	at := make(map[int32]int, len(lits))
	for i, l := range lits {
		at[int32(l.Offset)] = i
	}
	seen := make([]bool, len(lits))
	t := &Template{stmts: append([]Statement(nil), stmts...), consts: make([][]constPath, len(stmts)), negated: make([]bool, len(lits))}
	ok := true
	for si, st := range stmts {
		var path []pg_query.Slot
		var walk func(m pg_query.Message)
		walk = func(m pg_query.Message) {
			if !ok {
				return
			}
			if ac, isConst := m.(*pg_query.A_Const); isConst {
				i, found := at[ac.Location]
				negated := false
				if !found {
					// A negative constant sits at its minus sign.
					if i, found = at[ac.Location+1]; !found || ac.Location < 0 || st.Query[ac.Location] != '-' {
						return
					}
					negated = true
				}
				iv, isInt := ac.Val.(*pg_query.A_Const_Ival)
				if !isInt || seen[i] {
					ok = false
					return
				}
				l := lits[i]
				v, _ := strconv.Atoi(st.Query[l.Offset : l.Offset+l.Len])
				if negated {
					v = -v
				}
				if int(iv.Ival.GetIval()) != v {
					ok = false
					return
				}
				t.negated[i] = negated
				seen[i] = true
				t.consts[si] = append(t.consts[si], constPath{lit: i, steps: append([]pg_query.Slot(nil), path...)})
				return
			}
			m.EachChild(func(s pg_query.Slot, c pg_query.Message) bool {
				path = append(path, s)
				walk(c)
				path = path[:len(path)-1]
				return ok
			})
		}
		walk(st.node)
	}
	for _, s := range seen {
		ok = ok && s
	}
	if !ok {
		return nil, false
	}
	// The caller goes on with stmts: the template keeps trees of its own.
	for i := range t.stmts {
		t.stmts[i].node = t.stmts[i].node.Clone()
	}
	return t, true
}

// Instantiate returns the template's statements for query, a query of
// the same shape whose literals are at lits: copies of the template's
// trees holding query's values, with query's text.
func (t *Template) Instantiate(query string, lits []Literal) []Statement {
	out := make([]Statement, len(t.stmts))
	for si, st := range t.stmts {
		node := st.node.Clone()
		for _, cp := range t.consts[si] {
			m := follow(node, cp.steps)
			v := t.value(query, lits, cp.lit)
			m.(*pg_query.A_Const).Val = &pg_query.A_Const_Ival{Ival: &pg_query.Integer{Ival: v.Value}}
		}
		out[si] = Statement{Query: query, Offset: st.Offset, Text: query[st.Offset : st.Offset+len(st.Text)], node: node}
	}
	return out
}

// LiteralValue is an integer literal of a query made from a template:
// the location of its constant (a byte offset, as parse-tree locations
// are; the minus sign of a negated one) and its value.
type LiteralValue struct {
	Loc   int32
	Value int32
}

// Values returns the literals of query, a query of the template's shape
// whose literals LiteralShape found at lits, with their values.
func (t *Template) Values(query string, lits []Literal) []LiteralValue {
	out := make([]LiteralValue, len(lits))
	for i := range lits {
		out[i] = t.value(query, lits, i)
	}
	return out
}

// value is literal i of query: at most nine digits, so it fits an int4
// with or without its sign.
func (t *Template) value(query string, lits []Literal, i int) LiteralValue {
	l := lits[i]
	n, _ := strconv.Atoi(query[l.Offset : l.Offset+l.Len])
	if t.negated[i] {
		return LiteralValue{Loc: int32(l.Offset - 1), Value: int32(-n)}
	}
	return LiteralValue{Loc: int32(l.Offset), Value: int32(n)}
}

// Single reports whether the template holds one statement.
func (t *Template) Single() bool { return len(t.stmts) == 1 }

// StatementFor returns the template's only statement as query's: query's
// text, the template's tree, shared and holding the template's own
// values. It is for a query whose plan comes from Parameterized, which
// needs the statement's kind and text, never its values.
func (t *Template) StatementFor(query string) Statement {
	st := t.stmts[0]
	return Statement{Query: query, Offset: st.Offset, Text: query[st.Offset : st.Offset+len(st.Text)], node: st.node}
}

// Parameterized returns the template's only statement with each literal
// i replaced by the parameter $i+1 at its location: the statement a plan
// for every query of the shape is made from. ok is false when a literal's
// A_Const is not a node of its own in the tree.
func (t *Template) Parameterized() (Statement, bool) {
	st := t.stmts[0]
	node := st.node.Clone()
	for _, cp := range t.consts[0] {
		// The A_Const sits in a Node's oneof: replace that Node's content.
		if len(cp.steps) == 0 {
			return Statement{}, false
		}
		m := follow(node, cp.steps[:len(cp.steps)-1])
		holder, ok := m.(*pg_query.Node)
		if !ok {
			return Statement{}, false
		}
		ac := holder.GetAConst()
		if ac == nil {
			return Statement{}, false
		}
		holder.Node = &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: int32(cp.lit + 1), Location: ac.Location}}
	}
	return Statement{Query: st.Query, Offset: st.Offset, Text: st.Text, node: node}, true
}
