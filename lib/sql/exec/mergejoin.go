// This file runs merge joins (PostgreSQL's nodeMergejoin.c): both
// inputs come ascending on the join keys, NULLs last, and the rows of
// equal keys are paired. The inner rows of the current key (its group)
// are kept as they are read, in a tuplestore that spills beyond
// work_mem, so that each further outer row of that key reads them again
// — what PostgreSQL's mark and restore of the inner side do. Under
// EXPLAIN ANALYZE those re-reads count on the inner node as PostgreSQL's
// fetches after a restore do. A Materialize below a merge join passes
// its input's rows on: the join keeps what must be read again.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// mergeStep is where a merge join stands between two rows it returns.
type mergeStep int8

const (
	mergeNextOuter  mergeStep = iota // read the next outer row
	mergeJoinGroup                   // pair the outer row with the group's rows
	mergeFlushGroup                  // RIGHT, FULL: the group's unmatched rows
	mergeAdvance                     // read inner rows up to the outer row's key
	mergeInnerTail                   // RIGHT, FULL: the inner rows left once the outer side ended
	mergeDone
)

type mergeJoinIter struct {
	ec           *expr.EvalContext
	typ          plan.JoinType
	outer, inner iterator
	okeys, ikeys []int
	keyTypes     []uint32
	quals        []expr.Evaluator
	iseg         [][2]int
	level        int
	files        *spillFiles
	types        []uint32

	step mergeStep
	cur  []types.Datum // the outer row being joined
	// curMatched: cur passed the quals with some inner row.
	curMatched bool
	// next is the inner row after the group (nil: none read yet, or
	// the inner side ended: innerDone).
	next      []types.Datum
	innerDone bool
	// nullEnd: the inner side ended at a row of a NULL first key (a
	// row read all the same).
	nullEnd bool
	// unique: the inner side has one row of a key at most, so a group
	// is one row, and the row after it is read only when needed
	// (pending), as PostgreSQL's single-match merge join does.
	unique, pending bool
	started         bool
	// group are the inner rows of key groupKey (hasGroup), matched which
	// of them some outer row matched (RIGHT, FULL), scans how many outer
	// rows read them.
	group    *rowStore
	groupKey []types.Datum
	hasGroup bool
	matched  []bool
	scans    int
	reader   *storeReader
	pos      int
	flushing bool
	ticks    int
	// filtered counts the pairs the quals rejected, innerRows the inner
	// node's rows under EXPLAIN ANALYZE (nil otherwise).
	filtered, innerRows *int64
}

func (x *executor) buildMergeJoin(n *plan.MergeJoin) (iterator, error) {
	outer, inner, quals, err := x.buildJoinSides(n.Outer, n.Inner, n.Quals)
	if err != nil {
		return nil, err
	}
	m := &mergeJoinIter{ec: x.ec, typ: n.Type, outer: outer, inner: inner, keyTypes: n.KeyTypes, quals: quals, iseg: n.InnerSegments,
		level: n.Level, files: x.files, types: n.Types, unique: n.InnerUnique}
	for k := range n.OuterKeys {
		m.okeys = append(m.okeys, n.OuterKeys[k].Index)
		m.ikeys = append(m.ikeys, n.InnerKeys[k].Index)
	}
	if x.instr != nil {
		m.innerRows = &x.instr.counts(n.Inner).Rows
	}
	return m, nil
}

// compare orders an outer row's keys against an inner row's, NULL
// after every value; hasNull reports a NULL key on either side (such
// rows never match).
func (m *mergeJoinIter) compare(outer, inner []types.Datum) (c int, hasNull bool) {
	return m.compareKeys(outer, m.okeys, inner, m.ikeys)
}

// compareKeys orders row a's keys at columns acols against row b's at
// bcols, as compare does.
func (m *mergeJoinIter) compareKeys(a []types.Datum, acols []int, b []types.Datum, bcols []int) (c int, hasNull bool) {
	for k, ac := range acols {
		x, y := a[ac], b[bcols[k]]
		switch {
		case x.IsNull() && y.IsNull():
			hasNull = true
			continue
		case x.IsNull():
			return 1, true
		case y.IsNull():
			return -1, true
		}
		if c := types.Compare(m.keyTypes[k], x, y); c != 0 {
			return c, hasNull
		}
	}
	return 0, hasNull
}

// nullKey reports whether some key of row (at cols) is NULL.
func nullKey(row []types.Datum, cols []int) bool {
	for _, c := range cols {
		if row[c].IsNull() {
			return true
		}
	}
	return false
}

// tick checks for cancellation every few thousand rows.
func (m *mergeJoinIter) tick() error {
	if m.ticks++; m.ticks&0xFFF == 0 {
		return m.ec.CheckCancel()
	}
	return nil
}

// readInner reads the next inner row into m.next.
func (m *mergeJoinIter) readInner() error {
	row, ok, err := m.inner.Next()
	if err != nil {
		return err
	}
	m.nullEnd = ok
	if !ok || !m.fillsInner() && row[m.ikeys[0]].IsNull() {
		// The end, or a NULL first key: NULLs sort last, so no later
		// row can match either; without unmatched inner rows to return
		// the inner side ends here (MJEvalInnerValues).
		m.next, m.innerDone = nil, true
		return nil
	}
	m.next = row
	return nil
}

// fillsOuter and fillsInner tell whether unmatched rows of each side
// are returned.
func (m *mergeJoinIter) fillsOuter() bool {
	return m.typ == plan.JoinLeft || m.typ == plan.JoinFull || m.typ == plan.JoinAnti
}
func (m *mergeJoinIter) fillsInner() bool { return m.typ == plan.JoinRight || m.typ == plan.JoinFull }

// innerOnly is an inner row with the outer side NULL.
func (m *mergeJoinIter) innerOnly(inner []types.Datum) []types.Datum {
	out := make([]types.Datum, m.level)
	for _, s := range m.iseg {
		copy(out[s[0]:s[1]], inner[s[0]:s[1]])
	}
	return out
}

// dropGroup forgets the current group.
func (m *mergeJoinIter) dropGroup() {
	if m.group != nil {
		m.group.close()
	}
	m.group, m.hasGroup, m.matched, m.scans, m.reader = nil, false, nil, 0, nil
}

// loadGroup reads the inner rows of m.next's key, m.next then the row
// after them.
func (m *mergeJoinIter) loadGroup() error {
	m.group = newRowStore(m.files, m.types)
	m.groupKey, m.hasGroup, m.scans = m.next, true, 0
	for {
		if _, err := m.group.add(m.next); err != nil {
			return err
		}
		if m.fillsInner() {
			m.matched = append(m.matched, false)
		}
		if m.unique {
			m.next, m.pending = nil, true
			return nil
		}
		if err := m.readInner(); err != nil {
			return err
		}
		if m.innerDone {
			return nil
		}
		if err := m.tick(); err != nil {
			return err
		}
		if c, _ := m.compareInner(m.groupKey, m.next); c != 0 {
			return nil
		}
	}
}

// compareInner compares the keys of two inner rows.
func (m *mergeJoinIter) compareInner(a, b []types.Datum) (int, bool) {
	return m.compareKeys(a, m.ikeys, b, m.ikeys)
}

func (m *mergeJoinIter) Next() ([]types.Datum, bool, error) {
	for {
		if err := m.tick(); err != nil {
			return nil, false, err
		}
		switch m.step {
		case mergeDone:
			return nil, false, nil

		case mergeNextOuter:
			row, ok, err := m.outer.Next()
			if err != nil {
				return nil, false, err
			}
			if ok && !m.fillsOuter() && row[m.okeys[0]].IsNull() {
				// A NULL first key: the rows left match nothing and are
				// not returned (MJEvalOuterValues).
				ok = false
			}
			if !ok {
				m.cur = nil
				if m.fillsInner() {
					m.step = mergeFlushGroup
					continue
				}
				m.step = mergeDone
				continue
			}
			if !m.started {
				m.started = true
				if err := m.readInner(); err != nil {
					return nil, false, err
				}
			}
			m.cur, m.curMatched = row, false
			if nullKey(row, m.okeys) {
				// Matches nothing.
				if m.fillsOuter() {
					return row, true, nil
				}
				continue
			}
			if m.hasGroup {
				c, _ := m.compare(row, m.groupKey)
				if c == 0 {
					m.startGroupScan()
					continue
				}
				if c < 0 {
					if m.fillsOuter() {
						return row, true, nil
					}
					continue
				}
				// Past the group: its unmatched rows, then the inner
				// rows up to this key.
				m.step = mergeFlushGroup
				continue
			}
			m.step = mergeAdvance

		case mergeAdvance:
			if err := m.readPending(); err != nil {
				return nil, false, err
			}
			for !m.innerDone {
				c, hasNull := m.compare(m.cur, m.next)
				if c == 0 && !hasNull {
					if err := m.loadGroup(); err != nil {
						return nil, false, err
					}
					m.startGroupScan()
					break
				}
				if c < 0 {
					break
				}
				// An inner row before the outer key: it matches no
				// outer row.
				skipped := m.next
				if err := m.readInner(); err != nil {
					return nil, false, err
				}
				if err := m.tick(); err != nil {
					return nil, false, err
				}
				if m.fillsInner() {
					return m.innerOnly(skipped), true, nil
				}
			}
			if m.step == mergeJoinGroup {
				continue
			}
			// No inner row has this key.
			m.step = mergeNextOuter
			if m.innerDone && !m.fillsOuter() {
				// Nothing further can match or be returned (PostgreSQL
				// stops here too).
				m.step = mergeDone
			}
			if m.fillsOuter() {
				return m.cur, true, nil
			}

		case mergeJoinGroup:
		group:
			for {
				inner, ok, err := m.reader.next()
				if err != nil {
					return nil, false, err
				}
				if !ok {
					break
				}
				k := m.pos
				m.pos++
				joined := append(make([]types.Datum, 0, m.level), m.cur...)
				for _, s := range m.iseg {
					copy(joined[s[0]:s[1]], inner[s[0]:s[1]])
				}
				pass, err := passes(m.ec, m.quals, joined)
				if err != nil {
					return nil, false, err
				}
				if pass {
					m.curMatched = true
					if m.matched != nil {
						m.matched[k] = true
					}
					switch m.typ {
					case plan.JoinSemi:
						// The outer row, once, at its first match.
						m.step = mergeNextOuter
						return m.cur, true, nil
					case plan.JoinAnti:
						// The outer row is out at its first match.
						break group
					}
					return joined, true, nil
				}
				if m.filtered != nil {
					*m.filtered++
				}
				if err := m.tick(); err != nil {
					return nil, false, err
				}
			}
			m.step = mergeNextOuter
			if !m.curMatched && m.fillsOuter() {
				return m.cur, true, nil
			}

		case mergeFlushGroup:
			if m.hasGroup && m.fillsInner() {
				if !m.flushing {
					m.flushing, m.reader, m.pos = true, m.group.reader(), 0
				}
				for {
					row, ok, err := m.reader.next()
					if err != nil {
						return nil, false, err
					}
					if !ok {
						break
					}
					k := m.pos
					m.pos++
					if !m.matched[k] {
						return m.innerOnly(row), true, nil
					}
				}
				m.flushing = false
			}
			m.dropGroup()
			if m.cur == nil {
				m.step = mergeInnerTail
				continue
			}
			m.step = mergeAdvance

		case mergeInnerTail:
			if err := m.readPending(); err != nil {
				return nil, false, err
			}
			if !m.fillsInner() || m.innerDone {
				m.step = mergeDone
				continue
			}
			row := m.next
			if err := m.readInner(); err != nil {
				return nil, false, err
			}
			return m.innerOnly(row), true, nil
		}
	}
}

// startGroupScan pairs the current outer row with the group's rows. An
// outer row after the first reads them again: PostgreSQL restores the
// inner side's mark and fetches the group's rows after the marked one,
// and the row past them, anew.
func (m *mergeJoinIter) startGroupScan() {
	m.scans++
	if m.scans > 1 && m.innerRows != nil && !m.unique {
		again := m.group.len() - 1
		if !m.innerDone || m.nullEnd {
			again++
		}
		*m.innerRows += again
	}
	m.reader, m.pos, m.step = m.group.reader(), 0, mergeJoinGroup
}

// materializeIter is a merge join's Materialize: it passes its input's
// rows on, the merge join keeping those it reads again.
type materializeIter struct{ in iterator }

func (it *materializeIter) Next() ([]types.Datum, bool, error) { return it.in.Next() }

// readPending reads the inner row after a unique inner side's group
// once it is needed.
func (m *mergeJoinIter) readPending() error {
	if !m.pending {
		return nil
	}
	m.pending = false
	return m.readInner()
}
