// This file implements grouping and aggregation (PostgreSQL's nodeAgg.c
// in hashed mode, and in sorted mode over input in group order) and UNION, INTERSECT and EXCEPT (nodeSetOp.c and
// nodeAppend.c plus hashed duplicate removal).

package exec

import (
	"bytes"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// aggSpec is one aggregate of an Agg node, compiled.
type aggSpec struct {
	args     []expr.Evaluator
	argTypes []uint32
	filter   expr.Evaluator
	distinct bool
	newAcc   func() builtins.AggAcc
	// An aggregate with ORDER BY or DISTINCT inside, or an ordered-set
	// aggregate, collects its group's input rows (the arguments, then
	// the ORDER BY values) in an external sort on keys over rowTypes
	// (nodeAgg.c's per-aggregate tuplesort), which writes sorted runs
	// beyond work_mem, and reads them back in order to compute.
	collects bool
	order    []expr.Evaluator
	keys     []plan.SortKey
	rowTypes []uint32
	// Ordered-set and hypothetical-set aggregates: the direct arguments
	// (over the Agg row) and the final computation.
	direct     []expr.Evaluator
	orderedSet builtins.OrderedSetAgg
	skipNulls  bool // ordered-set (not hypothetical) aggregates ignore NULL inputs
	// valuesOnly: the collecting sort keeps the values of its rows, not
	// the rows (intKeySorts), so the rows collected can be one reused
	// slice.
	valuesOnly bool
}

type group struct {
	keys []types.Datum
	set  int // index of the grouping set
	accs []builtins.AggAcc
	// sorts holds the rows of each collecting aggregate (nil until the
	// first).
	sorts []*externalSort
}

type aggIter struct {
	ec       *expr.EvalContext
	in       iterator
	groupBy  []expr.Evaluator
	keyTypes []uint32
	// sets are the grouping sets (indices into groupBy); one set of all
	// of groupBy without GROUPING SETS.
	sets      [][]int
	inSet     [][]bool
	groupings [][]int
	aggs      []aggSpec
	groups    []*group
	done      bool
	pos       int
	// index finds a group by its grouping set and keys (groupKey);
	// words instead, when there is one grouping column of a
	// types.WordKey type, by the key's word (its NULL group is in index).
	index map[string]*group
	words map[uint64]*group
	// last is, by grouping set, the group of the previous input row:
	// consecutive rows of one group (no GROUP BY, or input in group
	// order) skip the hash lookup. Emptied with index.
	last []lastGroup
	// spill bounds the groups held to hash_mem; nil without temporary
	// files (aggspill.go).
	spill *aggSpill
	files *spillFiles
	// collected is what the collecting aggregates' sorts of all groups
	// hold in memory.
	collected int64
	// info, under EXPLAIN ANALYZE, receives the table's batches and
	// memory.
	info *AggInfo
	// dependent marks the keys not compared (plan.Agg.Dependent).
	dependent []bool
	// sorted: the input is in group order (plan.Agg.Sorted); cur is the
	// group being read, curKey its key, sortedIn and keyBuf reused.
	sorted   bool
	cur      *group
	curKey   []byte
	keyBuf   []byte
	sortedIn *aggInput
}

type lastGroup struct {
	key []byte
	g   *group
}

// aggInput is one input row's values as the Agg node uses them: the
// group keys, each aggregate's arguments (or skip when its FILTER or
// NULL arguments drop the row) and, for aggregates that collect their
// input, the row to collect.
type aggInput struct {
	allKeys []types.Datum
	args    [][]types.Datum
	skip    []bool
	extra   [][]types.Datum
	// valueRow is the reused row of extra for an aggregate whose sort
	// keeps values, not rows (aggSpec.valuesOnly).
	valueRow [][]types.Datum
}

func (x *executor) buildAgg(n *plan.Agg) (iterator, error) {
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	groupBy, err := compileAll(n.GroupBy)
	if err != nil {
		return nil, err
	}
	borrowRows(in) // evaluate keeps values, never the row
	it := &aggIter{ec: x.ec, in: in, groupBy: groupBy, sets: n.Sets, groupings: n.Groupings, index: map[string]*group{}, files: x.files,
		sorted: n.Sorted}
	if it.sets == nil {
		// Every key is compared but those dependent on others.
		all := make([]int, 0, len(n.GroupBy))
		for i := range n.GroupBy {
			if n.Dependent == nil || !n.Dependent[i] {
				all = append(all, i)
			}
		}
		it.sets = [][]int{all}
		it.dependent = n.Dependent
	}
	for _, set := range it.sets {
		in := make([]bool, len(n.GroupBy))
		for _, i := range set {
			in[i] = true
		}
		for i, d := range it.dependent {
			in[i] = in[i] || d
		}
		it.inSet = append(it.inSet, in)
	}
	for _, g := range n.GroupBy {
		it.keyTypes = append(it.keyTypes, g.Type())
	}
	if len(it.sets) == 1 && len(it.sets[0]) == 1 && types.WordKey(it.keyTypes[it.sets[0][0]]) {
		it.words = map[uint64]*group{}
	}
	for _, a := range n.Aggs {
		args, err := compileAll(a.Args)
		if err != nil {
			return nil, err
		}
		var argTypes []uint32
		for _, e := range a.Args {
			argTypes = append(argTypes, e.Type())
		}
		spec := aggSpec{args: args, argTypes: argTypes, distinct: a.Distinct}
		if a.Func.Agg != nil && a.Func.Agg.Kind != 'n' {
			var directTypes []uint32
			for _, e := range a.DirectArgs {
				directTypes = append(directTypes, e.Type())
			}
			if spec.orderedSet, err = builtins.NewOrderedSetAgg(a.Func, directTypes, argTypes); err != nil {
				return nil, err
			}
			if spec.direct, err = compileAll(a.DirectArgs); err != nil {
				return nil, err
			}
			spec.skipNulls = a.Func.Agg.Kind == 'o'
			spec.collects = true
			spec.rowTypes = argTypes
			for i, o := range a.Order {
				spec.keys = append(spec.keys, plan.SortKey{Target: i, Desc: o.Desc, NullsFirst: o.NullsFirst})
			}
		} else {
			if spec.newAcc, err = builtins.NewAgg(a.Func, argTypes); err != nil {
				return nil, err
			}
			if len(a.Order) > 0 || a.Distinct {
				spec.collects = true
				spec.rowTypes = append([]uint32(nil), argTypes...)
				for i, o := range a.Order {
					ev, err := expr.Compile(o.Expr)
					if err != nil {
						return nil, err
					}
					spec.order = append(spec.order, ev)
					spec.rowTypes = append(spec.rowTypes, o.Expr.Type())
					spec.keys = append(spec.keys, plan.SortKey{Target: len(args) + i, Desc: o.Desc, NullsFirst: o.NullsFirst})
				}
				if a.Distinct {
					// Then on every argument, so that equal inputs are
					// adjacent (the ORDER BY keys are arguments too).
					for i := range args {
						spec.keys = append(spec.keys, plan.SortKey{Target: i})
					}
				}
			}
		}
		if a.Filter != nil {
			if spec.filter, err = expr.Compile(a.Filter); err != nil {
				return nil, err
			}
		}
		spec.valuesOnly = spec.collects && intKeySorts(spec.keys, spec.rowTypes)
		it.aggs = append(it.aggs, spec)
	}
	if x.files.enabled() && !it.sorted {
		it.spill = newAggSpill(it, x.files)
	}
	return it, nil
}

func (a *aggIter) newGroup(keys []types.Datum, set int) *group {
	g := &group{keys: keys, set: set, accs: make([]builtins.AggAcc, len(a.aggs)), sorts: make([]*externalSort, len(a.aggs))}
	for i, s := range a.aggs {
		if s.newAcc != nil {
			g.accs[i] = s.newAcc()
		}
	}
	return g
}

func (a *aggIter) newInput() *aggInput {
	in := &aggInput{
		allKeys: make([]types.Datum, len(a.groupBy)),
		args:    make([][]types.Datum, len(a.aggs)),
		skip:    make([]bool, len(a.aggs)),
		extra:   make([][]types.Datum, len(a.aggs)),
	}
	in.valueRow = make([][]types.Datum, len(a.aggs))
	for i, s := range a.aggs {
		in.args[i] = make([]types.Datum, len(s.args))
		if s.valuesOnly {
			in.valueRow[i] = make([]types.Datum, len(s.rowTypes))
		}
	}
	return in
}

// evaluate computes in from an input row.
func (a *aggIter) evaluate(row []types.Datum, in *aggInput) error {
	var err error
	for i, ev := range a.groupBy {
		if in.allKeys[i], err = ev(a.ec, row); err != nil {
			return err
		}
	}
	// Each aggregate's input is computed once for all grouping sets.
	for i, s := range a.aggs {
		in.skip[i] = false
		if s.filter != nil {
			v, err := s.filter(a.ec, row)
			if err != nil {
				return err
			}
			if v.IsNull() || !v.Bool() {
				in.skip[i] = true
				continue
			}
		}
		for j, ev := range s.args {
			if in.args[i][j], err = ev(a.ec, row); err != nil {
				return err
			}
			if s.skipNulls && in.args[i][j].IsNull() {
				in.skip[i] = true
			}
		}
	}
	for i, s := range a.aggs {
		in.extra[i] = nil
		if in.skip[i] || !s.collects {
			continue
		}
		var r []types.Datum
		if s.valuesOnly {
			r = in.valueRow[i]
		} else {
			r = make([]types.Datum, len(s.rowTypes))
		}
		copy(r, in.args[i])
		for j, ev := range s.order {
			if r[len(s.args)+j], err = ev(a.ec, row); err != nil {
				return err
			}
		}
		in.extra[i] = r
	}
	return nil
}

// groupKey is the index key of in's group in grouping set si.
func (a *aggIter) groupKey(buf []byte, si int, in *aggInput) []byte {
	buf = append(buf[:0], byte(si), byte(si>>8))
	for _, k := range a.sets[si] {
		buf = types.AppendKey(buf, a.keyTypes[k], in.allKeys[k])
	}
	return buf
}

// advance adds in to its group of grouping set si, making the group if
// it is new, or spilling in when the groups held have reached hash_mem.
func (a *aggIter) advance(si int, in *aggInput, keyBuf []byte) error {
	if a.last == nil {
		a.last = make([]lastGroup, len(a.sets))
	}
	last := &a.last[si]
	g := last.g
	if g == nil || !bytes.Equal(last.key, keyBuf) {
		word := a.words != nil && len(keyBuf) == 2+9 // not NULL
		if word {
			g = a.words[types.KeyWord(keyBuf[2:])]
		} else {
			g = a.index[string(keyBuf)]
		}
		if g == nil {
			if a.spill != nil && a.spill.full {
				return a.spill.write(si, in, keyBuf)
			}
			keys := make([]types.Datum, len(a.groupBy))
			for _, k := range a.sets[si] {
				keys[k] = in.allKeys[k]
			}
			for k, d := range a.dependent {
				if d {
					// The group's first row's value, the same in all.
					keys[k] = in.allKeys[k]
				}
			}
			g = a.newGroup(keys, si)
			if word {
				a.words[types.KeyWord(keyBuf[2:])] = g
			} else {
				a.index[string(keyBuf)] = g
			}
			a.groups = append(a.groups, g)
			if a.spill != nil {
				a.spill.chargeGroup(len(keyBuf), keys)
			}
		}
		last.key, last.g = append(last.key[:0], keyBuf...), g
	}
	return a.accumulate(g, in)
}

// accumulate adds in to group g's aggregates.
func (a *aggIter) accumulate(g *group, in *aggInput) error {
	for i, s := range a.aggs {
		if in.skip[i] {
			continue
		}
		if s.collects {
			if err := a.collect(g, i, in.extra[i]); err != nil {
				return err
			}
			if a.spill != nil {
				a.spill.charge(rowBytes(in.extra[i], s.rowTypes))
			}
			continue
		}
		if err := g.accs[i].Add(a.ec, in.args[i]); err != nil {
			return err
		}
	}
	return nil
}

func (a *aggIter) consume() error {
	var keyBuf []byte
	in := a.newInput()
	sawInput := false
	for n := 0; ; n++ {
		// The input checks too (a scan every 64 rows); rows a filter
		// drops below do not come here.
		if n&1023 == 0 {
			if err := a.ec.CheckCancel(); err != nil {
				return err
			}
		}
		row, ok, err := a.in.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		sawInput = true
		if err := a.evaluate(row, in); err != nil {
			return err
		}
		for si, set := range a.sets {
			if len(set) == 0 && a.last != nil && a.last[si].g != nil {
				// A set without keys has one group: no key to build
				// and look up once it exists.
				if err := a.accumulate(a.last[si].g, in); err != nil {
					return err
				}
				continue
			}
			keyBuf = a.groupKey(keyBuf, si, in)
			if err := a.advance(si, in, keyBuf); err != nil {
				return err
			}
		}
	}
	// An empty grouping set (no GROUP BY at all, or GROUP BY ()) gives a
	// row even for no input.
	for si, set := range a.sets {
		if len(set) == 0 && !sawInput {
			a.groups = append(a.groups, a.newGroup(make([]types.Datum, len(a.groupBy)), si))
		}
	}
	if info := a.info; info != nil {
		info.Batches++
		if a.spill == nil {
			// Nothing charged the groups as they came: estimate them as
			// the spill accounting would.
			var n int64
			for _, g := range a.groups {
				n += groupOverhead + keyOverhead + accOverhead*int64(len(a.aggs)) + rowBytes(g.keys, a.keyTypes)
			}
			info.Peak = max(info.Peak, n)
		}
	}
	if a.spill != nil {
		return a.spill.endPass()
	}
	return nil
}

// collect adds row to the sort of group g's collecting aggregate i. Each
// sort writes a run past work_mem; and when the sorts of all groups hold
// more than hash_mem together, the one receiving the row writes its rows
// as a run if they fill a row file's buffer, so that many groups held by
// hashed aggregation cannot each keep work_mem.
func (a *aggIter) collect(g *group, i int, row []types.Datum) error {
	srt := g.sorts[i]
	if srt == nil {
		srt = newExternalSort(a.ec, a.files, a.aggs[i].keys, a.aggs[i].rowTypes)
		g.sorts[i] = srt
	}
	before := srt.used
	if err := srt.add(row); err != nil {
		return err
	}
	a.collected += srt.used - before
	if a.files.enabled() && a.collected > a.files.mem.HashBytes && srt.used >= rowFileBuffer {
		a.collected -= srt.used
		return srt.writeRun()
	}
	return nil
}

// finishCollected sorts a collecting aggregate's rows and computes its
// value: through the transition function in order (dropping duplicates
// for DISTINCT), or the ordered-set computation given the direct
// arguments evaluated over the Agg row out.
func (a *aggIter) finishCollected(s *aggSpec, g *group, i int, out []types.Datum) (types.Datum, error) {
	srt := g.sorts[i]
	g.sorts[i] = nil
	if srt == nil {
		srt = newExternalSort(a.ec, nil, s.keys, s.rowTypes)
	}
	a.collected -= srt.used
	if srt.ints != nil && s.orderedSet == nil {
		return a.finishIntValues(srt.ints, g.accs[i], s.distinct)
	}
	merge, err := srt.finish()
	if err != nil {
		return types.Null, err
	}
	rows := srt.rows
	next := func() ([]types.Datum, bool, error) {
		if len(rows) == 0 {
			return nil, false, nil
		}
		r := rows[0]
		rows = rows[1:]
		return r, true, nil
	}
	if merge != nil {
		next = merge.next
	}
	if s.orderedSet != nil {
		// The ordered-set computations read the rows once, in order:
		// a group larger than work_mem stays in its runs.
		direct := make([]types.Datum, len(s.direct))
		for j, ev := range s.direct {
			var err error
			if direct[j], err = ev(a.ec, out); err != nil {
				return types.Null, err
			}
		}
		cmp := func(x, y []types.Datum) int { return compareRows(x, y, s.keys, s.rowTypes) }
		return s.orderedSet(a.ec, direct, builtins.SortedRows{N: srt.added, Next: next}, cmp)
	}
	nargs := len(s.args)
	var prev []types.Datum
	for j := 0; ; j++ {
		if j&0xFFFF == 0 {
			if err := a.ec.CheckCancel(); err != nil {
				return types.Null, err
			}
		}
		r, ok, err := next()
		if err != nil {
			return types.Null, err
		}
		if !ok {
			break
		}
		if s.distinct && prev != nil && sameArgs(r[:nargs], prev[:nargs], s.rowTypes) {
			continue
		}
		prev = r
		if err := g.accs[i].Add(a.ec, r[:nargs]); err != nil {
			return types.Null, err
		}
	}
	return g.accs[i].Result(a.ec)
}

// finishIntValues feeds an aggregate the values of its one integer-like
// argument from their sort (intsort.go), dropping repeats for DISTINCT,
// and computes its value.
func (a *aggIter) finishIntValues(srt *intKeySort, acc builtins.AggAcc, distinct bool) (types.Datum, error) {
	m, err := srt.finish()
	if err != nil {
		return types.Null, err
	}
	// The accumulator keeps argument values, not the slice (as for the
	// reused arguments of aggregates that do not collect).
	args := make([]types.Datum, 1)
	var prev types.Datum
	for j := 0; ; j++ {
		if j&0xFFFF == 0 {
			if err := a.ec.CheckCancel(); err != nil {
				return types.Null, err
			}
		}
		d, ok, err := m.nextValue()
		if err != nil {
			return types.Null, err
		}
		if !ok {
			break
		}
		if distinct && j > 0 && d.IsNull() == prev.IsNull() && d.Int() == prev.Int() {
			continue
		}
		prev = d
		args[0] = d
		if err := acc.Add(a.ec, args); err != nil {
			return types.Null, err
		}
	}
	return acc.Result(a.ec)
}

// sameArgs reports whether two input rows are not distinct (NULLs equal).
func sameArgs(x, y []types.Datum, typs []uint32) bool {
	for k := range x {
		if x[k].IsNull() || y[k].IsNull() {
			if x[k].IsNull() != y[k].IsNull() {
				return false
			}
			continue
		}
		if types.Compare(typs[k], x[k], y[k]) != 0 {
			return false
		}
	}
	return true
}

func (a *aggIter) Next() ([]types.Datum, bool, error) {
	if a.sorted {
		return a.nextSorted()
	}
	if !a.done {
		a.done = true
		if err := a.consume(); err != nil {
			return nil, false, err
		}
	}
	for a.pos >= len(a.groups) {
		if a.spill == nil {
			return nil, false, nil
		}
		more, err := a.spill.nextPartition()
		if err != nil || !more {
			return nil, false, err
		}
	}
	g := a.groups[a.pos]
	a.groups[a.pos] = nil
	a.pos++
	out, err := a.finish(g)
	return out, err == nil, err
}

// nextSorted is the sorted strategy (GroupAggregate): the input comes
// in group order, so each group ends where the keys change and is
// finished then; one group is held at a time.
func (a *aggIter) nextSorted() ([]types.Datum, bool, error) {
	if a.done {
		return nil, false, nil
	}
	if a.sortedIn == nil {
		a.sortedIn = a.newInput()
	}
	in := a.sortedIn
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := a.ec.CheckCancel(); err != nil {
				return nil, false, err
			}
		}
		row, ok, err := a.in.Next()
		if err != nil {
			return nil, false, err
		}
		if !ok {
			a.done = true
			if a.cur == nil {
				return nil, false, nil
			}
			out, err := a.finish(a.cur)
			a.cur = nil
			return out, err == nil, err
		}
		if err := a.evaluate(row, in); err != nil {
			return nil, false, err
		}
		a.keyBuf = a.groupKey(a.keyBuf, 0, in)
		if a.cur != nil && bytes.Equal(a.curKey, a.keyBuf) {
			if err := a.accumulate(a.cur, in); err != nil {
				return nil, false, err
			}
			continue
		}
		// A new group starts with this row: the previous one is done.
		prev := a.cur
		a.cur = a.newGroup(append([]types.Datum(nil), in.allKeys...), 0)
		a.curKey = append(a.curKey[:0], a.keyBuf...)
		if err := a.accumulate(a.cur, in); err != nil {
			return nil, false, err
		}
		if prev != nil {
			out, err := a.finish(prev)
			return out, err == nil, err
		}
	}
}

// finish computes group g's row of the Agg: its keys, its aggregates'
// values and its GROUPING() values.
func (a *aggIter) finish(g *group) ([]types.Datum, error) {
	ng, na := len(a.groupBy), len(a.aggs)
	out := make([]types.Datum, ng+na+len(a.groupings))
	copy(out, g.keys)
	for i, refs := range a.groupings {
		v := int64(0)
		for _, r := range refs {
			v <<= 1
			if !a.inSet[g.set][r] {
				v |= 1
			}
		}
		out[ng+na+i] = types.Int(v)
	}
	for i := range a.aggs {
		s := &a.aggs[i]
		var v types.Datum
		var err error
		if s.collects {
			v, err = a.finishCollected(s, g, i, out)
		} else {
			v, err = g.accs[i].Result(a.ec)
		}
		if err != nil {
			return nil, err
		}
		out[ng+i] = v
	}
	return out, nil
}

// setOpIter computes UNION [ALL], INTERSECT [ALL] and EXCEPT [ALL].
type setOpIter struct {
	ec          *expr.EvalContext
	node        *plan.HashSetOp
	left, right iterator
	out         [][]types.Datum
	ready       bool
	pos         int
	// UNION ALL streams: left then right.
	leftDone bool
	files    *spillFiles
	// parts are the hash partitions of both inputs when they outgrew
	// hash_mem (setopspill.go).
	parts *setOpPartitions
	// info, under EXPLAIN ANALYZE, receives a UNION's table (the
	// HashAggregate EXPLAIN shows for it).
	info *AggInfo
}

func (x *executor) buildSetOp(n *plan.HashSetOp) (iterator, error) {
	l, err := x.build(n.Left)
	if err != nil {
		return nil, err
	}
	r, err := x.build(n.Right)
	if err != nil {
		return nil, err
	}
	return &setOpIter{ec: x.ec, node: n, left: l, right: r, files: x.files}, nil
}

func (s *setOpIter) key(row []types.Datum) string {
	var b []byte
	for i, t := range s.node.Types {
		b = types.AppendKey(b, t, row[i])
	}
	return string(b)
}

func (s *setOpIter) Next() ([]types.Datum, bool, error) {
	n := s.node
	if n.Op == plan.Union && n.All {
		if !s.leftDone {
			row, ok, err := s.left.Next()
			if err != nil {
				return nil, false, err
			}
			if ok {
				return row, true, nil
			}
			s.leftDone = true
		}
		return s.right.Next()
	}
	if !s.ready {
		s.ready = true
		if err := s.compute(); err != nil {
			return nil, false, err
		}
	}
	for s.pos >= len(s.out) {
		if s.parts == nil {
			return nil, false, nil
		}
		more, err := s.nextPartition()
		if err != nil || !more {
			return nil, false, err
		}
	}
	s.pos++
	return s.out[s.pos-1], true, nil
}

func (s *setOpIter) compute() error {
	if s.files.enabled() {
		return s.computeSpilling()
	}
	lrows, err := drain(s.left)
	if err != nil {
		return err
	}
	rrows, err := drain(s.right)
	if err != nil {
		return err
	}
	s.combine(lrows, rrows)
	return nil
}

// combine computes the operation's rows from all the left and right
// input rows (or all those of one hash partition) into s.out.
func (s *setOpIter) combine(lrows, rrows [][]types.Datum) {
	n := s.node
	s.out, s.pos = s.out[:0], 0
	switch n.Op {
	case plan.Union:
		seen := map[string]bool{}
		var held int64
		for _, rows := range [][][]types.Datum{lrows, rrows} {
			for _, r := range rows {
				k := s.key(r)
				if !seen[k] {
					seen[k] = true
					s.out = append(s.out, r)
					if s.info != nil {
						held += groupOverhead + keyOverhead + int64(len(k)) + rowBytes(r, n.Types)
					}
				}
			}
		}
		if s.info != nil {
			s.info.Batches++
			s.info.Peak = max(s.info.Peak, held)
		}
	default:
		// Count the right side's rows, then walk the left side.
		counts := map[string]int{}
		for _, r := range rrows {
			counts[s.key(r)]++
		}
		emitted := map[string]int{}
		leftCounts := map[string]int{}
		for _, r := range lrows {
			leftCounts[s.key(r)]++
		}
		for _, r := range lrows {
			k := s.key(r)
			var want int
			if n.Op == plan.Intersect {
				if n.All {
					want = min(leftCounts[k], counts[k])
				} else if counts[k] > 0 {
					want = 1
				}
			} else {
				if n.All {
					want = max(0, leftCounts[k]-counts[k])
				} else if counts[k] == 0 {
					want = 1
				}
			}
			if emitted[k] < want {
				emitted[k]++
				s.out = append(s.out, r)
			}
		}
	}
}
