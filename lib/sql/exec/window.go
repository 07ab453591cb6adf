// This file implements window functions (PostgreSQL's nodeWindowAgg.c and
// windowfuncs.c): the WindowAgg node sorts its input on the window's
// partition and order keys with the Sort node's implementation, buffers
// one partition at a time in memory and computes every function for
// every row of it, each row's frame found from the frame clause (ROWS,
// RANGE or GROUPS, offsets, EXCLUDE). Aggregates over a frame that only
// grows reuse their accumulator; other frames are aggregated again.

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
	ec    *expr.EvalContext
	node  *plan.WindowAgg
	in    iterator
	files *spillFiles
	width int // input row width
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

	sorted  iterator
	started bool
	next    []types.Datum // first row of the next partition
	out     [][]types.Datum
	pos     int
}

func (x *executor) buildWindowAgg(n *plan.WindowAgg) (iterator, error) {
	in, err := x.build(n.Input)
	if err != nil {
		return nil, err
	}
	w := n.Window
	it := &windowIter{ec: x.ec, node: n, in: in, files: x.files, width: n.Input.Width(), frame: w.Frame, nPart: len(w.PartitionBy)}
	it.keyTypes = make([]uint32, it.width, it.width+len(w.PartitionBy)+len(w.OrderBy))
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
	}
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
			in = &sortIter{ec: w.ec, in: in, node: &plan.Sort{Keys: w.sortKeys, Types: w.keyTypes}, files: w.files}
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
	for w.pos >= len(w.out) {
		if w.next == nil {
			return nil, false, nil
		}
		if err := w.partition(); err != nil {
			return nil, false, err
		}
	}
	row := w.out[w.pos]
	w.out[w.pos] = nil
	w.pos++
	return row, true, nil
}

// partition reads the next partition and computes its output rows.
func (w *windowIter) partition() error {
	rows := [][]types.Datum{w.next}
	w.next = nil
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
		if compareRows(rows[0], row, partKeys, w.keyTypes) != 0 {
			w.next = row
			break
		}
		rows = append(rows, row)
	}
	p := w.newPartition(rows)
	results := make([][]types.Datum, len(w.funcs))
	for i := range w.funcs {
		var err error
		if results[i], err = w.compute(p, &w.funcs[i]); err != nil {
			return err
		}
	}
	w.out = w.out[:0]
	w.pos = 0
	for j, r := range rows {
		out := make([]types.Datum, w.width+len(w.funcs))
		copy(out, r[:w.width])
		for i := range w.funcs {
			out[w.width+i] = results[i][j]
		}
		w.out = append(w.out, out)
	}
	return nil
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

// winPartition is one buffered partition with its peer groups.
type winPartition struct {
	rows [][]types.Datum
	// group is each row's peer group number; groupStart and groupEnd
	// are the bounds [start, end) of each group.
	group      []int
	groupStart []int
	groupEnd   []int
}

func (w *windowIter) newPartition(rows [][]types.Datum) *winPartition {
	p := &winPartition{rows: rows, group: make([]int, len(rows))}
	orderKeys := w.sortKeys[w.nPart:]
	g := 0
	p.groupStart = append(p.groupStart, 0)
	for j := 1; j < len(rows); j++ {
		if compareRows(rows[j-1], rows[j], orderKeys, w.keyTypes) != 0 {
			p.groupEnd = append(p.groupEnd, j)
			p.groupStart = append(p.groupStart, j)
			g++
		}
		p.group[j] = g
	}
	p.groupEnd = append(p.groupEnd, len(rows))
	return p
}

// orderValue is the first ORDER BY key of row j (RANGE offsets).
func (w *windowIter) orderValue(p *winPartition, j int) types.Datum {
	return p.rows[j][w.sortKeys[w.nPart].Target]
}

// frames computes every row's frame [start, end) of partition p.
func (w *windowIter) frames(p *winPartition) (starts, ends []int, err error) {
	n := len(p.rows)
	starts, ends = make([]int, n), make([]int, n)
	f := w.frame
	clamp := func(v int64) int {
		if v < 0 {
			return 0
		}
		if v > int64(n) {
			return n
		}
		return int(v)
	}
	// offset bounds a row offset or a group offset so that adding it
	// to an index cannot overflow.
	bound := func(v types.Datum) int64 {
		o := v.Int()
		if o > int64(n)+1 {
			o = int64(n) + 1
		}
		return o
	}
	if f&plan.FrameRange != 0 && (w.startOff != nil || w.endOff != nil) {
		if err := w.rangeFrames(p, starts, ends); err != nil {
			return nil, nil, err
		}
	}
	ngroups := len(p.groupStart)
	for i := 0; i < n; i++ {
		if i&0xFFF == 0 {
			if err := w.ec.CheckCancel(); err != nil {
				return nil, nil, err
			}
		}
		g := p.group[i]
		switch {
		case f&plan.FrameStartUnboundedPreceding != 0:
			starts[i] = 0
		case f&plan.FrameStartCurrentRow != 0:
			if f&plan.FrameRows != 0 {
				starts[i] = i
			} else {
				starts[i] = p.groupStart[g]
			}
		case f&plan.FrameRows != 0:
			o := bound(w.startVal)
			if f&plan.FrameStartOffsetPreceding != 0 {
				o = -o
			}
			starts[i] = clamp(int64(i) + o)
		case f&plan.FrameGroups != 0:
			o := bound(w.startVal)
			if f&plan.FrameStartOffsetPreceding != 0 {
				o = -o
			}
			t := int64(g) + o
			switch {
			case t < 0:
				starts[i] = 0
			case t >= int64(ngroups):
				starts[i] = n
			default:
				starts[i] = p.groupStart[t]
			}
		}
		switch {
		case f&plan.FrameEndUnboundedFollowing != 0:
			ends[i] = n
		case f&plan.FrameEndCurrentRow != 0:
			if f&plan.FrameRows != 0 {
				ends[i] = i + 1
			} else {
				ends[i] = p.groupEnd[g]
			}
		case f&plan.FrameRows != 0:
			o := bound(w.endVal)
			if f&plan.FrameEndOffsetPreceding != 0 {
				o = -o
			}
			ends[i] = clamp(int64(i) + o + 1)
		case f&plan.FrameGroups != 0:
			o := bound(w.endVal)
			if f&plan.FrameEndOffsetPreceding != 0 {
				o = -o
			}
			t := int64(g) + o
			switch {
			case t < 0:
				ends[i] = 0
			case t >= int64(ngroups):
				ends[i] = n
			default:
				ends[i] = p.groupEnd[t]
			}
		}
	}
	return starts, ends, nil
}

// rangeFrames sets the bounds of a RANGE frame given by offsets, with
// the in_range function of the ORDER BY column. Rows whose value is NULL
// are in range only of each other: their frame bound is their peer
// group's. The bounds only move forward as the current row does.
func (w *windowIter) rangeFrames(p *winPartition, starts, ends []int) error {
	n := len(p.rows)
	f := w.frame
	asc := !w.node.Window.OrderBy[0].Desc
	// The non-NULL rows are contiguous: NULLs sort at one end.
	nnStart, nnEnd := 0, n
	for nnStart < n && w.orderValue(p, nnStart).IsNull() {
		nnStart++
	}
	for nnEnd > nnStart && w.orderValue(p, nnEnd-1).IsNull() {
		nnEnd--
	}
	headSub := f&plan.FrameStartOffsetPreceding != 0
	headLess := false
	tailSub := f&plan.FrameEndOffsetPreceding != 0
	tailLess := true
	if !asc {
		headSub, headLess = !headSub, true
		tailSub, tailLess = !tailSub, false
	}
	head, tail := nnStart, nnStart
	for i := 0; i < n; i++ {
		if i&0xFFF == 0 {
			if err := w.ec.CheckCancel(); err != nil {
				return err
			}
		}
		base := w.orderValue(p, i)
		if base.IsNull() {
			g := p.group[i]
			starts[i], ends[i] = p.groupStart[g], p.groupEnd[g]
			continue
		}
		if f&plan.FrameStartOffset != 0 {
			for head < nnEnd {
				ok, err := w.inRange(w.ec, w.orderValue(p, head), base, w.startVal, headSub, headLess)
				if err != nil {
					return err
				}
				if ok {
					break
				}
				head++
			}
			starts[i] = head
		}
		if f&plan.FrameEndOffset != 0 {
			if tail < head && f&plan.FrameStartOffset != 0 {
				tail = head
			}
			for tail < nnEnd {
				ok, err := w.inRange(w.ec, w.orderValue(p, tail), base, w.endVal, tailSub, tailLess)
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				tail++
			}
			ends[i] = tail
		}
	}
	return nil
}

// frameRow returns the nth row (1-based) of row i's frame [start, end),
// counting from the end when fromEnd, skipping the rows EXCLUDE leaves
// out; -1 when the frame is shorter.
func (w *windowIter) frameRow(p *winPartition, i, start, end int, nth int64, fromEnd bool) (int, error) {
	if end <= start {
		return -1, nil
	}
	if w.frame&plan.FrameExclusion == 0 {
		if int64(end-start) < nth {
			return -1, nil
		}
		if fromEnd {
			return end - int(nth), nil
		}
		return start + int(nth) - 1, nil
	}
	step, j, stop := 1, start, end
	if fromEnd {
		step, j, stop = -1, end-1, start-1
	}
	for n := 0; j != stop; j += step {
		if n++; n&0xFFF == 0 {
			if err := w.ec.CheckCancel(); err != nil {
				return -1, err
			}
		}
		if w.excluded(p, i, j) {
			continue
		}
		if nth--; nth == 0 {
			return j, nil
		}
	}
	return -1, nil
}

// excluded reports whether row j is left out of row i's frame by the
// EXCLUDE option.
func (w *windowIter) excluded(p *winPartition, i, j int) bool {
	switch {
	case w.frame&plan.FrameExcludeCurrentRow != 0:
		return i == j
	case w.frame&plan.FrameExcludeGroup != 0:
		return p.group[i] == p.group[j]
	case w.frame&plan.FrameExcludeTies != 0:
		return i != j && p.group[i] == p.group[j]
	}
	return false
}

// compute returns the values of function f for every row of p.
func (w *windowIter) compute(p *winPartition, f *windowFunc) ([]types.Datum, error) {
	if f.newAcc != nil {
		return w.computeAgg(p, f)
	}
	n := len(p.rows)
	out := make([]types.Datum, n)
	arg := func(k, j int) (types.Datum, error) {
		return f.args[k](w.ec, p.rows[j])
	}
	switch f.src {
	case "window_row_number":
		for i := range out {
			out[i] = types.Int(int64(i + 1))
		}
	case "window_rank":
		for i := range out {
			out[i] = types.Int(int64(p.groupStart[p.group[i]] + 1))
		}
	case "window_dense_rank":
		for i := range out {
			out[i] = types.Int(int64(p.group[i] + 1))
		}
	case "window_percent_rank":
		for i := range out {
			r := 0.0
			if n > 1 {
				r = float64(p.groupStart[p.group[i]]) / float64(n-1)
			}
			out[i] = types.Float8(r)
		}
	case "window_cume_dist":
		for i := range out {
			out[i] = types.Float8(float64(p.groupEnd[p.group[i]]) / float64(n))
		}
	case "window_ntile":
		// The bucket count is read from the first row where it is not
		// NULL; until then the result is NULL (windowfuncs.c).
		var ntile, perBucket, boundary, remainder int64
		for i := range out {
			if ntile == 0 {
				v, err := arg(0, i)
				if err != nil {
					return nil, err
				}
				if v.IsNull() {
					out[i] = types.Null
					continue
				}
				buckets := v.Int()
				if buckets <= 0 {
					return nil, pgerr.New(pgerr.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
				}
				ntile, perBucket = 1, 0
				boundary = int64(n) / buckets
				if boundary <= 0 {
					boundary = 1
				} else {
					remainder = int64(n) % buckets
					if remainder != 0 {
						boundary++
					}
				}
			}
			perBucket++
			if boundary < perBucket {
				if remainder != 0 && ntile == remainder {
					remainder = 0
					boundary--
				}
				ntile++
				perBucket = 1
			}
			out[i] = types.Int(ntile)
		}
	case "window_lag", "window_lag_with_offset", "window_lag_with_offset_and_default",
		"window_lead", "window_lead_with_offset", "window_lead_with_offset_and_default":
		forward := f.src[len("window_l")] == 'e' // window_lead...
		for i := range out {
			offset := int64(1)
			if len(f.args) > 1 {
				v, err := arg(1, i)
				if err != nil {
					return nil, err
				}
				if v.IsNull() {
					out[i] = types.Null
					continue
				}
				offset = v.Int()
			}
			if !forward {
				offset = -offset
			}
			t := int64(i) + offset
			var err error
			switch {
			case t >= 0 && t < int64(n):
				out[i], err = arg(0, int(t))
			case len(f.args) > 2:
				out[i], err = arg(2, i)
			default:
				out[i] = types.Null
			}
			if err != nil {
				return nil, err
			}
		}
	case "window_first_value", "window_last_value", "window_nth_value":
		starts, ends, err := w.frames(p)
		if err != nil {
			return nil, err
		}
		for i := range out {
			nth := int64(1)
			if f.src == "window_nth_value" {
				v, err := arg(1, i)
				if err != nil {
					return nil, err
				}
				if v.IsNull() {
					out[i] = types.Null
					continue
				}
				if nth = v.Int(); nth <= 0 {
					return nil, pgerr.New(pgerr.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
				}
			}
			target, err := w.frameRow(p, i, starts[i], ends[i], nth, f.src == "window_last_value")
			if err != nil {
				return nil, err
			}
			if target < 0 {
				out[i] = types.Null
				continue
			}
			if out[i], err = arg(0, target); err != nil {
				return nil, err
			}
		}
	default:
		return nil, pgerr.Newf(pgerr.FeatureNotSupported, "window function %s is not implemented yet", f.call.Func.Name)
	}
	return out, nil
}

// computeAgg computes an aggregate over each row's frame. Arguments and
// FILTER are evaluated once per row; a frame that starts where the
// previous one did and ends no earlier continues the previous
// accumulator, an identical frame reuses its value, a frame that slid
// forward removes the rows that left it when the aggregate has an
// inverse transition (builtins.AggInverse), and any other frame is
// aggregated from scratch.
func (w *windowIter) computeAgg(p *winPartition, f *windowFunc) ([]types.Datum, error) {
	n := len(p.rows)
	starts, ends, err := w.frames(p)
	if err != nil {
		return nil, err
	}
	args := make([][]types.Datum, n)
	for j := 0; j < n; j++ {
		if j&0xFFF == 0 {
			if err := w.ec.CheckCancel(); err != nil {
				return nil, err
			}
		}
		if f.filter != nil {
			v, err := f.filter(w.ec, p.rows[j])
			if err != nil {
				return nil, err
			}
			if v.IsNull() || !v.Bool() {
				continue
			}
		}
		a := make([]types.Datum, len(f.args))
		for k, ev := range f.args {
			if a[k], err = ev(w.ec, p.rows[j]); err != nil {
				return nil, err
			}
		}
		args[j] = a
	}
	out := make([]types.Datum, n)
	exclusion := w.frame&plan.FrameExclusion != 0
	var acc builtins.AggAcc
	accStart, accEnd := -1, -1
	var last types.Datum
	added := 0
	for i := 0; i < n; i++ {
		s, e := starts[i], ends[i]
		if e < s {
			e = s
		}
		if !exclusion && acc != nil && s == accStart && e == accEnd {
			out[i] = last
			continue
		}
		from := s
		switch {
		case !exclusion && acc != nil && s == accStart && e >= accEnd:
			from = accEnd
		case !exclusion && acc != nil && s > accStart && s <= accEnd && e >= accEnd && canRemove(acc):
			// The frame slid forward: take back the rows that left it
			// (moving-aggregate mode).
			inv := acc.(builtins.AggInverse)
			for j := accStart; j < s; j++ {
				if args[j] == nil {
					continue
				}
				if err := inv.Remove(w.ec, args[j]); err != nil {
					return nil, err
				}
			}
			accStart, from = s, accEnd
		default:
			acc = f.newAcc()
			accStart = s
		}
		for j := from; j < e; j++ {
			if added++; added&0xFFF == 0 {
				if err := w.ec.CheckCancel(); err != nil {
					return nil, err
				}
			}
			if args[j] == nil || exclusion && w.excluded(p, i, j) {
				continue
			}
			if err := acc.Add(w.ec, args[j]); err != nil {
				return nil, err
			}
		}
		accEnd = e
		if last, err = acc.Result(w.ec); err != nil {
			return nil, err
		}
		out[i] = last
	}
	return out, nil
}

func canRemove(acc builtins.AggAcc) bool {
	_, ok := acc.(builtins.AggInverse)
	return ok
}
