// This file is COPY TO (PostgreSQL's copyto.c): a table's columns, or a
// query's result, written in text, CSV or binary format to the client, a
// file or a program. A table is read through a SELECT of its columns
// planned like any other; a query is planned as it would be on its own.

package sql

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	pg_query "github.com/gpostgres/gpostgres/lib/sql/pgtree"

	"github.com/gpostgres/gpostgres/lib/mb"
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/pgstat"
	"github.com/gpostgres/gpostgres/lib/sql/parser"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// copyToState formats the rows of one COPY TO.
type copyToState struct {
	s    *sqlCtx
	opts *copyOptions
	// written counts the bytes written, for the progress report.
	written int64
	// types are the copied columns' types, forceQuote by position.
	types      []uint32
	names      []string
	forceQuote []bool
	format     *types.FormatOptions
	buf        []byte
	w          io.Writer
}

// copyTableTo runs COPY table TO: the table's columns read by a SELECT.
func (s *sqlCtx) copyTableTo(st Statement, cs *pg_query.CopyStmt, t *plan.Table, kind byte, pos func(int32) int32) (string, error) {
	switch kind {
	case 'r':
	case 'v':
		return "", pgerr.Newf(pgerr.WrongObjectType, "cannot copy from view \"%s\"", t.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	case 'm':
		return "", pgerr.Newf(pgerr.WrongObjectType, "cannot copy from materialized view \"%s\"", t.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	case 'S':
		return "", pgerr.Newf(pgerr.WrongObjectType, "cannot copy from sequence \"%s\"", t.Name)
	default:
		return "", pgerr.Newf(pgerr.WrongObjectType, "cannot copy from non-table relation \"%s\"", t.Name)
	}
	opts, err := processCopyOptions(cs.Options, false, pos)
	if err == nil {
		err = s.defaultCopyEncoding(opts)
	}
	if err != nil {
		return "", err
	}
	attnums, err := copyAttnums(t, nil, attlistNames(cs.Attlist))
	if err != nil {
		return "", err
	}
	c := &copyToState{opts: opts, format: s.formatOptions()}
	if c.forceQuote, err = c.forceQuoteFlags(t, nil, attnums); err != nil {
		return "", err
	}
	// SELECT columns FROM ONLY schema.table
	sel := &pg_query.SelectStmt{Op: pg_query.SetOperation_SETOP_NONE}
	for _, a := range attnums {
		col := t.Columns[a]
		c.types = append(c.types, col.TypeOID)
		c.names = append(c.names, col.Name)
		ref := &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
			Fields: []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: col.Name}}}}, Location: -1}}}
		sel.TargetList = append(sel.TargetList, &pg_query.Node{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: ref, Location: -1}}})
	}
	sel.FromClause = []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: &pg_query.RangeVar{
		Schemaname: t.Schema, Relname: t.Name, Inh: false, Relpersistence: "p", Location: -1}}}}
	p, err := prepareRoutine(s.env, st.Inner(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}), nil, true, nil)
	if err != nil {
		return "", err
	}
	return s.copyOut(cs, c, p, nil, t.OID)
}

// copyQueryTo runs COPY (query) TO.
func (s *sqlCtx) copyQueryTo(st Statement, cs *pg_query.CopyStmt, pos func(int32) int32) (string, error) {
	opts, err := processCopyOptions(cs.Options, false, pos)
	if err == nil {
		err = s.defaultCopyEncoding(opts)
	}
	if err != nil {
		return "", err
	}
	q := cs.Query
	if sel := q.GetSelectStmt(); sel != nil && sel.IntoClause != nil {
		return "", pgerr.New(pgerr.FeatureNotSupported, "COPY (SELECT INTO) is not supported")
	}
	var returning []*pg_query.Node
	modifying := true
	switch n := q.GetNode().(type) {
	case *pg_query.Node_InsertStmt:
		returning = n.InsertStmt.ReturningList
	case *pg_query.Node_UpdateStmt:
		returning = n.UpdateStmt.ReturningList
	case *pg_query.Node_DeleteStmt:
		returning = n.DeleteStmt.ReturningList
	case *pg_query.Node_SelectStmt:
		modifying = false
	case *pg_query.Node_MergeStmt:
		// PostgreSQL 15's grammar takes MERGE here only to refuse it.
		return "", pgerr.New(pgerr.FeatureNotSupported, "MERGE not supported in COPY")
	default:
		return "", pgerr.Newf(pgerr.FeatureNotSupported, "COPY of a %s query is not supported", parser.CommandTag(q))
	}
	p, err := prepareRoutine(s.env, st.Inner(q), nil, true, nil)
	if err != nil {
		return "", err
	}
	if modifying && len(returning) == 0 {
		return "", pgerr.New(pgerr.FeatureNotSupported, "COPY query must have a RETURNING clause")
	}
	cols := p.Columns()
	attnums, err := copyAttnums(nil, cols, nil)
	if err != nil {
		return "", err
	}
	c := &copyToState{opts: opts, format: s.formatOptions()}
	if c.forceQuote, err = c.forceQuoteFlags(nil, cols, attnums); err != nil {
		return "", err
	}
	for _, col := range cols {
		c.types = append(c.types, col.TypeOID)
		c.names = append(c.names, col.Name)
	}
	return s.copyOut(cs, c, p, attnums, 0)
}

// forceQuoteFlags are FORCE_QUOTE's columns by position.
func (c *copyToState) forceQuoteFlags(t *plan.Table, cols []plan.Column, attnums []int) ([]bool, error) {
	if c.opts.forceQuoteAll {
		flags := make([]bool, len(attnums))
		for i := range flags {
			flags[i] = true
		}
		return flags, nil
	}
	return forceFlags(t, cols, attnums, c.opts.forceQuote, "FORCE_QUOTE")
}

// copyOut opens COPY TO's destination, runs the plan and writes its rows
// (DoCopyTo). attnums picks the plan's columns to write, nil for all.
func (s *sqlCtx) copyOut(cs *pg_query.CopyStmt, c *copyToState, p *Plan, attnums []int, relid uint32) (string, error) {
	var done func() error
	s.progressStart(pgstat.ProgressCopy, relid)
	defer s.progressEnd()
	c.s = s
	dstType := int64(progressCopyTypePipe)
	switch {
	case cs.IsProgram:
		dstType = progressCopyTypeProgram
		cmd, _, w, err := s.copyProgram(cs.Filename, false)
		if err != nil {
			return "", err
		}
		bw := bufio.NewWriterSize(copyFileWriter{w: w, what: "program"}, 64<<10)
		c.w = bw
		done = func() error {
			err := bw.Flush()
			w.Close()
			if err != nil {
				cmd.Wait()
				return err
			}
			return programExitError(cs.Filename, cmd.Wait())
		}
		defer func() {
			if done != nil {
				w.Close()
				cmd.Wait()
			}
		}()
	case cs.Filename != "":
		if !filepath.IsAbs(cs.Filename) {
			return "", pgerr.New(pgerr.InvalidName, "relative path not allowed for COPY to file")
		}
		f, err := os.OpenFile(cs.Filename, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			e := pgerr.Newf(pgerr.CodeForFileAccess(err), "could not open file \"%s\" for writing: %s", cs.Filename, pgerr.Strerror(err))
			if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.EACCES) {
				e = e.WithHint("COPY TO instructs the PostgreSQL server process to write a file. You may want a client-side facility such as psql's \\copy.")
			}
			if errors.Is(err, syscall.EISDIR) {
				e = pgerr.Newf(pgerr.WrongObjectType, "\"%s\" is a directory", cs.Filename)
			}
			return "", e
		}
		defer f.Close()
		dstType = progressCopyTypeFile
		bw := bufio.NewWriterSize(copyFileWriter{w: f, what: "file"}, 64<<10)
		c.w = bw
		done = func() error {
			if err := bw.Flush(); err != nil {
				return err
			}
			if err := f.Close(); err != nil {
				return pgerr.Newf(pgerr.CodeForFileAccess(err), "could not close file \"%s\": %s", cs.Filename, pgerr.Strerror(err))
			}
			return nil
		}
	default:
		ce, ok := s.env.(CopyEnv)
		if !ok {
			return "", pgerr.New(pgerr.FeatureNotSupported, "COPY TO STDOUT is not supported in this session")
		}
		ncols := len(c.types)
		if attnums != nil {
			ncols = len(attnums)
		}
		out, err := ce.CopyToClient(c.opts.binary, ncols)
		if err != nil {
			return "", err
		}
		c.w = out
		done = out.Done
	}
	s.progressUpdateMulti([]int{progressCopyCommand, progressCopyType}, []int64{progressCopyCommandTo, dstType})
	if err := c.start(attnums); err != nil {
		return "", err
	}
	st, _, err := p.choosePlan(s, nil)
	if err != nil {
		return "", err
	}
	var n int64
	_, err = s.runPlan(st, nil, func(row []types.Datum) error {
		n++
		if err := c.row(row, attnums); err != nil {
			return err
		}
		s.progressUpdate(progressCopyTuplesProcessed, n)
		return nil
	}, nil)
	if err != nil {
		return "", err
	}
	if c.opts.binary {
		// The trailer: a field count of -1.
		c.buf = append(c.buf[:0], 0xff, 0xff)
		if err := c.write(); err != nil {
			return "", err
		}
	}
	d := done
	done = nil
	if err := d(); err != nil {
		return "", err
	}
	return "COPY " + strconv.FormatInt(n, 10), nil
}

// copyFileWriter reports a failed write to COPY's file or program
// with PostgreSQL's message.
type copyFileWriter struct {
	w    io.Writer
	what string
}

func (f copyFileWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		return n, pgerr.Newf(pgerr.CodeForFileAccess(err), "could not write to COPY %s: %s", f.what, pgerr.Strerror(err))
	}
	return n, nil
}

// start writes the binary header or the header line.
func (c *copyToState) start(attnums []int) error {
	if c.opts.binary {
		c.buf = append(append(c.buf[:0], copyBinarySignature...), 0, 0, 0, 0, 0, 0, 0, 0)
		return c.write()
	}
	if c.opts.header == headerOff {
		return nil
	}
	c.buf = c.buf[:0]
	idx := c.columns(attnums)
	for j, i := range idx {
		if j > 0 {
			c.buf = append(c.buf, c.opts.delim)
		}
		if c.opts.csv {
			c.buf = c.appendCSV(c.buf, c.names[i], false, len(idx) == 1)
		} else {
			c.buf = c.appendText(c.buf, c.names[i])
		}
	}
	c.buf = append(c.buf, '\n')
	return c.write()
}

// write sends c.buf, converted to the ENCODING option's encoding when
// there is one (text and CSV only: binary values are never converted).
func (c *copyToState) write() error {
	out := c.buf
	if c.opts.encoding != nil && !c.opts.binary {
		var err error
		if out, err = mb.FromServer(c.buf, c.opts.encoding); err != nil {
			return err
		}
	}
	_, err := c.w.Write(out)
	c.written += int64(len(out))
	c.s.progressUpdate(progressCopyBytesProcessed, c.written)
	return err
}

// columns are the indexes of the columns written.
func (c *copyToState) columns(attnums []int) []int {
	if attnums != nil {
		return attnums
	}
	idx := make([]int, len(c.types))
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// row writes one row (CopyOneRowTo) as one write: one CopyData message
// to the client, as PostgreSQL sends it.
func (c *copyToState) row(vals []types.Datum, attnums []int) error {
	c.buf = c.buf[:0]
	n := len(vals)
	if attnums != nil {
		n = len(attnums)
	}
	if c.opts.binary {
		c.buf = binary.BigEndian.AppendUint16(c.buf, uint16(n))
	}
	for j := 0; j < n; j++ {
		i := j
		if attnums != nil {
			i = attnums[j]
		}
		d := vals[i]
		if c.opts.binary {
			if d.IsNull() {
				c.buf = binary.BigEndian.AppendUint32(c.buf, 0xffffffff)
				continue
			}
			at := len(c.buf)
			c.buf = append(c.buf, 0, 0, 0, 0)
			var err error
			if c.buf, err = types.AppendBinary(c.buf, c.types[i], d); err != nil {
				return err
			}
			if enc := c.opts.binaryTextEncoding; enc != nil {
				v, err := mb.TranscodeBinary(c.types[i], c.buf[at+4:], c.format.UserTypes,
					func(b []byte) ([]byte, error) { return mb.FromServer(b, enc) })
				if err != nil {
					return err
				}
				c.buf = append(c.buf[:at+4], v...)
			}
			binary.BigEndian.PutUint32(c.buf[at:], uint32(len(c.buf)-at-4))
			continue
		}
		if j > 0 {
			c.buf = append(c.buf, c.opts.delim)
		}
		if d.IsNull() {
			c.buf = append(c.buf, c.opts.null...)
			continue
		}
		text := types.FormatText(c.types[i], d, c.format)
		if c.opts.csv {
			c.buf = c.appendCSV(c.buf, text, c.forceQuote[j], n == 1)
		} else {
			c.buf = c.appendText(c.buf, text)
		}
	}
	if !c.opts.binary {
		c.buf = append(c.buf, '\n')
	}
	return c.write()
}

// appendText is CopyAttributeOutText: backslash, the delimiter and the
// control characters that have a letter escape are escaped.
func (c *copyToState) appendText(dst []byte, s string) []byte {
	delim := c.opts.delim
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x20 {
			var esc byte
			switch b {
			case '\b':
				esc = 'b'
			case '\f':
				esc = 'f'
			case '\n':
				esc = 'n'
			case '\r':
				esc = 'r'
			case '\t':
				esc = 't'
			case '\v':
				esc = 'v'
			default:
				if b == delim {
					esc = b
				}
			}
			if esc != 0 {
				dst = append(dst, '\\', esc)
				continue
			}
		} else if b == '\\' || b == delim {
			dst = append(dst, '\\')
		}
		dst = append(dst, b)
	}
	return dst
}

// appendCSV is CopyAttributeOutCSV: the value is quoted when asked, when
// it equals the NULL string, when it holds the delimiter, the quote, a
// newline or a carriage return, or when it is \. alone on a line; inside
// quotes the quote and escape characters are escaped.
func (c *copyToState) appendCSV(dst []byte, s string, quote, single bool) []byte {
	delim, q, esc := c.opts.delim, c.opts.quote, c.opts.escape
	if !quote && s == c.opts.null {
		quote = true
	}
	if !quote {
		if single && s == "\\." {
			quote = true
		} else {
			for i := 0; i < len(s); i++ {
				if b := s[i]; b == delim || b == q || b == '\n' || b == '\r' {
					quote = true
					break
				}
			}
		}
	}
	if !quote {
		return append(dst, s...)
	}
	dst = append(dst, q)
	for i := 0; i < len(s); i++ {
		if b := s[i]; b == q || b == esc {
			dst = append(dst, esc)
		}
		dst = append(dst, s[i])
	}
	return append(dst, q)
}
