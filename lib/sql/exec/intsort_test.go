package exec

import (
	"context"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/types"
)

// TestRadixSortStable sorts pairs on keys spread over every byte (and
// on keys sharing most bytes, whose passes are skipped) and checks the
// order is the standard library's stable sort's.
func TestRadixSortStable(t *testing.T) {
	type pair struct {
		key uint64
		pos int
	}
	r := rand.New(rand.NewSource(3))
	ec := &expr.EvalContext{}
	for _, n := range []int{0, 1, 2, 3, 255, 1000, radixCheckEvery + 7} {
		for _, mask := range []uint64{0, 1, 0xff, 0xff00ff, math.MaxUint64} {
			s := make([]pair, n)
			for i := range s {
				s[i] = pair{key: r.Uint64() & mask, pos: i}
			}
			want := slices.Clone(s)
			slices.SortStableFunc(want, func(a, b pair) int {
				switch {
				case a.key < b.key:
					return -1
				case a.key > b.key:
					return 1
				}
				return 0
			})
			if err := radixSort(ec, s, make([]pair, n), func(p *pair) uint64 { return p.key }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s, want) {
				t.Fatalf("n=%d mask=%x: not the stable order", n, mask)
			}
		}
	}
}

// TestOrderedKey checks orderedKey orders signed values, reversed for a
// descending key, and keyValue inverts it, at the extremes too.
func TestOrderedKey(t *testing.T) {
	vals := []int64{math.MinInt64, math.MinInt64 + 1, -1 << 40, -2, -1, 0, 1, 2, 1 << 40, math.MaxInt64 - 1, math.MaxInt64}
	for _, desc := range []bool{false, true} {
		for i := range vals {
			if got := keyValue(orderedKey(vals[i], desc), desc); got != vals[i] {
				t.Fatalf("desc=%v: %d comes back as %d", desc, vals[i], got)
			}
			if i == 0 {
				continue
			}
			a, b := orderedKey(vals[i-1], desc), orderedKey(vals[i], desc)
			if a < b == desc {
				t.Fatalf("desc=%v: %d and %d in the wrong order", desc, vals[i-1], vals[i])
			}
		}
	}
}

// TestSortRowsIntKeyExtremes sorts rows on an int8 key holding the
// extremes and negative values, with a second key breaking ties, and
// checks the order against the standard library's stable sort on
// compareRows.
func TestSortRowsIntKeyExtremes(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	ec := &expr.EvalContext{}
	typs := []uint32{types.OidInt8, types.OidInt4, types.OidInt4}
	pick := []int64{math.MinInt64, -5, -1, 0, 3, 1 << 50, math.MaxInt64}
	for _, keys := range [][]plan.SortKey{
		{{Target: 0}},
		{{Target: 0, Desc: true}},
		{{Target: 0, NullsFirst: true}, {Target: 1, Desc: true}},
		{{Target: 0, Desc: true, NullsFirst: true}, {Target: 1}},
	} {
		rows := make([][]types.Datum, 3000)
		for i := range rows {
			rows[i] = []types.Datum{types.Int(pick[r.Intn(len(pick))]), types.Int(int64(r.Intn(5))), types.Int(int64(i))}
			if r.Intn(15) == 0 {
				rows[i][0] = types.Null
			}
		}
		want := slices.Clone(rows)
		slices.SortStableFunc(want, func(a, b []types.Datum) int { return compareRows(a, b, keys, typs) })
		if err := sortRows(ec, rows, keys, typs); err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			if rows[i][2].Int() != want[i][2].Int() {
				t.Fatalf("keys=%v: row %d is original row %d, want %d", keys, i, rows[i][2].Int(), want[i][2].Int())
			}
		}
	}
}

// intSortInput makes n one-column rows of values of typ with many
// repeats, extremes for int8 and NULLs.
func intSortInput(r *rand.Rand, n int, typ uint32) [][]types.Datum {
	rows := make([][]types.Datum, n)
	for i := range rows {
		v := int64(r.Intn(n/3+1)) - int64(n/6)
		if typ == types.OidInt8 && r.Intn(50) == 0 {
			v = []int64{math.MinInt64, math.MaxInt64}[r.Intn(2)]
		}
		rows[i] = []types.Datum{types.Int(v)}
		if r.Intn(30) == 0 {
			rows[i][0] = types.Null
		}
	}
	return rows
}

// sortThroughNode sorts input through the Sort node with workMem and
// returns its rows and the in-memory row sort's (the stable sort on
// compareRows), checking that no temporary file is left.
func sortThroughNode(t *testing.T, ec *expr.EvalContext, input [][]types.Datum, keys []plan.SortKey, typs []uint32, workMem int64) (got, want [][]types.Datum) {
	t.Helper()
	want = slices.Clone(input)
	slices.SortStableFunc(want, func(a, b []types.Datum) int { return compareRows(a, b, keys, typs) })
	files, dir := testSpillFiles(t, workMem)
	it := &sortIter{ec: ec, in: &sliceIter{rows: input}, node: &plan.Sort{Keys: keys, Types: typs}, files: files}
	got = readAll(t, it)
	if left := tempFilesLeft(t, dir); len(left) > 0 {
		t.Errorf("files left after the sort: %v", left)
	}
	return got, want
}

// TestIntKeySortMatchesRowSort sorts one integer column through the
// Sort node with work_mem small enough for many runs and merge passes
// (and large enough for none), ascending, descending, NULLs first and
// last, and checks the values are the in-memory row sort's and no file
// is left.
func TestIntKeySortMatchesRowSort(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	ec := &expr.EvalContext{Ctx: context.Background()}
	for _, c := range []struct {
		n       int
		workMem int64
		typ     uint32
	}{
		{0, 1 << 10, types.OidInt4},
		{1, 1 << 10, types.OidInt4},
		{20000, 1 << 20, types.OidInt4},
		{20000, 1 << 10, types.OidInt8},
		{50000, 2 << 10, types.OidInt2},
		{50000, 8 << 10, types.OidDate},
	} {
		for _, key := range []plan.SortKey{{}, {Desc: true}, {NullsFirst: true}, {Desc: true, NullsFirst: true}} {
			keys := []plan.SortKey{key}
			typs := []uint32{c.typ}
			if !intKeySorts(keys, typs) {
				t.Fatalf("type %d: not sorted as integers", c.typ)
			}
			input := intSortInput(r, c.n, c.typ)
			rows, want := sortThroughNode(t, ec, input, keys, typs, c.workMem)
			var got []types.Datum
			for _, row := range rows {
				if len(row) != 1 {
					t.Fatalf("row of %d columns", len(row))
				}
				got = append(got, row[0])
			}
			if len(got) != len(want) {
				t.Fatalf("n=%d: %d values, want %d", c.n, len(got), len(want))
			}
			for i := range want {
				if w, g := want[i][0], got[i]; w.IsNull() != g.IsNull() || w.Int() != g.Int() {
					t.Fatalf("n=%d work_mem=%d key=%+v: value %d is %v (null %v), want %v (null %v)",
						c.n, c.workMem, key, i, g.Int(), g.IsNull(), w.Int(), w.IsNull())
				}
			}
		}
	}
}

// TestIntTIDKeySortMatchesRowSort sorts rows of an integer column and a
// tid on both (an index build's sort) through the Sort node, with
// work_mem small enough for runs and merge passes and large enough for
// none: repeated keys whose tids come out of order (as a HOT chain's
// root after its member), NULLs first and last, keys ascending and
// descending. The rows must be the row sort's and no file left.
func TestIntTIDKeySortMatchesRowSort(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	ec := &expr.EvalContext{Ctx: context.Background()}
	for _, c := range []struct {
		n       int
		workMem int64
		typ     uint32
	}{
		{0, 1 << 10, types.OidInt4},
		{1, 1 << 10, types.OidInt4},
		{20000, 1 << 20, types.OidInt4},
		{20000, 1 << 10, types.OidInt8},
		{30000, 4 << 10, types.OidInt2},
	} {
		for _, key := range []plan.SortKey{{}, {Desc: true}, {NullsFirst: true}, {Desc: true, NullsFirst: true}} {
			keys := []plan.SortKey{key, {Target: 1}}
			typs := []uint32{c.typ, types.OidTid}
			if !intTIDKeySorts(keys, typs) {
				t.Fatalf("type %d: not sorted as integers with tids", c.typ)
			}
			input := intSortInput(r, c.n, c.typ)
			for i, row := range input {
				// Mostly in tid order, as a table's scan gives them;
				// some tids smaller than the row's before.
				block, off := uint32(i/50), uint16(i%50+1)
				if r.Intn(20) == 0 && off > 1 {
					off = uint16(r.Intn(int(off)) + 1)
				}
				input[i] = append(row, types.Tid(block, off))
			}
			got, want := sortThroughNode(t, ec, input, keys, typs, c.workMem)
			if len(got) != len(want) {
				t.Fatalf("n=%d: %d rows, want %d", c.n, len(got), len(want))
			}
			for i := range want {
				w, g := want[i], got[i]
				if len(g) != 2 || w[0].IsNull() != g[0].IsNull() || w[0].Int() != g[0].Int() || w[1].Int() != g[1].Int() {
					t.Fatalf("n=%d work_mem=%d key=%+v: row %d is %v, want %v", c.n, c.workMem, key, i, g, w)
				}
			}
		}
	}
}

// TestIntKeySortRuns checks the values sort writes runs beyond work_mem
// and merges them in passes when there are more than one merge reads.
func TestIntKeySortRuns(t *testing.T) {
	ec := &expr.EvalContext{Ctx: context.Background()}
	files, dir := testSpillFiles(t, 1<<10) // 64 values a run, 6 runs a merge
	s := newIntKeySort(ec, files, plan.SortKey{})
	const n = 5000
	for i := 0; i < n; i++ {
		if err := s.add(types.Int(int64((i * 7919) % n))); err != nil {
			t.Fatal(err)
		}
		// Runs of each level merge once there are mergeOrder of them.
		if len(s.runs) > 3*mergeOrder(files.mem.Bytes) {
			t.Fatalf("%d runs open", len(s.runs))
		}
	}
	if len(s.runs) < 2 || s.levels[0] == 0 {
		t.Fatalf("runs of levels %v: no merge pass", s.levels)
	}
	m, err := s.finish()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		d, ok, err := m.nextValue()
		if err != nil || !ok || d.Int() != int64(i) {
			t.Fatalf("value %d: %d %v %v", i, d.Int(), ok, err)
		}
	}
	if _, ok, err := m.nextValue(); ok || err != nil {
		t.Fatalf("past the end: %v %v", ok, err)
	}
	if left := tempFilesLeft(t, dir); len(left) > 0 {
		t.Errorf("files left after the merge: %v", left)
	}
}

// TestIntKeySortCanceled cancels a values sort in its merge and checks
// the execution's cleanup removes its runs.
func TestIntKeySortCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ec := &expr.EvalContext{Ctx: ctx}
	files, dir := testSpillFiles(t, 4<<10)
	s := newIntKeySort(ec, files, plan.SortKey{Desc: true})
	for i := 0; i < 4*radixCheckEvery; i++ {
		if err := s.add(types.Int(int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	m, err := s.finish()
	if err != nil {
		t.Fatal(err)
	}
	cancelLeavesNoFiles(t, cancel, files, dir, func() (bool, error) {
		_, ok, err := m.nextValue()
		return ok, err
	})
}

// TestRunMergeSources merges 0 to 9 sorted sources of uneven lengths,
// some empty, on an integer key with NULLs and on a text key, and checks
// the result is the stable sort of their concatenation.
func TestRunMergeSources(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	ec := &expr.EvalContext{Ctx: context.Background()}
	typs := []uint32{types.OidInt4, types.OidText, types.OidInt4}
	texts := []string{"a", "b", "c"}
	for _, keys := range [][]plan.SortKey{
		{{Target: 0, NullsFirst: true}},
		{{Target: 0, Desc: true}, {Target: 1}},
		{{Target: 1, Desc: true}},
	} {
		for k := 0; k <= 9; k++ {
			var all [][]types.Datum
			m := &runMerge{ec: ec, keys: keys, typs: typs}
			for s := 0; s < k; s++ {
				rows := make([][]types.Datum, r.Intn(3)*r.Intn(40))
				for i := range rows {
					rows[i] = []types.Datum{types.Int(int64(r.Intn(10))), types.Text(texts[r.Intn(3)]), types.Int(int64(len(all) + i))}
					if r.Intn(8) == 0 {
						rows[i][0] = types.Null
					}
				}
				if err := sortRows(ec, rows, keys, typs); err != nil {
					t.Fatal(err)
				}
				all = append(all, rows...)
				m.sources = append(m.sources, &mergeSource{rows: slices.Clone(rows)})
			}
			slices.SortStableFunc(all, func(a, b []types.Datum) int { return compareRows(a, b, keys, typs) })
			if err := m.start(); err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				row, ok, err := m.next()
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					if i != len(all) {
						t.Fatalf("keys=%v k=%d: %d rows, want %d", keys, k, i, len(all))
					}
					break
				}
				if i >= len(all) || row[2].Int() != all[i][2].Int() {
					t.Fatalf("keys=%v k=%d: row %d is %d", keys, k, i, row[2].Int())
				}
			}
		}
	}
}

// TestIntTIDKeySortIndexBuildMemory: an index build's sort of integer
// keys and tids counts its rows as index tuples and may hold IndexBytes
// (maintenance_work_mem) where another sort holds Bytes (work_mem).
func TestIntTIDKeySortIndexBuildMemory(t *testing.T) {
	ec := &expr.EvalContext{Ctx: context.Background()}
	keys := []plan.SortKey{{}, {Target: 1}}
	typs := []uint32{types.OidInt4, types.OidTid}
	for _, indexBuild := range []bool{false, true} {
		files, dir := testSpillFiles(t, 16<<10)
		files.mem.IndexBytes = 1 << 20
		s := newExternalSort(ec, files, keys, typs)
		if indexBuild {
			s.ints.countAsIndexTuples()
		}
		const n = 10000 // 560 kB as index tuples
		for i := 0; i < n; i++ {
			if err := s.add([]types.Datum{types.Int(int64(n - i)), types.Tid(uint32(i), 1)}); err != nil {
				t.Fatal(err)
			}
		}
		if spilled := len(s.ints.runs) > 0; spilled == indexBuild {
			t.Fatalf("index build %v: runs written %v", indexBuild, spilled)
		}
		m, err := s.finish()
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= n; i++ {
			row, ok, err := m.next()
			if err != nil || !ok || row[0].Int() != int64(i) {
				t.Fatalf("index build %v: row %d is %v %v %v", indexBuild, i, row, ok, err)
			}
		}
		if left := tempFilesLeft(t, dir); len(left) > 0 {
			t.Errorf("files left: %v", left)
		}
	}
}
