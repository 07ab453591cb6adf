// This file is the WindowAgg's partition buffer (the tuplestore that
// nodeWindowAgg.c reads with several read pointers): the rows of one
// partition, held in memory up to work_mem and written to a temporary
// file after that, read back by cursors that each fetch any row by its
// number. A cursor is cheap to move one row forward or backward (each row
// in the file carries its length before and after it, as tuplestore.c's
// rows do when read backward); a long jump starts from the nearest row
// of a sparse index of file offsets.

package exec

import (
	"bufio"
	"encoding/binary"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

// winIndexEvery is how many file rows apart the index's offsets are: a
// jump walks at most that many rows, and the index costs 8 bytes per
// that many rows.
const winIndexEvery = 256

type winStore struct {
	files *spillFiles // nil or disabled: every row in memory
	typs  []uint32
	// mem are the partition's first rows, held while they fit in
	// work_mem.
	mem  [][]types.Datum
	used int64
	// The rows after mem, in f: a 4-byte length, the row's spill
	// encoding, the length again.
	f        *tempfile.File
	w        *bufio.Writer
	side     *types.SpillSide
	width    int
	buf      []byte
	fileRows int64
	// index holds the offset of file row k*winIndexEvery at k.
	index []int64
}

func newWinStore(files *spillFiles, typs []uint32) *winStore {
	return &winStore{files: files, typs: typs}
}

// add appends row.
func (s *winStore) add(row []types.Datum) error {
	if s.f == nil {
		s.mem = append(s.mem, row)
		if s.files.enabled() {
			s.used += rowBytes(row, s.typs)
			if s.used > s.files.mem.Bytes {
				f, err := s.files.create()
				if err != nil {
					return err
				}
				s.f, s.w, s.side, s.width = f, bufio.NewWriterSize(f, rowFileBuffer), &types.SpillSide{}, len(row)
			}
		}
		return nil
	}
	if len(row) != s.width {
		return pgerr.Newf(pgerr.InternalError, "row of %d columns written to a partition of %d", len(row), s.width)
	}
	if s.fileRows%winIndexEvery == 0 {
		s.index = append(s.index, s.f.Size()+int64(s.w.Buffered()))
	}
	b := append(s.buf[:0], 0, 0, 0, 0)
	for i, d := range row {
		var t uint32
		if i < len(s.typs) {
			t = s.typs[i]
		}
		b = types.AppendSpill(b, t, d, s.side)
	}
	n := uint32(len(b) - 4)
	binary.LittleEndian.PutUint32(b, n)
	b = binary.LittleEndian.AppendUint32(b, n)
	s.buf = b
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	s.fileRows++
	return nil
}

// finish makes every row added readable.
func (s *winStore) finish() error {
	if s.w == nil {
		return nil
	}
	return s.w.Flush()
}

// len is the number of rows added.
func (s *winStore) len() int64 { return int64(len(s.mem)) + s.fileRows }

// reset empties the store for the next partition, deleting its file.
func (s *winStore) reset() error {
	var err error
	if s.f != nil {
		err = s.files.release(s.f)
	}
	*s = winStore{files: s.files, typs: s.typs, buf: s.buf[:0]}
	return err
}

// winCursor reads rows of a winStore by number. Rows from memory are
// shared with the store; rows from the file are fresh.
type winCursor struct {
	s *winStore
	// pos is the file row that starts at off, when valid.
	valid bool
	pos   int64
	off   int64
	// buf caches the file's bytes from bufOff.
	buf    []byte
	bufOff int64
	// last is the row fetched last, at lastAt.
	last   []types.Datum
	lastAt int64
}

func (s *winStore) cursor() *winCursor { return &winCursor{s: s, lastAt: -1} }

// fetch returns row i (0 <= i < len()).
func (c *winCursor) fetch(i int64) ([]types.Datum, error) {
	s := c.s
	if i < int64(len(s.mem)) {
		return s.mem[i], nil
	}
	if i == c.lastAt {
		return c.last, nil
	}
	k := i - int64(len(s.mem))
	if k >= s.fileRows {
		return nil, pgerr.Newf(pgerr.InternalError, "window row %d fetched from a partition of %d", i, s.len())
	}
	// Walk from where the cursor is, or from the index when nearer.
	fromIndex := k % winIndexEvery
	if !c.valid || abs64(k-c.pos) > fromIndex {
		c.pos, c.off, c.valid = k-fromIndex, s.index[k/winIndexEvery], true
	}
	for c.pos < k {
		n, err := c.length(c.off)
		if err != nil {
			return nil, err
		}
		c.off += 8 + n
		c.pos++
	}
	for c.pos > k {
		n, err := c.length(c.off - 4)
		if err != nil {
			return nil, err
		}
		c.off -= 8 + n
		c.pos--
	}
	n, err := c.length(c.off)
	if err != nil {
		return nil, err
	}
	b, err := c.bytes(c.off+4, n, true)
	if err != nil {
		return nil, err
	}
	// The values point into their bytes: give them their own.
	raw := append([]byte(nil), b...)
	row := make([]types.Datum, s.width)
	if err := types.DecodeSpill(row, raw, s.side); err != nil {
		return nil, err
	}
	c.off += 8 + n
	c.pos++
	c.last, c.lastAt = row, i
	return row, nil
}

// length reads the 4-byte row length at off.
func (c *winCursor) length(off int64) (int64, error) {
	b, err := c.bytes(off, 4, off >= c.off)
	if err != nil {
		return 0, err
	}
	n := int64(binary.LittleEndian.Uint32(b))
	if n > c.s.f.Size() {
		return 0, pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": bad row length", c.s.f.Path())
	}
	return n, nil
}

// bytes returns the file's n bytes at off, valid until the next call,
// refilling the cache with what follows them when reading forward, with
// what precedes them when reading backward.
func (c *winCursor) bytes(off, n int64, forward bool) ([]byte, error) {
	if off >= c.bufOff && off+n <= c.bufOff+int64(len(c.buf)) {
		return c.buf[off-c.bufOff : off-c.bufOff+n], nil
	}
	f := c.s.f
	size := int64(rowFileBuffer)
	if n > size {
		size = n
	}
	start := off
	if !forward {
		start = off + n - size
		if start < 0 {
			start = 0
		}
	}
	if start+size > f.Size() {
		size = f.Size() - start
	}
	if off < 0 || off+n > start+size {
		return nil, pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": read only part of a row", f.Path())
	}
	if int64(cap(c.buf)) < size {
		c.buf = make([]byte, size)
	}
	c.buf = c.buf[:size]
	if _, err := f.ReadAt(c.buf, start); err != nil {
		c.buf = c.buf[:0]
		return nil, pgerr.Wrap(err, pgerr.CodeForFileAccess(err), "could not read from temporary file \"%s\": %s", f.Path(), pgerr.Strerror(err))
	}
	c.bufOff = start
	return c.buf[off-start : off-start+n], nil
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
