// Pages built by Build equal, byte for byte, those PostgreSQL 15 builds
// for the same rows (testdata/pg15_build.sql, pages captured with
// pageinspect's get_raw_page; deduplication off, since this package
// does not deduplicate).

package nbtree

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// readReference reads a captured index: its table's rows (heap TID,
// values) and the index pages.
func readReference(t *testing.T, name string) ([]entry, [][]byte) {
	lines, pages := readRefFile(t, name)
	return lines["row"], pages
}

// readRefFile reads the lines of a capture by kind ("row", "kill",
// "row2": heap TID, then k and s, N for NULL) and its pages.
func readRefFile(t *testing.T, name string) (map[string][]entry, [][]byte) {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string][]entry{}
	var pages [][]byte
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 5)
		if f[0] == "page" {
			p, err := hex.DecodeString(f[1])
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, p)
			continue
		}
		blk, _ := strconv.Atoi(f[1])
		off, _ := strconv.Atoi(f[2])
		en := entry{vals: []types.Datum{types.Null, types.Null}, tid: TID{Block: storage.BlockNumber(blk), Offset: page.OffsetNumber(off)}}
		if len(f) == 5 {
			if f[3] != "N" {
				k, _ := strconv.Atoi(f[3])
				en.vals[0] = types.Int(int64(k))
			}
			if f[4] != "N" {
				en.vals[1] = types.Text(f[4])
			}
		}
		lines[f[0]] = append(lines[f[0]], en)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines, pages
}

func TestBuildMatchesPostgres(t *testing.T) {
	es, want := readReference(t, "testdata/pg15_build.txt.gz")
	c := newCluster(t)
	b := c.backend()
	ix := pairIndex(testLocs[0])
	ix.AllEqualImage = true
	sorted := sortedCopy(ix, es)
	buildFrom(t, b.env, ix, sorted)
	comparePostgresPages(t, b.pages(ix.Locator), want)
	res := mustCheck(t, b.env, ix)
	if res.Levels != 3 || res.LeafTuples != len(es) {
		t.Fatalf("%+v", res)
	}
}

// comparePostgresPages compares pages but for pd_lsn and pd_checksum.
func comparePostgresPages(t *testing.T, got []page.Page, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d pages, PostgreSQL has %d", len(got), len(want))
	}
	for blk := range want {
		w, g := bytes.Clone(want[blk]), bytes.Clone(got[blk])
		for _, p := range [][]byte{w, g} {
			clear(p[:10]) // pd_lsn, pd_checksum
		}
		if !bytes.Equal(w, g) {
			for j := range w {
				if w[j] != g[j] {
					t.Fatalf("block %d differs from byte %d:\n got %x\nwant %x", blk, j, g[j:min(j+32, len(g))], w[j:min(j+32, len(w))])
				}
			}
		}
	}
}

// Entries inserted one by one, ascending with NULLs then in a scattered
// order, give PostgreSQL's pages too: same root creation, same item
// placement, same split points for these (rightmost and 50:50) splits.
func TestInsertMatchesPostgres(t *testing.T) {
	es, want := readReference(t, "testdata/pg15_insert.txt.gz")
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	ix.AllEqualImage = true
	createEmpty(t, b.env, ix)
	for _, en := range es {
		if err := Insert(b.env, ix, en.vals[:1], en.tid, nil); err != nil {
			t.Fatal(err)
		}
	}
	comparePostgresPages(t, b.pages(ix.Locator), want)
}

// Keys longer than TOAST_INDEX_TARGET are stored compressed, as
// index_form_tuple does: (s text, k int4) with long compressible s.
func TestCompressedKeysMatchPostgres(t *testing.T) {
	es, want := readReference(t, "testdata/pg15_compressed.txt.gz")
	c := newCluster(t)
	b := c.backend()
	ix := twoColumnIndex(testLocs[0], "vi", true)
	for i := range es {
		es[i].vals[0], es[i].vals[1] = es[i].vals[1], es[i].vals[0] // the file has k, s
	}
	sorted := sortedCopy(ix, es)
	buildFrom(t, b.env, ix, sorted)
	comparePostgresPages(t, b.pages(ix.Locator), want)
	mustCheck(t, b.env, ix)
	// Scans decompress: the values come back whole.
	sc, err := BeginScan(b.env, ix, []ScanKey{{0, GreaterEqual, sorted[700].vals[0]}}, Forward)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	for i := 700; i < len(sorted); i++ {
		tid, ok, err := sc.Next()
		if err != nil || !ok || tid != sorted[i].tid {
			t.Fatalf("entry %d: %v %v %v, want %v", i, tid, ok, err, sorted[i].tid)
		}
		v, err := sc.Values()
		if err != nil || v[0].Text() != sorted[i].vals[0].Text() || v[1].Int() != sorted[i].vals[1].Int() {
			t.Fatalf("entry %d: values %v %v", i, v, err)
		}
	}
	// Insertions compress too, and find their place among compressed keys.
	ins := twoColumnIndex(testLocs[1], "vi2", true)
	ins.AllEqualImage = false
	createEmpty(t, b.env, ins)
	insertAll(t, b.env, ins, es)
	mustCheck(t, b.env, ins)
	if d := diffTIDs(scanTIDs(t, b.env, ins, nil, Backward), reversed(tidsOf(sorted))); d != "" {
		t.Fatal(d)
	}
}

// Insertions into a composite index with many duplicates, a run of one
// value, NULLs and localized ascending groups: every split (default,
// many duplicates, single value, split after the new item) lands where
// PostgreSQL 15 put it.
func TestSplitsMatchPostgres(t *testing.T) {
	es, want := readReference(t, "testdata/pg15_splits.txt.gz")
	c := newCluster(t)
	b := c.backend()
	ix := twoColumnIndex(testLocs[0], "xi", false)
	createEmpty(t, b.env, ix)
	insertAll(t, b.env, ix, es)
	comparePostgresPages(t, b.pages(ix.Locator), want)
	mustCheck(t, b.env, ix)
}

// Entries of deleted rows, marked LP_DEAD by an index scan, are removed
// when insertions find their page full (simple deletion): the pages,
// line pointer flags included, are PostgreSQL 15's.
func TestDeletionMatchesPostgres(t *testing.T) {
	lines, want := readRefFile(t, "testdata/pg15_delete.txt.gz")
	c := newCluster(t)
	b := c.backend()
	ix := intIndex(testLocs[0], false, false)
	ix.AllEqualImage = true
	createEmpty(t, b.env, ix)
	for _, en := range lines["row"] {
		if err := Insert(b.env, ix, en.vals[:1], en.tid, nil); err != nil {
			t.Fatal(err)
		}
	}
	// SELECT * FROM d WHERE k < 2500 by an index scan kills the entries
	// of the deleted rows.
	dead := map[TID]bool{}
	for _, en := range lines["kill"] {
		dead[en.tid] = true
	}
	killWhere(t, b.env, ix, []ScanKey{{0, Less, types.Int(2500)}}, func(tid TID) bool { return dead[tid] })
	heap := &HeapAccess{DeleteHorizon: func([]TID) (uint32, error) { return 0, nil }}
	for _, en := range lines["row2"] {
		if err := Insert(b.env, ix, en.vals[:1], en.tid, heap); err != nil {
			t.Fatal(err)
		}
	}
	comparePostgresPages(t, b.pages(ix.Locator), want)
	mustCheck(t, b.env, ix)
}
