// This file implements joins: nested loops over a materialized inner
// side, and hash joins on equality keys (PostgreSQL's nodeNestloop.c and
// nodeHashjoin.c), for inner, left and full joins. Rows of both sides are
// level rows; a joined row is the outer row with the inner side's
// segments copied in.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// merge returns a copy of outer with inner's segments copied in.
func (j *joinState) merge(outer, inner []types.Datum, segs [][2]int) []types.Datum {
	out := j.slab.clone(outer)
	if inner != nil {
		for _, s := range segs {
			copy(out[s[0]:s[1]], inner[s[0]:s[1]])
		}
	}
	return out
}

// innerLen is the number of inner rows held.
func (j *joinState) innerLen() int {
	if j.tab != nil {
		return j.tab.len()
	}
	return len(j.inner)
}

// joinInner returns a copy of outer with inner row k's columns copied in.
func (j *joinState) joinInner(outer []types.Datum, k int) []types.Datum {
	if j.tab == nil {
		return j.merge(outer, j.inner[k], j.iseg)
	}
	out := j.slab.clone(outer)
	j.tab.copyInto(out, k)
	return out
}

// joinState is what both join methods share: the current outer row, the
// inner rows it may match, the quals, and for FULL joins which inner rows
// matched.
type joinState struct {
	ec    *expr.EvalContext
	typ   plan.JoinType
	outer iterator
	quals []expr.Evaluator
	iseg  [][2]int
	level int
	// The inner rows: whole level rows (nested loops), or the hash
	// join's table of their inner columns (tab).
	inner   [][]types.Datum
	tab     *joinTable
	matched []bool // FULL: inner rows that matched some outer row

	cur        []types.Datum // current outer row
	candidates []int         // inner rows to test against cur
	pos        int
	curMatched bool
	outerDone  bool
	tailPos    int // FULL: position in the unmatched-inner pass
	// outerLent: the outer input lends its rows (borrowRows), so an
	// outer row returned as it is is copied into slab first.
	outerLent bool
	slab      datumSlab
	// filtered, under EXPLAIN ANALYZE, counts the joined rows the
	// quals rejected (Rows Removed by Join Filter).
	filtered *int64
}

// outerRow ends the current outer row and returns it as it is (its
// inner side NULL): a copy when the outer input lends its rows
// (borrowRows).
func (j *joinState) outerRow() []types.Datum {
	cur := j.cur
	j.cur = nil
	if j.outerLent {
		cur = j.slab.clone(cur)
	}
	return cur
}

// next advances the join given a function that lists the candidate inner
// rows for an outer row.
func (j *joinState) next(cands func(row []types.Datum) ([]int, error)) ([]types.Datum, bool, error) {
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
			if j.candidates, err = cands(row); err != nil {
				return nil, false, err
			}
			j.cur, j.pos, j.curMatched = row, 0, false
		}
		for j.pos < len(j.candidates) {
			k := j.candidates[j.pos]
			j.pos++
			if j.pos&0x3FF == 0 {
				// An outer row can meet millions of inner rows that
				// fail the conditions.
				if err := j.ec.CheckCancel(); err != nil {
					return nil, false, err
				}
			}
			joined := j.joinInner(j.cur, k)
			pass, err := passes(j.ec, j.quals, joined)
			if err != nil {
				return nil, false, err
			}
			if pass {
				j.curMatched = true
				if j.matched != nil {
					j.matched[k] = true
				}
				switch j.typ {
				case plan.JoinSemi:
					// The outer row, once, at its first match.
					return j.outerRow(), true, nil
				case plan.JoinAnti:
					// The outer row is out at its first match.
					j.pos = len(j.candidates)
					continue
				}
				return joined, true, nil
			}
			if j.filtered != nil {
				*j.filtered++
			}
		}
		if !j.curMatched && (j.typ == plan.JoinLeft || j.typ == plan.JoinFull || j.typ == plan.JoinAnti) {
			// The outer row with the inner side NULL.
			return j.outerRow(), true, nil
		}
		j.cur = nil
	}
	if j.typ == plan.JoinFull || j.typ == plan.JoinRight {
		for j.tailPos < j.innerLen() {
			k := j.tailPos
			j.tailPos++
			if !j.matched[k] {
				return j.joinInner(make([]types.Datum, j.level), k), true, nil
			}
		}
	}
	return nil, false, nil
}

func drain(it iterator) ([][]types.Datum, error) {
	var rows [][]types.Datum
	for {
		row, ok, err := it.Next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return rows, nil
		}
		rows = append(rows, row)
	}
}

type nestLoopIter struct {
	joinState
	innerIt iterator
	loaded  bool
	all     []int
	// lateral: the inner side is planned anew for each outer row, and
	// its rows are joined as they come (latIt), none kept.
	x         *executor
	innerPlan plan.Node
	latIt     iterator
	// memo, for a nested loop with a Memoize, keeps the inner rows by
	// the outer key values; cached are the kept rows joined with the
	// current outer row (fromCache), cachedPos the next of them.
	memo      *memoCache
	cached    [][]types.Datum
	fromCache bool
	cachedPos int
	// files and types let the inner rows spill beyond work_mem; spilled
	// is set when they did (nestloopspill.go).
	files   *spillFiles
	types   []uint32
	spilled *spilledInner
}

func (x *executor) buildNestLoop(n *plan.NestLoop) (iterator, error) {
	outer, err := x.build(n.Outer)
	if err != nil {
		return nil, err
	}
	quals, err := compileAll(n.Quals)
	if err != nil {
		return nil, err
	}
	nl := &nestLoopIter{joinState: joinState{ec: x.ec, typ: n.Type, outer: outer, quals: quals, iseg: n.InnerSegments, level: n.Level}}
	if n.Lateral {
		nl.x, nl.innerPlan = x, n.Inner
		if n.Memo != nil {
			if nl.memo, err = x.newMemoCache(n.Memo, n.Inner, n.InnerSegments); err != nil {
				return nil, err
			}
		}
		return nl, nil
	}
	if nl.innerIt, err = x.build(n.Inner); err != nil {
		return nil, err
	}
	if x.files.enabled() {
		nl.files, nl.types = x.files, n.Types
	}
	return nl, nil
}

// nextLateral joins each outer row with the rows the inner side gives
// for it (LATERAL is only INNER or LEFT): the inner side is built for
// the outer row (executor.lateralRow), which a LATERAL subquery reads as
// its enclosing row (placeIter) and a function in FROM evaluates its
// arguments over; conditions pushed down into the inner side read it as
// the join's row, as they would above the join. The inner rows stream:
// none is kept, so an inner side of any size runs in constant memory.
func (nl *nestLoopIter) nextLateral() ([]types.Datum, bool, error) {
	x, ec := nl.x, nl.ec
	for {
		if nl.latIt == nil && !nl.fromCache {
			row, ok, err := nl.outer.Next()
			if err != nil || !ok {
				return nil, false, err
			}
			nl.cur, nl.curMatched = row, false
			if nl.memo != nil {
				if nl.memo.counts != nil {
					nl.memo.counts.Loops++
				}
				rows, hit, err := nl.memo.lookup(ec, row)
				if err != nil {
					return nil, false, err
				}
				if hit {
					nl.cached, nl.fromCache, nl.cachedPos = rows, true, 0
					continue
				}
			}
			savedRow := x.lateralRow
			x.lateralRow = row
			nl.latIt, err = x.build(nl.innerPlan)
			x.lateralRow = savedRow
			if err != nil {
				return nil, false, err
			}
		}
		var inner []types.Datum
		var ok bool
		var err error
		if nl.fromCache {
			if ok = nl.cachedPos < len(nl.cached); ok {
				inner = nl.cached[nl.cachedPos]
				nl.cachedPos++
			} else {
				nl.fromCache, nl.cached = false, nil
			}
		} else {
			if inner, ok, err = nl.latIt.Next(); err != nil {
				return nil, false, err
			}
			if nl.memo != nil {
				if ok {
					nl.memo.add(inner)
				} else {
					nl.memo.finish()
				}
			}
		}
		if ok && nl.memo != nil && nl.memo.counts != nil {
			nl.memo.counts.Rows++
		}
		if ok {
			joined := nl.merge(nl.cur, inner, nl.iseg)
			pass, err := passes(ec, nl.quals, joined)
			if err != nil {
				return nil, false, err
			}
			if pass {
				nl.curMatched = true
				if nl.typ != plan.JoinSemi && nl.typ != plan.JoinAnti {
					return joined, true, nil
				}
				// The first match decides a semi or anti join's outer
				// row: the inner side's other rows are not read.
				nl.latIt = nil
				if nl.typ == plan.JoinSemi {
					return nl.cur, true, nil
				}
				continue
			}
			if nl.filtered != nil {
				*nl.filtered++
			}
			continue
		}
		nl.latIt = nil
		if err := ec.CheckCancel(); err != nil {
			return nil, false, err
		}
		if !nl.curMatched && (nl.typ == plan.JoinLeft || nl.typ == plan.JoinAnti) {
			return nl.cur, true, nil
		}
	}
}

func (nl *nestLoopIter) Next() ([]types.Datum, bool, error) {
	if nl.innerPlan != nil {
		return nl.nextLateral()
	}
	if nl.spilled != nil {
		return nl.nextSpilled()
	}
	if !nl.loaded {
		nl.loaded = true
		rows, err := nl.loadInner()
		if err != nil {
			return nil, false, err
		}
		if nl.spilled != nil {
			return nl.nextSpilled()
		}
		nl.inner = rows
		nl.all = make([]int, len(rows))
		for i := range nl.all {
			nl.all[i] = i
		}
		if nl.typ == plan.JoinFull {
			nl.matched = make([]bool, len(rows))
		}
	}
	return nl.next(func([]types.Datum) ([]int, error) { return nl.all, nil })
}

type hashJoinIter struct {
	joinState
	innerIt  iterator
	loaded   bool
	okeys    []expr.Evaluator
	ikeys    []expr.Evaluator
	keyTypes []uint32
	keyBuf   []byte
	// batches splits the join beyond hash_mem; nil without temporary
	// files (joinspill.go).
	batches *hashBatches
	// info, under EXPLAIN ANALYZE, receives the table's size; innerTypes
	// are then the inner rows' column types, to estimate it.
	info       *HashInfo
	innerTypes []uint32
}

// buildJoinSides starts a join's outer and inner inputs and compiles its
// conditions.
func (x *executor) buildJoinSides(outerPlan, innerPlan plan.Node, conds []expr.Expr) (outer, inner iterator, quals []expr.Evaluator, err error) {
	if outer, err = x.build(outerPlan); err != nil {
		return nil, nil, nil, err
	}
	if inner, err = x.build(innerPlan); err != nil {
		return nil, nil, nil, err
	}
	if quals, err = compileAll(conds); err != nil {
		return nil, nil, nil, err
	}
	return outer, inner, quals, nil
}

func (x *executor) buildHashJoin(n *plan.HashJoin) (iterator, error) {
	outer, inner, quals, err := x.buildJoinSides(n.Outer, n.Inner, n.Quals)
	if err != nil {
		return nil, err
	}
	okeys, err := compileAll(n.OuterKeys)
	if err != nil {
		return nil, err
	}
	ikeys, err := compileAll(n.InnerKeys)
	if err != nil {
		return nil, err
	}
	// The outer row is done with before the next is read: joined rows
	// are new, and an unmatched one is copied (joinState.next).
	borrowRows(outer)
	h := &hashJoinIter{joinState: joinState{ec: x.ec, typ: n.Type, outer: outer, quals: quals, iseg: n.InnerSegments, level: n.Level, outerLent: true,
		tab: newJoinTable(n.InnerSegments, n.Level, n.KeyTypes)},
		innerIt: inner, okeys: okeys, ikeys: ikeys, keyTypes: n.KeyTypes, innerTypes: n.Types}
	if x.files.enabled() {
		h.batches = newHashBatches(h, x.files, n.Types)
	}
	return h, nil
}

// key computes the hash key of row; ok is false when a key is NULL (such
// a row matches nothing).
func (h *hashJoinIter) key(evals []expr.Evaluator, row []types.Datum) ([]byte, bool, error) {
	b := h.keyBuf[:0]
	for i, ev := range evals {
		v, err := ev(h.ec, row)
		if err != nil {
			return nil, false, err
		}
		if v.IsNull() {
			return nil, false, nil
		}
		b = types.AppendKey(b, h.keyTypes[i], v)
	}
	h.keyBuf = b
	return b, true, nil
}

func (h *hashJoinIter) Next() ([]types.Datum, bool, error) {
	if !h.loaded {
		h.loaded = true
		var rows, held int64
		for {
			row, ok, err := h.innerIt.Next()
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			if h.info != nil {
				rows++
				held += rowBytes(row, h.innerTypes)
			}
			if h.batches != nil {
				if err := h.batches.addInner(row); err != nil {
					return nil, false, err
				}
				h.notePeak()
				continue
			}
			k, ok, err := h.key(h.ikeys, row)
			if err != nil {
				return nil, false, err
			}
			if ok || h.typ == plan.JoinFull || h.typ == plan.JoinRight {
				h.tab.add(row, k, ok)
			}
		}
		if h.typ == plan.JoinFull || h.typ == plan.JoinRight {
			h.matched = make([]bool, h.tab.len())
		}
		if h.batches != nil {
			h.batches.startProbe()
		}
		if h.info != nil {
			h.info.Buckets = hashBuckets(rows)
			h.info.Batches = 1
			if h.batches != nil {
				h.info.Batches = int64(h.batches.nbatch)
			} else {
				h.info.Peak = held
			}
		}
	}
	for {
		row, ok, err := h.next(h.probe)
		if err != nil || ok || h.batches == nil {
			return row, ok, err
		}
		more, err := h.batches.nextBatch()
		if err != nil || !more {
			return nil, false, err
		}
		h.notePeak()
	}
}

// notePeak records, under EXPLAIN ANALYZE, the memory the batch in
// memory holds if it is the most so far.
func (h *hashJoinIter) notePeak() {
	if h.info != nil && h.batches.used > h.info.Peak {
		h.info.Peak = h.batches.used
	}
}

// probe lists the inner rows whose key equals the outer row's.
func (h *hashJoinIter) probe(row []types.Datum) ([]int, error) {
	var k []byte
	var ok bool
	var err error
	if h.batches != nil {
		k, ok, err = h.batches.probeKey(row)
	} else {
		k, ok, err = h.key(h.okeys, row)
	}
	if err != nil || !ok {
		return nil, err
	}
	return h.tab.lookup(k), nil
}
