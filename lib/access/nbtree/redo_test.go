// WAL redo: the records of a workload replayed into empty files rebuild
// the same pages byte for byte, twice over (idempotence), with and
// without full-page images; crash recovery through xlog.Recover; and
// pg_waldump decodes the records as we name them.

package nbtree

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gpostgres/gpostgres/lib/access/transam"
	"github.com/gpostgres/gpostgres/lib/access/xlog"
	"github.com/gpostgres/gpostgres/lib/storage"
	"github.com/gpostgres/gpostgres/lib/storage/buffer"
	"github.com/gpostgres/gpostgres/lib/storage/page"
	"github.com/gpostgres/gpostgres/lib/types"
)

// redoWorkload builds one index, grows another from empty through leaf
// and internal splits and two new roots, and inserts into the built one;
// midway runs half-way. It returns the indexes and their entries.
func redoWorkload(t *testing.T, c *cluster, midway func(), withDeletes bool) ([]*Index, [][]entry) {
	t.Helper()
	b := c.backend()
	built := pairIndex(testLocs[0])
	es := randomPairs(15000, 2000, 11)
	sorted := sortedCopy(built, es)
	buildFrom(t, b.env, built, sorted)
	grown := pairIndex(testLocs[1])
	createEmpty(t, b.env, grown)
	gs := longPairs(12000, 12)
	insertAll(t, b.env, grown, gs[:6000])
	if midway != nil {
		midway()
	}
	insertAll(t, b.env, grown, gs[6000:])
	more := randomPairs(5000, 2000, 13)
	for j := range more {
		more[j].tid = tidOf(50000 + j)
	}
	insertAll(t, b.env, built, more)
	if withDeletes {
		// Entries killed by a scan, then removed by insertions that find
		// their pages full (XLOG_BTREE_DELETE).
		killRange(t, b.env, built, 300, 500, true)
		heap := &HeapAccess{DeleteHorizon: func([]TID) (uint32, error) { return 777, nil }}
		for j := 0; j < 4000; j++ {
			k := types.Int(int64(300 + j%200))
			if err := Insert(b.env, built, []types.Datum{k, types.Text("deleting")}, tidOf(70000+j), heap); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res := mustCheck(t, b.env, grown); res.Levels < 3 {
		t.Fatalf("grown index has %d levels", res.Levels)
	}
	if withDeletes {
		gs = deleteAllButLast(t, b, grown, gs, 30)
	}
	if err := b.wal.Flush(b.wal.InsertEndLSN()); err != nil {
		t.Fatal(err)
	}
	return []*Index{built, grown}, [][]entry{append(es, more...), gs}
}

// longPairs makes entries with long text keys, so that internal pages
// hold few pivots and the tree grows tall quickly.
func longPairs(n int, seed uint64) []entry {
	rng := rand.New(rand.NewPCG(seed, 3))
	out := make([]entry, n)
	for i := range out {
		s := fmt.Sprintf("%06d%s", rng.IntN(1000000), strings.Repeat("y", 200+rng.IntN(200)))
		out[i] = entry{vals: []types.Datum{types.Int(int64(rng.IntN(10))), types.Text(s)}, tid: tidOf(i)}
	}
	return out
}

type replayer struct {
	src *buffer.RedoSource
	b   *backend // for transaction records, when set
}

func (r *replayer) apply(rec *xlog.DecodedRecord) error {
	switch rec.Rmid() {
	case xlog.RmgrXact:
		return r.b.xact.RedoXact(r.b.owner, rec.Info(), transam.TransactionId(rec.Header.XID), rec.MainData, rec.EndLSN)
	case xlog.RmgrCLOG:
		return r.b.xact.RedoCLOG(r.b.owner, rec.Info(), rec.MainData)
	case xlog.RmgrBtree:
		return Redo(rec, r.src)
	case xlog.RmgrXLOG:
		if rec.Info() == xlog.InfoFPI {
			return xlog.RedoFPI(rec, r.src)
		}
	}
	return nil
}

func readRecords(t *testing.T, dir string, start storage.LSN) []*xlog.DecodedRecord {
	t.Helper()
	rd := xlog.NewReader(filepath.Join(dir, "pg_wal"), start, xlog.ReaderOptions{})
	defer rd.Close()
	var recs []*xlog.DecodedRecord
	for {
		rec, err := rd.ReadRecord()
		if err != nil {
			break
		}
		recs = append(recs, rec)
	}
	return recs
}

// comparePages reports the first difference between two copies of a
// relation, ignoring the checksum (set when a page is written) and the
// free space between pd_lower and pd_upper, which full-page images leave
// out (PostgreSQL's mask_unused_space): Build leaves old bytes there.
func comparePages(want, got []page.Page) string {
	if len(want) != len(got) {
		return fmt.Sprintf("%d pages, want %d", len(got), len(want))
	}
	for blk := range want {
		w, g := bytes.Clone(want[blk]), bytes.Clone(got[blk])
		for _, p := range []page.Page{w, g} {
			p[8], p[9] = 0, 0
			if p.Lower() < p.Upper() && p.Upper() <= page.Size {
				clear(p[p.Lower():p.Upper()])
			}
			// LP_DEAD hints are not logged (btree_mask masks them too).
			if p.Special() == page.Size-opaqueSize && blk > 0 {
				o := opaqueOf(p)
				o.setFlags(o.flags() &^ BTPHasGarbage)
				for off := page.FirstOffset; off <= p.MaxOffset(); off++ {
					if id := p.ItemId(off); id.IsDead() {
						p.SetItemId(off, page.MakeItemId(id.Off(), page.LPNormal, id.Len()))
					}
				}
			}
		}
		if !bytes.Equal(w, g) {
			for i := range w {
				if w[i] != g[i] {
					return fmt.Sprintf("block %d differs from byte %d: %x, want %x", blk, i, g[i:min(i+16, len(g))], w[i:min(i+16, len(w))])
				}
			}
		}
	}
	return ""
}

func testRedo(t *testing.T, withFPI bool) {
	a := newCluster(t)
	start := a.wal.CurrentInsertLSN()
	var midway func()
	if withFPI {
		midway = func() { a.wal.BeginCheckpoint() }
	}
	ixs, _ := redoWorkload(t, a, midway, true)
	ab := a.backend()
	var want [][]page.Page
	for _, ix := range ixs {
		want = append(want, ab.pages(ix.Locator))
	}
	recs := readRecords(t, a.dir, start)
	counts := map[string]int{}
	images := 0
	for _, rec := range recs {
		switch rec.Rmid() {
		case xlog.RmgrBtree:
			counts[Identify(rec.Info())]++
			if rec.HasBlockImages() {
				images++
			}
		case xlog.RmgrXLOG:
			if rec.Info() == xlog.InfoFPI {
				counts["FPI"]++
			}
		}
	}
	for _, name := range []string{"INSERT_LEAF", "INSERT_UPPER", "SPLIT_L", "SPLIT_R", "NEWROOT", "DELETE", "FPI",
		"VACUUM", "MARK_PAGE_HALFDEAD", "UNLINK_PAGE", "UNLINK_PAGE_META", "REUSE_PAGE", "INSERT_META", "META_CLEANUP"} {
		if counts[name] == 0 {
			t.Fatalf("no %s record: %v", name, counts)
		}
	}
	if withFPI != (images > 0) {
		t.Fatalf("%d btree records with images", images)
	}
	b := newCluster(t)
	rp := &replayer{src: &buffer.RedoSource{Pool: b.backend().pool, Files: b.backend().files}}
	for pass := 1; pass <= 2; pass++ {
		for _, rec := range recs {
			if err := rp.apply(rec); err != nil {
				t.Fatalf("pass %d: redo of %s at %v: %v", pass, Identify(rec.Info()), rec.LSN, err)
			}
		}
		bb := b.backend()
		for i, ix := range ixs {
			if d := comparePages(want[i], bb.pages(ix.Locator)); d != "" {
				t.Fatalf("pass %d: index %d: %s", pass, i, d)
			}
			mustCheck(t, bb.env, ix)
		}
	}
	t.Logf("%d records (%v), %d with images", len(recs), counts, images)
}

func TestRedoRebuildsIndexes(t *testing.T)    { testRedo(t, false) }
func TestRedoWithFullPageImages(t *testing.T) { testRedo(t, true) }

// A crash loses the buffers; recovery replays the WAL and the indexes
// answer as before, and take more insertions.
func TestCrashRecovery(t *testing.T) {
	c := newCluster(t)
	ixs, ess := redoWorkload(t, c, nil, false)
	c.start(func(sb *backend) *xlog.RmgrTable {
		table := xlog.NewRmgrTable()
		rp := &replayer{src: &buffer.RedoSource{Pool: sb.pool, Files: sb.files}}
		if err := RegisterRedo(table, rp.src); err != nil {
			t.Fatal(err)
		}
		table.Register(xlog.Rmgr{ID: xlog.RmgrXLOG, Name: "XLOG", Redo: rp.apply})
		return table
	})
	b := c.backend()
	for i, ix := range ixs {
		res := mustCheck(t, b.env, ix)
		if res.LeafTuples != len(ess[i]) {
			t.Fatalf("index %d: %d entries after recovery, want %d", i, res.LeafTuples, len(ess[i]))
		}
		checkScans(t, b.env, ix, sortedCopy(ix, ess[i]), rand.New(rand.NewPCG(uint64(i), 5)), 2000, 10)
	}
	more := randomPairs(3000, 2000, 14)
	for j := range more {
		more[j].tid = tidOf(90000 + j)
	}
	insertAll(t, b.env, ixs[1], more)
	mustCheck(t, b.env, ixs[1])
}

func TestIdentifyNamesRecords(t *testing.T) {
	for info, want := range map[uint8]string{0x00: "INSERT_LEAF", 0x10: "INSERT_UPPER", 0x20: "INSERT_META", 0x30: "SPLIT_L",
		0x40: "SPLIT_R", 0xA0: "NEWROOT", 0x70: "DELETE"} {
		if got := Identify(info); got != want {
			t.Errorf("Identify(%#x) = %q, want %q", info, got, want)
		}
	}
}

// pg_waldump (PostgreSQL 15) decodes our Btree records as Identify and
// Describe do, with the same block references, and the build's images.
func TestPgWaldumpReadsBtreeRecords(t *testing.T) {
	bin := "/usr/lib/postgresql/15/bin/pg_waldump"
	if _, err := exec.LookPath(bin); err != nil {
		t.Skip("pg_waldump not installed")
	}
	c := newCluster(t)
	start := c.wal.CurrentInsertLSN()
	redoWorkload(t, c, func() { c.wal.BeginCheckpoint() }, true)
	dumped := map[string]string{}
	for _, rmgr := range []string{"Btree", "XLOG"} {
		cmd := exec.Command(bin, "-p", filepath.Join(c.dir, "pg_wal"), "-s", start.String(), "-r", rmgr)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, _ := cmd.Output()
		if s := stderr.String(); s != "" && !strings.Contains(s, "invalid record length") && !strings.Contains(s, "record with incorrect prev-link") {
			t.Fatalf("pg_waldump: %s", s)
		}
		line := regexp.MustCompile(`^rmgr: ` + rmgr + ` .*, lsn: ([0-9A-F]+)/([0-9A-F]+), prev .*, desc: (.*)$`)
		for _, l := range strings.Split(string(out), "\n") {
			if m := line.FindStringSubmatch(l); m != nil {
				dumped[m[1]+"/"+m[2]] = m[3]
			}
		}
	}
	n := 0
	for _, rec := range readRecords(t, c.dir, start) {
		var want string
		switch {
		case rec.Rmid() == xlog.RmgrBtree:
			want = Identify(rec.Info()) + " " + Describe(rec.Info(), rec.MainData)
		case rec.Rmid() == xlog.RmgrXLOG && rec.Info() == xlog.InfoFPI:
			want = "FPI"
		default:
			continue
		}
		n++
		desc, ok := dumped[fmt.Sprintf("%X/%08X", uint32(rec.LSN>>32), uint32(rec.LSN))]
		if !ok {
			t.Fatalf("pg_waldump did not show the record at %v", rec.LSN)
		}
		if !strings.HasPrefix(desc, want) {
			t.Fatalf("at %v pg_waldump says %q, we say %q", rec.LSN, desc, want)
		}
		for id := range rec.Blocks {
			blk := &rec.Blocks[id]
			if !blk.InUse {
				continue
			}
			ref := fmt.Sprintf("blkref #%d: rel %d/%d/%d blk %d", id, blk.Rel.Spc, blk.Rel.DB, blk.Rel.Rel, blk.Block)
			if !strings.Contains(desc, ref) {
				t.Fatalf("at %v pg_waldump says %q, want %q", rec.LSN, desc, ref)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d records", n)
	}
	t.Logf("%d records checked", n)
}
