// encoding.go canonicalizes client_encoding (encnames.c's alias table) and
// DateStyle (commands/variable.c's check_datestyle), the two REPORT
// parameters whose SHOW form differs from what clients send.

package config

import (
	"fmt"
	"strings"

	"github.com/gpostgres/gpostgres/lib/mb"
)

// EncodingName returns the canonical name of an encoding given by any of
// PostgreSQL's aliases, ignoring case and punctuation ("utf-8" -> "UTF8").
func EncodingName(name string) (string, bool) { return mb.Canonical(name) }

// checkClientEncoding is check_client_encoding for a UTF8 database: the
// encoding must be one lib/mb converts, and the
// name is replaced by its canonical spelling, except "UNICODE", which old
// JDBC drivers expect to read back unchanged.
func checkClientEncoding(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	canon, ok := EncodingName(nv.s)
	if !ok {
		return &checkFailure{}
	}
	if mb.Lookup(canon) == nil {
		// PostgreSQL converts its multi-byte encodings too; gpostgres
		// does not yet (lib/mb says why), and says so rather than send
		// text the client cannot read.
		return &checkFailure{code: "0A000",
			detail: fmt.Sprintf("Conversion between %s and %s is not supported.", canon, "UTF8")}
	}
	if nv.s != "UNICODE" {
		nv.s = canon
	}
	return nil
}

// checkDateStyle is check_datestyle: a list of an output style and a field
// order, which starts from the current values and is canonicalized to
// "Style, ORDER".
func checkDateStyle(s *Settings, v *variable, nv *value, src Source) *checkFailure {
	style, order, f := s.parseDateStyle(v, nv.s, 0)
	if f != nil {
		return f
	}
	nv.s = style + ", " + order
	return nil
}

func (s *Settings) parseDateStyle(v *variable, text string, depth int) (string, string, *checkFailure) {
	style, order, _ := strings.Cut(v.cur.s, ", ")
	list, ok := SplitIdentifierString(text, ',')
	if !ok {
		return "", "", fail("List syntax is invalid.")
	}
	haveStyle, haveOrder, conflict := false, false, false
	setStyle := func(st string) {
		if haveStyle && style != st {
			conflict = true
		}
		style, haveStyle = st, true
	}
	setOrder := func(o string) {
		if haveOrder && order != o {
			conflict = true
		}
		order, haveOrder = o, true
	}
	prefix := func(tok, word string) bool {
		return len(tok) >= len(word) && strings.EqualFold(tok[:len(word)], word)
	}
	for _, tok := range list {
		switch {
		case strings.EqualFold(tok, "ISO"):
			setStyle("ISO")
		case strings.EqualFold(tok, "SQL"):
			setStyle("SQL")
		case prefix(tok, "POSTGRES"):
			setStyle("Postgres")
		case strings.EqualFold(tok, "GERMAN"):
			setStyle("German")
			if !haveOrder {
				order = "DMY"
			}
		case strings.EqualFold(tok, "YMD"):
			setOrder("YMD")
		case strings.EqualFold(tok, "DMY"), prefix(tok, "EURO"):
			setOrder("DMY")
		case strings.EqualFold(tok, "MDY"), strings.EqualFold(tok, "US"), prefix(tok, "NONEURO"):
			setOrder("MDY")
		case strings.EqualFold(tok, "DEFAULT"):
			if depth > 0 {
				return "", "", &checkFailure{}
			}
			dst, dor, f := s.parseDateStyle(v, v.reset.s, depth+1)
			if f != nil {
				return "", "", &checkFailure{}
			}
			if !haveStyle {
				style = dst
			}
			if !haveOrder {
				order = dor
			}
		default:
			return "", "", fail("Unrecognized key word: \"%s\".", tok)
		}
	}
	if conflict {
		return "", "", fail("Conflicting \"datestyle\" specifications.")
	}
	return style, order, nil
}
