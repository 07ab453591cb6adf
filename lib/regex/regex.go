package regex

// Syntax is the flavour a pattern is read in.
type Syntax uint8

const (
	// ARE is PostgreSQL's default: advanced regular expressions.
	ARE Syntax = iota
	// ERE is POSIX extended regular expressions (flag e).
	ERE
	// BRE is POSIX basic regular expressions (flag b).
	BRE
	// Literal matches the pattern as a plain string (flag q, ***=).
	Literal
)

// Options are the compile flags of a pattern; the embedded options of an
// ARE ((?i) etc.) change them.
type Options struct {
	Syntax Syntax
	// Fold makes matching case-insensitive (flag i).
	Fold bool
	// Expanded ignores white space and #-comments (flag x).
	Expanded bool
	// NewlineStop keeps "." and bracket expressions from matching a
	// newline (flags n, p).
	NewlineStop bool
	// NewlineAnchor makes ^ and $ match at newlines (flags n, w).
	NewlineAnchor bool
}

// ApplyFlag applies one letter of PostgreSQL's regular expression flags
// or embedded options (b c e i m n p q s t w x) and reports whether the
// letter is one of them.
func (o *Options) ApplyFlag(c rune) bool {
	switch c {
	case 'b':
		o.Syntax = BRE
	case 'c':
		o.Fold = false
	case 'e':
		o.Syntax = ERE
	case 'i':
		o.Fold = true
	case 'm', 'n':
		o.NewlineStop, o.NewlineAnchor = true, true
	case 'p':
		o.NewlineStop, o.NewlineAnchor = true, false
	case 'q':
		o.Syntax = Literal
	case 's':
		o.NewlineStop, o.NewlineAnchor = false, false
	case 't':
		o.Expanded = false
	case 'w':
		o.NewlineStop, o.NewlineAnchor = false, true
	case 'x':
		o.Expanded = true
	default:
		return false
	}
	return true
}

// Error is a compile or execution error; Msg is the text of PostgreSQL's
// regerror.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// The regerror texts PostgreSQL reports.
var (
	ErrCollate    = &Error{"invalid collating element"}
	ErrCtype      = &Error{"invalid character class"}
	ErrEscape     = &Error{`invalid escape \ sequence`}
	ErrSubreg     = &Error{"invalid backreference number"}
	ErrBrack      = &Error{"brackets [] not balanced"}
	ErrParen      = &Error{"parentheses () not balanced"}
	ErrBrace      = &Error{"braces {} not balanced"}
	ErrBadBr      = &Error{"invalid repetition count(s)"}
	ErrRange      = &Error{"invalid character range"}
	ErrSpace      = &Error{"out of memory"}
	ErrBadRpt     = &Error{"quantifier operand invalid"}
	ErrBadOpt     = &Error{"invalid embedded option"}
	ErrTooBig     = &Error{"regular expression is too complex"}
	errUnbalanced = ErrParen
)

// Checker is called from time to time during a long match; a non-nil
// error (a cancel) stops the match and is returned.
type Checker func() error
