package exec

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/types"
)

// newTestMemo is a cache keyed by the int4 at position 0 of a two-value
// row whose value at position 1 is the inner side's, holding limit
// bytes.
func newTestMemo(limit int64) *memoCache {
	key := func(_ *expr.EvalContext, row []types.Datum) (types.Datum, error) { return row[0], nil }
	return &memoCache{keys: []expr.Evaluator{key}, keyTypes: []uint32{types.OidInt4}, keyValTypes: []uint32{types.OidInt4},
		iseg: [][2]int{{1, 2}}, types: []uint32{types.OidInt4, types.OidInt4}, cols: []int{1}, limit: limit,
		entries: map[string]*memoEntry{}, info: &MemoInfo{}}
}

// fill looks key up and, on a miss, keeps n inner rows for it as the
// nested loop would; it reports whether the lookup hit.
func fill(t *testing.T, m *memoCache, key types.Datum, n int) bool {
	t.Helper()
	outer := []types.Datum{key, {}}
	rows, hit, err := m.lookup(nil, outer)
	if err != nil {
		t.Fatal(err)
	}
	if hit {
		if len(rows) != n {
			t.Fatalf("key %v: %d kept rows, want %d", key, len(rows), n)
		}
		return true
	}
	for i := 0; i < n; i++ {
		m.add([]types.Datum{key, types.Int(int64(i))})
	}
	m.finish()
	return false
}

func TestMemoCacheHitsAndNulls(t *testing.T) {
	m := newTestMemo(1 << 20)
	for _, k := range []types.Datum{types.Int(1), types.Int(2), types.Int(1), {}, {}, types.Int(2)} {
		fill(t, m, k, 3)
	}
	// NULL keys are kept and equal to each other (PostgreSQL's cache
	// compares keys as IS NOT DISTINCT FROM).
	if got := *m.info; got.Hits != 3 || got.Misses != 3 || got.Evictions != 0 || got.Overflows != 0 {
		t.Fatalf("counts %+v, want 3 hits and 3 misses", got)
	}
	// Each entry is PostgreSQL's size: 48 for the entry and key, a
	// 20-byte key tuple (16 for the NULL key's, a header and bitmap), and
	// per row 16 and a 20-byte tuple.
	if want := int64(2*(48+20) + (48 + 16) + 3*3*(16+20)); m.used != want {
		t.Fatalf("used %d bytes, want about %d", m.used, want)
	}
}

func TestMemoCacheEvictsLeastRecentlyUsed(t *testing.T) {
	// Room for two entries of one row (48+20+16+20 = 104 bytes each).
	m := newTestMemo(230)
	fill(t, m, types.Int(1), 1)
	fill(t, m, types.Int(2), 1)
	if !fill(t, m, types.Int(1), 1) {
		t.Fatal("key 1 should still be kept")
	}
	fill(t, m, types.Int(3), 1) // evicts 2, the least recently used
	if m.info.Evictions != 1 {
		t.Fatalf("evictions %d, want 1", m.info.Evictions)
	}
	if !fill(t, m, types.Int(1), 1) {
		t.Fatal("key 1 was evicted instead of key 2")
	}
	if fill(t, m, types.Int(2), 1) {
		t.Fatal("key 2 should have been evicted")
	}
	if m.used > m.limit {
		t.Fatalf("cache holds %d bytes over its limit %d", m.used, m.limit)
	}
}

func TestMemoCacheOverflow(t *testing.T) {
	m := newTestMemo(1000)
	fill(t, m, types.Int(1), 1)
	// 40 rows of 36 bytes cannot fit: everything else is evicted, then
	// the entry itself given up.
	fill(t, m, types.Int(2), 40)
	if m.info.Overflows != 1 || m.info.Evictions != 1 {
		t.Fatalf("counts %+v, want 1 overflow and 1 eviction", *m.info)
	}
	if m.used != 0 || len(m.entries) != 0 || m.head != nil || m.tail != nil {
		t.Fatalf("cache not empty after the overflow: %d bytes, %d entries", m.used, len(m.entries))
	}
	// The overflowed key is looked up again, and fits when smaller.
	if fill(t, m, types.Int(2), 2) {
		t.Fatal("an overflowed entry was found")
	}
	if !fill(t, m, types.Int(2), 2) {
		t.Fatal("key 2 should be kept now")
	}
}
