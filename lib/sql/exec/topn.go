package exec

import (
	"math"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// topNIter is a Sort under a Limit that needs only the first bound rows
// (LIMIT count + OFFSET), PostgreSQL's bounded sort: instead of keeping
// and sorting every input row, it keeps at most about twice bound rows.
// Whenever the buffer reaches that, it is sorted and cut after the
// bound-th row and the rows equal to it; that row becomes the cutoff, and
// later input rows that sort after it are dropped at once, so a top-10
// of a million rows costs about one comparison per row. Rows tying with
// the cutoff are kept, so the result is the prefix of the full stable
// sort including every row that ties with the last one wanted (which
// FETCH ... WITH TIES returns too).
type topNIter struct {
	sort   *sortIter // the replaced Sort: its input, keys and types
	bound  int64
	rows   [][]types.Datum
	cutoff []types.Datum // nil until the first cut
	// cutKey is the cutoff's first key as radixSort orders it, when that
	// key compares as a signed integer and is not NULL (intCut).
	cutKey uint64
	intCut bool
	sorted bool
	pos    int
	// merge reads the result when the rows kept outgrew work_mem (a
	// large bound, or many ties) and the sort went external after all.
	merge sortedRows
	slab  datumSlab // the copies of the input rows kept
}

// boundSort gives a Limit whose input is a Sort a bounded sort instead,
// when the limit has a row count.
func boundSort(l *limitIter) {
	in := uninstrumented(&l.in)
	s, ok := (*in).(*sortIter)
	if !ok || l.count <= 0 || l.offset > math.MaxInt64-l.count {
		return
	}
	// fill copies the rows it keeps, values too: most input rows are
	// dropped at once.
	borrowRows(s.in)
	lendValues(s.in)
	*in = &topNIter{sort: s, bound: l.count + l.offset}
}

func (t *topNIter) Next() ([]types.Datum, bool, error) {
	if !t.sorted {
		if err := t.fill(); err != nil {
			return nil, false, err
		}
		t.sorted = true
	}
	if t.merge != nil {
		return t.merge.next()
	}
	if t.pos >= len(t.rows) {
		return nil, false, nil
	}
	t.pos++
	row := t.rows[t.pos-1]
	t.rows[t.pos-1] = nil
	return row, true, nil
}

// fill reads the whole input, keeping the first bound rows of its sorted
// order (and their ties), sorted.
func (t *topNIter) fill() error {
	s := t.sort
	keys, typs := s.node.Keys, s.node.Types
	limit := 2 * t.bound
	if t.bound > math.MaxInt64/2 {
		limit = math.MaxInt64
	}
	var read int
	var used int64
	var ext *externalSort // set once the rows kept outgrow work_mem
	for {
		row, ok, err := s.in.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		// Rows the input filters out do not reach here, so the input's
		// own checks do not cover this loop.
		if read++; read&0xFFFF == 0 {
			if err := s.ec.CheckCancel(); err != nil {
				return err
			}
		}
		if t.cutoff != nil && t.afterCutoff(row, keys, typs) {
			continue
		}
		row = t.slab.clone(row)
		for i, d := range row {
			// The input may lend its values' memory (lendValues).
			row[i] = types.OwnBytes(d)
		}
		if ext != nil {
			if err := ext.add(row); err != nil {
				return err
			}
			continue
		}
		t.rows = append(t.rows, row)
		if s.files.enabled() {
			used += rowBytes(row, typs)
			if used > s.files.mem.Bytes {
				// Past work_mem: sort externally what is kept and the
				// rest. The rows kept came first in the input and are
				// in stable order, and those dropped sort after every
				// row the limit can return, so the result is the same.
				ext = newExternalSort(s.ec, s.files, keys, typs)
				ext.keepBuffers = true
				for _, r := range t.rows {
					if err := ext.add(r); err != nil {
						return err
					}
				}
				t.rows = nil
				continue
			}
		}
		if int64(len(t.rows)) >= limit {
			if err := t.cut(s.ec); err != nil {
				return err
			}
			used = 0
			for _, r := range t.rows {
				used += rowBytes(r, typs)
			}
			// Many ties with the cutoff: let the buffer grow beyond
			// twice bound rather than cut again at every row.
			limit = max(limit, 2*int64(len(t.rows)))
		}
	}
	if ext != nil {
		held := s.info.held(ext)
		merge, err := ext.finish()
		if err != nil {
			return err
		}
		s.info.record("quicksort", held, ext, merge)
		t.rows, t.merge = ext.rows, merge
		return nil
	}
	if err := t.cut(s.ec); err != nil {
		return err
	}
	if s.info != nil {
		// The rows kept, which is all a bounded sort holds at the end.
		var n int64
		for _, r := range t.rows {
			n += rowBytes(r, typs)
		}
		// tuplesort heaps a bounded sort only once more than twice the
		// bound rows came; fewer are sorted whole.
		method := "quicksort"
		if int64(read) > 2*t.bound {
			method = "top-N heapsort"
		}
		s.info.record(method, max(n, used), &externalSort{}, nil)
	}
	return nil
}

// cut sorts the buffer and drops the rows after the bound-th one that do
// not tie with it.
func (t *topNIter) cut(ec *expr.EvalContext) error {
	s := t.sort
	if err := sortRows(ec, t.rows, s.node.Keys, s.node.Types); err != nil {
		return err
	}
	if int64(len(t.rows)) <= t.bound {
		return nil
	}
	last := t.rows[t.bound-1]
	keep := int(t.bound)
	for keep < len(t.rows) && compareRows(t.rows[keep], last, s.node.Keys, s.node.Types) == 0 {
		keep++
	}
	clear(t.rows[keep:])
	t.rows = t.rows[:keep]
	t.cutoff = last
	k := s.node.Keys[0]
	d := last[k.Target]
	t.intCut = types.ComparesAsInt(s.node.Types[k.Target]) && !d.IsNull()
	if t.intCut {
		t.cutKey = orderedKey(d.Int(), k.Desc)
	}
	return nil
}

// afterCutoff reports whether row sorts after the cutoff, comparing an
// integer first key as a word: most input rows are dropped on that one
// comparison.
func (t *topNIter) afterCutoff(row []types.Datum, keys []plan.SortKey, typs []uint32) bool {
	if t.intCut {
		if d := row[keys[0].Target]; !d.IsNull() {
			switch u := orderedKey(d.Int(), keys[0].Desc); {
			case u > t.cutKey:
				return true
			case u < t.cutKey:
				return false
			}
			return compareRows(row, t.cutoff, keys[1:], typs) > 0
		}
	}
	return compareRows(row, t.cutoff, keys, typs) > 0
}
