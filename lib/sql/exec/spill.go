// This file bounds the memory of the executor's nodes that hold rows
// (PostgreSQL's work_mem): the budget a node may hold, the estimate of a
// row's size, and row files, the temporary files rows spill to
// (tuplestore.c's and logtape.c's role, written sequentially and read
// back in order).

package exec

import (
	"bufio"
	"encoding/binary"
	"io"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

// WorkMem is what the caller of Run gives the executor to bound its
// memory: work_mem and hash_mem_multiplier in bytes, and the session's
// temporary files. With Files nil nothing spills and nodes keep their
// rows in memory however many there are.
type WorkMem struct {
	// Bytes is work_mem: what one sort or row store may hold.
	Bytes int64
	// HashBytes is work_mem times hash_mem_multiplier: what one hash
	// table (aggregation, join) may hold.
	HashBytes int64
	// IndexBytes, when above 0, is what an index build's sort of integer
	// keys and tids may hold (maintenance_work_mem; Bytes may be less for
	// index builds' other sorts, whose rows the collector must scan).
	IndexBytes int64
	Files      *tempfile.Manager
}

// WorkMemSource is implemented by a Source whose statements may spill to
// temporary files.
type WorkMemSource interface {
	WorkMem() WorkMem
}

// spillFiles is one execution's use of temporary files: every file it
// creates is closed (and so deleted) when the execution ends, whether it
// finished, failed or was canceled, even if the node that made it did not
// finish reading it.
type spillFiles struct {
	mem WorkMem
	// open maps each open file to the mark of what owns it: its own
	// creation, or the WITH query run it was made for (keep).
	open map[*tempfile.File]int64
	seq  int64
	// owner is the mark files are made under inside keep, 0 outside.
	owner int64
}

func (s *spillFiles) enabled() bool { return s != nil && s.mem.Files != nil }

func (s *spillFiles) create() (*tempfile.File, error) {
	f, err := s.mem.Files.Create()
	if err != nil {
		return nil, err
	}
	if s.open == nil {
		s.open = map[*tempfile.File]int64{}
	}
	s.open[f] = s.mark()
	if s.owner != 0 {
		s.open[f] = s.owner
	}
	return f, nil
}

// keep runs fn with the files it creates owned by owner, a mark taken
// when a WITH query's run started: they live as long as that run, which
// any reference may read, also one in a subquery that started later and
// whose own files closeSince deletes when it returns.
func (s *spillFiles) keep(owner int64, fn func() error) error {
	if !s.enabled() {
		return fn()
	}
	saved := s.owner
	s.owner = owner
	defer func() { s.owner = saved }()
	return fn()
}

// mark returns a number greater than that of every file made and every
// mark taken so far: the token for closeSince and keep.
func (s *spillFiles) mark() int64 {
	if s == nil {
		return 0
	}
	s.seq++
	return s.seq
}

// closeSince deletes the open files owned by something made after mark:
// those of a subquery's iterators and WITH queries, abandoned before
// their end (EXISTS, LIMIT), once the subquery returns.
func (s *spillFiles) closeSince(mark int64) error {
	if s == nil {
		return nil
	}
	var first error
	for f, n := range s.open {
		if n > mark {
			delete(s.open, f)
			if err := f.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// release closes and deletes f once its rows are no longer needed.
func (s *spillFiles) release(f *tempfile.File) error {
	delete(s.open, f)
	return f.Close()
}

// closeAll deletes every file the execution still has.
func (s *spillFiles) closeAll() error {
	if s == nil {
		return nil
	}
	var first error
	for f := range s.open {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	s.open = nil
	return first
}

// rowBytes estimates the memory row holds (PostgreSQL counts a tuple's
// palloc'd chunk; here the Datums and the values they point at, with
// the overheads of recursive.go). Cheaper than rowSize: nothing is
// encoded.
func rowBytes(row []types.Datum, typs []uint32) int64 {
	n := int64(rowOverhead + datumOverhead*len(row))
	for i, d := range row {
		if d.IsNull() {
			continue
		}
		var t uint32
		if i < len(typs) {
			t = typs[i]
		}
		n += types.SpillSize(t, d)
	}
	return n
}

// rowFileBuffer is the buffer size of a sort run's writer and of a row
// file's reader (BLCKSZ-sized buffers would make merges slow; PostgreSQL's
// merge reads tapes in blocks of several pages too). partitionBuffer is
// the writer's buffer of the files that many partitions or batches write
// at once, BLCKSZ as PostgreSQL's BufFile.
const (
	rowFileBuffer   = 32 << 10
	partitionBuffer = 8 << 10
)

// rowFile is a temporary file of rows of known column types: each row is
// a uvarint length and its columns' spill encoding. Values whose type the
// encoding does not know stay in memory in side.
type rowFile struct {
	files *spillFiles
	f     *tempfile.File
	typs  []uint32
	width int
	side  *types.SpillSide
	w     *bufio.Writer
	buf   []byte
	rows  int64
	// bytes is the length of the rows written, buffered or not.
	bytes int64
}

// newRowFile makes a row file whose writer buffers bufSize bytes.
func newRowFile(files *spillFiles, typs []uint32, width int, side *types.SpillSide, bufSize int) (*rowFile, error) {
	f, err := files.create()
	if err != nil {
		return nil, err
	}
	if side == nil {
		side = &types.SpillSide{}
	}
	return &rowFile{files: files, f: f, typs: typs, width: width, side: side, w: bufio.NewWriterSize(f, bufSize)}, nil
}

// write appends row (of the file's width).
func (r *rowFile) write(row []types.Datum) error {
	b, err := r.appendRow(r.buf[:0], row)
	if err != nil {
		return err
	}
	r.buf = b
	return r.writeRaw(b)
}

// appendRow appends the encoding of row (of the file's width) that
// writeRaw takes to b.
func (r *rowFile) appendRow(b []byte, row []types.Datum) ([]byte, error) {
	if len(row) != r.width {
		return b, pgerr.Newf(pgerr.InternalError, "row of %d columns written to a row file of %d", len(row), r.width)
	}
	for i, d := range row {
		var t uint32
		if i < len(r.typs) {
			t = r.typs[i]
		}
		b = types.AppendSpill(b, t, d, r.side)
	}
	return b, nil
}

// writeRaw appends a row already encoded (read from a row file of the
// same column types and side).
func (r *rowFile) writeRaw(b []byte) error {
	if r.w == nil {
		return pgerr.Newf(pgerr.InternalError, "row written to finished temporary file \"%s\"", r.f.Path())
	}
	var hdr [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(hdr[:], uint64(len(b)))
	if _, err := r.w.Write(hdr[:n]); err != nil {
		return err
	}
	if _, err := r.w.Write(b); err != nil {
		return err
	}
	r.rows++
	r.bytes += int64(n + len(b))
	return nil
}

// appendFramedRow appends to b row's encoding with its length before
// it, as the file holds it, for writeFramed.
func (r *rowFile) appendFramedRow(b []byte, row []types.Datum) ([]byte, error) {
	start := len(b)
	// One byte of length for rows under 128 bytes; longer ones move.
	b, err := r.appendRow(append(b, 0), row)
	if err != nil {
		return b, err
	}
	n := len(b) - start - 1
	if n < 0x80 {
		b[start] = byte(n)
		return b, nil
	}
	var hdr [binary.MaxVarintLen64]byte
	w := binary.PutUvarint(hdr[:], uint64(n))
	b = append(b, hdr[:w-1]...)
	copy(b[start+w:], b[start+1:start+1+n])
	copy(b[start:], hdr[:w])
	return b, nil
}

// writeFramed appends a row that appendFramedRow encoded.
func (r *rowFile) writeFramed(rec []byte) error {
	if r.w == nil {
		return pgerr.Newf(pgerr.InternalError, "row written to finished temporary file \"%s\"", r.f.Path())
	}
	if _, err := r.w.Write(rec); err != nil {
		return err
	}
	r.rows++
	r.bytes += int64(len(rec))
	return nil
}

// finish flushes what was written and drops the writer's buffer; the
// file is then read with reader.
func (r *rowFile) finish() error {
	if r.w == nil {
		return nil
	}
	err := r.w.Flush()
	r.w = nil
	return err
}

// close deletes the file.
func (r *rowFile) close() error {
	return r.files.release(r.f)
}

// reader reads the rows back in the order written, after finish.
func (r *rowFile) reader() *rowReader {
	return &rowReader{file: r, r: bufio.NewReaderSize(io.NewSectionReader(r.f, 0, r.f.Size()), rowFileBuffer)}
}

// rowReader reads a row file sequentially.
type rowReader struct {
	file *rowFile
	r    *bufio.Reader
	read int64
}

// next returns the next row, fresh, or ok == false after the last.
func (rr *rowReader) next() ([]types.Datum, bool, error) {
	b, ok, err := rr.nextRaw(nil)
	if err != nil || !ok {
		return nil, false, err
	}
	row := make([]types.Datum, rr.file.width)
	if err := types.DecodeSpill(row, b, rr.file.side); err != nil {
		return nil, false, err
	}
	return row, true, nil
}

// each calls f with every row left, fresh, checking for cancellation
// every 1024 rows.
func (rr *rowReader) each(ec *expr.EvalContext, f func(row []types.Datum) error) error {
	for n := 0; ; n++ {
		if n&0x3FF == 0 {
			if err := ec.CheckCancel(); err != nil {
				return err
			}
		}
		row, ok, err := rr.next()
		if err != nil || !ok {
			return err
		}
		if err := f(row); err != nil {
			return err
		}
	}
}

// nextRaw reads the next row's encoding into buf (grown as needed);
// buf == nil reads into fresh memory.
func (rr *rowReader) nextRaw(buf []byte) ([]byte, bool, error) {
	if rr.read >= rr.file.rows {
		return nil, false, nil
	}
	buf, err := readRawRow(rr.r, rr.file, buf)
	if err != nil {
		return nil, false, err
	}
	rr.read++
	return buf, true, nil
}

// readRawRow reads one row's encoding from in, a reader of f, into buf
// (grown as needed; nil: fresh memory).
func readRawRow(in *bufio.Reader, f *rowFile, buf []byte) ([]byte, error) {
	// Most rows are whole in the reader's buffer: read them from it
	// directly rather than byte by byte through io.ByteReader.
	if avail := in.Buffered(); avail >= binary.MaxVarintLen64 {
		p, _ := in.Peek(avail)
		n, w := binary.Uvarint(p)
		if w > 0 && n <= uint64(avail-w) {
			if uint64(cap(buf)) < n {
				buf = make([]byte, n)
			}
			buf = buf[:n]
			copy(buf, p[w:])
			in.Discard(w + int(n))
			return buf, nil
		}
	}
	n, err := binary.ReadUvarint(in)
	if err != nil {
		return nil, readError(f, err)
	}
	if n > uint64(f.f.Size()) {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": bad row length", f.f.Path())
	}
	if uint64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(in, buf); err != nil {
		return nil, readError(f, err)
	}
	return buf, nil
}

func readError(f *rowFile, err error) error {
	if pgerr.As(err) != nil {
		return err
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": read only part of a row", f.f.Path())
	}
	return pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not read from temporary file \"%s\": %s", f.f.Path(), pgerr.Strerror(err))
}
