// This file implements window functions (PostgreSQL's nodeWindowAgg.c and
// windowfuncs.c): the WindowAgg node sorts its input on the window's
// partition and order keys with the Sort node's implementation, buffers
// one partition at a time in a winStore (windowstore.go: memory up to
// work_mem, then a temporary file) and returns its rows one by one,
// computing every function for the row. Each row's peer group and frame
// (ROWS, RANGE or GROUPS, offsets, EXCLUDE) are found by cursors over the
// partition that only move forward as the current row does, as
// nodeWindowAgg.c's read pointers, so nothing is held per row of the
// partition. Aggregates over a frame that only grows reuse their
// accumulator, frames that slide remove the rows that left them when the
// aggregate can; other frames are aggregated again.

package exec

import (
	"github.com/gpostgres/gpostgres/lib/pgerr"
	"github.com/gpostgres/gpostgres/lib/sql/builtins"
	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// windowFunc is one function of a WindowAgg, compiled.
type windowFunc struct {
	call   *expr.WindowFunc
	args   []expr.Evaluator
	filter expr.Evaluator
	newAcc func() builtins.AggAcc // aggregates
	src    string                 // window functions: prosrc
}

type windowIter struct {
	// sortInfo, under EXPLAIN ANALYZE, receives how the input was
	// sorted (the Sort EXPLAIN shows below the WindowAgg).
	sortInfo *SortInfo
	ec       *expr.EvalContext
	node     *plan.WindowAgg
	in       iterator
	files    *spillFiles
	width    int // input row width
	// keys compute the partition keys then the order keys, appended to
	// each input row for sorting.
	keys     []expr.Evaluator
	nPart    int
	sortKeys []plan.SortKey
	keyTypes []uint32 // by column of the keyed row
	funcs    []windowFunc
	frame    int32
	startOff expr.Evaluator
	endOff   expr.Evaluator
	inRange  builtins.InRangeFunc
	startVal types.Datum
	endVal   types.Datum

	// needFrame is set when a function reads the frame.
	needFrame bool
	ticks     int

	sorted  iterator
	started bool
	next    []types.Datum // first row of the next partition
	store   *winStore

	// The partition being returned: n rows, the next to return at cur,
	// read by curC.
	n    int64
	cur  int64
	curC *winCursor
	// The current row's peer group: its number and its rows [groupStart,
	// groupEnd), the end found by peerC.
	group, groupStart, groupEnd int64
	peerC                       *winCursor
	// GROUPS offsets: the groups where the frames start and end.
	headGroup, tailGroup groupSeeker
	// RANGE offsets: the non-NULL rows [nnStart, nnEnd) (found when
	// rangeReady), and the frame's head and tail, read by headC and tailC.
	rangeReady        bool
	nnStart, nnEnd    int64
	head, tail        int64
	headC, tailC      *winCursor
	headSub, headLess bool
	tailSub, tailLess bool
	states            []funcState
}

// funcState is what a function keeps from row to row of a partition.
type funcState struct {
	// c reads the rows the function's value comes from (lag, lead,
	// nth_value; an aggregate's rows entering its frame); rem the rows
	// leaving an aggregate's frame.
	c, rem *winCursor
	// An aggregate's accumulator over the rows [accStart, accEnd), and
	// its last value.
	acc              builtins.AggAcc
	accStart, accEnd int64
	last             types.Datum
	// ntile's position.
	ntile, perBucket, boundary, remainder int64
}

// groupSeeker walks the peer groups of a partition forward: group g
// starts at row start (n: there is no group g).
type groupSeeker struct {
	c        *winCursor
	g, start int64
}

func (x *executor) buildWindowAgg(n *plan.WindowAgg) (iterator, error) {
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	w := n.Window
	it := &windowIter{ec: x.ec, node: n, in: in, files: x.files, width: n.Input.Width(), frame: w.Frame, nPart: len(w.PartitionBy)}
	it.keyTypes = make([]uint32, it.width, it.width+len(w.PartitionBy)+len(w.OrderBy))
	copy(it.keyTypes, n.Types)
	for _, e := range w.PartitionBy {
		it.sortKeys = append(it.sortKeys, plan.SortKey{Target: len(it.keyTypes)})
		it.keyTypes = append(it.keyTypes, e.Type())
		ev, err := expr.Compile(e)
		if err != nil {
			return nil, err
		}
		it.keys = append(it.keys, ev)
	}
	for _, k := range w.OrderBy {
		it.sortKeys = append(it.sortKeys, plan.SortKey{Target: len(it.keyTypes), Desc: k.Desc, NullsFirst: k.NullsFirst})
		it.keyTypes = append(it.keyTypes, k.Expr.Type())
		ev, err := expr.Compile(k.Expr)
		if err != nil {
			return nil, err
		}
		it.keys = append(it.keys, ev)
	}
	if w.StartOffset != nil {
		if it.startOff, err = expr.Compile(w.StartOffset); err != nil {
			return nil, err
		}
	}
	if w.EndOffset != nil {
		if it.endOff, err = expr.Compile(w.EndOffset); err != nil {
			return nil, err
		}
	}
	if w.Frame&plan.FrameRange != 0 && (w.StartOffset != nil || w.EndOffset != nil) {
		off := w.StartOffset
		if off == nil {
			off = w.EndOffset
		}
		it.inRange = builtins.InRange(w.OrderBy[0].Expr.Type(), off.Type())
		if it.inRange == nil {
			return nil, pgerr.Newf(pgerr.FeatureNotSupported, "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
				types.FormatType(w.OrderBy[0].Expr.Type(), -1))
		}
	}
	for _, call := range n.Funcs {
		f := windowFunc{call: call}
		if f.args, err = compileAll(call.Args); err != nil {
			return nil, err
		}
		if call.Filter != nil {
			if f.filter, err = expr.Compile(call.Filter); err != nil {
				return nil, err
			}
		}
		if call.Agg {
			var argTypes []uint32
			for _, a := range call.Args {
				argTypes = append(argTypes, a.Type())
			}
			if f.newAcc, err = builtins.NewAgg(call.Func, argTypes); err != nil {
				return nil, err
			}
		} else {
			f.src = call.Func.Src
			if !builtins.WindowImplemented(f.src) {
				return nil, pgerr.Newf(pgerr.FeatureNotSupported, "window function %s is not implemented yet", call.Func.Name)
			}
		}
		it.funcs = append(it.funcs, f)
		switch f.src {
		case "", "window_first_value", "window_last_value", "window_nth_value":
			it.needFrame = true
		}
	}
	it.store = newWinStore(x.files, it.keyTypes)
	it.states = make([]funcState, len(it.funcs))
	return it, nil
}

// keyedIter appends the window's sort keys to each input row.
type keyedIter struct {
	ec   *expr.EvalContext
	in   iterator
	keys []expr.Evaluator
}

func (k *keyedIter) Next() ([]types.Datum, bool, error) {
	row, ok, err := k.in.Next()
	if err != nil || !ok {
		return nil, ok, err
	}
	out := make([]types.Datum, len(row), len(row)+len(k.keys))
	copy(out, row)
	for _, ev := range k.keys {
		v, err := ev(k.ec, row)
		if err != nil {
			return nil, false, err
		}
		out = append(out, v)
	}
	return out, true, nil
}

func (w *windowIter) Next() ([]types.Datum, bool, error) {
	if !w.started {
		w.started = true
		// The frame offsets are evaluated when the node starts, even
		// for no input (ExecWindowAgg's calculate_frame_offsets).
		if err := w.evalOffsets(); err != nil {
			return nil, false, err
		}
		var in iterator = &keyedIter{ec: w.ec, in: w.in, keys: w.keys}
		if len(w.sortKeys) > 0 {
			in = &sortIter{ec: w.ec, in: in, node: &plan.Sort{Keys: w.sortKeys, Types: w.keyTypes}, files: w.files, info: w.sortInfo}
		}
		w.sorted = in
		row, ok, err := w.sorted.Next()
		if err != nil {
			return nil, false, err
		}
		if ok {
			w.next = row
		}
	}
	for w.cur >= w.n {
		if w.next == nil {
			return nil, false, w.store.reset()
		}
		if err := w.partition(); err != nil {
			return nil, false, err
		}
	}
	i := w.cur
	if err := w.tick(); err != nil {
		return nil, false, err
	}
	row, err := w.curC.fetch(i)
	if err != nil {
		return nil, false, err
	}
	if i >= w.groupEnd {
		w.group++
		w.groupStart = i
		if w.groupEnd, err = w.peerEnd(i, row); err != nil {
			return nil, false, err
		}
	}
	var s, e int64
	if w.needFrame {
		if s, e, err = w.frameOf(i, row); err != nil {
			return nil, false, err
		}
	}
	out := make([]types.Datum, w.width+len(w.funcs))
	copy(out, row[:w.width])
	for k := range w.funcs {
		if out[w.width+k], err = w.value(&w.funcs[k], &w.states[k], i, row, s, e); err != nil {
			return nil, false, err
		}
	}
	w.cur++
	return out, true, nil
}

// tick checks for cancellation every 4096 calls: the loops over rows
// call it once a row.
func (w *windowIter) tick() error {
	if w.ticks++; w.ticks&0xFFF == 0 {
		return w.ec.CheckCancel()
	}
	return nil
}

// partition reads the next partition into the store and starts
// returning its rows.
func (w *windowIter) partition() error {
	if err := w.store.reset(); err != nil {
		return err
	}
	first := w.next
	w.next = nil
	if err := w.store.add(first); err != nil {
		return err
	}
	partKeys := w.sortKeys[:w.nPart]
	for {
		if err := w.ec.CheckCancel(); err != nil {
			return err
		}
		row, ok, err := w.sorted.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if compareRows(first, row, partKeys, w.keyTypes) != 0 {
			w.next = row
			break
		}
		if err := w.store.add(row); err != nil {
			return err
		}
	}
	if err := w.store.finish(); err != nil {
		return err
	}
	st := w.store
	w.n, w.cur = st.len(), 0
	w.curC, w.peerC = st.cursor(), st.cursor()
	w.group, w.groupStart, w.groupEnd = -1, 0, 0
	w.headGroup = groupSeeker{c: st.cursor()}
	w.tailGroup = groupSeeker{c: st.cursor()}
	w.rangeReady = false
	w.headC, w.tailC = st.cursor(), st.cursor()
	for k := range w.states {
		w.states[k] = funcState{c: st.cursor(), rem: st.cursor()}
	}
	return nil
}

// peerEnd returns the end of the peer group that starts at row i.
func (w *windowIter) peerEnd(i int64, row []types.Datum) (int64, error) {
	return w.peerEndWith(w.peerC, i, row)
}

// peerEndWith is peerEnd reading the rows with c.
func (w *windowIter) peerEndWith(c *winCursor, i int64, row []types.Datum) (int64, error) {
	orderKeys := w.sortKeys[w.nPart:]
	if len(orderKeys) == 0 {
		return w.n, nil
	}
	j := i + 1
	for ; j < w.n; j++ {
		if err := w.tick(); err != nil {
			return 0, err
		}
		r, err := c.fetch(j)
		if err != nil {
			return 0, err
		}
		if compareRows(row, r, orderKeys, w.keyTypes) != 0 {
			break
		}
	}
	return j, nil
}

// groupStartOf returns the first row of peer group t (at least the
// seeker's group), or n when the partition has fewer groups.
func (w *windowIter) groupStartOf(gs *groupSeeker, t int64) (int64, error) {
	for gs.g < t && gs.start < w.n {
		first, err := gs.c.fetch(gs.start)
		if err != nil {
			return 0, err
		}
		if gs.start, err = w.peerEndWith(gs.c, gs.start, first); err != nil {
			return 0, err
		}
		gs.g++
	}
	if gs.g < t {
		return w.n, nil
	}
	return gs.start, nil
}

// evalOffsets evaluates the frame offsets (they read no column), with
// nodeWindowAgg's checks.
func (w *windowIter) evalOffsets() error {
	for _, o := range []struct {
		ev   expr.Evaluator
		dst  *types.Datum
		what string
	}{{w.startOff, &w.startVal, "starting"}, {w.endOff, &w.endVal, "ending"}} {
		if o.ev == nil {
			continue
		}
		v, err := o.ev(w.ec, nil)
		if err != nil {
			return err
		}
		if v.IsNull() {
			return pgerr.Newf(pgerr.NullValueNotAllowed, "frame %s offset must not be null", o.what)
		}
		if w.frame&(plan.FrameRows|plan.FrameGroups) != 0 && v.Int() < 0 {
			return pgerr.Newf(pgerr.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", o.what)
		}
		*o.dst = v
	}
	return nil
}

// orderValue is row's first ORDER BY key (RANGE offsets).
func (w *windowIter) orderValue(row []types.Datum) types.Datum {
	return row[w.sortKeys[w.nPart].Target]
}

// frameOf returns the frame [start, end) of row i.
func (w *windowIter) frameOf(i int64, row []types.Datum) (start, end int64, err error) {
	n := w.n
	f := w.frame
	clamp := func(v int64) int64 {
		if v < 0 {
			return 0
		}
		if v > n {
			return n
		}
		return v
	}
	// offset bounds a row offset or a group offset so that adding it
	// to an index cannot overflow.
	offset := func(v types.Datum, preceding bool) int64 {
		o := v.Int()
		if o > n+1 {
			o = n + 1
		}
		if preceding {
			o = -o
		}
		return o
	}
	if f&plan.FrameRange != 0 && f&(plan.FrameStartOffset|plan.FrameEndOffset) != 0 && !w.rangeReady {
		if err := w.rangeSetup(); err != nil {
			return 0, 0, err
		}
	}
	switch {
	case f&plan.FrameStartUnboundedPreceding != 0:
		start = 0
	case f&plan.FrameStartCurrentRow != 0:
		start = w.groupStart
		if f&plan.FrameRows != 0 {
			start = i
		}
	case f&plan.FrameRows != 0:
		start = clamp(i + offset(w.startVal, f&plan.FrameStartOffsetPreceding != 0))
	case f&plan.FrameGroups != 0:
		t := w.group + offset(w.startVal, f&plan.FrameStartOffsetPreceding != 0)
		if t > 0 {
			start, err = w.groupStartOf(&w.headGroup, t)
		}
	default:
		start, err = w.rangeStart(row)
	}
	if err != nil {
		return 0, 0, err
	}
	switch {
	case f&plan.FrameEndUnboundedFollowing != 0:
		end = n
	case f&plan.FrameEndCurrentRow != 0:
		end = w.groupEnd
		if f&plan.FrameRows != 0 {
			end = i + 1
		}
	case f&plan.FrameRows != 0:
		end = clamp(i + offset(w.endVal, f&plan.FrameEndOffsetPreceding != 0) + 1)
	case f&plan.FrameGroups != 0:
		t := w.group + offset(w.endVal, f&plan.FrameEndOffsetPreceding != 0)
		if t >= 0 {
			end, err = w.groupStartOf(&w.tailGroup, t+1)
		}
	default:
		end, err = w.rangeEnd(row)
	}
	return start, end, err
}

// rangeSetup finds the partition's non-NULL rows for RANGE offsets: NULLs
// sort at one end, so they are contiguous.
func (w *windowIter) rangeSetup() error {
	w.rangeReady = true
	w.nnStart, w.nnEnd = 0, w.n
	for ; w.nnStart < w.n; w.nnStart++ {
		if err := w.tick(); err != nil {
			return err
		}
		r, err := w.headC.fetch(w.nnStart)
		if err != nil {
			return err
		}
		if !w.orderValue(r).IsNull() {
			break
		}
	}
	for ; w.nnEnd > w.nnStart; w.nnEnd-- {
		if err := w.tick(); err != nil {
			return err
		}
		r, err := w.tailC.fetch(w.nnEnd - 1)
		if err != nil {
			return err
		}
		if !w.orderValue(r).IsNull() {
			break
		}
	}
	w.head, w.tail = w.nnStart, w.nnStart
	asc := !w.node.Window.OrderBy[0].Desc
	w.headSub, w.headLess = w.frame&plan.FrameStartOffsetPreceding != 0, false
	w.tailSub, w.tailLess = w.frame&plan.FrameEndOffsetPreceding != 0, true
	if !asc {
		w.headSub, w.headLess = !w.headSub, true
		w.tailSub, w.tailLess = !w.tailSub, false
	}
	return nil
}

// rangeStart is the start of row's RANGE frame given by an offset, with
// the in_range function of the ORDER BY column. Rows whose value is NULL
// are in range only of each other: their frame is their peer group. The
// head only moves forward as the current row does.
func (w *windowIter) rangeStart(row []types.Datum) (int64, error) {
	base := w.orderValue(row)
	if base.IsNull() {
		return w.groupStart, nil
	}
	if err := w.advanceRange(w.headC, &w.head, base, w.startVal, w.headSub, w.headLess, false); err != nil {
		return 0, err
	}
	return w.head, nil
}

// rangeEnd is the end of row's RANGE frame given by an offset, after
// rangeStart for the same row when the start has an offset too. Both
// come after rangeSetup.
func (w *windowIter) rangeEnd(row []types.Datum) (int64, error) {
	base := w.orderValue(row)
	if base.IsNull() {
		return w.groupEnd, nil
	}
	if w.tail < w.head && w.frame&plan.FrameStartOffset != 0 {
		w.tail = w.head
	}
	if err := w.advanceRange(w.tailC, &w.tail, base, w.endVal, w.tailSub, w.tailLess, true); err != nil {
		return 0, err
	}
	return w.tail, nil
}

// advanceRange moves *pos, a row read by c, forward over the non-NULL
// rows while whether the row's value is in range of base by offset (the
// in_range function with sub and less) is while.
func (w *windowIter) advanceRange(c *winCursor, pos *int64, base, offset types.Datum, sub, less, while bool) error {
	for *pos < w.nnEnd {
		if err := w.tick(); err != nil {
			return err
		}
		r, err := c.fetch(*pos)
		if err != nil {
			return err
		}
		ok, err := w.inRange(w.ec, w.orderValue(r), base, offset, sub, less)
		if err != nil {
			return err
		}
		if ok != while {
			return nil
		}
		*pos++
	}
	return nil
}

// frameRow returns the nth row (1-based) of row i's frame [start, end),
// counting from the end when fromEnd, skipping the rows EXCLUDE leaves
// out; -1 when the frame is shorter. The rows left are at most three
// ranges: before the excluded rows, the current row (EXCLUDE TIES), and
// after them.
func (w *windowIter) frameRow(i, start, end, nth int64, fromEnd bool) int64 {
	var ranges [3][2]int64
	nr := 0
	add := func(a, b int64) {
		a, b = max(a, start), min(b, end)
		if a < b {
			ranges[nr] = [2]int64{a, b}
			nr++
		}
	}
	switch {
	case w.frame&plan.FrameExcludeCurrentRow != 0:
		add(start, i)
		add(i+1, end)
	case w.frame&plan.FrameExcludeGroup != 0:
		add(start, w.groupStart)
		add(w.groupEnd, end)
	case w.frame&plan.FrameExcludeTies != 0:
		add(start, w.groupStart)
		add(i, i+1)
		add(w.groupEnd, end)
	default:
		add(start, end)
	}
	for k := 0; k < nr; k++ {
		r := ranges[k]
		if fromEnd {
			r = ranges[nr-1-k]
		}
		if l := r[1] - r[0]; nth > l {
			nth -= l
			continue
		}
		if fromEnd {
			return r[1] - nth
		}
		return r[0] + nth - 1
	}
	return -1
}

// excluded reports whether row j is left out of row i's frame by the
// EXCLUDE option.
func (w *windowIter) excluded(i, j int64) bool {
	inGroup := j >= w.groupStart && j < w.groupEnd
	switch {
	case w.frame&plan.FrameExcludeCurrentRow != 0:
		return i == j
	case w.frame&plan.FrameExcludeGroup != 0:
		return inGroup
	case w.frame&plan.FrameExcludeTies != 0:
		return i != j && inGroup
	}
	return false
}

// value returns function f's value for row i of the partition, whose
// frame is [s, e).
func (w *windowIter) value(f *windowFunc, st *funcState, i int64, row []types.Datum, s, e int64) (types.Datum, error) {
	if f.newAcc != nil {
		return w.aggValue(f, st, i, s, e)
	}
	n := w.n
	switch f.src {
	case "window_row_number":
		return types.Int(i + 1), nil
	case "window_rank":
		return types.Int(w.groupStart + 1), nil
	case "window_dense_rank":
		return types.Int(w.group + 1), nil
	case "window_percent_rank":
		r := 0.0
		if n > 1 {
			r = float64(w.groupStart) / float64(n-1)
		}
		return types.Float8(r), nil
	case "window_cume_dist":
		return types.Float8(float64(w.groupEnd) / float64(n)), nil
	case "window_ntile":
		// The bucket count is read from the first row where it is not
		// NULL; until then the result is NULL (windowfuncs.c).
		if st.ntile == 0 {
			v, err := f.args[0](w.ec, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			buckets := v.Int()
			if buckets <= 0 {
				return types.Null, pgerr.New(pgerr.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
			}
			st.ntile, st.perBucket = 1, 0
			st.boundary = n / buckets
			if st.boundary <= 0 {
				st.boundary = 1
			} else {
				st.remainder = n % buckets
				if st.remainder != 0 {
					st.boundary++
				}
			}
		}
		st.perBucket++
		if st.boundary < st.perBucket {
			if st.remainder != 0 && st.ntile == st.remainder {
				st.remainder = 0
				st.boundary--
			}
			st.ntile++
			st.perBucket = 1
		}
		return types.Int(st.ntile), nil
	case "window_lag", "window_lag_with_offset", "window_lag_with_offset_and_default",
		"window_lead", "window_lead_with_offset", "window_lead_with_offset_and_default":
		forward := f.src[len("window_l")] == 'e' // window_lead...
		offset := int64(1)
		if len(f.args) > 1 {
			v, err := f.args[1](w.ec, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			offset = v.Int()
		}
		if !forward {
			offset = -offset
		}
		t := i + offset
		switch {
		case t >= 0 && t < n:
			r, err := st.c.fetch(t)
			if err != nil {
				return types.Null, err
			}
			return f.args[0](w.ec, r)
		case len(f.args) > 2:
			return f.args[2](w.ec, row)
		}
		return types.Null, nil
	case "window_first_value", "window_last_value", "window_nth_value":
		nth := int64(1)
		if f.src == "window_nth_value" {
			v, err := f.args[1](w.ec, row)
			if err != nil || v.IsNull() {
				return types.Null, err
			}
			if nth = v.Int(); nth <= 0 {
				return types.Null, pgerr.New(pgerr.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
			}
		}
		target := w.frameRow(i, s, e, nth, f.src == "window_last_value")
		if target < 0 {
			return types.Null, nil
		}
		r, err := st.c.fetch(target)
		if err != nil {
			return types.Null, err
		}
		return f.args[0](w.ec, r)
	}
	return types.Null, pgerr.Newf(pgerr.FeatureNotSupported, "window function %s is not implemented yet", f.call.Func.Name)
}

// aggArgs evaluates aggregate f's arguments for row, nil when FILTER
// leaves the row out.
func (w *windowIter) aggArgs(f *windowFunc, row []types.Datum) ([]types.Datum, error) {
	if f.filter != nil {
		v, err := f.filter(w.ec, row)
		if err != nil || v.IsNull() || !v.Bool() {
			return nil, err
		}
	}
	a := make([]types.Datum, len(f.args))
	for k, ev := range f.args {
		var err error
		if a[k], err = ev(w.ec, row); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// aggValue computes aggregate f over row i's frame [s, e): a frame that
// starts where the previous one did and ends no earlier continues the
// previous accumulator, an identical frame reuses its value, a frame
// that slid forward removes the rows that left it when the aggregate has
// an inverse transition (builtins.AggInverse), and any other frame is
// aggregated from scratch.
func (w *windowIter) aggValue(f *windowFunc, st *funcState, i, s, e int64) (types.Datum, error) {
	if e < s {
		e = s
	}
	exclusion := w.frame&plan.FrameExclusion != 0
	if !exclusion && st.acc != nil && s == st.accStart && e == st.accEnd {
		return st.last, nil
	}
	from := s
	switch {
	case !exclusion && st.acc != nil && s == st.accStart && e >= st.accEnd:
		from = st.accEnd
	case !exclusion && st.acc != nil && s > st.accStart && s <= st.accEnd && e >= st.accEnd && canRemove(st.acc):
		// The frame slid forward: take back the rows that left it
		// (moving-aggregate mode).
		inv := st.acc.(builtins.AggInverse)
		if err := w.feed(f, st.rem, st.accStart, s, nil, inv.Remove); err != nil {
			return types.Null, err
		}
		st.accStart, from = s, st.accEnd
	default:
		st.acc = f.newAcc()
		st.accStart = s
	}
	var skip func(j int64) bool
	if exclusion {
		skip = func(j int64) bool { return w.excluded(i, j) }
	}
	if err := w.feed(f, st.c, from, e, skip, st.acc.Add); err != nil {
		return types.Null, err
	}
	st.accEnd = e
	var err error
	if st.last, err = st.acc.Result(w.ec); err != nil {
		return types.Null, err
	}
	return st.last, nil
}

// feed gives apply the arguments of aggregate f for each row of [from,
// to) that FILTER and skip (nil: none) leave in, read with c.
func (w *windowIter) feed(f *windowFunc, c *winCursor, from, to int64, skip func(j int64) bool,
	apply func(ec *expr.EvalContext, args []types.Datum) error) error {
	for j := from; j < to; j++ {
		if err := w.tick(); err != nil {
			return err
		}
		if skip != nil && skip(j) {
			continue
		}
		r, err := c.fetch(j)
		if err != nil {
			return err
		}
		a, err := w.aggArgs(f, r)
		if err != nil {
			return err
		}
		if a == nil {
			continue
		}
		if err := apply(w.ec, a); err != nil {
			return err
		}
	}
	return nil
}

func canRemove(acc builtins.AggAcc) bool {
	_, ok := acc.(builtins.AggInverse)
	return ok
}
