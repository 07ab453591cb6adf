// This file reads and parses COPY FROM's text and CSV input on a
// goroutine of its own, ahead of the rows' insertion: the backend's one
// process then reads the client's data, splits lines and converts fields
// on one core while it stores the rows on another. PostgreSQL's backend
// does both in turn; the rows, their order, their errors and the CONTEXT
// lines are the same either way.
//
// The reader works on a copy of the copyFromState (its own line, field
// and value buffers) and hands the rows over in batches, each row with
// its line number and line text, so that the inserting side can name the
// line of a row that fails there (a NOT NULL or CHECK violation, a
// duplicate key) as it names it without the reader. An error the reader
// meets ends the batches; it carries its CONTEXT already, made from the
// reader's state.
//
// Only what is safe on another goroutine runs there: the input (the
// client's CopyData through the session's copy reader, a file or a
// program), line splitting and the input functions of built-in types
// that read nothing but their text and the format options (numbers,
// text, bytea, uuid, json). A column of another type (dates and times,
// whose parsing reads time zone data; reg* and user types, which look at
// the catalogs) or a domain (its checks evaluate expressions), and the
// binary format, keep the reading in line with the insertion. The
// progress report's byte count is published by the reader and reported
// by the inserting side, and the wait for the client is reported there
// too, so that nothing of the session's shared state is written from
// two goroutines.

package sql

import (
	"io"
	"sync/atomic"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/types"
	"github.com/gpostgres/gpostgres/lib/waitevent"
)

// A batch ends at pipeBatchRows rows or once its lines hold
// pipeBatchBytes; pipeBatches batches can wait for the inserting side.
// The memory held ahead is bounded by their product, or by one row when
// a line is longer.
const (
	pipeBatchRows  = 256
	pipeBatchBytes = 64 << 10
	pipeBatches    = 4
)

// pipeSafeType reports whether a column's input function may run on the
// reader's goroutine: it reads nothing but its text and the format
// options' fixed fields.
func pipeSafeType(oid uint32) bool {
	switch oid {
	case types.OidBool, types.OidInt2, types.OidInt4, types.OidInt8, types.OidOid,
		types.OidFloat4, types.OidFloat8, types.OidNumeric, types.OidChar,
		types.OidText, types.OidVarchar, types.OidBpchar, types.OidName,
		types.OidBytea, types.OidUUID, types.OidJSON, types.OidJSONB:
		return true
	}
	return false
}

// parsedBatch is rows the reader has converted.
type parsedBatch struct {
	// vals holds n rows of width values each.
	vals []types.Datum
	n    int
	// linenos and lineEnds are each row's line number and the end of its
	// text in lines.
	linenos  []int64
	lineEnds []int
	lines    []byte
	// err, after the rows, is what ended the reading: io.EOF at the end
	// of the data, else the error with its CONTEXT.
	err error
}

// copyPipe is the inserting side's end of the reader.
type copyPipe struct {
	batches chan *parsedBatch
	free    chan *parsedBatch
	stop    chan struct{}
	done    chan struct{}
	cur     *parsedBatch
	pos     int
	// bytesRead is the input read so far (for the progress report).
	bytesRead atomic.Int64
	// quiet is the client reader's switch for reporting its waits, when
	// it has one.
	quiet waitReporter
}

// waitReporter is a client data source that can leave the reporting of
// its waits to its caller (the session's copy reader).
type waitReporter interface {
	ReportWaits(on bool)
}

// pipelineable reports whether this COPY FROM may read on a goroutine of
// its own.
func (c *copyFromState) pipelineable() bool {
	if c.opts.binary {
		return false
	}
	for _, in := range c.inputs {
		if in.domain != nil || !pipeSafeType(in.typ) {
			return false
		}
	}
	return true
}

// startPipe starts the reader. The caller must call stopPipe before the
// source or the session is used again.
func (c *copyFromState) startPipe(src io.Reader) {
	p := &copyPipe{
		batches: make(chan *parsedBatch, pipeBatches),
		free:    make(chan *parsedBatch, pipeBatches+2),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	if w, ok := src.(waitReporter); ok {
		w.ReportWaits(false)
		p.quiet = w
	}
	if c.progress != nil {
		c.progress.published = &p.bytesRead
	}
	reader := *c
	reader.line, reader.fields, reader.buf, reader.spans, reader.lineChunk, reader.row = nil, nil, nil, nil, nil, nil
	reader.pipe = nil
	c.pipe = p
	go func() {
		defer close(p.done)
		reader.readAhead(p)
	}()
}

// stopPipe stops the reader and waits for it: after it returns, nothing
// reads the source any more.
func (c *copyFromState) stopPipe() {
	p := c.pipe
	if p == nil {
		return
	}
	close(p.stop)
	<-p.done
	if p.quiet != nil {
		p.quiet.ReportWaits(true)
	}
	if c.progress != nil {
		c.progress.published = nil
		c.s.progressUpdate(progressCopyBytesProcessed, c.progress.n.Load())
	}
	c.pipe = nil
}

// readAhead is the reader's goroutine: rows in batches until the end of
// the data, an error or stop.
func (r *copyFromState) readAhead(p *copyPipe) {
	width := len(r.attnums)
	for {
		var b *parsedBatch
		select {
		case b = <-p.free:
			b.vals, b.n, b.linenos, b.lineEnds, b.lines, b.err = b.vals[:0], 0, b.linenos[:0], b.lineEnds[:0], b.lines[:0], nil
		default:
			b = &parsedBatch{}
		}
		for b.err == nil && b.n < pipeBatchRows && len(b.lines) < pipeBatchBytes {
			row, ok, err := r.nextTextRow()
			switch {
			case err != nil:
				b.err = r.annotate(err)
			case !ok:
				b.err = io.EOF
			default:
				b.vals = append(b.vals, row[:width]...)
				b.n++
				b.linenos = append(b.linenos, r.lineno)
				b.lines = append(b.lines, r.line...)
				b.lineEnds = append(b.lineEnds, len(b.lines))
			}
		}
		select {
		case p.batches <- b:
		case <-p.stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// annotate gives an error met while reading its CONTEXT (the reader's
// line and column), as nextRow does; fatal errors go as they are.
func (c *copyFromState) annotate(err error) error {
	if pe := pgerr.As(err); pe != nil && pe.Severity == pgerr.SeverityFatal {
		return err
	}
	return copyContext(err, c.contextLine())
}

// nextPipedRow is nextTextRow's counterpart on the inserting side: the
// next row the reader converted, with its line for CONTEXT. reported
// tells an error from the reader, whose CONTEXT is set.
func (c *copyFromState) nextPipedRow() (row []types.Datum, ok, reported bool, err error) {
	p := c.pipe
	for p.cur == nil || p.pos == p.cur.n {
		if b := p.cur; b != nil {
			if b.err == io.EOF {
				c.done = true
				return nil, false, false, nil
			}
			if b.err != nil {
				return nil, false, true, b.err
			}
			p.cur = nil
			select {
			case p.free <- b:
			default:
			}
		}
		p.cur, p.pos = c.waitForBatch(p), 0
		c.s.progressUpdate(progressCopyBytesProcessed, p.bytesRead.Load())
	}
	b, i := p.cur, p.pos
	p.pos++
	width := len(c.attnums)
	start := 0
	if i > 0 {
		start = b.lineEnds[i-1]
	}
	c.lineno, c.line, c.lineValid = b.linenos[i], b.lines[start:b.lineEnds[i]], true
	return b.vals[i*width : (i+1)*width : (i+1)*width], true, false, nil
}

// waitForBatch waits for the reader's next batch, reported as a wait for
// the client, which is mostly what the reader waits for. A cancel reaches
// the reader, which checks for it as the serial reading does (between
// fills of its buffer) and ends the batches with the error and the
// CONTEXT of the line it was reading.
func (c *copyFromState) waitForBatch(p *copyPipe) *parsedBatch {
	select {
	case b := <-p.batches:
		return b
	default:
	}
	if c.fromClient && c.s.eng != nil && c.s.eng.Owner != nil {
		waitevent.Start(c.s.eng.Owner, waitevent.ClientRead)
		defer waitevent.End(c.s.eng.Owner)
	}
	return <-p.batches
}
