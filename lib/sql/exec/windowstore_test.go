package exec

import (
	"math/rand"
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// TestWinStoreCursors fills a partition store far beyond a tiny work_mem
// and moves cursors over it as the WindowAgg does (one row forward or
// back, short and long jumps, the same row twice), checking each fetch
// returns the row added at that number; then reset deletes the file.
func TestWinStoreCursors(t *testing.T) {
	files, dir := testSpillFiles(t, 4<<10)
	rows, typs := spillTestRows(6000)
	st := newWinStore(files, typs)
	for _, r := range rows {
		if err := st.add(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.finish(); err != nil {
		t.Fatal(err)
	}
	if st.f == nil || len(st.mem) == 0 || st.len() != int64(len(rows)) {
		t.Fatalf("mem %d rows, file %v, len %d", len(st.mem), st.f != nil, st.len())
	}
	check := func(c *winCursor, i int64) {
		t.Helper()
		got, err := c.fetch(i)
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		want := rows[i]
		for k := range want {
			if types.FormatText(typs[k], got[k], nil) != types.FormatText(typs[k], want[k], nil) {
				t.Fatalf("row %d column %d: got %v, want %v", i, k, got, want)
			}
		}
	}
	n := st.len()
	fwd, back, jump := st.cursor(), st.cursor(), st.cursor()
	rnd := rand.New(rand.NewSource(1))
	for i := int64(0); i < n; i++ {
		check(fwd, i)
		check(back, n-1-i)
		if i%7 == 0 {
			check(back, n-1-i) // the same row again
		}
		switch rnd.Intn(3) {
		case 0:
			check(jump, rnd.Int63n(n))
		case 1:
			check(jump, max(0, i-int64(rnd.Intn(600))))
		default:
			check(jump, min(n-1, i+int64(rnd.Intn(5))))
		}
	}
	if err := st.reset(); err != nil {
		t.Fatal(err)
	}
	if left := tempFilesLeft(t, dir); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
}
