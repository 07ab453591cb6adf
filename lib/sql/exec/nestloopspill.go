// This file keeps a nested loop's inner rows in a tuplestore (PostgreSQL
// puts a Material node there): beyond work_mem they go to a temporary
// file, read again from the start for each outer row.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// spilledInner is the inner side of a nested loop that outgrew work_mem.
type spilledInner struct {
	store *rowStore
	rd    *storeReader
	// k is the position of the next inner row rd returns.
	k int
	// matched marks the inner rows that matched (FULL joins).
	matched []bool
	tail    *storeReader
}

// loadInner reads the inner side: the rows, or nil and nl.spilled set
// when they did not fit in work_mem.
func (nl *nestLoopIter) loadInner() ([][]types.Datum, error) {
	if nl.files == nil {
		return drain(nl.innerIt)
	}
	store := newRowStore(nl.files, nl.types)
	for {
		row, ok, err := nl.innerIt.Next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if _, err := store.add(row); err != nil {
			return nil, err
		}
	}
	if store.file == nil {
		return store.mem, nil
	}
	nl.spilled = &spilledInner{store: store}
	if nl.typ == plan.JoinFull {
		nl.spilled.matched = make([]bool, store.len())
	}
	return nil, nil
}

// nextSpilled is joinState.next over the inner rows in the tuplestore.
func (nl *nestLoopIter) nextSpilled() ([]types.Datum, bool, error) {
	j := &nl.joinState
	sp := nl.spilled
	for !j.outerDone {
		if j.cur == nil {
			row, ok, err := j.outer.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				j.outerDone = true
				break
			}
			j.cur, j.curMatched = row, false
			sp.rd, sp.k = sp.store.reader(), 0
		}
		for {
			if sp.k&0x3FF == 0 {
				if err := j.ec.CheckCancel(); err != nil {
					return nil, false, err
				}
			}
			inner, ok, err := sp.rd.next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			k := sp.k
			sp.k++
			joined := j.merge(j.cur, inner, j.iseg)
			pass, err := passes(j.ec, j.quals, joined)
			if err != nil {
				return nil, false, err
			}
			if pass {
				j.curMatched = true
				if sp.matched != nil {
					sp.matched[k] = true
				}
				if j.typ == plan.JoinSemi || j.typ == plan.JoinAnti {
					// The first match decides the outer row.
					break
				}
				return joined, true, nil
			}
		}
		cur := j.cur
		j.cur = nil
		if j.typ == plan.JoinSemi && j.curMatched || !j.curMatched && (j.typ == plan.JoinLeft || j.typ == plan.JoinFull || j.typ == plan.JoinAnti) {
			// The outer row with the inner side NULL.
			return cur, true, nil
		}
	}
	if j.typ == plan.JoinFull {
		if sp.tail == nil {
			sp.tail, sp.k = sp.store.reader(), 0
		}
		for {
			inner, ok, err := sp.tail.next()
			if err != nil || !ok {
				return nil, false, err
			}
			k := sp.k
			sp.k++
			if !sp.matched[k] {
				out := make([]types.Datum, j.level)
				for _, s := range j.iseg {
					copy(out[s[0]:s[1]], inner[s[0]:s[1]])
				}
				return out, true, nil
			}
		}
	}
	return nil, false, nil
}
