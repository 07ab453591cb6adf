// This file is the executor's tuplestore (PostgreSQL's tuplestore.c):
// rows appended in order and read back by any number of readers, each at
// its own position, while more rows are still appended. Rows stay in
// memory up to work_mem; the rows after that go to a temporary file,
// which readers read as far as it has been written. Materialized WITH
// queries and recursive queries' work tables keep their rows in one.

package exec

import (
	"bufio"
	"io"

	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

type rowStore struct {
	files *spillFiles // nil or disabled: every row in memory
	typs  []uint32
	// mem are the first rows, held while they fit in work_mem.
	mem  [][]types.Datum
	used int64
	// file holds the rows after mem, once mem is full.
	file *rowFile
	// flushed is how many of file's rows its readers can read.
	flushed int64
}

func newRowStore(files *spillFiles, typs []uint32) *rowStore {
	return &rowStore{files: files, typs: typs}
}

// appended is where add put a row: in memory, or at the end of the file
// in fileBytes bytes.
type appended struct {
	inMemory  bool
	fileBytes int64
}

// add appends row.
func (s *rowStore) add(row []types.Datum) (appended, error) {
	if s.file == nil {
		s.mem = append(s.mem, row)
		if s.files.enabled() {
			s.used += rowBytes(row, s.typs)
			if s.used > s.files.mem.Bytes {
				// The rows from now on go to the file.
				f, err := newRowFile(s.files, s.typs, len(row), nil, rowFileBuffer)
				if err != nil {
					return appended{inMemory: true}, err
				}
				s.file = f
			}
		}
		return appended{inMemory: true}, nil
	}
	before := s.file.bytes
	err := s.file.write(row)
	return appended{fileBytes: s.file.bytes - before}, err
}

// len is the number of rows appended.
func (s *rowStore) len() int64 {
	n := int64(len(s.mem))
	if s.file != nil {
		n += s.file.rows
	}
	return n
}

// close deletes the store's file; the store must not be read afterwards.
func (s *rowStore) close() {
	if s.file != nil {
		s.file.close()
		s.file = nil
	}
	s.mem = nil
}

// reader returns a reader at the first row.
func (s *rowStore) reader() *storeReader { return &storeReader{s: s} }

type storeReader struct {
	s   *rowStore
	pos int64
	// off is the file offset of the reader's next row from the file; in
	// reads the file from there (nil: not yet, or to be made again).
	off int64
	in  *bufio.Reader
}

// skipAppended moves the reader past the row that add just appended
// (where a: the reader at the end of the store, which returns that row
// itself rather than reading it back).
func (r *storeReader) skipAppended(a appended) error {
	r.pos++
	if a.inMemory {
		return nil
	}
	r.off += a.fileBytes
	if r.in != nil {
		if int64(r.in.Buffered()) >= a.fileBytes {
			_, err := r.in.Discard(int(a.fileBytes))
			return err
		}
		// Read from the new offset when next needed.
		r.in = nil
	}
	return nil
}

// next returns the row at the reader's position and moves on, or ok ==
// false when the reader has read every row appended so far. Rows from
// memory are shared with the store; rows from the file are fresh.
func (r *storeReader) next() ([]types.Datum, bool, error) {
	s := r.s
	if r.pos < int64(len(s.mem)) {
		r.pos++
		return s.mem[r.pos-1], true, nil
	}
	fpos := r.pos - int64(len(s.mem))
	if s.file == nil || fpos >= s.file.rows {
		return nil, false, nil
	}
	if fpos >= s.flushed {
		if err := s.file.w.Flush(); err != nil {
			return nil, false, err
		}
		s.flushed = s.file.rows
	}
	if r.in == nil {
		r.in = bufio.NewReaderSize(&fileCursor{f: s.file.f, off: r.off}, rowFileBuffer)
	}
	raw, err := readRawRow(r.in, s.file, nil)
	if err != nil {
		return nil, false, err
	}
	r.off += int64(uvarintLen(uint64(len(raw))) + len(raw))
	row := make([]types.Datum, s.file.width)
	if err := types.DecodeSpill(row, raw, s.file.side); err != nil {
		return nil, false, err
	}
	r.pos++
	return row, true, nil
}

// fileCursor reads a temporary file sequentially up to its current end,
// never reporting the end while there are bytes left, so that a buffered
// reader over it goes on reading after the file grew.
type fileCursor struct {
	f   *tempfile.File
	off int64
}

func (c *fileCursor) Read(p []byte) (int, error) {
	left := c.f.Size() - c.off
	if left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := c.f.ReadAt(p, c.off)
	c.off += int64(n)
	if n == len(p) {
		err = nil
	}
	return n, err
}

// uvarintLen is the length of v's uvarint encoding.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
