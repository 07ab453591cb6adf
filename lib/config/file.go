// file.go reads postgresql.conf with the syntax of guc-file.l: one
// "name [=] value" per line, # comments, quoted strings with '' and
// backslash escapes, and the include, include_if_exists and include_dir
// directives, which are resolved relative to the including file.

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gpostgres/gpostgres/lib/pgerr"
)

// Item is one setting read from a configuration file, or one error found
// while reading it (then Name is "" and Err says what went wrong), like a
// row of pg_file_settings.
type Item struct {
	Name  string
	Value string
	File  string
	Line  int
	Err   string

	// Applied reports that the value was accepted (pg_file_settings.applied).
	Applied bool

	ignore bool // superseded by a later line for the same parameter
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokEOL
	tokID
	tokQualifiedID
	tokString
	tokUnquotedString
	tokInteger
	tokReal
	tokEquals
	tokError
)

// lexer is guc-file.l's scanner. Each rule's longest match is computed and
// the longest wins, ties going to the earlier rule, as flex does.
type lexer struct {
	src  string
	pos  int
	line int // ConfigFileLineno
	text string
}

func isLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}
func isLetterOrDigit(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }
func isDigit(c byte) bool         { return c >= '0' && c <= '9' }
func isUnitLetter(c byte) bool    { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

func (l *lexer) next() tokenKind {
	for {
		if l.pos >= len(l.src) {
			l.text = ""
			return tokEOF
		}
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.pos++
			l.line++
			l.text = "\n"
			return tokEOL
		case c == ' ' || c == '\t' || c == '\r':
			l.pos++
			continue
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
			continue
		}
		break
	}
	s := l.src[l.pos:]
	best, kind := 0, tokError
	try := func(n int, k tokenKind) {
		if n > best {
			best, kind = n, k
		}
	}
	id := matchID(s)
	try(id, tokID)
	if id > 0 && id < len(s) && s[id] == '.' {
		if id2 := matchID(s[id+1:]); id2 > 0 {
			try(id+1+id2, tokQualifiedID)
		}
	}
	try(matchString(s), tokString)
	try(matchUnquoted(s), tokUnquotedString)
	try(matchInteger(s), tokInteger)
	try(matchReal(s), tokReal)
	if s[0] == '=' {
		try(1, tokEquals)
	}
	if best == 0 {
		best = 1 // "." : any one character is an error token
		kind = tokError
	}
	l.text = s[:best]
	l.pos += best
	return kind
}

func matchID(s string) int {
	if s == "" || !isLetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && isLetterOrDigit(s[n]) {
		n++
	}
	return n
}

func matchUnquoted(s string) int {
	if s == "" || !isLetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && (isLetterOrDigit(s[n]) || strings.IndexByte("-._:/", s[n]) >= 0) {
		n++
	}
	return n
}

// matchString matches \'([^'\\\n]|\\.|\'\')*\' ; flex's "." excludes newline.
func matchString(s string) int {
	if s == "" || s[0] != '\'' {
		return 0
	}
	i := 1
	for i < len(s) {
		switch c := s[i]; {
		case c == '\\':
			if i+1 < len(s) && s[i+1] != '\n' {
				i += 2
				continue
			}
			return 0
		case c == '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				i += 2
				continue
			}
			return i + 1
		case c == '\n':
			return 0
		default:
			i++
		}
	}
	return 0
}

// matchInteger matches {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*.
func matchInteger(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	best := 0
	// 0x{HEXDIGIT}+
	if i+2 < len(s) && s[i] == '0' && s[i+1] == 'x' && hexVal(s[i+2]) >= 0 {
		j := i + 2
		for j < len(s) && hexVal(s[j]) >= 0 {
			j++
		}
		for j < len(s) && isUnitLetter(s[j]) {
			j++
		}
		best = j
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j > i {
		for j < len(s) && isUnitLetter(s[j]) {
			j++
		}
		if j > best {
			best = j
		}
	}
	return best
}

// matchReal matches {SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?.
func matchReal(s string) int {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '.' {
		return 0
	}
	i++
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > j {
			i = k
		}
	}
	return i
}

// deescape is DeescapeQuotedString: strip the quotes, turn a doubled quote
// into one, and interpret \b \f \n \r \t, octal \ooo and \<any>.
func deescape(s string) string {
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				oct := 0
				k := 0
				for ; k < 3 && i+k < len(s) && s[i+k] >= '0' && s[i+k] <= '7'; k++ {
					oct = oct<<3 + int(s[i+k]-'0')
				}
				i += k - 1
				b.WriteByte(byte(oct))
			default:
				b.WriteByte(s[i])
			}
		case c == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
			b.WriteByte('\'')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fileParser accumulates items and log messages over a file and its
// includes, as ParseConfigFile/ParseConfigFp/ParseConfigDirectory do.
type fileParser struct {
	items   []Item
	msgs    []LogMessage
	elevel  pgerr.Severity
	dataDir string // for a top-level relative path
	first   *pgerr.Error
}

func (fp *fileParser) report(code, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	fp.msgs = append(fp.msgs, LogMessage{Severity: fp.elevel, Code: code, Message: msg})
	if fp.first == nil {
		fp.first = pgerr.New(code, msg)
	}
}

func (fp *fileParser) recordError(msg, file string, line int) {
	fp.items = append(fp.items, Item{File: file, Line: line, Err: msg})
}

// absoluteLocation is AbsoluteConfigLocation: relative to the including
// file's directory, or to the data directory at the top level.
func (fp *fileParser) absoluteLocation(loc, callingFile string) string {
	if filepath.IsAbs(loc) {
		return loc
	}
	if callingFile != "" {
		return canonicalizePath(filepath.Join(filepath.Dir(callingFile), loc))
	}
	if fp.dataDir != "" {
		return canonicalizePath(filepath.Join(fp.dataDir, loc))
	}
	abs, err := filepath.Abs(loc)
	if err != nil {
		return loc
	}
	return abs
}

const maxIncludeDepth = 10

// parseFile is ParseConfigFile. strict makes a missing file an error.
func (fp *fileParser) parseFile(path string, strict bool, callingFile string, callingLine, depth int) bool {
	if strings.Trim(path, " \t\r\n") == "" {
		fp.report(pgerr.InvalidParameterValue, "empty configuration file name: \"%s\"", path)
		fp.recordError("empty configuration file name", callingFile, callingLine)
		return false
	}
	if depth > maxIncludeDepth {
		fp.report(pgerr.ProgramLimitExceeded,
			"could not open configuration file \"%s\": maximum nesting depth exceeded", path)
		fp.recordError("nesting depth exceeded", callingFile, callingLine)
		return false
	}
	abs := fp.absoluteLocation(path, callingFile)
	if callingFile != "" && abs == callingFile {
		fp.report(pgerr.ProgramLimitExceeded, "configuration file recursion in \"%s\"", callingFile)
		fp.recordError("configuration file recursion", callingFile, callingLine)
		return false
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		if strict {
			fp.report(pgerr.UndefinedFile, "could not open configuration file \"%s\": %s", abs, syscallMessage(err))
			fp.recordError(fmt.Sprintf("could not open file \"%s\"", abs), callingFile, callingLine)
			return false
		}
		fp.msgs = append(fp.msgs, LogMessage{Severity: pgerr.SeverityLog,
			Message: fmt.Sprintf("skipping missing configuration file \"%s\"", abs)})
		return true
	}
	return fp.parseText(string(data), abs, depth)
}

// syscallMessage is %m: the bare strerror text.
func syscallMessage(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	msg := err.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}

// parseText is ParseConfigFp.
func (fp *fileParser) parseText(src, file string, depth int) bool {
	ok := true
	l := &lexer{src: src, line: 1}
	errorCount := 0
	for {
		tok := l.next()
		if tok == tokEOF {
			break
		}
		if tok == tokEOL {
			continue
		}
		var name, val string
		if tok != tokID && tok != tokQualifiedID {
			goto parseError
		}
		name = l.text
		tok = l.next()
		if tok == tokEquals {
			tok = l.next()
		}
		if tok != tokID && tok != tokString && tok != tokInteger && tok != tokReal && tok != tokUnquotedString {
			goto parseError
		}
		if tok == tokString {
			val = deescape(l.text)
		} else {
			val = l.text
		}
		tok = l.next()
		if tok != tokEOL {
			if tok != tokEOF {
				goto parseError
			}
			l.line++ // EOF ends the line like \n
		}
		switch {
		case compareNames(name, "include_dir") == 0:
			if !fp.parseDir(val, file, l.line-1, depth+1) {
				ok = false
			}
		case compareNames(name, "include_if_exists") == 0:
			if !fp.parseFile(val, false, file, l.line-1, depth+1) {
				ok = false
			}
		case compareNames(name, "include") == 0:
			if !fp.parseFile(val, true, file, l.line-1, depth+1) {
				ok = false
			}
		default:
			fp.items = append(fp.items, Item{Name: name, Value: val, File: file, Line: l.line - 1})
		}
		if tok == tokEOF {
			break
		}
		continue

	parseError:
		if tok == tokEOL || tok == tokEOF {
			fp.report(pgerr.SyntaxError, "syntax error in file \"%s\" line %d, near end of line", file, l.line-1)
			fp.recordError("syntax error", file, l.line-1)
		} else {
			fp.report(pgerr.SyntaxError, "syntax error in file \"%s\" line %d, near token \"%s\"", file, l.line, l.text)
			fp.recordError("syntax error", file, l.line)
		}
		ok = false
		errorCount++
		if errorCount >= 100 || fp.elevel == pgerr.SeverityDebug {
			fp.report(pgerr.ProgramLimitExceeded, "too many syntax errors found, abandoning file \"%s\"", file)
			break
		}
		for tok != tokEOL && tok != tokEOF {
			tok = l.next()
		}
		if tok == tokEOF {
			break
		}
	}
	return ok
}

// parseDir is ParseConfigDirectory: the directory's *.conf files, not
// starting with a dot, in strcmp order.
func (fp *fileParser) parseDir(dir, callingFile string, callingLine, depth int) bool {
	if strings.Trim(dir, " \t\r\n") == "" {
		fp.report(pgerr.InvalidParameterValue, "empty configuration directory name: \"%s\"", dir)
		fp.recordError("empty configuration directory name", callingFile, callingLine)
		return false
	}
	abs := fp.absoluteLocation(dir, callingFile)
	entries, err := os.ReadDir(abs)
	if err != nil {
		fp.report(pgerr.UndefinedFile, "could not open configuration directory \"%s\": %s", abs, syscallMessage(err))
		fp.recordError(fmt.Sprintf("could not open directory \"%s\"", abs), callingFile, callingLine)
		return false
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if len(n) < 6 || n[0] == '.' || !strings.HasSuffix(n, ".conf") {
			continue
		}
		full := filepath.Join(abs, n)
		st, err := os.Stat(full)
		if err != nil {
			fp.report(pgerr.UndefinedFile, "could not stat file \"%s\": %s", full, syscallMessage(err))
			fp.recordError(fmt.Sprintf("could not stat file \"%s\"", full), callingFile, callingLine)
			return false
		}
		if !st.IsDir() {
			files = append(files, full)
		}
	}
	sort.Strings(files)
	for _, f := range files {
		if !fp.parseFile(f, true, callingFile, callingLine, depth) {
			return false
		}
	}
	return true
}

// ParseConfigFile reads a configuration file and its includes without
// applying anything. Items that record errors have an empty Name; the
// returned error is the first problem found (a *pgerr.Error), if any.
// A relative path is taken relative to the current directory.
func ParseConfigFile(path string) ([]Item, error) {
	fp := &fileParser{elevel: pgerr.SeverityLog}
	fp.parseFile(path, true, "", 0, 0)
	if fp.first != nil {
		return fp.items, fp.first
	}
	return fp.items, nil
}
