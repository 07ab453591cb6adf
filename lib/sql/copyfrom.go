// This file is COPY FROM (PostgreSQL's copyfrom.c and copyfromparse.c):
// reading lines from the client, a file or a program, splitting them into
// fields in text, CSV or binary format, converting each field with its
// column's input function, and handing the rows to the INSERT machinery.
//
// The rows enter an INSERT plan analyzed for the copied columns
// (defaults, identity and serial columns, generated columns, NOT NULL
// and CHECK constraints, unique indexes, foreign keys: all of it the
// executor's ModifyTable), whose VALUES source is replaced by a leaf that
// pulls the parsed rows (plan.ExternalRows); COPY's WHERE condition
// filters the rows after the defaults, before the generated columns, as
// in CopyFrom. The rows are stored a page at a time (heap.BulkInsert),
// as PostgreSQL's CopyMultiInsertBuffer does, when no volatile default
// other than nextval or volatile condition could look at the table
// meanwhile; with indexes or foreign keys, each batch's index entries,
// SSI reports and foreign-key events follow in row order once the batch
// is stored, an error naming the row's line.
//
// Errors carry PostgreSQL's CONTEXT line (CopyFromErrorCallback): the
// line number with the line, or the column and its value while a value
// is converted. Text and CSV rows of built-in types are read and
// converted ahead, on a goroutine of their own (copypipe.go).

package sql

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/analyze"
	"github.com/gpostgres/gpostgres/lib/sql/exec"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// maxCopyLine is the longest line COPY FROM holds: PostgreSQL's line
// buffer is a StringInfo, limited to MaxAllocSize.
const maxCopyLine = 0x3fffffff - 1

// maxCopyDisplay is how much of a line or value CONTEXT prints
// (MAX_COPY_DATA_DISPLAY).
const maxCopyDisplay = 100

// copyBinarySignature starts a binary COPY file.
var copyBinarySignature = []byte("PGCOPY\n\377\r\n\x00")

type eolType int8

const (
	eolUnknown eolType = iota
	eolNL
	eolCR
	eolCRNL
)

// copyField is one field of a line: its value, or NULL.
type copyField struct {
	val  string
	null bool
}

// columnInput converts one copied column's fields.
type columnInput struct {
	name string
	typ  uint32
	mod  int32
	// domain checks a value of a domain column (domain_in's checks),
	// nil for other types.
	domain expr.Evaluator
}

// copyFromState is one COPY FROM in progress (CopyFromStateData).
type copyFromState struct {
	s       *sqlCtx
	opts    *copyOptions
	relname string
	t       *plan.Table
	attnums []int
	inputs  []columnInput
	// forceNotNull and forceNull are by position in attnums.
	forceNotNull, forceNull []bool
	in                      *bufio.Reader
	fromClient              bool
	format                  *types.FormatOptions
	ec                      *expr.EvalContext

	eol    eolType
	lineno int64
	line   []byte
	// lineValid: line holds the line CONTEXT names (line_buf_valid).
	lineValid bool
	// curAtt and curVal name the column being converted (cur_attname,
	// cur_attval); curNull when its field is NULL.
	curAtt  string
	curVal  string
	curNull bool
	// sawMarker: the end-of-data marker \. ended the input.
	sawMarker bool
	done      bool
	// reported: the error the executor returns came from nextRow, its
	// CONTEXT set.
	reported bool
	// rowsRead counts the rows handed to the INSERT, for the count of
	// rows WHERE excluded.
	rowsRead int64
	fields   []copyField
	buf      []byte
	// spans are where splitText put each field's bytes in buf.
	spans []fieldSpan
	// lineChunk is where lineString cuts the lines' strings from.
	lineChunk []byte
	// row is every text row's values: the rows go only to the
	// projection load puts above them, which copies the values out
	// before it asks for the next row.
	row []types.Datum
	// progress counts the bytes read for the progress report.
	progress *progressReader
	// pipe, when set, is the goroutine reading and converting the rows
	// ahead (copypipe.go).
	pipe *copyPipe
}

// fieldSpan is one field of a text-format line: its unescaped bytes are
// buf[start:end]; nonASCII says an escape produced a byte to check as
// UTF-8.
type fieldSpan struct {
	start, end int
	null       bool
	nonASCII   bool
}

// newRow is the next row's values slice: the same one every time (see
// copyFromState.row), cleared.
func (c *copyFromState) newRow(n int) []types.Datum {
	if cap(c.row) < n {
		c.row = make([]types.Datum, n)
	}
	r := c.row[:n]
	clear(r)
	return r
}

// copyFrom runs COPY table FROM (DoCopy's share for a table, then
// BeginCopyFrom and CopyFrom).
func (s *sqlCtx) copyFrom(st Statement, cs *pg_query.CopyStmt, t *plan.Table, kind byte, temp bool, pos func(int32) int32) (string, error) {
	generated := make([]bool, len(t.Columns))
	for i := range t.Columns {
		generated[i] = i < len(t.Generated) && t.Generated[i] != 0
	}
	var where expr.Expr
	if cs.WhereClause != nil {
		var err error
		if where, err = analyze.AnalyzeCopyWhere(catalogAdapter{s}, st.Query, cs.WhereClause, t, generated, s.formatOptions()); err != nil {
			return "", err
		}
	}
	attnums, err := copyAttnums(t, nil, attlistNames(cs.Attlist))
	if err != nil {
		return "", err
	}
	if !temp {
		// A temporary table may be loaded in a read-only transaction:
		// nothing pg_dump would see changes.
		if v, found, err := s.env.GetConfig("transaction_read_only", true); err == nil && found && v == "on" {
			return "", pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute COPY FROM in a read-only transaction")
		}
	}
	opts, err := processCopyOptions(cs.Options, true, pos)
	if err == nil {
		err = s.defaultCopyEncoding(opts)
	}
	if err != nil {
		return "", err
	}
	c := &copyFromState{s: s, opts: opts, relname: t.Name, t: t, attnums: attnums, format: s.formatOptions()}
	c.ec = &expr.EvalContext{Ctx: s.ctx, Session: s.env, Format: c.format}
	if s.hasStorage() {
		c.ec.Catalog = names{s}
	}
	if c.forceNotNull, err = forceFlags(t, nil, attnums, opts.forceNotNull, "FORCE_NOT_NULL"); err != nil {
		return "", err
	}
	if c.forceNull, err = forceFlags(t, nil, attnums, opts.forceNull, "FORCE_NULL"); err != nil {
		return "", err
	}
	for _, a := range attnums {
		col := t.Columns[a]
		in := columnInput{name: col.Name, typ: col.TypeOID, mod: col.TypeMod}
		if base := types.DomainBase(col.TypeOID); base != col.TypeOID {
			// domain_in: the base type's input, then the domain's checks.
			in.mod = -1
			check, _, err := analyze.CoerceAssignment(catalogAdapter{s}, st.Query, &expr.Var{Index: 0, Typ: base, Mod: -1, Loc: -1}, col.TypeOID, col.TypeMod, c.format)
			if err != nil {
				return "", err
			}
			if in.domain, err = expr.Compile(check); err != nil {
				return "", err
			}
		}
		c.inputs = append(c.inputs, in)
	}

	// The source: the client, a file or a program.
	var src io.Reader
	var closeSrc func() error
	s.progressStart(pgstat.ProgressCopy, t.OID)
	s.copyProgress, s.copyRunning = true, c
	defer func() {
		s.copyProgress, s.copyRunning = false, nil
		s.progressEnd()
	}()
	srcType := int64(progressCopyTypePipe)
	switch {
	case cs.IsProgram:
		srcType = progressCopyTypeProgram
		cmd, r, _, err := s.copyProgram(cs.Filename, true)
		if err != nil {
			return "", err
		}
		src = r
		closeSrc = func() error {
			// Whatever the program still writes is not read.
			r.Close()
			return programExitError(cs.Filename, cmd.Wait())
		}
	case cs.Filename != "":
		f, err := os.Open(s.copyFilePath(cs.Filename))
		if err != nil {
			e := pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\" for reading: %s", cs.Filename, pgerr.Strerror(err))
			if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.EACCES) {
				e = e.WithHint("COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy.")
			}
			return "", e
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil {
			return "", pgerr.Newf(pgerr.CodeForFileAccess(err), "could not stat file \"%s\": %s", cs.Filename, pgerr.Strerror(err))
		} else if fi.IsDir() {
			return "", pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a directory", cs.Filename)
		} else {
			s.progressUpdate(progressCopyBytesTotal, fi.Size())
		}
		src, srcType = f, progressCopyTypeFile
	default:
		ce, ok := s.env.(CopyEnv)
		if !ok {
			return "", pgerr.New(pgerr.FeatureNotSupported, "COPY FROM STDIN is not supported in this session")
		}
		r, err := ce.CopyFromClient(opts.binary, len(attnums))
		if err != nil {
			return "", err
		}
		src, c.fromClient = r, true
	}
	s.progressUpdateMulti([]int{progressCopyCommand, progressCopyType}, []int64{progressCopyCommandFrom, srcType})
	c.progress = &progressReader{s: s, r: src}
	c.in = bufio.NewReaderSize(c.progress, 64<<10)
	if c.pipelineable() {
		c.startPipe(src)
	}
	n, err := c.load(st, cs, kind, where)
	c.stopPipe()
	if closeSrc != nil {
		if cerr := closeSrc(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return "", err
	}
	return "COPY " + strconv.FormatInt(n, 10), nil
}

// load checks the target, builds the INSERT plan and runs it over the
// rows read (CopyFrom).
func (c *copyFromState) load(st Statement, cs *pg_query.CopyStmt, kind byte, where expr.Expr) (int64, error) {
	s, t := c.s, c.t
	if c.opts.binary {
		// Read before the rows' error context is set up: its errors
		// have none.
		if err := c.readBinaryHeader(); err != nil {
			return 0, err
		}
	}
	switch kind {
	case 'r':
	case 'v':
		return 0, pgerr.Newf(pgerr.WrongObjectType, "cannot copy to view \"%s\"", t.Name).
			WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
	case 'm':
		return 0, pgerr.Newf(pgerr.WrongObjectType, "cannot copy to materialized view \"%s\"", t.Name)
	case 'S':
		return 0, pgerr.Newf(pgerr.WrongObjectType, "cannot copy to sequence \"%s\"", t.Name)
	default:
		return 0, pgerr.Newf(pgerr.WrongObjectType, "cannot copy to non-table relation \"%s\"", t.Name)
	}
	if c.opts.freeze {
		// Frozen rows are safe only in a file no other transaction can
		// see before this one commits.
		if !s.tx.RelFileNewInSubtransaction(t.Locator.Rel) {
			return 0, pgerr.New(pgerr.ObjectNotInPrerequisiteState, "cannot perform COPY FREEZE because the table was not created or truncated in the current subtransaction")
		}
		s.freezeRel = t.OID
	}

	// INSERT INTO t (columns) OVERRIDING SYSTEM VALUE VALUES ($1, ...):
	// COPY writes identity columns as given, like OVERRIDING SYSTEM
	// VALUE; the VALUES leaf is replaced by the copy's rows below.
	ins := &pg_query.InsertStmt{
		Relation: &pg_query.RangeVar{Schemaname: t.Schema, Relname: t.Name, Inh: true, Relpersistence: "p", Location: -1},
		Override: pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE,
	}
	paramTypes := make([]uint32, len(c.attnums))
	if len(c.attnums) > 0 {
		items := make([]*pg_query.Node, len(c.attnums))
		for j, a := range c.attnums {
			col := t.Columns[a]
			ins.Cols = append(ins.Cols, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Name: col.Name, Location: -1}}})
			items[j] = &pg_query.Node{Node: &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: int32(j + 1), Location: -1}}}
			// Placeholders only (the VALUES leaf is replaced): a
			// domain's base type will do, its checks are made as the
			// values are read.
			paramTypes[j] = types.DomainBase(col.TypeOID)
		}
		ins.SelectStmt = &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
			ValuesLists: []*pg_query.Node{{Node: &pg_query.Node_List{List: &pg_query.List{Items: items}}}},
			Op:          pg_query.SetOperation_SETOP_NONE,
		}}}
	}
	node := &pg_query.Node{Node: &pg_query.Node_InsertStmt{InsertStmt: ins}}
	q, _, err := analyze.AnalyzeFixed(catalogAdapter{s}, st.Query, node, paramTypes, s.formatOptions())
	if err != nil {
		return 0, err
	}
	q.Planner = s.plannerOptions()
	root := plan.Build(q)
	mt, ok := root.(*plan.ModifyTable)
	var proj *plan.Project
	if ok {
		proj, ok = mt.Input.(*plan.Project)
	}
	if !ok {
		return 0, pgerr.New(pgerr.InternalError, "unexpected plan for COPY FROM")
	}
	proj.Input = &plan.ExternalRows{Columns: len(c.attnums), Next: c.nextRow}
	if where != nil {
		mt.Input = &plan.Filter{Input: proj, Quals: []expr.Expr{where}}
	}
	batches, pgMulti := plan.CopyBulkInsertable(q, where)
	mt.Bulk = batches

	s.inheritEventQueue()
	s.readCid, s.pinnedCid = s.cid(), true
	n, err := exec.RunInstrumented(c.ec, catalogAdapter{s}, root, func([]types.Datum) error { return nil }, nil)
	if err != nil {
		if c.reported {
			return 0, err
		}
		if s.ctx.Err() != nil {
			err = expr.Canceled(s.ctx)
		}
		pe := pgerr.As(err)
		if pe != nil && pe.Severity == pgerr.SeverityFatal {
			return 0, err
		}
		if pgMulti && pe != nil && (pe.Code == pgerr.UniqueViolation || pe.Code == pgerr.ExclusionViolation) {
			// PostgreSQL inserts a buffered row's index entries when
			// it flushes the buffer, the line no longer at hand.
			c.lineValid = false
		}
		return 0, copyContext(err, c.contextLine())
	}
	s.commandEnd()
	// The foreign keys' checks run after the rows are in, outside the
	// line's context.
	if err := s.fireAfterEvents(); err != nil {
		return 0, err
	}
	return n, nil
}

// progressReader counts the bytes COPY FROM reads for its progress
// report.
type progressReader struct {
	s *sqlCtx
	r io.Reader
	n atomic.Int64
	// published, while the rows are read on a goroutine of their own
	// (copypipe.go), takes the count instead of the report, which the
	// inserting side makes.
	published *atomic.Int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		total := p.n.Add(int64(n))
		if p.published != nil {
			p.published.Store(total)
		} else {
			p.s.progressUpdate(progressCopyBytesProcessed, total)
		}
	}
	return n, err
}

// copyStored counts a row COPY FROM stored in its progress report.
func (s *sqlCtx) copyStored() {
	s.copyLoaded++
	s.progressUpdate(progressCopyTuplesProcessed, s.copyLoaded)
}

// contextLine is CopyFromErrorCallback's CONTEXT line.
func (c *copyFromState) contextLine() string {
	prefix := "COPY " + c.relname + ", line " + strconv.FormatInt(c.lineno, 10)
	if c.opts.binary {
		if c.curAtt != "" {
			return prefix + ", column " + c.curAtt
		}
		return prefix
	}
	switch {
	case c.curAtt != "" && !c.curNull:
		return prefix + ", column " + c.curAtt + ": \"" + limitPrintout(c.curVal) + "\""
	case c.curAtt != "":
		return prefix + ", column " + c.curAtt + ": null input"
	case c.lineValid:
		return prefix + ": \"" + limitPrintout(string(c.line)) + "\""
	}
	return prefix
}

// limitPrintout is limit_printout_length: at most 100 bytes, cut at a
// character boundary, with "..." when cut.
func limitPrintout(s string) string {
	if len(s) <= maxCopyDisplay {
		return s
	}
	n := maxCopyDisplay
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// nextRow is the ExternalRows source: the next row's values in the
// order of the copied columns, errors with their CONTEXT.
func (c *copyFromState) nextRow() ([]types.Datum, bool, error) {
	c.lineValid, c.curAtt = false, ""
	if c.rowsRead > c.s.copyLoaded {
		// The rows read and not stored were left out by WHERE.
		c.s.progressUpdate(progressCopyTuplesExcluded, c.rowsRead-c.s.copyLoaded)
	}
	var row []types.Datum
	var ok bool
	var err error
	switch {
	case c.opts.binary:
		row, ok, err = c.nextBinaryRow()
	case c.pipe != nil:
		var reported bool
		if row, ok, reported, err = c.nextPipedRow(); reported {
			c.reported = true
			return nil, false, err
		}
	default:
		row, ok, err = c.nextTextRow()
	}
	if err != nil {
		pe := pgerr.As(err)
		if pe != nil && pe.Severity == pgerr.SeverityFatal {
			return nil, false, err
		}
		// load must not annotate it again.
		c.reported = true
		return nil, false, copyContext(err, c.contextLine())
	}
	c.curAtt = ""
	if ok {
		c.rowsRead++
	}
	return row, ok, nil
}

// nextTextRow reads and converts one text or CSV line
// (NextCopyFromRawFields and NextCopyFrom).
func (c *copyFromState) nextTextRow() ([]types.Datum, bool, error) {
	if c.done {
		return nil, false, nil
	}
	if c.lineno == 0 && c.opts.header != headerOff {
		c.lineno++
		eof, err := c.readLine()
		if err != nil {
			return nil, false, err
		}
		c.lineValid = true
		if c.opts.header == headerMatch {
			if err := c.matchHeader(); err != nil {
				return nil, false, err
			}
		}
		if eof {
			return nil, false, c.finish()
		}
	}
	c.lineno++
	eof, err := c.readLine()
	if err != nil {
		return nil, false, err
	}
	if eof && len(c.line) == 0 {
		return nil, false, c.finish()
	}
	if eof {
		// The last line had no newline: processed, then the end.
		c.done = true
	}
	c.lineValid = true
	if err := c.splitLine(); err != nil {
		return nil, false, err
	}
	if len(c.fields) > len(c.attnums) {
		return nil, false, pgerr.New(pgerr.BadCopyFileFormat, "extra data after last expected column")
	}
	row := c.newRow(len(c.attnums))
	for j := range c.attnums {
		in := &c.inputs[j]
		if j >= len(c.fields) {
			c.curAtt = ""
			return nil, false, pgerr.Newf(pgerr.BadCopyFileFormat, "missing data for column \"%s\"", in.name)
		}
		f := c.fields[j]
		if c.opts.csv {
			if f.null && c.forceNotNull[j] {
				f = copyField{val: c.opts.null}
			} else if !f.null && c.forceNull[j] && f.val == c.opts.null {
				f.null = true
			}
		}
		c.curAtt, c.curVal, c.curNull = in.name, f.val, f.null
		var err error
		if row[j], err = c.convertText(in, f); err != nil {
			return nil, false, err
		}
	}
	c.curAtt = ""
	return row, true, nil
}

// finish ends the input: data after the end-of-data marker is read and
// ignored (the client's remaining CopyData).
func (c *copyFromState) finish() error {
	c.done = true
	if c.sawMarker && c.fromClient {
		if _, err := io.Copy(io.Discard, c.in); err != nil {
			return err
		}
	}
	return nil
}

// convertText applies a column's input function to a field.
func (c *copyFromState) convertText(in *columnInput, f copyField) (types.Datum, error) {
	v := types.Null
	if !f.null {
		var err error
		if v, err = types.ParseText(in.typ, in.mod, f.val, c.format); err != nil {
			return types.Null, err
		}
	}
	if in.domain != nil {
		return in.domain(c.ec, []types.Datum{v})
	}
	return v, nil
}

// matchHeader checks HEADER MATCH's line against the copied columns'
// names.
func (c *copyFromState) matchHeader() error {
	if err := c.splitLine(); err != nil {
		return err
	}
	if len(c.fields) != len(c.attnums) {
		return pgerr.Newf(pgerr.BadCopyFileFormat, "wrong number of fields in header line: got %d, expected %d", len(c.fields), len(c.attnums))
	}
	for j, a := range c.attnums {
		name := c.t.Columns[a].Name
		f := c.fields[j]
		if f.null {
			return pgerr.Newf(pgerr.BadCopyFileFormat, "column name mismatch in header line field %d: got null value (\"%s\"), expected \"%s\"", j+1, c.opts.null, name)
		}
		if f.val != name {
			return pgerr.Newf(pgerr.BadCopyFileFormat, "column name mismatch in header line field %d: got \"%s\", expected \"%s\"", j+1, f.val, name)
		}
	}
	return nil
}

// readByte reads one byte of input, checking for interrupts between
// buffer fills; io.EOF at the end.
func (c *copyFromState) readByte() (byte, error) {
	if c.in.Buffered() == 0 {
		if err := c.ec.CheckCancel(); err != nil {
			return 0, err
		}
	}
	return c.in.ReadByte()
}

// peekByte looks at the byte at offset n ahead, ok false at the end.
func (c *copyFromState) peekByte(n int) (byte, bool, error) {
	b, err := c.in.Peek(n + 1)
	if len(b) > n {
		return b[n], true, nil
	}
	if err == io.EOF || err == nil {
		return 0, false, nil
	}
	return 0, false, err
}

func (c *copyFromState) appendLine(b byte) error {
	if len(c.line) >= maxCopyLine {
		return pgerr.New(pgerr.ProgramLimitExceeded, "out of memory").
			WithDetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.", len(c.line), 1)
	}
	c.line = append(c.line, b)
	return nil
}

// readLine reads the next line into c.line without its end-of-line
// (CopyReadLine and CopyReadLineText): the first line decides the
// end-of-line style, a backslash in text mode (or a quote in CSV mode)
// keeps a newline inside the line, and \. ends the data. eof reports the
// end of the input; the line may still hold a last line without a
// newline.
func (c *copyFromState) readLine() (eof bool, err error) {
	c.line = c.line[:0]
	csv := c.opts.csv
	var quote, escape byte
	if csv {
		quote, escape = c.opts.quote, c.opts.escape
		// An escape that is the quote needs no tracking: the quote
		// toggles.
		if escape == quote {
			escape = 0
		}
	}
	inQuote, lastWasEsc, first := false, false, true
	for {
		if !csv {
			c.plainTextRun()
		}
		b, err := c.readByte()
		if err == io.EOF {
			return true, c.checkEncoding()
		}
		if err != nil {
			return false, err
		}
		if csv {
			if inQuote && b == escape {
				lastWasEsc = !lastWasEsc
			}
			if b == quote && !lastWasEsc {
				inQuote = !inQuote
			}
			if b != escape {
				lastWasEsc = false
			}
			nl := byte('\r')
			if c.eol == eolNL {
				nl = '\n'
			}
			if inQuote && b == nl {
				c.lineno++
			}
		}
		if b == '\r' && (!csv || !inQuote) {
			switch c.eol {
			case eolUnknown, eolCRNL:
				next, ok, err := c.peekByte(0)
				if err != nil {
					return false, err
				}
				if ok && next == '\n' {
					c.in.ReadByte()
					c.eol = eolCRNL
				} else {
					if c.eol == eolCRNL {
						return false, errLiteralCR(csv)
					}
					c.eol = eolCR
				}
			case eolNL:
				return false, errLiteralCR(csv)
			}
			return false, c.checkEncoding()
		}
		if b == '\n' && (!csv || !inQuote) {
			if c.eol == eolCR || c.eol == eolCRNL {
				if csv {
					return false, pgerr.New(pgerr.BadCopyFileFormat, "unquoted newline found in data").WithHint("Use quoted CSV field to represent newline.")
				}
				return false, pgerr.New(pgerr.BadCopyFileFormat, "literal newline found in data").WithHint("Use \"\\n\" to represent newline.")
			}
			c.eol = eolNL
			return false, c.checkEncoding()
		}
		if b == '\\' && (!csv || first) {
			next, ok, err := c.peekByte(0)
			if err != nil {
				return false, err
			}
			if !ok {
				if err := c.appendLine(b); err != nil {
					return false, err
				}
				return true, c.checkEncoding()
			}
			if next == '.' {
				marker, err := c.endMarker()
				if err != nil {
					return false, err
				}
				if marker {
					c.sawMarker = true
					return true, c.checkEncoding()
				}
			} else if !csv {
				// A backslash quotes the next character, even a newline.
				c.in.ReadByte()
				if err := c.appendLine(b); err != nil {
					return false, err
				}
				b = next
			}
		}
		if err := c.appendLine(b); err != nil {
			return false, err
		}
		first = false
	}
}

// plainTextRun moves the buffered input up to the next byte a
// text-format line must look at (carriage return, newline, backslash)
// to c.line at once: most of a line is plain bytes, which readLine would
// otherwise take one by one. A run that would pass maxCopyLine is left
// to the byte loop, which reports it.
func (c *copyFromState) plainTextRun() {
	buf, _ := c.in.Peek(c.in.Buffered())
	n := 0
	for n < len(buf) {
		if b := buf[n]; b == '\n' || b == '\r' || b == '\\' {
			break
		}
		n++
	}
	if n == 0 || len(c.line)+n > maxCopyLine {
		return
	}
	c.line = append(c.line, buf[:n]...)
	c.in.Discard(n)
}

// endMarker decides whether the backslash just read starts the
// end-of-data marker \. (the '.' is the next byte); in text mode
// anything else after \. is an error. On a marker it consumes it.
func (c *copyFromState) endMarker() (bool, error) {
	csv := c.opts.csv
	off := 1
	if c.eol == eolCRNL {
		c2, _, err := c.peekByte(off)
		if err != nil {
			return false, err
		}
		if c2 == '\n' {
			if !csv {
				return false, errMarkerNewlineStyle()
			}
			return false, nil
		}
		if c2 != '\r' {
			if !csv {
				return false, errMarkerCorrupt()
			}
			return false, nil
		}
		off++
	}
	c2, _, err := c.peekByte(off)
	if err != nil {
		return false, err
	}
	if c2 != '\r' && c2 != '\n' {
		if !csv {
			return false, errMarkerCorrupt()
		}
		return false, nil
	}
	if c.eol == eolNL && c2 != '\n' || c.eol == eolCRNL && c2 != '\n' || c.eol == eolCR && c2 != '\r' {
		return false, errMarkerNewlineStyle()
	}
	c.in.Discard(off + 1)
	return true, nil
}

func errMarkerCorrupt() error {
	return pgerr.New(pgerr.BadCopyFileFormat, "end-of-copy marker corrupt")
}

func errMarkerNewlineStyle() error {
	return pgerr.New(pgerr.BadCopyFileFormat, "end-of-copy marker does not match previous newline style")
}

func errLiteralCR(csv bool) error {
	if csv {
		return pgerr.New(pgerr.BadCopyFileFormat, "unquoted carriage return found in data").WithHint("Use quoted CSV field to represent carriage return.")
	}
	return pgerr.New(pgerr.BadCopyFileFormat, "literal carriage return found in data").WithHint("Use \"\\r\" to represent carriage return.")
}

// checkEncoding converts the line read from the ENCODING option's
// encoding, if any, and verifies that it is valid UTF8 (the input's
// check); the error names the line, not its text. The line's structure
// (newlines, delimiters, quotes, backslashes) is ASCII in every
// encoding converted, so it was found in the raw bytes as PostgreSQL
// finds it after converting.
func (c *copyFromState) checkEncoding() error {
	if c.opts.encoding != nil {
		b, err := mb.ToServer(c.line, c.opts.encoding)
		if err != nil {
			return err
		}
		c.line = append(c.line[:0], b...)
	}
	if utf8.Valid(c.line) && bytes.IndexByte(c.line, 0) < 0 {
		return nil
	}
	return types.CheckUTF8(string(c.line))
}

// splitLine splits c.line into c.fields (CopyReadAttributesText or
// CopyReadAttributesCSV).
func (c *copyFromState) splitLine() error {
	c.fields = c.fields[:0]
	if len(c.attnums) == 0 {
		if len(c.line) != 0 {
			return pgerr.New(pgerr.BadCopyFileFormat, "extra data after last expected column")
		}
		return nil
	}
	if c.opts.csv {
		return c.splitCSV()
	}
	return c.splitText()
}

// splitText splits a text-format line at the delimiter, reading the
// backslash escapes; a field whose raw text is the NULL string is NULL.
func (c *copyFromState) splitText() error {
	line, delim, null := c.line, c.opts.delim, c.opts.null
	pos := 0
	// Every field's bytes go to buf one after another, which becomes one
	// string for the whole line (lineString), not one per field.
	c.buf = c.buf[:0]
	c.spans = c.spans[:0]
	for {
		start := pos
		bufStart := len(c.buf)
		foundDelim, sawNonASCII := false, false
		end := pos
		for {
			// The bytes up to the next delimiter or backslash are copied
			// as they are, at once.
			run := pos
			for run < len(line) && line[run] != delim && line[run] != '\\' {
				run++
			}
			c.buf = append(c.buf, line[pos:run]...)
			pos = run
			end = pos
			if pos >= len(line) {
				break
			}
			b := line[pos]
			pos++
			if b == delim {
				foundDelim = true
				break
			}
			if b == '\\' {
				if pos >= len(line) {
					end = pos
					break
				}
				b = line[pos]
				pos++
				switch {
				case b >= '0' && b <= '7':
					v := int(b - '0')
					for k := 0; k < 2 && pos < len(line) && line[pos] >= '0' && line[pos] <= '7'; k++ {
						v = v<<3 + int(line[pos]-'0')
						pos++
					}
					b = byte(v & 0xff)
					if b == 0 || b >= 0x80 {
						sawNonASCII = true
					}
				case b == 'x':
					if pos < len(line) && isHexDigit(line[pos]) {
						v := hexValue(line[pos])
						pos++
						if pos < len(line) && isHexDigit(line[pos]) {
							v = v<<4 + hexValue(line[pos])
							pos++
						}
						b = byte(v & 0xff)
						if b == 0 || b >= 0x80 {
							sawNonASCII = true
						}
					}
				case b == 'b':
					b = '\b'
				case b == 'f':
					b = '\f'
				case b == 'n':
					b = '\n'
				case b == 'r':
					b = '\r'
				case b == 't':
					b = '\t'
				case b == 'v':
					b = '\v'
				}
			}
			c.buf = append(c.buf, b)
		}
		raw := line[start:end]
		c.spans = append(c.spans, fieldSpan{start: bufStart, end: len(c.buf), null: string(raw) == null, nonASCII: sawNonASCII})
		if !foundDelim {
			break
		}
	}
	all := c.lineString(c.buf)
	for _, sp := range c.spans {
		if sp.null {
			c.fields = append(c.fields, copyField{null: true})
			continue
		}
		v := all[sp.start:sp.end]
		if sp.nonASCII {
			if err := types.CheckUTF8(v); err != nil {
				return err
			}
		}
		c.fields = append(c.fields, copyField{val: v})
	}
	return nil
}

// lineString is string(b), cut from a chunk shared by many lines rather
// than allocated for each. A chunk's bytes are never written again once
// a string refers to them (a full chunk is replaced, not reused), so the
// strings stay immutable; a chunk lives as long as any value cut from it.
func (c *copyFromState) lineString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > lineChunkSize/4 {
		return string(b)
	}
	if cap(c.lineChunk)-len(c.lineChunk) < len(b) {
		c.lineChunk = make([]byte, 0, lineChunkSize)
	}
	start := len(c.lineChunk)
	c.lineChunk = append(c.lineChunk, b...)
	return unsafe.String(&c.lineChunk[start], len(b))
}

// lineChunkSize is the size of lineString's chunks; longer lines (above
// a quarter of it) get strings of their own.
const lineChunkSize = 32 << 10

func isHexDigit(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}

func hexValue(b byte) int {
	switch {
	case b >= '0' && b <= '9':
		return int(b - '0')
	case b >= 'a' && b <= 'f':
		return int(b-'a') + 10
	}
	return int(b-'A') + 10
}

// splitCSV splits a CSV line: quoted parts may hold the delimiter, the
// escape character doubles a quote or itself inside quotes, and only an
// unquoted field equal to the NULL string is NULL.
func (c *copyFromState) splitCSV() error {
	line, delim, quote, escape, null := c.line, c.opts.delim, c.opts.quote, c.opts.escape, c.opts.null
	pos := 0
	for {
		start := pos
		end := pos
		c.buf = c.buf[:0]
		foundDelim, sawQuote := false, false
	field:
		for {
			// Outside quotes.
			for {
				end = pos
				if pos >= len(line) {
					break field
				}
				b := line[pos]
				pos++
				if b == delim {
					foundDelim = true
					break field
				}
				if b == quote {
					sawQuote = true
					break
				}
				c.buf = append(c.buf, b)
			}
			// Inside quotes.
			for {
				end = pos
				if pos >= len(line) {
					return pgerr.New(pgerr.BadCopyFileFormat, "unterminated CSV quoted field")
				}
				b := line[pos]
				pos++
				if b == escape && pos < len(line) && (line[pos] == escape || line[pos] == quote) {
					c.buf = append(c.buf, line[pos])
					pos++
					continue
				}
				if b == quote {
					break
				}
				c.buf = append(c.buf, b)
			}
		}
		if !sawQuote && string(line[start:end]) == null {
			c.fields = append(c.fields, copyField{null: true})
		} else {
			c.fields = append(c.fields, copyField{val: string(c.buf)})
		}
		if !foundDelim {
			return nil
		}
	}
}

// readFull reads exactly len(p) bytes, checking for interrupts between
// buffer fills; n < len(p) at the end of the input.
func (c *copyFromState) readFull(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if err := c.ec.CheckCancel(); err != nil {
			return n, err
		}
		m, err := c.in.Read(p[n:])
		n += m
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// readBinaryHeader reads and checks the binary format's header
// (ReceiveCopyBinaryHeader).
func (c *copyFromState) readBinaryHeader() error {
	var sig [11]byte
	if n, err := c.readFull(sig[:]); err != nil {
		return err
	} else if n != len(sig) || !bytes.Equal(sig[:], copyBinarySignature) {
		return pgerr.New(pgerr.BadCopyFileFormat, "COPY file signature not recognized")
	}
	var word [4]byte
	if n, err := c.readFull(word[:]); err != nil {
		return err
	} else if n != 4 {
		return pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (missing flags)")
	}
	flags := binary.BigEndian.Uint32(word[:])
	if flags&(1<<16) != 0 {
		return pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (WITH OIDS)")
	}
	if (flags&^(1<<16))>>16 != 0 {
		return pgerr.New(pgerr.BadCopyFileFormat, "unrecognized critical flags in COPY file header")
	}
	if n, err := c.readFull(word[:]); err != nil {
		return err
	} else if n != 4 || int32(binary.BigEndian.Uint32(word[:])) < 0 {
		return pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (missing length)")
	}
	ext := int64(int32(binary.BigEndian.Uint32(word[:])))
	if got, err := io.CopyN(io.Discard, c.in, ext); err != nil && err != io.EOF {
		return err
	} else if got != ext {
		return pgerr.New(pgerr.BadCopyFileFormat, "invalid COPY file header (wrong length)")
	}
	return nil
}

// nextBinaryRow reads one binary tuple: a field count, then each field's
// length (-1 for NULL) and bytes, read by its type's receive function.
func (c *copyFromState) nextBinaryRow() ([]types.Datum, bool, error) {
	if c.done {
		return nil, false, nil
	}
	c.lineno++
	var word [4]byte
	n, err := c.readFull(word[:2])
	if err != nil {
		return nil, false, err
	}
	if n != 2 {
		c.done = true
		return nil, false, nil
	}
	count := int16(binary.BigEndian.Uint16(word[:2]))
	if count == -1 {
		// The trailer: nothing may follow it.
		c.done = true
		var one [1]byte
		if n, err := c.readFull(one[:]); err != nil {
			return nil, false, err
		} else if n > 0 {
			return nil, false, pgerr.New(pgerr.BadCopyFileFormat, "received copy data after EOF marker")
		}
		return nil, false, nil
	}
	if int(count) != len(c.attnums) {
		return nil, false, pgerr.Newf(pgerr.BadCopyFileFormat, "row field count is %d, expected %d", count, len(c.attnums))
	}
	row := make([]types.Datum, len(c.attnums))
	for j := range c.attnums {
		in := &c.inputs[j]
		c.curAtt = in.name
		if n, err := c.readFull(word[:]); err != nil {
			return nil, false, err
		} else if n != 4 {
			return nil, false, pgerr.New(pgerr.BadCopyFileFormat, "unexpected EOF in COPY data")
		}
		size := int32(binary.BigEndian.Uint32(word[:]))
		v := types.Null
		switch {
		case size == -1:
		case size < 0:
			return nil, false, pgerr.New(pgerr.BadCopyFileFormat, "invalid field size")
		default:
			if int(size) > maxCopyLine {
				return nil, false, pgerr.New(pgerr.ProgramLimitExceeded, "out of memory").
					WithDetail("Cannot enlarge string buffer containing 0 bytes by %d more bytes.", size)
			}
			// Read in pieces: a field's declared size is not trusted
			// with memory until its bytes arrive.
			c.buf = c.buf[:0]
			for remaining := int(size); remaining > 0; {
				chunk := min(remaining, 1<<20)
				off := len(c.buf)
				c.buf = append(c.buf, make([]byte, chunk)...)
				got, err := c.readFull(c.buf[off:])
				if err != nil {
					return nil, false, err
				}
				if got != chunk {
					return nil, false, pgerr.New(pgerr.BadCopyFileFormat, "unexpected EOF in COPY data")
				}
				remaining -= chunk
			}
			raw := c.buf
			if enc := c.opts.binaryTextEncoding; enc != nil {
				if raw, err = mb.TranscodeBinary(in.typ, raw, c.format.UserTypes,
					func(b []byte) ([]byte, error) { return mb.ToServer(b, enc) }); err != nil {
					return nil, false, err
				}
			}
			if v, err = types.ParseBinaryUser(in.typ, in.mod, raw, c.format.UserTypes); err != nil {
				return nil, false, err
			}
		}
		if in.domain != nil {
			if v, err = in.domain(c.ec, []types.Datum{v}); err != nil {
				return nil, false, err
			}
		}
		row[j] = v
	}
	c.curAtt = ""
	return row, true, nil
}
