// This file is the Memoize cache of a nested loop's inner index scan
// (PostgreSQL's nodeMemoize.c): the inner rows found for each distinct
// set of outer key values, kept within work_mem × hash_mem_multiplier,
// the least recently used entries evicted first. An outer row whose key
// values have a complete entry is joined with the kept rows and the
// inner scan is not run; any other runs the scan and keeps what it
// returns. An entry that alone outgrows the memory is given up
// (an overflow) and its rows are only joined, not kept.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// MemoInfo is what a Memoize reports to EXPLAIN ANALYZE
// (show_memoize_info).
type MemoInfo struct {
	// Hits counts the lookups answered from the cache, Misses those
	// that ran the inner scan; Evictions the entries removed to make
	// room; Overflows the entries given up because they alone did not
	// fit.
	Hits, Misses, Evictions, Overflows int64
	// Peak is the most memory the entries took at once, in bytes.
	Peak int64
}

// memoEntry is the kept inner rows of one set of key values, a link of
// the cache's recency list.
type memoEntry struct {
	key        string
	rows       [][]types.Datum
	bytes      int64
	complete   bool
	prev, next *memoEntry
}

// The memory a cache entry is counted as, PostgreSQL's on a 64-bit
// build so that the cache holds as many entries as PostgreSQL's and
// EXPLAIN ANALYZE shows the same Memory Usage: an entry and its key
// (MemoizeEntry, MemoizeKey) besides the key values' tuple, and each row
// (MemoizeTuple) besides its tuple.
const (
	memoEntryBytes = 48
	memoTupleBytes = 16
)

// minimalTupleBytes is the length of a MinimalTuple of row's values at
// positions cols (of types types): the header and null bitmap, then
// each value aligned as its type, a short string's with a one-byte
// header and unaligned.
func minimalTupleBytes(row []types.Datum, cols []int, typs []uint32) int64 {
	hoff := 15
	for _, c := range cols {
		if row[c].IsNull() {
			hoff += (len(cols) + 7) / 8
			break
		}
	}
	off := alignTo(hoff, 8)
	for _, c := range cols {
		d := row[c]
		if d.IsNull() {
			continue
		}
		var t *types.Type
		if c < len(typs) {
			t = types.ByOID(types.DomainBase(typs[c]))
		}
		switch {
		case t != nil && t.Len > 0:
			off = alignTo(off, alignBytes(t.Align)) + int(t.Len)
		default:
			n := int(types.SpillSize(0, d))
			if n+1 <= 127 {
				off += n + 1
			} else {
				off = alignTo(off, 4) + n + 4
			}
		}
	}
	return int64(off)
}

func alignTo(off, to int) int { return (off + to - 1) &^ (to - 1) }

func alignBytes(a byte) int {
	switch a {
	case 'd':
		return 8
	case 'i':
		return 4
	case 's':
		return 2
	}
	return 1
}

// memoCache is one execution's cache of a Memoize.
type memoCache struct {
	keys     []expr.Evaluator
	keyTypes []uint32
	keyBuf   []byte
	// keyVals are the key values lookup computed last, keyValTypes
	// their types (the keys' own, not the compared-as KeyTypes);
	// keyCols their positions 0..n-1.
	keyVals     []types.Datum
	keyValTypes []uint32
	keyCols     []int
	// iseg are the inner side's segments of the level row (what a kept
	// row holds that matters), types the level row's value types.
	iseg  [][2]int
	types []uint32
	// cols are the positions of the level row the inner scan gives
	// values for (what a kept row is counted as holding).
	cols  []int
	limit int64
	used  int64
	// entries by key; head is the most recently used, tail the least.
	entries    map[string]*memoEntry
	head, tail *memoEntry
	// filling is the entry the inner scan running now adds its rows
	// to, nil when they are not kept (a NULL key, an overflow).
	filling *memoEntry
	// info are the cache's counts: under EXPLAIN ANALYZE the Memoize's
	// NodeCounts.Memo, whose Loops and Rows counts receive the lookups
	// and the rows they gave.
	info   *MemoInfo
	counts *NodeCounts
}

func (x *executor) newMemoCache(m *plan.Memoize, inner plan.Node, iseg [][2]int) (*memoCache, error) {
	keys, err := compileAll(m.Keys)
	if err != nil {
		return nil, err
	}
	limit := m.HashMem
	if x.files != nil && x.files.mem.HashBytes > 0 {
		limit = x.files.mem.HashBytes
	}
	var cols []int
	if scan, ok := inner.(*plan.TableScan); ok {
		for i := range scan.Table.Columns {
			if scan.Need == nil || scan.Need[i] {
				cols = append(cols, scan.Offset+i)
			}
		}
	}
	keyValTypes := make([]uint32, len(m.Keys))
	for i, k := range m.Keys {
		keyValTypes[i] = k.Type()
	}
	return &memoCache{keys: keys, keyTypes: m.KeyTypes, keyValTypes: keyValTypes, iseg: iseg, types: m.Types, cols: cols, limit: limit, entries: map[string]*memoEntry{},
		info: &MemoInfo{}}, nil
}

// lookup finds the entry of outer row row's key values: the kept rows
// and true on a hit. On a miss the rows the inner scan is about to
// return are kept under the key (add, finish). NULL keys are kept too,
// equal to each other as PostgreSQL's cache compares them.
func (m *memoCache) lookup(ec *expr.EvalContext, row []types.Datum) ([][]types.Datum, bool, error) {
	m.filling = nil
	b := m.keyBuf[:0]
	if m.keyVals == nil {
		m.keyVals = make([]types.Datum, len(m.keys))
	}
	for i, ev := range m.keys {
		v, err := ev(ec, row)
		if err != nil {
			return nil, false, err
		}
		m.keyVals[i] = v
		if v.IsNull() {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		b = types.AppendKey(b, m.keyTypes[i], v)
	}
	m.keyBuf = b
	m.info.Misses++
	if e := m.entries[string(b)]; e != nil {
		m.touch(e)
		if e.complete {
			m.info.Misses--
			m.info.Hits++
			return e.rows, true, nil
		}
		// Left unfinished (the join stopped early): read again.
		kept := memoEntryBytes + m.keyTupleBytes()
		m.used -= e.bytes - kept
		e.rows, e.bytes = nil, kept
		m.filling = e
		return nil, false, nil
	}
	e := &memoEntry{key: string(b), bytes: memoEntryBytes + m.keyTupleBytes()}
	m.entries[e.key] = e
	m.used += e.bytes
	m.pushFront(e)
	m.filling = e
	m.fit()
	return nil, false, nil
}

// add keeps inner row row in the entry being filled.
func (m *memoCache) add(row []types.Datum) {
	e := m.filling
	if e == nil {
		return
	}
	n := memoTupleBytes + minimalTupleBytes(row, m.cols, m.types)
	e.rows = append(e.rows, row)
	e.bytes += n
	m.used += n
	m.fit()
}

// finish marks the entry being filled complete: the inner scan ended.
func (m *memoCache) finish() {
	if m.filling != nil {
		m.filling.complete = true
		m.filling = nil
	}
}

// fit evicts the least recently used entries until the cache is within
// its memory; when the entry being filled is all that is left and still
// too big, it is given up.
func (m *memoCache) fit() {
	if m.used > m.info.Peak {
		m.info.Peak = m.used
	}
	for m.used > m.limit && m.tail != nil {
		victim := m.tail
		if victim == m.filling {
			if victim.prev == nil {
				m.remove(victim)
				m.filling = nil
				m.info.Overflows++
				return
			}
			victim = victim.prev
		}
		m.remove(victim)
		m.info.Evictions++
	}
}

func (m *memoCache) remove(e *memoEntry) {
	delete(m.entries, e.key)
	m.used -= e.bytes
	m.unlink(e)
}

func (m *memoCache) touch(e *memoEntry) {
	if m.head != e {
		m.unlink(e)
		m.pushFront(e)
	}
}

func (m *memoCache) pushFront(e *memoEntry) {
	e.prev, e.next = nil, m.head
	if m.head != nil {
		m.head.prev = e
	}
	m.head = e
	if m.tail == nil {
		m.tail = e
	}
}

func (m *memoCache) unlink(e *memoEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		m.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		m.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

// instrument makes c the cache's counts (EXPLAIN ANALYZE).
func (m *memoCache) instrument(c *NodeCounts) {
	m.counts, m.info = c, &c.Memo
}

// keyTupleBytes is the length of the tuple of the key values lookup
// computed last (the entry's key).
func (m *memoCache) keyTupleBytes() int64 {
	if m.keyCols == nil {
		m.keyCols = make([]int, len(m.keys))
		for i := range m.keyCols {
			m.keyCols[i] = i
		}
	}
	return minimalTupleBytes(m.keyVals, m.keyCols, m.keyValTypes)
}
