package stats

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

func intColumn(target int) Column {
	return Column{Target: target, Len: 4,
		Less:  func(a, b types.Datum) int { return types.Compare(types.OidInt4, a, b) },
		Equal: func(a, b types.Datum) bool { return a.Int() == b.Int() }}
}

func ints(vs ...int) []Value {
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = Value{Datum: types.Int(int64(v))}
	}
	return out
}

func noInterrupt() error { return nil }

func TestBlockSamplerChoosesInOrder(t *testing.T) {
	for _, seed := range []uint32{0, 1, 42, 0xFFFFFFFF} {
		bs := NewBlockSampler(1000, 30, seed)
		var got []uint32
		for bs.HasMore() {
			got = append(got, bs.Next())
		}
		if len(got) != 30 || bs.Selected() != 30 {
			t.Fatalf("seed %d: %d blocks chosen, want 30", seed, len(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i] <= got[i-1] {
				t.Fatalf("seed %d: blocks not increasing: %v", seed, got)
			}
		}
		if got[len(got)-1] >= 1000 {
			t.Fatalf("seed %d: block %d beyond the relation", seed, got[len(got)-1])
		}
	}
	// Fewer blocks than the sample: all of them, in order.
	bs := NewBlockSampler(5, 30000, 7)
	var got []uint32
	for bs.HasMore() {
		got = append(got, bs.Next())
	}
	if !slices.Equal(got, []uint32{0, 1, 2, 3, 4}) {
		t.Fatalf("small relation: got %v", got)
	}
}

func TestBlockSamplerSeedRepeats(t *testing.T) {
	a, b := NewBlockSampler(10000, 100, 12345), NewBlockSampler(10000, 100, 12345)
	for a.HasMore() {
		if x, y := a.Next(), b.Next(); x != y {
			t.Fatalf("same seed, different blocks %d and %d", x, y)
		}
	}
}

// TestReservoirUniform checks that Vitter's reservoir, driven as
// acquire_sample_rows drives it, keeps every row with about the same
// probability, in both algorithm X (t <= 22n) and algorithm Z.
func TestReservoirUniform(t *testing.T) {
	const n, total, runs = 10, 1000, 2000
	hits := make([]int, total)
	for run := range runs {
		rs := NewReservoir(n, uint32(run))
		sample := make([]int, 0, n)
		skip := -1.0
		for row := range total {
			if len(sample) < n {
				sample = append(sample, row)
				continue
			}
			if skip < 0 {
				skip = rs.NextSkip(float64(row), n)
			}
			if skip <= 0 {
				sample[int(float64(n)*rs.RandomFract())] = row
			}
			skip--
		}
		for _, r := range sample {
			hits[r]++
		}
	}
	// Each row is expected n*runs/total = 20 times: each tenth of the
	// table 2000 times.
	want := float64(n*runs) / 10
	for part := range 10 {
		got := 0
		for _, h := range hits[part*total/10 : (part+1)*total/10] {
			got += h
		}
		if math.Abs(float64(got)-want) > 0.15*want {
			t.Errorf("rows %d..%d sampled %d times, want about %.0f", part*total/10, (part+1)*total/10-1, got, want)
		}
	}
}

func TestHaasStokes(t *testing.T) {
	// n*d / (n - f1 + f1*n/N): 1000 sampled of 100000, 300 distinct, 100 once.
	got := haasStokes(1000, 100000, 300, 100)
	want := math.Floor(1000*300/(1000-100+100*1000/100000.0) + 0.5)
	if got != want || got != 333 {
		t.Errorf("haasStokes = %v, want %v (333)", got, want)
	}
	// Clamped to [d, N].
	if got := haasStokes(10, 12, 10, 10); got != 12 {
		t.Errorf("clamp to N: %v", got)
	}
	// N = 0: clamped up to d, then down to N.
	if got := haasStokes(10, 0, 3, 1); got != 0 {
		t.Errorf("N = 0: %v, want 0", got)
	}
}

func TestAnalyzeMCVList(t *testing.T) {
	// The whole table sampled: every candidate kept.
	if got := AnalyzeMCVList([]int{5, 3, 2}, 10, 0, 100, 100); got != 3 {
		t.Errorf("whole table: %d", got)
	}
	// A sample of 1000 of a million rows with 60 distinct values: one
	// stands out, the others are about as common as the values not in
	// the list (1000/60 each).
	if got := AnalyzeMCVList([]int{500, 12, 11, 10}, 60, 0, 1000, 1e6); got != 1 {
		t.Errorf("one outstanding value: kept %d", got)
	}
	if got := AnalyzeMCVList([]int{11, 10}, 60, 0, 1000, 1e6); got != 0 {
		t.Errorf("no outstanding value: kept %d", got)
	}
}

func TestScalarStats(t *testing.T) {
	// 1 five times, 2 three times, then 3..12 once each, and two NULLs.
	vals := ints(1, 2, 1, 3, 1, 2, 4, 5, 1, 6, 7, 2, 8, 9, 1, 10, 11, 12)
	vals = append(vals, Value{Null: true}, Value{Null: true})
	r, err := Compute(intColumn(100), vals, 20, noInterrupt)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid || r.NullFrac != 0.1 || r.Width != 4 {
		t.Fatalf("null frac %v width %v", r.NullFrac, r.Width)
	}
	// d = 12, f1 = 10, n = 18, N = 18: the estimate is 12 > 2: -12/20.
	if r.Distinct != float32(-0.6) {
		t.Errorf("n_distinct %v, want -0.6", r.Distinct)
	}
	if len(r.Slots) != 3 || r.Slots[0].Kind != KindMCV || r.Slots[1].Kind != KindHistogram || r.Slots[2].Kind != KindCorrelation {
		t.Fatalf("slots %+v", r.Slots)
	}
	mcv := r.Slots[0]
	if len(mcv.Values) != 2 || mcv.Values[0].Int() != 1 || mcv.Values[1].Int() != 2 ||
		mcv.Numbers[0] != float32(0.25) || mcv.Numbers[1] != float32(0.15) {
		t.Errorf("MCV %v %v", mcv.Values, mcv.Numbers)
	}
	var hist []int64
	for _, v := range r.Slots[1].Values {
		hist = append(hist, v.Int())
	}
	if !slices.Equal(hist, []int64{3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Errorf("histogram %v", hist)
	}
}

func TestScalarUniqueAndCorrelation(t *testing.T) {
	up := ints(1, 2, 3, 4, 5, 6, 7, 8)
	down := ints(8, 7, 6, 5, 4, 3, 2, 1)
	col := intColumn(3)
	r, _ := Compute(col, up, 8, noInterrupt)
	if r.Distinct != -1 {
		t.Errorf("unique: n_distinct %v", r.Distinct)
	}
	// target 3: four bounds evenly spaced over the eight values, the
	// steps' fractions carried (7/3: 2, 2, 3).
	h := r.Slots[0].Values
	if r.Slots[0].Kind != KindHistogram || len(h) != 4 || h[0].Int() != 1 || h[1].Int() != 3 || h[2].Int() != 5 || h[3].Int() != 8 {
		t.Errorf("histogram %v", h)
	}
	if c := r.Slots[1].Numbers[0]; c != 1 {
		t.Errorf("correlation up %v", c)
	}
	r, _ = Compute(col, down, 8, noInterrupt)
	if c := r.Slots[1].Numbers[0]; c != -1 {
		t.Errorf("correlation down %v", c)
	}
}

func TestSmallFixedSet(t *testing.T) {
	// Every value repeated: n_distinct is the count, all of them MCVs,
	// no histogram.
	vals := ints(1, 2, 1, 2, 2, 3, 3)
	r, _ := Compute(intColumn(100), vals, 7000, noInterrupt)
	if r.Distinct != 3 {
		t.Errorf("n_distinct %v", r.Distinct)
	}
	if len(r.Slots) != 2 || r.Slots[0].Kind != KindMCV || len(r.Slots[0].Values) != 3 || r.Slots[1].Kind != KindCorrelation {
		t.Errorf("slots %+v", r.Slots)
	}
}

func TestTooWideAndNull(t *testing.T) {
	text := Column{Target: 10, Len: -1,
		Less:  func(a, b types.Datum) int { return types.Compare(types.OidText, a, b) },
		Equal: func(a, b types.Datum) bool { return a.Text() == b.Text() }}
	vals := []Value{{TooWide: true, Width: 2000}, {TooWide: true, Width: 1500}, {Null: true}, {Null: true}}
	r, _ := Compute(text, vals, 4, noInterrupt)
	if r.Width != 1750 || r.NullFrac != 0.5 || r.Distinct != -0.5 || len(r.Slots) != 0 {
		t.Errorf("too wide: %+v", r)
	}
	r, _ = Compute(text, []Value{{Null: true}}, 1, noInterrupt)
	if !r.Valid || r.NullFrac != 1 || r.Width != 0 || r.Distinct != 0 {
		t.Errorf("all NULL: %+v", r)
	}
	r, _ = Compute(intColumn(10), []Value{{Null: true}}, 1, noInterrupt)
	if r.Width != 4 {
		t.Errorf("all NULL int: width %d", r.Width)
	}
	if r, _ := Compute(text, nil, 0, noInterrupt); r.Valid {
		t.Errorf("no rows: %+v", r)
	}
}

func TestDistinctAndTrivial(t *testing.T) {
	eqOnly := Column{Target: 2, Len: 4, Equal: func(a, b types.Datum) bool { return a.Int() == b.Int() }}
	r, _ := Compute(eqOnly, ints(5, 5, 5, 6, 6, 7), 6, noInterrupt)
	// track holds 5, 6 (repeated) and 7: not all repeated, so Haas-Stokes
	// over n = N: d = 3, more than 10% of the rows: -3/6.
	if r.Distinct != -0.5 || len(r.Slots) != 1 || r.Slots[0].Kind != KindMCV {
		t.Fatalf("distinct stats %+v", r)
	}
	if v := r.Slots[0].Values; len(v) != 2 || v[0].Int() != 5 || v[1].Int() != 6 {
		t.Errorf("MCV %v", v)
	}
	trivial := Column{Target: 10, Len: -1}
	r, _ = Compute(trivial, []Value{{Width: 10}, {Width: 20}, {Null: true}}, 3, noInterrupt)
	if r.Width != 15 || r.Distinct != 0 || len(r.Slots) != 0 || r.NullFrac != float32(1.0/3) {
		t.Errorf("trivial %+v", r)
	}
}

func TestInterrupt(t *testing.T) {
	stop := errors.New("canceled")
	vals := make([]Value, 100000)
	for i := range vals {
		vals[i] = Value{Datum: types.Int(int64(len(vals) - i))}
	}
	calls := 0
	_, err := Compute(intColumn(100), vals, 100000, func() error {
		calls++
		if calls > 30 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err %v, want the interrupt", err)
	}
}

func TestArrayElements(t *testing.T) {
	arr := func(vs ...any) Value {
		elems := make([]types.Datum, len(vs))
		for i, v := range vs {
			if v != nil {
				elems[i] = types.Int(int64(v.(int)))
			}
		}
		return Value{Datum: types.ArrayDatum(types.NewArray1(types.OidInt4, elems)), Width: 30}
	}
	col := Column{Target: 10, Len: -1,
		Less:  func(a, b types.Datum) int { return types.Compare(types.OidInt4Array, a, b) },
		Equal: func(a, b types.Datum) bool { return types.Compare(types.OidInt4Array, a, b) == 0 },
		Elements: &Elements{Type: types.OidInt4,
			Key:     func(d types.Datum) string { return string(types.AppendKey(nil, types.OidInt4, d)) },
			Compare: func(a, b types.Datum) int { return types.Compare(types.OidInt4, a, b) }}}
	vals := []Value{arr(1, 2), arr(2, 3), arr(2, 2), {Null: true}, arr(), arr(nil, 1), {Huge: true, TooWide: true, Width: 70000}}
	r, err := Compute(col, vals, 7, noInterrupt)
	if err != nil {
		t.Fatal(err)
	}
	var mcelem, dechist *Slot
	for i := range r.Slots {
		switch r.Slots[i].Kind {
		case KindMCElem:
			mcelem = &r.Slots[i]
		case KindDECHist:
			dechist = &r.Slots[i]
		}
	}
	if mcelem == nil || dechist == nil {
		t.Fatalf("slots %+v", r.Slots)
	}
	// Five arrays analyzed (not the NULL, not the huge one): 1 in two,
	// 2 in three (once in {2,2}), 3 in one; then min, max and the share
	// of arrays with a NULL element.
	var vs []int64
	for _, v := range mcelem.Values {
		vs = append(vs, v.Int())
	}
	if !slices.Equal(vs, []int64{1, 2, 3}) || mcelem.ValueType != types.OidInt4 ||
		!slices.Equal(mcelem.Numbers, []float32{0.4, 0.6, 0.2, 0.2, 0.6, 0.2}) {
		t.Errorf("MCELEM %v %v", vs, mcelem.Numbers)
	}
	// Distinct elements per array: 2, 2, 1, 0, 1; ten bounds and the
	// average, 6/5.
	if !slices.Equal(dechist.Numbers, []float32{0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 1.2}) {
		t.Errorf("DECHIST %v", dechist.Numbers)
	}
}
