package exec

import (
	"testing"

	"github.com/gpostgres/gpostgres/lib/types"
)

// TestRowStoreReadersWhileAppending appends rows beyond a tiny work_mem
// while one reader follows the end (returning the rows it appends itself)
// and others read at their own pace, and checks every reader sees every
// row in order.
func TestRowStoreReadersWhileAppending(t *testing.T) {
	files, dir := testSpillFiles(t, 4<<10)
	rows, typs := spillTestRows(5000)
	st := newRowStore(files, typs)
	leader := st.reader()
	slow, late := st.reader(), (*storeReader)(nil)
	check := func(who string, r *storeReader, want int) {
		t.Helper()
		row, ok, err := r.next()
		if err != nil || !ok {
			t.Fatalf("%s: row %d: ok %v, %v", who, want, ok, err)
		}
		if row[3].Int() != int64(want) || types.FormatText(types.OidText, row[1], nil) != types.FormatText(types.OidText, rows[want][1], nil) {
			t.Fatalf("%s: got row %d, want %d", who, row[3].Int(), want)
		}
	}
	slowPos, latePos := 0, 0
	for i, row := range rows {
		where, err := st.add(row)
		if err != nil {
			t.Fatal(err)
		}
		if err := leader.skipAppended(where); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			check("slow", slow, slowPos)
			slowPos++
		}
		if i == 2500 {
			late = st.reader()
		}
		if late != nil && i%2 == 0 {
			check("late", late, latePos)
			latePos++
		}
		if i%1000 == 999 {
			// The leader finds nothing more until a row is added.
			if _, ok, err := leader.next(); ok || err != nil {
				t.Fatalf("leader read past the end: %v %v", ok, err)
			}
		}
	}
	if st.file == nil {
		t.Fatal("nothing spilled")
	}
	for ; slowPos < len(rows); slowPos++ {
		check("slow", slow, slowPos)
	}
	for ; latePos < len(rows); latePos++ {
		check("late", late, latePos)
	}
	st.close()
	if left := tempFilesLeft(t, dir); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
}
