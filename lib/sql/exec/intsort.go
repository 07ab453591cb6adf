// This file is the external sort of rows of one integer-like column
// sorted on that column: count(DISTINCT v), array_agg(DISTINCT v), a
// Sort of one integer column (tuplesort.c's datum sort). Equal values
// are indistinguishable, so no order among them has to be kept, and the
// sort holds the values alone: as unsigned 64-bit keys (orderedKey) that
// it radix sorts, writes to runs as 8 bytes each and merges comparing
// words, and a count of the NULLs, which all go first or last.

package exec

import (
	"encoding/binary"
	"io"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

// intKeyBytes is what one value held costs against work_mem: the key
// and its share of the radix sort's scratch array.
const intKeyBytes = 16

// intRunBuffer is the size of an integer run's write and read buffers.
const intRunBuffer = 64 << 10

// intKeySorts reports whether a sort of rows of typs on keys is one
// intKeySort handles: one column, of a type that compares as a signed
// integer, and every key on it (DISTINCT adds it again).
func intKeySorts(keys []plan.SortKey, typs []uint32) bool {
	if len(typs) != 1 || len(keys) == 0 || !types.ComparesAsInt(typs[0]) {
		return false
	}
	for _, k := range keys {
		if k.Target != 0 || k.Desc != keys[0].Desc || k.NullsFirst != keys[0].NullsFirst {
			return false
		}
	}
	return true
}

type intKeySort struct {
	ec         *expr.EvalContext
	files      *spillFiles
	desc       bool
	nullsFirst bool
	vals       []uint64
	nulls      int64
	runs       []*intRun
	// levels parallels runs as in externalSort.
	levels []int
}

// intRun is a run of sorted keys in a temporary file.
type intRun struct {
	f *tempfile.File
	n int64
}

func newIntKeySort(ec *expr.EvalContext, files *spillFiles, key plan.SortKey) *intKeySort {
	return &intKeySort{ec: ec, files: files, desc: key.Desc, nullsFirst: key.NullsFirst}
}

// used is the memory the values held count for.
func (s *intKeySort) used() int64 { return int64(len(s.vals)) * intKeyBytes }

// add takes d, writing a run first when the values held reach work_mem.
func (s *intKeySort) add(d types.Datum) error {
	if d.IsNull() {
		s.nulls++
		return nil
	}
	s.vals = append(s.vals, orderedKey(d.Int(), s.desc))
	if s.files.enabled() && s.used() > s.files.mem.Bytes {
		return s.writeRun()
	}
	return nil
}

func (s *intKeySort) sortHeld() error {
	return radixSort(s.ec, s.vals, make([]uint64, len(s.vals)), func(u *uint64) uint64 { return *u })
}

// writeRun sorts the values held and writes them as one run.
func (s *intKeySort) writeRun() error {
	if len(s.vals) == 0 {
		return nil
	}
	if err := s.sortHeld(); err != nil {
		return err
	}
	w, err := s.newRunWriter()
	if err != nil {
		return err
	}
	for i, v := range s.vals {
		if i%radixCheckEvery == 0 {
			if err := s.ec.CheckCancel(); err != nil {
				return err
			}
		}
		if err := w.put(v); err != nil {
			return err
		}
	}
	run, err := w.finish()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, run)
	s.levels = append(s.levels, 0)
	s.vals = s.vals[:0]
	return s.mergeTail()
}

// mergeTail merges the last runs as externalSort.mergeTail does, so that
// the runs open at once stay few.
func (s *intKeySort) mergeTail() (err error) {
	s.runs, s.levels, err = mergeTailRuns(s.runs, s.levels, mergeOrder(s.files.mem.Bytes), s.mergeToRun)
	return err
}

// mergeToRun merges runs into a new one, deleting them.
func (s *intKeySort) mergeToRun(runs []*intRun) (*intRun, error) {
	m := s.newMerge(runs, nil)
	w, err := s.newRunWriter()
	if err != nil {
		return nil, err
	}
	for {
		v, ok, err := m.nextKey()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := w.put(v); err != nil {
			return nil, err
		}
	}
	return w.finish()
}

// finish sorts what is held and returns the merge of the runs and the
// values held, which gives the NULLs first or last.
func (s *intKeySort) finish() (*intMerge, error) {
	if err := s.sortHeld(); err != nil {
		return nil, err
	}
	if len(s.runs) > 0 {
		runs, err := mergePasses(s.runs, mergeOrder(s.files.mem.Bytes), s.mergeToRun)
		if err != nil {
			return nil, err
		}
		s.runs = runs
	}
	m := s.newMerge(s.runs, s.vals)
	s.runs, s.vals = nil, nil
	m.nulls, m.nullsFirst = s.nulls, s.nullsFirst
	return m, nil
}

func (s *intKeySort) newMerge(runs []*intRun, vals []uint64) *intMerge {
	m := &intMerge{ec: s.ec, files: s.files, desc: s.desc, mem: vals}
	for _, r := range runs {
		m.readers = append(m.readers, &intRunReader{run: r, buf: make([]byte, intRunBuffer)})
	}
	return m
}

// intRunWriter writes a run of keys.
type intRunWriter struct {
	files *spillFiles
	f     *tempfile.File
	buf   []byte
	n     int64
}

func (s *intKeySort) newRunWriter() (*intRunWriter, error) {
	f, err := s.files.create()
	if err != nil {
		return nil, err
	}
	return &intRunWriter{files: s.files, f: f, buf: make([]byte, 0, intRunBuffer)}, nil
}

func (w *intRunWriter) put(v uint64) error {
	if len(w.buf)+8 > cap(w.buf) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.buf = binary.LittleEndian.AppendUint64(w.buf, v)
	w.n++
	return nil
}

func (w *intRunWriter) flush() error {
	_, err := w.f.Write(w.buf)
	w.buf = w.buf[:0]
	return err
}

func (w *intRunWriter) finish() (*intRun, error) {
	if err := w.flush(); err != nil {
		return nil, err
	}
	return &intRun{f: w.f, n: w.n}, nil
}

// intRunReader reads a run's keys in order.
type intRunReader struct {
	run *intRun
	buf []byte
	pos int
	end int
	// read counts the keys read, off the bytes.
	read int64
	off  int64
}

func (r *intRunReader) next() (uint64, bool, error) {
	if r.read >= r.run.n {
		return 0, false, nil
	}
	if r.pos+8 > r.end {
		want := min(int64(len(r.buf)), 8*(r.run.n-r.read))
		n, err := r.run.f.ReadAt(r.buf[:want], r.off)
		if int64(n) < want {
			if err == nil || err == io.EOF {
				return 0, false, pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": read only %d of %d bytes", r.run.f.Path(), n, want)
			}
			return 0, false, err
		}
		r.off += want
		r.pos, r.end = 0, int(want)
	}
	v := binary.LittleEndian.Uint64(r.buf[r.pos:])
	r.pos += 8
	r.read++
	return v, true, nil
}

// intMerge merges sorted runs and the sorted values held in memory
// through a binary heap of their current keys, deleting each run when it
// is read to its end.
type intMerge struct {
	ec      *expr.EvalContext
	files   *spillFiles
	desc    bool
	readers []*intRunReader
	mem     []uint64
	heap    []intHead
	started bool
	n       int
	// nulls NULLs are returned first or last.
	nulls      int64
	nullsFirst bool
	slab       datumSlab
}

// intHead is a source's current key; src indexes readers, or is -1 for
// the values in memory.
type intHead struct {
	key uint64
	src int
}

func (m *intMerge) start() error {
	m.started = true
	for i, r := range m.readers {
		if err := m.push(i, r); err != nil {
			return err
		}
	}
	if len(m.mem) > 0 {
		m.heap = append(m.heap, intHead{key: m.mem[0], src: -1})
		m.mem = m.mem[1:]
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return nil
}

func (m *intMerge) push(i int, r *intRunReader) error {
	v, ok, err := r.next()
	if err != nil {
		return err
	}
	if ok {
		m.heap = append(m.heap, intHead{key: v, src: i})
	} else {
		m.release(r)
	}
	return nil
}

func (m *intMerge) release(r *intRunReader) {
	if r.run.f != nil {
		m.files.release(r.run.f)
		r.run.f = nil
	}
}

func (m *intMerge) down(i int) {
	h := m.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		c := l
		if r := l + 1; r < len(h) && h[r].key < h[l].key {
			c = r
		}
		if h[i].key <= h[c].key {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// nextKey returns the smallest key left.
func (m *intMerge) nextKey() (uint64, bool, error) {
	if !m.started {
		if err := m.start(); err != nil {
			return 0, false, err
		}
	}
	if len(m.heap) == 0 {
		return 0, false, nil
	}
	if m.n++; m.n%radixCheckEvery == 0 {
		if err := m.ec.CheckCancel(); err != nil {
			return 0, false, err
		}
	}
	top := &m.heap[0]
	v := top.key
	var more bool
	if top.src < 0 {
		if more = len(m.mem) > 0; more {
			top.key = m.mem[0]
			m.mem = m.mem[1:]
		}
	} else {
		r := m.readers[top.src]
		next, ok, err := r.next()
		if err != nil {
			return 0, false, err
		}
		if more = ok; ok {
			top.key = next
		} else {
			m.release(r)
		}
	}
	if !more {
		last := len(m.heap) - 1
		m.heap[0] = m.heap[last]
		m.heap = m.heap[:last]
	}
	if len(m.heap) > 0 {
		m.down(0)
	}
	return v, true, nil
}

// nextValue returns the next value in the sort's order, NULLs included.
func (m *intMerge) nextValue() (types.Datum, bool, error) {
	if m.nulls > 0 && m.nullsFirst {
		m.nulls--
		return types.Null, true, nil
	}
	v, ok, err := m.nextKey()
	if err != nil || ok {
		return types.Int(keyValue(v, m.desc)), ok, err
	}
	if m.nulls > 0 {
		m.nulls--
		return types.Null, true, nil
	}
	return types.Null, false, nil
}

// next returns the next value as a fresh one-column row.
func (m *intMerge) next() ([]types.Datum, bool, error) {
	d, ok, err := m.nextValue()
	if err != nil || !ok {
		return nil, false, err
	}
	row := m.slab.row(1)
	row[0] = d
	return row, true, nil
}
