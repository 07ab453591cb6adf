// This file is the external sort of rows of one integer-like column
// sorted on that column: count(DISTINCT v), array_agg(DISTINCT v), a
// Sort of one integer column (tuplesort.c's datum sort). Equal values
// are indistinguishable, so no order among them has to be kept, and the
// sort holds the values alone: as unsigned 64-bit keys (orderedKey) that
// it radix sorts, writes to runs as 8 bytes each and merges comparing
// words, and a count of the NULLs, which all go first or last.
//
// The same sort takes rows of an integer-like column and a tid sorted on
// both (withTID): the sort of an index build on one integer column,
// SELECT key, ctid ... ORDER BY key, ctid (tuplesort_begin_index_btree's
// order). It holds (key, tid) pairs, 16 bytes a row in runs, and the
// tids of the NULLs; rows with equal keys come out in tid order.

package exec

import (
	"cmp"
	"encoding/binary"
	"io"
	"slices"

	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

// intKeyBytes is what one value held costs against work_mem: what
// PostgreSQL's datum sort counts for it (a SortTuple, 24 bytes), so that
// the sort spills where PostgreSQL's would; the key and its share of the
// radix sort's scratch array take 16.
const intKeyBytes = 24

// datumSortMemory is the memory PostgreSQL's datum sort reports for n
// values sorted in memory (EXPLAIN ANALYZE's Memory): its SortTuple
// array, 1024 entries at first and doubled as it fills, and the chunk's
// header.
func datumSortMemory(n int) int64 {
	size := 1024
	for size < n {
		size *= 2
	}
	return int64(size)*intKeyBytes + 16
}

// intRunBuffer is the size of an integer run's write and read buffers.
const intRunBuffer = 64 << 10

// nullTID marks, in a pair's tid word, a row whose key is NULL: tids take
// 48 bits, so the flag never collides with one.
const nullTID = 1 << 63

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

// intTIDKeySorts reports whether a sort of rows of typs on keys is one
// intKeySort handles with tids: an integer-like column and a tid, sorted
// on the first and then the second, ascending.
func intTIDKeySorts(keys []plan.SortKey, typs []uint32) bool {
	return len(typs) == 2 && len(keys) == 2 && types.ComparesAsInt(typs[0]) && typs[1] == types.OidTid &&
		keys[0].Target == 0 && keys[1].Target == 1 && !keys[1].Desc
}

type intKeySort struct {
	ec         *expr.EvalContext
	files      *spillFiles
	desc       bool
	nullsFirst bool
	vals       []uint64
	nulls      int64
	// withTID: the rows carry a tid (intTIDKeySorts); pairs replaces vals
	// and nullTIDs holds the tids of the NULLs (nulls stays 0).
	withTID  bool
	pairs    []intPair
	nullTIDs []uint64
	// limit is what the values held may take before a run is written:
	// work_mem (spillFiles), or for an index build maintenance_work_mem.
	limit int64
	// pairBytes and nullBytes are what a row with a key and one with a
	// NULL count against work_mem: what the row sort counts for them
	// (rowBytes), so that the sort spills where it would, and EXPLAIN
	// ANALYZE reports the same memory, although a pair takes less.
	pairBytes, nullBytes int64
	runs                 []*intRun
	// diskBytes is the size of the runs the final merge reads, 0 when
	// everything was sorted in memory (EXPLAIN ANALYZE's Disk).
	diskBytes int64
	// levels parallels runs as in externalSort.
	levels []int
}

// intPair is a row of a sort withTID: its key (orderedKey) and its tid,
// with nullTID set when the key is NULL.
type intPair struct{ key, tid uint64 }

// intRun is a run of sorted keys in a temporary file: 8 bytes a key, or
// 16 a pair.
type intRun struct {
	f *tempfile.File
	n int64
}

func newIntKeySort(ec *expr.EvalContext, files *spillFiles, key plan.SortKey) *intKeySort {
	return &intKeySort{ec: ec, files: files, desc: key.Desc, nullsFirst: key.NullsFirst}
}

// newIntTIDKeySort is newIntKeySort for rows of a key and a tid, of
// types typs.
func newIntTIDKeySort(ec *expr.EvalContext, files *spillFiles, key plan.SortKey, typs []uint32) *intKeySort {
	s := newIntKeySort(ec, files, key)
	s.withTID = true
	s.pairBytes = rowBytes([]types.Datum{types.Int(0), types.Tid(0, 0)}, typs)
	s.nullBytes = rowBytes([]types.Datum{types.Null, types.Tid(0, 0)}, typs)
	return s
}

// countAsIndexTuples makes a sort withTID count its rows as an index
// build's sort counts its index tuples (the sort of CREATE INDEX): a
// SortTuple (24 bytes) and the tuple's chunk, a MAXALIGNed 8-byte header
// and key (16 bytes for integers, in a 32-byte allocation).
// It may hold IndexBytes (maintenance_work_mem): its pairs hold no
// pointers, so a large sort costs the collector nothing.
func (s *intKeySort) countAsIndexTuples() {
	s.pairBytes, s.nullBytes = 24+32, 24+32
	if s.files != nil && s.files.mem.IndexBytes > 0 {
		s.limit = s.files.mem.IndexBytes
	}
}

// memLimit is what the values held may take before a run is written.
func (s *intKeySort) memLimit() int64 {
	if s.limit > 0 {
		return s.limit
	}
	return s.files.mem.Bytes
}

// used is the memory the values held count for.
func (s *intKeySort) used() int64 {
	return int64(len(s.vals))*intKeyBytes + int64(len(s.pairs))*s.pairBytes + int64(len(s.nullTIDs))*s.nullBytes
}

// add takes d, writing a run first when the values held reach work_mem.
func (s *intKeySort) add(d types.Datum) error {
	if d.IsNull() {
		s.nulls++
		return nil
	}
	s.vals = append(s.vals, orderedKey(d.Int(), s.desc))
	if s.files.enabled() && s.used() > s.memLimit() {
		return s.writeRun()
	}
	return nil
}

// addWithTID takes the row (d, tid) of a sort withTID.
func (s *intKeySort) addWithTID(d types.Datum, tid types.Datum) error {
	t := uint64(tid.Int())
	if d.IsNull() {
		s.nullTIDs = append(s.nullTIDs, t)
	} else {
		s.pairs = append(s.pairs, intPair{orderedKey(d.Int(), s.desc), t})
	}
	if s.files.enabled() && s.used() > s.memLimit() {
		return s.writeRun()
	}
	return nil
}

func (s *intKeySort) sortHeld() error {
	if !s.withTID {
		return radixSort(s.ec, s.vals, make([]uint64, len(s.vals)), func(u *uint64) uint64 { return *u })
	}
	// The radix sort is stable, and the rows mostly come in tid order
	// (a table's scan); equal keys whose tids do not (a HOT chain's root
	// before its member) are put in order after.
	if err := radixSort(s.ec, s.pairs, make([]intPair, len(s.pairs)), func(p *intPair) uint64 { return p.key }); err != nil {
		return err
	}
	for i := 1; i < len(s.pairs); i++ {
		if s.pairs[i].key != s.pairs[i-1].key || s.pairs[i].tid > s.pairs[i-1].tid {
			continue
		}
		j := i - 1
		for j > 0 && s.pairs[j-1].key == s.pairs[i].key {
			j--
		}
		k := i + 1
		for k < len(s.pairs) && s.pairs[k].key == s.pairs[i].key {
			k++
		}
		slices.SortFunc(s.pairs[j:k], func(a, b intPair) int { return cmp.Compare(a.tid, b.tid) })
		i = k - 1
	}
	slices.Sort(s.nullTIDs)
	return nil
}

// heldPairs are the pairs held, sorted, with the NULLs' as pairs first
// or last (a sort withTID).
func (s *intKeySort) heldPairs() []intPair {
	if len(s.nullTIDs) == 0 {
		return s.pairs
	}
	out := make([]intPair, 0, len(s.pairs)+len(s.nullTIDs))
	if !s.nullsFirst {
		out = append(out, s.pairs...)
	}
	for _, t := range s.nullTIDs {
		out = append(out, intPair{0, t | nullTID})
	}
	if s.nullsFirst {
		out = append(out, s.pairs...)
	}
	return out
}

// writeRun sorts the values held and writes them as one run.
func (s *intKeySort) writeRun() error {
	if len(s.vals) == 0 && len(s.pairs) == 0 && len(s.nullTIDs) == 0 {
		return nil
	}
	if err := s.sortHeld(); err != nil {
		return err
	}
	w, err := s.newRunWriter()
	if err != nil {
		return err
	}
	put := func(i int, p intPair) error {
		if i%radixCheckEvery == 0 {
			if err := s.ec.CheckCancel(); err != nil {
				return err
			}
		}
		return w.put(p)
	}
	for i, v := range s.vals {
		if err := put(i, intPair{key: v}); err != nil {
			return err
		}
	}
	for i, p := range s.heldPairs() {
		if err := put(i, p); err != nil {
			return err
		}
	}
	run, err := w.finish()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, run)
	s.levels = append(s.levels, 0)
	s.vals, s.pairs, s.nullTIDs = s.vals[:0], s.pairs[:0], s.nullTIDs[:0]
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
		p, ok, err := m.nextPair()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := w.put(p); err != nil {
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
		size := int64(8)
		if s.withTID {
			size = 16
		}
		for _, r := range runs {
			s.diskBytes += r.n * size
		}
	}
	m := s.newMerge(s.runs, s.vals)
	if s.withTID {
		m.memPairs = s.heldPairs()
	}
	s.runs, s.vals, s.pairs, s.nullTIDs = nil, nil, nil, nil
	m.nulls, m.nullsFirst = s.nulls, s.nullsFirst
	return m, nil
}

func (s *intKeySort) newMerge(runs []*intRun, vals []uint64) *intMerge {
	m := &intMerge{ec: s.ec, files: s.files, desc: s.desc, mem: vals, withTID: s.withTID, nullsFirst: s.nullsFirst}
	for _, r := range runs {
		m.readers = append(m.readers, &intRunReader{run: r, buf: make([]byte, intRunBuffer), withTID: s.withTID})
	}
	return m
}

// intRunWriter writes a run of keys, or of pairs withTID.
type intRunWriter struct {
	files   *spillFiles
	f       *tempfile.File
	buf     []byte
	n       int64
	withTID bool
}

func (s *intKeySort) newRunWriter() (*intRunWriter, error) {
	f, err := s.files.create()
	if err != nil {
		return nil, err
	}
	return &intRunWriter{files: s.files, f: f, buf: make([]byte, 0, intRunBuffer), withTID: s.withTID}, nil
}

func (w *intRunWriter) put(p intPair) error {
	if len(w.buf)+16 > cap(w.buf) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.buf = binary.LittleEndian.AppendUint64(w.buf, p.key)
	if w.withTID {
		w.buf = binary.LittleEndian.AppendUint64(w.buf, p.tid)
	}
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

// intRunReader reads a run's keys (or pairs) in order.
type intRunReader struct {
	run     *intRun
	withTID bool
	buf     []byte
	pos     int
	end     int
	// read counts the keys read, off the bytes.
	read int64
	off  int64
}

func (r *intRunReader) next() (intPair, bool, error) {
	if r.read >= r.run.n {
		return intPair{}, false, nil
	}
	size := 8
	if r.withTID {
		size = 16
	}
	if r.pos+size > r.end {
		want := min(int64(len(r.buf)), int64(size)*(r.run.n-r.read))
		n, err := r.run.f.ReadAt(r.buf[:want], r.off)
		if int64(n) < want {
			if err == nil || err == io.EOF {
				return intPair{}, false, pgerr.Newf(pgerr.DataCorrupted, "could not read from temporary file \"%s\": read only %d of %d bytes", r.run.f.Path(), n, want)
			}
			return intPair{}, false, err
		}
		r.off += want
		r.pos, r.end = 0, int(want)
	}
	p := intPair{key: binary.LittleEndian.Uint64(r.buf[r.pos:])}
	if r.withTID {
		p.tid = binary.LittleEndian.Uint64(r.buf[r.pos+8:])
	}
	r.pos += size
	r.read++
	return p, true, nil
}

// intMerge merges sorted runs and the sorted values held in memory
// through a binary heap of their current keys, deleting each run when it
// is read to its end.
type intMerge struct {
	ec      *expr.EvalContext
	files   *spillFiles
	desc    bool
	readers []*intRunReader
	// mem are the sorted keys held in memory, or memPairs the pairs
	// (withTID, the NULLs' among them).
	mem      []uint64
	memPairs []intPair
	withTID  bool
	heap     []intHead
	started  bool
	n        int
	// nulls NULLs are returned first or last (withTID, the NULLs are
	// pairs flagged nullTID and nulls is 0).
	nulls      int64
	nullsFirst bool
	slab       datumSlab
}

// intHead is a source's current key (or pair); src indexes readers, or
// is -1 for the values in memory.
type intHead struct {
	intPair
	src int
}

// less orders pairs: on the key alone, or withTID the NULLs first or
// last, then the key, then the tid.
func (m *intMerge) less(a, b *intPair) bool {
	if !m.withTID {
		return a.key < b.key
	}
	if an, bn := a.tid&nullTID != 0, b.tid&nullTID != 0; an != bn {
		return an == m.nullsFirst
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.tid < b.tid
}

// popMem takes the next pair held in memory.
func (m *intMerge) popMem() (intPair, bool) {
	if m.withTID {
		if len(m.memPairs) == 0 {
			return intPair{}, false
		}
		p := m.memPairs[0]
		m.memPairs = m.memPairs[1:]
		return p, true
	}
	if len(m.mem) == 0 {
		return intPair{}, false
	}
	v := m.mem[0]
	m.mem = m.mem[1:]
	return intPair{key: v}, true
}

func (m *intMerge) start() error {
	m.started = true
	for i, r := range m.readers {
		if err := m.push(i, r); err != nil {
			return err
		}
	}
	if p, ok := m.popMem(); ok {
		m.heap = append(m.heap, intHead{intPair: p, src: -1})
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return nil
}

func (m *intMerge) push(i int, r *intRunReader) error {
	p, ok, err := r.next()
	if err != nil {
		return err
	}
	if ok {
		m.heap = append(m.heap, intHead{intPair: p, src: i})
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
		if r := l + 1; r < len(h) && m.less(&h[r].intPair, &h[l].intPair) {
			c = r
		}
		if !m.less(&h[c].intPair, &h[i].intPair) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// nextPair returns the smallest key (or pair) left.
func (m *intMerge) nextPair() (intPair, bool, error) {
	if !m.started {
		if err := m.start(); err != nil {
			return intPair{}, false, err
		}
	}
	if len(m.heap) == 0 {
		return intPair{}, false, nil
	}
	if m.n++; m.n%radixCheckEvery == 0 {
		if err := m.ec.CheckCancel(); err != nil {
			return intPair{}, false, err
		}
	}
	top := &m.heap[0]
	v := top.intPair
	var more bool
	if top.src < 0 {
		top.intPair, more = m.popMem()
	} else {
		r := m.readers[top.src]
		next, ok, err := r.next()
		if err != nil {
			return intPair{}, false, err
		}
		if more = ok; ok {
			top.intPair = next
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

// nextValue returns the next value in the sort's order, NULLs included
// (of a sort without tids).
func (m *intMerge) nextValue() (types.Datum, bool, error) {
	if m.nulls > 0 && m.nullsFirst {
		m.nulls--
		return types.Null, true, nil
	}
	p, ok, err := m.nextPair()
	if err != nil || ok {
		return types.Int(keyValue(p.key, m.desc)), ok, err
	}
	if m.nulls > 0 {
		m.nulls--
		return types.Null, true, nil
	}
	return types.Null, false, nil
}

// next returns the next row as a fresh one-column row, or withTID a
// fresh (value, tid) row.
func (m *intMerge) next() ([]types.Datum, bool, error) {
	if !m.withTID {
		d, ok, err := m.nextValue()
		if err != nil || !ok {
			return nil, false, err
		}
		row := m.slab.row(1)
		row[0] = d
		return row, true, nil
	}
	p, ok, err := m.nextPair()
	if err != nil || !ok {
		return nil, false, err
	}
	row := m.slab.row(2)
	if p.tid&nullTID != 0 {
		row[0] = types.Null
	} else {
		row[0] = types.Int(keyValue(p.key, m.desc))
	}
	row[1] = types.Int(int64(p.tid &^ nullTID))
	return row, true, nil
}
