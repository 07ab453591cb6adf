package exec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/sql/expr"
	"github.com/gpostgres/gpostgres/lib/sql/plan"
	"github.com/gpostgres/gpostgres/lib/storage/tempfile"
	"github.com/gpostgres/gpostgres/lib/types"
)

// sliceIter yields prepared rows.
type sliceIter struct {
	rows [][]types.Datum
	pos  int
}

func (s *sliceIter) Next() ([]types.Datum, bool, error) {
	if s.pos >= len(s.rows) {
		return nil, false, nil
	}
	s.pos++
	return s.rows[s.pos-1], true, nil
}

// testSpillFiles gives a test executor temporary files under a fresh data
// directory and a tiny work_mem.
func testSpillFiles(t *testing.T, workMem int64) (*spillFiles, string) {
	dir := t.TempDir()
	m := tempfile.NewManager(dir, 4242, nil, nil)
	return &spillFiles{mem: WorkMem{Bytes: workMem, HashBytes: 2 * workMem, Files: m}}, dir
}

// spillTestRows makes n rows of (int4 key with many duplicates, text,
// numeric, sequence number) in a scrambled order.
func spillTestRows(n int) ([][]types.Datum, []uint32) {
	typs := []uint32{types.OidInt4, types.OidText, types.OidNumeric, types.OidInt8}
	rows := make([][]types.Datum, n)
	for i := range rows {
		k := (i * 7919) % 997
		num, err := types.ParseText(types.OidNumeric, -1, fmt.Sprintf("%d.%02d", k%13, i%100), nil)
		if err != nil {
			panic(err)
		}
		key := types.Int(int64(k))
		if i%101 == 0 {
			key = types.Null
		}
		rows[i] = []types.Datum{key, types.Text(fmt.Sprintf("row %d", i%37)), num, types.Int(int64(i))}
	}
	return rows, typs
}

func tempFilesLeft(t *testing.T, dir string) []string {
	entries, _ := os.ReadDir(filepath.Join(dir, tempfile.Dir))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestExternalSortMatchesMemorySort sorts rows with a work_mem small
// enough for many runs and merge passes, and checks the result is the
// in-memory stable sort's, row for row, and that no file is left.
func TestExternalSortMatchesMemorySort(t *testing.T) {
	ec := &expr.EvalContext{Ctx: context.Background()}
	for _, c := range []struct {
		rows    int
		workMem int64
		keys    []plan.SortKey
	}{
		{20000, 64 << 10, []plan.SortKey{{Target: 0}}},
		{20000, 8 << 10, []plan.SortKey{{Target: 0, Desc: true, NullsFirst: true}, {Target: 2}}},
		{5000, 1 << 10, []plan.SortKey{{Target: 1}, {Target: 0, Desc: true}}},
		{100, 64 << 10, []plan.SortKey{{Target: 2}}},
	} {
		rows, typs := spillTestRows(c.rows)
		want := append([][]types.Datum(nil), rows...)
		if err := sortRows(ec, want, c.keys, typs); err != nil {
			t.Fatal(err)
		}
		files, dir := testSpillFiles(t, c.workMem)
		it := &sortIter{ec: ec, in: &sliceIter{rows: rows}, node: &plan.Sort{Keys: c.keys, Types: typs}, files: files}
		got := readAll(t, it)
		if len(got) != len(want) {
			t.Fatalf("%d rows, want %d", len(got), len(want))
		}
		for i := range want {
			for j, ty := range typs {
				if w, g := types.FormatText(ty, want[i][j], nil), types.FormatText(ty, got[i][j], nil); w != g || want[i][j].IsNull() != got[i][j].IsNull() {
					t.Fatalf("rows=%d work_mem=%d: row %d column %d is %q, want %q", c.rows, c.workMem, i, j, g, w)
				}
			}
		}
		if c.rows > 1000 && it.merge == nil {
			t.Errorf("rows=%d work_mem=%d: sorted in memory", c.rows, c.workMem)
		}
		if left := tempFilesLeft(t, dir); len(left) > 0 {
			t.Errorf("files left after the sort: %v", left)
		}
	}
}

// readAll returns every row it gives.
func readAll(t *testing.T, it iterator) [][]types.Datum {
	t.Helper()
	var rows [][]types.Datum
	for {
		row, ok, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return rows
		}
		rows = append(rows, row)
	}
}

// TestExternalSortCanceledLeavesNoFiles cancels a sort in its merge and
// checks the execution's cleanup removes its runs.
func TestExternalSortCanceledLeavesNoFiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ec := &expr.EvalContext{Ctx: ctx}
	rows, typs := spillTestRows(20000)
	files, dir := testSpillFiles(t, 16<<10)
	it := &sortIter{ec: ec, in: &sliceIter{rows: rows}, node: &plan.Sort{Keys: []plan.SortKey{{Target: 1}}, Types: typs}, files: files}
	if _, _, err := it.Next(); err != nil {
		t.Fatal(err)
	}
	cancelLeavesNoFiles(t, cancel, files, dir, func() (bool, error) {
		_, ok, err := it.Next()
		return ok, err
	})
}

// cancelLeavesNoFiles checks a sort has written runs, cancels it, reads
// with next until the cancel is seen, and checks the execution's cleanup
// removes the runs.
func cancelLeavesNoFiles(t *testing.T, cancel func(), files *spillFiles, dir string, next func() (bool, error)) {
	t.Helper()
	if len(tempFilesLeft(t, dir)) == 0 {
		t.Fatal("no run written")
	}
	cancel()
	var err error
	for err == nil {
		var ok bool
		if ok, err = next(); !ok && err == nil {
			t.Fatal("sort finished despite the cancel")
		}
	}
	if err := files.closeAll(); err != nil {
		t.Fatal(err)
	}
	if left := tempFilesLeft(t, dir); len(left) > 0 {
		t.Errorf("files left after cleanup: %v", left)
	}
}

// TestExternalSortLongRows sorts rows whose encodings are shorter and
// longer than 127 bytes (one and two bytes of length in a run) beyond
// work_mem and checks every value comes back in the stable order.
func TestExternalSortLongRows(t *testing.T) {
	ec := &expr.EvalContext{Ctx: context.Background()}
	typs := []uint32{types.OidInt4, types.OidText}
	keys := []plan.SortKey{{Target: 0, Desc: true}}
	rows := make([][]types.Datum, 3000)
	for i := range rows {
		rows[i] = []types.Datum{types.Int(int64(i % 17)), types.Text(strings.Repeat(string(rune('a'+i%26)), (i*37)%400))}
	}
	want := append([][]types.Datum(nil), rows...)
	if err := sortRows(ec, want, keys, typs); err != nil {
		t.Fatal(err)
	}
	files, _ := testSpillFiles(t, 16<<10)
	it := &sortIter{ec: ec, in: &sliceIter{rows: rows}, node: &plan.Sort{Keys: keys, Types: typs}, files: files}
	for i := 0; ; i++ {
		row, ok, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			if i != len(want) {
				t.Fatalf("%d rows, want %d", i, len(want))
			}
			break
		}
		if row[0].Int() != want[i][0].Int() || row[1].Text() != want[i][1].Text() {
			t.Fatalf("row %d: (%d, %d bytes), want (%d, %d bytes)", i, row[0].Int(), len(row[1].Text()), want[i][0].Int(), len(want[i][1].Text()))
		}
	}
	if it.merge == nil {
		t.Error("sorted in memory")
	}
}
