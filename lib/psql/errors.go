// Server error and notice messages as psql shows them: libpq's
// pqBuildErrorMessage3 with the default verbosity and context settings,
// including the "LINE n:" excerpt and caret of reportErrorPosition
// (src/interfaces/libpq/fe-protocol3.c).

package psql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ServerMessage is an ErrorResponse or NoticeResponse, with the fields
// psql's default verbosity shows.
type ServerMessage struct {
	Severity         string // localized severity: ERROR, NOTICE, ...
	Code             string
	Message          string
	Detail           string
	Hint             string
	Position         int32 // 1-based character position in the query, 0 if none
	InternalPosition int32
	InternalQuery    string
	Where            string // CONTEXT
	IsError          bool   // ErrorResponse (CONTEXT is shown only for errors)
}

// FormatMessage renders m as psql prints it (PQERRORS_DEFAULT,
// PQSHOW_CONTEXT_ERRORS). query is the text that was sent, for the
// position excerpt; every line ends with "\n".
func FormatMessage(m *ServerMessage, query string) string {
	var b strings.Builder
	if m.Severity != "" {
		b.WriteString(m.Severity + ":  ")
	}
	b.WriteString(m.Message)
	excerptQuery, pos := "", 0
	if m.Position > 0 {
		if query != "" {
			excerptQuery, pos = query, int(m.Position)
		} else {
			b.WriteString(" at character " + strconv.Itoa(int(m.Position)))
		}
	} else if m.InternalPosition > 0 {
		if m.InternalQuery != "" {
			excerptQuery, pos = m.InternalQuery, int(m.InternalPosition)
		} else {
			b.WriteString(" at character " + strconv.Itoa(int(m.InternalPosition)))
		}
	}
	b.WriteByte('\n')
	if excerptQuery != "" && pos > 0 {
		b.WriteString(errorPosition(excerptQuery, pos))
	}
	if m.Detail != "" {
		b.WriteString("DETAIL:  " + m.Detail + "\n")
	}
	if m.Hint != "" {
		b.WriteString("HINT:  " + m.Hint + "\n")
	}
	if m.InternalQuery != "" {
		b.WriteString("QUERY:  " + m.InternalQuery + "\n")
	}
	if m.IsError && m.Where != "" {
		b.WriteString("CONTEXT:  " + m.Where + "\n")
	}
	return b.String()
}

// Limits of the excerpt, in screen columns (DISPLAY_SIZE, MIN_RIGHT_CUT).
const (
	displaySize = 60
	minRightCut = 10
)

// errorPosition is libpq's reportErrorPosition: the line of query holding
// character loc (1-based), cut to about 60 columns around it with "..."
// marks, and a caret line under the character.
func errorPosition(query string, loc int) string {
	loc-- // 0-based
	if loc < 0 {
		return ""
	}
	// Logical characters: byte offset and starting screen column of each.
	w := []byte(query)
	var qidx, scridx []int
	qoffset, scroffset := 0, 0
	locLine, ibeg, iend := 1, 0, -1
	cno := 0
	for ; qoffset < len(w); cno++ {
		ch := w[qoffset]
		qidx = append(qidx, qoffset)
		scridx = append(scridx, scroffset)
		if ch == '\t' {
			// Tabs become spaces in the excerpt.
			w[qoffset] = ' '
		} else if ch == '\r' || ch == '\n' {
			if cno < loc {
				// \r\n counts as one line break.
				if ch == '\r' || cno == 0 || w[qidx[cno-1]] != '\r' {
					locLine++
				}
				ibeg = cno + 1
			} else {
				iend = cno
				break
			}
		}
		r, size := utf8.DecodeRune(w[qoffset:])
		// Control characters, invalid bytes and zero-width marks count as
		// one column here, as in libpq.
		cw := 1
		if !(r == utf8.RuneError && size == 1) && r >= 0x20 && !(r >= 0x7f && r < 0xa0) {
			if cw = runeWidth(r); cw <= 0 {
				cw = 1
			}
		}
		scroffset += cw
		qoffset += size
	}
	if iend < 0 {
		iend = cno
		qidx = append(qidx, qoffset)
		scridx = append(scridx, scroffset)
	}
	if loc > cno {
		return ""
	}
	begTrunc, endTrunc := false, false
	if scridx[iend]-scridx[ibeg] > displaySize {
		if scridx[ibeg]+displaySize >= scridx[loc]+minRightCut {
			for scridx[iend]-scridx[ibeg] > displaySize {
				iend--
			}
			endTrunc = true
		} else {
			for scridx[loc]+minRightCut < scridx[iend] {
				iend--
				endTrunc = true
			}
			for scridx[iend]-scridx[ibeg] > displaySize {
				ibeg++
				begTrunc = true
			}
		}
	}
	prefix := fmt.Sprintf("LINE %d: ", locLine)
	if begTrunc {
		prefix += "..."
	}
	var b strings.Builder
	b.WriteString(prefix)
	b.Write(w[qidx[ibeg]:qidx[iend]])
	if endTrunc {
		b.WriteString("...")
	}
	b.WriteByte('\n')
	caret := StringWidth(prefix) + scridx[loc] - scridx[ibeg]
	b.WriteString(strings.Repeat(" ", caret) + "^\n")
	return b.String()
}
