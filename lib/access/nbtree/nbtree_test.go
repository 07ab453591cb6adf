// Inserting, building and scanning, checked against a sorted reference.

package nbtree

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// randomPairs makes n entries for pairIndex: k in [0, nk) with about 2%
// NULLs, s one of a few hundred strings (some long) or NULL.
func randomPairs(n, nk int, seed uint64) []entry {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]entry, n)
	for i := range out {
		k := types.Int(int64(rng.IntN(nk)))
		if rng.IntN(50) == 0 {
			k = types.Null
		}
		var s types.Datum
		switch r := rng.IntN(300); {
		case r < 6:
			s = types.Null
		case r < 12:
			s = types.Text(fmt.Sprintf("long %d %s", r, strings.Repeat("x", 100+r*20)))
		default:
			s = types.Text(fmt.Sprintf("s%03d", r))
		}
		out[i] = entry{vals: []types.Datum{k, s}, tid: tidOf(i)}
	}
	return out
}

func tidsOf(es []entry) []TID {
	out := make([]TID, len(es))
	for i, e := range es {
		out[i] = e.tid
	}
	return out
}

func reversed(ts []TID) []TID {
	out := slices.Clone(ts)
	slices.Reverse(out)
	return out
}

// matches applies scan keys to an entry the way a scan must.
func matches(ix *Index, en entry, keys []ScanKey) bool {
	for _, k := range keys {
		v := en.vals[k.Column]
		if k.Strategy == IsNull || k.Strategy == IsNotNull {
			if v.IsNull() != (k.Strategy == IsNull) {
				return false
			}
			continue
		}
		if v.IsNull() || k.Arg.IsNull() {
			return false
		}
		if !k.Strategy.holds(ix.Keys[k.Column].Compare(v, k.Arg)) {
			return false
		}
	}
	return true
}

func diffTIDs(got, want []TID) string {
	if slices.Equal(got, want) {
		return ""
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("%d entries, want %d; first difference at %d: %v, want %v", len(got), len(want), i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d entries, want %d", len(got), len(want))
}

// checkScans compares full and range scans of ix with sorted (the
// reference, in index order).
func checkScans(t *testing.T, e *Env, ix *Index, sorted []entry, rng *rand.Rand, nk int, rounds int) {
	t.Helper()
	all := tidsOf(sorted)
	if d := diffTIDs(scanTIDs(t, e, ix, nil, Forward), all); d != "" {
		t.Fatalf("full forward scan: %s", d)
	}
	if d := diffTIDs(scanTIDs(t, e, ix, nil, Backward), reversed(all)); d != "" {
		t.Fatalf("full backward scan: %s", d)
	}
	strs := []string{"s000", "s050", "s100", "s150", "s200", "s299", "long 7", "t"}
	for r := 0; r < rounds; r++ {
		var keys []ScanKey
		a := rng.IntN(nk+20) - 10
		kind := rng.IntN(11)
		if len(ix.Keys) == 1 {
			kind = rng.IntN(4)
			if rng.IntN(8) == 0 {
				kind = 7 + rng.IntN(2)
			}
		}
		switch kind {
		case 7:
			keys = []ScanKey{{Column: 0, Strategy: IsNull}}
		case 8:
			keys = []ScanKey{{Column: 0, Strategy: IsNotNull}, {0, LessEqual, types.Int(int64(a))}}
		case 9:
			keys = []ScanKey{{Column: 0, Strategy: Strategy(6 + rng.IntN(2))}, {Column: 1, Strategy: IsNull}}
		case 10:
			keys = []ScanKey{{0, Equal, types.Int(int64(a))}, {Column: 1, Strategy: IsNotNull}}
		case 0:
			keys = []ScanKey{{0, Equal, types.Int(int64(a))}}
		case 1:
			keys = []ScanKey{{0, GreaterEqual, types.Int(int64(a))}, {0, Less, types.Int(int64(a + rng.IntN(200)))}}
		case 2:
			keys = []ScanKey{{0, Greater, types.Int(int64(a))}}
		case 3:
			keys = []ScanKey{{0, LessEqual, types.Int(int64(a))}}
		case 4:
			keys = []ScanKey{{0, Equal, types.Int(int64(a))}, {1, Strategy(1 + rng.IntN(5)), types.Text(strs[rng.IntN(len(strs))])}}
		case 5:
			keys = []ScanKey{{1, Strategy(1 + rng.IntN(5)), types.Text(strs[rng.IntN(len(strs))])}}
		case 6:
			keys = []ScanKey{{0, Greater, types.Int(int64(a))}, {0, LessEqual, types.Int(int64(a + 30))},
				{1, GreaterEqual, types.Text(strs[rng.IntN(len(strs))])}}
		}
		var want []TID
		for _, en := range sorted {
			if matches(ix, en, keys) {
				want = append(want, en.tid)
			}
		}
		for _, dir := range []Direction{Forward, Backward} {
			w := want
			if dir == Backward {
				w = reversed(want)
			}
			if d := diffTIDs(scanTIDs(t, e, ix, keys, dir), w); d != "" {
				t.Fatalf("scan %v direction %d: %s", keys, dir, d)
			}
		}
	}
	// A NULL argument matches nothing.
	if got := scanTIDs(t, e, ix, []ScanKey{{0, Equal, types.Null}}, Forward); len(got) != 0 {
		t.Fatalf("scan with a NULL argument returned %d entries", len(got))
	}
}

func sortedCopy(ix *Index, es []entry) []entry {
	s := slices.Clone(es)
	sort.Slice(s, func(i, j int) bool { return less(ix, s[i], s[j]) })
	return s
}

func insertAll(t testing.TB, e *Env, ix *Index, es []entry) {
	t.Helper()
	for _, en := range es {
		if err := Insert(e, ix, en.vals, en.tid, nil); err != nil {
			t.Fatalf("insert %v: %v", en, err)
		}
	}
}

func TestRandomInsertsMatchReference(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	n, nk, levels := 100000, 5000, 3
	if testing.Short() {
		n, nk, levels = 20000, 1000, 2
	}
	ix := pairIndex(testLocs[0])
	createEmpty(t, b.env, ix)
	es := randomPairs(n, nk, 1)
	insertAll(t, b.env, ix, es)
	res := mustCheck(t, b.env, ix)
	if res.LeafTuples != n || res.Levels < levels {
		t.Fatalf("checker: %+v, want %d leaf tuples in %d levels or more", res, n, levels)
	}
	t.Logf("%+v", res)
	checkScans(t, b.env, ix, sortedCopy(ix, es), rand.New(rand.NewPCG(2, 2)), nk, 150)

	// A DESC NULLS FIRST int index with heavy duplication.
	dix := intIndex(testLocs[1], true, true)
	createEmpty(t, b.env, dix)
	rng := rand.New(rand.NewPCG(3, 3))
	var des []entry
	for i := 0; i < n/4; i++ {
		v := types.Int(int64(rng.IntN(50)))
		if rng.IntN(20) == 0 {
			v = types.Null
		}
		des = append(des, entry{vals: []types.Datum{v}, tid: tidOf(i)})
	}
	insertAll(t, b.env, dix, des)
	mustCheck(t, b.env, dix)
	sorted := sortedCopy(dix, des)
	if !sorted[0].vals[0].IsNull() || sorted[len(sorted)-1].vals[0].Int() != 0 {
		t.Fatalf("reference order is not DESC NULLS FIRST: %v ... %v", sorted[0], sorted[len(sorted)-1])
	}
	checkScans(t, b.env, dix, sorted, rand.New(rand.NewPCG(4, 4)), 50, 60)
}

// An index built from sorted entries holds what one-by-one insertion
// gives, and its leaves are filled to the fill factor.
func TestBuildMatchesInsert(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	n, nk := 50000, 3000
	es := randomPairs(n, nk, 5)
	ins := pairIndex(testLocs[0])
	createEmpty(t, b.env, ins)
	insertAll(t, b.env, ins, es)

	built := pairIndex(testLocs[1])
	sorted := sortedCopy(built, es)
	buildFrom(t, b.env, built, sorted)
	rb, ri := mustCheck(t, b.env, built), mustCheck(t, b.env, ins)
	if rb.LeafTuples != n || ri.LeafTuples != n {
		t.Fatalf("built %+v, inserted %+v", rb, ri)
	}
	if rb.Pages >= ri.Pages {
		t.Fatalf("built index has %d pages, inserted one %d: build should pack pages", rb.Pages, ri.Pages)
	}
	// Leaves other than the last are about 90% full.
	for blk, p := range b.pages(built.Locator) {
		o := opaqueOf(p)
		if blk == 0 || !o.isLeaf() || o.isRightmost() {
			continue
		}
		if used := page.Size - p.FreeSpace(); used < page.Size*85/100 || used > page.Size*97/100 {
			t.Fatalf("built leaf %d uses %d bytes", blk, used)
		}
	}
	for _, ix := range []*Index{ins, built} {
		checkScans(t, b.env, ix, sorted, rand.New(rand.NewPCG(6, 6)), nk, 40)
	}
	// Inserting into the built index keeps it consistent.
	more := randomPairs(10000, nk, 7)
	for j := range more {
		more[j].tid = tidOf(n + j)
	}
	insertAll(t, b.env, built, more)
	mustCheck(t, b.env, built)
	checkScans(t, b.env, built, sortedCopy(built, append(slices.Clone(es), more...)), rand.New(rand.NewPCG(8, 8)), nk, 20)

	// Out-of-order input is refused.
	bad := intIndex(testLocs[2], false, false)
	k := 0
	err := Build(b.env, bad, func() ([]types.Datum, TID, bool, bool, error) {
		k++
		return []types.Datum{types.Int(int64(10 - k))}, tidOf(k), true, true, nil
	})
	if err == nil || !strings.Contains(err.Error(), "not in index order") {
		t.Fatalf("unsorted build: %v", err)
	}
}

// Ascending insertions fill the left page of rightmost splits to the
// fill factor; random ones leave pages about half to fully used.
func TestRightmostSplitsFillPages(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	createEmpty(t, b.env, ix)
	for i := 0; i < 20000; i++ {
		if err := Insert(b.env, ix, []types.Datum{types.Int(int64(i))}, tidOf(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	res := mustCheck(t, b.env, ix)
	for blk, p := range b.pages(ix.Locator) {
		o := opaqueOf(p)
		if blk == 0 || !o.isLeaf() || o.isRightmost() {
			continue
		}
		if used := page.Size - p.FreeSpace(); used < page.Size*85/100 {
			t.Fatalf("leaf %d of an ascending index uses %d bytes", blk, used)
		}
	}
	t.Logf("%+v", res)
}

func TestRowTooBig(t *testing.T) {
	c := newCluster(t)
	b := c.backend()
	ix := pairIndex(testLocs[0])
	createEmpty(t, b.env, ix)
	// Random letters, which pglz cannot compress (a long repetitive key
	// is compressed and fits).
	noise := randomLetters(rand.New(rand.NewPCG(1, 1)), 3000)
	if err := Insert(b.env, ix, []types.Datum{types.Int(2), types.Text(strings.Repeat("z", 3000))}, tidOf(2), nil); err != nil {
		t.Fatal(err)
	}
	err := Insert(b.env, ix, []types.Datum{types.Int(1), types.Text(noise)}, tidOf(1), nil)
	if err == nil || !strings.Contains(err.Error(), "exceeds btree version 4 maximum 2704") {
		t.Fatalf("got %v", err)
	}
	if err := Insert(b.env, ix, []types.Datum{types.Int(1), types.Text(noise[:2600])}, tidOf(1), nil); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, b.env, ix)
}
