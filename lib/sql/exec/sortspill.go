// This file is the Sort node's external merge sort (tuplesort.c beyond
// work_mem): when the rows read so far outgrow work_mem they are sorted
// and written to a temporary file as one sorted run; at the end of the
// input the runs, and the last rows still in memory, are merged. Runs are
// merged at most mergeOrder at a time, in passes over consecutive runs,
// until one final merge can read them all. Runs keep the input's order,
// and among equal rows the merge takes the earlier run's first, so the
// result is exactly the in-memory stable sort's. Rows of one
// integer-like column sorted on it are sorted as values instead
// (intsort.go), and so are rows of such a column and a tid sorted on
// both (an index build's).

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// minMergeOrder and maxMergeOrder bound how many runs one merge reads
// (tuplesort.c's MINORDER and MAXORDER).
const (
	minMergeOrder = 6
	maxMergeOrder = 500
)

// mergeOrder is how many runs one merge reads at once: as many as
// work_mem holds read buffers for (tuplesort_merge_order).
func mergeOrder(workMem int64) int {
	n := workMem / (2 * rowFileBuffer)
	return int(max(minMergeOrder, min(maxMergeOrder, n)))
}

// externalSort collects rows, writing sorted runs beyond work_mem.
type externalSort struct {
	ec    *expr.EvalContext
	files *spillFiles
	keys  []plan.SortKey
	typs  []uint32
	width int
	side  *types.SpillSide
	rows  [][]types.Datum
	used  int64
	runs  []*rowFile
	// levels parallels runs: 0 for a run of rows sorted in memory, n+1
	// for the merge of mergeOrder runs of level n.
	levels []int
	// spilledBytes is the size of the runs written (for the statement's
	// accounting of disk use).
	spilledBytes int64
	// enc and offs are writeRun's buffers: the encodings of the rows
	// held, and where each starts. keepBuffers keeps them from run to
	// run (for the one sort of a Sort node; an aggregate has a sort per
	// group, and many kept buffers would be memory nothing accounts
	// for).
	enc         []byte
	offs        []int
	keepBuffers bool
	// ints sorts instead rows of one integer-like column on it
	// (intsort.go); used is then its values' memory.
	ints *intKeySort
	// added counts the rows added.
	added int64
}

// sortedRows gives the rows of a sort that outgrew work_mem in order.
type sortedRows interface {
	next() ([]types.Datum, bool, error)
}

func newExternalSort(ec *expr.EvalContext, files *spillFiles, keys []plan.SortKey, typs []uint32) *externalSort {
	s := &externalSort{ec: ec, files: files, keys: keys, typs: typs, side: &types.SpillSide{}}
	switch {
	case intKeySorts(keys, typs):
		s.ints = newIntKeySort(ec, files, keys[0])
	case intTIDKeySorts(keys, typs):
		s.ints = newIntTIDKeySort(ec, files, keys[0], typs)
	}
	return s
}

// add takes row, writing a run first when the rows held reach work_mem.
// The sort keeps row, unless it sorts its values alone (ints).
func (s *externalSort) add(row []types.Datum) error {
	s.added++
	if s.ints != nil {
		var err error
		switch {
		case s.ints.withTID && len(row) == 2:
			err = s.ints.addWithTID(row[0], row[1])
		case !s.ints.withTID && len(row) == 1:
			err = s.ints.add(row[0])
		default:
			return pgerr.Newf(pgerr.InternalError, "row of %d columns added to an integer sort", len(row))
		}
		s.used = s.ints.used()
		return err
	}
	if len(s.rows) == 0 && len(s.runs) == 0 {
		s.width = len(row)
	}
	s.rows = append(s.rows, row)
	if !s.files.enabled() {
		return nil
	}
	s.used += rowBytes(row, s.typs)
	if s.used > s.files.mem.Bytes {
		return s.writeRun()
	}
	return nil
}

// writeRun sorts the rows held and writes them as one run. The rows are
// encoded in the order they came, which is their order in memory, and
// the encodings written in sorted order: encoding the rows in sorted
// order would miss the cache on every row and on every value it points
// at.
func (s *externalSort) writeRun() error {
	if s.ints != nil {
		err := s.ints.writeRun()
		s.used = s.ints.used()
		return err
	}
	order, err := sortOrder(s.ec, s.rows, s.keys, s.typs)
	if err != nil {
		return err
	}
	run, err := newRowFile(s.files, s.typs, s.width, s.side, rowFileBuffer)
	if err != nil {
		return err
	}
	s.runs = append(s.runs, run)
	s.levels = append(s.levels, 0)
	enc, offs := s.enc[:0], s.offs[:0]
	for i, row := range s.rows {
		if i&0x3FF == 0 {
			if err := s.ec.CheckCancel(); err != nil {
				return err
			}
		}
		offs = append(offs, len(enc))
		if enc, err = run.appendFramedRow(enc, row); err != nil {
			return err
		}
	}
	offs = append(offs, len(enc))
	if s.keepBuffers {
		s.enc, s.offs = enc, offs
	}
	for i := range s.rows {
		if i&0x3FF == 0 {
			if err := s.ec.CheckCancel(); err != nil {
				return err
			}
		}
		j := i
		if order != nil {
			j = order[i]
		}
		if err := run.writeFramed(enc[offs[j]:offs[j+1]]); err != nil {
			return err
		}
	}
	if err := run.finish(); err != nil {
		return err
	}
	s.spilledBytes += run.f.Size()
	clear(s.rows)
	s.rows = s.rows[:0]
	s.used = 0
	return s.mergeTail()
}

// mergeTail merges the last mergeOrder runs while they are of one level,
// as a counter in base mergeOrder carries: runs stay consecutive (so the
// sort stays stable), each row is merged once per level, and the runs
// open at a time (one file descriptor each) stay few however long the
// input.
func (s *externalSort) mergeTail() (err error) {
	s.runs, s.levels, err = mergeTailRuns(s.runs, s.levels, mergeOrder(s.files.mem.Bytes), s.mergeRuns)
	return err
}

// mergeTailRuns is mergeTail over runs of any kind, levels paralleling
// runs, merge merging consecutive runs into one.
func mergeTailRuns[R any](runs []R, levels []int, order int, merge func([]R) (R, error)) ([]R, []int, error) {
	for {
		n := len(runs)
		if n < order {
			return runs, levels, nil
		}
		level := levels[n-1]
		for _, l := range levels[n-order:] {
			if l != level {
				return runs, levels, nil
			}
		}
		merged, err := merge(runs[n-order:])
		if err != nil {
			return runs, levels, err
		}
		runs = append(runs[:n-order], merged)
		levels = append(levels[:n-order], level+1)
	}
}

// mergePasses merges groups of consecutive runs until they and one more
// source (the rows in memory) fit one merge of order sources.
func mergePasses[R any](runs []R, order int, merge func([]R) (R, error)) ([]R, error) {
	for len(runs)+1 > order {
		var next []R
		for i := 0; i < len(runs); i += order {
			group := runs[i:min(i+order, len(runs))]
			if len(group) == 1 {
				next = append(next, group[0])
				continue
			}
			merged, err := merge(group)
			if err != nil {
				return runs, err
			}
			next = append(next, merged)
		}
		runs = next
	}
	return runs, nil
}

// held is the memory the rows held take, for EXPLAIN ANALYZE's Sort
// Method line (nothing is computed without it).
func (info *SortInfo) held(s *externalSort) int64 {
	switch {
	case info == nil:
		return 0
	case s.ints != nil && !s.ints.withTID:
		return datumSortMemory(len(s.ints.vals))
	case s.ints != nil:
		return s.ints.used()
	case s.files.enabled():
		return s.used
	}
	var n int64
	for _, r := range s.rows {
		n += rowBytes(r, s.typs)
	}
	return n
}

// record notes how s sorted: in memory (method, held bytes) or, when
// merge reads runs, on disk.
func (info *SortInfo) record(method string, held int64, s *externalSort, merge sortedRows) {
	if info == nil {
		return
	}
	if merge == nil || s.ints != nil && s.ints.diskBytes == 0 {
		// An integer sort always returns a merge, of the runs and the
		// values held: without runs it sorted in memory.
		*info = SortInfo{Method: method, Space: max(held, info.Space)}
		return
	}
	if s.ints != nil {
		*info = SortInfo{Method: "external merge", Space: s.ints.diskBytes, Disk: true}
		return
	}
	var disk int64
	for _, r := range s.runs {
		disk += r.f.Size()
	}
	*info = SortInfo{Method: "external merge", Space: disk, Disk: true}
}

// finish sorts what is held and returns the source of the sorted rows:
// nil when everything fit in memory (the rows are then s.rows, sorted),
// else a merge of the runs and the rows held.
func (s *externalSort) finish() (sortedRows, error) {
	if s.ints != nil {
		s.used = 0
		return s.ints.finish()
	}
	s.enc, s.offs = nil, nil
	if err := sortRows(s.ec, s.rows, s.keys, s.typs); err != nil {
		return nil, err
	}
	if len(s.runs) == 0 {
		return nil, nil // not a nil *runMerge in the interface
	}
	runs, err := mergePasses(s.runs, mergeOrder(s.files.mem.Bytes), s.mergeRuns)
	if err != nil {
		return nil, err
	}
	s.runs = runs
	m := &runMerge{ec: s.ec, keys: s.keys, typs: s.typs}
	for _, r := range s.runs {
		m.sources = append(m.sources, &mergeSource{run: r, reader: r.reader()})
	}
	m.sources = append(m.sources, &mergeSource{rows: s.rows})
	s.rows = nil
	if err := m.start(); err != nil {
		return nil, err
	}
	return m, nil
}

// mergeRuns merges consecutive runs into a new one, deleting them.
func (s *externalSort) mergeRuns(group []*rowFile) (*rowFile, error) {
	m := &runMerge{ec: s.ec, keys: s.keys, typs: s.typs}
	for _, r := range group {
		// The merged rows are written out at once: each source decodes
		// into the same buffers row after row.
		m.sources = append(m.sources, &mergeSource{run: r, reader: r.reader(), reuse: true, row: make([]types.Datum, s.width)})
	}
	if err := m.start(); err != nil {
		return nil, err
	}
	out, err := newRowFile(s.files, s.typs, s.width, s.side, rowFileBuffer)
	if err != nil {
		return nil, err
	}
	for {
		_, ok, err := m.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := out.writeRaw(m.sources[m.advance].raw); err != nil {
			return nil, err
		}
	}
	if err := out.finish(); err != nil {
		return nil, err
	}
	s.spilledBytes += out.f.Size()
	return out, nil
}

// mergeSource is one sorted input of a merge: a run on disk or the rows
// still in memory.
type mergeSource struct {
	run    *rowFile
	reader *rowReader
	rows   [][]types.Datum
	pos    int
	// reuse decodes each row of the run into row and raw, valid until
	// the next row is read, instead of fresh memory.
	reuse bool
	raw   []byte
	row   []types.Datum
	// Otherwise the rows and their encodings, which their values point
	// into, are carved from larger allocations.
	rowSlab  datumSlab
	byteSlab []byte
}

// mergeByteSlab is the size of the allocations a merge source carves
// the encodings of its fresh rows from: small, so that a consumer
// keeping a few of the rows keeps little else alive with them.
const mergeByteSlab = 16 << 10

func (m *mergeSource) next() ([]types.Datum, bool, error) {
	if m.reuse {
		raw, ok, err := m.reader.nextRaw(m.raw)
		if err != nil || !ok {
			return nil, false, err
		}
		m.raw = raw
		if err := types.DecodeSpill(m.row, raw, m.run.side); err != nil {
			return nil, false, err
		}
		return m.row, true, nil
	}
	if m.reader != nil {
		if len(m.byteSlab) < 256 {
			m.byteSlab = make([]byte, mergeByteSlab)
		}
		free := len(m.byteSlab)
		raw, ok, err := m.reader.nextRaw(m.byteSlab[:0:free])
		if err != nil || !ok {
			return nil, false, err
		}
		if len(raw) <= free {
			// readRawRow read into the slab.
			raw = raw[:len(raw):len(raw)]
			m.byteSlab = m.byteSlab[len(raw):]
		}
		row := m.rowSlab.row(m.run.width)
		if err := types.DecodeSpill(row, raw, m.run.side); err != nil {
			return nil, false, err
		}
		return row, true, nil
	}
	if m.pos >= len(m.rows) {
		return nil, false, nil
	}
	row := m.rows[m.pos]
	m.rows[m.pos] = nil
	m.pos++
	return row, true, nil
}

// runMerge is a k-way merge of sorted sources through a loser tree
// (tournament tree) of their current rows: taking a row and replacing it
// with its source's next costs one comparison per level, half a binary
// heap's. Ties go to the earlier source, which keeps the sort stable.
// The source of the row returned last advances at the next call, so that
// a source reusing its buffers keeps that row intact meanwhile.
type runMerge struct {
	ec      *expr.EvalContext
	keys    []plan.SortKey
	typs    []uint32
	sources []*mergeSource
	// cur is each source's current row; live says whether it has one.
	cur  []mergeItem
	live []bool
	// tree holds, at each inner node 1..k-1 of a complete binary tree
	// whose leaves k..2k-1 are the sources, the source that lost the
	// comparison there; winner is the source whose row is next.
	tree   []int
	winner int
	n      int
	// intKey: the first key compares as a signed integer, and the
	// items carry it.
	intKey bool
	// advance is the source of the row returned last, -1 before the
	// first.
	advance int
}

// mergeItem is a source's current row; with an integer-like first sort
// key (runMerge.intKey) also that key as radixSort orders it, when the
// key is not NULL.
type mergeItem struct {
	row  []types.Datum
	key  uint64
	null bool
}

func (m *runMerge) item(row []types.Datum) mergeItem {
	it := mergeItem{row: row}
	if m.intKey {
		k := m.keys[0]
		d := row[k.Target]
		if it.null = d.IsNull(); !it.null {
			it.key = orderedKey(d.Int(), k.Desc)
		}
	}
	return it
}

// before reports whether source a's row comes before source b's; a
// source without a row comes after every other.
func (m *runMerge) before(a, b int) bool {
	if !m.live[a] || !m.live[b] {
		return m.live[a] && !m.live[b] || !m.live[a] && !m.live[b] && a < b
	}
	x, y := &m.cur[a], &m.cur[b]
	keys := m.keys
	if m.intKey && !x.null && !y.null {
		if x.key != y.key {
			return x.key < y.key
		}
		keys = keys[1:]
	}
	if c := compareRows(x.row, y.row, keys, m.typs); c != 0 {
		return c < 0
	}
	return a < b
}

// start reads each source's first row and plays the tournament.
func (m *runMerge) start() error {
	m.advance = -1
	m.intKey = len(m.keys) > 0 && types.ComparesAsInt(m.typs[m.keys[0].Target])
	k := len(m.sources)
	m.cur, m.live, m.tree = make([]mergeItem, k), make([]bool, k), make([]int, k)
	for i := range m.sources {
		if err := m.read(i); err != nil {
			return err
		}
	}
	if k > 0 {
		m.winner = m.play(1)
	}
	return nil
}

// play fills the inner nodes under node and returns the winner there.
func (m *runMerge) play(node int) int {
	k := len(m.sources)
	if node >= k {
		return node - k
	}
	l, r := m.play(2*node), m.play(2*node+1)
	if m.before(r, l) {
		l, r = r, l
	}
	m.tree[node] = r
	return l
}

// read makes source i's next row its current one, deleting its run when
// it has none left.
func (m *runMerge) read(i int) error {
	src := m.sources[i]
	row, ok, err := src.next()
	if err != nil {
		return err
	}
	m.live[i] = ok
	if ok {
		m.cur[i] = m.item(row)
	} else {
		m.cur[i] = mergeItem{}
		m.done(src)
	}
	return nil
}

// done deletes an exhausted run's file.
func (m *runMerge) done(src *mergeSource) {
	if src.run != nil {
		src.run.close()
		src.run, src.reader = nil, nil
	}
}

// next returns the smallest row left.
func (m *runMerge) next() ([]types.Datum, bool, error) {
	if m.advance >= 0 {
		// The row returned last is still the winner's: replace it and
		// replay its path to the root.
		w := m.advance
		m.advance = -1
		if err := m.read(w); err != nil {
			return nil, false, err
		}
		for node := (w + len(m.sources)) / 2; node >= 1; node /= 2 {
			if m.before(m.tree[node], w) {
				m.tree[node], w = w, m.tree[node]
			}
		}
		m.winner = w
	}
	if len(m.sources) == 0 || !m.live[m.winner] {
		return nil, false, nil
	}
	if m.n++; m.n&0x3FF == 0 {
		if err := m.ec.CheckCancel(); err != nil {
			return nil, false, err
		}
	}
	m.advance = m.winner
	return m.cur[m.winner].row, true, nil
}
