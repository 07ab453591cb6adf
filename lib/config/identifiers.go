// identifiers.go holds the list-of-identifiers syntax that several
// parameters share (search_path, DateStyle, log_destination, ...): varlena.c's
// SplitIdentifierString.

package config

import "github.com/gpostgres/gpostgres/lib/types"

// scannerIsSpace is scansup.c's scanner_isspace (no \v).
func scannerIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// SplitIdentifierString splits a separator-separated list of SQL
// identifiers as PostgreSQL's SplitIdentifierString does: unquoted names are
// down-cased, "quoted" names keep their case with "" as a literal quote,
// whitespace around names is ignored, and names are truncated to 63 bytes.
// An empty or all-blank input is an empty list. ok is false on a syntax
// error (unbalanced quote, empty unquoted name, junk after a name).
func SplitIdentifierString(s string, sep byte) (names []string, ok bool) {
	i := 0
	for i < len(s) && scannerIsSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return nil, true
	}
	for {
		var name string
		if s[i] == '"' {
			var b []byte
			j := i + 1
			for {
				k := indexByteFrom(s, '"', j)
				if k < 0 {
					return nil, false
				}
				b = append(b, s[j:k]...)
				if k+1 < len(s) && s[k+1] == '"' {
					b = append(b, '"')
					j = k + 2
					continue
				}
				i = k + 1
				break
			}
			name = string(b)
		} else {
			start := i
			for i < len(s) && s[i] != sep && !scannerIsSpace(s[i]) {
				i++
			}
			if i == start {
				return nil, false
			}
			name = types.LowerASCII(s[start:i])
		}
		for i < len(s) && scannerIsSpace(s[i]) {
			i++
		}
		done := false
		switch {
		case i < len(s) && s[i] == sep:
			i++
			for i < len(s) && scannerIsSpace(s[i]) {
				i++
			}
		case i == len(s):
			done = true
		default:
			return nil, false
		}
		names = append(names, truncateName(name))
		if done {
			return names, true
		}
		if i == len(s) {
			// A trailing separator leaves an empty unquoted name.
			return nil, false
		}
	}
}

func indexByteFrom(s string, c byte, from int) int {
	for k := from; k < len(s); k++ {
		if s[k] == c {
			return k
		}
	}
	return -1
}

// truncateName cuts an identifier to NAMEDATALEN-1 bytes without splitting
// a UTF-8 character, silently.
func truncateName(id string) string {
	if len(id) <= maxIdentifierLength {
		return id
	}
	n := maxIdentifierLength
	for n > 0 && id[n]&0xC0 == 0x80 {
		n--
	}
	return id[:n]
}
