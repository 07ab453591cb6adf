// Splitting input into statements as psql's lexer (psqlscan.l) and main
// loop (mainloop.c) do: a statement ends at a semicolon outside quotes,
// comments and parentheses; backslash commands are recognized outside
// quotes; whitespace and "--" comments before a statement are dropped,
// empty lines are skipped, and lines are joined with "\n". The statement
// text sent is therefore the same as psql's, which matters for the error
// position excerpts the server's positions refer to.

package psql

import "strings"

type scanState int

const (
	stNormal  scanState = iota
	stString            // '...' (standard_conforming_strings on)
	stEString           // E'...' with backslash escapes
	stIdent             // "..."
	stDollar            // $tag$...$tag$
	stComment           // /* ... */, nested
)

// EventKind says what the scanner found.
type EventKind int

const (
	// EvStatement: a complete statement, semicolon included.
	EvStatement EventKind = iota
	// EvBackslash: a backslash command; Text is the command name
	// without the backslash, Args the rest of the line.
	EvBackslash
)

// Event is one statement or backslash command found in the input.
type Event struct {
	Kind EventKind
	Text string
	Args string
}

// Scanner accumulates lines into statements.
type Scanner struct {
	buf          strings.Builder
	state        scanState
	paren        int
	dollarTag    string
	commentDepth int
}

// InQuote reports whether the scanner is inside a string, quoted
// identifier, dollar quote or comment.
func (s *Scanner) InQuote() bool { return s.state != stNormal }

// Pending returns the incomplete statement collected so far.
func (s *Scanner) Pending() string { return s.buf.String() }

// Reset discards the incomplete statement.
func (s *Scanner) Reset() {
	s.buf.Reset()
	s.state, s.paren, s.dollarTag, s.commentDepth = stNormal, 0, "", 0
}

// PromptChar is the character psql's continuation prompt (%R) shows:
// '=' at the start of a statement, '-' inside one, '(' inside
// parentheses, '\” '"' '$' '*' inside quotes and comments.
func (s *Scanner) PromptChar() byte {
	switch s.state {
	case stString, stEString:
		return '\''
	case stIdent:
		return '"'
	case stDollar:
		return '$'
	case stComment:
		return '*'
	}
	if s.paren > 0 {
		return '('
	}
	if s.buf.Len() > 0 {
		return '-'
	}
	return '='
}

func isIdentChar(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// dollarTagAt returns the dollar-quote delimiter ("$$" or "$tag$") that
// starts at line[i], or "".
func dollarTagAt(line string, i int) string {
	if line[i] != '$' {
		return ""
	}
	j := i + 1
	if j < len(line) && line[j] == '$' {
		return "$$"
	}
	if j >= len(line) || !isIdentStart(line[j]) {
		return ""
	}
	for j < len(line) && isIdentChar(line[j]) && line[j] != '$' {
		j++
	}
	if j < len(line) && line[j] == '$' {
		return line[i : j+1]
	}
	return ""
}

// lastByte is the last byte of the statement buffer, or 0.
func (s *Scanner) lastByte() byte {
	b := s.buf.String()
	if b == "" {
		return 0
	}
	return b[len(b)-1]
}

// Line feeds one input line (without its newline) and returns the
// statements and backslash commands it completes, in order.
func (s *Scanner) Line(line string) []Event {
	if line == "" && !s.InQuote() {
		return nil // psql skips empty lines outside quotes
	}
	if s.buf.Len() > 0 {
		s.buf.WriteByte('\n')
	}
	var events []Event
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch s.state {
		case stString:
			s.buf.WriteByte(c)
			if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					s.buf.WriteByte('\'')
					i++
				} else {
					s.state = stNormal
				}
			}
			continue
		case stEString:
			s.buf.WriteByte(c)
			if c == '\\' && i+1 < len(line) {
				s.buf.WriteByte(line[i+1])
				i++
			} else if c == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					s.buf.WriteByte('\'')
					i++
				} else {
					s.state = stNormal
				}
			}
			continue
		case stIdent:
			s.buf.WriteByte(c)
			if c == '"' {
				s.state = stNormal
			}
			continue
		case stDollar:
			if strings.HasPrefix(line[i:], s.dollarTag) {
				s.buf.WriteString(s.dollarTag)
				i += len(s.dollarTag) - 1
				s.state, s.dollarTag = stNormal, ""
			} else {
				s.buf.WriteByte(c)
			}
			continue
		case stComment:
			switch {
			case c == '*' && i+1 < len(line) && line[i+1] == '/':
				s.buf.WriteString("*/")
				i++
				if s.commentDepth--; s.commentDepth == 0 {
					s.state = stNormal
				}
			case c == '/' && i+1 < len(line) && line[i+1] == '*':
				s.buf.WriteString("/*")
				i++
				s.commentDepth++
			default:
				s.buf.WriteByte(c)
			}
			continue
		}

		// Normal state.
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			// Whitespace before a statement is not kept.
			if s.buf.Len() > 0 {
				s.buf.WriteByte(c)
			}
		case c == '-' && i+1 < len(line) && line[i+1] == '-':
			if s.buf.Len() > 0 {
				s.buf.WriteString(line[i:])
			}
			i = len(line)
		case c == '/' && i+1 < len(line) && line[i+1] == '*':
			s.buf.WriteString("/*")
			i++
			s.state, s.commentDepth = stComment, 1
		case c == '\'':
			prev := s.lastByte()
			s.buf.WriteByte(c)
			s.state = stString
			if prev == 'e' || prev == 'E' {
				b := s.buf.String()
				if len(b) < 3 || !isIdentChar(b[len(b)-3]) {
					s.state = stEString
				}
			}
		case c == '"':
			s.buf.WriteByte(c)
			s.state = stIdent
		case c == '$' && !isIdentChar(s.lastByte()):
			if tag := dollarTagAt(line, i); tag != "" {
				s.buf.WriteString(tag)
				i += len(tag) - 1
				s.state, s.dollarTag = stDollar, tag
			} else {
				s.buf.WriteByte(c)
			}
		case c == '(':
			s.paren++
			s.buf.WriteByte(c)
		case c == ')':
			if s.paren > 0 {
				s.paren--
			}
			s.buf.WriteByte(c)
		case c == ';':
			s.buf.WriteByte(c)
			if s.paren == 0 {
				events = append(events, Event{Kind: EvStatement, Text: s.buf.String()})
				s.buf.Reset()
			}
		case c == '\\':
			// A backslash command takes the rest of the line.
			rest := line[i+1:]
			name, args := rest, ""
			if j := strings.IndexAny(rest, " \t"); j >= 0 {
				name, args = rest[:j], strings.TrimSpace(rest[j:])
			}
			// Drop the newline added for this line if nothing else of
			// it went into the buffer.
			if b := s.buf.String(); strings.HasSuffix(b, "\n") && strings.TrimSpace(line[:i]) == "" {
				s.buf.Reset()
				s.buf.WriteString(b[:len(b)-1])
			}
			events = append(events, Event{Kind: EvBackslash, Text: name, Args: args})
			i = len(line)
		default:
			s.buf.WriteByte(c)
		}
	}
	return events
}
