// Result tables in psql's "aligned" and "unaligned" formats, byte for byte
// as PostgreSQL 15's psql prints them (src/fe_utils/print.c:
// print_aligned_text and print_unaligned_text with the ASCII line style).
// Wrapped and expanded output, HTML, LaTeX and the Unicode line styles are
// for the later, complete psql.

package psql

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Format is psql's \pset format.
type Format int

const (
	FormatAligned   Format = iota // the default
	FormatUnaligned               // -A
)

// PrintOptions are the \pset settings the printer honours.
type PrintOptions struct {
	Format     Format
	Border     int    // 0, 1 (default) or 2
	TuplesOnly bool   // -t: no header, no footer
	FieldSep   string // unaligned field separator, "|"
	RecordSep  string // unaligned record separator, "\n"
	NullPrint  string // how NULL is shown, ""
	NoFooter   bool   // \pset footer off
	Title      string // \pset title / \C
}

// DefaultPrintOptions returns psql's defaults.
func DefaultPrintOptions() PrintOptions {
	return PrintOptions{Format: FormatAligned, Border: 1, FieldSep: "|", RecordSep: "\n"}
}

// Table is a result ready to print: headers, one alignment per column
// ('l' or 'r'), and rows of cells (NULLs already replaced by NullPrint).
type Table struct {
	Headers []string
	Aligns  []byte
	Rows    [][]string
	Footers []string // nil: the default "(N rows)" footer
}

// rowsFooter is psql's default footer: "(1 row)", "(N rows)".
func rowsFooter(n int) string {
	if n == 1 {
		return "(1 row)"
	}
	return fmt.Sprintf("(%d rows)", n)
}

// Print writes t in the format opts select.
func Print(w io.Writer, t *Table, opts PrintOptions) {
	if opts.Format == FormatUnaligned {
		printUnaligned(w, t, opts)
		return
	}
	printAligned(w, t, opts)
}

func (t *Table) footers(opts PrintOptions) []string {
	if t.Footers != nil {
		return t.Footers
	}
	if opts.NoFooter {
		return nil
	}
	return []string{rowsFooter(len(t.Rows))}
}

func printUnaligned(w io.Writer, t *Table, opts PrintOptions) {
	var b strings.Builder
	needRecordSep := false
	if !opts.TuplesOnly && opts.Title != "" {
		b.WriteString(opts.Title)
		b.WriteString(opts.RecordSep)
	}
	if !opts.TuplesOnly {
		b.WriteString(strings.Join(t.Headers, opts.FieldSep))
		needRecordSep = true
	}
	for _, row := range t.Rows {
		for j, cell := range row {
			if needRecordSep {
				b.WriteString(opts.RecordSep)
				needRecordSep = false
			}
			b.WriteString(cell)
			if j < len(row)-1 {
				b.WriteString(opts.FieldSep)
			} else {
				needRecordSep = true
			}
		}
	}
	if !opts.TuplesOnly {
		for _, f := range t.footers(opts) {
			if needRecordSep {
				b.WriteString(opts.RecordSep)
			}
			b.WriteString(f)
			needRecordSep = true
		}
	}
	// The last record ends with a newline whatever the separator.
	if needRecordSep {
		b.WriteString("\n")
	}
	io.WriteString(w, b.String())
}

// lineFormat is one rule of psql's ASCII line style (pg_asciiformat).
type lineFormat struct{ hrule, leftvrule, midvrule, rightvrule string }

var (
	ruleTop    = lineFormat{"-", "+", "+", "+"}
	ruleMiddle = lineFormat{"-", "+", "+", "+"}
	ruleBottom = lineFormat{"-", "+", "+", "+"}
	ruleData   = lineFormat{"", "|", "|", "|"}
)

// Marks of the ASCII style for values spanning several lines.
const (
	headerNLLeft  = " "
	headerNLRight = "+"
	nlLeft        = " "
	nlRight       = "+"
	midvruleNL    = "|"
	midvruleBlank = "|"
)

// line is one display line of a formatted cell.
type line struct {
	text  string
	width int
}

// formatCell is pg_wcsformat: it splits s at newlines and makes control
// characters visible (\r as "\r", tabs expanded to the next multiple of 8,
// other C0/C1 controls as \xNN or \uNNNN), measuring display widths.
func formatCell(s string) []line {
	var lines []line
	var b strings.Builder
	w := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			lines = append(lines, line{b.String(), w})
			b.Reset()
			w = 0
		case r == '\r':
			b.WriteString(`\r`)
			w += 2
		case r == '\t':
			for {
				b.WriteByte(' ')
				w++
				if w%8 == 0 {
					break
				}
			}
		case r == utf8.RuneError && size == 1:
			// Invalid UTF-8 (the server never sends it): shown as is.
			b.WriteByte(s[i])
			w++
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
			w += 4
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04X`, r)
			w += 6
		default:
			b.WriteString(s[i : i+size])
			w += runeWidth(r)
		}
		i += size
	}
	return append(lines, line{b.String(), w})
}

// measure returns the widest line's width and the number of lines of a
// cell (pg_wcssize).
func measure(s string) (maxWidth, nLines int) {
	for _, l := range formatCell(s) {
		if l.width > maxWidth {
			maxWidth = l.width
		}
		nLines++
	}
	return
}

// runeWidth is PostgreSQL's ucs_wcwidth for printable characters:
// non-spacing marks (Mn, Me) take no column, East Asian wide and
// full-width characters two, everything else one.
func runeWidth(r rune) int {
	if r == 0 {
		return 0
	}
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// StringWidth is the display width of a single-line string.
func StringWidth(s string) int {
	w, _ := measure(s)
	return w
}

func printHorizontalLine(b *strings.Builder, widths []int, border int, f lineFormat) {
	if border == 1 {
		b.WriteString(f.hrule)
	} else if border == 2 {
		b.WriteString(f.leftvrule + f.hrule)
	}
	for i, wd := range widths {
		b.WriteString(strings.Repeat(f.hrule, wd))
		if i < len(widths)-1 {
			if border == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteString(f.hrule + f.midvrule + f.hrule)
			}
		}
	}
	if border == 2 {
		b.WriteString(f.hrule + f.rightvrule)
	} else if border == 1 {
		b.WriteString(f.hrule)
	}
	b.WriteByte('\n')
}

func printAligned(w io.Writer, t *Table, opts PrintOptions) {
	border := opts.Border
	if border > 2 {
		border = 2
	}
	if border < 0 {
		border = 0
	}
	ncols := len(t.Headers)
	widths := make([]int, ncols)
	widthHeader := make([]int, ncols)
	for i, h := range t.Headers {
		wd, _ := measure(h)
		widthHeader[i] = wd
		widths[i] = wd
	}
	for _, row := range t.Rows {
		for j, cell := range row {
			if wd, _ := measure(cell); wd > widths[j] {
				widths[j] = wd
			}
		}
	}
	var widthTotal int
	switch border {
	case 0:
		widthTotal = ncols
	case 1:
		widthTotal = ncols*3 - 1
		if ncols == 0 {
			widthTotal = 0
		}
	default:
		widthTotal = ncols*3 + 1
	}
	for _, wd := range widths {
		widthTotal += wd
	}

	var b strings.Builder
	if opts.Title != "" && !opts.TuplesOnly {
		tw := StringWidth(opts.Title)
		if tw >= widthTotal {
			b.WriteString(opts.Title + "\n")
		} else {
			b.WriteString(strings.Repeat(" ", (widthTotal-tw)/2) + opts.Title + "\n")
		}
	}

	if !opts.TuplesOnly {
		if border == 2 {
			printHorizontalLine(&b, widths, border, ruleTop)
		}
		heads := make([][]line, ncols)
		for i, h := range t.Headers {
			heads[i] = formatCell(h)
		}
		done := make([]bool, ncols)
		more := ncols
		for nl := 0; more > 0; nl++ {
			if border == 2 {
				b.WriteString(ruleData.leftvrule)
			}
			for i := 0; i < ncols; i++ {
				// The ASCII style has wrap_right_border, so at border 0
				// the left mark is dropped (the right one is kept).
				if border != 0 {
					if nl > 0 {
						b.WriteString(headerNLLeft)
					} else {
						b.WriteByte(' ')
					}
				}
				if !done[i] {
					l := heads[i][nl]
					nbspace := widths[i] - l.width
					b.WriteString(strings.Repeat(" ", nbspace/2) + l.text + strings.Repeat(" ", (nbspace+1)/2))
					if nl+1 >= len(heads[i]) {
						more--
						done[i] = true
					}
				} else {
					b.WriteString(strings.Repeat(" ", widths[i]))
				}
				// The ASCII style has wrap_right_border, so the mark (or a
				// blank) is written even at border 0.
				if !done[i] {
					b.WriteString(headerNLRight)
				} else {
					b.WriteByte(' ')
				}
				if border != 0 && i < ncols-1 {
					b.WriteString(ruleData.midvrule)
				}
			}
			if border == 2 {
				b.WriteString(ruleData.rightvrule)
			}
			b.WriteByte('\n')
		}
		printHorizontalLine(&b, widths, border, ruleMiddle)
	}

	cells := make([][]line, ncols)
	cur := make([]int, ncols)
	// wrap[j] says whether the previous display line of column j stopped
	// inside a multi-line value (PRINT_LINE_WRAP_NEWLINE); it selects the
	// "+" marks and the left margin of the next line.
	wrap := make([]bool, ncols)
	for _, row := range t.Rows {
		if ncols == 0 {
			break // a row of no columns prints nothing (SELECT;)
		}
		for j := range cells {
			cells[j] = formatCell(row[j])
			cur[j] = 0
		}
		for more := true; more; {
			more = false
			if border == 2 {
				b.WriteString(ruleData.leftvrule)
			}
			for j := 0; j < ncols; j++ {
				finalSpaces := border == 2 || j < ncols-1
				if border != 0 {
					if wrap[j] {
						b.WriteString(nlLeft)
					} else {
						b.WriteByte(' ')
					}
				}
				chars := widths[j]
				if cur[j] >= len(cells[j]) {
					// Past this value's lines: pad for the columns after.
					if finalSpaces {
						b.WriteString(strings.Repeat(" ", widths[j]))
					}
				} else {
					l := cells[j][cur[j]]
					chars = l.width
					if t.Aligns[j] == 'r' {
						b.WriteString(strings.Repeat(" ", widths[j]-chars))
					}
					b.WriteString(l.text)
					cur[j]++
					if cur[j] < len(cells[j]) {
						more = true
					}
				}
				wrap[j] = cur[j] < len(cells[j])
				if t.Aligns[j] != 'r' && (finalSpaces || wrap[j]) {
					b.WriteString(strings.Repeat(" ", widths[j]-chars))
				}
				if wrap[j] {
					b.WriteString(nlRight)
				} else if finalSpaces {
					b.WriteByte(' ')
				}
				if border != 0 && j < ncols-1 {
					switch {
					case wrap[j+1]:
						b.WriteString(midvruleNL)
					case cur[j+1] >= len(cells[j+1]):
						b.WriteString(midvruleBlank)
					default:
						b.WriteString(ruleData.midvrule)
					}
				}
			}
			if border == 2 {
				b.WriteString(ruleData.rightvrule)
			}
			b.WriteByte('\n')
		}
	}

	if border == 2 {
		printHorizontalLine(&b, widths, border, ruleBottom)
	}
	if !opts.TuplesOnly {
		for _, f := range t.footers(opts) {
			b.WriteString(f + "\n")
		}
	}
	b.WriteByte('\n')
	io.WriteString(w, b.String())
}
